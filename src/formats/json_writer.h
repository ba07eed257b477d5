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
  // Fixed form with `precision` decimals (0..40), trailing zeros and point dropped, "-0" as "0";
  // null when not finite.
  JsonWriter& Double(double v, int precision = 6);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Inserts already-serialised JSON as one value.
  JsonWriter& Raw(std::string_view json);

  // Convenience: key + value, skipped entirely when the string / array is empty.
  JsonWriter& Field(std::string_view k, std::string_view v);
  JsonWriter& FieldIfNotEmpty(std::string_view k, std::string_view v);
  JsonWriter& StringArrayIfNotEmpty(std::string_view k, const std::vector<std::string>& v);

  // Room for `bytes` of output (saves the string's regrowth when the size is about known).
  void Reserve(size_t bytes) { out_.reserve(bytes); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Sep();
  std::string out_;
  std::vector<char> first_;  // per nesting level: no element written yet
  bool after_key_ = false;
};

// Appends `s` to `out` as a JSON string literal (with quotes): runs of bytes that need no escape
// are appended whole.
void AppendJsonString(std::string& out, std::string_view s);
// Appends v as JsonWriter::Double writes it.
void AppendJsonDouble(std::string& out, double v, int precision);

}  // namespace tamis
