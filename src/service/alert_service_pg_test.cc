// AlertService replicas on one PostgreSQL store: a list imported by one process is picked up
// by the others (the list poller), screening on two replicas opens one alert, and a store lost
// mid-run makes screening fail with kUnavailable (503) until it is back.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include "service/alert_service.h"
#include "testing/pg_server.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

const std::string kNow = "2026-12-07T10:00:00Z";

ParsedList UnList(const std::vector<std::pair<std::string, std::string>>& es) {
  ParsedList l;
  l.source = "un";
  l.format = "un_xml";
  for (const auto& [id, name] : es) {
    Entity e;
    e.source = "un";
    e.native_id = id;
    e.id = "un:" + id;
    e.kind = EntityKind::kPerson;
    e.names.push_back(Name{name});
    l.entities.push_back(e);
  }
  return l;
}

Status ImportInto(const std::string& url, const ParsedList& l, const std::string& h) {
  StoreOptions so;
  so.url = url;
  TAMIS_ASSIGN_OR_RETURN(auto store, Store::Open(so));
  ImportMeta m;
  m.imported_at = kNow;
  m.files.push_back({"un.xml", h, 1});
  return store->Import(l, m).status();
}

ScreenRecord Party(const std::string& id, const std::string& name) {
  ScreenRecord r;
  r.id = id;
  r.name = name;
  return r;
}

Config PgConfig(const std::string& url, const testing::TempDir& dir) {
  Config cfg;
  cfg.data_dir = dir.path() / "data";
  cfg.store_url = url;
  return cfg;
}

TEST(AlertServicePg, ListImportedByAnotherProcessIsPickedUpAndAlertsAreShared) {
  std::string why;
  const std::string url = testing::FreshPgUrl(&why);
  if (url.empty()) GTEST_SKIP() << why;
  testing::TempDir dir;
  ASSERT_TRUE(ImportInto(url, UnList({{"QDi.001", "Abu Bakr al-Baghdadi"}}), "h1").ok());
  ServiceOptions so;
  so.list_poll_ms = 100;
  auto a = std::move(AlertService::Open(PgConfig(url, dir), so, [] { return kNow; })).value();
  auto b = std::move(AlertService::Open(PgConfig(url, dir), so, [] { return kNow; })).value();
  ASSERT_TRUE(a->ready());
  EXPECT_TRUE(a->ScreenParty(Party("c1", "Hamid Karzai"), {})->hits.empty());

  // Another process (a third replica, or `tamis lists import` elsewhere) adds an entity.
  pid_t p = fork();
  if (p == 0)
    _exit(ImportInto(url, UnList({{"QDi.001", "Abu Bakr al-Baghdadi"}, {"QDi.002", "Hamid Karzai"}}), "h2").ok() ? 0 : 1);
  int st = 0;
  waitpid(p, &st, 0);
  ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  auto un = [](const AlertService& s) { return s.snapshot()->versions.count("un") ? s.snapshot()->versions.at("un") : 0; };
  for (int i = 0; i < 100 && (un(*a) != 2 || un(*b) != 2); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(a->snapshot()->versions.at("un"), 2);
  EXPECT_EQ(b->snapshot()->versions.at("un"), 2);

  // Both replicas now find the new entity; the same party screened on both is one alert.
  auto ra = a->ScreenParty(Party("c1", "Hamid Karzai"), {});
  auto rb = b->ScreenParty(Party("c1", "Hamid Karzai"), {});
  ASSERT_TRUE(ra.ok() && rb.ok());
  ASSERT_FALSE(ra->alerts.empty());
  ASSERT_FALSE(rb->alerts.empty());
  EXPECT_TRUE(ra->alerts[0].created);
  EXPECT_FALSE(rb->alerts[0].created);
  EXPECT_EQ(ra->alerts[0].alert_id, rb->alerts[0].alert_id);
  EXPECT_FALSE(a->ReloadIfChanged().value());  // nothing new since
}

TEST(AlertServicePg, StoreLostMidRunIsUnavailableUntilItIsBack) {
  if (!testing::HavePostgres()) GTEST_SKIP() << "PostgreSQL 15 binaries absent";
  testing::PgServer server;
  ASSERT_TRUE(server.ok());
  const std::string url = testing::FreshPgSchemaUrl(server.url());
  testing::TempDir dir;
  ASSERT_TRUE(ImportInto(url, UnList({{"QDi.001", "Abu Bakr al-Baghdadi"}}), "h1").ok());
  ServiceOptions so;
  so.list_poll_ms = 0;
  auto svc = std::move(AlertService::Open(PgConfig(url, dir), so, [] { return kNow; })).value();
  // A second replica that is idle during the outage: its first call after it must just work.
  auto idle = std::move(AlertService::Open(PgConfig(url, dir), so, [] { return kNow; })).value();
  auto token = svc->review().CreateKey("ann", Role::kAnalyst, "root", kNow);
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(svc->ScreenParty(Party("c1", "Abu Bakr al-Baghdadi"), {}).ok());
  ASSERT_TRUE(server.Stop());
  // A key check while the store is down is kUnavailable (503), not "unknown key" (401).
  EXPECT_EQ(svc->review().Authenticate(*token).status().code(), StatusCode::kUnavailable);
  auto down = svc->ScreenParty(Party("c2", "Abu Bakr al-Baghdadi"), {});
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable) << down.status().ToString();
  EXPECT_EQ(svc->Versions("un").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(svc->ReloadIfChanged().status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(svc->ready());  // the snapshot in force stays; only store calls fail
  ASSERT_TRUE(server.Start());
  auto idle_key = idle->review().Authenticate(*token);
  ASSERT_TRUE(idle_key.ok()) << idle_key.status().ToString();
  EXPECT_EQ(idle_key->name, "ann");
  auto up = svc->ScreenParty(Party("c2", "Abu Bakr al-Baghdadi"), {});
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  ASSERT_FALSE(up->alerts.empty());
  EXPECT_TRUE(up->alerts[0].created);
  auto v = svc->review().VerifyAudit();
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->records, 3);  // key.create, two alert.open
}

// Down at start: Open fails with kUnavailable naming the server (tamis serve exits 5).
TEST(AlertServicePg, StoreDownAtStartIsUnavailable) {
  if (!testing::HavePostgres()) GTEST_SKIP() << "PostgreSQL 15 binaries absent";
  testing::TempDir dir;
  auto svc = AlertService::Open(PgConfig("postgresql://postgres@/postgres?host=" + dir.path().string(), dir), {},
                                [] { return kNow; });
  ASSERT_FALSE(svc.ok());
  EXPECT_EQ(svc.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(svc.status().message().find("cannot connect to the PostgreSQL store"), std::string::npos);
}

}  // namespace
}  // namespace tamis
