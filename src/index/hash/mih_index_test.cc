// MihIndex must return exactly what brute force returns.
#include "index/hash/mih_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "index/hash/test_util.h"
#include "testing/shared_data.h"

namespace tamis::index::hash {
namespace {

std::vector<Match> BruteForce(const std::vector<Hash256>& hay, const Hash256& q, uint32_t d) {
  std::vector<Match> out;
  for (size_t i = 0; i < hay.size(); ++i) {
    const uint32_t dist = HammingDistance(hay[i], q);
    if (dist <= d) out.push_back({static_cast<uint32_t>(i), dist});
  }
  return out;
}

constexpr uint32_t kRadii[] = {0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 100};

TEST(MihIndexTest, RandomSetsEqualBruteForce) {
  std::mt19937_64 rng(123);
  auto hay = testutil::RandomHashes(3000, rng);
  auto index = MihIndex::Build(hay);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  for (uint32_t d : kRadii) {
    for (int i = 0; i < 20; ++i) {
      // Half the queries are near-duplicates of haystack items so there are hits.
      const Hash256 q = i % 2 ? testutil::RandomHash(rng)
                              : testutil::FlipBits(hay[rng() % hay.size()],
                                                   static_cast<int>(rng() % (d + 2)), rng);
      ASSERT_EQ(index->Search(q, d), BruteForce(hay, q, d)) << "d=" << d;
      ASSERT_EQ(index->SearchLinear(q, d), BruteForce(hay, q, d)) << "d=" << d;
    }
  }
}

TEST(MihIndexTest, ClusteredSetsAroundThresholdEqualBruteForce) {
  std::mt19937_64 rng(99);
  for (uint32_t d : {0u, 15u, 16u, 31u, 32u, 47u}) {
    std::vector<Hash256> centres;
    auto hay = testutil::ClusteredHashes(30, 40, static_cast<int>(d), rng, &centres);
    // Exact duplicates too.
    hay.push_back(hay[5]);
    hay.push_back(hay[5]);
    auto index = MihIndex::Build(hay);
    ASSERT_TRUE(index.ok());
    for (const Hash256& c : centres) {
      ASSERT_EQ(index->Search(c, d), BruteForce(hay, c, d)) << "d=" << d;
      const Hash256 near = testutil::FlipBits(c, 2, rng);
      ASSERT_EQ(index->Search(near, d), BruteForce(hay, near, d)) << "d=" << d;
    }
  }
}

TEST(MihIndexTest, AdversarialSlotDistributions) {
  // All differences concentrated in few slots, or spread one per slot: exercises the
  // pigeonhole bound at exactly d and d + 1.
  const Hash256 zero{};
  std::vector<Hash256> hay;
  for (int spread = 1; spread <= 16; ++spread) {
    for (int total : {15, 16, 17, 31, 32, 33, 47, 48}) {
      Hash256 h;
      for (int b = 0; b < total; ++b) {
        const int slot = b % spread;
        const int bit_in_slot = b / spread;
        if (bit_in_slot >= 16) break;
        const int bit = 255 - (slot * 16 + bit_in_slot);
        h = h.WithBitFlipped(bit);
      }
      hay.push_back(h);
    }
  }
  hay.push_back(zero);
  hay.push_back(Hash256{{~0ull, ~0ull, ~0ull, ~0ull}});
  auto index = MihIndex::Build(hay);
  ASSERT_TRUE(index.ok());
  for (uint32_t d : kRadii) ASSERT_EQ(index->Search(zero, d), BruteForce(hay, zero, d)) << d;
}

TEST(MihIndexTest, EveryKernelGivesTheSameResults) {
  std::mt19937_64 rng(5);
  auto hay = testutil::RandomHashes(2000, rng);
  const Hash256 q = testutil::FlipBits(hay[17], 20, rng);
  for (SimdChoice c : {SimdChoice::kScalar, SimdChoice::kAvx2, SimdChoice::kAvx512}) {
    auto index = MihIndex::Build(hay, MihOptions{.simd = c});
    if (!index.ok()) {
      EXPECT_EQ(index.status().code(), StatusCode::kFailedPrecondition);
      continue;
    }
    EXPECT_EQ(index->Search(q, 32), BruteForce(hay, q, 32));
    EXPECT_EQ(index->SearchLinear(q, 32), BruteForce(hay, q, 32));
  }
}

TEST(MihIndexTest, EmptyIndexAndBatch) {
  auto empty = MihIndex::Build({});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->Search(Hash256{}, 32).empty());
  std::mt19937_64 rng(8);
  auto hay = testutil::RandomHashes(500, rng);
  auto index = MihIndex::Build(hay);
  ASSERT_TRUE(index.ok());
  std::vector<Hash256> qs = {hay[1], testutil::FlipBits(hay[2], 30, rng),
                             testutil::RandomHash(rng)};
  const BatchMatches batch = index->SearchBatch(qs, 31);
  ASSERT_EQ(batch.num_queries(), 3u);
  for (size_t i = 0; i < qs.size(); ++i) {
    auto want = BruteForce(hay, qs[i], 31);
    EXPECT_EQ(std::vector<Match>(batch.For(i).begin(), batch.For(i).end()), want);
  }
  const BatchMatches linear = LinearScanBatch(hay, qs, 31, **SelectKernels(SimdChoice::kAuto));
  EXPECT_EQ(linear.offsets, batch.offsets);
  EXPECT_EQ(linear.matches, batch.matches);
}

// SearchBatch joins batches of 8+ queries over partitions of 16,384 hashes; this set
// spans 4 partitions (the last one partial), and a tiny scratch budget forces several
// rounds. Duplicated items and near-duplicate queries give multi-slot candidates.
TEST(MihIndexTest, BatchJoinEqualsBruteForceAcrossPartitionsAndRounds) {
  std::mt19937_64 rng(77);
  auto hay = testutil::RandomHashes(3 * 16384 + 1234, rng);
  for (int i = 0; i < 50; ++i) hay.push_back(hay[rng() % 1000]);
  std::vector<Hash256> qs;
  for (int i = 0; i < 150; ++i) {
    qs.push_back(
        i % 3 ? testutil::FlipBits(hay[rng() % hay.size()], static_cast<int>(rng() % 40), rng)
              : testutil::RandomHash(rng));
  }
  qs.push_back(hay[5]);
  for (size_t scratch : {size_t{64} << 20, size_t{4096}}) {
    auto index = MihIndex::Build(hay, MihOptions{.batch_scratch_bytes = scratch});
    ASSERT_TRUE(index.ok());
    for (uint32_t d : {0u, 15u, 16u, 31u, 32u, 47u, 63u, 64u}) {
      const BatchMatches got = index->SearchBatch(qs, d);
      ASSERT_EQ(got.num_queries(), qs.size());
      for (size_t i = 0; i < qs.size(); ++i) {
        ASSERT_EQ(std::vector<Match>(got.For(i).begin(), got.For(i).end()),
                  BruteForce(hay, qs[i], d))
            << "d=" << d << " query " << i << " scratch " << scratch;
      }
    }
  }
}

// Skewed buckets: 20,000 copies of one hash overflow their partition's region in the
// batch join (regions are sized for uniform data), so the spill path must keep them.
TEST(MihIndexTest, BatchJoinSpillsSkewedPartitionsExactly) {
  std::mt19937_64 rng(31);
  const Hash256 hot = testutil::RandomHash(rng);
  std::vector<Hash256> hay(20000, hot);
  for (int i = 0; i < 50000; ++i) hay.push_back(testutil::RandomHash(rng));
  std::vector<Hash256> qs;
  for (int i = 0; i < 12; ++i)
    qs.push_back(testutil::FlipBits(i % 2 ? hot : hay[20000 + rng() % 50000], i, rng));
  auto index = MihIndex::Build(hay);
  ASSERT_TRUE(index.ok());
  const BatchMatches got = index->SearchBatch(qs, 31);
  for (size_t i = 0; i < qs.size(); ++i) {
    ASSERT_EQ(std::vector<Match>(got.For(i).begin(), got.For(i).end()), BruteForce(hay, qs[i], 31))
        << i;
  }
  EXPECT_EQ(got.For(1).size(), 20000u);
}

TEST(MihIndexTest, WideIdsGiveTheSameResultsAndRoundTrip) {
  std::mt19937_64 rng(41);
  auto hay = testutil::RandomHashes(40000, rng);
  auto wide = MihIndex::Build(hay, MihOptions{.id_bytes = 4});
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(wide->id_bytes(), 4u);
  std::vector<Hash256> qs;
  for (int i = 0; i < 20; ++i)
    qs.push_back(testutil::FlipBits(hay[rng() % hay.size()], i * 2, rng));
  const BatchMatches batch = wide->SearchBatch(qs, 31);
  for (size_t i = 0; i < qs.size(); ++i) {
    ASSERT_EQ(wide->Search(qs[i], 31), BruteForce(hay, qs[i], 31));
    ASSERT_EQ(std::vector<Match>(batch.For(i).begin(), batch.For(i).end()),
              BruteForce(hay, qs[i], 31));
  }
  const auto path =
      std::filesystem::temp_directory_path() / ("mih_wide_" + std::to_string(::getpid()) + ".mih");
  ASSERT_TRUE(wide->Save(path).ok());
  MihLoadOptions strict;
  strict.verify_postings = true;
  auto loaded = MihIndex::Load(path, strict);
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->id_bytes(), 4u);
  EXPECT_EQ(loaded->Search(qs[3], 31), BruteForce(hay, qs[3], 31));
}

TEST(MihIndexTest, IdWidthFollowsCountAndBuildThreadsAgree) {
  std::mt19937_64 rng(3);
  auto hay = testutil::RandomHashes(70000, rng);
  auto one = MihIndex::Build(hay, MihOptions{.build_threads = 1});
  auto four = MihIndex::Build(hay, MihOptions{.build_threads = 4});
  ASSERT_TRUE(one.ok() && four.ok());
  EXPECT_EQ(one->id_bytes(), 3u);
  EXPECT_EQ(one->memory_bytes(), four->memory_bytes());
  const size_t postings = 16 * (65537 * 4 + 3 * hay.size());
  EXPECT_EQ(one->postings_bytes(), one->memory_bytes() - 64 - 32 * hay.size());
  EXPECT_GE(one->postings_bytes(), postings + 1);  // + 1..8 bytes of padding
  EXPECT_LE(one->postings_bytes(), postings + 8);
  const Hash256 q = testutil::FlipBits(hay[123], 25, rng);
  EXPECT_EQ(one->Search(q, 31), BruteForce(hay, q, 31));
  EXPECT_EQ(four->Search(q, 31), BruteForce(hay, q, 31));
}

TEST(MihIndexTest, DihedralReportsBestVariant) {
  std::mt19937_64 rng(11);
  auto hay = testutil::RandomHashes(1000, rng);
  std::vector<Hash256> variants;
  for (int v = 0; v < 8; ++v) variants.push_back(testutil::RandomHash(rng));
  variants[3] = testutil::FlipBits(hay[10], 5, rng);   // item 10 via variant 3 at 5
  variants[6] = testutil::FlipBits(hay[10], 2, rng);   // ... and better via variant 6 at 2
  variants[7] = testutil::FlipBits(hay[20], 30, rng);  // item 20 via variant 7
  auto index = MihIndex::Build(hay);
  ASSERT_TRUE(index.ok());
  auto got = index->SearchDihedral(variants, 31);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0], (DihedralMatch{10, 2, 6}));
  EXPECT_EQ((*got)[1], (DihedralMatch{20, 30, 7}));
  EXPECT_EQ(index->SearchDihedral({}, 31).status().code(), StatusCode::kInvalidArgument);
  std::vector<Hash256> nine(9);
  EXPECT_EQ(index->SearchDihedral(nine, 31).status().code(), StatusCode::kInvalidArgument);
}

std::vector<Hash256> ReadHashes(const std::string& rel) {
  std::ifstream in(testing::SharedPath(rel));
  std::vector<Hash256> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto h = ParseHash256(line);
    EXPECT_TRUE(h.ok()) << line;
    if (h.ok()) out.push_back(*h);
  }
  return out;
}

// The reference's test-mih test2 prints 13,875, but its `matches` vector is never
// cleared between needles, so 13,875 is the sum of running totals of the per-needle
// counts. The distinct (needle, haystack item) pairs at d <= 32 are 250; both figures
// are checked here.
TEST(MihIndexTest, SharedNeedlesVsHaystackAt32Gives250DistinctPairs) {
  TAMIS_REQUIRE_SHARED_DATA();
  const auto needles = ReadHashes("media/pdq/hashlists/reg-test-input/needles.txt");
  const auto haystack = ReadHashes("media/pdq/hashlists/reg-test-input/haystack.txt");
  ASSERT_EQ(needles.size(), 100u);
  ASSERT_EQ(haystack.size(), 1350u);
  for (SimdChoice c : {SimdChoice::kScalar, SimdChoice::kAvx2, SimdChoice::kAvx512}) {
    auto index = MihIndex::Build(haystack, MihOptions{.simd = c});
    if (!index.ok()) continue;
    size_t mih = 0, brute = 0, mih_running = 0, brute_running = 0;
    for (const auto& n : needles) {
      mih += index->Search(n, 32).size();
      brute += index->SearchLinear(n, 32).size();
      mih_running += mih;
      brute_running += brute;
      ASSERT_EQ(index->Search(n, 32), index->SearchLinear(n, 32));
    }
    EXPECT_EQ(mih, 250u) << SimdLevelName(index->simd_level());
    EXPECT_EQ(brute, 250u) << SimdLevelName(index->simd_level());
    EXPECT_EQ(mih_running, 13875u) << SimdLevelName(index->simd_level());
    EXPECT_EQ(brute_running, 13875u) << SimdLevelName(index->simd_level());
    EXPECT_EQ(index->SearchBatch(needles, 32).matches.size(), 250u);
  }
}

TEST(MihIndexTest, DenseClustersFallBackToALinearScanWithTheSameAnswers) {
  // A skewed set: one huge cluster (near-blank images), a few mid-size ones, random rest.
  std::mt19937_64 rng(17);
  std::vector<Hash256> hay;
  const Hash256 blank = testutil::RandomHash(rng);
  for (int i = 0; i < 3000; ++i) hay.push_back(testutil::FlipBits(blank, static_cast<int>(rng() % 12), rng));
  std::vector<Hash256> centres;
  auto clusters = testutil::ClusteredHashes(20, 60, 10, rng, &centres);
  hay.insert(hay.end(), clusters.begin(), clusters.end());
  auto random = testutil::RandomHashes(3000, rng);
  hay.insert(hay.end(), random.begin(), random.end());
  MihOptions never;
  never.linear_fallback_divisor = 0;
  auto with = MihIndex::Build(hay);
  auto without = MihIndex::Build(hay, never);
  ASSERT_TRUE(with.ok() && without.ok());
  std::vector<Hash256> queries;
  for (int i = 0; i < 40; ++i) queries.push_back(testutil::FlipBits(blank, static_cast<int>(rng() % 20), rng));
  for (const auto& c : centres) queries.push_back(testutil::FlipBits(c, 3, rng));
  for (int i = 0; i < 40; ++i) queries.push_back(testutil::RandomHash(rng));
  // The blank cluster's queries do take the fallback (more candidates than n / 16).
  EXPECT_GT(with->CandidateCount(queries[0], 31), hay.size() / 16);
  EXPECT_LT(with->CandidateCount(queries.back(), 31), hay.size() / 16);
  for (uint32_t d : {0u, 15u, 16u, 31u, 47u}) {
    const BatchMatches a = with->SearchBatch(queries, d);
    const BatchMatches b = without->SearchBatch(queries, d);
    ASSERT_EQ(a.num_queries(), queries.size());
    for (size_t i = 0; i < queries.size(); ++i) {
      const auto want = BruteForce(hay, queries[i], d);
      ASSERT_EQ(std::vector<Match>(a.For(i).begin(), a.For(i).end()), want) << "d=" << d << " q=" << i;
      ASSERT_EQ(std::vector<Match>(b.For(i).begin(), b.For(i).end()), want) << "d=" << d << " q=" << i;
      ASSERT_EQ(with->Search(queries[i], d), want);
      ASSERT_EQ(without->Search(queries[i], d), want);
    }
  }
}

}  // namespace
}  // namespace tamis::index::hash
