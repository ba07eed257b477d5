#include "formats/lists/csv_reader.h"

#include <algorithm>
#include <utility>

namespace tamis {

CsvReader::CsvReader(std::string_view text, CsvOptions opts) : text_(text), opts_(opts) {
  if (opts_.strip_utf8_bom && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

Result<bool> CsvReader::Next(CsvRecord* rec) {
  rec->fields.clear();
  const size_t n = text_.size();
  // Skip blank lines.
  while (opts_.skip_blank_lines && pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }
  if (pos_ >= n) return false;
  rec->line = line_;
  rec->offset = pos_;
  size_t end = n;  // where the record's text ends (before its line break)
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  auto fail = [&](std::string what) -> Status {
    pos_ = n;
    return ParseError("line " + std::to_string(rec->line) + ": " + std::move(what));
  };
  auto push_field = [&]() -> bool {
    if (rec->fields.size() >= opts_.max_fields) return false;
    rec->fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
    return true;
  };
  while (pos_ < n) {
    char c = text_[pos_];
    if (in_quotes) {
      if (c == '"') {
        if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
        } else {
          in_quotes = false;
          ++pos_;
        }
        continue;
      }
      if (c == '\n' || (c == '\r' && !(pos_ + 1 < n && text_[pos_ + 1] == '\n'))) ++line_;
      field += c;
      ++pos_;
    } else if (c == opts_.separator) {
      ++pos_;
      if (!push_field()) return fail("more than " + std::to_string(opts_.max_fields) + " fields");
    } else if (c == '\n' || c == '\r') {
      end = pos_;
      if (c == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
      break;
    } else if (c == '"' && field.empty() && !field_was_quoted) {
      in_quotes = true;
      field_was_quoted = true;
      ++pos_;
    } else {
      field += c;  // includes a stray quote or text after a closing quote (lenient)
      ++pos_;
    }
    if (field.size() > opts_.max_field_bytes)
      return fail("field " + std::to_string(rec->fields.size() + 1) + " longer than " +
                  std::to_string(opts_.max_field_bytes) + " bytes");
  }
  if (in_quotes) return fail("unterminated quoted field " + std::to_string(rec->fields.size() + 1));
  if (!push_field()) return fail("more than " + std::to_string(opts_.max_fields) + " fields");
  rec->length = std::min(end, n) - rec->offset;
  return true;
}

Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, CsvOptions opts) {
  CsvReader reader(text, opts);
  std::vector<CsvRecord> out;
  for (;;) {
    CsvRecord rec;
    TAMIS_ASSIGN_OR_RETURN(bool more, reader.Next(&rec));
    if (!more) break;
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace tamis
