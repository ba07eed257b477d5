#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "formats/lists/importers.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using ::testing::HasSubstr;

// Parsed once per test binary (the file is 2 MB).
const ParsedList& LoadReal() {
  static const ParsedList* list = [] {
    ListFile f{"UN_consolidated.xml",
               testing::ReadFileOrDie(testing::SharedPath("lists/un/UN_consolidated.xml"))};
    auto r = ParseUnXml(f, {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new ParsedList(r.ok() ? std::move(r).value() : ParsedList{});
  }();
  return *list;
}

const Entity* Find(const ParsedList& l, std::string_view id) {
  for (const auto& e : l.entities)
    if (e.id == id) return &e;
  return nullptr;
}

Status ParseText(const std::string& text) {
  return ParseUnXml(ListFile{"t.xml", text}, {}).status();
}

const char kMini[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>JOHN</FIRST_NAME>
      <SECOND_NAME>DOE</SECOND_NAME>
      <UN_LIST_TYPE>Taliban</UN_LIST_TYPE>
      <REFERENCE_NUMBER>TAi.999</REFERENCE_NUMBER>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1961</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>OLD NAME</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
)";

TEST(UnXmlTest, RealFileCounts) {
  TAMIS_REQUIRE_SHARED_DATA();
  const ParsedList& l = LoadReal();
  EXPECT_EQ(l.source, "un");
  EXPECT_EQ(l.format, "un_xml");
  EXPECT_EQ(l.list_date, "2026-02-27T00:00:09.554Z");
  ASSERT_EQ(l.entities.size(), 1003u);
  int persons = 0, orgs = 0, original = 0, aliases = 0, fka = 0, strong = 0, low = 0;
  std::map<std::string, int> original_scripts;
  for (const auto& e : l.entities) {
    persons += e.kind == EntityKind::kPerson;
    orgs += e.kind == EntityKind::kOrganisation;
    ASSERT_FALSE(e.names.empty()) << e.id;
    EXPECT_EQ(e.names[0].type, NameType::kPrimary) << e.id;
    EXPECT_FALSE(e.source_record.empty());
    for (const auto& n : e.names) {
      if (n.type == NameType::kOriginalScript) {
        ++original;
        ++original_scripts[n.script];
      }
      if (n.type == NameType::kAka || n.type == NameType::kFka) ++aliases;
      fka += n.type == NameType::kFka;
      strong += n.quality == NameQuality::kStrong;
      low += n.quality == NameQuality::kLow;
    }
  }
  EXPECT_EQ(persons, 730);
  EXPECT_EQ(orgs, 273);
  // 336 INDIVIDUAL + 42 ENTITY NAME_ORIGINAL_SCRIPT, and the original-script forms that aliases
  // give in parentheses ("Jin Tiesan (金铁三)", "(original script: Амир Хазмат)").
  EXPECT_GT(original, 378);
  // 2752 non-empty ALIAS_NAME fields, more names once the packed ones are split (below).
  EXPECT_GT(aliases, 2752);
  // 19 f.k.a. fields, 1524 QUALITY Good and 615 Low: every name split from one keeps its quality.
  EXPECT_GE(fka, 19);
  EXPECT_GE(strong, 1524);
  EXPECT_GE(low, 615);
  EXPECT_GE(original_scripts["Arab"], 366);
  EXPECT_GE(original_scripts["Cyrl"], 11);
  EXPECT_EQ(original_scripts[""], 1);  // "JAMAAH ANSHARUT DAULAH" is Latin (Latin beside Arabic: aliases)
  EXPECT_GE(original_scripts["Hani"], 1);  // KPi.035 "Jin Tiesan (金铁三)"
}

bool HasName(const Entity& e, std::string_view full, NameType type) {
  for (const Name& n : e.names)
    if (n.full == full && n.type == type) return true;
  return false;
}

bool HasNameContaining(const Entity& e, std::string_view part) {
  for (const Name& n : e.names)
    if (n.full.find(part) != std::string::npos) return true;
  return false;
}

// Names the UN packs into one field are names of their own (values read from the file).
TEST(UnXmlTest, PackedAliasesAreSplit) {
  TAMIS_REQUIRE_SHARED_DATA();
  const ParsedList& l = LoadReal();
  // IRi.039: "Qasim Soleimani; Qasem Sulaimani; ...; Kasim Sulaymani" in one ALIAS_NAME.
  const Entity* s = Find(l, "un:IRi.039");
  ASSERT_NE(s, nullptr);
  for (const char* n : {"Qasim Soleimani", "Qasem Sulaimani", "Kasim Soleimani", "Kasim Sulaymani", "Haj Qasem",
                        "Sardar Soleimani"})
    EXPECT_TRUE(HasName(*s, n, NameType::kAka)) << n;
  EXPECT_FALSE(HasNameContaining(*s, ";"));
  // QDi.309: "Abdul Rehman; Abd Ur-Rehman; Abdur Rahman", and "عبدالله السندي (Abdullah Sindhi)".
  const Entity* r = Find(l, "un:QDi.309");
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(HasName(*r, "Abdur Rahman", NameType::kAka));
  EXPECT_TRUE(HasName(*r, "Abd Ur-Rehman", NameType::kAka));
  EXPECT_TRUE(HasName(*r, "Abdullah Sindhi", NameType::kAka));
  EXPECT_TRUE(HasName(*r, "عبدالله السندي", NameType::kAka));
  // KPi.035 "Jin Tiesan (金铁三)"; QDi.396 "Amir Khazmat (original script: Амир Хазмат)".
  const Entity* k = Find(l, "un:KPi.035");
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(HasName(*k, "Jin Tiesan", NameType::kAka));
  EXPECT_TRUE(HasName(*k, "金铁三", NameType::kOriginalScript));
  const Entity* a = Find(l, "un:QDi.396");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(HasName(*a, "Amir Khazmat", NameType::kAka));
  EXPECT_TRUE(HasName(*a, "Амир Хазмат", NameType::kOriginalScript));
  // No name keeps a list separator or a numbered-list marker.
  for (const Entity& e : l.entities)
    for (const Name& n : e.names) {
      EXPECT_EQ(n.full.find("; "), std::string::npos) << e.id << ": " << n.full;
      EXPECT_EQ(n.full.find(" b) "), std::string::npos) << e.id << ": " << n.full;
    }
}

// A parenthesised acronym is a name of its own; the name without it stays primary.
TEST(UnXmlTest, ParenthesisedAcronymsAreAliases) {
  TAMIS_REQUIRE_SHARED_DATA();
  const ParsedList& l = LoadReal();
  struct Want {
    const char* id;
    const char* primary;
    const char* acronym;
  };
  for (const Want& w : {Want{"un:IRe.061", "SAHAND ALUMINUM PARTS INDUSTRIAL COMPANY", "SAPICO"},
                        Want{"un:IRe.002", "ABZAR BORESH KAVEH CO.", "BK CO."},
                        Want{"un:QDe.144", "ABDALLAH AZZAM BRIGADES", "AAB"},
                        Want{"un:QDe.151", "JUND AL-KHILAFAH IN ALGERIA", "JAK-A"},
                        Want{"un:QDe.088", "EASTERN TURKISTAN ISLAMIC MOVEMENT", "ETIM"}}) {
    const Entity* e = Find(l, w.id);
    ASSERT_NE(e, nullptr) << w.id;
    EXPECT_EQ(e->names[0].full, w.primary) << w.id;
    EXPECT_EQ(e->names[0].type, NameType::kPrimary) << w.id;
    EXPECT_TRUE(HasName(*e, w.acronym, NameType::kAka)) << w.id;
  }
}

TEST(UnXmlTest, ProgrammesByReferencePrefix) {
  TAMIS_REQUIRE_SHARED_DATA();
  const ParsedList& l = LoadReal();
  int qd = 0;
  for (const auto& e : l.entities) {
    ASSERT_EQ(e.programs.size(), 1u) << e.id;
    if (e.native_id.rfind("QD", 0) == 0) {
      ++qd;
      EXPECT_EQ(e.programs[0], "ISIL (Da'esh) and Al-Qaida") << e.id;
    }
  }
  EXPECT_EQ(qd, 341);
  EXPECT_EQ(Find(l, "un:CDi.001")->programs[0], "DRC");
}

TEST(UnXmlTest, QDi006InDetail) {
  TAMIS_REQUIRE_SHARED_DATA();
  const ParsedList& l = LoadReal();
  const Entity* e = Find(l, "un:QDi.006");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->source, "un");
  EXPECT_EQ(e->native_id, "QDi.006");
  EXPECT_EQ(e->kind, EntityKind::kPerson);
  ASSERT_EQ(e->names.size(), 17u);  // primary + original script + 15 aliases
  EXPECT_EQ(e->PrimaryName(), "AIMAN MUHAMMED RABI AL-ZAWAHIRI");
  EXPECT_EQ(e->names[0].parts,
            (std::vector<NamePart>{{NamePartRole::kGiven, "AIMAN"},
                                   {NamePartRole::kMiddle, "MUHAMMED"},
                                   {NamePartRole::kMiddle, "RABI"},
                                   {NamePartRole::kFamily, "AL-ZAWAHIRI"}}));
  EXPECT_EQ(e->names[1].type, NameType::kOriginalScript);
  EXPECT_EQ(e->names[1].full, "أيمن محمد ربيع الظواهري");
  EXPECT_EQ(e->names[1].script, "Arab");
  EXPECT_EQ(e->names[2].full, "Ayman Al-Zawahari");
  EXPECT_EQ(e->names[2].type, NameType::kAka);
  EXPECT_EQ(e->names[2].quality, NameQuality::kStrong);
  EXPECT_EQ(e->names[15].full, "Abu Fatma");
  EXPECT_EQ(e->names[15].quality, NameQuality::kLow);
  ASSERT_EQ(e->dates_of_birth.size(), 1u);
  EXPECT_EQ(e->dates_of_birth[0].kind, DateOfBirth::Kind::kExact);
  EXPECT_EQ(e->dates_of_birth[0].from, (PartialDate{1951, 6, 19}));
  ASSERT_EQ(e->places_of_birth.size(), 1u);
  EXPECT_EQ(e->places_of_birth[0].city, "Giza");
  EXPECT_EQ(e->places_of_birth[0].country_code, "EG");
  EXPECT_EQ(e->nationalities, std::vector<std::string>{"EG"});
  ASSERT_EQ(e->documents.size(), 2u);
  EXPECT_EQ(e->documents[0].type, "passport");
  EXPECT_EQ(e->documents[0].number, "1084010");
  EXPECT_EQ(e->documents[0].country_code, "EG");
  EXPECT_EQ(e->documents[1].number, "19820215");
  EXPECT_EQ(e->documents[1].country_code, "");
  EXPECT_TRUE(e->addresses.empty());  // <COUNTRY/> only
  EXPECT_EQ(e->titles, (std::vector<std::string>{"Doctor", "Dr."}));
  EXPECT_EQ(e->listed_on, "2001-01-25");
  EXPECT_EQ(e->last_updated, "2025-03-11");
  EXPECT_EQ(e->programs, std::vector<std::string>{"ISIL (Da'esh) and Al-Qaida"});
  EXPECT_THAT(e->remarks, HasSubstr("Leader of Al-Qaida (QDe.004)"));
  EXPECT_THAT(e->source_record, HasSubstr("<REFERENCE_NUMBER>QDi.006</REFERENCE_NUMBER>"));
  EXPECT_EQ(e->source_record.rfind("<INDIVIDUAL>", 0), 0u);
}

TEST(UnXmlTest, QDi001TwoDatesAndRegion) {
  TAMIS_REQUIRE_SHARED_DATA();
  const ParsedList& l = LoadReal();
  const Entity* e = Find(l, "un:QDi.001");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->PrimaryName(), "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE");
  ASSERT_EQ(e->dates_of_birth.size(), 2u);
  EXPECT_EQ(e->dates_of_birth[1].from, (PartialDate{1960, 4, 11}));
  EXPECT_EQ(e->places_of_birth[0].region, "Monufia Governate");
  EXPECT_EQ(e->names[2].full, "Sayf-Al Adl");
}

TEST(UnXmlTest, EntityAndGender) {
  TAMIS_REQUIRE_SHARED_DATA();
  const ParsedList& l = LoadReal();
  const Entity* cd = Find(l, "un:CDi.001");
  ASSERT_NE(cd, nullptr);
  EXPECT_EQ(cd->gender, Gender::kMale);
  EXPECT_EQ(cd->nationalities, std::vector<std::string>{"CD"});
  ASSERT_EQ(cd->addresses.size(), 1u);
  EXPECT_EQ(cd->addresses[0].country_code, "RW");
  EXPECT_EQ(cd->addresses[0].note, "as of early 2016");
  EXPECT_EQ(cd->dates_of_birth[0].from, (PartialDate{1971, 0, 0}));
  const Entity* qde4 = Find(l, "un:QDe.004");
  ASSERT_NE(qde4, nullptr);
  EXPECT_EQ(qde4->kind, EntityKind::kOrganisation);
  EXPECT_TRUE(qde4->names[0].parts.empty());
}

TEST(UnXmlTest, MiniDocumentDatesAndAliases) {
  auto r = ParseUnXml(ListFile{"mini.xml", kMini}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entities.size(), 1u);
  const Entity& e = r->entities[0];
  EXPECT_EQ(e.id, "un:TAi.999");
  ASSERT_EQ(e.dates_of_birth.size(), 3u);
  EXPECT_EQ(e.dates_of_birth[0].kind, DateOfBirth::Kind::kRange);
  EXPECT_EQ(e.dates_of_birth[0].from.year, 1960);
  EXPECT_EQ(e.dates_of_birth[0].to.year, 1962);
  EXPECT_EQ(e.dates_of_birth[1].kind, DateOfBirth::Kind::kCirca);
  EXPECT_EQ(e.dates_of_birth[1].from.year, 1961);
  EXPECT_EQ(e.dates_of_birth[2].from, (PartialDate{1973, 11, 0}));
  ASSERT_EQ(e.names.size(), 2u);  // the empty alias is skipped
  EXPECT_EQ(e.names[1].type, NameType::kFka);
  EXPECT_EQ(e.names[0].parts[1].role, NamePartRole::kFamily);
}

TEST(UnXmlTest, TruncatedFileNamesLine) {
  std::string t(kMini);
  t.resize(t.find("<INDIVIDUAL_ALIAS>"));
  Status s = ParseText(t);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("t.xml line "));
  EXPECT_THAT(s.message(), HasSubstr("malformed XML"));
}

TEST(UnXmlTest, EmptyFile) {
  EXPECT_EQ(ParseText("").code(), StatusCode::kParseError);
  EXPECT_EQ(ParseText("  \n").code(), StatusCode::kParseError);
}

TEST(UnXmlTest, Latin1BytesAreRejectedWithLine) {
  std::string t(kMini);
  t.replace(t.find("JOHN"), 4, "J\xD6HN");  // Latin-1 O-umlaut, invalid UTF-8
  Status s = ParseText(t);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("t.xml line 6"));
  EXPECT_THAT(s.message(), HasSubstr("UTF-8"));
}

TEST(UnXmlTest, WrongRootElement) {
  Status s = ParseText("<export><sanctionEntity/></export>");
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("<export>"));
}

TEST(UnXmlTest, DuplicateReferenceNamesBothLines) {
  std::string t(kMini);
  size_t a = t.find("    <INDIVIDUAL>"), b = t.find("</INDIVIDUALS>");
  t.insert(b, t.substr(a, b - a));
  Status s = ParseText(t);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("duplicate REFERENCE_NUMBER TAi.999"));
  EXPECT_THAT(s.message(), HasSubstr("first at line 4"));
}

TEST(UnXmlTest, MissingReferenceNamesDataId) {
  std::string t(kMini);
  t.erase(t.find("<REFERENCE_NUMBER>"), std::string("<REFERENCE_NUMBER>TAi.999</REFERENCE_NUMBER>").size());
  Status s = ParseText(t);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("INDIVIDUAL DATAID 1: missing REFERENCE_NUMBER"));
  EXPECT_THAT(s.message(), HasSubstr("line 4"));
}

// Regression (fuzz_un_xml, UBSan): a long digit run in a date overflowed an int inside
// core ParsePartialDate. The importers now refuse such text before parsing it.
TEST(UnXmlTest, FuzzLongDigitRunInDateDoesNotOverflow) {
  std::string t(kMini);
  t.replace(t.find("<YEAR>1961</YEAR>"), 17, "<YEAR>1 257777777777</YEAR>");
  t.replace(t.find("Nov. 1973"), 9, "circa 99999999999999999999");
  auto r = ParseUnXml(ListFile{"t.xml", t}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entities[0].dates_of_birth.size(), 1u);  // only the BETWEEN range survives
  EXPECT_EQ(r->warnings.size(), 2u);
}

TEST(UnXmlTest, OversizedFileIsRefused) {
  ImportOptions o;
  o.max_file_bytes = 10;
  EXPECT_EQ(ParseUnXml(ListFile{"t.xml", kMini}, o).status().code(),
            StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace tamis
