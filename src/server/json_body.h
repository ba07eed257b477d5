// Reading JSON request bodies with simdjson, with errors that name the field at fault
// ("threshold: expected a number between 0 and 1"). Every error is kInvalidArgument.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace tamis::server {

// Parses `body` as one JSON object with this thread's parser. The object stays valid until the
// next ParseObject on the same thread. Errors: "request body: invalid JSON (...)" (also for
// invalid UTF-8), "request body: expected a JSON object".
Result<simdjson::dom::object> ParseObject(std::string_view body);

// Refuses keys of `obj` not in `allowed` ("thresold: unknown field"), naming `where` ("" = top).
Status CheckKeys(const simdjson::dom::object& obj, std::initializer_list<std::string_view> allowed,
                 std::string_view where = "");

// Optional fields: nullopt when absent or null; an error when present with the wrong type/range.
Result<std::optional<std::string>> OptString(const simdjson::dom::object& obj, std::string_view key);
Result<std::optional<double>> OptNumber(const simdjson::dom::object& obj, std::string_view key, double min, double max);
Result<std::optional<int64_t>> OptInt(const simdjson::dom::object& obj, std::string_view key, int64_t min, int64_t max);
Result<std::optional<bool>> OptBool(const simdjson::dom::object& obj, std::string_view key);
// A string or an array of strings (empty vector when absent).
Result<std::vector<std::string>> OptStrings(const simdjson::dom::object& obj, std::string_view key);
// A required non-empty string.
Result<std::string> ReqString(const simdjson::dom::object& obj, std::string_view key);

}  // namespace tamis::server
