#include "index/names/vocabulary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace tamis::index {
namespace {

Entity Make(std::string id, EntityKind kind, std::vector<std::string> names) {
  Entity e;
  e.id = std::move(id);
  e.source = "un";
  e.kind = kind;
  for (size_t i = 0; i < names.size(); ++i) {
    Name n;
    n.full = names[i];
    n.type = i == 0 ? NameType::kPrimary : NameType::kAka;
    e.names.push_back(n);
  }
  return e;
}

std::shared_ptr<const NameIndex> Sample() {
  return NameIndex::Build({Make("A", EntityKind::kPerson, {"Usama Muhammed Awad bin Laden", "Osama bin Laden"}),
                           Make("B", EntityKind::kPerson, {"Ayman al-Zawahiri", "Sheikh Aweys"}),
                           Make("C", EntityKind::kOrganisation, {"Hizballah", "People's Liberation Army"}),
                           Make("D", EntityKind::kPerson, {"Abdulrahman Yasin", "John Smith", "Bilal"}),
                           Make("E", EntityKind::kPerson, {})});
}

// Scalar reference: every key of every name, collected by brute force over the prepared names,
// maps to exactly the names that have it.
TEST(NameVocabularyTest, NamesOfEveryKeyEqualBruteForce) {
  auto ix = Sample();
  auto v = NameVocabulary::Build(*ix);
  std::map<std::string, std::set<uint32_t>> want, keyless;
  for (uint32_t id = 0; id < ix->name_count(); ++id) {
    const names::PreparedName& p = ix->prepared(id);
    names::ForEachTokenKey(p, [&](std::string_view k, size_t, bool) { want[std::string(k)].insert(id); });
    char j[text::kMaxKeyLength];
    for (size_t i = 0; i + 1 < p.tokens.size(); ++i)
      if ((p.tokens[i].flags & names::kKeylessTokenFlags) && !(p.tokens[i + 1].flags & names::kKeylessTokenFlags))
        want[std::string(j, names::JoinedSkeletonInto(p, i, j))].insert(id);
    if (std::string a = names::AcronymKey(p); !a.empty()) want[a].insert(id);
    for (size_t i = 0; i < p.tokens.size(); ++i)
      if ((p.tokens[i].flags & names::kKeylessTokenFlags) && !(p.tokens[i].flags & (text::kTokenInitial | text::kTokenNumeric)))
        keyless[std::string(p.text(i))].insert(id);
  }
  ASSERT_TRUE(keyless.count("bin") && keyless.count("sheikh")) << "particles and titles of the sample";
  for (const auto& [tok, ids] : keyless) {
    auto got = v->KeylessNames(tok);
    EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.end()), std::vector<uint32_t>(ids.begin(), ids.end())) << tok;
  }
  ASSERT_FALSE(want.empty());
  for (const auto& [key, ids] : want) {
    auto got = v->Names(key);
    EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.end()), std::vector<uint32_t>(ids.begin(), ids.end())) << key;
  }
  EXPECT_EQ(v->key_count(), want.size() + keyless.size());
  EXPECT_TRUE(v->Names("QXZQXZ").empty());
}

std::string OwnKey(std::string_view word) {
  names::PreparedName p = names::PrepareName(word, EntityKind::kUnknown);
  char buf[text::kMaxKeyLength];
  for (size_t i = 0; i < p.tokens.size(); ++i)
    if (!(p.tokens[i].flags & names::kKeylessTokenFlags)) return std::string(names::TokenOwnKey(p.skeleton(i), p.phonetic(i), buf));
  return "";
}

bool Near(const NameVocabulary& v, std::string_view word, uint32_t id) {
  std::vector<uint32_t> out;
  v.NearNames(OwnKey(word), &out);
  return std::find(out.begin(), out.end(), id) != out.end();
}

uint32_t NameId(const NameIndex& ix, std::string_view full) {
  for (uint32_t id = 0; id < ix.name_count(); ++id)
    if (ix.entity(ix.name_entity(id)).names[ix.name_slot(id)].full == full) return id;
  ADD_FAILURE() << full;
  return 0;
}

TEST(NameVocabularyTest, NearKeysReachTyposOfOneEdit) {
  auto ix = Sample();
  auto v = NameVocabulary::Build(*ix);
  const uint32_t zaw = NameId(*ix, "Ayman al-Zawahiri"), yasin = NameId(*ix, "Abdulrahman Yasin");
  auto has = [&](std::string_view w, uint32_t id) {
    auto ids = v->Names(OwnKey(w));
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  EXPECT_TRUE(has("Zawahiry", zaw));        // vowels: the same skeleton, no near key needed
  EXPECT_FALSE(has("Zawaniri", zaw));
  EXPECT_TRUE(Near(*v, "Zawaniri", zaw));   // a consonant substituted
  EXPECT_TRUE(Near(*v, "Zawahiris", zaw));  // a consonant added
  EXPECT_TRUE(Near(*v, "Zawairi", zaw));    // a consonant dropped
  EXPECT_TRUE(Near(*v, "Zahwairi", zaw));   // two consonants swapped
  EXPECT_TRUE(Near(*v, "Yasim", yasin));
  EXPECT_FALSE(Near(*v, "Kowalski", zaw));
  EXPECT_FALSE(Near(*v, "Zxqhiri", zaw));   // two edits
}

TEST(NameVocabularyTest, WholeNameKeys) {
  auto ix = Sample();
  auto v = NameVocabulary::Build(*ix);
  EXPECT_TRUE(v->IsWholeNameKey(OwnKey("Hizballah")));
  EXPECT_FALSE(v->IsWholeNameKey(OwnKey("Aweys")));  // a person's name, and "Sheikh" is a title:
  EXPECT_TRUE(v->IsSingleIdentityKey(OwnKey("Aweys")));
  EXPECT_FALSE(v->IsSingleIdentityKey(OwnKey("Hizballah")));
  EXPECT_FALSE(v->IsSingleIdentityKey(OwnKey("Zawahiri")));  // "al" beside it, but Ayman too
  EXPECT_FALSE(v->IsWholeNameKey(OwnKey("Bilal")));  // a person's one-word alias
  EXPECT_FALSE(v->IsSingleIdentityKey(OwnKey("Bilal")));
  EXPECT_FALSE(v->IsWholeNameKey(OwnKey("Zawahiri")));
  EXPECT_FALSE(v->IsWholeNameKey(OwnKey("Smith")));
  EXPECT_TRUE(v->IsWholeNameKey(names::AcronymKey(names::PrepareName("People's Liberation Army", EntityKind::kOrganisation))));
}

}  // namespace
}  // namespace tamis::index
