#include "core/text/transliterate.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text/utf8.h"

namespace tamis::text {
namespace {

// ICU transliterator for one script. Compound "Any-Latin" is avoided: it re-splits its input by
// script on every call and builds sub-transliterators lazily (about 20 ms to create, and its
// Han path costs milliseconds per name). A script-specific transliterator chosen by the script
// we already detected costs 1-3 us per name once created.
const char* IcuIdForScript(UScriptCode sc) {
  switch (sc) {
    // BGN/PCGN (the US and UK lists use it); letters Russian lacks (Serbian ћ ђ џ, Ukrainian ї)
    // fall through to the generic Cyrillic-Latin.
    case USCRIPT_CYRILLIC: return "Russian-Latin/BGN; Cyrillic-Latin";
    case USCRIPT_GREEK: return "Greek-Latin/UNGEGN";    // modern Greek values (β -> v, η -> i)
    case USCRIPT_HAN: return "Han-Latin";              // Mandarin pinyin (no Japanese readings in ICU)
    case USCRIPT_HANGUL: return "Hangul-Latin";
    case USCRIPT_HIRAGANA: return "Hiragana-Latin";
    case USCRIPT_KATAKANA: return "Katakana-Latin";
    case USCRIPT_THAI: return "Thai-Latin";
    default: return nullptr;  // "<ICU script name>-Latin" when ICU has one
  }
}

constexpr size_t kScriptSlots = 256;
constexpr size_t kMemoLimit = 16384;  // entries per thread before the memo is reset

// Per-thread ICU state (ICU transliterators are not safe for concurrent use). Everything is
// created on first use by the thread and reused: creating a transliterator costs 0.1-5 ms.
struct IcuCache {
  std::array<std::unique_ptr<icu::Transliterator>, kScriptSlots> by_script;
  std::array<uint8_t, kScriptSlots> state{};  // 0 untried, 1 ready, 2 unavailable
  std::unique_ptr<icu::Transliterator> latin_ascii;
  bool latin_ascii_tried = false;
  // Romanisation of single Han characters / Hangul syllables (ASCII, already folded), and of
  // Latin letters with no decomposition: Han-Latin costs ~5-25 us per character, so names
  // of logographic scripts would otherwise dominate preparation time.
  std::unordered_map<char32_t, std::string> memo;
  // Han character -> its simplified form (ICU "Traditional-Simplified"; itself if it has none),
  // the identity RomanisedSyllables() reports: 習 and 习 are one character.
  std::unique_ptr<icu::Transliterator> simplify;
  bool simplify_tried = false;
  std::unordered_map<char32_t, char32_t> simplified;
};

IcuCache& Cache() {
  thread_local IcuCache cache;
  return cache;
}

// A thread's transliterator of `id`: a clone of the process's prototype of it. Creating one
// costs ~1M instructions (registry look-ups, rule data set up) and every new thread (a service
// batch's workers) needed its own; a clone shares the prototype's rule data. The prototypes
// are only ever cloned, under the mutex (ICU transliterators are not safe for concurrent use).
std::unique_ptr<icu::Transliterator> Make(const char* id) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::unique_ptr<icu::Transliterator>> prototypes;  // null: unavailable
  const std::lock_guard<std::mutex> lock(mu);
  auto [it, fresh] = prototypes.try_emplace(id);
  if (fresh) {
    UErrorCode status = U_ZERO_ERROR;
    it->second.reset(icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
    if (U_FAILURE(status)) it->second.reset();
  }
  if (!it->second) return nullptr;
  return std::unique_ptr<icu::Transliterator>(it->second->clone());
}

icu::Transliterator* ForScript(UScriptCode sc) {
  const auto slot = static_cast<size_t>(sc);
  if (slot >= kScriptSlots) return nullptr;
  IcuCache& c = Cache();
  if (c.state[slot] == 0) {
    const char* id = IcuIdForScript(sc);
    std::string generic;
    if (id == nullptr) {
      const char* name = uscript_getName(sc);
      if (name != nullptr) {
        generic = std::string(name) + "-Latin";
        id = generic.c_str();
      }
    }
    if (id != nullptr) c.by_script[slot] = Make(id);
    c.state[slot] = c.by_script[slot] ? 1 : 2;
  }
  return c.by_script[slot].get();
}

icu::Transliterator* LatinAscii() {
  IcuCache& c = Cache();
  if (!c.latin_ascii_tried) {
    c.latin_ascii = Make("Latin-ASCII");
    c.latin_ascii_tried = true;
  }
  return c.latin_ascii.get();
}

bool IsApostropheMark(char32_t c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x02BB: case 0x02BD: case 0x02BE:
    case 0x02BF: case 0x0060: case 0x00B4: case 0x02B9: case 0x02BA: case 0x2032: case 0x0027:
    case 0x02C8: case 0x02CA: case 0x02CB: case 0x00B7:  // BGN separator: Fr·enk
      return true;
    default:
      return false;
  }
}

// Latin letters without a canonical decomposition to ASCII.
const char* SpecialLatin(char32_t c) {
  switch (c) {
    case 0x00DF: case 0x1E9E: return "ss";
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x00F8: case 0x00D8: return "o";
    case 0x0142: case 0x0141: return "l";
    case 0x0111: case 0x0110: case 0x00F0: case 0x00D0: return "d";
    case 0x00FE: case 0x00DE: return "th";
    case 0x0131: return "i";
    case 0x0127: case 0x0126: return "h";
    case 0x014B: case 0x014A: return "ng";
    case 0x0167: case 0x0166: return "t";
    case 0x0259: case 0x018F: case 0x01DD: case 0x025B: return "e";
    case 0x0254: return "o";
    case 0x0251: return "a";
    case 0x0268: return "i";
    case 0x0283: return "sh";
    case 0x0292: return "zh";
    case 0x017F: return "s";
    case 0x0192: return "f";
    case 0x0133: case 0x0132: return "ij";
    default: return nullptr;
  }
}

// Appends the ASCII form of one code point of romanised or Latin text: ASCII as is, marks and
// apostrophe-like letters dropped, precomposed letters reduced to their base letter, a few
// letters mapped by table or ICU Latin-ASCII; anything else becomes a space.
void FoldCodePoint(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
    return;
  }
  if (IsApostropheMark(c)) return;
  const int8_t type = u_charType(static_cast<UChar32>(c));
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK ||
      type == U_MODIFIER_LETTER || type == U_FORMAT_CHAR)
    return;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString d;
    if (nfd->getDecomposition(static_cast<UChar32>(c), d) && d.length() > 0) {
      const UChar32 base = d.char32At(0);
      if (base < 0x80) {
        out->push_back(static_cast<char>(base));
        return;
      }
      c = static_cast<char32_t>(base);
    }
  }
  if (const char* s = SpecialLatin(c)) {
    out->append(s);
    return;
  }
  if (type == U_UPPERCASE_LETTER || type == U_LOWERCASE_LETTER || type == U_TITLECASE_LETTER) {
    IcuCache& cache = Cache();
    auto it = cache.memo.find(c | 0x80000000u);
    if (it == cache.memo.end()) {
      std::string ascii;
      if (icu::Transliterator* t = LatinAscii()) {
        icu::UnicodeString u(static_cast<UChar32>(c));
        t->transliterate(u);
        std::string r;
        u.toUTF8String(r);
        for (char ch : r)
          if (static_cast<unsigned char>(ch) < 0x80) ascii.push_back(ch);
      }
      if (cache.memo.size() >= kMemoLimit) cache.memo.clear();
      it = cache.memo.emplace(c | 0x80000000u, ascii.empty() ? std::string(" ") : ascii).first;
    }
    out->append(it->second);
    return;
  }
  out->push_back(' ');
}

void FoldUtf8(std::string_view utf8, std::string* out) {
  if (IsAscii(utf8)) {
    out->append(utf8);
    return;
  }
  for (char32_t c : DecodeUtf8(utf8)) FoldCodePoint(c, out);
}

std::string ApplyIcu(icu::Transliterator* t, std::u32string_view run) {
  std::string utf8;
  for (char32_t c : run) AppendUtf8(c, &utf8);
  if (t == nullptr) return utf8;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// One precomposed Hangul syllable (U+AC00..U+D7A3) in the McCune-Reischauer spelling the
// sanctions lists use for Korean (DPRK) names, without its diacritics and apostrophes:
// 김정은 -> kim jong un, 최룡해 -> choe ryong hae, 박봉주 -> pak pong ju, 리영길 -> ri yong kil
// (ICU's Hangul-Latin gives Revised Romanisation: gim jeong eun). Each syllable is a word of its
// own, so initials take their word-initial values (k t p, never the voiced g d b); ㅈ is j and
// ㅊ ch as in the lists' "Jong" / "Chol"; the aspirates ㅋ ㅌ ㅍ are k t p (MR k' t' p' and
// RR alike once the apostrophe is gone); ㅓ is o, ㅡ is u, ㄹ initial r (리 Ri). Empty if c
// is no syllable.
std::string HangulSyllableMr(char32_t c) {
  if (c < 0xAC00 || c > 0xD7A3) return {};
  static constexpr const char* kInitial[19] = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
                                               "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
  static constexpr const char* kVowel[21] = {"a", "ae", "ya", "yae", "o",  "e",  "yo", "ye", "o", "wa", "wae",
                                             "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"};
  static constexpr const char* kFinal[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
                                             "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};
  const uint32_t s = static_cast<uint32_t>(c - 0xAC00);
  std::string out = kInitial[s / 588];
  out += kVowel[(s % 588) / 28];
  out += kFinal[s % 28];
  return out;
}

// One Han character or Hangul syllable -> folded ASCII syllable, memoised per thread.
const std::string& Syllable(UScriptCode sc, char32_t c) {
  IcuCache& cache = Cache();
  auto it = cache.memo.find(c);
  if (it != cache.memo.end()) return it->second;
  std::string ascii = HangulSyllableMr(c);
  if (ascii.empty()) FoldUtf8(ApplyIcu(ForScript(sc), std::u32string_view(&c, 1)), &ascii);
  if (cache.memo.size() >= kMemoLimit) cache.memo.clear();
  return cache.memo.emplace(c, std::move(ascii)).first->second;
}

// Name spelling of the ISO 15919 romanisation ICU gives for Devanagari, Bengali and Gujarati:
// those languages do not pronounce every inherent vowel "a" the script implies, and names are
// spelt as pronounced (schwa deletion): a final inherent a after a single consonant goes
// (मोदी ... राहुल "rāhula" -> rahul, অমিত "amita" -> amit, শাহ "śāha" -> shah; not after a
// cluster: नरेन्द्र narendra, कृष्ण krishna), and so does a medial one between single consonants
// in V C _ C V (রহমান "rahamāna" -> rahman, শামসুদ্দিন -> shamsuddin, मनमोहन -> manmohan), one per
// syllable pair, right to left. ś and ṣ are written sh, c ch and ch chh, vocalic r̥ ri.
std::string IndicNameSpelling(std::string_view utf8) {
  std::u32string in = DecodeUtf8(utf8);
  auto vowel = [](char32_t c) {
    switch (c) {
      case U'a': case U'e': case U'i': case U'o': case U'u': case 0x0101: case 0x012B: case 0x016B:
      case 0x0113: case 0x014D:
        return true;
      default:
        return false;
    }
  };
  auto mark = [](char32_t c) { return u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK; };
  auto letter = [&](char32_t c) { return u_isalpha(static_cast<UChar32>(c)) || mark(c) || c == U'\''; };
  auto aspirable = [](char32_t c) {
    return c == U'k' || c == U'g' || c == U'c' || c == U'j' || c == 0x1E6D || c == 0x1E0D || c == U't' ||
           c == U'd' || c == U'p' || c == U'b';
  };
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (!letter(in[i])) {
      AppendUtf8(in[i++], &out);
      continue;
    }
    // One word as units: a vowel, or a consonant with its aspiration h; ICU's apostrophe (m'm)
    // separates two consonants and is dropped.
    std::vector<std::u32string> units;
    for (; i < in.size() && letter(in[i]); ++i) {
      const char32_t c = in[i];
      if (c == U'\'') continue;
      if (c == 0x0325) {  // vocalic r / l: r̥ -> ri
        units.push_back(U"i");
        continue;
      }
      if (mark(c)) {  // a nasalisation or other mark stays on its letter
        if (!units.empty()) units.back().push_back(c);
        continue;
      }
      if (c == U'h' && !units.empty() && units.back().size() == 1 && aspirable(units.back()[0])) {
        units.back().push_back(c);
        continue;
      }
      units.push_back(std::u32string(1, c));
    }
    auto is_v = [&](size_t k) { return vowel(units[k][0]); };
    auto is_a = [&](size_t k) { return units[k] == U"a"; };
    size_t n = units.size();
    if (n >= 3 && is_a(n - 1) && !is_v(n - 2) && is_v(n - 3)) units.pop_back(), --n;
    for (size_t k = n >= 3 ? n - 2 : 0; k >= 2; --k) {
      if (is_a(k) && !is_v(k - 1) && is_v(k - 2) && !is_v(k + 1) && k + 2 < n && is_v(k + 2)) {
        units.erase(units.begin() + static_cast<std::ptrdiff_t>(k));
        --n;
        if (k < 3) break;
        --k;  // the next syllable to the left would make a three-consonant cluster
      }
    }
    for (const auto& u : units) {
      if (u == U"c") out += "ch";
      else if (u == U"ch") out += "chh";
      else
        for (char32_t c : u) {
          if (c == 0x015B || c == 0x1E63) out += "sh";
          else AppendUtf8(c, &out);
        }
    }
  }
  return out;
}

// The character a Han character or Hangul syllable is, for RomanisedSyllables(): Hangul as is,
// Han in its simplified form (memoised per thread).
char32_t SyllableSource(UScriptCode sc, char32_t c) {
  if (sc != USCRIPT_HAN) return c;
  IcuCache& cache = Cache();
  auto it = cache.simplified.find(c);
  if (it != cache.simplified.end()) return it->second;
  if (!cache.simplify_tried) {
    cache.simplify = Make("Traditional-Simplified");
    cache.simplify_tried = true;
  }
  char32_t out = c;
  if (cache.simplify) {
    icu::UnicodeString u(static_cast<UChar32>(c));
    cache.simplify->transliterate(u);
    if (u.countChar32() == 1) {
      const UChar32 s = u.char32At(0);
      UErrorCode err = U_ZERO_ERROR;
      if (s > 0 && uscript_getScript(s, &err) == USCRIPT_HAN && U_SUCCESS(err)) out = static_cast<char32_t>(s);
    }
  }
  if (cache.simplified.size() >= kMemoLimit) cache.simplified.clear();
  cache.simplified.emplace(c, out);
  return out;
}

enum class Run : uint8_t { kLatin, kArabic, kHebrew, kSyllables, kScript };

struct RunKind {
  Run run = Run::kLatin;
  UScriptCode script = USCRIPT_LATIN;
  bool operator!=(const RunKind& o) const { return run != o.run || script != o.script; }
};

RunKind Classify(char32_t c, RunKind current) {
  if (c < 0x80) {
    if (current.run == Run::kLatin) return current;
    const bool letter_or_digit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return letter_or_digit ? RunKind{} : current;
  }
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode sc = uscript_getScript(static_cast<UChar32>(c), &err);
  if (U_FAILURE(err)) return current;
  switch (sc) {
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
      return current;
    case USCRIPT_LATIN:
      return RunKind{};
    case USCRIPT_ARABIC:
      return RunKind{Run::kArabic, sc};
    case USCRIPT_HEBREW:
      return RunKind{Run::kHebrew, sc};
    case USCRIPT_HAN:
    case USCRIPT_HANGUL:
      return RunKind{Run::kSyllables, sc};
    default:
      return RunKind{Run::kScript, sc};
  }
}

// Romanises one run; `fold` selects ASCII output (else Latin with diacritics where ICU gives them).
// `inside_word`: the run has letters of another script right before or after it ("Aeroкaribbean"
// with a Cyrillic к): it is a look-alike inside one word, so it is romanised without the word
// breaks put around a run of its own.
void FlushRun(RunKind kind, std::u32string_view run, bool fold, bool romanise, bool inside_word,
              ArabicReading reading, std::string* out) {
  if (run.empty()) return;
  if (!romanise && kind.run != Run::kLatin) {
    out->push_back(' ');
    return;
  }
  switch (kind.run) {
    case Run::kLatin:
      if (fold) {
        for (char32_t c : run) FoldCodePoint(c, out);
      } else {
        for (char32_t c : run) AppendUtf8(c, out);
      }
      return;
    case Run::kArabic:
    case Run::kHebrew: {
      std::string utf8;
      for (char32_t c : run) AppendUtf8(c, &utf8);
      out->push_back(' ');
      out->append(kind.run == Run::kArabic ? RomaniseArabic(utf8, reading) : RomaniseHebrew(utf8));
      out->push_back(' ');
      return;
    }
    case Run::kSyllables:
      // Chinese and Korean names are romanised syllable by syllable ("Kim Jong Un", "Xi Jin
      // Ping"): one word per character.
      for (char32_t c : run) {
        UErrorCode err = U_ZERO_ERROR;
        const UScriptCode sc = uscript_getScript(static_cast<UChar32>(c), &err);
        if (U_SUCCESS(err) && (sc == USCRIPT_HAN || sc == USCRIPT_HANGUL)) {
          out->push_back(' ');
          out->append(Syllable(sc, c));
          out->push_back(' ');
        } else if (fold) {
          FoldCodePoint(c, out);
        } else {
          AppendUtf8(c, out);
        }
      }
      return;
    case Run::kScript: {
      std::string latin;
      if (kind.script == USCRIPT_THAI) {
        // Thai writes no spaces inside a word, yet ICU's Thai-Latin puts one between some of a
        // word's syllables ("ประวี" -> "pra wī", "สมชาย" -> "s̄mchāy"): each written word is
        // romanised on its own and those spaces dropped, so a name keeps its words ("Prawi",
        // as the lists write it) and does not fall apart into short syllables.
        size_t b = 0;
        while (b < run.size()) {
          size_t e = b;
          while (e < run.size() && !u_isUWhiteSpace(static_cast<UChar32>(run[e]))) ++e;
          if (e > b) {
            std::string word = ApplyIcu(ForScript(kind.script), run.substr(b, e - b));
            std::erase(word, ' ');
            latin += word;
          }
          if (e < run.size()) latin.push_back(' ');
          b = e + 1;
        }
      } else {
        latin = ApplyIcu(ForScript(kind.script), run);
      }
      if (kind.script == USCRIPT_DEVANAGARI || kind.script == USCRIPT_BENGALI || kind.script == USCRIPT_GUJARATI)
        latin = IndicNameSpelling(latin);
      if (!inside_word) out->push_back(' ');
      if (fold) FoldUtf8(latin, out);
      else out->append(latin);
      if (!inside_word) out->push_back(' ');
      return;
    }
  }
}

std::string Romanise(std::string_view utf8, bool fold, bool romanise, ArabicReading reading) {
  std::string out;
  out.reserve(utf8.size() + 8);
  const std::u32string cps = DecodeUtf8(utf8);
  const std::u32string_view all(cps);
  auto letter_at = [&](size_t i) { return i < all.size() && u_isalpha(static_cast<UChar32>(all[i])); };
  auto flush = [&](RunKind k, size_t b, size_t e) {
    const bool inside_word = (b > 0 && letter_at(b - 1)) || letter_at(e);
    FlushRun(k, all.substr(b, e - b), fold, romanise, inside_word, reading, &out);
  };
  RunKind kind;
  size_t begin = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const RunKind k = Classify(all[i], kind);
    if (k != kind) {
      flush(kind, begin, i);
      begin = i;
      kind = k;
    }
  }
  flush(kind, begin, all.size());
  return out;
}

}  // namespace

std::vector<RomanisedSyllable> RomanisedSyllables(std::string_view utf8) {
  std::vector<RomanisedSyllable> out;
  if (IsAscii(utf8)) return out;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  for (char32_t c : DecodeUtf8(utf8)) {
    // NFKC, as Normalise() applies before romanising: compatibility ideographs and Kangxi
    // radicals are their unified ideographs (a Hangul syllable's decomposition is its jamo).
    if (U_SUCCESS(status) && (c < 0xAC00 || c > 0xD7A3) && c >= 0x2E80) {
      icu::UnicodeString d;
      if (nfkc->getDecomposition(static_cast<UChar32>(c), d) && d.countChar32() == 1)
        c = static_cast<char32_t>(d.char32At(0));
    }
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(static_cast<UChar32>(c), &err);
    if (U_FAILURE(err) || (sc != USCRIPT_HAN && sc != USCRIPT_HANGUL)) continue;
    const char32_t source = SyllableSource(sc, c);  // before Syllable(): its reference is short-lived
    out.push_back(RomanisedSyllable{Syllable(sc, c), static_cast<uint32_t>(source)});
  }
  return out;
}

bool IsAscii(std::string_view s) {
  // Eight bytes at a time: any of them >= 0x80 sets its top bit.
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ull) return false;
  }
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  return true;
}

std::string TransliterateToLatin(std::string_view utf8, ArabicReading reading) {
  if (IsAscii(utf8)) return std::string(utf8);
  return Romanise(utf8, /*fold=*/false, /*romanise=*/true, reading);
}

std::string FoldToAscii(std::string_view utf8, ArabicReading reading) {
  if (IsAscii(utf8)) return std::string(utf8);
  return Romanise(utf8, /*fold=*/true, /*romanise=*/true, reading);
}

std::string LatinToAscii(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);
  return Romanise(utf8, /*fold=*/true, /*romanise=*/false, ArabicReading::kArabic);
}

bool HasArabicLetter(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  for (char32_t c : DecodeUtf8(utf8))
    if ((c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || (c >= 0x0750 && c <= 0x077F) ||
        (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC))
      return true;
  return false;
}

}  // namespace tamis::text
