#include "core/strings.h"

#include <gtest/gtest.h>

namespace tamis {
namespace {

TEST(StringsTest, TrimSplitCollapse) {
  EXPECT_EQ(Trim("  a b \r\n"), "a b");
  EXPECT_EQ(Split("a,,b", ',').size(), 3u);
  EXPECT_EQ(CollapseSpaces("  AL  QAIDA\t\tIRAQ "), "AL QAIDA IRAQ");
  EXPECT_EQ(AsciiLower("ÉCOLE Abc"), "\xC3\x89" "cole abc");
}

TEST(StringsTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("al-Qurashi \xD8\xA7\xD9\x84\xD9\x82\xD8\xB1\xD8\xB4\xD9\x8A"));
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));          // Latin-1 é
  EXPECT_EQ(FindInvalidUtf8("ab\xC0\xAF"), 2u);   // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
}

TEST(StringsTest, Cp1252ToUtf8MapsCurlyQuotesAndAccents) {
  EXPECT_EQ(Cp1252ToUtf8("\x93" "x" "\x94"), "\xE2\x80\x9C" "x" "\xE2\x80\x9D");
  EXPECT_EQ(Cp1252ToUtf8("\xB4"), "\xC2\xB4");
}

TEST(StringsTest, Sha256KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace tamis
