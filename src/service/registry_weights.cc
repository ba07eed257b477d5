#include "service/registry_weights.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace tamis {

float TokenWeightFor(uint64_t names, uint64_t count, const names::TokenStatsOptions& o) {
  // As TokenStatsBuilder::Build and TokenStats::Weight compute it.
  if (names < o.min_documents || count == 0) return 1.0f;
  const double log_ref = std::log(1.0 / std::max(1e-9, o.rare_fraction));
  const double idf = std::log(static_cast<double>(std::max<uint64_t>(names, 1)) / static_cast<double>(count));
  return static_cast<float>(std::clamp(idf / log_ref, o.min_weight, 1.0));
}

namespace {
double Ratio(float a, float b) {
  const double x = a, y = b;
  return x > y ? x / y : y / x;
}
}  // namespace

WeightDrift TokenWeightDrift(const names::TokenStats& now, uint64_t names_before,
                             const std::vector<names::PreparedName>& left, const std::vector<names::PreparedName>& came) {
  WeightDrift out;
  const uint64_t names_now = now.documents();
  if (names_now + left.size() != names_before + came.size()) {
    out.why = "the list's name counts do not add up (" + std::to_string(names_before) + " + " + std::to_string(came.size()) +
              " - " + std::to_string(left.size()) + " != " + std::to_string(names_now) + ")";
    return out;
  }
  // A token held by no changed name: same count before and after, any count.
  double r = 1.0;
  const uint64_t most = std::max(names_now, names_before);
  for (uint64_t c = 1; c <= most; ++c) r = std::max(r, Ratio(TokenWeightFor(names_before, c), TokenWeightFor(names_now, c)));
  // Tokens of the names that came or left: their counts moved.
  struct Moved {
    std::string text;
    int64_t came = 0, left = 0;
  };
  std::unordered_map<uint64_t, Moved> moved;
  auto count = [&](const std::vector<names::PreparedName>& v, bool came_side) {
    for (const auto& p : v)
      for (size_t i = 0; i < p.tokens.size(); ++i) {
        bool seen = false;  // (TokenStatsBuilder counts a token once a name)
        for (size_t j = 0; j < i; ++j) seen |= p.tokens[j].hash == p.tokens[i].hash;
        if (seen) continue;
        Moved& m = moved[p.tokens[i].hash];
        if (m.text.empty()) m.text = std::string(p.text(i));
        ++(came_side ? m.came : m.left);
      }
  };
  count(came, true);
  count(left, false);
  for (const auto& [hash, m] : moved) {
    const int64_t c_now = now.Count(m.text);
    const int64_t c_before = c_now - m.came + m.left;
    if (c_now < m.came || c_before < 0 || TokenWeightFor(names_now, c_now) != static_cast<float>(now.Weight(hash))) {
      out.why = "token '" + m.text + "': its count in the list does not add up with the change";
      return out;
    }
    r = std::max(r, Ratio(TokenWeightFor(names_before, c_before), TokenWeightFor(names_now, c_now)));
  }
  out.ok = true;
  out.ratio = r * (1 + 1e-6);  // (float rounding of the weights the scorer reads)
  return out;
}

}  // namespace tamis
