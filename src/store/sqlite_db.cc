// The SQLite backend of store::Db (the embedded default).
#include <sqlite3.h>

#include "store/db.h"

namespace tamis::store {
namespace {

Status SqlError(sqlite3* db, std::string_view what) {
  std::string m(what);
  m += ": ";
  m += db ? sqlite3_errmsg(db) : "out of memory";
  int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return DataLoss(m);
  if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_READONLY)
    return IoError(m);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Unavailable(m + " (store is busy)");
  if (code == SQLITE_CONSTRAINT) return AlreadyExists(m);
  return Internal(m);
}

class SqliteStmt final : public detail::StmtImpl {
 public:
  SqliteStmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  ~SqliteStmt() override { sqlite3_finalize(s_); }
  void Bind(int i, std::string_view v) override {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void Bind(int i, int64_t v) override { sqlite3_bind_int64(s_, i, v); }
  void BindNull(int i) override { sqlite3_bind_null(s_, i); }
  void BindBlob(int i, std::string_view bytes) override {
    sqlite3_bind_blob64(s_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
  Result<bool> Step() override {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqlError(db_, std::string("step: ") + sqlite3_sql(s_));
  }
  Status Run() override {
    int rc = sqlite3_step(s_);
    Status st;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) st = SqlError(db_, std::string("run: ") + sqlite3_sql(s_));
    Reset();
    return st;
  }
  void Reset() override {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  int64_t Int(int col) const override { return sqlite3_column_int64(s_, col); }
  std::string Text(int col) const override {
    const unsigned char* t = sqlite3_column_text(s_, col);
    int n = sqlite3_column_bytes(s_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(n)) : std::string();
  }
  std::string_view Blob(int col) const override {
    const void* b = sqlite3_column_blob(s_, col);
    int n = sqlite3_column_bytes(s_, col);
    return b ? std::string_view(static_cast<const char*>(b), static_cast<size_t>(n)) : std::string_view();
  }
  bool IsNull(int col) const override { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_;
};

class SqliteDb final : public detail::DbImpl {
 public:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  ~SqliteDb() override { sqlite3_close(db_); }
  Dialect dialect() const override { return Dialect::kSqlite; }
  Status Exec(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string m = err ? err : "unknown";
      sqlite3_free(err);
      return SqlError(db_, "exec (" + m + ")");
    }
    return Status();
  }
  Result<std::unique_ptr<detail::StmtImpl>> Prepare(std::string_view sql) override {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
    if (rc != SQLITE_OK) return SqlError(db_, "prepare: " + std::string(sql));
    return std::unique_ptr<detail::StmtImpl>(new SqliteStmt(db_, s));
  }
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override { return Exec("COMMIT"); }
  void Rollback() override { (void)Exec("ROLLBACK"); }
  int64_t Changes() const override { return sqlite3_changes(db_); }
  Result<bool> TableExists(std::string_view table) override {
    TAMIS_ASSIGN_OR_RETURN(auto q, Prepare("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?1"));
    q->Bind(1, table);
    TAMIS_ASSIGN_OR_RETURN(bool row, q->Step());
    return row && q->Int(0) > 0;
  }

 private:
  sqlite3* db_;
};

}  // namespace

Result<Db> Db::Open(const std::filesystem::path& file, bool create, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = SqlError(raw, "open " + file.string());
    sqlite3_close(raw);
    if (rc == SQLITE_CANTOPEN && !create) return NotFound("no store at " + file.string());
    return st;
  }
  Db db(std::make_unique<SqliteDb>(raw));
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  TAMIS_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072;"));
  return db;
}

}  // namespace tamis::store
