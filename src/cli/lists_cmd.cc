// `tamis lists ...`: import, show, versions, diff, update.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "cli/progress.h"
#include "formats/entity_json.h"
#include "formats/json_writer.h"
#include "service/list_service.h"

namespace tamis::cli {
namespace {

void WriteVersionJson(JsonWriter& w, const ListVersion& v) {
  w.BeginObject();
  w.Key("version").Int(v.version_id).Field("source", v.source).Field("format", v.format);
  w.Field("imported_at", v.imported_at).FieldIfNotEmpty("list_date", v.list_date);
  w.Key("entities").Int(v.entity_count).Key("warnings").Int(v.warning_count);
  w.Key("skipped_records").Int(v.skipped_records);
  w.Field("content_sha256", v.content_hash).Field("origin", v.origin);
  w.Key("files").BeginArray();
  for (const auto& f : v.files)
    w.BeginObject().Field("name", f.name).Field("sha256", f.sha256).Key("bytes").Int(f.bytes).EndObject();
  w.EndArray().EndObject();
}

void PrintVersionsTable(const std::vector<ListVersion>& vs) {
  std::printf("%-10s %7s %-11s %9s %-20s %-10s %s\n", "SOURCE", "VERSION", "FORMAT", "ENTITIES",
              "IMPORTED", "LIST DATE", "FILES");
  for (const auto& v : vs) {
    std::string files;
    for (const auto& f : v.files) files += (files.empty() ? "" : ",") + f.name;
    std::printf("%-10s %7lld %-11s %9lld %-20s %-10s %s\n", v.source.c_str(),
                static_cast<long long>(v.version_id), v.format.c_str(),
                static_cast<long long>(v.entity_count), v.imported_at.c_str(),
                v.list_date.substr(0, 10).c_str(), files.c_str());
  }
}

int ShowVersions(Context& ctx, bool all, bool json, const std::string& source) {
  auto store = ctx.OpenStore(false);
  if (!store.ok()) return Fail(store.status());
  auto vs = all ? (*store)->Versions(source) : (*store)->CurrentVersions();
  if (!vs.ok()) return Fail(vs.status());
  if (!all && !source.empty()) {
    std::erase_if(*vs, [&](const ListVersion& v) { return v.source != source; });
  }
  if (json) {
    JsonWriter w;
    w.BeginArray();
    for (const auto& v : *vs) WriteVersionJson(w, v);
    w.EndArray();
    std::cout << w.str() << "\n";
  } else if (vs->empty()) {
    std::fprintf(stderr, "no lists imported yet (tamis lists import FILE... or tamis lists update)\n");
  } else {
    PrintVersionsTable(*vs);
  }
  return 0;
}

void PrintWarnings(const Context& ctx, const std::vector<ImportWarning>& ws) {
  if (ctx.quiet || ws.empty()) return;
  size_t shown = 0;
  for (const auto& w : ws) {
    if (++shown > 5) break;
    std::fprintf(stderr, "  warning: %s: %s\n", w.location.c_str(), w.message.c_str());
  }
  if (ws.size() > 5) std::fprintf(stderr, "  ... %zu warnings in all (kept in the store)\n", ws.size());
}

void PrintOutcome(const Context& ctx, const ListImportReport& r) {
  if (ctx.quiet) return;
  const auto& o = r.outcome;
  if (o.unchanged) {
    std::fprintf(stderr, "%s: unchanged (version %lld, %lld entities)\n", o.version.source.c_str(),
                 static_cast<long long>(o.version.version_id), static_cast<long long>(o.version.entity_count));
    return;  // its warnings were shown when it was imported
  } else {
    std::fprintf(stderr, "%s: imported version %lld: %lld entities (+%lld -%lld ~%lld), %lld skipped records\n",
                 o.version.source.c_str(), static_cast<long long>(o.version.version_id),
                 static_cast<long long>(o.version.entity_count), static_cast<long long>(o.added),
                 static_cast<long long>(o.removed), static_cast<long long>(o.changed),
                 static_cast<long long>(o.version.skipped_records));
  }
  PrintWarnings(ctx, r.warnings);
}

}  // namespace

void RegisterListsCommands(CLI::App& app, Context& ctx, Action* action) {
  auto* lists = app.add_subcommand("lists", "Sanctions lists in the store: show, import, update, diff");
  lists->require_subcommand(0, 1);
  static bool all = false, json = false;
  static std::string show_source;
  lists->add_flag("--all", all, "Show every version, not only the current one per source");
  lists->add_flag("--json", json, "Print JSON instead of a table");
  lists->add_option("--source", show_source, "Only this source");
  lists->final_callback([&ctx, action] {
    if (!*action) *action = [&ctx] { return ShowVersions(ctx, all, json, show_source); };
  });

  // import
  auto* imp = lists->add_subcommand("import", "Import list files as a new version of their source");
  static std::vector<std::string> files;
  static std::string format, source;
  static bool force = false;
  imp->add_option("files", files, "List files (OFAC: sdn.csv with alt.csv, add.csv, sdn_comments.csv)")->required();
  imp->add_option("--format", format,
                  "Override detection: un_xml, eu_xml, uk_conlist, ofac_csv, ftm, senzing, tamis_csv, tamis_jsonl");
  imp->add_option("--source", source, "Source name for a user watchlist (default: internal)");
  imp->add_flag("--force", force, "Import even when the content equals the current version");
  imp->callback([&ctx, action] {
    *action = [&ctx] {
      auto store = ctx.OpenStore(true);
      if (!store.ok()) return Fail(store.status());
      ListImportRequest req;
      for (const auto& f : files) req.files.push_back(f);
      req.format = format;
      req.source = source;
      req.force = force;
      Progress progress(ctx.ShowProgress());
      auto r = ImportListFiles(**store, req, SystemClock(),
                               [&](const std::string& s, int64_t d, int64_t t) { progress.Update(s, d, t); });
      progress.Done();
      if (!r.ok()) return Fail(r.status().WithContext("import failed, store unchanged"));
      PrintOutcome(ctx, *r);
      return 0;
    };
  });

  // update
  auto* upd = lists->add_subcommand("update", "Fetch the official lists (HTTPS) or take them from a folder; import what changed");
  static std::string from_dir;
  static std::vector<std::string> sources;
  static bool uforce = false;
  upd->add_option("--from", from_dir, "Take the files from this folder (offline / air-gapped)")->check(CLI::ExistingDirectory);
  upd->add_option("--source", sources, "Only these sources (un, ofac, eu, uk, or configured names)");
  upd->add_flag("--force", uforce, "Import even if unchanged or much smaller than the version in force");
  static std::string registry_report = "none";
  upd->add_option("--registry-report", registry_report,
                  "When the registry has subjects, it is re-screened (delta); write its per-subject JSON Lines report "
                  "here ('-' stdout, default none)");
  upd->callback([&ctx, action] {
    *action = [&ctx] {
      auto store = ctx.OpenStore(true);
      if (!store.ok()) return Fail(store.status());
      UpdateRequest req;
      req.from_dir = from_dir;
      req.sources = sources;
      req.force = uforce;
      Progress progress(ctx.ShowProgress());
      auto r = UpdateLists(**store, ctx.config, req, SystemClock(),
                           [&](const std::string& s, int64_t d, int64_t t) { progress.Update(s, d, t); });
      progress.Done();
      if (!r.ok()) return Fail(r.status());
      int rc = 0;
      bool new_version = false;
      for (const auto& u : *r) {
        if (u.status.ok()) {
          new_version |= !u.unchanged;
          PrintOutcome(ctx, u.report);
        } else {
          std::fprintf(stderr, "tamis: %s: not updated, previous version stays in force: %s\n", u.source.c_str(),
                       u.status.ToString().c_str());
          if (rc == 0) rc = ExitCodeFor(u.status);
        }
      }
      // Continuous screening: a new version re-screens the registry (delta), as the server does.
      if (new_version) {
        store->reset();
        int rs = RunRegistryRescreen(ctx, false, registry_report == "-" ? "" : registry_report, 0, true);
        if (rc == 0) rc = rs;
      }
      return rc;
    };
  });

  // diff
  auto* diff = lists->add_subcommand("diff", "Entities added, removed and changed between two versions of a source");
  static std::string dsource;
  static int64_t from_v = 0, to_v = 0;
  static bool djson = false;
  diff->add_option("--source", dsource, "Source whose two newest versions are compared");
  diff->add_option("from", from_v, "Older version number");
  diff->add_option("to", to_v, "Newer version number");
  diff->add_flag("--json", djson, "JSON Lines: {\"change\",\"entity_id\",\"name\"}");
  diff->callback([&ctx, action] {
    *action = [&ctx] {
      auto store = ctx.OpenStore(false);
      if (!store.ok()) return Fail(store.status());
      int64_t a = from_v, b = to_v;
      if (a == 0 || b == 0) {
        if (dsource.empty()) return Fail(InvalidArgument("give two version numbers, or --source NAME"));
        auto vs = (*store)->Versions(dsource);
        if (!vs.ok()) return Fail(vs.status());
        if (vs->size() < 2)
          return Fail(NotFound("source '" + dsource + "' has " + std::to_string(vs->size()) + " version(s); a diff needs two"));
        b = (*vs)[0].version_id;
        a = (*vs)[1].version_id;
      }
      auto d = (*store)->Diff(a, b);
      if (!d.ok()) return Fail(d.status());
      auto name_of = [&](const std::string& id, int64_t v) {
        auto e = (*store)->GetEntity(id, v);
        return e.ok() ? e->PrimaryName() : std::string();
      };
      auto emit = [&](const char* change, const std::vector<std::string>& ids, int64_t v) {
        for (const auto& id : ids) {
          if (djson) {
            JsonWriter w;
            w.BeginObject().Field("change", change).Field("entity_id", id).Field("name", name_of(id, v)).EndObject();
            std::cout << w.str() << "\n";
          } else {
            std::cout << (change[0] == 'a' ? "+ " : change[0] == 'r' ? "- " : "~ ") << id << "\t" << name_of(id, v) << "\n";
          }
        }
      };
      emit("added", d->added, b);
      emit("removed", d->removed, a);
      emit("changed", d->changed, b);
      if (!ctx.quiet)
        std::fprintf(stderr, "versions %lld -> %lld: %zu added, %zu removed, %zu changed\n",
                     static_cast<long long>(a), static_cast<long long>(b), d->added.size(), d->removed.size(),
                     d->changed.size());
      return 0;
    };
  });
}

void RegisterEntityCommands(CLI::App& app, Context& ctx, Action* action) {
  auto* entity = app.add_subcommand("entity", "Entities in the store");
  entity->require_subcommand(1);
  auto* show = entity->add_subcommand("show", "Print an entity's canonical JSON (one line; pipe to jq)");
  static std::string id;
  static int64_t version = 0;
  static bool no_record = false;
  show->add_option("id", id, "Entity id, e.g. un:QDi.001, ofac:6908")->required();
  show->add_option("--version", version, "List version (default: the source's current version)");
  show->add_flag("--no-source-record", no_record, "Leave out the verbatim list record");
  show->callback([&ctx, action] {
    *action = [&ctx] {
      auto store = ctx.OpenStore(false);
      if (!store.ok()) return Fail(store.status());
      auto e = (*store)->GetEntity(id, version);
      if (!e.ok()) return Fail(e.status());
      std::cout << EntityToJson(*e, {.include_source_record = !no_record}) << "\n";
      return 0;
    };
  });
}

}  // namespace tamis::cli
