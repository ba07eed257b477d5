// `tamis travel` end to end through RunCli: exit codes, the JSON Lines, the errors file, the
// kept results and retention, `travel mrz` on the ICAO specimen.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "service/travel_test_util.h"

namespace tamis::cli {
namespace {

using namespace travel_testing;

struct CliRun {
  int rc = -1;
  std::string out;
};

CliRun Tamis(std::vector<std::string> args) {
  args.insert(args.begin(), "tamis");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out;
  auto* old = std::cout.rdbuf(out.rdbuf());
  CliRun r;
  r.rc = RunCli(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(old);
  r.out = out.str();
  return r;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(TravelCommand, ScreenKeepRetainAndCheckMrz) {
  testing::TempDir dir;
  { auto svc = OpenWithList(dir); }  // the store with the small list
  const std::string data = (dir.path() / "data").string();
  const auto in = dir.path() / "in";
  std::filesystem::create_directories(in);
  std::ofstream(in / "a.edi") << Manifest({Nad("FL", "ALADNANI:ABU:MOHAMMED", 'M', "770504", "SYR", "P0123456", "SYR"),
                                           Nad("FL", "ERIKSSON:ANNA", 'F', "740812", "SWE")});
  std::ofstream(in / "b.txt") << "not a manifest\n";
  const std::string errors = (dir.path() / "errors.jsonl").string();

  CliRun r = Tamis({"--data", data, "-q", "travel", "screen", in.string(), "--errors", errors});
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(Count(r.out, "\"record\":\"traveller\""), 2u) << r.out;
  EXPECT_EQ(Count(r.out, "\"record\":\"flight\""), 1u);
  EXPECT_EQ(Count(r.out, "\"record\":\"error\""), 1u);
  EXPECT_NE(r.out.find("\"entity_id\":\"un:QDi.900\""), std::string::npos);
  EXPECT_NE(r.out.find("\"alert\":\"new\""), std::string::npos);
  std::ifstream ef(errors);
  std::stringstream es;
  es << ef.rdbuf();
  EXPECT_EQ(Count(es.str(), "\"record\":\"error\""), 1u);
  EXPECT_NE(es.str().find("b.txt"), std::string::npos);

  EXPECT_EQ(Tamis({"--data", data, "-q", "travel", "screen", (in / "missing.edi").string()}).rc, 4);
  EXPECT_EQ(Tamis({"--data", data, "-q", "travel", "screen", "--threshold", "2", in.string()}).rc, 2);

  // Kept results (and the alert) deleted past five years; the second run changes nothing.
  CliRun ret = Tamis({"--data", data, "travel", "retention", "--now", "2099-01-01"});
  EXPECT_EQ(ret.rc, 0);
  EXPECT_NE(ret.out.find("\"results_deleted\":2"), std::string::npos) << ret.out;
  EXPECT_NE(ret.out.find("\"alerts_deleted\":1"), std::string::npos) << ret.out;
  CliRun again = Tamis({"--data", data, "travel", "retention", "--now", "2099-01-01"});
  EXPECT_NE(again.out.find("\"results_masked\":0,\"results_deleted\":0,\"alerts_masked\":0,\"alerts_deleted\":0"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(Tamis({"--data", data, "travel", "retention", "--now", "soon"}).rc, 2);

  const std::string l1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
  CliRun ok = Tamis({"travel", "mrz", "--accept-specimen", l1, "L898902C36UTO7408122F1204159ZE184226B<<<<<10"});
  EXPECT_EQ(ok.rc, 0);
  EXPECT_NE(ok.out.find("\"valid\":true"), std::string::npos);
  CliRun bad = Tamis({"travel", "mrz", "--accept-specimen", l1 + "|L898902C37UTO7408122F1204159ZE184226B<<<<<10"});
  EXPECT_EQ(bad.rc, 3);
  EXPECT_NE(bad.out.find("\"field\":\"documentNumberCheckDigit\""), std::string::npos) << bad.out;
  EXPECT_EQ(Tamis({"travel", "mrz", "P<UTO"}).rc, 3);
}

}  // namespace
}  // namespace tamis::cli
