#include "index/names/name_index.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

namespace tamis::index {
namespace {

unsigned ThreadCount(unsigned requested) {
  if (requested) return requested;
  const unsigned hc = std::thread::hardware_concurrency();
  return hc ? hc : 1;
}

// Runs fn(begin, end) over [0, n) in chunks on `threads` threads (the caller's thread included).
template <typename Fn>
void ParallelChunks(size_t n, unsigned threads, size_t chunk, const Fn& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (;;) {
      const size_t b = next.fetch_add(chunk);
      if (b >= n) return;
      fn(b, std::min(n, b + chunk));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

size_t StrBytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

size_t EntityBytes(const Entity& e) {
  size_t b = sizeof(Entity) + StrBytes(e.id) + StrBytes(e.source) + StrBytes(e.native_id) + StrBytes(e.remarks) +
             StrBytes(e.source_record) + StrBytes(e.listed_on) + StrBytes(e.last_updated);
  for (const auto& n : e.names) {
    b += sizeof(Name) + StrBytes(n.full) + StrBytes(n.script) + StrBytes(n.language);
    for (const auto& p : n.parts) b += sizeof(NamePart) + StrBytes(p.value);
  }
  b += e.dates_of_birth.capacity() * sizeof(DateOfBirth);
  for (const auto& d : e.dates_of_birth) b += StrBytes(d.raw);
  b += e.places_of_birth.capacity() * sizeof(Place);
  for (const auto& p : e.places_of_birth) b += StrBytes(p.text) + StrBytes(p.city) + StrBytes(p.region);
  for (const auto* v : {&e.nationalities, &e.citizenships, &e.programs, &e.titles, &e.related_ids, &e.external_refs}) {
    b += v->capacity() * sizeof(std::string);
    for (const auto& s : *v) b += StrBytes(s);
  }
  b += e.documents.capacity() * sizeof(IdentityDocument);
  for (const auto& d : e.documents) b += StrBytes(d.type) + StrBytes(d.number) + StrBytes(d.note);
  b += e.addresses.capacity() * sizeof(Address);
  for (const auto& a : e.addresses) b += StrBytes(a.full) + StrBytes(a.street) + StrBytes(a.city);
  return b;
}

size_t PreparedBytes(const names::PreparedName& p) {
  return sizeof(names::PreparedName) + StrBytes(p.buffer) + p.tokens.capacity() * sizeof(names::PreparedToken);
}

// Per-thread accumulator of key rarity per name id, reset through the touched list.
struct Scratch {
  std::vector<float> acc;
  std::vector<uint32_t> touched;
};

Scratch& ThreadScratch(size_t names) {
  thread_local Scratch s;
  if (s.acc.size() < names) s.acc.assign(names, 0.0f);
  return s;
}

}  // namespace

uint64_t CandidateKeyHash(std::string_view key) { return names::TokenHash(key); }

std::shared_ptr<const NameIndex> NameIndex::Build(std::vector<Entity> entities, const NameIndexOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  std::shared_ptr<NameIndex> ix(new NameIndex());
  ix->entities_ = std::move(entities);
  const unsigned threads = ThreadCount(options.threads);
  auto& ents = ix->entities_;

  // Sources and the flat name layout.
  ix->entity_first_.resize(ents.size() + 1);
  ix->entity_source_.resize(ents.size());
  uint32_t total = 0;
  for (size_t e = 0; e < ents.size(); ++e) {
    if (options.strip_entities) {
      ents[e].source_record.clear();
      ents[e].source_record.shrink_to_fit();
      ents[e].remarks.clear();
      ents[e].remarks.shrink_to_fit();
      ents[e].addresses.clear();
      ents[e].addresses.shrink_to_fit();
    }
    auto it = std::find(ix->sources_.begin(), ix->sources_.end(), ents[e].source);
    if (it == ix->sources_.end()) it = ix->sources_.insert(ix->sources_.end(), ents[e].source);
    ix->entity_source_[e] = static_cast<uint32_t>(it - ix->sources_.begin());
    ix->entity_first_[e] = total;
    total += static_cast<uint32_t>(std::min<size_t>(ents[e].names.size(), 65535));
  }
  ix->entity_first_[ents.size()] = total;

  // Prepare every name on all cores. prepared_all_[entity_first_[e] + slot].
  ix->prepared_all_.resize(total);
  ParallelChunks(ents.size(), threads, 256, [&](size_t b, size_t end) {
    for (size_t e = b; e < end; ++e) {
      const Entity& ent = ents[e];
      const uint32_t first = ix->entity_first_[e];
      const uint32_t count = ix->entity_first_[e + 1] - first;
      for (uint32_t s = 0; s < count; ++s) {
        const Name& n = ent.names[s];
        if (!options.include_original_script && n.type == NameType::kOriginalScript) continue;
        ix->prepared_all_[first + s] = names::PrepareName(n.full, ent.kind);
      }
    }
  });

  // Name ids for the non-empty prepared names.
  names::TokenStatsBuilder stats;
  for (size_t e = 0; e < ents.size(); ++e) {
    for (uint32_t s = 0; s < ix->entity_first_[e + 1] - ix->entity_first_[e]; ++s) {
      const auto& p = ix->prepared_all_[ix->entity_first_[e] + s];
      if (p.empty()) continue;
      ix->name_entity_.push_back(static_cast<uint32_t>(e));
      ix->name_slot_.push_back(static_cast<uint16_t>(s));
      stats.Add(p);
    }
  }
  ix->stats_ = stats.Build();
  const size_t n_names = ix->name_entity_.size();

  // (key hash, name id) pairs, per chunk in parallel, then one sort.
  std::vector<std::vector<std::pair<uint64_t, uint32_t>>> parts((n_names + 4095) / 4096);
  ParallelChunks(n_names, threads, 4096, [&](size_t b, size_t end) {
    auto& out = parts[b / 4096];
    out.reserve((end - b) * 4);
    for (size_t id = b; id < end; ++id) {
      for (const auto& k : names::CandidateKeys(ix->prepared(static_cast<uint32_t>(id))))
        out.emplace_back(CandidateKeyHash(k), static_cast<uint32_t>(id));
    }
  });
  std::vector<std::pair<uint64_t, uint32_t>> pairs;
  size_t n_pairs = 0;
  for (const auto& p : parts) n_pairs += p.size();
  pairs.reserve(n_pairs);
  for (auto& p : parts) {
    pairs.insert(pairs.end(), p.begin(), p.end());
    std::vector<std::pair<uint64_t, uint32_t>>().swap(p);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

  ix->postings_.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i == 0 || pairs[i].first != pairs[i - 1].first) {
      ix->key_hashes_.push_back(pairs[i].first);
      ix->key_offsets_.push_back(static_cast<uint32_t>(ix->postings_.size()));
    }
    ix->postings_.push_back(pairs[i].second);
  }
  ix->key_offsets_.push_back(static_cast<uint32_t>(ix->postings_.size()));
  ix->key_hashes_.shrink_to_fit();
  ix->key_offsets_.shrink_to_fit();

  // Statistics and a memory estimate.
  NameIndexStats& info = ix->info_;
  info.entities = ents.size();
  info.names = n_names;
  info.keys = ix->key_hashes_.size();
  info.postings = ix->postings_.size();
  for (size_t k = 0; k < info.keys; ++k)
    info.max_postings = std::max<size_t>(info.max_postings, ix->key_offsets_[k + 1] - ix->key_offsets_[k]);
  size_t mem = ents.capacity() * sizeof(Entity);
  for (const auto& e : ents) mem += EntityBytes(e) - sizeof(Entity);
  for (const auto& p : ix->prepared_all_) mem += PreparedBytes(p);
  mem += ix->entity_first_.capacity() * 4 + ix->entity_source_.capacity() * 4 + ix->name_entity_.capacity() * 4 +
         ix->name_slot_.capacity() * 2 + ix->key_hashes_.capacity() * 8 + ix->key_offsets_.capacity() * 4 +
         ix->postings_.capacity() * 4;
  mem += ix->stats_.distinct_tokens() * 32;  // unordered_map node + bucket, roughly
  info.memory_bytes = mem;
  info.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return ix;
}

std::span<const uint32_t> NameIndex::Postings(uint64_t key_hash) const {
  auto it = std::lower_bound(key_hashes_.begin(), key_hashes_.end(), key_hash);
  if (it == key_hashes_.end() || *it != key_hash) return {};
  const size_t k = static_cast<size_t>(it - key_hashes_.begin());
  return std::span<const uint32_t>(postings_.data() + key_offsets_[k], key_offsets_[k + 1] - key_offsets_[k]);
}

void NameIndex::Gather(const names::PreparedName& query, const NameSearchParams& params,
                       std::vector<uint32_t>* out) const {
  out->clear();
  if (query.empty() || name_entity_.empty() || params.max_candidates == 0) return;

  // Allowed sources as a bit set over sources_ (at most 64 filtered; more = no filter).
  uint64_t allowed = ~uint64_t{0};
  const bool filter = !params.sources.empty() && sources_.size() <= 64;
  if (filter) {
    allowed = 0;
    for (size_t s = 0; s < sources_.size(); ++s)
      if (std::find(params.sources.begin(), params.sources.end(), sources_[s]) != params.sources.end())
        allowed |= uint64_t{1} << s;
    if (allowed == 0) return;
  }

  struct KeyRef {
    std::span<const uint32_t> postings;
  };
  std::vector<KeyRef> keys;
  for (const auto& k : names::CandidateKeys(query)) {
    auto p = Postings(CandidateKeyHash(k));
    if (!p.empty()) keys.push_back({p});
  }
  std::sort(keys.begin(), keys.end(), [](const KeyRef& a, const KeyRef& b) { return a.postings.size() < b.postings.size(); });

  Scratch& sc = ThreadScratch(name_entity_.size());
  sc.touched.clear();
  const double n = static_cast<double>(name_entity_.size());
  for (const auto& k : keys) {
    if (k.postings.size() > params.max_key_postings && sc.touched.size() >= params.max_candidates) break;
    const float w = static_cast<float>(std::log(1.0 + n / static_cast<double>(k.postings.size())));
    for (uint32_t id : k.postings) {
      if (filter && !((allowed >> entity_source_[name_entity_[id]]) & 1)) continue;
      float& a = sc.acc[id];
      if (a == 0.0f) sc.touched.push_back(id);
      a += w;
    }
  }

  if (sc.touched.size() > params.max_candidates) {
    std::nth_element(sc.touched.begin(), sc.touched.begin() + static_cast<std::ptrdiff_t>(params.max_candidates),
                     sc.touched.end(), [&](uint32_t a, uint32_t b) {
                       if (sc.acc[a] != sc.acc[b]) return sc.acc[a] > sc.acc[b];
                       return a < b;
                     });
    out->assign(sc.touched.begin(), sc.touched.begin() + static_cast<std::ptrdiff_t>(params.max_candidates));
  } else {
    out->assign(sc.touched.begin(), sc.touched.end());
  }
  for (uint32_t id : sc.touched) sc.acc[id] = 0.0f;
  sc.touched.clear();
}

std::vector<uint32_t> NameIndex::Candidates(const names::PreparedName& query, const NameSearchParams& params) const {
  std::vector<uint32_t> out;
  Gather(query, params, &out);
  return out;
}

std::vector<NameHit> NameIndex::Search(const names::PreparedName& query, const names::QueryAttributes& attrs,
                                       const NameSearchParams& params) const {
  std::vector<NameHit> hits;
  if (params.limit == 0) return hits;
  std::vector<uint32_t> cand;
  Gather(query, params, &cand);

  // Stage 1: score each candidate name alone (no explanation, no allocation) and keep the best
  // name per entity. Entities whose best candidate name cannot reach the threshold even with
  // the largest attribute bonus are dropped here.
  names::ScoreOptions so;
  so.threshold = params.threshold;
  so.explain = false;
  struct Best {
    uint32_t entity;
    float score;
  };
  std::vector<Best> best;
  best.reserve(cand.size());
  for (uint32_t id : cand) {
    const float s = static_cast<float>(names::ScoreNames(query, prepared(id), stats_, so).score);
    best.push_back({name_entity_[id], s});
  }
  std::sort(best.begin(), best.end(), [](const Best& a, const Best& b) {
    return a.entity != b.entity ? a.entity < b.entity : a.score > b.score;
  });
  const double floor = params.threshold - kMaxAttributeBonus;

  // Stage 2: full entity scoring (all names, attribute adjustments) for the survivors.
  for (size_t i = 0; i < best.size(); ++i) {
    if (i > 0 && best[i].entity == best[i - 1].entity) continue;
    if (best[i].score < floor) continue;
    const uint32_t e = best[i].entity;
    const std::span<const names::PreparedName> en(prepared_all_.data() + entity_first_[e],
                                                  entity_first_[e + 1] - entity_first_[e]);
    names::ScoreResult r = names::ScoreEntity(query, attrs, entities_[e], en, stats_, so);
    if (r.score < params.threshold || r.explanation.candidate_name < 0) continue;
    NameHit h;
    h.entity = e;
    h.score = r.score;
    h.name = r.explanation.candidate_name;
    hits.push_back(std::move(h));
  }
  std::sort(hits.begin(), hits.end(), [&](const NameHit& a, const NameHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return entities_[a.entity].id < entities_[b.entity].id;
  });
  if (hits.size() > params.limit) hits.resize(params.limit);
  if (params.explain) {
    so.explain = true;
    for (auto& h : hits) {
      const uint32_t e = h.entity;
      const std::span<const names::PreparedName> en(prepared_all_.data() + entity_first_[e],
                                                    entity_first_[e + 1] - entity_first_[e]);
      h.explanation = names::ScoreEntity(query, attrs, entities_[e], en, stats_, so).explanation;
    }
  }
  return hits;
}

}  // namespace tamis::index
