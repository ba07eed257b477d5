// Screening records from parsed JSON objects: the one place where a JSON object becomes a
// ScreenRecord, shared by the JSON Lines reader and the HTTP API (same fields, same errors).
#pragma once

#include <simdjson.h>

#include "core/status.h"
#include "formats/records/records.h"

namespace tamis {

// Fills *rec from the record fields of `obj` (see records.h; unknown keys ignored, null = absent,
// nationality may be an array of strings). Errors: kInvalidArgument naming the field. rec->id is
// left as it was when the object has no usable id.
Status FillRecordFromJson(const simdjson::dom::object& obj, const RecordReaderOptions& opts, ScreenRecord* rec);

}  // namespace tamis
