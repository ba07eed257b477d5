// Decoder edge cases and bad input: every failure must be a clear Status, never a crash.
#include "formats/image/decode.h"

#include <gif_lib.h>
#include <cstdio>
#include <jpeglib.h>
#include <gtest/gtest.h>
#include <png.h>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <random>

#include "formats/image/file_digest.h"
#include "formats/image/folder_hash.h"
#include "formats/image/hash_file.h"
#include "testing/shared_data.h"

namespace tamis::image {
namespace {

std::vector<uint8_t> EncodePng(int w, int h, int channels, const std::vector<uint8_t>& px) {
  png_image img;
  std::memset(&img, 0, sizeof(img));
  img.version = PNG_IMAGE_VERSION;
  img.width = w;
  img.height = h;
  img.format = channels == 1 ? PNG_FORMAT_GRAY : channels == 2 ? PNG_FORMAT_GA
               : channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  EXPECT_TRUE(png_image_write_to_memory(&img, nullptr, &size, 0, px.data(), 0, nullptr));
  std::vector<uint8_t> out(size);
  EXPECT_TRUE(png_image_write_to_memory(&img, out.data(), &size, 0, px.data(), 0, nullptr));
  out.resize(size);
  return out;
}

void PutBE32(std::vector<uint8_t>* v, uint32_t x) {
  for (int s = 24; s >= 0; s -= 8) v->push_back(static_cast<uint8_t>(x >> s));
}

// A PNG signature plus a valid IHDR claiming w x h RGB, and nothing else.
std::vector<uint8_t> PngHeaderOnly(uint32_t w, uint32_t h) {
  std::vector<uint8_t> v = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  PutBE32(&v, 13);
  const size_t start = v.size();
  for (char c : std::string("IHDR")) v.push_back(static_cast<uint8_t>(c));
  PutBE32(&v, w);
  PutBE32(&v, h);
  v.insert(v.end(), {8, 2, 0, 0, 0});  // 8-bit RGB, no interlace
  PutBE32(&v, static_cast<uint32_t>(crc32(0, v.data() + start, static_cast<uInt>(v.size() - start))));
  return v;
}

std::vector<uint8_t> Noise(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

int GifWrite(GifFileType* gif, const GifByteType* buf, int n) {
  auto* out = static_cast<std::vector<uint8_t>*>(gif->UserData);
  out->insert(out->end(), buf, buf + n);
  return n;
}

// An interlaced w x h GIF with a 4-colour palette; pixel (x, y) has index (x + y) % 4.
std::vector<uint8_t> EncodeGif(int w, int h) {
  std::vector<uint8_t> out;
  int err = 0;
  GifFileType* gif = EGifOpen(&out, GifWrite, &err);
  GifColorType colors[4] = {{0, 0, 0}, {255, 0, 0}, {0, 255, 0}, {10, 20, 30}};
  ColorMapObject* cmap = GifMakeMapObject(4, colors);
  EGifSetGifVersion(gif, true);
  EGifPutScreenDesc(gif, w, h, 2, 0, cmap);
  EGifPutImageDesc(gif, 0, 0, w, h, true, nullptr);
  std::vector<GifPixelType> line(w);
  static constexpr int kStart[4] = {0, 4, 2, 1}, kStep[4] = {8, 8, 4, 2};
  for (int pass = 0; pass < 4; ++pass) {
    for (int y = kStart[pass]; y < h; y += kStep[pass]) {
      for (int x = 0; x < w; ++x) line[x] = static_cast<GifPixelType>((x + y) % 4);
      EGifPutLine(gif, line.data(), w);
    }
  }
  GifFreeMapObject(cmap);
  EGifCloseFile(gif, &err);
  return out;
}

// JPEG of w x h with `components` (1 or 3), luma sampling h_samp x v_samp (chroma 1x1),
// optionally progressive. Pixels: smooth colour ramps plus noise, or grey in RGB if `gray`.
std::vector<uint8_t> EncodeJpeg(int w, int h, int components, int h_samp, int v_samp,
                                bool progressive, bool gray, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * components);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &px[(static_cast<size_t>(y) * w + x) * components];
      const int n = static_cast<int>(rng() % 64);
      p[0] = static_cast<uint8_t>((x * 255 / w + n) & 255);
      if (components == 3) {
        p[1] = gray ? p[0] : static_cast<uint8_t>((y * 255 / h + n) & 255);
        p[2] = gray ? p[0] : static_cast<uint8_t>(((x ^ y) + n) & 255);
      }
    }
  }
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* mem = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &mem, &size);
  c.image_width = w;
  c.image_height = h;
  c.input_components = components;
  c.in_color_space = components == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 90, TRUE);
  if (components == 3) {
    c.comp_info[0].h_samp_factor = h_samp;
    c.comp_info[0].v_samp_factor = v_samp;
  }
  if (progressive) jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = px.data() + static_cast<size_t>(c.next_scanline) * w * components;
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  std::vector<uint8_t> out(mem, mem + size);
  jpeg_destroy_compress(&c);
  std::free(mem);
  return out;
}

// The reference squash of a fully decoded image: (i * side) div 512.
DecodedImage SquashReference(const DecodedImage& img) {
  if (img.width <= 512 && img.height <= 512) return img;
  DecodedImage out = img;
  out.width = out.height = 512;
  out.pixels.resize(size_t{512} * 512 * img.channels);
  for (int y = 0; y < 512; ++y) {
    const int sy = static_cast<int>(int64_t{y} * img.height / 512);
    for (int x = 0; x < 512; ++x) {
      const int sx = static_cast<int>(int64_t{x} * img.width / 512);
      for (int k = 0; k < img.channels; ++k) {
        out.pixels[(size_t{512} * y + x) * img.channels + k] =
            img.pixels[(static_cast<size_t>(sy) * img.width + sx) * img.channels + k];
      }
    }
  }
  return out;
}

// The streaming JPEG squash (jpeg_read_scanlines on kept rows, jpeg_skip_scanlines on the
// others) must give exactly the pixels of a full decode followed by the squash, for every
// chroma subsampling (fancy upsampling needs context rows), progressive files, sizes that
// stretch or shrink each side, grey-in-RGB files (collapse decided over all pixels), and
// truncated files (same error, same padded pixels).
TEST(DecodeSquashedTest, StreamingJpegSquashEqualsFullDecodeThenSquash) {
  struct Case { int w, h, comps, hs, vs; bool prog, gray; };
  const Case cases[] = {
      {1920, 1080, 3, 2, 2, false, false}, {1920, 1080, 3, 1, 1, false, false},
      {1001, 777, 3, 2, 1, false, false},  {777, 1001, 3, 1, 2, false, false},
      {1023, 1025, 3, 2, 2, true, false},  {2049, 37, 3, 2, 2, false, false},
      {600, 3, 3, 2, 2, false, false},     {5, 1000, 3, 2, 2, false, false},
      {513, 512, 3, 2, 2, false, false},   {640, 480, 1, 1, 1, false, false},
      {900, 700, 3, 2, 2, false, true},    {1500, 1100, 3, 2, 2, true, true},
      {300, 200, 3, 2, 2, false, false},
  };
  uint32_t seed = 1;
  for (const Case& c : cases) {
    const auto jpeg = EncodeJpeg(c.w, c.h, c.comps, c.hs, c.vs, c.prog, c.gray, seed++);
    for (bool truncate : {false, true}) {
      std::vector<uint8_t> bytes = jpeg;
      if (truncate) bytes.resize(bytes.size() * 2 / 3);
      for (bool skip : {true, false}) {
        DecodeOptions o;
        o.allow_truncated = truncate;
        o.jpeg_skip_rows = skip;
        DecodedImage full, streamed;
        ASSERT_TRUE(DecodeImage(bytes, o, &full).ok());
        ASSERT_TRUE(DecodeImageSquashed(bytes, o, &streamed).ok());
        const DecodedImage want = SquashReference(full);
        const std::string what = std::to_string(c.w) + "x" + std::to_string(c.h) +
                                 (truncate ? " truncated" : "") + (skip ? " skip" : " noskip");
        EXPECT_EQ(streamed.width, want.width) << what;
        EXPECT_EQ(streamed.height, want.height) << what;
        EXPECT_EQ(streamed.channels, want.channels) << what;
        EXPECT_EQ(streamed.source_width, c.w) << what;
        EXPECT_TRUE(streamed.pixels == want.pixels) << what;
        if (truncate) {
          DecodeOptions strict = o;
          strict.allow_truncated = false;
          EXPECT_EQ(DecodeImageSquashed(bytes, strict, &streamed).code(),
                    DecodeImage(bytes, strict, &full).code()) << what;
        }
      }
    }
  }
}

TEST(DecodeSquashedTest, NonJpegFormatsAreSquashedToo) {
  const int w = 700, h = 40;
  auto px = Noise(static_cast<size_t>(w) * h * 3, 11);
  const auto png = EncodePng(w, h, 3, px);
  DecodedImage full, squashed;
  ASSERT_TRUE(DecodeImage(png, {}, &full).ok());
  ASSERT_TRUE(DecodeImageSquashed(png, {}, &squashed).ok());
  const DecodedImage want = SquashReference(full);
  EXPECT_EQ(squashed.width, 512);
  EXPECT_TRUE(squashed.pixels == want.pixels);
}

TEST(DecodeTest, DetectsFormatFromMagicBytes) {
  EXPECT_EQ(DetectImageFormat(EncodePng(1, 1, 1, {7})), ImageFormat::kPng);
  EXPECT_EQ(DetectImageFormat(EncodeGif(3, 3)), ImageFormat::kGif);
  const uint8_t bmp[] = {'B', 'M', 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(DetectImageFormat(bmp), ImageFormat::kUnknown);
}

TEST(DecodeTest, UnsupportedFormat) {
  const uint8_t bmp[] = {'B', 'M', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  auto r = DecodeImage(bmp);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
}

TEST(DecodeTest, ZeroSizeFile) {
  testing::TempDir dir;
  std::ofstream(dir / "empty.jpg").close();
  auto r = HashImageFile(dir / "empty.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("empty.jpg"), std::string::npos);
}

TEST(DecodeTest, MissingFile) {
  auto r = HashImageFile("/nonexistent/tamis/x.png");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(DecodeTest, TruncatedJpeg) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto bytes = testing::ReadFileOrDie(
      testing::SharedPath("media/pdq/images/pdq-data/bridge-mods/square-256x256.jpg"));
  for (size_t keep : {size_t{3}, size_t{20}, size_t{200}, bytes.size() / 2, bytes.size() - 3}) {
    std::span<const uint8_t> part(reinterpret_cast<const uint8_t*>(bytes.data()), keep);
    auto r = HashImageBytes(part);
    ASSERT_FALSE(r.ok()) << keep;
    EXPECT_EQ(r.status().code(), StatusCode::kParseError) << keep << " " << r.status().ToString();
  }
  // Opting in to truncated data decodes what is there.
  HashImageOptions opts;
  opts.decode.allow_truncated = true;
  std::span<const uint8_t> half(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size() / 2);
  EXPECT_TRUE(HashImageBytes(half, opts).ok());
}

TEST(DecodeTest, TruncatedAndCorruptPng) {
  auto png = EncodePng(40, 30, 3, Noise(40 * 30 * 3, 1));
  for (size_t keep : {size_t{8}, size_t{30}, png.size() / 2, png.size() - 13}) {
    auto r = DecodeImage(std::span<const uint8_t>(png.data(), keep));
    ASSERT_FALSE(r.ok()) << keep;
    EXPECT_EQ(r.status().code(), StatusCode::kParseError) << keep;
  }
  png[40] ^= 0xFF;  // corrupt the IDAT (CRC mismatch)
  EXPECT_FALSE(DecodeImage(png).ok());
}

TEST(DecodeTest, OnePixelImageHashesToZero) {
  auto r = HashImageBytes(EncodePng(1, 1, 3, {1, 2, 3}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->pdq.hash.IsZero());
  EXPECT_EQ(r->pdq.quality, 0);
  EXPECT_EQ(r->width, 1);
}

TEST(DecodeTest, VeryWideImageIsSquashedAndHashed) {
  auto r = HashImageBytes(EncodePng(100000, 1, 1, Noise(100000, 2)));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->width, 100000);
  EXPECT_FALSE(r->pdq.hash.IsZero());  // stretched to 512x512 by the file-level squash
  HashImageOptions core;
  core.file_level_squash = false;
  auto c = HashImageBytes(EncodePng(100000, 1, 1, Noise(100000, 2)), core);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->pdq.hash.IsZero());  // core path: below the 5-pixel minimum
}

TEST(DecodeTest, HugePngHeaderRefusedBeforeAllocation) {
  auto png = PngHeaderOnly(60000, 60000);
  auto r = DecodeImage(png);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted) << r.status().ToString();
  int w = 0, h = 0;
  ASSERT_TRUE(PeekImageSize(png, &w, &h).ok());
  EXPECT_EQ(w, 60000);
  EXPECT_EQ(h, 60000);
  DecodeOptions small;
  small.max_pixels = 100;
  EXPECT_EQ(DecodeImage(EncodePng(11, 10, 1, Noise(110, 3)), small).status().code(),
            StatusCode::kResourceExhausted);
}

TEST(DecodeTest, GreyAlphaAndRgbaDropAlpha) {
  std::vector<uint8_t> ga = {10, 0, 20, 255, 30, 128, 40, 7};
  auto g = DecodeImage(EncodePng(2, 2, 2, ga));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->channels, 1);
  EXPECT_EQ(g->pixels, (std::vector<uint8_t>{10, 20, 30, 40}));
  std::vector<uint8_t> rgba = {1, 2, 3, 0, 4, 5, 6, 255};
  auto c = DecodeImage(EncodePng(2, 1, 4, rgba));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->channels, 3);
  EXPECT_EQ(c->pixels, (std::vector<uint8_t>{1, 2, 3, 4, 5, 6}));
}

TEST(DecodeTest, AllGreyRgbCollapsesToOneChannel) {
  std::vector<uint8_t> rgb = {5, 5, 5, 9, 9, 9};
  auto c = DecodeImage(EncodePng(2, 1, 3, rgb));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->channels, 1);
  DecodeOptions keep;
  keep.collapse_gray = false;
  EXPECT_EQ(DecodeImage(EncodePng(2, 1, 3, rgb), keep)->channels, 3);
}

TEST(DecodeTest, GifFirstFrameInterlaced) {
  auto gif = EncodeGif(9, 11);
  auto r = DecodeImage(gif);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, ImageFormat::kGif);
  ASSERT_EQ(r->channels, 3);
  const uint8_t want[4][3] = {{0, 0, 0}, {255, 0, 0}, {0, 255, 0}, {10, 20, 30}};
  for (int y = 0; y < 11; ++y)
    for (int x = 0; x < 9; ++x)
      ASSERT_EQ(std::memcmp(&r->pixels[(y * 9 + x) * 3], want[(x + y) % 4], 3), 0) << x << "," << y;
  for (size_t keep : {size_t{6}, size_t{13}, gif.size() / 2}) {
    EXPECT_FALSE(DecodeImage(std::span<const uint8_t>(gif.data(), keep)).ok()) << keep;
  }
}

TEST(DecodeTest, GarbageAfterMagicNeverCrashes) {
  const std::vector<std::vector<uint8_t>> prefixes = {
      {0xFF, 0xD8, 0xFF}, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
      {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'}, {'G', 'I', 'F', '8', '9', 'a'}};
  for (const auto& p : prefixes) {
    for (uint32_t seed = 0; seed < 50; ++seed) {
      auto v = p;
      auto tail = Noise(seed * 7 % 300, seed);
      v.insert(v.end(), tail.begin(), tail.end());
      (void)HashImageBytes(v);  // must return, whatever the status
    }
  }
}

TEST(FileDigestTest, KnownVectors) {
  const std::string abc = "abc";
  auto d = DigestBytes(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(abc.data()), 3));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->Md5Hex(), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(d->Sha256Hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FolderHashTest, HashesFilesKeepsErrorsAndReportsProgress) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "sub");
  auto write = [&](const std::filesystem::path& p, const std::vector<uint8_t>& b) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), b.size());
  };
  write(dir / "a.png", EncodePng(64, 64, 3, Noise(64 * 64 * 3, 4)));
  write(dir / "sub" / "b.gif", EncodeGif(30, 20));
  write(dir / "c.jpg", {0xFF, 0xD8, 0xFF, 0xE0, 0, 0});  // corrupt JPEG
  write(dir / "notes.txt", {'h', 'i'});                  // not an image: skipped
  FolderHashOptions opts;
  opts.threads = 2;
  size_t calls = 0;
  auto r = HashImageFolder(dir.path(), opts, [&](size_t done, size_t total, const FolderHashEntry&) {
    ++calls;
    EXPECT_LE(done, total);
  });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(calls, 3u);
  EXPECT_EQ((*r)[0].path.filename(), "a.png");
  EXPECT_TRUE((*r)[0].status.ok());
  EXPECT_TRUE((*r)[0].pdq.has_value());
  ASSERT_TRUE((*r)[0].digests.has_value());
  EXPECT_EQ((*r)[1].path.filename(), "c.jpg");
  EXPECT_EQ((*r)[1].status.code(), StatusCode::kParseError);
  EXPECT_TRUE((*r)[1].digests.has_value());  // exact-match digests even when decoding fails
  EXPECT_EQ((*r)[2].path.filename(), "b.gif");
  EXPECT_TRUE((*r)[2].status.ok());
  EXPECT_FALSE(HashImageFolder(dir / "missing").ok());
}

TEST(DecodeJpegLimits, ScanCountAndMemoryAreCappedPerDecode) {
  // A progressive file re-reads the image per scan and keeps every coefficient in memory.
  const auto prog = EncodeJpeg(1200, 1000, 3, 2, 2, /*progressive=*/true, false, 7);
  const auto base = EncodeJpeg(1200, 1000, 3, 2, 2, /*progressive=*/false, false, 7);
  ASSERT_TRUE(DecodeImage(prog).ok());  // defaults: 100 scans, 1 GiB
  DecodeOptions few_scans;
  few_scans.jpeg_max_scans = 3;  // jpeg_simple_progression writes 10 scans for YCbCr
  auto r = DecodeImage(prog, few_scans);
  ASSERT_EQ(r.status().code(), StatusCode::kResourceExhausted) << r.status().ToString();
  EXPECT_NE(r.status().message().find("scans"), std::string::npos) << r.status().ToString();
  EXPECT_TRUE(DecodeImage(base, few_scans).ok());  // a baseline file is one scan
  DecodeOptions small_memory;
  small_memory.jpeg_max_memory = 1 << 20;  // coefficients of 1200x1000 4:2:0: ~3.6 MB
  r = DecodeImage(prog, small_memory);
  ASSERT_EQ(r.status().code(), StatusCode::kResourceExhausted) << r.status().ToString();
  auto b = DecodeImage(base, small_memory);  // a few rows of buffers
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->width, 1200);
}

}  // namespace
}  // namespace tamis::image
