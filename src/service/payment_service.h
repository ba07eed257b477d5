// Payment screening (issue 15): every party of each payment message through the one alert path
// (AlertService::ScreenParty, line "payment"), agents' BICs against the BICs listed entities
// carry, sanctioned jurisdictions in countries, BICs and IBANs, listed names hidden in free text;
// a verdict per payment ("pass" or "hold" with every reason).
//
// Rules (each with its own threshold or switch in PaymentScreenOptions):
//   party         each party name (debtor, creditor, ultimate parties, initiating party, and
//                 every agent that gives a name) screened with its kind and identifier; a hit at
//                 or above party_hold_threshold (agents: agent_hold_threshold) holds.
//   bic           each party's BIC whose 8-character institution code equals that of a BIC a
//                 listed entity carries (IdentityDocument type "swift_bic", e.g. OFAC remarks);
//                 an alert is opened for it (score 1.0).
//   jurisdiction  a country in `sanctioned_countries` as a party's country of residence, its
//                 address country, its IBAN's country or its BIC's country (letters 5-6).
//   text          remittance information, MT 70/72 and other free text, and unstructured
//                 address lines: windows of words that may hold a listed name (payment_text.h)
//                 screened through ScreenParty at text_threshold (stricter than parties: the
//                 text has no name boundaries); reported with the byte span that matched.
// A payment is held when any rule fires; hits below a hold threshold are still reported.
//
// Thread safety: PaymentScreener is safe to use from many threads at once (the BIC table is an
// immutable snapshot rebuilt when the AlertService's index snapshot changes).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <ostream>
#include <span>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "formats/payments/parsers.h"
#include "service/alert_service.h"
#include "service/payment_cache.h"
#include "service/payment_text.h"

namespace tamis {

struct PaymentScreenOptions {
  ScreenParams party;                   // name search of each party (threshold 0.70, limit 10)
  double party_hold_threshold = 0.80;   // a party hit at or above holds (default 0.80)
  double agent_hold_threshold = 0.80;   // the same for a financial institution's name
  double text_threshold = 0.85;         // free-text hits at or above are kept and hold (0.85)
  // Free-text hits from here up to text_threshold are kept (and hold) only when the window
  // spells out the whole list name: every window word aligned, two strong pairs, one of them
  // spelt alike, and every list token aligned but one of a name of three or more (typos,
  // dropped middle names). Equal to text_threshold or above: off. Default 0.75: on
  // bench_payments_recall (seeds 15 / 7) text recall 0.9196 / 0.9144 -> 0.9546 / 0.9560, text
  // false holds 20 / 14 -> 27 / 17 of 3,000 (docs/benchmarks.md).
  double text_soft_threshold = 0.75;
  size_t text_hits_per_window = 3;      // hits kept per free-text window at most
  TextSpotOptions text;                 // window sizes and caps (payment_text.h)
  bool screen_address_text = true;      // unstructured address lines through the text rule
  bool screen_bics = true;              // the bic rule
  // Sanctioned or high-risk jurisdictions, ISO 3166-1 alpha-2 (upper case). Default: the
  // countries under comprehensive embargoes in the UN/US/EU/UK regimes: Cuba, Iran, North Korea,
  // Syria. Empty = no jurisdiction rule.
  std::vector<std::string> sanctioned_countries = {"CU", "IR", "KP", "SY"};
  std::string line = "payment";         // line of effort recorded on alerts
  payments::ParseOptions parse;         // size and count limits of the parsers
  // Name-search results kept per screener (payment_cache.h): parties and free-text windows met
  // again are not searched again (alerts are still opened per payment). Entries per cache (one
  // for parties, one for text windows, each holding up to twice this); 0 = no cache.
  size_t cache_entries = size_t{1} << 16;
};

// A name hit of a party or of a free-text window.
struct PaymentHit {
  std::string entity_id, list, entity_name, matched_name;
  double score = 0;
  int64_t alert_id = 0;     // 0: below the alert threshold, or suppressed (good-guy list)
  bool suppressed = false;
  std::string hit_json;     // the hit's fields as JSON (WriteHitFields; with explanation when asked)
};

struct ScreenedParty {
  std::string role;         // payments::PartyRoleName
  std::string kind;         // "person", "organisation", "unknown"
  bool institution = false;
  std::string name, bic, account, country, iban_country, source;
  std::vector<PaymentHit> hits;  // best first
};

struct TextHit {
  std::string source;       // "remittance", "70", "72", "InstrForNxtAgt", "address:debtor", ...
  std::string text;         // the matched window
  size_t begin = 0, end = 0;  // byte span within the source's text (its lines joined by ' ')
  PaymentHit hit;
};

// One reason a payment is held.
struct HoldReason {
  std::string rule;         // "party", "bic", "jurisdiction", "text"
  std::string role;         // the party role ("" for text)
  std::string field;        // where: party source ("50K", "CdtTrfTxInf/Dbtr"), "bic", "iban",
                            // "country", "address.country", or the text source
  std::string value;        // the name, BIC, country code or matched text
  std::string entity_id, list, entity_name;  // "" for jurisdiction
  double score = 0;         // 1 for bic and jurisdiction
  int64_t alert_id = 0;
  std::string detail;       // one readable line
};

struct PaymentScreenResult {
  std::string file;
  int message_index = 0, transaction_index = 0;
  std::string message_type, msg_id, uetr, end_to_end_id, amount, currency;
  std::vector<ScreenedParty> parties;
  std::vector<TextHit> text_hits;
  std::vector<HoldReason> reasons;
  bool hold = false;
  std::vector<std::string> warnings;  // the parser's and the screener's (text cut, windows capped)
  const char* verdict() const { return hold ? "hold" : "pass"; }
};

// A message of a batch that could not be parsed.
struct PaymentError {
  std::string file;
  int message_index = 0;    // 0-based; an XML document is one message
  Status status;            // the parser's error (names file, message, field / element)
};

struct PaymentBatchResult {
  std::vector<PaymentScreenResult> payments;  // in input order
  std::vector<PaymentError> errors;
  int messages = 0;         // messages read (parsed or not)
};

// Parses `bytes` (format detected: ISO 20022 XML, MT, RJE). MT/RJE messages are parsed one by
// one, so a bad message is one PaymentError and the others are kept. Errors (the whole input):
// kParseError for an unknown format, malformed XML or text between MT messages that is not '$';
// kResourceExhausted above opts.max_bytes / max_messages.
struct ParsedPayments {
  std::vector<payments::Payment> payments;
  std::vector<PaymentError> errors;
  int messages = 0;
};
Result<ParsedPayments> ParsePaymentBatch(std::string_view bytes, std::string_view file_name,
                                         const payments::ParseOptions& opts);

class PaymentScreener {
 public:
  // `svc` must outlive the screener.
  PaymentScreener(AlertService& svc, PaymentScreenOptions opts);

  // Screens one payment: every rule, alerts opened through `svc`. kFailedPrecondition when no
  // name list is loaded; store errors from opening alerts.
  Result<PaymentScreenResult> Screen(const payments::Payment& p, std::string_view file_name = "");

  // Screens many payments: searched on `threads` threads (0 or 1: the calling thread only), then
  // the alerts of all of them written in one transaction (AlertService::OpenAlertBatch), in input
  // order: the same results and alerts as Screen on each in turn. Errors: Screen's (the first in
  // input order); on an error no alert of the batch is written.
  struct Input {
    const payments::Payment* payment = nullptr;
    std::string_view file;
  };
  Result<std::vector<PaymentScreenResult>> ScreenMany(std::span<const Input> in, unsigned threads = 1);

  // Parses and screens every payment of `bytes` (ParsePaymentBatch errors end it); its alerts
  // in one transaction.
  Result<PaymentBatchResult> ScreenBytes(std::string_view bytes, std::string_view file_name);

  const PaymentScreenOptions& options() const { return opts_; }

  // Listed BICs by institution code (first 8 characters): entity index and the BIC as listed.
  struct ListedBic {
    uint32_t entity;
    std::string bic;
  };
  struct BicTable {
    const index::NameIndex* names = nullptr;  // the index it was built from
    std::unordered_map<std::string, std::vector<ListedBic>> by_code;
  };
  // The table of the snapshot's index (built on first use after each snapshot change).
  std::shared_ptr<const BicTable> Bics(const std::shared_ptr<const Snapshot>& snap);
  // The key vocabulary of the snapshot's index for the text rule's pair filter (built on first
  // use after each snapshot change; payment_text.h).
  std::shared_ptr<const index::NameVocabulary> Vocabulary(const std::shared_ptr<const Snapshot>& snap);

  // Look-ups of the result caches since construction or the last ClearCache.
  struct CacheStats {
    uint64_t party_hits = 0, party_misses = 0, text_hits = 0, text_misses = 0, word_hits = 0, word_misses = 0;
  };
  CacheStats cache_stats() const;
  void ClearCache();

  // A cached search: the hits (entity indexes into the index it was found on) and their output
  // form without alert fields.
  struct CachedHits {
    std::vector<index::NameHit> hits;
    std::vector<PaymentHit> shown;
  };

 private:
  // The hits under `key` on `ix`: from `cache`, else `search()` (the hits) put there with their
  // output form.
  template <typename Search>
  std::shared_ptr<const CachedHits> CachedSearch(SearchResultCache<CachedHits>& cache,
                                                 const std::shared_ptr<const index::NameIndex>& ix, std::string key,
                                                 Search search) const;
  // A payment screened, its alerts not yet written: each job one alert to open, with the places
  // of the result that show its id (a party's hit, a text hit, a reason).
  struct AlertSlot {
    enum Kind : uint8_t { kPartyHit, kTextHit, kReason } kind;
    uint32_t a = 0, b = 0;  // parties[a].hits[b], text_hits[a], reasons[a]
  };
  struct AlertJob {
    AlertInput input;
    std::string now;
    std::vector<AlertSlot> slots;
  };
  struct Draft {
    PaymentScreenResult result;
    std::vector<AlertJob> jobs;
  };
  Result<Draft> ScreenDraft(const payments::Payment& p, std::string_view file_name);
  // The alerts AlertService would open for `c.hits` of `rec` added to `d` as jobs; (*job_of)[i]
  // the job of hit i, -1 for none.
  Status PendAlerts(const ScreenRecord& rec, const CachedHits& c, const Snapshot& snap, const ScreenParams& params,
                    Draft* d, std::vector<int>* job_of);

  AlertService& svc_;
  PaymentScreenOptions opts_;
  std::atomic<std::shared_ptr<const BicTable>> bics_;
  struct VocabularyOf {
    std::shared_ptr<const index::NameIndex> names;  // keeps the index the vocabulary points to
    std::shared_ptr<const index::NameVocabulary> vocab;
    std::unique_ptr<TextWordCache> words;  // the spotter's per-word work on this vocabulary
  };
  std::shared_ptr<const VocabularyOf> VocabularyOfSnapshot(const std::shared_ptr<const Snapshot>& snap);
  std::atomic<std::shared_ptr<const VocabularyOf>> vocab_;
  SearchResultCache<CachedHits> party_cache_, text_cache_;
  TextWordCache plain_words_;  // the spotter's per-word cache without the pair filter (no vocabulary)
};

struct PaymentBatchOptions {
  unsigned threads = 0;          // screening threads; 0 = hardware concurrency
  size_t chunk_payments = 1024;  // payments parsed, then screened in parallel, then written
};

struct PaymentBatchSummary {
  int64_t files = 0, messages = 0, payments = 0, held = 0, errors = 0;
  double seconds = 0;
};

// (stage, done, total or -1), called from the calling thread after each chunk.
using PaymentProgressFn = std::function<void(const std::string& stage, int64_t done, int64_t total)>;

// Screens every payment of `inputs` (files; "-" = all of stdin), writing one PaymentResultJson
// line per payment to `out` in input order and one PaymentErrorJson line per message (or file)
// that fails to parse to `errors`; a bad message or unreadable file does not stop the batch.
// Errors: kFailedPrecondition without lists, store errors from opening alerts, kIoError when a
// stream cannot be written; lines already written stay written.
Result<PaymentBatchSummary> ScreenPaymentFiles(PaymentScreener& screener, const std::vector<std::string>& inputs,
                                               std::ostream& out, std::ostream& errors,
                                               const PaymentBatchOptions& opts,
                                               const PaymentProgressFn& progress = nullptr);

// The JSON line (no newline) of one screened payment (docs/formats.md, "Payment screening").
std::string PaymentResultJson(const PaymentScreenResult& r);
// {"file":..,"message_index":N,"error":".."}
std::string PaymentErrorJson(const PaymentError& e);

// The server seam for POST /v1/payments/screen: screens the message bytes (any supported format)
// and answers {"payments":[<PaymentResultJson>...],"errors":[..],"summary":{"messages":N,
// "payments":N,"held":N,"errors":N}}. Errors: ParsePaymentBatch's for the whole body (a body
// whose every message fails is kParseError naming the first), kFailedPrecondition without
// lists. Hold a PaymentScreener for repeated calls (the BIC table is then built once per
// snapshot); the AlertService overload builds one per call.
Result<std::string> ScreenPaymentsJson(PaymentScreener& screener, std::string_view body);
Result<std::string> ScreenPaymentsJson(AlertService& svc, std::string_view body, const PaymentScreenOptions& opts);

}  // namespace tamis
