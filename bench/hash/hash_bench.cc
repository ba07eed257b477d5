// bench_hash: exact Hamming range search over 256-bit PDQ hashes.
// Engines: "mih" = SearchBatch over 500 queries per call (the batch join), "mih_1q" =
// Search one query at a time. Workloads ($TAMIS_BENCH_SET): "uniform" (default) = N random
// hashes (N from $TAMIS_BENCH_SIZES, default 1M and 10M), queries half random hashes, half
// near-duplicates of haystack items (0..31 bits flipped); "skewed" = real PDQ sets cluster:
// the ~600 real hashes of the shared images, their edits and dihedral variants
// ($TAMIS_SHARED_DATA/media/pdq/expected/*reference_file_level.csv, near-blank synthetic images
// included) are cluster centres with Zipf-distributed sizes (weight 1/(rank+1)^1.1), each member
// a chain of edits (each 1..48 bits, geometric, mean ~8, from the centre or the cluster's
// previous member), 70% of N; the other 30% random. Skewed queries: 40% near-duplicates of
// haystack items, 40% new edits of the real centres (0..31 bits), 20% random. Both sets: 20,000
// distinct queries; radius d <= 31. Runs, in the same binary and on the same data: brute force per
// SIMD level, MIH, FAISS IndexBinaryFlat and IndexBinaryMultiHash (nhash=16, b=16, nflip=1,
// range_search radius 32; FAISS keeps distances < radius). Queries run single-threaded (FAISS
// OpenMP forced to 1 thread); builds get the same threads (the MIH build's default,
// hardware_concurrency, and as many OpenMP threads for FAISS's add()). A summary table is printed
// after the Google Benchmark output: q/s per CPU second and per wall second, ratios vs FAISS, build
// time and index memory over the raw hashes with and without the index's copy of the hashes, plus
// the CPU, compiler and load average (the figures are only comparable at similar load). Use
// --benchmark_repetitions=3: the summary aggregates every repetition.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "index/hash/hamming_kernels.h"
#include "index/hash/linear_scan.h"
#include "index/hash/mih_index.h"
#include "testing/shared_data_default.h"

#ifdef TAMIS_BENCH_WITH_FAISS
#include <faiss/IndexBinaryFlat.h>
#include <faiss/IndexBinaryHash.h>
#include <faiss/impl/AuxIndexStructures.h>
#include <omp.h>
#endif

namespace th = tamis::index::hash;

namespace {

constexpr uint32_t kMaxDistance = 31;
constexpr size_t kQueries = 20000;

// "uniform" or "skewed" ($TAMIS_BENCH_SET).
std::string g_set = "uniform";
unsigned BuildThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

size_t RssBytes() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<size_t>(resident) * 4096;
}

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

struct Dataset {
  size_t n = 0;
  std::vector<th::Hash256> haystack;
  std::vector<th::Hash256> queries;
  std::unique_ptr<th::MihIndex> mih;
  double mih_build_s = 0;
#ifdef TAMIS_BENCH_WITH_FAISS
  std::unique_ptr<faiss::IndexBinaryFlat> flat;
  std::unique_ptr<faiss::IndexBinaryMultiHash> multihash;
  double multihash_build_s = 0;
  size_t multihash_rss = 0;
#endif
};

std::map<size_t, std::unique_ptr<Dataset>>& Datasets() {
  static std::map<size_t, std::unique_ptr<Dataset>> d;
  return d;
}

th::Hash256 Flip(th::Hash256 h, int k, std::mt19937_64& rng) {
  for (int i = 0; i < k; ++i) h = h.WithBitFlipped(static_cast<int>(rng() % 256));
  return h;
}

// Every PDQ hash (and dihedral) of the reference CSVs of the shared images.
std::vector<th::Hash256> RealHashes() {
  const char* env = std::getenv("TAMIS_SHARED_DATA");
  const std::string dir = std::string(env && *env ? env : tamis::testing::SharedDataDefault()) + "/media/pdq/expected/";
  std::set<th::Hash256> out;
  for (const char* name : {"reference_file_level.csv", "synthetic_reference_file_level.csv"}) {
    std::ifstream in(dir + name);
    std::string line;
    while (std::getline(in, line)) {
      std::stringstream ss(line);
      std::string field;
      while (std::getline(ss, field, ',')) {
        auto h = th::ParseHash256(field);
        if (h.ok()) out.insert(*h);
      }
    }
  }
  if (out.empty()) {
    std::fprintf(stderr, "skewed set: no hashes under %s (set TAMIS_SHARED_DATA)\n", dir.c_str());
    std::exit(1);
  }
  return {out.begin(), out.end()};
}

void MakeUniform(Dataset& d, std::mt19937_64& rng) {
  d.haystack.resize(d.n);
  for (auto& h : d.haystack) h = th::Hash256{{rng(), rng(), rng(), rng()}};
  std::set<th::Hash256> seen;
  while (d.queries.size() < kQueries) {
    th::Hash256 q = d.queries.size() % 2 ? th::Hash256{{rng(), rng(), rng(), rng()}}
                                         : Flip(d.haystack[rng() % d.n], static_cast<int>(rng() % 32), rng);
    if (seen.insert(q).second) d.queries.push_back(q);
  }
}

void MakeSkewed(Dataset& d, std::mt19937_64& rng) {
  const std::vector<th::Hash256> centres = RealHashes();
  std::vector<double> cdf;
  double total = 0;
  for (size_t i = 0; i < centres.size(); ++i) cdf.push_back(total += 1.0 / std::pow(static_cast<double>(i + 1), 1.1));
  std::vector<size_t> rank(centres.size());  // random rank: which real image is popular
  for (size_t i = 0; i < rank.size(); ++i) rank[i] = i;
  std::shuffle(rank.begin(), rank.end(), rng);
  std::vector<th::Hash256> last = centres;
  std::geometric_distribution<int> edit(1.0 / 8.0);
  const size_t clustered = d.n * 7 / 10;
  d.haystack.reserve(d.n);
  for (size_t i = 0; i < clustered; ++i) {
    const double u = std::uniform_real_distribution<double>(0, total)(rng);
    const size_t c = rank[static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin())];
    const th::Hash256& parent = rng() % 2 ? centres[c] : last[c];
    last[c] = Flip(parent, std::clamp(1 + edit(rng), 1, 48), rng);
    d.haystack.push_back(last[c]);
  }
  while (d.haystack.size() < d.n) d.haystack.push_back(th::Hash256{{rng(), rng(), rng(), rng()}});
  std::shuffle(d.haystack.begin(), d.haystack.end(), rng);
  std::set<th::Hash256> seen;
  while (d.queries.size() < kQueries) {
    const size_t k = d.queries.size() % 5;
    th::Hash256 q = k < 2   ? Flip(d.haystack[rng() % d.n], static_cast<int>(rng() % 32), rng)
                    : k < 4 ? Flip(centres[rng() % centres.size()], static_cast<int>(rng() % 32), rng)
                            : th::Hash256{{rng(), rng(), rng(), rng()}};
    if (seen.insert(q).second) d.queries.push_back(q);
  }
}

Dataset& Data(size_t n) {
  auto& slot = Datasets()[n];
  if (slot) return *slot;
  slot = std::make_unique<Dataset>();
  Dataset& d = *slot;
  d.n = n;
  std::mt19937_64 rng(20240717 + n);
  if (g_set == "skewed") {
    MakeSkewed(d, rng);
  } else {
    MakeUniform(d, rng);
  }
  auto t0 = std::chrono::steady_clock::now();
  auto built = th::MihIndex::Build(d.haystack);
  d.mih_build_s = Seconds(t0, std::chrono::steady_clock::now());
  if (!built.ok()) {
    std::fprintf(stderr, "MIH build failed: %s\n", built.status().ToString().c_str());
    std::exit(1);
  }
  d.mih = std::make_unique<th::MihIndex>(std::move(built).value());
  return d;
}

// Own wall-clock totals per benchmark name, for the summary table.
struct Tally {
  double queries = 0, seconds = 0, cpu_seconds = 0;
};

// Build time and memory per engine name + "/N", for the summary table.
struct Info {
  double build_s = -1;
  double mem_with_hashes = -1;     // index bytes incl. any copy of the hashes / raw bytes
  double mem_without_hashes = -1;  // index bytes beyond the hashes / raw bytes
};
std::map<std::string, Info>& Infos() {
  static std::map<std::string, Info> i;
  return i;
}

std::string LoadAverage() {
  char buf[128] = {0};
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fgets(buf, sizeof buf, f) == nullptr) buf[0] = 0;
    std::fclose(f);
  }
  std::string s(buf);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string CpuModel() {
  std::string model = "unknown";
  if (std::FILE* f = std::fopen("/proc/cpuinfo", "r")) {
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
      std::string l(line);
      if (l.rfind("model name", 0) == 0) {
        model = l.substr(l.find(':') + 2);
        if (!model.empty() && model.back() == '\n') model.pop_back();
        break;
      }
    }
    std::fclose(f);
  }
  return model;
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
std::map<std::string, Tally>& Tallies() {
  static std::map<std::string, Tally> t;
  return t;
}

template <typename Fn>
void RunQueries(benchmark::State& state, const std::string& name, size_t batch, Fn fn) {
  size_t offset = 0, hits = 0;
  Tally& tally = Tallies()[name];
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    const double c0 = ThreadCpuSeconds();
    hits += fn(offset, batch);
    tally.cpu_seconds += ThreadCpuSeconds() - c0;
    tally.seconds += Seconds(t0, std::chrono::steady_clock::now());
    tally.queries += static_cast<double>(batch);
    offset = (offset + batch) % kQueries;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
  state.counters["q/s"] = benchmark::Counter(static_cast<double>(state.iterations() * batch),
                                             benchmark::Counter::kIsRate);
  state.counters["hits/q"] =
      static_cast<double>(hits) / static_cast<double>(state.iterations() * batch);
}

std::span<const th::Hash256> Slice(const Dataset& d, size_t offset, size_t batch) {
  return std::span<const th::Hash256>(d.queries).subspan(offset,
                                                         std::min(batch, kQueries - offset));
}

void BM_Mih(benchmark::State& state, size_t n) {
  Dataset& d = Data(n);
  const size_t batch = 500;
  RunQueries(state, "mih/" + std::to_string(n), batch, [&](size_t off, size_t b) {
    return d.mih->SearchBatch(Slice(d, off, b), kMaxDistance).matches.size();
  });
  const double raw = 32.0 * static_cast<double>(n);
  state.counters["build_s"] = d.mih_build_s;
  state.counters["index_MB"] = static_cast<double>(d.mih->memory_bytes()) / 1e6;
  state.counters["index/raw"] = static_cast<double>(d.mih->memory_bytes()) / raw;
  state.counters["postings/raw"] = static_cast<double>(d.mih->postings_bytes()) / raw;
  Infos()["mih/" + std::to_string(n)] = {d.mih_build_s,
                                         static_cast<double>(d.mih->memory_bytes()) / raw,
                                         static_cast<double>(d.mih->postings_bytes()) / raw};
  state.SetLabel(std::string(th::SimdLevelName(d.mih->simd_level())) + ", " +
                 std::to_string(d.mih->id_bytes()) + "-byte ids");
}

// One query per call (Search), as a request handler would: no batch join.
void BM_MihSingle(benchmark::State& state, size_t n) {
  Dataset& d = Data(n);
  RunQueries(state, "mih_1q/" + std::to_string(n), 64, [&](size_t off, size_t b) {
    size_t hits = 0;
    for (const th::Hash256& q : Slice(d, off, b)) hits += d.mih->Search(q, kMaxDistance).size();
    return hits;
  });
  Infos()["mih_1q/" + std::to_string(n)] = Infos()["mih/" + std::to_string(n)];
}

void BM_Brute(benchmark::State& state, size_t n, th::SimdLevel level) {
  Dataset& d = Data(n);
  const th::HammingKernels* k = th::KernelsFor(level);
  if (k == nullptr) {
    state.SkipWithError("SIMD level not available");
    return;
  }
  const size_t batch = n >= 5000000 ? 8 : 32;
  RunQueries(
      state, "brute_" + std::string(th::SimdLevelName(level)) + "/" + std::to_string(n), batch,
      [&](size_t off, size_t b) {
        return th::LinearScanBatch(d.haystack, Slice(d, off, b), kMaxDistance, *k).matches.size();
      });
  Infos()["brute_" + std::string(th::SimdLevelName(level)) + "/" + std::to_string(n)] = {0, 1, 0};
}

#ifdef TAMIS_BENCH_WITH_FAISS
size_t FaissRange(const faiss::IndexBinary& index, std::span<const th::Hash256> q) {
  faiss::RangeSearchResult res(static_cast<faiss::Index::idx_t>(q.size()));
  // radius 32: FAISS binary range_search keeps distance < radius, i.e. d <= 31.
  index.range_search(static_cast<faiss::Index::idx_t>(q.size()),
                     reinterpret_cast<const uint8_t*>(q.data()), static_cast<int>(kMaxDistance + 1),
                     &res);
  return res.lims[q.size()];
}

faiss::IndexBinaryMultiHash& MultiHash(Dataset& d) {
  if (!d.multihash) {
    const size_t rss0 = RssBytes();
    auto t0 = std::chrono::steady_clock::now();
    d.multihash = std::make_unique<faiss::IndexBinaryMultiHash>(256, 16, 16);
    d.multihash->nflip = 1;  // floor(31 / 16): exact for d <= 31
    omp_set_num_threads(static_cast<int>(BuildThreads()));  // the MIH build's threads
    d.multihash->add(static_cast<faiss::Index::idx_t>(d.n),
                     reinterpret_cast<const uint8_t*>(d.haystack.data()));
    omp_set_num_threads(1);
    d.multihash_build_s = Seconds(t0, std::chrono::steady_clock::now());
    d.multihash_rss = RssBytes() - rss0;
  }
  return *d.multihash;
}

faiss::IndexBinaryFlat& Flat(Dataset& d) {
  if (!d.flat) {
    auto t0 = std::chrono::steady_clock::now();
    d.flat = std::make_unique<faiss::IndexBinaryFlat>(256);
    omp_set_num_threads(static_cast<int>(BuildThreads()));
    d.flat->add(static_cast<faiss::Index::idx_t>(d.n),
                reinterpret_cast<const uint8_t*>(d.haystack.data()));
    omp_set_num_threads(1);
    Infos()["faiss_flat/" + std::to_string(d.n)] = {Seconds(t0, std::chrono::steady_clock::now()),
                                                    1, 0};
  }
  return *d.flat;
}

// Checks on a sample that FAISS returns the same number of results as MIH.
double CountMismatches(Dataset& d, const faiss::IndexBinary& index, size_t sample) {
  double mismatches = 0;
  for (size_t i = 0; i < sample; ++i) {
    const size_t ours = d.mih->Search(d.queries[i], kMaxDistance).size();
    mismatches += FaissRange(index, std::span<const th::Hash256>(&d.queries[i], 1)) != ours;
  }
  return mismatches;
}

void BM_FaissMultiHash(benchmark::State& state, size_t n) {
  omp_set_num_threads(1);
  Dataset& d = Data(n);
  auto& index = MultiHash(d);
  RunQueries(state, "faiss_multihash/" + std::to_string(n), 16,
             [&](size_t off, size_t b) { return FaissRange(index, Slice(d, off, b)); });
  state.counters["build_s"] = d.multihash_build_s;
  state.counters["index_MB"] = static_cast<double>(d.multihash_rss) / 1e6;
  state.counters["index/raw"] =
      static_cast<double>(d.multihash_rss) / (32.0 * static_cast<double>(n));
  state.counters["count_mismatch/50"] = CountMismatches(d, index, 50);
  // RSS growth of add(): its copy of the codes + the hash maps.
  const double raw = 32.0 * static_cast<double>(n);
  Infos()["faiss_multihash/" + std::to_string(n)] = {
      d.multihash_build_s, static_cast<double>(d.multihash_rss) / raw,
      static_cast<double>(d.multihash_rss) / raw - 1.0};
}

void BM_FaissFlat(benchmark::State& state, size_t n) {
  omp_set_num_threads(1);
  Dataset& d = Data(n);
  auto& index = Flat(d);
  RunQueries(state, "faiss_flat/" + std::to_string(n), n >= 5000000 ? 2 : 8,
             [&](size_t off, size_t b) { return FaissRange(index, Slice(d, off, b)); });
  state.counters["count_mismatch/20"] = CountMismatches(d, index, 20);
}
#endif

void PrintSummary(const std::vector<size_t>& sizes, const std::string& load_before) {
  std::printf(
      "\nSummary (single-thread queries, d <= %u, %zu queries; q/s per CPU-second of the\n"
      "query thread and per wall second; ratios use CPU time, which is robust to other\n"
      "jobs on a shared box; mem = index bytes / raw hash bytes (32 B each), \"+hashes\"\n"
      "counting the index's own copy of the hashes, \"-hashes\" without it); set: %s; builds:\n"
      "%u threads (MIH and FAISS)\n",
      kMaxDistance, kQueries, g_set.c_str(), BuildThreads());
  std::printf("CPU: %s; compiler: %s; load average before: %s, after: %s\n", CpuModel().c_str(),
              __VERSION__, load_before.c_str(), LoadAverage().c_str());
  std::printf("%-26s %10s %10s %9s %9s %9s %9s %9s\n", "engine/N", "q/s(cpu)", "q/s(wall)", "x fmh",
              "x fflat", "build_s", "mem+hash", "mem-hash");
  for (size_t n : sizes) {
    const std::string sfx = "/" + std::to_string(n);
    auto qps = [&](const std::string& name, bool wall = false) {
      auto it = Tallies().find(name + sfx);
      if (it == Tallies().end()) return 0.0;
      const double t = wall ? it->second.seconds : it->second.cpu_seconds;
      return t == 0 ? 0.0 : it->second.queries / t;
    };
    const double mh = qps("faiss_multihash"), flat = qps("faiss_flat");
    for (const char* name : {"mih", "mih_1q", "brute_avx512", "brute_avx2", "brute_scalar",
                             "faiss_multihash", "faiss_flat"}) {
      const double q = qps(name);
      if (q == 0) continue;
      const Info info = Infos()[name + sfx];
      std::printf("%-26s %10.0f %10.0f %9.2f %9.2f %9.2f %9.2f %9.2f\n", (name + sfx).c_str(), q,
                  qps(name, true), mh ? q / mh : 0.0, flat ? q / flat : 0.0, info.build_s,
                  info.mem_with_hashes, info.mem_without_hashes);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  if (const char* set = std::getenv("TAMIS_BENCH_SET"); set && *set) g_set = set;
  if (g_set != "uniform" && g_set != "skewed") {
    std::fprintf(stderr, "TAMIS_BENCH_SET must be uniform or skewed\n");
    return 2;
  }
  const char* env = std::getenv("TAMIS_BENCH_SIZES");
  std::string list = env ? env : "1000000,10000000";
  for (size_t pos = 0; pos < list.size();) {
    size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    sizes.push_back(std::stoull(list.substr(pos, comma - pos)));
    pos = comma + 1;
  }
  std::printf("best SIMD level: %s; AVX-512 VPOPCNTDQ available: %s\n",
              std::string(th::SimdLevelName(th::BestSimdLevel())).c_str(),
              th::SimdLevelAvailable(th::SimdLevel::kAvx512) ? "yes" : "no");
  for (size_t n : sizes) {
    const std::string sfx = "/" + std::to_string(n);
    benchmark::RegisterBenchmark(("mih" + sfx).c_str(), BM_Mih, n)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(2);
    benchmark::RegisterBenchmark(("mih_1q" + sfx).c_str(), BM_MihSingle, n)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(1);
    for (th::SimdLevel l : {th::SimdLevel::kAvx512, th::SimdLevel::kAvx2, th::SimdLevel::kScalar}) {
      benchmark::RegisterBenchmark(("brute_" + std::string(th::SimdLevelName(l)) + sfx).c_str(),
                                   BM_Brute, n, l)
          ->Unit(benchmark::kMillisecond)
          ->MinTime(1);
    }
#ifdef TAMIS_BENCH_WITH_FAISS
    benchmark::RegisterBenchmark(("faiss_multihash" + sfx).c_str(), BM_FaissMultiHash, n)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(1);
    benchmark::RegisterBenchmark(("faiss_flat" + sfx).c_str(), BM_FaissFlat, n)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(1);
#endif
  }
  benchmark::Initialize(&argc, argv);
  const std::string load_before = LoadAverage();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  PrintSummary(sizes, load_before);
  return 0;
}
