#include "core/country.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace tamis {
namespace {

std::string Code(std::string_view s) { return CountryCode(s).value_or("?"); }

TEST(CountryCodeTest, CodesAlpha2AndAlpha3) {
  EXPECT_EQ(Code("SY"), "SY");
  EXPECT_EQ(Code("SYR"), "SY");
  EXPECT_EQ(Code("PRK"), "KP");
  EXPECT_EQ(Code("GBR"), "GB");
  EXPECT_EQ(Code(" DE "), "DE");
  // Lower-case two-letter words are not codes ("na" is "not available" in the UN list).
  EXPECT_FALSE(CountryCode("na").has_value());
  EXPECT_FALSE(CountryCode("00").has_value());  // EU "UNKNOWN"
}

TEST(CountryCodeTest, EnglishNamesFromIcu) {
  EXPECT_EQ(Code("Afghanistan"), "AF");
  EXPECT_EQ(Code("PAKISTAN"), "PK");
  EXPECT_EQ(Code("saudi arabia"), "SA");
  EXPECT_EQ(Code("Guinea-Bissau"), "GW");
  EXPECT_EQ(Code("Guinea"), "GN");
  EXPECT_EQ(Code("Niger"), "NE");
  EXPECT_EQ(Code("Nigeria"), "NG");
  EXPECT_EQ(Code("Sudan"), "SD");
  EXPECT_EQ(Code("South Sudan"), "SS");
  EXPECT_EQ(Code("Norway"), "NO");
}

TEST(CountryCodeTest, UnLongForms) {
  EXPECT_EQ(Code("Syrian Arab Republic"), "SY");
  EXPECT_EQ(Code("Iran (Islamic Republic of)"), "IR");
  EXPECT_EQ(Code("IRAN (ISLAMIC REPUBLIC OF)"), "IR");  // EU countryDescription
  EXPECT_EQ(Code("Democratic People's Republic of Korea"), "KP");
  EXPECT_EQ(Code("Democratic People’s Republic of Korea"), "KP");  // curly apostrophe
  EXPECT_EQ(Code("Democratic Republic of the Congo"), "CD");
  EXPECT_EQ(Code("Congo"), "CG");
  EXPECT_EQ(Code("United Republic of Tanzania"), "TZ");
  EXPECT_EQ(Code("Russian Federation"), "RU");
  EXPECT_EQ(Code("Libya"), "LY");
  EXPECT_EQ(Code("Türkiye"), "TR");
  EXPECT_EQ(Code("Turkiye"), "TR");
  EXPECT_EQ(Code("Viet Nam"), "VN");
  EXPECT_EQ(Code("State of Palestine"), "PS");
  EXPECT_EQ(Code("United Kingdom of Great Britain and Northern Ireland"), "GB");
  EXPECT_EQ(Code("United States of America"), "US");
  EXPECT_EQ(Code("Bosnia and Herzegovina"), "BA");
  EXPECT_EQ(Code("Trinidad and Tobago"), "TT");
  EXPECT_EQ(Code("Central African Republic"), "CF");
  EXPECT_EQ(Code("Bolivia (Plurinational State of)"), "BO");
}

TEST(CountryCodeTest, OfacInvertedAndShortForms) {
  EXPECT_EQ(Code("Korea, North"), "KP");
  EXPECT_EQ(Code("Korea, South"), "KR");
  EXPECT_EQ(Code("Congo, Democratic Republic of the"), "CD");
  EXPECT_EQ(Code("Congo, Republic of the"), "CG");
  EXPECT_EQ(Code("Bahamas, The"), "BS");
  EXPECT_EQ(Code("The Gambia"), "GM");
  EXPECT_EQ(Code("Man, Isle of"), "IM");
  EXPECT_EQ(Code("Virgin Islands, British"), "VG");
  EXPECT_EQ(Code("North Macedonia, The Republic of"), "MK");
  EXPECT_EQ(Code("Cote d Ivoire"), "CI");
  EXPECT_EQ(Code("Côte d'Ivoire"), "CI");
  EXPECT_EQ(Code("Burma"), "MM");
  EXPECT_EQ(Code("Syria"), "SY");
  EXPECT_EQ(Code("Iran"), "IR");
  EXPECT_EQ(Code("Russia"), "RU");
  EXPECT_EQ(Code("Hong Kong"), "HK");
  EXPECT_EQ(Code("Kosovo"), "XK");
  EXPECT_EQ(Code("Cabo Verde"), "CV");
  EXPECT_EQ(Code("DPRK"), "KP");
  EXPECT_EQ(Code("CAR"), "CF");
  EXPECT_FALSE(CountryCode("car").has_value());
}

TEST(CountryCodeTest, NationalityAdjectives) {
  const std::pair<const char*, const char*> cases[] = {
      {"Syrian", "SY"},     {"Iraqi", "IQ"},      {"Afghan", "AF"},      {"Saudi", "SA"},
      {"Yemeni", "YE"},     {"Pakistani", "PK"},  {"Somali", "SO"},      {"Libyan", "LY"},
      {"Tunisian", "TN"},   {"Egyptian", "EG"},   {"Jordanian", "JO"},   {"Kuwaiti", "KW"},
      {"Lebanese", "LB"},   {"Moroccan", "MA"},   {"Algerian", "DZ"},    {"Sudanese", "SD"},
      {"Iranian", "IR"},    {"Russian", "RU"},    {"British", "GB"},     {"French", "FR"},
      {"German", "DE"},     {"American", "US"},   {"Indonesian", "ID"},  {"Malaysian", "MY"},
      {"Filipino", "PH"},   {"Nigerian", "NG"},   {"Kenyan", "KE"},      {"Chinese", "CN"},
      {"North Korean", "KP"}, {"Palestinian", "PS"}, {"Qatari", "QA"},   {"Uzbek", "UZ"},
  };
  for (const auto& [text, code] : cases) EXPECT_EQ(Code(text), code) << text;
  EXPECT_EQ(Code("IRAQI"), "IQ");
}

TEST(CountryCodeTest, ParentheticalNoteIsIgnored) {
  EXPECT_EQ(Code("Afghanistan (since 2009)"), "AF");  // UK ConList "Country"
}

TEST(CountryCodeTest, UnknownTextIsNullopt) {
  EXPECT_FALSE(CountryCode("").has_value());
  EXPECT_FALSE(CountryCode("   ").has_value());
  EXPECT_FALSE(CountryCode("former Soviet Union").has_value());
  EXPECT_FALSE(CountryCode("Atlantis").has_value());
  EXPECT_FALSE(CountryCode("\xff\xfe garbage").has_value());
}

TEST(CountryNameTest, EnglishShortName) {
  EXPECT_EQ(CountryName("FR"), "France");
  EXPECT_EQ(CountryName("fr"), "France");
  EXPECT_EQ(CountryName("XK"), "Kosovo");
  EXPECT_EQ(CountryName("ZZ"), "");
  EXPECT_EQ(CountryName(""), "");
}

TEST(CountryCodeTest, ConcurrentFirstUseIsSafe) {
  std::vector<std::thread> threads;
  std::vector<std::string> got(8);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&got, i] { got[i] = CountryCode("Syrian Arab Republic").value_or(""); });
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g, "SY");
}

}  // namespace
}  // namespace tamis
