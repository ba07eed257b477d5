// Request bodies of the API parsed into plain values (pure functions: no store, no index), so
// that every parser is tested and fuzzed on its own. Errors are kInvalidArgument naming the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formats/records/records.h"
#include "service/screen_service.h"

namespace tamis::server {

// POST /v1/screen: one party (record fields at the top level) or a batch ("parties": [...]),
// with screening knobs beside them: threshold, limit, lists, explain.
struct ScreenRequest {
  bool batch = false;
  std::vector<RecordItem> parties;  // batch items may carry their own error (the rest go on)
  ScreenParams params;
};
Result<ScreenRequest> ParseScreenRequest(std::string_view body, size_t max_batch);

// POST /v1/media/match with a JSON body: {"pdq": "<64 hex>" | ["..."], "threshold": 31, "lists": [...]}.
struct MediaMatchRequest {
  std::vector<std::string> pdq;  // hex hashes
  int threshold = 31;
  std::vector<std::string> lists;
};
Result<MediaMatchRequest> ParseMediaMatchRequest(std::string_view body, size_t max_batch);

// POST /v1/alerts/{id}/decision: {"action": "propose", "decision": "true_match"|"false_positive",
// "reason": "..."} or {"action": "confirm"|"return", "reason": "..."}.
struct DecisionRequest {
  std::string action, decision, reason;
};
Result<DecisionRequest> ParseDecisionRequest(std::string_view body);

// POST /v1/alerts/{id}/assign: {"assignee": "name"}.
Result<std::string> ParseAssignRequest(std::string_view body);

// POST/DELETE /v1/whitelist: {"party_key": "...", "entity_id": "un:QDi.006", "reason": "..."}.
struct WhitelistRequest {
  std::string party_key, entity_id, reason;
};
Result<WhitelistRequest> ParseWhitelistRequest(std::string_view body, bool need_reason);

// POST /v1/lists/update: {"from": "/dir", "sources": ["un"], "force": false}.
struct ListsUpdateRequest {
  std::string from;
  std::vector<std::string> sources;
  bool force = false;
};
Result<ListsUpdateRequest> ParseListsUpdateRequest(std::string_view body);

// POST /v1/keys: {"name": "alice", "role": "analyst"}.
struct KeyRequest {
  std::string name, role;
};
Result<KeyRequest> ParseKeyRequest(std::string_view body);

// yente's POST /match/{dataset}: {"queries": {"q1": {"schema": "Person", "properties":
// {"name": [..], "birthDate": [..], "nationality": [..], ...}}}}. Each query becomes the
// records to screen (one per name given; the best hit per entity is kept).
struct YenteQuery {
  std::string key;
  std::string schema;
  std::vector<ScreenRecord> records;  // one per name
  std::string example_json;           // the query as sent (echoed in the response)
};
Result<std::vector<YenteQuery>> ParseYenteRequest(std::string_view body, size_t max_batch);

// Reconciliation API queries: {"q0": {"query": "...", "type": "Person", "limit": 3,
// "properties": [{"pid": "birthDate", "v": "1970"}]}} (the form field `queries`).
struct ReconcileQuery {
  std::string key;
  ScreenRecord record;
  std::string type;
  size_t limit = 3;
};
Result<std::vector<ReconcileQuery>> ParseReconcileQueries(std::string_view json, size_t max_batch);

}  // namespace tamis::server
