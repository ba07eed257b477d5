// NameIndex: an immutable candidate index over every name of a set of entities.
//
// Build: each list name is prepared once (names::PrepareName, on all cores), its candidate keys
// (names::CandidateKeys: consonant skeletons of identity tokens -- for a token of one consonant,
// "lee", its vowel-marked short key "La" -- and of adjacent pairs joined; an organisation's
// initials) are hashed and posted to the name id (an open-addressing table from key hash to a range of
// name ids), and names::TokenStats is built from the same names.
//
// Fallback keys: every distinct single-token key of length >= 3 is also posted, in a small
// side table, under its one-consonant deletions (SymSpell). A query token whose own key finds
// no name (or at most 8: a typo can make another rare name) looks its skeleton and its
// deletions up there, and uses the list keys within one
// edit ("zwht" -> "zwhr") as keys of that token, at half their rarity: at most 24, the
// skeleton and each deletion taking turns, each its rarest key first.
//
// Search: the query name's keys are looked up (its initials only when it is organisation-like:
// a person's initials align with no acronym); each name found accumulates the rarity (idf) of the
// keys it shares with the query (a joined pair, "foad al", "ali hussain", at half its rarity: a
// name holding that pair also holds its names' own keys; not a pair of two abjad-romanised
// names, whose splits vary) (each posting carries the name's token count, so ranking needs no
// look-up per name). Keys posted to more than `max_key_postings` names are only read in full when
// the rarer keys found fewer than max_candidates names; otherwise they only add their rarity to
// the names found (more than the pool holds: then, merged with the key's sorted postings, they
// rank the hundreds of names a family name found by the given name). The `max_candidates` best names by accumulated rarity
// less `extra_token_rarity` per token beyond the query's token count (the scorer charges those), plus names tied with the
// last of them (up to `candidate_pool`: when more are tied, fewest tokens first but none fewer
// than the query tokens whose keys they share, those last; then lower ids. A key's postings are
// ordered by token count, then id, so a common last key whose names can only tie is read in that
// order of token-count blocks and only as far as the pool has room), form the pool. Each pooled name gets an upper bound of the score ScoreNames could give it
// (names::CandidateBound, core/names/score_bound.h), read from a flat per-name token table: candidate tokens whose
// skeleton is a query key align with the query tokens of that key (a joined query pair only with a
// token of about its length; the candidate's joined pairs and acronym through the keys they were
// posted under); the tokens left on both sides align when their skeletons are within one edit, or,
// for a Latin token against an abjad romanisation and for short skeletons, when the scorer's own
// token similarity reaches its least pair similarity; numbers align only with the same number,
// initials with a token of their letter. What stays unaligned is charged as the scorer charges it
// (conflicts heaviest first, extras at the pair's extra penalty). Names whose bound is below
// the floor (threshold - what the query's attributes can add: names::MaxAttributeBonus) are not
// scored (how a query token relates to a list token is
// worked out once per query: BoundToken::token_id keys a per-query memo); the rest, best bound
// first, at most `max_candidates`, are scored with names::ScoreNames (with a per-query
// TokenPairCache); entities whose best candidate name can still reach the floor are scored in
// full with names::ScoreEntity (all their names, attribute
// adjustments); hits at or above the threshold are returned, best first. Names equal after
// preparation (the same alias on UN and OFAC: 12% of the names of those lists) form a class; a query bounds a class
// once per set of keys and scores it once (each entity still gets its own adjustments).
// The bound holds for the scorer's formula when tokens the rules above leave unaligned never
// align; a token with a typo of two consonants that no key connects is lost at thresholds the
// rest of the name cannot reach (bench/names/accuracy.cc measures this "pruning loss").
//
// Thread safety: a built NameIndex is immutable; Search() may be called from any number of
// threads at once. Hold it as std::shared_ptr<const NameIndex> and swap the pointer atomically
// when lists change (readers keep the old snapshot alive until they finish).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.h"
#include "core/names/prepared_name.h"
#include "core/names/score_bound.h"
#include "core/names/scorer.h"
#include "core/names/token_stats.h"

namespace tamis::index {

namespace detail {
struct QueryContext;  // a query's keys and token classes (name_index.cc)

// What the bound reads of a list token (core/names/score_bound.h), flat per name id.
using BoundToken = names::BoundToken;

// Open-addressing table from a 64-bit key hash to a range [first, first + count) of an array
// (one or two cache lines a lookup, where a binary search over the sorted hashes costs ~16).
class HashRanges {
 public:
  struct Slot {
    uint64_t hash = 0;
    uint32_t first = 0;
    uint32_t count = 0;  // 0 = empty slot
  };
  // Sizes the table for `n` entries (load <= 1/2). Call before Insert.
  void Reserve(size_t n);
  // Adds a hash (each at most once) with its range; count >= 1.
  void Insert(uint64_t hash, uint32_t first, uint32_t count);
  // The slot of `hash`, or nullptr.
  const Slot* Find(uint64_t hash) const;
  // Where Find(hash) starts looking (to prefetch it), or nullptr when the table is empty.
  const Slot* HomeSlot(uint64_t hash) const { return slots_.empty() ? nullptr : &slots_[Home(hash)]; }
  size_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }
  const std::vector<Slot>& slots() const { return slots_; }

 private:
  size_t Home(uint64_t hash) const { return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ULL) >> shift_); }
  std::vector<Slot> slots_;
  int shift_ = 64;
  size_t size_ = 0;
};
}  // namespace detail

// Largest score increase names::ScoreEntity's attribute adjustments give (dob +0.05,
// nationality +0.02): Candidates' floor is the threshold less this. Search's floor is the
// threshold less what the query's own attributes can add (names::MaxAttributeBonus: nothing
// for a name alone), and an entity's names are scored only if they can reach its own floor,
// the threshold less what its attributes add for the query (names::AttributeAdjustment: a date
// of birth ten years off raises it by 0.10). An entity holding a query's identity document is
// looked up by the number and scored whatever its names (an equal identifier lifts it to 0.97).
inline constexpr double kMaxAttributeBonus = names::kMaxAttributeBonus;

struct NameIndexOptions {
  // Index names of type kOriginalScript (Arabic, Cyrillic, ... as the list writes them).
  // Default true; the accuracy harness turns it off to test transliteration of queries.
  bool include_original_script = true;
  // Threads used to prepare names; 0 = std::thread::hardware_concurrency().
  unsigned threads = 0;
  // Drop the verbatim list record, remarks and addresses from the kept entities (screening
  // never reads them; saves memory). Default true.
  bool strip_entities = true;
};

struct NameSearchParams {
  double threshold = names::kDefaultThreshold;  // hits scoring below are dropped
  size_t limit = 10;                            // at most this many hits (0 = no hits)
  bool explain = true;                          // fill each hit's explanation
  // Names scored at most (best by shared key rarity first). Default 32: on UN+OFAC the
  // candidate recall of the yente UN queries is the same at 32, 64 and 128 (bench/names).
  size_t max_candidates = 32;
  // Keys with more postings than this are read in full only when the rarer keys found fewer
  // than max_candidates names; otherwise they only rank the names found, when those are more
  // than the pool holds (at 1M synthetic names: candidate recall 0.62 -> 0.79). Default 4096.
  size_t max_key_postings = 4096;
  // Names tied (equal rank) with the max_candidates-th are pooled too, up to this many pooled
  // names in all (when more are tied, fewest tokens first but none fewer than the query tokens
  // whose keys they share, then by name id); the score bound then picks which are scored.
  // Default 40: with extra_token_rarity 3 it finds more of the wide search's alerts than 64
  // did ranking by rarity alone (0.9783 against 0.9751, bench/names accuracy), at 15% fewer
  // instructions; 64 finds 0.9814, 48 0.9802, 32 0.9718 (docs/benchmarks.md).
  size_t candidate_pool = 40;
  // The pool of a query with a token romanised from an abjad (Arabic, Persian, Urdu, Hebrew
  // script: consonant keys alone, which tie more), when larger than candidate_pool (Arabic-script
  // persons top-3: 0.9755 at 64, 0.9725 at 40).
  size_t abjad_candidate_pool = 64;
  // Rarity a pooled name loses per token beyond the query's token count when names are ranked
  // for the pool (about that of the commonest given names' key: 3.0 ~ log(1 + 40,811 / 2,000)).
  // 0 ranks by shared key rarity alone. At 3 against 0 (pool 64): alert recall 0.9751 ->
  // 0.9814 (strong misses 2 -> 0), candidate recall at 1M names 0.8350 -> 0.8395, 7% fewer
  // instructions; Arabic-script top-3 0.9786 -> 0.9755.
  float extra_token_rarity = 3.0f;
  // Skip names whose score bound is below the floor (threshold - the query's attribute bonus;
  // Candidates: threshold - kMaxAttributeBonus). Default true; false
  // scores the best max_candidates by bound regardless (benchmarks, equivalence tests).
  bool prune = true;
  // Read every posting of every key used, without the shortcuts that leave out names which
  // cannot enter the pool (MaxScore; a common last key read only as far as the pool has room).
  // Same pool, same hits, slower: for equivalence tests and benchmarks. Default false.
  bool read_all_postings = false;
  // Only entities of these sources ("un", "ofac"); empty = all.
  std::vector<std::string> sources;
  // Only entities of these kinds (a traveller: kPerson and kUnknown); empty = all. Applied, as
  // `sources`, while candidates are gathered: names of other entities never enter the pool, are
  // never bounded nor scored (documents of the query find only entities of these kinds too).
  std::vector<EntityKind> kinds;
};

struct NameHit {
  uint32_t entity = 0;  // index into NameIndex::entity()
  int name = -1;        // index into the entity's names of the best-matching name
  double score = 0;
  names::Explanation explanation;
};

struct NameIndexStats {
  size_t entities = 0;
  size_t names = 0;
  size_t keys = 0;           // distinct keys
  size_t postings = 0;       // total (key, name) pairs
  size_t max_postings = 0;   // longest posting list
  size_t equal_names = 0;    // names equal (after preparation) to another name (name classes)
  size_t fallback_entries = 0;  // (deletion variant, key) pairs of the fallback table
  size_t memory_bytes = 0;   // estimate of the heap held (entities, prepared names, postings, stats)
  double build_seconds = 0;
};

class NameIndex {
 public:
  // Builds the index over `entities` (moved in). Never fails; entities without names are kept
  // but can never be found. Uses options.threads threads for name preparation.
  static std::shared_ptr<const NameIndex> Build(std::vector<Entity> entities, const NameIndexOptions& options = {});

  // Screens a prepared query name (prepare it with names::PrepareName; attaching this index's
  // weights, names::AttachWeights(&q, token_stats()), saves Search a copy). Returns at most
  // params.limit hits with score >= params.threshold, best first (ties by entity id).
  // Thread-safe; allocates only per-call scratch.
  std::vector<NameHit> Search(const names::PreparedName& query, const names::QueryAttributes& attrs,
                              const NameSearchParams& params) const;

  // The candidate names (name ids) Search() would score, best score bound first, for recall
  // measurement. Same knobs as Search() (the threshold prunes as in Search(); limit ignored).
  std::vector<uint32_t> Candidates(const names::PreparedName& query, const NameSearchParams& params) const;

  // How many list names are posted under the candidate key `key` (a token's own key,
  // names::TokenOwnKey, or a joined pair's skeleton); 0 when no list name has it. One hash
  // lookup: lets a phrase spotter skip words no list name shares. Thread-safe.
  size_t KeyPostingCount(std::string_view key) const;

  const Entity& entity(uint32_t i) const { return entities_[i]; }
  size_t entity_count() const { return entities_.size(); }
  size_t name_count() const { return name_entity_.size(); }
  // Entity of a name id; the name's index within the entity is name_slot(id).
  uint32_t name_entity(uint32_t name_id) const { return name_entity_[name_id]; }
  uint32_t name_slot(uint32_t name_id) const { return name_prepared_[name_id] - entity_first_[name_entity_[name_id]]; }
  const names::PreparedName& prepared(uint32_t name_id) const { return prepared_all_[name_prepared_[name_id]]; }
  const names::TokenStats& token_stats() const { return stats_; }
  const NameIndexStats& stats() const { return info_; }

 private:
  NameIndex() = default;
  std::span<const detail::BoundToken> BoundTokens(uint32_t name_id) const {
    return std::span<const detail::BoundToken>(bound_tokens_.data() + bound_first_[name_id],
                                               bound_first_[name_id + 1] - bound_first_[name_id]);
  }
  // Name ids of the key with this hash (empty when absent).
  std::span<const uint32_t> Postings(uint64_t key_hash) const;
  // Search's order: best score first, ties by entity id; then at most `limit` hits.
  void RankHits(std::vector<NameHit>& hits, size_t limit) const;
  // Pools, bounds and ranks candidates; `query` has weights attached (stats_). Out: name ids,
  // best bound first, at most params.max_candidates.
  // `ctx` (optional) receives the query's keys and token classes; then the calling thread's
  // key-hit scratch is left filled for Search() to read and clear (ClearScratch()).
  void Gather(const names::PreparedName& query, const NameSearchParams& params, std::vector<uint32_t>* out,
              detail::QueryContext* ctx = nullptr) const;
  // The entity classes (source, kind) that params.sources and params.kinds allow, as a bit set
  // over classes_ (every bit set when there is no filter, or more than 64 classes: then none is
  // filtered).
  uint64_t AllowedClasses(const NameSearchParams& params) const;
  // The least name score that can make entity e a hit for ctx's query (its attributes'
  // adjustments for e: names::AttributeAdjustment), worked out once per query and entity; the
  // floor of any entity when the query's attributes are not known.
  double EntityFloor(detail::QueryContext& ctx, uint32_t e, double threshold) const;
  // Appends to `out` the hashes of the list keys within one edit of `skeleton` (fallback table).
  void FallbackKeys(std::string_view skeleton, std::vector<uint64_t>* out) const;

  std::vector<Entity> entities_;
  // Per entity: its names prepared, in Entity::names order (an excluded name is left empty so
  // indices line up); prepared_ is flat, entity e's names start at entity_first_[e].
  std::vector<names::PreparedName> prepared_all_;
  std::vector<uint32_t> entity_first_;  // size entities + 1, into prepared_all_
  // Indexed names (name ids): entity and prepared name.
  std::vector<uint32_t> name_entity_;
  std::vector<uint32_t> name_prepared_;  // index into prepared_all_ (one load, not three)
  // Per name id: its tokens (at most names::kMaxScoredTokens) as the bound reads them,
  // bound_tokens_[bound_first_[id] .. bound_first_[id + 1]).
  std::vector<detail::BoundToken> bound_tokens_;
  std::vector<uint32_t> bound_first_;
  std::vector<uint32_t> entity_name_base_;  // per entity: name id of its first indexed name
  // Per name id: the lowest name id whose prepared name is equal to it (names::PreparedName
  // ==: the same person listed by UN and OFAC, a common alias), with kSharedClass set when
  // some other name is equal to it. Equal names get equal bounds and scores: a query works
  // each out once (Gather, Search).
  std::vector<uint32_t> name_class_;
  // Every distinct list token once (BoundToken::token_id), for what the bound reads beyond the
  // flat tokens: token token_id is token_dict_[token_slot_[id] >> 16].tokens[token_slot_[id] &
  // 0xFFFF] (dictionary names of at most 64 KB of text).
  std::vector<names::PreparedName> token_dict_;
  std::vector<uint32_t> token_slot_;
  void AddDictionaryToken(const names::PreparedName& p, size_t j);
  // CSR postings.
  detail::HashRanges keys_;              // key hash -> its postings in postings_
  std::vector<uint32_t> postings_;      // name ids, ascending within a key, keys in hash order
  // Fallback table: hash of a deletion variant (or of the key itself) -> the key hashes it
  // comes from, a range of fallback_keys_.
  detail::HashRanges fallback_;
  std::vector<uint64_t> fallback_keys_;
  std::vector<float> rarity_;  // key rarity log(1 + names / postings), by number of postings
  // (hash of names::DocumentKey, entity) of every identity document of at least
  // names::kMinDocumentKey characters, sorted: a query's identifier finds its entity whatever
  // the names (Search).
  std::vector<std::pair<uint64_t, uint32_t>> document_entities_;
  // Entity classes: the distinct (source, kind) pairs, numbered in order of first entity.
  struct EntityClass {
    uint32_t source;  // index into sources_
    EntityKind kind;
  };
  std::vector<EntityClass> classes_;
  std::vector<uint8_t> entity_class_;  // per entity: index into classes_ (saturated at 255)
  std::vector<uint8_t> name_class_of_entity_;  // per name id: its entity's class (one load while gathering)
  std::vector<std::string> sources_;
  names::TokenStats stats_;
  NameIndexStats info_;
};

// Hash of a candidate key string (the key of the postings).
uint64_t CandidateKeyHash(std::string_view key);

}  // namespace tamis::index
