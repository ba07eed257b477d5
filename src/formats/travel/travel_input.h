// Travel input as screening reads it: PAXLST, PNRGOV or MRZ lines (the format detected from the
// bytes), turned into flights of travellers. Pure; thread-safe.
//
// Detection: EDIFACT input (UNA / UNB, possibly after teletype header lines) holding the message
// type "PAXLST" is PAXLST, "PNRGOV" PNRGOV; otherwise lines made only of A-Z, 0-9 and '<' (or
// such lines joined by '|') are MRZ documents. MRZ documents are one per line when joined by '|',
// else consecutive lines grouped by length (3 x 30 TD1, 2 x 36, 2 x 44); a blank line also
// separates documents.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formats/travel/mrz.h"
#include "formats/travel/travel.h"

namespace tamis {

enum class TravelFormat { kDetect, kPaxlst, kPnrgov, kMrz };
std::string_view TravelFormatName(TravelFormat f);  // "detect", "paxlst", "pnrgov", "mrz"
// "paxlst", "pnrgov", "mrz", "detect" / "" -> value; kInvalidArgument otherwise.
Result<TravelFormat> ParseTravelFormat(std::string_view s);
// The format of `bytes`, kDetect when it is none of the three.
TravelFormat DetectTravelFormat(std::string_view bytes);

struct TravelInputOptions {
  TravelFormat format = TravelFormat::kDetect;
  // EDIFACT envelope counts (UNT / UNZ) that do not match are warnings (false, default: airline
  // and GTAS sample files carry stale counts) or errors (true).
  bool strict_envelope = false;
  bool accept_specimen_state = false;  // MRZ: the specimen state "UTO" is valid
  int reference_year = 2026;           // for two-digit years
};

// One traveller with where it was read.
struct TravellerItem {
  Traveller traveller;
  int index = 0;  // 1-based within its flight
  // The traveller's id for screening: "<flight id>/<index>", "<PNR locator>/<TIF reference>",
  // "mrz/<n>".
  std::string id;
  std::string pnr_locator;  // PNRGOV: the record locator
  // MRZ only: the document's format and the failed checks (empty = every check digit holds).
  std::string mrz_format;
  std::vector<MrzIssue> mrz_issues;
};

// One flight (or, for MRZ input, one batch of documents) with its travellers.
struct TravelFlight {
  FlightLeg leg;            // the leg the manifest / push is for; empty for MRZ input
  std::string id;           // "UA0989/2017-01-27", "mrz"
  std::string message;      // PAXLST UNH reference / PNRGOV UNH reference
  std::vector<FlightLeg> legs;  // every leg of the manifest (PAXLST)
  int declared_passengers = -1;
  int declared_crew = -1;
  std::vector<TravellerItem> travellers;
};

struct TravelBatch {
  TravelFormat format = TravelFormat::kDetect;
  std::vector<TravelFlight> flights;
  std::vector<std::string> warnings;  // parser warnings, each naming its segment
  // Documents that could not be read at all (an MRZ of wrong shape), each naming its line; the
  // rest of the batch is read.
  std::vector<std::string> errors;
};

// Parses `bytes` (named `name` in messages). Errors: kParseError when the format cannot be
// detected or the interchange is unreadable (the parser's message names the segment).
Result<TravelBatch> ReadTravelInput(std::string_view bytes, std::string_view name, const TravelInputOptions& options = {});

}  // namespace tamis
