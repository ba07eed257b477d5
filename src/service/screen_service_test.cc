#include "service/screen_service.h"

#include <gtest/gtest.h>

#include <sstream>

#include "service/list_service.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

using testing::SharedPath;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::shared_ptr<const index::NameIndex> SmallIndex() {
  std::vector<Entity> ents;
  for (auto [id, name] : {std::pair{"un:QDi.006", "Aiman Muhammed Rabi al-Zawahiri"},
                          std::pair{"ofac:1", "Vladimir Vladimirovich Putin"}, std::pair{"ofac:2", "Acme Trading LLC"}}) {
    Entity e;
    e.id = id;
    e.source = std::string(id).substr(0, std::string(id).find(':'));
    Name n;
    n.full = name;
    e.names.push_back(n);
    ents.push_back(e);
  }
  index::NameIndexOptions o;
  o.threads = 2;
  return index::NameIndex::Build(std::move(ents), o);
}

TEST(ScreenServiceTest, BatchKeepsOrderAndSurvivesBadRecords) {
  auto ix = SmallIndex();
  std::string input = "id,name,dob\n";
  for (int i = 0; i < 500; ++i) {
    if (i % 7 == 3) input += "bad" + std::to_string(i) + ",,1970\n";  // missing name
    else if (i % 7 == 5) input += "d" + std::to_string(i) + ",Vladimir Putin,not a date\n";
    else input += "r" + std::to_string(i) + "," + (i % 2 ? "Vladimir Putin" : "Nobody Atall") + ",\n";
  }
  std::istringstream in(input);
  std::ostringstream out;
  BatchOptions bo;
  bo.threads = 2;
  bo.chunk_records = 64;
  int64_t last_progress = 0;
  auto sum = ScreenStream(*ix, in, out, ScreenParams{}, bo,
                          [&](const std::string&, int64_t done, int64_t) { last_progress = done; });
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ(sum->records, 500);
  EXPECT_EQ(last_progress, 500);
  auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 500u);
  int64_t bad = 0;
  for (int i = 0; i < 500; ++i) {
    const std::string& l = lines[i];
    if (i % 7 == 3 || i % 7 == 5) {
      ++bad;
      EXPECT_NE(l.find("\"line\":" + std::to_string(i + 2)), std::string::npos) << l;
      EXPECT_NE(l.find("\"error\""), std::string::npos) << l;
    } else {
      EXPECT_EQ(l.rfind("{\"id\":\"r" + std::to_string(i) + "\"", 0), 0u) << l;
      EXPECT_EQ(l.find("ofac:1") != std::string::npos, i % 2 == 1) << l;
    }
  }
  EXPECT_EQ(sum->bad_records, bad);
}

// An output that fails after `limit` bytes (a full disk, a closed pipe).
class FailingBuf : public std::streambuf {
 public:
  explicit FailingBuf(size_t limit) : limit_(limit) {}

 protected:
  int_type overflow(int_type c) override {
    if (written_ >= limit_) return traits_type::eof();
    ++written_;
    return traits_type::not_eof(c);
  }

 private:
  size_t limit_, written_ = 0;
};

// A write failure after some chunks ends the batch with an I/O error, and the worker threads
// (waiting for the next chunk) are released and joined: no hang, nothing screened after.
TEST(ScreenServiceTest, WriteFailureStopsWorkersWithStatus) {
  auto ix = SmallIndex();
  std::string input = "id,name\n";
  for (int i = 0; i < 400; ++i) input += "r" + std::to_string(i) + ",Vladimir Putin\n";
  std::istringstream in(input);
  FailingBuf buf(3000);
  std::ostream out(&buf);
  BatchOptions bo;
  bo.threads = 3;
  bo.chunk_records = 32;
  int64_t last_progress = 0;
  auto sum = ScreenStream(*ix, in, out, ScreenParams{}, bo,
                          [&](const std::string&, int64_t done, int64_t) { last_progress = done; });
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.status().code(), StatusCode::kIoError);
  EXPECT_LT(last_progress, 400);  // stopped at the chunk that could not be written
}

// An input that fails after `limit` bytes (a device error): its stream buffer throws, as
// std::filebuf does.
class FailingInput : public std::streambuf {
 public:
  FailingInput(std::string data, size_t limit) : data_(std::move(data)), limit_(limit) {}

 protected:
  int_type underflow() override {
    if (pos_ >= limit_) throw std::ios_base::failure("device error");
    if (pos_ >= data_.size()) return traits_type::eof();
    setg(&data_[pos_], &data_[pos_], &data_[pos_] + 1);
    ++pos_;
    return traits_type::to_int_type(data_[pos_ - 1]);
  }

 private:
  std::string data_;
  size_t limit_, pos_ = 0;
};

// A read failure while a chunk is being screened (the next chunk is read meanwhile) ends the
// batch with an I/O error after the chunks read before it are written, in order and whole.
TEST(ScreenServiceTest, ReadFailureWritesTheChunksBeforeIt) {
  auto ix = SmallIndex();
  std::string input = "id,name\n";
  for (int i = 0; i < 400; ++i) input += "r" + std::to_string(i) + ",Vladimir Putin\n";
  const size_t fail_at = input.find("r150,");  // inside the fifth chunk of 32 records
  FailingInput buf(input, fail_at);
  std::istream in(&buf);
  std::ostringstream out;
  BatchOptions bo;
  bo.threads = 2;
  bo.chunk_records = 32;
  auto sum = ScreenStream(*ix, in, out, ScreenParams{}, bo);
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.status().code(), StatusCode::kIoError);
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 128u);  // four whole chunks
  for (size_t i = 0; i < lines.size(); ++i)
    EXPECT_EQ(lines[i].rfind("{\"id\":\"r" + std::to_string(i) + "\"", 0), 0u) << lines[i];
}

TEST(ScreenServiceTest, FatalHeaderErrorStopsWithStatus) {
  auto ix = SmallIndex();
  std::istringstream in("foo,bar\n1,2\n");
  std::ostringstream out;
  auto sum = ScreenStream(*ix, in, out, ScreenParams{}, BatchOptions{});
  EXPECT_EQ(sum.status().code(), StatusCode::kParseError);
}

TEST(ScreenServiceTest, HolderSwapsSnapshots) {
  NameIndexHolder h;
  EXPECT_EQ(h.Get(), nullptr);
  auto a = SmallIndex();
  h.Set(a);
  auto snap = h.Get();
  h.Set(index::NameIndex::Build({}));
  EXPECT_EQ(snap->entity_count(), 3u);  // old snapshot still alive
  EXPECT_EQ(h.Get()->entity_count(), 0u);
}

TEST(ScreenServiceTest, EndToEndUnImportThenScreenLatinAndArabic) {
  TAMIS_REQUIRE_SHARED_DATA();
  testing::TempDir dir;
  StoreOptions so;
  so.data_dir = dir.path() / "data";
  auto store = std::move(Store::Open(so)).value();
  ListImportRequest req;
  req.files = {SharedPath("lists/un/UN_consolidated.xml")};
  auto imp = ImportListFiles(*store, req, [] { return std::string("2026-11-28T12:00:00Z"); }, nullptr);
  ASSERT_TRUE(imp.ok()) << imp.status().ToString();

  IndexBuildRequest nosuch;
  nosuch.lists = {"nosuch"};
  EXPECT_EQ(BuildNameIndex(*store, nosuch).status().code(), StatusCode::kNotFound);
  auto ix = BuildNameIndex(*store, IndexBuildRequest());
  ASSERT_TRUE(ix.ok()) << ix.status().ToString();
  EXPECT_EQ((*ix)->entity_count(), 1003u);

  std::istringstream in(
      "{\"id\":\"q1\",\"name\":\"Hamza Usama bin Ladin\",\"dob\":\"1989\"}\n"
      "{\"id\":\"q2\",\"name\":\"\xd8\xa3\xd9\x8a\xd9\x85\xd9\x86 \xd8\xa7\xd9\x84\xd8\xb8\xd9\x88\xd8\xa7\xd9\x87\xd8\xb1\xd9\x8a\"}\n"
      "{\"id\":\"q3\",\"name\":\"Aiman al-Zawahiri\",\"nationality\":\"EG\"}\n"
      "{\"id\":\"q4\" broken json\n"
      "{\"id\":\"q5\",\"name\":\"Zzyzx Qwerty\"}\n");
  std::ostringstream out;
  BatchOptions bo;
  bo.threads = 2;
  auto sum = ScreenStream(**ix, in, out, ScreenParams{}, bo);
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 5u);
  auto first_hit = [](const std::string& l) {
    auto p = l.find("\"entity_id\":\"");
    if (p == std::string::npos) return std::string();
    p += 13;
    return l.substr(p, l.find('"', p) - p);
  };
  EXPECT_EQ(first_hit(lines[0]), "un:QDi.421") << lines[0];
  EXPECT_NE(lines[0].find("\"explanation\""), std::string::npos);
  EXPECT_NE(lines[0].find("\"matched_name\""), std::string::npos);
  EXPECT_EQ(first_hit(lines[1]), "un:QDi.006") << lines[1];
  EXPECT_EQ(first_hit(lines[2]), "un:QDi.006") << lines[2];
  EXPECT_NE(lines[3].find("\"error\""), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("\"line\":4"), std::string::npos) << lines[3];
  EXPECT_EQ(lines[4], "{\"id\":\"q5\",\"hits\":[]}");
  EXPECT_EQ(sum->bad_records, 1);
}

}  // namespace
}  // namespace tamis
