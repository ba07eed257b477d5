// libFuzzer target for ParseMt (and detection): any bytes must give payments or an error,
// never a crash, a hang or a sanitizer report. Seed with ../shared/data/payments/*.fin, *.rje.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/payments/parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)tamis::payments::DetectPaymentFormat(bytes);
  auto r = tamis::payments::ParseMt(bytes, "fuzz.fin");
  if (r.ok()) {
    for (const auto& p : r.value())
      if (p.message_type.empty() || p.amount.empty()) std::abort();
  } else if (r.status().message().find("fuzz.fin") == std::string::npos) {
    std::abort();
  }
  return 0;
}
