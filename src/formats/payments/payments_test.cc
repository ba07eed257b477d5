// Payment parsers on every file of ../shared/data/payments. The expected values were read by
// eye from the files (not echoed from the parser), so the tests are an independent oracle.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "formats/payments/parsers.h"
#include "formats/payments/payments_test_util.h"
#include "formats/payments/xml_util.h"
#include "core/strings.h"
#include "testing/shared_data.h"

namespace tamis::payments {
namespace {

using R = PartyRole;

TEST(PaymentsRealFiles, ProwidePacs008WithAppHdr) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto v = LoadShared("prowide_iso20022_pacs.008.001.07.xml");
  ASSERT_EQ(v.size(), 1u);
  const Payment& p = v[0];
  EXPECT_EQ(p.message_type, "pacs.008");
  EXPECT_EQ(p.message_version, "001.07");
  EXPECT_EQ(p.msg_id, "823823423");
  EXPECT_EQ(p.business_msg_id, "12312312312");
  EXPECT_EQ(p.instruction_id, "23423423");
  EXPECT_EQ(p.end_to_end_id, "223423423");
  EXPECT_EQ(p.tx_id, "123452342");
  EXPECT_EQ(p.amount, "5000");
  EXPECT_EQ(p.currency, "USD");
  EXPECT_EQ(p.settlement_date, "2018-07-31");
  EXPECT_EQ(p.charge_bearer, "SHAR");
  ExpectParty(p, R::kSender, "", "MLCOUS33XXX", "");
  ExpectParty(p, R::kReceiver, "", "MLCOUS33XXX", "");
  ExpectParty(p, R::kInstructingAgent, "Lionel Messi", "CITTGB2LPBG", "");
  ExpectParty(p, R::kInstructedAgent, "Manu Ginobili", "ICBCUS4CXXX", "");
  EXPECT_EQ(p.Find(R::kInstructedAgent)->address.town, "Los Angeles");
  ExpectParty(p, R::kDebtor, "JOHN DOE", "", "");
  EXPECT_EQ(p.Find(R::kDebtor)->address.town, "Buenos Aires");
  EXPECT_EQ(p.Find(R::kDebtor)->country, "AR");
  ExpectParty(p, R::kDebtorAgent, "Juan Perez", "ITUSUSP1XXX", "");
  ExpectParty(p, R::kCreditorAgent, "", "USTBUS31XXX", "");
  ExpectParty(p, R::kCreditor, "Mike Smith", "", "");
  ASSERT_EQ(p.Find(R::kInstructingAgent)->identifiers.size(), 1u);
  EXPECT_EQ(p.Find(R::kInstructingAgent)->identifiers[0].value, "2342342342");
}

TEST(PaymentsRealFiles, MoovPain001Usd) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto v = LoadShared("moov_International_payment_USD_naujas_1.xml");
  ASSERT_EQ(v.size(), 1u);
  const Payment& p = v[0];
  EXPECT_EQ(p.message_type, "pain.001");
  EXPECT_EQ(p.message_version, "001.03");
  EXPECT_EQ(p.msg_id, "MSGID0002");
  EXPECT_EQ(p.payment_info_id, "201509280002");
  EXPECT_EQ(p.end_to_end_id, "EndToEndId0002");
  EXPECT_EQ(p.amount, "111.11");
  EXPECT_EQ(p.currency, "USD");
  EXPECT_EQ(p.requested_execution_date, "2015-09-28");
  EXPECT_EQ(p.charge_bearer, "SHAR");
  EXPECT_EQ(p.bank_operation_code, "NURG");
  ExpectParty(p, R::kInitiatingParty, "IMONE X", "", "");
  ExpectParty(p, R::kDebtor, "IMONE X", "", "LT007180000000000000");
  EXPECT_TRUE(p.Find(R::kDebtor)->account_is_iban);
  EXPECT_EQ(p.Find(R::kDebtor)->iban_country, "LT");
  ExpectParty(p, R::kDebtorAgent, "", "CBSBLT26XXX", "");
  ExpectParty(p, R::kCreditorAgent, "DEUTSCHE BANK TRUST COMPANY AMERICAS", "BKTRUS33", "");
  ExpectParty(p, R::kCreditor, "COMPANY Z", "", "1234567890");
  EXPECT_FALSE(p.Find(R::kCreditor)->account_is_iban);
  EXPECT_EQ(p.Find(R::kCreditor)->address.lines, std::vector<std::string>{"Company address"});
  EXPECT_EQ(p.remittance.unstructured, std::vector<std::string>{"Payment details"});
}

TEST(PaymentsRealFiles, MoovPain001Rub) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto v = LoadShared("moov_International_payment_RUB_naujas_1.xml");
  ASSERT_EQ(v.size(), 1u);
  const Payment& p = v[0];
  EXPECT_EQ(p.amount, "1000.00");
  EXPECT_EQ(p.currency, "RUB");
  EXPECT_EQ(p.charge_bearer, "DEBT");
  EXPECT_EQ(p.instruction_id, "Payment-1");
  ExpectParty(p, R::kDebtor, "IMONE X", "", "LT007180000000000000");
  const Party* d = p.Find(R::kDebtor);
  EXPECT_EQ(d->kind, PartyKind::kOrganisation);
  ASSERT_EQ(d->identifiers.size(), 1u);
  EXPECT_EQ(d->identifiers[0].value, "123456789");
  EXPECT_EQ(d->identifiers[0].scheme, "COID");
  ExpectParty(p, R::kCreditorAgent, "UNICREDIT BANK AO", "", "10000000000000000001");
  const Party* ca = p.Find(R::kCreditorAgent);
  EXPECT_EQ(ca->country, "RU");
  ASSERT_EQ(ca->identifiers.size(), 1u);
  EXPECT_EQ(ca->identifiers[0].type, "clearing");
  EXPECT_EQ(ca->identifiers[0].scheme, "RUCBC");
  EXPECT_EQ(ca->identifiers[0].value, "044525593");
  ExpectParty(p, R::kCreditor, "COMPANY Z", "", "1234567890");
  EXPECT_EQ(p.remittance.unstructured, std::vector<std::string>{"PREPAYMENT RUB 1000,00"});
}

TEST(PaymentsRealFiles, MoovPain001Sepa) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto v = LoadShared("moov_sepa_payment_naujas_1.xml");
  ASSERT_EQ(v.size(), 1u);
  const Payment& p = v[0];
  EXPECT_EQ(p.amount, "99.99");
  EXPECT_EQ(p.currency, "EUR");
  EXPECT_EQ(p.charge_bearer, "SLEV");
  EXPECT_EQ(p.bank_operation_code, "SEPA");
  ExpectParty(p, R::kInitiatingParty, "IMONE X", "", "");
  ExpectParty(p, R::kDebtorAgent, "", "CBSBLT26", "");
  ExpectParty(p, R::kCreditorAgent, "", "SMPOLT22", "");
  ExpectParty(p, R::kCreditor, "IMONE Z", "", "LT007400000000000000");
  const Party* c = p.Find(R::kCreditor);
  EXPECT_EQ(c->country, "LT");
  EXPECT_EQ(c->address.lines, (std::vector<std::string>{"Adresas 123", "Vilnius"}));
  EXPECT_EQ(p.remittance.unstructured, std::vector<std::string>{"Apmokama saskaita-faktura Nr. 1"});
}

TEST(PaymentsRealFiles, MoovSwissPain001ManyPayments) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto v = LoadShared("moov_musterfile_pain.001_Nov2020.xml");
  // 5 PmtInf with 1, 2, 2, 1, 2 transactions (GrpHdr/NbOfTxs says 7: a warning).
  ASSERT_EQ(v.size(), 8u);
  for (const Payment& p : v) {
    EXPECT_EQ(p.message_type, "pain.001");
    EXPECT_EQ(p.message_version, "001.03");
    EXPECT_EQ(p.msg_id, "MsgId-001");
    ExpectParty(p, R::kInitiatingParty, "Robert Schneider", "", "");
    ExpectParty(p, R::kDebtorAgent, "", "POFICHBEXXX", "");
  }
  ASSERT_FALSE(v[0].warnings.empty());
  EXPECT_NE(v[0].warnings[0].find("NbOfTxs"), std::string::npos);
  struct Row { const char* pmtinf; const char* debtor; const char* debtor_account; const char* creditor; const char* account; const char* amount; };
  const char* rs = "CH0309000000250090342";  // Robert Schneider's DbtrAcct in PmtInf 01-04
  const Row rows[] = {
      {"PmtInfId-01", "Robert Schneider", rs, "Maria Bernasconi", "CH5109000000250092291", "6.20"},
      {"PmtInfId-02", "Robert Schneider", rs, "Robert Schneider SA", "014295803", "1.80"},
      {"PmtInfId-02", "Robert Schneider", rs, "Robert Schneider", "CH2909000000250094239", "12.00"},
      {"PmtInfId-03", "Robert Schneider", rs, "Maria Bernasconi", "CH5109000000250092291", "5.00"},
      {"PmtInfId-03", "Robert Schneider", rs, "Maria Bernasconi", "CH010023512312312365L", "2.00"},
      {"PmtInfId-04", "Robert Schneider SA", rs, "Maria Bernasconi", "IT1122334455667788991122334", "1"},
      {"PmtInfId-05", "Maria Bernasconi", "CH5109000000250092291", "Robert Schneider SA", "CH7730000001250094239", "4"},
      {"PmtInfId-05", "Maria Bernasconi", "CH5109000000250092291", "Maria Bernasconi", "CH5109000000250092291", "6"},
  };
  for (size_t i = 0; i < 8; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(v[i].payment_info_id, rows[i].pmtinf);
    EXPECT_EQ(v[i].amount, rows[i].amount);
    EXPECT_EQ(v[i].currency, "CHF");
    EXPECT_EQ(v[i].transaction_index, static_cast<int>(i));
    ExpectParty(v[i], R::kDebtor, rows[i].debtor, "", rows[i].debtor_account);
    ExpectParty(v[i], R::kCreditor, rows[i].creditor, "", rows[i].account);
  }
  EXPECT_EQ(v[0].requested_execution_date, "2020-07-28");
  EXPECT_EQ(v[0].Find(R::kCreditor)->address.town, "Biel");
  EXPECT_EQ(v[1].remittance.references, std::vector<std::string>{"120000000000234478943216899"});
  EXPECT_EQ(v[3].purpose_code, "SALA");
  EXPECT_EQ(v[5].charge_bearer, "SLEV");
  ExpectParty(v[5], R::kCreditorAgent, "", "AABBCCDDXXX", "");
  EXPECT_EQ(v[5].Find(R::kCreditor)->iban_country, "IT");
  EXPECT_EQ(v[7].remittance.references, std::vector<std::string>{"RF18539007547034"});
}

TEST(PaymentsRealFiles, ProwideMt101) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto v = LoadShared("prowide_core_MT101.fin");
  ASSERT_EQ(v.size(), 1u);
  const Payment& p = v[0];
  EXPECT_EQ(p.syntax, MessageSyntax::kMt);
  EXPECT_EQ(p.message_type, "MT101");
  EXPECT_EQ(p.msg_id, "DG942_171206-004");
  EXPECT_EQ(p.tx_id, "010735904");
  EXPECT_EQ(p.amount, "14.00");
  EXPECT_EQ(p.currency, "CNY");
  EXPECT_EQ(p.requested_execution_date, "2017-05-02");
  EXPECT_EQ(p.charge_bearer, "SHA");
  ExpectParty(p, R::kSender, "", "TESTAR00XXX", "");
  ExpectParty(p, R::kReceiver, "", "TESTAR00XXX", "");
  ExpectParty(p, R::kDebtor, "TESTAR00AXXX", "", "344110001637");
  EXPECT_EQ(p.Find(R::kDebtor)->address.lines, (std::vector<std::string>{"Utrecht", "Netherlands"}));
  ExpectParty(p, R::kCreditorAgent, "", "CIBKCNBJ473", "");
  ExpectParty(p, R::kCreditor, "CASH CUSTOMER I", "", "344110000361");
  EXPECT_EQ(p.remittance.unstructured, std::vector<std::string>{"/RFB/C767405OCP021001"});
}

TEST(PaymentsRealFiles, ProwideMt103BulkWithAck) {
  TAMIS_REQUIRE_SHARED_DATA();
  std::string bytes = testing::ReadFileOrDie(testing::SharedPath("payments/prowide_core_MT103-bulk-with-ack.rje"));
  EXPECT_EQ(DetectPaymentFormat(bytes), PaymentFormat::kRje);
  auto v = LoadShared("prowide_core_MT103-bulk-with-ack.rje");
  ASSERT_EQ(v.size(), 3u);
  for (const Payment& p : v) {
    EXPECT_EQ(p.message_type, "MT103");
    EXPECT_EQ(p.ack, AckStatus::kAck);
    ExpectParty(p, R::kReceiver, "", "AAAAUSLAXXX", "");
    ExpectParty(p, R::kDebtorAgent, "", "CCCCNGLA", "");
    EXPECT_EQ(p.currency, "USD");
    EXPECT_EQ(p.settlement_date, "2019-04-25");
  }
  EXPECT_EQ(v[0].msg_id, "234234233");
  EXPECT_EQ(v[0].business_msg_id, "1704250164920-04");
  EXPECT_EQ(v[0].amount, "3700");
  EXPECT_EQ(v[0].instructed_amount, "3710");
  ExpectParty(v[0], R::kSender, "", "BBBBUS33XXX", "");
  ExpectParty(v[0], R::kDebtor, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", "0000000000");
  EXPECT_EQ(v[0].Find(R::kDebtor)->address.lines,
            (std::vector<std::string>{"NO. 62/64 FOO ROAD BENIN CITY", "EDO STATE"}));
  ExpectParty(v[0], R::kInstructingReimbursementAgent, "", "", "00000000000000");
  ExpectParty(v[0], R::kCreditor, "BBBBBBBBBBBBBBBB", "", "0000000000");
  ExpectParty(v[0], R::kPreviousInstructingAgent, "DEUTSCHE BANK TRUST CO.", "", "");
  EXPECT_EQ(v[0].remittance.unstructured,
            (std::vector<std::string>{"/RFB/042517477151", "REFERENCE:1500009007", "TRANSFER"}));
  ASSERT_EQ(v[0].free_text.size(), 2u);
  EXPECT_EQ(v[0].free_text[1].source, "72");
  EXPECT_EQ(v[0].free_text[1].lines,
            (std::vector<std::string>{"/INS/DEUTSCHE BANK TRUST CO.", "//AMERICAS NEW YORK, NY 10015"}));

  EXPECT_EQ(v[1].msg_id, "C4772342333");
  EXPECT_EQ(v[1].amount, "1321.00");
  EXPECT_EQ(v[1].variant, "STP");
  EXPECT_EQ(v[1].charge_bearer, "BEN");
  EXPECT_EQ(v[1].charges, (std::vector<std::string>{"USD0", "USD29"}));
  ExpectParty(v[1], R::kSender, "", "BKTRUS33XXX", "");
  ExpectParty(v[1], R::kDebtor, "ANANANANANANA", "", "1111111111");
  ExpectParty(v[1], R::kCreditor, "VICTORY FOOBAR", "", "1111111111");
  ExpectParty(v[1], R::kPreviousInstructingAgent, "", "CCCCNGLAXXX", "");

  EXPECT_EQ(v[2].msg_id, "201904250034434");
  EXPECT_EQ(v[2].amount, "1417.8");
  ExpectParty(v[2], R::kDebtor, "OLD MUTUAL GENERAL INSURAN", "", "22222222222");
  ExpectParty(v[2], R::kCreditor, "GGGGGGGGGGGGGGGGG", "", "8888888888");
}

TEST(PaymentsRealFiles, ProwideMt103OutRje) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto v = LoadShared("prowide_core_MT103-out-ack.rje");
  ASSERT_EQ(v.size(), 13u);
  for (const Payment& p : v) {
    EXPECT_EQ(p.message_type, "MT103");
    EXPECT_EQ(p.ack, AckStatus::kNone);
    ExpectParty(p, R::kReceiver, "", "BICFOOYYXXX", "");
  }
  const Payment& a = v[0];
  EXPECT_EQ(a.msg_id, "22342343");
  EXPECT_EQ(a.uetr, "8579f4a4-a547-463e-ae63-e7c6620d59b4");
  EXPECT_EQ(a.amount, "1814.28");
  EXPECT_EQ(a.settlement_date, "2019-10-14");
  ExpectParty(a, R::kSender, "", "BBBBUS3NXXX", "");
  ExpectParty(a, R::kDebtor, "FOO CAPITAL MARKETS LP", "", "");
  ExpectParty(a, R::kDebtorAgent, "NORTH FOO BANK", "", "");
  ExpectParty(a, R::kCreditor, "MERCADOS Y GESTION DE VALORES SA", "", "00123456789012345678");
  const Payment& b = v[1];
  EXPECT_EQ(b.msg_id, "INGDESMM");
  EXPECT_EQ(b.amount, "111222.33");
  EXPECT_EQ(b.currency, "EUR");
  ExpectParty(b, R::kSender, "", "CCCCUSMMXXX", "");
  ExpectParty(b, R::kDebtorAgent, "", "FOODESMM", "");
  ExpectParty(b, R::kInstructingReimbursementAgent, "", "FOODESMMXXX", "");
  ExpectParty(b, R::kCreditorAgent, "", "BICFOOYY", "");
  ExpectParty(b, R::kCreditor, "FOO DIRECT EUROSTOXX 99", "", "00123456789012345678");
  const Payment& f = v[5];  // 52A with a party identifier line, IBAN beneficiary
  EXPECT_EQ(f.msg_id, "530165650050");
  ExpectParty(f, R::kDebtor, "AF RENTA VARIABLE", "", "");
  ExpectParty(f, R::kDebtorAgent, "", "FOOBESBBXXX", "0569");
  ExpectParty(f, R::kCreditor, "FOO SECURITIES SV S.A.", "", "ES0123456789012345671234");
  EXPECT_EQ(f.Find(R::kCreditor)->iban_country, "ES");
  const Payment& r = v[9];  // 54A with //RT clearing code
  EXPECT_EQ(r.msg_id, "AMLX985338-D4E5E");
  ExpectParty(r, R::kSender, "", "CRESLULLXXX", "");
  ExpectParty(r, R::kInstructingReimbursementAgent, "", "DEUTDEFF", "");
  ExpectParty(r, R::kInstructedReimbursementAgent, "", "BICFOOYY", "");
  ExpectParty(r, R::kCreditor, "FOO SA", "", "-");
  EXPECT_EQ(r.remittance.unstructured, (std::vector<std::string>{"/CS BD ST EUR B", "REDEMPTION AMLX985338"}));
  const Payment& s = v[10];  // followed by a stray "{" before its separator
  EXPECT_EQ(s.msg_id, "0061350113089903");
  EXPECT_EQ(s.amount, "47000");  // "47000," in 32A
  ExpectParty(s, R::kDebtor, "MORGAN STANLEY FOOOOOO CONSERV", "", "12345678");
  EXPECT_EQ(s.Find(R::kDebtor)->address.lines,
            (std::vector<std::string>{"BBVA 3999 XXXXST 16 BUZON 404", "28014 MADRID"}));
  ExpectParty(s, R::kDebtorAgent, "", "FOOOESMMXXX", "3999");
  ExpectParty(s, R::kCreditor, "MS FOOOOOO CONSERVSDOR FIMF", "", "ES0123456789012345671234");
  EXPECT_EQ(v[11].msg_id, "0061350113089904");
  EXPECT_EQ(v[12].msg_id, "0061350113089905");
  ExpectParty(v[12], R::kCreditor, "MS LATINOAMERICA FIM", "", "ES0123456789012345671234");
}

TEST(PaymentsRealFiles, BallerinaMt103ByEye) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto v = LoadShared("ballerina_mt103_pacs008/finMessage_535_A_B.fin");
  ASSERT_EQ(v.size(), 1u);
  const Payment& p = v[0];
  EXPECT_EQ(p.amount, "500000");
  EXPECT_EQ(p.currency, "SGD");
  EXPECT_EQ(p.uetr, "174c245f-2682-4291-ad67-2a41e530cd27");
  EXPECT_EQ(p.end_to_end_id, "E2E04044506271305");
  ExpectParty(p, R::kSender, "", "WPACAU2SXXX", "");
  ExpectParty(p, R::kReceiver, "", "DBSSSGSGXXX", "");
  ExpectParty(p, R::kDebtor, "Australian Submarine", "", "458756241");
  EXPECT_EQ(p.Find(R::kDebtor)->address.town, "Adelaide");
  EXPECT_EQ(p.Find(R::kDebtor)->country, "AU");
  ExpectParty(p, R::kDebtorAgent, "", "WPACAU2S", "");
  ExpectParty(p, R::kIntermediaryAgent1, "", "DBSSSGSG", "");
  ExpectParty(p, R::kCreditorAgent, "", "UOVBSGSG", "");
  ExpectParty(p, R::kCreditor, "Agoda Company", "", "985412687");

  auto w = LoadShared("ballerina_mt103_pacs008/finMessage_pacs008_test_pmtTpInf.fin");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].instruction_codes, (std::vector<std::string>{"SDVA", "CORT", "INTC"}));
  ExpectParty(w[0], R::kSender, "", "ABCDLKL0XXX", "");   // input message: sender in block 1
  ExpectParty(w[0], R::kReceiver, "", "HANYUS33XXX", "");
  ExpectParty(w[0], R::kDebtor, "RASA ENGINEERING SERVICES (PVT) L", "", "100811000148");
  ExpectParty(w[0], R::kDebtorAgent, "", "ABCDLKLXXXX", "NAGODA BRANCH");
  ExpectParty(w[0], R::kCreditor, "KATAYAMA CHAIN THAILAND", "", "2110144802");
}

// Each MT103 and its CBPR+ pacs.008 translation name the same parties.
TEST(PaymentsRealFiles, BallerinaMt103MatchesPacs008) {
  TAMIS_REQUIRE_SHARED_DATA();
  const std::pair<const char*, const char*> pairs[] = {
      {"finMessage_535_A_B.fin", "finMessage_535_A_B.expected_mt103_pacs008_A_B.xml"},
      {"finMessage_p_2_1_1_C_D.fin", "finMessage_p_2_1_1_C_D.expected_mt103_pacs_008_C_D.xml"},
      {"finMessage_p_2_1_2_A_B.fin", "finMessage_p_2_1_2_A_B.expected_mt103_pacs_008_A_B.xml"},
      {"finMessage_p_2_1_2_B_C.fin", "finMessage_p_2_1_2_B_C.expected_mt103_pacs008_B_C.xml"},
      {"finMessage_p_2_3_1_a_A_D.fin", "finMessage_p_2_3_1_a_A_D.expected_mt103_pacs_008_A_D.xml"},
      {"finMessage_p_2_3_1_b_A_D.fin", "finMessage_p_2_3_1_b_A_D.expected_mt103_pacs_008_A_D.xml"},
      {"finMessage_pacs008_test_pmtTpInf.fin", "finMessage_pacs008_test_pmtTpInf.expected_mt103_pacs008.xml"},
  };
  for (auto [fin, xml] : pairs) {
    SCOPED_TRACE(fin);
    auto mt = LoadShared(std::string("ballerina_mt103_pacs008/") + fin);
    auto mx = LoadShared(std::string("ballerina_mt103_pacs008/") + xml);
    ASSERT_EQ(mt.size(), 1u);
    ASSERT_EQ(mx.size(), 1u);
    EXPECT_EQ(mx[0].message_type, "pacs.008");
    EXPECT_EQ(mx[0].message_version, "001.08");
    EXPECT_EQ(mt[0].uetr, mx[0].uetr);
    EXPECT_EQ(mt[0].currency, mx[0].currency);
    EXPECT_EQ(mt[0].settlement_date, mx[0].settlement_date);
    ExpectSameParties(mt[0], mx[0]);
  }
}

TEST(PaymentsRealFiles, EveryFileParses) {
  TAMIS_REQUIRE_SHARED_DATA();
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(testing::SharedPath("payments"))) {
    std::string ext = e.path().extension().string();
    if (ext != ".xml" && ext != ".fin" && ext != ".rje") continue;
    ++files;
    SCOPED_TRACE(e.path().string());
    std::string bytes = testing::ReadFileOrDie(e.path());
    auto r = ParsePayments(bytes, e.path().filename().string());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const Payment& p : r.value()) {
      EXPECT_FALSE(p.amount.empty());
      EXPECT_FALSE(p.parties.empty());
    }
  }
  EXPECT_EQ(files, 22);
}

// xml::Collapsed (the parser's element text) is CollapseSpaces with a copy-as-is fast path:
// the same string on every input, random and adversarial (white space at the ends, runs,
// tabs and newlines, a lone space between words, empty).
TEST(PaymentsXmlText, CollapsedEqualsCollapseSpaces) {
  const std::vector<std::string> fixed = {"", " ", "  ", "a", " a", "a ", "a b", "a  b", "a\tb", "a\nb", "\ta",
                                          "a\r", "ab cd ef", "ab cd  ef", "x\v", "\fx", "a \n b", "A B C"};
  for (const auto& s : fixed) EXPECT_EQ(xml::Collapsed(s), CollapseSpaces(s)) << "[" << s << "]";
  std::mt19937 rng(15);
  const char alphabet[] = {'a', 'B', '1', ' ', ' ', '\t', '\n', '\r', '\v', '\f', '-', '\xC3'};
  for (int k = 0; k < 20000; ++k) {
    std::string s(rng() % 12, ' ');
    for (char& c : s) c = alphabet[rng() % sizeof alphabet];
    ASSERT_EQ(xml::Collapsed(s), CollapseSpaces(s)) << "[" << s << "]";
  }
}

}  // namespace
}  // namespace tamis::payments
