// A user's own watchlist: CSV with a header, or JSON Lines, with the fields
// id,name,kind,aliases,dob,nationality,gender,id_number,program,remarks (see docs/formats.md).
#include <array>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>

#include "core/country.h"
#include "core/date.h"
#include "core/strings.h"
#include "formats/lists/packed_names.h"
#include "formats/lists/csv_reader.h"
#include "formats/lists/importers.h"
#include "formats/lists/json_lines.h"

namespace tamis {
namespace {

constexpr std::array<std::string_view, 10> kFields = {
    "id", "name", "kind", "aliases", "dob", "nationality", "gender", "id_number", "program", "remarks"};

bool KnownField(std::string_view f) {
  for (auto k : kFields)
    if (k == f) return true;
  return false;
}

// One record's values by field; list fields hold several values.
using Values = std::map<std::string, std::vector<std::string>, std::less<>>;

std::string One(const Values& v, std::string_view key) {
  auto it = v.find(key);
  return it == v.end() || it->second.empty() ? std::string() : std::string(Trim(it->second.front()));
}
std::vector<std::string> Many(const Values& v, std::string_view key) {
  std::vector<std::string> out;
  auto it = v.find(key);
  if (it == v.end()) return out;
  for (const auto& s : it->second)
    if (!Trim(s).empty()) out.emplace_back(Trim(s));
  return out;
}

Status Bad(std::string_view where, std::string_view field, const std::string& msg) {
  return ParseError(std::string(where) + ": field " + std::string(field) + ": " + msg);
}

// Builds the entity of one record; `where` is "file line N" for messages.
Result<Entity> BuildEntity(const Values& v, std::string_view where, const ImportOptions& opts) {
  for (const auto& [key, vals] : v)
    for (const auto& s : vals)
      if (!IsValidUtf8(s)) return Bad(where, key, "invalid UTF-8");
  Entity e;
  e.native_id = One(v, "id");
  if (e.native_id.empty()) return Bad(where, "id", "missing or empty");
  std::string name = CollapseSpaces(One(v, "name"));
  if (name.empty()) return Bad(where, "name", "missing or empty");
  e.source = opts.source;
  e.id = opts.source + ":" + e.native_id;
  Name primary;
  primary.full = name;
  lists::AppendPackedNames(std::move(primary), &e.names);  // a field may pack several names
  for (const auto& a : Many(v, "aliases")) {
    Name n;
    n.full = CollapseSpaces(a);
    n.type = NameType::kAka;
    lists::AppendPackedNames(std::move(n), &e.names);
  }
  std::string kind = One(v, "kind");
  if (!kind.empty()) {
    e.kind = ParseEntityKind(kind);
    if (e.kind == EntityKind::kUnknown)
      return Bad(where, "kind", "unknown kind '" + kind.substr(0, 40) + "' (person, organisation, vessel, aircraft)");
  }
  for (const auto& d : Many(v, "dob")) {
    auto dob = ParseDateOfBirth(d);
    if (!dob) return Bad(where, "dob", "not a date '" + d.substr(0, 40) + "'");
    e.dates_of_birth.push_back(*dob);
  }
  for (const auto& n : Many(v, "nationality")) {
    auto cc = CountryCode(n);
    if (!cc) return Bad(where, "nationality", "unknown country '" + n.substr(0, 40) + "'");
    bool dup = false;
    for (const auto& x : e.nationalities) dup |= x == *cc;
    if (!dup) e.nationalities.push_back(*cc);
  }
  std::string gender = One(v, "gender");
  if (!gender.empty()) {
    e.gender = ParseGender(gender);
    if (e.gender == Gender::kUnknown) return Bad(where, "gender", "expected male or female, got '" + gender.substr(0, 40) + "'");
  }
  for (const auto& n : Many(v, "id_number")) {
    IdentityDocument d;
    d.type = "other";
    d.number = n;
    e.documents.push_back(std::move(d));
  }
  e.programs = Many(v, "program");
  e.remarks = One(v, "remarks");
  return e;
}

Status CheckSize(const ListFile& f, const ImportOptions& opts) {
  if (static_cast<int64_t>(f.content.size()) > opts.max_file_bytes)
    return ResourceExhausted(f.name + ": " + std::to_string(f.content.size()) + " bytes exceeds max_file_bytes");
  return Status::Ok();
}

// Checks the id is new and hands the entity on.
Status AddEntity(const EntitySink& sink, std::unordered_set<std::string>* ids, Entity e, std::string_view where) {
  if (!ids->insert(e.native_id).second) return Bad(where, "id", "duplicate id '" + e.native_id + "'");
  return sink(std::move(e));
}

}  // namespace

Result<ParsedList> StreamWatchlistCsv(const ListFile& file, const ImportOptions& opts, const EntitySink& sink) {
  TAMIS_RETURN_IF_ERROR(CheckSize(file, opts));
  // Records are read one at a time: only the current record and the set of ids seen are held.
  CsvReader reader(file.content);
  CsvRecord head;
  auto first = reader.Next(&head);
  if (!first.ok()) return first.status().WithContext(file.name);
  if (!*first) return ParseError(file.name + " line 1: missing header (id,name,...)");
  ParsedList out;
  out.source = opts.source;
  out.format = "tamis_csv";
  std::vector<std::string> header;
  std::set<std::string> seen;
  for (const auto& h : head.fields) {
    std::string k = AsciiLower(Trim(h));
    if (!seen.insert(k).second && !k.empty())
      return Bad(file.name + " line " + std::to_string(head.line), k, "column appears twice");
    if (!KnownField(k))
      out.warnings.push_back({file.name + " line " + std::to_string(head.line),
                              "unknown column '" + k.substr(0, 60) + "' ignored"});
    header.push_back(std::move(k));
  }
  if (!seen.count("id") || !seen.count("name"))
    return ParseError(file.name + " line " + std::to_string(head.line) + ": header must name columns id and name");
  std::unordered_set<std::string> ids;
  CsvRecord r;
  for (int64_t i = 1;; ++i) {
    auto more = reader.Next(&r);
    if (!more.ok()) return more.status().WithContext(file.name);
    if (!*more) break;
    std::string where = file.name + " line " + std::to_string(r.line);
    if (r.fields.size() != header.size())
      return ParseError(where + ": expected " + std::to_string(header.size()) + " fields, found " +
                        std::to_string(r.fields.size()));
    Values v;
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string& k = header[c];
      if (!KnownField(k)) continue;
      if (k == "aliases" || k == "program" || k == "nationality" || k == "id_number" || k == "dob") {
        for (auto part : Split(r.fields[c], '|')) v[k].emplace_back(part);
      } else {
        v[k].push_back(r.fields[c]);
      }
    }
    TAMIS_ASSIGN_OR_RETURN(Entity e, BuildEntity(v, where, opts));
    e.source_record = [&] {
      std::string s;
      for (size_t c = 0; c < r.fields.size(); ++c) s += (c ? "," : "") + r.fields[c];
      return s;
    }();
    TAMIS_RETURN_IF_ERROR(AddEntity(sink, &ids, std::move(e), where));
    if (opts.progress && i % 4096 == 0)
      opts.progress(static_cast<int64_t>(r.offset), static_cast<int64_t>(file.content.size()));
  }
  return out;
}

Result<ParsedList> ParseWatchlistCsv(const ListFile& file, const ImportOptions& opts) {
  return CollectEntities([&](const EntitySink& sink) { return StreamWatchlistCsv(file, opts, sink); });
}

Result<ParsedList> StreamWatchlistJsonl(const ListFile& file, const ImportOptions& opts, const EntitySink& sink) {
  TAMIS_RETURN_IF_ERROR(CheckSize(file, opts));
  ParsedList out;
  out.source = opts.source;
  out.format = "tamis_jsonl";
  std::unordered_set<std::string> ids;
  std::set<std::string> warned;
  TAMIS_RETURN_IF_ERROR(lists_detail::ForEachJsonLine(file, [&](const lists_detail::JsonRecord& jr) -> Status {
    std::string where = file.name + " line " + std::to_string(jr.line);
    simdjson::dom::object obj;
    if (jr.doc.get_object().get(obj)) return ParseError(where + ": not a JSON object");
    Values v;
    for (auto [key, value] : obj) {
      std::string k(key);
      if (!KnownField(k)) {
        if (warned.insert(k).second) out.warnings.push_back({where, "unknown field '" + k.substr(0, 60) + "' ignored"});
        continue;
      }
      std::string_view sv;
      int64_t iv;
      if (value.is_null()) continue;
      if (!value.get_string().get(sv)) {
        v[k].emplace_back(sv);
      } else if (k == "id" && !value.get_int64().get(iv)) {
        v[k].push_back(std::to_string(iv));
      } else if (simdjson::dom::array arr; k != "id" && k != "name" && !value.get_array().get(arr)) {
        for (auto x : arr) {
          if (x.get_string().get(sv)) return Bad(where, k, "array items must be strings");
          v[k].emplace_back(sv);
        }
      } else {
        return Bad(where, k, k == "id" ? "must be a string or an integer" : "must be a string or an array of strings");
      }
    }
    TAMIS_ASSIGN_OR_RETURN(Entity e, BuildEntity(v, where, opts));
    e.source_record = std::string(jr.text);
    return AddEntity(sink, &ids, std::move(e), where);
  }));
  return out;
}

Result<ParsedList> ParseWatchlistJsonl(const ListFile& file, const ImportOptions& opts) {
  return CollectEntities([&](const EntitySink& sink) { return StreamWatchlistJsonl(file, opts, sink); });
}

}  // namespace tamis
