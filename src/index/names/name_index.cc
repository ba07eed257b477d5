#include "index/names/name_index.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <unordered_set>

#include "core/text/phonetic.h"
#include "core/text/tokenise.h"

namespace tamis::index {
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

// Per-thread accumulator of key rarity and of the keys hit (bit k = query key k, k < 32) per
// name id, reset through the touched list.
struct Scratch {
  std::vector<float> acc;
  std::vector<uint32_t> key_mask;
  std::vector<uint32_t> touched;
};

Scratch& ThreadScratch(size_t names) {
  thread_local Scratch s;
  if (s.acc.size() < names) {
    s.acc.assign(names, 0.0f);
    s.key_mask.assign(names, 0);
  }
  return s;
}

// Tokens that give no key of their own (CandidateKeys skips them): counted as aligned by the
// bound whatever the candidate (they weigh little: role weights 0.05-0.35).
constexpr uint16_t kKeyless = text::kTokenTitle | text::kTokenParticle | text::kTokenStopword |
                              text::kTokenLegalForm | text::kTokenInitial | text::kTokenNumeric;
// Tokens the scorer never counts as a conflict when unaligned (scorer.cc kNeverConflict).
constexpr uint16_t kNeverConflict = text::kTokenTitle | text::kTokenParticle | text::kTokenStopword |
                                    text::kTokenLegalForm;
// Smallest cost factor of an unaligned token relative to options.extra_penalty (a missing
// patronymic costs half an extra; scorer.h).
constexpr double kMinExtraFactor = 0.5;
// Least weight a substituted token costs (scorer.h: "at least weight 0.6").
constexpr double kMinConflictWeight = 0.6;
// Fallback keys count this fraction of their rarity, and a token uses at most this many.
constexpr float kFallbackRarity = 0.5f;
constexpr size_t kMaxFallbackKeys = 24;
constexpr size_t kMinFallbackLength = 3;  // skeletons shorter than this get no fallback
// A token whose own key is posted to at most this many names also gets fallback keys: a typo
// can make another rare name ("Innocnet" -> ANKNT, as "Inocente").
constexpr size_t kFallbackBelow = 8;

// Whether two consonant skeletons are within one edit (substitution, insertion, deletion or
// adjacent transposition), ignoring one leading "A" (a vowel or a dropped ayn: "dnan" ~ "adnan").
bool NearSkeletons(std::string_view a, std::string_view b) {
  if (a.size() > 1 && a[0] == 'A') a.remove_prefix(1);
  if (b.size() > 1 && b[0] == 'A') b.remove_prefix(1);
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or b has one more at the end
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
  }
  return a.substr(i) == b.substr(i + 1);  // b has one more at i
}

// Given names of one group (Bill ~ William) align whatever their keys.
bool SameGroup(const names::PreparedToken& a, const names::PreparedToken& b) {
  for (uint8_t ga : a.name_group)
    if (ga && (ga == b.name_group[0] || ga == b.name_group[1])) return true;
  return false;
}

uint64_t VariantHash(std::string_view v) { return names::TokenHash(v) ^ 0x9e3779b97f4a7c15ULL; }

// A query key: its postings, the query tokens (bits) it stands for, its rarity.
struct QueryKey {
  uint64_t hash = 0;
  std::span<const uint32_t> postings;
  uint32_t tokens = 0;  // query token bits; 0 = not traced to tokens (acronym key)
  float rarity = 0;
};

// Upper bound of ScoreNames(query, cand) (default options `so`) when query tokens that share no
// key with `cand` stay unaligned (see name_index.h). `keys` are all the query's keys;
// `hit_keys` the bits of keys[0..31] whose postings hold this name (found while accumulating).
// Aligned pairs weigh (wq + wc) / 2 and add at most their weight to numerator and denominator;
// unaligned query tokens cost a conflict (1 + kappa) x max(w, 0.6) while the candidate has
// unaligned content tokens left, then an extra; unaligned candidate content tokens left over
// cost an extra. Returns -1 when no key of a query name part links the two (only the query's
// initials against an acronym, for a query that is not an organisation): never a candidate.
double CandidateBound(const names::PreparedName& q, uint32_t q_keyless, uint32_t q_content, uint32_t q_acronym,
                      const std::vector<std::string>& q_joined, const std::vector<QueryKey>& keys, uint32_t hit_keys, const names::PreparedName& c,
                      const names::ScoreOptions& so, bool need_shared = true) {
  const size_t n = std::min(q.tokens.size(), names::kMaxScoredTokens);
  const size_t m = std::min(c.tokens.size(), names::kMaxScoredTokens);
  if (n == 0 || m == 0) return 0;
  uint32_t q_hit = 0;
  uint32_t explained = 0;  // bits of keys[0..31] matched by a candidate token's own skeleton
  bool shared = false;     // a key of a query name part (not only of its initials) links them
  double wc_total = 0, wc_unaligned[names::kMaxScoredTokens];
  uint8_t jc_unaligned[names::kMaxScoredTokens];
  size_t nuc = 0;
  for (size_t j = 0; j < m; ++j) {
    const auto& t = c.tokens[j];
    wc_total += t.weight;
    if (t.flags & kKeyless) continue;  // may align with anything: optimistic
    const std::string_view sk = c.skeleton(j);
    const uint64_t h = sk.size() >= 2 ? names::TokenHash(sk) : 0;  // shorter skeletons are no key
    bool found = false;
    for (size_t k = 0; k < keys.size() && h; ++k)
      if (keys[k].hash == h) {
        found = true;
        // A key not traced to query tokens is the query's initials: this candidate token is an
        // acronym that may align with the run of query tokens it spells.
        q_hit |= keys[k].tokens ? keys[k].tokens : q_acronym;
        shared |= (keys[k].tokens | (keys[k].tokens ? 0 : q_acronym)) != 0;
        if (k < 32) explained |= uint32_t{1} << k;
      }
    if (!found) jc_unaligned[nuc] = static_cast<uint8_t>(j), wc_unaligned[nuc++] = t.weight;
  }
  // Keys this name was found by that no candidate token's skeleton explains: a joined pair or
  // the initials of the candidate. Their query tokens count as aligned, and the candidate side
  // is taken as fully alignable unless every token they stand for is already hit.
  // Initials against initials (both sides' acronym keys) align nothing: ignored.
  for (uint32_t rest = hit_keys & ~explained; rest; rest &= rest - 1) {
    const QueryKey& k = keys[static_cast<size_t>(__builtin_ctz(rest))];
    shared |= k.tokens != 0;
    if (k.tokens & ~q_hit) {
      q_hit |= k.tokens;
      nuc = 0;
    }
  }
  // Unkeyed tokens on both sides whose skeletons are within one edit (a typo the keys miss) or
  // that are given names of one group may still align: counted as aligned, each candidate
  // token once.
  // An initial aligns with a full name part of the same first letter ("George S Helmy" ~
  // "George Santos" for the scorer): each initial absorbs one unkeyed token on the other side.
  uint32_t c_initials = 0;  // candidate initials not yet used
  for (size_t j = 0; j < m; ++j)
    if (c.tokens[j].flags & text::kTokenInitial) c_initials |= uint32_t{1} << j;
  for (size_t i = 0; i < n && nuc > 0; ++i) {
    if (!(q.tokens[i].flags & text::kTokenInitial) || q.text(i).empty()) continue;
    for (size_t k = 0; k < nuc; ++k)
      if (!c.text(jc_unaligned[k]).empty() && c.text(jc_unaligned[k])[0] == q.text(i)[0]) {
        --nuc;
        jc_unaligned[k] = jc_unaligned[nuc];
        wc_unaligned[k] = wc_unaligned[nuc];
        break;
      }
  }
  for (size_t i = 0; i < n; ++i) {
    const uint32_t bit = uint32_t{1} << i;
    if (!(q_content & bit) || (q_hit & bit) || (q_keyless & bit)) continue;
    for (uint32_t ci = c_initials; ci; ci &= ci - 1) {
      const size_t j = static_cast<size_t>(__builtin_ctz(ci));
      if (!c.text(j).empty() && !q.text(i).empty() && c.text(j)[0] == q.text(i)[0]) {
        q_hit |= bit;
        c_initials &= ~(uint32_t{1} << j);
        break;
      }
    }
    if (q_hit & bit) continue;
    // The token joined with the next unaligned one ("hbib allah" ~ "habibullah").
    const uint32_t next = bit << 1;
    if (i + 1 < n && !q_joined[i].empty() && (q_content & next) && !(q_hit & next)) {
      for (size_t k = 0; k < nuc; ++k)
        if (NearSkeletons(q_joined[i], c.skeleton(jc_unaligned[k]))) {
          q_hit |= bit | next;
          --nuc;
          jc_unaligned[k] = jc_unaligned[nuc];
          wc_unaligned[k] = wc_unaligned[nuc];
          break;
        }
      if (q_hit & bit) continue;
    }
    for (size_t k = 0; k < nuc; ++k)
      if (NearSkeletons(q.skeleton(i), c.skeleton(jc_unaligned[k])) || SameGroup(q.tokens[i], c.tokens[jc_unaligned[k]])) {
        q_hit |= bit;
        --nuc;
        jc_unaligned[k] = jc_unaligned[nuc];
        wc_unaligned[k] = wc_unaligned[nuc];
        break;
      }
  }
  if (!shared && need_shared) return -1;
  // A candidate token left unaligned while the query token it resembles was counted aligned
  // through a key of several tokens ("myong guk" joined = MNK = "myong"): not counted as a
  // leftover.
  for (size_t k = 0; k < nuc;) {
    bool near = false;
    for (size_t i = 0; i < n && !near; ++i)
      near = (q_content & (uint32_t{1} << i)) && NearSkeletons(q.skeleton(i), c.skeleton(jc_unaligned[k]));
    if (near) {
      --nuc;
      jc_unaligned[k] = jc_unaligned[nuc];
      wc_unaligned[k] = wc_unaligned[nuc];
    } else {
      ++k;
    }
  }
  double p = 0;  // twice the aligned weight, query side first
  double uq[names::kMaxScoredTokens];
  size_t nuq = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t bit = uint32_t{1} << i;
    const double w = q.tokens[i].weight;
    if ((q_keyless & bit) || (q_hit & bit) || !(q_content & bit)) p += w;
    else uq[nuq++] = w;
  }
  double wc_un_sum = 0;
  for (size_t j = 0; j < nuc; ++j) wc_un_sum += wc_unaligned[j];
  p += wc_total - wc_un_sum;
  p /= 2;
  if (p <= 0) return 0;
  // Cheapest assignment: the lightest unaligned query tokens become the conflicts, the
  // heaviest unaligned candidate tokens are consumed by them.
  std::sort(uq, uq + nuq);
  std::sort(wc_unaligned, wc_unaligned + nuc);
  const size_t conflicts = std::min(nuq, nuc);
  const double kappa = so.conflict_penalty, extra = so.extra_penalty * kMinExtraFactor;
  double x = 0;
  for (size_t k = 0; k < nuq; ++k) x += k < conflicts ? (1 + kappa) * std::max(uq[k], kMinConflictWeight) : uq[k] * extra;
  for (size_t k = 0; k + conflicts < nuc; ++k) x += wc_unaligned[k] * extra;
  return p / (p + x);
}

}  // namespace

namespace detail {
struct QueryContext {
  uint32_t keyless = 0, content = 0, acronym = 0;
  std::vector<std::string> joined;
  std::vector<QueryKey> keys;
  double Bound(const names::PreparedName& q, const names::PreparedName& c, uint32_t hit_keys,
               bool need_shared = true) const {
    return CandidateBound(q, keyless, content, acronym, joined, keys, hit_keys, c, names::ScoreOptions{}, need_shared);
  }
};
}  // namespace detail

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
  ix->entity_name_base_.resize(ents.size());
  for (size_t e = 0; e < ents.size(); ++e) {
    ix->entity_name_base_[e] = static_cast<uint32_t>(ix->name_entity_.size());
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
  // Fold the rarity weights into the list names once (ScoreNames then skips the lookups).
  ParallelChunks(ix->prepared_all_.size(), threads, 4096, [&](size_t b, size_t end) {
    for (size_t i = b; i < end; ++i)
      if (!ix->prepared_all_[i].empty()) names::AttachWeights(&ix->prepared_all_[i], ix->stats_);
  });

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
      for (const auto& k : names::CandidateKeys(p)) out.emplace_back(CandidateKeyHash(k), static_cast<uint32_t>(id));
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
  for (auto& f : fb_parts) {
    ix->fallback_.insert(ix->fallback_.end(), f.begin(), f.end());
    std::vector<std::pair<uint64_t, uint64_t>>().swap(f);
  }
  std::sort(ix->fallback_.begin(), ix->fallback_.end());
  ix->fallback_.erase(std::unique(ix->fallback_.begin(), ix->fallback_.end()), ix->fallback_.end());
  ix->fallback_.shrink_to_fit();
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
  info.fallback_entries = ix->fallback_.size();
  for (size_t k = 0; k < info.keys; ++k)
    info.max_postings = std::max<size_t>(info.max_postings, ix->key_offsets_[k + 1] - ix->key_offsets_[k]);
  size_t mem = ents.capacity() * sizeof(Entity);
  for (const auto& e : ents) mem += EntityBytes(e) - sizeof(Entity);
  for (const auto& p : ix->prepared_all_) mem += PreparedBytes(p);
  mem += ix->entity_first_.capacity() * 4 + ix->entity_source_.capacity() * 4 + ix->name_entity_.capacity() * 4 +
         ix->name_slot_.capacity() * 2 + ix->key_hashes_.capacity() * 8 + ix->key_offsets_.capacity() * 4 +
         ix->postings_.capacity() * 4 + ix->fallback_.capacity() * 16;
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

void NameIndex::FallbackKeys(std::string_view skeleton, std::vector<uint64_t>* out) const {
  auto add = [&](uint64_t vh) {
    auto it = std::lower_bound(fallback_.begin(), fallback_.end(), std::make_pair(vh, uint64_t{0}));
    for (; it != fallback_.end() && it->first == vh && out->size() < kMaxFallbackKeys; ++it) out->push_back(it->second);
  };
  add(VariantHash(skeleton));  // list keys one consonant longer
  std::string v;
  for (size_t d = 0; d < skeleton.size(); ++d) {  // substitutions and list keys one shorter
    v.assign(skeleton.substr(0, d));
    v.append(skeleton.substr(d + 1));
    add(VariantHash(v));
  }
}

void NameIndex::Gather(const names::PreparedName& query, const NameSearchParams& params,
                       std::vector<uint32_t>* out, detail::QueryContext* ctx_out) const {
  out->clear();
  detail::QueryContext local;
  detail::QueryContext& ctx = ctx_out ? *ctx_out : local;
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

  // The query's keys, traced to the tokens they come from (the token's skeleton, an adjacent
  // pair joined); keys not traced (organisation initials) stand for no token in particular.
  const size_t n = std::min(query.tokens.size(), names::kMaxScoredTokens);
  uint32_t q_keyless = 0, q_content = 0;
  std::vector<std::pair<std::string, uint32_t>> traced;
  std::vector<std::string> q_joined(n);  // skeleton of token i joined with token i + 1
  for (size_t i = 0; i < n; ++i) {
    const uint32_t bit = uint32_t{1} << i;
    if (query.tokens[i].flags & kKeyless) {
      q_keyless |= bit;
      continue;
    }
    q_content |= bit;
    if (query.skeleton(i).size() >= 2) traced.emplace_back(std::string(query.skeleton(i)), bit);
    if (i + 1 < query.tokens.size()) {
      std::string joined(query.text(i));
      joined.append(query.text(i + 1));
      q_joined[i] = text::ConsonantSkeleton(joined);
      traced.emplace_back(q_joined[i], i + 1 < n ? bit | (bit << 1) : bit);
    }
  }
  // The query's initials spelling a candidate's acronym token ("People's Liberation Army" ~
  // "PLA") count only for organisation names: a person's initials spelling a company acronym
  // ("Melissa Parker" ~ "MP LLC") are not a shared name part.
  bool org_like = query.kind == NameKind::kOrganisation || query.kind == NameKind::kVessel;
  if (query.kind == NameKind::kUnknown)
    for (size_t i = 0; i < n; ++i) org_like |= (query.tokens[i].flags & (text::kTokenLegalForm | text::kTokenStopword)) != 0;
  const uint32_t q_acronym = org_like ? q_content : 0;
  const double n_names = static_cast<double>(name_entity_.size());
  std::vector<QueryKey> keys;
  for (const auto& k : names::CandidateKeys(query)) {
    QueryKey qk;
    qk.hash = CandidateKeyHash(k);
    qk.postings = Postings(qk.hash);
    for (const auto& [str, bits] : traced)
      if (str == k) qk.tokens |= bits;
    if (qk.postings.empty()) continue;
    qk.rarity = static_cast<float>(std::log(1.0 + n_names / static_cast<double>(qk.postings.size())));
    keys.push_back(qk);
  }
  // Fallback keys for content tokens whose own skeleton is posted nowhere (a typo).
  std::vector<uint64_t> fb;
  for (size_t i = 0; i < n; ++i) {
    if (!(q_content & (uint32_t{1} << i))) continue;
    const std::string_view sk = query.skeleton(i);
    if (sk.size() < kMinFallbackLength || Postings(CandidateKeyHash(sk)).size() > kFallbackBelow) continue;
    fb.clear();
    FallbackKeys(sk, &fb);
    std::sort(fb.begin(), fb.end());
    fb.erase(std::unique(fb.begin(), fb.end()), fb.end());
    for (uint64_t h : fb) {
      auto it = std::find_if(keys.begin(), keys.end(), [&](const QueryKey& k) { return k.hash == h; });
      if (it != keys.end()) {
        it->tokens |= uint32_t{1} << i;
        continue;
      }
      QueryKey qk;
      qk.hash = h;
      qk.postings = Postings(h);
      if (qk.postings.empty()) continue;
      qk.tokens = uint32_t{1} << i;
      qk.rarity = kFallbackRarity * static_cast<float>(std::log(1.0 + n_names / static_cast<double>(qk.postings.size())));
      keys.push_back(qk);
    }
  }
  std::sort(keys.begin(), keys.end(),
            [](const QueryKey& a, const QueryKey& b) { return a.postings.size() < b.postings.size(); });
  ctx.keyless = q_keyless;
  ctx.content = q_content;
  ctx.acronym = q_acronym;
  ctx.joined = std::move(q_joined);
  ctx.keys = std::move(keys);

  Scratch& sc = ThreadScratch(name_entity_.size());
  sc.touched.clear();
  for (size_t ki = 0; ki < ctx.keys.size(); ++ki) {
    const QueryKey& k = ctx.keys[ki];
    if (k.postings.size() > params.max_key_postings && sc.touched.size() >= params.max_candidates) break;
    const uint32_t kbit = ki < 32 ? uint32_t{1} << ki : 0;
    for (uint32_t id : k.postings) {
      if (filter && !((allowed >> entity_source_[name_entity_[id]]) & 1)) continue;
      float& a = sc.acc[id];
      if (a == 0.0f) sc.touched.push_back(id);
      a += k.rarity;
      sc.key_mask[id] |= kbit;
    }
  }

  // The pool: the max_candidates best by rarity, plus names tied with the last of them.
  auto by_rarity = [&](uint32_t a, uint32_t b) {
    if (sc.acc[a] != sc.acc[b]) return sc.acc[a] > sc.acc[b];
    return a < b;
  };
  size_t pool = sc.touched.size();
  if (pool > params.max_candidates) {
    const auto cut = sc.touched.begin() + static_cast<std::ptrdiff_t>(params.max_candidates - 1);
    std::nth_element(sc.touched.begin(), cut, sc.touched.end(), by_rarity);
    const float cut_acc = sc.acc[*cut];
    const size_t cap = std::max(params.max_candidates, params.candidate_pool);
    pool = params.max_candidates;
    for (size_t i = pool; i < sc.touched.size() && pool < cap; ++i)
      if (sc.acc[sc.touched[i]] == cut_acc) std::swap(sc.touched[pool++], sc.touched[i]);
  }

  // Bound each pooled name; keep those that can reach the floor, best bound first.
  const double floor = params.threshold - kMaxAttributeBonus;
  struct Ranked {
    float bound;
    float acc;
    uint32_t id;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(pool);
  for (size_t i = 0; i < pool; ++i) {
    const uint32_t id = sc.touched[i];
    const double b = ctx.Bound(query, prepared(id), sc.key_mask[id]);
    if (b < 0 || (params.prune && b < floor - 1e-6)) continue;
    ranked.push_back({static_cast<float>(b), sc.acc[id], id});
  }
  if (!ctx_out) {
    for (uint32_t id : sc.touched) sc.acc[id] = 0.0f, sc.key_mask[id] = 0;
    sc.touched.clear();
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.bound != b.bound) return a.bound > b.bound;
    if (a.acc != b.acc) return a.acc > b.acc;
    return a.id < b.id;
  });
  if (ranked.size() > params.max_candidates) ranked.resize(params.max_candidates);
  out->reserve(ranked.size());
  for (const auto& r : ranked) out->push_back(r.id);
}

std::vector<uint32_t> NameIndex::Candidates(const names::PreparedName& query, const NameSearchParams& params) const {
  std::vector<uint32_t> out;
  names::PreparedName q = query;
  names::AttachWeights(&q, stats_);
  Gather(q, params, &out);
  return out;
}

std::vector<NameHit> NameIndex::Search(const names::PreparedName& query_in, const names::QueryAttributes& attrs,
                                       const NameSearchParams& params) const {
  std::vector<NameHit> hits;
  if (params.limit == 0) return hits;
  names::PreparedName query = query_in;
  names::AttachWeights(&query, stats_);
  std::vector<uint32_t> cand;
  detail::QueryContext ctx;
  Scratch& sc = ThreadScratch(name_entity_.size());
  Gather(query, params, &cand, &ctx);  // leaves sc's key hits filled

  // Stage 1: score candidate names alone (no explanation, no allocation), best bound first,
  // until each entity has one name that can reach the floor (threshold - kMaxAttributeBonus)
  // with the largest attribute bonus: stage 2 scores all of that entity's names anyway.
  names::ScoreOptions so;
  so.threshold = params.threshold;
  so.explain = false;
  const double floor = params.threshold - kMaxAttributeBonus;
  struct Best {
    uint32_t entity;
    float score;
  };
  std::vector<Best> best;  // entities reaching the floor, with the first such name score
  best.reserve(cand.size());
  for (uint32_t id : cand) {
    const uint32_t e = name_entity_[id];
    if (std::any_of(best.begin(), best.end(), [&](const Best& b) { return b.entity == e; })) continue;
    const double sc = names::ScoreNames(query, prepared(id), stats_, so).score;
    if (sc >= floor) best.push_back({e, static_cast<float>(sc)});
  }

  // Stage 2: full entity scoring (all names, attribute adjustments) for the survivors, with
  // the explanation when asked. The entity's names whose score bound is below the floor are
  // left out (blank), as candidates are, so ScoreEntity scores only the names that can matter.
  so.explain = params.explain;
  thread_local std::vector<names::PreparedName> names_scratch;
  for (const Best& b : best) {
    const uint32_t e = b.entity;
    const uint32_t first = entity_first_[e], count = entity_first_[e + 1] - first;
    if (names_scratch.size() < count) names_scratch.resize(count);
    uint32_t id = entity_name_base_[e];
    for (uint32_t k = 0; k < count; ++k) {
      const names::PreparedName& p = prepared_all_[first + k];
      names::PreparedName& dst = names_scratch[k];
      const uint32_t hit_keys = p.empty() ? 0 : sc.key_mask[id++];
      if (!p.empty() && (!params.prune || ctx.Bound(query, p, hit_keys, false) >= floor - 1e-6)) {
        dst = p;
      } else {
        dst.tokens.clear();
        dst.buffer.clear();
      }
    }
    const std::span<const names::PreparedName> en(names_scratch.data(), count);
    names::ScoreResult r = names::ScoreEntity(query, attrs, entities_[e], en, stats_, so);
    if (r.score < params.threshold || r.explanation.candidate_name < 0) continue;
    NameHit h;
    h.entity = e;
    h.score = r.score;
    h.name = r.explanation.candidate_name;
    if (params.explain) h.explanation = std::move(r.explanation);
    hits.push_back(std::move(h));
  }
  for (uint32_t id : sc.touched) sc.acc[id] = 0.0f, sc.key_mask[id] = 0;
  sc.touched.clear();
  std::sort(hits.begin(), hits.end(), [&](const NameHit& a, const NameHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return entities_[a.entity].id < entities_[b.entity].id;
  });
  if (hits.size() > params.limit) hits.resize(params.limit);
  return hits;
}

}  // namespace tamis::index
