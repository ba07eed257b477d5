#include "core/names/token_stats.h"

#include <algorithm>
#include <cmath>

namespace tamis::names {

double TokenStats::Weight(uint64_t h) const {
  if (documents_ < options_.min_documents) return 1.0;
  auto it = counts_.find(h);
  if (it == counts_.end()) return 1.0;
  const double idf = std::log(static_cast<double>(documents_) / it->second);
  return std::clamp(idf / log_ref_, options_.min_weight, 1.0);
}

uint32_t TokenStats::Count(std::string_view token) const {
  auto it = counts_.find(TokenHash(token));
  return it == counts_.end() ? 0 : it->second;
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
  s.counts_ = counts_;
  s.documents_ = documents_;
  s.options_ = options_;
  s.log_ref_ = std::log(1.0 / std::max(1e-9, options_.rare_fraction));
  return s;
}

}  // namespace tamis::names
