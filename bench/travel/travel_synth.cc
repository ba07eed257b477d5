#include "bench/travel/travel_synth.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "core/country.h"
#include "core/strings.h"
#include "core/text/transliterate.h"

namespace tamis::bench {
namespace {

// ASCII upper case, runs of anything else but letters and spaces dropped.
std::string MrzForm(const std::string& utf8) {
  std::string a = text::FoldToAscii(utf8), out;
  for (char c : a) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || c == ' ' || c == '-') out.push_back(c == '-' ? ' ' : c);
  }
  return CollapseSpaces(out);
}

std::string Escape(const std::string& s) {  // EDIFACT release character before + : ' ?
  std::string o;
  for (char c : s) {
    if (c == '+' || c == ':' || c == '\'' || c == '?') o.push_back('?');
    o.push_back(c);
  }
  return o;
}

}  // namespace

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> f(1);
  bool q = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (q) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') f.back() += '"', ++i;
      else if (c == '"') q = false;
      else f.back() += c;
    } else if (c == '"') {
      q = true;
    } else if (c == ',') {
      f.emplace_back();
    } else if (c != '\r') {
      f.back() += c;
    }
  }
  return f;
}

std::vector<NamePool> ReadNamePools(const std::filesystem::path& csv) {
  std::ifstream in(csv);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", csv.string().c_str());
    std::exit(1);
  }
  std::string line;
  std::getline(in, line);  // header: full_name, first_name, middle_name, last_name, gender, dob, place, nationality
  std::map<std::string, NamePool> pools;
  while (std::getline(in, line)) {
    auto f = SplitCsvLine(line);
    if (f.size() < 8) continue;
    auto cc = CountryCode(f[7]);
    if (!cc) continue;
    NamePool& p = pools[*cc];
    p.nationality = *cc;
    ++p.people;
    const std::string first = MrzForm(f[1]), middle = MrzForm(f[2]), last = MrzForm(f[3]);
    if (!first.empty()) (f[4] == "female" ? p.female : p.male).push_back(first);
    if (!middle.empty()) p.middle.push_back(middle), ++p.with_middle;
    if (!last.empty()) p.family.push_back(last);
  }
  std::vector<NamePool> out;
  for (auto& [cc, p] : pools)
    if (!p.family.empty() && (!p.male.empty() || !p.female.empty())) out.push_back(std::move(p));
  return out;
}

std::vector<SynthTraveller> DrawInnocents(const std::vector<NamePool>& pools, size_t n, std::mt19937_64& rng) {
  std::vector<double> w;
  for (const auto& p : pools) w.push_back(p.people);
  std::discrete_distribution<size_t> pick_pool(w.begin(), w.end());
  std::uniform_int_distribution<int> year(1940, 2008), month(1, 12), day(1, 28), digit(0, 9), letter(0, 25);
  auto any = [&](const std::vector<std::string>& v) { return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)]; };
  std::vector<SynthTraveller> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const NamePool& p = pools[pick_pool(rng)];
    SynthTraveller t;
    const bool female = p.male.empty() || (!p.female.empty() && (rng() & 1));
    t.sex = female ? 'F' : 'M';
    t.given.push_back(any(female ? p.female : p.male));
    if (!p.middle.empty() && std::uniform_int_distribution<int>(0, p.people - 1)(rng) < p.with_middle)
      t.given.push_back(any(p.middle));
    t.surname = any(p.family);
    t.dob = {year(rng), month(rng), day(rng)};
    t.nationality = p.nationality;
    t.issuer = p.nationality;
    t.passport.push_back(static_cast<char>('A' + letter(rng)));
    for (int k = 0; k < 8; ++k) t.passport.push_back(static_cast<char>('0' + digit(rng)));
    t.label = p.nationality;
    out.push_back(std::move(t));
  }
  return out;
}

std::string PaxlstInterchange(const std::string& flight, int day, const std::vector<SynthTraveller>& ts) {
  char date[16];
  std::snprintf(date, sizeof date, "2612%02d", day % 28 + 1);
  std::string body = "BGM+745'TDT+20+" + flight + "+++TK'LOC+125+IST'DTM+189:" + date + "1000:201'LOC+87+FRA'DTM+232:" +
                     date + "1300:201'";
  int segs = 6;  // BGM TDT LOC DTM LOC DTM
  char buf[64];
  for (const auto& t : ts) {
    std::string given;
    for (const auto& g : t.given) given += ":" + Escape(g);
    body += "NAD+FL+++" + Escape(t.surname) + given + "'ATT+2++" + std::string(1, t.sex) + "'";
    std::snprintf(buf, sizeof buf, "DTM+329:%02d%02d%02d'", t.dob.year % 100, t.dob.month, t.dob.day);
    body += buf;
    segs += 3;
    if (!t.nationality.empty()) body += "NAT+2+" + t.nationality + "'", ++segs;
    if (!t.passport.empty()) {
      body += "DOC+P:110:111+" + Escape(t.passport) + "'DTM+36:301231'LOC+91+" + t.issuer + "'";
      segs += 3;
    }
  }
  body += "CNT+42:" + std::to_string(ts.size()) + "'";
  segs += 2;  // CNT, UNT
  ++segs;     // UNH
  return "UNA:+.? 'UNB+UNOA:4+SYNTH+PIU+" + std::string(date) + ":0900+1'UNH+1+PAXLST:D:05B:UN:IATA'" + body + "UNT+" +
         std::to_string(segs) + "+1'UNZ+1+1'";
}

}  // namespace tamis::bench
