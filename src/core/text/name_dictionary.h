// A romanisation dictionary of frequent names for an abjad script (arabic_romanise.cc,
// hebrew_romanise.cc): each entry's native spelling, folded by the script's own rules (final
// letter forms, hamza seats, ...), maps to its usual Latin spelling. Built once per process.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/text/utf8.h"

namespace tamis::text {

struct NameDictEntry {
  const char* native;  // UTF-8
  const char* latin;
};

using NameDictionary = std::unordered_map<std::u32string, std::string_view>;

// The dictionary of `entries`, keyed by fold(decoded native spelling).
template <size_t N, typename Fold>
NameDictionary BuildNameDictionary(const NameDictEntry (&entries)[N], Fold fold) {
  NameDictionary d;
  d.reserve(N);
  for (const auto& e : entries) d.emplace(fold(DecodeUtf8(e.native)), e.latin);
  return d;
}

}  // namespace tamis::text
