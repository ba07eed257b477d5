#include "formats/lists/xml_doc.h"

#include <sstream>

#include "core/strings.h"

namespace tamis::lists {

Status LoadXmlDocument(const ListFile& file, const ImportOptions& opts, pugi::xml_document* doc) {
  const std::string& text = file.content;
  if (static_cast<int64_t>(text.size()) > opts.max_file_bytes)
    return ResourceExhausted(file.name + ": " + std::to_string(text.size()) +
                             " bytes exceeds the limit of " + std::to_string(opts.max_file_bytes));
  if (Trim(text).empty()) return ParseError(file.name + ": empty file");
  if (size_t bad = FindInvalidUtf8(text); bad != std::string::npos)
    return ParseError(file.name + " line " + std::to_string(LineOfOffset(text, bad)) +
                      ": invalid UTF-8 at byte offset " + std::to_string(bad));
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

std::string XmlText(pugi::xml_node node) {
  std::ostringstream os;
  node.print(os, "", pugi::format_raw);
  return os.str();
}

}  // namespace tamis::lists
