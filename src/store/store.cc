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
  if (list.source.empty()) return InvalidArgument("import has no source name");
  // Validate and hash everything before touching the database. Only the hashes are kept:
  // each entity is serialised again when its blob is written, which halves peak memory on
  // large lists (the JSON of 1M entities is ~1 GB).
  const size_t n = list.entities.size();
  std::vector<std::string> hashes(n);
  std::vector<uint32_t> by_id(n), by_hash(n);
  for (size_t i = 0; i < n; ++i) {
    const Entity& e = list.entities[i];
    if (e.id.empty()) return InvalidArgument("entity #" + std::to_string(i + 1) + " has no id");
    hashes[i] = Sha256Hex(EntityToJson(e));
    by_id[i] = by_hash[i] = static_cast<uint32_t>(i);
  }
  // Rows are inserted in key order: B-tree appends instead of random page splits.
  std::sort(by_id.begin(), by_id.end(),
            [&](uint32_t a, uint32_t b) { return list.entities[a].id < list.entities[b].id; });
  for (size_t k = 1; k < n; ++k)
    if (list.entities[by_id[k]].id == list.entities[by_id[k - 1]].id)
      return InvalidArgument("duplicate entity id " + list.entities[by_id[k]].id);
  std::sort(by_hash.begin(), by_hash.end(), [&](uint32_t a, uint32_t b) { return hashes[a] < hashes[b]; });
  std::string content_hash = ContentHash(meta.files, list.format);

  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_RETURN_IF_ERROR(db_.AdvisoryLock(store::kLockImport));  // replicas import one at a time
  TAMIS_ASSIGN_OR_RETURN(int64_t prev, CurrentVersionId(list.source));
  ImportOutcome out;
  TAMIS_ASSIGN_OR_RETURN(auto same, UnchangedVersion(list.source, "entities", content_hash, meta.force));
  if (same) {
    out.version = std::move(*same);
    out.unchanged = true;
    return out;  // transaction rolls back: nothing written
  }
  TAMIS_ASSIGN_OR_RETURN(int64_t vid, InsertVersion("entities", list.source, list.format, list.list_date, content_hash,
                                                    meta, static_cast<int64_t>(n), list.warnings,
                                                    list.skipped_records));

  TAMIS_ASSIGN_OR_RETURN(auto bi, db_.Prepare("INSERT INTO entity_blobs(hash, json) VALUES(?,?) ON CONFLICT(hash) DO NOTHING"));
  TAMIS_ASSIGN_OR_RETURN(auto mi, db_.Prepare("INSERT INTO version_entities(version_id, entity_id, hash) VALUES(?,?,?)"));
  const int64_t total_rows = 2 * static_cast<int64_t>(n);
  auto report = [&](int64_t done) {
    if (meta.progress && (done % 10000 == 0 || done == total_rows)) meta.progress(done, total_rows);
  };
  for (size_t k = 0; k < n; ++k) {
    if (opts_.fault_injector) TAMIS_RETURN_IF_ERROR(opts_.fault_injector(static_cast<int64_t>(k)));
    report(static_cast<int64_t>(k));
    uint32_t i = by_hash[k];
    if (k > 0 && hashes[i] == hashes[by_hash[k - 1]]) continue;  // identical content, one blob
    TAMIS_RETURN_IF_ERROR(bi.Bind(1, hashes[i]).Bind(2, EntityToJson(list.entities[i])).RunBatched());
  }
  for (size_t k = 0; k < n; ++k) {
    uint32_t i = by_id[k];
    TAMIS_RETURN_IF_ERROR(mi.Bind(1, vid).Bind(2, list.entities[i].id).Bind(3, hashes[i]).RunBatched());
    report(static_cast<int64_t>(n + k + 1));
  }
  TAMIS_RETURN_IF_ERROR(tx.Commit());
  TAMIS_ASSIGN_OR_RETURN(out.version, Version(vid));
  if (prev != 0) {
    TAMIS_ASSIGN_OR_RETURN(VersionDiff d, Diff(prev, vid));
    out.added = static_cast<int64_t>(d.added.size());
    out.removed = static_cast<int64_t>(d.removed.size());
    out.changed = static_cast<int64_t>(d.changed.size());
  } else {
    out.added = static_cast<int64_t>(n);
  }
  return out;
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
  auto load = [&](int64_t vid) -> Result<std::vector<std::pair<std::string, std::string>>> {
    TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT entity_id, hash FROM version_entities WHERE version_id=? ORDER BY entity_id"));
    q.Bind(1, vid);
    std::vector<std::pair<std::string, std::string>> out;
    while (true) {
      TAMIS_ASSIGN_OR_RETURN(bool r, q.Step());
      if (!r) break;
      out.emplace_back(q.Text(0), q.Text(1));
    }
    return out;
  };
  TAMIS_ASSIGN_OR_RETURN(auto xa, load(from_version));
  TAMIS_ASSIGN_OR_RETURN(auto xb, load(to_version));
  size_t i = 0, j = 0;
  while (i < xa.size() || j < xb.size()) {
    if (j == xb.size() || (i < xa.size() && xa[i].first < xb[j].first)) {
      d.removed.push_back(xa[i++].first);
    } else if (i == xa.size() || xb[j].first < xa[i].first) {
      d.added.push_back(xb[j++].first);
    } else {
      if (xa[i].second != xb[j].second) d.changed.push_back(xa[i].first);
      ++i;
      ++j;
    }
  }
  return d;
}

}  // namespace tamis
