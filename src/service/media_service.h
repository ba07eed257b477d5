// Media screening use cases: import hash lists (PDQ / MD5 / SHA-256 lists, and vPDQ files of
// videos) into the store, hash images and videos, match images, videos, vPDQ files or hashes
// against the current hash lists (PDQ by Hamming distance, optionally over the 8 dihedral
// variants; videos by the vPDQ rule over every frame of every listed video through one
// multi-index-hashing index; MD5/SHA-256 of whole files exactly).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "formats/json_writer.h"
#include "formats/image/file_digest.h"
#include "formats/image/hash_file.h"
#include "formats/video/video_hash.h"
#include "index/hash/mih_index.h"
#include "index/hash/vpdq_index.h"
#include "service/clock.h"
#include "service/list_service.h"
#include "store/store.h"

namespace tamis {

struct HashListImportRequest {
  // Imported together as one version. A folder stands for the files in it (recursive, path
  // order). A vPDQ file (one video: frame,quality,pdq,seconds lines) is one "vpdq" entry
  // labelled with its file name without extension.
  std::vector<std::filesystem::path> files;
  std::string source;                        // "" = the first file's stem
  std::string format;                        // "" = detect per file; "plain", "csv" or "vpdq"
  std::vector<std::string> extra_tags;       // added to every hash ("source:gifct")
  bool lenient = false;  // skip bad lines (reported as warnings) instead of refusing the list
  bool force = false;
};

// Parses the files and stores them as one new version. Strict mode (default): the first bad
// line refuses the whole list with "file:line: message"; the store is unchanged. Lenient
// mode skips a bad vPDQ file whole (a warning naming file and line).
Result<ListImportReport> ImportHashLists(Store& store, const HashListImportRequest& req, const Clock& clock);

// Video matching knobs (the vPDQ rule; see index/hash/vpdq_index.h).
struct VideoMatchParams {
  // A pair of frames matches when their distance is < this (strict, as the reference).
  // Default 31.
  int distance_threshold = 31;
  // Frames of lower quality are ignored on both sides. Default 50.
  int quality_threshold = 50;
  // A listed video is reported when both percentages reach these (python-threatexchange's
  // defaults: 80 / 80). 0 / 0 reports every video sharing a frame.
  double min_query_percent = 80;
  double min_compared_percent = 80;
  // Most matched frames listed per hit (the counts are always complete). Default 100.
  size_t max_frames_reported = 100;
};

struct MediaMatchParams {
  int threshold = 31;    // PDQ Hamming distance <= threshold is a match
  int min_quality = 50;  // inputs of lower PDQ quality are not PDQ-matched (reported as such)
  bool dihedral = false; // also match the 8 rotations/flips of each input image
  std::vector<std::string> lists;  // hash-list sources; empty = all
  VideoMatchParams video;
  video::VideoHashOptions video_hash;  // how input videos are decoded and sampled
  // Consecutive hash inputs (arguments, lines of hash files) are matched this many at a time
  // through the index's batch join. Default 4096; 1 = one search per hash.
  size_t hash_batch = 4096;
};

struct MediaHit {
  const StoredHash* entry = nullptr;  // owned by the matcher
  std::string match_type;  // "pdq", "md5", "sha256"
  int distance = 0;        // Hamming distance (0 for exact digests)
  std::string variant;     // dihedral variant of the input that matched ("orig", "rot90", ...)
};

// A matched frame of a video hit: a query frame and the closest frame of the listed video.
struct VideoFrameHit {
  double query_seconds = 0;
  double list_seconds = 0;
  int distance = 0;
};

struct VideoHit {
  const StoredHash* entry = nullptr;  // the listed video (type "vpdq"), owned by the matcher
  double query_match_percent = 0;     // share of the query's kept frames found in the video
  double compared_match_percent = 0;  // share of the video's kept frames found in the query
  uint32_t query_frames = 0, query_frames_matched = 0;  // kept query frames
  uint32_t list_frames = 0, list_frames_matched = 0;    // kept frames of the listed video
  std::vector<VideoFrameHit> frames;  // by query time, at most max_frames_reported
};

// An immutable snapshot of the current hash lists with a multi-index-hashing index over the
// PDQ hashes, one over every frame of the listed videos, and maps for the exact digests.
// Thread-safe for concurrent matching.
class MediaMatcher {
 public:
  // Loads the current hash lists of `lists` ("" = all). When `cache_dir` is not empty the
  // MIH index is cached there (keyed by the list versions) and mapped on later runs.
  static Result<std::shared_ptr<const MediaMatcher>> Build(Store& store, const std::vector<std::string>& lists,
                                                           const std::filesystem::path& cache_dir);

  // Hits for PDQ variants (names[i] names variants[i]), best variant per list hash.
  std::vector<MediaHit> MatchPdq(const std::vector<media::PdqHash>& variants,
                                 const std::vector<std::string>& names, int threshold) const;
  // Hits of many single hashes at once (the MIH batch join); result i belongs to queries[i],
  // each sorted by distance as MatchPdq sorts them.
  std::vector<std::vector<MediaHit>> MatchPdqBatch(std::span<const media::PdqHash> queries, int threshold) const;
  // Exact digest hits.
  std::vector<MediaHit> MatchDigests(const image::FileDigests& d) const;
  // Listed videos matching the query frames under the vPDQ rule, best first.
  // Error: kInvalidArgument for thresholds out of range.
  Result<std::vector<VideoHit>> MatchVideo(std::span<const media::VpdqFeature> query,
                                           const VideoMatchParams& params) const;

  size_t pdq_count() const { return pdq_entries_.size(); }
  size_t video_count() const { return video_entries_.size(); }
  size_t video_frame_count() const { return videos_ ? videos_->frames() : 0; }
  // Bytes of the two indexes and the per-frame arrays (not the list entries' strings).
  size_t index_memory_bytes() const;
  size_t hash_count() const { return hashes_.size(); }
  bool index_from_cache() const { return from_cache_; }

 private:
  std::vector<StoredHash> hashes_;
  std::vector<uint32_t> pdq_entries_;  // index position -> hashes_ position
  std::unordered_multimap<std::string, uint32_t> digests_;  // "md5:<hex>" -> hashes_ position
  std::optional<index::hash::MihIndex> index_;
  std::vector<uint32_t> video_entries_;  // video id -> hashes_ position
  std::optional<index::hash::VpdqIndex> videos_;
  bool from_cache_ = false;
};

// What was found hashing a video (or read from a vPDQ file).
struct VideoHashed {
  std::vector<media::VpdqFeature> frames;
  std::optional<video::VideoInfo> info;  // decoded videos only
};

struct MediaResult {
  std::string input;                 // path or hash as given
  bool is_hash = false;              // the input was a hex PDQ hash
  std::string kind;                  // "image", "video", "vpdq" (a vPDQ file), "hash"
  Status status;                     // per-input failure (bad file, bad hash)
  std::optional<image::PdqFileHash> pdq;
  std::optional<image::FileDigests> digests;
  bool low_quality = false;          // below min_quality: not PDQ-matched
  std::vector<MediaHit> hits;        // sorted by distance (videos: exact digest hits)
  std::optional<VideoHashed> video;  // kind "video" / "vpdq"
  std::vector<VideoHit> video_hits;  // best first
};

// Hashes and (when `matcher` is not null) matches each input: an image or video file (told
// apart by content), a vPDQ file (the frames of a video), a folder of these (recursive, path
// order; other files in folders are skipped), a 64-hex PDQ hash, or a plain file of PDQ hashes
// given by name (one result per line; a bad line is an error result naming file and line). Calls `emit` once per item, in input order, from one thread at a time. Per-item
// failures are reported through MediaResult::status and never stop the batch.
// `threads` 0 = all cores. Errors: kIoError when a folder cannot be listed.
Status MatchMedia(const MediaMatcher* matcher, const std::vector<std::string>& inputs,
                  const MediaMatchParams& params, int threads,
                  const std::function<void(const MediaResult&)>& emit,
                  const ProgressFn& progress);

struct MediaJsonOptions {
  bool dihedral = false;        // include the 8 dihedral hashes of images
  bool video_frames = false;    // include every frame hash of videos (media hash)
  bool hits = true;             // include "hits" / "video_hits" (media match)
};

// The JSON object of one result (docs/formats.md, "Media match results"), one line.
std::string MediaResultJson(const MediaResult& r, const MediaJsonOptions& opts);
// The same fields, written into the object `w` has open (the server adds its own beside them).
void WriteMediaResultFields(JsonWriter& w, const MediaResult& r, const MediaJsonOptions& opts);

// For the server: matches one request body, a video file's bytes (any container FFmpeg reads,
// told by content) or a vPDQ file's text, and returns its result with "input" = `name` (write it
// with WriteMediaResultFields / MediaResultJson). Errors: kInvalidArgument for an empty body or one that is neither;
// kParseError naming the line and field of a bad vPDQ body or the damage in a video;
// kResourceExhausted for a video over params.video_hash limits. Thread-safe.
Result<MediaResult> MatchVideoBody(const MediaMatcher& matcher, std::string_view body,
                                   const MediaMatchParams& params, std::string_view name = "body");

}  // namespace tamis
