// Retention of traveller data (EU PNR directive 2016/681 art. 12): the stored screening results
// (store/travel_store.h) and the alerts of the travel line (ReviewStore::DepersonaliseAlerts)
// masked after `mask_after_months`, deleted after `delete_after_months`, the pseudonym salt
// rotated. Idempotent. What is kept and what is not: docs/design.md ("Traveller data retention").
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "index/names/name_index.h"
#include "service/travel_service.h"
#include "store/review_store.h"
#include "store/travel_store.h"

namespace tamis {

struct TravelRetentionResult {
  TravelRetentionReport results;  // stored results and salts
  AlertRetention alerts;          // alerts of the travel line
};

// Applies `policy` at `now` (ISO 8601 UTC, "YYYY-MM-DD" allowed) to both stores. Errors:
// kInvalidArgument for a bad date or policy, the stores' errors.
Result<TravelRetentionResult> ApplyTravelRetention(TravelStore& travel, ReviewStore& review,
                                                   const TravelRetentionPolicy& policy, const std::string& now,
                                                   const std::string& line = "travel");

// The rows to keep of a screened flight: one per screened traveller (the output line as
// result_json), screened at `now`. `lines` (may be null): the flight's TravellerLines already
// written, one per traveller of `fr`, reused as result_json instead of rendered again.
std::vector<TravelResultRow> TravelResultRows(const index::NameIndex& ix, const FlightResult& fr,
                                              const std::string& source, const std::string& now, bool explain,
                                              const std::vector<std::string>* lines = nullptr);

}  // namespace tamis
