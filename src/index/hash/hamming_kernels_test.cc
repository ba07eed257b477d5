// Every SIMD kernel must equal the scalar reference (habit 10).
#include "index/hash/hamming_kernels.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <vector>

#include "index/hash/hash256.h"
#include "index/hash/test_util.h"

namespace tamis::index::hash {
namespace {

const HammingKernels& Scalar() { return *KernelsFor(SimdLevel::kScalar); }

class KernelTest : public ::testing::TestWithParam<SimdLevel> {
 protected:
  void SetUp() override {
    kernels_ = KernelsFor(GetParam());
    if (kernels_ == nullptr) GTEST_SKIP() << SimdLevelName(GetParam()) << " not available here";
  }
  // Compares distances/scan/verify of kernels_ with scalar on `hay` for query `q`.
  void CheckAll(const std::vector<Hash256>& hay, const Hash256& q, uint32_t max_d) {
    const size_t n = hay.size();
    const uint64_t* h = n ? hay[0].words.data() : nullptr;
    std::vector<uint16_t> want(n), got(n);
    Scalar().distances(h, n, q.words.data(), want.data());
    kernels_->distances(h, n, q.words.data(), got.data());
    ASSERT_EQ(got, want);
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(want[i], HammingDistance(hay[i], q));

    std::vector<uint32_t> wi(n), gi(n);
    std::vector<uint16_t> wd(n), gd(n);
    const size_t wk = Scalar().scan(h, n, q.words.data(), max_d, wi.data(), wd.data());
    const size_t gk = kernels_->scan(h, n, q.words.data(), max_d, gi.data(), gd.data());
    ASSERT_EQ(gk, wk);
    wi.resize(wk), gi.resize(gk), wd.resize(wk), gd.resize(gk);
    EXPECT_EQ(gi, wi);
    EXPECT_EQ(gd, wd);

    std::vector<uint32_t> ids(n);
    for (size_t i = 0; i < n; ++i) ids[i] = static_cast<uint32_t>((i * 7919) % n);
    std::vector<uint32_t> wo(n), go(n);
    std::vector<uint16_t> wvd(n), gvd(n);
    const size_t wv =
        Scalar().verify(h, ids.data(), n, q.words.data(), max_d, wo.data(), wvd.data());
    const size_t gv =
        kernels_->verify(h, ids.data(), n, q.words.data(), max_d, go.data(), gvd.data());
    ASSERT_EQ(gv, wv);
    for (size_t i = 0; i < wv; ++i) {
      EXPECT_EQ(go[i], wo[i]);
      EXPECT_EQ(gvd[i], wvd[i]);
    }

    // verify_pairs: three queries (q, its complement, a near copy of a hay item).
    std::mt19937_64 rng(n + max_d);
    std::vector<Hash256> qs = {
        q, Hash256{{~q.words[0], ~q.words[1], ~q.words[2], ~q.words[3]}},
        n ? testutil::FlipBits(hay[n / 2], static_cast<int>(max_d % 40), rng) : q};
    constexpr uint32_t kQBits = 2;
    std::vector<uint32_t> entries(n);
    for (size_t i = 0; i < n; ++i) entries[i] = (ids[i] << kQBits) | static_cast<uint32_t>(i % 3);
    const size_t wp = Scalar().verify_pairs(h, entries.data(), n, kQBits, qs[0].words.data(), max_d,
                                            wo.data(), wvd.data());
    const size_t gp = kernels_->verify_pairs(h, entries.data(), n, kQBits, qs[0].words.data(),
                                             max_d, go.data(), gvd.data());
    ASSERT_EQ(gp, wp);
    size_t want_pairs = 0;
    for (size_t i = 0; i < n; ++i) want_pairs += HammingDistance(hay[ids[i]], qs[i % 3]) <= max_d;
    ASSERT_EQ(wp, want_pairs);
    for (size_t i = 0; i < wp; ++i) {
      EXPECT_EQ(go[i], wo[i]);
      EXPECT_EQ(gvd[i], wvd[i]);
      EXPECT_EQ(wvd[i], HammingDistance(hay[wo[i] >> kQBits], qs[wo[i] & 3]));
    }
  }
  const HammingKernels* kernels_ = nullptr;
};

TEST_P(KernelTest, RandomInputsAllSizes) {
  std::mt19937_64 rng(42);
  for (size_t n : {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1000}) {
    const auto hay = testutil::RandomHashes(n, rng);
    for (uint32_t d : {0u, 31u, 120u, 128u, 136u, 256u}) {
      CheckAll(hay, testutil::RandomHash(rng), d);
    }
  }
}

TEST_P(KernelTest, AdversarialZerosOnesAndThresholdEdges) {
  std::mt19937_64 rng(7);
  const Hash256 zero{};
  const Hash256 ones{{~0ull, ~0ull, ~0ull, ~0ull}};
  for (uint32_t d : {0u, 1u, 15u, 16u, 31u, 32u, 47u, 255u}) {
    std::vector<Hash256> hay;
    for (int i = 0; i < 37; ++i) {
      hay.push_back(i % 3 == 0 ? zero : i % 3 == 1 ? ones : testutil::RandomHash(rng));
      hay.push_back(testutil::FlipBits(zero, static_cast<int>(d), rng));      // exactly d
      hay.push_back(testutil::FlipBits(zero, static_cast<int>(d) + 1, rng));  // d + 1
    }
    CheckAll(hay, zero, d);
    CheckAll(hay, ones, d);
    // Exactly d is in, d + 1 out.
    std::vector<uint32_t> idx(hay.size());
    std::vector<uint16_t> dist(hay.size());
    const size_t k = kernels_->scan(hay[0].words.data(), hay.size(), zero.words.data(), d,
                                    idx.data(), dist.data());
    size_t want = 0;
    for (const auto& h : hay) want += HammingDistance(h, zero) <= d;
    EXPECT_EQ(k, want);
  }
  std::vector<Hash256> all_ones(64, ones);
  CheckAll(all_ones, zero, 256);
  CheckAll(all_ones, zero, 255);
}

INSTANTIATE_TEST_SUITE_P(AllLevels, KernelTest,
                         ::testing::Values(SimdLevel::kScalar, SimdLevel::kAvx2,
                                           SimdLevel::kAvx512),
                         [](const auto& info) { return std::string(SimdLevelName(info.param)); });

TEST(SimdDispatchTest, EnvOverrideForcesScalar) {
  ::setenv("TAMIS_SIMD", "scalar", 1);
  auto k = SelectKernels(SimdChoice::kAuto);
  ::unsetenv("TAMIS_SIMD");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ((*k)->level, SimdLevel::kScalar);
}

TEST(SimdDispatchTest, BadEnvValueIsAnError) {
  ::setenv("TAMIS_SIMD", "sse9", 1);
  auto k = SelectKernels(SimdChoice::kAuto);
  ::unsetenv("TAMIS_SIMD");
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.status().code(), StatusCode::kInvalidArgument);
}

TEST(SimdDispatchTest, AutoPicksBestAndExplicitChoiceWins) {
  ::unsetenv("TAMIS_SIMD");
  auto k = SelectKernels(SimdChoice::kAuto);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ((*k)->level, BestSimdLevel());
  auto s = SelectKernels(SimdChoice::kScalar);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->level, SimdLevel::kScalar);
  std::printf("best SIMD level here: %s\n", std::string(SimdLevelName(BestSimdLevel())).c_str());
}

TEST(SimdDispatchTest, UnavailableLevelIsFailedPrecondition) {
  for (SimdChoice c : {SimdChoice::kAvx2, SimdChoice::kAvx512}) {
    const SimdLevel l = c == SimdChoice::kAvx2 ? SimdLevel::kAvx2 : SimdLevel::kAvx512;
    auto k = SelectKernels(c);
    EXPECT_EQ(k.ok(), SimdLevelAvailable(l));
    if (!k.ok()) {
      EXPECT_EQ(k.status().code(), StatusCode::kFailedPrecondition);
    }
  }
}

}  // namespace
}  // namespace tamis::index::hash
