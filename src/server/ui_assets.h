// The web interface's static files (web/ in the source tree), embedded at build time by CMake so
// that one `tamis serve` binary serves them under /ui/ (no files installed beside it).
#pragma once

#include <string_view>
#include <vector>

namespace tamis::server {

struct UiAsset {
  std::string_view name;          // "index.html", "app.js" (no folders)
  std::string_view content_type;  // from the extension: "text/html; charset=utf-8", ...
  std::string_view body;
  std::string_view etag;          // quoted strong validator: "\"<16 hex of SHA-256>\""
};

namespace detail {
// The raw files, generated from web/ by CMake (ui_files.cc in the build tree).
struct UiFile {
  const char* name;
  const unsigned char* data;
  unsigned long size;
};
extern const UiFile kUiFiles[];
extern const unsigned long kUiFileCount;
}  // namespace detail

// Every embedded file, in web/ order. Thread-safe (built once on first use).
const std::vector<UiAsset>& UiAssets();
// The asset called `name`; null when there is none.
const UiAsset* FindUiAsset(std::string_view name);

}  // namespace tamis::server
