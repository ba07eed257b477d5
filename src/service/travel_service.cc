#include "service/travel_service.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <optional>
#include <thread>

#include "core/names/token_stats.h"
#include "core/strings.h"
#include "core/text/normalise.h"
#include "core/text/transliterate.h"
#include "formats/json_writer.h"
#include "service/travel_retention.h"
#include "store/travel_store.h"

namespace tamis {
namespace {

// The most the travel weighing adds to a name score (dob exact + shared nationality): with
// attributes_lift, the name search looks that far below the threshold.
double MaxTravelBonus(const Traveller& t, const TravelWeights& w) {
  double b = 0;
  if (t.dob.known()) b += std::max(w.dob_exact, w.dob_window);
  if (!t.nationalities_iso.empty() || !t.documents.empty()) b += w.nationality_shared;
  return std::max(0.0, b);
}

ScreenRecord RecordOf(const TravellerItem& it) {
  ScreenRecord r;
  r.id = it.id;
  r.name = it.traveller.FullName();
  r.kind = EntityKind::kPerson;
  r.dob = it.traveller.dob;
  r.nationalities = it.traveller.nationalities_iso;
  r.gender = it.traveller.gender;
  for (const auto& d : it.traveller.documents)
    if (!d.number.empty()) {
      r.id_number = d.number;
      if (r.country.empty()) r.country = d.issuer_iso;
      break;
    }
  return r;
}

void WriteLeg(JsonWriter& w, const FlightLeg& l) {
  w.BeginObject();
  w.FieldIfNotEmpty("carrier", l.carrier).FieldIfNotEmpty("number", l.flight_number);
  w.FieldIfNotEmpty("departure", l.departure_airport).FieldIfNotEmpty("arrival", l.arrival_airport);
  w.FieldIfNotEmpty("departure_time", l.departure_time).FieldIfNotEmpty("arrival_time", l.arrival_time);
  w.EndObject();
}

void WriteFlight(JsonWriter& w, const TravelFlight& f) {
  w.BeginObject().Field("id", f.id);
  if (!f.leg.flight_number.empty() || !f.leg.departure_airport.empty()) {
    w.Key("leg");
    WriteLeg(w, f.leg);
  }
  if (f.legs.size() > 1) {
    w.Key("legs").BeginArray();
    for (const auto& l : f.legs) WriteLeg(w, l);
    w.EndArray();
  }
  w.FieldIfNotEmpty("message", f.message).EndObject();
}

void WriteTraveller(JsonWriter& w, const TravellerItem& it) {
  const Traveller& t = it.traveller;
  w.Key("traveller").BeginObject().Field("id", it.id).Key("index").Int(it.index);
  w.Field("role", TravellerRoleName(t.role)).FieldIfNotEmpty("role_code", t.role_code);
  w.Field("name", t.FullName()).FieldIfNotEmpty("surname", t.surname).StringArrayIfNotEmpty("given_names", t.given_names);
  char date[16];
  std::string spill;
  w.FieldIfNotEmpty("gender", GenderName(t.gender)).FieldIfNotEmpty("dob", PartialDateText(t.dob, date, &spill));
  w.StringArrayIfNotEmpty("nationality", t.nationalities).FieldIfNotEmpty("pnr", it.pnr_locator);
  if (t.segment) w.Key("segment").Int(t.segment);
  w.EndObject();
  w.Key("documents").BeginArray();
  for (const auto& d : t.documents) {
    w.BeginObject().FieldIfNotEmpty("type", d.type).Field("number", d.number).FieldIfNotEmpty("issuer", d.issuer);
    w.FieldIfNotEmpty("issuer_iso", d.issuer_iso).FieldIfNotEmpty("expiry", PartialDateText(d.expiry, date, &spill)).EndObject();
  }
  w.EndArray();
  if (!it.mrz_format.empty()) {
    w.Key("mrz").BeginObject().Field("format", it.mrz_format).Key("valid").Bool(it.mrz_issues.empty());
    w.Key("issues").BeginArray();
    for (const auto& i : it.mrz_issues)
      w.BeginObject().Field("field", i.field).Field("message", i.message).Key("line").Int(i.line).EndObject();
    w.EndArray().EndObject();
  }
}

// `flight_json`: the flight's object as FlightJson writes it ("" = written here).
void TravellerFields(JsonWriter& w, const index::NameIndex& ix, const TravelFlight& f, const TravellerResult& r,
                     std::string_view source, bool explain, std::string_view flight_json = {}) {
  w.FieldIfNotEmpty("source", source);
  w.Key("flight");
  if (flight_json.empty()) WriteFlight(w, f);
  else w.Raw(flight_json);
  WriteTraveller(w, *r.item);
  if (!r.error.ok()) {
    w.Field("error", r.error.ToString());
    return;
  }
  if (!r.screened) {
    w.Key("screened").Bool(false);
    return;
  }
  w.Key("hits").BeginArray();
  for (size_t i = 0; i < r.party.hits.size(); ++i) {
    const auto& h = r.party.hits[i];
    w.BeginObject();
    WriteHitFields(w, ix, h, explain);
    w.Key("name_score").Double(h.explanation.name_score, 4);
    const AlertOutcome a = i < r.party.alerts.size() ? r.party.alerts[i] : AlertOutcome{};
    w.Key("alert_id").Int(a.alert_id);
    w.Field("alert", a.suppressed ? "suppressed" : a.alert_id == 0 ? "none" : a.created ? "new" : "existing");
    w.EndObject();
  }
  w.EndArray();
}

void SummaryFields(JsonWriter& w, const index::NameIndex& ix, const TravelFlight& f, const FlightSummary& s,
                   std::string_view source) {
  w.FieldIfNotEmpty("source", source);
  w.Key("flight");
  WriteFlight(w, f);
  w.Key("travellers").Int(s.travellers).Key("passengers").Int(s.passengers).Key("crew").Int(s.crew);
  if (f.declared_passengers >= 0) w.Key("declared_passengers").Int(f.declared_passengers);
  if (f.declared_crew >= 0) w.Key("declared_crew").Int(f.declared_crew);
  w.Key("screened").Int(s.screened).Key("with_hits").Int(s.with_hits).Key("hits").Int(s.hits);
  w.Key("alerts_new").Int(s.alerts_new).Key("alerts_existing").Int(s.alerts_existing);
  w.Key("suppressed").Int(s.suppressed).Key("errors").Int(s.errors);
  if (s.mrz_invalid) w.Key("mrz_invalid").Int(s.mrz_invalid);
  if (!s.best_traveller.empty() && s.best_entity < ix.entity_count()) {
    w.Key("best").BeginObject().Field("traveller", s.best_traveller).Field("entity_id", ix.entity(s.best_entity).id);
    w.Key("score").Double(s.best_score, 4).EndObject();
  }
  w.Key("seconds").Double(s.seconds, 4);
}

}  // namespace

namespace detail {

// Runs the indices of one batch on a fixed set of threads and the caller's.
class WorkerPool {
 public:
  explicit WorkerPool(unsigned workers) {
    for (unsigned k = 0; k < workers; ++k) threads_.emplace_back([this] { Loop(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    start_.notify_all();
    for (auto& t : threads_) t.join();
  }
  size_t size() const { return threads_.size(); }
  // fn(i) for every i < n on the workers and the calling thread; false (nothing run) when another
  // batch holds the pool.
  bool TryRun(size_t n, const std::function<void(size_t)>& fn) {
    std::unique_lock run(run_mu_, std::try_to_lock);
    if (!run.owns_lock()) return false;
    {
      std::lock_guard lock(mu_);
      fn_ = &fn;
      n_ = n;
      next_.store(0);
      busy_ = threads_.size();
      ++generation_;
    }
    start_.notify_all();
    Work(fn, n);
    std::unique_lock lock(mu_);
    done_.wait(lock, [&] { return busy_ == 0; });
    fn_ = nullptr;
    return true;
  }

 private:
  void Work(const std::function<void(size_t)>& fn, size_t n) {
    for (size_t i; (i = next_.fetch_add(1)) < n;) fn(i);
  }
  void Loop() {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(size_t)>* fn;
      size_t n;
      {
        std::unique_lock lock(mu_);
        start_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        fn = fn_;
        n = n_;
      }
      Work(*fn, n);
      std::lock_guard lock(mu_);
      if (--busy_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex run_mu_;  // one batch at a time
  std::mutex mu_;
  std::condition_variable start_, done_;
  const std::function<void(size_t)>* fn_ = nullptr;
  size_t n_ = 0, busy_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::atomic<size_t> next_{0};
};

}  // namespace detail

TravelScreener::TravelScreener(AlertService& service, TravelScreenOptions options)
    : service_(service), opts_(std::move(options)) {
  // Persons and entities of unknown kind only: the name index leaves the others out while it
  // gathers candidates, so their names take no room in the pool and are never scored (Weigh
  // still drops any that come back, e.g. found by a document).
  if (opts_.persons_only && opts_.params.kinds.empty()) opts_.params.kinds = {EntityKind::kPerson, EntityKind::kUnknown};
  ScreenParams search = opts_.params;
  search.limit = opts_.params.limit + 5;  // re-weighing reorders
  search_ = SearchParamsOf(search);
  ScreenRecord name_only;
  name_only.kind = EntityKind::kPerson;
  no_attributes_ = QueryAttributesOf(name_only);
  const unsigned threads = opts_.threads ? opts_.threads : std::max(1u, std::thread::hardware_concurrency());
  if (threads > 1) pool_ = std::make_unique<detail::WorkerPool>(threads - 1);
}

TravelScreener::~TravelScreener() = default;

std::string TravelScreener::PartyKey(const Traveller& t) const {
  const std::string name = t.FullName();
  std::string id = opts_.pseudonym_salt + "|" +
                   CollapseSpaces(text::IsAscii(name) ? AsciiLower(name) : text::Normalise(name)) + "|" + t.dob.ToString();
  for (const auto& d : t.documents) id += "|" + TravelDocumentKey(d.number);
  return "travel:" + Sha256Hex(id).substr(0, 32);
}

std::shared_ptr<const TravelDocumentIndex> TravelScreener::DocsFor(const index::NameIndex& ix) {
  std::lock_guard lock(mu_);
  if (cache_.names.get() == &ix) return cache_.docs;
  auto docs = std::make_shared<const TravelDocumentIndex>(
      TravelDocumentIndex::Build(ix.entity_count(), [&](size_t e) -> const Entity& { return ix.entity(static_cast<uint32_t>(e)); }));
  auto snap = service_.snapshot();
  if (snap && snap->names.get() == &ix) cache_ = {snap->names, docs};  // (kept alive: the address stays its own)
  return docs;
}

void TravelScreener::Weigh(const Traveller& t, const index::NameIndex& ix, std::vector<index::NameHit>* hits) {
  const double threshold = opts_.params.threshold;
  if (opts_.persons_only)
    std::erase_if(*hits, [&](const index::NameHit& h) {
      const EntityKind k = ix.entity(h.entity).kind;
      return k == EntityKind::kOrganisation || k == EntityKind::kVessel || k == EntityKind::kAircraft;
    });
  std::optional<std::string> full_name;  // for the family-name check, only when there are hits
  auto weigh = [&](index::NameHit& h, double name_score) {
    const Entity& e = ix.entity(h.entity);
    h.explanation.name_score = name_score;
    h.explanation.adjustments.clear();
    auto& adj = h.explanation.adjustments;
    TravelAdjustments(t, e, name_score, threshold, opts_.dob, opts_.weights, &adj);
    if (opts_.weights.family_off != 0 && h.name >= 0 && static_cast<size_t>(h.name) < e.names.size() &&
        name_score + 1e-9 >= threshold - opts_.weights.attributes_from) {
      if (!full_name) full_name = t.FullName();
      std::string family;
      if (FamilyNameAbsent(*full_name, e.names[h.name], &family))
        adj.push_back({"family_name", opts_.weights.family_off, "no part of the listed family name " + family});
    }
    double s = name_score;
    for (const auto& a : adj) s += a.delta;
    h.score = std::clamp(s, 0.0, 1.0);
  };
  // The name was searched alone, so the engine added nothing to it: its score is the name's
  // (explanation.name_score is only filled when explaining).
  for (auto& h : *hits) weigh(h, h.score);
  // Documents: a listed document equal to the traveller's, whatever the name.
  auto docs = DocsFor(ix);
  for (const auto& d : t.documents) {
    const auto& found = docs->Find(TravelDocumentKey(d.number));
    for (const auto& p : found) {
      const Entity& e = ix.entity(p.entity);
      if (opts_.persons_only && (e.kind == EntityKind::kOrganisation || e.kind == EntityKind::kVessel ||
                                 e.kind == EntityKind::kAircraft))
        continue;
      const auto& lists = opts_.params.lists;  // the lists asked for, as the name search
      if (!lists.empty() && std::find(lists.begin(), lists.end(), e.source) == lists.end()) continue;
      DocumentMatch m = MatchDocument(d, e.documents[p.document], opts_.weights);
      if (m.floor <= 0) continue;
      auto it = std::find_if(hits->begin(), hits->end(), [&](const index::NameHit& h) { return h.entity == p.entity; });
      if (it == hits->end()) {
        // Not found by name: score the traveller's name against the entity's for the explanation.
        index::NameHit nh;
        nh.entity = p.entity;
        names::PreparedName q = names::PrepareName(t.FullName(), EntityKind::kPerson);
        names::AttachWeights(&q, ix.token_stats());
        double best = 0;
        names::ScoreOptions so;
        so.explain = opts_.params.explain;
        for (size_t i = 0; i < e.names.size(); ++i) {
          names::PreparedName c = names::PrepareName(e.names[i].full, e.kind);
          names::AttachWeights(&c, ix.token_stats());
          auto r = names::ScoreNames(q, c, ix.token_stats(), so);
          if (r.score > best || nh.name < 0) {
            best = r.score;
            nh.name = static_cast<int>(i);
            nh.explanation = std::move(r.explanation);
          }
        }
        weigh(nh, best);
        hits->push_back(std::move(nh));
        it = hits->end() - 1;
      }
      if (it->score < m.floor) {
        it->explanation.adjustments.push_back({"document", m.floor - it->score, m.detail});
        it->score = m.floor;
      } else {
        it->explanation.adjustments.push_back({"document", 0.0, m.detail});
      }
    }
  }
  std::erase_if(*hits, [&](const index::NameHit& h) { return h.score + 1e-9 < threshold; });
  std::stable_sort(hits->begin(), hits->end(), [&](const index::NameHit& a, const index::NameHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return ix.entity(a.entity).id < ix.entity(b.entity).id;
  });
  if (hits->size() > opts_.params.limit) hits->resize(opts_.params.limit);
}

std::vector<index::NameHit> TravelScreener::NameHits(const index::NameIndex& ix, const std::string& name,
                                                     double threshold) {
  std::string key;
  if (opts_.name_cache) {
    key.reserve(name.size() + sizeof threshold);
    key = name;
    key.append(reinterpret_cast<const char*>(&threshold), sizeof threshold);
    std::lock_guard lock(names_mu_);
    if (names_.get() == &ix) {
      if (auto it = name_hits_.find(key); it != name_hits_.end()) return it->second;
    }
  }
  // The name alone, as a person (ScreenRecordHits of a record holding only the name, without
  // building one: the search parameters and the empty attributes are the screener's, made once).
  names::PreparedName q = names::PrepareName(name, EntityKind::kPerson);
  names::AttachWeights(&q, ix.token_stats());
  std::vector<index::NameHit> hits;
  if (threshold == search_.threshold) {
    hits = ix.Search(q, no_attributes_, search_);
  } else {
    index::NameSearchParams at = search_;
    at.threshold = threshold;
    hits = ix.Search(q, no_attributes_, at);
  }
  if (opts_.name_cache) {
    std::lock_guard lock(names_mu_);
    auto snap = service_.snapshot();
    if (names_.get() != &ix) {
      name_hits_.clear();
      names_.reset();
      // (kept only while it is the snapshot's: the address then stays its own)
      if (snap && snap->names.get() == &ix) names_ = snap->names;
    }
    if (names_.get() == &ix) {
      if (name_hits_.size() >= opts_.name_cache) name_hits_.clear();
      name_hits_.emplace(std::move(key), hits);
    }
  }
  return hits;
}

Result<TravellerResult> TravelScreener::Screen(const TravellerItem& item) {
  TravellerResult out;
  out.item = &item;
  const Traveller& t = item.traveller;
  if (t.role == TravellerRole::kCrew && !opts_.screen_crew) return out;
  out.screened = true;
  ScreenRecord rec = RecordOf(item);
  if (rec.name.empty()) rec.name = "?";  // a traveller without a name is still looked up by document
  // ScreenParty's steps the travel way: the name searched alone (through the name cache), the
  // travel weighing, then the alert half (AlertHits) under the pseudonymous key.
  auto snap = service_.snapshot();
  if (!snap || !snap->names) return FailedPrecondition("no name list is loaded: import a list first");
  const index::NameIndex& ix = *snap->names;
  const double threshold =
      opts_.attributes_lift ? std::max(0.0, opts_.params.threshold - MaxTravelBonus(t, opts_.weights)) : opts_.params.threshold;
  std::vector<index::NameHit> hits = NameHits(ix, rec.name, threshold);
  Weigh(t, ix, &hits);
  TAMIS_ASSIGN_OR_RETURN(out.party, service_.AlertHits(rec, std::move(hits), std::move(snap), opts_.params, opts_.line,
                                                      [&] { return PartyKey(t); }));
  return out;
}

FlightResult TravelScreener::ScreenFlight(const TravelFlight& flight) {
  const auto t0 = std::chrono::steady_clock::now();
  FlightResult fr;
  fr.flight = &flight;
  fr.travellers.resize(flight.travellers.size());
  auto one = [&](size_t i) {
    auto r = Screen(flight.travellers[i]);
    if (r.ok()) {
      fr.travellers[i] = std::move(r).value();
    } else {
      fr.travellers[i].item = &flight.travellers[i];
      fr.travellers[i].screened = true;
      fr.travellers[i].error = r.status();
    }
  };
  const std::function<void(size_t)> fn = one;
  if (!pool_ || flight.travellers.size() < 32 || !pool_->TryRun(flight.travellers.size(), fn))
    for (size_t i = 0; i < flight.travellers.size(); ++i) one(i);
  FlightSummary& s = fr.summary;
  for (const auto& r : fr.travellers) {
    const Traveller& t = r.item->traveller;
    ++s.travellers;
    (t.role == TravellerRole::kCrew ? s.crew : s.passengers) += 1;
    if (!r.item->mrz_format.empty() && !r.item->mrz_issues.empty()) ++s.mrz_invalid;
    if (!r.screened) continue;
    ++s.screened;
    if (!r.error.ok()) {
      ++s.errors;
      continue;
    }
    s.hits += static_cast<int64_t>(r.party.hits.size());
    s.with_hits += !r.party.hits.empty();
    for (size_t i = 0; i < r.party.alerts.size(); ++i) {
      const auto& a = r.party.alerts[i];
      if (a.suppressed) ++s.suppressed;
      else if (a.alert_id && a.created) ++s.alerts_new;
      else if (a.alert_id) ++s.alerts_existing;
    }
    if (!r.party.hits.empty() && r.party.hits[0].score > s.best_score) {
      s.best_score = r.party.hits[0].score;
      s.best_traveller = r.item->id;
      s.best_entity = r.party.hits[0].entity;
    }
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return fr;
}

std::string FlightJson(const TravelFlight& flight) {
  JsonWriter w;
  WriteFlight(w, flight);
  return w.Take();
}

std::string TravellerJson(const index::NameIndex& ix, const TravelFlight& flight, const TravellerResult& r,
                          std::string_view source, bool explain, std::string_view flight_json) {
  JsonWriter w;
  w.Reserve(flight_json.size() + 640 + r.party.hits.size() * (explain ? 1024 : 256));  // (a traveller without hits: ~500 bytes)
  w.BeginObject().Field("record", r.error.ok() ? "traveller" : "error");
  TravellerFields(w, ix, flight, r, source, explain, flight_json);
  w.EndObject();
  return w.Take();
}

std::vector<std::string> TravellerLines(const index::NameIndex& ix, const FlightResult& fr, std::string_view source,
                                        bool explain) {
  const std::string flight_json = FlightJson(*fr.flight);
  std::vector<std::string> lines;
  lines.reserve(fr.travellers.size());
  for (const auto& r : fr.travellers) lines.push_back(TravellerJson(ix, *fr.flight, r, source, explain, flight_json));
  return lines;
}

std::string FlightSummaryJson(const index::NameIndex& ix, const TravelFlight& flight, const FlightSummary& s,
                              std::string_view source) {
  JsonWriter w;
  w.BeginObject().Field("record", "flight");
  SummaryFields(w, ix, flight, s, source);
  w.EndObject();
  return w.Take();
}

std::string TravelErrorJson(std::string_view source, std::string_view error) {
  JsonWriter w;
  w.BeginObject().Field("record", "error").FieldIfNotEmpty("source", source).Field("error", error).EndObject();
  return w.Take();
}

Result<std::string> ScreenTravelJson(AlertService& service, std::string_view body, const TravelJsonOptions& options) {
  auto snap = service.snapshot();
  if (!snap || !snap->names) return FailedPrecondition("no name list is loaded: import a list first");
  TAMIS_ASSIGN_OR_RETURN(auto batch, ReadTravelInput(body, "request body", options.input));
  TravelScreenOptions so = options.screen;
  if (options.keep && so.pseudonym_salt.empty()) {
    TAMIS_ASSIGN_OR_RETURN(so.pseudonym_salt, options.keep->CurrentSalt(service.Now()));
  }
  TravelScreener screener(service, so);
  std::vector<FlightResult> results;
  for (const auto& f : batch.flights) results.push_back(screener.ScreenFlight(f));
  // The hits index the snapshot in force while screening; a list reload in between is rare:
  // screen again on the new snapshot then.
  for (int attempt = 0; attempt < 2 && service.snapshot() != snap; ++attempt) {
    snap = service.snapshot();
    results.clear();
    for (const auto& f : batch.flights) results.push_back(screener.ScreenFlight(f));
  }
  const index::NameIndex& ix = *snap->names;
  if (options.keep) {
    std::vector<TravelResultRow> rows;
    for (const auto& fr : results) {
      auto r = TravelResultRows(ix, fr, options.source, service.Now(), so.params.explain);
      rows.insert(rows.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
    }
    TAMIS_RETURN_IF_ERROR(options.keep->AddResults(rows));
  }
  JsonWriter w;
  w.BeginObject().Field("format", TravelFormatName(batch.format));
  w.Key("flights").BeginArray();
  for (const auto& fr : results) {
    w.BeginObject();
    SummaryFields(w, ix, *fr.flight, fr.summary, "");
    w.EndObject();
  }
  w.EndArray().Key("travellers").BeginArray();
  for (const auto& fr : results) {
    const std::string flight_json = FlightJson(*fr.flight);
    for (const auto& r : fr.travellers) {
      w.BeginObject();
      TravellerFields(w, ix, *fr.flight, r, "", options.screen.params.explain, flight_json);
      w.EndObject();
    }
  }
  w.EndArray();
  w.StringArrayIfNotEmpty("warnings", batch.warnings).StringArrayIfNotEmpty("errors", batch.errors);
  w.EndObject();
  return w.Take();
}

}  // namespace tamis
