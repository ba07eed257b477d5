// The XML loading every XML list importer does first (UN, EU, OFAC sdn.xml, UK FCDO):
// size limit, non-empty, valid UTF-8, well-formed, with errors naming file and line.
// Internal to tamis_formats_lists (exposes pugixml types).
#pragma once

#include <pugixml.hpp>

#include <string>

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

}  // namespace tamis::lists
