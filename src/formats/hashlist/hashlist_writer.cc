// Hash-list writers (plain hex list and CSV).
#include "core/strings.h"
#include "formats/hashlist/hashlist.h"

namespace tamis::formats::hashlist {
namespace {

// One line, no surrounding blanks.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return std::string(Trim(out));
}

std::string CsvField(std::string_view s) {
  std::string v = OneLine(s);
  const bool quote = v.find_first_of(",\"") != std::string::npos || v != s || (!v.empty() && v[0] == '#');
  if (!quote) return v;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out + "\"";
}

}  // namespace

Result<std::string> WritePlainList(std::span<const HashEntry> entries) {
  std::string out;
  for (const HashEntry& e : entries) {
    if (e.type == HashType::kSha256) {
      return InvalidArgument("plain hash lists cannot hold SHA-256 (reads back as PDQ); use CSV");
    }
    out += e.HexValue();
    std::string label = OneLine(e.label);
    // The reader skips separators before a label.
    label.erase(0, label.find_first_not_of(", \t"));
    if (!label.empty()) out += "," + label;
    out += '\n';
  }
  return out;
}

std::string WriteCsvList(std::span<const HashEntry> entries) {
  std::string out = "hash,type,tags,quality,id,label\n";
  for (const HashEntry& e : entries) {
    std::string tags;
    for (size_t i = 0; i < e.tags.size(); ++i) {
      if (i) tags += ';';
      tags += e.tags[i];
    }
    out += e.HexValue();
    out += ',';
    out += HashTypeName(e.type);
    out += ',' + CsvField(tags) + ',';
    if (e.quality) out += std::to_string(*e.quality);
    out += ',' + CsvField(e.id) + ',' + CsvField(e.label) + '\n';
  }
  return out;
}

}  // namespace tamis::formats::hashlist
