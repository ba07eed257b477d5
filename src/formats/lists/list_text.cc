#include "formats/lists/list_text.h"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <map>
#include <utility>

#include "core/date.h"
#include "core/strings.h"

namespace tamis::lists {

std::string DetectScript(std::string_view utf8) {
  std::map<int, int> counts;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(utf8.size(), 1 << 20));
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return "";  // invalid UTF-8
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &err);
    if (U_FAILURE(err) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_LATIN ||
        sc == USCRIPT_UNKNOWN)
      continue;
    ++counts[sc];
  }
  int best = -1, best_count = 0;
  for (const auto& [sc, count] : counts) {
    if (count > best_count) best = sc, best_count = count;
  }
  if (best < 0) return "";
  const char* name = uscript_getShortName(static_cast<UScriptCode>(best));
  return name ? name : "";
}

std::string NormaliseDocumentType(std::string_view text) {
  std::string t = AsciiLower(text);
  auto has = [&](std::string_view w) { return t.find(w) != std::string::npos; };
  if (has("passport") || has("passeport") || has("pasaporte") || has("pasport")) return "passport";
  if (has("social security")) return "ssn";
  if (has("driv")) return "driving_licence";
  if (has("fiscal") || has("tax")) return "tax_id";
  if (has("swift") || has("bic")) return "swift_bic";
  if (has("imo")) return "imo";
  if (has("mmsi")) return "mmsi";
  if (has("regnumber") || has("registration")) return "registration";
  if (has("ident") || has("national number") || has("tazkira") || has("civil id") ||
      has("id card") || has("personalausweis") || t == "id" || has("national no"))
    return "national_id";
  return "other";
}

std::string JoinNonEmpty(const std::vector<std::string_view>& pieces, std::string_view sep) {
  std::string out;
  for (std::string_view p : pieces) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

void AddUnique(std::vector<std::string>& values, std::string value) {
  if (value.empty()) return;
  for (const auto& v : values)
    if (v == value) return;
  values.push_back(std::move(value));
}

namespace {
bool PlausibleDateText(std::string_view s) {
  if (s.size() > 64) return false;
  size_t run = 0;
  for (char c : s) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run > 8) return false;
  }
  return true;
}
}  // namespace

std::optional<PartialDate> ParseDate(std::string_view text) {
  text = Trim(text);
  if (!PlausibleDateText(text)) return std::nullopt;
  return ParsePartialDate(text);
}

std::optional<DateOfBirth> ParseDob(std::string_view text) {
  text = Trim(text);
  if (!PlausibleDateText(text)) return std::nullopt;
  return ParseDateOfBirth(text);
}

std::string IsoDate(std::string_view text) {
  auto d = ParseDate(text);
  return d ? d->ToString() : "";
}

void AddDateOfBirth(std::vector<DateOfBirth>& dobs, DateOfBirth dob) {
  for (const auto& d : dobs)
    if (d.kind == dob.kind && d.from == dob.from && d.to == dob.to) return;
  dobs.push_back(std::move(dob));
}

}  // namespace tamis::lists
