// NameIndex::Gather: candidate generation. The query's keys (with fallback keys for rare or
// unknown tokens), their postings accumulated per name (MaxScore shortcuts), the pool of the best
// ranked names and their ties, each pooled name bounded (names::CandidateBound) and ranked.
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

}  // namespace tamis::index
namespace tamis::index::detail {
names::BoundPairMemo& ThreadPairMemo() {
  thread_local names::BoundPairMemo m;
  return m;
}
}  // namespace tamis::index::detail
namespace tamis::index {

size_t NameIndex::KeyPostingCount(std::string_view key) const { return Postings(CandidateKeyHash(key)).size(); }

std::span<const uint32_t> NameIndex::Postings(uint64_t key_hash) const {
  const detail::HashRanges::Slot* s = keys_.Find(key_hash);
  if (!s) return {};
  return std::span<const uint32_t>(postings_.data() + s->first, s->count);
}

void NameIndex::FallbackKeys(std::string_view skeleton, std::vector<uint64_t>* out) const {
  // The skeleton itself (list keys one consonant longer) and its deletions (substitutions and
  // list keys one shorter); all looked up at once (each probe is a cache miss).
  uint64_t variants[65];
  size_t nv = 0;
  variants[nv++] = VariantHash(skeleton);
  char v[64];
  if (skeleton.size() <= sizeof(v))
    for (size_t d = 0; d < skeleton.size(); ++d) {
      std::copy_n(skeleton.data(), d, v);
      std::copy(skeleton.begin() + static_cast<std::ptrdiff_t>(d) + 1, skeleton.end(), v + d);
      variants[nv++] = VariantHash(std::string_view(v, skeleton.size() - 1));
    }
  for (size_t k = 0; k < nv; ++k) __builtin_prefetch(fallback_.HomeSlot(variants[k]));
  const detail::HashRanges::Slot* slot[65];
  uint32_t most = 0;
  for (size_t k = 0; k < nv; ++k) {
    slot[k] = fallback_.Find(variants[k]);
    if (slot[k]) most = std::max(most, slot[k]->count);
  }
  // The variants take turns, each its rarest key not taken yet (a key reached by two variants
  // counts once), up to kMaxFallbackKeys: a short skeleton's variant reaches dozens of keys
  // ("LKL" -> "LL" -> every L?L), and taking the variants in order left the last ones none
  // ("lakahl": LKL never reached LHL, "Lakhal").
  const size_t start = out->size();
  for (uint32_t e = 0; e < most && out->size() - start < kMaxFallbackKeys; ++e)
    for (size_t k = 0; k < nv && out->size() - start < kMaxFallbackKeys; ++k) {
      if (!slot[k] || e >= slot[k]->count) continue;
      const uint64_t h = fallback_keys_[slot[k]->first + e];
      if (std::find(out->begin() + static_cast<std::ptrdiff_t>(start), out->end(), h) == out->end()) out->push_back(h);
    }
}

uint64_t NameIndex::AllowedClasses(const NameSearchParams& params) const {
  if ((params.sources.empty() && params.kinds.empty()) || classes_.size() > 64) return ~uint64_t{0};
  uint64_t allowed = 0;
  for (size_t c = 0; c < classes_.size(); ++c) {
    const bool source_ok = params.sources.empty() || std::find(params.sources.begin(), params.sources.end(),
                                                               sources_[classes_[c].source]) != params.sources.end();
    const bool kind_ok =
        params.kinds.empty() || std::find(params.kinds.begin(), params.kinds.end(), classes_[c].kind) != params.kinds.end();
    if (source_ok && kind_ok) allowed |= uint64_t{1} << c;
  }
  return allowed;
}

void NameIndex::Gather(const names::PreparedName& query, const NameSearchParams& params,
                       std::vector<uint32_t>* out, detail::QueryContext* ctx_out) const {
  out->clear();
  thread_local detail::QueryContext local;
  detail::QueryContext& ctx = ctx_out ? *ctx_out : local;
  if (query.empty() || name_entity_.empty() || params.max_candidates == 0) return;

  const uint64_t allowed = AllowedClasses(params);
  const bool filter = allowed != ~uint64_t{0};
  if (allowed == 0) return;

  // The query's keys (those of names::CandidateKeys), traced to the tokens they come from (the
  // token's skeleton, an adjacent pair joined); keys not traced (organisation initials, tokens
  // beyond kMaxScoredTokens) stand for no token in particular.
  const size_t n = std::min(query.tokens.size(), names::kMaxScoredTokens);
  uint32_t q_keyless = 0, q_content = 0;
  std::vector<std::string>& q_joined = ctx.joined;  // skeleton of token i joined with token i + 1
  q_joined.resize(n);
  for (auto& j : q_joined) j.clear();
  std::vector<names::BoundKey>& keys = ctx.keys;
  keys.clear();
  ctx.sealed_scanned = ~size_t{0};  // (SealKeys below, once the keys' postings are read)
  thread_local std::vector<names::BoundKey> all;  // every key, with or without postings
  all.clear();
  auto key_of = [&](uint64_t h) -> names::BoundKey& {
    for (names::BoundKey& k : all)
      if (k.hash == h) return k;
    names::BoundKey& k = all.emplace_back();
    k.hash = h;
    k.hash32 = static_cast<uint32_t>(h >> 32);
    return k;
  };
  bool abjad = false;  // a token romanised from an abjad (its own pool size below)
  for (size_t i = 0; i < n; ++i) {
    if (query.tokens[i].flags & kKeyless) q_keyless |= uint32_t{1} << i;
    else q_content |= uint32_t{1} << i;
    abjad |= (query.tokens[i].flags & text::kTokenAbjad) != 0;
  }
  names::ForEachTokenKey(query, [&](std::string_view key, size_t i, bool pair) {
    const uint32_t bit = i < n ? uint32_t{1} << i : 0;
    names::BoundKey& k = key_of(CandidateKeyHash(key));
    if (!pair) {
      k.tokens |= bit;
      k.single |= bit;
      return;
    }
    if (!bit) return;
    const uint32_t bits = i + 1 < n ? bit | (bit << 1) : bit;
    const auto len = static_cast<uint8_t>(std::min<size_t>(query.text(i).size() + query.text(i + 1).size(), 255));
    k.tokens |= bits;
    k.pair |= bits;
    k.pair_len_min = std::min(k.pair_len_min, len);
    k.pair_len_max = std::max(k.pair_len_max, len);
    k.pair_abjad |= ((query.tokens[i].flags | query.tokens[i + 1].flags) & text::kTokenAbjad) != 0;
    k.pair_of_names |= i + 1 < n && !(query.tokens[i + 1].flags & kKeyless);
    q_joined[i] = key;
  });
  // The query's initials spelling a candidate's acronym token ("People's Liberation Army" ~
  // "PLA") count only for organisation names: a person's initials spelling a company acronym
  // ("Melissa Parker" ~ "MP LLC") are not a shared name part. Nor is the key read for other
  // names (the bound could align nothing through it): "Maulana Fazlullah" of no stated kind
  // would rank the 39 organisations of initials MF above every Fazlullah.
  bool org_like = query.kind == NameKind::kOrganisation || query.kind == NameKind::kVessel;
  if (query.kind == NameKind::kUnknown)
    for (size_t i = 0; i < n; ++i) org_like |= (query.tokens[i].flags & (text::kTokenLegalForm | text::kTokenStopword)) != 0;
  const uint32_t q_acronym = org_like ? q_content : 0;
  if (org_like)
    if (const std::string acronym = names::AcronymKey(query); !acronym.empty()) (void)key_of(CandidateKeyHash(acronym));
  for (const names::BoundKey& k : all) __builtin_prefetch(keys_.HomeSlot(k.hash));
  for (names::BoundKey& k : all) {
    k.postings = Postings(k.hash);
    if (k.postings.empty()) continue;
    k.rarity = rarity_[k.postings.size()];
    if (k.pair && !k.single && !(k.pair_of_names && k.pair_abjad)) k.rarity *= kJoinedPairRarity;
    keys.push_back(k);
  }
  // Fallback keys for content tokens whose own skeleton is posted to at most kFallbackBelow
  // names (a typo, or a typo making another rare name).
  thread_local std::vector<uint64_t> fb;
  for (size_t i = 0; i < n; ++i) {
    if (!(q_content & (uint32_t{1} << i))) continue;
    const std::string_view sk = query.skeleton(i);
    if (sk.size() < kMinFallbackLength) continue;
    const uint64_t own = CandidateKeyHash(sk);
    const auto it = std::find_if(all.begin(), all.end(), [&](const names::BoundKey& k) { return k.hash == own; });
    if (it != all.end() && it->postings.size() > kFallbackBelow) continue;
    fb.clear();
    FallbackKeys(sk, &fb);
    std::sort(fb.begin(), fb.end());
    fb.erase(std::unique(fb.begin(), fb.end()), fb.end());
    for (uint64_t h : fb) __builtin_prefetch(keys_.HomeSlot(h));
    for (uint64_t h : fb) {
      auto kt = std::find_if(keys.begin(), keys.end(), [&](const names::BoundKey& k) { return k.hash == h; });
      if (kt != keys.end()) {
        kt->tokens |= uint32_t{1} << i;
        kt->single |= uint32_t{1} << i;
        continue;
      }
      names::BoundKey qk;
      qk.hash = h;
      qk.hash32 = static_cast<uint32_t>(h >> 32);
      qk.postings = Postings(h);
      if (qk.postings.empty()) continue;
      qk.tokens = qk.single = uint32_t{1} << i;
      qk.rarity = kFallbackRarity * rarity_[qk.postings.size()];
      keys.push_back(qk);
    }
  }
  std::sort(keys.begin(), keys.end(), [](const names::BoundKey& a, const names::BoundKey& b) {
    return a.postings.size() != b.postings.size() ? a.postings.size() < b.postings.size() : a.hash < b.hash;
  });
  ctx.keyless = q_keyless;
  ctx.content = q_content;
  ctx.acronym = q_acronym;
  ctx.facts.Fill(query);
  for (size_t i = 0; i + 1 < n; ++i)
    if (!q_joined[i].empty()) ctx.facts.joined |= uint32_t{1} << i;
  ctx.memo = &ThreadPairMemo();
  ctx.memo->Reset();

  // Accumulate the keys' rarity per name, rarest keys first.
  Scratch& sc = ThreadScratch();
  sc.Begin(name_entity_.size());
  size_t reach = 0;
  for (const names::BoundKey& k : keys) reach += k.postings.size();
  if (sc.cand.size() < reach) sc.cand.resize(reach);
  Scratch::Seen* const seen = sc.seen.data();
  Scratch::Cand* const cand = sc.cand.data();
  const uint32_t stamp = sc.stamp;
  uint32_t used = 0;
  ctx.scanned = 0;
  ctx.partial = keys.size();
  // A query romanised from an abjad has consonant keys alone, which tie more: its own pool size.
  const size_t cap =
      std::max({params.max_candidates, params.candidate_pool, abjad ? params.abjad_candidate_pool : size_t{0}});
  // rest[ki]: the most rarity keys[ki..] can still give a name (with a margin for rounding).
  thread_local std::vector<float> rest;
  rest.assign(keys.size() + 1, 0.0f);
  for (size_t ki = keys.size(); ki-- > 0;) rest[ki] = rest[ki + 1] + keys[ki].rarity;
  // A name ranks by the rarity of the keys it shares less extra_token_rarity for each token it
  // has beyond the query's: the scorer charges those as extras or conflicts, which the rarity
  // cannot see ("Hussain, Omar", 0.965, went below forty "... Omar Ali Hussain ..." names of
  // five tokens and more for "OMAR ALI HUSSAIN"). A name's `acc` starts at minus its penalty
  // and is its rank; a name not found yet ranks at most the rarity the keys left can give
  // (MaxScore below).
  // (one entry per token count a posting can hold, those above kMaxScoredTokens as it: no
  // clamping per posting)
  constexpr size_t kCounts = size_t{1} << (32 - kIdBits);
  float extra_penalty[kCounts];
  for (size_t t = 0; t <= names::kMaxScoredTokens; ++t)
    extra_penalty[t] = params.extra_token_rarity * static_cast<float>(t > n ? t - n : 0);
  std::fill(extra_penalty + names::kMaxScoredTokens + 1, extra_penalty + kCounts, extra_penalty[names::kMaxScoredTokens]);
  auto penalty = [&](uint32_t tokens) { return extra_penalty[tokens & (kCounts - 1)]; };
  bool only_found = false;  // names not found yet can no longer reach the pool
  thread_local std::vector<Found> found;  // the names found, sorted, once only they are read
  found.clear();
  for (size_t ki = 0; ki < keys.size(); ++ki) {
    const names::BoundKey& k = keys[ki];
    // A key posted to more than max_key_postings names, once the rarer keys found enough names,
    // only adds to those (ranks them: "Hillawi Nino" among the hundreds of Hillawis), as below.
    if (k.postings.size() > params.max_key_postings && used >= params.max_candidates && !only_found) {
      if (used <= cap) break;  // all found names are pooled anyway
      only_found = true;
      ctx.partial = ki;
    }
    ctx.scanned = ki + 1;
    const uint32_t kbit = ki < 32 ? uint32_t{1} << ki : 0;
    const float r = k.rarity;
    // Once max_candidates names found have more rarity than the keys left can give any name,
    // a name not found yet cannot reach the pool's cut (MaxScore): the keys left only add to
    // the names found (checked before a key with more postings than names found so far).
    if (!params.read_all_postings && !only_found && used >= params.max_candidates && k.postings.size() > used) {
      const float bar = rest[ki] * 1.0001f + 1e-4f;
      // (counted in blocks, branch-free within one, stopping once enough names are above)
      size_t above = 0;
      for (uint32_t b = 0; b < used && above < params.max_candidates; b += 64) {
        const uint32_t e = std::min<uint32_t>(used, b + 64);
        for (uint32_t i = b; i < e; ++i) above += cand[i].acc > bar;
      }
      if (above >= params.max_candidates) {
        only_found = true;
        ctx.partial = ki;
      }
    }
    if (only_found) {
      // The names found look themselves up in the key's postings (ordered by token count, then
      // id) by merging the two sorted lists, when that takes fewer steps than reading the
      // postings. No name is added from here on: the found names are sorted once.
      const size_t count = k.postings.size();
      // Reading a posting costs a look-up in `seen`, a cache miss once `seen` outgrows the
      // cache (8 bytes per indexed name: beyond ~256k names).
      const size_t read_cost = count * (name_entity_.size() > (size_t{1} << 18) ? 8 : 1);
      const size_t gallop_cost = size_t{used} * (std::bit_width(count / used) + 2) * 2;
      if (std::min(gallop_cost, size_t{used} + count) < read_cost) {
        if (found.empty()) SortFound(cand, used, &found);
        MergeFound(found, k.postings, gallop_cost < size_t{used} + count, [&](uint32_t slot) {
          cand[slot].acc += r;
          cand[slot].mask |= kbit;
        });
        continue;
      }
      auto add = [&](uint32_t posting) {
        const Scratch::Seen& s = seen[posting & kIdMask];
        if (s.stamp != stamp) return;
        Scratch::Cand& c = cand[s.slot];
        c.acc += r;
        c.mask |= kbit;
      };
      ForEachPosting(k.postings, seen, add);
      continue;
    }
    // The last key, common ("mohammed"), when the rarer keys found fewer names than
    // max_candidates, all with more rarity than it: the names it alone finds all tie at its
    // rarity below every name found so far, so the pool takes all of those and then the tied
    // names in order of TiePreference, lowest ids first: the key's postings are ordered by token
    // count, then id, so only the blocks of the preferred token counts are read, as far as the
    // pool has room; the names found so far look themselves up in the postings.
    if (!params.read_all_postings && ki + 1 == keys.size() && used < params.max_candidates &&
        k.postings.size() > cap) {
      float least = std::numeric_limits<float>::infinity();
      for (uint32_t i = 0; i < used; ++i) least = std::min(least, cand[i].acc + penalty(cand[i].tokens));
      if (least > r) {
        for (uint32_t i = 0; i < used; ++i)
          if (std::binary_search(k.postings.begin(), k.postings.end(), cand[i].id | (cand[i].tokens << kIdBits))) {
            cand[i].acc += r;
            cand[i].mask |= kbit;
          }
        const uint32_t limit = static_cast<uint32_t>(cap);  // used + room
        // The postings of each token count, in order of preference.
        const TiePreference pref(static_cast<size_t>(std::popcount(k.single)));
        for (size_t t = 0; t < kTiePreferences && used < limit; ++t) {
          const uint32_t tokens = pref.tokens[t];
          const auto lo = std::lower_bound(k.postings.begin(), k.postings.end(), tokens << kIdBits);
          for (auto p = lo; p != k.postings.end() && (*p >> kIdBits) == tokens && used < limit; ++p) {
            const uint32_t id = *p & kIdMask;
            if (filter && !((allowed >> name_class_of_entity_[id]) & 1)) continue;
            Scratch::Seen& s = seen[id];
            if (s.stamp == stamp) continue;  // found before (looked up above)
            s = {stamp, used};
            cand[used++] = {r - penalty(tokens), kbit, id, tokens};
          }
        }
        ctx.partial = ki;
        break;
      }
    }
    auto add = [&](uint32_t posting) {
      const uint32_t id = posting & kIdMask;
      Scratch::Seen& s = seen[id];
      if (s.stamp != stamp) {
        s = {stamp, used};
        cand[used++] = {r - penalty(posting >> kIdBits), kbit, id, posting >> kIdBits};
      } else {
        Scratch::Cand& c = cand[s.slot];
        c.acc += r;
        c.mask |= kbit;
      }
    };
    if (filter)
      ForEachPosting(k.postings, seen, [&](uint32_t posting) {
        if ((allowed >> name_class_of_entity_[posting & kIdMask]) & 1) add(posting);
      });
    else
      ForEachPosting(k.postings, seen, add);
  }
  sc.used = used;
  ctx.SealKeys();

  // The pool: the max_candidates best by rarity, plus names tied with the last of them.
  auto& pool = sc.pool;
  pool.clear();
  if (used <= params.max_candidates) {
    for (uint32_t i = 0; i < used; ++i) pool.push_back(i);
  } else {
    // The max_candidates-th largest rarity (a min-heap of the largest seen).
    auto& top = sc.top;
    top.clear();
    for (uint32_t i = 0; i < params.max_candidates; ++i) top.push_back(cand[i].acc);
    std::make_heap(top.begin(), top.end(), std::greater<>());
    // A larger rarity replaces the least kept: one sift down (pop_heap + push_heap made two).
    float* const h = top.data();
    const size_t k = top.size();
    for (uint32_t i = static_cast<uint32_t>(params.max_candidates); i < used; ++i) {
      const float a = cand[i].acc;
      if (!(a > h[0])) continue;
      size_t at = 0;
      for (;;) {
        size_t child = 2 * at + 1;
        if (child >= k) break;
        if (child + 1 < k && h[child + 1] < h[child]) ++child;
        if (!(h[child] < a)) break;
        h[at] = h[child];
        at = child;
      }
      h[at] = a;
    }
    const float cut = top.front();
    // Split without branches (which side a name falls is unpredictable): first the names at or
    // above the cut (one compare per name found), then those split into above and tied.
    auto& tied = sc.tied;
    tied.resize(used);
    size_t reached = 0;
    for (uint32_t i = 0; i < used; ++i) {
      tied[reached] = i;
      reached += cand[i].acc >= cut;
    }
    pool.resize(reached);
    size_t above = 0, at = 0;
    for (size_t r = 0; r < reached; ++r) {
      const uint32_t i = tied[r];
      const bool over = cand[i].acc > cut;
      pool[above] = i;
      above += over;
      tied[at] = i;  // (at <= r: the entries still to read are not overwritten)
      at += !over;
    }
    pool.resize(above);
    tied.resize(at);
    // Names strictly above the cut, then those tied with it. Ties share their keys; when there
    // are more than the pool holds, they go in the order of TiePreference, then by id.
    const size_t room = cap - pool.size();
    if (tied.size() <= room) {
      pool.insert(pool.end(), tied.begin(), tied.end());
    } else {
      // (names tie on the same keys, but for equal sums of rarities: the first one's keys)
      uint32_t covered = 0;
      for (uint32_t m = cand[tied[0]].mask; m; m &= m - 1) covered |= keys[static_cast<size_t>(std::countr_zero(m))].single;
      const TiePreference pref(static_cast<size_t>(std::popcount(covered)));
      size_t count[kTiePreferences] = {};
      for (uint32_t i : tied) ++count[pref.of[cand[i].tokens]];
      size_t t = 0, below = 0;  // all ties of preference below t fit
      while (below + count[t] < room) below += count[t++];
      auto& last = sc.top_ids;  // ties of preference t: the lowest ids take what room is left
      last.resize(tied.size());
      const size_t first = pool.size();
      pool.resize(first + tied.size());
      size_t fewer = 0, equal = 0;
      for (uint32_t i : tied) {
        const uint32_t tp = pref.of[cand[i].tokens];
        pool[first + fewer] = i;
        fewer += tp < t;
        last[equal] = i;
        equal += tp == t;
      }
      pool.resize(first + fewer);
      last.resize(equal);
      const size_t take = room - below;
      std::nth_element(last.begin(), last.begin() + static_cast<std::ptrdiff_t>(take - 1), last.end(),
                       [&](uint32_t a, uint32_t b) { return cand[a].id < cand[b].id; });
      pool.insert(pool.end(), last.begin(), last.begin() + static_cast<std::ptrdiff_t>(take));
    }
  }

  // Bound each pooled name; keep those that can reach the floor, best bound first.
  const double floor = params.threshold - ctx.attribute_bonus;
  struct Ranked {
    float bound;
    float acc;
    uint32_t id;
  };
  thread_local std::vector<Ranked> ranked;
  ranked.clear();
  ranked.reserve(pool.size());
  // The pooled names lie anywhere in memory. Their flat tokens are first copied side by side
  // (independent loads the processor overlaps; bounding straight from the table stalled on a
  // cache miss per name): the offsets are loaded in one pass, the tokens copied in another. The
  // names' PreparedNames are not touched unless the bound needs them (names::BoundCandidate).
  thread_local std::vector<detail::BoundToken> pooled;
  thread_local IdBuffer local_first, table_first;
  const size_t np = pool.size();
  local_first.resize(np + 1);
  table_first.resize(np);
  for (size_t i = 0; i < np; ++i) {
    __builtin_prefetch(&bound_first_[cand[pool[i]].id]);
    __builtin_prefetch(&name_entity_[cand[pool[i]].id]);  // (EntityFloor, for names that pass)
  }
  uint32_t pooled_tokens = 0;
  for (size_t i = 0; i < np; ++i) {
    const Scratch::Cand& c = cand[pool[i]];
    table_first[i] = bound_first_[c.id];
    __builtin_prefetch(bound_tokens_.data() + table_first[i]);
    __builtin_prefetch(bound_tokens_.data() + table_first[i] + c.tokens - 1);
    local_first[i] = pooled_tokens;
    pooled_tokens += c.tokens;
  }
  local_first[np] = pooled_tokens;
  if (pooled.size() < pooled_tokens) pooled.resize(pooled_tokens);
  for (size_t i = 0; i < np; ++i) {
    std::copy_n(bound_tokens_.data() + table_first[i], local_first[i + 1] - local_first[i], pooled.data() + local_first[i]);
  }
  // Equal names found by the same keys have the same bound: worked out once.
  struct Known {
    uint32_t name_class, mask;
    double bound;
  };
  thread_local std::vector<Known> known;
  known.clear();
  for (size_t i = 0; i < np; ++i) {
    const Scratch::Cand& c = cand[pool[i]];
    const std::span<const detail::BoundToken> toks(pooled.data() + local_first[i], local_first[i + 1] - local_first[i]);
    // (the flag travels with the copied tokens: name_class_ is read for equal names only)
    const uint32_t cls = toks[0].shared_name ? name_class_[c.id] : 0;
    double b = 0;
    const auto it = (cls & kSharedClass) ? std::find_if(known.begin(), known.end(),
                                                        [&](const Known& k) { return k.name_class == cls && k.mask == c.mask; })
                                         : known.end();
    if (it != known.end()) {
      b = it->bound;
    } else {
      b = ctx.Bound(query, names::BoundCandidate{toks, token_dict_.data(), token_slot_.data()}, c.mask, params.prune ? floor : 0.0);
      if (cls & kSharedClass) known.push_back({cls, c.mask, b});
    }
    if (b < 0 || (params.prune && b < floor - 1e-6)) continue;
    // (only names that can reach the query's floor: their entity's attributes may raise it)
    if (params.prune && b < EntityFloor(ctx, name_entity_[c.id], params.threshold) - 1e-6) continue;
    ranked.push_back({static_cast<float>(b), c.acc, c.id});
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

}  // namespace tamis::index
