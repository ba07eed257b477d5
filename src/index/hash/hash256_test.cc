#include "index/hash/hash256.h"

#include <gtest/gtest.h>

#include <random>
#include <type_traits>

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

TEST(Hash256Test, HexPrintsWord15FirstAsTheReference) {
  auto h = ParseHash256("0001000200030004000500060007000800090010001100120013001400150016");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->Word16(15), 1);
  EXPECT_EQ(h->Word16(14), 2);
  EXPECT_EQ(h->Word16(6), 0x10);
  EXPECT_EQ(h->Word16(0), 0x16);
  EXPECT_EQ(h->words[0], 0x0013001400150016ull);
  auto top = ParseHash256("8" + std::string(63, '0'));
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->Word16(15), 0x8000);
  EXPECT_TRUE(top->Bit(255));
  EXPECT_EQ(*top, Hash256{}.WithBitFlipped(255));
  EXPECT_EQ(FormatHash256(Hash256{}.WithBitFlipped(0)), std::string(63, '0') + "1");
}

TEST(Hash256Test, IsThePdqHashType) {
  // One type in every layer: the index's Hash256 is media::PdqHash (core/hash256.h).
  static_assert(std::is_same_v<Hash256, ::tamis::Hash256>);
  const std::string hex = "34ada6b96d18d2491a79f80f07f2c9936fe6083dfb6983d8a4a36db40034df54";
  EXPECT_EQ(ParseHash256(hex)->ToHex(), hex);
  EXPECT_EQ(*ParseHash256(hex), Hash256::FromHex(hex).value());
  EXPECT_EQ(Hash256::FromHex("zz").status().code(), StatusCode::kInvalidArgument);
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
