// Internal: the MihIndex byte layout shared by memory and disk, and its helpers.
//
// Layout (little-endian, every field naturally aligned):
//   [0, 64)            FileHeader
//   hashes             count x 32 bytes (Hash256 words, words[0] first)
//   offsets            16 slots x 65,537 uint32: bucket v of slot s is
//                      ids[s][offsets[s][v] .. offsets[s][v+1])
//   ids                16 slots x count ids of id_bytes each (little-endian; 3 bytes when
//                      count <= 16,777,215, else 4), ascending within a bucket
//   padding            zero bytes up to a multiple of 8 (at least 1 byte, so a 4-byte
//                      load of the last 3-byte id stays in bounds)
// The checksum covers every byte after the header.
// Version history: 1 = 4-byte ids, no padding; 2 = id_bytes in the header, padding;
// 3 = hashes in the core Hash256 word order (words[0] = bits 0..63), slot k = Word16(k).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/status.h"

namespace tamis::index::hash::detail {

static_assert(std::endian::native == std::endian::little, "MIH file layout is little-endian");

inline constexpr char kMihMagic[8] = {'T', 'A', 'M', 'I', 'S', 'M', 'I', 'H'};
inline constexpr uint32_t kMihVersion = 3;
// Largest count that uses 3-byte ids.
inline constexpr uint64_t kMaxCount24 = 0xFFFFFF;
inline constexpr size_t kMihBuckets = 65536;

struct FileHeader {
  char magic[8];
  uint32_t version;
  uint32_t header_size;    // sizeof(FileHeader)
  uint64_t count;          // number of hashes
  uint32_t num_slots;      // 16
  uint32_t slot_bits;      // 16
  uint64_t payload_bytes;  // file size - header_size
  uint64_t checksum;       // PayloadChecksum of the payload (0 in memory until Save)
  uint32_t id_bytes;       // 3 or 4 (IdBytesFor(count) when written by Build)
  uint32_t reserved0;
  uint64_t reserved1;
};
static_assert(sizeof(FileHeader) == 64);

struct MihLayout {
  size_t hashes_offset;
  size_t offsets_offset;
  size_t ids_offset;
  size_t total_bytes;
};
// 3 for count <= kMaxCount24, else 4.
inline uint32_t IdBytesFor(uint64_t count) { return count <= kMaxCount24 ? 3 : 4; }

// Valid for count <= 2^32 and id_bytes in {3, 4} (no overflow in 64-bit size_t).
MihLayout LayoutFor(uint64_t count, uint32_t id_bytes);
inline MihLayout LayoutFor(uint64_t count) { return LayoutFor(count, IdBytesFor(count)); }

// Reads id `i` of a packed id array (3 or 4 bytes per id). 3-byte reads load 4 bytes,
// which the layout's padding keeps in bounds.
template <uint32_t kIdBytes>
inline uint32_t LoadId(const uint8_t* ids, size_t i) {
  uint32_t v;
  __builtin_memcpy(&v, ids + kIdBytes * i, 4);
  if constexpr (kIdBytes == 3) v &= 0xFFFFFFu;
  return v;
}
inline uint32_t LoadId(const uint8_t* ids, uint32_t id_bytes, size_t i) {
  return id_bytes == 3 ? LoadId<3>(ids, i) : LoadId<4>(ids, i);
}

// Fast non-cryptographic 64-bit checksum (4 independent multiply-rotate lanes).
uint64_t PayloadChecksum(const uint8_t* data, size_t size);

// Zero-filled anonymous memory of `size` bytes (page-aligned), with an optional
// MADV_HUGEPAGE hint. Error: kResourceExhausted.
Result<std::shared_ptr<uint8_t>> AllocateBuffer(size_t size, bool huge_pages);

}  // namespace tamis::index::hash::detail
