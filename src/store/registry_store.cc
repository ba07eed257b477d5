#include "store/registry_store.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <unordered_map>

#include "core/strings.h"

namespace tamis {
namespace {

// Migration 1 of the registry (additive: its own tables, nothing else touched).
constexpr const char* kRegistrySchema = R"SQL(
CREATE TABLE IF NOT EXISTS registry_subjects(
  subject_id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL DEFAULT '', dob TEXT NOT NULL DEFAULT '',
  nationality TEXT NOT NULL DEFAULT '', country TEXT NOT NULL DEFAULT '', gender TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, result TEXT NOT NULL DEFAULT '',
  screened_run INTEGER NOT NULL DEFAULT 0, rev INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS registry_runs(
  run_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, mode TEXT NOT NULL, versions TEXT NOT NULL,
  subjects INTEGER NOT NULL, rescreened INTEGER NOT NULL, changed INTEGER NOT NULL, opened INTEGER NOT NULL,
  closed INTEGER NOT NULL, list_names INTEGER NOT NULL DEFAULT 0, drift TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS registry_keys(key INTEGER NOT NULL, subject_id TEXT NOT NULL, via INTEGER NOT NULL,
  PRIMARY KEY(key, subject_id, via)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS registry_subject_keys(subject_id TEXT PRIMARY KEY, keys TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS registry_meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
)SQL";

// Migration 2 (subject revisions, the runs' weight drift): columns added to the tables of
// migration 1 when missing, then the indexes.
constexpr const char* kRegistryIndexes = R"SQL(
CREATE INDEX IF NOT EXISTS registry_pending ON registry_subjects(subject_id) WHERE screened_run = 0 OR result != '';
)SQL";

// The stored key list of a subject: "key" or "key:via", ' '-separated.
std::string FormatKeys(const std::vector<RegistryKey>& keys) {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) out += ' ';
    out += std::to_string(k.key);
    if (k.via) out += ':' + std::to_string(k.via);
  }
  return out;
}

std::vector<RegistryKey> ParseKeys(std::string_view s) {
  std::vector<RegistryKey> out;
  for (auto part : Split(s, ' ')) {
    if (part.empty()) continue;
    RegistryKey k;
    const size_t colon = part.find(':');
    k.key = std::strtoll(std::string(part.substr(0, colon)).c_str(), nullptr, 10);
    if (colon != std::string_view::npos) k.via = std::strtoll(std::string(part.substr(colon + 1)).c_str(), nullptr, 10);
    out.push_back(k);
  }
  return out;
}

// Deletes a subject's reverse keys (both tables); inside the caller's transaction.
Status DropKeysLocked(store::Db& db, const std::string& subject_id) {
  TAMIS_ASSIGN_OR_RETURN(auto get, db.Prepare("SELECT keys FROM registry_subject_keys WHERE subject_id = ?1"));
  get.Bind(1, subject_id);
  TAMIS_ASSIGN_OR_RETURN(bool have, get.Step());
  if (!have) return Status::Ok();
  const std::vector<RegistryKey> keys = ParseKeys(get.Text(0));
  get.Reset();
  TAMIS_ASSIGN_OR_RETURN(auto del, db.Prepare("DELETE FROM registry_keys WHERE key = ?1 AND subject_id = ?2 AND via = ?3"));
  for (const auto& k : keys) {
    del.Bind(1, k.key).Bind(2, subject_id).Bind(3, k.via);
    TAMIS_RETURN_IF_ERROR(del.Run());
  }
  TAMIS_ASSIGN_OR_RETURN(auto del2, db.Prepare("DELETE FROM registry_subject_keys WHERE subject_id = ?1"));
  del2.Bind(1, subject_id);
  return del2.Run();
}

constexpr const char* kSubjectCols =
    "subject_id, name, kind, dob, nationality, country, gender, id_number, updated_at, result, screened_run, rev";

RegistrySubject ReadSubject(const store::Stmt& q) {
  RegistrySubject s;
  s.subject_id = q.Text(0);
  s.name = q.Text(1);
  s.kind = q.Text(2);
  s.dob = q.Text(3);
  s.nationality = q.Text(4);
  s.country = q.Text(5);
  s.gender = q.Text(6);
  s.id_number = q.Text(7);
  s.updated_at = q.Text(8);
  s.result = q.Text(9);
  s.screened_run = q.Int(10);
  s.rev = q.Int(11);
  return s;
}

}  // namespace

bool RegistrySubject::SameRecord(const RegistrySubject& o) const {
  return name == o.name && kind == o.kind && dob == o.dob && nationality == o.nationality && country == o.country &&
         gender == o.gender && id_number == o.id_number;
}

std::string FormatVersions(const std::map<std::string, int64_t>& v) {
  std::string out;
  for (const auto& [src, id] : v) {
    if (!out.empty()) out += ';';
    out += src + "=" + std::to_string(id);
  }
  return out;
}

std::map<std::string, int64_t> ParseVersions(std::string_view s) {
  std::map<std::string, int64_t> out;
  if (s.empty()) return out;
  for (auto part : Split(s, ';')) {
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    out[std::string(part.substr(0, eq))] = std::strtoll(std::string(part.substr(eq + 1)).c_str(), nullptr, 10);
  }
  return out;
}

Result<std::unique_ptr<RegistryStore>> RegistryStore::Open(const std::filesystem::path& db_file, int busy_timeout_ms) {
  TAMIS_ASSIGN_OR_RETURN(auto db, store::Db::Open(db_file, true, busy_timeout_ms));
  std::unique_ptr<RegistryStore> s(new RegistryStore(std::move(db)));
  TAMIS_RETURN_IF_ERROR(s->db_.Exec(kRegistrySchema));
  // Migration 2 on a registry of migration 1: the columns it lacks (existing subjects: rev 0;
  // existing runs: no drift recorded, so the next run is a full one).
  {
    TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(s->db_));
    if (!s->db_.Prepare("SELECT rev FROM registry_subjects LIMIT 0").ok())
      TAMIS_RETURN_IF_ERROR(s->db_.Exec("ALTER TABLE registry_subjects ADD COLUMN rev INTEGER NOT NULL DEFAULT 0"));
    if (!s->db_.Prepare("SELECT drift FROM registry_runs LIMIT 0").ok())
      TAMIS_RETURN_IF_ERROR(s->db_.Exec("ALTER TABLE registry_runs ADD COLUMN drift TEXT NOT NULL DEFAULT ''"));
    TAMIS_RETURN_IF_ERROR(s->db_.Exec(kRegistryIndexes));
    TAMIS_RETURN_IF_ERROR(tx.Commit());
  }
  return s;
}

Result<RegistryApplyOutcome> RegistryStore::Apply(const std::vector<RegistrySubject>& subjects,
                                                  const std::vector<std::string>& deletes, const std::string& now) {
  {
    std::set<std::string_view> seen;
    for (const auto& s : subjects) {
      if (s.subject_id.empty()) return InvalidArgument("a registry subject has an empty id");
      if (!seen.insert(s.subject_id).second) return InvalidArgument("duplicate registry subject id '" + s.subject_id + "'");
    }
  }
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_ASSIGN_OR_RETURN(auto get, db_.Prepare(std::string("SELECT ") + kSubjectCols + " FROM registry_subjects WHERE subject_id = ?1"));
  TAMIS_ASSIGN_OR_RETURN(
      auto put, db_.Prepare("INSERT INTO registry_subjects(subject_id, name, kind, dob, nationality, country, gender, id_number, "
                            "updated_at, result, screened_run, rev) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,'',0,1) "
                            "ON CONFLICT(subject_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, dob = excluded.dob, "
                            "nationality = excluded.nationality, country = excluded.country, gender = excluded.gender, "
                            "id_number = excluded.id_number, updated_at = excluded.updated_at, result = '', screened_run = 0, "
                            "rev = registry_subjects.rev + 1"));
  TAMIS_ASSIGN_OR_RETURN(auto del, db_.Prepare("DELETE FROM registry_subjects WHERE subject_id = ?1 RETURNING subject_id"));
  RegistryApplyOutcome out;
  for (const auto& s : subjects) {
    get.Bind(1, s.subject_id);
    TAMIS_ASSIGN_OR_RETURN(bool have, get.Step());
    bool same = have && ReadSubject(get).SameRecord(s);
    get.Reset();
    if (same) {
      ++out.unchanged;
      continue;
    }
    ++(have ? out.updated : out.added);
    put.Bind(1, s.subject_id).Bind(2, s.name).Bind(3, s.kind).Bind(4, s.dob).Bind(5, s.nationality).Bind(6, s.country);
    put.Bind(7, s.gender).Bind(8, s.id_number).Bind(9, now);
    TAMIS_RETURN_IF_ERROR(put.Run());
    if (have) TAMIS_RETURN_IF_ERROR(DropKeysLocked(db_, s.subject_id));
  }
  for (const auto& id : deletes) {
    del.Bind(1, id);
    TAMIS_ASSIGN_OR_RETURN(bool gone, del.Step());
    del.Reset();
    if (gone) {
      ++out.deleted;
      TAMIS_RETURN_IF_ERROR(DropKeysLocked(db_, id));
    } else {
      out.not_found.push_back(id);
    }
  }
  TAMIS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<RegistrySubject>> RegistryStore::LoadAll() {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(std::string("SELECT ") + kSubjectCols + " FROM registry_subjects ORDER BY subject_id"));
  std::vector<RegistrySubject> out;
  for (;;) {
    TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadSubject(q));
  }
  return out;
}

Result<std::vector<RegistrySubject>> RegistryStore::LoadQuery(const std::string& sql, const std::vector<std::string>& binds) {
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(sql));
  std::vector<RegistrySubject> out;
  auto drain = [&]() -> Status {
    for (;;) {
      TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      out.push_back(ReadSubject(q));
    }
    q.Reset();
    return Status::Ok();
  };
  if (binds.empty()) {
    TAMIS_RETURN_IF_ERROR(drain());
  } else {
    for (const auto& b : binds) {
      q.Bind(1, b);
      TAMIS_RETURN_IF_ERROR(drain());
    }
  }
  return out;
}

Result<std::vector<RegistrySubject>> RegistryStore::LoadPending() {
  std::lock_guard lock(mu_);
  return LoadQuery(std::string("SELECT ") + kSubjectCols +
                   " FROM registry_subjects INDEXED BY registry_pending WHERE screened_run = 0 OR result != ''", {});
}

Result<std::vector<RegistrySubject>> RegistryStore::LoadByIds(const std::vector<std::string>& ids) {
  std::lock_guard lock(mu_);
  // In batches of kBatch ids (one statement, `subject_id IN (?1, ..., ?kBatch)`, the last
  // batch padded with its first id), then back into the ids' order.
  constexpr int kBatch = 256;
  std::string sql = std::string("SELECT ") + kSubjectCols + " FROM registry_subjects WHERE subject_id IN (";
  for (int i = 1; i <= kBatch; ++i) sql += (i > 1 ? ",?" : "?") + std::to_string(i);
  sql += ")";
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(sql));
  std::vector<RegistrySubject> got;
  got.reserve(ids.size());
  for (size_t b = 0; b < ids.size(); b += kBatch) {
    for (int i = 0; i < kBatch; ++i) q.Bind(i + 1, ids[b + i < ids.size() ? b + i : b]);
    for (;;) {
      TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      got.push_back(ReadSubject(q));
    }
    q.Reset();
  }
  std::unordered_map<std::string_view, size_t> at;
  at.reserve(got.size());
  for (size_t i = 0; i < got.size(); ++i) at.emplace(got[i].subject_id, i);
  std::vector<RegistrySubject> out;
  out.reserve(got.size());
  for (const auto& id : ids)
    if (auto it = at.find(id); it != at.end() && it->second != SIZE_MAX) {
      out.push_back(std::move(got[it->second]));
      it->second = SIZE_MAX;  // (an id asked twice is returned once)
    }
  return out;
}

Result<std::vector<RegistrySubject>> RegistryStore::LoadUnkeyed() {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto flag, db_.Prepare("SELECT v FROM registry_meta WHERE k = 'keys_complete'"));
  TAMIS_ASSIGN_OR_RETURN(bool row, flag.Step());
  const bool complete = row && flag.Text(0) == "1";
  flag.Reset();
  const std::string unkeyed =
      " NOT EXISTS (SELECT 1 FROM registry_subject_keys k WHERE k.subject_id = s.subject_id) ORDER BY subject_id";
  if (complete)  // (the partial index's rows: waiting or holding a hit)
    return LoadQuery(std::string("SELECT ") + kSubjectCols +
                         " FROM registry_subjects s INDEXED BY registry_pending WHERE (screened_run = 0 OR result != '') AND "
                         "screened_run = 0 AND" + unkeyed, {});
  return LoadQuery(std::string("SELECT ") + kSubjectCols + " FROM registry_subjects s WHERE" + unkeyed, {});
}

Status RegistryStore::SetKeys(const std::vector<std::pair<std::string, std::vector<RegistryKey>>>& keys, bool complete) {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_ASSIGN_OR_RETURN(auto exists, db_.Prepare("SELECT 1 FROM registry_subjects WHERE subject_id = ?1"));
  TAMIS_ASSIGN_OR_RETURN(auto put, db_.Prepare("INSERT OR IGNORE INTO registry_keys(key, subject_id, via) VALUES(?1, ?2, ?3)"));
  TAMIS_ASSIGN_OR_RETURN(auto list, db_.Prepare("INSERT INTO registry_subject_keys(subject_id, keys) VALUES(?1, ?2)"));
  for (const auto& [sid, ks] : keys) {
    exists.Bind(1, sid);
    TAMIS_ASSIGN_OR_RETURN(bool have, exists.Step());
    exists.Reset();
    if (!have) continue;
    TAMIS_RETURN_IF_ERROR(DropKeysLocked(db_, sid));
    for (const auto& k : ks) {
      put.Bind(1, k.key).Bind(2, sid).Bind(3, k.via);
      TAMIS_RETURN_IF_ERROR(put.Run());
    }
    list.Bind(1, sid).Bind(2, FormatKeys(ks));
    TAMIS_RETURN_IF_ERROR(list.Run());
  }
  if (complete)
    TAMIS_RETURN_IF_ERROR(db_.Exec("INSERT INTO registry_meta(k, v) VALUES('keys_complete', '1') "
                                   "ON CONFLICT(k) DO UPDATE SET v = excluded.v"));
  return tx.Commit();
}

Result<std::vector<std::pair<std::string, int64_t>>> RegistryStore::SubjectKeyRows(
    const std::vector<int64_t>& keys, const std::function<bool(int64_t via)>& use) {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT subject_id, via FROM registry_keys WHERE key = ?1"));
  std::vector<std::pair<std::string, int64_t>> out;
  for (int64_t k : keys) {
    q.Bind(1, k);
    for (;;) {
      TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      const int64_t via = q.Int(1);
      if (via == 0 || !use || use(via)) out.emplace_back(q.Text(0), k);
    }
    q.Reset();
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<std::string>> RegistryStore::SubjectsWithKeys(const std::vector<int64_t>& keys,
                                                                 const std::function<bool(int64_t via)>& use) {
  // The distinct subjects of SubjectKeyRows (sorted by subject, so equal ones are adjacent).
  TAMIS_ASSIGN_OR_RETURN(auto rows, SubjectKeyRows(keys, use));
  std::vector<std::string> out;
  for (auto& row : rows)
    if (out.empty() || out.back() != row.first) out.push_back(std::move(row.first));
  return out;
}

Result<std::string> RegistryStore::KeysVersion() {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT v FROM registry_meta WHERE k = 'keys_version'"));
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Text(0) : std::string();
}

Status RegistryStore::ResetKeys(const std::string& version) {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_RETURN_IF_ERROR(db_.Exec("DELETE FROM registry_keys; DELETE FROM registry_subject_keys; "
                                 "DELETE FROM registry_meta WHERE k = 'keys_complete';"));
  TAMIS_ASSIGN_OR_RETURN(auto put, db_.Prepare("INSERT INTO registry_meta(k, v) VALUES('keys_version', ?1) "
                                               "ON CONFLICT(k) DO UPDATE SET v = excluded.v"));
  put.Bind(1, version);
  TAMIS_RETURN_IF_ERROR(put.Run());
  return tx.Commit();
}

Result<int64_t> RegistryStore::KeyRows() {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT COUNT(*) FROM registry_keys"));
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

Result<int64_t> RegistryStore::KeyBytes() {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN ('registry_keys', "
                                             "'registry_subject_keys')"));
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

Result<int64_t> RegistryStore::Count() {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT COUNT(*) FROM registry_subjects"));
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

Result<std::optional<RegistryRun>> RegistryStore::LastRun() {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT run_id, at, mode, versions, subjects, rescreened, changed, opened, closed, "
                                             "list_names, drift FROM registry_runs ORDER BY run_id DESC LIMIT 1"));
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<RegistryRun>();
  RegistryRun r;
  r.run_id = q.Int(0);
  r.at = q.Text(1);
  r.mode = q.Text(2);
  r.versions = ParseVersions(q.Text(3));
  r.subjects = q.Int(4);
  r.rescreened = q.Int(5);
  r.changed = q.Int(6);
  r.opened = q.Int(7);
  r.closed = q.Int(8);
  r.list_names = q.Int(9);
  const std::string drift = q.Text(10);
  r.drift = drift.empty() ? -1.0 : std::strtod(drift.c_str(), nullptr);
  return std::optional<RegistryRun>(std::move(r));
}

Result<int64_t> RegistryStore::SaveRun(const RegistryRun& run, const std::vector<RegistryResult>& results) {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_ASSIGN_OR_RETURN(auto ins, db_.Prepare("INSERT INTO registry_runs(at, mode, versions, subjects, rescreened, changed, "
                                               "opened, closed, list_names, drift) "
                                               "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) RETURNING run_id"));
  ins.Bind(1, run.at).Bind(2, run.mode).Bind(3, FormatVersions(run.versions)).Bind(4, run.subjects);
  ins.Bind(5, run.rescreened).Bind(6, run.changed).Bind(7, run.opened).Bind(8, run.closed).Bind(9, run.list_names);
  auto real = [](double v) {
    if (v < 0) return std::string();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return std::string(buf);
  };
  ins.Bind(10, real(run.drift));
  TAMIS_ASSIGN_OR_RETURN(bool row, ins.Step());
  if (!row) return Internal("registry run insert returned no row");
  const int64_t run_id = ins.Int(0);
  ins.Reset();
  // Only the subject as the run loaded it (same rev): one changed meanwhile keeps waiting.
  TAMIS_ASSIGN_OR_RETURN(auto up, db_.Prepare("UPDATE registry_subjects SET result = ?2, screened_run = ?3 "
                                              "WHERE subject_id = ?1 AND (?4 < 0 OR rev = ?4) AND (result != ?2 OR screened_run = 0)"));
  for (const auto& r : results) {
    up.Bind(1, r.subject_id).Bind(2, r.result).Bind(3, run_id).Bind(4, r.rev);
    TAMIS_RETURN_IF_ERROR(up.Run());
  }
  TAMIS_RETURN_IF_ERROR(tx.Commit());
  return run_id;
}

}  // namespace tamis
