#include "service/registry_weights.h"

#include <gtest/gtest.h>

#include <random>

#include "core/names/scorer.h"

namespace tamis {
namespace {

names::TokenStats StatsOf(const std::vector<names::PreparedName>& v) {
  names::TokenStatsBuilder b;
  for (const auto& p : v) b.Add(p);
  return b.Build();
}

// Random person names over a small vocabulary (so counts are in the weighted range).
std::vector<std::string> RandomNames(std::mt19937& rng, size_t n) {
  static const char* kParts[] = {"ali",   "hassan", "omar",  "karim", "maria",  "jose", "li",    "wei",   "ivan",
                                 "petrov", "smith", "garcia", "khan", "rahman", "zaid", "nour",  "farid", "samir",
                                 "lopez", "chen",   "wang",  "kumar", "singh", "musa",  "yusuf", "adel",  "bakr"};
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string s;
    const size_t k = 2 + rng() % 3;
    for (size_t t = 0; t < k; ++t) s += std::string(t ? " " : "") + kParts[rng() % (sizeof kParts / sizeof *kParts)];
    if (rng() % 3 == 0) s += " x" + std::to_string(rng() % 500);  // rare tokens too
    out.push_back(s);
  }
  return out;
}

// Oracle: the statistics of the old and new lists built independently; every token's weight
// ratio, and every pair's name score, must stay within the reported bound.
TEST(RegistryWeights, DriftBoundsEveryWeightAndScore) {
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    auto base = RandomNames(rng, 150 + rng() % 2000);
    std::vector<names::PreparedName> old_names, new_names, left, came;
    const size_t drop = rng() % 40, add = rng() % (round == 5 ? 3000 : 60);
    for (size_t i = 0; i < base.size(); ++i) {
      auto p = names::PrepareName(base[i], names::NameKind::kPerson);
      old_names.push_back(p);
      if (i < drop) left.push_back(p);
      else new_names.push_back(p);
    }
    for (const auto& s : RandomNames(rng, add)) {
      came.push_back(names::PrepareName(s, names::NameKind::kPerson));
      new_names.push_back(came.back());
    }
    const auto before = StatsOf(old_names), now = StatsOf(new_names);
    WeightDrift d = TokenWeightDrift(now, old_names.size(), left, came);
    ASSERT_TRUE(d.ok) << d.why;
    EXPECT_GE(d.ratio, 1.0);
    for (const auto& p : old_names)
      for (const auto& t : p.tokens) {
        const double a = before.Weight(t.hash), b = now.Weight(t.hash);
        EXPECT_LE(std::max(a / b, b / a), d.ratio) << p.text(0);
      }
    // Scores of pairs of old names: new <= old * r^2 and old <= new * r^2.
    names::ScoreOptions so;
    so.explain = false;
    for (int k = 0; k < 300; ++k) {
      auto q = names::PrepareName(RandomNames(rng, 1)[0], names::NameKind::kPerson);
      const auto& c = old_names[rng() % old_names.size()];
      const double s0 = names::ScoreNames(q, c, before, so).score, s1 = names::ScoreNames(q, c, now, so).score;
      EXPECT_LE(s1, s0 * d.ratio * d.ratio + 1e-9);
      EXPECT_LE(s0, s1 * d.ratio * d.ratio + 1e-9);
    }
  }
}

TEST(RegistryWeights, CountsThatDoNotAddUpAreReported) {
  std::vector<names::PreparedName> v = {names::PrepareName("ali hassan", names::NameKind::kPerson)};
  const auto now = StatsOf(v);
  WeightDrift d = TokenWeightDrift(now, 5, {}, {});  // 5 names before, none came or left, 1 now
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.why.find("do not add up"), std::string::npos) << d.why;
  // A name said to have come whose tokens the list does not hold.
  d = TokenWeightDrift(now, 0, {}, {names::PrepareName("omar khan", names::NameKind::kPerson)});
  EXPECT_FALSE(d.ok);
}

TEST(RegistryWeights, SmallListsWeighEverythingOne) {
  std::vector<names::PreparedName> v;
  for (int i = 0; i < 5; ++i) v.push_back(names::PrepareName("ali hassan " + std::to_string(i), names::NameKind::kPerson));
  const auto now = StatsOf(v);
  std::vector<names::PreparedName> came(v.begin() + 4, v.end());
  WeightDrift d = TokenWeightDrift(now, 4, {}, came);
  ASSERT_TRUE(d.ok) << d.why;
  EXPECT_LT(d.ratio, 1.0 + 1e-5);  // below 100 names every weight is 1
}

}  // namespace
}  // namespace tamis
