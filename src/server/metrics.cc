#include "server/metrics.h"

#include <cstdio>

namespace tamis::server {

Metrics::Metrics(std::vector<std::string> route_names) : names_(std::move(route_names)) {
  names_.push_back("unmatched");
  routes_ = std::make_unique<PerRoute[]>(names_.size());
}

void Metrics::Record(int route, int status, double seconds) {
  const size_t r = route < 0 || static_cast<size_t>(route) >= names_.size() - 1 ? names_.size() - 1 : route;
  PerRoute& p = routes_[r];
  size_t s = kStatuses.size();
  for (size_t i = 0; i < kStatuses.size(); ++i)
    if (kStatuses[i] == status) s = i;
  p.by_status[s].fetch_add(1, std::memory_order_relaxed);
  size_t b = kBuckets.size();
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) {
      b = i;
      break;
    }
  p.buckets[b].fetch_add(1, std::memory_order_relaxed);
  p.sum_ns.fetch_add(static_cast<int64_t>(seconds * 1e9), std::memory_order_relaxed);
  p.count.fetch_add(1, std::memory_order_relaxed);
}

int64_t Metrics::total_requests() const {
  int64_t n = 0;
  for (size_t r = 0; r < names_.size(); ++r) n += routes_[r].count.load(std::memory_order_relaxed);
  return n;
}

void Metrics::Render(std::string* out) const {
  char buf[256];
  out->append("# HELP tamis_http_requests_total HTTP requests answered, by route and status.\n");
  out->append("# TYPE tamis_http_requests_total counter\n");
  for (size_t r = 0; r < names_.size(); ++r) {
    for (size_t s = 0; s <= kStatuses.size(); ++s) {
      const int64_t n = routes_[r].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string status = s < kStatuses.size() ? std::to_string(kStatuses[s]) : "other";
      std::snprintf(buf, sizeof buf, "tamis_http_requests_total{route=\"%s\",status=\"%s\"} %lld\n",
                    names_[r].c_str(), status.c_str(), static_cast<long long>(n));
      out->append(buf);
    }
  }
  out->append("# HELP tamis_http_request_duration_seconds Time from request parsed to response built, by route.\n");
  out->append("# TYPE tamis_http_request_duration_seconds histogram\n");
  for (size_t r = 0; r < names_.size(); ++r) {
    const PerRoute& p = routes_[r];
    const int64_t count = p.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    int64_t cum = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cum += p.buckets[b].load(std::memory_order_relaxed);
      if (b < kBuckets.size())
        std::snprintf(buf, sizeof buf, "tamis_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lld\n",
                      names_[r].c_str(), kBuckets[b], static_cast<long long>(cum));
      else
        std::snprintf(buf, sizeof buf, "tamis_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lld\n",
                      names_[r].c_str(), static_cast<long long>(cum));
      out->append(buf);
    }
    std::snprintf(buf, sizeof buf, "tamis_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", names_[r].c_str(),
                  p.sum_ns.load(std::memory_order_relaxed) / 1e9);
    out->append(buf);
    std::snprintf(buf, sizeof buf, "tamis_http_request_duration_seconds_count{route=\"%s\"} %lld\n", names_[r].c_str(),
                  static_cast<long long>(count));
    out->append(buf);
  }
}

}  // namespace tamis::server
