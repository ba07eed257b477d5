// Cryptographic digests of file bytes for exact-match lists (MD5 as exchanged in hash lists,
// SHA-256). OpenSSL EVP underneath.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "core/status.h"

namespace tamis::image {

struct FileDigests {
  std::array<uint8_t, 16> md5{};
  std::array<uint8_t, 32> sha256{};
  std::string Md5Hex() const;     // 32 lower-case hex digits
  std::string Sha256Hex() const;  // 64 lower-case hex digits
};

// Digests of `bytes`. Internal error only if OpenSSL fails. Thread-safe.
Result<FileDigests> DigestBytes(std::span<const uint8_t> bytes);
// Reads the file and digests it. NotFound / IoError for unreadable files.
Result<FileDigests> DigestFile(const std::filesystem::path& path);

}  // namespace tamis::image
