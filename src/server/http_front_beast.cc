// The Boost.Beast engine: an event loop per I/O thread (one io_context each, run by one thread,
// so a connection's handlers never run concurrently and need no strand), the acceptor spreading
// connections over the loops round-robin. A request is answered on the loop that read it unless
// its route is marked blocking or its body is large; those go to the worker pool and the answer
// is written back on the connection's loop.
//
// Timeouts are deadlines per phase (beast::tcp_stream's expiry): the head of the first request
// within read_timeout_s, of a later one within keep_alive_timeout_s (idle keep-alive), the body
// within read_timeout_s, the answer within write_timeout_s. A stalled client costs a socket and a
// timer, not a thread.
// <utility> first: Boost 1.74's asio/awaitable.hpp uses std::exchange without including it (C++20).
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "server/http_server.h"

namespace tamis::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// RFC 9110 Date header, formatted once per second per thread.
const std::string& HttpDate() {
  thread_local std::time_t last = 0;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != last) {
    last = now;
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    const size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    text.assign(buf, n);
  }
  return text;
}

// Builds the API's request from Beast's: the path decoded, the query parsed, header names in
// lower case, the body moved.
HttpRequest ToRequest(http::request<http::string_body>& in) {
  HttpRequest r;
  r.method = std::string(in.method_string());
  const std::string_view target(in.target().data(), in.target().size());
  const size_t q = target.find('?');
  r.path = UrlDecode(target.substr(0, q), false);
  if (q != std::string_view::npos) r.query = ParseQueryString(target.substr(q + 1));
  r.headers.reserve(8);
  for (const auto& f : in) {
    std::string name(f.name_string().data(), f.name_string().size());
    for (char& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    r.headers.emplace_back(std::move(name), std::string(f.value().data(), f.value().size()));
  }
  r.body = std::move(in.body());
  return r;
}

class BeastFront;

// What a session needs from the server, shared by the plain and TLS sessions.
struct Shared {
  Api& api;
  const ServerOptions& opts;
  asio::thread_pool& workers;
  std::atomic<bool>& stopping;
  std::atomic<int>& connections;
};

// One connection. Derived is PlainSession or TlsSession (CRTP: stream() and the end of the
// connection differ, the HTTP exchange does not).
template <class Derived>
class Session {
 public:
  explicit Session(Shared& sh) : sh_(sh) {}
  ~Session() { sh_.connections.fetch_sub(1, std::memory_order_relaxed); }

  // Stop(): a connection waiting for its next request (nothing of it read yet) is closed; one
  // in the middle of a request finishes it and closes after the answer.
  void CloseIfIdle() {
    if (idle_ && buffer_.size() == 0) beast::get_lowest_layer(self().stream()).socket().close();
  }

 protected:
  Derived& self() { return static_cast<Derived&>(*this); }

  void DoRead() {
    if (sh_.stopping.load(std::memory_order_relaxed)) return self().DoClose();
    parser_.emplace();
    parser_->body_limit(sh_.opts.max_body_bytes);
    parser_->header_limit(static_cast<uint32_t>(std::min<size_t>(sh_.opts.max_header_bytes, UINT32_MAX)));
    idle_ = true;
    beast::get_lowest_layer(self().stream())
        .expires_after(std::chrono::seconds(served_ == 0 ? sh_.opts.read_timeout_s : sh_.opts.keep_alive_timeout_s));
    http::async_read_header(self().stream(), buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, self().shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    idle_ = false;
    if (ec) return OnReadError(ec);
    start_ = Clock::now();
    auto& req = parser_->get();
    if (parser_->is_done()) return Dispatch();
    beast::get_lowest_layer(self().stream()).expires_after(std::chrono::seconds(sh_.opts.read_timeout_s));
    const auto expect = req[http::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(self().stream(), asio::buffer(kContinue, sizeof kContinue - 1),
                        [self = self().shared_from_this()](beast::error_code wec, size_t) {
                          if (wec) return self->DoClose();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(self().stream(), buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, self().shared_from_this()));
  }

  void OnBody(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    Dispatch();
  }

  // A read failed: the peer left or stalled (close quietly), or sent something we refuse
  // (answer 4xx in the API's error shape, then close).
  void OnReadError(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset || ec == asio::error::bad_descriptor ||
        ec == ssl::error::stream_truncated)
      return self().DoClose();
    if (ec == http::error::body_limit)
      return WriteError(ErrorResponse(413, "payload_too_large",
                                      "request body larger than the server's limit of " + std::to_string(sh_.opts.max_body_bytes) +
                                          " bytes"));
    if (ec == http::error::header_limit)
      return WriteError(ErrorResponse(431, "header_too_large", "request head larger than the server's limit"));
    if (ec.category() == http::make_error_code(http::error::bad_target).category())
      return WriteError(ErrorResponse(400, "bad_request", "malformed HTTP request: " + ec.message()));
    self().DoClose();
  }

  void WriteError(HttpResponse r) {
    keep_alive_ = false;
    version_ = 11;
    Write(std::move(r));
  }

  void Dispatch() {
    auto& in = parser_->get();
    keep_alive_ = in.keep_alive();
    version_ = in.version();
    head_only_ = in.method() == http::verb::head;
    HttpRequest req = ToRequest(in);
    if (sh_.opts.access_log) {
      log_method_ = req.method;
      log_path_ = req.path;
    }
    if (req.body.size() >= sh_.opts.offload_body_bytes || sh_.api.IsBlocking(req)) {
      // The worker pool answers; the write goes back to this connection's loop. The work guard
      // keeps the loop running meanwhile (graceful stop waits for it).
      auto ex = self().stream().get_executor();
      asio::post(sh_.workers, [self = self().shared_from_this(), req = std::move(req),
                               guard = asio::make_work_guard(ex)]() mutable {
        HttpResponse r = self->sh_.api.Handle(req);
        asio::post(guard.get_executor(), [self, r = std::move(r)]() mutable { self->Write(std::move(r)); });
      });
      return;
    }
    Write(sh_.api.Handle(req));
  }

  // Writes the answer as two buffers, the head formatted here and the body as it is (Beast's
  // serializer costs several times more instructions per small answer than this).
  void Write(HttpResponse r) {
    ++served_;
    const bool again = keep_alive_ && !sh_.stopping.load(std::memory_order_relaxed) &&
                       served_ < static_cast<uint64_t>(sh_.opts.keep_alive_max_requests);
    head_out_.clear();
    head_out_ += version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head_out_ += std::to_string(r.status);
    head_out_ += ' ';
    const auto reason = http::obsolete_reason(static_cast<http::status>(r.status));
    head_out_.append(reason.data(), reason.size());
    AppendField("Date", HttpDate());
    AppendField("Content-Type", r.content_type);
    if (r.status != 204 && r.status != 304) AppendField("Content-Length", std::to_string(r.body.size()));
    if (head_only_) r.body.clear();  // the GET answer's length, without its body (RFC 9110 9.3.2)
    for (const auto& [k, v] : r.headers) AppendField(k, v);
    if (!again) AppendField("Connection", "close");
    else if (version_ == 10) AppendField("Connection", "keep-alive");
    head_out_ += "\r\n\r\n";
    body_out_ = std::move(r.body);
    if (sh_.opts.access_log)
      LogAccess(log_method_, log_path_, r.status, std::chrono::duration<double, std::milli>(Clock::now() - start_).count(),
                Remote());
    beast::get_lowest_layer(self().stream()).expires_after(std::chrono::seconds(sh_.opts.write_timeout_s));
    const std::array<asio::const_buffer, 2> bufs{asio::buffer(head_out_), asio::buffer(body_out_)};
    asio::async_write(self().stream(), bufs, beast::bind_front_handler(&Session::OnWrite, self().shared_from_this(), again));
  }

  // "\r\nName: value", with any CR or LF in either dropped (no header injection).
  void AppendField(std::string_view name, std::string_view value) {
    head_out_ += "\r\n";
    for (char c : name)
      if (c != '\r' && c != '\n') head_out_ += c;
    head_out_ += ": ";
    for (char c : value)
      if (c != '\r' && c != '\n') head_out_ += c;
  }

  void OnWrite(bool again, beast::error_code ec, size_t) {
    if (body_out_.capacity() > (1 << 16)) std::string().swap(body_out_);  // keep no large answer
    if (ec || !again) return self().DoClose();
    DoRead();
  }

  std::string Remote() {
    beast::error_code ec;
    auto ep = beast::get_lowest_layer(self().stream()).socket().remote_endpoint(ec);
    return ec ? std::string() : ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  Shared& sh_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_out_, body_out_;  // the answer being written
  bool keep_alive_ = false, idle_ = false;
  unsigned version_ = 11;
  uint64_t served_ = 0;
  Clock::time_point start_{};
  std::string log_method_, log_path_;
  bool head_only_ = false;  // a HEAD request: the answer's head only
};

class PlainSession final : public Session<PlainSession>, public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(tcp::socket&& s, Shared& sh) : Session(sh), stream_(std::move(s)) {}
  beast::tcp_stream& stream() { return stream_; }
  void Start() { DoRead(); }
  void DoClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

 private:
  friend class Session<PlainSession>;
  beast::tcp_stream stream_;
};

class TlsSession final : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(tcp::socket&& s, ssl::context& ctx, Shared& sh) : Session(sh), stream_(std::move(s), ctx) {}
  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }
  void Start() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(sh_.opts.read_timeout_s));
    stream_.async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
      if (ec) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->stream_).socket().close(ignored);
        return;
      }
      self->DoRead();
    });
  }
  void DoClose() {
    if (closing_) return;
    closing_ = true;
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(1));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
  }

 private:
  friend class Session<TlsSession>;
  beast::ssl_stream<beast::tcp_stream> stream_;
  bool closing_ = false;
};

class BeastFront final : public HttpFront {
 public:
  BeastFront(Api& api, const ServerOptions& opts)
      : api_(api),
        opts_(opts),
        workers_(static_cast<size_t>(std::max(1, opts.workers))),
        shared_{api_, opts_, workers_, stopping_, connections_} {
    const int n = std::max(1, opts_.threads);
    for (int i = 0; i < n; ++i) {
      loops_.push_back(std::make_unique<asio::io_context>(1));
      guards_.emplace_back(asio::make_work_guard(*loops_.back()));
    }
    acceptor_.emplace(*loops_[0]);
  }

  ~BeastFront() override {
    Stop();
    workers_.join();
  }

  Status Bind(int* port) override {
    if (!opts_.tls_cert_file.empty()) {
      tls_.emplace(ssl::context::tls_server);
      tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
      beast::error_code ec;
      tls_->use_certificate_chain_file(opts_.tls_cert_file, ec);
      if (!ec) tls_->use_private_key_file(opts_.tls_key_file, ssl::context::pem, ec);
      if (ec)
        return InvalidArgument("TLS certificate or key could not be loaded: " + opts_.tls_cert_file + ", " + opts_.tls_key_file +
                               " (" + ec.message() + ")");
    }
    beast::error_code ec;
    const auto addr = asio::ip::make_address(opts_.host, ec);
    if (ec) return InvalidArgument("--host: '" + opts_.host + "' is not an IP address");
    const tcp::endpoint ep(addr, static_cast<uint16_t>(opts_.port));
    acceptor_->open(ep.protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(ep, ec);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Unavailable("cannot listen on " + opts_.host + ":" + std::to_string(opts_.port) + " (" + ec.message() + ")");
    *port = acceptor_->local_endpoint().port();
    bound_ = true;
    return Status::Ok();
  }

  Status Serve() override {
    if (!bound_) return FailedPrecondition("Bind() first");
    DoAccept();
    std::vector<std::thread> threads;
    for (auto& loop : loops_) threads.emplace_back([&l = *loop] { l.run(); });
    {
      // Until Stop(): then the acceptor is closed and idle connections too (on their loops),
      // and the loops run until the requests in flight are answered, or a deadline.
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stop_requested_; });
    }
    asio::post(*loops_[0], [this] {
      beast::error_code ec;
      acceptor_->close(ec);
    });
    CloseIdleSessions();
    for (auto& g : guards_) g.reset();
    const auto deadline = Clock::now() + std::chrono::seconds(opts_.read_timeout_s + opts_.write_timeout_s + 1);
    while (connections_.load() > 0 && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      CloseIdleSessions();  // connections that went idle since
    }
    for (auto& loop : loops_) loop->stop();
    for (auto& t : threads) t.join();
    return Status::Ok();
  }

  void Stop() override {
    stopping_.store(true);
    std::lock_guard lk(mu_);
    stop_requested_ = true;
    cv_.notify_all();
  }

 private:
  void DoAccept() {
    asio::io_context& loop = *loops_[next_loop_++ % loops_.size()];
    acceptor_->async_accept(loop, [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
        spdlog::warn("{{\"event\":\"accept_error\",\"error\":\"{}\"}}", ec.message());
        // Out of descriptors and the like: try again shortly rather than spin.
        auto t = std::make_shared<asio::steady_timer>(*loops_[0], std::chrono::milliseconds(50));
        t->async_wait([this, t](beast::error_code) { DoAccept(); });
        return;
      }
      if (stopping_.load() || connections_.load() >= opts_.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        connections_.fetch_add(1);
        socket.set_option(tcp::no_delay(true), ec);
        Start(std::move(socket));
      }
      DoAccept();
    });
  }

  void Start(tcp::socket socket) {
    auto ex = socket.get_executor();
    std::lock_guard lk(sessions_mu_);
    // Forget sessions that ended, sweeping only when the list has doubled since the last sweep
    // (amortised O(1) per connection, however many are open).
    if (sessions_.size() >= 2 * swept_size_ + 64) {
      for (auto it = sessions_.begin(); it != sessions_.end();) it = it->expired() ? sessions_.erase(it) : std::next(it);
      swept_size_ = sessions_.size();
    }
    if (tls_) {
      auto s = std::make_shared<TlsSession>(std::move(socket), *tls_, shared_);
      sessions_.push_back(Weak{std::weak_ptr<TlsSession>(s), {}});
      asio::post(ex, [s] { s->Start(); });
    } else {
      auto s = std::make_shared<PlainSession>(std::move(socket), shared_);
      sessions_.push_back(Weak{{}, std::weak_ptr<PlainSession>(s)});
      asio::post(ex, [s] { s->Start(); });
    }
  }

  // Asks each connection, on its own loop, to close if it is idle.
  void CloseIdleSessions() {
    std::lock_guard lk(sessions_mu_);
    for (auto& w : sessions_) {
      if (auto s = w.tls.lock()) asio::post(s->stream().get_executor(), [s] { s->CloseIfIdle(); });
      if (auto s = w.plain.lock()) asio::post(s->stream().get_executor(), [s] { s->CloseIfIdle(); });
    }
  }

  struct Weak {
    std::weak_ptr<TlsSession> tls;
    std::weak_ptr<PlainSession> plain;
    bool expired() const { return tls.expired() && plain.expired(); }
  };

  Api& api_;
  const ServerOptions opts_;
  asio::thread_pool workers_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  Shared shared_;
  std::vector<std::unique_ptr<asio::io_context>> loops_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::optional<tcp::acceptor> acceptor_;
  std::optional<ssl::context> tls_;
  size_t next_loop_ = 0;
  bool bound_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_requested_ = false;
  std::mutex sessions_mu_;
  std::list<Weak> sessions_;
  size_t swept_size_ = 0;  // live sessions after the last sweep
};

}  // namespace

std::unique_ptr<HttpFront> MakeBeastFront(Api& api, const ServerOptions& opts) {
  return std::make_unique<BeastFront>(api, opts);
}

}  // namespace tamis::server
