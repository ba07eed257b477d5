#include "store/store_test_util.h"
#include "store/review_store.h"

#include <gtest/gtest.h>

#include <map>

#include "core/strings.h"
#include "store/store.h"
#include "testing/pg_server.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using store_test::Person;

// One review store with list version v1 (two UN entities) on the backend of the test's parameter:
// SQLite in a temp dir, or a fresh PostgreSQL schema (skip_reason set when there is no server).
struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<ReviewStore> review;
  int64_t v1 = 0;
  std::string skip_reason;

  explicit Fixture(store::Dialect backend = store::Dialect::kSqlite) {
    StoreOptions o;
    o.data_dir = dir.path() / "data";
    if (backend == store::Dialect::kPostgres) {
      o.url = testing::FreshPgUrl(&skip_reason);
      if (o.url.empty()) return;
    }
    store = std::move(Store::Open(o)).value();
    v1 = Import({Person("QDi.001", "Abu Bakr al-Baghdadi"), Person("QDi.002", "Someone Else")}, "h1");
    auto r = ReviewStore::Open(store->db_path());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    review = std::move(r).value();
  }
  int64_t Import(std::vector<Entity> es, const std::string& h) {
    ParsedList l;
    l.source = "un";
    l.format = "un_xml";
    l.entities = std::move(es);
    ImportMeta m;
    m.imported_at = "2026-12-01T00:00:00Z";
    m.files.push_back({"un.xml", h, 1});
    auto out = store->Import(l, m);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out->version.version_id;
  }
  AlertInput Hit(int64_t version, const std::string& party = "p1|ibrahim awad") {
    AlertInput in;
    in.party_key = party;
    in.party_id = "p1";
    in.entity_id = "un:QDi.001";
    in.source = "un";
    in.version_id = version;
    in.score = 0.91;
    return in;
  }
  // Runs `sql` through a connection of its own (a tamperer outside Tamis).
  void Sql(const std::string& sql) {
    auto db = store::Db::OpenTarget(store->db_path(), false, 5000);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    Status st = db->Exec(sql);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
};

class ReviewBackend : public ::testing::TestWithParam<store::Dialect> {};
std::string BackendName(const ::testing::TestParamInfo<store::Dialect>& p) {
  return p.param == store::Dialect::kPostgres ? "Postgres" : "Sqlite";
}
INSTANTIATE_TEST_SUITE_P(Backends, ReviewBackend, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         BackendName);
#define TAMIS_BACKEND_FIXTURE(f) \
  Fixture f(GetParam());         \
  if (!f.skip_reason.empty()) GTEST_SKIP() << f.skip_reason

const std::string kNow = "2026-12-07T10:00:00Z";

TEST_P(ReviewBackend, SameHitAgainIsOneAlert) {
  TAMIS_BACKEND_FIXTURE(f);
  auto a = f.review->OpenAlert(f.Hit(f.v1), kNow);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(a->created);
  auto b = f.review->OpenAlert(f.Hit(f.v1), kNow);
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->created);
  EXPECT_EQ(a->alert_id, b->alert_id);
  EXPECT_EQ(f.review->GetAlert(a->alert_id)->hits_seen, 2);
  auto other = f.review->OpenAlert(f.Hit(f.v1, "p2|someone"), kNow);
  EXPECT_NE(other->alert_id, a->alert_id);
  EXPECT_FALSE(f.review->OpenAlert([&] { auto h = f.Hit(f.v1); h.entity_id = "un:QDi.999"; return h; }(), kNow).ok());
}

TEST_P(ReviewBackend, FourEyes) {
  TAMIS_BACKEND_FIXTURE(f);
  const int64_t id = f.review->OpenAlert(f.Hit(f.v1), kNow)->alert_id;
  // Review before a proposal is refused.
  EXPECT_EQ(f.review->Review(id, "sue", "confirm", "", kNow).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(f.review->Propose(id, "ann", "maybe", "x", kNow).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(f.review->Propose(id, "ann", "false_positive", "  ", kNow).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(f.review->Propose(id, "ann", "false_positive", "different DOB", kNow).ok());
  EXPECT_EQ(f.review->Propose(id, "bob", "true_match", "x", kNow).code(), StatusCode::kFailedPrecondition);
  // The proposer cannot confirm.
  Status self = f.review->Review(id, "ann", "confirm", "", kNow);
  EXPECT_EQ(self.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(self.message().find("four eyes"), std::string::npos);
  EXPECT_EQ(f.review->GetAlert(id)->state, "proposed");
  // Returned: open again, then proposed and confirmed by another person.
  ASSERT_TRUE(f.review->Review(id, "sue", "return", "check passport", kNow).ok());
  EXPECT_EQ(f.review->GetAlert(id)->state, "open");
  ASSERT_TRUE(f.review->Propose(id, "ann", "false_positive", "passport differs", kNow).ok());
  ASSERT_TRUE(f.review->Review(id, "sue", "confirm", "agreed", kNow).ok());
  auto a = f.review->GetAlert(id);
  EXPECT_EQ(a->state, "decided");
  EXPECT_EQ(a->decision, "false_positive");
  EXPECT_EQ(a->decided_by, "sue");
  EXPECT_EQ(f.review->Review(id, "tom", "confirm", "", kNow).code(), StatusCode::kFailedPrecondition);
  auto ev = f.review->AlertEvents(id);
  ASSERT_TRUE(ev.ok());
  ASSERT_EQ(ev->size(), 5u);  // opened, proposed, returned, proposed, confirmed
  EXPECT_EQ((*ev)[2].action, "returned");
  EXPECT_EQ((*ev)[4].actor, "sue");
}

TEST_P(ReviewBackend, ConfirmedFalsePositiveSuppressesUntilTheEntityChanges) {
  TAMIS_BACKEND_FIXTURE(f);
  const int64_t id = f.review->OpenAlert(f.Hit(f.v1), kNow)->alert_id;
  ASSERT_TRUE(f.review->Propose(id, "ann", "false_positive", "different person", kNow).ok());
  ASSERT_TRUE(f.review->Review(id, "sue", "confirm", "", kNow).ok());
  auto again = f.review->OpenAlert(f.Hit(f.v1), kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->suppressed);
  // A new list version where the entity is unchanged: still suppressed.
  const int64_t v2 = f.Import({Person("QDi.001", "Abu Bakr al-Baghdadi"), Person("QDi.002", "Someone Else"),
                               Person("QDi.003", "New")}, "h2");
  EXPECT_TRUE(f.review->OpenAlert(f.Hit(v2), kNow)->suppressed);
  auto wl = f.review->ListWhitelist();
  ASSERT_EQ(wl->size(), 1u);
  EXPECT_FALSE((*wl)[0].lapsed);
  // The entity gains an alias: the entry lapses and the hit is an alert again.
  Entity changed = Person("QDi.001", "Abu Bakr al-Baghdadi");
  changed.names.push_back(Name{"Ibrahim Awad Ibrahim al-Badri"});
  const int64_t v3 = f.Import({changed, Person("QDi.002", "Someone Else")}, "h3");
  auto reopened = f.review->OpenAlert(f.Hit(v3), kNow);
  ASSERT_TRUE(reopened.ok());
  EXPECT_FALSE(reopened->suppressed);
  EXPECT_TRUE(reopened->created);
  EXPECT_NE(reopened->alert_id, id);
  EXPECT_TRUE((*f.review->ListWhitelist())[0].lapsed);
}

TEST_P(ReviewBackend, ManualWhitelistNeedsACurrentEntity) {
  TAMIS_BACKEND_FIXTURE(f);
  EXPECT_EQ(f.review->AddWhitelist("p9", "un:QDi.404", "sue", "r", kNow).code(), StatusCode::kNotFound);
  EXPECT_EQ(f.review->AddWhitelist("p9", "un:QDi.002", "sue", "", kNow).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(f.review->AddWhitelist("p9", "un:QDi.002", "sue", "known customer", kNow).ok());
  auto h = f.Hit(f.v1, "p9");
  h.entity_id = "un:QDi.002";
  EXPECT_TRUE(f.review->OpenAlert(h, kNow)->suppressed);
  ASSERT_TRUE(f.review->RemoveWhitelist("p9", "un:QDi.002", "sue", kNow).ok());
  EXPECT_EQ(f.review->RemoveWhitelist("p9", "un:QDi.002", "sue", kNow).code(), StatusCode::kNotFound);
  EXPECT_FALSE(f.review->OpenAlert(h, kNow)->suppressed);
}

// Builds a chain of 6 records: open, propose, confirm, whitelist.add, key.create, list.update.
void FillChain(Fixture& f) {
  const int64_t id = f.review->OpenAlert(f.Hit(f.v1), kNow)->alert_id;
  ASSERT_TRUE(f.review->Propose(id, "ann", "false_positive", "r", kNow).ok());
  ASSERT_TRUE(f.review->Review(id, "sue", "confirm", "", kNow).ok());
  ASSERT_TRUE(f.review->CreateKey("ann", Role::kAnalyst, "admin", kNow).ok());
  ASSERT_TRUE(f.review->Audit("admin", "list.update", "un", "v2", kNow).ok());
  auto v = f.review->VerifyAudit();
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->ok) << v->problem;
  ASSERT_EQ(v->records, 6);
}

TEST_P(ReviewBackend, AuditDetectsAnEditedRecord) {
  TAMIS_BACKEND_FIXTURE(f);
  FillChain(f);
  f.Sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
  auto v = f.review->VerifyAudit();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 3);
  EXPECT_NE(v->problem.find("altered"), std::string::npos);
}

TEST_P(ReviewBackend, AuditDetectsARecomputedHash) {
  TAMIS_BACKEND_FIXTURE(f);
  FillChain(f);
  // The forger recomputes record 2's own hash; record 3 no longer follows it.
  auto log = f.review->AuditLog(0, 100);
  AuditRecord r = (*log)[1];
  r.detail = "forged";
  r.hash = AuditRecordHash(r);
  f.Sql("UPDATE audit_log SET detail = 'forged', hash = '" + r.hash + "' WHERE seq = 2");
  auto v = f.review->VerifyAudit();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 3);
}

TEST_P(ReviewBackend, AuditDetectsADeletedRecord) {
  TAMIS_BACKEND_FIXTURE(f);
  FillChain(f);
  f.Sql("DELETE FROM audit_log WHERE seq = 4");
  auto v = f.review->VerifyAudit();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 4);
  EXPECT_NE(v->problem.find("missing"), std::string::npos);
}

TEST_P(ReviewBackend, AuditDetectsReorderedRecords) {
  TAMIS_BACKEND_FIXTURE(f);
  FillChain(f);
  // Swap the contents of records 2 and 3, keeping their seq numbers.
  f.Sql("UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;"
        " UPDATE audit_log SET seq = 3 WHERE seq = -2");
  auto v = f.review->VerifyAudit();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 2);
}

TEST_P(ReviewBackend, KeysAreHashedAndRevocable) {
  TAMIS_BACKEND_FIXTURE(f);
  auto tok = f.review->CreateKey("ann", Role::kAnalyst, "root", kNow);
  ASSERT_TRUE(tok.ok());
  auto k = f.review->Authenticate(*tok);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->name, "ann");
  EXPECT_EQ(k->role, Role::kAnalyst);
  std::string wrong = *tok;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(f.review->Authenticate(wrong).ok());
  EXPECT_FALSE(f.review->Authenticate("").ok());
  EXPECT_FALSE(f.review->Authenticate("tamis_x").ok());
  // The secret is not in the database (SQLite: its files; PostgreSQL: the api_keys rows).
  const std::string secret = tok->substr(19);
  if (GetParam() == store::Dialect::kSqlite) {
    std::string db = testing::ReadFileOrDie(f.store->db_path());
    std::string wal;
    if (std::filesystem::exists(f.store->db_path().string() + "-wal"))
      wal = testing::ReadFileOrDie(f.store->db_path().string() + "-wal");
    EXPECT_EQ(db.find(secret), std::string::npos);
    EXPECT_EQ(wal.find(secret), std::string::npos);
  } else {
    auto db = std::move(store::Db::OpenTarget(f.store->db_path(), false, 5000)).value();
    auto q = std::move(db.Prepare("SELECT key_id || name || role || secret_hash || created_at FROM api_keys")).value();
    ASSERT_TRUE(q.Step().value());
    EXPECT_EQ(q.Text(0).find(secret), std::string::npos);
    EXPECT_NE(q.Text(0).find(Sha256Hex(secret)), std::string::npos);
  }
  ASSERT_TRUE(f.review->RevokeKey(k->key_id, "root", kNow).ok());
  EXPECT_FALSE(f.review->Authenticate(*tok).ok());
  EXPECT_EQ(f.review->RevokeKey(k->key_id, "root", kNow).code(), StatusCode::kNotFound);
}

TEST_P(ReviewBackend, ListAlertsFiltersAndPages) {
  TAMIS_BACKEND_FIXTURE(f);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(f.review->OpenAlert(f.Hit(f.v1, "p" + std::to_string(i)), kNow).ok());
  ASSERT_TRUE(f.review->Propose(2, "ann", "true_match", "same DOB", kNow).ok());
  AlertFilter fl;
  fl.limit = 2;
  auto page1 = f.review->ListAlerts(fl);
  ASSERT_EQ(page1->size(), 2u);
  fl.after_id = page1->back().alert_id;
  auto page2 = f.review->ListAlerts(fl);
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ((*page2)[0].alert_id, 3);
  AlertFilter st;
  st.state = "proposed";
  auto prop = f.review->ListAlerts(st);
  ASSERT_EQ(prop->size(), 1u);
  EXPECT_EQ((*prop)[0].alert_id, 2);
  AlertFilter hi;
  hi.min_score = 0.95;
  EXPECT_TRUE(f.review->ListAlerts(hi)->empty());
  auto counts = f.review->CountAlertsByState();
  ASSERT_EQ(counts->size(), 2u);
  EXPECT_EQ((*counts)[0], (std::pair<std::string, int64_t>{"open", 4}));
}

// The counts beside a filtered queue are of that queue: per state, what ListAlerts with the same
// filter and that state returns (they ignored every filter before).
TEST_P(ReviewBackend, CountsPerStateFollowTheQueueFilters) {
  TAMIS_BACKEND_FIXTURE(f);
  const char* lines[] = {"party", "payment", "traveller"};
  for (int i = 0; i < 12; ++i) {
    AlertInput in = f.Hit(f.v1, "p" + std::to_string(i));
    in.line = lines[i % 3];
    in.score = 0.70 + 0.02 * i;
    ASSERT_TRUE(f.review->OpenAlert(in, i < 6 ? "2026-01-01T00:00:00Z" : "2026-03-01T00:00:00Z").ok());
  }
  ASSERT_TRUE(f.review->Propose(2, "ann", "true_match", "same DOB", kNow).ok());
  ASSERT_TRUE(f.review->Propose(5, "ann", "false_positive", "other DOB", kNow).ok());
  ASSERT_TRUE(f.review->Assign(8, "sue", "bob", kNow).ok());
  std::vector<AlertFilter> filters(6);
  filters[1].line = "payment";
  filters[2].min_score = 0.80;
  filters[2].max_score = 0.86;
  filters[3].assignee = "bob";
  filters[4].created_before = "2026-02-01T00:00:00Z";
  filters[5].line = "party";
  filters[5].created_after = "2026-02-01T00:00:00Z";
  filters[5].source = "eu";  // no alert of that list
  for (size_t k = 0; k < filters.size(); ++k) {
    auto counts = f.review->CountAlertsByState(filters[k]);
    ASSERT_TRUE(counts.ok()) << counts.status().ToString();
    std::map<std::string, int64_t> got(counts->begin(), counts->end());
    for (const char* state : {"open", "proposed", "decided"}) {
      AlertFilter listed = filters[k];
      listed.state = state;
      listed.limit = 1000;
      const auto want = static_cast<int64_t>(f.review->ListAlerts(listed)->size());
      EXPECT_EQ(got.count(state) ? got[state] : 0, want) << "filter " << k << ", state " << state;
    }
  }
  auto payment = f.review->CountAlertsByState(filters[1]);
  std::map<std::string, int64_t> pm(payment->begin(), payment->end());
  // Alert id i + 1 is the i-th opened: the payments are 2, 5, 8 and 11, of which 2 and 5 proposed.
  EXPECT_EQ(pm["open"], 2);
  EXPECT_EQ(pm["proposed"], 2);
  EXPECT_EQ(pm.count("decided"), 0u);
}

// Alerts met again are answered from memory; their counts still reach the store, and a change
// made through another connection (another process) is seen at once.
TEST_P(ReviewBackend, AlertsMetAgainAreCountedAndOtherWritersInvalidateTheMemory) {
  TAMIS_BACKEND_FIXTURE(f);
  auto first = f.review->OpenAlert(f.Hit(f.v1), "t1");
  ASSERT_TRUE(first.ok());
  for (int i = 0; i < 300; ++i) {
    auto again = f.review->OpenAlert(f.Hit(f.v1), "t1");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->alert_id, first->alert_id);
    EXPECT_FALSE(again->created);
  }
  EXPECT_EQ(f.review->GetAlert(first->alert_id)->hits_seen, 301);
  // A second connection puts the pair on the good-guy list: the first sees it on the next hit.
  auto other = std::move(ReviewStore::Open(f.store->db_path())).value();
  ASSERT_TRUE(other->AddWhitelist("p1|ibrahim awad", "un:QDi.001", "sue", "known customer", "t2").ok());
  auto now = f.review->OpenAlert(f.Hit(f.v1), "t3");
  ASSERT_TRUE(now.ok());
  EXPECT_TRUE(now->suppressed);
  ASSERT_TRUE(other->RemoveWhitelist("p1|ibrahim awad", "un:QDi.001", "sue", "t4").ok());
  EXPECT_FALSE(f.review->OpenAlert(f.Hit(f.v1), "t5")->suppressed);
  // Counts pending at close are written.
  f.review->OpenAlert(f.Hit(f.v1), "t6").value();
  f.review.reset();
  EXPECT_EQ(other->GetAlert(first->alert_id)->hits_seen, 303);
}

// OpenAlerts (one transaction) answers what OpenAlert in turn answers and writes the same rows:
// a new alert, the same hit again in the batch, another party, a whitelisted pair; the audit
// chain holds. A batch with a bad input writes nothing of it and leaves no memory behind.
TEST_P(ReviewBackend, OpenAlertsInOneTransactionIsOpenAlertInTurn) {
  TAMIS_BACKEND_FIXTURE(one);
  Fixture batch(GetParam());
  ASSERT_TRUE(batch.skip_reason.empty()) << batch.skip_reason;
  std::vector<AlertInput> ins = {one.Hit(one.v1), one.Hit(one.v1), one.Hit(one.v1, "p2|someone"),
                                 one.Hit(one.v1, "p3|white"), one.Hit(one.v1), one.Hit(one.v1, "p3|white")};
  ins[2].entity_id = "un:QDi.002";
  std::vector<std::string> nows = {"t1", "t2", "t3", "t4", "t5", "t6"};
  for (Fixture* f : {&one, &batch})
    ASSERT_TRUE(f->review->AddWhitelist("p3|white", "un:QDi.001", "sue", "known customer", "t0").ok());
  std::vector<AlertOutcome> seq;
  for (size_t i = 0; i < ins.size(); ++i) seq.push_back(one.review->OpenAlert(ins[i], nows[i]).value());
  auto got = batch.review->OpenAlerts(ins, nows);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), seq.size());
  for (size_t i = 0; i < seq.size(); ++i) {
    EXPECT_EQ((*got)[i].alert_id, seq[i].alert_id) << i;
    EXPECT_EQ((*got)[i].created, seq[i].created) << i;
    EXPECT_EQ((*got)[i].suppressed, seq[i].suppressed) << i;
  }
  EXPECT_TRUE(seq[0].created && !seq[1].created && seq[2].created && seq[3].suppressed && seq[5].suppressed);
  AlertFilter all;
  auto a1 = one.review->ListAlerts(all).value(), a2 = batch.review->ListAlerts(all).value();
  ASSERT_EQ(a1.size(), 2u);
  ASSERT_EQ(a2.size(), a1.size());
  for (size_t i = 0; i < a1.size(); ++i) {
    EXPECT_EQ(a2[i].party_key, a1[i].party_key);
    EXPECT_EQ(a2[i].entity_id, a1[i].entity_id);
    EXPECT_EQ(a2[i].hits_seen, a1[i].hits_seen);
    EXPECT_EQ(a2[i].created_at, a1[i].created_at);
  }
  EXPECT_EQ(a1[0].hits_seen, 3);
  auto l1 = one.review->AuditLog(0, 100).value(), l2 = batch.review->AuditLog(0, 100).value();
  ASSERT_EQ(l2.size(), l1.size());
  for (size_t i = 0; i < l1.size(); ++i) {
    EXPECT_EQ(l2[i].action, l1[i].action);
    EXPECT_EQ(l2[i].object, l1[i].object);
    EXPECT_EQ(l2[i].detail, l1[i].detail);
  }
  EXPECT_TRUE(batch.review->VerifyAudit()->ok);
  EXPECT_EQ(batch.review->AlertEvents(a2[0].alert_id)->size(), 1u);

  // A bad input (an entity not in the version) fails the batch: the new alert before it is not written.
  std::vector<AlertInput> bad = {batch.Hit(batch.v1, "p4|new"), batch.Hit(batch.v1, "p5|bad")};
  bad[1].entity_id = "un:QDi.999";
  std::vector<std::string> bad_nows = {"t7", "t8"};
  EXPECT_EQ(batch.review->OpenAlerts(bad, bad_nows).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(batch.review->ListAlerts(all)->size(), 2u);
  auto again = batch.review->OpenAlert(bad[0], "t9");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->created);
  EXPECT_TRUE(batch.review->VerifyAudit()->ok);
  EXPECT_FALSE(batch.review->OpenAlerts(bad, std::vector<std::string>{"t1"}).ok());  // one time per input
}

}  // namespace
}  // namespace tamis
