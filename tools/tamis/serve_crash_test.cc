// Fault injection: `tamis serve` is killed with SIGKILL while clients stream review decisions.
// Every decision the server acknowledged (200) must be in the store after the crash, the audit
// chain must verify, and the server must start again on the same store. Done three times.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "server/server_test_util.h"

namespace tamis {
namespace {

pid_t StartServer(const std::filesystem::path& data, const std::filesystem::path& port_file) {
  std::filesystem::remove(port_file);
  pid_t pid = fork();
  if (pid == 0) {
    const std::string d = data.string(), pf = port_file.string();
    execl(TAMIS_BIN, TAMIS_BIN, "--data", d.c_str(), "-q", "serve", "--port", "0", "--port-file", pf.c_str(), "--threads",
          "8", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int WaitPort(const std::filesystem::path& port_file) {
  for (int i = 0; i < 300; ++i) {
    std::ifstream f(port_file);
    int port = 0;
    if (f >> port && port > 0) return port;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return 0;
}

TEST(ServeCrash, AcknowledgedDecisionsSurviveKill9AndTheAuditChainVerifies) {
  server::testing_util::TestService t;  // store with a list, keys per role
  // 600 open alerts: one listed name screened as 600 different customers.
  for (int i = 0; i < 600; ++i) {
    ScreenRecord r;
    r.id = "cust-" + std::to_string(i);
    r.name = "Aiman al-Zawahiri";
    ASSERT_TRUE(t.svc->ScreenParty(r, {}).ok());
  }
  const std::string analyst = t.key["analyst"];
  const auto data = t.cfg.data_dir;
  t.api.reset();
  t.svc.reset();  // the server process owns the store from here

  std::set<int64_t> acked;
  std::mutex mu;
  std::atomic<int64_t> next{1};
  const auto port_file = t.dir.path() / "port";
  for (int round = 0; round < 3; ++round) {
    pid_t pid = StartServer(data, port_file);
    const int port = WaitPort(port_file);
    ASSERT_GT(port, 0) << "server did not start";
    std::atomic<bool> stop{false};
    std::atomic<int> acked_this_round{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c)
      clients.emplace_back([&] {
        httplib::Client cl("127.0.0.1", port);
        cl.set_read_timeout(5, 0);
        httplib::Headers h{{"Authorization", "Bearer " + analyst}};
        while (!stop) {
          const int64_t id = next++;
          if (id > 600) break;
          auto r = cl.Post("/v1/alerts/" + std::to_string(id) + "/decision", h,
                           R"({"action": "propose", "decision": "false_positive", "reason": "born 1990, other person"})",
                           "application/json");
          if (!r) break;  // the server is gone
          if (r->status == 200) {
            std::lock_guard lock(mu);
            acked.insert(id);
            ++acked_this_round;
          }
        }
      });
    while (acked_this_round < 40 && next <= 600) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    waitpid(pid, &status, 0);
    stop = true;
    for (auto& c : clients) c.join();
    EXPECT_TRUE(WIFSIGNALED(status));

    auto review = std::move(ReviewStore::Open(data / "tamis.db")).value();
    std::lock_guard lock(mu);
    for (int64_t id : acked) {
      auto a = review->GetAlert(id);
      ASSERT_TRUE(a.ok()) << a.status().ToString();
      EXPECT_EQ(a->state, "proposed") << "alert " << id << " was acknowledged but is " << a->state;
      EXPECT_EQ(a->proposed_by, "analyst");
    }
    auto v = review->VerifyAudit();
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->ok) << "audit chain broken after kill -9: seq " << v->first_bad_seq << ": " << v->problem;
  }
  EXPECT_GE(acked.size(), 120u);

  // The server starts again on the crashed store and shuts down gracefully on SIGTERM.
  pid_t pid = StartServer(data, port_file);
  const int port = WaitPort(port_file);
  ASSERT_GT(port, 0);
  httplib::Client cl("127.0.0.1", port);
  auto r = cl.Get("/v1/audit/verify", httplib::Headers{{"Authorization", "Bearer " + t.key["supervisor"]}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}

}  // namespace
}  // namespace tamis
