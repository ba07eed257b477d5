// The registry of screened subjects (customers, counterparties, frequent travellers) for
// continuous screening: each subject's record, its last screening result, and the runs that
// re-screened the registry after list changes. Tables in the store's SQLite database
// (docs/formats.md, "Registry tables"):
//   registry_subjects(subject_id, name, kind, dob, nationality, country, gender, id_number,
//                     updated_at, result, screened_run)
//     result: the hits of the last screening, one "entity_id<TAB>score" per line (score with 6
//     decimals), best first; screened_run: the run that last wrote it (0 = not screened yet: a
//     new or changed subject waits for the next run); a run rewrites only results that changed;
//     rev: raised by each change of the record (a run does not write a result over a newer record).
//   registry_keys(key, subject_id), registry_subject_keys(subject_id, keys): the delta's reverse
//     index, persisted (the service's keys; a subject changed or deleted loses its keys, and
//     the next run computes them again); registry_meta('keys_version'): the key functions' version.
//   registry_runs(run_id, at, mode, versions, subjects, rescreened, changed, opened, closed, list_names, drift)
//     versions: "source=version_id;..." in force for the whole registry after the run: every
//     subject's result is the one a full screening against those versions gives.
// Invariants: an import (upserts and deletions) is one transaction; a run's results and its
// registry_runs row commit in one transaction (a failed run leaves the previous results).
// Thread safety: one RegistryStore is safe to share (an internal mutex serialises its connection).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
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
  int64_t rev = 0;  // raised by every Apply that changes the record (SaveRun checks it)
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
  // log(prod r^2) over the deltas since the last full run (registry_service.h: how far the
  // list's token weights can have moved scores; 0 after a full run); -1 = not recorded.
  double drift = -1;
};

// A key of the reverse index: its hash, and what it stands on (0: nothing; else the hash the
// service checks before counting it: registry_service.cc, NameKeys).
struct RegistryKey {
  int64_t key = 0;
  int64_t via = 0;
  bool operator==(const RegistryKey&) const = default;
  auto operator<=>(const RegistryKey&) const = default;
};

// One subject's new result, written by a run.
struct RegistryResult {
  std::string subject_id;
  std::string result;
  int64_t rev = -1;  // the subject's rev when the run loaded it: not written if it changed since (-1: not checked)
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
  // Subjects waiting for screening or holding a hit (a partial index: no scan of the others).
  Result<std::vector<RegistrySubject>> LoadPending();
  // The subjects of these ids that exist, in the ids' order (batched look-ups).
  Result<std::vector<RegistrySubject>> LoadByIds(const std::vector<std::string>& ids);

  // The reverse index of the delta re-screen, persisted: each subject's candidate keys
  // (registry_keys(key, subject_id), and the list per subject to drop them when it changes).
  // Keys are the service's (registry_service.cc, SubjectKeys); the store only keeps them, and
  // drops a subject's keys when Apply changes or deletes it.
  // Subjects with no keys stored (new, changed, or all after ResetKeys), by subject_id. Once
  // SetKeys(..., complete) has recorded that every subject had keys, only the subjects waiting
  // for screening are looked at (Apply drops the keys of a subject only when it makes it wait:
  // no scan of the whole registry); until then, and after ResetKeys, every subject.
  Result<std::vector<RegistrySubject>> LoadUnkeyed();
  // Stores the keys of these subjects (replacing theirs; absent subjects skipped), one transaction.
  // `complete`: these are the keys of every subject LoadUnkeyed returned (see there).
  Status SetKeys(const std::vector<std::pair<std::string, std::vector<RegistryKey>>>& keys, bool complete = false);
  // Ids of the subjects holding any of `keys`, sorted, each once; a key with a `via` counts
  // only when use(via) (none: all count).
  Result<std::vector<std::string>> SubjectsWithKeys(const std::vector<int64_t>& keys,
                                                    const std::function<bool(int64_t via)>& use = nullptr);
  // The same look-up, row by row: (subject_id, key) for each subject holding one of `keys` (a
  // row with a `via` only when use(via)), sorted by subject then key, each pair once.
  Result<std::vector<std::pair<std::string, int64_t>>> SubjectKeyRows(const std::vector<int64_t>& keys,
                                                                      const std::function<bool(int64_t via)>& use = nullptr);
  // The version of the stored keys ("" = none); ResetKeys drops every key and records `version`.
  Result<std::string> KeysVersion();
  Status ResetKeys(const std::string& version);
  Result<int64_t> KeyRows();
  // Bytes of the reverse index's tables and indexes in the file (SQLite dbstat).
  Result<int64_t> KeyBytes();
  // The last run, or nullopt when the registry was never screened.
  Result<std::optional<RegistryRun>> LastRun();

  // Writes a run: its row (run_id assigned, returned) and the results of the subjects it
  // screened (a row is rewritten only when its result changed or it waited), in one transaction. Subjects absent from the registry, or changed by an Apply
  // since the run loaded them (their rev moved: they keep waiting), are skipped.
  Result<int64_t> SaveRun(const RegistryRun& run, const std::vector<RegistryResult>& results);

 private:
  explicit RegistryStore(store::Db db) : db_(std::move(db)) {}
  Result<std::vector<RegistrySubject>> LoadQuery(const std::string& sql, const std::vector<std::string>& binds);
  std::mutex mu_;
  store::Db db_;
};

}  // namespace tamis
