// ISO 3166-1 country codes from the ways lists write countries. Pure; thread-safe after
// first use (the lookup table is built once, guarded by a function-local static).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tamis {

// Maps a country as lists write it to its ISO 3166-1 alpha-2 code (upper case):
// an alpha-2 or alpha-3 code ("SY", "SYR"), an English name in any case ("Syria",
// "Syrian Arab Republic", "Iran (Islamic Republic of)", "Democratic Republic of the Congo"),
// or a nationality adjective ("Syrian", "Iraqi", "Afghan"). Returns nullopt when unknown.
std::optional<std::string> CountryCode(std::string_view text);

// English short name for an alpha-2 code ("SY" -> "Syria"); "" when unknown.
std::string CountryName(std::string_view alpha2);

}  // namespace tamis
