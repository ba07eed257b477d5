#include "formats/hashlist/hashlist.h"

#include <gtest/gtest.h>

#include "testing/shared_data.h"

namespace tamis::formats::hashlist {
namespace {

const std::string kPdqA = "f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95";
const std::string kPdqB = "b062eb9d2ab170c0567fcb672d9a5548c5612982dd5e374a7424ebbc8b135cb5";
const std::string kMd5 = "d41d8cd98f00b204e9800998ecf8427e";

ParseOptions Lenient() {
  ParseOptions o;
  o.mode = ErrorMode::kLenient;
  return o;
}

TEST(HashListPlainTest, HashesLabelsCommentsBlankLines) {
  const std::string text = "# a comment\n\n" + kPdqA + "\n" + kPdqB + "  some label here \r\n" + kMd5 +
                           ",md5 label, with comma\n   # indented comment\n";
  auto r = ParseHashList(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, ListFormat::kPlain);
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[0].type, HashType::kPdq);
  EXPECT_EQ(r->entries[0].HexValue(), kPdqA);
  EXPECT_EQ(r->entries[0].line, 3);
  EXPECT_EQ(r->entries[1].label, "some label here");
  EXPECT_EQ(r->entries[2].type, HashType::kMd5);
  EXPECT_EQ(r->entries[2].digest.size(), 16u);
  EXPECT_EQ(r->entries[2].label, "md5 label, with comma");
}

TEST(HashListPlainTest, StrictFailsWithFileAndLine) {
  ParseOptions o;
  o.source_name = "list.txt";
  auto r = ParseHashList(kPdqA + "\nzz" + kPdqA.substr(2) + "\n", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_NE(r.status().message().find("list.txt:2:"), std::string::npos) << r.status().message();
}

TEST(HashListPlainTest, LenientSkipsAndReportsEachBadLine) {
  auto r = ParseHashList(kPdqA + "\nabc\n" + kPdqB.substr(0, 63) + "\n98893570108d24f8\n" + kPdqB + "\n", Lenient());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entries.size(), 2u);
  ASSERT_EQ(r->issues.size(), 3u);
  EXPECT_EQ(r->bad_lines, 3u);
  EXPECT_EQ(r->issues[0].line, 2);
  EXPECT_EQ(r->issues[2].line, 4);
  EXPECT_EQ(r->issues[2].message, "not a PDQ hash (64-bit)");
}

TEST(HashListCsvTest, HmaStyleCsv) {
  const std::string text =
      "hash,type,tags,quality,id\n" + kPdqA + ",pdq,\"ideology:x;source:gifct\",87,42\n" + kMd5 +
      ",MD5,source:hma,,7\n" + kPdqB + ",HASH_PDQ, a ; b ;; ,100,\n";
  auto r = ParseHashList(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, ListFormat::kCsv);
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[0].tags, (std::vector<std::string>{"ideology:x", "source:gifct"}));
  EXPECT_EQ(r->entries[0].quality, 87);
  EXPECT_EQ(r->entries[0].id, "42");
  EXPECT_EQ(r->entries[0].line, 2);
  EXPECT_EQ(r->entries[1].type, HashType::kMd5);
  EXPECT_FALSE(r->entries[1].quality.has_value());
  EXPECT_EQ(r->entries[2].tags, (std::vector<std::string>{"a", "b"}));
}

TEST(HashListCsvTest, Sha256AndTypeMismatch) {
  const std::string sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  auto r = ParseHashList("signal_type,signal_value\nsha256," + sha + "\nmd5," + sha + "\npdq,1234\nfoo," + kMd5 + "\n",
                         Lenient());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].type, HashType::kSha256);
  EXPECT_EQ(r->entries[0].HexValue(), sha);
  ASSERT_EQ(r->issues.size(), 3u);
  EXPECT_EQ(r->issues[0].line, 3);
  EXPECT_NE(r->issues[2].message.find("unknown hash type"), std::string::npos);
}

TEST(HashListCsvTest, BadRecordsAreReportedByLine) {
  auto r = ParseHashList("hash,quality\n" + kPdqA + ",101\n\"" + kPdqA + "\n" + kPdqA + ",5x\n" + kPdqA + ",5\n",
                         Lenient());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entries.size(), 1u);
  ASSERT_EQ(r->issues.size(), 3u);
  EXPECT_EQ(r->issues[1].message, "unterminated quoted field");
  auto header = ParseHashList("type,tags\npdq,x\n", ParseOptions{.format = ListFormat::kCsv});
  EXPECT_EQ(header.status().code(), StatusCode::kParseError);
}

TEST(HashListWriterTest, PlainRoundTrip) {
  auto r = ParseHashList(kPdqA + " label one\n" + kPdqB + "\n" + kMd5 + ",x,y\n");
  ASSERT_TRUE(r.ok());
  auto text = WritePlainList(r->entries);
  ASSERT_TRUE(text.ok());
  auto again = ParseHashList(*text);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->entries.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(again->entries[i].HexValue(), r->entries[i].HexValue());
    EXPECT_EQ(again->entries[i].label, r->entries[i].label);
  }
  HashEntry sha;
  sha.type = HashType::kSha256;
  sha.digest.assign(32, 1);
  EXPECT_EQ(WritePlainList(std::vector<HashEntry>{sha}).status().code(), StatusCode::kInvalidArgument);
}

TEST(HashListWriterTest, CsvRoundTripWithQuoting) {
  std::vector<HashEntry> in(3);
  in[0].pdq = *ParseHash256(kPdqA);
  in[0].tags = {"ideology:x", "source:gifct"};
  in[0].quality = 90;
  in[0].id = "id,with\"comma";
  in[0].label = "  spaced label ";
  in[1].type = HashType::kMd5;
  in[1].digest.assign(16, 0xab);
  in[1].label = "# not a comment";
  in[2].type = HashType::kSha256;
  in[2].digest.assign(32, 0x01);
  auto r = ParseHashList(WriteCsvList(in));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entries.size(), 3u);
  for (size_t i = 0; i < in.size(); ++i) {
    const HashEntry& a = in[i];
    const HashEntry& b = r->entries[i];
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.HexValue(), b.HexValue());
    EXPECT_EQ(a.tags, b.tags);
    EXPECT_EQ(a.quality, b.quality);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.label, b.label);
  }
}

TEST(HashListSharedDataTest, RegTestInputs) {
  TAMIS_REQUIRE_SHARED_DATA();
  const std::string dir = "media/pdq/hashlists/reg-test-input/";
  struct Want {
    const char* file;
    size_t ok;
    size_t bad;
  };
  for (const Want& w : {Want{"haystack.txt", 1350, 0}, Want{"needles.txt", 100, 0}, Want{"long256.dat", 50, 0},
                        Want{"short256.dat", 6, 0}, Want{"order256.dat", 2, 0}, Want{"long64.dat", 0, 667},
                        Want{"short64.dat", 0, 6}}) {
    auto r = ReadHashListFile(testing::SharedPath(dir + w.file), Lenient());
    ASSERT_TRUE(r.ok()) << w.file << ": " << r.status().ToString();
    EXPECT_EQ(r->entries.size(), w.ok) << w.file;
    EXPECT_EQ(r->bad_lines, w.bad) << w.file;
    for (const Issue& i : r->issues) EXPECT_EQ(i.message, "not a PDQ hash (64-bit)");
  }
  auto strict = ReadHashListFile(testing::SharedPath(dir + "short64.dat"));
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("short64.dat:1: not a PDQ hash (64-bit)"), std::string::npos);
  EXPECT_EQ(ReadHashListFile(testing::SharedPath(dir + "missing.txt")).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace tamis::formats::hashlist
