// The API's handlers, one per route (named after method and path, as in the route table in
// routes.cc). Each takes the parsed request and answers JSON; errors are Status values that
// Api::Handle maps to HTTP in one place (HttpStatusOf).
#pragma once

#include <string>

#include "formats/json_writer.h"
#include "server/api.h"

namespace tamis::server {

// Operations (handlers_ops.cc).
Result<HttpResponse> get_healthz(Api& api, const Call& call);
Result<HttpResponse> get_readyz(Api& api, const Call& call);
Result<HttpResponse> get_metrics(Api& api, const Call& call);
Result<HttpResponse> get_openapi(Api& api, const Call& call);

// Screening and lists (handlers_screen.cc).
Result<HttpResponse> post_screen(Api& api, const Call& call);
Result<HttpResponse> post_media_match(Api& api, const Call& call);
Result<HttpResponse> get_entity(Api& api, const Call& call);
Result<HttpResponse> get_lists(Api& api, const Call& call);
Result<HttpResponse> post_lists_update(Api& api, const Call& call);

// Lines of effort beyond names (handlers_lines.cc): payments, travellers.
Result<HttpResponse> post_payments_screen(Api& api, const Call& call);
Result<HttpResponse> post_travel_screen(Api& api, const Call& call);

// Alerts, review, good-guy list, audit, keys (handlers_review.cc).
// The alert number in the route's first path parameter ("{id}"); 400 naming `id` otherwise.
Result<int64_t> AlertId(const Call& call);
Result<HttpResponse> get_alerts(Api& api, const Call& call);
Result<HttpResponse> get_alert(Api& api, const Call& call);
Result<HttpResponse> post_alert_decision(Api& api, const Call& call);
Result<HttpResponse> post_alert_assign(Api& api, const Call& call);
Result<HttpResponse> get_whitelist(Api& api, const Call& call);
Result<HttpResponse> post_whitelist(Api& api, const Call& call);
Result<HttpResponse> delete_whitelist(Api& api, const Call& call);
Result<HttpResponse> get_audit(Api& api, const Call& call);
Result<HttpResponse> get_audit_verify(Api& api, const Call& call);
Result<HttpResponse> get_keys(Api& api, const Call& call);
Result<HttpResponse> post_keys(Api& api, const Call& call);
Result<HttpResponse> delete_key(Api& api, const Call& call);

// Compatibility: OpenSanctions yente and the W3C reconciliation API (handlers_compat.cc).
Result<HttpResponse> post_yente_match(Api& api, const Call& call);
Result<HttpResponse> get_reconcile(Api& api, const Call& call);
Result<HttpResponse> post_reconcile(Api& api, const Call& call);
Result<HttpResponse> get_reconcile_preview(Api& api, const Call& call);

// The web interface (handlers_ui.cc): who am I, counts, an alert's audit, a list's last diff, the
// static files under /ui/.
Result<HttpResponse> get_me(Api& api, const Call& call);
Result<HttpResponse> get_alert_counts(Api& api, const Call& call);
Result<HttpResponse> get_alert_audit(Api& api, const Call& call);
Result<HttpResponse> get_list_diff(Api& api, const Call& call);
Result<HttpResponse> get_ui_index(Api& api, const Call& call);
Result<HttpResponse> get_ui_file(Api& api, const Call& call);
// The queue parameters of GET /v1/alerts beyond the basic filters: max_score, created_after,
// created_before, sort (oldest|newest|score), after_score. kInvalidArgument naming the parameter.
Status ParseQueueParams(const HttpRequest& req, AlertFilter* f);
// The alert filter of a GET /v1/alerts query (state, list, assignee, line, score band, age,
// sort, paging); kInvalidArgument naming the parameter that is wrong. handlers_review.cc.
Result<AlertFilter> AlertFilterOf(const HttpRequest& req);

// Shared helpers of the handlers.
// The "list_versions" object of a snapshot: {"un": 3, "ofac": 5}.
void WriteListVersions(JsonWriter& w, const Snapshot& snap);
// The integer query parameter `name` (default when absent); kInvalidArgument naming it.
Result<int64_t> QueryInt(const HttpRequest& req, std::string_view name, int64_t def, int64_t min, int64_t max);
// The number query parameter `name` in [0, 1] (default when absent); kInvalidArgument naming it.
Result<double> QueryUnit(const HttpRequest& req, std::string_view name, double def);
// kUnavailable when no name list is loaded (503: retry after an import).
Status RequireNames(const Snapshot* snap);

}  // namespace tamis::server
