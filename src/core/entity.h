// The canonical entity model: one shape for every list Tamis ingests (UN, OFAC, EU, UK,
// OpenSanctions, a user's own watchlist). Importers in src/formats/lists fill it; the store
// keeps it as canonical JSON (src/formats/entity_json.h); screening reads it.
// Plain values: no I/O, copyable, safe to share read-only across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tamis {

enum class EntityKind { kUnknown, kPerson, kOrganisation, kVessel, kAircraft };
std::string_view EntityKindName(EntityKind k);  // "person", "organisation", ...
// Parses the names above (and "individual", "entity", "company", "organization"); kUnknown otherwise.
EntityKind ParseEntityKind(std::string_view s);

enum class NameType {
  kPrimary,         // the list's main name
  kAka,             // also known as
  kFka,             // formerly known as
  kNka,             // now known as
  kOriginalScript,  // the name in its original (non-Latin) script, e.g. UN NAME_ORIGINAL_SCRIPT
};
std::string_view NameTypeName(NameType t);  // "primary", "aka", "fka", "nka", "original_script"
NameType ParseNameType(std::string_view s);  // unknown text -> kAka

// The list's own judgement of an alias (UN QUALITY "Good"/"Low", OFAC "strong"/"weak").
enum class NameQuality { kUnspecified, kStrong, kWeak, kLow };
std::string_view NameQualityName(NameQuality q);  // "", "strong", "weak", "low"
NameQuality ParseNameQuality(std::string_view s);  // "good"/"strong"/"a" -> strong, ...

enum class NamePartRole { kGiven, kMiddle, kFamily, kPatronymic, kTitle, kOther };
std::string_view NamePartRoleName(NamePartRole r);  // "given", "middle", "family", ...
NamePartRole ParseNamePartRole(std::string_view s);

struct NamePart {
  NamePartRole role = NamePartRole::kOther;
  std::string value;
  bool operator==(const NamePart&) const = default;
};

struct Name {
  std::string full;                 // the whole name as the list writes it (UTF-8)
  NameType type = NameType::kPrimary;
  NameQuality quality = NameQuality::kUnspecified;
  std::vector<NamePart> parts;      // where the list splits the name; may be empty
  std::string script;               // ISO 15924 code when known ("Arab", "Cyrl"); "" = unknown/Latin
  std::string language;             // ISO 639 code when the list says so; "" otherwise
  bool operator==(const Name&) const = default;
};

// A calendar date of which only some parts may be known (0 = unknown).
struct PartialDate {
  int year = 0;
  int month = 0;
  int day = 0;
  bool known() const { return year != 0; }
  // "1971", "1971-03", "1971-03-15"; "" when the year is unknown.
  std::string ToString() const;
  bool operator==(const PartialDate&) const = default;
};

struct DateOfBirth {
  enum class Kind {
    kExact,  // `from` holds the date (year only / year-month / full)
    kRange,  // between `from` and `to` inclusive
    kCirca,  // approximately `from`
  };
  Kind kind = Kind::kExact;
  PartialDate from;
  PartialDate to;    // kRange only
  std::string raw;   // the text as the list gave it, when it was free text
  bool operator==(const DateOfBirth&) const = default;
};
std::string_view DobKindName(DateOfBirth::Kind k);  // "exact", "range", "circa"

struct Place {
  std::string text;          // free text as given ("Mosul, Iraq")
  std::string city;
  std::string region;
  std::string country_code;  // ISO 3166-1 alpha-2, upper case; "" if unknown
  bool operator==(const Place&) const = default;
};

struct IdentityDocument {
  // Normalised type: "passport", "national_id", "tax_id", "swift_bic", "imo", "mmsi",
  // "registration", "driving_licence", "ssn", "other" (free text kept in `note`).
  std::string type;
  std::string number;
  std::string country_code;  // issuing country, ISO 3166-1 alpha-2
  std::string issued;        // ISO date text when given
  std::string expires;
  std::string note;          // list's remark ("issued under name X", "expired")
  bool operator==(const IdentityDocument&) const = default;
};

struct Address {
  std::string full;          // the address as one line
  std::string street;
  std::string city;
  std::string region;
  std::string postal_code;
  std::string country_code;  // ISO 3166-1 alpha-2
  std::string note;
  bool operator==(const Address&) const = default;
};

enum class Gender { kUnknown, kMale, kFemale };
std::string_view GenderName(Gender g);  // "", "male", "female"
Gender ParseGender(std::string_view s);

struct Entity {
  std::string id;         // stable "<source>:<native id>", e.g. "un:QDi.001", "ofac:6908"
  std::string source;     // "un", "ofac", "eu", "uk", "os", or a user list name
  std::string native_id;  // the list's own identifier
  EntityKind kind = EntityKind::kUnknown;
  std::vector<Name> names;  // names[0] is the primary name when the list has one
  std::vector<DateOfBirth> dates_of_birth;
  std::vector<Place> places_of_birth;
  std::vector<std::string> nationalities;  // ISO 3166-1 alpha-2
  std::vector<std::string> citizenships;   // ISO 3166-1 alpha-2
  Gender gender = Gender::kUnknown;
  std::vector<IdentityDocument> documents;
  std::vector<Address> addresses;
  std::vector<std::string> programs;       // "SDGT", "ISIL (Da'esh) and Al-Qaida", ...
  std::vector<std::string> titles;         // "Sheikh", "Dr", positions/designations
  std::string listed_on;                   // ISO date "2001-01-25" or ""
  std::string last_updated;                // ISO date or ""
  std::vector<std::string> related_ids;    // canonical ids of linked entities ("ofac:1234")
  std::vector<std::string> external_refs;  // other lists' ids for the same subject ("un:QDi.006")
  std::string remarks;                     // free text
  std::string source_record;               // the list's record, verbatim, for audit
  bool operator==(const Entity&) const = default;

  // The primary name's full text, or the first name's, or "".
  const std::string& PrimaryName() const;
};

// A non-fatal note from an importer: an orphan row, an unparsed remark, a skipped field.
struct ImportWarning {
  std::string location;  // "alt.csv line 1234" / "UN_consolidated.xml INDIVIDUAL QDi.006"
  std::string message;
};

// What an importer produces from one source. Entities are unique by id.
struct ParsedList {
  std::string source;         // "un", "ofac", ...
  std::string format;         // "un_xml", "ofac_csv", "ofac_xml", "eu_xml", "uk_conlist", "uk_fcdo", "ftm", "senzing", "tamis_csv", "tamis_jsonl"
  std::string list_date;      // the list's own generation date when it states one
  std::vector<Entity> entities;
  std::vector<ImportWarning> warnings;
  int64_t skipped_records = 0;  // rows skipped (orphans, duplicates the format allows)
};

}  // namespace tamis
