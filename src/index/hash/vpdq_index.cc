#include "index/hash/vpdq_index.h"

#include <algorithm>

namespace tamis::index::hash {

Status VpdqIndex::Builder::AddVideo(std::span<const VpdqFrame> frames) {
  if (hashes_.size() + frames.size() > MihIndex::kMaxHashes)
    return ResourceExhausted("video index: more than " + std::to_string(MihIndex::kMaxHashes) + " frames");
  for (const VpdqFrame& f : frames) {
    hashes_.push_back(f.hash);
    quality_.push_back(f.quality);
    seconds_.push_back(f.seconds);
  }
  video_begin_.push_back(static_cast<uint32_t>(hashes_.size()));
  return Status::Ok();
}

Result<VpdqIndex> VpdqIndex::Builder::Build(const MihOptions& options) && {
  VpdqIndex out;
  TAMIS_ASSIGN_OR_RETURN(MihIndex idx, MihIndex::Build(hashes_, options));
  out.index_ = std::move(idx);
  std::vector<Hash256>().swap(hashes_);  // the index holds its own copy
  out.quality_ = std::move(quality_);
  out.seconds_ = std::move(seconds_);
  out.video_begin_ = std::move(video_begin_);
  quality_.clear();
  seconds_.clear();
  video_begin_.assign(1, 0);
  out.quality_.shrink_to_fit();
  out.seconds_.shrink_to_fit();
  out.video_begin_.shrink_to_fit();
  return out;
}

size_t VpdqIndex::memory_bytes() const {
  return (index_ ? index_->memory_bytes() : 0) + quality_.capacity() + seconds_.capacity() * sizeof(float) +
         video_begin_.capacity() * sizeof(uint32_t);
}

uint32_t VpdqIndex::VideoOf(uint32_t global_frame) const {
  // The first video whose end is past the frame (empty videos own no frame).
  auto it = std::upper_bound(video_begin_.begin() + 1, video_begin_.end(), global_frame);
  return static_cast<uint32_t>(it - video_begin_.begin()) - 1;
}

namespace {

Status CheckParams(const VpdqSearchParams& p) {
  if (p.distance_threshold < 0 || p.distance_threshold > 257)
    return InvalidArgument("distance_threshold must be 0..257, got " + std::to_string(p.distance_threshold));
  if (p.quality_threshold < 0 || p.quality_threshold > 101)
    return InvalidArgument("quality_threshold must be 0..101, got " + std::to_string(p.quality_threshold));
  return Status::Ok();
}

}  // namespace

std::vector<VpdqVideoMatch> VpdqIndex::Collect(std::vector<Pair>& pairs, uint32_t query_kept,
                                               const VpdqSearchParams& params) const {
  std::vector<VpdqVideoMatch> out;
  // By video, then query frame, then distance, then frame: the first pair of each
  // (video, query frame) run is the closest one.
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    if (a.video != b.video) return a.video < b.video;
    if (a.query != b.query) return a.query < b.query;
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.frame < b.frame;
  });
  std::vector<uint32_t> frames_seen;
  for (size_t i = 0; i < pairs.size();) {
    const uint32_t v = pairs[i].video;
    size_t j = i;
    while (j < pairs.size() && pairs[j].video == v) ++j;
    VpdqVideoMatch m;
    m.video = v;
    m.query_kept = query_kept;
    const uint32_t begin = video_begin_[v], end = video_begin_[v + 1];
    for (uint32_t f = begin; f < end; ++f)
      if (quality_[f] >= params.quality_threshold) ++m.compared_kept;
    frames_seen.clear();
    for (size_t k = i; k < j; ++k) {
      frames_seen.push_back(pairs[k].frame);
      if (k == i || pairs[k].query != pairs[k - 1].query) {
        ++m.query_matched;
        if (params.frame_details) m.frames.push_back({pairs[k].query, pairs[k].frame - begin, pairs[k].distance});
      }
    }
    std::sort(frames_seen.begin(), frames_seen.end());
    m.compared_matched =
        static_cast<uint32_t>(std::unique(frames_seen.begin(), frames_seen.end()) - frames_seen.begin());
    m.query_match_percent = 100.0 * m.query_matched / m.query_kept;
    m.compared_match_percent = m.compared_kept ? 100.0 * m.compared_matched / m.compared_kept : 0.0;
    if (m.query_match_percent >= params.min_query_percent &&
        m.compared_match_percent >= params.min_compared_percent)
      out.push_back(std::move(m));
    i = j;
  }
  std::sort(out.begin(), out.end(), [](const VpdqVideoMatch& a, const VpdqVideoMatch& b) {
    if (a.query_match_percent != b.query_match_percent) return a.query_match_percent > b.query_match_percent;
    if (a.compared_match_percent != b.compared_match_percent)
      return a.compared_match_percent > b.compared_match_percent;
    return a.video < b.video;
  });
  return out;
}

Result<std::vector<VpdqVideoMatch>> VpdqIndex::Search(std::span<const VpdqFrame> query,
                                                      const VpdqSearchParams& params) const {
  TAMIS_RETURN_IF_ERROR(CheckParams(params));
  std::vector<Hash256> kept;
  std::vector<uint32_t> kept_pos;
  for (uint32_t i = 0; i < query.size(); ++i)
    if (query[i].quality >= params.quality_threshold) {
      kept.push_back(query[i].hash);
      kept_pos.push_back(i);
    }
  if (kept.empty() || params.distance_threshold == 0 || !index_ || index_->size() == 0)
    return std::vector<VpdqVideoMatch>{};
  // Fewest matched query frames a reported video needs (exactly as Collect's test computes).
  uint32_t need = 0;
  while (need <= kept.size() && 100.0 * need / static_cast<double>(kept.size()) < params.min_query_percent) ++need;
  if (need > kept.size()) return std::vector<VpdqVideoMatch>{};
  const uint32_t seeds = static_cast<uint32_t>(kept.size()) - need + 1;
  if (need > 0 && seeds < kept.size()) return SearchSeeded(kept, kept_pos, seeds, params);
  // Repeated query hashes (static scenes) are searched once.
  std::vector<uint32_t> order(kept.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return kept[a] < kept[b]; });
  std::vector<Hash256> distinct;
  std::vector<uint32_t> distinct_of(kept.size());
  for (uint32_t k = 0; k < order.size(); ++k) {
    if (k == 0 || kept[order[k]] != kept[order[k - 1]]) distinct.push_back(kept[order[k]]);
    distinct_of[order[k]] = static_cast<uint32_t>(distinct.size() - 1);
  }
  const uint32_t radius = static_cast<uint32_t>(params.distance_threshold - 1);
  BatchMatches found = index_->SearchBatch(distinct, radius);
  std::vector<Pair> pairs;
  for (uint32_t k = 0; k < kept.size(); ++k) {
    for (const Match& m : found.For(distinct_of[k])) {
      if (quality_[m.index] < params.quality_threshold) continue;
      pairs.push_back({VideoOf(m.index), kept_pos[k], m.index, m.distance});
    }
  }
  return Collect(pairs, static_cast<uint32_t>(kept.size()), params);
}

std::vector<VpdqVideoMatch> VpdqIndex::SearchSeeded(const std::vector<Hash256>& kept,
                                                     const std::vector<uint32_t>& kept_pos, uint32_t seeds,
                                                     const VpdqSearchParams& params) const {
  // A video reported needs `need` matched query frames, so it matches at least one of any
  // kept.size() - need + 1 query frames (pigeonhole): search those seeds, then apply the rule
  // to each candidate video in full.
  const uint32_t radius = static_cast<uint32_t>(params.distance_threshold - 1);
  std::vector<Hash256> seed_hashes;
  for (uint32_t k = 0; k < seeds; ++k) seed_hashes.push_back(kept[static_cast<size_t>(k) * kept.size() / seeds]);
  std::sort(seed_hashes.begin(), seed_hashes.end());
  seed_hashes.erase(std::unique(seed_hashes.begin(), seed_hashes.end()), seed_hashes.end());
  BatchMatches found = index_->SearchBatch(seed_hashes, radius);
  std::vector<uint32_t> candidates;
  for (const Match& m : found.matches)
    if (quality_[m.index] >= params.quality_threshold) candidates.push_back(VideoOf(m.index));
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  const std::span<const Hash256> hashes = index_->hashes();
  std::vector<Pair> pairs;
  for (uint32_t v : candidates)
    for (uint32_t k = 0; k < kept.size(); ++k)
      for (uint32_t f = video_begin_[v]; f < video_begin_[v + 1]; ++f) {
        if (quality_[f] < params.quality_threshold) continue;
        const uint32_t d = HammingDistance(hashes[f], kept[k]);
        if (d <= radius) pairs.push_back({v, kept_pos[k], f, d});
      }
  return Collect(pairs, static_cast<uint32_t>(kept.size()), params);
}

Result<std::vector<VpdqVideoMatch>> VpdqIndex::SearchBrute(std::span<const VpdqFrame> query,
                                                           const VpdqSearchParams& params) const {
  TAMIS_RETURN_IF_ERROR(CheckParams(params));
  uint32_t query_kept = 0;
  std::vector<Pair> pairs;
  std::span<const Hash256> hashes = index_ ? index_->hashes() : std::span<const Hash256>{};
  for (uint32_t i = 0; i < query.size(); ++i) {
    if (query[i].quality < params.quality_threshold) continue;
    ++query_kept;
    for (uint32_t v = 0; v + 1 < video_begin_.size(); ++v)
      for (uint32_t f = video_begin_[v]; f < video_begin_[v + 1]; ++f) {
        if (quality_[f] < params.quality_threshold) continue;
        const uint32_t d = HammingDistance(hashes[f], query[i].hash);
        if (static_cast<int>(d) < params.distance_threshold) pairs.push_back({v, i, f, d});
      }
  }
  if (query_kept == 0) return std::vector<VpdqVideoMatch>{};
  return Collect(pairs, query_kept, params);
}

}  // namespace tamis::index::hash
