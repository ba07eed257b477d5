// UN Security Council consolidated list (XML) -> canonical entities.
//
// Mapping notes:
//  - INDIVIDUAL -> person, ENTITY -> organisation; id "un:" + REFERENCE_NUMBER.
//  - Primary name: FIRST_NAME..FOURTH_NAME joined. For persons the parts are FIRST_NAME
//    (given), the last of SECOND..FOURTH (family) and those between (middle).
//  - *_ALIAS QUALITY: "Good" -> aka/strong, "Low" -> aka/low, "a.k.a." -> aka,
//    "f.k.a." -> fka; empty ALIAS_NAME is skipped.
//  - Programme: UN_LIST_TYPE as given, except "Al-Qaida" -> "ISIL (Da'esh) and Al-Qaida"
//    (the committee's name since resolution 2253 (2015); the QD references).
#include <pugixml.hpp>

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

std::string Text(pugi::xml_node n, const char* child) {
  return CollapseSpaces(n.child_value(child));
}

class UnParser {
 public:
  UnParser(const ListFile& file, const ImportOptions& opts) : file_(file), opts_(opts) {}

  Result<ParsedList> Run(const EntitySink& sink);

 private:
  int LineOf(pugi::xml_node n) { return reader_.Line(n); }
  std::string Where(pugi::xml_node n) {
    return file_.name + " line " + std::to_string(LineOf(n));
  }
  void Warn(const Entity& e, pugi::xml_node n, std::string msg) {
    out_.warnings.push_back({Where(n) + " " + n.name() + " " + e.native_id, std::move(msg)});
  }

  Result<Entity> ParseRecord(pugi::xml_node rec, bool person);
  void ParseNames(pugi::xml_node rec, bool person, Entity& e);
  void ParseDob(pugi::xml_node n, Entity& e);
  void ParseDocument(pugi::xml_node n, Entity& e);

  const ListFile& file_;
  const ImportOptions& opts_;
  lists::XmlRecordReader reader_;
  ParsedList out_;
};

void UnParser::ParseNames(pugi::xml_node rec, bool person, Entity& e) {
  static const char* kParts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
  Name primary;
  std::vector<std::string> values;
  for (const char* tag : kParts) values.push_back(Text(rec, tag));
  int last = -1;
  for (int i = 0; i < 4; ++i)
    if (!values[i].empty()) last = i;
  std::vector<std::string_view> pieces(values.begin(), values.end());
  primary.full = JoinNonEmpty(pieces, " ");
  if (person) {
    for (int i = 0; i < 4; ++i) {
      if (values[i].empty()) continue;
      NamePartRole role = i == 0 ? NamePartRole::kGiven
                          : i == last ? NamePartRole::kFamily
                                      : NamePartRole::kMiddle;
      primary.parts.push_back({role, values[i]});
    }
  }
  // Fields may pack several names ("X (ACRONYM)", "X; Y"): lists::AppendPackedNames splits them.
  if (!primary.full.empty()) lists::AppendPackedNames(std::move(primary), &e.names);

  std::string original = Text(rec, "NAME_ORIGINAL_SCRIPT");
  if (!original.empty()) {
    Name n;
    n.full = std::move(original);
    n.type = NameType::kOriginalScript;
    n.script = lists::DetectScript(n.full);
    lists::AppendPackedNames(std::move(n), &e.names);
  }

  const char* alias_tag = person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
  for (pugi::xml_node a : rec.children(alias_tag)) {
    Name n;
    n.full = Text(a, "ALIAS_NAME");
    if (n.full.empty()) continue;
    std::string q = AsciiLower(Text(a, "QUALITY"));
    n.type = NameType::kAka;
    if (q == "good") {
      n.quality = NameQuality::kStrong;
    } else if (q == "low") {
      n.quality = NameQuality::kLow;
    } else if (q == "f.k.a." || q == "fka") {
      n.type = NameType::kFka;
    } else if (q == "n.k.a." || q == "nka") {
      n.type = NameType::kNka;
    } else if (!q.empty() && q != "a.k.a." && q != "aka") {
      Warn(e, a, "unknown alias QUALITY '" + q + "', read as a.k.a.");
    }
    n.script = lists::DetectScript(n.full);
    lists::AppendPackedNames(std::move(n), &e.names);
  }
}

void UnParser::ParseDob(pugi::xml_node n, Entity& e) {
  std::string type = AsciiUpper(Text(n, "TYPE_OF_DATE"));
  std::string date = Text(n, "DATE"), year = Text(n, "YEAR"), note = Text(n, "NOTE");
  std::string from = Text(n, "FROM_YEAR"), to = Text(n, "TO_YEAR");
  DateOfBirth dob;
  if (type == "BETWEEN" || (!from.empty() && !to.empty())) {
    auto f = lists::ParseDate(from), t = lists::ParseDate(to);
    if (!f || !t) {
      Warn(e, n, "BETWEEN date with unreadable FROM_YEAR/TO_YEAR '" + from + "'/'" + to + "'");
      return;
    }
    dob.kind = DateOfBirth::Kind::kRange;
    dob.from = *f;
    dob.to = *t;
  } else {
    std::string text = !date.empty() ? date : year;
    if (text.empty() && note.empty()) return;  // <TYPE_OF_DATE/> alone: nothing known
    std::optional<DateOfBirth> parsed;
    if (!text.empty()) {
      if (auto d = lists::ParseDate(text)) parsed = DateOfBirth{DateOfBirth::Kind::kExact, *d, {}, ""};
    } else {
      parsed = lists::ParseDob(note);  // e.g. <NOTE>Nov. 1973</NOTE>
    }
    if (!parsed) {
      Warn(e, n, "unreadable date of birth '" + (text.empty() ? note : text) + "'");
      return;
    }
    dob = *parsed;
    if (type == "APPROXIMATELY" && dob.kind == DateOfBirth::Kind::kExact)
      dob.kind = DateOfBirth::Kind::kCirca;
  }
  lists::AddDateOfBirth(e.dates_of_birth, std::move(dob));
}

void UnParser::ParseDocument(pugi::xml_node n, Entity& e) {
  std::string type_text = Text(n, "TYPE_OF_DOCUMENT");
  std::string type2 = Text(n, "TYPE_OF_DOCUMENT2");
  IdentityDocument d;
  d.number = Text(n, "NUMBER");
  if (d.number.empty() && type_text.empty() && type2.empty()) return;
  d.type = lists::NormaliseDocumentType(type_text.empty() ? type2 : type_text);
  if (d.type == "other" && !type2.empty()) d.type = lists::NormaliseDocumentType(type2);
  std::string country = Text(n, "ISSUING_COUNTRY");
  if (country.empty()) country = Text(n, "COUNTRY_OF_ISSUE");
  if (!country.empty()) {
    if (auto c = CountryCode(country)) {
      d.country_code = *c;
    } else {
      Warn(e, n, "unknown issuing country '" + country + "'");
    }
  }
  d.issued = lists::IsoDate(Text(n, "DATE_OF_ISSUE"));
  std::string city = Text(n, "CITY_OF_ISSUE");
  d.note = JoinNonEmpty({d.type == "other" ? std::string_view(type_text) : std::string_view(),
                         type2, city.empty() ? "" : "issued in " + city, Text(n, "NOTE")},
                        "; ");
  e.documents.push_back(std::move(d));
}

Result<Entity> UnParser::ParseRecord(pugi::xml_node rec, bool person) {
  Entity e;
  e.source = "un";
  e.kind = person ? EntityKind::kPerson : EntityKind::kOrganisation;
  e.native_id = Text(rec, "REFERENCE_NUMBER");
  if (e.native_id.empty()) {
    std::string dataid = Text(rec, "DATAID");
    return ParseError(Where(rec) + ": " + rec.name() +
                      (dataid.empty() ? std::string(" without DATAID") : " DATAID " + dataid) +
                      ": missing REFERENCE_NUMBER");
  }
  e.id = "un:" + e.native_id;
  ParseNames(rec, person, e);
  if (e.names.empty()) Warn(e, rec, "record has no name");

  std::string list_type = Text(rec, "UN_LIST_TYPE");
  AddUnique(e.programs, list_type == "Al-Qaida" ? "ISIL (Da'esh) and Al-Qaida" : list_type);
  e.listed_on = lists::IsoDate(Text(rec, "LISTED_ON"));
  for (pugi::xml_node v : rec.child("LAST_DAY_UPDATED").children("VALUE")) {
    std::string d = lists::IsoDate(v.child_value());
    if (d > e.last_updated) e.last_updated = d;
  }
  for (const char* tag : {"TITLE", "DESIGNATION"})
    for (pugi::xml_node v : rec.child(tag).children("VALUE"))
      AddUnique(e.titles, CollapseSpaces(v.child_value()));
  e.remarks = std::string(Trim(rec.child_value("COMMENTS1")));
  e.gender = ParseGender(Text(rec, "GENDER"));

  for (pugi::xml_node v : rec.child("NATIONALITY").children("VALUE")) {
    std::string text = CollapseSpaces(v.child_value());
    if (text.empty() || IEquals(text, "na") || IEquals(text, "n/a")) continue;  // not available
    if (auto c = CountryCode(text)) {
      AddUnique(e.nationalities, *c);
    } else {
      Warn(e, v, "unknown NATIONALITY '" + text + "'");
    }
  }
  for (pugi::xml_node n : rec.children("INDIVIDUAL_DATE_OF_BIRTH")) ParseDob(n, e);
  for (pugi::xml_node n : rec.children("INDIVIDUAL_PLACE_OF_BIRTH")) {
    Place p;
    p.city = Text(n, "CITY");
    p.region = Text(n, "STATE_PROVINCE");
    std::string country = Text(n, "COUNTRY");
    p.text = JoinNonEmpty({Text(n, "STREET"), p.city, p.region, country, Text(n, "NOTE")}, ", ");
    if (p.text.empty()) continue;
    if (auto c = CountryCode(country)) p.country_code = *c;
    e.places_of_birth.push_back(std::move(p));
  }
  for (pugi::xml_node n : rec.children("INDIVIDUAL_DOCUMENT")) ParseDocument(n, e);
  for (pugi::xml_node n : rec.children(person ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS")) {
    Address a;
    a.street = Text(n, "STREET");
    a.city = Text(n, "CITY");
    a.region = Text(n, "STATE_PROVINCE");
    a.postal_code = Text(n, "ZIP_CODE");
    a.note = Text(n, "NOTE");
    std::string country = Text(n, "COUNTRY");
    a.full = JoinNonEmpty({a.street, a.city, a.region, a.postal_code, country}, ", ");
    if (a.full.empty() && a.note.empty()) continue;
    if (auto c = CountryCode(country)) a.country_code = *c;
    e.addresses.push_back(std::move(a));
  }

  e.source_record = lists::XmlText(rec);
  return e;
}

Result<ParsedList> UnParser::Run(const EntitySink& sink) {
  // Records: CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL (kind 0) and .../ENTITIES/ENTITY (kind 1),
  // read one at a time; individuals first, then entities, as the lists are walked.
  TAMIS_RETURN_IF_ERROR(reader_.Open(file_, opts_, [](const std::vector<std::string_view>& path) {
    if (path.size() != 3) return -1;
    if (path[1] == "INDIVIDUALS" && path[2] == "INDIVIDUAL") return 0;
    if (path[1] == "ENTITIES" && path[2] == "ENTITY") return 1;
    return -1;
  }));
  pugi::xml_node root = reader_.root();
  if (std::string_view(root.name()) != "CONSOLIDATED_LIST")
    return ParseError(file_.name + " line " + std::to_string(LineOf(root)) +
                      ": root element is <" + root.name() + ">, expected <CONSOLIDATED_LIST>");
  out_.source = "un";
  out_.format = "un_xml";
  out_.list_date = root.attribute("dateGenerated").value();

  const int64_t total = reader_.Count(0) + reader_.Count(1);
  std::unordered_map<std::string, int> seen;  // id -> line
  int64_t done = 0;
  for (int kind : {0, 1}) {
    const char* record = kind == 0 ? "INDIVIDUAL" : "ENTITY";
    TAMIS_RETURN_IF_ERROR(reader_.ForEach(kind, [&](pugi::xml_node r) -> Status {
      TAMIS_ASSIGN_OR_RETURN(Entity e, ParseRecord(r, kind == 0));
      int line = LineOf(r);
      auto [it, fresh] = seen.emplace(e.id, line);
      if (!fresh)
        return ParseError(Where(r) + ": " + record + ": duplicate REFERENCE_NUMBER " +
                          e.native_id + " (first at line " + std::to_string(it->second) + ")");
      TAMIS_RETURN_IF_ERROR(sink(std::move(e)));
      if (opts_.progress && ++done % 256 == 0) opts_.progress(done, total);
      return Status();
    }));
  }
  if (opts_.progress) opts_.progress(static_cast<int64_t>(seen.size()), total);
  return std::move(out_);
}

}  // namespace

Result<ParsedList> StreamUnXml(const ListFile& file, const ImportOptions& opts, const EntitySink& sink) {
  UnParser parser(file, opts);
  return parser.Run(sink);
}

Result<ParsedList> ParseUnXml(const ListFile& file, const ImportOptions& opts) {
  return CollectEntities([&](const EntitySink& sink) { return StreamUnXml(file, opts, sink); });
}

}  // namespace tamis
