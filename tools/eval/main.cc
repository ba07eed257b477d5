// tamis-eval: precision / recall / F1 of the name scorer on the shared name benchmarks.
//   tamis-eval [--data DIR] [--no-stats] [--errors] [--negatives N] [--checks] [--threshold T]
//            [--threads K] [--pair NAME1 NAME2]
// --negatives N: false-alert check: N names sampled evenly from names/negatives_global.csv
// (synthetic non-listed people; 1000 = all), each scored by brute force against every OFAC + UN
// list name; prints the share of negatives alerting at each threshold (--errors: the pairs).
// --checks: recall checks: UN original-script names vs the same entity's Latin names, and
// yente's noisy UN queries (positives_un_treated.csv) vs the UN names (--errors: the misses).
// --threshold T: decision threshold for --errors and the checks (default kDefaultThreshold).
// --threads K: threads for the brute-force checks (default 2).
// Token stats are built over the same OFAC + UN names.
// --loao: leave-one-alias-out over the UN, OFAC and EU lists (tools/eval/loao.h): each name of
// an entity a query against the entity's other names, Tamis beside Jaro-Winkler and (with
// --pg CONNINFO, a server from bench/names/pg_trgm_setup.sh) pg_trgm; --loao-folds N (16),
// --loao-max N queries per list (4000; 0 = all); --errors lists Tamis's misses. Runs alone.
// --foreign-script: Arabic-script person names by origin, real and transcribed, with and without
// the romaniser's foreign-name readings (tools/eval/foreign_script.h); --foreign-max N. Runs alone.
// DIR defaults to $TAMIS_SHARED_DATA or ../shared/data.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/names/similarity.h"
#include "core/text/normalise.h"
#include "core/text/transliterate.h"
#include "tools/eval/checks.h"
#include "tools/eval/eval_lib.h"
#include "tools/eval/foreign_script.h"
#include "tools/eval/loao.h"

using namespace tamis;

int main(int argc, char** argv) {
  std::string dir = std::getenv("TAMIS_SHARED_DATA") ? std::getenv("TAMIS_SHARED_DATA") : "../shared/data";
  bool use_stats = true, errors = false;
  size_t negatives = 0;
  bool checks = false;
  int threads = 2;
  double threshold = names::kDefaultThreshold;
  std::string pair_a, pair_b;
  bool loao = false, foreign = false;
  eval::LoaoOptions loao_opts;
  eval::ForeignScriptOptions foreign_opts;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc) dir = argv[++i];
    else if (!std::strcmp(argv[i], "--no-stats")) use_stats = false;
    else if (!std::strcmp(argv[i], "--errors")) errors = true;
    else if (!std::strcmp(argv[i], "--negatives") && i + 1 < argc) negatives = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--checks")) checks = true;
    else if (!std::strcmp(argv[i], "--threshold") && i + 1 < argc) threshold = std::strtod(argv[++i], nullptr);
    else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--pair") && i + 2 < argc) pair_a = argv[++i], pair_b = argv[++i];
    else if (!std::strcmp(argv[i], "--loao")) loao = true;
    else if (!std::strcmp(argv[i], "--foreign-script")) foreign = true;
    else if (!std::strcmp(argv[i], "--foreign-max") && i + 1 < argc) foreign_opts.max_per_group = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--loao-no-jw")) loao_opts.jaro_winkler = false;
    else if (!std::strcmp(argv[i], "--loao-folds") && i + 1 < argc) loao_opts.folds = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--loao-max") && i + 1 < argc) loao_opts.max_queries_per_list = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--pg") && i + 1 < argc) loao_opts.pg_conninfo = argv[++i];
    else {
      std::fprintf(stderr, "usage: tamis-eval [--data DIR] [--no-stats] [--errors] [--negatives N] [--checks] [--threshold T] [--threads K] [--pair NAME1 NAME2]\n"
                           "       tamis-eval --foreign-script [--data DIR] [--foreign-max N] [--errors]\n"
                           "       tamis-eval --loao [--data DIR] [--loao-folds N] [--loao-max N] [--pg CONNINFO] [--loao-no-jw] [--threads K] [--errors]\n");
      return 2;
    }
  }
  if (foreign) {
    foreign_opts.errors = errors;
    return eval::RunForeignScript(dir, foreign_opts) ? 0 : 1;
  }
  if (loao) {
    loao_opts.threads = threads;
    loao_opts.errors = errors;
    return eval::RunLeaveOneAliasOut(dir, loao_opts) ? 0 : 1;
  }
  auto cases = eval::LoadCases(dir + "/names/cases.csv");
  if (!cases.ok()) {
    std::fprintf(stderr, "%s\n", cases.status().ToString().c_str());
    return 1;
  }
  size_t corpus = 0;
  names::TokenStats stats = use_stats ? eval::BuildListStats(dir, &corpus) : names::TokenStats();
  std::printf("token stats: %zu list names, %zu distinct tokens%s\n", corpus, stats.distinct_tokens(),
              use_stats ? "" : " (disabled)");
  if (!pair_a.empty()) {  // --pair A B: explain one score (both names prepared as kUnknown)
    const auto a = names::PrepareName(pair_a, names::NameKind::kUnknown);
    const auto b = names::PrepareName(pair_b, names::NameKind::kUnknown);
    const auto r = names::ScoreNames(a, b, stats);
    std::printf("%.3f  [%s] vs [%s]\n", r.score, a.Normalised().c_str(), b.Normalised().c_str());
    for (const auto& p : r.explanation.pairs)
      std::printf("  %s ~ %s  %s sim %.3f weight %.3f\n", p.query.c_str(), p.candidate.c_str(),
                  std::string(names::MatchHowName(p.how)).c_str(), p.similarity, p.weight);
    for (const auto& u : r.explanation.unmatched_query) std::printf("  query: %s\n", u.c_str());
    for (const auto& u : r.explanation.unmatched_candidate) std::printf("  candidate: %s\n", u.c_str());
    return 0;
  }

  names::ScoreOptions opts;
  opts.threshold = threshold;
  std::vector<double> ours, jw;
  auto t0 = std::chrono::steady_clock::now();
  std::vector<names::PreparedName> p1, p2;
  for (const auto& c : *cases) {
    p1.push_back(names::PrepareName(c.name1, eval::KindOfSchema(c.schema)));
    p2.push_back(names::PrepareName(c.name2, eval::KindOfSchema(c.schema)));
  }
  auto t1 = std::chrono::steady_clock::now();
  // As an index would: rarity weights folded into the prepared names once.
  for (auto& p : p1) names::AttachWeights(&p, stats);
  for (auto& p : p2) names::AttachWeights(&p, stats);
  names::ScoreOptions quiet = opts;
  quiet.explain = false;
  const int reps = 200;
  double sink = 0;
  for (int r = 0; r < reps; ++r)
    for (size_t i = 0; i < cases->size(); ++i) sink += names::ScoreNames(p1[i], p2[i], stats, quiet).score;
  auto t2 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < cases->size(); ++i) {
    const auto& c = (*cases)[i];
    ours.push_back(names::ScoreNames(p1[i], p2[i], stats, opts).score);
    jw.push_back(names::JaroWinkler(text::Normalise(c.name1), text::Normalise(c.name2)));
  }
  // Preparation cost on ASCII names only (no ICU), the common case for list and query names.
  size_t ascii_names = 0;
  auto ta = std::chrono::steady_clock::now();
  for (int r = 0; r < 20; ++r)
    for (const auto& c : *cases)
      for (const std::string* nm : {&c.name1, &c.name2})
        if (text::IsAscii(*nm)) {
          ascii_names += names::PrepareName(*nm, eval::KindOfSchema(c.schema)).tokens.size() > 0;
        }
  auto tb = std::chrono::steady_clock::now();
  const double ascii_prep_us = std::chrono::duration<double, std::micro>(tb - ta).count() / std::max<size_t>(1, ascii_names);
  const double prep_us = std::chrono::duration<double, std::micro>(t1 - t0).count() / (2.0 * cases->size());
  const double score_us =
      std::chrono::duration<double, std::micro>(t2 - t1).count() / (double(reps) * cases->size());

  std::printf("\ncases.csv: %zu pairs\n%-10s %9s %9s %9s   | %-9s %9s %9s %9s\n", cases->size(), "threshold",
              "precision", "recall", "F1", "JW base", "precision", "recall", "F1");
  for (int k = 10; k <= 19; ++k) {
    const double t = k * 0.05;
    auto a = eval::Confuse(ours, *cases, t), b = eval::Confuse(jw, *cases, t);
    std::printf("%-10.2f %9.3f %9.3f %9.3f   | %-9s %9.3f %9.3f %9.3f\n", t, a.Precision(), a.Recall(), a.F1(), "",
                b.Precision(), b.Recall(), b.F1());
  }
  auto d = eval::Confuse(ours, *cases, opts.threshold);
  std::printf("default threshold %.2f: precision %.3f recall %.3f F1 %.3f (TP %d FP %d FN %d TN %d)\n",
              opts.threshold, d.Precision(), d.Recall(), d.F1(), d.tp, d.fp, d.fn, d.tn);
  double best_jw = 0, best_t = 0;
  for (int k = 50; k <= 99; ++k) {
    auto b = eval::Confuse(jw, *cases, k / 100.0);
    if (b.F1() > best_jw) best_jw = b.F1(), best_t = k / 100.0;
  }
  std::printf("Jaro-Winkler baseline, best threshold %.2f: F1 %.3f\n", best_t, best_jw);
  if (auto lv = eval::LoadLogicV2(dir + "/names/logicv2-frozen.csv"); lv.ok())
    std::printf("nomenklatura logic-v2 (frozen run, %d pairs): precision %.3f recall %.3f F1 %.3f\n",
                lv->tp + lv->fp + lv->fn + lv->tn, lv->Precision(), lv->Recall(), lv->F1());
  std::printf("cost: prepare %.2f us/ASCII name, ", ascii_prep_us);
  std::printf("%.2f us/name over all names (ICU for non-Latin), score %.3f us/pair (no explanation; %d reps) [%g]\n", prep_us, score_us,
              reps, sink > 0 ? 1.0 : 0.0);

  if (auto xs = eval::LoadCrossScript(dir + "/names/cross_script_pairs.csv"); xs.ok()) {
    int pass = 0;
    std::printf("\ncross_script_pairs.csv:\n");
    for (const auto& p : *xs) {
      auto a = names::PrepareName(p.query, names::NameKind::kPerson);
      auto b = names::PrepareName(p.expected, names::NameKind::kPerson);
      const double s = names::ScoreNames(a, b, stats, quiet).score;
      pass += s >= p.min_score;
      std::printf("  %-5s %.2f (min %.2f)  %s -> [%s] vs %s\n", s >= p.min_score ? "pass" : "FAIL", s, p.min_score,
                  p.query.c_str(), a.Normalised().c_str(), p.expected.c_str());
    }
    std::printf("cross-script: %d / %zu pairs reach min_score; at default threshold %.2f: ", pass, xs->size(),
                opts.threshold);
    int at_t = 0;
    for (const auto& p : *xs)
      at_t += names::ScoreNames(names::PrepareName(p.query, names::NameKind::kPerson),
                                names::PrepareName(p.expected, names::NameKind::kPerson), stats, quiet)
                  .score >= opts.threshold;
    std::printf("%d / %zu\n", at_t, xs->size());
  }

  if (negatives > 0) {
    const auto list = eval::PrepareList(eval::LoadListNames(dir), stats);
    eval::NegativesCheck(dir, negatives, list, stats, opts.threshold, errors, threads);
  }
  if (checks) {
    const auto un = eval::LoadUnEntities(dir);
    eval::OriginalScriptCheck(un, stats, opts.threshold, errors);
    eval::UnTreatedCheck(dir, un, stats, opts.threshold, errors, threads);
  }

  if (errors) {
    std::printf("\nerrors at default threshold:\n");
    for (size_t i = 0; i < cases->size(); ++i) {
      const auto& c = (*cases)[i];
      const bool pred = ours[i] >= opts.threshold;
      if (pred == c.is_match) continue;
      std::printf("%s %.3f  %s | %s   [%s | %s]\n", c.is_match ? "FN" : "FP", ours[i], c.name1.c_str(),
                  c.name2.c_str(), p1[i].Normalised().c_str(), p2[i].Normalised().c_str());
    }
  }
  return 0;
}
