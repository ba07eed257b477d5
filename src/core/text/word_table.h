// WordTable: a fixed map from short ASCII words to values, for the tokeniser's lexicons (titles,
// particles, legal forms, given-name groups, ...). A name's every word is looked up, and nearly
// every lookup misses: an open-addressing table at load <= 1/4 with the word's hash stored
// beside it answers a miss with one hash and, most of the time, one probe and no string compare
// (a linear scan compared the word with every entry of the same length).
//
// Same answers as a linear scan of the entries in insertion order: when a word is inserted twice
// the first value is kept. Keys are views: the caller keeps their text alive (string literals).
// Build once (e.g. a function-local static); Find is const and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace tamis::text::detail {

// A hash of a word, never 0 (0 marks an empty slot). It reads at most the first and last 8
// bytes and the length in a few instructions (the tables are probed with every word of every
// name); a collision costs one more probe, never a wrong answer.
inline uint32_t WordHash(std::string_view w) {
  const size_t n = w.size();
  const auto* p = reinterpret_cast<const unsigned char*>(w.data());
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = p[0] | (uint64_t{p[n / 2]} << 8) | (uint64_t{p[n - 1]} << 16);
  }
  uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xFF51AFD7ED558CCDull;
  h ^= h >> 32;
  const auto h32 = static_cast<uint32_t>(h);
  return h32 == 0 ? 1 : h32;
}

// a == b, inline: words are a few bytes, shorter than the call to memcmp a string_view compare makes.
inline bool SameWord(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

template <typename V>
class WordTable {
 public:
  WordTable() : WordTable(std::initializer_list<std::pair<std::string_view, V>>{}) {}
  WordTable(std::initializer_list<std::pair<std::string_view, V>> entries)
      : WordTable(std::span<const std::pair<std::string_view, V>>(entries.begin(), entries.size())) {}
  // From a static table of (word, value) pairs; a repeated word keeps its first value.
  explicit WordTable(std::span<const std::pair<std::string_view, V>> entries) {
    Reserve(entries.size());
    for (const auto& [k, v] : entries) Insert(k, v);
  }

  // Sizes the table for `n` entries (call before inserting them).
  void Reserve(size_t n) {
    size_t cap = 16;
    while (cap < 4 * n) cap *= 2;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
  }

  // Adds `key` -> `value` unless `key` is present (the first value stays). Returns the stored
  // value. The table must have been reserved for every entry inserted.
  V& Insert(std::string_view key, const V& value) {
    const uint32_t h = WordHash(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.hash == 0) {
        s = Slot{h, key, value};
        return s.value;
      }
      if (s.hash == h && SameWord(s.key, key)) return s.value;
    }
  }

  // The value of `w`, or nullptr.
  const V* Find(std::string_view w) const {
    const uint32_t h = WordHash(w);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return nullptr;
      if (s.hash == h && SameWord(s.key, w)) return &s.value;
    }
  }
  bool Contains(std::string_view w) const { return Find(w) != nullptr; }

 private:
  struct Slot {
    uint32_t hash = 0;
    std::string_view key;
    V value{};
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

// A set of words (a table with no values).
using WordSet = WordTable<bool>;

inline WordSet MakeWordSet(std::initializer_list<std::string_view> words) {
  WordSet s;
  s.Reserve(words.size());
  for (std::string_view w : words) s.Insert(w, true);
  return s;
}

}  // namespace tamis::text::detail
