// What the analysts' web interface needs beyond the other routes (docs/design.md, web/): who the
// key is, alert counts per state, an alert's audit records, a list's last diff, the queue's
// band/age/sort parameters of GET /v1/alerts, and the embedded static files under /ui/.
#include <string>

#include "core/strings.h"
#include "server/handlers.h"
#include "server/ui_assets.h"

namespace tamis::server {

namespace {

// The security headers of every UI file: nothing but Tamis itself may be loaded or framed.
void AddUiHeaders(HttpResponse& r, const UiAsset& a) {
  r.headers.emplace_back("ETag", std::string(a.etag));
  r.headers.emplace_back("Cache-Control", "no-cache");  // revalidate (ETag) on every load
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                         "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
}

// True when If-None-Match names `etag` (or is "*").
bool NotModified(const HttpRequest& req, std::string_view etag) {
  auto inm = req.Header("if-none-match");
  if (!inm) return false;
  std::string_view v = *inm;
  if (Trim(v) == "*") return true;
  size_t at = 0;
  while (at < v.size()) {
    size_t comma = v.find(',', at);
    if (comma == std::string_view::npos) comma = v.size();
    std::string_view tag = Trim(v.substr(at, comma - at));
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);  // weak comparison
    if (tag == etag) return true;
    at = comma + 1;
  }
  return false;
}

Result<HttpResponse> ServeAsset(const Call& call, std::string_view name) {
  const UiAsset* a = FindUiAsset(name);
  if (!a) return NotFound("no file " + std::string(name) + " in the web interface");
  HttpResponse r;
  if (NotModified(call.req, a->etag)) {
    r.status = 304;
    r.content_type = std::string(a->content_type);
  } else {
    r.content_type = std::string(a->content_type);
    r.body = std::string(a->body);
  }
  AddUiHeaders(r, *a);
  return r;
}

// An ISO 8601 UTC timestamp or date as the query parameter `name` ("" when absent).
Result<std::string> QueryTime(const HttpRequest& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::string();
  const std::string s(*v);
  bool ok = s.size() >= 10 && s.size() <= 30 && s[4] == '-' && s[7] == '-';
  for (size_t i = 0; ok && i < s.size(); ++i) {
    const char c = s[i];
    ok = (c >= '0' && c <= '9') || c == '-' || c == ':' || c == 'T' || c == 'Z' || c == '.' || c == '+';
  }
  if (!ok) return InvalidArgument(std::string(name) + ": expected an ISO 8601 UTC time such as 2026-12-07T10:00:00Z");
  return s;
}

}  // namespace

Status ParseQueueParams(const HttpRequest& q, AlertFilter* f) {
  TAMIS_ASSIGN_OR_RETURN(f->max_score, QueryUnit(q, "max_score", 1.0));
  if (f->max_score < f->min_score) return InvalidArgument("max_score: below min_score");
  if (f->max_score >= 1.0) f->max_score = 2;  // scores with adjustments may pass 1
  TAMIS_ASSIGN_OR_RETURN(f->created_after, QueryTime(q, "created_after"));
  TAMIS_ASSIGN_OR_RETURN(f->created_before, QueryTime(q, "created_before"));
  const std::string sort(q.Query("sort").value_or("oldest"));
  if (sort == "oldest") f->order = AlertOrder::kOldest;
  else if (sort == "newest") f->order = AlertOrder::kNewest;
  else if (sort == "score") f->order = AlertOrder::kScore;
  else return InvalidArgument("sort: expected oldest, newest or score");
  TAMIS_ASSIGN_OR_RETURN(f->after_score, QueryUnit(q, "after_score", 0));
  return Status::Ok();
}

Result<HttpResponse> get_me(Api& api, const Call& call) {
  JsonWriter w;
  w.BeginObject().Field("name", call.key->name).Field("role", RoleName(call.key->role)).Field("key_id", call.key->key_id);
  w.EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_alert_counts(Api& api, const Call& call) {
  // The queue's filters (GET /v1/alerts's query; its state and paging are not read): the
  // counts beside a filtered queue are of that queue.
  TAMIS_ASSIGN_OR_RETURN(AlertFilter f, AlertFilterOf(call.req));
  TAMIS_ASSIGN_OR_RETURN(auto counts, api.service().review().CountAlertsByState(f));
  int64_t open = 0, proposed = 0, decided = 0;
  for (const auto& [state, n] : counts) {
    if (state == "open") open = n;
    else if (state == "proposed") proposed = n;
    else if (state == "decided") decided = n;
  }
  JsonWriter w;
  w.BeginObject().Key("open").Int(open).Key("proposed").Int(proposed).Key("decided").Int(decided);
  w.Key("total").Int(open + proposed + decided).EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_alert_audit(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(int64_t id, AlertId(call));
  auto& review = api.service().review();
  TAMIS_RETURN_IF_ERROR(review.GetAlert(id).status());  // 404 for an unknown alert
  TAMIS_ASSIGN_OR_RETURN(auto recs, review.AuditOf("alert:" + std::to_string(id), 1000));
  JsonWriter w;
  w.BeginObject().Key("alert_id").Int(id).Key("records").BeginArray();
  for (const auto& r : recs) {
    w.BeginObject().Key("seq").Int(r.seq).Field("at", r.at).Field("actor", r.actor).Field("action", r.action);
    w.Field("object", r.object).Field("detail", r.detail).Field("prev_hash", r.prev_hash).Field("hash", r.hash).EndObject();
  }
  w.EndArray().EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_list_diff(Api& api, const Call& call) {
  const std::string& source = call.params[0];
  TAMIS_ASSIGN_OR_RETURN(int64_t limit, QueryInt(call.req, "limit", 200, 0, 100000));
  TAMIS_ASSIGN_OR_RETURN(auto versions, api.service().Versions(source));
  if (versions.empty()) return NotFound("list " + source + " has no version in the store");
  JsonWriter w;
  w.BeginObject().Field("source", source).Key("to_version").Int(versions[0].version_id);
  w.Field("to_imported_at", versions[0].imported_at).FieldIfNotEmpty("to_list_date", versions[0].list_date);
  if (versions.size() < 2) {
    // The first version: nothing to compare with.
    w.Key("from_version").Int(0).Key("added_count").Int(versions[0].entity_count);
    w.Key("removed_count").Int(0).Key("changed_count").Int(0);
    w.Key("added").BeginArray().EndArray().Key("removed").BeginArray().EndArray();
    w.Key("changed").BeginArray().EndArray().Key("truncated").Bool(versions[0].entity_count > 0).EndObject();
    return JsonResponse(w.Take());
  }
  TAMIS_ASSIGN_OR_RETURN(VersionDiff d, api.service().Diff(versions[1].version_id, versions[0].version_id));
  w.Key("from_version").Int(d.from_version).Field("from_imported_at", versions[1].imported_at);
  w.Key("added_count").Int(static_cast<int64_t>(d.added.size()));
  w.Key("removed_count").Int(static_cast<int64_t>(d.removed.size()));
  w.Key("changed_count").Int(static_cast<int64_t>(d.changed.size()));
  bool truncated = false;
  for (auto* part : {&d.added, &d.removed, &d.changed}) {
    if (static_cast<int64_t>(part->size()) > limit) {
      part->resize(static_cast<size_t>(limit));
      truncated = true;
    }
  }
  w.Key("added").BeginArray();
  for (const auto& id : d.added) w.String(id);
  w.EndArray().Key("removed").BeginArray();
  for (const auto& id : d.removed) w.String(id);
  w.EndArray().Key("changed").BeginArray();
  for (const auto& id : d.changed) w.String(id);
  w.EndArray().Key("truncated").Bool(truncated).EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_ui_index(Api& api, const Call& call) { return ServeAsset(call, "index.html"); }

Result<HttpResponse> get_ui_file(Api& api, const Call& call) { return ServeAsset(call, call.params[0]); }

}  // namespace tamis::server
