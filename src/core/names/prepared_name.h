// PreparedName: a name analysed once (at index-build time for list names, once per query) so
// that scoring does no text processing and no allocation.
//
// Layout: one std::string buffer holds every token's normalised text, phonetic key and
// consonant skeleton back to back; tokens refer to it by 8-bit offsets/lengths. A typical
// 3-token name is ~40 bytes of buffer + 3 x 48-byte tokens + the vector/string headers.
// Values are immutable after PrepareName(); safe to share read-only across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.h"
#include "core/text/phonetic.h"
#include "core/text/tokenise.h"

namespace tamis::names {

// What kind of thing a name names; selects person or organisation rules in tokenisation.
// kUnknown applies the person rules that are safe for both (particles, titles).
using NameKind = EntityKind;

struct PrepareOptions {
  size_t max_tokens = 24;  // hard cap on tokens per name (documented limit; fuzz-safe)
  // Prepare the other readings of a name written in Arabic script (PreparedName::readings).
  bool readings = true;
};

struct PreparedToken {
  uint64_t hash = 0;        // FNV-1a of the normalised text: the TokenStats key
  uint16_t text_off = 0;    // offsets into PreparedName::buffer
  uint16_t phonetic_off = 0;
  uint16_t skeleton_off = 0;
  uint8_t text_len = 0;
  uint8_t phonetic_len = 0;
  uint8_t skeleton_len = 0;
  uint8_t position = 0;     // index in the token list
  uint16_t flags = 0;       // text::TokenFlag bits
  uint32_t letter_mask = 0;     // bit (c - 'a') for each letter of the text; digits -> bit 26
  uint32_t consonant_mask = 0;  // bit (C - 'A') for each consonant class of the phonetic key
  // Scoring weight: RoleWeight(flags), times the TokenStats rarity weight once AttachWeights()
  // has been called on the name (see PreparedName::weights_id).
  float weight = 1.0f;
  // Given-name groups (text/given_names.h: "bill" and "william" share one); 0 = none.
  uint8_t name_group[2] = {0, 0};
  // 1 for a Latin word read as written, not as pronounced: no vowel ("HCG", "MHD"), or a
  // consonant three times running / any letter four times ("ggggg"); the scorer compares such
  // a token on its letters only (no phonetic key). 0 otherwise, and for abjad romanisations.
  uint8_t unpronounced = 0;
  // High 32 bits of TokenHash of the token's own candidate key (its skeleton, or ShortKeyInto
  // for a one-letter skeleton; whatever its flags), 0 when it has none: lets the index tell
  // which of a query's keys a list token carries without hashing.
  uint32_t key_hash = 0;
  // The same for the skeleton of this token's text joined with the next token's (the joined
  // pair key of CandidateKeys); 0 for the last token.
  uint32_t joined_hash = 0;
  // For a syllable romanised from one Han character or Hangul syllable, that character
  // (text::Token::source); 0 for any other token. Two such syllables spelt alike but read from
  // different characters (石 and 市 are both "shi") are different name parts.
  uint32_t source = 0;
  bool operator==(const PreparedToken&) const = default;  // member by member
};
// Fills the struct's tail padding: list names hold one per token.
static_assert(sizeof(PreparedToken) <= 48, "PreparedToken grew");

struct PreparedName {
  std::string buffer;
  std::vector<PreparedToken> tokens;
  NameKind kind = NameKind::kUnknown;
  bool family_first = false;  // input was "FAMILY, Given"
  bool truncated = false;     // a documented limit cut the input
  // The name of an organisation, vessel or aircraft by its kind, or one holding a legal form
  // ("ACME CORP"): its short words are read as written (acronyms, codes; names/scorer.h).
  bool organisation_like = false;
  // TokenStats::fingerprint() of the rarity weights folded into PreparedToken::weight by
  // AttachWeights(); 0 = role weights only (the scorer then looks rarity up per call).
  uint64_t weights_id = 0;
  // Other readings of a name written in Arabic script: the same name romanised as a name of
  // another origin (text::ArabicReading kForeign, kForeignHardG: هاتشينز "hachins" beside the
  // Arabic reading "hatshinz"), each only when its tokens differ from this name's and from the
  // readings before it; none for a name without Arabic letters. This name is the Arabic
  // reading. NameIndex::Search and ScoreNames take the best of the name and its readings (a
  // reading has no readings of its own).
  std::vector<PreparedName> readings;

  std::string_view text(size_t i) const { return View(tokens[i].text_off, tokens[i].text_len); }
  std::string_view phonetic(size_t i) const { return View(tokens[i].phonetic_off, tokens[i].phonetic_len); }
  std::string_view skeleton(size_t i) const { return View(tokens[i].skeleton_off, tokens[i].skeleton_len); }
  bool has(size_t i, uint16_t flag) const { return (tokens[i].flags & flag) != 0; }
  bool empty() const { return tokens.empty(); }
  // Same buffer, tokens, kind, flags and weights: the scorer and the index treat the two alike.
  bool operator==(const PreparedName&) const = default;
  // The normalised tokens joined by spaces ("osama bin laden").
  std::string Normalised() const;

 private:
  // Offsets come from PrepareName and always lie within the buffer: no bounds check on this hot
  // path (every token comparison reads texts through it).
  std::string_view View(uint16_t off, uint8_t len) const { return std::string_view(buffer.data() + off, len); }
};

// Analyses `raw_utf8` (any script, any bytes). Never fails: unusable input gives an empty
// PreparedName (score 0 against anything). Thread-safe (see text/transliterate.h for the
// per-thread ICU cache). Cost (bench/names_core): ~1-1.7 us for ASCII names, ~1.5-7 us for
// non-Latin names once the thread's transliterator for that script exists (first use: 0.1-5 ms).
PreparedName PrepareName(std::string_view raw_utf8, NameKind kind, const PrepareOptions& options = {});

// Weight of a token by its role (text::TokenFlag bits): titles and stopwords 0.05, particles
// 0.15, legal forms 0.2, initials 0.35, anything else 1.0.
float RoleWeight(uint16_t flags);

// FNV-1a 64-bit hash of a normalised token (the key PreparedToken::hash holds).
uint64_t TokenHash(std::string_view token);

// Token flags of tokens that carry no identity of their own (titles, particles, stopwords,
// legal forms, initials, numbers): they give no candidate key.
inline constexpr uint16_t kKeylessTokenFlags = text::kTokenTitle | text::kTokenParticle | text::kTokenStopword |
                                               text::kTokenLegalForm | text::kTokenInitial | text::kTokenNumeric;

// The consonant skeleton of token i's text joined with token i + 1's ("bin" + "laden"), written to
// `out` (room for text::kMaxKeyLength bytes); returns its length. Requires i + 1 < tokens.size().
size_t JoinedSkeletonInto(const PreparedName& name, size_t i, char* out);

// The key of a token whose consonant skeleton has a single letter ("lee" L, "susie" S, "nino"
// N: such a skeleton would tie it with every name holding that consonant): its phonetic key with
// each run of vowels written as one "a" ("La" for lee, li and lea; "SaSa" for susie and suzy;
// "NaNa" for nino), written to `out` (room for text::kMaxKeyLength bytes). Returns its length,
// 0 when the phonetic key has no consonant. Lower-case "a" keeps these keys apart from
// skeletons.
size_t ShortKeyInto(std::string_view phonetic, char* out);

// A token's own candidate key: its skeleton when that has two letters or more, else its short
// key (ShortKeyInto, written to `buf`, room for text::kMaxKeyLength bytes), else "" (none).
inline std::string_view TokenOwnKey(std::string_view skeleton, std::string_view phonetic, char* buf) {
  if (skeleton.size() >= 2) return skeleton;
  return std::string_view(buf, ShortKeyInto(phonetic, buf));
}

// Calls fn(key, i, joined) for each key of CandidateKeys but the acronym one, with the token it
// comes from: token i's own key (joined false: its skeleton, or ShortKeyInto for a one-letter
// skeleton) and token i joined with token i + 1 (joined true), for every token i with an
// identity; in token order, a key possibly more than once.
template <typename Fn>
void ForEachTokenKey(const PreparedName& name, Fn&& fn) {
  char joined[text::kMaxKeyLength];
  for (size_t i = 0; i < name.tokens.size(); ++i) {
    if (name.tokens[i].flags & kKeylessTokenFlags) continue;
    if (const std::string_view own = TokenOwnKey(name.skeleton(i), name.phonetic(i), joined); !own.empty())
      fn(own, i, false);
    if (i + 1 < name.tokens.size()) fn(std::string_view(joined, JoinedSkeletonInto(name, i, joined)), i, true);
  }
}

// Keys for candidate generation: the consonant skeleton of each token that carries identity
// (not a title, particle, stopword or legal form; initials and numbers excluded; ShortKeyInto
// for a skeleton of one letter), plus the
// skeleton of each adjacent pair joined ("bin"+"laden" style splits). An index that posts
// every list name under these keys and looks a query up by its keys will retrieve names that
// share at least one phonetically equal token. For names that are not persons, the skeleton of
// the initials of their content words is a key too, so "PLA" finds "People's Liberation Army".
// Views point into `name` (keep it alive).
std::vector<std::string> CandidateKeys(const PreparedName& name);
// The key of CandidateKeys made of the initials of the content words of a name that is not a
// person ("PLA" for "People's Liberation Army"), or "" when it has none.
std::string AcronymKey(const PreparedName& name);

}  // namespace tamis::names
