// Name screening use cases: build the name index from the store's current list versions, screen
// one record or a stream of records (CSV / JSON Lines) on all cores, write one JSON line per record.
//
// Output line per record (docs/formats.md):
//   {"id":"c1","hits":[{"entity_id":"un:QDi.006","list":"un","matched_name":"Usama bin Ladin",
//     "name":"Usama Muhammed Awad BIN LADEN","score":0.93,"explanation":{...}}]}
// hits sorted by score (best first); a bad input record gives {"id":..,"line":N,"error":".."}.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/names/scorer.h"
#include "core/status.h"
#include "formats/json_writer.h"
#include "formats/records/records.h"
#include "index/names/name_index.h"
#include "store/store.h"

namespace tamis {

// Per-request knobs of screening.
struct ScreenParams {
  double threshold = names::kDefaultThreshold;  // hits scoring below are dropped (default 0.70)
  size_t limit = 10;                            // hits per record at most (default 10)
  std::vector<std::string> lists;               // only these sources ("un", "ofac"); empty = all indexed
  std::vector<EntityKind> kinds;                // only entities of these kinds (gathered so); empty = all
  bool explain = true;                          // include each hit's explanation
  size_t max_candidates = 0;                    // names scored per record; 0 = index default (32)
  size_t candidate_pool = 0;                    // names bounded per record; 0 = index default (40)
  size_t abjad_candidate_pool = 0;              // names bounded per abjad-romanised record; 0 = index default
  float extra_token_rarity = -1;                // pool ranking (NameSearchParams); < 0 = index default
};

struct IndexBuildRequest {
  std::vector<std::string> lists;  // sources to index; empty = every current version
  index::NameIndexOptions options;
};

// (stage, done, total or -1), e.g. ("load", 12000, -1), ("screen", 5000, -1).
using ScreenProgressFn = std::function<void(const std::string& stage, int64_t done, int64_t total)>;

// Reads the current version of every requested source and builds the name index.
// Errors: kNotFound when a requested source has no version (or the store holds no list),
// kDataLoss / kParseError from stored JSON. Not thread-safe on `store` (see store.h).
Result<std::shared_ptr<const index::NameIndex>> BuildNameIndex(Store& store, const IndexBuildRequest& req,
                                                               const ScreenProgressFn& progress = nullptr);

// The query attributes of a record (dob, nationality, gender, id number).
names::QueryAttributes QueryAttributesOf(const ScreenRecord& rec);

// The index search parameters of `params` (0 / negative fields: the index defaults).
index::NameSearchParams SearchParamsOf(const ScreenParams& params);

// Screens one valid record. Thread-safe (the index is immutable).
std::vector<index::NameHit> ScreenRecordHits(const index::NameIndex& ix, const ScreenRecord& rec,
                                             const ScreenParams& params);

// Writes one hit's fields (entity_id, list, matched_name, name, kind, score, explanation) into the
// object `w` has open.
void WriteHitFields(JsonWriter& w, const index::NameIndex& ix, const index::NameHit& h, bool explain);

// The JSON line (without newline) for a record's hits / for a bad record.
std::string HitsJson(const index::NameIndex& ix, const std::string& id, const std::vector<index::NameHit>& hits,
                     bool explain);
std::string ErrorJson(const RecordItem& item);

struct BatchOptions {
  unsigned threads = 0;          // 0 = hardware concurrency
  size_t chunk_records = 2048;   // records read, screened in parallel, then written, per chunk
  RecordFormat format = RecordFormat::kDetect;
  RecordReaderOptions reader;
};

struct BatchSummary {
  int64_t records = 0;       // records read (good + bad)
  int64_t bad_records = 0;   // records answered with an error line
  int64_t with_hits = 0;     // good records with at least one hit
  int64_t hits = 0;
  double seconds = 0;
};

// Screens every record of `in`, writing one line per record to `out` in input order. Bad
// records produce an error line and do not stop the batch. Errors: a fatal reader error
// (kParseError for a CSV header without a name column, kIoError) or a write failure
// (kIoError); lines already written stay written. `progress` is called from the calling
// thread after each chunk.
Result<BatchSummary> ScreenStream(const index::NameIndex& ix, std::istream& in, std::ostream& out,
                                  const ScreenParams& params, const BatchOptions& opts,
                                  const ScreenProgressFn& progress = nullptr);

// Holds the index in force; readers take a snapshot, a list update swaps in a new one.
// Thread-safe; Get() is lock-free on the reader side (std::atomic<std::shared_ptr>).
class NameIndexHolder {
 public:
  std::shared_ptr<const index::NameIndex> Get() const { return ptr_.load(std::memory_order_acquire); }
  void Set(std::shared_ptr<const index::NameIndex> ix) { ptr_.store(std::move(ix), std::memory_order_release); }

 private:
  std::atomic<std::shared_ptr<const index::NameIndex>> ptr_;
};

}  // namespace tamis
