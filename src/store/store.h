// The embedded store: SQLite (WAL) in a data directory, keeping every version of every
// imported list. Entity JSON blobs are deduplicated by content hash, so a new version that
// changes 10 of 15,000 entities adds 10 blobs and one membership row per entity.
//
// Invariants:
//  - An import is one transaction: either the new version with all its entities is
//    visible, or nothing changed (a failed or interrupted import leaves the previous
//    version in force).
//  - The current version of a source is its newest version.
//  - Blobs are immutable; a version's membership never changes after commit.
// Backends: the SQLite file data_dir/tamis.db (the default), or a PostgreSQL database chosen by
// StoreOptions::url (store/db.h ParseStoreLocation); same schema semantics, each migrated by Open.
// Thread safety: a Store is used by one thread at a time; open one per thread (SQLite
// arbitrates between connections and processes; PostgreSQL between replicas).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/entity.h"
#include "core/media/vpdq.h"
#include "core/status.h"
#include "store/db.h"

namespace tamis {

struct StoreOptions {
  std::filesystem::path data_dir;  // the database is data_dir/tamis.db
  // Where the store is, overriding data_dir when set: "postgresql://..." (PostgreSQL),
  // "sqlite:DIR" or "DIR" (the SQLite store in DIR). Default "": data_dir.
  std::string url;
  bool create = true;              // create the directory and database when missing
  int busy_timeout_ms = 10000;     // wait this long for another writer
  // Test seam: called before each entity row is written during an import; an error
  // aborts the import (which must then leave the store unchanged). Empty in production.
  std::function<Status(int64_t row)> fault_injector;
};

// One input file of an import, for provenance.
struct ImportedFile {
  std::string name;
  std::string sha256;
  int64_t bytes = 0;
};

struct ImportMeta {
  std::string imported_at;  // ISO 8601 UTC, from the caller's clock
  std::vector<ImportedFile> files;
  std::string origin;       // "file", "update:<url>", "update:dir"
  bool force = false;       // import even when the content hash equals the current version's
  // Called now and then with (rows written, rows to write or -1 when streaming) while a large
  // import is stored.
  std::function<void(int64_t, int64_t)> progress;
  // Called inside the import transaction with the number of entities written, before commit:
  // an error refuses the import (nothing written). Used to refuse an empty or shrunken list
  // that is only known once it has been streamed. May be empty.
  std::function<Status(int64_t entities)> verify;
};

// Receives each entity of a streamed list as it is parsed; an error stops the stream and is
// returned by it (the same alias as formats/lists/importers.h).
using EntitySink = std::function<Status(Entity&&)>;
// Calls `sink` for each entity of a list, in any order, and returns the rest of the list
// (list_date, warnings, skipped_records; `entities` empty), or the first error.
using EntityProducer = std::function<Result<ParsedList>(const EntitySink& sink)>;

struct ListVersion {
  int64_t version_id = 0;
  std::string source;
  std::string kind = "entities";  // "entities" (sanctions lists) or "hashes" (media hash lists)
  std::string format;
  std::string imported_at;
  std::string list_date;
  std::string content_hash;  // SHA-256 over the input files' hashes, in name order
  std::string origin;
  int64_t entity_count = 0;
  int64_t warning_count = 0;
  int64_t skipped_records = 0;
  std::vector<ImportedFile> files;
};

struct ImportOutcome {
  ListVersion version;    // the new version, or the current one when unchanged
  bool unchanged = false; // the content equals the current version: nothing written
  int64_t added = 0, removed = 0, changed = 0;  // against the previous version
};

struct VersionDiff {
  int64_t from_version = 0, to_version = 0;
  std::vector<std::string> added, removed, changed;  // entity ids, sorted
};

// One hash of a media hash list, as stored. A video ("vpdq") is one entry whose frames hold
// its sampled frame hashes (stored in video_frames: 48 bytes per frame, seconds kept as float).
struct StoredHash {
  std::string type;               // "pdq", "md5", "sha256", "vpdq"
  std::string hex;                // lower-case hex value (vpdq: SHA-256 of the vPDQ file)
  std::string label;
  std::vector<std::string> tags;  // "ideology:x", "source:gifct"
  int quality = -1;               // PDQ quality when the list gives it; -1 otherwise
  std::string ext_id;             // the list's own id for the hash
  int64_t line = 0;               // line in the imported file
  std::string source;             // filled by CurrentHashes
  int64_t version_id = 0;         // filled by CurrentHashes
  std::vector<media::VpdqFeature> frames;  // type "vpdq" only, in frame order
};

// A media hash list ready to store (a version of `source`).
struct HashListData {
  std::string source;
  std::string format;  // "hash_plain", "hash_csv", "vpdq"
  std::vector<StoredHash> hashes;
  std::vector<ImportWarning> warnings;
  int64_t skipped_records = 0;
};

class Store {
 public:
  // Opens or creates the store (creating or upgrading its schema). Errors: kNotFound (no store
  // and !create), kIoError, kDataLoss; kUnavailable when the PostgreSQL server is unreachable.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& opts);

  // Writes `list` as a new version of list.source, atomically. Entities must have unique
  // ids (kInvalidArgument otherwise, nothing written).
  Result<ImportOutcome> Import(const ParsedList& list, const ImportMeta& meta);
  // Streams a list of `source` in `format` into a new version, atomically: each entity is
  // serialised, hashed and written as `produce` emits it, so memory does not grow with the
  // list (the parser's own state aside). The content hash of meta.files is checked first:
  // unchanged content returns the current version without calling `produce`. An error from
  // `produce` (a parse error at entity 900,000), from the database or from meta.verify rolls
  // the whole version back. A repeated entity id is kInvalidArgument.
  Result<ImportOutcome> ImportStream(const std::string& source, const std::string& format,
                                     const EntityProducer& produce, const ImportMeta& meta);

  // Writes a media hash list as a new version of list.source (kind "hashes"), atomically,
  // with the same unchanged-content rule as Import(). kInvalidArgument for an empty source.
  Result<ImportOutcome> ImportHashList(const HashListData& list, const ImportMeta& meta);

  // Every hash of the current versions of the hash-list sources in `sources` ("" = all),
  // with the frames of videos. kDataLoss for a malformed stored frame blob.
  Result<std::vector<StoredHash>> CurrentHashes(const std::vector<std::string>& sources);

  // All versions, newest first; `source` "" = every source.
  Result<std::vector<ListVersion>> Versions(const std::string& source = "");
  // The current (newest) version of each source, ordered by source.
  Result<std::vector<ListVersion>> CurrentVersions();
  Result<ListVersion> Version(int64_t version_id);

  // The entity as stored in `version_id` (0 = the current version of its source).
  // kNotFound when absent.
  Result<Entity> GetEntity(const std::string& id, int64_t version_id = 0);
  // Canonical JSON of the entity (same lookup rules as GetEntity).
  Result<std::string> GetEntityJson(const std::string& id, int64_t version_id = 0);

  // Calls `fn(json)` for every entity of the current versions of `sources` ("" = all).
  // Stops at and returns the first error from `fn`.
  Status ForEachCurrentEntityJson(const std::vector<std::string>& sources,
                                  const std::function<Status(std::string_view json)>& fn);

  // Entities added, removed and changed from `from` to `to` (versions of the same source),
  // computed in SQL (memory holds only the ids that differ).
  Result<VersionDiff> Diff(int64_t from_version, int64_t to_version);

  // The SQLite database file, or the PostgreSQL URL: what ReviewStore::Open and TravelStore::Open
  // take to open the same database.
  const std::filesystem::path& db_path() const { return db_path_; }
  store::Dialect dialect() const { return db_.dialect(); }

 private:
  Store(store::Db db, StoreOptions opts, std::filesystem::path path)
      : db_(std::move(db)), opts_(std::move(opts)), db_path_(std::move(path)) {}
  Status Migrate();
  Result<int64_t> CurrentVersionId(const std::string& source);
  // Calls fn(entity_id) for each id of version `a` whose entity is absent from version `b`
  // (changed_only: present in both with different content), in id order.
  Status ForEachDiffId(int64_t a, int64_t b, bool changed_only, const std::function<void(std::string)>& fn);
  // The number of such ids.
  Result<int64_t> CountDiff(int64_t a, int64_t b, bool changed_only);
  // Inside an import transaction: the current version of `source` when the new content equals
  // it (and !force), nullopt when a new version is due; kInvalidArgument when the source holds
  // the other kind of list.
  Result<std::optional<ListVersion>> UnchangedVersion(const std::string& source, const std::string& kind,
                                                      const std::string& content_hash, bool force);
  // Inside an import transaction: writes the list_versions row, its files and (the first
  // 10,000) warnings; returns the new version id.
  Result<int64_t> InsertVersion(const std::string& kind, const std::string& source, const std::string& format,
                                const std::string& list_date, const std::string& content_hash,
                                const ImportMeta& meta, int64_t count,
                                const std::vector<ImportWarning>& warnings, int64_t skipped_records);
  // SHA-256 over `tag` and the files' SHA-256 in name order: equal for equal input files.
  static std::string ContentHash(const std::vector<ImportedFile>& files, const std::string& tag);
  // Reads the versions whose ids `q` yields in its first column, in that order.
  Result<std::vector<ListVersion>> VersionsOf(store::Stmt& q);

  store::Db db_;
  StoreOptions opts_;
  std::filesystem::path db_path_;
};

}  // namespace tamis
