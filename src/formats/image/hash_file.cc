#include "formats/image/hash_file.h"

namespace tamis::image {

Result<PdqFileHash> ImageHasher::HashDecoded(const DecodedImage& img) {
  media::PdqOptions po;
  po.dihedrals = opts_.dihedrals;
  po.file_level_squash = opts_.file_level_squash;
  auto r = pdq_.HashPixels(img.View(), po);
  if (!r.ok()) return r.status();
  PdqFileHash out;
  out.pdq = std::move(r).value();
  out.format = img.format;
  out.width = img.source_width;
  out.height = img.source_height;
  out.channels = img.channels;
  return out;
}

Result<PdqFileHash> ImageHasher::HashBytes(std::span<const uint8_t> bytes) {
  DecodeOptions dopts = opts_.decode;
  if (opts_.fast_jpeg_scaling && DetectImageFormat(bytes) == ImageFormat::kJpeg) {
    int w = 0, h = 0;
    if (PeekImageSize(bytes, &w, &h).ok()) dopts.jpeg_scale_denom = ChooseJpegScaleDenom(w, h);
  }
  // With the squash, decode straight to the 512x512 pixels it keeps (bit-identical, faster).
  if (opts_.file_level_squash) {
    TAMIS_RETURN_IF_ERROR(DecodeImageSquashed(bytes, dopts, &image_));
  } else {
    TAMIS_RETURN_IF_ERROR(DecodeImage(bytes, dopts, &image_));
  }
  return HashDecoded(image_);
}

Result<PdqFileHash> ImageHasher::HashFile(const std::filesystem::path& path) {
  TAMIS_RETURN_IF_ERROR(ReadFileBytes(path, &file_));
  auto r = HashBytes(file_);
  if (!r.ok()) return r.status().WithContext(path.string());
  return r;
}

Result<PdqFileHash> HashImageFile(const std::filesystem::path& path, const HashImageOptions& opts) {
  ImageHasher h(opts);
  return h.HashFile(path);
}

Result<PdqFileHash> HashImageBytes(std::span<const uint8_t> bytes, const HashImageOptions& opts) {
  ImageHasher h(opts);
  return h.HashBytes(bytes);
}

}  // namespace tamis::image
