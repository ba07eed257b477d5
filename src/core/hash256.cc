#include "core/hash256.h"

#include <bit>

namespace tamis {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

int Hash256::Popcount() const {
  return std::popcount(words[0]) + std::popcount(words[1]) + std::popcount(words[2]) +
         std::popcount(words[3]);
}

std::string Hash256::ToHex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(64, '0');
  for (int i = 0; i < 64; ++i) {
    const int bit = 252 - 4 * i;  // character i holds bits 255-4i .. 252-4i
    s[i] = kDigits[(words[bit >> 6] >> (bit & 63)) & 0xF];
  }
  return s;
}

Result<Hash256> Hash256::FromHex(std::string_view hex) {
  if (hex.size() != 64) {
    return InvalidArgument("PDQ hex must be 64 digits, got " + std::to_string(hex.size()));
  }
  Hash256 h;
  for (int i = 0; i < 64; ++i) {
    const int v = HexValue(hex[i]);
    if (v < 0) return InvalidArgument("PDQ hex: bad digit at position " + std::to_string(i));
    const int bit = 252 - 4 * i;
    h.words[bit >> 6] |= static_cast<uint64_t>(v) << (bit & 63);
  }
  return h;
}

Result<Hash256> ParseHash256(std::string_view hex) {
  if (hex.size() != 64) {
    return ParseError("PDQ hash must be 64 hex digits, got " + std::to_string(hex.size()));
  }
  for (size_t i = 0; i < 64; ++i)
    if (HexValue(hex[i]) < 0) return ParseError("invalid hex digit at column " + std::to_string(i + 1));
  return Hash256::FromHex(hex).value();
}

std::string FormatHash256(const Hash256& h) { return h.ToHex(); }

}  // namespace tamis
