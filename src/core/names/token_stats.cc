#include "core/names/token_stats.h"

#include <algorithm>
#include <cmath>

namespace tamis::names {

const TokenStats::Slot* TokenStats::Find(uint64_t h) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>((h * 0x9E3779B97F4A7C15ULL) >> shift_);; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.count == 0) return nullptr;
    if (s.hash == h) return &s;
  }
}

double TokenStats::Weight(uint64_t h) const {
  if (documents_ < options_.min_documents) return 1.0;
  const Slot* s = Find(h);
  return s ? s->weight : 1.0;
}

float TokenStats::TokenWeight(const PreparedToken& t) const {
  return RoleWeight(t.flags) * static_cast<float>(Weight(t.hash));
}

uint32_t TokenStats::Count(std::string_view token) const {
  const Slot* s = Find(TokenHash(token));
  return s ? s->count : 0;
}

void TokenStatsBuilder::Add(const PreparedName& name) {
  ++documents_;
  for (size_t i = 0; i < name.tokens.size(); ++i) {
    bool seen = false;
    for (size_t j = 0; j < i; ++j) seen |= name.tokens[j].hash == name.tokens[i].hash;
    if (!seen) ++counts_[name.tokens[i].hash];
  }
}

TokenStats TokenStatsBuilder::Build() const {
  TokenStats s;
  s.documents_ = documents_;
  s.options_ = options_;
  const double log_ref = std::log(1.0 / std::max(1e-9, options_.rare_fraction));
  // Order-independent content hash of (token, count) pairs and the options.
  auto mix = [](uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
  };
  uint64_t fp = mix(documents_) ^ mix(static_cast<uint64_t>(options_.rare_fraction * 1e12)) ^
                mix(static_cast<uint64_t>(options_.min_weight * 1e12) + 7) ^ mix(options_.min_documents + 13);
  size_t cap = 16;
  int bits = 4;
  while (cap < 2 * counts_.size()) cap <<= 1, ++bits;
  s.slots_.assign(cap, TokenStats::Slot{});
  s.shift_ = 64 - bits;
  s.size_ = counts_.size();
  for (const auto& [h, n] : counts_) {
    const double idf = std::log(static_cast<double>(std::max<uint64_t>(documents_, 1)) / n);
    const float w = static_cast<float>(std::clamp(idf / log_ref, options_.min_weight, 1.0));
    size_t i = static_cast<size_t>((h * 0x9E3779B97F4A7C15ULL) >> s.shift_);
    while (s.slots_[i].count != 0) i = (i + 1) & (cap - 1);
    s.slots_[i] = TokenStats::Slot{h, n, w};
    fp += mix(h ^ mix(n));
  }
  s.fingerprint_ = fp | 1;
  return s;
}

void AttachWeights(PreparedName* name, const TokenStats& stats) {
  for (auto& t : name->tokens) t.weight = stats.TokenWeight(t);
  name->weights_id = stats.fingerprint();
}

}  // namespace tamis::names
