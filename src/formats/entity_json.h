// Canonical JSON form of an Entity (documented in docs/formats.md). This is what the
// store keeps, what `tamis entity show` prints and what the content hash of an entity
// is computed over. Deterministic: the same Entity always gives the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "core/entity.h"
#include "core/status.h"

namespace tamis {

struct EntityJsonOptions {
  bool include_source_record = true;  // the verbatim list record, for audit
};

// Serialises `e` as one line of compact JSON. Empty fields are omitted.
std::string EntityToJson(const Entity& e, const EntityJsonOptions& opts = {});

// Parses the canonical JSON form back. Unknown keys are ignored (forward compatible).
// Errors: kParseError naming the field at fault.
Result<Entity> EntityFromJson(std::string_view json);

}  // namespace tamis
