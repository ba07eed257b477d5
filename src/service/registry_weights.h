// How far a list change can move the name scores of pairs it does not touch: the token weights
// (names::TokenStats, rarity over all the list's names) of the list before and after.
//
// A name score is num / den with num = sum(w * credit) over aligned pairs and den = sum over
// aligned pairs, conflicts and extras of w * (a factor of the tokens' similarities, roles and
// kinds), each w a token weight (or the mean / min of two, or max(w, a constant)), then scaled
// by factors that do not read weights (initials only, weak only, filiation, clamp to 1). When
// every token weight moves by a factor within [1/r, r], num and den each move by at most r and
// the score by at most r^2: new <= old * r^2, so an entity score (best name score plus
// attribute adjustments, which read no weight) rises by at most r^2 - 1. What the bound does
// not cover: choices the scorer makes by comparing weights (equal-similarity pairs taken
// heaviest first; which unaligned tokens are conflicts and which extras when a patronymic is
// among them) flip only where two weights cross, and the candidate pool's ranking by key
// rarity (log(1 + names / postings)) is not a score (registry_service.h).
//
// TokenWeightDrift computes r exactly for the change: a token no changed name holds keeps its
// name count, so its weight moves only with the list's name count (the largest ratio over
// every possible count is taken); a token of a name that came or left is weighed with its old
// and new counts. Counts that do not add up (a name index built with other options, a source
// dropped) make it report !ok: the caller then screens everything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/names/prepared_name.h"
#include "core/names/token_stats.h"

namespace tamis {

struct WeightDrift {
  bool ok = false;
  std::string why;      // when !ok
  double ratio = 1.0;   // r: every token weight moved by a factor within [1/r, r]
};

// `now`: the list's statistics in force; `names_before`: the name count the old statistics were
// built over; `left` / `came`: the prepared names of the old list that are not in the new one and
// those of the new list not in the old (the names of removed entities, of added ones, and of
// changed entities whose names or kind changed, both sides). Default TokenStatsOptions (the
// name index's).
WeightDrift TokenWeightDrift(const names::TokenStats& now, uint64_t names_before,
                             const std::vector<names::PreparedName>& left, const std::vector<names::PreparedName>& came);

// The weight TokenStats gives a token held by `count` of `names` names (count 0: unknown, 1.0).
float TokenWeightFor(uint64_t names, uint64_t count, const names::TokenStatsOptions& o = {});

}  // namespace tamis
