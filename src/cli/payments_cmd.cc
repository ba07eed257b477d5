// `tamis payments screen`: screen payment messages (ISO 20022, SWIFT MT, RJE) against the lists.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/progress.h"
#include "core/country.h"
#include "formats/payments/parsers.h"
#include "service/payment_service.h"

namespace tamis::cli {
namespace {

// Exit code when every input was screened and at least one payment is held.
constexpr int kExitHeld = 8;

struct PaymentsFlags {
  std::vector<std::string> inputs;
  std::string errors_file;
  std::vector<std::string> lists;
  std::vector<std::string> countries;
  bool no_countries = false;
  double threshold = names::kDefaultThreshold;
  double hold = 0.80, agent_hold = 0.80, text = 0.85;
  double text_soft = PaymentScreenOptions{}.text_soft_threshold;
  size_t window = 6;
  bool no_bics = false, no_address_text = false, no_explain = false;
  unsigned threads = 0;
  size_t cache_size = PaymentScreenOptions{}.cache_entries;
};

// Whether a file found in a folder starts like a payment message (README, licence and other
// files beside the messages are skipped; a file named on the command line is always read).
bool LooksLikePayments(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char buf[4096];
  f.read(buf, sizeof buf);
  return payments::DetectPaymentFormat(std::string_view(buf, static_cast<size_t>(f.gcount()))) !=
         payments::PaymentFormat::kUnknown;
}

// Files of `inputs`: a folder's regular files recursively (hidden ones and those that do not
// look like payment messages skipped, counted in *skipped), sorted.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs, int* skipped) {
  std::vector<std::string> out;
  for (const auto& in : inputs) {
    if (in == "-") {
      out.push_back(in);
      continue;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(in, ec)) {
      std::vector<std::string> files;
      for (auto it = std::filesystem::recursive_directory_iterator(in, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const std::string leaf = it->path().filename().string();
        if (!leaf.empty() && leaf[0] == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (!it->is_regular_file()) continue;
        if (LooksLikePayments(it->path().string())) {
          files.push_back(it->path().string());
        } else {
          ++*skipped;
        }
      }
      if (ec) return IoError("cannot list " + in + ": " + ec.message());
      std::sort(files.begin(), files.end());
      out.insert(out.end(), files.begin(), files.end());
    } else if (std::filesystem::exists(in, ec)) {
      out.push_back(in);
    } else {
      return NotFound("no such file or folder: " + in);
    }
  }
  return out;
}

int RunPaymentsScreen(Context& ctx, const PaymentsFlags& f) {
  for (double t : {f.threshold, f.hold, f.agent_hold, f.text, f.text_soft})
    if (t < 0 || t > 1) return Fail(InvalidArgument("thresholds must be within 0..1"));
  PaymentScreenOptions o;
  o.party.threshold = f.threshold;
  o.party.lists = f.lists;
  o.party.explain = !f.no_explain;
  o.party_hold_threshold = f.hold;
  o.agent_hold_threshold = f.agent_hold;
  o.text_threshold = f.text;
  o.text_soft_threshold = f.text_soft;
  o.text.max_words = f.window;
  o.screen_bics = !f.no_bics;
  o.screen_address_text = !f.no_address_text;
  o.cache_entries = f.cache_size;
  if (f.no_countries) {
    o.sanctioned_countries.clear();
  } else if (!f.countries.empty()) {
    o.sanctioned_countries.clear();
    for (const auto& c : f.countries) {
      auto code = CountryCode(c);
      if (!code) return Fail(InvalidArgument("--countries: unknown country '" + c + "'"));
      o.sanctioned_countries.push_back(*code);
    }
  }
  int skipped = 0;
  auto inputs = ExpandInputs(f.inputs.empty() ? std::vector<std::string>{"-"} : f.inputs, &skipped);
  if (!inputs.ok()) return Fail(inputs.status());
  if (skipped && !ctx.quiet)
    std::fprintf(stderr, "skipped %d files in folders that are not payment messages\n", skipped);

  std::ofstream errors_file;
  std::ostream* errors = &std::cerr;
  if (!f.errors_file.empty()) {
    errors_file.open(f.errors_file, std::ios::binary | std::ios::trunc);
    if (!errors_file) return Fail(IoError("cannot write " + f.errors_file));
    errors = &errors_file;
  }

  ServiceOptions so;
  so.index.lists = f.lists;
  so.index.options.threads = f.threads;
  auto svc = AlertService::Open(ctx.config, so, SystemClock());
  if (!svc.ok()) return Fail(svc.status());
  auto snap = (*svc)->snapshot();
  if (!snap || !snap->names)
    return Fail(FailedPrecondition("the store holds no name list: import one first (tamis lists import FILE)"));
  if (!ctx.quiet)
    std::fprintf(stderr, "index: %zu entities, %zu names, built in %.2f s\n", snap->names->entity_count(),
                 snap->names->name_count(), snap->names->stats().build_seconds);

  PaymentScreener screener(**svc, o);
  Progress progress(ctx.ShowProgress());
  PaymentBatchOptions bo;
  bo.threads = f.threads;
  auto sum = ScreenPaymentFiles(screener, *inputs, std::cout, *errors, bo,
                                [&](const std::string& s, int64_t d, int64_t t) { progress.Update(s, d, t); });
  progress.Done();
  if (!sum.ok()) return Fail(sum.status());
  std::cout.flush();
  if (!ctx.quiet) {
    std::fprintf(stderr,
                 "screened %lld payments from %lld messages in %lld files in %.2f s: %lld held, %lld messages "
                 "failed to parse%s\n",
                 static_cast<long long>(sum->payments), static_cast<long long>(sum->messages),
                 static_cast<long long>(sum->files), sum->seconds, static_cast<long long>(sum->held),
                 static_cast<long long>(sum->errors),
                 sum->errors && !f.errors_file.empty() ? (" (see " + f.errors_file + ")").c_str() : "");
  }
  if (sum->held) return kExitHeld;
  return sum->errors ? 3 : 0;
}

}  // namespace

void RegisterPaymentsCommands(CLI::App& app, Context& ctx, Action* action) {
  static PaymentsFlags f;
  auto* g = app.add_subcommand("payments", "Payment messages: screen ISO 20022 and SWIFT MT payments");
  g->require_subcommand(1);
  auto* s = g->add_subcommand(
      "screen",
      "Screen payment messages against the lists in the store: ISO 20022 pacs.008, pacs.009 (COV),\n"
      "pain.001 (one payment per transaction), SWIFT MT103, MT202/202COV, MT101, plain or RJE\n"
      "('$'-separated), with ACK/NAK blocks; the format is detected per file. Rules: every party name\n"
      "(any role, with its kind and identifier) through the name engine; every BIC against BICs listed\n"
      "entities carry (8-character institution code); sanctioned jurisdictions in countries, IBAN\n"
      "prefixes and BICs; listed names in remittance text, MT 70/72 and unstructured addresses.\n"
      "Hits at or above the alert threshold open alerts (line \"payment\").\n"
      "Output: one JSON line per payment on stdout, in input order:\n"
      "  {\"file\",\"message_index\",\"transaction_index\",\"message_type\",\"msg_id\",\"uetr\",\"amount\",\n"
      "   \"currency\",\"verdict\":\"pass\"|\"hold\",\"reasons\":[{\"rule\",\"role\",\"field\",\"value\",\"entity_id\",\n"
      "   \"score\",\"alert_id\",\"detail\"}],\"parties\":[{\"role\",\"name\",\"bic\",..,\"hits\"}],\"text_hits\":[..]}\n"
      "(docs/formats.md). A message that fails to parse gives {\"file\",\"message_index\",\"error\"} on\n"
      "the errors stream (stderr, or --errors FILE) and the batch goes on.\n"
      "Exit code: 0 all screened, none held; 8 at least one payment held; 3 none held but some\n"
      "messages failed to parse; otherwise the tamis codes (4 missing input, 6 no list loaded, ...).");
  s->footer(
      "Examples:\n"
      "  tamis --data DIR payments screen pacs008.xml\n"
      "  tamis --data DIR payments screen --errors bad.jsonl --countries IR,KP,SY,CU,RU incoming/ > verdicts.jsonl\n"
      "  cat batch.rje | tamis --data DIR payments screen -");
  s->add_option("inputs", f.inputs, "Files or folders (recursively); '-' or none = stdin");
  s->add_option("--errors", f.errors_file, "Write parse errors (JSON Lines) to this file instead of stderr");
  s->add_option("--lists", f.lists, "Only these lists, comma-separated (e.g. un,ofac); default all")
      ->delimiter(',')
      ->allow_extra_args(false);
  s->add_option("--countries", f.countries,
                "Sanctioned jurisdictions, comma-separated codes or names (default CU,IR,KP,SY)")
      ->delimiter(',')
      ->allow_extra_args(false);
  s->add_flag("--no-countries", f.no_countries, "No jurisdiction rule");
  s->add_option("--threshold", f.threshold, "Least score of a party hit reported, 0..1")->capture_default_str();
  s->add_option("--hold", f.hold, "Least score of a party hit that holds the payment, 0..1")->capture_default_str();
  s->add_option("--agent-hold", f.agent_hold, "The same for a financial institution's name, 0..1")
      ->capture_default_str();
  s->add_option("--text-threshold", f.text, "Least score of a listed name found in free text (holds), 0..1")
      ->capture_default_str();
  s->add_option("--text-soft-threshold", f.text_soft,
                "Least score of a free-text hit that holds when the window spells out the whole listed name "
                "(typos, a dropped middle name), 0..1; at or above --text-threshold: off")
      ->capture_default_str();
  s->add_option("--window", f.window, "Longest free-text window screened, in words")
      ->check(CLI::Range(size_t{1}, size_t{12}))
      ->capture_default_str();
  s->add_flag("--no-bics", f.no_bics, "No BIC rule");
  s->add_flag("--no-address-text", f.no_address_text, "Do not screen unstructured address lines as free text");
  s->add_flag("--no-explain", f.no_explain, "Leave out the per-hit explanation of party hits");
  s->add_option("--threads", f.threads, "Worker threads (default: all cores)");
  s->add_option("--cache-size", f.cache_size,
                "Name-search results kept for parties and free-text windows met again (entries per cache; "
                "alerts are still opened per payment); 0 = no cache")
      ->capture_default_str();
  s->callback([&ctx, action] {
    *action = [&ctx] { return RunPaymentsScreen(ctx, f); };
  });
}

}  // namespace tamis::cli
