#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "formats/entity_json.h"
#include "formats/lists/importers.h"
#include "formats/lists/stream_test_util.h"
#include "formats/lists/xml_doc.h"

namespace tamis {
namespace {

using ::testing::HasSubstr;

// Hand-built after the UK Sanctions List XML layout: an individual (primary name, a
// variation, good and low quality aliases, a non-Latin name, two DOBs, a repeated
// passport), an entity and a ship.
const char kUk[] = R"(<?xml version="1.0" encoding="utf-8"?>
<Designations xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <DateGenerated>20/08/2025</DateGenerated>
  <Designation>
    <LastUpdated>14/04/2025</LastUpdated>
    <DateDesignated>25/01/2001</DateDesignated>
    <UniqueID>AFG0099</UniqueID>
    <OFSIGroupID>7999</OFSIGroupID>
    <UNReferenceNumber>TAi.999</UNReferenceNumber>
    <Names>
      <Name><Name1>Abdul</Name1><Name2>Rahim</Name2><Name6>KHALILI</Name6><NameType>Primary Name</NameType></Name>
      <Name><Name1>Abdul</Name1><Name2>Rahim</Name2><Name6>Khalily</Name6><NameType>Primary name variation</NameType></Name>
      <Name><Name6>Haji Rahim</Name6><NameType>Alias</NameType><AliasStrength>Good quality a.k.a</AliasStrength></Name>
      <Name><Name6>Mullah Sahib</Name6><NameType>ALias</NameType><AliasStrength>Low quality a.k.a</AliasStrength></Name>
    </Names>
    <NonLatinNames><NonLatinName><NameNonLatinScript>عبد الرحيم خليلي</NameNonLatinScript><NonLatinScriptType>Arabic</NonLatinScriptType></NonLatinName></NonLatinNames>
    <Titles><Title>Mullah</Title></Titles>
    <RegimeName>The Afghanistan (Sanctions) (EU Exit) Regulations 2020</RegimeName>
    <IndividualEntityShip>Individual</IndividualEntityShip>
    <DesignationSource>UN</DesignationSource>
    <SanctionsImposed>Asset freeze|Travel ban</SanctionsImposed>
    <OtherInformation>Believed to be in Kandahar.</OtherInformation>
    <UKStatementofReasons>Deputy minister under the Taliban.</UKStatementofReasons>
    <Addresses><Address><AddressLine1>District 4</AddressLine1><AddressLine6>Kabul</AddressLine6><AddressCountry>Afghanistan</AddressCountry></Address></Addresses>
    <IndividualDetails><Individual>
      <DOBs><DOB>dd/mm/1962</DOB><DOB>03/11/1963</DOB></DOBs>
      <Nationalities><Nationality>Afghanistan</Nationality></Nationalities>
      <PassportDetails>
        <Passport><PassportNumber>OR1234567</PassportNumber><PassportAdditionalInformation>Afghanistan passport, issued 2010</PassportAdditionalInformation></Passport>
        <Passport><PassportNumber>OR1234567</PassportNumber><PassportAdditionalInformation>Afghanistan passport, issued 2010</PassportAdditionalInformation></Passport>
      </PassportDetails>
      <NationalIdentifierDetails><NationalIdentifier><NationalIdentifierNumber>57388</NationalIdentifierNumber><NationalIdentifierAdditionalInformation>Tazkira</NationalIdentifierAdditionalInformation></NationalIdentifier></NationalIdentifierDetails>
      <Positions><Position>Deputy Minister of Mines</Position></Positions>
      <Genders><Gender>Male</Gender></Genders>
      <BirthDetails><Location><TownOfBirth>Spin Boldak</TownOfBirth><CountryOfBirth>Afghanistan</CountryOfBirth></Location></BirthDetails>
    </Individual></IndividualDetails>
  </Designation>
  <Designation>
    <LastUpdated>02/03/2024</LastUpdated>
    <DateDesignated>24/02/2022</DateDesignated>
    <UniqueID>RUS0999</UniqueID>
    <OFSIGroupID>14999</OFSIGroupID>
    <Names><Name><Name6>NORTHERN STAR BANK</Name6><NameType>Primary Name</NameType></Name></Names>
    <RegimeName>The Russia (Sanctions) (EU Exit) Regulations 2019</RegimeName>
    <IndividualEntityShip>Entity</IndividualEntityShip>
    <Addresses><Address><AddressLine1>10 Tverskaya Street</AddressLine1><AddressLine6>Moscow</AddressLine6><AddressPostalCode>125009</AddressPostalCode><AddressCountry>Russia</AddressCountry></Address></Addresses>
    <PhoneNumbers><PhoneNumber>+7 495 000 0000</PhoneNumber></PhoneNumbers>
    <EmailAddresses><EmailAddress>info@example.ru</EmailAddress></EmailAddresses>
    <Websites><Website>www.example.ru</Website></Websites>
    <EntityDetails><Entity>
      <TypeOfEntities><TypeOfEntity>Bank</TypeOfEntity></TypeOfEntities>
      <BusinessRegistrationNumbers><BusinessRegistrationNumber>1027700000000</BusinessRegistrationNumber></BusinessRegistrationNumbers>
      <ParentCompanies><ParentCompany>Northern Holding</ParentCompany></ParentCompanies>
    </Entity></EntityDetails>
  </Designation>
  <Designation>
    <UniqueID>DPR0099</UniqueID>
    <Names><Name><Name6>Petrel 9</Name6><NameType>Primary name</NameType></Name><Name><Name6>Jal Tara</Name6><NameType>Alias</NameType></Name></Names>
    <RegimeName>The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019</RegimeName>
    <IndividualEntityShip>Ship</IndividualEntityShip>
    <ShipDetails><Ship>
      <IMONumbers><IMONumber>IMO9562299</IMONumber></IMONumbers>
      <CurrentBelievedFlagOfShips><CurrentBelievedFlagOfShip>Comoros</CurrentBelievedFlagOfShip></CurrentBelievedFlagOfShips>
      <PreviousFlags><PreviousFlag>India</PreviousFlag></PreviousFlags>
      <TypeOfShipDetails><TypeOfShip>Bulk Carrier</TypeOfShip></TypeOfShipDetails>
      <TonnageOfShipDetails><TonnageOfShip>7078</TonnageOfShip></TonnageOfShipDetails>
    </Ship></ShipDetails>
  </Designation>
</Designations>
)";

ParsedList ParseOk(const std::string& text) {
  auto r = ParseUkFcdoXml(ListFile{"UK-Sanctions-List.xml", text}, {});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ParsedList{};
}

Status ParseText(const std::string& text) {
  return ParseUkFcdoXml(ListFile{"UK-Sanctions-List.xml", text}, {}).status();
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(UkFcdoTest, Header) {
  ParsedList l = ParseOk(kUk);
  EXPECT_EQ(l.source, "uk");
  EXPECT_EQ(l.format, "uk_fcdo");
  EXPECT_EQ(l.list_date, "2025-08-20");
  EXPECT_EQ(l.entities.size(), 3u);
  EXPECT_TRUE(l.warnings.empty()) << l.warnings[0].location << ": " << l.warnings[0].message;
}

TEST(UkFcdoTest, Individual) {
  ParsedList l = ParseOk(kUk);
  ASSERT_EQ(l.entities.size(), 3u);
  const Entity& e = l.entities[0];
  EXPECT_EQ(e.id, "uk:AFG0099");
  EXPECT_EQ(e.native_id, "AFG0099");
  EXPECT_EQ(e.kind, EntityKind::kPerson);
  EXPECT_EQ(e.external_refs, (std::vector<std::string>{"un:TAi.999", "ofsi:7999"}));
  ASSERT_EQ(e.names.size(), 5u);
  EXPECT_EQ(e.names[0].full, "Abdul Rahim KHALILI");
  EXPECT_EQ(e.names[0].type, NameType::kPrimary);
  EXPECT_EQ(e.names[0].parts, (std::vector<NamePart>{{NamePartRole::kGiven, "Abdul"},
                                                     {NamePartRole::kMiddle, "Rahim"},
                                                     {NamePartRole::kFamily, "KHALILI"}}));
  EXPECT_EQ(e.names[1].full, "Abdul Rahim Khalily");
  EXPECT_EQ(e.names[1].type, NameType::kAka);
  EXPECT_EQ(e.names[1].quality, NameQuality::kUnspecified);
  EXPECT_EQ(e.names[2].full, "Haji Rahim");
  EXPECT_EQ(e.names[2].quality, NameQuality::kStrong);
  EXPECT_EQ(e.names[2].parts, (std::vector<NamePart>{{NamePartRole::kFamily, "Haji Rahim"}}));
  EXPECT_EQ(e.names[3].full, "Mullah Sahib");  // "ALias": NameType in any casing
  EXPECT_EQ(e.names[3].type, NameType::kAka);
  EXPECT_EQ(e.names[3].quality, NameQuality::kLow);
  EXPECT_EQ(e.names[4].type, NameType::kOriginalScript);
  EXPECT_EQ(e.names[4].full, "عبد الرحيم خليلي");
  EXPECT_EQ(e.names[4].script, "Arab");
  EXPECT_EQ(e.programs, std::vector<std::string>{"The Afghanistan (Sanctions) (EU Exit) Regulations 2020"});
  EXPECT_EQ(e.listed_on, "2001-01-25");
  EXPECT_EQ(e.last_updated, "2025-04-14");
  EXPECT_EQ(e.titles, (std::vector<std::string>{"Mullah", "Deputy Minister of Mines"}));
  ASSERT_EQ(e.dates_of_birth.size(), 2u);
  EXPECT_EQ(e.dates_of_birth[0].from, (PartialDate{1962, 0, 0}));  // dd/mm/1962
  EXPECT_EQ(e.dates_of_birth[1].from, (PartialDate{1963, 11, 3}));
  EXPECT_EQ(e.dates_of_birth[1].kind, DateOfBirth::Kind::kExact);
  EXPECT_EQ(e.nationalities, std::vector<std::string>{"AF"});
  EXPECT_EQ(e.gender, Gender::kMale);
  ASSERT_EQ(e.documents.size(), 2u);  // the repeated passport kept once
  EXPECT_EQ(e.documents[0].type, "passport");
  EXPECT_EQ(e.documents[0].number, "OR1234567");
  EXPECT_EQ(e.documents[0].country_code, "AF");
  EXPECT_EQ(e.documents[0].note, "Afghanistan passport, issued 2010");
  EXPECT_EQ(e.documents[1].type, "national_id");
  EXPECT_EQ(e.documents[1].number, "57388");
  EXPECT_EQ(e.documents[1].note, "Tazkira");
  ASSERT_EQ(e.places_of_birth.size(), 1u);
  EXPECT_EQ(e.places_of_birth[0].text, "Spin Boldak, Afghanistan");
  EXPECT_EQ(e.places_of_birth[0].city, "Spin Boldak");
  EXPECT_EQ(e.places_of_birth[0].country_code, "AF");
  ASSERT_EQ(e.addresses.size(), 1u);
  EXPECT_EQ(e.addresses[0].street, "District 4");
  EXPECT_EQ(e.addresses[0].city, "Kabul");
  EXPECT_EQ(e.addresses[0].country_code, "AF");
  EXPECT_EQ(e.addresses[0].full, "District 4, Kabul, Afghanistan");
  EXPECT_EQ(e.remarks, "Believed to be in Kandahar.\nDeputy minister under the Taliban.");
  EXPECT_THAT(e.source_record, HasSubstr("<UniqueID>AFG0099</UniqueID>"));
}

TEST(UkFcdoTest, EntityAndShip) {
  ParsedList l = ParseOk(kUk);
  ASSERT_EQ(l.entities.size(), 3u);
  const Entity& org = l.entities[1];
  EXPECT_EQ(org.id, "uk:RUS0999");
  EXPECT_EQ(org.kind, EntityKind::kOrganisation);
  EXPECT_EQ(org.PrimaryName(), "NORTHERN STAR BANK");
  EXPECT_TRUE(org.names[0].parts.empty());
  EXPECT_EQ(org.external_refs, std::vector<std::string>{"ofsi:14999"});
  ASSERT_EQ(org.addresses.size(), 1u);
  EXPECT_EQ(org.addresses[0].postal_code, "125009");
  EXPECT_EQ(org.addresses[0].country_code, "RU");
  EXPECT_EQ(org.addresses[0].full, "10 Tverskaya Street, Moscow, 125009, Russia");
  ASSERT_EQ(org.documents.size(), 4u);
  EXPECT_EQ(org.documents[0].note, "Phone Number");
  EXPECT_EQ(org.documents[0].number, "+7 495 000 0000");
  EXPECT_EQ(org.documents[1].note, "Email Address");
  EXPECT_EQ(org.documents[2].note, "Website");
  EXPECT_EQ(org.documents[3].type, "registration");
  EXPECT_EQ(org.documents[3].number, "1027700000000");
  EXPECT_EQ(org.remarks, "Type of entity: Bank\nParent company: Northern Holding");

  const Entity& ship = l.entities[2];
  EXPECT_EQ(ship.id, "uk:DPR0099");
  EXPECT_EQ(ship.kind, EntityKind::kVessel);
  ASSERT_EQ(ship.names.size(), 2u);
  EXPECT_EQ(ship.names[0].type, NameType::kPrimary);  // "Primary name"
  EXPECT_EQ(ship.names[1].full, "Jal Tara");
  ASSERT_EQ(ship.documents.size(), 1u);
  EXPECT_EQ(ship.documents[0].type, "imo");
  EXPECT_EQ(ship.documents[0].number, "9562299");
  EXPECT_EQ(ship.nationalities, std::vector<std::string>{"KM"});
  EXPECT_EQ(ship.remarks, "Type of ship: Bulk Carrier\nTonnage: 7078\nPrevious flag: India");
  EXPECT_EQ(ship.listed_on, "");
}

TEST(UkFcdoTest, MalformedInputs) {
  std::string text = kUk;
  Status s = ParseText(text.substr(0, text.size() / 2));
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("UK-Sanctions-List.xml line "));
  EXPECT_THAT(s.message(), HasSubstr("malformed XML"));

  s = ParseText("<ArrayOfFinancialSanctionsTarget/>");
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("expected <Designations>"));

  s = ParseText(Replace(kUk, "<UniqueID>RUS0999</UniqueID>", ""));
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("UK-Sanctions-List.xml line 38: Designation: missing UniqueID"));

  s = ParseText(Replace(kUk, "<UniqueID>DPR0099</UniqueID>", "<UniqueID>AFG0099</UniqueID>"));
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_THAT(s.message(), HasSubstr("Designation: duplicate UniqueID AFG0099 (first at line 4)"));
  EXPECT_EQ(ParseText(" \n").code(), StatusCode::kParseError);
}

TEST(UkFcdoTest, OddValuesAreWarnings) {
  std::string text = Replace(kUk, "<DOB>03/11/1963</DOB>", "<DOB>sometime</DOB>");
  text = Replace(text, "<IndividualEntityShip>Ship</IndividualEntityShip>",
                 "<IndividualEntityShip>Submarine</IndividualEntityShip>");
  ParsedList l = ParseOk(text);
  ASSERT_EQ(l.entities.size(), 3u);
  EXPECT_EQ(l.entities[0].dates_of_birth.size(), 1u);
  EXPECT_EQ(l.entities[2].kind, EntityKind::kUnknown);
  ASSERT_EQ(l.warnings.size(), 2u);
  EXPECT_THAT(l.warnings[0].message, HasSubstr("unreadable DOB 'sometime'"));
  EXPECT_THAT(l.warnings[1].location, HasSubstr("Designation DPR0099"));
}

TEST(UkFcdoTest, DetectionAndLoading) {
  EXPECT_EQ(DetectListFormat("UK-Sanctions-List.xml", kUk), "uk_fcdo");
  EXPECT_EQ(DetectListFormat("x.xml", "<Designations><Designation><UniqueID>A"), "uk_fcdo");
  EXPECT_EQ(DetectListFormat("x.xml", "<Designations/>"), "");
  auto dir = std::filesystem::temp_directory_path() / ("uk_fcdo_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "UK-Sanctions-List.xml", std::ios::binary) << kUk; }
  auto r = LoadListFiles({dir / "UK-Sanctions-List.xml"}, "", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "uk_fcdo");
  EXPECT_EQ(r->entities.size(), 3u);
  std::filesystem::remove_all(dir);
}

// Record by record (the default) and the whole document (the test seam) give the same list.
TEST(UkFcdoTestStream, RecordByRecordEqualsWholeDocument) {
  const ParsedList whole = lists::testing::ExpectRecordByRecordEqualsWholeDocument(ListFile{"UK-Sanctions-List.xml", kUk}, &ParseUkFcdoXml);
  EXPECT_GT(whole.entities.size(), 1u);
}

}  // namespace
}  // namespace tamis
