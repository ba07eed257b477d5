// The candidate score bound: an upper bound of ScoreNames(query, candidate) that the name index
// (index/names) works out for every pooled name before scoring it, from a flat per-name token
// table and the query's keys, to skip names that cannot reach the floor.
//
// The bound must stay >= the scorer's score whenever the tokens its rules leave unaligned are
// ones the scorer would not align either (skeletons more than one edit apart with no key shared,
// numbers that differ, initials of another letter): it charges unaligned tokens exactly as the
// scorer does, reading the scorer's constants from score_constants.h, and the scorer's own
// token similarity where skeletons are short or cross an abjad romanisation.
// score_bound_test (index/names) checks the property on random and adversarial pairs through
// the index, as the index calls it.
//
// Pure; thread-compatible (a BoundPairMemo belongs to one thread's query at a time).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/names/prepared_name.h"
#include "core/names/score_constants.h"
#include "core/names/scorer.h"

namespace tamis::names {

// What the bound reads of a list token, stored flat per name id (by the index) so that
// bounding a pooled name costs one or two cache lines, not three scattered loads (the
// PreparedName, its tokens, its text). 32 bytes.
inline constexpr size_t kInlineSkeleton = 7;
struct BoundToken {
  uint32_t key_hash = 0;       // PreparedToken::key_hash
  uint32_t joined_hash = 0;    // PreparedToken::joined_hash
  float weight = 0;            // with rarity attached
  // Dense id of the token's (text, flags, source character) among the index's tokens: two
  // tokens with one id relate to any query token alike (the bound's per-query memo key).
  uint32_t token_id = 0;
  uint16_t flags = 0;          // text::TokenFlag bits
  uint8_t name_group[2] = {0, 0};
  char first = 0;              // first letter of the text (0 if empty)
  uint8_t skeleton_len = 0;    // > kInlineSkeleton: read the skeleton from the PreparedName
  uint8_t abd_compound : 1 = 0;  // text is "abdal" + a name ("abdalrahman")
  uint8_t shared_name : 1 = 0;   // the name is equal to another (NameIndex::name_class_)
  uint8_t text_len = 0;
  uint8_t name_kind = 0;       // EntityKind of the name (the same in all its tokens)
  char skeleton[kInlineSkeleton] = {};
};
static_assert(sizeof(BoundToken) == 32);

// A candidate name as the bound reads it: its flat BoundTokens, and, for what they do not
// hold (texts for numbers and abd-compounds, long skeletons, the scorer's token similarity),
// the index's token dictionary: every distinct list token once, found by its token id. The
// bound never touches the candidate's PreparedName (two or three dependent cache misses), and
// the dictionary entries of common tokens stay cached.
struct BoundCandidate {
  std::span<const BoundToken> t;
  const PreparedName* dict = nullptr;  // NameIndex::token_dict_
  const uint32_t* slot = nullptr;             // NameIndex::token_slot_
  size_t size() const { return t.size(); }
  // The dictionary name holding token j, and its position there.
  const PreparedName& Token(size_t j, size_t* pos) const {
    const uint32_t s = slot[t[j].token_id];
    *pos = s & 0xFFFF;
    return dict[s >> 16];
  }
  std::string_view text(size_t j) const {
    size_t pos;
    return Token(j, &pos).text(pos);
  }
  std::string_view skeleton(size_t j) const {
    if (t[j].skeleton_len <= kInlineSkeleton) return std::string_view(t[j].skeleton, t[j].skeleton_len);
    size_t pos;
    return Token(j, &pos).skeleton(pos);
  }
};

// A query key: its postings, the query tokens (bits) it stands for, its rarity.
struct BoundKey {
  uint64_t hash = 0;
  uint32_t hash32 = 0;  // hash >> 32, as PreparedToken::key_hash
  std::span<const uint32_t> postings;
  uint32_t tokens = 0;  // query token bits; 0 = not traced to tokens (acronym key)
  // Of tokens: those whose own skeleton (or a fallback key) this is, and those of adjacent pairs
  // whose joined skeleton it is, with the joined texts' length range (the scorer joins runs only
  // against a token of about their length, unless abjad).
  uint32_t single = 0, pair = 0;
  uint8_t pair_len_min = 255, pair_len_max = 0;
  bool pair_abjad = false;
  bool pair_of_names = false;  // some pair it stands for joins two tokens with keys of their own
  float rarity = 0;
};

// What the bound reads of the query's tokens, worked out once per query.
struct BoundQueryFacts {
  uint32_t abd = 0;                           // tokens that are an abd-compound ("abdalrahman")
  char first[kMaxScoredTokens] = {};   // first letter of each token's text (0 if empty)
  size_t content_words = 0;                   // IsContentWord tokens
  double weight = 0;                          // the tokens' weights, summed
  uint32_t joined = 0;  // tokens i < n - 1 joined with the next give a key (BoundQuery::joined[i] set)
  // Length of each token's skeleton as MayAlign compares it (without one leading "A").
  uint8_t bare_len[kMaxScoredTokens] = {};
  size_t keyless_count = 0;  // tokens without a key of their own (kKeylessTokenFlags; BoundQuery::keyless)
  // Fills the facts of query `q`.
  void Fill(const PreparedName& q);
};


// Per-query memo of how query token i and a list token relate in the bound (whether they may
// align as single tokens: PairRelation in CandidateBound): the same list tokens recur across the
// pooled names of a query ("mohammed", "ali"), and a token similarity costs a few hundred cycles.
class BoundPairMemo {
 public:
  void Reset() {
    used_ = 0;
    if (++generation_ == 0) {
      slots_.fill(Slot{});
      generation_ = 1;
    }
  }
  // The key of query token i and list token `token_id` (BoundToken::token_id); kNoKey when they
  // do not fit 32 bits (then nothing is memoised).
  static constexpr uint32_t kNoKey = ~uint32_t{0};
  static uint32_t Key(size_t i, uint32_t token_id) {
    return token_id < (uint32_t{1} << 27) && i < 31 ? (static_cast<uint32_t>(i) << 27) | token_id : kNoKey;
  }
  // The value stored under `key`, else -1.
  int Get(uint32_t key) const {
    if (key == kNoKey) return -1;
    for (size_t s = Home(key);; s = (s + 1) & (kSlots - 1)) {
      if (slots_[s].generation != generation_) return -1;
      if (slots_[s].key == key) return slots_[s].value;
    }
  }
  // Stores a value (ignored when the table is three quarters full).
  void Put(uint32_t key, uint32_t value) {
    if (key == kNoKey || used_ >= kSlots * 3 / 4) return;
    size_t s = Home(key);
    while (slots_[s].generation == generation_) s = (s + 1) & (kSlots - 1);
    slots_[s] = Slot{key, generation_, static_cast<uint16_t>(value)};
    ++used_;
  }

 private:
  struct Slot {
    uint32_t key = 0;
    uint16_t generation = 0;
    uint16_t value = 0;
  };
  static constexpr size_t kSlots = 512;  // power of two; 4 KB (a query fills ~120)
  static size_t Home(uint32_t key) { return static_cast<size_t>((uint64_t{key} * 0x9E3779B97F4A7C15ULL) >> 55); }
  std::array<Slot, kSlots> slots_{};
  uint16_t generation_ = 0;
  size_t used_ = 0;
};

// The query side of the bound, worked out once per query (the index's query context extends it).
struct BoundQuery {
  uint32_t keyless = 0;   // query tokens without a key of their own (names::kKeylessTokenFlags)
  uint32_t content = 0;   // query tokens that are content words
  uint32_t acronym = 0;   // query tokens its initials key stands for
  std::vector<std::string> joined;  // joined[i]: skeleton of tokens i and i + 1 joined ("" = none)
  std::vector<BoundKey> keys;       // every key of the query, rarest first
  size_t scanned = 0;               // keys[0, scanned) had their postings accumulated
  // Bit (hash32 & 63) of each key a name may match by hash alone (keys[min(scanned, 32)..]):
  // a candidate token whose bit is clear matches none of them. Valid while scanned ==
  // sealed_scanned (SealKeys); else every bit counts as set.
  uint64_t unscanned_bloom = ~uint64_t{0};
  size_t sealed_scanned = ~size_t{0};
  void SealKeys() {
    unscanned_bloom = 0;
    for (size_t k = std::min<size_t>(scanned, 32); k < keys.size(); ++k) unscanned_bloom |= uint64_t{1} << (keys[k].hash32 & 63);
    sealed_scanned = scanned;
  }
  BoundPairMemo* memo = nullptr;    // this query's token-pair memo (the calling thread's), or null
  // The options of the scorer's token similarity in the bound (their pair cache, when set, is
  // shared with the scoring that follows).
  ScoreOptions bound_options;
  BoundQueryFacts facts;
};

// Fills the bound's view of list token j of `p` (token_id and shared_name are the caller's).
void FillBoundToken(const PreparedName& p, size_t j, BoundToken* b);

// Upper bound of ScoreNames(q, c) (under the assumption above). `hit_keys`: the bits of
// bq.keys[0..31] whose postings hold this name (found while accumulating the first bq.scanned
// keys' postings). Aligned pairs weigh (wq + wc) / 2 and add at most their weight to numerator
// and denominator (credit 1); the unaligned tokens are charged as the scorer charges them: the
// heaviest of each side face each other as conflicts ((1 + kappa) x max(wq, wc,
// kMinConflictWeight)), the rest are extras at the pair's extra penalty (kPatronymicExtraFactor
// of it for a patronymic). With cut > 0 it may stop early and return any value below cut - 1e-6
// once the bound is known to be below that (cut <= 0: always exact). Returns -1 when no key of a
// query name part links the two (only the query's initials against an acronym, for a query that
// is not an organisation) and need_shared: never a candidate.
double CandidateBound(const PreparedName& q, const BoundQuery& bq, uint32_t hit_keys, const BoundCandidate& c,
                      double cut, bool need_shared = true);

}  // namespace tamis::names
