// Brute-force Hamming range search over a contiguous array of Hash256.
// The exact reference that MihIndex is tested against, and the fallback for large radii.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "index/hash/hamming_kernels.h"
#include "index/hash/hash256.h"

namespace tamis::index::hash {

// One hit: position of the hash in the index (0-based) and its distance in bits.
struct Match {
  uint32_t index = 0;
  uint32_t distance = 0;
  friend bool operator==(const Match&, const Match&) = default;
};

// Results of a batch of queries in CSR form: the matches of query i are
// matches[offsets[i] .. offsets[i+1]), sorted by index. offsets.size() == queries + 1.
struct BatchMatches {
  std::vector<size_t> offsets{0};
  std::vector<Match> matches;

  size_t num_queries() const { return offsets.size() - 1; }
  std::span<const Match> For(size_t query) const {
    return {matches.data() + offsets[query], matches.data() + offsets[query + 1]};
  }
};

// All (index, distance) with distance(haystack[index], query) <= max_distance, sorted by
// index. `kernels` from SelectKernels(). Thread-safe; allocates only the result.
std::vector<Match> LinearScan(std::span<const Hash256> haystack, const Hash256& query,
                              uint32_t max_distance, const HammingKernels& kernels);

// The batch form: walks the haystack once in cache-sized blocks and runs every query
// on each block, so large haystacks stream from memory once per batch.
BatchMatches LinearScanBatch(std::span<const Hash256> haystack, std::span<const Hash256> queries,
                             uint32_t max_distance, const HammingKernels& kernels);

}  // namespace tamis::index::hash
