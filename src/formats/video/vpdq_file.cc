#include "formats/video/vpdq_file.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

namespace tamis::video {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Status LineError(size_t line, std::string_view what) {
  return ParseError("vpdq line " + std::to_string(line) + ": " + std::string(what));
}

// Non-negative decimal integer, the whole field.
bool ParseInt(std::string_view s, int64_t* out) {
  if (s.empty() || s.front() == '-' || s.front() == '+') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status ParseLine(std::string_view line, size_t n, const VpdqParseOptions& opts,
                 media::VpdqFeature* f) {
  std::string_view fields[5];
  size_t count = 0;
  while (true) {
    const size_t comma = line.find(',');
    if (count == 4) return LineError(n, "more than 4 fields");
    fields[count++] = Trim(line.substr(0, comma));
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  if (count < 3 || (count == 3 && !opts.allow_missing_seconds)) {
    return LineError(n, "expected frame,quality,hash,seconds");
  }
  int64_t frame = 0, quality = 0;
  if (!ParseInt(fields[0], &frame)) return LineError(n, "frame number is not an integer >= 0");
  if (!ParseInt(fields[1], &quality) || quality > 100) {
    return LineError(n, "quality is not an integer 0..100");
  }
  auto hash = media::PdqHash::FromHex(fields[2]);
  if (!hash.ok()) return LineError(n, "hash is not 64 hex digits");
  double seconds = 0;
  if (count == 4) {
    const std::string_view s = fields[3];
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(seconds) ||
        seconds < 0) {
      return LineError(n, "seconds is not a finite number >= 0");
    }
  }
  f->frame_number = frame;
  f->quality = static_cast<int>(quality);
  f->hash = *hash;
  f->timestamp_seconds = seconds;
  return Status::Ok();
}

}  // namespace

Result<std::vector<media::VpdqFeature>> ParseVpdq(std::string_view text,
                                                  const VpdqParseOptions& opts) {
  std::vector<media::VpdqFeature> out;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    if (out.size() >= opts.max_lines) {
      return ResourceExhausted("vpdq: more than " + std::to_string(opts.max_lines) + " lines");
    }
    media::VpdqFeature f;
    Status s = ParseLine(line, line_no, opts, &f);
    if (!s.ok()) return s;
    out.push_back(f);
  }
  return out;
}

std::string FormatVpdq(const std::vector<media::VpdqFeature>& features) {
  std::string out;
  out.reserve(features.size() * 90);
  char buf[400];  // "%.3f" of the largest double is 313 characters
  for (const media::VpdqFeature& f : features) {
    out += std::to_string(f.frame_number);
    out += ',';
    out += std::to_string(f.quality);
    out += ',';
    out += f.hash.ToHex();
    std::snprintf(buf, sizeof(buf), ",%.3f\n", f.timestamp_seconds);
    out += buf;
  }
  return out;
}

Result<std::vector<media::VpdqFeature>> ReadVpdqFile(const std::filesystem::path& path,
                                                     const VpdqParseOptions& opts,
                                                     uint64_t max_bytes) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound(name + ": no such file");
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return IoError(name + ": " + ec.message());
  if (size > max_bytes)
    return ResourceExhausted(name + ": larger than " + std::to_string(max_bytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(name + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IoError(name + ": read error");
  auto r = ParseVpdq(ss.str(), opts);
  if (!r.ok()) return r.status().WithContext(name);
  return r;
}

Status WriteVpdqFile(const std::filesystem::path& path,
                     const std::vector<media::VpdqFeature>& features) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError(path.string() + ": cannot open for writing");
  out << FormatVpdq(features);
  out.flush();
  if (!out) return IoError(path.string() + ": write error");
  return Status::Ok();
}

bool LooksLikeVpdq(std::string_view head) {
  size_t i = 0;
  while (i < head.size() && (head[i] == '\n' || head[i] == '\r' || head[i] == ' ' || head[i] == '\t')) ++i;
  size_t end = head.find('\n', i);
  std::string_view line = head.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  auto digits = [&](size_t& p) {
    const size_t start = p;
    while (p < line.size() && line[p] >= '0' && line[p] <= '9') ++p;
    return p > start;
  };
  size_t p = 0;
  if (!digits(p) || p >= line.size() || line[p++] != ',') return false;
  if (!digits(p) || p >= line.size() || line[p++] != ',') return false;
  size_t hex = 0;
  while (p < line.size() && std::isxdigit(static_cast<unsigned char>(line[p]))) ++p, ++hex;
  if (hex != 64) return false;
  if (p == line.size()) return true;
  if (line[p++] != ',') return false;
  const size_t start = p;
  while (p < line.size() && ((line[p] >= '0' && line[p] <= '9') || line[p] == '.')) ++p;
  return p > start && p == line.size();
}

}  // namespace tamis::video
