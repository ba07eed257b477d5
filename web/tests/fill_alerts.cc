// tamis_ui_fill: opens many alerts in a store through the review store's one alert path
// (ReviewStore::OpenAlert), for the web interface's paging test (100,000 alerts). Each alert is a
// distinct made-up party against an entity of the store's current lists, with spread scores,
// lines and creation days so that the queue's filters have something to select.
//
//   tamis_ui_fill --data DIR --count N [--days 60]
// Prints one JSON line: {"opened": N, "seconds": S}. Progress on stderr.
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "store/review_store.h"
#include "store/store.h"

namespace {

int Usage() {
  std::fprintf(stderr, "usage: tamis_ui_fill --data DIR --count N [--days D]\n"
                       "Opens N alerts (distinct parties against the current lists' entities) in DIR/tamis.db.\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  long count = 0, days = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--data") data = argv[i + 1];
    else if (a == "--count") count = std::atol(argv[i + 1]);
    else if (a == "--days") days = std::atol(argv[i + 1]);
    else return Usage();
  }
  if (data.empty() || count <= 0 || days <= 0) return Usage();
  tamis::StoreOptions so;
  so.data_dir = data;
  so.create = false;
  auto store = tamis::Store::Open(so);
  if (!store.ok()) {
    std::fprintf(stderr, "tamis_ui_fill: %s\n", store.status().ToString().c_str());
    return 1;
  }
  auto versions = (*store)->CurrentVersions();
  if (!versions.ok()) return 1;
  struct Target {
    std::string id, source, name;
    int64_t version;
  };
  std::vector<Target> targets;
  simdjson::dom::parser parser;
  for (const auto& v : *versions) {
    if (v.kind != "entities") continue;
    auto st = (*store)->ForEachCurrentEntityJson({v.source}, [&](std::string_view json) {
      simdjson::dom::element e;
      if (parser.parse(json.data(), json.size()).get(e)) return tamis::Status::Ok();
      std::string_view id, name;
      if (e["id"].get(id) == simdjson::SUCCESS) {
        simdjson::dom::array names;
        if (e["names"].get(names) == simdjson::SUCCESS && names.size() > 0) (void)names.at(0)["full"].get(name);
        targets.push_back({std::string(id), v.source, std::string(name), v.version_id});
      }
      return tamis::Status::Ok();
    });
    if (!st.ok()) return 1;
  }
  if (targets.empty()) {
    std::fprintf(stderr, "tamis_ui_fill: the store holds no entity list\n");
    return 1;
  }
  auto review = tamis::ReviewStore::Open((*store)->db_path());
  if (!review.ok()) {
    std::fprintf(stderr, "tamis_ui_fill: %s\n", review.status().ToString().c_str());
    return 1;
  }
  const char* lines[] = {"party", "party", "payment", "traveller"};
  const auto t0 = std::chrono::steady_clock::now();
  long opened = 0;
  for (long i = 0; i < count; ++i) {
    const Target& t = targets[static_cast<size_t>(i) % targets.size()];
    tamis::AlertInput in;
    in.party_id = "bulk-" + std::to_string(i);
    in.party_key = "bulk|" + std::to_string(i);
    in.party_json = "{\"id\":\"" + in.party_id + "\",\"name\":\"Bulk party " + std::to_string(i) + "\"}";
    in.entity_id = t.id;
    in.source = t.source;
    in.version_id = t.version;
    in.line = lines[i % 4];
    in.score = 0.80 + static_cast<double>((i * 7919) % 2000) / 10000.0;  // 0.80 .. 0.9999
    in.hit_json = "{\"entity_id\":\"" + t.id + "\",\"list\":\"" + t.source + "\",\"score\":" + std::to_string(in.score) + "}";
    in.matcher_version = "tamis_ui_fill";
    in.params_json = "{}";
    // Created over the last `days` days (2026-10-01 onwards), so the age filter selects.
    const long day = i % days;
    char now[32];
    std::snprintf(now, sizeof now, "2026-%02ld-%02ldT%02ld:00:00Z", 10 + day / 30, 1 + day % 30, i % 24);
    auto r = (*review)->OpenAlert(in, now);
    if (!r.ok()) {
      std::fprintf(stderr, "tamis_ui_fill: alert %ld: %s\n", i, r.status().ToString().c_str());
      return 1;
    }
    opened += r->created;
    if ((i + 1) % 10000 == 0) std::fprintf(stderr, "tamis_ui_fill: %ld/%ld alerts\n", i + 1, count);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"opened\": %ld, \"seconds\": %.2f}\n", opened, secs);
  return 0;
}
