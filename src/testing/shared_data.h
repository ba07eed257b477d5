// Test helpers: where the shared test data lives, and per-test temporary folders.
// Tests that need ../shared/data call TAMIS_REQUIRE_SHARED_DATA() first: it skips the test
// with a clear message when the folder is absent (a checkout without ../shared).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "testing/shared_data_default.h"

namespace tamis::testing {

// $TAMIS_SHARED_DATA if set, else ../shared/data beside the source checkout.
inline std::filesystem::path SharedDataDir() {
  if (const char* env = std::getenv("TAMIS_SHARED_DATA"); env && *env) return env;
  return SharedDataDefault();
}

inline bool HaveSharedData() { return std::filesystem::is_directory(SharedDataDir()); }

// Path of a file under the shared data folder, e.g. SharedPath("lists/un/UN_consolidated.xml").
inline std::filesystem::path SharedPath(const std::string& rel) { return SharedDataDir() / rel; }

inline std::string ReadFileOrDie(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << p;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("tamis-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace tamis::testing

#define TAMIS_REQUIRE_SHARED_DATA()                                                        \
  do {                                                                                     \
    if (!::tamis::testing::HaveSharedData())                                               \
      GTEST_SKIP() << "shared test data not found at "                                     \
                   << ::tamis::testing::SharedDataDir()                                    \
                   << " (clone ../shared beside the checkout or set TAMIS_SHARED_DATA)";   \
  } while (0)
