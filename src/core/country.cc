#include "core/country.h"
// Placeholder until the country table lands.
namespace tamis {
std::optional<std::string> CountryCode(std::string_view) { return std::nullopt; }
std::string CountryName(std::string_view) { return ""; }
}  // namespace tamis
