// Test fixture of the server tests: a temporary store holding a small UN list, the alert
// service over it, an Api, and one API key per role (two supervisors, for four eyes).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "server/api.h"
#include "service/alert_service.h"
#include "store/store.h"
#include "testing/shared_data.h"

namespace tamis::server::testing_util {

inline const std::string kNow = "2026-12-07T10:00:00Z";

inline ParsedList SmallUnList(bool with_new_alias = false) {
  ParsedList l;
  l.source = "un";
  l.format = "un_xml";
  auto add = [&](std::string id, EntityKind kind, std::vector<std::string> names, int dob_year) {
    Entity e;
    e.source = "un";
    e.native_id = id;
    e.id = "un:" + id;
    e.kind = kind;
    for (auto& n : names) {
      Name nm;
      nm.full = n;
      e.names.push_back(nm);
    }
    if (dob_year) {
      DateOfBirth d;
      d.from.year = dob_year;
      e.dates_of_birth.push_back(d);
    }
    e.programs.push_back("ISIL (Da'esh) and Al-Qaida");
    l.entities.push_back(e);
  };
  std::vector<std::string> baghdadi = {"Ibrahim Awad Ibrahim al-Badri"};
  if (with_new_alias) baghdadi.push_back("Abu Du'a");
  add("QDi.299", EntityKind::kPerson, baghdadi, 1971);
  add("QDi.006", EntityKind::kPerson, {"Aiman al-Zawahiri"}, 1951);
  add("QDe.115", EntityKind::kOrganisation, {"Islamic State in Iraq and the Levant", "Daesh"}, 0);
  return l;
}

inline void ImportList(const std::filesystem::path& data, const ParsedList& l, const std::string& file_hash) {
  StoreOptions so;
  so.data_dir = data;
  auto store = std::move(Store::Open(so)).value();
  ImportMeta m;
  m.imported_at = kNow;
  m.files.push_back({"un.xml", file_hash, 1});
  ASSERT_TRUE(store->Import(l, m).ok());
}

// A small PDQ hash list "gifct" (two hashes).
inline const std::string kListedPdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

inline void ImportHashes(const std::filesystem::path& data) {
  StoreOptions so;
  so.data_dir = data;
  auto store = std::move(Store::Open(so)).value();
  HashListData l;
  l.source = "gifct";
  l.format = "hash_plain";
  StoredHash a;
  a.type = "pdq";
  a.hex = kListedPdq;
  a.label = "sample";
  a.line = 1;
  StoredHash b = a;
  b.hex = std::string(64, '0');
  b.line = 2;
  l.hashes = {a, b};
  ImportMeta m;
  m.imported_at = kNow;
  m.files.push_back({"gifct.txt", "hh", 1});
  ASSERT_TRUE(store->ImportHashList(l, m).ok());
}

struct TestService {
  tamis::testing::TempDir dir;
  Config cfg;
  std::unique_ptr<AlertService> svc;
  std::unique_ptr<Api> api;
  std::map<std::string, std::string> key;  // "client", "analyst", "supervisor", "supervisor2", "admin" -> token

  explicit TestService(bool with_list = true, ApiOptions opts = {}) {
    cfg = DefaultConfig();
    cfg.data_dir = dir.path() / "data";
    if (with_list) {
      ImportList(cfg.data_dir, SmallUnList(), "h1");
      ImportHashes(cfg.data_dir);
    }
    else std::filesystem::create_directories(cfg.data_dir);
    auto s = AlertService::Open(cfg, {}, [] { return kNow; });
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    svc = std::move(s).value();
    api = std::make_unique<Api>(*svc, opts);
    for (auto [n, r] : std::vector<std::pair<std::string, Role>>{{"client", Role::kClient},
                                                                 {"analyst", Role::kAnalyst},
                                                                 {"supervisor", Role::kSupervisor},
                                                                 {"supervisor2", Role::kSupervisor},
                                                                 {"admin", Role::kAdmin}})
      key[n] = svc->review().CreateKey(n, r, "test", kNow).value();
  }

  HttpResponse Call(const std::string& method, const std::string& target, const std::string& role,
                    const std::string& body = "", const std::string& content_type = "application/json") {
    HttpRequest r;
    r.method = method;
    const size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = ParseQueryString(target.substr(q + 1));
    if (!role.empty()) r.headers.emplace_back("authorization", "Bearer " + key.at(role));
    if (!body.empty()) r.headers.emplace_back("content-type", content_type);
    r.headers.emplace_back("host", "127.0.0.1:8080");
    r.body = body;
    return api->Handle(r);
  }
};

}  // namespace tamis::server::testing_util
