// `tamis serve`'s HTTP front in front of Api::Handle, behind one interface with two engines:
//
//  - "beast" (the default): Boost.Beast/Asio, event loop, one io_context per I/O thread (default:
//    one per core), connections spread over them. Short requests are answered on the I/O thread
//    that read them (no hand-off, no context switch); routes marked `blocking` in the route
//    table, and bodies over `offload_body_bytes`, run on a separate worker pool so a list update
//    or a video never stalls the connections sharing its loop. A stalled client holds no thread.
//  - "httplib": cpp-httplib's thread-per-connection server, kept as the measured baseline
//    (bench/server/run.sh runs both in the same run) and as a fallback.
//
// Both: keep-alive with an idle timeout and a request cap per connection, a body-size limit
// (413 with the API's JSON error), read/write timeouts, malformed requests answered 4xx in the
// API's error shape, TLS when a certificate and key are given (OpenSSL), and graceful shutdown
// (stop accepting, close idle connections, finish and answer the requests in flight).
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "server/api.h"

namespace tamis::server {

struct ServerOptions {
  std::string engine = "beast";    // "beast" or "httplib"
  std::string host = "127.0.0.1";  // loopback by default; "0.0.0.0" to listen on every interface
  int port = 8080;                 // 0 = any free port (see HttpServer::port())
  // beast: I/O threads (0 = one per core). httplib: worker threads = concurrent connections served.
  int threads = 0;
  int workers = 8;                 // beast: worker pool for blocking routes and large bodies
  size_t offload_body_bytes = 64 << 10;  // beast: bodies at least this large go to the worker pool
  int max_connections = 10000;     // beast: further connections are closed at once
  size_t max_body_bytes = 8 << 20; // larger bodies answer 413 (default 8 MiB)
  size_t max_header_bytes = 64 << 10;  // beast: larger request heads answer 431
  // Slow clients. beast: a request's head must arrive within read_timeout_s, then its body within
  // read_timeout_s more (a deadline per phase, not per read). httplib: each read must progress
  // within read_timeout_s.
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  int keep_alive_timeout_s = 5;    // idle keep-alive connections closed after this
  int keep_alive_max_requests = 10000;
  std::string tls_cert_file, tls_key_file;  // both set = HTTPS
  bool access_log = false;         // one JSON log line per request (spdlog, stderr)
};

// One engine's server (http_front_*.cc).
class HttpFront {
 public:
  virtual ~HttpFront() = default;
  virtual Status Bind(int* port) = 0;
  virtual Status Serve() = 0;
  virtual void Stop() = 0;
};

class HttpServer {
 public:
  HttpServer(Api& api, ServerOptions opts);
  ~HttpServer();

  // Binds the port. Errors: kUnavailable when the address is in use, kInvalidArgument for a bad
  // TLS certificate/key or an unknown engine.
  Status Bind();
  // Serves until Stop() (blocks). Call after Bind().
  Status Serve();
  // Stops accepting and returns from Serve() once the requests in flight are answered.
  // Thread-safe; safe to call from a signal-watching thread, and before Serve() has started.
  void Stop();
  int port() const { return port_; }
  // The I/O threads the engine runs (beast: resolved from `threads`; httplib: `threads`).
  int threads() const;

 private:
  std::unique_ptr<HttpFront> front_;
  Api& api_;
  ServerOptions opts_;
  int port_ = 0;
};

// The engines (http_front_beast.cc, http_front_httplib.cc).
std::unique_ptr<HttpFront> MakeBeastFront(Api& api, const ServerOptions& opts);
std::unique_ptr<HttpFront> MakeHttplibFront(Api& api, const ServerOptions& opts);

// Shared by the engines: the access-log line of one request.
void LogAccess(std::string_view method, std::string_view path, int status, double ms, std::string_view remote);

}  // namespace tamis::server
