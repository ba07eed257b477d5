// Payment screening speed, one thread: generated innocent CBPR+-like pacs.008 messages (2 named
// parties with structured addresses and an LEI, 4 agents by BIC, one remittance line) and
// MT103s. Baseline in the same run: pugixml's own parse (load_buffer, parse_default) of the same
// bytes against our ParseIso20022 (pugixml parse + Payment build); then parse + screen every
// party + free text + verdict end to end through PaymentScreener on UN + OFAC.
//
// Rates are per CPU second of this process (one thread: per core), the wall rate beside; the
// machine is shared, so wall time is inflated by other load, CPU time much less.
//
// bench_payments_speed [--data DIR] [--shared DIR] [--messages N] [--runs R] [--phase NAME]
//   --phase pugixml|parse|pacs008|pacs008-chunked|mt103|parties: run only that phase (perf, callgrind)
//   --chunk N: payments per ScreenMany call of the chunked end-to-end phase (default 1024, as
//     ScreenPaymentFiles); the one-message-at-a-time rate beside it is the baseline
//   --pair-filter 0: the text rule without its pair filter (payment_text.h)
//   --cache N: entries per result cache of the screener (payment_cache.h; 0 = off); every run
//     starts with empty caches and prints their hit rates
//   --near-key-names N, --dump-windows N, --explain-text TEXT: the spotter's knobs and what it keeps
//   --dump-json FILE: with --phase pacs008-chunked or mt103, the JSON line of every result (and
//     of every alert's id) written to FILE, to diff two builds' outputs on the same messages
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <ctime>
#include <unistd.h>
#include <pugixml.hpp>

#include "bench/names/common.h"
#include "bench/payments/gen.h"
#include "service/payment_service.h"
#include "testing/shared_data_default.h"

using namespace tamis;
using namespace tamis::bench;

// Parses each message and screens the payments in chunks of `chunk` (ScreenMany: one alert
// transaction per chunk), as ScreenPaymentFiles does; the results in order.
static std::vector<PaymentScreenResult> ScreenChunked(PaymentScreener& screener, const std::vector<std::string>& xml,
                                                      size_t chunk) {
  std::vector<PaymentScreenResult> out;
  out.reserve(xml.size());
  std::vector<payments::Payment> ps;
  std::vector<PaymentScreener::Input> in;
  auto flush = [&] {
    in.clear();
    for (const auto& p : ps) in.push_back({&p, "m"});
    auto r = screener.ScreenMany(in);
    if (r.ok())
      for (auto& x : *r) out.push_back(std::move(x));
    ps.clear();
  };
  for (const auto& x : xml) {
    auto parsed = ParsePaymentBatch(x, "m", screener.options().parse);
    if (!parsed.ok()) continue;
    for (auto& p : parsed->payments) ps.push_back(std::move(p));
    if (ps.size() >= chunk) flush();
  }
  flush();
  return out;
}

int main(int argc, char** argv) {
  std::filesystem::path data, shared = tamis::testing::SharedDataDefault();
  int n = 20000, runs = 3;
  std::string phase;
  int dump = 0;
  std::string explain_text, dump_json;  // print this text's windows (with and without the pair filter) and hits
  size_t near_key_names = TextSpotOptions{}.near_key_names;
  bool pair_filter = true;  // print the windows of the first N texts
  size_t cache_entries = PaymentScreenOptions{}.cache_entries;
  size_t chunk = PaymentBatchOptions{}.chunk_payments;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
    else if (!std::strcmp(argv[i], "--shared")) shared = argv[i + 1];
    else if (!std::strcmp(argv[i], "--messages")) n = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--phase")) phase = argv[i + 1];
    else if (!std::strcmp(argv[i], "--chunk")) chunk = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--cache")) cache_entries = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--pair-filter")) pair_filter = std::atoi(argv[i + 1]) != 0;
    else if (!std::strcmp(argv[i], "--near-key-names")) near_key_names = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--dump-windows")) dump = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--explain-text")) explain_text = argv[i + 1];
    else if (!std::strcmp(argv[i], "--dump-json")) dump_json = argv[i + 1];
  }
  // A fresh store per run by default (alerts opened by one run would be met again by the next).
  const std::filesystem::path tmp = std::filesystem::temp_directory_path() / ("tamis-bench-payments-" + std::to_string(::getpid()));
  if (data.empty()) data = tmp / "data";
  OpenFilledStore(data, shared, false).reset();
  Config cfg;
  cfg.data_dir = data;
  auto svc = AlertService::Open(cfg, {}, SystemClock());
  if (!svc.ok()) {
    std::fprintf(stderr, "%s\n", svc.status().ToString().c_str());
    return 1;
  }
  Rng rng(20);
  std::vector<std::string> xml, mt;
  std::vector<PaymentSpec> specs;
  size_t xml_bytes = 0;
  for (int i = 0; i < n; ++i) {
    PaymentSpec s;
    s.id = "SPD" + std::to_string(i);
    s.debtor = InnocentPerson(rng);
    s.creditor = InnocentCompany(rng);
    s.debtor_country = InnocentCountry(rng);
    s.creditor_country = InnocentCountry(rng);
    s.remittance = Remittance("", rng);
    xml.push_back(MakePacs008(s));
    xml_bytes += xml.back().size();
    mt.push_back(MakeMt103(s));
    specs.push_back(std::move(s));
  }
  // The same messages under other message ids (`prefix`): each end-to-end phase of each run its
  // own, so no phase meets the alerts another opened (met again, an alert costs no write).
  auto renamed = [&](const std::string& prefix) {
    std::vector<std::string> out;
    out.reserve(specs.size());
    for (size_t i = 0; i < specs.size(); ++i) {
      PaymentSpec s = specs[i];
      s.id = prefix + std::to_string(i);
      out.push_back(MakePacs008(s));
    }
    return out;
  };
  PaymentScreenOptions full;
  full.text.near_key_names = near_key_names;
  full.text.pair_filter = pair_filter;
  full.cache_entries = cache_entries;
  PaymentScreenOptions parties_only = full;
  parties_only.text.max_words = 0;
  parties_only.screen_address_text = false;
  PaymentScreener screener(**svc, full), screener_parties(**svc, parties_only);
  auto snap = (*svc)->snapshot();
  if (!explain_text.empty()) {
    auto vocab = screener.Vocabulary(snap);
    TextSpots f = SpotTextWindows(*snap->names, explain_text, full.text, vocab.get());
    TextSpots u = SpotTextWindows(*snap->names, explain_text, full.text);
    ScreenParams tp = full.party;
    tp.threshold = 0.7;
    for (const auto& w : u.windows) {
      bool kept = false;
      for (const auto& x : f.windows) kept |= x.begin == w.begin && x.end == w.end;
      ScreenRecord rec;
      rec.name = explain_text.substr(w.begin, w.end - w.begin);
      std::printf("%s [%s]\n", kept ? "kept   " : "dropped", rec.name.c_str());
      for (const auto& h : ScreenRecordHits(*snap->names, rec, tp)) {
        std::printf("    %.3f %s '%s':", h.score, snap->names->entity(h.entity).id.c_str(),
                    snap->names->entity(h.entity).names[h.name].full.c_str());
        for (const auto& pr : h.explanation.pairs)
          std::printf(" %s~%s(%s,w%.2f)", pr.query.c_str(), pr.candidate.c_str(), std::string(names::MatchHowName(pr.how)).c_str(), pr.weight);
        for (const auto& q : h.explanation.unmatched_query) std::printf(" q:%s", q.c_str());
        for (const auto& c : h.explanation.unmatched_candidate) std::printf(" c:%s", c.c_str());
        std::printf("\n");
      }
    }
    return 0;
  }
  size_t windows = 0, words = 0, anchors = 0, filtered = 0, unfiltered = 0;
  if (phase.empty()) {
    auto vocab = screener.Vocabulary(snap);
    Rng r2(20);  // the same texts as above
    for (int i = 0; i < n; ++i) {
      InnocentPerson(r2), InnocentCompany(r2), InnocentCountry(r2), InnocentCountry(r2);
      const std::string text = Remittance("", r2);
      TextSpots t = SpotTextWindows(*snap->names, text, full.text, vocab.get());
      windows += t.windows.size(), words += t.words, anchors += t.anchors, filtered += t.filtered;
      unfiltered += SpotTextWindows(*snap->names, text, full.text).windows.size();
      if (i < dump) {
        std::printf("text '%s':", text.c_str());
        for (const auto& w : t.windows) std::printf(" [%s]", text.substr(w.begin, w.end - w.begin).c_str());
        std::printf("\n");
      }
    }
  }
  std::printf("remittance texts: %.2f words, %.2f anchor words, %.2f windows screened per message (%.2f without the "
              "pair filter, %.2f dropped by it)\n",
              double(words) / n, double(anchors) / n, double(windows) / n, double(unfiltered) / n,
              double(filtered) / n);
  std::printf("payments speed: %d messages each, pacs.008 mean %zu bytes; index %zu entities, %zu names; cpu %s\n",
              n, xml_bytes / n, snap->names->entity_count(), snap->names->name_count(), CpuModel().c_str());
  auto cpu = [] {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
  };
  if (!phase.empty()) {  // one phase only, for profiles
    for (int run = 0; run < runs; ++run) {
      if (phase == "pugixml") {
        for (const auto& x : xml) {
          pugi::xml_document d;
          (void)d.load_buffer(x.data(), x.size());
        }
      } else if (phase == "parse") {
        for (const auto& x : xml) (void)payments::ParseIso20022(x, "m");
      } else if (phase == "pacs008") {
        for (const auto& x : xml) (void)screener.ScreenBytes(x, "m");
      } else if (phase == "pacs008-chunked") {
        auto results = ScreenChunked(screener, renamed("CH" + std::to_string(run) + "-"), chunk);
        if (!dump_json.empty()) {
          std::ofstream f(dump_json, run == 0 ? std::ios::trunc : std::ios::app);
          for (const auto& r : results) f << PaymentResultJson(r) << '\n';
        }
      } else if (phase == "mt103") {
        std::ofstream f;
        if (!dump_json.empty()) f.open(dump_json, run == 0 ? std::ios::trunc : std::ios::app);
        for (const auto& x : mt) {
          auto r = screener.ScreenBytes(x, "m");
          if (f.is_open() && r.ok())
            for (const auto& p : r->payments) f << PaymentResultJson(p) << '\n';
        }
      } else if (phase == "parties") {
        for (const auto& x : xml) (void)screener_parties.ScreenBytes(x, "m");
      } else {
        std::fprintf(stderr, "unknown phase %s\n", phase.c_str());
        return 2;
      }
    }
    return 0;
  }
  using Clk = std::chrono::steady_clock;
  auto rate = [](uint64_t h, uint64_t m) { return h + m ? double(h) / double(h + m) : 0.0; };
  for (int run = 0; run < runs; ++run) {
    screener.ClearCache();
    screener_parties.ClearCache();
    double c[6];
    c[0] = cpu();
    auto t0 = Clk::now();
    size_t nodes = 0;
    for (const auto& x : xml) {
      pugi::xml_document d;
      auto r = d.load_buffer(x.data(), x.size());
      nodes += r ? 1 : 0;
    }
    auto t1 = Clk::now();
    c[1] = cpu();
    size_t parsed = 0;
    for (const auto& x : xml) {
      auto r = payments::ParseIso20022(x, "m");
      parsed += r.ok() ? r->size() : 0;
    }
    auto t2 = Clk::now();
    c[2] = cpu();
    // The parse phase ends here (the one-at-a-time phase below is timed apart: c[2] is taken
    // again before the chunked phase).
    const double parse_cpu = c[2] - c[1], parse_wall = Seconds(t1, t2);
    // Baseline: one message at a time (its alerts in their own transaction).
    const std::vector<std::string> xml_single = renamed("PM" + std::to_string(run) + "-"),
                                   xml_chunked = renamed("CH" + std::to_string(run) + "-");
    double single_cpu = cpu();
    auto ts0 = Clk::now();
    size_t held_single = 0, ok_single = 0;
    for (const auto& x : xml_single) {
      auto r = screener.ScreenBytes(x, "m");
      if (r.ok() && r->payments.size() == 1) ++ok_single, held_single += r->payments[0].hold;
    }
    const double single_wall = Seconds(ts0, Clk::now());
    single_cpu = cpu() - single_cpu;
    const PaymentScreener::CacheStats single_stats = screener.cache_stats();
    screener.ClearCache();
    c[2] = cpu();
    t2 = Clk::now();
    // What `tamis payments screen` does: messages parsed, screened in chunks, each chunk's
    // alerts in one transaction (ScreenMany, one thread here).
    size_t held = 0, ok = 0;
    std::vector<PaymentScreenResult> results = ScreenChunked(screener, xml_chunked, chunk);
    for (const auto& r : results) ++ok, held += r.hold;
    auto t3 = Clk::now();
    c[3] = cpu();
    // The JSON line of each (what `tamis payments screen` writes), timed apart.
    size_t json_bytes = 0;
    for (const auto& r : results) json_bytes += PaymentResultJson(r).size() + 1;
    const double json_cpu = cpu() - c[3];
    results.clear();
    results.shrink_to_fit();
    c[3] = cpu();
    size_t held_mt = 0;
    const PaymentScreener::CacheStats pacs = screener.cache_stats();
    screener.ClearCache();
    for (const auto& x : mt) {
      auto r = screener.ScreenBytes(x, "m");
      if (r.ok() && r->payments.size() == 1) held_mt += r->payments[0].hold;
    }
    auto t4 = Clk::now();
    c[4] = cpu();
    for (const auto& x : xml) (void)screener_parties.ScreenBytes(x, "m");
    auto t5 = Clk::now();
    c[5] = cpu();
    double wall[5] = {Seconds(t0, t1), Seconds(t1, t2), Seconds(t2, t3), Seconds(t3, t4), Seconds(t4, t5)};
    double t[5];
    for (int k = 0; k < 5; ++k) t[k] = c[k + 1] - c[k];
    t[1] = parse_cpu;
    wall[1] = parse_wall;
    if (nodes != xml.size() || parsed != xml.size() || ok != xml.size() || ok_single != xml.size() || held != held_single) {
      std::fprintf(stderr, "parse failures\n");
      return 1;
    }
    std::printf(
        "run %d (per CPU second; wall in brackets): pugixml parse %.0f msg/s (%.1f us) [%.0f] | ParseIso20022 %.0f msg/s "
        "(%.1f us, x%.2f pugixml's time) [%.0f] | pacs.008 end to end %.0f msg/s (%.1f us; %zu held) [%.0f] | MT103 "
        "end to end %.0f msg/s (%.1f us; %zu held) [%.0f] | pacs.008 parties only (no text rule) %.0f msg/s [%.0f]\n",
        run + 1, n / t[0], 1e6 * t[0] / n, n / wall[0], n / t[1], 1e6 * t[1] / n, t[1] / t[0], n / wall[1], n / t[2],
        1e6 * t[2] / n, held, n / wall[2], n / t[3], 1e6 * t[3] / n, held_mt, n / wall[3], n / t[4], n / wall[4]);
    std::printf("  pacs.008 end to end one message at a time (alerts one transaction each; baseline): %.0f msg/s (%.1f us; "
                "%zu held) [%.0f]; chunks of %zu: x%.2f its rate; cache hits parties %.3f, windows %.3f\n",
                n / single_cpu, 1e6 * single_cpu / n, held_single, n / single_wall, chunk, single_cpu / t[2],
                rate(single_stats.party_hits, single_stats.party_misses), rate(single_stats.text_hits, single_stats.text_misses));
    std::printf("  JSON Lines output of the pacs.008 results: %.1f us a payment (%zu bytes a line), with it end to end %.0f msg/s\n",
                1e6 * json_cpu / n, json_bytes / n, n / (t[2] + json_cpu));
    std::printf("  cache hit rates (pacs.008 end to end, runs start empty): parties %.3f (%llu of %llu), text windows "
                "%.3f (%llu of %llu), spotter words %.3f\n",
                rate(pacs.party_hits, pacs.party_misses), (unsigned long long)pacs.party_hits,
                (unsigned long long)(pacs.party_hits + pacs.party_misses), rate(pacs.text_hits, pacs.text_misses),
                (unsigned long long)pacs.text_hits, (unsigned long long)(pacs.text_hits + pacs.text_misses),
                rate(pacs.word_hits, pacs.word_misses));
    std::fflush(stdout);
  }
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  return 0;
}
