// Reader of screening input records: CSV with a header row, or JSON Lines (one object a line).
//
// Fields (CSV header names / JSON keys, case-insensitive; unknown ones ignored):
//   id           the caller's record id (string or number). Optional: defaults to the line number.
//   name         the name to screen. Required.
//   kind         person | organisation (also individual, entity, company, organization). Optional.
//   dob          date of birth: "1971", "1971-03-15", "15/03/1971", ... (core/date.h). Optional.
//   nationality  country codes or names, several separated by ';' or '|'. Optional.
//   country      country of residence / registration (code or name). Optional.
//   gender       male | female | m | f. Optional.
//   id_number    a passport / national id number. Optional.
// The format is detected from the first non-blank byte ('{' = JSON Lines, else CSV) unless given.
//
// Streaming: records are read one at a time from a std::istream (memory bounded by the longest
// record, at most RecordReaderOptions::max_record_bytes). A bad record (malformed JSON, wrong
// field count, missing name, unparseable dob) is returned as an item with an error Status naming
// its line; reading continues with the next record. Not thread-safe per instance.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "core/entity.h"
#include "core/status.h"

namespace tamis {

enum class RecordFormat { kDetect, kCsv, kJsonl };
// "csv", "jsonl", "detect"/"" -> value; anything else -> nullopt-like kInvalidArgument.
Result<RecordFormat> ParseRecordFormat(std::string_view s);

struct ScreenRecord {
  int line = 0;                            // 1-based line where the record starts
  std::string id;                          // never empty after a successful read
  std::string name;                        // never empty after a successful read
  EntityKind kind = EntityKind::kUnknown;
  PartialDate dob;                         // year 0 = not given
  std::vector<std::string> nationalities;  // ISO 3166-1 alpha-2, upper case
  std::string country;                     // ISO 3166-1 alpha-2, "" if not given
  Gender gender = Gender::kUnknown;
  std::string id_number;
};

// One item read: a record, or the error of a bad record (record.line always set; record.id set
// when it could be read).
struct RecordItem {
  ScreenRecord record;
  Status error;  // OK = record is valid
};

struct RecordReaderOptions {
  size_t max_record_bytes = 1 << 20;  // longer records are errors (default 1 MiB)
  // Unknown country text in nationality/country is an error (true) or ignored (false, default).
  bool strict_countries = false;
};

class RecordReader {
 public:
  // `in` must outlive the reader. kDetect peeks at the first non-blank byte.
  explicit RecordReader(std::istream& in, RecordFormat format = RecordFormat::kDetect,
                        RecordReaderOptions opts = {});

  // Reads the next item. Returns true when *item was filled (check item->error), false at the
  // end of input, or a non-OK Status for a fatal error that ends the input: a CSV header without
  // a `name` column (kParseError), a stream read failure (kIoError).
  Result<bool> Next(RecordItem* item);

  // The format in use (after detection; kDetect until the first Next()).
  RecordFormat format() const { return format_; }

 private:
  Result<bool> NextItem(RecordItem* item);  // Next() without the read-failure handling
  Result<bool> NextCsv(RecordItem* item);
  Result<bool> NextJsonl(RecordItem* item);
  // Reads one CSV record's fields; false at end. *error set for a malformed record.
  bool ReadCsvFields(std::vector<std::string>* fields, int* start_line, std::string* error);
  bool ReadLine(std::string* line, bool* too_long);
  int Get();   // next byte or -1
  int Peek();

  std::istream& in_;
  RecordFormat format_;
  RecordReaderOptions opts_;
  int line_ = 1;
  bool header_done_ = false;
  std::vector<std::string> header_;
  int col_[8];  // column of each field in header_ order: id, name, kind, dob, nationality, country, gender, id_number
};

// The field (0..7 in the order id, name, kind, dob, nationality, country, gender, id_number)
// that a CSV header name / JSON key stands for, case-insensitive and with the reader's synonyms
// (full_name, date_of_birth, sex, passport, ...); -1 for an unknown key. For other front ends
// (the Python module) that fill the values given to FillRecord.
inline constexpr int kRecordFieldCount = 8;
int RecordFieldIndex(std::string_view key);

// Validates and converts raw field values (as read) into *rec. Used by the reader; exposed for
// other front ends (the HTTP server). Errors: kInvalidArgument naming the field.
Status FillRecord(const std::string* values[8], const RecordReaderOptions& opts, ScreenRecord* rec);

}  // namespace tamis
