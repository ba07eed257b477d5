// Travel input detection and reading. Counts on the shared files are those of the data
// catalogue (shared/data/README.md) and of the files read by eye.
#include "formats/travel/travel_input.h"

#include <gtest/gtest.h>

#include "testing/shared_data.h"

namespace tamis {
namespace {

// The ICAO 9303 part 4 specimen passport.
const std::string kTd3 =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n";

TEST(TravelInputTest, DetectsEveryFormat) {
  EXPECT_EQ(DetectTravelFormat("UNA:+.? 'UNB+UNOA:4+A+B'UNH+1+PAXLST:D:05B:UN:IATA'"), TravelFormat::kPaxlst);
  EXPECT_EQ(DetectTravelFormat("QK TEST\nUNB+IATA:1+A+B'UNH+1+PNRGOV:11:1:IA'"), TravelFormat::kPnrgov);
  EXPECT_EQ(DetectTravelFormat("UNA:*.? $UNB*UNOA:4*A*B$UNH*1*PAXLST:D:02B:UN:IATA$"), TravelFormat::kPaxlst);
  EXPECT_EQ(DetectTravelFormat(kTd3), TravelFormat::kMrz);
  EXPECT_EQ(DetectTravelFormat("name,dob\nAnna,1970\n"), TravelFormat::kDetect);
  EXPECT_EQ(DetectTravelFormat(""), TravelFormat::kDetect);
  auto r = ReadTravelInput("hello world", "x.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_NE(r.status().message().find("x.txt"), std::string::npos);
}

TEST(TravelInputTest, MrzLinesGroupedIntoDocumentsAndABadOneReportedWithItsLine) {
  const std::string text = kTd3 + "\n" +
                           "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n" +
                           "P<UTOTOO<<SHORT\n" +  // wrong length: an error, the rest goes on
                           "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
  auto r = ReadTravelInput(text, "docs.txt");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, TravelFormat::kMrz);
  ASSERT_EQ(r->flights.size(), 1u);
  const auto& t = r->flights[0].travellers;
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].mrz_format, "TD3");
  EXPECT_EQ(t[0].traveller.surname, "ERIKSSON");
  EXPECT_EQ(t[0].traveller.documents.at(0).number, "L898902C3");
  EXPECT_EQ(t[0].traveller.dob, (PartialDate{1974, 8, 12}));
  // UTO is not a state unless accepted: the issue is reported, the document still read.
  EXPECT_FALSE(t[0].mrz_issues.empty());
  EXPECT_EQ(t[1].mrz_format, "TD1");
  EXPECT_EQ(t[1].traveller.documents.at(0).number, "D23145890");
  EXPECT_EQ(t[2].id, "mrz/3");
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_NE(r->errors[0].find("docs.txt line 7"), std::string::npos) << r->errors[0];

  TravelInputOptions o;
  o.accept_specimen_state = true;
  auto ok = ReadTravelInput(kTd3, "one", o);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->flights[0].travellers[0].mrz_issues.empty());
}

TEST(TravelInputTest, SharedPaxlstAndPnrgovFiles) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto read = [](const std::string& f) {
    return ReadTravelInput(testing::ReadFileOrDie(testing::SharedPath("travel/" + f)), f);
  };
  auto t3 = read("gtas_apis_Test3.txt");
  ASSERT_TRUE(t3.ok()) << t3.status().ToString();
  EXPECT_EQ(t3->format, TravelFormat::kPaxlst);
  ASSERT_EQ(t3->flights.size(), 1u);
  const auto& f = t3->flights[0];
  EXPECT_EQ(f.id, "UA0989/2017-01-27");
  ASSERT_EQ(f.travellers.size(), 260u);
  EXPECT_EQ(f.travellers[0].traveller.FullName(), "Rachel Pat Kuchel");
  EXPECT_EQ(f.travellers[0].id, "UA0989/2017-01-27/1");
  EXPECT_EQ(f.travellers[0].traveller.dob, (PartialDate{1977, 10, 19}));

  auto legs = read("gtas_apis_multiple_flight_leg_apis.txt");
  ASSERT_TRUE(legs.ok()) << legs.status().ToString();
  ASSERT_EQ(legs->flights.size(), 1u);
  EXPECT_EQ(legs->flights[0].legs.size(), 3u);
  EXPECT_EQ(legs->flights[0].travellers.size(), 2u);

  auto airline2 = read("gtas_apis_airline2.edi");  // element separator '*', terminator '$'
  ASSERT_TRUE(airline2.ok()) << airline2.status().ToString();
  EXPECT_EQ(airline2->flights.at(0).travellers.size(), 10u);

  auto bags = read("gtas_pnr_pnrWithBags.txt");
  ASSERT_TRUE(bags.ok()) << bags.status().ToString();
  EXPECT_EQ(bags->format, TravelFormat::kPnrgov);
  size_t n = 0;
  for (const auto& fl : bags->flights) n += fl.travellers.size();
  // 927 TIF segments, of which 268 passengers (the others, under TRI, refer back to one: the
  // PNRGOV parser test counts them per record).
  EXPECT_EQ(n, 268u);
  EXPECT_FALSE(bags->flights.at(0).travellers.at(0).pnr_locator.empty());
}

}  // namespace
}  // namespace tamis
