#include "formats/records/records.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tamis {
namespace {

std::vector<RecordItem> ReadAll(const std::string& text, RecordFormat f = RecordFormat::kDetect,
                                Status* fatal = nullptr) {
  std::istringstream in(text);
  RecordReader r(in, f);
  std::vector<RecordItem> out;
  RecordItem it;
  for (;;) {
    auto n = r.Next(&it);
    if (!n.ok()) {
      if (fatal) *fatal = n.status();
      break;
    }
    if (!*n) break;
    out.push_back(it);
  }
  return out;
}

TEST(RecordsTest, CsvWithHeaderAndAllFields) {
  auto items = ReadAll(
      "id,name,kind,dob,nationality,country,gender,id_number\r\n"
      "c1,\"bin Ladin, Usama\",person,1957-03-10,SA;ye,Saudi Arabia,m,A123\r\n"
      "c2,Acme Ltd,organisation,,,,,\r\n");
  ASSERT_EQ(items.size(), 2u);
  const auto& r = items[0].record;
  EXPECT_TRUE(items[0].error.ok()) << items[0].error.ToString();
  EXPECT_EQ(r.id, "c1");
  EXPECT_EQ(r.name, "bin Ladin, Usama");
  EXPECT_EQ(r.kind, EntityKind::kPerson);
  EXPECT_EQ(r.dob.year, 1957);
  EXPECT_EQ(r.dob.day, 10);
  EXPECT_EQ(r.nationalities, (std::vector<std::string>{"SA", "YE"}));
  EXPECT_EQ(r.country, "SA");
  EXPECT_EQ(r.gender, Gender::kMale);
  EXPECT_EQ(r.id_number, "A123");
  EXPECT_EQ(r.line, 2);
  EXPECT_EQ(items[1].record.kind, EntityKind::kOrganisation);
  EXPECT_EQ(items[1].record.line, 3);
}

TEST(RecordsTest, BadCsvRecordsKeepLineNumbersAndTheRest) {
  auto items = ReadAll(
      "id,name,dob\n"
      "a,Good One,1970\n"
      "b,,1970\n"                 // missing name
      "c,Bad Date,notadate\n"     // bad dob
      "d,Too,Many,Fields\n"       // field count
      "\"e\",\"multi\nline\",1971\n"
      "f,Last,1972\n");
  ASSERT_EQ(items.size(), 6u);
  EXPECT_TRUE(items[0].error.ok());
  EXPECT_FALSE(items[1].error.ok());
  EXPECT_EQ(items[1].record.line, 3);
  EXPECT_NE(items[1].error.message().find("line 3"), std::string::npos);
  EXPECT_NE(items[1].error.message().find("missing name"), std::string::npos);
  EXPECT_EQ(items[1].record.id, "b");
  EXPECT_FALSE(items[2].error.ok());
  EXPECT_NE(items[2].error.message().find("dob"), std::string::npos);
  EXPECT_FALSE(items[3].error.ok());
  EXPECT_TRUE(items[4].error.ok());
  EXPECT_EQ(items[4].record.name, "multi\nline");
  EXPECT_EQ(items[5].record.line, 8);
  EXPECT_TRUE(items[5].error.ok());
}

TEST(RecordsTest, CsvWithoutNameColumnIsFatal) {
  Status fatal;
  auto items = ReadAll("id,foo\n1,2\n", RecordFormat::kCsv, &fatal);
  EXPECT_TRUE(items.empty());
  EXPECT_EQ(fatal.code(), StatusCode::kParseError);
}

// A stream buffer that serves `text` and then fails the way std::filebuf does on a read error.
class FailingReadBuf : public std::streambuf {
 public:
  explicit FailingReadBuf(std::string text) : text_(std::move(text)) {
    setg(text_.data(), text_.data(), text_.data() + text_.size());
  }

 protected:
  int_type underflow() override { throw std::ios_base::failure("error reading the file"); }

 private:
  std::string text_;
};

// A read failure mid-stream ends the input with an I/O error naming where it stopped, after
// the records read before it; it is not taken for the end of the input.
TEST(RecordsTest, ReadFailureIsAnIoErrorNotTheEnd) {
  for (const char* text : {"id,name\n1,Ali Hassan\n2,Omar", "{\"id\":\"1\",\"name\":\"Ali\"}\n{\"id\":\"2\""}) {
    FailingReadBuf buf(text);
    std::istream in(&buf);
    RecordReader r(in);
    RecordItem it;
    auto first = r.Next(&it);
    ASSERT_TRUE(first.ok()) << text;
    ASSERT_TRUE(*first);
    EXPECT_EQ(it.record.id, "1");
    auto second = r.Next(&it);
    ASSERT_FALSE(second.ok()) << text;
    EXPECT_EQ(second.status().code(), StatusCode::kIoError);
    EXPECT_NE(second.status().message().find("cannot read the input after line"), std::string::npos)
        << second.status().message();
  }
}

TEST(RecordsTest, YenteFixtureColumnsAccepted) {
  auto items = ReadAll("full_name,first_name,date_of_birth,nationality\nJANAN AGHA,,1958,af\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].error.ok());
  EXPECT_EQ(items[0].record.name, "JANAN AGHA");
  EXPECT_EQ(items[0].record.id, "2");  // defaults to the line number
  EXPECT_EQ(items[0].record.nationalities, std::vector<std::string>{"AF"});
}

TEST(RecordsTest, JsonLinesDetectedWithErrors) {
  auto items = ReadAll(
      "\n  {\"id\": 7, \"name\": \"Usama bin Ladin\", \"dob\": \"1957\", \"nationality\": [\"SA\"]}\n"
      "{\"id\": \"x\", \"name\": \n"
      "[1,2]\n"
      "{\"id\": \"y\"}\n"
      "{\"id\": \"z\", \"name\": \"A B\", \"gender\": \"female\", \"unknown\": {\"deep\": 1}}\n");
  ASSERT_EQ(items.size(), 5u);
  EXPECT_TRUE(items[0].error.ok());
  EXPECT_EQ(items[0].record.id, "7");
  EXPECT_EQ(items[0].record.line, 2);
  EXPECT_EQ(items[0].record.nationalities, std::vector<std::string>{"SA"});
  EXPECT_EQ(items[1].error.code(), StatusCode::kParseError);
  EXPECT_EQ(items[1].record.line, 3);
  EXPECT_FALSE(items[2].error.ok());
  EXPECT_FALSE(items[3].error.ok());
  EXPECT_EQ(items[3].record.id, "y");
  EXPECT_TRUE(items[4].error.ok());
  EXPECT_EQ(items[4].record.gender, Gender::kFemale);
}

TEST(RecordsTest, OverlongRecordIsAnErrorNotAFailure) {
  std::string text = "{\"name\": \"" + std::string(2 << 20, 'a') + "\"}\n{\"name\": \"ok\"}\n";
  auto items = ReadAll(text);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_FALSE(items[0].error.ok());
  EXPECT_TRUE(items[1].error.ok());
  EXPECT_EQ(items[1].record.line, 2);
}

TEST(RecordsTest, ParseFormat) {
  EXPECT_EQ(*ParseRecordFormat("csv"), RecordFormat::kCsv);
  EXPECT_EQ(*ParseRecordFormat("JSONL"), RecordFormat::kJsonl);
  EXPECT_EQ(*ParseRecordFormat(""), RecordFormat::kDetect);
  EXPECT_FALSE(ParseRecordFormat("xml").ok());
}

}  // namespace
}  // namespace tamis
