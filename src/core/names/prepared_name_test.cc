#include "core/names/prepared_name.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/names/scorer.h"
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

TEST(PrepareName, SyllablesKeepTheirSourceCharacter) {
  PreparedName a = PrepareName("김정은", NameKind::kPerson);
  PreparedName b = PrepareName("김종은", NameKind::kPerson);
  ASSERT_EQ(a.tokens.size(), 3u);
  ASSERT_EQ(b.tokens.size(), 3u);
  EXPECT_EQ(a.text(1), b.text(1));  // "jong"
  EXPECT_EQ(a.tokens[1].hash, b.tokens[1].hash);
  EXPECT_NE(a.tokens[1].source, b.tokens[1].source);
  EXPECT_EQ(a.tokens[0].source, b.tokens[0].source);
  EXPECT_NE(a.tokens[0].source, 0u);
  for (const auto& t : PrepareName("Kim Jong Un", NameKind::kPerson).tokens) EXPECT_EQ(t.source, 0u);
}

TEST(PrepareName, CandidateKeysSkipWeakTokens) {
  auto keys = CandidateKeys(PrepareName("Osama bin Laden", NameKind::kPerson));
  auto keys2 = CandidateKeys(PrepareName("Usama bin Ladin", NameKind::kPerson));
  EXPECT_EQ(keys, keys2);  // phonetic skeletons agree across romanisations
  for (const auto& k : keys) EXPECT_NE(k, "BN");
}

TEST(PrepareName, OneLetterSkeletonsGetAShortKey) {
  // "Lee", "Susie", "Nino" have skeletons of one consonant (L, S, N): as keys they would tie
  // with every name holding it, so the phonetic key with vowel runs as "a" stands in.
  char buf[text::kMaxKeyLength];
  auto short_key = [&](std::string_view name) {
    PreparedName p = PrepareName(name, NameKind::kPerson);
    EXPECT_EQ(p.tokens.size(), 1u) << name;
    return std::string(buf, ShortKeyInto(p.phonetic(0), buf));
  };
  EXPECT_EQ(short_key("Lee"), "La");
  EXPECT_EQ(short_key("Li"), "La");
  EXPECT_EQ(short_key("Lea"), "La");
  EXPECT_EQ(short_key("Susie"), "SaSa");
  EXPECT_EQ(short_key("Sue"), "Sa");
  EXPECT_EQ(short_key("Nino"), "NaNa");
  EXPECT_EQ(ShortKeyInto("iu", buf), 0u);  // no consonant: no key
  const auto keys = CandidateKeys(PrepareName("Susie Lee", NameKind::kPerson));
  EXPECT_NE(std::find(keys.begin(), keys.end(), "SaSa"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "La"), keys.end());
  // The token's key hash is that key's, as for a skeleton key.
  const PreparedName p = PrepareName("Susie Omar", NameKind::kPerson);
  EXPECT_EQ(p.tokens[0].key_hash, static_cast<uint32_t>(TokenHash("SaSa") >> 32));
  EXPECT_EQ(p.tokens[1].key_hash, static_cast<uint32_t>(TokenHash(p.skeleton(1)) >> 32));
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

TEST(PrepareName, AcronymKeyFindsOrganisations) {
  auto has = [](const std::vector<std::string>& keys, const std::vector<std::string>& other) {
    for (const auto& k : keys)
      for (const auto& o : other)
        if (k == o) return true;
    return false;
  };
  const auto full = CandidateKeys(PrepareName("People's Liberation Army", NameKind::kOrganisation));
  EXPECT_TRUE(has(full, CandidateKeys(PrepareName("PLA", NameKind::kOrganisation))));
  EXPECT_TRUE(has(CandidateKeys(PrepareName("Islamic Revolutionary Guard Corps", NameKind::kOrganisation)),
                  CandidateKeys(PrepareName("IRGC", NameKind::kUnknown))));
  // Persons get no initials key (it would post every "J K ..." name under one key).
  const auto person = CandidateKeys(PrepareName("Jean Claude Juncker", NameKind::kPerson));
  EXPECT_EQ(std::count(person.begin(), person.end(), "JKJ"), 0);
  const auto org = CandidateKeys(PrepareName("Jean Claude Juncker", NameKind::kOrganisation));
  EXPECT_EQ(std::count(org.begin(), org.end(), "JKJ"), 1);
}

TEST(PrepareName, RoleWeightsAndGivenNameGroups) {
  auto n = PrepareName("Dr Bill al Clinton", NameKind::kPerson);
  ASSERT_EQ(n.tokens.size(), 4u);
  EXPECT_FLOAT_EQ(n.tokens[0].weight, 0.05f);  // title
  EXPECT_FLOAT_EQ(n.tokens[1].weight, 1.0f);
  EXPECT_FLOAT_EQ(n.tokens[2].weight, 0.15f);  // particle
  EXPECT_NE(n.tokens[1].name_group[0], 0);     // bill: the William group
  EXPECT_EQ(n.tokens[2].name_group[0], 0);     // particles never join a group ("al" ~ Albert)
  auto w = PrepareName("William", NameKind::kPerson);
  EXPECT_EQ(w.tokens[0].name_group[0], n.tokens[1].name_group[0]);
  EXPECT_EQ(n.weights_id, 0u);
}

// Issue #21 class 5: a name written in Arabic script is prepared in its foreign readings too
// (PreparedName::readings), and ScoreNames takes the best of them. The Latin names are OFAC's
// (CHANG NAVARRO, Luis Alfonso: ofac 40144; FLORES SILVA, Audias: 31147; PEREZ OLIVAS, Luis
// Alberto: 28524; HIGUERA GUERRERO, Gilberto: 8801) and the Arabic spellings the press's.
TEST(PrepareName, ArabicScriptNamesCarryForeignReadings) {
  const PreparedName p = PrepareName("تشانج نافارو", NameKind::kPerson);
  EXPECT_EQ(p.Normalised(), "tshanj nafaru");
  ASSERT_EQ(p.readings.size(), 2u);
  EXPECT_EQ(p.readings[0].Normalised(), "chanj nafaru");
  EXPECT_EQ(p.readings[1].Normalised(), "chang nafaru");
  EXPECT_TRUE(p.readings[0].has(0, text::kTokenAbjad));
  EXPECT_TRUE(p.readings[0].readings.empty());
  // None when no reading differs, for a Latin name, or when not asked.
  EXPECT_TRUE(PrepareName("محمد علي", NameKind::kPerson).readings.empty());
  EXPECT_TRUE(PrepareName("Chang Navarro", NameKind::kPerson).readings.empty());
  PrepareOptions off;
  off.readings = false;
  EXPECT_TRUE(PrepareName("تشانج نافارو", NameKind::kPerson, off).readings.empty());
}

TEST(ScoreNames, ForeignNamesInArabicScriptScoreThroughTheirReadings) {
  TokenStats stats;
  PrepareOptions off;
  off.readings = false;
  const struct {
    const char* arabic;
    const char* latin;
    bool gains;  // false: already matched by the Arabic reading (no loss asked)
  } pairs[] = {
      {"لويس ألفونسو تشانج نافارو", "CHANG NAVARRO, Luis Alfonso", true},  // تش ch, ال inside a word
      {"أودياس فلوريز سيلفا", "FLORES SILVA, Audias", false},              // voiced final ز
      {"لويس ألبرتو بيريز أوليفاس", "PEREZ OLIVAS, Luis Alberto", false},   // ال inside a word
      {"جيلبرتو هيجيرا جيريرو", "HIGUERA GUERRERO, Gilberto", true},       // ج as a hard g
  };
  for (const auto& pr : pairs) {
    const PreparedName latin = PrepareName(pr.latin, NameKind::kPerson);
    const double with = ScoreNames(PrepareName(pr.arabic, NameKind::kPerson), latin, stats).score;
    const double without = ScoreNames(PrepareName(pr.arabic, NameKind::kPerson, off), latin, stats).score;
    EXPECT_GE(with, 0.75) << pr.latin;
    EXPECT_GE(with, without) << pr.latin;
    if (pr.gains) EXPECT_GT(with, without + 0.1) << pr.latin;
  }
  // An Arabic name scores as before (the best of its readings is its Arabic one): UN QDi.059.
  const PreparedName un = PrepareName("KHALID ABD AL-RAHMAN HAMD AL-FAWAZ", NameKind::kPerson);
  const char* arabic = "خالد عبد الرحمن حمد الفواز";
  EXPECT_DOUBLE_EQ(ScoreNames(PrepareName(arabic, NameKind::kPerson), un, stats).score,
                   ScoreNames(PrepareName(arabic, NameKind::kPerson, off), un, stats).score);
}

}  // namespace
}  // namespace tamis::names
