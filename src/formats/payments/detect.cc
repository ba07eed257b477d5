// Format detection, FIN message splitting (plain and RJE) and the ParsePayments dispatch.
#include <string>

#include "core/strings.h"
#include "formats/payments/parsers.h"

namespace tamis::payments {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Where block "{N:..." starting at `at` ends (one past its '}'), or npos when unterminated.
// Block 4 in text form ("{4:" then a line break) ends at "\n-}"; other blocks balance braces.
size_t BlockEnd(std::string_view s, size_t at) {
  if (s.compare(at, 3, "{4:") == 0 && at + 3 < s.size() && (s[at + 3] == '\r' || s[at + 3] == '\n')) {
    size_t end = s.find("\n-}", at);
    return end == std::string_view::npos ? end : end + 3;
  }
  int depth = 0;
  for (size_t i = at; i < s.size(); ++i) {
    if (s[i] == '{') {
      ++depth;
    } else if (s[i] == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// "{1:", "{2:", ..., "{S:" (a block start), or false.
bool IsBlockStart(std::string_view s, size_t at) {
  return at + 2 < s.size() && s[at] == '{' && s[at + 2] == ':' &&
         ((s[at + 1] >= '1' && s[at + 1] <= '5') || s[at + 1] == 'S');
}

struct Split {
  std::vector<std::string_view> messages;
  bool saw_dollar = false;
};

Result<Split> Scan(std::string_view s, std::string_view file_name) {
  Split out;
  size_t i = 0, msg_start = std::string_view::npos, msg_end = 0;
  bool ack_open = false;  // the current message so far is an ACK/NAK wrapper only
  auto close = [&] {
    if (msg_start != std::string_view::npos) out.messages.push_back(s.substr(msg_start, msg_end - msg_start));
    msg_start = std::string_view::npos;
    ack_open = false;
  };
  while (i < s.size()) {
    char c = s[i];
    if (IsBlockStart(s, i)) {
      size_t end = BlockEnd(s, i);
      if (end == std::string_view::npos)
        return ParseError(std::string(file_name) + ": message " +
                          std::to_string(out.messages.size() + 1) + ": unterminated block {" +
                          std::string(1, s[i + 1]) + ": at byte offset " + std::to_string(i));
      if (s[i + 1] == '1') {
        if (!ack_open) close();
        bool ack = s.compare(i + 3, 3, "F21") == 0;
        if (msg_start == std::string_view::npos) msg_start = i;
        ack_open = ack;
      } else if (msg_start == std::string_view::npos) {
        msg_start = i;  // a message without block 1: the parser reports it
      }
      msg_end = end;
      i = end;
      continue;
    }
    if (c == '$') {
      out.saw_dollar = true;
      close();
    } else if (c == '{' || c == '}' || IsBlank(c) || c == '\x03' || c == '\x01') {
      // blanks, SOH/ETX and stray braces between messages (seen in real RJE exports)
    } else {
      return ParseError(std::string(file_name) + ": unexpected text outside a FIN message at byte offset " +
                        std::to_string(i) + " (line " + std::to_string(LineOfOffset(s, i)) + ")");
    }
    ++i;
  }
  close();
  return out;
}

std::string_view SkipBomAndBlanks(std::string_view s) {
  if (StartsWith(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  return s;
}

}  // namespace

std::string_view PaymentFormatName(PaymentFormat f) {
  switch (f) {
    case PaymentFormat::kIso20022: return "iso20022";
    case PaymentFormat::kMt: return "mt";
    case PaymentFormat::kRje: return "rje";
    case PaymentFormat::kUnknown: break;
  }
  return "unknown";
}

PaymentFormat DetectPaymentFormat(std::string_view bytes) {
  std::string_view s = SkipBomAndBlanks(bytes);
  if (s.empty()) return PaymentFormat::kUnknown;
  if (s.front() == '<') return PaymentFormat::kIso20022;
  if (s.front() == '$') s = SkipBomAndBlanks(s.substr(1));
  if (!IsBlockStart(s, 0)) return PaymentFormat::kUnknown;
  auto r = Scan(StartsWith(bytes, "\xEF\xBB\xBF") ? bytes.substr(3) : bytes, "");
  if (r.ok() && r->saw_dollar) return PaymentFormat::kRje;
  return PaymentFormat::kMt;
}

Result<std::vector<std::string_view>> SplitMtMessages(std::string_view bytes,
                                                      std::string_view file_name) {
  if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  TAMIS_ASSIGN_OR_RETURN(Split s, Scan(bytes, file_name));
  return std::move(s.messages);
}

Result<std::vector<Payment>> ParsePayments(std::string_view bytes, std::string_view file_name,
                                           const ParseOptions& opts) {
  switch (DetectPaymentFormat(bytes)) {
    case PaymentFormat::kIso20022: return ParseIso20022(bytes, file_name, opts);
    case PaymentFormat::kMt:
    case PaymentFormat::kRje: return ParseMt(bytes, file_name, opts);
    case PaymentFormat::kUnknown: break;
  }
  return ParseError(std::string(file_name) +
                    ": not a payment message (expected ISO 20022 XML or SWIFT MT / RJE text)");
}

}  // namespace tamis::payments
