// Writes a synthetic watchlist (tamis_csv format) of N entities built from real name parts:
// given and family names of the persons, and words of the organisation names, in the UN and
// OFAC lists of ../shared/data. Used to measure import (and screening) at scale.
//
//   synth_watchlist --shared ../shared/data --count 1000000 --out /tmp/synth-1m.csv [--seed 1]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/strings.h"
#include "formats/lists/importers.h"

namespace {

struct Parts {
  std::vector<std::string> given, family, org_words;
  std::vector<std::string> countries;
};

void Collect(const tamis::ParsedList& list, Parts* p, std::set<std::string>* seen) {
  for (const auto& e : list.entities) {
    for (const auto& c : e.nationalities) p->countries.push_back(c);
    for (const auto& n : e.names) {
      if (n.type == tamis::NameType::kOriginalScript) continue;
      if (e.kind == tamis::EntityKind::kPerson) {
        for (const auto& part : n.parts) {
          auto& dst = part.role == tamis::NamePartRole::kFamily ? p->family : p->given;
          std::string v = tamis::CollapseSpaces(part.value);
          if (!v.empty() && v.find(',') == std::string::npos && seen->insert(v).second) dst.push_back(v);
        }
      } else if (e.kind == tamis::EntityKind::kOrganisation) {
        for (auto w : tamis::Split(n.full, ' ')) {
          std::string v(tamis::Trim(w));
          if (v.size() > 2 && v.find_first_of(",\"") == std::string::npos && seen->insert("o" + v).second)
            p->org_words.push_back(v);
        }
      }
    }
  }
}

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = "../shared/data", out_path;
  long count = 1000000;
  unsigned seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--shared") shared = argv[i + 1];
    else if (a == "--count") count = std::stol(argv[i + 1]);
    else if (a == "--out") out_path = argv[i + 1];
    else if (a == "--seed") seed = static_cast<unsigned>(std::stoul(argv[i + 1]));
  }
  if (out_path.empty() || count <= 0) {
    std::cerr << "usage: synth_watchlist --shared DIR --count N --out FILE [--seed S]\n";
    return 2;
  }
  Parts parts;
  std::set<std::string> seen;
  tamis::ImportOptions opts;
  for (auto files : std::vector<std::vector<std::filesystem::path>>{
           {shared + "/lists/un/UN_consolidated.xml"},
           {shared + "/lists/ofac/2024-05/sdn.csv", shared + "/lists/ofac/2025-01/alt.csv"}}) {
    auto l = tamis::LoadListFiles(files, "", opts);
    if (!l.ok()) {
      std::cerr << "synth_watchlist: " << l.status().ToString() << "\n";
      return 3;
    }
    Collect(*l, &parts, &seen);
  }
  if (parts.given.empty() || parts.family.empty() || parts.org_words.empty() || parts.countries.empty()) {
    std::cerr << "synth_watchlist: no name parts found\n";
    return 3;
  }
  std::ofstream out(out_path, std::ios::binary);
  out << "id,name,kind,aliases,dob,nationality,gender,id_number,program\n";
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& { return v[rng() % v.size()]; };
  static const char* kForms[] = {"LLC", "LTD", "CO", "SARL", "TRADING", "GROUP", "FOUNDATION"};
  long names = 0;
  for (long i = 0; i < count; ++i) {
    bool person = rng() % 5 != 0;
    std::string name, aliases;
    int n_alias = static_cast<int>(rng() % 4);
    if (person) {
      name = pick(parts.given) + " " + (rng() % 2 ? pick(parts.given) + " " : "") + pick(parts.family);
      for (int a = 0; a < n_alias; ++a)
        aliases += (a ? "|" : "") + pick(parts.given) + " " + pick(parts.family);
    } else {
      name = pick(parts.org_words) + " " + pick(parts.org_words) + " " + kForms[rng() % 7];
      for (int a = 0; a < n_alias; ++a) aliases += (a ? "|" : "") + pick(parts.org_words) + " " + kForms[rng() % 7];
    }
    names += 1 + n_alias;
    char dob[16] = "";
    if (person) std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", 1940 + static_cast<int>(rng() % 60),
                              1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
    out << "S" << i << "," << Csv(name) << "," << (person ? "person" : "organisation") << "," << Csv(aliases)
        << "," << dob << "," << pick(parts.countries) << "," << (person ? (rng() % 2 ? "male" : "female") : "")
        << "," << (person && rng() % 3 == 0 ? "P" + std::to_string(rng() % 100000000) : "") << ",SYNTH\n";
  }
  std::cerr << "synth_watchlist: " << count << " entities, " << names << " names (" << parts.given.size()
            << " given, " << parts.family.size() << " family, " << parts.org_words.size()
            << " organisation words) -> " << out_path << "\n";
  return 0;
}
