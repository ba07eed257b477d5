// HTTPS downloads with libcurl, for `tamis lists update`. TLS peers are verified; plain
// http:// is refused unless DownloadOptions::allow_insecure_http; no other scheme (file://,
// ftp://, ...) is ever used, for the first URL as for redirects (CURLOPT_PROTOCOLS_STR and
// CURLOPT_REDIR_PROTOCOLS_STR; offline sources come from a folder, `lists update --from`). Bodies larger than
// max_bytes are cut off with kResourceExhausted. Thread-compatible: one call per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/status.h"

namespace tamis {

struct DownloadOptions {
  int timeout_s = 300;
  int64_t max_bytes = int64_t{1} << 30;
  bool allow_insecure_http = false;
  std::string ca_bundle;  // "" = system CA store
  // Called with (bytes so far, total or -1).
  std::function<void(int64_t, int64_t)> progress;
};

// Downloads `url` into `dest` (written to dest.part, renamed on success; nothing left on
// failure). Errors: kInvalidArgument (scheme), kUnavailable (network, HTTP status >= 400,
// naming the status), kResourceExhausted (too large), kIoError (disk).
Status DownloadToFile(const std::string& url, const std::filesystem::path& dest,
                      const DownloadOptions& opts);

}  // namespace tamis
