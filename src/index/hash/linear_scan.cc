#include "index/hash/linear_scan.h"

#include <algorithm>

namespace tamis::index::hash {
namespace {

// 4,096 hashes = 128 KiB: stays in L2 while every query of a batch scans it.
constexpr size_t kBlock = 4096;

const uint64_t* Words(const Hash256* h) { return h->words.data(); }

}  // namespace

std::vector<Match> LinearScan(std::span<const Hash256> haystack, const Hash256& query,
                              uint32_t max_distance, const HammingKernels& kernels) {
  std::vector<Match> out;
  std::vector<uint32_t> idx(std::min(kBlock, haystack.size()));
  std::vector<uint16_t> dist(idx.size());
  for (size_t base = 0; base < haystack.size(); base += kBlock) {
    const size_t n = std::min(kBlock, haystack.size() - base);
    const size_t k = kernels.scan(Words(haystack.data() + base), n, Words(&query), max_distance,
                                  idx.data(), dist.data());
    for (size_t j = 0; j < k; ++j) {
      out.push_back({static_cast<uint32_t>(base + idx[j]), dist[j]});
    }
  }
  return out;
}

BatchMatches LinearScanBatch(std::span<const Hash256> haystack, std::span<const Hash256> queries,
                             uint32_t max_distance, const HammingKernels& kernels) {
  std::vector<std::vector<Match>> per_query(queries.size());
  std::vector<uint32_t> idx(std::min(kBlock, haystack.size()));
  std::vector<uint16_t> dist(idx.size());
  for (size_t base = 0; base < haystack.size(); base += kBlock) {
    const size_t n = std::min(kBlock, haystack.size() - base);
    for (size_t q = 0; q < queries.size(); ++q) {
      const size_t k = kernels.scan(Words(haystack.data() + base), n, Words(&queries[q]),
                                    max_distance, idx.data(), dist.data());
      for (size_t j = 0; j < k; ++j) {
        per_query[q].push_back({static_cast<uint32_t>(base + idx[j]), dist[j]});
      }
    }
  }
  BatchMatches out;
  out.offsets.reserve(queries.size() + 1);
  for (auto& v : per_query) {
    out.matches.insert(out.matches.end(), v.begin(), v.end());
    out.offsets.push_back(out.matches.size());
  }
  return out;
}

}  // namespace tamis::index::hash
