#include "service/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "testing/shared_data.h"

namespace tamis {
namespace {

TEST(ConfigTest, DefaultsNameTheOfficialLists) {
  Config c = DefaultConfig();
  ASSERT_EQ(c.sources.size(), 4u);
  EXPECT_EQ(c.sources[0].name, "un");
  EXPECT_EQ(c.sources[1].files.size(), 4u);  // OFAC sdn, alt, add, comments
  for (const auto& s : c.sources)
    for (const auto& f : s.files) EXPECT_EQ(f.url.rfind("https://", 0), 0u) << f.url;
}

TEST(ConfigTest, FileOverridesDefaultsAndRejectsUnknownFields) {
  testing::TempDir dir;
  {
    std::ofstream f(dir / "c.json");
    f << R"({"data_dir": "/tmp/x", "allow_insecure_http": true,
            "sources": {"un": {"files": [{"url": "http://127.0.0.1/un.xml", "name": "un.xml"}]},
                        "mylist": {"format": "tamis_csv", "files": [{"url": "https://e/x.csv", "name": "x.csv"}]}}})";
  }
  Config c = DefaultConfig();
  ASSERT_TRUE(ApplyConfigFile(dir / "c.json", &c).ok());
  EXPECT_EQ(c.data_dir, "/tmp/x");
  EXPECT_TRUE(c.allow_insecure_http);
  EXPECT_EQ(c.sources[0].files[0].url, "http://127.0.0.1/un.xml");
  EXPECT_EQ(c.sources.back().name, "mylist");
  {
    std::ofstream f(dir / "bad.json");
    f << R"({"data_dri": "/tmp/x"})";
  }
  Status st = ApplyConfigFile(dir / "bad.json", &c);
  EXPECT_EQ(st.code(), StatusCode::kParseError);
  EXPECT_NE(st.message().find("data_dri"), std::string::npos);
  EXPECT_EQ(ApplyConfigFile(dir / "missing.json", &c).code(), StatusCode::kNotFound);
}

// The store URL: the file's "store", then TAMIS_STORE over it; a non-string is refused.
TEST(ConfigTest, StoreUrlFromFileThenEnvironment) {
  testing::TempDir dir;
  {
    std::ofstream f(dir / "c.json");
    f << R"({"store": "postgresql://tamis@db/tamis"})";
    std::ofstream g(dir / "bad.json");
    g << R"({"store": 5})";
  }
  Config c = DefaultConfig();
  EXPECT_EQ(c.store_url, "");
  ASSERT_TRUE(ApplyConfigFile(dir / "c.json", &c).ok());
  EXPECT_EQ(c.store_url, "postgresql://tamis@db/tamis");
  ::setenv("TAMIS_STORE", "sqlite:/srv/tamis", 1);
  ApplyEnvironment(&c);
  ::unsetenv("TAMIS_STORE");
  EXPECT_EQ(c.store_url, "sqlite:/srv/tamis");
  Status st = ApplyConfigFile(dir / "bad.json", &c);
  EXPECT_EQ(st.code(), StatusCode::kParseError);
  EXPECT_NE(st.message().find("'store'"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace tamis
