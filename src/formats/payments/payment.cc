#include "formats/payments/payment.h"

#include <cctype>

namespace tamis::payments {

std::string_view PartyRoleName(PartyRole role) {
  switch (role) {
    case PartyRole::kDebtor: return "debtor";
    case PartyRole::kCreditor: return "creditor";
    case PartyRole::kUltimateDebtor: return "ultimate_debtor";
    case PartyRole::kUltimateCreditor: return "ultimate_creditor";
    case PartyRole::kInitiatingParty: return "initiating_party";
    case PartyRole::kDebtorAgent: return "debtor_agent";
    case PartyRole::kCreditorAgent: return "creditor_agent";
    case PartyRole::kIntermediaryAgent1: return "intermediary_agent1";
    case PartyRole::kIntermediaryAgent2: return "intermediary_agent2";
    case PartyRole::kIntermediaryAgent3: return "intermediary_agent3";
    case PartyRole::kInstructingAgent: return "instructing_agent";
    case PartyRole::kInstructedAgent: return "instructed_agent";
    case PartyRole::kPreviousInstructingAgent: return "previous_instructing_agent";
    case PartyRole::kInstructingReimbursementAgent: return "instructing_reimbursement_agent";
    case PartyRole::kInstructedReimbursementAgent: return "instructed_reimbursement_agent";
    case PartyRole::kThirdReimbursementAgent: return "third_reimbursement_agent";
    case PartyRole::kOrderingInstitution: return "ordering_institution";
    case PartyRole::kBeneficiaryInstitution: return "beneficiary_institution";
    case PartyRole::kAccountWithInstitution: return "account_with_institution";
    case PartyRole::kSender: return "sender";
    case PartyRole::kReceiver: return "receiver";
  }
  return "unknown";
}

std::string_view PartyKindName(PartyKind kind) {
  switch (kind) {
    case PartyKind::kPerson: return "person";
    case PartyKind::kOrganisation: return "organisation";
    case PartyKind::kUnknown: break;
  }
  return "unknown";
}

bool PostalAddress::empty() const {
  return street.empty() && building_number.empty() && post_code.empty() && town.empty() &&
         country_subdivision.empty() && country.empty() && lines.empty();
}

const Party* Payment::Find(PartyRole role) const {
  for (const Party& p : parties)
    if (p.role == role) return &p;
  return nullptr;
}

std::string IbanCountry(std::string_view a) {
  if (a.size() < 15 || a.size() > 34) return "";
  auto up = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto dig = [](char c) { return c >= '0' && c <= '9'; };
  if (!up(a[0]) || !up(a[1]) || !dig(a[2]) || !dig(a[3])) return "";
  for (char c : a)
    if (!up(c) && !dig(c)) return "";
  return std::string(a.substr(0, 2));
}

bool LooksLikeBic(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool alpha = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
    if (i < 6 ? !alpha : !(alpha || digit)) return false;
  }
  return true;
}

}  // namespace tamis::payments
