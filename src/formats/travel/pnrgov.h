// PNRGOV (IATA/ICAO/WCO passenger name record push, EDIFACT versions 10.1, 11.1, 13.1).
//
// What is read, per message:
//   TVL, EQN before the first SRC   the flight the push is for; number of PNRs declared
//   SRC                             starts a PNR; RCI its record locator (airline:locator)
//   TIF                             a passenger (surname; given name with the title the airline
//                                   appends stripped: "JOHNMR" -> "JOHN"; type A/C/IN; reference)
//   SSR DOCS / DOCO / DOCA          travel document (type, issuer, number, nationality, birth
//                                   date, gender, expiry), visa / other document and birth
//                                   place, address; attached to the passenger they follow
//   TVL after the passengers        the itinerary (DDMMYY dates; non-air entries without an
//                                   arrival point are skipped); TIF under TRI there only refers
//                                   back to a passenger and is not a new one
//   ADD, IFT "CTC..." OSI texts,    contacts: addresses, phones, e-mails ("//" -> "@")
//   SSR CTCE / CTCM / CTCH / CTCB
//   FOP                             payment: type (CC, CA, MS...), amount, card vendor, masked
//                                   number, expiry
//   ABI and what follows it, SAC    history: skipped (not the PNR as it stands)
// Everything else (DAT, FTI, REF, FAR, TKT, MON, PTK, TXD, TRI, SSD, TBD, LTS, ...) is
// tolerated. Pure; thread-safe. A file name is used only in messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formats/travel/edifact.h"
#include "formats/travel/travel.h"

namespace tamis {

struct PnrPassenger {
  Traveller traveller;         // role passenger, role_code "TIF", documents from SSR DOCS/DOCO
  std::string given_raw;       // TIF given name as written ("JOHNMR")
  std::string passenger_type;  // TIF 6353: "A" adult, "C" child, "IN" infant; "" absent
  std::string reference;       // TIF 9944 passenger reference ("1")
  std::vector<std::string> tickets;  // TKT numbers
};

struct PnrContact {
  std::string kind;    // "address", "phone", "email"
  std::string value;   // address parts joined by ", "; e-mail decoded; phone as written
  int passenger = -1;  // index into PnrRecord::passengers, -1 = the PNR's own contact
  int segment = 0;
};

struct PnrPayment {
  std::string type;         // FOP 9888: "CC" card, "CA" cash, "MS", ...
  std::string amount;       // as written ("250.00"), "" when absent
  std::string card_vendor;  // "VI"
  std::string card_number;  // as written (usually masked)
  std::string card_expiry;  // MMYY as written
  int passenger = -1;
  int segment = 0;
};

struct PnrRecord {
  std::string locator;          // RCI record locator ("MFN4TI")
  std::string locator_airline;  // RCI airline ("DL")
  std::vector<PnrPassenger> passengers;
  std::vector<FlightLeg> itinerary;
  std::vector<PnrContact> contacts;
  std::vector<PnrPayment> payments;
  int segment = 0;  // the SRC segment
};

struct PnrMessage {
  std::string reference;      // UNH 0062
  std::string version;        // "11:1"
  FlightLeg flight;           // the pushed flight (message-level TVL); empty fields when absent
  int declared_records = -1;  // EQN, -1 when absent
  std::vector<PnrRecord> records;
};

struct PnrgovOptions {
  EdifactOptions edifact;     // envelope checks (strict by default)
  int reference_year = 2026;  // for two-digit years (see ParseTravelDate)
};

struct PnrgovResult {
  std::vector<PnrMessage> messages;
  std::vector<std::string> warnings;  // the envelope's and the parser's, each naming its segment
};

// Parses every PNRGOV message of an interchange. Errors: the envelope's (see ParseEdifact); a
// message that is not PNRGOV. Unreadable DOCS dates and an EQN count that does not match are
// warnings naming the segment.
Result<PnrgovResult> ParsePnrgov(std::string_view data, std::string_view name,
                                 const PnrgovOptions& options = {});

// Decodes an e-mail as PNRs write it: "//" -> "@", ".." -> "_", "./" -> "-".
std::string DecodePnrEmail(std::string_view text);

// Splits an SSR free text on '/', after one leading '/' ("/P/GBR/123" -> {"P", "GBR", "123"}).
std::vector<std::string> SplitSsrText(std::string_view text);

}  // namespace tamis
