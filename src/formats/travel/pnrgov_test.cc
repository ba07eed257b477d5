// PNRGOV tests. Record, passenger and itinerary counts on the shared GTAS files come from a
// separate script (split on the terminator, SRC sections, TIF before the first TVL, TVL with an
// arrival point, nothing after ABI) and the fields from reading the files.
#include "formats/travel/pnrgov.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "testing/shared_data.h"

namespace tamis {
namespace {

#define REQUIRE_TRAVEL_FILE(f)                                                     \
  TAMIS_REQUIRE_SHARED_DATA();                                                     \
  if (!std::filesystem::exists(testing::SharedPath(std::string("travel/") + (f)))) \
  GTEST_SKIP() << "shared travel file " << (f) << " not found"

Result<PnrgovResult> ParseShared(const std::string& file, bool strict = false) {
  std::string text = testing::ReadFileOrDie(testing::SharedPath("travel/" + file));
  PnrgovOptions o;
  o.edifact.strict_envelope = strict;
  return ParsePnrgov(text, file, o);
}

struct Expect {
  const char* file;
  std::vector<size_t> passengers_per_record;  // only the first ones when many
  size_t records, passengers, legs;
};

TEST(PnrgovTravelTest, EverySharedFileCounts) {
  TAMIS_REQUIRE_SHARED_DATA();
  const std::vector<Expect> files = {
      {"gtas_pnr_2_pnrs_basic.edi", {2, 2}, 2, 4, 4},
      {"gtas_pnr_adult_and_infant.edi", {2}, 1, 2, 3},
      {"gtas_pnr_bigMessagePnr.txt", {7}, 1, 7, 3},
      {"gtas_pnr_codeshare.edi", {1, 1}, 2, 2, 2},
      {"gtas_pnr_multiple_flight_leg_pnr.txt", {2}, 1, 2, 4},
      {"gtas_pnr_pnrAddressPhoneCTCM.txt", {1}, 1, 1, 0},
      {"gtas_pnr_pnrMessage.txt", {2}, 1, 2, 2},
      // A typographic quote (U+2019) ends two segments in the source instead of "'": the second
      // PNR's TIF is swallowed by the ORG before it, as the file is written.
      {"gtas_pnr_pnrMessagePg75.txt", {1, 0}, 2, 1, 1},
      {"gtas_pnr_pnrMessagePg76.txt", {2}, 1, 2, 1},
      {"gtas_pnr_pnrMessagePg77.txt", {1}, 1, 1, 2},
      {"gtas_pnr_pnrSeatFormats.txt", {1}, 1, 1, 1},
      {"gtas_pnr_pnrWithBags.txt", {1, 7, 1, 2, 6, 1, 1, 2, 5, 2, 1, 1}, 127, 268, 381},
      {"gtas_pnr_pnrWithDoco.txt", {1}, 1, 1, 3},
  };
  for (const auto& e : files) {
    if (!std::filesystem::exists(testing::SharedPath(std::string("travel/") + e.file))) continue;
    auto r = ParseShared(e.file);
    ASSERT_TRUE(r.ok()) << e.file << ": " << r.status().ToString();
    ASSERT_EQ(r->messages.size(), 1u) << e.file;
    const auto& recs = r->messages[0].records;
    EXPECT_EQ(recs.size(), e.records) << e.file;
    size_t pax = 0, legs = 0;
    for (const auto& rec : recs) {
      pax += rec.passengers.size();
      legs += rec.itinerary.size();
    }
    EXPECT_EQ(pax, e.passengers) << e.file;
    EXPECT_EQ(legs, e.legs) << e.file;
    for (size_t i = 0; i < e.passengers_per_record.size() && i < recs.size(); ++i)
      EXPECT_EQ(recs[i].passengers.size(), e.passengers_per_record[i]) << e.file << " record " << i;
  }
}

TEST(PnrgovTravelTest, PnrMessageFields) {
  REQUIRE_TRAVEL_FILE("gtas_pnr_pnrMessage.txt");
  auto strict = ParseShared("gtas_pnr_pnrMessage.txt", true);
  ASSERT_FALSE(strict.ok());  // UNT says 135 segments, there are 86
  EXPECT_NE(strict.status().message().find("segment count 135 but the message has 86"),
            std::string::npos)
      << strict.status().message();
  auto r = ParseShared("gtas_pnr_pnrMessage.txt");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const PnrMessage& m = r->messages.at(0);
  EXPECT_EQ(m.version, "10:1");
  EXPECT_EQ(m.flight.carrier, "DL");
  EXPECT_EQ(m.flight.flight_number, "324");
  EXPECT_EQ(m.flight.departure_airport, "LHR");
  EXPECT_EQ(m.flight.arrival_airport, "JFK");
  EXPECT_EQ(m.flight.departure_time, "2010-12-12T09:15");
  EXPECT_EQ(m.declared_records, 2);
  EXPECT_TRUE(std::any_of(r->warnings.begin(), r->warnings.end(), [](const std::string& w) {
    return w.find("EQN declares 2 PNRs, 1 found") != std::string::npos;
  }));
  const PnrRecord& rec = m.records.at(0);
  EXPECT_EQ(rec.locator_airline, "DL");
  EXPECT_EQ(rec.locator, "MFN4TI");
  ASSERT_EQ(rec.passengers.size(), 2u);
  const PnrPassenger& p = rec.passengers[0];
  EXPECT_EQ(p.traveller.surname, "SMITHJR");
  EXPECT_EQ(p.given_raw, "JOHNMR");
  EXPECT_EQ(p.traveller.given_names, std::vector<std::string>{"JOHN"});
  EXPECT_EQ(p.passenger_type, "A");
  EXPECT_EQ(p.reference, "1");
  EXPECT_EQ(p.traveller.gender, Gender::kMale);
  EXPECT_EQ(p.traveller.dob, (PartialDate{1964, 7, 12}));
  EXPECT_EQ(p.traveller.nationalities, std::vector<std::string>{"GBR"});
  ASSERT_EQ(p.traveller.documents.size(), 1u);
  EXPECT_EQ(p.traveller.documents[0].type, "P");
  EXPECT_EQ(p.traveller.documents[0].issuer_iso, "GB");
  EXPECT_EQ(p.traveller.documents[0].number, "123456789");
  EXPECT_EQ(p.traveller.documents[0].expiry, (PartialDate{2019, 8, 23}));
  EXPECT_EQ(p.tickets, std::vector<std::string>{"0062120234533"});
  const PnrPassenger& q = rec.passengers[1];
  EXPECT_EQ(q.traveller.surname, "JONES");
  EXPECT_EQ(q.traveller.given_names, std::vector<std::string>{"WILLIAM"});
  EXPECT_TRUE(q.traveller.documents.empty());  // DOCS without type and number
  EXPECT_EQ(q.traveller.dob, (PartialDate{1964, 7, 12}));
  ASSERT_EQ(rec.itinerary.size(), 2u);  // the hotel entry (no arrival point) is not a leg
  EXPECT_EQ(rec.itinerary[0].departure_airport, "LHR");
  EXPECT_EQ(rec.itinerary[0].arrival_time, "2010-12-12T12:30");
  EXPECT_EQ(rec.itinerary[1].flight_number, "330");
  EXPECT_EQ(rec.itinerary[1].arrival_airport, "YVR");
  // Contacts: the PNR's address and phone (ADD), its CTCR phone (IFT).
  std::vector<std::string> contacts;
  for (const auto& c : rec.contacts)
    contacts.push_back(c.kind + "=" + c.value + "@" + std::to_string(c.passenger));
  EXPECT_EQ(contacts,
            (std::vector<std::string>{"phone=00115555555555@-1",
                                      "address=45 HIGHSTREET, SLOUGH, BERKSHIRE, GB, SL1AA@-1",
                                      "phone=00441753637285@-1"}));
  ASSERT_EQ(rec.payments.size(), 2u);
  EXPECT_EQ(rec.payments[0].type, "CC");
  EXPECT_EQ(rec.payments[0].card_vendor, "VI");
  EXPECT_EQ(rec.payments[0].card_number, "XXXXXXXX1186");
  EXPECT_EQ(rec.payments[0].card_expiry, "0211");
  EXPECT_EQ(rec.payments[0].passenger, 0);
  EXPECT_EQ(rec.payments[1].passenger, 1);
}

TEST(PnrgovTravelTest, WrappedLinesJoinedInTwoPnrs) {
  REQUIRE_TRAVEL_FILE("gtas_pnr_2_pnrs_basic.edi");
  auto r = ParseShared("gtas_pnr_2_pnrs_basic.edi");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& recs = r->messages.at(0).records;
  ASSERT_EQ(recs.size(), 2u);
  // "ADD++702:45 HIGH\nSTREET:..." and "/SMITHJ\nR/MRJONATHON": line breaks are not data.
  EXPECT_EQ(recs[0].contacts.at(1).value, "45 HIGHSTREET, SLOUGH, BERKSHIRE, GB, SL1AA");
  EXPECT_EQ(recs[0].passengers.at(0).traveller.documents.at(0).number, "123456789");
  EXPECT_EQ(recs[1].passengers.at(0).traveller.surname, "WAYNE");
}

TEST(PnrgovTravelTest, DocoEmailAndCash) {
  REQUIRE_TRAVEL_FILE("gtas_pnr_pnrWithDoco.txt");
  auto r = ParseShared("gtas_pnr_pnrWithDoco.txt");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const PnrRecord& rec = r->messages.at(0).records.at(0);
  EXPECT_EQ(rec.locator, "06A9FD");
  const Traveller& t = rec.passengers.at(0).traveller;
  EXPECT_EQ(t.surname, "ACKARY");
  EXPECT_EQ(t.given_names, std::vector<std::string>{"CHARLES"});
  EXPECT_EQ(t.dob, (PartialDate{1948, 12, 26}));
  EXPECT_EQ(t.birth_place, "HERE VA");
  ASSERT_EQ(t.documents.size(), 2u);
  EXPECT_EQ(t.documents[0].number, "602120901");
  EXPECT_EQ(t.documents[0].expiry, (PartialDate{2021, 1, 30}));
  EXPECT_EQ(t.documents[1].type, "V");
  EXPECT_EQ(t.documents[1].number, "8675309");
  EXPECT_EQ(t.documents[1].issued, (PartialDate{2006, 12, 22}));
  ASSERT_EQ(rec.payments.size(), 1u);
  EXPECT_EQ(rec.payments[0].type, "CA");
  EXPECT_EQ(rec.payments[0].amount, "250.00");
  bool email = std::any_of(rec.contacts.begin(), rec.contacts.end(), [](const PnrContact& c) {
    return c.kind == "email" && c.value == "CHARLES.ACKARY@YAHOO.COM" && c.passenger == 0;
  });
  EXPECT_TRUE(email);
  ASSERT_EQ(rec.itinerary.size(), 3u);
  EXPECT_EQ(rec.itinerary[1].departure_time, "2018-05-11T23:20");
  EXPECT_EQ(rec.itinerary[1].arrival_time, "2018-05-12T05:31");
}

TEST(PnrgovTravelTest, AddressPhoneCtcmAndReleasedPlus) {
  REQUIRE_TRAVEL_FILE("gtas_pnr_pnrAddressPhoneCTCM.txt");
  auto r = ParseShared("gtas_pnr_pnrAddressPhoneCTCM.txt");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const PnrRecord& rec = r->messages.at(0).records.at(0);
  std::vector<std::string> contacts;
  for (const auto& c : rec.contacts) contacts.push_back(c.kind + "=" + c.value);
  EXPECT_EQ(contacts, (std::vector<std::string>{"address=8095 KIRBY AVENUE, RIO DE JANEIRO, BR",
                                                "phone=8675309", "phone=EK CTC M 5432109876",
                                                "email=MOLLY_LONT+50BB@GMAIL.COM"}));
}

TEST(PnrgovTravelTest, InfantDocsMovedToTheInfant) {
  REQUIRE_TRAVEL_FILE("gtas_pnr_adult_and_infant.edi");
  auto r = ParseShared("gtas_pnr_adult_and_infant.edi");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& pax = r->messages.at(0).records.at(0).passengers;
  ASSERT_EQ(pax.size(), 2u);
  EXPECT_EQ(pax[0].traveller.given_names, std::vector<std::string>{"TESTNAMEONE"});
  EXPECT_EQ(pax[0].traveller.documents.at(0).number, "52263000");
  EXPECT_EQ(pax[0].traveller.dob, (PartialDate{1976, 5, 30}));
  EXPECT_EQ(pax[1].passenger_type, "IN");
  ASSERT_EQ(pax[1].traveller.documents.size(), 1u);
  EXPECT_EQ(pax[1].traveller.documents[0].number, "AO234000");
  EXPECT_EQ(pax[1].traveller.dob, (PartialDate{2011, 8, 10}));
  EXPECT_EQ(pax[1].traveller.gender, Gender::kFemale);
}

TEST(PnrgovTravelTest, MoreSharedFileFields) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto passenger = [](const PnrgovResult& r, size_t rec, size_t i) -> const PnrPassenger& {
    return r.messages.at(0).records.at(rec).passengers.at(i);
  };
  if (auto r = ParseShared("gtas_pnr_bigMessagePnr.txt"); r.ok()) {
    const PnrRecord& rec = r->messages.at(0).records.at(0);
    EXPECT_EQ(rec.locator, "86C92D");
    const Traveller& t = passenger(*r, 0, 1).traveller;
    EXPECT_EQ(t.surname, "EMMETT");
    EXPECT_EQ(t.given_names, std::vector<std::string>{"JOSEPH"});
    EXPECT_EQ(t.documents.at(0).issuer, "GBR");
    EXPECT_EQ(t.documents.at(0).number, "388349438");
    EXPECT_EQ(t.documents.at(0).expiry, (PartialDate{2026, 5, 1}));
    EXPECT_EQ(t.dob, (PartialDate{1970, 3, 23}));
    EXPECT_EQ(passenger(*r, 0, 2).traveller.given_names, std::vector<std::string>{"JACQUELYNN"});
    ASSERT_GE(rec.payments.size(), 2u);
    EXPECT_EQ(rec.payments[1].card_vendor, "AX");
    EXPECT_EQ(rec.payments[1].amount, "100.00");
    EXPECT_EQ(rec.payments[1].passenger, 1);
  } else {
    ADD_FAILURE() << r.status().ToString();
  }
  if (auto r = ParseShared("gtas_pnr_multiple_flight_leg_pnr.txt"); r.ok()) {
    EXPECT_EQ(passenger(*r, 0, 0).traveller.documents.at(0).issuer_iso, "ER");
    const auto& legs = r->messages.at(0).records.at(0).itinerary;
    ASSERT_EQ(legs.size(), 4u);
    EXPECT_EQ(legs[0].departure_airport, "IAD");
    EXPECT_EQ(legs[0].arrival_time, "2018-05-05T07:20");
    EXPECT_EQ(legs[1].carrier, "UA");  // UA:LH codeshare, operating carrier first
    EXPECT_EQ(legs[1].arrival_airport, "KWI");
  } else {
    ADD_FAILURE() << r.status().ToString();
  }
  if (auto r = ParseShared("gtas_pnr_pnrMessagePg77.txt"); r.ok()) {
    const PnrPassenger& p = passenger(*r, 0, 0);
    EXPECT_EQ(p.traveller.surname, "VANDENBERG");
    EXPECT_EQ(p.traveller.given_names, std::vector<std::string>{"KEVINMICHAEL"});
    EXPECT_EQ(p.reference, "43576");
    EXPECT_EQ(p.traveller.nationalities_iso, std::vector<std::string>{"US"});
    EXPECT_EQ(r->messages.at(0).records.at(0).itinerary.at(1).arrival_time,
              "2013-05-31T15:00");  // TVL+310513:0900:310513:1500
  } else {
    ADD_FAILURE() << r.status().ToString();
  }
  if (auto r = ParseShared("gtas_pnr_pnrMessagePg76.txt"); r.ok()) {
    EXPECT_EQ(passenger(*r, 0, 0).traveller.given_names, std::vector<std::string>{"NINA"});
    EXPECT_EQ(passenger(*r, 0, 0).traveller.dob, (PartialDate{1953, 2, 5}));
    EXPECT_TRUE(passenger(*r, 0, 0).traveller.documents.empty());  // DOCS gives no document
    EXPECT_EQ(passenger(*r, 0, 1).traveller.surname, "LENDROT");
  } else {
    ADD_FAILURE() << r.status().ToString();
  }
  if (auto r = ParseShared("gtas_pnr_pnrWithBags.txt"); r.ok()) {
    const Traveller& t = passenger(*r, 0, 0).traveller;
    EXPECT_EQ(t.surname, "FENNER");
    EXPECT_EQ(t.documents.at(0).type, "");
    EXPECT_EQ(t.documents.at(0).issuer, "USA");
    EXPECT_EQ(t.documents.at(0).number, "448763368");
    EXPECT_EQ(r->messages.at(0).records.back().passengers.back().traveller.surname, "ALLKINS");
  } else {
    ADD_FAILURE() << r.status().ToString();
  }
  if (auto r = ParseShared("gtas_pnr_codeshare.edi"); r.ok()) {
    EXPECT_EQ(r->messages.at(0).records.at(0).locator, "2LS6KP");
    EXPECT_EQ(passenger(*r, 0, 0).traveller.surname, "PARK");
    EXPECT_EQ(passenger(*r, 0, 0).traveller.documents.at(0).number, "JR3364288");
    EXPECT_EQ(passenger(*r, 1, 0).traveller.given_names,
              (std::vector<std::string>{"KONG", "CHUN"}));
  } else {
    ADD_FAILURE() << r.status().ToString();
  }
}

TEST(PnrgovTravelTest, BadDocsDateIsAWarningAndOtherTypesAnError) {
  std::string text =
      "UNB+IATA:1+DL++101209:2100+9'UNH+1+PNRGOV:11:1:IA'SRC'TIF+DOE+JANEMRS:A:1'"
      "SSR+DOCS:HK::DL:::::/P/GBR/1234/GBR/31FEB64/F/23AUG19/DOE/JANE'QQQ+UNKNOWN'UNT+6+1'UNZ+1+9'";
  auto r = ParsePnrgov(text, "bad.edi");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Traveller& t = r->messages.at(0).records.at(0).passengers.at(0).traveller;
  EXPECT_FALSE(t.dob.known());
  EXPECT_EQ(t.given_names, std::vector<std::string>{"JANE"});
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("bad.edi segment 5 (line 1) SSR: bad birth date \"31FEB64\""),
            std::string::npos)
      << r->warnings[0];
  auto pax = ParsePnrgov("UNB+UNOA:4+A+B+1:1+9'UNH+1+PAXLST:D:05B:UN'UNT+2+1'UNZ+1+9'", "p.edi");
  EXPECT_FALSE(pax.ok());
  // Truncated inside the PNR.
  EXPECT_FALSE(ParsePnrgov(text.substr(0, text.find("QQQ")), "cut.edi").ok());
}

TEST(PnrgovTravelTest, SsrContactsBelongToTheirPassenger) {
  std::string text =
      "UNB+IATA:1+DL++101209:2100+9'UNH+1+PNRGOV:11:1:IA'SRC'SSR+CTCM:HK:1:DL:::::/447700900123'"
      "TIF+DOE+JANEMRS:A:1'SSR+CTCE:HK:1:DL:::::JANE..DOE//EXAMPLE.ORG'UNT+6+1'UNZ+1+9'";
  auto r = ParsePnrgov(text, "ctc.edi");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& c = r->messages.at(0).records.at(0).contacts;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].kind, "phone");
  EXPECT_EQ(c[0].value, "447700900123");
  EXPECT_EQ(c[0].passenger, -1);
  EXPECT_EQ(c[1].kind, "email");
  EXPECT_EQ(c[1].value, "JANE_DOE@EXAMPLE.ORG");
  EXPECT_EQ(c[1].passenger, 0);
}

TEST(PnrgovTravelTest, HelpersDecodeEmailAndSplitSsr) {
  EXPECT_EQ(DecodePnrEmail("A..B./C//D.COM"), "A_B-C@D.COM");
  EXPECT_EQ(SplitSsrText("/P/GBR//X"), (std::vector<std::string>{"P", "GBR", "", "X"}));
  EXPECT_TRUE(SplitSsrText("").empty());
}

}  // namespace
}  // namespace tamis
