// ISO 20022 XML -> Payment values.
//
// Mapping notes:
//  - Elements are matched by local name (any namespace prefix, "pacs:Dbtr" or "Dbtr").
//  - The Document may be the root or sit inside an envelope (CBPR+ "Envelope", a
//    "message" wrapper) beside a business application header (AppHdr, head.001), whose
//    Fr / To BICs become kSender / kReceiver parties.
//  - pacs.009 Dbtr / Cdtr are institutions: kOrderingInstitution / kBeneficiaryInstitution
//    (as MT202 52a / 58a); the COV underlying customer transfer (UndrlygCstmrCdtTrf) gives
//    the customer roles (debtor, creditor, their agents) with source "UndrlygCstmrCdtTrf/...".
//  - pain.001: InitgPty (GrpHdr), Dbtr, DbtrAcct, DbtrAgt, UltmtDbtr, ChrgBr, PmtTpInf and
//    ReqdExctnDt (PmtInf) are copied into every transaction of their PmtInf.
//  - Old (BIC, BICOrBEI) and new (BICFI, AnyBIC) element names are both read.
#include <pugixml.hpp>

#include <cstring>
#include <functional>
#include <string>
#include <utility>

#include "core/strings.h"
#include "formats/payments/parsers.h"
#include "formats/payments/xml_util.h"

namespace tamis::payments {
namespace {

using namespace xml;  // Local, Child, Path, Text

struct TypeRange {
  const char* type;
  int min_version, max_version;
  const char* root;  // the message element under Document
};
constexpr TypeRange kTypes[] = {
    {"pacs.008", 2, 13, "FIToFICstmrCdtTrf"},
    {"pacs.009", 1, 12, "FICdtTrf"},
    {"pain.001", 1, 12, "CstmrCdtTrfInitn"},
};

// Finds "pacs.008.001.08"-like text in `ns`: type index and version, or -1.
int MatchType(std::string_view ns, int* version, std::string* id) {
  for (int t = 0; t < 3; ++t) {
    std::string prefix = std::string(kTypes[t].type) + ".001.";
    size_t at = ns.find(prefix);
    if (at == std::string_view::npos) continue;
    std::string_view v = ns.substr(at + prefix.size());
    if (v.size() < 2 || !isdigit(static_cast<unsigned char>(v[0])) ||
        !isdigit(static_cast<unsigned char>(v[1])))
      continue;
    *version = (v[0] - '0') * 10 + (v[1] - '0');
    *id = std::string(ns.substr(at, prefix.size() + 2));
    return t;
  }
  return -1;
}

class IsoParser {
 public:
  IsoParser(std::string_view text, std::string_view name, const ParseOptions& opts)
      : text_(text), name_(name), opts_(opts) {}
  Result<std::vector<Payment>> Run();

 private:
  std::string Where(pugi::xml_node n) const {
    return std::string(name_) + " line " + std::to_string(LineOf(n));
  }
  int LineOf(pugi::xml_node n) const {
    ptrdiff_t off = n.offset_debug();
    return off < 0 ? 0 : LineOfOffset(text_, static_cast<size_t>(off));
  }
  Status Error(pugi::xml_node n, std::string_view path, std::string_view msg) const {
    return ParseError(Where(n) + ": " + std::string(path) + ": " + std::string(msg));
  }

  Status ReadHeader(pugi::xml_node hdr, Payment& base);
  Status ReadAmount(pugi::xml_node n, std::string_view path, std::string* amount,
                    std::string* ccy);
  Party ReadParty(pugi::xml_node n, PartyRole role, std::string source);
  void ReadAccount(pugi::xml_node acct, Party& p);
  void AddParty(Payment& pay, const Kids& parent, const char* elem, PartyRole role,
                const char* acct_elem, const std::string& prefix);
  void ReadAgents(Payment& pay, const Kids& tx, const std::string& prefix);
  void ReadCustomerLeg(Payment& pay, const Kids& n, const std::string& prefix);
  void ReadIds(Payment& pay, const Kids& tx);
  void ReadPmtTpInf(Payment& pay, const Kids& n);
  void ReadRemittance(Payment& pay, const Kids& tx);
  void ReadInstructions(Payment& pay, const Kids& tx);
  Status ReadInterbankTx(Payment pay, pugi::xml_node grp, pugi::xml_node tx, bool fi);
  Status ReadPain001(const Payment& base, pugi::xml_node msg);
  Status Push(Payment pay);

  std::string_view text_, name_;
  const ParseOptions& opts_;
  std::vector<Payment> out_;
};

Status IsoParser::Push(Payment pay) {
  if (static_cast<int>(out_.size()) >= opts_.max_messages)
    return ResourceExhausted(std::string(name_) + ": more than " +
                             std::to_string(opts_.max_messages) + " transactions");
  pay.transaction_index = static_cast<int>(out_.size());
  out_.push_back(std::move(pay));
  return Status();
}

// Amount text: digits with at most one '.', as ISO 20022 decimals are written.
bool IsDecimal(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  int dots = 0, digits = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c >= '0' && c <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  return dots <= 1 && digits > 0;
}

bool IsCurrency(std::string_view s) {
  if (s.size() != 3) return false;
  for (char c : s)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

Status IsoParser::ReadAmount(pugi::xml_node n, std::string_view path, std::string* amount,
                             std::string* ccy) {
  std::string a(Trim(n.child_value()));
  std::string c(Trim(n.attribute("Ccy").value()));
  if (!IsDecimal(a)) return Error(n, path, "amount '" + a + "' is not a decimal number");
  if (!IsCurrency(c)) return Error(n, path, "currency '" + c + "' is not an ISO 4217 code");
  *amount = std::move(a);
  *ccy = std::move(c);
  return Status();
}

void IsoParser::ReadAccount(pugi::xml_node acct, Party& p) {
  if (!acct) return;
  pugi::xml_node id = Child(acct, "Id");
  std::string iban = Text(Child(id, "IBAN"));
  if (!iban.empty()) {
    std::string compact;
    for (char c : iban)
      if (c != ' ') compact += c;
    p.account = compact;
    p.account_is_iban = true;
    p.iban_country = IbanCountry(compact);
  } else {
    p.account = Text(Path(id, "Othr/Id"));
  }
}

void ReadAddress(pugi::xml_node a, PostalAddress& out) {
  if (!a) return;
  const Kids k(a);
  out.street = Text(k["StrtNm"]);
  out.building_number = Text(k["BldgNb"]);
  out.post_code = Text(k["PstCd"]);
  out.town = Text(k["TwnNm"]);
  out.country_subdivision = Text(k["CtrySubDvsn"]);
  out.country = Text(k["Ctry"]);
  ForEachChild(a, "AdrLine", [&](pugi::xml_node l) {
    std::string s = Text(l);
    if (!s.empty()) out.lines.push_back(std::move(s));
  });
}

void ReadOtherIds(pugi::xml_node holder, const char* type, Party& p) {
  ForEachChild(holder, "Othr", [&](pugi::xml_node o) {
    PartyIdentifier id;
    id.type = type;
    id.value = Text(Child(o, "Id"));
    id.scheme = Text(Path(o, "SchmeNm/Cd"));
    if (id.scheme.empty()) id.scheme = Text(Path(o, "SchmeNm/Prtry"));
    id.issuer = Text(Child(o, "Issr"));
    if (!id.value.empty()) p.identifiers.push_back(std::move(id));
  });
}

Party IsoParser::ReadParty(pugi::xml_node n, PartyRole role, std::string source) {
  Party p;
  p.role = role;
  p.source = std::move(source);
  const Kids nk(n);
  pugi::xml_node fi = nk["FinInstnId"];
  if (fi) {  // BranchAndFinancialInstitutionIdentification
    const Kids fk(fi);
    p.is_institution = true;
    p.kind = PartyKind::kOrganisation;
    p.bic = Text(fk["BICFI"]);
    if (p.bic.empty()) p.bic = Text(fk["BIC"]);
    p.name = Text(fk["Nm"]);
    ReadAddress(fk["PstlAdr"], p.address);
    std::string lei = Text(fk["LEI"]);
    if (!lei.empty()) p.identifiers.push_back({"lei", "", lei, ""});
    pugi::xml_node mmb = fk["ClrSysMmbId"];
    if (mmb) {
      std::string sys = Text(Path(mmb, "ClrSysId/Cd"));
      if (sys.empty()) sys = Text(Path(mmb, "ClrSysId/Prtry"));
      p.identifiers.push_back({"clearing", sys, Text(Child(mmb, "MmbId")), ""});
    }
    pugi::xml_node o = fk["Othr"];
    if (o) {
      std::string scheme = Text(Path(o, "SchmeNm/Cd"));
      if (scheme.empty()) scheme = Text(Path(o, "SchmeNm/Prtry"));
      std::string v = Text(Child(o, "Id"));
      if (!v.empty()) p.identifiers.push_back({"org", scheme, v, Text(Child(o, "Issr"))});
    }
  } else {  // PartyIdentification
    p.name = Text(nk["Nm"]);
    ReadAddress(nk["PstlAdr"], p.address);
    pugi::xml_node id = nk["Id"];
    if (pugi::xml_node org = Child(id, "OrgId")) {
      p.kind = PartyKind::kOrganisation;
      for (const char* bic_tag : {"AnyBIC", "BICOrBEI"}) {
        std::string b = Text(Child(org, bic_tag));
        if (!b.empty() && p.bic.empty()) p.bic = b;
      }
      std::string lei = Text(Child(org, "LEI"));
      if (!lei.empty()) p.identifiers.push_back({"lei", "", lei, ""});
      ReadOtherIds(org, "org", p);
    } else if (pugi::xml_node prv = Child(id, "PrvtId")) {
      p.kind = PartyKind::kPerson;
      ReadOtherIds(prv, "person", p);
    }
  }
  p.country = Text(nk["CtryOfRes"]);
  if (p.country.empty()) p.country = p.address.country;
  return p;
}

void IsoParser::AddParty(Payment& pay, const Kids& parent, const char* elem, PartyRole role,
                         const char* acct_elem, const std::string& prefix) {
  pugi::xml_node n = parent[elem];
  if (!n) return;
  Party p = ReadParty(n, role, prefix + elem);
  if (acct_elem) ReadAccount(parent[acct_elem], p);
  pay.parties.push_back(std::move(p));
}

// The agents of an interbank transaction (pacs.008 / pacs.009 CdtTrfTxInf, pain.001
// CdtTrfTxInf), in message order.
void IsoParser::ReadAgents(Payment& pay, const Kids& tx, const std::string& prefix) {
  AddParty(pay, tx, "PrvsInstgAgt1", PartyRole::kPreviousInstructingAgent, "PrvsInstgAgt1Acct", prefix);
  AddParty(pay, tx, "PrvsInstgAgt2", PartyRole::kPreviousInstructingAgent, "PrvsInstgAgt2Acct", prefix);
  AddParty(pay, tx, "PrvsInstgAgt3", PartyRole::kPreviousInstructingAgent, "PrvsInstgAgt3Acct", prefix);
  AddParty(pay, tx, "InstgAgt", PartyRole::kInstructingAgent, nullptr, prefix);
  AddParty(pay, tx, "InstdAgt", PartyRole::kInstructedAgent, nullptr, prefix);
  AddParty(pay, tx, "IntrmyAgt1", PartyRole::kIntermediaryAgent1, "IntrmyAgt1Acct", prefix);
  AddParty(pay, tx, "IntrmyAgt2", PartyRole::kIntermediaryAgent2, "IntrmyAgt2Acct", prefix);
  AddParty(pay, tx, "IntrmyAgt3", PartyRole::kIntermediaryAgent3, "IntrmyAgt3Acct", prefix);
}

// Debtor side to creditor side of a customer transfer (pacs.008 transaction, pacs.009 COV
// underlying transfer).
void IsoParser::ReadCustomerLeg(Payment& pay, const Kids& n, const std::string& prefix) {
  AddParty(pay, n, "UltmtDbtr", PartyRole::kUltimateDebtor, nullptr, prefix);
  AddParty(pay, n, "InitgPty", PartyRole::kInitiatingParty, nullptr, prefix);
  AddParty(pay, n, "Dbtr", PartyRole::kDebtor, "DbtrAcct", prefix);
  AddParty(pay, n, "DbtrAgt", PartyRole::kDebtorAgent, "DbtrAgtAcct", prefix);
  ReadAgents(pay, n, prefix);
  AddParty(pay, n, "CdtrAgt", PartyRole::kCreditorAgent, "CdtrAgtAcct", prefix);
  AddParty(pay, n, "Cdtr", PartyRole::kCreditor, "CdtrAcct", prefix);
  AddParty(pay, n, "UltmtCdtr", PartyRole::kUltimateCreditor, nullptr, prefix);
}

void IsoParser::ReadIds(Payment& pay, const Kids& tx) {
  pugi::xml_node id = tx["PmtId"];
  pay.instruction_id = Text(Child(id, "InstrId"));
  pay.end_to_end_id = Text(Child(id, "EndToEndId"));
  pay.tx_id = Text(Child(id, "TxId"));
  std::string uetr = Text(Child(id, "UETR"));
  if (!uetr.empty()) pay.uetr = uetr;
}

void IsoParser::ReadPmtTpInf(Payment& pay, const Kids& n) {
  pugi::xml_node t = n["PmtTpInf"];
  if (!t) return;
  ForEachChild(t, "SvcLvl", [&](pugi::xml_node s) {
    std::string c = Text(Child(s, "Cd"));
    if (!c.empty() && pay.bank_operation_code.empty()) pay.bank_operation_code = c;
  });
  std::string purp = Text(Path(t, "CtgyPurp/Cd"));
  if (!purp.empty()) pay.purpose_code = purp;
}

void IsoParser::ReadRemittance(Payment& pay, const Kids& tx) {
  pugi::xml_node r = tx["RmtInf"];
  ForEachChild(r, "Ustrd", [&](pugi::xml_node u) {
    std::string s = Text(u);
    if (!s.empty()) pay.remittance.unstructured.push_back(std::move(s));
  });
  ForEachChild(r, "Strd", [&](pugi::xml_node s) {
    std::string ref = Text(Path(s, "CdtrRefInf/Ref"));
    if (!ref.empty()) pay.remittance.references.push_back(std::move(ref));
    ForEachChild(s, "RfrdDocInf", [&](pugi::xml_node d) {
      std::string nb = Text(Child(d, "Nb"));
      if (!nb.empty()) pay.remittance.references.push_back(std::move(nb));
    });
    ForEachChild(s, "AddtlRmtInf", [&](pugi::xml_node a) {
      std::string t = Text(a);
      if (!t.empty()) pay.remittance.unstructured.push_back(std::move(t));
    });
  });
}

void IsoParser::ReadInstructions(Payment& pay, const Kids& tx) {
  for (const char* tag : {"InstrForCdtrAgt", "InstrForNxtAgt"}) {
    FreeText ft;
    ft.source = tag;
    tx.ForEach(tag, [&](pugi::xml_node i) {
      std::string cd = Text(Child(i, "Cd"));
      if (!cd.empty()) pay.instruction_codes.push_back(cd);
      std::string inf = Text(Child(i, "InstrInf"));
      if (!inf.empty()) ft.lines.push_back(std::move(inf));
    });
    if (!ft.lines.empty()) pay.free_text.push_back(std::move(ft));
  }
  pugi::xml_node purp = tx["Purp"];
  std::string cd = Text(Child(purp, "Cd"));
  if (!cd.empty()) pay.purpose_code = cd;
  std::string prtry = Text(Child(purp, "Prtry"));
  if (!prtry.empty()) pay.free_text.push_back({"Purp/Prtry", {prtry}});
  tx.ForEach("ChrgsInf", [&](pugi::xml_node c) {
    pugi::xml_node amt = Child(c, "Amt");
    std::string a(Trim(amt.child_value()));
    if (!a.empty()) pay.charges.push_back(std::string(Trim(amt.attribute("Ccy").value())) + a);
  });
}

Status IsoParser::ReadHeader(pugi::xml_node hdr, Payment& base) {
  if (!hdr) return Status();
  base.business_msg_id = Text(Child(hdr, "BizMsgIdr"));
  for (auto [tag, role] : {std::pair{"Fr", PartyRole::kSender}, std::pair{"To", PartyRole::kReceiver}}) {
    pugi::xml_node fi = Child(Child(hdr, tag), "FIId");
    if (!fi) continue;
    base.parties.push_back(ReadParty(fi, role, std::string("AppHdr/") + tag));
  }
  std::string def = Text(Child(hdr, "MsgDefIdr"));
  std::string want = base.message_type + "." + base.message_version;
  if (!def.empty() && def.find(want) == std::string::npos)
    base.warnings.push_back(Where(hdr) + ": AppHdr/MsgDefIdr '" + def + "' differs from the Document namespace " + want);
  return Status();
}

Status IsoParser::ReadInterbankTx(Payment pay, pugi::xml_node grp, pugi::xml_node tx, bool fi) {
  const Kids kids(tx);
  pay.parties.reserve(pay.parties.size() + 8);
  const Kids grp_kids(grp);
  ReadIds(pay, kids);
  ReadPmtTpInf(pay, grp_kids);
  ReadPmtTpInf(pay, kids);
  pugi::xml_node amt = kids["IntrBkSttlmAmt"];
  if (!amt) return Error(tx, "CdtTrfTxInf", "missing IntrBkSttlmAmt");
  TAMIS_RETURN_IF_ERROR(ReadAmount(amt, "CdtTrfTxInf/IntrBkSttlmAmt", &pay.amount, &pay.currency));
  if (pugi::xml_node ia = kids["InstdAmt"])
    TAMIS_RETURN_IF_ERROR(ReadAmount(ia, "CdtTrfTxInf/InstdAmt", &pay.instructed_amount,
                                     &pay.instructed_currency));
  pay.settlement_date = Text(kids["IntrBkSttlmDt"]);
  if (pay.settlement_date.empty()) pay.settlement_date = Text(grp_kids["IntrBkSttlmDt"]);
  pay.charge_bearer = Text(kids["ChrgBr"]);
  ReadInstructions(pay, kids);

  const Kids sttl(grp_kids["SttlmInf"]);
  AddParty(pay, sttl, "InstgRmbrsmntAgt", PartyRole::kInstructingReimbursementAgent, "InstgRmbrsmntAgtAcct", "GrpHdr/SttlmInf/");
  AddParty(pay, sttl, "InstdRmbrsmntAgt", PartyRole::kInstructedReimbursementAgent, "InstdRmbrsmntAgtAcct", "GrpHdr/SttlmInf/");
  AddParty(pay, sttl, "ThrdRmbrsmntAgt", PartyRole::kThirdReimbursementAgent, "ThrdRmbrsmntAgtAcct", "GrpHdr/SttlmInf/");
  // Old versions (pacs.008.001.02) carry the instructing / instructed agents in GrpHdr.
  if (!kids["InstgAgt"]) AddParty(pay, grp_kids, "InstgAgt", PartyRole::kInstructingAgent, nullptr, "GrpHdr/");
  if (!kids["InstdAgt"]) AddParty(pay, grp_kids, "InstdAgt", PartyRole::kInstructedAgent, nullptr, "GrpHdr/");
  const std::string p = "CdtTrfTxInf/";
  if (!fi) {
    ReadCustomerLeg(pay, kids, p);
  } else {
    AddParty(pay, kids, "UltmtDbtr", PartyRole::kUltimateDebtor, nullptr, p);
    AddParty(pay, kids, "Dbtr", PartyRole::kOrderingInstitution, "DbtrAcct", p);
    AddParty(pay, kids, "DbtrAgt", PartyRole::kDebtorAgent, "DbtrAgtAcct", p);
    ReadAgents(pay, kids, p);
    AddParty(pay, kids, "CdtrAgt", PartyRole::kCreditorAgent, "CdtrAgtAcct", p);
    AddParty(pay, kids, "Cdtr", PartyRole::kBeneficiaryInstitution, "CdtrAcct", p);
    AddParty(pay, kids, "UltmtCdtr", PartyRole::kUltimateCreditor, nullptr, p);
    if (pugi::xml_node u = kids["UndrlygCstmrCdtTrf"]) {
      pay.cover = true;
      const Kids uk(u);
      ReadCustomerLeg(pay, uk, p + "UndrlygCstmrCdtTrf/");
      ReadRemittance(pay, uk);
      ReadInstructions(pay, uk);
      if (pugi::xml_node ia = Child(u, "InstdAmt"); ia && pay.instructed_amount.empty())
        TAMIS_RETURN_IF_ERROR(ReadAmount(ia, "UndrlygCstmrCdtTrf/InstdAmt", &pay.instructed_amount,
                                         &pay.instructed_currency));
    }
  }
  ReadRemittance(pay, kids);
  return Push(std::move(pay));
}

Status IsoParser::ReadPain001(const Payment& base, pugi::xml_node msg) {
  pugi::xml_node grp = Child(msg, "GrpHdr");
  Payment group = base;
  const Kids grp_kids(grp);
  AddParty(group, grp_kids, "InitgPty", PartyRole::kInitiatingParty, nullptr, "GrpHdr/");
  AddParty(group, grp_kids, "FwdgAgt", PartyRole::kInstructingAgent, nullptr, "GrpHdr/");
  int n_pmtinf = 0;
  Status st;
  ForEachChild(msg, "PmtInf", [&](pugi::xml_node pi) {
    if (!st.ok()) return;
    ++n_pmtinf;
    Payment info = group;
    info.payment_info_id = Text(Child(pi, "PmtInfId"));
    const Kids pi_kids(pi);
    ReadPmtTpInf(info, pi_kids);
    pugi::xml_node red = Child(pi, "ReqdExctnDt");
    info.requested_execution_date = Text(Child(red, "Dt"));
    if (info.requested_execution_date.empty()) info.requested_execution_date = Text(Child(red, "DtTm"));
    if (info.requested_execution_date.empty()) info.requested_execution_date = Text(red);
    info.charge_bearer = Text(Child(pi, "ChrgBr"));
    const std::string pp = "PmtInf/";
    AddParty(info, pi_kids, "UltmtDbtr", PartyRole::kUltimateDebtor, nullptr, pp);
    AddParty(info, pi_kids, "Dbtr", PartyRole::kDebtor, "DbtrAcct", pp);
    AddParty(info, pi_kids, "DbtrAgt", PartyRole::kDebtorAgent, "DbtrAgtAcct", pp);
    int n_tx = 0;
    ForEachChild(pi, "CdtTrfTxInf", [&](pugi::xml_node tx) {
      if (!st.ok()) return;
      ++n_tx;
      Payment pay = info;
      const Kids tx_kids(tx);
      ReadIds(pay, tx_kids);
      ReadPmtTpInf(pay, tx_kids);
      pugi::xml_node amt = Child(tx, "Amt");
      pugi::xml_node ia = Child(amt, "InstdAmt");
      if (!ia) ia = Path(amt, "EqvtAmt/Amt");
      if (!ia) {
        st = Error(tx, "PmtInf/CdtTrfTxInf", "missing Amt/InstdAmt");
        return;
      }
      st = ReadAmount(ia, "PmtInf/CdtTrfTxInf/Amt", &pay.amount, &pay.currency);
      if (!st.ok()) return;
      pay.instructed_amount = pay.amount;
      pay.instructed_currency = pay.currency;
      std::string cb = Text(Child(tx, "ChrgBr"));
      if (!cb.empty()) pay.charge_bearer = cb;
      ReadInstructions(pay, tx_kids);
      const std::string p = "PmtInf/CdtTrfTxInf/";
      AddParty(pay, tx_kids, "UltmtDbtr", PartyRole::kUltimateDebtor, nullptr, p);
      ReadAgents(pay, tx_kids, p);
      AddParty(pay, tx_kids, "CdtrAgt", PartyRole::kCreditorAgent, "CdtrAgtAcct", p);
      AddParty(pay, tx_kids, "Cdtr", PartyRole::kCreditor, "CdtrAcct", p);
      AddParty(pay, tx_kids, "UltmtCdtr", PartyRole::kUltimateCreditor, nullptr, p);
      ReadRemittance(pay, tx_kids);
      st = Push(std::move(pay));
    });
    if (st.ok() && n_tx == 0) st = Error(pi, "PmtInf", "no CdtTrfTxInf");
  });
  TAMIS_RETURN_IF_ERROR(st);
  if (n_pmtinf == 0) return Error(msg, "CstmrCdtTrfInitn", "no PmtInf");
  return Status();
}

Result<std::vector<Payment>> IsoParser::Run() {
  if (static_cast<int64_t>(text_.size()) > opts_.max_bytes)
    return ResourceExhausted(std::string(name_) + ": " + std::to_string(text_.size()) +
                             " bytes exceeds the limit of " + std::to_string(opts_.max_bytes));
  if (StartsWith(text_, "\xEF\xBB\xBF")) text_.remove_prefix(3);
  if (Trim(text_).empty()) return ParseError(std::string(name_) + ": empty file");
  pugi::xml_document doc;
  pugi::xml_parse_result res =
      doc.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!res) {
    size_t off = res.offset < 0 ? 0 : static_cast<size_t>(res.offset);
    return ParseError(std::string(name_) + " line " + std::to_string(LineOfOffset(text_, off)) +
                      ": malformed XML at byte offset " + std::to_string(off) + ": " +
                      res.description());
  }
  if (size_t bad = AllAscii(text_) ? std::string::npos : FindInvalidUtf8(text_); bad != std::string::npos) {
    pugi::xml_node at = ElementAt(doc, bad);
    return ParseError(std::string(name_) + " line " + std::to_string(LineOfOffset(text_, bad)) +
                      ": " + (at ? "element " + std::string(Local(at.name())) + ": " : std::string()) +
                      "invalid UTF-8 at byte offset " + std::to_string(bad));
  }
  pugi::xml_node document = FindElement(doc, "Document", 3);
  if (!document)
    return ParseError(std::string(name_) + ": no ISO 20022 Document element (root is '" +
                      std::string(doc.document_element().name()) + "')");
  std::string ns = Namespace(document);
  int version = 0;
  std::string id;
  int t = MatchType(ns, &version, &id);
  bool iso_urn = StartsWith(ns, "urn:iso:std:iso:20022:tech:xsd:");
  if (t < 0 || (iso_urn && ns.size() != std::string_view("urn:iso:std:iso:20022:tech:xsd:").size() + id.size()))
    return ParseError(Where(document) + ": Document: unsupported message namespace '" + ns +
                      "' (expected pacs.008, pacs.009 or pain.001)");
  if (version < kTypes[t].min_version || version > kTypes[t].max_version)
    return ParseError(Where(document) + ": Document: unsupported version in namespace '" + ns +
                      "' (" + kTypes[t].type + " versions 001." +
                      (kTypes[t].min_version < 10 ? "0" : "") + std::to_string(kTypes[t].min_version) +
                      " to 001." + std::to_string(kTypes[t].max_version) + ")");
  Payment base;
  base.syntax = MessageSyntax::kIso20022;
  base.message_type = kTypes[t].type;
  base.message_version = id.substr(9);  // "001.08"
  base.variant = ns;
  pugi::xml_node msg = Child(document, kTypes[t].root);
  if (!msg)
    return ParseError(Where(document) + ": Document: missing " + kTypes[t].root + " for " + id);
  // (An element named AppHdr has those bytes in the text: without them the walk is skipped.)
  const bool has_hdr = text_.find("AppHdr") != std::string_view::npos;
  TAMIS_RETURN_IF_ERROR(ReadHeader(has_hdr ? FindElement(doc, "AppHdr", 3) : pugi::xml_node(), base));
  pugi::xml_node grp = Child(msg, "GrpHdr");
  if (!grp) return Error(msg, kTypes[t].root, "missing GrpHdr");
  base.msg_id = Text(Child(grp, "MsgId"));
  if (base.msg_id.empty()) return Error(grp, "GrpHdr", "missing MsgId");
  base.creation_date_time = Text(Child(grp, "CreDtTm"));

  if (t == 2) {
    TAMIS_RETURN_IF_ERROR(ReadPain001(base, msg));
  } else {
    int n = 0;
    Status st;
    ForEachChild(msg, "CdtTrfTxInf", [&](pugi::xml_node tx) {
      if (st.ok()) st = ReadInterbankTx(base, grp, tx, t == 1), ++n;
    });
    TAMIS_RETURN_IF_ERROR(st);
    if (n == 0) return Error(msg, kTypes[t].root, "no CdtTrfTxInf");
  }
  std::string declared = Text(Child(grp, "NbOfTxs"));
  if (!declared.empty() && declared != std::to_string(out_.size()) && !out_.empty())
    out_.front().warnings.push_back(Where(grp) + ": GrpHdr/NbOfTxs " + declared + " but " +
                                    std::to_string(out_.size()) + " transactions");
  return std::move(out_);
}

}  // namespace

Result<std::vector<Payment>> ParseIso20022(std::string_view bytes, std::string_view file_name,
                                           const ParseOptions& opts) {
  return IsoParser(bytes, file_name, opts).Run();
}

}  // namespace tamis::payments
