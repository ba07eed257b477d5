#include "server/requests.h"

#include <gtest/gtest.h>

#include "server/http_types.h"

namespace tamis::server {
namespace {

TEST(Requests, ScreenSingleAndBatch) {
  auto one = ParseScreenRequest(R"({"id": 7, "name": "Omar", "dob": "1970", "nationality": ["IQ", "SY"], "threshold": 0.75, "limit": 3, "lists": "un"})", 10);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_FALSE(one->batch);
  EXPECT_EQ(one->parties[0].record.id, "7");
  EXPECT_EQ(one->parties[0].record.dob.year, 1970);
  EXPECT_EQ(one->parties[0].record.nationalities, (std::vector<std::string>{"IQ", "SY"}));
  EXPECT_DOUBLE_EQ(one->params.threshold, 0.75);
  EXPECT_EQ(one->params.limit, 3u);
  EXPECT_EQ(one->params.lists, std::vector<std::string>{"un"});
  auto batch = ParseScreenRequest(R"({"parties": [{"name": "A"}, 5, {"name": "B", "kind": "spaceship"}], "explain": false})", 10);
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->parties.size(), 3u);
  EXPECT_TRUE(batch->parties[0].error.ok());
  EXPECT_EQ(batch->parties[1].error.message(), "parties[1]: not a JSON object");
  EXPECT_FALSE(batch->parties[2].error.ok());
  EXPECT_FALSE(batch->params.explain);
  EXPECT_FALSE(ParseScreenRequest(R"({"parties": [{"name": "A"}], "name": "B"})", 10).ok());
  EXPECT_FALSE(ParseScreenRequest(R"({"parties": [{"name": "A"}, {"name": "B"}]})", 1).ok());
}

TEST(Requests, Decisions) {
  auto d = ParseDecisionRequest(R"({"action": "propose", "decision": "false_positive", "reason": "dob differs"})");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->decision, "false_positive");
  EXPECT_TRUE(ParseDecisionRequest(R"({"action": "confirm", "reason": "agree"})").ok());
  EXPECT_EQ(ParseDecisionRequest(R"({"action": "confirm", "decision": "true_match", "reason": "x"})").status().message(),
            "decision: only with action propose");
  EXPECT_EQ(ParseDecisionRequest(R"({"action": "confirm", "reason": "   "})").status().message(), "reason: required");
  EXPECT_EQ(ParseDecisionRequest(R"({"action": 1, "reason": "x"})").status().message(), "action: expected a string");
}

TEST(Requests, YenteQueriesBecomeOneRecordPerName) {
  auto q = ParseYenteRequest(
      R"({"queries": {"a": {"schema": "Person", "properties": {"name": ["Omar Ali", "Abu Omar"], "birthDate": ["1970-02-01"], "nationality": ["iq"], "passportNumber": ["A123"]}}}})",
      10);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->size(), 1u);
  ASSERT_EQ((*q)[0].records.size(), 2u);
  const auto& r = (*q)[0].records[1];
  EXPECT_EQ(r.name, "Abu Omar");
  EXPECT_EQ(r.kind, EntityKind::kPerson);
  EXPECT_EQ(r.dob.month, 2);
  EXPECT_EQ(r.nationalities, std::vector<std::string>{"IQ"});
  EXPECT_EQ(r.id_number, "A123");
  auto parts = ParseYenteRequest(R"({"queries": {"b": {"schema": "Person", "properties": {"firstName": ["Omar"], "lastName": "Ali"}}}})", 10);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ((*parts)[0].records[0].name, "Omar Ali");
  EXPECT_EQ(ParseYenteRequest(R"({"queries": {"c": {"properties": {"name": ["x"]}}}})", 10).status().message(),
            "queries.c.schema: required");
}

TEST(Requests, ReconcileQueries) {
  auto q = ParseReconcileQueries(R"({"q0": {"query": "Omar Ali", "type": "Person", "limit": 5, "properties": [{"pid": "birthDate", "v": "1970"}, {"pid": "country", "v": {"id": "IQ"}}]}})", 10);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ((*q)[0].limit, 5u);
  EXPECT_EQ((*q)[0].record.dob.year, 1970);
  EXPECT_EQ((*q)[0].record.country, "IQ");
  EXPECT_EQ(ParseReconcileQueries(R"({"q0": {"type": "Person"}})", 10).status().message(), "queries.q0.query: required");
}

TEST(Requests, QueryStringsAndUrlDecoding) {
  auto q = ParseQueryString("a=1&b=x%20y+z&c&=e&d=%zz");
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[1].second, "x y z");
  EXPECT_EQ(q[2].first, "c");
  EXPECT_EQ(q[4].second, "%zz");
  EXPECT_EQ(UrlDecode("%E2%82%AC", false), "\xE2\x82\xAC");
  EXPECT_EQ(UrlDecode("100%", false), "100%");
}

TEST(Requests, StatusCodesMapInOnePlace) {
  EXPECT_EQ(HttpStatusOf(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusOf(StatusCode::kParseError), 400);
  EXPECT_EQ(HttpStatusOf(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusOf(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusOf(StatusCode::kResourceExhausted), 413);
  EXPECT_EQ(HttpStatusOf(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusOf(StatusCode::kDataLoss), 500);
}

}  // namespace
}  // namespace tamis::server
