#include "formats/records/records.h"
#include "formats/records/records_json.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <ios>

#include "core/country.h"
#include "core/date.h"

namespace tamis {
namespace {

constexpr int kFieldCount = 8;
constexpr const char* kFields[kFieldCount] = {"id", "name", "kind", "dob", "nationality", "country", "gender", "id_number"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Field index of a header name / JSON key (with a few common synonyms), or -1.
int FieldIndex(std::string_view key) {
  const std::string k = Lower(Trim(key));
  for (int i = 0; i < kFieldCount; ++i)
    if (k == kFields[i]) return i;
  if (k == "full_name") return 1;
  if (k == "type" || k == "schema") return 2;
  if (k == "date_of_birth" || k == "birth_date") return 3;
  if (k == "nationalities" || k == "citizenship") return 4;
  if (k == "sex") return 6;
  if (k == "passport" || k == "document" || k == "idnumber") return 7;
  return -1;
}

// CountryCode() with short codes upper-cased first ("af" -> "AF").
std::optional<std::string> Country(std::string_view text) {
  std::string t(text);
  if (t.size() <= 3)
    for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return CountryCode(t);
}

bool IsBlankByte(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

}  // namespace

int RecordFieldIndex(std::string_view key) { return FieldIndex(key); }

Result<RecordFormat> ParseRecordFormat(std::string_view s) {
  const std::string l = Lower(s);
  if (l.empty() || l == "detect" || l == "auto") return RecordFormat::kDetect;
  if (l == "csv") return RecordFormat::kCsv;
  if (l == "jsonl" || l == "json" || l == "ndjson") return RecordFormat::kJsonl;
  return InvalidArgument("unknown record format '" + std::string(s) + "' (csv or jsonl)");
}

Status FillRecord(const std::string* v[kFieldCount], const RecordReaderOptions& opts, ScreenRecord* rec) {
  auto val = [&](int i) { return v[i] ? Trim(*v[i]) : std::string_view(); };
  if (!val(0).empty()) rec->id = std::string(val(0));
  if (val(1).empty()) return InvalidArgument("missing name");
  rec->name = std::string(val(1));
  if (!val(2).empty()) {
    rec->kind = ParseEntityKind(Lower(val(2)));
    if (rec->kind != EntityKind::kPerson && rec->kind != EntityKind::kOrganisation)
      return InvalidArgument("kind: '" + std::string(val(2)) + "' is not person or organisation");
  }
  if (!val(3).empty()) {
    auto d = ParseDateOfBirth(val(3));
    if (!d || !d->from.known()) return InvalidArgument("dob: cannot parse '" + std::string(val(3)) + "'");
    rec->dob = d->from;
  }
  if (!val(4).empty()) {
    std::string_view rest = val(4);
    while (!rest.empty()) {
      const size_t cut = rest.find_first_of(";|");
      const std::string_view part = Trim(rest.substr(0, cut));
      rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
      if (part.empty()) continue;
      auto code = Country(part);
      if (code) {
        if (std::find(rec->nationalities.begin(), rec->nationalities.end(), *code) == rec->nationalities.end())
          rec->nationalities.push_back(*code);
      } else if (opts.strict_countries) {
        return InvalidArgument("nationality: unknown country '" + std::string(part) + "'");
      }
    }
  }
  if (!val(5).empty()) {
    auto code = Country(val(5));
    if (code) rec->country = *code;
    else if (opts.strict_countries) return InvalidArgument("country: unknown country '" + std::string(val(5)) + "'");
  }
  if (!val(6).empty()) {
    rec->gender = ParseGender(val(6));
    if (rec->gender == Gender::kUnknown) {
      const std::string g = Lower(val(6));
      if (g != "unknown" && g != "u" && g != "other")
        return InvalidArgument("gender: '" + std::string(val(6)) + "' is not male or female");
    }
  }
  rec->id_number = std::string(val(7));
  return Status::Ok();
}

RecordReader::RecordReader(std::istream& in, RecordFormat format, RecordReaderOptions opts)
    : in_(in), format_(format), opts_(opts) {
  std::fill(col_, col_ + kFieldCount, -1);
}

int RecordReader::Get() {
  const auto c = in_.rdbuf()->sbumpc();
  return c == std::char_traits<char>::eof() ? -1 : static_cast<unsigned char>(c);
}

int RecordReader::Peek() {
  const auto c = in_.rdbuf()->sgetc();
  return c == std::char_traits<char>::eof() ? -1 : static_cast<unsigned char>(c);
}

Result<bool> RecordReader::Next(RecordItem* item) {
  if (!in_.rdbuf()) return IoError("no input stream");
  // A stream buffer reports a failed read by throwing (std::filebuf: "error reading the file",
  // e.g. a directory, a device error); the input ends there with an error, not as if it were
  // complete.
  try {
    return NextItem(item);
  } catch (const std::ios_base::failure& e) {
    return IoError("cannot read the input after line " + std::to_string(line_) + ": " + e.what());
  }
}

Result<bool> RecordReader::NextItem(RecordItem* item) {
  if (format_ == RecordFormat::kDetect) {
    // Skip leading blank bytes (and a UTF-8 BOM), keeping the line count.
    for (;;) {
      int c = Peek();
      if (c == 0xEF) {
        Get();
        if (Get() != 0xBB || Get() != 0xBF) return ParseError("line " + std::to_string(line_) + ": bad byte-order mark");
        continue;
      }
      if (c < 0 || !IsBlankByte(c)) {
        format_ = c == '{' ? RecordFormat::kJsonl : RecordFormat::kCsv;
        break;
      }
      if (Get() == '\n') ++line_;
    }
  }
  return format_ == RecordFormat::kJsonl ? NextJsonl(item) : NextCsv(item);
}

bool RecordReader::ReadLine(std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  int c = Get();
  if (c < 0) return false;
  while (c >= 0 && c != '\n') {
    if (line->size() < opts_.max_record_bytes) line->push_back(static_cast<char>(c));
    else *too_long = true;
    c = Get();
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

Status FillRecordFromJson(const simdjson::dom::object& obj, const RecordReaderOptions& opts, ScreenRecord* rec) {
  std::string values[kFieldCount];
  const std::string* ptrs[kFieldCount] = {};
  Status bad;
  for (auto field : obj) {
    const int i = FieldIndex(field.key);
    if (i < 0) continue;
    std::string_view sv;
    if (field.value.get(sv) == simdjson::SUCCESS) {
      values[i] = std::string(sv);
    } else if (field.value.is_number()) {
      values[i] = simdjson::minify(field.value);
    } else if (field.value.is_null()) {
      continue;
    } else if (i == 4 && field.value.is_array()) {  // nationality as an array of strings
      for (auto el : field.value.get_array()) {
        std::string_view s;
        if (el.get(s) != simdjson::SUCCESS) {
          bad = InvalidArgument("nationality: expected a string or an array of strings");
          break;
        }
        values[i].append(values[i].empty() ? "" : ";").append(s);
      }
    } else {
      bad = InvalidArgument(std::string(kFields[i]) + ": expected a string");
      continue;
    }
    ptrs[i] = &values[i];
  }
  if (ptrs[0] && !Trim(values[0]).empty()) rec->id = std::string(Trim(values[0]));
  if (bad.ok()) bad = FillRecord(ptrs, opts, rec);
  return bad;
}

Result<bool> RecordReader::NextJsonl(RecordItem* item) {
  thread_local simdjson::dom::parser parser;
  std::string line;
  for (;;) {
    bool too_long = false;
    if (!ReadLine(&line, &too_long)) return false;
    const int lineno = line_++;
    if (Trim(line).empty() && !too_long) continue;
    *item = RecordItem();
    item->record.line = lineno;
    item->record.id = std::to_string(lineno);
    if (too_long) {
      item->error = InvalidArgument("line " + std::to_string(lineno) + ": record longer than " +
                                    std::to_string(opts_.max_record_bytes) + " bytes");
      return true;
    }
    simdjson::dom::element doc;
    if (auto err = parser.parse(line).get(doc); err) {
      item->error = ParseError("line " + std::to_string(lineno) + ": invalid JSON: " + simdjson::error_message(err));
      return true;
    }
    simdjson::dom::object obj;
    if (doc.get(obj) != simdjson::SUCCESS) {
      item->error = ParseError("line " + std::to_string(lineno) + ": not a JSON object");
      return true;
    }
    const Status bad = FillRecordFromJson(obj, opts_, &item->record);
    if (!bad.ok()) item->error = bad.WithContext("line " + std::to_string(lineno));
    return true;
  }
}

bool RecordReader::ReadCsvFields(std::vector<std::string>* fields, int* start_line, std::string* error) {
  fields->clear();
  error->clear();
  // Skip blank lines.
  for (;;) {
    int c = Peek();
    if (c < 0) return false;
    if (c == '\n') {
      Get();
      ++line_;
      continue;
    }
    if (c == '\r') {
      Get();
      if (Peek() == '\n') Get();
      ++line_;
      continue;
    }
    break;
  }
  *start_line = line_;
  size_t bytes = 0;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (;;) {
    int c = Get();
    if (c < 0) {
      if (quoted && error->empty()) *error = "unterminated quoted field";
      fields->push_back(std::move(field));
      return true;
    }
    if (++bytes > opts_.max_record_bytes && error->empty()) *error = "record longer than " + std::to_string(opts_.max_record_bytes) + " bytes";
    if (quoted) {
      if (c == '"') {
        if (Peek() == '"') {
          Get();
          if (error->empty()) field.push_back('"');
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        if (error->empty()) field.push_back(static_cast<char>(c));
      }
      continue;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
      continue;
    }
    if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
      was_quoted = false;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && Peek() == '\n') Get();
      ++line_;
      fields->push_back(std::move(field));
      return true;
    }
    if (error->empty()) field.push_back(static_cast<char>(c));  // lenient: text after a quote is literal
  }
}

Result<bool> RecordReader::NextCsv(RecordItem* item) {
  std::vector<std::string> fields;
  int start = 0;
  std::string error;
  if (!header_done_) {
    if (!ReadCsvFields(&fields, &start, &error)) return false;
    if (!error.empty()) return ParseError("line " + std::to_string(start) + ": header: " + error);
    header_ = fields;
    for (size_t i = 0; i < header_.size(); ++i) {
      const int f = FieldIndex(i == 0 && header_[i].rfind("\xEF\xBB\xBF", 0) == 0 ? header_[i].substr(3) : header_[i]);
      if (f >= 0 && col_[f] < 0) col_[f] = static_cast<int>(i);
    }
    if (col_[1] < 0)
      return ParseError("line " + std::to_string(start) + ": CSV header has no 'name' column (columns: id, name, kind, dob, "
                        "nationality, country, gender, id_number)");
    header_done_ = true;
  }
  if (!ReadCsvFields(&fields, &start, &error)) return false;
  *item = RecordItem();
  item->record.line = start;
  item->record.id = std::to_string(start);
  if (col_[0] >= 0 && static_cast<size_t>(col_[0]) < fields.size() && !Trim(fields[col_[0]]).empty())
    item->record.id = std::string(Trim(fields[col_[0]]));
  const std::string where = "line " + std::to_string(start);
  if (!error.empty()) {
    item->error = ParseError(where + ": " + error);
    return true;
  }
  if (fields.size() != header_.size()) {
    item->error = ParseError(where + ": " + std::to_string(fields.size()) + " fields, header has " +
                             std::to_string(header_.size()));
    return true;
  }
  const std::string* ptrs[kFieldCount] = {};
  for (int f = 0; f < kFieldCount; ++f)
    if (col_[f] >= 0) ptrs[f] = &fields[col_[f]];
  Status st = FillRecord(ptrs, opts_, &item->record);
  if (!st.ok()) item->error = st.WithContext(where);
  return true;
}

}  // namespace tamis
