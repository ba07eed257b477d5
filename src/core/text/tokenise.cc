#include "core/text/tokenise.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <vector>

#include "core/text/normalise.h"
#include "core/text/transliterate.h"

namespace tamis::text {
namespace {

using Words = std::vector<std::string>;

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

struct Phrase {
  std::string_view text;       // space-separated normalised words
  std::string_view canonical;  // canonical legal form
};

// Multi-word legal forms, longest first where one is a prefix of another.
constexpr Phrase kLegalPhrases[] = {
    {"open joint stock company", "jsc"},
    {"closed joint stock company", "jsc"},
    {"public joint stock company", "jsc"},
    {"private joint stock company", "jsc"},
    {"joint stock company", "jsc"},
    {"joint stock co", "jsc"},
    {"limited liability company", "llc"},
    {"limited liability partnership", "llp"},
    {"limited partnership", "lp"},
    {"public limited company", "plc"},
    {"gesellschaft mit beschrankter haftung", "gmbh"},
    {"societe anonyme", "sa"},
    {"sociedad anonima", "sa"},
    {"societe a responsabilite limitee", "sarl"},
    {"societatea cu raspundere limitata", "srl"},
    {"societa a responsabilita limitata", "srl"},
    {"obshchestvo s ogranichennoy otvetstvennostyu", "llc"},
    {"obshchestvo s ogranichennoi otvetstvennostiu", "llc"},
    {"aktsionernoye obshchestvo", "jsc"},
    {"aktsionernoe obshchestvo", "jsc"},
    {"otkrytoye aktsionernoye obshchestvo", "jsc"},
    {"publichnoye aktsionernoye obshchestvo", "jsc"},
    {"besloten vennootschap", "bv"},
    {"naamloze vennootschap", "nv"},
    {"sp z oo", "spzoo"},
    {"s de rl", "srl"},
    {"a s", "as"},
    {"sdn bhd", "sdnbhd"},
    {"co ltd", "coltd"},
};

}  // namespace

std::string_view LegalFormOf(std::string_view w) {
  struct Single {
    std::string_view word, canonical;
  };
  static constexpr Single kSingles[] = {
      {"limited", "ltd"}, {"ltd", "ltd"}, {"incorporated", "inc"}, {"inc", "inc"},
      {"corporation", "corp"}, {"corp", "corp"}, {"company", "co"}, {"co", "co"}, {"cie", "co"},
      {"llc", "llc"}, {"ooo", "llc"}, {"jsc", "jsc"}, {"oao", "jsc"}, {"ojsc", "jsc"},
      {"zao", "jsc"}, {"cjsc", "jsc"}, {"pao", "jsc"}, {"pjsc", "jsc"}, {"ao", "jsc"}, {"ojsc", "jsc"},
      {"aktiengesellschaft", "ag"}, {"ag", "ag"}, {"gmbh", "gmbh"}, {"plc", "plc"}, {"sa", "sa"},
      {"sarl", "sarl"}, {"srl", "srl"}, {"spa", "spa"}, {"bv", "bv"}, {"nv", "nv"}, {"ab", "ab"},
      {"pte", "pte"}, {"pty", "pty"}, {"lp", "lp"}, {"llp", "llp"}, {"kg", "kg"}, {"se", "se"},
      {"sl", "sl"}, {"sas", "sas"}, {"fze", "fze"}, {"fzco", "fzco"}, {"fzc", "fzc"}, {"tbk", "tbk"},
      {"bhd", "bhd"}, {"spzoo", "spzoo"}, {"na", "na"}, {"sdnbhd", "sdnbhd"}, {"coltd", "coltd"},
      {"gie", "gie"}, {"ano", "ano"}, {"oy", "oy"}, {"oyj", "oyj"}, {"as", "as"}, {"asa", "asa"},
      {"kft", "kft"}, {"doo", "doo"}, {"ead", "ead"}, {"ltda", "ltda"}, {"sae", "sae"},
  };
  for (const auto& s : kSingles)
    if (s.word == w) return s.canonical;
  return {};
}

bool IsTitleWord(std::string_view w) {
  return In(w, {"sheikh", "shaikh", "shaykh", "sheik", "cheikh", "haji", "hajji", "hadji", "alhaj",
                "alhaji", "hajj", "maulavi", "mawlawi", "maulvi", "moulavi", "mawlavi", "molvi", "mullah",
                "mulla", "molla", "mollah", "maulana", "mawlana", "mufti", "qari", "hafiz", "imam",
                "ayatollah", "hojatoleslam", "dr", "doctor", "mr", "mrs", "ms", "miss", "mister", "madam",
                "madame", "monsieur", "mme", "mlle", "herr", "frau", "sir", "dame", "lord", "prof",
                "professor", "general", "gen", "colonel", "col", "lt", "lieutenant", "major", "maj",
                "captain", "capt", "admiral", "brigadier", "commander", "sergeant", "president",
                "prasident", "presidente", "senator", "prince", "princess", "king", "queen", "emir",
                "rev", "reverend", "bishop", "excellency", "hrh", "marshal", "field"});
}

bool IsParticleWord(std::string_view w) {
  return In(w, {"al", "el", "ul", "ar", "as", "ad", "an", "at", "az", "ash", "ur", "bin", "ben", "ibn",
                "bn", "bint", "binti", "ould", "de", "da", "di", "del", "della", "der", "den", "van",
                "von", "le", "la", "du", "dos", "das", "y"});
}

namespace {

bool IsArticle(std::string_view w) {
  return In(w, {"al", "el", "ul", "il", "ar", "as", "ad", "an", "at", "az", "ash", "ur", "ud", "ed", "ad"});
}

bool IsStopword(std::string_view w) { return In(w, {"the", "of", "and", "for", "in", "on", "und", "et"}); }

// Number words -> value (0 = not a number word).
int NumberWordValue(std::string_view w, bool* tens) {
  static constexpr std::array<std::string_view, 20> kOnes = {
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
      "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static constexpr std::array<std::string_view, 8> kTens = {"twenty", "thirty", "forty", "fifty",
                                                             "sixty", "seventy", "eighty", "ninety"};
  static constexpr std::array<std::string_view, 10> kOrd = {"first", "second", "third", "fourth", "fifth",
                                                             "sixth", "seventh", "eighth", "ninth", "tenth"};
  *tens = false;
  for (size_t i = 1; i < kOnes.size(); ++i)
    if (w == kOnes[i]) return static_cast<int>(i);
  if (w == "fourty") {  // the common misspelling
    *tens = true;
    return 40;
  }
  for (size_t i = 0; i < kTens.size(); ++i)
    if (w == kTens[i]) {
      *tens = true;
      return static_cast<int>(20 + 10 * i);
    }
  for (size_t i = 0; i < kOrd.size(); ++i)
    if (w == kOrd[i]) return static_cast<int>(i + 1);
  return 0;
}

bool AllDigits(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w)
    if (c < '0' || c > '9') return false;
  return true;
}

// "1st" -> "1", "22nd" -> "22".
bool StripOrdinalSuffix(std::string* w) {
  if (w->size() < 3) return false;
  std::string_view suf(w->data() + w->size() - 2, 2);
  if (!In(suf, {"st", "nd", "rd", "th"})) return false;
  std::string num = w->substr(0, w->size() - 2);
  if (!AllDigits(num)) return false;
  *w = num;
  return true;
}

// Canonical form of a single abd-compound token ("abdulaziz" -> "abdalaziz"); "" if not one.
std::string AbdCompound(std::string_view w) {
  if (w.size() <= 4 || w.substr(0, 3) != "abd") return {};
  std::string_view rest = w.substr(3);
  static constexpr std::string_view kArt[] = {"ul", "al", "el", "ol", "il"};
  bool stripped = false;
  for (auto a : kArt)
    if (rest.size() > a.size() + 1 && rest.substr(0, 2) == a) {
      rest.remove_prefix(2);
      stripped = true;
      break;
    }
  if (!stripped && rest.size() > 3 && In(rest.substr(0, 1), {"a", "e", "i", "o", "u"})) {
    // Sun-letter assimilation ("abdurrahman", "abdussalam") or a linking vowel ("abdikadir").
    rest.remove_prefix(1);
    if (rest.size() > 3 && rest[0] == rest[1]) rest.remove_prefix(1);
    stripped = true;
  }
  if (!stripped) return {};
  return "abdal" + std::string(rest);
}

// The stem of "X-uddin" style single tokens ("sirajuddin" -> "siraj"), or "" if not one.
std::string_view DinStem(std::string_view w) {
  static constexpr std::string_view kSuffixes[] = {"uddeen", "uddine", "uddin", "eddine", "eddin", "addin",
                                                   "aldin", "uldin", "oddin", "iddin", "ouddine", "ouddin"};
  for (auto s : kSuffixes)
    if (w.size() >= s.size() + 2 && w.substr(w.size() - s.size()) == s) return w.substr(0, w.size() - s.size());
  return {};
}

bool EndsWith(std::string_view w, std::string_view suffix) {
  return w.size() > suffix.size() + 2 && w.substr(w.size() - suffix.size()) == suffix;
}

bool IsPatronymic(std::string_view w) {
  if (In(w, {"oglu", "ogly", "oglou", "kyzy", "qizi", "gizi", "uly"})) return true;  // Azerbaijani, Kazakh
  for (std::string_view s : {"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ogly", "oglu", "uly", "kyzy",
                             "ovitch", "evitch"})
    if (EndsWith(w, s)) return true;
  return false;
}

bool IsDinWord(std::string_view w) { return In(w, {"din", "deen", "dine", "ddin", "uddin", "eddine", "eddin"}); }

// True if a and b differ by at most one edit (insert, delete, substitute, adjacent swap).
bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;
  if (a.size() == b.size())
    return a.substr(i + 1) == b.substr(i + 1) ||
           (i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2));
  return a.substr(i) == b.substr(i + 1);
}

// A word of a name standing for a word of a legal form: equal; one typo away for words of 5+
// letters ("joynt", "aktiengeselschaft"); or, as the name's last word, a prefix of 4+ letters
// (fields cut at a length limit: "JOINT STOCK COMPAN").
bool LegalWordMatches(std::string_view w, std::string_view form_word, bool last) {
  if (w == form_word) return true;
  if (form_word.size() >= 5 && w.size() >= 5 && WithinOneEdit(w, form_word)) return true;
  return last && w.size() >= 4 && w.size() < form_word.size() && form_word.substr(0, w.size()) == w;
}

// Single words that are long legal forms, spelt with one typo ("aktiengeselschaft") or, as the
// name's last word, cut after 5+ letters ("compan").
std::string_view FuzzyLegalFormOf(std::string_view w, bool last) {
  static constexpr std::string_view kLong[] = {"limited", "incorporated", "corporation", "company", "aktiengesellschaft"};
  for (auto f : kLong)
    if ((w.size() >= 7 && WithinOneEdit(w, f)) || (last && w.size() >= 5 && w.size() < f.size() && f.substr(0, w.size()) == w))
      return LegalFormOf(f);
  return {};
}

// Wade-Giles syllables (apostrophes already dropped) that are not pinyin syllables, to pinyin:
// "Mao Tse-tung" -> mao ze dong, "Hsi Chin-ping" -> xi jin ping. Aspiration is lost without the
// apostrophe, so "chin" (chin / ch'in) reads as jin. Syllables that are also common Korean or
// Vietnamese romanisations (chung, jung, sung, ko) or English names (jen) are left alone.
std::string_view PinyinOfWadeGiles(std::string_view w) {
  struct Pair {
    std::string_view wg, py;
  };
  static constexpr Pair kWadeGiles[] = {
      {"hsi", "xi"},       {"hsia", "xia"},     {"hsiang", "xiang"}, {"hsiao", "xiao"},   {"hsieh", "xie"},
      {"hsien", "xian"},   {"hsin", "xin"},     {"hsing", "xing"},   {"hsiu", "xiu"},     {"hsiung", "xiong"},
      {"hsu", "xu"},       {"hsuan", "xuan"},   {"hsueh", "xue"},    {"hsun", "xun"},     {"tse", "ze"},
      {"tsai", "cai"},     {"tsao", "cao"},     {"tseng", "zeng"},   {"tso", "zuo"},      {"tsou", "zou"},
      {"tsung", "zong"},   {"tsui", "cui"},     {"tzu", "zi"},       {"tsu", "zu"},       {"ssu", "si"},
      {"szu", "si"},       {"tung", "dong"},    {"kung", "gong"},    {"lung", "long"},
      {"yung", "yong"},    {"chiung", "jiong"}, {"chih", "zhi"},     {"chin", "jin"},     {"ching", "jing"},
      {"chiang", "jiang"}, {"chiao", "jiao"},   {"chieh", "jie"},    {"chien", "jian"},   {"chiu", "jiu"},
      {"chueh", "jue"},    {"kuo", "guo"},      {"teng", "deng"},    {"tien", "tian"},    {"tieh", "tie"},
      {"lieh", "lie"},     {"lien", "lian"},    {"mien", "mian"},    {"nien", "nian"},    {"pien", "bian"},
      {"jih", "ri"},       {"jou", "rou"},      {"jui", "rui"},      {"yeh", "ye"},
      {"erh", "er"},       {"shih", "shi"},     {"kuei", "gui"},     {"nieh", "nie"},     {"pieh", "bie"},
  };
  if (w.size() < 3 || w.size() > 6) return {};
  for (const auto& p : kWadeGiles)
    if (p.wg == w) return p.py;
  return {};
}

// Abbreviations of organisation-name words ("Int'l" -> intl -> international).
std::string_view ExpandOrgAbbreviation(std::string_view w) {
  struct Pair {
    std::string_view abbr, word;
  };
  static constexpr Pair kAbbr[] = {
      {"intl", "international"}, {"natl", "national"},  {"dept", "department"},  {"assn", "association"},
      {"assoc", "association"},  {"univ", "university"}, {"bros", "brothers"},    {"mfg", "manufacturing"},
      {"svcs", "services"},      {"hldgs", "holdings"},  {"hldg", "holding"},     {"grp", "group"},
      {"mgmt", "management"},    {"ind", "industries"},  {"inds", "industries"},  {"engg", "engineering"},
  };
  for (const auto& p : kAbbr)
    if (p.abbr == w) return p.word;
  return {};
}

// `romanised[i]`: word i is a romanised Han character or Hangul syllable. Such a word is a
// syllable of a name, never a word of the lexicons below ("zao" 早 is no ZAO, "an" 安 no
// article, "de" 德 no particle): it is passed through unchanged, as is `out_romanised`.
Words RewriteWords(const Words& in, bool person, bool org, const std::vector<bool>& romanised,
                   std::vector<uint16_t>* flags, std::vector<bool>* out_romanised) {
  Words out;
  flags->clear();
  out_romanised->clear();
  auto push = [&](std::string w, uint16_t f) {
    out.push_back(std::move(w));
    flags->push_back(f);
    out_romanised->push_back(false);
  };
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string& w = in[i];
    if (romanised[i]) {
      push(w, 0);
      out_romanised->back() = true;
      continue;
    }
    // Multi-word legal forms.
    if (org || !person) {
      bool matched = false;
      for (const auto& p : kLegalPhrases) {
        size_t k = 0, j = i, exact = 0;
        std::string_view t = p.text;
        while (!t.empty() && j < in.size()) {
          size_t sp = t.find(' ');
          std::string_view word = t.substr(0, sp);
          if (!LegalWordMatches(in[j], word, j + 1 == in.size())) break;
          exact += in[j] == word;
          ++j;
          ++k;
          t = sp == std::string_view::npos ? std::string_view() : t.substr(sp + 1);
        }
        // Typos are tolerated only next to an exactly spelt word ("joynt stock company").
        if (t.empty() && k > 0 && (exact == k || (exact > 0 && k >= 2))) {
          push(std::string(p.canonical), kTokenLegalForm);
          i = j - 1;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    // Number words: "forty four" / "forty-four" / "forty 4" -> "44".
    bool tens = false;
    if (int v = NumberWordValue(w, &tens); v > 0) {
      if (tens && i + 1 < in.size()) {
        bool t2 = false;
        int u = NumberWordValue(in[i + 1], &t2);
        if (u == 0 && in[i + 1].size() == 1 && AllDigits(in[i + 1])) u = in[i + 1][0] - '0';
        if (u > 0 && u < 10 && !t2) {
          v += u;
          ++i;
        }
      }
      push(std::to_string(v), kTokenNumeric);
      continue;
    }
    std::string word = w;
    if (StripOrdinalSuffix(&word)) {
      push(word, kTokenNumeric);
      continue;
    }
    // abd + [article] + X.
    if (In(word, {"abd", "abdul", "abdel", "abdal", "abdol", "abdil", "abdur", "abdu", "abdus", "abdallah"}) &&
        word != "abdallah" && i + 1 < in.size()) {
      size_t j = i + 1;
      if (IsArticle(in[j]) && j + 1 < in.size()) ++j;
      std::string x = in[j];
      if (In(x, {"allah", "alla", "ullah", "ulla", "illah"})) x = "lah";
      if (!IsParticleWord(x) && !IsTitleWord(x)) {
        push("abdal" + x, kTokenJoined);
        i = j;
        continue;
      }
    }
    if (std::string abd = AbdCompound(word); !abd.empty()) {
      push(abd, 0);
      continue;
    }
    // X + article + din / X + din.
    if (i + 1 < in.size() && !IsParticleWord(word) && word.size() >= 2) {
      size_t j = i + 1;
      if (IsArticle(in[j]) && j + 1 < in.size() && IsDinWord(in[j + 1])) ++j;
      if (IsDinWord(in[j]) && (j > i + 1 || In(in[j], {"uddin", "eddine", "eddin", "ddin"}))) {
        push(word + "uddin", kTokenJoined);
        i = j;
        continue;
      }
      if (In(in[i + 1], {"ullah", "ulla"})) {
        push(word + "ullah", kTokenJoined);
        i = i + 1;
        continue;
      }
    }
    if (std::string_view stem = DinStem(word); !stem.empty()) {
      push(std::string(stem) + "uddin", 0);
      continue;
    }
    if (word.size() > 8 && word.compare(word.size() - 7, 7, "isation") == 0)
      word.replace(word.size() - 7, 7, "ization");
    if (word.size() > 9 && word.compare(word.size() - 8, 8, "isations") == 0)
      word.replace(word.size() - 8, 8, "izations");
    if (In(word, {"abou", "abo"})) word = "abu";
    if (std::string_view py = PinyinOfWadeGiles(word); !py.empty()) word = std::string(py);
    if (!person) {
      if (std::string_view full = ExpandOrgAbbreviation(word); !full.empty()) word = std::string(full);
      if (in.size() > 1 && LegalFormOf(word).empty()) {
        if (std::string_view form = FuzzyLegalFormOf(word, i + 1 == in.size()); !form.empty()) {
          push(std::string(form), kTokenLegalForm);
          continue;
        }
      }
    }
    push(std::move(word), 0);
  }
  return out;
}

bool HasAbjadScript(std::string_view raw) {
  for (size_t i = 0; i + 1 < raw.size(); ++i) {
    const auto b = static_cast<unsigned char>(raw[i]);
    // U+0590..U+07FF (Hebrew, Arabic, Syriac, Thaana) have UTF-8 lead bytes 0xD6 (part) .. 0xDF.
    if (b >= 0xD6 && b <= 0xDF) return true;
    // Thai U+0E00..U+0E7F (E0 B8 xx / E0 B9 xx): vowels are often implicit.
    if (b == 0xE0 && (static_cast<unsigned char>(raw[i + 1]) == 0xB8 || static_cast<unsigned char>(raw[i + 1]) == 0xB9))
      return true;
    if (b == 0xEF) {  // Arabic presentation forms U+FB50..U+FDFF, U+FE70..U+FEFF
      const auto c = static_cast<unsigned char>(raw[i + 1]);
      if (c == 0xAD || c == 0xAE || c == 0xAF || c == 0xB4 || c == 0xB5 || c == 0xB6 || c == 0xB7 || c == 0xB9 ||
          c == 0xBA || c == 0xBB)
        return true;
    }
  }
  return false;
}

// Kana (U+3040..U+30FF), Han (U+3400..U+9FFF), Hangul syllables (U+AC00..U+D7A3): UTF-8 lead
// bytes 0xE3..0xE9 and 0xEA(0xB0..)..0xED(..0x9E).
bool HasSyllabicScript(std::string_view raw) {
  for (size_t i = 0; i + 1 < raw.size(); ++i) {
    const auto b = static_cast<unsigned char>(raw[i]);
    const auto c = static_cast<unsigned char>(raw[i + 1]);
    if ((b == 0xE3 && c >= 0x81) || (b >= 0xE4 && b <= 0xE9) || (b == 0xEA && c >= 0xB0) || b == 0xEB || b == 0xEC ||
        (b == 0xED && c <= 0x9E))
      return true;
  }
  return false;
}

}  // namespace

TokenisedName TokeniseName(std::string_view raw, const TokeniseOptions& options) {
  TokenisedName result;
  const bool person = options.kind == EntityKind::kPerson;
  const bool org = options.kind == EntityKind::kOrganisation || options.kind == EntityKind::kVessel ||
                   options.kind == EntityKind::kAircraft;
  NormaliseOptions nopts;
  if (raw.size() > nopts.max_input_bytes) result.truncated = true;

  std::string text;
  const size_t comma = raw.find(',');
  if (!org && comma != std::string_view::npos && raw.find(',', comma + 1) == std::string_view::npos) {
    std::string before = Normalise(raw.substr(0, comma), nopts);
    std::string after = Normalise(raw.substr(comma + 1), nopts);
    bool after_is_form = !after.empty();
    for (size_t b = 0; b < after.size();) {
      size_t e = after.find(' ', b);
      if (e == std::string::npos) e = after.size();
      if (LegalFormOf(std::string_view(after).substr(b, e - b)).empty()) after_is_form = false;
      b = e + 1;
    }
    const size_t before_words = before.empty() ? 0 : std::count(before.begin(), before.end(), ' ') + 1;
    if (!after.empty() && !after_is_form && before_words >= 1 && before_words <= 4) {
      text = after + " " + before;
      result.family_first = true;
    }
  }
  if (!result.family_first) text = Normalise(raw, nopts);

  Words words;
  for (size_t b = 0; b < text.size();) {
    size_t e = text.find(' ', b);
    if (e == std::string::npos) e = text.size();
    if (e > b) {
      if (words.size() >= options.max_tokens * 2) {
        result.truncated = true;
        break;
      }
      words.emplace_back(text.substr(b, std::min(e - b, kMaxTokenLength)));
      if (e - b > kMaxTokenLength) result.truncated = true;
    }
    b = e + 1;
  }

  const bool abjad = HasAbjadScript(raw);
  const bool syllabic = HasSyllabicScript(raw);
  // Which words are romanised syllables: those the name's Latin-script part does not have.
  std::vector<bool> romanised(words.size(), false);
  if (syllabic) {
    NormaliseOptions latin_only = nopts;
    latin_only.transliterate = false;
    std::string latin(1, ' ');
    latin.append(Normalise(raw, latin_only)).push_back(' ');
    std::string key;
    for (size_t i = 0; i < words.size(); ++i) {
      key.assign(1, ' ');
      key.append(words[i]).push_back(' ');
      romanised[i] = latin.find(key) == std::string::npos;
    }
  }
  // The character each romanised Han/Hangul word was read from: the name's characters in the
  // order their syllables appear in `text` (after the family part when the name was reordered),
  // each matched to the next romanised word spelt as it (kana and other romanised words in
  // between have no source; an unmatched character is skipped).
  std::vector<uint32_t> sources;  // per romanised word, in order
  if (syllabic) {
    std::vector<RomanisedSyllable> syl;
    if (result.family_first) {
      syl = RomanisedSyllables(raw.substr(comma + 1));
      std::vector<RomanisedSyllable> family = RomanisedSyllables(raw.substr(0, comma));
      std::move(family.begin(), family.end(), std::back_inserter(syl));
    } else {
      syl = RomanisedSyllables(raw);
    }
    size_t next = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      if (!romanised[i]) continue;
      uint32_t src = 0;
      for (size_t k = next; k < syl.size(); ++k)
        if (syl[k].text == words[i]) {
          src = syl[k].source;
          next = k + 1;
          break;
        }
      sources.push_back(src);
    }
  }
  std::vector<uint16_t> flags;
  std::vector<bool> rewritten_romanised;
  Words rewritten = RewriteWords(words, person, org, romanised, &flags, &rewritten_romanised);
  size_t next_source = 0;  // RewriteWords keeps romanised words one to one and in order

  // Count the tokens that are plain names, so a title or particle is never the only content.
  const size_t n = rewritten.size();
  for (size_t i = 0; i < n && result.tokens.size() < options.max_tokens; ++i) {
    Token t;
    t.text = std::move(rewritten[i]);
    t.flags = flags[i];
    const std::string_view w = t.text;
    const bool first = i == 0, last = i + 1 == n;
    if (!(t.flags & kTokenLegalForm) && !rewritten_romanised[i]) {
      std::string_view form = LegalFormOf(w);
      if (!form.empty() && n > 1 && (!person || first || last) && !(person && w.size() > 3 && !last)) {
        // For persons, only short forms at an edge ("Maduro SA", "LLC ...").
        if (!person || first || last) {
          t.text = std::string(form);
          t.flags |= kTokenLegalForm;
        }
      }
    }
    if (rewritten_romanised[i]) {
      if (next_source < sources.size()) t.source = sources[next_source];
      ++next_source;
      // A romanised syllable: only the one-letter ones are marked (as before) as initials.
      if (w.size() == 1) t.flags |= kTokenInitial;
    } else if (!(t.flags & (kTokenLegalForm | kTokenNumeric))) {
      if (AllDigits(w)) {
        t.flags |= kTokenNumeric;
      } else if (w.size() == 1) {
        t.flags |= kTokenInitial;
      } else if (!org && n > 1 && IsTitleWord(w) && !(last && i > 0)) {
        t.flags |= kTokenTitle;
      } else if (!org && IsParticleWord(w) && n > 1) {
        // "ben" opening a name is the given name Ben; elsewhere it is the filiation particle.
        if (!(first && (w == "ben" || w == "y" || w == "la" || w == "de" || w == "van"))) {
          t.flags |= kTokenParticle;
          if (In(w, {"ben", "ibn", "bn", "ould"})) t.text = "bin";
          if (In(w, {"binti"})) t.text = "bint";
          if (In(w, {"el", "ul", "ar", "as", "ad", "an", "at", "az", "ash", "ur"})) t.text = "al";
        }
      } else if (!org && n > 2 && !first && IsPatronymic(w)) {
        t.flags |= kTokenPatronymic;
      } else if (org && n > 1 && IsStopword(w)) {
        t.flags |= kTokenStopword;
      } else if (org && n > 1 && IsParticleWord(w) && In(w, {"al", "el"})) {
        t.flags |= kTokenParticle;
        t.text = "al";
      }
    }
    if (abjad) t.flags |= kTokenAbjad;
    if (syllabic) t.flags |= kTokenSyllabic;
    t.position = static_cast<uint16_t>(result.tokens.size());
    result.tokens.push_back(std::move(t));
  }
  if (n > options.max_tokens) result.truncated = true;
  return result;
}

}  // namespace tamis::text
