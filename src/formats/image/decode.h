// Image decoding for hashing: JPEG (libjpeg-turbo), PNG (libpng), WebP (libwebp), GIF (giflib,
// first frame). The output reproduces the pixels the PDQ reference tool saw (CImg reading
// ImageMagick 6.9.11's `convert FILE pnm:-`), see docs/pdq.md section 2:
//   - 1 channel (grey) or 3 channels (RGB); palette, CMYK, grey+alpha etc. become RGB or grey;
//   - alpha and tRNS transparency are dropped, not composited (every PNG colour type and
//     bit depth: grey 1-16, grey+alpha, palette 1-8 with or without tRNS, RGB, RGBA);
//   - EXIF orientation is ignored (stored pixel order);
//   - 16-bit PNG samples keep their low byte;
//   - an RGB image whose pixels all have R == G == B is returned as 1 channel (ImageMagick
//     writes such images as PGM), unless DecodeOptions::collapse_gray is false.
// The format is detected from magic bytes, never from a file name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "core/media/pdq.h"
#include "core/status.h"

namespace tamis::image {

enum class ImageFormat : uint8_t { kUnknown = 0, kJpeg, kPng, kWebp, kGif };

// "jpeg", "png", "webp", "gif" or "unknown".
std::string_view ImageFormatName(ImageFormat f);

// Format from the first bytes (JPEG FF D8 FF, PNG signature, RIFF....WEBP, GIF87a/GIF89a).
ImageFormat DetectImageFormat(std::span<const uint8_t> bytes);

struct DecodeOptions {
  // Largest width * height accepted, checked from the header before any pixel buffer is
  // allocated (decompression bombs). Default 100 megapixels.
  uint64_t max_pixels = 100'000'000;
  // Return all-grey RGB images as 1 channel, as ImageMagick's PNM output does. Default true
  // (needed for reference-identical hashes: grey values are used as luma directly).
  bool collapse_gray = true;
  // Accept JPEG/PNG data that ends early (the decoder pads the missing rows). Default false:
  // a truncated file is a ParseError.
  bool allow_truncated = false;
  // JPEG only: libjpeg-turbo DCT-domain downscaling by 1/scale_denom (1, 2, 4 or 8). Default 1
  // (exact). Not bit-exact with the reference; see ChooseJpegScaleDenom().
  int jpeg_scale_denom = 1;
  // DecodeImageSquashed only: skip the JPEG rows the squash drops with libjpeg-turbo's
  // jpeg_skip_scanlines (bit-identical kept rows; checked by tests). Default true; false reads
  // every row.
  bool jpeg_skip_rows = true;
  // JPEG only: most scans read (a progressive file re-reads the image once per scan, so a
  // crafted one with thousands of tiny scans costs far more CPU than its pixels suggest).
  // Default 100 (encoders write about 10). 0 = no limit. Beyond: ResourceExhausted.
  int jpeg_max_scans = 100;
  // JPEG only: most bytes libjpeg may allocate for one decode (libjpeg's max_memory_to_use;
  // a progressive file holds every DCT coefficient of the image: ~2 bytes per sample).
  // Default 1 GiB; beyond: ResourceExhausted. The output pixels are bounded by max_pixels.
  uint64_t jpeg_max_memory = uint64_t{1} << 30;
};

// Decoded 8-bit pixels, row-major, interleaved, stride width * channels. Owns its buffer.
struct DecodedImage {
  int width = 0;
  int height = 0;
  int channels = 0;  // 1 or 3
  ImageFormat format = ImageFormat::kUnknown;
  // Size in the file header (before any JPEG DCT scaling).
  int source_width = 0;
  int source_height = 0;
  std::vector<uint8_t> pixels;

  media::PixelView View() const {
    return media::PixelView{pixels.data(), width, height, channels, 0};
  }
};

// Decodes `bytes`. Errors: InvalidArgument for empty input; Unimplemented for an unknown or
// unsupported format (including animated WebP); ResourceExhausted when the header's pixel
// count exceeds max_pixels; ParseError for corrupt or truncated data. Never aborts on bad
// input. Thread-safe (no shared state). `out` is reused: its buffer keeps its capacity.
Status DecodeImage(std::span<const uint8_t> bytes, const DecodeOptions& opts, DecodedImage* out);
Result<DecodedImage> DecodeImage(std::span<const uint8_t> bytes, const DecodeOptions& opts = {});

// DecodeImage followed by the file-level PDQ squash: if either side is > 512 the result is
// exactly the 512x512 nearest-neighbour resample ((i * side) div 512, docs/pdq.md section 3) of
// what DecodeImage returns, grey collapse decided over the full image; otherwise the same as
// DecodeImage. width/height are the squashed size, source_* the file's. For JPEG only the kept
// pixels are produced while decoding (rows the squash drops are skipped, no full frame is
// stored), which is much faster for large photos. Same errors and thread safety as DecodeImage.
Status DecodeImageSquashed(std::span<const uint8_t> bytes, const DecodeOptions& opts,
                           DecodedImage* out);

// Reads the whole file, then DecodeImage. NotFound / IoError for unreadable files, InvalidArgument
// for a zero-size file. Error messages name the file.
Result<DecodedImage> DecodeImageFile(const std::filesystem::path& path,
                                     const DecodeOptions& opts = {});

// Reads a file into `out` (resized). NotFound / IoError on failure.
Status ReadFileBytes(const std::filesystem::path& path, std::vector<uint8_t>* out);

// Width and height from the header only, without decoding pixels. Same errors as DecodeImage.
Status PeekImageSize(std::span<const uint8_t> bytes, int* width, int* height);

// For the optional fast JPEG mode: the largest denominator in {1, 2, 4, 8} that keeps both
// scaled sides >= `min_side` (512 keeps the reference's squash meaningful). 1 if none.
int ChooseJpegScaleDenom(int width, int height, int min_side = media::kPdqSquashSide);

}  // namespace tamis::image
