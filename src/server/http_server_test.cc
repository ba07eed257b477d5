// The HTTP front over real loopback sockets: keep-alive, the body limit, slow clients, errors
// answered by the library itself, graceful stop.
#include "server/http_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "server/server_test_util.h"

namespace tamis::server {
namespace {

struct Running {
  testing_util::TestService t;
  std::unique_ptr<HttpServer> http;
  std::thread th;
  explicit Running(ServerOptions o = {}) {
    o.port = 0;
    http = std::make_unique<HttpServer>(*t.api, o);
    Status st = http->Bind();
    EXPECT_TRUE(st.ok()) << st.ToString();
    th = std::thread([this] { (void)http->Serve(); });
  }
  ~Running() {
    http->Stop();
    th.join();
  }
  httplib::Headers Auth(const std::string& role) { return {{"Authorization", "Bearer " + t.key[role]}}; }
};

int RawConnect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

// Every test runs against both engines.
class HttpServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  ServerOptions Opts() const {
    ServerOptions o;
    o.engine = GetParam();
    return o;
  }
};

TEST_P(HttpServerTest, ServesManyRequestsOnOneKeepAliveConnection) {
  Running s(Opts());
  httplib::Client c("127.0.0.1", s.http->port());
  c.set_keep_alive(true);
  for (int i = 0; i < 50; ++i) {
    auto r = c.Post("/v1/screen", s.Auth("client"), R"({"name": "Aiman al-Zawahiri", "explain": false})", "application/json");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->body.find("un:QDi.006"), std::string::npos);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  }
  auto h = c.Get("/healthz");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  auto m = c.Get("/metrics", s.Auth("admin"));
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("route=\"POST /v1/screen\",status=\"200\"} 50"), std::string::npos) << m->body;
}

TEST_P(HttpServerTest, BodiesOverTheLimitAnswer413WithAJsonError) {
  ServerOptions o = Opts();
  o.max_body_bytes = 1024;
  Running s(o);
  httplib::Client c("127.0.0.1", s.http->port());
  std::string big = R"({"name": ")" + std::string(4096, 'a') + R"("})";
  auto r = c.Post("/v1/screen", s.Auth("client"), big, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("payload_too_large"), std::string::npos) << r->body;
  // The server still answers.
  auto ok = c.Post("/v1/screen", s.Auth("client"), R"({"name": "x"})", "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

// A client that sends half a request and stalls is dropped after the read timeout, and others
// are served meanwhile.
TEST_P(HttpServerTest, SlowClientsAreCutOffAndDoNotBlockOthers) {
  ServerOptions o = Opts();
  o.read_timeout_s = 1;
  o.keep_alive_timeout_s = 1;
  o.threads = 4;
  Running s(o);
  int slow = RawConnect(s.http->port());
  const char partial[] = "POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n";
  ASSERT_GT(::send(slow, partial, sizeof partial - 1, 0), 0);
  httplib::Client c("127.0.0.1", s.http->port());
  auto t0 = std::chrono::steady_clock::now();
  auto r = c.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(900));
  // The stalled connection is closed by the server within read + keep-alive timeouts.
  timeval tv{5, 0};
  ::setsockopt(slow, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[512];
  const auto t1 = std::chrono::steady_clock::now();
  ssize_t n;
  while ((n = ::recv(slow, buf, sizeof buf, 0)) > 0) {
  }
  EXPECT_EQ(n, 0) << "expected the server to close the connection";
  EXPECT_LT(std::chrono::steady_clock::now() - t1, std::chrono::seconds(4));
  ::close(slow);
}

TEST_P(HttpServerTest, MalformedRequestsAnswer4xx) {
  Running s(Opts());
  int fd = RawConnect(s.http->port());
  const char junk[] = "BREW /pot HTCPCP/1.0\r\n\r\n";
  ASSERT_GT(::send(fd, junk, sizeof junk - 1, 0), 0);
  char buf[2048] = {};
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, 9), "HTTP/1.1 ");
  EXPECT_EQ(buf[9], '4') << buf;
  ::close(fd);
  httplib::Client c("127.0.0.1", s.http->port());
  auto r = c.Get("/no/such/route", s.Auth("client"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("\"error\""), std::string::npos);
  auto bad = c.Post("/v1/screen", s.Auth("client"), "{\"name\": \"\xc3\x28\"}", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

// Stop() while requests are in flight: every request started is answered.
TEST_P(HttpServerTest, StopFinishesRequestsInFlight) {
  auto s = std::make_unique<Running>(Opts());
  std::atomic<int> answered{0}, failed{0};
  std::atomic<bool> go{true};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", s->http->port());
      while (go) {
        auto r = c.Post("/v1/screen", s->Auth("client"), R"({"parties": [{"name": "Daesh"}, {"name": "Zawahiri"}]})", "application/json");
        if (!r) break;  // refused after stop: fine
        (r->status == 200 ? answered : failed)++;
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  s->http->Stop();
  go = false;
  for (auto& c : clients) c.join();
  EXPECT_GT(answered.load(), 0);
  EXPECT_EQ(failed.load(), 0);
}

// HTTPS with a certificate made here by the openssl command (Debian's openssl package).
TEST_P(HttpServerTest, ServesHttpsWithAGivenCertificate) {
  tamis::testing::TempDir certs;
  const std::string cert = (certs / "cert.pem").string(), key = (certs / "key.pem").string();
  const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + key +
                          " -out " + cert + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl command not available";
  ServerOptions o = Opts();
  o.tls_cert_file = cert;
  o.tls_key_file = key;
  Running s(o);
  httplib::SSLClient c("127.0.0.1", s.http->port());
  c.enable_server_certificate_verification(false);
  auto r = c.Get("/healthz");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  // Plain HTTP to the TLS port is not answered as HTTP.
  httplib::Client plain("127.0.0.1", s.http->port());
  plain.set_read_timeout(2, 0);
  auto p = plain.Get("/healthz");
  EXPECT_TRUE(!p || p->status != 200);
  // A missing key file is refused with a clear error.
  ServerOptions bad = Opts();
  bad.tls_cert_file = cert;
  bad.tls_key_file = (certs / "nope.pem").string();
  testing_util::TestService t2;
  HttpServer h(*t2.api, bad);
  Status st = h.Bind();
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
}

// Sends raw bytes and returns what the server answers (until it closes or 3 s pass).
std::string Exchange(int port, const std::string& bytes) {
  int fd = RawConnect(port);
  EXPECT_EQ(::send(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

// A client that asks "Expect: 100-continue" is told to go on before it sends the body, and the
// request is then answered.
TEST_P(HttpServerTest, ExpectContinueIsAnswered) {
  Running s(Opts());
  const std::string body = R"({"name": "Daesh"})";
  int fd = RawConnect(s.http->port());
  const std::string head = "POST /v1/screen HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " +
                           s.t.key["client"] + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n";
  ASSERT_EQ(::send(fd, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[8192];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ASSERT_GT(n, 0) << "no interim answer before the body";
  EXPECT_EQ(std::string(buf, static_cast<size_t>(n)).substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_EQ(::send(fd, body.data(), body.size(), 0), static_cast<ssize_t>(body.size()));
  std::string out;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos) << out;
  EXPECT_NE(out.find("\"hits\""), std::string::npos) << out;
}

// A request head over the limit is refused in the API's JSON error shape (431 for beast; cpp-
// httplib answers its own 4xx).
TEST_P(HttpServerTest, HugeHeadersAnswer4xx) {
  ServerOptions o = Opts();
  o.max_header_bytes = 4096;
  Running s(o);
  const std::string out = Exchange(s.http->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(200000, 'a') + "\r\n\r\n");
  ASSERT_GE(out.size(), 12u) << "no answer";
  EXPECT_EQ(out[9], '4') << out.substr(0, 200);
  if (GetParam() == "beast") {
    EXPECT_EQ(out.substr(9, 3), "431");
    EXPECT_NE(out.find("\"header_too_large\""), std::string::npos);
  }
}

// HTTP/1.0 without keep-alive gets its answer and the connection is closed; HEAD gets no body
// but the Content-Length the GET answer has.
TEST_P(HttpServerTest, Http10AndHead) {
  Running s(Opts());
  // (RFC 9110 lets the server answer in its own version, HTTP/1.1, as cpp-httplib does.)
  std::string out = Exchange(s.http->port(), "GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(out.substr(0, 7), "HTTP/1.") << out;
  EXPECT_EQ(out.substr(8, 4), " 200") << out;
  EXPECT_NE(out.find("{\"status\":\"ok\"}"), std::string::npos) << out;
  out = Exchange(s.http->port(), "HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(out.substr(0, 12), "HTTP/1.1 200") << out;
  EXPECT_EQ(out.find("\r\n\r\n") + 4, out.size()) << "HEAD answered with a body: " << out;
  const std::string get_length = "Content-Length: " + std::to_string(std::string("{\"status\":\"ok\"}").size());
  EXPECT_NE(out.find(get_length), std::string::npos) << "HEAD lacks the GET answer's length: " << out;
}

INSTANTIATE_TEST_SUITE_P(Engines, HttpServerTest, ::testing::Values("beast", "httplib"),
                         [](const auto& info) { return info.param; });

// The event loop: stalled clients hold no thread. With 2 I/O threads, 64 clients that sent half a
// request do not stop a 65th from being answered at once (a thread-per-connection server with 2
// threads would make it wait for their timeouts).
TEST(HttpServerBeast, StalledClientsHoldNoThread) {
  ServerOptions o;
  o.engine = "beast";
  o.threads = 2;
  Running s(o);
  std::vector<int> stalled;
  const char partial[] = "POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{";
  for (int i = 0; i < 64; ++i) {
    stalled.push_back(RawConnect(s.http->port()));
    ASSERT_GT(::send(stalled.back(), partial, sizeof partial - 1, 0), 0);
  }
  httplib::Client c("127.0.0.1", s.http->port());
  const auto t0 = std::chrono::steady_clock::now();
  auto r = c.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(900));
  for (int fd : stalled) ::close(fd);
}

// A route marked blocking (list update) is known as such, runs on the worker pool, and its answer
// (here a refusal naming the unknown source) comes back on its own connection.
TEST(HttpServerBeast, BlockingRoutesRunOnTheWorkerPool) {
  ServerOptions o;
  o.engine = "beast";
  o.threads = 1;
  Running s(o);
  HttpRequest probe;
  probe.method = "POST";
  probe.path = "/v1/lists/update";
  EXPECT_TRUE(s.t.api->IsBlocking(probe));
  probe.path = "/v1/screen";
  EXPECT_FALSE(s.t.api->IsBlocking(probe));
  // A HEAD is answered by its GET route, so it is as blocking as that route (it was not: the
  // blocking check had its own route match, without Handle's HEAD rule).
  probe.method = "HEAD";
  probe.path = "/v1/audit/verify";
  EXPECT_TRUE(s.t.api->IsBlocking(probe));
  probe.path = "/v1/no-such-route";
  EXPECT_FALSE(s.t.api->IsBlocking(probe));
  httplib::Client admin("127.0.0.1", s.http->port());
  admin.set_read_timeout(30, 0);
  auto r = admin.Post("/v1/lists/update", s.Auth("admin"), R"({"sources": ["no-such-source"]})", "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_GE(r->status, 400);
  EXPECT_LT(r->status, 500) << r->body;
  EXPECT_NE(r->body.find("\"error\""), std::string::npos);
}

}  // namespace
}  // namespace tamis::server
