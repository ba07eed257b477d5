// tamis-eval checks beyond cases.csv: false alerts on synthetic non-listed people, and recall of
// list names against their own other spellings. Brute force over every pair (no index), so the
// numbers measure the scorer alone. File I/O and threads live here (tools layer).
#pragma once

#include <string>
#include <vector>

#include "core/entity.h"
#include "core/names/scorer.h"
#include "tools/eval/eval_lib.h"

namespace tamis::eval {

// A prepared list name with the index of its entity (-1 = none known).
struct PreparedListName {
  std::string raw;
  names::PreparedName prepared;
  int entity = -1;
};

// Prepares `list` with weights from `stats` attached.
std::vector<PreparedListName> PrepareList(const std::vector<ListName>& list, const names::TokenStats& stats);

// For each query, the best score over `list` and the index of that list name (brute force, on
// `threads` threads). Queries are prepared as `kind`.
struct Best {
  double score = 0;
  int index = -1;
};
std::vector<Best> BestMatches(const std::vector<std::string>& queries, names::NameKind kind,
                              const std::vector<PreparedListName>& list, const names::TokenStats& stats,
                              int threads);

// The UN list parsed with the project importer (formats/lists ParseUnXml). Empty on error
// (message printed to stderr).
std::vector<Entity> LoadUnEntities(const std::string& shared_data_dir);

// Original-script check: every NAME_ORIGINAL_SCRIPT name of a UN entity scored against the
// Latin names of the same entity; passes when the best reaches `threshold`. Prints the fraction
// for persons and organisations (and the failures when `errors`). Returns the person fraction.
double OriginalScriptCheck(const std::vector<Entity>& un, const names::TokenStats& stats, double threshold,
                           bool errors);

// yente's UN queries: positives_un_untreated.csv row i names a UN entity (its best UN match);
// the noisy positives_un_treated.csv row i must reach `threshold` against a name of that
// entity. Prints recall of untreated and treated queries (and the misses when `errors`).
void UnTreatedCheck(const std::string& shared_data_dir, const std::vector<Entity>& un,
                    const names::TokenStats& stats, double threshold, bool errors, int threads);

// False alerts: the first `n` rows of negatives_global.csv (all if n >= its size) against every
// OFAC + UN list name; prints the share of negatives with a list name at or above each
// threshold of a grid, and the alerting pairs at `threshold` when `errors`.
void NegativesCheck(const std::string& shared_data_dir, size_t n, const std::vector<PreparedListName>& list,
                    const names::TokenStats& stats, double threshold, bool errors, int threads);

}  // namespace tamis::eval
