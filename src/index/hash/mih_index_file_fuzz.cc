// libFuzzer target: MihIndex::FromBytes on arbitrary bytes must return a Status or a
// usable index, never crash. A small seed-friendly header prefix is synthesised half
// the time so the fuzzer reaches the structure checks behind the size check.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "index/hash/mih_format.h"
#include "index/hash/mih_index.h"

using namespace tamis::index::hash;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (size > 0 && (data[0] & 1)) {
    // Make a structurally plausible file: valid header for a small count, payload from
    // the input (zero-padded), so offsets/ids validation is exercised.
    const uint64_t count = size > 1 ? data[1] % 8 : 0;
    const auto layout = detail::LayoutFor(count);
    std::string file(layout.total_bytes, '\0');
    detail::FileHeader h{};
    std::memcpy(h.magic, detail::kMihMagic, 8);
    h.version = detail::kMihVersion;
    h.header_size = sizeof h;
    h.count = count;
    h.num_slots = 16;
    h.slot_bits = 16;
    h.payload_bytes = layout.total_bytes - sizeof h;
    h.id_bytes = detail::IdBytesFor(count);
    std::memcpy(file.data(), &h, sizeof h);
    // Scatter input bytes over hashes, the first offsets and the ids.
    for (size_t i = 2; i < size; ++i) {
      const size_t pos = sizeof h + (i * 2654435761u) % (layout.total_bytes - sizeof h);
      file[pos] = static_cast<char>(data[i]);
    }
    bytes = std::move(file);
  }
  MihLoadOptions opts;
  opts.verify_checksum = false;
  opts.verify_postings = (size % 2) == 0;
  auto index = MihIndex::FromBytes(bytes, opts);
  if (index.ok() && index->size() > 0) {
    Hash256 q{};
    (void)index->Search(q, 31);
    (void)index->Search(index->hashes()[0], 47);
    // The batch join (8+ queries) reads the same postings by another path.
    std::vector<Hash256> qs(8, index->hashes()[0]);
    qs[1] = q;
    (void)index->SearchBatch(qs, 31);
  }
  return 0;
}
