// Given-name groups: a name and its usual hypocorisms / short forms share a group, so that
// "Bill Clinton" matches "William Clinton" and "Bibi Netanyahu" matches "Benjamin Netanyahu".
//
// The table (given_names.cc) covers common English given names (William/Bill/Will/Liam,
// Robert/Bob/Rob, Edward/Ed/Ted/Ned, Theodore/Theo/Ted, ...), Russian diminutives in their
// usual romanisations (Aleksandr/Sasha, Vladimir/Volodya, Dmitriy/Dima, ...) and a few
// well-established cross-language forms (Benjamin/Binyamin/Bibi). It was written from general
// knowledge, not copied from a published list. A short form may belong to two groups ("ted":
// Edward and Theodore); only the first two are kept.
// Pure; thread-safe (the lookup table is built once, read-only afterwards).
#pragma once

#include <cstdint>
#include <string_view>

namespace tamis::text {

// Writes up to two group ids (1..255) of the normalised token `w` into groups[0..1] (0 = none)
// and returns how many were found.
int GivenNameGroups(std::string_view w, uint8_t groups[2]);

}  // namespace tamis::text
