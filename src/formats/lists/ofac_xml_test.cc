#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "formats/entity_json.h"
#include "formats/lists/importers.h"
#include "formats/lists/stream_test_util.h"
#include "formats/lists/xml_doc.h"

namespace tamis {
namespace {

using ::testing::HasSubstr;

// Hand-built after sdn.xsd: an individual (strong and weak akas, two DOBs, a passport,
// nationality, citizenship), an entity linked to it, and a vessel.
const char kSdn[] = R"(<?xml version="1.0" standalone="yes"?>
<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation>
    <Publish_Date>05/07/2024</Publish_Date>
    <Record_Count>3</Record_Count>
  </publshInformation>
  <sdnEntry>
    <uid>7001</uid>
    <firstName>Ahmad Karim</firstName>
    <lastName>HADDAD</lastName>
    <title>Commander</title>
    <sdnType>Individual</sdnType>
    <programList><program>SDGT</program><program>IRGC</program></programList>
    <idList>
      <id><uid>9001</uid><idType>Passport</idType><idNumber>N1234567</idNumber><idCountry>Lebanon</idCountry><issueDate>01 Feb 2015</issueDate><expirationDate>31 Jan 2025</expirationDate></id>
      <id><uid>9002</uid><idType>Gender</idType><idNumber>Male</idNumber></id>
      <id><uid>9003</uid><idType>Secondary sanctions risk:</idType><idNumber>section 1(b) of Executive Order 13224</idNumber></id>
    </idList>
    <akaList>
      <aka><uid>8001</uid><type>a.k.a.</type><category>strong</category><lastName>HADAD</lastName><firstName>Ahmed</firstName></aka>
      <aka><uid>8002</uid><type>a.k.a.</type><category>weak</category><lastName>ABU KARIM</lastName></aka>
      <aka><uid>8003</uid><type>f.k.a.</type><category>strong</category><lastName>AL-HADDAD</lastName><firstName>Ahmad</firstName></aka>
    </akaList>
    <addressList><address><uid>6001</uid><address1>12 Hamra Street</address1><city>Beirut</city><country>Lebanon</country></address></addressList>
    <nationalityList><nationality><uid>5001</uid><country>Lebanon</country><mainEntry>true</mainEntry></nationality></nationalityList>
    <citizenshipList><citizenship><uid>5002</uid><country>Syria</country><mainEntry>true</mainEntry></citizenship></citizenshipList>
    <dateOfBirthList>
      <dateOfBirthItem><uid>4001</uid><dateOfBirth>15 Mar 1971</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem>
      <dateOfBirthItem><uid>4002</uid><dateOfBirth>1972</dateOfBirth><mainEntry>false</mainEntry></dateOfBirthItem>
    </dateOfBirthList>
    <placeOfBirthList><placeOfBirthItem><uid>3001</uid><placeOfBirth>Tyre, Lebanon</placeOfBirth><mainEntry>true</mainEntry></placeOfBirthItem></placeOfBirthList>
  </sdnEntry>
  <sdnEntry>
    <uid>7002</uid>
    <lastName>CEDAR TRADING COMPANY S.A.L.</lastName>
    <sdnType>Entity</sdnType>
    <programList><program>SDGT</program></programList>
    <remarks>Linked To: HADDAD, Ahmad Karim.</remarks>
    <idList><id><uid>9004</uid><idType>Registration Number</idType><idNumber>1234567</idNumber><idCountry>Lebanon</idCountry></id></idList>
  </sdnEntry>
  <sdnEntry>
    <uid>7003</uid>
    <lastName>SEA FALCON</lastName>
    <sdnType>Vessel</sdnType>
    <programList><program>IRAN</program></programList>
    <idList><id><uid>9005</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 9187629</idNumber></id></idList>
    <vesselInfo><callSign>9HXY7</callSign><vesselType>Crude Oil Tanker</vesselType><vesselFlag>Panama</vesselFlag><vesselOwner>Falcon Marine Ltd</vesselOwner><tonnage>150000</tonnage><grossRegisteredTonnage>80000</grossRegisteredTonnage></vesselInfo>
  </sdnEntry>
</sdnList>
)";

// The same three entries as the legacy CSV set writes them.
const char kSdnCsv[] =
    "7001,\"HADDAD, Ahmad Karim\",\"individual\",\"SDGT] [IRGC\",\"Commander\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
    "\"DOB 15 Mar 1971; alt. DOB 1972; POB Tyre, Lebanon; nationality Lebanon; citizen Syria; Gender Male; "
    "Passport N1234567 (Lebanon) issued 01 Feb 2015 expires 31 Jan 2025; Secondary sanctions risk: section "
    "1(b) of Executive Order 13224; a.k.a. 'ABU KARIM'.\"\r\n"
    "7002,\"CEDAR TRADING COMPANY S.A.L.\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
    "\"Registration Number 1234567 (Lebanon); Linked To: HADDAD, Ahmad Karim.\"\r\n"
    "7003,\"SEA FALCON\",\"vessel\",\"IRAN\",-0- ,\"9HXY7\",\"Crude Oil Tanker\",\"150000\",\"80000\","
    "\"Panama\",\"Falcon Marine Ltd\",\"Vessel Registration Identification IMO 9187629.\"\r\n";
const char kAltCsv[] =
    "7001,8001,\"aka\",\"HADAD, Ahmed\",-0- \r\n"
    "7001,8003,\"fka\",\"AL-HADDAD, Ahmad\",-0- \r\n";
const char kAddCsv[] = "7001,6001,\"12 Hamra Street\",\"Beirut\",\"Lebanon\",-0- \r\n";

ParsedList ParseOk(const std::string& text) {
  auto r = ParseOfacXml(ListFile{"sdn.xml", text}, {});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ParsedList{};
}

Status ParseText(const std::string& text) { return ParseOfacXml(ListFile{"sdn.xml", text}, {}).status(); }

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(OfacXmlTest, ListHeader) {
  ParsedList l = ParseOk(kSdn);
  EXPECT_EQ(l.source, "ofac");
  EXPECT_EQ(l.format, "ofac_xml");
  EXPECT_EQ(l.list_date, "2024-05-07");  // MM/DD/YYYY
  ASSERT_EQ(l.entities.size(), 3u);
  EXPECT_TRUE(l.warnings.empty());
}

TEST(OfacXmlTest, Individual) {
  ParsedList l = ParseOk(kSdn);
  ASSERT_EQ(l.entities.size(), 3u);
  const Entity& e = l.entities[0];
  EXPECT_EQ(e.id, "ofac:7001");
  EXPECT_EQ(e.native_id, "7001");
  EXPECT_EQ(e.source, "ofac");
  EXPECT_EQ(e.kind, EntityKind::kPerson);
  ASSERT_EQ(e.names.size(), 4u);
  EXPECT_EQ(e.names[0].full, "HADDAD, Ahmad Karim");
  EXPECT_EQ(e.names[0].type, NameType::kPrimary);
  EXPECT_EQ(e.names[0].parts, (std::vector<NamePart>{{NamePartRole::kFamily, "HADDAD"},
                                                     {NamePartRole::kGiven, "Ahmad Karim"}}));
  EXPECT_EQ(e.names[1].full, "ABU KARIM");  // weak ones first, as the CSV remarks give them
  EXPECT_EQ(e.names[1].type, NameType::kAka);
  EXPECT_EQ(e.names[1].quality, NameQuality::kWeak);
  EXPECT_TRUE(e.names[1].parts.empty());
  EXPECT_EQ(e.names[2].full, "HADAD, Ahmed");
  EXPECT_EQ(e.names[2].type, NameType::kAka);
  EXPECT_EQ(e.names[2].quality, NameQuality::kStrong);
  EXPECT_EQ(e.names[3].full, "AL-HADDAD, Ahmad");
  EXPECT_EQ(e.names[3].type, NameType::kFka);
  EXPECT_EQ(e.names[3].quality, NameQuality::kStrong);
  EXPECT_EQ(e.titles, std::vector<std::string>{"Commander"});
  EXPECT_EQ(e.programs, (std::vector<std::string>{"SDGT", "IRGC"}));
  ASSERT_EQ(e.dates_of_birth.size(), 2u);
  EXPECT_EQ(e.dates_of_birth[0].from, (PartialDate{1971, 3, 15}));
  EXPECT_EQ(e.dates_of_birth[0].kind, DateOfBirth::Kind::kExact);
  EXPECT_EQ(e.dates_of_birth[1].from, (PartialDate{1972, 0, 0}));
  ASSERT_EQ(e.places_of_birth.size(), 1u);
  EXPECT_EQ(e.places_of_birth[0].text, "Tyre, Lebanon");
  EXPECT_EQ(e.places_of_birth[0].city, "Tyre");
  EXPECT_EQ(e.places_of_birth[0].country_code, "LB");
  EXPECT_EQ(e.nationalities, std::vector<std::string>{"LB"});
  EXPECT_EQ(e.citizenships, std::vector<std::string>{"SY"});
  EXPECT_EQ(e.gender, Gender::kMale);
  ASSERT_EQ(e.documents.size(), 1u);
  EXPECT_EQ(e.documents[0].type, "passport");
  EXPECT_EQ(e.documents[0].number, "N1234567");
  EXPECT_EQ(e.documents[0].country_code, "LB");
  EXPECT_EQ(e.documents[0].issued, "2015-02-01");
  EXPECT_EQ(e.documents[0].expires, "2025-01-31");
  ASSERT_EQ(e.addresses.size(), 1u);
  EXPECT_EQ(e.addresses[0].street, "12 Hamra Street");
  EXPECT_EQ(e.addresses[0].city, "Beirut");
  EXPECT_EQ(e.addresses[0].country_code, "LB");
  EXPECT_EQ(e.addresses[0].full, "12 Hamra Street, Beirut, Lebanon");
  EXPECT_EQ(e.remarks, "Secondary sanctions risk: section 1(b) of Executive Order 13224");
  EXPECT_THAT(e.source_record, HasSubstr("<uid>7001</uid>"));
}

TEST(OfacXmlTest, EntityAndVessel) {
  ParsedList l = ParseOk(kSdn);
  ASSERT_EQ(l.entities.size(), 3u);
  const Entity& org = l.entities[1];
  EXPECT_EQ(org.id, "ofac:7002");
  EXPECT_EQ(org.kind, EntityKind::kOrganisation);
  EXPECT_EQ(org.PrimaryName(), "CEDAR TRADING COMPANY S.A.L.");
  EXPECT_TRUE(org.names[0].parts.empty());
  EXPECT_EQ(org.related_ids, std::vector<std::string>{"ofac:7001"});
  ASSERT_EQ(org.documents.size(), 1u);
  EXPECT_EQ(org.documents[0].type, "registration");
  EXPECT_EQ(org.documents[0].number, "1234567");
  EXPECT_EQ(org.documents[0].country_code, "LB");
  EXPECT_EQ(org.remarks, "");

  const Entity& ship = l.entities[2];
  EXPECT_EQ(ship.id, "ofac:7003");
  EXPECT_EQ(ship.kind, EntityKind::kVessel);
  EXPECT_EQ(ship.programs, std::vector<std::string>{"IRAN"});
  EXPECT_EQ(ship.nationalities, std::vector<std::string>{"PA"});  // the flag
  ASSERT_EQ(ship.documents.size(), 2u);
  EXPECT_EQ(ship.documents[0].note, "Call Sign");
  EXPECT_EQ(ship.documents[0].number, "9HXY7");
  EXPECT_EQ(ship.documents[1].type, "imo");
  EXPECT_EQ(ship.documents[1].number, "9187629");
  EXPECT_EQ(ship.remarks,
            "Vessel Type Crude Oil Tanker; Tonnage 150000; GRT 80000; Vessel Flag Panama; Vessel Owner Falcon Marine Ltd");
}

// The same SDN entries through the CSV set give the same entities, but for the strong
// akas' quality (alt.csv does not state it) and the verbatim record.
TEST(OfacXmlTest, SameEntitiesAsTheCsvSet) {
  ParsedList xml = ParseOk(kSdn);
  OfacFiles files{{"sdn.csv", kSdnCsv}, {"alt.csv", kAltCsv}, {"add.csv", kAddCsv}, {"sdn_comments.csv", ""}};
  auto csv = ParseOfacCsv(files, {});
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  ASSERT_EQ(xml.entities.size(), csv->entities.size());
  for (size_t i = 0; i < xml.entities.size(); ++i) {
    Entity a = xml.entities[i], b = csv->entities[i];
    a.source_record.clear();
    b.source_record.clear();
    for (Name& n : a.names)
      if (n.quality == NameQuality::kStrong) n.quality = NameQuality::kUnspecified;
    EXPECT_EQ(a, b) << a.id;
  }
}

TEST(OfacXmlTest, ClassicNamespaceAndNoLists) {
  ParsedList l = ParseOk(
      "<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\"><publshInformation><Publish_Date>12/31/2019"
      "</Publish_Date><Record_Count>2</Record_Count></publshInformation>"
      "<sdnEntry><uid>0036</uid><lastName>AEROCARIBBEAN AIRLINES</lastName><sdnType>Entity</sdnType>"
      "<programList><program>CUBA</program></programList></sdnEntry></sdnList>");
  ASSERT_EQ(l.entities.size(), 1u);
  EXPECT_EQ(l.entities[0].id, "ofac:36");  // as the CSV's ent_num
  EXPECT_EQ(l.list_date, "2019-12-31");
  ASSERT_EQ(l.warnings.size(), 1u);  // Record_Count 2 but one entry
  EXPECT_THAT(l.warnings[0].message, HasSubstr("Record_Count"));
}

TEST(OfacXmlTest, MalformedInputs) {
  std::string text = kSdn;
  Status s = ParseText(text.substr(0, text.size() / 2));
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("sdn.xml line "));
  EXPECT_THAT(s.message(), HasSubstr("malformed XML"));

  s = ParseText("<CONSOLIDATED_LIST/>");
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("expected <sdnList>"));

  s = ParseText(Replace(kSdn, "<uid>7002</uid>", ""));
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("sdn.xml line 33: sdnEntry: missing uid"));

  s = ParseText(Replace(kSdn, "<uid>7002</uid>", "<uid>7001</uid>"));
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("line 33: sdnEntry: duplicate uid 7001 (first at line 7)"));

  s = ParseText(Replace(kSdn, "<uid>7002</uid>", "<uid>72x</uid>"));
  EXPECT_THAT(s.message(), HasSubstr("uid: not a number: '72x'"));
  s = ParseText(Replace(kSdn, "<sdnType>Vessel</sdnType>", "<sdnType>Submarine</sdnType>"));
  EXPECT_THAT(s.message(), HasSubstr("sdnEntry uid 7003: sdnType: unknown type 'submarine'"));
  s = ParseText(Replace(kSdn, "<lastName>SEA FALCON</lastName>", "<lastName> </lastName>"));
  EXPECT_THAT(s.message(), HasSubstr("sdnEntry uid 7003: lastName: empty name"));
  EXPECT_EQ(ParseText("").code(), StatusCode::kParseError);
  EXPECT_EQ(ParseText("<sdnList>\xff</sdnList>").code(), StatusCode::kParseError);

  ImportOptions small;
  small.max_file_bytes = 10;
  EXPECT_EQ(ParseOfacXml(ListFile{"sdn.xml", kSdn}, small).status().code(), StatusCode::kResourceExhausted);
}

TEST(OfacXmlTest, Detection) {
  EXPECT_EQ(DetectListFormat("sdn.xml", kSdn), "ofac_xml");
  EXPECT_EQ(DetectListFormat("x.xml", "<?xml version=\"1.0\"?>\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">"),
            "ofac_xml");
  EXPECT_EQ(DetectListFormat("sdn.xml", "<sdnList><sdnEntry/></sdnList>"), "");  // no OFAC namespace
  EXPECT_EQ(DetectListFormat("sdn.xml", "<CONSOLIDATED_LIST/>"), "un_xml");
}

// Record by record (the default) and the whole document (the test seam) give the same list.
TEST(OfacTestStream, RecordByRecordEqualsWholeDocument) {
  const ParsedList whole = lists::testing::ExpectRecordByRecordEqualsWholeDocument(ListFile{"sdn.xml", kSdn}, &ParseOfacXml);
  EXPECT_GT(whole.entities.size(), 1u);
}

}  // namespace
}  // namespace tamis
