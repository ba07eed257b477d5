// PDQ perceptual image hash (Meta's 256-bit DCT hash), bit-identical to the reference C++
// implementation (facebook/ThreatExchange pdq/cpp) as described in docs/pdq.md.
//
// Pure code: no I/O, no decoding, no threads, no globals. Callers hand in decoded 8-bit
// pixels (PixelView) or a float luma buffer. Bit identity relies on binary32 arithmetic in a
// fixed order; this library is compiled with -ffp-contract=off (see CMakeLists.txt).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash256.h"
#include "core/status.h"

namespace tamis::media {

// A 256-bit PDQ hash: the core's one 256-bit hash type (core/hash256.h: bit k is DCT
// coefficient (row k/16, column k%16), hex in the reference order).
using PdqHash = ::tamis::Hash256;

// Number of differing bits, 0..256. Scalar popcount; thread-safe.
int HammingDistance(const PdqHash& a, const PdqHash& b);

// The 8 dihedral transforms, in the reference tool's column order.
enum class PdqDihedral : uint8_t {
  kOrig = 0, kRot90, kRot180, kRot270, kFlipX, kFlipY, kFlipPlus1, kFlipMinus1,
};
inline constexpr int kPdqDihedralCount = 8;
// "orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1".
std::string_view PdqDihedralName(PdqDihedral d);

// Images narrower or shorter than this hash to all zeros with quality 0.
inline constexpr int kPdqMinDimension = 5;
// Side of the file-level tool's nearest-neighbour pre-squash.
inline constexpr int kPdqSquashSide = 512;

// Instruction set of the filter and luma kernels. All give bit-identical results; kAuto picks
// the best the CPU supports (AVX2, else SSE2), overridable by TAMIS_PDQ_ISA=scalar|sse2|avx2.
// An explicit choice the CPU cannot run falls back to kAuto.
enum class PdqIsa : uint8_t { kAuto = 0, kScalar, kSse2, kAvx2 };

struct PdqOptions {
  // Also compute the 8 dihedral variants (always via the filter path, as the reference's
  // dihedral entry point does). Default false.
  bool dihedrals = false;
  // Apply the reference file-level tool's pre-squash: if width > 512 or height > 512, resample
  // to exactly 512x512 by nearest neighbour ((x * W) / 512), aspect ratio not kept. Default
  // false (the core/library path used by vPDQ and bindings). Only used by HashPixels.
  bool file_level_squash = false;
  // Use the portable scalar kernels instead of the SSE2 ones (results are identical; for tests
  // and debugging). Also forced by the environment variable TAMIS_PDQ_SCALAR=1 read by callers.
  bool force_scalar = false;
  // Kernel instruction set (see PdqIsa). Default kAuto; force_scalar wins over it.
  PdqIsa isa = PdqIsa::kAuto;
};

struct PdqResult {
  PdqHash hash;
  int quality = 0;  // 0..100
  // Filled only when PdqOptions::dihedrals; indexed by PdqDihedral. dihedrals[kOrig] equals
  // `hash` except possibly for exactly 64x64 inputs (the reference skips filtering there).
  bool has_dihedrals = false;
  std::array<PdqHash, kPdqDihedralCount> dihedrals{};
  int dihedral_quality = 0;
};

// The 16x16 DCT coefficients (row-major B[i][j], frequencies 1..16) before thresholding.
struct PdqDct {
  std::array<float, 256> coeffs{};
  int quality = 0;
};

// Borrowed, read-only 8-bit interleaved pixels. channels is 1 (grey, used as luma directly) or
// 3 (RGB); 4 is accepted and the 4th sample (alpha) is ignored, as the reference drops alpha.
struct PixelView {
  const uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int channels = 0;
  size_t stride = 0;  // bytes between rows; 0 means width * channels
};

// The PDQ pipeline with reusable scratch buffers. Not thread-safe: use one per thread. Each
// call is independent of previous calls (buffers only). Memory grows to ~8 bytes per input
// pixel of the largest image hashed.
class PdqHasher {
 public:
  PdqHasher() = default;

  // Luma -> Jarosz filter -> 64x64 -> quality + DCT. `luma` is height rows of width floats.
  // If allow_64x64_fast_path and the input is 64x64 the filter is skipped (reference
  // behaviour of the plain hash; the dihedral path never skips). Inputs below 5 pixels in
  // either side give zero coefficients and quality 0.
  PdqDct DctFromLuma(const float* luma, int width, int height, bool allow_64x64_fast_path);

  // Core hash of a float luma buffer (no squash).
  PdqResult HashLuma(const float* luma, int width, int height, const PdqOptions& opts = {});

  // Luma conversion (float 0.299R + 0.587G + 0.114B, or grey as is), optional file-level squash,
  // then HashLuma. InvalidArgument for a null/negative/oversized view or channels not 1, 3, 4.
  Result<PdqResult> HashPixels(const PixelView& pixels, const PdqOptions& opts = {});

  // Float luma of `pixels` into `out` (resized to width*height). With `squash`, and width or
  // height > 512, the output is the 512x512 nearest-neighbour squash; *out_w/*out_h get the
  // resulting size. Exposed for tests; the same rules as HashPixels.
  Status ComputeLuma(const PixelView& pixels, bool squash, std::vector<float>* out, int* out_w,
                     int* out_h);

 private:
  void Filter(const float* luma, int width, int height, PdqIsa isa, float* out64x64);
  Status ComputeLumaIsa(const PixelView& pixels, bool squash, PdqIsa isa, std::vector<float>* out,
                        int* out_w, int* out_h);
  std::vector<float> luma_;
  std::vector<float> buf1_;
  std::vector<float> buf2_;
};

// Thresholds 256 coefficients at their lower median (strictly greater -> 1).
PdqHash PdqHashFromDct(const std::array<float, 256>& coeffs);
// The 8 dihedral hashes derived from one DCT (docs/pdq.md section 10), indexed by PdqDihedral.
std::array<PdqHash, kPdqDihedralCount> PdqDihedralsFromDct(const std::array<float, 256>& coeffs);

namespace detail {
// The 16x64 DCT matrix with the reference rounding (float scale x double cosine, rounded once).
const std::array<float, 16 * 64>& PdqDctMatrix();
// One 1-D box-filter pass with the reference's running-sum order (docs/pdq.md section 5) over
// `n` samples at `in[i * in_step]`, writing `out[i * out_step]`. Scalar reference kernel.
void BoxFilter1D(const float* in, size_t in_step, float* out, size_t out_step, int n, int w);
// Filter + 64x64 sampling, scalar or SIMD kernels, for tests comparing the two. buf1 and buf2
// must hold max(width, 64) * height floats each.
void PdqDownsample64(const float* luma, int width, int height, bool scalar, float* buf1,
                     float* buf2, float* out64x64);
// The same with an explicit instruction set (kAuto / unsupported: the best available one).
void PdqDownsample64(const float* luma, int width, int height, PdqIsa isa, float* buf1,
                     float* buf2, float* out64x64);
// The instruction set kAuto resolves to on this machine (after the environment override).
PdqIsa ActivePdqIsa();
}  // namespace detail

}  // namespace tamis::media
