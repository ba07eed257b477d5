// Fuzzes the record reader (both formats and detection): every input must end in a bounded
// number of items, each either valid (id and name set) or an error carrying a line number.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "formats/records/records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (auto fmt : {tamis::RecordFormat::kDetect, tamis::RecordFormat::kCsv, tamis::RecordFormat::kJsonl}) {
    std::istringstream in(text);
    tamis::RecordReader reader(in, fmt, {.max_record_bytes = 256});
    tamis::RecordItem item;
    size_t n = 0;
    for (;;) {
      auto r = reader.Next(&item);
      if (!r.ok() || !*r) break;
      if (++n > size + 2) __builtin_trap();  // more items than bytes: no progress
      if (item.record.line <= 0) __builtin_trap();
      if (item.error.ok() && (item.record.name.empty() || item.record.id.empty())) __builtin_trap();
    }
  }
  return 0;
}
