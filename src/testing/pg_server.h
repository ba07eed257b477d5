// Test helper: a throwaway PostgreSQL 15 server (Debian's /usr/lib/postgresql/15/bin) for the
// store tests that run against both backends. Test-only; links tamis_store (store::Db).
//
//  - SharedPg(): the server of the ctest fixture (env TAMIS_TEST_PG_URL, started by
//    scripts/pg_test_server.sh before the tests and stopped after), or else one this process
//    starts itself (initdb in a temp dir, Unix socket only, fsync off) and stops at exit.
//  - PgServer (constructed directly): a private server a test may Stop() and Start() (faults).
//  - FreshPgUrl(): a URL to a new empty schema, so tests sharing one server never see each other.
// When the PostgreSQL binaries are absent every PostgreSQL test skips with a message.
// As root (the CI container), the server runs as the `postgres` user via su, as
// bench/names/pg_trgm_setup.sh does.
#pragma once

#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/db.h"

namespace tamis::testing {

inline const char* kPgBin = "/usr/lib/postgresql/15/bin";

inline bool HavePostgres() { return std::filesystem::exists(std::string(kPgBin) + "/pg_ctl"); }

// Runs `cmd` as the postgres user when we are root. Returns the exit status.
inline int RunAsPostgres(const std::string& cmd) {
  std::string full = geteuid() == 0 ? "su postgres -s /bin/sh -c '" + cmd + "'" : cmd;
  return std::system(full.c_str());
}

class PgServer {
 public:
  // Creates the data directory and starts the server; ok() tells whether it runs.
  PgServer() {
    if (!HavePostgres()) return;
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("tamis-pg-" + std::to_string(rd()) + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    if (geteuid() == 0) {
      if (struct passwd* pw = getpwnam("postgres")) (void)!chown(dir_.c_str(), pw->pw_uid, pw->pw_gid);
    }
    if (RunAsPostgres(std::string(kPgBin) + "/initdb --no-sync -A trust -U postgres -D " + dir_.string() +
                      "/data >" + dir_.string() + "/initdb.log 2>&1") != 0)
      return;
    ok_ = Start();
  }
  ~PgServer() {
    if (!dir_.empty()) {
      Stop();
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  bool ok() const { return ok_; }
  // postgresql://postgres@/postgres?host=DIR&port=5432 (the Unix socket in DIR).
  std::string url() const { return "postgresql://postgres@/postgres?host=" + dir_.string() + "&port=5432"; }
  bool Start() {
    return RunAsPostgres(std::string(kPgBin) + "/pg_ctl -D " + dir_.string() + "/data -l " + dir_.string() +
                         "/log -o \"-c listen_addresses= -k " + dir_.string() +
                         " -p 5432 -c fsync=off -c shared_buffers=32MB -c max_connections=60\" -w start >/dev/null") == 0;
  }
  bool Stop() {
    return RunAsPostgres(std::string(kPgBin) + "/pg_ctl -D " + dir_.string() + "/data -m fast -w stop >/dev/null 2>&1") ==
           0;
  }

 private:
  std::filesystem::path dir_;
  bool ok_ = false;
};

// The base URL of the shared test server, "" when there is none (with the reason in *why).
inline std::string SharedPgUrl(std::string* why) {
  static std::string url, reason;
  static bool once = false;
  static std::unique_ptr<PgServer> own;
  if (!once) {
    once = true;
    if (const char* env = std::getenv("TAMIS_TEST_PG_URL"); env && *env && store::Db::Connect(env).ok()) {
      url = env;
    } else if (!HavePostgres()) {
      reason = std::string("PostgreSQL 15 binaries absent (") + kPgBin + "): PostgreSQL store tests skipped";
    } else {
      own = std::make_unique<PgServer>();
      if (own->ok()) url = own->url();
      else reason = "could not start a PostgreSQL test server (initdb/pg_ctl failed)";
    }
  }
  if (why) *why = reason;
  return url;
}

// A URL to a new empty schema on `base` (search_path set through the URL's options).
inline std::string FreshPgSchemaUrl(const std::string& base) {
  static std::atomic<int> n{0};
  std::random_device rd;
  std::string schema = "t" + std::to_string(getpid()) + "_" + std::to_string(n++) + "_" + std::to_string(rd() % 100000);
  auto db = store::Db::Connect(base);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return base;
  Status st = db->Exec("CREATE SCHEMA " + schema);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

// The URL of a fresh schema on the shared server, or "" after GTEST_SKIP-worthy absence.
inline std::string FreshPgUrl(std::string* why) {
  std::string base = SharedPgUrl(why);
  return base.empty() ? base : FreshPgSchemaUrl(base);
}

}  // namespace tamis::testing

// Skips the current test (with the reason) when no PostgreSQL server can be had.
#define TAMIS_REQUIRE_POSTGRES(url_var)                   \
  std::string url_var;                                    \
  do {                                                    \
    std::string why_;                                     \
    url_var = ::tamis::testing::FreshPgUrl(&why_);        \
    if (url_var.empty()) GTEST_SKIP() << why_;            \
  } while (0)
