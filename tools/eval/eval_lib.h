// tamis-eval library: loads the labelled name benchmarks and measures the scorer on them.
// File I/O lives here (tools layer), never in src/core.
#pragma once

#include <string>
#include <vector>

#include "core/names/scorer.h"
#include "core/status.h"

namespace tamis::eval {

struct Case {
  std::string group, schema, name1, name2;
  bool is_match = false;
};

struct CrossScriptPair {
  std::string query, expected, description;
  double min_score = 0;
};

struct Confusion {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  double Precision() const { return tp + fp ? double(tp) / (tp + fp) : 0; }
  double Recall() const { return tp + fn ? double(tp) / (tp + fn) : 0; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

// Splits one CSV record (RFC 4180 quoting). Handles quoted commas and doubled quotes.
std::vector<std::string> SplitCsvLine(const std::string& line);

// cases.csv (header: case_group,schema,name1,name2,is_match,...). Error: kNotFound / kParseError.
Result<std::vector<Case>> LoadCases(const std::string& path);
// cross_script_pairs.csv (no header, '#' comments).
Result<std::vector<CrossScriptPair>> LoadCrossScript(const std::string& path);
// logicv2-frozen.csv -> its confusion matrix from the `outcome` column.
Result<Confusion> LoadLogicV2(const std::string& path);

// Token statistics over the list names of LoadListNames() (OFAC SDN, OFAC aliases, UN), as an
// index over those lists would build them. Missing files give empty stats.
names::TokenStats BuildListStats(const std::string& shared_data_dir, size_t* names_counted);

// A list name with its kind, for brute-force checks.
struct ListName {
  std::string name;
  names::NameKind kind = names::NameKind::kUnknown;
};

// OFAC SDN primary names (lists/ofac/2024-05/sdn.csv), OFAC aliases (lists/ofac/2025-01/alt.csv)
// and UN names (lists/un/UN_consolidated.xml: individuals' FIRST..FOURTH_NAME joined, entities'
// FIRST_NAME, ALIAS_NAME, NAME_ORIGINAL_SCRIPT; a minimal tag scan, enough for names).
// Missing files are skipped.
std::vector<ListName> LoadListNames(const std::string& shared_data_dir);

// negatives_global.csv-style files: the full_name column (first), header skipped.
Result<std::vector<std::string>> LoadFirstColumn(const std::string& path);

// Maps a FollowTheMoney schema ("Person", "Company", "LegalEntity", ...) to a NameKind.
names::NameKind KindOfSchema(const std::string& schema);

Confusion Confuse(const std::vector<double>& scores, const std::vector<Case>& cases, double threshold);

}  // namespace tamis::eval
