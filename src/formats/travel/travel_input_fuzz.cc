// Fuzzes travel input detection and reading (PAXLST / PNRGOV / MRZ lines, lenient envelope, as
// `tamis travel screen` reads files): every input ends in a Status or flights whose travellers
// have ids, MRZ issues naming a field, and one TravelFlight for MRZ input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/travel/travel_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = tamis::ReadTravelInput(text, "fuzz");
  if (!r.ok()) return 0;
  if (r->format == tamis::TravelFormat::kDetect) __builtin_trap();
  if (r->format == tamis::TravelFormat::kMrz && r->flights.size() != 1) __builtin_trap();
  for (const auto& f : r->flights)
    for (const auto& t : f.travellers) {
      if (t.id.empty() || t.index < 1) __builtin_trap();
      for (const auto& i : t.mrz_issues)
        if (i.field.empty()) __builtin_trap();
    }
  return 0;
}
