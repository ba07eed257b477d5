#include "service/list_service.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/http_server.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using testing::SharedPath;

Clock FixedClock() {
  return [] { return std::string("2026-11-28T12:00:00Z"); };
}

std::unique_ptr<Store> OpenStore(const testing::TempDir& dir) {
  StoreOptions o;
  o.data_dir = dir.path() / "data";
  return std::move(Store::Open(o)).value();
}

void WriteFile(const std::filesystem::path& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f << s;
}

TEST(ListServiceTest, ImportsUnAndRejectsTruncatedFileLeavingStoreUnchanged) {
  TAMIS_REQUIRE_SHARED_DATA();
  testing::TempDir dir;
  auto store = OpenStore(dir);
  ListImportRequest req;
  req.files = {SharedPath("lists/un/UN_consolidated.xml")};
  auto r = ImportListFiles(*store, req, FixedClock(), nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome.version.entity_count, 1003);
  EXPECT_EQ(r->outcome.version.source, "un");

  // A truncated copy of the same list: a parse error naming the file, store unchanged.
  std::string xml = testing::ReadFileOrDie(SharedPath("lists/un/UN_consolidated.xml"));
  WriteFile(dir / "UN_truncated.xml", xml.substr(0, xml.size() / 2));
  req.files = {dir / "UN_truncated.xml"};
  req.format = "un_xml";
  auto bad = ImportListFiles(*store, req, FixedClock(), nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kParseError);
  EXPECT_NE(bad.status().message().find("UN_truncated.xml"), std::string::npos) << bad.status().message();
  auto versions = store->Versions();
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ(versions->front().entity_count, 1003);
  EXPECT_TRUE(store->GetEntity("un:QDi.001").ok());
}

TEST(ListServiceTest, UpdateFromFolderImportsEachOfficialListOnceThenReportsUnchanged) {
  TAMIS_REQUIRE_SHARED_DATA();
  testing::TempDir dir;
  auto store = OpenStore(dir);
  Config cfg = DefaultConfig();
  cfg.data_dir = dir.path() / "data";
  UpdateRequest req;
  req.from_dir = SharedPath("lists");
  auto r = UpdateLists(*store, cfg, req, FixedClock(), nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 4u);
  std::map<std::string, int64_t> counts;
  for (const auto& u : *r) {
    ASSERT_TRUE(u.status.ok()) << u.source << ": " << u.status.ToString();
    counts[u.source] = u.report.outcome.version.entity_count;
  }
  EXPECT_EQ(counts["un"], 1003);
  EXPECT_EQ(counts["ofac"], 14965);
  EXPECT_EQ(counts["eu"], 5);
  EXPECT_EQ(counts["uk"], 41);
  auto again = UpdateLists(*store, cfg, req, FixedClock(), nullptr);
  ASSERT_TRUE(again.ok());
  for (const auto& u : *again) EXPECT_TRUE(u.unchanged) << u.source;
  EXPECT_EQ(store->Versions()->size(), 4u);
}

TEST(ListServiceTest, DownloadsOverHttpFromLoopbackAndVerifies) {
  TAMIS_REQUIRE_SHARED_DATA();
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "www");
  std::filesystem::copy_file(SharedPath("lists/eu/sample_eu_fsf.xml"), dir / "www" / "eu.xml");
  WriteFile(dir / "www" / "garbage.xml", "<export><oops");
  testing::LoopbackHttpServer server(dir / "www");

  auto store = OpenStore(dir);
  Config cfg = DefaultConfig();
  cfg.data_dir = dir.path() / "data";
  cfg.sources = {{"eu", "eu_xml", {{server.url("eu.xml"), "eu_fsf.xml"}}}};
  UpdateRequest req;

  // Plain http is refused unless allowed.
  auto refused = UpdateLists(*store, cfg, req, FixedClock(), nullptr);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->front().status.code(), StatusCode::kInvalidArgument);

  cfg.allow_insecure_http = true;
  auto ok = UpdateLists(*store, cfg, req, FixedClock(), nullptr);
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(ok->front().status.ok()) << ok->front().status.ToString();
  EXPECT_EQ(ok->front().report.outcome.version.entity_count, 5);
  EXPECT_EQ(ok->front().report.outcome.version.origin, "update:download");

  // A 404 and a corrupt file both leave version 1 in force.
  cfg.sources = {{"eu", "eu_xml", {{server.url("missing.xml"), "eu_fsf.xml"}}}};
  auto missing = UpdateLists(*store, cfg, req, FixedClock(), nullptr);
  EXPECT_EQ(missing->front().status.code(), StatusCode::kUnavailable);
  EXPECT_NE(missing->front().status.message().find("404"), std::string::npos);
  cfg.sources = {{"eu", "eu_xml", {{server.url("garbage.xml"), "eu_fsf.xml"}}}};
  auto garbage = UpdateLists(*store, cfg, req, FixedClock(), nullptr);
  EXPECT_EQ(garbage->front().status.code(), StatusCode::kParseError);
  EXPECT_EQ(store->Versions()->size(), 1u);
  EXPECT_GE(server.requests(), 3);
}

TEST(ListServiceTest, UpdateRefusesAListThatShrankTooMuchUnlessForced) {
  TAMIS_REQUIRE_SHARED_DATA();
  testing::TempDir dir;
  auto store = OpenStore(dir);
  Config cfg = DefaultConfig();
  cfg.data_dir = dir.path() / "data";
  ListImportRequest ir;
  ir.files = {SharedPath("lists/un/UN_consolidated.xml")};
  ASSERT_TRUE(ImportListFiles(*store, ir, FixedClock(), nullptr).ok());
  // A well-formed UN list with a single entry, as a truncated official feed might be.
  std::filesystem::create_directories(dir / "feed");
  WriteFile(dir / "feed" / "consolidated.xml",
            "<?xml version=\"1.0\"?><CONSOLIDATED_LIST dateGenerated=\"2026-11-01T00:00:00Z\">"
            "<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ONLY</FIRST_NAME>"
            "<SECOND_NAME>ONE</SECOND_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>"
            "<REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS>"
            "<ENTITIES/></CONSOLIDATED_LIST>");
  UpdateRequest req;
  req.from_dir = dir / "feed";
  req.sources = {"un"};
  auto r = UpdateLists(*store, cfg, req, FixedClock(), nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->front().status.code(), StatusCode::kFailedPrecondition) << r->front().status.ToString();
  EXPECT_EQ(store->Versions()->size(), 1u);
  req.force = true;
  auto forced = UpdateLists(*store, cfg, req, FixedClock(), nullptr);
  ASSERT_TRUE(forced->front().status.ok()) << forced->front().status.ToString();
  EXPECT_EQ(store->CurrentVersions()->front().entity_count, 1);
  // Unknown source names are a usage error.
  req.sources = {"nope"};
  EXPECT_EQ(UpdateLists(*store, cfg, req, FixedClock(), nullptr).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tamis
