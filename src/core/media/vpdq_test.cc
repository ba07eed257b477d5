// The pure vPDQ rule: quality filter, consecutive dedup, strict distance threshold and the
// two match percentages.
#include "core/media/vpdq.h"

#include <gtest/gtest.h>

#include <random>

namespace tamis::media {
namespace {

PdqHash RandomHash(std::mt19937_64& rng) {
  PdqHash h;
  for (auto& w : h.words) w = rng();
  return h;
}

// `h` with the first `bits` bits flipped.
PdqHash Flip(PdqHash h, int bits) {
  for (int k = 0; k < bits; ++k) h.words[k >> 6] ^= uint64_t{1} << (k & 63);
  return h;
}

VpdqFeature F(const PdqHash& h, int quality = 100, int64_t frame = 0) {
  return VpdqFeature{h, quality, frame, static_cast<double>(frame)};
}

TEST(VpdqTest, IdenticalListsMatchFully) {
  std::mt19937_64 rng(1);
  std::vector<VpdqFeature> v;
  for (int i = 0; i < 10; ++i) v.push_back(F(RandomHash(rng), 100, i));
  VpdqMatch m = MatchVpdq(v, v);
  EXPECT_DOUBLE_EQ(m.query_match_percent, 100.0);
  EXPECT_DOUBLE_EQ(m.compared_match_percent, 100.0);
  EXPECT_TRUE(IsVpdqMatch(m));
}

TEST(VpdqTest, DistanceThresholdIsStrict) {
  std::mt19937_64 rng(2);
  const PdqHash a = RandomHash(rng);
  std::vector<VpdqFeature> q{F(a)};
  std::vector<VpdqFeature> at31{F(Flip(a, 31))};
  std::vector<VpdqFeature> at30{F(Flip(a, 30))};
  EXPECT_DOUBLE_EQ(MatchVpdq(q, at31).query_match_percent, 0.0);
  EXPECT_DOUBLE_EQ(MatchVpdq(q, at30).query_match_percent, 100.0);
}

TEST(VpdqTest, LowQualityFramesAreIgnoredOnBothSides) {
  std::mt19937_64 rng(3);
  const PdqHash a = RandomHash(rng), b = RandomHash(rng);
  std::vector<VpdqFeature> q{F(a, 100), F(b, 49)};  // b is below the default 50
  std::vector<VpdqFeature> c{F(a, 50)};
  VpdqMatch m = MatchVpdq(q, c);
  EXPECT_EQ(m.query_kept, 1u);
  EXPECT_EQ(m.compared_kept, 1u);
  EXPECT_DOUBLE_EQ(m.query_match_percent, 100.0);
  std::vector<VpdqFeature> low{F(a, 10)};
  VpdqMatch none = MatchVpdq(q, low);
  EXPECT_EQ(none.compared_kept, 0u);
  EXPECT_DOUBLE_EQ(none.query_match_percent, 0.0);
  EXPECT_DOUBLE_EQ(none.compared_match_percent, 0.0);
}

TEST(VpdqTest, PercentagesAreAsymmetricForAClip) {
  // The query is a clip: 4 of the compared video's 10 frames.
  std::mt19937_64 rng(4);
  std::vector<VpdqFeature> full;
  for (int i = 0; i < 10; ++i) full.push_back(F(RandomHash(rng), 100, i));
  std::vector<VpdqFeature> clip(full.begin() + 3, full.begin() + 7);
  for (auto& f : clip) f.hash = Flip(f.hash, 5);
  VpdqMatch m = MatchVpdq(clip, full);
  EXPECT_DOUBLE_EQ(m.query_match_percent, 100.0);
  EXPECT_DOUBLE_EQ(m.compared_match_percent, 40.0);
  EXPECT_FALSE(IsVpdqMatch(m));
  EXPECT_TRUE(IsVpdqMatch(m, 80.0, 40.0));
}

TEST(VpdqTest, UnrelatedRandomListsDoNotMatch) {
  std::mt19937_64 rng(5);
  std::vector<VpdqFeature> a, b;
  for (int i = 0; i < 50; ++i) a.push_back(F(RandomHash(rng)));
  for (int i = 0; i < 50; ++i) b.push_back(F(RandomHash(rng)));
  VpdqMatch m = MatchVpdq(a, b);
  EXPECT_DOUBLE_EQ(m.query_match_percent, 0.0);
  EXPECT_DOUBLE_EQ(m.compared_match_percent, 0.0);
}

TEST(VpdqTest, DedupKeepsFirstOfEachConsecutiveRun) {
  std::mt19937_64 rng(6);
  const PdqHash a = RandomHash(rng), b = RandomHash(rng);
  std::vector<VpdqFeature> v{F(a, 100, 0), F(a, 100, 1), F(Flip(a, 2), 100, 2), F(b, 100, 3),
                             F(a, 100, 4)};
  auto exact = DedupConsecutive(v, 0);
  ASSERT_EQ(exact.size(), 4u);
  EXPECT_EQ(exact[1].frame_number, 2);
  auto near = DedupConsecutive(v, 2);
  ASSERT_EQ(near.size(), 3u);  // a (0), b (3), a again (4): only consecutive runs collapse
  EXPECT_EQ(near[0].frame_number, 0);
  EXPECT_EQ(near[1].frame_number, 3);
  EXPECT_EQ(near[2].frame_number, 4);
  EXPECT_TRUE(DedupConsecutive({}, 0).empty());
}

TEST(VpdqTest, DedupChangesPercentagesOfStaticScenes) {
  std::mt19937_64 rng(7);
  const PdqHash a = RandomHash(rng), b = RandomHash(rng);
  // Query: a static scene of 9 frames then one unrelated frame.
  std::vector<VpdqFeature> q(9, F(a));
  q.push_back(F(b));
  std::vector<VpdqFeature> c{F(a)};
  EXPECT_DOUBLE_EQ(MatchVpdq(q, c).query_match_percent, 90.0);
  VpdqMatchOptions o;
  o.dedup = true;
  VpdqMatch m = MatchVpdq(q, c, o);
  EXPECT_EQ(m.query_kept, 2u);
  EXPECT_DOUBLE_EQ(m.query_match_percent, 50.0);
}

}  // namespace
}  // namespace tamis::media
