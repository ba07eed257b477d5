// Accuracy harness for name screening on real lists (UN + OFAC, OpenSanctions US Congress).
//
//   bench_names_accuracy --data /tmp/tamis-bench --shared /work/shared/data [--verbose]
//
// Query sets (shared/data/names): yente's UN positives (clean and typo-treated, row-aligned),
// negatives_global (1,000 non-listed people), US Congress positives; plus the UN entities'
// original-script (Arabic) names as queries against an index built from Latin names only.
// Expected entity of a UN query: the UN entity having a Latin name equal to the untreated
// full_name (case and spacing ignored); queries whose name maps to no or several UN entities
// are reported and left out. Congress: the "os" entity with a name equal to the query.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "bench/names/common.h"
#include "core/names/prepared_name.h"
#include "index/names/name_index.h"
#include "service/screen_service.h"

using namespace tamis;

namespace {

struct Outcome {
  int rank = -1;       // 0-based rank of the expected entity among hits (threshold 0), -1 = absent
  double expected_score = 0;
  double best_other = 0;  // best score of any other entity
  bool candidate = false; // expected entity among the candidates
  // The same query at the default threshold (pruning by the score bound active): the expected
  // entity's score (0 = not returned) and the best score of any other entity.
  double pruned_expected = 0;
  double pruned_other = 0;
  std::string pruned_other_name;  // "entity id: matched name" of that best other hit
};

struct Labeled {
  std::string set;
  RecordItem item;
  std::string expected;  // "" = negative
};

size_t g_max_candidates = 0;  // --max-candidates (0 = index default)
size_t g_pool = 0;            // --pool: NameSearchParams::candidate_pool (0 = index default)
size_t g_abjad_pool = 0;  // --abjad-pool: NameSearchParams::abjad_candidate_pool (0 = default)
float g_extra_token_rarity = -1;  // --extra-token-rarity: NameSearchParams::extra_token_rarity (< 0 = default)
const std::vector<double> kThresholds = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

// Search parameters without explanations, --max-candidates, --pool and --extra-token-rarity
// applied.
index::NameSearchParams BenchParams() {
  index::NameSearchParams p;
  p.explain = false;
  if (g_max_candidates) p.max_candidates = g_max_candidates;
  if (g_pool) p.candidate_pool = g_pool;
  if (g_abjad_pool) p.abjad_candidate_pool = g_abjad_pool;
  if (g_extra_token_rarity >= 0) p.extra_token_rarity = g_extra_token_rarity;
  return p;
}

// The record's attributes (date of birth, nationality, ...), or none (--no-attributes).
names::QueryAttributes AttributesOf(const ScreenRecord& rec, bool use_attrs) {
  if (use_attrs) return QueryAttributesOf(rec);
  ScreenRecord name_only;
  name_only.name = rec.name;
  return QueryAttributesOf(name_only);
}

// Screens `rec` (threshold ~0, 50 hits) within `sources` ("" = all) and finds the expected entity.
Outcome Evaluate(const index::NameIndex& ix, const ScreenRecord& rec, const std::string& expected, bool use_attrs,
                 std::vector<std::string> sources = {}) {
  Outcome o;
  const auto q = names::PrepareName(rec.name, rec.kind);
  index::NameSearchParams p = BenchParams();
  p.threshold = 0.0001;
  p.limit = 50;
  p.prune = false;  // the reference: every name of an entity scored, no bound trusted
  p.sources = std::move(sources);
  const names::QueryAttributes attrs = AttributesOf(rec, use_attrs);
  auto hits = ix.Search(q, attrs, p);
  for (size_t i = 0; i < hits.size(); ++i) {
    const std::string& id = ix.entity(hits[i].entity).id;
    if (!expected.empty() && id == expected) {
      if (o.rank < 0) o.rank = static_cast<int>(i), o.expected_score = hits[i].score;
    } else {
      o.best_other = std::max(o.best_other, hits[i].score);
    }
  }
  {
    index::NameSearchParams d = p;
    d.threshold = names::kDefaultThreshold;
    d.prune = true;
    for (const auto& h : ix.Search(q, attrs, d)) {
      if (!expected.empty() && ix.entity(h.entity).id == expected) o.pruned_expected = std::max(o.pruned_expected, h.score);
      else if (h.score > o.pruned_other) {
        o.pruned_other = h.score;
        const Entity& e = ix.entity(h.entity);
        o.pruned_other_name = e.id + ": " + (h.name >= 0 ? e.names[h.name].full : std::string());
      }
    }
  }
  if (!expected.empty()) {
    for (uint32_t n : ix.Candidates(q, p))
      if (ix.entity(ix.name_entity(n)).id == expected) o.candidate = true;
  }
  return o;
}

// name key -> entity ids having that name (Latin names only).
std::unordered_map<std::string, std::set<std::string>> NameMap(const index::NameIndex& ix, const std::string& source) {
  std::unordered_map<std::string, std::set<std::string>> m;
  for (uint32_t e = 0; e < ix.entity_count(); ++e) {
    const Entity& ent = ix.entity(e);
    if (ent.source != source) continue;
    for (const auto& n : ent.names) {
      if (n.type == NameType::kOriginalScript) continue;
      m[bench::NameKey(n.full)].insert(ent.id);
      // Also the name with parts in list order (UN: FIRST SECOND THIRD FOURTH) is `full`.
    }
  }
  return m;
}

void PrintTable(const char* title, const std::vector<Labeled>& qs, const std::vector<Outcome>& os) {
  std::printf("\n%s\n", title);
  std::printf("%-9s %9s %9s %9s %9s %12s\n", "threshold", "precision", "recall", "F1", "alerts", "false-alert");
  size_t npos = 0, nneg = 0;
  for (const auto& q : qs) (q.expected.empty() ? nneg : npos)++;
  for (double t : kThresholds) {
    size_t correct = 0, alerts = 0, neg_alerts = 0;
    for (size_t i = 0; i < qs.size(); ++i) {
      const bool alert = std::max(os[i].best_other, os[i].expected_score) >= t;
      alerts += alert;
      if (qs[i].expected.empty()) neg_alerts += alert;
      else if (os[i].rank >= 0 && os[i].expected_score >= t) ++correct;
    }
    const double prec = alerts ? static_cast<double>(correct) / alerts : 1.0;
    const double rec = npos ? static_cast<double>(correct) / npos : 0.0;
    const double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
    std::printf("%-9.2f %9.4f %9.4f %9.4f %9zu %12.4f\n", t, prec, rec, f1, alerts,
                nneg ? static_cast<double>(neg_alerts) / nneg : 0.0);
  }
}

struct SetSummary {
  size_t n = 0, at1 = 0, at3 = 0, at10 = 0, cand = 0, above = 0;
};

SetSummary Summarise(const std::vector<Outcome>& os, const std::vector<Labeled>& qs, const std::string& set,
                     double threshold) {
  SetSummary s;
  for (size_t i = 0; i < qs.size(); ++i) {
    if (qs[i].set != set) continue;
    ++s.n;
    s.at1 += os[i].rank == 0;
    s.at3 += os[i].rank >= 0 && os[i].rank < 3;
    s.at10 += os[i].rank >= 0 && os[i].rank < 10;
    s.cand += os[i].candidate;
    s.above += os[i].rank >= 0 && os[i].expected_score >= threshold;
  }
  return s;
}

void PrintSummary(const char* name, const SetSummary& s) {
  auto f = [&](size_t k) { return s.n ? static_cast<double>(k) / s.n : 0.0; };
  std::printf("%-28s %6zu %9.4f %9.4f %9.4f %11.4f %12.4f\n", name, s.n, f(s.at1), f(s.at3), f(s.at10), f(s.cand),
              f(s.above));
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "/tmp/tamis-bench-names", shared = "/work/shared/data";
  bool verbose = false, no_attrs = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else if (!std::strcmp(argv[i], "--shared") && i + 1 < argc) shared = argv[++i];
    else if (!std::strcmp(argv[i], "--verbose")) verbose = true;
    else if (!std::strcmp(argv[i], "--no-attributes")) no_attrs = true;
    else if (!std::strcmp(argv[i], "--max-candidates") && i + 1 < argc) g_max_candidates = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--pool") && i + 1 < argc) g_pool = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--abjad-pool") && i + 1 < argc) g_abjad_pool = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--extra-token-rarity") && i + 1 < argc) g_extra_token_rarity = std::strtof(argv[++i], nullptr);
    else {
      std::fprintf(stderr, "usage: bench_names_accuracy [--data DIR] [--shared DIR] [--verbose] [--no-attributes] [--max-candidates N] [--pool N] [--abjad-pool N] [--extra-token-rarity R]\n");
      return 2;
    }
  }
  const std::filesystem::path sh(shared);
  auto store = bench::OpenFilledStore(data, sh, true);
  auto full = index::NameIndex::Build(bench::LoadEntities(*store, {"un", "ofac"}));
  index::NameIndexOptions latin_only;
  latin_only.include_original_script = false;
  auto latin = index::NameIndex::Build(bench::LoadEntities(*store, {"un", "ofac"}), latin_only);
  auto congress = index::NameIndex::Build(bench::LoadEntities(*store, {"os"}));
  std::printf("index UN+OFAC: %zu entities, %zu names (%zu Latin-only); Congress: %zu entities\n", full->entity_count(),
              full->name_count(), latin->name_count(), congress->entity_count());
  std::printf("UN queries ranked within the UN list; negatives screened against UN+OFAC\n");
  std::printf("threshold (default) %.2f; query attributes (dob, nationality) %s\n", names::kDefaultThreshold,
              no_attrs ? "ignored" : "used");

  // UN positives: map by the untreated name.
  auto un_map = NameMap(*full, "un");
  auto untreated = bench::ReadQueries(sh / "names/positives_un_untreated.csv");
  auto treated = bench::ReadQueries(sh / "names/positives_un_treated.csv");
  std::vector<Labeled> qs;
  size_t unmapped = 0, ambiguous = 0;
  for (size_t i = 0; i < untreated.size() && i < treated.size(); ++i) {
    auto it = un_map.find(bench::NameKey(untreated[i].record.name));
    if (it == un_map.end()) {
      ++unmapped;
      if (verbose) std::printf("unmapped UN query: %s\n", untreated[i].record.name.c_str());
      continue;
    }
    if (it->second.size() != 1) {
      ++ambiguous;
      continue;
    }
    qs.push_back({"un_untreated", untreated[i], *it->second.begin()});
    qs.push_back({"un_treated", treated[i], *it->second.begin()});
  }
  std::printf("UN queries: %zu rows, %zu mapped to one UN entity, %zu unmapped, %zu ambiguous\n", untreated.size(),
              qs.size() / 2, unmapped, ambiguous);

  // Arabic-script UN names against the Latin-only index.
  std::vector<Labeled> arabic;
  for (uint32_t e = 0; e < full->entity_count(); ++e) {
    const Entity& ent = full->entity(e);
    if (ent.source != "un") continue;
    for (const auto& n : ent.names) {
      if (n.type != NameType::kOriginalScript) continue;
      bool arab = false;  // U+0600..U+06FF lead bytes D8..DB
      for (unsigned char c : n.full) arab |= c >= 0xD8 && c <= 0xDB;
      if (!arab) continue;
      RecordItem it;
      it.record.name = n.full;
      it.record.id = ent.id;
      // Organisations' original-script names are translations ("Libyan Islamic Fighting Group"),
      // not transliterations: reported apart.
      arabic.push_back({ent.kind == EntityKind::kOrganisation ? "arabic_org" : "arabic", it, ent.id});
    }
  }
  auto negatives = bench::ReadQueries(sh / "names/negatives_global.csv");
  for (auto& n : negatives) qs.push_back({"negatives", n, ""});

  std::vector<Outcome> os(qs.size());
  // UN positives are ranked within the UN list (the same people are often on OFAC too: an OFAC
  // hit on the same person is a correct alert, not a ranking error); negatives against UN+OFAC.
  for (size_t i = 0; i < qs.size(); ++i)
    os[i] = Evaluate(*full, qs[i].item.record, qs[i].expected, !no_attrs,
                     qs[i].expected.empty() ? std::vector<std::string>{} : std::vector<std::string>{"un"});
  std::vector<Outcome> oa(arabic.size());
  for (size_t i = 0; i < arabic.size(); ++i)
    oa[i] = Evaluate(*latin, arabic[i].item.record, arabic[i].expected, !no_attrs, {"un"});

  // Congress.
  auto os_map = NameMap(*congress, "os");
  std::vector<Labeled> cq;
  size_t c_unmapped = 0;
  for (auto& r : bench::ReadQueries(sh / "names/positives_us_congress_untreated.csv")) {
    auto it = os_map.find(bench::NameKey(r.record.name));
    if (it == os_map.end() || it->second.size() != 1) {
      ++c_unmapped;
      continue;
    }
    cq.push_back({"congress", r, *it->second.begin()});
  }
  std::vector<Outcome> oc(cq.size());
  for (size_t i = 0; i < cq.size(); ++i) oc[i] = Evaluate(*congress, cq[i].item.record, cq[i].expected, !no_attrs);

  const double t = names::kDefaultThreshold;
  std::printf("\n%-28s %6s %9s %9s %9s %11s %12s\n", "query set", "n", "recall@1", "recall@3", "recall@10",
              "cand.recall", "recall@thr");
  PrintSummary("UN untreated", Summarise(os, qs, "un_untreated", t));
  PrintSummary("UN treated (typos)", Summarise(os, qs, "un_treated", t));
  PrintSummary("UN Arabic script, persons", Summarise(oa, arabic, "arabic", t));
  PrintSummary("UN Arabic script, orgs", Summarise(oa, arabic, "arabic_org", t));
  PrintSummary("US Congress (os)", Summarise(oc, cq, "congress", t));
  std::printf("(Congress: %zu queries unmapped/ambiguous and left out)\n", c_unmapped);
  size_t neg = 0, neg_alert = 0, neg_alert_default = 0;
  for (size_t i = 0; i < qs.size(); ++i)
    if (qs[i].set == "negatives") {
      ++neg;
      neg_alert += os[i].best_other >= t;
      neg_alert_default += os[i].pruned_other >= t;
    }
  {  // US Congress members against the sanctions lists: real names, none of them listed, many
     // with initials ("John F. Kennedy"): false alerts of another kind than negatives_global's.
    const index::NameSearchParams d = BenchParams();
    size_t n = 0, alerts = 0;
    for (const auto& r : bench::ReadQueries(sh / "names/positives_us_congress_untreated.csv")) {
      ++n;
      alerts += !full->Search(names::PrepareName(r.record.name, r.record.kind), AttributesOf(r.record, !no_attrs), d).empty();
    }
    std::printf("US Congress names against UN + OFAC: %zu queries, false-alert rate at %.2f: %.4f (%zu alerts)\n", n,
                names::kDefaultThreshold, n ? static_cast<double>(alerts) / n : 0.0, alerts);
  }
  std::printf("negatives_global: %zu queries, false-alert rate at %.2f: %.4f (%zu alerts) searching at threshold ~0; "
              "%.4f (%zu alerts) with the default search (threshold %.2f, score-bound pruning)\n",
              neg, t, neg ? static_cast<double>(neg_alert) / neg : 0.0, neg_alert,
              neg ? static_cast<double>(neg_alert_default) / neg : 0.0, neg_alert_default, t);
  {  // Pruning loss: the default-threshold search (score-bound pruning) against threshold ~0.
    size_t lost_expected = 0, lost_alert = 0, gained = 0, total = 0;
    auto check = [&](const std::vector<Labeled>& q, const std::vector<Outcome>& o) {
      for (size_t i = 0; i < q.size(); ++i) {
        ++total;
        const bool ref_exp = o[i].rank >= 0 && o[i].expected_score >= t;
        const bool got_exp = o[i].pruned_expected >= t;
        lost_expected += ref_exp && !got_exp;
        gained += got_exp && !ref_exp;
        const bool lost = (o[i].best_other >= t) && !(o[i].pruned_other >= t);
        lost_alert += lost;
        if (verbose && lost) std::printf("PRUNED other %.3f: %s\n", o[i].best_other, q[i].item.record.name.c_str());
        if (verbose && ref_exp && !got_exp)
          std::printf("PRUNED expected %.3f: %s\n", o[i].expected_score, q[i].item.record.name.c_str());
      }
    };
    check(qs, os);
    check(arabic, oa);
    check(cq, oc);
    std::printf("pruning loss at %.2f over %zu queries: expected entity lost %zu, other alerts lost %zu (gained %zu)\n",
                t, total, lost_expected, lost_alert, gained);
  }

  std::vector<Labeled> treated_neg;
  std::vector<Outcome> treated_neg_o;
  std::vector<Labeled> untreated_neg;
  std::vector<Outcome> untreated_neg_o;
  for (size_t i = 0; i < qs.size(); ++i) {
    if (qs[i].set != "un_untreated") treated_neg.push_back(qs[i]), treated_neg_o.push_back(os[i]);
    if (qs[i].set != "un_treated") untreated_neg.push_back(qs[i]), untreated_neg_o.push_back(os[i]);
  }
  PrintTable("UN treated positives + negatives_global (query-level: an alert = any hit >= threshold):", treated_neg,
             treated_neg_o);
  PrintTable("UN untreated positives + negatives_global:", untreated_neg, untreated_neg_o);
  PrintTable("Arabic-script UN names (Latin-only index), positives only:", arabic, oa);
  PrintTable("US Congress positives (index: Congress list only):", cq, oc);

  {  // Alert recall: the default search against a wide one, on all three lists as `tamis screen`.
    // The pool and the names scored per query are heuristics: names tied on common keys past
    // the pool, or past the max_candidates best score bounds, are not scored. A wide search
    // (pool 2048, 512 names scored) is the reference; an alert it finds (score >= 0.70) that the
    // default misses counts only while the default returned fewer hits than its limit. The
    // wide search ranks its pool by key rarity alone (extra_token_rarity 0), so that the
    // reference does not move with that option.
    auto all = index::NameIndex::Build(bench::LoadEntities(*store, {"un", "ofac", "os"}));
    const index::NameSearchParams def = BenchParams();
    index::NameSearchParams wide = def;
    wide.candidate_pool = 2048;
    wide.max_candidates = 512;
    wide.extra_token_rarity = 0;
    std::map<std::string, std::array<size_t, 3>> by_set;  // set -> {wide alerts, missed, missed >= 0.9}
    auto check = [&](const std::string& set, const ScreenRecord& rec) {
      const auto q = names::PrepareName(rec.name, rec.kind);
      const names::QueryAttributes attrs = AttributesOf(rec, !no_attrs);
      const auto d = all->Search(q, attrs, def), w = all->Search(q, attrs, wide);
      auto& c = by_set[set];
      c[0] += w.size();
      if (d.size() >= def.limit) return;
      for (const auto& h : w) {
        if (std::any_of(d.begin(), d.end(), [&](const index::NameHit& x) { return x.entity == h.entity; })) continue;
        ++c[1];
        c[2] += h.score >= 0.9;
        if (verbose) {
          const Entity& e = all->entity(h.entity);
          std::printf("MISSED ALERT %.3f: %s -> %s (%s)\n", h.score, rec.name.c_str(),
                      h.name >= 0 ? e.names[h.name].full.c_str() : "", e.id.c_str());
        }
      }
    };
    for (const auto& l : qs) check(l.set, l.item.record);
    for (const auto& r : bench::ReadQueries(sh / "names/positives_us_congress_untreated.csv")) check("congress", r.record);
    std::printf("\nAlert recall of the default search (pool %zu, %zu names scored) against a wide one (pool 2048, "
                "512 scored), all lists (UN + OFAC + Congress), hits >= %.2f, limit %zu:\n",
                def.candidate_pool, def.max_candidates, t, def.limit);
    std::printf("%-14s %8s %8s %8s %11s\n", "query set", "alerts", "missed", ">= 0.90", "recall");
    std::array<size_t, 3> sum{};
    for (const auto& [set, c] : by_set) {
      std::printf("%-14s %8zu %8zu %8zu %11.4f\n", set.c_str(), c[0], c[1], c[2], c[0] ? 1.0 - double(c[1]) / c[0] : 1.0);
      for (int k = 0; k < 3; ++k) sum[k] += c[k];
    }
    std::printf("%-14s %8zu %8zu %8zu %11.4f\n", "all", sum[0], sum[1], sum[2], sum[0] ? 1.0 - double(sum[1]) / sum[0] : 1.0);
  }

  if (verbose) {
    auto show = [&](const char* what, const std::vector<Labeled>& q, const std::vector<Outcome>& o, int k) {
      for (size_t i = 0; i < q.size(); ++i) {
        if (q[i].expected.empty()) {
          if (o[i].best_other >= t || o[i].pruned_other >= t)
            std::printf("%s FALSE ALERT %.3f (default search %.3f): %s -> %s\n", what, o[i].best_other,
                        o[i].pruned_other, q[i].item.record.name.c_str(), o[i].pruned_other_name.c_str());
          continue;
        }
        if (o[i].rank >= 0 && o[i].rank < k) continue;
        std::printf("%s MISS [%s] rank=%d score=%.3f other=%.3f cand=%d: %s\n", what, q[i].set.c_str(), o[i].rank,
                    o[i].expected_score, o[i].best_other, o[i].candidate, q[i].item.record.name.c_str());
      }
    };
    show("UN", qs, os, 1);
    show("AR", arabic, oa, 3);
    show("CONGRESS", cq, oc, 1);
  }
  return 0;
}
