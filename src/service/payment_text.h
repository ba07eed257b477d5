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
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "index/names/name_index.h"

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
  bool capped = false;              // more windows than max_windows: the rest were dropped
  bool truncated = false;           // the text was longer than max_text_bytes
};

// The windows of `text` worth screening against `ix`. Pure; thread-safe (ix is immutable).
TextSpots SpotTextWindows(const index::NameIndex& ix, std::string_view text, const TextSpotOptions& opts = {});

}  // namespace tamis
