// AVX-512 VPOPCNTDQ kernels: 8 hashes per step (two per zmm register).
// Compiled with -mavx512f -mavx512vpopcntdq -mpopcnt. Uses only intrinsics and
// builtins (no inline library templates; see hamming_kernels.h).
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

// Sums of the per-word popcounts of 8 hashes, two per register (pa = hashes 0 and 1,
// pb = 2 and 3, ...), as 8 x uint64 in natural order.
inline __m512i Reduce8(__m512i pa, __m512i pb, __m512i pc, __m512i pd) {
  // 128-bit lanes of t0: (h0 w0+w1, h2 w0+w1), (h0 w2+w3, h2 w2+w3), (h1 .., h3 ..), (h1 .., h3 ..)
  const __m512i t0 = _mm512_add_epi64(_mm512_unpacklo_epi64(pa, pb), _mm512_unpackhi_epi64(pa, pb));
  const __m512i t1 = _mm512_add_epi64(_mm512_unpacklo_epi64(pc, pd), _mm512_unpackhi_epi64(pc, pd));
  const __m512i even = _mm512_shuffle_i64x2(t0, t1, _MM_SHUFFLE(2, 0, 2, 0));
  const __m512i odd = _mm512_shuffle_i64x2(t0, t1, _MM_SHUFFLE(3, 1, 3, 1));
  // Lane order is now hashes 0,2,1,3,4,6,5,7 (an involution): permute back.
  const __m512i order = _mm512_setr_epi64(0, 2, 1, 3, 4, 6, 5, 7);
  return _mm512_permutexvar_epi64(order, _mm512_add_epi64(even, odd));
}

// Distances of hashes h[0..7] to q as 8 x uint64 in natural order.
inline __m512i Dist8(const uint64_t* h, __m512i qv) {
  const __m512i pa = _mm512_popcnt_epi64(_mm512_xor_si512(_mm512_loadu_si512(h + 0), qv));
  const __m512i pb = _mm512_popcnt_epi64(_mm512_xor_si512(_mm512_loadu_si512(h + 8), qv));
  const __m512i pc = _mm512_popcnt_epi64(_mm512_xor_si512(_mm512_loadu_si512(h + 16), qv));
  const __m512i pd = _mm512_popcnt_epi64(_mm512_xor_si512(_mm512_loadu_si512(h + 24), qv));
  return Reduce8(pa, pb, pc, pd);
}

// Two 256-bit values (4 words each) in one register: a in the low half, b in the high.
inline __m512i Load2(const uint64_t* a, const uint64_t* b) {
  return _mm512_inserti64x4(
      _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(a))),
      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b)), 1);
}

void Distances(const uint64_t* hashes, size_t n, const uint64_t* q, uint16_t* out) {
  const __m512i qv =
      _mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q)));
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                     _mm512_cvtepi64_epi16(Dist8(hashes + 4 * i, qv)));
  }
  for (; i < n; ++i) out[i] = static_cast<uint16_t>(PopDist(hashes + 4 * i, q));
}

size_t Scan(const uint64_t* hashes, size_t n, const uint64_t* q, uint32_t max_distance,
            uint32_t* out_index, uint16_t* out_distance) {
  const __m512i qv =
      _mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q)));
  const __m512i limit = _mm512_set1_epi64(static_cast<long long>(max_distance));
  size_t k = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m512i d = Dist8(hashes + 4 * i, qv);
    unsigned mask = _mm512_cmple_epu64_mask(d, limit);
    if (mask == 0) continue;
    alignas(64) uint64_t dd[8];
    _mm512_store_si512(dd, d);
    while (mask != 0) {
      const int j = __builtin_ctz(mask);
      mask &= mask - 1;
      out_index[k] = static_cast<uint32_t>(i + j);
      out_distance[k] = static_cast<uint16_t>(dd[j]);
      ++k;
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
  const __m512i limit = _mm512_set1_epi64(static_cast<long long>(max_distance));
  auto hash_of = [&](uint32_t e) { return hashes + 4 * size_t{e >> query_bits}; };
  auto query_of = [&](uint32_t e) { return queries + 4 * size_t{e & qmask}; };
  size_t k = 0;
  size_t i = 0;
  // 8 entries per step: each pair of (hash ^ query) in one register, popcounts reduced
  // as in Dist8.
  for (; i + 8 <= n; i += 8) {
    if (i + kPairLookahead + 8 <= n) {
      for (size_t j = 0; j < 8; ++j) __builtin_prefetch(hash_of(entries[i + kPairLookahead + j]));
    }
    const uint32_t* e = entries + i;
    __m512i p[4];
    for (int j = 0; j < 4; ++j) {
      const uint32_t a = e[2 * j], b = e[2 * j + 1];
      p[j] = _mm512_popcnt_epi64(
          _mm512_xor_si512(Load2(hash_of(a), hash_of(b)), Load2(query_of(a), query_of(b))));
    }
    const __m512i d = Reduce8(p[0], p[1], p[2], p[3]);
    unsigned mask = _mm512_cmple_epu64_mask(d, limit);
    if (mask == 0) continue;  // candidates rarely match
    alignas(64) uint64_t dd[8];
    _mm512_store_si512(dd, d);
    while (mask != 0) {
      const int j = __builtin_ctz(mask);
      mask &= mask - 1;
      out_entry[k] = e[j];
      out_distance[k] = static_cast<uint16_t>(dd[j]);
      ++k;
    }
  }
  for (; i < n; ++i) {
    const uint32_t e = entries[i];
    const uint32_t d = PopDist(hash_of(e), query_of(e));
    out_entry[k] = e;
    out_distance[k] = static_cast<uint16_t>(d);
    k += d <= max_distance;
  }
  return k;
}

}  // namespace

const HammingKernels kAvx512Kernels = {SimdLevel::kAvx512, &Distances, &Scan, &Verify,
                                       &VerifyPairs};

}  // namespace tamis::index::hash::detail
