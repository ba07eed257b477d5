// Payment message parsers: ISO 20022 (pacs.008, pacs.009, pain.001) and SWIFT MT (MT103,
// MT202, MT202COV, MT101), and the detection of which one a file holds. Every function
// parses from bytes; `file_name` is used only in error and warning messages. Pure
// functions: thread-safe, no I/O, no globals. Errors are kParseError naming the file, the
// message index (MT) or line (XML), and the field or element at fault; kResourceExhausted
// above ParseOptions::max_bytes. Outside data never crashes them (fuzz_iso20022, fuzz_mt).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formats/payments/payment.h"

namespace tamis::payments {

struct ParseOptions {
  int64_t max_bytes = 64ll << 20;  // a larger input is kResourceExhausted (default 64 MiB)
  int max_messages = 1'000'000;    // more messages (or transactions) is kResourceExhausted
};

// What a file holds, judged from its first non-blank bytes (a UTF-8 BOM is skipped).
enum class PaymentFormat {
  kUnknown,
  kIso20022,  // XML: a Document, possibly inside an envelope with an AppHdr
  kMt,        // one or more SWIFT FIN messages "{1:...}" back to back
  kRje,       // SWIFT RJE: FIN messages separated by '$' lines
};
std::string_view PaymentFormatName(PaymentFormat f);  // "unknown", "iso20022", "mt", "rje"

// Detects the format of `bytes`. Never fails; kUnknown when no format fits.
PaymentFormat DetectPaymentFormat(std::string_view bytes);

// Splits MT or RJE text into its FIN messages (each "{1:...}...", without '$' separators or
// surrounding blanks), as views into `bytes`. An ACK/NAK wrapper ("{1:F21...}{4:{177:..}
// {451:0}}") stays with the message it precedes. Errors: kParseError when text outside a
// message is not blank or '$' (naming the byte offset), or for an unbalanced '{'.
Result<std::vector<std::string_view>> SplitMtMessages(std::string_view bytes,
                                                      std::string_view file_name);

// Parses an ISO 20022 XML file: one Payment per CdtTrfTxInf (pain.001: group header and
// PmtInf data copied into each). The message type and version come from the Document's
// namespace ("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08", or a national variant whose
// namespace contains "pain.001.001.03"); an unknown namespace is a kParseError naming it.
Result<std::vector<Payment>> ParseIso20022(std::string_view bytes, std::string_view file_name,
                                           const ParseOptions& opts = {});

// Parses one or more SWIFT MT messages (plain FIN or RJE): one Payment per message (MT101:
// per sequence B transaction). Errors name "message N" (1-based) and the field tag.
Result<std::vector<Payment>> ParseMt(std::string_view bytes, std::string_view file_name,
                                     const ParseOptions& opts = {});

// Parses one FIN message as SplitMtMessages returns it (0-based `message_index` in its file),
// appending its payments to *out. Errors name "message <message_index + 1>"; *out may then
// hold nothing of this message. Lets a batch report a bad message and screen the rest.
Status ParseMtMessage(std::string_view message, int message_index, std::string_view file_name,
                      const ParseOptions& opts, std::vector<Payment>* out);

// Detects the format and parses with the matching parser. kParseError for kUnknown.
Result<std::vector<Payment>> ParsePayments(std::string_view bytes, std::string_view file_name,
                                           const ParseOptions& opts = {});

}  // namespace tamis::payments
