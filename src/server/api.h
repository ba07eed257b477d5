// The HTTP API as pure functions: Api::Handle takes an HttpRequest and returns an HttpResponse
// (routing, authentication, roles, metrics, errors), so that tests and fuzzers drive it without
// sockets and the HTTP library stays behind http_server.h.
//
// The route table (routes.cc) is the single list of what the server answers: method, path
// pattern ("{id}" matches one segment), the roles allowed (none = open), and the handler.
// Adding a route is adding one entry there (and its operation in openapi.json; a test checks
// that the two agree).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/auth.h"
#include "server/http_types.h"
#include "server/metrics.h"
#include "service/alert_service.h"
#include "service/payment_service.h"
#include "service/travel_service.h"
#include "store/travel_store.h"

namespace tamis::server {

// Role masks of routes.
inline constexpr uint8_t kClient = 1, kAnalyst = 2, kSupervisor = 4, kAdmin = 8;
inline constexpr uint8_t kOpen = 0;  // no key needed
inline constexpr uint8_t kAnyRole = kClient | kAnalyst | kSupervisor | kAdmin;
uint8_t RoleBit(Role r);

class Api;

// One request matched to a route.
struct Call {
  const HttpRequest& req;
  std::vector<std::string> params;  // path parameters, in pattern order
  const ApiKey* key = nullptr;      // the caller's key (null on open routes)
  // Who acts, for the audit trail and four eyes: the key's name (the person or system it was
  // issued to). Two keys issued under one name are one person.
  std::string actor() const;
};

using Handler = Result<HttpResponse> (*)(Api& api, const Call& call);

struct Route {
  std::string_view method;
  std::string_view pattern;  // "/v1/alerts/{id}"
  uint8_t roles;             // kOpen or a mask of role bits
  Handler handler;
  bool query_key = false;    // also accepts the key as ?api_key= (reconciliation clients)
  // May take long (seconds: a list update, a video, a chain walk): the HTTP front runs it on its
  // worker pool, not on the event loop that read it.
  bool blocking = false;
};

// The route table (routes.cc).
const std::vector<Route>& Routes();

struct ApiOptions {
  size_t max_batch = 1000;        // parties per POST /v1/screen, queries per /match and /reconcile
  std::string service_url;        // public base URL (reconciliation manifest); "" = from the Host header
  AuthOptions auth;
};

class Api {
 public:
  Api(AlertService& service, ApiOptions opts);

  // Answers one request. Never throws; a handler's exception becomes a 500 JSON error.
  // A HEAD request is answered as its GET, body included: the HTTP front sends the body's
  // length as Content-Length and no body. Thread-safe.
  HttpResponse Handle(const HttpRequest& req);
  // Whether the request's route is marked `blocking` (false for unknown routes).
  bool IsBlocking(const HttpRequest& req) const;

  AlertService& service() { return service_; }
  Metrics& metrics() { return metrics_; }
  KeyCache& keys() { return keys_; }
  PaymentScreener& payments() { return payments_; }
  // The travel results store (kept for retention); null when it could not be opened.
  TravelStore* travel_store() { return travel_store_.get(); }
  const ApiOptions& options() const { return opts_; }

  // While draining (graceful shutdown) /readyz answers 503 so load balancers stop sending.
  void set_draining(bool d) { draining_.store(d, std::memory_order_relaxed); }
  bool draining() const { return draining_.load(std::memory_order_relaxed); }

 private:
  AlertService& service_;
  ApiOptions opts_;
  Metrics metrics_;
  KeyCache keys_;
  PaymentScreener payments_;  // holds the listed-BIC table of the snapshot in force
  std::unique_ptr<TravelStore> travel_store_;
  std::atomic<bool> draining_{false};
};

// Matches `path` against a route pattern, filling the {..} segments. Exposed for tests.
bool MatchPattern(std::string_view pattern, std::string_view path, std::vector<std::string>* params);

// The route that answers `method path` (HEAD is answered by a GET route): its index in Routes(),
// or -1. Fills `params` with its path parameters, and `allow` (when not null) with the methods of
// the routes whose pattern matches the path, for a 405's Allow header. The one route lookup of
// Api::Handle and Api::IsBlocking.
int FindRoute(std::string_view method, std::string_view path, std::vector<std::string>* params,
              std::string* allow);

}  // namespace tamis::server
