// NameIndex::Search: the two-stage search. Stage 1 scores the gathered candidate names
// (names::ScoreNames, best bound first); stage 2 scores the entities whose best name can reach
// their floor in full (names::ScoreEntity) and returns the hits. Also Candidates() and the
// entity floors.
#include "index/names/name_index.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/bits.h"
#include "core/names/score_bound.h"
#include "core/names/similarity.h"
#include "core/text/phonetic.h"
#include "core/text/tokenise.h"
#include "index/names/posting_accumulator.h"
#include "index/names/query_context.h"

namespace tamis::index {
using names::NameKind;
using namespace detail;  // the index's internal pieces (posting_accumulator.h, query_context.h)

uint64_t CandidateKeyHash(std::string_view key) { return names::TokenHash(key); }

double NameIndex::EntityFloor(detail::QueryContext& ctx, uint32_t e, double threshold) const {
  if (!ctx.attrs) return threshold - ctx.attribute_bonus;
  for (const auto& [entity, floor] : ctx.entity_floors)
    if (entity == e) return floor;
  const double floor = threshold - names::AttributeAdjustment(*ctx.attrs, entities_[e]);  // -inf: an equal identifier
  ctx.entity_floors.emplace_back(e, floor);
  return floor;
}

void NameIndex::RankHits(std::vector<NameHit>& hits, size_t limit) const {
  std::sort(hits.begin(), hits.end(), [&](const NameHit& a, const NameHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return entities_[a.entity].id < entities_[b.entity].id;
  });
  if (hits.size() > limit) hits.resize(limit);
}

std::vector<uint32_t> NameIndex::Candidates(const names::PreparedName& query, const NameSearchParams& params) const {
  std::vector<uint32_t> out;
  names::PreparedName q = query;
  names::AttachWeights(&q, stats_);
  Gather(q, params, &out);
  for (const names::PreparedName& r : query.readings)  // other readings (Arabic script): their candidates too
    for (uint32_t id : Candidates(r, params))
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  return out;
}

std::vector<NameHit> NameIndex::Search(const names::PreparedName& query_in, const names::QueryAttributes& attrs,
                                       const NameSearchParams& params) const {
  std::vector<NameHit> hits;
  if (params.limit == 0) return hits;
  if (!query_in.readings.empty()) {
    // A name written in Arabic script with other readings (names::PreparedName::readings): each
    // is searched, an entity keeps its best hit.
    names::PreparedName arabic = query_in;
    arabic.readings.clear();
    hits = Search(arabic, attrs, params);
    for (const names::PreparedName& r : query_in.readings)
      for (NameHit& h : Search(r, attrs, params)) {
        auto it = std::find_if(hits.begin(), hits.end(), [&](const NameHit& x) { return x.entity == h.entity; });
        if (it == hits.end()) hits.push_back(std::move(h));
        else if (h.score > it->score) *it = std::move(h);
      }
    RankHits(hits, params.limit);
    return hits;
  }
  // The query with this index's rarity weights: as given when the caller attached them
  // (names::AttachWeights with token_stats()), else a copy in this thread's buffers (no
  // allocation: copy-assignment keeps their capacity).
  thread_local names::PreparedName weighted;
  const names::PreparedName* qp = &query_in;
  if (query_in.weights_id != stats_.fingerprint()) {
    weighted = query_in;
    names::AttachWeights(&weighted, stats_);
    qp = &weighted;
  }
  const names::PreparedName& query = *qp;
  thread_local std::vector<uint32_t> cand;
  thread_local detail::QueryContext ctx;
  Scratch& sc = ThreadScratch();
  thread_local names::TokenPairCache pair_cache;  // this query's token-pair similarities
  pair_cache.Reset();
  ctx.bound_options.pair_cache = &pair_cache;
  ctx.attribute_bonus = names::MaxAttributeBonus(attrs);
  ctx.attrs = &attrs;
  ctx.entity_floors.clear();
  Gather(query, params, &cand, &ctx);  // leaves sc's key hits filled
  // The candidates' prepared names are scattered in memory: start loading them all now.
  for (uint32_t id : cand) __builtin_prefetch(&prepared(id));
  for (uint32_t id : cand) {
    const names::PreparedName& p = prepared(id);
    __builtin_prefetch(p.tokens.data());
    __builtin_prefetch(p.buffer.data());
  }

  // Stage 1: score candidate names alone (no explanation, no allocation), best bound first,
  // until each entity has one name that can reach the floor (threshold - the query's attribute
  // bonus) with the largest attribute bonus: stage 2 scores all of that entity's names anyway.
  names::ScoreOptions so;
  so.threshold = params.threshold;
  so.explain = false;
  so.pair_cache = &pair_cache;
  const double floor = params.threshold - ctx.attribute_bonus;
  struct Best {
    uint32_t entity;
    double score;
  };
  thread_local std::vector<Best> best;  // entities reaching the floor, with the first such name score
  best.clear();
  best.reserve(cand.size());
  thread_local std::vector<std::pair<uint32_t, double>> scored;  // every (name id, score) of stage 1
  scored.clear();
  scored.reserve(cand.size());
  // Scores of names equal to other names (name_class_), by class: each class is scored once.
  thread_local std::vector<std::pair<uint32_t, double>> class_score;
  class_score.clear();
  // The alignments of the names scored at or above the floor (by name class for equal names,
  // else by name id), when explanations are asked: ScoreEntity explains the best name from
  // its alignment instead of scoring it again.
  thread_local std::vector<std::pair<uint32_t, names::Alignment>> aligned;
  aligned.clear();
  thread_local names::Alignment alignment;
  so.alignment = &alignment;
  auto alignment_key = [&](uint32_t id) {
    const uint32_t cls = name_class_[id];
    return (cls & kSharedClass) ? cls : id;  // distinct: ids are below kSharedClass
  };
  auto score_name = [&](uint32_t id) {
    const uint32_t cls = name_class_[id];
    if (cls & kSharedClass)
      for (const auto& [c, s] : class_score)
        if (c == cls) return s;
    const double s = names::ScoreNames(query, prepared(id), stats_, so).score;
    if (cls & kSharedClass) class_score.emplace_back(cls, s);
    if (params.explain && s >= floor) aligned.emplace_back(alignment_key(id), alignment);
    return s;
  };
  for (uint32_t id : cand) {
    const uint32_t e = name_entity_[id];
    if (std::any_of(best.begin(), best.end(), [&](const Best& b) { return b.entity == e; })) continue;
    const double s = score_name(id);
    scored.emplace_back(id, s);
    // (the query's floor, not the entity's: stage 2 may find a better name of the entity that
    // was not a candidate)
    if (s >= floor) best.push_back({e, s});
  }

  // An entity holding one of the query's identity documents is scored whatever its names'
  // keys: an equal identifier lifts its score to 0.97 (names::ScoreEntity; its floor is then
  // -inf, so all its names are scored in stage 2).
  const uint64_t allowed = attrs.documents.empty() ? 0 : AllowedClasses(params);
  for (const auto& d : attrs.documents) {
    const std::string k = names::DocumentKey(d.number);
    if (k.size() < names::kMinDocumentKey) continue;
    const uint64_t h = names::TokenHash(k);
    for (auto it = std::lower_bound(document_entities_.begin(), document_entities_.end(), std::make_pair(h, uint32_t{0}));
         it != document_entities_.end() && it->first == h; ++it) {
      const uint32_t e = it->second;
      if (entity_class_[e] < 64 && !((allowed >> entity_class_[e]) & 1)) continue;
      if (std::none_of(best.begin(), best.end(), [&](const Best& b) { return b.entity == e; })) best.push_back({e, -1});
    }
  }

  // Stage 2: full entity scoring (all names, attribute adjustments) for the survivors, with
  // the explanation when asked. The entity's names whose score bound is below the floor are
  // left out, as candidates are, so ScoreEntity scores only the names that can matter; the
  // stage-1 score is passed on, not recomputed.
  names::ScoreOptions full = so;  // `so` (no explanation) stays score_name's
  full.explain = params.explain;
  full.alignment = nullptr;
  // The query keys whose postings hold a name (the scratch's bits, and the partly read key's).
  auto key_hits = [&](uint32_t name_id) {
    uint32_t mask = sc.Mask(name_id);
    const uint32_t packed = name_id | (static_cast<uint32_t>(BoundTokens(name_id).size()) << kIdBits);
    for (size_t k = ctx.partial; k < std::min<size_t>(ctx.scanned, 32); ++k) {
      const uint32_t bit = uint32_t{1} << k;
      const std::span<const uint32_t> post = ctx.keys[k].postings;
      if (!(mask & bit) && std::binary_search(post.begin(), post.end(), packed)) mask |= bit;
    }
    return mask;
  };
  thread_local std::vector<const names::PreparedName*> entity_names;
  thread_local std::vector<double> known;
  thread_local std::vector<const names::Alignment*> known_alignments;
  for (const Best& b : best) {
    const uint32_t e = b.entity;
    const uint32_t first = entity_first_[e], count = entity_first_[e + 1] - first;
    entity_names.assign(count, nullptr);
    known.assign(count, std::numeric_limits<double>::quiet_NaN());
    // The stage-1 scores of its names; a name whose bound is below both the floor and the best of
    // them cannot be the entity's best name (ScoreEntity keeps the first of equal scores, so
    // equal bounds are scored).
    const uint32_t base = entity_name_base_[e];
    const double entity_floor = EntityFloor(ctx, e, params.threshold);
    double known_best = entity_floor;
    for (const auto& [sid, score] : scored) {
      if (sid < base || name_entity_[sid] != e) continue;
      const uint32_t k = name_prepared_[sid] - first;
      known[k] = score;
      known_best = std::max(known_best, score);
    }
    uint32_t id = base;
    bool to_score = false;  // a name ScoreEntity scores (its score not known)
    double best_known = -1;
    for (uint32_t k = 0; k < count; ++k) {
      const names::PreparedName& p = prepared_all_[first + k];
      if (p.empty()) continue;
      const uint32_t name_id = id++;
      if (!std::isnan(known[k]) || !params.prune ||
          ctx.Bound(query, names::BoundCandidate{BoundTokens(name_id), token_dict_.data(), token_slot_.data()}, key_hits(name_id),
                    known_best, false) >= known_best - 1e-6) {
        entity_names[k] = &p;
        // A name equal to another: scored once per query (ScoreEntity would compute the same
        // score, without an explanation).
        if (std::isnan(known[k]) && (name_class_[name_id] & kSharedClass)) known[k] = score_name(name_id);
        if (std::isnan(known[k])) to_score = true;
        else best_known = std::max(best_known, known[k]);
      }
    }
    // Every name scored and none reaching the entity's floor (its attributes lower the score,
    // or add less than the query's most): no hit, nothing to explain.
    if (params.prune && !to_score && best_known < entity_floor - 1e-9) continue;
    // (after the scoring above: `aligned` no longer grows for this entity)
    known_alignments.assign(count, nullptr);
    if (params.explain) {
      id = base;
      for (uint32_t k = 0; k < count; ++k) {
        if (prepared_all_[first + k].empty()) continue;
        const uint32_t key = alignment_key(id++);
        if (std::isnan(known[k]) || known[k] < floor) continue;
        for (const auto& [ak, al] : aligned)
          if (ak == key) known_alignments[k] = &al;
      }
    }
    names::ScoreResult r =
        names::ScoreEntity(query, attrs, entities_[e], entity_names, known, stats_, full, known_alignments);
    if (r.score < params.threshold || r.explanation.candidate_name < 0) continue;
    NameHit h;
    h.entity = e;
    h.score = r.score;
    h.name = r.explanation.candidate_name;
    if (params.explain) h.explanation = std::move(r.explanation);
    hits.push_back(std::move(h));
  }
  RankHits(hits, params.limit);
  return hits;
}

}  // namespace tamis::index
