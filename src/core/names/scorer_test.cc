#include "core/names/scorer.h"

#include <gtest/gtest.h>

namespace tamis::names {
namespace {

double S(const char* a, const char* b, NameKind k = NameKind::kPerson) {
  return ScoreNames(PrepareName(a, k), PrepareName(b, k), TokenStats()).score;
}

TEST(ScoreNames, IdenticalAndEmpty) {
  EXPECT_DOUBLE_EQ(S("Vladimir Putin", "Vladimir Putin"), 1.0);
  EXPECT_EQ(S("", "Vladimir Putin"), 0.0);
}

TEST(ScoreNames, TransliterationVariantsMatch) {
  EXPECT_GE(S("Usama bin Ladin", "Osama bin Laden"), kDefaultThreshold);
  EXPECT_GE(S("Moammar Qaddafi", "Muammar Gaddafi"), kDefaultThreshold);
  EXPECT_GE(S("Mahmood Ahmadinezhad", "Mahmoud Ahmadinejad"), kDefaultThreshold);
  EXPECT_GE(S("Владимир Путин", "Vladimir Putin"), kDefaultThreshold);
  EXPECT_GE(S("محمد علي", "Mohamed Ali"), kDefaultThreshold);
}

TEST(ScoreNames, OrderJoinSplitTitlesInitials) {
  EXPECT_GE(S("Putin, Vladimir", "Vladimir Putin"), kDefaultThreshold);
  EXPECT_GE(S("VladimirPutin", "Vladimir Putin"), kDefaultThreshold);
  EXPECT_GE(S("RAMZI BINALSHIBH", "Ramzi bin al-Shibh"), kDefaultThreshold);
  EXPECT_GE(S("Dr. Rami Makhlouf", "Rami Makhlouf"), kDefaultThreshold);
  EXPECT_GE(S("Hans J Friedrich", "Hans Joachim Friedrich"), kDefaultThreshold);
  EXPECT_LT(S("Hans O Friedrich", "Hans Joachim Friedrich"), kDefaultThreshold);
}

TEST(ScoreNames, MissingMiddleNamesCostLittleSubstitutionsALot) {
  EXPECT_GE(S("Vladimir Vladimirovich Putin", "Vladimir Putin"), 0.8);
  EXPECT_LT(S("Olaf Scholz", "Octavian Scholz"), 0.6);
  EXPECT_LT(S("BARZAN IBRAHIM HASSAN AL-MOSULI", "BARZAN IBRAHIM HASSAN AL-TIKRITI"),
            S("BARZAN IBRAHIM HASSAN", "BARZAN IBRAHIM HASSAN AL-TIKRITI"));
}

TEST(ScoreNames, FiliationReversalIsNotAMatch) {
  EXPECT_LT(S("SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI"), kDefaultThreshold);
}

TEST(ScoreNames, CompaniesLegalForms) {
  const auto k = NameKind::kOrganisation;
  EXPECT_GE(S("OAO Gazprom", "Open Joint Stock Company Gazprom", k), 0.9);
  EXPECT_GE(S("Siemens AG", "SiemensAG", k), kDefaultThreshold);
  EXPECT_LT(S("Volkswagen AG", "Siemens AG", k), 0.5);
}

TEST(ScoreNames, RarityWeighting) {
  TokenStatsBuilder b;
  for (int i = 0; i < 500; ++i) b.Add(PrepareName("mohammed x" + std::to_string(i), NameKind::kPerson));
  TokenStats stats = b.Build();
  auto q = PrepareName("Mohammed Zawahiri", NameKind::kPerson);
  const double common_differs = ScoreNames(q, PrepareName("Ahmed Zawahiri", NameKind::kPerson), stats).score;
  const double rare_differs = ScoreNames(q, PrepareName("Mohammed Hamdani", NameKind::kPerson), stats).score;
  EXPECT_GT(common_differs, rare_differs);
}

TEST(ScoreNames, ExplanationListsPairsAndUnmatched) {
  auto r = ScoreNames(PrepareName("Osama bin Laden", NameKind::kPerson),
                      PrepareName("Usama bin Muhammad bin Ladin", NameKind::kPerson), TokenStats());
  ASSERT_FALSE(r.explanation.pairs.empty());
  bool phonetic = false;
  for (const auto& p : r.explanation.pairs) phonetic |= p.how == MatchHow::kPhonetic;
  EXPECT_TRUE(phonetic);
  EXPECT_FALSE(r.explanation.unmatched_candidate.empty());
  ScoreOptions quiet;
  quiet.explain = false;
  auto q = ScoreNames(PrepareName("Osama bin Laden", NameKind::kPerson),
                      PrepareName("Usama bin Muhammad bin Ladin", NameKind::kPerson), TokenStats(), quiet);
  EXPECT_DOUBLE_EQ(q.score, r.score);
  EXPECT_TRUE(q.explanation.pairs.empty());
}

TEST(ScoreEntity, AttributeAdjustments) {
  Entity e;
  e.kind = EntityKind::kPerson;
  e.names.push_back(Name{"Ayman al-Zawahiri"});
  e.dates_of_birth.push_back(DateOfBirth{DateOfBirth::Kind::kExact, {1951, 6, 19}, {}, ""});
  e.nationalities = {"EG"};
  e.documents.push_back(IdentityDocument{"passport", "1084010", "EG"});
  std::vector<PreparedName> names = {PrepareName(e.names[0].full, NameKind::kPerson)};
  auto qn = PrepareName("Aiman al Zawahri", NameKind::kPerson);
  QueryAttributes q;
  const double base = ScoreEntity(qn, q, e, names, TokenStats()).score;
  q.date_of_birth = {1951, 6, 19};
  q.nationalities = {"eg"};
  const double better = ScoreEntity(qn, q, e, names, TokenStats()).score;
  EXPECT_GT(better, base);
  q.date_of_birth = {1980, 0, 0};
  q.gender = Gender::kFemale;
  e.gender = Gender::kMale;
  EXPECT_LT(ScoreEntity(qn, q, e, names, TokenStats()).score, base);
  QueryAttributes id;
  id.documents.push_back(IdentityDocument{"passport", "1084-010", ""});
  auto r = ScoreEntity(PrepareName("John Smith", NameKind::kPerson), id, e, names, TokenStats());
  EXPECT_GE(r.score, 0.97);
  ASSERT_FALSE(r.explanation.adjustments.empty());
  EXPECT_EQ(r.explanation.adjustments[0].what, "identifier");
}

}  // namespace
}  // namespace tamis::names
