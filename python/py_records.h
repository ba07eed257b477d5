// Screening input from Python objects, and the batch screening behind Index.screen.
//
// Records come as a sequence of mappings (one dict per record) or as columns (a dict of field
// name -> sequence, what the package makes of a pandas DataFrame). Keys are the fields of
// `tamis screen` (formats/records/records.h: id, name, kind, dob, nationality, country, gender,
// id_number, with the reader's synonyms, case-insensitive); unknown keys are ignored.
// Values: str; int (numpy ints too) and float written as text (an integral float as an integer,
// NaN = absent); None / pandas NA = absent; a date or datetime (dob) as its ISO date; for
// nationality also a list or tuple of str. Anything else is a record error naming the field.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "formats/records/records.h"
#include "index/names/name_index.h"
#include "service/screen_service.h"

namespace tamis::py {

// Converts each record (GIL held). Record i gets line first_line + i and, without an id, the id
// "<line>" as `tamis screen` gives a CSV record. A bad record is an item with an error naming the
// field (the record's other fields are still read); *type_errors counts the errors that came from
// a value of the wrong Python type (the caller raises TypeError for those).
std::vector<RecordItem> RecordsFromRows(const pybind11::handle& rows, int first_line, const RecordReaderOptions& opts,
                                        std::vector<bool>* type_error);
// The same from columns: every column must have `n` values (else ValueError naming the column).
std::vector<RecordItem> RecordsFromColumns(const pybind11::dict& columns, size_t n, int first_line,
                                           const RecordReaderOptions& opts, std::vector<bool>* type_error);

// What ScreenItems gives back: one JSON line per item (docs/formats.md, as `tamis screen`) and
// its hit count (-1 for an error line).
struct ScreenedBatch {
  std::vector<std::string> lines;
  std::vector<int> hits;
};

// Screens the items on `threads` threads (0 = all cores); must be called WITHOUT the GIL (it
// touches no Python object). Thread-safe: the index is immutable.
ScreenedBatch ScreenItems(const index::NameIndex& ix, const std::vector<RecordItem>& items, const ScreenParams& params,
                          unsigned threads);

}  // namespace tamis::py
