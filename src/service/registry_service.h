// Continuous screening: a registry of subjects (customers, counterparties, frequent travellers)
// kept in the store (store/registry_store.h) and re-screened whenever a list version is imported.
//
// Delta re-screening (RescreenRegistry, not --full): from the diff between the versions the
// registry was last screened against and the versions in force, only what the change can affect
// is screened again:
//   1. subjects waiting for screening (new or changed since the last run);
//   2. subjects whose last result holds any hit (a removed or changed entity, or a hit whose
//      score the new list's token statistics move);
//   3. subjects found through the reverse index for each added entity, and each changed entity
//      whose names, dates of birth, nationalities, gender, kind or documents changed. The
//      reverse index is persisted in the store (registry_keys: every candidate key of every
//      subject's name, the fallback variants of its skeletons, its document key; kept up to
//      date at each run for the subjects imported since): the subjects sharing a key with the
//      entity are the only ones the list index can pool the entity for. Each is then scored
//      against the entity's names as the list index scores them (same preparation, the list's
//      token weights) and kept when a name reaches the threshold less the largest attribute
//      bonus (less `reverse_margin`), or when it holds one of the entity's documents.
// Each subject selected is screened exactly as full screening screens it (ScreenRecordHits on
// the snapshot's list index, same parameters): its new result is, by construction, the full
// result. Subjects not selected keep their result. Removed entities close their open alerts
// as "delisted" (ReviewStore::CloseDelisted); hits at or above the alert threshold open alerts
// through AlertService::AlertHits (deduplicated, good-guy list applied; an entity whose content
// changed is a new alert, so a whitelisted pair is reviewed again). A hit met again on an
// unchanged entity, on the same side of the alert threshold, skips the alert path (it could
// only meet its alert again).
// What a delta cannot see: the list's global statistics. Token weights (TokenStats: rarity
// over all names, log(N/df)) and the key rarities that rank a query's candidate pool
// (log(1 + N/postings)) depend on the list's name count N, so any change moves every score a
// little, also of pairs the change does not touch. The run bounds that move: every token
// weight stays within a factor r of its old value (registry_weights.h, computed exactly from
// the names that came and left), so every name score within a factor r^2; accumulated over the
// deltas since the last full run, scores can have moved by at most drift = prod(r^2) - 1. When
// the drift exceeds RescreenOptions::max_score_drift the run is a full one (full_because says
// why; the real OFAC 2024-05 -> 2025-01 change, 2x the names: r = 1.32, drift 0.75).
// Below it the delta is still not exact by construction: a subject without a hit whose score
// against an unchanged entity sits within the drift below the threshold is not screened again,
// and the name index's candidate selection is discrete (the pool of 40 ranked by key rarity;
// the 32 best bounds scored; an entity scored over all its names only when a pooled name
// reaches its floor: an alias outside the pool then decides), so a small move of weights can
// change which names are scored at all; no per-subject score bound covers that without the
// index reporting its selection margins. The equivalence tests (registry_service_test.cc)
// check the delta on synthetic edits and the guard on the real OFAC change; `--full` screens
// everything.
//
// Thread safety: one run at a time per registry (the store's transactions keep a concurrent
// run from half-applying, but two runs would both screen). Uses opts.threads threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "formats/records/records.h"
#include "service/alert_service.h"
#include "service/screen_service.h"
#include "store/registry_store.h"

namespace tamis {

// The stored form of a valid record, and back (FillRecord). Exposed for tests.
RegistrySubject SubjectOf(const ScreenRecord& rec);
Result<ScreenRecord> RecordOf(const RegistrySubject& s);

// One bad line of a registry file.
struct RegistryLineError {
  std::string file;
  int line = 0;
  std::string id;  // when it could be read
  Status error;
  std::string ToString() const;  // "FILE:LINE: id X: message"
};

struct RegistryImportRequest {
  std::filesystem::path file;         // CSV / JSON Lines, `tamis screen`'s input ("" = none)
  std::filesystem::path delete_file;  // subject ids to delete, one a line ('#' comments; "" = none)
  RecordFormat format = RecordFormat::kDetect;
  RecordReaderOptions reader;
};

struct RegistryImportReport {
  int64_t read = 0;  // records read (good and bad), deletion lines included
  RegistryApplyOutcome outcome;
  std::vector<RegistryLineError> errors;  // per line; the other lines are imported
};

// Reads the files and applies them to the registry in one transaction. A bad record (missing
// name, bad date, malformed line) and a repeated id (the first one is kept) are per-line errors;
// the rest is imported. Errors: kNotFound for a missing file, a fatal reader error (a CSV
// header without a name column), store errors (nothing written).
Result<RegistryImportReport> ImportRegistry(RegistryStore& reg, const RegistryImportRequest& req,
                                            const std::string& now);

struct RescreenOptions {
  bool full = false;                // screen every subject (the baseline)
  ScreenParams params;              // as `tamis screen` (threshold 0.70, limit 10); explain forced off
  // The reverse filter keeps a subject whose name score against a queried entity's name is at
  // least params.threshold - names::kMaxAttributeBonus - this. 0: the filter scores as the list
  // index does (same weights), so only the attribute bonus needs covering.
  double reverse_margin = 0.0;
  // Run in full instead when the list changes since the last full run can have moved name
  // scores by more than this (the file comment: prod(r^2) - 1). Default 0.02 (a weekly-sized OFAC change: 0.007); < 0: never (the
  // delta path whatever the change: for measurement).
  double max_score_drift = 0.02;
  unsigned threads = 0;             // 0 = hardware concurrency
  std::string actor = "registry";   // recorded on closed alerts and audit records
  std::string line = "party";       // line of effort of the alerts opened
};

// One subject's change (the per-subject report line, docs/formats.md "registry rescreen").
struct SubjectChange {
  std::string subject_id;
  std::vector<std::pair<std::string, double>> before, after;  // (entity_id, score), best first
  std::vector<int64_t> opened, closed;                         // alert ids
};

struct RescreenSummary {
  std::string mode;  // "full", "delta", "none" (nothing to do)
  std::string full_because;  // why a delta was asked for and a full run done ("" otherwise)
  int64_t run_id = 0;
  std::map<std::string, int64_t> from_versions, to_versions;
  int64_t subjects = 0, rescreened = 0, changed = 0;
  int64_t entities_added = 0, entities_changed = 0, entities_removed = 0, entities_queried = 0;
  int64_t reverse_keyed = 0;       // subjects sharing a key with a queried entity (loaded and scored)
  int64_t reverse_candidates = 0;  // of those, the ones screened again
  int64_t keys_computed = 0;       // subjects whose reverse keys this run computed and stored
  int64_t alert_hits_skipped = 0;  // hits met again unchanged: not sent down the alert path
  double weight_ratio = 1.0;       // r of the change (registry_weights.h); 1 when not computed
  double score_drift = 0.0;        // how far name scores can have moved since the last full run (prod(r^2) - 1)
  int64_t alerts_opened = 0, alerts_closed = 0;
  double load_seconds = 0, index_seconds = 0, match_seconds = 0, screen_seconds = 0, save_seconds = 0, seconds = 0;
};

// (stage, done, total or -1): "load", "index", "match", "screen", "save".
using RegistryProgressFn = std::function<void(const std::string& stage, int64_t done, int64_t total)>;

// Re-screens the registry against the snapshot in force (see the file comment) and saves the
// results with a run record. `report` (optional) is called for each subject whose result or
// alerts changed, in subject id order. kFailedPrecondition when no name list is loaded. A
// failure leaves the stored results as they were (alerts already opened stay: they are
// deduplicated when the run is repeated).
Result<RescreenSummary> RescreenRegistry(AlertService& svc, RegistryStore& reg, const RescreenOptions& opts,
                                         const RegistryProgressFn& progress,
                                         const std::function<void(const SubjectChange&)>& report);

// The JSON line of a subject change, and of a summary.
std::string SubjectChangeJson(const SubjectChange& c);
std::string RescreenSummaryJson(const RescreenSummary& s);

// After a list update (AlertService::UpdateLists): a delta run when the registry has subjects
// and has been screened before or a list is loaded; audited as "registry.rescreen". OK and
// nothing done when the registry is empty.
// The reverse index's keys of a subject and of a list entity (see registry_service.cc,
// NameKeys): a subject holding none of an entity's keys cannot have it as a candidate.
// ReverseKeysVersion identifies the key functions (stored keys of another version are rebuilt).
std::vector<RegistryKey> SubjectKeys(const ScreenRecord& rec);
std::vector<int64_t> EntityKeys(const Entity& e);
std::string ReverseKeysVersion();

Status RescreenAfterListUpdate(AlertService& svc, const std::string& actor);

}  // namespace tamis
