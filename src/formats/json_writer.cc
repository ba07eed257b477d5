#include "formats/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tamis {

namespace {

// Bytes copied as they are inside a JSON string: everything but the quote, the backslash, the
// control characters and DEL.
struct SafeTable {
  bool safe[256];
  constexpr SafeTable() : safe() {
    for (int c = 0; c < 256; ++c) safe[c] = c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
  }
};
constexpr SafeTable kSafe;

void AppendEscape(std::string& out, unsigned char c) {
  static const char* hex = "0123456789abcdef";
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default: {
      const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      out.append(u, 6);
    }
  }
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    // A run of safe bytes, appended whole; then the one byte that needs escaping.
    const char* run = p;
    while (run < end && kSafe.safe[static_cast<unsigned char>(*run)]) ++run;
    out.append(p, static_cast<size_t>(run - p));
    if (run == end) break;
    AppendEscape(out, static_cast<unsigned char>(*run));
    p = run + 1;
  }
  out.push_back('"');
}

void AppendJsonDouble(std::string& out, double v, int precision) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  precision = std::clamp(precision, 0, 40);
  // Fixed notation, as printf's "%.*f" (correctly rounded): at most 309 integer digits, the
  // sign, the point and `precision` decimals.
  char buf[360];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
  const char* end = r.ptr;
  if (precision > 0) {  // (a point was written: drop trailing zeros, then the point)
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
  }
  const size_t n = static_cast<size_t>(end - buf);
  if (n == 2 && buf[0] == '-' && buf[1] == '0') out.push_back('0');
  else out.append(buf, n);
}

void JsonWriter::Sep() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  Sep();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  first_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Sep();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  first_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::Key(std::string_view k) {
  Sep();
  AppendJsonString(out_, k);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view s) {
  Sep();
  AppendJsonString(out_, s);
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t v) {
  Sep();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, static_cast<size_t>(r.ptr - buf));
  return *this;
}
JsonWriter& JsonWriter::Double(double v, int precision) {
  Sep();
  AppendJsonDouble(out_, v, precision);
  return *this;
}
JsonWriter& JsonWriter::Bool(bool v) {
  Sep();
  out_ += v ? "true" : "false";
  return *this;
}
JsonWriter& JsonWriter::Null() {
  Sep();
  out_ += "null";
  return *this;
}
JsonWriter& JsonWriter::Raw(std::string_view json) {
  Sep();
  out_ += json;
  return *this;
}
JsonWriter& JsonWriter::Field(std::string_view k, std::string_view v) { return Key(k).String(v); }
JsonWriter& JsonWriter::FieldIfNotEmpty(std::string_view k, std::string_view v) {
  if (!v.empty()) Key(k).String(v);
  return *this;
}
JsonWriter& JsonWriter::StringArrayIfNotEmpty(std::string_view k, const std::vector<std::string>& v) {
  if (v.empty()) return *this;
  Key(k).BeginArray();
  for (const auto& s : v) String(s);
  return EndArray();
}

}  // namespace tamis
