// Property test of the candidate score bound (core/names/score_bound.h) as the index calls it:
// the bound of a pooled name must be >= the score the scorer gives it, or pruning drops hits.
//
// Oracle: the same query searched twice over the same index, with every key's postings read and
// a pool and candidate count larger than the index (so that only the bound can leave a name
// out): once with `prune` off (every pooled name scored whatever its bound), once with `prune`
// on at threshold T. Every entity scoring >= T unpruned must be returned pruned (its bound
// reached T), at the same score. Checked at fixed thresholds and at each entity's own score
// (the tightest T it must pass).
//
// Pairs: random list names built from real name parts (persons with particles, patronymics,
// initials, titles, abd-compounds, nicknames; organisations with legal forms, numbers and
// acronyms), and queries made from them by the edits the bound's rules are meant to cover (one
// consonant edit per token, dropped, added, swapped, joined or split tokens, initials, titles,
// given-name variants, other kinds), plus adversarial pairs written by hand and Arabic-script
// queries against Latin list names.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/names/prepared_name.h"
#include "index/names/name_index.h"

namespace tamis::index {
namespace {

// Deterministic generator (splitmix64), independent of the standard library's distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n ? static_cast<size_t>(Next() % n) : 0; }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

 private:
  uint64_t s_;
};

const std::vector<std::string> kGiven = {"mohammed", "muhammad", "ali",     "omar",    "hassan",  "hussain", "abdul",
                                         "ahmed",    "yusuf",    "ibrahim", "khalid",  "tariq",   "sergey",  "vladimir",
                                         "john",     "william",  "bill",    "robert",  "bob",     "kim",     "jong",
                                         "li",       "wei",      "anwar",   "fatima",  "aisha",   "nasir",   "jamal",
                                         "abdalrahman", "rahman", "abd",    "mustafa", "said",    "samad",   "naseer"};
const std::vector<std::string> kFamily = {"haqqani",  "zawahiri", "laden",   "soleimani", "kharrazi", "lavrov",
                                          "petrov",   "smith",    "johnson", "al-baghdadi", "al-adnani", "mansour",
                                          "karimi",   "rahimi",   "chang",   "tan",       "ng",       "li",
                                          "sulaymani", "falaha",  "houthi",  "ayub",      "rasul",    "lakhal"};
const std::vector<std::string> kOrgWords = {"islamic",  "movement", "eastern",   "turkistan", "bank",   "industries",
                                            "shahid",   "aluminum", "parts",     "industrial", "trading", "brigades",
                                            "abdallah", "azzam",    "jund",      "al-khilafah", "algeria", "shipping",
                                            "national", "petroleum", "company",  "group",     "front",  "army"};
const std::vector<std::string> kParticles = {"al", "bin", "ibn", "abu", "el", "de", "van"};
const std::vector<std::string> kTitles = {"dr", "sheikh", "mullah", "maulana", "general", "haji"};
const std::vector<std::string> kLegal = {"ltd", "co", "llc", "company", "inc", "gmbh"};
const std::vector<std::string> kPatronymics = {"viktorovich", "ivanovich", "petrovna"};

std::string Join(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) {
    if (x.empty()) continue;
    if (!s.empty()) s += ' ';
    s += x;
  }
  return s;
}

std::vector<std::string> RandomPerson(Rng& r) {
  std::vector<std::string> w;
  if (r.Chance(10)) w.push_back(r.Pick(kTitles));
  w.push_back(r.Pick(kGiven));
  if (r.Chance(40)) w.push_back(r.Pick(kGiven));
  if (r.Chance(15)) w.push_back(r.Pick(kPatronymics));
  if (r.Chance(20)) w.push_back(r.Pick(kParticles));
  w.push_back(r.Pick(kFamily));
  if (r.Chance(10)) w.push_back(std::string(1, static_cast<char>('a' + r.Below(26))));
  return w;
}

std::vector<std::string> RandomOrganisation(Rng& r) {
  std::vector<std::string> w;
  const size_t n = 2 + r.Below(4);
  for (size_t i = 0; i < n; ++i) w.push_back(r.Pick(kOrgWords));
  if (r.Chance(20)) w.push_back(std::to_string(1 + r.Below(20)));
  if (r.Chance(40)) w.push_back(r.Pick(kLegal));
  if (r.Chance(20)) {  // its acronym
    std::string a;
    for (size_t i = 0; i < n; ++i) a += w[i][0];
    w.push_back(a);
  }
  return w;
}

// One consonant-preserving or consonant-changing edit of one word (substitution, insertion,
// deletion, adjacent transposition).
std::string Typo(Rng& r, std::string w) {
  if (w.size() < 3) return w;
  const size_t i = 1 + r.Below(w.size() - 1);
  const char c = static_cast<char>('a' + r.Below(26));
  switch (r.Below(4)) {
    case 0: w[i] = c; break;
    case 1: w.insert(w.begin() + static_cast<long>(i), c); break;
    case 2: w.erase(i, 1); break;
    default:
      if (i + 1 < w.size()) std::swap(w[i], w[i + 1]);
  }
  return w;
}

// Edits of a list name into a query. `typos`: also one-letter edits inside a word and words
// joined or split (which can move a token's consonant skeleton two edits away).
std::vector<std::string> Perturb(Rng& r, std::vector<std::string> w, bool person, bool typos) {
  const size_t edits = 1 + r.Below(3);
  for (size_t e = 0; e < edits && !w.empty(); ++e) {
    const size_t i = r.Below(w.size());
    size_t op = r.Below(10);
    if (!typos && (op == 0 || op == 4 || op == 5)) op = 3;
    switch (op) {
      case 0: w[i] = Typo(r, w[i]); break;
      case 1:
        if (w.size() > 1) w.erase(w.begin() + static_cast<long>(i));
        break;
      case 2: w.insert(w.begin() + static_cast<long>(i), person ? r.Pick(kGiven) : r.Pick(kOrgWords)); break;
      case 3: std::swap(w[i], w[r.Below(w.size())]); break;
      case 4:
        if (i + 1 < w.size()) w[i] += w[i + 1], w.erase(w.begin() + static_cast<long>(i + 1));
        break;
      case 5:
        if (w[i].size() >= 6) {
          const size_t at = 2 + r.Below(w[i].size() - 3);
          w.insert(w.begin() + static_cast<long>(i + 1), w[i].substr(at));
          w[i].resize(at);
        }
        break;
      case 6: w[i] = w[i].substr(0, 1); break;
      case 7: w.insert(w.begin(), person ? r.Pick(kTitles) : r.Pick(kLegal)); break;
      case 8: w[i] = r.Pick(person ? kFamily : kOrgWords); break;
      default: w.push_back(r.Pick(kParticles)); break;
    }
  }
  return w;
}

Entity MakeEntity(size_t id, const std::string& name, EntityKind kind) {
  Entity e;
  e.id = "t:" + std::to_string(id);
  e.source = "test";
  e.kind = kind;
  Name n;
  n.full = name;
  e.names.push_back(n);
  return e;
}

struct Violation {
  std::string query, name;
  double threshold = 0, score = 0;
};

// What pruning lost over a set of queries: every loss (any threshold), and at the default
// threshold the hits of the unpruned search (score >= 0.70) and how many of them the pruned
// search left out.
struct Losses {
  std::vector<Violation> all;
  size_t hits_at_default = 0, lost_at_default = 0;
  double LostShare() const { return hits_at_default ? double(lost_at_default) / double(hits_at_default) : 0; }
};

// Runs the oracle for one query over `ix`.
void CheckQuery(const NameIndex& ix, const std::string& query, EntityKind kind, Losses* out) {
  const names::PreparedName q = names::PrepareName(query, kind);
  NameSearchParams wide;
  wide.explain = false;
  wide.limit = ix.entity_count() + 1;
  wide.max_candidates = ix.name_count() + 1;
  wide.candidate_pool = ix.name_count() + 1;
  wide.abjad_candidate_pool = ix.name_count() + 1;
  wide.read_all_postings = true;
  wide.prune = false;
  wide.threshold = 1e-4;
  std::map<uint32_t, double> unpruned;
  for (const NameHit& h : ix.Search(q, {}, wide)) unpruned[h.entity] = h.score;
  std::vector<double> thresholds = {0.3, 0.5, 0.6, names::kDefaultThreshold, 0.8, 0.9};
  for (const auto& [e, s] : unpruned)
    if (s > 0.05) thresholds.push_back(s - 1e-6);
  for (size_t k = 0; k < thresholds.size(); ++k) {
    const double t = thresholds[k];
    NameSearchParams p = wide;
    p.prune = true;
    p.threshold = t;
    std::map<uint32_t, double> pruned;
    for (const NameHit& h : ix.Search(q, {}, p)) pruned[h.entity] = h.score;
    for (const auto& [e, s] : unpruned) {
      if (s < t) continue;
      const auto it = pruned.find(e);
      const bool lost = it == pruned.end() || std::abs(it->second - s) > 1e-9;
      if (k == 3) out->hits_at_default++, out->lost_at_default += lost;
      if (lost) out->all.push_back({query, ix.entity(e).names[0].full, t, s});
    }
  }
}

// The 20 worst losses (highest score lost), one line each.
std::string Describe(std::vector<Violation> v) {
  std::sort(v.begin(), v.end(), [](const Violation& a, const Violation& b) { return a.score > b.score; });
  std::string s;
  for (size_t i = 0; i < v.size() && i < 20; ++i)
    s += "  [" + v[i].query + "] ~ [" + v[i].name + "] score " + std::to_string(v[i].score) + " lost at threshold " +
         std::to_string(v[i].threshold) + "\n";
  return s;
}

// Runs the oracle on `queries` random queries made from 400 random list names.
Losses RandomPairs(bool typos, size_t queries) {
  Rng r(20261207);
  std::vector<Entity> ents;
  std::vector<std::pair<std::vector<std::string>, bool>> bases;
  for (size_t i = 0; i < 400; ++i) {
    const bool person = r.Chance(70);
    auto w = person ? RandomPerson(r) : RandomOrganisation(r);
    ents.push_back(MakeEntity(i, Join(w), person ? EntityKind::kPerson : EntityKind::kOrganisation));
    bases.emplace_back(std::move(w), person);
  }
  NameIndexOptions o;
  o.threads = 1;
  auto ix = NameIndex::Build(ents, o);
  Losses v;
  for (size_t k = 0; k < queries; ++k) {
    const auto& [w, person] = bases[r.Below(bases.size())];
    const auto qw = Perturb(r, w, person, typos);
    const EntityKind kind =
        r.Chance(30) ? EntityKind::kUnknown : person ? EntityKind::kPerson : EntityKind::kOrganisation;
    CheckQuery(*ix, Join(qw), kind, &v);
  }
  return v;
}

// The bound is not yet a strict upper bound (docs/benchmarks.md, "Score bound"): with typos, a
// query pair split by a typo against one candidate token ("joh noon" ~ "johnson") and an initial
// out of order ("abd k li" ~ "abd li kharrazi") are not aligned by it, and "billli" ~ "bill li"
// is lost at thresholds of 0.90 and above. It used to pair greedily
// (a particle took the query token a nickname would align: "johnson bob" ~ "robert mohammed el
// johnson" 0.85, bound 0.72), to miss typos that move a consonant skeleton two edits
// ("baghdpadi" BKDPD ~ "baghdadi" BKD) and a query token written as a run of candidate tokens
// joined ("dromar" ~ "dr omar"): 8 of 706 hits lost, then 4, now 2 of 705. These tests pin the
// share of default-threshold hits pruning loses on random pairs, so that a scorer change which
// breaks the bound more widely (a constant the bound no longer shares, a new way to align) fails
// here: without typos none may be lost, with them at most 1%. Lower the ceiling as the bound is
// made strict. Every loss is listed, worst first.
TEST(ScoreBoundTest, BoundsTheScoreOnRandomPairs) {
  const Losses v = RandomPairs(false, 600);
  EXPECT_GT(v.hits_at_default, 300u);
  EXPECT_EQ(v.lost_at_default, 0u) << v.lost_at_default << " of " << v.hits_at_default
                                  << " hits at 0.70 lost; worst losses at any threshold:\n" << Describe(v.all);
}

TEST(ScoreBoundTest, BoundsTheScoreOnRandomPairsWithTypos) {
  const Losses v = RandomPairs(true, 600);
  EXPECT_GT(v.hits_at_default, 200u);
  EXPECT_LE(v.LostShare(), 0.01) << v.lost_at_default << " of " << v.hits_at_default
                                  << " hits at 0.70 lost; worst losses at any threshold:\n" << Describe(v.all);
}
// Pairs written to reach the bound's corners: conflicts at the least conflict weight, missing
// patronymics, never-conflict tokens, numbers, initials, acronyms of organisations against a
// person's initials, abd-compounds, joined and split tokens, cross-script (abjad) tokens.
TEST(ScoreBoundTest, BoundsTheScoreOnAdversarialPairs) {
  const std::vector<std::pair<std::string, EntityKind>> list = {
      {"Sergey Viktorovich Lavrov", EntityKind::kPerson},
      {"Tariq Anwar al-Sayed Mohamed", EntityKind::kPerson},
      {"Tariq Anwar al-Sayed Ahmed", EntityKind::kPerson},
      {"Abd al-Rahman Mustafa al-Qaduli", EntityKind::kPerson},
      {"Abdulrahman al Qaduli", EntityKind::kPerson},
      {"Habibullah Khan", EntityKind::kPerson},
      {"Mohammad Yahya Mujahid", EntityKind::kPerson},
      {"Usama bin Laden", EntityKind::kPerson},
      {"George Santos", EntityKind::kPerson},
      {"Kim Jong Un", EntityKind::kPerson},
      {"Naseer Haqqani", EntityKind::kPerson},
      {"Abdul Samad", EntityKind::kPerson},
      {"Shahid Kharrazi Industries", EntityKind::kOrganisation},
      {"Shahid Karrazi Industries", EntityKind::kOrganisation},
      {"Eastern Turkistan Islamic Movement", EntityKind::kOrganisation},
      {"ETIM", EntityKind::kOrganisation},
      {"Abdallah Azzam Brigades", EntityKind::kOrganisation},
      {"Bank of America", EntityKind::kOrganisation},
      {"Al-Shabaab", EntityKind::kOrganisation},
      {"MYM", EntityKind::kOrganisation},
      {"Lashkar e Tayyiba 313", EntityKind::kOrganisation},
      {"Brigade 313 Ltd", EntityKind::kOrganisation},
      {"Dr Ali Hussain", EntityKind::kPerson},
      {"Dr Omar Haqqani", EntityKind::kPerson},
      {"Omar Ali Hussain", EntityKind::kPerson},
      {"Hussain Omar", EntityKind::kPerson},
      {"محمد علي", EntityKind::kPerson},
  };
  std::vector<Entity> ents;
  for (size_t i = 0; i < list.size(); ++i) ents.push_back(MakeEntity(i, list[i].first, list[i].second));
  NameIndexOptions o;
  o.threads = 1;
  auto ix = NameIndex::Build(ents, o);
  const std::vector<std::pair<std::string, EntityKind>> queries = {
      {"Sergey Lavrov", EntityKind::kPerson},
      {"Lavrov Sergey Viktorovich", EntityKind::kPerson},
      {"Tariq Anwar Mohamed", EntityKind::kPerson},
      {"Tariq Anwar al Sayed", EntityKind::kPerson},
      {"Abdulrahman Mustafa Qaduli", EntityKind::kPerson},
      {"Rahman al-Qaduli", EntityKind::kPerson},
      {"Habib Allah Khan", EntityKind::kPerson},
      {"Hbib Allah Khan", EntityKind::kPerson},
      {"MYM", EntityKind::kUnknown},
      {"Mohammed Yahya Mujahid", EntityKind::kUnknown},
      {"Osama bin Ladin", EntityKind::kPerson},
      {"Usama Laden", EntityKind::kPerson},
      {"George S Helmy", EntityKind::kPerson},
      {"G Santos", EntityKind::kPerson},
      {"Kim Jong-un", EntityKind::kPerson},
      {"Kimjongun", EntityKind::kPerson},
      {"Maseer HAQQANI", EntityKind::kPerson},
      {"Abdul SAMAN", EntityKind::kPerson},
      {"Kharrazi Industries", EntityKind::kOrganisation},
      {"Karrazi Industries", EntityKind::kUnknown},
      {"ETIM", EntityKind::kUnknown},
      {"AAB", EntityKind::kOrganisation},
      {"Eastern Turkestan Islamic Movement", EntityKind::kOrganisation},
      {"BOA", EntityKind::kOrganisation},
      {"Lashkar e Taiba 313", EntityKind::kOrganisation},
      {"Brigade 312", EntityKind::kOrganisation},
      {"Ali Hussain", EntityKind::kPerson},
      {"Dromar Haqqani", EntityKind::kPerson},  // a title joined with the next token
      {"Hussain", EntityKind::kUnknown},
      {"Omar Hussain", EntityKind::kPerson},
      {"Mohammed Ali", EntityKind::kPerson},
      {"محمد علي", EntityKind::kPerson},
      {"علي حسين", EntityKind::kPerson},
      {"عمر علي حسين", EntityKind::kPerson},
  };
  Losses v;
  for (const auto& [q, kind] : queries) CheckQuery(*ix, q, kind, &v);
  EXPECT_EQ(v.lost_at_default, 0u) << Describe(v.all);
  std::vector<Violation> strong;  // any loss of a hit >= 0.70, at any threshold
  for (const Violation& x : v.all)
    if (x.score >= names::kDefaultThreshold) strong.push_back(x);
  EXPECT_TRUE(strong.empty()) << Describe(strong);
}

}  // namespace
}  // namespace tamis::index
