#include "store/store_test_util.h"
#include "store/store.h"

#include <gtest/gtest.h>

#include "testing/pg_server.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using store_test::Person;

ParsedList List(std::vector<Entity> es) {
  ParsedList l;
  l.source = "un";
  l.format = "un_xml";
  l.entities = std::move(es);
  return l;
}

ImportMeta Meta(const std::string& file_hash) {
  ImportMeta m;
  m.imported_at = "2026-11-28T12:00:00Z";
  m.files.push_back({"UN_consolidated.xml", file_hash, 123});
  m.origin = "file";
  return m;
}

// The same cases on both backends: SQLite in a temp dir, PostgreSQL in a fresh schema.
class StoreBackend : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() != store::Dialect::kPostgres) return;
    std::string why;
    url_ = testing::FreshPgUrl(&why);
    if (url_.empty()) GTEST_SKIP() << why;
  }
  // The store of this test (the same database every call), with `opts`' other fields.
  std::unique_ptr<Store> OpenStore(StoreOptions opts = {}) {
    opts.data_dir = dir_.path() / "data";
    opts.url = url_;
    auto s = Store::Open(opts);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return std::move(s).value();
  }
  testing::TempDir dir_;
  std::string url_;
};

std::string BackendName(const ::testing::TestParamInfo<store::Dialect>& p) {
  return p.param == store::Dialect::kPostgres ? "Postgres" : "Sqlite";
}
INSTANTIATE_TEST_SUITE_P(Backends, StoreBackend, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         BackendName);

TEST_P(StoreBackend, ImportKeepsEveryVersionAndDiffs) {
  auto store = OpenStore();
  auto v1 = store->Import(List({Person("QDi.001", "A"), Person("QDi.002", "B"), Person("QDi.003", "C")}), Meta("h1"));
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1->added, 3);
  auto v2 = store->Import(List({Person("QDi.001", "A"), Person("QDi.002", "B changed"), Person("QDi.004", "D")}), Meta("h2"));
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->added, 1);
  EXPECT_EQ(v2->removed, 1);
  EXPECT_EQ(v2->changed, 1);

  auto d = store->Diff(v1->version.version_id, v2->version.version_id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->added, std::vector<std::string>{"un:QDi.004"});
  EXPECT_EQ(d->removed, std::vector<std::string>{"un:QDi.003"});
  EXPECT_EQ(d->changed, std::vector<std::string>{"un:QDi.002"});

  // Current version answers lookups; old versions stay readable.
  EXPECT_EQ(store->GetEntity("un:QDi.002")->PrimaryName(), "B changed");
  EXPECT_EQ(store->GetEntity("un:QDi.002", v1->version.version_id)->PrimaryName(), "B");
  EXPECT_EQ(store->GetEntity("un:QDi.003").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store->Versions("un")->size(), 2u);
  auto cur = store->CurrentVersions();
  ASSERT_EQ(cur->size(), 1u);
  EXPECT_EQ(cur->front().entity_count, 3);
  EXPECT_EQ(cur->front().files.front().name, "UN_consolidated.xml");
}

TEST_P(StoreBackend, SameContentIsNotImportedTwice) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Import(List({Person("QDi.001", "A")}), Meta("h1")).ok());
  auto again = store->Import(List({Person("QDi.001", "A")}), Meta("h1"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->unchanged);
  EXPECT_EQ(store->Versions()->size(), 1u);
  ImportMeta forced = Meta("h1");
  forced.force = true;
  EXPECT_FALSE(store->Import(List({Person("QDi.001", "A")}), forced)->unchanged);
  EXPECT_EQ(store->Versions()->size(), 2u);
}

TEST_P(StoreBackend, FailedImportLeavesPreviousVersionInForce) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store->Import(List({Person("QDi.001", "A")}), Meta("h1")).ok());
  }
  StoreOptions faulty;
  faulty.fault_injector = [](int64_t row) {
    return row == 2 ? IoError("injected disk failure") : Status();
  };
  auto store = OpenStore(faulty);
  auto r = store->Import(List({Person("QDi.001", "A2"), Person("QDi.002", "B"), Person("QDi.003", "C")}), Meta("h2"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  auto versions = store->Versions();
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ(store->GetEntity("un:QDi.001")->PrimaryName(), "A");
  EXPECT_EQ(store->GetEntity("un:QDi.002").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreBackend, DuplicateIdsAreRefusedAndNothingWritten) {
  auto store = OpenStore();
  auto r = store->Import(List({Person("QDi.001", "A"), Person("QDi.001", "B")}), Meta("h"));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(store->Versions()->empty());
}

// A streamed import that fails late (the parser's error after many entities were written, or
// the verify hook before commit) leaves the previous version in force and nothing of the new.
TEST_P(StoreBackend, StreamFailingLateLeavesPreviousVersionInForce) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Import(List({Person("QDi.001", "A")}), Meta("h1")).ok());
  const int kRows = 3000;  // more than one PostgreSQL pipeline batch
  auto produce = [&](int fail_at) {
    return [=](const EntitySink& sink) -> Result<ParsedList> {
      for (int i = 0; i < kRows; ++i) {
        if (i == fail_at) return ParseError("list.csv line " + std::to_string(i + 2) + ": field dob: not a date");
        TAMIS_RETURN_IF_ERROR(sink(Person("S" + std::to_string(i), "N" + std::to_string(i))));
      }
      return ParsedList{};
    };
  };
  auto r = store->ImportStream("un", "un_xml", produce(2900), Meta("h2"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  ImportMeta refuse = Meta("h3");
  int64_t seen = -1;
  refuse.verify = [&](int64_t n) { seen = n; return FailedPrecondition("shrink refused"); };
  EXPECT_EQ(store->ImportStream("un", "un_xml", produce(-1), refuse).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(seen, kRows);
  ASSERT_EQ(store->Versions()->size(), 1u);
  EXPECT_EQ(store->GetEntity("un:QDi.001")->PrimaryName(), "A");
  EXPECT_EQ(store->GetEntity("un:S0").status().code(), StatusCode::kNotFound);
  // The same stream without the failure imports all of it, with the diff computed in SQL.
  auto ok = store->ImportStream("un", "un_xml", produce(-1), Meta("h4"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->version.entity_count, kRows);
  EXPECT_EQ(ok->added, kRows);
  EXPECT_EQ(ok->removed, 1);
  EXPECT_EQ(ok->changed, 0);
}

// A repeated id far into a stream (past a pipeline batch on PostgreSQL) is refused as such.
TEST_P(StoreBackend, StreamWithLateDuplicateIdIsRefusedAndNothingWritten) {
  auto store = OpenStore();
  auto produce = [](const EntitySink& sink) -> Result<ParsedList> {
    for (int i = 0; i < 1500; ++i) TAMIS_RETURN_IF_ERROR(sink(Person("S" + std::to_string(i), "N")));
    TAMIS_RETURN_IF_ERROR(sink(Person("S7", "again")));
    for (int i = 1500; i < 1600; ++i) TAMIS_RETURN_IF_ERROR(sink(Person("S" + std::to_string(i), "N")));
    return ParsedList{};
  };
  auto r = store->ImportStream("un", "un_xml", produce, Meta("h"));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  EXPECT_NE(r.status().message().find("duplicate entity id"), std::string::npos) << r.status().ToString();
  EXPECT_TRUE(store->Versions()->empty());
}

// Unchanged content is recognised from the files' hashes before any entity is produced.
TEST_P(StoreBackend, UnchangedStreamIsNotParsed) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Import(List({Person("QDi.001", "A")}), Meta("h1")).ok());
  bool called = false;
  auto r = store->ImportStream("un", "un_xml", [&](const EntitySink&) -> Result<ParsedList> {
    called = true;
    return ParsedList{};
  }, Meta("h1"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->unchanged);
  EXPECT_FALSE(called);
}

TEST_P(StoreBackend, PersistsAcrossReopenAndIteratesCurrent) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store->Import(List({Person("QDi.001", "A"), Person("QDi.002", "B")}), Meta("h1")).ok());
    ASSERT_TRUE(store->Import(List({Person("QDi.002", "B")}), Meta("h2")).ok());
  }
  auto store = OpenStore();
  int n = 0;
  ASSERT_TRUE(store->ForEachCurrentEntityJson({}, [&](std::string_view) { ++n; return Status(); }).ok());
  EXPECT_EQ(n, 1);
  n = 0;
  ASSERT_TRUE(store->ForEachCurrentEntityJson({"ofac"}, [&](std::string_view) { ++n; return Status(); }).ok());
  EXPECT_EQ(n, 0);
}

TEST(StoreTest, OpenWithoutCreateReportsMissingStore) {
  testing::TempDir dir;
  StoreOptions o;
  o.data_dir = dir.path() / "nope";
  o.create = false;
  EXPECT_EQ(Store::Open(o).status().code(), StatusCode::kNotFound);
}

TEST(StoreTest, GarbageDatabaseFileIsReported) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  {
    std::ofstream f(dir.path() / "data" / "tamis.db");
    f << "this is not a database at all, just text that fills a page............";
  }
  StoreOptions o;
  o.data_dir = dir.path() / "data";
  auto s = Store::Open(o);
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace tamis

namespace tamis {
namespace {

TEST_P(StoreBackend, HashListsAreVersionedWithTagsAndKeptApartFromEntities) {
  StoreOptions o;
  auto store = OpenStore(o);
  HashListData l;
  l.source = "gifct";
  l.format = "hash_csv";
  StoredHash a{"pdq", std::string(64, 'f'), "clip 1", {"ideology:x", "source:gifct"}, 90, "id1", 2};
  StoredHash b{"md5", std::string(32, '0'), "", {}, -1, "", 3};
  l.hashes = {a, b};
  ImportMeta m;
  m.imported_at = "2026-11-28T12:00:00Z";
  m.files = {{"list.csv", "abc", 10}};
  auto r = store->ImportHashList(l, m);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version.kind, "hashes");
  EXPECT_EQ(r->version.entity_count, 2);
  EXPECT_TRUE(store->ImportHashList(l, m)->unchanged);
  auto hs = store->CurrentHashes({});
  ASSERT_EQ(hs->size(), 2u);
  EXPECT_EQ((*hs)[0].tags, (std::vector<std::string>{"ideology:x", "source:gifct"}));
  EXPECT_EQ((*hs)[0].quality, 90);
  EXPECT_EQ((*hs)[1].quality, -1);
  EXPECT_EQ((*hs)[0].source, "gifct");
  // A sanctions import under the same source name is refused, and vice versa.
  ParsedList pl;
  pl.source = "gifct";
  pl.format = "tamis_csv";
  EXPECT_EQ(store->Import(pl, m).status().code(), StatusCode::kInvalidArgument);
  // A failing hash import leaves the previous version.
  StoreOptions faulty = o;
  faulty.fault_injector = [](int64_t row) { return row == 1 ? IoError("injected") : Status(); };
  auto s2 = OpenStore(faulty);
  m.files = {{"list2.csv", "def", 10}};
  EXPECT_FALSE(s2->ImportHashList(l, m).ok());
  EXPECT_EQ(s2->Versions()->size(), 1u);
}

}  // namespace
}  // namespace tamis

namespace tamis {
namespace {

TEST(StoreMigrationTest, UpgradesASchemaVersion1StoreKeepingItsLists) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  {
    // The version-1 layout, as the first release wrote it.
    auto db = std::move(store::Db::Open(dir.path() / "data" / "tamis.db", true, 1000)).value();
    ASSERT_TRUE(db.Exec(R"SQL(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES('schema_version', '1');
      CREATE TABLE list_versions(version_id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,
        format TEXT NOT NULL, imported_at TEXT NOT NULL, list_date TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL, origin TEXT NOT NULL DEFAULT '', entity_count INTEGER NOT NULL,
        warning_count INTEGER NOT NULL DEFAULT 0, skipped_records INTEGER NOT NULL DEFAULT 0);
      INSERT INTO list_versions(source, format, imported_at, content_hash, entity_count)
        VALUES('un', 'un_xml', '2026-01-01T00:00:00Z', 'h', 0);
    )SQL").ok());
  }
  StoreOptions o;
  o.data_dir = dir.path() / "data";
  auto s = Store::Open(o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto v = (*s)->Versions();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ(v->front().kind, "entities");
  EXPECT_TRUE((*s)->CurrentHashes({}).ok());
}

TEST(StoreMigrationTest, UpgradesASchemaVersion2StoreWithHashListsToVideoFrames) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  const std::string pdq = "34ada6b96d18d2491a79f80f07f2c9936fe6083dfb6983d8a4a36db40034df54";
  {
    // The version-2 layout (media hash lists, no video_frames).
    auto db = std::move(store::Db::Open(dir.path() / "data" / "tamis.db", true, 1000)).value();
    ASSERT_TRUE(db.Exec(R"SQL(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES('schema_version', '2');
      CREATE TABLE list_versions(version_id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'entities', format TEXT NOT NULL, imported_at TEXT NOT NULL,
        list_date TEXT NOT NULL DEFAULT '', content_hash TEXT NOT NULL, origin TEXT NOT NULL DEFAULT '',
        entity_count INTEGER NOT NULL, warning_count INTEGER NOT NULL DEFAULT 0,
        skipped_records INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE media_hashes(version_id INTEGER NOT NULL, seq INTEGER NOT NULL, hash_type TEXT NOT NULL,
        value TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '', quality INTEGER,
        ext_id TEXT NOT NULL DEFAULT '', line INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(version_id, seq)) WITHOUT ROWID;
      INSERT INTO list_versions(source, kind, format, imported_at, content_hash, entity_count)
        VALUES('img', 'hashes', 'hash_plain', '2026-01-01T00:00:00Z', 'h', 1);
    )SQL").ok());
    ASSERT_TRUE(db.Exec("INSERT INTO media_hashes(version_id, seq, hash_type, value) VALUES(1, 0, 'pdq', '" + pdq + "')").ok());
  }
  StoreOptions o;
  o.data_dir = dir.path() / "data";
  auto s = Store::Open(o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto before = (*s)->CurrentHashes({});
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].hex, pdq);
  EXPECT_TRUE((*before)[0].frames.empty());
  // A video list can now be stored beside it, frames and all.
  HashListData video;
  video.source = "vid";
  video.format = "vpdq";
  StoredHash v;
  v.type = "vpdq";
  v.hex = std::string(64, 'a');
  v.label = "clip";
  for (int i = 0; i < 3; ++i)
    v.frames.push_back({media::PdqHash::FromHex(pdq).value(), 90 + i, i * 30, i * 1.0});
  video.hashes.push_back(v);
  ImportMeta meta;
  meta.imported_at = "2026-12-07T00:00:00Z";
  meta.files.push_back({"clip.txt", std::string(64, 'b'), 10});
  ASSERT_TRUE((*s)->ImportHashList(video, meta).ok());
  auto after = (*s)->CurrentHashes({"vid"});
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  ASSERT_EQ((*after)[0].frames.size(), 3u);
  EXPECT_EQ((*after)[0].frames[2].frame_number, 60);
  EXPECT_EQ((*after)[0].frames[2].quality, 92);
  EXPECT_DOUBLE_EQ((*after)[0].frames[2].timestamp_seconds, 2.0);
  EXPECT_EQ((*after)[0].frames[1].hash.ToHex(), pdq);
}

}  // namespace
}  // namespace tamis
