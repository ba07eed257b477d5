// Hash256 in the hash index: the core's 256-bit hash type (core/hash256.h), the same type as
// media::PdqHash, so hashes pass between layers without conversion. The MIH slot k is
// Word16(k), the reference's 16-bit word k.
#pragma once

#include <bit>
#include <cstdint>

#include "core/hash256.h"

namespace tamis::index::hash {

using ::tamis::FormatHash256;
using ::tamis::Hash256;
using ::tamis::ParseHash256;

// Hamming distance in bits, 0..256. Portable reference; the SIMD kernels in
// hamming_kernels.h are tested against it.
inline uint32_t HammingDistance(const Hash256& a, const Hash256& b) {
  return static_cast<uint32_t>(std::popcount(a.words[0] ^ b.words[0]) +
                               std::popcount(a.words[1] ^ b.words[1]) +
                               std::popcount(a.words[2] ^ b.words[2]) +
                               std::popcount(a.words[3] ^ b.words[3]));
}

}  // namespace tamis::index::hash
