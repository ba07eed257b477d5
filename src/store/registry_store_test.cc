#include "store/registry_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "store/db.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

RegistrySubject Subject(const std::string& id, const std::string& name) {
  RegistrySubject s;
  s.subject_id = id;
  s.name = name;
  return s;
}

TEST(RegistryStore, UpsertKeepsResultsOfUnchangedSubjectsOnly) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  auto a = reg->Apply({Subject("c1", "Ann Lee"), Subject("c2", "Bo Chan")}, {}, "t1");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->added, 2);
  RegistryRun run;
  run.at = "t2";
  run.mode = "full";
  run.versions = {{"ofac", 3}, {"un", 2}};
  auto id = reg->SaveRun(run, {{"c1", "ofac:1\t0.900000\n"}, {"c2", "un:2\t0.800000\n"}});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto last = std::move(reg->LastRun()).value();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->run_id, *id);
  EXPECT_EQ(last->versions, run.versions);
  EXPECT_EQ(FormatVersions(run.versions), "ofac=3;un=2");
  // c1 unchanged keeps its result; c2 renamed waits for screening.
  a = reg->Apply({Subject("c1", "Ann Lee"), Subject("c2", "Bo Chen")}, {"c7"}, "t3");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->unchanged, 1);
  EXPECT_EQ(a->updated, 1);
  EXPECT_EQ(a->not_found, std::vector<std::string>{"c7"});
  auto all = std::move(reg->LoadAll()).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].result, "ofac:1\t0.900000\n");
  EXPECT_EQ(all[0].screened_run, *id);
  EXPECT_EQ(all[1].result, "");
  EXPECT_EQ(all[1].screened_run, 0);
}

// The persisted reverse index: a subject's keys go when Apply changes or deletes it (so the
// next run recomputes them), and stay when it is unchanged.
TEST(RegistryStore, ReverseKeysAreDroppedWhenASubjectChanges) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  ASSERT_TRUE(reg->Apply({Subject("c1", "Ann Lee"), Subject("c2", "Bo Chan"), Subject("c3", "Cy Dunn")}, {}, "t1").ok());
  EXPECT_EQ(reg->LoadUnkeyed().value().size(), 3u);
  ASSERT_TRUE(reg->SetKeys({{"c1", {{7, 0}, {9, 0}}}, {"c2", {{9, 0}, {11, 5}}}, {"c3", {{13, 0}}}, {"gone", {{7, 0}}}}).ok());
  EXPECT_TRUE(reg->LoadUnkeyed().value().empty());
  EXPECT_EQ(reg->SubjectsWithKeys({9}).value(), (std::vector<std::string>{"c1", "c2"}));
  EXPECT_EQ(reg->SubjectsWithKeys({7, 13, 99}).value(), (std::vector<std::string>{"c1", "c3"}));  // "gone" skipped
  EXPECT_EQ(reg->KeyRows().value(), 5);
  // A key with a `via` counts only when the caller says so.
  EXPECT_EQ(reg->SubjectsWithKeys({11}, [](int64_t via) { return via != 5; }).value(), std::vector<std::string>{});
  EXPECT_EQ(reg->SubjectsWithKeys({11}, [](int64_t via) { return via == 5; }).value(), std::vector<std::string>{"c2"});
  // c1 unchanged, c2 renamed, c3 deleted.
  ASSERT_TRUE(reg->Apply({Subject("c1", "Ann Lee"), Subject("c2", "Bo Chen")}, {"c3"}, "t2").ok());
  EXPECT_EQ(reg->SubjectsWithKeys({9, 11, 13}).value(), std::vector<std::string>{"c1"});
  auto unkeyed = reg->LoadUnkeyed().value();
  ASSERT_EQ(unkeyed.size(), 1u);
  EXPECT_EQ(unkeyed[0].subject_id, "c2");
  EXPECT_EQ(reg->KeyRows().value(), 2);
  // Replacing a subject's keys, and dropping all of them with a new version.
  ASSERT_TRUE(reg->SetKeys({{"c1", {{21, 0}}}}).ok());
  EXPECT_TRUE(reg->SubjectsWithKeys({7, 9}).value().empty());
  EXPECT_EQ(reg->KeysVersion().value(), "");
  ASSERT_TRUE(reg->ResetKeys("v2").ok());
  EXPECT_EQ(reg->KeysVersion().value(), "v2");
  EXPECT_EQ(reg->KeyRows().value(), 0);
  EXPECT_EQ(reg->LoadUnkeyed().value().size(), 2u);
}

// Pending: waiting subjects and those holding a hit; a run rewrites only changed results.
TEST(RegistryStore, PendingHoldsWaitingAndHitSubjects) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  ASSERT_TRUE(reg->Apply({Subject("c1", "Ann Lee"), Subject("c2", "Bo Chan"), Subject("c3", "Cy Dunn")}, {}, "t1").ok());
  EXPECT_EQ(reg->LoadPending().value().size(), 3u);
  RegistryRun run;
  run.at = "t2";
  run.mode = "full";
  const int64_t r1 = reg->SaveRun(run, {{"c1", "ofac:1\t0.900000\n"}, {"c2", ""}, {"c3", ""}}).value();
  auto pending = reg->LoadPending().value();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].subject_id, "c1");
  const int64_t r2 = reg->SaveRun(run, {{"c1", "ofac:1\t0.900000\n"}, {"c2", "un:4\t0.750000\n"}}).value();
  auto all = reg->LoadByIds({"c2", "c1", "nope"}).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].subject_id, "c2");
  EXPECT_EQ(all[0].screened_run, r2);  // changed: rewritten
  EXPECT_EQ(all[1].screened_run, r1);  // same result: left as it was
}

TEST(RegistryStore, DuplicateIdsInOneApplyWriteNothing) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  auto a = reg->Apply({Subject("c1", "Ann Lee"), Subject("c1", "Ann Li")}, {}, "t1");
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*reg->Count(), 0);
}

// A subject imported again while a run screens it (between the run's load and its save) keeps
// waiting: the run's result is that of the record it loaded, not of the new one.
TEST(RegistryStore, SaveRunSkipsASubjectChangedSinceItWasLoaded) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  ASSERT_TRUE(reg->Apply({Subject("c1", "Ann Lee"), Subject("c2", "Bo Chan")}, {}, "t1").ok());
  auto loaded = std::move(reg->LoadAll()).value();  // what a run screens
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_GT(loaded[0].rev, 0);
  auto a = reg->Apply({Subject("c1", "Ann Leigh")}, {}, "t2");  // meanwhile c1 changes
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->updated, 1);
  RegistryRun run;
  run.at = "t3";
  run.mode = "full";
  std::vector<RegistryResult> results;
  for (const auto& s : loaded) results.push_back({s.subject_id, "ofac:1\t0.900000\n", s.rev});
  ASSERT_TRUE(reg->SaveRun(run, results).ok());
  auto all = std::move(reg->LoadAll()).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Ann Leigh");
  EXPECT_EQ(all[0].screened_run, 0);  // still waiting, with no result
  EXPECT_EQ(all[0].result, "");
  EXPECT_GT(all[1].screened_run, 0);  // c2, unchanged, is written
  EXPECT_EQ(all[1].result, "ofac:1\t0.900000\n");
  auto pending = std::move(reg->LoadPending()).value();
  bool c1_waits = false;
  for (const auto& s : pending) c1_waits |= s.subject_id == "c1" && s.screened_run == 0;
  EXPECT_TRUE(c1_waits);
}

// LoadByIds looks ids up in batches: the subjects that exist, in the ids' order, each once.
TEST(RegistryStore, LoadByIdsReturnsTheIdsOrderAcrossBatches) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  std::vector<RegistrySubject> subjects;
  for (int i = 0; i < 1000; ++i) subjects.push_back(Subject("s" + std::to_string(i), "Name " + std::to_string(i)));
  ASSERT_TRUE(reg->Apply(subjects, {}, "t1").ok());
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; i += 3) ids.push_back("s" + std::to_string(i));
  std::mt19937 rng(3);
  std::shuffle(ids.begin(), ids.end(), rng);
  ids.insert(ids.begin() + 100, "absent");
  ids.push_back(ids[5]);  // asked twice: returned once
  auto got = reg->LoadByIds(ids);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  std::vector<std::string> want;  // the oracle: ids in order, existing, first time each
  for (const auto& id : ids)
    if (id != "absent" && std::find(want.begin(), want.end(), id) == want.end()) want.push_back(id);
  ASSERT_EQ(got->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ((*got)[i].subject_id, want[i]);
    EXPECT_EQ((*got)[i].name, "Name " + want[i].substr(1));
  }
  EXPECT_TRUE(reg->LoadByIds({}).value().empty());
}

// A registry written by the previous schema (no rev, no drift) opens: its subjects keep their
// results, and its last run records no drift (so the next run is a full one).
TEST(RegistryStore, OpensARegistryOfTheFirstSchema) {
  testing::TempDir dir;
  {
    auto db = std::move(store::Db::Open(dir.path() / "tamis.db", true, 1000)).value();
    ASSERT_TRUE(db.Exec("CREATE TABLE registry_subjects(subject_id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL "
                        "DEFAULT '', dob TEXT NOT NULL DEFAULT '', nationality TEXT NOT NULL DEFAULT '', country TEXT NOT NULL "
                        "DEFAULT '', gender TEXT NOT NULL DEFAULT '', id_number TEXT NOT NULL DEFAULT '', updated_at TEXT NOT "
                        "NULL, result TEXT NOT NULL DEFAULT '', screened_run INTEGER NOT NULL DEFAULT 0); "
                        "CREATE TABLE registry_runs(run_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, mode TEXT NOT "
                        "NULL, versions TEXT NOT NULL, subjects INTEGER NOT NULL, rescreened INTEGER NOT NULL, changed INTEGER "
                        "NOT NULL, opened INTEGER NOT NULL, closed INTEGER NOT NULL, list_names INTEGER NOT NULL DEFAULT 0); "
                        "INSERT INTO registry_subjects(subject_id, name, updated_at, result, screened_run) "
                        "VALUES('c1', 'Ann Lee', 't0', 'ofac:1\t0.900000\n', 1); "
                        "INSERT INTO registry_runs(at, mode, versions, subjects, rescreened, changed, opened, closed, list_names) "
                        "VALUES('t0', 'full', 'ofac=1', 1, 1, 1, 0, 0, 10);")
                    .ok());
  }
  auto reg = RegistryStore::Open(dir.path() / "tamis.db");
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  auto all = std::move((*reg)->LoadAll()).value();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].result, "ofac:1\t0.900000\n");
  auto last = std::move((*reg)->LastRun()).value();
  ASSERT_TRUE(last.has_value());
  EXPECT_LT(last->drift, 0);
  RegistryRun run;
  run.at = "t1";
  run.mode = "full";
  run.drift = 0;
  ASSERT_TRUE((*reg)->SaveRun(run, {{"c1", "", all[0].rev}}).ok());
  EXPECT_EQ(std::move((*reg)->LastRun()).value()->drift, 0);
  EXPECT_EQ(std::move((*reg)->LoadAll()).value()[0].result, "");
}

}  // namespace
}  // namespace tamis
