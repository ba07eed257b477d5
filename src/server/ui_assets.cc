#include "server/ui_assets.h"

#include <string>

#include "core/strings.h"

namespace tamis::server {

namespace {

std::string_view ContentTypeOf(std::string_view name) {
  auto ends = [&](std::string_view ext) { return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext; };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".json")) return "application/json";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

struct Table {
  std::vector<std::string> etags;  // owns the ETag texts the assets point into
  std::vector<UiAsset> assets;
};

const Table& BuildTable() {
  static const Table t = [] {
    Table x;
    x.etags.reserve(detail::kUiFileCount);
    for (unsigned long i = 0; i < detail::kUiFileCount; ++i) {
      const auto& f = detail::kUiFiles[i];
      std::string_view body(reinterpret_cast<const char*>(f.data), f.size);
      x.etags.push_back("\"" + Sha256Hex(body).substr(0, 16) + "\"");
    }
    for (unsigned long i = 0; i < detail::kUiFileCount; ++i) {
      const auto& f = detail::kUiFiles[i];
      x.assets.push_back({f.name, ContentTypeOf(f.name), std::string_view(reinterpret_cast<const char*>(f.data), f.size),
                          x.etags[i]});
    }
    return x;
  }();
  return t;
}

}  // namespace

const std::vector<UiAsset>& UiAssets() { return BuildTable().assets; }

const UiAsset* FindUiAsset(std::string_view name) {
  for (const auto& a : UiAssets())
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace tamis::server
