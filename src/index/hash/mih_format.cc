#include "index/hash/mih_format.h"

#include <sys/mman.h>

#include <cstring>
#include <string>

namespace tamis::index::hash::detail {

MihLayout LayoutFor(uint64_t count, uint32_t id_bytes) {
  MihLayout l;
  l.hashes_offset = sizeof(FileHeader);
  l.offsets_offset = l.hashes_offset + static_cast<size_t>(count) * 32;
  l.ids_offset = l.offsets_offset + 16 * (kMihBuckets + 1) * sizeof(uint32_t);
  const size_t ids_end = l.ids_offset + 16 * static_cast<size_t>(count) * id_bytes;
  l.total_bytes = (ids_end + 1 + 7) & ~size_t{7};
  return l;
}

namespace {
constexpr uint64_t kP1 = 0x9E3779B185EBCA87ull;
constexpr uint64_t kP2 = 0xC2B2AE3D27D4EB4Full;
inline uint64_t Round(uint64_t acc, uint64_t w) { return std::rotl(acc + w * kP2, 31) * kP1; }
inline uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
}  // namespace

uint64_t PayloadChecksum(const uint8_t* data, size_t size) {
  uint64_t a = kP1 + kP2, b = kP2, c = 0, d = 0 - kP1;
  size_t i = 0;
  for (; i + 32 <= size; i += 32) {
    a = Round(a, Load64(data + i));
    b = Round(b, Load64(data + i + 8));
    c = Round(c, Load64(data + i + 16));
    d = Round(d, Load64(data + i + 24));
  }
  uint64_t h = std::rotl(a, 1) + std::rotl(b, 7) + std::rotl(c, 12) + std::rotl(d, 18);
  for (; i + 8 <= size; i += 8) h = Round(h, Load64(data + i));
  uint64_t tail = 0;
  for (size_t k = 0; i < size; ++i, ++k) tail |= uint64_t{data[i]} << (8 * k);
  h = Round(h, tail) ^ size;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  return h;
}

Result<std::shared_ptr<uint8_t>> AllocateBuffer(size_t size, bool huge_pages) {
  if (size == 0) size = 1;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    return ResourceExhausted("cannot map " + std::to_string(size) + " bytes for the hash index");
  }
#ifdef MADV_HUGEPAGE
  if (huge_pages) madvise(p, size, MADV_HUGEPAGE);
#endif
  return std::shared_ptr<uint8_t>(static_cast<uint8_t*>(p),
                                  [size](uint8_t* q) { munmap(q, size); });
}

}  // namespace tamis::index::hash::detail
