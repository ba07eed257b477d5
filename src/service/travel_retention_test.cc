// Retention of traveller data: after the masking period nothing personal of a screened traveller
// is left in any table Tamis writes (results, alerts, alert events, good-guy list, salts), after
// the deletion period nothing of them at all; a second run changes nothing. The personal values
// are searched for in a dump of every text column of every table, not in what the code chose to
// clear.
#include "service/travel_retention.h"

#include <gtest/gtest.h>

#include "service/travel_test_util.h"
#include "store/db.h"

namespace tamis {
namespace {

using namespace travel_testing;

// Every cell of every row of `table`, as text, one string.
std::string DumpTable(const std::filesystem::path& db_file, const std::string& table) {
  auto db = store::Db::Open(db_file, false, 5000);
  EXPECT_TRUE(db.ok());
  auto cols = db->Prepare("SELECT name FROM pragma_table_info('" + table + "')");
  EXPECT_TRUE(cols.ok());
  std::string select;
  while (*cols->Step()) select += (select.empty() ? "" : " || '|' || ") + std::string("coalesce(") + cols->Text(0) + ", '')";
  auto q = db->Prepare("SELECT " + select + " FROM " + table);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  std::string all;
  while (*q->Step()) all += q->Text(0) + "\n";
  return all;
}

int64_t Rows(const std::filesystem::path& db_file, const std::string& table) {
  auto db = store::Db::Open(db_file, false, 5000);
  auto q = db->Prepare("SELECT count(*) FROM " + table);
  EXPECT_TRUE(*q->Step());
  return q->Int(0);
}

// What identifies the travellers of the manifest below.
const std::vector<std::string> kPersonal = {"ALADNANI", "aladnani", "ADNANI", "adnani", "SMITH", "smith", "JOHN",
                                            "1977-05-04", "770504", "P0123456", "X9876543", "1990-01-01",
                                            "XY123/2026-12-07/1", "XY123/2026-12-07/2"};

TEST(TravelRetention, NothingPersonalSurvivesTheMaskingPeriodAndNothingAtAllTheDeletionPeriod) {
  testing::TempDir dir;
  std::string now = "2026-01-10T08:00:00Z";
  auto svc = OpenWithList(dir, [&] { return now; });
  const auto db_file = dir.path() / "data" / "tamis.db";
  auto travel = std::move(TravelStore::Open(db_file)).value();
  auto salt = travel->CurrentSalt(now);
  ASSERT_TRUE(salt.ok());

  auto batch = ReadTravelInput(Manifest({Nad("FL", "ALADNANI:ABU:MOHAMMED", 'M', "770504", "SYR", "P0123456", "SYR"),
                                         Nad("FL", "SMITH:JOHN", 'M', "900101", "GBR", "X9876543", "GBR")}),
                               "m.edi");
  ASSERT_TRUE(batch.ok());
  TravelScreenOptions so;
  so.pseudonym_salt = *salt;
  TravelScreener screener(*svc, so);
  FlightResult fr = screener.ScreenFlight(batch->flights[0]);
  ASSERT_EQ(fr.summary.alerts_new, 2);
  ASSERT_TRUE(travel->AddResults(TravelResultRows(*svc->snapshot()->names, fr, "m.edi", now, true)).ok());
  // One alert decided a false positive (its reason naming the traveller) and whitelisted.
  auto alerts = svc->review().ListAlerts({.line = "travel"});
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 2u);
  int64_t smith = 0;
  for (const auto& a : *alerts)
    if (a.entity_id == "un:QDi.902") smith = a.alert_id;
  ASSERT_GT(smith, 0);
  ASSERT_TRUE(svc->review().Assign(smith, "ann", "ann", now).ok());
  ASSERT_TRUE(svc->review().Propose(smith, "ann", "false_positive", "John Smith born 1990-01-01, not KHALIL", now).ok());
  ASSERT_TRUE(svc->review().Review(smith, "sue", "confirm", "agree: JOHN SMITH", now).ok());
  ASSERT_EQ(svc->review().ListWhitelist()->size(), 1u);

  // Before the period nothing changes; the personal data is there (the dump sees it).
  auto early = ApplyTravelRetention(*travel, svc->review(), {}, "2026-07-09T08:00:00Z");
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_EQ(early->results.results_masked, 0);
  EXPECT_EQ(early->alerts.masked, 0);
  const std::vector<std::string> tables = {"travel_results", "alerts", "alert_events", "whitelist", "travel_salts"};
  std::string before;
  for (const auto& t : tables) before += DumpTable(db_file, t);
  for (const char* p : {"ADNANI", "SMITH", "1977-05-04", "P0123456"}) EXPECT_NE(before.find(p), std::string::npos) << p;
  EXPECT_NE(before.find(*salt), std::string::npos);

  // Six months and a day later: masked.
  const std::string later = "2026-07-11T08:00:00Z";
  auto r = ApplyTravelRetention(*travel, svc->review(), {}, later);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->results.mask_before, "2026-01-11T08:00:00Z");
  EXPECT_EQ(r->results.results_masked, 2);
  EXPECT_EQ(r->alerts.masked, 2);
  EXPECT_EQ(r->alerts.whitelist_deleted, 1);
  EXPECT_EQ(r->results.salts_deleted, 1);
  for (const auto& t : tables) {
    const std::string dump = DumpTable(db_file, t);
    for (const auto& p : kPersonal) EXPECT_EQ(dump.find(p), std::string::npos) << p << " survives in " << t << ": " << dump;
    EXPECT_EQ(dump.find(*salt), std::string::npos) << "the old salt survives in " << t;
  }
  // What stays: the rows, their flight, the entity ids hit, states and decisions.
  EXPECT_EQ(Rows(db_file, "travel_results"), 2);
  const std::string results = DumpTable(db_file, "travel_results");
  EXPECT_NE(results.find("un:QDi.900"), std::string::npos);
  EXPECT_NE(results.find("XY123/2026-12-07|passenger"), std::string::npos) << results;
  auto masked = svc->review().GetAlert(smith);
  ASSERT_TRUE(masked.ok());
  EXPECT_EQ(masked->state, "decided");
  EXPECT_EQ(masked->decision, "false_positive");
  EXPECT_EQ(masked->party_key, "masked:" + std::to_string(smith));
  EXPECT_EQ(masked->hit_json, "{\"masked\":true,\"entity_id\":\"un:QDi.902\",\"list\":\"un\",\"score\":0.9700}");
  // The audit chain still verifies, and what Tamis wrote into it names no traveller (party
  // keys are pseudonyms; the analysts' own reasons are kept as typed: see docs/design.md).
  auto v = svc->review().VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  auto audit = svc->review().AuditLog(0, 1000);
  ASSERT_TRUE(audit.ok());
  ASSERT_FALSE(audit->empty());
  for (const auto& rec : *audit) {
    if (rec.action == "alert.propose" || rec.action == "alert.confirm") continue;
    for (const auto& p : kPersonal) EXPECT_EQ(rec.detail.find(p), std::string::npos) << rec.action << ": " << rec.detail;
  }

  // The same traveller screened again, even under the old salt, is a new party: the masked
  // alert is no longer linked, not even from the review store's memory of alerts met again.
  now = later;
  FlightResult again_fr = screener.ScreenFlight(batch->flights[0]);
  for (const auto& r : again_fr.travellers)
    for (const auto& a : r.party.alerts)
      if (a.alert_id) {
        EXPECT_TRUE(a.created) << "alert " << a.alert_id << " linked to a masked one";
        EXPECT_NE(a.alert_id, smith);
      }
  EXPECT_EQ(again_fr.summary.alerts_new, 2);
  auto salt2 = travel->CurrentSalt(now);
  ASSERT_TRUE(salt2.ok());
  EXPECT_NE(*salt2, *salt);

  // Idempotent: the same run again changes nothing, not even the audit log.
  const int64_t audit_before = svc->review().VerifyAudit()->records;
  std::string dump1;
  for (const auto& t : tables) dump1 += DumpTable(db_file, t);
  auto again = ApplyTravelRetention(*travel, svc->review(), {}, later);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->results.results_masked + again->results.results_deleted + again->alerts.masked +
                again->alerts.deleted + again->alerts.whitelist_deleted + again->results.salts_deleted,
            0);
  std::string dump2;
  for (const auto& t : tables) dump2 += DumpTable(db_file, t);
  EXPECT_EQ(dump1, dump2);
  EXPECT_EQ(svc->review().VerifyAudit()->records, audit_before);

  // Five years: deleted (the two alerts opened again six months later stay till their turn).
  auto gone = ApplyTravelRetention(*travel, svc->review(), {}, "2031-01-11");
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_EQ(gone->results.results_deleted, 2);
  EXPECT_EQ(gone->alerts.deleted, 2);
  EXPECT_EQ(Rows(db_file, "travel_results"), 0);
  EXPECT_EQ(Rows(db_file, "alerts"), 2);
  auto last = ApplyTravelRetention(*travel, svc->review(), {}, "2031-07-12");
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->alerts.deleted, 2);
  EXPECT_EQ(Rows(db_file, "alerts"), 0);
  EXPECT_EQ(Rows(db_file, "alert_events"), 0);
  EXPECT_EQ(Rows(db_file, "whitelist"), 0);
  EXPECT_TRUE(svc->review().VerifyAudit()->ok);

  EXPECT_EQ(ApplyTravelRetention(*travel, svc->review(), {}, "last week").status().code(), StatusCode::kInvalidArgument);
}

// The review store answers alerts met again from memory; masking on the same connection must
// forget them, or the masked alert would be linked to the traveller again.
TEST(TravelRetention, AMaskedAlertIsNotMetAgainFromMemory) {
  testing::TempDir dir;
  auto svc = OpenWithList(dir);
  auto batch = ReadTravelInput(Manifest({Nad("FL", "SMITH:JOHN", 'M', "900101", "GBR", "X9876543", "GBR")}), "m.edi");
  ASSERT_TRUE(batch.ok());
  TravelScreener screener(*svc, {});
  FlightResult first = screener.ScreenFlight(batch->flights[0]);
  ASSERT_EQ(first.summary.alerts_new, 1);
  EXPECT_EQ(screener.ScreenFlight(batch->flights[0]).summary.alerts_existing, 1);  // now in memory
  auto m = svc->review().DepersonaliseAlerts("travel", "travel:", "2099-01-01T00:00:00Z", "2000-01-01T00:00:00Z", kNow);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->masked, 1);
  FlightResult after = screener.ScreenFlight(batch->flights[0]);
  EXPECT_EQ(after.summary.alerts_new, 1);
  EXPECT_EQ(after.summary.alerts_existing, 0);
}

TEST(TravelRetention, CalendarMonths) {
  EXPECT_EQ(*IsoMinusMonths("2026-08-31T10:00:00Z", 6), "2026-02-28T10:00:00Z");
  EXPECT_EQ(*IsoMinusMonths("2028-08-31", 6), "2028-02-29T00:00:00Z");
  EXPECT_EQ(*IsoMinusMonths("2026-03-15T00:00:00Z", 60), "2021-03-15T00:00:00Z");
  EXPECT_EQ(*IsoMinusMonths("2026-01-10T08:00:00Z", 1), "2025-12-10T08:00:00Z");
  EXPECT_FALSE(IsoMinusMonths("2026-13-01", 1).ok());
  EXPECT_FALSE(IsoMinusMonths("07/12/2026", 1).ok());
}

}  // namespace
}  // namespace tamis
