// NameIndex::Build: prepares every list name (on all cores), posts its keys, fills the bound's
// flat token table and token dictionary, the fallback table, name classes and document look-up.
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
using namespace detail;  // the index's internal pieces (posting_accumulator.h, query_context.h)

namespace {

using names::NameKind;

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



// Merges per-chunk (hash, value) pairs, sorts and deduplicates them, and stores the values
// grouped by hash: `values` in hash order, `table` from each hash to its range of `values`.
// The chunks are released as they are merged.
template <typename V>
void GroupByHash(std::vector<std::vector<std::pair<uint64_t, V>>>* parts, detail::HashRanges* table,
                 std::vector<V>* values) {
  std::vector<std::pair<uint64_t, V>> all;
  size_t n = 0;
  for (const auto& p : *parts) n += p.size();
  all.reserve(n);
  for (auto& p : *parts) {
    all.insert(all.end(), p.begin(), p.end());
    std::vector<std::pair<uint64_t, V>>().swap(p);
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  size_t distinct = 0;
  for (size_t i = 0; i < all.size(); ++i) distinct += i == 0 || all[i].first != all[i - 1].first;
  table->Reserve(distinct);
  values->reserve(all.size());
  for (size_t i = 0; i < all.size();) {
    size_t e = i;
    while (e < all.size() && all[e].first == all[i].first) values->push_back(all[e++].second);
    table->Insert(all[i].first, static_cast<uint32_t>(i), static_cast<uint32_t>(e - i));
    i = e;
  }
}


}  // namespace

std::shared_ptr<const NameIndex> NameIndex::Build(std::vector<Entity> entities, const NameIndexOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  std::shared_ptr<NameIndex> ix(new NameIndex());
  ix->entities_ = std::move(entities);
  const unsigned threads = ThreadCount(options.threads);
  auto& ents = ix->entities_;

  // Sources and the flat name layout.
  ix->entity_first_.resize(ents.size() + 1);
  ix->entity_class_.resize(ents.size());
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
    const NameIndex::EntityClass cls{static_cast<uint32_t>(it - ix->sources_.begin()), ents[e].kind};
    auto ct = std::find_if(ix->classes_.begin(), ix->classes_.end(),
                           [&](const NameIndex::EntityClass& c) { return c.source == cls.source && c.kind == cls.kind; });
    if (ct == ix->classes_.end()) ct = ix->classes_.insert(ix->classes_.end(), cls);
    ix->entity_class_[e] = static_cast<uint8_t>(std::min<ptrdiff_t>(ct - ix->classes_.begin(), 255));
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
  ix->entity_name_base_.resize(ents.size());
  for (size_t e = 0; e < ents.size(); ++e) {
    ix->entity_name_base_[e] = static_cast<uint32_t>(ix->name_entity_.size());
    for (uint32_t s = 0; s < ix->entity_first_[e + 1] - ix->entity_first_[e]; ++s) {
      auto& p = ix->prepared_all_[ix->entity_first_[e] + s];
      if (ix->name_entity_.size() >= kIdMask) p = names::PreparedName{};  // beyond 134 million names
      if (p.empty()) continue;
      ix->name_entity_.push_back(static_cast<uint32_t>(e));
      ix->name_prepared_.push_back(ix->entity_first_[e] + s);
      ix->name_class_of_entity_.push_back(ix->entity_class_[e]);
      stats.Add(p);
    }
  }
  ix->stats_ = stats.Build();
  const size_t n_names = ix->name_entity_.size();
  // Fold the rarity weights into the list names once (ScoreNames then skips the lookups).
  ParallelChunks(ix->prepared_all_.size(), threads, 4096, [&](size_t b, size_t end) {
    for (size_t i = b; i < end; ++i)
      if (!ix->prepared_all_[i].empty()) names::AttachWeights(&ix->prepared_all_[i], ix->stats_);
  });
  // Classes of equal prepared names: grouped by a hash of their text, then compared in full.
  ix->name_class_.resize(n_names);
  {
    std::vector<std::pair<uint64_t, uint32_t>> by_hash(n_names);
    ParallelChunks(n_names, threads, 4096, [&](size_t b, size_t end) {
      for (size_t id = b; id < end; ++id) {
        const names::PreparedName& p = ix->prepared(static_cast<uint32_t>(id));
        by_hash[id] = {std::hash<std::string_view>{}(p.buffer) ^ (p.tokens.size() * 0x9E3779B97F4A7C15ULL),
                       static_cast<uint32_t>(id)};
      }
    });
    std::sort(by_hash.begin(), by_hash.end());
    for (size_t i = 0; i < by_hash.size();) {
      size_t end = i + 1;
      while (end < by_hash.size() && by_hash[end].first == by_hash[i].first) ++end;
      // Within a run of equal hashes (ids ascending), each name joins the first equal one.
      for (size_t a = i; a < end; ++a) {
        const uint32_t id = by_hash[a].second;
        ix->name_class_[id] = id;
        for (size_t r = i; r < a; ++r) {
          const uint32_t rep = by_hash[r].second;
          if ((ix->name_class_[rep] & kIdMask) == rep && ix->prepared(rep) == ix->prepared(id)) {
            ix->name_class_[id] = rep | kSharedClass;
            ix->name_class_[rep] |= kSharedClass;
            break;
          }
        }
      }
      i = end;
    }
  }
  // The bound's flat token table, in name id order, with a dense id per distinct token.
  ix->bound_first_.resize(n_names + 1);
  struct TokenKey {
    uint64_t hash;
    uint32_t source;
    uint16_t flags;
    bool operator==(const TokenKey&) const = default;
  };
  struct TokenKeyHash {
    size_t operator()(const TokenKey& k) const {
      return static_cast<size_t>(k.hash ^ (uint64_t{k.flags} << 48) ^ (uint64_t{k.source} * 0x9E3779B97F4A7C15ULL));
    }
  };
  std::unordered_map<TokenKey, uint32_t, TokenKeyHash> token_ids;
  token_ids.reserve(n_names);
  for (size_t id = 0; id < n_names; ++id) {
    ix->bound_first_[id] = static_cast<uint32_t>(ix->bound_tokens_.size());
    const names::PreparedName& p = ix->prepared(static_cast<uint32_t>(id));
    const size_t m = std::min(p.tokens.size(), names::kMaxScoredTokens);
    for (size_t j = 0; j < m; ++j) {
      names::BoundToken* b = &ix->bound_tokens_.emplace_back();
      names::FillBoundToken(p, j, b);
      b->shared_name = (ix->name_class_[id] & kSharedClass) != 0;
      const names::PreparedToken& t = p.tokens[j];
      const auto [it, added] =
          token_ids.try_emplace(TokenKey{t.hash, t.source, t.flags}, static_cast<uint32_t>(token_ids.size()));
      b->token_id = it->second;
      if (added) ix->AddDictionaryToken(p, j);
    }
  }
  ix->bound_first_[n_names] = static_cast<uint32_t>(ix->bound_tokens_.size());
  ix->bound_tokens_.shrink_to_fit();

  // (key hash, name id) pairs, per chunk in parallel, then one sort.
  // Distinct single-token keys per chunk (deduplicated again below) feed the fallback table.
  std::vector<std::vector<std::pair<uint64_t, uint32_t>>> parts((n_names + 4095) / 4096);
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> fb_parts(parts.size());
  ParallelChunks(n_names, threads, 4096, [&](size_t b, size_t end) {
    auto& out = parts[b / 4096];
    auto& fb = fb_parts[b / 4096];
    std::unordered_set<uint64_t> seen;
    out.reserve((end - b) * 4);
    std::string v;
    for (size_t id = b; id < end; ++id) {
      const names::PreparedName& p = ix->prepared(static_cast<uint32_t>(id));
      const uint32_t posting =
          static_cast<uint32_t>(id) | ((ix->bound_first_[id + 1] - ix->bound_first_[id]) << kIdBits);
      for (const auto& k : names::CandidateKeys(p)) out.emplace_back(CandidateKeyHash(k), posting);
      for (size_t i = 0; i < p.tokens.size(); ++i) {
        if (p.tokens[i].flags & kKeyless) continue;
        const std::string_view sk = p.skeleton(i);
        if (sk.size() < kMinFallbackLength) continue;
        const uint64_t kh = CandidateKeyHash(sk);
        if (!seen.insert(kh).second) continue;
        fb.emplace_back(VariantHash(sk), kh);
        for (size_t d = 0; d < sk.size(); ++d) {
          v.assign(sk.substr(0, d));
          v.append(sk.substr(d + 1));
          fb.emplace_back(VariantHash(v), kh);
        }
      }
    }
  });
  GroupByHash(&fb_parts, &ix->fallback_, &ix->fallback_keys_);
  GroupByHash(&parts, &ix->keys_, &ix->postings_);
  // Each variant's keys, rarest first (fewest postings, then by hash), as FallbackKeys takes
  // them.
  for (const auto& slot : ix->fallback_.slots()) {
    if (slot.count < 2) continue;
    auto* first = ix->fallback_keys_.data() + slot.first;
    std::sort(first, first + slot.count, [&](uint64_t a, uint64_t b) {
      const size_t na = ix->Postings(a).size(), nb = ix->Postings(b).size();
      return na != nb ? na < nb : a < b;
    });
  }
  // A key's rarity (idf) by its number of postings, looked up per query key.
  size_t longest = 0;
  for (const auto& slot : ix->keys_.slots()) longest = std::max<size_t>(longest, slot.count);
  ix->rarity_.resize(longest + 1);
  for (size_t c = 1; c <= longest; ++c)
    ix->rarity_[c] = static_cast<float>(std::log(1.0 + static_cast<double>(n_names) / static_cast<double>(c)));

  // Statistics and a memory estimate.
  NameIndexStats& info = ix->info_;
  info.entities = ents.size();
  info.names = n_names;
  info.keys = ix->keys_.size();
  info.postings = ix->postings_.size();
  info.fallback_entries = ix->fallback_keys_.size();
  for (const uint32_t c : ix->name_class_) info.equal_names += (c & kSharedClass) != 0;
  for (const auto& slot : ix->keys_.slots()) info.max_postings = std::max<size_t>(info.max_postings, slot.count);
  for (size_t e = 0; e < ents.size(); ++e)
    for (const auto& d : ents[e].documents)
      if (const std::string k = names::DocumentKey(d.number); k.size() >= names::kMinDocumentKey)
        ix->document_entities_.emplace_back(names::TokenHash(k), static_cast<uint32_t>(e));
  std::sort(ix->document_entities_.begin(), ix->document_entities_.end());
  ix->document_entities_.erase(std::unique(ix->document_entities_.begin(), ix->document_entities_.end()),
                               ix->document_entities_.end());
  size_t mem = ents.capacity() * sizeof(Entity);
  for (const auto& e : ents) mem += EntityBytes(e) - sizeof(Entity);
  for (const auto& p : ix->prepared_all_) mem += PreparedBytes(p);
  mem += ix->entity_first_.capacity() * 4 + ix->entity_class_.capacity() + ix->name_class_of_entity_.capacity() + ix->name_entity_.capacity() * 4 +
         ix->name_prepared_.capacity() * 4 + ix->keys_.memory_bytes() + ix->postings_.capacity() * 4 +
         ix->fallback_.memory_bytes() + ix->fallback_keys_.capacity() * 8 + ix->bound_first_.capacity() * 4 +
         ix->bound_tokens_.capacity() * sizeof(detail::BoundToken) + ix->token_slot_.capacity() * 4 +
         ix->rarity_.capacity() * 4 + ix->name_class_.capacity() * 4 + ix->document_entities_.capacity() * 16;
  for (const auto& d : ix->token_dict_) mem += PreparedBytes(d);
  mem += ix->stats_.memory_bytes();
  info.memory_bytes = mem;
  info.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return ix;
}

namespace detail {

void HashRanges::Reserve(size_t n) {
  size_t cap = 16;
  int bits = 4;
  while (cap < 2 * n) cap <<= 1, ++bits;
  slots_.assign(cap, Slot{});
  shift_ = 64 - bits;
  size_ = 0;
}

void HashRanges::Insert(uint64_t hash, uint32_t first, uint32_t count) {
  const size_t mask = slots_.size() - 1;
  for (size_t i = Home(hash);; i = (i + 1) & mask)
    if (slots_[i].count == 0) {
      slots_[i] = Slot{hash, first, count};
      ++size_;
      return;
    }
}

const HashRanges::Slot* HashRanges::Find(uint64_t hash) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t i = Home(hash);; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.count == 0) return nullptr;
    if (s.hash == hash) return &s;
  }
}

}  // namespace detail

void NameIndex::AddDictionaryToken(const names::PreparedName& p, size_t j) {
  const std::string_view text = p.text(j), phonetic = p.phonetic(j), skeleton = p.skeleton(j);
  const size_t bytes = text.size() + phonetic.size() + skeleton.size();
  // Offsets into a PreparedName's buffer are 16-bit: a new dictionary name when one is full.
  if (token_dict_.empty() || token_dict_.back().buffer.size() + bytes > 60000 ||
      token_dict_.back().tokens.size() >= 0xFFFF)
    token_dict_.emplace_back();
  names::PreparedName& d = token_dict_.back();
  names::PreparedToken t = p.tokens[j];
  t.text_off = static_cast<uint16_t>(d.buffer.size());
  d.buffer.append(text);
  t.phonetic_off = static_cast<uint16_t>(d.buffer.size());
  d.buffer.append(phonetic);
  t.skeleton_off = static_cast<uint16_t>(d.buffer.size());
  d.buffer.append(skeleton);
  token_slot_.push_back((static_cast<uint32_t>(token_dict_.size() - 1) << 16) | static_cast<uint32_t>(d.tokens.size()));
  d.tokens.push_back(t);
}

}  // namespace tamis::index
