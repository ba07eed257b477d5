#include <gtest/gtest.h>

#include "formats/lists/importers.h"

namespace tamis {
namespace {

TEST(WatchlistCsv, AllFieldsAndUnknownColumn) {
  std::string csv =
      "\xEF\xBB\xBFid,name,kind,aliases,dob,nationality,gender,id_number,program,remarks,colour\r\n"
      "c-1,\"DOE, John\",person,Johnny D|J. Doe,circa 1970,Syria|IQ,male,X123,INTERNAL|PEP,\"note, with comma\",red\r\n"
      "c-2,Acme Ltd,organisation,,,,,,,,\r\n";
  ImportOptions o;
  o.source = "bank";
  auto r = ParseWatchlistCsv({"mine.csv", csv}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "tamis_csv");
  EXPECT_EQ(r->source, "bank");
  ASSERT_EQ(r->entities.size(), 2u);
  const Entity& e = r->entities[0];
  EXPECT_EQ(e.id, "bank:c-1");
  EXPECT_EQ(e.kind, EntityKind::kPerson);
  ASSERT_EQ(e.names.size(), 3u);
  EXPECT_EQ(e.names[0].full, "DOE, John");
  EXPECT_EQ(e.names[2].full, "J. Doe");
  EXPECT_EQ(e.names[2].type, NameType::kAka);
  ASSERT_EQ(e.dates_of_birth.size(), 1u);
  EXPECT_EQ(e.dates_of_birth[0].kind, DateOfBirth::Kind::kCirca);
  EXPECT_EQ(e.nationalities, (std::vector<std::string>{"SY", "IQ"}));
  EXPECT_EQ(e.gender, Gender::kMale);
  ASSERT_EQ(e.documents.size(), 1u);
  EXPECT_EQ(e.documents[0].number, "X123");
  EXPECT_EQ(e.programs, (std::vector<std::string>{"INTERNAL", "PEP"}));
  EXPECT_EQ(e.remarks, "note, with comma");
  EXPECT_EQ(r->entities[1].kind, EntityKind::kOrganisation);
  EXPECT_EQ(r->entities[1].names.size(), 1u);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].location, "mine.csv line 1");
  EXPECT_NE(r->warnings[0].message.find("colour"), std::string::npos);
}

TEST(WatchlistCsv, OnlyIdAndNameRequired) {
  auto r = ParseWatchlistCsv({"w.csv", "name,id\nBob,7\n"}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(r->entities[0].id, "internal:7");
  EXPECT_EQ(r->entities[0].kind, EntityKind::kUnknown);
}

TEST(WatchlistCsv, ErrorsNameFileLineField) {
  struct Case {
    std::string text, want;
  } cases[] = {
      {"", "w.csv line 1: missing header"},
      {"id,kind\n1,person\n", "header must name columns id and name"},
      {"id,name\n1,A\n1,B\n", "w.csv line 3: field id: duplicate"},
      {"id,name\n,A\n", "w.csv line 2: field id"},
      {"id,name\n1,\n", "w.csv line 2: field name"},
      {"id,name,dob\n1,A,yesterday\n", "w.csv line 2: field dob"},
      {"id,name,kind\n1,A,spaceship\n", "w.csv line 2: field kind"},
      {"id,name,gender\n1,A,x\n", "w.csv line 2: field gender"},
      {"id,name,nationality\n1,A,Atlantis\n", "w.csv line 2: field nationality"},
      {"id,name\n1,A,extra\n", "w.csv line 2: expected 2 fields"},
      {"id,name\n1,\"A\n", "unterminated"},
      {"id,name\n1,\xff\xfe\n", "w.csv line 2: field name: invalid UTF-8"},
      {"id,name,id\n", "field id: column appears twice"},
      // Fuzz finding: a long digit run overflowed int in core/date.cc ToInt (UBSan).
      {"id,name,dob\n1,A,5555555555555\n", "w.csv line 2: field dob"},
  };
  for (const auto& c : cases) {
    auto r = ParseWatchlistCsv({"w.csv", c.text}, {});
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), StatusCode::kParseError);
    EXPECT_NE(r.status().message().find(c.want), std::string::npos) << r.status().message();
  }
}

TEST(WatchlistJsonl, FieldsArraysAndUnknownKey) {
  std::string text =
      R"({"id":"a1","name":"Jane Roe","kind":"individual","aliases":["J. Roe","Janie"],"dob":"1980-05-01","nationality":"FR","gender":"F","id_number":["P1","P2"],"program":"VIP","remarks":"r","extra":1})"
      "\n"
      R"({"id":42,"name":"Acme","extra":2})"
      "\n";
  auto r = ParseWatchlistJsonl({"w.jsonl", text}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "tamis_jsonl");
  ASSERT_EQ(r->entities.size(), 2u);
  const Entity& e = r->entities[0];
  EXPECT_EQ(e.id, "internal:a1");
  EXPECT_EQ(e.kind, EntityKind::kPerson);
  EXPECT_EQ(e.names.size(), 3u);
  EXPECT_EQ(e.dates_of_birth[0].from, (PartialDate{1980, 5, 1}));
  EXPECT_EQ(e.nationalities, std::vector<std::string>{"FR"});
  EXPECT_EQ(e.gender, Gender::kFemale);
  EXPECT_EQ(e.documents.size(), 2u);
  EXPECT_EQ(e.programs, std::vector<std::string>{"VIP"});
  EXPECT_EQ(r->entities[1].id, "internal:42");
  EXPECT_EQ(r->warnings.size(), 1u);  // one warning per unknown key, not per line
}

TEST(WatchlistJsonl, Errors) {
  struct Case {
    std::string text, want;
  } cases[] = {
      {"{\"name\":\"A\"}\n", "w.jsonl line 1: field id"},
      {"{\"id\":\"1\",\"name\":[\"A\"]}\n", "w.jsonl line 1: field name"},
      {"{\"id\":\"1\",\"name\":\"A\",\"aliases\":[1]}\n", "field aliases"},
      {"{\"id\":\"1\",\"name\":\"A\"}\n{\"id\":\"1\",\"name\":\"B\"}\n", "w.jsonl line 2: field id: duplicate"},
      {"[1]\n", "w.jsonl line 1: not a JSON object"},
      {"{\"id\":\"1\",\n", "w.jsonl line 1: invalid JSON"},
  };
  for (const auto& c : cases) {
    auto r = ParseWatchlistJsonl({"w.jsonl", c.text}, {});
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.status().message().find(c.want), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace tamis
