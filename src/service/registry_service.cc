#include "service/registry_service.h"

#include <algorithm>
#include <cmath>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/strings.h"
#include "formats/json_writer.h"
#include "index/names/name_index.h"
#include "index/names/query_context.h"
#include "service/registry_weights.h"

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

// The fallback variants of key `k`, tagged "\x01": the key and its one-character deletions,
// standing on `via` (see NameKeys).
void FallbackVariants(std::string_view k, int64_t via, std::vector<RegistryKey>* out) {
  std::string v("\x01");
  v.append(k);
  out->push_back({static_cast<int64_t>(index::CandidateKeyHash(v)), via});
  for (size_t d = 0; d < k.size(); ++d) {
    v.assign("\x01");
    v.append(k.substr(0, d));
    v.append(k.substr(d + 1));
    out->push_back({static_cast<int64_t>(index::CandidateKeyHash(v)), via});
  }
}

// The reverse index's keys of one prepared name: every key the name index may post it under
// or look it up by (names::CandidateKeys, the acronym key whatever the kind), and, tagged, the
// fallback variants of each content token's skeleton (the skeleton and its one-consonant
// deletions: two skeletons within one edit share one). A list name that the name index can
// pool for a query shares one of these with the query (candidate_gather.cc reads no other
// keys), so a subject not holding any key of an entity's names can never have it as a
// candidate. A fallback variant of a subject stands on its token's own key (`via`): the name
// index reads a query token's fallback keys only when that key is posted to at most
// kFallbackBelow list names, which the delta checks against the list in force.
// With `queried` (a list name the delta searches), also the fallback variants of every key of
// the name, its joined pairs and acronym included. The fallback table maps a variant to the hash
// of a list name's single-token skeleton (name_index_build.cc), and that hash's postings hold
// every name posted under an equal key: a joined pair of this name ("nur din": NRDN) equal to
// another name's single skeleton ("Nurdin") is reached through the fallback by a subject token
// one edit away ("Nurpdin") like the skeleton itself.
void NameKeys(const names::PreparedName& p, std::vector<RegistryKey>* out, bool queried = false) {
  char buf[text::kMaxKeyLength];
  std::vector<std::string> keys = names::CandidateKeys(p);
  if (std::string a = names::AcronymKey(p); !a.empty()) keys.push_back(std::move(a));
  for (const auto& k : keys) out->push_back({static_cast<int64_t>(index::CandidateKeyHash(k)), 0});
  for (size_t i = 0; i < p.tokens.size(); ++i) {
    if (p.tokens[i].flags & names::kKeylessTokenFlags) continue;
    const std::string_view sk = p.skeleton(i);
    if (sk.size() < index::detail::kMinFallbackLength) continue;
    // (the index reads the fallback of a token whose skeleton is no key of its own in any case)
    const int64_t via = names::TokenOwnKey(sk, p.phonetic(i), buf) == sk ? static_cast<int64_t>(index::CandidateKeyHash(sk)) : 0;
    FallbackVariants(sk, via, out);
  }
  if (queried)
    for (const auto& k : keys)
      if (k.size() >= index::detail::kMinFallbackLength) FallbackVariants(k, 0, out);
}

void DocumentKeyOf(std::string_view number, std::vector<RegistryKey>* out) {
  std::string k = names::DocumentKey(number);
  if (k.size() >= names::kMinDocumentKey) out->push_back({static_cast<int64_t>(index::CandidateKeyHash("\x02" + k)), 0});
}

template <typename T>
void Unique(std::vector<T>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// Hashes of the list's candidate keys posted to more than kFallbackBelow names: a subject
// token whose own key is one of them gets no fallback keys from the list index. Every key the
// index posts is a CandidateKeys key of a list name, so one pass over the list's names finds
// them all. Kept for the last index it was asked for (a snapshot is immutable).
std::shared_ptr<const std::unordered_set<int64_t>> FrequentListKeys(const std::shared_ptr<const index::NameIndex>& ix) {
  static std::mutex mu;
  static std::weak_ptr<const index::NameIndex> of;
  static std::shared_ptr<const std::unordered_set<int64_t>> cached;
  std::lock_guard lock(mu);
  if (cached && of.lock() == ix) return cached;
  auto keys = std::make_shared<std::unordered_set<int64_t>>();
  std::unordered_set<uint64_t> seen;
  for (uint32_t id = 0; id < ix->name_count(); ++id)
    for (const auto& k : names::CandidateKeys(ix->prepared(id))) {
      const uint64_t h = index::CandidateKeyHash(k);
      if (seen.insert(h).second && ix->KeyPostingCount(k) > index::detail::kFallbackBelow) keys->insert(static_cast<int64_t>(h));
    }
  of = ix;
  cached = keys;
  return cached;
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

std::vector<RegistryKey> SubjectKeys(const ScreenRecord& rec) {
  std::vector<RegistryKey> out;
  NameKeys(names::PrepareName(rec.name, rec.kind), &out);
  if (!rec.id_number.empty()) DocumentKeyOf(rec.id_number, &out);
  Unique(&out);
  return out;
}

std::vector<int64_t> EntityKeys(const Entity& e) {
  std::vector<RegistryKey> keys;
  for (const auto& n : e.names) NameKeys(names::PrepareName(n.full, e.kind), &keys);
  for (const auto& d : e.documents) DocumentKeyOf(d.number, &keys);
  std::vector<int64_t> out;
  for (const auto& k : keys) out.push_back(k.key);
  Unique(&out);
  return out;
}

std::string ReverseKeysVersion() {
  // The keys of fixed names: they change when name preparation or the key functions do, and
  // then every stored key is recomputed (a stale key could hide a subject from the delta).
  static const std::string v = [] {
    const char* canaries[] = {"Osama bin Laden", "ABU BAKR AL-BAGHDADI", "Zhang Wei", "Kim Jong Un", "Seong-ho Lee",
                              "People's Liberation Army", "ACME Trading GmbH", "Mohammed Ali Hussain", "O'Brien, Sean",
                              "Владимир Путин", "محمد علي", "Jean-Claude Van Damme", "Li", "X AE A-12"};
    uint64_t h = 1469598103934665603ull;
    for (const char* c : canaries)
      for (EntityKind k : {EntityKind::kPerson, EntityKind::kOrganisation, EntityKind::kUnknown}) {
        std::vector<RegistryKey> keys;
        NameKeys(names::PrepareName(c, k), &keys);
        for (const auto& x : keys) h = (h ^ static_cast<uint64_t>(x.key) ^ (static_cast<uint64_t>(x.via) << 1)) * 1099511628211ull;
        h = (h ^ keys.size()) * 1099511628211ull;
      }
    return "2:" + std::to_string(h);
  }();
  return v;
}

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

  // The persisted reverse index: keys of the subjects that have none yet (new, changed, or all
  // of them when the key functions changed).
  auto t = Clock_::now();
  if (progress) progress("index", 0, -1);
  {
    TAMIS_ASSIGN_OR_RETURN(std::string kv, reg.KeysVersion());
    if (kv != ReverseKeysVersion()) TAMIS_RETURN_IF_ERROR(reg.ResetKeys(ReverseKeysVersion()));
    TAMIS_ASSIGN_OR_RETURN(auto unkeyed, reg.LoadUnkeyed());
    std::vector<std::pair<std::string, std::vector<RegistryKey>>> keys(unkeyed.size());
    std::atomic<bool> bad{false};
    ParallelFor(unkeyed.size(), threads, [&](size_t i) {
      keys[i].first = unkeyed[i].subject_id;
      auto rec = RecordOf(unkeyed[i]);
      if (rec.ok()) keys[i].second = SubjectKeys(*rec);
      else bad = true;
    });
    if (bad) return Internal("a stored registry subject does not read back as a record");
    TAMIS_RETURN_IF_ERROR(reg.SetKeys(keys, /*complete=*/true));
    sum.keys_computed = static_cast<int64_t>(unkeyed.size());
  }
  sum.index_seconds = Since(t);

  t = Clock_::now();
  if (progress) progress("load", 0, -1);
  TAMIS_ASSIGN_OR_RETURN(auto last, reg.LastRun());
  TAMIS_ASSIGN_OR_RETURN(sum.subjects, reg.Count());
  for (const auto& v : snap->lists)
    if (v.kind != "hashes") sum.to_versions[v.source] = v.version_id;
  if (last) sum.from_versions = last->versions;
  sum.load_seconds = Since(t);

  // What changed since the last run, source by source.
  std::vector<std::string> removed;
  std::vector<uint32_t> queried;  // list entities (index into `lists`) whose names are searched
  std::unordered_set<std::string> touched;  // removed or changed entity ids
  bool full = opts.full || !last;
  if (!full && last->drift < 0) {
    full = true;
    sum.full_because = "the last run recorded no weight drift (a registry of an older tamis)";
  }
  const bool lists_changed = !last || last->versions != sum.to_versions;
  // The names that left the list and those that came (the token weights' change).
  std::vector<names::PreparedName> left, came;
  auto prepare_all = [](const Entity& e, std::vector<names::PreparedName>* out) {
    for (const auto& n : e.names) {
      names::PreparedName p = names::PrepareName(n.full, e.kind);
      if (!p.empty()) out->push_back(std::move(p));
    }
  };
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
        if (lists.entity(i).source == src) {
          queried.push_back(i), ++sum.entities_added;
          if (!full) prepare_all(lists.entity(i), &came);
        }
      continue;
    }
    TAMIS_ASSIGN_OR_RETURN(VersionDiff d, svc.Diff(from, to));
    sum.entities_added += static_cast<int64_t>(d.added.size());
    sum.entities_changed += static_cast<int64_t>(d.changed.size());
    sum.entities_removed += static_cast<int64_t>(d.removed.size());
    for (const auto& id : d.added)
      if (int64_t i = full ? -1 : index_of(id); i >= 0) {
        queried.push_back(static_cast<uint32_t>(i));
        prepare_all(lists.entity(static_cast<uint32_t>(i)), &came);
      }
    for (const auto& id : d.changed) {
      touched.insert(id);
      if (full) continue;
      int64_t i = index_of(id);
      if (i < 0) continue;
      const Entity& now = lists.entity(static_cast<uint32_t>(i));
      auto old = svc.GetEntity(id, from);
      if (!old.ok() || !SameForScreening(*old, now)) queried.push_back(static_cast<uint32_t>(i));
      if (!old.ok()) {
        full = true;
        sum.full_because = "entity " + id + " of version " + std::to_string(from) + " could not be read: " + old.status().ToString();
      } else if (old->names != now.names || old->kind != now.kind) {
        prepare_all(*old, &left);
        prepare_all(now, &came);
      }
    }
    for (const auto& id : d.removed) {
      touched.insert(id), removed.push_back(id);
      if (full) continue;
      auto old = svc.GetEntity(id, from);
      if (!old.ok()) {
        full = true;
        sum.full_because = "entity " + id + " of version " + std::to_string(from) + " could not be read: " + old.status().ToString();
      } else {
        prepare_all(*old, &left);
      }
    }
  }
  // How far the change can move any name score (registry_weights.h), accumulated since the
  // last full run: beyond max_score_drift the run is a full one.
  double drift = 0;  // log(r^2) accumulated, recorded with the run
  if (!full) {
    drift = last->drift;
    if (lists_changed) {
      const WeightDrift wd = TokenWeightDrift(lists.token_stats(), static_cast<uint64_t>(std::max<int64_t>(0, last->list_names)), left, came);
      if (!wd.ok) {
        full = true;
        sum.full_because = wd.why;
      } else {
        drift += 2 * std::log(wd.ratio);
        sum.weight_ratio = wd.ratio;
        sum.score_drift = std::expm1(drift);
        if (opts.max_score_drift >= 0 && sum.score_drift > opts.max_score_drift) {
          full = true;
          char buf[200];
          std::snprintf(buf, sizeof buf, "token weights moved by up to %.2f%% (names %lld -> %zu): scores can move by %.4f "
                        "since the last full run, more than max_score_drift %.4f", 100 * (wd.ratio - 1),
                        static_cast<long long>(last->list_names), lists.name_count(), sum.score_drift, opts.max_score_drift);
          sum.full_because = buf;
        }
      }
    } else {
      sum.score_drift = std::expm1(drift);
    }
  }
  left.clear(), came.clear();
  if (full) queried.clear(), drift = 0;
  sum.mode = full ? "full" : "delta";
  sum.entities_queried = static_cast<int64_t>(queried.size());

  // Which subjects to screen: all (full); else those waiting or holding a hit (the list's
  // weights move every score), and those the reverse index finds for the queried entities.
  t = Clock_::now();
  std::vector<RegistrySubject> subjects;
  if (full) {
    TAMIS_ASSIGN_OR_RETURN(subjects, reg.LoadAll());
  } else {
    TAMIS_ASSIGN_OR_RETURN(subjects, reg.LoadPending());
    if (!lists_changed)  // only the waiting ones
      subjects.erase(std::remove_if(subjects.begin(), subjects.end(), [](const RegistrySubject& s) { return s.screened_run != 0; }),
                     subjects.end());
  }
  sum.load_seconds += Since(t);
  if (!full && !queried.empty()) {
    // Subjects sharing a key with a queried entity's names or documents, then scored against
    // the entity's names exactly as the list index scores them (the same prepared names, the
    // list's token weights): a subject is screened again when a name could reach the threshold
    // less what attributes add (names::kMaxAttributeBonus) less `reverse_margin`, or it holds
    // one of the entity's identity documents.
    t = Clock_::now();
    // The queried names (prepared, with the list's weights) and, for each reverse key, the
    // names it comes from: a subject is scored only against the names it shares a key with
    // (the list index pools a name for a query only through a shared key). kDocument: the
    // key of an identity document (the subject is screened again).
    constexpr uint32_t kDocument = ~uint32_t{0};
    std::vector<names::PreparedName> qnames;
    std::unordered_map<int64_t, std::vector<uint32_t>> key_names;
    {
      std::vector<RegistryKey> ks;
      for (uint32_t e : queried) {
        const Entity& ent = lists.entity(e);
        for (const auto& n : ent.names) {
          qnames.push_back(names::PrepareName(n.full, ent.kind));
          names::AttachWeights(&qnames.back(), lists.token_stats());
          ks.clear();
          NameKeys(qnames.back(), &ks, /*queried=*/true);
          for (const auto& k : ks) key_names[k.key].push_back(static_cast<uint32_t>(qnames.size() - 1));
        }
        for (const auto& d : ent.documents) {
          ks.clear();
          DocumentKeyOf(d.number, &ks);
          for (const auto& k : ks) key_names[k.key].push_back(kDocument);
        }
      }
    }
    std::vector<int64_t> keys;
    keys.reserve(key_names.size());
    for (auto& [k, v] : key_names) keys.push_back(k), Unique(&v);
    std::sort(keys.begin(), keys.end());
    // A subject's fallback variant row counts when the list index would read its token's
    // fallback keys: its own key (`via`) is posted to at most kFallbackBelow list names.
    const auto frequent = FrequentListKeys(snap->names);
    TAMIS_ASSIGN_OR_RETURN(auto rows, reg.SubjectKeyRows(keys, [&](int64_t via) { return frequent->count(via) == 0; }));
    std::vector<std::string> ids;
    std::vector<std::vector<uint32_t>> cand_names;  // per id: the queried names to score it against
    {
      std::unordered_set<std::string_view> have;
      for (const auto& s : subjects) have.insert(s.subject_id);
      for (size_t r = 0; r < rows.size();) {
        size_t end = r;
        while (end < rows.size() && rows[end].first == rows[r].first) ++end;
        if (!have.count(rows[r].first)) {
          std::vector<uint32_t> with;
          for (size_t j = r; j < end; ++j) {
            const auto& v = key_names[rows[j].second];
            with.insert(with.end(), v.begin(), v.end());
          }
          Unique(&with);
          ids.push_back(rows[r].first);
          cand_names.push_back(std::move(with));
        }
        r = end;
      }
    }
    rows.clear();
    rows.shrink_to_fit();
    sum.reverse_keyed = static_cast<int64_t>(ids.size());
    TAMIS_ASSIGN_OR_RETURN(auto cand, reg.LoadByIds(ids));
    if (cand.size() != ids.size()) {  // (a subject deleted meanwhile: realign)
      std::unordered_map<std::string_view, size_t> at;
      for (size_t i = 0; i < ids.size(); ++i) at.emplace(ids[i], i);
      std::vector<std::vector<uint32_t>> aligned;
      for (const auto& c : cand) aligned.push_back(cand_names[at.at(c.subject_id)]);
      cand_names = std::move(aligned);
    }
    sum.load_seconds += Since(t);
    t = Clock_::now();
    if (progress) progress("match", 0, static_cast<int64_t>(cand.size()));
    const double floor = params.threshold - names::kMaxAttributeBonus - opts.reverse_margin - 1e-9;
    std::vector<char> keep(cand.size(), 0);
    std::atomic<bool> bad{false};
    ParallelFor(cand.size(), threads, [&](size_t i) {
      const auto& with = cand_names[i];
      if (!with.empty() && with.back() == kDocument) {  // (sorted: kDocument last)
        keep[i] = 1;
        return;
      }
      auto rec = RecordOf(cand[i]);
      if (!rec.ok()) {
        bad = true;
        return;
      }
      names::PreparedName q = names::PrepareName(rec->name, rec->kind);
      names::AttachWeights(&q, lists.token_stats());
      names::ScoreOptions so;
      so.explain = false;
      for (uint32_t c : with)
        if (names::ScoreNames(q, qnames[c], lists.token_stats(), so).score >= floor) {
          keep[i] = 1;
          return;
        }
    });
    if (bad) return Internal("a stored registry subject does not read back as a record");
    for (size_t i = 0; i < cand.size(); ++i)
      if (keep[i]) subjects.push_back(std::move(cand[i])), ++sum.reverse_candidates;
    sum.match_seconds = Since(t);
    if (progress) progress("match", static_cast<int64_t>(cand.size()), static_cast<int64_t>(cand.size()));
  }
  std::sort(subjects.begin(), subjects.end(), [](const RegistrySubject& a, const RegistrySubject& b) { return a.subject_id < b.subject_id; });
  std::vector<ScreenRecord> records(subjects.size());
  for (size_t i = 0; i < subjects.size(); ++i) {
    TAMIS_ASSIGN_OR_RETURN(records[i], RecordOf(subjects[i]));
  }
  std::vector<uint32_t> todo(subjects.size());
  for (uint32_t i = 0; i < subjects.size(); ++i) todo[i] = i;
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
  const double alert_threshold = svc.options().alert_threshold;
  std::vector<RegistryResult> results;
  results.reserve(todo.size());
  std::vector<SubjectChange> changes;
  for (size_t k = 0; k < todo.size(); ++k) {
    const uint32_t i = todo[k];
    std::string result = FormatResult(lists, hits[k]);
    SubjectChange c;
    c.subject_id = subjects[i].subject_id;
    // The alert path only for hits it has not met already: a hit on an entity unchanged since
    // the last run, stored in the subject's last result on the same side of the alert
    // threshold, meets its alert (or its whitelist entry) again and opens nothing (the
    // alert's hits_seen count is not raised for it).
    std::vector<index::NameHit> fresh;
    if (!hits[k].empty() && subjects[i].screened_run != 0 && !full) {
      const auto last_hits = ParseResult(subjects[i].result);
      std::unordered_map<std::string_view, double> before;
      for (const auto& [id, score] : last_hits) before.emplace(id, score);
      for (const auto& h : hits[k]) {
        const std::string& id = lists.entity(h.entity).id;
        auto b = before.find(id);
        const bool same = b != before.end() && !touched.count(id) &&
                          std::abs(b->second - alert_threshold) > 2e-6 &&  // (6 decimals stored)
                          (b->second >= alert_threshold) == (h.score + 1e-9 >= alert_threshold);
        if (!same) fresh.push_back(h);
        else ++sum.alert_hits_skipped;
      }
    } else {
      fresh = hits[k];
    }
    if (!fresh.empty()) {
      TAMIS_ASSIGN_OR_RETURN(PartyResult pr, svc.AlertHits(records[i], std::move(fresh), snap, params, opts.line));
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
    results.push_back({subjects[i].subject_id, std::move(result), subjects[i].rev});
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
  run.drift = drift;
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
  w.Key("reverse_keyed").Int(s.reverse_keyed).Key("keys_computed").Int(s.keys_computed);
  w.Key("alert_hits_skipped").Int(s.alert_hits_skipped);
  w.Key("weight_ratio").Double(s.weight_ratio, 6).Key("score_drift").Double(s.score_drift, 6);
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
