#include "server/auth.h"

#include "core/strings.h"

namespace tamis::server {

std::string_view RequestToken(const HttpRequest& req, bool allow_query) {
  if (auto h = req.Header("authorization")) {
    std::string_view v = *h;
    for (std::string_view scheme : {"Bearer ", "bearer ", "ApiKey ", "apikey ", "Apikey "})
      if (v.substr(0, scheme.size()) == scheme) return Trim(v.substr(scheme.size()));
    return {};
  }
  if (auto h = req.Header("x-api-key")) return Trim(*h);
  if (allow_query)
    if (auto q = req.Query("api_key")) return *q;
  return {};
}

Result<ApiKey> KeyCache::Authenticate(std::string_view token) {
  if (token.empty()) return NotFound("no API key");
  const std::string digest = Sha256Hex(token);
  const auto now = std::chrono::steady_clock::now();
  {
    std::shared_lock lock(mu_);
    auto it = cache_.find(digest);
    if (it != cache_.end() && it->second.expires > now) return it->second.key;
  }
  TAMIS_ASSIGN_OR_RETURN(ApiKey key, store_.Authenticate(token));
  std::unique_lock lock(mu_);
  if (cache_.size() >= opts_.max_entries) cache_.clear();
  cache_[digest] = Entry{key, now + std::chrono::seconds(opts_.ttl_seconds)};
  return key;
}

void KeyCache::Clear() {
  std::unique_lock lock(mu_);
  cache_.clear();
}

}  // namespace tamis::server
