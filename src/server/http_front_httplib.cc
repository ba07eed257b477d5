// The cpp-httplib engine: a thread per connection from a fixed pool. Kept as the baseline the
// Beast engine is measured against (bench/server/run.sh) and as a fallback (--engine httplib).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>

#include "server/http_server.h"

namespace tamis::server {
namespace {

HttpRequest ToRequest(const httplib::Request& in) {
  HttpRequest r;
  r.method = in.method;
  r.path = in.path;
  for (const auto& [k, v] : in.params) r.query.emplace_back(k, v);
  for (const auto& [k, v] : in.headers) {
    std::string lk = k;
    std::transform(lk.begin(), lk.end(), lk.begin(), [](unsigned char c) { return std::tolower(c); });
    r.headers.emplace_back(std::move(lk), v);
  }
  r.body = in.body;
  r.remote = in.remote_addr;
  return r;
}

class HttplibFront final : public HttpFront {
 public:
  HttplibFront(Api& api, const ServerOptions& opts) : api_(api), opts_(opts) {}

  Status Bind(int* port) override {
    if (!opts_.tls_cert_file.empty()) {
      auto s = std::make_unique<httplib::SSLServer>(opts_.tls_cert_file.c_str(), opts_.tls_key_file.c_str());
      if (!s->is_valid())
        return InvalidArgument("TLS certificate or key could not be loaded: " + opts_.tls_cert_file + ", " + opts_.tls_key_file);
      svr_ = std::move(s);
    } else {
      svr_ = std::make_unique<httplib::Server>();
    }
    httplib::Server& svr = *svr_;
    const int threads = std::max(1, opts_.threads);
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    svr.set_payload_max_length(opts_.max_body_bytes);
    svr.set_read_timeout(opts_.read_timeout_s, 0);
    svr.set_write_timeout(opts_.write_timeout_s, 0);
    svr.set_keep_alive_timeout(opts_.keep_alive_timeout_s);
    svr.set_keep_alive_max_count(static_cast<size_t>(opts_.keep_alive_max_requests));
    svr.set_tcp_nodelay(true);

    auto handler = [this](const httplib::Request& in, httplib::Response& out) {
      const auto t0 = std::chrono::steady_clock::now();
      HttpResponse r = api_.Handle(ToRequest(in));
      out.status = r.status;
      for (auto& [k, v] : r.headers) out.set_header(k.c_str(), v);
      out.set_content(std::move(r.body), r.content_type.c_str());
      if (opts_.access_log)
        LogAccess(in.method, in.path, out.status,
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(), in.remote_addr);
    };
    svr.Get(".*", handler);
    svr.Post(".*", handler);
    svr.Put(".*", handler);
    svr.Delete(".*", handler);
    svr.Patch(".*", handler);
    svr.Options(".*", handler);
    // Errors the library answers itself (413 body too large, 400 malformed request line, ...)
    // get the API's JSON error shape too.
    svr.set_error_handler([](const httplib::Request&, httplib::Response& out) {
      if (!out.body.empty()) return;
      const char* code = out.status == 413 ? "payload_too_large" : out.status == 404 ? "not_found" : "bad_request";
      std::string msg = out.status == 413 ? "request body larger than the server's limit" : "malformed HTTP request";
      HttpResponse r = ErrorResponse(out.status, code, msg);
      out.set_content(r.body, "application/json");
    });
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& out, std::exception_ptr) {
      HttpResponse r = ErrorResponse(500, "internal", "unexpected error");
      out.status = 500;
      out.set_content(r.body, "application/json");
    });
    if (opts_.port == 0) {
      *port = svr.bind_to_any_port(opts_.host);
      if (*port <= 0) return Unavailable("cannot listen on " + opts_.host);
    } else {
      if (!svr.bind_to_port(opts_.host, opts_.port))
        return Unavailable("cannot listen on " + opts_.host + ":" + std::to_string(opts_.port) + " (in use?)");
      *port = opts_.port;
    }
    return Status::Ok();
  }

  Status Serve() override {
    if (stopped_.load()) return Status::Ok();
    if (!svr_->listen_after_bind() && svr_->is_running()) return Internal("the server stopped unexpectedly");
    return Status::Ok();
  }

  void Stop() override {
    stopped_.store(true);
    if (svr_) svr_->stop();
  }

 private:
  Api& api_;
  ServerOptions opts_;
  std::unique_ptr<httplib::Server> svr_;
  std::atomic<bool> stopped_{false};
};

}  // namespace

std::unique_ptr<HttpFront> MakeHttplibFront(Api& api, const ServerOptions& opts) {
  return std::make_unique<HttplibFront>(api, opts);
}

}  // namespace tamis::server
