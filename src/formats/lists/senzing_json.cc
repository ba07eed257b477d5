// Senzing JSON (JSON Lines) -> canonical entities.
//
// RECORD_TYPE PERSON -> person, ORGANIZATION -> organisation, VESSEL, AIRCRAFT. A record
// without RECORD_TYPE is a person when its names carry NAME_FIRST/NAME_LAST, an organisation
// when they carry NAME_ORG; otherwise (OpenSanctions exports positions such as "United States
// senator" this way) it is not a screenable subject: it is skipped (skipped_records, one
// warning) and its primary name becomes a title of every record whose RELATIONSHIPS point to it.
// NAMES (PRIMARY first, others aka), DATES (DATE_OF_BIRTH; DATE_OF_DEATH -> remarks),
// COUNTRIES (NATIONALITY, CITIZENSHIP; REGISTRATION_COUNTRY -> nationalities), IDENTIFIERS
// (PASSPORT_*, NATIONAL_ID_*, TAX_ID_*, SSN_NUMBER, DRIVERS_LICENSE_NUMBER, LEI_NUMBER;
// TRUSTED_ID/OTHER_ID -> external_refs "<type>:<number>"), RISKS TOPIC -> remarks "Topics: ...",
// RELATIONSHIPS REL_POINTER_KEY -> related_ids. Ids "<source>:<RECORD_ID>", where source is
// "os" for DATA_SOURCE "OS_*"/"OPEN_SANCTIONS" (or none), else DATA_SOURCE in lower case.
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/country.h"
#include "core/date.h"
#include "core/strings.h"
#include "formats/lists/packed_names.h"
#include "formats/lists/importers.h"
#include "formats/lists/json_lines.h"

namespace tamis {
namespace {

using lists_detail::JsonRecord;
using lists_detail::StringMember;
using simdjson::dom::element;

std::string SourceOf(std::string_view ds) {
  if (ds.empty() || StartsWith(ds, "OS_") || ds == "OPEN_SANCTIONS") return "os";
  return AsciiLower(ds);
}

std::string Country2(std::string_view s) {
  std::string c = AsciiUpper(Trim(s));
  if (c.size() == 2) return c;
  auto cc = CountryCode(s);
  return cc ? *cc : std::string();
}

void AddUnique(std::vector<std::string>* v, std::string s) {
  if (s.empty()) return;
  for (const auto& x : *v)
    if (x == s) return;
  v->push_back(std::move(s));
}

// Calls fn(obj) for each object of the array member `key` (absent / null / not an array: none).
template <typename F>
void EachObject(const element& doc, std::string_view key, F fn) {
  simdjson::dom::array arr;
  if (doc[key].get_array().get(arr)) return;
  for (element x : arr)
    if (x.is_object()) fn(x);
}

struct Pending {
  Entity e;
  std::vector<std::string> pointers;  // REL_POINTER_KEYs
  int line = 0;
};

Name ToName(const element& n, bool* has_parts, bool* is_org) {
  Name name;
  std::string_view org = StringMember(n, "NAME_ORG");
  std::string_view full = StringMember(n, "NAME_FULL");
  std::string_view first = StringMember(n, "NAME_FIRST"), middle = StringMember(n, "NAME_MIDDLE"),
                   last = StringMember(n, "NAME_LAST");
  if (!org.empty()) *is_org = true;
  if (!first.empty() || !last.empty()) *has_parts = true;
  if (!first.empty()) name.parts.push_back({NamePartRole::kGiven, std::string(first)});
  if (!middle.empty()) name.parts.push_back({NamePartRole::kMiddle, std::string(middle)});
  if (!last.empty()) name.parts.push_back({NamePartRole::kFamily, std::string(last)});
  if (!full.empty()) name.full = CollapseSpaces(full);
  else if (!org.empty()) name.full = CollapseSpaces(org);
  else {
    std::string s;
    for (const auto& p : name.parts) s += (s.empty() ? "" : " ") + p.value;
    name.full = s;
  }
  std::string type = AsciiUpper(StringMember(n, "NAME_TYPE"));
  name.type = type.empty() || type == "PRIMARY" ? NameType::kPrimary : ParseNameType(AsciiLower(type));
  return name;
}

Result<Pending> ToEntity(const ListFile& f, const JsonRecord& jr, bool* screenable) {
  const element& d = jr.doc;
  auto where = [&](std::string_view field) {
    return f.name + " line " + std::to_string(jr.line) + ": field " + std::string(field) + ": ";
  };
  if (!d.is_object()) return ParseError(f.name + " line " + std::to_string(jr.line) + ": not a JSON object");
  Pending p;
  p.line = jr.line;
  Entity& e = p.e;
  std::string_view rid = StringMember(d, "RECORD_ID");
  if (rid.empty()) return ParseError(where("RECORD_ID") + "missing or not a string");
  e.source = SourceOf(StringMember(d, "DATA_SOURCE"));
  e.native_id = std::string(rid);
  e.id = e.source + ":" + e.native_id;
  std::string type = AsciiUpper(StringMember(d, "RECORD_TYPE"));
  bool has_parts = false, is_org = false;
  std::vector<Name> aliases;
  EachObject(d, "NAMES", [&](const element& n) {
    Name name = ToName(n, &has_parts, &is_org);
    if (Trim(name.full).empty()) return;
    if (name.type == NameType::kPrimary && e.names.empty()) e.names.push_back(std::move(name));
    else {
      if (name.type == NameType::kPrimary) name.type = NameType::kAka;
      aliases.push_back(std::move(name));
    }
  });
  if (!e.names.empty()) {  // a field may pack several names ("X (ACRONYM)", "X; Y")
    Name first = std::move(e.names[0]);
    e.names.clear();
    lists::AppendPackedNames(std::move(first), &e.names);
  }
  for (auto& a : aliases) lists::AppendPackedNames(std::move(a), &e.names);
  if (!e.names.empty()) e.names[0].type = NameType::kPrimary;
  if (type == "PERSON") e.kind = EntityKind::kPerson;
  else if (type == "ORGANIZATION" || type == "ORGANISATION") e.kind = EntityKind::kOrganisation;
  else if (type == "VESSEL") e.kind = EntityKind::kVessel;
  else if (type == "AIRCRAFT") e.kind = EntityKind::kAircraft;
  else if (type.empty() && has_parts) e.kind = EntityKind::kPerson;
  else if (type.empty() && is_org) e.kind = EntityKind::kOrganisation;
  *screenable = e.kind != EntityKind::kUnknown && !e.names.empty();
  std::vector<std::string> remarks;
  EachObject(d, "DATES", [&](const element& x) {
    std::string_view dob = StringMember(x, "DATE_OF_BIRTH");
    if (!dob.empty()) {
      if (auto v = ParseDateOfBirth(dob)) e.dates_of_birth.push_back(*v);
      else remarks.push_back("DOB " + std::string(dob));
    }
    std::string_view dod = StringMember(x, "DATE_OF_DEATH");
    if (!dod.empty()) remarks.push_back("Died " + std::string(dod));
  });
  EachObject(d, "COUNTRIES", [&](const element& x) {
    AddUnique(&e.nationalities, Country2(StringMember(x, "NATIONALITY")));
    AddUnique(&e.citizenships, Country2(StringMember(x, "CITIZENSHIP")));
    AddUnique(&e.nationalities, Country2(StringMember(x, "REGISTRATION_COUNTRY")));
  });
  std::string_view gender = StringMember(d, "GENDER");
  if (!gender.empty()) e.gender = ParseGender(gender);
  EachObject(d, "IDENTIFIERS", [&](const element& x) {
    struct Map { std::string_view num, country, type; };
    static constexpr Map kMap[] = {
        {"PASSPORT_NUMBER", "PASSPORT_COUNTRY", "passport"},
        {"NATIONAL_ID_NUMBER", "NATIONAL_ID_COUNTRY", "national_id"},
        {"TAX_ID_NUMBER", "TAX_ID_COUNTRY", "tax_id"},
        {"SSN_NUMBER", "", "ssn"},
        {"DRIVERS_LICENSE_NUMBER", "DRIVERS_LICENSE_STATE", "driving_licence"},
        {"LEI_NUMBER", "", "registration"},
    };
    for (const auto& m : kMap) {
      std::string_view num = StringMember(x, m.num);
      if (num.empty()) continue;
      IdentityDocument doc;
      doc.type = std::string(m.type);
      doc.number = std::string(num);
      if (!m.country.empty()) doc.country_code = Country2(StringMember(x, m.country));
      e.documents.push_back(std::move(doc));
    }
    for (std::string_view kind : {"TRUSTED_ID", "OTHER_ID"}) {
      std::string k(kind);
      std::string_view t = StringMember(x, k + "_TYPE"), n = StringMember(x, k + "_NUMBER");
      if (n.empty()) continue;
      std::string ref = (t == "OPEN_SANCTIONS" ? std::string("os") : AsciiLower(t)) + ":" + std::string(n);
      if (ref != e.id) AddUnique(&e.external_refs, ref);
    }
  });
  EachObject(d, "ADDRESSES", [&](const element& x) {
    Address a;
    a.full = std::string(StringMember(x, "ADDR_FULL"));
    a.street = std::string(StringMember(x, "ADDR_LINE1"));
    a.city = std::string(StringMember(x, "ADDR_CITY"));
    a.region = std::string(StringMember(x, "ADDR_STATE"));
    a.postal_code = std::string(StringMember(x, "ADDR_POSTAL_CODE"));
    a.country_code = Country2(StringMember(x, "ADDR_COUNTRY"));
    if (!(a == Address{})) e.addresses.push_back(std::move(a));
  });
  std::vector<std::string> topics;
  EachObject(d, "RISKS", [&](const element& x) { AddUnique(&topics, std::string(StringMember(x, "TOPIC"))); });
  if (!topics.empty()) {
    std::string t = "Topics: ";
    for (size_t i = 0; i < topics.size(); ++i) t += (i ? ", " : "") + topics[i];
    remarks.push_back(t);
  }
  EachObject(d, "RELATIONSHIPS", [&](const element& x) {
    std::string_view key = StringMember(x, "REL_POINTER_KEY");
    if (!key.empty()) p.pointers.emplace_back(key);
  });
  std::string_view url = StringMember(d, "URL");
  if (!url.empty()) remarks.push_back("Source: " + std::string(url));
  for (size_t i = 0; i < remarks.size(); ++i) e.remarks += (i ? "; " : "") + remarks[i];
  e.last_updated = std::string(StringMember(d, "LAST_CHANGE").substr(0, 10));
  e.source_record = std::string(jr.text);
  return p;
}

}  // namespace

Result<ParsedList> StreamSenzingJson(const ListFile& file, const ImportOptions& opts, const EntitySink& sink) {
  if (static_cast<int64_t>(file.content.size()) > opts.max_file_bytes)
    return ResourceExhausted(file.name + ": " + std::to_string(file.content.size()) +
                             " bytes exceeds max_file_bytes");
  ParsedList out;
  out.source = "os";
  out.format = "senzing";
  // Two passes over the lines: the first checks every record and keeps only what a pointer may
  // resolve to (the id of each subject, the name of each non-subject); the second builds each
  // subject again, resolves its pointers and hands it on. Memory: those ids and names.
  std::unordered_map<std::string, std::string> non_subjects;  // RECORD_ID -> name (positions)
  std::unordered_map<std::string, std::string> ids;           // RECORD_ID -> entity id
  std::string list_date;
  int64_t n = 0;
  TAMIS_RETURN_IF_ERROR(lists_detail::ForEachJsonLine(file, [&](const JsonRecord& jr) -> Status {
    bool screenable = false;
    TAMIS_ASSIGN_OR_RETURN(Pending p, ToEntity(file, jr, &screenable));
    if (opts.progress && ++n % 4096 == 0) opts.progress(n, -1);
    if (!screenable) {
      ++out.skipped_records;
      out.warnings.push_back({file.name + " line " + std::to_string(jr.line),
                              "record " + p.e.native_id + " has no RECORD_TYPE nor person/organisation "
                              "names (a position or other non-subject); skipped"});
      non_subjects[p.e.native_id] = p.e.PrimaryName();
      return Status::Ok();
    }
    if (ids.count(p.e.native_id))
      return ParseError(file.name + " line " + std::to_string(jr.line) + ": field RECORD_ID: duplicate " +
                        p.e.native_id);
    ids.emplace(p.e.native_id, p.e.id);
    if (p.e.last_updated > list_date) list_date = p.e.last_updated;
    return Status::Ok();
  }));
  TAMIS_RETURN_IF_ERROR(lists_detail::ForEachJsonLine(file, [&](const JsonRecord& jr) -> Status {
    bool screenable = false;
    TAMIS_ASSIGN_OR_RETURN(Pending p, ToEntity(file, jr, &screenable));
    if (!screenable) return Status::Ok();
    for (const auto& key : p.pointers) {
      if (auto it = ids.find(key); it != ids.end()) {
        AddUnique(&p.e.related_ids, it->second);
      } else if (auto pos = non_subjects.find(key); pos != non_subjects.end()) {
        AddUnique(&p.e.titles, pos->second);
      } else {
        out.warnings.push_back({file.name + " line " + std::to_string(p.line),
                                "REL_POINTER_KEY " + key + " names no record of the file"});
      }
    }
    return sink(std::move(p.e));
  }));
  out.list_date = list_date;
  if (opts.progress) opts.progress(n, n);
  return out;
}

Result<ParsedList> ParseSenzingJson(const ListFile& file, const ImportOptions& opts) {
  return CollectEntities([&](const EntitySink& sink) { return StreamSenzingJson(file, opts, sink); });
}

}  // namespace tamis
