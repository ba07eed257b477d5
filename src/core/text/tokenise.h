// Name tokenisation: a raw name -> normalised tokens with positions and linguistic flags.
//
//   "AL BEN ALI, Isa Ben Tarif"  -> isa bin(particle) tarif al(particle) bin(particle) ali
//                                   ("FAMILY, Given" order detected and put back to Given FAMILY)
//   "'Abd al-Aziz al-Nuristani"  -> abdalaziz al(particle) nuristani   (abd + article + X joined)
//   "Saif al-Din" / "Saifuddin"  -> saifuddin                          (X + al-Din joined)
//   "Dr. Rami Makhlouf"          -> dr(title) rami makhlouf
//   "Siemens Aktiengesellschaft" -> siemens ag(legal form)
//   "J. Smith"                   -> j(initial) smith
//   "Brigade Forty-Four"         -> brigade 44(numeric)
//
// Rules (all linguistically motivated, none per name):
//  * Particles: Arabic article al/el/ul/ar/as/ad/an/at/az/ash/ad-din forms -> "al"; filiation
//    bin/ben/ibn/bn/ould -> "bin" (not "ben" as a first token: "Ben Netanyahu"); bint/binti ->
//    "bint"; European nobiliary/prepositional particles (de, da, di, del, van, von, der, le, la,
//    du, dos). Particles carry low weight in scoring.
//  * Compounds: abd/abdul/abdel/abdal/abdur/abdu + [article] + X -> "abdal"+X; abdul..., abdel...
//    single tokens take the same form; X + (al|ud|ad|ed|el|ul) + din / X-uddin / X-eddine ->
//    X+"uddin"; X + ullah -> X+"ullah". Kunya abu/abou/abo -> "abu" (kept as a name token).
//  * Titles/honorifics (persons and unknown kinds only; never the only token): sheikh, haji,
//    maulavi, mullah, mufti, qari, dr, mr, mrs, general, president, prince, ...
//  * Company legal forms (canonicalised: limited -> ltd, "joint stock company"/oao/ojsc/pao ->
//    jsc, "limited liability company"/ooo -> llc, aktiengesellschaft -> ag, ...). For person
//    names only a first or last token can be a legal form ("Nicolas Maduro SA").
//  * Patronymics (persons and unknown kinds, not the first or only token): words ending in
//    -ovich/-evich/-ovych/-ich (after a vowel+v), -ovna/-evna/-ivna, -ogly/-oglu/-uly/-kyzy.
//  * Stopwords (the, of, and, for, in) in organisation names. Number words -> digits;
//    1st/2nd -> 1/2; "isation" -> "ization".
// Limits: at most TokeniseOptions::max_tokens tokens (extra tokens are dropped, `truncated`
// set) and tokens longer than kMaxTokenLength bytes are cut. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.h"
#include "core/text/transliterate.h"

namespace tamis::text {

inline constexpr size_t kMaxTokenLength = 48;

enum TokenFlag : uint16_t {
  kTokenInitial = 1u << 0,    // a single letter ("j" from "J.")
  kTokenParticle = 1u << 1,   // al, bin, de, van, ...
  kTokenTitle = 1u << 2,      // honorific or title
  kTokenLegalForm = 1u << 3,  // company legal form, canonicalised
  kTokenStopword = 1u << 4,   // the, of, and (organisation names)
  kTokenNumeric = 1u << 5,    // all digits
  kTokenAbjad = 1u << 6,      // romanised from an abjad script (Arabic, Persian, Hebrew) or Thai: vowels unreliable
  kTokenJoined = 1u << 7,     // made by joining several input words (abd + al + X)
  kTokenSyllabic = 1u << 8,   // romanised from a logographic/syllabic script (Han, kana, Hangul):
                              // one token per character/syllable, so only exact equality is evidence
  kTokenPatronymic = 1u << 9, // East Slavic / Turkic patronymic of a person (-ovich, -evna, -ogly):
                              // often left out of a name, so missing it costs less (names/scorer.h)
};

struct Token {
  std::string text;   // normalised: [a-z0-9]+
  uint16_t flags = 0;
  uint16_t position = 0;  // index in TokenisedName::tokens
  // For a syllable romanised from one Han character or Hangul syllable: that character
  // (transliterate.h RomanisedSyllable::source: 高市 and 高石 both give "gao shi", but the
  // "shi" tokens have different sources); 0 for every other token.
  uint32_t source = 0;
};

struct TokeniseOptions {
  EntityKind kind = EntityKind::kUnknown;  // enables person or organisation rules
  size_t max_tokens = 24;                  // hard cap; real names have < 16 tokens
  // How Arabic-script words outside the romaniser's dictionary are read (transliterate.h).
  ArabicReading arabic_reading = ArabicReading::kArabic;
};

struct TokenisedName {
  std::vector<Token> tokens;
  bool family_first = false;  // the input was "FAMILY, Given" and has been reordered
  bool truncated = false;     // tokens or input were cut by the documented limits
};

// Tokenises a raw UTF-8 name (calls Normalise()). Never fails; unusable input gives no tokens.
TokenisedName TokeniseName(std::string_view raw_utf8, const TokeniseOptions& options = {});
// The same into `*out`, whose contents are replaced (the memory of its token vector is reused).
void TokeniseNameInto(std::string_view raw_utf8, const TokeniseOptions& options, TokenisedName* out);

// Lexicon lookups on one normalised word (exposed for tests and the candidate index).
bool IsTitleWord(std::string_view w);
bool IsParticleWord(std::string_view w);
// Canonical legal-form token for a single word ("limited" -> "ltd"), or "" if not one.
std::string_view LegalFormOf(std::string_view w);

}  // namespace tamis::text
