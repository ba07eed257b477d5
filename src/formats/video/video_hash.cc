// FFmpeg objects are owned by unique_ptrs with FFmpeg's own free functions, so every early
// return releases them. No exception crosses this file's edge (FFmpeg is C; the only C++
// allocations are vectors, and std::bad_alloc is not caught: out of memory is fatal).
#include "formats/video/video_hash.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

namespace tamis::video {
namespace {

struct FormatCloser {
  void operator()(AVFormatContext* p) const { avformat_close_input(&p); }
};
struct CodecFreer {
  void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct FrameFreer {
  void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsFreer {
  void operator()(SwsContext* p) const { sws_freeContext(p); }
};
using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

// Bytes held in memory, read through a custom AVIOContext (seekable).
struct MemoryReader {
  const uint8_t* data = nullptr;
  size_t size = 0;
  size_t pos = 0;

  static int Read(void* opaque, uint8_t* buf, int n) {
    auto* r = static_cast<MemoryReader*>(opaque);
    const size_t left = r->size - r->pos;
    if (left == 0) return AVERROR_EOF;
    const size_t k = std::min(left, static_cast<size_t>(std::max(n, 0)));
    std::memcpy(buf, r->data + r->pos, k);
    r->pos += k;
    return static_cast<int>(k);
  }
  static int64_t Seek(void* opaque, int64_t offset, int whence) {
    auto* r = static_cast<MemoryReader*>(opaque);
    whence &= ~AVSEEK_FORCE;
    if (whence == AVSEEK_SIZE) return static_cast<int64_t>(r->size);
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? static_cast<int64_t>(r->pos)
                                                                : static_cast<int64_t>(r->size);
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) return AVERROR(EINVAL);
    const int64_t to = base + offset;
    if (to < 0 || to > static_cast<int64_t>(r->size)) return AVERROR(EINVAL);
    r->pos = static_cast<size_t>(to);
    return to;
  }
};
struct AvioFreer {
  void operator()(AVIOContext* p) const {
    av_freep(&p->buffer);
    avio_context_free(&p);
  }
};
using AvioPtr = std::unique_ptr<AVIOContext, AvioFreer>;

std::string AvError(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  if (av_strerror(err, buf, sizeof(buf)) < 0) return "error " + std::to_string(err);
  return buf;
}

Status CheckPixels(int64_t w, int64_t h, const VideoHashOptions& opts, std::string_view what) {
  if (w <= 0 || h <= 0) return ParseError(std::string(what) + " has no size");
  if (static_cast<uint64_t>(w) * static_cast<uint64_t>(h) > opts.max_pixels) {
    return ResourceExhausted(std::string(what) + " " + std::to_string(w) + "x" + std::to_string(h) +
                             " exceeds max_pixels " + std::to_string(opts.max_pixels));
  }
  return Status::Ok();
}

int SwsFlags(FrameConversion c, bool same_size) {
  switch (c) {
    case FrameConversion::kAreaAccurate:
      return SWS_AREA | SWS_ACCURATE_RND;
    case FrameConversion::kReferenceFlags:
      return SWS_AREA;
    case FrameConversion::kMatchSamples:
    default:
      return same_size ? SWS_POINT | SWS_ACCURATE_RND : SWS_BICUBIC;
  }
}

Status CheckOptions(const VideoHashOptions& o) {
  if (!std::isfinite(o.seconds_per_hash) || o.seconds_per_hash < 0) {
    return InvalidArgument("seconds_per_hash must be a finite number >= 0");
  }
  if (o.downsample_width < 0 || o.downsample_height < 0) {
    return InvalidArgument("downsample sizes must be >= 0");
  }
  if (o.decoder_threads < 0) return InvalidArgument("decoder_threads must be >= 0");
  return Status::Ok();
}

// Decodes packets and hashes the sampled frames. One per HashVideoFile call.
class Session {
 public:
  Session(const VideoHashOptions& opts, VideoInfo* info) : opts_(opts), info_(info) {}

  // Opens `path`, or `bytes` when not null (then `path` only names the input).
  Status Open(const std::filesystem::path& path, std::span<const uint8_t>* bytes = nullptr);
  Status Run(std::vector<media::VpdqFeature>* out);

 private:
  Status Drain(std::vector<media::VpdqFeature>* out);
  Status CheckEndsWhereDeclared() const;
  Status HashFrame(const AVFrame& frame, std::vector<media::VpdqFeature>* out);

  const VideoHashOptions& opts_;
  VideoInfo* info_;
  MemoryReader memory_;
  AvioPtr avio_;  // declared before fmt_: must outlive it
  FormatPtr fmt_;
  CodecPtr codec_;
  SwsPtr sws_;
  FramePtr frame_;
  FramePtr rgb_;
  int stream_ = -1;
  int out_w_ = 0, out_h_ = 0;
  int sws_w_ = 0, sws_h_ = 0, sws_fmt_ = -1;
  int64_t last_pts_ = AV_NOPTS_VALUE;  // latest decoded frame timestamp, stream time base
  media::PdqHasher hasher_;
};

Status Session::Open(const std::filesystem::path& path, std::span<const uint8_t>* bytes) {
  AVFormatContext* raw = nullptr;
  if (bytes != nullptr) {
    memory_ = MemoryReader{bytes->data(), bytes->size(), 0};
    constexpr int kBuffer = 64 * 1024;
    auto* buf = static_cast<unsigned char*>(av_malloc(kBuffer));
    if (!buf) return Internal("cannot allocate an I/O buffer");
    avio_.reset(avio_alloc_context(buf, kBuffer, 0, &memory_, &MemoryReader::Read, nullptr, &MemoryReader::Seek));
    if (!avio_) {
      av_free(buf);
      return Internal("cannot allocate an I/O context");
    }
    raw = avformat_alloc_context();
    if (!raw) return Internal("cannot allocate a format context");
    raw->pb = avio_.get();
    raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  }
  // On failure avformat_open_input frees `raw` (not our custom AVIOContext).
  int err = avformat_open_input(&raw, bytes != nullptr ? "" : path.c_str(), nullptr, nullptr);
  if (err < 0) return ParseError("not a media file FFmpeg recognises (" + AvError(err) + ")");
  fmt_.reset(raw);
  // Sizes the container header already states are checked before FFmpeg probes (and so
  // decodes) anything; the probing decoders and ours are also capped by FFmpeg's own
  // max_pixels, so a lying header cannot make them allocate a bigger frame.
  for (unsigned i = 0; i < fmt_->nb_streams; ++i) {
    const AVCodecParameters* p = fmt_->streams[i]->codecpar;
    if (p->codec_type == AVMEDIA_TYPE_VIDEO && p->width > 0 && p->height > 0) {
      if (Status s = CheckPixels(p->width, p->height, opts_, "frame size"); !s.ok()) return s;
    }
  }
  const std::string max_pixels = std::to_string(std::min<uint64_t>(opts_.max_pixels, INT_MAX));
  std::vector<AVDictionary*> probe_opts(fmt_->nb_streams, nullptr);
  for (AVDictionary*& d : probe_opts) av_dict_set(&d, "max_pixels", max_pixels.c_str(), 0);
  err = avformat_find_stream_info(fmt_.get(), probe_opts.empty() ? nullptr : probe_opts.data());
  for (AVDictionary*& d : probe_opts) av_dict_free(&d);
  if (err < 0) return ParseError("cannot read stream information (" + AvError(err) + ")");
  if (fmt_->duration != AV_NOPTS_VALUE && fmt_->duration > 0) {
    info_->duration_seconds = static_cast<double>(fmt_->duration) / AV_TIME_BASE;
    if (info_->duration_seconds > opts_.max_duration_seconds) {
      return ResourceExhausted("duration " + std::to_string(info_->duration_seconds) +
                               " s exceeds max_duration_seconds");
    }
  }
  // The first video stream, as the reference; attached pictures (cover art) are skipped.
  for (unsigned i = 0; i < fmt_->nb_streams; ++i) {
    const AVStream* s = fmt_->streams[i];
    if (s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
        (s->disposition & AV_DISPOSITION_ATTACHED_PIC) == 0) {
      stream_ = static_cast<int>(i);
      break;
    }
  }
  if (stream_ < 0) return ParseError("no video stream");
  const AVStream* st = fmt_->streams[stream_];
  const AVCodecParameters* par = st->codecpar;
  info_->width = par->width;
  info_->height = par->height;
  if (Status s = CheckPixels(par->width, par->height, opts_, "frame size"); !s.ok()) return s;
  out_w_ = opts_.downsample_width > 0 ? opts_.downsample_width : par->width;
  out_h_ = opts_.downsample_height > 0 ? opts_.downsample_height : par->height;
  if (Status s = CheckPixels(out_w_, out_h_, opts_, "output size"); !s.ok()) return s;

  AVRational rate = st->avg_frame_rate;
  if (rate.num == 0 || rate.den == 0) rate = st->r_frame_rate;
  if (rate.num <= 0 || rate.den <= 0) return ParseError("unknown or zero frame rate");
  info_->frame_rate = static_cast<double>(rate.num) / static_cast<double>(rate.den);
  const double step = opts_.seconds_per_hash * info_->frame_rate;
  info_->frame_step = step >= static_cast<double>(INT_MAX) ? INT_MAX : static_cast<int>(step);
  if (info_->frame_step < 1) info_->frame_step = 1;

  const AVCodec* dec = avcodec_find_decoder(par->codec_id);
  if (dec == nullptr) {
    return Unimplemented(std::string("no decoder for codec ") + avcodec_get_name(par->codec_id));
  }
  codec_.reset(avcodec_alloc_context3(dec));
  if (!codec_) return Internal("cannot allocate the decoder context");
  err = avcodec_parameters_to_context(codec_.get(), par);
  if (err < 0) return ParseError("bad codec parameters (" + AvError(err) + ")");
  codec_->thread_count = opts_.decoder_threads;
  codec_->max_pixels = static_cast<int64_t>(std::min<uint64_t>(opts_.max_pixels, INT64_MAX));
  err = avcodec_open2(codec_.get(), dec, nullptr);
  if (err < 0) return ParseError("cannot open the decoder (" + AvError(err) + ")");
  frame_.reset(av_frame_alloc());
  rgb_.reset(av_frame_alloc());
  if (!frame_ || !rgb_) return Internal("cannot allocate frames");
  rgb_->format = AV_PIX_FMT_RGB24;
  rgb_->width = out_w_;
  rgb_->height = out_h_;
  err = av_frame_get_buffer(rgb_.get(), 0);
  if (err < 0) return ResourceExhausted("cannot allocate the RGB frame (" + AvError(err) + ")");
  return Status::Ok();
}

Status Session::HashFrame(const AVFrame& f, std::vector<media::VpdqFeature>* out) {
  if (!sws_ || f.width != sws_w_ || f.height != sws_h_ || f.format != sws_fmt_) {
    const int flags = SwsFlags(opts_.conversion, f.width == out_w_ && f.height == out_h_);
    sws_.reset(sws_getContext(f.width, f.height, static_cast<AVPixelFormat>(f.format), out_w_,
                              out_h_, AV_PIX_FMT_RGB24, flags, nullptr, nullptr, nullptr));
    if (!sws_) return Unimplemented("cannot convert this pixel format to RGB");
    sws_w_ = f.width;
    sws_h_ = f.height;
    sws_fmt_ = f.format;
  }
  sws_scale(sws_.get(), f.data, f.linesize, 0, f.height, rgb_->data, rgb_->linesize);
  media::PixelView view{rgb_->data[0], out_w_, out_h_, 3, static_cast<size_t>(rgb_->linesize[0])};
  Result<media::PdqResult> r = hasher_.HashPixels(view);
  if (!r.ok()) return r.status();
  const int64_t n = info_->decoded_frames;
  // The reference stores float(frame) / float(rate) in a float.
  const float ts = static_cast<float>(n) / static_cast<float>(info_->frame_rate);
  out->push_back(media::VpdqFeature{r->hash, r->quality, n, static_cast<double>(ts)});
  return Status::Ok();
}

// Receives every frame the decoder has ready.
Status Session::Drain(std::vector<media::VpdqFeature>* out) {
  while (true) {
    int err = avcodec_receive_frame(codec_.get(), frame_.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return Status::Ok();
    if (err < 0) return ParseError("decode error (" + AvError(err) + ")");
    Status s = CheckPixels(frame_->width, frame_->height, opts_, "decoded frame");
    if (s.ok() && static_cast<uint64_t>(info_->decoded_frames) >= opts_.max_decoded_frames) {
      s = ResourceExhausted("more than max_decoded_frames frames");
    }
    if (frame_->best_effort_timestamp != AV_NOPTS_VALUE) {
      last_pts_ = std::max(last_pts_, frame_->best_effort_timestamp);
    }
    if (s.ok() && info_->decoded_frames % info_->frame_step == 0) s = HashFrame(*frame_, out);
    av_frame_unref(frame_.get());
    if (!s.ok()) return s;
    ++info_->decoded_frames;
  }
}

// Many demuxers report a file cut short as a normal end of file. The video must then end
// where the header said: at the stream's declared duration, or the container's when the
// video is its only stream (with several streams the container's is that of the longest).
// Slack: 0.5 s plus two frames.
Status Session::CheckEndsWhereDeclared() const {
  const AVStream* st = fmt_->streams[stream_];
  double declared = 0;
  if (st->duration != AV_NOPTS_VALUE && st->duration > 0) {
    declared = static_cast<double>(st->duration) * av_q2d(st->time_base);
  } else if (fmt_->nb_streams == 1) {
    declared = info_->duration_seconds;
  }
  if (declared <= 0 || last_pts_ == AV_NOPTS_VALUE) return Status::Ok();
  const int64_t start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
  const double end =
      static_cast<double>(last_pts_ - start) * av_q2d(st->time_base) + 1.0 / info_->frame_rate;
  if (end + 0.5 + 2.0 / info_->frame_rate < declared) {
    return ParseError("video ends at " + std::to_string(end) + " s but the file declares " +
                      std::to_string(declared) + " s (truncated?)");
  }
  return Status::Ok();
}

Status Session::Run(std::vector<media::VpdqFeature>* out) {
  PacketPtr pkt(av_packet_alloc());
  if (!pkt) return Internal("cannot allocate a packet");
  Status damage;  // the first read or decode error, if any
  while (true) {
    int err = av_read_frame(fmt_.get(), pkt.get());
    if (err == AVERROR_EOF) break;
    if (err < 0) {
      damage = ParseError("read error (" + AvError(err) + ")");
      break;
    }
    if (pkt->stream_index == stream_) {
      if (pkt->flags & AV_PKT_FLAG_CORRUPT) {
        // The demuxer read less than the packet's size: the file ends inside a frame.
        av_packet_unref(pkt.get());
        damage = ParseError("truncated or corrupt video packet");
        break;
      }
      err = avcodec_send_packet(codec_.get(), pkt.get());
      av_packet_unref(pkt.get());
      if (err < 0 && err != AVERROR(EAGAIN)) {
        damage = ParseError("corrupt video packet (" + AvError(err) + ")");
        break;
      }
      Status s = Drain(out);
      if (s.code() == StatusCode::kParseError) {
        damage = s;
        break;
      }
      if (!s.ok()) return s;
    } else {
      av_packet_unref(pkt.get());
    }
  }
  // Flush the frames the decoder still holds.
  if (avcodec_send_packet(codec_.get(), nullptr) >= 0) {
    Status s = Drain(out);
    if (!s.ok() && s.code() != StatusCode::kParseError) return s;
    if (!s.ok() && damage.ok()) damage = s;
  }
  if (damage.ok() && info_->decoded_frames > 0) damage = CheckEndsWhereDeclared();
  if (!damage.ok() && !opts_.allow_truncated) return damage;
  if (info_->decoded_frames == 0) {
    return damage.ok() ? ParseError("no decodable video frame") : damage;
  }
  return Status::Ok();
}

}  // namespace

void QuietFfmpegLogging() { av_log_set_level(AV_LOG_FATAL); }

Result<std::vector<media::VpdqFeature>> HashVideoFile(const std::filesystem::path& path,
                                                      const VideoHashOptions& opts,
                                                      VideoInfo* info) {
  const std::string name = path.string();
  if (Status s = CheckOptions(opts); !s.ok()) return s;
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists) return NotFound(name + ": no such file");
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return IoError(name + ": " + ec.message());
  if (size == 0) return InvalidArgument(name + ": zero-length file");
  if (size > opts.max_file_bytes) {
    return ResourceExhausted(name + ": " + std::to_string(size) + " bytes exceeds max_file_bytes");
  }
  VideoInfo local;
  VideoInfo* vi = info != nullptr ? info : &local;
  *vi = VideoInfo{};
  Session session(opts, vi);
  std::vector<media::VpdqFeature> out;
  if (Status s = session.Open(path); !s.ok()) return s.WithContext(name);
  if (Status s = session.Run(&out); !s.ok()) return s.WithContext(name);
  return out;
}

Result<std::vector<media::VpdqFeature>> HashVideoBytes(std::span<const uint8_t> bytes, std::string_view name,
                                                       const VideoHashOptions& opts, VideoInfo* info) {
  const std::string label(name);
  if (Status s = CheckOptions(opts); !s.ok()) return s;
  if (bytes.empty()) return InvalidArgument(label + ": zero-length video");
  if (bytes.size() > opts.max_file_bytes) {
    return ResourceExhausted(label + ": " + std::to_string(bytes.size()) + " bytes exceeds max_file_bytes");
  }
  VideoInfo local;
  VideoInfo* vi = info != nullptr ? info : &local;
  *vi = VideoInfo{};
  Session session(opts, vi);
  std::vector<media::VpdqFeature> out;
  if (Status s = session.Open(label, &bytes); !s.ok()) return s.WithContext(label);
  if (Status s = session.Run(&out); !s.ok()) return s.WithContext(label);
  return out;
}

namespace {

bool At(std::span<const uint8_t> b, size_t off, std::string_view magic) {
  return b.size() >= off + magic.size() && std::memcmp(b.data() + off, magic.data(), magic.size()) == 0;
}

}  // namespace

std::string_view SniffVideoContainer(std::span<const uint8_t> head) {
  static constexpr std::string_view kBoxes[] = {"ftyp", "moov", "mdat", "free", "wide", "skip", "pnot"};
  for (std::string_view box : kBoxes)
    if (At(head, 4, box)) return "mp4";
  if (At(head, 0, "\x1A\x45\xDF\xA3")) return "matroska";
  if (At(head, 0, "RIFF") && At(head, 8, "AVI ")) return "avi";
  if (At(head, 0, "FLV\x01")) return "flv";
  if (At(head, 0, "OggS")) return "ogg";
  if (At(head, 0, std::string_view("\x30\x26\xB2\x75\x8E\x66\xCF\x11", 8))) return "asf";
  if (At(head, 0, std::string_view("\x00\x00\x01\xBA", 4)) || At(head, 0, std::string_view("\x00\x00\x01\xB3", 4)))
    return "mpeg";
  if (head.size() >= 377 && head[0] == 0x47 && head[188] == 0x47 && head[376] == 0x47) return "mpegts";
  return {};
}

}  // namespace tamis::video
