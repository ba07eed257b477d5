// Any script -> Latin for name matching.
//
// The input is cut into runs of one script (ICU script property; Common/Inherited characters
// such as spaces join the current run) and each run is romanised by a transliterator chosen for
// its script -- never ICU's compound "Any-Latin", which is ~20 ms to build and milliseconds per
// Han name:
//   Arabic script (Arabic, Persian, Urdu) -> our name-aware romaniser (arabic_romanise.cc): a
//     dictionary of frequent unvocalised given names (محمد -> muhammad, عبد الله -> abd allah),
//     the article ال split off as "al", taa marbuta -> a, long vowels ا/و/ي -> a/u/i;
//   Cyrillic -> ICU "Russian-Latin/BGN" (BGN/PCGN, the system the US and UK lists use), then
//     "Cyrillic-Latin" for letters Russian lacks (Serbian ћ -> c);
//   Hebrew -> our name-aware romaniser (hebrew_romanise.cc): a dictionary of frequent names
//     (משה -> moshe, דוד -> david), vav/yod read as consonant or long vowel, final he -> a;
//   Greek -> "Greek-Latin/UNGEGN"; Thai -> "Thai-Latin";
//   Hiragana / Katakana -> "Hiragana-Latin" / "Katakana-Latin";
//   Han -> "Han-Latin" (Mandarin pinyin; ICU has no Japanese kanji readings), one word per
//     character, memoised per thread; Hangul -> McCune-Reischauer as the lists spell Korean
//     names, without diacritics (김정은 -> kim jong un; ICU's Revised Romanisation would give
//     gim jeong eun), one word per syllable;
//   any other script -> "<ICU script name>-Latin" if ICU has it (Bengali, Devanagari, Ethiopic,
//     Georgian, Armenian, ...); scripts ICU 72 cannot romanise (e.g. Khmer) are dropped.
// Cost once warm: ~2-10 us per non-Latin name.
//
// Thread safety: safe to call from any number of threads. ICU transliterators are not safe for
// concurrent use, so each thread lazily builds its own (a thread_local cache; a transliterator
// is created on the first use of its script by that thread, 0.1-5 ms once) together with a
// bounded per-thread memo of romanised Han/Hangul syllables -- the only hidden state in tamis_text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tamis::text {

// How the Arabic-script romaniser reads words its dictionary does not hold (arabic_romanise.cc):
// as Arabic names (kArabic, the default), or as names of another origin written in Arabic
// script as the Arabic press writes foreign names (تش "ch", no article inside a word, a voiced
// final ز "s"), with ج as "j" (kForeign) or as a hard "g" (kForeignHardG). Other scripts are
// read the same whatever the reading.
enum class ArabicReading : uint8_t { kArabic, kForeign, kForeignHardG };

// True if every byte of `s` is ASCII (< 0x80): such input never needs ICU.
bool IsAscii(std::string_view s);

// Returns `utf8` with every non-Latin run romanised; Latin and ASCII text is passed through.
// Invalid UTF-8 sequences are replaced by U+FFFD. Output is UTF-8 (may keep Latin diacritics;
// Normalise() folds them). Never fails.
std::string TransliterateToLatin(std::string_view utf8, ArabicReading reading = ArabicReading::kArabic);

// One Han character or Hangul syllable of a name as TransliterateToLatin() romanises it: the
// folded ASCII syllable (Normalise() makes it one word) and the character it was read from, as
// a code point (never 0): Hangul as written, Han after NFKC and in its simplified form (習 and
// 习 are one character, so the same source). Romanisation merges characters that share a
// reading (石 and 市 are both "shi"; 정 and 종 both "jong"): the source tells them apart.
struct RomanisedSyllable {
  std::string text;
  uint32_t source = 0;
};

// The Han characters and Hangul syllables of `utf8` in order, each as TransliterateToLatin()
// romanises it (the words it writes for them, one per character, in the same order). Empty for
// ASCII input. Thread-safe as above (the simplified forms are memoised per thread).
std::vector<RomanisedSyllable> RomanisedSyllables(std::string_view utf8);

// The Arabic-script romaniser alone (exposed for tests). Input: UTF-8 Arabic-script text;
// non-Arabic characters are copied through. Output: lower-case ASCII words separated by spaces.
std::string RomaniseArabic(std::string_view utf8, ArabicReading reading = ArabicReading::kArabic);

// The Hebrew-script romaniser alone (exposed for tests), same contract as RomaniseArabic.
std::string RomaniseHebrew(std::string_view utf8);

// Folds text to ASCII: non-Latin runs are romanised first (as above), then diacritics are
// stripped (é -> e), ligatures expanded (ß -> ss, æ -> ae), other Latin letters mapped by table
// or ICU "Latin-ASCII" (ł -> l, đ -> d); apostrophe-like marks (ʹ ʿ ’) are dropped and any
// other character with no ASCII form becomes a space. Thread-safe as above.
std::string FoldToAscii(std::string_view utf8, ArabicReading reading = ArabicReading::kArabic);

// True if `utf8` holds a letter of the Arabic script blocks (the names ArabicReading concerns).
bool HasArabicLetter(std::string_view utf8);

// As FoldToAscii, but non-Latin runs are replaced by a space instead of being romanised.
std::string LatinToAscii(std::string_view utf8);

}  // namespace tamis::text
