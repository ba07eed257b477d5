// Progress lines on stderr for long work ("parse un: 512/1003 (51%)"), throttled to
// ~10 updates a second, cleared when done. Silent when disabled. Not thread-safe: call
// from one thread, or guard externally.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tamis::cli {

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() { Done(); }
  // total < 0: unknown.
  void Update(const std::string& stage, int64_t done, int64_t total);
  void Done();  // ends the current line

 private:
  bool enabled_;
  bool dirty_ = false;
  std::string last_stage_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace tamis::cli
