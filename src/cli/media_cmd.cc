// `tamis media ...`: hash images, import hash lists, match images or hashes.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "cli/progress.h"
#include "formats/json_writer.h"
#include "service/media_service.h"

namespace tamis::cli {
namespace {

struct MediaOptions {
  std::vector<std::string> inputs;
  bool dihedral = false;
  bool json = false;
  bool digests = false;
  int threads = 0;
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

int RunHash(Context& ctx, MediaOptions& o) {
  MediaMatchParams p;
  p.dihedral = o.dihedral;
  Progress progress(ctx.ShowProgress());
  int failed = 0;
  Status st = MatchMedia(nullptr, o.inputs, p, o.threads, [&](const MediaResult& r) {
    if (!r.status.ok()) {
      progress.Done();
      std::fprintf(stderr, "tamis: %s: %s\n", r.input.c_str(), r.status.ToString().c_str());
      ++failed;
      return;
    }
    if (r.is_hash) return;  // nothing to hash
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
  Progress progress(ctx.ShowProgress());
  int failed = 0;
  int64_t with_hits = 0;
  Status st = MatchMedia(matcher->get(), o.inputs, o.match, o.threads, [&](const MediaResult& r) {
    JsonWriter w;
    w.BeginObject().Field("input", r.input);
    if (!r.status.ok()) {
      ++failed;
      w.Field("error", r.status.ToString()).EndObject();
      std::cout << w.str() << "\n";
      return;
    }
    WriteHashFields(w, r, false);
    if (r.low_quality) w.Key("low_quality").Bool(true);
    if (!r.hits.empty()) ++with_hits;
    w.Key("hits").BeginArray();
    for (const auto& h : r.hits) {
      w.BeginObject().Field("list", h.entry->source).Key("list_version").Int(h.entry->version_id);
      w.Field("match_type", h.match_type).Field("hash", h.entry->hex).Key("distance").Int(h.distance);
      w.Field("variant", h.variant).FieldIfNotEmpty("label", h.entry->label);
      w.StringArrayIfNotEmpty("tags", h.entry->tags).FieldIfNotEmpty("list_id", h.entry->ext_id);
      w.Key("list_line").Int(h.entry->line).EndObject();
    }
    w.EndArray().EndObject();
    std::cout << w.str() << "\n";
  }, [&](const std::string& s, int64_t d, int64_t t) { progress.Update(s, d, t); });
  progress.Done();
  if (!st.ok()) return Fail(st);
  if (!ctx.quiet)
    std::fprintf(stderr, "%lld input(s) with hits against %zu list hashes%s; %d failed\n",
                 static_cast<long long>(with_hits), (*matcher)->hash_count(),
                 (*matcher)->index_from_cache() ? " (cached index)" : "", failed);
  return failed ? 3 : 0;
}

}  // namespace

void RegisterMediaCommands(CLI::App& app, Context& ctx, Action* action) {
  static MediaOptions o;
  auto* media = app.add_subcommand("media", "Media screening: PDQ hashes of images against shared hash lists");
  media->require_subcommand(1);

  auto* hash = media->add_subcommand("hash", "Print PDQ hashes: pdq_hex,quality,path (CSV) or JSON Lines");
  hash->add_option("inputs", o.inputs, "Image files or folders (recursive)")->required();
  hash->add_flag("--dihedral", o.dihedral, "Also print the 7 other dihedral hashes (rot90 ... flipminus1)");
  hash->add_flag("--digests", o.digests, "Also print MD5 and SHA-256 of each file");
  hash->add_flag("--json", o.json, "JSON Lines instead of CSV");
  hash->add_option("--threads", o.threads, "Worker threads (default: all cores)");
  hash->callback([&ctx, action] { *action = [&ctx] { return RunHash(ctx, o); }; });

  auto* imp = media->add_subcommand("import", "Import hash lists (one hex hash per line, or HMA-style CSV)");
  imp->add_option("lists", o.list_files, "Hash-list files, imported together as one version")->required();
  imp->add_option("--source", o.source, "List name (default: the first file's name without extension)");
  imp->add_option("--format", o.format, "plain or csv (default: detect)");
  imp->add_option("--tag", o.tags, "Tag added to every hash, e.g. source:gifct (repeatable)");
  imp->add_flag("--lenient", o.lenient, "Skip bad lines (reported with line numbers) instead of refusing the list");
  imp->add_flag("--force", o.force, "Import even when the files equal the current version");
  imp->callback([&ctx, action] { *action = [&ctx] { return RunImport(ctx, o); }; });

  auto* match = media->add_subcommand("match", "Match images, folders or PDQ hashes against the hash lists (JSON Lines)");
  match->add_option("inputs", o.inputs, "Image files, folders, or 64-hex PDQ hashes")->required();
  match->add_option("--threshold", o.match.threshold, "Maximum Hamming distance for a PDQ match (default 31)")
      ->check(CLI::Range(0, 256));
  match->add_option("--min-quality", o.match.min_quality, "Inputs below this PDQ quality are not PDQ-matched (default 50)")
      ->check(CLI::Range(0, 100));
  match->add_flag("--dihedral", o.match.dihedral, "Also match the 8 rotations/flips of each image");
  match->add_option("--lists", o.lists, "Comma-separated hash lists to match against (default: all)");
  match->add_option("--threads", o.threads, "Worker threads (default: all cores)");
  match->callback([&ctx, action] { *action = [&ctx] { return RunMatch(ctx, o); }; });
}

}  // namespace tamis::cli
