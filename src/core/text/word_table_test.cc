#include "core/text/word_table.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/text/given_names.h"
#include "core/text/tokenise.h"

namespace tamis::text {
namespace {

using detail::WordTable;

// The scalar reference: the first entry whose key is `w`, by a linear scan.
const int* LinearFind(const std::vector<std::pair<std::string, int>>& entries, std::string_view w) {
  for (const auto& e : entries)
    if (e.first == w) return &e.second;
  return nullptr;
}

TEST(WordTable, MatchesLinearScan) {
  std::mt19937 rng(3);
  for (int round = 0; round < 200; ++round) {
    // Short words over a small alphabet: many repeats (the first value must win), many near misses.
    std::vector<std::pair<std::string, int>> entries(rng() % 120);
    for (size_t i = 0; i < entries.size(); ++i) {
      std::string w(rng() % 20, 'a');
      for (char& c : w) c = static_cast<char>('a' + rng() % 4);
      entries[i] = {w, static_cast<int>(i)};
    }
    WordTable<int> table;
    table.Reserve(entries.size());
    for (const auto& [k, v] : entries) table.Insert(k, v);
    std::vector<std::string> probes;
    for (const auto& e : entries) {
      probes.push_back(e.first);
      probes.push_back(e.first + "a");
      if (!e.first.empty()) probes.push_back(e.first.substr(1));
    }
    for (int p = 0; p < 300; ++p) {
      std::string w(rng() % 20, 'a');
      for (char& c : w) c = static_cast<char>(rng() % 8 == 0 ? rng() % 256 : 'a' + rng() % 4);
      probes.push_back(w);
    }
    for (const std::string& w : probes) {
      const int* want = LinearFind(entries, w);
      const int* got = table.Find(w);
      ASSERT_EQ(got == nullptr, want == nullptr) << w;
      if (want) {
        EXPECT_EQ(*got, *want) << w;
      }
      EXPECT_EQ(table.Contains(w), want != nullptr);
    }
  }
}

TEST(WordTable, EmptyTableFindsNothing) {
  WordTable<int> t;
  EXPECT_EQ(t.Find(""), nullptr);
  EXPECT_EQ(t.Find("al"), nullptr);
  const detail::WordSet s = detail::MakeWordSet({"al", "el", "al"});
  EXPECT_TRUE(s.Contains("al"));
  EXPECT_TRUE(s.Contains("el"));
  EXPECT_FALSE(s.Contains("a"));
  EXPECT_FALSE(s.Contains(""));
}

TEST(WordTable, LexiconsAnswerAsTheirLists) {
  EXPECT_EQ(LegalFormOf("limited"), "ltd");
  EXPECT_EQ(LegalFormOf("ojsc"), "jsc");  // listed twice
  EXPECT_EQ(LegalFormOf("aktiengesellschaft"), "ag");
  EXPECT_EQ(LegalFormOf("limite"), "");
  EXPECT_EQ(LegalFormOf(""), "");
  EXPECT_TRUE(IsTitleWord("sheikh"));
  EXPECT_TRUE(IsTitleWord("field"));
  EXPECT_FALSE(IsTitleWord("sheik h"));
  EXPECT_TRUE(IsParticleWord("y"));
  EXPECT_FALSE(IsParticleWord("bi"));
  uint8_t g[2];
  EXPECT_EQ(GivenNameGroups("ted", g), 2);  // Edward and Theodore, in table order
  EXPECT_LT(g[0], g[1]);
  EXPECT_EQ(GivenNameGroups("william", g), 1);
  uint8_t h[2];
  EXPECT_EQ(GivenNameGroups("bill", h), 1);
  EXPECT_EQ(g[0], h[0]);
  EXPECT_EQ(GivenNameGroups("harry", g), 2);  // Harold and Henry
  EXPECT_EQ(GivenNameGroups("zzzz", g), 0);
  EXPECT_EQ(g[0], 0);
  EXPECT_EQ(g[1], 0);
}

}  // namespace
}  // namespace tamis::text
