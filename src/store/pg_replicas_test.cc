// Many replicas on one PostgreSQL store: separate processes (fork) with their own connections
// write at once; the store must keep one alert per hit, one decision per alert and one audit
// chain. Skipped (with a message) without the PostgreSQL binaries.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "store/review_store.h"
#include "store/store.h"
#include "testing/pg_server.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

Entity Person(const std::string& native) {
  Entity e;
  e.source = "un";
  e.native_id = native;
  e.id = "un:" + native;
  e.kind = EntityKind::kPerson;
  e.names.push_back(Name{"Person " + native});
  return e;
}

// A fresh schema holding one UN version of `n` entities (un:QDi.0 ..); returns its URL.
std::string Seeded(const std::string& url, int n) {
  StoreOptions o;
  o.url = url;
  auto s = std::move(Store::Open(o)).value();
  ParsedList l;
  l.source = "un";
  l.format = "un_xml";
  for (int i = 0; i < n; ++i) l.entities.push_back(Person("QDi." + std::to_string(i)));
  ImportMeta m;
  m.imported_at = "2026-12-07T00:00:00Z";
  m.files.push_back({"un.xml", "h", 1});
  EXPECT_TRUE(s->Import(l, m).ok());
  return url;
}

AlertInput Hit(const std::string& party, int entity) {
  AlertInput in;
  in.party_key = party;
  in.party_id = party;
  in.entity_id = "un:QDi." + std::to_string(entity);
  in.source = "un";
  in.version_id = 1;
  in.score = 0.9;
  return in;
}

// Runs `body(i)` in `n` child processes at once (each returns its exit code); true when all
// exited 0. Children open their own connections: nothing of the parent's is shared.
bool InProcesses(int n, const std::function<int(int)>& body) {
  std::vector<pid_t> kids;
  for (int i = 0; i < n; ++i) {
    pid_t p = fork();
    if (p == 0) _exit(body(i));
    kids.push_back(p);
  }
  bool ok = true;
  for (pid_t p : kids) {
    int st = 0;
    waitpid(p, &st, 0);
    ok = ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
  }
  return ok;
}

std::set<int64_t> ReadIds(const std::filesystem::path& f) {
  std::set<int64_t> out;
  std::ifstream in(f);
  for (int64_t id; in >> id;) out.insert(id);
  return out;
}

class PgReplicas : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    url_ = testing::FreshPgUrl(&why);
    if (url_.empty()) GTEST_SKIP() << why;
    Seeded(url_, 50);
  }
  std::string url_;
  testing::TempDir dir_;
};

// 4 replicas screen the same 30 parties against the same entities at once (and 5 parties of
// their own each): one alert per (party, entity), each met 4 times, one audit record per alert.
TEST_F(PgReplicas, AlertsAreDeduplicatedAcrossReplicas) {
  ASSERT_TRUE(InProcesses(4, [&](int r) {
    auto rs = ReviewStore::Open(url_);
    if (!rs.ok()) return 10;
    for (int i = 0; i < 30; ++i)
      if (!(*rs)->OpenAlert(Hit("shared" + std::to_string(i), i), "t").ok()) return 11;
    for (int i = 0; i < 5; ++i)
      if (!(*rs)->OpenAlert(Hit("own" + std::to_string(r) + "-" + std::to_string(i), i), "t").ok()) return 12;
    return 0;  // the ReviewStore's destructor writes the pending hit counts
  }));
  auto rs = std::move(ReviewStore::Open(url_)).value();
  AlertFilter f;
  f.limit = 1000;
  auto all = rs->ListAlerts(f);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 30u + 4 * 5);
  std::set<std::string> keys;
  for (const auto& a : *all) {
    keys.insert(a.party_key + "|" + a.entity_id);
    EXPECT_EQ(a.hits_seen, a.party_key.rfind("shared", 0) == 0 ? 4 : 1) << a.party_key;
  }
  EXPECT_EQ(keys.size(), all->size());
  auto v = rs->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->records, 50);  // one alert.open per alert, whichever replica opened it
}

// Two supervisors on two replicas confirm the same 20 proposed alerts at once, and two analysts
// propose the same 20 open ones: each alert gets exactly one decision and one proposal.
TEST_F(PgReplicas, FourEyesDecisionsOnOneAlertFromTwoReplicasResolveToOne) {
  std::vector<int64_t> proposed, open;
  {
    auto rs = std::move(ReviewStore::Open(url_)).value();
    for (int i = 0; i < 40; ++i) {
      auto a = rs->OpenAlert(Hit("p" + std::to_string(i), i), "t");
      ASSERT_TRUE(a.ok());
      if (i < 20) {
        ASSERT_TRUE(rs->Propose(a->alert_id, "ann", "true_match", "same DOB", "t").ok());
        proposed.push_back(a->alert_id);
      } else {
        open.push_back(a->alert_id);
      }
    }
  }
  const std::vector<std::string> who = {"sue", "tom"};
  ASSERT_TRUE(InProcesses(2, [&](int r) {
    auto rs = ReviewStore::Open(url_);
    if (!rs.ok()) return 10;
    std::ofstream won(dir_ / ("review" + std::to_string(r))), took(dir_ / ("propose" + std::to_string(r)));
    for (size_t i = 0; i < proposed.size(); ++i) {
      Status st = (*rs)->Review(proposed[i], who[r], "confirm", "agreed", "t2");
      if (st.ok()) won << proposed[i] << "\n";
      else if (st.code() != StatusCode::kFailedPrecondition) return 11;
      Status pst = (*rs)->Propose(open[i], who[r] + "-analyst", "false_positive", "other person", "t2");
      if (pst.ok()) took << open[i] << "\n";
      else if (pst.code() != StatusCode::kFailedPrecondition) return 12;
    }
    return 0;
  }));
  for (const char* what : {"review", "propose"}) {
    auto a = ReadIds(dir_ / (std::string(what) + "0")), b = ReadIds(dir_ / (std::string(what) + "1"));
    std::set<int64_t> both;
    for (int64_t id : a) if (b.count(id)) both.insert(id);
    EXPECT_TRUE(both.empty()) << what << ": an alert was changed by both replicas";
    EXPECT_EQ(a.size() + b.size(), 20u) << what;
  }
  auto rs = std::move(ReviewStore::Open(url_)).value();
  for (int64_t id : proposed) {
    auto a = rs->GetAlert(id);
    EXPECT_EQ(a->state, "decided");
    auto ev = rs->AlertEvents(id);
    int confirmed = 0;
    for (const auto& e : *ev) confirmed += e.action == "confirmed";
    EXPECT_EQ(confirmed, 1) << "alert " << id;
  }
  for (int64_t id : open) EXPECT_EQ(rs->GetAlert(id)->state, "proposed");
  auto v = rs->VerifyAudit();
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->records, 40 + 20 + 20 + 20);  // opened, proposed, then one confirm and one propose each
}

// 4 processes append 60 audit records each at once (with alerts opened in between): one chain.
TEST_F(PgReplicas, AuditChainStaysOneChainUnderConcurrentWriters) {
  ASSERT_TRUE(InProcesses(4, [&](int r) {
    auto rs = ReviewStore::Open(url_);
    if (!rs.ok()) return 10;
    for (int i = 0; i < 60; ++i) {
      if (!(*rs)->Audit("replica" + std::to_string(r), "test.write", "n:" + std::to_string(i), "", "t").ok()) return 11;
      if (i % 10 == 0 && !(*rs)->OpenAlert(Hit("r" + std::to_string(r) + "-" + std::to_string(i), i % 50), "t").ok())
        return 12;
    }
    return 0;
  }));
  auto rs = std::move(ReviewStore::Open(url_)).value();
  auto v = rs->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->records, 4 * 60 + 4 * 6);
  auto log = rs->AuditLog(0, 10000);
  std::map<std::string, int> per;
  for (const auto& rec : *log) per[rec.actor]++;
  for (int r = 0; r < 4; ++r) EXPECT_EQ(per["replica" + std::to_string(r)], 60);
}

}  // namespace
}  // namespace tamis
