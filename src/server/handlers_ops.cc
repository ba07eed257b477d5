// Operations: health, readiness, Prometheus metrics, the OpenAPI document.
#include <cstdio>

#include "server/handlers.h"
#include "server/openapi_spec.h"

namespace tamis::server {

Result<HttpResponse> get_healthz(Api& api, const Call& call) { return JsonResponse(R"({"status":"ok"})"); }

Result<HttpResponse> get_readyz(Api& api, const Call& call) {
  auto snap = api.service().snapshot();
  const bool ready = api.service().ready() && !api.draining();
  JsonWriter w;
  w.BeginObject().Key("ready").Bool(ready);
  if (api.draining()) w.Field("reason", "shutting down");
  else if (!ready) w.Field("reason", "no list loaded: import a list (tamis lists import) or POST /v1/lists/update");
  if (snap) {
    w.Key("names_indexed").Int(snap->names ? static_cast<int64_t>(snap->names->name_count()) : 0);
    w.Key("hashes_indexed").Int(snap->media ? static_cast<int64_t>(snap->media->hash_count()) : 0);
    WriteListVersions(w, *snap);
  }
  w.EndObject();
  return JsonResponse(w.Take(), ready ? 200 : 503);
}

Result<HttpResponse> get_metrics(Api& api, const Call& call) {
  std::string out;
  api.metrics().Render(&out);
  char buf[256];
  auto counts = api.service().review().CountAlertsByState();
  if (counts.ok()) {
    out += "# HELP tamis_alerts Alerts in the store, by state.\n# TYPE tamis_alerts gauge\n";
    for (std::string_view s : {"open", "proposed", "decided"}) {
      int64_t n = 0;
      for (const auto& [state, c] : *counts)
        if (state == s) n = c;
      std::snprintf(buf, sizeof buf, "tamis_alerts{state=\"%.*s\"} %lld\n", static_cast<int>(s.size()), s.data(),
                    static_cast<long long>(n));
      out += buf;
    }
  }
  auto snap = api.service().snapshot();
  out += "# HELP tamis_list_version List version in force, by source.\n# TYPE tamis_list_version gauge\n";
  if (snap)
    for (const auto& v : snap->lists) {
      std::snprintf(buf, sizeof buf, "tamis_list_version{source=\"%s\",kind=\"%s\"} %lld\n", v.source.c_str(),
                    v.kind.c_str(), static_cast<long long>(v.version_id));
      out += buf;
    }
  out += "# HELP tamis_list_entities Entities (or hashes) in the list version in force.\n# TYPE tamis_list_entities gauge\n";
  if (snap)
    for (const auto& v : snap->lists) {
      std::snprintf(buf, sizeof buf, "tamis_list_entities{source=\"%s\"} %lld\n", v.source.c_str(),
                    static_cast<long long>(v.entity_count));
      out += buf;
    }
  out += "# HELP tamis_index_size Items in the in-memory indexes.\n# TYPE tamis_index_size gauge\n";
  const long long names = snap && snap->names ? static_cast<long long>(snap->names->name_count()) : 0;
  const long long entities = snap && snap->names ? static_cast<long long>(snap->names->entity_count()) : 0;
  const long long hashes = snap && snap->media ? static_cast<long long>(snap->media->hash_count()) : 0;
  std::snprintf(buf, sizeof buf, "tamis_index_size{index=\"names\"} %lld\ntamis_index_size{index=\"entities\"} %lld\n"
                "tamis_index_size{index=\"hashes\"} %lld\n", names, entities, hashes);
  out += buf;
  out += "# HELP tamis_ready 1 when a list is loaded and the server is not draining.\n# TYPE tamis_ready gauge\n";
  out += api.service().ready() && !api.draining() ? "tamis_ready 1\n" : "tamis_ready 0\n";
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = std::move(out);
  return r;
}

Result<HttpResponse> get_openapi(Api& api, const Call& call) { return JsonResponse(std::string(OpenApiJson())); }

}  // namespace tamis::server
