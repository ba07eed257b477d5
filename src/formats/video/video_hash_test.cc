// Video hashing: frame sampling and the errors for bad input (each must be a clear Status,
// never a crash).
#include "formats/video/video_hash.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "testing/shared_data.h"

namespace tamis::video {
namespace {

std::filesystem::path Sample(const std::string& name) {
  return testing::SharedPath("media/pdq/video/tmk-sample-videos/" + name);
}

void Write(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

// A valid 8 kHz mono 16-bit PCM WAV file of `samples` samples: audio, no video.
std::string WavBytes(uint32_t samples) {
  auto le32 = [](uint32_t v) {
    return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
  };
  auto le16 = [](uint16_t v) { return std::string{char(v), char(v >> 8)}; };
  const uint32_t data = samples * 2;
  std::string s = "RIFF" + le32(36 + data) + "WAVEfmt " + le32(16) + le16(1) + le16(1) +
                  le32(8000) + le32(16000) + le16(2) + le16(16) + "data" + le32(data);
  for (uint32_t i = 0; i < samples; ++i) s += le16(static_cast<uint16_t>(i * 300));
  return s;
}

class VideoHashTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { QuietFfmpegLogging(); }
};

TEST_F(VideoHashTest, DefaultSamplesOneFramePerSecond) {
  TAMIS_REQUIRE_SHARED_DATA();
  VideoInfo info;
  auto r = HashVideoFile(Sample("doorknob-hd-no-bar.mp4"), {}, &info);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GT(info.frame_rate, 1.0);
  EXPECT_EQ(info.frame_step, static_cast<int>(info.frame_rate));
  ASSERT_FALSE(r->empty());
  for (size_t i = 0; i < r->size(); ++i) {
    EXPECT_EQ((*r)[i].frame_number, static_cast<int64_t>(i) * info.frame_step);
    EXPECT_NEAR((*r)[i].timestamp_seconds, (*r)[i].frame_number / info.frame_rate, 1e-3);
  }
  EXPECT_EQ(r->size(),
            static_cast<size_t>((info.decoded_frames + info.frame_step - 1) / info.frame_step));
  // Every frame: the first sampled hash is the same frame 0.
  VideoHashOptions all;
  all.seconds_per_hash = 0;
  VideoInfo info_all;
  auto every = HashVideoFile(Sample("doorknob-hd-no-bar.mp4"), all, &info_all);
  ASSERT_TRUE(every.ok());
  EXPECT_EQ(static_cast<int64_t>(every->size()), info_all.decoded_frames);
  EXPECT_EQ((*every)[0], (*r)[0]);
  EXPECT_EQ((*every)[info.frame_step], (*r)[1]);
}

TEST_F(VideoHashTest, ZeroLengthFile) {
  testing::TempDir dir;
  Write(dir / "empty.mp4", "");
  auto r = HashVideoFile(dir / "empty.mp4");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("zero-length"), std::string::npos);
}

TEST_F(VideoHashTest, MissingFile) {
  testing::TempDir dir;
  EXPECT_EQ(HashVideoFile(dir / "nope.mp4").status().code(), StatusCode::kNotFound);
}

TEST_F(VideoHashTest, NonVideoFile) {
  testing::TempDir dir;
  Write(dir / "notes.mp4", "this is a text file, not a video\n");
  auto r = HashVideoFile(dir / "notes.mp4");
  EXPECT_EQ(r.status().code(), StatusCode::kParseError) << r.status().ToString();
  EXPECT_NE(r.status().message().find("notes.mp4"), std::string::npos);
}

TEST_F(VideoHashTest, NoVideoStream) {
  testing::TempDir dir;
  Write(dir / "tone.wav", WavBytes(8000));
  auto r = HashVideoFile(dir / "tone.wav");
  EXPECT_EQ(r.status().code(), StatusCode::kParseError) << r.status().ToString();
  EXPECT_NE(r.status().message().find("no video stream"), std::string::npos);
}

TEST_F(VideoHashTest, TruncatedFiles) {
  TAMIS_REQUIRE_SHARED_DATA();
  testing::TempDir dir;
  const std::string full = testing::ReadFileOrDie(Sample("doorknob-hd-no-bar.mp4"));
  for (double frac : {0.001, 0.1, 0.5, 0.9}) {
    const auto p = dir / ("cut" + std::to_string(frac) + ".mp4");
    Write(p, full.substr(0, static_cast<size_t>(full.size() * frac)));
    auto r = HashVideoFile(p);
    ASSERT_FALSE(r.ok()) << frac;
    EXPECT_EQ(r.status().code(), StatusCode::kParseError) << r.status().ToString();
  }
}

TEST_F(VideoHashTest, GarbageAfterValidHeaderNeverCrashes) {
  TAMIS_REQUIRE_SHARED_DATA();
  testing::TempDir dir;
  std::string bytes = testing::ReadFileOrDie(Sample("test-padded-dimensions.mp4"));
  uint32_t x = 12345;
  for (size_t i = bytes.size() / 3; i < bytes.size(); i += 97) {
    x = x * 1103515245u + 12345u;
    bytes[i] = static_cast<char>(x >> 16);
  }
  Write(dir / "damaged.mp4", bytes);
  auto r = HashVideoFile(dir / "damaged.mp4");
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), StatusCode::kParseError) << r.status().ToString();
  }
  VideoHashOptions lenient;
  lenient.allow_truncated = true;
  auto l = HashVideoFile(dir / "damaged.mp4", lenient);
  EXPECT_TRUE(l.ok() || l.status().code() == StatusCode::kParseError);
}

TEST_F(VideoHashTest, LimitsCheckedBeforeDecoding) {
  TAMIS_REQUIRE_SHARED_DATA();
  VideoHashOptions small;
  small.max_pixels = 1000;
  auto r = HashVideoFile(Sample("doorknob-hd-no-bar.mp4"), small);
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  VideoHashOptions short_only;
  short_only.max_duration_seconds = 0.5;
  EXPECT_EQ(HashVideoFile(Sample("doorknob-hd-no-bar.mp4"), short_only).status().code(),
            StatusCode::kResourceExhausted);
  VideoHashOptions tiny_file;
  tiny_file.max_file_bytes = 100;
  EXPECT_EQ(HashVideoFile(Sample("doorknob-hd-no-bar.mp4"), tiny_file).status().code(),
            StatusCode::kResourceExhausted);
  VideoHashOptions few;
  few.max_decoded_frames = 3;
  EXPECT_EQ(HashVideoFile(Sample("doorknob-hd-no-bar.mp4"), few).status().code(),
            StatusCode::kResourceExhausted);
  VideoHashOptions bad;
  bad.seconds_per_hash = -1;
  EXPECT_EQ(HashVideoFile(Sample("doorknob-hd-no-bar.mp4"), bad).status().code(),
            StatusCode::kInvalidArgument);
}

// Every sample video damaged four ways (cut in the header, cut in the middle, bytes scrambled
// from a third on, a zeroed block at the start of the data), read from memory: each gives a
// Status or frames, never a crash (run under ASan too, docs/fuzzing.md).
TEST_F(VideoHashTest, EverySampleCorruptedFourWaysFromMemoryGivesAStatus) {
  TAMIS_REQUIRE_SHARED_DATA();
  size_t errors = 0, total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(Sample(""))) {
    const std::string full = testing::ReadFileOrDie(entry.path());
    const std::string name = entry.path().filename().string();
    ASSERT_EQ(SniffVideoContainer({reinterpret_cast<const uint8_t*>(full.data()), full.size()}), "mp4") << name;
    std::vector<std::string> variants;
    variants.push_back(full.substr(0, std::min<size_t>(full.size(), 200)));
    variants.push_back(full.substr(0, full.size() / 2));
    std::string scrambled = full;
    uint32_t x = 99;
    for (size_t i = full.size() / 3; i < full.size(); i += 61) {
      x = x * 1103515245u + 12345u;
      scrambled[i] = static_cast<char>(x >> 16);
    }
    variants.push_back(scrambled);
    std::string zeroed = full;
    std::memset(zeroed.data() + std::min<size_t>(zeroed.size(), 64), 0, std::min<size_t>(zeroed.size() / 4, 4096));
    variants.push_back(zeroed);
    for (size_t v = 0; v < variants.size(); ++v) {
      VideoHashOptions o;
      o.allow_truncated = v % 2 == 1;
      const auto& b = variants[v];
      auto r = HashVideoBytes({reinterpret_cast<const uint8_t*>(b.data()), b.size()}, name, o);
      ++total;
      if (!r.ok()) {
        ++errors;
        EXPECT_NE(r.status().message().find(name), std::string::npos) << r.status().ToString();
        const StatusCode c = r.status().code();
        EXPECT_TRUE(c == StatusCode::kParseError || c == StatusCode::kUnimplemented ||
                    c == StatusCode::kResourceExhausted)
            << r.status().ToString();
      }
    }
  }
  EXPECT_EQ(total, 56u);
  EXPECT_GE(errors, 14u);  // at least every cut header is refused
}

TEST_F(VideoHashTest, BytesAndFileGiveTheSameFrames) {
  TAMIS_REQUIRE_SHARED_DATA();
  const std::string full = testing::ReadFileOrDie(Sample("chair-20-sd-bar.mp4"));
  auto a = HashVideoFile(Sample("chair-20-sd-bar.mp4"));
  auto b = HashVideoBytes({reinterpret_cast<const uint8_t*>(full.data()), full.size()}, "chair");
  ASSERT_TRUE(a.ok() && b.ok()) << b.status().ToString();
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(HashVideoBytes({}, "empty").status().code(), StatusCode::kInvalidArgument);
  const std::string text = "not a video at all, just some text that goes on for a while";
  EXPECT_EQ(SniffVideoContainer({reinterpret_cast<const uint8_t*>(text.data()), text.size()}), "");
  auto t = HashVideoBytes({reinterpret_cast<const uint8_t*>(text.data()), text.size()}, "text");
  EXPECT_FALSE(t.ok());
}

}  // namespace
}  // namespace tamis::video
