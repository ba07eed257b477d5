// Shared pieces of the names benchmarks: open (and if needed fill) a store with UN + OFAC (+ the
// OpenSanctions US Congress list), load entities, read yente query files, timers, memory.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/entity.h"
#include "formats/records/records.h"
#include "store/store.h"

namespace tamis::bench {

// Opens the store in `data_dir`, importing UN, OFAC (2024-05 sdn + 2025-01 companions) and,
// when `with_congress`, the US Congress Senzing file from `shared` if they are missing.
// Exits the process with a message on failure (benchmark harness).
std::unique_ptr<Store> OpenFilledStore(const std::filesystem::path& data_dir, const std::filesystem::path& shared,
                                       bool with_congress);

// Current entities of `sources` ("" = all).
std::vector<Entity> LoadEntities(Store& store, const std::vector<std::string>& sources);

// Reads a yente fixture CSV (full_name, date_of_birth, nationality, ...) as screening records,
// in file order; bad records are kept with their error.
std::vector<RecordItem> ReadQueries(const std::filesystem::path& csv);

// Upper-cased, whitespace-collapsed form used to map queries to list names.
std::string NameKey(std::string_view s);

// Resident set size of this process, bytes.
size_t RssBytes();

inline double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Percentile (0..100) of a vector of values (sorted in place).
double Percentile(std::vector<double>& v, double p);

std::string CpuModel();

}  // namespace tamis::bench
