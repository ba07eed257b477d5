// Names that lists pack into one field, split into the names they are.
//
// Lists write several names in one name field: the UN's ALIAS_NAME "Qasim Soleimani; Qasem
// Sulaimani; ...", numbered lists "a) X; Y b) Z", "X / Y", "X also known as Y", "X a.k.a. Y",
// a parenthesised acronym "SAHAND ALUMINUM PARTS INDUSTRIAL COMPANY (SAPICO)" or original-script
// form "Jin Tiesan (金铁三)", a spelling variant of the last word "SANTOS, Ahmad (Ahmed)", or a
// note "Encep Nurjaman (birth name)". A screening index needs each name as a name of its own:
// packed, an exact alias only ties with other names, and the notes are tokens no query has.
//
// Rules (general, not per list):
// - Top-level separators (outside parentheses): ";", " / " (spaced slash), "also known as",
//   "a.k.a.", "f.k.a."/"formerly known as" (what follows is a former name), "n.k.a.", and
//   numbered list markers "a)", "b)", ... , "1)", "i)" at the start or after a space.
// - A parenthesised part "X (Y) Z":
//   - Y in a script other than X's, or "original script: Y": Y is an original-script name
//     (itself split on ";"), X Z the name;
//   - "formerly Y", "f.k.a. Y", "a.k.a. Y", "previously Y": Y a former (or other) name;
//   - Y an acronym of X (no lower-case letter, at least two letters, spelt by prefixes of two
//     or more of X's words in order: SAPICO = SAhand Parts Industrial COmpany, "BK CO." =
//     Boresh Kaveh CO.): both names, X Z and "Y Z" ("IRGC-QODS FORCE", "UCI LTD");
//   - Y a note (digits, or a word such as "name", "born", "listed", "passport", "third"):
//     dropped;
//   - Y one word sharing its first letter with the word before it: a spelling variant, X Z and
//     X Z with that word replaced ("Lom-ali Butaev");
//   - Y of two or more words ending the name: an alternative name (a translation): X and Y;
//   - otherwise a qualifier ("Leader (Hong Kong) International", "(Sheikh) Musa Hilal"): the
//     name with the parentheses removed, and X Z without it.
// - A trailing ", born ..." clause is a note.
// Names equal to one already produced (case and spacing ignored) are produced once; at most
// kMaxPackedNames per field. A field without any of these is returned as it is (one name).
//
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.h"

namespace tamis::lists {

inline constexpr size_t kMaxPackedNames = 32;

struct PackedName {
  enum class Kind {
    kSame,            // the field's own kind (its type as the list gives it)
    kAlias,           // another name of the same entity (a.k.a.)
    kFormer,          // a former name (f.k.a.)
    kOriginalScript,  // the name in its original script
  };
  std::string text;
  Kind kind = Kind::kSame;
};

// The names in one list name field, in field order; the first is the field's own name. Empty
// when the field holds no name (blank or only notes).
std::vector<PackedName> SplitPackedNames(std::string_view field);

// Appends `name` to `names` as the names its field packs (SplitPackedNames of name.full): the
// first keeps the name's type, quality, language and parts (the parts only when its text is the
// field's); the others are a.k.a. names (f.k.a. for former names; original-script names as
// such; every piece of an original-script or f.k.a. field keeps that type) with the name's
// quality and language, and the script each is written in (lists::DetectScript); a field with
// nothing packed is appended as it is. Returns the
// number of names appended (0 when the field holds none).
size_t AppendPackedNames(Name name, std::vector<Name>* names);

}  // namespace tamis::lists
