#include "tools/eval/foreign_script.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/entity.h"
#include "core/names/prepared_name.h"
#include "core/names/token_stats.h"
#include "core/text/normalise.h"
#include "core/text/transliterate.h"
#include "formats/lists/importers.h"
#include "index/names/name_index.h"

namespace tamis::eval {
namespace {

namespace fs = std::filesystem;

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
bool IsVoiced(char c) { return IsVowel(c) || std::strchr("bdglmnrvwy", c) != nullptr; }

std::string SpellWord(std::string_view w, bool jim) {
  std::string out;
  const size_t n = w.size();
  auto at = [&](size_t k) { return k < n ? w[k] : '\0'; };
  size_t i = 0;
  while (i < n) {
    const char c = w[i], nx = at(i + 1), nx2 = at(i + 2);
    if (c >= '0' && c <= '9') {
      ++i;
      continue;
    }
    if (i > 0 && c == w[i - 1] && !IsVowel(c)) {  // doubled consonant: once
      ++i;
      continue;
    }
    const bool y_vowel = c == 'y' && i > 0 && !IsVowel(nx);
    if (IsVowel(c) || y_vowel) {
      const std::string g(w.substr(i, 2));
      size_t len = 1;
      const char* s;
      if (g == "ou" || g == "oo" || g == "au" || g == "aw") s = "و", len = 2;
      else if (g == "ee" || g == "ea" || g == "ie") s = "ي", len = 2;
      else if (g == "ai" || g == "ay" || g == "ei" || g == "ey") s = "اي", len = 2;
      else if (c == 'a') s = "ا";
      else if (c == 'o' || c == 'u') s = "و";
      else s = "ي";
      // An e followed by consonants only to the word's end (one or two) is unstressed: unwritten.
      bool e_unwritten = false;
      if (len == 1 && c == 'e' && i > 0) {
        size_t k = i + 1;
        while (k < n && !IsVowel(w[k]) && w[k] != 'y') ++k;
        e_unwritten = k == n && (n - i - 1) <= 2 && n > 3;
      }
      if (i == 0) {  // a word-initial vowel is written on an alef
        const std::string_view v(s);
        s = v == "و" ? "أو" : (v == "ي" ? "إي" : (v == "اي" ? "اي" : "ا"));
      } else if (e_unwritten) {
        s = "";
      }
      out += s;
      i += len;
      continue;
    }
    const char* s = "";
    size_t len = 1;
    if (c == 't' && nx == 'c' && nx2 == 'h') s = "تش", len = 3;
    else if (c == 's' && nx == 'c' && nx2 == 'h') s = "ش", len = 3;
    else if (c == 'c' && nx == 'h') s = "تش", len = 2;
    else if (c == 's' && nx == 'h') s = "ش", len = 2;
    else if (c == 't' && nx == 'h') s = "ث", len = 2;
    else if (c == 'p' && nx == 'h') s = "ف", len = 2;
    else if (c == 'k' && nx == 'h') s = "خ", len = 2;
    else if (c == 'g' && nx == 'h') s = (i == 0 || IsVowel(nx2)) ? "غ" : "", len = 2;
    else if (c == 'd' && nx == 'j') s = "ج", len = 2;
    else if (c == 'z' && nx == 'h') s = "ج", len = 2;
    else if (c == 'c' && nx == 'k') s = "ك", len = 2;
    else if (c == 'c') s = (nx == 'e' || nx == 'i' || nx == 'y') ? "س" : "ك";
    else if (c == 'g') s = (nx == 'e' || nx == 'i' || nx == 'y' || jim) ? "ج" : "غ";
    else if (c == 's') s = (i + 1 == n && i > 0 && IsVoiced(w[i - 1])) ? "ز" : "س";
    else if (c == 'h') s = (i + 1 == n || (i > 0 && IsVowel(w[i - 1]) && !IsVowel(nx))) ? "" : "ه";
    else if (c == 'x') s = "كس";
    else {
      switch (c) {
        case 'b': case 'p': s = "ب"; break;
        case 'd': s = "د"; break;
        case 'f': case 'v': s = "ف"; break;
        case 'j': s = "ج"; break;
        case 'k': case 'q': s = "ك"; break;
        case 'l': s = "ل"; break;
        case 'm': s = "م"; break;
        case 'n': s = "ن"; break;
        case 'r': s = "ر"; break;
        case 't': s = "ت"; break;
        case 'w': s = "و"; break;
        case 'y': s = "ي"; break;
        case 'z': s = "ز"; break;
        default: s = "";
      }
    }
    out += s;
    i += len;
  }
  return out;
}

// Region of a person's first nationality (or citizenship), by ISO 3166-1 alpha-2 code.
std::string RegionOf(const Entity& e) {
  const std::string c = !e.nationalities.empty() ? e.nationalities[0] : (!e.citizenships.empty() ? e.citizenships[0] : "");
  if (c.size() != 2) return "";
  auto in = [&](const char* list) {
    for (const char* p = list; *p; p += 3)
      if (p[0] == c[0] && p[1] == c[1]) return true;
    return false;
  };
  if (in("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH")) return "Arabic-speaking";
  if (in("AF IR PK")) return "Iran/Afghanistan/Pakistan";
  if (in("AD AL AM AT AZ BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL "
         "NO PL PT RO RS RU SE SI SK SM UA VA XK"))
    return "Europe";
  if (in("AR BB BO BR BS BZ CA CL CO CR CU DM DO EC GT GY HN HT JM MX NI PA PE PY SR SV TT US UY VE AU NZ FJ PG"))
    return "Americas/Oceania";
  if (in("AO BF BI BJ BW CD CF CG CI CM CV ER ET GA GH GM GN GQ GW KE LR LS MG ML MW MZ NA NE NG RW SC SL SN SS ST SZ "
         "TD TG TZ UG ZA ZM ZW"))
    return "Sub-Saharan Africa";
  return "Asia/other";
}

uint64_t Fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ULL;
  return h;
}

struct Query {
  std::string set, group, text, latin;  // latin: the name it was transcribed from ("" for real names)
  uint32_t entity = 0;
};

struct Counts {
  size_t n = 0, top1 = 0, top3 = 0, alert = 0;
};

}  // namespace

std::string ArabicPressSpelling(const std::string& latin, bool hard_g_jim) {
  const std::string norm = text::Normalise(latin);
  std::string out;
  size_t b = 0;
  while (b < norm.size()) {
    size_t e = norm.find(' ', b);
    if (e == std::string::npos) e = norm.size();
    const std::string w = SpellWord(std::string_view(norm).substr(b, e - b), hard_g_jim);
    if (!w.empty()) {
      if (!out.empty()) out.push_back(' ');
      out += w;
    }
    b = e + 1;
  }
  return out;
}

bool RunForeignScript(const std::string& dir, const ForeignScriptOptions& options) {
  const std::vector<std::vector<fs::path>> sets = {
      {fs::path(dir) / "lists/un/UN_consolidated.xml"},
      {fs::path(dir) / "lists/ofac/2024-05/sdn.csv", fs::path(dir) / "lists/ofac/2025-01/alt.csv",
       fs::path(dir) / "lists/ofac/2025-01/add.csv", fs::path(dir) / "lists/ofac/2025-01/sdn_comments.csv"},
      {fs::path(dir) / "lists/eu/sample_eu_fsf.xml"},
  };
  std::vector<Entity> entities;
  for (const auto& files : sets) {
    std::vector<fs::path> present;
    for (const auto& p : files)
      if (fs::exists(p)) present.push_back(p);
    if (present.empty()) continue;
    auto parsed = LoadListFiles(present, "", ImportOptions{});
    if (!parsed.ok()) {
      std::fprintf(stderr, "foreign-script: %s\n", parsed.status().ToString().c_str());
      continue;
    }
    for (Entity& e : parsed->entities) entities.push_back(std::move(e));
  }
  if (entities.empty()) {
    std::fprintf(stderr, "foreign-script: no list found under %s/lists\n", dir.c_str());
    return false;
  }
  std::vector<Query> queries;
  std::map<std::string, std::vector<Query>> transcribed;  // group -> candidates (sampled below)
  for (uint32_t e = 0; e < entities.size(); ++e) {
    const Entity& ent = entities[e];
    if (ent.kind != EntityKind::kPerson) continue;
    const std::string region = RegionOf(ent);
    bool first_latin = true;
    for (const Name& n : ent.names) {
      if (text::HasArabicLetter(n.full)) {
        queries.push_back({"real", region.empty() ? "nationality unknown" : region, n.full, "", e});
        continue;
      }
      if (!first_latin || n.type == NameType::kOriginalScript || region.empty() || region == "Iran/Afghanistan/Pakistan")
        continue;
      first_latin = false;
      if (!text::IsAscii(text::LatinToAscii(n.full)) || text::Normalise(text::LatinToAscii(n.full)).empty()) continue;
      const bool jim = (Fnv(ent.id) & 1) != 0;  // half the names with the Egyptian hard-g ج
      const std::string ar = ArabicPressSpelling(n.full, jim);
      if (ar.empty()) continue;
      transcribed[region == "Arabic-speaking" ? "Arabic-speaking (control)" : region].push_back(
          {"transcribed", region == "Arabic-speaking" ? "Arabic-speaking (control)" : region, ar, n.full, e});
    }
  }
  for (auto& [group, qs] : transcribed) {
    std::sort(qs.begin(), qs.end(), [&](const Query& a, const Query& b) {
      return Fnv(entities[a.entity].id) < Fnv(entities[b.entity].id);
    });
    if (options.max_per_group && qs.size() > options.max_per_group) qs.resize(options.max_per_group);
    for (Query& q : qs) queries.push_back(std::move(q));
  }
  // The index: every list's Latin names only (the Arabic-script ones are the queries).
  std::vector<Entity> latin = entities;
  for (Entity& e : latin)
    std::erase_if(e.names, [](const Name& n) { return n.type == NameType::kOriginalScript || text::HasArabicLetter(n.full); });
  const auto ix = index::NameIndex::Build(std::move(latin), index::NameIndexOptions{});

  std::map<std::pair<std::string, std::string>, std::pair<Counts, Counts>> table;  // (set, group) -> before, after
  for (const Query& q : queries) {
    const Entity& ent = entities[q.entity];
    int rank[2] = {-1, -1};
    bool alert[2] = {false, false};
    for (int after = 0; after < 2; ++after) {
      names::PrepareOptions po;
      po.readings = after == 1;
      const names::PreparedName p = names::PrepareName(q.text, ent.kind, po);
      index::NameSearchParams sp;
      sp.explain = false;
      sp.sources = {ent.source};
      sp.threshold = 1e-4;
      sp.limit = 10;
      const auto hits = ix->Search(p, {}, sp);
      for (size_t i = 0; i < hits.size(); ++i)
        if (ix->entity(hits[i].entity).id == ent.id) {
          rank[after] = static_cast<int>(i);
          break;
        }
      index::NameSearchParams def;
      def.explain = false;
      def.sources = {ent.source};
      for (const auto& h : ix->Search(p, {}, def)) alert[after] |= ix->entity(h.entity).id == ent.id;
    }
    auto& [before, after] = table[{q.set, q.group}];
    Counts* c[2] = {&before, &after};
    for (int k = 0; k < 2; ++k) {
      ++c[k]->n;
      c[k]->top1 += rank[k] == 0;
      c[k]->top3 += rank[k] >= 0 && rank[k] < 3;
      c[k]->alert += alert[k];
    }
    if (options.errors && (rank[0] == 0) != (rank[1] == 0))
      std::printf("%s %-28s %s -> %s: rank %d -> %d  %s (%s)\n", rank[1] == 0 ? "GAIN" : "LOSS", q.group.c_str(),
                  q.latin.empty() ? ent.names[0].full.c_str() : q.latin.c_str(), q.text.c_str(), rank[0], rank[1],
                  ent.id.c_str(), names::PrepareName(q.text, ent.kind).Normalised().c_str());
  }
  std::printf("Arabic-script person names against the Latin names of UN + OFAC + EU (%zu entities), ranked within "
              "the entity's list; before = readings off, after = readings on (names::PreparedName::readings)\n\n",
              ix->entity_count());
  std::printf("| set | origin (nationality) | n | top-1 before | top-1 after | top-3 before | top-3 after | found at "
              "0.70 before | after |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& [key, ba] : table) {
    const auto& [b, a] = ba;
    auto r = [](size_t x, size_t n) { return n ? static_cast<double>(x) / n : 0.0; };
    std::printf("| %s | %s | %zu | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |\n", key.first.c_str(), key.second.c_str(),
                b.n, r(b.top1, b.n), r(a.top1, a.n), r(b.top3, b.n), r(a.top3, a.n), r(b.alert, b.n), r(a.alert, a.n));
  }
  return true;
}

}  // namespace tamis::eval
