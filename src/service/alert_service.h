// The screening service behind `tamis serve`: the index snapshot in force, screening that turns
// hits into alerts (the one alert path every line of effort uses: parties, payments, travellers,
// media), and list updates that swap the snapshot without a restart.
//
// Thread safety: every method is safe to call from many threads. Readers take a Snapshot (an
// immutable shared_ptr); Reload() builds a new one and swaps it atomically, so in-flight requests
// finish on the old one. Store access is serialised by an internal mutex.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "service/clock.h"
#include "service/config.h"
#include "service/list_service.h"
#include "service/media_service.h"
#include "service/screen_service.h"
#include "store/review_store.h"
#include "store/store.h"

namespace tamis {

// The matcher version recorded on every alert.
inline constexpr const char* kMatcherVersion = "tamis-names/0.1.0";

struct ServiceOptions {
  double alert_threshold = 0.80;   // hits at or above open an alert (default 0.80)
  IndexBuildRequest index;         // sources and index options
  std::filesystem::path media_cache_dir;  // MIH index cache; "" = none
  // Replicas: every this many milliseconds a background thread asks the store whether another
  // process imported a list and, if so, reloads the snapshot (ReloadIfChanged). -1 (default) =
  // 2000 on a PostgreSQL store (replicas share it), off on SQLite; 0 = off.
  int list_poll_ms = -1;
};

// What one list version set and its indexes are: immutable once built.
struct Snapshot {
  std::shared_ptr<const index::NameIndex> names;  // null when the store holds no entity list
  std::shared_ptr<const MediaMatcher> media;      // null when it holds no hash list
  std::map<std::string, int64_t> versions;        // source -> version id in force
  std::vector<ListVersion> lists;                 // the current versions
  std::string built_at;
};

// One screened party's answer.
struct PartyResult {
  ScreenRecord record;
  std::vector<index::NameHit> hits;
  std::vector<AlertOutcome> alerts;  // alerts[i] for hits[i] (alert_id 0: below the alert threshold)
  std::shared_ptr<const Snapshot> snapshot;  // the snapshot hits[i].entity indexes into
};

// A stable key of the screened party: its id, folded name and date of birth. The same customer
// screened again is the same party; a changed name or DOB is a new party to review.
std::string PartyKeyOf(const ScreenRecord& rec);

class AlertService {
 public:
  // Opens the store in cfg.data_dir and builds the first snapshot. A store without lists is
  // allowed (not ready: screening answers kFailedPrecondition until a list is imported).
  static Result<std::unique_ptr<AlertService>> Open(const Config& cfg, const ServiceOptions& opts, Clock clock);

  std::shared_ptr<const Snapshot> snapshot() const { return snap_.load(std::memory_order_acquire); }
  bool ready() const;

  // Screens one party and opens alerts for hits at or above the alert threshold (deduplicated,
  // good-guy list applied). kFailedPrecondition when no name list is loaded.
  Result<PartyResult> ScreenParty(const ScreenRecord& rec, const ScreenParams& params, const std::string& line = "party");
  // The alert half of ScreenParty for hits the caller found itself on `snap` (ScreenRecordHits
  // on snap->names, then filtered: payment free text keeps only some): opens alerts for those at
  // or above the alert threshold exactly as ScreenParty does. `snap` must hold a name index.
  // `party_key_fn` gives the party key, asked for only when an alert is to be opened (travel: a
  // pseudonymous key); empty = PartyKeyOf(rec).
  Result<PartyResult> AlertHits(const ScreenRecord& rec, std::vector<index::NameHit> hits,
                                std::shared_ptr<const Snapshot> snap, const ScreenParams& params,
                                const std::string& line, const std::function<std::string()>& party_key_fn = nullptr);

  // Whether a hit scoring `score` opens an alert (at or above the alert threshold): the one rule
  // OpenAlerts applies, for callers that decide before asking.
  bool OpensAlert(double score) const { return score + 1e-9 >= opts_.alert_threshold; }
  // AlertHits in two halves, for callers that write the alerts of many screenings in one
  // transaction: the inputs AlertHits would open for `hits` (with the index of the hit each is
  // for, in order), then OpenAlertBatch writes any number of them (ReviewStore::OpenAlerts:
  // out[i] for ins[i], the same outcome as AlertHits one by one).
  struct PendingAlert {
    size_t hit = 0;
    AlertInput input;
    std::string now;  // the clock when the hit was found
  };
  Result<std::vector<PendingAlert>> AlertInputs(const ScreenRecord& rec, const std::vector<index::NameHit>& hits,
                                                const Snapshot& snap, const ScreenParams& params,
                                                const std::string& line, const std::function<std::string()>& party_key_fn = nullptr) const;
  Result<std::vector<AlertOutcome>> OpenAlertBatch(std::span<const AlertInput> ins, std::span<const std::string> nows);

  // Matches PDQ hashes against the hash lists (no alert: media hits carry no person).
  Result<std::vector<MediaHit>> MatchPdq(const media::PdqHash& h, int threshold, std::shared_ptr<const Snapshot>* keep);

  // Updates the lists (cfg sources, or from a folder) then reloads the snapshot; audited. When
  // the registry has subjects, it is then re-screened by delta (RescreenAfterListUpdate).
  Result<std::vector<SourceUpdate>> UpdateLists(const UpdateRequest& req, const std::string& actor);
  // Rebuilds the snapshot from the store's current versions and swaps it in.
  Status Reload();
  // Reloads when the store's current versions differ from the snapshot's (another replica
  // imported a list); true when it did. kUnavailable when the store cannot be reached.
  Result<bool> ReloadIfChanged();
  ~AlertService();  // stops the list poller

  Result<Entity> GetEntity(const std::string& id, int64_t version_id);
  Result<std::string> GetEntityJson(const std::string& id, int64_t version_id);
  Result<std::vector<ListVersion>> Versions(const std::string& source);
  Result<VersionDiff> Diff(int64_t from, int64_t to);

  ReviewStore& review() { return *review_; }
  // The SQLite file of the store (for other stores of the same database: travel results).
  std::filesystem::path db_path() const { return store_->db_path(); }
  const ServiceOptions& options() const { return opts_; }
  std::string Now() const { return clock_(); }

 private:
  AlertService(Config cfg, ServiceOptions opts, Clock clock) : cfg_(std::move(cfg)), opts_(std::move(opts)), clock_(std::move(clock)) {}
  Result<std::shared_ptr<const Snapshot>> BuildSnapshot();
  // Opens the alerts of `hits` (those at or above the alert threshold); party_key_fn "" = PartyKeyOf.
  Result<PartyResult> OpenAlerts(const ScreenRecord& rec, std::vector<index::NameHit> hits,
                                 std::shared_ptr<const Snapshot> snap, const ScreenParams& params,
                                 const std::string& line, const std::function<std::string()>& party_key_fn);

  Config cfg_;
  ServiceOptions opts_;
  Clock clock_;
  std::mutex store_mu_;  // guards store_ and Reload
  std::unique_ptr<Store> store_;
  std::unique_ptr<ReviewStore> review_;
  std::atomic<std::shared_ptr<const Snapshot>> snap_;
  // The list poller (ServiceOptions::list_poll_ms).
  void PollLists(int interval_ms);
  std::mutex poll_mu_;
  std::condition_variable poll_cv_;
  bool poll_stop_ = false;
  std::thread poller_;
};

}  // namespace tamis
