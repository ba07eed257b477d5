// `tamis travel screen` (PAXLST / PNRGOV / MRZ files through traveller screening) and
// `tamis travel mrz` (check one machine readable zone).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/progress.h"
#include "formats/json_writer.h"
#include "formats/travel/mrz.h"
#include "service/alert_service.h"
#include "service/travel_retention.h"
#include "service/travel_service.h"
#include "store/travel_store.h"

namespace tamis::cli {
namespace {

struct TravelFlags {
  std::vector<std::string> inputs;
  std::string format;
  double threshold = names::kDefaultThreshold;
  double alert_threshold = ServiceOptions{}.alert_threshold;
  size_t limit = 10;
  std::vector<std::string> lists;
  unsigned threads = 0;
  bool no_explain = false, no_crew = false, no_keep = false, strict_envelope = false, accept_specimen = false;
  bool attributes_lift = false;
  int dob_years = 0, dob_days = 0, circa_years = 1;
  std::string errors_file;
  int64_t max_bytes = int64_t{256} << 20;
};

// The files to read: a file, every regular file of a directory (sorted, recursively), or stdin.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& p : in.empty() ? std::vector<std::string>{"-"} : in) {
    if (p == "-") {
      out.push_back(p);
      continue;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::string> files;
      for (auto it = std::filesystem::recursive_directory_iterator(p, ec); !ec && it != std::filesystem::end(it);
           it.increment(ec))
        if (it->is_regular_file(ec)) files.push_back(it->path().string());
      if (ec) return IoError("cannot list " + p + ": " + ec.message());
      std::sort(files.begin(), files.end());
      out.insert(out.end(), files.begin(), files.end());
    } else if (std::filesystem::is_regular_file(p, ec)) {
      out.push_back(p);
    } else {
      return NotFound("cannot open " + p + " (no such file or directory)");
    }
  }
  return out;
}

Result<std::string> ReadAll(const std::string& path, int64_t max_bytes) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return NotFound("cannot open " + path);
    in = &file;
  }
  std::string data;
  char buf[1 << 16];
  while (*in) {
    in->read(buf, sizeof buf);
    data.append(buf, static_cast<size_t>(in->gcount()));
    if (static_cast<int64_t>(data.size()) > max_bytes)
      return ResourceExhausted(path + " is larger than --max-bytes (" + std::to_string(max_bytes) + ")");
  }
  if (in->bad()) return IoError("cannot read " + path);
  return data;
}

int RunTravelScreen(Context& ctx, const TravelFlags& f) {
  if (f.threshold < 0 || f.threshold > 1) return Fail(InvalidArgument("--threshold must be within 0..1"));
  auto fmt = ParseTravelFormat(f.format);
  if (!fmt.ok()) return Fail(fmt.status());
  auto inputs = ExpandInputs(f.inputs);
  if (!inputs.ok()) return Fail(inputs.status());
  std::ofstream errors;
  if (!f.errors_file.empty()) {
    errors.open(f.errors_file, std::ios::binary | std::ios::trunc);
    if (!errors) return Fail(IoError("cannot write " + f.errors_file));
  }
  auto store = ctx.OpenStore(false);
  if (!store.ok()) return Fail(store.status());
  std::unique_ptr<TravelStore> kept;
  std::string salt;
  {
    auto ts = TravelStore::Open((*store)->db_path());
    if (!ts.ok()) return Fail(ts.status());
    auto s = (*ts)->CurrentSalt(SystemNowIso());
    if (!s.ok()) return Fail(s.status());
    salt = *s;
    if (!f.no_keep) kept = std::move(ts).value();
  }
  store->reset();
  ServiceOptions so;
  so.alert_threshold = f.alert_threshold;
  so.index.lists = f.lists;
  so.index.options.threads = f.threads;
  auto svc = AlertService::Open(ctx.config, so, SystemClock());
  if (!svc.ok()) return Fail(svc.status());
  if (!(*svc)->snapshot() || !(*svc)->snapshot()->names)
    return Fail(FailedPrecondition("the store holds no name list: import one (tamis lists import FILE)"));

  TravelScreenOptions opts;
  opts.params.threshold = f.threshold;
  opts.params.limit = f.limit;
  opts.params.lists = f.lists;
  opts.params.explain = !f.no_explain;
  opts.dob.tolerance_years = f.dob_years;
  opts.dob.tolerance_days = f.dob_days;
  opts.dob.circa_years = f.circa_years;
  opts.screen_crew = !f.no_crew;
  opts.attributes_lift = f.attributes_lift;
  opts.threads = f.threads;
  opts.pseudonym_salt = salt;
  TravelScreener screener(**svc, opts);
  TravelInputOptions io;
  io.format = *fmt;
  io.strict_envelope = f.strict_envelope;
  io.accept_specimen_state = f.accept_specimen;

  Progress progress(ctx.ShowProgress());
  int64_t travellers = 0, with_hits = 0, alerts_new = 0, bad_inputs = 0, flights = 0, files = 0;
  const auto t0 = std::chrono::steady_clock::now();
  auto error_line = [&](const std::string& source, const std::string& message) {
    const std::string line = TravelErrorJson(source, message);
    std::cout << line << "\n";
    if (errors) errors << line << "\n";
  };
  for (const auto& path : *inputs) {
    const std::string source = path == "-" ? "stdin" : path;
    ++files;
    auto data = ReadAll(path, f.max_bytes);
    if (!data.ok()) {
      if (data.status().code() == StatusCode::kIoError) return Fail(data.status());
      ++bad_inputs;
      error_line(source, data.status().ToString());
      continue;
    }
    auto batch = ReadTravelInput(*data, source, io);
    if (!batch.ok()) {
      ++bad_inputs;
      error_line(source, batch.status().ToString());
      continue;
    }
    for (const auto& w : batch->warnings)
      if (!ctx.quiet) std::fprintf(stderr, "tamis: warning: %s\n", w.c_str());
    for (const auto& e : batch->errors) error_line(source, e);
    bad_inputs += static_cast<int64_t>(batch->errors.size());
    for (const auto& flight : batch->flights) {
      auto snap = (*svc)->snapshot();
      FlightResult fr = screener.ScreenFlight(flight);
      const index::NameIndex& ix = *snap->names;
      const std::vector<std::string> lines = TravellerLines(ix, fr, source, opts.params.explain);
      std::string out;  // the flight's lines, written at once
      for (size_t i = 0; i < lines.size(); ++i) {
        out += lines[i];
        out += '\n';
        if (!fr.travellers[i].error.ok() && errors) errors << lines[i] << "\n";
      }
      out += FlightSummaryJson(ix, flight, fr.summary, source);
      out += '\n';
      std::cout << out;
      if (kept) {
        Status st = kept->AddResults(TravelResultRows(ix, fr, source, SystemNowIso(), opts.params.explain, &lines));
        if (!st.ok()) return Fail(st.WithContext("keeping the results"));
      }
      if (!std::cout) return Fail(IoError("cannot write to stdout"));
      ++flights;
      travellers += fr.summary.travellers;
      with_hits += fr.summary.with_hits;
      alerts_new += fr.summary.alerts_new;
      progress.Update("travellers", travellers, -1);
    }
  }
  progress.Done();
  std::cout.flush();
  if (!std::cout) return Fail(IoError("cannot write to stdout"));
  if (errors && !errors.flush()) return Fail(IoError("cannot write " + f.errors_file));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!ctx.quiet)
    std::fprintf(stderr,
                 "screened %lld travellers on %lld flights from %lld inputs in %.2f s: %lld with hits, %lld new "
                 "alerts, %lld bad inputs%s\n",
                 static_cast<long long>(travellers), static_cast<long long>(flights), static_cast<long long>(files),
                 secs, static_cast<long long>(with_hits), static_cast<long long>(alerts_new),
                 static_cast<long long>(bad_inputs), bad_inputs ? " (error lines in the output)" : "");
  return 0;
}

struct MrzFlags {
  std::vector<std::string> lines;
  bool accept_specimen = false, autocorrect = false;
};

int RunTravelMrz(const MrzFlags& f) {
  std::string text;
  for (const auto& l : f.lines) text += (text.empty() ? "" : "\n") + l;
  MrzOptions o;
  o.accept_specimen_state = f.accept_specimen;
  o.autocorrect = f.autocorrect;
  auto r = ParseMrz(text, o);
  if (!r.ok()) return Fail(r.status());
  const MrzFields& d = r->fields;
  JsonWriter w;
  w.BeginObject().Field("format", MrzFormatName(r->format)).Key("valid").Bool(r->valid());
  w.Key("fields").BeginObject().Field("document_code", d.document_code).Field("issuing_state", d.issuing_state);
  w.Field("document_number", d.document_number).Field("nationality", d.nationality);
  w.Field("surname", d.surname).StringArrayIfNotEmpty("given_names", d.given_names);
  w.Field("birth_date", d.dob.ToString()).Field("expiry_date", d.expiry.ToString()).Field("sex", d.sex);
  w.FieldIfNotEmpty("optional1", d.optional1).FieldIfNotEmpty("optional2", d.optional2);
  if (d.name_truncated) w.Key("name_truncated").Bool(true);
  w.EndObject();
  w.Key("issues").BeginArray();
  for (const auto& i : r->issues)
    w.BeginObject().Field("field", i.field).Field("message", i.message).Key("line").Int(i.line).Key("column").Int(i.column).EndObject();
  w.EndArray();
  if (!r->corrections.empty()) {
    w.Key("corrections").BeginArray();
    for (const auto& c : r->corrections)
      w.BeginObject().Key("line").Int(c.line).Key("column").Int(c.column).Field("from", std::string(1, c.original))
          .Field("to", std::string(1, c.corrected)).EndObject();
    w.EndArray();
  }
  w.EndObject();
  std::cout << w.Take() << "\n";
  if (!std::cout) return Fail(IoError("cannot write to stdout"));
  if (!r->valid()) {
    std::fprintf(stderr, "tamis: invalid MRZ: %s (%s)\n", r->issues[0].field.c_str(), r->issues[0].message.c_str());
    return 3;
  }
  return 0;
}

struct RetentionFlags {
  std::string now;
  TravelRetentionPolicy policy;
};

int RunTravelRetention(Context& ctx, const RetentionFlags& f) {
  auto store = ctx.OpenStore(false);
  if (!store.ok()) return Fail(store.status());
  const auto db = (*store)->db_path();
  store->reset();
  auto travel = TravelStore::Open(db);
  if (!travel.ok()) return Fail(travel.status());
  auto review = ReviewStore::Open(db);
  if (!review.ok()) return Fail(review.status());
  std::string now = f.now.empty() ? SystemNowIso() : f.now;
  if (now.size() == 10) now += "T00:00:00Z";
  auto r = ApplyTravelRetention(**travel, **review, f.policy, now);
  if (!r.ok()) return Fail(r.status());
  JsonWriter w;
  w.BeginObject().Field("now", r->results.now).Field("mask_before", r->results.mask_before);
  w.Field("delete_before", r->results.delete_before);
  w.Key("results_masked").Int(r->results.results_masked).Key("results_deleted").Int(r->results.results_deleted);
  w.Key("alerts_masked").Int(r->alerts.masked).Key("alerts_deleted").Int(r->alerts.deleted);
  w.Key("whitelist_deleted").Int(r->alerts.whitelist_deleted).Key("salts_deleted").Int(r->results.salts_deleted);
  w.EndObject();
  std::cout << w.Take() << "\n";
  return std::cout ? 0 : Fail(IoError("cannot write to stdout"));
}

}  // namespace

void RegisterTravelCommands(CLI::App& app, Context& ctx, Action* action) {
  auto* travel = app.add_subcommand("travel", "Traveller screening: API manifests (PAXLST), PNR pushes (PNRGOV), MRZ documents");
  travel->require_subcommand(1);
  static TravelFlags f;
  auto* s = travel->add_subcommand(
      "screen",
      "Screen every traveller of PAXLST / PNRGOV interchanges or MRZ lines (format detected) against the\n"
      "lists in the store. Hits at or above the alert threshold open alerts (line \"travel\") for review.\n"
      "Output, JSON Lines on stdout (docs/formats.md, \"Travel screening\"):\n"
      "  {\"record\":\"traveller\",\"source\",\"flight\",\"traveller\",\"documents\",[\"mrz\"],\"hits\":[{\"entity_id\",\n"
      "   \"list\",\"matched_name\",\"name\",\"kind\",\"score\",\"name_score\",\"alert_id\",\"alert\",\"explanation\"}]}\n"
      "one line per traveller, then {\"record\":\"flight\",...} with the flight's summary; an input that\n"
      "cannot be read gives {\"record\":\"error\",\"source\",\"error\"} (also written to --errors) and the\n"
      "other inputs go on. Score: the name's, +0.05 same date of birth / +0.03 inside a listed date's\n"
      "window / -0.12 off, +0.02 / -0.05 nationality, -0.10 gender; a document number equal to a\n"
      "listed one (letters and digits, O read as 0) lifts it to 0.99 (same issuing state), 0.97\n"
      "(unknown on a side) or 0.80 (another state), whatever the name.\n"
      "Exit code 0 even with hits, bad inputs or invalid MRZ check digits (all reported in the output);\n"
      "4 when a named file does not exist, 6 when no list is loaded, 5 on a write error.");
  s->footer(
      "Examples:\n"
      "  tamis --data DIR travel screen manifests/ --errors bad.jsonl > hits.jsonl\n"
      "  cat flight.edi | tamis --data DIR travel screen --dob-years 1 -\n"
      "  tamis --data DIR travel screen --format mrz documents.txt");
  s->add_option("inputs", f.inputs, "Files or directories (every file in them, sorted); '-' or none = stdin");
  s->add_option("--format", f.format, "Input format: paxlst, pnrgov, mrz (default: detect per input)")
      ->check(CLI::IsMember({"paxlst", "pnrgov", "mrz", "detect"}));
  s->add_option("--threshold", f.threshold, "Minimum score of a hit, 0..1")->capture_default_str();
  s->add_option("--alert-threshold", f.alert_threshold, "Hits at or above open an alert, 0..1")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  s->add_option("--limit", f.limit, "Hits per traveller at most")->capture_default_str();
  s->add_option("--lists", f.lists, "Only these lists, comma-separated (e.g. un,ofac); default all")
      ->delimiter(',')
      ->allow_extra_args(false);
  s->add_option("--dob-years", f.dob_years, "Date-of-birth window: +- years around every listed date")
      ->capture_default_str()
      ->check(CLI::Range(0, 50));
  s->add_option("--dob-days", f.dob_days, "Date-of-birth window: +- days around every listed date")
      ->capture_default_str()
      ->check(CLI::Range(0, 3660));
  s->add_option("--circa-years", f.circa_years, "A listed 'circa' year covers +- this many years")
      ->capture_default_str()
      ->check(CLI::Range(0, 50));
  s->add_flag("--no-crew", f.no_crew, "Screen passengers only");
  s->add_flag("--attributes-lift", f.attributes_lift,
              "Let an agreeing date of birth / nationality lift a name scoring below the threshold into a hit "
              "(default: the name must reach the threshold itself)");
  s->add_flag("--strict-envelope", f.strict_envelope,
              "UNT / UNZ counts that do not match are errors (default: warnings on stderr)");
  s->add_flag("--accept-specimen", f.accept_specimen, "MRZ: accept the specimen state UTO");
  s->add_option("--errors", f.errors_file, "Also write the error lines (bad inputs, failed travellers) to this file");
  s->add_option("--threads", f.threads, "Threads per flight (default: all cores)");
  s->add_option("--max-bytes", f.max_bytes, "Largest input read")->capture_default_str();
  s->add_flag("--no-explain", f.no_explain, "Leave out the per-hit explanation");
  s->add_flag("--no-keep", f.no_keep,
              "Do not keep the results in the store (default: one row per traveller in travel_results, "
              "masked and deleted by tamis travel retention)");
  s->callback([&ctx, action] {
    *action = [&ctx] { return RunTravelScreen(ctx, f); };
  });

  static MrzFlags m;
  auto* mrz = travel->add_subcommand(
      "mrz",
      "Check one machine readable zone (TD1, TD2, TD3 passport, MRV-A/B visa, French ID): every check\n"
      "digit, dates, sex and state codes. Lines as separate arguments, or joined by '|' or newlines.\n"
      "Prints {\"format\",\"valid\",\"fields\":{..},\"issues\":[{\"field\",\"message\",\"line\",\"column\"}]}; exit\n"
      "code 0 when valid, 3 when a check fails (the first failing field named on stderr) or the lines\n"
      "are no MRZ.");
  mrz->footer(
      "Example:\n"
      "  tamis travel mrz --accept-specimen \"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\" \\\n"
      "                                     \"L898902C36UTO7408122F1204159ZE184226B<<<<<10\"");
  mrz->add_option("lines", m.lines, "The MRZ lines")->required();
  mrz->add_flag("--accept-specimen", m.accept_specimen, "Accept the specimen state UTO (Utopia)");
  mrz->add_flag("--autocorrect", m.autocorrect, "Fix OCR confusions (O/0, I/1, ...) by field kind first");
  mrz->callback([action] {
    *action = [] { return RunTravelMrz(m); };
  });

  static RetentionFlags rf;
  auto* ret = travel->add_subcommand(
      "retention",
      "Depersonalise traveller data kept by Tamis (EU PNR directive 2016/681 art. 12): results in\n"
      "travel_results and alerts of the travel line older than --mask-after-months lose every\n"
      "personal field (names, dates of birth, documents, traveller ids, explanations, analysts'\n"
      "reasons; alerts keep entity, score, state and decision), their good-guy entries are deleted\n"
      "and the party-key salt is rotated; older than --delete-after-months they are deleted.\n"
      "Idempotent: run it daily. Prints {\"now\",\"mask_before\",\"delete_before\",\"results_masked\",\n"
      "\"results_deleted\",\"alerts_masked\",\"alerts_deleted\",\"whitelist_deleted\",\"salts_deleted\"}.\n"
      "The audit chain is not rewritten: what it holds of travel alerts is pseudonymous, except the\n"
      "reasons analysts type (docs/design.md).");
  ret->footer("Example:\n  tamis --data DIR travel retention --now 2027-06-01");
  ret->add_option("--now", rf.now, "Apply as of this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; default: now)");
  ret->add_option("--mask-after-months", rf.policy.mask_after_months, "Masking period in calendar months")
      ->capture_default_str()
      ->check(CLI::Range(0, 1200));
  ret->add_option("--delete-after-months", rf.policy.delete_after_months, "Deletion period in calendar months")
      ->capture_default_str()
      ->check(CLI::Range(0, 1200));
  ret->callback([&ctx, action] {
    *action = [&ctx] { return RunTravelRetention(ctx, rf); };
  });
}

}  // namespace tamis::cli
