// Traveller screening: DOB windows, document keys and the weighing against a small hand-made
// list; a manifest through the alert path (alerts once, deduplicated, pseudonymous party keys);
// the server seam. Expected scores are worked out from the documented weights, not read back.
#include "service/travel_service.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "service/travel_test_util.h"
#include "store/travel_store.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using namespace travel_testing;

TEST(TravelWeigh, DobWindows) {
  using K = DateOfBirth::Kind;
  DobWindowOptions o;
  const std::vector<DateOfBirth> year = {Dob(K::kExact, {1977})};
  EXPECT_EQ(CompareTravelDob({1977, 5, 4}, year, o, nullptr), DobMatch::kWindow);
  EXPECT_EQ(CompareTravelDob({1978, 1, 1}, year, o, nullptr), DobMatch::kNear);
  EXPECT_EQ(CompareTravelDob({1980, 1, 1}, year, o, nullptr), DobMatch::kOff);
  EXPECT_EQ(CompareTravelDob({}, year, o, nullptr), DobMatch::kUnknown);
  EXPECT_EQ(CompareTravelDob({1980, 1, 1}, {}, o, nullptr), DobMatch::kUnknown);
  DobWindowOptions wide;
  wide.tolerance_years = 3;
  EXPECT_EQ(CompareTravelDob({1980, 12, 31}, year, wide, nullptr), DobMatch::kWindow);
  EXPECT_EQ(CompareTravelDob({1981, 2, 1}, year, wide, nullptr), DobMatch::kNear);

  const std::vector<DateOfBirth> full = {Dob(K::kExact, {1977, 5, 4})};
  std::string why;
  EXPECT_EQ(CompareTravelDob({1977, 5, 4}, full, o, &why), DobMatch::kExact);
  EXPECT_EQ(CompareTravelDob({1977, 4, 5}, full, o, &why), DobMatch::kWindow);
  EXPECT_NE(why.find("swapped"), std::string::npos) << why;
  EXPECT_EQ(CompareTravelDob({1977, 5, 6}, full, o, nullptr), DobMatch::kNear);
  DobWindowOptions days;
  days.tolerance_days = 2;
  EXPECT_EQ(CompareTravelDob({1977, 5, 6}, full, days, nullptr), DobMatch::kWindow);
  EXPECT_EQ(CompareTravelDob({1977, 5, 7}, full, days, nullptr), DobMatch::kNear);
  days.day_month_swap = false;
  EXPECT_EQ(CompareTravelDob({1977, 4, 5}, full, days, nullptr), DobMatch::kNear);
  // A traveller's year only overlaps the listed day.
  EXPECT_EQ(CompareTravelDob({1977}, full, o, nullptr), DobMatch::kWindow);

  const std::vector<DateOfBirth> range = {Dob(K::kRange, {1980}, {1982})};
  EXPECT_EQ(CompareTravelDob({1981, 3, 3}, range, o, nullptr), DobMatch::kWindow);
  EXPECT_EQ(CompareTravelDob({1982, 12, 31}, range, o, nullptr), DobMatch::kWindow);
  EXPECT_EQ(CompareTravelDob({1983, 6, 1}, range, o, nullptr), DobMatch::kNear);
  EXPECT_EQ(CompareTravelDob({1984, 1, 2}, range, o, nullptr), DobMatch::kOff);

  const std::vector<DateOfBirth> circa = {Dob(K::kCirca, {1965})};
  EXPECT_EQ(CompareTravelDob({1966, 12, 31}, circa, o, nullptr), DobMatch::kWindow);
  EXPECT_EQ(CompareTravelDob({1963, 12, 31}, circa, o, nullptr), DobMatch::kNear);
  EXPECT_EQ(CompareTravelDob({1969, 6, 1}, circa, o, nullptr), DobMatch::kOff);
  // A circa list: any of its dates.
  const std::vector<DateOfBirth> several = {Dob(K::kExact, {1960}), Dob(K::kExact, {1970})};
  EXPECT_EQ(CompareTravelDob({1970, 2, 2}, several, o, nullptr), DobMatch::kWindow);
}

Name Listed(const std::string& full, std::vector<NamePart> parts) {
  Name n;
  n.full = full;
  n.parts = std::move(parts);
  return n;
}

bool Absent(const std::string& traveller, const Name& listed) {
  return FamilyNameAbsent(traveller, listed, nullptr);
}

TEST(TravelWeigh, FamilyNameAbsentOnlyWhenNoTravellerTokenIsTheListedFamilyName) {
  const Name pao = Listed("PAO, Yu Yi", {{NamePartRole::kFamily, "PAO"}, {NamePartRole::kGiven, "Yu Yi"}});
  EXPECT_TRUE(Absent("YI YU", pao));         // the given names alone, in either order
  EXPECT_TRUE(Absent("YU LING CHEN", pao));
  EXPECT_FALSE(Absent("YU YI PAO", pao));    // the family name, anywhere in the name
  EXPECT_FALSE(Absent("PAO YU YI", pao));
  // Regression: "PAO" at the end of a prepared three-word name is read as a company form
  // (Russian PAO -> jsc); the traveller's words are compared as written first.
  EXPECT_FALSE(Absent("LING YU PAO", pao));
  const Name tikriti = Listed("AL-TIKRITI, Barzan", {{NamePartRole::kFamily, "AL-TIKRITI"}, {NamePartRole::kGiven, "Barzan"}});
  EXPECT_FALSE(Absent("BARZAN TIKRITI", tikriti));   // the particle left out
  EXPECT_FALSE(Absent("BARZAN ALTIKRITI", tikriti));  // joined as passports write it
  EXPECT_FALSE(Absent("BARZAN AL TIKRITI", tikriti));
  EXPECT_FALSE(Absent("BARZAN TIKRITY", tikriti));     // a spelling variant
  EXPECT_TRUE(Absent("BARZAN HASAN", tikriti));
  EXPECT_TRUE(Absent("BARZAN AL HASAN", tikriti));  // the particle alone is no family name
  // Regression: a two-letter word of a family name is evidence ("NA" of "NA MENA").
  const Name mena = Listed("ESTEVAO NA MENA", {{NamePartRole::kGiven, "ESTEVAO"}, {NamePartRole::kFamily, "NA MENA"}});
  EXPECT_FALSE(Absent("ESTEVAO NA EMNA", mena));
  // No family name marked, or one of particles alone: nothing to say.
  EXPECT_FALSE(Absent("YI YU", Listed("SU HSING", {})));
  EXPECT_FALSE(Absent("YI YU", Listed("Yi Yu", {{NamePartRole::kGiven, "Yi Yu"}})));
  EXPECT_FALSE(Absent("YI YU", Listed("Al, Yi", {{NamePartRole::kFamily, "AL"}})));
  std::string family;
  EXPECT_TRUE(FamilyNameAbsent("YI YU", pao, &family));
  EXPECT_EQ(family, "PAO");
}

TEST(TravelWeigh, DocumentKeysAndTypes) {
  EXPECT_EQ(TravelDocumentKey("ab-12 O34"), "AB12034");
  EXPECT_EQ(TravelDocumentKey("PO123456"), TravelDocumentKey("P0123456"));
  EXPECT_NE(TravelDocumentKey("P0123456"), TravelDocumentKey("P0123457"));
  EXPECT_TRUE(DocumentTypesCompatible("P", "passport"));
  EXPECT_TRUE(DocumentTypesCompatible("PM", ""));
  EXPECT_TRUE(DocumentTypesCompatible("I", "national_id"));
  EXPECT_FALSE(DocumentTypesCompatible("P", "national_id"));
  EXPECT_FALSE(DocumentTypesCompatible("V", "passport"));
  EXPECT_FALSE(DocumentTypesCompatible("P", "tax_id"));
  TravelDocumentIndex none = TravelDocumentIndex::Build(0, [](size_t) -> const Entity& { std::abort(); });
  EXPECT_TRUE(none.Find("1234").empty());
}

const index::NameHit* HitOn(const TravellerResult& r, const index::NameIndex& ix, const std::string& entity) {
  for (const auto& h : r.party.hits)
    if (ix.entity(h.entity).id == entity) return &h;
  return nullptr;
}

double Delta(const index::NameHit& h, const std::string& what) {
  double d = 0;
  for (const auto& a : h.explanation.adjustments)
    if (a.what == what) d += a.delta;
  return d;
}

TEST(TravelService, ManifestWeighedAndAlertedOnceWithPseudonymousKeys) {
  testing::TempDir dir;
  auto svc = OpenWithList(dir);
  const std::string text = Manifest({
      Nad("FL", "ALADNANI:ABU:MOHAMMED", 'M', "770504", "SYR", "P0123456", "SYR"),  // 1: O/0, same issuer
      Nad("FL", "AL ADNANI:ABU:MOHAMED", 'M', "500101", "SYR"),                     // 2: DOB off
      Nad("FL", "AL ADNANI:ABU:MOHAMED", 'M', "770202", "SYR"),                     // 3: DOB in the year
      Nad("FL", "SMITH:JOHN", 'M', "900101", "GBR", "X9876543", "GBR"),             // 4: document only
      Nad("FL", "BOUCHRA:FATIMA ZAHRA", 'F', "810303", "MAR"),                      // 5: range
      Nad("FM", "ERIKSSON:ANNA", 'F', "740812", "SWE"),                             // 6: crew, innocent
      Nad("FL", "DOE:JANE", 'F', "850101", "IRQ", "PO123456", "IRQ"),               // 7: document, other issuer
  });
  auto batch = ReadTravelInput(text, "test.edi");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->flights.size(), 1u);
  const TravelFlight& flight = batch->flights[0];
  ASSERT_EQ(flight.travellers.size(), 7u);
  EXPECT_EQ(flight.id, "XY123/2026-12-07");

  TravelScreener screener(*svc, TravelScreenOptions{});
  auto snap = svc->snapshot();
  const index::NameIndex& ix = *snap->names;
  FlightResult fr = screener.ScreenFlight(flight);
  ASSERT_EQ(fr.travellers.size(), 7u);
  for (const auto& r : fr.travellers) ASSERT_TRUE(r.error.ok()) << r.error.ToString();

  // 1: the listed passport number (O read as 0), issued by the same state: 0.99 at least.
  const auto* h1 = HitOn(fr.travellers[0], ix, "un:QDi.900");
  ASSERT_NE(h1, nullptr);
  EXPECT_GE(h1->score, 0.99 - 1e-9);
  bool o_zero = false;
  for (const auto& a : h1->explanation.adjustments) o_zero |= a.detail.find("letter O read as zero") != std::string::npos;
  EXPECT_TRUE(o_zero);
  // 2 and 3: the same name; the date of birth 1977 is inside the listed year (+0.03), 1950 is
  // off (-0.20); both share the nationality (+0.02).
  const auto* h2 = HitOn(fr.travellers[1], ix, "un:QDi.900");
  const auto* h3 = HitOn(fr.travellers[2], ix, "un:QDi.900");
  ASSERT_NE(h3, nullptr);
  EXPECT_NEAR(Delta(*h3, "dob"), 0.03, 1e-9);
  EXPECT_NEAR(Delta(*h3, "nationality"), 0.02, 1e-9);
  EXPECT_NEAR(h3->score, std::min(1.0, h3->explanation.name_score + 0.05), 1e-9);
  ASSERT_NE(h2, nullptr);
  EXPECT_NEAR(Delta(*h2, "dob"), -0.20, 1e-9);
  EXPECT_NEAR(h2->explanation.name_score, h3->explanation.name_score, 1e-9);
  EXPECT_NEAR(h2->score, h2->explanation.name_score - 0.20 + 0.02, 1e-9);  // (h3 may be clamped at 1)
  EXPECT_LT(h2->score, h3->score);
  // 4: an unrelated name, the listed number, no listed issuer: 0.97.
  const auto* h4 = HitOn(fr.travellers[3], ix, "un:QDi.902");
  ASSERT_NE(h4, nullptr);
  EXPECT_NEAR(h4->score, 0.97, 1e-9);
  EXPECT_LT(h4->explanation.name_score, 0.5);
  // 5: within the listed range.
  const auto* h5 = HitOn(fr.travellers[4], ix, "un:QDi.901");
  ASSERT_NE(h5, nullptr);
  EXPECT_NEAR(Delta(*h5, "dob"), 0.03, 1e-9);
  // 6: nothing.
  EXPECT_TRUE(fr.travellers[5].party.hits.empty());
  // 7: the listed number issued by another state: 0.80, still an alert at the default 0.80.
  const auto* h7 = HitOn(fr.travellers[6], ix, "un:QDi.900");
  ASSERT_NE(h7, nullptr);
  EXPECT_NEAR(h7->score, 0.80, 1e-9);

  const FlightSummary& s = fr.summary;
  EXPECT_EQ(s.travellers, 7);
  EXPECT_EQ(s.passengers, 6);
  EXPECT_EQ(s.crew, 1);
  EXPECT_EQ(s.errors, 0);
  int64_t expect_alerts = 0;
  for (const auto& r : fr.travellers)
    for (const auto& h : r.party.hits) expect_alerts += h.score >= 0.80 - 1e-9;
  EXPECT_GE(expect_alerts, 5);  // 1, 3, 4, 7 by the scores above, 5 by its name
  EXPECT_EQ(s.alerts_new, expect_alerts);
  EXPECT_EQ(s.alerts_existing, 0);
  EXPECT_EQ(s.best_score, h1->score);

  // The same manifest again: every alert is met again, none new.
  FlightResult again = screener.ScreenFlight(flight);
  EXPECT_EQ(again.summary.alerts_new, 0);
  EXPECT_EQ(again.summary.alerts_existing, s.alerts_new);

  AlertFilter f;
  f.line = "travel";
  f.limit = 100;
  auto alerts = svc->review().ListAlerts(f);
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(static_cast<int64_t>(alerts->size()), s.alerts_new);
  for (const auto& a : *alerts) {
    EXPECT_EQ(a.line, "travel");
    EXPECT_EQ(a.party_key.rfind("travel:", 0), 0u) << a.party_key;
    EXPECT_EQ(a.party_key.size(), 7u + 32u);
    for (const char* personal : {"ADNANI", "adnani", "SMITH", "smith", "1977", "DOE"})
      EXPECT_EQ(a.party_key.find(personal), std::string::npos);
  }
  auto log = svc->review().AuditLog(0, 1000);
  ASSERT_TRUE(log.ok());
  for (const auto& rec : *log)
    for (const char* personal : {"ADNANI", "adnani", "SMITH", "smith", "1977-05-04"})
      EXPECT_EQ(rec.detail.find(personal), std::string::npos) << rec.detail;

  // Regression: without explanations the name score was read as 0 and every name hit was lost.
  TravelScreenOptions quiet;
  quiet.params.explain = false;
  TravelScreener unexplained(*svc, quiet);
  FlightResult q = unexplained.ScreenFlight(flight);
  for (size_t i = 0; i < fr.travellers.size(); ++i) {
    ASSERT_EQ(q.travellers[i].party.hits.size(), fr.travellers[i].party.hits.size()) << i;
    for (size_t k = 0; k < q.travellers[i].party.hits.size(); ++k) {
      EXPECT_EQ(q.travellers[i].party.hits[k].entity, fr.travellers[i].party.hits[k].entity);
      EXPECT_NEAR(q.travellers[i].party.hits[k].score, fr.travellers[i].party.hits[k].score, 1e-9);
    }
  }

  // Regression: a document lookup ignored the lists asked for; only "ofac" here: no hit at all.
  TravelScreenOptions ofac_only;
  ofac_only.params.lists = {"ofac"};
  TravelScreener ofac(*svc, ofac_only);
  EXPECT_EQ(ofac.ScreenFlight(flight).summary.with_hits, 0);

  // Crew left out on request.
  TravelScreenOptions no_crew;
  no_crew.screen_crew = false;
  TravelScreener passengers_only(*svc, no_crew);
  EXPECT_EQ(passengers_only.ScreenFlight(flight).summary.screened, 6);
}

TEST(TravelService, ServerSeamAnswersJsonAndNamesBadInput) {
  testing::TempDir dir;
  auto svc = OpenWithList(dir);
  TravelJsonOptions o;
  auto j = ScreenTravelJson(*svc, Manifest({Nad("FL", "ALADNANI:ABU:MOHAMMED", 'M', "770504", "SYR")}), o);
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  EXPECT_EQ(j->rfind("{\"format\":\"paxlst\",\"flights\":[{", 0), 0u) << *j;
  EXPECT_NE(j->find("\"entity_id\":\"un:QDi.900\""), std::string::npos);
  EXPECT_NE(j->find("\"alert\":\"new\""), std::string::npos);
  EXPECT_NE(j->find("\"best\":{\"traveller\":\"XY123/2026-12-07/1\""), std::string::npos) << *j;

  auto mrz = ScreenTravelJson(*svc,
                              "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                              "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n",
                              o);
  ASSERT_TRUE(mrz.ok()) << mrz.status().ToString();
  EXPECT_NE(mrz->find("\"format\":\"mrz\""), std::string::npos);
  EXPECT_NE(mrz->find("\"field\":\"issuingState\""), std::string::npos) << *mrz;
  EXPECT_NE(mrz->find("\"hits\":[]"), std::string::npos);

  // Kept: one row per traveller, the store's salt in the party keys.
  auto kept = std::move(TravelStore::Open(dir.path() / "data" / "tamis.db")).value();
  TravelJsonOptions ko;
  ko.keep = kept.get();
  ASSERT_TRUE(ScreenTravelJson(*svc, Manifest({Nad("FL", "SMITH:JOHN", 'M', "900101", "GBR", "X9876543", "GBR")}), ko).ok());
  auto rows = kept->ListResults(0, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].hit_entities, "un:QDi.902 0.9700");
  EXPECT_EQ((*rows)[0].source, "request");
  TravelScreenOptions salted;
  salted.pseudonym_salt = *kept->CurrentSalt(kNow);
  auto batch = ReadTravelInput(Manifest({Nad("FL", "SMITH:JOHN", 'M', "900101", "GBR", "X9876543", "GBR")}), "x");
  const std::string key = TravelScreener(*svc, salted).PartyKey(batch->flights[0].travellers[0].traveller);
  AlertFilter af;
  af.line = "travel";
  bool found = false;
  auto listed = svc->review().ListAlerts(af);
  ASSERT_TRUE(listed.ok());
  for (const auto& a : *listed) found |= a.party_key == key;
  EXPECT_TRUE(found) << key;

  auto bad = ScreenTravelJson(*svc, "UNB+UNOA:4+A+B+261207:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL", o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kParseError);
  EXPECT_NE(bad.status().message().find("segment"), std::string::npos) << bad.status().message();
  EXPECT_EQ(ScreenTravelJson(*svc, "hello", o).status().code(), StatusCode::kParseError);
}

TEST(TravelService, SharedManifestOfInnocentTestPassengersAgainstTheUnList) {
  TAMIS_REQUIRE_SHARED_DATA();
  // The GTAS test manifest (260 made-up passengers, all with passport 12345678) against the
  // small list: screened whole on two threads, one summary, no hit.
  testing::TempDir dir;
  auto batch = ReadTravelInput(testing::ReadFileOrDie(testing::SharedPath("travel/gtas_apis_Test3.txt")), "Test3");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  auto svc = OpenWithList(dir);
  TravelScreenOptions opts;
  opts.threads = 2;
  TravelScreener screener(*svc, opts);
  FlightResult fr = screener.ScreenFlight(batch->flights.at(0));
  EXPECT_EQ(fr.summary.travellers, 260);
  EXPECT_EQ(fr.summary.screened, 260);
  EXPECT_EQ(fr.summary.errors, 0);
  EXPECT_EQ(fr.summary.with_hits, 0);
}

}  // namespace
}  // namespace tamis

namespace tamis {
namespace {

using namespace travel_testing;

// Regression: travellers are persons. "BIN PAK" scored 0.97 against PARS OIL AND GAS COMPANY
// on the synthetic manifests; an organisation of the traveller's very name is no hit either.
TEST(TravelService, OrganisationsVesselsAndAircraftAreNoTravellerHits) {
  testing::TempDir dir;
  ParsedList l;
  l.source = "un";
  l.format = "un_xml";
  for (auto [id, name, kind] : {std::tuple{"QDe.900", "Omar Khalil Trading", EntityKind::kOrganisation},
                                std::tuple{"QDe.901", "Omar Khalil", EntityKind::kVessel},
                                std::tuple{"QDi.903", "Omar Khalil", EntityKind::kPerson}}) {
    Entity e;
    e.source = "un";
    e.native_id = id;
    e.id = std::string("un:") + id;
    e.kind = kind;
    e.names.push_back(Name{name});
    l.entities.push_back(e);
  }
  Config cfg;
  cfg.data_dir = dir.path() / "data";
  {
    StoreOptions so;
    so.data_dir = cfg.data_dir;
    auto store = std::move(Store::Open(so)).value();
    ImportMeta m;
    m.imported_at = kNow;
    m.files.push_back({"un.xml", "h", 1});
    ASSERT_TRUE(store->Import(l, m).ok());
  }
  auto svc = std::move(AlertService::Open(cfg, {}, [] { return kNow; })).value();
  auto batch = ReadTravelInput(Manifest({Nad("FL", "KHALIL:OMAR", 'M', "800101", "JOR")}), "m.edi");
  ASSERT_TRUE(batch.ok());
  const index::NameIndex& ix = *svc->snapshot()->names;
  TravelScreener persons(*svc, {});
  FlightResult fr = persons.ScreenFlight(batch->flights[0]);
  ASSERT_EQ(fr.travellers[0].party.hits.size(), 1u);
  EXPECT_EQ(ix.entity(fr.travellers[0].party.hits[0].entity).id, "un:QDi.903");
  TravelScreenOptions all;
  all.persons_only = false;
  TravelScreener everyone(*svc, all);
  EXPECT_GE(everyone.ScreenFlight(batch->flights[0]).travellers[0].party.hits.size(), 2u);
}

// Regression: a screener's worker threads were started per flight. Now they are kept: many
// flights on one screener, several threads, every traveller screened once and in order.
TEST(TravelService, ManyFlightsOnOneScreenerWithThreads) {
  testing::TempDir dir;
  auto svc = OpenWithList(dir);
  std::vector<std::string> nads;
  for (int i = 0; i < 100; ++i) nads.push_back(Nad("FL", "PERSON" + std::string(1, static_cast<char>('A' + i % 26)) + ":ANNA", 'F', "800101", "SWE"));
  nads[57] = Nad("FL", "BOUCHRA:FATIMA ZAHRA", 'F', "810303", "MAR");
  auto batch = ReadTravelInput(Manifest(nads), "m.edi");
  ASSERT_TRUE(batch.ok());
  TravelScreenOptions o;
  o.threads = 3;
  TravelScreener screener(*svc, o);
  for (int round = 0; round < 20; ++round) {
    FlightResult fr = screener.ScreenFlight(batch->flights[0]);
    ASSERT_EQ(fr.travellers.size(), 100u);
    EXPECT_EQ(fr.summary.screened, 100);
    EXPECT_EQ(fr.summary.with_hits, 1);
    EXPECT_EQ(fr.summary.best_traveller, "XY123/2026-12-07/58");
    for (size_t i = 0; i < fr.travellers.size(); ++i) EXPECT_EQ(fr.travellers[i].item, &batch->flights[0].travellers[i]);
  }
}

// The name cache keeps a name's search result, not its weighing: travellers sharing a name but
// not a date of birth, nationality or document must come out exactly as screened without it
// (the JSON lines, alerts included, each service on its own fresh store; a cache of 2 names is
// cleared while the flight is screened).
TEST(TravelService, NameCacheGivesTheSameLinesAsSearchingEveryName) {
  std::vector<std::string> nads;
  for (int i = 0; i < 12; ++i) {
    nads.push_back(Nad("FL", "AL-ADNANI:ABU MOHAMMED", 'M', i % 3 ? "770101" : "500101", i % 2 ? "SYR" : "SWE",
                       i % 4 == 0 ? "PO123456" : "", "SYR"));
    nads.push_back(Nad("FL", "BOUCHRA:FATIMA ZAHRA", i % 2 ? 'F' : 'M', "810303", "MAR"));
    nads.push_back(Nad("FL", "SMITH:ANNA", 'F', "800101", "SWE"));
  }
  auto batch = ReadTravelInput(Manifest(nads), "m.edi");
  ASSERT_TRUE(batch.ok());
  std::vector<std::vector<std::string>> lines;
  for (size_t cache : {size_t{0}, size_t{65536}, size_t{2}}) {
    testing::TempDir dir;
    auto svc = OpenWithList(dir);
    TravelScreenOptions o;
    o.name_cache = cache;
    TravelScreener screener(*svc, o);
    FlightResult fr = screener.ScreenFlight(batch->flights[0]);
    EXPECT_EQ(fr.summary.errors, 0);
    lines.push_back(TravellerLines(*svc->snapshot()->names, fr, "t", true));
  }
  ASSERT_EQ(lines[0].size(), 36u);
  size_t with_hits = 0;
  for (const auto& l : lines[0]) with_hits += l.find("\"entity_id\"") != std::string::npos;
  EXPECT_GE(with_hits, 24u);  // the two listed names hit (their weighing differs line to line)
  EXPECT_EQ(lines[1], lines[0]);
  EXPECT_EQ(lines[2], lines[0]);
}

}  // namespace
}  // namespace tamis
