// A bounded cache of name-search results for payment screening, shared by the threads of one
// PaymentScreener. Payment traffic repeats its parties heavily (the same corporate payers,
// beneficiaries, banks) and its remittance words ("INVOICE", "SALARY"): a party or a free-text
// window met again is not searched again. Only the search is cached (its hits, ready for output):
// alerts are still opened per payment (AlertService::AlertHits), so every payment keeps its own
// alerts and audit.
//
// Keys are what the search reads: the caller builds them from the query's name, kind and the
// attributes ScreenRecordHits passes to the engine (payment_service.cc, SearchKeyOf). Values are
// valid for one name index: a lookup with another index (a list update made a new snapshot)
// empties the cache first, so no hit outlives the lists it was found on.
//
// Layout: per shard, an open-addressing table (linear probing, at most half full) of 64-bit
// tags (the key's hash, computed once per call, also choosing the shard) pointing into a vector
// of entries (key, value): a look-up takes a string_view, allocates nothing and compares the
// key only on a tag match.
//
// Eviction: two generations per shard; a shard whose current generation is full makes it the
// old one (dropping the previous old one); a hit in the old generation moves the entry back
// into the current one. Memory is bounded by 2 x capacity entries; recently met keys stay.
//
// Thread-safe: a mutex per shard (16 shards).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <algorithm>
#include <vector>

#include "index/names/name_index.h"

namespace tamis {

template <typename Value>
class SearchResultCache {
 public:
  // `capacity`: entries per generation over all shards; 0 = the cache is off (Find always misses,
  // Put keeps nothing).
  explicit SearchResultCache(size_t capacity) : per_shard_(capacity == 0 ? 0 : (capacity + kShards - 1) / kShards) {}

  // The value cached for `key` on `ix`, or null. Counts a hit or a miss.
  std::shared_ptr<const Value> Find(const std::shared_ptr<const index::NameIndex>& ix, std::string_view key) {
    if (per_shard_ == 0) return nullptr;
    const uint64_t tag = TagOf(key);
    Shard& s = ShardOf(tag);
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.index != ix) {
      Reset(s, ix);
    } else if (const Entry* e = s.current.Find(tag, key)) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return e->value;
    } else if (const Entry* old = s.old.Find(tag, key)) {
      std::shared_ptr<const Value> v = old->value;
      Insert(s, tag, std::string(key), v);
      hits_.fetch_add(1, std::memory_order_relaxed);
      return v;
    }
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }

  void Put(const std::shared_ptr<const index::NameIndex>& ix, std::string key, std::shared_ptr<const Value> v) {
    if (per_shard_ == 0) return;
    const uint64_t tag = TagOf(key);
    Shard& s = ShardOf(tag);
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.index != ix) Reset(s, ix);
    Insert(s, tag, std::move(key), std::move(v));
  }

  // Drops every entry and zeroes the counters.
  void Clear() {
    for (Shard& s : shards_) {
      std::lock_guard<std::mutex> lock(s.mu);
      Reset(s, nullptr);
    }
    hits_ = 0;
    misses_ = 0;
  }

  bool keeps() const { return per_shard_ > 0; }
  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    std::string key;
    std::shared_ptr<const Value> value;
  };
  // One generation: tags (0 = empty slot) and entry positions, entries in insertion order.
  struct Table {
    std::vector<uint64_t> tags;
    std::vector<uint32_t> at;
    std::vector<Entry> entries;

    const Entry* Find(uint64_t tag, std::string_view key) const {
      if (tags.empty()) return nullptr;
      const size_t mask = tags.size() - 1;
      for (size_t i = tag & mask;; i = (i + 1) & mask) {
        if (tags[i] == 0) return nullptr;
        if (tags[i] == tag && entries[at[i]].key == key) return &entries[at[i]];
      }
    }
    // Adds or replaces; the table must have room (entries.size() < slots / 2).
    void Put(uint64_t tag, std::string key, std::shared_ptr<const Value> v) {
      const size_t mask = tags.size() - 1;
      size_t i = tag & mask;
      for (; tags[i] != 0; i = (i + 1) & mask) {
        if (tags[i] == tag && entries[at[i]].key == key) {
          entries[at[i]].value = std::move(v);
          return;
        }
      }
      tags[i] = tag;
      at[i] = static_cast<uint32_t>(entries.size());
      entries.push_back({std::move(key), std::move(v)});
    }
    void Empty() {
      std::fill(tags.begin(), tags.end(), 0);
      entries.clear();
    }
    void Release() {
      tags = {};
      at = {};
      entries = {};
    }
  };
  struct Shard {
    std::mutex mu;
    std::shared_ptr<const index::NameIndex> index;  // the index the entries were found on
    Table current, old;
  };

  static uint64_t TagOf(std::string_view key) {
    return static_cast<uint64_t>(std::hash<std::string_view>{}(key)) | 1;  // never 0 (empty)
  }
  Shard& ShardOf(uint64_t tag) { return shards_[(tag >> 59) % kShards]; }

  static void Reset(Shard& s, const std::shared_ptr<const index::NameIndex>& ix) {
    s.index = ix;
    s.current.Release();
    s.old.Release();
  }

  void Insert(Shard& s, uint64_t tag, std::string key, std::shared_ptr<const Value> v) {
    if (s.current.tags.empty()) {
      size_t slots = 16;
      while (slots < 2 * per_shard_) slots <<= 1;
      s.current.tags.assign(slots, 0);
      s.current.at.assign(slots, 0);
      s.current.entries.reserve(per_shard_);
    }
    if (s.current.entries.size() >= per_shard_ && !s.current.Find(tag, key)) {
      std::swap(s.current, s.old);  // the full generation becomes the old one, its storage reused
      if (s.current.tags.size() != s.old.tags.size()) {
        s.current.tags.assign(s.old.tags.size(), 0);
        s.current.at.assign(s.old.at.size(), 0);
        s.current.entries.clear();
        s.current.entries.reserve(per_shard_);
      } else {
        s.current.Empty();
      }
    }
    s.current.Put(tag, std::move(key), std::move(v));
  }

  const size_t per_shard_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace tamis
