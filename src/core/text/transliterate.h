// Any script -> Latin for name matching.
//
// Arabic-script text (Arabic, Persian, Urdu letters) goes through a name-aware romaniser of our
// own (arabic_romanise.cc): a dictionary of frequent unvocalised given names (محمد -> muhammad,
// عبد الله -> abd allah), the article ال split off as "al", taa marbuta -> a, long vowels
// ا/و/ي -> a/u/i, ayn and hamza dropped. Cyrillic uses ICU "Russian-Latin/BGN" (the BGN/PCGN
// system the US and UK lists use); every other script uses ICU "Any-Latin" (Han -> pinyin,
// Hangul, kana, Greek, Hebrew, Georgian, Armenian, Thai, Devanagari, ...). Scripts ICU 72 does
// not romanise (e.g. Khmer) come back unchanged and are dropped by Normalise().
//
// Thread safety: safe to call from any number of threads. ICU transliterators are not safe for
// concurrent use, so each thread lazily builds its own (a thread_local cache, created on the
// first non-Latin input of that thread, a few ms) -- the only hidden state in tamis_text.
#pragma once

#include <string>
#include <string_view>

namespace tamis::text {

// True if every byte of `s` is ASCII (< 0x80): such input never needs ICU.
bool IsAscii(std::string_view s);

// Returns `utf8` with every non-Latin run romanised; Latin and ASCII text is passed through.
// Invalid UTF-8 sequences are replaced by U+FFFD. Output is UTF-8 (may keep Latin diacritics;
// Normalise() folds them). Never fails.
std::string TransliterateToLatin(std::string_view utf8);

// The Arabic-script romaniser alone (exposed for tests). Input: UTF-8 Arabic-script text;
// non-Arabic characters are copied through. Output: lower-case ASCII words separated by spaces.
std::string RomaniseArabic(std::string_view utf8);

// Folds Latin text to ASCII: strips diacritics (é -> e), expands ligatures (ß -> ss, æ -> ae),
// maps Latin letters ICU knows (ł -> l, đ -> d); any non-Latin rest is romanised first.
// Characters with no ASCII form are kept (callers drop them). Thread-safe as above.
std::string FoldToAscii(std::string_view utf8);

}  // namespace tamis::text
