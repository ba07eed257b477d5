// A small RFC 4180 CSV reader shared by the list importers (UK ConList, OFAC, watchlists).
// Fields may be quoted with '"'; a doubled quote inside quotes is one quote; quoted fields
// may hold separators, CR and LF. Records end at LF, CRLF or a lone CR. The reader is
// lenient where real lists are sloppy: a quote inside an unquoted field, or text after a
// closing quote, is kept as literal text. It works on bytes: encoding is the caller's job.
// Not thread-safe per instance; distinct instances are independent.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace tamis {

struct CsvOptions {
  char separator = ',';           // field separator
  bool skip_blank_lines = true;   // an empty line yields no record (default true)
  bool strip_utf8_bom = true;     // ignore a leading EF BB BF (default true)
  size_t max_fields = 4096;       // a record with more fields is a ParseError (default 4096)
  size_t max_field_bytes = 1 << 20;  // a longer field is a ParseError (default 1 MiB)
};

struct CsvRecord {
  int line = 0;                     // 1-based line on which the record starts
  std::vector<std::string> fields;  // at least one field
  size_t offset = 0;                // byte offset of the record's first byte in the text
  size_t length = 0;                // bytes of the record, without its line break
};

class CsvReader {
 public:
  // `text` must outlive the reader; it is not copied.
  explicit CsvReader(std::string_view text, CsvOptions opts = {});

  // Reads the next record into *rec. Returns true when a record was read, false at the
  // end of input, or a ParseError ("line 12: unterminated quoted field") on malformed
  // input; after an error the reader stays at the end. Never throws.
  Result<bool> Next(CsvRecord* rec);

  // 1-based line the reader is on (the line of the next record's first byte).
  int line() const { return line_; }

 private:
  std::string_view text_;
  CsvOptions opts_;
  size_t pos_ = 0;
  int line_ = 1;
};

// Splits a whole text into records; the first error stops the split.
Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, CsvOptions opts = {});

}  // namespace tamis
