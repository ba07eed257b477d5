// Format detection by content, and loading of list files from disk.
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "core/strings.h"
#include "formats/lists/csv_reader.h"
#include "formats/lists/importers.h"

namespace tamis {
namespace {

namespace fs = std::filesystem;

std::string_view SkipBomAndSpace(std::string_view s) {
  if (StartsWith(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

// The root element's start tag ("<export xmlns=...>"), skipping the prolog; "" if none.
std::string_view RootTag(std::string_view s) {
  for (int guard = 0; guard < 64 && StartsWith(s, "<"); ++guard) {
    size_t end;
    std::string_view close = ">";
    if (StartsWith(s, "<?")) close = "?>";
    else if (StartsWith(s, "<!--")) close = "-->";
    else if (!StartsWith(s, "<!")) {
      end = s.find('>');
      return end == std::string_view::npos ? s : s.substr(0, end + 1);
    }
    end = s.find(close);
    if (end == std::string_view::npos) return {};
    s = SkipBomAndSpace(s.substr(end + close.size()));
  }
  return {};
}

std::string DetectXml(std::string_view head) {
  std::string_view tag = RootTag(head);
  if (tag.size() < 2) return "";
  size_t n = 1;
  while (n < tag.size() && !std::isspace(static_cast<unsigned char>(tag[n])) && tag[n] != '>' && tag[n] != '/') ++n;
  std::string_view name = tag.substr(1, n - 1);
  if (size_t colon = name.find(':'); colon != std::string_view::npos) name = name.substr(colon + 1);
  if (name == "CONSOLIDATED_LIST") return "un_xml";
  if (name == "export" && tag.find("http://eu.europa.ec/fpi/fsd/export") != std::string_view::npos) return "eu_xml";
  if (name == "sdnList" && (tag.find("tempuri.org/sdnList.xsd") != std::string_view::npos ||
                            tag.find("sanctionslistservice.ofac.treas.gov") != std::string_view::npos))
    return "ofac_xml";
  if (name == "Designations" && (head.find("<Designation>") != std::string_view::npos ||
                                 head.find("<DateGenerated>") != std::string_view::npos))
    return "uk_fcdo";
  return "";
}

std::string DetectJsonLine(std::string_view head) {
  std::string_view line = head.substr(0, head.find('\n'));
  bool complete = line.size() < head.size();
  bool has_schema, has_props, has_ds, has_rid, has_id, has_name;
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (complete && !parser.parse(line.data(), line.size(), true).get_object().get(obj)) {
    auto has = [&](std::string_view k) { return obj[k].error() == simdjson::SUCCESS; };
    has_schema = has("schema"), has_props = has("properties"), has_ds = has("DATA_SOURCE"),
    has_rid = has("RECORD_ID"), has_id = has("id"), has_name = has("name");
  } else {
    // A long first line cut by the head: look for the keys as text.
    auto has = [&](std::string_view k) { return line.find("\"" + std::string(k) + "\"") != std::string_view::npos; };
    has_schema = has("schema"), has_props = has("properties"), has_ds = has("DATA_SOURCE"),
    has_rid = has("RECORD_ID"), has_id = has("id"), has_name = has("name");
  }
  if (has_schema && has_props) return "ftm";
  if (has_ds || has_rid) return "senzing";
  if (has_id && has_name) return "tamis_jsonl";
  return "";
}

bool AllDigits(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string DetectCsv(std::string_view name, std::string_view head) {
  // Only the first record matters; cut at the first line end outside quotes is good enough
  // for a header or an OFAC row (neither holds line breaks).
  std::string_view line = head.substr(0, head.find_first_of("\r\n"));
  auto recs = ReadCsv(line);
  if (!recs.ok() || recs->empty()) return "";
  const auto& f = recs->front().fields;
  std::set<std::string> cols;
  for (const auto& x : f) cols.insert(AsciiLower(Trim(x)));
  if (cols.count("name 6") && cols.count("group id")) return "uk_conlist";
  if (cols.count("id") && cols.count("name")) return "tamis_csv";
  if (!AllDigits(f[0])) return "";
  // OFAC legacy CSV: sdn.csv has 12 columns; its companions alt (5), add (6), comments (2).
  std::string lname = AsciiLower(name);
  if (f.size() == 12) return "ofac_csv";
  if ((f.size() == 5 || f.size() == 6 || f.size() == 2) &&
      (EndsWith(lname, "alt.csv") || EndsWith(lname, "add.csv") || EndsWith(lname, "sdn_comments.csv") ||
       (f.size() == 5 && (IEquals(Trim(f[2]), "aka") || IEquals(Trim(f[2]), "fka") ||
                                           IEquals(Trim(f[2]), "nka")))))
    return "ofac_csv";
  return "";
}

struct Loaded {
  fs::path path;
  ListFile file;
  std::string format;
};

Result<Loaded> ReadOne(const fs::path& p, const ImportOptions& opts) {
  std::error_code ec;
  auto st = fs::status(p, ec);
  if (ec || !fs::exists(st)) return NotFound(p.string() + ": no such file");
  if (!fs::is_regular_file(st)) return IoError(p.string() + ": not a regular file");
  auto size = fs::file_size(p, ec);
  if (ec) return IoError(p.string() + ": cannot stat: " + ec.message());
  if (static_cast<int64_t>(size) > opts.max_file_bytes)
    return ResourceExhausted(p.string() + ": " + std::to_string(size) + " bytes exceeds max_file_bytes " +
                             std::to_string(opts.max_file_bytes));
  std::ifstream in(p, std::ios::binary);
  if (!in) return IoError(p.string() + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IoError(p.string() + ": read failed");
  Loaded l;
  l.path = p;
  l.file.name = p.filename().string();
  l.file.content = std::move(ss).str();
  return l;
}

// Which member of the OFAC set a file is: by name first, else by its column count.
std::string OfacRole(const ListFile& f) {
  std::string n = AsciiLower(f.name);
  if (EndsWith(n, "sdn_comments.csv")) return "comments";
  if (EndsWith(n, "alt.csv")) return "alt";
  if (EndsWith(n, "add.csv")) return "add";
  if (EndsWith(n, "sdn.csv")) return "sdn";
  std::string_view head = f.content;
  auto recs = ReadCsv(head.substr(0, head.find_first_of("\r\n")));
  size_t cols = recs.ok() && !recs->empty() ? recs->front().fields.size() : 0;
  return cols == 12 ? "sdn" : cols == 5 ? "alt" : cols == 6 ? "add" : cols == 2 ? "comments" : "";
}

Result<ParsedList> LoadOfac(std::vector<Loaded> files, const ImportOptions& opts) {
  OfacFiles set;
  std::map<std::string, ListFile*> roles = {
      {"sdn", &set.sdn}, {"alt", &set.alt}, {"add", &set.add}, {"comments", &set.comments}};
  std::set<std::string> filled;
  fs::path sdn_dir;
  for (auto& l : files) {
    std::string role = OfacRole(l.file);
    if (role.empty()) return InvalidArgument(l.path.string() + ": not a file of the OFAC SDN CSV set");
    if (!filled.insert(role).second)
      return InvalidArgument(l.path.string() + ": a second OFAC " + role + " file in one load");
    *roles[role] = std::move(l.file);
    if (role == "sdn") sdn_dir = l.path.parent_path();
  }
  if (!filled.count("sdn")) return InvalidArgument("OFAC companion files given without sdn.csv");
  const std::pair<const char*, const char*> kBeside[] = {
      {"alt", "alt.csv"}, {"add", "add.csv"}, {"comments", "sdn_comments.csv"}};
  for (auto [role, fname] : kBeside) {
    if (filled.count(role)) continue;
    for (std::string cand : {std::string(fname), AsciiUpper(fname)}) {
      fs::path p = sdn_dir / cand;
      std::error_code ec;
      if (!fs::is_regular_file(p, ec)) continue;
      TAMIS_ASSIGN_OR_RETURN(Loaded l, ReadOne(p, opts));
      *roles[role] = std::move(l.file);
      break;
    }
  }
  return ParseOfacCsv(set, opts);
}

Result<ParsedList> ParseOne(const std::string& format, const ListFile& f, const ImportOptions& opts) {
  if (format == "un_xml") return ParseUnXml(f, opts);
  if (format == "eu_xml") return ParseEuXml(f, opts);
  if (format == "uk_conlist") return ParseUkConList(f, opts);
  if (format == "uk_fcdo") return ParseUkFcdoXml(f, opts);
  if (format == "ofac_xml") return ParseOfacXml(f, opts);
  if (format == "ftm") return ParseFtmJson(f, opts);
  if (format == "senzing") return ParseSenzingJson(f, opts);
  if (format == "tamis_csv") return ParseWatchlistCsv(f, opts);
  if (format == "tamis_jsonl") return ParseWatchlistJsonl(f, opts);
  return InvalidArgument("unknown list format '" + format + "'");
}

}  // namespace

std::string DetectListFormat(std::string_view name, std::string_view head) {
  std::string_view s = SkipBomAndSpace(head);
  if (s.empty()) return "";
  if (s.front() == '<') return DetectXml(s);
  if (s.front() == '{') return DetectJsonLine(s);
  // CSV formats are text: refuse binary (NUL or other control bytes) early.
  for (char c : s.substr(0, 4096)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\x1a') return "";
  }
  return DetectCsv(name, head);
}

namespace {

// The source name a list of `format` is stored under.
std::string SourceOfListFormat(const std::string& format, const ImportOptions& opts) {
  if (format == "un_xml") return "un";
  if (format == "eu_xml") return "eu";
  if (format == "uk_conlist" || format == "uk_fcdo") return "uk";
  if (format == "ofac_csv" || format == "ofac_xml") return "ofac";
  if (format == "ftm" || format == "senzing") return "os";
  return opts.source;
}

}  // namespace

Result<ListFileSet> OpenListFiles(const std::vector<fs::path>& paths, std::string_view format,
                                  const ImportOptions& opts) {
  static const std::set<std::string, std::less<>> kFormats = {
      "un_xml", "eu_xml", "uk_conlist", "uk_fcdo", "ofac_csv", "ofac_xml",
      "ftm",    "senzing", "tamis_csv", "tamis_jsonl"};
  if (paths.empty()) return InvalidArgument("no list files given");
  if (!format.empty() && !kFormats.count(format))
    return InvalidArgument("unknown list format '" + std::string(format) + "'");
  ListFileSet set;
  for (const auto& p : paths) {
    TAMIS_ASSIGN_OR_RETURN(Loaded l, ReadOne(p, opts));
    l.format = format.empty() ? DetectListFormat(l.file.name, std::string_view(l.file.content).substr(0, 64 * 1024))
                              : std::string(format);
    if (l.format.empty()) return InvalidArgument(p.string() + ": unrecognised list format");
    if (!set.files.empty() && l.format != set.format)
      return InvalidArgument("files of mixed sources in one load: " + set.paths[0].string() + " is " + set.format +
                             ", " + p.string() + " is " + l.format);
    set.format = l.format;
    set.paths.push_back(p);
    set.files.push_back(std::move(l.file));
  }
  set.source = SourceOfListFormat(set.format, opts);
  return set;
}

Result<ParsedList> StreamListFiles(const ListFileSet& set, const ImportOptions& opts, const EntitySink& sink) {
  if (set.files.empty()) return InvalidArgument("no list files given");
  const std::string& fmt = set.format;
  auto one_file = [&](const ListFile& f, const EntitySink& to) -> Result<ParsedList> {
    if (fmt == "tamis_csv") return StreamWatchlistCsv(f, opts, to);
    if (fmt == "tamis_jsonl") return StreamWatchlistJsonl(f, opts, to);
    if (fmt == "ftm") return StreamFtmJson(f, opts, to);
    if (fmt == "un_xml") return StreamUnXml(f, opts, to);
    if (fmt == "eu_xml") return StreamEuXml(f, opts, to);
    if (fmt == "uk_fcdo") return StreamUkFcdoXml(f, opts, to);
    if (fmt == "ofac_xml") return StreamOfacXml(f, opts, to);
    if (fmt == "senzing") return StreamSenzingJson(f, opts, to);
    Result<ParsedList> r = [&]() -> Result<ParsedList> {
      if (fmt != "ofac_csv") return ParseOne(fmt, f, opts);
      std::vector<Loaded> files;
      for (size_t i = 0; i < set.files.size(); ++i) files.push_back({set.paths[i], set.files[i], fmt});
      return LoadOfac(std::move(files), opts);
    }();
    if (!r.ok()) return r.status();
    for (auto& e : r->entities) TAMIS_RETURN_IF_ERROR(to(std::move(e)));
    r->entities.clear();
    r->entities.shrink_to_fit();
    return r;
  };
  if (fmt == "ofac_csv" || set.files.size() == 1) return one_file(set.files[0], sink);
  ParsedList merged;
  std::unordered_set<std::string> ids;  // across files only
  for (size_t i = 0; i < set.files.size(); ++i) {
    auto dedup = [&](Entity&& e) -> Status {
      if (!ids.insert(e.id).second) {
        ++merged.skipped_records;
        merged.warnings.push_back({set.files[i].name, "entity " + e.id + " already loaded from an earlier file; skipped"});
        return Status::Ok();
      }
      return sink(std::move(e));
    };
    auto r = one_file(set.files[i], dedup);
    if (!r.ok()) return r.status();
    ParsedList& one = *r;
    if (i == 0) {
      merged.source = one.source;
      merged.format = one.format;
      merged.list_date = one.list_date;
    }
    merged.list_date = std::max(merged.list_date, one.list_date);
    for (auto& w : one.warnings) merged.warnings.push_back(std::move(w));
    merged.skipped_records += one.skipped_records;
  }
  return merged;
}

Result<ParsedList> LoadListFiles(const std::vector<fs::path>& paths, std::string_view format,
                                 const ImportOptions& opts) {
  TAMIS_ASSIGN_OR_RETURN(ListFileSet set, OpenListFiles(paths, format, opts));
  return CollectEntities([&](const EntitySink& sink) { return StreamListFiles(set, opts, sink); });
}

Result<ParsedList> CollectEntities(const std::function<Result<ParsedList>(const EntitySink&)>& stream) {
  std::vector<Entity> es;
  auto r = stream([&](Entity&& e) {
    es.push_back(std::move(e));
    return Status::Ok();
  });
  if (!r.ok()) return r.status();
  r->entities = std::move(es);
  return r;
}

}  // namespace tamis
