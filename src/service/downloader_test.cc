#include "service/downloader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/shared_data.h"

namespace tamis {
namespace {

// Only https (and http when allowed) is ever fetched: a misconfigured source pointing at a
// local file or another scheme is refused, and nothing is written.
TEST(Downloader, RefusesEverySchemeButHttps) {
  testing::TempDir dir;
  const auto secret = dir.path() / "secret.txt";
  std::ofstream(secret) << "not for download";
  const auto dest = dir.path() / "out.csv";
  for (bool insecure : {false, true}) {
    DownloadOptions o;
    o.allow_insecure_http = insecure;
    o.timeout_s = 5;
    for (const std::string url : {"file://" + secret.string(), "FILE://" + secret.string(), " file://" + secret.string(),
                                  std::string("ftp://127.0.0.1/x"), std::string("scp://127.0.0.1/x"),
                                  std::string("dict://127.0.0.1/x"), secret.string()}) {
      Status st = DownloadToFile(url, dest, o);
      EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << url << ": " << st.ToString();
      EXPECT_FALSE(std::filesystem::exists(dest)) << url;
      EXPECT_FALSE(std::filesystem::exists(dest.string() + ".part")) << url;
    }
  }
  DownloadOptions o;
  EXPECT_NE(DownloadToFile("http://127.0.0.1:1/x", dest, o).message().find("plain http is disabled"), std::string::npos);
}

}  // namespace
}  // namespace tamis
