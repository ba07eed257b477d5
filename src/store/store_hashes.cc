// Media hash lists in the store (tables list_versions with kind 'hashes', media_hashes).
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

}  // namespace

Result<ImportOutcome> Store::ImportHashList(const HashListData& list, const ImportMeta& meta) {
  if (list.source.empty()) return InvalidArgument("hash list has no source name");
  std::string content_hash = ContentHash(meta.files, "hashes\n" + list.format);

  TAMIS_ASSIGN_OR_RETURN(auto tx, store::Transaction::Begin(db_));
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
  for (size_t i = 0; i < list.hashes.size(); ++i) {
    if (opts_.fault_injector) TAMIS_RETURN_IF_ERROR(opts_.fault_injector(static_cast<int64_t>(i)));
    const StoredHash& h = list.hashes[i];
    hi.Bind(1, vid).Bind(2, static_cast<int64_t>(i)).Bind(3, h.type).Bind(4, h.hex).Bind(5, h.label);
    hi.Bind(6, JoinTags(h.tags));
    if (h.quality >= 0) hi.Bind(7, static_cast<int64_t>(h.quality)); else hi.BindNull(7);
    hi.Bind(8, h.ext_id).Bind(9, h.line);
    TAMIS_RETURN_IF_ERROR(hi.Run());
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
        "SELECT hash_type, value, label, tags, quality, ext_id, line FROM media_hashes "
        "WHERE version_id=? ORDER BY seq"));
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
      out.push_back(std::move(h));
    }
  }
  return out;
}

}  // namespace tamis
