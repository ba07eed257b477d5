// PAXLST passenger and crew manifests: UN/EDIFACT D02B / D05B as the WCO/IATA/ICAO API
// guidelines use them, the US CBP APIS variant (D02B/D05B with NAD FL/FM/DDT/DDU/COT), and the
// CBP ACE e-Manifest crew variant (D03B, NAD VW, DTM 329 as CCYYMMDD).
//
// What is read, per message:
//   BGM           document code (745 passengers, 250 crew, 266 ...)
//   TDT           starts a flight leg (8028 flight id, 3127 carrier); LOC 125 / 87 (departure /
//                 arrival airport), LOC 92 (routing: first departure, then arrival), DTM 189 / 232
//                 (departure / arrival time) after it
//   NAD           a traveller when its qualifier is a person party (FL, DDT passengers; FM, DDU,
//                 COT, VW crew; an unknown qualifier other than the reporting / contact parties MS,
//                 CP, BA, DL, ... gives TravellerRole::kOther and a warning): name 3036 surname
//                 then given names, street / city / postcode
//   ATT 2         gender (M / F; anything else unknown)
//   DTM 329       date of birth; DTM 36 / 182 after a DOC: its expiry / issue date
//   NAT 2         nationality; LOC 178/179/174/180/22 embarkation, debarkation, residence,
//                 birth place, clearance; LOC 91 after a DOC: its issuer (qualifier 163: state)
//   RFF           references kept as (qualifier, value); DOC document type and number
//   EMP / GEI     occupation code / processing indicators of the traveller they follow
//   CNT 41 / 42   crew / passenger counts (a mismatch with the travellers read is a warning)
//   COM, FTX and unknown segments are tolerated.
// Multipart messages (the same UNH common access reference 0068 with a sequence 0070 and C / F
// markers) are joined into one Manifest, parts ordered by sequence number; a missing part or no
// final 'F' part is a warning.
//
// Pure; thread-safe. A file name is used only in messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formats/travel/edifact.h"
#include "formats/travel/travel.h"

namespace tamis {

// One manifest: a PAXLST message, or a multipart set of them joined.
struct Manifest {
  std::string message_ref;        // UNH 0062 of the first part
  std::string common_access_ref;  // UNH 0068 ("" when not multipart)
  std::string version;            // "D:02B", "D:05B", "D:03B"
  std::string document_code;      // BGM 1001 ("745", "250")
  std::string sender;             // UNB sender
  std::string reporting_party;    // NAD MS name
  int parts = 1;                  // messages joined into this manifest
  std::vector<FlightLeg> flights;
  std::vector<Traveller> travellers;
  int declared_passengers = -1;  // CNT 42, -1 when absent
  int declared_crew = -1;        // CNT 41, -1 when absent
  size_t CountRole(TravellerRole r) const;
};

struct PaxlstOptions {
  EdifactOptions edifact;  // envelope checks (strict by default)
  // The current year, for two-digit years: a date of birth is never later than it, an expiry at
  // most 50 years after it. Callers pass their clock's year.
  int reference_year = 2026;
  // An unreadable date (DTM 329 "781306") is an error (true) or a warning with the date left
  // unknown (false, default).
  bool strict_dates = false;
};

struct PaxlstResult {
  std::vector<Manifest> manifests;
  std::vector<std::string> warnings;  // the envelope's and the parser's, each naming its segment
};

// Parses every PAXLST message of an interchange. Errors: the envelope's (see ParseEdifact); a
// message that is not PAXLST; with strict_dates a bad date. Each error names `name`, segment
// number and line.
Result<PaxlstResult> ParsePaxlst(std::string_view data, std::string_view name,
                                 const PaxlstOptions& options = {});

}  // namespace tamis
