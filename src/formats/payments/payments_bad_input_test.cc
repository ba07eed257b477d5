// Malformed payment messages: each gives a kParseError naming the field, never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "formats/payments/parsers.h"

namespace tamis::payments {
namespace {

using ::testing::HasSubstr;

const char kPacs008[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02">
 <FIToFICstmrCdtTrf>
  <GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-01-02T10:00:00</CreDtTm><NbOfTxs>1</NbOfTxs>
   <SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>
   <InstgAgt><FinInstnId><BIC>AAAADEFFXXX</BIC></FinInstnId></InstgAgt></GrpHdr>
  <CdtTrfTxInf>
   <PmtId><EndToEndId>E1</EndToEndId><TxId>T1</TxId></PmtId>
   <IntrBkSttlmAmt Ccy="EUR">10.50</IntrBkSttlmAmt>
   <Dbtr><Nm>Jane Roe</Nm><Id><PrvtId><Othr><Id>X1</Id></Othr></PrvtId></Id></Dbtr>
   <DbtrAcct><Id><IBAN>DE89 3704 0044 0532 0130 00</IBAN></Id></DbtrAcct>
   <DbtrAgt><FinInstnId><BIC>AAAADEFF</BIC></FinInstnId></DbtrAgt>
   <CdtrAgt><FinInstnId><BIC>BBBBFRPP</BIC></FinInstnId></CdtrAgt>
   <Cdtr><Nm>Acme SA</Nm><Id><OrgId><LEI>5299000J2N45DDNE4Y28</LEI></OrgId></Id></Cdtr>
  </CdtTrfTxInf>
 </FIToFICstmrCdtTrf>
</Document>
)";

const char kPacs009Cov[] = R"(<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08">
 <FICdtTrf><GrpHdr><MsgId>C1</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr>
  <CdtTrfTxInf><PmtId><InstrId>I</InstrId><EndToEndId>E</EndToEndId><UETR>u-1</UETR></PmtId>
   <IntrBkSttlmAmt Ccy="USD">100</IntrBkSttlmAmt>
   <Dbtr><FinInstnId><BICFI>DDDDUS33</BICFI></FinInstnId></Dbtr>
   <Cdtr><FinInstnId><BICFI>CCCCGB2L</BICFI></FinInstnId></Cdtr>
   <UndrlygCstmrCdtTrf>
    <Dbtr><Nm>Ivan Petrov</Nm></Dbtr><DbtrAgt><FinInstnId><BICFI>EEEERUMM</BICFI></FinInstnId></DbtrAgt>
    <CdtrAgt><FinInstnId><BICFI>FFFFGB2L</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>Bob Ltd</Nm></Cdtr>
    <RmtInf><Ustrd>INVOICE 7</Ustrd></RmtInf>
   </UndrlygCstmrCdtTrf></CdtTrfTxInf></FICdtTrf></Document>)";

const char kMt103[] =
    "{1:F01AAAABEBBAXXX0000000000}{2:I103CCCCUS33XXXXN}{3:{121:uetr-1}}{4:\r\n"
    ":20:REF1\r\n:23B:CRED\r\n:32A:240102EUR1000,50\r\n:50K:/BE71096123456769\r\nJOHN SMITH\r\n"
    "1 MAIN ST\r\n:59:/12345\r\nACME CORP\r\n:71A:SHA\r\n-}";

const char kMt202Cov[] =
    "{1:F01AAAABEBBAXXX0000000000}{2:I202CCCCUS33XXXXN}{3:{119:COV}{121:u2}}{4:\r\n"
    ":20:R2\r\n:21:REL\r\n:32A:240102USD500,\r\n:52A:DDDDUS33\r\n:58A:CCCCGB2L\r\n"
    ":50F:/998877\r\n1/PETROV IVAN\r\n2/LENINA 1\r\n3/RU/MOSCOW\r\n4/19700101\r\n"
    ":52A:EEEERUMM\r\n:57A:FFFFGB2L\r\n:59:/55\r\nBOB LTD\r\n:70:INVOICE 7\r\n-}";

std::string ErrorOf(std::string_view bytes) {
  auto r = ParsePayments(bytes, "t");
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kParseError) << r.status().ToString();
  return r.status().message();
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(PaymentsInline, Pacs008OldVersion) {
  auto r = ParseIso20022(kPacs008, "t.xml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  const Payment& p = r->front();
  EXPECT_EQ(p.message_version, "001.02");
  EXPECT_EQ(p.amount, "10.50");
  const Party* d = p.Find(PartyRole::kDebtor);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, PartyKind::kPerson);
  EXPECT_EQ(d->account, "DE89370400440532013000");
  EXPECT_EQ(d->iban_country, "DE");
  ASSERT_NE(p.Find(PartyRole::kInstructingAgent), nullptr);  // from GrpHdr in 001.02
  EXPECT_EQ(p.Find(PartyRole::kInstructingAgent)->bic, "AAAADEFFXXX");
  const Party* c = p.Find(PartyRole::kCreditor);
  ASSERT_EQ(c->identifiers.size(), 1u);
  EXPECT_EQ(c->identifiers[0].type, "lei");
}

TEST(PaymentsInline, Pacs009CovUnderlyingParties) {
  auto r = ParseIso20022(kPacs009Cov, "t.xml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Payment& p = r->front();
  EXPECT_EQ(p.message_type, "pacs.009");
  EXPECT_TRUE(p.cover);
  EXPECT_EQ(p.Find(PartyRole::kOrderingInstitution)->bic, "DDDDUS33");
  EXPECT_EQ(p.Find(PartyRole::kBeneficiaryInstitution)->bic, "CCCCGB2L");
  EXPECT_EQ(p.Find(PartyRole::kDebtor)->name, "Ivan Petrov");
  EXPECT_EQ(p.Find(PartyRole::kDebtorAgent)->bic, "EEEERUMM");
  EXPECT_EQ(p.Find(PartyRole::kCreditor)->name, "Bob Ltd");
  EXPECT_EQ(p.Find(PartyRole::kCreditor)->source, "CdtTrfTxInf/UndrlygCstmrCdtTrf/Cdtr");
  EXPECT_EQ(p.remittance.unstructured, std::vector<std::string>{"INVOICE 7"});
}

TEST(PaymentsInline, Mt202CovSequenceB) {
  auto r = ParseMt(kMt202Cov, "t.fin");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Payment& p = r->front();
  EXPECT_EQ(p.message_type, "MT202COV");
  EXPECT_TRUE(p.cover);
  EXPECT_EQ(p.tx_id, "REL");
  EXPECT_EQ(p.Find(PartyRole::kOrderingInstitution)->bic, "DDDDUS33");
  EXPECT_EQ(p.Find(PartyRole::kBeneficiaryInstitution)->bic, "CCCCGB2L");
  const Party* d = p.Find(PartyRole::kDebtor);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->name, "PETROV IVAN");
  EXPECT_EQ(d->kind, PartyKind::kPerson);
  EXPECT_EQ(d->address.country, "RU");
  EXPECT_EQ(d->address.town, "MOSCOW");
  EXPECT_EQ(d->source, "B/50F");
  EXPECT_EQ(p.Find(PartyRole::kDebtorAgent)->bic, "EEEERUMM");
  EXPECT_EQ(p.Find(PartyRole::kCreditorAgent)->bic, "FFFFGB2L");
  EXPECT_EQ(p.Find(PartyRole::kCreditor)->name, "BOB LTD");
}

TEST(PaymentsInline, Mt103Basic) {
  auto r = ParseMt(kMt103, "t.fin");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Payment& p = r->front();
  EXPECT_EQ(p.amount, "1000.50");
  EXPECT_EQ(p.settlement_date, "2024-01-02");
  EXPECT_EQ(p.Find(PartyRole::kDebtor)->iban_country, "BE");
  EXPECT_EQ(p.Find(PartyRole::kSender)->bic, "AAAABEBBXXX");
  EXPECT_EQ(p.Find(PartyRole::kReceiver)->bic, "CCCCUS33XXX");
}

TEST(PaymentsDetect, Formats) {
  EXPECT_EQ(DetectPaymentFormat(kPacs008), PaymentFormat::kIso20022);
  EXPECT_EQ(DetectPaymentFormat(kMt103), PaymentFormat::kMt);
  EXPECT_EQ(DetectPaymentFormat(std::string(kMt103) + "\n$\n" + kMt103), PaymentFormat::kRje);
  EXPECT_EQ(DetectPaymentFormat("hello"), PaymentFormat::kUnknown);
  EXPECT_EQ(DetectPaymentFormat(""), PaymentFormat::kUnknown);
  auto split = SplitMtMessages(std::string(kMt103) + "$" + kMt202Cov, "t");
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->size(), 2u);
}

TEST(PaymentsBadInput, TruncatedXml) {
  std::string t(kPacs008, sizeof(kPacs008) / 2);
  EXPECT_THAT(ErrorOf(t), HasSubstr("malformed XML"));
}

TEST(PaymentsBadInput, WrongNamespace) {
  std::string t = Replace(kPacs008, "pacs.008.001.02", "camt.053.001.02");
  EXPECT_THAT(ErrorOf(t), HasSubstr("unsupported message namespace 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'"));
  EXPECT_THAT(ErrorOf(Replace(kPacs008, "pacs.008.001.02", "pacs.008.001.01")), HasSubstr("unsupported version"));
  EXPECT_THAT(ErrorOf(Replace(kPacs008, " xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02\"", "")),
              HasSubstr("namespace ''"));
}

TEST(PaymentsBadInput, XmlBadAmountAndMissingElements) {
  EXPECT_THAT(ErrorOf(Replace(kPacs008, ">10.50<", ">10,50<")), HasSubstr("IntrBkSttlmAmt"));
  EXPECT_THAT(ErrorOf(Replace(kPacs008, "Ccy=\"EUR\"", "Ccy=\"eu\"")), HasSubstr("currency"));
  EXPECT_THAT(ErrorOf(Replace(kPacs008, "<MsgId>M1</MsgId>", "")), HasSubstr("missing MsgId"));
}

TEST(PaymentsBadInput, XmlNonUtf8NamesElement) {
  std::string t = Replace(kPacs008, "Jane Roe", "Jane \xff\xfe Roe");
  EXPECT_THAT(ErrorOf(t), HasSubstr("element Nm: invalid UTF-8"));
}

TEST(PaymentsBadInput, MtMissingBlock4) {
  std::string t = "{1:F01AAAABEBBAXXX0000000000}{2:I103CCCCUS33XXXXN}{3:{121:u}}";
  EXPECT_THAT(ErrorOf(t), HasSubstr("message 1: missing block 4"));
}

TEST(PaymentsBadInput, MtBadTag) {
  EXPECT_THAT(ErrorOf(Replace(kMt103, ":23B:", ":2X:")), HasSubstr("bad field tag ':2X:' after field 20"));
}

TEST(PaymentsBadInput, MtNonUtf8NamesField) {
  EXPECT_THAT(ErrorOf(Replace(kMt103, "JOHN SMITH", "JOHN \xc3 SMITH")), HasSubstr("field 50K: invalid UTF-8"));
}

TEST(PaymentsBadInput, MtBadFieldValues) {
  EXPECT_THAT(ErrorOf(Replace(kMt103, "240102EUR1000,50", "240102EUR1000.50")), HasSubstr("field 32A: bad amount"));
  EXPECT_THAT(ErrorOf(Replace(kMt103, "240102EUR", "241302EUR")), HasSubstr("field 32A: bad value date"));
  EXPECT_THAT(ErrorOf(Replace(kMt103, ":32A:240102EUR1000,50\r\n", "")), HasSubstr("missing field 32A"));
  EXPECT_THAT(ErrorOf(Replace(kMt202Cov, ":52A:DDDDUS33", ":52A:NOT A BIC")), HasSubstr("field 52A: 'NOT A BIC' is not a BIC"));
  EXPECT_THAT(ErrorOf(Replace(kMt202Cov, "1/PETROV IVAN", "PETROV IVAN")), HasSubstr("field 50F"));
  EXPECT_THAT(ErrorOf(Replace(kMt103, "I103", "I940")), HasSubstr("unsupported message type MT940"));
}

// fuzz_mt found an MT101 whose second transaction (field 21) had no 32B: it was returned as a
// payment without an amount.
TEST(PaymentsBadInput, Mt101TransactionWithoutAmount) {
  const std::string mt101 =
      "{1:F01TESTARX7607663781}{2:O1010824170510TESTAR00AXXX94149133901705101425N}{4:\r\n"
      ":20:DG942_171206-004\r\n:28D:00001/00001\r\n:30:170502\r\n"
      ":21:010735904\r\n:32B:CNY14,00\r\n:59:/344110000361\r\nCASH CUSTOMER I\r\n:71A:SHA\r\n"
      ":21:SECOND\r\n:59:/1\r\nB\r\n:71A:SHA\r\n-}";
  EXPECT_THAT(ErrorOf(mt101), HasSubstr("message 1: transaction 2 (field 21 'SECOND'): missing field 32B"));
  std::string ok = Replace(mt101, ":21:SECOND\r\n", ":21:SECOND\r\n:32B:CNY1,00\r\n");
  auto r = ParseMt(ok, "t");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].amount, "1.00");
}

TEST(PaymentsBadInput, MtSecondMessageIndexed) {
  std::string t = std::string(kMt103) + "\n$\n" + Replace(kMt103, ":20:REF1", ":20:REF2\r\n::");
  EXPECT_THAT(ErrorOf(t), HasSubstr("message 2: bad field tag"));
}

TEST(PaymentsBadInput, MtUnterminatedAndJunk) {
  EXPECT_THAT(ErrorOf(std::string(kMt103, sizeof(kMt103) - 3)), HasSubstr("unterminated block {4:"));
  EXPECT_THAT(ErrorOf(std::string(kMt103) + " junk"), HasSubstr("unexpected text outside a FIN message"));
  EXPECT_THAT(ErrorOf("{1:F01AAAA}{4:\r\n:20:X\r\n-}"), HasSubstr("message 1"));
}

TEST(PaymentsBadInput, NeverCrashesOnPrefixes) {
  // Every prefix of every inline message is either parsed or refused with a status.
  for (const char* m : {kPacs008, kPacs009Cov, kMt103, kMt202Cov}) {
    std::string s(m);
    for (size_t n = 0; n <= s.size(); ++n) {
      auto r = ParsePayments(std::string_view(s).substr(0, n), "t");
      if (!r.ok()) {
        EXPECT_FALSE(r.status().message().empty());
      }
    }
  }
}

TEST(PaymentsBadInput, SizeLimit) {
  ParseOptions o;
  o.max_bytes = 10;
  auto r = ParsePayments(kPacs008, "t", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace tamis::payments
