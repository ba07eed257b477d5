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
#include <unordered_map>

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
    Shard& s = ShardOf(key);
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.index != ix) {
      Reset(s, ix);
    } else if (auto it = s.current.find(key); it != s.current.end()) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second;
    } else if (auto old = s.old.find(key); old != s.old.end()) {
      std::shared_ptr<const Value> v = old->second;
      Insert(s, std::string(key), v);
      hits_.fetch_add(1, std::memory_order_relaxed);
      return v;
    }
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }

  void Put(const std::shared_ptr<const index::NameIndex>& ix, std::string key, std::shared_ptr<const Value> v) {
    if (per_shard_ == 0) return;
    Shard& s = ShardOf(key);
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.index != ix) Reset(s, ix);
    Insert(s, std::move(key), std::move(v));
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
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, std::shared_ptr<const Value>, Hash, std::equal_to<>>;
  struct Shard {
    std::mutex mu;
    std::shared_ptr<const index::NameIndex> index;  // the index the entries were found on
    Map current, old;
  };

  Shard& ShardOf(std::string_view key) { return shards_[(Hash{}(key) >> 7) % kShards]; }

  static void Reset(Shard& s, const std::shared_ptr<const index::NameIndex>& ix) {
    s.index = ix;
    s.current.clear();
    s.old.clear();
  }

  void Insert(Shard& s, std::string key, std::shared_ptr<const Value> v) {
    if (s.current.size() >= per_shard_) {
      s.old = std::move(s.current);
      s.current = Map();
    }
    s.current.insert_or_assign(std::move(key), std::move(v));
  }

  const size_t per_shard_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace tamis
