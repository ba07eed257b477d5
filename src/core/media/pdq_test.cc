// Unit tests for the PDQ core that need no decoding. Conformance against the reference's
// expected files lives in formats/image/pdq_conformance_test.cc (it needs the PNG decoder).
#include "core/media/pdq.h"
#include "core/media/pdq_kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

namespace tamis::media {
namespace {

TEST(PdqHashTest, HexRoundTripAndOrder) {
  const std::string hex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  auto h = PdqHash::FromHex(hex);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->ToHex(), hex);
  // Last hex digit is word 0's low nibble: bits 0..3 = 0x2.
  EXPECT_FALSE(h->Bit(0));
  EXPECT_TRUE(h->Bit(1));
  EXPECT_EQ(h->Word16(0), 0x9b22);
  EXPECT_EQ(h->Word16(15), 0xf8f8);
  auto upper = PdqHash::FromHex("F8F8F0CEE0F4A84F06370A22038F63F0B36E2ED596621E1D33E6B39C4E9C9B22");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, *h);
}

TEST(PdqHashTest, FromHexRejectsBadInput) {
  EXPECT_FALSE(PdqHash::FromHex("abc").ok());
  EXPECT_FALSE(PdqHash::FromHex(std::string(63, '0') + "g").ok());
}

TEST(PdqHashTest, HammingDistance) {
  PdqHash a, b;
  EXPECT_EQ(HammingDistance(a, b), 0);
  b.SetBit(0);
  b.SetBit(255);
  b.SetBit(100);
  EXPECT_EQ(HammingDistance(a, b), 3);
  EXPECT_EQ(b.Popcount(), 3);
  for (auto& w : a.words) w = ~uint64_t{0};
  EXPECT_EQ(HammingDistance(a, PdqHash{}), 256);
}

TEST(PdqDctMatrixTest, ReferenceRounding) {
  const auto& d = detail::PdqDctMatrix();
  const float scale = static_cast<float>(std::sqrt(2.0 / 64.0));
  uint32_t bits;
  std::memcpy(&bits, &scale, 4);
  EXPECT_EQ(bits, 0x3E3504F3u);
  EXPECT_EQ(d[0], static_cast<float>(double(scale) * std::cos(M_PI / 128.0)));
}

TEST(PdqBoxFilterTest, SmallWindowsMatchDefinition) {
  // Window 3 (half 2) over 5 samples: averages of clipped windows [k-1, k+1].
  const float x[5] = {1, 2, 3, 4, 5};
  float y[5];
  detail::BoxFilter1D(x, 1, y, 1, 5, 3);
  EXPECT_FLOAT_EQ(y[0], 1.5f);
  EXPECT_FLOAT_EQ(y[1], 2.0f);
  EXPECT_FLOAT_EQ(y[4], 4.5f);
  // Window 2 (half 2): covers [k, k+1].
  detail::BoxFilter1D(x, 1, y, 1, 5, 2);
  EXPECT_FLOAT_EQ(y[0], 1.5f);
  EXPECT_FLOAT_EQ(y[4], 5.0f);
}

// Every fast kernel has a scalar reference: each SIMD filter path (SSE2, AVX2) must give the
// same bits as the scalar one. Sizes cover power-of-two windows (1, 2, 4, 8: multiplied by the
// reciprocal in SIMD) and others (divided), vector tails, and the 16/8/4-row block remainders.
class PdqIsaTest : public ::testing::TestWithParam<PdqIsa> {
 protected:
  void SetUp() override {
    if (GetParam() == PdqIsa::kAvx2 && !detail::CpuHasAvx2()) GTEST_SKIP() << "no AVX2";
  }
};

TEST_P(PdqIsaTest, DownsampleMatchesScalarBitForBit) {
  std::mt19937 rng(42);
  const int sizes[][2] = {{5, 5},     {7, 13},    {64, 64},  {63, 65},   {127, 129},
                          {128, 128}, {255, 257}, {512, 512}, {513, 7},  {1000, 5},
                          {301, 333}, {640, 480}, {1024, 9}, {9, 1024},  {385, 903},
                          {71, 23},   {512, 31}};
  for (auto [w, h] : sizes) {
    for (int kind = 0; kind < 4; ++kind) {
      std::vector<float> luma(static_cast<size_t>(w) * h);
      std::uniform_real_distribution<float> u(0.0f, 255.0f);
      std::uniform_int_distribution<int> e(-149, 20);
      for (size_t i = 0; i < luma.size(); ++i) {
        if (kind == 0) luma[i] = u(rng);                                  // noise
        else if (kind == 1) luma[i] = (i % 2) ? 255.0f : 0.114f * 3.0f;  // adversarial stripes
        else if (kind == 2) luma[i] = 0.299f * 128.0f + 0.587f * 128.0f + 0.114f * 128.0f;  // flat
        else luma[i] = std::ldexp(u(rng) - 127.5f, e(rng));  // wide exponents, subnormals
      }
      const size_t bn = static_cast<size_t>(std::max(w, 64)) * h;
      std::vector<float> b1(bn), b2(bn), b3(bn), b4(bn);
      float s[64 * 64], v[64 * 64];
      detail::PdqDownsample64(luma.data(), w, h, PdqIsa::kScalar, b1.data(), b2.data(), s);
      detail::PdqDownsample64(luma.data(), w, h, GetParam(), b3.data(), b4.data(), v);
      ASSERT_EQ(std::memcmp(s, v, sizeof(s)), 0) << w << "x" << h << " kind " << kind;
    }
  }
}

// The luma kernels against the scalar formula, exhaustively over all 2^24 RGB values.
TEST_P(PdqIsaTest, LumaMatchesScalarExhaustively) {
  if (GetParam() != PdqIsa::kAvx2) GTEST_SKIP() << "SSE2 and scalar share the table path";
  std::vector<uint8_t> rgb(3 * 65536 + 3 * 5);  // odd length exercises the scalar tail
  std::vector<float> out(rgb.size() / 3);
  volatile float kr = 0.299f, kg = 0.587f, kb = 0.114f;
  for (int r = 0; r < 256; ++r) {
    for (int i = 0; i < 65536 + 5; ++i) {
      rgb[3 * i] = static_cast<uint8_t>(r);
      rgb[3 * i + 1] = static_cast<uint8_t>(i >> 8);
      rgb[3 * i + 2] = static_cast<uint8_t>(i);
    }
    detail::LumaRgbAvx2(rgb.data(), static_cast<int>(out.size()), out.data());
    for (size_t i = 0; i < out.size(); ++i) {
      const float pr = kr * static_cast<float>(rgb[3 * i]);
      const float pg = kg * static_cast<float>(rgb[3 * i + 1]);
      const float pb = kb * static_cast<float>(rgb[3 * i + 2]);
      const float want = (pr + pg) + pb;
      ASSERT_EQ(std::memcmp(&want, &out[i], 4), 0) << r << " " << i;
    }
  }
  uint8_t gray[259];
  float g[259];
  for (int i = 0; i < 259; ++i) gray[i] = static_cast<uint8_t>(i * 7);
  detail::LumaGrayAvx2(gray, 259, g);
  for (int i = 0; i < 259; ++i) ASSERT_EQ(g[i], static_cast<float>(gray[i]));
}

// End to end through HashPixels (luma + filter + DCT): identical hash, quality and dihedrals.
TEST_P(PdqIsaTest, HashPixelsMatchesScalar) {
  std::mt19937 rng(3);
  for (auto [w, h, ch] : {std::array<int, 3>{512, 512, 3}, {300, 200, 1}, {700, 90, 3},
                          {64, 64, 3}, {129, 517, 4}}) {
    std::vector<uint8_t> px(static_cast<size_t>(w) * h * ch);
    for (size_t i = 0; i < px.size(); ++i) {
      px[i] = static_cast<uint8_t>((i / ch) % w * 3 + (rng() & 15));
    }
    for (bool squash : {false, true}) {
      PdqOptions a, b;
      a.dihedrals = b.dihedrals = true;
      a.file_level_squash = b.file_level_squash = squash;
      a.isa = PdqIsa::kScalar;
      b.isa = GetParam();
      PdqHasher ha, hb;
      auto ra = ha.HashPixels(PixelView{px.data(), w, h, ch, 0}, a);
      auto rb = hb.HashPixels(PixelView{px.data(), w, h, ch, 0}, b);
      ASSERT_TRUE(ra.ok() && rb.ok());
      EXPECT_EQ(ra->hash, rb->hash) << w << "x" << h;
      EXPECT_EQ(ra->quality, rb->quality);
      EXPECT_EQ(ra->dihedrals, rb->dihedrals);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllIsas, PdqIsaTest, ::testing::Values(PdqIsa::kSse2, PdqIsa::kAvx2),
                         [](const auto& info) {
                           return std::string(info.param == PdqIsa::kAvx2 ? "Avx2" : "Sse2");
                         });

TEST(PdqHasherTest, SmallImagesHashToZero) {
  PdqHasher hasher;
  std::vector<float> luma(4 * 100, 17.0f);
  PdqOptions opts;
  opts.dihedrals = true;
  PdqResult r = hasher.HashLuma(luma.data(), 4, 100, opts);
  EXPECT_TRUE(r.hash.IsZero());
  EXPECT_EQ(r.quality, 0);
  for (const auto& d : r.dihedrals) EXPECT_TRUE(d.IsZero());
}

TEST(PdqHasherTest, SquashStretchesThinImages) {
  // 1000x4 is below the minimum in the core, but the file-level squash stretches it to 512x512.
  std::vector<uint8_t> px(1000 * 4 * 3);
  std::mt19937 rng(7);
  for (auto& p : px) p = static_cast<uint8_t>(rng());
  PdqHasher hasher;
  PixelView view{px.data(), 1000, 4, 3, 0};
  auto core = hasher.HashPixels(view);
  ASSERT_TRUE(core.ok());
  EXPECT_TRUE(core->hash.IsZero());
  PdqOptions opts;
  opts.file_level_squash = true;
  auto file = hasher.HashPixels(view, opts);
  ASSERT_TRUE(file.ok());
  EXPECT_FALSE(file->hash.IsZero());
  EXPECT_EQ(file->quality, 100);
}

TEST(PdqHasherTest, RejectsBadViews) {
  PdqHasher hasher;
  uint8_t px[4] = {};
  EXPECT_FALSE(hasher.HashPixels(PixelView{nullptr, 1, 1, 1, 0}).ok());
  EXPECT_FALSE(hasher.HashPixels(PixelView{px, 1, 1, 2, 0}).ok());
  EXPECT_FALSE(hasher.HashPixels(PixelView{px, 0, 1, 1, 0}).ok());
}

TEST(PdqDihedralTest, FlipOfDctMatchesPhysicalFlipApproximately) {
  // A mirrored image's hash should be close to the flipy variant of the original.
  const int w = 200, h = 120;
  std::vector<uint8_t> img(w * h), mir(w * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) img[y * w + x] = static_cast<uint8_t>(128 + 60 * std::sin(x / 17.0) + 50 * std::cos(y / 11.0 + x / 23.0));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) mir[y * w + x] = img[y * w + (w - 1 - x)];
  PdqHasher hasher;
  PdqOptions opts;
  opts.dihedrals = true;
  auto a = hasher.HashPixels(PixelView{img.data(), w, h, 1, 0}, opts);
  auto b = hasher.HashPixels(PixelView{mir.data(), w, h, 1, 0}, opts);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LE(HammingDistance(a->dihedrals[static_cast<int>(PdqDihedral::kFlipY)], b->hash), 20);
  EXPECT_EQ(a->dihedrals[0], a->hash);
}

}  // namespace
}  // namespace tamis::media
