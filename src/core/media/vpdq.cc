#include "core/media/vpdq.h"

namespace tamis::media {

std::vector<VpdqFeature> FilterByQuality(std::span<const VpdqFeature> features, int min_quality) {
  std::vector<VpdqFeature> out;
  out.reserve(features.size());
  for (const VpdqFeature& f : features) {
    if (f.quality >= min_quality) out.push_back(f);
  }
  return out;
}

std::vector<VpdqFeature> DedupConsecutive(std::span<const VpdqFeature> features, int max_distance) {
  std::vector<VpdqFeature> out;
  out.reserve(features.size());
  for (const VpdqFeature& f : features) {
    if (!out.empty() && HammingDistance(out.back().hash, f.hash) <= max_distance) continue;
    out.push_back(f);
  }
  return out;
}

size_t CountMatchedFeatures(std::span<const VpdqFeature> a, std::span<const VpdqFeature> b,
                            int distance_threshold) {
  size_t n = 0;
  for (const VpdqFeature& x : a) {
    for (const VpdqFeature& y : b) {
      if (HammingDistance(x.hash, y.hash) < distance_threshold) {
        ++n;
        break;
      }
    }
  }
  return n;
}

VpdqMatch MatchVpdq(std::span<const VpdqFeature> query, std::span<const VpdqFeature> compared,
                    const VpdqMatchOptions& opts) {
  std::vector<VpdqFeature> q = FilterByQuality(query, opts.quality_threshold);
  std::vector<VpdqFeature> c = FilterByQuality(compared, opts.quality_threshold);
  if (opts.dedup) {
    q = DedupConsecutive(q, opts.dedup_distance);
    c = DedupConsecutive(c, opts.dedup_distance);
  }
  VpdqMatch m;
  m.query_kept = q.size();
  m.compared_kept = c.size();
  if (q.empty() || c.empty()) return m;
  const size_t qn = CountMatchedFeatures(q, c, opts.distance_threshold);
  const size_t cn = CountMatchedFeatures(c, q, opts.distance_threshold);
  m.query_match_percent = static_cast<double>(qn) * 100.0 / static_cast<double>(q.size());
  m.compared_match_percent = static_cast<double>(cn) * 100.0 / static_cast<double>(c.size());
  return m;
}

}  // namespace tamis::media
