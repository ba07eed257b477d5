// Compatibility routes so that existing clients work unchanged:
//  - OpenSanctions yente's POST /match/{dataset} (FollowTheMoney entity queries, scored results
//    with per-feature scores);
//  - the W3C / OpenRefine reconciliation API 0.2 (/reconcile manifest and queries, previews).
// Both screen through the same alert path as /v1/screen: a hit at or above the alert threshold
// opens an alert for analysts, whatever the client does with the answer.
#include <algorithm>
#include <map>

#include "core/strings.h"
#include "server/handlers.h"
#include "server/json_body.h"
#include "server/requests.h"

namespace tamis::server {

namespace {

std::string_view FtmSchema(EntityKind k) {
  switch (k) {
    case EntityKind::kPerson: return "Person";
    case EntityKind::kOrganisation: return "Organization";
    case EntityKind::kVessel: return "Vessel";
    case EntityKind::kAircraft: return "Airplane";
    default: return "LegalEntity";
  }
}

// Screens every record of one query and keeps the best hit per entity, best first.
Result<std::vector<index::NameHit>> ScreenBest(Api& api, const std::vector<ScreenRecord>& recs, const ScreenParams& p) {
  std::map<uint32_t, index::NameHit> best;
  for (const auto& rec : recs) {
    TAMIS_ASSIGN_OR_RETURN(PartyResult r, api.service().ScreenParty(rec, p));
    for (auto& h : r.hits) {
      auto it = best.find(h.entity);
      if (it == best.end() || h.score > it->second.score) best[h.entity] = std::move(h);
    }
  }
  std::vector<index::NameHit> out;
  for (auto& [_, h] : best) out.push_back(std::move(h));
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  if (out.size() > p.limit) out.resize(p.limit);
  return out;
}

void WriteFtmEntity(JsonWriter& w, const Entity& e) {
  w.Field("id", e.id).Field("caption", e.PrimaryName()).Field("schema", FtmSchema(e.kind));
  w.Key("properties").BeginObject().Key("name").BeginArray();
  for (const auto& n : e.names) w.String(n.full);
  w.EndArray();
  if (!e.dates_of_birth.empty()) {
    w.Key("birthDate").BeginArray();
    for (const auto& d : e.dates_of_birth) w.String(d.from.ToString());
    w.EndArray();
  }
  if (!e.nationalities.empty()) {
    w.Key("nationality").BeginArray();
    for (const auto& n : e.nationalities) w.String(AsciiLower(n));
    w.EndArray();
  }
  if (!e.programs.empty()) {
    w.Key("program").BeginArray();
    for (const auto& p : e.programs) w.String(p);
    w.EndArray();
  }
  w.EndObject();
  w.Key("datasets").BeginArray().String(e.source).EndArray();
  w.Key("referents").BeginArray();
  for (const auto& r : e.external_refs) w.String(r);
  w.EndArray();
  w.Key("target").Bool(true);
  if (!e.listed_on.empty()) w.Field("first_seen", e.listed_on);
  if (!e.last_updated.empty()) w.Field("last_change", e.last_updated);
}

}  // namespace

Result<HttpResponse> post_yente_match(Api& api, const Call& call) {
  auto snap = api.service().snapshot();
  TAMIS_RETURN_IF_ERROR(RequireNames(snap.get()));
  TAMIS_ASSIGN_OR_RETURN(auto queries, ParseYenteRequest(call.req.body, api.options().max_batch));
  ScreenParams p;
  TAMIS_ASSIGN_OR_RETURN(int64_t limit, QueryInt(call.req, "limit", 5, 1, 100));
  TAMIS_ASSIGN_OR_RETURN(double threshold, QueryUnit(call.req, "threshold", api.service().options().alert_threshold));
  TAMIS_ASSIGN_OR_RETURN(double cutoff, QueryUnit(call.req, "cutoff", 0.5));
  p.limit = static_cast<size_t>(limit);
  p.threshold = std::max(cutoff, 0.3);
  // The dataset names one source ("un", "ofac") or every list ("default", "sanctions", "all").
  const std::string& ds = call.params[0];
  if (ds != "default" && ds != "sanctions" && ds != "all") {
    if (!snap->versions.count(ds)) return NotFound("dataset " + ds + " is not loaded (see GET /v1/lists)");
    p.lists = {ds};
  }
  JsonWriter w;
  w.BeginObject().Key("responses").BeginObject();
  for (const auto& q : queries) {
    TAMIS_ASSIGN_OR_RETURN(auto hits, ScreenBest(api, q.records, p));
    w.Key(q.key).BeginObject().Key("status").Int(200).Key("results").BeginArray();
    for (const auto& h : hits) {
      const Entity& e = snap->names->entity(h.entity);
      w.BeginObject();
      WriteFtmEntity(w, e);
      w.Key("score").Double(h.score, 4).Key("match").Bool(h.score + 1e-9 >= threshold);
      w.Key("features").BeginObject().Key("name_score").Double(h.explanation.name_score, 4);
      for (const auto& a : h.explanation.adjustments) w.Key(a.what).Double(a.delta, 4);
      w.EndObject();
      w.Key("explanation");
      JsonWriter ex;
      ex.BeginObject();
      WriteHitFields(ex, *snap->names, h, true);
      ex.EndObject();
      w.Raw(ex.str());
      w.EndObject();
    }
    w.EndArray();
    w.Key("total").BeginObject().Key("value").Int(static_cast<int64_t>(hits.size())).Field("relation", "eq").EndObject();
    w.Key("query").Raw(q.example_json).EndObject();
  }
  w.EndObject();
  w.Key("matcher").BeginObject().Field("name", kMatcherVersion).Key("threshold").Double(threshold, 4);
  w.Key("cutoff").Double(cutoff, 4).EndObject();
  w.Key("limit").Int(limit);
  WriteListVersions(w, *snap);
  w.EndObject();
  return JsonResponse(w.Take());
}

namespace {

std::string BaseUrl(Api& api, const HttpRequest& req) {
  if (!api.options().service_url.empty()) return api.options().service_url;
  return "http://" + std::string(req.Header("host").value_or("127.0.0.1"));
}

Result<HttpResponse> AnswerReconcile(Api& api, std::string_view queries_json) {
  auto snap = api.service().snapshot();
  TAMIS_RETURN_IF_ERROR(RequireNames(snap.get()));
  TAMIS_ASSIGN_OR_RETURN(auto queries, ParseReconcileQueries(queries_json, api.options().max_batch));
  JsonWriter w;
  w.BeginObject();
  for (const auto& q : queries) {
    ScreenParams p;
    p.limit = q.limit;
    p.threshold = 0.5;
    TAMIS_ASSIGN_OR_RETURN(PartyResult r, api.service().ScreenParty(q.record, p));
    w.Key(q.key).BeginObject().Key("result").BeginArray();
    for (const auto& h : r.hits) {
      const Entity& e = snap->names->entity(h.entity);
      const std::string_view schema = FtmSchema(e.kind);
      w.BeginObject().Field("id", e.id).Field("name", e.PrimaryName());
      w.Key("type").BeginArray().BeginObject().Field("id", schema).Field("name", schema).EndObject().EndArray();
      w.Key("score").Double(h.score * 100, 2);
      // Never an automatic match: a person is matched only after an analyst's review.
      w.Key("match").Bool(false);
      w.Key("features").BeginArray().BeginObject().Field("id", "name_score").Key("value").Double(h.explanation.name_score, 4).EndObject();
      for (const auto& a : h.explanation.adjustments)
        w.BeginObject().Field("id", a.what).Key("value").Double(a.delta, 4).EndObject();
      w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndObject();
  return JsonResponse(w.Take());
}

}  // namespace

Result<HttpResponse> get_reconcile(Api& api, const Call& call) {
  if (auto q = call.req.Query("queries")) return AnswerReconcile(api, *q);
  const std::string base = BaseUrl(api, call.req);
  JsonWriter w;
  w.BeginObject().Key("versions").BeginArray().String("0.2").EndArray();
  w.Field("name", "Tamis sanctions screening").Field("identifierSpace", "https://tamis.dev/ns/entity");
  w.Field("schemaSpace", "https://tamis.dev/ns/ftm-schema");
  w.Key("defaultTypes").BeginArray();
  for (std::string_view t : {"Person", "Organization", "LegalEntity", "Vessel", "Airplane"})
    w.BeginObject().Field("id", t).Field("name", t).EndObject();
  w.EndArray();
  w.Key("view").BeginObject().Field("url", base + "/v1/entities/{{id}}").EndObject();
  w.Key("preview").BeginObject().Field("url", base + "/reconcile/preview?id={{id}}");
  w.Key("width").Int(430).Key("height").Int(300).EndObject();
  w.EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> post_reconcile(Api& api, const Call& call) {
  const std::string_view ctype = call.req.Header("content-type").value_or("");
  if (ctype.substr(0, 16) == "application/json") {
    auto obj = ParseObject(call.req.body);
    if (!obj.ok()) return obj.status();
    simdjson::dom::element q;
    if (obj->at_key("queries").get(q) != simdjson::SUCCESS) return InvalidArgument("queries: required");
    return AnswerReconcile(api, simdjson::minify(q));
  }
  for (const auto& [k, v] : ParseQueryString(call.req.body))
    if (k == "queries") return AnswerReconcile(api, v);
  if (auto q = call.req.Query("queries")) return AnswerReconcile(api, *q);
  return InvalidArgument("queries: required (form field queries={...})");
}

namespace {
std::string Html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}
}  // namespace

Result<HttpResponse> get_reconcile_preview(Api& api, const Call& call) {
  auto id = call.req.Query("id");
  if (!id || id->empty()) return InvalidArgument("id: required");
  TAMIS_ASSIGN_OR_RETURN(Entity e, api.service().GetEntity(std::string(*id), 0));
  std::string h = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + Html(e.PrimaryName()) +
                  "</title></head><body style=\"font-family:sans-serif;font-size:13px\">";
  h += "<h3>" + Html(e.PrimaryName()) + "</h3><p>" + Html(e.id) + " &middot; " + Html(EntityKindName(e.kind)) + "</p><ul>";
  for (size_t i = 1; i < e.names.size() && i < 12; ++i) h += "<li>" + Html(e.names[i].full) + "</li>";
  h += "</ul>";
  if (!e.dates_of_birth.empty()) h += "<p>Born: " + Html(e.dates_of_birth[0].from.ToString()) + "</p>";
  if (!e.programs.empty()) h += "<p>Programmes: " + Html(e.programs[0]) + "</p>";
  h += "</body></html>";
  HttpResponse r;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(h);
  return r;
}

}  // namespace tamis::server
