// Decoders. libjpeg and libpng report fatal errors by longjmp: every function that calls
// setjmp keeps only trivially destructible locals, and all owning buffers live in the caller
// (DecodedImage / std::vector passed by pointer), so a longjmp never skips a destructor.
#include "formats/image/decode.h"

#include <cstdio>
#include <gif_lib.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/demux.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <climits>
#include <cstring>
#include <fstream>
#include <string>

namespace tamis::image {

std::string_view ImageFormatName(ImageFormat f) {
  switch (f) {
    case ImageFormat::kJpeg: return "jpeg";
    case ImageFormat::kPng: return "png";
    case ImageFormat::kWebp: return "webp";
    case ImageFormat::kGif: return "gif";
    default: return "unknown";
  }
}

ImageFormat DetectImageFormat(std::span<const uint8_t> b) {
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat::kJpeg;
  static constexpr uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (b.size() >= 8 && std::memcmp(b.data(), kPng, 8) == 0) return ImageFormat::kPng;
  if (b.size() >= 12 && std::memcmp(b.data(), "RIFF", 4) == 0 &&
      std::memcmp(b.data() + 8, "WEBP", 4) == 0) {
    return ImageFormat::kWebp;
  }
  if (b.size() >= 6 && (std::memcmp(b.data(), "GIF87a", 6) == 0 ||
                        std::memcmp(b.data(), "GIF89a", 6) == 0)) {
    return ImageFormat::kGif;
  }
  return ImageFormat::kUnknown;
}

int ChooseJpegScaleDenom(int width, int height, int min_side) {
  int best = 1;
  for (int d : {2, 4, 8}) {
    // libjpeg rounds scaled sizes up.
    if ((width + d - 1) / d >= min_side && (height + d - 1) / d >= min_side) best = d;
  }
  return best;
}

namespace {

Status CheckSize(uint64_t w, uint64_t h, const DecodeOptions& opts, std::string_view what) {
  if (w == 0 || h == 0) {
    return ParseError(std::string(what) + ": zero image size");
  }
  if (w > 0x7FFFFFFF || h > 0x7FFFFFFF || w * h > opts.max_pixels) {
    return ResourceExhausted(std::string(what) + ": " + std::to_string(w) + "x" +
                             std::to_string(h) + " exceeds the limit of " +
                             std::to_string(opts.max_pixels) + " pixels");
  }
  return Status::Ok();
}

// Turns an all-grey RGB buffer into 1 channel in place (ImageMagick writes it as PGM).
void CollapseGray(DecodedImage* img) {
  if (img->channels != 3) return;
  const size_t n = static_cast<size_t>(img->width) * img->height;
  uint8_t* p = img->pixels.data();
  for (size_t i = 0; i < n; ++i) {
    if (p[3 * i] != p[3 * i + 1] || p[3 * i] != p[3 * i + 2]) return;
  }
  for (size_t i = 0; i < n; ++i) p[i] = p[3 * i];
  img->pixels.resize(n);
  img->channels = 1;
}

// ---------------------------------------------------------------------------------- JPEG

struct JpegErr {
  jpeg_error_mgr mgr;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool truncated;
  bool limit;  // a resource limit (scans, memory) stopped the decode
};

// libjpeg calls this as it reads the input: stops a file past DecodeOptions::jpeg_max_scans.
struct JpegProgress {
  jpeg_progress_mgr mgr;
  int max_scans = 0;
};

void JpegProgressMonitor(j_common_ptr cinfo) {
  auto* p = reinterpret_cast<JpegProgress*>(cinfo->progress);
  auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (p->max_scans > 0 && d->input_scan_number > p->max_scans) {
    auto* e = reinterpret_cast<JpegErr*>(cinfo->err);
    std::snprintf(e->message, sizeof(e->message), "more than %d scans (jpeg_max_scans)", p->max_scans);
    e->limit = true;
    longjmp(e->jump, 1);
  }
}

void JpegErrorExit(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<JpegErr*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->message);
  // Out of the memory max_memory_to_use allows (libjpeg has no backing store to spill to).
  const int code = cinfo->err->msg_code;
  if (code == JERR_OUT_OF_MEMORY || code == JERR_NO_BACKING_STORE || code == JERR_TFILE_CREATE) e->limit = true;
  longjmp(e->jump, 1);
}

void JpegEmitMessage(j_common_ptr cinfo, int level) {
  if (level < 0) {  // warning
    auto* e = reinterpret_cast<JpegErr*>(cinfo->err);
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) e->truncated = true;
    cinfo->err->num_warnings++;
  }
}

void JpegOutputMessage(j_common_ptr) {}

// IM: CMYK samples are inverted (Adobe convention), converted to RGB in Q16 as
// (QR - C) * (QR - K) / QR, then scaled to 8 bits. With raw libjpeg samples c, k this is:
inline uint8_t CmykToChannel(unsigned c, unsigned k) {
  double v = (257.0 * c) * (257.0 * k) / 65535.0;
  unsigned q = static_cast<unsigned>(v + 0.5);       // ClampToQuantum
  return static_cast<uint8_t>(((q + 128u) - ((q + 128u) >> 8)) >> 8);  // ScaleQuantumToChar
}

// True if the `n` RGB pixels at `p` all have R == G == B.
bool RowIsGray(const uint8_t* p, int n) {
  for (int x = 0; x < n; ++x) {
    if (p[3 * x] != p[3 * x + 1] || p[3 * x] != p[3 * x + 2]) return false;
  }
  return true;
}

// Source index of output i of the file-level squash (docs/pdq.md section 3): (i * n) div 512.
inline int SquashIndex(int i, int n) {
  return static_cast<int>((static_cast<int64_t>(i) * n) / media::kPdqSquashSide);
}

// Streams the scanlines of a started decompressor and keeps only the pixels of the 512x512
// nearest-neighbour squash. Rows the squash drops are skipped with jpeg_skip_scanlines once
// the image is known not to be all grey (the collapse test needs every pixel until then); the
// rows after the last kept row are still read so that truncation is detected exactly as in a
// full decode. `row` is caller-owned scratch (longjmp safety).
void ReadJpegSquashed(jpeg_decompress_struct* cinfo, const DecodeOptions& opts, DecodedImage* out,
                      std::vector<uint8_t>* row) {
  constexpr int kSide = media::kPdqSquashSide;
  const int w = static_cast<int>(cinfo->output_width);
  const int h = static_cast<int>(cinfo->output_height);
  const int ch = out->channels;
  out->width = kSide;
  out->height = kSide;
  out->pixels.resize(static_cast<size_t>(kSide) * kSide * ch);
  row->resize(static_cast<size_t>(w) * ch);
  int cols[kSide];
  for (int x = 0; x < kSide; ++x) cols[x] = SquashIndex(x, w);
  bool gray = ch == 3;  // every pixel read so far has R == G == B
  int y = 0;            // next output row
  while (cinfo->output_scanline < cinfo->output_height) {
    const int sy = static_cast<int>(cinfo->output_scanline);
    const int next = y < kSide ? SquashIndex(y, h) : h;  // next source row the squash keeps
    if (sy < next && next < h && !gray && opts.jpeg_skip_rows) {
      jpeg_skip_scanlines(cinfo, static_cast<JDIMENSION>(next - sy));
      if (static_cast<int>(cinfo->output_scanline) > sy) continue;  // else read the row
    }
    JSAMPROW r = row->data();
    jpeg_read_scanlines(cinfo, &r, 1);
    if (gray) gray = RowIsGray(row->data(), w);
    for (; y < kSide && SquashIndex(y, h) == sy; ++y) {
      uint8_t* o = out->pixels.data() + static_cast<size_t>(y) * kSide * ch;
      if (ch == 1) {
        for (int x = 0; x < kSide; ++x) o[x] = r[cols[x]];
      } else {
        for (int x = 0; x < kSide; ++x) std::memcpy(o + 3 * x, r + 3 * cols[x], 3);
      }
    }
  }
  if (gray && opts.collapse_gray) {
    // All grey over the whole image (not only the kept pixels): 1 channel, as DecodeImage.
    uint8_t* p = out->pixels.data();
    const size_t n = static_cast<size_t>(kSide) * kSide;
    for (size_t i = 0; i < n; ++i) p[i] = p[3 * i];
    out->pixels.resize(n);
    out->channels = 1;
  }
}

// Returns 0 on success, else a message in err->message (or "truncated"). With `squash` and an
// output larger than 512 in either side (not CMYK), only the squashed pixels are kept and the
// grey collapse is already applied (see ReadJpegSquashed); *squashed tells which happened.
int DecodeJpegImpl(const uint8_t* data, size_t size, const DecodeOptions& opts, bool squash,
                   DecodedImage* out, std::vector<uint8_t>* cmyk_row, JpegErr* err,
                   Status* status, bool* squashed) {
  jpeg_decompress_struct cinfo;
  cinfo.err = jpeg_std_error(&err->mgr);
  err->mgr.error_exit = JpegErrorExit;
  err->mgr.emit_message = JpegEmitMessage;
  err->mgr.output_message = JpegOutputMessage;
  err->truncated = false;
  err->limit = false;
  err->message[0] = 0;
  JpegProgress progress;
  progress.mgr.progress_monitor = JpegProgressMonitor;
  progress.max_scans = opts.jpeg_max_scans;
  if (setjmp(err->jump)) {
    jpeg_destroy_decompress(&cinfo);
    return 1;
  }
  jpeg_create_decompress(&cinfo);
  cinfo.progress = &progress.mgr;
  if (opts.jpeg_max_memory > 0)
    cinfo.mem->max_memory_to_use = static_cast<long>(std::min<uint64_t>(opts.jpeg_max_memory, LONG_MAX));
  jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
  jpeg_read_header(&cinfo, TRUE);
  out->source_width = static_cast<int>(cinfo.image_width);
  out->source_height = static_cast<int>(cinfo.image_height);
  *status = CheckSize(cinfo.image_width, cinfo.image_height, opts, "jpeg");
  if (!status->ok()) {
    jpeg_destroy_decompress(&cinfo);
    return 2;
  }
  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  if (cmyk) {
    cinfo.out_color_space = JCS_CMYK;
  } else if (cinfo.num_components == 1) {
    cinfo.out_color_space = JCS_GRAYSCALE;
  } else {
    cinfo.out_color_space = JCS_RGB;
  }
  if (opts.jpeg_scale_denom == 2 || opts.jpeg_scale_denom == 4 || opts.jpeg_scale_denom == 8) {
    cinfo.scale_num = 1;
    cinfo.scale_denom = static_cast<unsigned>(opts.jpeg_scale_denom);
  }
  jpeg_start_decompress(&cinfo);
  const int w = static_cast<int>(cinfo.output_width);
  const int h = static_cast<int>(cinfo.output_height);
  const int ch = cinfo.out_color_space == JCS_GRAYSCALE ? 1 : 3;
  out->channels = ch;
  *squashed = squash && !cmyk && (w > media::kPdqSquashSide || h > media::kPdqSquashSide);
  if (*squashed) {
    ReadJpegSquashed(&cinfo, opts, out, cmyk_row);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return err->truncated ? 3 : 0;
  }
  out->width = w;
  out->height = h;
  out->pixels.resize(static_cast<size_t>(w) * h * ch);
  if (cmyk) cmyk_row->resize(static_cast<size_t>(w) * 4);
  while (cinfo.output_scanline < cinfo.output_height) {
    const size_t y = cinfo.output_scanline;
    uint8_t* dst = out->pixels.data() + y * w * ch;
    JSAMPROW row = cmyk ? cmyk_row->data() : dst;
    jpeg_read_scanlines(&cinfo, &row, 1);
    if (cmyk) {
      const uint8_t* s = cmyk_row->data();
      for (int x = 0; x < w; ++x) {
        const unsigned k = s[4 * x + 3];
        dst[3 * x] = CmykToChannel(s[4 * x], k);
        dst[3 * x + 1] = CmykToChannel(s[4 * x + 1], k);
        dst[3 * x + 2] = CmykToChannel(s[4 * x + 2], k);
      }
    }
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return err->truncated ? 3 : 0;
}

Status DecodeJpeg(std::span<const uint8_t> b, const DecodeOptions& opts, bool squash,
                  DecodedImage* out, bool* squashed) {
  JpegErr err;
  Status status;
  std::vector<uint8_t> cmyk_row;
  *squashed = false;
  int rc = DecodeJpegImpl(b.data(), b.size(), opts, squash, out, &cmyk_row, &err, &status,
                          squashed);
  if (rc == 1 && err.limit) return ResourceExhausted(std::string("jpeg: ") + err.message);
  if (rc == 1) return ParseError(std::string("jpeg: ") + err.message);
  if (rc == 2) return status;
  if (rc == 3 && !opts.allow_truncated) return ParseError("jpeg: truncated data");
  return Status::Ok();
}

// ----------------------------------------------------------------------------------- PNG

struct PngReader {
  const uint8_t* data;
  size_t size;
  size_t pos;
  bool truncated;
  char message[256];
};

void PngRead(png_structp png, png_bytep out, png_size_t n) {
  auto* r = static_cast<PngReader*>(png_get_io_ptr(png));
  if (n > r->size - r->pos) {
    r->truncated = true;
    png_error(png, "unexpected end of data");
  }
  std::memcpy(out, r->data + r->pos, n);
  r->pos += n;
}

void PngError(png_structp png, png_const_charp msg) {
  auto* r = static_cast<PngReader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof(r->message), "%s", msg);
  png_longjmp(png, 1);
}

void PngWarning(png_structp, png_const_charp) {}

int DecodePngImpl(PngReader* rd, const DecodeOptions& opts, DecodedImage* out,
                  std::vector<uint8_t>* raw, std::vector<png_bytep>* rows, Status* status) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, rd, PngError, PngWarning);
  if (png == nullptr) return 1;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return 1;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return 1;
  }
  png_set_read_fn(png, rd, PngRead);
  // Pixel limits are ours; disable libpng's own user limits (it would reject > 1e6 wide).
  png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
  png_read_info(png, info);
  png_uint_32 w32 = 0, h32 = 0;
  int bit_depth = 0, color_type = 0, interlace = 0;
  png_get_IHDR(png, info, &w32, &h32, &bit_depth, &color_type, &interlace, nullptr, nullptr);
  out->source_width = static_cast<int>(std::min<png_uint_32>(w32, 0x7fffffff));
  out->source_height = static_cast<int>(std::min<png_uint_32>(h32, 0x7fffffff));
  *status = CheckSize(w32, h32, opts, "png");
  if (!status->ok()) {
    png_destroy_read_struct(&png, &info, nullptr);
    return 2;
  }
  // Every colour type and depth becomes 8- or 16-bit grey or RGB: palettes expand to RGB,
  // 1/2/4-bit grey to 8 bits. Alpha is dropped, not composited. A tRNS chunk is dropped as
  // well: libpng's palette expansion turns palette + tRNS into RGBA, so alpha is stripped
  // whenever tRNS is present (grey/RGB + tRNS are not expanded, there it is a no-op).
  const bool has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if ((color_type & PNG_COLOR_MASK_ALPHA) || has_trns) png_set_strip_alpha(png);
  if (interlace != PNG_INTERLACE_NONE) png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const int ch = png_get_channels(png, info);
  const int depth = png_get_bit_depth(png, info);
  if ((ch != 1 && ch != 3) || (depth != 8 && depth != 16)) {
    std::snprintf(rd->message, sizeof(rd->message), "unsupported layout (%d channels, %d bits)",
                  ch, depth);
    png_destroy_read_struct(&png, &info, nullptr);
    return 1;
  }
  const size_t w = w32, h = h32;
  const size_t rowbytes = png_get_rowbytes(png, info);
  if (rowbytes != w * ch * (depth / 8)) {
    std::snprintf(rd->message, sizeof(rd->message), "unexpected row size");
    png_destroy_read_struct(&png, &info, nullptr);
    return 1;
  }
  std::vector<uint8_t>& buf = depth == 16 ? *raw : out->pixels;
  buf.resize(rowbytes * h);
  rows->resize(h);
  for (size_t y = 0; y < h; ++y) (*rows)[y] = buf.data() + y * rowbytes;
  png_read_image(png, rows->data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  out->width = static_cast<int>(w);
  out->height = static_cast<int>(h);
  out->channels = ch;
  if (depth == 16) {
    // ImageMagick keeps 16 bits; its grey test therefore sees 16-bit samples. The reference
    // then keeps only the low byte of each sample (docs/pdq.md section 2).
    const size_t n = w * h;
    bool gray16 = ch == 3;
    if (gray16) {
      const uint8_t* s = raw->data();
      for (size_t i = 0; i < n && gray16; ++i) {
        gray16 = std::memcmp(s + 6 * i, s + 6 * i + 2, 2) == 0 &&
                 std::memcmp(s + 6 * i, s + 6 * i + 4, 2) == 0;
      }
    }
    const int out_ch = (gray16 && opts.collapse_gray) ? 1 : ch;
    out->pixels.resize(n * out_ch);
    const uint8_t* s = raw->data();
    uint8_t* d = out->pixels.data();
    if (out_ch == ch) {
      for (size_t i = 0; i < n * ch; ++i) d[i] = s[2 * i + 1];  // big-endian: low byte second
    } else {
      for (size_t i = 0; i < n; ++i) d[i] = s[6 * i + 1];
    }
    out->channels = out_ch;
  }
  return 0;
}

Status DecodePng(std::span<const uint8_t> b, const DecodeOptions& opts, DecodedImage* out) {
  // IHDR must be the first chunk: check the size from it before libpng reads any further
  // (png_read_info reads up to the first IDAT).
  if (b.size() >= 24 && std::memcmp(b.data() + 12, "IHDR", 4) == 0) {
    auto be32 = [&](size_t o) {
      return (uint32_t{b[o]} << 24) | (uint32_t{b[o + 1]} << 16) | (uint32_t{b[o + 2]} << 8) | b[o + 3];
    };
    out->source_width = static_cast<int>(std::min<uint32_t>(be32(16), 0x7fffffff));
    out->source_height = static_cast<int>(std::min<uint32_t>(be32(20), 0x7fffffff));
    TAMIS_RETURN_IF_ERROR(CheckSize(be32(16), be32(20), opts, "png"));
  }
  PngReader rd{b.data(), b.size(), 0, false, {0}};
  std::vector<uint8_t> raw;
  std::vector<png_bytep> rows;
  Status status;
  int rc = DecodePngImpl(&rd, opts, out, &raw, &rows, &status);
  if (rc == 2) return status;
  if (rc == 1) {
    if (rd.truncated) return ParseError("png: truncated data");
    return ParseError(std::string("png: ") + (rd.message[0] ? rd.message : "decode failed"));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------- WebP

Status DecodeWebp(std::span<const uint8_t> b, const DecodeOptions& opts, DecodedImage* out) {
  WebPBitstreamFeatures f;
  if (WebPGetFeatures(b.data(), b.size(), &f) != VP8_STATUS_OK) {
    return ParseError("webp: cannot read header");
  }
  out->source_width = f.width;
  out->source_height = f.height;
  TAMIS_RETURN_IF_ERROR(CheckSize(f.width, f.height, opts, "webp"));
  out->width = f.width;
  out->height = f.height;
  out->channels = 3;
  if (f.has_animation) {
    // First frame, composited on the canvas as the demuxer renders it; alpha dropped.
    WebPData data{b.data(), b.size()};
    WebPAnimDecoderOptions dopts;
    WebPAnimDecoderOptionsInit(&dopts);
    dopts.color_mode = MODE_RGBA;
    WebPAnimDecoder* dec = WebPAnimDecoderNew(&data, &dopts);
    if (dec == nullptr) return ParseError("webp: cannot open animation");
    uint8_t* frame = nullptr;
    int ts = 0;
    if (!WebPAnimDecoderGetNext(dec, &frame, &ts)) {
      WebPAnimDecoderDelete(dec);
      return ParseError("webp: cannot decode first frame");
    }
    const size_t n = static_cast<size_t>(f.width) * f.height;
    out->pixels.resize(n * 3);
    for (size_t i = 0; i < n; ++i) std::memcpy(&out->pixels[3 * i], frame + 4 * i, 3);
    WebPAnimDecoderDelete(dec);
    return Status::Ok();
  }
  const size_t stride = static_cast<size_t>(f.width) * 3;
  out->pixels.resize(stride * f.height);
  if (WebPDecodeRGBInto(b.data(), b.size(), out->pixels.data(), out->pixels.size(),
                        static_cast<int>(stride)) == nullptr) {
    return ParseError("webp: corrupt or truncated data");
  }
  return Status::Ok();
}

// ----------------------------------------------------------------------------------- GIF

struct GifReader {
  const uint8_t* data;
  size_t size;
  size_t pos;
};

int GifRead(GifFileType* gif, GifByteType* buf, int n) {
  auto* r = static_cast<GifReader*>(gif->UserData);
  size_t m = std::min<size_t>(static_cast<size_t>(n), r->size - r->pos);
  std::memcpy(buf, r->data + r->pos, m);
  r->pos += m;
  return static_cast<int>(m);
}

Status DecodeGifFrame(GifFileType* gif, const DecodeOptions& opts, DecodedImage* out,
                      std::vector<uint8_t>* line) {
  for (;;) {
    GifRecordType type;
    if (DGifGetRecordType(gif, &type) == GIF_ERROR) {
      return ParseError(std::string("gif: ") + GifErrorString(gif->Error));
    }
    if (type == TERMINATE_RECORD_TYPE) return ParseError("gif: no image");
    if (type == EXTENSION_RECORD_TYPE) {
      int code;
      GifByteType* ext = nullptr;
      if (DGifGetExtension(gif, &code, &ext) == GIF_ERROR) return ParseError("gif: bad extension");
      while (ext != nullptr) {
        if (DGifGetExtensionNext(gif, &ext) == GIF_ERROR) return ParseError("gif: bad extension");
      }
      continue;
    }
    if (type != IMAGE_DESC_RECORD_TYPE) continue;
    if (DGifGetImageDesc(gif) == GIF_ERROR) return ParseError("gif: bad image descriptor");
    const int w = gif->Image.Width, h = gif->Image.Height;
    out->source_width = w;
    out->source_height = h;
    TAMIS_RETURN_IF_ERROR(CheckSize(static_cast<uint64_t>(std::max(w, 0)),
                                    static_cast<uint64_t>(std::max(h, 0)), opts, "gif"));
    const ColorMapObject* cmap = gif->Image.ColorMap ? gif->Image.ColorMap : gif->SColorMap;
    out->width = w;
    out->height = h;
    out->channels = 3;
    out->pixels.assign(static_cast<size_t>(w) * h * 3, 0);
    line->resize(w);
    auto emit = [&](int y) {
      uint8_t* d = out->pixels.data() + static_cast<size_t>(y) * w * 3;
      for (int x = 0; x < w; ++x) {
        const int idx = (*line)[x];
        if (cmap != nullptr && idx < cmap->ColorCount) {
          d[3 * x] = cmap->Colors[idx].Red;
          d[3 * x + 1] = cmap->Colors[idx].Green;
          d[3 * x + 2] = cmap->Colors[idx].Blue;
        }
      }
    };
    if (gif->Image.Interlace) {
      static constexpr int kStart[4] = {0, 4, 2, 1}, kStep[4] = {8, 8, 4, 2};
      for (int pass = 0; pass < 4; ++pass) {
        for (int y = kStart[pass]; y < h; y += kStep[pass]) {
          if (DGifGetLine(gif, line->data(), w) == GIF_ERROR) return ParseError("gif: truncated data");
          emit(y);
        }
      }
    } else {
      for (int y = 0; y < h; ++y) {
        if (DGifGetLine(gif, line->data(), w) == GIF_ERROR) return ParseError("gif: truncated data");
        emit(y);
      }
    }
    return Status::Ok();
  }
}

Status DecodeGif(std::span<const uint8_t> b, const DecodeOptions& opts, DecodedImage* out) {
  GifReader rd{b.data(), b.size(), 0};
  int err = 0;
  GifFileType* gif = DGifOpen(&rd, GifRead, &err);
  if (gif == nullptr) return ParseError(std::string("gif: ") + GifErrorString(err));
  std::vector<uint8_t> line;
  Status st = DecodeGifFrame(gif, opts, out, &line);
  DGifCloseFile(gif, &err);
  return st;
}

// Squashes a full decoded image in place to 512x512 (nearest neighbour) if either side > 512.
void SquashInPlace(DecodedImage* img, std::vector<uint8_t>* scratch) {
  constexpr int kSide = media::kPdqSquashSide;
  if (img->width <= kSide && img->height <= kSide) return;
  const int ch = img->channels;
  scratch->resize(static_cast<size_t>(kSide) * kSide * ch);
  int cols[kSide];
  for (int x = 0; x < kSide; ++x) cols[x] = SquashIndex(x, img->width);
  for (int y = 0; y < kSide; ++y) {
    const uint8_t* r =
        img->pixels.data() + static_cast<size_t>(SquashIndex(y, img->height)) * img->width * ch;
    uint8_t* o = scratch->data() + static_cast<size_t>(y) * kSide * ch;
    for (int x = 0; x < kSide; ++x) std::memcpy(o + ch * x, r + static_cast<size_t>(ch) * cols[x], ch);
  }
  img->pixels.swap(*scratch);
  img->width = kSide;
  img->height = kSide;
}

Status DecodeAny(std::span<const uint8_t> bytes, const DecodeOptions& opts, bool squash,
                 DecodedImage* out) {
  out->width = out->height = out->channels = 0;
  out->source_width = out->source_height = 0;
  out->format = ImageFormat::kUnknown;
  if (bytes.empty()) return InvalidArgument("empty input (zero bytes)");
  out->format = DetectImageFormat(bytes);
  Status st;
  bool squashed = false;
  switch (out->format) {
    case ImageFormat::kJpeg: st = DecodeJpeg(bytes, opts, squash, out, &squashed); break;
    case ImageFormat::kPng: st = DecodePng(bytes, opts, out); break;
    case ImageFormat::kWebp: st = DecodeWebp(bytes, opts, out); break;
    case ImageFormat::kGif: st = DecodeGif(bytes, opts, out); break;
    default: return Unimplemented("unsupported or unrecognised image format");
  }
  if (!st.ok()) {
    out->width = out->height = out->channels = 0;
    return st;
  }
  if (squashed) return Status::Ok();  // grey collapse already decided over every pixel
  if (opts.collapse_gray) CollapseGray(out);
  if (squash) {
    std::vector<uint8_t> scratch;
    SquashInPlace(out, &scratch);
  }
  return Status::Ok();
}

}  // namespace

Status DecodeImage(std::span<const uint8_t> bytes, const DecodeOptions& opts, DecodedImage* out) {
  return DecodeAny(bytes, opts, /*squash=*/false, out);
}

Status DecodeImageSquashed(std::span<const uint8_t> bytes, const DecodeOptions& opts,
                           DecodedImage* out) {
  return DecodeAny(bytes, opts, /*squash=*/true, out);
}

Result<DecodedImage> DecodeImage(std::span<const uint8_t> bytes, const DecodeOptions& opts) {
  DecodedImage img;
  Status st = DecodeImage(bytes, opts, &img);
  if (!st.ok()) return st;
  return img;
}

Status ReadFileBytes(const std::filesystem::path& path, std::vector<uint8_t>* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    if (errno == ENOENT) return NotFound(path.string() + ": no such file");
    return IoError(path.string() + ": " + std::strerror(errno));
  }
  out->clear();
  uint8_t chunk[1 << 16];
  for (;;) {
    size_t n = std::fread(chunk, 1, sizeof(chunk), f);
    out->insert(out->end(), chunk, chunk + n);
    if (n < sizeof(chunk)) break;
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return IoError(path.string() + ": read error");
  return Status::Ok();
}

Result<DecodedImage> DecodeImageFile(const std::filesystem::path& path, const DecodeOptions& opts) {
  std::vector<uint8_t> bytes;
  TAMIS_RETURN_IF_ERROR(ReadFileBytes(path, &bytes));
  DecodedImage img;
  Status st = DecodeImage(bytes, opts, &img);
  if (!st.ok()) return st.WithContext(path.string());
  return img;
}

Status PeekImageSize(std::span<const uint8_t> bytes, int* width, int* height) {
  // Decode with a zero pixel budget: every decoder fills source_* before the size check.
  DecodeOptions opts;
  opts.max_pixels = 0;
  DecodedImage img;
  Status st = DecodeImage(bytes, opts, &img);
  *width = img.source_width;
  *height = img.source_height;
  if (st.code() == StatusCode::kResourceExhausted && img.source_width > 0) return Status::Ok();
  return st.ok() ? Status::Ok() : st;
}

}  // namespace tamis::image
