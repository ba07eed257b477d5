// Hash-list parsing: plain hex lists and HMA/ThreatExchange-style CSV.
#include <charconv>
#include <fstream>
#include <sstream>

#include "core/strings.h"
#include "formats/hashlist/hashlist.h"

namespace tamis::formats::hashlist {
namespace {

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return !s.empty();
}

int Nibble(char c) {
  if (c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

std::vector<uint8_t> HexBytes(std::string_view hex) {
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<uint8_t>(Nibble(hex[2 * i]) << 4 | Nibble(hex[2 * i + 1]));
  }
  return out;
}

// Fills entry->type and value from `hex`. `type` is the declared type, if any.
Status SetValue(std::string_view hex, std::optional<HashType> type, HashType type_for_64,
                HashEntry* entry) {
  if (hex.empty()) return ParseError("empty hash");
  if (!IsHex(hex)) return ParseError("hash is not hexadecimal: '" + std::string(hex.substr(0, 80)) + "'");
  if (!type) {
    switch (hex.size()) {
      case 64: type = type_for_64; break;
      case 32: type = HashType::kMd5; break;
      case 16: return ParseError("not a PDQ hash (64-bit)");
      default: return ParseError("unrecognised hash length " + std::to_string(hex.size()) + " hex digits");
    }
  }
  const size_t want = *type == HashType::kMd5 ? 32 : 64;
  if (hex.size() != want) {
    if (*type == HashType::kPdq && hex.size() == 16) return ParseError("not a PDQ hash (64-bit)");
    return ParseError(std::string(HashTypeName(*type)) + " hash must be " + std::to_string(want) +
                      " hex digits, got " + std::to_string(hex.size()));
  }
  entry->type = *type;
  if (*type == HashType::kPdq) {
    auto h = ParseHash256(hex);
    if (!h.ok()) return h.status();
    entry->pdq = *h;
  } else {
    entry->digest = HexBytes(hex);
  }
  return Status::Ok();
}

// Splits one CSV record. Error for an unterminated quote or text after a closing quote.
Status SplitCsv(std::string_view line, std::vector<std::string>* fields) {
  fields->clear();
  size_t i = 0;
  while (true) {
    std::string field;
    // Skip blanks before a quoted field.
    size_t j = i;
    while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
    if (j < line.size() && line[j] == '"') {
      i = j + 1;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field += line[i++];
      }
      if (!closed) return ParseError("unterminated quoted field");
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] != ',') return ParseError("text after a closing quote");
    } else {
      const size_t comma = line.find(',', i);
      const size_t end = comma == std::string_view::npos ? line.size() : comma;
      field = std::string(Trim(line.substr(i, end - i)));
      i = end;
    }
    fields->push_back(std::move(field));
    if (i >= line.size()) return Status::Ok();
    ++i;  // the comma
  }
}

struct CsvColumns {
  int hash = -1, type = -1, tags = -1, quality = -1, id = -1, label = -1;
};

CsvColumns ColumnsOf(const std::vector<std::string>& header) {
  CsvColumns c;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    const std::string h = AsciiLower(Trim(header[i]));
    auto set = [&](int* col) { if (*col < 0) *col = i; };
    if (h == "hash" || h == "signal_value" || h == "value") set(&c.hash);
    else if (h == "type" || h == "signal_type" || h == "hash_type") set(&c.type);
    else if (h == "tags" || h == "labels") set(&c.tags);
    else if (h == "quality") set(&c.quality);
    else if (h == "id") set(&c.id);
    else if (h == "label" || h == "name" || h == "metadata") set(&c.label);
  }
  return c;
}

bool LooksLikeCsvHeader(std::string_view line) {
  if (line.find(',') == std::string_view::npos) return false;
  std::vector<std::string> fields;
  if (!SplitCsv(line, &fields).ok()) return false;
  return ColumnsOf(fields).hash >= 0;
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& o) : text_(text), o_(o) {}

  Result<ParsedList> Run() {
    ParsedList out;
    bool header_done = false;
    CsvColumns cols;
    std::vector<std::string> fields;
    size_t pos = 0;
    int line_no = 0;
    ListFormat format = o_.format;
    while (pos < text_.size()) {
      size_t nl = text_.find('\n', pos);
      if (nl == std::string_view::npos) nl = text_.size();
      std::string_view raw = text_.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      const std::string_view line = Trim(raw);
      if (line.empty() || line.front() == '#') continue;
      if (format == ListFormat::kAuto) format = LooksLikeCsvHeader(line) ? ListFormat::kCsv : ListFormat::kPlain;
      HashEntry entry;
      entry.line = line_no;
      Status st;
      if (format == ListFormat::kPlain) {
        st = ParsePlain(line, &entry);
      } else if (!header_done) {
        header_done = true;
        st = SplitCsv(line, &fields);
        if (st.ok()) {
          cols = ColumnsOf(fields);
          if (cols.hash < 0) {
            return ParseError(o_.source_name + ":" + std::to_string(line_no) +
                              ": CSV header has no hash column (hash, signal_value or value)");
          }
        } else {
          return ParseError(o_.source_name + ":" + std::to_string(line_no) + ": CSV header: " + st.message());
        }
        continue;
      } else {
        st = ParseCsvRecord(line, cols, &fields, &entry);
      }
      if (st.ok()) {
        out.entries.push_back(std::move(entry));
        continue;
      }
      if (o_.mode == ErrorMode::kStrict) {
        return ParseError(o_.source_name + ":" + std::to_string(line_no) + ": " + st.message());
      }
      ++out.bad_lines;
      if (out.issues.size() < o_.max_issues) out.issues.push_back({line_no, st.message()});
    }
    out.format = format == ListFormat::kAuto ? ListFormat::kPlain : format;
    return out;
  }

 private:
  Status ParsePlain(std::string_view line, HashEntry* e) const {
    size_t end = 0;
    while (end < line.size() && line[end] != ',' && line[end] != ' ' && line[end] != '\t') ++end;
    std::string_view rest = line.substr(end);
    while (!rest.empty() && (rest.front() == ',' || rest.front() == ' ' || rest.front() == '\t')) {
      rest.remove_prefix(1);
    }
    e->label = std::string(Trim(rest));
    return SetValue(line.substr(0, end), std::nullopt, o_.plain_64hex_type, e);
  }

  Status ParseCsvRecord(std::string_view line, const CsvColumns& c, std::vector<std::string>* f,
                        HashEntry* e) const {
    TAMIS_RETURN_IF_ERROR(SplitCsv(line, f));
    auto field = [&](int col) -> std::string_view {
      return col >= 0 && col < static_cast<int>(f->size()) ? std::string_view((*f)[col]) : std::string_view();
    };
    std::optional<HashType> type;
    if (!Trim(field(c.type)).empty()) {
      auto t = ParseHashType(Trim(field(c.type)));
      if (!t.ok()) return t.status();
      type = *t;
    }
    TAMIS_RETURN_IF_ERROR(SetValue(Trim(field(c.hash)), type, HashType::kPdq, e));
    for (std::string_view tag : Split(field(c.tags), ';')) {
      tag = Trim(tag);
      if (!tag.empty()) e->tags.emplace_back(tag);
    }
    if (const std::string_view q = Trim(field(c.quality)); !q.empty()) {
      int v = -1;
      const auto [p, ec] = std::from_chars(q.data(), q.data() + q.size(), v);
      if (ec != std::errc() || p != q.data() + q.size() || v < 0 || v > 100) {
        return ParseError("quality must be an integer 0..100, got '" + std::string(q.substr(0, 40)) + "'");
      }
      e->quality = v;
    }
    e->id = std::string(field(c.id));
    e->label = std::string(field(c.label));
    return Status::Ok();
  }

  std::string_view text_;
  const ParseOptions& o_;
};

}  // namespace

std::string_view HashTypeName(HashType type) {
  switch (type) {
    case HashType::kPdq: return "pdq";
    case HashType::kMd5: return "md5";
    case HashType::kSha256: return "sha256";
  }
  return "unknown";
}

Result<HashType> ParseHashType(std::string_view name) {
  std::string n = AsciiLower(Trim(name));
  if (StartsWith(n, "hash_")) n = n.substr(5);
  if (n == "pdq" || n == "pdq_photo" || n == "photo_pdq") return HashType::kPdq;
  if (n == "md5") return HashType::kMd5;
  if (n == "sha256" || n == "sha-256") return HashType::kSha256;
  return ParseError("unknown hash type '" + std::string(name.substr(0, 40)) + "'");
}

std::string HashEntry::HexValue() const {
  if (type == HashType::kPdq) return FormatHash256(pdq);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Result<ParsedList> ParseHashList(std::string_view text, const ParseOptions& options) {
  return Parser(text, options).Run();
}

Result<ParsedList> ReadHashListFile(const std::filesystem::path& path, ParseOptions options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound("no such hash list: " + path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IoError("error reading " + path.string());
  if (options.source_name == "<input>") options.source_name = path.string();
  return ParseHashList(ss.str(), options);
}

}  // namespace tamis::formats::hashlist
