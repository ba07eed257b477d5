// Text normalisation for name matching: any UTF-8 string -> lower-case ASCII words.
//
//   "Mr. Recep Tayyip Erdoğan"   -> "mr recep tayyip erdogan"
//   "Al-Qa'ida"                   -> "al qaida"        (hyphens split, apostrophes/ayn/hamza dropped)
//   "J.P. Morgan & Co."           -> "jp morgan and co" (dotted initialisms joined, & -> and)
//   "Владимир Путин"              -> "vladimir putin"  (see transliterate.h)
//   "Ig0r Sech1n"                 -> "igor sechin"     (a digit between letters is read as a letter)
//
// Pipeline: truncate to NormaliseOptions::max_input_bytes; ASCII input takes a fast path with
// no ICU; otherwise decode (invalid UTF-8 -> U+FFFD, dropped), drop control characters and
// apostrophe-like marks (’ ʼ ʿ ʾ ` ´ ʹ), NFKC + case fold (ICU), romanise non-Latin runs,
// strip diacritics / fold to ASCII. Pure (apart from the per-thread ICU cache described in
// transliterate.h); thread-safe; never fails: unusable input gives "".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/text/transliterate.h"

namespace tamis::text {

struct NormaliseOptions {
  // Input longer than this is cut (at a UTF-8 boundary) before any work: bounds time and memory
  // for hostile input. 1 KiB is far above any real name (the longest UN/OFAC names are ~200 B).
  size_t max_input_bytes = 1024;
  // Romanise non-Latin scripts. When false, non-Latin letters are dropped.
  bool transliterate = true;
  // How Arabic-script words outside the romaniser's dictionary are read (transliterate.h).
  ArabicReading arabic_reading = ArabicReading::kArabic;
};

// Returns lower-case ASCII words ([a-z0-9]+) separated by single spaces; "" if nothing is left.
std::string Normalise(std::string_view utf8, const NormaliseOptions& options = {});
// The same into `*out`, whose contents are replaced (its memory is reused).
void NormaliseInto(std::string_view utf8, const NormaliseOptions& options, std::string* out);

// The ASCII stage alone (input must be ASCII; other bytes are treated as separators).
std::string NormaliseAscii(std::string_view ascii);

}  // namespace tamis::text
