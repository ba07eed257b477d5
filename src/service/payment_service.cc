#include "service/payment_service.h"

#include <algorithm>
#include <charconv>
#include <atomic>
#include <optional>
#include <thread>
#include <map>
#include <cstdio>
#include <set>
#include <tuple>

#include "formats/json_writer.h"

namespace tamis {
namespace {

using payments::Party;
using payments::PartyKind;
using payments::Payment;

std::string Upper(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) o += c;
  }
  return o;
}

EntityKind KindOf(const Party& p) {
  if (p.kind == PartyKind::kPerson) return EntityKind::kPerson;
  if (p.kind == PartyKind::kOrganisation || p.is_institution) return EntityKind::kOrganisation;
  return EntityKind::kUnknown;
}

std::string_view KindName(EntityKind k) { return k == EntityKind::kUnknown ? "unknown" : EntityKindName(k); }

// An identifier worth a document look-up (LEI, organisation or person id), or "".
std::string IdNumberOf(const Party& p) {
  for (const auto& id : p.identifiers)
    if ((id.type == "lei" || id.type == "org" || id.type == "person") && id.value.size() >= 5) return id.value;
  return "";
}

// Stable reference of a payment for alert party keys: message id (or UETR) and transaction.
std::string PaymentRef(const Payment& p, std::string_view file) {
  std::string ref = !p.msg_id.empty() ? p.msg_id : !p.uetr.empty() ? p.uetr : std::string(file);
  return ref + "/" + std::to_string(p.message_index) + "." + std::to_string(p.transaction_index);
}

// The output form of `hits` (found on `ix`), without alert fields.
std::vector<PaymentHit> ShownHits(const index::NameIndex& ix, const std::vector<index::NameHit>& hits, bool explain) {
  std::vector<PaymentHit> out;
  out.reserve(hits.size());
  for (const auto& h : hits) {
    const Entity& e = ix.entity(h.entity);
    PaymentHit x;
    x.entity_id = e.id;
    x.list = e.source;
    x.entity_name = e.PrimaryName();
    if (h.name >= 0 && static_cast<size_t>(h.name) < e.names.size()) x.matched_name = e.names[h.name].full;
    x.score = h.score;
    JsonWriter w;
    w.BeginObject();
    WriteHitFields(w, ix, h, explain);
    w.EndObject();
    x.hit_json = w.Take();
    out.push_back(std::move(x));
  }
  return out;
}

// The cache key of a name search of `rec`: everything ScreenRecordHits gives the engine (name,
// kind and QueryAttributesOf's attributes), none of what it does not (id, line, country).
// A field added to QueryAttributes must be added to the key: this fails to compile until then.
// (date 12 + pad 4, vector 24, gender 4 + pad 4, vector 24 on LP64.)
static_assert(sizeof(void*) != 8 || sizeof(names::QueryAttributes) == 72, "QueryAttributes changed: update SearchKeyOf");
void AppendInt(std::string* k, int64_t v) {
  char b[24];
  auto [end, ec] = std::to_chars(b, b + sizeof b, v);
  k->append(b, end);
}
// `extra` (>= 0): a number appended after the name (a text window's word count).
std::string SearchKeyOf(char rule, const ScreenRecord& rec, int64_t extra = -1) {
  const names::QueryAttributes a = QueryAttributesOf(rec);
  std::string k;
  k.reserve(rec.name.size() + 24);
  k += rule;
  k += static_cast<char>('0' + static_cast<int>(rec.kind));
  k += static_cast<char>('0' + static_cast<int>(a.gender));
  AppendInt(&k, a.date_of_birth.year);
  k += '-';
  AppendInt(&k, a.date_of_birth.month);
  k += '-';
  AppendInt(&k, a.date_of_birth.day);
  for (const auto& n : a.nationalities) (k += '\x1f') += n;
  for (const auto& d : a.documents) ((((k += '\x1e') += d.type) += '\x1f') += d.number) += '\x1f', k += d.country_code;
  k += '\x1d';
  k += rec.name;
  if (extra >= 0) {
    k += '\x1d';
    AppendInt(&k, extra);
  }
  return k;
}

std::string Score2(double s) {
  char b[16];
  std::snprintf(b, sizeof b, "%.2f", s);
  return b;
}

// The free texts of a payment with their sources: lines joined by ' '.
std::vector<std::pair<std::string, std::string>> FreeTexts(const Payment& p, bool addresses) {
  std::vector<std::pair<std::string, std::string>> out;
  auto join = [](const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += (s.empty() ? "" : " ") + l;
    return s;
  };
  if (!p.remittance.unstructured.empty()) out.emplace_back("remittance", join(p.remittance.unstructured));
  for (const auto& f : p.free_text) {
    if (f.lines.empty() || f.lines == p.remittance.unstructured) continue;  // MT 70 is both
    out.emplace_back(f.source, join(f.lines));
  }
  if (addresses)
    for (const auto& q : p.parties)
      if (!q.address.lines.empty())
        out.emplace_back("address:" + std::string(payments::PartyRoleName(q.role)), join(q.address.lines));
  return out;
}

// Whether a free-text hit rests on enough of the text: two aligned words that are not initials,
// particles or legal forms; or one word of at least min_single_word letters matched exactly that,
// with the particles, titles and initials aligned beside it, covers the whole list name
// ("SHEIKH AWEYS"), or that alone is a whole organisation's name ("HIZBALLAH"). Not "LLC
// SEPTEMBER" for "SEPTEMBER" (a company named by a common word, its legal form unaligned), not a
// person's or vessel's one-word alias ("BILAL", "MARIA"), not a word that only sounds like a list
// word ("JULI" -> "JULIA"), not "B NORTH" for "OOO BITRIVER-NORTH".
//
// A window of two words or more that is the whole list name, every token aligned on both sides,
// through one strong pair spelt alike (exact or phonetic, similarity >= 0.9) is evidence too:
// "ABDUL BASIR" is prepared as one joined token, aligned as one pair with "Abdul Baseer".
bool TextEvidence(const names::Explanation& x, EntityKind kind, size_t min_single_word, size_t window_words) {
  int strong = 0;
  bool exact_long = false, spelt_joined = false;
  for (const auto& p : x.pairs) {
    if (p.how == names::MatchHow::kInitial || p.weight < 0.3) continue;
    ++strong;
    if (p.how == names::MatchHow::kExact && p.query.size() >= min_single_word) exact_long = true;
    if ((p.how == names::MatchHow::kExact || p.how == names::MatchHow::kPhonetic) && p.similarity >= 0.9 &&
        p.query.size() >= min_single_word)
      spelt_joined = true;
  }
  if (strong >= 2) return true;
  if (strong != 1 || !x.unmatched_candidate.empty() || !x.unmatched_query.empty()) return false;
  if (window_words >= 2 && spelt_joined) return true;
  if (!exact_long) return false;
  // One identity word covering the whole list name: with its particles, titles or initials
  // ("SHEIKH AWEYS", "ABD AL-HADI"), or alone for an organisation.
  return x.pairs.size() >= 2 || kind == EntityKind::kOrganisation;
}

// Whether a free-text hit scoring below text_threshold (at or above text_soft_threshold) rests
// on the whole list name: no word of the window left unaligned, at least two strong pairs (not
// initials, weight >= 0.3) of which one is spelt alike (exact or phonetic), and every token of
// the list name aligned but at most one when three or more are (a dropped middle name). What
// it lets through is a typo or a dropped word of a name the window otherwise spells out.
bool WholeNameAligned(const names::Explanation& x) {
  if (!x.unmatched_query.empty()) return false;
  int strong = 0, spelt = 0;
  for (const auto& p : x.pairs) {
    if (p.how == names::MatchHow::kInitial || p.weight < 0.3) continue;
    ++strong;
    spelt += p.how == names::MatchHow::kExact || p.how == names::MatchHow::kPhonetic;
  }
  if (strong < 2 || spelt < 1) return false;
  return x.unmatched_candidate.empty() || (x.unmatched_candidate.size() == 1 && strong >= 3);
}

}  // namespace

Result<ParsedPayments> ParsePaymentBatch(std::string_view bytes, std::string_view file_name,
                                         const payments::ParseOptions& opts) {
  ParsedPayments out;
  if (static_cast<int64_t>(bytes.size()) > opts.max_bytes)
    return ResourceExhausted(std::string(file_name) + ": " + std::to_string(bytes.size()) +
                             " bytes exceeds the limit of " + std::to_string(opts.max_bytes));
  payments::PaymentFormat f = payments::DetectPaymentFormat(bytes);
  if (f == payments::PaymentFormat::kIso20022) {
    out.messages = 1;
    TAMIS_ASSIGN_OR_RETURN(out.payments, payments::ParseIso20022(bytes, file_name, opts));
    return out;
  }
  if (f == payments::PaymentFormat::kUnknown) return payments::ParsePayments(bytes, file_name, opts).status();
  TAMIS_ASSIGN_OR_RETURN(std::vector<std::string_view> msgs, payments::SplitMtMessages(bytes, file_name));
  if (msgs.empty()) return ParseError(std::string(file_name) + ": no FIN message ('{1:' block) found");
  out.messages = static_cast<int>(msgs.size());
  for (size_t i = 0; i < msgs.size(); ++i) {
    std::vector<Payment> one;
    Status st = payments::ParseMtMessage(msgs[i], static_cast<int>(i), file_name, opts, &one);
    if (st.code() == StatusCode::kResourceExhausted) return st;
    if (!st.ok()) {
      out.errors.push_back({std::string(file_name), static_cast<int>(i), st});
      continue;
    }
    if (out.payments.size() + one.size() > static_cast<size_t>(opts.max_messages))
      return ResourceExhausted(std::string(file_name) + ": more than " + std::to_string(opts.max_messages) +
                               " payments");
    for (auto& p : one) out.payments.push_back(std::move(p));
  }
  return out;
}

PaymentScreener::PaymentScreener(AlertService& svc, PaymentScreenOptions opts)
    : svc_(svc),
      opts_(std::move(opts)),
      party_cache_(opts_.cache_entries),
      text_cache_(opts_.cache_entries),
      plain_words_(nullptr, opts_.text, opts_.cache_entries) {
  for (auto& c : opts_.sanctioned_countries) c = Upper(c);
}

std::shared_ptr<const PaymentScreener::BicTable> PaymentScreener::Bics(const std::shared_ptr<const Snapshot>& snap) {
  auto cur = bics_.load(std::memory_order_acquire);
  const index::NameIndex* ix = snap && snap->names ? snap->names.get() : nullptr;
  if (cur && cur->names == ix) return cur;
  auto t = std::make_shared<BicTable>();
  t->names = ix;
  if (ix) {
    for (uint32_t e = 0; e < ix->entity_count(); ++e) {
      for (const auto& d : ix->entity(e).documents) {
        if (d.type != "swift_bic") continue;
        std::string b = Upper(d.number);
        if (!payments::LooksLikeBic(b)) continue;
        t->by_code[b.substr(0, 8)].push_back({e, b});
      }
    }
  }
  std::shared_ptr<const BicTable> out = std::move(t);
  bics_.store(out, std::memory_order_release);  // a racing builder stores an equal table
  return out;
}

std::shared_ptr<const PaymentScreener::VocabularyOf> PaymentScreener::VocabularyOfSnapshot(
    const std::shared_ptr<const Snapshot>& snap) {
  if (!snap || !snap->names) return nullptr;
  auto cur = vocab_.load(std::memory_order_acquire);
  if (cur && cur->names == snap->names) return cur;
  auto v = std::make_shared<VocabularyOf>();
  v->names = snap->names;
  v->vocab = index::NameVocabulary::Build(*snap->names);
  v->words = std::make_unique<TextWordCache>(v->vocab.get(), opts_.text, opts_.cache_entries);
  std::shared_ptr<const VocabularyOf> out = v;
  vocab_.store(out, std::memory_order_release);  // a racing builder stores an equal one
  return out;
}

std::shared_ptr<const index::NameVocabulary> PaymentScreener::Vocabulary(const std::shared_ptr<const Snapshot>& snap) {
  auto v = VocabularyOfSnapshot(snap);
  return v ? v->vocab : nullptr;
}

PaymentScreener::CacheStats PaymentScreener::cache_stats() const {
  CacheStats c{party_cache_.hits(), party_cache_.misses(), text_cache_.hits(), text_cache_.misses(),
               plain_words_.hits(), plain_words_.misses()};
  if (auto v = vocab_.load(std::memory_order_acquire)) c.word_hits += v->words->hits(), c.word_misses += v->words->misses();
  return c;
}

void PaymentScreener::ClearCache() {
  party_cache_.Clear();
  text_cache_.Clear();
  plain_words_.Clear();
  if (auto v = vocab_.load(std::memory_order_acquire)) v->words->Clear();
}

template <typename Search>
std::shared_ptr<const PaymentScreener::CachedHits> PaymentScreener::CachedSearch(
    SearchResultCache<CachedHits>& cache, const std::shared_ptr<const index::NameIndex>& ix, std::string key,
    Search search) const {
  if (std::shared_ptr<const CachedHits> c = cache.Find(ix, key)) return c;
  auto fresh = std::make_shared<CachedHits>();
  fresh->hits = search();
  fresh->shown = ShownHits(*ix, fresh->hits, opts_.party.explain);
  cache.Put(ix, std::move(key), fresh);
  return fresh;
}

Status PaymentScreener::PendAlerts(const ScreenRecord& rec, const CachedHits& c, const Snapshot& snap,
                                   const ScreenParams& params, Draft* d, std::vector<int>* job_of) {
  job_of->assign(c.hits.size(), -1);
  bool any = false;
  for (const auto& h : c.hits) any |= svc_.OpensAlert(h.score);
  if (!any) return Status::Ok();  // no alert to open
  TAMIS_ASSIGN_OR_RETURN(std::vector<AlertService::PendingAlert> pending,
                         svc_.AlertInputs(rec, c.hits, snap, params, opts_.line));
  for (AlertService::PendingAlert& pa : pending) {
    (*job_of)[pa.hit] = static_cast<int>(d->jobs.size());
    d->jobs.push_back({std::move(pa.input), std::move(pa.now), {}});
  }
  return Status::Ok();
}

Result<PaymentScreenResult> PaymentScreener::Screen(const Payment& p, std::string_view file_name) {
  const Input in{&p, file_name};
  TAMIS_ASSIGN_OR_RETURN(std::vector<PaymentScreenResult> r, ScreenMany(std::span<const Input>(&in, 1)));
  return std::move(r.front());
}

Result<std::vector<PaymentScreenResult>> PaymentScreener::ScreenMany(std::span<const Input> in, unsigned threads) {
  std::vector<std::optional<Result<Draft>>> drafts(in.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < in.size();)
      drafts[i] = ScreenDraft(*in[i].payment, in[i].file);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::min<size_t>(threads, in.size()); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  std::vector<AlertInput> inputs;
  std::vector<std::string> nows;
  for (auto& d : drafts) {
    if (!d->ok()) return d->status();
    for (AlertJob& j : (*d)->jobs) {
      inputs.push_back(std::move(j.input));
      nows.push_back(std::move(j.now));
    }
  }
  TAMIS_ASSIGN_OR_RETURN(std::vector<AlertOutcome> outcomes, svc_.OpenAlertBatch(inputs, nows));
  std::vector<PaymentScreenResult> out;
  out.reserve(in.size());
  size_t k = 0;
  for (auto& d : drafts) {
    PaymentScreenResult& r = (*d)->result;
    for (const AlertJob& j : (*d)->jobs) {
      const AlertOutcome& o = outcomes[k++];
      for (const AlertSlot& s : j.slots) {
        if (s.kind == AlertSlot::kReason) {
          r.reasons[s.a].alert_id = o.alert_id;
          continue;
        }
        PaymentHit& h = s.kind == AlertSlot::kPartyHit ? r.parties[s.a].hits[s.b] : r.text_hits[s.a].hit;
        h.alert_id = o.alert_id;
        h.suppressed = o.suppressed;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<PaymentScreener::Draft> PaymentScreener::ScreenDraft(const Payment& p, std::string_view file_name) {
  auto snap = svc_.snapshot();
  if (!snap || !snap->names) return FailedPrecondition("no name list is loaded: import a list first");
  Draft d;
  PaymentScreenResult& r = d.result;
  r.file = std::string(file_name);
  r.message_index = p.message_index;
  r.transaction_index = p.transaction_index;
  r.message_type = p.message_type;
  r.msg_id = p.msg_id;
  r.uetr = p.uetr;
  r.end_to_end_id = p.end_to_end_id;
  r.amount = p.amount;
  r.currency = p.currency;
  r.warnings = p.warnings;
  const std::string ref = PaymentRef(p, file_name);

  // Party rule: each distinct search screened once per payment (and found in the cache when an
  // earlier payment had it).
  struct Shown {
    std::vector<PaymentHit> hits;
    std::vector<int> job_of;  // the alert job of each hit, -1 none
  };
  std::map<std::string, Shown> screened;
  std::vector<int> job_of;
  for (const Party& q : p.parties) {
    ScreenedParty sp;
    sp.role = std::string(payments::PartyRoleName(q.role));
    EntityKind kind = KindOf(q);
    sp.kind = std::string(KindName(kind));
    sp.institution = q.is_institution;
    sp.name = q.name;
    sp.bic = q.bic;
    sp.account = q.account;
    sp.country = q.country;
    sp.iban_country = q.iban_country;
    sp.source = q.source;
    if (!q.name.empty()) {
      ScreenRecord rec;
      rec.id = ref + ":" + sp.role;
      rec.name = q.name;
      rec.kind = kind;
      rec.country = q.country;
      rec.id_number = IdNumberOf(q);
      std::string key = SearchKeyOf('P', rec);
      auto it = screened.find(key);
      if (it == screened.end()) {
        std::shared_ptr<const CachedHits> c =
            CachedSearch(party_cache_, snap->names, key, [&] { return ScreenRecordHits(*snap->names, rec, opts_.party); });
        TAMIS_RETURN_IF_ERROR(PendAlerts(rec, *c, *snap, opts_.party, &d, &job_of));
        it = screened.emplace(std::move(key), Shown{c->shown, job_of}).first;
      }
      sp.hits = it->second.hits;
      const uint32_t party_at = static_cast<uint32_t>(r.parties.size());
      const double hold_at = q.is_institution ? opts_.agent_hold_threshold : opts_.party_hold_threshold;
      for (size_t i = 0; i < sp.hits.size(); ++i) {
        const int job = it->second.job_of[i];
        if (job >= 0) d.jobs[job].slots.push_back({AlertSlot::kPartyHit, party_at, static_cast<uint32_t>(i)});
        const auto& h = sp.hits[i];
        if (h.score + 1e-9 < hold_at) continue;
        if (job >= 0) d.jobs[job].slots.push_back({AlertSlot::kReason, static_cast<uint32_t>(r.reasons.size()), 0});
        r.reasons.push_back({"party", sp.role, q.source, q.name, h.entity_id, h.list, h.entity_name, h.score,
                             h.alert_id,
                             sp.role + " '" + q.name + "' matches " + h.entity_id + " '" + h.matched_name +
                                 "' at " + Score2(h.score)});
      }
    }
    r.parties.push_back(std::move(sp));
  }

  // BIC rule.
  if (opts_.screen_bics) {
    auto bics = Bics(snap);
    for (const Party& q : p.parties) {
      if (q.bic.size() < 8) continue;
      auto it = bics->by_code.find(Upper(q.bic).substr(0, 8));
      if (it == bics->by_code.end()) continue;
      for (const ListedBic& lb : it->second) {
        const Entity& e = snap->names->entity(lb.entity);
        HoldReason h{"bic", std::string(payments::PartyRoleName(q.role)), "bic", q.bic, e.id, e.source,
                     e.PrimaryName(), 1.0, 0, ""};
        const bool exact = Upper(q.bic) == lb.bic || (lb.bic.size() == 8 && Upper(q.bic).substr(8) == "XXX");
        h.detail = h.role + " BIC " + q.bic + (exact ? " is " : " has the institution code of ") + e.id + "'s BIC " +
                   lb.bic + " (" + e.PrimaryName() + ")";
        auto v = snap->versions.find(e.source);
        if (v != snap->versions.end()) {
          AlertInput in;
          in.party_id = ref + ":" + h.role;
          in.party_key = in.party_id + "|bic|" + Upper(q.bic);
          JsonWriter pj;
          pj.BeginObject().Field("id", in.party_id).Field("bic", q.bic).FieldIfNotEmpty("name", q.name).EndObject();
          in.party_json = pj.Take();
          in.entity_id = e.id;
          in.source = e.source;
          in.version_id = v->second;
          in.line = opts_.line;
          in.score = 1.0;
          JsonWriter hj;
          hj.BeginObject().Field("rule", "bic").Field("bic", q.bic).Field("listed_bic", lb.bic);
          hj.Field("entity_id", e.id).Field("name", e.PrimaryName()).EndObject();
          in.hit_json = hj.Take();
          in.matcher_version = kMatcherVersion;
          in.params_json = "{\"rule\":\"bic\",\"match\":\"institution code (8 characters)\"}";
          d.jobs.push_back({std::move(in), svc_.Now(), {{AlertSlot::kReason, static_cast<uint32_t>(r.reasons.size()), 0}}});
        }
        r.reasons.push_back(std::move(h));
      }
    }
  }

  // Jurisdiction rule.
  if (!opts_.sanctioned_countries.empty()) {
    std::set<std::pair<std::string, std::string>> seen;  // (role, country)
    auto check = [&](const Party& q, std::string_view field, const std::string& cc) {
      if (cc.size() != 2) return;
      if (std::find(opts_.sanctioned_countries.begin(), opts_.sanctioned_countries.end(), cc) ==
          opts_.sanctioned_countries.end())
        return;
      std::string role(payments::PartyRoleName(q.role));
      if (!seen.insert({role, cc}).second) return;
      r.reasons.push_back({"jurisdiction", role, std::string(field), cc, "", "", "", 1.0, 0,
                           role + " " + std::string(field) + " is " + cc + ", a sanctioned jurisdiction"});
    };
    for (const Party& q : p.parties) {
      check(q, "country", Upper(q.country));
      check(q, "address.country", Upper(q.address.country));
      check(q, "iban", q.iban_country);
      if (payments::LooksLikeBic(q.bic)) check(q, "bic", Upper(q.bic).substr(4, 2));
    }
  }

  // Text rule.
  ScreenParams tp = opts_.party;
  tp.threshold = std::min(opts_.text_threshold, opts_.text_soft_threshold);
  tp.limit = opts_.text_hits_per_window;
  tp.explain = true;  // TextEvidence reads the aligned pairs
  // (No window has more than max_words words: 0 turns the text rule off.)
  const auto free_texts = opts_.text.max_words == 0 ? decltype(FreeTexts(p, false)){} : FreeTexts(p, opts_.screen_address_text);
  const auto vocab = free_texts.empty() || !opts_.text.pair_filter ? nullptr : VocabularyOfSnapshot(snap);
  for (const auto& [source, text] : free_texts) {
    TextSpots spots = vocab ? SpotTextWindows(*snap->names, text, opts_.text, vocab->vocab.get(), vocab->words.get())
                            : SpotTextWindows(*snap->names, text, opts_.text, nullptr, &plain_words_);
    if (spots.truncated)
      r.warnings.push_back(source + ": free text longer than " + std::to_string(opts_.text.max_text_bytes) +
                           " bytes, the rest not screened");
    if (spots.capped)
      r.warnings.push_back(source + ": more than " + std::to_string(opts_.text.max_windows) +
                           " word windows, the rest not screened");
    std::map<std::string, std::pair<TextHit, int>> best;  // entity id -> best window, its alert job
    // Every window's record differs only in its name: SearchKeyOf('T', rec, n) is this prefix
    // (the key of the nameless record), the name, '\x1d' and n.
    ScreenRecord rec;
    rec.id = ref + ":text:" + source;
    const std::string key_prefix = spots.windows.empty() ? std::string() : SearchKeyOf('T', rec);
    for (const TextWindow& w : spots.windows) {
      rec.name.assign(text, w.begin, w.end - w.begin);
      const size_t window_words = w.last_word - w.first_word + 1;
      std::string key;
      key.reserve(key_prefix.size() + rec.name.size() + 8);
      key += key_prefix;
      key += rec.name;
      key += '\x1d';
      AppendInt(&key, static_cast<int64_t>(window_words));
      std::shared_ptr<const CachedHits> c = CachedSearch(text_cache_, snap->names, std::move(key), [&] {
        std::vector<index::NameHit> hits = ScreenRecordHits(*snap->names, rec, tp);
        std::erase_if(hits, [&](const index::NameHit& h) {
          if (h.score + 1e-9 < opts_.text_threshold && !WholeNameAligned(h.explanation)) return true;
          return !TextEvidence(h.explanation, snap->names->entity(h.entity).kind, opts_.text.min_single_word_bytes,
                               window_words);
        });
        return hits;
      });
      if (c->hits.empty()) continue;
      TAMIS_RETURN_IF_ERROR(PendAlerts(rec, *c, *snap, tp, &d, &job_of));
      for (size_t i = 0; i < c->shown.size(); ++i) {
        const PaymentHit& h = c->shown[i];
        auto it = best.find(h.entity_id);
        if (it != best.end() && (it->second.first.hit.score > h.score + 1e-9 ||
                                 (it->second.first.hit.score >= h.score - 1e-9 &&
                                  it->second.first.text.size() <= rec.name.size())))
          continue;
        best[h.entity_id] = {TextHit{source, rec.name, w.begin, w.end, h}, job_of[i]};
      }
    }
    for (auto& [id, best_hit] : best) {
      auto& [th, job] = best_hit;
      if (job >= 0) {
        d.jobs[job].slots.push_back({AlertSlot::kReason, static_cast<uint32_t>(r.reasons.size()), 0});
        d.jobs[job].slots.push_back({AlertSlot::kTextHit, static_cast<uint32_t>(r.text_hits.size()), 0});
      }
      r.reasons.push_back({"text", "", source, th.text, th.hit.entity_id, th.hit.list, th.hit.entity_name,
                           th.hit.score, th.hit.alert_id,
                           source + " text '" + th.text + "' (bytes " + std::to_string(th.begin) + "-" +
                               std::to_string(th.end) + ") matches " + th.hit.entity_id + " '" +
                               th.hit.matched_name + "' at " + Score2(th.hit.score)});
      r.text_hits.push_back(std::move(th));
    }
  }
  r.hold = !r.reasons.empty();
  return std::move(d);
}

Result<PaymentBatchResult> PaymentScreener::ScreenBytes(std::string_view bytes, std::string_view file_name) {
  TAMIS_ASSIGN_OR_RETURN(ParsedPayments parsed, ParsePaymentBatch(bytes, file_name, opts_.parse));
  PaymentBatchResult out;
  out.messages = parsed.messages;
  out.errors = std::move(parsed.errors);
  std::vector<Input> in;
  in.reserve(parsed.payments.size());
  for (const Payment& p : parsed.payments) in.push_back({&p, file_name});
  TAMIS_ASSIGN_OR_RETURN(out.payments, ScreenMany(in));
  return out;
}

std::string PaymentResultJson(const PaymentScreenResult& r) {
  JsonWriter w;
  w.BeginObject().FieldIfNotEmpty("file", r.file);
  w.Key("message_index").Int(r.message_index).Key("transaction_index").Int(r.transaction_index);
  w.Field("message_type", r.message_type).FieldIfNotEmpty("msg_id", r.msg_id).FieldIfNotEmpty("uetr", r.uetr);
  w.FieldIfNotEmpty("end_to_end_id", r.end_to_end_id).FieldIfNotEmpty("amount", r.amount);
  w.FieldIfNotEmpty("currency", r.currency).Field("verdict", r.verdict());
  w.Key("reasons").BeginArray();
  for (const auto& h : r.reasons) {
    w.BeginObject().Field("rule", h.rule).FieldIfNotEmpty("role", h.role).Field("field", h.field);
    w.Field("value", h.value).FieldIfNotEmpty("entity_id", h.entity_id).FieldIfNotEmpty("list", h.list);
    w.FieldIfNotEmpty("entity_name", h.entity_name).Key("score").Double(h.score, 4);
    if (h.alert_id) w.Key("alert_id").Int(h.alert_id);
    w.Field("detail", h.detail).EndObject();
  }
  w.EndArray();
  auto hit = [&](const PaymentHit& h) {
    // hit_json is an object: splice alert fields into it.
    std::string o = h.hit_json;
    std::string extra;
    if (h.alert_id) extra += ",\"alert_id\":" + std::to_string(h.alert_id);
    if (h.suppressed) extra += ",\"suppressed\":true";
    if (!extra.empty() && o.size() >= 2) o.insert(o.size() - 1, o.size() > 2 ? extra : extra.substr(1));
    w.Raw(o);
  };
  w.Key("parties").BeginArray();
  for (const auto& q : r.parties) {
    w.BeginObject().Field("role", q.role).Field("kind", q.kind);
    if (q.institution) w.Key("institution").Bool(true);
    w.FieldIfNotEmpty("name", q.name).FieldIfNotEmpty("bic", q.bic).FieldIfNotEmpty("account", q.account);
    w.FieldIfNotEmpty("country", q.country).FieldIfNotEmpty("iban_country", q.iban_country);
    w.FieldIfNotEmpty("source", q.source);
    w.Key("hits").BeginArray();
    for (const auto& h : q.hits) hit(h);
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.Key("text_hits").BeginArray();
  for (const auto& t : r.text_hits) {
    w.BeginObject().Field("source", t.source).Field("text", t.text);
    w.Key("span").BeginArray().Int(static_cast<int64_t>(t.begin)).Int(static_cast<int64_t>(t.end)).EndArray();
    w.Key("hit");
    hit(t.hit);
    w.EndObject();
  }
  w.EndArray();
  w.StringArrayIfNotEmpty("warnings", r.warnings);
  w.EndObject();
  return w.Take();
}

std::string PaymentErrorJson(const PaymentError& e) {
  JsonWriter w;
  w.BeginObject().FieldIfNotEmpty("file", e.file).Key("message_index").Int(e.message_index);
  w.Field("error", e.status.ToString()).EndObject();
  return w.Take();
}

namespace {
// "[j(x0),j(x1),...]" for JSON object writers j.
template <typename T, typename F>
std::string JsonArrayOf(const std::vector<T>& xs, F&& j) {
  std::string out = "[";
  for (size_t i = 0; i < xs.size(); ++i) out += (i ? "," : "") + j(xs[i]);
  return out + "]";
}
}  // namespace

Result<std::string> ScreenPaymentsJson(PaymentScreener& screener, std::string_view body) {
  TAMIS_ASSIGN_OR_RETURN(PaymentBatchResult b, screener.ScreenBytes(body, "body"));
  if (b.payments.empty() && !b.errors.empty()) return b.errors.front().status;
  int held = 0;
  for (const auto& p : b.payments) held += p.hold;
  std::string out = "{\"payments\":" + JsonArrayOf(b.payments, PaymentResultJson);
  out += ",\"errors\":" + JsonArrayOf(b.errors, PaymentErrorJson);
  JsonWriter s;
  s.BeginObject().Key("messages").Int(b.messages).Key("payments").Int(static_cast<int64_t>(b.payments.size()));
  s.Key("held").Int(held).Key("errors").Int(static_cast<int64_t>(b.errors.size())).EndObject();
  out += ",\"summary\":" + s.Take() + "}";
  return out;
}

Result<std::string> ScreenPaymentsJson(AlertService& svc, std::string_view body, const PaymentScreenOptions& opts) {
  PaymentScreener screener(svc, opts);
  return ScreenPaymentsJson(screener, body);
}

}  // namespace tamis
