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

TEST(RegistryStore, DuplicateIdsInOneApplyWriteNothing) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  auto a = reg->Apply({Subject("c1", "Ann Lee"), Subject("c1", "Ann Li")}, {}, "t1");
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*reg->Count(), 0);
}

}  // namespace
}  // namespace tamis
