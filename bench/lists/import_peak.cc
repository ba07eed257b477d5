// Peak memory and time of one list import, streamed or whole-list-in-memory, for
// docs/benchmarks.md "Streaming import (issue #18 part 5)". Run each mode in its own process under
// `/usr/bin/time -v` (peak RSS is per process):
//   import_peak --mode stream|vector --store DIR|postgresql://... --file LIST [--format tamis_csv]
// stream: OpenListFiles + Store::ImportStream (what `tamis lists import` does).
// vector: LoadListFiles (the whole parsed list in memory) + Store::Import: the dataflow of the
// import before streaming, the baseline of the same run. Prints one JSON line.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "core/strings.h"
#include "formats/lists/importers.h"
#include "store/store.h"

namespace {
double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
}  // namespace

int main(int argc, char** argv) {
  std::string mode = "stream", store_at, file, format;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--mode") mode = argv[i + 1];
    else if (a == "--store") store_at = argv[i + 1];
    else if (a == "--file") file = argv[i + 1];
    else if (a == "--format") format = argv[i + 1];
  }
  if (store_at.empty() || file.empty() || (mode != "stream" && mode != "vector")) {
    std::fprintf(stderr, "usage: import_peak --mode stream|vector --store DIR|URL --file LIST [--format F]\n");
    return 2;
  }
  tamis::StoreOptions so;
  so.url = store_at;
  auto store = tamis::Store::Open(so);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = CpuSeconds();
  tamis::ImportOptions opts;
  tamis::ImportMeta meta;
  meta.imported_at = "2026-12-07T00:00:00Z";
  meta.force = true;
  tamis::Result<tamis::ImportOutcome> out = tamis::Internal("not run");
  auto set = tamis::OpenListFiles({file}, format, opts);
  if (!set.ok()) return std::fprintf(stderr, "%s\n", set.status().ToString().c_str()), 1;
  for (size_t i = 0; i < set->files.size(); ++i)
    meta.files.push_back({set->files[i].name, tamis::Sha256Hex(set->files[i].content),
                          static_cast<int64_t>(set->files[i].content.size())});
  if (mode == "stream") {
    out = (*store)->ImportStream(set->source, set->format, [&](const tamis::EntitySink& sink) {
      return tamis::StreamListFiles(*set, opts, sink);
    }, meta);
  } else {
    set->files.clear();  // the file is read again by LoadListFiles: one copy at a time, as before
    set->files.shrink_to_fit();
    auto list = tamis::LoadListFiles({file}, format, opts);
    if (!list.ok()) return std::fprintf(stderr, "%s\n", list.status().ToString().c_str()), 1;
    out = (*store)->Import(*list, meta);
  }
  if (!out.ok()) return std::fprintf(stderr, "%s\n", out.status().ToString().c_str()), 1;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"mode\":\"%s\",\"entities\":%lld,\"added\":%lld,\"wall_s\":%.2f,\"cpu_s\":%.2f}\n", mode.c_str(),
              static_cast<long long>(out->version.entity_count), static_cast<long long>(out->added), wall,
              CpuSeconds() - c0);
  return 0;
}
