#include "server/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "formats/json_writer.h"

namespace tamis::server {

HttpServer::HttpServer(Api& api, ServerOptions opts) : api_(api), opts_(std::move(opts)) {
  if (opts_.threads <= 0 && opts_.engine == "httplib") opts_.threads = 32;
  if (opts_.threads <= 0) opts_.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::threads() const { return opts_.threads; }

Status HttpServer::Bind() {
  if (opts_.engine == "beast") front_ = MakeBeastFront(api_, opts_);
  else if (opts_.engine == "httplib") front_ = MakeHttplibFront(api_, opts_);
  else return InvalidArgument("--engine: '" + opts_.engine + "' is not one of beast, httplib");
  if (!opts_.tls_cert_file.empty() || !opts_.tls_key_file.empty()) {
    if (opts_.tls_cert_file.empty() || opts_.tls_key_file.empty())
      return InvalidArgument("--tls-cert and --tls-key: give both for HTTPS");
  }
  return front_->Bind(&port_);
}

Status HttpServer::Serve() {
  if (!front_) return FailedPrecondition("Bind() first");
  return front_->Serve();
}

void HttpServer::Stop() {
  if (front_) front_->Stop();
}

void LogAccess(std::string_view method, std::string_view path, int status, double ms, std::string_view remote) {
  JsonWriter w;
  w.BeginObject().Field("event", "request").Field("method", method).Field("path", path);
  w.Key("status").Int(status).Key("ms").Double(ms, 3).Field("remote", remote).EndObject();
  spdlog::info("{}", w.str());
}

}  // namespace tamis::server
