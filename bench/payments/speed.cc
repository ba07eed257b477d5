// Payment screening speed, one thread: generated innocent CBPR+-like pacs.008 messages (2 named
// parties with structured addresses and an LEI, 4 agents by BIC, one remittance line) and
// MT103s. Baseline in the same run: pugixml's own parse (load_buffer, parse_default) of the same
// bytes against our ParseIso20022 (pugixml parse + Payment build); then parse + screen every
// party + free text + verdict end to end through PaymentScreener on UN + OFAC.
//
// bench_payments_speed [--data DIR] [--shared DIR] [--messages N] [--runs R]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <pugixml.hpp>

#include "bench/names/common.h"
#include "bench/payments/gen.h"
#include "service/payment_service.h"

using namespace tamis;
using namespace tamis::bench;

int main(int argc, char** argv) {
  std::filesystem::path data, shared = TAMIS_SHARED_DATA_DEFAULT;
  int n = 20000, runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
    else if (!std::strcmp(argv[i], "--shared")) shared = argv[i + 1];
    else if (!std::strcmp(argv[i], "--messages")) n = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
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
  }
  PaymentScreenOptions full;
  PaymentScreenOptions parties_only = full;
  parties_only.text.max_words = 0;
  parties_only.screen_address_text = false;
  PaymentScreener screener(**svc, full), screener_parties(**svc, parties_only);
  auto snap = (*svc)->snapshot();
  size_t windows = 0, words = 0, anchors = 0;
  {
    Rng r2(20);  // the same texts as above
    for (int i = 0; i < n; ++i) {
      InnocentPerson(r2), InnocentCompany(r2), InnocentCountry(r2), InnocentCountry(r2);
      TextSpots t = SpotTextWindows(*snap->names, Remittance("", r2), full.text);
      windows += t.windows.size(), words += t.words, anchors += t.anchors;
    }
  }
  std::printf("remittance texts: %.2f words, %.2f anchor words, %.2f windows screened per message\n",
              double(words) / n, double(anchors) / n, double(windows) / n);
  std::printf("payments speed: %d messages each, pacs.008 mean %zu bytes; index %zu entities, %zu names; cpu %s\n",
              n, xml_bytes / n, snap->names->entity_count(), snap->names->name_count(), CpuModel().c_str());
  using Clk = std::chrono::steady_clock;
  for (int run = 0; run < runs; ++run) {
    auto t0 = Clk::now();
    size_t nodes = 0;
    for (const auto& x : xml) {
      pugi::xml_document d;
      auto r = d.load_buffer(x.data(), x.size());
      nodes += r ? 1 : 0;
    }
    auto t1 = Clk::now();
    size_t parsed = 0;
    for (const auto& x : xml) {
      auto r = payments::ParseIso20022(x, "m");
      parsed += r.ok() ? r->size() : 0;
    }
    auto t2 = Clk::now();
    size_t held = 0, ok = 0;
    for (const auto& x : xml) {
      auto r = screener.ScreenBytes(x, "m");
      if (r.ok() && r->payments.size() == 1) ++ok, held += r->payments[0].hold;
    }
    auto t3 = Clk::now();
    size_t held_mt = 0;
    for (const auto& x : mt) {
      auto r = screener.ScreenBytes(x, "m");
      if (r.ok() && r->payments.size() == 1) held_mt += r->payments[0].hold;
    }
    auto t4 = Clk::now();
    for (const auto& x : xml) (void)screener_parties.ScreenBytes(x, "m");
    auto t5 = Clk::now();
    const double pugi = Seconds(t0, t1), ours = Seconds(t1, t2), e2e = Seconds(t2, t3), e2e_mt = Seconds(t3, t4),
                 e2e_p = Seconds(t4, t5);
    if (nodes != xml.size() || parsed != xml.size() || ok != xml.size()) {
      std::fprintf(stderr, "parse failures\n");
      return 1;
    }
    std::printf(
        "run %d: pugixml parse %.0f msg/s (%.1f us) | ParseIso20022 %.0f msg/s (%.1f us, x%.2f pugixml's time) | "
        "pacs.008 end to end %.0f msg/s (%.1f us; %zu held) | MT103 end to end %.0f msg/s (%.1f us; %zu held) | "
        "pacs.008 parties only (no text rule) %.0f msg/s\n",
        run + 1, n / pugi, 1e6 * pugi / n, n / ours, 1e6 * ours / n, ours / pugi, n / e2e, 1e6 * e2e / n, held,
        n / e2e_mt, 1e6 * e2e_mt / n, held_mt, n / e2e_p);
  }
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  return 0;
}
