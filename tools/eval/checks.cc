#include "tools/eval/checks.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <chrono>
#include <cmath>
#include <thread>

#include "formats/lists/importers.h"

namespace tamis::eval {

std::vector<PreparedListName> PrepareList(const std::vector<ListName>& list, const names::TokenStats& stats) {
  std::vector<PreparedListName> out;
  out.reserve(list.size());
  for (const auto& l : list) {
    PreparedListName p;
    p.raw = l.name;
    p.prepared = names::PrepareName(l.name, l.kind);
    names::AttachWeights(&p.prepared, stats);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Best> BestMatches(const std::vector<std::string>& queries, names::NameKind kind,
                              const std::vector<PreparedListName>& list, const names::TokenStats& stats,
                              int threads) {
  std::vector<Best> best(queries.size());
  names::ScoreOptions quiet;
  quiet.explain = false;
  auto work = [&](size_t from, size_t step) {
    for (size_t k = from; k < queries.size(); k += step) {
      names::PreparedName q = names::PrepareName(queries[k], kind);
      names::AttachWeights(&q, stats);
      for (size_t i = 0; i < list.size(); ++i) {
        const double s = names::ScoreNames(q, list[i].prepared, stats, quiet).score;
        if (s > best[k].score) best[k] = {s, static_cast<int>(i)};
      }
    }
  };
  std::vector<std::thread> pool;
  const size_t t = static_cast<size_t>(std::max(1, threads));
  for (size_t i = 1; i < t; ++i) pool.emplace_back(work, i, t);
  work(0, t);
  for (auto& th : pool) th.join();
  return best;
}

std::vector<Entity> LoadUnEntities(const std::string& dir) {
  std::ifstream in(dir + "/lists/un/UN_consolidated.xml", std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "UN list missing under %s\n", dir.c_str());
    return {};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = ParseUnXml(ListFile{"UN_consolidated.xml", ss.str()}, ImportOptions{});
  if (!parsed.ok()) {
    std::fprintf(stderr, "UN list: %s\n", parsed.status().ToString().c_str());
    return {};
  }
  return std::move(parsed->entities);
}

namespace {

bool IsOriginalScript(const Name& n) { return n.type == NameType::kOriginalScript; }

double Pct(int a, int b) { return b ? 100.0 * a / b : 0.0; }

std::string ScriptOf(const Name& n) {
  if (!n.script.empty()) return n.script;
  // Guess from the first non-ASCII lead byte: Arabic block U+0600-06FF is D8-DB.
  for (unsigned char ch : n.full)
    if (ch >= 0x80) return (ch >= 0xD8 && ch <= 0xDB) ? "Arab" : "other";
  return "Latn";
}

}  // namespace

double OriginalScriptCheck(const std::vector<Entity>& un, const names::TokenStats& stats, double threshold,
                           bool errors) {
  names::ScoreOptions quiet;
  quiet.explain = false;
  // [person?][arabic?] -> pass / total
  int pass[2][2] = {}, total[2][2] = {};
  std::vector<std::string> misses;
  for (const auto& e : un) {
    const bool person = e.kind == EntityKind::kPerson;
    std::vector<names::PreparedName> latin;
    for (const auto& n : e.names)
      if (!IsOriginalScript(n)) {
        latin.push_back(names::PrepareName(n.full, e.kind));
        names::AttachWeights(&latin.back(), stats);
      }
    if (latin.empty()) continue;
    for (const auto& n : e.names) {
      if (!IsOriginalScript(n)) continue;
      names::PreparedName q = names::PrepareName(n.full, e.kind);
      names::AttachWeights(&q, stats);
      double best = 0;
      size_t bi = 0;
      for (size_t i = 0; i < latin.size(); ++i) {
        const double s = names::ScoreNames(q, latin[i], stats, quiet).score;
        if (s > best) best = s, bi = i;
      }
      const bool arab = ScriptOf(n) == "Arab";
      ++total[person][arab];
      if (best >= threshold) {
        ++pass[person][arab];
      } else {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.3f", best);
        misses.push_back(std::string("  miss ") + buf + "  " + e.id + "  " + n.full + "  [" + q.Normalised() +
                         "] vs [" + latin[bi].Normalised() + "]");
      }
    }
  }
  std::printf("\nUN original-script names vs Latin names of the same entity (threshold %.2f):\n", threshold);
  for (int p = 1; p >= 0; --p)
    std::printf("  %-13s Arabic script %3d / %3d (%.1f%%), other scripts %3d / %3d (%.1f%%)\n",
                p ? "persons:" : "organisations:", pass[p][1], total[p][1], Pct(pass[p][1], total[p][1]), pass[p][0],
                total[p][0], Pct(pass[p][0], total[p][0]));
  const int pp = pass[1][0] + pass[1][1], pt = total[1][0] + total[1][1];
  std::printf("  persons, all scripts: %d / %d (%.1f%%)\n", pp, pt, Pct(pp, pt));
  if (errors)
    for (const auto& m : misses) std::printf("%s\n", m.c_str());
  return pt ? double(pp) / pt : 0;
}

void UnTreatedCheck(const std::string& dir, const std::vector<Entity>& un, const names::TokenStats& stats,
                    double threshold, bool errors, int threads) {
  auto untreated = LoadFirstColumn(dir + "/names/positives_un_untreated.csv");
  auto treated = LoadFirstColumn(dir + "/names/positives_un_treated.csv");
  if (!untreated.ok() || !treated.ok() || untreated->size() != treated->size() || un.empty()) {
    std::fprintf(stderr, "UN treated check: data missing or misaligned\n");
    return;
  }
  std::vector<ListName> names;
  std::vector<int> owner;
  for (size_t i = 0; i < un.size(); ++i)
    for (const auto& n : un[i].names) {
      names.push_back({n.full, un[i].kind});
      owner.push_back(static_cast<int>(i));
    }
  auto list = PrepareList(names, stats);
  const auto bu = BestMatches(*untreated, names::NameKind::kPerson, list, stats, threads);
  names::ScoreOptions quiet;
  quiet.explain = false;
  int u_ok = 0, t_ok = 0, targets = 0;
  for (size_t k = 0; k < treated->size(); ++k) {
    u_ok += bu[k].score >= threshold;
    if (bu[k].index < 0 || bu[k].score < 0.9) continue;  // no clear entity for this row
    ++targets;
    const int ent = owner[bu[k].index];
    names::PreparedName q = names::PrepareName((*treated)[k], names::NameKind::kPerson);
    names::AttachWeights(&q, stats);
    double best = 0;
    size_t bi = 0;
    for (size_t i = 0; i < list.size(); ++i)
      if (owner[i] == ent) {
        const double s = names::ScoreNames(q, list[i].prepared, stats, quiet).score;
        if (s > best) best = s, bi = i;
      }
    if (best >= threshold) {
      ++t_ok;
    } else if (errors) {
      std::printf("  miss %.3f  %s -> %s  [%s]\n", best, (*treated)[k].c_str(), list[bi].raw.c_str(),
                  un[ent].id.c_str());
    }
  }
  const int n = static_cast<int>(treated->size());
  std::printf("\nyente UN queries vs UN names (threshold %.2f):\n", threshold);
  std::printf("  untreated: %d / %d reach the threshold (%.1f%%)\n", u_ok, n, Pct(u_ok, n));
  std::printf("  treated (noisy) vs the untreated row's entity (%d rows with a clear entity): %d (%.1f%%)\n", targets,
              t_ok, Pct(t_ok, targets));
}

void NegativesCheck(const std::string& dir, size_t n, const std::vector<PreparedListName>& list,
                    const names::TokenStats& stats, double threshold, bool errors, int threads) {
  auto neg = LoadFirstColumn(dir + "/names/negatives_global.csv");
  if (!neg.ok() || neg->empty() || list.empty()) {
    std::fprintf(stderr, "negatives check: data missing\n");
    return;
  }
  n = std::min(n, neg->size());
  std::vector<std::string> queries;
  for (size_t k = 0; k < n; ++k) queries.push_back((*neg)[k * neg->size() / n]);
  const auto t0 = std::chrono::steady_clock::now();
  const auto best = BestMatches(queries, names::NameKind::kPerson, list, stats, threads);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("\nnegatives: %zu of %zu negatives_global names vs %zu OFAC+UN names (brute force, %d threads)\n", n,
              neg->size(), list.size(), threads);
  std::printf("  threshold  alerts  rate\n");
  for (int k = 12; k <= 18; ++k) {
    const double t = k * 0.05;
    int a = 0;
    for (const auto& b : best) a += b.score >= t - 1e-9;
    std::printf("  %.2f%s      %4d  %5.1f%%\n", t, std::abs(t - threshold) < 1e-9 ? "*" : " ", a, Pct(a, int(n)));
  }
  if (errors) {
    std::vector<size_t> order;
    for (size_t k = 0; k < n; ++k)
      if (best[k].score >= threshold) order.push_back(k);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return best[a].score > best[b].score; });
    for (size_t k : order)
      std::printf("  alert %.3f  %s -> %s\n", best[k].score, queries[k].c_str(), list[best[k].index].raw.c_str());
  }
  std::printf("  %.1f s (%.2f us/pair per thread)\n", secs, 1e6 * secs * threads / (double(n) * list.size()));
}

}  // namespace tamis::eval
