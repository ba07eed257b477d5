// Scale benchmark: ~1 million synthetic person entities recombined from real given / middle /
// family tokens of the UN + OFAC person names (each with 0-4 aliases: several million names),
// plus the real UN + OFAC entities. Reports index build time, memory, queries/s, and candidate
// recall / recall@10 of noisy queries (typo, token swap, "FAMILY, Given") built from random
// synthetic entities.
//
// With --diagnose-misses, each query whose entity is not among the candidates is classified:
// the entity's best name scores below the threshold (nothing to find), at least 10 other
// entities score as high in a wide search (ambiguous: any top-10 engine misses it), or a real
// miss (the first 20 are printed with the entity's best name and score).
//
//   bench_names_scale --data /tmp/tamis-bench --shared /work/shared/data [--entities 1000000] [--queries 2000]
//                     [--max-candidates N] [--pool N] [--extra-token-rarity R] [--diagnose-misses]
//                     [--sweep 40,80,160]
//
// --sweep runs the queries once per pool size on the one index (max_candidates = 4/5 of the pool,
// the defaults' ratio 32/40), after the default run: what a larger pool buys in candidate recall
// and costs in speed, in the same run.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "bench/names/common.h"
#include "core/names/prepared_name.h"
#include "index/names/name_index.h"
#include "service/screen_service.h"

using namespace tamis;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool Alpha(const std::string& w) {
  if (w.size() < 2) return false;
  for (unsigned char c : w)
    if (!std::isalpha(c) && c != '-' && c != '\'') return false;
  return true;
}

std::string Typo(std::string w, std::mt19937_64& rng) {
  if (w.size() < 4) return w;
  std::uniform_int_distribution<size_t> pos(1, w.size() - 2);
  const size_t p = pos(rng);
  switch (rng() % 3) {
    case 0: w[p] = static_cast<char>('a' + rng() % 26); break;  // substitution
    case 1: w.erase(p, 1); break;                                // deletion
    default: std::swap(w[p], w[p + 1]); break;                   // transposition
  }
  return w;
}

struct Q {
  std::string name, expected;
  int noise = 0;  // 0 clean, 1 typo, 2 swap, 3 both
};

// One pass of the queries with `params`: screening timed per query, then the candidates (untimed).
struct Run {
  std::vector<double> lat;  // µs per query
  double seconds = 0;
  size_t at1 = 0, at10 = 0, above = 0, cand_hit = 0, cand_total = 0;
  size_t by_noise[4] = {}, cand_by_noise[4] = {};
};

Run RunQueries(const index::NameIndex& ix, const std::vector<Q>& qs, const ScreenParams& params) {
  Run run;
  const index::NameSearchParams sp = SearchParamsOf(params);
  const auto q0 = Clock::now();
  for (const auto& q : qs) {
    const auto a = Clock::now();
    ScreenRecord r;
    r.name = q.name;
    auto hits = ScreenRecordHits(ix, r, params);
    run.lat.push_back(bench::Seconds(a, Clock::now()) * 1e6);
    for (size_t i = 0; i < hits.size(); ++i)
      if (ix.entity(hits[i].entity).id == q.expected) {
        run.above += 1;
        // Rank with ties: recombined names can be identical for several entities.
        if (hits[i].score >= hits[0].score) ++run.at1;
        if (i < 10) ++run.at10;
        break;
      }
  }
  run.seconds = bench::Seconds(q0, Clock::now());
  for (const auto& q : qs) {
    auto c = ix.Candidates(names::PrepareName(q.name, EntityKind::kUnknown), sp);
    run.cand_total += c.size();
    ++run.by_noise[q.noise];
    for (uint32_t n : c)
      if (ix.entity(ix.name_entity(n)).id == q.expected) {
        ++run.cand_hit;
        ++run.cand_by_noise[q.noise];
        break;
      }
  }
  return run;
}

double Share(size_t a, size_t b) { return static_cast<double>(a) / std::max<size_t>(1, b); }

}  // namespace

int main(int argc, char** argv) {
  std::string data = "/tmp/tamis-bench-names", shared = "/work/shared/data";
  size_t n_entities = 1000000, n_queries = 2000, max_cand = 0, pool = 0;
  bool diagnose = false;
  std::vector<size_t> sweep;  // --sweep 40,80,...: pool sizes run on the same index, in one run
  float extra_token_rarity = -1;  // < 0: NameSearchParams default
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else if (!std::strcmp(argv[i], "--shared") && i + 1 < argc) shared = argv[++i];
    else if (!std::strcmp(argv[i], "--entities") && i + 1 < argc) n_entities = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--queries") && i + 1 < argc) n_queries = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--max-candidates") && i + 1 < argc) max_cand = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--pool") && i + 1 < argc) pool = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--extra-token-rarity") && i + 1 < argc) extra_token_rarity = std::strtof(argv[++i], nullptr);
    else if (!std::strcmp(argv[i], "--diagnose-misses")) diagnose = true;
    else if (!std::strcmp(argv[i], "--sweep") && i + 1 < argc) {
      std::istringstream in(argv[++i]);
      for (std::string v; std::getline(in, v, ',');) sweep.push_back(std::strtoul(v.c_str(), nullptr, 10));
    }
    else {
      std::fprintf(stderr, "usage: bench_names_scale [--data DIR] [--shared DIR] [--entities N] [--queries N] "
                           "[--max-candidates N] [--pool N] [--extra-token-rarity R] [--diagnose-misses] [--sweep P1,P2,..]\n");
      return 2;
    }
  }
  std::printf("cpu: %s, %u hardware threads\n", bench::CpuModel().c_str(), std::thread::hardware_concurrency());
  auto store = bench::OpenFilledStore(data, shared, false);
  auto real = bench::LoadEntities(*store, {"un", "ofac"});

  // Name-part pools from real person names (Latin script).
  std::set<std::string> given_s, middle_s, family_s;
  for (const auto& e : real) {
    if (e.kind != EntityKind::kPerson) continue;
    for (const auto& n : e.names) {
      if (n.type == NameType::kOriginalScript) continue;
      std::string full = n.full;
      std::replace(full.begin(), full.end(), ',', ' ');
      auto t = Split(full);
      if (t.size() < 2) continue;
      if (Alpha(t.front())) given_s.insert(t.front());
      if (Alpha(t.back())) family_s.insert(t.back());
      for (size_t i = 1; i + 1 < t.size(); ++i)
        if (Alpha(t[i])) middle_s.insert(t[i]);
    }
  }
  std::vector<std::string> given(given_s.begin(), given_s.end()), middle(middle_s.begin(), middle_s.end()),
      family(family_s.begin(), family_s.end());
  std::printf("name parts from UN+OFAC persons: %zu given, %zu middle, %zu family tokens\n", given.size(), middle.size(),
              family.size());

  std::mt19937_64 rng(20261128);
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& { return v[rng() % v.size()]; };
  std::vector<Entity> ents;
  ents.reserve(n_entities + real.size());
  size_t n_names = 0;
  for (size_t i = 0; i < n_entities; ++i) {
    Entity e;
    e.id = "syn:" + std::to_string(i);
    e.source = "syn";
    e.kind = EntityKind::kPerson;
    const std::string g = pick(given), f = pick(family);
    std::string primary = g + " " + (rng() % 2 ? pick(middle) + " " : "") + f;
    Name pn;
    pn.full = primary;
    e.names.push_back(std::move(pn));
    const int aliases = static_cast<int>(rng() % 5);
    for (int a = 0; a < aliases; ++a) {
      Name n;
      n.type = NameType::kAka;
      switch (rng() % 3) {
        case 0: n.full = f + ", " + g; break;
        case 1: n.full = g + " " + pick(middle) + " " + f; break;
        default: n.full = pick(given) + " " + f; break;
      }
      e.names.push_back(std::move(n));
    }
    if (rng() % 2) {
      DateOfBirth d;
      d.from.year = 1940 + static_cast<int>(rng() % 60);
      e.dates_of_birth.push_back(d);
    }
    n_names += e.names.size();
    ents.push_back(std::move(e));
  }
  for (auto& e : real) n_names += e.names.size(), ents.push_back(std::move(e));
  std::printf("synthetic corpus: %zu entities (%zu synthetic + UN/OFAC), %zu names\n", ents.size(), n_entities, n_names);

  // Queries: a random name of a random synthetic entity, with noise.
  std::vector<Q> qs;
  for (size_t i = 0; i < n_queries; ++i) {
    const Entity& e = ents[rng() % n_entities];
    std::string name = e.names[rng() % e.names.size()].full;
    std::replace(name.begin(), name.end(), ',', ' ');
    auto t = Split(name);
    const int noise = static_cast<int>(rng() % 4);
    switch (noise) {
      case 0: break;                                                 // clean
      case 1: { auto& w = t[rng() % t.size()]; w = Typo(w, rng); break; }  // one typo
      case 2: std::swap(t.front(), t.back()); break;                 // token order
      default: { auto& w = t[rng() % t.size()]; w = Typo(w, rng); std::swap(t.front(), t.back()); break; }
    }
    std::string q;
    for (const auto& w : t) q += (q.empty() ? "" : " ") + w;
    qs.push_back({q, e.id, noise});
  }

  const size_t rss0 = bench::RssBytes();
  const auto t0 = Clock::now();
  auto ix = index::NameIndex::Build(std::move(ents));
  const double build = bench::Seconds(t0, Clock::now());
  const size_t rss1 = bench::RssBytes();
  const auto& st = ix->stats();
  std::printf("index build (%u threads): %.2f s; %zu names indexed (%zu equal to another), %zu keys, %zu postings "
              "(longest %zu)\n",
              std::thread::hardware_concurrency(), build, st.names, st.equal_names, st.keys, st.postings, st.max_postings);
  std::printf("memory: estimate %.0f MiB (%.0f bytes/name); RSS growth during build %.0f MiB\n",
              st.memory_bytes / 1048576.0, static_cast<double>(st.memory_bytes) / st.names, (rss1 - std::min(rss1, rss0)) / 1048576.0);

  ScreenParams params;
  params.max_candidates = max_cand;
  params.candidate_pool = pool;
  params.extra_token_rarity = extra_token_rarity;
  const index::NameSearchParams sp = SearchParamsOf(params);
  Run base = RunQueries(*ix, qs, params);
  if (diagnose) {
    // Synthetic entity "syn:i" is entity i of the index (built in that order, first).
    size_t misses = 0, below = 0, ambiguous = 0, real_misses = 0;
    index::NameSearchParams wide;
    wide.max_candidates = 3000;
    wide.candidate_pool = 20000;
    wide.prune = false;
    wide.max_key_postings = size_t{1} << 30;
    for (const auto& q : qs) {
      const names::PreparedName pq = names::PrepareName(q.name, EntityKind::kUnknown);
      bool found = false;
      for (uint32_t n : ix->Candidates(pq, sp)) found |= ix->entity(ix->name_entity(n)).id == q.expected;
      if (found) continue;
      ++misses;
      const auto e = static_cast<uint32_t>(std::stoul(q.expected.substr(4)));
      names::PreparedName wq = pq;
      names::AttachWeights(&wq, ix->token_stats());
      double best = 0;
      std::string best_name;
      for (const auto& n : ix->entity(e).names) {
        names::PreparedName pn = names::PrepareName(n.full, EntityKind::kPerson);
        names::AttachWeights(&pn, ix->token_stats());
        const double sc = names::ScoreNames(wq, pn, ix->token_stats()).score;
        if (sc > best) best = sc, best_name = n.full;
      }
      if (best < names::kDefaultThreshold) {
        ++below;
        continue;
      }
      std::set<uint32_t> as_good;
      for (uint32_t n : ix->Candidates(pq, wide))
        if (ix->name_entity(n) != e && names::ScoreNames(wq, ix->prepared(n), ix->token_stats()).score >= best - 1e-9)
          as_good.insert(ix->name_entity(n));
      if (as_good.size() >= 10) {
        ++ambiguous;
        continue;
      }
      if (real_misses++ < 20)
        std::printf("  miss (noise %d): [%s] for [%s], score %.3f, %zu entities as good\n", q.noise, q.name.c_str(),
                    best_name.c_str(), best, as_good.size());
    }
    std::printf("misses %zu: entity below the threshold %zu, >= 10 entities as good %zu, real misses %zu\n", misses,
                below, ambiguous, real_misses);
  }
  const double nq = static_cast<double>(qs.size());
  const double qsec = base.seconds;
  std::printf("queries: %zu noisy (25%% clean, 25%% one typo, 25%% first/last swapped, 25%% both)\n", qs.size());
  std::printf("single thread: %.0f q/s; p50 %.1f us, p95 %.1f us, p99 %.1f us; mean candidates %.1f\n", nq / qsec,
              bench::Percentile(base.lat, 50), bench::Percentile(base.lat, 95), bench::Percentile(base.lat, 99),
              base.cand_total / nq);
  std::printf("candidate recall %.4f; recall@1 (ties counted) %.4f; recall@10 %.4f; expected entity >= %.2f: %.4f\n",
              base.cand_hit / nq, base.at1 / nq, base.at10 / nq, names::kDefaultThreshold, base.above / nq);
  std::printf("candidate recall by noise: clean %.4f, typo %.4f, swapped %.4f, typo+swapped %.4f\n",
              Share(base.cand_by_noise[0], base.by_noise[0]), Share(base.cand_by_noise[1], base.by_noise[1]),
              Share(base.cand_by_noise[2], base.by_noise[2]), Share(base.cand_by_noise[3], base.by_noise[3]));
  for (const size_t p : sweep) {
    ScreenParams sp2 = params;
    sp2.candidate_pool = p;
    sp2.abjad_candidate_pool = std::max<size_t>(p, 64);
    sp2.max_candidates = std::max<size_t>(1, p * 4 / 5);
    Run r = RunQueries(*ix, qs, sp2);
    std::printf("sweep pool %zu (max_candidates %zu): %.0f q/s (x%.2f of the default run), p50 %.1f us, p99 %.1f us; "
                "mean candidates %.1f; candidate recall %.4f (clean %.4f, typo %.4f, swapped %.4f, both %.4f); "
                "recall@10 %.4f\n",
                p, sp2.max_candidates, nq / r.seconds, qsec / r.seconds, bench::Percentile(r.lat, 50),
                bench::Percentile(r.lat, 99), r.cand_total / nq, r.cand_hit / nq, Share(r.cand_by_noise[0], r.by_noise[0]),
                Share(r.cand_by_noise[1], r.by_noise[1]), Share(r.cand_by_noise[2], r.by_noise[2]),
                Share(r.cand_by_noise[3], r.by_noise[3]), r.at10 / nq);
  }
  return 0;
}
