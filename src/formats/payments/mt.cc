// SWIFT MT (FIN) -> Payment values: MT103 (and STP / REMIT), MT202, MT202COV, MT101.
//
// Mapping notes:
//  - Block 1 (basic header) and block 2 (application header) give the sender and receiver
//    BICs (logical terminal without its terminal letter): for an output message ("O") the
//    sender is in block 2 and the receiver in block 1, for an input message ("I") the reverse.
//  - Block 3: 108 -> business_msg_id, 121 -> uetr, 119 -> variant ("COV" makes MT202COV).
//  - An ACK/NAK wrapper ({1:F21...}{4:{177:...}{451:0|1}}) before the message sets `ack`.
//  - MT103: 50a debtor, 52a debtor agent, 53a/54a/55a reimbursement agents, 56a
//    intermediary 1, 57a creditor agent, 59a creditor, 70 remittance (and free text),
//    72 free text (its /INS/ line a previous instructing agent), 71A charge bearer.
//  - MT202: 52a ordering institution, 58a beneficiary institution; MT202COV sequence B
//    (from its first 50a) gives the underlying customer parties (source "B/50K", ...).
//  - MT101: sequence A (50C/L instructing party, 50G/H ordering customer, 52a, 30) is copied
//    into one Payment per sequence B transaction (from each field 21).
//  - 50F / 59F structured lines: 1/ name, 2/ address, 3/ country/town, 4/ date of birth,
//    5/ place of birth, 6/ customer id, 7/ national id, 8/ more; a party identifier line
//    "CODE/CC/value" becomes an identifier (type "mt_code").
#include <string>
#include <utility>

#include "core/strings.h"
#include "formats/payments/parsers.h"

namespace tamis::payments {
namespace {

struct Field {
  std::string tag;                 // "50K"
  std::vector<std::string> lines;  // value lines, CR removed
};

struct Message {
  std::string block1, block2;
  std::vector<std::pair<std::string, std::string>> block3;
  bool has_block4 = false;
  std::vector<Field> fields;
  AckStatus ack = AckStatus::kNone;
};

class MtParser {
 public:
  MtParser(std::string_view name, int index) : name_(name), index_(index) {}

  Status Parse(std::string_view text, std::vector<Payment>* out, const ParseOptions& opts);

 private:
  std::string Where() const {
    return std::string(name_) + ": message " + std::to_string(index_ + 1);
  }
  Status Error(std::string_view msg) const { return ParseError(Where() + ": " + std::string(msg)); }
  Status FieldError(const Field& f, std::string_view msg) const {
    return ParseError(Where() + " field " + f.tag + ": " + std::string(msg));
  }

  Status ReadBlocks(std::string_view text, Message& m);
  Status ReadFields(std::string_view body, Message& m);
  Status ReadParty(const Field& f, PartyRole role, std::string_view prefix, Payment& pay);
  Status ReadAmount(const Field& f, bool with_date, Payment& pay, bool instructed);
  Status ApplyField(const Field& f, Payment& pay, bool seq_b);

  std::string_view name_;
  int index_;
  std::string type_;
};

// Reads "{N:content}" blocks. Block 3 / 5 and a system block 4 hold nested {tag:value}.
Status MtParser::ReadBlocks(std::string_view s, Message& m) {
  size_t i = 0;
  bool in_ack = false;
  while (i < s.size()) {
    if (s[i] == '\r' || s[i] == '\n' || s[i] == ' ' || s[i] == '{' || s[i] == '}') {
      if (s[i] != '{' || i + 2 >= s.size() || s[i + 2] != ':') {
        ++i;
        continue;
      }
    }
    if (s[i] != '{') return Error("unexpected text at byte " + std::to_string(i) + " of the message");
    size_t colon = s.find(':', i);
    if (colon == std::string_view::npos) return Error("block without ':'");
    std::string id(s.substr(i + 1, colon - i - 1));
    size_t body = colon + 1, end;
    bool text4 = id == "4" && body < s.size() && (s[body] == '\r' || s[body] == '\n');
    if (text4) {
      end = s.find("\n-}", body);
      if (end == std::string_view::npos) return Error("block 4 does not end with '-}'");
      TAMIS_RETURN_IF_ERROR(ReadFields(s.substr(body, end + 1 - body), m));
      m.has_block4 = true;
      i = end + 3;
      continue;
    }
    int depth = 1;
    for (end = body; end < s.size() && depth > 0; ++end) {
      if (s[end] == '{') ++depth;
      if (s[end] == '}') --depth;
    }
    if (depth != 0) return Error("unterminated block {" + id + ":");
    std::string_view content = s.substr(body, end - 1 - body);
    if (!IsValidUtf8(content)) return Error("block " + id + ": invalid UTF-8");
    std::vector<std::pair<std::string, std::string>> subs;
    for (size_t k = 0; k < content.size();) {
      if (content[k] != '{') { ++k; continue; }
      size_t c = content.find(':', k), e = content.find('}', k);
      if (c == std::string_view::npos || e == std::string_view::npos || c > e) break;
      subs.emplace_back(std::string(content.substr(k + 1, c - k - 1)),
                        std::string(content.substr(c + 1, e - c - 1)));
      k = e + 1;
    }
    if (id == "1") {
      if (StartsWith(content, "F21")) {
        in_ack = true;
      } else {
        in_ack = false;
        m.block1 = std::string(content);
      }
    } else if (id == "2") {
      m.block2 = std::string(content);
    } else if (id == "3") {
      m.block3 = std::move(subs);
    } else if (id == "4" && in_ack) {
      for (auto& [t, v] : subs)
        if (t == "451") m.ack = v == "0" ? AckStatus::kAck : AckStatus::kNak;
    } else if (id == "4") {
      return Error("block 4 is not text (expected '{4:' and a line break)");
    }
    i = end;
  }
  return Status();
}

bool IsTag(std::string_view t) {
  if (t.size() < 2 || t.size() > 3) return false;
  if (!isdigit(static_cast<unsigned char>(t[0])) || !isdigit(static_cast<unsigned char>(t[1])))
    return false;
  return t.size() == 2 || (t[2] >= 'A' && t[2] <= 'Z');
}

Status MtParser::ReadFields(std::string_view body, Message& m) {
  std::vector<std::string_view> lines = Split(body, '\n');
  for (std::string_view line : lines) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() && m.fields.empty()) continue;
    if (!line.empty() && line.front() == ':') {
      size_t c = line.find(':', 1);
      std::string_view tag = c == std::string_view::npos ? line.substr(1) : line.substr(1, c - 1);
      if (c == std::string_view::npos || !IsTag(tag))
        return Error("bad field tag ':" + std::string(tag.substr(0, 8)) + (c == std::string_view::npos ? "'" : ":'") +
                     (m.fields.empty() ? std::string() : " after field " + m.fields.back().tag));
      m.fields.push_back({std::string(tag), {std::string(line.substr(c + 1))}});
    } else if (m.fields.empty()) {
      if (!Trim(line).empty()) return Error("block 4 text does not start with a field tag");
    } else {
      m.fields.back().lines.emplace_back(line);
    }
  }
  while (!m.fields.empty() && !m.fields.back().lines.empty() && m.fields.back().lines.back().empty())
    m.fields.back().lines.pop_back();
  for (const Field& f : m.fields)
    for (const std::string& l : f.lines)
      if (!IsValidUtf8(l)) return FieldError(f, "invalid UTF-8");
  return Status();
}

std::string Bic(std::string_view lt) {  // logical terminal (12) -> BIC11
  if (lt.size() < 12) return std::string(lt);
  return std::string(lt.substr(0, 8)) + std::string(lt.substr(9, 3));
}

void SetAccount(std::string acct, Party& p) {
  p.account = std::move(acct);
  p.iban_country = IbanCountry(p.account);
  p.account_is_iban = !p.iban_country.empty();
}

Status MtParser::ReadParty(const Field& f, PartyRole role, std::string_view prefix, Payment& pay) {
  Party p;
  p.role = role;
  p.source = std::string(prefix) + f.tag;
  char option = f.tag.size() == 3 ? f.tag[2] : ' ';
  p.is_institution = f.tag.compare(0, 2, "50") != 0 && f.tag.compare(0, 2, "59") != 0;
  if (p.is_institution) p.kind = PartyKind::kOrganisation;
  std::vector<std::string> lines;
  for (const std::string& l : f.lines) lines.push_back(std::string(Trim(l)));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return FieldError(f, "empty party field");
  size_t k = 0;
  // Party identifier / account line: "/account", "/D/account", "//clearing code".
  bool structured = option == 'F';
  if (lines[0].front() == '/' && (lines.size() > 1 || (option != 'A' && option != 'G'))) {
    std::string_view a = std::string_view(lines[0]).substr(1);
    if (StartsWith(a, "/")) {
      p.identifiers.push_back({"clearing", "", std::string(a.substr(1)), ""});
    } else {
      if (a.size() > 2 && (a[0] == 'C' || a[0] == 'D') && a[1] == '/') a.remove_prefix(2);
      SetAccount(std::string(a), p);
    }
    k = 1;
  } else if (structured && lines[0].find('/') != std::string::npos &&
             !(lines[0].size() > 1 && isdigit(static_cast<unsigned char>(lines[0][0])) && lines[0][1] == '/')) {
    // 50F party identifier "CODE/CC/value"
    std::string_view l = lines[0];
    size_t s1 = l.find('/');
    p.identifiers.push_back({"mt_code", std::string(l.substr(0, s1)), std::string(l.substr(s1 + 1)), ""});
    k = 1;
  }
  if (option == 'A' || option == 'G' || (option == 'C' && f.tag.compare(0, 2, "50") == 0)) {
    if (k >= lines.size()) return FieldError(f, "missing BIC");
    std::string bic = AsciiUpper(lines[k]);
    if (!LooksLikeBic(bic)) return FieldError(f, "'" + lines[k] + "' is not a BIC");
    p.bic = bic;
    if (role == PartyRole::kCreditor || role == PartyRole::kDebtor) p.kind = PartyKind::kOrganisation;
  } else if (structured) {
    for (; k < lines.size(); ++k) {
      const std::string& l = lines[k];
      if (l.size() < 2 || l[1] != '/' || l[0] < '1' || l[0] > '8') {
        if (!p.address.lines.empty()) {
          p.address.lines.back() += " " + l;  // continuation of the previous line
          continue;
        }
        return FieldError(f, "line '" + l + "' is not 'n/text'");
      }
      std::string v = l.substr(2);
      switch (l[0]) {
        case '1': p.name = p.name.empty() ? v : p.name + " " + v; break;
        case '2': p.address.lines.push_back(v); break;
        case '3': {
          size_t s = v.find('/');
          p.address.country = v.substr(0, s == std::string::npos ? v.size() : s);
          if (s != std::string::npos) p.address.town = v.substr(s + 1);
          break;
        }
        case '4': p.kind = PartyKind::kPerson; p.identifiers.push_back({"person", "birth_date", v, ""}); break;
        case '5': p.kind = PartyKind::kPerson; p.identifiers.push_back({"person", "birth_place", v, ""}); break;
        case '6': p.identifiers.push_back({"org", "customer_id", v, ""}); break;
        case '7': p.identifiers.push_back({"person", "national_id", v, ""}); break;
        default: p.address.lines.push_back(v); break;
      }
    }
    if (p.name.empty()) return FieldError(f, "missing '1/' name line");
  } else if (option != 'C') {  // 50K, 59, option B/D/H: name and address lines
    if (k < lines.size()) p.name = CollapseSpaces(lines[k++]);
    for (; k < lines.size(); ++k)
      if (!lines[k].empty()) p.address.lines.push_back(CollapseSpaces(lines[k]));
  }
  p.name = CollapseSpaces(p.name);
  p.country = p.address.country;
  pay.parties.push_back(std::move(p));
  return Status();
}

// "190425USD3700," (32A) or "USD3710," (33B, 32B) -> date, currency, amount.
Status MtParser::ReadAmount(const Field& f, bool with_date, Payment& pay, bool instructed) {
  std::string v(Trim(f.lines.empty() ? std::string_view() : std::string_view(f.lines[0])));
  size_t at = 0;
  if (with_date) {
    if (v.size() < 6) return FieldError(f, "missing value date");
    for (int i = 0; i < 6; ++i)
      if (!isdigit(static_cast<unsigned char>(v[i]))) return FieldError(f, "bad value date '" + v.substr(0, 6) + "'");
    int yy = std::stoi(v.substr(0, 2)), mm = std::stoi(v.substr(2, 2)), dd = std::stoi(v.substr(4, 2));
    if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return FieldError(f, "bad value date '" + v.substr(0, 6) + "'");
    pay.settlement_date = std::to_string(yy < 80 ? 2000 + yy : 1900 + yy) + "-" + v.substr(2, 2) + "-" + v.substr(4, 2);
    at = 6;
  }
  if (v.size() < at + 4) return FieldError(f, "missing currency or amount");
  std::string ccy = v.substr(at, 3);
  for (char c : ccy)
    if (c < 'A' || c > 'Z') return FieldError(f, "bad currency '" + ccy + "'");
  std::string amt = v.substr(at + 3);
  int commas = 0, digits = 0;
  for (char& c : amt) {
    if (c == ',') {
      ++commas;
      c = '.';
    } else if (isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else {
      return FieldError(f, "bad amount '" + v.substr(at + 3) + "'");
    }
  }
  if (commas != 1 || digits == 0) return FieldError(f, "bad amount '" + v.substr(at + 3) + "' (one ',' required)");
  if (amt.back() == '.') amt.pop_back();
  (instructed ? pay.instructed_currency : pay.currency) = ccy;
  (instructed ? pay.instructed_amount : pay.amount) = amt;
  return Status();
}

Status MtParser::ApplyField(const Field& f, Payment& pay, bool seq_b) {
  const std::string& t = f.tag;
  std::string_view base = std::string_view(t).substr(0, 2);
  std::string first = f.lines.empty() ? "" : std::string(Trim(f.lines[0]));
  const char* prefix = seq_b && type_ == "MT202COV" ? "B/" : "";
  bool is202 = type_ == "MT202" || type_ == "MT202COV";
  if (t == "20") {
    pay.msg_id = pay.instruction_id = first;
  } else if (t == "21") {
    pay.tx_id = first;
  } else if (t == "23B") {
    pay.bank_operation_code = first;
  } else if (t == "23E") {
    pay.instruction_codes.push_back(first.substr(0, first.find('/')));
  } else if (t == "26T") {
    pay.purpose_code = first;
  } else if (t == "30") {
    pay.requested_execution_date = first.size() == 6 ? "20" + first.substr(0, 2) + "-" + first.substr(2, 2) + "-" + first.substr(4, 2) : first;
  } else if (t == "32A") {
    return ReadAmount(f, true, pay, false);
  } else if (t == "32B") {
    TAMIS_RETURN_IF_ERROR(ReadAmount(f, false, pay, false));
  } else if (t == "33B") {
    return ReadAmount(f, false, pay, true);
  } else if (t == "71A") {
    pay.charge_bearer = first;
  } else if (t == "71F" || t == "71G") {
    Payment tmp;
    TAMIS_RETURN_IF_ERROR(ReadAmount(f, false, tmp, false));
    pay.charges.push_back(tmp.currency + tmp.amount);
  } else if (t == "70" || t == "72" || t == "77B" || t == "77T") {
    FreeText ft{std::string(prefix) + t, {}};
    for (const std::string& l : f.lines) ft.lines.push_back(std::string(Trim(l)));
    if (t == "70") {
      for (const std::string& l : ft.lines) {
        if (!l.empty()) pay.remittance.unstructured.push_back(l);
        if (StartsWith(l, "/ROC/") && pay.end_to_end_id.empty()) pay.end_to_end_id = l.substr(5);
      }
    }
    if (t == "72") {
      for (const std::string& l : ft.lines) {
        if (!StartsWith(l, "/INS/")) continue;
        Party p;
        p.role = PartyRole::kPreviousInstructingAgent;
        p.is_institution = true;
        p.kind = PartyKind::kOrganisation;
        p.source = std::string(prefix) + "72/INS/";
        std::string v(Trim(std::string_view(l).substr(5)));
        (LooksLikeBic(v) ? p.bic : p.name) = v;
        pay.parties.push_back(std::move(p));
      }
    }
    pay.free_text.push_back(std::move(ft));
  } else if (base == "50") {
    char o = t.size() == 3 ? t[2] : ' ';
    bool instructing = type_ == "MT101" && (o == 'C' || o == 'L');
    return ReadParty(f, instructing ? PartyRole::kInitiatingParty : PartyRole::kDebtor, prefix, pay);
  } else if (base == "52") {
    return ReadParty(f, is202 && !seq_b ? PartyRole::kOrderingInstitution : PartyRole::kDebtorAgent, prefix, pay);
  } else if (base == "53") {
    return ReadParty(f, PartyRole::kInstructingReimbursementAgent, prefix, pay);
  } else if (base == "54") {
    return ReadParty(f, PartyRole::kInstructedReimbursementAgent, prefix, pay);
  } else if (base == "55") {
    return ReadParty(f, PartyRole::kThirdReimbursementAgent, prefix, pay);
  } else if (base == "56") {
    return ReadParty(f, PartyRole::kIntermediaryAgent1, prefix, pay);
  } else if (base == "57") {
    return ReadParty(f, PartyRole::kCreditorAgent, prefix, pay);
  } else if (base == "58") {
    return ReadParty(f, PartyRole::kBeneficiaryInstitution, prefix, pay);
  } else if (base == "59") {
    return ReadParty(f, PartyRole::kCreditor, prefix, pay);
  }
  return Status();  // fields without screening content (13C, 25, 28D, 36, 51A, ...)
}

Status MtParser::Parse(std::string_view text, std::vector<Payment>* out, const ParseOptions& opts) {
  Message m;
  TAMIS_RETURN_IF_ERROR(ReadBlocks(text, m));
  if (m.block1.empty()) return Error("missing block 1 (basic header)");
  if (m.block2.empty()) return Error("missing block 2 (application header)");
  if (!m.has_block4) return Error("missing block 4 (text)");
  if (m.block1.size() < 15 || (m.block1[0] != 'F' && m.block1[0] != 'A'))
    return Error("block 1: bad basic header '" + m.block1.substr(0, 30) + "'");
  char io = m.block2[0];
  if ((io != 'I' && io != 'O') || m.block2.size() < 4)
    return Error("block 2: bad application header '" + m.block2.substr(0, 30) + "'");
  std::string lt1 = m.block1.substr(3, 12), lt2;
  if (io == 'O') {
    if (m.block2.size() < 26) return Error("block 2: output header too short");
    lt2 = m.block2.substr(14, 12);
  } else {
    if (m.block2.size() < 16) return Error("block 2: input header too short");
    lt2 = m.block2.substr(4, 12);
  }
  std::string mt = m.block2.substr(1, 3);
  Payment base;
  base.syntax = MessageSyntax::kMt;
  base.message_index = index_;
  base.ack = m.ack;
  for (auto& [t, v] : m.block3) {
    if (t == "108") base.business_msg_id = v;
    if (t == "121") base.uetr = v;
    if (t == "119") base.variant = v;
  }
  type_ = "MT" + mt;
  if (mt == "202" && base.variant == "COV") type_ = "MT202COV";
  if (mt != "103" && mt != "202" && mt != "101")
    return Error("unsupported message type MT" + mt + " (expected MT101, MT103, MT202, MT202COV)");
  base.message_type = type_;
  base.cover = type_ == "MT202COV";
  for (bool sender : {true, false}) {
    Party p;
    p.role = sender ? PartyRole::kSender : PartyRole::kReceiver;
    p.kind = PartyKind::kOrganisation;
    p.is_institution = true;
    bool from2 = (io == 'O') == sender;  // output: sender in block 2; input: receiver in block 2
    p.bic = Bic(from2 ? lt2 : lt1);
    p.source = from2 ? "block 2" : "block 1";
    base.parties.push_back(std::move(p));
  }
  if (m.fields.empty()) return Error("block 4 has no fields");
  bool have20 = false, have32 = false;
  if (type_ == "MT101") {
    Payment seq_a = base;
    std::vector<Payment> txs;
    for (const Field& f : m.fields) {
      if (f.tag == "21") txs.push_back(seq_a);
      TAMIS_RETURN_IF_ERROR(ApplyField(f, txs.empty() ? seq_a : txs.back(), !txs.empty()));
      have20 |= f.tag == "20";
      have32 |= f.tag == "32B";
    }
    if (txs.empty()) return Error("MT101 without a transaction (field 21)");
    if (!have32) return Error("missing field 32B");
    for (size_t i = 0; i < txs.size(); ++i)  // each sequence B needs its own amount (found by fuzz_mt)
      if (txs[i].amount.empty())
        return Error("transaction " + std::to_string(i + 1) + " (field 21 '" + txs[i].tx_id + "'): missing field 32B");
    for (Payment& p : txs) {
      if (static_cast<int>(out->size()) >= opts.max_messages)
        return ResourceExhausted(Where() + ": too many transactions");
      p.transaction_index = static_cast<int>(&p - txs.data());
      out->push_back(std::move(p));
    }
  } else {
    bool seq_b = false;
    for (const Field& f : m.fields) {
      if (type_ == "MT202COV" && f.tag.compare(0, 2, "50") == 0) seq_b = true;
      TAMIS_RETURN_IF_ERROR(ApplyField(f, base, seq_b));
      have20 |= f.tag == "20";
      have32 |= f.tag == "32A";
    }
    if (!have32) return Error("missing field 32A");
    if (static_cast<int>(out->size()) >= opts.max_messages)
      return ResourceExhausted(Where() + ": too many messages");
    out->push_back(std::move(base));
  }
  if (!have20) return Error("missing field 20");
  return Status();
}

}  // namespace

Result<std::vector<Payment>> ParseMt(std::string_view bytes, std::string_view file_name,
                                     const ParseOptions& opts) {
  if (static_cast<int64_t>(bytes.size()) > opts.max_bytes)
    return ResourceExhausted(std::string(file_name) + ": " + std::to_string(bytes.size()) +
                             " bytes exceeds the limit of " + std::to_string(opts.max_bytes));
  TAMIS_ASSIGN_OR_RETURN(std::vector<std::string_view> msgs, SplitMtMessages(bytes, file_name));
  if (msgs.empty()) return ParseError(std::string(file_name) + ": no FIN message ('{1:' block) found");
  std::vector<Payment> out;
  for (size_t i = 0; i < msgs.size(); ++i)
    TAMIS_RETURN_IF_ERROR(MtParser(file_name, static_cast<int>(i)).Parse(msgs[i], &out, opts));
  return out;
}

Status ParseMtMessage(std::string_view message, int message_index, std::string_view file_name,
                      const ParseOptions& opts, std::vector<Payment>* out) {
  return MtParser(file_name, message_index).Parse(message, out, opts);
}

}  // namespace tamis::payments
