// EU Financial Sanctions Files (FSF) XML -> canonical entities.
//
// Mapping notes:
//  - sanctionEntity -> one entity; id "eu:" + euReferenceNumber. subjectType code
//    "person" -> person, "enterprise" -> organisation.
//  - nameAlias: the first becomes the primary name, the others aka. strong="false" -> weak,
//    a remark "low quality alias" -> low, otherwise strong.
//    nameLanguage -> Name::language (lower case); firstName/middleName/lastName -> parts;
//    title -> titles, function -> titles (positions), gender -> gender.
//  - birthdate: `birthdate` attribute (full date) or year/monthOfYear/dayOfMonth, or
//    yearRangeFrom/yearRangeTo (range); circa="true" -> circa for a single date. For
//    calendarType other than GREGORIAN (e.g. ISLAMIC) only the `birthdate` attribute is
//    used, which the EU gives already converted to Gregorian; the calendar's own
//    year/month/day go to `raw` ("ISLAMIC 1402-06-24"). Without a conversion the date
//    is skipped with a warning. city/place/countryIso2Code -> places_of_birth.
//  - citizenship countryIso2Code -> citizenships and nationalities; "00" = unknown.
//  - regulation programme -> programs; designationDate -> listed_on; the latest
//    regulation publicationDate -> last_updated; unitedNationId -> external_refs "un:<id>".
#include <pugixml.hpp>

#include <cstdio>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/country.h"
#include "core/strings.h"
#include "formats/lists/importers.h"
#include "formats/lists/xml_doc.h"
#include "formats/lists/list_text.h"
#include "formats/lists/packed_names.h"

namespace tamis {
namespace {

using lists::AddUnique;
using lists::JoinNonEmpty;

std::string Attr(pugi::xml_node n, const char* name) {
  return CollapseSpaces(n.attribute(name).value());
}

// Local name of an element ("export" for "fsd:export").
std::string_view LocalName(pugi::xml_node n) { return lists::XmlLocalName(n.name()); }

// Children whose local name is `name` (the file may use a namespace prefix).
template <typename F>
void ForEachChild(pugi::xml_node n, std::string_view name, F&& f) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element && LocalName(c) == name) f(c);
}

std::string ChildText(pugi::xml_node n, std::string_view name) {
  std::string out;
  ForEachChild(n, name, [&](pugi::xml_node c) {
    if (out.empty()) out = std::string(Trim(c.child_value()));
  });
  return out;
}

// ISO 3166 alpha-2 from the EU's countryIso2Code/countryDescription; "" for "00"/unknown.
std::string EuCountry(pugi::xml_node n) {
  std::string code = AsciiUpper(Attr(n, "countryIso2Code"));
  if (code.size() == 2 && code != "00") {
    if (auto c = CountryCode(code)) return *c;
  }
  std::string desc = Attr(n, "countryDescription");
  if (!desc.empty() && desc != "UNKNOWN") {
    if (auto c = CountryCode(desc)) return *c;
  }
  return "";
}

int ToInt(const std::string& s) {
  if (s.empty() || s.size() > 6) return 0;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

class EuParser {
 public:
  EuParser(const ListFile& file, const ImportOptions& opts) : file_(file), opts_(opts) {}
  Result<ParsedList> Run(const EntitySink& sink);

 private:
  int LineOf(pugi::xml_node n) { return reader_.Line(n); }
  std::string Where(pugi::xml_node n) {
    return file_.name + " line " + std::to_string(LineOf(n));
  }
  void Warn(const Entity& e, pugi::xml_node n, std::string msg) {
    out_.warnings.push_back({Where(n) + " " + std::string(LocalName(n)) + " " + e.native_id,
                             std::move(msg)});
  }
  Result<Entity> ParseEntity(pugi::xml_node rec);
  void ParseName(pugi::xml_node n, Entity& e);
  void ParseBirthdate(pugi::xml_node n, Entity& e);

  const ListFile& file_;
  const ImportOptions& opts_;
  lists::XmlRecordReader reader_;
  ParsedList out_;
};

void EuParser::ParseName(pugi::xml_node n, Entity& e) {
  Name name;
  name.full = Attr(n, "wholeName");
  std::string first = Attr(n, "firstName"), middle = Attr(n, "middleName"),
              last = Attr(n, "lastName");
  if (name.full.empty()) name.full = JoinNonEmpty({first, middle, last}, " ");
  if (name.full.empty()) return;
  if (!first.empty()) name.parts.push_back({NamePartRole::kGiven, first});
  if (!middle.empty()) name.parts.push_back({NamePartRole::kMiddle, middle});
  if (!last.empty()) name.parts.push_back({NamePartRole::kFamily, last});
  name.type = e.names.empty() ? NameType::kPrimary : NameType::kAka;
  name.quality = IEquals(Attr(n, "strong"), "false") ? NameQuality::kWeak : NameQuality::kStrong;
  // The EU copies the UN's alias quality into a remark ("low quality alias").
  if (AsciiLower(ChildText(n, "remark")).find("low quality") != std::string::npos)
    name.quality = NameQuality::kLow;
  name.language = AsciiLower(Attr(n, "nameLanguage"));
  name.script = lists::DetectScript(name.full);
  lists::AppendPackedNames(std::move(name), &e.names);  // fields may pack several names
  AddUnique(e.titles, Attr(n, "title"));
  AddUnique(e.titles, Attr(n, "function"));
  if (e.gender == Gender::kUnknown) e.gender = ParseGender(Attr(n, "gender"));
}

void EuParser::ParseBirthdate(pugi::xml_node n, Entity& e) {
  std::string calendar = AsciiUpper(Attr(n, "calendarType"));
  bool gregorian = calendar.empty() || calendar == "GREGORIAN";
  std::string full = Attr(n, "birthdate");
  int y = ToInt(Attr(n, "year")), m = ToInt(Attr(n, "monthOfYear")),
      d = ToInt(Attr(n, "dayOfMonth"));
  std::string range_from = Attr(n, "yearRangeFrom"), range_to = Attr(n, "yearRangeTo");
  DateOfBirth dob;
  bool have = false;
  if (!range_from.empty() || !range_to.empty()) {
    auto f = lists::ParseDate(range_from), t = lists::ParseDate(range_to);
    if (f && t && gregorian) {
      dob.kind = DateOfBirth::Kind::kRange;
      dob.from = *f;
      dob.to = *t;
      have = true;
    }
  } else if (!full.empty()) {
    if (auto p = lists::ParseDate(full)) {
      dob.from = *p;
      have = true;
    }
  } else if (gregorian && y != 0) {
    if (auto p = lists::ParseDate(std::to_string(y))) {
      dob.from = PartialDate{p->year, m >= 1 && m <= 12 ? m : 0, m >= 1 && m <= 12 && d >= 1 && d <= 31 ? d : 0};
      have = true;
    }
  }
  if (!gregorian) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    dob.raw = calendar + " " + buf;
  }
  if (have && dob.kind == DateOfBirth::Kind::kExact && IEquals(Attr(n, "circa"), "true"))
    dob.kind = DateOfBirth::Kind::kCirca;
  if (have) {
    lists::AddDateOfBirth(e.dates_of_birth, std::move(dob));
  } else if (!full.empty() || y != 0 || !range_from.empty() || !range_to.empty()) {
    Warn(e, n, "birthdate not read (calendarType '" + calendar + "', birthdate '" + full + "')");
  }

  Place p;
  p.city = Attr(n, "city");
  if (p.city == "-") p.city.clear();
  p.region = Attr(n, "region");
  p.country_code = EuCountry(n);
  std::string country_desc = p.country_code.empty() ? "" : Attr(n, "countryDescription");
  p.text = JoinNonEmpty({Attr(n, "place"), p.city, p.region, country_desc}, ", ");
  if (!p.text.empty()) {
    for (const auto& q : e.places_of_birth)
      if (q == p) return;
    e.places_of_birth.push_back(std::move(p));
  }
}

Result<Entity> EuParser::ParseEntity(pugi::xml_node rec) {
  Entity e;
  e.source = "eu";
  e.native_id = Attr(rec, "euReferenceNumber");
  if (e.native_id.empty())
    return ParseError(Where(rec) + ": sanctionEntity logicalId '" + Attr(rec, "logicalId") +
                      "': missing euReferenceNumber");
  e.id = "eu:" + e.native_id;
  pugi::xml_node subject;
  ForEachChild(rec, "subjectType", [&](pugi::xml_node c) { subject = c; });
  std::string code = AsciiLower(Attr(subject, "code"));
  if (code == "person") {
    e.kind = EntityKind::kPerson;
  } else if (code == "enterprise") {
    e.kind = EntityKind::kOrganisation;
  } else {
    e.kind = ParseEntityKind(code);
    if (e.kind == EntityKind::kUnknown) Warn(e, rec, "unknown subjectType code '" + code + "'");
  }
  e.listed_on = lists::IsoDate(Attr(rec, "designationDate"));
  if (std::string un = Attr(rec, "unitedNationId"); !un.empty()) e.external_refs.push_back("un:" + un);

  std::vector<std::string> remarks;
  ForEachChild(rec, "remark", [&](pugi::xml_node c) {
    std::string r(Trim(c.child_value()));
    if (!r.empty()) remarks.push_back(std::move(r));
  });
  ForEachChild(rec, "regulation", [&](pugi::xml_node c) {
    AddUnique(e.programs, Attr(c, "programme"));
    std::string d = lists::IsoDate(Attr(c, "publicationDate"));
    if (d > e.last_updated) e.last_updated = d;
  });
  ForEachChild(rec, "nameAlias", [&](pugi::xml_node c) { ParseName(c, e); });
  if (e.names.empty()) Warn(e, rec, "entity has no nameAlias with a name");
  ForEachChild(rec, "citizenship", [&](pugi::xml_node c) {
    std::string cc = EuCountry(c);
    if (cc.empty()) return;
    AddUnique(e.citizenships, cc);
    AddUnique(e.nationalities, cc);
  });
  ForEachChild(rec, "birthdate", [&](pugi::xml_node c) { ParseBirthdate(c, e); });
  ForEachChild(rec, "address", [&](pugi::xml_node c) {
    Address a;
    a.street = Attr(c, "street");
    a.city = Attr(c, "city");
    a.region = Attr(c, "region");
    a.postal_code = Attr(c, "zipCode");
    a.country_code = EuCountry(c);
    std::string po = Attr(c, "poBox");
    a.full = JoinNonEmpty({a.street, po.empty() ? "" : "PO Box " + po, Attr(c, "place"), a.city,
                           a.region, a.postal_code,
                           a.country_code.empty() ? "" : Attr(c, "countryDescription")},
                          ", ");
    a.note = CollapseSpaces(ChildText(c, "remark"));
    if (!a.full.empty() || !a.note.empty()) e.addresses.push_back(std::move(a));
  });
  ForEachChild(rec, "identification", [&](pugi::xml_node c) {
    IdentityDocument d;
    d.number = Attr(c, "number");
    std::string type_code = Attr(c, "identificationTypeCode");
    std::string type_desc = Attr(c, "identificationTypeDescription");
    if (d.number.empty() && type_code.empty()) return;
    d.type = lists::NormaliseDocumentType(type_code);
    if (d.type == "other") d.type = lists::NormaliseDocumentType(type_desc);
    d.country_code = EuCountry(c);
    d.issued = lists::IsoDate(Attr(c, "issueDate"));
    d.expires = lists::IsoDate(Attr(c, "validTo"));
    std::vector<std::string> flags;
    for (const char* f : {"diplomatic", "knownExpired", "knownFalse", "reportedLost", "revokedByIssuer"})
      if (IEquals(Attr(c, f), "true")) flags.push_back(f);
    std::string flag_text;
    for (const auto& f : flags) flag_text += (flag_text.empty() ? "" : ", ") + f;
    d.note = JoinNonEmpty({d.type == "other" ? std::string_view(type_desc) : std::string_view(),
                           flag_text, CollapseSpaces(ChildText(c, "remark"))},
                          "; ");
    e.documents.push_back(std::move(d));
  });
  for (const auto& r : remarks) e.remarks += (e.remarks.empty() ? "" : "\n") + r;

  e.source_record = lists::XmlText(rec);
  return e;
}

Result<ParsedList> EuParser::Run(const EntitySink& sink) {
  // Records: the root's sanctionEntity children (any namespace prefix), read one at a time.
  TAMIS_RETURN_IF_ERROR(reader_.Open(file_, opts_, lists::RootChildrenNamed("sanctionEntity")));
  pugi::xml_node root = reader_.root();
  if (LocalName(root) != "export")
    return ParseError(file_.name + " line " + std::to_string(LineOf(root)) + ": root element is <" +
                      root.name() + ">, expected <export> (EU FSF)");
  out_.source = "eu";
  out_.format = "eu_xml";
  out_.list_date = Attr(root, "generationDate");
  const int64_t total = reader_.Count(0);
  std::unordered_map<std::string, int> seen;
  int64_t done = 0;
  TAMIS_RETURN_IF_ERROR(reader_.ForEach(0, [&](pugi::xml_node rec) -> Status {
    TAMIS_ASSIGN_OR_RETURN(Entity e, ParseEntity(rec));
    auto [it, fresh] = seen.emplace(e.id, LineOf(rec));
    if (!fresh)
      return ParseError(Where(rec) + ": sanctionEntity: duplicate euReferenceNumber " + e.native_id +
                        " (first at line " + std::to_string(it->second) + ")");
    TAMIS_RETURN_IF_ERROR(sink(std::move(e)));
    if (opts_.progress && ++done % 256 == 0) opts_.progress(done, total);
    return Status();
  }));
  if (opts_.progress) opts_.progress(done, total);
  return std::move(out_);
}

}  // namespace

Result<ParsedList> StreamEuXml(const ListFile& file, const ImportOptions& opts, const EntitySink& sink) {
  EuParser parser(file, opts);
  return parser.Run(sink);
}

Result<ParsedList> ParseEuXml(const ListFile& file, const ImportOptions& opts) {
  return CollectEntities([&](const EntitySink& sink) { return StreamEuXml(file, opts, sink); });
}

}  // namespace tamis
