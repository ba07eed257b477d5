#include "formats/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

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

// The length of the leading run of bytes of p[0..n) that need no escape: eight bytes at a time
// while none of them does (a byte below 0x20, a quote, a backslash, DEL), then byte by byte.
size_t SafeRun(const char* p, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  // (v - kOnes) & ~v & kHigh is non-zero exactly when some byte of v is zero; with kOnes * 0x20
  // in place of kOnes, when some byte is below 0x20.
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  // Whether any of the eight bytes at q needs an escape.
  auto bad8 = [&](const char* q) {
    uint64_t x;
    std::memcpy(&x, q, 8);
    return (((x - kOnes * 0x20) & ~x & kHigh) | has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\')) |
            has_zero(x ^ (kOnes * 0x7f))) != 0;
  };
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    if (bad8(p + i)) break;
  // The tail, as the last eight bytes (read again in part).
  if (i < n && n >= 8 && i + 8 > n && !bad8(p + n - 8)) return n;
  while (i < n && kSafe.safe[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}

// `s` quoted and escaped, then `after` (0: nothing).
void AppendQuoted(std::string& out, std::string_view s, char after) {
  size_t run = SafeRun(s.data(), s.size());
  if (run == s.size()) {  // nothing to escape (the common case): one append
    const size_t n = s.size() + 2 + (after != 0);
    if (n <= 64) {  // (short: through a buffer on the stack, without zero-filling the string first)
      char buf[66];
      buf[0] = '"';
      for (size_t i = 0; i < s.size(); ++i) buf[i + 1] = s[i];
      buf[s.size() + 1] = '"';
      buf[s.size() + 2] = after;
      out.append(buf, n);
      return;
    }
    const size_t at = out.size();
    out.resize(at + n);
    char* d = out.data() + at;
    d[0] = '"';
    std::memcpy(d + 1, s.data(), s.size());
    d[s.size() + 1] = '"';
    if (after) d[s.size() + 2] = after;
    return;
  }
  out.reserve(out.size() + s.size() + 8);
  out.push_back('"');
  const char* p = s.data();
  size_t left = s.size();
  for (;;) {
    // A run of safe bytes, appended whole; then the one byte that needs escaping.
    out.append(p, run);
    if (run == left) break;
    AppendEscape(out, static_cast<unsigned char>(p[run]));
    p += run + 1;
    left -= run + 1;
    run = SafeRun(p, left);
  }
  out.push_back('"');
  if (after) out.push_back(after);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) { AppendQuoted(out, s, 0); }

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

// memcpy of s to d, for s possibly empty (and its data() null).
inline void CopyTo(char* d, std::string_view s) {
  if (!s.empty()) std::memcpy(d, s.data(), s.size());
}

void JsonWriter::Grow(size_t n) {
  out_.resize(std::max(out_.size() * 2, len_ + n + 256));
}

void JsonWriter::Put(std::string_view s) {
  if (!s.empty()) CopyTo(Append(s.size()), s);
}

void JsonWriter::PutQuoted(std::string_view s, char after) {
  if (SafeRun(s.data(), s.size()) == s.size()) {  // nothing to escape: written in place
    char* d = Append(s.size() + 2 + (after != 0));
    d[0] = '"';
    CopyTo(d + 1, s);
    d[s.size() + 1] = '"';
    if (after) d[s.size() + 2] = after;
    return;
  }
  std::string q;
  AppendQuoted(q, s, after);
  Put(q);
}

JsonWriter& JsonWriter::Key(std::string_view k) {
  Sep();
  PutQuoted(k, ':');
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view s) {
  Sep();
  PutQuoted(s, 0);
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t v) {
  Sep();
  char* d = Append(24);
  const auto r = std::to_chars(d, d + 24, v);
  len_ -= 24 - static_cast<size_t>(r.ptr - d);
  return *this;
}
JsonWriter& JsonWriter::Double(double v, int precision) {
  Sep();
  std::string s;
  AppendJsonDouble(s, v, precision);
  Put(s);
  return *this;
}
JsonWriter& JsonWriter::Bool(bool v) {
  Sep();
  Put(v ? std::string_view("true") : std::string_view("false"));
  return *this;
}
JsonWriter& JsonWriter::Null() {
  Sep();
  Put(std::string_view("null"));
  return *this;
}
JsonWriter& JsonWriter::Raw(std::string_view json) {
  Sep();
  Put(json);
  return *this;
}
JsonWriter& JsonWriter::Field(std::string_view k, std::string_view v) {
  // "k":"v" written at once when neither needs an escape (the common case).
  if (SafeRun(k.data(), k.size()) == k.size() && SafeRun(v.data(), v.size()) == v.size()) {
    Sep();
    char* d = Append(k.size() + v.size() + 5);
    *d++ = '"';
    CopyTo(d, k);
    d += k.size();
    *d++ = '"';
    *d++ = ':';
    *d++ = '"';
    CopyTo(d, v);
    d[v.size()] = '"';
    return *this;
  }
  Key(k);
  return String(v);
}
JsonWriter& JsonWriter::StringArrayIfNotEmpty(std::string_view k, const std::vector<std::string>& v) {
  if (v.empty()) return *this;
  Key(k).BeginArray();
  for (const auto& s : v) String(s);
  return EndArray();
}

}  // namespace tamis
