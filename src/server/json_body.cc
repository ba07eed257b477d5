#include "server/json_body.h"

#include <cstdio>

namespace tamis::server {

namespace {
std::string Field(std::string_view key) { return std::string(key); }
std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

Result<simdjson::dom::object> ParseObject(std::string_view body) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(body.data(), body.size()).get(doc); err)
    return InvalidArgument(std::string("request body: invalid JSON (") + simdjson::error_message(err) + ")");
  simdjson::dom::object obj;
  if (doc.get(obj) != simdjson::SUCCESS) return InvalidArgument("request body: expected a JSON object");
  return obj;
}

Status CheckKeys(const simdjson::dom::object& obj, std::initializer_list<std::string_view> allowed,
                 std::string_view where) {
  for (auto field : obj) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == field.key;
    if (!ok) {
      std::string name = where.empty() ? std::string(field.key) : std::string(where) + "." + std::string(field.key);
      return InvalidArgument(name + ": unknown field");
    }
  }
  return Status::Ok();
}

Result<std::optional<std::string>> OptString(const simdjson::dom::object& obj, std::string_view key) {
  simdjson::dom::element el;
  if (obj.at_key(key).get(el) != simdjson::SUCCESS || el.is_null()) return std::optional<std::string>();
  std::string_view s;
  if (el.get(s) != simdjson::SUCCESS) return InvalidArgument(Field(key) + ": expected a string");
  return std::optional<std::string>(std::string(s));
}

Result<std::string> ReqString(const simdjson::dom::object& obj, std::string_view key) {
  TAMIS_ASSIGN_OR_RETURN(auto v, OptString(obj, key));
  if (!v || v->empty()) return InvalidArgument(Field(key) + ": required");
  return *v;
}

Result<std::optional<double>> OptNumber(const simdjson::dom::object& obj, std::string_view key, double min, double max) {
  simdjson::dom::element el;
  if (obj.at_key(key).get(el) != simdjson::SUCCESS || el.is_null()) return std::optional<double>();
  double v = 0;
  if (!el.is_number() || el.get(v) != simdjson::SUCCESS || !(v >= min && v <= max))
    return InvalidArgument(Field(key) + ": expected a number from " + Num(min) + " to " + Num(max));
  return std::optional<double>(v);
}

Result<std::optional<int64_t>> OptInt(const simdjson::dom::object& obj, std::string_view key, int64_t min, int64_t max) {
  simdjson::dom::element el;
  if (obj.at_key(key).get(el) != simdjson::SUCCESS || el.is_null()) return std::optional<int64_t>();
  int64_t v = 0;
  if (el.get(v) != simdjson::SUCCESS || v < min || v > max)
    return InvalidArgument(Field(key) + ": expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return std::optional<int64_t>(v);
}

Result<std::optional<bool>> OptBool(const simdjson::dom::object& obj, std::string_view key) {
  simdjson::dom::element el;
  if (obj.at_key(key).get(el) != simdjson::SUCCESS || el.is_null()) return std::optional<bool>();
  bool v = false;
  if (el.get(v) != simdjson::SUCCESS) return InvalidArgument(Field(key) + ": expected true or false");
  return std::optional<bool>(v);
}

Result<std::vector<std::string>> OptStrings(const simdjson::dom::object& obj, std::string_view key) {
  std::vector<std::string> out;
  simdjson::dom::element el;
  if (obj.at_key(key).get(el) != simdjson::SUCCESS || el.is_null()) return out;
  std::string_view s;
  if (el.get(s) == simdjson::SUCCESS) {
    out.emplace_back(s);
    return out;
  }
  simdjson::dom::array arr;
  if (el.get(arr) != simdjson::SUCCESS) return InvalidArgument(Field(key) + ": expected a string or an array of strings");
  for (auto item : arr) {
    if (item.get(s) != simdjson::SUCCESS) return InvalidArgument(Field(key) + ": expected an array of strings");
    out.emplace_back(s);
  }
  return out;
}

}  // namespace tamis::server
