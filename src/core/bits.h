// Bit counting without the library call: GCC and Clang compile std::popcount to a call into
// libgcc unless the target has POPCNT (-mpopcnt), which the Debian baseline does not assume.
#pragma once

#include <cstdint>

namespace tamis {

// Bits set in x (SWAR: a dozen instructions, inlined).
inline int Popcount32(uint32_t x) {
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  return static_cast<int>((((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
}

}  // namespace tamis
