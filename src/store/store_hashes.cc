// Media hash lists in the store (tables list_versions with kind 'hashes', media_hashes, and
// video_frames for the frames of "vpdq" entries).
#include <cstring>
#include <set>

#include "core/strings.h"
#include "store/store.h"

namespace tamis {
namespace {

std::string JoinTags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ";") + t;
  return out;
}

std::vector<std::string> SplitTags(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (auto t : Split(s, ';'))
    if (!t.empty()) out.emplace_back(t);
  return out;
}

// video_frames.frames: per frame, little-endian: 4 x u64 PdqHash words, i64 frame number,
// i32 quality, f32 seconds (48 bytes).
constexpr size_t kFrameBytes = 48;

template <typename T>
void Put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // x86-64 / AArch64 Linux: little-endian
  out.append(b, sizeof(T));
}

template <typename T>
T Get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

std::string EncodeFrames(const std::vector<media::VpdqFeature>& frames) {
  std::string out;
  out.reserve(frames.size() * kFrameBytes);
  for (const auto& f : frames) {
    for (uint64_t w : f.hash.words) Put<uint64_t>(out, w);
    Put<int64_t>(out, f.frame_number);
    Put<int32_t>(out, f.quality);
    Put<float>(out, static_cast<float>(f.timestamp_seconds));
  }
  return out;
}

Status DecodeFrames(std::string_view blob, std::vector<media::VpdqFeature>* out) {
  if (blob.size() % kFrameBytes != 0) return DataLoss("video frames blob of " + std::to_string(blob.size()) + " bytes");
  out->resize(blob.size() / kFrameBytes);
  const char* p = blob.data();
  for (auto& f : *out) {
    for (auto& w : f.hash.words) {
      w = Get<uint64_t>(p);
      p += 8;
    }
    f.frame_number = Get<int64_t>(p);
    f.quality = Get<int32_t>(p + 8);
    f.timestamp_seconds = Get<float>(p + 12);
    p += 16;
    if (f.quality < 0 || f.quality > 100) return DataLoss("video frame quality " + std::to_string(f.quality));
  }
  return Status::Ok();
}

}  // namespace

Result<ImportOutcome> Store::ImportHashList(const HashListData& list, const ImportMeta& meta) {
  if (list.source.empty()) return InvalidArgument("hash list has no source name");
  std::string content_hash = ContentHash(meta.files, "hashes\n" + list.format);

  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
  TAMIS_RETURN_IF_ERROR(db_.AdvisoryLock(store::kLockImport));  // replicas import one at a time
  ImportOutcome out;
  TAMIS_ASSIGN_OR_RETURN(auto same, UnchangedVersion(list.source, "hashes", content_hash, meta.force));
  if (same) {
    out.version = std::move(*same);
    out.unchanged = true;
    return out;  // transaction rolls back: nothing written
  }
  TAMIS_ASSIGN_OR_RETURN(int64_t vid, InsertVersion("hashes", list.source, list.format, "", content_hash, meta,
                                                    static_cast<int64_t>(list.hashes.size()), list.warnings,
                                                    list.skipped_records));
  TAMIS_ASSIGN_OR_RETURN(auto hi, db_.Prepare(
      "INSERT INTO media_hashes(version_id, seq, hash_type, value, label, tags, quality, ext_id, line) "
      "VALUES(?,?,?,?,?,?,?,?,?)"));
  TAMIS_ASSIGN_OR_RETURN(auto fi, db_.Prepare("INSERT INTO video_frames(version_id, seq, frames) VALUES(?,?,?)"));
  for (size_t i = 0; i < list.hashes.size(); ++i) {
    if (opts_.fault_injector) TAMIS_RETURN_IF_ERROR(opts_.fault_injector(static_cast<int64_t>(i)));
    const StoredHash& h = list.hashes[i];
    hi.Bind(1, vid).Bind(2, static_cast<int64_t>(i)).Bind(3, h.type).Bind(4, h.hex).Bind(5, h.label);
    hi.Bind(6, JoinTags(h.tags));
    if (h.quality >= 0) hi.Bind(7, static_cast<int64_t>(h.quality)); else hi.BindNull(7);
    hi.Bind(8, h.ext_id).Bind(9, h.line);
    TAMIS_RETURN_IF_ERROR(hi.RunBatched());
    if (h.type == "vpdq") {
      fi.Bind(1, vid).Bind(2, static_cast<int64_t>(i)).BindBlob(3, EncodeFrames(h.frames));
      TAMIS_RETURN_IF_ERROR(fi.RunBatched());
    }
  }
  TAMIS_RETURN_IF_ERROR(tx.Commit());
  TAMIS_ASSIGN_OR_RETURN(out.version, Version(vid));
  out.added = static_cast<int64_t>(list.hashes.size());
  return out;
}

Result<std::vector<StoredHash>> Store::CurrentHashes(const std::vector<std::string>& sources) {
  TAMIS_ASSIGN_OR_RETURN(auto current, CurrentVersions());
  std::set<std::string> want(sources.begin(), sources.end());
  std::vector<StoredHash> out;
  for (const auto& v : current) {
    if (v.kind != "hashes" || (!want.empty() && !want.count(v.source))) continue;
    TAMIS_ASSIGN_OR_RETURN(auto q, db_.Prepare(
        "SELECT m.hash_type, m.value, m.label, m.tags, m.quality, m.ext_id, m.line, f.frames "
        "FROM media_hashes m LEFT JOIN video_frames f ON f.version_id=m.version_id AND f.seq=m.seq "
        "WHERE m.version_id=? ORDER BY m.seq"));
    q.Bind(1, v.version_id);
    while (true) {
      TAMIS_ASSIGN_OR_RETURN(bool r, q.Step());
      if (!r) break;
      StoredHash h;
      h.type = q.Text(0);
      h.hex = q.Text(1);
      h.label = q.Text(2);
      h.tags = SplitTags(q.Text(3));
      h.quality = q.IsNull(4) ? -1 : static_cast<int>(q.Int(4));
      h.ext_id = q.Text(5);
      h.line = q.Int(6);
      h.source = v.source;
      h.version_id = v.version_id;
      if (h.type == "vpdq" && !q.IsNull(7)) {
        Status st = DecodeFrames(q.Blob(7), &h.frames);
        if (!st.ok()) return st.WithContext(v.source + " version " + std::to_string(v.version_id) + " line " + std::to_string(h.line));
      }
      out.push_back(std::move(h));
    }
  }
  return out;
}

}  // namespace tamis
