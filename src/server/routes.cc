// The route table: everything the server answers, one entry per route.
#include "server/handlers.h"

namespace tamis::server {

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      // Operations.
      {"GET", "/healthz", kOpen, get_healthz},
      {"GET", "/readyz", kOpen, get_readyz},
      {"GET", "/metrics", kAnyRole, get_metrics},
      {"GET", "/v1/openapi.json", kOpen, get_openapi},
      // Screening and lists.
      {"POST", "/v1/screen", kAnyRole, post_screen},
      {"POST", "/v1/media/match", kAnyRole, post_media_match, false, true},
      {"GET", "/v1/entities/{id}", kAnyRole, get_entity},
      {"GET", "/v1/lists", kAnyRole, get_lists},
      {"POST", "/v1/lists/update", kAdmin, post_lists_update, false, true},
      // Lines of effort: payments (ISO 20022, SWIFT MT).
      {"POST", "/v1/payments/screen", kAnyRole, post_payments_screen, false, true},
      // Travellers (PAXLST, PNRGOV, MRZ lines).
      {"POST", "/v1/travel/screen", kAnyRole, post_travel_screen, false, true},
      // Alerts and four-eyes review.
      {"GET", "/v1/alerts", kAnalyst | kSupervisor, get_alerts},
      {"GET", "/v1/alerts/{id}", kAnalyst | kSupervisor, get_alert},
      {"POST", "/v1/alerts/{id}/decision", kAnalyst | kSupervisor, post_alert_decision},
      {"POST", "/v1/alerts/{id}/assign", kAnalyst | kSupervisor, post_alert_assign},
      // Good-guy list.
      {"GET", "/v1/whitelist", kAnalyst | kSupervisor, get_whitelist},
      {"POST", "/v1/whitelist", kSupervisor, post_whitelist},
      {"DELETE", "/v1/whitelist", kSupervisor, delete_whitelist},
      // Audit and keys.
      {"GET", "/v1/audit", kSupervisor | kAdmin, get_audit},
      {"GET", "/v1/audit/verify", kSupervisor | kAdmin, get_audit_verify, false, true},
      {"GET", "/v1/keys", kAdmin, get_keys},
      {"POST", "/v1/keys", kAdmin, post_keys},
      {"DELETE", "/v1/keys/{id}", kAdmin, delete_key},
      // Compatibility routes.
      {"POST", "/match/{dataset}", kAnyRole, post_yente_match},
      {"GET", "/reconcile", kAnyRole, get_reconcile, true},
      {"POST", "/reconcile", kAnyRole, post_reconcile, true},
      {"GET", "/reconcile/preview", kAnyRole, get_reconcile_preview, true},
  };
  return kRoutes;
}

}  // namespace tamis::server
