// Videos written here with FFmpeg's lossless FFV1 encoder (RGB) in Matroska, so the expected
// frame hashes are known exactly: the PDQ hash of the RGB pixels that were encoded. Checks
// the non-MP4 path, frame sampling, stride handling and frames below PDQ's 5-pixel minimum.
#include <gtest/gtest.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
}

#include <fstream>
#include <random>
#include <vector>

#include "core/media/pdq.h"
#include "formats/video/video_hash.h"
#include "testing/shared_data.h"

namespace tamis::video {
namespace {

// Frame `i`'s RGB24 pixels: noise seeded by i, so every frame hashes differently.
std::vector<uint8_t> FramePixels(int w, int h, int i) {
  std::mt19937 rng(1000 + i);
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * 3);
  for (size_t k = 0; k < px.size(); ++k) px[k] = static_cast<uint8_t>((rng() & 0x7F) + (k % 97));
  return px;
}

// Writes n frames of w x h at fps as FFV1 (BGR0) in Matroska. Returns false on any error.
bool WriteFfv1Mkv(const std::filesystem::path& path, int w, int h, int fps, int n) {
  AVFormatContext* oc = nullptr;
  if (avformat_alloc_output_context2(&oc, nullptr, "matroska", path.c_str()) < 0) return false;
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_FFV1);
  AVStream* st = codec ? avformat_new_stream(oc, nullptr) : nullptr;
  AVCodecContext* ctx = st ? avcodec_alloc_context3(codec) : nullptr;
  AVFrame* frame = av_frame_alloc();
  AVPacket* pkt = av_packet_alloc();
  bool ok = ctx != nullptr && frame != nullptr && pkt != nullptr;
  if (ok) {
    ctx->width = w;
    ctx->height = h;
    ctx->time_base = AVRational{1, fps};
    ctx->framerate = AVRational{fps, 1};
    ctx->pix_fmt = AV_PIX_FMT_BGR0;
    if (oc->oformat->flags & AVFMT_GLOBALHEADER) ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    ok = avcodec_open2(ctx, codec, nullptr) >= 0 &&
         avcodec_parameters_from_context(st->codecpar, ctx) >= 0;
  }
  if (ok) {
    st->time_base = ctx->time_base;
    st->avg_frame_rate = ctx->framerate;
    ok = avio_open(&oc->pb, path.c_str(), AVIO_FLAG_WRITE) >= 0 &&
         avformat_write_header(oc, nullptr) >= 0;
  }
  auto drain = [&]() {
    while (avcodec_receive_packet(ctx, pkt) >= 0) {
      av_packet_rescale_ts(pkt, ctx->time_base, st->time_base);
      pkt->stream_index = st->index;
      if (av_interleaved_write_frame(oc, pkt) < 0) return false;
    }
    return true;
  };
  for (int i = 0; ok && i < n; ++i) {
    frame->format = AV_PIX_FMT_BGR0;
    frame->width = w;
    frame->height = h;
    ok = av_frame_get_buffer(frame, 0) >= 0;
    if (!ok) break;
    const std::vector<uint8_t> rgb = FramePixels(w, h, i);
    for (int y = 0; y < h; ++y) {
      uint8_t* row = frame->data[0] + static_cast<ptrdiff_t>(y) * frame->linesize[0];
      for (int x = 0; x < w; ++x) {
        const uint8_t* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
        row[4 * x] = p[2];
        row[4 * x + 1] = p[1];
        row[4 * x + 2] = p[0];
        row[4 * x + 3] = 0;
      }
    }
    frame->pts = i;
    ok = avcodec_send_frame(ctx, frame) >= 0 && drain();
    av_frame_unref(frame);
  }
  if (ok) ok = avcodec_send_frame(ctx, nullptr) >= 0 && drain() && av_write_trailer(oc) >= 0;
  if (oc && oc->pb) avio_closep(&oc->pb);
  av_packet_free(&pkt);
  av_frame_free(&frame);
  avcodec_free_context(&ctx);
  avformat_free_context(oc);
  return ok;
}

class VideoEncodeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { QuietFfmpegLogging(); }
};

TEST_F(VideoEncodeTest, LosslessMatroskaHashesEqualPdqOfEncodedPixels) {
  testing::TempDir dir;
  const int w = 70, h = 45, fps = 10, n = 25;  // odd sizes: padded strides
  ASSERT_TRUE(WriteFfv1Mkv(dir / "v.mkv", w, h, fps, n));
  VideoInfo info;
  auto r = HashVideoFile(dir / "v.mkv", {}, &info);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(info.width, w);
  EXPECT_EQ(info.height, h);
  EXPECT_NEAR(info.frame_rate, fps, 1e-9);
  EXPECT_EQ(info.frame_step, fps);
  EXPECT_EQ(info.decoded_frames, n);
  ASSERT_EQ(r->size(), 3u);  // frames 0, 10, 20
  media::PdqHasher hasher;
  for (size_t k = 0; k < r->size(); ++k) {
    const int frame = static_cast<int>(k) * fps;
    EXPECT_EQ((*r)[k].frame_number, frame);
    EXPECT_NEAR((*r)[k].timestamp_seconds, frame / double(fps), 1e-6);
    const std::vector<uint8_t> px = FramePixels(w, h, frame);
    auto want = hasher.HashPixels(media::PixelView{px.data(), w, h, 3, 0});
    ASSERT_TRUE(want.ok());
    EXPECT_EQ((*r)[k].hash, want->hash) << "frame " << frame;
    EXPECT_EQ((*r)[k].quality, want->quality);
  }
  // Half-second sampling takes every 5th frame.
  VideoHashOptions half;
  half.seconds_per_hash = 0.5;
  auto hr = HashVideoFile(dir / "v.mkv", half);
  ASSERT_TRUE(hr.ok());
  EXPECT_EQ(hr->size(), 5u);
}

TEST_F(VideoEncodeTest, FramesBelowFivePixelsHashToZero) {
  testing::TempDir dir;
  ASSERT_TRUE(WriteFfv1Mkv(dir / "tiny.mkv", 4, 4, 5, 6));
  auto r = HashVideoFile(dir / "tiny.mkv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  for (const auto& f : *r) {
    EXPECT_TRUE(f.hash.IsZero());
    EXPECT_EQ(f.quality, 0);
  }
}

TEST_F(VideoEncodeTest, DownsampleOutputSizeLimit) {
  testing::TempDir dir;
  ASSERT_TRUE(WriteFfv1Mkv(dir / "v.mkv", 16, 16, 5, 2));
  VideoHashOptions o;
  o.downsample_width = 100000;
  o.downsample_height = 100000;
  EXPECT_EQ(HashVideoFile(dir / "v.mkv", o).status().code(), StatusCode::kResourceExhausted);
}

// A stream whose header comes first (Matroska), cut in the middle of a frame.
TEST_F(VideoEncodeTest, TruncatedStreamingContainer) {
  testing::TempDir dir;
  ASSERT_TRUE(WriteFfv1Mkv(dir / "v.mkv", 64, 64, 5, 20));
  const std::string full = testing::ReadFileOrDie(dir / "v.mkv");
  {
    std::ofstream out(dir / "cut.mkv", std::ios::binary);
    out << full.substr(0, full.size() * 6 / 10 + 7);
  }
  auto strict = HashVideoFile(dir / "cut.mkv");
  VideoHashOptions lenient;
  lenient.allow_truncated = true;
  VideoInfo info;
  auto some = HashVideoFile(dir / "cut.mkv", lenient, &info);
  EXPECT_EQ(strict.status().code(), StatusCode::kParseError) << strict.status().ToString();
  ASSERT_TRUE(some.ok()) << some.status().ToString();
  EXPECT_GT(info.decoded_frames, 5);
  EXPECT_LT(info.decoded_frames, 20);
  EXPECT_FALSE(some->empty());
}

}  // namespace
}  // namespace tamis::video
