// JSON of media results (docs/formats.md, "Media match results"), shared by the CLI and the
// server, and the server's one-body video match.
#include <span>

#include "formats/image/decode.h"
#include "formats/json_writer.h"
#include "formats/video/vpdq_file.h"
#include "service/media_service.h"

namespace tamis {
namespace {

void WriteImageFields(JsonWriter& w, const MediaResult& r, bool dihedral) {
  if (!r.pdq) return;
  w.Field("pdq", r.pdq->pdq.hash.ToHex()).Key("quality").Int(r.pdq->pdq.quality);
  w.Field("format", image::ImageFormatName(r.pdq->format));
  w.Key("width").Int(r.pdq->width).Key("height").Int(r.pdq->height);
  if (dihedral && r.pdq->pdq.has_dihedrals) {
    w.Key("dihedral").BeginObject();
    for (int d = 0; d < media::kPdqDihedralCount; ++d)
      w.Field(media::PdqDihedralName(static_cast<media::PdqDihedral>(d)), r.pdq->pdq.dihedrals[d].ToHex());
    w.EndObject();
  }
}

void WriteVideoFields(JsonWriter& w, const VideoHashed& v, bool frames) {
  if (v.info) {
    w.Key("width").Int(v.info->width).Key("height").Int(v.info->height);
    w.Key("frame_rate").Double(v.info->frame_rate, 3).Key("duration_seconds").Double(v.info->duration_seconds, 3);
    w.Key("decoded_frames").Int(v.info->decoded_frames);
  }
  w.Key("frames_hashed").Int(static_cast<int64_t>(v.frames.size()));
  if (!frames) return;
  w.Key("frames").BeginArray();
  for (const auto& f : v.frames) {
    w.BeginObject().Key("frame").Int(f.frame_number).Key("quality").Int(f.quality);
    w.Field("pdq", f.hash.ToHex()).Key("seconds").Double(f.timestamp_seconds, 3).EndObject();
  }
  w.EndArray();
}

void WriteHits(JsonWriter& w, const MediaResult& r) {
  w.Key("hits").BeginArray();
  for (const auto& h : r.hits) {
    w.BeginObject().Field("list", h.entry->source).Key("list_version").Int(h.entry->version_id);
    w.Field("match_type", h.match_type).Field("hash", h.entry->hex).Key("distance").Int(h.distance);
    w.Field("variant", h.variant).FieldIfNotEmpty("label", h.entry->label);
    w.StringArrayIfNotEmpty("tags", h.entry->tags).FieldIfNotEmpty("list_id", h.entry->ext_id);
    w.Key("list_line").Int(h.entry->line).EndObject();
  }
  w.EndArray();
  if (!r.video) return;
  w.Key("video_hits").BeginArray();
  for (const auto& h : r.video_hits) {
    w.BeginObject().Field("list", h.entry->source).Key("list_version").Int(h.entry->version_id);
    w.Field("match_type", "vpdq").Field("hash", h.entry->hex).FieldIfNotEmpty("label", h.entry->label);
    w.StringArrayIfNotEmpty("tags", h.entry->tags).FieldIfNotEmpty("list_id", h.entry->ext_id);
    w.Key("query_match_percent").Double(h.query_match_percent, 3);
    w.Key("compared_match_percent").Double(h.compared_match_percent, 3);
    w.Key("query_frames").Int(h.query_frames).Key("query_frames_matched").Int(h.query_frames_matched);
    w.Key("list_frames").Int(h.list_frames).Key("list_frames_matched").Int(h.list_frames_matched);
    w.Key("matched_frames").BeginArray();
    for (const auto& f : h.frames) {
      w.BeginObject().Key("query_seconds").Double(f.query_seconds, 3).Key("list_seconds").Double(f.list_seconds, 3);
      w.Key("distance").Int(f.distance).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
}

}  // namespace

void WriteMediaResultFields(JsonWriter& w, const MediaResult& r, const MediaJsonOptions& opts) {
  w.Field("input", r.input);
  if (!r.kind.empty()) w.Field("kind", r.kind);
  if (!r.status.ok()) {
    w.Field("error", r.status.ToString());
    return;
  }
  WriteImageFields(w, r, opts.dihedral);
  if (r.video) WriteVideoFields(w, *r.video, opts.video_frames);
  if (r.digests) w.Field("md5", r.digests->Md5Hex()).Field("sha256", r.digests->Sha256Hex());
  if (r.low_quality) w.Key("low_quality").Bool(true);
  if (opts.hits) WriteHits(w, r);
}

std::string MediaResultJson(const MediaResult& r, const MediaJsonOptions& opts) {
  JsonWriter w;
  w.BeginObject();
  WriteMediaResultFields(w, r, opts);
  w.EndObject();
  return w.Take();
}

Result<MediaResult> MatchVideoBody(const MediaMatcher& matcher, std::string_view body,
                                   const MediaMatchParams& params, std::string_view name) {
  if (body.empty()) return InvalidArgument(std::string(name) + ": empty body (a video file or a vPDQ hash file)");
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(body.data()), body.size());
  MediaResult r;
  r.input = std::string(name);
  VideoHashed v;
  if (!video::SniffVideoContainer(bytes.first(std::min<size_t>(bytes.size(), 512))).empty()) {
    r.kind = "video";
    v.info.emplace();
    TAMIS_ASSIGN_OR_RETURN(v.frames, video::HashVideoBytes(bytes, name, params.video_hash, &*v.info));
    TAMIS_ASSIGN_OR_RETURN(image::FileDigests d, image::DigestBytes(bytes));
    r.digests = d;
    r.hits = matcher.MatchDigests(d);
  } else if (video::LooksLikeVpdq(body.substr(0, 512))) {
    r.kind = "vpdq";
    auto frames = video::ParseVpdq(body);
    if (!frames.ok()) return frames.status().WithContext(name);
    v.frames = std::move(frames).value();
  } else {
    return InvalidArgument(std::string(name) +
                           ": neither a video container (MP4/MOV, Matroska/WebM, AVI, FLV, Ogg, ASF, MPEG-PS/TS) "
                           "nor a vPDQ hash file (frame,quality,pdq_hex,seconds lines)");
  }
  TAMIS_ASSIGN_OR_RETURN(r.video_hits, matcher.MatchVideo(v.frames, params.video));
  r.video = std::move(v);
  return r;
}

}  // namespace tamis
