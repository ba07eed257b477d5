#include "formats/image/file_digest.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
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
  // Streamed in 1 MiB blocks: videos can be far larger than memory should hold.
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    const int err = errno;
    std::string msg = path.string() + ": " + std::strerror(err);
    return err == ENOENT ? NotFound(msg) : IoError(msg);
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, &std::fclose);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> md5(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> sha(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!md5 || !sha || EVP_DigestInit_ex(md5.get(), EVP_md5(), nullptr) != 1 ||
      EVP_DigestInit_ex(sha.get(), EVP_sha256(), nullptr) != 1)
    return Internal("OpenSSL digest failed");
  std::vector<uint8_t> buf(size_t{1} << 20);
  while (true) {
    const size_t n = std::fread(buf.data(), 1, buf.size(), f);
    if (n > 0 && (EVP_DigestUpdate(md5.get(), buf.data(), n) != 1 || EVP_DigestUpdate(sha.get(), buf.data(), n) != 1))
      return Internal("OpenSSL digest failed");
    if (n < buf.size()) {
      if (std::ferror(f)) return IoError(path.string() + ": read error");
      break;
    }
  }
  FileDigests d;
  unsigned l1 = 0, l2 = 0;
  if (EVP_DigestFinal_ex(md5.get(), d.md5.data(), &l1) != 1 || EVP_DigestFinal_ex(sha.get(), d.sha256.data(), &l2) != 1 ||
      l1 != 16 || l2 != 32)
    return Internal("OpenSSL digest failed");
  return d;
}

}  // namespace tamis::image
