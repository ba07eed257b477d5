// File-level PDQ hashing: decode (decode.h) then the PDQ core (core/media/pdq.h), by default
// reproducing the reference file-level tool (pdq-photo-hasher): 512x512 nearest-neighbour
// squash when either side is > 512.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "core/media/pdq.h"
#include "core/status.h"
#include "formats/image/decode.h"

namespace tamis::image {

struct HashImageOptions {
  DecodeOptions decode;
  // The reference file-level tool's 512x512 squash. Default true; false gives the core
  // (library / vPDQ) hash at full resolution.
  bool file_level_squash = true;
  // Also compute the 8 dihedral hashes. Default false.
  bool dihedrals = false;
  // Fast, NOT bit-exact mode for large JPEGs: decode at 1/2, 1/4 or 1/8 scale in the DCT
  // domain (ChooseJpegScaleDenom keeps both sides >= 512, so the squash still runs). Default
  // false. Drift vs the exact hash is measured in bench/pdq (report in its README comment).
  bool fast_jpeg_scaling = false;
};

struct PdqFileHash {
  media::PdqResult pdq;  // hash, quality, optional dihedrals
  ImageFormat format = ImageFormat::kUnknown;
  int width = 0;          // as stored in the file
  int height = 0;
  int channels = 0;       // 1 or 3 after decoding
};

// Decodes and hashes one image. Errors are those of DecodeImage/DecodeImageFile (message
// names the file for HashImageFile). Thread-safe: each call uses its own buffers.
Result<PdqFileHash> HashImageFile(const std::filesystem::path& path,
                                  const HashImageOptions& opts = {});
Result<PdqFileHash> HashImageBytes(std::span<const uint8_t> bytes,
                                   const HashImageOptions& opts = {});

// The same with buffers reused across calls (faster for many files). Not thread-safe: use one
// per thread.
class ImageHasher {
 public:
  explicit ImageHasher(HashImageOptions opts = {}) : opts_(opts) {}
  Result<PdqFileHash> HashBytes(std::span<const uint8_t> bytes);
  Result<PdqFileHash> HashFile(const std::filesystem::path& path);
  // Hashes already-decoded pixels with these options (squash, dihedrals).
  Result<PdqFileHash> HashDecoded(const DecodedImage& img);
  const HashImageOptions& options() const { return opts_; }

 private:
  HashImageOptions opts_;
  DecodedImage image_;
  std::vector<uint8_t> file_;
  media::PdqHasher pdq_;
};

}  // namespace tamis::image
