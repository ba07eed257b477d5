// Fuzzes the PNRGOV parser (and through it the EDIFACT tokenizer): every input must end in a
// Status or records whose contact and payment owners index their passengers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/travel/pnrgov.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool strict : {true, false}) {
    tamis::PnrgovOptions o;
    o.edifact.strict_envelope = strict;
    o.edifact.allow_missing_unz = !strict;
    o.edifact.max_segments = 4096;
    auto r = tamis::ParsePnrgov(text, "fuzz.edi", o);
    if (!r.ok()) continue;
    for (const auto& m : r->messages)
      for (const auto& rec : m.records) {
        const int n = static_cast<int>(rec.passengers.size());
        for (const auto& c : rec.contacts)
          if (c.passenger < -1 || c.passenger >= n) __builtin_trap();
        for (const auto& p : rec.payments)
          if (p.passenger < -1 || p.passenger >= n) __builtin_trap();
      }
  }
  return 0;
}
