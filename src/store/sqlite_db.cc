#include "store/sqlite_db.h"

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
}  // namespace

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (s_) sqlite3_finalize(s_);
    db_ = o.db_;
    s_ = o.s_;
    o.s_ = nullptr;
  }
  return *this;
}
Stmt::~Stmt() {
  if (s_) sqlite3_finalize(s_);
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::string_view bytes) {
  sqlite3_bind_blob64(s_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}
Result<bool> Stmt::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqlError(db_, std::string("step: ") + sqlite3_sql(s_));
}
Status Stmt::Run() {
  int rc = sqlite3_step(s_);
  Status st;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) st = SqlError(db_, std::string("run: ") + sqlite3_sql(s_));
  Reset();
  return st;
}
void Stmt::Reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}
int64_t Stmt::Int(int col) const { return sqlite3_column_int64(s_, col); }
std::string Stmt::Text(int col) const {
  const unsigned char* t = sqlite3_column_text(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(n)) : std::string();
}
std::string_view Stmt::Blob(int col) const {
  const void* b = sqlite3_column_blob(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return b ? std::string_view(static_cast<const char*>(b), static_cast<size_t>(n)) : std::string_view();
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

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
  Db db(raw);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  TAMIS_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072;"));
  return db;
}
Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close(db_);
    db_ = o.db_;
    o.db_ = nullptr;
  }
  return *this;
}
Db::~Db() {
  if (db_) sqlite3_close(db_);
}
Status Db::Exec(std::string_view sql) {
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
Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) return SqlError(db_, "prepare: " + std::string(sql));
  return Stmt(db_, s);
}

Result<Transaction> Transaction::Begin(Db& db) {
  TAMIS_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}
Transaction::~Transaction() {
  if (db_) (void)db_->Exec("ROLLBACK");
}
Status Transaction::Commit() {
  Status st = db_->Exec("COMMIT");
  if (st.ok()) db_ = nullptr;
  return st;
}

}  // namespace tamis::store
