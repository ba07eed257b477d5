// Video decoding (FFmpeg: any container and codec libavformat/libavcodec were built with) and
// vPDQ frame hashing, as Meta's reference vPDQ hasher (facebook/ThreatExchange vpdq/cpp) does:
//   - frames are numbered in decoder output order from 0 (every decoded frame counts);
//   - a frame is hashed when frame_number % frame_step == 0, where
//     frame_step = (int)(seconds_per_hash * frame_rate), at least 1, and frame_rate is the
//     stream's average frame rate (its r_frame_rate when that is unknown);
//   - each hashed frame is converted by libswscale to packed RGB24 at the output size
//     (the source size, or the downsample size) by libswscale (flags: see FrameConversion;
//     the reference asks for SWS_AREA), then hashed by the
//     PDQ core path (float luma 0.299R + 0.587G + 0.114B, no 512 pre-squash);
//   - timestamp = frame_number / frame_rate, in float as the reference computes it.
// Bit identity with the reference's hashes also depends on the FFmpeg build (decoder and
// swscale versions); see docs/benchmarks.md for what this achieves on the sample videos.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "core/media/vpdq.h"
#include "core/status.h"

namespace tamis::video {

// The libswscale settings that turn a decoded frame into RGB24. The reference asks for
// SWS_AREA, but what that produces depends on the libswscale build and CPU: same-size
// YUV -> RGB goes through a special unscaled converter whose x86 SIMD version rounds
// differently from its C version. The reference's published sample hashes were made by the C
// converter (nearest chroma, exact rounding) and, for the 128x128 files, a bicubic scaler
// (the ffmpeg command line's default). Figures in docs/benchmarks.md.
enum class FrameConversion : uint8_t {
  // Same size: SWS_POINT | SWS_ACCURATE_RND, which reproduces the C unscaled converter on any
  // CPU (13 of the 14 sample videos bit-exact on every frame). Downsampling: SWS_BICUBIC.
  kMatchSamples = 0,
  // SWS_AREA | SWS_ACCURATE_RND: the generic scaler with area chroma (94.6% of sample frames).
  kAreaAccurate,
  // Exactly the reference's request, SWS_AREA. On x86-64 (FFmpeg 5.1) same-size conversion
  // then uses the SIMD converter: half the sample frames differ, but test-padded-dimensions,
  // hashed upstream on an x86 build, is reproduced exactly. CPU-dependent.
  kReferenceFlags,
};

struct VideoHashOptions {
  // Seconds between hashed frames. Default 1 (the reference default); 0 hashes every frame.
  // Must be >= 0 and finite.
  double seconds_per_hash = 1.0;
  // Scale frames to this size before hashing (the reference's downsample option); 0 keeps
  // the source width / height. Default 0, 0.
  int downsample_width = 0;
  int downsample_height = 0;
  // Largest width * height of the coded frames and of the output size, checked from the
  // stream header before the decoder or any frame buffer is allocated, and again for every
  // decoded frame. Default 40 megapixels (8K UHD is 33).
  uint64_t max_pixels = 40'000'000;
  // Longest duration the container declares, in seconds. Default 6 hours.
  double max_duration_seconds = 6 * 3600.0;
  // Largest file accepted, checked with the file system before opening. Default 8 GiB.
  uint64_t max_file_bytes = uint64_t{8} << 30;
  // Most frames decoded (sampled or not) before giving up with ResourceExhausted, against
  // containers that lie about their duration. Default 2,000,000 (18.5 h at 30 fps).
  uint64_t max_decoded_frames = 2'000'000;
  // Decoder threads. Default 1 (deterministic and light on shared machines); 0 lets FFmpeg
  // choose. Frame hashes do not depend on it.
  int decoder_threads = 1;
  // How frames become RGB24 (see FrameConversion). Default kMatchSamples.
  FrameConversion conversion = FrameConversion::kMatchSamples;
  // Accept a stream that is damaged or cut short (a read or decode error, or a video that ends
  // more than 0.5 s + 2 frames before the duration its header declares) and return the frames
  // decoded so far. Default false: ParseError.
  bool allow_truncated = false;
};

// Stream facts found while hashing.
struct VideoInfo {
  int width = 0;  // coded frame size from the stream header
  int height = 0;
  double frame_rate = 0;        // frames per second used for the step and timestamps
  double duration_seconds = 0;  // container duration, 0 when unknown
  int frame_step = 1;           // every frame_step-th decoded frame is hashed
  int64_t decoded_frames = 0;
};

// Decodes the first video stream of `path` and returns one feature per sampled frame, in
// frame order. Errors (the message names the file):
//   NotFound / IoError       the file cannot be read;
//   InvalidArgument          zero-length file, or bad options (negative rate, sizes);
//   ParseError               not a media file FFmpeg recognises, no video stream, corrupt or
//                            truncated data (unless allow_truncated), zero frame rate;
//   Unimplemented            no decoder for the stream's codec in this FFmpeg build;
//   ResourceExhausted        a limit in VideoHashOptions would be exceeded.
// A video with no decodable frame gives ParseError. Frames smaller than 5 pixels in either
// side hash to the zero hash with quality 0 (the PDQ rule). Never aborts on bad input.
// Thread-safe: each call has its own decoder state (FFmpeg's logging level is process-wide,
// see QuietFfmpegLogging).
Result<std::vector<media::VpdqFeature>> HashVideoFile(const std::filesystem::path& path,
                                                      const VideoHashOptions& opts = {},
                                                      VideoInfo* info = nullptr);

// The same for a video held in memory (e.g. an HTTP request body); `name` labels messages.
// InvalidArgument for empty bytes, ResourceExhausted above max_file_bytes, otherwise as
// HashVideoFile. `bytes` is only read during the call. Thread-safe.
Result<std::vector<media::VpdqFeature>> HashVideoBytes(std::span<const uint8_t> bytes, std::string_view name,
                                                       const VideoHashOptions& opts = {},
                                                       VideoInfo* info = nullptr);

// The container a file's first bytes announce ("mp4" for ISO BMFF / QuickTime, "matroska"
// for Matroska and WebM, "avi", "flv", "ogg", "asf", "mpeg", "mpegts"), or "" when they are
// not a video container this recognises. Reads at most 377 bytes. Pure, thread-safe.
std::string_view SniffVideoContainer(std::span<const uint8_t> head);

// Sets FFmpeg's process-wide log level to fatal errors only (its default prints warnings
// about damaged streams to stderr). Call once from main or a test; thread-safe.
void QuietFfmpegLogging();

}  // namespace tamis::video
