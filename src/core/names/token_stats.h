// Token frequencies over a corpus of names, turned into rarity weights so that frequent tokens
// ("mohammed", "ali", "company") count less than rare ones ("zawahiri").
// TokenStats is immutable once built: safe to share across threads. Build it with
// TokenStatsBuilder (not thread-safe; one builder per thread, then Build()).
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>

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
  uint32_t Count(std::string_view token) const;  // names containing the token
  uint64_t documents() const { return documents_; }
  size_t distinct_tokens() const { return counts_.size(); }

 private:
  friend class TokenStatsBuilder;
  std::unordered_map<uint64_t, uint32_t> counts_;
  uint64_t documents_ = 0;
  TokenStatsOptions options_;
  double log_ref_ = 1.0;
};

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
