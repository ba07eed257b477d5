// Shared by the store's tests (one test binary): a UN-listed person with one name.
#pragma once

#include <string>

#include "core/entity.h"

namespace tamis::store_test {

inline Entity Person(const std::string& native, const std::string& name) {
  Entity e;
  e.source = "un";
  e.native_id = native;
  e.id = "un:" + native;
  e.kind = EntityKind::kPerson;
  e.names.push_back(Name{name});
  return e;
}

}  // namespace tamis::store_test
