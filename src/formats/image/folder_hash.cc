#include "formats/image/folder_hash.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace tamis::image {

Result<std::vector<FolderHashEntry>> HashImageFolder(const std::filesystem::path& dir,
                                                     const FolderHashOptions& opts,
                                                     const FolderProgress& progress) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound(dir.string() + ": not a directory");
  std::vector<fs::path> files;
  auto collect = [&](auto it) -> Status {
    for (auto end = decltype(it){}; it != end; it.increment(ec)) {
      if (ec) return IoError(dir.string() + ": " + ec.message());
      std::error_code e2;
      if (it->is_regular_file(e2)) files.push_back(it->path());
    }
    if (ec) return IoError(dir.string() + ": " + ec.message());
    return Status::Ok();
  };
  Status st = opts.recursive ? collect(fs::recursive_directory_iterator(dir, ec))
                             : collect(fs::directory_iterator(dir, ec));
  if (!st.ok()) return st;
  if (ec) return IoError(dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());

  std::vector<FolderHashEntry> entries(files.size());
  std::vector<char> keep(files.size(), 1);
  std::atomic<size_t> next{0};
  size_t done = 0;
  std::mutex mu;
  auto worker = [&] {
    ImageHasher hasher(opts.hash);
    std::vector<uint8_t> bytes;
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= files.size()) return;
      FolderHashEntry& e = entries[i];
      e.path = files[i];
      e.status = ReadFileBytes(files[i], &bytes);
      if (e.status.ok()) {
        if (DetectImageFormat(bytes) == ImageFormat::kUnknown && opts.skip_unrecognised &&
            !bytes.empty()) {
          keep[i] = 0;
        } else {
          if (opts.digests) {
            auto d = DigestBytes(bytes);
            if (d.ok()) e.digests = *d;
          }
          auto r = hasher.HashBytes(bytes);
          if (r.ok()) {
            e.pdq = std::move(r).value();
          } else {
            e.status = r.status().WithContext(files[i].string());
          }
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      ++done;
      if (progress && keep[i]) progress(done, files.size(), e);
    }
  };
  int n = opts.threads > 0 ? opts.threads : static_cast<int>(std::thread::hardware_concurrency());
  n = std::max(1, std::min<int>(n, static_cast<int>(std::max<size_t>(files.size(), 1))));
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  std::vector<FolderHashEntry> out;
  out.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    if (keep[i]) out.push_back(std::move(entries[i]));
  }
  return out;
}

}  // namespace tamis::image
