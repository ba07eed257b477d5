// Internal to the list importers: iteration over JSON Lines with simdjson (DOM).
// Not part of the public importer API (importers.h). Thread-safe: no shared state.
#pragma once

#include <simdjson.h>

#include <functional>
#include <string_view>

#include "core/status.h"
#include "formats/lists/importers.h"

namespace tamis::lists_detail {

// One parsed line. `doc` and `text` are valid only during the callback.
struct JsonRecord {
  int line = 0;               // 1-based line number in the file
  std::string_view text;      // the line without its line end
  simdjson::dom::element doc;
};

// Calls `fn` for each non-blank line of `file` (LF or CRLF ends; a leading UTF-8 BOM is
// ignored). A line that is not valid JSON is a ParseError "<file> line N: invalid JSON: ...".
// The first non-OK Status from `fn` stops the walk and is returned.
Status ForEachJsonLine(const ListFile& file, const std::function<Status(const JsonRecord&)>& fn);

// Reads a JSON string member; "" when absent or not a string.
std::string_view StringMember(const simdjson::dom::element& obj, std::string_view key);

}  // namespace tamis::lists_detail
