// Test helper: a list file parsed record by record (the default) and as one whole document
// (XmlRecordReader's test seam) must give the same list: entities as canonical JSON, in order,
// warnings, list date. Fatal failures return from the helper only; callers check HasFatalFailure.
#pragma once

#include <gtest/gtest.h>

#include "formats/entity_json.h"
#include "formats/lists/importers.h"
#include "formats/lists/xml_doc.h"

namespace tamis::lists::testing {

using ListParser = Result<ParsedList> (*)(const ListFile&, const ImportOptions&);

// Parses `f` both ways with `parse`; the whole-document parse, for further checks.
inline ParsedList ExpectRecordByRecordEqualsWholeDocument(const ListFile& f, ListParser parse) {
  auto streamed = parse(f, {});
  XmlRecordReader::SetWholeDocumentForTesting(true);
  auto whole = parse(f, {});
  XmlRecordReader::SetWholeDocumentForTesting(false);
  EXPECT_TRUE(streamed.ok()) << streamed.status().ToString();
  EXPECT_TRUE(whole.ok()) << whole.status().ToString();
  if (!streamed.ok() || !whole.ok()) return {};
  EXPECT_EQ(streamed->entities.size(), whole->entities.size());
  for (size_t i = 0; i < whole->entities.size() && i < streamed->entities.size(); ++i)
    EXPECT_EQ(EntityToJson(streamed->entities[i]), EntityToJson(whole->entities[i])) << "entity " << i;
  EXPECT_EQ(streamed->warnings.size(), whole->warnings.size());
  for (size_t i = 0; i < whole->warnings.size() && i < streamed->warnings.size(); ++i) {
    EXPECT_EQ(streamed->warnings[i].location, whole->warnings[i].location);
    EXPECT_EQ(streamed->warnings[i].message, whole->warnings[i].message);
  }
  EXPECT_EQ(streamed->list_date, whole->list_date);
  return std::move(*whole);
}

}  // namespace tamis::lists::testing
