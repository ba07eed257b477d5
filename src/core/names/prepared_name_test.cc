#include "core/names/prepared_name.h"

#include <gtest/gtest.h>

#include "core/names/token_stats.h"

namespace tamis::names {
namespace {

TEST(PrepareName, TokensCarryKeysAndFlags) {
  PreparedName p = PrepareName("Dr. Usama bin Ladin", NameKind::kPerson);
  ASSERT_EQ(p.tokens.size(), 4u);
  EXPECT_EQ(p.Normalised(), "dr usama bin ladin");
  EXPECT_TRUE(p.has(0, text::kTokenTitle));
  EXPECT_TRUE(p.has(2, text::kTokenParticle));
  EXPECT_EQ(p.skeleton(1), "ASM");
  EXPECT_EQ(p.tokens[3].hash, TokenHash("ladin"));
}

TEST(PrepareName, CandidateKeysSkipWeakTokens) {
  auto keys = CandidateKeys(PrepareName("Osama bin Laden", NameKind::kPerson));
  auto keys2 = CandidateKeys(PrepareName("Usama bin Ladin", NameKind::kPerson));
  EXPECT_EQ(keys, keys2);  // phonetic skeletons agree across romanisations
  for (const auto& k : keys) EXPECT_NE(k, "BN");
}

TEST(PrepareName, EmptyAndHostileInput) {
  EXPECT_TRUE(PrepareName("", NameKind::kPerson).empty());
  EXPECT_TRUE(PrepareName("\xff\xfe", NameKind::kPerson).empty());
  EXPECT_LE(PrepareName(std::string(100000, 'x') + " y", NameKind::kPerson).tokens.size(), 24u);
}

TEST(TokenStats, FrequentTokensWeighLess) {
  TokenStatsBuilder b;
  for (int i = 0; i < 1000; ++i)
    b.Add(PrepareName("mohammed " + std::string(1, static_cast<char>('a' + i % 26)) + std::to_string(i), NameKind::kPerson));
  b.Add(PrepareName("ayman zawahiri", NameKind::kPerson));
  TokenStats s = b.Build();
  EXPECT_EQ(s.documents(), 1001u);
  EXPECT_EQ(s.Count("mohammed"), 1000u);
  EXPECT_LT(s.Weight(TokenHash("mohammed")), s.Weight(TokenHash("zawahiri")));
  EXPECT_DOUBLE_EQ(s.Weight(TokenHash("zawahiri")), 1.0);
  EXPECT_DOUBLE_EQ(TokenStats().Weight(TokenHash("anything")), 1.0);
}

}  // namespace
}  // namespace tamis::names
