// The OpenAPI 3.1 description of the API (src/server/openapi.json, embedded at build time and
// served at /v1/openapi.json). A test checks it against the route table.
#pragma once

#include <string_view>

namespace tamis::server {
std::string_view OpenApiJson();
}  // namespace tamis::server
