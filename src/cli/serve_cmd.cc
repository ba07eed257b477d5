// `tamis serve`: the HTTP API (src/server) over the store in --data.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <pthread.h>
#include <thread>

#include "cli/cli.h"
#include "formats/json_writer.h"
#include "server/api.h"
#include "server/http_server.h"
#include "service/alert_service.h"
#include "service/clock.h"
#include "store/db.h"

namespace tamis::cli {
namespace {

struct ServeOptions {
  server::ServerOptions http;
  server::ApiOptions api;
  double alert_threshold = 0.80;
  std::vector<std::string> lists;
  std::string port_file;
};

void LogEvent(std::string_view event, const std::vector<std::pair<std::string, std::string>>& fields) {
  JsonWriter w;
  w.BeginObject().Field("event", event);
  for (const auto& [k, v] : fields) w.Field(k, v);
  w.EndObject();
  spdlog::info("{}", w.str());
}

int RunServe(Context& ctx, ServeOptions& o) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  if (ctx.quiet && !o.http.access_log) spdlog::set_level(spdlog::level::warn);
  // SIGINT/SIGTERM are taken by a watcher thread (blocked here before any thread starts, so
  // every thread inherits the mask): they start a graceful shutdown.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  ServiceOptions so;
  so.alert_threshold = o.alert_threshold;
  so.index.lists = o.lists;
  so.media_cache_dir = ctx.config.data_dir / "cache";
  auto svc = AlertService::Open(ctx.config, so, SystemClock());
  if (!svc.ok()) return Fail(svc.status());
  server::Api api(**svc, o.api);
  server::HttpServer http(api, o.http);
  if (Status st = http.Bind(); !st.ok()) return Fail(st);
  auto snap = (*svc)->snapshot();
  LogEvent("listening", {{"url", std::string(o.http.tls_cert_file.empty() ? "http://" : "https://") + o.http.host + ":" +
                                     std::to_string(http.port())},
                         {"store", ctx.config.store_url.empty() ? "sqlite:" + ctx.config.data_dir.string()
                                                                : store::RedactUrl(ctx.config.store_url)},
                         {"ready", (*svc)->ready() ? "true" : "false"},
                         {"names", std::to_string(snap && snap->names ? snap->names->name_count() : 0)},
                         {"engine", o.http.engine},
                         {"threads", std::to_string(http.threads())}});
  if (!o.port_file.empty()) {
    FILE* f = std::fopen(o.port_file.c_str(), "w");
    if (f) {
      std::fprintf(f, "%d\n", http.port());
      std::fclose(f);
    }
  }
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&sigs, &sig);
    if (sig == 0) return;
    LogEvent("shutdown", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
    api.set_draining(true);
    http.Stop();
  });
  Status st = http.Serve();
  // Serve returned (a signal, or a failure): make sure the watcher ends.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  LogEvent("stopped", {{"requests", std::to_string(api.metrics().total_requests())}});
  if (!st.ok()) return Fail(st);
  return 0;
}

}  // namespace

void RegisterServeCommands(CLI::App& app, Context& ctx, Action* action) {
  static ServeOptions o;
  auto* s = app.add_subcommand("serve",
                               "Run the HTTP API (screening, alerts and four-eyes review, good-guy list, audit, keys; "
                               "OpenAPI at /v1/openapi.json). Create keys first with tamis keys create.");
  s->add_option("--host", o.http.host, "Address to listen on (default 127.0.0.1: loopback only)");
  s->add_option("--port", o.http.port, "Port (default 8080; 0 = any free port, see --port-file)");
  s->add_option("--port-file", o.port_file, "Write the port listened on to this file once ready");
  s->add_option("--engine", o.http.engine,
                 "HTTP engine: beast (default; event loops, one per I/O thread) or httplib (a thread per connection, "
                 "the measured baseline)")
      ->check(CLI::IsMember({"beast", "httplib"}));
  s->add_option("--threads", o.http.threads,
                "I/O threads (beast; default one per core) or connection threads (httplib; default 32)")
      ->check(CLI::Range(0, 4096));
  s->add_option("--workers", o.http.workers,
                "beast: worker threads for slow routes (list update, media, payments, travel, audit verify) and "
                "bodies over --offload-body (default 8)")
      ->check(CLI::Range(1, 1024));
  s->add_option("--offload-body", o.http.offload_body_bytes,
                "beast: request bodies of at least this many bytes are handled on the worker pool (default 65536)");
  s->add_option("--max-connections", o.http.max_connections,
                "beast: connections beyond this are closed at once (default 10000)")
      ->check(CLI::Range(1, 1000000));
  s->add_option("--max-body", o.http.max_body_bytes, "Largest request body in bytes (default 8388608); larger answer 413");
  s->add_option("--read-timeout", o.http.read_timeout_s, "Seconds a request may take to arrive: its head, then its body (beast; httplib: per read) (default 10)")->check(CLI::Range(1, 3600));
  s->add_option("--write-timeout", o.http.write_timeout_s, "Seconds a write of a response may stall (default 10)")->check(CLI::Range(1, 3600));
  s->add_option("--keep-alive-timeout", o.http.keep_alive_timeout_s, "Idle keep-alive connections closed after (default 5 s)")
      ->check(CLI::Range(1, 3600));
  s->add_option("--tls-cert", o.http.tls_cert_file, "PEM certificate: serve HTTPS (with --tls-key)")->check(CLI::ExistingFile);
  s->add_option("--tls-key", o.http.tls_key_file, "PEM private key for --tls-cert")->check(CLI::ExistingFile);
  s->add_flag("--access-log", o.http.access_log, "Log one JSON line per request on stderr");
  s->add_option("--alert-threshold", o.alert_threshold, "Hits at or above open an alert (default 0.80)")->check(CLI::Range(0.0, 1.0));
  s->add_option("--lists", o.lists, "Only index these sources (default: every current list)")->delimiter(',');
  s->add_option("--max-batch", o.api.max_batch, "Parties per /v1/screen request at most (default 1000)")->check(CLI::Range(1, 100000));
  s->add_option("--service-url", o.api.service_url, "Public base URL, for the reconciliation manifest (default: from the Host header)");
  s->add_option("--key-cache-ttl", o.api.auth.ttl_seconds, "Seconds a verified key is trusted before the store is asked again (default 5)")
      ->check(CLI::Range(0, 3600));
  s->callback([&ctx, action] { *action = [&ctx] { return RunServe(ctx, o); }; });
}

}  // namespace tamis::cli
