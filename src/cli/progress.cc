#include "cli/progress.h"

#include <cstdio>

namespace tamis::cli {

void Progress::Update(const std::string& stage, int64_t done, int64_t total) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  bool final = total >= 0 && done >= total;
  if (stage == last_stage_ && !final && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  last_stage_ = stage;
  if (total > 0) {
    std::fprintf(stderr, "\r\033[K%s: %lld/%lld (%d%%)", stage.c_str(), static_cast<long long>(done),
                 static_cast<long long>(total), static_cast<int>(100 * done / total));
  } else {
    std::fprintf(stderr, "\r\033[K%s: %lld", stage.c_str(), static_cast<long long>(done));
  }
  std::fflush(stderr);
  dirty_ = true;
}

void Progress::Done() {
  if (enabled_ && dirty_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  dirty_ = false;
}

}  // namespace tamis::cli
