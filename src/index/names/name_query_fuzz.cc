// Fuzzes the query path: arbitrary bytes as a query name against a small fixed index, with
// query attributes (date of birth, nationality, an identity document) taken from the bytes too,
// against entities that carry some (the floors by attributes, the document look-up).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "index/names/name_index.h"

namespace {
const tamis::index::NameIndex& Index() {
  static auto ix = [] {
    std::vector<tamis::Entity> ents;
    const char* names[] = {"Usama bin Laden", "Ayman al-Zawahiri", "Vladimir Putin", "Banco Nacional de Cuba SA",
                           "\xd8\xa3\xd8\xb3\xd8\xa7\xd9\x85\xd8\xa9 \xd8\xa8\xd9\x86 \xd9\x84\xd8\xa7\xd8\xaf\xd9\x86",
                           "Abd al-Aziz al-Nuristani", "J. Smith", "Kim Jong Un"};
    int i = 0;
    for (const char* n : names) {
      tamis::Entity e;
      e.id = "f:" + std::to_string(i++);
      e.source = "f";
      tamis::Name name;
      name.full = n;
      e.names.push_back(name);
      if (i % 2) e.dates_of_birth.push_back({tamis::DateOfBirth::Kind::kExact, {1950 + i, i % 13, i}, {}, ""});
      if (i % 3 == 0) e.nationalities = {i % 2 ? "SY" : "EG"};
      if (i == 3) e.documents.push_back({"passport", "AB1234567", "SY", "", "", ""});
      ents.push_back(e);
    }
    tamis::index::NameIndexOptions o;
    o.threads = 1;
    return tamis::index::NameIndex::Build(std::move(ents), o);
  }();
  return *ix;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  const auto kind = size ? static_cast<tamis::EntityKind>(data[0] % 5) : tamis::EntityKind::kUnknown;
  auto q = tamis::names::PrepareName(s, kind);
  tamis::names::QueryAttributes attrs;
  if (size > 3) {
    attrs.date_of_birth = {1940 + data[1] % 40, data[2] % 13, data[3] % 32};
    if (data[1] & 1) attrs.nationalities = {data[2] & 1 ? "sy" : "EG"};
    if (data[1] & 2) attrs.gender = data[2] & 2 ? tamis::Gender::kMale : tamis::Gender::kFemale;
    if (data[1] & 4) attrs.documents.push_back({"", std::string(s.substr(size - std::min<size_t>(size, 12))), "", "", "", ""});
  }
  tamis::index::NameSearchParams p;
  p.threshold = size > 4 ? (data[4] % 100) / 100.0 : 0;
  auto hits = Index().Search(q, attrs, p);
  for (const auto& h : hits)
    if (h.score < 0 || h.score > 1 || h.entity >= Index().entity_count()) __builtin_trap();
  return 0;
}
