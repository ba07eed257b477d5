#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "formats/lists/importers.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using testing::ReadFileOrDie;
using testing::SharedPath;
using testing::TempDir;

std::string Detect(const std::string& rel) {
  std::string s = ReadFileOrDie(SharedPath(rel));
  return DetectListFormat(std::filesystem::path(rel).filename().string(), std::string_view(s).substr(0, 64 * 1024));
}

void Write(const std::filesystem::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

TEST(DetectListFormat, EverySharedListFile) {
  TAMIS_REQUIRE_SHARED_DATA();
  EXPECT_EQ(Detect("lists/un/UN_consolidated.xml"), "un_xml");
  EXPECT_EQ(Detect("lists/eu/sample_eu_fsf.xml"), "eu_xml");
  EXPECT_EQ(Detect("lists/uk/ConList-sample.csv"), "uk_conlist");
  EXPECT_EQ(Detect("lists/ofac/2024-05/sdn.csv"), "ofac_csv");
  EXPECT_EQ(Detect("lists/ofac/2025-01/alt.csv"), "ofac_csv");
  EXPECT_EQ(Detect("lists/ofac/2025-01/add.csv"), "ofac_csv");
  EXPECT_EQ(Detect("lists/ofac/2025-01/sdn_comments.csv"), "ofac_csv");
  EXPECT_EQ(Detect("lists/opensanctions/t1/entities.ftm.json"), "ftm");
  EXPECT_EQ(Detect("lists/opensanctions/zala/entities.ftm.json"), "ftm");
  EXPECT_EQ(Detect("lists/opensanctions/parteispenden/entities.ftm.json"), "ftm");
  EXPECT_EQ(Detect("lists/opensanctions/us_congress_senzing.json"), "senzing");
}

TEST(DetectListFormat, NonListFilesAreNotRecognised) {
  TAMIS_REQUIRE_SHARED_DATA();
  EXPECT_EQ(Detect("media/pdq/images/pdq-data/misc-images/c.png"), "");
  EXPECT_EQ(Detect("names/cases.csv"), "");
  EXPECT_EQ(Detect("payments/prowide_iso20022_pacs.008.001.07.xml"), "");
}

TEST(DetectListFormat, SyntheticInputs) {
  EXPECT_EQ(DetectListFormat("x", ""), "");
  EXPECT_EQ(DetectListFormat("x", "   \n\n"), "");
  EXPECT_EQ(DetectListFormat("x", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "");
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string s(256, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    EXPECT_EQ(DetectListFormat("random.bin", s), "") << i;
  }
  EXPECT_EQ(DetectListFormat("w.csv", "id,name,dob\n1,A,1970\n"), "tamis_csv");
  EXPECT_EQ(DetectListFormat("w.csv", "\xEF\xBB\xBFName,ID\n"), "tamis_csv");
  EXPECT_EQ(DetectListFormat("w.jsonl", "{\"id\":\"1\",\"name\":\"A\"}\n"), "tamis_jsonl");
  EXPECT_EQ(DetectListFormat("w.jsonl", "{\"id\":\"1\",\"name\":\"A\""), "tamis_jsonl");  // cut head
  EXPECT_EQ(DetectListFormat("f.json", "{\"id\":\"1\",\"schema\":\"Person\",\"properties\":{}}\n"), "ftm");
  EXPECT_EQ(DetectListFormat("s.json", "{\"DATA_SOURCE\":\"X\",\"RECORD_ID\":\"1\"}\n"), "senzing");
  EXPECT_EQ(DetectListFormat("x.xml", "<?xml version=\"1.0\"?><!-- c --><CONSOLIDATED_LIST>"), "un_xml");
  EXPECT_EQ(DetectListFormat("x.xml", "<export xmlns=\"urn:other\">"), "");
  EXPECT_EQ(DetectListFormat("x.xml", "<sdnList>"), "");
  EXPECT_EQ(DetectListFormat("x.csv", "1,2,3\n"), "");
  // A 12-column numeric-first row is OFAC whatever the file is called.
  EXPECT_EQ(DetectListFormat("list.txt", "36,\"A\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"),
            "ofac_csv");
}

TEST(LoadListFiles, OfacCompanionsFoundBesideSdn) {
  TempDir dir;
  Write(dir / "sdn.csv", "7,\"DOE, John\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a");
  Write(dir / "alt.csv", "7,1,\"aka\",\"DOE, Johnny\",-0- \r\n8,2,\"aka\",\"X\",-0- \r\n");
  Write(dir / "add.csv", "7,1,-0- ,\"Havana\",\"Cuba\",-0- \r\n");
  auto r = LoadListFiles({dir / "sdn.csv"}, "", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "ofac_csv");
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(r->entities[0].names.size(), 2u);
  EXPECT_EQ(r->entities[0].addresses.size(), 1u);
  EXPECT_EQ(r->skipped_records, 1);
  // Companions given among the paths, under other names: placed by column count.
  std::filesystem::rename(dir / "alt.csv", dir / "aliases.txt");
  r = LoadListFiles({dir / "aliases.txt", dir / "sdn.csv"}, "ofac_csv", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entities[0].names.size(), 2u);
}

TEST(LoadListFiles, SharedOfacFolder) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto r = LoadListFiles({SharedPath("lists/ofac/2024-05/sdn.csv"), SharedPath("lists/ofac/2025-01/alt.csv"),
                          SharedPath("lists/ofac/2025-01/add.csv"), SharedPath("lists/ofac/2025-01/sdn_comments.csv")},
                         "", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entities.size(), 14965u);
  EXPECT_EQ(r->skipped_records, 2474 + 1468 + 2);
}

TEST(LoadListFiles, MergesSameFormatAndRefusesMixes) {
  TempDir dir;
  Write(dir / "a.csv", "id,name\n1,A\n");
  Write(dir / "b.csv", "id,name\n2,B\n1,A again\n");
  Write(dir / "c.jsonl", "{\"id\":\"3\",\"name\":\"C\"}\n");
  auto r = LoadListFiles({dir / "a.csv", dir / "b.csv"}, "", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entities.size(), 2u);
  EXPECT_EQ(r->skipped_records, 1);
  r = LoadListFiles({dir / "a.csv", dir / "c.jsonl"}, "", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("mixed"), std::string::npos);
}

TEST(LoadListFiles, Errors) {
  TempDir dir;
  auto r = LoadListFiles({dir / "missing.csv"}, "", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("missing.csv"), std::string::npos);

  Write(dir / "big.csv", std::string(1000, 'x'));
  ImportOptions o;
  o.max_file_bytes = 100;
  r = LoadListFiles({dir / "big.csv"}, "", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);

  Write(dir / "empty.csv", "");
  r = LoadListFiles({dir / "empty.csv"}, "", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  Write(dir / "w.csv", "id,name\n1,A\n");
  r = LoadListFiles({dir / "w.csv"}, "nonsense", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  Write(dir / "bad.csv", "id,name\n1,\n");
  r = LoadListFiles({dir / "bad.csv"}, "", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_NE(r.status().message().find("bad.csv line 2: field name"), std::string::npos);

  Write(dir / "alt.csv", "7,1,\"aka\",\"X\",-0- \r\n");
  r = LoadListFiles({dir / "alt.csv"}, "", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tamis
