// libFuzzer target: ParseHashList on arbitrary text must return a Status or entries,
// never crash; whatever it accepts must survive WriteCsvList -> ParseHashList.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/hashlist/hashlist.h"

using namespace tamis::formats::hashlist;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (ListFormat f : {ListFormat::kAuto, ListFormat::kPlain, ListFormat::kCsv}) {
    for (ErrorMode m : {ErrorMode::kStrict, ErrorMode::kLenient}) {
      ParseOptions o;
      o.format = f;
      o.mode = m;
      auto r = ParseHashList(text, o);
      if (!r.ok()) continue;
      auto again = ParseHashList(WriteCsvList(r->entries));
      if (!again.ok() || again->entries.size() != r->entries.size()) std::abort();
      for (size_t i = 0; i < r->entries.size(); ++i) {
        if (again->entries[i].HexValue() != r->entries[i].HexValue() ||
            again->entries[i].type != r->entries[i].type) {
          std::abort();
        }
      }
    }
  }
  return 0;
}
