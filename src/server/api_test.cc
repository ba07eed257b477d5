#include "server/api.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "server/server_test_util.h"
#include "service/media_service.h"

namespace tamis::server {
namespace {

using testing_util::TestService;

simdjson::dom::element Json(const HttpResponse& r) {
  thread_local simdjson::dom::parser p;
  simdjson::dom::element e;
  auto err = p.parse(r.body).get(e);
  EXPECT_FALSE(err) << r.body;
  return e;
}

std::string Str(simdjson::dom::element e) {
  std::string_view s;
  return e.get(s) == simdjson::SUCCESS ? std::string(s) : std::string(simdjson::minify(e));
}

// Note: Json() reuses one parser per thread, so an element is valid until the next Json() call.

// Who may call what, written out here independently of the route table (routes.cc).
const std::map<std::string, std::set<std::string>>& ExpectedRoles() {
  static const std::set<std::string> all = {"client", "analyst", "supervisor", "admin"};
  static const std::set<std::string> reviewers = {"analyst", "supervisor"};
  static const std::map<std::string, std::set<std::string>> m = {
      {"GET /healthz", {}},
      {"GET /readyz", {}},
      {"GET /v1/openapi.json", {}},
      {"GET /metrics", all},
      {"POST /v1/screen", all},
      {"POST /v1/media/match", all},
      {"GET /v1/entities/{id}", all},
      {"GET /v1/lists", all},
      {"POST /v1/lists/update", {"admin"}},
      {"POST /v1/payments/screen", all},
      {"POST /v1/travel/screen", all},
      {"GET /v1/alerts", reviewers},
      {"GET /v1/alerts/{id}", reviewers},
      {"POST /v1/alerts/{id}/decision", reviewers},
      {"POST /v1/alerts/{id}/assign", reviewers},
      {"GET /v1/whitelist", reviewers},
      {"POST /v1/whitelist", {"supervisor"}},
      {"DELETE /v1/whitelist", {"supervisor"}},
      {"GET /v1/audit", {"supervisor", "admin"}},
      {"GET /v1/audit/verify", {"supervisor", "admin"}},
      {"GET /v1/keys", {"admin"}},
      {"POST /v1/keys", {"admin"}},
      {"DELETE /v1/keys/{id}", {"admin"}},
      {"POST /match/{dataset}", all},
      {"GET /reconcile", all},
      {"POST /reconcile", all},
      {"GET /reconcile/preview", all},
      // The web interface (handlers_ui.cc).
      {"GET /v1/me", all},
      {"GET /v1/alerts/counts", reviewers},
      {"GET /v1/alerts/{id}/audit", reviewers},
      {"GET /v1/lists/{source}/diff", all},
      {"GET /ui/", {}},
      {"GET /ui/{file}", {}},
  };
  return m;
}

std::string Concrete(std::string_view pattern) {
  std::string p(pattern);
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"{id}", "1"}, {"{dataset}", "default"}, {"{source}", "un"}, {"{file}", "app.js"}})
    if (auto at = p.find(from); at != std::string::npos) p.replace(at, from.size(), to);
  return p;
}

// Every route, with no key, a wrong key and each role's key: 401 without a valid key, 403 for a
// role the route does not admit, and neither for one it does.
TEST(Api, EveryRouteRefusesMissingKeysAndWrongRoles) {
  TestService t;
  std::set<std::string> seen;
  for (const auto& route : Routes()) {
    const std::string name = std::string(route.method) + " " + std::string(route.pattern);
    seen.insert(name);
    auto exp = ExpectedRoles().find(name);
    ASSERT_NE(exp, ExpectedRoles().end()) << name << " is not in the expected role table";
    const std::string target = Concrete(route.pattern);
    const std::string method(route.method);
    auto none = t.Call(method, target, "");
    if (exp->second.empty()) {
      EXPECT_NE(none.status, 401) << name;
      EXPECT_NE(none.status, 403) << name;
    } else {
      EXPECT_EQ(none.status, 401) << name << ": " << none.body;
      HttpRequest bad;
      bad.method = method;
      bad.path = target;
      bad.headers.emplace_back("authorization", "Bearer tamis_000000000000_" + std::string(48, '0'));
      EXPECT_EQ(t.api->Handle(bad).status, 401) << name;
    }
    for (std::string role : {"client", "analyst", "supervisor", "admin"}) {
      if (method == "DELETE" && route.pattern == "/v1/keys/{id}") continue;  // below, it revokes keys
      // lists/update without a body would download the configured lists: point it at a folder.
      const std::string body = name == "POST /v1/lists/update" ? R"({"from": "/nonexistent-tamis-dir"})" : "";
      auto r = t.Call(method, target, role, body);
      if (exp->second.empty() || exp->second.count(role)) {
        EXPECT_NE(r.status, 401) << name << " as " << role << ": " << r.body;
        EXPECT_NE(r.status, 403) << name << " as " << role << ": " << r.body;
        EXPECT_LT(r.status, 500) << name << " as " << role << ": " << r.body;
      } else {
        EXPECT_EQ(r.status, 403) << name << " as " << role << ": " << r.body;
      }
    }
  }
  EXPECT_EQ(seen.size(), ExpectedRoles().size()) << "a route of the expected table is not served";
  // DELETE /v1/keys/{id}: refused to every role but admin, then done by admin.
  auto keys = t.svc->review().ListKeys().value();
  const std::string victim = keys[0].key_id;
  for (std::string role : {"client", "analyst", "supervisor"})
    EXPECT_EQ(t.Call("DELETE", "/v1/keys/" + victim, role).status, 403);
  EXPECT_EQ(t.Call("DELETE", "/v1/keys/" + victim, "admin").status, 200);
}

TEST(Api, UnknownRoutesAndMethods) {
  TestService t;
  auto r = t.Call("GET", "/v1/nothing", "client");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("\"not_found\""), std::string::npos);
  r = t.Call("PUT", "/v1/screen", "client");
  EXPECT_EQ(r.status, 405);
  ASSERT_FALSE(r.headers.empty());
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "POST");
  EXPECT_EQ(t.Call("GET", "/v1/alerts/", "analyst").status, 404);  // empty {id}
  EXPECT_EQ(t.Call("GET", "/v1/alerts/abc", "analyst").status, 400);
  EXPECT_EQ(t.Call("GET", "/v1/alerts/999", "analyst").status, 404);
  auto ms = t.Call("GET", "/v1/alerts?min_score=2", "analyst");
  EXPECT_EQ(ms.status, 400);
  EXPECT_NE(ms.body.find("min_score"), std::string::npos);
  EXPECT_EQ(t.Call("GET", "/v1/alerts?min_score=0.5", "analyst").status, 200);
  auto cut = t.Call("POST", "/match/default?cutoff=x", "client", R"({"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}})");
  EXPECT_EQ(cut.status, 400);
  EXPECT_NE(cut.body.find("cutoff"), std::string::npos);
}

TEST(Api, BadBodiesAnswer400NamingTheField) {
  TestService t;
  struct Case {
    std::string body, must_name;
  } cases[] = {
      {"{", "invalid JSON"},
      {"[1,2]", "expected a JSON object"},
      {R"({"name": {"first": "Ali"}})", "name: expected a string"},
      {R"({"name": "Ali", "threshold": "high"})", "threshold"},
      {R"({"name": "Ali", "threshold": 7})", "threshold"},
      {R"({"name": "Ali", "limit": 0})", "limit"},
      {R"({"name": "Ali", "thresold": 0.5})", "thresold: unknown field"},
      {R"({"name": ""})", "name"},
      {R"({"id": "x"})", "name"},
      {R"({"name": "Ali", "dob": "31/31/31"})", "dob"},
      {R"({"parties": {}})", "parties"},
      {R"({"parties": []})", "parties"},
      {"{\"name\": \"\xff\xfe\"}", "invalid JSON"},  // invalid UTF-8
      {R"({"name": "Ali", "lists": [1]})", "lists"},
  };
  for (const auto& c : cases) {
    auto r = t.Call("POST", "/v1/screen", "client", c.body);
    EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
    EXPECT_NE(r.body.find(c.must_name), std::string::npos) << c.body << " -> " << r.body;
  }
  // Too many parties.
  std::string big = R"({"parties": [)";
  for (int i = 0; i < 1001; ++i) big += std::string(i ? "," : "") + R"({"name": "x"})";
  big += "]}";
  auto r = t.Call("POST", "/v1/screen", "client", big);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("at most 1000"), std::string::npos);
  // Decisions.
  EXPECT_EQ(t.Call("POST", "/v1/alerts/1/decision", "analyst", R"({"action": "approve", "reason": "x"})").status, 400);
  auto d = t.Call("POST", "/v1/alerts/1/decision", "analyst", R"({"action": "propose", "reason": "x"})");
  EXPECT_EQ(d.status, 400);
  EXPECT_NE(d.body.find("decision"), std::string::npos);
  d = t.Call("POST", "/v1/alerts/1/decision", "analyst", R"({"action": "propose", "decision": "false_positive"})");
  EXPECT_NE(d.body.find("reason"), std::string::npos);
}

TEST(Api, BatchScreensGoodPartiesBesideBadOnes) {
  TestService t;
  auto r = t.Call("POST", "/v1/screen", "client",
                  R"({"parties": [{"id": "a", "name": "Aiman al-Zawahiri"}, {"id": "b", "dob": "1970"}, {"id": "c", "name": "Maria Rossi"}], "explain": false})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  auto results = j["results"].get_array().value();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(Str(results.at(0)["hits"].at(0)["entity_id"]), "un:QDi.006");
  EXPECT_NE(Str(results.at(1)["error"]).find("name"), std::string::npos);
  EXPECT_EQ(results.at(2)["hits"].get_array().size(), 0u);
  EXPECT_GT(int64_t(j["list_versions"]["un"]), 0);
}

// Screening -> alert -> analyst proposes -> the proposer cannot confirm -> a second supervisor
// confirms -> the next screening is suppressed -> a list change (new alias) lapses the good-guy
// entry and the hit is an alert again; the audit chain holds throughout.
TEST(Api, AlertsFlowThroughFourEyesAndTheGoodGuyListLapsesOnAListChange) {
  TestService t;
  const std::string party = R"({"id": "cust-7", "name": "Ibrahim Awad Ibrahim al-Badri", "dob": "1985"})";
  auto r = t.Call("POST", "/v1/screen", "client", party);
  ASSERT_EQ(r.status, 200) << r.body;
  auto hit = Json(r)["hits"].at(0);
  EXPECT_EQ(Str(hit["entity_id"]), "un:QDi.299");
  const int64_t id = int64_t(hit["alert_id"]);
  EXPECT_TRUE(bool(hit["alert_created"]));
  // The same party again: the same alert.
  EXPECT_EQ(int64_t(Json(t.Call("POST", "/v1/screen", "client", party))["hits"].at(0)["alert_id"]), id);

  auto list = Json(t.Call("GET", "/v1/alerts?state=open", "analyst"));
  ASSERT_EQ(list["alerts"].get_array().size(), 1u);
  auto one = Json(t.Call("GET", "/v1/alerts/" + std::to_string(id), "analyst"));
  EXPECT_EQ(Str(one["matcher_version"]), kMatcherVersion);
  const int64_t first_version = int64_t(one["list_version"]);
  EXPECT_GT(first_version, 0);
  EXPECT_EQ(Str(one["party"]["dob"]), "1985");

  const std::string path = "/v1/alerts/" + std::to_string(id) + "/decision";
  // An analyst may not confirm.
  EXPECT_EQ(t.Call("POST", path, "analyst", R"({"action": "confirm", "reason": "ok"})").status, 403);
  // Confirming before a proposal: 409.
  EXPECT_EQ(t.Call("POST", path, "supervisor", R"({"action": "confirm", "reason": "ok"})").status, 409);
  auto p = t.Call("POST", path, "supervisor", R"({"action": "propose", "decision": "false_positive", "reason": "born 1985, listed 1971"})");
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(Str(Json(p)["state"]), "proposed");
  // The proposer may not confirm their own proposal (four eyes).
  auto self = t.Call("POST", path, "supervisor", R"({"action": "confirm", "reason": "agree"})");
  EXPECT_EQ(self.status, 409) << self.body;
  auto c = t.Call("POST", path, "supervisor2", R"({"action": "confirm", "reason": "agree"})");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(Str(Json(c)["state"]), "decided");
  EXPECT_EQ(Str(Json(c)["decided_by"]), "supervisor2");
  // Deciding a decided alert: 409.
  EXPECT_EQ(t.Call("POST", path, "supervisor", R"({"action": "return", "reason": "x"})").status, 409);

  auto again = Json(t.Call("POST", "/v1/screen", "client", party));
  EXPECT_TRUE(bool(again["hits"].at(0)["suppressed"]));
  auto wl = Json(t.Call("GET", "/v1/whitelist", "analyst"));
  ASSERT_EQ(wl["entries"].get_array().size(), 1u);
  EXPECT_FALSE(bool(wl["entries"].at(0)["lapsed"]));

  // A new list version gives QDi.299 a new alias: the entry lapses, the hit is a new alert.
  testing_util::ImportList(t.cfg.data_dir, testing_util::SmallUnList(true), "h2");
  ASSERT_TRUE(t.svc->Reload().ok());
  auto back = Json(t.Call("POST", "/v1/screen", "client", party));
  auto bh = back["hits"].at(0);
  EXPECT_EQ(bh["suppressed"].error(), simdjson::NO_SUCH_FIELD);
  EXPECT_TRUE(bool(bh["alert_created"]));
  EXPECT_NE(int64_t(bh["alert_id"]), id);
  EXPECT_GT(int64_t(back["list_versions"]["un"]), first_version);
  EXPECT_TRUE(bool(Json(t.Call("GET", "/v1/whitelist", "analyst"))["entries"].at(0)["lapsed"]));

  auto v = t.Call("GET", "/v1/audit/verify", "supervisor");
  EXPECT_EQ(v.status, 200) << v.body;
  EXPECT_TRUE(bool(Json(v)["ok"]));
  auto audit = Json(t.Call("GET", "/v1/audit?limit=1000", "admin"));
  std::set<std::string> actions;
  for (auto rec : audit["records"].get_array()) actions.insert(Str(rec["action"]));
  EXPECT_TRUE(actions.count("alert.propose")) << simdjson::minify(audit);
}

TEST(Api, ConcurrentDecisionsOnOneAlertLetExactlyOneThrough) {
  TestService t;
  auto r = Json(t.Call("POST", "/v1/screen", "client", R"({"id": "p", "name": "Aiman al-Zawahiri"})"));
  const int64_t id = int64_t(r["hits"].at(0)["alert_id"]);
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::vector<std::thread> th;
  for (int i = 0; i < 8; ++i)
    th.emplace_back([&] {
      auto d = t.Call("POST", "/v1/alerts/" + std::to_string(id) + "/decision", "analyst",
                      R"({"action": "propose", "decision": "true_match", "reason": "same person"})");
      (d.status == 200 ? ok : d.status == 409 ? conflict : other)++;
    });
  for (auto& x : th) x.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 7);
  EXPECT_EQ(other.load(), 0);
}

TEST(Api, RevokedKeysStopWorkingAndNewKeysAreShownOnce) {
  TestService t;
  auto created = t.Call("POST", "/v1/keys", "admin", R"({"name": "gateway", "role": "client"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = Str(Json(created)["key"]);
  HttpRequest req;
  req.method = "GET";
  req.path = "/v1/lists";
  req.headers.emplace_back("x-api-key", token);
  EXPECT_EQ(t.api->Handle(req).status, 200);
  auto keys = Json(t.Call("GET", "/v1/keys", "admin"));
  std::string id;
  for (auto k : keys["keys"].get_array())
    if (Str(k["name"]) == "gateway") id = Str(k["key_id"]);
  EXPECT_EQ(keys.get_object().value()["keys"].get_array().size(), 6u);
  EXPECT_EQ(std::string(simdjson::minify(keys)).find(token.substr(20)), std::string::npos) << "secret listed";
  ASSERT_EQ(t.Call("DELETE", "/v1/keys/" + id, "admin").status, 200);
  EXPECT_EQ(t.api->Handle(req).status, 401);
  EXPECT_EQ(t.Call("POST", "/v1/keys", "admin", R"({"name": "x", "role": "root"})").status, 400);
}

TEST(Api, EmptyStoreIsNotReadyAndScreeningAnswers503) {
  TestService t(false);
  EXPECT_EQ(t.Call("GET", "/healthz", "").status, 200);
  EXPECT_EQ(t.Call("GET", "/readyz", "").status, 503);
  EXPECT_EQ(t.Call("POST", "/v1/screen", "client", R"({"name": "x"})").status, 503);
  EXPECT_EQ(t.Call("POST", "/v1/media/match", "client", R"({"pdq": "00"})").status, 503);
  TestService ready;
  EXPECT_EQ(ready.Call("GET", "/readyz", "").status, 200);
  ready.api->set_draining(true);
  EXPECT_EQ(ready.Call("GET", "/readyz", "").status, 503);
}

TEST(Api, EntitiesAndLists) {
  TestService t;
  auto e = t.Call("GET", "/v1/entities/un:QDi.006", "client");
  ASSERT_EQ(e.status, 200);
  EXPECT_NE(e.body.find("Aiman al-Zawahiri"), std::string::npos);
  EXPECT_EQ(t.Call("GET", "/v1/entities/un:QDi.999", "client").status, 404);
  EXPECT_EQ(t.Call("GET", "/v1/entities/un:QDi.006?version=x", "client").status, 400);
  auto l = Json(t.Call("GET", "/v1/lists", "client"));
  std::map<std::string, int64_t> counts;
  for (auto v : l["lists"].get_array()) counts[Str(v["source"])] = int64_t(v["entities"]);
  EXPECT_EQ(counts, (std::map<std::string, int64_t>{{"gifct", 2}, {"un", 3}}));
}

TEST(Api, MetricsCountRequestsByRouteAndStatus) {
  TestService t;
  for (int i = 0; i < 3; ++i) t.Call("POST", "/v1/screen", "client", R"({"name": "Daesh"})");
  t.Call("POST", "/v1/screen", "client", "{");
  auto m = t.Call("GET", "/metrics", "client");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("tamis_http_requests_total{route=\"POST /v1/screen\",status=\"200\"} 3\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("tamis_http_requests_total{route=\"POST /v1/screen\",status=\"400\"} 1\n"), std::string::npos);
  EXPECT_NE(m.body.find("tamis_http_request_duration_seconds_count{route=\"POST /v1/screen\"} 4\n"), std::string::npos);
  EXPECT_NE(m.body.find("tamis_alerts{state=\"open\"} 1\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("tamis_list_version{source=\"un\",kind=\"entities\"} 1\n"), std::string::npos);
  EXPECT_NE(m.body.find("tamis_index_size{index=\"entities\"} 3\n"), std::string::npos);
}

// yente's /match shape: responses keyed by query, results with id, caption, schema, score,
// match and per-feature scores.
TEST(Api, YenteMatchAnswersInYentesShape) {
  TestService t;
  auto r = t.Call("POST", "/match/default?limit=3",
                  "client", R"({"queries": {"q1": {"schema": "Person", "properties": {"name": ["Aiman al Zawahiri"], "birthDate": ["1951"]}},
                                  "q2": {"schema": "Organization", "properties": {"name": ["Daesh"]}}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  auto q1 = j["responses"]["q1"];
  EXPECT_EQ(int64_t(q1["status"]), 200);
  auto top = q1["results"].at(0);
  EXPECT_EQ(Str(top["id"]), "un:QDi.006");
  EXPECT_EQ(Str(top["schema"]), "Person");
  EXPECT_EQ(Str(top["caption"]), "Aiman al-Zawahiri");
  EXPECT_TRUE(bool(top["match"]));
  EXPECT_GT(double(top["features"]["name_score"]), 0.8);
  EXPECT_EQ(Str(j["responses"]["q2"]["results"].at(0)["id"]), "un:QDe.115");
  EXPECT_EQ(int64_t(j["limit"]), 3);
  EXPECT_EQ(t.Call("POST", "/match/nolist", "client", R"({"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}})").status, 404);
  auto bad = t.Call("POST", "/match/default", "client", R"({"queries": {"q": {"schema": "Person", "properties": {}}}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("queries.q.properties.name"), std::string::npos) << bad.body;
}

// Reconciliation API 0.2 as OpenRefine sends it: the manifest, then queries as a form field.
TEST(Api, ReconciliationManifestQueriesAndPreview) {
  TestService t;
  HttpRequest m;
  m.method = "GET";
  m.path = "/reconcile";
  m.query = {{"api_key", t.key["client"]}};
  m.headers = {{"host", "tamis.local:8080"}};
  auto man = t.api->Handle(m);
  ASSERT_EQ(man.status, 200) << man.body;
  auto mj = Json(man);
  EXPECT_EQ(Str(mj["versions"].at(0)), "0.2");
  EXPECT_EQ(Str(mj["preview"]["url"]), "http://tamis.local:8080/reconcile/preview?id={{id}}");
  // OpenRefine's request: application/x-www-form-urlencoded, queries=<JSON>.
  const std::string form =
      "queries=%7B%22q0%22%3A%7B%22query%22%3A%22Aiman%20al-Zawahiri%22%2C%22type%22%3A%22Person%22%2C%22limit%22%3A3%2C"
      "%22properties%22%3A%5B%7B%22pid%22%3A%22birthDate%22%2C%22v%22%3A%221951%22%7D%5D%7D%2C"
      "%22q1%22%3A%7B%22query%22%3A%22Maria%20Rossi%22%7D%7D";
  auto r = t.Call("POST", "/reconcile", "client", form, "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  auto c = j["q0"]["result"].at(0);
  EXPECT_EQ(Str(c["id"]), "un:QDi.006");
  EXPECT_FALSE(bool(c["match"]));  // never an automatic match
  EXPECT_GT(double(c["score"]), 80.0);
  EXPECT_EQ(Str(c["type"].at(0)["id"]), "Person");
  EXPECT_EQ(j["q1"]["result"].get_array().size(), 0u);
  auto pv = t.Call("GET", "/reconcile/preview?id=un:QDi.006", "client");
  EXPECT_EQ(pv.status, 200);
  EXPECT_EQ(pv.content_type.substr(0, 9), "text/html");
  EXPECT_NE(pv.body.find("Aiman al-Zawahiri"), std::string::npos);
  EXPECT_EQ(t.Call("POST", "/reconcile", "client", "queries=%7B", "application/x-www-form-urlencoded").status, 400);
}

TEST(Api, PatternsMatchWholeSegments) {
  std::vector<std::string> p;
  EXPECT_TRUE(MatchPattern("/v1/alerts/{id}", "/v1/alerts/12", &p));
  EXPECT_EQ(p, std::vector<std::string>{"12"});
  EXPECT_FALSE(MatchPattern("/v1/alerts/{id}", "/v1/alerts/12/decision", &p));
  EXPECT_TRUE(MatchPattern("/v1/alerts/{id}/decision", "/v1/alerts/12/decision", &p));
  EXPECT_FALSE(MatchPattern("/v1/alerts", "/v1/alerts/", &p));
  EXPECT_FALSE(MatchPattern("/v1/alerts/{id}", "/v1/alerts/", &p));
  EXPECT_TRUE(MatchPattern("/v1/entities/{id}", "/v1/entities/un:QDi.006", &p));
  EXPECT_EQ(p[0], "un:QDi.006");
}

TEST(Api, PaymentsAreScreenedWithAVerdictAndOpenAlerts) {
  TestService t;
  const std::string mt103 =
      "{1:F01BANKGB2LAXXX0000000000}{2:O1031200261207BANKUS33XXXX00000000002612071200N}{4:\n:20:REF0001\n:23B:CRED\n"
      ":32A:261207USD1000,\n:50K:/12345678\nJOHN SMITH\n1 HIGH STREET\n:59:/87654321\nAIMAN AL-ZAWAHIRI\n:70:INVOICE 42\n"
      ":71A:SHA\n-}";
  auto r = t.Call("POST", "/v1/payments/screen", "client", mt103, "text/plain");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(Str(j["payments"].at(0)["verdict"]), "hold") << r.body;
  EXPECT_NE(r.body.find("un:QDi.006"), std::string::npos);
  // The creditor's hit is an alert of line "payment".
  auto alerts = Json(t.Call("GET", "/v1/alerts?line=payment", "analyst"));
  EXPECT_GE(alerts["alerts"].get_array().size(), 1u);
  EXPECT_EQ(t.Call("POST", "/v1/payments/screen", "client", "not a payment", "text/plain").status, 400);
  EXPECT_EQ(t.Call("POST", "/v1/payments/screen", "client", "", "text/plain").status, 400);
}

TEST(Api, TravellersAreScreenedFromMrzLines) {
  TestService t;
  // A TD3 passport MRZ (ICAO 9303 specimen layout) naming a listed person.
  const std::string mrz =
      "P<IRQAL<ZAWAHIRI<<AIMAN<<<<<<<<<<<<<<<<<<<<<\n"
      "A123456784IRQ5106192M3001019<<<<<<<<<<<<<<02\n";
  auto r = t.Call("POST", "/v1/travel/screen", "client", mrz, "text/plain");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("un:QDi.006"), std::string::npos) << r.body;
  auto alerts = Json(t.Call("GET", "/v1/alerts?line=travel", "analyst"));
  EXPECT_GE(alerts["alerts"].get_array().size(), 1u);
  EXPECT_EQ(t.Call("POST", "/v1/travel/screen", "client", "", "text/plain").status, 400);
}

// Videos: a vPDQ list in the store, a sample video's bytes posted as video/mp4 match it; an
// unrelated sample does not.
TEST(Api, VideosMatchTheirListedOriginal) {
  TAMIS_REQUIRE_SHARED_DATA();
  TestService t;
  {
    StoreOptions so;
    so.data_dir = t.cfg.data_dir;
    auto store = std::move(Store::Open(so)).value();
    HashListImportRequest req;
    req.files = {tamis::testing::SharedPath("media/pdq/video/vpdq-sample-hashes/chair-22-sd-sepia-bar.txt")};
    req.source = "videos";
    req.format = "vpdq";
    auto r = ImportHashLists(*store, req, [] { return testing_util::kNow; });
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  ASSERT_TRUE(t.svc->Reload().ok());
  std::string bytes;
  {
    std::ifstream f(tamis::testing::SharedPath("media/pdq/video/tmk-sample-videos/chair-22-sd-sepia-bar.mp4"), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(f), {});
  }
  ASSERT_FALSE(bytes.empty());
  // The list holds every frame, the query one a second: the compared percentage is not asked.
  auto r = t.Call("POST", "/v1/media/match?compared_percent=0", "client", bytes, "video/mp4");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_NE(r.body.find("\"video_hits\":[{"), std::string::npos) << r.body.substr(0, 800);
  EXPECT_NE(r.body.find("\"query_match_percent\":100"), std::string::npos) << r.body.substr(0, 800);
  // The list versions the answer was matched against, as the other media answers carry them.
  EXPECT_GT(int64_t(Json(r)["list_versions"]["videos"]), 0) << r.body.substr(r.body.size() - 200);
  // At the default 80/80 rule, 23 query frames cover too little of 673 listed ones.
  EXPECT_NE(t.Call("POST", "/v1/media/match", "client", bytes, "video/mp4").body.find("\"video_hits\":[]"), std::string::npos);
  EXPECT_EQ(t.Call("POST", "/v1/media/match", "client", "not a video", "video/mp4").status, 400);
  EXPECT_EQ(t.Call("POST", "/v1/media/match?compared_percent=101", "client", bytes, "video/mp4").status, 400);
}

TEST(Api, PdqHashesMatchTheHashLists) {
  TestService t;
  std::string near = testing_util::kListedPdq;
  near[0] = near[0] == 'f' ? 'e' : 'f';  // one or two bits off
  auto r = t.Call("POST", "/v1/media/match", "client", R"({"pdq": [")" + testing_util::kListedPdq + R"(", ")" + near + R"("]})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  auto results = j["results"].get_array().value();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(Str(results.at(0)["input"]), testing_util::kListedPdq);
  EXPECT_EQ(Str(results.at(0)["hits"].at(0)["hash"]), testing_util::kListedPdq);
  EXPECT_EQ(int64_t(results.at(0)["hits"].at(0)["distance"]), 0);
  EXPECT_EQ(int64_t(results.at(0)["hits"].at(0)["list_line"]), 1);
  EXPECT_GT(int64_t(results.at(1)["hits"].at(0)["distance"]), 0);
  EXPECT_EQ(t.Call("POST", "/v1/media/match?lists=other", "client", "x", "image/jpeg").status, 400);
  auto none = Json(t.Call("POST", "/v1/media/match", "client", R"({"pdq": ")" + testing_util::kListedPdq + R"(", "lists": ["other"]})"));
  EXPECT_EQ(none["results"].at(0)["hits"].get_array().size(), 0u);
}

}  // namespace
}  // namespace tamis::server
