// Thin RAII wrappers over the SQLite C API: a connection and a prepared statement.
// Errors become Status values naming the SQL and SQLite's message. Not thread-safe:
// one Db per thread (SQLite's own locking arbitrates between connections and processes).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tamis::store {

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  ~Stmt();

  Stmt& Bind(int i, std::string_view v);  // 1-based index; text is copied by SQLite
  Stmt& Bind(int i, int64_t v);
  Stmt& BindNull(int i);
  Stmt& BindBlob(int i, std::string_view bytes);  // copied by SQLite
  // Advances: true when a row is available, false at the end; error Status otherwise.
  Result<bool> Step();
  // Runs to completion (for INSERT/UPDATE/DELETE) and resets for reuse.
  Status Run();
  void Reset();
  int64_t Int(int col) const;
  std::string Text(int col) const;
  // The column's bytes (a BLOB or TEXT), valid until the next Step/Reset.
  std::string_view Blob(int col) const;
  bool IsNull(int col) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
};

class Db {
 public:
  // Opens (creating when `create`) the database file; sets WAL, foreign keys, busy timeout.
  static Result<Db> Open(const std::filesystem::path& file, bool create, int busy_timeout_ms);
  Db() = default;
  Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Db& operator=(Db&& o) noexcept;
  ~Db();

  Status Exec(std::string_view sql);  // one or more statements, no results
  Result<Stmt> Prepare(std::string_view sql);
  sqlite3* raw() const { return db_; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// Runs BEGIN IMMEDIATE now and ROLLBACK on destruction unless Commit() succeeded.
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
