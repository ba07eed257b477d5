#include "core/text/tokenise.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "core/text/normalise.h"
#include "core/text/transliterate.h"
#include "core/text/word_table.h"

namespace tamis::text {
namespace {

// The words of a name: views into its normalised text.
using Words = std::vector<std::string_view>;

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set)
    if (detail::SameWord(w, s)) return true;
  return false;
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

// The word lists. (word, canonical form) of single-word legal forms; the first of a repeated
// word wins.
constexpr std::pair<std::string_view, std::string_view> kLegalSingles[] = {
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

constexpr std::string_view kTitles[] = {
    "sheikh", "shaikh", "shaykh", "sheik", "cheikh", "haji", "hajji", "hadji", "alhaj", "alhaji", "hajj",
    "maulavi", "mawlawi", "maulvi", "moulavi", "mawlavi", "molvi", "mullah", "mulla", "molla", "mollah",
    "maulana", "mawlana", "mufti", "qari", "hafiz", "imam", "ayatollah", "hojatoleslam", "dr", "doctor", "mr",
    "mrs", "ms", "miss", "mister", "madam", "madame", "monsieur", "mme", "mlle", "herr", "frau", "sir",
    "dame", "lord", "prof", "professor", "general", "gen", "colonel", "col", "lt", "lieutenant", "major",
    "maj", "captain", "capt", "admiral", "brigadier", "commander", "sergeant", "president", "prasident",
    "presidente", "senator", "prince", "princess", "king", "queen", "emir", "rev", "reverend", "bishop",
    "excellency", "hrh", "marshal", "field"};

constexpr std::string_view kParticles[] = {
    "al", "el", "ul", "ar", "as", "ad", "an", "at", "az", "ash", "ur", "bin", "ben", "ibn", "bn", "bint",
    "binti", "ould", "de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos",
    "das", "y"};

constexpr std::string_view kArticles[] = {"al", "el", "ul", "il", "ar", "as", "ad", "an",
                                          "at", "az", "ash", "ur", "ud", "ed", "ad"};

constexpr std::string_view kStopwords[] = {"the", "of", "and", "for", "in", "on", "und", "et"};

constexpr std::string_view kDinWords[] = {"din", "deen", "dine", "ddin", "uddin", "eddine", "eddin"};

// Number words: kOnes[i] is i, kTens[i] is 20 + 10 i, kOrdinals[i] is i + 1.
constexpr std::string_view kOnes[] = {"zero",     "one",     "two",     "three",     "four",
                                      "five",     "six",     "seven",   "eight",     "nine",
                                      "ten",      "eleven",  "twelve",  "thirteen",  "fourteen",
                                      "fifteen",  "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::string_view kTens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
constexpr std::string_view kOrdinals[] = {"first", "second", "third",   "fourth", "fifth",
                                          "sixth", "seventh", "eighth", "ninth",  "tenth"};

// Wade-Giles syllables (apostrophes already dropped) that are not pinyin syllables, to pinyin:
// "Mao Tse-tung" -> mao ze dong, "Hsi Chin-ping" -> xi jin ping. Aspiration is lost without the
// apostrophe, so "chin" (chin / ch'in) reads as jin. Syllables that are also common Korean or
// Vietnamese romanisations (chung, jung, sung, ko) or English names (jen) are left alone.
// (Wade-Giles, pinyin)
constexpr std::pair<std::string_view, std::string_view> kWadeGiles[] = {
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

// Abbreviations of organisation-name words ("Int'l" -> intl -> international).
// (abbreviation, word)
constexpr std::pair<std::string_view, std::string_view> kOrgAbbreviations[] = {
    {"intl", "international"}, {"natl", "national"},  {"dept", "department"},  {"assn", "association"},
    {"assoc", "association"},  {"univ", "university"}, {"bros", "brothers"},    {"mfg", "manufacturing"},
    {"svcs", "services"},      {"hldgs", "holdings"},  {"hldg", "holding"},     {"grp", "group"},
    {"mgmt", "management"},    {"ind", "industries"},  {"inds", "industries"},  {"engg", "engineering"},
};

// What the word lists above say of one word. Every word of a name is looked up in most of them:
// one table holds them all, so a word is hashed and probed once, not once per list.
struct Lexeme {
  std::string_view legal_form;  // canonical single-word legal form (kLegalSingles), or ""
  std::string_view pinyin;      // the pinyin of a Wade-Giles syllable (kWadeGiles), or ""
  std::string_view expansion;   // the word an organisation-name abbreviation stands for, or ""
  int number = 0;               // value of a number word (0: not one)
  bool tens = false;            // ... that is a multiple of ten from twenty up ("forty")
  bool title = false;
  bool particle = false;
  bool article = false;
  bool stopword = false;
  bool din = false;  // "din" or a form of it (X + al + din, X + uddin)
};

class Lexicon {
 public:
  Lexicon() {
    const size_t words = std::size(kLegalSingles) + std::size(kTitles) + std::size(kParticles) +
                         std::size(kArticles) + std::size(kStopwords) + std::size(kDinWords) + std::size(kOnes) +
                         1 + std::size(kTens) + std::size(kOrdinals) + std::size(kWadeGiles) +
                         std::size(kOrgAbbreviations);
    index_.Reserve(words);
    lexemes_.reserve(words);
    // In each list the first of a repeated word wins (no list gives a word an empty value or 0).
    for (const auto& [w, form] : kLegalSingles)
      if (Lexeme& l = Add(w); l.legal_form.empty()) l.legal_form = form;
    for (std::string_view w : kTitles) Add(w).title = true;
    for (std::string_view w : kParticles) Add(w).particle = true;
    for (std::string_view w : kArticles) Add(w).article = true;
    for (std::string_view w : kStopwords) Add(w).stopword = true;
    for (std::string_view w : kDinWords) Add(w).din = true;
    for (size_t i = 1; i < std::size(kOnes); ++i) AddNumber(kOnes[i], static_cast<int>(i), false);
    AddNumber("fourty", 40, true);  // the common misspelling
    for (size_t i = 0; i < std::size(kTens); ++i) AddNumber(kTens[i], static_cast<int>(20 + 10 * i), true);
    for (size_t i = 0; i < std::size(kOrdinals); ++i) AddNumber(kOrdinals[i], static_cast<int>(i + 1), false);
    for (const auto& [w, py] : kWadeGiles)
      if (Lexeme& l = Add(w); l.pinyin.empty()) l.pinyin = py;
    for (const auto& [w, full] : kOrgAbbreviations)
      if (Lexeme& l = Add(w); l.expansion.empty()) l.expansion = full;
  }

  // The entry of `w`; one with nothing set when no list has it.
  const Lexeme& Of(std::string_view w) const {
    static constexpr Lexeme kNone;
    const uint16_t* i = index_.Find(w);
    return i ? lexemes_[*i] : kNone;
  }

 private:
  Lexeme& Add(std::string_view w) {
    const uint16_t i = index_.Insert(w, static_cast<uint16_t>(lexemes_.size()));
    if (i == lexemes_.size()) lexemes_.emplace_back();
    return lexemes_[i];
  }
  void AddNumber(std::string_view w, int value, bool tens) {
    if (Lexeme& l = Add(w); l.number == 0) {
      l.number = value;
      l.tens = tens;
    }
  }

  detail::WordTable<uint16_t> index_;  // word -> its entry in lexemes_
  std::vector<Lexeme> lexemes_;
};

const Lexeme& LexemeOf(std::string_view w) {
  static const Lexicon lexicon;
  return lexicon.Of(w);
}

}  // namespace

std::string_view LegalFormOf(std::string_view w) { return LexemeOf(w).legal_form; }

bool IsTitleWord(std::string_view w) { return LexemeOf(w).title; }

bool IsParticleWord(std::string_view w) { return LexemeOf(w).particle; }

namespace {

bool AllDigits(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w)
    if (c < '0' || c > '9') return false;
  return true;
}

// "1st" -> "1", "22nd" -> "22".
bool StripOrdinalSuffix(std::string* w) {
  if (w->size() < 3) return false;
  const char s0 = (*w)[w->size() - 2], s1 = (*w)[w->size() - 1];
  if (!((s0 == 's' && s1 == 't') || (s0 == 'n' && s1 == 'd') || (s0 == 'r' && s1 == 'd') || (s0 == 't' && s1 == 'h')))
    return false;
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
  if (w.size() < 7 || (w.back() != 'n' && w.back() != 'e')) return {};  // every suffix: 5+ letters, ends n or e
  for (auto s : kSuffixes)
    if (w.size() >= s.size() + 2 && detail::SameWord(w.substr(w.size() - s.size()), s))
      return w.substr(0, w.size() - s.size());
  return {};
}

bool EndsWith(std::string_view w, std::string_view suffix) {
  return w.size() > suffix.size() + 2 && detail::SameWord(w.substr(w.size() - suffix.size()), suffix);
}

bool IsPatronymic(std::string_view w) {
  // Every word and suffix below ends in h, a, y, u or i.
  if (w.empty() || !(w.back() == 'h' || w.back() == 'a' || w.back() == 'y' || w.back() == 'u' || w.back() == 'i'))
    return false;
  if (In(w, {"oglu", "ogly", "oglou", "kyzy", "qizi", "gizi", "uly"})) return true;  // Azerbaijani, Kazakh
  for (std::string_view s : {"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ogly", "oglu", "uly", "kyzy",
                             "ovitch", "evitch"})
    if (EndsWith(w, s)) return true;
  return false;
}

// True if a and b differ by at most one edit (insert, delete, substitute, adjacent swap).
bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;
  if (a.size() == b.size())
    return detail::SameWord(a.substr(i + 1), b.substr(i + 1)) ||
           (i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
            detail::SameWord(a.substr(i + 2), b.substr(i + 2)));
  return detail::SameWord(a.substr(i), b.substr(i + 1));
}

// A word of a name standing for a word of a legal form: equal; one typo away for words of 5+
// letters ("joynt", "aktiengeselschaft"); or, as the name's last word, a prefix of 4+ letters
// (fields cut at a length limit: "JOINT STOCK COMPAN").
bool LegalWordMatches(std::string_view w, std::string_view form_word, bool last) {
  if (detail::SameWord(w, form_word)) return true;
  if (form_word.size() >= 5 && w.size() >= 5 && w.size() <= form_word.size() + 1 && form_word.size() <= w.size() + 1 &&
      WithinOneEdit(w, form_word))
    return true;
  return last && w.size() >= 4 && w.size() < form_word.size() && detail::SameWord(form_word.substr(0, w.size()), w);
}

// Single words that are long legal forms, spelt with one typo ("aktiengeselschaft") or, as the
// name's last word, cut after 5+ letters ("compan").
std::string_view FuzzyLegalFormOf(std::string_view w, bool last) {
  static constexpr std::string_view kLong[] = {"limited", "incorporated", "corporation", "company", "aktiengesellschaft"};
  if (w.size() < (last ? 5 : 7)) return {};  // neither test below can pass
  for (auto f : kLong)
    if ((w.size() >= 7 && w.size() + 1 >= f.size() && w.size() <= f.size() + 1 && WithinOneEdit(w, f)) ||
        (last && w.size() >= 5 && w.size() < f.size() && f.substr(0, w.size()) == w))
      return LegalFormOf(f);
  return {};
}

// kLegalPhrases split into words once (matching a phrase against a name's words then needs no
// search for its spaces), with the phrases a name's word may start indexed by its first two
// letters (see Candidates()).
class LegalPhraseTable {
 public:
  struct Phrase {
    static constexpr size_t kMaxWords = 4;
    std::string_view words[kMaxWords];
    size_t count = 0;
    std::string_view canonical;
  };
  static_assert(std::size(kLegalPhrases) <= 32, "phrase sets are 32-bit masks");

  LegalPhraseTable() {
    for (size_t i = 0; i < std::size(kLegalPhrases); ++i) {
      Phrase& p = phrases_[i];
      p.canonical = kLegalPhrases[i].canonical;
      for (std::string_view t = kLegalPhrases[i].text; !t.empty();) {
        const size_t space = t.find(' ');
        p.words[p.count++] = t.substr(0, space);  // every phrase has at most kMaxWords words
        t = space == std::string_view::npos ? std::string_view() : t.substr(space + 1);
      }
      const std::string_view f = p.words[0];  // never empty
      const uint32_t bit = 1u << i;
      first_[static_cast<unsigned char>(f[0])] |= bit;
      if (f.size() >= 2) second_[static_cast<unsigned char>(f[1])] |= bit;
      for (size_t n = 0; n < kLengths; ++n) {
        if (f.size() == n) equal_length_[n] |= bit;
        if (f.size() > n) longer_[n] |= bit;
        if (f.size() >= 5 && n >= 5 && f.size() <= n + 1 && n <= f.size() + 1) near_length_[n] |= bit;
      }
    }
  }

  const Phrase& phrase(size_t i) const { return phrases_[i]; }

  // The phrases (bit i: kLegalPhrases[i]) whose first word f may give LegalWordMatches(w, f,
  // last) for some `last`: a superset of those that do. w == f and a prefix w of f (4+ letters)
  // share f's first two letters and length class; a w one edit from f (both of 5+ letters,
  // lengths at most one apart) shares its first or second letter (substitution later), or has
  // w[1] == f[1] (substitution of the first), w[0] == f[1] (swap, or a letter deleted from f) or
  // w[1] == f[0] (swap, or a letter deleted from w).
  uint32_t Candidates(std::string_view w) const {
    if (w.empty()) return 0;  // no phrase word is empty
    const size_t n = std::min(w.size(), kLengths - 1);  // phrase words are far shorter
    const auto c0 = static_cast<unsigned char>(w[0]);
    uint32_t m = first_[c0];
    if (n == 1) return m & equal_length_[1];
    const auto c1 = static_cast<unsigned char>(w[1]);
    m &= second_[c1] & (equal_length_[n] | (n >= 4 ? longer_[n] : 0));
    if (n >= 5) m |= (first_[c0] | second_[c1] | second_[c0] | first_[c1]) & near_length_[n];
    return m;
  }

 private:
  static constexpr size_t kLengths = 64;
  Phrase phrases_[std::size(kLegalPhrases)];
  uint32_t first_[256] = {};   // phrases whose first word starts with the byte
  uint32_t second_[256] = {};  // ... whose first word's second letter is the byte
  uint32_t equal_length_[kLengths] = {};  // ... whose first word has n letters
  uint32_t longer_[kLengths] = {};        // ... more than n letters
  uint32_t near_length_[kLengths] = {};   // ... 5+ letters, n +- 1 (n >= 5)
};

const LegalPhraseTable& LegalPhrases() {
  static const LegalPhraseTable table;
  return table;
}

// The canonical form of the first legal-form phrase of kLegalPhrases that starts at in[i] and
// its end (one past its last word), or "" when none does.
std::string_view LegalPhraseAt(const Words& in, size_t i, size_t* end) {
  const LegalPhraseTable& table = LegalPhrases();
  // The phrases in kLegalPhrases order, lowest bit first.
  for (uint32_t candidates = table.Candidates(in[i]); candidates != 0; candidates &= candidates - 1) {
    const LegalPhraseTable::Phrase& p = table.phrase(static_cast<size_t>(__builtin_ctz(candidates)));
    size_t k = 0, j = i, exact = 0;
    while (k < p.count && j < in.size()) {
      const std::string_view word = p.words[k];
      if (!LegalWordMatches(in[j], word, j + 1 == in.size())) break;
      exact += detail::SameWord(in[j], word);
      ++j;
      ++k;
    }
    // Typos are tolerated only next to an exactly spelt word ("joynt stock company").
    if (k == p.count && (exact == k || (exact > 0 && k >= 2))) {
      *end = j;
      return p.canonical;
    }
  }
  return {};
}

bool StartsWithAbd(std::string_view w) { return w.size() >= 3 && w[0] == 'a' && w[1] == 'b' && w[2] == 'd'; }

// Rewrites the words of a name into tokens (text and flags; positions and sources are left to
// the caller). `romanised[i]` (empty: none is): word i is a romanised Han character or Hangul
// syllable. Such a word is a syllable of a name, never a word of the lexicons below ("zao" 早 is
// no ZAO, "an" 安 no article, "de" 德 no particle): it is passed through unchanged, and
// `out_romanised` (filled only when `romanised` is not empty) marks its token.
void RewriteWords(const Words& in, bool person, bool org, const std::vector<bool>& romanised,
                  std::vector<Token>* out, std::vector<bool>* out_romanised) {
  out->clear();
  out->reserve(in.size());
  out_romanised->clear();
  const bool any_romanised = !romanised.empty();
  auto push = [&](std::string w, uint16_t f) {
    Token& t = out->emplace_back();
    t.text = std::move(w);
    t.flags = f;
    if (any_romanised) out_romanised->push_back(false);
  };
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string_view w = in[i];
    if (any_romanised && romanised[i]) {
      push(std::string(w), 0);
      out_romanised->back() = true;
      continue;
    }
    // Multi-word legal forms.
    if (org || !person) {
      size_t end = 0;
      if (std::string_view form = LegalPhraseAt(in, i, &end); !form.empty()) {
        push(std::string(form), kTokenLegalForm);
        i = end - 1;
        continue;
      }
    }
    const Lexeme* lex = &LexemeOf(w);  // of `word` below, looked up again when it is rewritten
    // Number words: "forty four" / "forty-four" / "forty 4" -> "44".
    if (int v = lex->number; v > 0) {
      if (lex->tens && i + 1 < in.size()) {
        const Lexeme& next = LexemeOf(in[i + 1]);
        int u = next.number;
        if (u == 0 && in[i + 1].size() == 1 && AllDigits(in[i + 1])) u = in[i + 1][0] - '0';
        if (u > 0 && u < 10 && !next.tens) {
          v += u;
          ++i;
        }
      }
      push(std::to_string(v), kTokenNumeric);
      continue;
    }
    std::string word(w);
    if (StripOrdinalSuffix(&word)) {
      push(word, kTokenNumeric);
      continue;
    }
    // abd + [article] + X.
    if (StartsWithAbd(word) &&
        In(word, {"abd", "abdul", "abdel", "abdal", "abdol", "abdil", "abdur", "abdu", "abdus", "abdallah"}) &&
        word != "abdallah" && i + 1 < in.size()) {
      size_t j = i + 1;
      if (LexemeOf(in[j]).article && j + 1 < in.size()) ++j;
      std::string_view x = in[j];
      if (In(x, {"allah", "alla", "ullah", "ulla", "illah"})) x = "lah";
      if (!IsParticleWord(x) && !IsTitleWord(x)) {
        std::string joined("abdal");
        joined.append(x);
        push(std::move(joined), kTokenJoined);
        i = j;
        continue;
      }
    }
    if (std::string abd = AbdCompound(word); !abd.empty()) {
      push(abd, 0);
      continue;
    }
    // X + article + din / X + din.
    if (i + 1 < in.size() && !lex->particle && word.size() >= 2) {
      size_t j = i + 1;
      const Lexeme& next = LexemeOf(in[j]);
      if (next.article && j + 1 < in.size() && LexemeOf(in[j + 1]).din) ++j;
      // (When j moved on, in[j] is a din word.)
      if (j > i + 1 || (next.din && In(in[j], {"uddin", "eddine", "eddin", "ddin"}))) {
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
    if (!detail::SameWord(word, w)) lex = &LexemeOf(word);  // rewritten above
    if (!lex->pinyin.empty()) {
      word = std::string(lex->pinyin);
      lex = &LexemeOf(word);
    }
    if (!person) {
      if (!lex->expansion.empty()) {
        word = std::string(lex->expansion);
        lex = &LexemeOf(word);
      }
      if (in.size() > 1 && lex->legal_form.empty()) {
        if (std::string_view form = FuzzyLegalFormOf(word, i + 1 == in.size()); !form.empty()) {
          push(std::string(form), kTokenLegalForm);
          continue;
        }
      }
    }
    push(std::move(word), 0);
  }
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
  TokeniseNameInto(raw, options, &result);
  return result;
}

void TokeniseNameInto(std::string_view raw, const TokeniseOptions& options, TokenisedName* out) {
  TokenisedName& result = *out;  // its tokens are replaced by RewriteWords
  result.family_first = false;
  result.truncated = false;
  const bool person = options.kind == EntityKind::kPerson;
  const bool org = options.kind == EntityKind::kOrganisation || options.kind == EntityKind::kVessel ||
                   options.kind == EntityKind::kAircraft;
  NormaliseOptions nopts;
  nopts.arabic_reading = options.arabic_reading;
  if (raw.size() > nopts.max_input_bytes) result.truncated = true;

  // The normalised name and its words: per-thread buffers, so that their memory is reused.
  thread_local std::string text;
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
  if (!result.family_first) NormaliseInto(raw, nopts, &text);

  thread_local Words words;
  words.clear();
  for (size_t b = 0; b < text.size();) {
    size_t e = text.find(' ', b);
    if (e == std::string::npos) e = text.size();
    if (e > b) {
      if (words.size() >= options.max_tokens * 2) {
        result.truncated = true;
        break;
      }
      words.push_back(std::string_view(text).substr(b, std::min(e - b, kMaxTokenLength)));
      if (e - b > kMaxTokenLength) result.truncated = true;
    }
    b = e + 1;
  }

  // Both scripts tests look for non-ASCII lead bytes.
  const bool ascii = IsAscii(raw);
  const bool abjad = !ascii && HasAbjadScript(raw);
  const bool syllabic = !ascii && HasSyllabicScript(raw);
  // Which words are romanised syllables: those the name's Latin-script part does not have
  // (empty when the name has no syllabic script: none is).
  std::vector<bool> romanised;
  if (syllabic) {
    romanised.assign(words.size(), false);
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
  // The rewritten words become the tokens in place; the first max_tokens are kept.
  std::vector<bool> rewritten_romanised;  // empty when `romanised` is
  RewriteWords(words, person, org, romanised, &result.tokens, &rewritten_romanised);
  size_t next_source = 0;  // RewriteWords keeps romanised words one to one and in order

  const size_t n = result.tokens.size();
  const size_t kept = std::min(n, options.max_tokens);
  for (size_t i = 0; i < kept; ++i) {
    Token& t = result.tokens[i];
    const std::string_view w = t.text;
    const bool first = i == 0, last = i + 1 == n;
    const bool is_romanised = !rewritten_romanised.empty() && rewritten_romanised[i];
    // What the word lists say of w (the token's text changes below only once nothing more is read).
    const Lexeme& lex = LexemeOf(w);
    if (!(t.flags & kTokenLegalForm) && !is_romanised) {
      std::string_view form = lex.legal_form;
      if (!form.empty() && n > 1 && (!person || first || last) && !(person && w.size() > 3 && !last)) {
        // For persons, only short forms at an edge ("Maduro SA", "LLC ...").
        if (!person || first || last) {
          t.text = std::string(form);
          t.flags |= kTokenLegalForm;
        }
      }
    }
    if (is_romanised) {
      if (next_source < sources.size()) t.source = sources[next_source];
      ++next_source;
      // A romanised syllable: only the one-letter ones are marked (as before) as initials.
      if (w.size() == 1) t.flags |= kTokenInitial;
    } else if (!(t.flags & (kTokenLegalForm | kTokenNumeric))) {
      if (AllDigits(w)) {
        t.flags |= kTokenNumeric;
      } else if (w.size() == 1) {
        t.flags |= kTokenInitial;
      } else if (!org && n > 1 && lex.title && !(last && i > 0)) {
        t.flags |= kTokenTitle;
      } else if (!org && lex.particle && n > 1) {
        // "ben" opening a name is the given name Ben; elsewhere it is the filiation particle.
        if (!(first && (w == "ben" || w == "y" || w == "la" || w == "de" || w == "van"))) {
          t.flags |= kTokenParticle;
          if (In(w, {"ben", "ibn", "bn", "ould"})) t.text = "bin";
          else if (w == "binti") t.text = "bint";
          else if (In(w, {"el", "ul", "ar", "as", "ad", "an", "at", "az", "ash", "ur"})) t.text = "al";
        }
      } else if (!org && n > 2 && !first && IsPatronymic(w)) {
        t.flags |= kTokenPatronymic;
      } else if (org && n > 1 && lex.stopword) {
        t.flags |= kTokenStopword;
      } else if (org && n > 1 && lex.particle && In(w, {"al", "el"})) {
        t.flags |= kTokenParticle;
        t.text = "al";
      }
    }
    if (abjad) t.flags |= kTokenAbjad;
    if (syllabic) t.flags |= kTokenSyllabic;
    t.position = static_cast<uint16_t>(i);
  }
  result.tokens.erase(result.tokens.begin() + static_cast<std::ptrdiff_t>(kept), result.tokens.end());
  if (n > options.max_tokens) result.truncated = true;
}

}  // namespace tamis::text
