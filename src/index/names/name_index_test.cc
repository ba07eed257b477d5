#include "index/names/name_index.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace tamis::index {
namespace {

Entity Person(std::string id, std::vector<std::string> names, std::string source = "un") {
  Entity e;
  e.id = std::move(id);
  e.source = std::move(source);
  e.kind = EntityKind::kPerson;
  for (size_t i = 0; i < names.size(); ++i) {
    Name n;
    n.full = names[i];
    n.type = i == 0 ? NameType::kPrimary : NameType::kAka;
    e.names.push_back(n);
  }
  return e;
}

std::vector<Entity> Sample() {
  return {Person("un:QDi.006", {"Usama Muhammed Awad bin Laden", "Osama bin Laden", "Usama bin Ladin"}),
          Person("un:QDi.020", {"Ayman al-Zawahiri", "Aiman al Zawahri"}),
          Person("ofac:1", {"Vladimir Putin"}, "ofac"),
          Person("ofac:2", {"John Smith"}, "ofac"),
          Person("un:X.1", {})};
}

TEST(NameIndexTest, FindsAliasAndRanksByScore) {
  auto ix = NameIndex::Build(Sample());
  EXPECT_EQ(ix->entity_count(), 5u);
  EXPECT_EQ(ix->name_count(), 7u);
  auto q = names::PrepareName("Usama bin Ladin", EntityKind::kPerson);
  auto hits = ix->Search(q, {}, {});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(ix->entity(hits[0].entity).id, "un:QDi.006");
  EXPECT_GT(hits[0].score, 0.9);
  EXPECT_FALSE(hits[0].explanation.pairs.empty());
}

// Equal prepared names (the same person on two lists) are bounded and scored once per query
// (NameIndex::name_class_): every entity holding one must still get that name's score, its own
// attribute adjustments and a full explanation; with the memo wrong (another name's or another
// entity's result reused), A, B and C would differ or D would lose its dob bonus.
TEST(NameIndexTest, EqualNamesScoredAlikeWithOwnAdjustments) {
  std::vector<Entity> all = {Person("un:A", {"Abu Mohammed al-Adnani", "Taha Subhi Falaha"}),
                             Person("ofac:B", {"Taha Falaha", "ABU MOHAMMED AL-ADNANI"}, "ofac"),
                             Person("un:C", {"Abu Mohammed al Adnani"}),
                             Person("un:D", {"Abu Mohammed al-Adnani"}),
                             Person("un:E", {"Mohammed Adnan"})};
  all[3].dates_of_birth.push_back({DateOfBirth::Kind::kExact, {1977, 0, 0}, {}, ""});
  auto q = names::PrepareName("Abu Mohamad al-Adnany Shami", EntityKind::kPerson);
  names::QueryAttributes attrs;
  attrs.date_of_birth = {1977, 0, 0};
  NameSearchParams p;
  p.threshold = 0.5;
  auto ix = NameIndex::Build(all);
  const auto hits = ix->Search(q, attrs, p);
  auto hit = [&](const std::string& id) -> const NameHit* {
    const auto it = std::find_if(hits.begin(), hits.end(), [&](const NameHit& h) { return ix->entity(h.entity).id == id; });
    return it == hits.end() ? nullptr : &*it;
  };
  const NameHit* a = hit("un:A");
  ASSERT_NE(a, nullptr);
  ASSERT_LT(a->score, 0.95);  // not saturated: the dob bonus below shows
  EXPECT_EQ(a->name, 0);
  for (const char* id : {"ofac:B", "un:C"}) {
    const NameHit* h = hit(id);
    ASSERT_NE(h, nullptr) << id;
    EXPECT_EQ(h->score, a->score) << id;
    ASSERT_EQ(h->explanation.pairs.size(), a->explanation.pairs.size()) << id;
    for (size_t k = 0; k < a->explanation.pairs.size(); ++k) {
      EXPECT_EQ(h->explanation.pairs[k].candidate, a->explanation.pairs[k].candidate) << id;
      EXPECT_EQ(h->explanation.pairs[k].similarity, a->explanation.pairs[k].similarity) << id;
    }
  }
  EXPECT_EQ(hit("ofac:B")->name, 1);  // its own slot of the equal name
  const NameHit* d = hit("un:D");
  ASSERT_NE(d, nullptr);
  EXPECT_NEAR(d->score, a->score + 0.03, 1e-9);  // its dob year, not A's
  ASSERT_EQ(d->explanation.adjustments.size(), 1u);
  EXPECT_EQ(d->explanation.adjustments[0].what, "dob");
  EXPECT_TRUE(a->explanation.adjustments.empty());
}

TEST(NameIndexTest, TypoStillCandidate) {
  auto ix = NameIndex::Build(Sample());
  auto q = names::PrepareName("Aymen al-Zawahry", EntityKind::kUnknown);
  auto hits = ix->Search(q, {}, {});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(ix->entity(hits[0].entity).id, "un:QDi.020");
}

TEST(NameIndexTest, SourceFilterAndLimit) {
  auto ix = NameIndex::Build(Sample());
  auto q = names::PrepareName("Vladimir Putin", EntityKind::kPerson);
  NameSearchParams p;
  p.sources = {"un"};
  EXPECT_TRUE(ix->Search(q, {}, p).empty());
  p.sources = {"ofac"};
  ASSERT_EQ(ix->Search(q, {}, p).size(), 1u);
  p.limit = 0;
  EXPECT_TRUE(ix->Search(q, {}, p).empty());
}

TEST(NameIndexTest, EmptyAndGarbageQueries) {
  auto ix = NameIndex::Build(Sample());
  EXPECT_TRUE(ix->Search(names::PrepareName("", EntityKind::kUnknown), {}, {}).empty());
  EXPECT_TRUE(ix->Search(names::PrepareName("\xff\xfe!!", EntityKind::kUnknown), {}, {}).empty());
  auto empty = NameIndex::Build({});
  EXPECT_TRUE(empty->Search(names::PrepareName("John Smith", EntityKind::kUnknown), {}, {}).empty());
}

TEST(NameIndexTest, ExcludesOriginalScriptWhenAsked) {
  auto ents = Sample();
  Name ar;
  ar.full = "\xd8\xa3\xd8\xb3\xd8\xa7\xd9\x85\xd8\xa9";  // Arabic
  ar.type = NameType::kOriginalScript;
  ents[0].names.push_back(ar);
  NameIndexOptions o;
  o.include_original_script = false;
  EXPECT_EQ(NameIndex::Build(ents, o)->name_count(), 7u);
  EXPECT_EQ(NameIndex::Build(ents)->name_count(), 8u);
}

TEST(NameIndexTest, StripsSourceRecordButKeepsNames) {
  auto ents = Sample();
  ents[0].source_record = std::string(1000, 'x');
  auto ix = NameIndex::Build(std::move(ents));
  EXPECT_TRUE(ix->entity(0).source_record.empty());
  EXPECT_EQ(ix->entity(0).names.size(), 3u);
  EXPECT_GT(ix->stats().memory_bytes, 0u);
}

TEST(NameIndexTest, FrequentKeysCappedButUsedWhenAlone) {
  std::vector<Entity> ents;
  for (int i = 0; i < 300; ++i) ents.push_back(Person("x:" + std::to_string(i), {"Mohammed Person" + std::to_string(i)}));
  ents.push_back(Person("x:target", {"Mohammed Zzyzx"}));
  auto ix = NameIndex::Build(std::move(ents));
  NameSearchParams p;
  p.max_key_postings = 10;
  p.max_candidates = 1;
  // The rare key alone fills the candidate budget; the frequent key is skipped.
  auto c = ix->Candidates(names::PrepareName("Mohammed Zzyzx", EntityKind::kPerson), p);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(ix->entity(ix->name_entity(c[0])).id, "x:target");
  // Only the frequent key: used anyway, capped at max_candidates (no score-bound pruning: a
  // one-word query against two-word names may not reach the threshold).
  p.max_candidates = 5;
  p.prune = false;
  c = ix->Candidates(names::PrepareName("Mohammed", EntityKind::kPerson), p);
  EXPECT_EQ(c.size(), 5u);
}

// A frequent key still ranks the names rarer keys found when more of them tie than the pool
// holds: "Zzyzx Mohammed" (swapped: no joined key) finds "Mohammed Zzyzx" among a hundred other
// Zzyzxes (the target has the highest id, which the tie order -- fewer tokens, then lower ids --
// would leave out).
TEST(NameIndexTest, FrequentKeyRanksTiedNamesFoundByRarerKeys) {
  auto letters = [](int i) {
    std::string s;
    for (int k = 0; k < 3; ++k, i /= 26) s.push_back(static_cast<char>('a' + i % 26));
    return s;
  };
  std::vector<Entity> ents;
  for (int i = 0; i < 200; ++i) ents.push_back(Person("m:" + std::to_string(i), {"Mohammed Qu" + letters(i) + "tor"}));
  for (int i = 0; i < 100; ++i) ents.push_back(Person("z:" + std::to_string(i), {"Zzyzx Bo" + letters(i) + "ler"}));
  ents.push_back(Person("x:target", {"Mohammed Zzyzx"}));
  auto ix = NameIndex::Build(std::move(ents));
  NameSearchParams p;
  p.max_key_postings = 150;  // "mohammed" (201 names) is frequent, "zzyzx" (101) is not
  p.max_candidates = 8;
  p.candidate_pool = 16;
  p.prune = false;
  const auto c = ix->Candidates(names::PrepareName("Zzyzx Mohammed", EntityKind::kPerson), p);
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(ix->entity(ix->name_entity(c[0])).id, "x:target");
}

Entity Org(std::string id, std::string name) {
  Entity e = Person(std::move(id), {std::move(name)}, "ofac");
  e.kind = EntityKind::kOrganisation;
  return e;
}

bool HasEntity(const NameIndex& ix, const std::vector<uint32_t>& names, const std::string& id) {
  for (uint32_t n : names)
    if (ix.entity(ix.name_entity(n)).id == id) return true;
  return false;
}

// The id of the best hit of `query` with a small pool (8 names scored of 16), or "" when none;
// its score in *score.
std::string TopHit(const NameIndex& ix, std::string_view query, EntityKind kind, double* score = nullptr) {
  NameSearchParams p;
  p.max_candidates = 8;
  p.candidate_pool = 16;
  const auto hits = ix.Search(names::PrepareName(query, kind), {}, p);
  if (hits.empty()) return "";
  if (score) *score = hits[0].score;
  return ix.entity(hits[0].entity).id;
}

TEST(NameIndexTest, TiedNamesHoldingTheSharedQueryTokensArePooledFirst) {
  // The OFAC and UN lists both hold "CHANG CHANG HA" (OFAC: "CHANG, Chang-ha"). A query of it
  // shares only the common key of "chang" with the OFAC spelling, as with every "Chang ...":
  // among those tied names the ones of three tokens go first, not the one-token "Chango"s.
  std::vector<Entity> ents;
  const char* one[] = {"Chang", "Cheng", "Chung", "Chong", "Chango"};
  for (int i = 0; i < 60; ++i) ents.push_back(Person("one:" + std::to_string(i), {one[i % 5]}, "ofac"));
  ents.push_back(Person("un:KPi.037", {"CHANG CHANG HA"}));
  ents.push_back(Person("ofac:20575", {"CHANG, Chang-ha"}, "ofac"));
  auto ix = NameIndex::Build(std::move(ents));
  NameSearchParams p;
  p.max_candidates = 8;  // the pool: "chang chang ha" (rarer keys too) and 7 names tied after it
  p.candidate_pool = 8;
  p.prune = false;
  const auto q = names::PrepareName("CHANG CHANG HA", EntityKind::kPerson);
  for (bool all : {false, true}) {
    p.read_all_postings = all;
    const auto c = ix->Candidates(q, p);
    EXPECT_TRUE(HasEntity(*ix, c, "un:KPi.037")) << all;
    EXPECT_TRUE(HasEntity(*ix, c, "ofac:20575")) << all;
    NameSearchParams s = p;
    s.prune = true;
    const auto hits = ix->Search(q, {}, s);
    ASSERT_EQ(hits.size(), 2u) << all;
    EXPECT_EQ(hits[1].score, 1.0) << all;
  }
}

TEST(NameIndexTest, ShortKeysFindNamesOfOneConsonantTokens) {
  // "Susie Lee": both skeletons have one letter (S, L), so only the joined pair (SL) was a key,
  // tied with every "Sally", "Saleh", "Sol": the exact name was left out of the pool.
  const char* sl[] = {"Sally", "Saleh", "Sol", "Sela", "Saul"};
  std::vector<Entity> ents;
  for (int i = 0; i < 100; ++i) ents.push_back(Person("sl:" + std::to_string(i), {sl[i % 5]}));
  ents.push_back(Person("os:Q58333611", {"Susie Lee"}, "os"));
  auto ix = NameIndex::Build(std::move(ents));
  double score = 0;
  EXPECT_EQ(TopHit(*ix, "Susie Lee", EntityKind::kUnknown, &score), "os:Q58333611");
  EXPECT_EQ(score, 1.0);
}

TEST(NameIndexTest, QueryInitialsAreAKeyOnlyForOrganisations) {
  // "Maulana Fazlullah" of no stated kind: its initials (MF) spell the acronyms of 40
  // organisations, a rarer key than "fazlullah"; read first, they filled the pool and no
  // Fazlullah was looked at. A person's initials never align with an acronym (the bound gives
  // those names nothing), so the key is only read for organisation-like queries.
  std::vector<Entity> ents;
  for (int i = 0; i < 40; ++i) {
    const std::string a(1, static_cast<char>('a' + i % 20)), b(1, static_cast<char>('a' + i / 20));
    ents.push_back(Org("mf:" + std::to_string(i), "Ma" + a + "rk Fo" + b + "rt"));
  }
  for (int i = 0; i < 60; ++i)
    ents.push_back(Person("f:" + std::to_string(i), {"Fazlullah Qa" + std::to_string(i % 10) + " Ra" + std::to_string(i / 10)}));
  ents.push_back(Person("un:QDi.352", {"MAULANA FAZLULLAH"}));
  auto ix = NameIndex::Build(std::move(ents));
  EXPECT_EQ(TopHit(*ix, "Maulana Fazlullah", EntityKind::kUnknown), "un:QDi.352");
  // An organisation's initials still find its acronym.
  NameSearchParams low;
  low.threshold = 0.0001;
  const auto org = ix->Search(names::PrepareName("MF", EntityKind::kOrganisation), {}, low);
  EXPECT_FALSE(org.empty());
}

// A made-up name part ("Qobbb", "Qocbb", ...), distinct for i < 8000.
std::string Word(int i) {
  std::string w = "Qo";
  for (int k = 0; k < 3; ++k, i /= 20) w.push_back(static_cast<char>('b' + i % 20));
  return w;
}

// `count` people of two made-up name parts each: rarities as in a list of that size.
std::vector<Entity> MadeUpNames(int count) {
  std::vector<Entity> ents;
  for (int i = 0; i < count; ++i) ents.push_back(Person("x:" + std::to_string(i), {Word(i) + " " + Word(i + 1)}));
  return ents;
}

TEST(NameIndexTest, PairWithAParticleDoesNotCountTheNameTwice) {
  // "Foad al Hamshi": its pair "foad al" is the key of every "Fuad al ..." as well as their
  // "fuad": at full rarity they all outranked "Foad, AL-HAMSHI", which shares "foad" and "hamshi".
  std::vector<Entity> ents = MadeUpNames(2000);
  for (int i = 0; i < 40; ++i) ents.push_back(Person("f:" + std::to_string(i), {"Fuad al " + Word(i + 3000)}));
  for (int i = 0; i < 80; ++i) ents.push_back(Person("h:" + std::to_string(i), {Word(i + 4000) + " Hamshi"}));
  ents.push_back(Person("t:1", {"Foad, AL-HAMSHI"}));  // read as "al hamshi foad": no "foad al"
  auto ix = NameIndex::Build(std::move(ents));
  EXPECT_EQ(TopHit(*ix, "Foad al Hamshi", EntityKind::kPerson), "t:1");
}

TEST(NameIndexTest, PairOfTwoNamesDoesNotCountThemTwice) {
  // "Omar Ali Hussain": every "... Ali Hussain" had the pair's key on top of "ali" and
  // "hussain", and outranked "Omar Hussain" (0.965: a missing middle name).
  std::vector<Entity> ents = MadeUpNames(2000);
  for (int i = 0; i < 40; ++i) ents.push_back(Person("a:" + std::to_string(i), {Word(i + 3000) + " Ali Hussain"}));
  for (int i = 0; i < 2; ++i) ents.push_back(Person("o:" + std::to_string(i), {"Omar " + Word(i + 4000)}));
  ents.push_back(Person("t:1", {"HUSSAIN, Omar"}));
  auto ix = NameIndex::Build(std::move(ents));
  EXPECT_EQ(TopHit(*ix, "Omar Ali Hussain", EntityKind::kPerson), "t:1");
}

TEST(NameIndexTest, NamesRankLowerForTokensBeyondTheQuery) {
  // "OMAR ALI HUSSAIN" against OFAC's "HUSSAIN, Omar" (0.965: a missing middle name): 40 names
  // of six tokens holding all three query names (and both their pairs) share more key rarity
  // and filled the pool; each token beyond the query's costs them extra_token_rarity.
  std::vector<Entity> ents = MadeUpNames(2000);
  for (int i = 0; i < 40; ++i)
    ents.push_back(Person("a:" + std::to_string(i),
                          {Word(i + 3000) + " " + Word(i + 3100) + " Omar Ali Hussain " + Word(i + 3200)}));
  ents.push_back(Person("t:1", {"HUSSAIN, Omar"}));
  auto ix = NameIndex::Build(std::move(ents));
  NameSearchParams p;
  p.max_candidates = 8;
  p.candidate_pool = 16;
  const auto q = names::PrepareName("Omar Ali Hussain", EntityKind::kPerson);
  auto found = [&](const NameSearchParams& params) {
    for (const auto& h : ix->Search(q, {}, params))
      if (ix->entity(h.entity).id == "t:1") return true;
    return false;
  };
  EXPECT_TRUE(found(p));
  p.extra_token_rarity = 0;  // by shared key rarity alone: outranked
  EXPECT_FALSE(found(p));
}

TEST(NameIndexTest, FallbackKeyFindsConsonantTypo) {
  auto ix = NameIndex::Build(Sample());
  // "Putkin": skeleton PTKN is posted nowhere; one deletion gives PTN (Putin).
  auto c = ix->Candidates(names::PrepareName("Putkin", EntityKind::kPerson), {.threshold = 0.0001});
  EXPECT_TRUE(HasEntity(*ix, c, "ofac:1"));
  EXPECT_GT(ix->stats().fallback_entries, 0u);
}

// A short skeleton's deletion variants each reach many list keys: "Lakahl" (LKL, a typo of
// "Lakhal", LHL) reaches 26 keys through LKL and KL alone before LL reaches LHL. Taking the
// variants in order filled the 24 fallback keys without LHL (UN treated query "MOHAMED
// LAKAHL", a score of 1.0 missed); the variants now take turns, rarest key first.
TEST(NameIndexTest, FallbackKeysComeFromEveryDeletionVariant) {
  std::vector<Entity> ents;
  int n = 0;
  for (const char* w : {"bakal", "dakal", "fakal", "jakal", "makal", "nakal", "pakal", "rakal", "sakal", "takal",
                        "vakal", "zakal", "kabal", "kadal", "kafal", "kamal", "kanal", "kapal", "karal", "kasal",
                        "katal", "kazal", "lakalab", "lakalad", "lakalam", "lakalan"})
    ents.push_back(Person("c:" + std::to_string(n++), {w}));
  ents.push_back(Person("t:1", {"Lakhal"}));
  auto ix = NameIndex::Build(std::move(ents));
  auto c = ix->Candidates(names::PrepareName("Lakahl", EntityKind::kPerson), {.threshold = 0.0001});
  EXPECT_TRUE(HasEntity(*ix, c, "t:1"));
}

TEST(NameIndexTest, BoundPrunesNamesThatCannotReachThreshold) {
  auto ix = NameIndex::Build(Sample());
  auto q = names::PrepareName("John Doe", EntityKind::kPerson);
  // "Doe" has no key in "John Smith": a substituted name part, the score cannot reach 0.63.
  EXPECT_TRUE(ix->Candidates(q, {}).empty());
  EXPECT_TRUE(ix->Search(q, {}, {}).empty());
  NameSearchParams all;
  all.prune = false;
  EXPECT_TRUE(HasEntity(*ix, ix->Candidates(q, all), "ofac:2"));
  // A real match is not pruned.
  EXPECT_TRUE(HasEntity(*ix, ix->Candidates(names::PrepareName("Jon Smith", EntityKind::kPerson), {}), "ofac:2"));
}

TEST(NameIndexTest, PersonInitialsDoNotMatchCompanyAcronym) {
  auto ents = Sample();
  ents.push_back(Org("ofac:mps", "MPS"));
  auto ix = NameIndex::Build(std::move(ents));
  NameSearchParams p;
  p.threshold = 0.0001;
  // A person's initials spelling a company acronym are no shared name part.
  EXPECT_FALSE(HasEntity(*ix, ix->Candidates(names::PrepareName("Mohini Parveen Singh", EntityKind::kUnknown), p), "ofac:mps"));
  EXPECT_FALSE(HasEntity(*ix, ix->Candidates(names::PrepareName("Mohini Parveen Singh", EntityKind::kPerson), p), "ofac:mps"));
  // An organisation's are ("People's Liberation Army" ~ "PLA").
  EXPECT_TRUE(HasEntity(*ix, ix->Candidates(names::PrepareName("Mohini Parveen Singh", EntityKind::kOrganisation), p), "ofac:mps"));
}

TEST(NameIndexTest, TiesAtTheCutArePooledAndBestBoundWins) {
  std::vector<Entity> ents;
  for (int i = 0; i < 40; ++i) ents.push_back(Person("x:" + std::to_string(i), {"John Smith Q" + std::string(1, 'a' + i % 26) + "x"}));
  ents.push_back(Person("x:exact", {"John Smith"}));
  auto ix = NameIndex::Build(std::move(ents));
  NameSearchParams p;
  p.max_candidates = 1;
  p.threshold = 0.0001;
  auto q = names::PrepareName("John Smith", EntityKind::kPerson);
  auto c = ix->Candidates(q, p);  // every name has the same keys: all tied at the cut
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(ix->entity(ix->name_entity(c[0])).id, "x:exact");
  // Without pooling, the tie goes to the name with fewer tokens (the exact one), not to the
  // lowest name id (among the first 4 x room ties looked at).
  std::vector<Entity> few;
  for (int i = 0; i < 3; ++i) few.push_back(Person("z:" + std::to_string(i), {"John Smith Qax"}));
  few.push_back(Person("z:exact", {"John Smith"}));
  auto iz = NameIndex::Build(std::move(few));
  p.candidate_pool = 1;
  c = iz->Candidates(q, p);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(iz->entity(iz->name_entity(c[0])).id, "z:exact");
  // Among ties of equal length, the lowest name id.
  std::vector<Entity> same;
  for (int i = 0; i < 5; ++i) same.push_back(Person("y:" + std::to_string(i), {"John Smith"}));
  auto iy = NameIndex::Build(std::move(same));
  c = iy->Candidates(q, p);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(iy->entity(iy->name_entity(c[0])).id, "y:0");
}

// Regression: "myong" + "guk" joined has the skeleton of "myong" (MNK); the candidate's "guk"
// was counted as a leftover and the exact name's bound fell below its score.
TEST(NameIndexTest, ExactNameWithJoinedKeyEqualToTokenKeyIsFound) {
  auto ents = Sample();
  ents.push_back(Person("un:KPi.x", {"JON MYONG GUK"}));
  auto ix = NameIndex::Build(std::move(ents));
  auto hits = ix->Search(names::PrepareName("JON MYONG GUK", EntityKind::kUnknown), {}, {});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(ix->entity(hits[0].entity).id, "un:KPi.x");
  EXPECT_GT(hits[0].score, 0.99);
}

// Search at the default threshold returns the same hits as an unpruned search filtered to
// the threshold, on a few queries around the sample names.
TEST(NameIndexTest, PruningKeepsHitsAboveThreshold) {
  auto ix = NameIndex::Build(Sample());
  for (const char* name : {"Usama bin Ladin", "Osama bin Laden", "Aiman Zawahri", "Vladimir Putin", "Jon Smith",
                           "Usama Muhammed Awad", "Ayman al Zawahiri Smith", "John Putin"}) {
    auto q = names::PrepareName(name, EntityKind::kUnknown);
    NameSearchParams ref;
    ref.prune = false;
    ref.threshold = 0.0001;
    ref.explain = false;
    std::vector<std::pair<uint32_t, double>> want, got;
    for (const auto& h : ix->Search(q, {}, ref))
      if (h.score >= names::kDefaultThreshold) want.emplace_back(h.entity, h.score);
    NameSearchParams def;
    def.explain = false;
    for (const auto& h : ix->Search(q, {}, def)) got.emplace_back(h.entity, h.score);
    EXPECT_EQ(got, want) << name;
  }
}

// The floor of each entity is the threshold less what its own attributes add for the query
// (names::AttributeAdjustment): a name scoring 0.75 of an entity born ten years off the
// query's date is no hit and need not be scored; one scoring 0.66 of an entity of the same
// full date and nationality is. Same hits and scores as an unpruned search filtered to the
// threshold, with and without attributes.
TEST(NameIndexTest, PruningByEntityAttributesKeepsHits) {
  auto with = [](Entity e, PartialDate dob, std::vector<std::string> nat, Gender g = Gender::kUnknown) {
    if (dob.known()) e.dates_of_birth.push_back({DateOfBirth::Kind::kExact, dob, {}, ""});
    e.nationalities = std::move(nat);
    e.gender = g;
    return e;
  };
  std::vector<Entity> all = {
      with(Person("un:1", {"Abdul Rahman Hassan"}), {1970, 1, 1}, {"SY"}),
      with(Person("un:2", {"Abdul Rahman Hassan"}), {1980, 0, 0}, {"SY"}),
      with(Person("un:3", {"Abdul Rahman Hasan al-Masri"}), {1985, 0, 0}, {"EG"}),
      with(Person("un:4", {"Abd al Rahman Hassan"}), {}, {}, Gender::kFemale),
      with(Person("un:5", {"Rahman Hassan"}), {1970, 0, 0}, {"IQ"}),
      with(Person("un:6", {"Abdulrahman Husain Ahmad"}), {1970, 1, 1}, {"SY"}),
      with(Person("un:7", {"Hassan Abdul Rahim"}), {1970, 1, 1}, {"SY"}, Gender::kMale),
      with(Person("un:8", {"Abdul Rahman"}), {1969, 0, 0}, {}),
  };
  all[2].documents.push_back(IdentityDocument{"passport", "AB123456", "EG"});
  auto ix = NameIndex::Build(all);
  names::QueryAttributes full;
  full.date_of_birth = {1970, 1, 1};
  full.nationalities = {"SY"};
  full.gender = Gender::kMale;
  names::QueryAttributes year;
  year.date_of_birth = {1970, 0, 0};
  names::QueryAttributes passport;
  passport.documents.push_back(IdentityDocument{"passport", "AB 123456", ""});
  size_t attribute_hits = 0;
  for (const char* name : {"Abdul Rahman Hassan", "Abdel Rahman Hasan", "Abdulrahman Hussein", "Hasan Abdul Rahman"})
    for (const names::QueryAttributes* attrs : {&full, &year, &passport}) {
      const auto q = names::PrepareName(name, EntityKind::kPerson);
      NameSearchParams ref;
      ref.prune = false;
      ref.threshold = 0.0001;
      ref.explain = false;
      std::vector<std::pair<std::string, double>> want, got;
      for (const auto& h : ix->Search(q, *attrs, ref))
        if (h.score >= names::kDefaultThreshold) want.emplace_back(ix->entity(h.entity).id, h.score);
      for (const auto& h : ix->Search(q, *attrs, {})) got.emplace_back(ix->entity(h.entity).id, h.score);
      EXPECT_EQ(got, want) << name;
      attribute_hits += want.size();
    }
  EXPECT_GE(attribute_hits, 12u);
}

// An identity document equal to a listed one (letters and digits compared) makes a hit at
// 0.97 whatever the name: the entity is looked up by the number, not only found through a
// similar name. The source filter still applies; a number of fewer than 5 characters is no key.
TEST(NameIndexTest, IdentifierFindsEntityWhateverTheName) {
  std::vector<Entity> all = Sample();
  all[1].documents.push_back(IdentityDocument{"passport", "1084010", "EG"});  // un:QDi.020
  all[3].documents.push_back(IdentityDocument{"passport", "X12", ""});         // ofac:2
  auto ix = NameIndex::Build(all);
  const auto q = names::PrepareName("Maria Gonzalez", EntityKind::kPerson);
  names::QueryAttributes attrs;
  EXPECT_TRUE(ix->Search(q, attrs, {}).empty());
  attrs.documents.push_back(IdentityDocument{"", "1084-010", ""});
  const auto hits = ix->Search(q, attrs, {});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(ix->entity(hits[0].entity).id, "un:QDi.020");
  EXPECT_DOUBLE_EQ(hits[0].score, 0.97);
  ASSERT_FALSE(hits[0].explanation.adjustments.empty());
  EXPECT_EQ(hits[0].explanation.adjustments[0].what, "identifier");
  NameSearchParams ofac_only;
  ofac_only.sources = {"ofac"};
  EXPECT_TRUE(ix->Search(q, attrs, ofac_only).empty());
  names::QueryAttributes short_number;
  short_number.documents.push_back(IdentityDocument{"", "X12", ""});
  EXPECT_TRUE(ix->Search(q, short_number, {}).empty());
}

// Regressions found while tightening the bound on UN + OFAC (bench_names_speed): the scorer
// aligns a query's "rahman" with the list's "abdalrahman" (abd-compound variant) and a
// particle "al" with the name "Ali"; the bound must count both as alignable.
TEST(NameIndexTest, PruningKeepsAbdVariantAndParticleAlignments) {
  // And a keyless token ("A.S." read as a legal form) must not take the list token a name
  // part of the query aligns with ("Nan" ~ "Nan"): US Congress, Nan A. S. Hayworth.
  auto ix = NameIndex::Build({Person("un:QDi.339", {"'ABD AL-RAHMAN MUHAMMAD MUSTAFA AL-QADULI"}),
                              Person("ofac:42956", {"HUSSEIN, Ali Ahmed"}, "ofac"),
                              Person("ofac:9", {"Ali Husain Kuni"}, "ofac"), Person("us:1", {"Nan A. S. Hayworth"}),
                              Person("us:2", {"J. D. Hayworth"})});
  for (const char* name : {"AL-RAHMAN MUHAMMAD MUSTAFA AL-QADULI, 'ABD", "AMID HUSAIN AL KUNI", "Nan A. S. Hayworth"}) {
    auto q = names::PrepareName(name, EntityKind::kUnknown);
    NameSearchParams ref;
    ref.prune = false;
    ref.explain = false;
    NameSearchParams def;
    def.explain = false;
    std::vector<uint32_t> want, got;
    for (const auto& h : ix->Search(q, {}, ref)) want.push_back(h.entity);
    for (const auto& h : ix->Search(q, {}, def)) got.push_back(h.entity);
    EXPECT_FALSE(want.empty()) << name;
    EXPECT_EQ(got, want) << name;
  }
}

// Names that share a key with the query but cannot reach the threshold are not scored: a
// joined pair against a token of another length ("janan"+"agha" = JNNK... vs "zhang"), a
// leftover token near a query token that aligned on its own ("kim" vs "han" is a substitution
// even though "han" resembles "mun"), a number that is not the query's.
TEST(NameIndexTest, BoundPrunesLooseAlignments) {
  auto ix = NameIndex::Build({Person("ofac:1", {"SHI, Zhang"}, "ofac"), Person("ofac:2", {"CHOL Man Han"}, "ofac"),
                              Org("ofac:3", "LLC TUBES 2000")});
  const std::pair<const char*, const char*> cases[] = {
      {"janan agha", "ofac:1"}, {"kim mun chol", "ofac:2"}, {"tobias martinsen", "ofac:3"}};
  for (const auto& [name, id] : cases) {
    auto q = names::PrepareName(name, EntityKind::kUnknown);
    uint32_t e = 0;
    while (ix->entity(e).id != id) ++e;
    auto c = names::PrepareName(ix->entity(e).names[0].full, ix->entity(e).kind);
    const auto kq = names::CandidateKeys(q), kc = names::CandidateKeys(c);
    EXPECT_TRUE(std::any_of(kq.begin(), kq.end(), [&](const std::string& k) {
      return std::find(kc.begin(), kc.end(), k) != kc.end();
    })) << name << ": shares a key";
    EXPECT_LT(names::ScoreNames(q, c, ix->token_stats()).score, names::kDefaultThreshold - kMaxAttributeBonus) << name;
    EXPECT_FALSE(HasEntity(*ix, ix->Candidates(q, {}), id)) << name << ": pruned";
  }
}

// The accumulation's shortcuts -- once max_candidates names found outrank what the keys left
// can give any other name, those keys only add to the names found (MaxScore); a common last key
// is read only as far as the pool has room -- give the same candidates and hits as reading every
// posting.
TEST(NameIndexTest, AccumulationShortcutsAreExact) {
  auto word = [](int i) {  // distinct made-up name parts: "bark", "cerm", ...
    return std::string(1, static_cast<char>('b' + i % 20)) + "er" + std::string(1, static_cast<char>('k' + (i / 20) % 12));
  };
  std::vector<Entity> ents;
  for (int i = 0; i < 40; ++i) ents.push_back(Person("z:" + std::to_string(i), {"Ayman Zawahiri " + word(i)}));
  for (int i = 0; i < 2500; ++i) ents.push_back(Person("m:" + std::to_string(i), {"Mohammed " + word(i) + " " + word(i + 7)}));
  // Two common keys whose rarity together outweighs a rarer one ("Qasim" in 300 names): names
  // with both must still reach the pool.
  for (int i = 0; i < 300; ++i) ents.push_back(Person("q:" + std::to_string(i), {"Qasim " + word(i + 11)}));
  for (int i = 0; i < 400; ++i) ents.push_back(Person("h:" + std::to_string(i), {"Hassan " + word(i + 5) + " " + word(i + 2)}));
  for (int i = 0; i < 30; ++i) ents.push_back(Person("mh:" + std::to_string(i), {"Mohammed Hassan " + word(i + 9)}));
  for (int i = 0; i < 5; ++i) ents.push_back(Person("r:" + std::to_string(i), {"Qoraishi " + word(i + 3)}));
  ents.push_back(Person("both:1", {"Mohammed al-Zawahiri"}));
  ents.push_back(Person("both:2", {"Mohammed Zawahiri Hassan"}));
  ents.push_back(Person("both:3", {"Mohammed Qoraishi"}));
  auto ix = NameIndex::Build(std::move(ents));
  size_t hits = 0;
  for (const char* name : {"Mohammed Zawahiri", "Ayman Zawahiri", "Muhammad al Zawahri", "Mohammed Qoraishi",
                           "Mohamed Qurayshi", "Mohammed Berk", "Mohammed Berk Cerl",
                           "Qasim Mohammed Hassan", "Qasim Muhammad Hasan Berk"}) {
    auto q = names::PrepareName(name, EntityKind::kPerson);
    for (double threshold : {0.0001, 0.5, names::kDefaultThreshold}) {
      NameSearchParams fast;
      fast.threshold = threshold;
      fast.limit = 1000;
      NameSearchParams all = fast;
      all.read_all_postings = true;
      EXPECT_EQ(ix->Candidates(q, fast), ix->Candidates(q, all)) << name << " at " << threshold;
      auto a = ix->Search(q, {}, fast), b = ix->Search(q, {}, all);
      ASSERT_EQ(a.size(), b.size()) << name << " at " << threshold;
      for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].entity, b[i].entity) << name;
        EXPECT_EQ(a[i].name, b[i].name) << name;
        EXPECT_EQ(a[i].score, b[i].score) << name;
      }
      hits += a.size();
    }
  }
  EXPECT_GT(hits, 20u);
}

}  // namespace
}  // namespace tamis::index

namespace tamis::index {
namespace {

// Issue #21 class 4: the same person listed under two UN references (un:QDi.042 and un:SOi.002,
// "HASSAN DAHIR AWEYS", with OFAC's two records) ties; every record must be returned, none
// hidden by the other (equal names are one class in the index, scored once).
TEST(NameIndexTest, SamePersonUnderTwoReferencesAllReturned) {
  std::vector<Entity> all = {Person("un:QDi.042", {"HASSAN DAHIR AWEYS", "Hassan Tahir Oais"}),
                             Person("un:SOi.002", {"HASSAN DAHIR AWEYS"}),
                             Person("ofac:7006", {"AWEYS, Hassan Dahir"}, "ofac"),
                             Person("ofac:11744", {"AWEYS, Hassan Dahir", "AWES, Shaykh Hassan Dahir"}, "ofac"),
                             Person("un:X.1", {"Hassan Dahir"})};
  auto ix = NameIndex::Build(all);
  for (const char* query : {"HASSAN DAHIR AWEYS", "Hassan Dahir Awes", "Sheikh Hassan Dahir Aweys"}) {
    auto q = names::PrepareName(query, EntityKind::kPerson);
    NameSearchParams p;
    p.explain = false;
    auto hits = ix->Search(q, {}, p);
    std::vector<std::string> ids;
    for (const auto& h : hits)
      if (h.score >= 0.99) ids.push_back(ix->entity(h.entity).id);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"ofac:11744", "ofac:7006", "un:QDi.042", "un:SOi.002"})) << query;
  }
}

// Issue #21 class 5: NameIndex::Search takes the best of a query's readings
// (names::PreparedName::readings): a foreign name in Arabic script finds its Latin entry.
TEST(NameIndexTest, ArabicScriptQuerySearchedInItsForeignReadings) {
  std::vector<Entity> ents = Sample();
  ents.push_back(Person("ofac:40144", {"CHANG NAVARRO, Luis Alfonso"}, "ofac"));
  ents.push_back(Person("ofac:9", {"Tashanj Nafar"}, "ofac"));
  auto ix = NameIndex::Build(std::move(ents));
  NameSearchParams p;
  p.threshold = 0.5;
  const auto q = names::PrepareName("لويس ألفونسو تشانج نافارو", EntityKind::kPerson);
  const auto hits = ix->Search(q, {}, p);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(ix->entity(hits[0].entity).id, "ofac:40144");
  EXPECT_GE(hits[0].score, 0.80);
  for (size_t i = 1; i < hits.size(); ++i) EXPECT_NE(hits[i].entity, hits[0].entity);  // one hit per entity
  const auto cands = ix->Candidates(q, p);
  EXPECT_TRUE(std::any_of(cands.begin(), cands.end(), [&](uint32_t n) { return ix->entity(ix->name_entity(n)).id == "ofac:40144"; }));
}


// NameSearchParams::kinds filters while candidates are gathered. Where the pool holds every
// name (no shortcut, no cut), that must give exactly the hits of the unfiltered search with the
// other kinds dropped afterwards: same entities, names, scores and order; documents of the query
// find only entities of the kinds asked for.
TEST(NameIndexTest, KindsFilterEqualsFilteringAfterwards) {
  const char* tokens[] = {"omar", "ali", "hassan", "hussein", "trading", "nour", "al", "abdul", "rahman",
                          "karim", "star", "ocean", "maria", "gonzalez", "petrov", "ivan"};
  const EntityKind kinds[] = {EntityKind::kPerson, EntityKind::kUnknown, EntityKind::kOrganisation, EntityKind::kVessel,
                              EntityKind::kAircraft};
  std::vector<Entity> all;
  uint32_t seed = 12345;
  auto next = [&](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  for (int i = 0; i < 400; ++i) {
    std::vector<std::string> names;
    for (uint32_t k = 0, nn = 1 + next(2); k < nn; ++k) {
      std::string n;
      for (uint32_t t = 0, nt = 2 + next(3); t < nt; ++t) n += std::string(t ? " " : "") + tokens[next(16)];
      names.push_back(n);
    }
    Entity e = Person("e" + std::to_string(i), names, next(2) ? "un" : "ofac");
    e.kind = kinds[next(5)];
    if (i % 7 == 0) e.documents.push_back(IdentityDocument{"passport", "P7788990", ""});
    all.push_back(std::move(e));
  }
  auto ix = NameIndex::Build(all);
  NameSearchParams wide;
  wide.threshold = 0.5;
  wide.limit = 10000;
  wide.max_candidates = wide.candidate_pool = wide.abjad_candidate_pool = 100000;
  wide.max_key_postings = 100000;
  wide.read_all_postings = true;
  const std::vector<std::vector<EntityKind>> wanted = {
      {EntityKind::kPerson, EntityKind::kUnknown}, {EntityKind::kOrganisation}, {EntityKind::kVessel, EntityKind::kPerson}};
  size_t compared = 0, dropped = 0;
  for (int qi = 0; qi < 60; ++qi) {
    std::string name;
    for (uint32_t t = 0, nt = 2 + next(2); t < nt; ++t) name += std::string(t ? " " : "") + tokens[next(16)];
    const auto q = names::PrepareName(name, EntityKind::kUnknown);
    names::QueryAttributes attrs;
    if (qi % 5 == 0) attrs.documents.push_back(IdentityDocument{"", "P7788990", ""});
    for (const auto& ks : wanted)
      for (const char* source : {"", "un"}) {
        NameSearchParams p = wide;
        if (*source) p.sources = {source};
        std::vector<NameHit> want = ix->Search(q, attrs, p);
        const size_t before = want.size();
        std::erase_if(want, [&](const NameHit& h) {
          return std::find(ks.begin(), ks.end(), ix->entity(h.entity).kind) == ks.end();
        });
        dropped += before - want.size();
        p.kinds = ks;
        const std::vector<NameHit> got = ix->Search(q, attrs, p);
        ASSERT_EQ(got.size(), want.size()) << name;
        for (size_t i = 0; i < got.size(); ++i) {
          EXPECT_EQ(got[i].entity, want[i].entity) << name;
          EXPECT_EQ(got[i].name, want[i].name) << name;
          EXPECT_EQ(got[i].score, want[i].score) << name;
        }
        compared += got.size();
        // With the default knobs (shortcuts, pool cut), hits are still only of the kinds asked for.
        NameSearchParams d;
        d.kinds = ks;
        for (const auto& h : ix->Search(q, attrs, d))
          EXPECT_NE(std::find(ks.begin(), ks.end(), ix->entity(h.entity).kind), ks.end()) << name;
      }
  }
  EXPECT_GT(compared, 500u);  // the comparison compared something
  EXPECT_GT(dropped, 500u);   // and the filter had something to drop
}

}  // namespace
}  // namespace tamis::index
