// The XML loading every XML list importer does first (UN, EU, OFAC sdn.xml, UK FCDO):
// size limit, non-empty, valid UTF-8, well-formed, with errors naming file and line.
// Internal to tamis_formats_lists (exposes pugixml types).
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formats/lists/importers.h"

namespace tamis::lists {

// Parses `file.content` into `doc`. Errors: kResourceExhausted above opts.max_file_bytes;
// kParseError for an empty file, invalid UTF-8 ("<file> line N: invalid UTF-8 at byte
// offset B") or malformed XML ("<file> line N: malformed XML at byte offset B: <reason>").
Status LoadXmlDocument(const ListFile& file, const ImportOptions& opts, pugi::xml_document* doc);

// 1-based line of `node` in `text` (the buffer it was parsed from); 0 when unknown.
int XmlLine(const std::string& text, pugi::xml_node node);

// The element as compact XML text, for Entity::source_record.
std::string XmlText(pugi::xml_node node);

// Which elements of an XML list are its records: `path` holds the element names from the root
// down to a candidate element (root first); returns the record kind (>= 0), or -1 for none.
// Records do not nest: the elements inside a record are not offered.
using XmlRecordSelector = std::function<int(const std::vector<std::string_view>& path)>;

// The local part of an element name ("export" for "fsd:export"): lists may use any namespace prefix.
std::string_view XmlLocalName(std::string_view qualified);
// The selector of lists whose records are the root's children of local name `local` (record kind
// 0), whatever their namespace prefix (EU sanctionEntity, OFAC sdnEntry).
XmlRecordSelector RootChildrenNamed(std::string_view local);

// An XML list read one record at a time, without a DOM of the whole file. Open scans the bytes
// for the records (tags, comments, CDATA, processing instructions and DOCTYPE understood), parses
// each record alone with pugixml to check it and parses the rest of the document (the "skeleton":
// the root, its attributes, the elements that are not records) as a small DOM. ForEach then
// parses each record again, alone, and hands its element on. A record parsed alone is the same
// DOM as in the whole document (pugixml does no namespace or DTD processing), so parsers see
// the same nodes, texts and, through Line, the same lines.
// When the scan finds anything it does not understand, the whole document is parsed as
// LoadXmlDocument does: its error when malformed (the same message as before streaming), else
// the whole DOM, walked in the same order (correct output, memory not bounded).
// Memory when streamed: the skeleton, 16 bytes per record and one record's DOM.
class XmlRecordReader {
 public:
  // Test seam: while true (this thread), Open always parses the whole document, as before
  // streaming: the oracle of the tests that compare both reads.
  static void SetWholeDocumentForTesting(bool whole);

  // Errors: those of LoadXmlDocument, with the same messages.
  Status Open(const ListFile& file, const ImportOptions& opts, XmlRecordSelector select);
  // The document element: of the skeleton (streamed) or of the whole document.
  pugi::xml_node root() const { return doc_.document_element(); }
  // The number of records of `kind`.
  int64_t Count(int kind) const;
  // Calls fn(element) for each record of `kind`, in document order; the element is valid during
  // the call only. Stops at and returns the first error.
  Status ForEach(int kind, const std::function<Status(pugi::xml_node)>& fn);
  // 1-based line in the file of a node of root() or of the record being handed on; 0 when unknown.
  // Fast for nodes met in file order (counts from the last line asked).
  int Line(pugi::xml_node n);
  bool streamed() const { return streamed_; }

 private:
  struct Range {
    uint64_t begin;
    uint32_t size;
    int32_t kind;
  };
  // Finds the records and builds the skeleton; false when the bytes are not understood.
  bool Scan(std::string_view text, std::string* skeleton);
  int LineAt(size_t offset);

  const ListFile* file_ = nullptr;
  XmlRecordSelector select_;
  bool streamed_ = false;
  pugi::xml_document doc_;     // the skeleton, or the whole document
  pugi::xml_document record_;  // the record being handed on (streamed)
  size_t record_base_ = 0;     // its offset in the file
  std::vector<Range> records_;
  // Skeleton offsets at which record bytes were removed, with the bytes removed up to there.
  std::vector<std::pair<size_t, size_t>> gaps_;
  size_t line_offset_ = 0;  // Line's cache: the line at line_offset_
  int line_ = 1;
};

}  // namespace tamis::lists
