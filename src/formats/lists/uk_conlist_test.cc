#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "formats/lists/importers.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

const ParsedList& Sample() {
  static const ParsedList* list = [] {
    ListFile f{"ConList-sample.csv",
               testing::ReadFileOrDie(testing::SharedPath("lists/uk/ConList-sample.csv"))};
    auto r = ParseUkConList(f, {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new ParsedList(r.ok() ? std::move(r).value() : ParsedList{});
  }();
  return *list;
}

const Entity* Find(std::string_view id) {
  for (const auto& e : Sample().entities)
    if (e.id == id) return &e;
  return nullptr;
}

const char kHeader[] =
    ",Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,"
    "Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,"
    "Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,"
    "Listed On,Last Updated,Group ID\r\n";

std::string Row(const std::string& family, const std::string& given, const std::string& alias,
                const std::string& gid, const std::string& other = "") {
  return family + "," + given + ",,,,,,,,,,,,,,,,,,,,," + other + ",Individual," + alias +
         ",Syria,09/05/2011,10/05/2011," + gid + "\r\n";
}

TEST(UkConListTest, SampleCounts) {
  TAMIS_REQUIRE_SHARED_DATA();
  const ParsedList& l = Sample();
  EXPECT_EQ(l.source, "uk");
  EXPECT_EQ(l.format, "uk_conlist");
  ASSERT_EQ(l.entities.size(), 41u);
  int persons = 0, orgs = 0, names = 0, rows = 0, with_un = 0;
  for (const auto& e : l.entities) {
    persons += e.kind == EntityKind::kPerson;
    orgs += e.kind == EntityKind::kOrganisation;
    names += static_cast<int>(e.names.size());
    ASSERT_FALSE(e.names.empty()) << e.id;
    EXPECT_EQ(e.names[0].type, NameType::kPrimary) << e.id;
    for (size_t i = 1; i < e.names.size(); ++i) EXPECT_NE(e.names[i].type, NameType::kPrimary);
    rows += 1 + static_cast<int>(std::count(e.source_record.begin(), e.source_record.end(), '\n'));
    with_un += !e.external_refs.empty();
  }
  EXPECT_EQ(persons, 32);  // Group Type "Individual"
  EXPECT_EQ(orgs, 9);      // Group Type "Entity"
  EXPECT_EQ(rows, 77);     // one name row each, all kept verbatim in source_record
  EXPECT_EQ(names, 50);    // 77 name rows -> 50 distinct names (OFSI repeats a name per DOB/address)
  EXPECT_EQ(with_un, 21);  // groups with a UN reference in Other Information
}

TEST(UkConListTest, Cp1252IsConverted) {
  TAMIS_REQUIRE_SHARED_DATA();
  const Entity* e = Find("uk:13222");  // 14TH MOTORIZED RIFLE BATTALION
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, EntityKind::kOrganisation);
  EXPECT_THAT(e->remarks, HasSubstr("so-called \u20192nd Army Corps\u2019 of the \u2018Lugansk People\u00b4s Republic\u2019"));
  EXPECT_THAT(e->programs, Contains("Ukraine (Sovereignty)"));
}

TEST(UkConListTest, GroupWithManyRows) {
  TAMIS_REQUIRE_SHARED_DATA();
  const Entity* e = Find("uk:12999");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, EntityKind::kPerson);
  ASSERT_EQ(e->names.size(), 1u);  // 9 AKA rows, one name: promoted to primary
  EXPECT_EQ(e->PrimaryName(), "Mohamed Adam Brema ABDALLAH");
  EXPECT_EQ(e->names[0].parts,
            (std::vector<NamePart>{{NamePartRole::kGiven, "Mohamed"},
                                   {NamePartRole::kMiddle, "Adam"},
                                   {NamePartRole::kMiddle, "Brema"},
                                   {NamePartRole::kFamily, "ABDALLAH"}}));
  ASSERT_EQ(e->dates_of_birth.size(), 5u);
  EXPECT_EQ(e->dates_of_birth[0].from, (PartialDate{1970, 0, 0}));  // 00/00/1970
  EXPECT_EQ(e->dates_of_birth[3].from, (PartialDate{1970, 1, 1}));
  EXPECT_EQ(e->nationalities, (std::vector<std::string>{"CF", "SD"}));
  ASSERT_EQ(e->places_of_birth.size(), 2u);
  EXPECT_EQ(e->places_of_birth[0].city, "Ndele, Central African Republic");
  EXPECT_EQ(e->places_of_birth[0].country_code, "CF");
  EXPECT_EQ(e->places_of_birth[1].country_code, "SD");
  ASSERT_EQ(e->documents.size(), 3u);
  EXPECT_EQ(e->documents[0].type, "passport");
  EXPECT_EQ(e->documents[0].number, "D00001184");
  EXPECT_EQ(e->documents[0].country_code, "CF");
  EXPECT_EQ(e->documents[1].number, "P04838205");
  EXPECT_EQ(e->documents[2].type, "national_id");
  EXPECT_EQ(e->documents[2].number, "202-2708-8368");
  EXPECT_EQ(e->documents[2].country_code, "SD");
  EXPECT_THAT(e->titles, Contains("Minister for Security"));
  ASSERT_EQ(e->addresses.size(), 2u);
  EXPECT_EQ(e->addresses[0].country_code, "CF");
  EXPECT_EQ(e->programs, std::vector<std::string>{"Central African Republic"});
  EXPECT_EQ(e->listed_on, "2014-06-24");
  EXPECT_EQ(e->last_updated, "2019-09-23");
}

TEST(UkConListTest, UnReferencesAsGiven) {
  TAMIS_REQUIRE_SHARED_DATA();
  EXPECT_EQ(Find("uk:13349")->external_refs, std::vector<std::string>{"un:QDe.004"});
  EXPECT_EQ(Find("uk:13188")->external_refs, std::vector<std::string>{"un:QE.A.146.14"});
  const Entity* kp = Find("uk:13562");
  ASSERT_NE(kp, nullptr);
  EXPECT_EQ(kp->external_refs, std::vector<std::string>{"un:KPI.067"});
  EXPECT_EQ(kp->PrimaryName(), "Kim Kyong IL");
  EXPECT_EQ(kp->documents[0].number, "836210029");
  const Entity* q = Find("uk:13349");
  EXPECT_EQ(q->nationalities, (std::vector<std::string>{"SA", "QA"}));
  EXPECT_EQ(q->documents[0].number, "592667");
  EXPECT_EQ(q->documents[0].country_code, "QA");
  EXPECT_EQ(q->dates_of_birth.size(), 2u);
  EXPECT_EQ(q->programs, std::vector<std::string>{"The ISIL (Da'esh) and Al-Qaida organisations"});
}

TEST(UkConListTest, Utf8InputAndRowsWithTheBlankColumn) {
  std::string t = std::string(kHeader) + "," + Row("DOE", "J\xC3\xBCrgen", "Prime Alias", "1") +
                  Row("DOE", "Jurgen", "AKA", "1", "\"UN Ref QI.D.1.01.\nSecond line\"");
  auto r = ParseUkConList(ListFile{"c.csv", t}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entities.size(), 1u);
  const Entity& e = r->entities[0];
  EXPECT_EQ(e.PrimaryName(), "J\u00fcrgen DOE");
  EXPECT_EQ(e.names.size(), 2u);
  EXPECT_EQ(e.external_refs, std::vector<std::string>{"un:QI.D.1.01"});
  EXPECT_EQ(e.remarks, "UN Ref QI.D.1.01.\nSecond line");
  EXPECT_EQ(e.listed_on, "2011-05-09");
}

TEST(UkConListTest, LastUpdatedPreambleGivesListDate) {
  std::string t = "Last Updated,20/02/2020\r\n" + std::string(kHeader) + Row("DOE", "J", "AKA", "7");
  auto r = ParseUkConList(ListFile{"c.csv", t}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->list_date, "2020-02-20");
  EXPECT_EQ(r->entities[0].names[0].type, NameType::kPrimary);
}

TEST(UkConListTest, WrongFieldCountNamesTheLine) {
  std::string t = std::string(kHeader) + Row("DOE", "J", "AKA", "1") + "DOE,J,Individual\r\n";
  Status s = ParseUkConList(ListFile{"c.csv", t}, {}).status();
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("c.csv line 3: 3 fields, expected 29"));
}

TEST(UkConListTest, MissingGroupIdAndBadHeader) {
  std::string t = std::string(kHeader) + Row("DOE", "J", "AKA", "");
  EXPECT_THAT(ParseUkConList(ListFile{"c.csv", t}, {}).status().message(),
              HasSubstr("c.csv line 2: field 'Group ID' is empty"));
  EXPECT_THAT(ParseUkConList(ListFile{"c.csv", "a,b\n1,2\n"}, {}).status().message(),
              HasSubstr("c.csv line 1: header has no 'Name 6' column"));
  EXPECT_EQ(ParseUkConList(ListFile{"c.csv", ""}, {}).status().code(), StatusCode::kParseError);
}

TEST(UkConListTest, UnterminatedQuoteNamesFileAndLine) {
  std::string t = std::string(kHeader) + Row("DOE", "J", "AKA", "1") + "\"open,";
  Status s = ParseUkConList(ListFile{"c.csv", t}, {}).status();
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("c.csv: line 3: unterminated quoted field"));
}

}  // namespace
}  // namespace tamis
