#include "service/media_service.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <set>

#include "core/strings.h"
#include "formats/hashlist/hashlist.h"
#include "formats/video/vpdq_file.h"

namespace tamis {
namespace hl = formats::hashlist;
using index::hash::Hash256;
using index::hash::MihIndex;

namespace {

bool LooksLikeHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// PdqHash and the index's Hash256 are the same core type.
const Hash256& ToIndexHash(const media::PdqHash& h) { return h; }

// Regular files under `dir`, recursive, in path order. kIoError when it cannot be listed.
Result<std::vector<std::filesystem::path>> ListFolder(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path());
  if (ec) return IoError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// Up to `n` first bytes of a file. NotFound / IoError naming the file.
Result<std::string> ReadHead(const std::filesystem::path& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return NotFound(path.string() + ": no such file");
    return IoError(path.string() + ": cannot open");
  }
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

}  // namespace

Result<ListImportReport> ImportHashLists(Store& store, const HashListImportRequest& req, const Clock& clock) {
  if (req.files.empty()) return InvalidArgument("no hash-list files given");
  if (!req.format.empty() && req.format != "plain" && req.format != "csv" && req.format != "vpdq")
    return InvalidArgument("unknown hash-list format '" + req.format + "' (plain, csv or vpdq)");
  std::vector<std::filesystem::path> files;
  for (const auto& f : req.files) {
    std::error_code ec;
    if (!std::filesystem::is_directory(f, ec)) {
      files.push_back(f);
      continue;
    }
    TAMIS_ASSIGN_OR_RETURN(auto listed, ListFolder(f));
    files.insert(files.end(), listed.begin(), listed.end());
  }
  if (files.empty()) return InvalidArgument("no files in " + req.files.front().string());
  HashListData data;
  data.source = req.source.empty() ? req.files.front().stem().string() : req.source;
  ImportMeta meta;
  meta.imported_at = clock();
  meta.origin = "file";
  meta.force = req.force;
  std::set<std::string> formats;
  for (const auto& f : files) {
    TAMIS_ASSIGN_OR_RETURN(ImportedFile described, DescribeFile(f));
    bool vpdq = req.format == "vpdq";
    if (req.format.empty()) {
      TAMIS_ASSIGN_OR_RETURN(std::string head, ReadHead(f, 512));
      vpdq = video::LooksLikeVpdq(head);
    }
    if (vpdq) {
      formats.insert("vpdq");
      auto frames = video::ReadVpdqFile(f);
      if (!frames.ok()) {
        if (!req.lenient) return frames.status();
        data.warnings.push_back({f.filename().string(), frames.status().message()});
        ++data.skipped_records;
      } else {
        StoredHash h;
        h.type = "vpdq";
        h.hex = described.sha256;
        h.label = f.stem().string();
        h.tags = req.extra_tags;
        h.ext_id = f.filename().string();
        h.frames = std::move(frames).value();
        data.hashes.push_back(std::move(h));
      }
      meta.files.push_back(std::move(described));
      continue;
    }
    hl::ParseOptions po;
    po.mode = req.lenient ? hl::ErrorMode::kLenient : hl::ErrorMode::kStrict;
    if (req.format == "plain") po.format = hl::ListFormat::kPlain;
    else if (req.format == "csv") po.format = hl::ListFormat::kCsv;
    TAMIS_ASSIGN_OR_RETURN(hl::ParsedList parsed, hl::ReadHashListFile(f, po));
    formats.insert(parsed.format == hl::ListFormat::kCsv ? "hash_csv" : "hash_plain");
    for (const auto& is : parsed.issues)
      data.warnings.push_back({f.filename().string() + " line " + std::to_string(is.line), is.message});
    data.skipped_records += static_cast<int64_t>(parsed.bad_lines);
    for (const auto& e : parsed.entries) {
      StoredHash h;
      h.type = std::string(hl::HashTypeName(e.type));
      h.hex = e.HexValue();
      h.label = e.label;
      h.tags = e.tags;
      for (const auto& t : req.extra_tags) h.tags.push_back(t);
      h.quality = e.quality.value_or(-1);
      h.ext_id = e.id;
      h.line = e.line;
      data.hashes.push_back(std::move(h));
    }
    meta.files.push_back(std::move(described));
  }
  data.format = formats.size() == 1 ? *formats.begin() : "mixed";
  if (data.hashes.empty()) return ParseError("no hashes in " + files.front().string());
  ListImportReport rep;
  TAMIS_ASSIGN_OR_RETURN(rep.outcome, store.ImportHashList(data, meta));
  rep.warnings = std::move(data.warnings);
  return rep;
}

Result<std::shared_ptr<const MediaMatcher>> MediaMatcher::Build(Store& store, const std::vector<std::string>& lists,
                                                                const std::filesystem::path& cache_dir) {
  auto m = std::make_shared<MediaMatcher>();
  TAMIS_ASSIGN_OR_RETURN(m->hashes_, store.CurrentHashes(lists));
  std::vector<Hash256> pdqs;
  index::hash::VpdqIndex::Builder videos;
  std::vector<index::hash::VpdqFrame> frames;
  std::string key = "mih-v1";
  for (uint32_t i = 0; i < m->hashes_.size(); ++i) {
    StoredHash& h = m->hashes_[i];
    if (h.type == "pdq") {
      auto parsed = index::hash::ParseHash256(h.hex);
      if (!parsed.ok()) return DataLoss("stored hash of " + h.source + " line " + std::to_string(h.line) + ": " + parsed.status().message());
      pdqs.push_back(*parsed);
      m->pdq_entries_.push_back(i);
    } else if (h.type == "vpdq") {
      frames.clear();
      for (const auto& f : h.frames)
        frames.push_back({ToIndexHash(f.hash), static_cast<uint8_t>(std::clamp(f.quality, 0, 100)),
                          static_cast<float>(f.timestamp_seconds)});
      TAMIS_RETURN_IF_ERROR(videos.AddVideo(frames));
      m->video_entries_.push_back(i);
      std::vector<media::VpdqFeature>().swap(m->hashes_[i].frames);  // the index holds them now
    } else {
      m->digests_.emplace(h.type + ":" + h.hex, i);
    }
  }
  if (!m->video_entries_.empty()) {
    TAMIS_ASSIGN_OR_RETURN(index::hash::VpdqIndex vi, std::move(videos).Build());
    m->videos_ = std::move(vi);
  }
  if (pdqs.empty()) return std::shared_ptr<const MediaMatcher>(m);
  // The cache key: the list versions the index was built from.
  std::vector<int64_t> versions;
  for (const auto& h : m->hashes_) versions.push_back(h.version_id);
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  for (int64_t v : versions) key += "-" + std::to_string(v);
  std::filesystem::path cache_file;
  if (!cache_dir.empty()) {
    cache_file = cache_dir / ("media-" + Sha256Hex(key + store.db_path().string()).substr(0, 24) + ".mih");
    if (std::filesystem::exists(cache_file)) {
      auto loaded = MihIndex::Load(cache_file);
      if (loaded.ok() && loaded->size() == pdqs.size() &&
          std::equal(pdqs.begin(), pdqs.end(), loaded->hashes().begin())) {
        m->index_ = std::move(loaded).value();
        m->from_cache_ = true;
        return std::shared_ptr<const MediaMatcher>(m);
      }
    }
  }
  TAMIS_ASSIGN_OR_RETURN(MihIndex idx, MihIndex::Build(pdqs));
  if (!cache_file.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(cache_dir, ec);
    (void)idx.Save(cache_file);  // a cache: failure to write only costs a rebuild next time
  }
  m->index_ = std::move(idx);
  return std::shared_ptr<const MediaMatcher>(m);
}

std::vector<MediaHit> MediaMatcher::MatchPdq(const std::vector<media::PdqHash>& variants,
                                             const std::vector<std::string>& names, int threshold) const {
  std::vector<MediaHit> out;
  if (!index_ || variants.empty()) return out;
  std::vector<Hash256> qs;
  for (const auto& v : variants) qs.push_back(ToIndexHash(v));
  auto found = index_->SearchDihedral(qs, static_cast<uint32_t>(std::max(0, threshold)));
  if (!found.ok()) return out;
  for (const auto& f : *found) {
    MediaHit h;
    h.entry = &hashes_[pdq_entries_[f.index]];
    h.match_type = "pdq";
    h.distance = static_cast<int>(f.distance);
    h.variant = f.variant < names.size() ? names[f.variant] : "orig";
    out.push_back(std::move(h));
  }
  std::sort(out.begin(), out.end(), [](const MediaHit& a, const MediaHit& b) { return a.distance < b.distance; });
  return out;
}

size_t MediaMatcher::index_memory_bytes() const {
  return (index_ ? index_->memory_bytes() : 0) + (videos_ ? videos_->memory_bytes() : 0);
}

Result<std::vector<VideoHit>> MediaMatcher::MatchVideo(std::span<const media::VpdqFeature> query,
                                                       const VideoMatchParams& params) const {
  std::vector<VideoHit> out;
  index::hash::VpdqSearchParams sp;
  sp.distance_threshold = params.distance_threshold;
  sp.quality_threshold = params.quality_threshold;
  sp.min_query_percent = params.min_query_percent;
  sp.min_compared_percent = params.min_compared_percent;
  if (!videos_) {
    if (sp.distance_threshold < 0 || sp.distance_threshold > 257 || sp.quality_threshold < 0 ||
        sp.quality_threshold > 101)
      return InvalidArgument("video thresholds out of range");
    return out;
  }
  std::vector<index::hash::VpdqFrame> q;
  q.reserve(query.size());
  for (const auto& f : query)
    q.push_back({ToIndexHash(f.hash), static_cast<uint8_t>(std::clamp(f.quality, 0, 100)),
                 static_cast<float>(f.timestamp_seconds)});
  TAMIS_ASSIGN_OR_RETURN(auto found, videos_->Search(q, sp));
  for (const auto& vm : found) {
    VideoHit h;
    h.entry = &hashes_[video_entries_[vm.video]];
    h.query_match_percent = vm.query_match_percent;
    h.compared_match_percent = vm.compared_match_percent;
    h.query_frames = vm.query_kept;
    h.query_frames_matched = vm.query_matched;
    h.list_frames = vm.compared_kept;
    h.list_frames_matched = vm.compared_matched;
    const uint32_t begin = videos_->video_begin(vm.video);
    for (const auto& fp : vm.frames) {
      if (h.frames.size() >= params.max_frames_reported) break;
      h.frames.push_back({query[fp.query_frame].timestamp_seconds,
                          static_cast<double>(videos_->frame_seconds(begin + fp.compared_frame)),
                          static_cast<int>(fp.distance)});
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<MediaHit> MediaMatcher::MatchDigests(const image::FileDigests& d) const {
  std::vector<MediaHit> out;
  for (const auto& [type, hex] : {std::pair<std::string, std::string>{"md5", d.Md5Hex()}, {"sha256", d.Sha256Hex()}}) {
    auto [b, e] = digests_.equal_range(type + ":" + hex);
    for (auto it = b; it != e; ++it) out.push_back({&hashes_[it->second], type, 0, "orig"});
  }
  return out;
}

namespace {

struct Item {
  std::string input;
  std::filesystem::path path;
  bool is_hash = false;
  bool from_folder = false;
  Status error;  // a bad line of a hash file: reported as the item's result
};

// Matches r->video's frames when there is a matcher; a bad parameter is the item's status.
void MatchVideoResult(const MediaMatcher* matcher, const MediaMatchParams& params, MediaResult* r) {
  if (!matcher || !r->video) return;
  auto hits = matcher->MatchVideo(r->video->frames, params.video);
  if (!hits.ok()) {
    r->status = hits.status();
    return;
  }
  r->video_hits = std::move(hits).value();
}

void MatchOne(const MediaMatcher* matcher, const MediaMatchParams& params, image::ImageHasher& hasher,
              const Item& item, MediaResult* r) {
  r->input = item.input;
  r->is_hash = item.is_hash;
  if (!item.error.ok()) {
    r->status = item.error;
    return;
  }
  if (item.is_hash) {
    r->kind = "hash";
    auto h = media::PdqHash::FromHex(item.input);
    if (!h.ok()) {
      r->status = h.status();
      return;
    }
    if (matcher) r->hits = matcher->MatchPdq({*h}, {"orig"}, params.threshold);
    return;
  }
  auto head = ReadHead(item.path, 512);
  if (!head.ok()) {
    r->status = head.status();
    return;
  }
  const std::span<const uint8_t> head_bytes(reinterpret_cast<const uint8_t*>(head->data()), head->size());
  if (image::DetectImageFormat(head_bytes) == image::ImageFormat::kUnknown) {
    if (!video::SniffVideoContainer(head_bytes).empty()) {
      r->kind = "video";
      VideoHashed v;
      v.info.emplace();
      auto frames = video::HashVideoFile(item.path, params.video_hash, &*v.info);
      if (!frames.ok()) {
        r->status = frames.status();
        return;
      }
      v.frames = std::move(frames).value();
      auto dg = image::DigestFile(item.path);
      if (dg.ok()) {
        r->digests = *dg;
        if (matcher) r->hits = matcher->MatchDigests(*dg);
      }
      r->video = std::move(v);
      MatchVideoResult(matcher, params, r);
      return;
    }
    if (video::LooksLikeVpdq(*head)) {
      r->kind = "vpdq";
      auto frames = video::ReadVpdqFile(item.path);
      if (!frames.ok()) {
        r->status = frames.status();
        return;
      }
      r->video = VideoHashed{std::move(frames).value(), std::nullopt};
      MatchVideoResult(matcher, params, r);
      return;
    }
    // Folders skip these silently (kUnimplemented).
    r->status = Unimplemented(item.path.string() +
                              ": not a recognised image (JPEG, PNG, WebP, GIF), video container (MP4/MOV, "
                              "Matroska/WebM, AVI, FLV, Ogg, ASF, MPEG-PS/TS) or vPDQ file");
    return;
  }
  r->kind = "image";
  auto ph = hasher.HashFile(item.path);
  if (!ph.ok()) {
    r->status = ph.status();
    return;
  }
  r->pdq = *ph;
  auto dg = image::DigestFile(item.path);
  if (dg.ok()) {
    r->digests = *dg;
    if (matcher) r->hits = matcher->MatchDigests(*dg);
  }
  if (!matcher) return;
  if (ph->pdq.quality < params.min_quality) {
    r->low_quality = true;
    return;
  }
  std::vector<media::PdqHash> variants{ph->pdq.hash};
  std::vector<std::string> names{"orig"};
  if (params.dihedral && ph->pdq.has_dihedrals) {
    for (int d = 1; d < media::kPdqDihedralCount; ++d) {
      variants.push_back(ph->pdq.dihedrals[d]);
      names.emplace_back(media::PdqDihedralName(static_cast<media::PdqDihedral>(d)));
    }
  }
  auto pdq_hits = matcher->MatchPdq(variants, names, params.threshold);
  r->hits.insert(r->hits.end(), pdq_hits.begin(), pdq_hits.end());
}

}  // namespace

namespace {

// True when the first line that is neither blank nor a '#' comment starts with 64 hex digits
// followed by the end of the line, a blank or a comma: a plain list of PDQ hashes.
bool LooksLikePdqHashList(std::string_view head) {
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    std::string_view line = head.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? head.size() : eol + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.size() < 64 || !LooksLikeHex64(line.substr(0, 64))) return false;
    return line.size() == 64 || line[64] == ' ' || line[64] == '\t' || line[64] == ',';
  }
  return false;
}

// The PDQ hashes of a plain hash file as items, in line order; bad lines become error items.
Status AddHashFileItems(const std::filesystem::path& path, std::vector<Item>* items) {
  hl::ParseOptions po;
  po.format = hl::ListFormat::kPlain;
  po.mode = hl::ErrorMode::kLenient;
  po.max_issues = SIZE_MAX;
  TAMIS_ASSIGN_OR_RETURN(hl::ParsedList parsed, hl::ReadHashListFile(path, po));
  size_t k = 0;
  auto add_issue = [&](const hl::Issue& is) {
    Item bad{path.string() + ":" + std::to_string(is.line), path, false, false, {}};
    bad.error = ParseError(path.string() + " line " + std::to_string(is.line) + ": " + is.message);
    items->push_back(std::move(bad));
  };
  for (const auto& e : parsed.entries) {
    while (k < parsed.issues.size() && parsed.issues[k].line < e.line) add_issue(parsed.issues[k++]);
    Item it{e.HexValue(), {}, true, false, {}};
    if (e.type != hl::HashType::kPdq)
      it.error = InvalidArgument(path.string() + " line " + std::to_string(e.line) +
                                 ": only PDQ hashes are matched from hash files");
    items->push_back(std::move(it));
  }
  while (k < parsed.issues.size()) add_issue(parsed.issues[k++]);
  return Status::Ok();
}

// A run of items handled by one worker at a time: one image/video, or up to
// MediaMatchParams::hash_batch consecutive hashes matched through one batch search.
struct Unit {
  size_t begin = 0, end = 0;
  bool batch = false;
};

}  // namespace

std::vector<std::vector<MediaHit>> MediaMatcher::MatchPdqBatch(std::span<const media::PdqHash> queries,
                                                               int threshold) const {
  std::vector<std::vector<MediaHit>> out(queries.size());
  if (!index_ || queries.empty()) return out;
  std::vector<Hash256> qs;
  qs.reserve(queries.size());
  for (const auto& q : queries) qs.push_back(ToIndexHash(q));
  index::hash::BatchMatches found = index_->SearchBatch(qs, static_cast<uint32_t>(std::max(0, threshold)));
  for (size_t i = 0; i < queries.size(); ++i) {
    for (const auto& m : found.For(i))
      out[i].push_back({&hashes_[pdq_entries_[m.index]], "pdq", static_cast<int>(m.distance), "orig"});
    std::sort(out[i].begin(), out[i].end(), [](const MediaHit& a, const MediaHit& b) { return a.distance < b.distance; });
  }
  return out;
}

Status MatchMedia(const MediaMatcher* matcher, const std::vector<std::string>& inputs,
                  const MediaMatchParams& params, int threads,
                  const std::function<void(const MediaResult&)>& emit, const ProgressFn& progress) {
  std::vector<Item> items;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(in, ec)) {
      TAMIS_ASSIGN_OR_RETURN(auto files, ListFolder(in));
      for (auto& f : files) items.push_back({f.string(), f, false, true, {}});
    } else if (!std::filesystem::exists(in, ec) && LooksLikeHex64(in)) {
      items.push_back({in, {}, true, false, {}});
    } else {
      auto head = ReadHead(in, 512);
      if (head.ok() && LooksLikePdqHashList(*head)) {
        TAMIS_RETURN_IF_ERROR(AddHashFileItems(in, &items));
      } else {
        items.push_back({in, in, false, false, {}});
      }
    }
  }
  // Work units: consecutive hashes go through the batch join together.
  std::vector<Unit> units;
  const size_t batch = matcher ? std::max<size_t>(1, params.hash_batch) : 1;
  for (size_t i = 0; i < items.size();) {
    if (batch > 1 && items[i].is_hash) {
      size_t j = i;
      while (j < items.size() && j - i < batch && items[j].is_hash) ++j;
      units.push_back({i, j, true});
      i = j;
    } else {
      units.push_back({i, i + 1, false});
      ++i;
    }
  }
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min<int>(threads, static_cast<int>(std::max<size_t>(1, units.size())));
  image::HashImageOptions hopts;
  hopts.dihedrals = params.dihedral;
  if (progress) progress("hash", 0, static_cast<int64_t>(items.size()));

  std::vector<std::optional<MediaResult>> results(items.size());
  std::mutex mu;
  size_t next_emit = 0, done = 0;
  std::atomic<size_t> next_unit{0};
  auto flush = [&]() {  // called with mu held: emit finished results in input order
    while (next_emit < results.size() && results[next_emit]) {
      const MediaResult& r = *results[next_emit];
      bool skip = items[next_emit].from_folder && r.status.code() == StatusCode::kUnimplemented;
      if (!skip) emit(r);  // files of other kinds found in folders are skipped silently
      results[next_emit].reset();
      ++next_emit;
    }
  };
  auto worker = [&]() {
    image::ImageHasher hasher(hopts);
    std::vector<MediaResult> local;
    std::vector<media::PdqHash> queries;
    std::vector<size_t> query_items;
    while (true) {
      size_t u = next_unit.fetch_add(1);
      if (u >= units.size()) return;
      const Unit unit = units[u];
      local.assign(unit.end - unit.begin, MediaResult{});
      if (!unit.batch) {
        MatchOne(matcher, params, hasher, items[unit.begin], &local[0]);
      } else {
        queries.clear();
        query_items.clear();
        for (size_t i = unit.begin; i < unit.end; ++i) {
          MediaResult& r = local[i - unit.begin];
          r.input = items[i].input;
          r.is_hash = true;
          r.kind = "hash";
          if (!items[i].error.ok()) {
            r.status = items[i].error;
            continue;
          }
          auto h = media::PdqHash::FromHex(items[i].input);
          if (!h.ok()) {
            r.status = h.status();
            continue;
          }
          queries.push_back(*h);
          query_items.push_back(i - unit.begin);
        }
        auto hits = matcher->MatchPdqBatch(queries, params.threshold);
        for (size_t k = 0; k < hits.size(); ++k) local[query_items[k]].hits = std::move(hits[k]);
      }
      std::lock_guard<std::mutex> lock(mu);
      for (size_t i = unit.begin; i < unit.end; ++i) results[i] = std::move(local[i - unit.begin]);
      done += unit.end - unit.begin;
      if (progress) progress(matcher ? "match" : "hash", static_cast<int64_t>(done), static_cast<int64_t>(items.size()));
      flush();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return Status();
}

}  // namespace tamis
