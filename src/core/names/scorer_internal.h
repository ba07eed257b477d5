// Internal to core/names: the scorer's constants (beyond score_constants.h, which the bound
// shares) and the token similarity that the alignment (scorer.cc) reads through the per-query
// pair cache. Not a public interface.
#pragma once

#include <cstddef>
#include <array>
#include <cstdint>
#include <string_view>

#include "core/names/prepared_name.h"
#include "core/names/score_constants.h"
#include "core/names/scorer.h"
#include "core/names/similarity.h"
#include "core/text/tokenise.h"

namespace tamis::names::scorer_internal {

inline constexpr float kNicknameSim = 0.9f;
inline constexpr float kAcronymSim = 0.9f;
inline constexpr double kLegalFormConflict = 0.35;
inline constexpr float kAbdVariantSim = 0.85f;
inline constexpr double kInitialsOnlyFactor = 0.5;
// Similarity caps of pairs found only on consonant skeletons (abjad romanisations): long
// skeletons (4+ consonants) and short ones; and of a romanised syllable's variant.
inline constexpr float kSkeletonSim = 0.88f;
inline constexpr float kShortSkeletonSim = 0.80f;
inline constexpr float kSyllableVariantSim = 0.85f;
// Latin spelling = an abjad romanisation plus short vowels (IsVocalisation): 4+ / 3 consonants.
inline constexpr float kVocalisedSim = 0.92f;
inline constexpr float kShortVocalisedSim = 0.88f;
// A name aligned only through skeletons, syllable variants or initials (no pair equal or
// close on the full spelling) is scaled by this.
inline constexpr double kWeakOnlyFactor = 0.8;

// Token kernels the similarity and the joined-run edges both use (inline: inner loops).
inline int Osa(std::string_view a, std::string_view b, bool reference) {
  return reference ? OsaDistanceScalar(a, b) : OsaDistance(a, b);
}

// Consonant skeleton for comparison with an abjad-romanised token: Arabic script has no p or v
// and writes them b and f. P and B merge on both sides; V becomes F only on the Latin side (an
// abjad token's V is a word-initial w, و).
inline size_t AbjadSkeleton(std::string_view s, bool latin_side, char* buf) {
  size_t n = 0;
  for (char ch : s.substr(0, kMaxKernelLength)) buf[n++] = ch == 'P' ? 'B' : (ch == 'V' && latin_side ? 'F' : ch);
  return n;
}

// Consonant class of a letter for IsVocalisation, or 0 for a vowel or semivowel (a e i o u y w):
// a table (IsVocalisation reads one or two per letter).
constexpr std::array<char, 256> MakeVocalClasses() {
  std::array<char, 256> t{};
  for (int b = 0; b < 256; ++b) {
    const char ch = static_cast<char>(b);
    switch (ch) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w': t[b] = 0; break;
      case 'p': t[b] = 'b'; break;
      case 'v': t[b] = 'f'; break;
      case 'q': case 'c': case 'g': t[b] = 'k'; break;
      default: t[b] = ch;
    }
  }
  return t;
}
inline constexpr std::array<char, 256> kVocalClasses = MakeVocalClasses();
inline char VocalClass(char ch) { return kVocalClasses[static_cast<unsigned char>(ch)]; }

// True when the Latin token `latin` is a vocalisation of the abjad romanisation `abjad`: the
// same consonants in order (doubled ones collapsed on both sides, q/k/g/c one class, p~b, v~f,
// th/dh read s/z as in Persian), the Latin spelling only adding vowels (the short vowels
// unvocalised script does not write; y and w count as vowels), every written u/i spelt with a
// vowel of its quality, at most one written medial "a" unspelt, and an initial or final written
// vowel spelt. "bkht" ~ "bakht", "hqana" ~ "haqqani", "zahd" ~ "zahid", "thaqb" ~ "saqib";
// not "mhmdi" ~ "mohammad", "musui" ~ "masui", "amir" ~ "mire".
inline bool IsVocalisation(std::string_view abjad, std::string_view latin) {
  // A written long vowel wants a Latin vowel of its quality (u ~ o, i ~ e); an "a" (alef, ayn,
  // taa marbuta) is spelt with any vowel ("Ezzat", "Omar").
  auto fits = [](char a, char l) {
    return a == 'a' || a == l || (a == 'u' && (l == 'o' || l == 'w')) || (a == 'i' && (l == 'e' || l == 'y'));
  };
  if (abjad.empty() || latin.empty() || (VocalClass(abjad[0]) == 0) != (VocalClass(latin[0]) == 0)) return false;
  size_t p = 0;
  int dropped = 0;
  char last_l = 0, last_a = 0;  // previous consonant classes (0 after a vowel)
  for (char lc : latin) {
    while (last_a != 0 && p < abjad.size() && VocalClass(abjad[p]) == last_a) ++p;  // doubled (shadda)
    const char l = VocalClass(lc);
    if (l == 0) {
      last_l = 0;
      if (p < abjad.size() && VocalClass(abjad[p]) == 0 && fits(abjad[p], lc)) ++p, last_a = 0;
      continue;
    }
    if (l == last_l) continue;  // doubled Latin consonant
    last_l = l;
    // Only an "a" may go unspelt (a long a read short, an ayn's vowel): not a long u or i.
    while (p < abjad.size() && VocalClass(abjad[p]) == 0) {
      if (abjad[p] != 'a') return false;
      ++p, ++dropped, last_a = 0;
    }
    // Persian and Urdu read tha and dhal as s and z: "thaqb" ~ "Saqib", "ndhir" ~ "Nazir".
    if (p + 1 < abjad.size() && abjad[p + 1] == 'h' && ((abjad[p] == 't' && l == 's') || (abjad[p] == 'd' && l == 'z'))) {
      last_a = l;
      p += 2;
      continue;
    }
    if (p == abjad.size() || VocalClass(abjad[p]) != l) return false;
    last_a = l;
    ++p;
  }
  // A final long vowel is a suffix ("mhmdi" is Mohammadi, not Mohammad): it must be spelt.
  for (; p < abjad.size(); ++p) {
    if (VocalClass(abjad[p]) != last_a || last_a == 0) return false;
  }
  return dropped <= 1;
}

// Similarity of query token i and candidate token j (0 below min_sim), how they match, and for
// an abd-compound variant which side holds "abdalX" (abd_side). token_similarity.cc.
float TokenSim(const PreparedName& q, size_t i, const PreparedName& c, size_t j, float min_sim, bool reference,
               MatchHow* how, int8_t* abd_side = nullptr);

// Slot of a key: Fibonacci hashing of the (already mixed) key.
inline size_t CacheSlot(uint64_t key, size_t slots) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 55) & (slots - 1); }

// Key of the pair (query token i, list token t of a name whose organisation_like is `org`):
// its text hash, flags, i and org (TokenSim reads short words of organisations as written).
inline uint64_t PairKey(size_t i, const PreparedToken& t, bool org) {
  // The source character too: syllables spelt alike from different characters differ.
  return (t.hash ^ (uint64_t{t.flags} << 40) ^ (uint64_t{org} << 56) ^ (uint64_t{i} << 57) ^
          (uint64_t{t.source} * 0x9E3779B97F4A7C15ull)) |
         1;  // never 0
}

// TokenSim of query token i and candidate token j with options' least pair similarity and
// kernels, through options.pair_cache when set (ScoreNames and TokenSimilarity share entries).
// Always inlined: a call per token pair of ScoreNames cost +0.4% instructions at -O2.
[[gnu::always_inline]] inline float CachedTokenSim(const PreparedName& q, size_t i, const PreparedName& c, size_t j,
                            const ScoreOptions& options, MatchHow* how, int8_t* abd_side) {
  const uint64_t key = options.pair_cache ? PairKey(i, c.tokens[j], c.organisation_like) : 0;
  float sim;
  uint8_t how_bits;
  if (key && options.pair_cache->Get(key, &sim, &how_bits, abd_side)) {
    *how = static_cast<MatchHow>(how_bits);
    return sim;
  }
  sim = TokenSim(q, i, c, j, static_cast<float>(options.min_pair_similarity), options.reference_kernels, how, abd_side);
  if (key) options.pair_cache->Put(key, sim, static_cast<uint8_t>(*how), *abd_side);
  return sim;
}

}  // namespace tamis::names::scorer_internal
