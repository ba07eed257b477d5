// UK Sanctions List (FCDO), XML edition -> canonical entities.
//
// Mapping notes:
//  - Root <Designations> holding <DateGenerated> (dd/mm/yyyy) and one <Designation> per
//    designation. Id "uk:" + UniqueID (e.g. "uk:AFG0001"); IndividualEntityShip
//    Individual/Entity/Ship -> person/organisation/vessel (case-insensitive).
//  - external_refs: "un:<UNReferenceNumber>" and "ofsi:<OFSIGroupID>" (the OFSI Consolidated
//    List group the designation belongs to; several designations may share one).
//  - Names/Name: Name1..Name6 joined; persons split Name1 given, Name2..5 middle, Name6
//    family. NameType (any casing) "Primary Name" -> primary (the first; later ones -> aka),
//    "Primary name variation" and "Alias" -> aka. AliasStrength "Good quality ..." ->
//    strong, "Low quality ..." -> low. NonLatinNames/NonLatinName/NameNonLatinScript ->
//    original_script with its detected script.
//  - Dates dd/mm/yyyy where "dd"/"mm" (or 00) stand for unknown parts. DateDesignated ->
//    listed_on, LastUpdated -> last_updated, DOBs/DOB -> exact partial dates.
//  - RegimeName -> programs; Titles and Positions -> titles; OtherInformation and
//    UKStatementofReasons -> remarks; phone, e-mail and website -> documents "other".
//  - Ships: IMONumber -> "imo"; CurrentBelievedFlagOfShip -> nationalities; type,
//    tonnage, year built, owner/operator and previous flags -> remarks.
#include <pugixml.hpp>

#include <array>
#include <charconv>
#include <optional>
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

std::string Text(pugi::xml_node n, const char* child) { return CollapseSpaces(n.child_value(child)); }

// Texts of the <item> children of every <list> child of `n`: Values(ind, "DOBs", "DOB").
std::vector<std::string> Values(pugi::xml_node n, const char* list, const char* item) {
  std::vector<std::string> out;
  for (pugi::xml_node l : n.children(list))
    for (pugi::xml_node i : l.children(item))
      if (std::string t = CollapseSpaces(i.child_value()); !t.empty()) out.push_back(std::move(t));
  return out;
}

// "25/01/2001", "dd/mm/1945", "00/00/1945" -> PartialDate; other texts via lists::ParseDate.
std::optional<PartialDate> UkDate(std::string_view s) {
  s = Trim(s);
  std::vector<std::string_view> p = Split(s, '/');
  if (p.size() != 3 || p[2].size() != 4) return lists::ParseDate(s);
  int v[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    if (i < 2 && (IEquals(p[i], "dd") || IEquals(p[i], "mm"))) continue;
    auto [end, ec] = std::from_chars(p[i].data(), p[i].data() + p[i].size(), v[i]);
    if (p[i].empty() || p[i].size() > 4 || ec != std::errc() || end != p[i].data() + p[i].size())
      return std::nullopt;
  }
  PartialDate d{v[2], v[1], v[0]};
  if (d.year < 1800 || d.year > 2200 || d.month < 0 || d.month > 12 || d.day < 0 || d.day > 31 ||
      (d.month == 0 && d.day != 0))
    return std::nullopt;
  return d;
}

std::string UkIsoDate(std::string_view s) {
  auto d = UkDate(s);
  return d ? d->ToString() : "";
}

// The first country named by one or two adjacent words of `text` ("Afghanistan passport",
// "Issued by United Arab Emirates" finds nothing past two words), or "".
std::string CountryIn(std::string_view text) {
  std::vector<std::string_view> words;
  for (std::string_view w : Split(text, ' ')) {
    while (!w.empty() && (w.back() == ',' || w.back() == '.' || w.back() == ')')) w.remove_suffix(1);
    while (!w.empty() && w.front() == '(') w.remove_prefix(1);
    if (!w.empty()) words.push_back(w);
  }
  for (size_t i = 0; i < words.size() && i < 32; ++i) {
    if (i + 1 < words.size()) {
      std::string two = std::string(words[i]) + " " + std::string(words[i + 1]);
      if (auto c = CountryCode(two)) return *c;
    }
    if (words[i].size() > 3)
      if (auto c = CountryCode(words[i])) return *c;
  }
  return "";
}

class UkFcdoParser {
 public:
  UkFcdoParser(const ListFile& file, const ImportOptions& opts) : file_(file), opts_(opts) {}
  Result<ParsedList> Run(const EntitySink& sink);

 private:
  int LineOf(pugi::xml_node n) { return reader_.Line(n); }
  std::string Where(pugi::xml_node n) { return file_.name + " line " + std::to_string(LineOf(n)); }
  void Warn(pugi::xml_node n, const Entity& e, std::string msg) {
    out_.warnings.push_back({Where(n) + " Designation " + e.native_id, std::move(msg)});
  }

  Result<Entity> ParseDesignation(pugi::xml_node d);
  void ParseNames(pugi::xml_node d, Entity& e);
  void ParseIndividual(pugi::xml_node ind, Entity& e);
  void ParseShip(pugi::xml_node ship, Entity& e);
  void AddDocument(Entity& e, std::string type, std::string number, std::string note);
  void AddCountry(pugi::xml_node at, Entity& e, const std::string& text, std::vector<std::string>& to);

  const ListFile& file_;
  const ImportOptions& opts_;
  lists::XmlRecordReader reader_;
  ParsedList out_;
};

void UkFcdoParser::AddDocument(Entity& e, std::string type, std::string number, std::string note) {
  if (number.empty()) return;
  IdentityDocument d;
  d.type = std::move(type);
  d.number = std::move(number);
  if (d.type != "other") d.country_code = CountryIn(note);
  d.note = std::move(note);
  for (const auto& x : e.documents)
    if (x == d) return;  // the list repeats rows
  e.documents.push_back(std::move(d));
}

void UkFcdoParser::AddCountry(pugi::xml_node at, Entity& e, const std::string& text, std::vector<std::string>& to) {
  if (auto c = CountryCode(text)) {
    AddUnique(to, *c);
  } else {
    Warn(at, e, "unknown country '" + text + "'");
  }
}

void UkFcdoParser::ParseNames(pugi::xml_node d, Entity& e) {
  bool person = e.kind == EntityKind::kPerson;
  bool have_primary = false;
  for (pugi::xml_node n : d.child("Names").children("Name")) {
    static const char* kParts[] = {"Name1", "Name2", "Name3", "Name4", "Name5", "Name6"};
    std::string v[6];
    for (int i = 0; i < 6; ++i) v[i] = Text(n, kParts[i]);
    Name name;
    name.full = JoinNonEmpty({v[0], v[1], v[2], v[3], v[4], v[5]}, " ");
    if (name.full.empty()) {
      Warn(n, e, "Name without Name1..Name6; skipped");
      continue;
    }
    if (person) {
      for (int i = 0; i < 5; ++i)
        if (!v[i].empty()) name.parts.push_back({i == 0 ? NamePartRole::kGiven : NamePartRole::kMiddle, v[i]});
      if (!v[5].empty()) name.parts.push_back({NamePartRole::kFamily, v[5]});
    }
    std::string type = AsciiLower(Text(n, "NameType"));
    bool primary = type == "primary name" || type == "primary";
    if (!primary && type != "alias" && type != "primary name variation" && !type.empty())
      Warn(n, e, "unknown NameType '" + type + "', read as alias");
    name.type = primary && !have_primary ? NameType::kPrimary : NameType::kAka;
    std::string strength = AsciiLower(Text(n, "AliasStrength"));
    if (StartsWith(strength, "good")) name.quality = NameQuality::kStrong;
    else if (StartsWith(strength, "low")) name.quality = NameQuality::kLow;
    else if (!strength.empty()) Warn(n, e, "unknown AliasStrength '" + strength + "'");
    name.script = lists::DetectScript(name.full);
    bool dup = false;
    for (const Name& x : e.names) dup = dup || x.full == name.full;
    if (dup) continue;
    // A field may pack several names ("X (ACRONYM)", "X; Y"): the first keeps the row's type.
    std::vector<Name> pieces;
    const bool primary_row = name.type == NameType::kPrimary;
    lists::AppendPackedNames(std::move(name), &pieces);
    for (size_t k = 0; k < pieces.size(); ++k) {
      if (k == 0 && primary_row) {
        have_primary = true;
        e.names.insert(e.names.begin(), std::move(pieces[k]));
      } else {
        e.names.push_back(std::move(pieces[k]));
      }
    }
  }
  for (pugi::xml_node n : d.child("NonLatinNames").children("NonLatinName")) {
    Name name;
    name.full = Text(n, "NameNonLatinScript");
    if (name.full.empty()) continue;
    name.type = NameType::kOriginalScript;
    name.script = lists::DetectScript(name.full);
    lists::AppendPackedNames(std::move(name), &e.names);
  }
  // No primary: the first name stands in, as uk_conlist does.
  if (!have_primary && !e.names.empty() && e.names[0].type != NameType::kOriginalScript)
    e.names[0].type = NameType::kPrimary;
}

void UkFcdoParser::ParseIndividual(pugi::xml_node ind, Entity& e) {
  for (pugi::xml_node dob : ind.child("DOBs").children("DOB")) {
    std::string t = CollapseSpaces(dob.child_value());
    if (t.empty()) continue;
    if (auto d = UkDate(t)) {
      lists::AddDateOfBirth(e.dates_of_birth, DateOfBirth{DateOfBirth::Kind::kExact, *d, {}, ""});
    } else if (auto r = lists::ParseDob(t)) {
      lists::AddDateOfBirth(e.dates_of_birth, std::move(*r));
    } else {
      Warn(dob, e, "unreadable DOB '" + t + "'");
    }
  }
  for (pugi::xml_node l : ind.child("Nationalities").children("Nationality"))
    if (std::string t = CollapseSpaces(l.child_value()); !t.empty()) AddCountry(l, e, t, e.nationalities);
  for (pugi::xml_node p : ind.child("PassportDetails").children("Passport"))
    AddDocument(e, "passport", Text(p, "PassportNumber"), Text(p, "PassportAdditionalInformation"));
  for (pugi::xml_node p : ind.child("NationalIdentifierDetails").children("NationalIdentifier"))
    AddDocument(e, "national_id", Text(p, "NationalIdentifierNumber"),
                Text(p, "NationalIdentifierAdditionalInformation"));
  for (std::string& t : Values(ind, "Positions", "Position")) AddUnique(e.titles, std::move(t));
  for (const std::string& g : Values(ind, "Genders", "Gender"))
    if (Gender parsed = ParseGender(g); parsed != Gender::kUnknown) e.gender = parsed;
  for (pugi::xml_node loc : ind.child("BirthDetails").children("Location")) {
    Place p;
    p.city = Text(loc, "TownOfBirth");
    p.region = Text(loc, "StateOrProvinceOfBirth");
    std::string country = Text(loc, "CountryOfBirth");
    p.text = JoinNonEmpty({p.city, p.region, country}, ", ");
    if (p.text.empty()) continue;
    p.country_code = CountryCode(country).value_or("");
    bool dup = false;
    for (const Place& x : e.places_of_birth) dup = dup || x == p;
    if (!dup) e.places_of_birth.push_back(std::move(p));
  }
}

void UkFcdoParser::ParseShip(pugi::xml_node ship, Entity& e) {
  for (std::string imo : Values(ship, "IMONumbers", "IMONumber")) {
    std::string_view num = imo;
    if (num.size() > 3 && IEquals(num.substr(0, 3), "IMO")) num = Trim(num.substr(3));
    AddDocument(e, "imo", std::string(num), "");
  }
  for (pugi::xml_node f : ship.child("CurrentBelievedFlagOfShips").children("CurrentBelievedFlagOfShip"))
    if (std::string t = CollapseSpaces(f.child_value()); !t.empty()) AddCountry(f, e, t, e.nationalities);
  const std::array<std::array<const char*, 3>, 6> kFacts = {{
      {"TypeOfShipDetails", "TypeOfShip", "Type of ship"},
      {"TonnageOfShipDetails", "TonnageOfShip", "Tonnage"},
      {"LengthOfShipDetails", "LengthOfShip", "Length"},
      {"YearsBuilt", "YearBuilt", "Year built"},
      {"CurrentOwnerOperators", "CurrentOwnerOperator", "Owner/operator"},
      {"PreviousFlags", "PreviousFlag", "Previous flag"},
  }};
  for (const auto& [list, item, label] : kFacts)
    for (const std::string& v : Values(ship, list, item))
      e.remarks += (e.remarks.empty() ? "" : "\n") + (std::string(label) + ": " + v);
}

Result<Entity> UkFcdoParser::ParseDesignation(pugi::xml_node d) {
  Entity e;
  e.source = "uk";
  e.native_id = Text(d, "UniqueID");
  if (e.native_id.empty()) return ParseError(Where(d) + ": Designation: missing UniqueID");
  e.id = "uk:" + e.native_id;
  std::string kind = AsciiLower(Text(d, "IndividualEntityShip"));
  if (kind == "individual") e.kind = EntityKind::kPerson;
  else if (kind == "entity") e.kind = EntityKind::kOrganisation;
  else if (kind == "ship") e.kind = EntityKind::kVessel;
  else if (kind == "aircraft") e.kind = EntityKind::kAircraft;
  else Warn(d, e, "IndividualEntityShip '" + kind + "' not understood; kind left unknown");

  ParseNames(d, e);
  if (e.names.empty()) Warn(d, e, "designation has no name");
  if (std::string un = Text(d, "UNReferenceNumber"); !un.empty()) AddUnique(e.external_refs, "un:" + un);
  if (std::string g = Text(d, "OFSIGroupID"); !g.empty()) AddUnique(e.external_refs, "ofsi:" + g);
  AddUnique(e.programs, Text(d, "RegimeName"));
  e.listed_on = UkIsoDate(Text(d, "DateDesignated"));
  e.last_updated = UkIsoDate(Text(d, "LastUpdated"));
  for (std::string& t : Values(d, "Titles", "Title")) AddUnique(e.titles, std::move(t));

  for (pugi::xml_node a : d.child("Addresses").children("Address")) {
    Address addr;
    static const char* kLines[] = {"AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4", "AddressLine5"};
    std::vector<std::string> lines;
    for (const char* l : kLines) lines.push_back(Text(a, l));
    addr.street = JoinNonEmpty({lines[0], lines[1], lines[2], lines[3], lines[4]}, ", ");
    addr.city = Text(a, "AddressLine6");
    addr.postal_code = Text(a, "AddressPostalCode");
    std::string country = Text(a, "AddressCountry");
    addr.country_code = CountryCode(country).value_or("");
    addr.full = JoinNonEmpty({addr.street, addr.city, addr.postal_code, country}, ", ");
    if (addr.full.empty()) continue;
    bool dup = false;
    for (const Address& x : e.addresses) dup = dup || x == addr;
    if (!dup) e.addresses.push_back(std::move(addr));
  }
  for (std::string& v : Values(d, "PhoneNumbers", "PhoneNumber")) AddDocument(e, "other", std::move(v), "Phone Number");
  for (std::string& v : Values(d, "EmailAddresses", "EmailAddress")) AddDocument(e, "other", std::move(v), "Email Address");
  for (std::string& v : Values(d, "Websites", "Website")) AddDocument(e, "other", std::move(v), "Website");

  for (pugi::xml_node ind : d.child("IndividualDetails").children("Individual")) ParseIndividual(ind, e);
  for (pugi::xml_node ent : d.child("EntityDetails").children("Entity")) {
    for (std::string& v : Values(ent, "BusinessRegistrationNumbers", "BusinessRegistrationNumber"))
      AddDocument(e, "registration", std::move(v), "");
    for (const auto& [list, item, label] :
         {std::array<const char*, 3>{"TypeOfEntities", "TypeOfEntity", "Type of entity"},
          std::array<const char*, 3>{"ParentCompanies", "ParentCompany", "Parent company"},
          std::array<const char*, 3>{"Subsidiaries", "Subsidiary", "Subsidiary"}})
      for (const std::string& v : Values(ent, list, item))
        e.remarks += (e.remarks.empty() ? "" : "\n") + (std::string(label) + ": " + v);
  }
  for (pugi::xml_node ship : d.child("ShipDetails").children("Ship")) ParseShip(ship, e);
  for (const char* tag : {"OtherInformation", "UKStatementofReasons"}) {
    std::string t(Trim(d.child_value(tag)));
    if (!t.empty()) e.remarks += (e.remarks.empty() ? "" : "\n") + t;
  }

  e.source_record = lists::XmlText(d);
  return e;
}

Result<ParsedList> UkFcdoParser::Run(const EntitySink& sink) {
  // Records: the root's Designation children, read one at a time.
  TAMIS_RETURN_IF_ERROR(reader_.Open(file_, opts_, [](const std::vector<std::string_view>& path) {
    return path.size() == 2 && path[1] == "Designation" ? 0 : -1;
  }));
  pugi::xml_node root = reader_.root();
  if (std::string_view(root.name()) != "Designations")
    return ParseError(file_.name + " line " + std::to_string(LineOf(root)) + ": root element is <" +
                      root.name() + ">, expected <Designations>");
  out_.source = "uk";
  out_.format = "uk_fcdo";
  out_.list_date = UkIsoDate(Text(root, "DateGenerated"));

  const int64_t total = reader_.Count(0);
  std::unordered_map<std::string, int> seen;  // id -> line
  int64_t done = 0;
  TAMIS_RETURN_IF_ERROR(reader_.ForEach(0, [&](pugi::xml_node d) -> Status {
    TAMIS_ASSIGN_OR_RETURN(Entity e, ParseDesignation(d));
    auto [it, fresh] = seen.emplace(e.id, LineOf(d));
    if (!fresh)
      return ParseError(Where(d) + ": Designation: duplicate UniqueID " + e.native_id + " (first at line " +
                        std::to_string(it->second) + ")");
    TAMIS_RETURN_IF_ERROR(sink(std::move(e)));
    if (opts_.progress && ++done % 1024 == 0) opts_.progress(done, total);
    return Status();
  }));
  if (opts_.progress) opts_.progress(total, total);
  return std::move(out_);
}

}  // namespace

Result<ParsedList> StreamUkFcdoXml(const ListFile& file, const ImportOptions& opts, const EntitySink& sink) {
  UkFcdoParser parser(file, opts);
  return parser.Run(sink);
}

Result<ParsedList> ParseUkFcdoXml(const ListFile& file, const ImportOptions& opts) {
  return CollectEntities([&](const EntitySink& sink) { return StreamUkFcdoXml(file, opts, sink); });
}

}  // namespace tamis
