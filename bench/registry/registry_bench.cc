// Continuous screening benchmark: a registry of synthetic subjects whose names are recombined from
// real given / middle / family name parts of OFAC persons (as bench/names/scale.cc does), screened
// against OFAC 2024-05; then the OFAC 2025-01 change (alias, address and comment files) is
// imported and the registry re-screened by delta, then in full (the baseline), in the same run.
// Prints the times, the ratio, the subjects each touched, the memory of the registry's reverse
// index per subject, and whether the delta's results equal the full run's (subject by subject).
//
//   bench_registry [--data DIR] [--shared DIR] [--subjects N (default 1000000)] [--threads N]
//                  [--margin M] [--diagnose (print subjects where delta != full)]
//                  [--max-score-drift D (RescreenOptions::max_score_drift; -1: the OFAC change by delta,
//                  what it would cost: not exact)]
//                  [--weekly-only (skip the OFAC change: the weekly edits are made to the 2024-05 file alone)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "core/strings.h"
#include "service/alert_service.h"
#include "service/list_service.h"
#include "service/registry_service.h"

using namespace tamis;

namespace {

bool Alpha(const std::string& s) {
  if (s.size() < 2) return false;
  for (unsigned char c : s)
    if (!std::isalpha(c) && c != '-') return false;
  return true;
}

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',') {
      if (!cur.empty()) out.push_back(cur), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

size_t RssBytes() {
  std::ifstream in("/proc/self/statm");
  size_t pages = 0, rss = 0;
  in >> pages >> rss;
  return rss * 4096;
}

void Die(const Status& st, const char* what) {
  std::fprintf(stderr, "%s: %s\n", what, st.ToString().c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // lines as they come, when redirected too
  std::string data = "/tmp/tamis-bench-registry", shared = "/work/shared/data";
  size_t n_subjects = 1000000;
  unsigned threads = 0;
  double margin = RescreenOptions{}.reverse_margin;
  bool diagnose = false, weekly_only = false;
  double max_score_drift = RescreenOptions{}.max_score_drift;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else if (!std::strcmp(argv[i], "--shared") && i + 1 < argc) shared = argv[++i];
    else if (!std::strcmp(argv[i], "--subjects") && i + 1 < argc) n_subjects = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--margin") && i + 1 < argc) margin = std::strtod(argv[++i], nullptr);
    else if (!std::strcmp(argv[i], "--diagnose")) diagnose = true;
    else if (!std::strcmp(argv[i], "--weekly-only")) weekly_only = true;
    else if (!std::strcmp(argv[i], "--max-score-drift") && i + 1 < argc) max_score_drift = std::strtod(argv[++i], nullptr);
    else {
      std::fprintf(stderr, "usage: bench_registry [--data DIR] [--shared DIR] [--subjects N] [--threads N] "
                         "[--margin M] [--max-score-drift D] [--diagnose] [--weekly-only]\n");
      return 2;
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(data, ec);  // a fresh store every run: v1, registry, v2
  const auto sdn = std::filesystem::path(shared) / "lists/ofac/2024-05/sdn.csv";
  const auto d25 = std::filesystem::path(shared) / "lists/ofac/2025-01";
  if (!std::filesystem::exists(sdn) || !std::filesystem::exists(d25 / "alt.csv")) {
    std::fprintf(stderr, "OFAC vintages not found under %s\n", shared.c_str());
    return 1;
  }
  std::printf("machine: %u hardware threads; subjects %zu\n", std::thread::hardware_concurrency(), n_subjects);
  auto import = [&](std::vector<std::filesystem::path> files) {
    StoreOptions so;
    so.data_dir = data;
    auto store = Store::Open(so);
    if (!store.ok()) Die(store.status(), "store");
    ListImportRequest req;
    req.files = std::move(files);
    auto r = ImportListFiles(**store, req, SystemClock(), nullptr);
    if (!r.ok()) Die(r.status(), "import");
    std::printf("imported ofac v%lld: %lld entities\n", static_cast<long long>(r->outcome.version.version_id),
                static_cast<long long>(r->outcome.version.entity_count));
  };
  import({sdn});
  Config cfg;
  cfg.data_dir = data;
  auto svc_r = AlertService::Open(cfg, {}, SystemClock());
  if (!svc_r.ok()) Die(svc_r.status(), "service");
  auto svc = std::move(svc_r).value();
  auto reg_r = RegistryStore::Open(svc->db_path());
  if (!reg_r.ok()) Die(reg_r.status(), "registry");
  auto reg = std::move(reg_r).value();

  // Name parts of OFAC persons (Latin script).
  std::set<std::string> given_s, middle_s, family_s;
  const auto& ix = *svc->snapshot()->names;
  for (uint32_t i = 0; i < ix.entity_count(); ++i) {
    const Entity& e = ix.entity(i);
    if (e.kind != EntityKind::kPerson) continue;
    for (const auto& n : e.names) {
      if (n.type == NameType::kOriginalScript) continue;
      auto t = Words(n.full);
      if (t.size() < 2) continue;
      // OFAC writes "FAMILY, Given Middle": the first word is the family name.
      if (Alpha(t.front())) family_s.insert(t.front());
      if (Alpha(t[1])) given_s.insert(t[1]);
      for (size_t k = 2; k < t.size(); ++k)
        if (Alpha(t[k])) middle_s.insert(t[k]);
    }
  }
  std::vector<std::string> given(given_s.begin(), given_s.end()), middle(middle_s.begin(), middle_s.end()),
      family(family_s.begin(), family_s.end());
  std::printf("name parts from OFAC persons: %zu given, %zu middle, %zu family\n", given.size(), middle.size(), family.size());
  std::mt19937_64 rng(20261207);
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& { return v[rng() % v.size()]; };
  std::vector<RegistrySubject> subjects;
  subjects.reserve(n_subjects);
  for (size_t i = 0; i < n_subjects; ++i) {
    RegistrySubject s;
    s.subject_id = "c" + std::to_string(i);
    s.name = pick(given) + " " + (rng() % 2 ? pick(middle) + " " : "") + pick(family);
    if (rng() % 2) s.dob = std::to_string(1940 + rng() % 60);
    s.kind = "person";
    subjects.push_back(std::move(s));
  }
  auto t0 = std::chrono::steady_clock::now();
  auto ap = reg->Apply(subjects, {}, SystemNowIso());
  if (!ap.ok()) Die(ap.status(), "registry import");
  std::printf("registry import: %zu subjects in %.1f s\n", n_subjects,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  subjects.clear();
  subjects.shrink_to_fit();

  RescreenOptions opts;
  opts.threads = threads;
  opts.reverse_margin = margin;
  opts.max_score_drift = max_score_drift;
  auto first = RescreenRegistry(*svc, *reg, opts, nullptr, nullptr);
  if (!first.ok()) Die(first.status(), "first run");
  std::printf("first run (full, v1): %s\n", RescreenSummaryJson(*first).c_str());
  // The persisted reverse index: its rows and pages (SQLite's dbstat).
  {
    const int64_t key_rows = reg->KeyRows().value();
    auto bytes = reg->KeyBytes();
    std::printf("reverse index: %lld key rows (%.1f a subject), %.0f bytes a subject in the store, built in %.1f s\n",
                static_cast<long long>(key_rows), static_cast<double>(key_rows) / std::max<size_t>(1, n_subjects),
                bytes.ok() ? static_cast<double>(*bytes) / std::max<size_t>(1, n_subjects) : -1.0, first->index_seconds);
  }

  int64_t changes = 0;
  size_t differ = 0;
  Result<RescreenSummary> delta = *first, full = *first;
  std::map<std::string, std::string> after_delta;
  std::vector<RegistrySubject> loaded;
  if (!weekly_only) {
  import({sdn, d25 / "alt.csv", d25 / "add.csv", d25 / "sdn_comments.csv"});
  if (Status s = svc->Reload(); !s.ok()) Die(s, "reload");

  delta = RescreenRegistry(*svc, *reg, opts, nullptr, [&](const SubjectChange&) { ++changes; });
  if (!delta.ok()) Die(delta.status(), "delta");
  std::printf("delta (v1 -> v2): %s\n", RescreenSummaryJson(*delta).c_str());
  loaded = std::move(reg->LoadAll()).value();
  for (auto& s : loaded) after_delta.emplace(s.subject_id, std::move(s.result));

  opts.full = true;
  full = RescreenRegistry(*svc, *reg, opts, nullptr, nullptr);
  if (!full.ok()) Die(full.status(), "full");
  std::printf("full (v2): %s\n", RescreenSummaryJson(*full).c_str());
  loaded = std::move(reg->LoadAll()).value();
  for (auto& s : loaded) {
    const std::string& d = after_delta[s.subject_id];
    if (d == s.result) continue;
    if (diagnose && differ < 20)
      std::printf("differs: %s '%s' dob %s\n  delta: %s\n  full:  %s\n", s.subject_id.c_str(), s.name.c_str(), s.dob.c_str(),
                  d.c_str(), s.result.c_str());
    ++differ;
  }

  }  // !weekly_only
  // A weekly-sized change on top of v2 (v3): 10 entities added, 10 with a new alias, 5 delisted,
  // as synthetic edits of the 2024-05 SDN file (same companions).
  const auto v3dir = std::filesystem::path(data) / "v3";
  std::filesystem::create_directories(v3dir);
  {
    std::ifstream in(sdn, std::ios::binary);
    std::ofstream out(v3dir / "sdn.csv", std::ios::binary);
    std::string line;
    int n = 0, aliased = 0, dropped = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (n % 1500 == 7 && dropped < 5) {
        ++dropped;
        continue;
      }
      if (n % 1400 == 11 && aliased < 10 && line.find("\"individual\"") != std::string::npos) {
        // the remarks column is the last one: append an alias to it
        auto q = line.rfind('"');
        std::string alias = "a.k.a. '" + pick(family) + ", " + pick(given) + "'. ";
        if (q != std::string::npos && q + 1 == line.size()) line.insert(q, " " + alias);
        else line = line.substr(0, line.rfind(',') + 1) + "\"" + alias + "\"";
        ++aliased;
      }
      out << line << "\n";
    }
    for (int k = 0; k < 10; ++k)
      out << 990000 + k << ",\"" << pick(family) << ", " << pick(given) << "\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  }
  if (weekly_only) {
    import({v3dir / "sdn.csv"});
  } else {
    import({v3dir / "sdn.csv", d25 / "alt.csv", d25 / "add.csv", d25 / "sdn_comments.csv"});
  }
  if (Status s = svc->Reload(); !s.ok()) Die(s, "reload");
  opts.full = false;
  auto wdelta = RescreenRegistry(*svc, *reg, opts, nullptr, nullptr);
  if (!wdelta.ok()) Die(wdelta.status(), "weekly delta");
  std::printf("weekly delta (v2 -> v3): %s\n", RescreenSummaryJson(*wdelta).c_str());
  loaded = std::move(reg->LoadAll()).value();
  after_delta.clear();
  for (auto& s : loaded) after_delta.emplace(s.subject_id, std::move(s.result));
  opts.full = true;
  auto wfull = RescreenRegistry(*svc, *reg, opts, nullptr, nullptr);
  if (!wfull.ok()) Die(wfull.status(), "weekly full");
  std::printf("weekly full (v3): %s\n", RescreenSummaryJson(*wfull).c_str());
  size_t wdiffer = 0;
  loaded = std::move(reg->LoadAll()).value();
  for (auto& s : loaded) wdiffer += after_delta[s.subject_id] != s.result;
  std::printf("\nRESULT weekly subjects=%zu delta_s=%.2f full_s=%.2f ratio=%.1fx delta_screened=%lld entities_queried=%lld "
              "delta_vs_full_differing_subjects=%zu\n",
              n_subjects, wdelta->seconds, wfull->seconds, wfull->seconds / std::max(1e-9, wdelta->seconds),
              static_cast<long long>(wdelta->rescreened), static_cast<long long>(wdelta->entities_queried), wdiffer);

  if (!weekly_only)
  std::printf("\nRESULT ofac subjects=%zu delta_s=%.2f full_s=%.2f ratio=%.1fx delta_screened=%lld (%.2f%%) "
              "reverse_candidates=%lld entities_queried=%lld subjects_changed=%lld "
              "rss_mb=%.0f delta_vs_full_differing_subjects=%zu\n",
              n_subjects, delta->seconds, full->seconds, full->seconds / std::max(1e-9, delta->seconds),
              static_cast<long long>(delta->rescreened), 100.0 * delta->rescreened / std::max<size_t>(1, n_subjects),
              static_cast<long long>(delta->reverse_candidates), static_cast<long long>(delta->entities_queried),
              static_cast<long long>(changes),
              RssBytes() / 1e6, differ);
  return 0;
}
