// Hash256: a minimal 256-bit perceptual hash value (PDQ) for the hash index.
// Stand-in until core/media/pdq.h's PdqHash is unified with it; same bit order.
//
// Bit order: the 64-character hex form is read left to right as one big-endian
// 256-bit number. words[0] holds the first 16 hex characters (most significant
// nibble first), so the first hex character is the most significant nibble of the
// first 16-bit word the PDQ reference prints. Hamming distance does not depend on
// this order; the MIH slot split does (slot k = k-th printed 16-bit word).
// Plain value type: trivially copyable, thread-safe to share once built.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tamis::index::hash {

struct Hash256 {
  std::array<uint64_t, 4> words{};

  friend bool operator==(const Hash256&, const Hash256&) = default;
  friend auto operator<=>(const Hash256&, const Hash256&) = default;

  // The k-th printed 16-bit word, k in [0, 16): slot key for multi-index hashing.
  uint16_t Word16(int k) const {
    return static_cast<uint16_t>(words[k >> 2] >> (48 - 16 * (k & 3)));
  }
  // Returns a copy with bit `i` flipped; bit 0 is the least significant bit of the
  // last printed hex character, bit 255 the most significant bit of the first.
  Hash256 WithBitFlipped(int i) const {
    Hash256 h = *this;
    h.words[3 - (i >> 6)] ^= uint64_t{1} << (i & 63);
    return h;
  }
};
static_assert(sizeof(Hash256) == 32);

// Parses exactly 64 hex digits (either case, no prefix, no spaces).
// Error: kParseError naming the problem (length, offending character and column).
Result<Hash256> ParseHash256(std::string_view hex);

// Lower-case, 64 hex digits; ParseHash256(FormatHash256(h)) == h.
std::string FormatHash256(const Hash256& h);

// Hamming distance in bits, 0..256. Portable reference; the SIMD kernels in
// hamming_kernels.h are tested against it.
inline uint32_t HammingDistance(const Hash256& a, const Hash256& b) {
  return static_cast<uint32_t>(std::popcount(a.words[0] ^ b.words[0]) +
                               std::popcount(a.words[1] ^ b.words[1]) +
                               std::popcount(a.words[2] ^ b.words[2]) +
                               std::popcount(a.words[3] ^ b.words[3]));
}

}  // namespace tamis::index::hash
