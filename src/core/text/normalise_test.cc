#include "core/text/normalise.h"

#include <gtest/gtest.h>

namespace tamis::text {
namespace {

TEST(Normalise, AsciiPunctuationAndCase) {
  EXPECT_EQ(Normalise("Mr. Recep Tayyip Erdoğan"), "mr recep tayyip erdogan");
  EXPECT_EQ(Normalise("Al-Qa'ida"), "al qaida");                  // hyphen split, apostrophe dropped
  EXPECT_EQ(Normalise("'Abd al-Aziz al-Nuristani"), "abd al aziz al nuristani");
  EXPECT_EQ(Normalise("People’s Liberation Army"), "peoples liberation army");
}

TEST(Normalise, DottedInitialismsJoin) {
  EXPECT_EQ(Normalise("J.P. Morgan & Co."), "jp morgan and co");
  EXPECT_EQ(Normalise("Bowne Global Solutions, S.A.R.L."), "bowne global solutions sarl");
  EXPECT_EQ(Normalise("A. Khamenei"), "a khamenei");
}

TEST(Normalise, LeetDigitsBetweenLetters) {
  EXPECT_EQ(Normalise("Ig0r Sech1n"), "igor sechin");
  EXPECT_EQ(Normalise("Goldman Sachs Mortgage Loan Trust 2004-1"), "goldman sachs mortgage loan trust 2004 1");
}

TEST(Normalise, DiacriticsFold) {
  EXPECT_EQ(Normalise("Société Générale S.A."), "societe generale sa");
  EXPECT_EQ(Normalise("Aleksandar Vučić"), "aleksandar vucic");
  EXPECT_EQ(Normalise("Usāma bin Lādin"), "usama bin ladin");
}

TEST(Normalise, NonLatinScripts) {
  EXPECT_EQ(Normalise("Владимир Путин"), "vladimir putin");
  EXPECT_EQ(Normalise("Νικόλαος"), "nikolaos");
  EXPECT_EQ(Normalise("习近平"), "xi jin ping");
}

TEST(Normalise, HostileInputIsDefined) {
  EXPECT_EQ(Normalise(std::string("\xff\xfe\xc0\x80", 4)), "");
  EXPECT_EQ(Normalise(std::string("ab\0cd", 5)), "ab cd");
  EXPECT_EQ(Normalise(""), "");
  std::string longname(10000, 'a');
  EXPECT_LE(Normalise(longname).size(), NormaliseOptions().max_input_bytes);
}

}  // namespace
}  // namespace tamis::text
