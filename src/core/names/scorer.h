// Pairwise name scoring with explanations, and entity scoring with attribute adjustments.
//
// ScoreNames(q, c): tokens are aligned in any order. Every query/candidate token pair gets a
// similarity from several representations -- exact text, phonetic key equality, a phonetic
// weighted edit distance (cheap vowel changes), optimal-string-alignment edit distance on the
// text, initial vs full token, consonant skeletons for tokens romanised from abjad scripts --
// and adjacent tokens joined on either side ("Binalshibh" vs "bin al shibh", "SiemensAG").
// Two more kinds of pair: given names of one group (text/given_names.h: Bill ~ William, Ted ~
// Edward) score 0.9, and an acronym token against the run of tokens whose initials it spells
// ("PLA" ~ "People's Liberation Army", "US" ~ "United States"; for persons only vowel-less
// tokens: "JC" ~ "Jean Claude") scores 0.9.
// Pairs are chosen greedily by similarity (exact for the small token counts of names).
// Each token weighs RoleWeight(flags) x rarity (TokenStats): titles 0.05, stopwords 0.05,
// particles 0.15, legal forms 0.2, initials 0.35, others 1.0. Names whose weights were attached
// with AttachWeights() for the same stats skip the rarity lookups (same scores).
//   credit(s)  = clamp((s - 0.55) / 0.35, 0, 1)         per aligned pair of similarity s
//   score      = sum(w * credit) / (sum(w * (1 + conflict_penalty * (1 - credit)))
//                                   + sum over unaligned tokens facing an unaligned token on the
//                                     other side (a substituted name part) of w * (1 + conflict_penalty)
//                                   + sum over leftover tokens (missing middle names,
//                                     patronymic chains) of w * extra_penalty)
// Weak evidence (tamis-eval --negatives): pairs found only on consonant skeletons (or, for an
// unvocalised abjad token, a phonetic similarity below 0.9) are capped at 0.88, 0.80 for
// skeletons of <= 3 consonants; a romanised Han/Hangul syllable pairs with a Latin token only
// as a variant of the same length +-1 and one edit away on the text or on the phonetic key
// ("seong" ~ "song", not "kyong" ~ "kwang"), capped at 0.85, and two syllables romanised from
// different characters never pair, even when spelt alike (石/市 "shi", PreparedToken::source);
// a name with no pair agreeing on the full spelling is multiplied by 0.8. An initial pair weighs the initial's weight, must keep
// the order of the full-name pairs, and an abjad one-letter token is no initial. Acronym
// pairs need an organisation on one side (or a person's vowel-less run, "JC"). Adjacent
// abjad tokens are also joined on skeletons. A Latin token that only adds the unwritten short
// vowels to an abjad token (or to a run of them: "hdait allah" ~ "Hidayatullah") is a strong
// pair of similarity 0.92 (0.88 for 3 consonants; 2 stay skeleton pairs at 0.80).
// Arabic filiation reversal ("A bin B" vs "B bin A": father and son) multiplies the score by 0.6;
// a pair aligned only through initials ("Bryce Soto" vs "B S Company") is multiplied by 0.5.
// Two different registered legal forms (AG vs GmbH) are one conflict of weight 0.35, and a
// substituted name part costs at least weight 0.6 however frequent it is; a missing patronymic
// (text::kTokenPatronymic) costs half an extra.
// So a substituted token costs much more than a missing one: "Olaf Scholz" vs "Octavian
// Scholz" ~0.4, "Vladimir Vladimirovich Putin" vs "Vladimir Putin" ~0.87.
// Score is in [0, 1]; kDefaultThreshold is the match decision point.
//
// All functions are pure and thread-safe. With ScoreOptions::explain = false, scoring
// allocates nothing (fixed stack buffers; names are capped at kMaxScoredTokens tokens).
// Cost (bench/names_core): ~1-2 us per pair of 2-4 token names with attached weights.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/entity.h"
#include "core/names/prepared_name.h"
#include "core/names/token_stats.h"

namespace tamis::names {

// Chosen on nomenklatura's name_bench (cases.csv) as the F1-maximising point of a coarse 0.05
// grid; see tools/eval. Raise it for fewer false positives, lower it for recall.
inline constexpr double kDefaultThreshold = 0.70;
// Tokens beyond this per name are ignored by the scorer (PrepareName caps at 24 by default).
inline constexpr size_t kMaxScoredTokens = 24;

// A memo of query-token / list-token similarities for ScoreNames, valid for one query name:
// the candidates of one query share many tokens ("muhammad", a family name), so about half the
// token pairs of a search repeat. Entries are keyed by the query token's position and the list
// token's text hash, flags and source character (PreparedToken::source). Reset() before scoring another query (O(1)). Not thread-safe:
// one per thread.
class TokenPairCache {
 public:
  TokenPairCache();
  void Reset() { ++generation_; used_ = 0; }
  // The similarity stored under `key` (ScoreNames' own key of a token pair), if any.
  bool Get(uint64_t key, float* sim, uint8_t* how, int8_t* abd_side) const;
  // Stores a similarity; ignored when the table is three quarters full.
  void Put(uint64_t key, float sim, uint8_t how, int8_t abd_side);

 private:
  struct Entry {
    uint64_t key = 0;
    uint32_t generation = 0;
    float sim = 0;
    uint8_t how = 0;
    int8_t abd_side = 0;
  };
  static constexpr size_t kSlots = 512;  // power of two; 12 KB
  std::vector<Entry> entries_;
  uint32_t generation_ = 1;
  uint32_t used_ = 0;
};

struct Alignment;

struct ScoreOptions {
  double threshold = kDefaultThreshold;
  bool explain = true;            // fill ScoreResult::explanation (allocates strings)
  double conflict_penalty = 1.0;  // extra weight of a substituted token / a weak pair
  double extra_penalty = 0.3;     // weight of a token present on one side only (persons, unknown)
  // Organisation and vessel names have no optional middle names: an extra word qualifies the
  // name (a country, a line of business), so it costs more.
  double extra_penalty_organisation = 0.6;
  // Person (or unknown) names where one side has a single content word ("Joe", "Lena", a list
  // alias) and the other several: the extra words cost more, as a one-word name identifies little.
  double extra_penalty_one_word = 0.45;
  double min_pair_similarity = 0.55;  // pairs below this are not aligned (become conflicts)
  // Use the scalar kernels (OsaDistanceScalar, unbounded PhoneticDistance10) and no upper-bound
  // pre-filters: the baseline for benchmarks and equivalence tests. Gives the same scores.
  bool reference_kernels = false;
  // Optional memo of token-pair similarities for one query (see TokenPairCache): same scores.
  TokenPairCache* pair_cache = nullptr;
  // Optional: receives the alignment ScoreNames chose (see Alignment), explained or not.
  Alignment* alignment = nullptr;
};

enum class MatchHow : uint8_t { kExact, kPhonetic, kFuzzy, kInitial, kTransliterated, kJoined, kNickname, kAcronym };
std::string_view MatchHowName(MatchHow h);  // "exact", "phonetic", ...

struct TokenPairExplanation {
  std::string query;      // query token(s), joined tokens separated by "+"
  std::string candidate;  // candidate token(s)
  MatchHow how = MatchHow::kExact;
  double similarity = 0;  // token similarity in [0, 1]
  double weight = 0;      // weight of the pair in the score
};

struct Adjustment {
  std::string what;    // "dob", "nationality", "gender", "identifier"
  double delta = 0;    // added to the score (before clamping to [0, 1])
  std::string detail;  // "year match 1971", "passport A1234567 equal"
};

struct Explanation {
  std::vector<TokenPairExplanation> pairs;
  std::vector<std::string> unmatched_query;      // with their role: "conflict" or "extra"
  std::vector<std::string> unmatched_candidate;
  std::vector<Adjustment> adjustments;
  double name_score = 0;      // score before adjustments
  int candidate_name = -1;    // ScoreEntity: index of the best entity name
};

// What ScoreNames chose for a pair of names, without strings: the aligned pairs, the unaligned
// tokens of each side in the explanation's order with their role, and the notes. A caller that
// keeps it (ScoreOptions::alignment) can explain the score later without scoring the pair again
// (ExplainAlignment; ScoreEntity's known_alignments). Fixed size: filling it allocates nothing.
struct Alignment {
  struct Pair {
    float sim, weight;
    uint8_t qi, qn, ci, cn;  // first token and token count on each side
    MatchHow how;
  };
  enum Role : uint8_t { kExtra, kConflict, kLegalFormConflict };
  struct Unaligned {
    uint8_t token;
    Role role;
  };
  enum Note : uint8_t { kNoNote, kInitialsOnly, kWeakOnly };
  Pair pairs[kMaxScoredTokens];
  Unaligned query[kMaxScoredTokens], candidate[kMaxScoredTokens];
  uint8_t n_pairs = 0, n_query = 0, n_candidate = 0;
  Note note = kNoNote;
  bool filiation_reversed = false;
};

struct ScoreResult {
  double score = 0;
  bool is_match = false;  // score >= options.threshold
  Explanation explanation;
};

// Scores two prepared names. Empty names score 0.
ScoreResult ScoreNames(const PreparedName& query, const PreparedName& candidate, const TokenStats& stats,
                       const ScoreOptions& options = {});

// The explanation ScoreNames(query, candidate) gives with ScoreOptions::explain, from the
// alignment it chose and its score.
Explanation ExplainAlignment(const PreparedName& query, const PreparedName& candidate, const Alignment& alignment,
                             double score);

// The X of an abd-compound token "abdalX" (text/tokenise.h joins "Abdul Rahman" so), or "" if
// the token is not one.
std::string_view AbdCompoundRest(std::string_view token);

// Whether one token is the abd-compound of the other ("abdalrahman" vs "rahman": "Abdul" is
// often dropped or added), which ScoreNames pairs as a variant of similarity 0.85.
bool AbdCompoundVariant(std::string_view a, std::string_view b);

// Whether a token of these flags is a content word for the one-word rule of ScoreNames (not a
// title, particle, stopword, legal form or initial).
inline bool IsContentWord(uint16_t flags) {
  return !(flags & (text::kTokenTitle | text::kTokenParticle | text::kTokenStopword | text::kTokenLegalForm |
                    text::kTokenInitial));
}

// The cost factor ScoreNames gives a token present on one side only, for two names of kinds a
// and b with content_a and content_b content words: options.extra_penalty_organisation when
// either is an organisation or vessel, extra_penalty_one_word when one has a single content
// word and the other several, else extra_penalty (half of it for a patronymic: see scorer.cc).
// (Inline: the index's score bound asks for it once per candidate name.)
inline double ExtraPenalty(NameKind a, NameKind b, size_t content_a, size_t content_b, const ScoreOptions& options) {
  const bool org = a == NameKind::kOrganisation || b == NameKind::kOrganisation || a == NameKind::kVessel ||
                   b == NameKind::kVessel;
  // A one-word name ("Joe", "Lena", a list alias) carries little identity: the words a longer
  // person name has beyond it cost more than a missing middle name.
  const bool one_word = (content_a == 1 && content_b >= 2) || (content_b == 1 && content_a >= 2);
  return org ? options.extra_penalty_organisation : (one_word ? options.extra_penalty_one_word : options.extra_penalty);
}

// Acronym pairs of ScoreNames: whether token text `s` (flags `flags`) of a name of kind
// `single_kind` with n_single tokens may be the acronym of a run of tokens of a name of kind
// `multi_kind` with n_multi tokens (2-6 plain letters; an organisation, vessel or aircraft on
// one side and no person, or persons with a vowel-less token among >= 2 tokens).
bool MayBeAcronym(std::string_view s, uint16_t flags, NameKind single_kind, size_t n_single, NameKind multi_kind,
                  size_t n_multi);

// Calls run(first, end) for each run [first, end) of at least two of a name's n_multi tokens
// whose initials spell `s`, stopwords skipped (first pass) or spelt (second pass), as ScoreNames
// pairs acronyms ("PLA" ~ "People's Liberation Army", "BOA" / "BA" ~ "Bank of America").
// flags(k) and initial(k) give token k's text::TokenFlag bits and first letter.
template <typename Flags, typename Initial, typename Run>
void ForEachAcronymRun(std::string_view s, size_t n_multi, const Flags& flags, const Initial& initial, const Run& run) {
  constexpr uint16_t kNotExpansion = text::kTokenInitial | text::kTokenNumeric | text::kTokenLegalForm |
                                     text::kTokenSyllabic;
  for (int skip_stop = 1; skip_stop >= 0; --skip_stop)
    for (size_t first = 0; first < n_multi; ++first) {
      if (flags(first) & (kNotExpansion | text::kTokenStopword)) continue;
      size_t k = first, matched = 0;
      bool ok = true;
      while (k < n_multi && matched < s.size()) {
        const uint16_t f = flags(k);
        if (f & kNotExpansion) {
          ok = false;
          break;
        }
        if (!(skip_stop && (f & text::kTokenStopword))) {
          if (initial(k) != s[matched]) {
            ok = false;
            break;
          }
          ++matched;
        }
        ++k;
      }
      if (ok && matched == s.size() && k - first >= 2) run(first, k);
    }
}

// The similarity ScoreNames gives query token i and candidate token j as a pair of single
// tokens (0 when they cannot pair: different numbers, different characters, ...); pairs below
// options.min_pair_similarity are never aligned, and values under it are not exact (cut short).
// Reads and fills options.pair_cache when set (the entries ScoreNames reads).
float TokenSimilarity(const PreparedName& q, size_t i, const PreparedName& c, size_t j, const ScoreOptions& options = {});

// The attributes of a screening query beyond its name; every field is optional.
struct QueryAttributes {
  PartialDate date_of_birth;                  // year 0 = unknown
  std::vector<std::string> nationalities;     // ISO 3166-1 alpha-2, any case
  Gender gender = Gender::kUnknown;
  std::vector<IdentityDocument> documents;    // number (and optionally type/country)
};

// ScoreEntity's attribute adjustments, applied to a name score of at least threshold -
// kAttributesFrom.
inline constexpr double kDobExactBonus = 0.05;          // the same full date
inline constexpr double kDobYearBonus = 0.03;           // the same year, within a range, circa
inline constexpr double kDobOffPenalty = -0.10;         // all known dates more than a year off
inline constexpr double kNationalityBonus = 0.02;       // a shared nationality or citizenship
inline constexpr double kNationalityOffPenalty = -0.05; // both known, none shared
inline constexpr double kGenderOffPenalty = -0.10;      // both known and different
inline constexpr double kAttributesFrom = 0.15;
inline constexpr double kMaxAttributeBonus = kDobExactBonus + kNationalityBonus;

// The most ScoreEntity's adjustments can add to a name score for a query with these
// attributes (an identical identifier aside: it lifts to 0.97 whatever the name): a query with
// no date of birth and no nationality gains nothing, so an entity whose names score below the
// threshold is no hit; one with a year only at most kDobYearBonus for its date.
double MaxAttributeBonus(const QueryAttributes& query);

// An identity document number as documents compare: its letters (upper case) and digits
// ("AB-123 456" -> "AB123456"). Two documents are equal when their keys are, of at least
// kMinDocumentKey characters, and their types are (when both give one).
std::string DocumentKey(std::string_view number);
inline constexpr size_t kMinDocumentKey = 5;

// What ScoreEntity's date-of-birth, nationality and gender adjustments add to a name score (of
// at least threshold - kAttributesFrom) of this entity for this query, in [-0.25, 0.07]; +inf
// when an identifier is equal (the score is then lifted to 0.97 whatever the name). An entity
// is a hit only if one of its names scores at least threshold - this.
double AttributeAdjustment(const QueryAttributes& query, const Entity& entity);

// Scores a query against an entity: the best ScoreNames over `entity_names` (the entity's names
// prepared in order; Entity::names[i] <-> entity_names[i]), then adjustments:
//   dob: exact full date +0.05, same year (or within a range / circa +-1y) +0.03, all known
//        dates >1 year off (outside ranges) -0.10;
//   nationality/citizenship: shared +0.02, both known and disjoint -0.05;
//   gender: both known and different -0.10 (the constants above);
//   identifier: an identical document number (alphanumerics, case-insensitive, >= 5 chars)
//        lifts the score to at least 0.97 -- near-certain.
// Adjustments are only applied when the name score is >= options.threshold - 0.15
// (kAttributesFrom), so
// attributes can tip borderline names but never make a match from an unrelated name
// (except an identical identifier). Result clamped to [0, 1].
ScoreResult ScoreEntity(const PreparedName& query_name, const QueryAttributes& query, const Entity& entity,
                        std::span<const PreparedName> entity_names, const TokenStats& stats,
                        const ScoreOptions& options = {});

// The same, for a caller that holds the entity's names elsewhere: entity_names[i] points to the
// prepared Entity::names[i], or is nullptr for a name not to score (the index leaves out names
// that cannot reach the threshold). known_scores, when not empty, has one entry per name: the
// ScoreNames(query_name, *entity_names[i]) score already computed with these options, or NaN
// when unknown; known names are not scored again. The best one is, for its explanation, unless
// known_alignments[i] (when not empty, one entry per name, nullptr = unknown) holds the
// alignment of that known score (ScoreOptions::alignment).
ScoreResult ScoreEntity(const PreparedName& query_name, const QueryAttributes& query, const Entity& entity,
                        std::span<const PreparedName* const> entity_names, std::span<const double> known_scores,
                        const TokenStats& stats, const ScoreOptions& options = {},
                        std::span<const Alignment* const> known_alignments = {});

}  // namespace tamis::names
