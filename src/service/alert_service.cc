#include "service/alert_service.h"

#include "core/strings.h"
#include "core/text/normalise.h"
#include "formats/json_writer.h"
#include "service/registry_service.h"

namespace tamis {

std::string PartyKeyOf(const ScreenRecord& rec) {
  return rec.id + "|" + CollapseSpaces(text::Normalise(rec.name)) + "|" + rec.dob.ToString();
}

namespace {

std::string ParamsJson(const ScreenParams& p, double alert_threshold) {
  JsonWriter w;
  w.BeginObject().Key("threshold").Double(p.threshold, 4).Key("alert_threshold").Double(alert_threshold, 4);
  w.Key("limit").Int(static_cast<int64_t>(p.limit)).StringArrayIfNotEmpty("lists", p.lists);
  w.EndObject();
  return w.Take();
}

std::string RecordJson(const ScreenRecord& r) {
  JsonWriter w;
  w.BeginObject().Field("id", r.id).Field("name", r.name);
  if (r.kind != EntityKind::kUnknown) w.Field("kind", EntityKindName(r.kind));
  w.FieldIfNotEmpty("dob", r.dob.ToString()).StringArrayIfNotEmpty("nationality", r.nationalities);
  w.FieldIfNotEmpty("country", r.country).FieldIfNotEmpty("id_number", r.id_number);
  w.EndObject();
  return w.Take();
}

}  // namespace

Result<std::unique_ptr<AlertService>> AlertService::Open(const Config& cfg, const ServiceOptions& opts, Clock clock) {
  std::unique_ptr<AlertService> s(new AlertService(cfg, opts, std::move(clock)));
  StoreOptions so;
  so.data_dir = cfg.data_dir;
  so.url = cfg.store_url;
  TAMIS_ASSIGN_OR_RETURN(s->store_, Store::Open(so));
  TAMIS_ASSIGN_OR_RETURN(s->review_, ReviewStore::Open(s->store_->db_path()));
  TAMIS_RETURN_IF_ERROR(s->Reload());
  int poll = opts.list_poll_ms;
  if (poll < 0) poll = s->store_->dialect() == store::Dialect::kPostgres ? 2000 : 0;
  if (poll > 0) s->poller_ = std::thread([svc = s.get(), poll] { svc->PollLists(poll); });
  return s;
}

AlertService::~AlertService() {
  {
    std::lock_guard lock(poll_mu_);
    poll_stop_ = true;
  }
  poll_cv_.notify_all();
  if (poller_.joinable()) poller_.join();
}

void AlertService::PollLists(int interval_ms) {
  std::unique_lock lock(poll_mu_);
  while (!poll_cv_.wait_for(lock, std::chrono::milliseconds(interval_ms), [&] { return poll_stop_; })) {
    lock.unlock();
    (void)ReloadIfChanged();  // an unreachable store is asked again at the next tick
    lock.lock();
  }
}

Result<bool> AlertService::ReloadIfChanged() {
  std::lock_guard lock(store_mu_);
  TAMIS_ASSIGN_OR_RETURN(auto current, store_->CurrentVersions());
  auto snap = snapshot();
  std::map<std::string, int64_t> now;
  for (const auto& v : current) now[v.source] = v.version_id;
  if (snap && snap->versions == now) return false;
  TAMIS_ASSIGN_OR_RETURN(auto fresh, BuildSnapshot());
  snap_.store(std::move(fresh), std::memory_order_release);
  return true;
}

bool AlertService::ready() const {
  auto s = snapshot();
  return s && (s->names || s->media);
}

Result<std::shared_ptr<const Snapshot>> AlertService::BuildSnapshot() {
  auto snap = std::make_shared<Snapshot>();
  TAMIS_ASSIGN_OR_RETURN(snap->lists, store_->CurrentVersions());
  bool have_entities = false, have_hashes = false;
  for (const auto& v : snap->lists) {
    snap->versions[v.source] = v.version_id;
    (v.kind == "hashes" ? have_hashes : have_entities) = true;
  }
  if (have_entities) {
    TAMIS_ASSIGN_OR_RETURN(snap->names, BuildNameIndex(*store_, opts_.index));
  }
  if (have_hashes) {
    TAMIS_ASSIGN_OR_RETURN(snap->media, MediaMatcher::Build(*store_, {}, opts_.media_cache_dir));
  }
  snap->built_at = clock_();
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

Status AlertService::Reload() {
  std::lock_guard lock(store_mu_);
  TAMIS_ASSIGN_OR_RETURN(auto snap, BuildSnapshot());
  snap_.store(std::move(snap), std::memory_order_release);
  return Status::Ok();
}

Result<PartyResult> AlertService::ScreenParty(const ScreenRecord& rec, const ScreenParams& params,
                                              const std::string& line) {
  auto snap = snapshot();
  if (!snap || !snap->names) return FailedPrecondition("no name list is loaded: import a list first");
  std::vector<index::NameHit> hits = ScreenRecordHits(*snap->names, rec, params);
  return OpenAlerts(rec, std::move(hits), std::move(snap), params, line, nullptr);
}

Result<PartyResult> AlertService::AlertHits(const ScreenRecord& rec, std::vector<index::NameHit> hits,
                                            std::shared_ptr<const Snapshot> snap, const ScreenParams& params,
                                            const std::string& line, const std::function<std::string()>& party_key_fn) {
  return OpenAlerts(rec, std::move(hits), std::move(snap), params, line, party_key_fn);
}

Result<std::vector<AlertService::PendingAlert>> AlertService::AlertInputs(
    const ScreenRecord& rec, const std::vector<index::NameHit>& hits, const Snapshot& snap, const ScreenParams& params,
    const std::string& line, const std::function<std::string()>& party_key_fn) const {
  if (!snap.names) return FailedPrecondition("no name list is loaded: import a list first");
  std::vector<PendingAlert> out;
  std::string party_key, party_json, params_json;
  for (size_t i = 0; i < hits.size(); ++i) {
    const auto& h = hits[i];
    if (!OpensAlert(h.score)) continue;
    const Entity& e = snap.names->entity(h.entity);
    auto v = snap.versions.find(e.source);
    if (v == snap.versions.end()) continue;
    if (party_key.empty()) {
      party_key = party_key_fn ? party_key_fn() : PartyKeyOf(rec);
      party_json = RecordJson(rec);
      params_json = ParamsJson(params, opts_.alert_threshold);
    }
    PendingAlert p;
    p.hit = i;
    AlertInput& in = p.input;
    in.party_key = party_key;
    in.party_id = rec.id;
    in.party_json = party_json;
    in.entity_id = e.id;
    in.source = e.source;
    in.version_id = v->second;
    in.line = line;
    in.score = h.score;
    JsonWriter w;
    w.BeginObject();
    WriteHitFields(w, *snap.names, h, true);
    w.EndObject();
    in.hit_json = w.Take();
    in.matcher_version = kMatcherVersion;
    in.params_json = params_json;
    p.now = clock_();
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<AlertOutcome>> AlertService::OpenAlertBatch(std::span<const AlertInput> ins,
                                                               std::span<const std::string> nows) {
  if (ins.empty()) return std::vector<AlertOutcome>{};
  return review_->OpenAlerts(ins, nows);
}

Result<PartyResult> AlertService::OpenAlerts(const ScreenRecord& rec, std::vector<index::NameHit> hits,
                                             std::shared_ptr<const Snapshot> snap, const ScreenParams& params,
                                             const std::string& line, const std::function<std::string()>& party_key_fn) {
  if (!snap || !snap->names) return FailedPrecondition("no name list is loaded: import a list first");
  PartyResult out;
  out.record = rec;
  out.snapshot = snap;
  out.hits = std::move(hits);
  out.alerts.resize(out.hits.size());
  TAMIS_ASSIGN_OR_RETURN(std::vector<PendingAlert> pending, AlertInputs(rec, out.hits, *snap, params, line, party_key_fn));
  for (const PendingAlert& p : pending) {
    TAMIS_ASSIGN_OR_RETURN(out.alerts[p.hit], review_->OpenAlert(p.input, p.now));
  }
  return out;
}

Result<std::vector<MediaHit>> AlertService::MatchPdq(const media::PdqHash& h, int threshold,
                                                     std::shared_ptr<const Snapshot>* keep) {
  auto snap = snapshot();
  if (!snap || !snap->media) return FailedPrecondition("no hash list is loaded: import one with tamis media import");
  *keep = snap;
  return snap->media->MatchPdq({h}, {"orig"}, threshold);
}

Result<std::vector<SourceUpdate>> AlertService::UpdateLists(const UpdateRequest& req, const std::string& actor) {
  std::vector<SourceUpdate> ups;
  {
    std::lock_guard lock(store_mu_);
    TAMIS_ASSIGN_OR_RETURN(ups, tamis::UpdateLists(*store_, cfg_, req, clock_, nullptr));
  }
  for (const auto& u : ups) {
    std::string detail = u.status.ok() ? (u.unchanged ? "unchanged" : "v" + std::to_string(u.report.outcome.version.version_id))
                                       : "failed: " + u.status.message();
    TAMIS_RETURN_IF_ERROR(review_->Audit(actor, "list.update", u.source, detail, clock_()));
  }
  TAMIS_RETURN_IF_ERROR(Reload());
  // Continuous screening: the registry (when it has subjects) is re-screened by delta.
  Status rs = RescreenAfterListUpdate(*this, actor);
  if (!rs.ok()) return rs.WithContext("lists updated; the registry re-screen failed (the next update or tamis registry rescreen repeats it)");
  return ups;
}

Result<Entity> AlertService::GetEntity(const std::string& id, int64_t version_id) {
  std::lock_guard lock(store_mu_);
  return store_->GetEntity(id, version_id);
}

Result<std::string> AlertService::GetEntityJson(const std::string& id, int64_t version_id) {
  std::lock_guard lock(store_mu_);
  return store_->GetEntityJson(id, version_id);
}

Result<std::vector<ListVersion>> AlertService::Versions(const std::string& source) {
  std::lock_guard lock(store_mu_);
  return store_->Versions(source);
}

Result<VersionDiff> AlertService::Diff(int64_t from, int64_t to) {
  std::lock_guard lock(store_mu_);
  return store_->Diff(from, to);
}

}  // namespace tamis
