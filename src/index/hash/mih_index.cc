// MihIndex build and search. File I/O and validation: mih_index_file.cc.
#include "index/hash/mih_index.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstring>
#include <thread>

#include "index/hash/mih_format.h"

namespace tamis::index::hash {
namespace {

using detail::kMihBuckets;

// All 16-bit flip masks ordered by popcount; the masks with <= r bits set are the
// first Within(r) entries.
struct ProbeMasks {
  std::array<uint16_t, kMihBuckets> masks;
  std::array<uint32_t, 18> below;  // below[k] = number of masks with popcount < k

  uint32_t Within(uint32_t r) const { return below[std::min<uint32_t>(r, 16) + 1]; }
};

const ProbeMasks& Masks() {
  static const ProbeMasks table = [] {
    ProbeMasks t{};
    uint32_t n = 0;
    for (int bits = 0; bits <= 16; ++bits) {
      t.below[bits] = n;
      for (uint32_t m = 0; m < kMihBuckets; ++m) {
        if (std::popcount(m) == bits) t.masks[n++] = static_cast<uint16_t>(m);
      }
    }
    t.below[17] = n;
    return t;
  }();
  return table;
}

// Radii from here on probe >= 2,517 buckets per slot (~60% of all entries as
// candidates for random data): a linear scan is cheaper.
constexpr uint32_t kLinearFromRadius = 64;

// SearchBatch() joins batches of at least this many queries (below, per query).
constexpr size_t kMinJoinBatch = 8;
// Batch join: partitions of 2^kPartBits hashes (1 MiB: 14 and 16 were measured slower
// at 10M hashes: more write streams / L3 instead of L2); an entry packs the
// id within the partition above kQueryBits bits of query number.
constexpr uint32_t kPartBits = 15;
constexpr uint32_t kPartMask = (1u << kPartBits) - 1;
constexpr uint32_t kQueryBits = 32 - kPartBits;
// Entries verified per kernel call (bounds the hit buffers).
constexpr size_t kVerifyChunk = 512;

}  // namespace

struct MihIndex::Scratch {
  std::array<std::vector<uint32_t>, 2> begin, end;  // bucket ranges of two slots
  std::array<std::vector<uint32_t>, 2> cand;        // candidate ids of two slots
  std::array<size_t, 2> ncand{0, 0};
  std::vector<uint32_t> out_id;
  std::vector<uint16_t> out_dist;
};

namespace {

// Sorts the ids of one slot into its CSR buckets. `off` must hold the bucket counts
// shifted by one (off[v + 1] = count of key v) and is turned into offsets. Two
// scatter passes keep the writes local: ids are first grouped by the key's high byte
// (256 sequential streams), then each group (~n/256 entries, cache-resident) is
// scattered by the full key. Ids stay ascending within a bucket (both passes are stable).
template <uint32_t kIdBytes>
void SortSlot(const Hash256* hashes, uint64_t n, int s, uint32_t* off, uint8_t* slot_ids,
              std::vector<uint64_t>& tmp, std::vector<uint32_t>& cursor) {
  for (size_t v = 0; v < kMihBuckets; ++v) off[v + 1] += off[v];
  std::array<uint32_t, 257> hi;
  for (size_t h = 0; h <= 256; ++h) hi[h] = off[h << 8];
  for (uint64_t i = 0; i < n; ++i) {
    const uint16_t key = hashes[i].Word16(s);
    tmp[hi[key >> 8]++] = (i << 16) | key;
  }
  std::copy(off, off + kMihBuckets, cursor.begin());
  for (uint64_t j = 0; j < n; ++j) {
    const uint64_t e = tmp[j];
    const uint32_t id = static_cast<uint32_t>(e >> 16);
    uint8_t* dst = slot_ids + size_t{kIdBytes} * cursor[e & 0xFFFF]++;
    if constexpr (kIdBytes == 3) {
      dst[0] = static_cast<uint8_t>(id);
      dst[1] = static_cast<uint8_t>(id >> 8);
      dst[2] = static_cast<uint8_t>(id >> 16);
    } else {
      std::memcpy(dst, &id, 4);
    }
  }
}

}  // namespace

Result<MihIndex> MihIndex::Build(std::span<const Hash256> hashes, const MihOptions& options) {
  if (hashes.size() > kMaxHashes) {
    return ResourceExhausted("too many hashes for one MIH index: " + std::to_string(hashes.size()));
  }
  TAMIS_ASSIGN_OR_RETURN(const HammingKernels* kernels, SelectKernels(options.simd));
  const uint64_t n = hashes.size();
  const uint32_t id_bytes = options.id_bytes == 4 ? 4 : detail::IdBytesFor(n);
  const detail::MihLayout layout = detail::LayoutFor(n, id_bytes);
  TAMIS_ASSIGN_OR_RETURN(std::shared_ptr<uint8_t> buffer,
                         detail::AllocateBuffer(layout.total_bytes, options.huge_pages));
  uint8_t* base = buffer.get();

  detail::FileHeader header{};
  std::memcpy(header.magic, detail::kMihMagic, sizeof header.magic);
  header.version = detail::kMihVersion;
  header.header_size = sizeof(detail::FileHeader);
  header.count = n;
  header.num_slots = kSlots;
  header.slot_bits = kSlotBits;
  header.payload_bytes = layout.total_bytes - sizeof(detail::FileHeader);
  header.id_bytes = id_bytes;
  std::memcpy(base, &header, sizeof header);
  if (n > 0) std::memcpy(base + layout.hashes_offset, hashes.data(), n * sizeof(Hash256));

  auto* offsets = reinterpret_cast<uint32_t*>(base + layout.offsets_offset);
  uint8_t* ids = base + layout.ids_offset;
  // Bucket counts of all slots in one pass over the hashes.
  for (uint64_t i = 0; i < n; ++i) {
    for (int s = 0; s < kSlots; ++s) ++offsets[s * (kMihBuckets + 1) + hashes[i].Word16(s) + 1];
  }
  // One slot per task; slots write disjoint ranges. Nothing below throws except
  // std::bad_alloc in a worker, which std::thread would turn into std::terminate, so
  // the temporary buffers are allocated up front on this thread.
  unsigned threads =
      options.build_threads ? options.build_threads : std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1, kSlots);
  if (n < (1u << 16)) threads = 1;
  std::vector<std::vector<uint64_t>> tmp(threads, std::vector<uint64_t>(n));
  std::vector<std::vector<uint32_t>> cursors(threads, std::vector<uint32_t>(kMihBuckets));
  std::atomic<int> next_slot{0};
  auto work = [&](unsigned t) {
    for (int s = next_slot++; s < kSlots; s = next_slot++) {
      uint32_t* off = offsets + s * (kMihBuckets + 1);
      uint8_t* slot_ids = ids + static_cast<size_t>(s) * n * id_bytes;
      if (id_bytes == 3) {
        SortSlot<3>(hashes.data(), n, s, off, slot_ids, tmp[t], cursors[t]);
      } else {
        SortSlot<4>(hashes.data(), n, s, off, slot_ids, tmp[t], cursors[t]);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();

  MihIndex index;
  index.owner_ = std::move(buffer);
  index.data_ = base;
  index.bytes_ = layout.total_bytes;
  index.count_ = n;
  index.hashes_ = reinterpret_cast<const Hash256*>(base + layout.hashes_offset);
  index.offsets_ = offsets;
  index.ids_ = ids;
  index.id_bytes_ = id_bytes;
  index.batch_scratch_bytes_ = options.batch_scratch_bytes;
  index.kernels_ = kernels;
  index.linear_fallback_divisor_ = LinearFallbackDivisor(options, *kernels);
  return index;
}

size_t MihIndex::CandidateCount(const Hash256& query, uint32_t max_distance) const {
  if (count_ == 0 || max_distance >= kLinearFromRadius) return 0;
  const ProbeMasks& pm = Masks();
  const uint32_t probes = pm.Within(max_distance / kSlots);
  size_t total = 0;
  for (int s = 0; s < kSlots; ++s) {
    const uint32_t* off = offsets_ + static_cast<size_t>(s) * (kMihBuckets + 1);
    const uint16_t key = query.Word16(s);
    for (uint32_t p = 0; p < probes; ++p) {
      const uint32_t k = key ^ pm.masks[p];
      total += off[k + 1] - off[k];
    }
  }
  return total;
}

bool MihIndex::PrefersLinear(const Hash256& query, uint32_t max_distance) const {
  if (linear_fallback_divisor_ == 0 || count_ == 0) return false;
  return CandidateCount(query, max_distance) > count_ / linear_fallback_divisor_;
}

uint32_t MihIndex::LinearFallbackDivisor(const MihOptions& options, const HammingKernels& kernels) {
  if (options.linear_fallback_divisor >= 0) return static_cast<uint32_t>(options.linear_fallback_divisor);
  // A SIMD scan costs ~0.5-1 ns per hash, a verified MIH candidate ~7-12 ns (random read);
  // the scalar scan ~12 ns per hash.
  return kernels.level == SimdLevel::kScalar ? 1 : 16;
}

std::vector<Match> MihIndex::Search(const Hash256& query, uint32_t max_distance) const {
  Scratch scratch;
  std::vector<Match> out;
  SearchOne(query, max_distance, scratch, out);
  return out;
}

void MihIndex::SearchOne(const Hash256& query, uint32_t max_distance, Scratch& scratch,
                         std::vector<Match>& out) const {
  if (id_bytes_ == 3) {
    SearchInto<3>(query, max_distance, scratch, out);
  } else {
    SearchInto<4>(query, max_distance, scratch, out);
  }
}

BatchMatches MihIndex::SearchBatch(std::span<const Hash256> queries, uint32_t max_distance) const {
  BatchMatches out;
  out.offsets.reserve(queries.size() + 1);
  if (queries.size() >= kMinJoinBatch && max_distance < kLinearFromRadius && count_ > 0) {
    // Queries in dense clusters (more candidates than a scan costs) go to one linear batch
    // scan, the rest through the join; the answers are merged back in query order.
    std::vector<uint8_t> heavy(queries.size(), 0);
    std::vector<Hash256> light_q, heavy_q;
    for (size_t i = 0; i < queries.size(); ++i) {
      heavy[i] = PrefersLinear(queries[i], max_distance);
      (heavy[i] ? heavy_q : light_q).push_back(queries[i]);
    }
    auto join = [&](std::span<const Hash256> qs, BatchMatches& into) {
      if (id_bytes_ == 3) {
        JoinBatch<3>(qs, max_distance, into);
      } else {
        JoinBatch<4>(qs, max_distance, into);
      }
    };
    if (heavy_q.empty()) {
      join(queries, out);
      return out;
    }
    BatchMatches light_m, heavy_m = LinearScanBatch(hashes(), heavy_q, max_distance, *kernels_);
    if (!light_q.empty()) join(light_q, light_m);
    size_t li = 0, hi = 0;
    for (size_t i = 0; i < queries.size(); ++i) {
      const std::span<const Match> m = heavy[i] ? heavy_m.For(hi++) : light_m.For(li++);
      out.matches.insert(out.matches.end(), m.begin(), m.end());
      out.offsets.push_back(out.matches.size());
    }
    return out;
  }
  Scratch scratch;
  std::vector<Match> one;
  for (const Hash256& q : queries) {
    one.clear();
    SearchOne(q, max_distance, scratch, one);
    out.matches.insert(out.matches.end(), one.begin(), one.end());
    out.offsets.push_back(out.matches.size());
  }
  return out;
}

namespace {

// Reusable buffers of the batch join, one set per calling thread (kept between calls
// so that large batches do not pay page faults for fresh memory every time; at most
// MihOptions::batch_scratch_bytes plus a little slack per thread).
struct JoinScratch {
  std::vector<uint32_t> entries;   // partition p owns [p * cap, (p + 1) * cap)
  std::vector<uint32_t*> cursor;   // per partition: next free entry
  std::vector<uint32_t> overflow;  // (partition, entry) pairs that did not fit
  std::vector<uint32_t> hit_entry;
  std::vector<uint16_t> hit_dist;
};

// Appends the candidates ids[b, e) of query `qi` to the regions of their partitions.
// Regions end at entries + (part + 1) * cap; entries that do not fit go to `overflow`
// as (partition, entry) pairs.
template <uint32_t kIdBytes>
inline void ScatterBucket(const uint8_t* __restrict ids, uint32_t b, uint32_t e, uint32_t qi,
                          uint32_t** __restrict cursor, const uint32_t* entries, size_t cap,
                          std::vector<uint32_t>& overflow) {
  for (uint32_t i = b; i < e; ++i) {
    const uint32_t id = detail::LoadId<kIdBytes>(ids, i);
    const uint32_t part = id >> kPartBits;
    const uint32_t entry = ((id & kPartMask) << kQueryBits) | qi;
    uint32_t* c = cursor[part];
    if (c != entries + (part + 1) * cap) [[likely]] {
      __builtin_prefetch(c + 32, 1);  // the region's next line, for writing
      *c = entry;
      cursor[part] = c + 1;
    } else {
      overflow.push_back(part);
      overflow.push_back(entry);
    }
  }
}

JoinScratch& ThreadJoinScratch() {
  thread_local JoinScratch scratch;
  return scratch;
}

}  // namespace

// The batch join. Per round of queries:
//  1. gather, one (query, slot) unit at a time, software-pipelined: the offsets of the
//     probed buckets are prefetched 16 units ahead, the bucket ranges read and their id
//     lines prefetched 8 units ahead (tens of KiB in flight, so little is evicted from
//     cache before use). Every candidate id goes to the region of its partition
//     (2^kPartBits hashes = 1 MiB of the hash array) as (id in partition, query);
//     regions are sized for uniform buckets + 10%, the excess spills to a side list;
//  2. verify, partition by partition: stream the partition into cache when most of it
//     is needed, then check all its entries against their queries;
//  3. de-duplicate (a hash within r in several slots is a candidate several times) and
//     sort the few matches by (query, index).
template <uint32_t kIdBytes>
void MihIndex::JoinBatch(std::span<const Hash256> queries, uint32_t max_distance,
                         BatchMatches& out) const {
  const uint32_t r = max_distance / kSlots;
  const ProbeMasks& pm = Masks();
  const uint32_t probes = pm.Within(r);
  const uint16_t* masks = pm.masks.data();
  const size_t parts = (count_ + (size_t{1} << kPartBits) - 1) >> kPartBits;
  // Expected candidates per query (uniform buckets) -> queries per round.
  const double per_query = 16.0 * probes * (static_cast<double>(count_) / kMihBuckets) + 1;
  const size_t budget = std::max<size_t>(batch_scratch_bytes_ / 4, 1);
  size_t round = static_cast<size_t>(static_cast<double>(budget) / per_query);
  round = std::clamp<size_t>(round, kMinJoinBatch, size_t{1} << kQueryBits);

  JoinScratch& js = ThreadJoinScratch();
  struct Hit {
    uint32_t query, index, distance;
  };
  std::vector<Hit> hits;
  constexpr size_t kRing = 16;  // unit pipeline depth (ranges loaded kRanges units ahead)
  constexpr size_t kOffsetsAhead = 16, kRangesAhead = 8;
  std::vector<uint32_t> ranges(kRing * 2 * static_cast<size_t>(probes));

  for (size_t first = 0; first < queries.size(); first += round) {
    const size_t nq = std::min(round, queries.size() - first);
    const Hash256* qs = queries.data() + first;
    // Partition regions sized for the expected load + slack; the rest spills.
    const size_t cap = static_cast<size_t>(per_query * static_cast<double>(nq) /
                                           static_cast<double>(parts) * 1.1) +
                       64;
    if (js.entries.size() < cap * parts) js.entries.resize(cap * parts);
    js.cursor.resize(parts);
    js.overflow.clear();
    for (size_t p = 0; p < parts; ++p) js.cursor[p] = js.entries.data() + p * cap;
    uint32_t** cursor = js.cursor.data();
    const uint32_t* entries = js.entries.data();

    const size_t units = nq * kSlots;
    auto key_of = [&](size_t u) { return qs[u / kSlots].Word16(static_cast<int>(u % kSlots)); };
    auto offsets_of = [&](size_t u) { return offsets_ + (u % kSlots) * (kMihBuckets + 1); };
    auto ids_of = [&](size_t u) { return ids_ + (u % kSlots) * count_ * kIdBytes; };
    auto prefetch_offsets = [&](size_t u) {
      const uint32_t* off = offsets_of(u);
      const uint16_t key = key_of(u);
      for (uint32_t p = 0; p < probes; ++p) __builtin_prefetch(off + (key ^ masks[p]));
    };
    auto load_ranges = [&](size_t u) {
      const uint32_t* off = offsets_of(u);
      const uint8_t* ids = ids_of(u);
      const uint16_t key = key_of(u);
      uint32_t* rg = ranges.data() + (u % kRing) * 2 * probes;
      for (uint32_t p = 0; p < probes; ++p, rg += 2) {
        const uint32_t k = key ^ masks[p];
        rg[0] = off[k];
        rg[1] = off[k + 1];
        // Every cache line of the bucket (1-2 at 1M hashes, ~8 at 10M).
        for (size_t a = size_t{kIdBytes} * rg[0] & ~size_t{63}; a < size_t{kIdBytes} * rg[1];
             a += 64) {
          __builtin_prefetch(ids + a);
        }
      }
    };
    auto gather = [&](size_t u) {
      const uint8_t* ids = ids_of(u);
      const uint32_t qi = static_cast<uint32_t>(u / kSlots);
      const uint32_t* rg = ranges.data() + (u % kRing) * 2 * probes;
      for (uint32_t p = 0; p < probes; ++p) {
        const uint32_t b = rg[2 * p], e = rg[2 * p + 1];
        ScatterBucket<kIdBytes>(ids, b, e, qi, cursor, entries, cap, js.overflow);
      }
    };
    for (size_t u = 0; u < std::min(kOffsetsAhead, units); ++u) prefetch_offsets(u);
    for (size_t u = 0; u < std::min(kRangesAhead, units); ++u) load_ranges(u);
    for (size_t u = 0; u < units; ++u) {
      if (u + kOffsetsAhead < units) prefetch_offsets(u + kOffsetsAhead);
      if (u + kRangesAhead < units) load_ranges(u + kRangesAhead);
      gather(u);
    }
    // Spilled entries go after their partition's region is processed: collect them per
    // partition by a stable sort on the partition (rare; only with skewed buckets).
    std::vector<std::pair<uint32_t, uint32_t>> spill;
    for (size_t i = 0; i < js.overflow.size(); i += 2)
      spill.emplace_back(js.overflow[i], js.overflow[i + 1]);
    std::stable_sort(spill.begin(), spill.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<uint32_t> spilled;

    const auto* qwords = reinterpret_cast<const uint64_t*>(qs);
    auto part_hashes = [&](size_t p) {
      return std::min<size_t>(size_t{1} << kPartBits, count_ - (p << kPartBits));
    };
    // Dense enough that most of the partition's lines are needed: read it sequentially.
    auto dense = [&](size_t p) {
      return static_cast<size_t>(cursor[p] - (entries + p * cap)) >= part_hashes(p) / 4;
    };
    auto base_of = [&](size_t p) { return hashes_->words.data() + (p << kPartBits) * 4; };
    if (js.hit_entry.size() < kVerifyChunk) {
      js.hit_entry.resize(kVerifyChunk);
      js.hit_dist.resize(kVerifyChunk);
    }
    size_t sp = 0;
    for (size_t p = 0; p < parts; ++p) {
      const uint32_t* begin = entries + p * cap;
      size_t n = static_cast<size_t>(cursor[p] - begin);
      if (sp < spill.size() && spill[sp].first == p) {
        spilled.assign(begin, begin + n);
        for (; sp < spill.size() && spill[sp].first == p; ++sp) spilled.push_back(spill[sp].second);
        begin = spilled.data();
        n = spilled.size();
      }
      const uint64_t* base = base_of(p);
      if (n == 0) continue;
      if (dense(p)) {
        // Sequential loads let the hardware prefetcher run at full bandwidth.
        uint64_t sink = 0;
        for (size_t w = 0; w < part_hashes(p) * 4; w += 8) sink += base[w];
        asm volatile("" : : "r"(sink));
      }
      // (Prefetching the next partition during this one's verification instead was
      // measured slower: the prefetches compete with the kernel's own.)
      for (size_t c = 0; c < n; c += kVerifyChunk) {
        const size_t m = std::min(kVerifyChunk, n - c);
        const size_t k =
            kernels_->verify_pairs(base, begin + c, m, kQueryBits, qwords, max_distance,
                                   js.hit_entry.data(), js.hit_dist.data());
        for (size_t j = 0; j < k; ++j) {
          const uint32_t e = js.hit_entry[j];
          hits.push_back({e & ((1u << kQueryBits) - 1),
                          static_cast<uint32_t>(p << kPartBits) + (e >> kQueryBits),
                          js.hit_dist[j]});
        }
      }
    }
    std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) {
      return x.query != y.query ? x.query < y.query : x.index < y.index;
    });
    size_t h = 0;
    for (size_t qi = 0; qi < nq; ++qi) {
      uint32_t last = UINT32_MAX;
      for (; h < hits.size() && hits[h].query == qi; ++h) {
        if (hits[h].index == last) continue;
        last = hits[h].index;
        out.matches.push_back({hits[h].index, hits[h].distance});
      }
      out.offsets.push_back(out.matches.size());
    }
    hits.clear();
  }
}

std::vector<Match> MihIndex::SearchLinear(const Hash256& query, uint32_t max_distance) const {
  return LinearScan(hashes(), query, max_distance, *kernels_);
}

// Software pipeline across slots, so the random reads of one slot are in flight while
// another is processed: at step s it prefetches the offsets of slot s+2, reads the
// bucket ranges of slot s+1 (prefetching their ids), gathers the candidate ids of slot s
// (prefetching their hashes) and verifies the candidates of slot s-1.
template <uint32_t kIdBytes>
void MihIndex::SearchInto(const Hash256& query, uint32_t max_distance, Scratch& sc,
                          std::vector<Match>& out) const {
  if (count_ == 0) return;
  if (max_distance >= kLinearFromRadius || PrefersLinear(query, max_distance)) {
    const std::vector<Match> all = LinearScan(hashes(), query, max_distance, *kernels_);
    out.insert(out.end(), all.begin(), all.end());
    return;
  }
  const uint32_t r = max_distance / kSlots;
  const ProbeMasks& pm = Masks();
  const uint32_t probes = pm.Within(r);
  const uint16_t* masks = pm.masks.data();
  std::array<uint16_t, kSlots> keys;
  for (int s = 0; s < kSlots; ++s) keys[s] = query.Word16(s);
  for (int b = 0; b < 2; ++b) {
    sc.begin[b].resize(probes);
    sc.end[b].resize(probes);
  }
  const size_t first_out = out.size();

  auto offsets_of = [&](int s) { return offsets_ + static_cast<size_t>(s) * (kMihBuckets + 1); };
  auto ids_of = [&](int s) { return ids_ + static_cast<size_t>(s) * count_ * kIdBytes; };
  auto prefetch_offsets = [&](int s) {
    const uint32_t* off = offsets_of(s);
    for (uint32_t p = 0; p < probes; ++p) __builtin_prefetch(off + (keys[s] ^ masks[p]));
  };
  auto load_ranges = [&](int s) {
    const uint32_t* off = offsets_of(s);
    const uint8_t* ids = ids_of(s);
    uint32_t* b = sc.begin[s & 1].data();
    uint32_t* e = sc.end[s & 1].data();
    for (uint32_t p = 0; p < probes; ++p) {
      const uint32_t key = keys[s] ^ masks[p];
      b[p] = off[key];
      e[p] = off[key + 1];
      __builtin_prefetch(ids + size_t{kIdBytes} * b[p]);
    }
  };
  auto gather = [&](int s) {
    const uint8_t* ids = ids_of(s);
    const uint32_t* b = sc.begin[s & 1].data();
    const uint32_t* e = sc.end[s & 1].data();
    size_t total = 0;
    for (uint32_t p = 0; p < probes; ++p) total += e[p] - b[p];
    std::vector<uint32_t>& cand = sc.cand[s & 1];
    if (cand.size() < total) cand.resize(total);
    uint32_t* c = cand.data();
    for (uint32_t p = 0; p < probes; ++p) {
      for (uint32_t i = b[p]; i < e[p]; ++i) {
        const uint32_t id = detail::LoadId<kIdBytes>(ids, i);
        __builtin_prefetch(hashes_ + id);
        *c++ = id;
      }
    }
    sc.ncand[s & 1] = total;
  };
  auto verify = [&](int s) {
    const size_t n = sc.ncand[s & 1];
    if (n == 0) return;
    if (sc.out_id.size() < n) {
      sc.out_id.resize(n);
      sc.out_dist.resize(n);
    }
    const size_t k =
        kernels_->verify(hashes_->words.data(), sc.cand[s & 1].data(), n, query.words.data(),
                         max_distance, sc.out_id.data(), sc.out_dist.data());
    for (size_t j = 0; j < k; ++j) {
      const Hash256& h = hashes_[sc.out_id[j]];
      // Report from the lowest slot within r only (exact de-duplication).
      bool earlier = false;
      for (int t = 0; t < s && !earlier; ++t) {
        earlier =
            static_cast<uint32_t>(std::popcount(static_cast<uint16_t>(h.Word16(t) ^ keys[t]))) <= r;
      }
      if (!earlier) out.push_back({sc.out_id[j], sc.out_dist[j]});
    }
  };

  prefetch_offsets(0);
  prefetch_offsets(1);
  load_ranges(0);
  for (int s = 0; s < kSlots; ++s) {
    if (s + 2 < kSlots) prefetch_offsets(s + 2);
    if (s + 1 < kSlots) load_ranges(s + 1);
    gather(s);
    if (s >= 1) verify(s - 1);
  }
  verify(kSlots - 1);
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first_out), out.end(),
            [](const Match& a, const Match& b) { return a.index < b.index; });
}

Result<std::vector<DihedralMatch>> MihIndex::SearchDihedral(std::span<const Hash256> variants,
                                                            uint32_t max_distance) const {
  if (variants.empty() || variants.size() > 8) {
    return InvalidArgument("dihedral query needs 1 to 8 hashes, got " +
                           std::to_string(variants.size()));
  }
  Scratch scratch;
  std::vector<DihedralMatch> all;
  std::vector<Match> one;
  for (size_t v = 0; v < variants.size(); ++v) {
    one.clear();
    SearchOne(variants[v], max_distance, scratch, one);
    for (const Match& m : one) all.push_back({m.index, m.distance, static_cast<uint32_t>(v)});
  }
  std::sort(all.begin(), all.end(), [](const DihedralMatch& a, const DihedralMatch& b) {
    if (a.index != b.index) return a.index < b.index;
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.variant < b.variant;
  });
  all.erase(std::unique(
                all.begin(), all.end(),
                [](const DihedralMatch& a, const DihedralMatch& b) { return a.index == b.index; }),
            all.end());
  return all;
}

}  // namespace tamis::index::hash
