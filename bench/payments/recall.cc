// Payment screening accuracy: payments whose only listed party is a name in the remittance text
// (pacs.008 Ustrd and MT103 :70:, every party and agent innocent) must be held; innocent payments
// must not. Listed names: UN entities' names (UN + OFAC indexed) in generated spelling variants,
// and the UK and EU sample lists' own spellings of UN-listed subjects (lists not indexed).
// Baseline in the same run: the whole remittance text screened as one name (no windows) at the
// party hold threshold.
//
// bench_payments_recall [--data DIR] [--shared DIR] [--names N] [--innocent N] [--seed S] [--cache N (0 = no result cache)]
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <map>
#include <set>

#include "bench/names/common.h"
#include "bench/payments/gen.h"
#include "formats/lists/importers.h"
#include "service/payment_service.h"
#include "testing/shared_data_default.h"

using namespace tamis;
using namespace tamis::bench;

namespace {

struct Tally {
  int n = 0, held_text = 0, held_right = 0, baseline = 0, ceiling = 0;
};

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

bool Latin(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path data, shared = tamis::testing::SharedDataDefault();
  int n_names = 400, n_innocent = 2000;
  uint64_t seed = 15;
  double text_threshold = PaymentScreenOptions{}.text_threshold;
  size_t min_anchors = TextSpotOptions{}.min_anchors;
  bool pair_filter = TextSpotOptions{}.pair_filter;
  double soft = PaymentScreenOptions{}.text_soft_threshold;
  size_t cache_entries = PaymentScreenOptions{}.cache_entries;
  size_t near_key_names = TextSpotOptions{}.near_key_names;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
    else if (!std::strcmp(argv[i], "--shared")) shared = argv[i + 1];
    else if (!std::strcmp(argv[i], "--names")) n_names = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--innocent")) n_innocent = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--text-threshold")) text_threshold = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--min-anchors")) min_anchors = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--text-soft-threshold")) soft = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--cache")) cache_entries = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--pair-filter")) pair_filter = std::atoi(argv[i + 1]) != 0;
    else if (!std::strcmp(argv[i], "--near-key-names")) near_key_names = std::strtoull(argv[i + 1], nullptr, 10);
  }
  // A fresh store per run by default (alerts opened by one run would be met again by the next).
  const std::filesystem::path tmp = std::filesystem::temp_directory_path() / ("tamis-bench-payments-" + std::to_string(::getpid()));
  if (data.empty()) data = tmp / "data";
  auto store = OpenFilledStore(data, shared, false);
  std::vector<Entity> un = LoadEntities(*store, {"un"});
  store.reset();
  Config cfg;
  cfg.data_dir = data;
  auto svc = AlertService::Open(cfg, {}, SystemClock());
  if (!svc.ok()) {
    std::fprintf(stderr, "%s\n", svc.status().ToString().c_str());
    return 1;
  }
  PaymentScreenOptions opts;
  opts.cache_entries = cache_entries;
  opts.text_threshold = text_threshold;
  opts.text.min_anchors = min_anchors;
  opts.text.pair_filter = pair_filter;
  opts.text_soft_threshold = soft;
  opts.text.near_key_names = near_key_names;
  PaymentScreener screener(**svc, opts);
  auto snap = (*svc)->snapshot();
  Rng rng(seed);

  auto innocent_spec = [&](int k) {
    PaymentSpec s;
    s.id = "B" + std::to_string(k);
    s.debtor = InnocentPerson(rng);
    s.creditor_person = rng() & 1;
    s.creditor = s.creditor_person ? InnocentPerson(rng) : InnocentCompany(rng);
    s.debtor_country = InnocentCountry(rng);
    s.creditor_country = InnocentCountry(rng);
    return s;
  };
  std::map<std::string, Tally> tally;  // set/variant -> counts
  std::vector<std::string> misses;
  auto run = [&](const std::string& key, const std::string& name, const std::string& entity_id, int k) {
    PaymentSpec s = innocent_spec(k);
    s.remittance = Remittance(name, rng);
    const bool mt = k % 2;
    std::string bytes = mt ? MakeMt103(s) : MakePacs008(s);
    auto r = screener.ScreenBytes(bytes, key);
    if (!r.ok() || r->payments.size() != 1) {
      std::fprintf(stderr, "screen failed: %s\n", r.ok() ? "no payment" : r.status().ToString().c_str());
      std::exit(1);
    }
    const auto& p = r->payments[0];
    bool text = false, right = false;
    for (const auto& h : p.reasons)
      if (h.rule == "text") {
        text = true;
        right |= h.entity_id == entity_id;
      }
    ScreenRecord whole;
    whole.id = "baseline";
    whole.name = s.remittance;
    ScreenParams bp = opts.party;
    bp.threshold = opts.party_hold_threshold;
    bool base = !ScreenRecordHits(*snap->names, whole, bp).empty();
    // Ceiling: the name alone (as if the text were cut exactly around it) at the text threshold.
    ScreenRecord alone;
    alone.id = "ceiling";
    alone.name = name;
    ScreenParams cp = opts.party;
    cp.threshold = opts.text_threshold;
    bool ceil = !ScreenRecordHits(*snap->names, alone, cp).empty();
    for (const std::string& t : {key, std::string(mt ? "format:MT103" : "format:pacs.008"), std::string("all")}) {
      Tally& x = tally[t];
      ++x.n;
      x.held_text += text;
      x.held_right += right;
      x.baseline += base;
      x.ceiling += ceil;
    }
    if (!text && misses.size() < 400)
      misses.push_back(key + (ceil ? " (name alone found) " : " (name alone not found) ") + "[" + entity_id + "] " +
                       s.remittance);
  };

  // Generated variants of UN names.
  std::vector<std::pair<std::string, std::string>> names;  // (name, entity id)
  for (const Entity& e : un) {
    if (e.kind != EntityKind::kPerson && e.kind != EntityKind::kOrganisation) continue;
    for (const Name& n : e.names) {
      if (n.type == NameType::kOriginalScript || n.quality == NameQuality::kLow || !Latin(n.full)) continue;
      if (std::count(n.full.begin(), n.full.end(), ' ') < 1 || n.full.size() > 60) continue;
      names.emplace_back(n.full, e.id);
    }
  }
  std::shuffle(names.begin(), names.end(), rng);
  int k = 0;
  for (int i = 0; i < n_names && i < static_cast<int>(names.size()); ++i) {
    for (const char* v : kVariants) {
      std::string var = NameVariant(names[i].first, v, rng);
      if (var.empty()) continue;
      run(std::string("variant:") + v, var, names[i].second, k++);
    }
  }
  // UK and EU spellings of UN-listed subjects.
  std::set<std::string> un_ids;
  for (const Entity& e : un) un_ids.insert(e.id);
  auto other = [&](const char* label, Result<ParsedList> l) {
    if (!l.ok()) {
      std::fprintf(stderr, "%s: %s\n", label, l.status().ToString().c_str());
      return;
    }
    for (const Entity& e : l->entities) {
      std::string ref;
      for (const auto& r : e.external_refs)
        if (un_ids.count(r)) ref = r;
      if (ref.empty()) continue;
      std::set<std::string> seen;
      for (const Name& n : e.names) {
        if (n.type == NameType::kOriginalScript || !Latin(n.full) || n.full.find(' ') == std::string::npos) continue;
        if (!seen.insert(n.full).second) continue;
        run(label, NameVariant(n.full, "listed", rng), ref, k++);
      }
    }
  };
  ImportOptions io;
  other("list:uk", ParseUkConList(ListFile{"ConList-sample.csv", ReadAll(shared / "lists/uk/ConList-sample.csv")}, io));
  other("list:eu", ParseEuXml(ListFile{"sample_eu_fsf.xml", ReadAll(shared / "lists/eu/sample_eu_fsf.xml")}, io));

  // Innocent payments.
  int innocent_held = 0;
  std::map<std::string, int> by_rule;
  std::vector<std::string> false_holds;
  for (int i = 0; i < n_innocent; ++i) {
    PaymentSpec s = innocent_spec(k);
    s.remittance = Remittance("", rng);
    std::string bytes = (k++ % 2) ? MakeMt103(s) : MakePacs008(s);
    auto r = screener.ScreenBytes(bytes, "innocent");
    if (!r.ok() || r->payments.size() != 1) return 1;
    const auto& p = r->payments[0];
    if (!p.hold) continue;
    ++innocent_held;
    std::set<std::string> rules;
    for (const auto& h : p.reasons) rules.insert(h.rule);
    for (const auto& x : rules) ++by_rule[x];
    if (false_holds.size() < 15) false_holds.push_back(p.reasons[0].detail);
  }

  std::printf("payment screening accuracy (seed %llu, text threshold %.2f, min anchors %zu, pair filter %s, soft threshold %.2f, UN %zu entities; index UN + "
              "OFAC)\n",
              static_cast<unsigned long long>(seed), text_threshold, min_anchors, pair_filter ? "on" : "off", soft, un.size());
  std::printf("%-22s %6s %12s %14s %16s %18s\n", "set", "n", "held (text)", "held (entity)", "baseline (whole)",
              "ceiling (name only)");
  for (const auto& [key, x] : tally)
    std::printf("%-22s %6d %12.4f %14.4f %16.4f %18.4f\n", key.c_str(), x.n, double(x.held_text) / x.n,
                double(x.held_right) / x.n, double(x.baseline) / x.n, double(x.ceiling) / x.n);
  std::printf("innocent payments: %d, held %d (%.4f)", n_innocent, innocent_held, double(innocent_held) / n_innocent);
  for (const auto& [rule, c] : by_rule) std::printf(" %s:%d", rule.c_str(), c);
  std::printf("\n");
  std::printf("misses (first %zu):\n", misses.size());
  for (const auto& m : misses) std::printf("  %s\n", m.c_str());
  std::printf("false holds (first %zu):\n", false_holds.size());
  for (const auto& m : false_holds) std::printf("  %s\n", m.c_str());
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  return 0;
}
