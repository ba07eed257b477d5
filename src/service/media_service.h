// Media screening use cases: import hash lists into the store, hash images, match images or
// hashes against the current hash lists (PDQ by Hamming distance, optionally over the 8
// dihedral variants; MD5/SHA-256 exactly).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "formats/image/file_digest.h"
#include "formats/image/hash_file.h"
#include "index/hash/mih_index.h"
#include "service/clock.h"
#include "service/list_service.h"
#include "store/store.h"

namespace tamis {

struct HashListImportRequest {
  std::vector<std::filesystem::path> files;  // imported together as one version
  std::string source;                        // "" = the first file's stem
  std::string format;                        // "" = detect; "plain" or "csv"
  std::vector<std::string> extra_tags;       // added to every hash ("source:gifct")
  bool lenient = false;  // skip bad lines (reported as warnings) instead of refusing the list
  bool force = false;
};

// Parses the files and stores them as one new version. Strict mode (default): the first bad
// line refuses the whole list with "file:line: message"; the store is unchanged.
Result<ListImportReport> ImportHashLists(Store& store, const HashListImportRequest& req, const Clock& clock);

struct MediaMatchParams {
  int threshold = 31;    // PDQ Hamming distance <= threshold is a match
  int min_quality = 50;  // inputs of lower PDQ quality are not PDQ-matched (reported as such)
  bool dihedral = false; // also match the 8 rotations/flips of each input image
  std::vector<std::string> lists;  // hash-list sources; empty = all
};

struct MediaHit {
  const StoredHash* entry = nullptr;  // owned by the matcher
  std::string match_type;  // "pdq", "md5", "sha256"
  int distance = 0;        // Hamming distance (0 for exact digests)
  std::string variant;     // dihedral variant of the input that matched ("orig", "rot90", ...)
};

// An immutable snapshot of the current hash lists with a multi-index-hashing index over the
// PDQ hashes and maps for the exact digests. Thread-safe for concurrent matching.
class MediaMatcher {
 public:
  // Loads the current hash lists of `lists` ("" = all). When `cache_dir` is not empty the
  // MIH index is cached there (keyed by the list versions) and mapped on later runs.
  static Result<std::shared_ptr<const MediaMatcher>> Build(Store& store, const std::vector<std::string>& lists,
                                                           const std::filesystem::path& cache_dir);

  // Hits for PDQ variants (names[i] names variants[i]), best variant per list hash.
  std::vector<MediaHit> MatchPdq(const std::vector<media::PdqHash>& variants,
                                 const std::vector<std::string>& names, int threshold) const;
  // Exact digest hits.
  std::vector<MediaHit> MatchDigests(const image::FileDigests& d) const;

  size_t pdq_count() const { return pdq_entries_.size(); }
  size_t hash_count() const { return hashes_.size(); }
  bool index_from_cache() const { return from_cache_; }

 private:
  std::vector<StoredHash> hashes_;
  std::vector<uint32_t> pdq_entries_;  // index position -> hashes_ position
  std::unordered_multimap<std::string, uint32_t> digests_;  // "md5:<hex>" -> hashes_ position
  std::optional<index::hash::MihIndex> index_;
  bool from_cache_ = false;
};

struct MediaResult {
  std::string input;                 // path or hash as given
  bool is_hash = false;              // the input was a hex PDQ hash
  Status status;                     // per-input failure (bad file, bad hash)
  std::optional<image::PdqFileHash> pdq;
  std::optional<image::FileDigests> digests;
  bool low_quality = false;          // below min_quality: not PDQ-matched
  std::vector<MediaHit> hits;        // sorted by distance
};

// Hashes and (when `matcher` is not null) matches each input: an image file, a folder of
// images (recursive, path order; non-image files in folders are skipped), or a 64-hex PDQ
// hash. Calls `emit` once per item, in input order, from one thread at a time. Per-item
// failures are reported through MediaResult::status and never stop the batch.
// `threads` 0 = all cores. Errors: kIoError when a folder cannot be listed.
Status MatchMedia(const MediaMatcher* matcher, const std::vector<std::string>& inputs,
                  const MediaMatchParams& params, int threads,
                  const std::function<void(const MediaResult&)>& emit,
                  const ProgressFn& progress);

}  // namespace tamis
