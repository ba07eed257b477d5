// `tamis media ...`: hash images and videos, import hash lists and vPDQ files, match images,
// videos, vPDQ files or hashes.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "cli/progress.h"
#include "formats/json_writer.h"
#include "formats/video/video_hash.h"
#include "formats/video/vpdq_file.h"
#include "service/media_service.h"

namespace tamis::cli {
namespace {

struct MediaOptions {
  std::vector<std::string> inputs;
  bool dihedral = false;
  bool json = false;
  bool digests = false;
  int threads = 0;
  std::string vpdq_dir;  // hash: write one vPDQ file per video here
  // import
  std::vector<std::string> list_files;
  std::string source, format;
  std::vector<std::string> tags;
  bool lenient = false, force = false;
  // match
  MediaMatchParams match;
  std::string lists;
};

std::vector<std::string> SplitCsv(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t c = s.find(',', start);
    if (c == std::string::npos) c = s.size();
    if (c > start) out.push_back(s.substr(start, c - start));
    start = c + 1;
  }
  return out;
}

void WriteHashFields(JsonWriter& w, const MediaResult& r, bool dihedral) {
  if (!r.pdq) return;
  w.Field("pdq", r.pdq->pdq.hash.ToHex()).Key("quality").Int(r.pdq->pdq.quality);
  w.Field("format", image::ImageFormatName(r.pdq->format));
  w.Key("width").Int(r.pdq->width).Key("height").Int(r.pdq->height);
  if (dihedral && r.pdq->pdq.has_dihedrals) {
    w.Key("dihedral").BeginObject();
    for (int d = 0; d < media::kPdqDihedralCount; ++d)
      w.Field(media::PdqDihedralName(static_cast<media::PdqDihedral>(d)), r.pdq->pdq.dihedrals[d].ToHex());
    w.EndObject();
  }
  if (r.digests) w.Field("md5", r.digests->Md5Hex()).Field("sha256", r.digests->Sha256Hex());
}

// A video or vPDQ input of `media hash`: JSON (every frame), or CSV one line per frame.
void PrintVideoHashes(const MediaResult& r, const MediaOptions& o) {
  if (o.json) {
    MediaJsonOptions jo;
    jo.video_frames = true;
    jo.hits = false;
    std::cout << MediaResultJson(r, jo) << "\n";
    return;
  }
  for (const auto& f : r.video->frames) {
    std::cout << f.hash.ToHex() << "," << f.quality << "," << r.input << "," << f.frame_number << ",";
    char secs[32];
    std::snprintf(secs, sizeof(secs), "%.3f", f.timestamp_seconds);
    std::cout << secs;
    if (o.digests && r.digests) std::cout << "," << r.digests->Md5Hex() << "," << r.digests->Sha256Hex();
    std::cout << "\n";
  }
}

int RunHash(Context& ctx, MediaOptions& o) {
  video::QuietFfmpegLogging();  // damaged videos are reported per input, not by FFmpeg's log
  MediaMatchParams p;
  p.dihedral = o.dihedral;
  p.video_hash.seconds_per_hash = o.match.video_hash.seconds_per_hash;
  Progress progress(ctx.ShowProgress());
  int failed = 0;
  if (!o.vpdq_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.vpdq_dir, ec);
    if (ec) return Fail(IoError("cannot create " + o.vpdq_dir + ": " + ec.message()));
  }
  Status st = MatchMedia(nullptr, o.inputs, p, o.threads, [&](const MediaResult& r) {
    if (!r.status.ok()) {
      progress.Done();
      std::fprintf(stderr, "tamis: %s: %s\n", r.input.c_str(), r.status.ToString().c_str());
      ++failed;
      return;
    }
    if (r.is_hash) return;  // nothing to hash
    if (r.video) {
      if (!o.vpdq_dir.empty() && r.kind == "video") {
        const auto out = std::filesystem::path(o.vpdq_dir) / (std::filesystem::path(r.input).stem().string() + ".txt");
        if (Status ws = video::WriteVpdqFile(out, r.video->frames); !ws.ok()) {
          std::fprintf(stderr, "tamis: %s\n", ws.ToString().c_str());
          ++failed;
        }
      }
      PrintVideoHashes(r, o);
      return;
    }
    if (o.json) {
      JsonWriter w;
      w.BeginObject().Field("path", r.input);
      WriteHashFields(w, r, o.dihedral);
      w.EndObject();
      std::cout << w.str() << "\n";
      return;
    }
    std::cout << r.pdq->pdq.hash.ToHex() << "," << r.pdq->pdq.quality << "," << r.input;
    if (o.dihedral)
      for (int d = 1; d < media::kPdqDihedralCount; ++d) std::cout << "," << r.pdq->pdq.dihedrals[d].ToHex();
    if (o.digests && r.digests) std::cout << "," << r.digests->Md5Hex() << "," << r.digests->Sha256Hex();
    std::cout << "\n";
  }, [&](const std::string& s, int64_t d, int64_t t) { progress.Update(s, d, t); });
  progress.Done();
  if (!st.ok()) return Fail(st);
  if (failed && !ctx.quiet) std::fprintf(stderr, "tamis: %d input(s) could not be hashed\n", failed);
  return failed ? 3 : 0;
}

int RunImport(Context& ctx, MediaOptions& o) {
  auto store = ctx.OpenStore(true);
  if (!store.ok()) return Fail(store.status());
  HashListImportRequest req;
  for (const auto& f : o.list_files) req.files.push_back(f);
  req.source = o.source;
  req.format = o.format;
  req.extra_tags = o.tags;
  req.lenient = o.lenient;
  req.force = o.force;
  auto r = ImportHashLists(**store, req, SystemClock());
  if (!r.ok()) return Fail(r.status().WithContext("hash list import failed, store unchanged"));
  if (!ctx.quiet) {
    const auto& v = r->outcome.version;
    if (r->outcome.unchanged)
      std::fprintf(stderr, "%s: unchanged (version %lld, %lld hashes)\n", v.source.c_str(),
                   static_cast<long long>(v.version_id), static_cast<long long>(v.entity_count));
    else
      std::fprintf(stderr, "%s: imported version %lld: %lld hashes, %lld bad lines skipped\n", v.source.c_str(),
                   static_cast<long long>(v.version_id), static_cast<long long>(v.entity_count),
                   static_cast<long long>(v.skipped_records));
    for (size_t i = 0; i < r->warnings.size() && i < 5; ++i)
      std::fprintf(stderr, "  warning: %s: %s\n", r->warnings[i].location.c_str(), r->warnings[i].message.c_str());
  }
  return 0;
}

int RunMatch(Context& ctx, MediaOptions& o) {
  auto store = ctx.OpenStore(false);
  if (!store.ok()) return Fail(store.status());
  o.match.lists = SplitCsv(o.lists);
  auto matcher = MediaMatcher::Build(**store, o.match.lists, ctx.config.data_dir / "cache");
  if (!matcher.ok()) return Fail(matcher.status());
  if ((*matcher)->hash_count() == 0)
    return Fail(NotFound("no hash lists in the store (tamis media import LIST first)"));
  video::QuietFfmpegLogging();
  Progress progress(ctx.ShowProgress());
  int failed = 0;
  int64_t with_hits = 0;
  Status st = MatchMedia(matcher->get(), o.inputs, o.match, o.threads, [&](const MediaResult& r) {
    if (!r.status.ok()) ++failed;
    if (!r.hits.empty() || !r.video_hits.empty()) ++with_hits;
    std::cout << MediaResultJson(r, {}) << "\n";
  }, [&](const std::string& s, int64_t d, int64_t t) { progress.Update(s, d, t); });
  progress.Done();
  if (!st.ok()) return Fail(st);
  if (!ctx.quiet)
    std::fprintf(stderr, "%lld input(s) with hits against %zu list hashes (%zu videos, %zu frames)%s; %d failed\n",
                 static_cast<long long>(with_hits), (*matcher)->hash_count(), (*matcher)->video_count(),
                 (*matcher)->video_frame_count(), (*matcher)->index_from_cache() ? " (cached index)" : "", failed);
  return failed ? 3 : 0;
}

}  // namespace

void RegisterMediaCommands(CLI::App& app, Context& ctx, Action* action) {
  static MediaOptions o;
  auto* media = app.add_subcommand("media", "Media screening: PDQ hashes of images and vPDQ hashes of videos against shared hash lists");
  media->require_subcommand(1);

  auto* hash = media->add_subcommand(
      "hash",
      "Print PDQ hashes of images (pdq_hex,quality,path) and vPDQ frame hashes of videos "
      "(pdq_hex,quality,path,frame,seconds per sampled frame) as CSV, or JSON Lines. Videos are told "
      "from images by content");
  hash->add_option("inputs", o.inputs, "Image or video files, or folders (recursive)")->required();
  hash->add_flag("--dihedral", o.dihedral, "Also print the 7 other dihedral hashes (rot90 ... flipminus1)");
  hash->add_flag("--digests", o.digests, "Also print MD5 and SHA-256 of each file");
  hash->add_flag("--json", o.json, "JSON Lines instead of CSV");
  hash->add_option("--threads", o.threads, "Worker threads (default: all cores)");
  hash->add_option("--vpdq-dir", o.vpdq_dir,
                   "Also write each video's frame hashes as a vPDQ file (frame,quality,pdq,seconds) named after the "
                   "video with .txt, ready for `tamis media import`");
  hash->add_option("--seconds-per-hash", o.match.video_hash.seconds_per_hash,
                   "Seconds between hashed video frames (default 1; 0 = every frame)")
      ->check(CLI::NonNegativeNumber);
  hash->callback([&ctx, action] { *action = [&ctx] { return RunHash(ctx, o); }; });

  auto* imp = media->add_subcommand(
      "import", "Import hash lists (one hex hash per line, HMA-style CSV, or vPDQ files: one video each)");
  imp->add_option("lists", o.list_files,
                  "Hash-list files or folders of them, imported together as one version; a vPDQ file becomes one "
                  "video named after the file")
      ->required();
  imp->add_option("--source", o.source, "List name (default: the first file's name without extension)");
  imp->add_option("--format", o.format, "plain, csv or vpdq (default: detect each file)");
  imp->add_option("--tag", o.tags, "Tag added to every hash, e.g. source:gifct (repeatable)");
  imp->add_flag("--lenient", o.lenient, "Skip bad lines (reported with line numbers) instead of refusing the list");
  imp->add_flag("--force", o.force, "Import even when the files equal the current version");
  imp->callback([&ctx, action] { *action = [&ctx] { return RunImport(ctx, o); }; });

  auto* match = media->add_subcommand(
      "match",
      "Match images, videos, vPDQ files, folders or PDQ hashes against the hash lists (JSON Lines: "
      "hits for images and file digests, video_hits with match percentages and matched frame times for videos)");
  match->add_option("inputs", o.inputs,
                    "Image or video files, vPDQ files, folders, 64-hex PDQ hashes, or files of PDQ hashes (one per "
                    "line, optional ',label'; each line is one result)")
      ->required();
  match->add_option("--threshold", o.match.threshold, "Maximum Hamming distance for a PDQ match (default 31)")
      ->check(CLI::Range(0, 256));
  match->add_option("--min-quality", o.match.min_quality, "Inputs below this PDQ quality are not PDQ-matched (default 50)")
      ->check(CLI::Range(0, 100));
  match->add_flag("--dihedral", o.match.dihedral, "Also match the 8 rotations/flips of each image");
  match->add_option("--lists", o.lists, "Comma-separated hash lists to match against (default: all)");
  match->add_option("--threads", o.threads, "Worker threads (default: all cores)");
  match->add_option("--video-threshold", o.match.video.distance_threshold,
                    "Video frames match when their PDQ distance is below this (default 31, the vPDQ rule)")
      ->check(CLI::Range(0, 257));
  match->add_option("--video-quality", o.match.video.quality_threshold,
                    "Video frames below this PDQ quality are ignored on both sides (default 50)")
      ->check(CLI::Range(0, 101));
  match->add_option("--video-query-percent", o.match.video.min_query_percent,
                    "Report a listed video when at least this % of the query's frames are found in it (default 80)")
      ->check(CLI::Range(0.0, 100.0));
  match->add_option("--video-compared-percent", o.match.video.min_compared_percent,
                    "... and at least this % of its frames are found in the query (default 80)")
      ->check(CLI::Range(0.0, 100.0));
  match->add_option("--seconds-per-hash", o.match.video_hash.seconds_per_hash,
                    "Seconds between hashed frames of query videos (default 1; 0 = every frame)")
      ->check(CLI::NonNegativeNumber);
  match->add_option("--hash-batch", o.match.hash_batch,
                    "Hashes (arguments or lines of hash files) matched together through the index's batch join "
                    "(default 4096; 1 = one search per hash)")
      ->check(CLI::PositiveNumber);
  match->callback([&ctx, action] { *action = [&ctx] { return RunMatch(ctx, o); }; });
}

}  // namespace tamis::cli
