// Generated payment messages for the payment screening benchmarks: pacs.008 (CBPR+-like) and
// MT103 text built from a spec, listed names in the spelling variants lists show
// (transliteration, word order, typos, dropped middle names, hyphenation), innocent names,
// companies and remittance texts. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace tamis::bench {

struct PaymentSpec {
  std::string id;                       // MsgId / field 20
  std::string debtor, creditor;         // names
  bool debtor_person = true, creditor_person = false;
  std::string debtor_country = "DE", creditor_country = "FR";
  std::string debtor_iban = "DE89370400440532013000", creditor_iban = "FR7630006000011234567890189";
  std::string debtor_agent = "COBADEFFXXX", creditor_agent = "BNPAFRPPXXX";
  std::string instructing = "COBADEFFXXX", instructed = "BNPAFRPPXXX";
  std::string amount = "1250.00", currency = "EUR";
  std::string remittance;               // free text (may be long; MT: wrapped at 35 characters)
};

std::string MakePacs008(const PaymentSpec& s);
std::string MakeMt103(const PaymentSpec& s);

using Rng = std::mt19937_64;

// A spelling variant of a listed `name` of kind `variant`: "listed" (upper case as is),
// "translit" (another romanisation of its Arabic/Persian name parts), "word_order" (family
// name first with a comma, or the first two words swapped), "typo" (one letter changed,
// dropped or transposed in a word of 5+ letters), "drop_middle" (a middle word of a 4+ word
// name left out), "hyphen" (hyphens and "al" particles joined or split). Returns "" when the
// variant does not apply to the name.
std::string NameVariant(const std::string& name, const std::string& variant, Rng& rng);
extern const char* const kVariants[6];

std::string InnocentPerson(Rng& rng);
std::string InnocentCompany(Rng& rng);
// A remittance text with `name` embedded ("" = an innocent text, which may itself mention an
// innocent person or company).
std::string Remittance(const std::string& name, Rng& rng);
// A plausible innocent BIC / IBAN / country.
std::string InnocentCountry(Rng& rng);

}  // namespace tamis::bench
