#include "core/names/scorer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "core/names/similarity.h"
#include "core/text/tokenise.h"

namespace tamis::names {
namespace {

using text::kTokenAbjad;
using text::kTokenInitial;
using text::kTokenLegalForm;
using text::kTokenNumeric;
using text::kTokenParticle;
using text::kTokenStopword;
using text::kTokenTitle;

constexpr uint16_t kNeverConflict = kTokenTitle | kTokenParticle | kTokenStopword | kTokenLegalForm;

double BaseWeight(uint16_t f) {
  if (f & (kTokenTitle | kTokenStopword)) return 0.05;
  if (f & kTokenParticle) return 0.15;
  if (f & kTokenLegalForm) return 0.2;
  if (f & kTokenInitial) return 0.35;
  return 1.0;
}

struct Edge {
  float sim;
  float weight;
  uint8_t qi, qn, ci, cn;  // first token and token count on each side
  MatchHow how;
};

// Similarity of one query token and one candidate token.
float TokenSim(const PreparedName& q, size_t i, const PreparedName& c, size_t j, float min_sim, MatchHow* how) {
  const std::string_view a = q.text(i), b = c.text(j);
  *how = MatchHow::kExact;
  if (a == b) return 1.0f;
  const uint16_t fa = q.tokens[i].flags, fb = c.tokens[j].flags;
  if ((fa | fb) & kTokenInitial) {
    *how = MatchHow::kInitial;
    return (!a.empty() && !b.empty() && a[0] == b[0]) ? 0.9f : 0.0f;
  }
  if ((fa | fb) & kTokenNumeric) return 0.0f;  // numbers match exactly or not at all
  if ((fa & text::kTokenSyllabic) && (fb & text::kTokenSyllabic)) return 0.0f;  // different characters
  const std::string_view pa = q.phonetic(i), pb = c.phonetic(j);
  if (pa == pb && pa.size() >= 2) {
    *how = MatchHow::kPhonetic;
    return 0.95f;
  }
  const size_t maxlen = std::max(a.size(), b.size());
  const size_t pmax = std::max(pa.size(), pb.size());
  // Cheap upper bounds before any dynamic programming: an edit changes the letter set by at
  // most two letters, and a consonant edit costs 10 tenths.
  if (!((fa | fb) & kTokenAbjad) && pmax > 0) {
    const int letters = __builtin_popcount(q.tokens[i].letter_mask ^ c.tokens[j].letter_mask);
    const size_t len_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    const float lev_ub = 1.0f - static_cast<float>(std::max<size_t>(len_gap, (letters + 1) / 2)) / maxlen;
    const int cons = __builtin_popcount(q.tokens[i].consonant_mask ^ c.tokens[j].consonant_mask);
    const float ph_ub = 1.0f - (5.0f * cons) / (10.0f * pmax);
    if (std::max(lev_ub, ph_ub) < min_sim) return 0.0f;
  }
  const float lev = 1.0f - static_cast<float>(OsaDistance(a, b)) / static_cast<float>(maxlen);
  float ph = 0;
  if (pmax > 0) ph = std::min(0.94f, 1.0f - static_cast<float>(PhoneticDistance10(pa, pb)) / (10.0f * pmax));
  float best = lev;
  *how = MatchHow::kFuzzy;
  if (ph > best) {
    best = ph;
    *how = MatchHow::kPhonetic;
  }
  if ((fa | fb) & kTokenAbjad) {
    const std::string_view sa = q.skeleton(i), sb = c.skeleton(j);
    const size_t smax = std::max(sa.size(), sb.size());
    if (smax >= 2) {
      const float sk = std::min(0.92f, 1.0f - static_cast<float>(OsaDistance(sa, sb)) / static_cast<float>(smax));
      if (sk > best) {
        best = sk;
        *how = MatchHow::kTransliterated;
      }
    }
  }
  return std::max(0.0f, best);
}

// Appends a run of tokens' texts into buf (no separators); returns the length or 0 if too long.
size_t JoinTokens(const PreparedName& n, size_t first, size_t count, char* buf) {
  size_t len = 0;
  for (size_t k = first; k < first + count; ++k) {
    std::string_view t = n.text(k);
    if (len + t.size() > kMaxKernelLength) return 0;
    std::copy(t.begin(), t.end(), buf + len);
    len += t.size();
  }
  return len;
}

// Joined-token edges: `count` adjacent tokens of `multi` against one token of `single`.
template <size_t N>
void AddJoinedEdges(const PreparedName& multi, const PreparedName& single, bool multi_is_query,
                    const double* w_multi, const double* w_single, size_t n_multi, size_t n_single,
                    std::array<Edge, N>& edges, size_t* n_edges) {
  char buf[kMaxKernelLength];
  for (size_t count = 2; count <= 3; ++count) {
    for (size_t first = 0; first + count <= n_multi; ++first) {
      bool has_initial = false;
      for (size_t k = first; k < first + count; ++k) has_initial |= multi.has(k, kTokenInitial);
      const size_t len = JoinTokens(multi, first, count, buf);
      if (len == 0) continue;
      const std::string_view joined(buf, len);
      for (size_t j = 0; j < n_single; ++j) {
        const std::string_view s = single.text(j);
        if (s.size() + 2 < len || len + 2 < s.size() || s[0] != joined[0]) continue;
        const float sim = 1.0f - static_cast<float>(OsaDistance(joined, s)) / static_cast<float>(std::max(len, s.size()));
        if (sim < 0.8f || *n_edges >= N) continue;
        double wm = 0;
        for (size_t k = first; k < first + count; ++k) wm += w_multi[k];
        Edge e;
        e.sim = has_initial ? std::min(sim, 0.9f) : sim;
        e.weight = static_cast<float>((wm + w_single[j]) / 2);
        e.how = MatchHow::kJoined;
        if (multi_is_query) {
          e.qi = static_cast<uint8_t>(first), e.qn = static_cast<uint8_t>(count);
          e.ci = static_cast<uint8_t>(j), e.cn = 1;
        } else {
          e.ci = static_cast<uint8_t>(first), e.cn = static_cast<uint8_t>(count);
          e.qi = static_cast<uint8_t>(j), e.qn = 1;
        }
        edges[(*n_edges)++] = e;
      }
    }
  }
}

std::string JoinTexts(const PreparedName& n, size_t first, size_t count) {
  std::string s;
  for (size_t k = first; k < first + count; ++k) {
    if (k > first) s.push_back('+');
    s.append(n.text(k));
  }
  return s;
}

// Credit of an aligned pair: full from ~0.9 similarity (one edit in ten letters, or a phonetic
// variant), ~0.7 for one edit in five, ~0.35 for two edits in six, nothing below 0.55.
double Credit(double sim) { return std::clamp((sim - 0.55) / 0.35, 0.0, 1.0); }

}  // namespace

std::string_view MatchHowName(MatchHow h) {
  switch (h) {
    case MatchHow::kExact: return "exact";
    case MatchHow::kPhonetic: return "phonetic";
    case MatchHow::kFuzzy: return "fuzzy";
    case MatchHow::kInitial: return "initial";
    case MatchHow::kTransliterated: return "transliterated";
    case MatchHow::kJoined: return "joined";
  }
  return "?";
}

ScoreResult ScoreNames(const PreparedName& q, const PreparedName& c, const TokenStats& stats,
                       const ScoreOptions& options) {
  ScoreResult result;
  const size_t n = std::min(q.tokens.size(), kMaxScoredTokens);
  const size_t m = std::min(c.tokens.size(), kMaxScoredTokens);
  if (n == 0 || m == 0) return result;

  double wq[kMaxScoredTokens], wc[kMaxScoredTokens];
  for (size_t i = 0; i < n; ++i) wq[i] = BaseWeight(q.tokens[i].flags) * stats.Weight(q.tokens[i].hash);
  for (size_t j = 0; j < m; ++j) wc[j] = BaseWeight(c.tokens[j].flags) * stats.Weight(c.tokens[j].hash);

  std::array<Edge, 2048> edges;
  size_t n_edges = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < m; ++j) {
      MatchHow how;
      const float sim = TokenSim(q, i, c, j, static_cast<float>(options.min_pair_similarity), &how);
      if (sim < options.min_pair_similarity) continue;
      edges[n_edges++] = Edge{sim, static_cast<float>((wq[i] + wc[j]) / 2), static_cast<uint8_t>(i), 1,
                              static_cast<uint8_t>(j), 1, how};
    }
  AddJoinedEdges(q, c, true, wq, wc, n, m, edges, &n_edges);
  AddJoinedEdges(c, q, false, wc, wq, m, n, edges, &n_edges);
  std::sort(edges.begin(), edges.begin() + n_edges, [](const Edge& a, const Edge& b) {
    if (a.sim != b.sim) return a.sim > b.sim;
    if (a.qn + a.cn != b.qn + b.cn) return a.qn + a.cn > b.qn + b.cn;
    return a.weight > b.weight;
  });

  const bool org = q.kind == NameKind::kOrganisation || c.kind == NameKind::kOrganisation ||
                   q.kind == NameKind::kVessel || c.kind == NameKind::kVessel;
  const double extra = org ? options.extra_penalty_organisation : options.extra_penalty;
  bool used_q[kMaxScoredTokens] = {}, used_c[kMaxScoredTokens] = {};
  double num = 0, den = 0;
  const double kappa = options.conflict_penalty;
  for (size_t e = 0; e < n_edges; ++e) {
    const Edge& ed = edges[e];
    bool free = true;
    for (size_t k = ed.qi; k < size_t{ed.qi} + ed.qn; ++k) free &= !used_q[k];
    for (size_t k = ed.ci; k < size_t{ed.ci} + ed.cn; ++k) free &= !used_c[k];
    if (!free) continue;
    for (size_t k = ed.qi; k < size_t{ed.qi} + ed.qn; ++k) used_q[k] = true;
    for (size_t k = ed.ci; k < size_t{ed.ci} + ed.cn; ++k) used_c[k] = true;
    const double g = Credit(ed.sim);
    num += ed.weight * g;
    den += ed.weight * (1 + kappa * (1 - g));
    if (options.explain) {
      TokenPairExplanation p;
      p.query = JoinTexts(q, ed.qi, ed.qn);
      p.candidate = JoinTexts(c, ed.ci, ed.cn);
      p.how = ed.how;
      p.similarity = ed.sim;
      p.weight = ed.weight;
      result.explanation.pairs.push_back(std::move(p));
    }
  }

  // Unaligned tokens: content tokens facing content tokens on the other side are substitutions
  // (conflicts), heaviest first; the rest are extras (missing middle names, titles, forms).
  double uq[kMaxScoredTokens], uc[kMaxScoredTokens];
  uint8_t iq[kMaxScoredTokens], ic[kMaxScoredTokens];
  size_t nq = 0, nc = 0;
  for (size_t i = 0; i < n; ++i)
    if (!used_q[i]) {
      if (q.tokens[i].flags & kNeverConflict) {
        den += wq[i] * options.extra_penalty;
        if (options.explain) result.explanation.unmatched_query.push_back(std::string(q.text(i)) + " (extra)");
      } else {
        uq[nq] = wq[i], iq[nq++] = static_cast<uint8_t>(i);
      }
    }
  for (size_t j = 0; j < m; ++j)
    if (!used_c[j]) {
      if (c.tokens[j].flags & kNeverConflict) {
        den += wc[j] * options.extra_penalty;
        if (options.explain) result.explanation.unmatched_candidate.push_back(std::string(c.text(j)) + " (extra)");
      } else {
        uc[nc] = wc[j], ic[nc++] = static_cast<uint8_t>(j);
      }
    }
  // Sort both lists by weight, descending (tiny: insertion sort).
  auto sort_desc = [](double* w, uint8_t* idx, size_t k) {
    for (size_t a = 1; a < k; ++a)
      for (size_t b = a; b > 0 && w[b] > w[b - 1]; --b) {
        std::swap(w[b], w[b - 1]);
        std::swap(idx[b], idx[b - 1]);
      }
  };
  sort_desc(uq, iq, nq);
  sort_desc(uc, ic, nc);
  const size_t conflicts = std::min(nq, nc);
  for (size_t k = 0; k < conflicts; ++k) den += std::max(uq[k], uc[k]) * (1 + kappa);
  for (size_t k = conflicts; k < nq; ++k) den += uq[k] * extra;
  for (size_t k = conflicts; k < nc; ++k) den += uc[k] * extra;
  if (options.explain) {
    for (size_t k = 0; k < nq; ++k)
      result.explanation.unmatched_query.push_back(std::string(q.text(iq[k])) + (k < conflicts ? " (conflict)" : " (extra)"));
    for (size_t k = 0; k < nc; ++k)
      result.explanation.unmatched_candidate.push_back(std::string(c.text(ic[k])) + (k < conflicts ? " (conflict)" : " (extra)"));
  }

  result.score = den > 0 ? std::clamp(num / den, 0.0, 1.0) : 0.0;

  // Arabic filiation: "X bin Y" names X, son of Y. "Salman bin Muhammad" and "Muhammad bin
  // Salman" share every token but are father and son, so a swap across "bin" is a conflict.
  if (n >= 3 && m >= 3 && q.has(1, kTokenParticle) && c.has(1, kTokenParticle) && q.text(1) == "bin" &&
      c.text(1) == "bin" && q.text(0) != q.text(2)) {
    MatchHow h;
    const bool swapped = TokenSim(q, 0, c, 2, 0.9f, &h) >= 0.9f && TokenSim(q, 2, c, 0, 0.9f, &h) >= 0.9f;
    if (swapped) {
      result.score *= 0.6;
      if (options.explain)
        result.explanation.unmatched_query.push_back(std::string(q.text(0)) + " bin " + std::string(q.text(2)) +
                                                     " (filiation reversed)");
    }
  }
  result.explanation.name_score = result.score;
  result.is_match = result.score >= options.threshold;
  return result;
}

namespace {

std::string IdKey(std::string_view s) {
  std::string k;
  for (char ch : s) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) k.push_back(ch);
  }
  return k;
}

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
    *detail = "exact date " + q.ToString();
    return 1;
  }
  if (year_ok) {
    *detail = "year match " + std::to_string(q.year);
    return 2;
  }
  *detail = "no listed date of birth near " + q.ToString();
  return -1;
}

}  // namespace

ScoreResult ScoreEntity(const PreparedName& query_name, const QueryAttributes& query, const Entity& entity,
                        std::span<const PreparedName> entity_names, const TokenStats& stats,
                        const ScoreOptions& options) {
  ScoreResult best;
  best.explanation.candidate_name = -1;
  ScoreOptions quiet = options;
  quiet.explain = false;
  int best_i = -1;
  double best_score = -1;
  for (size_t i = 0; i < entity_names.size(); ++i) {
    const double s = ScoreNames(query_name, entity_names[i], stats, quiet).score;
    if (s > best_score) best_score = s, best_i = static_cast<int>(i);
  }
  if (best_i >= 0) best = ScoreNames(query_name, entity_names[best_i], stats, options);
  best.explanation.candidate_name = best_i;
  double score = best.score;
  auto adjust = [&](std::string what, double delta, std::string detail) {
    score += delta;
    if (options.explain) best.explanation.adjustments.push_back({std::move(what), delta, std::move(detail)});
  };

  // Identifier equality: near-certain regardless of the name.
  for (const auto& qd : query.documents) {
    const std::string qk = IdKey(qd.number);
    if (qk.size() < 5) continue;
    for (const auto& ed : entity.documents) {
      if (IdKey(ed.number) != qk) continue;
      if (!qd.type.empty() && !ed.type.empty() && qd.type != ed.type) continue;
      if (score < 0.97) adjust("identifier", 0.97 - score, ed.type + " " + ed.number + " equal");
      break;
    }
  }

  if (best.score >= options.threshold - 0.15) {
    std::string detail;
    switch (CompareDob(query.date_of_birth, entity.dates_of_birth, &detail)) {
      case 1: adjust("dob", 0.05, detail); break;
      case 2: adjust("dob", 0.03, detail); break;
      case -1: adjust("dob", -0.10, detail); break;
      default: break;
    }
    if (!query.nationalities.empty()) {
      bool any_known = false, shared = false;
      for (const auto* list : {&entity.nationalities, &entity.citizenships})
        for (const auto& en : *list) {
          any_known = true;
          for (const auto& qn : query.nationalities) shared |= Upper2(qn) == Upper2(en);
        }
      if (shared) adjust("nationality", 0.02, "shared nationality");
      else if (any_known) adjust("nationality", -0.05, "no shared nationality");
    }
    if (query.gender != Gender::kUnknown && entity.gender != Gender::kUnknown && query.gender != entity.gender)
      adjust("gender", -0.10, "gender differs");
  }
  best.score = std::clamp(score, 0.0, 1.0);
  best.is_match = best.score >= options.threshold;
  return best;
}

}  // namespace tamis::names
