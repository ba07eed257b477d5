#include "service/screen_service.h"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <thread>

#include "formats/entity_json.h"
#include "formats/json_writer.h"

namespace tamis {

Result<std::shared_ptr<const index::NameIndex>> BuildNameIndex(Store& store, const IndexBuildRequest& req,
                                                               const ScreenProgressFn& progress) {
  TAMIS_ASSIGN_OR_RETURN(auto current, store.CurrentVersions());
  if (current.empty()) return NotFound("the store holds no list (import one: tamis lists import FILE)");
  int64_t expected = 0;
  for (const auto& want : req.lists) {
    auto it = std::find_if(current.begin(), current.end(), [&](const ListVersion& v) { return v.source == want; });
    if (it == current.end()) return NotFound("list '" + want + "' is not in the store");
  }
  for (const auto& v : current)
    if (req.lists.empty() || std::find(req.lists.begin(), req.lists.end(), v.source) != req.lists.end())
      expected += v.entity_count;

  std::vector<Entity> entities;
  entities.reserve(static_cast<size_t>(expected));
  Status st = store.ForEachCurrentEntityJson(req.lists, [&](std::string_view json) -> Status {
    auto e = EntityFromJson(json);
    if (!e.ok()) return e.status().WithContext("stored entity");
    entities.push_back(std::move(e).value());
    if (progress && entities.size() % 4096 == 0) progress("load", static_cast<int64_t>(entities.size()), expected);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (progress) progress("index", 0, -1);
  return index::NameIndex::Build(std::move(entities), req.options);
}

names::QueryAttributes QueryAttributesOf(const ScreenRecord& rec) {
  names::QueryAttributes a;
  a.date_of_birth = rec.dob;
  a.nationalities = rec.nationalities;
  a.gender = rec.gender;
  if (!rec.id_number.empty()) {
    IdentityDocument d;
    d.number = rec.id_number;
    a.documents.push_back(std::move(d));
  }
  return a;
}

index::NameSearchParams SearchParamsOf(const ScreenParams& params) {
  index::NameSearchParams sp;
  sp.threshold = params.threshold;
  sp.limit = params.limit;
  sp.explain = params.explain;
  sp.sources = params.lists;
  sp.kinds = params.kinds;
  if (params.max_candidates) sp.max_candidates = params.max_candidates;
  if (params.candidate_pool) sp.candidate_pool = params.candidate_pool;
  if (params.abjad_candidate_pool) sp.abjad_candidate_pool = params.abjad_candidate_pool;
  if (params.extra_token_rarity >= 0) sp.extra_token_rarity = params.extra_token_rarity;
  return sp;
}

std::vector<index::NameHit> ScreenRecordHits(const index::NameIndex& ix, const ScreenRecord& rec,
                                             const ScreenParams& params) {
  names::PreparedName q = names::PrepareName(rec.name, rec.kind);
  names::AttachWeights(&q, ix.token_stats());  // here, not on a copy in Search
  return ix.Search(q, QueryAttributesOf(rec), SearchParamsOf(params));
}

namespace {

void WriteExplanation(JsonWriter& w, const names::Explanation& x) {
  w.BeginObject();
  w.Key("name_score").Double(x.name_score, 4);
  w.Key("pairs").BeginArray();
  for (const auto& p : x.pairs) {
    w.BeginObject().Field("query", p.query).Field("candidate", p.candidate).Field("how", names::MatchHowName(p.how));
    w.Key("similarity").Double(p.similarity, 3).Key("weight").Double(p.weight, 3).EndObject();
  }
  w.EndArray();
  w.StringArrayIfNotEmpty("unmatched_query", x.unmatched_query);
  w.StringArrayIfNotEmpty("unmatched_candidate", x.unmatched_candidate);
  if (!x.adjustments.empty()) {
    w.Key("adjustments").BeginArray();
    for (const auto& a : x.adjustments)
      w.BeginObject().Field("what", a.what).Key("delta").Double(a.delta, 3).Field("detail", a.detail).EndObject();
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

void WriteHitFields(JsonWriter& w, const index::NameIndex& ix, const index::NameHit& h, bool explain) {
  const Entity& e = ix.entity(h.entity);
  w.Field("entity_id", e.id).Field("list", e.source);
  if (h.name >= 0 && static_cast<size_t>(h.name) < e.names.size()) w.Field("matched_name", e.names[h.name].full);
  w.Field("name", e.PrimaryName()).Field("kind", EntityKindName(e.kind));
  w.Key("score").Double(h.score, 4);
  if (explain) {
    w.Key("explanation");
    WriteExplanation(w, h.explanation);
  }
}

std::string HitsJson(const index::NameIndex& ix, const std::string& id, const std::vector<index::NameHit>& hits,
                     bool explain) {
  JsonWriter w;
  w.BeginObject().Field("id", id).Key("hits").BeginArray();
  for (const auto& h : hits) {
    w.BeginObject();
    WriteHitFields(w, ix, h, explain);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

std::string ErrorJson(const RecordItem& item) {
  JsonWriter w;
  w.BeginObject().Field("id", item.record.id).Key("line").Int(item.record.line);
  w.Field("error", item.error.message()).EndObject();
  return w.Take();
}

Result<BatchSummary> ScreenStream(const index::NameIndex& ix, std::istream& in, std::ostream& out,
                                  const ScreenParams& params, const BatchOptions& opts,
                                  const ScreenProgressFn& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  const size_t chunk = std::max<size_t>(1, opts.chunk_records);
  RecordReader reader(in, opts.format, opts.reader);
  BatchSummary sum;
  // A chunk is screened by all threads while the calling thread also writes the chunk before it
  // and reads the chunk after it (then joins the screening): reading and writing JSON took a
  // thread's worth of time between chunks that the others spent waiting.
  std::vector<RecordItem> items, next_items;  // the chunk being screened, the one being read
  std::vector<std::string> lines, done_lines;  // its output, the previous chunk's
  std::vector<int32_t> nhits, done_nhits;
  bool eof = false;
  auto read_chunk = [&](std::vector<RecordItem>* into) -> Status {
    into->clear();
    while (into->size() < chunk) {
      RecordItem it;
      auto r = reader.Next(&it);
      if (!r.ok()) return r.status();
      if (!*r) {
        eof = true;
        break;
      }
      into->push_back(std::move(it));
    }
    return Status::Ok();
  };
  // Writes the previous chunk's lines; false when the output failed.
  auto write_done = [&]() -> bool {
    for (size_t i = 0; i < done_lines.size(); ++i) {
      out << done_lines[i] << '\n';
      ++sum.records;
      if (done_nhits[i] < 0) {
        ++sum.bad_records;
      } else {
        sum.hits += done_nhits[i];
        sum.with_hits += done_nhits[i] > 0;
      }
    }
    const bool any = !done_lines.empty();
    done_lines.clear();
    out.flush();
    if (!out) return false;
    if (any && progress) progress("screen", sum.records, -1);
    return true;
  };
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (;;) {
      const size_t b = next.fetch_add(16);
      if (b >= items.size()) return;
      for (size_t i = b; i < std::min(items.size(), b + 16); ++i) {
        const RecordItem& it = items[i];
        if (!it.error.ok()) {
          lines[i] = ErrorJson(it);
          continue;
        }
        auto hits = ScreenRecordHits(ix, it.record, params);
        nhits[i] = static_cast<int32_t>(hits.size());
        lines[i] = HitsJson(ix, it.record.id, hits, params.explain);
      }
    }
  };
  if (Status st = read_chunk(&items); !st.ok()) return st;
  // The workers live for the whole stream, meeting at a barrier before and after each chunk: a
  // thread's own state (transliterators, the index's scratch) takes tens of milliseconds to set
  // up, and a thread per chunk paid that again every 2,048 records. An input of one chunk
  // uses no more threads than it has groups of 16 records.
  const unsigned use =
      eof ? static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(threads, (items.size() + 15) / 16))) : threads;
  std::barrier sync(static_cast<std::ptrdiff_t>(use));
  bool done = false;
  std::vector<std::thread> pool;
  struct Stop {  // releases and joins the workers on every way out
    std::barrier<>& sync;
    bool& done;
    std::vector<std::thread>& pool;
    ~Stop() {
      done = true;
      sync.arrive_and_wait();
      for (auto& t : pool) t.join();
    }
  } stop{sync, done, pool};
  for (unsigned t = 1; t < use; ++t)
    pool.emplace_back([&] {
      for (;;) {
        sync.arrive_and_wait();  // a chunk is ready, or the stream is over
        if (done) return;
        work();
        sync.arrive_and_wait();  // the chunk is screened
      }
    });
  Status read_status = Status::Ok();
  bool write_ok = true;
  while (!items.empty()) {
    lines.assign(items.size(), std::string());
    nhits.assign(items.size(), -1);
    next.store(0);
    sync.arrive_and_wait();  // the workers start on `items`
    // (no return between the two barriers: the workers are inside the chunk)
    write_ok = write_done();
    if (write_ok && !eof) read_status = read_chunk(&next_items);
    else next_items.clear();
    work();
    sync.arrive_and_wait();  // `items` screened
    std::swap(done_lines, lines);
    std::swap(done_nhits, nhits);
    if (!write_ok) return IoError("cannot write the screening output");
    if (!read_status.ok()) break;  // the chunks read so far are written below
    std::swap(items, next_items);
  }
  if (!write_done()) return IoError("cannot write the screening output");
  if (!read_status.ok()) return read_status;
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return sum;
}

}  // namespace tamis
