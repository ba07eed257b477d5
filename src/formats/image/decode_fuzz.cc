// libFuzzer target: decode + file-level PDQ hash from memory with a small pixel limit.
// Any input must return a Status; crashes, leaks and UB are findings.
#include <cstddef>
#include <cstdint>
#include <span>

#include "formats/image/hash_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tamis::image::ImageHasher* hasher = [] {
    tamis::image::HashImageOptions opts;
    opts.decode.max_pixels = 4'000'000;  // keeps each run fast and bounded in memory
    opts.dihedrals = true;
    return new tamis::image::ImageHasher(opts);
  }();
  auto r = hasher->HashBytes(std::span<const uint8_t>(data, size));
  if (r.ok() && (r->pdq.quality < 0 || r->pdq.quality > 100)) __builtin_trap();
  // Also exercise the fast JPEG path and the truncated-data path.
  tamis::image::HashImageOptions alt;
  alt.decode.max_pixels = 4'000'000;
  alt.decode.allow_truncated = true;
  alt.fast_jpeg_scaling = true;
  (void)tamis::image::HashImageBytes(std::span<const uint8_t>(data, size), alt);
  return 0;
}
