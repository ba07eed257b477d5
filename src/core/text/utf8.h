// Minimal UTF-8 decode/encode used by tamis_text. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace tamis::text {

// Decodes UTF-8; every invalid or truncated sequence, overlong form, surrogate or value above
// U+10FFFF becomes one U+FFFD. Never fails.
std::u32string DecodeUtf8(std::string_view s);

// Appends the UTF-8 encoding of `c` (values that are not scalar values become U+FFFD).
void AppendUtf8(char32_t c, std::string* out);

}  // namespace tamis::text
