// Internal: the PDQ SIMD kernels and their run-time dispatch (not part of the public API).
// Every kernel performs, per output lane, exactly the float operations of the scalar reference
// (detail::BoxFilter1D and the luma formula of pdq.cc), so results are bit-identical; tests in
// pdq_test.cc force each instruction set and compare against the scalar path.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/media/pdq.h"

namespace tamis::media::detail {

// The instruction set to use for `requested` on this CPU: kAuto becomes the best available
// one (AVX2 if the CPU has it, else SSE2), overridden by the environment variable
// TAMIS_PDQ_ISA=scalar|sse2|avx2 (or TAMIS_PDQ_SCALAR=1); an explicit request the CPU
// cannot run falls back to the best available one. Thread-safe.
PdqIsa ResolvePdqIsa(PdqIsa requested);

// True if this CPU (and build) can run AVX2 kernels.
bool CpuHasAvx2();

// AVX2 kernels (pdq_avx2.cc, compiled with -mavx2 and without FMA). Call only if CpuHasAvx2().
// Box filter down every column of a rows x cols image; `sums` holds cols floats.
void BoxFilterColumnsAvx2(const float* in, float* out, int rows, int cols, int w, float* sums);
// Box filter along every row; if `out_cols` is non-null only those n_out columns are written,
// to out[row * n_out + j]. `scratch` holds 32 * cols floats.
void BoxFilterRowsAvx2(const float* in, float* out, int rows, int cols, int w, const int* out_cols,
                       int n_out, float* scratch);
// Float luma of n interleaved RGB pixels: (0.299f*R + 0.587f*G) + 0.114f*B.
void LumaRgbAvx2(const uint8_t* rgb, int n, float* out);
// Grey bytes to float.
void LumaGrayAvx2(const uint8_t* gray, int n, float* out);

}  // namespace tamis::media::detail
