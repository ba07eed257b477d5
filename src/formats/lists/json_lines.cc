#include "formats/lists/json_lines.h"

#include <string>

#include "core/strings.h"

namespace tamis::lists_detail {

Status ForEachJsonLine(const ListFile& file, const std::function<Status(const JsonRecord&)>& fn) {
  std::string_view text = file.content;
  if (StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  simdjson::dom::parser parser;
  size_t pos = 0;
  int line = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (Trim(l).empty()) continue;
    JsonRecord rec;
    rec.line = line;
    rec.text = l;
    auto err = parser.parse(l.data(), l.size(), true).get(rec.doc);
    if (err)
      return ParseError(file.name + " line " + std::to_string(line) + ": invalid JSON: " +
                        simdjson::error_message(err));
    TAMIS_RETURN_IF_ERROR(fn(rec));
  }
  return Status::Ok();
}

std::string_view StringMember(const simdjson::dom::element& obj, std::string_view key) {
  std::string_view sv;
  if (!obj.is_object() || obj[key].get_string().get(sv)) return {};
  return sv;
}

}  // namespace tamis::lists_detail
