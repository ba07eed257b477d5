// libFuzzer target for ParseIso20022: any bytes must give payments or an error, never a
// crash, a hang or a sanitizer report. Seed with ../shared/data/payments/*.xml.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/payments/parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto r = tamis::payments::ParseIso20022(bytes, "fuzz.xml");
  if (r.ok()) {
    for (const auto& p : r.value())
      if (p.message_type.empty() || p.amount.empty()) std::abort();  // every payment typed, with amount
  } else if (r.status().message().find("fuzz.xml") == std::string::npos) {
    std::abort();  // every error names the file
  }
  return 0;
}
