// SearchResultCache: found after put, bounded, emptied by another index, off at capacity 0.
#include "service/payment_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace tamis {
namespace {

std::shared_ptr<const index::NameIndex> AnIndex() {
  // The cache compares index pointers only: an empty index is enough.
  return index::NameIndex::Build({}, {});
}

TEST(SearchResultCache, FindsWhatWasPutOnTheSameIndex) {
  SearchResultCache<int> c(64);
  auto ix = AnIndex();
  EXPECT_EQ(c.Find(ix, "a"), nullptr);
  c.Put(ix, "a", std::make_shared<const int>(7));
  auto v = c.Find(ix, "a");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(*v, 7);
  EXPECT_EQ(c.Find(ix, "b"), nullptr);
  EXPECT_EQ(c.hits(), 1u);
  EXPECT_EQ(c.misses(), 2u);
}

TEST(SearchResultCache, AnotherIndexEmptiesIt) {
  SearchResultCache<int> c(64);
  auto a = AnIndex(), b = AnIndex();
  c.Put(a, "k", std::make_shared<const int>(1));
  EXPECT_EQ(c.Find(b, "k"), nullptr);  // a result found on `a` is not served for `b`
  EXPECT_EQ(c.Find(a, "k"), nullptr);  // and is gone
}

TEST(SearchResultCache, BoundedAndKeepsRecentKeys) {
  const size_t cap = 64;
  SearchResultCache<int> c(cap);
  auto ix = AnIndex();
  for (int i = 0; i < 10000; ++i) c.Put(ix, "k" + std::to_string(i), std::make_shared<const int>(i));
  for (int i = 9990; i < 10000; ++i) EXPECT_NE(c.Find(ix, "k" + std::to_string(i)), nullptr) << i;
  size_t kept = 0;
  for (int i = 0; i < 10000; ++i) kept += c.Find(ix, "k" + std::to_string(i)) != nullptr;
  EXPECT_LE(kept, 2 * cap + 16 * 2);  // two generations per shard, shards rounded up
  EXPECT_GE(kept, cap / 2);
  // A key met again survives many newer ones.
  c.Clear();
  c.Put(ix, "hot", std::make_shared<const int>(1));
  for (int i = 0; i < 5000; ++i) {
    c.Put(ix, "cold" + std::to_string(i), std::make_shared<const int>(i));
    ASSERT_NE(c.Find(ix, "hot"), nullptr) << i;
  }
}

TEST(SearchResultCache, CapacityZeroKeepsNothing) {
  SearchResultCache<int> c(0);
  auto ix = AnIndex();
  c.Put(ix, "a", std::make_shared<const int>(1));
  EXPECT_EQ(c.Find(ix, "a"), nullptr);
}

}  // namespace
}  // namespace tamis
