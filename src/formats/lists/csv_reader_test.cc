#include "formats/lists/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tamis {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<CsvRecord> Read(std::string_view text, CsvOptions o = {}) {
  auto r = ReadCsv(text, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : std::vector<CsvRecord>{};
}

TEST(CsvReaderTest, PlainFieldsAndLineNumbers) {
  auto recs = Read("a,b,c\n1,,3\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_THAT(recs[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(recs[1].fields, ElementsAre("1", "", "3"));
  EXPECT_EQ(recs[0].line, 1);
  EXPECT_EQ(recs[1].line, 2);
}

TEST(CsvReaderTest, QuotesDoubledQuotesAndEmbeddedNewlines) {
  auto recs = Read("x,\"a, \"\"b\"\"\r\nc\",y\r\nnext,\"\",z\r\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_THAT(recs[0].fields, ElementsAre("x", "a, \"b\"\r\nc", "y"));
  EXPECT_EQ(recs[0].line, 1);
  EXPECT_EQ(recs[1].line, 3);  // the quoted CRLF counted as a line
  EXPECT_THAT(recs[1].fields, ElementsAre("next", "", "z"));
}

TEST(CsvReaderTest, OffsetsCoverTheRecordText) {
  std::string text = "a,\"b\nc\"\r\nd\n";
  auto recs = Read(text);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(text.substr(recs[0].offset, recs[0].length), "a,\"b\nc\"");
  EXPECT_EQ(text.substr(recs[1].offset, recs[1].length), "d");
}

TEST(CsvReaderTest, LastLineWithoutNewlineAndLoneCr) {
  auto recs = Read("a\rb\nc");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[2].fields[0], "c");
  EXPECT_EQ(recs[2].line, 3);
}

TEST(CsvReaderTest, BlankLinesSkippedButCounted) {
  auto recs = Read("a\n\n\r\nb\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].line, 4);
  CsvOptions keep;
  keep.skip_blank_lines = false;
  EXPECT_EQ(Read("a\n\nb\n", keep).size(), 3u);
}

TEST(CsvReaderTest, BomAndOtherSeparator) {
  CsvOptions o;
  o.separator = ';';
  auto recs = Read("\xEF\xBB\xBFh1;h2\n", o);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_THAT(recs[0].fields, ElementsAre("h1", "h2"));
}

TEST(CsvReaderTest, LenientStrayQuotes) {
  auto recs = Read("ab\"c,\"q\"x,5\"\n");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_THAT(recs[0].fields, ElementsAre("ab\"c", "qx", "5\""));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorNamingTheLine) {
  auto r = ReadCsv("a,b\nc,\"open\nmore\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_THAT(r.status().message(), HasSubstr("line 2: unterminated quoted field 2"));
}

TEST(CsvReaderTest, LimitsAreEnforced) {
  CsvOptions o;
  o.max_fields = 3;
  EXPECT_FALSE(ReadCsv("a,b,c,d\n", o).ok());
  o.max_field_bytes = 4;
  EXPECT_FALSE(ReadCsv("abcdefgh\n", o).ok());
  EXPECT_TRUE(ReadCsv("abcd\n", o).ok());
}

TEST(CsvReaderTest, EmptyInput) {
  EXPECT_TRUE(Read("").empty());
  EXPECT_TRUE(Read("\n\n").empty());
}

}  // namespace
}  // namespace tamis
