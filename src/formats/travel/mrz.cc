#include "formats/travel/mrz.h"

#include <utility>

namespace tamis {
namespace {

struct Span {
  int line = -1;  // -1 = the format has no such field
  int start = 0;
  int end = 0;
  bool present() const { return line >= 0; }
};

enum class Kind { kAlpha, kNumeric, kAlnum };

// Where each field sits in one format.
struct Layout {
  MrzFormat format;
  Span code, issuer, number, number_check, nationality, dob, dob_check, sex, expiry, expiry_check;
  Span optional1, optional1_check, optional2, composite;
  Span name;            // surname<<given<names (TD1/2/3, MRV)
  Span surname, given;  // French card: separate fields
  std::vector<Span> composite_over;
  bool long_number = false;  // TD1 / TD2: number may continue in the optional data
};

Layout LayoutFor(MrzFormat f) {
  Layout l;
  l.format = f;
  auto S = [](int line, int a, int b) { return Span{line, a, b}; };
  switch (f) {
    case MrzFormat::kTd1:
      l.code = S(0, 0, 2);
      l.issuer = S(0, 2, 5);
      l.number = S(0, 5, 14);
      l.number_check = S(0, 14, 15);
      l.optional1 = S(0, 15, 30);
      l.dob = S(1, 0, 6);
      l.dob_check = S(1, 6, 7);
      l.sex = S(1, 7, 8);
      l.expiry = S(1, 8, 14);
      l.expiry_check = S(1, 14, 15);
      l.nationality = S(1, 15, 18);
      l.optional2 = S(1, 18, 29);
      l.composite = S(1, 29, 30);
      l.name = S(2, 0, 30);
      l.composite_over = {S(0, 5, 30), S(1, 0, 7), S(1, 8, 15), S(1, 18, 29)};
      l.long_number = true;
      break;
    case MrzFormat::kTd2:
    case MrzFormat::kTd3:
    case MrzFormat::kMrvA:
    case MrzFormat::kMrvB: {
      const int w = (f == MrzFormat::kTd3 || f == MrzFormat::kMrvA) ? 44 : 36;
      l.code = S(0, 0, 2);
      l.issuer = S(0, 2, 5);
      l.name = S(0, 5, w);
      l.number = S(1, 0, 9);
      l.number_check = S(1, 9, 10);
      l.nationality = S(1, 10, 13);
      l.dob = S(1, 13, 19);
      l.dob_check = S(1, 19, 20);
      l.sex = S(1, 20, 21);
      l.expiry = S(1, 21, 27);
      l.expiry_check = S(1, 27, 28);
      if (f == MrzFormat::kTd3) {
        l.optional1 = S(1, 28, 42);
        l.optional1_check = S(1, 42, 43);
        l.composite = S(1, 43, 44);
        l.composite_over = {S(1, 0, 10), S(1, 13, 20), S(1, 21, 43)};
      } else if (f == MrzFormat::kTd2) {
        l.optional1 = S(1, 28, 35);
        l.composite = S(1, 35, 36);
        l.composite_over = {S(1, 0, 10), S(1, 13, 20), S(1, 21, 35)};
        l.long_number = true;
      } else {
        l.optional1 = S(1, 28, w);
      }
      break;
    }
    case MrzFormat::kFrenchId:
      l.code = S(0, 0, 2);
      l.issuer = S(0, 2, 5);
      l.surname = S(0, 5, 30);
      l.optional2 = S(0, 30, 36);
      l.number = S(1, 0, 12);
      l.number_check = S(1, 12, 13);
      l.given = S(1, 13, 27);
      l.dob = S(1, 27, 33);
      l.dob_check = S(1, 33, 34);
      l.sex = S(1, 34, 35);
      l.composite = S(1, 35, 36);
      l.composite_over = {S(0, 0, 36), S(1, 0, 35)};
      break;
  }
  return l;
}

char Fix(char c, Kind k) {
  if (k == Kind::kNumeric) {
    switch (c) {
      case 'O':
      case 'Q':
      case 'D':
        return '0';
      case 'I':
      case 'L':
        return '1';
      case 'Z':
        return '2';
      case 'S':
        return '5';
      case 'G':
        return '6';
      case 'B':
        return '8';
      default:
        return c;
    }
  }
  if (k == Kind::kAlpha) {
    switch (c) {
      case '0':
        return 'O';
      case '1':
        return 'I';
      case '2':
        return 'Z';
      case '5':
        return 'S';
      case '6':
        return 'G';
      case '8':
        return 'B';
      default:
        return c;
    }
  }
  return c;
}

void Correct(std::vector<std::string>* lines, const Span& s, Kind k,
             std::vector<MrzCorrection>* out) {
  if (!s.present()) return;
  for (int i = s.start; i < s.end; ++i) {
    char& c = (*lines)[s.line][i];
    char f = Fix(c, k);
    if (f != c) {
      out->push_back({s.line, i, c, f});
      c = f;
    }
  }
}

std::string Trim(std::string_view s) {
  while (!s.empty() && s.back() == '<') s.remove_suffix(1);
  while (!s.empty() && s.front() == '<') s.remove_prefix(1);
  std::string r(s);
  for (auto& c : r)
    if (c == '<') c = ' ';
  return r;
}

// "A<B<<C" split on '<' into non-empty words.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == '<') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

class Checker {
 public:
  Checker(const std::vector<std::string>& lines, const MrzOptions& o, MrzResult* r)
      : lines_(lines), opts_(o), r_(r) {}

  std::string_view Raw(const Span& s) const {
    if (!s.present()) return {};
    return std::string_view(lines_[s.line]).substr(s.start, s.end - s.start);
  }

  void Issue(const Span& s, std::string field, std::string message) {
    r_->issues.push_back({std::move(field), std::move(message), s.line, s.start});
  }

  // Checks `check` (one character) against the digit of `data`. An all-filler field may have
  // a '<' check digit when `filler_ok`.
  // `alt`, when not empty, is a second text whose digit is accepted too.
  void CheckDigit(std::string_view data, const Span& check, const std::string& field,
                  bool filler_ok, std::string_view alt = {}) {
    char c = Raw(check)[0];
    int want = MrzCheckDigit(data);
    if (!alt.empty() && c >= '0' && c <= '9' && MrzCheckDigit(alt) == c - '0') return;
    bool empty = data.find_first_not_of('<') == std::string_view::npos;
    if (filler_ok && empty && (c == '<' || c == '0')) return;
    if (want < 0) {
      Issue(check, field, "cannot compute check digit over \"" + std::string(data) + "\"");
      return;
    }
    if (c < '0' || c > '9' || c - '0' != want)
      Issue(check, field,
            std::string("invalid check digit: ") + c + ". Must be " + std::to_string(want));
  }

  void State(const Span& s, const std::string& field, std::string* out, std::string* iso) {
    *out = Trim(Raw(s));
    bool known = false;
    *iso = IcaoToIso(*out, &known);
    if (!known || (*out == "UTO" && !opts_.accept_specimen_state))
      Issue(s, field, "invalid state code: " + *out);
  }

  void Date(const Span& s, const std::string& field, int future, std::string* raw,
            PartialDate* out) {
    *raw = std::string(Raw(s));
    auto d = ParseTravelDate(*raw, opts_.reference_year, future);
    if (!d)
      Issue(s, field, "invalid date: " + *raw);
    else
      *out = *d;
  }

 private:
  const std::vector<std::string>& lines_;
  const MrzOptions& opts_;
  MrzResult* r_;
};

void Check(const Layout& l, const std::vector<std::string>& lines, const MrzOptions& o,
           MrzResult* r) {
  Checker k(lines, o, r);
  MrzFields& f = r->fields;
  f.document_code = Trim(k.Raw(l.code));
  if (f.document_code.empty()) k.Issue(l.code, "documentCode", "missing document code");
  k.State(l.issuer, "issuingState", &f.issuing_state, &f.issuing_state_iso);
  if (l.format == MrzFormat::kFrenchId) {
    f.nationality_iso = "FR";
  } else {
    k.State(l.nationality, "nationality", &f.nationality, &f.nationality_iso);
  }

  // Document number, possibly continued in the optional data (number check digit '<'). The
  // long form's digit is computed over the number and its continuation (ICAO 9303-5 4.2.4);
  // some issuers (BEL-BO-03003) keep the filler between them. Either is accepted, as the
  // cheminfo/mrz reference does.
  std::string_view num = k.Raw(l.number);
  std::string plain(num), with_filler;
  Span number_check = l.number_check;
  if (l.long_number && k.Raw(l.number_check) == "<") {
    std::string_view opt = k.Raw(l.optional1);
    size_t end = opt.find('<');
    if (end == std::string_view::npos) end = opt.size();
    if (end > 0) {
      std::string_view more = opt.substr(0, end - 1);
      plain = std::string(num) + std::string(more);
      with_filler = std::string(num) + "<" + std::string(more);
      const int col = l.optional1.start + static_cast<int>(end) - 1;
      number_check = Span{l.optional1.line, col, col + 1};
    }
  }
  f.document_number = Trim(plain);
  if (f.document_number.empty()) k.Issue(l.number, "documentNumber", "missing document number");
  k.CheckDigit(plain, number_check, "documentNumberCheckDigit", false, with_filler);

  k.Date(l.dob, "birthDate", 0, &f.birth_date, &f.dob);
  k.CheckDigit(k.Raw(l.dob), l.dob_check, "birthDateCheckDigit", false);
  if (l.expiry.present()) {
    k.Date(l.expiry, "expirationDate", 50, &f.expiry_date, &f.expiry);
    k.CheckDigit(k.Raw(l.expiry), l.expiry_check, "expirationDateCheckDigit", false);
  }
  char sex = k.Raw(l.sex)[0];
  if (sex == 'M' || sex == 'F' || sex == 'X')
    f.sex = std::string(1, sex);
  else if (sex != '<')
    k.Issue(l.sex, "sex", std::string("invalid sex: ") + sex);

  f.optional1 = Trim(k.Raw(l.optional1));
  f.optional2 = Trim(k.Raw(l.optional2));
  if (l.optional1_check.present())
    k.CheckDigit(k.Raw(l.optional1), l.optional1_check, "personalNumberCheckDigit", true);
  if (l.composite.present()) {
    std::string over;
    for (const auto& s : l.composite_over) over += k.Raw(s);
    k.CheckDigit(over, l.composite, "compositeCheckDigit", false);
  }

  // Names.
  if (l.name.present()) {
    std::string_view name = k.Raw(l.name);
    f.name_truncated = !name.empty() && name.back() != '<';
    size_t sep = name.find("<<");
    std::string_view sur = sep == std::string_view::npos ? name : name.substr(0, sep);
    std::string_view given =
        sep == std::string_view::npos ? std::string_view() : name.substr(sep + 2);
    f.surname = Trim(sur);
    f.given_names = Words(given);
  } else {
    std::string_view sur = k.Raw(l.surname);
    std::string_view given = k.Raw(l.given);
    f.name_truncated =
        (!sur.empty() && sur.back() != '<') || (!given.empty() && given.back() != '<');
    f.surname = Trim(sur);
    // The French card separates first names by "<<"; a single '<' joins a compound name.
    std::string_view g = given;
    while (!g.empty()) {
      size_t p = g.find("<<");
      std::string w = Trim(g.substr(0, p));
      if (!w.empty()) f.given_names.push_back(w);
      if (p == std::string_view::npos) break;
      g.remove_prefix(p + 2);
    }
  }
  if (f.surname.empty() && f.given_names.empty())
    k.Issue(l.name.present() ? l.name : l.surname, "name", "empty name");
}

void Autocorrect(const Layout& l, std::vector<std::string>* lines,
                 std::vector<MrzCorrection>* out) {
  Correct(lines, l.code, Kind::kAlpha, out);
  Correct(lines, l.issuer, Kind::kAlpha, out);
  Correct(lines, l.name, Kind::kAlpha, out);
  Correct(lines, l.surname, Kind::kAlpha, out);
  Correct(lines, l.given, Kind::kAlpha, out);
  if (l.format == MrzFormat::kFrenchId) {
    // YYMM, office (alphanumeric), then a numeric sequence.
    Correct(lines, Span{1, 0, 4}, Kind::kNumeric, out);
    Correct(lines, Span{1, 7, 12}, Kind::kNumeric, out);
  }
  Correct(lines, l.number_check, Kind::kNumeric, out);
  Correct(lines, l.nationality, Kind::kAlpha, out);
  Correct(lines, l.dob, Kind::kNumeric, out);
  Correct(lines, l.dob_check, Kind::kNumeric, out);
  Correct(lines, l.expiry, Kind::kNumeric, out);
  Correct(lines, l.expiry_check, Kind::kNumeric, out);
  Correct(lines, l.optional1_check, Kind::kNumeric, out);
  Correct(lines, l.composite, Kind::kNumeric, out);
}

}  // namespace

std::string_view MrzFormatName(MrzFormat f) {
  switch (f) {
    case MrzFormat::kTd1:
      return "TD1";
    case MrzFormat::kTd2:
      return "TD2";
    case MrzFormat::kTd3:
      return "TD3";
    case MrzFormat::kMrvA:
      return "MRV-A";
    case MrzFormat::kMrvB:
      return "MRV-B";
    case MrzFormat::kFrenchId:
      return "FRENCH_NATIONAL_ID";
  }
  return "";
}

int MrzCheckDigit(std::string_view s) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'A' && c <= 'Z')
      v = c - 'A' + 10;
    else if (c == '<')
      v = 0;
    else
      return -1;
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

Traveller MrzResult::ToTraveller() const {
  Traveller t;
  t.role = TravellerRole::kPassenger;
  t.role_code = "MRZ";
  t.surname = fields.surname;
  t.given_names = fields.given_names;
  t.gender = fields.sex == "M"   ? Gender::kMale
             : fields.sex == "F" ? Gender::kFemale
                                 : Gender::kUnknown;
  t.dob = fields.dob;
  if (!fields.nationality.empty()) t.nationalities.push_back(fields.nationality);
  if (!fields.nationality_iso.empty()) t.nationalities_iso.push_back(fields.nationality_iso);
  TravelDocument d;
  d.number = fields.document_number;
  d.type = fields.document_code;
  d.issuer = fields.issuing_state;
  d.issuer_iso = fields.issuing_state_iso;
  d.expiry = fields.expiry;
  t.documents.push_back(std::move(d));
  return t;
}

Result<MrzResult> ParseMrz(std::string_view text, const MrzOptions& options) {
  std::vector<std::string> lines;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && (cur.back() == ' ' || cur.back() == '\r' || cur.back() == '\t'))
      cur.pop_back();
    size_t b = cur.find_first_not_of(" \t");
    if (b != std::string::npos) lines.push_back(cur.substr(b));
    cur.clear();
  };
  for (char c : text) {
    if (c == '\n' || c == '|')
      flush();
    else
      cur += c;
  }
  flush();
  for (size_t i = 0; i < lines.size(); ++i)
    for (size_t j = 0; j < lines[i].size(); ++j) {
      char c = lines[i][j];
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'))
        return ParseError("MRZ line " + std::to_string(i + 1) + " column " + std::to_string(j + 1) +
                          ": invalid character (only A-Z, 0-9 and '<')");
    }
  auto shape = [&] {
    std::string s = std::to_string(lines.size()) + " line(s) of length";
    for (const auto& l : lines) s += " " + std::to_string(l.size());
    return s;
  };
  MrzFormat format;
  if (lines.size() == 3 && lines[0].size() == 30 && lines[1].size() == 30 &&
      lines[2].size() == 30) {
    format = MrzFormat::kTd1;
  } else if (lines.size() == 2 && lines[0].size() == 44 && lines[1].size() == 44) {
    format = lines[0][0] == 'V' ? MrzFormat::kMrvA : MrzFormat::kTd3;
  } else if (lines.size() == 2 && lines[0].size() == 36 && lines[1].size() == 36) {
    if (lines[0].compare(0, 5, "IDFRA") == 0 ||
        (options.autocorrect && lines[0].compare(2, 3, "FRA") == 0 &&
         (lines[0][0] == 'I' || lines[0][0] == '1') && lines[0][1] == 'D'))
      format = MrzFormat::kFrenchId;
    else
      format = lines[0][0] == 'V' ? MrzFormat::kMrvB : MrzFormat::kTd2;
  } else {
    return ParseError(
        "MRZ: " + shape() +
        " is no known format (TD1 3x30, TD2 / MRV-B / French ID 2x36, TD3 / MRV-A 2x44)");
  }
  MrzResult r;
  r.format = format;
  Layout l = LayoutFor(format);
  if (options.autocorrect) Autocorrect(l, &lines, &r.corrections);
  Check(l, lines, options, &r);
  return r;
}

}  // namespace tamis
