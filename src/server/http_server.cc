#include "server/http_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "formats/json_writer.h"

namespace tamis::server {

struct HttpServer::Impl {
  std::unique_ptr<httplib::Server> svr;
};

HttpServer::HttpServer(Api& api, ServerOptions opts) : impl_(std::make_unique<Impl>()), api_(api), opts_(std::move(opts)) {}

HttpServer::~HttpServer() { Stop(); }

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

}  // namespace

Status HttpServer::Bind() {
  if (!opts_.tls_cert_file.empty() || !opts_.tls_key_file.empty()) {
    if (opts_.tls_cert_file.empty() || opts_.tls_key_file.empty())
      return InvalidArgument("--tls-cert and --tls-key: give both for HTTPS");
    auto s = std::make_unique<httplib::SSLServer>(opts_.tls_cert_file.c_str(), opts_.tls_key_file.c_str());
    if (!s->is_valid()) return InvalidArgument("TLS certificate or key could not be loaded: " + opts_.tls_cert_file + ", " + opts_.tls_key_file);
    impl_->svr = std::move(s);
  } else {
    impl_->svr = std::make_unique<httplib::Server>();
  }
  httplib::Server& svr = *impl_->svr;
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
    if (opts_.access_log) {
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      JsonWriter w;
      w.BeginObject().Field("event", "request").Field("method", in.method).Field("path", in.path);
      w.Key("status").Int(out.status).Key("ms").Double(ms, 3).Field("remote", in.remote_addr).EndObject();
      spdlog::info("{}", w.str());
    }
  };
  for (const char* pat : {".*"}) {
    svr.Get(pat, handler);
    svr.Post(pat, handler);
    svr.Put(pat, handler);
    svr.Delete(pat, handler);
    svr.Patch(pat, handler);
    svr.Options(pat, handler);
  }
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
    port_ = svr.bind_to_any_port(opts_.host);
    if (port_ <= 0) return Unavailable("cannot listen on " + opts_.host);
  } else {
    if (!svr.bind_to_port(opts_.host, opts_.port))
      return Unavailable("cannot listen on " + opts_.host + ":" + std::to_string(opts_.port) + " (in use?)");
    port_ = opts_.port;
  }
  return Status::Ok();
}

Status HttpServer::Serve() {
  if (!impl_->svr) return FailedPrecondition("Bind() first");
  if (!impl_->svr->listen_after_bind() && impl_->svr->is_running())
    return Internal("the server stopped unexpectedly");
  return Status::Ok();
}

void HttpServer::Stop() {
  if (impl_ && impl_->svr) impl_->svr->stop();
}

}  // namespace tamis::server
