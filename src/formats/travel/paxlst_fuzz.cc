// Fuzzes the EDIFACT tokenizer and the PAXLST parser, strict and lenient: every input must end
// in a Status or a result whose values keep their invariants (segment numbers positive, every
// traveller inside the manifest it came from).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/travel/paxlst.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool strict : {true, false}) {
    tamis::PaxlstOptions o;
    o.edifact.strict_envelope = strict;
    o.edifact.allow_missing_unz = !strict;
    o.edifact.max_segments = 4096;
    auto r = tamis::ParsePaxlst(text, "fuzz.edi", o);
    if (!r.ok()) {
      if (r.status().message().empty()) __builtin_trap();
      continue;
    }
    for (const auto& m : r->manifests) {
      if (m.parts < 1) __builtin_trap();
      for (const auto& t : m.travellers)
        if (t.segment <= 0) __builtin_trap();
    }
  }
  return 0;
}
