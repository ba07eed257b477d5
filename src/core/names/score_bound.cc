#include "core/names/score_bound.h"

#include <algorithm>
#include <utility>

#include "core/bits.h"
#include "core/names/similarity.h"
#include "core/text/tokenise.h"

namespace tamis::names {
namespace {

// Tokens that give no key of their own (CandidateKeys skips them): counted as aligned by the
// bound whatever the candidate (they weigh little: role weights 0.05-0.35).
constexpr uint16_t kKeyless = kKeylessTokenFlags;

// Whether two tokens with consonant skeletons a, b may align in the scorer although they share
// no key: skeletons within one edit (substitution, insertion, deletion or adjacent
// transposition: a typo the keys miss), ignoring one leading "A" (a vowel or a dropped ayn:
// "dnan" ~ "adnan"). A Latin token against an abjad romanisation (`cross_abjad`: "motassadeq"
// ~ "mtsdq", whose skeletons follow different spelling conventions) is judged by the scorer's
// own limit instead: skeleton edits at most 0.45 x the longer text (la, lb letters), as a pair
// below similarity 0.55 is never aligned.
__attribute__((always_inline)) inline bool MayAlign(std::string_view a, size_t la, std::string_view b, size_t lb, bool cross_abjad) {
  if (a.size() > 1 && a[0] == 'A') a.remove_prefix(1);
  if (b.size() > 1 && b[0] == 'A') b.remove_prefix(1);
  const size_t budget =
      cross_abjad ? std::max<size_t>(1, static_cast<size_t>(0.45 * static_cast<double>(std::max(la, lb)))) : 1;
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > budget) return false;
  if (budget > 1) return static_cast<size_t>(OsaDistance(a, b)) <= budget;
  if (a.size() > b.size()) std::swap(a, b);
  // Skeletons are a few letters: compare in place (no memcmp calls).
  auto same_tail = [](const char* x, const char* y, size_t len) {
    for (size_t k = 0; k < len; ++k)
      if (x[k] != y[k]) return false;
    return true;
  };
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or b has one more at the end
  if (a.size() == b.size()) {
    if (same_tail(a.data() + i + 1, b.data() + i + 1, a.size() - i - 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           same_tail(a.data() + i + 2, b.data() + i + 2, a.size() - i - 2);  // transposition
  }
  return same_tail(a.data() + i, b.data() + i + 1, a.size() - i);  // b has one more at i
}

// Length of a skeleton (`len` letters, the first `first`) as MayAlign compares it: one leading
// "A" (a vowel or a dropped ayn) left out.
inline size_t BareSkeletonLength(size_t len, char first) { return len > 1 && first == 'A' ? len - 1 : len; }

// Given names of one group (Bill ~ William) align whatever their keys.
bool SameGroup(const uint8_t* a, const uint8_t* b) {
  for (int k = 0; k < 2; ++k)
    if (a[k] && (a[k] == b[0] || a[k] == b[1])) return true;
  return false;
}

// The candidate tokens (bits) that a query token (the one of `bits`) could pair with as an
// acronym in ScoreNames: the runs of candidate tokens whose initials spell it
// (MayBeAcronym, ForEachAcronymRun). 0 when it cannot be an acronym of this
// candidate.
uint32_t AcronymRuns(const PreparedName& q, uint32_t bits, const BoundCandidate& c) {
  if (bits == 0 || (bits & (bits - 1))) return 0;
  const size_t i = static_cast<size_t>(__builtin_ctz(bits));
  if (i >= q.tokens.size()) return 0;
  const std::string_view s = q.text(i);
  if (!MayBeAcronym(s, q.tokens[i].flags, q.kind, std::min(q.tokens.size(), kMaxScoredTokens),
                           static_cast<NameKind>(c.t[0].name_kind), c.size()))
    return 0;
  uint32_t runs = 0;
  ForEachAcronymRun(
      s, c.size(), [&](size_t k) { return c.t[k].flags; }, [&](size_t k) { return c.t[k].first; },
      [&](size_t first, size_t end) {
        for (size_t k = first; k < end; ++k) runs |= uint32_t{1} << k;
      });
  return runs;
}


}  // namespace

void BoundQueryFacts::Fill(const PreparedName& q) {
  *this = BoundQueryFacts{};
  const size_t n = std::min(q.tokens.size(), kMaxScoredTokens);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view sk = q.skeleton(i);
    bare_len[i] = static_cast<uint8_t>(std::min<size_t>(BareSkeletonLength(sk.size(), sk.empty() ? 0 : sk[0]), 255));
    if (!AbdCompoundRest(q.text(i)).empty()) abd |= uint32_t{1} << i;
    first[i] = q.text(i).empty() ? char{0} : q.text(i)[0];
    content_words += IsContentWord(q.tokens[i].flags);
    weight += q.tokens[i].weight;
    keyless_count += (q.tokens[i].flags & kKeyless) != 0;
  }
}

void FillBoundToken(const PreparedName& p, size_t j, BoundToken* b) {
  const PreparedToken& t = p.tokens[j];
  b->key_hash = t.key_hash;
  b->joined_hash = t.joined_hash;
  b->weight = t.weight;
  b->flags = t.flags;
  b->name_group[0] = t.name_group[0];
  b->name_group[1] = t.name_group[1];
  b->first = p.text(j).empty() ? 0 : p.text(j)[0];
  const std::string_view sk = p.skeleton(j);
  b->skeleton_len = static_cast<uint8_t>(std::min<size_t>(sk.size(), 255));
  std::copy_n(sk.begin(), std::min(sk.size(), kInlineSkeleton), b->skeleton);
  b->abd_compound = !AbdCompoundRest(p.text(j)).empty();
  b->text_len = static_cast<uint8_t>(p.text(j).size());
  b->name_kind = static_cast<uint8_t>(p.kind);
}

double CandidateBound(const PreparedName& q, const BoundQuery& bq, uint32_t hit_keys, const BoundCandidate& c,
                      double cut, bool need_shared) {
  const BoundQueryFacts& qf = bq.facts;
  const uint32_t q_keyless = bq.keyless, q_content = bq.content, q_acronym = bq.acronym;
  const std::vector<std::string>& q_joined = bq.joined;
  const std::vector<BoundKey>& keys = bq.keys;
  const size_t scanned = bq.scanned;
  const ScoreOptions& so = bq.bound_options;
  BoundPairMemo* memo = bq.memo;
  const size_t n = std::min(q.tokens.size(), kMaxScoredTokens);
  const size_t m = c.size();
  if (n == 0 || m == 0) return 0;
  uint32_t q_hit = 0;
  uint32_t q_multi = 0;    // query tokens counted aligned through a joined pair of theirs
  uint32_t explained = 0;  // bits of keys[0..31] matched by a candidate token's own skeleton
  bool shared = false;     // a key of a query name part (not only of its initials) links them
  double wc_total = 0, wc_unaligned[kMaxScoredTokens];
  uint8_t jc_unaligned[kMaxScoredTokens];
  size_t nuc = 0;
  // Removes entry k of the unaligned candidate tokens (their order does not matter).
  auto drop = [&](size_t k) {
    --nuc;
    jc_unaligned[k] = jc_unaligned[nuc];
    wc_unaligned[k] = wc_unaligned[nuc];
  };
  // A candidate token's skeleton equal to query key k means the name is posted under k: among
  // the keys whose postings were scanned (the first `scanned`, bits < 32) only those of
  // hit_keys can match; the rest are compared by hash (a 32-bit collision only raises the bound).
  const size_t direct = std::min<size_t>(scanned, 32);
  const uint32_t direct_hits = direct == 32 ? hit_keys : hit_keys & ((uint32_t{1} << direct) - 1);
  const uint64_t bloom = bq.sealed_scanned == scanned ? bq.unscanned_bloom : ~uint64_t{0};
  uint32_t c_free = 0;  // candidate keyless tokens (not yet used by the query's content tokens)
  size_t cc = 0;        // the candidate's content words (as the scorer counts them for one-word names)
  for (size_t j = 0; j < m; ++j) {
    const BoundToken& t = c.t[j];
    wc_total += t.weight;
    cc += IsContentWord(t.flags);
    if (t.flags & kKeyless) {
      c_free |= uint32_t{1} << j;
      // Titles, particles, stopwords and legal forms may align with anything (optimistic; they
      // weigh little). A number aligns only with the same number, an initial only with a token
      // of its letter: otherwise they stay unaligned (the scorer counts them as conflicts).
      bool alignable = (t.flags & kNeverConflict) != 0;
      for (size_t i = 0; i < n && !alignable; ++i) {
        if (t.flags & text::kTokenNumeric)
          alignable = (q.tokens[i].flags & text::kTokenNumeric) && q.text(i) == c.text(j);
        else
          alignable = !(q.tokens[i].flags & text::kTokenNumeric) && !q.text(i).empty() && q.text(i)[0] == t.first;
      }
      if (!alignable) jc_unaligned[nuc] = static_cast<uint8_t>(j), wc_unaligned[nuc++] = t.weight;
      continue;
    }
    const uint32_t h = t.key_hash;  // 0: no key of its own
    bool found = false;
    auto match = [&](size_t k) {
      const BoundKey& key = keys[k];
      if (key.hash32 != h) return;
      if (k < 32) explained |= uint32_t{1} << k;
      // A key not traced to query tokens is the query's initials: this candidate token is an
      // acronym that may align with the run of query tokens it spells.
      uint32_t bits = key.tokens ? key.single : q_acronym;
      // A query pair joined aligns with this token only if their lengths are close
      // (scorer.cc AddJoinedEdges), or through consonants when abjad.
      if (key.pair && (key.pair_abjad || (t.flags & text::kTokenAbjad) ||
                       (t.text_len + 2 >= key.pair_len_min && key.pair_len_max + 2 >= t.text_len))) {
        bits |= key.pair;
        q_multi |= key.pair;
      }
      if (!bits) return;
      found = true;
      q_hit |= bits;
      shared = true;
    };
    if (h) {
      for (uint32_t r = direct_hits; r; r &= r - 1) match(static_cast<size_t>(__builtin_ctz(r)));
      if ((bloom >> (h & 63)) & 1)
        for (size_t k = direct; k < keys.size(); ++k) match(k);
    }
    if (!found) jc_unaligned[nuc] = static_cast<uint8_t>(j), wc_unaligned[nuc++] = t.weight;
  }
  // Keys this name was found by that no candidate token's skeleton explains: a joined pair of
  // the candidate ("bin"+"laden") or the candidate's initials (an organisation's acronym key).
  // Their query tokens count as aligned. A joined pair's two candidate tokens are then aligned
  // too; an acronym key aligns only when the query token could be the acronym the scorer
  // pairs with the runs of candidate tokens it spells (those are then aligned). Initials
  // against initials (both sides' acronym keys) align nothing: ignored.
  for (uint32_t rest = hit_keys & ~explained; rest; rest &= rest - 1) {
    const BoundKey& k = keys[static_cast<size_t>(__builtin_ctz(rest))];
    if (k.tokens == 0) continue;
    uint32_t aligned = 0;  // the candidate tokens it stands for
    for (size_t j = 0; j + 1 < m; ++j)
      if (c.t[j].joined_hash == k.hash32) aligned |= uint32_t{3} << j;
    if (!aligned) aligned = AcronymRuns(q, k.tokens, c);
    if (!aligned) continue;
    shared = true;
    q_hit |= k.tokens;
    for (size_t u = 0; u < nuc;) {
      if ((aligned >> jc_unaligned[u]) & 1) drop(u);
      else ++u;
    }
  }
  // Unkeyed tokens on both sides whose skeletons are close (MayAlign: a typo the keys miss, an
  // abjad romanisation),
  // that are given names of one group, or that are an abd-compound and its rest ("rahman" ~
  // "abdalrahman") may still align: counted as aligned, each candidate token once.
  // A keyless token (no key of its own: an initial, a particle, a title) aligns for the scorer
  // with a token of the other side too: an initial with a full name part of the same first
  // letter ("George S Helmy" ~ "George Santos"), a particle with a name part spelt alike ("al"
  // ~ "Ali"). Each absorbs one unkeyed token on the other side.
  // Whether keyless token x (flags fx, first letter ax, skeleton sx, length lx) may align with
  // a token of first letter by, skeleton sy, length ly.
  auto absorbs = [](uint16_t fx, char ax, std::string_view sx, size_t lx, char by, std::string_view sy, size_t ly) {
    if (fx & text::kTokenNumeric) return false;  // numbers align only when equal (both keyless)
    if (fx & text::kTokenInitial) return ax != 0 && ax == by;
    return MayAlign(sx, lx, sy, ly, false);
  };
  auto cross = [&](uint16_t fq, size_t k) { return ((fq ^ c.t[jc_unaligned[k]].flags) & text::kTokenAbjad) != 0; };
  // How query token i and candidate token j relate as a pair of single tokens: kSimilar when
  // their skeletons are close (MayAlign) and, for a Latin token against an abjad romanisation
  // (MayAlign's wide limit) or short skeletons (of at most two consonants, which nearly any
  // other short skeleton is within one edit of), the scorer's own token similarity reaches its
  // least pair similarity; kMayPair when similar, given names of one group, or an abd-compound
  // and its rest ("rahman" ~ "abdalrahman"). Memoised per query (both are functions of the two
  // tokens alone).
  constexpr uint32_t kSimilar = 1, kMayPair = 2;
  // Given names of one group, or an abd-compound and its rest: they may pair whatever their
  // skeletons.
  auto kin = [&](size_t i, size_t j) {
    return SameGroup(q.tokens[i].name_group, c.t[j].name_group) ||
           (((qf.abd >> i) & 1 || c.t[j].abd_compound) && AbdCompoundVariant(q.text(i), c.text(j)));
  };
  auto relation = [&](size_t i, size_t j) __attribute__((always_inline)) -> uint32_t {
    const BoundToken& t = c.t[j];
    const bool x = ((q.tokens[i].flags ^ t.flags) & text::kTokenAbjad) != 0;
    const size_t lq = qf.bare_len[i];
    const size_t lc = BareSkeletonLength(t.skeleton_len, t.skeleton[0]);
    // Skeletons whose lengths differ by more than one edit are not similar (MayAlign) unless
    // one side is abjad (a wider limit): most pairs a query's bound asks about end here,
    // without the memo.
    // A written text one edit from the other's can be two skeleton edits away ("baghdpadi" BKDPD
    // ~ "baghdadi" BKD: doubled consonants collapse; "ivanovicx" ~ "ivanovich"), yet the scorer
    // aligns it (similarity >= 1 - 1/3 for three letters or more).
    const size_t tq = q.text(i).size(), tc = t.text_len;
    // (Such typos keep the first letter; asking only then keeps the check off most pairs.)
    const bool text_close =
        !x && t.first == qf.first[i] && std::max(tq, tc) >= 3 && (tq > tc ? tq - tc : tc - tq) <= 1;
    if (!x && !text_close && (lq > lc ? lq - lc : lc - lq) > 1) return kin(i, j) ? kMayPair : 0;
    const uint32_t key = BoundPairMemo::Key(i, t.token_id);
    if (memo)
      if (const int v = memo->Get(key); v >= 0) return static_cast<uint32_t>(v);
    bool similar = MayAlign(q.skeleton(i), q.text(i).size(), c.skeleton(j), t.text_len, x);
    if (!similar && text_close) similar = MayAlign(q.text(i), tq, c.text(j), tc, false);
    if (similar && (x || std::max(lq, lc) <= 2)) {
      size_t pos;
      const PreparedName& d = c.Token(j, &pos);
      similar = TokenSimilarity(q, i, d, pos, so) >= so.min_pair_similarity;
    }
    const uint32_t v = similar ? kSimilar | kMayPair : kin(i, j) ? kMayPair : 0;
    if (memo) memo->Put(key, v);
    return v;
  };
  auto q_first = [&](size_t i) { return qf.first[i]; };
  // The scorer's assignment of the tokens left unaligned: the heaviest of each side face each
  // other as conflicts (each costing (1 + kappa) x max of the two weights and
  // kMinConflictWeight), the rest are extras, at the scorer's extra penalty for these two names
  // (organisation, one-word name) and half of it for a patronymic. The scorer's unaligned sets
  // contain these (under the assumption above), and adding an unaligned token, or making one
  // heavier, never lowers that cost. Among tokens of equal weight the patronymics are taken as
  // the extras (the cheaper choice).
  const size_t cq = qf.content_words;  // content words (as the scorer counts them for one-word names)
  const double extra = ExtraPenalty(q.kind, static_cast<NameKind>(c.t[0].name_kind), cq, cc, so);
  const double kappa = so.conflict_penalty;
  struct Unaligned {
    double w;
    bool patronymic;
  };
  auto heavier = [](const Unaligned& x, const Unaligned& y) {
    return x.w != y.w ? x.w > y.w : (!x.patronymic && y.patronymic);
  };
  // Insertion sorts: a handful of tokens.
  auto sort = [&](Unaligned* x, size_t len) __attribute__((always_inline)) {
    for (size_t k = 1; k < len; ++k)
      for (size_t l = k; l > 0 && heavier(x[l], x[l - 1]); --l) std::swap(x[l], x[l - 1]);
  };
  auto extra_cost = [&](const Unaligned& u) { return u.w * extra * (u.patronymic ? kPatronymicExtraFactor : 1.0); };
  auto cost = [&](Unaligned* ua, size_t na, Unaligned* ub, size_t nb) __attribute__((always_inline)) {  // sorts its arguments
    sort(ua, na);
    sort(ub, nb);
    const size_t conflicts = std::min(na, nb);
    double x = 0;
    for (size_t k = 0; k < conflicts; ++k) x += (1 + kappa) * std::max({ua[k].w, ub[k].w, kMinConflictWeight});
    for (size_t k = conflicts; k < na; ++k) x += extra_cost(ua[k]);
    for (size_t k = conflicts; k < nb; ++k) x += extra_cost(ub[k]);
    return x;
  };
  // Early exit (the caller only asks whether the bound reaches `cut`): once a query token is
  // known to stay unaligned, the bound is at most the score with every other token aligned
  // that still may be -- the candidate tokens left unaligned can only shrink by one per query
  // token still to come and per query keyless token (unless a joined pair's "near" rule below
  // may drop any number) -- and the lightest of them, taken as patronymics, unaligned.
  Unaligned failed[kMaxScoredTokens];
  size_t n_failed = 0;
  double w_failed = 0;
  const size_t q_keyless_count = qf.keyless_count;  // (Popcount32(q_keyless), once per query)
  auto hopeless = [&](size_t i, double* value) {
    const uint32_t later = q_content & ~q_hit & ~((uint32_t{2} << i) - 1) & ((n < 32 ? (uint32_t{1} << n) : 0u) - 1);
    const bool near_possible = q_multi != 0 || (later & qf.joined) != 0;
    const size_t may_drop = static_cast<size_t>(Popcount32(later)) + q_keyless_count;
    const size_t keep = near_possible || nuc <= may_drop ? 0 : nuc - may_drop;
    Unaligned vb[kMaxScoredTokens];
    double w_keep = 0;
    if (keep > 0) {  // else the candidate's unaligned tokens are all taken as dropped
      for (size_t k = 0; k < nuc; ++k) vb[k] = {wc_unaligned[k], true};
      sort(vb, nuc);  // heaviest first: the lightest `keep` are the last
      for (size_t k = nuc - keep; k < nuc; ++k) w_keep += vb[k].w;
    }
    const double po = (qf.weight - w_failed + wc_total - w_keep) / 2;
    if (po <= 0) {
      *value = 0;
      return true;
    }
    *value = po / (po + cost(failed, n_failed, vb + (nuc - keep), keep));  // (the order of failed is free)
    return *value < cut - 1e-6;
  };
  for (size_t i = 0; i < n; ++i) {
    const uint32_t bit = uint32_t{1} << i;
    if (!(q_content & bit) || (q_hit & bit) || (q_keyless & bit)) continue;
    // The token joined with the next unaligned one ("hbib allah" ~ "habibullah").
    const uint32_t next = bit << 1;
    if ((qf.joined & bit) && (q_content & next) && !(q_hit & next)) {
      const size_t jlen = q.text(i).size() + q.text(i + 1).size();
      const bool q_pair_abjad = ((q.tokens[i].flags | q.tokens[i + 1].flags) & text::kTokenAbjad) != 0;
      for (size_t k = 0; k < nuc; ++k)
        if ((q_pair_abjad || (c.t[jc_unaligned[k]].flags & text::kTokenAbjad) ||
             (size_t{c.t[jc_unaligned[k]].text_len} + 2 >= jlen && jlen + 2 >= c.t[jc_unaligned[k]].text_len)) &&
            MayAlign(q_joined[i], jlen, c.skeleton(jc_unaligned[k]), c.t[jc_unaligned[k]].text_len,
                     cross(q_pair_abjad ? text::kTokenAbjad : 0, k))) {
          q_hit |= bit | next;
          q_multi |= bit | next;
          drop(k);
          break;
        }
      if (q_hit & bit) continue;
    }
    for (size_t k = 0; k < nuc; ++k)
      if (relation(i, jc_unaligned[k]) & kMayPair) {
        q_hit |= bit;
        drop(k);
        break;
      }
    if (q_hit & bit) continue;
    // A query token written as a run of the candidate's tokens joined ("dromar" ~ "dr omar",
    // "billli" ~ "bill li", "ibrahimsulaymanig" ~ "ibrahim sulaymani g"): the scorer's joined
    // edges align them, and a title or a one-letter token in the run gives the name no key of
    // that run. The run's tokens are then aligned (optimistic: one of them may also be counted
    // for another query token).
    if (const std::string_view qt = q.text(i); qt.size() >= 3) {
      for (size_t j = 0; j + 1 < m && !(q_hit & bit); ++j) {
        // (The run's first two tokens' first letters, before any text is read.)
        if (c.t[j].first != qt[0] || c.t[j].text_len >= qt.size() || c.t[j + 1].first != qt[c.t[j].text_len]) continue;
        size_t pos = 0, e = j;
        for (; e < m && pos < qt.size(); ++e) {
          const std::string_view ct = c.text(e);
          if (ct.empty() || qt.compare(pos, ct.size(), ct) != 0) break;
          pos += ct.size();
        }
        if (pos != qt.size() || e - j < 2) continue;
        q_hit |= bit;
        for (size_t k = j; k < e; ++k) c_free &= ~(uint32_t{1} << k);
        for (size_t u = 0; u < nuc;) {
          if (jc_unaligned[u] >= j && jc_unaligned[u] < e) drop(u);
          else ++u;
        }
      }
      if (q_hit & bit) continue;
    }
    // Only then a candidate keyless token (an initial, a particle) may absorb it: taking the
    // query token a content token of the candidate aligns with (a particle "el" for "bob" where
    // "robert" is its nickname) left that content token unaligned, below the scorer's score.
    for (uint32_t cf = c_free; cf; cf &= cf - 1) {
      const size_t j = static_cast<size_t>(__builtin_ctz(cf));
      if (absorbs(c.t[j].flags, c.t[j].first, c.skeleton(j), c.t[j].text_len, q_first(i), q.skeleton(i),
                  q.text(i).size())) {
        q_hit |= bit;
        c_free &= ~(uint32_t{1} << j);
        break;
      }
    }
    if (q_hit & bit) continue;
    failed[n_failed++] = {q.tokens[i].weight, (q.tokens[i].flags & text::kTokenPatronymic) != 0};
    w_failed += q.tokens[i].weight;
    if (double value; cut > 0 && hopeless(i, &value)) return value;
  }
  // Then the query's keyless tokens absorb what is left (content tokens first: a particle
  // must not take the candidate token a name part of the query aligns with).
  for (size_t i = 0; i < n && nuc > 0; ++i) {
    if (!(q.tokens[i].flags & kKeyless)) continue;
    for (size_t k = 0; k < nuc; ++k)
      if (absorbs(q.tokens[i].flags, q_first(i), q.skeleton(i), q.text(i).size(), c.t[jc_unaligned[k]].first,
                  c.skeleton(jc_unaligned[k]), c.t[jc_unaligned[k]].text_len)) {
        drop(k);
        break;
      }
  }
  if (!shared && need_shared) return -1;
  // A candidate token left unaligned while the query token it resembles was counted aligned
  // through a key of several tokens ("myong guk" joined = MNK = "myong"): not counted as a
  // leftover.
  for (size_t k = 0; k < nuc;) {
    bool near = false;
    for (size_t i = 0; i < n && !near; ++i) near = (q_multi & (uint32_t{1} << i)) && (relation(i, jc_unaligned[k]) & kSimilar);
    if (near) drop(k);
    else ++k;
  }
  double p = 0;  // twice the aligned weight, query side first
  double uq[kMaxScoredTokens];
  bool uq_patronymic[kMaxScoredTokens];
  size_t nuq = 0;
  // A query number or initial with no candidate token it could align with (see above) is
  // unaligned too.
  auto keyless_alignable = [&](size_t i) {
    const uint16_t f = q.tokens[i].flags;
    if (f & kNeverConflict) return true;
    for (size_t j = 0; j < m; ++j) {
      if (f & text::kTokenNumeric) {
        if ((c.t[j].flags & text::kTokenNumeric) && c.text(j) == q.text(i)) return true;
      } else if (!(c.t[j].flags & text::kTokenNumeric) && !q.text(i).empty() && c.t[j].first == q.text(i)[0]) {
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < n; ++i) {
    const uint32_t bit = uint32_t{1} << i;
    const double w = q.tokens[i].weight;
    const bool aligned = (q_keyless & bit) ? keyless_alignable(i) : ((q_hit & bit) || !(q_content & bit));
    if (aligned) {
      p += w;
    } else {
      uq_patronymic[nuq] = (q.tokens[i].flags & text::kTokenPatronymic) != 0;
      uq[nuq++] = w;
    }
  }
  double wc_un_sum = 0;
  for (size_t j = 0; j < nuc; ++j) wc_un_sum += wc_unaligned[j];
  p += wc_total - wc_un_sum;
  p /= 2;
  if (p <= 0) return 0;
  Unaligned a[kMaxScoredTokens], b[kMaxScoredTokens];
  for (size_t k = 0; k < nuq; ++k) a[k] = {uq[k], uq_patronymic[k]};
  for (size_t k = 0; k < nuc; ++k) b[k] = {wc_unaligned[k], (c.t[jc_unaligned[k]].flags & text::kTokenPatronymic) != 0};
  return p / (p + cost(a, nuq, b, nuc));
}

}  // namespace tamis::names
