#include "tools/eval/eval_lib.h"

#include <cstring>
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
  const auto list = LoadListNames(dir);
  for (const auto& l : list) b.Add(names::PrepareName(l.name, l.kind));
  if (counted) *counted = list.size();
  return b.Build();
}

namespace {

// Text of every <tag>...</tag> inside `block`, XML entities for & < > " ' decoded.
std::vector<std::string> TagTexts(std::string_view block, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  for (size_t p = block.find(open); p != std::string_view::npos; p = block.find(open, p + 1)) {
    const size_t b = p + open.size(), e = block.find(close, b);
    if (e == std::string_view::npos) break;
    std::string t(block.substr(b, e - b));
    for (auto [ent, ch] : {std::pair<const char*, const char*>{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                           {"&quot;", "\""}, {"&apos;", "'"}}) {
      for (size_t q = t.find(ent); q != std::string::npos; q = t.find(ent, q + 1)) t.replace(q, std::strlen(ent), ch);
    }
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::vector<ListName> LoadListNames(const std::string& dir) {
  std::vector<ListName> out;
  if (auto lines = ReadLines(dir + "/lists/ofac/2024-05/sdn.csv"); lines.ok())
    for (const auto& line : *lines) {
      auto f = SplitCsvLine(line);
      if (f.size() < 3) continue;
      out.push_back({f[1], f[2] == "individual" ? names::NameKind::kPerson : names::NameKind::kOrganisation});
    }
  if (auto lines = ReadLines(dir + "/lists/ofac/2025-01/alt.csv"); lines.ok())
    for (const auto& line : *lines) {
      auto f = SplitCsvLine(line);
      if (f.size() >= 4 && f[3] != "-0- " && !f[3].empty()) out.push_back({f[3], names::NameKind::kUnknown});
    }
  std::ifstream in(dir + "/lists/un/UN_consolidated.xml", std::ios::binary);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string xml = ss.str();
    for (const char* kind : {"INDIVIDUAL", "ENTITY"}) {
      const bool person = std::strcmp(kind, "INDIVIDUAL") == 0;
      const std::string open = std::string("<") + kind + ">", close = std::string("</") + kind + ">";
      for (size_t p = xml.find(open); p != std::string::npos; p = xml.find(open, p + 1)) {
        const size_t e = xml.find(close, p);
        if (e == std::string::npos) break;
        const std::string_view block(xml.data() + p, e - p);
        const names::NameKind k = person ? names::NameKind::kPerson : names::NameKind::kOrganisation;
        std::string full;
        for (const char* tag : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"})
          for (const auto& t : TagTexts(block, tag)) full += (full.empty() ? "" : " ") + t;
        if (!full.empty()) out.push_back({full, k});
        for (const char* tag : {"ALIAS_NAME", "NAME_ORIGINAL_SCRIPT"})
          for (auto& t : TagTexts(block, tag)) out.push_back({std::move(t), k});
      }
    }
  }
  return out;
}

Result<std::vector<std::string>> LoadFirstColumn(const std::string& path) {
  TAMIS_ASSIGN_OR_RETURN(auto lines, ReadLines(path));
  std::vector<std::string> out;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto f = SplitCsvLine(lines[i]);
    if (!f.empty() && !f[0].empty()) out.push_back(f[0]);
  }
  return out;
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
