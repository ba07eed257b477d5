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

struct Builder {
  const ListFile& file;
  ParsedList out;
  std::unordered_map<std::string, size_t> index;  // FtM id -> entities[i]
  std::unordered_map<std::string, const Rec*> addresses;

  Entity* Target(const std::string& id) {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &out.entities[it->second];
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

  void AddEntity(const Rec& r, EntityKind kind) {
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
    index.emplace(r.id, out.entities.size());
    out.entities.push_back(std::move(e));
  }

  void Orphan(const Rec& r, std::string_view field) {
    ++out.skipped_records;
    out.warnings.push_back({file.name + " line " + std::to_string(r.line),
                            r.schema + " " + r.id + ": " + std::string(field) + " names no entity of the file"});
  }

  // Folds a non-entity record; returns false when its schema is not handled.
  bool Fold(const Rec& r) {
    const Props& p = r.props;
    if (r.schema == "Address") return true;  // used through addressEntity
    if (r.schema == "Passport" || r.schema == "Identification") {
      Entity* e = Target(First(p, "holder"));
      if (!e) return Orphan(r, "holder"), true;
      IdentityDocument d;
      d.type = r.schema == "Passport" ? "passport" : "national_id";
      d.number = First(p, "number");
      d.country_code = Upper2(First(p, "country"));
      d.issued = First(p, "startDate");
      d.expires = First(p, "endDate");
      d.note = First(p, "type");
      if (d.number.empty() && d.country_code.empty()) return true;  // says nothing
      e->documents.push_back(std::move(d));
      return true;
    }
    if (r.schema == "Sanction") {
      Entity* e = Target(First(p, "entity"));
      if (!e) return Orphan(r, "entity"), true;
      AddPrograms(p, &e->programs);
      std::string date = First(p, "listingDate");
      if (date.empty()) date = First(p, "startDate");
      date = date.substr(0, 10);
      if (!date.empty() && (e->listed_on.empty() || date < e->listed_on)) e->listed_on = date;
      return true;
    }
    for (const auto& rel : kRelations) {
      if (r.schema != rel.schema) continue;
      Entity* a = Target(First(p, rel.a));
      Entity* b = Target(First(p, rel.b));
      if (!a || !b) return Orphan(r, !a ? rel.a : rel.b), true;
      AddUnique(&a->related_ids, b->id);
      AddUnique(&b->related_ids, a->id);
      return true;
    }
    return false;
  }
};

}  // namespace

Result<ParsedList> ParseFtmJson(const ListFile& file, const ImportOptions& opts) {
  if (static_cast<int64_t>(file.content.size()) > opts.max_file_bytes)
    return ResourceExhausted(file.name + ": " + std::to_string(file.content.size()) +
                             " bytes exceeds max_file_bytes");
  std::vector<Rec> recs;
  TAMIS_RETURN_IF_ERROR(lists_detail::ForEachJsonLine(file, [&](const JsonRecord& jr) -> Status {
    TAMIS_ASSIGN_OR_RETURN(Rec r, ToRec(file, jr));
    recs.push_back(std::move(r));
    return Status::Ok();
  }));
  Builder b{file, {}, {}, {}};
  b.out.source = "os";
  b.out.format = "ftm";
  for (const Rec& r : recs) {
    if (r.schema == "Address") {
      b.addresses.emplace(r.id, &r);
      for (const auto& ref : r.referents) b.addresses.emplace(ref, &r);  // ids may name a referent
    }
    EntityKind k = KindOfSchema(r.schema);
    if (k == EntityKind::kUnknown) continue;
    if (b.index.count(r.id))
      return ParseError(file.name + " line " + std::to_string(r.line) + ": field id: duplicate id " + r.id);
    b.AddEntity(r, k);
  }
  // addressEntity references, now that every Address is known.
  for (const Rec& r : recs) {
    if (KindOfSchema(r.schema) == EntityKind::kUnknown) continue;
    Entity* e = b.Target(r.id);
    for (const auto& ref : Get(r.props, "addressEntity")) {
      auto it = b.addresses.find(ref);
      if (it == b.addresses.end()) {
        b.out.warnings.push_back({file.name + " line " + std::to_string(r.line),
                                  "addressEntity " + ref + " not found"});
        continue;
      }
      Address a = Builder::ToAddress(it->second->props, it->second->caption);
      bool dup = false;
      for (const auto& x : e->addresses) dup |= x == a;
      if (!dup) e->addresses.push_back(std::move(a));
    }
  }
  std::map<std::string, int64_t> skipped;
  int64_t done = 0;
  for (const Rec& r : recs) {
    if (opts.progress && (++done % 4096 == 0)) opts.progress(done, static_cast<int64_t>(recs.size()));
    if (KindOfSchema(r.schema) != EntityKind::kUnknown) continue;
    if (!b.Fold(r)) ++skipped[r.schema];
  }
  for (const auto& [schema, n] : skipped) {
    b.out.skipped_records += n;
    b.out.warnings.push_back({file.name, std::to_string(n) + " " + schema + " record(s) skipped: not a screenable schema"});
  }
  for (auto& e : b.out.entities)
    if (e.last_updated > b.out.list_date) b.out.list_date = e.last_updated;
  if (opts.progress) opts.progress(static_cast<int64_t>(recs.size()), static_cast<int64_t>(recs.size()));
  return std::move(b.out);
}

}  // namespace tamis
