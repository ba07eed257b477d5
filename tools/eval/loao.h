// Leave-one-alias-out generalisation harness (tamis-eval --loao): how well a name is found
// through the *other* names its entity is listed under, i.e. on spellings the engine has not
// seen, for Tamis and two baselines in the same run.
//
// Method. The UN, OFAC and EU lists of the shared data are imported with the project importers.
// Within an entity, names equal after text::Normalise are one name. Each entity's distinct names
// are spread over `folds` folds (name k of entity e in fold (k + hash(e.id)) mod folds), so that
// an entity has at most one name per fold while it has at most `folds` names. For each fold, the
// names of that fold are removed from every entity and an index is built over the rest; each
// removed name of an entity that keeps at least one other name is a query, searched within its
// own list (another list's record of the same person does not count), and must find its entity.
// Removing a fold also removes a name from some other entities (about 1 in `folds` of them):
// slightly fewer distractors than a strict one-name-out, the same for every engine.
//
// Engines, on the same folds and queries:
// - Tamis: NameIndex::Search with default parameters but threshold ~0 (ranks; the alert column
//   counts the expected entity at >= the default threshold 0.70 in a default search);
// - Jaro-Winkler: names::JaroWinkler of the normalised texts, brute force over the list's names,
//   entities ranked by their best name;
// - PostgreSQL pg_trgm (when a connection string is given and tamis-eval was built with libpq):
//   one table of the same names with a GIN trigram index, `name % q` (pg_trgm's default
//   similarity limit 0.3) ordered by similarity, the fold's names excluded by a column.
// Reported per list: recall@1 and recall@10, by name type (primary, aka, fka, weak/low quality,
// original script) and by script (ISO 15924 of lists::DetectScript; "Latn" for Latin).
#pragma once

#include <cstddef>
#include <string>

namespace tamis::eval {

struct LoaoOptions {
  size_t folds = 16;              // folds (>= 2)
  size_t max_queries_per_list = 4000;  // queries per list at most (evenly spread); 0 = all
  std::string pg_conninfo;        // "" = no pg_trgm baseline
  int threads = 2;                // threads for the Jaro-Winkler brute force
  bool errors = false;            // list Tamis's misses at rank 10
  bool jaro_winkler = true;       // false: no Jaro-Winkler brute force (its columns read 0), for quick reruns of Tamis
};

// Runs the harness on shared_data_dir/lists and prints the tables to stdout (progress on
// stderr). Returns false when no list could be loaded.
bool RunLeaveOneAliasOut(const std::string& shared_data_dir, const LoaoOptions& options);

}  // namespace tamis::eval
