// The canonical payment message value: what every payment parser (ISO 20022 pacs.008,
// pacs.009, pain.001; SWIFT MT103, MT202, MT202COV, MT101) produces, one Payment per
// transaction. It keeps every party with its role, the identifiers and the free text a
// screening engine needs; it is not a full model of either standard. Plain values: safe to
// copy and to share across threads once built.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tamis::payments {

// The family a message came from.
enum class MessageSyntax { kIso20022, kMt };

// What a party does in the payment. ISO 20022 element names in comments; MT fields map to
// the ISO role of the CBPR+ translation (52a -> debtor agent, 56a -> intermediary 1, ...).
enum class PartyRole {
  kDebtor,                          // Dbtr; MT 50a ordering customer
  kCreditor,                        // Cdtr; MT 59a beneficiary customer
  kUltimateDebtor,                  // UltmtDbtr
  kUltimateCreditor,                // UltmtCdtr
  kInitiatingParty,                 // InitgPty (pain.001); MT101 50C/L instructing party
  kDebtorAgent,                     // DbtrAgt; MT103 52a
  kCreditorAgent,                   // CdtrAgt; MT 57a
  kIntermediaryAgent1,              // IntrmyAgt1; MT 56a
  kIntermediaryAgent2,              // IntrmyAgt2
  kIntermediaryAgent3,              // IntrmyAgt3
  kInstructingAgent,                // InstgAgt
  kInstructedAgent,                 // InstdAgt
  kPreviousInstructingAgent,        // PrvsInstgAgt1..3; MT 72 /INS/
  kInstructingReimbursementAgent,   // SttlmInf/InstgRmbrsmntAgt; MT 53a sender's correspondent
  kInstructedReimbursementAgent,    // SttlmInf/InstdRmbrsmntAgt; MT 54a receiver's correspondent
  kThirdReimbursementAgent,         // SttlmInf/ThrdRmbrsmntAgt; MT 55a
  kOrderingInstitution,             // MT202 52a (pacs.009 Dbtr is read as kDebtor)
  kBeneficiaryInstitution,          // MT202 58a (pacs.009 Cdtr is read as kCreditor)
  kAccountWithInstitution,          // MT101 57a when no creditor agent role fits (unused today)
  kSender,                          // MT block 1/2 sender; AppHdr Fr
  kReceiver,                        // MT block 1/2 receiver; AppHdr To
};

// Stable snake_case name, e.g. "debtor_agent", "intermediary_agent1".
std::string_view PartyRoleName(PartyRole role);

enum class PartyKind { kUnknown, kPerson, kOrganisation };
std::string_view PartyKindName(PartyKind kind);  // "unknown", "person", "organisation"

// An identifier of a party other than its BIC or account: LEI, an organisation or person
// id with its scheme ("COID", "CUST", "ARNU", a national id type), a clearing member id.
struct PartyIdentifier {
  std::string type;    // "lei", "org", "person", "clearing", "mt_code" (MT 50F/59F code)
  std::string scheme;  // SchmeNm/Cd or Prtry, the clearing system code, or the MT code word
  std::string value;
  std::string issuer;  // may be empty
};

struct PostalAddress {
  std::string street, building_number, post_code, town, country_subdivision;
  std::string country;                  // ISO 3166 alpha-2 when the message gave one
  std::vector<std::string> lines;       // AdrLine / unstructured MT address lines, in order
  bool empty() const;
};

struct Party {
  PartyRole role = PartyRole::kDebtor;
  PartyKind kind = PartyKind::kUnknown;
  bool is_institution = false;  // a financial institution (an agent, MT 52a-58a)
  std::string name;             // as given, spaces collapsed; "" when only a BIC is known
  std::string bic;              // upper case as given (8 or 11 characters)
  std::string account;          // IBAN or other account id, as given (spaces removed for IBAN)
  bool account_is_iban = false;
  std::string iban_country;     // first two letters of an IBAN account, else ""
  PostalAddress address;
  std::string country;          // country of residence, else the address country, else ""
  std::vector<PartyIdentifier> identifiers;
  std::string source;           // where it was read: XML path ("CdtTrfTxInf/Dbtr") or MT tag ("50K")
};

// Free text kept with where it came from (MT 70, 72, 77B; ISO InstrForNxtAgt, Purp/Prtry).
struct FreeText {
  std::string source;               // "70", "72", "InstrForNxtAgt", ...
  std::vector<std::string> lines;
};

struct Remittance {
  std::vector<std::string> unstructured;  // Ustrd lines / MT 70 lines
  std::vector<std::string> references;    // Strd/CdtrRefInf/Ref, RfrdDocInf/Nb
};

// The acknowledgement a SWIFT message was wrapped in, if any (block 4 field 451).
enum class AckStatus { kNone, kAck, kNak };

struct Payment {
  MessageSyntax syntax = MessageSyntax::kIso20022;
  std::string message_type;     // "pacs.008", "pacs.009", "pain.001", "MT103", "MT202", "MT202COV", "MT101"
  std::string message_version;  // ISO "001.08"; MT "" (or the variant: "STP", "REMIT")
  std::string variant;          // ISO namespace as given; MT 119 validation flag
  bool cover = false;           // pacs.009 COV / MT202COV: carries an underlying customer transfer

  int message_index = 0;        // 0-based index of the message in its file
  int transaction_index = 0;    // 0-based index of the transaction in its message

  std::string msg_id;           // GrpHdr/MsgId; MT 20
  std::string business_msg_id;  // AppHdr BizMsgIdr; MT 108 MUR
  std::string payment_info_id;  // pain.001 PmtInfId
  std::string instruction_id;   // InstrId; MT 20 too
  std::string end_to_end_id;    // EndToEndId; MT 70 /ROC/ or 121-derived ""
  std::string uetr;             // UETR; MT block 3 field 121
  std::string tx_id;            // TxId; MT 21 (related reference)

  std::string amount;           // decimal with '.', as given (MT ',' turned into '.')
  std::string currency;         // ISO 4217
  std::string instructed_amount;    // InstdAmt; MT 33B
  std::string instructed_currency;
  std::string creation_date_time;   // GrpHdr/CreDtTm
  std::string settlement_date;      // IntrBkSttlmDt; MT 32A date, as YYYY-MM-DD
  std::string requested_execution_date;  // pain.001 ReqdExctnDt; MT101 30
  std::string charge_bearer;        // ChrgBr (DEBT/CRED/SHAR/SLEV); MT 71A (OUR/BEN/SHA)
  std::vector<std::string> charges; // MT 71F/71G, "USD10.00"; ISO ChrgsInf/Amt
  std::string purpose_code;         // Purp/Cd, CtgyPurp/Cd; MT 26T
  std::string bank_operation_code;  // MT 23B; ISO SvcLvl/Cd
  std::vector<std::string> instruction_codes;  // MT 23E; ISO InstrForCdtrAgt/Cd
  AckStatus ack = AckStatus::kNone;

  std::vector<Party> parties;   // in message order
  Remittance remittance;
  std::vector<FreeText> free_text;
  std::vector<std::string> warnings;  // tolerated oddities, each naming message and field

  // The first party with `role`, or nullptr. Pointer valid while the Payment lives unchanged.
  const Party* Find(PartyRole role) const;
};

// The country of an IBAN ("DE89..." -> "DE"), or "" when `account` does not start with two
// letters and two digits.
std::string IbanCountry(std::string_view account);

// True for a syntactically plausible BIC: 4 letters, 2 letters (country), 2 alphanumerics,
// optional 3 alphanumerics (8 or 11 characters).
bool LooksLikeBic(std::string_view s);

}  // namespace tamis::payments
