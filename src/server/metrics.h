// Prometheus metrics of the HTTP API: requests by route and status, latency histograms by
// route. Counters are lock-free atomics indexed by route (the route table is fixed at start);
// the text exposition is rendered on demand (docs/formats.md lists every metric).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tamis::server {

class Metrics {
 public:
  // Latency bucket upper bounds in seconds (Prometheus `le`), then +Inf.
  static constexpr std::array<double, 15> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,     0.25,   0.5,   1,      2.5,    5};
  // The status codes counted one by one; any other lands in "other".
  static constexpr std::array<int, 17> kStatuses = {200, 201, 204, 400, 401, 403, 404, 405, 408,
                                                    409, 413, 415, 422, 429, 500, 501, 503};

  // `route_names[i]` names route i ("POST /v1/screen"); one extra slot counts unmatched requests.
  explicit Metrics(std::vector<std::string> route_names);

  // Records one answered request of route `route` (-1 = no route matched). Thread-safe.
  void Record(int route, int status, double seconds);

  // Appends the request metrics in Prometheus text format.
  void Render(std::string* out) const;

  int64_t total_requests() const;

 private:
  struct PerRoute {
    std::array<std::atomic<int64_t>, kStatuses.size() + 1> by_status{};
    std::array<std::atomic<int64_t>, kBuckets.size() + 1> buckets{};  // non-cumulative
    std::atomic<int64_t> sum_ns{0};
    std::atomic<int64_t> count{0};
  };
  std::vector<std::string> names_;
  std::unique_ptr<PerRoute[]> routes_;
};

}  // namespace tamis::server
