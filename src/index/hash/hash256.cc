#include "index/hash/hash256.h"

namespace tamis::index::hash {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<Hash256> ParseHash256(std::string_view hex) {
  if (hex.size() != 64) {
    return ParseError("PDQ hash must be 64 hex digits, got " + std::to_string(hex.size()));
  }
  Hash256 h;
  for (size_t i = 0; i < 64; ++i) {
    const int v = HexValue(hex[i]);
    if (v < 0) {
      return ParseError("invalid hex digit at column " + std::to_string(i + 1));
    }
    h.words[i / 16] = (h.words[i / 16] << 4) | static_cast<uint64_t>(v);
  }
  return h;
}

std::string FormatHash256(const Hash256& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(64, '0');
  for (size_t i = 0; i < 64; ++i) {
    out[i] = kDigits[(h.words[i / 16] >> (60 - 4 * (i % 16))) & 0xf];
  }
  return out;
}

}  // namespace tamis::index::hash
