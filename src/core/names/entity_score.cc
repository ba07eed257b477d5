// The entity score: the best of an entity's names (ScoreNames) with the adjustments of its
// attributes -- date of birth, nationality, gender, identity documents -- for the query.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "core/names/scorer.h"

namespace tamis::names {

namespace {

std::string Upper2(std::string_view s) {
  std::string k(s.substr(0, 2));
  for (char& ch : k)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return k;
}

// +1 exact full date, +2 same year / within range / circa, 0 unknown, -1 all known dates off.
int CompareDob(const PartialDate& q, const std::vector<DateOfBirth>& dobs, std::string* detail) {
  if (!q.known()) return 0;
  bool any_known = false, year_ok = false, exact = false;
  for (const auto& d : dobs) {
    if (!d.from.known()) continue;
    any_known = true;
    switch (d.kind) {
      case DateOfBirth::Kind::kRange: {
        const int to = d.to.known() ? d.to.year : d.from.year;
        if (q.year >= d.from.year && q.year <= to) year_ok = true;
        break;
      }
      case DateOfBirth::Kind::kCirca:
        if (std::abs(q.year - d.from.year) <= 1) year_ok = true;
        break;
      case DateOfBirth::Kind::kExact:
        if (q.year == d.from.year) {
          year_ok = true;
          if (q.month && q.day && q.month == d.from.month && q.day == d.from.day) exact = true;
        }
        break;
    }
  }
  if (!any_known) return 0;
  if (exact) {
    if (detail) *detail = "exact date " + q.ToString();
    return 1;
  }
  if (year_ok) {
    if (detail) *detail = "year match " + std::to_string(q.year);
    return 2;
  }
  if (detail) *detail = "no listed date of birth near " + q.ToString();
  return -1;
}

// The entity document equal to one of the query's (number >= 5 alphanumerics, same type when
// both give one), or nullptr.
const IdentityDocument* EqualDocument(const QueryAttributes& query, const Entity& entity) {
  for (const auto& qd : query.documents) {
    const std::string qk = DocumentKey(qd.number);
    if (qk.size() < kMinDocumentKey) continue;
    for (const auto& ed : entity.documents) {
      if (DocumentKey(ed.number) != qk) continue;
      if (!qd.type.empty() && !ed.type.empty() && qd.type != ed.type) continue;
      return &ed;
    }
  }
  return nullptr;
}

// The date-of-birth, nationality and gender adjustments, in order: fn(what, delta, detail),
// the detail only when `explain`.
template <typename Fn>
void ForEachAttributeAdjustment(const QueryAttributes& query, const Entity& entity, bool explain, const Fn& fn) {
  std::string detail;
  switch (CompareDob(query.date_of_birth, entity.dates_of_birth, explain ? &detail : nullptr)) {
    case 1: fn("dob", kDobExactBonus, std::move(detail)); break;
    case 2: fn("dob", kDobYearBonus, std::move(detail)); break;
    case -1: fn("dob", kDobOffPenalty, std::move(detail)); break;
    default: break;
  }
  if (!query.nationalities.empty()) {
    bool any_known = false, shared = false;
    for (const auto* list : {&entity.nationalities, &entity.citizenships})
      for (const auto& en : *list) {
        any_known = true;
        for (const auto& qn : query.nationalities) shared |= Upper2(qn) == Upper2(en);
      }
    if (shared) fn("nationality", kNationalityBonus, explain ? "shared nationality" : "");
    else if (any_known) fn("nationality", kNationalityOffPenalty, explain ? "no shared nationality" : "");
  }
  if (query.gender != Gender::kUnknown && entity.gender != Gender::kUnknown && query.gender != entity.gender)
    fn("gender", kGenderOffPenalty, explain ? "gender differs" : "");
}

}  // namespace

std::string DocumentKey(std::string_view number) {
  std::string k;
  for (char ch : number) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) k.push_back(ch);
  }
  return k;
}

double AttributeAdjustment(const QueryAttributes& query, const Entity& entity) {
  if (EqualDocument(query, entity)) return std::numeric_limits<double>::infinity();
  double sum = 0;  // added in ScoreEntity's order
  ForEachAttributeAdjustment(query, entity, false, [&](const char*, double delta, const std::string&) { sum += delta; });
  return sum;
}

double MaxAttributeBonus(const QueryAttributes& query) {
  double bonus = 0;
  // (CompareDob: an exact date needs the query's month and day)
  if (query.date_of_birth.known())
    bonus += query.date_of_birth.month && query.date_of_birth.day ? kDobExactBonus : kDobYearBonus;
  if (!query.nationalities.empty()) bonus += kNationalityBonus;
  return bonus;
}

ScoreResult ScoreEntity(const PreparedName& query_name, const QueryAttributes& query, const Entity& entity,
                        std::span<const PreparedName> entity_names, const TokenStats& stats,
                        const ScoreOptions& options) {
  std::vector<const PreparedName*> ptrs(entity_names.size());
  for (size_t i = 0; i < entity_names.size(); ++i) ptrs[i] = &entity_names[i];
  return ScoreEntity(query_name, query, entity, ptrs, {}, stats, options);
}

ScoreResult ScoreEntity(const PreparedName& query_name, const QueryAttributes& query, const Entity& entity,
                        std::span<const PreparedName* const> entity_names, std::span<const double> known_scores,
                        const TokenStats& stats, const ScoreOptions& options,
                        std::span<const Alignment* const> known_alignments) {
  ScoreResult best;
  best.explanation.candidate_name = -1;
  // The entity's names and attributes are usually cold: start loading them all before scoring.
  for (const PreparedName* n : entity_names)
    if (n) __builtin_prefetch(n->tokens.data()), __builtin_prefetch(n->buffer.data());
  __builtin_prefetch(entity.dates_of_birth.data());
  __builtin_prefetch(entity.nationalities.data());
  // Names are scored without an explanation; the best one's is made from the alignment its
  // scoring chose (ExplainAlignment: what an explained ScoreNames returns), not by scoring again.
  ScoreOptions quiet = options;
  quiet.explain = false;
  Alignment scored, best_scored;
  quiet.alignment = options.explain ? &scored : nullptr;
  int best_i = -1;
  double best_score = -1;
  bool best_known = false;
  for (size_t i = 0; i < entity_names.size(); ++i) {
    if (!entity_names[i]) continue;
    const bool known = i < known_scores.size() && !std::isnan(known_scores[i]);
    const double s = known ? known_scores[i] : ScoreNames(query_name, *entity_names[i], stats, quiet).score;
    if (s > best_score) {
      best_score = s, best_i = static_cast<int>(i), best_known = known;
      if (!known && options.explain) best_scored = scored;
    }
  }
  if (best_i >= 0) {
    const auto bi = static_cast<size_t>(best_i);
    const Alignment* known_alignment = !best_known                     ? &best_scored
                                       : bi < known_alignments.size() ? known_alignments[bi]
                                                                      : nullptr;
    if (options.explain && known_alignment) {  // what ScoreNames would return, without scoring again
      best.score = best_score;
      best.is_match = best_score >= options.threshold;
      best.explanation = ExplainAlignment(query_name, *entity_names[bi], *known_alignment, best_score);
    } else if (options.explain) {
      ScoreOptions explained = options;
      explained.alignment = nullptr;
      best = ScoreNames(query_name, *entity_names[bi], stats, explained);
    } else {  // what ScoreNames would return without an explanation: nothing to score again
      best.score = best.explanation.name_score = best_score;
      best.is_match = best_score >= options.threshold;
    }
  }
  best.explanation.candidate_name = best_i;
  double score = best.score;
  auto adjust = [&](std::string what, double delta, std::string detail) {
    score += delta;
    if (options.explain) best.explanation.adjustments.push_back({std::move(what), delta, std::move(detail)});
  };

  // Identifier equality: near-certain regardless of the name.
  if (const IdentityDocument* ed = EqualDocument(query, entity); ed && score < 0.97)
    adjust("identifier", 0.97 - score, ed->type + " " + ed->number + " equal");

  if (best.score >= options.threshold - kAttributesFrom)
    ForEachAttributeAdjustment(query, entity, options.explain, [&](const char* what, double delta, std::string detail) {
      adjust(what, delta, std::move(detail));
    });
  best.score = std::clamp(score, 0.0, 1.0);
  best.is_match = best.score >= options.threshold;
  return best;
}

}  // namespace tamis::names

