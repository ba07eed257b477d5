// libFuzzer target for the vPDQ hash file parser: it must never crash, and whatever it
// accepts must survive FormatVpdq -> ParseVpdq with the same frames, qualities and hashes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/video/vpdq_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tamis::video::VpdqParseOptions opts;
  opts.max_lines = 10000;
  auto r =
      tamis::video::ParseVpdq(std::string_view(reinterpret_cast<const char*>(data), size), opts);
  if (!r.ok()) return 0;
  auto again = tamis::video::ParseVpdq(tamis::video::FormatVpdq(*r), opts);
  if (!again.ok() || again->size() != r->size()) std::abort();
  for (size_t i = 0; i < r->size(); ++i) {
    const auto& a = (*r)[i];
    const auto& b = (*again)[i];
    if (a.frame_number != b.frame_number || a.quality != b.quality || !(a.hash == b.hash)) {
      std::abort();
    }
  }
  return 0;
}
