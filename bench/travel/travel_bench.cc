// Traveller screening goals (issue 16): false alerts on 100,000 synthetic innocent travellers by
// nationality, recall of planted listed persons (variant spellings, DOB of the listed year, and
// with the listed passport number), throughput from PAXLST bytes to JSON Lines. The baseline in
// the same run is the plain name screening path (`tamis screen`: ScreenRecordHits with the
// record's dob / nationality / id number, then HitsJson) over the same travellers.
//
//   bench_travel --data /tmp/tbt --shared ../shared/data [--travellers 100000] [--seed 1]
// (--write DIR also writes the manifests, flight_NNNN.edi, and the same travellers as
// travellers.csv for `tamis screen`, to time the two commands end to end.)
//                [--rounds 3] [--write DIR] [--no-explain] [--alert-threshold T] [--profile]
//                [--profile-threads 1] (callgrind: one thread, where --toggle-collect sees it all)
//                [--dob-off D] [--family-off F] [--attributes-lift] (session 11: -0.12, 0, lift)
//                [--dump-hits FILE] (every innocent traveller's travel hits as TSV)
//                [--name-cache N] (the screener's name cache; 0 = off, every name searched)
//                [--dump FILE] (the JSON Lines of the first travel pass, to diff builds byte for byte)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "bench/names/common.h"
#include "bench/travel/travel_synth.h"
#include "service/alert_service.h"
#include "service/travel_service.h"

namespace tamis::bench {
namespace {

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

bool g_explain = true;  // --no-explain: hits without explanations, travel and baseline alike
bool g_lift = false;      // --attributes-lift (session 11's search below the threshold)
TravelWeights g_weights;  // --dob-off D, --family-off F (session 11: -0.12 and 0)
size_t g_name_cache = TravelScreenOptions{}.name_cache;  // --name-cache N (0: every name searched)
std::ofstream g_dump;  // --dump FILE: the first travel pass's JSON Lines (closed after it)

struct Counts {
  int64_t n = 0, hits = 0, alerts = 0, base_hits = 0, base_alerts = 0;
};

ScreenRecord RecordOf(const SynthTraveller& t, const std::string& id) {
  ScreenRecord r;
  r.id = id;
  for (const auto& g : t.given) r.name += g + " ";
  r.name += t.surname;
  r.kind = EntityKind::kPerson;
  r.dob = t.dob;
  if (!t.nationality.empty()) r.nationalities.push_back(t.nationality);
  r.gender = t.sex == 'F' ? Gender::kFemale : Gender::kMale;
  r.id_number = t.passport;
  return r;
}

// A planted listed person: the name as the query set spells it (surname = after the comma, or
// the last word), a date of birth in the listed year, the listed nationality.
// dob_shift: years added to the date drawn (a listed person travelling on a false date of birth).
SynthTraveller Planted(const std::string& name, const Entity& e, bool passport, std::mt19937_64& rng, int dob_shift = 0) {
  SynthTraveller t;
  std::string n = NameKey(name);
  std::string surname, given;
  if (auto c = name.find(','); c != std::string::npos) {
    surname = NameKey(name.substr(0, c));
    given = NameKey(name.substr(c + 1));
  } else if (auto sp = n.rfind(' '); sp != std::string::npos) {
    surname = n.substr(sp + 1);
    given = n.substr(0, sp);
  } else {
    surname = n;
  }
  t.surname = surname;
  if (!given.empty()) t.given.push_back(given);
  t.sex = e.gender == Gender::kFemale ? 'F' : 'M';
  for (const auto& d : e.dates_of_birth)
    if (d.from.known()) {
      int y = d.from.year;
      if (d.kind == DateOfBirth::Kind::kRange && d.to.known())
        y = std::uniform_int_distribution<int>(d.from.year, d.to.year)(rng);
      t.dob = {y + dob_shift, std::uniform_int_distribution<int>(1, 12)(rng), std::uniform_int_distribution<int>(1, 28)(rng)};
      break;
    }
  if (!e.nationalities.empty()) t.nationality = e.nationalities[0];
  if (passport)
    for (const auto& d : e.documents)
      if (d.type == "passport" && TravelDocumentKey(d.number).size() >= 5) {
        t.passport = d.number;
        t.issuer = d.country_code;
        break;
      }
  t.label = e.id;
  return t;
}

std::vector<std::string> Interchanges(const std::vector<SynthTraveller>& ts, size_t per_flight, const std::string& prefix) {
  std::vector<std::string> out;
  for (size_t i = 0, f = 0; i < ts.size(); i += per_flight, ++f) {
    std::vector<SynthTraveller> chunk(ts.begin() + static_cast<long>(i),
                                      ts.begin() + static_cast<long>(std::min(ts.size(), i + per_flight)));
    out.push_back(PaxlstInterchange(prefix + std::to_string(1000 + f), static_cast<int>(f), chunk));
  }
  return out;
}

// Bytes -> JSON Lines through the travel path; returns travellers, fills *out_bytes.
int64_t TravelPass(AlertService& svc, const std::vector<std::string>& ics, unsigned threads, size_t* out_bytes,
                   const std::function<void(const SynthTraveller*, const TravellerResult&, const index::NameIndex&)>& seen = nullptr,
                   const std::vector<SynthTraveller>* truth = nullptr, size_t per_flight = 0) {
  TravelScreenOptions o;
  o.threads = threads;
  o.params.explain = g_explain;
  o.weights = g_weights;
  o.attributes_lift = g_lift;
  o.name_cache = g_name_cache;
  TravelScreener screener(svc, o);
  auto snap = svc.snapshot();
  const index::NameIndex& ix = *snap->names;
  int64_t n = 0;
  std::string out;
  for (size_t f = 0; f < ics.size(); ++f) {
    auto batch = ReadTravelInput(ics[f], "synthetic");
    if (!batch.ok()) {
      std::fprintf(stderr, "synthetic manifest %zu: %s\n", f, batch.status().ToString().c_str());
      std::exit(1);
    }
    for (const auto& fl : batch->flights) {
      FlightResult fr = screener.ScreenFlight(fl);
      out.clear();
      const std::string flight_json = FlightJson(fl);  // as TravellerLines / tamis travel screen
      for (size_t i = 0; i < fr.travellers.size(); ++i) {
        out += TravellerJson(ix, fl, fr.travellers[i], "synthetic", g_explain, flight_json);
        out += '\n';
        if (seen) seen(truth ? &(*truth)[f * per_flight + i] : nullptr, fr.travellers[i], ix);
      }
      out += FlightSummaryJson(ix, fl, fr.summary, "synthetic");
      out += '\n';
      *out_bytes += out.size();
      n += static_cast<int64_t>(fr.travellers.size());
      if (g_dump.is_open()) g_dump << out;
    }
  }
  if (g_dump.is_open()) g_dump.close();
  return n;
}

// The baseline: the same travellers as screening records through the plain name path.
int64_t BaselinePass(const index::NameIndex& ix, const std::vector<SynthTraveller>& ts, size_t* out_bytes) {
  ScreenParams p;
  p.explain = g_explain;
  std::string out;
  for (size_t i = 0; i < ts.size(); ++i) {
    ScreenRecord r = RecordOf(ts[i], std::to_string(i));
    auto hits = ScreenRecordHits(ix, r, p);
    out = HitsJson(ix, r.id, hits, g_explain);
    *out_bytes += out.size() + 1;
  }
  return static_cast<int64_t>(ts.size());
}

int Main(int argc, char** argv) {
  std::filesystem::path data = "/tmp/tbt", shared = "../shared/data", write_dir;
  size_t n = 100000, per_flight = 250;
  int rounds = 3;
  uint64_t seed = 1;
  bool travel_only = false;  // --profile: the travel path alone, for a profiler
  unsigned profile_threads = 0;  // --profile-threads N: only N threads (1 for callgrind); 0 = 1 then 2
  std::string dump_path;     // --dump-hits FILE: every innocent traveller's hits, one TSV line each
  ServiceOptions so;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--data") data = next();
    else if (a == "--shared") shared = next();
    else if (a == "--travellers") n = std::stoul(next());
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--rounds") rounds = std::stoi(next());
    else if (a == "--write") write_dir = next();
    else if (a == "--profile") travel_only = true;
    else if (a == "--profile-threads") profile_threads = static_cast<unsigned>(std::stoul(next()));
    else if (a == "--dump-hits") dump_path = next();
    else if (a == "--dump") g_dump.open(next(), std::ios::binary);
    else if (a == "--no-explain") g_explain = false;
    else if (a == "--attributes-lift") g_lift = true;
    else if (a == "--name-cache") g_name_cache = std::stoul(next());
    else if (a == "--dob-off") g_weights.dob_off = std::stod(next());
    else if (a == "--family-off") g_weights.family_off = std::stod(next());
    else if (a == "--alert-threshold") so.alert_threshold = std::stod(next());
    else {
      std::fprintf(stderr, "usage: bench_travel --data DIR --shared DIR [--travellers N] [--seed S] [--rounds R] [--write DIR]\n");
      return 2;
    }
  }
  OpenFilledStore(data, shared, false).reset();
  Config cfg;
  cfg.data_dir = data;
  auto svc_r = AlertService::Open(cfg, so, SystemClock());
  if (!svc_r.ok()) {
    std::fprintf(stderr, "%s\n", svc_r.status().ToString().c_str());
    return 1;
  }
  AlertService& svc = **svc_r;
  auto snap = svc.snapshot();
  const index::NameIndex& ix = *snap->names;
  std::printf("index: %zu entities, %zu names; machine: %s\n", ix.entity_count(), ix.name_count(), CpuModel().c_str());

  auto pools = ReadNamePools(shared / "names/negatives_global.csv");
  std::mt19937_64 rng(seed);
  auto innocents = DrawInnocents(pools, n, rng);
  auto ics = Interchanges(innocents, per_flight, "TK");
  size_t total_bytes = 0;
  for (const auto& s : ics) total_bytes += s.size();
  std::printf("generated %zu innocent travellers of %zu nationalities in %zu PAXLST interchanges (%.1f MB), seed %llu\n",
              innocents.size(), pools.size(), ics.size(), total_bytes / 1e6, static_cast<unsigned long long>(seed));
  if (!write_dir.empty()) {
    std::filesystem::create_directories(write_dir);
    for (size_t f = 0; f < ics.size(); ++f) {
      char name[32];
      std::snprintf(name, sizeof name, "flight_%04zu.edi", f);
      std::ofstream(write_dir / name, std::ios::binary) << ics[f];
    }
    // The same travellers as `tamis screen` records (the CLI baseline).
    std::ofstream csv(write_dir / "travellers.csv", std::ios::binary);
    csv << "id,name,dob,nationality,gender,id_number\n";
    for (size_t i = 0; i < innocents.size(); ++i) {
      const ScreenRecord r = RecordOf(innocents[i], std::to_string(i + 1));
      csv << r.id << ",\"" << r.name << "\"," << r.dob.ToString() << "," << innocents[i].nationality << ","
          << (innocents[i].sex == 'F' ? "female" : "male") << "," << r.id_number << "\n";
    }
  }
  const double alert_t = svc.options().alert_threshold;
  if (travel_only) {
    size_t ob = 0;
    for (unsigned th : {1u, 2u}) {
      if (profile_threads && th != profile_threads) continue;
      const double t0 = CpuSeconds();
      const auto w0 = std::chrono::steady_clock::now();
      for (int r = 0; r < rounds; ++r) TravelPass(svc, ics, th, &ob);
      const double wall = Seconds(w0, std::chrono::steady_clock::now());
      std::printf("travel, %u thread(s): %.0f travellers/s CPU, %.0f/s wall\n", th,
                  rounds * static_cast<double>(n) / (CpuSeconds() - t0), rounds * static_cast<double>(n) / wall);
    }
    return 0;
  }

  // --- False alerts by nationality (travel path and baseline).
  std::map<std::string, Counts> by_nat;
  std::vector<std::string> examples;
  size_t bytes = 0;
  std::ofstream dump;
  if (!dump_path.empty()) {
    dump.open(dump_path);
    dump << "nationality\ttraveller\tsurname\tdob\tentity\tlist\tmatched_name\tfamily\tlisted_dobs\tname_score\tscore\tadjustments\n";
  }
  TravelPass(svc, ics, 2, &bytes,
             [&](const SynthTraveller* t, const TravellerResult& r, const index::NameIndex& x) {
               Counts& c = by_nat[t->label];
               ++c.n;
               if (!r.party.hits.empty()) ++c.hits;
               if (dump.is_open())
                 for (const auto& h : r.party.hits) {
                   const Entity& e = x.entity(h.entity);
                   std::string family, adj;
                   if (h.name >= 0)
                     for (const auto& p : e.names[h.name].parts)
                       if (p.role == NamePartRole::kFamily) family += p.value + " ";
                   for (const auto& a : h.explanation.adjustments) adj += a.what + ":" + std::to_string(a.delta) + " ";
                   dump << t->label << '\t' << r.item->traveller.FullName() << '\t' << r.item->traveller.surname << '\t'
                        << r.item->traveller.dob.ToString() << '\t' << e.id << '\t' << e.source << '\t'
                        << (h.name >= 0 ? e.names[h.name].full : "") << '\t' << family << '\t' << e.dates_of_birth.size() << '\t'
                        << h.explanation.name_score << '\t' << h.score << '\t' << adj << '\n';
                 }
               if (!r.party.hits.empty() && r.party.hits[0].score >= alert_t - 1e-9) {
                 ++c.alerts;
                 if (examples.size() < 12)
                   examples.push_back(r.item->traveller.FullName() + " (" + t->label + ", " + r.item->traveller.dob.ToString() +
                                      ") ~ " + x.entity(r.party.hits[0].entity).PrimaryName() + " " +
                                      x.entity(r.party.hits[0].entity).id + " " + std::to_string(r.party.hits[0].score));
               }
             },
             &innocents, per_flight);
  for (size_t i = 0; i < innocents.size(); ++i) {
    auto hits = ScreenRecordHits(ix, RecordOf(innocents[i], "b"), ScreenParams{});
    Counts& c = by_nat[innocents[i].label];
    c.base_hits += !hits.empty();
    c.base_alerts += !hits.empty() && hits[0].score >= alert_t - 1e-9;
  }
  Counts all;
  std::vector<std::pair<std::string, Counts>> rows(by_nat.begin(), by_nat.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.n > b.second.n; });
  std::printf("\nfalse alerts by nationality (hit: score >= 0.70, the default threshold; alert: >= %.2f, the alert threshold)\n", alert_t);
  std::printf("| nationality | travellers | travel hits | travel alerts | baseline hits | baseline alerts |\n|---|---:|---:|---:|---:|---:|\n");
  for (const auto& [nat, c] : rows) {
    all.n += c.n, all.hits += c.hits, all.alerts += c.alerts, all.base_hits += c.base_hits, all.base_alerts += c.base_alerts;
    std::printf("| %s | %lld | %lld (%.2f%%) | %lld (%.2f%%) | %lld (%.2f%%) | %lld (%.2f%%) |\n", nat.c_str(),
                static_cast<long long>(c.n), static_cast<long long>(c.hits), 100.0 * c.hits / c.n,
                static_cast<long long>(c.alerts), 100.0 * c.alerts / c.n, static_cast<long long>(c.base_hits),
                100.0 * c.base_hits / c.n, static_cast<long long>(c.base_alerts), 100.0 * c.base_alerts / c.n);
  }
  std::printf("| **all** | %lld | %lld (%.3f%%) | %lld (%.3f%%) | %lld (%.3f%%) | %lld (%.3f%%) |\n",
              static_cast<long long>(all.n), static_cast<long long>(all.hits), 100.0 * all.hits / all.n,
              static_cast<long long>(all.alerts), 100.0 * all.alerts / all.n, static_cast<long long>(all.base_hits),
              100.0 * all.base_hits / all.n, static_cast<long long>(all.base_alerts), 100.0 * all.base_alerts / all.n);
  std::printf("examples of false alerts:\n");
  for (const auto& e : examples) std::printf("  %s\n", e.c_str());

  // --- Recall of planted listed persons.
  std::map<std::string, std::vector<uint32_t>> un_by_key;
  for (uint32_t e = 0; e < ix.entity_count(); ++e) {
    const Entity& en = ix.entity(e);
    if (en.source != "un" || en.kind != EntityKind::kPerson) continue;
    for (const auto& nm : en.names) un_by_key[NameKey(nm.full)].push_back(e);
  }
  std::mt19937_64 rng_off(seed + 7);  // its own draws: the other sets' dates stay as before
  auto untreated = ReadQueries(shared / "names/positives_un_untreated.csv");
  auto treated = ReadQueries(shared / "names/positives_un_treated.csv");
  struct Set {
    const char* name;
    std::vector<SynthTraveller> planted;
  } sets[4] = {{"UN persons, list spelling (yente untreated)", {}},
               {"UN persons, variant spellings (yente treated: typos, reordering)", {}},
               {"variant spellings + the listed passport number", {}},
               {"variant spellings, DOB 3 years off the listed one (a false DOB: the cost of dob_off)", {}}};
  for (size_t i = 0; i < untreated.size() && i < treated.size(); ++i) {
    auto it = un_by_key.find(NameKey(untreated[i].record.name));
    if (it == un_by_key.end() || !untreated[i].error.ok() || !treated[i].error.ok()) continue;
    const Entity& e = ix.entity(it->second[0]);
    sets[0].planted.push_back(Planted(untreated[i].record.name, e, false, rng));
    sets[1].planted.push_back(Planted(treated[i].record.name, e, false, rng));
    SynthTraveller p = Planted(treated[i].record.name, e, true, rng);
    if (!p.passport.empty()) sets[2].planted.push_back(p);
    if (!e.dates_of_birth.empty()) sets[3].planted.push_back(Planted(treated[i].record.name, e, false, rng_off, i % 2 ? 3 : -3));
  }
  std::printf("\nrecall of planted listed persons (DOB: a day of the listed year; nationality: the listed one)\n");
  std::printf("| set | planted | travel: hit >= 0.70 | travel: alert >= %.2f | baseline: hit >= 0.70 | baseline: alert |\n|---|---:|---:|---:|---:|---:|\n", alert_t);
  for (auto& s : sets) {
    auto pics = Interchanges(s.planted, per_flight, "PL");
    int64_t hit = 0, alert = 0, bhit = 0, balert = 0, family_ruled = 0;
    std::vector<std::string> missed;
    size_t b2 = 0;
    TravelPass(svc, pics, 2, &b2,
               [&](const SynthTraveller* t, const TravellerResult& r, const index::NameIndex& x) {
                 bool h = false, a = false;
                 for (const auto& hh : r.party.hits)
                   if (x.entity(hh.entity).id == t->label) {
                     h = true, a = hh.score >= alert_t - 1e-9;
                     for (const auto& adj : hh.explanation.adjustments) family_ruled += adj.what == "family_name";
                   }
                 hit += h, alert += a;
                 if (!h && missed.size() < 6) missed.push_back(r.item->traveller.FullName() + " ~ " + t->label);
               },
               &s.planted, per_flight);
    for (const auto& t : s.planted) {
      auto hits = ScreenRecordHits(ix, RecordOf(t, "b"), ScreenParams{});
      for (const auto& hh : hits)
        if (ix.entity(hh.entity).id == t.label) ++bhit, balert += hh.score >= alert_t - 1e-9;
    }
    const double m = static_cast<double>(s.planted.size());
    std::printf("| %s | %zu | %.4f | %.4f | %.4f | %.4f |\n", s.name, s.planted.size(), hit / m, alert / m, bhit / m, balert / m);
    std::printf("    found with the family-name rule against them: %lld\n", static_cast<long long>(family_ruled));
    for (const auto& x : missed) std::printf("    missed: %s\n", x.c_str());
  }

  // --- Throughput: parse only, baseline, travel path on 1 and 2 threads, alternating order.
  std::printf("\nthroughput (%zu travellers; CPU = process CPU time; travel = PAXLST bytes -> JSON Lines with alerts)\n", innocents.size());
  std::printf("| round | parse only (CPU) | baseline, 1 thread (CPU) | travel, 1 thread (CPU) | x baseline | travel, 2 threads (wall) |\n|---|---:|---:|---:|---:|---:|\n");
  for (int r = 0; r < rounds; ++r) {
    double c0 = CpuSeconds();
    int64_t parsed = 0;
    for (const auto& s : ics) {
      auto b = ReadTravelInput(s, "synthetic");
      parsed += static_cast<int64_t>(b->flights[0].travellers.size());
    }
    const double parse_cpu = CpuSeconds() - c0;
    double base_cpu = 0, travel_cpu = 0;
    size_t ob = 0;
    auto base = [&] {
      double t0 = CpuSeconds();
      BaselinePass(ix, innocents, &ob);
      base_cpu = CpuSeconds() - t0;
    };
    auto travel = [&] {
      double t0 = CpuSeconds();
      TravelPass(svc, ics, 1, &ob);
      travel_cpu = CpuSeconds() - t0;
    };
    if (r % 2 == 0) base(), travel();
    else travel(), base();
    auto w0 = std::chrono::steady_clock::now();
    TravelPass(svc, ics, 2, &ob);
    const double wall2 = Seconds(w0, std::chrono::steady_clock::now());
    const double nn = static_cast<double>(innocents.size());
    std::printf("| %d | %.0f/s | %.0f/s | %.0f/s | x%.2f | %.0f/s |\n", r + 1, parsed / parse_cpu, nn / base_cpu,
                nn / travel_cpu, base_cpu / travel_cpu, nn / wall2);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace tamis::bench

int main(int argc, char** argv) { return tamis::bench::Main(argc, argv); }
