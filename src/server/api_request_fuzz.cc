// libFuzzer target: the API's request parsing and routing. The input is split into a route
// selector byte, a target (path and query) and a body; each request runs through every body
// parser and through Api::Handle on an empty store (no list: screening answers 503 after
// parsing), which must answer without crashing, with a status below 500 for anything but a bug.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "server/api.h"
#include "server/requests.h"

namespace {

struct Env {
  std::filesystem::path dir;
  std::unique_ptr<tamis::AlertService> svc;
  std::unique_ptr<tamis::server::Api> api;
  std::string token;
};

Env& GetEnv() {
  static Env* env = [] {
    auto* e = new Env;
    e->dir = std::filesystem::temp_directory_path() / ("tamis-fuzz-api-" + std::to_string(::getpid()));
    std::filesystem::create_directories(e->dir);
    tamis::Config cfg;
    cfg.data_dir = e->dir;
    e->svc = std::move(tamis::AlertService::Open(cfg, {}, [] { return std::string("2026-01-01T00:00:00Z"); })).value();
    e->api = std::make_unique<tamis::server::Api>(*e->svc, tamis::server::ApiOptions{});
    e->token = e->svc->review().CreateKey("fuzz", tamis::Role::kSupervisor, "fuzz", "2026-01-01T00:00:00Z").value();
    return e;
  }();
  return *env;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  using namespace tamis::server;
  (void)ParseScreenRequest(in, 100);
  (void)ParseMediaMatchRequest(in, 100);
  (void)ParseDecisionRequest(in);
  (void)ParseWhitelistRequest(in, true);
  (void)ParseListsUpdateRequest(in);
  (void)ParseKeyRequest(in);
  (void)ParseYenteRequest(in, 100);
  (void)ParseReconcileQueries(in, 100);
  (void)ParseQueryString(in);
  // "<method byte><target>\n<body>"
  if (size < 2) return 0;
  static const char* kMethods[] = {"GET", "POST", "DELETE", "PUT"};
  HttpRequest r;
  r.method = kMethods[data[0] % 4];
  const size_t nl = in.find('\n', 1);
  std::string target = in.substr(1, nl == std::string::npos ? std::string::npos : nl - 1);
  const size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = ParseQueryString(target.substr(q + 1));
  if (nl != std::string::npos) r.body = in.substr(nl + 1);
  r.headers.emplace_back("authorization", "Bearer " + GetEnv().token);
  r.headers.emplace_back("content-type", data[0] & 4 ? "application/x-www-form-urlencoded" : "application/json");
  HttpResponse resp = GetEnv().api->Handle(r);
  if (resp.status >= 500 && r.path != "/v1/lists/update") std::abort();
  return 0;
}
