// Test-only helpers for index/hash: random and clustered hash sets.
#pragma once

#include <random>
#include <vector>

#include "index/hash/hash256.h"

namespace tamis::index::hash::testutil {

inline Hash256 RandomHash(std::mt19937_64& rng) {
  return Hash256{{rng(), rng(), rng(), rng()}};
}

// `h` with exactly `k` distinct random bits flipped (k <= 256).
inline Hash256 FlipBits(Hash256 h, int k, std::mt19937_64& rng) {
  std::vector<int> bits(256);
  for (int i = 0; i < 256; ++i) bits[i] = i;
  for (int i = 0; i < k; ++i) {
    std::uniform_int_distribution<int> pick(i, 255);
    std::swap(bits[i], bits[pick(rng)]);
    h = h.WithBitFlipped(bits[i]);
  }
  return h;
}

inline std::vector<Hash256> RandomHashes(size_t n, std::mt19937_64& rng) {
  std::vector<Hash256> v(n);
  for (auto& h : v) h = RandomHash(rng);
  return v;
}

// `clusters` centres, each with `per_cluster` near-duplicates at distances spread
// around `around` (around-3 .. around+3, clipped to >= 0), plus the centre itself.
inline std::vector<Hash256> ClusteredHashes(int clusters, int per_cluster, int around,
                                            std::mt19937_64& rng, std::vector<Hash256>* centres) {
  std::vector<Hash256> v;
  for (int c = 0; c < clusters; ++c) {
    const Hash256 centre = RandomHash(rng);
    if (centres) centres->push_back(centre);
    v.push_back(centre);
    for (int i = 0; i < per_cluster; ++i) {
      int k = around - 3 + static_cast<int>(rng() % 7);
      v.push_back(FlipBits(centre, k < 0 ? 0 : k, rng));
    }
  }
  return v;
}

}  // namespace tamis::index::hash::testutil
