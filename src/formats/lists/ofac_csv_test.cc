#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "formats/lists/importers.h"
#include "formats/lists/ofac_remarks.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using testing::ReadFileOrDie;
using testing::SharedPath;

const Entity* Find(const ParsedList& l, std::string_view id) {
  for (const auto& e : l.entities)
    if (e.id == id) return &e;
  return nullptr;
}

OfacFiles SharedOfac() {
  OfacFiles f;
  f.sdn = {"sdn.csv", ReadFileOrDie(SharedPath("lists/ofac/2024-05/sdn.csv"))};
  f.alt = {"alt.csv", ReadFileOrDie(SharedPath("lists/ofac/2025-01/alt.csv"))};
  f.add = {"add.csv", ReadFileOrDie(SharedPath("lists/ofac/2025-01/add.csv"))};
  f.comments = {"sdn_comments.csv", ReadFileOrDie(SharedPath("lists/ofac/2025-01/sdn_comments.csv"))};
  return f;
}

int CountPrefix(const ParsedList& l, std::string_view prefix) {
  return static_cast<int>(std::count_if(l.warnings.begin(), l.warnings.end(), [&](const ImportWarning& w) {
    return w.location.rfind(prefix, 0) == 0;
  }));
}

TEST(OfacCsv, SharedFilesCountsAndOrphans) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto r = ParseOfacCsv(SharedOfac(), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->source, "ofac");
  EXPECT_EQ(r->format, "ofac_csv");
  ASSERT_EQ(r->entities.size(), 14965u);
  std::map<EntityKind, int> kinds;
  for (const auto& e : r->entities) kinds[e.kind]++;
  EXPECT_EQ(kinds[EntityKind::kOrganisation], 6884);
  EXPECT_EQ(kinds[EntityKind::kPerson], 6854);
  EXPECT_EQ(kinds[EntityKind::kVessel], 851);
  EXPECT_EQ(kinds[EntityKind::kAircraft], 376);
  EXPECT_EQ(CountPrefix(*r, "add.csv line "), 2474);
  EXPECT_EQ(CountPrefix(*r, "alt.csv line "), 1468);
  EXPECT_EQ(CountPrefix(*r, "sdn_comments.csv line "), 2);
  EXPECT_EQ(r->skipped_records, 2474 + 1468 + 2);
  for (const auto& e : r->entities) {
    ASSERT_FALSE(e.names.empty());
    EXPECT_EQ(e.names[0].type, NameType::kPrimary);
    EXPECT_EQ(e.id, "ofac:" + e.native_id);
  }
}

// Names OFAC packs into one field (values read from sdn.csv and alt.csv by hand).
TEST(OfacCsv, PackedNamesAreSplit) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto r = ParseOfacCsv(SharedOfac(), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto names = [&](std::string_view id) {
    std::vector<std::string> v;
    if (const Entity* e = Find(*r, id))
      for (const Name& n : e->names) v.push_back(n.full);
    return v;
  };
  auto has = [&](std::string_view id, std::string_view full) {
    const auto v = names(id);
    return std::find(v.begin(), v.end(), full) != v.end();
  };
  // sdn 7234 "NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE PHILIPPINES".
  EXPECT_EQ(Find(*r, "ofac:7234")->names[0].full, "NEW PEOPLE'S ARMY");
  EXPECT_TRUE(has("ofac:7234", "COMMUNIST PARTY OF THE PHILIPPINES"));
  // sdn 11318 "NAFTIRAN INTERTRADE CO. (NICO) LIMITED": the acronym with the legal form after it.
  EXPECT_EQ(Find(*r, "ofac:11318")->names[0].full, "NAFTIRAN INTERTRADE CO. LIMITED");
  EXPECT_TRUE(has("ofac:11318", "NICO LIMITED"));
  // sdn 10929 "SANTOS, Ahmad (Ahmed)": a spelling variant, with its own name parts.
  const Entity* santos = Find(*r, "ofac:10929");
  ASSERT_NE(santos, nullptr);
  EXPECT_EQ(santos->names[0].full, "SANTOS, Ahmad");
  ASSERT_TRUE(has("ofac:10929", "SANTOS, Ahmed"));
  for (const Name& n : santos->names)
    if (n.full == "SANTOS, Ahmed") {
      EXPECT_EQ(n.type, NameType::kAka);
      ASSERT_EQ(n.parts.size(), 2u);
      EXPECT_EQ(n.parts[1].value, "Ahmed");
    }
  // alt.csv: ent 4715 "PARTIDO COMUNISTA DEL PERU (COMMUNIST PARTY OF PERU)" (a translation),
  // ent 7140 "FALAH-I-INSANIAT FOUNDATION (FIF)".
  EXPECT_TRUE(has("ofac:4715", "PARTIDO COMUNISTA DEL PERU"));
  EXPECT_TRUE(has("ofac:4715", "COMMUNIST PARTY OF PERU"));
  EXPECT_TRUE(has("ofac:7140", "FALAH-I-INSANIAT FOUNDATION"));
  EXPECT_TRUE(has("ofac:7140", "FIF"));
}

TEST(OfacCsv, SpotCheckAqapIndividual) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto r = ParseOfacCsv(SharedOfac(), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Entity* e = Find(*r, "ofac:20841");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, EntityKind::kPerson);
  EXPECT_EQ(e->names[0].full, "AL-OMGY, Muhammad Salih Abd-Rabbuh");
  ASSERT_EQ(e->names[0].parts.size(), 2u);
  EXPECT_EQ(e->names[0].parts[0], (NamePart{NamePartRole::kFamily, "AL-OMGY"}));
  EXPECT_EQ(e->names[0].parts[1], (NamePart{NamePartRole::kGiven, "Muhammad Salih Abd-Rabbuh"}));
  EXPECT_EQ(e->names.size(), 13u);  // primary + 12 alt.csv akas
  EXPECT_EQ(e->programs, std::vector<std::string>{"SDGT"});
  ASSERT_EQ(e->dates_of_birth.size(), 2u);
  EXPECT_EQ(e->dates_of_birth[0].from, (PartialDate{1962, 2, 11}));
  EXPECT_EQ(e->dates_of_birth[1].from, (PartialDate{1962, 2, 12}));
  ASSERT_EQ(e->places_of_birth.size(), 1u);
  EXPECT_EQ(e->places_of_birth[0].text, "Shakhawi, Hadramawt Governorate, Yemen");
  EXPECT_EQ(e->places_of_birth[0].city, "Shakhawi");
  EXPECT_EQ(e->places_of_birth[0].country_code, "YE");
  EXPECT_EQ(e->nationalities, std::vector<std::string>{"YE"});
  ASSERT_EQ(e->documents.size(), 3u);
  EXPECT_EQ(e->documents[0], (IdentityDocument{"passport", "02729375", "YE", "2009-12-29", "2013-12-08", ""}));
  EXPECT_EQ(e->documents[1], (IdentityDocument{"passport", "00692808", "YE", "2001-03-03", "2007-03-03", ""}));
  EXPECT_EQ(e->documents[2], (IdentityDocument{"national_id", "08010019189", "YE", "", "", ""}));
  EXPECT_EQ(e->related_ids, (std::vector<std::string>{"ofac:11695", "ofac:20820"}));
  EXPECT_EQ(e->addresses.size(), 7u);
  EXPECT_EQ(e->addresses[0].full, "Jamal Street, under Royal Hotel, Taiz, Yemen");
  EXPECT_EQ(e->addresses[0].country_code, "YE");
  EXPECT_EQ(e->remarks, "");  // every clause was understood
}

TEST(OfacCsv, RemarksClauses) {
  Entity e;
  e.kind = EntityKind::kPerson;
  lists_detail::OfacRemarkExtras x;
  lists_detail::ApplyOfacRemarks(
      "DOB 1971; alt. DOB circa 1979; alt. DOB 1968 to 1970; DOB 15 Mar 1971; Gender Female; "
      "citizen Pakistan; Passport A1234567 (Pakistan); SWIFT/BIC ABCDPKKA; Website www.x.org; "
      "Email Address a@b.c; Additional Sanctions Information - Subject to Secondary Sanctions; "
      "a.k.a. 'ABU X'; f.k.a. 'OLD NAME'; Linked To: SOME GROUP.",
      &e, &x);
  ASSERT_EQ(e.dates_of_birth.size(), 4u);
  EXPECT_EQ(e.dates_of_birth[0].from, (PartialDate{1971, 0, 0}));
  EXPECT_EQ(e.dates_of_birth[1].kind, DateOfBirth::Kind::kCirca);
  EXPECT_EQ(e.dates_of_birth[2].kind, DateOfBirth::Kind::kRange);
  EXPECT_EQ(e.dates_of_birth[2].to.year, 1970);
  EXPECT_EQ(e.dates_of_birth[3].from, (PartialDate{1971, 3, 15}));
  EXPECT_EQ(e.gender, Gender::kFemale);
  EXPECT_EQ(e.citizenships, std::vector<std::string>{"PK"});
  ASSERT_EQ(e.documents.size(), 4u);
  EXPECT_EQ(e.documents[0].type, "passport");
  EXPECT_EQ(e.documents[0].number, "A1234567");
  EXPECT_EQ(e.documents[0].country_code, "PK");
  EXPECT_EQ(e.documents[1].type, "swift_bic");
  EXPECT_EQ(e.documents[1].number, "ABCDPKKA");
  EXPECT_EQ(e.documents[2].note, "Website");
  EXPECT_EQ(e.documents[3].note, "Email Address");
  ASSERT_EQ(e.names.size(), 2u);
  EXPECT_EQ(e.names[0].full, "ABU X");
  EXPECT_EQ(e.names[0].quality, NameQuality::kWeak);
  EXPECT_EQ(e.names[1].type, NameType::kFka);
  EXPECT_EQ(x.linked_names, std::vector<std::string>{"SOME GROUP"});
  EXPECT_EQ(e.remarks, "Additional Sanctions Information - Subject to Secondary Sanctions");
}

TEST(OfacCsv, VesselImoAndProgramsAndComments) {
  OfacFiles f;
  f.sdn = {"sdn.csv",
           "4243,\"EBANO\",\"vessel\",\"CUBA] [SDGT\",-0- ,-0- ,\"General Cargo\",\"2595\",\"1865\",\"Panama\",-0- ,"
           "\"Vessel Registration Identification IMO 7406784; MMSI 123456789; Linked To: ACME\"\r\n"
           "5,\"ACME\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a"};
  f.comments = {"sdn_comments.csv", "4243,\" SHIPPING.\"\r\n"};
  auto r = ParseOfacCsv(f, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entities.size(), 2u);
  const Entity& v = r->entities[0];
  EXPECT_EQ(v.kind, EntityKind::kVessel);
  EXPECT_EQ(v.programs, (std::vector<std::string>{"CUBA", "SDGT"}));
  ASSERT_GE(v.documents.size(), 2u);
  EXPECT_EQ(v.documents[0].type, "imo");
  EXPECT_EQ(v.documents[0].number, "7406784");
  EXPECT_EQ(v.documents[1].type, "mmsi");
  // The comment continued "Linked To: ACME" into "ACME SHIPPING", which is not an SDN name.
  EXPECT_TRUE(v.related_ids.empty());
  EXPECT_NE(v.remarks.find("Linked To: ACME SHIPPING"), std::string::npos);
  EXPECT_EQ(r->entities[1].kind, EntityKind::kOrganisation);
}

TEST(OfacCsv, ErrorsNameFileLineField) {
  OfacFiles f;
  f.sdn = {"sdn.csv", "1,\"A\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n1,\"B\"\r\n"};
  auto r = ParseOfacCsv(f, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_NE(r.status().message().find("sdn.csv line 2"), std::string::npos) << r.status().message();

  f.sdn.content = "x1,\"A\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
  r = ParseOfacCsv(f, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("sdn.csv line 1: field ent_num"), std::string::npos);

  f.sdn.content =
      "7,\"A\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
      "7,\"B\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
  r = ParseOfacCsv(f, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("sdn.csv line 2: field ent_num: duplicate"), std::string::npos);

  f.sdn.content = "7,\"A,-0- \r\n";
  r = ParseOfacCsv(f, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unterminated"), std::string::npos);
}

TEST(OfacCsv, OrphanAltRowIsWarningNotError) {
  OfacFiles f;
  f.sdn = {"sdn.csv", "7,\"DOE, John\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"};
  f.alt = {"alt.csv", "7,1,\"aka\",\"DOE, Johnny\",\"strong\"\r\n99,2,\"aka\",\"X\",-0- \r\n"};
  auto r = ParseOfacCsv(f, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->skipped_records, 1);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].location, "alt.csv line 2");
  ASSERT_EQ(r->entities[0].names.size(), 2u);
  EXPECT_EQ(r->entities[0].names[1].quality, NameQuality::kStrong);
  EXPECT_EQ(r->entities[0].names[1].parts[1].value, "Johnny");
}

TEST(OfacCsv, RefusesOversizedFile) {
  OfacFiles f;
  f.sdn = {"sdn.csv", std::string(100, 'x')};
  ImportOptions o;
  o.max_file_bytes = 10;
  auto r = ParseOfacCsv(f, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace tamis
