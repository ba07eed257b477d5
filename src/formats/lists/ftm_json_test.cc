#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "formats/lists/importers.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using testing::ReadFileOrDie;
using testing::SharedPath;

Result<ParsedList> ParseShared(const std::string& dir) {
  return ParseFtmJson({"entities.ftm.json", ReadFileOrDie(SharedPath("lists/opensanctions/" + dir + "/entities.ftm.json"))}, {});
}

std::map<EntityKind, int> Kinds(const ParsedList& l) {
  std::map<EntityKind, int> k;
  for (const auto& e : l.entities) k[e.kind]++;
  return k;
}

const Entity* Find(const ParsedList& l, std::string_view id) {
  for (const auto& e : l.entities)
    if (e.id == id) return &e;
  return nullptr;
}

bool Has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(FtmJson, T1Counts) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto r = ParseShared("t1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "ftm");
  EXPECT_EQ(r->entities.size(), 6u);
  EXPECT_EQ(Kinds(*r)[EntityKind::kPerson], 4);
  EXPECT_EQ(Kinds(*r)[EntityKind::kOrganisation], 2);
  EXPECT_EQ(r->skipped_records, 0);
  const Entity* org = Find(*r, "os:NK-2GdmHtZTeNXjNVrBGEXZNj");
  ASSERT_NE(org, nullptr);
  EXPECT_EQ(org->names[0].full, "RAB „Inter Tobacco“");  // the caption is the primary name
  EXPECT_EQ(org->names.size(), 12u);
  EXPECT_EQ(org->nationalities, std::vector<std::string>{"BY"});
  ASSERT_EQ(org->documents.size(), 1u);
  EXPECT_EQ(org->documents[0].type, "registration");
  EXPECT_EQ(org->documents[0].number, "808000714");
  // Its addressEntity names no Address of the file (nor a referent of one): a warning.
  EXPECT_TRUE(org->addresses.empty());
  int dangling = 0;
  for (const auto& w : r->warnings) dangling += w.message.find("addressEntity") != std::string::npos;
  EXPECT_EQ(dangling, 2);
  EXPECT_NE(org->remarks.find("Topics: sanction"), std::string::npos);
}

TEST(FtmJson, ZalaCountsAndDetail) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto r = ParseShared("zala");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entities.size(), 17u);
  EXPECT_EQ(Kinds(*r)[EntityKind::kOrganisation], 11);
  EXPECT_EQ(Kinds(*r)[EntityKind::kPerson], 6);
  EXPECT_EQ(r->skipped_records, 0);  // Sanction/Ownership/Family/Directorship/Passport/Address all folded
  const Entity* p = Find(*r, "os:NK-aU5ybkbRFJucf8YMwsJvDw");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->kind, EntityKind::kPerson);
  EXPECT_EQ(p->names[0].full, "Alexander Vyacheslavovich ZAKHAROV");
  EXPECT_EQ(p->names[0].type, NameType::kPrimary);
  EXPECT_EQ(p->names.size(), 17u);  // 11 names + 7 aliases, one alias repeating a name
  EXPECT_EQ(p->nationalities, std::vector<std::string>{"RU"});
  EXPECT_EQ(p->places_of_birth.size(), 7u);
  EXPECT_TRUE(Has(p->titles, "Owner of LLC CST"));
  EXPECT_EQ(p->listed_on, "2023-07-01");  // earliest Sanction listing/start date
  for (const char* prog : {"EU-UKR", "SECO-UKRAINE", "GB-RUS", "NZ-RSA2022", "US-RUSHAR", "UA-SA1644", "Reciprocal"})
    EXPECT_TRUE(Has(p->programs, prog)) << prog;
  EXPECT_EQ(p->programs.size(), 7u);
  EXPECT_EQ(p->related_ids.size(), 13u);  // 4 Family + 2 Directorship + 7 distinct owned assets
  EXPECT_TRUE(Has(p->related_ids, "os:NK-abdzbEBkqyT29GyREbiURZ"));
  EXPECT_TRUE(Has(p->related_ids, "os:NK-2Tbri3s6GgNtAwsSXh4qpL"));
  // The relation is recorded on both sides.
  const Entity* wife = Find(*r, "os:NK-2Tbri3s6GgNtAwsSXh4qpL");
  ASSERT_NE(wife, nullptr);
  EXPECT_TRUE(Has(wife->related_ids, "os:NK-aU5ybkbRFJucf8YMwsJvDw"));
  ASSERT_FALSE(wife->dates_of_birth.empty());
  EXPECT_EQ(wife->dates_of_birth[0].from, (PartialDate{1988, 1, 7}));
  bool inn = false;
  for (const auto& d : wife->documents) inn |= d.type == "tax_id" && d.number == "183116181362" && d.note == "INN";
  EXPECT_TRUE(inn);
}

TEST(FtmJson, ParteispendenSkipsPayments) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto r = ParseShared("parteispenden");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entities.size(), 96u);
  EXPECT_EQ(Kinds(*r)[EntityKind::kPerson], 22);
  EXPECT_EQ(Kinds(*r)[EntityKind::kOrganisation], 18 + 56);
  EXPECT_EQ(r->skipped_records, 290);  // Payment records
  const Entity* daimler = Find(*r, "os:66ce9f62af8c7d329506da41cb7c36ba058b3d28");
  ASSERT_NE(daimler, nullptr);
  EXPECT_EQ(daimler->names[0].full, "Daimler AG");
  EXPECT_EQ(daimler->nationalities, std::vector<std::string>{"DE"});
  EXPECT_EQ(daimler->addresses.size(), 2u);  // two addressEntity references resolved
  size_t addresses = 0;
  for (const auto& e : r->entities) addresses += e.addresses.size();
  EXPECT_EQ(addresses, 103u);
}

TEST(FtmJson, FoldsPassportAndRelationsInline) {
  std::string text =
      R"({"id":"p1","schema":"Person","properties":{"name":["John Doe"],"firstName":["John"],"lastName":["Doe"],"birthDate":["1970-02-03"],"gender":["male"],"citizenship":["gb"],"weakAlias":["JD"]}})"
      "\n"
      R"({"id":"pp","schema":"Passport","properties":{"holder":["p1"],"number":["X123"],"country":["gb"]}})"
      "\r\n\n"
      R"({"id":"o1","schema":"Company","properties":{"name":["ACME"],"swiftBic":["ACMEGB2L"]}})"
      "\n"
      R"({"id":"own","schema":"Ownership","properties":{"owner":["p1"],"asset":["o1"]}})"
      "\n"
      R"({"id":"s1","schema":"Sanction","properties":{"entity":["missing"]}})";
  auto r = ParseFtmJson({"x.json", text}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entities.size(), 2u);
  const Entity& p = r->entities[0];
  EXPECT_EQ(p.id, "os:p1");
  EXPECT_EQ(p.gender, Gender::kMale);
  EXPECT_EQ(p.citizenships, std::vector<std::string>{"GB"});
  ASSERT_EQ(p.names.size(), 2u);
  EXPECT_EQ(p.names[1].quality, NameQuality::kWeak);
  EXPECT_EQ(p.names[0].parts.size(), 2u);
  ASSERT_EQ(p.documents.size(), 1u);
  EXPECT_EQ(p.documents[0], (IdentityDocument{"passport", "X123", "GB", "", "", ""}));
  EXPECT_EQ(p.related_ids, std::vector<std::string>{"os:o1"});
  EXPECT_EQ(r->entities[1].documents[0].type, "swift_bic");
  EXPECT_EQ(r->skipped_records, 1);  // the Sanction naming no entity of the file
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].location, "x.json line 6");
}

TEST(FtmJson, ErrorsNameLineAndField) {
  auto r = ParseFtmJson({"x.json", "{\"id\":\"a\",\"schema\":\"Person\"}\n{bad json\n"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_NE(r.status().message().find("x.json line 2: invalid JSON"), std::string::npos) << r.status().message();
  r = ParseFtmJson({"x.json", "{\"schema\":\"Person\"}\n"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("x.json line 1: field id"), std::string::npos);
  r = ParseFtmJson({"x.json", "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":\"x\"}}\n"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("field properties.name"), std::string::npos);
  r = ParseFtmJson({"x.json", "[1,2]\n"}, {});
  ASSERT_FALSE(r.ok());
}

}  // namespace
}  // namespace tamis
