// The backend-neutral half of store::Db: the store URL rule, transactions, advisory locks.
#include "store/db.h"

#include "core/strings.h"

namespace tamis::store {

bool IsPostgresUrl(std::string_view url) {
  return url.substr(0, 13) == "postgresql://" || url.substr(0, 11) == "postgres://";
}

StoreLocation ParseStoreLocation(std::string_view url) {
  StoreLocation loc;
  if (IsPostgresUrl(url)) {
    loc.dialect = Dialect::kPostgres;
    loc.target = std::string(url);
  } else if (url.substr(0, 7) == "sqlite:") {
    loc.target = std::string(url.substr(7));
  } else {
    loc.target = std::string(url);
  }
  return loc;
}

std::string RedactUrl(std::string_view url) {
  std::string u(url);
  // scheme://user:password@host -> scheme://user:***@host
  size_t scheme = u.find("://");
  if (scheme != std::string::npos) {
    size_t at = u.find('@', scheme + 3);
    size_t slash = u.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      size_t colon = u.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) u.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&... -> password=***
  for (size_t p = u.find("password="); p != std::string::npos; p = u.find("password=", p + 1)) {
    size_t end = u.find('&', p);
    u.replace(p + 9, (end == std::string::npos ? u.size() : end) - p - 9, "***");
  }
  return u;
}

Result<Db> Db::OpenTarget(const std::filesystem::path& target, bool create, int busy_timeout_ms) {
  if (IsPostgresUrl(target.native())) return Connect(target.native());
  return Open(target, create, busy_timeout_ms);
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  TAMIS_ASSIGN_OR_RETURN(auto s, impl_->Prepare(sql));
  return Stmt(std::move(s));
}

Status Db::AdvisoryLock(int64_t key) {
  if (!postgres()) return Status();
  TAMIS_ASSIGN_OR_RETURN(auto q, Prepare("SELECT pg_advisory_xact_lock(?1)"));
  q.Bind(1, key);
  return q.Run();
}

Result<Transaction> Transaction::Begin(Db& db) {
  TAMIS_RETURN_IF_ERROR(db.impl()->Begin());
  return Transaction(&db);
}
Transaction::~Transaction() {
  if (db_) db_->impl()->Rollback();
}
Status Transaction::Commit() {
  Status st = db_->impl()->Commit();
  if (st.ok()) {
    db_ = nullptr;
  }
  return st;
}

}  // namespace tamis::store
