// The name scorer's alignment: edges between the query's and the candidate's tokens (single
// tokens, joined runs, acronyms), the best assignment, the cost of what stays unaligned, and the
// explanation. Token similarity is in token_similarity.cc, entity attributes in entity_score.cc.
#include "core/names/scorer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <type_traits>

#include "core/bits.h"
#include "core/names/similarity.h"
#include "core/text/phonetic.h"
#include "core/text/tokenise.h"
#include "core/names/scorer_internal.h"

namespace tamis::names {
namespace {

using namespace scorer_internal;
using text::kTokenAbjad;
using text::kTokenInitial;
using text::kTokenLegalForm;
using text::kTokenNumeric;
using text::kTokenParticle;
using text::kTokenStopword;
using text::kTokenTitle;

bool IsRegisteredForm(const PreparedName& n, size_t i) {
  if (!n.has(i, kTokenLegalForm)) return false;
  const std::string_view t = n.text(i);
  return t != "co" && t != "corp" && t != "inc" && t != "coltd";
}

struct Edge {
  float sim;
  float weight;
  uint8_t qi, qn, ci, cn;  // first token and token count on each side
  MatchHow how;
  int8_t abd_side;  // abd-compound variant: 1 query holds "abdalX", 2 the candidate does, else 0
  bool weak;        // (acronym edges only) evidence of initials alone: not substantive
  // No default member initialisers: ScoreNames' 2048-edge stack array must stay uninitialised
  // (initialising it cost more than scoring a typical pair).
};
static_assert(std::is_trivially_default_constructible_v<Edge>);

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
// The filters work on lengths and letter masks, gathered once per call; a run's joined text and
// skeleton are written out only when some token of `single` may pair with it, and a token's
// abjad skeleton once per call (most runs of most pairs pair with nothing).
template <size_t N>
void AddJoinedEdges(const PreparedName& multi, const PreparedName& single, bool multi_is_query,
                    const double* w_multi, const double* w_single, size_t n_multi, size_t n_single,
                    bool reference, std::array<Edge, N>& edges, size_t* n_edges) {
  if (n_multi < 2) return;
  // What the filters need of each token of `single`. A token's abjad skeleton has its
  // skeleton's length (AbjadSkeleton maps letter for letter, cut at kMaxKernelLength).
  uint8_t s_len[kMaxScoredTokens], s_skel_len[kMaxScoredTokens];
  uint32_t s_letters[kMaxScoredTokens];
  bool s_abjad[kMaxScoredTokens];
  uint64_t s_lengths = 0;  // bit l set when a token of `single` has l letters (l < 64)
  bool long_token = false;  // a token of 64+ letters (not in s_lengths)
  bool any_abjad = false, any_latin = false;
  for (size_t j = 0; j < n_single; ++j) {
    const PreparedToken& t = single.tokens[j];
    s_len[j] = t.text_len;
    s_skel_len[j] = static_cast<uint8_t>(std::min<size_t>(t.skeleton_len, kMaxKernelLength));
    s_letters[j] = t.letter_mask;
    s_abjad[j] = (t.flags & kTokenAbjad) != 0;
    if (t.text_len < 64) s_lengths |= uint64_t{1} << t.text_len;
    else long_token = true;
    any_abjad |= s_abjad[j];
    any_latin |= !s_abjad[j];
  }
  // Token k's text begins at run_start[k] of the joined text of tokens 0..k-1.
  size_t run_start[kMaxScoredTokens + 1];
  run_start[0] = 0;
  uint32_t initials = 0, abjads = 0;  // bit k: token k of `multi` is an initial / abjad
  for (size_t k = 0; k < n_multi; ++k) {
    run_start[k + 1] = run_start[k] + multi.tokens[k].text_len;
    initials |= uint32_t{multi.has(k, kTokenInitial)} << k;
    abjads |= uint32_t{multi.has(k, kTokenAbjad)} << k;
  }
  char s_skel[kMaxScoredTokens][kMaxKernelLength];  // AbjadSkeleton of single token j, once needed
  uint32_t s_skel_done = 0;
  char buf[kMaxKernelLength];
  for (size_t count = 2; count <= 3; ++count) {
    for (size_t first = 0; first + count <= n_multi; ++first) {
      const uint32_t run = ((uint32_t{1} << count) - 1) << first;
      const bool has_initial = (initials & run) != 0, multi_abjad = (abjads & run) != 0;
      const size_t run_len = run_start[first + count] - run_start[first];
      // A joined text longer than the kernels take is not compared at all.
      if (run_len == 0 || run_len > kMaxKernelLength) continue;
      // Most runs face no token of a length within 2 of theirs (the first text filter below)
      // nor a token of the other script (abjad vs Latin): skip them at once.
      const size_t lo = run_len > 2 ? run_len - 2 : 0;
      const bool near_length = long_token || ((s_lengths >> lo) & ((uint64_t{1} << (run_len + 3 - lo)) - 1)) != 0;
      if (!near_length && (has_initial || !(multi_abjad ? any_latin : any_abjad))) continue;
      uint32_t run_letters = 0;  // PreparedToken::letter_mask of the joined text
      for (size_t k = first; k < first + count; ++k) run_letters |= multi.tokens[k].letter_mask;
      // Length of the run's skeleton as built below (the tokens' skeletons back to back, without
      // the leading-vowel marker of the later ones; none when the run has an initial).
      size_t skel_len = 0;
      for (size_t k = first; k < first + count && !has_initial; ++k) {
        std::string_view sk = multi.skeleton(k);
        if (k > first && !sk.empty() && sk[0] == 'A') sk.remove_prefix(1);
        if (skel_len + sk.size() > kMaxKernelLength) break;
        skel_len += sk.size();
      }
      // The tokens the joined text may reach the lowest min_sim below (0.8) against: the edit
      // distance is at least the length gap and half the letters only one side has (an edit
      // changes at most two), and 1 - d / max_len >= 0.8 (as computed in float below) exactly
      // when 5 d <= max_len for lengths up to kMaxKernelLength. Against a token of the other
      // script (abjad vs Latin) the skeletons may pair, when the longer has 4+ consonants and
      // the length gap leaves a similarity of 0.75, and an abjad run may be vocalised.
      uint32_t text_pairs = 0, skel_pairs = 0, vocal_pairs = 0;
      for (size_t j = 0; j < n_single; ++j) {
        const size_t sl = s_len[j];
        bool may_pair = sl + 2 >= run_len && run_len + 2 >= sl;
        if (may_pair && !reference && sl <= kMaxKernelLength) {
          const size_t gap = sl > run_len ? sl - run_len : run_len - sl;
          const size_t letters = (Popcount32(run_letters ^ s_letters[j]) + 1) / 2;
          may_pair = 5 * std::max(gap, letters) <= std::max(run_len, sl);
        }
        if (may_pair) text_pairs |= uint32_t{1} << j;
        if ((multi_abjad != s_abjad[j]) && !has_initial) {
          const size_t nb = s_skel_len[j], smax = std::max(skel_len, nb);
          if (smax < 4) continue;
          const size_t sgap = skel_len > nb ? skel_len - nb : nb - skel_len;
          if (reference || 1.0f - static_cast<float>(sgap) / static_cast<float>(smax) >= 0.75f)
            skel_pairs |= uint32_t{1} << j;
          if (multi_abjad) vocal_pairs |= uint32_t{1} << j;
        }
      }
      // Most runs face no token they may pair with: skip them before joining anything.
      if (!(text_pairs | skel_pairs | vocal_pairs)) continue;
      JoinTokens(multi, first, count, buf);
      const std::string_view joined(buf, run_len);
      char skel[kMaxKernelLength];
      if (skel_pairs) {
        size_t at = 0;
        for (size_t k = first; k < first + count && !has_initial; ++k) {
          std::string_view sk = multi.skeleton(k);
          if (k > first && !sk.empty() && sk[0] == 'A') sk.remove_prefix(1);
          if (at + sk.size() > kMaxKernelLength) break;
          at += AbjadSkeleton(sk, !multi.has(k, kTokenAbjad), skel + at);
        }
      }
      for (size_t j = 0; j < n_single; ++j) {
        const uint32_t bit = uint32_t{1} << j;
        if (!((text_pairs | skel_pairs | vocal_pairs) & bit)) continue;
        const std::string_view s = single.text(j);
        float sim = 0;
        MatchHow how = MatchHow::kJoined;
        if (text_pairs & bit) {
          // A different first letter needs more evidence ("andrang heta" vs "ndrangheta").
          const float min_sim = s[0] == joined[0] ? 0.8f : 0.88f;
          sim = 1.0f - static_cast<float>(Osa(joined, s, reference)) / static_cast<float>(std::max(run_len, s.size()));
          if (sim < min_sim) sim = 0;
        }
        // Abjad romanisations have no vowels: "hdait allah" is "Hidayatullah".
        if (((skel_pairs | vocal_pairs) & bit) && sim < kSkeletonSim) {
          if ((skel_pairs & bit)) {
            if (!(s_skel_done & bit)) {
              AbjadSkeleton(single.skeleton(j), !s_abjad[j], s_skel[j]);
              s_skel_done |= bit;
            }
            const size_t nb = s_skel_len[j], smax = std::max(skel_len, nb);
            const int d = Osa(std::string_view(skel, skel_len), std::string_view(s_skel[j], nb), reference);
            const float sk = std::min(kSkeletonSim, 1.0f - static_cast<float>(d) / static_cast<float>(smax));
            if (sk >= 0.75f && sk > sim) sim = sk, how = MatchHow::kTransliterated;
          }
          // The Latin token only adds short vowels to the abjad run: "hdait allah" ~ "Hidayatullah"
          // (not the other way: a Latin run of short words spells many abjad words).
          if ((vocal_pairs & bit) && sim < kVocalisedSim && IsVocalisation(joined, s)) {
            sim = kVocalisedSim, how = MatchHow::kJoined;
          }
        }
        if (sim <= 0 || *n_edges >= N) continue;
        double wm = 0;
        for (size_t k = first; k < first + count; ++k) wm += w_multi[k];
        Edge e{};
        e.sim = has_initial ? std::min(sim, 0.9f) : sim;
        e.weight = static_cast<float>((wm + w_single[j]) / 2);
        e.how = how;
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

bool IsOrganisationKind(NameKind k) {
  return k == NameKind::kOrganisation || k == NameKind::kVessel || k == NameKind::kAircraft;
}

bool IsVowel(char ch) { return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u' || ch == 'y'; }

// Acronym edges: a token of `single` (2-6 letters; for persons without vowels, "JC", "JFK")
// against a run of tokens of `multi` whose initials spell it, stopwords ("of", "the") either
// skipped or counted ("PLA" ~ "People's Liberation Army", "BOA" / "BA" ~ "Bank of America").
template <size_t N>
void AddAcronymEdges(const PreparedName& multi, const PreparedName& single, bool multi_is_query,
                     const double* w_multi, const double* w_single, size_t n_multi, size_t n_single,
                     std::array<Edge, N>& edges, size_t* n_edges) {
  // In a name of unknown kind with other name parts, a token known as a given name is that name
  // ("Tim Ryan" is no TIM, the Taliban Islamic Movement; "Ted", "Pat"): a lone token may still
  // be an acronym. Any other pronounceable word (with a vowel) there is most often a name too:
  // its acronym edge is no more evidence than initials unless another name part aligns ("Ric
  // Keller" is no RIC, RIHS-IVORY COAST, 0.77 before; "Ami Bera" no AMI, ANDISHEH MEHVARAN
  // INVESTMENT); one without vowels ("TTP Swat") or with another part that aligns ("ISIL
  // Khorasan") still counts.
  size_t single_content = 0;
  if (single.kind == NameKind::kUnknown)
    for (size_t j = 0; j < n_single; ++j) single_content += IsContentWord(single.tokens[j].flags);
  for (size_t j = 0; j < n_single; ++j) {
    const std::string_view s = single.text(j);
    if (single_content >= 2 && single.tokens[j].name_group[0] != 0) continue;
    if (!MayBeAcronym(s, single.tokens[j].flags, single.kind, n_single, multi.kind, n_multi)) continue;
    const bool weak = single_content >= 2 && std::any_of(s.begin(), s.end(), IsVowel);
    ForEachAcronymRun(
        s, n_multi, [&](size_t k) { return multi.tokens[k].flags; }, [&](size_t k) { return multi.text(k)[0]; },
        [&](size_t first, size_t end) {
          if (*n_edges >= N) return;
          double wm = 0;
          for (size_t k = first; k < end; ++k) wm += w_multi[k];
          Edge e{};
          e.sim = kAcronymSim;
          e.weight = static_cast<float>((wm + w_single[j]) / 2);
          e.how = MatchHow::kAcronym;
          e.weak = weak;
          if (multi_is_query) {
            e.qi = static_cast<uint8_t>(first), e.qn = static_cast<uint8_t>(end - first);
            e.ci = static_cast<uint8_t>(j), e.cn = 1;
          } else {
            e.ci = static_cast<uint8_t>(first), e.cn = static_cast<uint8_t>(end - first);
            e.qi = static_cast<uint8_t>(j), e.qn = 1;
          }
          edges[(*n_edges)++] = e;
        });
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

// An initial stands for a given or middle name: a family name (the last of several name parts,
// as names are read given name first) is written out. So an initial that is not the last part of
// its own name does not stand for the other name's last part: "David W. Jolly" is not "WEI,
// David" (0.72, with "jolly" a mere extra), nor "Mia B. Love" "BOLOTOVA, Mayya".
bool InitialForFamilyName(const PreparedName& q, size_t i, size_t n, const PreparedName& c, size_t j, size_t m) {
  const bool q_initial = q.has(i, kTokenInitial), c_initial = c.has(j, kTokenInitial);
  if (q_initial == c_initial) return false;
  const size_t x = q_initial ? i : j, x_last = (q_initial ? n : m) - 1;  // the initial, its name's last part
  const size_t f = q_initial ? j : i, f_last = (q_initial ? m : n) - 1;  // the full part
  return f == f_last && f_last > 0 && x != x_last;
}

// Credit of an aligned pair: full from ~0.9 similarity (one edit in ten letters, or a phonetic
// variant), ~0.7 for one edit in five, ~0.35 for two edits in six, nothing below 0.55.
double Credit(double sim) { return std::clamp((sim - 0.55) / 0.35, 0.0, 1.0); }

}  // namespace

using namespace scorer_internal;



bool MayBeAcronym(std::string_view s, uint16_t flags, NameKind single_kind, size_t n_single, NameKind multi_kind,
                  size_t n_multi) {
  constexpr uint16_t kNotAcronym =
      kTokenInitial | kTokenNumeric | kTokenParticle | kTokenTitle | kTokenLegalForm | kTokenStopword |
      text::kTokenSyllabic | kTokenAbjad;  // an unvocalised romanisation ("sm") is not an acronym
  const bool person = single_kind == NameKind::kPerson || multi_kind == NameKind::kPerson;
  // Acronyms name organisations: without an organisation on either side, the only acronym-like
  // evidence is a person's vowel-less initial run ("JC Juncker"); a name of unknown kind is
  // never spelled out ("Jet Sam" is no acronym of "Saraya al-Mukhtar").
  if (!person && !IsOrganisationKind(single_kind) && !IsOrganisationKind(multi_kind)) return false;
  // A company's acronym is not a person's initials ("HC" vs "Heather Clark").
  if (person && (IsOrganisationKind(single_kind) || IsOrganisationKind(multi_kind))) return false;
  // A person's initials alone ("N.N.") are no evidence: only with another name part ("JC Juncker").
  if (person && n_single < 2) return false;
  if (s.size() < 2 || s.size() > 6 || (flags & kNotAcronym) || s.size() > n_multi) return false;
  bool letters = true, vowel = false;
  for (char ch : s) letters &= ch >= 'a' && ch <= 'z', vowel |= IsVowel(ch);
  return letters && !(person && vowel);
}

std::string_view MatchHowName(MatchHow h) {
  switch (h) {
    case MatchHow::kExact: return "exact";
    case MatchHow::kPhonetic: return "phonetic";
    case MatchHow::kFuzzy: return "fuzzy";
    case MatchHow::kInitial: return "initial";
    case MatchHow::kTransliterated: return "transliterated";
    case MatchHow::kJoined: return "joined";
    case MatchHow::kNickname: return "nickname";
    case MatchHow::kAcronym: return "acronym";
  }
  return "?";
}

// ScoreNames for one reading of the query (its PreparedName::readings not read).
static ScoreResult ScoreReading(const PreparedName& q, const PreparedName& c, const TokenStats& stats,
                                const ScoreOptions& options) {
  ScoreResult result;
  // The choices, written out as an Explanation at the end when asked.
  Alignment local_alignment;
  Alignment& al = options.alignment ? *options.alignment : local_alignment;
  al.n_pairs = al.n_query = al.n_candidate = 0;
  al.note = Alignment::kNoNote;
  al.filiation_reversed = false;
  const size_t n = std::min(q.tokens.size(), kMaxScoredTokens);
  const size_t m = std::min(c.tokens.size(), kMaxScoredTokens);
  if (n == 0 || m == 0) return result;

  double wq[kMaxScoredTokens], wc[kMaxScoredTokens];
  const bool q_weighted = q.weights_id == stats.fingerprint(), c_weighted = c.weights_id == stats.fingerprint();
  for (size_t i = 0; i < n; ++i) wq[i] = q_weighted ? q.tokens[i].weight : stats.TokenWeight(q.tokens[i]);
  for (size_t j = 0; j < m; ++j) wc[j] = c_weighted ? c.tokens[j].weight : stats.TokenWeight(c.tokens[j]);
  const bool reference = options.reference_kernels;

  std::array<Edge, 2048> edges;
  size_t n_edges = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < m; ++j) {
      MatchHow how;
      int8_t abd_side = 0;
      const float sim = CachedTokenSim(q, i, c, j, options, &how, &abd_side);
      if (sim < options.min_pair_similarity) continue;
      if (how == MatchHow::kInitial && InitialForFamilyName(q, i, n, c, j, m)) continue;
      // An initial carries only an initial's information, whatever the weight of the full
      // name part it abbreviates ("M.S.P. Kala" vs "Satish Kala Pandey").
      const double w = how == MatchHow::kInitial ? std::min(wq[i], wc[j]) : (wq[i] + wc[j]) / 2;
      edges[n_edges++] = Edge{sim, static_cast<float>(w), static_cast<uint8_t>(i), 1, static_cast<uint8_t>(j), 1, how,
                              abd_side, false};
    }
  AddJoinedEdges(q, c, true, wq, wc, n, m, reference, edges, &n_edges);
  AddJoinedEdges(c, q, false, wc, wq, m, n, reference, edges, &n_edges);
  AddAcronymEdges(q, c, true, wq, wc, n, m, edges, &n_edges);
  AddAcronymEdges(c, q, false, wc, wq, m, n, edges, &n_edges);
  std::sort(edges.begin(), edges.begin() + n_edges, [](const Edge& a, const Edge& b) {
    if (a.sim != b.sim) return a.sim > b.sim;
    // On equal similarity a token pair beats a joined run: "fff fff ffffff" against itself
    // must align fff~fff, not fff+fff~ffffff (found by tamis_names_fuzz).
    if (a.qn + a.cn != b.qn + b.cn) return a.qn + a.cn < b.qn + b.cn;
    return a.weight > b.weight;
  });

  auto content_tokens = [](const PreparedName& x, size_t k) {
    size_t cnt = 0;
    for (size_t t = 0; t < k; ++t) cnt += IsContentWord(x.tokens[t].flags);
    return cnt;
  };
  const double extra = ExtraPenalty(q.kind, c.kind, content_tokens(q, n), content_tokens(c, m), options);
  bool used_q[kMaxScoredTokens] = {}, used_c[kMaxScoredTokens] = {};
  double num = 0, den = 0;
  // Initials (and a person's initial runs) alone are no evidence that two names are the same:
  // "Bryce Soto" vs "B S Company". Without one aligned full name part the score is scaled down.
  const bool any_person = q.kind == NameKind::kPerson || c.kind == NameKind::kPerson;
  bool substantive = false;
  // At least one pair must agree on the full spelling (exact, phonetic, fuzzy, joined,
  // nickname, acronym): consonant skeletons, syllable variants and initials alone are weak.
  bool strong = false;
  // Full-name-part pairs accepted so far, for the order check of initials.
  uint8_t anchor_q[kMaxScoredTokens], anchor_c[kMaxScoredTokens];
  size_t n_anchors = 0;
  const double kappa = options.conflict_penalty;
  for (size_t e = 0; e < n_edges; ++e) {
    const Edge& ed = edges[e];
    bool free = true;
    for (size_t k = ed.qi; k < size_t{ed.qi} + ed.qn; ++k) free &= !used_q[k];
    for (size_t k = ed.ci; k < size_t{ed.ci} + ed.cn; ++k) free &= !used_c[k];
    if (!free) continue;
    // "Abdul Mohammad" vs "Wali Mohammad": the abd- prefix was replaced by another name, not
    // dropped, when the plain side has a free name part just before the matched one.
    if (ed.abd_side != 0) {
      const PreparedName& plain = ed.abd_side == 1 ? c : q;
      const size_t x = ed.abd_side == 1 ? ed.ci : ed.qi;
      const bool* used_plain = ed.abd_side == 1 ? used_c : used_q;
      if (x > 0 && !used_plain[x - 1] && !(plain.tokens[x - 1].flags & kNeverConflict)) continue;
    }
    // Initials keep the order of the name parts they abbreviate: "M.S.P. Kala" has no initial
    // of a part that follows "Kala" in "Satish Kala Pandey".
    if (ed.how == MatchHow::kInitial) {
      bool crosses = false;
      for (size_t a = 0; a < n_anchors; ++a) crosses |= (ed.qi < anchor_q[a]) != (ed.ci < anchor_c[a]);
      if (crosses) continue;
    } else if (n_anchors < kMaxScoredTokens) {
      anchor_q[n_anchors] = ed.qi, anchor_c[n_anchors++] = ed.ci;
    }
    for (size_t k = ed.qi; k < size_t{ed.qi} + ed.qn; ++k) used_q[k] = true;
    for (size_t k = ed.ci; k < size_t{ed.ci} + ed.cn; ++k) used_c[k] = true;
    const double g = Credit(ed.sim);
    if (g > 0 && ed.how != MatchHow::kInitial && ed.how != MatchHow::kTransliterated &&
        !((q.tokens[ed.qi].flags | c.tokens[ed.ci].flags) & text::kTokenSyllabic && ed.how != MatchHow::kExact))
      strong = true;
    if (g > 0 && ed.how != MatchHow::kInitial && !(ed.how == MatchHow::kAcronym && (any_person || ed.weak)))
      substantive = true;
    num += ed.weight * g;
    den += ed.weight * (1 + kappa * (1 - g));
    // Pairs use disjoint tokens: at most min(n, m) of them.
    al.pairs[al.n_pairs++] = Alignment::Pair{ed.sim, ed.weight, ed.qi, ed.qn, ed.ci, ed.cn, ed.how};
  }

  // Unaligned tokens: content tokens facing content tokens on the other side are substitutions
  // (conflicts), heaviest first; the rest are extras (missing middle names, titles, forms).
  double uq[kMaxScoredTokens], uc[kMaxScoredTokens];
  uint8_t iq[kMaxScoredTokens], ic[kMaxScoredTokens];
  size_t nq = 0, nc = 0;
  // Two different registered legal forms (AG vs GmbH, LLC vs ANO) name two legal persons: one
  // pair of them is a conflict of weight kLegalFormConflict instead of two extras. The generic
  // "company" / "corporation" / "inc" are often part of the name itself and do not count.
  int lq = -1, lc = -1;
  for (size_t i = 0; i < n && lq < 0; ++i)
    if (!used_q[i] && IsRegisteredForm(q, i)) lq = static_cast<int>(i);
  for (size_t j = 0; j < m && lc < 0; ++j)
    if (!used_c[j] && IsRegisteredForm(c, j)) lc = static_cast<int>(j);
  if (lq >= 0 && lc >= 0) {
    used_q[lq] = used_c[lc] = true;
    den += kLegalFormConflict * (1 + kappa);
    al.query[al.n_query++] = {static_cast<uint8_t>(lq), Alignment::kLegalFormConflict};
    al.candidate[al.n_candidate++] = {static_cast<uint8_t>(lc), Alignment::kLegalFormConflict};
  }
  for (size_t i = 0; i < n; ++i)
    if (!used_q[i]) {
      if (q.tokens[i].flags & kNeverConflict) {
        den += wq[i] * options.extra_penalty;
        al.query[al.n_query++] = {static_cast<uint8_t>(i), Alignment::kExtra};
      } else {
        uq[nq] = wq[i], iq[nq++] = static_cast<uint8_t>(i);
      }
    }
  for (size_t j = 0; j < m; ++j)
    if (!used_c[j]) {
      if (c.tokens[j].flags & kNeverConflict) {
        den += wc[j] * options.extra_penalty;
        al.candidate[al.n_candidate++] = {static_cast<uint8_t>(j), Alignment::kExtra};
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
  for (size_t k = 0; k < conflicts; ++k) den += std::max({uq[k], uc[k], kMinConflictWeight}) * (1 + kappa);
  // A patronymic is often left out ("Sergey Lavrov" for "Sergey Viktorovich Lavrov"): missing,
  // it costs half an extra; a different one is a full conflict (another father).
  auto extra_cost = [&](const PreparedName& x, uint8_t idx, double w) {
    return w * extra * ((x.tokens[idx].flags & text::kTokenPatronymic) ? kPatronymicExtraFactor : 1.0);
  };
  for (size_t k = conflicts; k < nq; ++k) den += extra_cost(q, iq[k], uq[k]);
  for (size_t k = conflicts; k < nc; ++k) den += extra_cost(c, ic[k], uc[k]);
  for (size_t k = 0; k < nq; ++k)
    al.query[al.n_query++] = {iq[k], k < conflicts ? Alignment::kConflict : Alignment::kExtra};
  for (size_t k = 0; k < nc; ++k)
    al.candidate[al.n_candidate++] = {ic[k], k < conflicts ? Alignment::kConflict : Alignment::kExtra};

  result.score = den > 0 ? std::clamp(num / den, 0.0, 1.0) : 0.0;
  if (!substantive && result.score > 0) {
    result.score *= kInitialsOnlyFactor;
    al.note = Alignment::kInitialsOnly;
  } else if (!strong && result.score > 0) {
    result.score *= kWeakOnlyFactor;
    al.note = Alignment::kWeakOnly;
  }

  // Arabic filiation: "X bin Y" names X, son of Y. "Salman bin Muhammad" and "Muhammad bin
  // Salman" share every token but are father and son, so a swap across "bin" is a conflict.
  if (n >= 3 && m >= 3 && q.has(1, kTokenParticle) && c.has(1, kTokenParticle) && q.text(1) == "bin" &&
      c.text(1) == "bin" && q.text(0) != q.text(2)) {
    MatchHow h;
    // Swapped, and not also straight: "Usama bin Osama" against itself is no reversal.
    const bool swapped = TokenSim(q, 0, c, 2, 0.9f, reference, &h) >= 0.9f && TokenSim(q, 2, c, 0, 0.9f, reference, &h) >= 0.9f &&
                         !(TokenSim(q, 0, c, 0, 0.9f, reference, &h) >= 0.9f && TokenSim(q, 2, c, 2, 0.9f, reference, &h) >= 0.9f);
    if (swapped) {
      result.score *= 0.6;
      al.filiation_reversed = true;
    }
  }
  if (options.explain) result.explanation = ExplainAlignment(q, c, al, result.score);
  result.explanation.name_score = result.score;
  result.is_match = result.score >= options.threshold;
  return result;
}

Explanation ExplainAlignment(const PreparedName& q, const PreparedName& c, const Alignment& a, double score) {
  Explanation e;
  e.pairs.reserve(a.n_pairs);
  for (size_t k = 0; k < a.n_pairs; ++k) {
    const Alignment::Pair& p = a.pairs[k];
    TokenPairExplanation x;
    x.query = JoinTexts(q, p.qi, p.qn);
    x.candidate = JoinTexts(c, p.ci, p.cn);
    x.how = p.how;
    x.similarity = p.sim;
    x.weight = p.weight;
    e.pairs.push_back(std::move(x));
  }
  auto unaligned = [](const PreparedName& n, const Alignment::Unaligned* u, size_t count, std::vector<std::string>* out) {
    for (size_t k = 0; k < count; ++k)
      out->push_back(std::string(n.text(u[k].token)) + (u[k].role == Alignment::kConflict    ? " (conflict)"
                                                        : u[k].role == Alignment::kExtra     ? " (extra)"
                                                                                             : " (legal form conflict)"));
  };
  unaligned(q, a.query, a.n_query, &e.unmatched_query);
  unaligned(c, a.candidate, a.n_candidate, &e.unmatched_candidate);
  if (a.note == Alignment::kInitialsOnly) e.unmatched_query.push_back("(initials only)");
  if (a.note == Alignment::kWeakOnly) e.unmatched_query.push_back("(no pair agrees on the spelling)");
  if (a.filiation_reversed)
    e.unmatched_query.push_back(std::string(q.text(0)) + " bin " + std::string(q.text(2)) + " (filiation reversed)");
  e.name_score = score;
  return e;
}

ScoreResult ScoreNames(const PreparedName& q, const PreparedName& c, const TokenStats& stats,
                       const ScoreOptions& options) {
  if (q.readings.empty()) return ScoreReading(q, c, stats, options);
  // A name written in Arabic script: the best of its readings (PreparedName::readings). The pair
  // cache is keyed by the query's token positions, so the other readings go without it.
  ScoreResult best = ScoreReading(q, c, stats, options);
  ScoreOptions o = options;
  o.pair_cache = nullptr;
  Alignment al;
  if (options.alignment) o.alignment = &al;
  for (const PreparedName& r : q.readings) {
    ScoreResult s = ScoreReading(r, c, stats, o);
    if (s.score <= best.score) continue;
    best = std::move(s);
    if (options.alignment) *options.alignment = al;
  }
  return best;
}

}  // namespace tamis::names
