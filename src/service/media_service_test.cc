#include "service/media_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>

#include "testing/shared_data.h"

namespace tamis {
namespace {

using testing::SharedPath;

Clock FixedClock() {
  return [] { return std::string("2026-11-28T12:00:00Z"); };
}

// The reference hash of bridge-mods/aaa-orig.jpg (expected/reference_file_level.csv).
constexpr const char* kBridge = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";

class MediaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o;
    o.data_dir = dir_.path() / "data";
    store_ = std::move(Store::Open(o)).value();
  }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream f(dir_ / name, std::ios::binary);
    f << text;
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(MediaServiceTest, MatchesEditedAndRotatedCopiesOfAListedImage) {
  TAMIS_REQUIRE_SHARED_DATA();
  Write("known.csv", std::string("hash,type,tags,label\n") + kBridge + ",pdq,ideology:test;source:unit,bridge\n");
  HashListImportRequest req;
  req.files = {dir_ / "known.csv"};
  req.source = "known";
  auto imp = ImportHashLists(*store_, req, FixedClock());
  ASSERT_TRUE(imp.ok()) << imp.status().ToString();
  EXPECT_EQ(imp->outcome.version.entity_count, 1);

  auto matcher = MediaMatcher::Build(*store_, {}, dir_.path() / "cache");
  ASSERT_TRUE(matcher.ok()) << matcher.status().ToString();
  EXPECT_EQ((*matcher)->pdq_count(), 1u);

  MediaMatchParams p;
  p.dihedral = true;
  std::map<std::string, MediaResult> by_name;
  ASSERT_TRUE(MatchMedia(matcher->get(),
                         {SharedPath("media/pdq/images/pdq-data/bridge-mods").string(),
                          SharedPath("media/pdq/images/pdq-data/reg-test-input/dih/bridge-2-rotate-90.jpg").string()},
                         p, 2, [&](const MediaResult& r) { by_name[std::filesystem::path(r.input).filename().string()] = r; },
                         nullptr)
                  .ok());
  ASSERT_EQ(by_name.size(), 13u);
  const auto& orig = by_name["aaa-orig.jpg"];
  ASSERT_TRUE(orig.status.ok()) << orig.status.ToString();
  ASSERT_EQ(orig.hits.size(), 1u);
  EXPECT_EQ(orig.hits[0].distance, 0);
  EXPECT_EQ(orig.hits[0].entry->label, "bridge");
  EXPECT_EQ(orig.hits[0].entry->tags, (std::vector<std::string>{"ideology:test", "source:unit"}));
  EXPECT_FALSE(by_name["blur-a-little.jpg"].hits.empty());
  EXPECT_FALSE(by_name["shrink-a-lot.jpg"].hits.empty());
  const auto& rot = by_name["bridge-2-rotate-90.jpg"];
  ASSERT_FALSE(rot.hits.empty());
  EXPECT_NE(rot.hits[0].variant, "orig");  // found through a dihedral variant
  EXPECT_LE(rot.hits[0].distance, 31);

  // Without dihedral matching the rotated copy is not found.
  p.dihedral = false;
  std::vector<MediaResult> plain;
  ASSERT_TRUE(MatchMedia(matcher->get(), {SharedPath("media/pdq/images/pdq-data/reg-test-input/dih/bridge-2-rotate-90.jpg").string()},
                         p, 1, [&](const MediaResult& r) { plain.push_back(r); }, nullptr).ok());
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_TRUE(plain[0].hits.empty());

  // A second build maps the cached index.
  auto again = MediaMatcher::Build(*store_, {}, dir_.path() / "cache");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)->index_from_cache());
}

TEST_F(MediaServiceTest, HashInputsExactDigestsAndBadItemsDoNotStopTheBatch) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto img = SharedPath("media/pdq/images/pdq-data/misc-images/small.jpg");
  auto dg = image::DigestFile(img);
  ASSERT_TRUE(dg.ok());
  Write("md5.csv", "hash,type\n" + dg->Md5Hex() + ",md5\n" + std::string(kBridge) + ",pdq\n");
  HashListImportRequest req;
  req.files = {dir_ / "md5.csv"};
  ASSERT_TRUE(ImportHashLists(*store_, req, FixedClock()).ok());
  auto matcher = MediaMatcher::Build(*store_, {}, "");
  ASSERT_TRUE(matcher.ok());
  Write("broken.jpg", "\xFF\xD8\xFF\xE0 truncated");
  std::vector<MediaResult> out;
  std::string near = kBridge;
  near[0] = near[0] == '0' ? '1' : '0';  // a few bits away
  ASSERT_TRUE(MatchMedia(matcher->get(), {img.string(), (dir_ / "broken.jpg").string(), near, "not-a-file-or-hash"},
                         {}, 2, [&](const MediaResult& r) { out.push_back(r); }, nullptr).ok());
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].input, img.string());  // input order kept
  ASSERT_FALSE(out[0].hits.empty());
  EXPECT_EQ(out[0].hits[0].match_type, "md5");
  EXPECT_FALSE(out[1].status.ok());
  EXPECT_TRUE(out[2].is_hash);
  ASSERT_EQ(out[2].hits.size(), 1u);
  EXPECT_GT(out[2].hits[0].distance, 0);
  EXPECT_EQ(out[3].status.code(), StatusCode::kNotFound);
}

TEST_F(MediaServiceTest, StrictImportRefusesABadLineAndLeavesTheStoreUnchanged) {
  Write("bad.txt", std::string(kBridge) + "\nnot-a-hash\n");
  HashListImportRequest req;
  req.files = {dir_ / "bad.txt"};
  auto r = ImportHashLists(*store_, req, FixedClock());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(":2"), std::string::npos) << r.status().message();
  EXPECT_TRUE(store_->Versions()->empty());
  req.lenient = true;
  auto ok = ImportHashLists(*store_, req, FixedClock());
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->outcome.version.entity_count, 1);
  EXPECT_EQ(ok->outcome.version.skipped_records, 1);
}

TEST_F(MediaServiceTest, HashFileLinesGoThroughTheBatchJoinWithTheSameHitsAsOneByOne) {
  // A list of 3,000 random hashes; queries: near copies of some, random others, bad lines.
  std::mt19937_64 rng(5);
  auto hex = [](const media::PdqHash& h) { return h.ToHex(); };
  std::vector<media::PdqHash> list;
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    media::PdqHash h;
    for (auto& w : h.words) w = rng();
    list.push_back(h);
    text += hex(h) + "\n";
  }
  Write("list.txt", text);
  HashListImportRequest req;
  req.files = {dir_ / "list.txt"};
  ASSERT_TRUE(ImportHashLists(*store_, req, FixedClock()).ok());
  auto matcher = MediaMatcher::Build(*store_, {}, "");
  ASSERT_TRUE(matcher.ok());
  std::string queries = "# queries\n";
  int expected_lines = 0;
  for (int i = 0; i < 500; ++i, ++expected_lines) {
    media::PdqHash q = list[rng() % list.size()];
    if (i % 2) {
      for (auto& w : q.words) w = rng();
    } else {
      for (int b = 0; b < static_cast<int>(rng() % 40); ++b) q.words[rng() % 4] ^= uint64_t{1} << (rng() % 64);
    }
    queries += hex(q) + (i % 7 == 0 ? ",label\n" : "\n");
    if (i == 100) {
      queries += "xyz-not-a-hash\n";
      ++expected_lines;
    }
  }
  Write("queries.txt", queries);
  MediaMatchParams batch, one;
  one.hash_batch = 1;
  std::vector<MediaResult> a, b;
  ASSERT_TRUE(MatchMedia(matcher->get(), {(dir_ / "queries.txt").string()}, batch, 2,
                         [&](const MediaResult& r) { a.push_back(r); }, nullptr).ok());
  ASSERT_TRUE(MatchMedia(matcher->get(), {(dir_ / "queries.txt").string()}, one, 2,
                         [&](const MediaResult& r) { b.push_back(r); }, nullptr).ok());
  ASSERT_EQ(a.size(), static_cast<size_t>(expected_lines));
  ASSERT_EQ(a.size(), b.size());
  size_t with_hits = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].input, b[i].input);
    EXPECT_EQ(a[i].status.code(), b[i].status.code());
    ASSERT_EQ(a[i].hits.size(), b[i].hits.size()) << i;
    for (size_t k = 0; k < a[i].hits.size(); ++k) {
      EXPECT_EQ(a[i].hits[k].entry, b[i].hits[k].entry);
      EXPECT_EQ(a[i].hits[k].distance, b[i].hits[k].distance);
      EXPECT_LE(a[i].hits[k].distance, 31);
    }
    with_hits += !a[i].hits.empty();
  }
  EXPECT_GT(with_hits, 150u);
  EXPECT_EQ(a[101].status.code(), StatusCode::kParseError);  // the bad line, in its place
  EXPECT_NE(a[101].status.message().find("line 103"), std::string::npos) << a[101].status.ToString();
}

}  // namespace
}  // namespace tamis
