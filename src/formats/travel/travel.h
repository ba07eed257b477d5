// Values shared by the travel message parsers (PAXLST, PNRGOV, MRZ): travellers, their
// documents and flights, and the small code tables they need (ICAO 9303 nationality codes,
// two-digit-year dates). Plain values; pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/entity.h"

namespace tamis {

enum class TravellerRole {
  kPassenger,  // PAXLST NAD FL / DDT, every PNRGOV TIF
  kCrew,       // PAXLST NAD FM / DDU / COT (and VW on CBP ACE truck manifests)
  kOther,      // a person party with a qualifier this parser does not know (kept, with a warning)
};
std::string_view TravellerRoleName(TravellerRole r);  // "passenger", "crew", "other"

// An identity or travel document.
struct TravelDocument {
  std::string number;  // as written, blanks trimmed
  // Document type code as written: "P" passport, "V" visa, "I" / "ID", "C", "5K"...
  std::string type;
  std::string issuer;              // issuing country as written ("GBR", "US", "D")
  std::string issuer_iso;          // ISO 3166-1 alpha-2 of `issuer`, "" when unknown or not a state
  std::string issuer_subdivision;  // state / province when given (PAXLST LOC 91 qualifier 163)
  PartialDate expiry;              // year 0 = not given
  PartialDate issued;              // year 0 = not given
  bool operator==(const TravelDocument&) const = default;
};

// One flight leg (or other conveyance) of a manifest or itinerary.
struct FlightLeg {
  std::string carrier;            // "UA"
  std::string flight_number;      // "UA0989" (PAXLST TDT 8028 as written) / "324" (PNRGOV TVL)
  std::string departure_airport;  // IATA code: "FRA"
  std::string arrival_airport;    // "IAD"
  std::string departure_time;     // local, ISO 8601 "2017-01-27T17:25" or "2017-01-27"; "" unknown
  std::string arrival_time;
  int segment = 0;  // interchange segment number of the TDT / TVL
  bool operator==(const FlightLeg&) const = default;
};

// A named traveller.
struct Traveller {
  TravellerRole role = TravellerRole::kPassenger;
  std::string role_code;                 // "FL", "FM", "DDT", ...; "TIF" for PNRGOV
  std::string surname;                   // as written, '<' fillers and blanks trimmed
  std::vector<std::string> given_names;  // in order, each as written
  Gender gender = Gender::kUnknown;
  PartialDate dob;                         // year 0 = not given
  std::vector<std::string> nationalities;  // as written ("GBR", "US", "D")
  // ISO alpha-2 of those that map, same order, no blanks.
  std::vector<std::string> nationalities_iso;
  std::vector<TravelDocument> documents;
  std::string residence_country;  // LOC 174 as written
  std::string birth_place;        // LOC 180 text
  std::string embarkation;        // LOC 178
  std::string debarkation;        // LOC 179
  std::string clearance;          // LOC 22 (port of first arrival / clearance)
  std::string address;            // NAD street / city / postcode, joined by ", "
  std::vector<std::pair<std::string, std::string>> references;  // RFF qualifier, value
  std::string occupation;               // PAXLST EMP occupation code ("CR1" pilot, ...), "" absent
  std::vector<std::string> indicators;  // PAXLST GEI processing indicators ("173", "ZZZ")
  int segment = 0;                      // interchange segment number of the NAD / TIF
  // Given names joined by spaces then the surname: "ANNA MARIA ERIKSSON".
  std::string FullName() const;
};

// Maps a nationality / issuer code as ICAO Doc 9303 part 3 writes it to ISO 3166-1 alpha-2:
// every ISO alpha-3 or alpha-2 code, "D" (Germany), "GBD"/"GBN"/"GBO"/"GBP"/"GBS" (British
// nationals of other kinds -> "GB"), "EUE" (European Union -> "EU"), "RKS" (Kosovo -> "XK").
// Codes of organisations and of no state ("UNO", "UNA", "UNK", "XBA", "XIM", "XCC", "XCE", "XCO",
// "XEC", "XES", "XMP", "XOM", "XPO", "XXA" stateless, "XXB" refugee, "XXC", "XXX" unspecified) and
// the specimen state "UTO" return "" with *known = true. Anything else: "" with *known = false.
std::string IcaoToIso(std::string_view code, bool* known = nullptr);

// Reads a numeric date: "YYMMDD", "CCYYMMDD" (optionally followed by "HHMM", which is ignored),
// or "DDMMMYY" ("12JUL64", as PNR SSR DOCS writes it). A two-digit year is taken in the century
// that puts it at most `future_years` after `reference_year` (dates of birth: 0; expiry: 50).
// Day or month "00" / "<<" means unknown (partial date). nullopt for anything else.
std::optional<PartialDate> ParseTravelDate(std::string_view text, int reference_year,
                                           int future_years);

// PartialDate::ToString() without a heap string or printf: writes "YYYY", "YYYY-MM" or
// "YYYY-MM-DD" into `buf` and returns it ("" when the year is 0). For years outside 1..9999 (or a
// month / day outside 0..99) it falls back to ToString(), kept in `spill`.
std::string_view PartialDateText(const PartialDate& d, char (&buf)[16], std::string* spill);

// "1701271725" (YYMMDDHHMM, EDIFACT format 201), "201701271725" (203), "170127" (101),
// "20170127" (102) -> "2017-01-27T17:25" / "2017-01-27". "" when unreadable.
std::string EdifactDateTime(std::string_view text);

}  // namespace tamis
