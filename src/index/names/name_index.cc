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
#include "core/names/similarity.h"
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

// Postings hold a name id in the low kIdBits bits and the name's token count (as the bound
// reads it, at most names::kMaxScoredTokens) above, so that ranking ties by token count
// (TiePreference) needs no look-up per name.
constexpr int kIdBits = 27;
constexpr uint32_t kIdMask = (uint32_t{1} << kIdBits) - 1;
// Accumulation requests a name's `seen` entry this many postings before it reads it.
constexpr size_t kSeenAhead = 12;
// NameIndex::name_class_: set on names equal to some other name.
constexpr uint32_t kSharedClass = uint32_t{1} << 31;
static_assert(names::kMaxScoredTokens < (size_t{1} << (32 - kIdBits)));

// An allocator that leaves the elements a vector's resize() adds uninitialised (no zeroing):
// the per-query buffers below grow and shrink on every query and are written before read.
template <typename T>
struct NoInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = NoInitAllocator<U>;
  };
  NoInitAllocator() = default;
  template <typename U>
  NoInitAllocator(const NoInitAllocator<U>&) {}
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) ::new (static_cast<void*>(p)) U;
    else ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using IdBuffer = std::vector<uint32_t, NoInitAllocator<uint32_t>>;

// Per-thread accumulator of the names a query's keys reach: per name id, a stamp (the query that
// last touched it) and its slot in `cand`, where the name's accumulated key rarity and the keys
// hit (bit k = query key k, k < 32) are kept in touch order. No clearing between queries (the
// stamp moves on), and the pool is chosen from the contiguous `cand`.
struct Scratch {
  struct Seen {
    uint32_t stamp = 0;
    uint32_t slot = 0;
  };
  struct Cand {
    float acc = 0;
    uint32_t mask = 0;
    uint32_t id = 0;
    uint32_t tokens = 0;
  };
  std::vector<Seen> seen;
  uint32_t stamp = 0;
  std::vector<Cand> cand;
  std::vector<float> top;        // min-heap of the largest rarities (pool cut)
  IdBuffer pool;     // slots of cand pooled
  IdBuffer tied;     // slots tied at the pool cut
  IdBuffer top_ids;  // ties of the last TiePreference that enters the pool
  uint32_t used = 0;             // cand[0, used) touched by this query
  // Starts a query over an index of `names` names.
  void Begin(size_t names) {
    if (seen.size() < names) seen.resize(names);
    if (++stamp == 0) {
      std::fill(seen.begin(), seen.end(), Seen{});
      stamp = 1;
    }
    used = 0;
  }
  // Keys of this query whose postings hold name `id` (0 if none).
  uint32_t Mask(uint32_t id) const {
    const Seen& s = seen[id];
    return s.stamp == stamp ? cand[s.slot].mask : 0;
  }
};

// Calls fn(posting) for each posting in order. The names' entries in `seen` lie anywhere: each is
// requested kSeenAhead postings ahead.
template <typename Fn>
inline void ForEachPosting(std::span<const uint32_t> postings, const Scratch::Seen* seen, const Fn& fn) {
  const uint32_t* const post = postings.data();
  const size_t count = postings.size();
  size_t p = 0;
  for (; p + kSeenAhead < count; ++p) {
    __builtin_prefetch(&seen[post[p + kSeenAhead] & kIdMask]);
    fn(post[p]);
  }
  for (; p < count; ++p) fn(post[p]);
}

// A name found by a query, as its key's postings hold it (id and token count), and its slot in
// Scratch::cand.
struct Found {
  uint32_t packed, slot;
};

// The names cand[0, used) sorted by posting. They were appended key by key in each key's posting
// order: runs that are already sorted, merged here.
void SortFound(const Scratch::Cand* cand, uint32_t used, std::vector<Found>* out) {
  thread_local std::vector<Found> buf;
  thread_local std::vector<uint32_t> runs, next_runs;  // run starts, then `used`
  out->resize(used);
  runs.clear();
  for (uint32_t i = 0; i < used; ++i) {
    (*out)[i] = {cand[i].id | (cand[i].tokens << kIdBits), i};
    if (i == 0 || (*out)[i].packed < (*out)[i - 1].packed) runs.push_back(i);
  }
  runs.push_back(used);
  buf.resize(used);
  auto less = [](const Found& a, const Found& b) { return a.packed < b.packed; };
  while (runs.size() > 2) {  // merge runs two by two
    next_runs.clear();
    size_t r = 0;
    for (; r + 2 < runs.size(); r += 2) {
      next_runs.push_back(runs[r]);
      std::merge(out->begin() + runs[r], out->begin() + runs[r + 1], out->begin() + runs[r + 1],
                 out->begin() + runs[r + 2], buf.begin() + runs[r], less);
    }
    if (r + 1 < runs.size()) {  // an odd run left over
      next_runs.push_back(runs[r]);
      std::copy(out->begin() + runs[r], out->begin() + runs[r + 1], buf.begin() + runs[r]);
    }
    next_runs.push_back(used);
    out->swap(buf);
    runs.swap(next_runs);
  }
}

// The order in which names tied in key rarity enter the pool when they are more than it holds:
// fewest tokens first, but none with fewer than `covered` (the query tokens whose own keys the
// tied names share), those last, most first; then by id. Tied names share their keys, and each
// further token of theirs is one more the scorer may leave unaligned facing an unaligned query
// token (a conflict); a name with fewer tokens than the query tokens it shares keys with cannot
// align them all ("CHANG CHANG HA" ~ "CHANG, Chang-ha": both "chang"s share one key, the
// one-token "Chango"s go after the three-token names).
inline constexpr size_t kTiePreferences = names::kMaxScoredTokens + 1;
struct TiePreference {
  uint8_t of[kTiePreferences];      // preference (0 = first) of a name of this many tokens
  uint8_t tokens[kTiePreferences];  // the token count of each preference
  explicit TiePreference(size_t covered) {
    const size_t h = std::min(covered, kTiePreferences - 1);
    size_t t = 0;
    for (size_t r = h; r < kTiePreferences; ++r) tokens[t++] = static_cast<uint8_t>(r);
    for (size_t r = h; r-- > 0;) tokens[t++] = static_cast<uint8_t>(r);
    for (t = 0; t < kTiePreferences; ++t) of[tokens[t]] = static_cast<uint8_t>(t);
  }
};

// Calls hit(slot) for each name of `found` (sorted) that `postings` (sorted) hold: galloping
// through the postings (few names, long postings) or a linear merge.
template <typename Hit>
void MergeFound(const std::vector<Found>& found, std::span<const uint32_t> postings, bool gallop, const Hit& hit) {
  const uint32_t* const post = postings.data();
  const size_t count = postings.size();
  size_t at = 0;  // post[0, at) < the packed posting looked for
  if (gallop) {
    for (const Found& f : found) {
      size_t step = 1;
      while (at + step < count && post[at + step] < f.packed) step *= 2;
      at = static_cast<size_t>(std::lower_bound(post + at + step / 2, post + std::min(at + step, count), f.packed) - post);
      if (at == count) return;
      if (post[at] == f.packed) hit(f.slot);
    }
    return;
  }
  size_t i = 0;
  while (i < found.size() && at < count) {
    const uint32_t x = found[i].packed, y = post[at];
    if (x == y) hit(found[i].slot);
    i += x <= y;
    at += y <= x;
  }
}

Scratch& ThreadScratch() {
  thread_local Scratch s;
  return s;
}


// Per-query memo of how query token i and a list token relate in the bound (whether they may
// align as single tokens: PairRelation in CandidateBound): the same list tokens recur across the
// pooled names of a query ("mohammed", "ali"), and a token similarity costs a few hundred cycles.
class PairMemo {
 public:
  void Reset() {
    used_ = 0;
    if (++generation_ == 0) {
      slots_.fill(Slot{});
      generation_ = 1;
    }
  }
  // The key of query token i and list token `token_id` (BoundToken::token_id); kNoKey when they
  // do not fit 32 bits (then nothing is memoised).
  static constexpr uint32_t kNoKey = ~uint32_t{0};
  static uint32_t Key(size_t i, uint32_t token_id) {
    return token_id < (uint32_t{1} << 27) && i < 31 ? (static_cast<uint32_t>(i) << 27) | token_id : kNoKey;
  }
  // The value stored under `key`, else -1.
  int Get(uint32_t key) const {
    if (key == kNoKey) return -1;
    for (size_t s = Home(key);; s = (s + 1) & (kSlots - 1)) {
      if (slots_[s].generation != generation_) return -1;
      if (slots_[s].key == key) return slots_[s].value;
    }
  }
  // Stores a value (ignored when the table is three quarters full).
  void Put(uint32_t key, uint32_t value) {
    if (key == kNoKey || used_ >= kSlots * 3 / 4) return;
    size_t s = Home(key);
    while (slots_[s].generation == generation_) s = (s + 1) & (kSlots - 1);
    slots_[s] = Slot{key, generation_, static_cast<uint16_t>(value)};
    ++used_;
  }

 private:
  struct Slot {
    uint32_t key = 0;
    uint16_t generation = 0;
    uint16_t value = 0;
  };
  static constexpr size_t kSlots = 512;  // power of two; 4 KB (a query fills ~120)
  static size_t Home(uint32_t key) { return static_cast<size_t>((uint64_t{key} * 0x9E3779B97F4A7C15ULL) >> 55); }
  std::array<Slot, kSlots> slots_{};
  uint16_t generation_ = 0;
  size_t used_ = 0;
};

PairMemo& ThreadPairMemo() {
  thread_local PairMemo m;
  return m;
}

// Tokens that give no key of their own (CandidateKeys skips them): counted as aligned by the
// bound whatever the candidate (they weigh little: role weights 0.05-0.35).
constexpr uint16_t kKeyless = names::kKeylessTokenFlags;
// Tokens the scorer never counts as a conflict when unaligned (scorer.cc kNeverConflict).
constexpr uint16_t kNeverConflict = text::kTokenTitle | text::kTokenParticle | text::kTokenStopword |
                                    text::kTokenLegalForm;
// Cost factor of a missing patronymic relative to an extra (scorer.h: half an extra).
constexpr double kPatronymicExtraFactor = 0.5;
// Least weight a substituted token costs (scorer.h: "at least weight 0.6").
constexpr double kMinConflictWeight = 0.6;
// A joined pair ("foad al", "ali hussain") counts this fraction of its key's rarity: a name
// holding the same pair also holds the pair's names' own keys, so at full rarity the pair
// counted them twice ("Fuad al Tai" ranked above "Foad, AL-HAMSHI" for "Foad al Hamshi", every
// "... Ali Hussain" above "Omar Hussain" for "Omar Ali Hussain"). A pair of two names romanised
// from an abjad keeps its rarity: their word splits vary ("abd al rahman"), so the pair is often
// the only key a list spelling shares (half: Arabic-script persons top-3 0.9786 -> 0.9725).
constexpr float kJoinedPairRarity = 0.5f;
// Fallback keys count this fraction of their rarity, and a token uses at most this many.
constexpr float kFallbackRarity = 0.5f;
constexpr size_t kMaxFallbackKeys = 24;
constexpr size_t kMinFallbackLength = 3;  // skeletons shorter than this get no fallback
// A token whose own key is posted to at most this many names also gets fallback keys: a typo
// can make another rare name ("Innocnet" -> ANKNT, as "Inocente").
constexpr size_t kFallbackBelow = 8;

// Whether two tokens with consonant skeletons a, b may align in the scorer although they share
// no key: skeletons within one edit (substitution, insertion, deletion or adjacent
// transposition: a typo the keys miss), ignoring one leading "A" (a vowel or a dropped ayn:
// "dnan" ~ "adnan"). A Latin token against an abjad romanisation (`cross_abjad`: "motassadeq"
// ~ "mtsdq", whose skeletons follow different spelling conventions) is judged by the scorer's
// own limit instead: skeleton edits at most 0.45 x the longer text (la, lb letters), as a pair
// below similarity 0.55 is never aligned.
__attribute__((always_inline)) inline bool MayAlign(std::string_view a, size_t la, std::string_view b, size_t lb, bool cross_abjad) {
  if (a.size() > 1 && a[0] == 'A') a.remove_prefix(1);
  if (b.size() > 1 && b[0] == 'A') b.remove_prefix(1);
  const size_t budget =
      cross_abjad ? std::max<size_t>(1, static_cast<size_t>(0.45 * static_cast<double>(std::max(la, lb)))) : 1;
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > budget) return false;
  if (budget > 1) return static_cast<size_t>(names::OsaDistance(a, b)) <= budget;
  if (a.size() > b.size()) std::swap(a, b);
  // Skeletons are a few letters: compare in place (no memcmp calls).
  auto same_tail = [](const char* x, const char* y, size_t len) {
    for (size_t k = 0; k < len; ++k)
      if (x[k] != y[k]) return false;
    return true;
  };
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or b has one more at the end
  if (a.size() == b.size()) {
    if (same_tail(a.data() + i + 1, b.data() + i + 1, a.size() - i - 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           same_tail(a.data() + i + 2, b.data() + i + 2, a.size() - i - 2);  // transposition
  }
  return same_tail(a.data() + i, b.data() + i + 1, a.size() - i);  // b has one more at i
}

// Length of a skeleton (`len` letters, the first `first`) as MayAlign compares it: one leading
// "A" (a vowel or a dropped ayn) left out.
inline size_t BareSkeletonLength(size_t len, char first) { return len > 1 && first == 'A' ? len - 1 : len; }

// Given names of one group (Bill ~ William) align whatever their keys.
bool SameGroup(const uint8_t* a, const uint8_t* b) {
  for (int k = 0; k < 2; ++k)
    if (a[k] && (a[k] == b[0] || a[k] == b[1])) return true;
  return false;
}

using detail::BoundToken;

// A candidate name as the bound reads it: its flat BoundTokens, and, for what they do not
// hold (texts for numbers and abd-compounds, long skeletons, the scorer's token similarity),
// the index's token dictionary: every distinct list token once, found by its token id. The
// bound never touches the candidate's PreparedName (two or three dependent cache misses), and
// the dictionary entries of common tokens stay cached.
struct CandView {
  std::span<const BoundToken> t;
  const names::PreparedName* dict = nullptr;  // NameIndex::token_dict_
  const uint32_t* slot = nullptr;             // NameIndex::token_slot_
  size_t size() const { return t.size(); }
  // The dictionary name holding token j, and its position there.
  const names::PreparedName& Token(size_t j, size_t* pos) const {
    const uint32_t s = slot[t[j].token_id];
    *pos = s & 0xFFFF;
    return dict[s >> 16];
  }
  std::string_view text(size_t j) const {
    size_t pos;
    return Token(j, &pos).text(pos);
  }
  std::string_view skeleton(size_t j) const {
    if (t[j].skeleton_len <= detail::kInlineSkeleton) return std::string_view(t[j].skeleton, t[j].skeleton_len);
    size_t pos;
    return Token(j, &pos).skeleton(pos);
  }
};

void FillBoundToken(const names::PreparedName& p, size_t j, BoundToken* b) {
  const names::PreparedToken& t = p.tokens[j];
  b->key_hash = t.key_hash;
  b->joined_hash = t.joined_hash;
  b->weight = t.weight;
  b->flags = t.flags;
  b->name_group[0] = t.name_group[0];
  b->name_group[1] = t.name_group[1];
  b->first = p.text(j).empty() ? 0 : p.text(j)[0];
  const std::string_view sk = p.skeleton(j);
  b->skeleton_len = static_cast<uint8_t>(std::min<size_t>(sk.size(), 255));
  std::copy_n(sk.begin(), std::min(sk.size(), detail::kInlineSkeleton), b->skeleton);
  b->abd_compound = !names::AbdCompoundRest(p.text(j)).empty();
  b->text_len = static_cast<uint8_t>(p.text(j).size());
  b->name_kind = static_cast<uint8_t>(p.kind);
}

// The candidate tokens (bits) that a query token (the one of `bits`) could pair with as an
// acronym in names::ScoreNames: the runs of candidate tokens whose initials spell it
// (names::MayBeAcronym, names::ForEachAcronymRun). 0 when it cannot be an acronym of this
// candidate.
uint32_t AcronymRuns(const names::PreparedName& q, uint32_t bits, const CandView& c) {
  if (bits == 0 || (bits & (bits - 1))) return 0;
  const size_t i = static_cast<size_t>(__builtin_ctz(bits));
  if (i >= q.tokens.size()) return 0;
  const std::string_view s = q.text(i);
  if (!names::MayBeAcronym(s, q.tokens[i].flags, q.kind, std::min(q.tokens.size(), names::kMaxScoredTokens),
                           static_cast<NameKind>(c.t[0].name_kind), c.size()))
    return 0;
  uint32_t runs = 0;
  names::ForEachAcronymRun(
      s, c.size(), [&](size_t k) { return c.t[k].flags; }, [&](size_t k) { return c.t[k].first; },
      [&](size_t first, size_t end) {
        for (size_t k = first; k < end; ++k) runs |= uint32_t{1} << k;
      });
  return runs;
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

uint64_t VariantHash(std::string_view v) { return names::TokenHash(v) ^ 0x9e3779b97f4a7c15ULL; }

// A query key: its postings, the query tokens (bits) it stands for, its rarity.
struct QueryKey {
  uint64_t hash = 0;
  uint32_t hash32 = 0;  // hash >> 32, as PreparedToken::key_hash
  std::span<const uint32_t> postings;
  uint32_t tokens = 0;  // query token bits; 0 = not traced to tokens (acronym key)
  // Of tokens: those whose own skeleton (or a fallback key) this is, and those of adjacent pairs
  // whose joined skeleton it is, with the joined texts' length range (the scorer joins runs only
  // against a token of about their length, unless abjad).
  uint32_t single = 0, pair = 0;
  uint8_t pair_len_min = 255, pair_len_max = 0;
  bool pair_abjad = false;
  bool pair_of_names = false;  // some pair it stands for joins two tokens with keys of their own
  float rarity = 0;
};

// What the bound reads of the query's tokens, worked out once per query.
struct QueryFacts {
  uint32_t abd = 0;                           // tokens that are an abd-compound ("abdalrahman")
  char first[names::kMaxScoredTokens] = {};   // first letter of each token's text (0 if empty)
  size_t content_words = 0;                   // names::IsContentWord tokens
  double weight = 0;                          // the tokens' weights, summed
  uint32_t joined = 0;  // tokens i < n - 1 joined with the next give a key (QueryContext::joined[i] set)
  // Length of each token's skeleton as MayAlign compares it (without one leading "A").
  uint8_t bare_len[names::kMaxScoredTokens] = {};
  void Fill(const names::PreparedName& q) {
    *this = QueryFacts{};
    const size_t n = std::min(q.tokens.size(), names::kMaxScoredTokens);
    for (size_t i = 0; i < n; ++i) {
      const std::string_view sk = q.skeleton(i);
      bare_len[i] = static_cast<uint8_t>(std::min<size_t>(BareSkeletonLength(sk.size(), sk.empty() ? 0 : sk[0]), 255));
      if (!names::AbdCompoundRest(q.text(i)).empty()) abd |= uint32_t{1} << i;
      first[i] = q.text(i).empty() ? char{0} : q.text(i)[0];
      content_words += names::IsContentWord(q.tokens[i].flags);
      weight += q.tokens[i].weight;
    }
  }
};

// Upper bound of ScoreNames(query, cand) (default options `so`) when the tokens the rules below
// leave unaligned stay unaligned in the scorer (see name_index.h). `keys` are all the query's
// keys; `hit_keys` the bits of keys[0..31] whose postings hold this name (found while
// accumulating the first `scanned` keys' postings); `c` the candidate's flat tokens.
// Aligned pairs weigh (wq + wc) / 2 and add at most their weight to numerator and denominator
// (credit 1); the unaligned tokens are charged as the scorer charges them: the heaviest of each
// side face each other as conflicts ((1 + kappa) x max(wq, wc, 0.6)), the rest are extras at the
// pair's extra penalty (half for a patronymic). Returns -1 when no key of a query name part links
// the two (only the query's initials against an acronym, for a query that is not an
// organisation): never a candidate.
double CandidateBound(const names::PreparedName& q, const QueryFacts& qf, uint32_t q_keyless, uint32_t q_content, uint32_t q_acronym,
                      const std::vector<std::string>& q_joined, const std::vector<QueryKey>& keys, size_t scanned,
                      uint32_t hit_keys, const CandView& c,
                      const names::ScoreOptions& so, PairMemo* memo, double cut, bool need_shared = true) {
  const size_t n = std::min(q.tokens.size(), names::kMaxScoredTokens);
  const size_t m = c.size();
  if (n == 0 || m == 0) return 0;
  uint32_t q_hit = 0;
  uint32_t q_multi = 0;    // query tokens counted aligned through a joined pair of theirs
  uint32_t explained = 0;  // bits of keys[0..31] matched by a candidate token's own skeleton
  bool shared = false;     // a key of a query name part (not only of its initials) links them
  double wc_total = 0, wc_unaligned[names::kMaxScoredTokens];
  uint8_t jc_unaligned[names::kMaxScoredTokens];
  size_t nuc = 0;
  // Removes entry k of the unaligned candidate tokens (their order does not matter).
  auto drop = [&](size_t k) {
    --nuc;
    jc_unaligned[k] = jc_unaligned[nuc];
    wc_unaligned[k] = wc_unaligned[nuc];
  };
  // A candidate token's skeleton equal to query key k means the name is posted under k: among
  // the keys whose postings were scanned (the first `scanned`, bits < 32) only those of
  // hit_keys can match; the rest are compared by hash (a 32-bit collision only raises the bound).
  const size_t direct = std::min<size_t>(scanned, 32);
  const uint32_t direct_hits = direct == 32 ? hit_keys : hit_keys & ((uint32_t{1} << direct) - 1);
  uint32_t c_free = 0;  // candidate keyless tokens (not yet used by the query's content tokens)
  size_t cc = 0;        // the candidate's content words (as the scorer counts them for one-word names)
  for (size_t j = 0; j < m; ++j) {
    const BoundToken& t = c.t[j];
    wc_total += t.weight;
    cc += names::IsContentWord(t.flags);
    if (t.flags & kKeyless) {
      c_free |= uint32_t{1} << j;
      // Titles, particles, stopwords and legal forms may align with anything (optimistic; they
      // weigh little). A number aligns only with the same number, an initial only with a token
      // of its letter: otherwise they stay unaligned (the scorer counts them as conflicts).
      bool alignable = (t.flags & kNeverConflict) != 0;
      for (size_t i = 0; i < n && !alignable; ++i) {
        if (t.flags & text::kTokenNumeric)
          alignable = (q.tokens[i].flags & text::kTokenNumeric) && q.text(i) == c.text(j);
        else
          alignable = !(q.tokens[i].flags & text::kTokenNumeric) && !q.text(i).empty() && q.text(i)[0] == t.first;
      }
      if (!alignable) jc_unaligned[nuc] = static_cast<uint8_t>(j), wc_unaligned[nuc++] = t.weight;
      continue;
    }
    const uint32_t h = t.key_hash;  // 0: no key of its own
    bool found = false;
    auto match = [&](size_t k) {
      const QueryKey& key = keys[k];
      if (key.hash32 != h) return;
      if (k < 32) explained |= uint32_t{1} << k;
      // A key not traced to query tokens is the query's initials: this candidate token is an
      // acronym that may align with the run of query tokens it spells.
      uint32_t bits = key.tokens ? key.single : q_acronym;
      // A query pair joined aligns with this token only if their lengths are close
      // (scorer.cc AddJoinedEdges), or through consonants when abjad.
      if (key.pair && (key.pair_abjad || (t.flags & text::kTokenAbjad) ||
                       (t.text_len + 2 >= key.pair_len_min && key.pair_len_max + 2 >= t.text_len))) {
        bits |= key.pair;
        q_multi |= key.pair;
      }
      if (!bits) return;
      found = true;
      q_hit |= bits;
      shared = true;
    };
    if (h) {
      for (uint32_t r = direct_hits; r; r &= r - 1) match(static_cast<size_t>(__builtin_ctz(r)));
      for (size_t k = direct; k < keys.size(); ++k) match(k);
    }
    if (!found) jc_unaligned[nuc] = static_cast<uint8_t>(j), wc_unaligned[nuc++] = t.weight;
  }
  // Keys this name was found by that no candidate token's skeleton explains: a joined pair of
  // the candidate ("bin"+"laden") or the candidate's initials (an organisation's acronym key).
  // Their query tokens count as aligned. A joined pair's two candidate tokens are then aligned
  // too; an acronym key aligns only when the query token could be the acronym the scorer
  // pairs with the runs of candidate tokens it spells (those are then aligned). Initials
  // against initials (both sides' acronym keys) align nothing: ignored.
  for (uint32_t rest = hit_keys & ~explained; rest; rest &= rest - 1) {
    const QueryKey& k = keys[static_cast<size_t>(__builtin_ctz(rest))];
    if (k.tokens == 0) continue;
    uint32_t aligned = 0;  // the candidate tokens it stands for
    for (size_t j = 0; j + 1 < m; ++j)
      if (c.t[j].joined_hash == k.hash32) aligned |= uint32_t{3} << j;
    if (!aligned) aligned = AcronymRuns(q, k.tokens, c);
    if (!aligned) continue;
    shared = true;
    q_hit |= k.tokens;
    for (size_t u = 0; u < nuc;) {
      if ((aligned >> jc_unaligned[u]) & 1) drop(u);
      else ++u;
    }
  }
  // Unkeyed tokens on both sides whose skeletons are close (MayAlign: a typo the keys miss, an
  // abjad romanisation),
  // that are given names of one group, or that are an abd-compound and its rest ("rahman" ~
  // "abdalrahman") may still align: counted as aligned, each candidate token once.
  // A keyless token (no key of its own: an initial, a particle, a title) aligns for the scorer
  // with a token of the other side too: an initial with a full name part of the same first
  // letter ("George S Helmy" ~ "George Santos"), a particle with a name part spelt alike ("al"
  // ~ "Ali"). Each absorbs one unkeyed token on the other side.
  // Whether keyless token x (flags fx, first letter ax, skeleton sx, length lx) may align with
  // a token of first letter by, skeleton sy, length ly.
  auto absorbs = [](uint16_t fx, char ax, std::string_view sx, size_t lx, char by, std::string_view sy, size_t ly) {
    if (fx & text::kTokenNumeric) return false;  // numbers align only when equal (both keyless)
    if (fx & text::kTokenInitial) return ax != 0 && ax == by;
    return MayAlign(sx, lx, sy, ly, false);
  };
  auto cross = [&](uint16_t fq, size_t k) { return ((fq ^ c.t[jc_unaligned[k]].flags) & text::kTokenAbjad) != 0; };
  // How query token i and candidate token j relate as a pair of single tokens: kSimilar when
  // their skeletons are close (MayAlign) and, for a Latin token against an abjad romanisation
  // (MayAlign's wide limit) or short skeletons (of at most two consonants, which nearly any
  // other short skeleton is within one edit of), the scorer's own token similarity reaches its
  // least pair similarity; kMayPair when similar, given names of one group, or an abd-compound
  // and its rest ("rahman" ~ "abdalrahman"). Memoised per query (both are functions of the two
  // tokens alone).
  constexpr uint32_t kSimilar = 1, kMayPair = 2;
  // Given names of one group, or an abd-compound and its rest: they may pair whatever their
  // skeletons.
  auto kin = [&](size_t i, size_t j) {
    return SameGroup(q.tokens[i].name_group, c.t[j].name_group) ||
           (((qf.abd >> i) & 1 || c.t[j].abd_compound) && names::AbdCompoundVariant(q.text(i), c.text(j)));
  };
  auto relation = [&](size_t i, size_t j) __attribute__((always_inline)) -> uint32_t {
    const BoundToken& t = c.t[j];
    const bool x = ((q.tokens[i].flags ^ t.flags) & text::kTokenAbjad) != 0;
    const size_t lq = qf.bare_len[i];
    const size_t lc = BareSkeletonLength(t.skeleton_len, t.skeleton[0]);
    // Skeletons whose lengths differ by more than one edit are not similar (MayAlign) unless
    // one side is abjad (a wider limit): most pairs a query's bound asks about end here,
    // without the memo.
    if (!x && (lq > lc ? lq - lc : lc - lq) > 1) return kin(i, j) ? kMayPair : 0;
    const uint32_t key = PairMemo::Key(i, t.token_id);
    if (memo)
      if (const int v = memo->Get(key); v >= 0) return static_cast<uint32_t>(v);
    bool similar = MayAlign(q.skeleton(i), q.text(i).size(), c.skeleton(j), t.text_len, x);
    if (similar && (x || std::max(lq, lc) <= 2)) {
      size_t pos;
      const names::PreparedName& d = c.Token(j, &pos);
      similar = names::TokenSimilarity(q, i, d, pos, so) >= so.min_pair_similarity;
    }
    const uint32_t v = similar ? kSimilar | kMayPair : kin(i, j) ? kMayPair : 0;
    if (memo) memo->Put(key, v);
    return v;
  };
  auto q_first = [&](size_t i) { return qf.first[i]; };
  // The scorer's assignment of the tokens left unaligned: the heaviest of each side face each
  // other as conflicts (each costing (1 + kappa) x max of the two weights and
  // kMinConflictWeight), the rest are extras, at the scorer's extra penalty for these two names
  // (organisation, one-word name) and half of it for a patronymic. The scorer's unaligned sets
  // contain these (under the assumption above), and adding an unaligned token, or making one
  // heavier, never lowers that cost. Among tokens of equal weight the patronymics are taken as
  // the extras (the cheaper choice).
  const size_t cq = qf.content_words;  // content words (as the scorer counts them for one-word names)
  const double extra = names::ExtraPenalty(q.kind, static_cast<NameKind>(c.t[0].name_kind), cq, cc, so);
  const double kappa = so.conflict_penalty;
  struct Unaligned {
    double w;
    bool patronymic;
  };
  auto heavier = [](const Unaligned& x, const Unaligned& y) {
    return x.w != y.w ? x.w > y.w : (!x.patronymic && y.patronymic);
  };
  // Insertion sorts: a handful of tokens.
  auto sort = [&](Unaligned* x, size_t len) __attribute__((always_inline)) {
    for (size_t k = 1; k < len; ++k)
      for (size_t l = k; l > 0 && heavier(x[l], x[l - 1]); --l) std::swap(x[l], x[l - 1]);
  };
  auto extra_cost = [&](const Unaligned& u) { return u.w * extra * (u.patronymic ? kPatronymicExtraFactor : 1.0); };
  auto cost = [&](Unaligned* ua, size_t na, Unaligned* ub, size_t nb) __attribute__((always_inline)) {  // sorts its arguments
    sort(ua, na);
    sort(ub, nb);
    const size_t conflicts = std::min(na, nb);
    double x = 0;
    for (size_t k = 0; k < conflicts; ++k) x += (1 + kappa) * std::max({ua[k].w, ub[k].w, kMinConflictWeight});
    for (size_t k = conflicts; k < na; ++k) x += extra_cost(ua[k]);
    for (size_t k = conflicts; k < nb; ++k) x += extra_cost(ub[k]);
    return x;
  };
  // Early exit (the caller only asks whether the bound reaches `cut`): once a query token is
  // known to stay unaligned, the bound is at most the score with every other token aligned
  // that still may be -- the candidate tokens left unaligned can only shrink by one per query
  // token still to come and per query keyless token (unless a joined pair's "near" rule below
  // may drop any number) -- and the lightest of them, taken as patronymics, unaligned.
  Unaligned failed[names::kMaxScoredTokens];
  size_t n_failed = 0;
  double w_failed = 0;
  const size_t q_keyless_count = static_cast<size_t>(Popcount32(q_keyless));
  auto hopeless = [&](size_t i, double* value) {
    const uint32_t later = q_content & ~q_hit & ~((uint32_t{2} << i) - 1) & ((n < 32 ? (uint32_t{1} << n) : 0u) - 1);
    const bool near_possible = q_multi != 0 || (later & qf.joined) != 0;
    const size_t may_drop = static_cast<size_t>(Popcount32(later)) + q_keyless_count;
    const size_t keep = near_possible || nuc <= may_drop ? 0 : nuc - may_drop;
    Unaligned vb[names::kMaxScoredTokens];
    double w_keep = 0;
    if (keep > 0) {  // else the candidate's unaligned tokens are all taken as dropped
      for (size_t k = 0; k < nuc; ++k) vb[k] = {wc_unaligned[k], true};
      sort(vb, nuc);  // heaviest first: the lightest `keep` are the last
      for (size_t k = nuc - keep; k < nuc; ++k) w_keep += vb[k].w;
    }
    const double po = (qf.weight - w_failed + wc_total - w_keep) / 2;
    if (po <= 0) {
      *value = 0;
      return true;
    }
    *value = po / (po + cost(failed, n_failed, vb + (nuc - keep), keep));  // (the order of failed is free)
    return *value < cut - 1e-6;
  };
  for (size_t i = 0; i < n; ++i) {
    const uint32_t bit = uint32_t{1} << i;
    if (!(q_content & bit) || (q_hit & bit) || (q_keyless & bit)) continue;
    for (uint32_t cf = c_free; cf; cf &= cf - 1) {
      const size_t j = static_cast<size_t>(__builtin_ctz(cf));
      if (absorbs(c.t[j].flags, c.t[j].first, c.skeleton(j), c.t[j].text_len, q_first(i), q.skeleton(i),
                  q.text(i).size())) {
        q_hit |= bit;
        c_free &= ~(uint32_t{1} << j);
        break;
      }
    }
    if (q_hit & bit) continue;
    // The token joined with the next unaligned one ("hbib allah" ~ "habibullah").
    const uint32_t next = bit << 1;
    if ((qf.joined & bit) && (q_content & next) && !(q_hit & next)) {
      const size_t jlen = q.text(i).size() + q.text(i + 1).size();
      const bool q_pair_abjad = ((q.tokens[i].flags | q.tokens[i + 1].flags) & text::kTokenAbjad) != 0;
      for (size_t k = 0; k < nuc; ++k)
        if ((q_pair_abjad || (c.t[jc_unaligned[k]].flags & text::kTokenAbjad) ||
             (size_t{c.t[jc_unaligned[k]].text_len} + 2 >= jlen && jlen + 2 >= c.t[jc_unaligned[k]].text_len)) &&
            MayAlign(q_joined[i], jlen, c.skeleton(jc_unaligned[k]), c.t[jc_unaligned[k]].text_len,
                     cross(q_pair_abjad ? text::kTokenAbjad : 0, k))) {
          q_hit |= bit | next;
          q_multi |= bit | next;
          drop(k);
          break;
        }
      if (q_hit & bit) continue;
    }
    for (size_t k = 0; k < nuc; ++k)
      if (relation(i, jc_unaligned[k]) & kMayPair) {
        q_hit |= bit;
        drop(k);
        break;
      }
    if (q_hit & bit) continue;
    failed[n_failed++] = {q.tokens[i].weight, (q.tokens[i].flags & text::kTokenPatronymic) != 0};
    w_failed += q.tokens[i].weight;
    if (double value; cut > 0 && hopeless(i, &value)) return value;
  }
  // Then the query's keyless tokens absorb what is left (content tokens first: a particle
  // must not take the candidate token a name part of the query aligns with).
  for (size_t i = 0; i < n && nuc > 0; ++i) {
    if (!(q.tokens[i].flags & kKeyless)) continue;
    for (size_t k = 0; k < nuc; ++k)
      if (absorbs(q.tokens[i].flags, q_first(i), q.skeleton(i), q.text(i).size(), c.t[jc_unaligned[k]].first,
                  c.skeleton(jc_unaligned[k]), c.t[jc_unaligned[k]].text_len)) {
        drop(k);
        break;
      }
  }
  if (!shared && need_shared) return -1;
  // A candidate token left unaligned while the query token it resembles was counted aligned
  // through a key of several tokens ("myong guk" joined = MNK = "myong"): not counted as a
  // leftover.
  for (size_t k = 0; k < nuc;) {
    bool near = false;
    for (size_t i = 0; i < n && !near; ++i) near = (q_multi & (uint32_t{1} << i)) && (relation(i, jc_unaligned[k]) & kSimilar);
    if (near) drop(k);
    else ++k;
  }
  double p = 0;  // twice the aligned weight, query side first
  double uq[names::kMaxScoredTokens];
  bool uq_patronymic[names::kMaxScoredTokens];
  size_t nuq = 0;
  // A query number or initial with no candidate token it could align with (see above) is
  // unaligned too.
  auto keyless_alignable = [&](size_t i) {
    const uint16_t f = q.tokens[i].flags;
    if (f & kNeverConflict) return true;
    for (size_t j = 0; j < m; ++j) {
      if (f & text::kTokenNumeric) {
        if ((c.t[j].flags & text::kTokenNumeric) && c.text(j) == q.text(i)) return true;
      } else if (!(c.t[j].flags & text::kTokenNumeric) && !q.text(i).empty() && c.t[j].first == q.text(i)[0]) {
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < n; ++i) {
    const uint32_t bit = uint32_t{1} << i;
    const double w = q.tokens[i].weight;
    const bool aligned = (q_keyless & bit) ? keyless_alignable(i) : ((q_hit & bit) || !(q_content & bit));
    if (aligned) {
      p += w;
    } else {
      uq_patronymic[nuq] = (q.tokens[i].flags & text::kTokenPatronymic) != 0;
      uq[nuq++] = w;
    }
  }
  double wc_un_sum = 0;
  for (size_t j = 0; j < nuc; ++j) wc_un_sum += wc_unaligned[j];
  p += wc_total - wc_un_sum;
  p /= 2;
  if (p <= 0) return 0;
  Unaligned a[names::kMaxScoredTokens], b[names::kMaxScoredTokens];
  for (size_t k = 0; k < nuq; ++k) a[k] = {uq[k], uq_patronymic[k]};
  for (size_t k = 0; k < nuc; ++k) b[k] = {wc_unaligned[k], (c.t[jc_unaligned[k]].flags & text::kTokenPatronymic) != 0};
  return p / (p + cost(a, nuq, b, nuc));
}

}  // namespace

namespace detail {
struct QueryContext {
  uint32_t keyless = 0, content = 0, acronym = 0;
  std::vector<std::string> joined;
  std::vector<QueryKey> keys;
  size_t scanned = 0;  // keys[0, scanned) had their postings accumulated
  // The first key whose postings did not all enter the scratch (Gather: read in part, or only
  // for names found before), or keys.size(): other names get the bits of keys[partial..] by
  // looking themselves up in their postings (Search).
  size_t partial = 0;
  PairMemo* memo = nullptr;  // this query's token-pair memo (the calling thread's)
  // The most the query's attributes can add to a name score (names::MaxAttributeBonus; set
  // by Search): the floor is the threshold less this.
  double attribute_bonus = kMaxAttributeBonus;
  // The query's attributes (set by Search; nullptr: not known), and the entity floors worked
  // out for them (NameIndex::EntityFloor).
  const names::QueryAttributes* attrs = nullptr;
  std::vector<std::pair<uint32_t, double>> entity_floors;
  // The options of the scorer's token similarity in the bound; Search sets its pair cache (the
  // similarities the bound works out are then not worked out again when names are scored).
  names::ScoreOptions bound_options;
  QueryFacts facts;
  // The bound, or any value below `cut` - 1e-6 when it is below that (cut <= 0: always exact).
  double Bound(const names::PreparedName& q, const CandView& c, uint32_t hit_keys, double cut,
               bool need_shared = true) const {
    return CandidateBound(q, facts, keyless, content, acronym, joined, keys, scanned, hit_keys, c,
                          bound_options, memo, cut, need_shared);
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
      auto& p = ix->prepared_all_[ix->entity_first_[e] + s];
      if (ix->name_entity_.size() >= kIdMask) p = names::PreparedName{};  // beyond 134 million names
      if (p.empty()) continue;
      ix->name_entity_.push_back(static_cast<uint32_t>(e));
      ix->name_prepared_.push_back(ix->entity_first_[e] + s);
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
      BoundToken* b = &ix->bound_tokens_.emplace_back();
      FillBoundToken(p, j, b);
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
  mem += ix->entity_first_.capacity() * 4 + ix->entity_source_.capacity() * 4 + ix->name_entity_.capacity() * 4 +
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

uint64_t NameIndex::AllowedSources(const NameSearchParams& params) const {
  if (params.sources.empty() || sources_.size() > 64) return ~uint64_t{0};
  uint64_t allowed = 0;
  for (size_t s = 0; s < sources_.size(); ++s)
    if (std::find(params.sources.begin(), params.sources.end(), sources_[s]) != params.sources.end())
      allowed |= uint64_t{1} << s;
  return allowed;
}

void NameIndex::Gather(const names::PreparedName& query, const NameSearchParams& params,
                       std::vector<uint32_t>* out, detail::QueryContext* ctx_out) const {
  out->clear();
  thread_local detail::QueryContext local;
  detail::QueryContext& ctx = ctx_out ? *ctx_out : local;
  if (query.empty() || name_entity_.empty() || params.max_candidates == 0) return;

  const uint64_t allowed = AllowedSources(params);
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
  std::vector<QueryKey>& keys = ctx.keys;
  keys.clear();
  thread_local std::vector<QueryKey> all;  // every key, with or without postings
  all.clear();
  auto key_of = [&](uint64_t h) -> QueryKey& {
    for (QueryKey& k : all)
      if (k.hash == h) return k;
    QueryKey& k = all.emplace_back();
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
    QueryKey& k = key_of(CandidateKeyHash(key));
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
  for (const QueryKey& k : all) __builtin_prefetch(keys_.HomeSlot(k.hash));
  for (QueryKey& k : all) {
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
    const auto it = std::find_if(all.begin(), all.end(), [&](const QueryKey& k) { return k.hash == own; });
    if (it != all.end() && it->postings.size() > kFallbackBelow) continue;
    fb.clear();
    FallbackKeys(sk, &fb);
    std::sort(fb.begin(), fb.end());
    fb.erase(std::unique(fb.begin(), fb.end()), fb.end());
    for (uint64_t h : fb) __builtin_prefetch(keys_.HomeSlot(h));
    for (uint64_t h : fb) {
      auto kt = std::find_if(keys.begin(), keys.end(), [&](const QueryKey& k) { return k.hash == h; });
      if (kt != keys.end()) {
        kt->tokens |= uint32_t{1} << i;
        kt->single |= uint32_t{1} << i;
        continue;
      }
      QueryKey qk;
      qk.hash = h;
      qk.hash32 = static_cast<uint32_t>(h >> 32);
      qk.postings = Postings(h);
      if (qk.postings.empty()) continue;
      qk.tokens = qk.single = uint32_t{1} << i;
      qk.rarity = kFallbackRarity * rarity_[qk.postings.size()];
      keys.push_back(qk);
    }
  }
  std::sort(keys.begin(), keys.end(), [](const QueryKey& a, const QueryKey& b) {
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
  for (const QueryKey& k : keys) reach += k.postings.size();
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
  float extra_penalty[names::kMaxScoredTokens + 1];
  for (size_t t = 0; t <= names::kMaxScoredTokens; ++t)
    extra_penalty[t] = params.extra_token_rarity * static_cast<float>(t > n ? t - n : 0);
  auto penalty = [&](uint32_t tokens) { return extra_penalty[std::min<size_t>(tokens, names::kMaxScoredTokens)]; };
  bool only_found = false;  // names not found yet can no longer reach the pool
  thread_local std::vector<Found> found;  // the names found, sorted, once only they are read
  found.clear();
  for (size_t ki = 0; ki < keys.size(); ++ki) {
    const QueryKey& k = keys[ki];
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
      size_t above = 0;
      for (uint32_t i = 0; i < used; ++i) above += cand[i].acc > bar;
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
            if (filter && !((allowed >> entity_source_[name_entity_[id]]) & 1)) continue;
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
        if ((allowed >> entity_source_[name_entity_[posting & kIdMask]]) & 1) add(posting);
      });
    else
      ForEachPosting(k.postings, seen, add);
  }
  sc.used = used;

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
    // Split without branches (which side a name falls is unpredictable).
    auto& tied = sc.tied;
    pool.resize(used);
    tied.resize(used);
    size_t above = 0, at = 0;
    for (uint32_t i = 0; i < used; ++i) {
      const float a = cand[i].acc;
      pool[above] = i;
      above += a > cut;
      tied[at] = i;
      at += a == cut;
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
  // names' PreparedNames are not touched unless the bound needs them (CandView).
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
      b = ctx.Bound(query, CandView{toks, token_dict_.data(), token_slot_.data()}, c.mask, params.prune ? floor : 0.0);
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

double NameIndex::EntityFloor(detail::QueryContext& ctx, uint32_t e, double threshold) const {
  if (!ctx.attrs) return threshold - ctx.attribute_bonus;
  for (const auto& [entity, floor] : ctx.entity_floors)
    if (entity == e) return floor;
  const double floor = threshold - names::AttributeAdjustment(*ctx.attrs, entities_[e]);  // -inf: an equal identifier
  ctx.entity_floors.emplace_back(e, floor);
  return floor;
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
  const uint64_t allowed = attrs.documents.empty() ? 0 : AllowedSources(params);
  for (const auto& d : attrs.documents) {
    const std::string k = names::DocumentKey(d.number);
    if (k.size() < names::kMinDocumentKey) continue;
    const uint64_t h = names::TokenHash(k);
    for (auto it = std::lower_bound(document_entities_.begin(), document_entities_.end(), std::make_pair(h, uint32_t{0}));
         it != document_entities_.end() && it->first == h; ++it) {
      const uint32_t e = it->second;
      if (!((allowed >> entity_source_[e]) & 1)) continue;
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
          ctx.Bound(query, CandView{BoundTokens(name_id), token_dict_.data(), token_slot_.data()}, key_hits(name_id),
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
  std::sort(hits.begin(), hits.end(), [&](const NameHit& a, const NameHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return entities_[a.entity].id < entities_[b.entity].id;
  });
  if (hits.size() > params.limit) hits.resize(params.limit);
  return hits;
}

}  // namespace tamis::index
