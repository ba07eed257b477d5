// What Tamis keeps of traveller screening, and its retention (EU PNR directive 2016/681 art. 12:
// depersonalised by masking after six months, deleted after five years). Tables in the store's
// SQLite database (docs/formats.md, "Travel tables"):
//   travel_results(result_id, screened_at, source, flight_id, role, hit_entities, best_score,
//                  traveller_id, traveller_json, result_json, masked_at)
//     one row per screened traveller; traveller_id, traveller_json (name, date of birth,
//     documents...) and result_json (the output line, whose explanations hold the name's tokens)
//     are the personal columns; the others (flight, role, entity ids hit and scores) are not.
//   travel_salts(salt, created_at)
//     the secret mixed into travellers' pseudonymous party keys; rotated and the old one
//     deleted by retention, so a key older than the masking period can no longer be recomputed
//     from a guessed name and date of birth.
// Thread safety: one TravelStore is safe to share (an internal mutex serialises its connection).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace tamis {

struct TravelResultRow {
  int64_t result_id = 0;       // set by the store
  std::string screened_at;     // ISO 8601 UTC
  std::string source;          // input name
  std::string flight_id;       // "UA0989/2017-01-27"
  std::string role;            // "passenger", "crew", "other"
  std::string hit_entities;    // "un:QDi.900 0.99;ofac:123 0.81" (entity ids and scores)
  double best_score = 0;
  std::string traveller_id;    // personal
  std::string traveller_json;  // personal
  std::string result_json;     // personal
  std::string masked_at;       // "" until masked
};

// The periods, in calendar months from screening (results) or from opening (alerts).
struct TravelRetentionPolicy {
  int mask_after_months = 6;     // depersonalise (default 6, the directive's)
  int delete_after_months = 60;  // delete (default 60 = 5 years)
};

struct TravelRetentionReport {
  std::string now, mask_before, delete_before;  // the cut-offs applied (ISO 8601 UTC)
  int64_t results_masked = 0, results_deleted = 0;
  int64_t alerts_masked = 0, alerts_deleted = 0, whitelist_deleted = 0;
  int64_t salts_deleted = 0;
};

// "2026-12-07T10:00:00Z" less `months` calendar months (the day clamped to the month's last).
// kInvalidArgument for a text that is not "YYYY-MM-DD" optionally followed by "THH:MM:SSZ".
Result<std::string> IsoMinusMonths(std::string_view iso, int months);

class TravelStore {
 public:
  // Opens (creating its tables when missing) the travel tables of the store at `db_file`.
  static Result<std::unique_ptr<TravelStore>> Open(const std::filesystem::path& db_file, int busy_timeout_ms = 10000);

  // Appends rows in one transaction. kIoError / store errors.
  Status AddResults(const std::vector<TravelResultRow>& rows);
  // Rows in id order (after_id keyset paging), for review and tests.
  Result<std::vector<TravelResultRow>> ListResults(int64_t after_id, int limit);

  // The salt of travellers' party keys in force, created at first use (32 random bytes, hex).
  Result<std::string> CurrentSalt(const std::string& now);

  // Masks results screened before now - mask_after_months and deletes those before now -
  // delete_after_months; rotates the salt once it is older than the masking period and deletes
  // older salts. Idempotent: a second run at the same `now` changes nothing. (Alerts of the
  // travel line are depersonalised by ReviewStore::DepersonaliseAlerts.)
  Result<TravelRetentionReport> ApplyRetention(const TravelRetentionPolicy& policy, const std::string& now);

 private:
  explicit TravelStore(store::Db db) : db_(std::move(db)) {}
  std::mutex mu_;
  store::Db db_;
};

}  // namespace tamis
