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

TEST(HttpServer, ServesManyRequestsOnOneKeepAliveConnection) {
  Running s;
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

TEST(HttpServer, BodiesOverTheLimitAnswer413WithAJsonError) {
  ServerOptions o;
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
TEST(HttpServer, SlowClientsAreCutOffAndDoNotBlockOthers) {
  ServerOptions o;
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

TEST(HttpServer, MalformedRequestsAnswer4xx) {
  Running s;
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
TEST(HttpServer, StopFinishesRequestsInFlight) {
  auto s = std::make_unique<Running>();
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

}  // namespace
}  // namespace tamis::server
