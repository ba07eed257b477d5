// libFuzzer target: decode + file-level PDQ hash from memory. Any input must return a Status;
// crashes, leaks and UB are findings.
//
// Inputs are capped so that one execution stays in the millisecond range under ASan/UBSan:
// at most kMaxInputBytes bytes and kMaxPixels pixels (header-checked before allocation), so
// large photos used as seeds still exercise header/marker parsing but never a full decode.
// Use small seeds (a few KB: the synthetic/ and small decoded/ PNGs, small JPEGs wider than
// 512 so the streaming squash path runs), e.g.:
//   tamis_image_decode_fuzz -max_len=65536 -max_total_time=180 CORPUS_DIR SEED_DIR
// Each input is hashed through the streaming squash path (with and without row skipping), the
// full-decode core path, and the fast JPEG mode; squash and full paths must agree.
#include <cstddef>
#include <cstdint>
#include <span>

#include "formats/image/hash_file.h"

namespace {
constexpr size_t kMaxInputBytes = 1 << 17;
constexpr uint64_t kMaxPixels = 1 << 20;  // e.g. 2048x512: squash and skipping still run
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  static tamis::image::ImageHasher* hasher = [] {
    tamis::image::HashImageOptions opts;
    opts.decode.max_pixels = kMaxPixels;
    opts.dihedrals = true;
    return new tamis::image::ImageHasher(opts);
  }();
  const std::span<const uint8_t> bytes(data, size);
  auto r = hasher->HashBytes(bytes);
  if (r.ok() && (r->pdq.quality < 0 || r->pdq.quality > 100)) __builtin_trap();
  // The streaming JPEG squash must equal the full decode followed by the squash, with or
  // without jpeg_skip_scanlines, including the truncated-data outcome.
  tamis::image::HashImageOptions noskip;
  noskip.decode.max_pixels = kMaxPixels;
  noskip.decode.jpeg_skip_rows = false;
  noskip.dihedrals = true;
  auto r2 = tamis::image::HashImageBytes(bytes, noskip);
  if (r.ok() != r2.ok()) __builtin_trap();
  if (r.ok() && !(r->pdq.hash == r2->pdq.hash && r->pdq.dihedrals == r2->pdq.dihedrals)) {
    __builtin_trap();
  }
  tamis::image::DecodedImage full;
  if (tamis::image::DecodeImage(bytes, noskip.decode, &full).ok()) {
    tamis::media::PdqHasher pdq;
    tamis::media::PdqOptions po;
    po.file_level_squash = true;
    auto r3 = pdq.HashPixels(full.View(), po);
    if (!r.ok() || !r3.ok() || !(r3->hash == r->pdq.hash)) __builtin_trap();
  }
  // Also exercise the fast JPEG path and the truncated-data path.
  tamis::image::HashImageOptions alt;
  alt.decode.max_pixels = kMaxPixels;
  alt.decode.allow_truncated = true;
  alt.fast_jpeg_scaling = true;
  (void)tamis::image::HashImageBytes(bytes, alt);
  return 0;
}
