// OFAC SDN list, classic XML (sdn.xml, schema sdn.xsd) -> canonical entities.
//
// Mapping notes. The goal is that an SDN entry gives the same entity here as through the
// legacy CSV set (ofac_csv.cc), so both go through the same remarks reader (ofac_remarks.h):
//  - Root <sdnList> (namespace http://tempuri.org/sdnList.xsd, or since 2024
//    https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML; both
//    accepted, as is no namespace). publshInformation/Publish_Date (MM/DD/YYYY) -> list_date.
//  - sdnEntry: id "ofac:<uid>"; sdnType Individual/Entity/Vessel/Aircraft -> person/
//    organisation/vessel/aircraft. The primary name is "lastName, firstName" as the CSV's
//    SDN_Name writes it, split into family/given for persons; title -> titles.
//  - akaList/aka: type a.k.a./f.k.a./n.k.a. -> aka/fka/nka; category weak -> kWeak (listed
//    first, as the CSV's remarks give them), strong -> kStrong (after, as alt.csv gives them;
//    alt.csv does not state the category, so the CSV leaves those kUnspecified).
//  - dateOfBirthList, placeOfBirthList, nationalityList, citizenshipList and idList are
//    written back as the Remarks clauses the CSV carries ("DOB 15 Mar 1971",
//    "Passport X (Egypt) issued 01 Jan 2001", "Gender Male", ...) and read by
//    ApplyOfacRemarks with the remarks element, so documents, dates, links and leftovers
//    match the CSV's. vesselInfo -> the CSV vessel columns' mapping.
//  - addressList/address: address1..3 -> street, city, stateOrProvince -> region,
//    postalCode, country.
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/country.h"
#include "core/strings.h"
#include "formats/lists/importers.h"
#include "formats/lists/xml_doc.h"
#include "formats/lists/list_text.h"
#include "formats/lists/ofac_remarks.h"

namespace tamis {
namespace {

using lists::JoinNonEmpty;

std::string_view Local(pugi::xml_node n) { return lists::XmlLocalName(n.name()); }

pugi::xml_node Child(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && Local(c) == local) return c;
  return {};
}

std::vector<pugi::xml_node> Children(pugi::xml_node n, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && Local(c) == local) out.push_back(c);
  return out;
}

std::string Text(pugi::xml_node n, std::string_view local) { return CollapseSpaces(Child(n, local).child_value()); }

// Items of a list element: Items(entry, "akaList", "aka").
std::vector<pugi::xml_node> Items(pugi::xml_node n, std::string_view list, std::string_view item) {
  return Children(Child(n, list), item);
}

// A clause must not hold the "; " separator the remarks reader splits on.
std::string Clause(std::string s) {
  for (char& c : s)
    if (c == ';') c = ',';
  return s;
}

// "05/07/2024" (OFAC writes MM/DD/YYYY) -> "2024-05-07"; other texts via lists::IsoDate.
std::string PublishDate(std::string_view s) {
  std::vector<std::string_view> p = Split(Trim(s), '/');
  if (p.size() != 3 || p[0].size() > 2 || p[1].size() > 2 || p[2].size() != 4) return lists::IsoDate(s);
  int v[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    auto [end, ec] = std::from_chars(p[i].data(), p[i].data() + p[i].size(), v[i]);
    if (ec != std::errc() || end != p[i].data() + p[i].size()) return "";
  }
  if (v[0] < 1 || v[0] > 12 || v[1] < 1 || v[1] > 31) return "";
  return PartialDate{v[2], v[0], v[1]}.ToString();
}

struct Pending {
  std::string remarks;      // the entry's remarks plus the clauses rebuilt from its lists
  std::vector<Name> later;  // strong/unspecified akas, added after the remarks' weak ones
};

class OfacXmlParser {
 public:
  OfacXmlParser(const ListFile& file, const ImportOptions& opts) : file_(file), opts_(opts) {}
  Result<ParsedList> Run(const EntitySink& sink);

 private:
  int LineOf(pugi::xml_node n) { return reader_.Line(n); }
  std::string Where(pugi::xml_node n) { return file_.name + " line " + std::to_string(LineOf(n)); }
  void Warn(pugi::xml_node n, const Entity& e, std::string msg) {
    out_.warnings.push_back({Where(n) + " sdnEntry " + e.native_id, std::move(msg)});
  }

  Result<Entity> ParseEntry(pugi::xml_node entry, Pending& pending);
  void ParseAkas(pugi::xml_node entry, Entity& e, Pending& pending);
  void ParseVessel(pugi::xml_node v, Entity& e);
  // Applies the entry's remarks and akas, resolving "Linked To" names through `by_name`
  // (LinkKey of each entry's primary name -> the ids of the entries, in file order); `index` is
  // the entry's place in the file.
  void ResolveRemarks(Entity& e, Pending& pending, size_t index,
                      const std::unordered_map<std::string, std::vector<std::pair<size_t, std::string>>>& by_name);

  const ListFile& file_;
  const ImportOptions& opts_;
  lists::XmlRecordReader reader_;
  ParsedList out_;
};

Name OfacName(pugi::xml_node n, bool person) {
  Name name;
  std::string last = Text(n, "lastName"), first = Text(n, "firstName");
  name.full = first.empty() ? last : last.empty() ? first : last + ", " + first;
  if (person) name.parts = lists_detail::SplitOfacPersonName(name.full);
  return name;
}

void OfacXmlParser::ParseAkas(pugi::xml_node entry, Entity& e, Pending& pending) {
  bool person = e.kind == EntityKind::kPerson;
  for (pugi::xml_node a : Items(entry, "akaList", "aka")) {
    Name n = OfacName(a, person);
    if (n.full.empty()) {
      Warn(a, e, "aka without a name; skipped");
      continue;
    }
    std::string type = AsciiLower(Text(a, "type"));
    n.type = type == "f.k.a." ? NameType::kFka : type == "n.k.a." ? NameType::kNka : NameType::kAka;
    if (!type.empty() && type != "a.k.a." && type != "f.k.a." && type != "n.k.a.")
      Warn(a, e, "unknown aka type '" + type + "', read as a.k.a.");
    std::string category = AsciiLower(Text(a, "category"));
    if (category == "weak") {
      n.quality = NameQuality::kWeak;
      lists_detail::AppendOfacNames(std::move(n), person, &e.names);
      continue;
    }
    if (category == "strong") n.quality = NameQuality::kStrong;
    else if (!category.empty()) Warn(a, e, "unknown aka category '" + category + "'");
    pending.later.push_back(std::move(n));
  }
}

void OfacXmlParser::ParseVessel(pugi::xml_node v, Entity& e) {
  std::string call_sign = Text(v, "callSign");
  if (!call_sign.empty()) {
    IdentityDocument d;
    d.type = "other";
    d.number = call_sign;
    d.note = "Call Sign";
    e.documents.push_back(std::move(d));
  }
  std::string flag = Text(v, "vesselFlag");
  if (auto cc = CountryCode(flag); cc && !flag.empty()) e.nationalities.push_back(*cc);
  std::vector<std::string> parts;
  const std::pair<const char*, const char*> kFields[] = {{"Vessel Type", "vesselType"},
                                                         {"Tonnage", "tonnage"},
                                                         {"GRT", "grossRegisteredTonnage"},
                                                         {"Vessel Flag", "vesselFlag"},
                                                         {"Vessel Owner", "vesselOwner"}};
  for (auto [label, tag] : kFields) {
    std::string value = Text(v, tag);
    if (!value.empty()) parts.push_back(std::string(label) + " " + value);
  }
  std::vector<std::string_view> views(parts.begin(), parts.end());
  e.remarks = JoinNonEmpty(views, "; ");
}

Result<Entity> OfacXmlParser::ParseEntry(pugi::xml_node entry, Pending& pending) {
  Entity e;
  e.source = "ofac";
  std::string uid = Text(entry, "uid");
  int64_t num = -1;
  auto [end, ec] = std::from_chars(uid.data(), uid.data() + uid.size(), num);
  if (uid.empty()) return ParseError(Where(entry) + ": sdnEntry: missing uid");
  if (ec != std::errc() || end != uid.data() + uid.size() || num < 0)
    return ParseError(Where(entry) + ": sdnEntry: uid: not a number: '" + uid.substr(0, 40) + "'");
  e.native_id = std::to_string(num);
  e.id = "ofac:" + e.native_id;

  std::string type = AsciiLower(Text(entry, "sdnType"));
  if (type == "individual") e.kind = EntityKind::kPerson;
  else if (type == "entity") e.kind = EntityKind::kOrganisation;
  else if (type == "vessel") e.kind = EntityKind::kVessel;
  else if (type == "aircraft") e.kind = EntityKind::kAircraft;
  else
    return ParseError(Where(entry) + ": sdnEntry uid " + e.native_id + ": sdnType: " +
                      (type.empty() ? std::string("missing") : "unknown type '" + type.substr(0, 40) + "'"));

  Name primary = OfacName(entry, e.kind == EntityKind::kPerson);
  if (Text(entry, "lastName").empty())
    return ParseError(Where(entry) + ": sdnEntry uid " + e.native_id + ": lastName: empty name");
  lists_detail::AppendOfacNames(std::move(primary), e.kind == EntityKind::kPerson, &e.names);
  for (pugi::xml_node p : Items(entry, "programList", "program"))
    lists::AddUnique(e.programs, CollapseSpaces(p.child_value()));
  std::string title = Text(entry, "title");
  if (!title.empty()) e.titles.push_back(title);
  if (pugi::xml_node v = Child(entry, "vesselInfo"); v && e.kind == EntityKind::kVessel) ParseVessel(v, e);
  ParseAkas(entry, e, pending);

  // The lists, as the Remarks clauses the CSV gives for them.
  std::vector<std::string> clauses;
  for (pugi::xml_node d : Items(entry, "dateOfBirthList", "dateOfBirthItem"))
    if (std::string t = Text(d, "dateOfBirth"); !t.empty()) clauses.push_back("DOB " + t);
  for (pugi::xml_node p : Items(entry, "placeOfBirthList", "placeOfBirthItem"))
    if (std::string t = Text(p, "placeOfBirth"); !t.empty()) clauses.push_back("POB " + t);
  for (pugi::xml_node n : Items(entry, "nationalityList", "nationality"))
    if (std::string t = Text(n, "country"); !t.empty()) clauses.push_back("nationality " + t);
  for (pugi::xml_node n : Items(entry, "citizenshipList", "citizenship"))
    if (std::string t = Text(n, "country"); !t.empty()) clauses.push_back("citizen " + t);
  for (pugi::xml_node id : Items(entry, "idList", "id")) {
    std::string id_type = Text(id, "idType"), number = Text(id, "idNumber");
    if (id_type.empty() && number.empty()) continue;
    if (number.empty()) {
      Warn(id, e, "id of type '" + id_type + "' without idNumber; kept in remarks");
      clauses.push_back(id_type);
      continue;
    }
    std::string c = id_type.empty() ? number : id_type + " " + number;
    if (std::string country = Text(id, "idCountry"); !country.empty()) c += " (" + country + ")";
    if (std::string issued = Text(id, "issueDate"); !issued.empty()) c += " issued " + issued;
    if (std::string expires = Text(id, "expirationDate"); !expires.empty()) c += " expires " + expires;
    clauses.push_back(std::move(c));
  }
  for (std::string& c : clauses) {
    if (!pending.remarks.empty()) pending.remarks += "; ";
    pending.remarks += Clause(std::move(c));
  }
  std::string remarks = CollapseSpaces(Child(entry, "remarks").child_value());
  if (!remarks.empty()) pending.remarks += (pending.remarks.empty() ? "" : "; ") + remarks;

  for (pugi::xml_node a : Items(entry, "addressList", "address")) {
    Address addr;
    addr.street = JoinNonEmpty({Text(a, "address1"), Text(a, "address2"), Text(a, "address3")}, ", ");
    addr.city = Text(a, "city");
    addr.region = Text(a, "stateOrProvince");
    addr.postal_code = Text(a, "postalCode");
    std::string country = Text(a, "country");
    if (auto cc = CountryCode(country); cc && !country.empty()) addr.country_code = *cc;
    addr.full = JoinNonEmpty({addr.street, addr.city, addr.region, addr.postal_code, country}, ", ");
    if (!addr.full.empty()) e.addresses.push_back(std::move(addr));
  }

  e.source_record = lists::XmlText(entry);
  return e;
}

// Key for "Linked To" resolution, as ofac_csv: upper case, collapsed blanks, no final '.'.
std::string LinkKey(std::string_view name) {
  std::string k = AsciiUpper(CollapseSpaces(name));
  while (!k.empty() && (k.back() == '.' || k.back() == ' ')) k.pop_back();
  return k;
}

void OfacXmlParser::ResolveRemarks(
    Entity& e, Pending& pending, size_t index,
    const std::unordered_map<std::string, std::vector<std::pair<size_t, std::string>>>& by_name) {
  lists_detail::OfacRemarkExtras extras;
  lists_detail::ApplyOfacRemarks(pending.remarks, &e, &extras);
  for (const std::string& linked : extras.linked_names) {
    bool resolved = false;
    if (auto it = by_name.find(LinkKey(linked)); it != by_name.end()) {
      for (const auto& [j, id] : it->second) {
        if (j == index) continue;
        resolved = true;
        if (std::find(e.related_ids.begin(), e.related_ids.end(), id) == e.related_ids.end())
          e.related_ids.push_back(id);
      }
    }
    if (!resolved) e.remarks += (e.remarks.empty() ? "" : "; ") + ("Linked To: " + linked);
  }
  for (Name& n : pending.later) lists_detail::AppendOfacNames(std::move(n), e.kind == EntityKind::kPerson, &e.names);
}

Result<ParsedList> OfacXmlParser::Run(const EntitySink& sink) {
  // Records: the root's sdnEntry children (any namespace prefix), read one at a time, twice: the
  // first pass checks every entry and keeps the primary names "Linked To" remarks resolve to;
  // the second builds each entry again, resolves its links and hands it on.
  TAMIS_RETURN_IF_ERROR(reader_.Open(file_, opts_, lists::RootChildrenNamed("sdnEntry")));
  pugi::xml_node root = reader_.root();
  if (Local(root) != "sdnList")
    return ParseError(file_.name + " line " + std::to_string(LineOf(root)) + ": root element is <" +
                      root.name() + ">, expected <sdnList>");
  out_.source = "ofac";
  out_.format = "ofac_xml";
  pugi::xml_node info = Child(root, "publshInformation");
  out_.list_date = PublishDate(Text(info, "Publish_Date"));

  const int64_t total = reader_.Count(0);
  std::string count = Text(info, "Record_Count");
  if (!count.empty() && count != std::to_string(total))
    out_.warnings.push_back({Where(info), "Record_Count " + count.substr(0, 20) + " but " +
                                              std::to_string(total) + " sdnEntry elements"});
  std::unordered_map<std::string, int> seen;  // id -> line
  std::unordered_map<std::string, std::vector<std::pair<size_t, std::string>>> by_name;
  size_t index = 0;
  TAMIS_RETURN_IF_ERROR(reader_.ForEach(0, [&](pugi::xml_node entry) -> Status {
    Pending p;
    TAMIS_ASSIGN_OR_RETURN(Entity e, ParseEntry(entry, p));
    auto [it, fresh] = seen.emplace(e.id, LineOf(entry));
    if (!fresh)
      return ParseError(Where(entry) + ": sdnEntry: duplicate uid " + e.native_id + " (first at line " +
                        std::to_string(it->second) + ")");
    by_name[LinkKey(e.names[0].full)].push_back({index++, e.id});
    return Status();
  }));
  const size_t warnings = out_.warnings.size();  // the second pass's warnings are the first's again
  index = 0;
  int64_t done = 0;
  TAMIS_RETURN_IF_ERROR(reader_.ForEach(0, [&](pugi::xml_node entry) -> Status {
    Pending p;
    TAMIS_ASSIGN_OR_RETURN(Entity e, ParseEntry(entry, p));
    out_.warnings.resize(warnings);
    ResolveRemarks(e, p, index++, by_name);
    TAMIS_RETURN_IF_ERROR(sink(std::move(e)));
    if (opts_.progress && ++done % 1024 == 0) opts_.progress(done, total);
    return Status();
  }));
  if (opts_.progress) opts_.progress(total, total);
  return std::move(out_);
}

}  // namespace

Result<ParsedList> StreamOfacXml(const ListFile& file, const ImportOptions& opts, const EntitySink& sink) {
  OfacXmlParser parser(file, opts);
  return parser.Run(sink);
}

Result<ParsedList> ParseOfacXml(const ListFile& file, const ImportOptions& opts) {
  return CollectEntities([&](const EntitySink& sink) { return StreamOfacXml(file, opts, sink); });
}

}  // namespace tamis
