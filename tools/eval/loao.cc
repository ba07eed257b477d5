#include "tools/eval/loao.h"

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/entity.h"
#include "core/names/prepared_name.h"
#include "core/names/similarity.h"
#include "core/text/normalise.h"
#include "formats/lists/importers.h"
#include "formats/lists/list_text.h"
#include "index/names/name_index.h"

#ifdef TAMIS_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

namespace tamis::eval {
namespace {

namespace fs = std::filesystem;

// One distinct name of an entity (names equal after text::Normalise merged).
struct DistinctName {
  uint32_t entity = 0;
  std::string text;        // as listed (the first of the equal names)
  std::string normalised;  // text::Normalise
  std::string type;        // "primary", "aka", "fka", "weak/low", "original_script"
  std::string script;      // ISO 15924; "Latn" for Latin
  size_t fold = 0;
  bool query = false;      // chosen as a query
};

struct Engines {
  int tamis = -1, tamis_alert = 0, jw = -1, pg = -1;  // 0-based rank of the expected entity (-1: not in 10)
};

// Counts of one row of the report.
struct Row {
  size_t n = 0, tamis1 = 0, tamis10 = 0, alert = 0, jw1 = 0, jw10 = 0, pg1 = 0, pg10 = 0;
  void Add(const Engines& e) {
    ++n;
    tamis1 += e.tamis == 0, tamis10 += e.tamis >= 0, alert += e.tamis_alert;
    jw1 += e.jw == 0, jw10 += e.jw >= 0, pg1 += e.pg == 0, pg10 += e.pg >= 0;
  }
};

uint64_t Fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string TypeOf(const Name& n) {
  if (n.type == NameType::kOriginalScript) return "original_script";
  if (n.quality == NameQuality::kWeak || n.quality == NameQuality::kLow) return "weak/low";
  return std::string(NameTypeName(n.type));
}

struct ListSet {
  std::string source;
  std::vector<fs::path> files;
};

// Ranks entities by their best name score (desc), returns the rank of `expected` among the first 10.
int RankOf(std::vector<std::pair<double, uint32_t>>* best, uint32_t expected) {
  std::sort(best->begin(), best->end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t i = 0; i < best->size() && i < 10; ++i)
    if ((*best)[i].second == expected) return static_cast<int>(i);
  return -1;
}

}  // namespace

bool RunLeaveOneAliasOut(const std::string& dir, const LoaoOptions& options) {
  const size_t folds = std::max<size_t>(2, options.folds);
  const std::vector<ListSet> sets = {
      {"un", {fs::path(dir) / "lists/un/UN_consolidated.xml"}},
      {"ofac",
       {fs::path(dir) / "lists/ofac/2024-05/sdn.csv", fs::path(dir) / "lists/ofac/2025-01/alt.csv",
        fs::path(dir) / "lists/ofac/2025-01/add.csv", fs::path(dir) / "lists/ofac/2025-01/sdn_comments.csv"}},
      {"eu", {fs::path(dir) / "lists/eu/sample_eu_fsf.xml"}},
  };
  std::vector<Entity> entities;
  std::vector<std::string> sources;  // those loaded, in order
  for (const ListSet& s : sets) {
    std::vector<fs::path> present;
    for (const auto& p : s.files)
      if (fs::exists(p)) present.push_back(p);
    if (present.empty()) continue;
    auto parsed = LoadListFiles(present, "", ImportOptions{});
    if (!parsed.ok()) {
      std::fprintf(stderr, "loao: %s: %s\n", s.source.c_str(), parsed.status().ToString().c_str());
      continue;
    }
    sources.push_back(parsed->source);
    for (Entity& e : parsed->entities) entities.push_back(std::move(e));
  }
  if (entities.empty()) {
    std::fprintf(stderr, "loao: no list found under %s/lists\n", dir.c_str());
    return false;
  }
  // Distinct names and folds.
  std::vector<DistinctName> names_all;
  std::vector<std::vector<size_t>> entity_names(entities.size());  // per entity: its distinct names
  for (uint32_t e = 0; e < entities.size(); ++e) {
    const uint64_t h = Fnv(entities[e].id);
    for (const Name& n : entities[e].names) {
      const std::string norm = text::Normalise(n.full);
      if (norm.empty()) continue;
      bool seen = false;
      for (size_t k : entity_names[e]) seen |= names_all[k].normalised == norm;
      if (seen) continue;
      DistinctName d;
      d.entity = e;
      d.text = n.full;
      d.normalised = norm;
      d.type = TypeOf(n);
      d.script = n.script.empty() ? lists::DetectScript(n.full) : n.script;
      if (d.script.empty()) d.script = "Latn";
      d.fold = static_cast<size_t>((entity_names[e].size() + h) % folds);
      entity_names[e].push_back(names_all.size());
      names_all.push_back(std::move(d));
    }
  }
  // Queries: names of entities with two or more distinct names, evenly spread per list.
  for (const std::string& src : sources) {
    std::vector<size_t> cands;
    for (size_t k = 0; k < names_all.size(); ++k)
      if (entities[names_all[k].entity].source == src && entity_names[names_all[k].entity].size() >= 2) cands.push_back(k);
    const size_t want = options.max_queries_per_list ? std::min(cands.size(), options.max_queries_per_list) : cands.size();
    for (size_t i = 0; i < want; ++i) names_all[cands[i * cands.size() / want]].query = true;
  }

#ifdef TAMIS_HAVE_LIBPQ
  PGconn* pg = nullptr;
  if (!options.pg_conninfo.empty()) {
    pg = PQconnectdb(options.pg_conninfo.c_str());
    if (PQstatus(pg) != CONNECTION_OK) {
      std::fprintf(stderr, "loao: pg_trgm: cannot connect: %s", PQerrorMessage(pg));
      PQfinish(pg);
      pg = nullptr;
    }
  }
  auto exec = [&](const std::string& sql) {
    PGresult* r = PQexec(pg, sql.c_str());
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_COPY_IN) std::fprintf(stderr, "loao: pg: %s: %s", sql.c_str(), PQerrorMessage(pg));
    PQclear(r);
  };
  if (pg) {
    exec("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    exec("DROP TABLE IF EXISTS tamis_loao");
    exec("CREATE TABLE tamis_loao (entity int, src text, fold int, name text)");
    exec("COPY tamis_loao FROM STDIN");
    std::string buf;
    for (const DistinctName& d : names_all) {
      std::string clean = d.normalised;
      for (char& c : clean)
        if (c == '\t' || c == '\n' || c == '\\') c = ' ';
      buf += std::to_string(d.entity) + "\t" + entities[d.entity].source + "\t" + std::to_string(d.fold) + "\t" + clean + "\n";
    }
    PQputCopyData(pg, buf.data(), static_cast<int>(buf.size()));
    PQputCopyEnd(pg, nullptr);
    PQclear(PQgetResult(pg));
    exec("CREATE INDEX ON tamis_loao USING gin (name gin_trgm_ops)");
    exec("ANALYZE tamis_loao");
    PQclear(PQprepare(pg, "loao",
                      "SELECT entity FROM tamis_loao WHERE src = $1 AND fold <> $2::int AND name % $3 "
                      "ORDER BY similarity(name, $3) DESC, entity LIMIT 100",
                      3, nullptr));
  }
#else
  if (!options.pg_conninfo.empty()) std::fprintf(stderr, "loao: pg_trgm: tamis-eval built without libpq\n");
#endif

  std::vector<Engines> result(names_all.size());
  size_t done = 0, total = 0;
  for (const DistinctName& d : names_all) total += d.query;
  for (size_t f = 0; f < folds; ++f) {
    // The index without fold f's names (entities kept in order: index entity i = entities[i]).
    std::vector<Entity> kept(entities.size());
    for (uint32_t e = 0; e < entities.size(); ++e) {
      kept[e].id = entities[e].id;
      kept[e].source = entities[e].source;
      kept[e].kind = entities[e].kind;
      for (size_t k : entity_names[e]) {
        if (names_all[k].fold == f) continue;
        Name n;
        n.full = names_all[k].text;
        n.type = names_all[k].type == "original_script" ? NameType::kOriginalScript : NameType::kAka;
        kept[e].names.push_back(std::move(n));
      }
    }
    index::NameIndexOptions io;
    io.threads = static_cast<unsigned>(std::max(1, options.threads));
    const auto ix = index::NameIndex::Build(std::move(kept), io);
    std::vector<size_t> queries;
    for (size_t k = 0; k < names_all.size(); ++k) {
      const DistinctName& d = names_all[k];
      if (!d.query || d.fold != f) continue;
      size_t others = 0;
      for (size_t j : entity_names[d.entity]) others += names_all[j].fold != f;
      if (others > 0) queries.push_back(k);
    }
    // Tamis.
    for (size_t k : queries) {
      const DistinctName& d = names_all[k];
      const Entity& ent = entities[d.entity];
      names::PreparedName q = names::PrepareName(d.text, ent.kind);
      names::AttachWeights(&q, ix->token_stats());
      index::NameSearchParams p;
      p.explain = false;
      p.sources = {ent.source};
      p.threshold = 1e-4;
      p.limit = 10;
      const auto hits = ix->Search(q, {}, p);
      for (size_t i = 0; i < hits.size(); ++i)
        if (hits[i].entity == d.entity) {
          result[k].tamis = static_cast<int>(i);
          break;
        }
      index::NameSearchParams def;
      def.explain = false;
      def.sources = {ent.source};
      for (const auto& h : ix->Search(q, {}, def)) result[k].tamis_alert |= h.entity == d.entity;
    }
    // Jaro-Winkler, brute force over the list's names left in the index.
    std::vector<std::thread> pool;
    const int nt = options.jaro_winkler ? std::max(1, options.threads) : 0;
    for (int t = 0; t < nt; ++t) {
      pool.emplace_back([&, t] {
        std::unordered_map<uint32_t, double> best;
        for (size_t qi = static_cast<size_t>(t); qi < queries.size(); qi += static_cast<size_t>(nt)) {
          const DistinctName& d = names_all[queries[qi]];
          const std::string& src = entities[d.entity].source;
          best.clear();
          for (const DistinctName& c : names_all) {
            if (c.fold == f || entities[c.entity].source != src) continue;
            const double s = names::JaroWinkler(d.normalised, c.normalised);
            double& b = best[c.entity];
            b = std::max(b, s);
          }
          std::vector<std::pair<double, uint32_t>> v;
          v.reserve(best.size());
          for (const auto& [e, s] : best) v.push_back({s, e});
          result[queries[qi]].jw = RankOf(&v, d.entity);
        }
      });
    }
    for (auto& th : pool) th.join();
#ifdef TAMIS_HAVE_LIBPQ
    if (pg) {
      const std::string fold_text = std::to_string(f);
      for (size_t k : queries) {
        const DistinctName& d = names_all[k];
        const char* v[3] = {entities[d.entity].source.c_str(), fold_text.c_str(), d.normalised.c_str()};
        PGresult* r = PQexecPrepared(pg, "loao", 3, v, nullptr, nullptr, 0);
        std::vector<uint32_t> order;
        for (int i = 0; i < PQntuples(r); ++i) {
          const uint32_t e = static_cast<uint32_t>(std::strtoul(PQgetvalue(r, i, 0), nullptr, 10));
          if (std::find(order.begin(), order.end(), e) == order.end()) order.push_back(e);
        }
        PQclear(r);
        for (size_t i = 0; i < order.size() && i < 10; ++i)
          if (order[i] == d.entity) {
            result[k].pg = static_cast<int>(i);
            break;
          }
      }
    }
#endif
    done += queries.size();
    std::fprintf(stderr, "loao: fold %zu/%zu: %zu queries (%zu/%zu)\n", f + 1, folds, queries.size(), done, total);
  }
  bool with_pg = false;
#ifdef TAMIS_HAVE_LIBPQ
  with_pg = pg != nullptr;
  if (pg) {
    exec("DROP TABLE IF EXISTS tamis_loao");
    PQfinish(pg);
  }
#endif

  // Report.
  std::printf("\nleave-one-alias-out (%zu folds; each name a query against its entity's other names, within its list)\n",
              folds);
  std::printf("Tamis: default search, threshold ~0 for ranks; alert = found at >= %.2f. JW: Jaro-Winkler brute force. "
              "pg_trgm: name %% q (limit 0.3) by similarity%s.\n",
              names::kDefaultThreshold, with_pg ? "" : " (not run)");
  for (const std::string& src : sources) {
    std::map<std::string, Row> rows;
    size_t tested = 0;
    for (size_t k = 0; k < names_all.size(); ++k) {
      const DistinctName& d = names_all[k];
      if (!d.query || entities[d.entity].source != src) continue;
      size_t others = 0;
      for (size_t j : entity_names[d.entity]) others += names_all[j].fold != d.fold;
      if (others == 0) continue;
      ++tested;
      rows["all"].Add(result[k]);
      rows["type " + d.type].Add(result[k]);
      rows["script " + d.script].Add(result[k]);
    }
    std::printf("\n%s: %zu queries\n%-26s %6s | %7s %7s %7s | %7s %7s | %7s %7s\n", src.c_str(), tested, "", "n",
                "Tamis@1", "@10", "alert", "JW@1", "@10", "pg@1", "@10");
    auto pr = [&](const std::string& label, const Row& r) {
      auto f = [&](size_t x) { return r.n ? double(x) / double(r.n) : 0.0; };
      std::printf("%-26s %6zu | %7.4f %7.4f %7.4f | %7.4f %7.4f | ", label.c_str(), r.n, f(r.tamis1), f(r.tamis10),
                  f(r.alert), f(r.jw1), f(r.jw10));
      if (with_pg) std::printf("%7.4f %7.4f\n", f(r.pg1), f(r.pg10));
      else std::printf("%7s %7s\n", "-", "-");
    };
    pr("all", rows["all"]);
    for (const auto& [label, r] : rows)
      if (label != "all") pr(label, r);
    if (options.errors) {
      std::printf("misses (Tamis not in top 10):\n");
      for (size_t k = 0; k < names_all.size(); ++k) {
        const DistinctName& d = names_all[k];
        if (!d.query || entities[d.entity].source != src || result[k].tamis >= 0) continue;
        size_t others = 0;
        for (size_t j : entity_names[d.entity]) others += names_all[j].fold != d.fold;
        if (others == 0) continue;
        std::printf("  %s [%s] (%s)\n", entities[d.entity].id.c_str(), d.text.c_str(), d.type.c_str());
      }
    }
  }
  return true;
}

}  // namespace tamis::eval
