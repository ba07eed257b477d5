#include "service/list_service.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "formats/lists/importers.h"
#include "service/downloader.h"

namespace tamis {
namespace {


std::string ReadHead(const std::filesystem::path& p, size_t n) {
  std::ifstream in(p, std::ios::binary);
  std::string buf(n, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(n));
  buf.resize(static_cast<size_t>(in.gcount()));
  return buf;
}

// Official format -> source name.
std::string SourceOfFormat(const std::string& format) {
  if (format == "un_xml") return "un";
  if (format == "ofac_csv") return "ofac";
  if (format == "ofac_xml") return "ofac";
  if (format == "eu_xml") return "eu";
  if (format == "uk_conlist") return "uk";
  if (format == "uk_fcdo") return "uk";
  return "";
}

bool IsOfacCompanion(const std::filesystem::path& p) {
  std::string n = AsciiLower(p.filename().string());
  return n == "alt.csv" || n == "add.csv" || n == "sdn_comments.csv";
}

// Refuses an empty list, or one shrunk below min_keep_ratio of the `in_force` entities (0: no
// version yet). Called by the store with the count once the list has been streamed, before it
// commits.
Status VerifyAgainstCurrent(const std::string& source, int64_t count, int64_t in_force, double min_keep_ratio) {
  if (count == 0) return ParseError("the new " + source + " list has no entities");
  if (min_keep_ratio <= 0 || in_force == 0) return Status();
  double keep = static_cast<double>(count) / static_cast<double>(in_force);
  if (keep < min_keep_ratio)
    return FailedPrecondition("the new " + source + " list has " + std::to_string(count) + " entities against " +
                              std::to_string(in_force) +
                              " in force: refusing a shrink this large (use --force if it is real)");
  return Status();
}

// Reads and detects the files, then streams them into the store: entities are written as they
// are parsed, and a parse error anywhere rolls the new version back (store.h ImportStream).
Result<ListImportReport> ImportVerified(Store& store, const ListImportRequest& req, const Clock& clock,
                                        const ProgressFn& progress, double min_keep_ratio) {
  ImportOptions opts;
  if (!req.source.empty()) opts.source = req.source;
  if (progress) opts.progress = [&](int64_t done, int64_t total) { progress("parse", done, total); };
  TAMIS_ASSIGN_OR_RETURN(ListFileSet set, OpenListFiles(req.files, req.format, opts));
  ImportMeta meta;
  meta.imported_at = clock();
  meta.origin = req.origin;
  meta.force = req.force;
  for (size_t i = 0; i < set.files.size(); ++i)  // hashed from the bytes read: not read a second time
    meta.files.push_back({set.paths[i].filename().string(), Sha256Hex(set.files[i].content),
                          static_cast<int64_t>(set.files[i].content.size())});
  if (progress) meta.progress = [&](int64_t done, int64_t total) { progress("store " + set.source, done, total); };
  int64_t in_force = 0;  // entities of the version in force, read before the import's own row exists
  TAMIS_ASSIGN_OR_RETURN(auto current, store.CurrentVersions());
  for (const auto& v : current)
    if (v.source == set.source) in_force = std::max<int64_t>(1, v.entity_count);
  if (!req.force)
    meta.verify = [&](int64_t n) { return VerifyAgainstCurrent(set.source, n, in_force, min_keep_ratio); };
  ListImportReport rep;
  auto produce = [&](const EntitySink& sink) -> Result<ParsedList> {
    TAMIS_ASSIGN_OR_RETURN(ParsedList rest, StreamListFiles(set, opts, sink));
    rep.warnings = rest.warnings;
    return rest;
  };
  TAMIS_ASSIGN_OR_RETURN(rep.outcome, store.ImportStream(set.source, set.format, produce, meta));
  return rep;
}

}  // namespace

Result<ImportedFile> DescribeFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return NotFound("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string data = ss.str();
  return ImportedFile{p.filename().string(), Sha256Hex(data), static_cast<int64_t>(data.size())};
}

Result<ListImportReport> ImportListFiles(Store& store, const ListImportRequest& req, const Clock& clock,
                                         const ProgressFn& progress) {
  if (req.files.empty()) return InvalidArgument("no files to import");
  return ImportVerified(store, req, clock, progress, 0.0);
}

Result<std::vector<SourceUpdate>> UpdateLists(Store& store, const Config& cfg, const UpdateRequest& req,
                                              const Clock& clock, const ProgressFn& progress) {
  std::vector<const SourceConfig*> todo;
  for (const auto& name : req.sources) {
    const SourceConfig* found = nullptr;
    for (const auto& s : cfg.sources)
      if (s.name == name) found = &s;
    if (!found) return InvalidArgument("unknown source '" + name + "' (configured: un, ofac, eu, uk, or see the config file)");
    todo.push_back(found);
  }
  if (todo.empty())
    for (const auto& s : cfg.sources)
      if (s.enabled) todo.push_back(&s);

  // Offline: index the folder by detected format once: source -> (path, format), path order.
  std::map<std::string, std::vector<std::pair<std::filesystem::path, std::string>>> by_source;
  std::vector<std::filesystem::path> companions;
  if (!req.from_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(req.from_dir, ec)) return NotFound("no folder " + req.from_dir.string());
    std::vector<std::filesystem::path> all;
    for (auto it = std::filesystem::recursive_directory_iterator(req.from_dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file()) all.push_back(it->path());
    }
    std::sort(all.begin(), all.end());
    for (const auto& p : all) {
      if (IsOfacCompanion(p)) {
        companions.push_back(p);
        continue;
      }
      std::string format = DetectListFormat(p.filename().string(), ReadHead(p, 64 * 1024));
      std::string src = SourceOfFormat(format);
      if (!src.empty()) by_source[src].emplace_back(p, format);
    }
  }

  std::vector<SourceUpdate> out;
  for (const SourceConfig* sc : todo) {
    SourceUpdate su;
    su.source = sc->name;
    ListImportRequest ir;
    ir.format = sc->format;
    ir.force = req.force;
    if (!req.from_dir.empty()) {
      auto it = by_source.find(sc->name);
      if (it == by_source.end()) {
        su.status = NotFound("no " + sc->name + " list file found under " + req.from_dir.string());
        out.push_back(std::move(su));
        continue;
      }
      // One file per source: the configured format wins over another edition of the same
      // list (sdn.xml beside sdn.csv); among several, the last in path order.
      const std::pair<std::filesystem::path, std::string>* chosen = &it->second.back();
      for (const auto& f : it->second)
        if (f.second == sc->format) chosen = &f;
      ir.files = {chosen->first};
      ir.format = chosen->second;
      if (ir.format == "ofac_csv") ir.files.insert(ir.files.end(), companions.begin(), companions.end());
      ir.origin = "update:dir " + req.from_dir.string();
    } else {
      std::string stamp = clock();
      for (char& c : stamp)
        if (c == ':') c = '-';
      auto staging = cfg.data_dir / "downloads" / (sc->name + "-" + stamp);
      std::error_code ec;
      std::filesystem::create_directories(staging, ec);
      if (ec) {
        su.status = IoError("cannot create " + staging.string() + ": " + ec.message());
        out.push_back(std::move(su));
        continue;
      }
      DownloadOptions dopts;
      dopts.timeout_s = cfg.download_timeout_s;
      dopts.max_bytes = cfg.max_download_bytes;
      dopts.allow_insecure_http = cfg.allow_insecure_http;
      dopts.ca_bundle = cfg.ca_bundle;
      Status st;
      for (const auto& f : sc->files) {
        if (progress) dopts.progress = [&](int64_t d, int64_t t) { progress("download " + f.local_name, d, t); };
        st = DownloadToFile(f.url, staging / f.local_name, dopts);
        if (!st.ok()) break;
        ir.files.push_back(staging / f.local_name);
      }
      if (!st.ok()) {
        su.status = st;
        std::filesystem::remove_all(staging, ec);
        out.push_back(std::move(su));
        continue;
      }
      ir.origin = "update:download";
    }
    auto rep = ImportVerified(store, ir, clock, progress, req.min_keep_ratio);
    if (req.from_dir.empty() && !ir.files.empty()) {
      std::error_code ec;  // the store keeps each file's hash; the download itself is not kept
      std::filesystem::remove_all(ir.files.front().parent_path(), ec);
    }
    if (rep.ok()) {
      su.unchanged = rep->outcome.unchanged;
      su.report = std::move(rep).value();
    } else {
      su.status = rep.status();
    }
    out.push_back(std::move(su));
  }
  return out;
}

}  // namespace tamis
