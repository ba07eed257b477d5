// libFuzzer target: the OFAC SDN CSV set. The input is split on 0x00 bytes into
// sdn / alt / add / sdn_comments contents.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/lists/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  tamis::OfacFiles f;
  tamis::ListFile* parts[] = {&f.sdn, &f.alt, &f.add, &f.comments};
  f.sdn.name = "sdn.csv";
  f.alt.name = "alt.csv";
  f.add.name = "add.csv";
  f.comments.name = "sdn_comments.csv";
  for (int i = 0; i < 4; ++i) {
    size_t cut = i == 3 ? std::string_view::npos : in.find('\0');
    parts[i]->content = std::string(in.substr(0, cut));
    if (cut == std::string_view::npos) break;
    in.remove_prefix(cut + 1);
  }
  auto r = tamis::ParseOfacCsv(f, {});
  (void)r;
  return 0;
}
