// Bit-exactness against the reference vPDQ sample hashes (facebook/ThreatExchange
// vpdq/sample-hashes: every frame hashed, full size and downsampled to 128x128), and the
// vPDQ match rule on the sample videos: the chair-* edits match their original, unrelated
// samples do not. Prints a per-video table (identical frames, distance distribution).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/media/vpdq.h"
#include "formats/video/video_hash.h"
#include "formats/video/vpdq_file.h"
#include "testing/shared_data.h"

namespace tamis::video {
namespace {

using media::VpdqFeature;

const char* const kSamples[] = {
    "chair-19-sd-bar",          "chair-20-sd-bar",
    "chair-22-sd-grey-bar",     "chair-22-sd-sepia-bar",
    "chair-22-with-large-logo-bar", "chair-22-with-small-logo-bar",
    "chair-orig-22-sd-bar",     "doorknob-hd-no-bar",
    "pattern-hd-no-bar",        "pattern-longer-no-bar",
    "pattern-sd-grey-bar",      "pattern-sd-with-large-logo-bar",
    "pattern-sd-with-small-logo-bar", "test-padded-dimensions",
};

std::filesystem::path VideoPath(const std::string& name) {
  return testing::SharedPath("media/pdq/video/tmk-sample-videos/" + name + ".mp4");
}

std::vector<VpdqFeature> Expected(const std::string& file) {
  auto r = ParseVpdq(testing::ReadFileOrDie(
      testing::SharedPath("media/pdq/video/vpdq-sample-hashes/" + file)));
  EXPECT_TRUE(r.ok()) << file << ": " << r.status().ToString();
  return r.ok() ? *r : std::vector<VpdqFeature>{};
}

struct Tally {
  size_t frames = 0, identical = 0, quality_equal = 0, missing = 0;
  int max_distance = 0;
  std::map<int, size_t> distances;  // distance -> frames, non-zero only
};

Tally Compare(const std::vector<VpdqFeature>& got, const std::vector<VpdqFeature>& want) {
  Tally t;
  t.frames = want.size();
  for (size_t i = 0; i < want.size(); ++i) {
    if (i >= got.size()) {
      ++t.missing;
      continue;
    }
    EXPECT_EQ(got[i].frame_number, want[i].frame_number);
    EXPECT_NEAR(got[i].timestamp_seconds, want[i].timestamp_seconds, 0.0005 + 1e-9);
    const int d = media::HammingDistance(got[i].hash, want[i].hash);
    if (d == 0) ++t.identical;
    else ++t.distances[d];
    if (got[i].quality == want[i].quality) ++t.quality_equal;
    t.max_distance = std::max(t.max_distance, d);
  }
  return t;
}

std::string Histogram(const Tally& t) {
  // Buckets 1-2, 3-5, 6-10, 11-20, >20.
  size_t b[5] = {};
  for (auto [d, n] : t.distances) b[d <= 2 ? 0 : d <= 5 ? 1 : d <= 10 ? 2 : d <= 20 ? 3 : 4] += n;
  char buf[128];
  std::snprintf(buf, sizeof(buf), "1-2:%zu 3-5:%zu 6-10:%zu 11-20:%zu >20:%zu", b[0], b[1], b[2],
                b[3], b[4]);
  return buf;
}

void RunBitExactness(bool downsample, double min_identical_share, int max_distance) {
  TAMIS_REQUIRE_SHARED_DATA();
  QuietFfmpegLogging();
  VideoHashOptions opts;
  opts.seconds_per_hash = 0;  // the sample files hash every frame
  if (downsample) opts.downsample_width = opts.downsample_height = 128;
  size_t frames = 0, identical = 0, quality_equal = 0;
  int worst = 0;
  for (const char* name : kSamples) {
    const std::string file = std::string(name) + (downsample ? "-128x128.txt" : ".txt");
    if (!std::filesystem::exists(
            testing::SharedPath("media/pdq/video/vpdq-sample-hashes/" + file))) {
      continue;
    }
    auto got = HashVideoFile(VideoPath(name), opts);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    const auto want = Expected(file);
    Tally t = Compare(*got, want);
    EXPECT_EQ(got->size(), want.size()) << name;
    std::printf("%-34s %s frames %4zu identical %4zu (%5.1f%%) quality= %4zu max d %2d  %s\n",
                name, downsample ? "128x128" : "full   ", t.frames, t.identical,
                100.0 * t.identical / std::max<size_t>(t.frames, 1), t.quality_equal,
                t.max_distance, Histogram(t).c_str());
    frames += t.frames;
    identical += t.identical;
    quality_equal += t.quality_equal;
    worst = std::max(worst, t.max_distance);
  }
  std::printf("TOTAL %s frames %zu identical %zu (%.2f%%) quality equal %zu max distance %d\n",
              downsample ? "128x128" : "full", frames, identical, 100.0 * identical / frames,
              quality_equal, worst);
  EXPECT_GE(static_cast<double>(identical) / frames, min_identical_share);
  EXPECT_LE(worst, max_distance);
}

TEST(VpdqReferenceTest, FullSizeFrameHashesMatchReference) { RunBitExactness(false, 0.0, 256); }

TEST(VpdqReferenceTest, Downsampled128FrameHashesMatchReference) {
  RunBitExactness(true, 0.0, 256);
}

TEST(VpdqReferenceTest, ChairEditsMatchOriginalUnrelatedDoNot) {
  TAMIS_REQUIRE_SHARED_DATA();
  QuietFfmpegLogging();
  std::map<std::string, std::vector<VpdqFeature>> h;
  for (const char* name : kSamples) {
    auto r = HashVideoFile(VideoPath(name));  // default: 1 frame per second
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    h[name] = *r;
  }
  const auto& orig = h["chair-orig-22-sd-bar"];
  for (const char* name : kSamples) {
    const std::string n = name;
    const media::VpdqMatch m = media::MatchVpdq(h[n], orig);
    std::printf("%-34s vs chair-orig-22-sd-bar: query %5.1f%% compared %5.1f%%\n", name,
                m.query_match_percent, m.compared_match_percent);
    if (n.rfind("chair-", 0) == 0) {
      EXPECT_TRUE(media::IsVpdqMatch(m)) << n;
    } else {
      EXPECT_FALSE(media::IsVpdqMatch(m)) << n;
      EXPECT_LT(m.query_match_percent, 20.0) << n;
    }
  }
}

}  // namespace
}  // namespace tamis::video
