// Test helpers of the traveller screening tests: a small hand-made list and PAXLST manifests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "service/alert_service.h"
#include "testing/shared_data.h"

namespace tamis::travel_testing {

inline const std::string kNow = "2026-12-07T10:00:00Z";

inline DateOfBirth Dob(DateOfBirth::Kind k, PartialDate from, PartialDate to = {}) {
  DateOfBirth d;
  d.kind = k;
  d.from = from;
  d.to = to;
  return d;
}

inline Entity Person(const std::string& id, const std::string& name, Gender g, std::vector<DateOfBirth> dobs,
              std::vector<std::string> nat, std::vector<IdentityDocument> docs = {}) {
  Entity e;
  e.source = "un";
  e.native_id = id;
  e.id = "un:" + id;
  e.kind = EntityKind::kPerson;
  e.names.push_back(Name{name});
  e.gender = g;
  e.dates_of_birth = std::move(dobs);
  e.nationalities = std::move(nat);
  e.documents = std::move(docs);
  return e;
}

inline IdentityDocument Passport(const std::string& number, const std::string& country) {
  IdentityDocument d;
  d.type = "passport";
  d.number = number;
  d.country_code = country;
  return d;
}

inline std::unique_ptr<AlertService> OpenWithList(const testing::TempDir& dir, Clock clock = [] { return kNow; }) {
  using K = DateOfBirth::Kind;
  ParsedList l;
  l.source = "un";
  l.format = "un_xml";
  l.entities.push_back(Person("QDi.900", "Abu Mohammed AL-ADNANI", Gender::kMale, {Dob(K::kExact, {1977})}, {"SY"},
                              {Passport("PO123456", "SY")}));
  l.entities.push_back(Person("QDi.901", "Fatima Zahra BOUCHRA", Gender::kFemale, {Dob(K::kRange, {1980}, {1982})}, {"MA"}));
  l.entities.push_back(Person("QDi.902", "Omar Hassan KHALIL", Gender::kMale, {Dob(K::kCirca, {1965})}, {},
                              {Passport("X9876543", "")}));
  Config cfg;
  cfg.data_dir = dir.path() / "data";
  StoreOptions so;
  so.data_dir = cfg.data_dir;
  auto store = std::move(Store::Open(so)).value();
  ImportMeta m;
  m.imported_at = kNow;
  m.files.push_back({"un.xml", "h1", 1});
  EXPECT_TRUE(store->Import(l, m).ok());
  store.reset();
  return std::move(AlertService::Open(cfg, {}, std::move(clock))).value();
}

// A PAXLST interchange: one leg XY123 IST -> FRA, one NAD group per traveller.
inline std::string Manifest(const std::vector<std::string>& travellers) {
  std::string body = "BGM+745'TDT+20+XY123+++XY'LOC+125+IST'DTM+189:2612071000:201'LOC+87+FRA'DTM+232:2612071300:201'";
  int segs = 8;  // UNH, BGM, TDT, LOC, DTM, LOC, DTM, (CNT below)
  for (const auto& t : travellers) {
    body += t;
    segs += static_cast<int>(std::count(t.begin(), t.end(), '\''));
  }
  body += "CNT+42:" + std::to_string(travellers.size()) + "'";
  return "UNA:+.? 'UNB+UNOA:4+TEST+PIU+261207:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'" + body + "UNT+" +
         std::to_string(segs + 1) + "+1'UNZ+1+1'";
}

inline std::string Nad(const std::string& qual, const std::string& name, char sex, const std::string& dob, const std::string& nat,
                const std::string& doc = "", const std::string& issuer = "") {
  std::string s = "NAD+" + qual + "+++" + name + "'ATT+2++" + std::string(1, sex) + "'DTM+329:" + dob + "'NAT+2+" + nat + "'";
  if (!doc.empty()) s += "DOC+P:110:111+" + doc + "'DTM+36:301231'LOC+91+" + issuer + "'";
  return s;
}

}  // namespace tamis::travel_testing
