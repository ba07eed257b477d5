// The PostgreSQL backend of store::Db (libpq). Statements are prepared on first use per
// (SQL, parameter types) and cached on the connection; results are read in text format except
// BYTEA, which is decoded from PostgreSQL's hex form. A connection found lost is reset before
// the next statement, never inside a transaction: a transaction whose connection dropped fails
// every further statement with kUnavailable until it is rolled back (the server has already
// discarded it), so nothing is half-written and the next request reconnects.
#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "store/db.h"

namespace tamis::store {
namespace {

constexpr Oid kText = 25, kInt8 = 20, kBytea = 17;

// `?`/`?N` placeholders -> `$N`, outside quoted literals and identifiers. *n = highest number.
std::string TranslatePlaceholders(std::string_view sql, int* n) {
  std::string out;
  out.reserve(sql.size() + 16);
  int seq = 0;
  *n = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    size_t j = i + 1;
    int num = 0;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') num = num * 10 + (sql[j++] - '0');
    if (j == i + 1) num = ++seq;
    i = j - 1;
    out += '$';
    out += std::to_string(num);
    if (num > *n) *n = num;
  }
  return out;
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Lost(PGconn* c) { return PQstatus(c) != CONNECTION_OK; }

class PgDb;

class PgStmt final : public detail::StmtImpl {
 public:
  PgStmt(PgDb* db, std::string sql, int nparams)
      : db_(db), sql_(std::move(sql)), vals_(nparams), set_(nparams, 0), types_(nparams, 0), fmts_(nparams, 0) {}
  ~PgStmt() override { Clear(); }
  void Bind(int i, std::string_view v) override { Set(i, std::string(v), kText, 0); }
  void Bind(int i, int64_t v) override { Set(i, std::to_string(v), kInt8, 0); }
  void BindNull(int i) override {
    if (Ok(i)) set_[i - 1] = 0, types_[i - 1] = 0;
  }
  void BindBlob(int i, std::string_view b) override { Set(i, std::string(b), kBytea, 1); }
  Result<bool> Step() override;
  Status Run() override {
    Status st = Execute();
    Reset();
    return st;
  }
  Status RunBatched() override;
  void Reset() override {
    Clear();
    std::fill(set_.begin(), set_.end(), 0);
    std::fill(types_.begin(), types_.end(), 0);
    std::fill(fmts_.begin(), fmts_.end(), 0);
  }
  int64_t Int(int col) const override { return std::strtoll(PQgetvalue(res_, row_, col), nullptr, 10); }
  std::string Text(int col) const override {
    return std::string(PQgetvalue(res_, row_, col), static_cast<size_t>(PQgetlength(res_, row_, col)));
  }
  std::string_view Blob(int col) const override {
    const char* v = PQgetvalue(res_, row_, col);
    size_t n = static_cast<size_t>(PQgetlength(res_, row_, col));
    if (PQftype(res_, col) != kBytea || n < 2 || v[0] != '\\' || v[1] != 'x') return std::string_view(v, n);
    blob_.clear();
    for (size_t k = 2; k + 1 < n; k += 2) blob_ += static_cast<char>(HexVal(v[k]) * 16 + HexVal(v[k + 1]));
    return blob_;
  }
  bool IsNull(int col) const override { return PQgetisnull(res_, row_, col) != 0; }

 private:
  bool Ok(int i) const { return i >= 1 && i <= static_cast<int>(vals_.size()); }
  void Set(int i, std::string v, Oid type, int fmt) {
    if (!Ok(i)) return;
    vals_[i - 1] = std::move(v);
    set_[i - 1] = 1;
    types_[i - 1] = type;
    fmts_[i - 1] = fmt;
  }
  void Clear() {
    if (res_) PQclear(res_);
    res_ = nullptr;
    row_ = -1;
  }
  Status Execute();

  PgDb* db_;
  std::string sql_;
  std::vector<std::string> vals_;
  std::vector<char> set_;
  std::vector<Oid> types_;
  std::vector<int> fmts_;
  PGresult* res_ = nullptr;
  int row_ = -1;
  mutable std::string blob_;
};

class PgDb final : public detail::DbImpl {
 public:
  PgDb(PGconn* c, std::string url) : conn_(c), url_(std::move(url)) { Session(); }
  ~PgDb() override { PQfinish(conn_); }
  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Exec(std::string_view sql) override {
    TAMIS_RETURN_IF_ERROR(Drain());
    TAMIS_RETURN_IF_ERROR(EnsureConnected());
    PGresult* r = PQexec(conn_, std::string(sql).c_str());
    if (RetryAfterLoss(r)) r = PQexec(conn_, std::string(sql).c_str());
    Status st = Check(r, sql);
    if (st.ok()) changes_ = std::atoll(PQcmdTuples(r));
    PQclear(r);
    return st;
  }
  Result<std::unique_ptr<detail::StmtImpl>> Prepare(std::string_view sql) override {
    int n = 0;
    std::string pg = TranslatePlaceholders(sql, &n);
    return std::unique_ptr<detail::StmtImpl>(new PgStmt(this, std::move(pg), n));
  }
  Status Begin() override {
    TAMIS_RETURN_IF_ERROR(Exec("BEGIN"));
    in_tx_ = true;
    return Status();
  }
  Status Commit() override {
    TAMIS_RETURN_IF_ERROR(Drain());  // a pipelined write failed: still in the transaction, rolled back by the caller
    Status st = Exec("COMMIT");
    in_tx_ = false;  // committed, or (on error) rolled back by the server
    return st;
  }
  void Rollback() override {
    (void)Drain();
    if (!in_tx_) return;
    in_tx_ = false;
    if (!Lost(conn_)) PQclear(PQexec(conn_, "ROLLBACK"));
  }
  int64_t Changes() const override { return changes_; }
  Result<bool> TableExists(std::string_view table) override {
    TAMIS_ASSIGN_OR_RETURN(auto q, Prepare("SELECT to_regclass(?1) IS NOT NULL"));
    q->Bind(1, table);
    TAMIS_ASSIGN_OR_RETURN(bool row, q->Step());
    return row && q->Text(0) == "t";
  }

  // Runs a prepared statement (preparing it on this connection first when new); the caller
  // owns the result. Errors mapped as the header says.
  Result<PGresult*> Run(const std::string& sql, const std::vector<std::string>& vals, const std::vector<char>& set,
                        const std::vector<Oid>& types, const std::vector<int>& fmts) {
    TAMIS_RETURN_IF_ERROR(Drain());
    TAMIS_RETURN_IF_ERROR(EnsureConnected());
    const int n = static_cast<int>(vals.size());
    std::vector<const char*> pv(n);
    std::vector<int> lens(n);
    for (int i = 0; i < n; ++i) {
      pv[i] = set[i] ? vals[i].data() : nullptr;
      lens[i] = static_cast<int>(vals[i].size());
    }
    PGresult* r = nullptr;
    for (int attempt = 0;; ++attempt) {
      auto name = PreparedName(sql, types);  // (a new session has no prepared statements)
      if (name.ok()) r = PQexecPrepared(conn_, name->c_str(), n, pv.data(), lens.data(), fmts.data(), 0);
      const bool failed = !name.ok() || !r ||
                          (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK);
      if (failed && attempt == 0 && !in_tx_ && Lost(conn_) && Reconnect()) {
        if (r) PQclear(r);
        r = nullptr;
        continue;
      }
      if (!name.ok()) return name.status();
      break;
    }
    Status st = Check(r, sql);
    if (!st.ok()) {
      PQclear(r);
      return st;
    }
    changes_ = std::atoll(PQcmdTuples(r));
    return r;
  }

  // Sends a prepared statement in pipeline mode without reading its answer; every kBatch
  // statements (and before any other use of the connection) the answers are read by Drain().
  Status Queue(const std::string& sql, const std::vector<std::string>& vals, const std::vector<char>& set,
               const std::vector<Oid>& types, const std::vector<int>& fmts) {
    TAMIS_RETURN_IF_ERROR(EnsureConnected());
    const int n = static_cast<int>(vals.size());
    TAMIS_ASSIGN_OR_RETURN(std::string name, PreparedName(sql, types));
    if (!in_pipeline_) {
      if (PQenterPipelineMode(conn_) != 1) return Unavailable("PostgreSQL: cannot pipeline: " + Trimmed(PQerrorMessage(conn_)));
      in_pipeline_ = true;
    }
    std::vector<const char*> pv(n);
    std::vector<int> lens(n);
    for (int i = 0; i < n; ++i) {
      pv[i] = set[i] ? vals[i].data() : nullptr;
      lens[i] = static_cast<int>(vals[i].size());
    }
    queued_sql_.push_back(sql);
    if (PQsendQueryPrepared(conn_, name.c_str(), n, pv.data(), lens.data(), fmts.data(), 0) != 1) {
      Status st = Unavailable("PostgreSQL: a statement could not be sent: " + Trimmed(PQerrorMessage(conn_)));
      (void)Drain();
      return st;
    }
    if (queued_sql_.size() >= kBatch) return Drain();
    return Status();
  }

 private:
  static constexpr size_t kBatch = 500;

  // The name of the statement prepared for (sql, types) on this connection, preparing it now.
  Result<std::string> PreparedName(const std::string& sql, const std::vector<Oid>& types) {
    std::string key = sql;
    key += '\x1f';
    for (Oid t : types) key += std::to_string(t) + ',';
    auto it = prepared_.find(key);
    if (it != prepared_.end()) return it->second;
    TAMIS_RETURN_IF_ERROR(Drain());  // PQprepare waits for its answer: not inside a pipeline
    std::string name = "s" + std::to_string(prepared_.size() + 1);
    PGresult* p = PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(types.size()), types.data());
    Status st = Check(p, sql);
    PQclear(p);
    if (!st.ok()) return st;
    prepared_.emplace(std::move(key), name);
    return name;
  }

  // Ends pipeline mode: reads every answer queued, returns the first error (naming its SQL).
  Status Drain() {
    if (!in_pipeline_) return Status();
    Status first;
    size_t k = 0;
    if (PQpipelineSync(conn_) != 1) {
      first = Unavailable("PostgreSQL: " + Trimmed(PQerrorMessage(conn_)));
    } else {
      for (;;) {
        PGresult* r = PQgetResult(conn_);
        if (!r) {
          if (Lost(conn_)) {
            if (first.ok()) first = Unavailable("PostgreSQL " + RedactUrl(url_) + ": connection lost: " + Trimmed(PQerrorMessage(conn_)));
            break;
          }
          ++k;  // the end of one statement's answers
          continue;
        }
        ExecStatusType t = PQresultStatus(r);
        if (t == PGRES_PIPELINE_SYNC) {
          PQclear(r);
          break;
        }
        if (t == PGRES_FATAL_ERROR && first.ok())
          first = Check(r, k < queued_sql_.size() ? std::string_view(queued_sql_[k]) : std::string_view("pipelined statement"));
        PQclear(r);
      }
    }
    if (!Lost(conn_)) PQexitPipelineMode(conn_);
    in_pipeline_ = false;
    queued_sql_.clear();
    return first;
  }

  void Session() { PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr); }

  // After a failed statement outside a transaction on a connection found lost (the server
  // restarted since this connection's last use: the statement never ran): reconnects and says
  // whether to run it once more. Clears `r` when it does. Inside a transaction: never.
  bool RetryAfterLoss(PGresult*& r) {
    ExecStatusType t = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK || in_tx_ || !Lost(conn_) || !Reconnect()) return false;
    PQclear(r);
    r = nullptr;
    return true;
  }
  // Resets a lost connection; true when it is back (its prepared statements are gone).
  bool Reconnect() {
    PQreset(conn_);
    prepared_.clear();
    if (Lost(conn_)) return false;
    Session();
    return true;
  }

  Status EnsureConnected() {
    if (!Lost(conn_)) return Status();
    if (in_tx_)
      return Unavailable("PostgreSQL " + RedactUrl(url_) + ": connection lost during a transaction (rolled back)");
    if (!Reconnect())
      return Unavailable("PostgreSQL " + RedactUrl(url_) + " is unreachable: " + Trimmed(PQerrorMessage(conn_)));
    return Status();
  }
  static std::string Trimmed(const char* m) {
    std::string s = m ? m : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }
  Status Check(PGresult* r, std::string_view sql) {
    ExecStatusType t = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) return Status();
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string code = state ? state : "";
    std::string msg = Trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    if (msg.empty()) msg = Trimmed(PQerrorMessage(conn_));
    std::string m = "PostgreSQL: " + std::string(sql.substr(0, 200)) + ": " + msg;
    if (Lost(conn_) || code.empty() || code.substr(0, 2) == "08" || code.substr(0, 3) == "57P" || code == "53300" ||
        code == "40001" || code == "40P01")
      return Unavailable(m);
    if (code.substr(0, 2) == "23") return AlreadyExists(m);
    if (code.substr(0, 2) == "22") return InvalidArgument(m);
    if (code.substr(0, 2) == "53") return ResourceExhausted(m);
    return Internal(m);
  }

  PGconn* conn_;
  std::string url_;
  bool in_tx_ = false;
  bool in_pipeline_ = false;
  std::vector<std::string> queued_sql_;  // of the statements in the pipeline, in order
  int64_t changes_ = 0;
  std::unordered_map<std::string, std::string> prepared_;
};

Status PgStmt::Execute() {
  Clear();
  TAMIS_ASSIGN_OR_RETURN(res_, db_->Run(sql_, vals_, set_, types_, fmts_));
  return Status();
}

Status PgStmt::RunBatched() {
  Clear();
  Status st = db_->Queue(sql_, vals_, set_, types_, fmts_);
  Reset();
  return st;
}

Result<bool> PgStmt::Step() {
  if (!res_) {
    TAMIS_RETURN_IF_ERROR(Execute());
  }
  ++row_;
  return row_ < PQntuples(res_);
}

}  // namespace

Result<Db> Db::Connect(const std::string& url) {
  const char* keys[] = {"connect_timeout", "dbname", nullptr};
  const char* vals[] = {"5", url.c_str(), nullptr};
  PGconn* c = PQconnectdbParams(keys, vals, 1);
  if (!c) return Unavailable("PostgreSQL " + RedactUrl(url) + ": out of memory");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string m = PQerrorMessage(c);
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    PQfinish(c);
    return Unavailable("cannot connect to the PostgreSQL store " + RedactUrl(url) + ": " + m);
  }
  return Db(std::make_unique<PgDb>(c, url));
}

}  // namespace tamis::store
