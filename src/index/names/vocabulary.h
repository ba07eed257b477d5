// NameVocabulary: which list names each candidate key belongs to, for a cheap pre-filter of
// phrase spotting (service/payment_text.h): a window of free-text words is worth a name search
// only when two of its words can align with tokens of one and the same list name, or one word
// is (the key of) a whole list name.
//
// Built once per NameIndex from its public prepared names: every name id is posted under the
// keys names::ForEachTokenKey gives (each identity token's own key and each adjacent pair
// joined, as the index posts them), a particle or title joined with the next identity token
// ("al" + "nusra": a text may write "ALNUSRA"), and under its acronym key (names::AcronymKey). Keys are held
// as 64-bit hashes (a collision can only merge two keys' names: more windows pass, none are
// lost). The own key of an organisation's name of one token ("HIZBALLAH"), and an acronym key,
// is a "whole name" key (a person's or vessel's one-word name is not: "BILAL", "CLARA"); the own
// key of a name whose one identity token stands among titles, particles or legal forms
// ("SHEIKH AWEYS", "QARI MUSHTAQ") is a "single identity" key. Near keys: every distinct own key of 3+ letters is posted under its one-letter
// deletions (SymSpell), so a typo's key finds the list keys one substitution, insertion,
// deletion or adjacent transposition away, as the index's fallback does.
//
// Thread safety: immutable once built; any number of threads may read it. It reads nothing
// from the NameIndex after Build, which must not be moved or freed before it if the caller
// uses index() to tell snapshots apart.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "index/names/name_index.h"

namespace tamis::index {

class NameVocabulary {
 public:
  // Builds the vocabulary of every indexed name of `ix` (one pass, ~0.1 s on UN + OFAC).
  static std::shared_ptr<const NameVocabulary> Build(const NameIndex& ix);

  // The name ids posted under `key` (a token's own key, names::TokenOwnKey, a joined pair's
  // skeleton or an acronym key), sorted and unique; empty when no list name has it.
  std::span<const uint32_t> Names(std::string_view key) const;

  // Appends to `out` the name ids posted under the list keys within one edit of
  // `key` (one letter substituted, inserted, deleted, or two adjacent letters swapped), `key`
  // itself excluded: of at most `max_keys` such keys, those with fewest names first (the
  // index's fallback uses 24). Unsorted, possibly repeated. Nothing for a key under 2 letters.
  void NearNames(std::string_view key, std::vector<uint32_t>* out, size_t max_keys = 24) const;
  // The same keys, every one of them, as their sorted name lists (no copy): appended to `out`.
  void NearKeyNames(std::string_view key, std::vector<std::span<const uint32_t>>* out) const;

  // The name ids holding a token without identity (a title, particle, stopword or legal form:
  // names::kKeylessTokenFlags but initials and numbers) whose prepared text is `token`; sorted,
  // unique. The text screener's evidence rule takes one identity word with such tokens aligned
  // beside it as a whole name ("QARI MUSHTAQ"), so the pre-filter must see them.
  std::span<const uint32_t> KeylessNames(std::string_view token) const;

  // True for a whole-name key / a single-identity key (above).
  bool IsWholeNameKey(std::string_view key) const;
  bool IsSingleIdentityKey(std::string_view key) const;

  const NameIndex* index() const { return index_; }
  size_t key_count() const { return keys_; }

 private:
  struct Slot {  // open addressing, load <= 1/2; count 0 = empty
    uint64_t hash = 0;
    uint32_t first = 0, count = 0;
    bool whole = false, single = false;
  };
  struct DelSlot {  // deletion hash -> key slots del_keys_[first, first + count)
    uint64_t hash = 0;
    uint32_t first = 0, count = 0;
  };
  static uint64_t Hash(std::string_view key);
  const Slot* Find(uint64_t hash) const;
  const DelSlot* FindDeletion(uint64_t hash) const;
  std::span<const uint32_t> NamesOf(const Slot& s) const {
    return std::span<const uint32_t>(names_.data() + s.first, s.count);
  }
  // The slots of the keys one edit away from `key` (unsorted, possibly repeated).
  void NearSlots(std::string_view key, std::vector<const Slot*>* out) const;
  const NameIndex* index_ = nullptr;
  std::vector<Slot> slots_;
  size_t keys_ = 0;
  std::vector<uint32_t> names_;
  std::vector<DelSlot> del_slots_;
  std::vector<uint32_t> del_keys_;  // indices into slots_
};

}  // namespace tamis::index
