#include "formats/image/file_digest.h"

#include <openssl/evp.h>

#include <vector>

#include "formats/image/decode.h"

namespace tamis::image {
namespace {

std::string Hex(const uint8_t* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    s[2 * i] = kDigits[p[i] >> 4];
    s[2 * i + 1] = kDigits[p[i] & 15];
  }
  return s;
}

bool Digest(const EVP_MD* md, std::span<const uint8_t> bytes, uint8_t* out, unsigned expect) {
  unsigned len = 0;
  return EVP_Digest(bytes.data(), bytes.size(), out, &len, md, nullptr) == 1 && len == expect;
}

}  // namespace

std::string FileDigests::Md5Hex() const { return Hex(md5.data(), md5.size()); }
std::string FileDigests::Sha256Hex() const { return Hex(sha256.data(), sha256.size()); }

Result<FileDigests> DigestBytes(std::span<const uint8_t> bytes) {
  FileDigests d;
  if (!Digest(EVP_md5(), bytes, d.md5.data(), 16) ||
      !Digest(EVP_sha256(), bytes, d.sha256.data(), 32)) {
    return Internal("OpenSSL digest failed");
  }
  return d;
}

Result<FileDigests> DigestFile(const std::filesystem::path& path) {
  std::vector<uint8_t> bytes;
  TAMIS_RETURN_IF_ERROR(ReadFileBytes(path, &bytes));
  return DigestBytes(bytes);
}

}  // namespace tamis::image
