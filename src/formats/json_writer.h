// A small streaming JSON writer: builds compact, valid JSON text (UTF-8 passed through,
// control characters and quotes escaped). Not thread-safe; one writer per output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tamis {

class JsonWriter {
 public:
  // Structural calls must nest properly; Key() is required before each value inside an object.
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view k);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Double(double v, int precision = 6);  // shortest fixed form, no trailing zeros
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Inserts already-serialised JSON as one value.
  JsonWriter& Raw(std::string_view json);

  // Convenience: key + value, skipped entirely when the string / array is empty.
  JsonWriter& Field(std::string_view k, std::string_view v);
  JsonWriter& FieldIfNotEmpty(std::string_view k, std::string_view v);
  JsonWriter& StringArrayIfNotEmpty(std::string_view k, const std::vector<std::string>& v);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Sep();
  std::string out_;
  std::vector<bool> first_;  // per nesting level: no element written yet
  bool after_key_ = false;
};

// Appends `s` to `out` as a JSON string literal (with quotes).
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace tamis
