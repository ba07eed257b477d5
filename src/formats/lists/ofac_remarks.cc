#include "formats/lists/ofac_remarks.h"

#include <array>
#include <optional>
#include <utility>

#include "core/country.h"
#include "core/date.h"
#include "core/strings.h"
#include "formats/lists/packed_names.h"

namespace tamis::lists_detail {
namespace {

// ---- remarks ----

struct DocLabel {
  std::string_view label;  // as OFAC writes it, without the trailing space
  std::string_view type;   // IdentityDocument::type
};

// Longest labels first where one is a prefix of another ("Passport" vs "Passport No.").
constexpr std::array<DocLabel, 58> kDocLabels = {{
    {"Vessel Registration Identification IMO", "imo"},
    {"Identification Number IMO", "imo"},
    {"Company Number IMO", "registration"},
    {"MMSI", "mmsi"},
    {"IMO", "imo"},
    {"SWIFT/BIC", "swift_bic"},
    {"Diplomatic Passport", "passport"},
    {"Passport No.", "passport"},
    {"Passport", "passport"},
    {"National ID No.", "national_id"},
    {"National ID", "national_id"},
    {"Personal ID Card", "national_id"},
    {"Identification Number", "national_id"},
    {"Cedula No.", "national_id"},
    {"Cedula", "national_id"},
    {"C.U.R.P.", "national_id"},
    {"CURP", "national_id"},
    {"D.N.I.", "national_id"},
    {"Citizen's Card Number", "national_id"},
    {"Kenyan ID No.", "national_id"},
    {"Residency Number", "national_id"},
    {"Electoral Registry No.", "national_id"},
    {"Credencial electoral", "national_id"},
    {"Birth Certificate Number", "other"},
    {"SSN", "ssn"},
    {"Driver's License No.", "driving_licence"},
    {"Tax ID No.", "tax_id"},
    {"R.F.C.", "tax_id"},
    {"RFC", "tax_id"},
    {"NIT #", "tax_id"},
    {"V.A.T. Number", "tax_id"},
    {"VAT Number", "tax_id"},
    {"C.U.I.T.", "tax_id"},
    {"C.U.I.", "tax_id"},
    {"RUC #", "tax_id"},
    {"Business Registration Number", "registration"},
    {"Business Registration Document #", "registration"},
    {"Registration Number", "registration"},
    {"Registration ID", "registration"},
    {"Commercial Registry Number", "registration"},
    {"Company Number", "registration"},
    {"Legal Entity Number", "registration"},
    {"Unified Social Credit Code (USCC)", "registration"},
    {"Unified Social Credit Code", "registration"},
    {"Folio Mercantil No.", "registration"},
    {"Matricula Mercantil No", "registration"},
    {"C.R. No.", "registration"},
    {"Chamber of Commerce Number", "registration"},
    {"Economic Register Number (CBLS)", "registration"},
    {"Economic Register Number", "registration"},
    {"Government Gazette Number", "registration"},
    {"Enterprise Number", "registration"},
    {"Trade License No.", "registration"},
    {"D-U-N-S Number", "registration"},
    {"BIK (RU)", "registration"},
    {"Aircraft Manufacturer's Serial Number (MSN)", "other"},
    {"Aircraft Tail Number", "registration"},
    {"Aircraft Construction Number (also called L/N or S/N or F/N)", "other"},
}};

// Contact-like labels: kept as documents of type "other" with the label as note.
constexpr std::array<std::string_view, 5> kContactLabels = {
    "Website", "Email Address", "Phone Number", "Telephone", "Fax"};

// Splits on "; " (the clause separator OFAC uses), ignoring separators inside '...' quotes
// that open right after "a.k.a. " style prefixes.
std::vector<std::string_view> SplitClauses(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == ';' && s[i + 1] == ' ') {
      out.push_back(Trim(s.substr(start, i - start)));
      start = i + 2;
    }
  }
  if (start < s.size()) out.push_back(Trim(s.substr(start)));
  return out;
}

bool ConsumePrefix(std::string_view* s, std::string_view prefix) {
  if (!StartsWith(*s, prefix)) return false;
  s->remove_prefix(prefix.size());
  return true;
}

std::string CountryOrEmpty(std::string_view text) {
  auto c = CountryCode(Trim(text));
  return c ? *c : std::string();
}

// Pulls a trailing " issued <date>" / " expires <date>" off `v` (in either order).
void TakeIssuedExpires(std::string_view* v, IdentityDocument* d) {
  for (int round = 0; round < 2; ++round) {
    for (std::string_view key : {std::string_view(" expires "), std::string_view(" issued ")}) {
      size_t p = v->rfind(key);
      if (p == std::string_view::npos) continue;
      std::string_view date = Trim(v->substr(p + key.size()));
      auto pd = ParsePartialDate(date);
      std::string text = pd ? pd->ToString() : std::string(date);
      if (key == " expires ") d->expires = text; else d->issued = text;
      *v = Trim(v->substr(0, p));
    }
  }
}

// "<number> (<Country>) issued X expires Y" -> document.
IdentityDocument ParseDocValue(std::string_view type, std::string_view label, std::string_view v) {
  IdentityDocument d;
  d.type = std::string(type);
  if (type == "other") d.note = std::string(label);
  TakeIssuedExpires(&v, &d);
  if (!v.empty() && v.back() == ')') {
    size_t open = v.rfind(" (");
    if (open != std::string_view::npos) {
      std::string_view inner = v.substr(open + 2, v.size() - open - 3);
      std::string cc = CountryOrEmpty(inner);
      if (!cc.empty()) {
        d.country_code = cc;
        v = Trim(v.substr(0, open));
      } else if (label != "Aircraft Manufacturer's Serial Number (MSN)") {
        // Not a country: "(individual)", "(old)" -> note; keep the number as given.
        if (!d.note.empty()) d.note += "; ";
        d.note += std::string(inner);
        v = Trim(v.substr(0, open));
      }
    }
  }
  d.number = std::string(v);
  return d;
}

Place ParsePob(std::string_view v) {
  Place p;
  p.text = std::string(v);
  size_t comma = v.rfind(',');
  std::string_view last = comma == std::string_view::npos ? v : Trim(v.substr(comma + 1));
  p.country_code = CountryOrEmpty(last);
  if (comma != std::string_view::npos) {
    size_t first = v.find(',');
    p.city = std::string(Trim(v.substr(0, first)));
    if (first != comma) p.region = std::string(Trim(v.substr(first + 1, comma - first - 1)));
  }
  return p;
}

// "a.k.a. 'X'" / "f.k.a. 'X'" / "n.k.a. 'X'" -> weak alias; returns false when not one.
bool TryWeakAlias(std::string_view c, Entity* e) {
  NameType t;
  if (ConsumePrefix(&c, "a.k.a. ")) t = NameType::kAka;
  else if (ConsumePrefix(&c, "f.k.a. ")) t = NameType::kFka;
  else if (ConsumePrefix(&c, "n.k.a. ")) t = NameType::kNka;
  else return false;
  c = Trim(c);
  if (c.size() >= 2 && c.front() == '\'' && c.back() == '\'') c = c.substr(1, c.size() - 2);
  else if (c.size() >= 3 && c.front() == '\'' && EndsWith(c, "'.")) c = c.substr(1, c.size() - 3);
  if (Trim(c).empty()) return false;
  Name n;
  n.full = std::string(Trim(c));
  n.type = t;
  n.quality = NameQuality::kWeak;
  AppendOfacNames(std::move(n), e->kind == EntityKind::kPerson, &e->names);
  return true;
}

void AddUnique(std::vector<std::string>* v, std::string s) {
  for (const auto& x : *v)
    if (x == s) return;
  v->push_back(std::move(s));
}

// Handles one clause; returns false when it was not understood.
bool ApplyClause(std::string_view clause, Entity* e, OfacRemarkExtras* extras) {
  std::string_view c = clause;
  if (TryWeakAlias(c, e)) return true;
  ConsumePrefix(&c, "alt. ");
  if (ConsumePrefix(&c, "Linked To: ")) {
    c = Trim(c);
    if (c.empty()) return false;
    extras->linked_names.emplace_back(c);
    return true;
  }
  if (ConsumePrefix(&c, "DOB ")) {
    auto dob = ParseDateOfBirth(Trim(c));
    if (!dob) return false;
    e->dates_of_birth.push_back(*dob);
    return true;
  }
  if (ConsumePrefix(&c, "POB ")) {
    if (Trim(c).empty()) return false;
    e->places_of_birth.push_back(ParsePob(Trim(c)));
    return true;
  }
  if (ConsumePrefix(&c, "nationality ") || ConsumePrefix(&c, "Nationality ")) {
    std::string cc = CountryOrEmpty(c);
    if (cc.empty()) return false;
    AddUnique(&e->nationalities, cc);
    return true;
  }
  if (ConsumePrefix(&c, "citizen ")) {
    std::string cc = CountryOrEmpty(c);
    if (cc.empty()) return false;
    AddUnique(&e->citizenships, cc);
    return true;
  }
  if (ConsumePrefix(&c, "Gender ")) {
    Gender g = ParseGender(c);
    if (g == Gender::kUnknown) return false;
    e->gender = g;
    return true;
  }
  for (const DocLabel& dl : kDocLabels) {
    std::string_view rest = c;
    if (ConsumePrefix(&rest, dl.label) && (StartsWith(rest, " ") || StartsWith(rest, ": "))) {
      ConsumePrefix(&rest, ":");
      rest = Trim(rest);
      if (rest.empty()) return false;
      e->documents.push_back(ParseDocValue(dl.type, dl.label, rest));
      return true;
    }
  }
  for (std::string_view label : kContactLabels) {
    std::string_view rest = c;
    if (ConsumePrefix(&rest, label) && StartsWith(rest, " ")) {
      rest = Trim(rest);
      if (rest.empty()) return false;
      IdentityDocument d;
      d.type = "other";
      d.number = std::string(rest);
      d.note = std::string(label);
      e->documents.push_back(std::move(d));
      return true;
    }
  }
  return false;
}

}  // namespace

std::string OfacField(std::string_view raw) {
  std::string_view t = Trim(raw);
  if (t == "-0-") return {};
  return std::string(t);
}

std::vector<NamePart> SplitOfacPersonName(std::string_view name) {
  std::vector<NamePart> parts;
  size_t comma = name.find(',');
  if (comma == std::string_view::npos) return parts;
  std::string_view family = Trim(name.substr(0, comma));
  std::string_view given = Trim(name.substr(comma + 1));
  if (!family.empty()) parts.push_back({NamePartRole::kFamily, std::string(family)});
  if (!given.empty()) parts.push_back({NamePartRole::kGiven, std::string(given)});
  return parts;
}

void ApplyOfacRemarks(std::string_view remarks, Entity* e, OfacRemarkExtras* extras) {
  std::string_view r = Trim(remarks);
  if (!r.empty() && r.back() == '.') r.remove_suffix(1);
  std::string kept;
  for (std::string_view clause : SplitClauses(r)) {
    if (clause.empty()) continue;
    if (ApplyClause(clause, e, extras)) continue;
    if (!kept.empty()) kept += "; ";
    kept += clause;
  }
  if (!kept.empty()) {
    if (!e->remarks.empty()) e->remarks += "; ";
    e->remarks += kept;
  }
}

void AppendOfacNames(Name name, bool person, std::vector<Name>* names) {
  const size_t first = names->size();
  lists::AppendPackedNames(std::move(name), names);
  if (!person) return;
  for (size_t k = first; k < names->size(); ++k)
    if ((*names)[k].parts.empty()) (*names)[k].parts = SplitOfacPersonName((*names)[k].full);
}

}  // namespace tamis::lists_detail
