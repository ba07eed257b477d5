#include "bench/payments/gen.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <sstream>

namespace tamis::bench {
namespace {

std::string Esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> w;
  std::istringstream in(s);
  for (std::string x; in >> x;) w.push_back(x);
  return w;
}

std::string Join(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) s += (s.empty() ? "" : " ") + x;
  return s;
}

template <typename T>
const T& Pick(const std::vector<T>& v, Rng& rng) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

// MT lines of at most 35 characters, broken at spaces where possible.
std::vector<std::string> Wrap35(const std::string& text) {
  std::vector<std::string> out;
  std::string line;
  for (const auto& w : Words(text)) {
    if (!line.empty() && line.size() + 1 + w.size() > 35) {
      out.push_back(line);
      line.clear();
    }
    std::string x = w;
    while (x.size() > 35) {
      out.push_back(x.substr(0, 35));
      x = x.substr(35);
    }
    line += (line.empty() ? "" : " ") + x;
  }
  if (!line.empty()) out.push_back(line);
  return out;
}

// Romanisations of one name part seen across UN, OFAC, EU and UK entries.
const std::vector<std::vector<std::string>> kTranslit = {
    {"MOHAMMED", "MUHAMMAD", "MOHAMED", "MOHAMMAD", "MUHAMMED"},
    {"AHMED", "AHMAD"},
    {"HUSSEIN", "HUSAYN", "HUSSAIN", "HUSEIN"},
    {"HASSAN", "HASAN"},
    {"YUSUF", "YOUSSEF", "YOUSEF", "YUSSUF"},
    {"ABU", "ABOU"},
    {"OMAR", "UMAR"},
    {"OSAMA", "USAMA"},
    {"ABDULLAH", "ABDALLAH", "ABDULLA"},
    {"ABDUL", "ABDEL", "ABD AL"},
    {"KHALID", "KHALED"},
    {"SAID", "SAEED", "SAYED"},
    {"IBRAHIM", "EBRAHIM", "IBRAHEEM"},
    {"ISMAIL", "ISMAEL", "ISMA'IL"},
    {"MUSTAFA", "MOSTAFA", "MUSTAPHA"},
    {"JAMAL", "GAMAL"},
    {"QASIM", "KASSEM", "QASEM"},
    {"BIN", "BEN"},
    {"YASIN", "YASSIN", "YASEEN"},
    {"SALEH", "SALIH"},
    {"ABDULRAHMAN", "ABDURRAHMAN", "ABDEL RAHMAN"},
    {"FAISAL", "FAYSAL"},
    {"TAHIR", "TAHER"},
    {"ZUBAIR", "ZUBAYR"},
    {"SULEIMAN", "SULAYMAN", "SULAIMAN"},
    {"NASSER", "NASIR", "NASER"},
    {"MAHMOUD", "MAHMUD"},
    {"YAHYA", "YEHIA"},
    {"HAMZA", "HAMZAH"},
    {"ISLAMIC", "ISLAMI"},
};

std::string Translit(const std::string& word, Rng& rng) {
  std::string w = Upper(word);
  for (const auto& group : kTranslit)
    for (const auto& g : group)
      if (w == g) {
        std::vector<std::string> others;
        for (const auto& o : group)
          if (o != g) others.push_back(o);
        return Pick(others, rng);
      }
  // Spelling rules: -AH ending to -A, OU to U, EE to I, Q to K, double consonants single.
  if (w.size() > 4 && w.ends_with("AH")) return w.substr(0, w.size() - 1);
  if (auto p = w.find("OU"); p != std::string::npos) return w.substr(0, p) + "U" + w.substr(p + 2);
  if (auto p = w.find("EE"); p != std::string::npos) return w.substr(0, p) + "I" + w.substr(p + 2);
  if (auto p = w.find('Q'); p != std::string::npos) return w.substr(0, p) + "K" + w.substr(p + 1);
  for (size_t i = 1; i + 1 < w.size(); ++i)
    if (w[i] == w[i + 1] && std::isalpha(static_cast<unsigned char>(w[i])) && !std::strchr("AEIOU", w[i]))
      return w.substr(0, i) + w.substr(i + 1);
  return "";
}

bool IsParticle(const std::string& w) {
  std::string u = Upper(w);
  return u == "AL" || u == "EL" || u == "BIN" || u == "BEN" || u == "ABU" || u == "BINT" || u.starts_with("AL-");
}

}  // namespace

const char* const kVariants[6] = {"listed", "translit", "word_order", "typo", "drop_middle", "hyphen"};

std::string NameVariant(const std::string& name, const std::string& variant, Rng& rng) {
  std::vector<std::string> w = Words(Upper(name));
  if (w.empty()) return "";
  if (variant == "listed") return Join(w);
  if (variant == "translit") {
    std::vector<size_t> order(w.size());
    for (size_t i = 0; i < w.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    int changed = 0;
    for (size_t i : order) {
      // Keep "AL-" prefixes: vary the rest of the word.
      std::string pre, body = w[i];
      if (body.starts_with("AL-")) pre = "AL-", body = body.substr(3);
      std::string t = Translit(body, rng);
      if (t.empty()) continue;
      w[i] = pre + t;
      if (++changed == 2) break;
    }
    return changed ? Join(w) : "";
  }
  if (variant == "word_order") {
    if (w.size() < 2) return "";
    if (w.size() == 2 || (rng() & 1)) {
      std::swap(w[0], w[1]);
      return Join(w);
    }
    std::string last = w.back();
    w.pop_back();
    return last + ", " + Join(w);
  }
  if (variant == "typo") {
    std::vector<size_t> cand;
    for (size_t i = 0; i < w.size(); ++i)
      if (w[i].size() >= 5 && !IsParticle(w[i])) cand.push_back(i);
    if (cand.empty()) return "";
    std::string& x = w[Pick(cand, rng)];
    size_t p = std::uniform_int_distribution<size_t>(1, x.size() - 2)(rng);
    switch (rng() % 3) {
      case 0: x[p] = x[p] == 'E' ? 'A' : (x[p] == 'A' ? 'E' : static_cast<char>('A' + (x[p] - 'A' + 1) % 26)); break;
      case 1: x.erase(p, 1); break;
      default: std::swap(x[p], x[p + 1]); break;
    }
    return Join(w);
  }
  if (variant == "drop_middle") {
    if (w.size() < 4) return "";
    w.erase(w.begin() + static_cast<long>(std::uniform_int_distribution<size_t>(1, w.size() - 2)(rng)));
    return Join(w);
  }
  if (variant == "hyphen") {
    bool changed = false;
    for (size_t i = 0; i < w.size(); ++i) {
      if (w[i].starts_with("AL-")) {
        w[i] = (rng() & 1) ? "AL " + w[i].substr(3) : "AL" + w[i].substr(3);
        changed = true;
      } else if (auto h = w[i].find('-'); h != std::string::npos) {
        w[i][h] = ' ';
        changed = true;
      } else if ((w[i] == "AL" || w[i] == "EL") && i + 1 < w.size()) {
        w[i] = w[i] + "-" + w[i + 1];
        w.erase(w.begin() + static_cast<long>(i) + 1);
        changed = true;
      }
    }
    return changed ? Join(w) : "";
  }
  return "";
}

namespace {
const std::vector<std::string> kGiven = {
    "MARIA", "JOHN", "PETER", "ANNA", "LUCAS", "SOFIA", "JAMES", "ELENA", "DAVID", "LAURA", "MARTIN", "CLARA",
    "AHMED", "FATIMA", "OMAR", "LAYLA", "YOUSSEF", "AISHA", "KARIM", "NOOR", "SAMIR", "HANA", "TARIQ", "MARYAM",
    "WEI", "LI", "HIROSHI", "YUKI", "RAJ", "PRIYA", "ARJUN", "OLGA", "IVAN", "SERGEI", "NATALIA", "EMRE",
    "AYSE", "MEHMET", "CARLOS", "LUCIA", "PEDRO", "ISABEL", "KOFI", "AMARA", "CHIDI", "ZAINAB", "BILAL", "SARA"};
const std::vector<std::string> kFamily = {
    "SCHNEIDER", "MUELLER", "DUPONT", "MARTIN", "ROSSI", "GARCIA", "SMITH", "JONES", "NOVAK", "KOWALSKI",
    "HADDAD", "KHOURY", "NASSAR", "MANSOUR", "SALEM", "AZIZ", "FARAH", "HAMDAN", "SAAD", "ISSA",
    "CHEN", "WANG", "TANAKA", "SATO", "SHARMA", "PATEL", "IVANOV", "PETROVA", "YILMAZ", "DEMIR",
    "SILVA", "SANTOS", "OKAFOR", "MENSAH", "DIALLO", "TRAORE", "BAKER", "FISCHER", "LEROY", "BERNASCONI"};
const std::vector<std::string> kCompanyWord = {"NORDIC", "ATLAS", "HORIZON", "CEDAR", "DELTA", "PIONEER", "SUMMIT",
                                               "MERIDIAN", "OASIS", "HARBOUR", "GREENFIELD", "SILVERLINE",
                                               "BLUEWAVE", "CRESCENT", "UNITED", "EASTGATE"};
const std::vector<std::string> kCompanyKind = {"TRADING", "LOGISTICS", "TEXTILES", "FOODS", "ENGINEERING",
                                               "PHARMA", "CONSULTING", "ELECTRONICS", "SHIPPING", "FURNITURE"};
const std::vector<std::string> kLegal = {"LLC", "GMBH", "SA", "SARL", "LTD", "FZE", "BV", "AG", "SPA", "INC"};
const std::vector<std::string> kCountries = {"DE", "FR", "GB", "US", "AE", "TR", "JO", "LB", "PK", "EG",
                                             "IT", "ES", "NL", "CH", "IN", "CN", "JP", "BR", "NG", "KE"};
}  // namespace

std::string InnocentPerson(Rng& rng) {
  std::string s = Pick(kGiven, rng) + " " + Pick(kFamily, rng);
  if (rng() % 4 == 0) s = Pick(kGiven, rng) + " " + s;
  return s;
}

std::string InnocentCompany(Rng& rng) {
  if (rng() & 1) return Pick(kFamily, rng) + " " + Pick(kCompanyKind, rng) + " " + Pick(kLegal, rng);
  return Pick(kCompanyWord, rng) + " " + Pick(kCompanyKind, rng) + " " + Pick(kLegal, rng);
}

std::string InnocentCountry(Rng& rng) { return Pick(kCountries, rng); }

std::string Remittance(const std::string& name, Rng& rng) {
  const std::string n = std::to_string(std::uniform_int_distribution<int>(1000, 99999)(rng));
  if (!name.empty()) {
    static const std::vector<std::string> kWith = {
        "PAYMENT FOR {N} INV {#}", "ON BEHALF OF {N} REF {#}", "/BNF/{N}", "DONATION TO {N}",
        "/RFB/{#} FAVOUR {N}", "{N} CONSULTING FEES {#}", "SETTLEMENT INVOICE {#} FOR {N} GOODS",
        "FURTHER CREDIT TO {N}", "SCHOOL FEES {N}", "TRANSFER FOR {N} AS AGREED"};
    std::string t = Pick(kWith, rng);
    t.replace(t.find("{N}"), 3, name);
    if (auto p = t.find("{#}"); p != std::string::npos) t.replace(p, 3, n);
    return t;
  }
  static const std::vector<std::string> kInnocent = {
      "INVOICE {#} OFFICE SUPPLIES", "SALARY NOVEMBER {#}", "RENT FLAT 4B REF {#}", "/RFB/{#} SPARE PARTS",
      "PAYMENT FOR {P} INV {#}", "SCHOOL FEES {P}", "ORDER {#} {C}", "CONSULTING SERVICES Q3 CONTRACT {#}",
      "FREIGHT CHARGES BL {#}", "INSURANCE PREMIUM POLICY {#}", "REFUND ORDER {#}", "DIVIDEND {#}",
      "ON BEHALF OF {C} REF {#}", "TUITION {P} SEMESTER 2", "MAINTENANCE CONTRACT {#} {C}"};
  std::string t = Pick(kInnocent, rng);
  if (auto p = t.find("{P}"); p != std::string::npos) t.replace(p, 3, InnocentPerson(rng));
  if (auto p = t.find("{C}"); p != std::string::npos) t.replace(p, 3, InnocentCompany(rng));
  if (auto p = t.find("{#}"); p != std::string::npos) t.replace(p, 3, n);
  return t;
}

std::string MakePacs008(const PaymentSpec& s) {
  std::string x;
  x.reserve(3000);
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">\n <FIToFICstmrCdtTrf>\n";
  x += "  <GrpHdr>\n   <MsgId>" + s.id + "</MsgId>\n   <CreDtTm>2024-05-02T10:11:12+00:00</CreDtTm>\n";
  x += "   <NbOfTxs>1</NbOfTxs>\n   <SttlmInf>\n    <SttlmMtd>INDA</SttlmMtd>\n   </SttlmInf>\n  </GrpHdr>\n";
  x += "  <CdtTrfTxInf>\n   <PmtId>\n    <InstrId>" + s.id + "</InstrId>\n    <EndToEndId>E2E" + s.id +
       "</EndToEndId>\n    <UETR>8579f4a4-a547-463e-ae63-e7c6620d59b4</UETR>\n   </PmtId>\n";
  x += "   <IntrBkSttlmAmt Ccy=\"" + s.currency + "\">" + s.amount + "</IntrBkSttlmAmt>\n";
  x += "   <IntrBkSttlmDt>2024-05-02</IntrBkSttlmDt>\n   <ChrgBr>SHAR</ChrgBr>\n";
  x += "   <InstgAgt>\n    <FinInstnId>\n     <BICFI>" + s.instructing + "</BICFI>\n    </FinInstnId>\n   </InstgAgt>\n";
  x += "   <InstdAgt>\n    <FinInstnId>\n     <BICFI>" + s.instructed + "</BICFI>\n    </FinInstnId>\n   </InstdAgt>\n";
  auto party = [&](const char* tag, const std::string& name, const std::string& country, bool person) {
    x += std::string("   <") + tag + ">\n    <Nm>" + Esc(name) + "</Nm>\n    <PstlAdr>\n";
    x += "     <StrtNm>MAIN STREET</StrtNm>\n     <BldgNb>12</BldgNb>\n     <PstCd>10115</PstCd>\n";
    x += "     <TwnNm>SAMPLETOWN</TwnNm>\n     <Ctry>" + country + "</Ctry>\n    </PstlAdr>\n";
    if (!person) x += "    <Id>\n     <OrgId>\n      <LEI>5299000J2N45DDNE4Y28</LEI>\n     </OrgId>\n    </Id>\n";
    x += std::string("   </") + tag + ">\n";
  };
  party("Dbtr", s.debtor, s.debtor_country, s.debtor_person);
  x += "   <DbtrAcct>\n    <Id>\n     <IBAN>" + s.debtor_iban + "</IBAN>\n    </Id>\n   </DbtrAcct>\n";
  x += "   <DbtrAgt>\n    <FinInstnId>\n     <BICFI>" + s.debtor_agent + "</BICFI>\n    </FinInstnId>\n   </DbtrAgt>\n";
  x += "   <CdtrAgt>\n    <FinInstnId>\n     <BICFI>" + s.creditor_agent + "</BICFI>\n    </FinInstnId>\n   </CdtrAgt>\n";
  party("Cdtr", s.creditor, s.creditor_country, s.creditor_person);
  x += "   <CdtrAcct>\n    <Id>\n     <IBAN>" + s.creditor_iban + "</IBAN>\n    </Id>\n   </CdtrAcct>\n";
  if (!s.remittance.empty()) x += "   <RmtInf>\n    <Ustrd>" + Esc(s.remittance) + "</Ustrd>\n   </RmtInf>\n";
  x += "  </CdtTrfTxInf>\n </FIToFICstmrCdtTrf>\n</Document>\n";
  return x;
}

std::string MakeMt103(const PaymentSpec& s) {
  std::string amount = s.amount;
  std::replace(amount.begin(), amount.end(), '.', ',');
  std::string x = "{1:F01" + s.instructing.substr(0, 8) + "A" + s.instructing.substr(8) + "0000000000}{2:I103" +
                  s.instructed.substr(0, 8) + "X" + s.instructed.substr(8) +
                  "N}{3:{121:8579f4a4-a547-463e-ae63-e7c6620d59b4}}{4:\r\n";
  x += ":20:" + s.id.substr(0, 16) + "\r\n:23B:CRED\r\n:32A:240502" + s.currency + amount + "\r\n";
  x += ":50K:/" + s.debtor_iban + "\r\n";
  for (const auto& l : Wrap35(s.debtor)) x += l + "\r\n";
  x += "MAIN STREET 12\r\n" + s.debtor_country + " SAMPLETOWN\r\n";
  x += ":52A:" + s.debtor_agent + "\r\n:57A:" + s.creditor_agent + "\r\n:59:/" + s.creditor_iban + "\r\n";
  for (const auto& l : Wrap35(s.creditor)) x += l + "\r\n";
  x += "MAIN STREET 12\r\n" + s.creditor_country + " SAMPLETOWN\r\n";
  if (!s.remittance.empty()) {
    x += ":70:";
    for (const auto& l : Wrap35(s.remittance)) x += l + "\r\n";
  }
  x += ":71A:SHA\r\n-}";
  return x;
}

}  // namespace tamis::bench
