// The review store: alerts and their four-eyes decisions, the good-guy list, the tamper-evident
// audit chain and the API keys, in the same SQLite database as the lists (tables alerts,
// alert_events, whitelist, audit_log, api_keys; docs/formats.md).
//
// Invariants:
//  - An alert is one (party_key, entity_id, entity_hash): the same party against the same listed
//    entity, unchanged, is one alert however often it is screened; the entity changed in a later
//    list version (new alias, new DOB) is a new alert.
//  - open -> proposed (an analyst) -> decided (a supervisor, never the proposer); a returned
//    proposal goes back to open. Every change and its audit record commit in one transaction.
//  - The audit log is a hash chain: record n carries SHA-256 of record n-1; Verify() names the
//    first record whose content, order or predecessor does not hold.
//  - A confirmed false positive whitelists (party_key, entity_id) for the entity's content at the
//    time; it lapses (no longer suppresses) as soon as the entity's content changes.
//  - API keys are stored as SHA-256 of their secret only and compared in constant time.
// Thread safety: one ReviewStore is safe to share between threads (an internal mutex serialises
// its connection); other processes may use the same database file (SQLite locking) or the same
// PostgreSQL database (replicas): there every write transaction first takes one advisory lock
// (store::kLockAuditChain), so the chain stays one chain, four-eyes changes on one alert are
// applied one after the other (the second sees the first's state), and no two writers deadlock;
// alerts are deduplicated by the unique (party_key, entity_id, entity_hash) constraint.
#pragma once

#include <chrono>
#include <cstdint>
#include <unordered_map>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace tamis {

enum class Role { kClient = 0, kAnalyst = 1, kSupervisor = 2, kAdmin = 3 };
std::string_view RoleName(Role r);
Result<Role> ParseRole(std::string_view s);  // "client", "analyst", "supervisor", "admin"

// A screening hit that may become an alert.
struct AlertInput {
  std::string party_key;       // stable identity of the screened party (see PartyKeyOf in service)
  std::string party_id;        // the client's id for it
  std::string party_json;      // the screened record as sent
  std::string entity_id;       // "un:QDi.006"
  std::string source;          // "un"
  int64_t version_id = 0;      // list version that produced the hit
  std::string line = "party";  // line of effort: party, payment, traveller, media
  double score = 0;
  std::string hit_json;        // the hit with its explanation
  std::string matcher_version; // engine version
  std::string params_json;     // the screening parameters
};

struct Alert {
  int64_t alert_id = 0;
  std::string state;  // "open", "proposed", "decided"
  std::string party_key, party_id, party_json, entity_id, source, entity_hash, line;
  int64_t version_id = 0;
  double score = 0;
  std::string hit_json, matcher_version, params_json;
  std::string proposal, proposed_by, proposal_reason;  // "true_match" / "false_positive"
  std::string decision, decided_by, decision_reason;   // the confirmed outcome
  std::string assignee, created_at, updated_at;
  int64_t hits_seen = 1;  // times screening met this alert again
};

struct AlertEvent {
  std::string at, actor, action, detail;
};

// The order of a page of alerts (keyset paging continues after the last alert of a page).
enum class AlertOrder {
  kOldest,  // alert id ascending (default)
  kNewest,  // alert id descending
  kScore,   // score descending, then id descending
};

struct AlertFilter {
  std::string state, source, assignee, line;
  double min_score = 0, max_score = 2;
  std::string created_after, created_before;  // ISO 8601 UTC bounds of created_at ("" = none)
  AlertOrder order = AlertOrder::kOldest;
  int64_t after_id = 0;    // keyset paging: the last alert id of the previous page (0 = first page)
  double after_score = 0;  // kScore: the last alert's score of the previous page
  int limit = 50;          // 1..1000
};

struct WhitelistEntry {
  std::string party_key, entity_id, entity_hash, added_by, reason, added_at;
  int64_t alert_id = 0;
  bool lapsed = false;  // the entity changed since (filled by List)
};

struct AuditRecord {
  int64_t seq = 0;
  std::string at, actor, action, object, detail, prev_hash, hash;
};

struct AuditVerdict {
  bool ok = true;
  int64_t records = 0;
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;        // what is wrong with it
  std::string head_hash;      // hash of the last record (anchor it elsewhere to detect truncation)
};

struct ApiKey {
  std::string key_id, name;
  Role role = Role::kClient;
  std::string created_at, revoked_at;
};

// What OpenAlert did.
struct AlertOutcome {
  int64_t alert_id = 0;   // 0 when suppressed
  bool created = false;   // a new alert; false: an existing one met again
  bool suppressed = false;// the pair is on the good-guy list for this entity content
};

// What DepersonaliseAlerts did.
struct AlertRetention {
  int64_t masked = 0, deleted = 0, whitelist_deleted = 0;
};

class ReviewStore {
 public:
  // Opens (creating the tables when missing) the review tables of the store at `db_file`: the
  // SQLite file, or a postgresql:// URL (Store::db_path() gives either).
  static Result<std::unique_ptr<ReviewStore>> Open(const std::filesystem::path& db_file, int busy_timeout_ms = 10000);
  ~ReviewStore();  // writes the pending hits_seen counts

  // Opens an alert for `in` unless it exists (counted again) or the good-guy list suppresses it.
  // kNotFound when the entity is not in version_id. An alert met again is answered from memory
  // (no write): its hits_seen count is written in batches (every 256 hits or second, before any
  // read or review of alerts, and on close), so a crash may lose the last second of counts, never
  // an alert or a decision. Another process's commit (PRAGMA data_version) empties the memory.
  Result<AlertOutcome> OpenAlert(const AlertInput& in, const std::string& now);
  // Opens the alerts of many screenings in one write transaction (one commit, one advisory lock
  // on PostgreSQL, statements prepared once): out[i] is what OpenAlert(ins[i], nows[i]) called
  // in order answers (the same dedup, good-guy list, events and audit records, in that order).
  // On an error nothing of the batch is written. nows.size() must equal ins.size().
  Result<std::vector<AlertOutcome>> OpenAlerts(std::span<const AlertInput> ins, std::span<const std::string> nows);

  Result<Alert> GetAlert(int64_t alert_id);
  Result<std::vector<AlertEvent>> AlertEvents(int64_t alert_id);
  Result<std::vector<Alert>> ListAlerts(const AlertFilter& f);
  // Alerts per state ({"open": n, ...}) among those the filter's list, assignee, line, score band
  // and creation range admit (its state, order and paging are not read): the counts beside a
  // filtered queue. The default filter counts every alert.
  Result<std::vector<std::pair<std::string, int64_t>>> CountAlertsByState(const AlertFilter& f = {});

  // An analyst proposes "true_match" or "false_positive" with a reason. kFailedPrecondition when the
  // alert is not open; kInvalidArgument for another decision or an empty reason.
  Status Propose(int64_t alert_id, const std::string& actor, const std::string& decision,
                 const std::string& reason, const std::string& now);
  // A supervisor confirms ("confirm") or returns ("return") the proposal. kFailedPrecondition when
  // the alert is not proposed or `actor` proposed it (four eyes). A confirmed false positive is
  // whitelisted.
  Status Review(int64_t alert_id, const std::string& actor, const std::string& action, const std::string& reason,
                const std::string& now);
  Status Assign(int64_t alert_id, const std::string& actor, const std::string& assignee, const std::string& now);

  // Good-guy list. Add: kNotFound when the entity is not in any current version.
  Status AddWhitelist(const std::string& party_key, const std::string& entity_id, const std::string& actor,
                      const std::string& reason, const std::string& now);
  Status RemoveWhitelist(const std::string& party_key, const std::string& entity_id, const std::string& actor,
                         const std::string& now);
  Result<std::vector<WhitelistEntry>> ListWhitelist();

  // Closes the open and proposed alerts of `entity_id` because the list no longer holds it:
  // state "decided", decision "delisted", decided_by `actor`, decision_reason `reason` (not
  // empty: kInvalidArgument), each with an alert event "delisted" and an audit record
  // "alert.delist", in one transaction. Returns the alerts closed (id, party, line); decided
  // alerts are left as they are.
  Result<std::vector<Alert>> CloseDelisted(const std::string& entity_id, const std::string& actor,
                                           const std::string& reason, const std::string& now);

  // Appends an audit record (for actions outside this store: list updates, key changes by others).
  Status Audit(const std::string& actor, const std::string& action, const std::string& object,
               const std::string& detail, const std::string& now);
  Result<std::vector<AuditRecord>> AuditLog(int64_t after_seq, int limit);
  // The audit records of one object ("alert:12"), oldest first, at most `limit` (1..10000).
  Result<std::vector<AuditRecord>> AuditOf(const std::string& object, int limit);
  Result<AuditVerdict> VerifyAudit();

  // API keys. CreateKey returns the token ("tamis_<key_id>_<secret>"), shown once.
  Result<std::string> CreateKey(const std::string& name, Role role, const std::string& actor, const std::string& now);
  Status RevokeKey(const std::string& key_id, const std::string& actor, const std::string& now);
  Result<std::vector<ApiKey>> ListKeys();
  // The key of a token; kNotFound for an unknown, malformed or revoked token (one message for all).
  Result<ApiKey> Authenticate(std::string_view token);

  // Retention of a line's alerts (travel: EU PNR directive). Alerts of `line` opened before
  // `mask_before` lose every personal field: party_key becomes "masked:<alert_id>" (the party
  // is no longer linked), party_id and party_json are emptied ({"masked":true}), hit_json keeps
  // only the entity, list and score, reasons and event details typed by analysts become
  // "[masked]"; states, decisions and entity ids stay. Their good-guy entries, and those of
  // party keys starting with `whitelist_key_prefix` added before mask_before, are deleted. Alerts
  // opened before `delete_before` are deleted with their events. One audit record when anything
  // changed (idempotent: a second run changes nothing). The audit chain itself is never
  // rewritten (docs/design.md: what it keeps of travel alerts). (review_retention.cc)
  Result<AlertRetention> DepersonaliseAlerts(const std::string& line, const std::string& whitelist_key_prefix,
                                             const std::string& mask_before, const std::string& delete_before,
                                             const std::string& now);

 private:
  explicit ReviewStore(store::Db db) : db_(std::move(db)) {}
  Status Migrate();
  // Begins a write transaction; on PostgreSQL it then holds the review lock (see the header).
  Result<store::Transaction> BeginWriteLocked();
  // Inside a write transaction on PostgreSQL: bumps review_generation, so other replicas drop
  // their alert memory (CheckOtherWritersLocked). No-op on SQLite.
  Status NoteChangeLocked();
  // Inside a transaction: appends one record to the chain.
  Status AppendAuditLocked(const std::string& actor, const std::string& action, const std::string& object,
                           const std::string& detail, const std::string& now);
  Status EventLocked(int64_t alert_id, const std::string& actor, const std::string& action, const std::string& detail,
                     const std::string& now);
  // Content hash of entity_id in the current version of its source; "" when delisted.
  Result<std::string> CurrentEntityHashLocked(const std::string& entity_id);

  // The screening hot path's memory (see OpenAlert). Guarded by mu_.
  Status FlushSeenLocked();
  Status CheckOtherWritersLocked();
  static constexpr size_t kMaxCached = 1 << 20;
  std::unordered_map<std::string, int64_t> known_;           // party|entity|hash -> alert id, -1 suppressed
  std::unordered_map<std::string, std::string> entity_hashes_;  // version|entity -> content hash
  std::unordered_map<int64_t, int64_t> pending_seen_;         // alert id -> hits not yet written
  int64_t pending_total_ = 0;
  int64_t data_version_ = -1;
  std::optional<store::Stmt> data_version_q_;  // prepared once: asked before each screening's alerts
  // The alert path's statements, prepared once (reset after each use).
  std::optional<store::Stmt> entity_hash_q_, whitelist_q_, alert_insert_q_, event_q_, audit_last_q_, audit_insert_q_;
  Result<store::Stmt*> CachedLocked(std::optional<store::Stmt>& slot, std::string_view sql);
  std::chrono::steady_clock::time_point last_flush_ = std::chrono::steady_clock::now();

  std::mutex mu_;
  store::Db db_;
};

// SHA-256 of an audit record's content chained to prev_hash (exposed for tests).
std::string AuditRecordHash(const AuditRecord& r);

}  // namespace tamis
