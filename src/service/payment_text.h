// Phrase spotting in payment free text (remittance information, MT fields 70/72, unstructured
// addresses): which spans of arbitrary text could hold a listed name, so that only those go
// through the name engine (payment_service.cc screens each with a stricter threshold).
//
// The text is split into words (runs of bytes other than ASCII blanks and punctuation; '-',
// '\'', '.' and '&' stay inside a word; bytes >= 0x80 are word bytes). A word is an anchor when
// one of its prepared tokens (names::PrepareName) has a candidate key (names::TokenOwnKey) that
// some list name is posted under (NameIndex::KeyPostingCount): a window without one can only
// meet list names through the index's typo fallback, and a listed name spelt with a changed
// consonant in every token is not found here. Windows are the runs of 1..max_words consecutive
// words, whose first and last words have a letter, holding at least `min_anchors` anchors or one
// anchor among keyless words only; a window of one word needs that word to be an anchor of at
// least `min_single_word_bytes` bytes. Words are
// checked once per distinct text (no list name is read): the cost is one PrepareName per
// distinct word and one hash lookup per key.
//
// With a NameVocabulary (index/names/vocabulary.h) a window is also required to hold evidence
// a list name could rest on (the pair filter): two of its words (or the two halves of a split
// word: "ABDUL RAHMAN" for "ABDULRAHMAN") whose keys share a list name, or one's key and the
// keys one edit away from the other's (a typo); or one word whose key is a whole list name (an
// organisation's one-word name, an acronym), or the one identity word of a list name with the
// list name's title or particle beside it ("QARI MUSHTAQ"). This is what
// payment_service.cc's evidence rule asks of a hit (two aligned words, or one word that is the
// whole name), read from key postings instead of a name search: a window without it is not
// searched.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "index/names/name_index.h"
#include "index/names/vocabulary.h"
#include "service/payment_cache.h"

namespace tamis {

struct TextSpotOptions {
  size_t max_words = 6;              // longest window, in words (default 6)
  size_t max_windows = 512;          // windows returned at most (default 512); see `capped`
  size_t min_single_word_bytes = 5;  // a one-word window's least length (default 5)
  // A window with fewer anchors than this is screened only when its other words are all
  // keyless (particles, titles, initials, numbers: "SHEIKH AWEYS"). Default 1 (every window
  // with an anchor). 2 skips windows of one anchor among words no list key has, which can only
  // hold through the index's typo fallback: on bench_payments_recall 8% fewer windows on
  // innocent text, text recall 0.9113 -> 0.9081 (typos 0.819 -> 0.805).
  size_t min_anchors = 1;
  size_t max_text_bytes = 16384;     // text beyond this many bytes is not read (default 16 KiB)
  // With a vocabulary: drop windows without pair or whole-name evidence (above). Default true.
  bool pair_filter = true;
  // A word whose own key is posted to at most this many list names also reaches the names of
  // the keys one edit away (a typo), paired only with the other word's own names. The index's
  // fallback does this for at most 8, but its score bound aligns any token within one edit of a
  // candidate's: unlimited by default (SIZE_MAX); 8 on bench_payments_recall drops 9 of 1,256
  // held typos.
  size_t near_key_names = SIZE_MAX;
};

// A byte span [begin, end) of the text, its words [first_word, last_word].
struct TextWindow {
  size_t begin = 0, end = 0;
  size_t first_word = 0, last_word = 0;
};

struct TextSpots {
  std::vector<TextWindow> windows;  // shortest first, then by position
  size_t words = 0;                 // words read
  size_t anchors = 0;               // anchor words among them
  size_t filtered = 0;              // windows the pair filter dropped
  bool capped = false;              // more windows than max_windows: the rest were dropped
  bool truncated = false;           // the text was longer than max_text_bytes
};

struct TextWordInfo;  // what SpotTextWindows reads of one distinct word (payment_text.cc)

// What SpotTextWindows learns of each distinct word (its preparation, anchor class and the list
// names its keys and near keys reach), kept across texts: remittance text repeats its words
// ("INVOICE", "SALARY", the same payers' names). Valid for one index and vocabulary and one
// (pair_filter, near_key_names): SpotTextWindows ignores a cache made for others. Bounded
// (payment_cache.h eviction); thread-safe.
class TextWordCache {
 public:
  // `vocab` null: the cache serves calls without a vocabulary. `capacity` 0: keeps nothing.
  TextWordCache(const index::NameVocabulary* vocab, const TextSpotOptions& opts, size_t capacity);
  ~TextWordCache();
  uint64_t hits() const { return words_.hits(); }
  uint64_t misses() const { return words_.misses(); }
  // Look-ups of the word-pair evidence memo (below) that found / did not find the pair.
  uint64_t pair_hits() const { return pair_hits_.load(std::memory_order_relaxed); }
  uint64_t pair_misses() const { return pair_misses_.load(std::memory_order_relaxed); }
  void Clear();
  bool keeps() const { return words_.keeps(); }
  // Whether SpotTextWindows may use it for a call with these (filter: the pair filter is on).
  bool Fits(const index::NameVocabulary* vocab, const TextSpotOptions& opts, bool filter) const;
  std::shared_ptr<const TextWordInfo> Find(std::string_view word) { return words_.Find(nullptr, word); }
  void Put(std::string word, std::shared_ptr<const TextWordInfo> info) { words_.Put(nullptr, std::move(word), std::move(info)); }

  // The pair filter's verdict on the pieces of two words (payment_text.cc, PairBits), keyed by
  // the words' infos (TextWordInfo::id, never reused) and whether they are one word: a text's
  // pairs of words recur across texts as its words do. -1 when not kept.
  int FindPair(uint64_t a, uint64_t b, bool same);
  void PutPair(uint64_t a, uint64_t b, bool same, uint8_t bits);
  // Whether a window's text, prepared as one name, holds exactly one identity token (the
  // single-identity evidence's test, payment_text.cc), by the window's text: 1 / 0, -1 unknown.
  int FindOneIdentity(std::string_view window);
  void PutOneIdentity(std::string window, bool one);

 private:
  const index::NameVocabulary* vocab_;
  size_t near_key_names_;
  bool pair_filter_;
  SearchResultCache<TextWordInfo> words_;  // keyed by the word's text (no index check: one vocabulary)
  SearchResultCache<bool> one_identity_;   // keyed by the window's text (depends on nothing else)
  // The pair memo: 16 shards, each a map emptied when it holds pair_capacity_ / 16 pairs.
  struct PairShard {
    std::mutex mu;
    struct KeyHash {
      size_t operator()(const std::pair<uint64_t, uint64_t>& k) const {
        return static_cast<size_t>((k.first * 0x9E3779B97F4A7C15ULL) ^ (k.second + 0x632BE59BD9B4E019ULL + (k.first >> 7)));
      }
    };
    std::unordered_map<std::pair<uint64_t, uint64_t>, uint8_t, KeyHash> bits;  // (a, b << 1 | same)
  };
  size_t pair_capacity_;
  std::array<PairShard, 16> pairs_;
  std::atomic<uint64_t> pair_hits_{0}, pair_misses_{0};
};

// The windows of `text` worth screening against `ix`; with `vocab` (built from `ix`) and
// opts.pair_filter, only those with pair or whole-name evidence. `cache` (optional, made for
// this ix / vocab / opts) saves the per-word work across calls; the windows are the same with or
// without it. Thread-safe (ix and vocab are immutable, the cache locks).
TextSpots SpotTextWindows(const index::NameIndex& ix, std::string_view text, const TextSpotOptions& opts = {},
                          const index::NameVocabulary* vocab = nullptr, TextWordCache* cache = nullptr);

}  // namespace tamis
