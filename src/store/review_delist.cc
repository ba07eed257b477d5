// ReviewStore::CloseDelisted: alerts of an entity the list no longer holds (see review_store.h).
#include <string>

#include "store/review_store.h"

namespace tamis {

Result<std::vector<Alert>> ReviewStore::CloseDelisted(const std::string& entity_id, const std::string& actor,
                                                      const std::string& reason, const std::string& now) {
  if (reason.empty()) return InvalidArgument("closing delisted alerts needs a reason");
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());
  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_ASSIGN_OR_RETURN(
      auto u, db_.Prepare("UPDATE alerts SET state = 'decided', decision = 'delisted', decided_by = ?2, decision_reason = ?3, "
                          "updated_at = ?4 WHERE entity_id = ?1 AND state IN ('open', 'proposed') RETURNING alert_id, party_id, "
                          "party_key, line"));
  u.Bind(1, entity_id).Bind(2, actor).Bind(3, reason).Bind(4, now);
  std::vector<Alert> closed;
  for (;;) {
    TAMIS_ASSIGN_OR_RETURN(bool row, u.Step());
    if (!row) break;
    Alert a;
    a.alert_id = u.Int(0);
    a.party_id = u.Text(1);
    a.party_key = u.Text(2);
    a.line = u.Text(3);
    a.entity_id = entity_id;
    a.state = "decided";
    a.decision = "delisted";
    a.decided_by = actor;
    a.decision_reason = reason;
    closed.push_back(std::move(a));
  }
  u.Reset();
  for (const auto& a : closed) {
    const std::string obj = "alert:" + std::to_string(a.alert_id);
    TAMIS_RETURN_IF_ERROR(EventLocked(a.alert_id, actor, "delisted", reason, now));
    TAMIS_RETURN_IF_ERROR(AppendAuditLocked(actor, "alert.delist", obj, entity_id + ": " + reason, now));
  }
  TAMIS_RETURN_IF_ERROR(tx.Commit());
  return closed;
}

}  // namespace tamis
