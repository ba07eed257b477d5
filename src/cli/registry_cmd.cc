// `tamis registry ...`: the registry of subjects re-screened on every list change (continuous
// screening): import, rescreen, status. The use cases are in service/registry_service.h.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/progress.h"
#include "service/alert_service.h"
#include "service/registry_service.h"

namespace tamis::cli {
namespace {

std::string LocalActor() {
  const char* u = std::getenv("USER");
  return std::string("cli:") + (u && *u ? u : "unknown");
}

struct RescreenFlags {
  bool full = false;
  std::string report_file;  // "" = stdout
  double threshold = ScreenParams{}.threshold;
  unsigned threads = 0;
};

}  // namespace

int RunRegistryRescreen(const Context& ctx, bool full, const std::string& report_file, unsigned threads, bool skip_empty) {
  auto svc = AlertService::Open(ctx.config, ServiceOptions{}, SystemClock());
  if (!svc.ok()) return Fail(svc.status());
  auto reg = RegistryStore::Open((*svc)->db_path());
  if (!reg.ok()) return Fail(reg.status());
  if (skip_empty) {
    auto n = (*reg)->Count();
    if (!n.ok()) return Fail(n.status());
    if (*n == 0) return 0;
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (report_file == "none") {
    out = nullptr;
  } else if (!report_file.empty()) {
    file.open(report_file, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(IoError("cannot write " + report_file));
    out = &file;
  }
  RescreenOptions opts;
  opts.full = full;
  opts.threads = threads;
  opts.actor = LocalActor();
  Progress progress(ctx.ShowProgress());
  auto s = RescreenRegistry(**svc, **reg, opts, [&](const std::string& st, int64_t d, int64_t t) { progress.Update(st, d, t); },
                            [&](const SubjectChange& c) {
                              if (out) *out << SubjectChangeJson(c) << "\n";
                            });
  progress.Done();
  if (!s.ok()) return Fail(s.status().WithContext("registry re-screen failed, results unchanged"));
  if (out && !out->flush()) return Fail(IoError("writing the report failed"));
  if (s->mode != "none") {
    Status a = (*svc)->review().Audit(opts.actor, "registry.rescreen", "run:" + std::to_string(s->run_id),
                                      s->mode + ": " + std::to_string(s->rescreened) + " of " + std::to_string(s->subjects) +
                                          " subjects screened",
                                      SystemNowIso());
    if (!a.ok()) return Fail(a);
  }
  if (!ctx.quiet) std::fprintf(stderr, "%s\n", RescreenSummaryJson(*s).c_str());
  return 0;
}

void RegisterRegistryCommands(CLI::App& app, Context& ctx, Action* action) {
  auto* reg = app.add_subcommand(
      "registry",
      "Continuous screening: a registry of customers / counterparties re-screened (delta only) on every list change");
  reg->require_subcommand(1);

  // import
  auto* imp = reg->add_subcommand(
      "import",
      "Upsert subjects from a CSV / JSON Lines file (tamis screen's input: id, name, kind, dob, nationality, country,\n"
      "gender, id_number; the id is the stable subject id) and delete others; then screen the new and changed ones.\n"
      "Bad lines (missing name, bad date, repeated id) are reported on stderr as FILE:LINE and skipped; the rest is\n"
      "imported in one transaction.");
  static std::string file, delete_file, format_s = "detect";
  static bool no_screen = false;
  imp->add_option("file", file, "Subjects to upsert (CSV with a header row, or JSON Lines)")->check(CLI::ExistingFile);
  imp->add_option("--delete", delete_file, "Subject ids to delete, one a line ('#' comments, optional header 'id')")
      ->check(CLI::ExistingFile);
  imp->add_option("--format", format_s, "csv, jsonl or detect (default: detect from the first byte)");
  imp->add_flag("--no-screen", no_screen, "Only store the subjects; the next rescreen or list update screens them");
  imp->callback([&ctx, action] {
    *action = [&ctx] {
      if (file.empty() && delete_file.empty()) return Fail(InvalidArgument("give a FILE to import and/or --delete FILE"));
      auto fmt = ParseRecordFormat(format_s);
      if (!fmt.ok()) return Fail(fmt.status());
      auto store = ctx.OpenStore(true);
      if (!store.ok()) return Fail(store.status());
      auto reg = RegistryStore::Open((*store)->db_path());
      if (!reg.ok()) return Fail(reg.status());
      RegistryImportRequest req;
      req.file = file;
      req.delete_file = delete_file;
      req.format = *fmt;
      auto r = ImportRegistry(**reg, req, SystemNowIso());
      if (!r.ok()) return Fail(r.status().WithContext("registry import failed, registry unchanged"));
      for (const auto& e : r->errors) std::fprintf(stderr, "tamis: %s\n", e.ToString().c_str());
      for (const auto& id : r->outcome.not_found) std::fprintf(stderr, "tamis: delete: no subject '%s'\n", id.c_str());
      if (!ctx.quiet)
        std::fprintf(stderr, "registry: %lld read, %lld added, %lld updated, %lld unchanged, %lld deleted, %zu bad lines\n",
                     static_cast<long long>(r->read), static_cast<long long>(r->outcome.added),
                     static_cast<long long>(r->outcome.updated), static_cast<long long>(r->outcome.unchanged),
                     static_cast<long long>(r->outcome.deleted), r->errors.size());
      store->reset();
      int rc = r->errors.empty() ? 0 : 3;
      if (!no_screen && (r->outcome.added || r->outcome.updated)) {
        auto probe = ctx.OpenStore(false);
        if (probe.ok()) {
          auto vs = (*probe)->CurrentVersions();
          bool names = false;
          if (vs.ok())
            for (const auto& v : *vs) names |= v.kind != "hashes";
          probe->reset();
          if (names) {
            int s = RunRegistryRescreen(ctx, false, "", 0, false);
            if (s != 0) return s;
          } else if (!ctx.quiet) {
            std::fprintf(stderr, "registry: no name list loaded yet; subjects are screened on the first list import\n");
          }
        }
      }
      return rc;
    };
  });

  // rescreen
  auto* rs = reg->add_subcommand(
      "rescreen",
      "Re-screen the registry against the lists in force: by default only what changed since the last run (the diff\n"
      "of each list, found through the registry's persisted reverse key index); --full screens every subject. Writes one JSON line\n"
      "per subject whose hits or alerts changed (docs/formats.md), a summary on stderr. Alerts open and close\n"
      "through the review store (delisted entities close their alerts).");
  static RescreenFlags f;
  rs->add_flag("--full", f.full, "Screen every subject (the baseline the delta equals)");
  rs->add_option("--report", f.report_file, "Write the per-subject JSON Lines report here (default: stdout; 'none': no report)");
  rs->add_option("--threads", f.threads, "Threads (default: all cores)");
  rs->callback([&ctx, action] {
    *action = [&ctx] { return RunRegistryRescreen(ctx, f.full, f.report_file, f.threads, false); };
  });

  // status
  auto* st = reg->add_subcommand("status", "Subjects in the registry and the last run (JSON)");
  st->callback([&ctx, action] {
    *action = [&ctx] {
      auto store = ctx.OpenStore(true);
      if (!store.ok()) return Fail(store.status());
      auto reg = RegistryStore::Open((*store)->db_path());
      if (!reg.ok()) return Fail(reg.status());
      auto n = (*reg)->Count();
      if (!n.ok()) return Fail(n.status());
      auto last = (*reg)->LastRun();
      if (!last.ok()) return Fail(last.status());
      std::printf("{\"subjects\":%lld", static_cast<long long>(*n));
      if (*last) {
        const auto& r = **last;
        std::printf(",\"last_run\":{\"run_id\":%lld,\"at\":\"%s\",\"mode\":\"%s\",\"versions\":\"%s\",\"rescreened\":%lld,"
                    "\"changed\":%lld,\"alerts_opened\":%lld,\"alerts_closed\":%lld}",
                    static_cast<long long>(r.run_id), r.at.c_str(), r.mode.c_str(), FormatVersions(r.versions).c_str(),
                    static_cast<long long>(r.rescreened), static_cast<long long>(r.changed),
                    static_cast<long long>(r.opened), static_cast<long long>(r.closed));
      }
      std::printf("}\n");
      return 0;
    };
  });
}

}  // namespace tamis::cli
