#include "formats/lists/xml_doc.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <sstream>

#include "core/strings.h"

namespace tamis::lists {
namespace {

// The checks made before any XML parsing.
Status CheckXmlText(const ListFile& file, const ImportOptions& opts) {
  const std::string& text = file.content;
  if (static_cast<int64_t>(text.size()) > opts.max_file_bytes)
    return ResourceExhausted(file.name + ": " + std::to_string(text.size()) +
                             " bytes exceeds the limit of " + std::to_string(opts.max_file_bytes));
  if (Trim(text).empty()) return ParseError(file.name + ": empty file");
  if (size_t bad = FindInvalidUtf8(text); bad != std::string::npos)
    return ParseError(file.name + " line " + std::to_string(LineOfOffset(text, bad)) +
                      ": invalid UTF-8 at byte offset " + std::to_string(bad));
  return Status();
}

thread_local bool whole_document_for_testing = false;

bool XmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Calls fn(element, path) for each element the selector picks, in document order, without
// descending into those elements.
template <typename F>
void WalkRecords(pugi::xml_node n, std::vector<std::string_view>* path, const XmlRecordSelector& select, F&& fn) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    path->push_back(c.name());
    int kind = select(*path);
    if (kind >= 0) {
      fn(c, kind);
    } else {
      WalkRecords(c, path, select, fn);
    }
    path->pop_back();
  }
}

}  // namespace

Status LoadXmlDocument(const ListFile& file, const ImportOptions& opts, pugi::xml_document* doc) {
  TAMIS_RETURN_IF_ERROR(CheckXmlText(file, opts));
  const std::string& text = file.content;
  pugi::xml_parse_result res =
      doc->load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!res) {
    size_t off = res.offset < 0 ? 0 : static_cast<size_t>(res.offset);
    return ParseError(file.name + " line " + std::to_string(LineOfOffset(text, off)) +
                      ": malformed XML at byte offset " + std::to_string(off) + ": " + res.description());
  }
  return Status();
}

int XmlLine(const std::string& text, pugi::xml_node node) {
  ptrdiff_t off = node.offset_debug();
  return off < 0 ? 0 : LineOfOffset(text, static_cast<size_t>(off));
}

std::string_view XmlLocalName(std::string_view qualified) {
  const size_t colon = qualified.find(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

XmlRecordSelector RootChildrenNamed(std::string_view local) {
  return [local = std::string(local)](const std::vector<std::string_view>& path) {
    return path.size() == 2 && XmlLocalName(path[1]) == local ? 0 : -1;
  };
}

std::string XmlText(pugi::xml_node node) {
  std::ostringstream os;
  node.print(os, "", pugi::format_raw);
  return os.str();
}

void XmlRecordReader::SetWholeDocumentForTesting(bool whole) { whole_document_for_testing = whole; }

bool XmlRecordReader::Scan(std::string_view text, std::string* skeleton) {
  constexpr size_t npos = std::string_view::npos;
  std::vector<std::string_view> path;
  const size_t n = text.size();
  size_t i = 0;
  bool seen_root = false;
  size_t record_depth = npos;  // path size below the current record's element
  size_t record_begin = 0;
  int record_kind = -1;
  size_t kept = 0;  // text[kept, ...) not yet copied to the skeleton
  auto close_record = [&](size_t end) {
    if (end - record_begin > std::numeric_limits<uint32_t>::max()) return false;
    records_.push_back({record_begin, static_cast<uint32_t>(end - record_begin), record_kind});
    skeleton->append(text.substr(kept, record_begin - kept));
    kept = end;
    gaps_.push_back({skeleton->size(), end - skeleton->size()});
    record_depth = npos;
    return true;
  };
  auto starts = [&](size_t at, std::string_view s) { return text.compare(at, s.size(), s) == 0; };
  while (true) {
    size_t lt = text.find('<', i);
    if (lt == npos) break;
    if (starts(lt, "<!--")) {
      size_t e = text.find("-->", lt + 4);
      if (e == npos) return false;
      i = e + 3;
    } else if (starts(lt, "<![CDATA[")) {
      if (path.empty()) return false;
      size_t e = text.find("]]>", lt + 9);
      if (e == npos) return false;
      i = e + 3;
    } else if (starts(lt, "<?")) {
      size_t e = text.find("?>", lt + 2);
      if (e == npos) return false;
      i = e + 2;
    } else if (starts(lt, "<!")) {  // DOCTYPE, before the root: '>' outside quotes and [...]
      if (seen_root) return false;
      size_t j = lt + 2;
      int brackets = 0;
      for (; j < n; ++j) {
        char c = text[j];
        if (c == '"' || c == '\'') {
          j = text.find(c, j + 1);
          if (j == npos) return false;
        } else if (c == '[') {
          ++brackets;
        } else if (c == ']') {
          --brackets;
        } else if (c == '>' && brackets == 0) {
          break;
        }
      }
      if (j >= n) return false;
      i = j + 1;
    } else if (starts(lt, "</")) {
      size_t e = text.find('>', lt + 2);
      if (e == npos || path.empty()) return false;
      std::string_view name = text.substr(lt + 2, e - lt - 2);
      while (!name.empty() && XmlSpace(name.back())) name.remove_suffix(1);
      if (name != path.back()) return false;
      path.pop_back();
      if (path.size() == record_depth && !close_record(e + 1)) return false;
      i = e + 1;
    } else {  // a start tag
      size_t j = lt + 1;
      while (j < n && !XmlSpace(text[j]) && text[j] != '/' && text[j] != '>' && text[j] != '<') ++j;
      std::string_view name = text.substr(lt + 1, j - lt - 1);
      if (name.empty() || (path.empty() && seen_root)) return false;
      for (; j < n; ++j) {
        char c = text[j];
        if (c == '"' || c == '\'') {
          j = text.find(c, j + 1);
          if (j == npos) return false;
        } else if (c == '>') {
          break;
        } else if (c == '<') {
          return false;
        }
      }
      if (j >= n) return false;
      bool empty = text[j - 1] == '/';
      seen_root = true;
      path.push_back(name);
      if (record_depth == npos) {
        int kind = select_(path);
        if (kind >= 0) {
          record_depth = path.size() - 1;
          record_begin = lt;
          record_kind = kind;
        }
      }
      if (empty) {
        path.pop_back();
        if (path.size() == record_depth && !close_record(j + 1)) return false;
      }
      i = j + 1;
    }
  }
  if (!seen_root || !path.empty()) return false;
  skeleton->append(text.substr(kept));
  return true;
}

Status XmlRecordReader::Open(const ListFile& file, const ImportOptions& opts, XmlRecordSelector select) {
  TAMIS_RETURN_IF_ERROR(CheckXmlText(file, opts));
  file_ = &file;
  select_ = std::move(select);
  records_.clear();
  gaps_.clear();
  line_offset_ = 0;
  line_ = 1;
  const std::string& text = file.content;
  std::string skeleton;
  bool ok = !whole_document_for_testing && Scan(text, &skeleton);
  for (size_t r = 0; ok && r < records_.size(); ++r)
    ok = record_.load_buffer(text.data() + records_[r].begin, records_[r].size, pugi::parse_default,
                             pugi::encoding_utf8) &&
         record_.document_element();
  record_.reset();
  if (ok) {
    // The skeleton is parsed from its own buffer: pugixml copies it (load_buffer).
    ok = static_cast<bool>(doc_.load_buffer(skeleton.data(), skeleton.size(), pugi::parse_default, pugi::encoding_utf8));
  }
  if (ok) {
    streamed_ = true;
    return Status();
  }
  // Not understood, or malformed: the whole document, as before streaming.
  records_.clear();
  gaps_.clear();
  streamed_ = false;
  return LoadXmlDocument(file, opts, &doc_);
}

int64_t XmlRecordReader::Count(int kind) const {
  int64_t c = 0;
  if (streamed_) {
    for (const Range& r : records_) c += r.kind == kind;
    return c;
  }
  std::vector<std::string_view> path;
  path.push_back(root().name());
  WalkRecords(root(), &path, select_, [&](pugi::xml_node, int k) { c += k == kind; });
  return c;
}

Status XmlRecordReader::ForEach(int kind, const std::function<Status(pugi::xml_node)>& fn) {
  if (!streamed_) {
    Status st;
    std::vector<std::string_view> path;
    path.push_back(root().name());
    WalkRecords(root(), &path, select_, [&](pugi::xml_node c, int k) {
      if (k == kind && st.ok()) st = fn(c);
    });
    return st;
  }
  const std::string& text = file_->content;
  for (const Range& r : records_) {
    if (r.kind != kind) continue;
    if (!record_.load_buffer(text.data() + r.begin, r.size, pugi::parse_default, pugi::encoding_utf8))
      return Internal(file_->name + ": record at byte offset " + std::to_string(r.begin) + " no longer parses");
    record_base_ = r.begin;
    Status st = fn(record_.document_element());
    if (!st.ok()) {
      record_.reset();
      return st;
    }
  }
  record_.reset();
  return Status();
}

int XmlRecordReader::LineAt(size_t offset) {
  const std::string& text = file_->content;
  offset = std::min(offset, text.size());
  if (offset < line_offset_) {
    line_offset_ = 0;
    line_ = 1;
  }
  const char* p = text.data() + line_offset_;
  const char* end = text.data() + offset;
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    ++line_;
    p = static_cast<const char*>(nl) + 1;
  }
  line_offset_ = offset;
  return line_;
}

int XmlRecordReader::Line(pugi::xml_node n) {
  ptrdiff_t off = n.offset_debug();
  if (off < 0 || !file_) return 0;
  size_t o = static_cast<size_t>(off);
  if (streamed_ && n.root() == record_.root()) return LineAt(record_base_ + o);
  if (streamed_) {
    // A skeleton node: add the record bytes removed before it.
    auto it = std::upper_bound(gaps_.begin(), gaps_.end(), std::make_pair(o, std::numeric_limits<size_t>::max()));
    if (it != gaps_.begin()) o += std::prev(it)->second;
  }
  return LineAt(o);
}

}  // namespace tamis::lists
