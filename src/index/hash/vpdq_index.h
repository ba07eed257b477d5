// VpdqIndex: vPDQ video matching against a library of videos through one MihIndex over
// every frame of every video, so a query video costs one batch search per query frame
// instead of a comparison with every library frame.
//
// The rule is the reference's (core/media/vpdq.h MatchVpdq, matchTwoHashBrute), applied to
// every library video at once: frames of quality < quality_threshold are ignored on both
// sides; a query frame matches a video when some kept frame of that video lies at Hamming
// distance < distance_threshold (strict); query_match_percent = 100 * matched query frames /
// kept query frames, compared_match_percent = 100 * kept frames of the video within the
// threshold of some kept query frame / kept frames of the video. Results equal MatchVpdq's
// for every video with at least one frame pair (property-tested).
//
// With min_query_percent > 0 a reported video must match at least `need` of the query's kept
// frames, so (pigeonhole) it matches one of any kept - need + 1 of them: only those seed frames
// are searched (13 of 60 at 80%), and the rule is then applied in full to each candidate video.
// The answer is the same as searching every frame and filtering.
//
// Memory: the MihIndex (80 bytes per frame: its copy of the hash and 16 postings of 3 bytes,
// + 4 MiB) + 5 bytes per frame (quality, seconds) + 4 bytes per video.
// Immutable after Build(); every const method is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/status.h"
#include "index/hash/hash256.h"
#include "index/hash/mih_index.h"

namespace tamis::index::hash {

// One sampled frame of a video.
struct VpdqFrame {
  Hash256 hash;
  uint8_t quality = 0;  // PDQ quality 0..100
  float seconds = 0;    // timestamp in the video
};

struct VpdqSearchParams {
  // A frame pair matches when distance < distance_threshold. Default 31 (reference tools).
  // 0 matches nothing. At most 257.
  int distance_threshold = 31;
  // Frames with quality < quality_threshold are ignored on both sides. Default 50.
  int quality_threshold = 50;
  // Report a video only when both percentages reach these. Default 0 / 0: every video
  // with at least one matching frame pair.
  double min_query_percent = 0;
  double min_compared_percent = 0;
  // Also fill VpdqVideoMatch::frames (per matched query frame). Default true.
  bool frame_details = true;
};

// A matched query frame and its closest frame in the library video.
struct VpdqFramePair {
  uint32_t query_frame = 0;     // position in the query span
  uint32_t compared_frame = 0;  // position in the video's frames (as added)
  uint32_t distance = 0;
};

struct VpdqVideoMatch {
  uint32_t video = 0;  // position in the order videos were added
  double query_match_percent = 0;
  double compared_match_percent = 0;
  uint32_t query_kept = 0, query_matched = 0;
  uint32_t compared_kept = 0, compared_matched = 0;
  std::vector<VpdqFramePair> frames;  // by query frame; empty unless frame_details
};

class VpdqIndex {
 public:
  // Adds videos in order (video ids are 0, 1, ...), then Build(). Not thread-safe.
  class Builder {
   public:
    // Error: kResourceExhausted past MihIndex::kMaxHashes frames in total.
    Status AddVideo(std::span<const VpdqFrame> frames);
    size_t videos() const { return video_begin_.size() - 1; }
    size_t frames() const { return hashes_.size(); }
    // Builds the index (the builder is left empty). Errors: MihIndex::Build's.
    Result<VpdqIndex> Build(const MihOptions& options = {}) &&;

   private:
    std::vector<Hash256> hashes_;
    std::vector<uint8_t> quality_;
    std::vector<float> seconds_;
    std::vector<uint32_t> video_begin_{0};
  };

  size_t videos() const { return video_begin_.size() - 1; }
  size_t frames() const { return quality_.size(); }
  // Frames of video v as [begin, end) positions in the whole index.
  uint32_t video_begin(uint32_t v) const { return video_begin_[v]; }
  uint32_t video_end(uint32_t v) const { return video_begin_[v + 1]; }
  float frame_seconds(uint32_t global_frame) const { return seconds_[global_frame]; }
  // Bytes held: the MIH index and the per-frame and per-video arrays.
  size_t memory_bytes() const;

  // The videos matching `query` under the rule above, best first (query_match_percent, then
  // compared_match_percent, descending; then video id). Error: kInvalidArgument for
  // thresholds out of range.
  Result<std::vector<VpdqVideoMatch>> Search(std::span<const VpdqFrame> query,
                                             const VpdqSearchParams& params = {}) const;

  // Reference: the same answer by comparing the query with every frame of every video
  // (MatchVpdq's brute force); for tests and benchmarks.
  Result<std::vector<VpdqVideoMatch>> SearchBrute(std::span<const VpdqFrame> query,
                                                  const VpdqSearchParams& params = {}) const;

 private:
  VpdqIndex() = default;
  // Gathers (query frame, library frame, distance) pairs into per-video results.
  struct Pair {
    uint32_t video, query, frame, distance;
  };
  std::vector<VpdqVideoMatch> Collect(std::vector<Pair>& pairs, uint32_t query_kept,
                                      const VpdqSearchParams& params) const;
  // Search() when min_query_percent > 0: only `seeds` query frames go through the index.
  std::vector<VpdqVideoMatch> SearchSeeded(const std::vector<Hash256>& kept,
                                           const std::vector<uint32_t>& kept_pos, uint32_t seeds,
                                           const VpdqSearchParams& params) const;
  uint32_t VideoOf(uint32_t global_frame) const;

  std::optional<MihIndex> index_;
  std::vector<uint8_t> quality_;
  std::vector<float> seconds_;
  std::vector<uint32_t> video_begin_{0};
};

}  // namespace tamis::index::hash
