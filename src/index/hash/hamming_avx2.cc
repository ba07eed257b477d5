// AVX2 kernels: vpshufb nibble-table popcount, 4 hashes per step.
// Compiled with -mavx2 -mpopcnt. Uses only intrinsics and builtins (no inline
// library templates; see hamming_kernels.h).
#include <immintrin.h>

#include "index/hash/hamming_kernels_internal.h"

namespace tamis::index::hash::detail {
namespace {

// Candidates ahead of the one being verified whose hash is prefetched.
constexpr size_t kVerifyLookahead = 24;
// Entries ahead in VerifyPairs (hashes mostly in L2 there; covers first touches).
constexpr size_t kPairLookahead = 16;

inline uint32_t PopDist(const uint64_t* h, const uint64_t* q) {
  return static_cast<uint32_t>(
      __builtin_popcountll(h[0] ^ q[0]) + __builtin_popcountll(h[1] ^ q[1]) +
      __builtin_popcountll(h[2] ^ q[2]) + __builtin_popcountll(h[3] ^ q[3]));
}

// Per-64-bit-word popcounts of one 256-bit value.
inline __m256i WordPopcounts(__m256i x) {
  const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,  //
                                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0f);
  const __m256i lo = _mm256_shuffle_epi8(table, _mm256_and_si256(x, low));
  const __m256i hi = _mm256_shuffle_epi8(table, _mm256_and_si256(_mm256_srli_epi16(x, 4), low));
  return _mm256_sad_epu8(_mm256_add_epi8(lo, hi), _mm256_setzero_si256());
}

// Distances of hashes h[0..3] to q as 4 x int64 in natural order.
inline __m256i Dist4(const uint64_t* h, __m256i qv) {
  const __m256i* p = reinterpret_cast<const __m256i*>(h);
  const __m256i s0 = WordPopcounts(_mm256_xor_si256(_mm256_loadu_si256(p + 0), qv));
  const __m256i s1 = WordPopcounts(_mm256_xor_si256(_mm256_loadu_si256(p + 1), qv));
  const __m256i s2 = WordPopcounts(_mm256_xor_si256(_mm256_loadu_si256(p + 2), qv));
  const __m256i s3 = WordPopcounts(_mm256_xor_si256(_mm256_loadu_si256(p + 3), qv));
  // t01 = [s0.q0+s0.q1, s1.q0+s1.q1 | s0.q2+s0.q3, s1.q2+s1.q3]
  const __m256i t01 =
      _mm256_add_epi64(_mm256_unpacklo_epi64(s0, s1), _mm256_unpackhi_epi64(s0, s1));
  const __m256i t23 =
      _mm256_add_epi64(_mm256_unpacklo_epi64(s2, s3), _mm256_unpackhi_epi64(s2, s3));
  return _mm256_add_epi64(_mm256_permute2x128_si256(t01, t23, 0x20),
                          _mm256_permute2x128_si256(t01, t23, 0x31));
}

void Distances(const uint64_t* hashes, size_t n, const uint64_t* q, uint16_t* out) {
  const __m256i qv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    alignas(32) uint64_t d[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(d), Dist4(hashes + 4 * i, qv));
    for (int j = 0; j < 4; ++j) out[i + j] = static_cast<uint16_t>(d[j]);
  }
  for (; i < n; ++i) out[i] = static_cast<uint16_t>(PopDist(hashes + 4 * i, q));
}

size_t Scan(const uint64_t* hashes, size_t n, const uint64_t* q, uint32_t max_distance,
            uint32_t* out_index, uint16_t* out_distance) {
  const __m256i qv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
  const __m256i limit = _mm256_set1_epi64x(static_cast<long long>(max_distance));
  size_t k = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256i d = Dist4(hashes + 4 * i, qv);
    const int over = _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpgt_epi64(d, limit)));
    if (over == 0xf) continue;
    alignas(32) uint64_t dd[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(dd), d);
    for (int j = 0; j < 4; ++j) {
      if (!(over & (1 << j))) {
        out_index[k] = static_cast<uint32_t>(i + j);
        out_distance[k] = static_cast<uint16_t>(dd[j]);
        ++k;
      }
    }
  }
  for (; i < n; ++i) {
    const uint32_t d = PopDist(hashes + 4 * i, q);
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
      __builtin_prefetch(hashes + 4 * static_cast<size_t>(ids[i + kVerifyLookahead]));
    const uint32_t d = PopDist(hashes + 4 * static_cast<size_t>(ids[i]), q);
    out_id[k] = ids[i];
    out_distance[k] = static_cast<uint16_t>(d);
    k += d <= max_distance;  // branch-free: candidates rarely match
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
    const uint32_t d =
        PopDist(hashes + 4 * size_t{e >> query_bits}, queries + 4 * size_t{e & qmask});
    out_entry[k] = e;
    out_distance[k] = static_cast<uint16_t>(d);
    k += d <= max_distance;  // branch-free: candidates rarely match
  }
  return k;
}

}  // namespace

const HammingKernels kAvx2Kernels = {SimdLevel::kAvx2, &Distances, &Scan, &Verify, &VerifyPairs};

}  // namespace tamis::index::hash::detail
