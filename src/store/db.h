// The store's SQL seam: one connection (`Db`) and prepared statement (`Stmt`) API over two
// backends, the embedded SQLite file (sqlite_db.cc, the default) and a PostgreSQL server
// (pg_db.cc, libpq). Store, ReviewStore and TravelStore are written once against it; the few
// places where the dialects differ ask `dialect()` or the helpers below.
//
// SQL is written with `?` or `?N` placeholders (PostgreSQL's `$N` is produced by the backend).
// Errors become Status values naming the SQL and the backend's message: kUnavailable for a busy
// SQLite file, a lost or refused PostgreSQL connection, a deadlock or serialisation failure (the
// server maps it to 503); kAlreadyExists for a constraint; kDataLoss for a corrupt file.
// Not thread-safe: one Db per thread or behind a mutex.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tamis::store {

enum class Dialect { kSqlite, kPostgres };

// Where a store lives, parsed from what the user gave (--store, config "store", TAMIS_STORE).
// The one place that decides the backend: "postgresql://..." / "postgres://..." is PostgreSQL;
// "sqlite:PATH" or a plain PATH is the SQLite store in data directory PATH.
struct StoreLocation {
  Dialect dialect = Dialect::kSqlite;
  std::string target;  // the data directory (SQLite) or the libpq connection URL (PostgreSQL)
};
StoreLocation ParseStoreLocation(std::string_view url);
// True for a PostgreSQL URL (the test ParseStoreLocation uses).
bool IsPostgresUrl(std::string_view url);
// The URL with any password replaced by "***" (for messages and logs).
std::string RedactUrl(std::string_view url);

namespace detail {
class StmtImpl {
 public:
  virtual ~StmtImpl() = default;
  virtual void Bind(int i, std::string_view v) = 0;
  virtual void Bind(int i, int64_t v) = 0;
  virtual void BindNull(int i) = 0;
  virtual void BindBlob(int i, std::string_view bytes) = 0;
  virtual Result<bool> Step() = 0;
  virtual Status Run() = 0;
  virtual Status RunBatched() { return Run(); }
  virtual void Reset() = 0;
  virtual int64_t Int(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  virtual std::string_view Blob(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
};
class DbImpl {
 public:
  virtual ~DbImpl() = default;
  virtual Dialect dialect() const = 0;
  virtual Status Exec(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<StmtImpl>> Prepare(std::string_view sql) = 0;
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  virtual int64_t Changes() const = 0;
  virtual Result<bool> TableExists(std::string_view table) = 0;
};
}  // namespace detail

class Stmt {
 public:
  Stmt() = default;
  explicit Stmt(std::unique_ptr<detail::StmtImpl> impl) : impl_(std::move(impl)) {}
  Stmt(Stmt&&) noexcept = default;
  Stmt& operator=(Stmt&&) noexcept = default;

  Stmt& Bind(int i, std::string_view v) { return impl_->Bind(i, v), *this; }  // 1-based; copied
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, int64_t v) { return impl_->Bind(i, v), *this; }
  Stmt& BindNull(int i) { return impl_->BindNull(i), *this; }
  Stmt& BindBlob(int i, std::string_view bytes) { return impl_->BindBlob(i, bytes), *this; }  // copied
  // Advances: true when a row is available, false at the end; error Status otherwise.
  Result<bool> Step() { return impl_->Step(); }
  // Runs to completion (for INSERT/UPDATE/DELETE) and resets for reuse.
  Status Run() { return impl_->Run(); }
  // As Run(), for the rows of a bulk write inside a transaction: PostgreSQL pipelines the
  // statement (sends it without waiting for its answer, a few hundred at a time); an error is
  // then returned by a later RunBatched, the next other statement, or Commit (so the transaction
  // still fails as a whole). Changes() does not count batched statements. SQLite: Run().
  Status RunBatched() { return impl_->RunBatched(); }
  // Back to before the first Step, bindings cleared.
  void Reset() { impl_->Reset(); }
  int64_t Int(int col) const { return impl_->Int(col); }
  std::string Text(int col) const { return impl_->Text(col); }
  // The column's bytes (a BLOB/BYTEA or TEXT), valid until the next Step/Reset.
  std::string_view Blob(int col) const { return impl_->Blob(col); }
  bool IsNull(int col) const { return impl_->IsNull(col); }

 private:
  std::unique_ptr<detail::StmtImpl> impl_;
};

class Db {
 public:
  // SQLite: opens (creating when `create`) the database file; sets WAL, foreign keys, busy timeout.
  static Result<Db> Open(const std::filesystem::path& file, bool create, int busy_timeout_ms);
  // PostgreSQL: connects to `url` (libpq URL; connect_timeout 5 s unless the URL sets one).
  // kUnavailable naming the server (password redacted) when it refuses or is down.
  static Result<Db> Connect(const std::string& url);
  // `target` a postgresql:// URL -> Connect, else Open(target) (an SQLite file).
  static Result<Db> OpenTarget(const std::filesystem::path& target, bool create, int busy_timeout_ms);
  Db() = default;
  explicit Db(std::unique_ptr<detail::DbImpl> impl) : impl_(std::move(impl)) {}
  Db(Db&&) noexcept = default;
  Db& operator=(Db&&) noexcept = default;

  Dialect dialect() const { return impl_->dialect(); }
  bool postgres() const { return dialect() == Dialect::kPostgres; }
  Status Exec(std::string_view sql) { return impl_->Exec(sql); }  // one or more statements, no results
  Result<Stmt> Prepare(std::string_view sql);
  // Rows changed by the last INSERT/UPDATE/DELETE run on this connection.
  int64_t Changes() const { return impl_->Changes(); }
  // Whether `table` exists (in the connection's schema search path).
  Result<bool> TableExists(std::string_view table) { return impl_->TableExists(table); }
  // The name of a table's implicit row order column ("rowid" on SQLite, "row_id" on PostgreSQL,
  // where the schema declares it).
  const char* RowId() const { return postgres() ? "row_id" : "rowid"; }
  // Appended to a SELECT that is to lock its rows until commit (PostgreSQL: " FOR UPDATE";
  // SQLite's BEGIN IMMEDIATE already holds the one write lock).
  const char* ForUpdate() const { return postgres() ? " FOR UPDATE" : ""; }
  // Inside a transaction on PostgreSQL: waits for the transaction-level advisory lock `key`
  // (held until commit or rollback). No-op on SQLite (one writer at a time already).
  Status AdvisoryLock(int64_t key);

  detail::DbImpl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<detail::DbImpl> impl_;
};

// Advisory lock keys (PostgreSQL), one per serialised resource.
inline constexpr int64_t kLockAuditChain = 0x7461'6d69'7301;  // the audit hash chain
inline constexpr int64_t kLockImport = 0x7461'6d69'7302;      // list imports (one at a time)
inline constexpr int64_t kLockTravel = 0x7461'6d69'7303;      // travel schema creation

// Begins a write transaction (SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN, read committed) and
// rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_ = nullptr;
};

}  // namespace tamis::store
