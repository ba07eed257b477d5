// PAXLST tests. The expected counts and fields on the shared GTAS / Smooks files were read from
// the files by eye and grep (NAD+FL / NAD+FM / DOC counts, first and last names), not from this
// parser's output.
#include "formats/travel/paxlst.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "testing/shared_data.h"

namespace tamis {
namespace {

Result<PaxlstResult> ParseShared(const std::string& file, bool strict) {
  auto path = testing::SharedPath("travel/" + file);
  std::string text = testing::ReadFileOrDie(path);
  PaxlstOptions o;
  o.edifact.strict_envelope = strict;
  return ParsePaxlst(text, file, o);
}

#define REQUIRE_TRAVEL_FILE(f)                                                     \
  TAMIS_REQUIRE_SHARED_DATA();                                                     \
  if (!std::filesystem::exists(testing::SharedPath(std::string("travel/") + (f)))) \
  GTEST_SKIP() << "shared travel file " << (f) << " not found"

bool AnyWarningHas(const PaxlstResult& r, std::string_view what) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const std::string& w) { return w.find(what) != std::string::npos; });
}

TEST(PaxlstTravelTest, GtasTest1CrewList) {
  REQUIRE_TRAVEL_FILE("gtas_apis_Test1.txt");
  // Strict: the file's UNT says 152 segments, it has 107.
  auto strict = ParseShared("gtas_apis_Test1.txt", true);
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("segment count 0000152"), std::string::npos)
      << strict.status().message();
  auto r = ParseShared("gtas_apis_Test1.txt", false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->manifests.size(), 1u);
  const Manifest& m = r->manifests[0];
  EXPECT_EQ(m.document_code, "250");
  EXPECT_EQ(m.version, "D:02B");
  EXPECT_EQ(m.reporting_party, "CREW SCHEDULING");
  ASSERT_EQ(m.flights.size(), 1u);
  EXPECT_EQ(m.flights[0].flight_number, "UA0989");
  EXPECT_EQ(m.flights[0].carrier, "UA");
  EXPECT_EQ(m.flights[0].departure_airport, "FRA");
  EXPECT_EQ(m.flights[0].arrival_airport, "IAD");
  EXPECT_EQ(m.flights[0].departure_time, "2017-01-27T17:25");
  EXPECT_EQ(m.flights[0].arrival_time, "2017-01-28T07:10");
  ASSERT_EQ(m.travellers.size(), 8u);
  EXPECT_EQ(m.CountRole(TravellerRole::kCrew), 8u);
  EXPECT_EQ(m.declared_crew, 8);
  const Traveller& t = m.travellers[0];
  EXPECT_EQ(t.role_code, "FM");
  EXPECT_EQ(t.surname, "Steur");
  EXPECT_EQ(t.given_names, (std::vector<std::string>{"Andrea", "Pat"}));
  EXPECT_EQ(t.gender, Gender::kFemale);
  EXPECT_EQ(t.dob, (PartialDate{1978, 7, 6}));
  EXPECT_EQ(t.nationalities, std::vector<std::string>{"GBR"});
  EXPECT_EQ(t.nationalities_iso, std::vector<std::string>{"GB"});
  EXPECT_EQ(t.residence_country, "GBR");
  EXPECT_EQ(t.birth_place, "Hartford USA");
  EXPECT_EQ(t.embarkation, "FRA");
  EXPECT_EQ(t.debarkation, "IAD");
  EXPECT_EQ(t.clearance, "IAD");
  ASSERT_EQ(t.documents.size(), 1u);
  EXPECT_EQ(t.documents[0].type, "P");
  EXPECT_EQ(t.documents[0].number, "123456789");
  EXPECT_EQ(t.documents[0].issuer, "GBR");
  EXPECT_EQ(t.documents[0].issuer_iso, "GB");
  EXPECT_EQ(t.documents[0].expiry, (PartialDate{2061, 2, 18}));
  EXPECT_EQ(m.travellers[7].surname, "Zschieschak");
  EXPECT_EQ(m.travellers[2].gender, Gender::kMale);
  EXPECT_TRUE(AnyWarningHas(*r, "segment count"));
}

TEST(PaxlstTravelTest, GtasTest3LargePassengerList) {
  REQUIRE_TRAVEL_FILE("gtas_apis_Test3.txt");
  auto r = ParseShared("gtas_apis_Test3.txt", false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->manifests.size(), 1u);
  const Manifest& m = r->manifests[0];
  EXPECT_EQ(m.common_access_ref, "ABC01");
  EXPECT_EQ(m.travellers.size(), 260u);
  EXPECT_EQ(m.CountRole(TravellerRole::kPassenger), 260u);
  size_t female = std::count_if(m.travellers.begin(), m.travellers.end(),
                                [](const Traveller& t) { return t.gender == Gender::kFemale; });
  EXPECT_EQ(female, 201u);
  size_t usa = std::count_if(m.travellers.begin(), m.travellers.end(), [](const Traveller& t) {
    return t.nationalities == std::vector<std::string>{"USA"};
  });
  EXPECT_EQ(usa, 121u);
  EXPECT_EQ(m.travellers[0].surname, "Kuchel");
  EXPECT_EQ(m.travellers[0].documents.at(0).number, "12345678");
  EXPECT_EQ(m.travellers[0].documents.at(0).expiry, (PartialDate{2019, 12, 18}));
  EXPECT_EQ(m.travellers.back().surname, "Pfaffelhuber");
  EXPECT_EQ(m.travellers.back().given_names.at(0), "Lisa");
  // Part 01 marked 'C' (more to follow) and no final part; CNT 41 (crew) says 206.
  EXPECT_TRUE(AnyWarningHas(*r, "no final part"));
  EXPECT_TRUE(AnyWarningHas(*r, "CNT declares 206 crew, 0 listed"));
}

TEST(PaxlstTravelTest, GtasApisMessageTwoLegsStrictEnvelope) {
  REQUIRE_TRAVEL_FILE("gtas_apis_apisMessage.txt");
  auto r = ParseShared("gtas_apis_apisMessage.txt", true);  // its envelope counts are right
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->manifests.size(), 1u);
  const Manifest& m = r->manifests[0];
  EXPECT_EQ(m.version, "D:05B");
  ASSERT_EQ(m.flights.size(), 2u);
  EXPECT_EQ(m.flights[0].flight_number, "AA123");
  EXPECT_EQ(m.flights[0].departure_airport, "ATL");
  EXPECT_EQ(m.flights[0].arrival_airport, "ORD");
  EXPECT_EQ(m.flights[1].flight_number, "AA124");
  EXPECT_EQ(m.flights[1].departure_airport, "ORD");
  EXPECT_EQ(m.flights[1].arrival_airport, "JFK");
  EXPECT_EQ(m.flights[1].arrival_time, "2007-02-19T19:55");
  ASSERT_EQ(m.travellers.size(), 2u);
  EXPECT_EQ(m.declared_passengers, 2);
  const Traveller& t = m.travellers[0];
  EXPECT_EQ(t.surname, "CLARK");
  EXPECT_EQ(t.given_names, std::vector<std::string>{"MICHAEL"});
  EXPECT_EQ(t.gender, Gender::kMale);
  EXPECT_EQ(t.dob, (PartialDate{1972, 9, 7}));
  EXPECT_TRUE(t.documents.empty());
  ASSERT_EQ(t.references.size(), 4u);
  EXPECT_EQ(t.references[0], (std::pair<std::string, std::string>{"AVF", "TYR123"}));
  EXPECT_EQ(m.travellers[1].given_names, std::vector<std::string>{"CHERYL"});
  EXPECT_EQ(m.travellers[1].references.size(), 2u);
  EXPECT_TRUE(r->warnings.empty()) << r->warnings[0];
}

TEST(PaxlstTravelTest, GtasMultipleFlightLegs) {
  REQUIRE_TRAVEL_FILE("gtas_apis_multiple_flight_leg_apis.txt");
  auto r = ParseShared("gtas_apis_multiple_flight_leg_apis.txt", true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Manifest& m = r->manifests.at(0);
  ASSERT_EQ(m.flights.size(), 3u);
  EXPECT_EQ(m.flights[0].flight_number, "QQ877");
  EXPECT_EQ(m.flights[0].departure_airport, "MIA");
  EXPECT_EQ(m.flights[0].arrival_airport, "IAD");
  EXPECT_EQ(m.flights[2].flight_number, "QQ827");
  EXPECT_EQ(m.flights[2].departure_airport, "JFK");
  EXPECT_EQ(m.flights[2].arrival_airport, "CDG");
  EXPECT_EQ(m.flights[2].arrival_time, "2008-08-11T06:30");
  ASSERT_EQ(m.travellers.size(), 2u);
  const Traveller& t = m.travellers[0];
  EXPECT_EQ(t.surname, "BARRETT");
  EXPECT_EQ(t.dob, (PartialDate{1968, 2, 23}));
  EXPECT_EQ(t.nationalities_iso, std::vector<std::string>{"FR"});
  ASSERT_EQ(t.documents.size(), 1u);
  EXPECT_EQ(t.documents[0].number, "YY3478621G");
  EXPECT_EQ(t.documents[0].expiry, (PartialDate{2008, 12, 30}));
  EXPECT_EQ(t.documents[0].issuer, "FRA");
  EXPECT_EQ(m.travellers[1].surname, "LANG");
  EXPECT_EQ(m.travellers[1].documents.at(0).number, "TRQWE99800");
  EXPECT_EQ(m.travellers[1].gender, Gender::kFemale);
  ASSERT_EQ(r->warnings.size(), 1u);  // "13Nov09" after UNZ
  EXPECT_NE(r->warnings[0].find("after UNZ"), std::string::npos);
}

TEST(PaxlstTravelTest, GtasAirline2CustomSeparators) {
  REQUIRE_TRAVEL_FILE("gtas_apis_airline2.edi");
  auto strict = ParseShared("gtas_apis_airline2.edi", true);
  ASSERT_FALSE(strict.ok());  // UNT 121 for 111 segments
  EXPECT_NE(strict.status().message().find("segment 113 (line 114) UNT"), std::string::npos)
      << strict.status().message();
  auto r = ParseShared("gtas_apis_airline2.edi", false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Manifest& m = r->manifests.at(0);
  EXPECT_EQ(m.common_access_ref, "AA346");
  ASSERT_EQ(m.flights.size(), 1u);
  EXPECT_EQ(m.flights[0].flight_number, "TN506");
  EXPECT_EQ(m.flights[0].departure_airport, "BRE");
  EXPECT_EQ(m.flights[0].arrival_airport, "YEU");
  EXPECT_EQ(m.flights[0].departure_time, "2014-05-11T13:40");
  ASSERT_EQ(m.travellers.size(), 10u);
  EXPECT_EQ(m.travellers[0].surname, "BETTON");
  EXPECT_EQ(m.travellers[0].given_names, std::vector<std::string>{"DAVID"});
  EXPECT_EQ(m.travellers[0].dob, (PartialDate{1954, 10, 16}));
  EXPECT_EQ(m.travellers[0].documents.at(0).number, "178556534");
  EXPECT_EQ(m.travellers[0].documents.at(0).expiry, (PartialDate{2018, 2, 21}));
  EXPECT_EQ(m.travellers[0].documents.at(0).issuer_iso, "US");
  EXPECT_EQ(m.travellers[9].surname, "LOWE");
  EXPECT_EQ(m.travellers[8].given_names, std::vector<std::string>{"MARYJANE"});
  EXPECT_TRUE(AnyWarningHas(*r, "does not match UNH reference"));
  EXPECT_TRUE(AnyWarningHas(*r, "CNT declares 136 passengers, 10 listed"));
}

TEST(PaxlstTravelTest, SmooksAceTruckCrew) {
  REQUIRE_TRAVEL_FILE("smooks_unedifact_d03b_PAXLST_message_01.edi");
  auto r = ParseShared("smooks_unedifact_d03b_PAXLST_message_01.edi", true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Manifest& m = r->manifests.at(0);
  EXPECT_EQ(m.version, "D:03B");
  EXPECT_EQ(m.document_code, "10");
  ASSERT_EQ(m.flights.size(), 1u);
  EXPECT_EQ(m.flights[0].carrier, "LOCK");
  ASSERT_EQ(m.travellers.size(), 1u);
  const Traveller& t = m.travellers[0];
  EXPECT_EQ(t.role, TravellerRole::kCrew);
  EXPECT_EQ(t.role_code, "VW");
  EXPECT_EQ(t.surname, "AOMAD");
  EXPECT_EQ(t.given_names, std::vector<std::string>{"CHRIS"});
  EXPECT_EQ(t.gender, Gender::kMale);
  EXPECT_EQ(t.dob, (PartialDate{1935, 9, 19}));
  EXPECT_EQ(t.nationalities, std::vector<std::string>{"US"});
  EXPECT_EQ(t.address, "11107 SUNSET HILL'S ROAD, RESTON, VA, 20190");
  EXPECT_EQ(t.occupation, "");  // EMP+4+++1++8: no occupation code
  ASSERT_EQ(t.documents.size(), 2u);
  EXPECT_EQ(t.documents[0].type, "5K");
  EXPECT_EQ(t.documents[0].number, "P100971204141");
  EXPECT_EQ(t.documents[0].issuer, "US");
  EXPECT_EQ(t.documents[0].issuer_subdivision, "VA");
  EXPECT_EQ(t.documents[1].type, "39");
  EXPECT_EQ(t.documents[1].number, "15504141");
  EXPECT_EQ(t.documents[1].issuer_iso, "US");
}

constexpr std::string_view kHead = "UNB+UNOA:4+A+B+1:1+9'UNG+PAXLST+A+B+1:1+9+UN+D:05B'";

TEST(PaxlstTravelTest, MultipartJoinedInSequenceOrder) {
  std::string text(kHead);
  text +=
      "UNH+2+PAXLST:D:05B:UN:IATA+CAR1+02:F'BGM+745'TDT+20+XX1+++XX'LOC+125+AAA'LOC+87+BBB'"
      "NAD+FL+++SECOND:B'UNT+7+2'"
      "UNH+1+PAXLST:D:05B:UN:IATA+CAR1+01:C'BGM+745'TDT+20+XX1+++XX'LOC+125+AAA'LOC+87+BBB'"
      "NAD+FL+++FIRST:A'UNT+7+1'UNE+2+9'UNZ+1+9'";
  auto r = ParsePaxlst(text, "multi.edi");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->manifests.size(), 1u);
  const Manifest& m = r->manifests[0];
  EXPECT_EQ(m.parts, 2);
  EXPECT_EQ(m.flights.size(), 1u);
  ASSERT_EQ(m.travellers.size(), 2u);
  EXPECT_EQ(m.travellers[0].surname, "FIRST");
  EXPECT_EQ(m.travellers[1].surname, "SECOND");
  EXPECT_TRUE(r->warnings.empty());
}

TEST(PaxlstTravelTest, UnknownQualifiersToleratedBadDatesReported) {
  std::string text(kHead);
  text +=
      "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'ZZZ+1'NAD+FL+++DOE:JOHN'ATT+2++X'DTM+329:781306'"
      "LOC+999+XYZ'RFF+QQ:1'NAD+ZZ+++ROE:JANE'GEI+4+173'EMP+1+CR1:110:111'UNT+12+1'UNE+1+9'UNZ+1+"
      "9'";
  auto r = ParsePaxlst(text, "odd.edi");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Manifest& m = r->manifests.at(0);
  ASSERT_EQ(m.travellers.size(), 2u);
  EXPECT_EQ(m.travellers[0].gender, Gender::kUnknown);
  EXPECT_FALSE(m.travellers[0].dob.known());
  EXPECT_EQ(m.travellers[1].role, TravellerRole::kOther);
  EXPECT_EQ(m.travellers[1].indicators, std::vector<std::string>{"173"});
  EXPECT_EQ(m.travellers[1].occupation, "CR1");
  EXPECT_TRUE(AnyWarningHas(*r, "odd.edi segment 8 (line 1) DTM: bad date \"781306\""));
  EXPECT_TRUE(AnyWarningHas(*r, "unknown party qualifier \"ZZ\""));
  PaxlstOptions strict;
  strict.strict_dates = true;
  auto s = ParsePaxlst(text, "odd.edi", strict);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("segment 8"), std::string::npos);
}

TEST(PaxlstTravelTest, InTransitRolesAndTeletypeHeader) {
  std::string text =
      "QU DHSAPIS\r\n.XXXAPXS 121500\r\nUNA:+.? "
      "'\r\nUNB+UNOA:4+A+B+1:1+9'\r\nUNH+1+PAXLST:D:02B:UN:IATA'\r\n"
      "BGM+745'\r\nNAD+DDT+++TRANSIT:PAX'\r\nNAD+DDU+++TRANSIT:CREW'\r\nNAD+COT+++OTHER:CREW'\r\n"
      "DTM+329:19700101'\r\nUNT+7+1'\r\nUNZ+1+9'\r\n";
  auto r = ParsePaxlst(text, "transit.edi");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Manifest& m = r->manifests.at(0);
  ASSERT_EQ(m.travellers.size(), 3u);
  EXPECT_EQ(m.travellers[0].role, TravellerRole::kPassenger);
  EXPECT_EQ(m.travellers[1].role, TravellerRole::kCrew);
  EXPECT_EQ(m.travellers[2].role, TravellerRole::kCrew);
  EXPECT_EQ(m.travellers[2].dob, (PartialDate{1970, 1, 1}));
  EXPECT_EQ(m.travellers[2].segment, 6);
  EXPECT_EQ(m.travellers[2].FullName(), "CREW OTHER");
  EXPECT_TRUE(r->warnings.empty());
}

TEST(PaxlstTravelTest, TravelDatesAndTimes) {
  EXPECT_EQ(ParseTravelDate("780706", 2026, 0), (PartialDate{1978, 7, 6}));
  EXPECT_EQ(ParseTravelDate("250706", 2026, 0), (PartialDate{2025, 7, 6}));
  EXPECT_EQ(ParseTravelDate("610218", 2026, 50), (PartialDate{2061, 2, 18}));
  EXPECT_EQ(ParseTravelDate("19350919", 2026, 0), (PartialDate{1935, 9, 19}));
  EXPECT_EQ(ParseTravelDate("12JUL64", 2026, 0), (PartialDate{1964, 7, 12}));
  EXPECT_EQ(ParseTravelDate("7408<<", 2026, 0), (PartialDate{1974, 8, 0}));
  EXPECT_FALSE(ParseTravelDate("290229", 2026, 50).has_value());  // 2029 is not a leap year
  EXPECT_FALSE(ParseTravelDate("781306", 2026, 0).has_value());
  EXPECT_FALSE(ParseTravelDate("12XYZ64", 2026, 0).has_value());
  EXPECT_FALSE(ParseTravelDate("", 2026, 0).has_value());
  EXPECT_EQ(EdifactDateTime("1701271725"), "2017-01-27T17:25");
  EXPECT_EQ(EdifactDateTime("20170127"), "2017-01-27");
  EXPECT_EQ(EdifactDateTime("17012"), "");
}

TEST(PaxlstTravelTest, OtherMessageTypeIsAnError) {
  auto r = ParsePaxlst("UNB+UNOA:4+A+B+1:1+9'UNH+1+PNRGOV:11:1:IA'UNT+2+1'UNZ+1+9'", "p.edi");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not PAXLST"), std::string::npos);
}

// The JSON lines write dates with PartialDateText: the same text as PartialDate::ToString.
TEST(PaxlstTest, PartialDateTextEqualsToString) {
  for (int y : {0, 1, 9, 10, 99, 100, 999, 1000, 1971, 2026, 9999, 10000, 123456, -1, -2026})
    for (int m : {-1, 0, 1, 9, 10, 12, 13, 99, 100})
      for (int d : {-1, 0, 1, 9, 10, 28, 31, 99, 100}) {
        const PartialDate date{y, m, d};
        char buf[16];
        std::string spill;
        EXPECT_EQ(PartialDateText(date, buf, &spill), date.ToString()) << y << " " << m << " " << d;
      }
}

}  // namespace
}  // namespace tamis
