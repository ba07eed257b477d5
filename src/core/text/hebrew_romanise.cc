// Name-aware romanisation of Hebrew-script names.
//
// Hebrew, like Arabic, is an abjad: unpointed names (as lists and documents write them) give
// consonants and the vowel letters (matres lectionis) only, and ICU's Hebrew-Latin maps them
// letter for letter (משה -> "msh", דוד -> "dwd"). As in arabic_romanise.cc:
//  1. a dictionary of frequent given names and surnames, keyed by the unpointed spelling (final
//     letter forms folded), gives the usual English romanisation (משה -> moshe, דוד -> david);
//  2. other words are romanised letter by letter, reading the letters as an Israeli reader
//     would: vav and yod are consonants word-initially, doubled or before another vowel letter
//     and long vowels (u, i) elsewhere, as the Arabic romaniser reads waw and ya; a final he is a
//     vowel (a, which the scorer lets any Latin vowel spell: Moshe, Shlomo, Rivka); alef and
//     ayin carry an "a" (dropped word-finally for ayin); bet / kaf / pe are b k p at the start of
//     a word (or with a dagesh) and v kh f after a vowel; tsadi is tz; shin sh (s with a sin dot).
//     Vowel points, when present, are written (patah/qamats a, segol/tsere e, hiriq i, holam o,
//     qubuts u). The scorer compares such tokens on their consonant skeleton (kTokenAbjad).
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/text/name_dictionary.h"
#include "core/text/transliterate.h"
#include "core/text/utf8.h"

namespace tamis::text {
namespace {

bool IsHebrewLetter(char32_t c) { return c >= 0x05D0 && c <= 0x05EA; }
bool IsHebrewMark(char32_t c) { return (c >= 0x0591 && c <= 0x05C7 && c != 0x05BE && c != 0x05C0 && c != 0x05C3 && c != 0x05C6); }

// Final letter forms -> their regular forms; points and cantillation dropped.
std::u32string FoldForLookup(std::u32string_view w) {
  std::u32string r;
  for (char32_t c : w) {
    if (IsHebrewMark(c)) continue;
    switch (c) {
      case 0x05DA: c = 0x05DB; break;  // final kaf
      case 0x05DD: c = 0x05DE; break;  // final mem
      case 0x05DF: c = 0x05E0; break;  // final nun
      case 0x05E3: c = 0x05E4; break;  // final pe
      case 0x05E5: c = 0x05E6; break;  // final tsadi
      default: break;
    }
    r.push_back(c);
  }
  return r;
}

// Entries: the Hebrew spelling (UTF-8, unpointed; final forms are folded when the table is
// built) and the Latin one.
using DictEntry = NameDictEntry;

// Frequent Hebrew given names and surnames in their common English romanisation. Written from
// general knowledge of Hebrew names, not copied from a list.
constexpr DictEntry kDict[] = {
    {"משה", "moshe"},       {"דוד", "david"},       {"אברהם", "avraham"},   {"יצחק", "yitzhak"},
    {"יעקב", "yaakov"},     {"יוסף", "yosef"},      {"שלמה", "shlomo"},     {"בנימין", "binyamin"},
    {"שמואל", "shmuel"},    {"אליהו", "eliyahu"},   {"אהרן", "aharon"},     {"אהרון", "aharon"},
    {"חיים", "haim"},       {"מרדכי", "mordechai"}, {"יהודה", "yehuda"},    {"דניאל", "daniel"},
    {"מיכאל", "michael"},   {"אריאל", "ariel"},     {"אורי", "uri"},        {"יונתן", "yonatan"},
    {"נתן", "natan"},       {"שמעון", "shimon"},    {"ראובן", "reuven"},    {"לוי", "levi"},
    {"גדעון", "gideon"},    {"עמוס", "amos"},       {"יואב", "yoav"},       {"אלון", "alon"},
    {"עמית", "amit"},       {"איתן", "eitan"},      {"רון", "ron"},         {"גיל", "gil"},
    {"אבי", "avi"},         {"ישראל", "yisrael"},   {"יוסי", "yossi"},      {"מאיר", "meir"},
    {"יהושע", "yehoshua"},  {"אליעזר", "eliezer"},  {"נחום", "nachum"},     {"ברוך", "baruch"},
    {"צבי", "tzvi"},        {"עזרא", "ezra"},       {"בן", "ben"},          {"בת", "bat"},
    {"שרה", "sara"},        {"רחל", "rachel"},      {"רבקה", "rivka"},      {"לאה", "lea"},
    {"מרים", "miriam"},     {"אסתר", "ester"},      {"חנה", "hana"},        {"רות", "rut"},
    {"יעל", "yael"},        {"תמר", "tamar"},       {"נועה", "noa"},        {"שירה", "shira"},
    {"כהן", "cohen"},       {"לוין", "levin"},      {"פרץ", "peretz"},      {"מזרחי", "mizrahi"},
    {"פרידמן", "friedman"}, {"שפירא", "shapira"},   {"נתניהו", "netanyahu"}, {"ביטון", "biton"},
};

const NameDictionary& Dict() {
  static const NameDictionary dict = BuildNameDictionary(kDict, [](const std::u32string& w) { return FoldForLookup(w); });
  return dict;
}

bool IsVowelLetter(char32_t c) { return c == 0x05D0 || c == 0x05D5 || c == 0x05D9; }  // alef, vav, yod

// Letter-by-letter romanisation of one word (letters and points).
std::string RomaniseLetters(std::u32string_view w) {
  // The letters alone, with the point that follows each (a vowel point or dagesh, if any).
  std::u32string letters;
  std::u32string dagesh;  // 1 if the letter carries a dagesh
  std::u32string vowel;   // the vowel point after the letter, or 0
  std::u32string sin;     // 1 if a sin dot
  for (char32_t c : w) {
    if (IsHebrewLetter(c)) {
      letters.push_back(FoldForLookup(std::u32string_view(&c, 1))[0]);
      dagesh.push_back(0);
      vowel.push_back(0);
      sin.push_back(0);
      continue;
    }
    if (letters.empty()) continue;
    if (c == 0x05BC) dagesh.back() = 1;
    else if (c == 0x05C2) sin.back() = 1;
    else if ((c >= 0x05B1 && c <= 0x05BB) || c == 0x05C7) vowel.back() = c;
  }
  std::string out;
  const size_t n = letters.size();
  for (size_t i = 0; i < n; ++i) {
    const char32_t c = letters[i];
    const bool initial = i == 0, final = i + 1 == n;
    const char32_t next = final ? 0 : letters[i + 1];
    const bool after_vowel = !out.empty() && (out.back() == 'a' || out.back() == 'e' || out.back() == 'i' ||
                                              out.back() == 'o' || out.back() == 'u');
    const char* s = "";
    switch (c) {
      case 0x05D0: s = final && after_vowel ? "" : "a"; break;                 // alef: vowel carrier
      case 0x05D1: s = (initial || dagesh[i]) ? "b" : "v"; break;               // bet / vet
      case 0x05D2: s = "g"; break;
      case 0x05D3: s = "d"; break;
      case 0x05D4: s = (final && !initial) ? "a" : "h"; break;                  // final he: a vowel
      case 0x05D5:                                                              // vav
        if (i > 0 && letters[i - 1] == 0x05D5) s = "";                          // וו: one v
        else if (vowel[i] == 0x05B9) s = "o";                                   // holam male
        else if (dagesh[i] && !initial) s = "u";                                // shuruk
        else if (initial || next == 0x05D5 || (!final && IsVowelLetter(next))) s = "v";
        else s = "u";
        break;
      case 0x05D6: s = "z"; break;
      case 0x05D7: s = "h"; break;                                              // het
      case 0x05D8: s = "t"; break;
      case 0x05D9:                                                              // yod: y or long i
        s = (initial || (!final && IsVowelLetter(next))) ? "y" : "i";
        break;
      case 0x05DB: s = (initial || dagesh[i]) ? "k" : "kh"; break;              // kaf / khaf
      case 0x05DC: s = "l"; break;
      case 0x05DE: s = "m"; break;
      case 0x05E0: s = "n"; break;
      case 0x05E1: s = "s"; break;
      case 0x05E2: s = final ? "" : "a"; break;                                 // ayin
      case 0x05E4: s = (initial || dagesh[i]) ? "p" : "f"; break;               // pe / fe
      case 0x05E6: s = "tz"; break;
      case 0x05E7: s = "k"; break;
      case 0x05E8: s = "r"; break;
      case 0x05E9: s = sin[i] ? "s" : "sh"; break;
      case 0x05EA: s = "t"; break;
      default: break;
    }
    std::string_view sv(s);
    // A vowel letter after the same written vowel adds nothing ("aa" -> "a").
    if (sv.size() == 1 && !out.empty() && out.back() == sv[0] && (sv[0] == 'a' || sv[0] == 'i' || sv[0] == 'u'))
      sv = {};
    out += sv;
    switch (vowel[i]) {
      case 0x05B2: case 0x05B7: case 0x05B8: case 0x05C7: out += 'a'; break;  // hataf patah, patah, qamats
      case 0x05B1: case 0x05B5: case 0x05B6: out += 'e'; break;               // hataf segol, tsere, segol
      case 0x05B4: out += 'i'; break;                                         // hiriq
      case 0x05B3: case 0x05B9: case 0x05BA: if (c != 0x05D5) out += 'o'; break;  // holam
      case 0x05BB: out += 'u'; break;                                         // qubuts
      default: break;
    }
  }
  return out;
}

void RomaniseWord(std::u32string_view word, std::string* out) {
  if (word.empty()) return;
  std::string latin;
  const std::u32string folded = FoldForLookup(word);
  if (folded.empty()) return;
  const auto& dict = Dict();
  if (auto it = dict.find(folded); it != dict.end()) latin = std::string(it->second);
  else latin = RomaniseLetters(word);
  if (latin.empty()) return;
  if (!out->empty() && out->back() != ' ') out->push_back(' ');
  out->append(latin);
}

}  // namespace

std::string RomaniseHebrew(std::string_view utf8) {
  const std::u32string cps = DecodeUtf8(utf8);
  std::string out;
  std::u32string word;
  for (char32_t c : cps) {
    if (IsHebrewLetter(c) || IsHebrewMark(c)) {
      word.push_back(c);
      continue;
    }
    RomaniseWord(word, &out);
    word.clear();
    if (c == 0x05BE || c == '-') {  // maqaf: a hyphen between words
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else if (c < 0x80 && c != ' ') {
      out.push_back(static_cast<char>(c));
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  RomaniseWord(word, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace tamis::text
