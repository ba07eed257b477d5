#include "core/text/phonetic.h"

#include <gtest/gtest.h>

namespace tamis::text {
namespace {

TEST(Phonetic, SkeletonUnifiesListVariants) {
  EXPECT_EQ(ConsonantSkeleton("mohammed"), ConsonantSkeleton("muhammad"));
  EXPECT_EQ(ConsonantSkeleton("mohamed"), ConsonantSkeleton("muhammad"));
  EXPECT_EQ(ConsonantSkeleton("usama"), ConsonantSkeleton("osama"));
  EXPECT_EQ(ConsonantSkeleton("qaddafi"), ConsonantSkeleton("gaddafi"));        // q/g
  EXPECT_EQ(ConsonantSkeleton("khalid"), ConsonantSkeleton("halid"));           // kh/h
  EXPECT_EQ(ConsonantSkeleton("dhahabi"), ConsonantSkeleton("zahabi"));         // dh/z
  EXPECT_EQ(ConsonantSkeleton("youssef"), ConsonantSkeleton("yusuf"));          // ou/u, doubles
  EXPECT_EQ(ConsonantSkeleton("philip"), ConsonantSkeleton("filip"));           // ph/f
  EXPECT_EQ(ConsonantSkeleton("ahmadinezhad"), ConsonantSkeleton("ahmadinejad"));  // zh/j
  EXPECT_EQ(ConsonantSkeleton("fatimah"), ConsonantSkeleton("fatima"));         // final h
  EXPECT_EQ(ConsonantSkeleton("wladimir"), ConsonantSkeleton("vladimir"));
  EXPECT_NE(ConsonantSkeleton("putin"), ConsonantSkeleton("pulin"));
}

TEST(Phonetic, KeyKeepsVowelsAsLowerCase) {
  EXPECT_EQ(PhoneticKey("mohammed"), "MoHaMeD");
  EXPECT_EQ(PhoneticKey("rouhani"), "RuHaNi");
  EXPECT_EQ(PhoneticKey("shaikh"), "SaiH");
  EXPECT_EQ(ConsonantSkeleton("osama"), "ASM");
}

TEST(Phonetic, BoundedLength) {
  EXPECT_LE(PhoneticKey(std::string(1000, 'b') + std::string(1000, 'k')).size(), kMaxKeyLength);
  EXPECT_EQ(PhoneticKey(""), "");
}

TEST(Phonetic, GlideJ) {
  EXPECT_EQ(PhoneticKey("sergej"), PhoneticKey("sergey"));
  EXPECT_EQ(PhoneticKey("hajdar"), PhoneticKey("haydar"));
  EXPECT_EQ(PhoneticKey("jamal")[0], 'J');     // initial j stays a consonant
  EXPECT_EQ(PhoneticKey("ojeda"), "oJeDa");    // between vowels too
}

TEST(Phonetic, InitialXIsASibilant) {
  // nomenklatura cases: "Shi Jinping" / "Si Jinpin" are labelled spellings of Xi Jinping.
  EXPECT_EQ(PhoneticKey("xi"), PhoneticKey("shi"));
  EXPECT_EQ(PhoneticKey("xi"), PhoneticKey("si"));
  EXPECT_EQ(PhoneticKey("xiao"), PhoneticKey("shiao"));
  EXPECT_NE(PhoneticKey("xu"), PhoneticKey("su"));      // 徐 Xu and 苏 Su are two surnames
  EXPECT_EQ(PhoneticKey("alexander"), "aLeKSaNDeR");   // ks elsewhere
  EXPECT_EQ(PhoneticKey("maxim"), "MaKSiM");
  EXPECT_NE(PhoneticKey("xi"), PhoneticKey("ki"));
}

}  // namespace
}  // namespace tamis::text
