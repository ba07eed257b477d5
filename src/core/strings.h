// Small ASCII string helpers shared by every layer. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tamis {

// Removes leading/trailing ASCII whitespace (space, \t, \r, \n, \v, \f).
std::string_view Trim(std::string_view s);
// ASCII lower/upper case; bytes >= 0x80 are left alone.
std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);
// Splits on `sep`; keeps empty fields ("a,,b" -> {"a","","b"}).
std::vector<std::string_view> Split(std::string_view s, char sep);
// Collapses runs of ASCII whitespace to one space and trims.
std::string CollapseSpaces(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool IEquals(std::string_view a, std::string_view b);  // ASCII case-insensitive
// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
size_t FindInvalidUtf8(std::string_view s);
// Converts Windows-1252 bytes to UTF-8 (undefined bytes 0x81,0x8D,0x8F,0x90,0x9D -> U+FFFD).
std::string Cp1252ToUtf8(std::string_view s);
// 1-based line number of byte `offset` in `text`.
int LineOfOffset(std::string_view text, size_t offset);
// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// The bytes as lower-case hex, two digits each.
std::string HexLower(std::string_view bytes);

}  // namespace tamis
