// libFuzzer target: user watchlists (CSV and JSON Lines) and format detection.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/lists/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tamis::ListFile f{"fuzz.csv", std::string(reinterpret_cast<const char*>(data), size)};
  (void)tamis::DetectListFormat(f.name, f.content);
  auto a = tamis::ParseWatchlistCsv(f, {});
  auto b = tamis::ParseWatchlistJsonl(f, {});
  (void)a;
  (void)b;
  return 0;
}
