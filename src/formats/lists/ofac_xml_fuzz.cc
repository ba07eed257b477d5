// libFuzzer target for ParseOfacXml: any bytes must give a value or an error, never a crash,
// a hang or a sanitizer report. Seed with a small sdn.xml (see ofac_xml_test.cc).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "formats/lists/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tamis::ListFile file{"fuzz.xml", std::string(reinterpret_cast<const char*>(data), size)};
  tamis::Result<tamis::ParsedList> r = tamis::ParseOfacXml(file, tamis::ImportOptions{});
  if (r.ok()) {
    for (const tamis::Entity& e : r->entities)
      if (e.id.empty() || e.id != e.source + ":" + e.native_id || e.names.empty()) std::abort();
  } else if (r.status().message().find("fuzz.xml") == std::string::npos) {
    std::abort();  // every error names the file
  }
  return 0;
}
