// Screening, media matching, entities and lists.
#include <cstdlib>
#include <span>

#include "core/strings.h"
#include "formats/image/file_digest.h"
#include "formats/image/hash_file.h"
#include "server/handlers.h"
#include "server/requests.h"

namespace tamis::server {

void WriteListVersions(JsonWriter& w, const Snapshot& snap) {
  w.Key("list_versions").BeginObject();
  for (const auto& [source, v] : snap.versions) w.Key(source).Int(v);
  w.EndObject();
}

Result<int64_t> QueryInt(const HttpRequest& req, std::string_view name, int64_t def, int64_t min, int64_t max) {
  auto q = req.Query(name);
  if (!q) return def;
  int64_t v = 0;
  size_t used = 0;
  try {
    v = std::stoll(std::string(*q), &used);
  } catch (...) {
    used = 0;
  }
  if (used == 0 || used != q->size() || v < min || v > max)
    return InvalidArgument(std::string(name) + ": expected an integer from " + std::to_string(min) + " to " +
                           std::to_string(max));
  return v;
}

Result<double> QueryUnit(const HttpRequest& req, std::string_view name, double def) {
  auto q = req.Query(name);
  if (!q) return def;
  const std::string s(*q);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !(v >= 0 && v <= 1)) return InvalidArgument(std::string(name) + ": expected a number from 0 to 1");
  return v;
}

Status RequireNames(const Snapshot* snap) {
  if (!snap || !snap->names) return Unavailable("no name list is loaded: import a list first (tamis lists import)");
  return Status::Ok();
}

namespace {

void WritePartyResult(JsonWriter& w, const index::NameIndex& ix, const PartyResult& r, bool explain) {
  w.Field("id", r.record.id).Key("hits").BeginArray();
  for (size_t i = 0; i < r.hits.size(); ++i) {
    w.BeginObject();
    WriteHitFields(w, ix, r.hits[i], explain);
    const AlertOutcome& a = r.alerts[i];
    if (a.suppressed) w.Key("suppressed").Bool(true);
    else if (a.alert_id) w.Key("alert_id").Int(a.alert_id).Key("alert_created").Bool(a.created);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

Result<HttpResponse> post_screen(Api& api, const Call& call) {
  auto snap = api.service().snapshot();
  TAMIS_RETURN_IF_ERROR(RequireNames(snap.get()));
  TAMIS_ASSIGN_OR_RETURN(ScreenRequest req, ParseScreenRequest(call.req.body, api.options().max_batch));
  JsonWriter w;
  w.BeginObject();
  if (!req.batch) {
    TAMIS_ASSIGN_OR_RETURN(PartyResult r, api.service().ScreenParty(req.parties[0].record, req.params));
    WritePartyResult(w, *snap->names, r, req.params.explain);
  } else {
    w.Key("results").BeginArray();
    for (size_t i = 0; i < req.parties.size(); ++i) {
      const RecordItem& item = req.parties[i];
      w.BeginObject();
      if (!item.error.ok()) {
        w.Field("id", item.record.id).Key("index").Int(static_cast<int64_t>(i));
        w.Field("error", item.error.message()).EndObject();
        continue;
      }
      TAMIS_ASSIGN_OR_RETURN(PartyResult r, api.service().ScreenParty(item.record, req.params));
      WritePartyResult(w, *snap->names, r, req.params.explain);
      w.EndObject();
    }
    w.EndArray();
  }
  WriteListVersions(w, *snap);
  w.EndObject();
  return JsonResponse(w.Take());
}

namespace {

std::vector<MediaHit> OnlyLists(std::vector<MediaHit> hits, const std::vector<std::string>& lists) {
  if (lists.empty()) return hits;
  std::vector<MediaHit> out;
  for (auto& h : hits)
    for (const auto& l : lists)
      if (h.entry->source == l) {
        out.push_back(h);
        break;
      }
  return out;
}

// The comma-separated `lists` query parameter.
std::vector<std::string> QueryLists(const HttpRequest& req) {
  std::vector<std::string> lists;
  if (auto l = req.Query("lists"))
    for (auto part : Split(*l, ','))
      if (!Trim(part).empty()) lists.emplace_back(Trim(part));
  return lists;
}

}  // namespace

// Media results are written by the media service's writer (the fields of `tamis media match`),
// with the list versions beside them.
Result<HttpResponse> post_media_match(Api& api, const Call& call) {
  auto snap = api.service().snapshot();
  if (!snap || !snap->media) return Unavailable("no hash list is loaded: import one with tamis media import");
  const std::string_view ctype = call.req.Header("content-type").value_or("");
  JsonWriter w;
  w.BeginObject();
  if (StartsWith(ctype, "application/json")) {
    TAMIS_ASSIGN_OR_RETURN(MediaMatchRequest req, ParseMediaMatchRequest(call.req.body, api.options().max_batch));
    w.Key("results").BeginArray();
    for (size_t i = 0; i < req.pdq.size(); ++i) {
      auto h = media::PdqHash::FromHex(req.pdq[i]);
      if (!h.ok()) return InvalidArgument("pdq[" + std::to_string(i) + "]: " + h.status().message());
      MediaResult r;
      r.input = h->ToHex();
      r.is_hash = true;
      r.kind = "hash";
      r.hits = OnlyLists(snap->media->MatchPdq({*h}, {"orig"}, req.threshold), req.lists);
      w.BeginObject();
      WriteMediaResultFields(w, r, {});
      w.EndObject();
    }
    w.EndArray();
  } else if (StartsWith(ctype, "image/") || StartsWith(ctype, "application/octet-stream")) {
    if (call.req.body.empty()) return InvalidArgument("request body: empty (send the image bytes)");
    TAMIS_ASSIGN_OR_RETURN(int64_t threshold, QueryInt(call.req, "threshold", 31, 0, 128));
    TAMIS_ASSIGN_OR_RETURN(int64_t min_quality, QueryInt(call.req, "min_quality", 50, 0, 100));
    const bool dihedral = call.req.Query("dihedral").value_or("false") == "true";
    const auto bytes = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(call.req.body.data()), call.req.body.size());
    image::HashImageOptions ho;
    ho.dihedrals = dihedral;
    auto hashed = image::HashImageBytes(bytes, ho);
    if (!hashed.ok()) return InvalidArgument("request body: " + hashed.status().message());
    TAMIS_ASSIGN_OR_RETURN(image::FileDigests dig, image::DigestBytes(bytes));
    MediaResult r;
    r.input = "body";
    r.kind = "image";
    r.hits = snap->media->MatchDigests(dig);
    r.low_quality = hashed->pdq.quality < min_quality;
    if (!r.low_quality) {
      std::vector<media::PdqHash> variants{hashed->pdq.hash};
      std::vector<std::string> names{"orig"};
      if (dihedral && hashed->pdq.has_dihedrals) {
        variants.clear();
        names.clear();
        for (int d = 0; d < media::kPdqDihedralCount; ++d) {
          variants.push_back(hashed->pdq.dihedrals[d]);
          names.emplace_back(media::PdqDihedralName(static_cast<media::PdqDihedral>(d)));
        }
      }
      auto p = snap->media->MatchPdq(variants, names, static_cast<int>(threshold));
      r.hits.insert(r.hits.end(), p.begin(), p.end());
    }
    r.hits = OnlyLists(std::move(r.hits), QueryLists(call.req));
    r.pdq = std::move(hashed).value();
    r.digests = dig;
    WriteMediaResultFields(w, r, {});
  } else if (StartsWith(ctype, "video/") || StartsWith(ctype, "text/vpdq") || StartsWith(ctype, "text/plain")) {
    // A video (any container FFmpeg reads) or a vPDQ hash file: frames matched by the vPDQ rule.
    MediaMatchParams p;
    TAMIS_ASSIGN_OR_RETURN(int64_t vt, QueryInt(call.req, "video_threshold", 31, 0, 256));
    TAMIS_ASSIGN_OR_RETURN(int64_t vq, QueryInt(call.req, "video_quality", 50, 0, 100));
    TAMIS_ASSIGN_OR_RETURN(int64_t qp, QueryInt(call.req, "query_percent", 80, 0, 100));
    TAMIS_ASSIGN_OR_RETURN(int64_t cp, QueryInt(call.req, "compared_percent", 80, 0, 100));
    p.video.distance_threshold = static_cast<int>(vt);
    p.video.quality_threshold = static_cast<int>(vq);
    p.video.min_query_percent = static_cast<double>(qp);
    p.video.min_compared_percent = static_cast<double>(cp);
    p.lists = QueryLists(call.req);
    TAMIS_ASSIGN_OR_RETURN(MediaResult r, MatchVideoBody(*snap->media, call.req.body, p, "body"));
    WriteMediaResultFields(w, r, {});
  } else {
    return InvalidArgument(
        "content-type: send application/json with PDQ hashes, an image as image/* or application/octet-stream, "
        "or a video as video/* (a vPDQ file as text/plain)");
  }
  WriteListVersions(w, *snap);
  w.EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> get_entity(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(int64_t version, QueryInt(call.req, "version", 0, 0, INT64_MAX));
  TAMIS_ASSIGN_OR_RETURN(std::string json, api.service().GetEntityJson(call.params[0], version));
  return JsonResponse(std::move(json));
}

namespace {
void WriteVersion(JsonWriter& w, const ListVersion& v) {
  w.BeginObject().Field("source", v.source).Key("version").Int(v.version_id).Field("kind", v.kind);
  w.Field("format", v.format).Field("imported_at", v.imported_at).FieldIfNotEmpty("list_date", v.list_date);
  w.Key("entities").Int(v.entity_count).Field("content_hash", v.content_hash).Field("origin", v.origin);
  w.Key("files").BeginArray();
  for (const auto& f : v.files) w.BeginObject().Field("name", f.name).Field("sha256", f.sha256).Key("bytes").Int(f.bytes).EndObject();
  w.EndArray().EndObject();
}
}  // namespace

Result<HttpResponse> get_lists(Api& api, const Call& call) {
  auto snap = api.service().snapshot();
  JsonWriter w;
  w.BeginObject().Key("lists").BeginArray();
  if (snap)
    for (const auto& v : snap->lists) WriteVersion(w, v);
  w.EndArray();
  if (snap) w.Field("built_at", snap->built_at);
  w.EndObject();
  return JsonResponse(w.Take());
}

Result<HttpResponse> post_lists_update(Api& api, const Call& call) {
  TAMIS_ASSIGN_OR_RETURN(ListsUpdateRequest req, ParseListsUpdateRequest(call.req.body));
  UpdateRequest u;
  u.from_dir = req.from;
  u.sources = req.sources;
  u.force = req.force;
  TAMIS_ASSIGN_OR_RETURN(auto ups, api.service().UpdateLists(u, call.actor()));
  JsonWriter w;
  w.BeginObject().Key("updates").BeginArray();
  for (const auto& up : ups) {
    w.BeginObject().Field("source", up.source);
    if (!up.status.ok()) {
      w.Field("status", "failed").Field("error", up.status.ToString());
    } else {
      w.Field("status", up.unchanged ? "unchanged" : "updated");
      const auto& o = up.report.outcome;
      w.Key("version").Int(o.version.version_id).Key("added").Int(o.added).Key("removed").Int(o.removed);
      w.Key("changed").Int(o.changed);
    }
    w.EndObject();
  }
  w.EndArray();
  WriteListVersions(w, *api.service().snapshot());
  w.EndObject();
  return JsonResponse(w.Take());
}

}  // namespace tamis::server
