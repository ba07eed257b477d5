#include "formats/lists/packed_names.h"

#include <gtest/gtest.h>

namespace tamis::lists {
namespace {

using Kind = PackedName::Kind;

std::vector<std::string> Texts(std::string_view field) {
  std::vector<std::string> out;
  for (const auto& p : SplitPackedNames(field)) out.push_back(p.text);
  return out;
}

using V = std::vector<std::string>;

TEST(PackedNamesTest, FieldWithoutSeparatorsIsKeptAsWritten) {
  EXPECT_EQ(Texts("  TING SHING  TAI "), V({"TING SHING  TAI"}));
  EXPECT_EQ(Texts("SMITH, John"), V({"SMITH, John"}));
  EXPECT_TRUE(SplitPackedNames("   ").empty());
}

// UN IRi.039's ALIAS_NAME, as the list writes it.
TEST(PackedNamesTest, SemicolonsSplit) {
  const auto p = SplitPackedNames("Qasim Soleimani; Qasem Sulaimani; Kasim Sulaymani");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].text, "Qasim Soleimani");
  EXPECT_EQ(p[0].kind, Kind::kSame);
  EXPECT_EQ(p[2].text, "Kasim Sulaymani");
  EXPECT_EQ(p[2].kind, Kind::kAlias);
}

TEST(PackedNamesTest, NumberedListsSlashesAndPhrasesSplit) {
  EXPECT_EQ(Texts("Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet; M. Jawad Karimi Sabet"),
            V({"Mohammed Sabet", "Mohammad Sabet", "M. Javad Kareemi Sabet", "M. Jawad Karimi Sabet"}));
  EXPECT_EQ(Texts("a) Abu Ali b) Abu Omar"), V({"Abu Ali", "Abu Omar"}));
  EXPECT_EQ(Texts("NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE PHILIPPINES"),
            V({"NEW PEOPLE'S ARMY", "COMMUNIST PARTY OF THE PHILIPPINES"}));
  EXPECT_EQ(Texts("Lord's Resistance Movement/Army"), V({"Lord's Resistance Movement/Army"}));  // no spaces: one
  EXPECT_EQ(Texts("John Smith also known as Johnny Smith"), V({"John Smith", "Johnny Smith"}));
  const auto f = SplitPackedNames("Acme Trading a.k.a. Acme Co f.k.a. Old Acme");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[1].text, "Acme Co");
  EXPECT_EQ(f[2].text, "Old Acme");
  EXPECT_EQ(f[2].kind, Kind::kFormer);
  // Letters inside a word are no list markers.
  EXPECT_EQ(Texts("Gulbuddin Hekmatyar"), V({"Gulbuddin Hekmatyar"}));
}

TEST(PackedNamesTest, ParenthesisedAcronymIsANameOfItsOwn) {
  EXPECT_EQ(Texts("SAHAND ALUMINUM PARTS INDUSTRIAL COMPANY (SAPICO)"),
            V({"SAHAND ALUMINUM PARTS INDUSTRIAL COMPANY", "SAPICO"}));
  EXPECT_EQ(Texts("ABZAR BORESH KAVEH CO. (BK CO.)"), V({"ABZAR BORESH KAVEH CO.", "BK CO."}));
  EXPECT_EQ(Texts("JUND AL-KHILAFAH IN ALGERIA (JAK-A)"), V({"JUND AL-KHILAFAH IN ALGERIA", "JAK-A"}));
  EXPECT_EQ(Texts("UGANDA COMMERCIAL IMPEX (UCI) LTD"), V({"UGANDA COMMERCIAL IMPEX LTD", "UCI LTD"}));
  EXPECT_EQ(Texts("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"),
            V({"ISLAMIC REVOLUTIONARY GUARD CORPS -QODS FORCE", "IRGC-QODS FORCE"}));
  EXPECT_EQ(Texts("Lord's Resistance Movement/Army (LRM/A)"), V({"Lord's Resistance Movement/Army", "LRM/A"}));
  // Letters that no run of the name's words spells are not its acronym: a qualifier.
  EXPECT_EQ(Texts("TING SHING TAI JEWELLERY (HK) CO. LIMITED"),
            V({"TING SHING TAI JEWELLERY HK CO. LIMITED", "TING SHING TAI JEWELLERY CO. LIMITED"}));
  EXPECT_EQ(Texts("VEST SPECTRUM (S) PTE. LTD."), V({"VEST SPECTRUM S PTE. LTD.", "VEST SPECTRUM PTE. LTD."}));
}

TEST(PackedNamesTest, OriginalScriptNotesVariantsAndTranslations) {
  const auto j = SplitPackedNames("Jin Tiesan (金铁三)");
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0].text, "Jin Tiesan");
  EXPECT_EQ(j[1].text, "金铁三");
  EXPECT_EQ(j[1].kind, Kind::kOriginalScript);
  const auto a = SplitPackedNames("Amir Khazmat (original script: Амир Хазмат)");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1].text, "Амир Хазмат");
  EXPECT_EQ(a[1].kind, Kind::kOriginalScript);
  EXPECT_EQ(Texts("حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)"), V({"حسن غول", "Hassan Ghul", "Hassan Gul", "Hasan Gul"}));
  EXPECT_EQ(Texts("Encep Nurjaman (birth name)"), V({"Encep Nurjaman"}));
  EXPECT_EQ(Texts("EL PARA (COMBAT NAME)"), V({"EL PARA"}));
  EXPECT_EQ(Texts("Hilarion Santos, III (third)"), V({"Hilarion Santos, III"}));
  EXPECT_EQ(Texts("Ezatullah Haqqani (previously listed as)"), V({"Ezatullah Haqqani"}));
  EXPECT_EQ(Texts("SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)"), V({"SECOND ACADEMY OF NATURAL SCIENCES"}));
  EXPECT_EQ(Texts("Safia Farkash Mohammed Al-Hadad, born 1 Jan. 1953 (Oman passport no.03825239)"),
            V({"Safia Farkash Mohammed Al-Hadad"}));
  EXPECT_EQ(Texts("SANTOS, Ahmad (Ahmed)"), V({"SANTOS, Ahmad", "SANTOS, Ahmed"}));
  EXPECT_EQ(Texts("Lom-ali Butayev (Butaev)"), V({"Lom-ali Butayev", "Lom-ali Butaev"}));
  EXPECT_EQ(Texts("PARTIDO COMUNISTA DEL PERU (COMMUNIST PARTY OF PERU)"),
            V({"PARTIDO COMUNISTA DEL PERU", "COMMUNIST PARTY OF PERU"}));
  EXPECT_EQ(Texts("(Sheikh) Musa Hilal"), V({"Sheikh Musa Hilal", "Musa Hilal"}));
  const auto f = SplitPackedNames("NEW BANK (formerly OLD BANK)");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].text, "OLD BANK");
  EXPECT_EQ(f[1].kind, Kind::kFormer);
}

TEST(PackedNamesTest, BadInputNeverCrashesAndStaysBounded) {
  EXPECT_EQ(Texts("((((("), V({}));
  EXPECT_EQ(Texts("Abu (Ali"), V({"Abu (Ali"}));
  EXPECT_EQ(Texts(";;;"), V({}));
  std::string many;
  for (int i = 0; i < 100; ++i) many += "Name" + std::string(1, static_cast<char>('a' + i % 26)) + std::to_string(i) + "x; ";
  EXPECT_LE(SplitPackedNames(many).size(), kMaxPackedNames);
  std::string nested(5000, '(');
  EXPECT_NO_FATAL_FAILURE(SplitPackedNames(nested + "x" + std::string(5000, ')')));
}

}  // namespace
}  // namespace tamis::lists
