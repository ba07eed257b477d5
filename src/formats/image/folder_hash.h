// Hashes every file under a folder in parallel (PDQ + MD5 + SHA-256), keeping per-file errors.
// Used by `tamis media hash`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "core/status.h"
#include "formats/image/file_digest.h"
#include "formats/image/hash_file.h"

namespace tamis::image {

struct FolderHashOptions {
  HashImageOptions hash;    // per-image options (default: reference file-level hash)
  int threads = 0;          // worker threads; 0 = std::thread::hardware_concurrency()
  bool recursive = true;    // descend into sub-folders (symlinked folders are not followed)
  bool digests = true;      // also compute MD5 and SHA-256 of the file bytes
  // Files whose format is not recognised from their magic bytes are skipped silently
  // (not reported) when true; reported with an Unimplemented status when false. Default true.
  bool skip_unrecognised = true;
};

struct FolderHashEntry {
  std::filesystem::path path;
  Status status;                        // OK, or why this file could not be hashed
  std::optional<PdqFileHash> pdq;       // set when status is OK
  std::optional<FileDigests> digests;   // set when the file could be read and digests is on
};

// Called after each file, from worker threads but never concurrently (serialised by a mutex).
// `done` counts finished files, `total` the files found.
using FolderProgress =
    std::function<void(size_t done, size_t total, const FolderHashEntry& entry)>;

// Lists regular files under `dir` (sorted by path), hashes them on a thread pool and returns
// one entry per file in path order (skipped unrecognised files omitted, see options).
// NotFound if `dir` is not a directory; IoError if it cannot be listed. Per-file failures do
// not fail the call. Thread-safe; blocks until done.
Result<std::vector<FolderHashEntry>> HashImageFolder(const std::filesystem::path& dir,
                                                     const FolderHashOptions& opts = {},
                                                     const FolderProgress& progress = {});

}  // namespace tamis::image
