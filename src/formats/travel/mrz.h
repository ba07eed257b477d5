// ICAO Doc 9303 machine readable zones: TD1 (3 x 30, identity cards), TD2 (2 x 36), TD3
// (2 x 44, passports), MRV-A (2 x 44) and MRV-B (2 x 36) visas, and the French national identity
// card (2 x 36, "IDFRA...", its own layout). Pure; thread-safe.
//
// Shape errors (no known format for the line count and lengths, characters other than A-Z, 0-9
// and '<') are the returned Status. Content problems are MrzResult::issues, each naming the
// field the way the cheminfo/mrz reference does ("documentNumberCheckDigit", "birthDate",
// "issuingState", "compositeCheckDigit", ...): every check digit (document number, including
// the long-number form whose digit sits in the optional data; birth date; expiry; personal
// number; the composite), impossible dates, sex codes, and state codes that are not ICAO codes.
// The specimen state "UTO" (Utopia) counts as an invalid state code unless
// MrzOptions::accept_specimen_state, as in the reference tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formats/travel/travel.h"

namespace tamis {

enum class MrzFormat { kTd1, kTd2, kTd3, kMrvA, kMrvB, kFrenchId };
std::string_view MrzFormatName(
    MrzFormat f);  // "TD1", "TD2", "TD3", "MRV-A", "MRV-B", "FRENCH_NATIONAL_ID"

struct MrzIssue {
  std::string field;    // "documentNumberCheckDigit", "birthDate", ...
  std::string message;  // "invalid check digit: 6. Must be 3"
  int line = 0;         // 0-based MRZ line and column of the field's first character
  int column = 0;
};

// One character changed by MrzOptions::autocorrect (OCR confusions: O/0, I/1, Z/2, S/5, G/6, B/8).
struct MrzCorrection {
  int line = 0;
  int column = 0;
  char original = 0;
  char corrected = 0;
};

struct MrzFields {
  std::string document_code;    // "P", "PO", "I", "ID", "V"
  std::string issuing_state;    // as written without fillers: "UTO", "D"
  std::string document_number;  // without fillers; long TD1/TD2 numbers joined ("D23145890123")
  std::string nationality;      // "" for the French card (FRA implied)
  std::string birth_date;       // raw YYMMDD ("740812")
  std::string expiry_date;      // raw YYMMDD; "" for the French card
  std::string sex;              // "M", "F", "X" or "" (unspecified '<')
  std::string optional1;  // TD1 line 1 / TD2, TD3 (personal number), MRV optional data; fillers ->
                          // ' ', trimmed
  std::string optional2;  // TD1 line 2 optional data; French card administrative code
  std::string surname;    // fillers -> ' ': "CACADOR DE ARAUJO"; "" when the name starts with "<<"
  std::vector<std::string> given_names;  // ["ANNA", "MARIA"]
  bool name_truncated = false;    // the name field is full (the last character is not a filler)
  PartialDate dob;                // from birth_date (century: never after reference_year)
  PartialDate expiry;             // from expiry_date (century: at most 50 years ahead)
  std::string issuing_state_iso;  // ISO alpha-2 (IcaoToIso), "" when none
  std::string nationality_iso;
  bool operator==(const MrzFields&) const = default;
};

struct MrzResult {
  MrzFormat format = MrzFormat::kTd3;
  MrzFields fields;
  std::vector<MrzIssue> issues;            // empty = valid
  std::vector<MrzCorrection> corrections;  // only with autocorrect
  bool valid() const { return issues.empty(); }
  // The holder as a Traveller (role passenger, one document: number, code, issuer, expiry).
  Traveller ToTraveller() const;
};

struct MrzOptions {
  bool autocorrect = false;            // fix OCR confusions by field kind before checking
  bool accept_specimen_state = false;  // "UTO" is a valid state code when true
  int reference_year = 2026;           // for two-digit years (see ParseTravelDate)
};

// Parses an MRZ given as lines separated by '\n' (optionally "\r\n") or '|'; blank lines and
// trailing blanks are ignored. Errors (kParseError): a line count / line length that is no
// known format (the message gives the counts and lengths), a character outside A-Z 0-9 '<'.
Result<MrzResult> ParseMrz(std::string_view text, const MrzOptions& options = {});

// The ICAO 9303 check digit of `s` (weights 7, 3, 1; A-Z = 10..35; '<' = 0), or -1 when `s`
// holds another character.
int MrzCheckDigit(std::string_view s);

}  // namespace tamis
