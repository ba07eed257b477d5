#include "service/payment_text.h"

#include <algorithm>
#include <unordered_map>

#include "core/names/prepared_name.h"

namespace tamis {
namespace {

bool IsWordByte(unsigned char c) {
  if (c >= 0x80) return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c == '-' || c == '\'' || c == '.' || c == '&';
}

bool HasLetter(std::string_view w) {
  for (unsigned char c : w)
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

enum class WordClass : uint8_t { kAnchor, kKeyless, kOther };

struct Word {
  size_t begin, end;
  WordClass cls;
  bool letter;
};

// kAnchor when a prepared token of `w` carries a key some list name is posted under; kKeyless
// when every token is a particle, title, legal form, stopword, initial or number.
WordClass Classify(const index::NameIndex& ix, std::string_view w) {
  names::PreparedName p = names::PrepareName(w, EntityKind::kUnknown);
  char buf[text::kMaxKeyLength];
  bool keyless = true;
  for (size_t i = 0; i < p.tokens.size(); ++i) {
    if (p.tokens[i].flags & names::kKeylessTokenFlags) continue;
    keyless = false;
    std::string_view key = names::TokenOwnKey(p.skeleton(i), p.phonetic(i), buf);
    if (!key.empty() && ix.KeyPostingCount(key) > 0) return WordClass::kAnchor;
  }
  return keyless ? WordClass::kKeyless : WordClass::kOther;
}

}  // namespace

TextSpots SpotTextWindows(const index::NameIndex& ix, std::string_view text, const TextSpotOptions& opts) {
  TextSpots out;
  if (text.size() > opts.max_text_bytes) {
    size_t cut = opts.max_text_bytes;
    while (cut > 0 && IsWordByte(static_cast<unsigned char>(text[cut]))) --cut;  // not inside a word
    text = text.substr(0, cut);
    out.truncated = true;
  }
  std::vector<Word> words;
  std::unordered_map<std::string_view, WordClass> seen;  // word text -> its class
  for (size_t i = 0; i < text.size();) {
    if (!IsWordByte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsWordByte(static_cast<unsigned char>(text[j]))) ++j;
    // Trim '.', '-', '\'' at the ends ("LTD." keeps its dot: it is inside the name).
    size_t b = i, e = j;
    while (b < e && (text[b] == '.' || text[b] == '-' || text[b] == '\'')) ++b;
    while (e > b && (text[e - 1] == '-' || text[e - 1] == '\'')) --e;
    if (b < e) {
      std::string_view w = text.substr(b, e - b);
      bool letter = HasLetter(w);
      WordClass cls = WordClass::kKeyless;  // a number
      if (letter) {
        auto it = seen.find(w);
        if (it == seen.end()) it = seen.emplace(w, Classify(ix, w)).first;
        cls = it->second;
      }
      words.push_back({b, e, cls, letter});
      out.anchors += cls == WordClass::kAnchor;
    }
    i = j;
  }
  out.words = words.size();
  if (out.anchors == 0) return out;
  // Prefix counts of anchors and of other words with an identity.
  std::vector<size_t> cnt(words.size() + 1, 0), oth(words.size() + 1, 0);
  for (size_t k = 0; k < words.size(); ++k) {
    cnt[k + 1] = cnt[k] + (words[k].cls == WordClass::kAnchor);
    oth[k + 1] = oth[k] + (words[k].cls == WordClass::kOther);
  }
  for (size_t len = 1; len <= opts.max_words && len <= words.size(); ++len) {
    for (size_t a = 0; a + len <= words.size(); ++a) {
      size_t b = a + len - 1;
      if (!words[a].letter || !words[b].letter) continue;
      const size_t anchors = cnt[b + 1] - cnt[a], others = oth[b + 1] - oth[a];
      if (anchors == 0 || (opts.min_anchors > 1 && anchors < opts.min_anchors && others > 0)) continue;
      if (len == 1 && words[a].end - words[a].begin < opts.min_single_word_bytes) continue;
      if (out.windows.size() >= opts.max_windows) {
        out.capped = true;
        return out;
      }
      out.windows.push_back({words[a].begin, words[b].end, a, b});
    }
  }
  return out;
}

}  // namespace tamis
