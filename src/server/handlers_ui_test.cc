// The web interface's routes: static files (types, ETag, CSP), who am I, counts, an alert's audit,
// a list's last diff, and the queue's band/age/sort keyset paging of GET /v1/alerts.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <set>

#include "server/handlers.h"
#include "server/server_test_util.h"
#include "server/ui_assets.h"

namespace tamis::server {
namespace {

using testing_util::TestService;

std::string HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(Ui, ServesEmbeddedFilesWithTypesEtagAndCsp) {
  TestService t;
  auto index = t.Call("GET", "/ui/", "");
  ASSERT_EQ(index.status, 200) << index.body;
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("<html"), std::string::npos);
  EXPECT_NE(index.body.find("app.js"), std::string::npos);
  const std::string csp = HeaderOf(index, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(HeaderOf(index, "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(index, "X-Content-Type-Options"), "nosniff");
  const std::string etag = HeaderOf(index, "ETag");
  ASSERT_EQ(etag.size(), 18u);
  EXPECT_EQ(etag.front(), '"');

  // The same bytes as the file in web/ (the embedding is faithful).
  const std::string on_disk = tamis::testing::ReadFileOrDie(std::filesystem::path(TAMIS_SOURCE_DIR) / "web/index.html");
  EXPECT_EQ(index.body, on_disk);

  auto js = t.Call("GET", "/ui/app.js", "");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(HeaderOf(js, "ETag"), etag);
  EXPECT_EQ(t.Call("GET", "/ui/style.css", "").content_type, "text/css; charset=utf-8");

  HttpRequest cond;
  cond.method = "GET";
  cond.path = "/ui/";
  cond.headers.emplace_back("if-none-match", "\"0000000000000000\", W/" + etag);
  auto nm = t.api->Handle(cond);
  EXPECT_EQ(nm.status, 304);
  EXPECT_TRUE(nm.body.empty());
  EXPECT_EQ(HeaderOf(nm, "ETag"), etag);
  cond.headers[0].second = "\"0000000000000000\"";
  EXPECT_EQ(t.api->Handle(cond).status, 200);

  EXPECT_EQ(t.Call("GET", "/ui/nothing.js", "").status, 404);
  EXPECT_EQ(t.Call("GET", "/ui/..", "").status, 404);
  EXPECT_EQ(t.Call("GET", "/ui/js/app.js", "").status, 404);  // one segment only: no folders
  EXPECT_EQ(t.Call("POST", "/ui/app.js", "").status, 405);
  // Every file listed in CMake is served; none is empty.
  EXPECT_GE(UiAssets().size(), 5u);
  for (const auto& a : UiAssets()) EXPECT_FALSE(a.body.empty()) << a.name;
}

TEST(Ui, MeNamesTheKeyAndItsRole) {
  TestService t;
  simdjson::dom::parser p;
  for (std::string role : {"client", "analyst", "supervisor", "admin"}) {
    auto r = t.Call("GET", "/v1/me", role);
    ASSERT_EQ(r.status, 200);
    auto e = p.parse(r.body).value();
    EXPECT_EQ(std::string_view(e["role"]), role);
    EXPECT_EQ(std::string_view(e["name"]), role);
    EXPECT_EQ(t.key[role].find(std::string(std::string_view(e["key_id"]))), 6u);  // tamis_<key_id>_...
  }
}

// Screens parties that open alerts of different scores; returns their ids.
std::vector<int64_t> OpenAlerts(TestService& t) {
  const char* names[] = {"Aiman al-Zawahiri", "Ayman al Zawahiri", "Daesh", "Ibrahim Awad Ibrahim al-Badri",
                         "Ibrahim Awad al-Badri", "Islamic State in Iraq and the Levant", "Aiman Zawahiri"};
  std::vector<int64_t> ids;
  simdjson::dom::parser p;
  int n = 0;
  for (const char* name : names) {
    auto r = t.Call("POST", "/v1/screen", "client", std::string(R"({"id": "p)") + std::to_string(n++) + R"(", "name": ")" + name + "\"}");
    EXPECT_EQ(r.status, 200) << r.body;
    for (auto h : p.parse(r.body).value()["hits"].get_array()) {
      int64_t id = 0;
      if (h["alert_id"].get(id) == simdjson::SUCCESS) ids.push_back(id);
    }
  }
  return ids;
}

struct Row {
  int64_t id;
  double score;
  std::string state;
};

// Every page of GET /v1/alerts?<query> followed with its keyset cursor.
std::vector<Row> AllPages(TestService& t, const std::string& query, int limit) {
  std::vector<Row> out;
  std::string cursor;
  simdjson::dom::parser p;
  for (int page = 0; page < 100; ++page) {
    auto r = t.Call("GET", "/v1/alerts?limit=" + std::to_string(limit) + query + cursor, "analyst");
    EXPECT_EQ(r.status, 200) << r.body;
    auto e = p.parse(r.body).value();
    for (auto a : e["alerts"].get_array())
      out.push_back({int64_t(a["id"]), double(a["score"]), std::string(std::string_view(a["state"]))});
    int64_t next = 0;
    if (e["next_after"].get(next) != simdjson::SUCCESS) break;
    cursor = "&after=" + std::to_string(next);
    double ns = 0;
    if (e["next_after_score"].get(ns) == simdjson::SUCCESS) cursor += "&after_score=" + std::to_string(ns);
  }
  return out;
}

TEST(Ui, QueueSortsAndPagesByKeysetWithoutLosingOrRepeatingAlerts) {
  TestService t;
  const auto opened = OpenAlerts(t);
  ASSERT_GE(opened.size(), 5u);
  const auto all = AllPages(t, "", 1000);
  ASSERT_EQ(all.size(), std::set<int64_t>(opened.begin(), opened.end()).size());
  // The oracle: the full list sorted here.
  auto newest = all;
  std::sort(newest.begin(), newest.end(), [](const Row& a, const Row& b) { return a.id > b.id; });
  auto by_score = all;
  std::sort(by_score.begin(), by_score.end(),
            [](const Row& a, const Row& b) { return a.score != b.score ? a.score > b.score : a.id > b.id; });
  for (int limit : {1, 2, 3}) {
    auto ids = [](const std::vector<Row>& v) {
      std::vector<int64_t> o;
      for (auto& r : v) o.push_back(r.id);
      return o;
    };
    EXPECT_EQ(ids(AllPages(t, "", limit)), ids(all)) << limit;
    EXPECT_EQ(ids(AllPages(t, "&sort=newest", limit)), ids(newest)) << limit;
    EXPECT_EQ(ids(AllPages(t, "&sort=score", limit)), ids(by_score)) << limit;
  }
  // Score band: exactly the alerts within [min, max].
  const double mid = by_score[by_score.size() / 2].score;
  size_t in_band = 0;
  for (auto& r : all) in_band += r.score <= mid;
  EXPECT_EQ(AllPages(t, "&max_score=" + std::to_string(std::min(1.0, mid + 0.00001)), 2).size(), in_band);
  // Age: every alert was created at kNow.
  EXPECT_EQ(AllPages(t, "&created_before=2026-12-07T10:00:00Z", 10).size(), 0u);
  EXPECT_EQ(AllPages(t, "&created_after=2026-12-07T10:00:00Z", 10).size(), all.size());
  EXPECT_EQ(AllPages(t, "&created_before=2026-12-08", 10).size(), all.size());
  EXPECT_EQ(t.Call("GET", "/v1/alerts?sort=name", "analyst").status, 400);
  EXPECT_EQ(t.Call("GET", "/v1/alerts?created_after=yesterday", "analyst").status, 400);
  EXPECT_EQ(t.Call("GET", "/v1/alerts?min_score=0.9&max_score=0.5", "analyst").status, 400);
}

TEST(Ui, CountsAndAuditOfAnAlertFollowTheFourEyesFlow) {
  TestService t;
  const auto opened = OpenAlerts(t);
  ASSERT_GE(opened.size(), 2u);
  simdjson::dom::parser p;
  auto counts = [&] {
    auto r = t.Call("GET", "/v1/alerts/counts", "supervisor");  // a route before /v1/alerts/{id}
    EXPECT_EQ(r.status, 200) << r.body;
    auto e = p.parse(r.body).value();
    return std::vector<int64_t>{int64_t(e["open"]), int64_t(e["proposed"]), int64_t(e["decided"]), int64_t(e["total"])};
  };
  const int64_t n = static_cast<int64_t>(std::set<int64_t>(opened.begin(), opened.end()).size());
  EXPECT_EQ(counts(), (std::vector<int64_t>{n, 0, 0, n}));
  const std::string id = std::to_string(opened[0]);
  ASSERT_EQ(t.Call("POST", "/v1/alerts/" + id + "/decision", "analyst",
                   R"({"action": "propose", "decision": "false_positive", "reason": "other DOB"})").status, 200);
  EXPECT_EQ(counts(), (std::vector<int64_t>{n - 1, 1, 0, n}));
  ASSERT_EQ(t.Call("POST", "/v1/alerts/" + id + "/decision", "supervisor", R"({"action": "confirm", "reason": "agreed"})").status, 200);
  EXPECT_EQ(counts(), (std::vector<int64_t>{n - 1, 0, 1, n}));
  // The counts take the queue's filters: a list with no alert counts none, a bad filter is a 400.
  auto none = t.Call("GET", "/v1/alerts/counts?list=no-such-list&min_score=0.5", "supervisor");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(int64_t(p.parse(none.body).value()["total"]), 0);
  auto band = t.Call("GET", "/v1/alerts/counts?min_score=1.01", "supervisor");
  EXPECT_EQ(band.status, 400) << band.body;
  auto older = t.Call("GET", "/v1/alerts/counts?created_before=2000-01-01T00:00:00Z", "supervisor");
  ASSERT_EQ(older.status, 200) << older.body;
  EXPECT_EQ(int64_t(p.parse(older.body).value()["total"]), 0);

  auto audit = t.Call("GET", "/v1/alerts/" + id + "/audit", "analyst");
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> actions, actors;
  for (auto r : p.parse(audit.body).value()["records"].get_array()) {
    actions.emplace_back(std::string_view(r["action"]));
    actors.emplace_back(std::string_view(r["actor"]));
    EXPECT_EQ(std::string_view(r["object"]), "alert:" + id);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"alert.open", "alert.propose", "alert.confirm"}));
  EXPECT_EQ(actors, (std::vector<std::string>{"screening", "analyst", "supervisor"}));
  // Another alert's audit holds only its own opening.
  auto other = t.Call("GET", "/v1/alerts/" + std::to_string(opened[1]) + "/audit", "supervisor");
  EXPECT_EQ(p.parse(other.body).value()["records"].get_array().size(), 1u);
  EXPECT_EQ(t.Call("GET", "/v1/alerts/99999/audit", "analyst").status, 404);
  EXPECT_EQ(t.Call("GET", "/v1/alerts/x/audit", "analyst").status, 400);
}

TEST(Ui, ListDiffNamesWhatTheLastUpdateChanged) {
  TestService t;
  simdjson::dom::parser p;
  auto first = t.Call("GET", "/v1/lists/un/diff", "client");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(int64_t(p.parse(first.body).value()["from_version"]), 0);
  EXPECT_EQ(int64_t(p.parse(first.body).value()["added_count"]), 3);
  testing_util::ImportList(t.cfg.data_dir, testing_util::SmallUnList(true), "h2");  // Baghdadi gains an alias
  auto r = t.Call("GET", "/v1/lists/un/diff", "client");
  ASSERT_EQ(r.status, 200) << r.body;
  auto e = p.parse(r.body).value();
  EXPECT_GT(int64_t(e["to_version"]), int64_t(e["from_version"]));
  EXPECT_EQ(int64_t(e["changed_count"]), 1);
  EXPECT_EQ(int64_t(e["added_count"]), 0);
  EXPECT_EQ(std::string_view(e["changed"].at(0)), "un:QDi.299");
  EXPECT_FALSE(bool(e["truncated"]));
  auto cut = t.Call("GET", "/v1/lists/un/diff?limit=0", "client");
  EXPECT_TRUE(bool(p.parse(cut.body).value()["truncated"]));
  EXPECT_EQ(t.Call("GET", "/v1/lists/nothing/diff", "client").status, 404);
}

}  // namespace
}  // namespace tamis::server
