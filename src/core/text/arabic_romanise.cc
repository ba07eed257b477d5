// Name-aware romanisation of Arabic-script names (Arabic, Persian, Urdu letters).
//
// Unvocalised Arabic writes only consonants and long vowels, so a letter-by-letter mapping
// gives "mhmd" for محمد. Two things make the output usable for matching:
//  1. a dictionary of frequent given names and name particles, keyed by the unvocalised
//     spelling (after folding alef/yaa/taa-marbuta variants), gives the usual romanisation;
//  2. everything else is romanised letter by letter (consonants, long vowels, harakat when
//     present), and the scorer compares such tokens on their consonant skeleton.
// The article ال is split off as its own token "al" (also inside عبدال...), so "السيسي" becomes
// "al sisi"-like tokens that align with "el-Sisi" / "al-Sisi".
//
// Names of other origins written in Arabic script (the European, African and Asian names of
// foreign fighters in Arabic-language documents, as the Arabic press writes them) follow other
// conventions, which the foreign readings (ArabicReading::kForeign, kForeignHardG) apply to
// every word the dictionary does not hold:
//  * تش is one sound, "ch" (هاتشينز Hutchins, تشارلز Charles), not t + sh;
//  * ال opening a word is part of the name, not the article (ألبرتو Alberto, ألكسندر Alexander);
//  * a final ز after a vowel letter or ن/ر/ل/م/د is the voiced plural-like -s of English and
//    French names (جونز Jones, هاتشينز Hutchins, ويليامز Williams): read "s";
//  * kForeignHardG also reads ج as a hard "g" (Egyptian usage, and the press's spelling of
//    Italian/Spanish/English g: روجيرو Ruggero, جاري Gary); kForeign keeps "j" (جون John).
// ف for v, و/ي for o/u and e/i, a final ا/ة for -a/-e and long vowels Latin leaves out need no
// reading of their own: the scorer compares abjad romanisations on consonant skeletons with
// v ~ f and vowels free (names/scorer_internal.h AbjadSkeleton, IsVocalisation).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text/name_dictionary.h"
#include "core/text/transliterate.h"
#include "core/text/utf8.h"

namespace tamis::text {
namespace {

// Folds spelling variants that do not change the name: alef with hamza/madda -> bare alef,
// alef maqsura -> yaa, taa marbuta -> haa, and drops harakat and tatweel.
std::u32string FoldForLookup(const std::u32string& w) {
  std::u32string r;
  for (char32_t c : w) {
    if ((c >= 0x064B && c <= 0x0652) || c == 0x0670 || c == 0x0640) continue;
    if (c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x0671) c = 0x0627;
    if (c == 0x0649 || c == 0x06CC) c = 0x064A;  // alef maqsura, Farsi yeh -> yaa
    if (c == 0x0629) c = 0x0647;                 // taa marbuta -> haa
    if (c == 0x06A9) c = 0x0643;                 // keheh -> kaf
    r.push_back(c);
  }
  return r;
}

// Entries: the Arabic spelling (UTF-8, already folded: see FoldForLookup) and the Latin one.
using DictEntry = NameDictEntry;

// Frequent given names and particles in sanctions lists, in their common English romanisation.
constexpr DictEntry kDict[] = {
    {"محمد", "muhammad"},   {"احمد", "ahmad"},       {"محمود", "mahmud"},     {"علي", "ali"},
    {"حسن", "hasan"},       {"حسين", "husayn"},      {"عمر", "umar"},         {"عثمان", "uthman"},
    {"خالد", "khalid"},     {"ابراهيم", "ibrahim"},  {"اسماعيل", "ismail"},   {"يوسف", "yusuf"},
    {"مصطفي", "mustafa"},   {"سعيد", "said"},        {"صالح", "salih"},       {"فاطمه", "fatima"},
    {"عايشه", "aisha"},     {"عائشه", "aisha"},      {"مريم", "maryam"},      {"سلمان", "salman"},
    {"سلطان", "sultan"},    {"يحيي", "yahya"},       {"موسي", "musa"},        {"عيسي", "isa"},
    {"اسامه", "usama"},     {"جمال", "jamal"},       {"كمال", "kamal"},       {"طارق", "tariq"},
    {"ناصر", "nasir"},      {"منصور", "mansur"},     {"سليمان", "sulayman"},  {"زياد", "ziyad"},
    {"حمد", "hamad"},       {"رشيد", "rashid"},      {"عبد", "abd"},          {"الله", "allah"},
    {"عبدالله", "abd allah"}, {"بن", "bin"},         {"ابن", "ibn"},          {"بنت", "bint"},
    {"ابو", "abu"},         {"ابي", "abi"},          {"ال", "al"},            {"شيخ", "shaykh"},
    {"الشيخ", "al shaykh"}, {"سيد", "sayyid"},       {"حاجي", "haji"},        {"ملا", "mulla"},
    {"عبدالرحمن", "abd al rahman"}, {"رحمن", "rahman"}, {"الرحمن", "al rahman"},
    {"عبدالعزيز", "abd al aziz"}, {"عزيز", "aziz"},  {"العزيز", "al aziz"},
    {"الدين", "al din"},    {"دين", "din"},          {"نور", "nur"},          {"حمزه", "hamza"},
    {"قاسم", "qasim"},      {"جعفر", "jafar"},       {"هاشم", "hashim"},      {"حامد", "hamid"},
    {"حميد", "hamid"},      {"مجيد", "majid"},       {"ماجد", "majid"},       {"فيصل", "faysal"},
    {"عادل", "adil"},       {"عماد", "imad"},        {"وليد", "walid"},       {"نبيل", "nabil"},
    {"انور", "anwar"},      {"امين", "amin"},        {"اياد", "iyad"},        {"زيد", "zayd"},
    {"بكر", "bakr"},        {"ابوبكر", "abu bakr"},  {"سعد", "saad"},         {"فهد", "fahd"},
    {"عباس", "abbas"},      {"جواد", "jawad"},       {"رضا", "rida"},         {"مهدي", "mahdi"},
    {"هادي", "hadi"},       {"كريم", "karim"},       {"رحيم", "rahim"},       {"غني", "ghani"},
    {"قادر", "qadir"},      {"لطيف", "latif"},       {"مالك", "malik"},       {"طه", "taha"},
    {"ياسين", "yasin"},     {"ياسر", "yasir"},       {"شريف", "sharif"},      {"نصر", "nasr"},
    {"حسان", "hassan"},     {"خليل", "khalil"},      {"جميل", "jamil"},       {"سمير", "samir"},
    {"مسعود", "masud"},     {"معمر", "muammar"},     {"قذافي", "qadhafi"},    {"القذافي", "al qadhafi"},
    {"بشار", "bashar"},     {"الاسد", "al asad"},    {"اسد", "asad"},         {"صدام", "saddam"},
    {"فرناندو", "fernando"}, {"باراك", "barak"},     {"اوباما", "obama"},     {"ماري", "mari"},
};

const NameDictionary& Dict() {
  static const NameDictionary dict = BuildNameDictionary(kDict, [](const std::u32string& w) { return FoldForLookup(w); });
  return dict;
}

bool IsArabicLetterOrMark(char32_t c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) || (c >= 0x08A0 && c <= 0x08FF) ||
         (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF) || c == 0x200C || c == 0x200D;
}

bool IsVowelOut(char c) { return c == 'a' || c == 'i' || c == 'u' || c == 'e'; }

bool IsForeign(ArabicReading r) { return r != ArabicReading::kArabic; }

// Letters after which a final ز is read "s" by the foreign readings: vowel letters (alef, waw,
// yaa, alef maqsura) and the voiced consonants English/French plurals voice -s after.
bool VoicesFinalS(char32_t c) {
  switch (c) {
    case 0x0627: case 0x0648: case 0x064A: case 0x0649: case 0x06CC:  // a, w/u, y/i
    case 0x0646: case 0x0631: case 0x0644: case 0x0645: case 0x062F: case 0x0628:  // n r l m d b
      return true;
    default:
      return false;
  }
}

// Letter-by-letter romanisation of one word (no dictionary).
std::string RomaniseLetters(const std::u32string& w, ArabicReading reading) {
  std::string out;
  std::string last_consonant;
  for (size_t i = 0; i < w.size(); ++i) {
    char32_t c = w[i];
    const bool initial = out.empty();
    const bool final = i + 1 == w.size();
    const char32_t next = final ? 0 : w[i + 1];
    const char* s = nullptr;
    switch (c) {
      case 0x0627: case 0x0623: case 0x0622: case 0x0671: s = "a"; break;  // alef (+hamza/madda)
      case 0x0625: s = "i"; break;                                       // alef with hamza below
      case 0x0621: s = ""; break;                                        // hamza
      case 0x0624: s = "u"; break;                                       // waw with hamza
      case 0x0626: s = "i"; break;                                       // yaa with hamza
      case 0x0628: s = "b"; break;
      case 0x062A:  // taa; foreign readings: تش is "ch"
        if (IsForeign(reading) && next == 0x0634) {
          s = "ch";
          ++i;
        } else {
          s = "t";
        }
        break;
      case 0x062B: s = "th"; break;
      case 0x062C: s = reading == ArabicReading::kForeignHardG ? "g" : "j"; break;
      case 0x062D: s = "h"; break;
      case 0x062E: s = "kh"; break;
      case 0x062F: s = "d"; break;
      case 0x0630: s = "dh"; break;
      case 0x0631: s = "r"; break;
      case 0x0632: s = (IsForeign(reading) && final && i >= 2 && VoicesFinalS(w[i - 1])) ? "s" : "z"; break;
      case 0x0633: s = "s"; break;
      case 0x0634: s = "sh"; break;
      case 0x0635: s = "s"; break;
      case 0x0636: s = "d"; break;
      case 0x0637: s = "t"; break;
      case 0x0638: s = "z"; break;
      // ayn: no Latin letter; English romanisations write the vowel it carries ("Isam",
      // "Ezzat", "Taan", "Merai") and drop it at the end of a word ("Rabi", "Samie").
      case 0x0639: s = final ? "" : "a"; break;
      case 0x063A: s = "gh"; break;
      case 0x0641: s = "f"; break;
      case 0x0642: s = "q"; break;
      case 0x0643: case 0x06A9: s = "k"; break;
      case 0x0644: s = "l"; break;
      case 0x0645: s = "m"; break;
      case 0x0646: case 0x06BA: s = "n"; break;
      case 0x0647: s = (final && !initial) ? "" : "h"; break;  // final haa is mostly silent (taa-like)
      case 0x06C1: case 0x06BE: s = initial ? "h" : ""; break;  // Urdu heh goal / do-chashmi (aspiration)
      case 0x0629: case 0x06C0: case 0x06C3: s = "a"; break;     // taa marbuta
      case 0x0648:                                              // waw: consonant or long u
        s = (initial || next == 0x0627 || (i > 0 && w[i - 1] == 0x0627)) ? "w" : "u";
        break;
      case 0x064A: case 0x06CC:                                 // yaa: consonant or long i
        s = (initial || next == 0x0627 || next == 0x0648) ? "y" : "i";
        break;
      case 0x0649: s = "a"; break;   // alef maqsura
      case 0x06D2: s = "e"; break;   // Urdu yeh barree
      case 0x067E: s = "p"; break;   // Persian pe
      case 0x0686: s = "ch"; break;  // che
      case 0x0698: s = "zh"; break;  // zhe
      case 0x06AF: s = "g"; break;   // gaf
      case 0x06A8: case 0x0763: s = "g"; break;  // Maghrebi qaf with three dots, keheh with three dots: g
      case 0x06A4: s = "v"; break;   // veh (foreign v)
      case 0x0679: s = "t"; break;   // Urdu tteh
      case 0x0688: s = "d"; break;   // ddal
      case 0x0691: s = "r"; break;   // rreh
      case 0x064E: s = "a"; break;   // fatha
      case 0x064F: s = "u"; break;   // damma
      case 0x0650: s = "i"; break;   // kasra
      case 0x0670: s = "a"; break;   // superscript alef
      case 0x0651:                   // shadda: doubles the previous consonant
        out += last_consonant;
        continue;
      default:
        if (c >= 0x0660 && c <= 0x0669) {
          out.push_back(static_cast<char>('0' + (c - 0x0660)));
          continue;
        }
        if (c >= 0x06F0 && c <= 0x06F9) {
          out.push_back(static_cast<char>('0' + (c - 0x06F0)));
          continue;
        }
        s = "";  // sukun, tanween, tatweel, ZWNJ, unknown marks
    }
    std::string_view sv(s);
    if (!sv.empty() && !IsVowelOut(sv[0])) last_consonant = std::string(sv);
    // Avoid doubled vowels from long-vowel letters following a written haraka ("aa" -> "a").
    if (sv.size() == 1 && IsVowelOut(sv[0]) && !out.empty() && out.back() == sv[0]) continue;
    out += sv;
  }
  return out;
}

void RomaniseWord(const std::u32string& word, ArabicReading reading, std::string* out) {
  if (word.empty()) return;
  auto emit = [out](std::string_view s) {
    if (s.empty()) return;
    if (!out->empty() && out->back() != ' ') out->push_back(' ');
    out->append(s);
  };
  const auto& dict = Dict();
  std::u32string folded = FoldForLookup(word);
  if (auto it = dict.find(folded); it != dict.end()) {
    emit(it->second);
    return;
  }
  // Article: ال + at least two letters -> "al" + rest. Also the fused عبدال... form.
  static const std::u32string kAl = U"\u0627\u0644";
  static const std::u32string kAbdAl = U"\u0639\u0628\u062F\u0627\u0644";
  static const std::u32string kWaAl = U"\u0648\u0627\u0644";
  if (folded.size() > kAbdAl.size() + 1 && folded.compare(0, kAbdAl.size(), kAbdAl) == 0) {
    emit("abd al");
    RomaniseWord(folded.substr(kAbdAl.size()), reading, out);
    return;
  }
  // (Foreign readings: a word opening with ال is a name of its own, ألبرتو Alberto.)
  if (!IsForeign(reading) && folded.size() > kAl.size() + 1 && folded.compare(0, kAl.size(), kAl) == 0) {
    emit("al");
    RomaniseWord(folded.substr(kAl.size()), reading, out);
    return;
  }
  if (!IsForeign(reading) && folded.size() > kWaAl.size() + 1 && folded.compare(0, kWaAl.size(), kWaAl) == 0) {
    emit("wa al");  // "and the ..."
    RomaniseWord(folded.substr(kWaAl.size()), reading, out);
    return;
  }
  emit(RomaniseLetters(word, reading));
}

}  // namespace

std::string RomaniseArabic(std::string_view utf8, ArabicReading reading) {
  std::u32string cps = DecodeUtf8(utf8);
  std::string out;
  std::u32string word;
  for (char32_t c : cps) {
    if (IsArabicLetterOrMark(c) && c != 0x060C && c != 0x061B && c != 0x061F && c != 0x066A &&
        c != 0x066B && c != 0x066C && c != 0x06D4) {
      word.push_back(c);
      continue;
    }
    RomaniseWord(word, reading, &out);
    word.clear();
    if (c < 0x80 && c != ' ') {
      out.push_back(static_cast<char>(c));
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  RomaniseWord(word, reading, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace tamis::text
