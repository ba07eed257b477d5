// Speed benchmark of name screening on the UN + OFAC index, with baselines in the same run:
// a brute-force Jaro-Winkler scan over every indexed name, and PostgreSQL pg_trgm when --pg
// CONNINFO is given (see bench/names/pg_trgm_setup.sh): GIN untuned (one cold round at the
// default limit 0.3, as earlier sessions ran it), then warmed like Tamis at 0.3 and at the
// similarity limit matched to Tamis's alert rate, and GiST (`%` + `<->` order, `<->` alone).
//
//   bench_names_speed --data /tmp/tamis-bench --shared /work/shared/data [--rounds 5]
//                     [--pg "host=/tmp/tamis-pg port=54329 dbname=postgres"]
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <sstream>
#include <thread>
#include <ctime>

#include "bench/names/common.h"
#include "core/names/prepared_name.h"
#include "formats/json_writer.h"
#include "index/names/name_index.h"
#include "service/screen_service.h"

#ifdef TAMIS_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

using namespace tamis;
using Clock = std::chrono::steady_clock;

namespace {

// Plain Jaro-Winkler (prefix scale 0.1, prefix up to 4), the textbook definition.
double Jw(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  bool ma[256] = {}, mb[256] = {};
  if (la > 256 || lb > 256) return 0.0;
  int m = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window), hi = std::min(lb - 1, i + window);
    for (int j = lo; j <= hi; ++j)
      if (!mb[j] && a[i] == b[j]) {
        ma[i] = mb[j] = true;
        ++m;
        break;
      }
  }
  if (m == 0) return 0.0;
  int t = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++t;
    ++j;
  }
  const double md = m;
  const double jaro = (md / la + md / lb + (md - t / 2.0) / md) / 3.0;
  int p = 0;
  while (p < 4 && p < la && p < lb && a[p] == b[p]) ++p;
  return jaro + p * 0.1 * (1 - jaro);
}

// CPU time of this thread: per-query latency unaffected by other processes on a shared machine.
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

size_t g_pool = 0;  // --pool: NameSearchParams::candidate_pool (0 = default)
size_t g_abjad_pool = 0;  // --abjad-pool: NameSearchParams::abjad_candidate_pool (0 = default)
float g_extra_token_rarity = -1;  // --extra-token-rarity: NameSearchParams::extra_token_rarity (< 0 = default)

struct Timing {
  double qps = 0, cpu_qps = 0, p50_us = 0, p95_us = 0, p99_us = 0, mean_us = 0;
  double best_round_us = 0;  // CPU us/query of the fastest throughput round (the least disturbed on a shared machine)
};

// Throughput rounds read the thread's CPU clock once per round (the clock is a system call of
// ~0.5 us here, as much as 2% of a query); latency rounds read it around every query for the
// percentiles. Both run `rounds` times over the n queries.
template <typename Fn>
Timing TimeQueries(size_t n, int rounds, const Fn& fn) {
  Timing t;
  if (n == 0 || rounds <= 0) return t;
  double cpu_total = 0, best_round = 0;
  const auto t0 = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    const double a = ThreadCpuSeconds();
    for (size_t i = 0; i < n; ++i) fn(i);
    const double round_s = ThreadCpuSeconds() - a;
    cpu_total += round_s;
    if (r == 0 || round_s < best_round) best_round = round_s;
  }
  const double wall = bench::Seconds(t0, Clock::now());
  const double queries = static_cast<double>(n) * rounds;
  t.qps = queries / wall;
  t.cpu_qps = queries / cpu_total;
  t.mean_us = cpu_total * 1e6 / queries;
  t.best_round_us = best_round * 1e6 / static_cast<double>(n);
  std::vector<double> lat;
  lat.reserve(n * rounds);
  for (int r = 0; r < rounds; ++r)
    for (size_t i = 0; i < n; ++i) {
      const double a = ThreadCpuSeconds();
      fn(i);
      lat.push_back((ThreadCpuSeconds() - a) * 1e6);
    }
  t.p50_us = bench::Percentile(lat, 50);
  t.p95_us = bench::Percentile(lat, 95);
  t.p99_us = bench::Percentile(lat, 99);
  return t;
}

void PrintTiming(const char* what, const Timing& t) {
  std::printf("%-46s %8.0f q/s wall, %8.0f q/s CPU; CPU us/query mean %7.1f p50 %7.1f p95 %7.1f p99 %7.1f; best round %.1f\n",
              what, t.qps, t.cpu_qps, t.mean_us, t.p50_us, t.p95_us, t.p99_us, t.best_round_us);
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "/tmp/tamis-bench-names", shared = "/work/shared/data", pg;
  int rounds = 5, pg_rounds = -1;
  size_t jw_queries = 300, max_cand = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else if (!std::strcmp(argv[i], "--shared") && i + 1 < argc) shared = argv[++i];
    else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--jw-queries") && i + 1 < argc) jw_queries = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--pg") && i + 1 < argc) pg = argv[++i];
    else if (!std::strcmp(argv[i], "--pg-rounds") && i + 1 < argc) pg_rounds = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--max-candidates") && i + 1 < argc) max_cand = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--pool") && i + 1 < argc) g_pool = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--abjad-pool") && i + 1 < argc) g_abjad_pool = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--extra-token-rarity") && i + 1 < argc) g_extra_token_rarity = std::strtof(argv[++i], nullptr);
    else {
      std::fprintf(stderr, "usage: bench_names_speed [--data DIR] [--shared DIR] [--rounds N] [--jw-queries N] [--pg CONNINFO] [--pg-rounds N] [--max-candidates N] [--pool N] [--abjad-pool N] [--extra-token-rarity R]\n");
      return 2;
    }
  }
  const std::filesystem::path sh(shared);
  std::printf("cpu: %s, %u hardware threads\n", bench::CpuModel().c_str(), std::thread::hardware_concurrency());
  auto store = bench::OpenFilledStore(data, sh, false);
  auto entities = bench::LoadEntities(*store, {"un", "ofac"});

  // Index build: time and memory (estimate and RSS growth), best of 3 for time.
  double best_build = 1e9;
  std::shared_ptr<const index::NameIndex> ix;
  size_t rss_growth = 0;
  for (int r = 0; r < 3; ++r) {
    ix.reset();
    auto copy = entities;
    const size_t rss0 = bench::RssBytes();
    const auto t0 = Clock::now();
    ix = index::NameIndex::Build(std::move(copy));
    best_build = std::min(best_build, bench::Seconds(t0, Clock::now()));
    rss_growth = bench::RssBytes() - std::min(bench::RssBytes(), rss0);
  }
  const auto& st = ix->stats();
  std::printf("index: %zu entities, %zu names (%zu equal to another), %zu keys, %zu postings (longest %zu)\n",
              st.entities, st.names, st.equal_names, st.keys, st.postings, st.max_postings);
  std::printf("index build (all %u threads, best of 3): %.3f s; memory estimate %.1f MiB; RSS growth %.1f MiB\n",
              std::thread::hardware_concurrency(), best_build, st.memory_bytes / 1048576.0, rss_growth / 1048576.0);
  {
    auto copy = entities;
    const auto t0 = Clock::now();
    auto one = index::NameIndex::Build(std::move(copy), {.threads = 1});
    std::printf("index build, 1 thread: %.3f s\n", bench::Seconds(t0, Clock::now()));
  }

  // Query mix: UN clean + typo, negatives, Congress names.
  std::vector<ScreenRecord> queries;
  for (const char* f : {"names/positives_un_untreated.csv", "names/positives_un_treated.csv",
                        "names/negatives_global.csv", "names/positives_us_congress_untreated.csv"})
    for (auto& it : bench::ReadQueries(sh / f))
      if (it.error.ok()) queries.push_back(it.record);
  std::printf("queries: %zu (UN untreated + treated, negatives_global, US Congress), %d rounds\n", queries.size(), rounds);

  ScreenParams params;  // defaults: threshold 0.70, limit 10, explain on
  params.max_candidates = max_cand;
  params.candidate_pool = g_pool;
  params.abjad_candidate_pool = g_abjad_pool;
  params.extra_token_rarity = g_extra_token_rarity;
  size_t hits_total = 0;
  for (const auto& q : queries) hits_total += ScreenRecordHits(*ix, q, params).size();  // warm-up
  std::printf("hits at the default threshold: %zu over %zu queries\n\n", hits_total, queries.size());

  Timing tam = TimeQueries(queries.size(), rounds, [&](size_t i) {
    auto h = ScreenRecordHits(*ix, queries[i], params);
    if (h.size() > 1000) std::abort();
  });
  PrintTiming("tamis index, 1 thread (prepare+search+explain)", tam);
  ScreenParams quiet = params;
  quiet.explain = false;
  Timing tam_q = TimeQueries(queries.size(), rounds, [&](size_t i) { (void)ScreenRecordHits(*ix, queries[i], quiet); });
  PrintTiming("tamis index, 1 thread, no explanation", tam_q);
  {  // The slowest queries, for the record.
    std::vector<std::pair<double, size_t>> slow;
    for (size_t i = 0; i < queries.size(); ++i) {
      const double a = ThreadCpuSeconds();
      (void)ScreenRecordHits(*ix, queries[i], params);
      slow.emplace_back((ThreadCpuSeconds() - a) * 1e6, i);
    }
    std::sort(slow.rbegin(), slow.rend());
    std::printf("  slowest queries:");
    for (size_t k = 0; k < 5 && k < slow.size(); ++k) std::printf(" [%.0f us] %s;", slow[k].first, queries[slow[k].second].name.c_str());
    std::printf("\n");
  }
  // Where the time goes: preparation alone.
  Timing prep = TimeQueries(queries.size(), rounds, [&](size_t i) {
    auto p = names::PrepareName(queries[i].name, queries[i].kind);
    if (p.tokens.size() > 1000) std::abort();
  });
  PrintTiming("  of which PrepareName alone", prep);
  size_t cand_total = 0;
  const index::NameSearchParams sp = SearchParamsOf(params);
  Timing gather = TimeQueries(queries.size(), rounds, [&](size_t i) {
    auto c = ix->Candidates(names::PrepareName(queries[i].name, queries[i].kind), sp);
    if (c.size() > 100000) std::abort();
  });
  PrintTiming("  of which PrepareName + Candidates (keys, bounds)", gather);
  for (const auto& q : queries) cand_total += ix->Candidates(names::PrepareName(q.name, q.kind), sp).size();
  std::printf("  mean candidate names scored per query: %.1f\n", static_cast<double>(cand_total) / queries.size());

  // Batch through the service (JSON Lines in, JSON Lines out), 1 and 2 threads.
  std::string input;
  for (int r = 0; r < rounds; ++r)
    for (size_t i = 0; i < queries.size(); ++i) {
      JsonWriter w;
      w.BeginObject().Field("id", std::to_string(i)).Field("name", queries[i].name);
      if (queries[i].dob.known()) w.Field("dob", queries[i].dob.ToString());
      w.EndObject();
      input += w.str() + "\n";
    }
  double batch1 = 0;
  for (unsigned threads : {1u, 2u}) {
    std::istringstream in(input);
    std::ostringstream out;
    BatchOptions bo;
    bo.threads = threads;
    auto sum = ScreenStream(*ix, in, out, params, bo);
    if (!sum.ok()) return 1;
    const double qps = sum->records / sum->seconds;
    if (threads == 1) batch1 = qps;
    std::printf("batch ScreenStream (JSONL in/out), %u thread(s): %10.0f q/s  (%lld records, %.2f s)%s\n", threads, qps,
                static_cast<long long>(sum->records), sum->seconds,
                threads == 1 ? "" : (" scaling x" + std::to_string(qps / batch1).substr(0, 4)).c_str());
  }

  // Baseline 1: brute-force Jaro-Winkler against every indexed name (normalised text).
  std::vector<std::string> norm(ix->name_count());
  for (uint32_t n = 0; n < ix->name_count(); ++n) norm[n] = ix->prepared(n).Normalised();
  const size_t nj = std::min(jw_queries, queries.size());
  std::vector<std::string> qnorm(nj);
  for (size_t i = 0; i < nj; ++i) qnorm[i] = names::PrepareName(queries[i * (queries.size() / nj)].name, EntityKind::kUnknown).Normalised();
  Timing jw = TimeQueries(nj, 1, [&](size_t i) {
    std::vector<std::pair<double, uint32_t>> top;
    top.reserve(11);
    for (uint32_t n = 0; n < norm.size(); ++n) {
      const double s = Jw(qnorm[i], norm[n]);
      if (top.size() < 10 || s > top.back().first) {
        top.emplace_back(s, n);
        std::sort(top.begin(), top.end(), [](auto& a, auto& b) { return a.first > b.first; });
        if (top.size() > 10) top.pop_back();
      }
    }
  });
  PrintTiming("baseline: brute-force Jaro-Winkler, 1 thread", jw);
  std::printf("  tamis / JW speed ratio: x%.0f (CPU queries/s, with explanations)\n", tam.cpu_qps / jw.cpu_qps);

#ifdef TAMIS_HAVE_LIBPQ
  if (!pg.empty()) {
    PGconn* c = PQconnectdb(pg.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::printf("pg_trgm: cannot connect: %s", PQerrorMessage(c));
    } else {
      auto exec = [&](const std::string& sql) {
        PGresult* r = PQexec(c, sql.c_str());
        const auto s = PQresultStatus(r);
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_COPY_IN)
          std::printf("pg: %s: %s", sql.c_str(), PQerrorMessage(c));
        PQclear(r);
      };
      exec("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      exec("DROP TABLE IF EXISTS tamis_names");
      exec("CREATE TABLE tamis_names (id integer, name text)");
      const auto l0 = Clock::now();
      exec("COPY tamis_names FROM STDIN");
      std::string buf;
      for (uint32_t n = 0; n < norm.size(); ++n) buf += std::to_string(n) + "\t" + norm[n] + "\n";
      PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
      PQputCopyEnd(c, nullptr);
      PQclear(PQgetResult(c));
      exec("CREATE INDEX tamis_names_trgm ON tamis_names USING gin (name gin_trgm_ops)");
      exec("ANALYZE tamis_names");
      std::printf("pg_trgm: loaded %zu names + GIN index in %.2f s\n", norm.size(), bench::Seconds(l0, Clock::now()));
      std::vector<std::string> pq(queries.size());
      for (size_t i = 0; i < queries.size(); ++i) pq[i] = names::PrepareName(queries[i].name, EntityKind::kUnknown).Normalised();
      // pg's work is in its own process: wall time per query (this thread only waits).
      auto time_pg = [&](const char* stmt, int n_rounds, std::vector<double>* top1) {
        Timing t;
        std::vector<double> lat;
        lat.reserve(pq.size() * n_rounds);
        const auto t0 = Clock::now();
        for (int r = 0; r < n_rounds; ++r)
          for (size_t i = 0; i < pq.size(); ++i) {
            const char* v[1] = {pq[i].c_str()};
            const auto a = Clock::now();
            PGresult* res = PQexecPrepared(c, stmt, 1, v, nullptr, nullptr, 0);
            lat.push_back(bench::Seconds(a, Clock::now()) * 1e6);
            if (top1 && r == 0) (*top1)[i] = PQntuples(res) > 0 ? std::atof(PQgetvalue(res, 0, 1)) : 0.0;
            PQclear(res);
          }
        const double wall = bench::Seconds(t0, Clock::now());
        t.qps = static_cast<double>(pq.size()) * n_rounds / wall;
        t.mean_us = wall * 1e6 / (static_cast<double>(pq.size()) * n_rounds);
        t.p50_us = bench::Percentile(lat, 50);
        t.p95_us = bench::Percentile(lat, 95);
        t.p99_us = bench::Percentile(lat, 99);
        return t;
      };
      auto print_pg = [&](const char* what, const Timing& t) {
        std::printf("%-58s %8.0f q/s wall; wall us/query mean %7.1f p50 %7.1f p95 %7.1f p99 %7.1f; tamis x%.1f\n", what,
                    t.qps, t.mean_us, t.p50_us, t.p95_us, t.p99_us, tam.qps / t.qps);
      };
      // Timed rounds of the warmed pg_trgm searches after their warm-up round (--pg-rounds; default
      // --rounds, as Tamis's): GiST runs at ~30 ms a query, so fewer keep the run short.
      const int pgr = pg_rounds > 0 ? pg_rounds : rounds;
      double fastest = 0;
      const char* fastest_what = "";
      auto keep_fastest = [&](const char* what, const Timing& t) {
        if (t.qps > fastest) fastest = t.qps, fastest_what = what;
      };
      PQclear(PQprepare(c, "gin",
                        "SELECT id, similarity(name, $1) AS s FROM tamis_names WHERE name % $1 ORDER BY s DESC LIMIT 10",
                        1, nullptr));
      // 1. Untuned, as earlier sessions ran it: one cold round at pg_trgm's default limit 0.3.
      std::vector<double> top1(pq.size(), 0.0);
      const Timing cold = time_pg("gin", 1, &top1);
      print_pg("baseline: pg_trgm GIN, limit 0.3, cold, 1 round (untuned)", cold);
      // 2. Warmed as Tamis is (a warm-up round, then `rounds` rounds), at the default limit.
      (void)time_pg("gin", 1, nullptr);
      const Timing warm03 = time_pg("gin", pgr, nullptr);
      print_pg("baseline: pg_trgm GIN, limit 0.3, warmed", warm03);
      // 3. The similarity limit matched to Tamis's alert threshold: the limit at which pg_trgm
      //    alerts (a best similarity at or above it) on as many of these queries as Tamis does at
      //    its threshold. A higher limit lets the GIN search drop more names on trigram counts.
      size_t alerted = 0;
      for (const auto& q : queries) alerted += !ScreenRecordHits(*ix, q, params).empty();
      std::vector<double> sorted = top1;
      std::sort(sorted.rbegin(), sorted.rend());
      double limit = 0.3;
      if (alerted > 0 && alerted <= sorted.size()) limit = std::max(0.3, sorted[alerted - 1]);
      std::printf("pg_trgm limit matched to Tamis's alerts: Tamis alerts on %zu of %zu queries at %.2f; pg_trgm's best similarity is >= %.4f for as many\n",
                  alerted, queries.size(), params.threshold, limit);
      exec("SET pg_trgm.similarity_threshold = " + std::to_string(limit));
      (void)time_pg("gin", 1, nullptr);
      const Timing gin_t = time_pg("gin", pgr, nullptr);
      print_pg("baseline: pg_trgm GIN, matched limit, warmed", gin_t);
      keep_fastest("GIN, matched limit", gin_t);
      // 4. GiST with distance ordering (`<->`, k nearest), with and without the limit filter.
      exec("DROP INDEX tamis_names_trgm");
      const auto g0 = Clock::now();
      exec("CREATE INDEX tamis_names_gist ON tamis_names USING gist (name gist_trgm_ops)");
      exec("ANALYZE tamis_names");
      std::printf("pg_trgm: GiST index in %.2f s\n", bench::Seconds(g0, Clock::now()));
      PQclear(PQprepare(c, "gist",
                        "SELECT id, 1 - (name <-> $1) AS s FROM tamis_names WHERE name % $1 ORDER BY name <-> $1 LIMIT 10",
                        1, nullptr));
      PQclear(PQprepare(c, "knn", "SELECT id, 1 - (name <-> $1) AS s FROM tamis_names ORDER BY name <-> $1 LIMIT 10", 1,
                        nullptr));
      (void)time_pg("gist", 1, nullptr);
      const Timing gist_t = time_pg("gist", pgr, nullptr);
      print_pg("baseline: pg_trgm GiST, % matched limit + <-> order, warmed", gist_t);
      keep_fastest("GiST, matched limit + <->", gist_t);
      (void)time_pg("knn", 1, nullptr);
      const Timing knn_t = time_pg("knn", pgr, nullptr);
      print_pg("baseline: pg_trgm GiST, <-> order only (10 nearest), warmed", knn_t);
      keep_fastest("GiST, <-> only", knn_t);
      std::printf("  tamis / fastest tuned pg_trgm (%s): x%.1f (wall queries/s); tamis / untuned (cold GIN 0.3): x%.1f\n",
                  fastest_what, tam.qps / fastest, tam.qps / cold.qps);
      exec("DROP TABLE tamis_names");
    }
    PQfinish(c);
  }
#else
  if (!pg.empty()) std::printf("pg_trgm: built without libpq\n");
#endif
  return 0;
}
