// String similarity kernels on short ASCII tokens, each with a plain scalar reference.
// The fast versions work on stack buffers (no allocation) and accept inputs up to
// kMaxKernelLength bytes; longer inputs are cut to that length (names never need more).
// The *Reference versions allocate, have no length limit and exist for property tests.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace tamis::names {

inline constexpr size_t kMaxKernelLength = 64;

// Optimal-string-alignment distance (Levenshtein + adjacent transposition, each cost 1).
// OsaDistance uses a bit-parallel kernel (Hyyro 2003, one 64-bit word: O(min(|a|, |b|)) word
// operations) on any bytes, setting up only the match masks of the bytes that occur (O(|a| + |b|)).
// OsaDistanceBitParallel is the same kernel with the whole 256-entry mask table cleared first.
// OsaDistanceScalar is the plain dynamic programme on stack rows (the previous kernel, kept as
// the benchmark baseline); OsaDistanceReference is the textbook full-matrix version.
int OsaDistance(std::string_view a, std::string_view b);
int OsaDistanceBitParallel(std::string_view a, std::string_view b);  // same result
int OsaDistanceScalar(std::string_view a, std::string_view b);
int OsaDistanceReference(std::string_view a, std::string_view b);

// Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4). Empty vs empty = 1.
double JaroWinkler(std::string_view a, std::string_view b);
double JaroWinklerReference(std::string_view a, std::string_view b);

// Weighted edit distance on phonetic keys (text/phonetic.h), in tenths: consonant class
// insert/delete/substitute/transpose = 10; vowel insert/delete = 5; vowel for vowel = 3 for
// neighbouring vowels (a-e, e-i, o-u, a-o, i-u... see VowelSubCost) else 5; vowel vs consonant = 10.
// PhoneticDistance10 runs the whole DP (the scalar baseline); PhoneticDistance10Reference is the
// textbook full-matrix version.
int PhoneticDistance10(std::string_view a, std::string_view b);
int PhoneticDistance10Reference(std::string_view a, std::string_view b);
// min(PhoneticDistance10(a, b), max_cost + 1): leaves out the common prefix and suffix, skips
// the DP when a lower bound from the symbols of the two strings exceeds max_cost, and on long
// rows stops as soon as every cell of a DP row exceeds max_cost (callers that only care whether
// a pair is similar enough).
int PhoneticDistance10Bounded(std::string_view a, std::string_view b, int max_cost);

}  // namespace tamis::names
