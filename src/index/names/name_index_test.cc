#include "index/names/name_index.h"

#include <gtest/gtest.h>

namespace tamis::index {
namespace {

Entity Person(std::string id, std::vector<std::string> names, std::string source = "un") {
  Entity e;
  e.id = std::move(id);
  e.source = std::move(source);
  e.kind = EntityKind::kPerson;
  for (size_t i = 0; i < names.size(); ++i) {
    Name n;
    n.full = names[i];
    n.type = i == 0 ? NameType::kPrimary : NameType::kAka;
    e.names.push_back(n);
  }
  return e;
}

std::vector<Entity> Sample() {
  return {Person("un:QDi.006", {"Usama Muhammed Awad bin Laden", "Osama bin Laden", "Usama bin Ladin"}),
          Person("un:QDi.020", {"Ayman al-Zawahiri", "Aiman al Zawahri"}),
          Person("ofac:1", {"Vladimir Putin"}, "ofac"),
          Person("ofac:2", {"John Smith"}, "ofac"),
          Person("un:X.1", {})};
}

TEST(NameIndexTest, FindsAliasAndRanksByScore) {
  auto ix = NameIndex::Build(Sample());
  EXPECT_EQ(ix->entity_count(), 5u);
  EXPECT_EQ(ix->name_count(), 7u);
  auto q = names::PrepareName("Usama bin Ladin", EntityKind::kPerson);
  auto hits = ix->Search(q, {}, {});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(ix->entity(hits[0].entity).id, "un:QDi.006");
  EXPECT_GT(hits[0].score, 0.9);
  EXPECT_FALSE(hits[0].explanation.pairs.empty());
}

TEST(NameIndexTest, TypoStillCandidate) {
  auto ix = NameIndex::Build(Sample());
  auto q = names::PrepareName("Aymen al-Zawahry", EntityKind::kUnknown);
  auto hits = ix->Search(q, {}, {});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(ix->entity(hits[0].entity).id, "un:QDi.020");
}

TEST(NameIndexTest, SourceFilterAndLimit) {
  auto ix = NameIndex::Build(Sample());
  auto q = names::PrepareName("Vladimir Putin", EntityKind::kPerson);
  NameSearchParams p;
  p.sources = {"un"};
  EXPECT_TRUE(ix->Search(q, {}, p).empty());
  p.sources = {"ofac"};
  ASSERT_EQ(ix->Search(q, {}, p).size(), 1u);
  p.limit = 0;
  EXPECT_TRUE(ix->Search(q, {}, p).empty());
}

TEST(NameIndexTest, EmptyAndGarbageQueries) {
  auto ix = NameIndex::Build(Sample());
  EXPECT_TRUE(ix->Search(names::PrepareName("", EntityKind::kUnknown), {}, {}).empty());
  EXPECT_TRUE(ix->Search(names::PrepareName("\xff\xfe!!", EntityKind::kUnknown), {}, {}).empty());
  auto empty = NameIndex::Build({});
  EXPECT_TRUE(empty->Search(names::PrepareName("John Smith", EntityKind::kUnknown), {}, {}).empty());
}

TEST(NameIndexTest, ExcludesOriginalScriptWhenAsked) {
  auto ents = Sample();
  Name ar;
  ar.full = "\xd8\xa3\xd8\xb3\xd8\xa7\xd9\x85\xd8\xa9";  // Arabic
  ar.type = NameType::kOriginalScript;
  ents[0].names.push_back(ar);
  NameIndexOptions o;
  o.include_original_script = false;
  EXPECT_EQ(NameIndex::Build(ents, o)->name_count(), 7u);
  EXPECT_EQ(NameIndex::Build(ents)->name_count(), 8u);
}

TEST(NameIndexTest, StripsSourceRecordButKeepsNames) {
  auto ents = Sample();
  ents[0].source_record = std::string(1000, 'x');
  auto ix = NameIndex::Build(std::move(ents));
  EXPECT_TRUE(ix->entity(0).source_record.empty());
  EXPECT_EQ(ix->entity(0).names.size(), 3u);
  EXPECT_GT(ix->stats().memory_bytes, 0u);
}

TEST(NameIndexTest, FrequentKeysCappedButUsedWhenAlone) {
  std::vector<Entity> ents;
  for (int i = 0; i < 300; ++i) ents.push_back(Person("x:" + std::to_string(i), {"Mohammed Person" + std::to_string(i)}));
  ents.push_back(Person("x:target", {"Mohammed Zzyzx"}));
  auto ix = NameIndex::Build(std::move(ents));
  NameSearchParams p;
  p.max_key_postings = 10;
  p.max_candidates = 1;
  // The rare key alone fills the candidate budget; the frequent key is skipped.
  auto c = ix->Candidates(names::PrepareName("Mohammed Zzyzx", EntityKind::kPerson), p);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(ix->entity(ix->name_entity(c[0])).id, "x:target");
  // Only the frequent key: used anyway, capped at max_candidates.
  p.max_candidates = 5;
  c = ix->Candidates(names::PrepareName("Mohammed", EntityKind::kPerson), p);
  EXPECT_EQ(c.size(), 5u);
}

}  // namespace
}  // namespace tamis::index
