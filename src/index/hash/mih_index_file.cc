// MihIndex on disk: Save (atomic write), Load (mmap), FromBytes, and the validation
// that makes any malformed input an error instead of an out-of-bounds read.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "index/hash/mih_format.h"
#include "index/hash/mih_index.h"

namespace tamis::index::hash {
namespace {

using detail::FileHeader;
using detail::kMihBuckets;

std::string Errno(const std::string& what, const std::filesystem::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

Status ValidateHeader(const FileHeader& h, size_t size) {
  if (std::memcmp(h.magic, detail::kMihMagic, sizeof h.magic) != 0) {
    return DataLoss("not a Tamis MIH index (bad magic)");
  }
  if (h.version != detail::kMihVersion) {
    return DataLoss("unsupported MIH index version " + std::to_string(h.version));
  }
  if (h.header_size != sizeof(FileHeader)) {
    return DataLoss("bad header_size " + std::to_string(h.header_size));
  }
  if (h.num_slots != MihIndex::kSlots || h.slot_bits != MihIndex::kSlotBits) {
    return DataLoss("unsupported slot layout " + std::to_string(h.num_slots) + "x" +
                    std::to_string(h.slot_bits));
  }
  if (h.count > MihIndex::kMaxHashes) return DataLoss("bad count " + std::to_string(h.count));
  if (h.id_bytes != 4 && !(h.id_bytes == 3 && h.count <= detail::kMaxCount24)) {
    return DataLoss("bad id_bytes " + std::to_string(h.id_bytes) + " for count " +
                    std::to_string(h.count));
  }
  const size_t want = detail::LayoutFor(h.count, h.id_bytes).total_bytes;
  if (size != want) {
    return DataLoss("size mismatch: count " + std::to_string(h.count) + " needs " +
                    std::to_string(want) + " bytes, have " + std::to_string(size) +
                    (size < want ? " (truncated)" : ""));
  }
  if (h.payload_bytes != size - sizeof(FileHeader)) return DataLoss("bad payload_bytes");
  return Status::Ok();
}

Status ValidateStructure(const uint32_t* offsets, const uint8_t* ids, uint32_t id_bytes,
                         uint64_t n) {
  for (int s = 0; s < MihIndex::kSlots; ++s) {
    const uint32_t* off = offsets + s * (kMihBuckets + 1);
    if (off[0] != 0 || off[kMihBuckets] != n) {
      return DataLoss("slot " + std::to_string(s) + ": offsets do not span the " +
                      std::to_string(n) + " ids");
    }
    for (size_t v = 0; v < kMihBuckets; ++v) {
      if (off[v] > off[v + 1]) {
        return DataLoss("slot " + std::to_string(s) + ": offsets decrease at bucket " +
                        std::to_string(v));
      }
    }
    const uint8_t* slot_ids = ids + s * n * id_bytes;
    for (uint64_t i = 0; i < n; ++i) {
      const uint32_t id = detail::LoadId(slot_ids, id_bytes, i);
      if (id >= n) {
        return DataLoss("slot " + std::to_string(s) + ": id " + std::to_string(id) +
                        " out of range");
      }
    }
  }
  return Status::Ok();
}

Status ValidatePostings(const Hash256* hashes, const uint32_t* offsets, const uint8_t* ids,
                        uint32_t id_bytes, uint64_t n) {
  for (int s = 0; s < MihIndex::kSlots; ++s) {
    const uint32_t* off = offsets + s * (kMihBuckets + 1);
    const uint8_t* slot_ids = ids + s * n * id_bytes;
    for (size_t v = 0; v < kMihBuckets; ++v) {
      for (uint32_t i = off[v]; i < off[v + 1]; ++i) {
        const uint32_t id = detail::LoadId(slot_ids, id_bytes, i);
        if (hashes[id].Word16(s) != v) {
          return DataLoss("slot " + std::to_string(s) + ": id " + std::to_string(id) +
                          " in the wrong bucket");
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<MihIndex> MihIndex::FromBuffer(std::shared_ptr<const void> owner, const uint8_t* data,
                                      size_t size, const MihLoadOptions& options) {
  if (size < sizeof(FileHeader)) {
    return DataLoss("truncated MIH index: " + std::to_string(size) + " bytes, header needs " +
                    std::to_string(sizeof(FileHeader)));
  }
  FileHeader h;
  std::memcpy(&h, data, sizeof h);
  TAMIS_RETURN_IF_ERROR(ValidateHeader(h, size));
  if (options.verify_checksum &&
      detail::PayloadChecksum(data + sizeof h, size - sizeof h) != h.checksum) {
    return DataLoss("MIH index checksum mismatch");
  }
  const detail::MihLayout layout = detail::LayoutFor(h.count, h.id_bytes);
  const auto* offsets = reinterpret_cast<const uint32_t*>(data + layout.offsets_offset);
  const uint8_t* ids = data + layout.ids_offset;
  const auto* hashes = reinterpret_cast<const Hash256*>(data + layout.hashes_offset);
  TAMIS_RETURN_IF_ERROR(ValidateStructure(offsets, ids, h.id_bytes, h.count));
  if (options.verify_postings) {
    TAMIS_RETURN_IF_ERROR(ValidatePostings(hashes, offsets, ids, h.id_bytes, h.count));
  }
  TAMIS_ASSIGN_OR_RETURN(const HammingKernels* kernels, SelectKernels(options.index.simd));

  MihIndex index;
  index.owner_ = std::move(owner);
  index.data_ = data;
  index.bytes_ = size;
  index.count_ = h.count;
  index.hashes_ = hashes;
  index.offsets_ = offsets;
  index.ids_ = ids;
  index.id_bytes_ = h.id_bytes;
  index.batch_scratch_bytes_ = options.index.batch_scratch_bytes;
  index.kernels_ = kernels;
  index.linear_fallback_divisor_ = LinearFallbackDivisor(options.index, *kernels);
  return index;
}

Result<MihIndex> MihIndex::FromBytes(std::string_view bytes, const MihLoadOptions& options) {
  TAMIS_ASSIGN_OR_RETURN(std::shared_ptr<uint8_t> buffer,
                         detail::AllocateBuffer(bytes.size(), options.index.huge_pages));
  if (!bytes.empty()) std::memcpy(buffer.get(), bytes.data(), bytes.size());
  const uint8_t* data = buffer.get();
  return FromBuffer(std::move(buffer), data, bytes.size(), options);
}

Result<MihIndex> MihIndex::Load(const std::filesystem::path& path, const MihLoadOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return errno == ENOENT ? NotFound(Errno("cannot open", path))
                           : IoError(Errno("cannot open", path));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = IoError(Errno("cannot stat", path));
    ::close(fd);
    return s;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (size < sizeof(FileHeader)) {
    ::close(fd);
    return DataLoss("truncated MIH index " + path.string() + ": " + std::to_string(size) +
                    " bytes");
  }
  if (options.copy_to_memory) {
    // read(), not a mapping: a file truncated by someone else meanwhile gives a short read
    // (an error), never SIGBUS, and the index never touches the file again.
    std::string bytes(size, '\0');
    size_t got = 0;
    while (got < size) {
      const ssize_t n = ::read(fd, bytes.data() + got, size - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        Status s = n < 0 ? IoError(Errno("cannot read", path))
                         : DataLoss("MIH index " + path.string() + " shrank while being read");
        ::close(fd);
        return s;
      }
      got += static_cast<size_t>(n);
    }
    ::close(fd);
    Result<MihIndex> index = FromBytes(bytes, options);
    if (!index.ok()) return index.status().WithContext(path.string());
    return index;
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int map_errno = errno;
  ::close(fd);
  if (map == MAP_FAILED) {
    errno = map_errno;
    return IoError(Errno("cannot map", path));
  }
  std::shared_ptr<const void> owner(
      map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  const auto* data = static_cast<const uint8_t*>(map);
  Result<MihIndex> index = FromBuffer(owner, data, size, options);
  if (!index.ok()) return index.status().WithContext(path.string());
  return index;
}

Status MihIndex::Save(const std::filesystem::path& path) const {
  FileHeader h;
  std::memcpy(&h, data_, sizeof h);
  h.checksum = detail::PayloadChecksum(data_ + sizeof h, bytes_ - sizeof h);
  const std::filesystem::path tmp = path.string() + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return IoError(Errno("cannot create", tmp));
  bool ok = std::fwrite(&h, sizeof h, 1, f) == 1 &&
            std::fwrite(data_ + sizeof h, 1, bytes_ - sizeof h, f) == bytes_ - sizeof h;
  ok = (std::fflush(f) == 0) && ok;
  ok = (::fsync(::fileno(f)) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    Status s = IoError(Errno("cannot write", tmp));
    std::remove(tmp.c_str());
    return s;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return IoError(Errno("cannot rename to", path));
  return Status::Ok();
}

}  // namespace tamis::index::hash
