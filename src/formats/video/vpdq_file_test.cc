// The vPDQ hash file: reading the reference's sample files, round trips, and bad lines.
#include "formats/video/vpdq_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/shared_data.h"

namespace tamis::video {
namespace {

constexpr const char* kHex = "e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c";

TEST(VpdqFileTest, ParsesReferenceSampleFile) {
  TAMIS_REQUIRE_SHARED_DATA();
  const std::string text = testing::ReadFileOrDie(
      testing::SharedPath("media/pdq/video/vpdq-sample-hashes/chair-19-sd-bar.txt"));
  auto r = ParseVpdq(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GT(r->size(), 100u);
  EXPECT_EQ((*r)[0].frame_number, 0);
  EXPECT_EQ((*r)[0].quality, 100);
  EXPECT_EQ((*r)[0].hash.ToHex(), kHex);
  EXPECT_DOUBLE_EQ((*r)[1].timestamp_seconds, 0.033);
  // The reference file is exactly what FormatVpdq writes.
  EXPECT_EQ(FormatVpdq(*r), text);
}

TEST(VpdqFileTest, RoundTripAndTolerances) {
  const std::string text = std::string("0,100,") + kHex + ",0.000\r\n\n  7 , 42 ," + kHex +
                           ", 1.5\n3,0," + kHex;  // CRLF, blank line, spaces, 3 fields, no '\n'
  auto r = ParseVpdq(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].frame_number, 7);
  EXPECT_EQ((*r)[1].quality, 42);
  EXPECT_DOUBLE_EQ((*r)[1].timestamp_seconds, 1.5);
  EXPECT_DOUBLE_EQ((*r)[2].timestamp_seconds, 0.0);
  auto again = ParseVpdq(FormatVpdq(*r));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *r);
  EXPECT_TRUE(ParseVpdq("").ok());
  EXPECT_TRUE(ParseVpdq("")->empty());
}

TEST(VpdqFileTest, BadLinesNameLineAndField) {
  const std::string h = kHex;
  struct Case {
    std::string text;
    std::string needle;
  } cases[] = {
      {"x,100," + h + ",0", "line 1: frame number"},
      {"-1,100," + h + ",0", "frame number"},
      {"0,101," + h + ",0", "quality"},
      {"0,-3," + h + ",0", "quality"},
      {"0,100,abc,0", "hash"},
      {"0,100," + h + ",nan", "seconds"},
      {"0,100," + h + ",-1", "seconds"},
      {"0,100," + h + ",1,2", "more than 4"},
      {"0,100", "expected frame"},
      {"0,100," + h + ",0\n\n1,5," + h + ",zz", "line 3: seconds"},
      {"99999999999999999999,100," + h + ",0", "frame number"},
  };
  for (const Case& c : cases) {
    auto r = ParseVpdq(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), StatusCode::kParseError);
    EXPECT_NE(r.status().message().find(c.needle), std::string::npos) << r.status().message();
  }
  VpdqParseOptions strict;
  strict.allow_missing_seconds = false;
  EXPECT_FALSE(ParseVpdq("0,100," + h, strict).ok());
}

TEST(VpdqFileTest, LineLimit) {
  const std::string line = std::string("0,100,") + kHex + ",0.000\n";
  VpdqParseOptions o;
  o.max_lines = 2;
  EXPECT_TRUE(ParseVpdq(line + line, o).ok());
  EXPECT_EQ(ParseVpdq(line + line + line, o).status().code(), StatusCode::kResourceExhausted);
}

TEST(VpdqFileTest, FileReadWrite) {
  testing::TempDir dir;
  std::vector<media::VpdqFeature> v{{*media::PdqHash::FromHex(kHex), 90, 30, 1.0}};
  ASSERT_TRUE(WriteVpdqFile(dir / "a.txt", v).ok());
  auto r = ReadVpdqFile(dir / "a.txt");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, v);
  EXPECT_EQ(ReadVpdqFile(dir / "missing.txt").status().code(), StatusCode::kNotFound);
  std::ofstream(dir / "bad.txt") << "1,2,3,4\n";
  auto bad = ReadVpdqFile(dir / "bad.txt");
  EXPECT_EQ(bad.status().code(), StatusCode::kParseError);
  EXPECT_NE(bad.status().message().find("bad.txt"), std::string::npos);
  EXPECT_EQ(ReadVpdqFile(dir / "a.txt", {}, 10).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(WriteVpdqFile(dir / "no-such-dir" / "x.txt", v).code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace tamis::video
