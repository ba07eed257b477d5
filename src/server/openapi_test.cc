// The OpenAPI document against the route table: every route is in the spec with the same roles,
// every operation in the spec is a route, and every request example validates against its
// schema and is accepted by the server.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>

#include "server/openapi_spec.h"
#include "server/server_test_util.h"

namespace tamis::server {
namespace {

using simdjson::dom::element;

class SpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto err = parser_.parse(std::string(OpenApiJson())).get(spec_);
    ASSERT_FALSE(err) << "openapi.json is not valid JSON: " << simdjson::error_message(err);
  }
  element Resolve(element schema) {
    std::string_view ref;
    if (schema["$ref"].get(ref) == simdjson::SUCCESS) {
      const std::string prefix = "#/components/schemas/";
      EXPECT_EQ(ref.substr(0, prefix.size()), prefix);
      element target;
      EXPECT_EQ(spec_["components"]["schemas"][ref.substr(prefix.size())].get(target), simdjson::SUCCESS) << ref;
      return target;
    }
    return schema;
  }
  static bool TypeIs(element v, std::string_view t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_int64() || v.is_uint64();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_bool();
    if (t == "null") return v.is_null();
    return false;
  }
  // A JSON Schema subset (type, required, properties, items, enum, minimum, maximum, oneOf,
  // allOf, $ref); returns "" when `v` validates, else where it does not.
  std::string Validate(element schema_in, element v, const std::string& at) {
    element schema = Resolve(schema_in);
    simdjson::dom::array arr;
    if (schema["allOf"].get(arr) == simdjson::SUCCESS) {
      for (auto s : arr)
        if (auto e = Validate(s, v, at); !e.empty()) return e;
    }
    if (schema["oneOf"].get(arr) == simdjson::SUCCESS) {
      int ok = 0;
      std::string last;
      for (auto s : arr) {
        auto e = Validate(s, v, at);
        if (e.empty()) ++ok;
        else last = e;
      }
      if (ok == 0) return at + ": matches no oneOf branch (" + last + ")";
    }
    element type;
    if (schema["type"].get(type) == simdjson::SUCCESS) {
      bool ok = false;
      std::string_view t;
      if (type.get(t) == simdjson::SUCCESS) ok = TypeIs(v, t);
      else
        for (auto x : type.get_array()) ok = ok || TypeIs(v, std::string_view(x));
      if (!ok) return at + ": wrong type " + std::string(simdjson::minify(type));
    }
    if (schema["enum"].get(arr) == simdjson::SUCCESS) {
      bool ok = false;
      for (auto x : arr) ok = ok || simdjson::minify(x) == simdjson::minify(v);
      if (!ok) return at + ": not in enum";
    }
    double bound;
    if (v.is_number()) {
      if (schema["minimum"].get(bound) == simdjson::SUCCESS && double(v) < bound) return at + ": below minimum";
      if (schema["maximum"].get(bound) == simdjson::SUCCESS && double(v) > bound) return at + ": above maximum";
    }
    if (v.is_object()) {
      if (schema["required"].get(arr) == simdjson::SUCCESS)
        for (auto r : arr)
          if (v[std::string_view(r)].error()) return at + ": missing " + std::string(std::string_view(r));
      simdjson::dom::object props;
      if (schema["properties"].get(props) == simdjson::SUCCESS)
        for (auto f : v.get_object()) {
          element ps;
          if (props[f.key].get(ps) == simdjson::SUCCESS)
            if (auto e = Validate(ps, f.value, at + "." + std::string(f.key)); !e.empty()) return e;
        }
    }
    if (v.is_array()) {
      element items;
      if (schema["items"].get(items) == simdjson::SUCCESS) {
        int i = 0;
        for (auto x : v.get_array())
          if (auto e = Validate(items, x, at + "[" + std::to_string(i++) + "]"); !e.empty()) return e;
      }
    }
    return "";
  }

  simdjson::dom::parser parser_;
  element spec_;
};

std::string Lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::set<std::string> RoleNames(uint8_t mask) {
  std::set<std::string> out;
  if (mask & kClient) out.insert("client");
  if (mask & kAnalyst) out.insert("analyst");
  if (mask & kSupervisor) out.insert("supervisor");
  if (mask & kAdmin) out.insert("admin");
  return out;
}

TEST_F(SpecTest, IsOpenApi31) { EXPECT_EQ(std::string_view(spec_["openapi"]), "3.1.0"); }

TEST_F(SpecTest, EveryRouteIsInTheSpecWithItsRolesAndEveryOperationIsARoute) {
  std::set<std::string> routes;
  for (const auto& r : Routes()) {
    const std::string name = Lower(r.method) + " " + std::string(r.pattern);
    routes.insert(name);
    element opn;
    ASSERT_EQ(spec_["paths"][r.pattern][Lower(r.method)].get(opn), simdjson::SUCCESS) << name << " is not in openapi.json";
    std::set<std::string> roles;
    for (auto x : opn["x-roles"].get_array()) roles.insert(std::string(std::string_view(x)));
    EXPECT_EQ(roles, RoleNames(r.roles)) << name << ": x-roles differ from the route table";
    simdjson::dom::array sec;
    ASSERT_EQ(opn["security"].get(sec), simdjson::SUCCESS) << name;
    EXPECT_EQ(sec.size() == 0, r.roles == kOpen) << name << ": security does not say whether a key is needed";
    EXPECT_FALSE(opn["responses"].error()) << name;
  }
  for (auto path : spec_["paths"].get_object())
    for (auto m : path.value.get_object()) {
      const std::string name = std::string(m.key) + " " + std::string(path.key);
      EXPECT_TRUE(routes.count(name)) << name << " is in openapi.json but not served";
    }
}

TEST_F(SpecTest, RequestExamplesValidateAndAreAccepted) {
  testing_util::TestService t;
  int checked = 0;
  for (const auto& r : Routes()) {
    element body;
    if (spec_["paths"][r.pattern][Lower(r.method)]["requestBody"]["content"].get(body) != simdjson::SUCCESS) continue;
    for (auto ct : body.get_object()) {
      element example;
      if (ct.value["example"].get(example) != simdjson::SUCCESS) continue;
      const std::string name = std::string(r.method) + " " + std::string(r.pattern) + " " + std::string(ct.key);
      EXPECT_EQ(Validate(ct.value["schema"], example, "example"), "") << name;
      // The example, sent as that content type, is not refused as a bad request.
      std::string payload;
      if (ct.key == "application/x-www-form-urlencoded") {
        for (auto f : example.get_object()) {
          std::string v(std::string_view(f.value));
          std::string enc;
          for (unsigned char c : v) {
            char buf[4];
            if (std::isalnum(c)) enc.push_back(static_cast<char>(c));
            else {
              std::snprintf(buf, sizeof buf, "%%%02X", c);
              enc += buf;
            }
          }
          payload += std::string(f.key) + "=" + enc;
        }
      } else if (example.is_string()) {
        payload = std::string(std::string_view(example));
      } else {
        payload = std::string(simdjson::minify(example));
      }
      std::string target(r.pattern);
      for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{{"{id}", "1"}, {"{dataset}", "default"}})
        if (auto at = target.find(from); at != std::string::npos) target.replace(at, from.size(), to);
      std::string role = *RoleNames(r.roles).begin();
      if (r.pattern == "/v1/alerts/{id}/decision") role = "analyst";
      auto resp = t.Call(std::string(r.method), target, role, payload, std::string(ct.key));
      EXPECT_NE(resp.status, 400) << name << ": " << resp.body;
      EXPECT_LT(resp.status, 500) << name << ": " << resp.body;
      ++checked;
    }
  }
  EXPECT_GE(checked, 10);
}

// The responses of the running API validate against the schemas the spec gives them.
TEST_F(SpecTest, ResponsesValidateAgainstTheirSchemas) {
  testing_util::TestService t;
  struct Case {
    std::string method, pattern, target, role, body;
  } cases[] = {
      {"POST", "/v1/screen", "/v1/screen", "client", R"({"id": "c1", "name": "Aiman al-Zawahiri"})"},
      {"POST", "/v1/screen", "/v1/screen", "client", R"({"parties": [{"name": "Daesh"}, {"dob": "1"}]})"},
      {"GET", "/v1/alerts", "/v1/alerts", "analyst", ""},
      {"GET", "/v1/alerts/{id}", "/v1/alerts/1", "analyst", ""},
      {"GET", "/v1/alerts/{id}/audit", "/v1/alerts/1/audit", "analyst", ""},
      {"GET", "/v1/alerts/counts", "/v1/alerts/counts", "supervisor", ""},
      {"GET", "/v1/alerts", "/v1/alerts?sort=score&limit=1", "analyst", ""},
      {"GET", "/v1/me", "/v1/me", "client", ""},
      {"GET", "/v1/lists/{source}/diff", "/v1/lists/un/diff", "client", ""},
      {"GET", "/v1/lists", "/v1/lists", "client", ""},
      {"GET", "/v1/audit", "/v1/audit", "admin", ""},
      {"GET", "/v1/audit/verify", "/v1/audit/verify", "admin", ""},
      {"GET", "/v1/keys", "/v1/keys", "admin", ""},
      {"GET", "/readyz", "/readyz", "", ""},
      {"POST", "/match/{dataset}", "/match/un", "client", R"({"queries": {"a": {"schema": "Person", "properties": {"name": ["Zawahiri"]}}}})"},
      {"GET", "/reconcile", "/reconcile", "client", ""},
      {"POST", "/v1/media/match", "/v1/media/match", "client", R"({"pdq": [")" + testing_util::kListedPdq + R"("]})"},
  };
  for (const auto& c : cases) {
    auto r = t.Call(c.method, c.target, c.role, c.body);
    ASSERT_EQ(r.status, 200) << c.target << ": " << r.body;
    simdjson::dom::parser p;
    element body;
    ASSERT_FALSE(p.parse(r.body).get(body)) << r.body;
    element schema;
    ASSERT_EQ(spec_["paths"][c.pattern][Lower(c.method)]["responses"]["200"]["content"]["application/json"]["schema"].get(schema),
              simdjson::SUCCESS)
        << c.pattern;
    EXPECT_EQ(Validate(schema, body, "response"), "") << c.target << ": " << r.body;
  }
  // Errors have the Error shape.
  auto e = t.Call("POST", "/v1/screen", "client", "{");
  simdjson::dom::parser p;
  EXPECT_EQ(Validate(spec_["components"]["schemas"]["Error"], p.parse(e.body).value(), "error"), "");
}

}  // namespace
}  // namespace tamis::server
