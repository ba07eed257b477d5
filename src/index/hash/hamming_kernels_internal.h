// Kernel tables defined in the per-ISA translation units. Internal to index/hash.
#pragma once

#include "index/hash/hamming_kernels.h"

namespace tamis::index::hash::detail {

extern const HammingKernels kScalarKernels;
#if defined(TAMIS_HASH_X86_KERNELS)
extern const HammingKernels kAvx2Kernels;
extern const HammingKernels kAvx512Kernels;
#endif

}  // namespace tamis::index::hash::detail
