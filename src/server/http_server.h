// `tamis serve`'s HTTP front: cpp-httplib (Debian libcpp-httplib) in front of Api::Handle, with
// a fixed thread pool, keep-alive, body-size limit and read/write timeouts set explicitly, and
// graceful shutdown (stop accepting, finish the requests in flight). TLS when a certificate and
// key are given (OpenSSL).
//
// Each connection holds a pool thread while it is open (keep-alive included), so `threads`
// bounds the number of concurrent connections served; more wait in the accept queue.
// Slow clients: each read must make progress within read_timeout_s, and an idle keep-alive
// connection is closed after keep_alive_timeout_s.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "server/api.h"

namespace tamis::server {

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback by default; "0.0.0.0" to listen on every interface
  int port = 8080;                 // 0 = any free port (see HttpServer::port())
  int threads = 32;                // worker threads = concurrent connections served
  size_t max_body_bytes = 8 << 20; // larger bodies answer 413 (default 8 MiB)
  int read_timeout_s = 10;         // per read of a request (slowloris guard)
  int write_timeout_s = 10;
  int keep_alive_timeout_s = 5;    // idle keep-alive connections closed after this
  int keep_alive_max_requests = 10000;
  std::string tls_cert_file, tls_key_file;  // both set = HTTPS
  bool access_log = false;         // one JSON log line per request (spdlog, stderr)
};

class HttpServer {
 public:
  HttpServer(Api& api, ServerOptions opts);
  ~HttpServer();

  // Binds the port. Errors: kUnavailable when the address is in use, kInvalidArgument for a bad
  // TLS certificate/key.
  Status Bind();
  // Serves until Stop() (blocks). Call after Bind().
  Status Serve();
  // Stops accepting and returns from Serve() once the requests in flight are answered.
  // Thread-safe; safe to call from a signal-watching thread.
  void Stop();
  int port() const { return port_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Api& api_;
  ServerOptions opts_;
  int port_ = 0;
};

}  // namespace tamis::server
