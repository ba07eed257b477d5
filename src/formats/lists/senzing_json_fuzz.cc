// libFuzzer target: Senzing JSON Lines.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/lists/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tamis::ListFile f{"fuzz.json", std::string(reinterpret_cast<const char*>(data), size)};
  auto r = tamis::ParseSenzingJson(f, {});
  (void)r;
  return 0;
}
