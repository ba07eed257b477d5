// Alerts and their four-eyes review, the good-guy list, the audit chain and API keys.
#include "server/handlers.h"
#include "server/requests.h"

namespace tamis::server {

Result<int64_t> AlertId(const Call& call) {
  const std::string& s = call.params[0];
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9' || v > INT64_MAX / 10 - 10) return InvalidArgument("id: expected an alert number");
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return InvalidArgument("id: expected an alert number");
  return v;
}

namespace {

void WriteAlert(JsonWriter& w, const Alert& a, bool full) {
  w.BeginObject().Key("id").Int(a.alert_id).Field("state", a.state).Field("line", a.line);
  w.Field("party_id", a.party_id).Field("party_key", a.party_key).Field("entity_id", a.entity_id);
  w.Field("list", a.source).Key("list_version").Int(a.version_id).Field("entity_hash", a.entity_hash);
  w.Key("score").Double(a.score, 4).Field("matcher_version", a.matcher_version);
  w.FieldIfNotEmpty("proposal", a.proposal).FieldIfNotEmpty("proposed_by", a.proposed_by);
  w.FieldIfNotEmpty("proposal_reason", a.proposal_reason).FieldIfNotEmpty("decision", a.decision);
  w.FieldIfNotEmpty("decided_by", a.decided_by).FieldIfNotEmpty("decision_reason", a.decision_reason);
  w.FieldIfNotEmpty("assignee", a.assignee).Field("created_at", a.created_at).Field("updated_at", a.updated_at);
  w.Key("hits_seen").Int(a.hits_seen);
  if (full) {
    if (!a.party_json.empty()) w.Key("party").Raw(a.party_json);
    if (!a.hit_json.empty()) w.Key("hit").Raw(a.hit_json);
    if (!a.params_json.empty()) w.Key("params").Raw(a.params_json);
  }
}

}  // namespace

Result<AlertFilter> AlertFilterOf(const HttpRequest& q) {
  AlertFilter f;
  f.state = std::string(q.Query("state").value_or(""));
  if (!f.state.empty() && f.state != "open" && f.state != "proposed" && f.state != "decided")
    return InvalidArgument("state: expected open, proposed or decided");
  f.source = std::string(q.Query("list").value_or(""));
  f.assignee = std::string(q.Query("assignee").value_or(""));
  f.line = std::string(q.Query("line").value_or(""));
  TAMIS_ASSIGN_OR_RETURN(int64_t min_bp, QueryInt(q, "min_score_bp", 0, 0, 10000));
  TAMIS_ASSIGN_OR_RETURN(f.min_score, QueryUnit(q, "min_score", min_bp / 10000.0));
  TAMIS_ASSIGN_OR_RETURN(f.after_id, QueryInt(q, "after", 0, 0, INT64_MAX));
  TAMIS_ASSIGN_OR_RETURN(int64_t limit, QueryInt(q, "limit", 50, 1, 1000));
  f.limit = static_cast<int>(limit);
  TAMIS_RETURN_IF_ERROR(ParseQueueParams(q, &f));  // handlers_ui.cc: band, age, sort
  return f;
}

Result<HttpResponse> get_alerts(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(AlertFilter f, AlertFilterOf(call.req));
  TAMIS_ASSIGN_OR_RETURN(auto alerts, api.service().review().ListAlerts(f));
  JsonWriter w;
  w.BeginObject().Key("alerts").BeginArray();
  for (const auto& a : alerts) {
    WriteAlert(w, a, false);
    w.EndObject();
  }
  w.EndArray();
  // Keyset paging: the next page starts after the last id returned.
  if (static_cast<int>(alerts.size()) == f.limit) {
    w.Key("next_after").Int(alerts.back().alert_id);
    if (f.order == AlertOrder::kScore) w.Key("next_after_score").Double(alerts.back().score, 4);
  }
  w.EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_alert(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(int64_t id, AlertId(call));
  TAMIS_ASSIGN_OR_RETURN(Alert a, api.service().review().GetAlert(id));
  TAMIS_ASSIGN_OR_RETURN(auto events, api.service().review().AlertEvents(id));
  JsonWriter w;
  WriteAlert(w, a, true);
  w.Key("events").BeginArray();
  for (const auto& e : events)
    w.BeginObject().Field("at", e.at).Field("actor", e.actor).Field("action", e.action).FieldIfNotEmpty("detail", e.detail).EndObject();
  w.EndArray().EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> post_alert_decision(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(int64_t id, AlertId(call));
  TAMIS_ASSIGN_OR_RETURN(DecisionRequest d, ParseDecisionRequest(call.req.body));
  auto& review = api.service().review();
  const std::string now = api.service().Now();
  if (d.action == "propose") {
    TAMIS_RETURN_IF_ERROR(review.Propose(id, call.actor(), d.decision, d.reason, now));
  } else {
    if (call.key->role != Role::kSupervisor)
      return ErrorResponse(403, "forbidden", "only a supervisor may " + d.action + " a proposal (four eyes)");
    TAMIS_RETURN_IF_ERROR(review.Review(id, call.actor(), d.action, d.reason, now));
  }
  TAMIS_ASSIGN_OR_RETURN(Alert a, review.GetAlert(id));
  JsonWriter w;
  WriteAlert(w, a, false);
  w.EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> post_alert_assign(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(int64_t id, AlertId(call));
  TAMIS_ASSIGN_OR_RETURN(std::string assignee, ParseAssignRequest(call.req.body));
  TAMIS_RETURN_IF_ERROR(api.service().review().Assign(id, call.actor(), assignee, api.service().Now()));
  TAMIS_ASSIGN_OR_RETURN(Alert a, api.service().review().GetAlert(id));
  JsonWriter w;
  WriteAlert(w, a, false);
  w.EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_whitelist(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(auto entries, api.service().review().ListWhitelist());
  JsonWriter w;
  w.BeginObject().Key("entries").BeginArray();
  for (const auto& e : entries) {
    w.BeginObject().Field("party_key", e.party_key).Field("entity_id", e.entity_id).Field("entity_hash", e.entity_hash);
    w.Field("added_by", e.added_by).Field("reason", e.reason).Field("added_at", e.added_at);
    if (e.alert_id) w.Key("alert_id").Int(e.alert_id);
    w.Key("lapsed").Bool(e.lapsed).EndObject();
  }
  w.EndArray().EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> post_whitelist(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(WhitelistRequest r, ParseWhitelistRequest(call.req.body, true));
  TAMIS_RETURN_IF_ERROR(api.service().review().AddWhitelist(r.party_key, r.entity_id, call.actor(), r.reason, api.service().Now()));
  JsonWriter w;
  w.BeginObject().Field("party_key", r.party_key).Field("entity_id", r.entity_id).Field("status", "added").EndObject();
  return JsonResponse(w.Take(), 201);
}

Result<HttpResponse> delete_whitelist(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(WhitelistRequest r, ParseWhitelistRequest(call.req.body, false));
  TAMIS_RETURN_IF_ERROR(api.service().review().RemoveWhitelist(r.party_key, r.entity_id, call.actor(), api.service().Now()));
  JsonWriter w;
  w.BeginObject().Field("party_key", r.party_key).Field("entity_id", r.entity_id).Field("status", "removed").EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_audit(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(int64_t after, QueryInt(call.req, "after", 0, 0, INT64_MAX));
  TAMIS_ASSIGN_OR_RETURN(int64_t limit, QueryInt(call.req, "limit", 100, 1, 1000));
  TAMIS_ASSIGN_OR_RETURN(auto recs, api.service().review().AuditLog(after, static_cast<int>(limit)));
  JsonWriter w;
  w.BeginObject().Key("records").BeginArray();
  for (const auto& r : recs) {
    w.BeginObject().Key("seq").Int(r.seq).Field("at", r.at).Field("actor", r.actor).Field("action", r.action);
    w.Field("object", r.object).Field("detail", r.detail).Field("prev_hash", r.prev_hash).Field("hash", r.hash).EndObject();
  }
  w.EndArray();
  if (static_cast<int64_t>(recs.size()) == limit) w.Key("next_after").Int(recs.back().seq);
  w.EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_audit_verify(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(AuditVerdict v, api.service().review().VerifyAudit());
  JsonWriter w;
  w.BeginObject().Key("ok").Bool(v.ok).Key("records").Int(v.records).Field("head_hash", v.head_hash);
  if (!v.ok) w.Key("first_bad_seq").Int(v.first_bad_seq).Field("problem", v.problem);
  w.EndObject();
  return JsonResponse(w.Take(), v.ok ? 200 : 409);
}

Result<HttpResponse> get_keys(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(auto keys, api.service().review().ListKeys());
  JsonWriter w;
  w.BeginObject().Key("keys").BeginArray();
  for (const auto& k : keys) {
    w.BeginObject().Field("key_id", k.key_id).Field("name", k.name).Field("role", RoleName(k.role));
    w.Field("created_at", k.created_at).FieldIfNotEmpty("revoked_at", k.revoked_at).EndObject();
  }
  w.EndArray().EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> post_keys(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(KeyRequest r, ParseKeyRequest(call.req.body));
  auto role = ParseRole(r.role);
  if (!role.ok()) return InvalidArgument("role: expected client, analyst, supervisor or admin");
  TAMIS_ASSIGN_OR_RETURN(std::string token, api.service().review().CreateKey(r.name, *role, call.actor(), api.service().Now()));
  JsonWriter w;
  w.BeginObject().Field("name", r.name).Field("role", RoleName(*role)).Field("key", token);
  w.Field("note", "the key is shown once; only its SHA-256 is stored").EndObject();
  return JsonResponse(w.Take(), 201);
}

Result<HttpResponse> delete_key(Api& api, const Call& call) {
  TAMIS_RETURN_IF_ERROR(api.service().review().RevokeKey(call.params[0], call.actor(), api.service().Now()));
  api.keys().Clear();
  JsonWriter w;
  w.BeginObject().Field("key_id", call.params[0]).Field("status", "revoked").EndObject();
  return JsonResponse(w.Take());
}

}  // namespace tamis::server
