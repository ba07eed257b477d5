#include "core/date.h"

#include <gtest/gtest.h>

namespace tamis {
namespace {

std::string P(std::string_view s) {
  auto d = ParsePartialDate(s);
  return d ? d->ToString() : "none";
}

TEST(DateTest, FormatsSeenInLists) {
  EXPECT_EQ(P("1971-03-15"), "1971-03-15");
  EXPECT_EQ(P("15/03/1971"), "1971-03-15");   // UK ConList, day first
  EXPECT_EQ(P("00/00/1980"), "1980");         // UK unknown day and month
  EXPECT_EQ(P("00/05/1980"), "1980-05");
  EXPECT_EQ(P("15 Mar 1971"), "1971-03-15");  // OFAC remarks
  EXPECT_EQ(P("15 MAR 1971"), "1971-03-15");
  EXPECT_EQ(P("Mar 1971"), "1971-03");
  EXPECT_EQ(P("1971"), "1971");
  EXPECT_EQ(P("19710315"), "1971-03-15");
}

TEST(DateTest, RejectsImpossibleDates) {
  EXPECT_EQ(P("1971-13-01"), "none");
  EXPECT_EQ(P("31/02/1971"), "none");
  EXPECT_EQ(P("0000"), "none");
  EXPECT_EQ(P("abc"), "none");
  EXPECT_EQ(P(""), "none");
}

// Found by fuzz_un_xml: a long digit run overflowed int in the day/month/year conversion.
TEST(DateTest, LongDigitRunsAreRejectedWithoutOverflow) {
  EXPECT_EQ(P("99999999999999999999/01/1971"), "none");
  EXPECT_EQ(P("1971-99999999999999999999"), "none");
  EXPECT_EQ(P("12/99999999999999/1971"), "none");
  EXPECT_FALSE(ParseDateOfBirth("circa 777777777777777777777"));
}

TEST(DateTest, CircaAndRanges) {
  auto c = ParseDateOfBirth("circa 1979");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->kind, DateOfBirth::Kind::kCirca);
  EXPECT_EQ(c->from.year, 1979);
  auto r = ParseDateOfBirth("1968 to 1970");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, DateOfBirth::Kind::kRange);
  EXPECT_EQ(r->to.year, 1970);
  auto b = ParseDateOfBirth("between 1960 and 1962");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->from.year, 1960);
  auto e = ParseDateOfBirth("1971-03-15");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, DateOfBirth::Kind::kExact);
  EXPECT_TRUE(e->raw.empty());
}

}  // namespace
}  // namespace tamis
