#include "bench/names/common.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "formats/entity_json.h"
#include "service/list_service.h"

namespace tamis::bench {

std::unique_ptr<Store> OpenFilledStore(const std::filesystem::path& data_dir, const std::filesystem::path& shared,
                                       bool with_congress) {
  StoreOptions so;
  so.data_dir = data_dir;
  auto st = Store::Open(so);
  if (!st.ok()) {
    std::fprintf(stderr, "cannot open store: %s\n", st.status().ToString().c_str());
    std::exit(1);
  }
  auto store = std::move(st).value();
  auto cur = store->CurrentVersions();
  auto have = [&](const std::string& s) {
    return cur.ok() && std::any_of(cur->begin(), cur->end(), [&](const ListVersion& v) { return v.source == s; });
  };
  auto import = [&](std::vector<std::filesystem::path> files) {
    ListImportRequest req;
    req.files = std::move(files);
    auto r = ImportListFiles(*store, req, SystemClock(), nullptr);
    if (!r.ok()) {
      std::fprintf(stderr, "import failed: %s\n", r.status().ToString().c_str());
      std::exit(1);
    }
    std::fprintf(stderr, "imported %s: %lld entities\n", r->outcome.version.source.c_str(),
                 static_cast<long long>(r->outcome.version.entity_count));
  };
  if (!have("un")) import({shared / "lists/un/UN_consolidated.xml"});
  if (!have("ofac"))
    import({shared / "lists/ofac/2024-05/sdn.csv", shared / "lists/ofac/2025-01/alt.csv",
            shared / "lists/ofac/2025-01/add.csv", shared / "lists/ofac/2025-01/sdn_comments.csv"});
  if (with_congress && !have("os")) import({shared / "lists/opensanctions/us_congress_senzing.json"});
  return store;
}

std::vector<Entity> LoadEntities(Store& store, const std::vector<std::string>& sources) {
  std::vector<Entity> out;
  Status s = store.ForEachCurrentEntityJson(sources, [&](std::string_view json) -> Status {
    auto e = EntityFromJson(json);
    if (!e.ok()) return e.status();
    out.push_back(std::move(e).value());
    return Status::Ok();
  });
  if (!s.ok()) {
    std::fprintf(stderr, "load failed: %s\n", s.ToString().c_str());
    std::exit(1);
  }
  return out;
}

std::vector<RecordItem> ReadQueries(const std::filesystem::path& csv) {
  std::ifstream in(csv, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", csv.c_str());
    std::exit(1);
  }
  RecordReader r(in, RecordFormat::kCsv);
  std::vector<RecordItem> out;
  RecordItem it;
  for (;;) {
    auto n = r.Next(&it);
    if (!n.ok()) {
      std::fprintf(stderr, "%s: %s\n", csv.c_str(), n.status().ToString().c_str());
      std::exit(1);
    }
    if (!*n) break;
    out.push_back(it);
  }
  return out;
}

std::string NameKey(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

size_t RssBytes() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10) * 1024;
  return 0;
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * static_cast<double>(v.size())));
  return v[i];
}

std::string CpuModel() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "?";
}

}  // namespace tamis::bench
