// ReviewStore::DepersonaliseAlerts: retention of a line's alerts (see review_store.h).
#include <string>

#include "store/review_store.h"

namespace tamis {
namespace {

std::string EscapeJson(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) continue;
    o.push_back(c);
  }
  return o;
}

}  // namespace

Result<AlertRetention> ReviewStore::DepersonaliseAlerts(const std::string& line, const std::string& whitelist_key_prefix,
                                                        const std::string& mask_before, const std::string& delete_before,
                                                        const std::string& now) {
  if (line.empty()) return InvalidArgument("retention needs a line of effort");
  AlertRetention out;
  std::lock_guard lock(mu_);
  TAMIS_RETURN_IF_ERROR(FlushSeenLocked());  // counts of alerts met again land before they change
  known_.clear();  // a masked or deleted alert must not be answered from memory again
  TAMIS_ASSIGN_OR_RETURN(auto tx, BeginWriteLocked());
  TAMIS_RETURN_IF_ERROR(NoteChangeLocked());
  auto changes = [&] { return db_.Changes(); };

  // Deletion first: what is deleted need not be masked.
  TAMIS_ASSIGN_OR_RETURN(auto dw, db_.Prepare("DELETE FROM whitelist WHERE alert_id IN (SELECT alert_id FROM alerts WHERE line = ?1 AND created_at < ?2) "
                                              "OR party_key IN (SELECT party_key FROM alerts WHERE line = ?1 AND created_at < ?2)"));
  dw.Bind(1, line).Bind(2, delete_before);
  TAMIS_RETURN_IF_ERROR(dw.Run());
  out.whitelist_deleted += changes();
  TAMIS_ASSIGN_OR_RETURN(auto de, db_.Prepare("DELETE FROM alert_events WHERE alert_id IN (SELECT alert_id FROM alerts WHERE line = ?1 AND created_at < ?2)"));
  de.Bind(1, line).Bind(2, delete_before);
  TAMIS_RETURN_IF_ERROR(de.Run());
  TAMIS_ASSIGN_OR_RETURN(auto da, db_.Prepare("DELETE FROM alerts WHERE line = ?1 AND created_at < ?2"));
  da.Bind(1, line).Bind(2, delete_before);
  TAMIS_RETURN_IF_ERROR(da.Run());
  out.deleted = changes();

  // Masking: good-guy entries of the parties first (they are keyed by the party key).
  TAMIS_ASSIGN_OR_RETURN(auto mw, db_.Prepare("DELETE FROM whitelist WHERE party_key IN (SELECT party_key FROM alerts WHERE line = ?1 AND "
                                              "created_at < ?2 AND party_key NOT LIKE 'masked:%') "
                                              "OR (?3 <> '' AND substr(party_key, 1, length(?3)) = ?3 AND added_at < ?2)"));
  mw.Bind(1, line).Bind(2, mask_before).Bind(3, whitelist_key_prefix);
  TAMIS_RETURN_IF_ERROR(mw.Run());
  out.whitelist_deleted += changes();
  std::vector<std::pair<int64_t, std::string>> hit_json;  // alert id, masked hit
  {
    TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT alert_id, entity_id, source, score_bp FROM alerts WHERE line = ?1 AND created_at < ?2 "
                                               "AND party_key NOT LIKE 'masked:%'"));
    q.Bind(1, line).Bind(2, mask_before);
    for (;;) {
      TAMIS_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      const int64_t bp = q.Int(3);
      hit_json.emplace_back(q.Int(0), "{\"masked\":true,\"entity_id\":\"" + EscapeJson(q.Text(1)) + "\",\"list\":\"" +
                                          EscapeJson(q.Text(2)) + "\",\"score\":" + std::to_string(bp / 10000) + "." +
                                          std::string(4 - std::to_string(bp % 10000).size(), '0') +
                                          std::to_string(bp % 10000) + "}");
    }
  }
  TAMIS_ASSIGN_OR_RETURN(auto ev, db_.Prepare("UPDATE alert_events SET detail = '[masked]' WHERE alert_id = ?1 AND action <> 'opened' AND detail <> ''"));
  TAMIS_ASSIGN_OR_RETURN(
      auto ma, db_.Prepare("UPDATE alerts SET party_key = 'masked:' || alert_id, party_id = '', party_json = '{\"masked\":true}', "
                           "hit_json = ?2, proposal_reason = CASE WHEN proposal_reason = '' THEN '' ELSE '[masked]' END, "
                           "decision_reason = CASE WHEN decision_reason = '' THEN '' ELSE '[masked]' END, updated_at = ?3 "
                           "WHERE alert_id = ?1"));
  for (const auto& [id, hit] : hit_json) {
    ev.Bind(1, id);
    TAMIS_RETURN_IF_ERROR(ev.Run());
    ma.Bind(1, id).Bind(2, hit).Bind(3, now);
    TAMIS_RETURN_IF_ERROR(ma.Run());
  }
  out.masked = static_cast<int64_t>(hit_json.size());
  if (out.masked || out.deleted || out.whitelist_deleted)
    TAMIS_RETURN_IF_ERROR(AppendAuditLocked("retention", "alerts.depersonalise", "line:" + line,
                                            "masked " + std::to_string(out.masked) + " opened before " + mask_before +
                                                ", deleted " + std::to_string(out.deleted) + " opened before " +
                                                delete_before + ", good-guy entries deleted " +
                                                std::to_string(out.whitelist_deleted),
                                            now));
  TAMIS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace tamis
