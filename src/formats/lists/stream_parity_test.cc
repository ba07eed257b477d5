// Streamed list parses against the whole-file parses they replace: on the real lists of the
// shared data (skipped when absent), the output (entities as canonical JSON, in order, warnings,
// list date, skipped records) must be byte-identical to what the whole-file parsers of main
// 3f980cd gave (digests below, recorded with those parsers; a file whose content changed is
// skipped), and for XML to the whole-document read of the same parser, entity by entity.
#include <gtest/gtest.h>

#include <string>

#include "core/strings.h"
#include "formats/entity_json.h"
#include "formats/lists/importers.h"
#include "formats/lists/stream_test_util.h"
#include "formats/lists/xml_doc.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

std::string Digest(const ParsedList& l) {
  std::string acc = l.source + "\n" + l.format + "\n" + l.list_date + "\n" + std::to_string(l.skipped_records) + "\n";
  for (const auto& w : l.warnings) acc += w.location + "\t" + w.message + "\n";
  for (const auto& e : l.entities) acc += EntityToJson(e) + "\n";
  return Sha256Hex(acc);
}

struct Golden {
  const char* path;       // under the shared data
  const char* input;      // SHA-256 of the file the digest was taken on
  size_t entities;
  const char* digest;     // Digest() of LoadListFiles on main 3f980cd (whole-file parsers)
};

constexpr Golden kGolden[] = {
    {"lists/un/UN_consolidated.xml", "66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf", 1003,
     "ba9b7a73ab430f4c49f7137429587ad7ed12c7d719c973a8b41f605ea72e45c5"},
    {"lists/eu/sample_eu_fsf.xml", "a05187aa9bbab3bb91c2ceb67e7130de1f0e42502f91ce8fc9e8903e6bf6f3f9", 5,
     "501eef196157267a4176d09997d235c0d62c4f1485382992302a2b11e0e8120b"},
    {"lists/opensanctions/parteispenden/entities.ftm.json",
     "3f69f6f6246a14efdd0cab18e915c415574f98966b0db61f71a3119d7047f250", 96,
     "50a6bbf3687ad1288589d4fd7ba05dd100724c7ac3bb66e4825fbeff20450f9a"},
    {"lists/opensanctions/zala/entities.ftm.json", "3f718f1328ae368d90b981a13be0d5dd7c50d99ae6531a95ae0bc79588c43be6",
     17, "28f98ff2a5cea38ad0c93a6d25cf869a26172f05cbbb597e3bd2854535523624"},
    {"lists/opensanctions/t1/entities.ftm.json", "eec076285a7886b6f4ba8ed11cfdf8590f23211b931656f74706d9f9a87b0f2a", 6,
     "2122f5be230a968e3e6bd954f6bd199b55e5d1a24a6f95bac889ebf278f621c3"},
    {"lists/opensanctions/us_congress_senzing.json",
     "ab38e6c5effa2299d621a0c64317b3aaf77fd04c32b212ba187ca6ecf7a4a10b", 1317,
     "9eb9faffbcd93ebd797d623555ec7ff9e5239e261886f94b66bc61067b4832cc"},
};

TEST(StreamParityTest, RealListsMatchTheWholeFileParse) {
  TAMIS_REQUIRE_SHARED_DATA();
  int compared = 0;
  for (const Golden& g : kGolden) {
    SCOPED_TRACE(g.path);
    auto path = testing::SharedPath(g.path);
    if (!std::filesystem::exists(path)) continue;
    std::string content = testing::ReadFileOrDie(path);
    if (Sha256Hex(content) != g.input) continue;  // another version of the file: no digest for it
    ImportOptions opts;
    auto set = OpenListFiles({path}, "", opts);
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    // The stream as the store receives it, entity by entity.
    std::vector<Entity> streamed;
    auto rest = StreamListFiles(*set, opts, [&](Entity&& e) {
      streamed.push_back(std::move(e));
      return Status();
    });
    ASSERT_TRUE(rest.ok()) << rest.status().ToString();
    EXPECT_TRUE(rest->entities.empty());
    rest->entities = std::move(streamed);
    EXPECT_EQ(rest->entities.size(), g.entities);
    EXPECT_EQ(Digest(*rest), g.digest);
    ++compared;
  }
  EXPECT_GT(compared, 0) << "no real list with a recorded digest";
}

// The XML parsers read record by record unless the test seam makes them read the whole document:
// both reads give the same list (entity JSON including source_record, warnings with their lines).
void ExpectSameAsWholeDocument(const char* rel, lists::testing::ListParser parse) {
  SCOPED_TRACE(rel);
  ListFile f{std::filesystem::path(rel).filename().string(), testing::ReadFileOrDie(testing::SharedPath(rel))};
  const ParsedList whole = lists::testing::ExpectRecordByRecordEqualsWholeDocument(f, parse);
  auto streamed = parse(f, {});
  ASSERT_TRUE(streamed.ok()) << streamed.status().ToString();
  EXPECT_EQ(Digest(*streamed), Digest(whole));
}

TEST(StreamParityTest, XmlRecordByRecordEqualsWholeDocumentOnRealLists) {
  TAMIS_REQUIRE_SHARED_DATA();
  ExpectSameAsWholeDocument("lists/un/UN_consolidated.xml", ParseUnXml);
  ExpectSameAsWholeDocument("lists/eu/sample_eu_fsf.xml", ParseEuXml);
}

// What the store's atomicity rests on: a semantic error late in an XML list stops the stream
// after the entities before it (the import transaction then rolls back), naming file, line and
// field; malformed XML anywhere is found before any entity is handed on, with the whole-document
// message.
TEST(StreamParityTest, XmlErrorsLateInTheFile) {
  std::string recs;
  for (int i = 0; i < 3000; ++i)
    recs += "<INDIVIDUAL><DATAID>" + std::to_string(i) + "</DATAID><FIRST_NAME>N" + std::to_string(i) +
            "</FIRST_NAME><REFERENCE_NUMBER>QDi." + std::to_string(i) + "</REFERENCE_NUMBER></INDIVIDUAL>\n";
  const std::string head = "<CONSOLIDATED_LIST dateGenerated=\"2026-12-08\">\n<INDIVIDUALS>\n";
  const std::string tail = "</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n";
  int64_t handed = 0;
  auto count = [&](Entity&&) {
    ++handed;
    return Status();
  };
  ListFile good{"un.xml", head + recs + tail};
  auto ok = StreamUnXml(good, {}, count);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(handed, 3000);

  handed = 0;
  ListFile late{"un.xml", head + recs + "<INDIVIDUAL><DATAID>77</DATAID></INDIVIDUAL>\n" + tail};
  auto bad = StreamUnXml(late, {}, count);
  EXPECT_EQ(handed, 3000);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "un.xml line 3003: INDIVIDUAL DATAID 77: missing REFERENCE_NUMBER");

  handed = 0;
  ListFile malformed{"un.xml", head + recs + "<INDIVIDUAL><DATAID>77</DATAID></INDIVIDUALS>\n" + tail};
  pugi::xml_document doc;
  Status whole = lists::LoadXmlDocument(malformed, {}, &doc);
  ASSERT_FALSE(whole.ok());
  auto broken = StreamUnXml(malformed, {}, count);
  EXPECT_EQ(handed, 0);
  EXPECT_EQ(broken.status().ToString(), whole.ToString());
  EXPECT_NE(whole.message().find("un.xml line 3003"), std::string::npos) << whole.message();
}

}  // namespace
}  // namespace tamis
