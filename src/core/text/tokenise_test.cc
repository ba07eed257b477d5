#include "core/text/tokenise.h"

#include <gtest/gtest.h>

#include "core/text/given_names.h"

namespace tamis::text {
namespace {

std::string Joined(const TokenisedName& t) {
  std::string s;
  for (const auto& tok : t.tokens) s += (s.empty() ? "" : " ") + tok.text;
  return s;
}

TEST(Tokenise, FamilyCommaGivenIsReordered) {
  auto t = TokeniseName("AL BEN ALI, Isa Ben Tarif", {EntityKind::kPerson});
  EXPECT_TRUE(t.family_first);
  EXPECT_EQ(Joined(t), "isa bin tarif al bin ali");
  EXPECT_TRUE(t.tokens[1].flags & kTokenParticle);
  auto c = TokeniseName("Apple, Inc.", {EntityKind::kUnknown});  // a legal form after the comma
  EXPECT_FALSE(c.family_first);
}

TEST(Tokenise, AbdCompoundsJoinOrSplitAlike) {
  EXPECT_EQ(Joined(TokeniseName("'Abd al-Aziz al-Nuristani", {EntityKind::kPerson})), "abdalaziz al nuristani");
  EXPECT_EQ(Joined(TokeniseName("Abdul Aziz Nooristani", {EntityKind::kPerson})), "abdalaziz nooristani");
  EXPECT_EQ(Joined(TokeniseName("Abdulaziz", {EntityKind::kPerson})), "abdalaziz");
  EXPECT_EQ(Joined(TokeniseName("ABDURRAHMAN", {EntityKind::kPerson})), "abdalrahman");
  EXPECT_EQ(Joined(TokeniseName("Abdullah", {EntityKind::kPerson})), Joined(TokeniseName("Abd Allah", {EntityKind::kPerson})));
}

TEST(Tokenise, DinCompounds) {
  EXPECT_EQ(Joined(TokeniseName("SAIF-AL-DIN AL-RAWI", {EntityKind::kPerson})), "saifuddin al rawi");
  EXPECT_EQ(Joined(TokeniseName("Sirajuddin Haqqani", {EntityKind::kPerson})), "sirajuddin haqqani");
  EXPECT_EQ(Joined(TokeniseName("Noureddine", {EntityKind::kPerson})), "nouruddin");
}

TEST(Tokenise, TitlesAndInitials) {
  auto t = TokeniseName("Dr. Rami Makhlouf", {EntityKind::kPerson});
  EXPECT_TRUE(t.tokens[0].flags & kTokenTitle);
  auto h = TokeniseName("HAJI ASAD KHAN", {EntityKind::kPerson});
  EXPECT_TRUE(h.tokens[0].flags & kTokenTitle);
  auto j = TokeniseName("Hans J Friedrich", {EntityKind::kPerson});
  EXPECT_TRUE(j.tokens[1].flags & kTokenInitial);
  auto g = TokeniseName("General Motors Company", {EntityKind::kOrganisation});
  EXPECT_FALSE(g.tokens[0].flags & kTokenTitle);  // titles only in person names
}

TEST(Tokenise, BenAsGivenName) {
  auto t = TokeniseName("Ben Netanyahu", {EntityKind::kPerson});
  EXPECT_EQ(t.tokens[0].text, "ben");
  EXPECT_FALSE(t.tokens[0].flags & kTokenParticle);
  auto b = TokeniseName("Usama ibn Ladin", {EntityKind::kPerson});
  EXPECT_EQ(b.tokens[1].text, "bin");
}

TEST(Tokenise, LegalForms) {
  auto t = TokeniseName("Open Joint Stock Company Gazprom", {EntityKind::kOrganisation});
  EXPECT_EQ(Joined(t), "jsc gazprom");
  EXPECT_TRUE(t.tokens[0].flags & kTokenLegalForm);
  EXPECT_EQ(Joined(TokeniseName("OAO Gazprom", {EntityKind::kOrganisation})), "jsc gazprom");
  EXPECT_EQ(Joined(TokeniseName("Siemens Aktiengesellschaft", {EntityKind::kOrganisation})), "siemens ag");
  EXPECT_EQ(Joined(TokeniseName("Volkswagen Gesellschaft mit beschränkter Haftung", {EntityKind::kOrganisation})),
            "volkswagen gmbh");
  EXPECT_EQ(Joined(TokeniseName("CRYSTALORD LIMITED", {EntityKind::kOrganisation})), "crystalord ltd");
  auto p = TokeniseName("Nicolás Maduro LLC", {EntityKind::kPerson});
  EXPECT_TRUE(p.tokens[2].flags & kTokenLegalForm);
}

TEST(Tokenise, NumbersAndStopwords) {
  EXPECT_EQ(Joined(TokeniseName("Brigade Forty-Four", {EntityKind::kOrganisation})), "brigade 44");
  EXPECT_EQ(Joined(TokeniseName("1st International Bank", {EntityKind::kOrganisation})), "1 international bank");
  auto t = TokeniseName("The World Bank", {EntityKind::kOrganisation});
  EXPECT_TRUE(t.tokens[0].flags & kTokenStopword);
  EXPECT_EQ(Joined(TokeniseName("World Health Organisation", {EntityKind::kOrganisation})),
            "world health organization");
}

TEST(Tokenise, ScriptFlags) {
  EXPECT_TRUE(TokeniseName("محمد علي").tokens[0].flags & kTokenAbjad);
  EXPECT_TRUE(TokeniseName("习近平").tokens[0].flags & kTokenSyllabic);
  EXPECT_FALSE(TokeniseName("Xi Jinping").tokens[0].flags & (kTokenSyllabic | kTokenAbjad));
}

TEST(Tokenise, Limits) {
  std::string many;
  for (int i = 0; i < 500; ++i) many += "tok ";
  auto t = TokeniseName(many);
  EXPECT_LE(t.tokens.size(), TokeniseOptions().max_tokens);
  EXPECT_TRUE(t.truncated);
}

TEST(Tokenise, LegalFormsWithTyposOrCut) {
  TokeniseOptions org;
  org.kind = EntityKind::kOrganisation;
  EXPECT_EQ(Joined(TokeniseName("Siemens Aktiengeselschaft", org)), "siemens ag");
  EXPECT_EQ(Joined(TokeniseName("TACTICAL MISSILES CORPORATION JOINT STOCK COMPAN", org)), "tactical missiles corp jsc");
  EXPECT_EQ(Joined(TokeniseName("TACTICAL MISSILES CORPORATION JOYNT STOCK COMPANY", org)), "tactical missiles corp jsc");
  // Two typos in a phrase are not a legal form; nor is a short word one edit from a form.
  EXPECT_EQ(Joined(TokeniseName("Joynt Stok Company", org)), "joynt stok co");
  EXPECT_EQ(Joined(TokeniseName("Company Limitless", org)), "co limitless");
}

TEST(Tokenise, OrganisationAbbreviationsAndSymbols) {
  TokeniseOptions org;
  org.kind = EntityKind::kOrganisation;
  EXPECT_EQ(Joined(TokeniseName("First Bank Int'l", org)), "1 bank international");
  EXPECT_EQ(Joined(TokeniseName("3%ers", org)), "3 percent ers");
  EXPECT_EQ(Joined(TokeniseName("Brigade Fourty-four", org)), "brigade 44");
  TokeniseOptions person;
  person.kind = EntityKind::kPerson;
  EXPECT_EQ(Joined(TokeniseName("Ind Kumar", person)), "ind kumar");  // persons: no expansion
}

TEST(Tokenise, WadeGilesToPinyin) {
  EXPECT_EQ(Joined(TokeniseName("Mao Tse-tung")), "mao ze dong");
  EXPECT_EQ(Joined(TokeniseName("Hsi Chin-ping")), "xi jin ping");
  EXPECT_EQ(Joined(TokeniseName("Chiang Kai-shek")), "jiang kai shek");
  // Korean and English forms are left alone.
  EXPECT_EQ(Joined(TokeniseName("Chung Sung Jen")), "chung sung jen");
}

TEST(Tokenise, Patronymics) {
  TokeniseOptions person;
  person.kind = EntityKind::kPerson;
  const auto t = TokeniseName("Sergey Viktorovich Lavrov", person);
  ASSERT_EQ(t.tokens.size(), 3u);
  EXPECT_TRUE(t.tokens[1].flags & kTokenPatronymic);
  EXPECT_FALSE(t.tokens[0].flags & kTokenPatronymic);
  EXPECT_TRUE(TokeniseName("Ilham Heydar oglu Aliyev", person).tokens[2].flags & kTokenPatronymic);
  // Not the first or only word (a surname such as "Abramovich" in "Abramovich Roman" stays).
  EXPECT_FALSE(TokeniseName("Abramovich Roman", person).tokens[0].flags & kTokenPatronymic);
}

TEST(GivenNames, GroupsOfHypocorisms) {
  uint8_t a[2], b[2];
  ASSERT_EQ(GivenNameGroups("bill", a), 1);
  ASSERT_EQ(GivenNameGroups("william", b), 1);
  EXPECT_EQ(a[0], b[0]);
  EXPECT_EQ(GivenNameGroups("ted", a), 2);  // Edward and Theodore
  GivenNameGroups("edward", b);
  EXPECT_TRUE(a[0] == b[0] || a[1] == b[0]);
  GivenNameGroups("theodore", b);
  EXPECT_TRUE(a[0] == b[0] || a[1] == b[0]);
  EXPECT_EQ(GivenNameGroups("bibi", a), 1);
  GivenNameGroups("benjamin", b);
  EXPECT_EQ(a[0], b[0]);
  EXPECT_EQ(GivenNameGroups("zawahiri", a), 0);
  EXPECT_EQ(a[0], 0);
  EXPECT_EQ(GivenNameGroups("", a), 0);
}

}  // namespace
}  // namespace tamis::text

namespace tamis::text {
namespace {

TEST(Tokenise, RomanisedSyllablesAreNoLexiconWords) {
  // 高市早苗 (Takaichi Sanae, nomenklatura cases): 早 romanises as "zao", which is no ZAO.
  auto t = TokeniseName("高市早苗", {EntityKind::kUnknown});
  ASSERT_EQ(t.tokens.size(), 4u);
  EXPECT_EQ(t.tokens[2].text, "zao");
  EXPECT_FALSE(t.tokens[2].flags & kTokenLegalForm);
  // 安 an is no Arabic article, 德 de no particle.
  auto p = TokeniseName("王安德", {EntityKind::kPerson});
  ASSERT_EQ(p.tokens.size(), 3u);
  EXPECT_EQ(p.tokens[1].text, "an");
  EXPECT_FALSE(p.tokens[1].flags & kTokenParticle);
  EXPECT_FALSE(p.tokens[2].flags & kTokenParticle);
  EXPECT_TRUE(p.tokens[2].flags & kTokenSyllabic);
  // Latin words of a mixed name keep their rules.
  auto c = TokeniseName("三星 Co., Ltd.", {EntityKind::kOrganisation});
  ASSERT_FALSE(c.tokens.empty());
  EXPECT_TRUE(c.tokens.back().flags & kTokenLegalForm);
}

TEST(Tokenise, RomanisedSyllablesCarryTheirCharacter) {
  auto a = TokeniseName("高市早苗", {EntityKind::kPerson});
  auto b = TokeniseName("高石早苗", {EntityKind::kPerson});
  ASSERT_EQ(a.tokens.size(), 4u);
  ASSERT_EQ(b.tokens.size(), 4u);
  EXPECT_EQ(a.tokens[1].text, b.tokens[1].text);  // both "shi"
  EXPECT_EQ(a.tokens[1].source, 0x5E02u);         // 市
  EXPECT_EQ(b.tokens[1].source, 0x77F3u);         // 石
  EXPECT_EQ(a.tokens[0].source, 0x9AD8u);         // 高
  // "FAMILY, Given" is reordered with its sources; Latin words of the name have none.
  auto r = TokeniseName("김, 정은 Jenny", {EntityKind::kPerson});
  ASSERT_EQ(r.tokens.size(), 4u);
  EXPECT_EQ(r.tokens[0].text, "jong");
  EXPECT_EQ(r.tokens[0].source, 0xC815u);  // 정
  EXPECT_EQ(r.tokens[1].source, 0xC740u);  // 은
  EXPECT_EQ(r.tokens[2].text, "jenny");
  EXPECT_EQ(r.tokens[2].source, 0u);       // the Latin word
  EXPECT_EQ(r.tokens[3].source, 0xAE40u);  // 김
  // Kana are romanised by runs, not by character: no source.
  auto k = TokeniseName("バラク・オバマ", {EntityKind::kPerson});
  ASSERT_FALSE(k.tokens.empty());
  for (const auto& t : k.tokens) EXPECT_EQ(t.source, 0u) << t.text;
  for (const auto& t : TokeniseName("Kim Jong Un").tokens) EXPECT_EQ(t.source, 0u);
}

}  // namespace
}  // namespace tamis::text
