// Test helpers for the payment parser tests: load a shared file, check a party by role,
// compare the parties of an MT message and of its ISO 20022 translation.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "formats/payments/parsers.h"
#include "testing/shared_data.h"

namespace tamis::payments {

// Parses ../shared/data/payments/<rel>; an empty vector (and a test failure) on error.
inline std::vector<Payment> LoadShared(const std::string& rel) {
  std::string bytes = testing::ReadFileOrDie(testing::SharedPath("payments/" + rel));
  auto r = ParsePayments(bytes, rel);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : std::vector<Payment>{};
}

// The first party with `role` has this name, BIC and account ("" means empty).
inline void ExpectParty(const Payment& p, PartyRole role, const std::string& name,
                        const std::string& bic, const std::string& account) {
  const Party* q = p.Find(role);
  ASSERT_NE(q, nullptr) << "no " << PartyRoleName(role);
  EXPECT_EQ(q->name, name) << PartyRoleName(role);
  EXPECT_EQ(q->bic, bic) << PartyRoleName(role);
  EXPECT_EQ(q->account, account) << PartyRoleName(role);
}

// The MT message's parties and its pacs.008 translation's, role by role (MT sender and
// receiver are the pacs.008 instructing and instructed agents).
inline void ExpectSameParties(const Payment& mt, const Payment& mx) {
  struct Pair { PartyRole mt, mx; };
  const Pair roles[] = {
      {PartyRole::kSender, PartyRole::kInstructingAgent},
      {PartyRole::kReceiver, PartyRole::kInstructedAgent},
      {PartyRole::kDebtor, PartyRole::kDebtor},
      {PartyRole::kDebtorAgent, PartyRole::kDebtorAgent},
      {PartyRole::kInstructingReimbursementAgent, PartyRole::kInstructingReimbursementAgent},
      {PartyRole::kInstructedReimbursementAgent, PartyRole::kInstructedReimbursementAgent},
      {PartyRole::kIntermediaryAgent1, PartyRole::kIntermediaryAgent1},
      {PartyRole::kPreviousInstructingAgent, PartyRole::kPreviousInstructingAgent},
      {PartyRole::kCreditorAgent, PartyRole::kCreditorAgent},
      {PartyRole::kCreditor, PartyRole::kCreditor},
  };
  for (auto [a, b] : roles) {
    const Party* x = mt.Find(a);
    const Party* y = mx.Find(b);
    ASSERT_EQ(x == nullptr, y == nullptr) << PartyRoleName(a) << " present on one side only";
    if (!x) continue;
    SCOPED_TRACE(std::string(PartyRoleName(a)));
    EXPECT_EQ(x->name, y->name);
    EXPECT_EQ(x->bic, y->bic);
    EXPECT_EQ(x->account, y->account);
    EXPECT_EQ(x->address.lines, y->address.lines);
    EXPECT_EQ(x->address.town, y->address.town);
    EXPECT_EQ(x->address.country, y->address.country);
  }
}

}  // namespace tamis::payments
