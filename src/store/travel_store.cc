#include "store/travel_store.h"

#include <openssl/rand.h>

#include <cstdio>

#include "core/strings.h"

namespace tamis {
namespace {

constexpr const char* kTravelSchema = R"SQL(
CREATE TABLE IF NOT EXISTS travel_results(
  result_id INTEGER PRIMARY KEY AUTOINCREMENT, screened_at TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',
  flight_id TEXT NOT NULL DEFAULT '', role TEXT NOT NULL DEFAULT '', hit_entities TEXT NOT NULL DEFAULT '',
  best_bp INTEGER NOT NULL DEFAULT 0, traveller_id TEXT NOT NULL DEFAULT '', traveller_json TEXT NOT NULL DEFAULT '',
  result_json TEXT NOT NULL DEFAULT '', masked_at TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS travel_results_at ON travel_results(screened_at);
CREATE TABLE IF NOT EXISTS travel_salts(salt TEXT NOT NULL, created_at TEXT NOT NULL);
)SQL";

// The same tables on PostgreSQL (travel_salts keeps its order in row_id).
constexpr const char* kPgTravelSchema = R"SQL(
CREATE TABLE IF NOT EXISTS travel_results(
  result_id BIGSERIAL PRIMARY KEY, screened_at TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',
  flight_id TEXT NOT NULL DEFAULT '', role TEXT NOT NULL DEFAULT '', hit_entities TEXT NOT NULL DEFAULT '',
  best_bp BIGINT NOT NULL DEFAULT 0, traveller_id TEXT NOT NULL DEFAULT '', traveller_json TEXT NOT NULL DEFAULT '',
  result_json TEXT NOT NULL DEFAULT '', masked_at TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS travel_results_at ON travel_results(screened_at);
CREATE TABLE IF NOT EXISTS travel_salts(row_id BIGSERIAL PRIMARY KEY, salt TEXT NOT NULL, created_at TEXT NOT NULL);
)SQL";

bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

Result<std::string> IsoMinusMonths(std::string_view iso, int months) {
  if (iso.size() < 10 || !Digits(iso.substr(0, 4)) || iso[4] != '-' || !Digits(iso.substr(5, 2)) || iso[7] != '-' ||
      !Digits(iso.substr(8, 2)) || (iso.size() != 10 && iso.size() != 20))
    return InvalidArgument("not an ISO 8601 UTC date: '" + std::string(iso) + "' (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
  int y = std::stoi(std::string(iso.substr(0, 4))), m = std::stoi(std::string(iso.substr(5, 2)));
  int d = std::stoi(std::string(iso.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1 || d > 31) return InvalidArgument("not a date: '" + std::string(iso) + "'");
  int total = y * 12 + (m - 1) - months;
  y = total / 12;
  m = total % 12 + 1;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int dim = kDays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  if (d > dim) d = dim;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  std::string out = buf;
  out += iso.size() == 20 ? std::string(iso.substr(10)) : std::string("T00:00:00Z");
  return out;
}

Result<std::unique_ptr<TravelStore>> TravelStore::Open(const std::filesystem::path& db_file, int busy_timeout_ms) {
  TAMIS_ASSIGN_OR_RETURN(auto db, store::Db::OpenTarget(db_file, true, busy_timeout_ms));
  std::unique_ptr<TravelStore> s(new TravelStore(std::move(db)));
  if (!s->db_.postgres()) {
    TAMIS_RETURN_IF_ERROR(s->db_.Exec(kTravelSchema));
    return s;
  }
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(s->db_));
  TAMIS_RETURN_IF_ERROR(s->db_.AdvisoryLock(store::kLockTravel));  // replicas create the tables once
  TAMIS_RETURN_IF_ERROR(s->db_.Exec(kPgTravelSchema));
  TAMIS_RETURN_IF_ERROR(tx.Commit());
  return s;
}

Status TravelStore::AddResults(const std::vector<TravelResultRow>& rows) {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_ASSIGN_OR_RETURN(
      auto ins, db_.Prepare("INSERT INTO travel_results(screened_at, source, flight_id, role, hit_entities, best_bp, "
                            "traveller_id, traveller_json, result_json) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)"));
  for (const auto& r : rows) {
    ins.Bind(1, r.screened_at).Bind(2, r.source).Bind(3, r.flight_id).Bind(4, r.role).Bind(5, r.hit_entities);
    ins.Bind(6, static_cast<int64_t>(r.best_score * 10000 + 0.5)).Bind(7, r.traveller_id).Bind(8, r.traveller_json);
    ins.Bind(9, r.result_json);
    TAMIS_RETURN_IF_ERROR(ins.Run());
  }
  return tx.Commit();
}

Result<std::vector<TravelResultRow>> TravelStore::ListResults(int64_t after_id, int limit) {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(
      auto q, db_.Prepare("SELECT result_id, screened_at, source, flight_id, role, hit_entities, best_bp, traveller_id, "
                          "traveller_json, result_json, masked_at FROM travel_results WHERE result_id > ?1 "
                          "ORDER BY result_id LIMIT ?2"));
  q.Bind(1, after_id).Bind(2, static_cast<int64_t>(limit));
  std::vector<TravelResultRow> out;
  for (;;) {
    TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    TravelResultRow r;
    r.result_id = q.Int(0);
    r.screened_at = q.Text(1);
    r.source = q.Text(2);
    r.flight_id = q.Text(3);
    r.role = q.Text(4);
    r.hit_entities = q.Text(5);
    r.best_score = static_cast<double>(q.Int(6)) / 10000;
    r.traveller_id = q.Text(7);
    r.traveller_json = q.Text(8);
    r.result_json = q.Text(9);
    r.masked_at = q.Text(10);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::string> TravelStore::CurrentSalt(const std::string& now) {
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(std::string("SELECT salt FROM travel_salts ORDER BY created_at DESC, ") + db_.RowId() +
                                             " DESC LIMIT 1"));
  TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
  if (row) return q.Text(0);
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Internal("no random bytes for the travel salt");
  std::string salt = HexLower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  TAMIS_ASSIGN_OR_RETURN(auto ins, db_.Prepare("INSERT INTO travel_salts(salt, created_at) VALUES(?1, ?2)"));
  ins.Bind(1, salt).Bind(2, now);
  TAMIS_RETURN_IF_ERROR(ins.Run());
  return salt;
}

Result<TravelRetentionReport> TravelStore::ApplyRetention(const TravelRetentionPolicy& p, const std::string& now) {
  if (p.mask_after_months < 0 || p.delete_after_months < p.mask_after_months)
    return InvalidArgument("retention: the masking period must be >= 0 and at most the deletion period");
  TravelRetentionReport rep;
  rep.now = now;
  TAMIS_ASSIGN_OR_RETURN(rep.mask_before, IsoMinusMonths(now, p.mask_after_months));
  TAMIS_ASSIGN_OR_RETURN(rep.delete_before, IsoMinusMonths(now, p.delete_after_months));
  std::lock_guard lock(mu_);
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_ASSIGN_OR_RETURN(auto del, db_.Prepare("DELETE FROM travel_results WHERE screened_at < ?1"));
  del.Bind(1, rep.delete_before);
  TAMIS_RETURN_IF_ERROR(del.Run());
  rep.results_deleted = db_.Changes();
  TAMIS_ASSIGN_OR_RETURN(
      auto mask, db_.Prepare("UPDATE travel_results SET traveller_id = '', traveller_json = '', result_json = '', "
                             "masked_at = ?2 WHERE screened_at < ?1 AND masked_at = ''"));
  mask.Bind(1, rep.mask_before).Bind(2, now);
  TAMIS_RETURN_IF_ERROR(mask.Run());
  rep.results_masked = db_.Changes();
  // The salt: rotated once older than the masking period; older salts deleted.
  TAMIS_ASSIGN_OR_RETURN(auto latest, db_.Prepare(std::string("SELECT ") + db_.RowId() +
                                                  ", created_at FROM travel_salts ORDER BY created_at DESC, " +
                                                  db_.RowId() + " DESC LIMIT 1"));
  TAMIS_ASSIGN_OR_RETURN(bool have, latest.Step());
  const int64_t latest_id = have ? latest.Int(0) : 0;
  latest.Reset();
  if (have) {
    // Older than the masking period: deleted with the rest (the next CurrentSalt() makes a new one).
    TAMIS_ASSIGN_OR_RETURN(auto old, db_.Prepare(std::string("DELETE FROM travel_salts WHERE ") + db_.RowId() +
                                                 " <> ?1 OR created_at < ?2"));
    old.Bind(1, latest_id).Bind(2, rep.mask_before);
    TAMIS_RETURN_IF_ERROR(old.Run());
    rep.salts_deleted = db_.Changes();
  }
  TAMIS_RETURN_IF_ERROR(tx.Commit());
  return rep;
}

}  // namespace tamis
