#include "formats/travel/travel.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <cctype>

#include "core/country.h"

namespace tamis {
namespace {

// ICAO Doc 9303 part 3 codes that are not ISO 3166-1 alpha-3, with the ISO code they stand for
// ("" = an organisation, a status or a specimen: known, but no state).
constexpr std::pair<std::string_view, std::string_view> kIcaoCodes[] = {
    {"D", "DE"},   {"GBD", "GB"}, {"GBN", "GB"}, {"GBO", "GB"}, {"GBP", "GB"}, {"GBS", "GB"},
    {"EUE", "EU"}, {"RKS", "XK"}, {"UNO", ""},   {"UNA", ""},   {"UNK", "XK"}, {"XBA", ""},
    {"XIM", ""},   {"XCC", ""},   {"XCE", ""},   {"XCO", ""},   {"XEC", ""},   {"XES", ""},
    {"XMP", ""},   {"XOM", ""},   {"XPO", ""},   {"XXA", ""},   {"XXB", ""},   {"XXC", ""},
    {"XXX", ""},   {"UTO", ""},   {"ANT", "AN"}, {"NTZ", ""},   {"XDC", ""},   {"XAA", ""},
};

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

int Century(int yy, int reference_year, int future_years) {
  int y = (reference_year / 100) * 100 + yy;
  if (y > reference_year + future_years) y -= 100;
  if (y <= reference_year + future_years - 100) y += 100;
  return y;
}

std::optional<PartialDate> MakeDate(int year, std::string_view mm, std::string_view dd) {
  PartialDate d;
  d.year = year;
  auto part = [](std::string_view s, int max, int* out) {
    if (s == "00" || s == "<<" || s == "XX") return true;  // unknown
    if (!AllDigits(s)) return false;
    int v = Num(s);
    if (v < 1 || v > max) return false;
    *out = v;
    return true;
  };
  if (!part(mm, 12, &d.month) || !part(dd, 31, &d.day)) return std::nullopt;
  if (d.month == 0) d.day = 0;
  if (d.day > 0) {
    static constexpr std::array<int, 13> kDays = {0,  31, 29, 31, 30, 31, 30,
                                                  31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (d.day > kDays[d.month] || (d.month == 2 && d.day == 29 && !leap)) return std::nullopt;
  }
  return d;
}

}  // namespace

std::string_view TravellerRoleName(TravellerRole r) {
  switch (r) {
    case TravellerRole::kPassenger:
      return "passenger";
    case TravellerRole::kCrew:
      return "crew";
    case TravellerRole::kOther:
      return "other";
  }
  return "other";
}

std::string_view PartialDateText(const PartialDate& d, char (&buf)[16], std::string* spill) {
  if (d.year == 0) return {};
  if (d.year < 1 || d.year > 9999 || d.month < 0 || d.month > 99 || d.day < 0 || d.day > 99) {
    *spill = d.ToString();
    return *spill;
  }
  auto two = [&](char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  two(buf, d.year / 100);
  two(buf + 2, d.year % 100);
  if (d.month == 0) return std::string_view(buf, 4);
  buf[4] = '-';
  two(buf + 5, d.month);
  if (d.day == 0) return std::string_view(buf, 7);
  buf[7] = '-';
  two(buf + 8, d.day);
  return std::string_view(buf, 10);
}

std::string Traveller::FullName() const {
  std::string s;
  for (const auto& g : given_names) {
    if (g.empty()) continue;
    if (!s.empty()) s += ' ';
    s += g;
  }
  if (!surname.empty()) {
    if (!s.empty()) s += ' ';
    s += surname;
  }
  return s;
}

namespace {

std::string IcaoToIsoSlow(std::string_view code, bool* known);

// IcaoToIso of every two- and three-letter upper-case code, filled as codes are met (the
// answers of a pure function, so threads racing on an entry write the same value). An entry:
// 0 = not yet known; else bit 15 set, bit 14 = `known`, bits 0..9 the ISO code's two letters
// ((a - 'A' + 1) * 27 + b - 'A' + 1), 0 when it is "".
constexpr size_t kCodeSlots = 26 * 26 * 26 + 26 * 26;
std::atomic<uint16_t> g_code_memo[kCodeSlots];

int CodeSlot(std::string_view c) {
  for (char ch : c)
    if (ch < 'A' || ch > 'Z') return -1;
  if (c.size() == 3) return ((c[0] - 'A') * 26 + (c[1] - 'A')) * 26 + (c[2] - 'A');
  if (c.size() == 2) return 26 * 26 * 26 + (c[0] - 'A') * 26 + (c[1] - 'A');
  return -1;
}

}  // namespace

std::string IcaoToIso(std::string_view code, bool* known) {
  const int slot = CodeSlot(code);
  if (slot < 0) return IcaoToIsoSlow(code, known);
  uint16_t v = g_code_memo[slot].load(std::memory_order_relaxed);
  if (v == 0) {
    bool k = false;
    const std::string iso = IcaoToIsoSlow(code, &k);
    const bool letters = iso.size() == 2 && iso[0] >= 'A' && iso[0] <= 'Z' && iso[1] >= 'A' && iso[1] <= 'Z';
    if (!iso.empty() && !letters) {  // (not two letters: not memoised)
      if (known) *known = k;
      return iso;
    }
    v = static_cast<uint16_t>(0x8000 | (k ? 0x4000 : 0) | (iso.empty() ? 0 : (iso[0] - 'A' + 1) * 27 + (iso[1] - 'A' + 1)));
    g_code_memo[slot].store(v, std::memory_order_relaxed);
  }
  if (known) *known = (v & 0x4000) != 0;
  const int two = v & 0x3ff;
  if (two == 0) return "";
  const char iso[2] = {static_cast<char>('A' + two / 27 - 1), static_cast<char>('A' + two % 27 - 1)};
  return std::string(iso, 2);
}

namespace {

std::string IcaoToIsoSlow(std::string_view code, bool* known) {
  std::string up;
  for (char c : code)
    if (c != '<' && c != ' ') up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& [icao, iso] : kIcaoCodes) {
    if (up == icao) {
      if (known) *known = true;
      return std::string(iso);
    }
  }
  if (up.size() == 2 || up.size() == 3) {
    if (auto cc = CountryCode(up)) {
      if (known) *known = true;
      return *cc;
    }
  }
  if (known) *known = false;
  return "";
}

}  // namespace

std::optional<PartialDate> ParseTravelDate(std::string_view t, int reference_year,
                                           int future_years) {
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  if (t.size() == 7 && std::isdigit(static_cast<unsigned char>(t[0])) && AllDigits(t.substr(5))) {
    // DDMMMYY
    static constexpr std::string_view kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    std::string mon;
    for (char c : t.substr(2, 3))
      mon += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (int m = 0; m < 12; ++m) {
      if (mon == kMonths[m]) {
        std::string mm = (m + 1 < 10 ? "0" : "") + std::to_string(m + 1);
        return MakeDate(Century(Num(t.substr(5)), reference_year, future_years), mm,
                        t.substr(0, 2));
      }
    }
    return std::nullopt;
  }
  // YYMMDD / CCYYMMDD, with '<' allowed for unknown month / day (MRZ).
  auto digits_or_fill = [](std::string_view s) {
    for (char c : s)
      if (!(c >= '0' && c <= '9') && c != '<') return false;
    return true;
  };
  if ((t.size() == 6 || t.size() == 10) && AllDigits(t.substr(0, 2)) &&
      digits_or_fill(t.substr(2, 4)) && (t.size() == 6 || AllDigits(t.substr(6))))
    return MakeDate(Century(Num(t.substr(0, 2)), reference_year, future_years), t.substr(2, 2),
                    t.substr(4, 2));
  if ((t.size() == 8 || t.size() == 12) && AllDigits(t.substr(0, 4)) &&
      digits_or_fill(t.substr(4, 4)) && (t.size() == 8 || AllDigits(t.substr(8))))
    return MakeDate(Num(t.substr(0, 4)), t.substr(4, 2), t.substr(6, 2));
  return std::nullopt;
}

std::string EdifactDateTime(std::string_view t) {
  if (!AllDigits(t)) return "";
  std::string ymd;
  std::string_view rest;
  if (t.size() == 10 || t.size() == 6) {
    ymd = "20" + std::string(t.substr(0, 2)) + "-" + std::string(t.substr(2, 2)) + "-" +
          std::string(t.substr(4, 2));
    rest = t.substr(6);
  } else if (t.size() == 12 || t.size() == 8) {
    ymd = std::string(t.substr(0, 4)) + "-" + std::string(t.substr(4, 2)) + "-" +
          std::string(t.substr(6, 2));
    rest = t.substr(8);
  } else {
    return "";
  }
  if (rest.size() == 4)
    ymd += "T" + std::string(rest.substr(0, 2)) + ":" + std::string(rest.substr(2, 2));
  return ymd;
}

}  // namespace tamis
