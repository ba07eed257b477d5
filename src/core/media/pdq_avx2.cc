// AVX2 PDQ kernels. Compiled with -mavx2 only (no FMA: products and sums stay separately
// rounded, as in the scalar reference). Each vector lane is one independent row or column and
// performs exactly the scalar sequence of float operations; nothing is reassociated.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "core/media/pdq_kernels.h"

namespace tamis::media::detail {
namespace {

// Division by the full window: a power-of-two window is a multiplication by its exact
// reciprocal, which rounds the same real quotient (IEEE: identical result, subnormals too).
struct WindowDivisor {
  explicit WindowDivisor(int w)
      : pow2((w & (w - 1)) == 0),
        d(_mm256_set1_ps(static_cast<float>(w))),
        inv(_mm256_set1_ps(1.0f / static_cast<float>(w))) {}
  __m256 Apply(__m256 v) const { return pow2 ? _mm256_mul_ps(v, inv) : _mm256_div_ps(v, d); }
  bool pow2;
  __m256 d, inv;
};

inline void Transpose8x8(__m256& r0, __m256& r1, __m256& r2, __m256& r3, __m256& r4, __m256& r5,
                         __m256& r6, __m256& r7) {
  __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
  __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
  __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
  __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
  __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r0 = _mm256_permute2f128_ps(s0, s4, 0x20);
  r1 = _mm256_permute2f128_ps(s1, s5, 0x20);
  r2 = _mm256_permute2f128_ps(s2, s6, 0x20);
  r3 = _mm256_permute2f128_ps(s3, s7, 0x20);
  r4 = _mm256_permute2f128_ps(s0, s4, 0x31);
  r5 = _mm256_permute2f128_ps(s1, s5, 0x31);
  r6 = _mm256_permute2f128_ps(s2, s6, 0x31);
  r7 = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// Box filter along 8*G rows at once: lane r of vector g is row 8g + r; `t` holds the rows
// interleaved (t[8G*i + 8g + r]) and `y` receives the outputs in the same layout.
template <int G>
void RowsInterleaved(const float* t, float* y, int n, int w) {
  constexpr int L = 8 * G;
  const int half = (w + 2) / 2;
  const int lead = w - half;
  __m256 sum[G];
  for (int g = 0; g < G; ++g) sum[g] = _mm256_setzero_ps();
  int count = 0;
  int k = 0;
  for (int i = 0; i < half - 1; ++i) {
    for (int g = 0; g < G; ++g) sum[g] = _mm256_add_ps(sum[g], _mm256_loadu_ps(t + L * i + 8 * g));
    ++count;
  }
  for (int r = 0; r < w - half + 1; ++r, ++k) {
    ++count;
    const __m256 fc = _mm256_set1_ps(static_cast<float>(count));
    for (int g = 0; g < G; ++g) {
      sum[g] = _mm256_add_ps(sum[g], _mm256_loadu_ps(t + L * (k + half - 1) + 8 * g));
      _mm256_storeu_ps(y + L * k + 8 * g, _mm256_div_ps(sum[g], fc));
    }
  }
  const WindowDivisor div(w);
  for (int r = 0; r < n - w; ++r, ++k) {
    const float* in_p = t + L * (k + half - 1);
    const float* out_p = t + L * (k - lead - 1);
    for (int g = 0; g < G; ++g) {
      sum[g] = _mm256_add_ps(sum[g], _mm256_loadu_ps(in_p + 8 * g));
      sum[g] = _mm256_sub_ps(sum[g], _mm256_loadu_ps(out_p + 8 * g));
      _mm256_storeu_ps(y + L * k + 8 * g, div.Apply(sum[g]));
    }
  }
  for (int r = 0; r < half - 1; ++r, ++k) {
    --count;
    const __m256 fc = _mm256_set1_ps(static_cast<float>(count));
    for (int g = 0; g < G; ++g) {
      sum[g] = _mm256_sub_ps(sum[g], _mm256_loadu_ps(t + L * (k - lead - 1) + 8 * g));
      _mm256_storeu_ps(y + L * k + 8 * g, _mm256_div_ps(sum[g], fc));
    }
  }
}

// Filters rows [r, r + 8G) of a rows x cols image.
template <int G>
void RowBlock(const float* in, float* out, int r, int cols, int w, const int* out_cols, int n_out,
              float* t, float* y) {
  constexpr int L = 8 * G;
  for (int g = 0; g < G; ++g) {
    const float* p[8];
    for (int q = 0; q < 8; ++q) p[q] = in + static_cast<size_t>(r + 8 * g + q) * cols;
    int c = 0;
    for (; c + 8 <= cols; c += 8) {
      __m256 a0 = _mm256_loadu_ps(p[0] + c), a1 = _mm256_loadu_ps(p[1] + c);
      __m256 a2 = _mm256_loadu_ps(p[2] + c), a3 = _mm256_loadu_ps(p[3] + c);
      __m256 a4 = _mm256_loadu_ps(p[4] + c), a5 = _mm256_loadu_ps(p[5] + c);
      __m256 a6 = _mm256_loadu_ps(p[6] + c), a7 = _mm256_loadu_ps(p[7] + c);
      Transpose8x8(a0, a1, a2, a3, a4, a5, a6, a7);
      float* d = t + L * c + 8 * g;
      _mm256_storeu_ps(d, a0);
      _mm256_storeu_ps(d + L, a1);
      _mm256_storeu_ps(d + 2 * L, a2);
      _mm256_storeu_ps(d + 3 * L, a3);
      _mm256_storeu_ps(d + 4 * L, a4);
      _mm256_storeu_ps(d + 5 * L, a5);
      _mm256_storeu_ps(d + 6 * L, a6);
      _mm256_storeu_ps(d + 7 * L, a7);
    }
    for (; c < cols; ++c) {
      for (int q = 0; q < 8; ++q) t[L * c + 8 * g + q] = p[q][c];
    }
  }
  RowsInterleaved<G>(t, y, cols, w);
  if (out_cols != nullptr) {
    for (int q = 0; q < L; ++q) {
      float* o = out + static_cast<size_t>(r + q) * n_out;
      for (int j = 0; j < n_out; ++j) o[j] = y[L * out_cols[j] + q];
    }
    return;
  }
  for (int g = 0; g < G; ++g) {
    float* o[8];
    for (int q = 0; q < 8; ++q) o[q] = out + static_cast<size_t>(r + 8 * g + q) * cols;
    int c = 0;
    for (; c + 8 <= cols; c += 8) {
      const float* s = y + L * c + 8 * g;
      __m256 a0 = _mm256_loadu_ps(s), a1 = _mm256_loadu_ps(s + L);
      __m256 a2 = _mm256_loadu_ps(s + 2 * L), a3 = _mm256_loadu_ps(s + 3 * L);
      __m256 a4 = _mm256_loadu_ps(s + 4 * L), a5 = _mm256_loadu_ps(s + 5 * L);
      __m256 a6 = _mm256_loadu_ps(s + 6 * L), a7 = _mm256_loadu_ps(s + 7 * L);
      Transpose8x8(a0, a1, a2, a3, a4, a5, a6, a7);
      _mm256_storeu_ps(o[0] + c, a0);
      _mm256_storeu_ps(o[1] + c, a1);
      _mm256_storeu_ps(o[2] + c, a2);
      _mm256_storeu_ps(o[3] + c, a3);
      _mm256_storeu_ps(o[4] + c, a4);
      _mm256_storeu_ps(o[5] + c, a5);
      _mm256_storeu_ps(o[6] + c, a6);
      _mm256_storeu_ps(o[7] + c, a7);
    }
    for (; c < cols; ++c) {
      for (int q = 0; q < 8; ++q) o[q][c] = y[L * c + 8 * g + q];
    }
  }
}

}  // namespace

void BoxFilterRowsAvx2(const float* in, float* out, int rows, int cols, int w, const int* out_cols,
                       int n_out, float* scratch) {
  constexpr int kGroups = 2;  // 16 rows per block
  float* t = scratch;
  float* y = scratch + 8 * kGroups * static_cast<size_t>(cols);
  int r = 0;
  for (; r + 8 * kGroups <= rows; r += 8 * kGroups) {
    RowBlock<kGroups>(in, out, r, cols, w, out_cols, n_out, t, y);
  }
  for (; r + 8 <= rows; r += 8) RowBlock<1>(in, out, r, cols, w, out_cols, n_out, t, y);
  for (; r < rows; ++r) {
    BoxFilter1D(in + static_cast<size_t>(r) * cols, 1, y, 1, cols, w);
    if (out_cols != nullptr) {
      for (int j = 0; j < n_out; ++j) out[static_cast<size_t>(r) * n_out + j] = y[out_cols[j]];
    } else {
      std::memcpy(out + static_cast<size_t>(r) * cols, y, sizeof(float) * cols);
    }
  }
}

void BoxFilterColumnsAvx2(const float* in, float* out, int rows, int cols, int w, float* sums) {
  const int half = (w + 2) / 2;
  const int lead = w - half;
  const WindowDivisor div(w);
  const int vec_cols = cols - cols % 8;
  // Vector part: 8 columns per lane group; the scalar tail uses the reference kernel.
  for (int c0 = 0; c0 < vec_cols; c0 += 64) {
    const int nc = std::min(64, vec_cols - c0);  // strip of up to 8 vectors kept in registers
    __m256 s[8];
    const int nv = nc / 8;
    for (int v = 0; v < nv; ++v) s[v] = _mm256_setzero_ps();
    auto row = [&](int i) { return in + static_cast<size_t>(i) * cols + c0; };
    auto orow = [&](int i) { return out + static_cast<size_t>(i) * cols + c0; };
    int count = 0;
    int k = 0;
    for (int i = 0; i < half - 1; ++i) {
      for (int v = 0; v < nv; ++v) s[v] = _mm256_add_ps(s[v], _mm256_loadu_ps(row(i) + 8 * v));
      ++count;
    }
    for (int r = 0; r < w - half + 1; ++r, ++k) {
      ++count;
      const __m256 fc = _mm256_set1_ps(static_cast<float>(count));
      for (int v = 0; v < nv; ++v) {
        s[v] = _mm256_add_ps(s[v], _mm256_loadu_ps(row(k + half - 1) + 8 * v));
        _mm256_storeu_ps(orow(k) + 8 * v, _mm256_div_ps(s[v], fc));
      }
    }
    for (int r = 0; r < rows - w; ++r, ++k) {
      const float* pi = row(k + half - 1);
      const float* po = row(k - lead - 1);
      float* py = orow(k);
      for (int v = 0; v < nv; ++v) {
        s[v] = _mm256_add_ps(s[v], _mm256_loadu_ps(pi + 8 * v));
        s[v] = _mm256_sub_ps(s[v], _mm256_loadu_ps(po + 8 * v));
        _mm256_storeu_ps(py + 8 * v, div.Apply(s[v]));
      }
    }
    for (int r = 0; r < half - 1; ++r, ++k) {
      --count;
      const __m256 fc = _mm256_set1_ps(static_cast<float>(count));
      for (int v = 0; v < nv; ++v) {
        s[v] = _mm256_sub_ps(s[v], _mm256_loadu_ps(row(k - lead - 1) + 8 * v));
        _mm256_storeu_ps(orow(k) + 8 * v, _mm256_div_ps(s[v], fc));
      }
    }
  }
  (void)sums;
  for (int c = vec_cols; c < cols; ++c) BoxFilter1D(in + c, cols, out + c, cols, rows, w);
}

void LumaRgbAvx2(const uint8_t* rgb, int n, float* out) {
  const __m128i r_lo = _mm_setr_epi8(0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i r_hi = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, 2, 5, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i g_lo = _mm_setr_epi8(1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i g_hi = _mm_setr_epi8(-1, -1, -1, -1, -1, 0, 3, 6, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i b_lo = _mm_setr_epi8(2, 5, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i b_hi = _mm_setr_epi8(-1, -1, -1, -1, -1, 1, 4, 7, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m256 kr = _mm256_set1_ps(0.299f), kg = _mm256_set1_ps(0.587f),
               kb = _mm256_set1_ps(0.114f);
  int x = 0;
  for (; x + 8 <= n; x += 8) {
    const uint8_t* p = rgb + 3 * static_cast<size_t>(x);
    const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hi = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 16));
    const __m128i r8 = _mm_or_si128(_mm_shuffle_epi8(lo, r_lo), _mm_shuffle_epi8(hi, r_hi));
    const __m128i g8 = _mm_or_si128(_mm_shuffle_epi8(lo, g_lo), _mm_shuffle_epi8(hi, g_hi));
    const __m128i b8 = _mm_or_si128(_mm_shuffle_epi8(lo, b_lo), _mm_shuffle_epi8(hi, b_hi));
    const __m256 r = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(r8));
    const __m256 g = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(g8));
    const __m256 b = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(b8));
    __m256 y = _mm256_add_ps(_mm256_mul_ps(kr, r), _mm256_mul_ps(kg, g));
    y = _mm256_add_ps(y, _mm256_mul_ps(kb, b));
    _mm256_storeu_ps(out + x, y);
  }
  for (; x < n; ++x) {
    const uint8_t* p = rgb + 3 * static_cast<size_t>(x);
    const float r = 0.299f * static_cast<float>(p[0]);
    const float g = 0.587f * static_cast<float>(p[1]);
    const float b = 0.114f * static_cast<float>(p[2]);
    out[x] = (r + g) + b;
  }
}

void LumaGrayAvx2(const uint8_t* gray, int n, float* out) {
  int x = 0;
  for (; x + 8 <= n; x += 8) {
    const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(gray + x));
    _mm256_storeu_ps(out + x, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(v)));
  }
  for (; x < n; ++x) out[x] = static_cast<float>(gray[x]);
}

}  // namespace tamis::media::detail
