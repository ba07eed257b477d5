#include "store/store.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "core/strings.h"
#include "formats/entity_json.h"

namespace tamis {
namespace {

constexpr int kSchemaVersion = 3;  // 2: media hash lists (list_versions.kind, media_hashes); 3: video_frames

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS list_versions(
  version_id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'entities',
  format TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  list_date TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  entity_count INTEGER NOT NULL,
  warning_count INTEGER NOT NULL DEFAULT 0,
  skipped_records INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS list_versions_source ON list_versions(source, version_id);
CREATE TABLE IF NOT EXISTS version_files(
  version_id INTEGER NOT NULL REFERENCES list_versions(version_id),
  name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS import_warnings(
  version_id INTEGER NOT NULL REFERENCES list_versions(version_id),
  location TEXT NOT NULL, message TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entity_blobs(hash TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS version_entities(
  version_id INTEGER NOT NULL REFERENCES list_versions(version_id),
  entity_id TEXT NOT NULL,
  hash TEXT NOT NULL REFERENCES entity_blobs(hash),
  PRIMARY KEY(version_id, entity_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS media_hashes(
  version_id INTEGER NOT NULL REFERENCES list_versions(version_id),
  seq INTEGER NOT NULL,
  hash_type TEXT NOT NULL,
  value TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '',
  quality INTEGER,
  ext_id TEXT NOT NULL DEFAULT '',
  line INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(version_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS video_frames(
  version_id INTEGER NOT NULL REFERENCES list_versions(version_id),
  seq INTEGER NOT NULL,
  frames BLOB NOT NULL,
  PRIMARY KEY(version_id, seq)) WITHOUT ROWID;
)SQL";

// The same tables on PostgreSQL (BIGINT keys, BYTEA frames), created at the current version.
constexpr const char* kPgSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS list_versions(
  version_id BIGSERIAL PRIMARY KEY,
  source TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'entities',
  format TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  list_date TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  entity_count BIGINT NOT NULL,
  warning_count BIGINT NOT NULL DEFAULT 0,
  skipped_records BIGINT NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS list_versions_source ON list_versions(source, version_id);
CREATE TABLE IF NOT EXISTS version_files(
  version_id BIGINT NOT NULL REFERENCES list_versions(version_id),
  name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS version_files_version ON version_files(version_id);
CREATE TABLE IF NOT EXISTS import_warnings(
  version_id BIGINT NOT NULL REFERENCES list_versions(version_id),
  location TEXT NOT NULL, message TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entity_blobs(hash TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS version_entities(
  version_id BIGINT NOT NULL REFERENCES list_versions(version_id),
  entity_id TEXT NOT NULL,
  hash TEXT NOT NULL REFERENCES entity_blobs(hash),
  PRIMARY KEY(version_id, entity_id));
CREATE TABLE IF NOT EXISTS media_hashes(
  version_id BIGINT NOT NULL REFERENCES list_versions(version_id),
  seq BIGINT NOT NULL,
  hash_type TEXT NOT NULL,
  value TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '',
  quality BIGINT,
  ext_id TEXT NOT NULL DEFAULT '',
  line BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY(version_id, seq));
CREATE TABLE IF NOT EXISTS video_frames(
  version_id BIGINT NOT NULL REFERENCES list_versions(version_id),
  seq BIGINT NOT NULL,
  frames BYTEA NOT NULL,
  PRIMARY KEY(version_id, seq));
)SQL";

// At most this many warnings are kept per version (the count is always exact).
constexpr int64_t kMaxStoredWarnings = 10000;

Result<ListVersion> ReadVersionRow(store::Stmt& s) {
  ListVersion v;
  v.version_id = s.Int(0);
  v.source = s.Text(1);
  v.format = s.Text(2);
  v.imported_at = s.Text(3);
  v.list_date = s.Text(4);
  v.content_hash = s.Text(5);
  v.origin = s.Text(6);
  v.entity_count = s.Int(7);
  v.warning_count = s.Int(8);
  v.skipped_records = s.Int(9);
  v.kind = s.Text(10);
  return v;
}

constexpr const char* kVersionCols =
    "version_id, source, format, imported_at, list_date, content_hash, origin, entity_count, "
    "warning_count, skipped_records, kind";


}  // namespace

std::string Store::ContentHash(const std::vector<ImportedFile>& files, const std::string& format) {
  std::vector<ImportedFile> sorted = files;
  std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.name < b.name; });
  std::string acc = format + "\n";
  for (const auto& f : sorted) acc += f.sha256 + "\n";
  return Sha256Hex(acc);
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& opts) {
  StoreOptions o = opts;
  if (!o.url.empty()) {
    store::StoreLocation loc = store::ParseStoreLocation(o.url);
    if (loc.dialect == store::Dialect::kPostgres) {
      TAMIS_ASSIGN_OR_RETURN(store::Db db, store::Db::Connect(loc.target));
      std::unique_ptr<Store> s(new Store(std::move(db), o, loc.target));
      TAMIS_RETURN_IF_ERROR(s->Migrate());
      return s;
    }
    o.data_dir = loc.target;
  }
  std::error_code ec;
  if (o.data_dir.empty()) return InvalidArgument("no data directory given");
  if (!std::filesystem::is_directory(o.data_dir, ec)) {
    if (!o.create) return NotFound("no store at " + o.data_dir.string());
    std::filesystem::create_directories(o.data_dir, ec);
    if (ec) return IoError("cannot create data directory " + o.data_dir.string() + ": " + ec.message());
  }
  auto path = o.data_dir / "tamis.db";
  if (!o.create && !std::filesystem::exists(path)) return NotFound("no store at " + path.string());
  TAMIS_ASSIGN_OR_RETURN(store::Db db, store::Db::Open(path, o.create, o.busy_timeout_ms));
  std::unique_ptr<Store> s(new Store(std::move(db), o, path));
  TAMIS_RETURN_IF_ERROR(s->Migrate());
  return s;
}

Status Store::Migrate() {
  if (db_.postgres()) {
    // Created at the current version in one transaction (PostgreSQL DDL is transactional); the
    // advisory lock keeps two replicas starting at once from creating the tables twice.
    TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
    TAMIS_RETURN_IF_ERROR(db_.AdvisoryLock(store::kLockImport));
    TAMIS_ASSIGN_OR_RETURN(bool has_meta, db_.TableExists("meta"));
    if (has_meta) {
      TAMIS_ASSIGN_OR_RETURN(auto v, db_.Prepare("SELECT value FROM meta WHERE key='schema_version'"));
      TAMIS_ASSIGN_OR_RETURN(bool has, v.Step());
      if (!has) return DataLoss(db_path_.string() + ": missing schema_version");
      int ver = std::atoi(v.Text(0).c_str());
      if (ver > kSchemaVersion)
        return FailedPrecondition(store::RedactUrl(db_path_.string()) + ": schema version " + std::to_string(ver) +
                                  " is newer than this tamis (" + std::to_string(kSchemaVersion) + ")");
      if (ver == kSchemaVersion) return Status();
    }
    TAMIS_RETURN_IF_ERROR(db_.Exec(kPgSchema));
    TAMIS_ASSIGN_OR_RETURN(auto ins, db_.Prepare("INSERT INTO meta(key, value) VALUES('schema_version', ?1) "
                                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    TAMIS_RETURN_IF_ERROR(ins.Bind(1, std::to_string(kSchemaVersion)).Run());
    return tx.Commit();
  }
  TAMIS_ASSIGN_OR_RETURN(bool fresh_meta, db_.TableExists("meta"));
  bool fresh = !fresh_meta;
  if (!fresh) {
    TAMIS_ASSIGN_OR_RETURN(auto v, db_.Prepare("SELECT value FROM meta WHERE key='schema_version'"));
    TAMIS_ASSIGN_OR_RETURN(bool has, v.Step());
    if (!has) return DataLoss(db_path_.string() + ": missing schema_version");
    int ver = std::atoi(v.Text(0).c_str());
    if (ver > kSchemaVersion)
      return FailedPrecondition(db_path_.string() + ": schema version " + std::to_string(ver) +
                                " is newer than this tamis (" + std::to_string(kSchemaVersion) + ")");
    if (ver == kSchemaVersion) return Status();
    // Upgrade in one transaction: a failure leaves the old schema intact.
    TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
    if (ver < 2)
      TAMIS_RETURN_IF_ERROR(db_.Exec("ALTER TABLE list_versions ADD COLUMN kind TEXT NOT NULL DEFAULT 'entities'"));
    TAMIS_RETURN_IF_ERROR(db_.Exec(kSchema));  // creates the tables that are new
    TAMIS_ASSIGN_OR_RETURN(auto up, db_.Prepare("UPDATE meta SET value=? WHERE key='schema_version'"));
    TAMIS_RETURN_IF_ERROR(up.Bind(1, std::to_string(kSchemaVersion)).Run());
    return tx.Commit();
  }
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_RETURN_IF_ERROR(db_.Exec(kSchema));
  TAMIS_ASSIGN_OR_RETURN(auto ins, db_.Prepare("INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  TAMIS_RETURN_IF_ERROR(ins.Bind(1, std::to_string(kSchemaVersion)).Run());
  return tx.Commit();
}

Result<int64_t> Store::CurrentVersionId(const std::string& source) {
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT max(version_id) FROM list_versions WHERE source=?"));
  q.Bind(1, source);
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row || q.IsNull(0)) return int64_t{0};
  return q.Int(0);
}

Result<std::optional<ListVersion>> Store::UnchangedVersion(const std::string& source, const std::string& kind,
                                                           const std::string& content_hash, bool force) {
  TAMIS_ASSIGN_OR_RETURN(int64_t prev, CurrentVersionId(source));
  if (prev == 0) return std::optional<ListVersion>();
  TAMIS_ASSIGN_OR_RETURN(ListVersion pv, Version(prev));
  if (pv.kind != kind)
    return InvalidArgument("source '" + source + "' holds " +
                           (pv.kind == "hashes" ? "a media hash list" : "a sanctions list") +
                           "; pick another name");
  if (pv.content_hash == content_hash && !force) return std::optional<ListVersion>(std::move(pv));
  return std::optional<ListVersion>();
}

Result<int64_t> Store::InsertVersion(const std::string& kind, const std::string& source, const std::string& format,
                                     const std::string& list_date, const std::string& content_hash,
                                     const ImportMeta& meta, int64_t count,
                                     const std::vector<ImportWarning>& warnings, int64_t skipped_records) {
  TAMIS_ASSIGN_OR_RETURN(auto iv, db_.Prepare(
      "INSERT INTO list_versions(source, kind, format, imported_at, list_date, content_hash, origin, "
      "entity_count, warning_count, skipped_records) VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING version_id"));
  iv.Bind(1, source).Bind(2, kind).Bind(3, format).Bind(4, meta.imported_at).Bind(5, list_date);
  iv.Bind(6, content_hash).Bind(7, meta.origin).Bind(8, count);
  iv.Bind(9, static_cast<int64_t>(warnings.size())).Bind(10, skipped_records);
  TAMIS_ASSIGN_OR_RETURN(bool vrow, iv.Step());
  if (!vrow) return Internal("list version insert returned no id");
  const int64_t vid = iv.Int(0);
  iv.Reset();
  TAMIS_ASSIGN_OR_RETURN(auto fi, db_.Prepare("INSERT INTO version_files(version_id, name, sha256, bytes) VALUES(?,?,?,?)"));
  for (const auto& f : meta.files)
    TAMIS_RETURN_IF_ERROR(fi.Bind(1, vid).Bind(2, f.name).Bind(3, f.sha256).Bind(4, f.bytes).Run());
  TAMIS_ASSIGN_OR_RETURN(auto wi, db_.Prepare("INSERT INTO import_warnings(version_id, location, message) VALUES(?,?,?)"));
  for (size_t i = 0; i < warnings.size() && static_cast<int64_t>(i) < kMaxStoredWarnings; ++i)
    TAMIS_RETURN_IF_ERROR(wi.Bind(1, vid).Bind(2, warnings[i].location).Bind(3, warnings[i].message).Run());
  return vid;
}

Result<ImportOutcome> Store::Import(const ParsedList& list, const ImportMeta& meta) {
  // The vector API is a stream over the list already in memory.
  auto produce = [&](const EntitySink& sink) -> Result<ParsedList> {
    for (const Entity& e : list.entities) TAMIS_RETURN_IF_ERROR(sink(Entity(e)));
    ParsedList rest;
    rest.list_date = list.list_date;
    rest.warnings = list.warnings;
    rest.skipped_records = list.skipped_records;
    return rest;
  };
  return ImportStream(list.source, list.format, produce, meta);
}

Result<ImportOutcome> Store::ImportStream(const std::string& source, const std::string& format,
                                          const EntityProducer& produce, const ImportMeta& meta) {
  if (source.empty()) return InvalidArgument("import has no source name");
  std::string content_hash = ContentHash(meta.files, format);

  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_RETURN_IF_ERROR(db_.AdvisoryLock(store::kLockImport));  // replicas import one at a time
  TAMIS_ASSIGN_OR_RETURN(int64_t prev, CurrentVersionId(source));
  ImportOutcome out;
  TAMIS_ASSIGN_OR_RETURN(auto same, UnchangedVersion(source, "entities", content_hash, meta.force));
  if (same) {
    out.version = std::move(*same);
    out.unchanged = true;
    return out;  // transaction rolls back: nothing written, nothing parsed
  }
  // The version row comes first (memberships refer to it); its counts, date and warnings are
  // filled in once the stream has ended, in the same transaction.
  TAMIS_ASSIGN_OR_RETURN(int64_t vid, InsertVersion("entities", source, format, "", content_hash, meta, 0, {}, 0));
  TAMIS_ASSIGN_OR_RETURN(auto bi, db_.Prepare("INSERT INTO entity_blobs(hash, json) VALUES(?,?) ON CONFLICT(hash) DO NOTHING"));
  TAMIS_ASSIGN_OR_RETURN(auto mi, db_.Prepare("INSERT INTO version_entities(version_id, entity_id, hash) VALUES(?,?,?)"));
  int64_t n = 0;
  // A repeated id breaks the membership primary key: named as such (on PostgreSQL the error
  // of a pipelined row may surface a few hundred rows later, or at commit).
  auto dup = [](const Status& st, const std::string& id) {
    if (st.code() != StatusCode::kAlreadyExists) return st;
    return InvalidArgument("duplicate entity id" + (id.empty() ? std::string(" in the list: ") + st.message() : " " + id));
  };
  auto sink = [&](Entity&& e) -> Status {
    if (e.id.empty()) return InvalidArgument("entity #" + std::to_string(n + 1) + " has no id");
    if (opts_.fault_injector) TAMIS_RETURN_IF_ERROR(opts_.fault_injector(n));
    std::string json = EntityToJson(e);
    std::string hash = Sha256Hex(json);
    TAMIS_RETURN_IF_ERROR(bi.Bind(1, hash).Bind(2, json).RunBatched());
    Status st = mi.Bind(1, vid).Bind(2, e.id).Bind(3, hash).RunBatched();
    if (!st.ok()) return dup(st, db_.postgres() ? std::string() : e.id);
    ++n;
    if (meta.progress && n % 10000 == 0) meta.progress(n, -1);
    return Status();
  };
  TAMIS_ASSIGN_OR_RETURN(ParsedList rest, produce(sink));
  if (meta.verify) TAMIS_RETURN_IF_ERROR(meta.verify(n));
  TAMIS_ASSIGN_OR_RETURN(auto up, db_.Prepare(
      "UPDATE list_versions SET list_date=?, entity_count=?, warning_count=?, skipped_records=? WHERE version_id=?"));
  Status st = up.Bind(1, rest.list_date).Bind(2, n).Bind(3, static_cast<int64_t>(rest.warnings.size()))
                  .Bind(4, rest.skipped_records).Bind(5, vid).Run();
  if (!st.ok()) return dup(st, "");
  TAMIS_ASSIGN_OR_RETURN(auto wi, db_.Prepare("INSERT INTO import_warnings(version_id, location, message) VALUES(?,?,?)"));
  for (size_t i = 0; i < rest.warnings.size() && static_cast<int64_t>(i) < kMaxStoredWarnings; ++i)
    TAMIS_RETURN_IF_ERROR(wi.Bind(1, vid).Bind(2, rest.warnings[i].location).Bind(3, rest.warnings[i].message).Run());
  st = tx.Commit();
  if (!st.ok()) return dup(st, "");
  if (meta.progress) meta.progress(n, n);
  TAMIS_ASSIGN_OR_RETURN(out.version, Version(vid));
  if (prev != 0) {
    TAMIS_ASSIGN_OR_RETURN(out.added, CountDiff(vid, prev, false));
    TAMIS_ASSIGN_OR_RETURN(out.removed, CountDiff(prev, vid, false));
    TAMIS_ASSIGN_OR_RETURN(out.changed, CountDiff(prev, vid, true));
  } else {
    out.added = n;
  }
  return out;
}

namespace {
// Ids of version ?1 absent from version ?2, or (changed) present in both with another hash.
std::string DiffSql(bool changed_only, bool count) {
  std::string sel = count ? "SELECT count(*)" : "SELECT a.entity_id";
  std::string sql = changed_only
      ? sel + " FROM version_entities a JOIN version_entities b ON b.version_id=?2 AND b.entity_id=a.entity_id "
              "WHERE a.version_id=?1 AND a.hash<>b.hash"
      : sel + " FROM version_entities a WHERE a.version_id=?1 AND NOT EXISTS "
              "(SELECT 1 FROM version_entities b WHERE b.version_id=?2 AND b.entity_id=a.entity_id)";
  return count ? sql : sql + " ORDER BY a.entity_id";
}
}  // namespace

Status Store::ForEachDiffId(int64_t a, int64_t b, bool changed_only, const std::function<void(std::string)>& fn) {
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(DiffSql(changed_only, false)));
  q.Bind(1, a).Bind(2, b);
  while (true) {
    TAMIS_ASSIGN_OR_RETURN(bool r, q.Step());
    if (!r) return Status();
    fn(q.Text(0));
  }
}

Result<int64_t> Store::CountDiff(int64_t a, int64_t b, bool changed_only) {
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(DiffSql(changed_only, true)));
  q.Bind(1, a).Bind(2, b);
  TAMIS_ASSIGN_OR_RETURN(bool r, q.Step());
  return r ? q.Int(0) : int64_t{0};
}

Result<ListVersion> Store::Version(int64_t version_id) {
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(std::string("SELECT ") + kVersionCols +
                                             " FROM list_versions WHERE version_id=?"));
  q.Bind(1, version_id);
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return NotFound("no list version " + std::to_string(version_id));
  TAMIS_ASSIGN_OR_RETURN(ListVersion v, ReadVersionRow(q));
  TAMIS_ASSIGN_OR_RETURN(auto f, db_.Prepare("SELECT name, sha256, bytes FROM version_files WHERE version_id=? ORDER BY name"));
  f.Bind(1, version_id);
  while (true) {
    TAMIS_ASSIGN_OR_RETURN(bool r, f.Step());
    if (!r) break;
    v.files.push_back({f.Text(0), f.Text(1), f.Int(2)});
  }
  return v;
}

Result<std::vector<ListVersion>> Store::VersionsOf(store::Stmt& q) {
  std::vector<int64_t> ids;
  while (true) {
    TAMIS_ASSIGN_OR_RETURN(bool r, q.Step());
    if (!r) break;
    ids.push_back(q.Int(0));
  }
  std::vector<ListVersion> out;
  for (int64_t id : ids) {
    TAMIS_ASSIGN_OR_RETURN(ListVersion v, Version(id));
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<ListVersion>> Store::Versions(const std::string& source) {
  std::string sql = std::string("SELECT version_id FROM list_versions") +
                    (source.empty() ? "" : " WHERE source=?") + " ORDER BY version_id DESC";
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(sql));
  if (!source.empty()) q.Bind(1, source);
  return VersionsOf(q);
}

Result<std::vector<ListVersion>> Store::CurrentVersions() {
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT max(version_id) FROM list_versions GROUP BY source ORDER BY source"));
  return VersionsOf(q);
}

Result<std::string> Store::GetEntityJson(const std::string& id, int64_t version_id) {
  if (version_id == 0) {
    size_t colon = id.find(':');
    if (colon == std::string::npos) return InvalidArgument("entity id '" + id + "' has no source prefix (e.g. un:QDi.001)");
    TAMIS_ASSIGN_OR_RETURN(version_id, CurrentVersionId(id.substr(0, colon)));
    if (version_id == 0) return NotFound("no list imported for source '" + id.substr(0, colon) + "'");
  }
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(
      "SELECT b.json FROM version_entities v JOIN entity_blobs b ON b.hash=v.hash "
      "WHERE v.version_id=? AND v.entity_id=?"));
  q.Bind(1, version_id).Bind(2, id);
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return NotFound("no entity " + id + " in list version " + std::to_string(version_id));
  return q.Text(0);
}

Result<Entity> Store::GetEntity(const std::string& id, int64_t version_id) {
  TAMIS_ASSIGN_OR_RETURN(std::string json, GetEntityJson(id, version_id));
  auto e = EntityFromJson(json);
  if (!e.ok()) return DataLoss("stored entity " + id + ": " + e.status().message());
  return e;
}

Status Store::ForEachCurrentEntityJson(const std::vector<std::string>& sources,
                                       const std::function<Status(std::string_view)>& fn) {
  TAMIS_ASSIGN_OR_RETURN(auto current, CurrentVersions());
  std::set<std::string> want(sources.begin(), sources.end());
  for (const auto& v : current) {
    if (!want.empty() && !want.count(v.source)) continue;
    TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(
        "SELECT b.json FROM version_entities v JOIN entity_blobs b ON b.hash=v.hash "
        "WHERE v.version_id=? ORDER BY v.entity_id"));
    q.Bind(1, v.version_id);
    while (true) {
      TAMIS_ASSIGN_OR_RETURN(bool r, q.Step());
      if (!r) break;
      std::string json = q.Text(0);
      TAMIS_RETURN_IF_ERROR(fn(json));
    }
  }
  return Status();
}

Result<VersionDiff> Store::Diff(int64_t from_version, int64_t to_version) {
  TAMIS_ASSIGN_OR_RETURN(ListVersion a, Version(from_version));
  TAMIS_ASSIGN_OR_RETURN(ListVersion b, Version(to_version));
  if (a.source != b.source)
    return InvalidArgument("versions " + std::to_string(from_version) + " (" + a.source + ") and " +
                           std::to_string(to_version) + " (" + b.source + ") are of different sources");
  VersionDiff d;
  d.from_version = from_version;
  d.to_version = to_version;
  auto push = [](std::vector<std::string>* v) { return [v](std::string id) { v->push_back(std::move(id)); }; };
  TAMIS_RETURN_IF_ERROR(ForEachDiffId(to_version, from_version, false, push(&d.added)));
  TAMIS_RETURN_IF_ERROR(ForEachDiffId(from_version, to_version, false, push(&d.removed)));
  TAMIS_RETURN_IF_ERROR(ForEachDiffId(from_version, to_version, true, push(&d.changed)));
  return d;
}

}  // namespace tamis
