// Token frequencies over a corpus of names, turned into rarity weights so that frequent tokens
// ("mohammed", "ali", "company") count less than rare ones ("zawahiri").
// TokenStats is immutable once built: safe to share across threads. Build it with
// TokenStatsBuilder (not thread-safe; one builder per thread, then Build()).
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/names/prepared_name.h"

namespace tamis::names {

struct TokenStatsOptions {
  // Tokens in at most this fraction of names get full weight 1.0.
  double rare_fraction = 0.001;
  // Floor of the weight of the most frequent tokens.
  double min_weight = 0.35;
  // Below this many names the corpus is too small to judge: every weight is 1.0.
  uint64_t min_documents = 100;
};

class TokenStats {
 public:
  TokenStats() = default;  // empty: every token has weight 1.0

  // Weight in [min_weight, 1] for a token hash (PreparedToken::hash / TokenHash()).
  // Idf-shaped: log(N/df) / log(1/rare_fraction), clamped. Unknown tokens weigh 1.0.
  double Weight(uint64_t token_hash) const;
  // Weight as the scorer uses it: RoleWeight(flags) x Weight(hash), in float.
  float TokenWeight(const PreparedToken& token) const;
  uint32_t Count(std::string_view token) const;  // names containing the token
  uint64_t documents() const { return documents_; }
  // Identifies the weights: equal for stats with the same counts and options, never 0.
  uint64_t fingerprint() const { return fingerprint_; }
  size_t distinct_tokens() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  friend class TokenStatsBuilder;
  // An open-addressing table (linear probing, load <= 1/2) from token hash to count and
  // weight: one or two cache lines a lookup, and every query token is looked up.
  struct Slot {
    uint64_t hash = 0;
    uint32_t count = 0;   // 0 = empty slot (a counted token is in >= 1 name)
    float weight = 1.0f;  // Weight() precomputed at Build()
  };
  const Slot* Find(uint64_t hash) const;
  std::vector<Slot> slots_;
  int shift_ = 64;
  size_t size_ = 0;
  uint64_t documents_ = 0;
  TokenStatsOptions options_;
  uint64_t fingerprint_ = 1;
};

// Folds the rarity weights of `stats` into each token's PreparedToken::weight and records
// stats.fingerprint() in name->weights_id, so that ScoreNames does no hash lookups for this
// name. Call it once per list name after TokenStats is built (index time) and once per query.
// Idempotent; a name with weights from other stats is re-weighted. Not thread-safe for the
// same name (it writes to it); scoring with attached weights gives the same scores.
void AttachWeights(PreparedName* name, const TokenStats& stats);

class TokenStatsBuilder {
 public:
  explicit TokenStatsBuilder(const TokenStatsOptions& options = {}) : options_(options) {}
  // Counts each distinct token of `name` once.
  void Add(const PreparedName& name);
  TokenStats Build() const;

 private:
  TokenStatsOptions options_;
  std::unordered_map<uint64_t, uint32_t> counts_;
  uint64_t documents_ = 0;
};

}  // namespace tamis::names
