// The clock, injected so tests can fix time.
#pragma once

#include <chrono>
#include <ctime>
#include <functional>
#include <string>

namespace tamis {

// Returns the current time as ISO 8601 UTC ("2026-11-28T15:42:19Z").
using Clock = std::function<std::string()>;

inline std::string SystemNowIso() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

inline Clock SystemClock() { return SystemNowIso; }

}  // namespace tamis
