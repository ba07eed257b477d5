#include "server/api.h"

#include <chrono>
#include <exception>

namespace tamis::server {

uint8_t RoleBit(Role r) {
  switch (r) {
    case Role::kClient: return kClient;
    case Role::kAnalyst: return kAnalyst;
    case Role::kSupervisor: return kSupervisor;
    case Role::kAdmin: return kAdmin;
  }
  return 0;
}

std::string Call::actor() const { return key ? key->name : "anonymous"; }

bool MatchPattern(std::string_view pattern, std::string_view path, std::vector<std::string>* params) {
  params->clear();
  size_t pi = 0, si = 0;
  while (pi < pattern.size() && si < path.size()) {
    if (pattern[pi] == '{') {
      const size_t close = pattern.find('}', pi);
      const size_t seg_end = path.find('/', si);
      const size_t end = seg_end == std::string_view::npos ? path.size() : seg_end;
      if (end == si) return false;  // empty segment
      params->emplace_back(path.substr(si, end - si));
      pi = close + 1;
      si = end;
      continue;
    }
    if (pattern[pi] != path[si]) return false;
    ++pi;
    ++si;
  }
  return pi == pattern.size() && si == path.size();
}

namespace {

std::vector<std::string> RouteNames() {
  std::vector<std::string> names;
  for (const auto& r : Routes()) names.push_back(std::string(r.method) + " " + std::string(r.pattern));
  return names;
}

}  // namespace

Api::Api(AlertService& service, ApiOptions opts)
    : service_(service),
      opts_(std::move(opts)),
      metrics_(RouteNames()),
      keys_(service.review(), opts_.auth),
      payments_(service, PaymentScreenOptions{}) {
  auto ts = TravelStore::Open(service.db_path());
  if (ts.ok()) travel_store_ = std::move(ts).value();
}

int FindRoute(std::string_view method, std::string_view path, std::vector<std::string>* params,
              std::string* allow) {
  const auto& routes = Routes();
  for (size_t i = 0; i < routes.size(); ++i) {
    if (!MatchPattern(routes[i].pattern, path, params)) continue;
    if (routes[i].method == method || (method == "HEAD" && routes[i].method == "GET")) return static_cast<int>(i);
    if (allow != nullptr && allow->find(routes[i].method) == std::string::npos)
      *allow += (allow->empty() ? "" : ", ") + std::string(routes[i].method);
  }
  params->clear();
  return -1;
}

bool Api::IsBlocking(const HttpRequest& req) const {
  std::vector<std::string> params;
  const int i = FindRoute(req.method, req.path, &params, nullptr);
  return i >= 0 && Routes()[i].blocking;
}

HttpResponse Api::Handle(const HttpRequest& req) {
  const auto start = std::chrono::steady_clock::now();
  const auto& routes = Routes();
  std::string allow;
  std::vector<std::string> params;
  const int route_index = FindRoute(req.method, req.path, &params, &allow);
  HttpResponse resp;
  if (route_index < 0) {
    if (!allow.empty()) {
      resp = ErrorResponse(405, "method_not_allowed", "method " + req.method + " not allowed on " + req.path + " (allowed: " + allow + ")");
      resp.headers.emplace_back("Allow", allow);
    } else {
      resp = ErrorResponse(404, "not_found", "no route " + req.method + " " + req.path + " (see /v1/openapi.json)");
    }
  } else {
    const Route& route = routes[route_index];  // params: its path parameters
    ApiKey key;
    bool authorised = true;
    if (route.roles != kOpen) {
      auto k = keys_.Authenticate(RequestToken(req, route.query_key));
      if (!k.ok() && k.status().code() == StatusCode::kUnavailable) {
        authorised = false;
        resp = ErrorResponse(k.status());  // the store is down (503), not the key unknown
      } else if (!k.ok()) {
        authorised = false;
        resp = ErrorResponse(401, "unauthenticated",
                             "a valid API key is required (Authorization: Bearer <key>, or X-API-Key)");
        resp.headers.emplace_back("WWW-Authenticate", "Bearer");
      } else if ((route.roles & RoleBit(k->role)) == 0) {
        authorised = false;
        resp = ErrorResponse(403, "forbidden",
                             "the key's role '" + std::string(RoleName(k->role)) + "' may not call " + req.method + " " +
                                 std::string(route.pattern));
      } else {
        key = std::move(*k);
      }
    }
    if (authorised) {
      Call call{req, std::move(params), route.roles == kOpen ? nullptr : &key};
      try {
        auto r = route.handler(*this, call);
        resp = r.ok() ? std::move(*r) : ErrorResponse(r.status());
      } catch (const std::exception& e) {
        resp = ErrorResponse(Internal(std::string("unexpected error: ") + e.what()));
      } catch (...) {
        resp = ErrorResponse(Internal("unexpected error"));
      }
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.Record(route_index, resp.status, secs);
  return resp;  // for HEAD with the GET body: the front sends its length, not the body

}

}  // namespace tamis::server
