// Hamming-distance kernels for 256-bit hashes behind a run-time dispatch seam.
//
// Three implementations of the same function table: a portable scalar reference,
// AVX2 (vpshufb nibble-table popcount) and AVX-512 VPOPCNTDQ. Each ISA lives in its
// own .cc compiled with per-file flags; SelectKernels() picks one from the CPU (cpuid)
// or from TAMIS_SIMD=scalar|avx2|avx512. Every kernel is property-tested against the
// scalar one (hamming_kernels_test.cc).
//
// Data layout: hashes are an array-of-structures of 4 uint64_t words per hash (the
// in-memory form of Hash256, 32 bytes each). Kernels take raw pointers on purpose:
// ISA-specific translation units must not instantiate inline library templates
// (an AVX-512 copy of an inline function could be picked by the linker for all callers).
// All kernels are pure functions: thread-safe, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace tamis::index::hash {

enum class SimdLevel : uint8_t { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

// How a caller asks for a kernel: kAuto = $TAMIS_SIMD if set, else the best the CPU has.
enum class SimdChoice : uint8_t { kAuto, kScalar, kAvx2, kAvx512 };

// "scalar", "avx2", "avx512".
std::string_view SimdLevelName(SimdLevel level);

struct HammingKernels {
  SimdLevel level;
  // out[i] = distance(hashes[i], q) for i in [0, n). `hashes` holds 4*n words, `q` 4 words.
  void (*distances)(const uint64_t* hashes, size_t n, const uint64_t* q, uint16_t* out);
  // For every i in [0, n) with distance(hashes[i], q) <= max_distance, in ascending i:
  // writes i to out_index[k] and the distance to out_distance[k]. Returns the count k
  // (<= n; both outputs must have room for n entries).
  size_t (*scan)(const uint64_t* hashes, size_t n, const uint64_t* q, uint32_t max_distance,
                 uint32_t* out_index, uint16_t* out_distance);
  // Gathered form for candidate verification: considers hashes[ids[k]] for k in [0, n),
  // keeps those within max_distance, writes ids[k] to out_id and the distance to
  // out_distance (in input order). Returns the count. Every ids[k] must be in range.
  size_t (*verify)(const uint64_t* hashes, const uint32_t* ids, size_t n, const uint64_t* q,
                   uint32_t max_distance, uint32_t* out_id, uint16_t* out_distance);
  // Many-query form for a batch join: entry e stands for hash hashes[e >> query_bits]
  // against query queries[e & (2^query_bits - 1)] (4 words each). Keeps the entries
  // within max_distance, writing the entry to out_entry and the distance to
  // out_distance (in input order). Returns the count. query_bits in [1, 31]; every
  // decoded position must be in range.
  size_t (*verify_pairs)(const uint64_t* hashes, const uint32_t* entries, size_t n,
                         uint32_t query_bits, const uint64_t* queries, uint32_t max_distance,
                         uint32_t* out_entry, uint16_t* out_distance);
};

// True when this binary has the kernel for `level` and the CPU can run it.
bool SimdLevelAvailable(SimdLevel level);

// The best available level (AVX-512 VPOPCNTDQ > AVX2 > scalar), from cpuid.
SimdLevel BestSimdLevel();

// The kernels for `level`, or nullptr when !SimdLevelAvailable(level).
// The returned table is static: never freed, safe to share between threads.
const HammingKernels* KernelsFor(SimdLevel level);

// Parses "scalar" | "avx2" | "avx512" (also "auto" / "" -> std::nullopt-like kAuto).
// Error: kInvalidArgument naming the bad value.
Result<SimdChoice> ParseSimdChoice(std::string_view name);

// Resolves a choice to kernels. kAuto reads $TAMIS_SIMD (each call) and falls back to
// BestSimdLevel() when it is unset or "auto".
// Errors: kInvalidArgument for a bad $TAMIS_SIMD value; kFailedPrecondition when the
// requested level is not available on this CPU/binary (never silently downgraded).
Result<const HammingKernels*> SelectKernels(SimdChoice choice);

}  // namespace tamis::index::hash
