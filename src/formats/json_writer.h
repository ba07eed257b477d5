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
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
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
  JsonWriter& FieldIfNotEmpty(std::string_view k, std::string_view v) {
    if (!v.empty()) Field(k, v);
    return *this;
  }
  JsonWriter& StringArrayIfNotEmpty(std::string_view k, const std::vector<std::string>& v);

  // Room for `bytes` of output (saves the buffer's regrowth when the size is about known).
  void Reserve(size_t bytes) {
    if (out_.size() < bytes) out_.resize(bytes);
  }

  const std::string& str() const {
    out_.resize(len_);
    return out_;
  }
  std::string Take() {
    out_.resize(len_);
    len_ = 0;
    return std::move(out_);
  }

 private:
  // n bytes of room at the end of the output, counted as written.
  char* Append(size_t n) {
    if (out_.size() - len_ < n) Grow(n);
    char* p = out_.data() + len_;
    len_ += n;
    return p;
  }
  void Put(char c) { *Append(1) = c; }
  void Put(std::string_view s);
  // `s` quoted and escaped, then `after` (0: nothing).
  void PutQuoted(std::string_view s, char after);
  void Grow(size_t n);
  void Sep() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) Put(',');
      first_.back() = 0;
    }
  }
  JsonWriter& Open(char c) {
    Sep();
    Put(c);
    first_.push_back(1);
    return *this;
  }
  JsonWriter& Close(char c) {
    Put(c);
    first_.pop_back();
    return *this;
  }
  // The output is out_[0, len_); out_ past len_ is room already allocated (and zero-filled once).
  mutable std::string out_;
  size_t len_ = 0;
  std::string first_;  // per nesting level: 1 = no element written yet (15 levels without allocating)
  bool after_key_ = false;
};

// Appends `s` to `out` as a JSON string literal (with quotes): runs of bytes that need no escape
// are appended whole.
void AppendJsonString(std::string& out, std::string_view s);
// Appends v as JsonWriter::Double writes it.
void AppendJsonDouble(std::string& out, double v, int precision);

}  // namespace tamis
