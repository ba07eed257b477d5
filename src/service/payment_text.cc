#include "service/payment_text.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <span>
#include <unordered_map>

#include "core/names/prepared_name.h"
#include "core/text/phonetic.h"
#include "core/text/tokenise.h"

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
  int info = -1;  // index into the word infos (pair filter), -1 for a number
};

// kAnchor when a prepared token of `w` carries a key some list name is posted under; kKeyless
// when every token is a particle, title, legal form, stopword, initial or number.
WordClass ClassOf(const index::NameIndex& ix, const names::PreparedName& p) {
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

// The list names a piece of a window could align with: one identity token's own key (with the
// near keys when few names have it), or a joined pair. Sorted, unique.
struct Unit {
  size_t word_first, word_last;  // words it spans (a split word: two)
  int token_first, token_last;   // global token numbers, to keep two units from overlapping
  bool whole = false;            // its key is a whole list name's
  std::span<const uint32_t> names;  // into the vocabulary
  bool keyless = false;          // a token without identity: evidence only beside a single identity
  bool single = false;
  // Names of the keys one edit away (paired with the other's own names): one merged set, or
  // one list per near key.
  std::span<const uint32_t> near;
  const std::vector<std::span<const uint32_t>>* near_lists = nullptr;
};

}  // namespace

// What the pair filter reads of a distinct word: its prepared name and its units' name sets
// (word-local tokens). Immutable once built (shared through TextWordCache).
struct TextWordInfo {
  uint64_t id = 0;  // unique in the process (never reused): the key of TextWordCache's pair memo
  names::PreparedName prepared;
  WordClass cls = WordClass::kOther;
  struct Piece {
    int token_first, token_last;
    bool whole;
    std::span<const uint32_t> names;
    bool keyless = false;  // a title, particle, stopword or legal form (by its text)
    bool single = false;   // a single-identity key (NameVocabulary::IsSingleIdentityKey)
    // Names of the keys one edit away (typos): one sorted list per near key, or (for a word
    // kept in a TextWordCache, met again and again) their union, merged once.
    std::vector<std::span<const uint32_t>> near_lists;
    std::vector<uint32_t> near;
  };
  std::vector<Piece> pieces;
};

namespace {
using WordInfo = TextWordInfo;

// The name lists of the keys one edit away from `key` (none when `key` is posted to more than
// near_max names, or is short).
std::vector<std::span<const uint32_t>> NearOf(const index::NameVocabulary& v, std::string_view key, size_t own,
                                              size_t near_max) {
  std::vector<std::span<const uint32_t>> out;
  if (own > near_max || key.size() < 3) return out;
  for (char c : key)
    if (c >= 'a' && c <= 'z') return out;  // a short key ("La" for lee): no typo reach, as in the index
  v.NearKeyNames(key, &out);
  return out;
}

// The union of `lists`, sorted and unique: a pair test is then one intersection, not one per
// near key (worth it for a word that is cached and met again).
std::vector<uint32_t> Merged(const std::vector<std::span<const uint32_t>>& lists) {
  std::vector<uint32_t> out;
  size_t total = 0;
  for (const auto& l : lists) total += l.size();
  out.reserve(total);
  for (const auto& l : lists) out.insert(out.end(), l.begin(), l.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void FillPieces(const index::NameVocabulary& v, const TextSpotOptions& opts, bool merge, WordInfo& w) {
  const names::PreparedName& p = w.prepared;
  char buf[text::kMaxKeyLength];
  for (size_t i = 0; i < p.tokens.size(); ++i) {
    const int t = static_cast<int>(i);
    // Its text as a list title or particle (a word alone may be prepared otherwise: "QARI").
    if (auto ids = v.KeylessNames(p.text(i)); !ids.empty())
      w.pieces.push_back({t, t, false, ids, true});
    if (p.tokens[i].flags & names::kKeylessTokenFlags) {
      if (i + 1 < p.tokens.size() && !(p.tokens[i].flags & (text::kTokenInitial | text::kTokenNumeric))) {
        std::string_view j(buf, names::JoinedSkeletonInto(p, i, buf));  // "al-nusra" as one key
        if (auto ids = v.Names(j); !ids.empty())
          w.pieces.push_back({t, t + 1, v.IsWholeNameKey(j), ids});
      }
      continue;
    }
    std::string_view key = names::TokenOwnKey(p.skeleton(i), p.phonetic(i), buf);
    if (!key.empty()) {
      auto own = v.Names(key);
      w.pieces.push_back({t, t, v.IsWholeNameKey(key), own, false, v.IsSingleIdentityKey(key),
                          NearOf(v, key, own.size(), opts.near_key_names)});
      if (merge && w.pieces.back().near_lists.size() > 1) {
        w.pieces.back().near = Merged(w.pieces.back().near_lists);
        w.pieces.back().near_lists.clear();
      }
    }
    if (i + 1 < p.tokens.size()) {
      std::string_view j(buf, names::JoinedSkeletonInto(p, i, buf));
      w.pieces.push_back({t, t + 1, v.IsWholeNameKey(j), v.Names(j)});
    }
  }
}

// The key of the last token of `a` joined with the first of `b` (a name split across words).
std::string_view JoinedAcross(const names::PreparedName& a, const names::PreparedName& b, char* out) {
  char joined[2 * text::kMaxTokenLength];
  char phon[text::kMaxKeyLength];
  const std::string_view x = a.text(a.tokens.size() - 1).substr(0, text::kMaxTokenLength);
  const std::string_view y = b.text(0).substr(0, text::kMaxTokenLength);
  std::copy(x.begin(), x.end(), joined);
  std::copy(y.begin(), y.end(), joined + x.size());
  const size_t n = text::PhoneticKeyInto(std::string_view(joined, x.size() + y.size()), phon);
  return std::string_view(out, text::SkeletonOfPhoneticKeyInto(std::string_view(phon, n), out));
}

bool Intersect(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  const std::span<const uint32_t> s = a.size() <= b.size() ? a : b;
  const std::span<const uint32_t> l = a.size() <= b.size() ? b : a;
  if (s.empty()) return false;
  if (s.size() * 8 < l.size()) {
    auto from = l.begin();
    for (uint32_t x : s) {
      from = std::lower_bound(from, l.end(), x);
      if (from == l.end()) return false;
      if (*from == x) return true;
    }
    return false;
  }
  size_t i = 0, j = 0;
  while (i < s.size() && j < l.size()) {
    if (s[i] == l[j]) return true;
    s[i] < l[j] ? ++i : ++j;
  }
  return false;
}

// Whether `own` meets the near names of unit `u`.
bool IntersectNear(std::span<const uint32_t> own, const Unit& u) {
  if (Intersect(own, u.near)) return true;
  if (u.near_lists)
    for (const auto& l : *u.near_lists)
      if (Intersect(own, l)) return true;
  return false;
}

// The pair filter on two units (not overlapping): kPairNotWhole when they share a list name as
// two identity words (one of them possibly through a typo: one's own names against the other's
// near names), kPairWhole for a title or particle beside the one identity word of a name, 0 for
// no evidence. Symmetric in x and y.
constexpr int kPairNotWhole = 1, kPairWhole = 2;
int PairBits(const Unit& x, const Unit& y) {
  if (x.token_last >= y.token_first && y.token_last >= x.token_first) return 0;  // overlap
  if (x.keyless && y.keyless) return 0;
  // A title or particle counts only beside the one identity word of a name ("QARI
  // MUSHTAQ": the evidence rule's whole name); two identity words are a pair.
  const bool whole = x.keyless || y.keyless;
  if (whole && !(x.keyless ? y.single : x.single)) return 0;
  // One side's own names against the other's own or near names (a typo in one word of
  // the pair; two typos at once are left to the index's own reach).
  if (Intersect(x.names, y.names) || (!whole && (IntersectNear(x.names, y) || IntersectNear(y.names, x))))
    return whole ? kPairWhole : kPairNotWhole;
  return 0;
}

// The word's info: from the cache when it has it, else built (and cached).
std::shared_ptr<const WordInfo> InfoOf(const index::NameIndex& ix, std::string_view w, const TextSpotOptions& opts,
                                       const index::NameVocabulary* vocab, bool filter, TextWordCache* cache) {
  if (cache && (!cache->Fits(vocab, opts, filter) || !cache->keeps())) cache = nullptr;
  if (cache)
    if (auto hit = cache->Find(w)) return hit;
  static std::atomic<uint64_t> next_id{1};
  auto wi = std::make_shared<WordInfo>();
  wi->id = next_id.fetch_add(1, std::memory_order_relaxed);
  wi->prepared = names::PrepareName(w, EntityKind::kUnknown);
  wi->cls = ClassOf(ix, wi->prepared);
  if (filter) FillPieces(*vocab, opts, cache != nullptr, *wi);
  if (cache) cache->Put(std::string(w), wi);
  return wi;
}

}  // namespace

TextWordCache::TextWordCache(const index::NameVocabulary* vocab, const TextSpotOptions& opts, size_t capacity)
    : vocab_(vocab),
      near_key_names_(opts.near_key_names),
      pair_filter_(opts.pair_filter),
      words_(capacity),
      one_identity_(capacity),
      pair_capacity_(4 * capacity) {}

int TextWordCache::FindOneIdentity(std::string_view window) {
  auto v = one_identity_.Find(nullptr, window);
  return v ? int{*v} : -1;
}

void TextWordCache::PutOneIdentity(std::string window, bool one) {
  static const auto kTrue = std::make_shared<const bool>(true), kFalse = std::make_shared<const bool>(false);
  one_identity_.Put(nullptr, std::move(window), one ? kTrue : kFalse);
}

TextWordCache::~TextWordCache() = default;

void TextWordCache::Clear() {
  words_.Clear();
  one_identity_.Clear();
  for (PairShard& s : pairs_) {
    std::lock_guard<std::mutex> lock(s.mu);
    s.bits = {};
  }
  pair_hits_ = 0;
  pair_misses_ = 0;
}

int TextWordCache::FindPair(uint64_t a, uint64_t b, bool same) {
  if (pair_capacity_ == 0) return -1;
  const std::pair<uint64_t, uint64_t> key{a, b << 1 | uint64_t{same}};
  PairShard& s = pairs_[PairShard::KeyHash{}(key) >> 60];
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.bits.find(key);
  if (it == s.bits.end()) {
    pair_misses_.fetch_add(1, std::memory_order_relaxed);
    return -1;
  }
  pair_hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second;
}

void TextWordCache::PutPair(uint64_t a, uint64_t b, bool same, uint8_t bits) {
  if (pair_capacity_ == 0) return;
  const std::pair<uint64_t, uint64_t> key{a, b << 1 | uint64_t{same}};
  PairShard& s = pairs_[PairShard::KeyHash{}(key) >> 60];
  std::lock_guard<std::mutex> lock(s.mu);
  if (s.bits.size() >= pair_capacity_ / pairs_.size() + 1) s.bits.clear();  // bounded: start over
  s.bits.emplace(key, bits);
}

bool TextWordCache::Fits(const index::NameVocabulary* vocab, const TextSpotOptions& opts, bool filter) const {
  return vocab == vocab_ && opts.near_key_names == near_key_names_ && filter == (pair_filter_ && vocab_ != nullptr);
}

TextSpots SpotTextWindows(const index::NameIndex& ix, std::string_view text, const TextSpotOptions& opts,
                          const index::NameVocabulary* vocab, TextWordCache* cache) {
  TextSpots out;
  if (text.size() > opts.max_text_bytes) {
    size_t cut = opts.max_text_bytes;
    while (cut > 0 && IsWordByte(static_cast<unsigned char>(text[cut]))) --cut;  // not inside a word
    text = text.substr(0, cut);
    out.truncated = true;
  }
  const bool filter = vocab != nullptr && opts.pair_filter;
  // Whether the word cache may keep what is worked out of this text (the pair and single-identity
  // memos): it was made for these options and keeps entries.
  const bool memo = cache && cache->Fits(vocab, opts, filter) && cache->keeps();
  std::vector<Word> words;
  std::vector<std::shared_ptr<const WordInfo>> infos;
  std::unordered_map<std::string_view, int> seen;  // word text -> its info
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
      int info = -1;
      if (letter) {
        auto it = seen.find(w);
        if (it == seen.end()) {
          infos.push_back(InfoOf(ix, w, opts, vocab, filter, cache));
          it = seen.emplace(w, static_cast<int>(infos.size() - 1)).first;
        }
        info = it->second;
        cls = infos[info]->cls;
      }
      words.push_back({b, e, cls, letter, info});
      out.anchors += cls == WordClass::kAnchor;
    }
    i = j;
  }
  out.words = words.size();
  if (out.anchors == 0) return out;

  // Pair filter: the units of the text (pieces of its words, and words joined across a space),
  // then the word spans [first, last] of the pairs of units that share a list name.
  struct Evidence {
    size_t first, last;
    bool whole;  // a whole-name unit: the window may hold no other identity word
    bool beside = false;  // a single-identity unit: the window needs another word beside it
  };
  std::vector<Evidence> evidence;
  if (filter) {
    std::vector<Unit> units;
    int token_base = 0;
    std::vector<int> word_token_base(words.size(), 0);
    std::vector<size_t> word_units(words.size() + 1, 0);  // word k's piece units: [word_units[k], word_units[k + 1])
    for (size_t k = 0; k < words.size(); ++k) {
      word_token_base[k] = token_base;
      word_units[k] = units.size();
      if (words[k].info < 0) {
        ++token_base;
        continue;
      }
      const WordInfo& wi = *infos[words[k].info];
      for (const auto& pc : wi.pieces)
        units.push_back({k, k, token_base + pc.token_first, token_base + pc.token_last, pc.whole, pc.names, pc.keyless,
                         pc.single, pc.near, &pc.near_lists});
      token_base += static_cast<int>(std::max<size_t>(1, wi.prepared.tokens.size()));
    }
    const size_t piece_units = units.size();
    word_units[words.size()] = piece_units;
    char buf[text::kMaxKeyLength];
    for (size_t k = 0; k + 1 < words.size(); ++k) {
      if (words[k].info < 0 || words[k + 1].info < 0) continue;
      const WordInfo& a = *infos[words[k].info];
      const WordInfo& b = *infos[words[k + 1].info];
      if (a.prepared.tokens.empty() || b.prepared.tokens.empty()) continue;
      std::string_view j = JoinedAcross(a.prepared, b.prepared, buf);
      if (j.size() < 2) continue;
      auto ids = vocab->Names(j);
      if (ids.empty()) continue;
      const int last = word_token_base[k + 1];
      units.push_back({k, k + 1, last - 1, last, vocab->IsWholeNameKey(j), ids});
    }
    for (size_t u = 0; u < units.size(); ++u) {
      if (units[u].whole) evidence.push_back({units[u].word_first, units[u].word_last, true});
      // The one identity word of a name among titles, particles or legal forms, with words
      // without identity beside it: its list name's keyless tokens are written in too many ways
      // to look up by their text ("COMPANY" for "co").
      if (units[u].single && !units[u].keyless)
        evidence.push_back({units[u].word_first, units[u].word_last, false, true});
      // Pairs with a unit joined across two words (those come after the piece units).
      for (size_t v = std::max(u + 1, piece_units); v < units.size(); ++v) {
        const Unit &x = units[u], &y = units[v];
        const size_t first = std::min(x.word_first, y.word_first), last = std::max(x.word_last, y.word_last);
        if (last - first + 1 > opts.max_words) continue;
        if (const int bits = PairBits(x, y)) evidence.push_back({first, last, bits == kPairWhole});
      }
    }
    // Pairs of piece units: per pair of words (a <= b, at most max_words apart), a function of
    // the two words' infos alone (their pieces' name sets and flags; pieces of two words never
    // overlap), so kept in the word cache's pair memo across texts. The evidence is the words'
    // span, whole or not: has_evidence reads no more of it.
    for (size_t a = 0; a < words.size(); ++a) {
      if (words[a].info < 0) continue;
      for (size_t b = a; b < words.size() && b - a + 1 <= opts.max_words; ++b) {
        if (words[b].info < 0) continue;
        const uint64_t ia = infos[words[a].info]->id, ib = infos[words[b].info]->id;
        int bits = memo ? cache->FindPair(ia, ib, a == b) : -1;
        if (bits < 0) {
          bits = 0;
          for (size_t u = word_units[a]; u < word_units[a + 1]; ++u)
            for (size_t v = a == b ? u + 1 : word_units[b]; v < word_units[b + 1]; ++v) bits |= PairBits(units[u], units[v]);
          if (memo) cache->PutPair(ia, ib, a == b, static_cast<uint8_t>(bits));
        }
        if (bits & kPairNotWhole) evidence.push_back({a, b, false});
        if (bits & kPairWhole) evidence.push_back({a, b, true});
      }
    }
  }
  // Prefix counts of anchors and of other words with an identity.
  std::vector<size_t> cnt(words.size() + 1, 0), oth(words.size() + 1, 0);
  for (size_t k = 0; k < words.size(); ++k) {
    cnt[k + 1] = cnt[k] + (words[k].cls == WordClass::kAnchor);
    oth[k + 1] = oth[k] + (words[k].cls == WordClass::kOther);
  }
  auto identity = [&](size_t a, size_t b) { return cnt[b + 1] - cnt[a] + oth[b + 1] - oth[a]; };
  // One identity token in the window prepared as one name ("SABALAN COMPANY": COMPANY is a
  // legal form beside a name, not when prepared alone).
  // (A function of the window's text alone: kept in the word cache when there is one.)
  auto one_identity = [&](size_t a, size_t b) {
    const std::string_view window = text.substr(words[a].begin, words[b].end - words[a].begin);
    if (memo)
      if (const int known = cache->FindOneIdentity(window); known >= 0) return known == 1;
    names::PreparedName p = names::PrepareName(window, EntityKind::kUnknown);
    size_t n = 0;
    for (const auto& t : p.tokens) n += !(t.flags & names::kKeylessTokenFlags);
    if (memo) cache->PutOneIdentity(std::string(window), n == 1);
    return n == 1;
  };
  auto has_evidence = [&](size_t a, size_t b) {
    bool beside = false;
    for (const Evidence& e : evidence) {
      if (e.first < a || e.last > b) continue;
      if (e.beside) {
        beside |= b > a;
        continue;
      }
      if (!e.whole || identity(a, b) == identity(e.first, e.last)) return true;
    }
    return beside && one_identity(a, b);
  };
  for (size_t len = 1; len <= opts.max_words && len <= words.size(); ++len) {
    for (size_t a = 0; a + len <= words.size(); ++a) {
      size_t b = a + len - 1;
      if (!words[a].letter || !words[b].letter) continue;
      const size_t anchors = cnt[b + 1] - cnt[a], others = oth[b + 1] - oth[a];
      if (anchors == 0 || (opts.min_anchors > 1 && anchors < opts.min_anchors && others > 0)) continue;
      if (len == 1 && words[a].end - words[a].begin < opts.min_single_word_bytes) continue;
      if (filter && !has_evidence(a, b)) {
        ++out.filtered;
        continue;
      }
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
