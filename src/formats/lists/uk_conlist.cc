// HM Treasury / OFSI ConList.csv -> canonical entities.
//
// Mapping notes:
//  - Encoding: UTF-8 when the bytes are valid UTF-8, else Windows-1252 (converted).
//  - An optional "Last Updated,<date>" line may precede the header. The header may carry an
//    extra blank first column (the 2020-era files): data rows then line up with header
//    fields 2..N, or carry the blank column themselves. Any other field count is an error.
//  - Rows sharing a Group ID form one entity "uk:<Group ID>", in first-seen order. Each row
//    is one name: "Prime Alias" -> primary, "AKA" -> aka; an identical name on several rows,
//    which OFSI repeats to vary another field, is kept once. A group
//    without a Prime Alias row takes its first name as the primary.
//  - Name 6 is the family name, Name 1 the given name, Names 2..5 middle names; an entity
//    keeps its name unsplit.
//  - DOB dd/mm/yyyy with 00 for unknown parts; Nationality, Passport Details and NI Number
//    may be numbered lists "(1) ... (2) ..."; Regime -> programs; "UN Ref QI.A.12.01" in
//    Other Information -> external_refs "un:QI.A.12.01" (as given, old style kept).
#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/country.h"
#include "core/strings.h"
#include "formats/lists/csv_reader.h"
#include "formats/lists/importers.h"
#include "formats/lists/list_text.h"
#include "formats/lists/packed_names.h"

namespace tamis {
namespace {

using lists::AddUnique;
using lists::JoinNonEmpty;

// Splits "(1) a (2) b", "1) a 2) b", "(a) x (b) y", "a) x b) y" into its items; text
// without markers comes back as one item. Items are trimmed; empty ones are dropped.
std::vector<std::string> SplitNumbered(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t = CollapseSpaces(cur);
    if (!t.empty()) out.push_back(std::move(t));
    cur.clear();
  };
  for (size_t i = 0; i < s.size();) {
    bool at_word_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == ')';
    size_t j = i + (s[i] == '(' ? 1 : 0);
    size_t k = j;
    while (k < s.size() && k - j < 2 && s[k] >= '0' && s[k] <= '9') ++k;
    if (k == j && j < s.size() && s[j] >= 'a' && s[j] <= 'h') k = j + 1;
    if (at_word_start && k > j && k < s.size() && s[k] == ')' &&
        (s[i] == '(' || i == 0 || s[i - 1] == ' ')) {
      flush();
      i = k + 1;
      if (i < s.size() && s[i] == '-') {  // "(1)-(2) Indonesia": one item for both
        size_t close = s.find(')', i);
        if (close != std::string_view::npos && close - i < 6) i = close + 1;
      }
      continue;
    }
    cur += s[i++];
  }
  flush();
  return out;
}

// The first country named in `text` ("(Qatari passport ...)" -> "QA"), or "".
std::string FirstCountryIn(std::string_view text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        c == '-') {
      w += c;
    } else if (!w.empty()) {
      words.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  for (size_t i = 0; i < words.size(); ++i) {
    for (size_t len = 3; len >= 1; --len) {
      if (i + len > words.size()) continue;
      std::string cand = words[i];
      for (size_t k = 1; k < len; ++k) cand += " " + words[i + k];
      if (len == 1 && cand.size() < 4 && cand != "CAR" && cand != "UAE" && cand != "USA" &&
          cand != "UK")
        continue;  // "No", "ID", "on" are not countries
      if (auto c = CountryCode(cand)) return *c;
    }
  }
  return "";
}

// A token that looks like a document number: at least one digit, 4+ characters.
std::string FirstNumberIn(std::string_view text) {
  std::string tok;
  auto good = [](const std::string& t) {
    return t.size() >= 4 && t.find_first_of("0123456789") != std::string::npos;
  };
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ' ';
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
        c == '/') {
      tok += c;
    } else {
      while (!tok.empty() && (tok.back() == '-' || tok.back() == '/')) tok.pop_back();
      if (good(tok)) return tok;
      tok.clear();
    }
  }
  return "";
}

// "UN Ref QI.A.12.01." / "UN REF:QE.A.146.14" / "UN Ref.KPI.067." -> the references.
std::vector<std::string> UnReferences(std::string_view text) {
  std::vector<std::string> refs;
  std::string lower = AsciiLower(text);
  for (size_t p = lower.find("un ref"); p != std::string::npos; p = lower.find("un ref", p + 1)) {
    size_t i = p + 6;
    while (i < text.size() && (text[i] == ' ' || text[i] == ':' || text[i] == '.')) ++i;
    std::string ref;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ref += text[i++];
    while (!ref.empty() && ref.back() == '.') ref.pop_back();
    if (ref.find('.') != std::string::npos && ref.size() <= 32) AddUnique(refs, ref);
  }
  return refs;
}

struct Columns {
  std::unordered_map<std::string, size_t> index;
  size_t width = 0;        // fields a data row must have (after dropping a blank lead)
  bool blank_lead = false; // header had an extra blank first column
};

class UkParser {
 public:
  UkParser(const ListFile& file, const ImportOptions& opts) : file_(file), opts_(opts) {}
  Result<ParsedList> Run();

 private:
  const std::string& Field(const std::vector<std::string>& row, const char* name) const {
    static const std::string kEmpty;
    auto it = cols_.index.find(name);
    return it == cols_.index.end() || it->second >= row.size() ? kEmpty : row[it->second];
  }
  std::string F(const std::vector<std::string>& row, const char* name) const {
    return CollapseSpaces(Field(row, name));
  }
  void Warn(int line, const Entity& e, std::string msg) {
    out_.warnings.push_back(
        {file_.name + " line " + std::to_string(line) + " group " + e.native_id, std::move(msg)});
  }
  Status ReadHeader(const std::vector<CsvRecord>& recs, size_t& next);
  void AddRow(const CsvRecord& rec, const std::vector<std::string>& row, Entity& e);
  void AddDocuments(int line, const std::string& text, const char* type, Entity& e);

  const ListFile& file_;
  const ImportOptions& opts_;
  std::string text_;  // UTF-8
  Columns cols_;
  ParsedList out_;
};

Status UkParser::ReadHeader(const std::vector<CsvRecord>& recs, size_t& next) {
  next = 0;
  if (!recs.empty() && recs[0].fields.size() <= 2 && IEquals(Trim(recs[0].fields[0]), "Last Updated"))
    next = 1;
  if (next >= recs.size()) return ParseError(file_.name + ": no header row");
  const CsvRecord& h = recs[next++];
  std::vector<std::string> names;
  for (const auto& f : h.fields) names.emplace_back(Trim(f));
  if (!names.empty() && names[0].empty() && names.size() > 1) {
    cols_.blank_lead = true;
    names.erase(names.begin());
  }
  for (size_t i = 0; i < names.size(); ++i) cols_.index.emplace(names[i], i);
  cols_.width = names.size();
  for (const char* required : {"Name 6", "Group ID", "Alias Type", "Group Type"})
    if (!cols_.index.count(required))
      return ParseError(file_.name + " line " + std::to_string(h.line) + ": header has no '" +
                        required + "' column (not an OFSI ConList.csv?)");
  return Status::Ok();
}

void UkParser::AddDocuments(int line, const std::string& text, const char* type, Entity& e) {
  std::string carried_country;  // "Jordanian passport numbers (1) K048787 (2) 486298"
  for (const std::string& item : SplitNumbered(text)) {
    IdentityDocument d;
    d.type = type;
    d.number = FirstNumberIn(item);
    std::string country = FirstCountryIn(item);
    if (d.number.empty()) {
      if (!country.empty()) {
        carried_country = country;  // a preamble naming the issuer of the items that follow
      } else if (item.size() > 3) {
        Warn(line, e, std::string("no document number in '") + item + "'");
      }
      continue;
    }
    d.country_code = country.empty() ? carried_country : country;
    d.note = item;
    bool dup = false;
    for (const auto& x : e.documents) dup = dup || x == d;
    if (!dup) e.documents.push_back(std::move(d));
  }
}

void UkParser::AddRow(const CsvRecord& rec, const std::vector<std::string>& row, Entity& e) {
  bool person = e.kind == EntityKind::kPerson;
  // Name.
  Name name;
  std::string family = F(row, "Name 6");
  std::vector<std::string> given;
  for (const char* c : {"Name 1", "Name 2", "Name 3", "Name 4", "Name 5"}) given.push_back(F(row, c));
  name.full = JoinNonEmpty({given[0], given[1], given[2], given[3], given[4], family}, " ");
  if (person) {
    for (size_t i = 0; i < given.size(); ++i)
      if (!given[i].empty())
        name.parts.push_back({i == 0 ? NamePartRole::kGiven : NamePartRole::kMiddle, given[i]});
    if (!family.empty()) name.parts.push_back({NamePartRole::kFamily, family});
  }
  std::string alias_type = AsciiLower(F(row, "Alias Type"));
  bool prime = alias_type == "prime alias" || alias_type == "primary name";
  name.type = prime ? NameType::kPrimary : ParseNameType(alias_type);
  name.script = lists::DetectScript(name.full);
  bool have_primary = !e.names.empty() && e.names[0].type == NameType::kPrimary;
  if (name.type == NameType::kPrimary && have_primary) name.type = NameType::kAka;
  auto same = std::find_if(e.names.begin(), e.names.end(),
                           [&](const Name& n) { return n.full == name.full; });
  if (name.full.empty()) {
    Warn(rec.line, e, "row has no name (Name 1..6 empty)");
  } else if (same != e.names.end()) {
    // The same name on another row (OFSI repeats it to vary DOB or address): keep one,
    // promoted to primary if this row is the Prime Alias.
    if (name.type == NameType::kPrimary) {
      Name moved = std::move(*same);
      e.names.erase(same);
      moved.type = NameType::kPrimary;
      e.names.insert(e.names.begin(), std::move(moved));
    }
  } else {
    // A field may pack several names ("X (ACRONYM)", "X; Y"): the first keeps the row's type.
    std::vector<Name> pieces;
    const bool primary = name.type == NameType::kPrimary;
    lists::AppendPackedNames(std::move(name), &pieces);
    for (size_t k = 0; k < pieces.size(); ++k) {
      if (k == 0 && primary) e.names.insert(e.names.begin(), std::move(pieces[k]));
      else e.names.push_back(std::move(pieces[k]));
    }
  }
  for (const char* col : {"Title", "Position"}) {
    for (std::string t : SplitNumbered(F(row, col))) {  // "a) General, b) Minister ..."
      while (!t.empty() && (t.back() == ',' || t.back() == ';')) t.pop_back();
      AddUnique(e.titles, std::move(t));
    }
  }
  // Date of birth.
  if (std::string dob = F(row, "DOB"); !dob.empty()) {
    if (auto d = lists::ParseDob(dob)) {
      if (d->raw == dob && lists::ParseDate(dob)) d->raw.clear();  // plain dd/mm/yyyy
      lists::AddDateOfBirth(e.dates_of_birth, std::move(*d));
    } else {
      Warn(rec.line, e, "DOB: unreadable date '" + dob + "'");
    }
  }
  // Place of birth.
  std::string town = F(row, "Town of Birth"), country = F(row, "Country of Birth");
  if (!town.empty() || !country.empty()) {
    std::vector<std::string> countries = SplitNumbered(country);
    std::vector<std::string> towns = SplitNumbered(town);
    if (towns.empty()) towns.push_back("");
    for (const std::string& t : towns) {
      Place p;
      std::string c = countries.size() == 1 ? countries[0] : "";
      p.city = t;
      p.text = JoinNonEmpty({t, c}, ", ");
      p.country_code = CountryCode(c).value_or(FirstCountryIn(t));
      if (p.text.empty()) continue;
      bool dup = false;
      for (const auto& q : e.places_of_birth) dup = dup || q == p;
      if (!dup) e.places_of_birth.push_back(std::move(p));
    }
  }
  for (const std::string& n : SplitNumbered(F(row, "Nationality"))) {
    if (auto c = CountryCode(n)) {
      AddUnique(e.nationalities, *c);
    } else {
      Warn(rec.line, e, "Nationality: unknown country '" + n + "'");
    }
  }
  AddDocuments(rec.line, F(row, "Passport Details"), "passport", e);
  AddDocuments(rec.line, F(row, "NI Number"), "national_id", e);
  // Address.
  Address a;
  std::vector<std::string> lines;
  for (const char* c : {"Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6"})
    lines.push_back(F(row, c));
  a.street = JoinNonEmpty({lines[0], lines[1], lines[2], lines[3], lines[4]}, ", ");
  a.city = lines[5];
  a.postal_code = F(row, "Post/Zip Code");
  std::string addr_country = F(row, "Country");
  a.country_code = CountryCode(addr_country).value_or("");
  for (size_t i = lines.size(); a.country_code.empty() && addr_country.empty() && i-- > 0;) {
    if (lines[i].empty()) continue;
    a.country_code = CountryCode(lines[i]).value_or("");  // country written as the last line
    break;
  }
  a.full = JoinNonEmpty({a.street, a.city, a.postal_code, addr_country}, ", ");
  if (!a.full.empty()) {
    bool dup = false;
    for (const auto& x : e.addresses) dup = dup || x == a;
    if (!dup) e.addresses.push_back(std::move(a));
  }
  // List data.
  std::string other(Trim(Field(row, "Other Information")));
  if (!other.empty() && e.remarks.find(other) == std::string::npos)
    e.remarks += (e.remarks.empty() ? "" : "\n") + other;
  for (const auto& ref : UnReferences(other)) AddUnique(e.external_refs, "un:" + ref);
  AddUnique(e.programs, F(row, "Regime"));
  std::string listed = lists::IsoDate(F(row, "Listed On"));
  if (!listed.empty() && (e.listed_on.empty() || listed < e.listed_on)) e.listed_on = listed;
  std::string updated = lists::IsoDate(F(row, "Last Updated"));
  if (updated > e.last_updated) e.last_updated = updated;
  e.source_record += (e.source_record.empty() ? "" : "\n") + text_.substr(rec.offset, rec.length);
}

Result<ParsedList> UkParser::Run() {
  if (static_cast<int64_t>(file_.content.size()) > opts_.max_file_bytes)
    return ResourceExhausted(file_.name + ": " + std::to_string(file_.content.size()) +
                             " bytes exceeds the limit of " + std::to_string(opts_.max_file_bytes));
  text_ = IsValidUtf8(file_.content) ? file_.content : Cp1252ToUtf8(file_.content);
  if (Trim(text_).empty()) return ParseError(file_.name + ": empty file");
  Result<std::vector<CsvRecord>> recs_or = ReadCsv(text_);
  if (!recs_or.ok()) return recs_or.status().WithContext(file_.name);
  const std::vector<CsvRecord>& recs = *recs_or;
  size_t first = 0;
  TAMIS_RETURN_IF_ERROR(ReadHeader(recs, first));
  out_.source = "uk";
  out_.format = "uk_conlist";
  if (first == 2 && recs[0].fields.size() == 2) out_.list_date = lists::IsoDate(recs[0].fields[1]);

  std::unordered_map<std::string, size_t> group_index;
  std::vector<std::string> row;
  const int64_t total = static_cast<int64_t>(recs.size() - first);
  for (size_t r = first; r < recs.size(); ++r) {
    const CsvRecord& rec = recs[r];
    row = rec.fields;
    if (cols_.blank_lead && row.size() == cols_.width + 1) row.erase(row.begin());
    if (row.size() != cols_.width)
      return ParseError(file_.name + " line " + std::to_string(rec.line) + ": " +
                        std::to_string(rec.fields.size()) + " fields, expected " +
                        std::to_string(cols_.width));
    std::string gid = F(row, "Group ID");
    if (gid.empty())
      return ParseError(file_.name + " line " + std::to_string(rec.line) + ": field 'Group ID' is empty");
    auto [it, fresh] = group_index.emplace(gid, out_.entities.size());
    if (fresh) {
      Entity e;
      e.source = "uk";
      e.native_id = gid;
      e.id = "uk:" + gid;
      e.kind = ParseEntityKind(AsciiLower(F(row, "Group Type")));
      if (IEquals(F(row, "Group Type"), "ship")) e.kind = EntityKind::kVessel;
      out_.entities.push_back(std::move(e));
    }
    Entity& e = out_.entities[it->second];
    EntityKind kind = ParseEntityKind(AsciiLower(F(row, "Group Type")));
    if (!fresh && kind != e.kind && kind != EntityKind::kUnknown)
      Warn(rec.line, e, "Group Type '" + F(row, "Group Type") + "' differs from the group's first row");
    AddRow(rec, row, e);
    if (opts_.progress && (r - first + 1) % 1024 == 0)
      opts_.progress(static_cast<int64_t>(r - first + 1), total);
  }
  for (Entity& e : out_.entities) {
    if (!e.names.empty()) e.names[0].type = NameType::kPrimary;  // no Prime Alias row: first name
  }
  if (opts_.progress) opts_.progress(total, total);
  return std::move(out_);
}

}  // namespace

Result<ParsedList> ParseUkConList(const ListFile& file, const ImportOptions& opts) {
  UkParser parser(file, opts);
  return parser.Run();
}

}  // namespace tamis
