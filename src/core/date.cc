#include "core/date.h"

#include <cctype>
#include <string>
#include <vector>

#include "core/strings.h"

namespace tamis {
namespace {

int MonthFromName(std::string_view w) {
  static const char* kNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  std::string l = AsciiLower(w.substr(0, 3));
  for (int i = 0; i < 12; ++i)
    if (l == kNames[i]) return i + 1;
  return 0;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Value of a digit run; -1 for runs longer than 8 digits (no date part is that long, and
// longer runs would overflow).
int ToInt(std::string_view s) {
  if (s.size() > 8) return -1;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::optional<PartialDate> Valid(int y, int m, int d) {
  if (y < 1800 || y > 2200 || m < 0 || m > 12 || d < 0 || d > 31) return std::nullopt;
  if (m == 0 && d != 0) return std::nullopt;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m != 0 && d > kDays[m - 1]) return std::nullopt;
  return PartialDate{y, m, d};
}

// Splits on spaces, commas, '/', '-', '.' keeping tokens.
std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '/' || s[i] == '-' || s[i] == '.'))
      ++i;
    size_t b = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == ',' || s[i] == '/' || s[i] == '-' || s[i] == '.'))
      ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

}  // namespace

std::optional<PartialDate> ParsePartialDate(std::string_view text) {
  std::string_view t = Trim(text);
  if (t.empty()) return std::nullopt;
  if (t.size() == 8 && AllDigits(t)) return Valid(ToInt(t.substr(0, 4)), ToInt(t.substr(4, 2)), ToInt(t.substr(6, 2)));
  auto tok = Tokens(t);
  if (tok.empty() || tok.size() > 3) return std::nullopt;
  if (tok.size() == 1) {
    if (tok[0].size() == 4 && AllDigits(tok[0])) return Valid(ToInt(tok[0]), 0, 0);
    return std::nullopt;
  }
  // ISO order: year first.
  if (tok[0].size() == 4 && AllDigits(tok[0])) {
    if (tok.size() >= 2 && !AllDigits(tok[1])) return std::nullopt;
    int m = ToInt(tok[1]);
    int d = tok.size() == 3 && AllDigits(tok[2]) ? ToInt(tok[2]) : (tok.size() == 3 ? -1 : 0);
    return Valid(ToInt(tok[0]), m, d);
  }
  std::string_view last = tok.back();
  if (!(last.size() == 4 && AllDigits(last))) return std::nullopt;
  int y = ToInt(last);
  if (tok.size() == 2) {  // "Mar 1971" or "03/1971"
    int m = AllDigits(tok[0]) ? ToInt(tok[0]) : MonthFromName(tok[0]);
    if (m == 0 && !(AllDigits(tok[0]) && ToInt(tok[0]) == 0)) return std::nullopt;
    return Valid(y, m, 0);
  }
  // Three tokens: "15/03/1971", "00/00/1980", "15 Mar 1971", "March 15 1971".
  int d = 0, m = 0;
  if (AllDigits(tok[0]) && AllDigits(tok[1])) {
    d = ToInt(tok[0]);
    m = ToInt(tok[1]);
  } else if (AllDigits(tok[0])) {
    d = ToInt(tok[0]);
    m = MonthFromName(tok[1]);
    if (m == 0) return std::nullopt;
  } else if (AllDigits(tok[1])) {
    m = MonthFromName(tok[0]);
    d = ToInt(tok[1]);
    if (m == 0) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (m == 0) d = 0;  // "00/00/1980": unknown month means unknown day
  return Valid(y, m, d);
}

std::optional<DateOfBirth> ParseDateOfBirth(std::string_view text) {
  std::string_view t = Trim(text);
  if (t.empty()) return std::nullopt;
  std::string l = AsciiLower(t);
  DateOfBirth dob;
  dob.raw = std::string(t);
  static const char* kCirca[] = {"circa ", "approximately ", "approx. ", "approx ", "about ", "c. ", "ca. ", "ca ", "~"};
  for (const char* p : kCirca) {
    if (StartsWith(l, p)) {
      auto d = ParsePartialDate(t.substr(std::string_view(p).size()));
      if (!d) return std::nullopt;
      dob.kind = DateOfBirth::Kind::kCirca;
      dob.from = *d;
      return dob;
    }
  }
  auto range = [&](std::string_view a, std::string_view b) -> std::optional<DateOfBirth> {
    auto f = ParsePartialDate(a), e = ParsePartialDate(b);
    if (!f || !e) return std::nullopt;
    dob.kind = DateOfBirth::Kind::kRange;
    dob.from = *f;
    dob.to = *e;
    return dob;
  };
  if (StartsWith(l, "between ")) {
    size_t p = l.find(" and ");
    if (p != std::string::npos) return range(t.substr(8, p - 8), t.substr(p + 5));
  }
  for (const char* sep : {" to ", " - ", " – "}) {
    size_t p = l.find(sep);
    if (p != std::string::npos) return range(t.substr(0, p), t.substr(p + std::string_view(sep).size()));
  }
  // "1968-1970": two 4-digit years joined by a dash.
  if (t.size() == 9 && t[4] == '-' && AllDigits(t.substr(0, 4)) && AllDigits(t.substr(5)))
    return range(t.substr(0, 4), t.substr(5));
  auto d = ParsePartialDate(t);
  if (!d) return std::nullopt;
  dob.from = *d;
  if (dob.raw == d->ToString()) dob.raw.clear();
  return dob;
}

}  // namespace tamis
