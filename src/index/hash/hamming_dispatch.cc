// Run-time selection of the Hamming kernels (cpuid + $TAMIS_SIMD).
#include <cstdlib>
#include <string>

#include "core/strings.h"
#include "index/hash/hamming_kernels_internal.h"

namespace tamis::index::hash {

std::string_view SimdLevelName(SimdLevel level) {
  switch (level) {
    case SimdLevel::kScalar: return "scalar";
    case SimdLevel::kAvx2: return "avx2";
    case SimdLevel::kAvx512: return "avx512";
  }
  return "unknown";
}

bool SimdLevelAvailable(SimdLevel level) {
  switch (level) {
    case SimdLevel::kScalar: return true;
#if defined(TAMIS_HASH_X86_KERNELS)
    case SimdLevel::kAvx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    case SimdLevel::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq") &&
             __builtin_cpu_supports("popcnt");
#endif
    default: return false;
  }
}

SimdLevel BestSimdLevel() {
  if (SimdLevelAvailable(SimdLevel::kAvx512)) return SimdLevel::kAvx512;
  if (SimdLevelAvailable(SimdLevel::kAvx2)) return SimdLevel::kAvx2;
  return SimdLevel::kScalar;
}

const HammingKernels* KernelsFor(SimdLevel level) {
  if (!SimdLevelAvailable(level)) return nullptr;
  switch (level) {
    case SimdLevel::kScalar: return &detail::kScalarKernels;
#if defined(TAMIS_HASH_X86_KERNELS)
    case SimdLevel::kAvx2: return &detail::kAvx2Kernels;
    case SimdLevel::kAvx512: return &detail::kAvx512Kernels;
#endif
    default: return nullptr;
  }
}

Result<SimdChoice> ParseSimdChoice(std::string_view name) {
  const std::string n = AsciiLower(Trim(name));
  if (n.empty() || n == "auto") return SimdChoice::kAuto;
  if (n == "scalar") return SimdChoice::kScalar;
  if (n == "avx2") return SimdChoice::kAvx2;
  if (n == "avx512") return SimdChoice::kAvx512;
  return InvalidArgument("unknown SIMD level '" + std::string(name) +
                         "' (expected scalar, avx2, avx512 or auto)");
}

Result<const HammingKernels*> SelectKernels(SimdChoice choice) {
  if (choice == SimdChoice::kAuto) {
    if (const char* env = std::getenv("TAMIS_SIMD"); env != nullptr) {
      auto parsed = ParseSimdChoice(env);
      if (!parsed.ok()) return parsed.status().WithContext("TAMIS_SIMD");
      choice = *parsed;
    }
  }
  SimdLevel level = BestSimdLevel();
  switch (choice) {
    case SimdChoice::kAuto: break;
    case SimdChoice::kScalar: level = SimdLevel::kScalar; break;
    case SimdChoice::kAvx2: level = SimdLevel::kAvx2; break;
    case SimdChoice::kAvx512: level = SimdLevel::kAvx512; break;
  }
  const HammingKernels* k = KernelsFor(level);
  if (k == nullptr) {
    return FailedPrecondition("SIMD level " + std::string(SimdLevelName(level)) +
                              " is not available on this CPU or in this build");
  }
  return k;
}

}  // namespace tamis::index::hash
