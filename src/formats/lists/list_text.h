// Text helpers shared by the UN, EU and UK list importers. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.h"

namespace tamis::lists {

// ISO 15924 code of the dominant non-Latin script of `utf8` ("Arab", "Cyrl", "Hani",
// "Hang", "Grek", "Hebr", ...), or "" when the text is Latin, Common-only or invalid.
std::string DetectScript(std::string_view utf8);

// Maps a list's document-type text to the canonical type of IdentityDocument::type:
// "Passport", "Numéro de passeport", "national passport" -> "passport";
// "National Identification Number", "identity card", "tazkira" -> "national_id"; ... ;
// anything else -> "other".
std::string NormaliseDocumentType(std::string_view text);

// The pieces that are non-empty, joined with `sep`.
std::string JoinNonEmpty(const std::vector<std::string_view>& pieces, std::string_view sep);

// Appends `value` unless it is empty or already present.
void AddUnique(std::vector<std::string>& values, std::string value);

// core/date.h's parsers behind a guard: texts longer than 64 bytes or holding a run of
// more than 8 digits are refused up front (no date has one; core's ParsePartialDate
// overflows an int on such runs, found by fuzz_un_xml). nullopt when unreadable.
std::optional<PartialDate> ParseDate(std::string_view text);
std::optional<DateOfBirth> ParseDob(std::string_view text);

// Canonical ISO text ("2001-01-25", "1980") of a date a list gives, or "" when unparsable.
std::string IsoDate(std::string_view text);

// Adds `dob` unless an equal one (same kind, from, to; `raw` ignored) is already there.
void AddDateOfBirth(std::vector<DateOfBirth>& dobs, DateOfBirth dob);

}  // namespace tamis::lists
