// bench_names_core: the costs the screening hot path pays per query.
//   PrepareName/<script>       one name of that script, warm per-thread ICU cache
//   BaselineAnyLatin/<script>  the previous transliteration step alone (ICU "Any-Latin" then
//                              "Any-Latin; NFD; [:Nonspacing Mark:] Remove; NFC; Latin-ASCII")
//   ScoreNames/<mode>          one pair from a fixed mix of person/company pairs:
//                              fast = bit-parallel kernels, bounds, attached weights;
//                              fast_lookup = same, rarity looked up per call;
//                              scalar = ScoreOptions::reference_kernels (previous kernels)
//   Osa*/Phonetic*             the kernels alone on typical token pairs
// Run: build-names/bench/names_core/bench_names_core [--benchmark_min_time=1s]
#include <benchmark/benchmark.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/names/prepared_name.h"
#include "core/names/scorer.h"
#include "core/names/similarity.h"
#include "core/names/token_stats.h"

namespace {

using tamis::names::NameKind;

struct Sample {
  const char* label;
  const char* name;
};

constexpr Sample kSamples[] = {
    {"ascii", "Abu Bakr al-Baghdadi"},
    {"ascii_company", "TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY"},
    {"latin_diacritics", "Recep Tayyip Erdoğan"},
    {"arabic", "عبد الفتاح السيسي"},
    {"cyrillic", "Сергей Викторович Лавров"},
    {"greek", "Νικόλαος Παπαδόπουλος"},
    {"hebrew", "בנימין נתניהו"},
    {"han", "习近平"},
    {"hangul", "김정은"},
    {"katakana", "ヤマダ タロウ"},
    {"thai", "สมชาย วงศ์สวัสดิ์"},
};

void BM_PrepareName(benchmark::State& state) {
  const Sample& s = kSamples[state.range(0)];
  state.SetLabel(s.label);
  benchmark::DoNotOptimize(tamis::names::PrepareName(s.name, NameKind::kPerson));  // warm ICU
  for (auto _ : state) benchmark::DoNotOptimize(tamis::names::PrepareName(s.name, NameKind::kPerson));
}
BENCHMARK(BM_PrepareName)->DenseRange(0, std::size(kSamples) - 1);

// The previous pipeline's ICU steps (it also ran the same tokenisation as PrepareName).
void BM_BaselineAnyLatin(benchmark::State& state) {
  const Sample& s = kSamples[state.range(0)];
  state.SetLabel(s.label);
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> any(icu::Transliterator::createInstance("Any-Latin", UTRANS_FORWARD, st));
  std::unique_ptr<icu::Transliterator> fold(icu::Transliterator::createInstance(
      "Any-Latin; NFD; [:Nonspacing Mark:] Remove; NFC; Latin-ASCII", UTRANS_FORWARD, st));
  if (U_FAILURE(st)) {
    state.SkipWithError("ICU transliterators unavailable");
    return;
  }
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(s.name);
  for (auto _ : state) {
    icu::UnicodeString u = in;
    any->transliterate(u);
    fold->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_BaselineAnyLatin)->DenseRange(0, std::size(kSamples) - 1);

// Pairs as a candidate generator hands them to the scorer: mostly near misses.
constexpr std::pair<const char*, const char*> kPairs[] = {
    {"Usama bin Ladin", "Osama bin Laden"},
    {"Vladimir Vladimirovich Putin", "Vladimir Putin"},
    {"Mohammed Ali Hassan", "Muhammad Ali Hasan al-Tikriti"},
    {"Abdel Fattah el-Sisi", "Abd al-Fattah al-Sisi"},
    {"Kim Jong Un", "Kim Jong Il"},
    {"Angela Merkel", "Angelo Mercaz"},
    {"Bill Clinton", "William Jefferson Clinton"},
    {"Sergey Lavrov", "Sergei Viktorovich Lavrov"},
    {"Ali Akbar Velayati", "Ali Vellabati"},
    {"Ahmad Shah Massoud", "Ahmed Shah Masood"},
    {"Rosneft Oil Company", "ROSNEFT OIL COMPANY PJSC"},
    {"Deutsche Bank AG", "Deutsche Bank Trust Company Americas"},
    {"China Petrochemical Corporation", "China Petromechanical Corporation"},
    {"Islamic Revolutionary Guard Corps", "Iranian Revolutionary Guards"},
    {"Hizballah", "Hezbollah"},
    {"Tactical Missiles Corporation JSC", "Tactical Missiles Corp"},
};

struct Prepared {
  std::vector<tamis::names::PreparedName> q, c;
  tamis::names::TokenStats stats;
};

const Prepared& Pairs(bool attach) {
  static Prepared* cache[2] = {nullptr, nullptr};
  Prepared*& p = cache[attach];
  if (p) return *p;
  p = new Prepared;
  tamis::names::TokenStatsBuilder b;
  for (const auto& [x, y] : kPairs) {
    p->q.push_back(tamis::names::PrepareName(x, NameKind::kUnknown));
    p->c.push_back(tamis::names::PrepareName(y, NameKind::kUnknown));
  }
  // A small synthetic corpus so that rarity weights are active (>= min_documents).
  for (int r = 0; r < 20; ++r)
    for (size_t i = 0; i < p->q.size(); ++i) b.Add(p->c[i]), b.Add(p->q[(i + r) % p->q.size()]);
  p->stats = b.Build();
  if (attach)
    for (size_t i = 0; i < p->q.size(); ++i) AttachWeights(&p->q[i], p->stats), AttachWeights(&p->c[i], p->stats);
  return *p;
}

void ScoreLoop(benchmark::State& state, bool attach, bool reference) {
  const Prepared& p = Pairs(attach);
  tamis::names::ScoreOptions o;
  o.explain = false;
  o.reference_kernels = reference;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tamis::names::ScoreNames(p.q[i], p.c[i], p.stats, o).score);
    if (++i == p.q.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_ScoreNames_fast(benchmark::State& state) { ScoreLoop(state, true, false); }
void BM_ScoreNames_fast_lookup(benchmark::State& state) { ScoreLoop(state, false, false); }
void BM_ScoreNames_scalar(benchmark::State& state) { ScoreLoop(state, false, true); }
BENCHMARK(BM_ScoreNames_fast);
BENCHMARK(BM_ScoreNames_fast_lookup);
BENCHMARK(BM_ScoreNames_scalar);

constexpr std::pair<const char*, const char*> kTokens[] = {
    {"mohammed", "muhammad"}, {"abdalrahman", "abdalrahim"}, {"velayati", "vellabati"},
    {"petrochemical", "petromechanical"}, {"lavrov", "lavrovs"}, {"zawahiri", "zawahry"},
};
template <int (*F)(std::string_view, std::string_view)>
void KernelLoop(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(F(kTokens[i].first, kTokens[i].second));
    if (++i == std::size(kTokens)) i = 0;
  }
}
void BM_OsaBitParallel(benchmark::State& s) { KernelLoop<tamis::names::OsaDistance>(s); }
void BM_OsaScalar(benchmark::State& s) { KernelLoop<tamis::names::OsaDistanceScalar>(s); }
void BM_OsaReference(benchmark::State& s) { KernelLoop<tamis::names::OsaDistanceReference>(s); }
void BM_PhoneticDistance10(benchmark::State& s) { KernelLoop<tamis::names::PhoneticDistance10>(s); }
BENCHMARK(BM_OsaBitParallel);
BENCHMARK(BM_OsaScalar);
BENCHMARK(BM_OsaReference);
BENCHMARK(BM_PhoneticDistance10);

}  // namespace

BENCHMARK_MAIN();
