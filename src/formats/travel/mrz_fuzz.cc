// Fuzzes the MRZ parser with and without autocorrect: every input must end in a Status or a
// result whose issues name a field and point inside the zone.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/travel/mrz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool fix : {false, true}) {
    auto r = tamis::ParseMrz(text, {.autocorrect = fix});
    if (!r.ok()) continue;
    for (const auto& i : r->issues)
      if (i.field.empty() || i.line < 0 || i.line > 2 || i.column < 0 || i.column >= 44)
        __builtin_trap();
    if (!fix && !r->corrections.empty()) __builtin_trap();
  }
  return 0;
}
