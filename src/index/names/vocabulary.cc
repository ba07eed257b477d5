#include "index/names/vocabulary.h"

#include <algorithm>
#include <functional>
#include <string>

#include "core/names/prepared_name.h"
#include "core/text/phonetic.h"

namespace tamis::index {

uint64_t NameVocabulary::Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

namespace {
// Keyless tokens are posted under their text behind a byte no key holds.
uint64_t KeylessHash(std::string_view token) {
  char buf[2 + 64];
  const size_t n = std::min<size_t>(token.size(), 64);
  buf[0] = '\x01';
  std::copy(token.begin(), token.begin() + n, buf + 1);
  return std::hash<std::string_view>{}(std::string_view(buf, n + 1));
}
constexpr uint16_t kPostedKeyless = names::kKeylessTokenFlags & ~(text::kTokenInitial | text::kTokenNumeric);
}  // namespace

std::shared_ptr<const NameVocabulary> NameVocabulary::Build(const NameIndex& ix) {
  auto v = std::shared_ptr<NameVocabulary>(new NameVocabulary());
  v->index_ = &ix;
  std::vector<std::pair<uint64_t, uint32_t>> posts;  // (key hash, name id)
  std::unordered_map<uint64_t, bool> whole;          // key hash -> whole-name key
  std::unordered_map<uint64_t, bool> single;         // key hash -> single identity token among others
  std::unordered_map<uint64_t, std::string> own;     // own keys of 3+ letters, for deletions
  posts.reserve(ix.name_count() * 6);
  for (uint32_t id = 0; id < ix.name_count(); ++id) {
    const names::PreparedName& p = ix.prepared(id);
    size_t identity = 0;
    uint64_t last_own = 0;
    const bool org = ix.entity(ix.name_entity(id)).kind == EntityKind::kOrganisation;
    names::ForEachTokenKey(p, [&](std::string_view key, size_t, bool joined) {
      const uint64_t h = Hash(key);
      posts.emplace_back(h, id);
      if (!joined) {
        ++identity;
        last_own = h;
        if (key.size() >= 3) own.emplace(h, std::string(key));
      }
    });
    if (identity == 1 && org && p.tokens.size() == 1) whole[last_own] = true;
    if (identity == 1 && p.tokens.size() > 1) single[last_own] = true;
    char joined[text::kMaxKeyLength];
    for (size_t i = 0; i < p.tokens.size(); ++i) {
      if ((p.tokens[i].flags & kPostedKeyless) && !(p.tokens[i].flags & (text::kTokenInitial | text::kTokenNumeric)))
        posts.emplace_back(KeylessHash(p.text(i)), id);
      // A particle joined with the next token ("al" + "nusra"): ForEachTokenKey joins only from
      // a token with identity, but a text may write the two as one word.
      if (i + 1 < p.tokens.size() && (p.tokens[i].flags & names::kKeylessTokenFlags) &&
          !(p.tokens[i + 1].flags & names::kKeylessTokenFlags))
        posts.emplace_back(Hash(std::string_view(joined, names::JoinedSkeletonInto(p, i, joined))), id);
    }
    if (std::string acro = names::AcronymKey(p); !acro.empty()) {
      const uint64_t h = Hash(acro);
      posts.emplace_back(h, id);
      whole[h] = true;
    }
  }
  std::sort(posts.begin(), posts.end());
  posts.erase(std::unique(posts.begin(), posts.end()), posts.end());
  v->names_.reserve(posts.size());
  for (size_t i = 0; i < posts.size();) {
    size_t j = i;
    Range r;
    r.first = static_cast<uint32_t>(v->names_.size());
    while (j < posts.size() && posts[j].first == posts[i].first) v->names_.push_back(posts[j++].second);
    r.count = static_cast<uint32_t>(j - i);
    r.whole = whole.count(posts[i].first) > 0;
    r.single = single.count(posts[i].first) > 0;
    v->ranges_.emplace(posts[i].first, r);
    i = j;
  }
  std::string del;
  for (const auto& [h, key] : own) {
    for (size_t i = 0; i < key.size(); ++i) {
      if (i > 0 && key[i] == key[i - 1]) continue;  // the same deletion as the previous one
      del.assign(key).erase(i, 1);
      v->deletions_[Hash(del)].push_back(h);
    }
  }
  return v;
}

std::span<const uint32_t> NameVocabulary::Names(std::string_view key) const {
  auto it = ranges_.find(Hash(key));
  if (it == ranges_.end()) return {};
  return std::span<const uint32_t>(names_.data() + it->second.first, it->second.count);
}

std::span<const uint32_t> NameVocabulary::KeylessNames(std::string_view token) const {
  auto it = ranges_.find(KeylessHash(token));
  if (it == ranges_.end()) return {};
  return std::span<const uint32_t>(names_.data() + it->second.first, it->second.count);
}

bool NameVocabulary::IsWholeNameKey(std::string_view key) const {
  auto it = ranges_.find(Hash(key));
  return it != ranges_.end() && it->second.whole;
}

bool NameVocabulary::IsSingleIdentityKey(std::string_view key) const {
  auto it = ranges_.find(Hash(key));
  return it != ranges_.end() && it->second.single;
}

void NameVocabulary::NearNames(std::string_view key, std::vector<uint32_t>* out, size_t max_keys) const {
  if (key.size() < 2) return;
  const uint64_t self = Hash(key);
  std::vector<std::pair<uint32_t, uint64_t>> near;  // (names, key hash)
  auto add_key = [&](uint64_t h) {
    if (h == self) return;
    auto it = ranges_.find(h);
    if (it == ranges_.end()) return;
    near.emplace_back(it->second.count, h);
  };
  auto add_deleted = [&](uint64_t h) {  // list keys one of whose deletions hashes to h
    auto it = deletions_.find(h);
    if (it == deletions_.end()) return;
    for (uint64_t k : it->second) add_key(k);
  };
  add_deleted(self);  // a letter dropped from a list key
  std::string del;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0 && key[i] == key[i - 1]) continue;
    del.assign(key).erase(i, 1);
    const uint64_t h = Hash(del);
    if (del.size() >= 2) add_key(h);  // a letter inserted into a list key
    add_deleted(h);                   // substituted, or two letters swapped
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  if (near.size() > max_keys) near.resize(max_keys);
  for (const auto& [n, h] : near) {
    const Range& r = ranges_.find(h)->second;
    out->insert(out->end(), names_.begin() + r.first, names_.begin() + r.first + r.count);
  }
}

}  // namespace tamis::index
