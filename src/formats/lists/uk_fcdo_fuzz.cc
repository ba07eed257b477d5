// libFuzzer target for ParseUkFcdoXml: any bytes must give a value or an error, never a crash,
// a hang or a sanitizer report. Seed with a small UK Sanctions List XML (see uk_fcdo_test.cc).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "formats/lists/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tamis::ListFile file{"fuzz.xml", std::string(reinterpret_cast<const char*>(data), size)};
  tamis::Result<tamis::ParsedList> r = tamis::ParseUkFcdoXml(file, tamis::ImportOptions{});
  if (r.ok()) {
    for (const tamis::Entity& e : r->entities)
      if (e.id.empty() || e.id != e.source + ":" + e.native_id) std::abort();
  } else if (r.status().message().find("fuzz.xml") == std::string::npos) {
    std::abort();  // every error names the file
  }
  return 0;
}
