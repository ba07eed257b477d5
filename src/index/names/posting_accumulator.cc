#include "index/names/posting_accumulator.h"

namespace tamis::index::detail {

void SortFound(const Scratch::Cand* cand, uint32_t used, std::vector<Found>* out) {
  thread_local std::vector<Found> buf;
  thread_local std::vector<uint32_t> runs, next_runs;  // run starts, then `used`
  out->resize(used);
  runs.clear();
  for (uint32_t i = 0; i < used; ++i) {
    (*out)[i] = {cand[i].id | (cand[i].tokens << kIdBits), i};
    if (i == 0 || (*out)[i].packed < (*out)[i - 1].packed) runs.push_back(i);
  }
  runs.push_back(used);
  buf.resize(used);
  auto less = [](const Found& a, const Found& b) { return a.packed < b.packed; };
  while (runs.size() > 2) {  // merge runs two by two
    next_runs.clear();
    size_t r = 0;
    for (; r + 2 < runs.size(); r += 2) {
      next_runs.push_back(runs[r]);
      std::merge(out->begin() + runs[r], out->begin() + runs[r + 1], out->begin() + runs[r + 1],
                 out->begin() + runs[r + 2], buf.begin() + runs[r], less);
    }
    if (r + 1 < runs.size()) {  // an odd run left over
      next_runs.push_back(runs[r]);
      std::copy(out->begin() + runs[r], out->begin() + runs[r + 1], buf.begin() + runs[r]);
    }
    next_runs.push_back(used);
    out->swap(buf);
    runs.swap(next_runs);
  }
}

Scratch& ThreadScratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace tamis::index::detail
