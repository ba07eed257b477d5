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
    "chair-19-sd-bar",
    "chair-20-sd-bar",
    "chair-22-sd-grey-bar",
    "chair-22-sd-sepia-bar",
    "chair-22-with-large-logo-bar",
    "chair-22-with-small-logo-bar",
    "chair-orig-22-sd-bar",
    "doorknob-hd-no-bar",
    "pattern-hd-no-bar",
    "pattern-longer-no-bar",
    "pattern-sd-grey-bar",
    "pattern-sd-with-large-logo-bar",
    "pattern-sd-with-small-logo-bar",
    "test-padded-dimensions",
};

std::filesystem::path VideoPath(const std::string& name) {
  return testing::SharedPath("media/pdq/video/tmk-sample-videos/" + name + ".mp4");
}

std::vector<VpdqFeature> Expected(const std::string& file) {
  auto r = ParseVpdq(
      testing::ReadFileOrDie(testing::SharedPath("media/pdq/video/vpdq-sample-hashes/" + file)));
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
    if (d == 0)
      ++t.identical;
    else
      ++t.distances[d];
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

// Hashes every sample at `conversion`, prints the table and returns the per-video tallies.
std::map<std::string, Tally> RunBitExactness(bool downsample, FrameConversion conversion,
                                             double min_identical_share, int max_distance) {
  std::map<std::string, Tally> out;
  if (!testing::HaveSharedData()) return out;
  QuietFfmpegLogging();
  VideoHashOptions opts;
  opts.seconds_per_hash = 0;  // the sample files hash every frame
  if (downsample) opts.downsample_width = opts.downsample_height = 128;
  opts.conversion = conversion;
  size_t frames = 0, identical = 0, quality_equal = 0;
  int worst = 0;
  for (const char* name : kSamples) {
    const std::string file = std::string(name) + (downsample ? "-128x128.txt" : ".txt");
    if (!std::filesystem::exists(
            testing::SharedPath("media/pdq/video/vpdq-sample-hashes/" + file))) {
      continue;
    }
    auto got = HashVideoFile(VideoPath(name), opts);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    if (!got.ok()) continue;
    const auto want = Expected(file);
    Tally t = Compare(*got, want);
    EXPECT_EQ(got->size(), want.size()) << name;
    std::printf("%-34s %s frames %4zu identical %4zu (%5.1f%%) quality= %4zu max d %2d  %s\n", name,
                downsample ? "128x128" : "full   ", t.frames, t.identical,
                100.0 * t.identical / std::max<size_t>(t.frames, 1), t.quality_equal,
                t.max_distance, Histogram(t).c_str());
    frames += t.frames;
    identical += t.identical;
    quality_equal += t.quality_equal;
    worst = std::max(worst, t.max_distance);
    out[name] = t;
  }
  std::printf("TOTAL %s frames %zu identical %zu (%.2f%%) quality equal %zu max distance %d\n",
              downsample ? "128x128" : "full", frames, identical,
              100.0 * identical / std::max<size_t>(frames, 1), quality_equal, worst);
  EXPECT_GE(static_cast<double>(identical) / std::max<size_t>(frames, 1), min_identical_share);
  EXPECT_LE(worst, max_distance);
  return out;
}

// Figures measured with Debian 12's FFmpeg 5.1 (libswscale 6.7) on x86-64. PDQ itself is
// bit-exact on the reference's own pixels (formats/image/pdq_conformance_test.cc); every
// difference here comes from the YUV -> RGB conversion (see FrameConversion).
// Default conversion: 13 of 14 videos identical on every frame (5794 of 5872 = 98.67%); the
// exception, test-padded-dimensions (72 of 150, all within 4), was hashed upstream by the x86
// SIMD converter, which kReferenceFlags reproduces on x86 (see FullSizeReferenceFlagsOnX86).
TEST(VpdqReferenceTest, FullSizeFrameHashesMatchReference) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto t = RunBitExactness(/*downsample=*/false, FrameConversion::kMatchSamples, 0.985, 4);
  for (const auto& [name, tally] : t) {
    if (name != "test-padded-dimensions") {
      EXPECT_EQ(tally.identical, tally.frames) << name;
      EXPECT_EQ(tally.quality_equal, tally.frames) << name;
    }
  }
}

// SWS_AREA | SWS_ACCURATE_RND: 5554 of 5872 (94.58%), all within 4.
TEST(VpdqReferenceTest, FullSizeAreaAccurate) {
  TAMIS_REQUIRE_SHARED_DATA();
  RunBitExactness(false, FrameConversion::kAreaAccurate, 0.945, 4);
}

// The reference's plain SWS_AREA request on this FFmpeg and CPU: the x86 SIMD converter
// rounds differently from the C one, 3049 of 5872 identical (51.92%), up to 76 bits apart,
// but test-padded-dimensions is identical on every frame: its upstream hashes were made by
// the SIMD converter (an x86 build), the 13 others by the C converter.
TEST(VpdqReferenceTest, FullSizeReferenceFlagsOnX86) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto t = RunBitExactness(false, FrameConversion::kReferenceFlags, 0.50, 80);
  EXPECT_EQ(t["test-padded-dimensions"].identical, t["test-padded-dimensions"].frames);
}

// Downsampling to 128x128 (bicubic): 2754 of 5722 identical (48.13%), all within 18. The
// reference files were evidently made by another scaler build (SWS_AREA gives 18.5%, max 28).
TEST(VpdqReferenceTest, Downsampled128FrameHashesAreClose) {
  TAMIS_REQUIRE_SHARED_DATA();
  RunBitExactness(true, FrameConversion::kMatchSamples, 0.48, 18);
}

// The vPDQ rule (distance < 31, quality >= 50, both percentages >= 80) at the default 1 frame
// per second, our hashes against chair-orig-22-sd-bar. The same rule on the reference's own
// sample hashes (sampled at the same frame step) gives the same percentages: chair-19-sd-bar (a re-encode whose
// 564 frames do not line up with the original's at 1 fps: query 10.5%) and
// chair-22-with-large-logo-bar (the logo covers much of the frame: 4.3%) do not match at 1 fps.
// chair-19 matches when every frame is hashed (reference hashes: 100% / 84%); the large-logo
// edit does not match even then (11%): a limit of frame-level PDQ, not of this port.
TEST(VpdqReferenceTest, ChairEditsMatchOriginalUnrelatedDoNot) {
  TAMIS_REQUIRE_SHARED_DATA();
  QuietFfmpegLogging();
  std::map<std::string, std::vector<VpdqFeature>> h, ref;
  for (const char* name : kSamples) {
    VideoInfo info;
    auto r = HashVideoFile(VideoPath(name), {}, &info);  // default: 1 frame per second
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    h[name] = *r;
    // The upstream every-frame hashes, sampled at the same step.
    for (const VpdqFeature& f : Expected(std::string(name) + ".txt")) {
      if (f.frame_number % info.frame_step == 0) ref[name].push_back(f);
    }
  }
  const auto& orig = h["chair-orig-22-sd-bar"];
  for (const char* name : kSamples) {
    const std::string n = name;
    const media::VpdqMatch m = media::MatchVpdq(h[n], orig);
    const media::VpdqMatch rm = media::MatchVpdq(ref[n], ref["chair-orig-22-sd-bar"]);
    EXPECT_DOUBLE_EQ(m.query_match_percent, rm.query_match_percent) << n;
    EXPECT_DOUBLE_EQ(m.compared_match_percent, rm.compared_match_percent) << n;
    std::printf("%-34s vs chair-orig-22-sd-bar: query %5.1f%% compared %5.1f%%\n", name,
                m.query_match_percent, m.compared_match_percent);
    if (n.rfind("chair-", 0) == 0 && n != "chair-19-sd-bar" &&
        n != "chair-22-with-large-logo-bar") {
      EXPECT_TRUE(media::IsVpdqMatch(m)) << n;
    } else {
      EXPECT_FALSE(media::IsVpdqMatch(m)) << n;
    }
    if (n.rfind("chair-", 0) != 0) {
      EXPECT_EQ(m.query_match_percent, 0.0) << n;
      EXPECT_EQ(m.compared_match_percent, 0.0) << n;
    }
  }
  // Every frame hashed: the chair-19 re-encode matches.
  VideoHashOptions every;
  every.seconds_per_hash = 0;
  auto a = HashVideoFile(VideoPath("chair-19-sd-bar"), every);
  auto b = HashVideoFile(VideoPath("chair-orig-22-sd-bar"), every);
  ASSERT_TRUE(a.ok() && b.ok());
  const media::VpdqMatch m = media::MatchVpdq(*a, *b);
  std::printf("chair-19-sd-bar every frame: query %5.1f%% compared %5.1f%%\n",
              m.query_match_percent, m.compared_match_percent);
  EXPECT_TRUE(media::IsVpdqMatch(m));
}

}  // namespace
}  // namespace tamis::video
