// The registry of screened subjects (customers, counterparties, frequent travellers) for
// continuous screening: each subject's record, its last screening result, and the runs that
// re-screened the registry after list changes. Tables in the store's SQLite database
// (docs/formats.md, "Registry tables"):
//   registry_subjects(subject_id, name, kind, dob, nationality, country, gender, id_number,
//                     updated_at, result, screened_run)
//     result: the hits of the last screening, one "entity_id<TAB>score" per line (score with 6
//     decimals), best first; screened_run: the run that computed it (0 = not screened yet: a new
//     or changed subject waits for the next run).
//   registry_runs(run_id, at, mode, versions, subjects, rescreened, changed, opened, closed, list_names)
//     versions: "source=version_id;..." in force for the whole registry after the run: every
//     subject's result is the one a full screening against those versions gives.
// Invariants: an import (upserts and deletions) is one transaction; a run's results and its
// registry_runs row commit in one transaction (a failed run leaves the previous results).
// Thread safety: one RegistryStore is safe to share (an internal mutex serialises its connection).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace tamis {

// A subject as stored: the screening record's fields in their normalised text form (the
// record readers' field names: kind "person"/"organisation"/"", dob "1971-03-15",
// nationality "IQ;SY", gender "male"/"female"/"").
struct RegistrySubject {
  std::string subject_id;
  std::string name, kind, dob, nationality, country, gender, id_number;
  std::string updated_at;
  std::string result;        // see the file comment; "" = no hit (or not screened)
  int64_t screened_run = 0;  // 0 = waits for screening
  // True when the record fields equal those of `o` (id, updated_at and results not compared).
  bool SameRecord(const RegistrySubject& o) const;
};

struct RegistryApplyOutcome {
  int64_t added = 0, updated = 0, unchanged = 0, deleted = 0;
  std::vector<std::string> not_found;  // ids asked to be deleted that were not in the registry
};

struct RegistryRun {
  int64_t run_id = 0;
  std::string at;
  std::string mode;  // "full", "delta"
  std::map<std::string, int64_t> versions;
  int64_t subjects = 0, rescreened = 0, changed = 0, opened = 0, closed = 0;
  int64_t list_names = 0;  // names in the list index screened against (its token statistics' corpus)
};

// One subject's new result, written by a run.
struct RegistryResult {
  std::string subject_id;
  std::string result;
};

// "source=id;..." <-> map (exposed for tests and the service).
std::string FormatVersions(const std::map<std::string, int64_t>& v);
std::map<std::string, int64_t> ParseVersions(std::string_view s);

class RegistryStore {
 public:
  // Opens (creating the tables when missing) the registry tables of the store at `db_file`.
  static Result<std::unique_ptr<RegistryStore>> Open(const std::filesystem::path& db_file, int busy_timeout_ms = 10000);

  // Upserts `subjects` and deletes `deletes` (subject ids) in one transaction: all or nothing.
  // A subject whose record is unchanged keeps its result; a new or changed one waits for
  // screening (screened_run 0, result emptied). Deleting an absent id is reported, not an error.
  // Ids must be unique within `subjects` (kInvalidArgument otherwise, nothing written).
  Result<RegistryApplyOutcome> Apply(const std::vector<RegistrySubject>& subjects,
                                     const std::vector<std::string>& deletes, const std::string& now);

  // Every subject, ordered by subject_id.
  Result<std::vector<RegistrySubject>> LoadAll();
  Result<int64_t> Count();
  // The last run, or nullopt when the registry was never screened.
  Result<std::optional<RegistryRun>> LastRun();

  // Writes a run: its row (run_id assigned, returned) and the results of the subjects it
  // screened, in one transaction. Subjects absent from the registry are skipped.
  Result<int64_t> SaveRun(const RegistryRun& run, const std::vector<RegistryResult>& results);

 private:
  explicit RegistryStore(store::Db db) : db_(std::move(db)) {}
  std::mutex mu_;
  store::Db db_;
};

}  // namespace tamis
