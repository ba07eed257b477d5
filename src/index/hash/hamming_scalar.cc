// Portable scalar reference kernels (compiled with the project's baseline flags).
#include <bit>

#include "index/hash/hamming_kernels_internal.h"

namespace tamis::index::hash::detail {
namespace {

// Candidates ahead of the one being verified whose hash is prefetched.
constexpr size_t kVerifyLookahead = 24;
// Entries ahead in VerifyPairs (hashes mostly in L2 there; covers first touches).
constexpr size_t kPairLookahead = 16;

inline uint32_t Dist(const uint64_t* h, const uint64_t* q) {
  return static_cast<uint32_t>(std::popcount(h[0] ^ q[0]) + std::popcount(h[1] ^ q[1]) +
                               std::popcount(h[2] ^ q[2]) + std::popcount(h[3] ^ q[3]));
}

void Distances(const uint64_t* hashes, size_t n, const uint64_t* q, uint16_t* out) {
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint16_t>(Dist(hashes + 4 * i, q));
}

size_t Scan(const uint64_t* hashes, size_t n, const uint64_t* q, uint32_t max_distance,
            uint32_t* out_index, uint16_t* out_distance) {
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t d = Dist(hashes + 4 * i, q);
    if (d <= max_distance) {
      out_index[k] = static_cast<uint32_t>(i);
      out_distance[k] = static_cast<uint16_t>(d);
      ++k;
    }
  }
  return k;
}

size_t Verify(const uint64_t* hashes, const uint32_t* ids, size_t n, const uint64_t* q,
              uint32_t max_distance, uint32_t* out_id, uint16_t* out_distance) {
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i + kVerifyLookahead < n)
      __builtin_prefetch(hashes + 4 * size_t{ids[i + kVerifyLookahead]});
    const uint32_t d = Dist(hashes + 4 * size_t{ids[i]}, q);
    if (d <= max_distance) {
      out_id[k] = ids[i];
      out_distance[k] = static_cast<uint16_t>(d);
      ++k;
    }
  }
  return k;
}

size_t VerifyPairs(const uint64_t* hashes, const uint32_t* entries, size_t n, uint32_t query_bits,
                   const uint64_t* queries, uint32_t max_distance, uint32_t* out_entry,
                   uint16_t* out_distance) {
  const uint32_t qmask = (uint32_t{1} << query_bits) - 1;
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i + kPairLookahead < n)
      __builtin_prefetch(hashes + 4 * size_t{entries[i + kPairLookahead] >> query_bits});
    const uint32_t e = entries[i];
    const uint32_t d = Dist(hashes + 4 * size_t{e >> query_bits}, queries + 4 * size_t{e & qmask});
    out_entry[k] = e;
    out_distance[k] = static_cast<uint16_t>(d);
    k += d <= max_distance;  // branch-free: candidates rarely match
  }
  return k;
}

}  // namespace

const HammingKernels kScalarKernels = {SimdLevel::kScalar, &Distances, &Scan, &Verify,
                                       &VerifyPairs};

}  // namespace tamis::index::hash::detail
