#include "core/names/similarity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace tamis::names {
namespace {

std::string RandomToken(std::mt19937& rng, const std::string& alphabet, size_t max_len) {
  std::uniform_int_distribution<size_t> len(0, max_len), pick(0, alphabet.size() - 1);
  std::string s(len(rng), 'a');
  for (char& c : s) c = alphabet[pick(rng)];
  return s;
}

TEST(Similarity, KnownValues) {
  EXPECT_EQ(OsaDistance("putin", "pulin"), 1);
  EXPECT_EQ(OsaDistance("asasd", "assad"), 1);  // adjacent transposition
  EXPECT_EQ(OsaDistance("", "abc"), 3);
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.8133, 1e-4);
  EXPECT_EQ(PhoneticDistance10("MoHaMeD", "MuHaMaD"), 6);  // two cheap vowel substitutions
  EXPECT_EQ(PhoneticDistance10("PuTiN", "PuLiN"), 10);
}

// Property: every fast kernel equals its scalar reference, on random and adversarial inputs.
TEST(Similarity, FastKernelsMatchReferenceOnRandomInput) {
  std::mt19937 rng(12345);
  const std::string small = "ab", letters = "abcdefghijklmnopqrstuvwxyz", phon = "aeiouBKDSTMNLRHZ";
  for (int iter = 0; iter < 20000; ++iter) {
    const std::string& alpha = iter % 3 == 0 ? small : (iter % 3 == 1 ? letters : phon);
    const size_t max_len = iter % 10 == 0 ? kMaxKernelLength : 12;
    std::string a = RandomToken(rng, alpha, max_len), b = RandomToken(rng, alpha, max_len);
    ASSERT_EQ(OsaDistance(a, b), OsaDistanceReference(a, b)) << a << " / " << b;
    ASSERT_EQ(PhoneticDistance10(a, b), PhoneticDistance10Reference(a, b)) << a << " / " << b;
    ASSERT_DOUBLE_EQ(JaroWinkler(a, b), JaroWinklerReference(a, b)) << a << " / " << b;
  }
}

// Property: the bit-parallel OSA (dispatching and generic) and the scalar DP equal the
// reference, on random strings over small and large alphabets, up to the 64-byte word limit.
TEST(Similarity, BitParallelOsaMatchesReference) {
  std::mt19937 rng(777);
  const std::string alphabets[] = {"ab", "abc", "abcdefghijklmnopqrstuvwxyz0123456789", "aeiouBKDSTMNLRHZ",
                                   std::string("a\x80\xff.-", 5)};
  for (int iter = 0; iter < 50000; ++iter) {
    const std::string& alpha = alphabets[iter % 5];
    const size_t max_len = iter % 7 == 0 ? kMaxKernelLength : (iter % 7 == 1 ? 3 : 14);
    std::string a = RandomToken(rng, alpha, max_len), b = RandomToken(rng, alpha, max_len);
    // Adversarial: b as a with one transposition / a repeated pattern.
    if (iter % 11 == 0 && a.size() >= 2) {
      b = a;
      std::swap(b[0], b[1]);
    }
    const int ref = OsaDistanceReference(a, b);
    ASSERT_EQ(OsaDistance(a, b), ref) << a << " / " << b;
    ASSERT_EQ(OsaDistanceBitParallel(a, b), ref) << a << " / " << b;
    ASSERT_EQ(OsaDistanceScalar(a, b), ref) << a << " / " << b;
  }
  const std::string full(kMaxKernelLength, 'a'), alt = [] {
    std::string s;
    for (size_t i = 0; i < kMaxKernelLength; ++i) s.push_back(i % 2 ? 'a' : 'b');
    return s;
  }();
  EXPECT_EQ(OsaDistance(full, alt), OsaDistanceReference(full, alt));
  EXPECT_EQ(OsaDistance(alt, alt.substr(1) + "b"), OsaDistanceReference(alt, alt.substr(1) + "b"));
  EXPECT_EQ(OsaDistance("ca", "abc"), 3);  // OSA, not Damerau: no edit of a transposed pair
  EXPECT_EQ(OsaDistance("abcd", "badc"), 2);
}

// Property: the bounded phonetic distance is min(exact, max_cost + 1) for every bound.
TEST(Similarity, BoundedPhoneticDistanceMatchesReference) {
  std::mt19937 rng(4242);
  const std::string phon = "aeiouBKDSTMNLRHZFJ";
  for (int iter = 0; iter < 30000; ++iter) {
    const std::string a = RandomToken(rng, phon, iter % 10 == 0 ? kMaxKernelLength : 10);
    const std::string b = RandomToken(rng, phon, iter % 10 == 0 ? kMaxKernelLength : 10);
    const int ref = PhoneticDistance10Reference(a, b);
    const int bound = static_cast<int>(rng() % 80);
    ASSERT_EQ(PhoneticDistance10Bounded(a, b, bound), std::min(ref, bound + 1)) << a << " / " << b << " " << bound;
  }
}

// Property: the bounded phonetic distance is min(exact, max_cost + 1) on phonetic-key-like
// strings of every length up to the kernel limit, at bounds from 0 up, and on pairs a few edits
// apart with bounds just below, at and above their distance (where a lower bound that is too
// high, or a wrong early exit, would show).
TEST(Similarity, BoundedPhoneticDistanceMatchesReferenceNearTheBound) {
  std::mt19937 rng(2024);
  // Key symbols, digits and other bytes (lower case letters other than aeiou are vowels too).
  const std::string key = "aeiouBCDFHJKLMNPRSTVZ", wide = "aeiouybBCDFGHJKLMNPQRSTVWXZ1234-";
  const int bounds[] = {0, 4, 5, 9, 10, 14, 18, 23, 27, 32, 45, 1000};
  auto length = [&](int iter) {
    std::uniform_int_distribution<size_t> any(0, kMaxKernelLength), few(0, 12);
    return iter % 8 == 0 ? any(rng) : few(rng);
  };
  auto mutate = [&](std::string s, const std::string& alpha) {
    const int edits = static_cast<int>(rng() % 5);
    for (int e = 0; e < edits; ++e) {
      const char ch = alpha[rng() % alpha.size()];
      const size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
      switch (rng() % 4) {
        case 0: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), ch); break;
        case 1: if (at < s.size()) s.erase(at, 1); break;
        case 2: if (at < s.size()) s[at] = ch; break;
        default: if (at + 1 < s.size()) std::swap(s[at], s[at + 1]);
      }
    }
    return s.substr(0, kMaxKernelLength);
  };
  for (int iter = 0; iter < 60000; ++iter) {
    const std::string& alpha = iter % 4 == 3 ? wide : key;
    std::string a(length(iter), 'a');
    for (char& c : a) c = alpha[rng() % alpha.size()];
    std::string b;
    if (iter % 2 == 0) {
      b = mutate(a, alpha);
    } else {
      b.assign(length(iter), 'a');
      for (char& c : b) c = alpha[rng() % alpha.size()];
    }
    const int ref = PhoneticDistance10Reference(a, b);
    for (int bound : {ref - 1, ref, ref + 1, bounds[rng() % std::size(bounds)]}) {
      if (bound < 0) continue;
      ASSERT_EQ(PhoneticDistance10Bounded(a, b, bound), std::min(ref, bound + 1)) << a << " / " << b << " " << bound;
      ASSERT_EQ(PhoneticDistance10Bounded(b, a, bound), std::min(ref, bound + 1)) << b << " / " << a << " " << bound;
    }
    ASSERT_EQ(PhoneticDistance10(a, b), ref) << a << " / " << b;
  }
  // Cut at the kernel limit: the distance of the first kMaxKernelLength bytes.
  const std::string long_a(100, 'B'), long_b = std::string(kMaxKernelLength, 'B') + "aaaa";
  EXPECT_EQ(PhoneticDistance10Bounded(long_a, long_b, 5), 0);
  EXPECT_EQ(PhoneticDistance10Bounded(long_a + "K", std::string(70, 'K'), 30), 31);
}

// Property: PhoneticDistance10Bounded leaves out a common prefix and suffix, which must not
// change the distance: every pair of strings of up to 4 symbols over close and distant vowels
// (substitution costs 3 and 5) and consonants.
TEST(Similarity, BoundedPhoneticDistanceExhaustiveOnShortStrings) {
  const std::string alphabet = "aeoBK";
  std::vector<std::string> all = {""};
  for (size_t k = 0; k < all.size() && all[k].size() < 4; ++k)
    for (char ch : alphabet) all.push_back(all[k] + ch);
  for (const auto& a : all)
    for (const auto& b : all) {
      const int ref = PhoneticDistance10Reference(a, b);
      ASSERT_EQ(PhoneticDistance10Bounded(a, b, 1000), ref) << a << " / " << b;
      ASSERT_EQ(PhoneticDistance10Bounded(a, b, 12), std::min(ref, 13)) << a << " / " << b;
      ASSERT_EQ(PhoneticDistance10(a, b), ref) << a << " / " << b;
    }
}

TEST(Similarity, AdversarialInputs) {
  const std::string longest(kMaxKernelLength, 'z');
  const std::string cases[] = {"", "a", longest, std::string(kMaxKernelLength, 'a'), "abababababab",
                               std::string("\x80\xff\x00z", 4)};
  for (const auto& a : cases)
    for (const auto& b : cases) {
      EXPECT_EQ(OsaDistance(a, b), OsaDistanceReference(a, b));
      EXPECT_EQ(OsaDistanceBitParallel(a, b), OsaDistanceReference(a, b));
      EXPECT_EQ(PhoneticDistance10Bounded(a, b, 1000), PhoneticDistance10Reference(a, b));
      EXPECT_EQ(PhoneticDistance10(a, b), PhoneticDistance10Reference(a, b));
      EXPECT_DOUBLE_EQ(JaroWinkler(a, b), JaroWinklerReference(a, b));
      EXPECT_GE(JaroWinkler(a, b), 0.0);
      EXPECT_LE(JaroWinkler(a, b), 1.0);
    }
  // Longer than the kernel limit: cut, not overflowed.
  EXPECT_EQ(OsaDistance(std::string(1000, 'a'), std::string(1000, 'b')), static_cast<int>(kMaxKernelLength));
  EXPECT_EQ(OsaDistanceBitParallel(std::string(1000, 'a'), std::string(1000, 'b')), static_cast<int>(kMaxKernelLength));
}

}  // namespace
}  // namespace tamis::names
