#include <gtest/gtest.h>

#include <algorithm>

#include "formats/lists/importers.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

TEST(SenzingJson, UsCongressCounts) {
  TAMIS_REQUIRE_SHARED_DATA();
  std::string text = testing::ReadFileOrDie(testing::SharedPath("lists/opensanctions/us_congress_senzing.json"));
  auto r = ParseSenzingJson({"us_congress_senzing.json", text}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "senzing");
  EXPECT_EQ(r->source, "os");
  // 1,319 records: 1,317 PERSON + 2 positions without RECORD_TYPE (skipped, named as titles).
  ASSERT_EQ(r->entities.size(), 1317u);
  EXPECT_EQ(r->skipped_records, 2);
  EXPECT_EQ(r->warnings.size(), 2u);
  size_t aliases = 0, dobs = 0, reps = 0, senators = 0;
  for (const auto& e : r->entities) {
    EXPECT_EQ(e.kind, EntityKind::kPerson);
    ASSERT_FALSE(e.names.empty());
    EXPECT_EQ(e.names[0].type, NameType::kPrimary);
    aliases += e.names.size() - 1;
    dobs += e.dates_of_birth.size();
    reps += std::count(e.titles.begin(), e.titles.end(), "United States representative");
    senators += std::count(e.titles.begin(), e.titles.end(), "United States senator");
    EXPECT_TRUE(e.related_ids.empty());  // every pointer names a position record
  }
  // 1352 names of 1319 records, and three with a nickname in parentheses ("Randy (Duke)
  // Cunningham", "Robert E. (Bud) Cramer Jr.", "C. L. (Butch) Otter") give a name without it too.
  EXPECT_EQ(aliases, 1352u - 1319u + 3u);
  EXPECT_EQ(dobs, 1316u);
  EXPECT_GT(reps, 0u);
  EXPECT_GT(senators, 0u);
  EXPECT_EQ(reps + senators, 1366u);  // all REL_POINTER_KEYs resolved to a position title
  const Entity* m = nullptr;
  for (const auto& e : r->entities)
    if (e.id == "os:NK-AQ4HymsADSK2D63MkyTqfC") m = &e;
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->names[0].full, "Jennifer L. McClellan");
  EXPECT_EQ(m->dates_of_birth[0].from, (PartialDate{1972, 0, 0}));
  EXPECT_EQ(m->nationalities, std::vector<std::string>{"US"});
  EXPECT_EQ(m->titles, std::vector<std::string>{"United States representative"});
  EXPECT_EQ(m->last_updated, "2024-03-21");
  EXPECT_NE(m->remarks.find("Topics: role.pep"), std::string::npos);
}

TEST(SenzingJson, NamesIdentifiersRelations) {
  std::string text =
      R"({"DATA_SOURCE":"OFAC","RECORD_ID":"1","RECORD_TYPE":"PERSON","NAMES":[{"NAME_TYPE":"ALIAS","NAME_FULL":"Abu X"},{"NAME_TYPE":"PRIMARY","NAME_FIRST":"John","NAME_LAST":"Doe"}],"IDENTIFIERS":[{"PASSPORT_NUMBER":"P1","PASSPORT_COUNTRY":"gb"},{"TRUSTED_ID_TYPE":"WIKIDATA","TRUSTED_ID_NUMBER":"Q1"}],"COUNTRIES":[{"CITIZENSHIP":"fr"}],"RELATIONSHIPS":[{"REL_POINTER_KEY":"2"},{"REL_POINTER_KEY":"zz"}]})"
      "\n"
      R"({"DATA_SOURCE":"OFAC","RECORD_ID":"2","NAMES":[{"NAME_ORG":"Acme"}]})"
      "\n";
  auto r = ParseSenzingJson({"s.json", text}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entities.size(), 2u);
  const Entity& e = r->entities[0];
  EXPECT_EQ(e.id, "ofac:1");
  EXPECT_EQ(e.names[0].full, "John Doe");
  EXPECT_EQ(e.names[0].parts.size(), 2u);
  EXPECT_EQ(e.names[1].type, NameType::kAka);
  EXPECT_EQ(e.documents[0], (IdentityDocument{"passport", "P1", "GB", "", "", ""}));
  EXPECT_EQ(e.external_refs, std::vector<std::string>{"wikidata:Q1"});
  EXPECT_EQ(e.citizenships, std::vector<std::string>{"FR"});
  EXPECT_EQ(e.related_ids, std::vector<std::string>{"ofac:2"});
  EXPECT_EQ(r->entities[1].kind, EntityKind::kOrganisation);  // no RECORD_TYPE but NAME_ORG
  ASSERT_EQ(r->warnings.size(), 1u);                          // the dangling pointer "zz"
  EXPECT_EQ(r->warnings[0].location, "s.json line 1");
}

TEST(SenzingJson, Errors) {
  auto r = ParseSenzingJson({"s.json", "{\"DATA_SOURCE\":\"X\"}\n"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("s.json line 1: field RECORD_ID"), std::string::npos);
  r = ParseSenzingJson({"s.json", "\n\n{\"RECORD_ID\":\"1\",\"NAMES\":[{\"NAME_FULL\":\"A B\",\"NAME_FIRST\":\"A\"}]}\n"
                                  "{\"RECORD_ID\":\"1\",\"NAMES\":[{\"NAME_FIRST\":\"C\"}]}\n"},
                       {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("s.json line 4: field RECORD_ID: duplicate"), std::string::npos)
      << r.status().message();
  r = ParseSenzingJson({"s.json", "{\"RECORD_ID\":"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
}

}  // namespace
}  // namespace tamis
