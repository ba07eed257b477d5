// `tamis payments screen` end to end through the binary: output lines, the errors stream, and
// the exit codes (0 none held, 8 held, 3 parse errors only, 4 missing input, 6 no list).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "store/store.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

const char kMt103[] =
    "{1:F01AAAABEBBAXXX0000000000}{2:I103CCCCUS33XXXXN}{3:{121:uetr-1}}{4:\n"
    ":20:REF1\n:23B:CRED\n:32A:240102EUR1000,50\n:50K:/BE71096123456769\nJOHN SMITH\n"
    "1 MAIN ST\n:59:/12345\nPETER MUELLER\n:70:INVOICE 55\n:71A:SHA\n-}";

std::string Replace(std::string s, const std::string& a, const std::string& b) {
  s.replace(s.find(a), a.size(), b);
  return s;
}

class PaymentsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.path() / "data";
    StoreOptions so;
    so.data_dir = data_;
    auto store = std::move(Store::Open(so)).value();
    ParsedList l;
    l.source = "un";
    l.format = "tamis_jsonl";
    Entity e;
    e.source = "un";
    e.native_id = "QDi.299";
    e.id = "un:QDi.299";
    e.kind = EntityKind::kPerson;
    Name n;
    n.full = "Ibrahim Awad Ibrahim Ali al-Badri al-Samarrai";
    e.names.push_back(n);
    l.entities.push_back(e);
    ImportMeta m;
    m.imported_at = "2026-12-07T10:00:00Z";
    m.files.push_back({"un.jsonl", "h1", 1});
    ASSERT_TRUE(store->Import(l, m).ok());
  }

  std::string Write(const std::string& name, const std::string& text) {
    auto p = dir_.path() / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  // Runs tamis with `args`; returns the exit code, stdout in *out.
  int Run(const std::string& args, std::string* out, const std::string& data = "") {
    auto o = dir_.path() / "stdout.txt";
    std::string cmd = std::string(TAMIS_BIN) + " -q --data " + (data.empty() ? data_.string() : data) + " " + args +
                      " > " + o.string() + " 2> " + (dir_.path() / "stderr.txt").string();
    int rc = std::system(cmd.c_str());
    std::ifstream f(o);
    std::stringstream ss;
    ss << f.rdbuf();
    *out = ss.str();
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }

  static int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

  testing::TempDir dir_;
  std::filesystem::path data_;
};

TEST_F(PaymentsCli, CleanPaymentPassesWithExit0) {
  std::string out;
  EXPECT_EQ(Run("payments screen " + Write("a.fin", kMt103), &out), 0);
  EXPECT_EQ(Lines(out), 1);
  EXPECT_NE(out.find("\"verdict\":\"pass\""), std::string::npos);
}

TEST_F(PaymentsCli, HeldPaymentExits8) {
  std::string out;
  std::string held = Replace(kMt103, "PETER MUELLER", "IBRAHIM AWAD IBRAHIM AL-BADRI AL-SAMARRAI");
  EXPECT_EQ(Run("payments screen " + Write("a.fin", held), &out), 8);
  EXPECT_NE(out.find("\"verdict\":\"hold\""), std::string::npos);
  EXPECT_NE(out.find("\"entity_id\":\"un:QDi.299\""), std::string::npos);
  // From stdin too.
  EXPECT_EQ(Run("payments screen - < " + Write("b.fin", held), &out), 8);
  EXPECT_EQ(Lines(out), 1);
}

TEST_F(PaymentsCli, BadMessageGoesToTheErrorsFileAndTheBatchGoesOn) {
  std::string rje = std::string(kMt103) + "\n$\n" + Replace(kMt103, ":32A:", ":3ZA:") + "\n$\n" + kMt103;
  std::string out;
  auto errs = dir_.path() / "errors.jsonl";
  EXPECT_EQ(Run("payments screen --errors " + errs.string() + " " + Write("b.rje", rje), &out), 3);
  EXPECT_EQ(Lines(out), 2);
  std::ifstream f(errs);
  std::string line;
  ASSERT_TRUE(std::getline(f, line));
  EXPECT_NE(line.find("\"message_index\":1"), std::string::npos) << line;
  EXPECT_NE(line.find("message 2: bad field tag"), std::string::npos) << line;
  EXPECT_FALSE(std::getline(f, line));
}

TEST_F(PaymentsCli, FolderSkipsNonPaymentFiles) {
  std::filesystem::create_directories(dir_.path() / "in");
  Write("in/a.fin", kMt103);
  Write("in/README.md", "# notes\n");
  std::string out;
  EXPECT_EQ(Run("payments screen " + (dir_.path() / "in").string(), &out), 0);
  EXPECT_EQ(Lines(out), 1);
}

TEST_F(PaymentsCli, MissingInputAndEmptyStore) {
  std::string out;
  EXPECT_EQ(Run("payments screen " + (dir_.path() / "nope.xml").string(), &out), 4);
  EXPECT_EQ(Run("payments screen " + Write("a.fin", kMt103), &out, (dir_.path() / "empty").string()), 6);
  EXPECT_EQ(Run("payments screen --threshold 2 x", &out), 2);
}

}  // namespace
}  // namespace tamis
