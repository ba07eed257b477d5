// OFAC SDN legacy CSV set: sdn.csv (+ alt.csv, add.csv, sdn_comments.csv).
#include <algorithm>
#include <charconv>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/country.h"
#include "core/strings.h"
#include "formats/lists/csv_reader.h"
#include "formats/lists/importers.h"
#include "formats/lists/ofac_remarks.h"

namespace tamis {
namespace {

using lists_detail::OfacField;

constexpr size_t kSdnFields = 12, kAltFields = 5, kAddFields = 6, kCommentFields = 2;

// Like OfacField but keeps blanks: remarks are cut mid-text into sdn_comments.csv.
std::string RawField(std::string_view raw) { return Trim(raw) == "-0-" ? std::string() : std::string(raw); }

std::string Where(const ListFile& f, int line) { return f.name + " line " + std::to_string(line); }

Status CheckSize(const ListFile& f, const ImportOptions& opts) {
  if (static_cast<int64_t>(f.content.size()) > opts.max_file_bytes)
    return ResourceExhausted(f.name + ": " + std::to_string(f.content.size()) +
                             " bytes exceeds max_file_bytes " + std::to_string(opts.max_file_bytes));
  return Status::Ok();
}

Result<std::vector<CsvRecord>> ReadFile(const ListFile& f, size_t want_fields) {
  auto read = ReadCsv(f.content);
  if (!read.ok()) return read.status().WithContext(f.name);
  std::vector<CsvRecord> recs;
  for (auto& r : *read) {
    // OFAC files end with a line holding only Ctrl-Z (0x1A).
    if (r.fields.size() == 1 && Trim(r.fields[0]).find_first_not_of('\x1a') == std::string_view::npos)
      continue;
    recs.push_back(std::move(r));
  }
  for (const auto& r : recs)
    if (r.fields.size() != want_fields)
      return ParseError(Where(f, r.line) + ": expected " + std::to_string(want_fields) +
                        " fields, found " + std::to_string(r.fields.size()));
  return recs;
}

Result<int64_t> EntNum(const ListFile& f, const CsvRecord& r) {
  std::string_view s = Trim(r.fields[0]);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < 0)
    return ParseError(Where(f, r.line) + ": field ent_num: not a number: '" +
                      std::string(s.substr(0, 40)) + "'");
  return v;
}

EntityKind KindOf(std::string_view sdn_type) {
  std::string t = AsciiLower(OfacField(sdn_type));
  if (t.empty()) return EntityKind::kOrganisation;
  if (t == "individual") return EntityKind::kPerson;
  if (t == "vessel") return EntityKind::kVessel;
  if (t == "aircraft") return EntityKind::kAircraft;
  return EntityKind::kUnknown;
}

// "SDGT] [IRGC" (the CSV drops the outer brackets) -> {"SDGT", "IRGC"}.
std::vector<std::string> Programs(std::string_view field) {
  std::vector<std::string> out;
  std::string s = OfacField(field);
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(']', i);
    std::string_view tok = Trim(std::string_view(s).substr(i, j == std::string::npos ? s.npos : j - i));
    while (!tok.empty() && (tok.front() == '[' || tok.front() == ' ')) tok.remove_prefix(1);
    tok = Trim(tok);
    if (!tok.empty()) out.emplace_back(tok);
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return out;
}

// Key for "Linked To" resolution: upper case, collapsed blanks, no final '.'.
std::string LinkKey(std::string_view name) {
  std::string k = AsciiUpper(CollapseSpaces(name));
  while (!k.empty() && (k.back() == '.' || k.back() == ' ')) k.pop_back();
  return k;
}

void AddVesselFields(const CsvRecord& r, Entity* e) {
  std::string call_sign = OfacField(r.fields[5]);
  if (!call_sign.empty()) {
    IdentityDocument d;
    d.type = "other";
    d.number = call_sign;
    d.note = "Call Sign";
    e->documents.push_back(std::move(d));
  }
  std::string flag = OfacField(r.fields[9]);
  if (!flag.empty()) {
    auto cc = CountryCode(flag);
    if (cc) e->nationalities.push_back(*cc);
  }
  std::string extra;
  auto add = [&](std::string_view label, size_t col) {
    std::string v = OfacField(r.fields[col]);
    if (v.empty()) return;
    if (!extra.empty()) extra += "; ";
    extra += std::string(label) + " " + v;
  };
  add("Vessel Type", 6);
  add("Tonnage", 7);
  add("GRT", 8);
  add("Vessel Flag", 9);
  add("Vessel Owner", 10);
  e->remarks = extra;
}

struct Builder {
  const OfacFiles& files;
  const ImportOptions& opts;
  ParsedList out;
  std::unordered_map<int64_t, size_t> index;  // ent_num -> entities[i]
  std::vector<std::string> raw_remarks;       // parallel to entities

  void Orphan(const ListFile& f, const CsvRecord& r, int64_t ent) {
    ++out.skipped_records;
    out.warnings.push_back({Where(f, r.line), "ent_num " + std::to_string(ent) + " is not in " + files.sdn.name});
  }
  void Progress(int64_t done, int64_t total) {
    if (opts.progress && (done % 4096 == 0 || done == total)) opts.progress(done, total);
  }

  Status Sdn() {
    TAMIS_ASSIGN_OR_RETURN(auto recs, ReadFile(files.sdn, kSdnFields));
    out.entities.reserve(recs.size());
    int64_t done = 0;
    for (const auto& r : recs) {
      TAMIS_ASSIGN_OR_RETURN(int64_t ent, EntNum(files.sdn, r));
      if (index.count(ent))
        return ParseError(Where(files.sdn, r.line) + ": field ent_num: duplicate ent_num " +
                          std::to_string(ent));
      Entity e;
      e.source = "ofac";
      e.native_id = std::to_string(ent);
      e.id = "ofac:" + e.native_id;
      e.kind = KindOf(r.fields[2]);
      if (e.kind == EntityKind::kUnknown)
        return ParseError(Where(files.sdn, r.line) + ": field SDN_Type: unknown type '" +
                          std::string(Trim(r.fields[2]).substr(0, 40)) + "'");
      Name primary;
      primary.full = CollapseSpaces(OfacField(r.fields[1]));
      if (primary.full.empty())
        return ParseError(Where(files.sdn, r.line) + ": field SDN_Name: empty name");
      lists_detail::AppendOfacNames(std::move(primary), e.kind == EntityKind::kPerson, &e.names);
      e.programs = Programs(r.fields[3]);
      std::string title = OfacField(r.fields[4]);
      if (!title.empty()) e.titles.push_back(title);
      if (e.kind == EntityKind::kVessel) AddVesselFields(r, &e);
      e.source_record = RecordText(r);
      index.emplace(ent, out.entities.size());
      raw_remarks.push_back(RawField(r.fields[11]));
      out.entities.push_back(std::move(e));
      Progress(++done, static_cast<int64_t>(recs.size()));
    }
    return Status::Ok();
  }

  static std::string RecordText(const CsvRecord& r) {
    std::string s;
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (i) s += ',';
      s += r.fields[i];
    }
    return s;
  }

  Status Comments() {
    if (files.comments.content.empty()) return Status::Ok();
    TAMIS_ASSIGN_OR_RETURN(auto recs, ReadFile(files.comments, kCommentFields));
    for (const auto& r : recs) {
      TAMIS_ASSIGN_OR_RETURN(int64_t ent, EntNum(files.comments, r));
      auto it = index.find(ent);
      if (it == index.end()) {
        Orphan(files.comments, r, ent);
        continue;
      }
      raw_remarks[it->second] += RawField(r.fields[1]);  // a continuation: no separator, blanks kept
    }
    return Status::Ok();
  }

  Status Alt() {
    if (files.alt.content.empty()) return Status::Ok();
    TAMIS_ASSIGN_OR_RETURN(auto recs, ReadFile(files.alt, kAltFields));
    for (const auto& r : recs) {
      TAMIS_ASSIGN_OR_RETURN(int64_t ent, EntNum(files.alt, r));
      auto it = index.find(ent);
      if (it == index.end()) {
        Orphan(files.alt, r, ent);
        continue;
      }
      Entity& e = out.entities[it->second];
      Name n;
      n.full = CollapseSpaces(OfacField(r.fields[3]));
      if (n.full.empty()) {
        out.warnings.push_back({Where(files.alt, r.line), "field alt_name: empty; row skipped"});
        ++out.skipped_records;
        continue;
      }
      std::string type = AsciiLower(OfacField(r.fields[2]));
      n.type = type == "fka" ? NameType::kFka : type == "nka" ? NameType::kNka : NameType::kAka;
      std::string rem = OfacField(r.fields[4]);
      std::string lrem = AsciiLower(rem);
      if (lrem.find("weak") != std::string::npos) n.quality = NameQuality::kWeak;
      else if (lrem.find("strong") != std::string::npos) n.quality = NameQuality::kStrong;
      lists_detail::AppendOfacNames(std::move(n), e.kind == EntityKind::kPerson, &e.names);
    }
    return Status::Ok();
  }

  Status Add() {
    if (files.add.content.empty()) return Status::Ok();
    TAMIS_ASSIGN_OR_RETURN(auto recs, ReadFile(files.add, kAddFields));
    for (const auto& r : recs) {
      TAMIS_ASSIGN_OR_RETURN(int64_t ent, EntNum(files.add, r));
      auto it = index.find(ent);
      if (it == index.end()) {
        Orphan(files.add, r, ent);
        continue;
      }
      Address a;
      a.street = OfacField(r.fields[2]);
      a.city = OfacField(r.fields[3]);
      std::string country = OfacField(r.fields[4]);
      if (auto cc = CountryCode(country)) a.country_code = *cc;
      a.note = OfacField(r.fields[5]);
      for (const std::string* p : {&a.street, &a.city, &country}) {
        if (p->empty()) continue;
        if (!a.full.empty()) a.full += ", ";
        a.full += *p;
      }
      if (a.full.empty() && a.note.empty()) continue;  // an all "-0-" row says nothing
      out.entities[it->second].addresses.push_back(std::move(a));
    }
    return Status::Ok();
  }

  void RemarksAndLinks() {
    std::unordered_map<std::string, std::vector<size_t>> by_name;
    for (size_t i = 0; i < out.entities.size(); ++i)
      by_name[LinkKey(out.entities[i].names[0].full)].push_back(i);
    for (size_t i = 0; i < out.entities.size(); ++i) {
      Entity& e = out.entities[i];
      lists_detail::OfacRemarkExtras extras;
      lists_detail::ApplyOfacRemarks(raw_remarks[i], &e, &extras);
      for (const std::string& linked : extras.linked_names) {
        auto it = by_name.find(LinkKey(linked));
        bool resolved = false;
        if (it != by_name.end()) {
          for (size_t j : it->second) {
            if (j == i) continue;
            resolved = true;
            const std::string& id = out.entities[j].id;
            if (std::find(e.related_ids.begin(), e.related_ids.end(), id) == e.related_ids.end())
              e.related_ids.push_back(id);
          }
        }
        if (!resolved) {
          if (!e.remarks.empty()) e.remarks += "; ";
          e.remarks += "Linked To: " + linked;
        }
      }
    }
  }
};

}  // namespace

Result<ParsedList> ParseOfacCsv(const OfacFiles& files, const ImportOptions& opts) {
  for (const ListFile* f : {&files.sdn, &files.alt, &files.add, &files.comments})
    TAMIS_RETURN_IF_ERROR(CheckSize(*f, opts));
  Builder b{files, opts, {}, {}, {}};
  b.out.source = "ofac";
  b.out.format = "ofac_csv";
  TAMIS_RETURN_IF_ERROR(b.Sdn());
  TAMIS_RETURN_IF_ERROR(b.Comments());
  b.RemarksAndLinks();
  TAMIS_RETURN_IF_ERROR(b.Alt());
  TAMIS_RETURN_IF_ERROR(b.Add());
  return std::move(b.out);
}

}  // namespace tamis
