#include "index/names/vocabulary.h"

#include <algorithm>
#include <functional>
#include <string>
#include <unordered_map>

#include "core/names/prepared_name.h"
#include "core/text/phonetic.h"

namespace tamis::index {

uint64_t NameVocabulary::Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

namespace {
size_t TableSize(size_t n) {
  size_t size = 16;
  while (size < 2 * n) size <<= 1;
  return size;
}
size_t Home(uint64_t hash, size_t mask) { return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ULL) >> 17) & mask; }
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
  size_t distinct = 0;
  for (size_t i = 0; i < posts.size(); ++i) distinct += i == 0 || posts[i].first != posts[i - 1].first;
  v->keys_ = distinct;
  v->slots_.assign(TableSize(distinct), Slot{});
  const size_t mask = v->slots_.size() - 1;
  v->names_.reserve(posts.size());
  std::unordered_map<uint64_t, uint32_t> slot_of;  // key hash -> slot index (build only)
  for (size_t i = 0; i < posts.size();) {
    size_t j = i;
    Slot r;
    r.hash = posts[i].first;
    r.first = static_cast<uint32_t>(v->names_.size());
    while (j < posts.size() && posts[j].first == posts[i].first) v->names_.push_back(posts[j++].second);
    r.count = static_cast<uint32_t>(j - i);
    r.whole = whole.count(r.hash) > 0;
    r.single = single.count(r.hash) > 0;
    size_t at = Home(r.hash, mask);
    while (v->slots_[at].count) at = (at + 1) & mask;
    v->slots_[at] = r;
    slot_of.emplace(r.hash, static_cast<uint32_t>(at));
    i = j;
  }
  std::vector<std::pair<uint64_t, uint32_t>> dels;  // (deletion hash, key slot)
  std::string del;
  for (const auto& [h, key] : own) {
    const uint32_t slot = slot_of.at(h);
    for (size_t i = 0; i < key.size(); ++i) {
      if (i > 0 && key[i] == key[i - 1]) continue;  // the same deletion as the previous one
      del.assign(key).erase(i, 1);
      dels.emplace_back(Hash(del), slot);
    }
  }
  std::sort(dels.begin(), dels.end());
  dels.erase(std::unique(dels.begin(), dels.end()), dels.end());
  size_t ddistinct = 0;
  for (size_t i = 0; i < dels.size(); ++i) ddistinct += i == 0 || dels[i].first != dels[i - 1].first;
  v->del_slots_.assign(TableSize(ddistinct), DelSlot{});
  const size_t dmask = v->del_slots_.size() - 1;
  for (size_t i = 0; i < dels.size();) {
    size_t j = i;
    DelSlot d;
    d.hash = dels[i].first;
    d.first = static_cast<uint32_t>(v->del_keys_.size());
    while (j < dels.size() && dels[j].first == dels[i].first) v->del_keys_.push_back(dels[j++].second);
    d.count = static_cast<uint32_t>(j - i);
    size_t at = Home(d.hash, dmask);
    while (v->del_slots_[at].count) at = (at + 1) & dmask;
    v->del_slots_[at] = d;
    i = j;
  }
  return v;
}

const NameVocabulary::Slot* NameVocabulary::Find(uint64_t hash) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t at = Home(hash, mask);; at = (at + 1) & mask) {
    const Slot& s = slots_[at];
    if (!s.count) return nullptr;
    if (s.hash == hash) return &s;
  }
}

const NameVocabulary::DelSlot* NameVocabulary::FindDeletion(uint64_t hash) const {
  if (del_slots_.empty()) return nullptr;
  const size_t mask = del_slots_.size() - 1;
  for (size_t at = Home(hash, mask);; at = (at + 1) & mask) {
    const DelSlot& s = del_slots_[at];
    if (!s.count) return nullptr;
    if (s.hash == hash) return &s;
  }
}

std::span<const uint32_t> NameVocabulary::Names(std::string_view key) const {
  const Slot* s = Find(Hash(key));
  return s ? NamesOf(*s) : std::span<const uint32_t>();
}

std::span<const uint32_t> NameVocabulary::KeylessNames(std::string_view token) const {
  const Slot* s = Find(KeylessHash(token));
  return s ? NamesOf(*s) : std::span<const uint32_t>();
}

bool NameVocabulary::IsWholeNameKey(std::string_view key) const {
  const Slot* s = Find(Hash(key));
  return s && s->whole;
}

bool NameVocabulary::IsSingleIdentityKey(std::string_view key) const {
  const Slot* s = Find(Hash(key));
  return s && s->single;
}

void NameVocabulary::NearSlots(std::string_view key, std::vector<const Slot*>* out) const {
  if (key.size() < 2) return;
  const uint64_t self = Hash(key);
  auto add_deleted = [&](uint64_t h) {  // list keys one of whose deletions hashes to h
    const DelSlot* d = FindDeletion(h);
    if (!d) return;
    for (uint32_t k = d->first; k < d->first + d->count; ++k)
      if (slots_[del_keys_[k]].hash != self) out->push_back(&slots_[del_keys_[k]]);
  };
  add_deleted(self);  // a letter dropped from a list key
  std::string del;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0 && key[i] == key[i - 1]) continue;
    del.assign(key).erase(i, 1);
    const uint64_t h = Hash(del);
    if (del.size() >= 2)  // a letter inserted into a list key
      if (const Slot* s = Find(h)) out->push_back(s);
    add_deleted(h);  // substituted, or two letters swapped
  }
}

void NameVocabulary::NearNames(std::string_view key, std::vector<uint32_t>* out, size_t max_keys) const {
  std::vector<const Slot*> near;
  NearSlots(key, &near);
  std::sort(near.begin(), near.end(), [](const Slot* a, const Slot* b) {
    return a->count != b->count ? a->count < b->count : a < b;
  });
  near.erase(std::unique(near.begin(), near.end()), near.end());
  if (near.size() > max_keys) near.resize(max_keys);
  for (const Slot* s : near) out->insert(out->end(), names_.begin() + s->first, names_.begin() + s->first + s->count);
}

void NameVocabulary::NearKeyNames(std::string_view key, std::vector<std::span<const uint32_t>>* out) const {
  std::vector<const Slot*> near;
  NearSlots(key, &near);
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  for (const Slot* s : near) out->push_back(NamesOf(*s));
}

}  // namespace tamis::index
