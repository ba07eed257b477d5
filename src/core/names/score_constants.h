// Constants of the scorer's formula (scorer.h) that the candidate score bound (score_bound.h)
// must charge exactly as the scorer does. Defined here once and read by both, so that a scorer
// change moves the bound with it (score_bound_test checks that the bound stays above the score).
#pragma once

#include <cstdint>

#include "core/text/tokenise.h"

namespace tamis::names {

// Tokens the scorer never counts as a conflict when unaligned (titles, particles, stopwords,
// legal forms): an unaligned one is an extra at most.
inline constexpr uint16_t kNeverConflict =
    text::kTokenTitle | text::kTokenParticle | text::kTokenStopword | text::kTokenLegalForm;

// Cost factor of a missing patronymic relative to an extra: a patronymic is often left out
// ("Sergey Lavrov" for "Sergey Viktorovich Lavrov"), so it costs half an extra.
inline constexpr double kPatronymicExtraFactor = 0.5;

// A substituted name part (a conflict) costs at least this weight, however frequent the token:
// "Tariq Anwar al-Sayed Mohamed" and "... Ahmed" are two people even though both names are common.
inline constexpr double kMinConflictWeight = 0.6;

}  // namespace tamis::names
