// Parsing of the date texts that sanctions lists use. Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/entity.h"

namespace tamis {

// Parses one date: "1971-03-15", "1971-03", "1971", "15/03/1971" (day first), "00/00/1980",
// "15 Mar 1971", "15 MAR 1971", "Mar 1971", "March 15, 1971", "19710315".
// Returns nullopt for anything else or for impossible values (month 13, day 32, year < 1800 or > 2200).
std::optional<PartialDate> ParsePartialDate(std::string_view text);

// Parses a date-of-birth expression: a single date, "circa 1971" / "approximately 1971" /
// "c. 1971" / "~1971", a range "1968 to 1970" / "between 1968 and 1970" / "1968-1970".
// The returned value keeps `text` in `raw` when it was not a plain ISO date.
std::optional<DateOfBirth> ParseDateOfBirth(std::string_view text);

}  // namespace tamis
