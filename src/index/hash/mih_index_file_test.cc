// MIH index files: round trip, and every malformed input is a Status, never a crash.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <random>

#include "index/hash/mih_format.h"
#include "index/hash/mih_index.h"
#include "index/hash/test_util.h"
#include "testing/shared_data.h"

namespace tamis::index::hash {
namespace {

std::string Slurp(const std::filesystem::path& p) { return testing::ReadFileOrDie(p); }

class MihFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937_64 rng(3);
    hay_ = testutil::RandomHashes(700, rng);
    auto built = MihIndex::Build(hay_);
    ASSERT_TRUE(built.ok());
    ASSERT_TRUE(built->Save(dir_ / "idx.mih").ok());
    bytes_ = Slurp(dir_ / "idx.mih");
    query_ = testutil::FlipBits(hay_[9], 25, rng);
    want_ = built->Search(query_, 31);
  }
  testing::TempDir dir_;
  std::vector<Hash256> hay_;
  std::string bytes_;
  Hash256 query_;
  std::vector<Match> want_;
};

TEST_F(MihFileTest, LoadRoundTripsByMmapAndCopy) {
  for (bool copy : {false, true}) {
    MihLoadOptions opts;
    opts.copy_to_memory = copy;
    opts.verify_postings = true;
    auto loaded = MihIndex::Load(dir_ / "idx.mih", opts);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->size(), hay_.size());
    EXPECT_TRUE(std::equal(hay_.begin(), hay_.end(), loaded->hashes().begin()));
    EXPECT_EQ(loaded->Search(query_, 31), want_);
    ASSERT_FALSE(want_.empty());
  }
  auto from_bytes = MihIndex::FromBytes(bytes_);
  ASSERT_TRUE(from_bytes.ok());
  EXPECT_EQ(from_bytes->Search(query_, 31), want_);
}

TEST_F(MihFileTest, LoadedIndexSurvivesItsFileBeingTruncatedOrReplaced) {
  // Regression: the index used to serve from a mapping of the file; truncating the file
  // while the index was in use made the next query die with SIGBUS. Loaded by default, the
  // index holds its own copy.
  auto loaded = MihIndex::Load(dir_ / "idx.mih");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  std::filesystem::resize_file(dir_ / "idx.mih", 0);
  EXPECT_EQ(loaded->Search(query_, 31), want_);
  EXPECT_EQ(loaded->SearchLinear(query_, 31), want_);
  std::vector<Hash256> qs(50, query_);
  auto batch = loaded->SearchBatch(qs, 31);
  for (size_t i = 0; i < qs.size(); ++i)
    EXPECT_EQ(std::vector<Match>(batch.For(i).begin(), batch.For(i).end()), want_);
  { std::ofstream overwrite(dir_ / "idx.mih", std::ios::binary | std::ios::trunc); overwrite << "garbage"; }
  EXPECT_EQ(loaded->Search(query_, 31), want_);
  EXPECT_EQ(MihIndex::Load(dir_ / "idx.mih").status().code(), StatusCode::kDataLoss);
}

TEST_F(MihFileTest, EmptyIndexRoundTrips) {
  auto empty = MihIndex::Build({});
  ASSERT_TRUE(empty.ok());
  ASSERT_TRUE(empty->Save(dir_ / "empty.mih").ok());
  auto loaded = MihIndex::Load(dir_ / "empty.mih");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->size(), 0u);
}

TEST_F(MihFileTest, MissingFileIsNotFound) {
  EXPECT_EQ(MihIndex::Load(dir_ / "nope.mih").status().code(), StatusCode::kNotFound);
}

TEST_F(MihFileTest, WrongMagicIsDataLoss) {
  std::string b = bytes_;
  b[0] = 'X';
  auto r = MihIndex::FromBytes(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("magic"), std::string::npos);
}

TEST_F(MihFileTest, TruncatedFilesAreDataLoss) {
  for (size_t n : {size_t{0}, size_t{10}, size_t{63}, size_t{64}, size_t{100}, bytes_.size() - 1}) {
    std::ofstream(dir_ / "t.mih", std::ios::binary)
        .write(bytes_.data(), static_cast<std::streamsize>(n));
    auto r = MihIndex::Load(dir_ / "t.mih");
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << n;
  }
}

TEST_F(MihFileTest, BadCountsAndVersionAreDataLoss) {
  auto patch = [&](size_t offset, uint64_t value, size_t width) {
    std::string b = bytes_;
    std::memcpy(b.data() + offset, &value, width);
    return MihIndex::FromBytes(b, MihLoadOptions{.index = {}, .verify_checksum = false}).status();
  };
  EXPECT_EQ(patch(8, 1, 4).code(), StatusCode::kDataLoss);            // version 1 (4-byte ids)
  EXPECT_EQ(patch(8, 99, 4).code(), StatusCode::kDataLoss);           // future version
  EXPECT_EQ(patch(48, 5, 4).code(), StatusCode::kDataLoss);           // id_bytes
  EXPECT_EQ(patch(48, 4, 4).code(), StatusCode::kDataLoss);           // id_bytes vs size
  EXPECT_EQ(patch(16, 701, 8).code(), StatusCode::kDataLoss);         // count + 1
  EXPECT_EQ(patch(16, ~0ull, 8).code(), StatusCode::kDataLoss);       // huge count
  EXPECT_EQ(patch(16, 1ull << 32, 8).code(), StatusCode::kDataLoss);  // overflow bait
  EXPECT_EQ(patch(24, 8, 4).code(), StatusCode::kDataLoss);           // slots
  EXPECT_EQ(patch(32, 0, 8).code(), StatusCode::kDataLoss);           // payload_bytes
}

TEST_F(MihFileTest, ChecksumCatchesFlippedPayloadByte) {
  std::string b = bytes_;
  b[200] ^= 1;
  EXPECT_EQ(MihIndex::FromBytes(b).status().code(), StatusCode::kDataLoss);
}

TEST_F(MihFileTest, CorruptStructureWithoutChecksumIsStillDataLoss) {
  const auto layout = detail::LayoutFor(hay_.size());
  ASSERT_EQ(detail::IdBytesFor(hay_.size()), 3u);
  MihLoadOptions no_sum;
  no_sum.verify_checksum = false;
  {  // an id out of range
    std::string b = bytes_;
    const uint32_t bad = 5000;
    std::memcpy(b.data() + layout.ids_offset + 40, &bad, 4);
    EXPECT_EQ(MihIndex::FromBytes(b, no_sum).status().code(), StatusCode::kDataLoss);
  }
  {  // offsets that decrease / overrun
    std::string b = bytes_;
    const uint32_t bad = 0xFFFFFFF0u;
    std::memcpy(b.data() + layout.offsets_offset + 4 * 1000, &bad, 4);
    EXPECT_EQ(MihIndex::FromBytes(b, no_sum).status().code(), StatusCode::kDataLoss);
  }
  {  // a posting in the wrong bucket: only verify_postings sees it
    std::string b = bytes_;
    uint32_t a = 0, c = 0;
    std::memcpy(&a, b.data() + layout.ids_offset, 3);
    std::memcpy(&c, b.data() + layout.ids_offset + 3 * 699, 3);
    std::memcpy(b.data() + layout.ids_offset, &c, 3);
    std::memcpy(b.data() + layout.ids_offset + 3 * 699, &a, 3);
    EXPECT_TRUE(MihIndex::FromBytes(b, no_sum).ok());
    MihLoadOptions strict = no_sum;
    strict.verify_postings = true;
    EXPECT_EQ(MihIndex::FromBytes(b, strict).status().code(), StatusCode::kDataLoss);
  }
}

}  // namespace
}  // namespace tamis::index::hash
