#include "service/travel_weigh.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/names/prepared_name.h"
#include "core/text/tokenise.h"

namespace tamis {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return m >= 1 && m <= 12 ? kDays[m - 1] : 31;
}

struct Interval {
  int64_t first = 0, last = 0;  // day numbers, inclusive
};

// The days a partial date may stand for.
Interval IntervalOf(const PartialDate& d) {
  if (d.month < 1 || d.month > 12) return {DaysFromCivil(d.year, 1, 1), DaysFromCivil(d.year, 12, 31)};
  const int dim = DaysInMonth(d.year, d.month);
  if (d.day < 1 || d.day > dim) return {DaysFromCivil(d.year, d.month, 1), DaysFromCivil(d.year, d.month, dim)};
  const int64_t x = DaysFromCivil(d.year, d.month, d.day);
  return {x, x};
}

bool Full(const PartialDate& d) { return d.known() && d.month >= 1 && d.month <= 12 && d.day >= 1; }

int64_t YearsInDays(int years) { return static_cast<int64_t>(std::llround(years * 365.25)); }

Interval Widen(Interval v, int64_t days) { return {v.first - days, v.last + days}; }

bool Overlap(const Interval& a, const Interval& b) { return a.first <= b.last && b.first <= a.last; }

std::string ListedText(const DateOfBirth& d) {
  switch (d.kind) {
    case DateOfBirth::Kind::kRange: return d.from.ToString() + " to " + (d.to.known() ? d.to : d.from).ToString();
    case DateOfBirth::Kind::kCirca: return "circa " + d.from.ToString();
    case DateOfBirth::Kind::kExact: break;
  }
  return d.from.ToString();
}

bool IsPassportType(std::string_view t) { return !t.empty() && t[0] == 'P'; }
bool IsIdCardType(std::string_view t) {
  return t == "I" || t == "ID" || t == "C" || t == "A" || t == "IR" || t == "IP" || (t.size() == 2 && t[0] == 'I');
}

}  // namespace

std::string_view DobMatchName(DobMatch m) {
  switch (m) {
    case DobMatch::kUnknown: return "unknown";
    case DobMatch::kExact: return "exact";
    case DobMatch::kWindow: return "window";
    case DobMatch::kNear: return "near";
    case DobMatch::kOff: return "off";
  }
  return "unknown";
}

DobMatch CompareTravelDob(const PartialDate& traveller, const std::vector<DateOfBirth>& listed,
                          const DobWindowOptions& o, std::string* detail) {
  if (!traveller.known()) return DobMatch::kUnknown;
  const Interval t = IntervalOf(traveller);
  const int64_t widen = YearsInDays(std::max(0, o.tolerance_years)) + std::max(0, o.tolerance_days);
  const int64_t near = YearsInDays(std::max(0, o.near_years));
  bool any = false;
  const DateOfBirth* window = nullptr;
  const DateOfBirth* near_one = nullptr;
  bool swapped = false;
  for (const auto& d : listed) {
    if (!d.from.known()) continue;
    any = true;
    if (d.kind == DateOfBirth::Kind::kExact && Full(d.from) && Full(traveller) && d.from == traveller) {
      if (detail) *detail = "exact date " + traveller.ToString();
      return DobMatch::kExact;
    }
    Interval w = IntervalOf(d.from);
    if (d.kind == DateOfBirth::Kind::kRange && d.to.known()) w.last = std::max(w.last, IntervalOf(d.to).last);
    if (d.kind == DateOfBirth::Kind::kCirca) w = Widen(w, YearsInDays(std::max(o.circa_years, 0)));
    w = Widen(w, widen);
    if (Overlap(t, w)) {
      if (!window) window = &d;
      continue;
    }
    if (o.day_month_swap && d.kind == DateOfBirth::Kind::kExact && Full(d.from) && Full(traveller) &&
        d.from.day <= 12 && d.from.day != d.from.month && traveller.year == d.from.year &&
        traveller.month == d.from.day && traveller.day == d.from.month) {
      if (!window) window = &d, swapped = true;
      continue;
    }
    if (Overlap(t, Widen(w, near)) && !near_one) near_one = &d;
  }
  if (!any) return DobMatch::kUnknown;
  if (window) {
    if (detail)
      *detail = traveller.ToString() + (swapped ? " is listed " : " within listed ") + ListedText(*window) +
                (swapped ? " with day and month swapped" : "");
    return DobMatch::kWindow;
  }
  if (near_one) {
    if (detail) *detail = traveller.ToString() + " near listed " + ListedText(*near_one);
    return DobMatch::kNear;
  }
  if (detail) *detail = "no listed date of birth near " + traveller.ToString();
  return DobMatch::kOff;
}

std::string TravelDocumentKey(std::string_view number) {
  std::string k;
  k.reserve(number.size());
  for (char ch : number) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch == 'O') ch = '0';
    if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) k.push_back(ch);
  }
  return k;
}

bool DocumentTypesCompatible(std::string_view travel_type, std::string_view listed_type) {
  if (!travel_type.empty() && travel_type[0] == 'V') return false;  // a visa is no identity document
  if (listed_type.empty() || listed_type == "other") return true;
  if (travel_type.empty()) return listed_type == "passport" || listed_type == "national_id";
  if (IsPassportType(travel_type)) return listed_type == "passport";
  if (IsIdCardType(travel_type)) return listed_type == "national_id";
  return false;
}

const std::vector<TravelDocumentIndex::Posting>& TravelDocumentIndex::Find(const std::string& key) const {
  static const std::vector<Posting> kNone;
  if (key.size() < names::kMinDocumentKey) return kNone;
  auto it = map_.find(key);
  return it == map_.end() ? kNone : it->second;
}

DocumentMatch MatchDocument(const TravelDocument& doc, const IdentityDocument& listed, const TravelWeights& w) {
  DocumentMatch m;
  if (!DocumentTypesCompatible(doc.type, listed.type)) return m;
  std::string what = (doc.type.empty() ? "document" : doc.type) + " " + doc.number + " equal to listed " +
                     (listed.type.empty() ? "document" : listed.type) + " " + listed.number;
  if (doc.number != listed.number && TravelDocumentKey(doc.number) == TravelDocumentKey(listed.number) &&
      [&] {  // say when only the O/0 reading made them equal
        std::string a, b;
        for (char c : doc.number) if (std::isalnum(static_cast<unsigned char>(c))) a.push_back(static_cast<char>(std::toupper(c)));
        for (char c : listed.number) if (std::isalnum(static_cast<unsigned char>(c))) b.push_back(static_cast<char>(std::toupper(c)));
        return a != b;
      }())
    what += " (letter O read as zero)";
  if (doc.issuer_iso.empty() || listed.country_code.empty()) {
    m.floor = w.document_unknown_country;
    m.detail = what + ", issuing country not known on both sides";
  } else if (doc.issuer_iso == listed.country_code) {
    m.floor = w.document_same_country;
    m.detail = what + ", issued by " + doc.issuer_iso + " on both";
  } else {
    m.floor = w.document_other_country;
    m.detail = what + ", but issued by " + doc.issuer_iso + " against listed " + listed.country_code;
  }
  return m;
}

void TravelAdjustments(const Traveller& t, const Entity& e, double name_score, double threshold,
                       const DobWindowOptions& dob, const TravelWeights& w, std::vector<names::Adjustment>* out) {
  if (name_score + 1e-9 < threshold - w.attributes_from) return;
  std::string detail;
  switch (CompareTravelDob(t.dob, e.dates_of_birth, dob, &detail)) {
    case DobMatch::kExact: out->push_back({"dob", w.dob_exact, std::move(detail)}); break;
    case DobMatch::kWindow: out->push_back({"dob", w.dob_window, std::move(detail)}); break;
    case DobMatch::kNear: out->push_back({"dob", 0.0, std::move(detail)}); break;
    case DobMatch::kOff: out->push_back({"dob", w.dob_off, std::move(detail)}); break;
    case DobMatch::kUnknown: break;
  }
  // The traveller's nationalities, and the countries that issued their documents.
  std::vector<std::string> mine = t.nationalities_iso;
  for (const auto& d : t.documents)
    if (!d.issuer_iso.empty() && (d.type.empty() || d.type[0] != 'V')) mine.push_back(d.issuer_iso);
  if (!mine.empty()) {
    bool known = false, shared = false;
    std::string common;
    for (const auto* list : {&e.nationalities, &e.citizenships})
      for (const auto& c : *list) {
        known = true;
        if (!shared && std::find(mine.begin(), mine.end(), c) != mine.end()) shared = true, common = c;
      }
    if (shared) out->push_back({"nationality", w.nationality_shared, "shared nationality " + common});
    else if (known) out->push_back({"nationality", w.nationality_off, "no shared nationality"});
  }
  if (t.gender != Gender::kUnknown && e.gender != Gender::kUnknown && t.gender != e.gender)
    out->push_back({"gender", w.gender_off, "gender differs"});
}

}  // namespace tamis

namespace tamis {

namespace {

// Words of a name: runs of letters and digits (bytes >= 0x80 kept), ASCII upper-cased.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || u >= 0x80) {
      cur.push_back(static_cast<char>(std::toupper(u)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

bool FamilyNameAbsent(std::string_view traveller_name, const Name& listed, std::string* family) {
  std::string fam;
  for (const auto& p : listed.parts)
    if (p.role == NamePartRole::kFamily && !p.value.empty()) fam += (fam.empty() ? "" : " ") + p.value;
  const std::vector<std::string> mine = Words(traveller_name);
  if (fam.empty() || mine.empty()) return false;
  if (family) *family = fam;
  const std::vector<std::string> theirs = Words(fam);
  const names::PreparedName f = names::PrepareName(fam, EntityKind::kPerson);
  // A family name of particles or one- and two-letter words alone ("AL", "DI") says nothing.
  bool informative = false;
  for (const auto& w : theirs) informative |= w.size() >= 3;
  for (size_t j = 0; j < f.tokens.size(); ++j)
    if (f.has(j, text::kTokenParticle)) informative &= f.tokens.size() > 1;
  if (!informative) return false;
  // Written the same: one of the traveller's words, or adjacent ones joined, is a family word
  // or the whole family name joined ("ALTIKRITI" for "AL-TIKRITI", "AL TIKRITI" for it too).
  std::vector<std::string> particles;  // "AL", "BIN", "DI": no evidence on their own
  for (size_t j = 0; j < f.tokens.size(); ++j)
    if (f.has(j, text::kTokenParticle)) particles.push_back(Words(f.text(j)).empty() ? "" : Words(f.text(j))[0]);
  std::string joined;
  for (const auto& w : theirs) joined += w;
  for (size_t i = 0; i < mine.size(); ++i) {
    if (std::find(particles.begin(), particles.end(), mine[i]) == particles.end() &&
        std::find(theirs.begin(), theirs.end(), mine[i]) != theirs.end())
      return false;
    std::string run;
    for (size_t k = i; k < mine.size() && run.size() < joined.size(); ++k) {
      run += mine[k];
      if (run == joined) return false;
    }
  }
  // Spelt otherwise: a token pair the name engine finds similar (transliterations, typos). The
  // traveller's words are prepared one by one: a word prepared within a name may be read as
  // something else (a company's legal form at the end of a name).
  for (const auto& w : mine) {
    const names::PreparedName t = names::PrepareName(w, EntityKind::kPerson);
    for (size_t i = 0; i < t.tokens.size(); ++i)
      for (size_t j = 0; j < f.tokens.size(); ++j) {
        if (f.has(j, text::kTokenParticle)) continue;
        if (names::TokenSimilarity(t, i, f, j) >= 0.80f) return false;
      }
  }
  return true;
}

}  // namespace tamis
