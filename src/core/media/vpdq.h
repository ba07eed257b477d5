// vPDQ (video PDQ): a video is the sequence of PDQ hashes of frames sampled at a fixed rate
// (facebook/ThreatExchange vpdq). This header holds the pure part: the per-frame feature,
// de-duplication and the reference match rule. No I/O, no decoding, no threads, no globals;
// every function is thread-safe (plain values in, plain values out).
//
// Match rule (reference matchTwoHashBrute): drop features whose quality is below the quality
// threshold from both sides; a query feature "matches" when some compared feature lies at
// Hamming distance strictly below the distance threshold; the query match percentage is
// 100 * matched query features / kept query features, and the compared match percentage the
// same in the other direction. Either side empty after filtering gives 0 / 0.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/media/pdq.h"

namespace tamis::media {

// One sampled frame. frame_number counts decoded frames from 0; timestamp_seconds is
// frame_number / frame rate (as the reference computes it, in float precision).
struct VpdqFeature {
  PdqHash hash;
  int quality = 0;  // PDQ quality 0..100
  int64_t frame_number = 0;
  double timestamp_seconds = 0;

  friend bool operator==(const VpdqFeature&, const VpdqFeature&) = default;
};

struct VpdqMatchOptions {
  // A pair of frames matches when HammingDistance < distance_threshold (strict, as the
  // reference). Default 31 (the reference tools' and python-threatexchange's value).
  int distance_threshold = 31;
  // Features with quality < quality_threshold are ignored on both sides. Default 50.
  int quality_threshold = 50;
  // De-duplicate consecutive near-identical frames (DedupConsecutive with dedup_distance)
  // on both sides before matching. Default false: the reference brute matcher counts every
  // sampled frame. Dedup changes the percentages (a static scene counts once).
  bool dedup = false;
  int dedup_distance = 0;
};

struct VpdqMatch {
  double query_match_percent = 0;     // 0..100: share of kept query frames found in compared
  double compared_match_percent = 0;  // 0..100: share of kept compared frames found in query
  size_t query_kept = 0;              // query features after quality filter (and dedup)
  size_t compared_kept = 0;
};

// Features whose quality >= min_quality, in their original order.
std::vector<VpdqFeature> FilterByQuality(std::span<const VpdqFeature> features, int min_quality);

// Drops every feature whose hash lies within max_distance (<=) of the last kept feature, so a
// run of near-identical consecutive frames keeps only its first frame. max_distance 0 drops
// exact repeats only. Order is kept; the first feature is always kept.
std::vector<VpdqFeature> DedupConsecutive(std::span<const VpdqFeature> features, int max_distance);

// Number of features in `a` that have at least one feature in `b` at distance < threshold.
size_t CountMatchedFeatures(std::span<const VpdqFeature> a, std::span<const VpdqFeature> b,
                            int distance_threshold);

// The reference match rule (see the file comment). O(|query| * |compared|) distance checks.
VpdqMatch MatchVpdq(std::span<const VpdqFeature> query, std::span<const VpdqFeature> compared,
                    const VpdqMatchOptions& opts = {});

// True when both percentages reach their thresholds (python-threatexchange's rule: both >=
// 80 by default is a video match).
inline bool IsVpdqMatch(const VpdqMatch& m, double query_threshold_percent = 80.0,
                        double compared_threshold_percent = 80.0) {
  return m.query_match_percent >= query_threshold_percent &&
         m.compared_match_percent >= compared_threshold_percent;
}

}  // namespace tamis::media
