#include "tools/eval/eval_lib.h"

#include <fstream>
#include <sstream>

namespace tamis::eval {
namespace {

Result<std::vector<std::string>> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"' && cur.empty()) {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

Result<std::vector<Case>> LoadCases(const std::string& path) {
  TAMIS_ASSIGN_OR_RETURN(auto lines, ReadLines(path));
  std::vector<Case> cases;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    auto f = SplitCsvLine(lines[i]);
    if (f.size() < 5) return ParseError(path + " line " + std::to_string(i + 1) + ": fewer than 5 fields");
    cases.push_back(Case{f[0], f[1], f[2], f[3], f[4] == "true"});
  }
  return cases;
}

Result<std::vector<CrossScriptPair>> LoadCrossScript(const std::string& path) {
  TAMIS_ASSIGN_OR_RETURN(auto lines, ReadLines(path));
  std::vector<CrossScriptPair> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i][0] == '#') continue;
    auto f = SplitCsvLine(lines[i]);
    if (f.size() < 3) return ParseError(path + " line " + std::to_string(i + 1) + ": fewer than 3 fields");
    out.push_back(CrossScriptPair{f[0], f[1], f.size() > 3 ? f[3] : "", std::stod(f[2])});
  }
  return out;
}

Result<Confusion> LoadLogicV2(const std::string& path) {
  TAMIS_ASSIGN_OR_RETURN(auto lines, ReadLines(path));
  Confusion c;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto f = SplitCsvLine(lines[i]);
    if (f.empty()) continue;
    const std::string& o = f.back();
    if (o == "TP") ++c.tp;
    else if (o == "FP") ++c.fp;
    else if (o == "FN") ++c.fn;
    else if (o == "TN") ++c.tn;
  }
  return c;
}

names::TokenStats BuildListStats(const std::string& dir, size_t* counted) {
  names::TokenStatsBuilder b;
  size_t n = 0;
  auto add_file = [&](const std::string& path, size_t name_col, size_t type_col) {
    auto lines = ReadLines(path);
    if (!lines.ok()) return;
    for (const auto& line : *lines) {
      auto f = SplitCsvLine(line);
      if (f.size() <= name_col) continue;
      names::NameKind kind = names::NameKind::kUnknown;
      if (type_col < f.size()) kind = f[type_col] == "individual" ? names::NameKind::kPerson : names::NameKind::kOrganisation;
      b.Add(names::PrepareName(f[name_col], kind));
      ++n;
    }
  };
  add_file(dir + "/lists/ofac/2024-05/sdn.csv", 1, 2);
  add_file(dir + "/lists/ofac/2025-01/alt.csv", 3, 99);
  if (counted) *counted = n;
  return b.Build();
}

names::NameKind KindOfSchema(const std::string& schema) {
  if (schema == "Person") return names::NameKind::kPerson;
  if (schema == "Company" || schema == "Organization") return names::NameKind::kOrganisation;
  if (schema == "Vessel") return names::NameKind::kVessel;
  return names::NameKind::kUnknown;
}

Confusion Confuse(const std::vector<double>& scores, const std::vector<Case>& cases, double threshold) {
  Confusion c;
  for (size_t i = 0; i < cases.size(); ++i) {
    const bool pred = scores[i] >= threshold - 1e-9;
    if (pred && cases[i].is_match) ++c.tp;
    else if (pred) ++c.fp;
    else if (cases[i].is_match) ++c.fn;
    else ++c.tn;
  }
  return c;
}

}  // namespace tamis::eval
