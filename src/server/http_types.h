// The server layer's own request and response values: plain data, independent of the HTTP
// library, so that every handler is a pure function that tests and fuzzers call directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace tamis::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query: "/v1/alerts/12"
  std::vector<std::pair<std::string, std::string>> query;    // decoded query parameters, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote;  // peer address (logs only)

  // The first header / query parameter of that name; nullopt when absent.
  std::optional<std::string_view> Header(std::string_view lower_name) const;
  std::optional<std::string_view> Query(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// The one place where a Status becomes an HTTP status code:
// invalid_argument/parse_error 400, not_found 404, already_exists/failed_precondition 409,
// resource_exhausted 413, unavailable 503, unimplemented 501, everything else 500.
int HttpStatusOf(StatusCode code);

// {"error":{"status":400,"code":"invalid_argument","message":"..."}} with the mapped status.
HttpResponse ErrorResponse(const Status& st);
// The same shape for an HTTP-level refusal (401, 403, 404, 405, 413, ...).
HttpResponse ErrorResponse(int http_status, std::string_view code, std::string_view message);
HttpResponse JsonResponse(std::string body, int status = 200);

// Percent-decodes a URL component ('+' is a space when `plus_is_space`). Invalid escapes are
// kept as they are.
std::string UrlDecode(std::string_view s, bool plus_is_space);
// Parses "a=1&b=x%20y" into decoded pairs.
std::vector<std::pair<std::string, std::string>> ParseQueryString(std::string_view s);

}  // namespace tamis::server
