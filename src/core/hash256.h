// Hash256: the one 256-bit hash value of every layer (PDQ hashes of images and video frames,
// hash-list entries, the Hamming index). media::PdqHash and index::hash::Hash256 are this type.
//
// Bit order: bit k (0..255) is PDQ DCT coefficient (row k/16, column k%16), stored in
// words[k / 64] at bit k % 64, so the value is the 256-bit integer sum(bit_k * 2^k). The hex
// form is that integer printed big-endian (the reference's order: 16-bit word 15 first, word 0
// last). Hamming distance does not depend on the order.
// Plain value type: trivially copyable, safe to share across threads.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tamis {

struct Hash256 {
  std::array<uint64_t, 4> words{};

  bool Bit(int k) const { return (words[k >> 6] >> (k & 63)) & 1u; }
  void SetBit(int k) { words[k >> 6] |= uint64_t{1} << (k & 63); }
  // A copy with bit k flipped (k as in Bit()).
  Hash256 WithBitFlipped(int k) const {
    Hash256 h = *this;
    h.words[k >> 6] ^= uint64_t{1} << (k & 63);
    return h;
  }
  // The reference's 16-bit word i (DCT row i), 0..15; the printed hex shows word 15 first.
  // Also the slot key of multi-index hashing (slot i = word i).
  uint16_t Word16(int i) const { return static_cast<uint16_t>(words[i >> 2] >> ((i & 3) * 16)); }
  // Number of set bits, 0..256.
  int Popcount() const;
  bool IsZero() const { return (words[0] | words[1] | words[2] | words[3]) == 0; }

  // 64 lower-case hex digits, most significant first.
  std::string ToHex() const;
  // Parses 64 hex digits (either case, no prefix or whitespace). InvalidArgument otherwise.
  static Result<Hash256> FromHex(std::string_view hex);

  friend bool operator==(const Hash256&, const Hash256&) = default;
  // An arbitrary total order (for sorting and deduplication), not the numeric one.
  friend auto operator<=>(const Hash256&, const Hash256&) = default;
};
static_assert(sizeof(Hash256) == 32);

// Parses exactly 64 hex digits (either case). Error: kParseError naming the problem (length,
// or the column of the offending character), for parsers of outside data.
Result<Hash256> ParseHash256(std::string_view hex);
// Lower-case, 64 hex digits (= h.ToHex()); ParseHash256(FormatHash256(h)) == h.
std::string FormatHash256(const Hash256& h);

}  // namespace tamis
