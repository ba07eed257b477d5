// Store backends side by side, in one run on the same data: the SQLite store (baseline) and a
// PostgreSQL store. Measures (1) the import of real lists (parsed once, then Store::Import
// timed on each backend) and (2) the screen-time alert write rate: ReviewStore::OpenAlert of
// new alerts (each its own transaction with its event and audit record), with 1 and W
// concurrent writers (W connections: replicas), then of alerts met again.
//
//   store_backends --pg URL [--list FILE]... [--alerts N] [--writers W] [--repeat R]
// Prints one JSON line per measurement; ratios are PostgreSQL / SQLite.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "formats/lists/importers.h"
#include "store/review_store.h"
#include "store/store.h"

using namespace tamis;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

[[noreturn]] void Die(const std::string& m) {
  std::fprintf(stderr, "store_backends: %s\n", m.c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) Die(std::string(what) + ": " + r.status().ToString());
  return std::move(r).value();
}

struct Backend {
  std::string name, url;
};

// A fresh store for `b`: a new SQLite directory, or the PostgreSQL tables dropped.
std::unique_ptr<Store> Fresh(const Backend& b) {
  if (b.name == "postgresql") {
    auto db = Must(store::Db::Connect(b.url), "connect");
    Status st = db.Exec(
        "DROP TABLE IF EXISTS alert_events, alerts, whitelist, audit_log, api_keys, review_generation, "
        "travel_results, travel_salts, version_entities, entity_blobs, media_hashes, video_frames, import_warnings, "
        "version_files, list_versions, meta CASCADE");
    if (!st.ok()) Die(st.ToString());
  } else {
    std::filesystem::remove_all(store::ParseStoreLocation(b.url).target);
  }
  StoreOptions o;
  o.url = b.url;
  return Must(Store::Open(o), "open store");
}

std::vector<std::string> EntityIds(Store& s) {
  std::vector<std::string> ids;
  Status st = s.ForEachCurrentEntityJson({}, [&](std::string_view json) {
    size_t p = json.find("\"id\":\"");
    if (p != std::string_view::npos) ids.emplace_back(json.substr(p + 6, json.find('"', p + 6) - p - 6));
    return Status();
  });
  if (!st.ok()) Die(st.ToString());
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  std::string pg;
  std::vector<std::vector<std::filesystem::path>> lists;
  int alerts = 20000, writers = 2, repeat = 3;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--pg") pg = next();
    else if (a == "--list") lists.push_back({next()});
    else if (a == "--alerts") alerts = std::stoi(next());
    else if (a == "--writers") writers = std::stoi(next());
    else if (a == "--repeat") repeat = std::stoi(next());
    else if (a == "--help" || a == "-h") {
      std::printf("usage: store_backends --pg URL [--list FILE]... [--alerts N] [--writers W] [--repeat R]\n"
                  "Imports each list (parsed once) into a fresh SQLite and PostgreSQL store R times (best\n"
                  "kept), then opens N new alerts with 1 and W writers and N alerts met again; JSON lines on stdout.\n");
      return 0;
    } else Die("unknown argument " + a + " (see --help)");
  }
  if (pg.empty()) Die("--pg URL is required (scripts/pg_test_server.sh start DIR gives one)");
  if (lists.empty()) Die("give at least one --list FILE");
  std::vector<ParsedList> parsed;
  for (const auto& files : lists) {
    auto t0 = Clock::now();
    parsed.push_back(Must(LoadListFiles(files, "", {}), "parse"));
    std::fprintf(stderr, "parsed %s: %zu entities in %.2f s\n", files[0].c_str(), parsed.back().entities.size(),
                 Seconds(t0));
  }
  const std::string tmp = (std::filesystem::temp_directory_path() / ("tamis-store-bench-" + std::to_string(getpid()))).string();
  std::vector<Backend> backends = {{"sqlite", "sqlite:" + tmp}, {"postgresql", pg}};
  std::vector<double> import_s(2, 1e9), alert1(2), alertw(2), again(2);
  size_t total_entities = 0;
  for (const auto& l : parsed) total_entities += l.entities.size();
  for (int rep = 0; rep < repeat; ++rep) {
    for (size_t b = 0; b < backends.size(); ++b) {
      auto store = Fresh(backends[b]);
      auto t0 = Clock::now();
      for (size_t k = 0; k < parsed.size(); ++k) {
        ImportMeta m;
        m.imported_at = "2026-12-07T00:00:00Z";
        m.files.push_back({lists[k][0].filename().string(), "bench" + std::to_string(k), 1});
        Must(store->Import(parsed[k], m), "import");
      }
      double s = Seconds(t0);
      import_s[b] = std::min(import_s[b], s);
      std::printf("{\"measure\":\"import\",\"backend\":\"%s\",\"run\":%d,\"entities\":%zu,\"seconds\":%.3f}\n",
                  backends[b].name.c_str(), rep, total_entities, s);
    }
  }
  // Alert writes on the last store of each backend.
  for (size_t b = 0; b < backends.size(); ++b) {
    auto store = Fresh(backends[b]);
    ImportMeta m;
    m.imported_at = "2026-12-07T00:00:00Z";
    m.files.push_back({"list", "bench", 1});
    auto out = Must(store->Import(parsed[0], m), "import");
    auto ids = EntityIds(*store);
    const int64_t vid = out.version.version_id;
    auto input = [&](const std::string& party, size_t i) {
      AlertInput in;
      in.party_key = party;
      in.party_id = party;
      in.party_json = "{\"id\":\"" + party + "\",\"name\":\"Bench Party\"}";
      in.entity_id = ids[i % ids.size()];
      in.source = parsed[0].source;
      in.version_id = vid;
      in.score = 0.91;
      in.hit_json = "{\"score\":0.91}";
      return in;
    };
    // 1 writer: N new alerts.
    {
      auto rs = Must(ReviewStore::Open(store->db_path()), "review");
      auto t0 = Clock::now();
      for (int i = 0; i < alerts; ++i) Must(rs->OpenAlert(input("one-" + std::to_string(i), i), "t"), "alert");
      alert1[b] = alerts / Seconds(t0);
      t0 = Clock::now();
      for (int i = 0; i < alerts; ++i) Must(rs->OpenAlert(input("one-" + std::to_string(i), i), "t"), "alert");
      again[b] = alerts / Seconds(t0);
    }
    // W writers (own connections), N new alerts in all.
    {
      std::vector<std::thread> ts;
      auto t0 = Clock::now();
      for (int w = 0; w < writers; ++w)
        ts.emplace_back([&, w] {
          auto rs = Must(ReviewStore::Open(store->db_path()), "review");
          for (int i = w; i < alerts; i += writers) Must(rs->OpenAlert(input("many-" + std::to_string(i), i), "t"), "alert");
        });
      for (auto& t : ts) t.join();
      alertw[b] = alerts / Seconds(t0);
    }
    auto rs = Must(ReviewStore::Open(store->db_path()), "review");
    auto v = Must(rs->VerifyAudit(), "verify");
    if (!v.ok || v.records != 2 * alerts) Die("audit chain: " + v.problem + " records " + std::to_string(v.records));
    std::printf("{\"measure\":\"alerts\",\"backend\":\"%s\",\"new_per_s_1_writer\":%.0f,\"new_per_s_%d_writers\":%.0f,"
                "\"met_again_per_s\":%.0f,\"audit_records\":%lld}\n",
                backends[b].name.c_str(), alert1[b], writers, alertw[b], again[b], static_cast<long long>(v.records));
  }
  std::printf("{\"measure\":\"ratio_pg_over_sqlite\",\"import_time_best\":%.2f,\"new_alerts_1_writer\":%.2f,"
              "\"new_alerts_%d_writers\":%.2f,\"met_again\":%.2f}\n",
              import_s[1] / import_s[0], alert1[1] / alert1[0], writers, alertw[1] / alertw[0], again[1] / again[0]);
  std::filesystem::remove_all(tmp);
  return 0;
}
