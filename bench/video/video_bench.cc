// bench_video: the two video goals of issue #19, each with its baseline in the same run.
//
//   bench_video match [videos=100000] [frames=60] [queries=400] [baseline_queries=4]
//     A library of synthetic videos (each frame a random walk of 0..5 bits from the previous
//     one, a new scene every ~12 frames), indexed by VpdqIndex (one MIH over every frame).
//     Queries of 60 frames (a 1-minute video at 1 frame per second): half are edited copies of
//     library videos (8..16 bits flipped per frame, 10% of frames dropped, 5 new frames), half
//     unrelated videos. Reports query videos per second on one core (thread CPU time) and wall,
//     recall of the edited copies (source video first with both percentages >= 80), index memory
//     and process RSS. Baseline: the same queries by brute force (VpdqIndex::SearchBrute, every
//     query frame against every library frame), whose answers must equal the index's.
//
//   bench_video hash [repeat=3] [seconds_per_hash=1] FILE...
//     Hashing throughput (HashVideoFile: decode, sample, convert, PDQ) against FFmpeg
//     decode-only of the same files (same decoder, one thread, every frame decoded and nothing
//     converted): frames per second of each and the ratio (goal >= 90%).
#include <time.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "formats/video/video_hash.h"
#include "index/hash/vpdq_index.h"

namespace th = tamis::index::hash;

namespace {

double ThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
double Wall() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
size_t RssBytes() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<size_t>(resident) * 4096;
}
double LoadAverage() {
  double l = 0;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &l) != 1) l = 0;
    std::fclose(f);
  }
  return l;
}

th::Hash256 RandomHash(std::mt19937_64& rng) { return th::Hash256{{rng(), rng(), rng(), rng()}}; }
th::Hash256 Flip(th::Hash256 h, int k, std::mt19937_64& rng) {
  for (int i = 0; i < k; ++i) h = h.WithBitFlipped(static_cast<int>(rng() % 256));  // may repeat: <= k bits
  return h;
}

std::vector<th::VpdqFrame> RandomVideo(int frames, std::mt19937_64& rng) {
  std::vector<th::VpdqFrame> v;
  th::Hash256 h = RandomHash(rng);
  for (int i = 0; i < frames; ++i) {
    if (rng() % 12 == 0) h = RandomHash(rng);
    h = Flip(h, static_cast<int>(rng() % 6), rng);
    v.push_back({h, static_cast<uint8_t>(60 + rng() % 41), static_cast<float>(i)});
  }
  return v;
}

int Match(int argc, char** argv) {
  const size_t n_videos = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;
  const int n_frames = argc > 3 ? std::atoi(argv[3]) : 60;
  const size_t n_queries = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 400;
  const size_t n_baseline = argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 4;
  std::mt19937_64 rng(2026);
  const size_t rss0 = RssBytes();
  double t0 = Wall();
  std::vector<std::vector<th::VpdqFrame>> sources;  // library videos used for edited queries
  std::vector<uint32_t> source_ids;
  th::VpdqIndex::Builder b;
  for (size_t v = 0; v < n_videos; ++v) {
    auto video = RandomVideo(n_frames, rng);
    if (sources.size() < n_queries / 2 && rng() % (n_videos / (n_queries / 2 + 1) + 1) == 0) {
      sources.push_back(video);
      source_ids.push_back(static_cast<uint32_t>(v));
    }
    if (!b.AddVideo(video).ok()) return 1;
  }
  const double gen_s = Wall() - t0;
  t0 = Wall();
  auto index = std::move(b).Build();
  if (!index.ok()) {
    std::fprintf(stderr, "%s\n", index.status().ToString().c_str());
    return 1;
  }
  const double build_s = Wall() - t0;
  const size_t rss1 = RssBytes();

  // Queries: edited copies, then unrelated videos.
  std::vector<std::vector<th::VpdqFrame>> queries;
  std::vector<int64_t> expect;  // library id of the source, -1 for unrelated
  for (size_t i = 0; i < sources.size(); ++i) {
    std::vector<th::VpdqFrame> q;
    for (const auto& f : sources[i]) {
      if (rng() % 10 == 0) continue;
      q.push_back({Flip(f.hash, 8 + static_cast<int>(rng() % 9), rng), static_cast<uint8_t>(80 + rng() % 21), f.seconds});
    }
    while (q.size() < 60) q.push_back({RandomHash(rng), 90, static_cast<float>(q.size())});
    queries.push_back(std::move(q));
    expect.push_back(source_ids[i]);
  }
  while (queries.size() < n_queries) {
    queries.push_back(RandomVideo(60, rng));
    expect.push_back(-1);
  }

  struct Run {
    double cpu = 0, wall = 0;
    size_t found = 0, related = 0, false_hits = 0, pairs = 0;
  };
  auto run = [&](const th::VpdqSearchParams& p) {
    Run out;
    const double c0 = ThreadCpu(), w0 = Wall();
    for (size_t i = 0; i < queries.size(); ++i) {
      auto r = index->Search(queries[i], p);
      if (!r.ok()) std::abort();
      for (const auto& m : *r) out.pairs += m.query_matched;
      if (expect[i] >= 0) {
        ++out.related;
        if (!r->empty() && r->front().video == expect[i] && r->front().query_match_percent >= 80 &&
            r->front().compared_match_percent >= 80)
          ++out.found;
      } else {
        for (const auto& m : *r)
          if (m.query_match_percent >= 80 && m.compared_match_percent >= 80) ++out.false_hits;
      }
    }
    out.cpu = ThreadCpu() - c0;
    out.wall = Wall() - w0;
    return out;
  };
  th::VpdqSearchParams every;  // 0 / 0: every video sharing a frame, all query frames searched
  th::VpdqSearchParams rule;   // 80 / 80 (tamis media match's default): 13 seed frames of 60
  rule.min_query_percent = 80;
  rule.min_compared_percent = 80;
  const Run all = run(every);
  const Run seeded = run(rule);
  const double mih_cpu = all.cpu;
  // Baseline: brute force on the first queries (both kinds), answers compared with the index.
  size_t mismatches = 0;
  const double bc0 = ThreadCpu(), bw0 = Wall();
  std::vector<size_t> picks;
  for (size_t k = 0; k < n_baseline; ++k) picks.push_back(k % 2 ? queries.size() - 1 - k / 2 : k / 2);
  for (size_t i : picks) {
    auto r = index->SearchBrute(queries[i]);
    auto m = index->Search(queries[i]);
    if (!r.ok() || !m.ok() || r->size() != m->size()) {
      ++mismatches;
      continue;
    }
    for (size_t j = 0; j < r->size(); ++j)
      if ((*r)[j].video != (*m)[j].video || (*r)[j].query_match_percent != (*m)[j].query_match_percent ||
          (*r)[j].compared_match_percent != (*m)[j].compared_match_percent)
        ++mismatches;
  }
  const double brute_cpu = ThreadCpu() - bc0, brute_wall = Wall() - bw0;
  // The baseline loop also ran the index once per query; take that out.
  const double per_mih = mih_cpu / static_cast<double>(queries.size());
  const double brute_per = (brute_cpu - per_mih * static_cast<double>(picks.size())) / static_cast<double>(picks.size());

  std::printf("library: %zu videos x %d frames = %zu frames (generated in %.1f s), index build %.1f s wall\n",
              index->videos(), n_frames, index->frames(), gen_s, build_s);
  std::printf("index memory %.1f MiB (%.1f B/frame); RSS growth %.1f MiB; RSS %.1f MiB\n",
              static_cast<double>(index->memory_bytes()) / 1048576.0,
              static_cast<double>(index->memory_bytes()) / static_cast<double>(index->frames()),
              static_cast<double>(rss1 - rss0) / 1048576.0, static_cast<double>(RssBytes()) / 1048576.0);
  for (const auto& [name, r] : {std::pair<const char*, const Run&>{"0/0 (every frame searched)", all},
                                 {"80/80 (seed frames)", seeded}}) {
    std::printf("vpdq_index %s: %zu query videos of 60 frames: %.1f queries/s per CPU second (one core), %.1f per wall second\n",
                name, queries.size(), static_cast<double>(queries.size()) / r.cpu,
                static_cast<double>(queries.size()) / r.wall);
    std::printf("  edited copies found first with >= 80/80: %zu of %zu; unrelated queries with an 80/80 hit: %zu; frame matches %zu\n",
                r.found, r.related, r.false_hits, r.pairs);
  }
  std::printf("brute force (baseline): %zu queries: %.3f queries/s per CPU second (%.1f s wall in all); answers differing from the index: %zu\n",
              picks.size(), 1.0 / brute_per, brute_wall, mismatches);
  std::printf("ratio index / brute force: %.0fx; load average %.2f\n", brute_per / per_mih, LoadAverage());
  return mismatches == 0 ? 0 : 2;
}

// Decodes every frame of the first video stream, one decoder thread, no conversion.
int64_t DecodeOnly(const char* path) {
  AVFormatContext* fmt = nullptr;
  if (avformat_open_input(&fmt, path, nullptr, nullptr) < 0) return -1;
  if (avformat_find_stream_info(fmt, nullptr) < 0) return -1;
  const AVCodec* codec = nullptr;
  const int stream = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  if (stream < 0 || !codec) return -1;
  AVCodecContext* ctx = avcodec_alloc_context3(codec);
  avcodec_parameters_to_context(ctx, fmt->streams[stream]->codecpar);
  ctx->thread_count = 1;
  if (avcodec_open2(ctx, codec, nullptr) < 0) return -1;
  AVPacket* pkt = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  int64_t frames = 0;
  auto drain = [&] {
    while (avcodec_receive_frame(ctx, frame) >= 0) {
      ++frames;
      av_frame_unref(frame);
    }
  };
  while (av_read_frame(fmt, pkt) >= 0) {
    if (pkt->stream_index == stream && avcodec_send_packet(ctx, pkt) >= 0) drain();
    av_packet_unref(pkt);
  }
  avcodec_send_packet(ctx, nullptr);
  drain();
  av_frame_free(&frame);
  av_packet_free(&pkt);
  avcodec_free_context(&ctx);
  avformat_close_input(&fmt);
  return frames;
}

int Hash(int argc, char** argv) {
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 3;
  const double sph = argc > 3 ? std::atof(argv[3]) : 1.0;
  tamis::video::QuietFfmpegLogging();
  tamis::video::VideoHashOptions opts;
  opts.seconds_per_hash = sph;
  double decode_cpu = 0, hash_cpu = 0;
  int64_t decoded = 0, hashed_frames = 0, sampled = 0;
  for (int r = 0; r < repeat; ++r) {
    for (int i = 4; i < argc; ++i) {
      double c = ThreadCpu();
      const int64_t n = DecodeOnly(argv[i]);
      decode_cpu += ThreadCpu() - c;
      if (n < 0) {
        std::fprintf(stderr, "%s: cannot decode\n", argv[i]);
        return 1;
      }
      decoded += n;
      tamis::video::VideoInfo info;
      c = ThreadCpu();
      auto h = tamis::video::HashVideoFile(argv[i], opts, &info);
      hash_cpu += ThreadCpu() - c;
      if (!h.ok()) {
        std::fprintf(stderr, "%s\n", h.status().ToString().c_str());
        return 1;
      }
      hashed_frames += info.decoded_frames;
      sampled += static_cast<int64_t>(h->size());
    }
  }
  std::printf("%d files x %d, seconds_per_hash %.2f: %lld frames decoded, %lld hashed\n", argc - 4, repeat, sph,
              static_cast<long long>(decoded), static_cast<long long>(sampled));
  std::printf("ffmpeg decode-only (baseline): %.0f frames/s per CPU second\n", static_cast<double>(decoded) / decode_cpu);
  std::printf("tamis vPDQ hashing:            %.0f frames/s per CPU second (decoded frames; %.1f hashed frames/s)\n",
              static_cast<double>(hashed_frames) / hash_cpu, static_cast<double>(sampled) / hash_cpu);
  std::printf("ratio hashing / decode-only throughput: %.1f%%; load average %.2f\n", 100.0 * decode_cpu / hash_cpu,
              LoadAverage());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "match") return Match(argc, argv);
  if (mode == "hash" && argc > 4) return Hash(argc, argv);
  std::fprintf(stderr,
               "usage: bench_video match [videos=100000] [frames=60] [queries=400] [baseline_queries=4]\n"
               "       bench_video hash REPEAT SECONDS_PER_HASH FILE...\n");
  return 2;
}
