// MihIndex: exact Hamming range search over 256-bit hashes by multi-index hashing.
//
// The 256 bits are cut into 16 slots of 16 bits (slot k = Hash256::Word16(k)). By the
// pigeonhole principle, a hash within distance d of the query agrees with it to within
// r = floor(d/16) bits in at least one slot, so probing every slot value within r bit
// flips of the query's and verifying each candidate with the full distance finds every
// match. Each match is reported once: from the lowest slot in which it is within r
// (checked only on verified matches, so no per-query bitset or epoch array is needed).
// Results are exactly those of LinearScan (property-tested).
//
// Memory (CSR per slot, no hash maps): the hashes (32 B each) + 16 slots x (65,537
// uint32 offsets + one packed id per hash). Ids take 3 bytes up to 16,777,215 hashes
// (4 above), so the postings are 48 B per hash + 4 MiB = 1.5x the raw hashes + 4 MiB,
// and the whole index with its copy of the hashes 2.5x + 4 MiB.
//
// SearchBatch() runs a batch as a join: the candidates of many queries are bucketed by
// the 1 MiB partition of the hash array they fall in, then each partition is read
// sequentially and verified against all its candidates while it is cache-resident.
// This turns ~4,000 (1M hashes) to ~40,000 (10M) random 32-byte reads per query into
// sequential passes over the hash array (one pass per round of queries).
//
// The same byte layout is used in memory and on disk (see docs in mih_index_file.cc), so
// Load() can map a file without copying (MihLoadOptions::copy_to_memory = false). An index is immutable after Build()/Load(); every
// const method is thread-safe. Copies share the underlying buffer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "index/hash/hamming_kernels.h"
#include "index/hash/hash256.h"
#include "index/hash/linear_scan.h"

namespace tamis::index::hash {

struct MihOptions {
  // Which Hamming kernels verify candidates and run linear scans. Default: $TAMIS_SIMD,
  // else the best the CPU supports.
  SimdChoice simd = SimdChoice::kAuto;
  // Ask the kernel for transparent huge pages on the in-memory buffer (fewer TLB misses
  // on random candidate reads). Default on; harmless where unsupported.
  bool huge_pages = true;
  // Bytes per stored id: 0 = by count (3 up to 16,777,215 hashes, else 4); 4 forces
  // 4-byte ids (tests of the wide layout); 3 is used only when the count allows it.
  uint32_t id_bytes = 0;
  // Threads for Build() (one slot per task). 0 = std::thread::hardware_concurrency().
  unsigned build_threads = 0;
  // Upper bound on SearchBatch()'s candidate buffer (4 bytes per candidate, ~42,000
  // candidates per query at 10M hashes and d <= 31, ~4,200 at 1M); larger batches are
  // split into rounds, each one pass over the hash array. The buffer is sized to the
  // batch and kept per calling thread for reuse. Default 128 MiB (~800 queries per
  // round at 10M hashes).
  size_t batch_scratch_bytes = size_t{128} << 20;
  // A query whose probed buckets hold more than size / divisor candidates (a dense
  // cluster: near-blank images, series of edits) is answered by a linear scan instead,
  // same answer. -1 = by kernel (16 for SIMD scans, 1 for the scalar one); 0 = never.
  int linear_fallback_divisor = -1;
};

struct MihLoadOptions {
  MihOptions index;
  // Recompute the payload checksum (reads the whole file once). Default on.
  bool verify_checksum = true;
  // Also check that every posting sits in the bucket of its hash's slot value (reads
  // every hash 16 times, randomly). Structure (offsets monotone, ids in range) is always
  // checked, so a corrupt file can give an error but never an out-of-bounds read.
  // Default off.
  bool verify_postings = false;
  // Read the file into anonymous (huge-page) memory instead of serving from a mapping.
  // Default on: the index then never depends on the file again, so the file may be replaced
  // or truncated while the index is in use. Off maps the file (MAP_PRIVATE, no copy, faster
  // load): the caller must then guarantee nobody truncates the file while any copy of the
  // index is alive, or a query touching a vanished page gets SIGBUS.
  bool copy_to_memory = true;
};

// A hit of a dihedral query: the best (lowest distance, then lowest variant) of the
// query variants that matched this item.
struct DihedralMatch {
  uint32_t index = 0;
  uint32_t distance = 0;
  uint32_t variant = 0;  // position in the variants span passed to SearchDihedral
  friend bool operator==(const DihedralMatch&, const DihedralMatch&) = default;
};

class MihIndex {
 public:
  static constexpr int kSlots = 16;
  static constexpr int kSlotBits = 16;
  static constexpr uint32_t kMaxHashes = 0xFFFFFFFEu;

  // Builds an index over a copy of `hashes` (ids are positions in the span).
  // Errors: kResourceExhausted above kMaxHashes or when memory cannot be mapped;
  // SelectKernels() errors for options.simd.
  static Result<MihIndex> Build(std::span<const Hash256> hashes, const MihOptions& options = {});

  // Maps an index file written by Save(). Errors: kNotFound / kIoError from the OS;
  // kDataLoss for a wrong magic, version, size, checksum or structure (message names
  // the field). Never reads out of bounds on a malformed file.
  static Result<MihIndex> Load(const std::filesystem::path& path,
                               const MihLoadOptions& options = {});

  // Same checks as Load() on bytes held in memory (copied; `bytes` may die after return).
  static Result<MihIndex> FromBytes(std::string_view bytes, const MihLoadOptions& options = {});

  // Writes the index (header + payload) to `path` atomically (temp file + rename).
  // Error: kIoError with the OS message.
  Status Save(const std::filesystem::path& path) const;

  size_t size() const { return count_; }
  std::span<const Hash256> hashes() const { return {hashes_, count_}; }
  SimdLevel simd_level() const { return kernels_->level; }
  // Bytes of the index buffer (hashes + offsets + ids + header).
  size_t memory_bytes() const { return bytes_; }
  // Bytes of the postings alone (offsets + ids), i.e. memory_bytes() without the copy of
  // the hashes and the header.
  size_t postings_bytes() const { return bytes_ - 64 - 32 * count_; }
  // Bytes per stored id: 3 (up to 16,777,215 hashes) or 4.
  uint32_t id_bytes() const { return id_bytes_; }

  // All (index, distance) with distance <= max_distance, sorted by index. Exact.
  // Radii >= 64 (4+ bit flips per slot) fall back to a linear scan.
  std::vector<Match> Search(const Hash256& query, uint32_t max_distance) const;

  // Batch form of Search(); result i belongs to queries[i]. Uses up to
  // MihOptions::batch_scratch_bytes of transient memory for batches of 8+ queries.
  BatchMatches SearchBatch(std::span<const Hash256> queries, uint32_t max_distance) const;

  // Candidates the probes of `query` at `max_distance` would verify (postings in its
  // buckets, duplicates across slots counted); 0 at radii that scan linearly anyway.
  size_t CandidateCount(const Hash256& query, uint32_t max_distance) const;

  // Brute force over the same hashes with the same kernels (reference / comparison).
  std::vector<Match> SearchLinear(const Hash256& query, uint32_t max_distance) const;

  // Queries with up to 8 variants of one image (e.g. the 8 dihedral PDQ hashes); an item
  // is reported once with its minimal distance and the variant that gave it, sorted by
  // index. Error: kInvalidArgument for 0 or more than 8 variants.
  Result<std::vector<DihedralMatch>> SearchDihedral(std::span<const Hash256> variants,
                                                    uint32_t max_distance) const;

 private:
  struct Scratch;
  MihIndex() = default;
  // Points the accessors into `buffer`, which holds a validated image of the file layout.
  static Result<MihIndex> FromBuffer(std::shared_ptr<const void> owner, const uint8_t* data,
                                     size_t size, const MihLoadOptions& options);
  template <uint32_t kIdBytes>
  void SearchInto(const Hash256& query, uint32_t max_distance, Scratch& scratch,
                  std::vector<Match>& out) const;
  void SearchOne(const Hash256& query, uint32_t max_distance, Scratch& scratch,
                 std::vector<Match>& out) const;
  static uint32_t LinearFallbackDivisor(const MihOptions& options, const HammingKernels& kernels);
  bool PrefersLinear(const Hash256& query, uint32_t max_distance) const;
  template <uint32_t kIdBytes>
  void JoinBatch(std::span<const Hash256> queries, uint32_t max_distance, BatchMatches& out) const;

  std::shared_ptr<const void> owner_;  // keeps the buffer (mapping or allocation) alive
  const uint8_t* data_ = nullptr;
  size_t bytes_ = 0;
  size_t count_ = 0;
  const Hash256* hashes_ = nullptr;
  const uint32_t* offsets_ = nullptr;  // kSlots x (65536 + 1)
  const uint8_t* ids_ = nullptr;       // kSlots x count_ ids of id_bytes_ each
  uint32_t id_bytes_ = 4;
  size_t batch_scratch_bytes_ = size_t{128} << 20;
  const HammingKernels* kernels_ = nullptr;
  uint32_t linear_fallback_divisor_ = 16;
};

}  // namespace tamis::index::hash
