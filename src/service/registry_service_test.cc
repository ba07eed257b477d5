#include "service/registry_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>
#include <set>

#include "core/strings.h"
#include "service/list_service.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

const std::string kNow = "2026-12-07T10:00:00Z";
Clock FixedClock() { return [] { return kNow; }; }

void Write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// One OFAC SDN CSV row (ent_num, name, type, program, ..., remarks).
std::string SdnRow(int id, const std::string& name, const std::string& remarks = "-0- ") {
  return std::to_string(id) + ",\"" + name + "\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"" + remarks + "\"\n";
}

// Imports `files` as a new OFAC version of the store in `data`.
void ImportOfac(const std::filesystem::path& data, const std::vector<std::filesystem::path>& files) {
  StoreOptions so;
  so.data_dir = data;
  auto store = std::move(Store::Open(so)).value();
  ListImportRequest req;
  req.files = files;
  auto r = ImportListFiles(*store, req, FixedClock(), nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

struct Outcome {
  std::map<std::string, std::string> results;  // subject -> stored result
  std::set<std::string> alerts;                 // "party_key|entity_id|entity_hash|state|decision"
  RescreenSummary summary;
};

std::set<std::string> AlertSet(AlertService& svc) {
  std::set<std::string> out;
  AlertFilter f;
  f.limit = 1000;
  for (;;) {
    auto page = svc.review().ListAlerts(f);
    EXPECT_TRUE(page.ok());
    if (!page.ok() || page->empty()) break;
    for (const auto& a : *page) {
      out.insert(a.party_key + "|" + a.entity_id + "|" + a.entity_hash + "|" + a.state + "|" + a.decision);
      f.after_id = a.alert_id;
    }
  }
  return out;
}

// The service on `data` and its registry with the subjects of `registry` imported.
struct Opened {
  std::unique_ptr<AlertService> svc;
  std::unique_ptr<RegistryStore> reg;
};
Opened OpenWithRegistry(const std::filesystem::path& data, const std::filesystem::path& registry) {
  Config cfg;
  cfg.data_dir = data;
  Opened o;
  o.svc = std::move(AlertService::Open(cfg, {}, FixedClock())).value();
  o.reg = std::move(RegistryStore::Open(o.svc->db_path())).value();
  RegistryImportRequest ir;
  ir.file = registry;
  auto imp = ImportRegistry(*o.reg, ir, kNow);
  EXPECT_TRUE(imp.ok()) << imp.status().ToString();
  return o;
}

// Runs: list v1, registry, a first (full) run, list v2, then a delta (or, `full`, a full) run;
// by default the delta never falls back to a full run (RescreenOptions::max_score_drift < 0).
Outcome Scenario(const std::filesystem::path& data, const std::vector<std::filesystem::path>& v1,
                 const std::vector<std::filesystem::path>& v2, const std::filesystem::path& registry, bool full,
                 double max_score_drift = -1) {
  Outcome out;
  ImportOfac(data, v1);
  auto [svc, reg] = OpenWithRegistry(data, registry);
  RescreenOptions ro;
  ro.max_score_drift = max_score_drift;
  auto first = RescreenRegistry(*svc, *reg, ro, nullptr, nullptr);
  EXPECT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->mode, "full");
  ImportOfac(data, v2);
  EXPECT_TRUE(svc->Reload().ok());
  ro.full = full;
  auto second = RescreenRegistry(*svc, *reg, ro, nullptr, nullptr);
  EXPECT_TRUE(second.ok()) << second.status().ToString();
  if (second.ok()) out.summary = *second;
  auto all = std::move(reg->LoadAll()).value();
  for (const auto& s : all) out.results[s.subject_id] = s.result;
  out.alerts = AlertSet(*svc);
  return out;
}

void ExpectSame(const Outcome& delta, const Outcome& full) {
  ASSERT_EQ(delta.results.size(), full.results.size());
  size_t diff = 0;
  for (const auto& [id, r] : full.results) {
    auto it = delta.results.find(id);
    ASSERT_NE(it, delta.results.end()) << id;
    if (it->second != r && ++diff <= 5) ADD_FAILURE() << "subject " << id << ": delta\n" << it->second << "full\n" << r;
  }
  EXPECT_EQ(diff, 0u);
  EXPECT_EQ(delta.alerts, full.alerts);
}

TEST(Registry, ImportReportsBadLinesAndImportsTheRest) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  Write(dir.path() / "reg.csv",
        "id,name,dob,nationality\n"
        "c1,Maria Gonzalez,1980-02-03,ES\n"
        "c2,,1970,\n"              // missing name
        "c3,John Smith,31/02/19x,\n"  // bad date
        "c1,Maria Gonzales,,\n"    // duplicate id
        "c4,Ahmed Hassan,1975,EG\n");
  RegistryImportRequest req;
  req.file = dir.path() / "reg.csv";
  auto r = ImportRegistry(*reg, req, kNow);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->read, 5);
  EXPECT_EQ(r->outcome.added, 2);
  ASSERT_EQ(r->errors.size(), 3u);
  EXPECT_EQ(r->errors[0].line, 3);
  EXPECT_NE(r->errors[0].ToString().find("reg.csv:3: id c2: missing name"), std::string::npos) << r->errors[0].ToString();
  EXPECT_EQ(r->errors[1].line, 4);
  EXPECT_NE(r->errors[1].ToString().find("dob"), std::string::npos) << r->errors[1].ToString();
  EXPECT_EQ(r->errors[2].line, 5);
  EXPECT_NE(r->errors[2].ToString().find("duplicate id (first on line 2"), std::string::npos) << r->errors[2].ToString();
  auto all = std::move(reg->LoadAll()).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Maria Gonzalez");  // the first c1 is kept
  EXPECT_EQ(all[0].dob, "1980-02-03");
  EXPECT_EQ(all[1].nationality, "EG");

  // Upsert: unchanged c1 stays, changed c4 waits for screening, a deletion (with an absent id).
  Write(dir.path() / "reg2.jsonl",
        "{\"id\":\"c1\",\"name\":\"Maria Gonzalez\",\"dob\":\"1980-02-03\",\"nationality\":\"ES\"}\n"
        "{\"id\":\"c5\",\"name\":\"Li Wei\"}\n");
  Write(dir.path() / "del.txt", "id\nc4\nc9\n");
  req.file = dir.path() / "reg2.jsonl";
  req.delete_file = dir.path() / "del.txt";
  r = ImportRegistry(*reg, req, kNow);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome.unchanged, 1);
  EXPECT_EQ(r->outcome.added, 1);
  EXPECT_EQ(r->outcome.deleted, 1);
  EXPECT_EQ(r->outcome.not_found, std::vector<std::string>{"c9"});
  all = std::move(reg->LoadAll()).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].subject_id, "c5");
}

TEST(Registry, ImportOfAMissingFileFailsAndWritesNothing) {
  testing::TempDir dir;
  auto reg = std::move(RegistryStore::Open(dir.path() / "tamis.db")).value();
  RegistryImportRequest req;
  req.file = dir.path() / "absent.csv";
  EXPECT_EQ(ImportRegistry(*reg, req, kNow).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*reg->Count(), 0);
}

// Synthetic edits: an alias added, a date of birth changed, an entity removed, one added. The
// delta must give exactly what a full re-screen gives, and the expected hits must move.
TEST(Registry, DeltaEqualsFullOnSyntheticEdits) {
  testing::TempDir dir;
  const auto v1 = dir.path() / "v1" / "sdn.csv", v2 = dir.path() / "v2" / "sdn.csv";
  Write(v1, SdnRow(101, "BADRI, Ibrahim Awad Ibrahim") + SdnRow(102, "ZAWAHIRI, Aiman Muhammed Rabi", "DOB 19 Jun 1951.") +
                SdnRow(103, "RAHMAN, Abdul Qadir Faizullah") + SdnRow(104, "HAQQANI, Sirajuddin Jallaloudine"));
  // 101 gains an alias, 102's date of birth moves, 103 is delisted, 105 is new.
  Write(v2, SdnRow(101, "BADRI, Ibrahim Awad Ibrahim", "a.k.a. 'SAMARRAI, Abu Dua'.") +
                SdnRow(102, "ZAWAHIRI, Aiman Muhammed Rabi", "DOB 19 Jun 1955.") + SdnRow(104, "HAQQANI, Sirajuddin Jallaloudine") +
                SdnRow(105, "SHEKAU, Abubakar Muhammad"));
  const auto registry = dir.path() / "registry.csv";
  Write(registry,
        "id,name,dob\n"
        "s1,Abu Dua al-Samarrai,\n"          // only the new alias of 101 can find it
        "s2,Aiman Muhammed Rabi al-Zawahiri,1955-06-19\n"  // its DOB matches the new one
        "s3,Abdul Qadir Faizullah Rahman,\n"  // hit on 103, delisted in v2
        "s4,Abubakar Muhammad Shekau,\n"     // the new entity 105
        "s5,Maria Gonzalez Fernandez,\n"     // no hit either side
        "s6,Sirajuddin Haqqani,\n"          // hit on 104, unchanged
        "s7,Abubakr Muhamad Shekaw,\n"       // 105 by a one-edit skeleton (the fallback keys)
        "s8,Sirajudin Hakani,\n");           // 104 by a misspelling
  auto delta = Scenario(dir.path() / "a", {v1}, {v2}, registry, false);
  auto full = Scenario(dir.path() / "b", {v1}, {v2}, registry, true);
  ExpectSame(delta, full);
  EXPECT_EQ(delta.summary.mode, "delta");
  EXPECT_EQ(full.summary.mode, "full");
  EXPECT_EQ(delta.summary.entities_added, 1);
  EXPECT_EQ(delta.summary.entities_removed, 1);
  EXPECT_EQ(delta.summary.entities_changed, 2);
  EXPECT_LT(delta.summary.rescreened, full.summary.rescreened);  // s5 is not screened again
  EXPECT_NE(delta.results["s1"].find("ofac:101\t"), std::string::npos) << delta.results["s1"];
  EXPECT_NE(delta.results["s4"].find("ofac:105\t"), std::string::npos) << delta.results["s4"];
  EXPECT_EQ(delta.results["s3"].find("ofac:103\t"), std::string::npos) << delta.results["s3"];
  EXPECT_NE(delta.results["s6"].find("ofac:104\t"), std::string::npos);
  EXPECT_EQ(delta.results["s5"], "");
  // The delisted alert is closed with its reason; s2's changed entity is a new alert.
  bool closed_103 = false;
  int s2_alerts = 0;
  for (const auto& a : delta.alerts) {
    if (a.find("|ofac:103|") != std::string::npos) closed_103 = a.ends_with("|decided|delisted");
    if (a.starts_with("s2|") && a.find("|ofac:102|") != std::string::npos) ++s2_alerts;
  }
  EXPECT_TRUE(closed_103);
  EXPECT_EQ(s2_alerts, 2);  // one for 102 as it was, one for 102 as it is

  // Below 100 names every token weighs 1: the change moves no score, and with the default
  // guard (max_score_drift) the run is a delta too.
  EXPECT_LT(delta.summary.weight_ratio, 1 + 1e-5);
  auto guarded = Scenario(dir.path() / "c", {v1}, {v2}, registry, false, RescreenOptions{}.max_score_drift);
  EXPECT_EQ(guarded.summary.mode, "delta") << guarded.summary.full_because;
  ExpectSame(guarded, full);
}

// A subject reached only through the fallback keys, by a joined pair of the new entity: "NUR
// DIN" posts NRDN (the pair joined), which is also the single skeleton of another list name
// ("Nordeen"), so the fallback table leads a subject token one edit away ("Nurpdin": NRPDN,
// whose own key no list name holds) to NRDN's postings, the new entity among them. The delta
// must find it through the pair's fallback variants.
TEST(Registry, DeltaFindsASubjectThroughAPairKeysFallback) {
  testing::TempDir dir;
  const auto v1 = dir.path() / "v1" / "sdn.csv", v2 = dir.path() / "v2" / "sdn.csv";
  const std::string base = SdnRow(101, "NORDEEN, Karim Abdul Hassan Mahmoud") + SdnRow(102, "HAQQANI, Sirajuddin Jallaloudine");
  Write(v1, base);
  Write(v2, base + SdnRow(103, "NUR DIN"));
  const auto registry = dir.path() / "registry.csv";
  Write(registry, "id,name\ns1,Nurpdin\ns2,Maria Gonzalez\n");
  auto delta = Scenario(dir.path() / "a", {v1}, {v2}, registry, false);
  auto full = Scenario(dir.path() / "b", {v1}, {v2}, registry, true);
  // The case is what it says: in full, s1's only hit is the new entity.
  ASSERT_NE(full.results["s1"].find("ofac:103\t"), std::string::npos) << full.results["s1"];
  EXPECT_EQ(full.results["s1"].find("ofac:101\t"), std::string::npos) << full.results["s1"];
  EXPECT_EQ(delta.summary.mode, "delta");
  ExpectSame(delta, full);
  EXPECT_EQ(delta.summary.reverse_candidates, 1);  // s1, and not s2
}

// The drift accumulates over the deltas since the last full run (each change's r^2 multiplies),
// a run goes full once it passes max_score_drift, and a full run starts again from 0.
TEST(Registry, WeightDriftAccumulatesUntilAFullRun) {
  testing::TempDir dir;
  // 150 names (weights are computed from 100 names on) over a small vocabulary.
  const char* kParts[] = {"ALI", "HASSAN", "OMAR", "KARIM", "ZAID", "NOUR", "FARID", "SAMIR", "MUSA", "YUSUF", "ADEL", "BAKR"};
  std::mt19937 rng(11);
  std::string rows;
  for (int i = 0; i < 150; ++i)
    rows += SdnRow(1000 + i, std::string(kParts[rng() % 12]) + ", " + kParts[rng() % 12] + " " + kParts[rng() % 12]);
  const auto data = dir.path() / "data";
  std::vector<std::filesystem::path> versions;
  for (int v = 0; v < 3; ++v) {
    rows += SdnRow(2000 + v, std::string("HASSAN, Ali Omar ") + kParts[v]);  // each version adds a name
    versions.push_back(dir.path() / ("v" + std::to_string(v)) / "sdn.csv");
    Write(versions.back(), rows);
  }
  Write(dir.path() / "r.csv", "id,name\ns1,Ali Hassan\ns2,Maria Gonzalez\n");
  ImportOfac(data, {versions[0]});
  auto [svc, reg] = OpenWithRegistry(data, dir.path() / "r.csv");
  RescreenOptions ro;
  ro.max_score_drift = -1;
  ASSERT_EQ(RescreenRegistry(*svc, *reg, ro, nullptr, nullptr)->mode, "full");
  EXPECT_EQ(std::move(reg->LastRun()).value()->drift, 0);
  ImportOfac(data, {versions[1]});
  ASSERT_TRUE(svc->Reload().ok());
  auto d1 = RescreenRegistry(*svc, *reg, ro, nullptr, nullptr);
  ASSERT_TRUE(d1.ok()) << d1.status().ToString();
  ASSERT_EQ(d1->mode, "delta");
  EXPECT_GT(d1->weight_ratio, 1.0);
  EXPECT_NEAR(d1->score_drift, d1->weight_ratio * d1->weight_ratio - 1, 1e-12);
  ImportOfac(data, {versions[2]});
  ASSERT_TRUE(svc->Reload().ok());
  // Between the first drift and the accumulated one: the second change alone would pass, the
  // two together do not.
  ro.max_score_drift = d1->score_drift * 1.5;
  auto d2 = RescreenRegistry(*svc, *reg, ro, nullptr, nullptr);
  ASSERT_TRUE(d2.ok()) << d2.status().ToString();
  const double r2 = d2->weight_ratio;
  EXPECT_LT(r2 * r2 - 1, ro.max_score_drift);
  EXPECT_NEAR(d2->score_drift, (1 + d1->score_drift) * r2 * r2 - 1, 1e-9);
  EXPECT_EQ(d2->mode, "full");
  EXPECT_NE(d2->full_because.find("since the last full run"), std::string::npos) << d2->full_because;
  EXPECT_EQ(std::move(reg->LastRun()).value()->drift, 0);  // the full run starts again
}

// A list import that fails leaves the registry's results as they were.
TEST(Registry, FailedListImportLeavesResultsUntouched) {
  testing::TempDir dir;
  const auto v1 = dir.path() / "v1" / "sdn.csv", v2 = dir.path() / "v2" / "sdn.csv";
  Write(v1, SdnRow(101, "BADRI, Ibrahim Awad Ibrahim") + SdnRow(103, "RAHMAN, Abdul Qadir Faizullah"));
  Write(v2, SdnRow(101, "BADRI, Ibrahim Awad Ibrahim", "a.k.a. 'SAMARRAI, Abu Dua'."));
  Write(dir.path() / "r.csv", "id,name\ns1,Abu Dua al-Samarrai\ns3,Abdul Qadir Faizullah Rahman\n");
  const auto data = dir.path() / "data";
  ImportOfac(data, {v1});
  auto [svc, reg] = OpenWithRegistry(data, dir.path() / "r.csv");
  ASSERT_TRUE(RescreenRegistry(*svc, *reg, {}, nullptr, nullptr).ok());
  auto before = std::move(reg->LoadAll()).value();
  auto alerts_before = AlertSet(*svc);
  {
    StoreOptions so;
    so.data_dir = data;
    so.fault_injector = [](int64_t row) { return row == 0 ? IoError("injected fault") : Status(); };
    auto store = std::move(Store::Open(so)).value();
    ListImportRequest req;
    req.files = {v2};
    auto r = ImportListFiles(*store, req, FixedClock(), nullptr);
    ASSERT_FALSE(r.ok());
  }
  ASSERT_TRUE(svc->Reload().ok());
  auto s = RescreenRegistry(*svc, *reg, {}, nullptr, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->mode, "none");
  auto after = std::move(reg->LoadAll()).value();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].result, before[i].result);
    EXPECT_EQ(after[i].screened_run, before[i].screened_run);
  }
  EXPECT_EQ(AlertSet(*svc), alerts_before);
}

// End to end through AlertService::UpdateLists (what tamis lists update and POST /v1/lists/update
// call): the update re-screens the registry, opening and closing alerts.
TEST(Registry, ListUpdateRescreensTheRegistry) {
  testing::TempDir dir;
  const auto d1 = dir.path() / "d1", d2 = dir.path() / "d2";
  Write(d1 / "sdn.csv", SdnRow(101, "BADRI, Ibrahim Awad Ibrahim") + SdnRow(103, "RAHMAN, Abdul Qadir Faizullah") +
                            SdnRow(104, "HAQQANI, Sirajuddin Jallaloudine"));
  Write(d2 / "sdn.csv", SdnRow(101, "BADRI, Ibrahim Awad Ibrahim", "a.k.a. 'SAMARRAI, Abu Dua'.") +
                            SdnRow(104, "HAQQANI, Sirajuddin Jallaloudine"));
  Write(dir.path() / "r.csv", "id,name\ns1,Abu Dua al-Samarrai\ns3,Abdul Qadir Faizullah Rahman\n");
  Config cfg = DefaultConfig();
  cfg.data_dir = dir.path() / "data";
  auto svc = std::move(AlertService::Open(cfg, {}, FixedClock())).value();
  UpdateRequest up;
  up.from_dir = d1;
  up.sources = {"ofac"};
  auto u1 = svc->UpdateLists(up, "admin");  // the registry is empty: nothing screened
  ASSERT_TRUE(u1.ok()) << u1.status().ToString();
  ASSERT_TRUE(u1->front().status.ok()) << u1->front().status.ToString();
  auto reg = std::move(RegistryStore::Open(svc->db_path())).value();
  EXPECT_FALSE(reg->LastRun()->has_value());
  RegistryImportRequest ir;
  ir.file = dir.path() / "r.csv";
  ASSERT_TRUE(ImportRegistry(*reg, ir, kNow).ok());
  ASSERT_TRUE(RescreenRegistry(*svc, *reg, {}, nullptr, nullptr).ok());
  AlertFilter open;
  open.state = "open";
  auto o1 = std::move(svc->review().ListAlerts(open)).value();
  ASSERT_EQ(o1.size(), 1u);
  EXPECT_EQ(o1[0].entity_id, "ofac:103");

  up.from_dir = d2;
  auto r = svc->UpdateLists(up, "admin");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto run = std::move(reg->LastRun()).value();
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->mode, "delta");
  EXPECT_EQ(run->closed, 1);
  EXPECT_EQ(run->opened, 1);
  auto o2 = std::move(svc->review().ListAlerts(open)).value();
  ASSERT_EQ(o2.size(), 1u);
  EXPECT_EQ(o2[0].entity_id, "ofac:101");
  EXPECT_EQ(o2[0].party_id, "s1");
  auto closed = std::move(svc->review().GetAlert(o1[0].alert_id)).value();
  EXPECT_EQ(closed.decision, "delisted");
  EXPECT_NE(closed.decision_reason.find("ofac:103"), std::string::npos);
  auto log = std::move(svc->review().AuditLog(0, 1000)).value();
  bool delist = false, rescreen = false;
  for (const auto& a : log) delist |= a.action == "alert.delist", rescreen |= a.action == "registry.rescreen";
  EXPECT_TRUE(delist);
  EXPECT_TRUE(rescreen);
  EXPECT_TRUE(std::move(svc->review().VerifyAudit()).value().ok);
}

// The proof on the real OFAC change (2024-05 SDN, then with the 2025-01 alias, address and
// comment files): a registry of real names (primary names and aliases of OFAC persons) and
// names recombined from their parts, delta against full.
TEST(Registry, DeltaEqualsFullOnTheRealOfacChange) {
  TAMIS_REQUIRE_SHARED_DATA();
  const auto sdn = testing::SharedPath("lists/ofac/2024-05/sdn.csv");
  const auto dir25 = testing::SharedPath("lists/ofac/2025-01");
  if (!std::filesystem::exists(sdn) || !std::filesystem::exists(dir25 / "alt.csv"))
    GTEST_SKIP() << "OFAC vintages not in " << testing::SharedDataDir();
  testing::TempDir dir;
  // Subjects: every 7th alt.csv alias (new in 2025-01 for the 2024-05 entities), names from
  // sdn.csv individuals, and recombinations of their parts.
  std::vector<std::string> names;
  {
    std::ifstream alt(dir25 / "alt.csv");
    std::string line;
    for (int n = 0; std::getline(alt, line); ++n) {
      auto q1 = line.find('"', line.find("\"aka\"") + 5);
      if (q1 == std::string::npos || n % 7) continue;
      auto q2 = line.find('"', q1 + 1);
      if (q2 != std::string::npos) names.push_back(line.substr(q1 + 1, q2 - q1 - 1));
    }
  }
  std::vector<std::string> given, family;
  {
    std::ifstream in(sdn);
    std::string line;
    for (int n = 0; std::getline(in, line); ++n) {
      if (line.find("\"individual\"") == std::string::npos) continue;
      auto q1 = line.find('"'), q2 = line.find('"', q1 + 1);
      std::string nm = line.substr(q1 + 1, q2 - q1 - 1);
      auto comma = nm.find(", ");
      if (comma == std::string::npos) continue;
      family.push_back(nm.substr(0, comma));
      given.push_back(nm.substr(comma + 2));
      if (n % 5 == 0) names.push_back(given.back() + " " + family.back());
    }
  }
  std::mt19937 rng(20);
  for (int i = 0; i < 3000; ++i) names.push_back(given[rng() % given.size()] + " " + family[rng() % family.size()]);
  std::string csv = "id,name\n";
  for (size_t i = 0; i < names.size(); ++i) {
    std::string n = names[i];
    for (char& c : n)
      if (c == '"' || c == ',') c = ' ';
    csv += "r" + std::to_string(i) + "," + n + "\n";
  }
  Write(dir.path() / "registry.csv", csv);
  std::vector<std::filesystem::path> v2 = {sdn, dir25 / "alt.csv", dir25 / "add.csv", dir25 / "sdn_comments.csv"};
  auto delta = Scenario(dir.path() / "a", {sdn}, v2, dir.path() / "registry.csv", false);
  auto full = Scenario(dir.path() / "b", {sdn}, v2, dir.path() / "registry.csv", true);
  // The delta forced through this change (names 18,676 -> 36,776) is not exact: the token
  // weights and key rarities, computed over all names, move enough to lift pairs of unchanged
  // entities over the threshold (registry_service.h). Its misses are few, and with the default
  // guard the change runs in full (the weights move by up to 32%: scores by up to 75%) and gives
  // exactly the full run's results and alerts.
  EXPECT_EQ(delta.summary.mode, "delta");
  EXPECT_GT(delta.summary.entities_changed, 1000);
  EXPECT_LT(delta.summary.rescreened, full.summary.rescreened);
  EXPECT_GT(delta.summary.score_drift, 0.5);
  size_t differ = 0;
  for (const auto& [id, r] : full.results) differ += delta.results[id] != r;
  EXPECT_LE(differ, names.size() / 500) << "forced delta: " << differ << " subjects differ from full";
  auto guarded = Scenario(dir.path() / "c", {sdn}, v2, dir.path() / "registry.csv", false, RescreenOptions{}.max_score_drift);
  EXPECT_EQ(guarded.summary.mode, "full");
  EXPECT_NE(guarded.summary.full_because.find("token weights moved"), std::string::npos) << guarded.summary.full_because;
  ExpectSame(guarded, full);
  // The change matters: subjects whose result moved, and alerts it opened.
  size_t moved = 0;
  EXPECT_GT(delta.summary.changed, 0);
  EXPECT_GT(delta.summary.alerts_opened, 0);
  for (const auto& [id, r] : delta.results) moved += !r.empty();
  EXPECT_GT(moved, 100u);
  std::printf("registry %zu subjects: forced delta (weight ratio %.4f, score drift %.4f) screened %lld (%zu differ from "
              "full), full %lld; changed %lld; alerts opened %lld\n", names.size(), delta.summary.weight_ratio,
              delta.summary.score_drift, static_cast<long long>(delta.summary.rescreened), differ, static_cast<long long>(full.summary.rescreened),
              static_cast<long long>(delta.summary.changed), static_cast<long long>(delta.summary.alerts_opened));
}

}  // namespace
}  // namespace tamis
