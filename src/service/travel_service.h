// Traveller screening: every traveller of a PAXLST manifest, a PNRGOV push or a batch of MRZ
// documents through the one alert path (ScreenParty's steps: the name search, then AlertService::AlertHits, line "travel": hits at or
// above the alert threshold open alerts), weighed the travel way (service/travel_weigh.h):
//   score = name score (the name engine's, on the name alone)
//         + date of birth (window around every listed date: +0.05 exact, +0.03 inside,
//           0 near, -0.20 off)  + nationality (+0.02 shared, -0.05 none shared; the document's
//           issuer counts as a nationality) + gender (-0.10 differs)
//           + family name (-0.10 when the list marks one the traveller's name lacks)
//           -- only for names scoring at least threshold - 0.15 (hits of the name search, found
//           at the threshold unless attributes_lift; documents' entities below it);
//   then at least 0.99 / 0.97 / 0.80 when a document number equals a listed one (issuer equal /
//   unknown on a side / different), whatever the name: a listed entity found only by its
//   document is a hit too. Clamped to [0, 1].
// A flight is screened as one batch (its travellers on `threads` threads) with a per-flight
// summary. Output shapes: docs/formats.md ("Travel screening").
//
// Party keys of travellers are pseudonymous ("travel:" + SHA-256 of a salt, the folded name, date
// of birth and document keys, 32 hex digits), so the alert tables and the audit chain hold no
// traveller's name or date of birth in their keys; the alert's party_json holds them in clear
// until retention masks it (store/travel_store.h).
//
// Thread safety: a TravelScreener may be used from many threads at once.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "formats/travel/travel_input.h"
#include "service/alert_service.h"
#include "service/travel_weigh.h"

namespace tamis {

struct TravelScreenOptions {
  ScreenParams params;      // threshold (default 0.70), limit (10), lists, explain
  DobWindowOptions dob;     // date-of-birth windows (default: the listed year / range, circa +-1)
  TravelWeights weights;    // score changes (defaults above)
  bool screen_crew = true;  // screen crew as well as passengers (default true)
  // A traveller is a natural person: hits on listed organisations, vessels and aircraft are
  // dropped (default true). Persons and entities of unknown kind stay. The screener then sets
  // params.kinds to those two when it is empty, so the others are not even gathered.
  bool persons_only = true;
  // Whether a date of birth or nationality that agrees may lift a name scoring below the
  // threshold into a hit (the name search then looks below the threshold by the most they add,
  // 0.07). Default false: a hit needs its name (or a listed document) to reach the threshold;
  // the attributes then rank, raise to an alert or demote it. On the session-12 benchmark the
  // lift found no planted listed person the name alone missed and made 24 of the 468 false hits
  // of 100,000 innocent travellers, and the wider search cost 5% of the instructions.
  bool attributes_lift = false;
  std::string line = "travel";  // the alerts' line of effort
  std::string pseudonym_salt;   // mixed into party keys (the store's travel salt; "" allowed)
  unsigned threads = 1;         // threads per flight (0 = hardware concurrency), kept for the screener's life
  // Names whose name search result the screener keeps, per snapshot (0 = none). The search is of
  // the name alone, so a traveller whose name was searched before (the same passenger in the
  // PNR pushes and the API manifests of a flight, a family, a common name) reuses its hits; the
  // traveller's own weighing is done anew. Cleared when full and when the lists change.
  // Default 65,536 (some 10 MB at most).
  size_t name_cache = 65536;
};

// One traveller's answer.
struct TravellerResult {
  const TravellerItem* item = nullptr;  // the input (owned by the caller's TravelFlight)
  bool screened = false;                // false: crew not screened (screen_crew off)
  PartyResult party;                    // hits best first, alerts[i] for hits[i]
  Status error;                         // a screening error (the batch goes on)
};

struct FlightSummary {
  int64_t travellers = 0, passengers = 0, crew = 0;
  int64_t screened = 0, with_hits = 0, hits = 0;
  int64_t alerts_new = 0, alerts_existing = 0, suppressed = 0, errors = 0;
  int64_t mrz_invalid = 0;      // MRZ documents with a failed check
  std::string best_traveller;   // id of the traveller with the best hit, "" when none
  uint32_t best_entity = 0;     // its entity (index into the snapshot's name index)
  double best_score = 0;
  double seconds = 0;
};

struct FlightResult {
  const TravelFlight* flight = nullptr;
  std::vector<TravellerResult> travellers;  // in input order
  FlightSummary summary;
};

namespace detail {
class WorkerPool;  // travel_service.cc
}

class TravelScreener {
 public:
  // `service` must outlive the screener. Starts options.threads - 1 worker threads.
  TravelScreener(AlertService& service, TravelScreenOptions options);
  ~TravelScreener();

  // Screens one traveller (alerts opened). Errors: kFailedPrecondition when no list is loaded,
  // the review store's errors.
  Result<TravellerResult> Screen(const TravellerItem& item);

  // Screens a flight's travellers; a traveller's error is kept in its result, the others go on.
  FlightResult ScreenFlight(const TravelFlight& flight);

  // The pseudonymous party key of a traveller (see above).
  std::string PartyKey(const Traveller& t) const;

  const TravelScreenOptions& options() const { return opts_; }
  // Hits index the name index of the snapshot in force while screening: take the snapshot before
  // screening, and screen again when it changed meanwhile (a list reload), as ScreenTravelJson does.

 private:
  struct DocCache {
    std::shared_ptr<const index::NameIndex> names;
    std::shared_ptr<const TravelDocumentIndex> docs;
  };
  std::shared_ptr<const TravelDocumentIndex> DocsFor(const index::NameIndex& ix);
  // The name search of `name` at `threshold` on ix (from the name cache when kept).
  std::vector<index::NameHit> NameHits(const index::NameIndex& ix, const std::string& name, double threshold);
  void Weigh(const Traveller& t, const index::NameIndex& ix, std::vector<index::NameHit>* hits);

  AlertService& service_;
  TravelScreenOptions opts_;
  index::NameSearchParams search_;       // the name search's parameters (SearchParamsOf, limit + 5)
  names::QueryAttributes no_attributes_;  // the name is searched alone
  std::mutex mu_;  // guards cache_
  DocCache cache_;
  std::mutex names_mu_;  // guards names_ and name_hits_
  std::shared_ptr<const index::NameIndex> names_;  // the index name_hits_ holds searches of
  std::unordered_map<std::string, std::vector<index::NameHit>> name_hits_;  // name + threshold -> hits
  // The workers live as long as the screener: a thread's own state (transliterators, the index's
  // scratch) takes milliseconds to set up, too long to pay per flight. One flight at a time uses
  // them (another screens on its calling thread meanwhile).
  std::unique_ptr<detail::WorkerPool> pool_;
};

// Writes a traveller's JSON line (without newline): {"record":"traveller", "flight", "traveller",
// "documents", ["mrz"], "hits":[{entity_id, list, matched_name, name, kind, score, name_score,
// alert_id, alert, explanation}]} or, for a screening error, {"record":"error", ...}.
// `flight_json` (optional): the flight's object as FlightJson(flight) renders it, rendered once
// for all of a flight's lines instead of once a line ("" = rendered here).
std::string TravellerJson(const index::NameIndex& ix, const TravelFlight& flight, const TravellerResult& r,
                          std::string_view source, bool explain, std::string_view flight_json = {});
// The "flight" object of a flight's lines: {"id", ["leg"], ["legs"], ["message"]}.
std::string FlightJson(const TravelFlight& flight);
// TravellerJson of every traveller of `fr`, in order, the flight object rendered once.
std::vector<std::string> TravellerLines(const index::NameIndex& ix, const FlightResult& fr, std::string_view source,
                                        bool explain);
// {"record":"flight", "source", "message", "flight", "travellers", "passengers", ...}.
std::string FlightSummaryJson(const index::NameIndex& ix, const TravelFlight& flight, const FlightSummary& s,
                              std::string_view source);
// {"record":"error","source":..,"error":..}.
std::string TravelErrorJson(std::string_view source, std::string_view error);

class TravelStore;

// Options of the server seam.
struct TravelJsonOptions {
  TravelInputOptions input;   // format detected by default; GTAS-tolerant envelope
  TravelScreenOptions screen;
  // When set (not owned): every screened traveller is kept in it (travel_results, for
  // retention), and its current salt is used for party keys when screen.pseudonym_salt is "".
  TravelStore* keep = nullptr;
  std::string source = "request";  // the results' source column
};

// The server seam (POST /v1/travel/screen): reads `body` (PAXLST, PNRGOV or MRZ lines,
// detected), screens every traveller through `service` (alerts opened) and answers
//   {"format":"paxlst","flights":[<summary>...],"travellers":[<traveller>...],
//    "warnings":[...],"errors":[...]}
// (the objects of TravellerJson / FlightSummaryJson without their "record" key's line
// framing). Errors: kParseError naming the segment / line for unreadable input,
// kFailedPrecondition when no list is loaded, the keeping store's errors.
Result<std::string> ScreenTravelJson(AlertService& service, std::string_view body, const TravelJsonOptions& options);

}  // namespace tamis
