#include "store/review_store.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cmath>

#include "core/strings.h"

namespace tamis {
namespace {

constexpr const char* kReviewSchema = R"SQL(
CREATE TABLE IF NOT EXISTS alerts(
  alert_id INTEGER PRIMARY KEY AUTOINCREMENT,
  party_key TEXT NOT NULL, party_id TEXT NOT NULL DEFAULT '', party_json TEXT NOT NULL DEFAULT '',
  entity_id TEXT NOT NULL, source TEXT NOT NULL, version_id INTEGER NOT NULL, entity_hash TEXT NOT NULL,
  line TEXT NOT NULL DEFAULT 'party', score_bp INTEGER NOT NULL, hit_json TEXT NOT NULL DEFAULT '',
  matcher_version TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open',
  proposal TEXT NOT NULL DEFAULT '', proposed_by TEXT NOT NULL DEFAULT '', proposal_reason TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '', decided_by TEXT NOT NULL DEFAULT '', decision_reason TEXT NOT NULL DEFAULT '',
  assignee TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  hits_seen INTEGER NOT NULL DEFAULT 1,
  UNIQUE(party_key, entity_id, entity_hash));
CREATE INDEX IF NOT EXISTS alerts_state ON alerts(state, alert_id);
CREATE INDEX IF NOT EXISTS alerts_score ON alerts(score_bp, alert_id);
CREATE TABLE IF NOT EXISTS alert_events(
  alert_id INTEGER NOT NULL REFERENCES alerts(alert_id), at TEXT NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS alert_events_alert ON alert_events(alert_id);
CREATE TABLE IF NOT EXISTS whitelist(
  party_key TEXT NOT NULL, entity_id TEXT NOT NULL, source TEXT NOT NULL, entity_hash TEXT NOT NULL,
  added_by TEXT NOT NULL, reason TEXT NOT NULL, added_at TEXT NOT NULL, alert_id INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(party_key, entity_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit_log(
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  object TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_log_object ON audit_log(object, seq);
CREATE TABLE IF NOT EXISTS api_keys(
  key_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL, revoked_at TEXT NOT NULL DEFAULT '') WITHOUT ROWID;
)SQL";

// The same tables on PostgreSQL; alert_events keeps its order in row_id; review_generation counts
// changes that make other replicas' alert memory stale (good-guy list, retention).
constexpr const char* kPgReviewSchema = R"SQL(
CREATE TABLE IF NOT EXISTS alerts(
  alert_id BIGSERIAL PRIMARY KEY,
  party_key TEXT NOT NULL, party_id TEXT NOT NULL DEFAULT '', party_json TEXT NOT NULL DEFAULT '',
  entity_id TEXT NOT NULL, source TEXT NOT NULL, version_id BIGINT NOT NULL, entity_hash TEXT NOT NULL,
  line TEXT NOT NULL DEFAULT 'party', score_bp BIGINT NOT NULL, hit_json TEXT NOT NULL DEFAULT '',
  matcher_version TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open',
  proposal TEXT NOT NULL DEFAULT '', proposed_by TEXT NOT NULL DEFAULT '', proposal_reason TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '', decided_by TEXT NOT NULL DEFAULT '', decision_reason TEXT NOT NULL DEFAULT '',
  assignee TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  hits_seen BIGINT NOT NULL DEFAULT 1,
  UNIQUE(party_key, entity_id, entity_hash));
CREATE INDEX IF NOT EXISTS alerts_state ON alerts(state, alert_id);
CREATE TABLE IF NOT EXISTS alert_events(
  row_id BIGSERIAL PRIMARY KEY,
  alert_id BIGINT NOT NULL REFERENCES alerts(alert_id), at TEXT NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS alert_events_alert ON alert_events(alert_id);
CREATE TABLE IF NOT EXISTS whitelist(
  party_key TEXT NOT NULL, entity_id TEXT NOT NULL, source TEXT NOT NULL, entity_hash TEXT NOT NULL,
  added_by TEXT NOT NULL, reason TEXT NOT NULL, added_at TEXT NOT NULL, alert_id BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY(party_key, entity_id));
CREATE TABLE IF NOT EXISTS audit_log(
  seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  object TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys(
  key_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL, revoked_at TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS review_generation(id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
INSERT INTO review_generation(id, n) VALUES(1, 0) ON CONFLICT(id) DO NOTHING;
)SQL";

constexpr const char* kAlertCols =
    "alert_id, state, party_key, party_id, party_json, entity_id, source, entity_hash, line, version_id, score_bp, "
    "hit_json, matcher_version, params_json, proposal, proposed_by, proposal_reason, decision, decided_by, "
    "decision_reason, assignee, created_at, updated_at, hits_seen";

Alert ReadAlert(const store::Stmt& s) {
  Alert a;
  a.alert_id = s.Int(0);
  a.state = s.Text(1);
  a.party_key = s.Text(2);
  a.party_id = s.Text(3);
  a.party_json = s.Text(4);
  a.entity_id = s.Text(5);
  a.source = s.Text(6);
  a.entity_hash = s.Text(7);
  a.line = s.Text(8);
  a.version_id = s.Int(9);
  a.score = static_cast<double>(s.Int(10)) / 10000.0;
  a.hit_json = s.Text(11);
  a.matcher_version = s.Text(12);
  a.params_json = s.Text(13);
  a.proposal = s.Text(14);
  a.proposed_by = s.Text(15);
  a.proposal_reason = s.Text(16);
  a.decision = s.Text(17);
  a.decided_by = s.Text(18);
  a.decision_reason = s.Text(19);
  a.assignee = s.Text(20);
  a.created_at = s.Text(21);
  a.updated_at = s.Text(22);
  a.hits_seen = s.Int(23);
  return a;
}

int64_t ScoreBp(double score) { return static_cast<int64_t>(std::llround(score * 10000.0)); }

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) return "";
  return HexLower(raw);
}

}  // namespace

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kClient: return "client";
    case Role::kAnalyst: return "analyst";
    case Role::kSupervisor: return "supervisor";
    case Role::kAdmin: return "admin";
  }
  return "client";
}

Result<Role> ParseRole(std::string_view s) {
  if (s == "client") return Role::kClient;
  if (s == "analyst") return Role::kAnalyst;
  if (s == "supervisor") return Role::kSupervisor;
  if (s == "admin") return Role::kAdmin;
  return InvalidArgument("role: '" + std::string(s) + "' is not one of client, analyst, supervisor, admin");
}

std::string AuditRecordHash(const AuditRecord& r) {
  // Length-prefixed fields: no two different records serialise alike.
  std::string buf;
  for (const std::string* f : {&r.prev_hash, &r.at, &r.actor, &r.action, &r.object, &r.detail}) {
    buf += std::to_string(f->size());
    buf += ':';
    buf += *f;
    buf += '\n';
  }
  buf += std::to_string(r.seq);
  return Sha256Hex(buf);
}

Result<std::unique_ptr<ReviewStore>> ReviewStore::Open(const std::filesystem::path& db_file, int busy_timeout_ms) {
  auto db = store::Db::OpenTarget(db_file, true, busy_timeout_ms);
  if (!db.ok()) return db.status();
  std::unique_ptr<ReviewStore> rs(new ReviewStore(std::move(db).value()));
  TAMIS_RETURN_IF_ERROR(rs->Migrate());
  return rs;
}

Status ReviewStore::Migrate() {
  std::lock_guard lock(mu_);
  if (!db_.postgres()) return db_.Exec(kReviewSchema);
  // One transaction under the chain's lock: replicas starting at once create the tables once.
  TAMIS_ASSIGN_OR_RETURN(auto tx, BeginWriteLocked());
  TAMIS_RETURN_IF_ERROR(db_.Exec(kPgReviewSchema));
  return tx.Commit();
}

Result<store::Transaction> ReviewStore::BeginWriteLocked() {
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_RETURN_IF_ERROR(db_.AdvisoryLock(store::kLockAuditChain));
  return tx;
}

Status ReviewStore::NoteChangeLocked() {
  if (!db_.postgres()) return Status::Ok();  // SQLite: PRAGMA data_version sees every commit
  return db_.Exec("UPDATE review_generation SET n = n + 1 WHERE id = 1");
}

Result<std::string> ReviewStore::CurrentEntityHashLocked(const std::string& entity_id) {
  auto q = db_.Prepare(
      "SELECT ve.hash FROM version_entities ve JOIN list_versions lv ON lv.version_id = ve.version_id "
      "WHERE ve.entity_id = ?1 AND ve.version_id = (SELECT MAX(version_id) FROM list_versions WHERE source = lv.source) "
      "ORDER BY ve.version_id DESC LIMIT 1");
  if (!q.ok()) return q.status();
  q->Bind(1, entity_id);
  auto r = q->Step();
  if (!r.ok()) return r.status();
  return *r ? q->Text(0) : std::string();
}

ReviewStore::~ReviewStore() {
  std::lock_guard lock(mu_);
  (void)FlushSeenLocked();
  // Statements finalised before their connection (declared before db_).
  for (auto* q : {&data_version_q_, &entity_hash_q_, &whitelist_q_, &alert_insert_q_, &event_q_, &audit_last_q_, &audit_insert_q_})
    q->reset();
}

Status ReviewStore::CheckOtherWritersLocked() {
  if (!data_version_q_) {
    auto q = db_.Prepare(db_.postgres() ? "SELECT n FROM review_generation WHERE id = 1" : "PRAGMA data_version");
    if (!q.ok()) return q.status();
    data_version_q_.emplace(std::move(*q));
  }
  store::Stmt& q = *data_version_q_;
  auto r = q.Step();
  if (!r.ok()) {
    q.Reset();
    return r.status();
  }
  const int64_t v = *r ? q.Int(0) : 0;
  q.Reset();
  if (v != data_version_) {  // another connection committed: what we cached may be stale
    data_version_ = v;
    known_.clear();
  }
  return Status::Ok();
}

Status ReviewStore::FlushSeenLocked() {
  last_flush_ = std::chrono::steady_clock::now();
  if (pending_seen_.empty()) return Status::Ok();
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  auto u = db_.Prepare("UPDATE alerts SET hits_seen = hits_seen + ?2 WHERE alert_id = ?1");
  if (!u.ok()) return u.status();
  std::vector<std::pair<int64_t, int64_t>> sorted(pending_seen_.begin(), pending_seen_.end());
  std::sort(sorted.begin(), sorted.end());  // rows locked in one order by every writer
  for (const auto& [id, n] : sorted) {
    u->Bind(1, id).Bind(2, n);
    auto r = u->Step();
    if (!r.ok()) return r.status();
    u->Reset();
  }
  TAMIS_RETURN_IF_ERROR(tx->Commit());
  pending_seen_.clear();
  pending_total_ = 0;
  return Status::Ok();
}

Result<store::Stmt*> ReviewStore::CachedLocked(std::optional<store::Stmt>& slot, std::string_view sql) {
  if (!slot) {
    TAMIS_ASSIGN_OR_RETURN(store::Stmt q, db_.Prepare(sql));
    slot.emplace(std::move(q));
  }
  return &*slot;
}

Result<AlertOutcome> ReviewStore::OpenAlert(const AlertInput& in, const std::string& now) {
  TAMIS_ASSIGN_OR_RETURN(std::vector<AlertOutcome> out, OpenAlerts(std::span<const AlertInput>(&in, 1),
                                                                    std::span<const std::string>(&now, 1)));
  return out.front();
}

Result<std::vector<AlertOutcome>> ReviewStore::OpenAlerts(std::span<const AlertInput> ins, std::span<const std::string> nows) {
  if (ins.size() != nows.size()) return InvalidArgument("OpenAlerts: one time per alert input");
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(CheckOtherWritersLocked());
  std::vector<AlertOutcome> out(ins.size());
  // What this batch decided, merged into known_ / pending_seen_ only once it is committed.
  std::unordered_map<std::string, int64_t> fresh;  // party|entity|hash -> alert id, -1 suppressed
  std::vector<int64_t> seen_again;                 // alert ids met again (hits_seen, written in batches)
  std::optional<store::Transaction> tx;
  for (size_t i = 0; i < ins.size(); ++i) {
    const AlertInput& in = ins[i];
    const std::string& now = nows[i];
    std::string hash_key = std::to_string(in.version_id) + '\x1f' + in.entity_id;
    std::string entity_hash;
    if (auto it = entity_hashes_.find(hash_key); it != entity_hashes_.end()) {
      entity_hash = it->second;
    } else {
      TAMIS_ASSIGN_OR_RETURN(store::Stmt * h, CachedLocked(entity_hash_q_, "SELECT hash FROM version_entities WHERE version_id = ?1 AND entity_id = ?2"));
      h->Bind(1, in.version_id).Bind(2, in.entity_id);
      auto hr = h->Step();
      if (!hr.ok() || !*hr) {
        h->Reset();
        if (!hr.ok()) return hr.status();
        return NotFound("entity " + in.entity_id + " is not in list version " + std::to_string(in.version_id));
      }
      entity_hash = h->Text(0);
      h->Reset();
      if (entity_hashes_.size() >= kMaxCached) entity_hashes_.clear();
      entity_hashes_.emplace(std::move(hash_key), entity_hash);  // versions never change
    }
    // An alert met again (the common case of re-screening) is answered from memory; its
    // hits_seen count is written in batches.
    std::string seen_key = in.party_key + '\x1f' + in.entity_id + '\x1f' + entity_hash;
    const int64_t* met = nullptr;
    if (auto it = known_.find(seen_key); it != known_.end()) {
      met = &it->second;
    } else if (auto f = fresh.find(seen_key); f != fresh.end()) {
      met = &f->second;
    }
    if (met) {
      if (*met < 0) {
        out[i].suppressed = true;
      } else {
        out[i].alert_id = *met;
        seen_again.push_back(*met);
      }
      continue;
    }
    if (!tx) {
      auto t = BeginWriteLocked();
      if (!t.ok()) return t.status();
      tx.emplace(std::move(*t));
    }
    {
      TAMIS_ASSIGN_OR_RETURN(store::Stmt * w, CachedLocked(whitelist_q_, "SELECT entity_hash FROM whitelist WHERE party_key = ?1 AND entity_id = ?2"));
      w->Bind(1, in.party_key).Bind(2, in.entity_id);
      auto wr = w->Step();
      if (!wr.ok()) {
        w->Reset();
        return wr.status();
      }
      const bool suppressed = *wr && w->Text(0) == entity_hash;
      w->Reset();
      if (suppressed) {
        out[i].suppressed = true;
        fresh.emplace(std::move(seen_key), -1);
        continue;  // nothing written for it
      }
    }
    TAMIS_ASSIGN_OR_RETURN(
        store::Stmt * ins_q,
        CachedLocked(alert_insert_q_,
                     "INSERT INTO alerts(party_key, party_id, party_json, entity_id, source, version_id, entity_hash, line, score_bp, "
                     "hit_json, matcher_version, params_json, created_at, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?13) "
                     "ON CONFLICT(party_key, entity_id, entity_hash) DO UPDATE SET hits_seen = alerts.hits_seen + 1 RETURNING alert_id, hits_seen"));
    ins_q->Bind(1, in.party_key).Bind(2, in.party_id).Bind(3, in.party_json).Bind(4, in.entity_id).Bind(5, in.source);
    ins_q->Bind(6, in.version_id).Bind(7, entity_hash).Bind(8, in.line).Bind(9, ScoreBp(in.score)).Bind(10, in.hit_json);
    ins_q->Bind(11, in.matcher_version).Bind(12, in.params_json).Bind(13, now);
    auto ir = ins_q->Step();
    if (!ir.ok() || !*ir) {
      ins_q->Reset();
      if (!ir.ok()) return ir.status();
      return Internal("alert insert returned no row");
    }
    out[i].alert_id = ins_q->Int(0);
    out[i].created = ins_q->Int(1) == 1;
    ins_q->Reset();
    if (out[i].created) {
      TAMIS_RETURN_IF_ERROR(EventLocked(out[i].alert_id, "screening", "opened",
                            in.entity_id + " v" + std::to_string(in.version_id) + " score " + std::to_string(ScoreBp(in.score)) + "bp", now));
      TAMIS_RETURN_IF_ERROR(AppendAuditLocked("screening", "alert.open", "alert:" + std::to_string(out[i].alert_id),
                                  in.party_key + " ~ " + in.entity_id + " v" + std::to_string(in.version_id), now));
    }
    fresh.emplace(std::move(seen_key), out[i].alert_id);
  }
  if (tx) TAMIS_RETURN_IF_ERROR(tx->Commit());
  if (known_.size() + fresh.size() >= kMaxCached) known_.clear();
  for (auto& [k, v] : fresh) known_.insert_or_assign(k, v);
  if (!seen_again.empty()) {
    for (int64_t id : seen_again) ++pending_seen_[id];
    pending_total_ += static_cast<int64_t>(seen_again.size());
    if (pending_total_ >= 256 || std::chrono::steady_clock::now() - last_flush_ > std::chrono::seconds(1))
      TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  }
  return out;
}

Result<Alert> ReviewStore::GetAlert(int64_t alert_id) {
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  auto q = db_.Prepare(std::string("SELECT ") + kAlertCols + " FROM alerts WHERE alert_id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, alert_id);
  auto r = q->Step();
  if (!r.ok()) return r.status();
  if (!*r) return NotFound("alert " + std::to_string(alert_id) + " does not exist");
  return ReadAlert(*q);
}

Result<std::vector<AlertEvent>> ReviewStore::AlertEvents(int64_t alert_id) {
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  auto q = db_.Prepare(std::string("SELECT at, actor, action, detail FROM alert_events WHERE alert_id = ?1 ORDER BY ") + db_.RowId());
  if (!q.ok()) return q.status();
  q->Bind(1, alert_id);
  std::vector<AlertEvent> out;
  for (;;) {
    auto r = q->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back({q->Text(0), q->Text(1), q->Text(2), q->Text(3)});
  }
  return out;
}

Result<std::vector<Alert>> ReviewStore::ListAlerts(const AlertFilter& f) {
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  // Keyset paging in the order asked: ?1 is the last id seen (0 = first page), ?9 its score.
  // Each a plain range on its index (no "?1 = 0 OR"), so a deep page does not scan the pages before.
  const bool first = f.after_id <= 0;
  const char* page = " AND alert_id > ?1 ORDER BY alert_id";
  if (f.order == AlertOrder::kNewest) page = first ? " AND ?1 = 0 ORDER BY alert_id DESC" : " AND alert_id < ?1 ORDER BY alert_id DESC";
  if (f.order == AlertOrder::kScore)
    page = first ? " AND ?1 = 0 AND ?9 = ?9 ORDER BY score_bp DESC, alert_id DESC"
                 : " AND score_bp <= ?9 AND (score_bp < ?9 OR alert_id < ?1) ORDER BY score_bp DESC, alert_id DESC";
  // The score band uses the alerts_score index only when sorting by score ("+" keeps SQLite from
  // choosing it, and then sorting every alert, for the id orders).
  const char* band = f.order == AlertOrder::kScore ? " AND score_bp >= ?6 AND score_bp <= ?7" : " AND +score_bp >= ?6 AND +score_bp <= ?7";
  auto q = db_.Prepare(std::string("SELECT ") + kAlertCols +
                       " FROM alerts WHERE (?2 = '' OR state = ?2) AND (?3 = '' OR source = ?3)"
                       " AND (?4 = '' OR assignee = ?4) AND (?5 = '' OR line = ?5)" + band +
                       " AND (?10 = '' OR created_at >= ?10) AND (?11 = '' OR created_at < ?11)" +
                       page + " LIMIT ?8");
  if (!q.ok()) return q.status();
  q->Bind(1, f.after_id).Bind(2, f.state).Bind(3, f.source).Bind(4, f.assignee).Bind(5, f.line);
  q->Bind(6, ScoreBp(f.min_score)).Bind(7, ScoreBp(f.max_score)).Bind(8, static_cast<int64_t>(std::clamp(f.limit, 1, 1000)));
  q->Bind(9, ScoreBp(f.after_score)).Bind(10, f.created_after).Bind(11, f.created_before);
  std::vector<Alert> out;
  for (;;) {
    auto r = q->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(ReadAlert(*q));
  }
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> ReviewStore::CountAlertsByState(const AlertFilter& f) {
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  // The same conditions as ListAlerts, but state and paging.
  auto q = db_.Prepare(
      "SELECT state, COUNT(*) FROM alerts WHERE (?1 = '' OR source = ?1) AND (?2 = '' OR assignee = ?2)"
      " AND (?3 = '' OR line = ?3) AND score_bp >= ?4 AND score_bp <= ?5"
      " AND (?6 = '' OR created_at >= ?6) AND (?7 = '' OR created_at < ?7) GROUP BY state ORDER BY state");
  if (!q.ok()) return q.status();
  q->Bind(1, f.source).Bind(2, f.assignee).Bind(3, f.line).Bind(4, ScoreBp(f.min_score)).Bind(5, ScoreBp(f.max_score));
  q->Bind(6, f.created_after).Bind(7, f.created_before);
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    auto r = q->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.emplace_back(q->Text(0), q->Int(1));
  }
  return out;
}

Status ReviewStore::Propose(int64_t alert_id, const std::string& actor, const std::string& decision,
                            const std::string& reason, const std::string& now) {
  if (decision != "true_match" && decision != "false_positive")
    return InvalidArgument("decision: '" + decision + "' is not true_match or false_positive");
  if (Trim(reason).empty()) return InvalidArgument("reason: a proposal needs a reason");
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  auto u = db_.Prepare(
      "UPDATE alerts SET state = 'proposed', proposal = ?2, proposed_by = ?3, proposal_reason = ?4, updated_at = ?5 "
      "WHERE alert_id = ?1 AND state = 'open' RETURNING alert_id");
  if (!u.ok()) return u.status();
  u->Bind(1, alert_id).Bind(2, decision).Bind(3, actor).Bind(4, reason).Bind(5, now);
  auto r = u->Step();
  if (!r.ok()) return r.status();
  if (!*r) {
    u->Reset();
    auto q = db_.Prepare("SELECT state FROM alerts WHERE alert_id = ?1");
    if (!q.ok()) return q.status();
    q->Bind(1, alert_id);
    auto qr = q->Step();
    if (!qr.ok()) return qr.status();
    if (!*qr) return NotFound("alert " + std::to_string(alert_id) + " does not exist");
    return FailedPrecondition("alert " + std::to_string(alert_id) + " is " + q->Text(0) + ", not open");
  }
  u->Reset();
  const std::string obj = "alert:" + std::to_string(alert_id);
  TAMIS_RETURN_IF_ERROR(EventLocked(alert_id, actor, "proposed", decision + ": " + reason, now));
  TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "alert.propose", obj, decision + ": " + reason, now));
  return tx->Commit();
}

Status ReviewStore::Review(int64_t alert_id, const std::string& actor, const std::string& action,
                           const std::string& reason, const std::string& now) {
  if (action != "confirm" && action != "return")
    return InvalidArgument("action: '" + action + "' is not confirm or return");
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  known_.clear();  // the good-guy list may change what an alert answers
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  auto q = db_.Prepare(std::string("SELECT state, proposal, proposed_by, party_key, entity_id, source FROM alerts WHERE alert_id = ?1") +
                       db_.ForUpdate());
  if (!q.ok()) return q.status();
  q->Bind(1, alert_id);
  auto qr = q->Step();
  if (!qr.ok()) return qr.status();
  if (!*qr) return NotFound("alert " + std::to_string(alert_id) + " does not exist");
  const std::string state = q->Text(0), proposal = q->Text(1), proposer = q->Text(2);
  const std::string party_key = q->Text(3), entity_id = q->Text(4), source = q->Text(5);
  q->Reset();
  const std::string obj = "alert:" + std::to_string(alert_id);
  if (state != "proposed") return FailedPrecondition(obj + " is " + state + ", not proposed");
  if (proposer == actor) return FailedPrecondition(obj + ": four eyes: " + actor + " proposed it and cannot review it");
  if (action == "return") {
    auto u = db_.Prepare(
        "UPDATE alerts SET state = 'open', proposal = '', proposed_by = '', proposal_reason = '', updated_at = ?2 "
        "WHERE alert_id = ?1");
    if (!u.ok()) return u.status();
    u->Bind(1, alert_id).Bind(2, now);
    TAMIS_RETURN_IF_ERROR(u->Run());
    TAMIS_RETURN_IF_ERROR(EventLocked(alert_id, actor, "returned", reason, now));
    TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "alert.return", obj, reason, now));
    return tx->Commit();
  }
  auto u = db_.Prepare(
      "UPDATE alerts SET state = 'decided', decision = proposal, decided_by = ?2, decision_reason = ?3, updated_at = ?4 "
      "WHERE alert_id = ?1");
  if (!u.ok()) return u.status();
  u->Bind(1, alert_id).Bind(2, actor).Bind(3, reason).Bind(4, now);
  TAMIS_RETURN_IF_ERROR(u->Run());
  TAMIS_RETURN_IF_ERROR(EventLocked(alert_id, actor, "confirmed", proposal + (reason.empty() ? "" : ": " + reason), now));
  TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "alert.confirm", obj, proposal + (reason.empty() ? "" : ": " + reason), now));
  if (proposal == "false_positive") {
    auto hash = CurrentEntityHashLocked(entity_id);
    if (!hash.ok()) return hash.status();
    if (!hash->empty()) {
      auto w = db_.Prepare(
          "INSERT INTO whitelist(party_key, entity_id, source, entity_hash, added_by, reason, added_at, alert_id) "
          "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(party_key, entity_id) DO UPDATE SET entity_hash = excluded.entity_hash, "
          "added_by = excluded.added_by, reason = excluded.reason, added_at = excluded.added_at, alert_id = excluded.alert_id");
      if (!w.ok()) return w.status();
      w->Bind(1, party_key).Bind(2, entity_id).Bind(3, source).Bind(4, *hash).Bind(5, actor);
      w->Bind(6, "confirmed false positive (" + obj + ")").Bind(7, now).Bind(8, alert_id);
      TAMIS_RETURN_IF_ERROR(w->Run());
      TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "whitelist.add", party_key + " ~ " + entity_id, "from " + obj, now));
      TAMIS_RETURN_IF_ERROR(NoteChangeLocked());
    }
  }
  return tx->Commit();
}

Status ReviewStore::Assign(int64_t alert_id, const std::string& actor, const std::string& assignee,
                           const std::string& now) {
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  auto u = db_.Prepare("UPDATE alerts SET assignee = ?2, updated_at = ?3 WHERE alert_id = ?1 RETURNING alert_id");
  if (!u.ok()) return u.status();
  u->Bind(1, alert_id).Bind(2, assignee).Bind(3, now);
  auto r = u->Step();
  if (!r.ok()) return r.status();
  if (!*r) return NotFound("alert " + std::to_string(alert_id) + " does not exist");
  u->Reset();
  TAMIS_RETURN_IF_ERROR(EventLocked(alert_id, actor, "assigned", assignee, now));
  return tx->Commit();
}

Status ReviewStore::AddWhitelist(const std::string& party_key, const std::string& entity_id, const std::string& actor,
                                 const std::string& reason, const std::string& now) {
  if (party_key.empty()) return InvalidArgument("party_key: empty");
  if (Trim(reason).empty()) return InvalidArgument("reason: a good-guy entry needs a reason");
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  known_.clear();  // the good-guy list may change what an alert answers
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  auto hash = CurrentEntityHashLocked(entity_id);
  if (!hash.ok()) return hash.status();
  if (hash->empty()) return NotFound("entity " + entity_id + " is not in any current list version");
  const std::string source = entity_id.substr(0, entity_id.find(':'));
  auto w = db_.Prepare(
      "INSERT INTO whitelist(party_key, entity_id, source, entity_hash, added_by, reason, added_at) VALUES(?1,?2,?3,?4,?5,?6,?7) "
      "ON CONFLICT(party_key, entity_id) DO UPDATE SET entity_hash = excluded.entity_hash, added_by = excluded.added_by, "
      "reason = excluded.reason, added_at = excluded.added_at");
  if (!w.ok()) return w.status();
  w->Bind(1, party_key).Bind(2, entity_id).Bind(3, source).Bind(4, *hash).Bind(5, actor).Bind(6, reason).Bind(7, now);
  TAMIS_RETURN_IF_ERROR(w->Run());
  TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "whitelist.add", party_key + " ~ " + entity_id, reason, now));
  TAMIS_RETURN_IF_ERROR(NoteChangeLocked());
  return tx->Commit();
}

Status ReviewStore::RemoveWhitelist(const std::string& party_key, const std::string& entity_id,
                                    const std::string& actor, const std::string& now) {
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  known_.clear();  // the good-guy list may change what an alert answers
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  auto d = db_.Prepare("DELETE FROM whitelist WHERE party_key = ?1 AND entity_id = ?2 RETURNING party_key");
  if (!d.ok()) return d.status();
  d->Bind(1, party_key).Bind(2, entity_id);
  auto r = d->Step();
  if (!r.ok()) return r.status();
  if (!*r) return NotFound("no good-guy entry for " + party_key + " ~ " + entity_id);
  d->Reset();
  TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "whitelist.remove", party_key + " ~ " + entity_id, "", now));
  TAMIS_RETURN_IF_ERROR(NoteChangeLocked());
  return tx->Commit();
}

Result<std::vector<WhitelistEntry>> ReviewStore::ListWhitelist() {
  std::vector<WhitelistEntry> out;
  {
    std::lock_guard lock(mu_);
    auto q = db_.Prepare(
        "SELECT party_key, entity_id, entity_hash, added_by, reason, added_at, alert_id FROM whitelist "
        "ORDER BY added_at, party_key, entity_id");
    if (!q.ok()) return q.status();
    for (;;) {
      auto r = q->Step();
      if (!r.ok()) return r.status();
      if (!*r) break;
      out.push_back({q->Text(0), q->Text(1), q->Text(2), q->Text(3), q->Text(4), q->Text(5), q->Int(6), false});
    }
    for (auto& e : out) {
      auto h = CurrentEntityHashLocked(e.entity_id);
      if (!h.ok()) return h.status();
      e.lapsed = *h != e.entity_hash;
    }
  }
  return out;
}

Status ReviewStore::EventLocked(int64_t alert_id, const std::string& actor, const std::string& action,
                                const std::string& detail, const std::string& now) {
  TAMIS_ASSIGN_OR_RETURN(store::Stmt * e, CachedLocked(event_q_, "INSERT INTO alert_events(alert_id, at, actor, action, detail) VALUES(?1,?2,?3,?4,?5)"));
  e->Bind(1, alert_id).Bind(2, now).Bind(3, actor).Bind(4, action).Bind(5, detail);
  Status st = e->Run();
  if (!st.ok()) e->Reset();
  return st;
}

Status ReviewStore::AppendAuditLocked(const std::string& actor, const std::string& action, const std::string& object,
                                      const std::string& detail, const std::string& now) {
  AuditRecord rec;
  TAMIS_ASSIGN_OR_RETURN(store::Stmt * last, CachedLocked(audit_last_q_, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  auto lr = last->Step();
  if (!lr.ok()) {
    last->Reset();
    return lr.status();
  }
  rec.seq = *lr ? last->Int(0) + 1 : 1;
  rec.prev_hash = *lr ? last->Text(1) : std::string(64, '0');
  last->Reset();
  rec.at = now;
  rec.actor = actor;
  rec.action = action;
  rec.object = object;
  rec.detail = detail;
  rec.hash = AuditRecordHash(rec);
  TAMIS_ASSIGN_OR_RETURN(
      store::Stmt * ins,
      CachedLocked(audit_insert_q_, "INSERT INTO audit_log(seq, at, actor, action, object, detail, prev_hash, hash) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"));
  ins->Bind(1, rec.seq).Bind(2, rec.at).Bind(3, rec.actor).Bind(4, rec.action).Bind(5, rec.object);
  ins->Bind(6, rec.detail).Bind(7, rec.prev_hash).Bind(8, rec.hash);
  Status st = ins->Run();
  if (!st.ok()) ins->Reset();
  return st;
}

Status ReviewStore::Audit(const std::string& actor, const std::string& action, const std::string& object,
                          const std::string& detail, const std::string& now) {
  std::lock_guard lock(mu_);
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, action, object, detail, now));
  return tx->Commit();
}

namespace {

// The rows of a query selecting seq, at, actor, action, object, detail, prev_hash, hash.
Result<std::vector<AuditRecord>> ReadAuditRows(store::Stmt& q) {
  std::vector<AuditRecord> out;
  for (;;) {
    auto r = q.Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back({q.Int(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Text(6), q.Text(7)});
  }
  return out;
}

}  // namespace

Result<std::vector<AuditRecord>> ReviewStore::AuditLog(int64_t after_seq, int limit) {
  std::lock_guard lock(mu_);
  auto q = db_.Prepare(
      "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  if (!q.ok()) return q.status();
  q->Bind(1, after_seq).Bind(2, static_cast<int64_t>(std::clamp(limit, 1, 10000)));
  return ReadAuditRows(*q);
}

Result<std::vector<AuditRecord>> ReviewStore::AuditOf(const std::string& object, int limit) {
  std::lock_guard lock(mu_);
  auto q = db_.Prepare(
      "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit_log WHERE object = ?1 ORDER BY seq LIMIT ?2");
  if (!q.ok()) return q.status();
  q->Bind(1, object).Bind(2, static_cast<int64_t>(std::clamp(limit, 1, 10000)));
  return ReadAuditRows(*q);
}

Result<AuditVerdict> ReviewStore::VerifyAudit() {
  std::lock_guard lock(mu_);
  // In seq order: a deleted record leaves a gap, a reordered or edited one breaks its hash or its
  // successor's prev_hash.
  auto q = db_.Prepare("SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit_log ORDER BY seq");
  if (!q.ok()) return q.status();
  AuditVerdict v;
  std::string prev(64, '0');
  int64_t expect = 1;
  for (;;) {
    auto r = q->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    AuditRecord rec{q->Int(0), q->Text(1), q->Text(2), q->Text(3), q->Text(4), q->Text(5), q->Text(6), q->Text(7)};
    ++v.records;
    auto bad = [&](std::string why) {
      v.ok = false;
      v.first_bad_seq = rec.seq;
      v.problem = std::move(why);
    };
    if (rec.seq != expect) {
      bad("record " + std::to_string(expect) + " is missing (next is " + std::to_string(rec.seq) + ")");
    } else if (rec.prev_hash != prev) {
      bad("record " + std::to_string(rec.seq) + " does not follow its predecessor (prev_hash differs)");
    } else if (AuditRecordHash(rec) != rec.hash) {
      bad("record " + std::to_string(rec.seq) + " was altered (its content does not match its hash)");
    }
    if (!v.ok) {
      if (v.first_bad_seq != expect) v.first_bad_seq = expect;
      return v;
    }
    prev = rec.hash;
    ++expect;
  }
  v.head_hash = prev;
  return v;
}

Result<std::string> ReviewStore::CreateKey(const std::string& name, Role role, const std::string& actor,
                                           const std::string& now) {
  if (Trim(name).empty()) return InvalidArgument("name: a key needs the name of its holder");
  const std::string key_id = RandomHex(6), secret = RandomHex(24);
  if (key_id.empty() || secret.empty()) return Internal("no random bytes from OpenSSL");
  std::lock_guard lock(mu_);
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  auto ins = db_.Prepare("INSERT INTO api_keys(key_id, name, role, secret_hash, created_at) VALUES(?1,?2,?3,?4,?5)");
  if (!ins.ok()) return ins.status();
  ins->Bind(1, key_id).Bind(2, name).Bind(3, RoleName(role)).Bind(4, Sha256Hex(secret)).Bind(5, now);
  TAMIS_RETURN_IF_ERROR(ins->Run());
  TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "key.create", "key:" + key_id, name + " as " + std::string(RoleName(role)), now));
  TAMIS_RETURN_IF_ERROR(tx->Commit());
  return "tamis_" + key_id + "_" + secret;
}

Status ReviewStore::RevokeKey(const std::string& key_id, const std::string& actor, const std::string& now) {
  std::lock_guard lock(mu_);
  auto tx = BeginWriteLocked();
  if (!tx.ok()) return tx.status();
  auto u = db_.Prepare("UPDATE api_keys SET revoked_at = ?2 WHERE key_id = ?1 AND revoked_at = '' RETURNING key_id");
  if (!u.ok()) return u.status();
  u->Bind(1, key_id).Bind(2, now);
  auto r = u->Step();
  if (!r.ok()) return r.status();
  if (!*r) return NotFound("key " + key_id + " does not exist or is already revoked");
  u->Reset();
  TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "key.revoke", "key:" + key_id, "", now));
  return tx->Commit();
}

Result<std::vector<ApiKey>> ReviewStore::ListKeys() {
  std::lock_guard lock(mu_);
  auto q = db_.Prepare("SELECT key_id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id");
  if (!q.ok()) return q.status();
  std::vector<ApiKey> out;
  for (;;) {
    auto r = q->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    auto role = ParseRole(q->Text(2));
    if (!role.ok()) return DataLoss("api_keys: key " + q->Text(0) + ": " + role.status().message());
    out.push_back({q->Text(0), q->Text(1), *role, q->Text(3), q->Text(4)});
  }
  return out;
}

Result<ApiKey> ReviewStore::Authenticate(std::string_view token) {
  const Status denied = NotFound("unknown or revoked API key");
  // tamis_<12 hex>_<48 hex>
  if (token.size() != 6 + 12 + 1 + 48 || token.substr(0, 6) != "tamis_" || token[18] != '_') return denied;
  const std::string key_id(token.substr(6, 12));
  const std::string presented = Sha256Hex(token.substr(19));
  std::lock_guard lock(mu_);
  auto q = db_.Prepare("SELECT name, role, secret_hash, created_at, revoked_at FROM api_keys WHERE key_id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, key_id);
  auto r = q->Step();
  if (!r.ok()) return r.status();
  if (!*r) return denied;
  const std::string stored = q->Text(2);
  if (stored.size() != presented.size() || CRYPTO_memcmp(stored.data(), presented.data(), stored.size()) != 0) return denied;
  if (!q->Text(4).empty()) return denied;
  auto role = ParseRole(q->Text(1));
  if (!role.ok()) return DataLoss("api_keys: key " + key_id + ": " + role.status().message());
  return ApiKey{key_id, q->Text(0), *role, q->Text(3), q->Text(4)};
}

}  // namespace tamis
