// VpdqIndex must give, for every library video, what the reference rule (core MatchVpdq,
// pairwise brute force) gives for that video alone.
#include "index/hash/vpdq_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/media/vpdq.h"
#include "index/hash/test_util.h"

namespace tamis::index::hash {
namespace {

// The same core type: no conversion.
const media::PdqHash& ToPdq(const Hash256& h) { return h; }

std::vector<media::VpdqFeature> ToFeatures(std::span<const VpdqFrame> frames) {
  std::vector<media::VpdqFeature> out;
  for (size_t i = 0; i < frames.size(); ++i)
    out.push_back({ToPdq(frames[i].hash), frames[i].quality, static_cast<int64_t>(i), frames[i].seconds});
  return out;
}

// A video as a random walk: each frame a few bits from the previous one, a new scene now and
// then, some low-quality frames.
std::vector<VpdqFrame> RandomVideo(int n, std::mt19937_64& rng) {
  std::vector<VpdqFrame> v;
  Hash256 h = testutil::RandomHash(rng);
  for (int i = 0; i < n; ++i) {
    if (rng() % 12 == 0) h = testutil::RandomHash(rng);
    h = testutil::FlipBits(h, static_cast<int>(rng() % 6), rng);
    v.push_back({h, static_cast<uint8_t>(rng() % 8 == 0 ? rng() % 50 : 50 + rng() % 51), static_cast<float>(i)});
  }
  return v;
}

// An edited copy: every frame `bits` bits away, a few frames dropped, some new frames.
std::vector<VpdqFrame> Edited(const std::vector<VpdqFrame>& v, int bits, std::mt19937_64& rng) {
  std::vector<VpdqFrame> out;
  for (const auto& f : v) {
    if (rng() % 10 == 0) continue;
    VpdqFrame g = f;
    g.hash = testutil::FlipBits(f.hash, bits, rng);
    g.quality = static_cast<uint8_t>(50 + rng() % 51);
    out.push_back(g);
  }
  for (int i = 0; i < 5; ++i) out.push_back({testutil::RandomHash(rng), 90, 100.0f + i});
  return out;
}

void ExpectEqualsReference(const VpdqIndex& index, const std::vector<std::vector<VpdqFrame>>& videos,
                           const std::vector<VpdqFrame>& query, const VpdqSearchParams& p) {
  auto got = index.Search(query, p);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  auto brute = index.SearchBrute(query, p);
  ASSERT_TRUE(brute.ok());
  ASSERT_EQ(got->size(), brute->size());
  std::map<uint32_t, const VpdqVideoMatch*> by_video;
  for (const auto& m : *got) by_video[m.video] = &m;
  media::VpdqMatchOptions ro;
  ro.distance_threshold = p.distance_threshold;
  ro.quality_threshold = p.quality_threshold;
  const auto qf = ToFeatures(query);
  for (uint32_t v = 0; v < videos.size(); ++v) {
    const media::VpdqMatch ref = media::MatchVpdq(qf, ToFeatures(videos[v]), ro);
    auto it = by_video.find(v);
    if (ref.query_match_percent == 0 && ref.compared_match_percent == 0) {
      EXPECT_EQ(it, by_video.end()) << "video " << v;
      continue;
    }
    ASSERT_NE(it, by_video.end()) << "video " << v;
    EXPECT_DOUBLE_EQ(it->second->query_match_percent, ref.query_match_percent) << "video " << v;
    EXPECT_DOUBLE_EQ(it->second->compared_match_percent, ref.compared_match_percent) << "video " << v;
    EXPECT_EQ(it->second->query_kept, ref.query_kept);
    EXPECT_EQ(it->second->compared_kept, ref.compared_kept);
    EXPECT_EQ(it->second->frames.size(), it->second->query_matched);
    for (const auto& fp : it->second->frames) {
      const uint32_t d = HammingDistance(query[fp.query_frame].hash, videos[v][fp.compared_frame].hash);
      EXPECT_EQ(d, fp.distance);
      EXPECT_LT(static_cast<int>(d), p.distance_threshold);
    }
  }
  for (size_t i = 0; i < got->size(); ++i) {
    EXPECT_EQ((*got)[i].video, (*brute)[i].video);
    EXPECT_EQ((*got)[i].frames.size(), (*brute)[i].frames.size());
  }
}

TEST(VpdqIndexTest, EqualsReferenceRuleOnEveryVideo) {
  std::mt19937_64 rng(7);
  std::vector<std::vector<VpdqFrame>> videos;
  VpdqIndex::Builder b;
  for (int v = 0; v < 300; ++v) {
    videos.push_back(RandomVideo(static_cast<int>(rng() % 40), rng));  // some empty videos too
    ASSERT_TRUE(b.AddVideo(videos.back()).ok());
  }
  EXPECT_EQ(b.videos(), 300u);
  auto index = std::move(b).Build();
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ(index->videos(), 300u);
  size_t seeded_hits = 0;
  for (int bits : {0, 8, 20, 30, 31, 40}) {
    for (int t = 0; t < 6; ++t) {
      const auto& src = videos[rng() % videos.size()];
      const auto q = Edited(src, bits, rng);
      for (int thr : {0, 1, 16, 31, 32, 48}) {
        VpdqSearchParams p;
        p.distance_threshold = thr;
        ExpectEqualsReference(*index, videos, q, p);
      }
      VpdqSearchParams low_quality;
      low_quality.quality_threshold = 0;
      ExpectEqualsReference(*index, videos, q, low_quality);
      // Seeded search (only some query frames through the index) equals full search + filter.
      for (double pct : {1.0, 50.0, 80.0, 95.0, 100.0}) {
        VpdqSearchParams seeded;
        seeded.min_query_percent = pct;
        seeded.min_compared_percent = pct / 2;
        auto a = index->Search(q, seeded);
        auto brute = index->SearchBrute(q, seeded);
        ASSERT_TRUE(a.ok() && brute.ok());
        ASSERT_EQ(a->size(), brute->size()) << pct;
        for (size_t i = 0; i < a->size(); ++i) {
          EXPECT_EQ((*a)[i].video, (*brute)[i].video);
          EXPECT_DOUBLE_EQ((*a)[i].query_match_percent, (*brute)[i].query_match_percent);
          EXPECT_DOUBLE_EQ((*a)[i].compared_match_percent, (*brute)[i].compared_match_percent);
          EXPECT_EQ((*a)[i].frames.size(), (*brute)[i].frames.size());
          EXPECT_GE((*a)[i].query_match_percent, pct);
        }
        seeded_hits += a->size();
      }
    }
  }
  EXPECT_GT(seeded_hits, 20u);  // the seeded comparisons were not all of empty answers
}

TEST(VpdqIndexTest, RepeatedQueryFramesAndThresholdFilters) {
  std::mt19937_64 rng(11);
  std::vector<std::vector<VpdqFrame>> videos;
  VpdqIndex::Builder b;
  for (int v = 0; v < 50; ++v) {
    videos.push_back(RandomVideo(30, rng));
    ASSERT_TRUE(b.AddVideo(videos.back()).ok());
  }
  auto index = std::move(b).Build();
  ASSERT_TRUE(index.ok());
  // A static query: the same frame 20 times, plus an exact copy of video 3's first half.
  std::vector<VpdqFrame> q(20, videos[3][0]);
  for (int i = 0; i < 15; ++i) q.push_back(videos[3][i]);
  for (auto& f : q) f.quality = 100;
  ExpectEqualsReference(*index, videos, q, {});
  VpdqSearchParams strict;
  strict.min_query_percent = 100.1;
  auto none = index->Search(q, strict);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto best = index->Search(q, {});
  ASSERT_TRUE(best.ok());
  ASSERT_FALSE(best->empty());
  EXPECT_EQ(best->front().video, 3u);
  EXPECT_DOUBLE_EQ(best->front().query_match_percent, 100.0);
}

TEST(VpdqIndexTest, EmptyIndexAndQueries) {
  auto index = VpdqIndex::Builder().Build();
  ASSERT_TRUE(index.ok());
  std::mt19937_64 rng(1);
  auto q = RandomVideo(10, rng);
  auto r = index->Search(q, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  VpdqSearchParams bad;
  bad.distance_threshold = -1;
  EXPECT_FALSE(index->Search(q, bad).ok());
  bad.distance_threshold = 31;
  bad.quality_threshold = 200;
  EXPECT_FALSE(index->Search(q, bad).ok());
}

}  // namespace
}  // namespace tamis::index::hash
