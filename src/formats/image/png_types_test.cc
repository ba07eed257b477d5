// Every PNG colour type and bit depth libpng can expand decodes to the pixels the PDQ
// reference saw (docs/pdq.md section 2): grey or RGB, alpha and tRNS dropped, 1/2/4-bit grey
// scaled to 8 bits, palettes looked up, 16-bit samples keeping their low byte. The PNGs are
// written here with libpng's low-level API (the simplified API cannot write palettes, tRNS or
// sub-byte depths). Regression: palette + tRNS (expanded by libpng to 4 channels) used to be
// refused as "unsupported layout (4 channels, 8 bits)".
#include <gtest/gtest.h>
#include <png.h>

#include <cstring>
#include <string>
#include <vector>

#include "formats/image/decode.h"

namespace tamis::image {
namespace {

struct PngSpec {
  int width = 3;
  int height = 2;
  int color_type = PNG_COLOR_TYPE_GRAY;
  int bit_depth = 8;
  bool interlace = false;
  std::vector<uint16_t> samples;       // width * height * channels, unpacked
  std::vector<png_color> palette;      // PALETTE only
  std::vector<uint8_t> palette_alpha;  // tRNS for PALETTE
  bool trns_color = false;             // tRNS single colour for GRAY / RGB
  png_color_16 trans{};
};

int SamplesPerPixel(int color_type) {
  switch (color_type) {
    case PNG_COLOR_TYPE_GRAY:
      return 1;
    case PNG_COLOR_TYPE_GRAY_ALPHA:
      return 2;
    case PNG_COLOR_TYPE_RGB:
      return 3;
    case PNG_COLOR_TYPE_RGB_ALPHA:
      return 4;
    default:
      return 1;  // palette index
  }
}

void AppendBytes(png_structp png, png_bytep data, png_size_t n) {
  auto* out = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + n);
}

std::vector<uint8_t> Encode(const PngSpec& s) {
  std::vector<uint8_t> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    ADD_FAILURE() << "libpng write error";
    png_destroy_write_struct(&png, &info);
    return {};
  }
  png_set_write_fn(png, &out, AppendBytes, nullptr);
  png_set_IHDR(png, info, s.width, s.height, s.bit_depth, s.color_type,
               s.interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (!s.palette.empty()) {
    png_set_PLTE(png, info, s.palette.data(), static_cast<int>(s.palette.size()));
  }
  if (!s.palette_alpha.empty()) {
    png_set_tRNS(png, info, s.palette_alpha.data(), static_cast<int>(s.palette_alpha.size()),
                 nullptr);
  }
  if (s.trns_color) png_set_tRNS(png, info, nullptr, 0, &s.trans);
  png_write_info(png, info);
  // Pack each row: sub-byte samples MSB first, 16-bit samples big-endian.
  const int spp = SamplesPerPixel(s.color_type);
  const size_t row_bits = static_cast<size_t>(s.width) * spp * s.bit_depth;
  std::vector<std::vector<uint8_t>> rows(s.height, std::vector<uint8_t>((row_bits + 7) / 8));
  for (int y = 0; y < s.height; ++y) {
    for (int i = 0; i < s.width * spp; ++i) {
      const uint16_t v = s.samples[static_cast<size_t>(y) * s.width * spp + i];
      if (s.bit_depth == 16) {
        rows[y][2 * i] = static_cast<uint8_t>(v >> 8);
        rows[y][2 * i + 1] = static_cast<uint8_t>(v);
      } else if (s.bit_depth == 8) {
        rows[y][i] = static_cast<uint8_t>(v);
      } else {
        const size_t bit = static_cast<size_t>(i) * s.bit_depth;
        rows[y][bit / 8] |= static_cast<uint8_t>(v << (8 - s.bit_depth - bit % 8));
      }
    }
  }
  std::vector<png_bytep> ptrs;
  for (auto& r : rows) ptrs.push_back(r.data());
  if (s.interlace) png_set_interlace_handling(png);
  png_write_image(png, ptrs.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

// What the decoder must return: 1 or 3 channels of 8-bit samples.
std::vector<uint8_t> ExpectedPixels(const PngSpec& s, int* channels) {
  const int spp = SamplesPerPixel(s.color_type);
  std::vector<uint8_t> px;
  const bool pal = s.color_type == PNG_COLOR_TYPE_PALETTE;
  const int colour = pal || (s.color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1;
  *channels = colour;
  for (int p = 0; p < s.width * s.height; ++p) {
    const uint16_t* v = &s.samples[static_cast<size_t>(p) * spp];
    if (pal) {
      px.insert(px.end(), {s.palette[v[0]].red, s.palette[v[0]].green, s.palette[v[0]].blue});
      continue;
    }
    for (int c = 0; c < colour; ++c) {
      uint16_t x = v[c];
      if (s.bit_depth < 8) x = static_cast<uint16_t>(x * 255 / ((1 << s.bit_depth) - 1));
      px.push_back(static_cast<uint8_t>(x & 0xFF));  // 16-bit: the low byte
    }
  }
  return px;
}

// Samples cycling through the depth's range (indexes below the palette size for PALETTE).
PngSpec Make(int color_type, int bit_depth, int palette_size = 0) {
  PngSpec s;
  s.color_type = color_type;
  s.bit_depth = bit_depth;
  const int n = s.width * s.height * SamplesPerPixel(color_type);
  const uint32_t range = palette_size > 0 ? palette_size : (1u << bit_depth);
  for (int i = 0; i < n; ++i) s.samples.push_back(static_cast<uint16_t>((i * 7919u + 3) % range));
  for (int i = 0; i < palette_size; ++i) {
    s.palette.push_back(png_color{static_cast<png_byte>(10 + 40 * i),
                                  static_cast<png_byte>(200 - 30 * i),
                                  static_cast<png_byte>(7 * i + 1)});
  }
  return s;
}

void ExpectDecodes(const PngSpec& s, const std::string& what) {
  SCOPED_TRACE(what);
  const std::vector<uint8_t> bytes = Encode(s);
  ASSERT_FALSE(bytes.empty());
  DecodeOptions opts;
  opts.collapse_gray = false;  // check the layout as decoded; grey collapse is tested apart
  auto r = DecodeImage(bytes, opts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  int channels = 0;
  const std::vector<uint8_t> want = ExpectedPixels(s, &channels);
  EXPECT_EQ(r->width, s.width);
  EXPECT_EQ(r->height, s.height);
  EXPECT_EQ(r->channels, channels);
  EXPECT_EQ(r->pixels, want);
}

TEST(PngTypesTest, GrayAllDepths) {
  for (int d : {1, 2, 4, 8, 16})
    ExpectDecodes(Make(PNG_COLOR_TYPE_GRAY, d), "gray " + std::to_string(d));
}

TEST(PngTypesTest, GrayWithTrnsColour) {
  for (int d : {1, 4, 8, 16}) {
    PngSpec s = Make(PNG_COLOR_TYPE_GRAY, d);
    s.trns_color = true;
    s.trans.gray = 1;
    ExpectDecodes(s, "gray+tRNS " + std::to_string(d));
  }
}

TEST(PngTypesTest, GrayAlpha) {
  for (int d : {8, 16})
    ExpectDecodes(Make(PNG_COLOR_TYPE_GRAY_ALPHA, d), "gray+alpha " + std::to_string(d));
}

TEST(PngTypesTest, PaletteAllDepths) {
  for (int d : {1, 2, 4, 8}) {
    ExpectDecodes(Make(PNG_COLOR_TYPE_PALETTE, d,
                       d == 1   ? 2
                       : d == 2 ? 4
                                : 5),
                  "palette " + std::to_string(d));
  }
}

TEST(PngTypesTest, PaletteWithTransparencyIsRgb) {
  for (int d : {1, 2, 4, 8}) {
    for (bool interlace : {false, true}) {
      PngSpec s = Make(PNG_COLOR_TYPE_PALETTE, d, d == 1 ? 2 : 4);
      s.palette_alpha = {0, 128};  // shorter than the palette, as PNG allows
      s.interlace = interlace;
      ExpectDecodes(s, "palette+tRNS " + std::to_string(d) + (interlace ? " interlaced" : ""));
    }
  }
}

TEST(PngTypesTest, PaletteWithTransparencyHashesLikeItsRgb) {
  PngSpec s = Make(PNG_COLOR_TYPE_PALETTE, 8, 5);
  s.width = s.height = 32;
  s.samples.clear();
  for (int i = 0; i < 32 * 32; ++i)
    s.samples.push_back(static_cast<uint16_t>((i * 31 + i / 32) % 5));
  PngSpec opaque = s;
  s.palette_alpha = {0, 0, 255, 10, 99};
  auto a = DecodeImage(Encode(s));
  auto b = DecodeImage(Encode(opaque));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->channels, 3);
  EXPECT_EQ(a->pixels, b->pixels);
}

TEST(PngTypesTest, Rgb) {
  for (int d : {8, 16}) ExpectDecodes(Make(PNG_COLOR_TYPE_RGB, d), "rgb " + std::to_string(d));
}

TEST(PngTypesTest, RgbWithTrnsColour) {
  for (int d : {8, 16}) {
    PngSpec s = Make(PNG_COLOR_TYPE_RGB, d);
    s.trns_color = true;
    s.trans.red = s.trans.green = s.trans.blue = 3;
    ExpectDecodes(s, "rgb+tRNS " + std::to_string(d));
  }
}

TEST(PngTypesTest, Rgba) {
  for (int d : {8, 16})
    ExpectDecodes(Make(PNG_COLOR_TYPE_RGB_ALPHA, d), "rgba " + std::to_string(d));
}

}  // namespace
}  // namespace tamis::image
