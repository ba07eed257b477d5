// API key authentication for the server: the token from the request (Authorization: Bearer or
// ApiKey, or X-API-Key), checked against the review store's hashed keys, with a short-lived
// cache so that the hot path does not take the store's lock on every request.
//
// A key revoked (here or by `tamis keys revoke` in another process) stops working within
// `ttl_seconds` (default 5). Only SHA-256 digests of tokens are held in memory.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/http_types.h"
#include "store/review_store.h"

namespace tamis::server {

struct AuthOptions {
  int ttl_seconds = 5;        // how long a verified key is trusted before the store is asked again
  size_t max_entries = 10000; // the cache is emptied when it would grow beyond this
};

// The token of a request: "Authorization: Bearer T", "Authorization: ApiKey T", "X-API-Key: T",
// or (when allow_query) the `api_key` query parameter. Empty when none is given.
std::string_view RequestToken(const HttpRequest& req, bool allow_query);

class KeyCache {
 public:
  KeyCache(ReviewStore& store, AuthOptions opts = {}) : store_(store), opts_(opts) {}
  // The key of `token`; kNotFound for unknown, malformed and revoked tokens. Thread-safe.
  Result<ApiKey> Authenticate(std::string_view token);
  // Forgets every cached key (after a revocation through the API).
  void Clear();

 private:
  struct Entry {
    ApiKey key;
    std::chrono::steady_clock::time_point expires;
  };
  ReviewStore& store_;
  AuthOptions opts_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> cache_;  // SHA-256 of token -> key
};

}  // namespace tamis::server
