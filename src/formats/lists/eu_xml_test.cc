#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <string>

#include "formats/lists/importers.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using ::testing::HasSubstr;

ParsedList LoadSample() {
  ListFile f{"sample_eu_fsf.xml",
             testing::ReadFileOrDie(testing::SharedPath("lists/eu/sample_eu_fsf.xml"))};
  auto r = ParseEuXml(f, {});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ParsedList{};
}

const Entity* Find(const ParsedList& l, std::string_view id) {
  for (const auto& e : l.entities)
    if (e.id == id) return &e;
  return nullptr;
}

Status ParseText(const std::string& text) {
  return ParseEuXml(ListFile{"eu.xml", text}, {}).status();
}

const char kMini[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-01">
  <sanctionEntity euReferenceNumber="EU.1.1" logicalId="1">
    <subjectType code="person"/>
    <nameAlias wholeName="John Doe" strong="true"/>
  </sanctionEntity>
</export>
)";

TEST(EuXmlTest, SampleCounts) {
  TAMIS_REQUIRE_SHARED_DATA();
  ParsedList l = LoadSample();
  EXPECT_EQ(l.source, "eu");
  EXPECT_EQ(l.format, "eu_xml");
  EXPECT_EQ(l.list_date, "2026-08-05T16:47:04.449+02:00");
  ASSERT_EQ(l.entities.size(), 5u);
  int persons = 0, orgs = 0, names = 0;
  std::vector<std::string> programs;
  for (const auto& e : l.entities) {
    persons += e.kind == EntityKind::kPerson;
    orgs += e.kind == EntityKind::kOrganisation;
    names += static_cast<int>(e.names.size());
    ASSERT_EQ(e.programs.size(), 1u) << e.id;
    programs.push_back(e.programs[0]);
    EXPECT_EQ(e.names[0].type, NameType::kPrimary);
    EXPECT_THAT(e.source_record, HasSubstr("<sanctionEntity"));
  }
  EXPECT_EQ(persons, 4);
  EXPECT_EQ(orgs, 1);
  EXPECT_EQ(names, 47);  // 45 nameAlias, 2 of them with an acronym of their own (PCI, below)
  EXPECT_EQ(programs, (std::vector<std::string>{"TERR", "AFG", "IRN", "LBY", "TAQA"}));
  EXPECT_TRUE(l.warnings.empty()) << l.warnings[0].location << ": " << l.warnings[0].message;
}

// "Parchin Chemical Industries (PCI)" is two names; "Parchin Chemical Ind (PCF)" keeps its
// parenthesised part (PCF is no acronym of its words) and gets the name without it.
TEST(EuXmlTest, ParenthesisedAcronymIsAnAlias) {
  TAMIS_REQUIRE_SHARED_DATA();
  ParsedList l = LoadSample();
  const Entity* e = Find(l, "eu:EU.3953.70");
  ASSERT_NE(e, nullptr);
  auto has = [&](std::string_view full) {
    return std::any_of(e->names.begin(), e->names.end(), [&](const Name& n) { return n.full == full; });
  };
  EXPECT_TRUE(has("Parchin Chemical Industries"));
  EXPECT_TRUE(has("PCI"));
  EXPECT_FALSE(has("Parchin Chemical Industries (PCI)"));
  EXPECT_TRUE(has("Parchin Chemical Ind"));
}

TEST(EuXmlTest, FirstEntityHasNoDesignationDate) {
  TAMIS_REQUIRE_SHARED_DATA();
  ParsedList l = LoadSample();
  const Entity* e = Find(l, "eu:EU.3579.2");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->listed_on, "");
  EXPECT_EQ(e->last_updated, "2025-01-31");
  EXPECT_EQ(e->PrimaryName(), "Bin Khalid Fahd Bin Adballah");
  EXPECT_EQ(e->names[0].language, "fr");
  EXPECT_EQ(e->gender, Gender::kMale);
  const Name& ksm = e->names[5];
  EXPECT_EQ(ksm.full, "Khalid Sheikh MOHAMMED");
  EXPECT_EQ(ksm.parts, (std::vector<NamePart>{{NamePartRole::kGiven, "Khalid Sheikh"},
                                             {NamePartRole::kFamily, "MOHAMMED"}}));
  ASSERT_EQ(e->dates_of_birth.size(), 2u);
  EXPECT_EQ(e->dates_of_birth[0].from, (PartialDate{1965, 4, 14}));
  ASSERT_EQ(e->places_of_birth.size(), 1u);  // two identical places, deduplicated
  EXPECT_EQ(e->places_of_birth[0].country_code, "PK");
  ASSERT_EQ(e->documents.size(), 1u);
  EXPECT_EQ(e->documents[0].type, "passport");
  EXPECT_EQ(e->documents[0].number, "488555");
  EXPECT_EQ(e->documents[0].country_code, "");  // "00" UNKNOWN
}

TEST(EuXmlTest, CircaYearRangeAndTitle) {
  TAMIS_REQUIRE_SHARED_DATA();
  ParsedList l = LoadSample();
  const Entity* e = Find(l, "eu:EU.502.12");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->listed_on, "2001-01-25");
  EXPECT_EQ(e->citizenships, std::vector<std::string>{"AF"});
  EXPECT_EQ(e->nationalities, std::vector<std::string>{"AF"});
  ASSERT_EQ(e->dates_of_birth.size(), 1u);  // the same range twice
  EXPECT_EQ(e->dates_of_birth[0].kind, DateOfBirth::Kind::kRange);
  EXPECT_EQ(e->dates_of_birth[0].from.year, 1953);
  EXPECT_EQ(e->dates_of_birth[0].to.year, 1958);
  EXPECT_EQ(e->places_of_birth.size(), 2u);
  EXPECT_EQ(e->places_of_birth[0].city, "Tirin Kot District, Uruzgan Province");
  EXPECT_THAT(e->titles, ::testing::Contains("Maulavi"));
  EXPECT_THAT(e->remarks, HasSubstr("Afghanistan/ Pakistan border area"));
}

TEST(EuXmlTest, EnterpriseWithAddressesAndRegistration) {
  TAMIS_REQUIRE_SHARED_DATA();
  ParsedList l = LoadSample();
  const Entity* e = Find(l, "eu:EU.3953.70");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, EntityKind::kOrganisation);
  EXPECT_EQ(e->names[0].full, "Tionscail Ceimiceán Parchin");  // double space collapsed
  EXPECT_EQ(e->names[0].language, "ga");
  int fa = 0;
  for (const auto& n : e->names)
    if (n.language == "fa") {
      ++fa;
      EXPECT_EQ(n.script, "Arab");
    }
  EXPECT_EQ(fa, 1);
  ASSERT_EQ(e->addresses.size(), 6u);
  EXPECT_EQ(e->addresses[0].city, "Tehran");
  EXPECT_EQ(e->addresses[0].country_code, "IR");
  ASSERT_EQ(e->documents.size(), 1u);
  EXPECT_EQ(e->documents[0].type, "registration");
  EXPECT_EQ(e->documents[0].number, "892");
}

TEST(EuXmlTest, UnCrossReference) {
  TAMIS_REQUIRE_SHARED_DATA();
  ParsedList l = LoadSample();
  int with_refs = 0;
  for (const auto& e : l.entities) with_refs += !e.external_refs.empty();
  EXPECT_EQ(with_refs, 1);
  const Entity* e = Find(l, "eu:EU.3886.3");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->external_refs, std::vector<std::string>{"un:LYi.006"});
  EXPECT_EQ(e->PrimaryName(), "Abu Zayd Umar DORDA");
  EXPECT_EQ(e->documents[0].number, "FK117RK0");
  EXPECT_EQ(e->documents[0].country_code, "LY");
  EXPECT_EQ(e->documents[0].issued, "2018-11-25");
  EXPECT_EQ(e->documents[0].expires, "2026-11-24");
  EXPECT_EQ(e->places_of_birth[0].text, "Alrhaybat");
}

// The ISLAMIC birthdate carries the Gregorian conversion in `birthdate`; its Hijri
// year/month/day (1402-06-24) are kept in `raw`. It coincides with a Gregorian entry,
// so the Asiri record ends with 2 distinct dates of birth.
TEST(EuXmlTest, IslamicCalendarBirthdateUsesGregorianConversion) {
  TAMIS_REQUIRE_SHARED_DATA();
  ParsedList l = LoadSample();
  const Entity* e = Find(l, "eu:EU.3092.36");
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->dates_of_birth.size(), 2u);
  EXPECT_EQ(e->dates_of_birth[0].from, (PartialDate{1982, 4, 18}));
  EXPECT_EQ(e->dates_of_birth[1].from, (PartialDate{1982, 4, 19}));
  EXPECT_EQ(e->dates_of_birth[1].raw, "ISLAMIC 1402-06-24");
  for (const auto& d : e->dates_of_birth) EXPECT_NE(d.from.year, 1402);
  EXPECT_EQ(e->names[0].script, "Arab");
  EXPECT_EQ(e->names[0].language, "ar");
  EXPECT_EQ(e->names[3].full, "Abu-Salaah");
  EXPECT_EQ(e->names[3].quality, NameQuality::kLow);  // remark "low quality alias"
  EXPECT_EQ(e->citizenships, std::vector<std::string>{"SA"});
  ASSERT_EQ(e->documents.size(), 2u);
  EXPECT_EQ(e->documents[0].type, "national_id");
  EXPECT_THAT(e->documents[1].note, HasSubstr("knownExpired"));
}

TEST(EuXmlTest, HijriOnlyBirthdateIsSkippedWithWarning) {
  std::string t(kMini);
  t.insert(t.find("  </sanctionEntity>"),
           "    <birthdate calendarType=\"ISLAMIC\" year=\"1402\" monthOfYear=\"6\" dayOfMonth=\"24\"/>\n");
  auto r = ParseEuXml(ListFile{"eu.xml", t}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->entities[0].dates_of_birth.empty());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_THAT(r->warnings[0].location, HasSubstr("eu.xml line 6"));
}

TEST(EuXmlTest, Malformed) {
  EXPECT_EQ(ParseText("").code(), StatusCode::kParseError);
  std::string truncated(kMini, 200);
  Status s = ParseText(truncated);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("eu.xml line"));
  EXPECT_THAT(ParseText("<CONSOLIDATED_LIST/>").message(), HasSubstr("expected <export>"));
  std::string latin1(kMini);
  latin1.replace(latin1.find("John"), 4, "J\xF6hn");
  EXPECT_THAT(ParseText(latin1).message(), HasSubstr("eu.xml line 5: invalid UTF-8"));
}

TEST(EuXmlTest, MissingAndDuplicateReference) {
  std::string dup(kMini);
  size_t a = dup.find("  <sanctionEntity"), b = dup.find("</export>");
  dup.insert(b, dup.substr(a, b - a));
  Status s = ParseText(dup);
  EXPECT_THAT(s.message(), HasSubstr("duplicate euReferenceNumber EU.1.1 (first at line 3)"));
  std::string missing(kMini);
  missing.replace(missing.find("euReferenceNumber"), 3, "xyz");
  s = ParseText(missing);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("eu.xml line 3: sanctionEntity logicalId '1': missing euReferenceNumber"));
}

}  // namespace
}  // namespace tamis
