// OpenSanctions FollowTheMoney entities (JSON Lines) -> canonical entities.
//
// Mapping (documented for docs/formats.md):
//   Person -> person; Organization/Company/LegalEntity/PublicBody -> organisation;
//   Vessel -> vessel; Airplane -> aircraft. Ids "os:<id>".
//   name -> primary (the one equal to `caption`, else the first) + akas; alias -> aka;
//   previousName -> fka; weakAlias -> aka/weak; firstName/middleName/lastName/fatherName ->
//   parts of the primary name. nationality/citizenship (lower-case codes -> upper);
//   country -> nationalities when the record has no nationality (jurisdiction for bodies).
//   programId (else program) of the record and of its Sanctions -> programs; the earliest
//   Sanction listingDate (else startDate) -> listed_on.
//   topics -> remarks "Topics: ..." (the model has no topics field yet).
//   Passport/Identification (holder), Address (addressEntity), Sanction (entity) are folded
//   into the entity they name. Ownership/Family/Directorship/... become related_ids on both
//   sides when both ends are entities of the file. Other schemas (Payment, ...) are counted
//   in skipped_records with one warning per schema.
#include <simdjson.h>

#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
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
using Props = std::map<std::string, std::vector<std::string>, std::less<>>;

const std::vector<std::string>& Get(const Props& p, std::string_view key) {
  static const std::vector<std::string> kNone;
  auto it = p.find(key);
  return it == p.end() ? kNone : it->second;
}
std::string First(const Props& p, std::string_view key) {
  const auto& v = Get(p, key);
  return v.empty() ? std::string() : v.front();
}

struct Rec {
  std::string id, schema, caption, last_change;
  std::vector<std::string> referents;  // ids of the source records merged into this one
  Props props;
  int line = 0;
  std::string raw;
};

EntityKind KindOfSchema(std::string_view s) {
  if (s == "Person") return EntityKind::kPerson;
  if (s == "Organization" || s == "Company" || s == "LegalEntity" || s == "PublicBody")
    return EntityKind::kOrganisation;
  if (s == "Vessel") return EntityKind::kVessel;
  if (s == "Airplane") return EntityKind::kAircraft;
  return EntityKind::kUnknown;
}

// Relation schemas: the two properties naming the ends.
struct RelSchema {
  std::string_view schema, a, b;
};
constexpr RelSchema kRelations[] = {
    {"Ownership", "owner", "asset"},          {"Family", "person", "relative"},
    {"Directorship", "director", "organization"}, {"Associate", "person", "associate"},
    {"Membership", "member", "organization"}, {"Employment", "employee", "employer"},
    {"Representation", "agent", "client"},    {"UnknownLink", "subject", "object"},
    {"Succession", "predecessor", "successor"},
};

std::string Upper2(std::string_view code) {
  std::string c = AsciiUpper(Trim(code));
  if (c.size() == 2) return c;
  auto cc = CountryCode(c);
  return cc ? *cc : std::string();
}

void AddUnique(std::vector<std::string>* v, std::string s) {
  if (s.empty()) return;
  for (const auto& x : *v)
    if (x == s) return;
  v->push_back(std::move(s));
}

// programId ("EU-UKR") when given, else the free-text program.
void AddPrograms(const Props& p, std::vector<std::string>* out) {
  const auto& ids = Get(p, "programId");
  for (const auto& s : ids.empty() ? Get(p, "program") : ids) AddUnique(out, s);
}

Result<Rec> ToRec(const ListFile& f, const JsonRecord& jr) {
  Rec r;
  r.line = jr.line;
  r.raw = std::string(jr.text);
  const simdjson::dom::element& doc = jr.doc;
  auto where = [&](std::string_view field) {
    return f.name + " line " + std::to_string(jr.line) + ": field " + std::string(field) + ": ";
  };
  if (!doc.is_object()) return ParseError(f.name + " line " + std::to_string(jr.line) + ": not a JSON object");
  std::string_view sv;
  if (doc["id"].get_string().get(sv) || sv.empty()) return ParseError(where("id") + "missing or not a string");
  r.id = std::string(sv);
  if (doc["schema"].get_string().get(sv)) return ParseError(where("schema") + "missing or not a string");
  r.schema = std::string(sv);
  if (!doc["caption"].get_string().get(sv)) r.caption = std::string(sv);
  if (!doc["last_change"].get_string().get(sv)) r.last_change = std::string(sv.substr(0, 10));
  simdjson::dom::array refs;
  if (!doc["referents"].get_array().get(refs))
    for (auto v : refs)
      if (!v.get_string().get(sv)) r.referents.emplace_back(sv);
  simdjson::dom::object props;
  if (doc["properties"].get_object().get(props)) return r;  // no properties: an empty record
  for (auto [key, value] : props) {
    simdjson::dom::array arr;
    if (value.get_array().get(arr)) return ParseError(where("properties." + std::string(key)) + "not an array");
    auto& out = r.props[std::string(key)];
    for (auto v : arr)
      if (!v.get_string().get(sv)) out.emplace_back(sv);
  }
  return r;
}

// What a non-entity record adds to the entity it names, kept until that entity is built (the
// entity may come before or after it in the file).
struct Fold {
  enum Kind { kDocument, kSanction, kRelated } kind = kDocument;
  IdentityDocument doc;               // kDocument
  std::vector<std::string> programs;  // kSanction
  std::string date;                   // kSanction: listingDate, else startDate
  std::string related;                // kRelated: the entity id at the other end
};

void ApplyFold(const Fold& f, Entity* e) {
  switch (f.kind) {
    case Fold::kDocument:
      e->documents.push_back(f.doc);
      break;
    case Fold::kSanction:
      for (const auto& s : f.programs) AddUnique(&e->programs, s);
      if (!f.date.empty() && (e->listed_on.empty() || f.date < e->listed_on)) e->listed_on = f.date;
      break;
    case Fold::kRelated:
      AddUnique(&e->related_ids, f.related);
      break;
  }
}

struct Builder {
  const ListFile& file;
  ParsedList out;
  std::unordered_set<std::string> entity_ids;         // FtM ids of the entity records
  std::unordered_map<std::string, Address> addresses;  // Address id (or referent) -> address
  std::unordered_map<std::string, std::vector<Fold>> folds;  // FtM id -> its folds, in file order

  std::vector<Fold>* Target(const std::string& id) {
    if (!entity_ids.count(id)) return nullptr;
    return &folds[id];
  }

  void Names(const Rec& r, Entity* e) {
    const auto& names = Get(r.props, "name");
    size_t primary = 0;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == r.caption) primary = i;
    if (!names.empty()) {
      Name n;
      n.full = names[primary];
      lists::AppendPackedNames(std::move(n), &e->names);  // a field may pack several names
    } else if (!r.caption.empty()) {
      Name n;
      n.full = r.caption;
      lists::AppendPackedNames(std::move(n), &e->names);
    }
    auto add = [&](const std::string& full, NameType t, NameQuality q) {
      if (Trim(full).empty()) return;
      for (const auto& n : e->names)
        if (n.full == full) return;
      Name n;
      n.full = full;
      n.type = t;
      n.quality = q;
      lists::AppendPackedNames(std::move(n), &e->names);
    };
    for (size_t i = 0; i < names.size(); ++i)
      if (i != primary) add(names[i], NameType::kAka, NameQuality::kUnspecified);
    for (const auto& s : Get(r.props, "alias")) add(s, NameType::kAka, NameQuality::kUnspecified);
    for (const auto& s : Get(r.props, "previousName")) add(s, NameType::kFka, NameQuality::kUnspecified);
    for (const auto& s : Get(r.props, "weakAlias")) add(s, NameType::kAka, NameQuality::kWeak);
    if (e->names.empty()) return;
    auto& parts = e->names[0].parts;
    for (auto [key, role] : {std::pair{"firstName", NamePartRole::kGiven}, {"middleName", NamePartRole::kMiddle},
                             {"fatherName", NamePartRole::kPatronymic}, {"lastName", NamePartRole::kFamily}}) {
      const auto& v = Get(r.props, key);
      if (v.size() == 1) parts.push_back({role, v[0]});  // several values: ambiguous, no parts
    }
  }

  void Documents(const Props& p, Entity* e) {
    struct Map { std::string_view prop, type, note; };
    static constexpr Map kMap[] = {
        {"passportNumber", "passport", ""}, {"idNumber", "national_id", ""},
        {"taxNumber", "tax_id", ""},        {"vatCode", "tax_id", "VAT"},
        {"innCode", "tax_id", "INN"},       {"registrationNumber", "registration", ""},
        {"ogrnCode", "registration", "OGRN"}, {"leiCode", "registration", "LEI"},
        {"swiftBic", "swift_bic", ""},      {"imoNumber", "imo", ""},
        {"mmsi", "mmsi", ""},               {"callSign", "other", "Call Sign"},
        {"website", "other", "Website"},    {"email", "other", "Email Address"},
    };
    for (const auto& m : kMap)
      for (const auto& v : Get(p, m.prop)) {
        IdentityDocument d;
        d.type = std::string(m.type);
        d.number = v;
        d.note = std::string(m.note);
        e->documents.push_back(std::move(d));
      }
  }

  static Address ToAddress(const Props& p, std::string_view caption) {
    Address a;
    a.full = First(p, "full");
    if (a.full.empty()) a.full = std::string(caption);
    a.street = First(p, "street");
    a.city = First(p, "city");
    a.region = First(p, "region");
    a.postal_code = First(p, "postalCode");
    a.country_code = Upper2(First(p, "country"));
    return a;
  }

  Entity MakeEntity(const Rec& r, EntityKind kind) {
    Entity e;
    e.id = "os:" + r.id;
    e.source = "os";
    e.native_id = r.id;
    e.kind = kind;
    Names(r, &e);
    const Props& p = r.props;
    for (const auto& s : Get(p, "birthDate"))
      if (auto d = ParseDateOfBirth(s)) e.dates_of_birth.push_back(*d);
    for (const auto& s : Get(p, "birthPlace")) {
      Place pl;
      pl.text = s;
      if (auto cc = CountryCode(s)) pl.country_code = *cc;
      e.places_of_birth.push_back(std::move(pl));
    }
    for (const auto& s : Get(p, "nationality")) AddUnique(&e.nationalities, Upper2(s));
    for (const auto& s : Get(p, "citizenship")) AddUnique(&e.citizenships, Upper2(s));
    if (e.nationalities.empty())
      for (const auto& s : Get(p, "country")) AddUnique(&e.nationalities, Upper2(s));
    if (!Get(p, "gender").empty()) e.gender = ParseGender(First(p, "gender"));
    Documents(p, &e);
    for (const auto& s : Get(p, "address")) {
      Address a;
      a.full = s;
      e.addresses.push_back(std::move(a));
    }
    AddPrograms(p, &e.programs);
    for (const auto& s : Get(p, "title")) AddUnique(&e.titles, s);
    for (const auto& s : Get(p, "position")) AddUnique(&e.titles, s);
    std::vector<std::string> remarks;
    for (const auto& s : Get(p, "notes")) remarks.push_back(s);
    if (!Get(p, "topics").empty()) {
      std::string t = "Topics: ";
      for (size_t i = 0; i < Get(p, "topics").size(); ++i) t += (i ? ", " : "") + Get(p, "topics")[i];
      remarks.push_back(t);
    }
    for (const auto& s : Get(p, "sourceUrl")) remarks.push_back("Source: " + s);
    for (size_t i = 0; i < remarks.size(); ++i) e.remarks += (i ? "; " : "") + remarks[i];
    e.last_updated = r.last_change;
    e.source_record = r.raw;
    return e;
  }

  void Orphan(const Rec& r, std::string_view field) {
    ++out.skipped_records;
    out.warnings.push_back({file.name + " line " + std::to_string(r.line),
                            r.schema + " " + r.id + ": " + std::string(field) + " names no entity of the file"});
  }

  // Folds a non-entity record into the folds of its entity; returns false when its schema is
  // not handled.
  bool FoldRecord(const Rec& r) {
    const Props& p = r.props;
    if (r.schema == "Address") return true;  // used through addressEntity
    if (r.schema == "Passport" || r.schema == "Identification") {
      std::vector<Fold>* e = Target(First(p, "holder"));
      if (!e) return Orphan(r, "holder"), true;
      Fold f;
      IdentityDocument& d = f.doc;
      d.type = r.schema == "Passport" ? "passport" : "national_id";
      d.number = First(p, "number");
      d.country_code = Upper2(First(p, "country"));
      d.issued = First(p, "startDate");
      d.expires = First(p, "endDate");
      d.note = First(p, "type");
      if (d.number.empty() && d.country_code.empty()) return true;  // says nothing
      e->push_back(std::move(f));
      return true;
    }
    if (r.schema == "Sanction") {
      std::vector<Fold>* e = Target(First(p, "entity"));
      if (!e) return Orphan(r, "entity"), true;
      Fold f;
      f.kind = Fold::kSanction;
      AddPrograms(p, &f.programs);
      std::string date = First(p, "listingDate");
      if (date.empty()) date = First(p, "startDate");
      f.date = date.substr(0, 10);
      e->push_back(std::move(f));
      return true;
    }
    for (const auto& rel : kRelations) {
      if (r.schema != rel.schema) continue;
      std::string ida = First(p, rel.a), idb = First(p, rel.b);
      std::vector<Fold>* a = Target(ida);
      std::vector<Fold>* b = Target(idb);
      if (!a || !b) return Orphan(r, !a ? rel.a : rel.b), true;
      Fold fa, fb;
      fa.kind = fb.kind = Fold::kRelated;
      fa.related = "os:" + idb;
      fb.related = "os:" + ida;
      a->push_back(std::move(fa));
      b->push_back(std::move(fb));  // unordered_map values stay put: `a` and `b` are both valid
      return true;
    }
    return false;
  }
};

}  // namespace

Result<ParsedList> StreamFtmJson(const ListFile& file, const ImportOptions& opts, const EntitySink& sink) {
  if (static_cast<int64_t>(file.content.size()) > opts.max_file_bytes)
    return ResourceExhausted(file.name + ": " + std::to_string(file.content.size()) +
                             " bytes exceeds max_file_bytes");
  // Three passes over the lines, none holding the entities: (1) every record is checked and the
  // ids of the entity records and the Address records are kept; (2) the other records become
  // folds of the entity they name; (3) each entity record is built again, given its addresses
  // and folds, and handed on. Memory: the ids, the addresses and the folds.
  Builder b{file, {}, {}, {}, {}};
  b.out.source = "os";
  b.out.format = "ftm";
  std::string duplicate;  // the first duplicate id error, reported once every line has parsed
  int64_t records = 0;
  TAMIS_RETURN_IF_ERROR(lists_detail::ForEachJsonLine(file, [&](const JsonRecord& jr) -> Status {
    TAMIS_ASSIGN_OR_RETURN(Rec r, ToRec(file, jr));
    ++records;
    if (r.schema == "Address") {
      Address a = Builder::ToAddress(r.props, r.caption);
      b.addresses.emplace(r.id, a);
      for (const auto& ref : r.referents) b.addresses.emplace(ref, a);  // ids may name a referent
    }
    if (KindOfSchema(r.schema) == EntityKind::kUnknown) return Status::Ok();
    if (!b.entity_ids.insert(r.id).second && duplicate.empty())
      duplicate = file.name + " line " + std::to_string(r.line) + ": field id: duplicate id " + r.id;
    if (r.last_change > b.out.list_date) b.out.list_date = r.last_change;
    return Status::Ok();
  }));
  if (!duplicate.empty()) return ParseError(duplicate);
  std::map<std::string, int64_t> skipped;
  TAMIS_RETURN_IF_ERROR(lists_detail::ForEachJsonLine(file, [&](const JsonRecord& jr) -> Status {
    TAMIS_ASSIGN_OR_RETURN(Rec r, ToRec(file, jr));
    if (KindOfSchema(r.schema) != EntityKind::kUnknown) return Status::Ok();
    if (!b.FoldRecord(r)) ++skipped[r.schema];
    return Status::Ok();
  }));
  std::vector<ImportWarning> fold_warnings = std::move(b.out.warnings);  // orphans, after the address ones
  b.out.warnings.clear();
  int64_t done = 0;
  TAMIS_RETURN_IF_ERROR(lists_detail::ForEachJsonLine(file, [&](const JsonRecord& jr) -> Status {
    if (opts.progress && (++done % 4096 == 0)) opts.progress(done, records);
    TAMIS_ASSIGN_OR_RETURN(Rec r, ToRec(file, jr));
    EntityKind k = KindOfSchema(r.schema);
    if (k == EntityKind::kUnknown) return Status::Ok();
    Entity e = b.MakeEntity(r, k);
    for (const auto& ref : Get(r.props, "addressEntity")) {
      auto it = b.addresses.find(ref);
      if (it == b.addresses.end()) {
        b.out.warnings.push_back({file.name + " line " + std::to_string(r.line), "addressEntity " + ref + " not found"});
        continue;
      }
      bool dup = false;
      for (const auto& x : e.addresses) dup |= x == it->second;
      if (!dup) e.addresses.push_back(it->second);
    }
    if (auto it = b.folds.find(r.id); it != b.folds.end()) {
      for (const Fold& f : it->second) ApplyFold(f, &e);
      b.folds.erase(it);
    }
    return sink(std::move(e));
  }));
  for (auto& w : fold_warnings) b.out.warnings.push_back(std::move(w));
  for (const auto& [schema, n] : skipped) {
    b.out.skipped_records += n;
    b.out.warnings.push_back({file.name, std::to_string(n) + " " + schema + " record(s) skipped: not a screenable schema"});
  }
  if (opts.progress) opts.progress(records, records);
  return std::move(b.out);
}

Result<ParsedList> ParseFtmJson(const ListFile& file, const ImportOptions& opts) {
  return CollectEntities([&](const EntitySink& sink) { return StreamFtmJson(file, opts, sink); });
}

}  // namespace tamis
