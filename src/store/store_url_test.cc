// The store URL rule, and PostgreSQL-specific behaviour of the store: a server that is down at
// start, and one lost and back mid-run (a private test server that the test stops and starts).
#include <gtest/gtest.h>

#include "store/store_test_util.h"
#include "store/review_store.h"
#include "store/store.h"
#include "testing/pg_server.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

TEST(StoreUrl, PickTheBackend) {
  auto pg = store::ParseStoreLocation("postgresql://ann@db.example/tamis");
  EXPECT_EQ(pg.dialect, store::Dialect::kPostgres);
  EXPECT_EQ(pg.target, "postgresql://ann@db.example/tamis");
  EXPECT_EQ(store::ParseStoreLocation("postgres://h/db").dialect, store::Dialect::kPostgres);
  auto lite = store::ParseStoreLocation("sqlite:/var/lib/tamis");
  EXPECT_EQ(lite.dialect, store::Dialect::kSqlite);
  EXPECT_EQ(lite.target, "/var/lib/tamis");
  auto plain = store::ParseStoreLocation("data/tamis");
  EXPECT_EQ(plain.dialect, store::Dialect::kSqlite);
  EXPECT_EQ(plain.target, "data/tamis");
}

TEST(StoreUrl, PasswordsNeverReachMessages) {
  EXPECT_EQ(store::RedactUrl("postgresql://ann:s3cret@db:5432/tamis"), "postgresql://ann:***@db:5432/tamis");
  EXPECT_EQ(store::RedactUrl("postgresql://db/tamis?user=ann&password=s3cret&sslmode=require"),
            "postgresql://db/tamis?user=ann&password=***&sslmode=require");
  EXPECT_EQ(store::RedactUrl("postgresql://ann@db/tamis"), "postgresql://ann@db/tamis");
}

TEST(StoreUrl, SqliteUrlOpensTheDataDirectory) {
  testing::TempDir dir;
  StoreOptions o;
  o.url = "sqlite:" + (dir.path() / "d").string();
  auto s = Store::Open(o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->db_path(), dir.path() / "d" / "tamis.db");
  EXPECT_EQ((*s)->dialect(), store::Dialect::kSqlite);
}

TEST(PgStore, ServerDownAtStartIsUnavailableNamingTheServer) {
  if (!testing::HavePostgres()) GTEST_SKIP() << "PostgreSQL 15 binaries absent";
  testing::TempDir dir;  // no server listens on a socket here
  StoreOptions o;
  o.url = "postgresql://postgres:pw@/postgres?host=" + dir.path().string() + "&port=5432";
  auto s = Store::Open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(s.status().message().find("cannot connect to the PostgreSQL store"), std::string::npos) << s.status().message();
  EXPECT_EQ(s.status().message().find(":pw@"), std::string::npos) << "password in message";
  EXPECT_EQ(ReviewStore::Open(o.url).status().code(), StatusCode::kUnavailable);
}

using store_test::Person;

ParsedList Many(int n, const std::string& tag) {
  ParsedList l;
  l.source = "un";
  l.format = "un_xml";
  for (int i = 0; i < n; ++i) l.entities.push_back(Person("QDi." + std::to_string(i), tag + " " + std::to_string(i)));
  return l;
}

ImportMeta Meta(const std::string& h) {
  ImportMeta m;
  m.imported_at = "2026-12-07T00:00:00Z";
  m.files.push_back({"un.xml", h, 1});
  return m;
}

// The server goes away in the middle of an import and of review work: every call fails with
// kUnavailable (503 at the API), the import leaves the previous version in force, and once the
// server is back the same Store and ReviewStore objects work again without a restart.
TEST(PgStore, LostMidRunIsUnavailableNothingHalfWrittenAndRecovers) {
  if (!testing::HavePostgres()) GTEST_SKIP() << "PostgreSQL 15 binaries absent";
  testing::PgServer server;
  ASSERT_TRUE(server.ok()) << "could not start a private PostgreSQL server";
  const std::string url = testing::FreshPgSchemaUrl(server.url());
  StoreOptions o;
  o.url = url;
  bool stopped = false;
  o.fault_injector = [&](int64_t row) {
    if (row == 300 && !stopped) stopped = server.Stop();  // the server dies mid-import
    return Status();
  };
  auto store = std::move(Store::Open(o)).value();
  o.fault_injector = nullptr;
  {
    auto plain = std::move(Store::Open(o)).value();
    ASSERT_TRUE(plain->Import(Many(100, "first"), Meta("h1")).ok());
  }
  auto review = std::move(ReviewStore::Open(url)).value();
  AlertInput in;
  in.party_key = "p1";
  in.entity_id = "un:QDi.7";
  in.source = "un";
  in.version_id = 1;
  in.score = 0.9;
  auto first = review->OpenAlert(in, "t1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();

  auto r = store->Import(Many(1000, "second"), Meta("h2"));
  ASSERT_TRUE(stopped);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
  in.party_key = "p2";
  EXPECT_EQ(review->OpenAlert(in, "t2").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(review->Propose(first->alert_id, "ann", "true_match", "same DOB", "t2").code(), StatusCode::kUnavailable);
  EXPECT_EQ(store->Versions().status().code(), StatusCode::kUnavailable);

  ASSERT_TRUE(server.Start());
  auto versions = store->Versions();
  ASSERT_TRUE(versions.ok()) << versions.status().ToString();
  ASSERT_EQ(versions->size(), 1u);  // the interrupted import left nothing
  EXPECT_EQ((*versions)[0].entity_count, 100);
  EXPECT_EQ(store->GetEntity("un:QDi.500").status().code(), StatusCode::kNotFound);
  auto again = review->OpenAlert(in, "t3");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->created);
  ASSERT_TRUE(review->Propose(first->alert_id, "ann", "true_match", "same DOB", "t3").ok());
  auto v = review->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->records, 3);  // alert 1 opened, alert 2 opened, alert 1 proposed
  auto imported = store->Import(Many(1000, "second"), Meta("h2"));
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->version.entity_count, 1000);
}

}  // namespace
}  // namespace tamis
