// The vPDQ hash file (the reference vpdq-hash-video output): one line per sampled frame,
//   frame_number,quality,pdq_hex,seconds
// e.g. "12,100,e271...055c,0.400". Seconds are written with 3 decimals.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/media/vpdq.h"
#include "core/status.h"

namespace tamis::video {

struct VpdqParseOptions {
  // Most lines accepted (ResourceExhausted beyond). Default 10 million.
  size_t max_lines = 10'000'000;
  // Accept the older 3-field form without seconds (timestamp_seconds is then 0). Default true.
  bool allow_missing_seconds = true;
};

// Parses a vPDQ file's text. Blank lines and a final line without '\n' are accepted, '\r'
// before '\n' is ignored, spaces around fields are trimmed. Errors: ParseError naming the
// 1-based line and field (bad frame number: not a non-negative integer; quality not 0..100;
// hash not 64 hex digits; seconds not a finite non-negative number; wrong field count).
// Pure and thread-safe.
Result<std::vector<media::VpdqFeature>> ParseVpdq(std::string_view text,
                                                  const VpdqParseOptions& opts = {});

// True when the first non-blank line of `head` (a file's first bytes) has the shape of a vPDQ
// line: "digits,digits,64 hex" optionally followed by ",seconds". For telling vPDQ files from
// other inputs; ParseVpdq still validates every line. Pure and thread-safe.
bool LooksLikeVpdq(std::string_view head);

// Writes features in the reference format (hash in lower-case hex, seconds "%.3f"), one line
// each, '\n' terminated. Pure and thread-safe.
std::string FormatVpdq(const std::vector<media::VpdqFeature>& features);

// Reads and parses a vPDQ file. NotFound / IoError when it cannot be read (the message names
// the file), otherwise ParseVpdq's errors prefixed with the file name. Files larger than
// max_bytes are refused with ResourceExhausted before reading. Thread-safe.
Result<std::vector<media::VpdqFeature>> ReadVpdqFile(const std::filesystem::path& path,
                                                     const VpdqParseOptions& opts = {},
                                                     uint64_t max_bytes = uint64_t{1} << 30);

// Writes FormatVpdq(features) to `path` (replaced). IoError naming the file on failure.
Status WriteVpdqFile(const std::filesystem::path& path,
                     const std::vector<media::VpdqFeature>& features);

}  // namespace tamis::video
