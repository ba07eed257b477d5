// Hash-list exchange formats: read and write lists of PDQ / MD5 / SHA-256 hashes.
//
// Formats
//  - kPlain: one hex hash per line, optionally followed by whitespace or a comma and a
//    free-text label. Blank lines and lines starting with '#' are skipped. A 64-hex
//    hash is a PDQ hash (ParseOptions::plain_64hex_type), 32 hex is MD5; 16 hex is
//    reported as "not a PDQ hash (64-bit)". The upstream reg-test-input/*.txt|*.dat
//    files are this format.
//  - kCsv: HMA / ThreatExchange-style CSV with a header row. Recognised columns
//    (case-insensitive): hash | signal_value | value; type | signal_type | hash_type
//    (pdq, md5, sha256, optionally prefixed "hash_"); tags | labels (';'-separated,
//    e.g. "ideology:x;source:gifct"); quality (0..100); id; label. Fields may be
//    double-quoted ("" escapes a quote); records are one line each.
//
// Errors: every bad line becomes an Issue {line, message}. kStrict fails the whole list
// at the first one with "source:line: message"; kLenient skips the line and records it.
// All functions are pure (no I/O except ReadHashListFile) and thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/hash256.h"

namespace tamis::formats::hashlist {

enum class HashType : uint8_t { kPdq, kMd5, kSha256 };
enum class ListFormat : uint8_t { kAuto, kPlain, kCsv };
enum class ErrorMode : uint8_t { kStrict, kLenient };

// "pdq", "md5", "sha256".
std::string_view HashTypeName(HashType type);
// Accepts pdq | md5 | sha256, any case, optional "hash_" prefix, "pdq_photo"/"photo_pdq".
// Error: kParseError.
Result<HashType> ParseHashType(std::string_view name);

struct HashEntry {
  HashType type = HashType::kPdq;
  Hash256 pdq;                  // the value when type == kPdq
  std::vector<uint8_t> digest;  // the value for kMd5 (16 bytes) / kSha256 (32 bytes)
  std::string label;            // free text; empty if none
  std::vector<std::string> tags;
  std::optional<int> quality;   // PDQ quality 0..100 when the list gives it
  std::string id;               // external id when the list gives it
  int line = 0;                 // 1-based line in the source (0 when built in memory)

  // Lower-case hex of the value (64 / 32 / 64 digits).
  std::string HexValue() const;
};

struct Issue {
  int line = 0;  // 1-based
  std::string message;
};

struct ParseOptions {
  ListFormat format = ListFormat::kAuto;  // kAuto: CSV when the first record is a header
  ErrorMode mode = ErrorMode::kStrict;
  HashType plain_64hex_type = HashType::kPdq;  // how kPlain reads a 64-hex hash
  std::string source_name = "<input>";         // prefix of strict-mode messages
  size_t max_issues = 1000;  // issues kept in ParsedList::issues (all are counted)
};

struct ParsedList {
  ListFormat format = ListFormat::kPlain;  // the format actually parsed
  std::vector<HashEntry> entries;
  std::vector<Issue> issues;  // lenient mode: first max_issues problems, by line
  size_t bad_lines = 0;       // lenient mode: lines skipped
};

// Parses a whole list held in memory.
// Error (kStrict only): kParseError "source:line: message" at the first bad line,
// or for a CSV header without a hash column (either mode).
Result<ParsedList> ParseHashList(std::string_view text, const ParseOptions& options = {});

// Reads and parses a file; source_name defaults to the path when left "<input>".
// Errors: kNotFound / kIoError from the OS, then as ParseHashList.
Result<ParsedList> ReadHashListFile(const std::filesystem::path& path, ParseOptions options = {});

// Writes kPlain: "hex[,label]" per line. Labels are written on one line (CR/LF become
// spaces, surrounding blanks trimmed). Error: kInvalidArgument for a SHA-256 entry
// (a 64-hex line reads back as PDQ; use CSV).
Result<std::string> WritePlainList(std::span<const HashEntry> entries);

// Writes kCsv with the header "hash,type,tags,quality,id,label", quoting as needed.
// Round-trips through ParseHashList (line numbers aside; CR/LF in text become spaces).
std::string WriteCsvList(std::span<const HashEntry> entries);

}  // namespace tamis::formats::hashlist
