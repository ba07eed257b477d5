// PDQ core. The float arithmetic below follows docs/pdq.md operation by operation; any change
// of order (reassociation, reciprocal multiplication, FMA, split accumulators) breaks bit
// identity with the reference. SIMD kernels only vectorise across independent outputs (rows
// or columns), never inside one running sum.
#include "core/media/pdq.h"

#include <algorithm>
#include <cstdlib>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/media/pdq_kernels.h"

namespace tamis::media {

int HammingDistance(const PdqHash& a, const PdqHash& b) {
  return std::popcount(a.words[0] ^ b.words[0]) + std::popcount(a.words[1] ^ b.words[1]) +
         std::popcount(a.words[2] ^ b.words[2]) + std::popcount(a.words[3] ^ b.words[3]);
}

std::string_view PdqDihedralName(PdqDihedral d) {
  static constexpr std::string_view kNames[] = {"orig",  "rot90", "rot180",    "rot270",
                                                "flipx", "flipy", "flipplus1", "flipminus1"};
  return kNames[static_cast<int>(d) & 7];
}

namespace detail {

const std::array<float, 16 * 64>& PdqDctMatrix() {
  static const std::array<float, 16 * 64> kMatrix = [] {
    std::array<float, 16 * 64> m{};
    const float scale = static_cast<float>(std::sqrt(2.0 / 64.0));  // rounded to float first
    for (int i = 0; i < 16; ++i) {
      for (int j = 0; j < 64; ++j) {
        double c = std::cos(M_PI / 2.0 / 64.0 * (i + 1) * (2.0 * j + 1.0));
        m[i * 64 + j] = static_cast<float>(static_cast<double>(scale) * c);
      }
    }
    return m;
  }();
  return kMatrix;
}

void BoxFilter1D(const float* in, size_t in_step, float* out, size_t out_step, int n, int w) {
  const int half = (w + 2) / 2;
  const int lead = w - half;  // samples left of the centre
  float sum = 0.0f;
  int count = 0;
  int k = 0;
  for (int i = 0; i < half - 1; ++i) {
    sum += in[i * in_step];
    ++count;
  }
  for (int r = 0; r < w - half + 1; ++r, ++k) {
    sum += in[(k + half - 1) * in_step];
    ++count;
    out[k * out_step] = sum / static_cast<float>(count);
  }
  const float fw = static_cast<float>(w);
  for (int r = 0; r < n - w; ++r, ++k) {
    sum += in[(k + half - 1) * in_step];
    sum -= in[(k - lead - 1) * in_step];
    out[k * out_step] = sum / fw;
  }
  for (int r = 0; r < half - 1; ++r, ++k) {
    sum -= in[(k - lead - 1) * in_step];
    --count;
    out[k * out_step] = sum / static_cast<float>(count);
  }
}

namespace {

// Sampled source index for output i of 64 (docs/pdq.md section 5), double then truncation.
inline int SampleIndex(int i, int n) { return static_cast<int>(((i + 0.5) * n) / 64.0); }

// Box filter down every column at once: `in`/`out` are `rows` x `cols` row-major. Each
// column has its own running sum, updated in exactly the scalar order; the loops over columns
// are independent and vectorise without changing any per-column result.
// Per-column kernels: y = (s += xi) / d ; s = (s + xi) - xo, y = s / d ; y = (s -= xo) / d.
inline void ColAdd(float* s, const float* xi, int cols) {
  int c = 0;
#if defined(__SSE2__)
  for (; c + 4 <= cols; c += 4) {
    _mm_storeu_ps(s + c, _mm_add_ps(_mm_loadu_ps(s + c), _mm_loadu_ps(xi + c)));
  }
#endif
  for (; c < cols; ++c) s[c] += xi[c];
}

inline void ColAddOut(float* s, const float* xi, float* y, float d, int cols) {
  int c = 0;
#if defined(__SSE2__)
  const __m128 dv = _mm_set1_ps(d);
  for (; c + 4 <= cols; c += 4) {
    __m128 v = _mm_add_ps(_mm_loadu_ps(s + c), _mm_loadu_ps(xi + c));
    _mm_storeu_ps(s + c, v);
    _mm_storeu_ps(y + c, _mm_div_ps(v, dv));
  }
#endif
  for (; c < cols; ++c) {
    s[c] += xi[c];
    y[c] = s[c] / d;
  }
}

// x / d for a power-of-two d equals x * (1 / d) exactly (the same real quotient, rounded once,
// subnormals included), so a power-of-two window multiplies; others divide.
inline bool IsPow2(int w) { return (w & (w - 1)) == 0; }

inline void ColSlideOut(float* s, const float* xi, const float* xo, float* y, float d, int cols) {
  int c = 0;
#if defined(__SSE2__)
  const bool pow2 = IsPow2(static_cast<int>(d));
  const __m128 dv = _mm_set1_ps(d);
  const __m128 inv = _mm_set1_ps(1.0f / d);
  for (; c + 4 <= cols; c += 4) {
    __m128 v = _mm_add_ps(_mm_loadu_ps(s + c), _mm_loadu_ps(xi + c));
    v = _mm_sub_ps(v, _mm_loadu_ps(xo + c));
    _mm_storeu_ps(s + c, v);
    _mm_storeu_ps(y + c, pow2 ? _mm_mul_ps(v, inv) : _mm_div_ps(v, dv));
  }
#endif
  for (; c < cols; ++c) {
    float v = s[c] + xi[c];
    v = v - xo[c];
    s[c] = v;
    y[c] = v / d;
  }
}

inline void ColSubOut(float* s, const float* xo, float* y, float d, int cols) {
  int c = 0;
#if defined(__SSE2__)
  const __m128 dv = _mm_set1_ps(d);
  for (; c + 4 <= cols; c += 4) {
    __m128 v = _mm_sub_ps(_mm_loadu_ps(s + c), _mm_loadu_ps(xo + c));
    _mm_storeu_ps(s + c, v);
    _mm_storeu_ps(y + c, _mm_div_ps(v, dv));
  }
#endif
  for (; c < cols; ++c) {
    s[c] -= xo[c];
    y[c] = s[c] / d;
  }
}

// Box filter down every column at once: `in`/`out` are `rows` x `cols` row-major. Each
// column has its own running sum, updated in exactly the scalar order; the work across
// columns is independent, so it is done 4 columns per SSE2 operation.
void BoxFilterColumns(const float* in, float* out, int rows, int cols, int w, float* sums) {
  const int half = (w + 2) / 2;
  const int lead = w - half;
  std::fill(sums, sums + cols, 0.0f);
  auto row = [&](int i) { return in + static_cast<size_t>(i) * cols; };
  int count = 0;
  int k = 0;
  for (int i = 0; i < half - 1; ++i) {
    ColAdd(sums, row(i), cols);
    ++count;
  }
  for (int r = 0; r < w - half + 1; ++r, ++k) {
    ++count;
    ColAddOut(sums, row(k + half - 1), out + static_cast<size_t>(k) * cols,
              static_cast<float>(count), cols);
  }
  for (int r = 0; r < rows - w; ++r, ++k) {
    ColSlideOut(sums, row(k + half - 1), row(k - lead - 1), out + static_cast<size_t>(k) * cols,
                static_cast<float>(w), cols);
  }
  for (int r = 0; r < half - 1; ++r, ++k) {
    --count;
    ColSubOut(sums, row(k - lead - 1), out + static_cast<size_t>(k) * cols,
              static_cast<float>(count), cols);
  }
}

#if defined(__SSE2__)
// Box filter along 4*G rows at once: lane r of vector g is row 4g + r. `t` holds the rows
// interleaved (t[4G*i + 4g + r]); outputs go to `y` in the same layout. G independent running
// sums hide the add/sub latency; each lane still performs exactly the scalar sequence.
template <int G>
void BoxFilterRowsInterleaved(const float* t, float* y, int n, int w) {
  constexpr int L = 4 * G;
  const int half = (w + 2) / 2;
  const int lead = w - half;
  __m128 sum[G];
  for (int g = 0; g < G; ++g) sum[g] = _mm_setzero_ps();
  int count = 0;
  int k = 0;
  for (int i = 0; i < half - 1; ++i) {
    for (int g = 0; g < G; ++g) sum[g] = _mm_add_ps(sum[g], _mm_loadu_ps(t + L * i + 4 * g));
    ++count;
  }
  for (int r = 0; r < w - half + 1; ++r, ++k) {
    ++count;
    const __m128 fc = _mm_set1_ps(static_cast<float>(count));
    for (int g = 0; g < G; ++g) {
      sum[g] = _mm_add_ps(sum[g], _mm_loadu_ps(t + L * (k + half - 1) + 4 * g));
      _mm_storeu_ps(y + L * k + 4 * g, _mm_div_ps(sum[g], fc));
    }
  }
  const __m128 fw = _mm_set1_ps(static_cast<float>(w));
  const __m128 inv = _mm_set1_ps(1.0f / static_cast<float>(w));
  const bool pow2 = IsPow2(w);
  for (int r = 0; r < n - w; ++r, ++k) {
    const float* in_p = t + L * (k + half - 1);
    const float* out_p = t + L * (k - lead - 1);
    for (int g = 0; g < G; ++g) {
      sum[g] = _mm_add_ps(sum[g], _mm_loadu_ps(in_p + 4 * g));
      sum[g] = _mm_sub_ps(sum[g], _mm_loadu_ps(out_p + 4 * g));
      _mm_storeu_ps(y + L * k + 4 * g, pow2 ? _mm_mul_ps(sum[g], inv) : _mm_div_ps(sum[g], fw));
    }
  }
  for (int r = 0; r < half - 1; ++r, ++k) {
    --count;
    const __m128 fc = _mm_set1_ps(static_cast<float>(count));
    for (int g = 0; g < G; ++g) {
      sum[g] = _mm_sub_ps(sum[g], _mm_loadu_ps(t + L * (k - lead - 1) + 4 * g));
      _mm_storeu_ps(y + L * k + 4 * g, _mm_div_ps(sum[g], fc));
    }
  }
}

// Filters rows [r, r + 4G) of a rows x cols image (see BoxFilterRowsSimd for `out_cols`).
template <int G>
void FilterRowBlock(const float* in, float* out, int r, int cols, int w, const int* out_cols,
                    int n_out, float* t, float* y) {
  constexpr int L = 4 * G;
  for (int g = 0; g < G; ++g) {
    const float* p0 = in + static_cast<size_t>(r + 4 * g) * cols;
    const float* p1 = p0 + cols;
    const float* p2 = p1 + cols;
    const float* p3 = p2 + cols;
    int c = 0;
    for (; c + 4 <= cols; c += 4) {
      __m128 a = _mm_loadu_ps(p0 + c), b = _mm_loadu_ps(p1 + c);
      __m128 d = _mm_loadu_ps(p2 + c), e = _mm_loadu_ps(p3 + c);
      _MM_TRANSPOSE4_PS(a, b, d, e);
      _mm_storeu_ps(t + L * c + 4 * g, a);
      _mm_storeu_ps(t + L * (c + 1) + 4 * g, b);
      _mm_storeu_ps(t + L * (c + 2) + 4 * g, d);
      _mm_storeu_ps(t + L * (c + 3) + 4 * g, e);
    }
    for (; c < cols; ++c) {
      t[L * c + 4 * g] = p0[c];
      t[L * c + 4 * g + 1] = p1[c];
      t[L * c + 4 * g + 2] = p2[c];
      t[L * c + 4 * g + 3] = p3[c];
    }
  }
  BoxFilterRowsInterleaved<G>(t, y, cols, w);
  if (out_cols != nullptr) {
    for (int q = 0; q < L; ++q) {
      float* o = out + static_cast<size_t>(r + q) * n_out;
      for (int j = 0; j < n_out; ++j) o[j] = y[L * out_cols[j] + q];
    }
    return;
  }
  for (int g = 0; g < G; ++g) {
    float* o0 = out + static_cast<size_t>(r + 4 * g) * cols;
    float* o1 = o0 + cols;
    float* o2 = o1 + cols;
    float* o3 = o2 + cols;
    int c = 0;
    for (; c + 4 <= cols; c += 4) {
      __m128 a = _mm_loadu_ps(y + L * c + 4 * g), b = _mm_loadu_ps(y + L * (c + 1) + 4 * g);
      __m128 d = _mm_loadu_ps(y + L * (c + 2) + 4 * g), e = _mm_loadu_ps(y + L * (c + 3) + 4 * g);
      _MM_TRANSPOSE4_PS(a, b, d, e);
      _mm_storeu_ps(o0 + c, a);
      _mm_storeu_ps(o1 + c, b);
      _mm_storeu_ps(o2 + c, d);
      _mm_storeu_ps(o3 + c, e);
    }
    for (; c < cols; ++c) {
      o0[c] = y[L * c + 4 * g];
      o1[c] = y[L * c + 4 * g + 1];
      o2[c] = y[L * c + 4 * g + 2];
      o3[c] = y[L * c + 4 * g + 3];
    }
  }
}

constexpr int kRowGroups = 4;  // 16 rows per block

// Row pass over a rows x cols image: blocks of 16 and 4 rows through the interleaved SSE2
// kernel, the remainder through the scalar kernel. If `out_cols` is non-null only those
// `n_out` columns are written, to out[row * n_out + j]. `scratch` holds 8 * kRowGroups * cols.
void BoxFilterRowsSimd(const float* in, float* out, int rows, int cols, int w, const int* out_cols,
                       int n_out, float* scratch) {
  float* t = scratch;
  float* y = scratch + 4 * kRowGroups * cols;
  int r = 0;
  for (; r + 4 * kRowGroups <= rows; r += 4 * kRowGroups) {
    FilterRowBlock<kRowGroups>(in, out, r, cols, w, out_cols, n_out, t, y);
  }
  for (; r + 4 <= rows; r += 4) FilterRowBlock<1>(in, out, r, cols, w, out_cols, n_out, t, y);
  for (; r < rows; ++r) {
    const float* p = in + static_cast<size_t>(r) * cols;
    BoxFilter1D(p, 1, y, 1, cols, w);
    if (out_cols != nullptr) {
      for (int j = 0; j < n_out; ++j) out[static_cast<size_t>(r) * n_out + j] = y[out_cols[j]];
    } else {
      std::memcpy(out + static_cast<size_t>(r) * cols, y, sizeof(float) * cols);
    }
  }
}
#endif  // __SSE2__

void DownsampleScalar(const float* luma, int width, int height, float* buf1, float* buf2,
                      float* out64) {
  const int w_row = (width + 127) / 128;
  const int w_col = (height + 127) / 128;
  auto rows = [&](const float* in, float* out) {
    for (int r = 0; r < height; ++r) {
      BoxFilter1D(in + static_cast<size_t>(r) * width, 1, out + static_cast<size_t>(r) * width, 1,
                  width, w_row);
    }
  };
  auto cols = [&](const float* in, float* out) {
    for (int c = 0; c < width; ++c) BoxFilter1D(in + c, width, out + c, width, height, w_col);
  };
  rows(luma, buf1);
  cols(buf1, buf2);
  rows(buf2, buf1);
  cols(buf1, buf2);
  for (int i = 0; i < 64; ++i) {
    const int si = SampleIndex(i, height);
    for (int j = 0; j < 64; ++j) {
      out64[i * 64 + j] = buf2[static_cast<size_t>(si) * width + SampleIndex(j, width)];
    }
  }
}

}  // namespace

bool CpuHasAvx2() {
#if defined(TAMIS_PDQ_HAVE_AVX2)
  static const bool kHas = __builtin_cpu_supports("avx2");
  return kHas;
#else
  return false;
#endif
}

namespace {

PdqIsa BestPdqIsa() {
  if (CpuHasAvx2()) return PdqIsa::kAvx2;
#if defined(__SSE2__)
  return PdqIsa::kSse2;
#else
  return PdqIsa::kScalar;
#endif
}

bool IsaSupported(PdqIsa isa) {
  switch (isa) {
    case PdqIsa::kScalar: return true;
#if defined(__SSE2__)
    case PdqIsa::kSse2: return true;
#endif
    case PdqIsa::kAvx2: return CpuHasAvx2();
    default: return false;
  }
}

PdqIsa EnvPdqIsa() {
  if (const char* e = std::getenv("TAMIS_PDQ_SCALAR"); e != nullptr && e[0] == '1') {
    return PdqIsa::kScalar;
  }
  const char* e = std::getenv("TAMIS_PDQ_ISA");
  if (e == nullptr) return PdqIsa::kAuto;
  const std::string_view v(e);
  if (v == "scalar") return PdqIsa::kScalar;
  if (v == "sse2") return PdqIsa::kSse2;
  if (v == "avx2") return PdqIsa::kAvx2;
  return PdqIsa::kAuto;
}

}  // namespace

PdqIsa ResolvePdqIsa(PdqIsa requested) {
  static const PdqIsa kAuto = [] {
    const PdqIsa env = EnvPdqIsa();
    return env != PdqIsa::kAuto && IsaSupported(env) ? env : BestPdqIsa();
  }();
  if (requested == PdqIsa::kAuto || !IsaSupported(requested)) return kAuto;
  return requested;
}

PdqIsa ActivePdqIsa() { return ResolvePdqIsa(PdqIsa::kAuto); }

void PdqDownsample64(const float* luma, int width, int height, bool scalar, float* buf1,
                     float* buf2, float* out64) {
  PdqDownsample64(luma, width, height, scalar ? PdqIsa::kScalar : PdqIsa::kAuto, buf1, buf2,
                  out64);
}

void PdqDownsample64(const float* luma, int width, int height, PdqIsa isa, float* buf1,
                     float* buf2, float* out64) {
  isa = ResolvePdqIsa(isa);
#if defined(__SSE2__)
  if (isa != PdqIsa::kScalar) {
    const bool avx2 = isa == PdqIsa::kAvx2;
    const int w_row = (width + 127) / 128;
    const int w_col = (height + 127) / 128;
    int cols_idx[64];
    for (int j = 0; j < 64; ++j) cols_idx[j] = SampleIndex(j, width);
    // buf1/buf2 hold max(width, 64) * height floats each; the tail passes use height x 64,
    // scratch: the row kernel's interleaved rows, or the column sums.
    std::vector<float> scratch(static_cast<size_t>(8 * kRowGroups + 1) * width + 64);
    auto rows = [&](const float* in, float* out, const int* out_cols, int n_out) {
#if defined(TAMIS_PDQ_HAVE_AVX2)
      if (avx2) {
        BoxFilterRowsAvx2(in, out, height, width, w_row, out_cols, n_out, scratch.data());
        return;
      }
#endif
      BoxFilterRowsSimd(in, out, height, width, w_row, out_cols, n_out, scratch.data());
    };
    auto cols = [&](const float* in, float* out, int n_cols) {
#if defined(TAMIS_PDQ_HAVE_AVX2)
      if (avx2) {
        BoxFilterColumnsAvx2(in, out, height, n_cols, w_col, scratch.data());
        return;
      }
#endif
      BoxFilterColumns(in, out, height, n_cols, w_col, scratch.data());
    };
    rows(luma, buf1, nullptr, 0);
    cols(buf1, buf2, width);
    // Third pass: full running sums, but only the 64 sampled columns are kept (height x 64).
    rows(buf2, buf1, cols_idx, 64);
    cols(buf1, buf2, 64);
    for (int i = 0; i < 64; ++i) {
      std::memcpy(out64 + i * 64, buf2 + static_cast<size_t>(SampleIndex(i, height)) * 64,
                  sizeof(float) * 64);
    }
    return;
  }
#endif
  DownsampleScalar(luma, width, height, buf1, buf2, out64);
}

}  // namespace detail

namespace {

int Quality(const float* a) {
  int gradient_sum = 0;
  for (int i = 0; i < 63; ++i) {
    for (int j = 0; j < 64; ++j) {
      float u = a[i * 64 + j], v = a[(i + 1) * 64 + j];
      int d = static_cast<int>(((u - v) * 100.0f) / 255.0f);
      gradient_sum += d < 0 ? -d : d;
    }
  }
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 63; ++j) {
      float u = a[i * 64 + j], v = a[i * 64 + j + 1];
      int d = static_cast<int>(((u - v) * 100.0f) / 255.0f);
      gradient_sum += d < 0 ? -d : d;
    }
  }
  return std::min(100, gradient_sum / 90);
}

// B = (D A) D^T with one sequential accumulator per output, vectorisable across j.
void Dct16(const float* a, float* b) {
  const auto& d = detail::PdqDctMatrix();
  float t[16 * 64];
  for (int i = 0; i < 16; ++i) {
    float* ti = t + i * 64;
    for (int j = 0; j < 64; ++j) ti[j] = 0.0f;
    for (int k = 0; k < 64; ++k) {
      const float dik = d[i * 64 + k];
      const float* ak = a + k * 64;
      for (int j = 0; j < 64; ++j) ti[j] = ti[j] + dik * ak[j];
    }
  }
  static const std::array<float, 64 * 16> kDt = [] {
    std::array<float, 64 * 16> m{};
    const auto& dm = detail::PdqDctMatrix();
    for (int j = 0; j < 16; ++j)
      for (int k = 0; k < 64; ++k) m[k * 16 + j] = dm[j * 64 + k];
    return m;
  }();
  for (int i = 0; i < 16; ++i) {
    float* bi = b + i * 16;
    for (int j = 0; j < 16; ++j) bi[j] = 0.0f;
    for (int k = 0; k < 64; ++k) {
      const float tik = t[i * 64 + k];
      const float* dk = kDt.data() + k * 16;
      for (int j = 0; j < 16; ++j) bi[j] = bi[j] + tik * dk[j];
    }
  }
}

PdqIsa OptionsIsa(const PdqOptions& opts) {
  return opts.force_scalar ? PdqIsa::kScalar : opts.isa;
}

}  // namespace

PdqHash PdqHashFromDct(const std::array<float, 256>& coeffs) {
  std::array<float, 256> tmp = coeffs;
  std::nth_element(tmp.begin(), tmp.begin() + 127, tmp.end());
  const float median = tmp[127];
  PdqHash h;
  for (int k = 0; k < 256; ++k) {
    if (coeffs[k] > median) h.SetBit(k);
  }
  return h;
}

std::array<PdqHash, kPdqDihedralCount> PdqDihedralsFromDct(const std::array<float, 256>& b) {
  std::array<PdqHash, kPdqDihedralCount> out;
  std::array<float, 256> v;
  for (int variant = 0; variant < kPdqDihedralCount; ++variant) {
    for (int i = 0; i < 16; ++i) {
      for (int j = 0; j < 16; ++j) {
        float x;
        bool neg;
        switch (static_cast<PdqDihedral>(variant)) {
          case PdqDihedral::kOrig: x = b[i * 16 + j]; neg = false; break;
          case PdqDihedral::kRot90: x = b[j * 16 + i]; neg = (i & 1) == 0; break;
          case PdqDihedral::kRot180: x = b[i * 16 + j]; neg = ((i + j) & 1) != 0; break;
          case PdqDihedral::kRot270: x = b[j * 16 + i]; neg = (j & 1) == 0; break;
          case PdqDihedral::kFlipX: x = b[i * 16 + j]; neg = (i & 1) == 0; break;
          case PdqDihedral::kFlipY: x = b[i * 16 + j]; neg = (j & 1) == 0; break;
          case PdqDihedral::kFlipPlus1: x = b[j * 16 + i]; neg = false; break;
          default: x = b[j * 16 + i]; neg = ((i + j) & 1) != 0; break;
        }
        v[i * 16 + j] = neg ? -x : x;
      }
    }
    out[variant] = PdqHashFromDct(v);
  }
  return out;
}

PdqDct PdqHasher::DctFromLuma(const float* luma, int width, int height,
                              bool allow_64x64_fast_path) {
  PdqDct r;
  if (width < kPdqMinDimension || height < kPdqMinDimension) return r;
  float a[64 * 64];
  if (allow_64x64_fast_path && width == 64 && height == 64) {
    std::memcpy(a, luma, sizeof(a));
  } else {
    Filter(luma, width, height, PdqIsa::kAuto, a);
  }
  r.quality = Quality(a);
  Dct16(a, r.coeffs.data());
  return r;
}

void PdqHasher::Filter(const float* luma, int width, int height, PdqIsa isa, float* out64) {
  const size_t n = static_cast<size_t>(std::max(width, 64)) * height;
  if (buf1_.size() < n) buf1_.resize(n);
  if (buf2_.size() < n) buf2_.resize(n);
  detail::PdqDownsample64(luma, width, height, isa, buf1_.data(), buf2_.data(), out64);
}

PdqResult PdqHasher::HashLuma(const float* luma, int width, int height, const PdqOptions& opts) {
  PdqResult res;
  if (width < kPdqMinDimension || height < kPdqMinDimension) {
    res.has_dihedrals = opts.dihedrals;
    return res;  // all-zero hashes, quality 0
  }
  float a[64 * 64];
  PdqDct dct;
  const bool fast = width == 64 && height == 64;
  if (fast) {
    std::memcpy(a, luma, sizeof(a));
  } else {
    Filter(luma, width, height, OptionsIsa(opts), a);
  }
  dct.quality = Quality(a);
  Dct16(a, dct.coeffs.data());
  res.hash = PdqHashFromDct(dct.coeffs);
  res.quality = dct.quality;
  if (opts.dihedrals) {
    if (fast) {
      // The reference's dihedral entry point filters even at 64x64 (window 1).
      Filter(luma, width, height, OptionsIsa(opts), a);
      dct.quality = Quality(a);
      Dct16(a, dct.coeffs.data());
    }
    res.has_dihedrals = true;
    res.dihedrals = PdqDihedralsFromDct(dct.coeffs);
    res.dihedral_quality = dct.quality;
  }
  return res;
}

Status PdqHasher::ComputeLuma(const PixelView& px, bool squash, std::vector<float>* out,
                              int* out_w, int* out_h) {
  return ComputeLumaIsa(px, squash, PdqIsa::kAuto, out, out_w, out_h);
}

Status PdqHasher::ComputeLumaIsa(const PixelView& px, bool squash, PdqIsa isa,
                                 std::vector<float>* out, int* out_w, int* out_h) {
  [[maybe_unused]] const bool avx2 = detail::ResolvePdqIsa(isa) == PdqIsa::kAvx2;
  if (px.data == nullptr || px.width <= 0 || px.height <= 0) {
    return InvalidArgument("PDQ: empty pixel view");
  }
  if (px.channels != 1 && px.channels != 3 && px.channels != 4) {
    return InvalidArgument("PDQ: unsupported channel count " + std::to_string(px.channels));
  }
  const size_t stride = px.stride ? px.stride : static_cast<size_t>(px.width) * px.channels;
  const bool do_squash = squash && (px.width > kPdqSquashSide || px.height > kPdqSquashSide);
  const int ow = do_squash ? kPdqSquashSide : px.width;
  const int oh = do_squash ? kPdqSquashSide : px.height;
  if (static_cast<uint64_t>(ow) * oh > (uint64_t{1} << 31)) {
    return InvalidArgument("PDQ: image too large");
  }
  out->resize(static_cast<size_t>(ow) * oh);
  const int ch = px.channels;
  int col_idx[kPdqSquashSide];
  if (do_squash) {
    for (int x = 0; x < ow; ++x) {
      col_idx[x] = static_cast<int>((static_cast<int64_t>(x) * px.width) / kPdqSquashSide);
    }
  }
  // Y = (0.299f*R + 0.587f*G) + 0.114f*B in float. Each product of a float constant and a
  // byte value is precomputed once (the same rounded float), so the per-pixel work is the two
  // additions in the reference order: identical bits, no int->float conversion per pixel.
  static const std::array<std::array<float, 256>, 4> kTab = [] {
    std::array<std::array<float, 256>, 4> t{};
    volatile float kr = 0.299f, kg = 0.587f, kb = 0.114f;  // no constant folding surprises
    for (int v = 0; v < 256; ++v) {
      const float f = static_cast<float>(v);
      t[0][v] = kr * f;
      t[1][v] = kg * f;
      t[2][v] = kb * f;
      t[3][v] = f;
    }
    return t;
  }();
  const float* tr = kTab[0].data();
  const float* tg = kTab[1].data();
  const float* tb = kTab[2].data();
  const float* tv = kTab[3].data();
  for (int y = 0; y < oh; ++y) {
    const int sy =
        do_squash ? static_cast<int>((static_cast<int64_t>(y) * px.height) / kPdqSquashSide) : y;
    const uint8_t* row = px.data + static_cast<size_t>(sy) * stride;
    float* o = out->data() + static_cast<size_t>(y) * ow;
#if defined(TAMIS_PDQ_HAVE_AVX2)
    if (avx2 && !do_squash && ch != 4) {
      if (ch == 1) {
        detail::LumaGrayAvx2(row, ow, o);
      } else {
        detail::LumaRgbAvx2(row, ow, o);
      }
      continue;
    }
#endif
    if (ch == 1) {
      if (do_squash) {
        for (int x = 0; x < ow; ++x) o[x] = tv[row[col_idx[x]]];
      } else {
        for (int x = 0; x < ow; ++x) o[x] = tv[row[x]];
      }
    } else if (do_squash) {
      for (int x = 0; x < ow; ++x) {
        const uint8_t* p = row + static_cast<size_t>(col_idx[x]) * ch;
        o[x] = (tr[p[0]] + tg[p[1]]) + tb[p[2]];
      }
    } else {
      for (int x = 0; x < ow; ++x) {
        const uint8_t* p = row + static_cast<size_t>(x) * ch;
        o[x] = (tr[p[0]] + tg[p[1]]) + tb[p[2]];
      }
    }
  }
  *out_w = ow;
  *out_h = oh;
  return Status::Ok();
}

Result<PdqResult> PdqHasher::HashPixels(const PixelView& px, const PdqOptions& opts) {
  int w = 0, h = 0;
  TAMIS_RETURN_IF_ERROR(
      ComputeLumaIsa(px, opts.file_level_squash, OptionsIsa(opts), &luma_, &w, &h));
  return HashLuma(luma_.data(), w, h, opts);
}

}  // namespace tamis::media
