#include "service/registry_service.h"

#include <algorithm>
#include <cmath>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/strings.h"
#include "formats/json_writer.h"
#include "index/names/name_index.h"

namespace tamis {
namespace {

using Clock_ = std::chrono::steady_clock;
double Since(Clock_::time_point t) { return std::chrono::duration<double>(Clock_::now() - t).count(); }

std::string Join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// The stored result: "entity_id<TAB>score" per line, best first (hits as Search orders them).
std::string FormatResult(const index::NameIndex& ix, const std::vector<index::NameHit>& hits) {
  std::string out;
  char buf[32];
  for (const auto& h : hits) {
    std::snprintf(buf, sizeof buf, "\t%.6f\n", h.score);
    out += ix.entity(h.entity).id;
    out += buf;
  }
  return out;
}

std::vector<std::pair<std::string, double>> ParseResult(std::string_view r) {
  std::vector<std::pair<std::string, double>> out;
  while (!r.empty()) {
    size_t nl = r.find('\n');
    std::string_view line = r.substr(0, nl);
    r = nl == std::string_view::npos ? std::string_view() : r.substr(nl + 1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    out.emplace_back(std::string(line.substr(0, tab)), std::strtod(std::string(line.substr(tab + 1)).c_str(), nullptr));
  }
  return out;
}

// The entity ids of a stored result, without parsing scores.
template <typename Fn>
void ForEachResultEntity(std::string_view r, Fn&& fn) {
  while (!r.empty()) {
    size_t nl = r.find('\n');
    std::string_view line = r.substr(0, nl);
    r = nl == std::string_view::npos ? std::string_view() : r.substr(nl + 1);
    size_t tab = line.find('\t');
    if (tab != std::string_view::npos) fn(line.substr(0, tab));
  }
}

// What screening reads of an entity (names, attributes, documents): a change elsewhere (an
// address, a program, remarks) cannot change any subject's score.
bool SameForScreening(const Entity& a, const Entity& b) {
  return a.kind == b.kind && a.names == b.names && a.dates_of_birth == b.dates_of_birth &&
         a.places_of_birth == b.places_of_birth && a.nationalities == b.nationalities &&
         a.citizenships == b.citizenships && a.gender == b.gender && a.documents == b.documents && a.titles == b.titles;
}

Entity ReverseEntityOf(const ScreenRecord& rec) {
  Entity e;
  e.id = rec.id;
  e.source = "registry";
  e.kind = rec.kind;
  Name n;
  n.full = rec.name;
  e.names.push_back(std::move(n));
  if (rec.dob.known()) {
    DateOfBirth d;
    d.from = rec.dob;
    e.dates_of_birth.push_back(d);
  }
  e.nationalities = rec.nationalities;
  e.gender = rec.gender;
  return e;
}

template <typename Fn>
void ParallelFor(size_t n, unsigned threads, Fn&& fn) {
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<size_t>(1, n / 16))));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (;;) {
      size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) break;
      fn(i);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace

RegistrySubject SubjectOf(const ScreenRecord& rec) {
  RegistrySubject s;
  s.subject_id = rec.id;
  s.name = rec.name;
  if (rec.kind != EntityKind::kUnknown) s.kind = std::string(EntityKindName(rec.kind));
  s.dob = rec.dob.ToString();
  s.nationality = Join(rec.nationalities, ';');
  s.country = rec.country;
  s.gender = std::string(GenderName(rec.gender));
  s.id_number = rec.id_number;
  return s;
}

Result<ScreenRecord> RecordOf(const RegistrySubject& s) {
  const std::string* v[8] = {&s.subject_id, &s.name, &s.kind, &s.dob, &s.nationality, &s.country, &s.gender, &s.id_number};
  ScreenRecord rec;
  Status st = FillRecord(v, RecordReaderOptions{}, &rec);
  if (!st.ok()) return st.WithContext("registry subject '" + s.subject_id + "'");
  return rec;
}

std::string RegistryLineError::ToString() const {
  std::string out = file + ":" + std::to_string(line) + ": ";
  if (!id.empty()) out += "id " + id + ": ";
  std::string_view msg = error.message();
  const std::string own = "line " + std::to_string(line) + ": ";  // the reader's own prefix, said once
  if (msg.starts_with(own)) msg.remove_prefix(own.size());
  return out + std::string(msg);
}

Result<RegistryImportReport> ImportRegistry(RegistryStore& reg, const RegistryImportRequest& req, const std::string& now) {
  RegistryImportReport rep;
  std::vector<RegistrySubject> subjects;
  std::unordered_map<std::string, int> first_line;
  if (!req.file.empty()) {
    std::ifstream in(req.file, std::ios::binary);
    if (!in) return NotFound("cannot read " + req.file.string());
    RecordReader reader(in, req.format, req.reader);
    const std::string fname = req.file.string();
    for (;;) {
      RecordItem item;
      auto more = reader.Next(&item);
      if (!more.ok()) return more.status().WithContext(fname);
      if (!*more) break;
      ++rep.read;
      if (!item.error.ok()) {
        rep.errors.push_back({fname, item.record.line, item.record.id, item.error});
        continue;
      }
      auto [it, fresh] = first_line.emplace(item.record.id, item.record.line);
      if (!fresh) {
        rep.errors.push_back({fname, item.record.line, item.record.id,
                              InvalidArgument("duplicate id (first on line " + std::to_string(it->second) + "; that one is kept)")});
        continue;
      }
      subjects.push_back(SubjectOf(item.record));
    }
  }
  std::vector<std::string> deletes;
  if (!req.delete_file.empty()) {
    std::ifstream in(req.delete_file, std::ios::binary);
    if (!in) return NotFound("cannot read " + req.delete_file.string());
    std::string line;
    int n = 0;
    std::set<std::string> seen;
    while (std::getline(in, line)) {
      ++n;
      std::string_view id = Trim(line);
      if (id.empty() || id[0] == '#' || (n == 1 && id == "id")) continue;
      ++rep.read;
      if (first_line.count(std::string(id))) {
        rep.errors.push_back({req.delete_file.string(), n, std::string(id),
                              InvalidArgument("deleted and upserted in the same import: neither applied")});
        subjects.erase(std::remove_if(subjects.begin(), subjects.end(), [&](const RegistrySubject& s) { return s.subject_id == id; }),
                       subjects.end());
        continue;
      }
      if (seen.insert(std::string(id)).second) deletes.emplace_back(id);
    }
  }
  TAMIS_ASSIGN_OR_RETURN(rep.outcome, reg.Apply(subjects, deletes, now));
  return rep;
}

Result<RescreenSummary> RescreenRegistry(AlertService& svc, RegistryStore& reg, const RescreenOptions& opts,
                                         const RegistryProgressFn& progress,
                                         const std::function<void(const SubjectChange&)>& report) {
  const auto t_all = Clock_::now();
  auto snap = svc.snapshot();
  if (!snap || !snap->names) return FailedPrecondition("no name list is loaded: import a list first");
  const index::NameIndex& lists = *snap->names;
  const unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  ScreenParams params = opts.params;
  params.explain = false;
  RescreenSummary sum;

  auto t = Clock_::now();
  if (progress) progress("load", 0, -1);
  TAMIS_ASSIGN_OR_RETURN(auto subjects, reg.LoadAll());
  TAMIS_ASSIGN_OR_RETURN(auto last, reg.LastRun());
  std::vector<ScreenRecord> records(subjects.size());
  for (size_t i = 0; i < subjects.size(); ++i) {
    TAMIS_ASSIGN_OR_RETURN(records[i], RecordOf(subjects[i]));
  }
  sum.subjects = static_cast<int64_t>(subjects.size());
  for (const auto& v : snap->lists)
    if (v.kind != "hashes") sum.to_versions[v.source] = v.version_id;
  if (last) sum.from_versions = last->versions;
  sum.load_seconds = Since(t);

  // What changed since the last run, source by source.
  std::vector<std::string> removed;
  std::vector<uint32_t> queried;  // list entities (index into `lists`) whose names are searched
  std::unordered_set<std::string> touched;  // removed or changed entity ids
  bool full = opts.full || !last;
  if (!full && opts.max_names_change >= 0 && last->list_names > 0 && last->versions != sum.to_versions) {
    const double moved = std::abs(static_cast<double>(lists.name_count()) - static_cast<double>(last->list_names)) /
                         static_cast<double>(last->list_names);
    if (moved > opts.max_names_change) {
      full = true;
      sum.full_because = "the list's names went from " + std::to_string(last->list_names) + " to " +
                         std::to_string(lists.name_count()) + ": its token weights moved too much for a delta";
    }
  }
  sum.mode = full ? "full" : "delta";
  std::unordered_map<std::string, uint32_t> entity_index;
  auto index_of = [&](const std::string& id) -> int64_t {
    if (entity_index.empty())
      for (uint32_t i = 0; i < lists.entity_count(); ++i) entity_index.emplace(lists.entity(i).id, i);
    auto it = entity_index.find(id);
    return it == entity_index.end() ? -1 : it->second;
  };
  for (const auto& [src, to] : sum.to_versions) {
    const int64_t from = last ? (last->versions.count(src) ? last->versions.at(src) : 0) : 0;
    if (from == to || !last) continue;  // (a full run still closes the alerts of removed entities)
    if (from == 0) {  // a source new to the registry: all its entities are added
      for (uint32_t i = 0; i < lists.entity_count(); ++i)
        if (lists.entity(i).source == src) queried.push_back(i), ++sum.entities_added;
      continue;
    }
    TAMIS_ASSIGN_OR_RETURN(VersionDiff d, svc.Diff(from, to));
    sum.entities_added += static_cast<int64_t>(d.added.size());
    sum.entities_changed += static_cast<int64_t>(d.changed.size());
    sum.entities_removed += static_cast<int64_t>(d.removed.size());
    for (const auto& id : d.added)
      if (int64_t i = full ? -1 : index_of(id); i >= 0) queried.push_back(static_cast<uint32_t>(i));
    for (const auto& id : d.changed) {
      touched.insert(id);
      if (full) continue;
      int64_t i = index_of(id);
      if (i < 0) continue;
      auto old = svc.GetEntity(id, from);
      if (!old.ok() || !SameForScreening(*old, lists.entity(static_cast<uint32_t>(i)))) queried.push_back(static_cast<uint32_t>(i));
    }
    for (const auto& id : d.removed) touched.insert(id), removed.push_back(id);
  }
  sum.entities_queried = static_cast<int64_t>(queried.size());

  // Which subjects to screen.
  std::vector<char> pick(subjects.size(), full ? 1 : 0);
  const bool lists_changed = !last || last->versions != sum.to_versions;
  if (!full) {
    for (size_t i = 0; i < subjects.size(); ++i)
      if (subjects[i].screened_run == 0 || (lists_changed && !subjects[i].result.empty())) pick[i] = 1;
    if (!queried.empty() && !subjects.empty()) {
      t = Clock_::now();
      if (progress) progress("index", 0, static_cast<int64_t>(subjects.size()));
      std::vector<Entity> rev;
      rev.reserve(records.size());
      for (const auto& r : records) rev.push_back(ReverseEntityOf(r));
      index::NameIndexOptions io;
      io.threads = threads;
      auto rix = index::NameIndex::Build(std::move(rev), io);
      sum.registry_index_bytes = rix->stats().memory_bytes;
      std::unordered_multimap<std::string, uint32_t> by_document;
      for (uint32_t i = 0; i < records.size(); ++i) {
        if (records[i].id_number.empty()) continue;
        std::string k = names::DocumentKey(records[i].id_number);
        if (k.size() >= names::kMinDocumentKey) by_document.emplace(std::move(k), i);
      }
      sum.index_seconds = Since(t);

      t = Clock_::now();
      index::NameSearchParams sp;
      sp.threshold = std::max(0.0, params.threshold - opts.reverse_margin);
      sp.limit = subjects.size();
      sp.explain = false;
      sp.max_candidates = sp.candidate_pool = sp.abjad_candidate_pool = std::max<size_t>(1, opts.reverse_max_candidates);
      std::vector<std::vector<uint32_t>> found(queried.size());
      std::atomic<int64_t> done{0};
      ParallelFor(queried.size(), threads, [&](size_t k) {
        const Entity& e = lists.entity(queried[k]);
        auto& out = found[k];
        for (const auto& n : e.names) {
          names::PreparedName q = names::PrepareName(n.full, e.kind);
          names::AttachWeights(&q, rix->token_stats());
          for (const auto& h : rix->Search(q, names::QueryAttributes{}, sp)) out.push_back(h.entity);
        }
        for (const auto& d : e.documents) {
          auto range = by_document.equal_range(names::DocumentKey(d.number));
          for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
        }
        done.fetch_add(1, std::memory_order_relaxed);
      });
      std::vector<char> rev_hit(subjects.size(), 0);
      for (const auto& f : found)
        for (uint32_t s : f) rev_hit[s] = 1;
      for (size_t i = 0; i < subjects.size(); ++i) {
        sum.reverse_candidates += rev_hit[i];
        pick[i] |= rev_hit[i];
      }
      sum.match_seconds = Since(t);
      if (progress) progress("match", done.load(), static_cast<int64_t>(queried.size()));
    }
  }
  std::vector<uint32_t> todo;
  for (uint32_t i = 0; i < subjects.size(); ++i)
    if (pick[i]) todo.push_back(i);
  sum.rescreened = static_cast<int64_t>(todo.size());
  if (!full && todo.empty() && !lists_changed) {
    sum.mode = "none";
    sum.seconds = Since(t_all);
    return sum;
  }

  // Screen them exactly as full screening does.
  t = Clock_::now();
  std::vector<std::vector<index::NameHit>> hits(todo.size());
  std::atomic<int64_t> screened{0};
  ParallelFor(todo.size(), threads, [&](size_t k) {
    hits[k] = ScreenRecordHits(lists, records[todo[k]], params);
    screened.fetch_add(1, std::memory_order_relaxed);
  });
  if (progress) progress("screen", static_cast<int64_t>(todo.size()), static_cast<int64_t>(todo.size()));
  sum.screen_seconds = Since(t);

  // Alerts: delisted ones closed, new hits through the one alert path.
  t = Clock_::now();
  std::unordered_map<std::string, std::vector<int64_t>> closed_of;  // subject id -> alerts closed
  for (const auto& id : removed) {
    const std::string reason = "delisted: " + id + " is not in the list version in force";
    TAMIS_ASSIGN_OR_RETURN(auto closed, svc.review().CloseDelisted(id, opts.actor, reason, svc.Now()));
    sum.alerts_closed += static_cast<int64_t>(closed.size());
    for (const auto& a : closed)
      if (a.line == opts.line) closed_of[a.party_id].push_back(a.alert_id);
  }
  std::vector<RegistryResult> results;
  results.reserve(todo.size());
  std::vector<SubjectChange> changes;
  for (size_t k = 0; k < todo.size(); ++k) {
    const uint32_t i = todo[k];
    std::string result = FormatResult(lists, hits[k]);
    SubjectChange c;
    c.subject_id = subjects[i].subject_id;
    if (!hits[k].empty()) {
      TAMIS_ASSIGN_OR_RETURN(PartyResult pr, svc.AlertHits(records[i], hits[k], snap, params, opts.line));
      for (const auto& a : pr.alerts)
        if (a.created) c.opened.push_back(a.alert_id);
    }
    sum.alerts_opened += static_cast<int64_t>(c.opened.size());
    if (auto it = closed_of.find(c.subject_id); it != closed_of.end()) c.closed = std::move(it->second), closed_of.erase(it);
    if (result != subjects[i].result || subjects[i].screened_run == 0) ++sum.changed;
    if (result != subjects[i].result || !c.opened.empty() || !c.closed.empty()) {
      c.before = ParseResult(subjects[i].result);
      c.after = ParseResult(result);
      changes.push_back(std::move(c));
    }
    results.push_back({subjects[i].subject_id, std::move(result)});
  }
  for (auto& [sid, ids] : closed_of) {  // closed alerts of subjects not screened again
    SubjectChange c;
    c.subject_id = sid;
    c.closed = std::move(ids);
    changes.push_back(std::move(c));
  }
  std::sort(changes.begin(), changes.end(), [](const SubjectChange& a, const SubjectChange& b) { return a.subject_id < b.subject_id; });

  if (progress) progress("save", 0, static_cast<int64_t>(results.size()));
  RegistryRun run;
  run.at = svc.Now();
  run.mode = sum.mode;
  run.versions = sum.to_versions;
  run.subjects = sum.subjects;
  run.rescreened = sum.rescreened;
  run.changed = sum.changed;
  run.opened = sum.alerts_opened;
  run.closed = sum.alerts_closed;
  run.list_names = static_cast<int64_t>(lists.name_count());
  TAMIS_ASSIGN_OR_RETURN(sum.run_id, reg.SaveRun(run, results));
  sum.save_seconds = Since(t);
  if (report)
    for (const auto& c : changes) report(c);
  sum.seconds = Since(t_all);
  return sum;
}

std::string SubjectChangeJson(const SubjectChange& c) {
  JsonWriter w;
  auto hits = [&](const char* key, const std::vector<std::pair<std::string, double>>& v) {
    w.Key(key).BeginArray();
    for (const auto& [id, score] : v) w.BeginObject().Field("entity_id", id).Key("score").Double(score, 4).EndObject();
    w.EndArray();
  };
  auto ids = [&](const char* key, const std::vector<int64_t>& v) {
    w.Key(key).BeginArray();
    for (int64_t id : v) w.Int(id);
    w.EndArray();
  };
  std::set<std::string> before, after;
  for (const auto& h : c.before) before.insert(h.first);
  for (const auto& h : c.after) after.insert(h.first);
  std::vector<std::string> added, dropped;
  for (const auto& id : after)
    if (!before.count(id)) added.push_back(id);
  for (const auto& id : before)
    if (!after.count(id)) dropped.push_back(id);
  w.BeginObject().Field("subject_id", c.subject_id);
  w.Key("hits_added").BeginArray();
  for (const auto& id : added) w.String(id);
  w.EndArray().Key("hits_removed").BeginArray();
  for (const auto& id : dropped) w.String(id);
  w.EndArray();
  hits("before", c.before);
  hits("after", c.after);
  ids("alerts_opened", c.opened);
  ids("alerts_closed", c.closed);
  w.EndObject();
  return w.Take();
}

std::string RescreenSummaryJson(const RescreenSummary& s) {
  JsonWriter w;
  auto versions = [&](const char* key, const std::map<std::string, int64_t>& v) {
    w.Key(key).BeginObject();
    for (const auto& [src, id] : v) w.Key(src).Int(id);
    w.EndObject();
  };
  w.BeginObject().Field("mode", s.mode).FieldIfNotEmpty("full_because", s.full_because).Key("run_id").Int(s.run_id);
  versions("from_versions", s.from_versions);
  versions("to_versions", s.to_versions);
  w.Key("subjects").Int(s.subjects).Key("rescreened").Int(s.rescreened).Key("changed").Int(s.changed);
  w.Key("entities_added").Int(s.entities_added).Key("entities_changed").Int(s.entities_changed);
  w.Key("entities_removed").Int(s.entities_removed).Key("entities_queried").Int(s.entities_queried);
  w.Key("reverse_candidates").Int(s.reverse_candidates);
  w.Key("alerts_opened").Int(s.alerts_opened).Key("alerts_closed").Int(s.alerts_closed);
  w.Key("registry_index_bytes").Int(static_cast<int64_t>(s.registry_index_bytes));
  w.Key("seconds").Double(s.seconds, 3).Key("load_seconds").Double(s.load_seconds, 3);
  w.Key("index_seconds").Double(s.index_seconds, 3).Key("match_seconds").Double(s.match_seconds, 3);
  w.Key("screen_seconds").Double(s.screen_seconds, 3).Key("save_seconds").Double(s.save_seconds, 3);
  w.EndObject();
  return w.Take();
}

Status RescreenAfterListUpdate(AlertService& svc, const std::string& actor) {
  TAMIS_ASSIGN_OR_RETURN(auto reg, RegistryStore::Open(svc.db_path()));
  TAMIS_ASSIGN_OR_RETURN(int64_t n, reg->Count());
  if (n == 0) return Status::Ok();
  auto snap = svc.snapshot();
  if (!snap || !snap->names) return Status::Ok();  // only hash lists: nothing to screen names against
  RescreenOptions opts;
  opts.actor = actor;
  TAMIS_ASSIGN_OR_RETURN(RescreenSummary s, RescreenRegistry(svc, *reg, opts, nullptr, nullptr));
  if (s.mode == "none") return Status::Ok();
  return svc.review().Audit(actor, "registry.rescreen", "run:" + std::to_string(s.run_id),
                            s.mode + ": " + std::to_string(s.rescreened) + " of " + std::to_string(s.subjects) +
                                " subjects screened, " + std::to_string(s.changed) + " changed, " +
                                std::to_string(s.alerts_opened) + " alerts opened, " + std::to_string(s.alerts_closed) +
                                " closed",
                            svc.Now());
}

}  // namespace tamis
