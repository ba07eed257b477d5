// The posting accumulator of a name query (NameIndex::Gather): per-thread scratch that
// accumulates, per name id a query's keys reach, the rarity of the keys it shares and the keys
// hit, without clearing between queries; and the helpers that order and merge the names found
// (sorted runs, tie preference, galloping merge against a key's postings).
// Internal to index/names; not thread-safe (one Scratch per thread: ThreadScratch()).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/names/prepared_name.h"
#include "core/names/scorer.h"

namespace tamis::index::detail {

// Postings hold a name id in the low kIdBits bits and the name's token count (as the bound
// reads it, at most names::kMaxScoredTokens) above, so that ranking ties by token count
// (TiePreference) needs no look-up per name.
inline constexpr int kIdBits = 27;
inline constexpr uint32_t kIdMask = (uint32_t{1} << kIdBits) - 1;
// Accumulation requests a name's `seen` entry this many postings before it reads it.
inline constexpr size_t kSeenAhead = 12;
// NameIndex::name_class_: set on names equal to some other name.
inline constexpr uint32_t kSharedClass = uint32_t{1} << 31;
static_assert(names::kMaxScoredTokens < (size_t{1} << (32 - kIdBits)));

// An allocator that leaves the elements a vector's resize() adds uninitialised (no zeroing):
// the per-query buffers below grow and shrink on every query and are written before read.
template <typename T>
struct NoInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = NoInitAllocator<U>;
  };
  NoInitAllocator() = default;
  template <typename U>
  NoInitAllocator(const NoInitAllocator<U>&) {}
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) ::new (static_cast<void*>(p)) U;
    else ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using IdBuffer = std::vector<uint32_t, NoInitAllocator<uint32_t>>;

// Per-thread accumulator of the names a query's keys reach: per name id, a stamp (the query that
// last touched it) and its slot in `cand`, where the name's accumulated key rarity and the keys
// hit (bit k = query key k, k < 32) are kept in touch order. No clearing between queries (the
// stamp moves on), and the pool is chosen from the contiguous `cand`.
struct Scratch {
  struct Seen {
    uint32_t stamp = 0;
    uint32_t slot = 0;
  };
  struct Cand {
    float acc = 0;
    uint32_t mask = 0;
    uint32_t id = 0;
    uint32_t tokens = 0;
  };
  std::vector<Seen> seen;
  uint32_t stamp = 0;
  std::vector<Cand> cand;
  std::vector<float> top;        // min-heap of the largest rarities (pool cut)
  IdBuffer pool;     // slots of cand pooled
  IdBuffer tied;     // slots tied at the pool cut
  IdBuffer top_ids;  // ties of the last TiePreference that enters the pool
  uint32_t used = 0;             // cand[0, used) touched by this query
  // Starts a query over an index of `names` names.
  void Begin(size_t names) {
    if (seen.size() < names) seen.resize(names);
    if (++stamp == 0) {
      std::fill(seen.begin(), seen.end(), Seen{});
      stamp = 1;
    }
    used = 0;
  }
  // Keys of this query whose postings hold name `id` (0 if none).
  uint32_t Mask(uint32_t id) const {
    const Seen& s = seen[id];
    return s.stamp == stamp ? cand[s.slot].mask : 0;
  }
};

// Calls fn(posting) for each posting in order. The names' entries in `seen` lie anywhere: each is
// requested kSeenAhead postings ahead.
template <typename Fn>
inline void ForEachPosting(std::span<const uint32_t> postings, const Scratch::Seen* seen, const Fn& fn) {
  const uint32_t* const post = postings.data();
  const size_t count = postings.size();
  size_t p = 0;
  for (; p + kSeenAhead < count; ++p) {
    __builtin_prefetch(&seen[post[p + kSeenAhead] & kIdMask]);
    fn(post[p]);
  }
  for (; p < count; ++p) fn(post[p]);
}

// A name found by a query, as its key's postings hold it (id and token count), and its slot in
// Scratch::cand.
struct Found {
  uint32_t packed, slot;
};

// The names cand[0, used) sorted by posting. They were appended key by key in each key's posting
// order: runs that are already sorted, merged here.
void SortFound(const Scratch::Cand* cand, uint32_t used, std::vector<Found>* out);

// The order in which names tied in key rarity enter the pool when they are more than it holds:
// fewest tokens first, but none with fewer than `covered` (the query tokens whose own keys the
// tied names share), those last, most first; then by id. Tied names share their keys, and each
// further token of theirs is one more the scorer may leave unaligned facing an unaligned query
// token (a conflict); a name with fewer tokens than the query tokens it shares keys with cannot
// align them all ("CHANG CHANG HA" ~ "CHANG, Chang-ha": both "chang"s share one key, the
// one-token "Chango"s go after the three-token names).
inline constexpr size_t kTiePreferences = names::kMaxScoredTokens + 1;
struct TiePreference {
  uint8_t of[kTiePreferences];      // preference (0 = first) of a name of this many tokens
  uint8_t tokens[kTiePreferences];  // the token count of each preference
  explicit TiePreference(size_t covered) {
    const size_t h = std::min(covered, kTiePreferences - 1);
    size_t t = 0;
    for (size_t r = h; r < kTiePreferences; ++r) tokens[t++] = static_cast<uint8_t>(r);
    for (size_t r = h; r-- > 0;) tokens[t++] = static_cast<uint8_t>(r);
    for (t = 0; t < kTiePreferences; ++t) of[tokens[t]] = static_cast<uint8_t>(t);
  }
};

// Calls hit(slot) for each name of `found` (sorted) that `postings` (sorted) hold: galloping
// through the postings (few names, long postings) or a linear merge.
template <typename Hit>
void MergeFound(const std::vector<Found>& found, std::span<const uint32_t> postings, bool gallop, const Hit& hit) {
  const uint32_t* const post = postings.data();
  const size_t count = postings.size();
  size_t at = 0;  // post[0, at) < the packed posting looked for
  if (gallop) {
    for (const Found& f : found) {
      size_t step = 1;
      while (at + step < count && post[at + step] < f.packed) step *= 2;
      at = static_cast<size_t>(std::lower_bound(post + at + step / 2, post + std::min(at + step, count), f.packed) - post);
      if (at == count) return;
      if (post[at] == f.packed) hit(f.slot);
    }
    return;
  }
  size_t i = 0;
  while (i < found.size() && at < count) {
    const uint32_t x = found[i].packed, y = post[at];
    if (x == y) hit(found[i].slot);
    i += x <= y;
    at += y <= x;
  }
}

// The calling thread's accumulator (one per thread, reused by every query).
Scratch& ThreadScratch();

}  // namespace tamis::index::detail
