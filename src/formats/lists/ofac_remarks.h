// Internal to the OFAC importer: the parser of the SDN
// "Remarks" free text ("DOB 15 Mar 1971; POB Giza, Egypt; Passport 1084010 (Egypt); ...").
// Pure functions; thread-safe. Not part of the public importer API (importers.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/entity.h"
#include "core/status.h"

namespace tamis::lists_detail {

// OFAC's empty-field marker "-0-" (usually "-0- ") and surrounding blanks -> "".
std::string OfacField(std::string_view raw);

// What the remarks of one SDN record say besides the fields set on the entity.
struct OfacRemarkExtras {
  std::vector<std::string> linked_names;  // "Linked To: X." targets, in order, without the final '.'
};

// Parses an SDN Remarks text into `e`: dates and places of birth, nationalities,
// citizenships, gender, identity documents (passport, national ID, Cedula, tax and
// registration numbers, SWIFT/BIC, IMO, MMSI...), websites/e-mail/phone (as documents of
// type "other" with the label in `note`), weak aliases ("a.k.a. 'X'" -> kAka/kWeak, also
// f.k.a./n.k.a.). Clauses it does not understand are appended, verbatim and "; "-joined,
// to e->remarks. Never fails; unknown countries keep their text in the document's note or
// in remarks.
void ApplyOfacRemarks(std::string_view remarks, Entity* e, OfacRemarkExtras* extras);

// "LAST, First Middle" -> parts {family "LAST", given "First Middle"}; no comma -> no parts.
std::vector<NamePart> SplitOfacPersonName(std::string_view name);

// Appends `name` as the names its field packs (lists::AppendPackedNames: "X (ACRONYM)",
// "SANTOS, Ahmad (Ahmed)"), each person name's parts from its own text.
void AppendOfacNames(Name name, bool person, std::vector<Name>* names);

}  // namespace tamis::lists_detail
