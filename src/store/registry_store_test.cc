#include "store/registry_store.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tamis
