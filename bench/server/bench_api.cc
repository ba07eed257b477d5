// In-process baseline of `tamis serve`: the same request bodies that wrk sends (run.sh), answered
// by Api::Handle on T threads without HTTP, and the engine alone (AlertService::ScreenParty). The
// ratio of wrk's rate to these is the server's own overhead.
//
//   bench_api --data DIR --shared ../shared/data --bodies-out FILE --key-out FILE [--threads 2]
//             [--seconds 10] [--listed-every 10] [--key-role client]
// Fills DIR with UN + OFAC when empty, writes the bodies (one JSON per line: innocent names from
// negatives_global.csv, every Nth a listed name from positives_un_untreated.csv) and a client
// key, then prints one JSON line of figures.
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

#include "bench/names/common.h"
#include "formats/json_writer.h"
#include "server/api.h"
#include "service/alert_service.h"
#include "service/clock.h"

using namespace tamis;

namespace {

std::string BodyOf(const ScreenRecord& r, int n) {
  JsonWriter w;
  w.BeginObject().Field("id", "q" + std::to_string(n)).Field("name", r.name);
  w.FieldIfNotEmpty("dob", r.dob.ToString()).StringArrayIfNotEmpty("nationality", r.nationalities);
  w.EndObject();
  return w.Take();
}

struct Run {
  double rps = 0, p50_us = 0, p99_us = 0;
  int64_t requests = 0, errors = 0;
};

template <typename Fn>
Run Measure(int threads, double seconds, size_t n_bodies, Fn fn) {
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> lat(threads);
  std::vector<int64_t> errs(threads, 0);
  std::vector<std::thread> th;
  const auto t0 = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t)
    th.emplace_back([&, t] {
      size_t i = static_cast<size_t>(t) * 7919;
      while (!stop.load(std::memory_order_relaxed)) {
        const auto a = std::chrono::steady_clock::now();
        if (!fn(i++ % n_bodies)) ++errs[t];
        lat[t].push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - a).count());
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& x : th) x.join();
  const double el = bench::Seconds(t0, std::chrono::steady_clock::now());
  std::vector<double> all;
  Run r;
  for (int t = 0; t < threads; ++t) {
    all.insert(all.end(), lat[t].begin(), lat[t].end());
    r.errors += errs[t];
  }
  r.requests = static_cast<int64_t>(all.size());
  r.rps = all.size() / el;
  r.p50_us = bench::Percentile(all, 50);
  r.p99_us = bench::Percentile(all, 99);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data, shared = "../shared/data", bodies_out, key_out, key_role = "client";
  int threads = 2, listed_every = 10;
  double seconds = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--data") data = v;
    else if (a == "--shared") shared = v;
    else if (a == "--bodies-out") bodies_out = v;
    else if (a == "--key-out") key_out = v;
    else if (a == "--threads") threads = std::stoi(v);
    else if (a == "--seconds") seconds = std::stod(v);
    else if (a == "--listed-every") listed_every = std::stoi(v);
    else if (a == "--key-role") key_role = v;
    else {
      std::fprintf(stderr, "bench_api: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (data.empty()) {
    std::fprintf(stderr, "usage: bench_api --data DIR [--shared DIR] [--bodies-out F] [--key-out F] [--threads N] [--seconds S]\n");
    return 2;
  }
  bench::OpenFilledStore(data, shared, false);
  auto innocent = bench::ReadQueries(std::filesystem::path(shared) / "names" / "negatives_global.csv");
  auto listed = bench::ReadQueries(std::filesystem::path(shared) / "names" / "positives_un_untreated.csv");
  std::vector<std::string> bodies;
  std::vector<ScreenRecord> records;
  size_t li = 0;
  for (size_t i = 0; i < innocent.size(); ++i) {
    if (!innocent[i].error.ok()) continue;
    records.push_back(innocent[i].record);
    if (listed_every > 0 && records.size() % listed_every == 0) {
      while (li < listed.size() && !listed[li].error.ok()) ++li;
      if (li < listed.size()) records.push_back(listed[li++].record);
    }
  }
  for (size_t i = 0; i < records.size(); ++i) bodies.push_back(BodyOf(records[i], static_cast<int>(i)));
  if (!bodies_out.empty()) {
    std::ofstream f(bodies_out);
    for (const auto& b : bodies) f << b << "\n";
  }
  Config cfg;
  cfg.data_dir = data;
  auto svc = AlertService::Open(cfg, {}, SystemClock());
  if (!svc.ok()) {
    std::fprintf(stderr, "bench_api: %s\n", svc.status().ToString().c_str());
    return 1;
  }
  server::Api api(**svc, {});
  const std::string token =
      (*svc)->review().CreateKey("bench-" + key_role, ParseRole(key_role).value(), "bench", SystemNowIso()).value();
  if (!key_out.empty()) std::ofstream(key_out) << token << "\n";

  // Warm up (and open the alerts once, so that the timed runs meet them again as in production).
  for (const auto& r : records) (void)(*svc)->ScreenParty(r, {});
  Run engine = Measure(threads, seconds, records.size(), [&](size_t i) { return (*svc)->ScreenParty(records[i], {}).ok(); });
  Run engine1 = Measure(1, seconds, records.size(), [&](size_t i) { return (*svc)->ScreenParty(records[i], {}).ok(); });
  Run inproc = Measure(threads, seconds, bodies.size(), [&](size_t i) {
    server::HttpRequest req;
    req.method = "POST";
    req.path = "/v1/screen";
    req.headers = {{"authorization", "Bearer " + token}, {"content-type", "application/json"}};
    req.body = bodies[i];
    return api.Handle(req).status == 200;
  });
  std::printf(
      "{\"bodies\":%zu,\"listed_every\":%d,\"threads\":%d,\"engine_rps\":%.0f,\"engine_p50_us\":%.1f,\"engine_p99_us\":%.1f,"
      "\"engine_1thread_rps\":%.0f,\"api_inprocess_rps\":%.0f,\"api_inprocess_p50_us\":%.1f,\"api_inprocess_p99_us\":%.1f,"
      "\"errors\":%lld,\"cpu\":\"%s\"}\n",
      bodies.size(), listed_every, threads, engine.rps, engine.p50_us, engine.p99_us, engine1.rps, inproc.rps, inproc.p50_us,
      inproc.p99_us, static_cast<long long>(engine.errors + inproc.errors), bench::CpuModel().c_str());
  return 0;
}
