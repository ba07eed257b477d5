#include "service/media_service.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/strings.h"
#include "formats/hashlist/hashlist.h"

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

Hash256 ToIndexHash(const media::PdqHash& h) {
  // Both types print the same 64 hex digits; the index keeps its own word order.
  return index::hash::ParseHash256(h.ToHex()).value();
}

}  // namespace

Result<ListImportReport> ImportHashLists(Store& store, const HashListImportRequest& req, const Clock& clock) {
  if (req.files.empty()) return InvalidArgument("no hash-list files given");
  HashListData data;
  data.source = req.source.empty() ? req.files.front().stem().string() : req.source;
  ImportMeta meta;
  meta.imported_at = clock();
  meta.origin = "file";
  meta.force = req.force;
  for (const auto& f : req.files) {
    hl::ParseOptions po;
    po.mode = req.lenient ? hl::ErrorMode::kLenient : hl::ErrorMode::kStrict;
    if (req.format == "plain") po.format = hl::ListFormat::kPlain;
    else if (req.format == "csv") po.format = hl::ListFormat::kCsv;
    else if (!req.format.empty()) return InvalidArgument("unknown hash-list format '" + req.format + "' (plain or csv)");
    TAMIS_ASSIGN_OR_RETURN(hl::ParsedList parsed, hl::ReadHashListFile(f, po));
    data.format = parsed.format == hl::ListFormat::kCsv ? "hash_csv" : "hash_plain";
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
    TAMIS_ASSIGN_OR_RETURN(ImportedFile d, DescribeFile(f));
    meta.files.push_back(std::move(d));
  }
  if (data.hashes.empty()) return ParseError("no hashes in " + req.files.front().string());
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
  std::string key = "mih-v1";
  for (uint32_t i = 0; i < m->hashes_.size(); ++i) {
    const StoredHash& h = m->hashes_[i];
    if (h.type == "pdq") {
      auto parsed = index::hash::ParseHash256(h.hex);
      if (!parsed.ok()) return DataLoss("stored hash of " + h.source + " line " + std::to_string(h.line) + ": " + parsed.status().message());
      pdqs.push_back(*parsed);
      m->pdq_entries_.push_back(i);
    } else {
      m->digests_.emplace(h.type + ":" + h.hex, i);
    }
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
};

void MatchOne(const MediaMatcher* matcher, const MediaMatchParams& params, image::ImageHasher& hasher,
              const Item& item, MediaResult* r) {
  r->input = item.input;
  r->is_hash = item.is_hash;
  if (item.is_hash) {
    auto h = media::PdqHash::FromHex(item.input);
    if (!h.ok()) {
      r->status = h.status();
      return;
    }
    if (matcher) r->hits = matcher->MatchPdq({*h}, {"orig"}, params.threshold);
    return;
  }
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

Status MatchMedia(const MediaMatcher* matcher, const std::vector<std::string>& inputs,
                  const MediaMatchParams& params, int threads,
                  const std::function<void(const MediaResult&)>& emit, const ProgressFn& progress) {
  std::vector<Item> items;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(in, ec)) {
      std::vector<std::filesystem::path> files;
      for (auto it = std::filesystem::recursive_directory_iterator(in, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file()) files.push_back(it->path());
      if (ec) return IoError("cannot list " + in + ": " + ec.message());
      std::sort(files.begin(), files.end());
      for (auto& f : files) items.push_back({f.string(), f, false, true});
    } else if (!std::filesystem::exists(in, ec) && LooksLikeHex64(in)) {
      items.push_back({in, {}, true, false});
    } else {
      items.push_back({in, in, false, false});
    }
  }
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min<int>(threads, static_cast<int>(std::max<size_t>(1, items.size())));
  image::HashImageOptions hopts;
  hopts.dihedrals = params.dihedral;
  if (progress) progress("hash", 0, static_cast<int64_t>(items.size()));

  std::vector<std::optional<MediaResult>> results(items.size());
  std::mutex mu;
  size_t next_emit = 0, done = 0;
  std::atomic<size_t> next_item{0};
  auto flush = [&]() {  // called with mu held: emit finished results in input order
    while (next_emit < results.size() && results[next_emit]) {
      const MediaResult& r = *results[next_emit];
      bool skip = items[next_emit].from_folder && r.status.code() == StatusCode::kUnimplemented;
      if (!skip) emit(r);  // non-image files found in folders are skipped silently
      results[next_emit].reset();
      ++next_emit;
    }
  };
  auto worker = [&]() {
    image::ImageHasher hasher(hopts);
    while (true) {
      size_t i = next_item.fetch_add(1);
      if (i >= items.size()) return;
      MediaResult r;
      MatchOne(matcher, params, hasher, items[i], &r);
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(r);
      ++done;
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
