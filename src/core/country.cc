#include "core/country.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/strings.h"

namespace tamis {
namespace {

// Forms lists use that ICU's English display names do not cover: UN/OFAC long and
// inverted forms, old names, and nationality adjectives. Keys are normalised on load.
constexpr std::pair<const char*, const char*> kAliases[] = {
    // UN long forms and other official names.
    {"Syrian Arab Republic", "SY"}, {"Iran (Islamic Republic of)", "IR"},
    {"Islamic Republic of Iran", "IR"}, {"Democratic People's Republic of Korea", "KP"},
    {"Korea, Democratic People's Republic of", "KP"}, {"Republic of Korea", "KR"},
    {"Democratic Republic of the Congo", "CD"}, {"Congo, Democratic Republic of the", "CD"},
    {"DR Congo", "CD"}, {"Zaire", "CD"}, {"Congo", "CG"}, {"Republic of the Congo", "CG"},
    {"Congo, Republic of the", "CG"}, {"Congo-Brazzaville", "CG"}, {"Congo-Kinshasa", "CD"},
    {"United Republic of Tanzania", "TZ"}, {"Russian Federation", "RU"}, {"Libya", "LY"},
    {"Libyan Arab Jamahiriya", "LY"}, {"Türkiye", "TR"}, {"Turkey", "TR"}, {"Viet Nam", "VN"},
    {"Vietnam", "VN"}, {"Lao People's Democratic Republic", "LA"}, {"Laos", "LA"},
    {"Republic of Moldova", "MD"}, {"Moldova", "MD"}, {"State of Palestine", "PS"},
    {"Palestine", "PS"}, {"Palestinian Territory", "PS"}, {"Occupied Palestinian Territory", "PS"},
    {"West Bank", "PS"}, {"Gaza", "PS"}, {"Gaza Strip", "PS"},
    {"United Kingdom of Great Britain and Northern Ireland", "GB"}, {"United Kingdom", "GB"},
    {"Great Britain", "GB"}, {"England", "GB"}, {"Scotland", "GB"}, {"Wales", "GB"},
    {"Northern Ireland", "GB"}, {"United States of America", "US"}, {"United States", "US"},
    {"America", "US"}, {"Bolivia (Plurinational State of)", "BO"},
    {"Venezuela (Bolivarian Republic of)", "VE"}, {"Micronesia (Federated States of)", "FM"},
    {"Burma", "MM"}, {"Myanmar", "MM"}, {"Côte d'Ivoire", "CI"}, {"Cote d Ivoire", "CI"},
    {"Ivory Coast", "CI"}, {"Cabo Verde", "CV"}, {"Cape Verde", "CV"}, {"Eswatini", "SZ"},
    {"Swaziland", "SZ"}, {"North Macedonia", "MK"}, {"Macedonia", "MK"},
    {"The former Yugoslav Republic of Macedonia", "MK"}, {"Republic of North Macedonia", "MK"},
    {"Czech Republic", "CZ"}, {"Czechia", "CZ"}, {"Holy See", "VA"}, {"Vatican", "VA"},
    {"Brunei Darussalam", "BN"}, {"Brunei", "BN"}, {"Timor-Leste", "TL"}, {"East Timor", "TL"},
    {"Gambia", "GM"}, {"Bahamas", "BS"}, {"Hong Kong", "HK"}, {"Macau", "MO"}, {"Macao", "MO"},
    {"Taiwan", "TW"}, {"Kosovo", "XK"}, {"Isle of Man", "IM"}, {"Man, Isle of", "IM"},
    {"British Virgin Islands", "VG"}, {"Virgin Islands, British", "VG"},
    {"Saint Kitts and Nevis", "KN"}, {"Saint Vincent and the Grenadines", "VC"},
    {"Saint Lucia", "LC"}, {"Sao Tome and Principe", "ST"}, {"Bosnia and Herzegovina", "BA"},
    {"Trinidad and Tobago", "TT"}, {"Antigua and Barbuda", "AG"}, {"Korea, North", "KP"},
    {"Korea, South", "KR"}, {"North Korea", "KP"}, {"South Korea", "KR"},
    {"Netherlands Antilles", "AN"}, {"Serbia and Montenegro", "RS"},
    // Nationality adjectives (and demonyms) seen in the UN, OFAC, EU and UK lists.
    {"Afghan", "AF"}, {"Albanian", "AL"}, {"Algerian", "DZ"}, {"American", "US"},
    {"Angolan", "AO"}, {"Argentine", "AR"}, {"Argentinian", "AR"}, {"Armenian", "AM"},
    {"Australian", "AU"}, {"Austrian", "AT"}, {"Azerbaijani", "AZ"}, {"Azeri", "AZ"},
    {"Bahraini", "BH"}, {"Bangladeshi", "BD"}, {"Belarusian", "BY"}, {"Belgian", "BE"},
    {"Bolivian", "BO"}, {"Bosnian", "BA"}, {"Brazilian", "BR"}, {"British", "GB"},
    {"Bulgarian", "BG"}, {"Burkinabe", "BF"}, {"Burmese", "MM"}, {"Burundian", "BI"},
    {"Cambodian", "KH"}, {"Cameroonian", "CM"}, {"Canadian", "CA"}, {"Central African", "CF"},
    {"Chadian", "TD"}, {"Chilean", "CL"}, {"Chinese", "CN"}, {"Colombian", "CO"},
    {"Comoran", "KM"}, {"Congolese", "CD"}, {"Croatian", "HR"}, {"Cuban", "CU"},
    {"Cypriot", "CY"}, {"Czech", "CZ"}, {"Danish", "DK"}, {"Djiboutian", "DJ"}, {"Dutch", "NL"},
    {"Ecuadorian", "EC"}, {"Egyptian", "EG"}, {"Emirati", "AE"}, {"Eritrean", "ER"},
    {"Estonian", "EE"}, {"Ethiopian", "ET"}, {"Filipino", "PH"}, {"Philippine", "PH"},
    {"Finnish", "FI"}, {"French", "FR"}, {"Gambian", "GM"}, {"Georgian", "GE"},
    {"German", "DE"}, {"Ghanaian", "GH"}, {"Greek", "GR"}, {"Guatemalan", "GT"},
    {"Guinean", "GN"}, {"Bissau-Guinean", "GW"}, {"Haitian", "HT"}, {"Honduran", "HN"},
    {"Hungarian", "HU"}, {"Indian", "IN"}, {"Indonesian", "ID"}, {"Iranian", "IR"},
    {"Iraqi", "IQ"}, {"Irish", "IE"}, {"Israeli", "IL"}, {"Italian", "IT"},
    {"Ivorian", "CI"}, {"Jamaican", "JM"}, {"Japanese", "JP"}, {"Jordanian", "JO"},
    {"Kazakh", "KZ"}, {"Kazakhstani", "KZ"}, {"Kenyan", "KE"}, {"Kosovar", "XK"},
    {"Kuwaiti", "KW"}, {"Kyrgyz", "KG"}, {"Lao", "LA"}, {"Laotian", "LA"}, {"Latvian", "LV"},
    {"Lebanese", "LB"}, {"Liberian", "LR"}, {"Libyan", "LY"}, {"Lithuanian", "LT"},
    {"Macedonian", "MK"}, {"Malaysian", "MY"}, {"Maldivian", "MV"}, {"Malian", "ML"},
    {"Maltese", "MT"}, {"Mauritanian", "MR"}, {"Mexican", "MX"}, {"Moldovan", "MD"},
    {"Mongolian", "MN"}, {"Montenegrin", "ME"}, {"Moroccan", "MA"}, {"Mozambican", "MZ"},
    {"Namibian", "NA"}, {"Nepalese", "NP"}, {"Nepali", "NP"}, {"New Zealander", "NZ"},
    {"Nicaraguan", "NI"}, {"Nigerien", "NE"}, {"Nigerian", "NG"}, {"North Korean", "KP"},
    {"Norwegian", "NO"}, {"Omani", "OM"}, {"Pakistani", "PK"}, {"Palestinian", "PS"},
    {"Panamanian", "PA"}, {"Paraguayan", "PY"}, {"Peruvian", "PE"}, {"Polish", "PL"},
    {"Portuguese", "PT"}, {"Qatari", "QA"}, {"Romanian", "RO"}, {"Russian", "RU"},
    {"Rwandan", "RW"}, {"Salvadoran", "SV"}, {"Saudi", "SA"}, {"Saudi Arabian", "SA"},
    {"Senegalese", "SN"}, {"Serbian", "RS"}, {"Sierra Leonean", "SL"}, {"Singaporean", "SG"},
    {"Slovak", "SK"}, {"Slovenian", "SI"}, {"Somali", "SO"}, {"South African", "ZA"},
    {"South Korean", "KR"}, {"South Sudanese", "SS"}, {"Spanish", "ES"}, {"Sri Lankan", "LK"},
    {"Sudanese", "SD"}, {"Swedish", "SE"}, {"Swiss", "CH"}, {"Syrian", "SY"},
    {"Taiwanese", "TW"}, {"Tajik", "TJ"}, {"Tajikistani", "TJ"}, {"Tanzanian", "TZ"},
    {"Thai", "TH"}, {"Trinidadian", "TT"}, {"Tunisian", "TN"}, {"Turkish", "TR"},
    {"Turkmen", "TM"}, {"Ugandan", "UG"}, {"Ukrainian", "UA"}, {"Uruguayan", "UY"},
    {"Uzbek", "UZ"}, {"Uzbekistani", "UZ"}, {"Venezuelan", "VE"}, {"Vietnamese", "VN"},
    {"Yemeni", "YE"}, {"Zambian", "ZM"}, {"Zimbabwean", "ZW"},
};

// Acronyms matched only when written in upper case ("CAR" is not "car").
constexpr std::pair<const char*, const char*> kUpperAcronyms[] = {
    {"DPRK", "KP"}, {"UAE", "AE"}, {"USA", "US"}, {"UK", "GB"}, {"CAR", "CF"},
    {"DRC", "CD"},  {"KSA", "SA"}, {"PRC", "CN"}, {"ROK", "KR"},
};

void AppendUtf8(std::string& out, UChar32 c) {
  icu::UnicodeString u(c);
  u.toUTF8String(out);
}

// Lower case, no diacritics, apostrophes dropped, other punctuation as spaces, "&" as
// "and", the word "the" dropped, single spaces. "Côte d’Ivoire" -> "cote divoire".
std::string NormaliseKey(std::string_view text) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  if (U_FAILURE(err)) return "";
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString d = nfd->normalize(src, err);
  if (U_FAILURE(err)) return "";
  std::string flat;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == '\'' || c == 0x2019 || c == 0x2018 || c == '`' || c == 0xB4) continue;
    if (c == '&') {
      flat += " and ";
    } else if (c == 0xDF) {
      flat += "ss";
    } else if (c == 0xF8 || c == 0xD8) {
      flat += 'o';
    } else if (c == 0x131) {
      flat += 'i';
    } else if (u_isalnum(c)) {
      AppendUtf8(flat, u_tolower(c));
    } else {
      flat += ' ';
    }
  }
  std::string out;
  for (std::string_view tok : Split(flat, ' ')) {
    if (tok.empty() || tok == "the") continue;
    if (!out.empty()) out += ' ';
    out += tok;
  }
  return out;
}

struct CountryTable {
  std::unordered_map<std::string, std::string> by_key;    // normalised name -> alpha-2
  std::unordered_map<std::string, std::string> by_code;   // "SY" / "SYR" -> alpha-2
  std::unordered_map<std::string, std::string> names;     // alpha-2 -> English name
  std::unordered_map<std::string, std::string> acronyms;  // "DPRK" -> "KP"

  void AddName(std::string_view name, const std::string& a2) {
    std::string key = NormaliseKey(name);
    if (!key.empty()) by_key.emplace(std::move(key), a2);  // first writer wins
  }
};

CountryTable BuildTable() {
  CountryTable t;
  // Aliases go first so that they win over ICU's display names on a clash.
  for (const auto& [name, code] : kAliases) t.AddName(name, code);
  for (const auto& [name, code] : kUpperAcronyms) t.acronyms.emplace(name, code);
  const icu::Locale& en = icu::Locale::getEnglish();
  for (const char* const* p = uloc_getISOCountries(); p && *p; ++p) {
    std::string a2 = *p;
    icu::Locale loc("", a2.c_str());
    icu::UnicodeString disp;
    loc.getDisplayCountry(en, disp);
    std::string name;
    disp.toUTF8String(name);
    t.by_code.emplace(a2, a2);
    std::string id = "_" + a2;
    const char* a3 = uloc_getISO3Country(id.c_str());
    if (a3 && *a3) t.by_code.emplace(a3, a2);
    if (name.empty() || name == a2) continue;
    t.names.emplace(a2, name);
    t.AddName(name, a2);
    // "Myanmar (Burma)" -> also "Myanmar"; "Congo - Kinshasa" -> also "Congo Kinshasa".
    if (size_t paren = name.find(" ("); paren != std::string::npos)
      t.AddName(name.substr(0, paren), a2);
  }
  // Codes ICU may not list but lists use.
  t.by_code.emplace("XK", "XK");
  t.by_code.emplace("XKX", "XK");
  t.names.emplace("XK", "Kosovo");
  return t;
}

const CountryTable& Table() {
  static const CountryTable table = BuildTable();  // built once; C++11 guarantees thread-safe init
  return table;
}

bool IsUpperAscii(std::string_view s) {
  for (char c : s)
    if (c < 'A' || c > 'Z') return false;
  return !s.empty();
}

std::optional<std::string> Lookup(const CountryTable& t, const std::string& key) {
  if (key.empty()) return std::nullopt;
  if (auto it = t.by_key.find(key); it != t.by_key.end()) return it->second;
  return std::nullopt;
}

// Strips a leading official-form prefix ("republic of", "kingdom of"...).
std::string StripPrefix(const std::string& key) {
  static const char* kPrefixes[] = {"islamic republic of ", "federal republic of ",
                                    "democratic republic of ", "republic of ",
                                    "kingdom of ", "state of ", "sultanate of ",
                                    "commonwealth of ", "principality of "};
  for (const char* p : kPrefixes)
    if (StartsWith(key, p)) return key.substr(std::string_view(p).size());
  return "";
}

}  // namespace

std::optional<std::string> CountryCode(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.empty() || s.size() > 200) return std::nullopt;
  const CountryTable& t = Table();
  if ((s.size() == 2 || s.size() == 3) && IsUpperAscii(s)) {
    if (auto it = t.by_code.find(std::string(s)); it != t.by_code.end()) return it->second;
  }
  if (IsUpperAscii(s)) {
    if (auto it = t.acronyms.find(std::string(s)); it != t.acronyms.end()) return it->second;
  }
  std::string key = NormaliseKey(s);
  if (auto r = Lookup(t, key)) return r;
  // "Korea, North" -> "North Korea"; "Congo, Democratic Republic of the" -> "... the Congo".
  if (size_t comma = s.find(','); comma != std::string_view::npos) {
    std::string swapped = std::string(s.substr(comma + 1)) + " " + std::string(s.substr(0, comma));
    if (auto r = Lookup(t, NormaliseKey(swapped))) return r;
  }
  // "Iran (Islamic Republic of)" -> "Iran"; "Afghanistan (since 2009)" -> "Afghanistan".
  if (size_t paren = s.find('('); paren != std::string_view::npos && paren > 0) {
    if (auto r = Lookup(t, NormaliseKey(s.substr(0, paren)))) return r;
  }
  if (auto r = Lookup(t, StripPrefix(key))) return r;
  return std::nullopt;
}

std::string CountryName(std::string_view alpha2) {
  const CountryTable& t = Table();
  if (auto it = t.names.find(AsciiUpper(alpha2)); it != t.names.end()) return it->second;
  return "";
}

}  // namespace tamis
