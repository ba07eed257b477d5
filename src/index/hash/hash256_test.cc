#include "index/hash/hash256.h"

#include <gtest/gtest.h>

#include <random>

#include "index/hash/test_util.h"

namespace tamis::index::hash {
namespace {

TEST(Hash256Test, ParseFormatRoundTrip) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 100; ++i) {
    const Hash256 h = testutil::RandomHash(rng);
    auto parsed = ParseHash256(FormatHash256(h));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, h);
  }
}

TEST(Hash256Test, FirstHexDigitIsMostSignificantNibbleOfFirstWord) {
  auto h = ParseHash256("0001000200030004000500060007000800090010001100120013001400150016");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->Word16(0), 1);
  EXPECT_EQ(h->Word16(1), 2);
  EXPECT_EQ(h->Word16(9), 0x10);
  EXPECT_EQ(h->Word16(15), 0x16);
  auto top = ParseHash256("8" + std::string(63, '0'));
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->Word16(0), 0x8000);
  EXPECT_EQ(*top, Hash256{}.WithBitFlipped(255));
  EXPECT_EQ(FormatHash256(Hash256{}.WithBitFlipped(0)), std::string(63, '0') + "1");
}

TEST(Hash256Test, AcceptsUpperCase) {
  auto a = ParseHash256(std::string(64, 'F'));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(FormatHash256(*a), std::string(64, 'f'));
}

TEST(Hash256Test, RejectsBadInput) {
  EXPECT_EQ(ParseHash256("").status().code(), StatusCode::kParseError);
  EXPECT_EQ(ParseHash256(std::string(63, '0')).status().code(), StatusCode::kParseError);
  EXPECT_EQ(ParseHash256(std::string(65, '0')).status().code(), StatusCode::kParseError);
  EXPECT_EQ(ParseHash256("98893570108d24f8").status().code(), StatusCode::kParseError);
  auto bad = ParseHash256(std::string(10, '0') + "g" + std::string(53, '0'));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("column 11"), std::string::npos);
}

TEST(Hash256Test, HammingDistance) {
  const Hash256 zero{};
  const Hash256 ones{{~0ull, ~0ull, ~0ull, ~0ull}};
  EXPECT_EQ(HammingDistance(zero, zero), 0u);
  EXPECT_EQ(HammingDistance(zero, ones), 256u);
  EXPECT_EQ(HammingDistance(zero, zero.WithBitFlipped(7).WithBitFlipped(200)), 2u);
}

}  // namespace
}  // namespace tamis::index::hash
