// `tamis screen`: screen names (files of records, stdin, or one --name) against the lists in the store.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/progress.h"
#include "core/date.h"
#include "core/country.h"
#include "service/screen_service.h"

namespace tamis::cli {
namespace {

struct ScreenFlags {
  std::vector<std::string> files;
  double threshold = names::kDefaultThreshold;
  size_t limit = 10;
  std::vector<std::string> lists;
  std::string format;
  unsigned threads = 0;
  bool no_explain = false;
  size_t candidates = 0, pool = 0;  // 0 = the index defaults
  // Ad-hoc query.
  std::string name, dob, kind, gender, id_number;
  std::vector<std::string> nationality;
};

int RunScreen(Context& ctx, const ScreenFlags& f) {
  if (f.threshold < 0 || f.threshold > 1) return Fail(InvalidArgument("--threshold must be within 0..1"));
  auto fmt = ParseRecordFormat(f.format);
  if (!fmt.ok()) return Fail(fmt.status());
  if (!f.name.empty() && !f.files.empty()) return Fail(InvalidArgument("give either --name or input files, not both"));

  // Validate the ad-hoc query before the (slower) index build.
  ScreenRecord adhoc;
  if (!f.name.empty()) {
    std::string nat;
    for (const auto& n : f.nationality) nat += (nat.empty() ? "" : ";") + n;
    const std::string id = "query";
    const std::string* v[8] = {&id, &f.name, &f.kind, &f.dob, &nat, nullptr, &f.gender, &f.id_number};
    Status st = FillRecord(v, RecordReaderOptions{.strict_countries = true}, &adhoc);
    if (!st.ok()) return Fail(st);
  }

  auto store = ctx.OpenStore(false);
  if (!store.ok()) return Fail(store.status());
  Progress progress(ctx.ShowProgress());
  auto prog = [&](const std::string& s, int64_t d, int64_t t) { progress.Update(s, d, t); };
  IndexBuildRequest br;
  br.lists = f.lists;
  br.options.threads = f.threads;
  auto ix = BuildNameIndex(**store, br, prog);
  if (!ix.ok()) return Fail(ix.status());
  progress.Done();
  if (!ctx.quiet)
    std::fprintf(stderr, "index: %zu entities, %zu names, built in %.2f s\n", (*ix)->entity_count(),
                 (*ix)->name_count(), (*ix)->stats().build_seconds);

  ScreenParams params;
  params.threshold = f.threshold;
  params.limit = f.limit;
  params.lists = f.lists;
  params.explain = !f.no_explain;
  params.max_candidates = f.candidates;
  params.candidate_pool = f.pool;
  params.abjad_candidate_pool = f.pool;  // (0: the index default)

  if (!f.name.empty()) {
    auto hits = ScreenRecordHits(**ix, adhoc, params);
    std::cout << HitsJson(**ix, adhoc.id, hits, params.explain) << "\n";
    return std::cout ? 0 : Fail(IoError("cannot write to stdout"));
  }

  BatchOptions bo;
  bo.threads = f.threads;
  bo.format = *fmt;
  std::vector<std::string> inputs = f.files.empty() ? std::vector<std::string>{"-"} : f.files;
  BatchSummary total;
  for (const auto& path : inputs) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
      file.open(path, std::ios::binary);
      if (!file) return Fail(NotFound("cannot open " + path));
      in = &file;
    }
    auto sum = ScreenStream(**ix, *in, std::cout, params, bo, prog);
    if (!sum.ok()) return Fail(sum.status().WithContext(path == "-" ? "stdin" : path));
    total.records += sum->records;
    total.bad_records += sum->bad_records;
    total.with_hits += sum->with_hits;
    total.hits += sum->hits;
    total.seconds += sum->seconds;
  }
  progress.Done();
  if (!ctx.quiet) {
    std::fprintf(stderr, "screened %lld records in %.2f s: %lld with hits (%lld hits), %lld bad records%s\n",
                 static_cast<long long>(total.records), total.seconds, static_cast<long long>(total.with_hits),
                 static_cast<long long>(total.hits), static_cast<long long>(total.bad_records),
                 total.bad_records ? " (error lines in the output)" : "");
  }
  return 0;
}

}  // namespace

void RegisterScreenCommands(CLI::App& app, Context& ctx, Action* action) {
  static ScreenFlags f;
  auto* s = app.add_subcommand(
      "screen",
      "Screen names against the lists in the store; one JSON line per record on stdout:\n"
      "  {\"id\":..,\"hits\":[{\"entity_id\",\"list\",\"matched_name\",\"name\",\"kind\",\"score\",\"explanation\"}]}\n"
      "best hit first; a bad input record gives {\"id\":..,\"line\":N,\"error\":..} and the batch goes on.\n"
      "Input: CSV with a header row or JSON Lines (detected from the first byte, '{' = JSON Lines) with\n"
      "fields id, name (required), kind (person|organisation), dob, nationality (';'-separated),\n"
      "country, gender, id_number. Date of birth, nationality and gender raise or lower a name's\n"
      "score (+0.07 at most, -0.25 at worst); an id_number equal to a listed document's (its letters\n"
      "and digits, 5 or more) is a hit at 0.97 whatever the name. Exit code 0 even when there are\n"
      "hits or bad records.");
  s->footer(
      "Examples:\n"
      "  tamis --data DIR screen customers.csv > hits.jsonl\n"
      "  cat records.jsonl | tamis --data DIR screen --lists un,ofac --threshold 0.8 -\n"
      "  tamis --data DIR screen --name \"Usama bin Ladin\" --dob 1957 --nationality SA");
  s->add_option("files", f.files, "Input files; '-' or none = stdin");
  s->add_option("--name", f.name, "Screen this one name instead of files (ad-hoc query)");
  s->add_option("--dob", f.dob, "With --name: date of birth (1957, 1957-03-10, 10/03/1957)");
  s->add_option("--nationality", f.nationality, "With --name: nationality, ISO code or country name (repeatable)")
      ->delimiter(',')
      ->allow_extra_args(false);  // "--lists un,ofac -": '-' stays a file
  s->add_option("--kind", f.kind, "With --name: person or organisation");
  s->add_option("--gender", f.gender, "With --name: male or female");
  s->add_option("--id-number", f.id_number, "With --name: passport / national id number");
  s->add_option("--threshold", f.threshold, "Minimum score of a hit, 0..1")->capture_default_str();
  s->add_option("--limit", f.limit, "Hits per record at most")->capture_default_str();
  s->add_option("--lists", f.lists, "Only these lists, comma-separated (e.g. un,ofac); default all")
      ->delimiter(',')
      ->allow_extra_args(false);  // "--lists un,ofac -": '-' stays a file
  s->add_option("--format", f.format, "Input format: csv or jsonl (default: detect)")
      ->check(CLI::IsMember({"csv", "jsonl", "detect"}));
  s->add_option("--threads", f.threads, "Worker threads (default: all cores)");
  s->add_flag("--no-explain", f.no_explain, "Leave out the per-hit explanation");
  s->add_option("--candidates", f.candidates,
                "Candidate names scored per record at most, best score bound first (default 32)")
      ->check(CLI::Range(size_t{1}, size_t{100000}));
  s->add_option("--pool", f.pool,
                "Candidate names bounded per record at most: the best by shared key rarity (less a "
                "share per token beyond the record's) and those tied with them (default 40, 64 for a "
                "name romanised from Arabic or Hebrew script; this option sets both; larger finds "
                "more of the hits that tie on common name parts, slower: docs/benchmarks.md)")
      ->check(CLI::Range(size_t{1}, size_t{100000}));
  s->callback([&ctx, action] {
    *action = [&ctx] { return RunScreen(ctx, f); };
  });
}

}  // namespace tamis::cli
