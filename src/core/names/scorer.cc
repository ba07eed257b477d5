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
constexpr float kNicknameSim = 0.9f;
constexpr float kAcronymSim = 0.9f;
constexpr double kLegalFormConflict = 0.35;
constexpr float kAbdVariantSim = 0.85f;
constexpr double kInitialsOnlyFactor = 0.5;
// Similarity caps of pairs found only on consonant skeletons (abjad romanisations): long
// skeletons (4+ consonants) and short ones; and of a romanised syllable's variant.
constexpr float kSkeletonSim = 0.88f;
constexpr float kShortSkeletonSim = 0.80f;
constexpr float kSyllableVariantSim = 0.85f;
// Latin spelling = an abjad romanisation plus short vowels (IsVocalisation): 4+ / 3 consonants.
constexpr float kVocalisedSim = 0.92f;
constexpr float kShortVocalisedSim = 0.88f;
// A name aligned only through skeletons, syllable variants or initials (no pair equal or
// close on the full spelling) is scaled by this.
constexpr double kWeakOnlyFactor = 0.8;
constexpr double kPatronymicExtraFactor = 0.5;
// A substituted name part costs at least this weight, however frequent the token: "Tariq Anwar
// al-Sayed Mohamed" and "... Ahmed" are two people even though both names are common.
constexpr double kMinConflictWeight = 0.6;

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

bool SameGivenName(const PreparedToken& x, const PreparedToken& y) {
  return (x.name_group[0] != 0 && (x.name_group[0] == y.name_group[0] || x.name_group[0] == y.name_group[1])) ||
         (x.name_group[1] != 0 && (x.name_group[1] == y.name_group[0] || x.name_group[1] == y.name_group[1]));
}

int Osa(std::string_view a, std::string_view b, bool reference) {
  return reference ? OsaDistanceScalar(a, b) : OsaDistance(a, b);
}

// Consonant skeleton for comparison with an abjad-romanised token: Arabic script has no p or v
// and writes them b and f. P and B merge on both sides; V becomes F only on the Latin side (an
// abjad token's V is a word-initial w, و).
size_t AbjadSkeleton(std::string_view s, bool latin_side, char* buf) {
  size_t n = 0;
  for (char ch : s.substr(0, kMaxKernelLength)) buf[n++] = ch == 'P' ? 'B' : (ch == 'V' && latin_side ? 'F' : ch);
  return n;
}

// Consonant class of a letter for IsVocalisation, or 0 for a vowel or semivowel (a e i o u y w):
// a table (IsVocalisation reads one or two per letter).
constexpr std::array<char, 256> MakeVocalClasses() {
  std::array<char, 256> t{};
  for (int b = 0; b < 256; ++b) {
    const char ch = static_cast<char>(b);
    switch (ch) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w': t[b] = 0; break;
      case 'p': t[b] = 'b'; break;
      case 'v': t[b] = 'f'; break;
      case 'q': case 'c': case 'g': t[b] = 'k'; break;
      default: t[b] = ch;
    }
  }
  return t;
}
constexpr std::array<char, 256> kVocalClasses = MakeVocalClasses();
inline char VocalClass(char ch) { return kVocalClasses[static_cast<unsigned char>(ch)]; }

// True when the Latin token `latin` is a vocalisation of the abjad romanisation `abjad`: the
// same consonants in order (doubled ones collapsed on both sides, q/k/g/c one class, p~b, v~f,
// th/dh read s/z as in Persian), the Latin spelling only adding vowels (the short vowels
// unvocalised script does not write; y and w count as vowels), every written u/i spelt with a
// vowel of its quality, at most one written medial "a" unspelt, and an initial or final written
// vowel spelt. "bkht" ~ "bakht", "hqana" ~ "haqqani", "zahd" ~ "zahid", "thaqb" ~ "saqib";
// not "mhmdi" ~ "mohammad", "musui" ~ "masui", "amir" ~ "mire".
bool IsVocalisation(std::string_view abjad, std::string_view latin) {
  // A written long vowel wants a Latin vowel of its quality (u ~ o, i ~ e); an "a" (alef, ayn,
  // taa marbuta) is spelt with any vowel ("Ezzat", "Omar").
  auto fits = [](char a, char l) {
    return a == 'a' || a == l || (a == 'u' && (l == 'o' || l == 'w')) || (a == 'i' && (l == 'e' || l == 'y'));
  };
  if (abjad.empty() || latin.empty() || (VocalClass(abjad[0]) == 0) != (VocalClass(latin[0]) == 0)) return false;
  size_t p = 0;
  int dropped = 0;
  char last_l = 0, last_a = 0;  // previous consonant classes (0 after a vowel)
  for (char lc : latin) {
    while (last_a != 0 && p < abjad.size() && VocalClass(abjad[p]) == last_a) ++p;  // doubled (shadda)
    const char l = VocalClass(lc);
    if (l == 0) {
      last_l = 0;
      if (p < abjad.size() && VocalClass(abjad[p]) == 0 && fits(abjad[p], lc)) ++p, last_a = 0;
      continue;
    }
    if (l == last_l) continue;  // doubled Latin consonant
    last_l = l;
    // Only an "a" may go unspelt (a long a read short, an ayn's vowel): not a long u or i.
    while (p < abjad.size() && VocalClass(abjad[p]) == 0) {
      if (abjad[p] != 'a') return false;
      ++p, ++dropped, last_a = 0;
    }
    // Persian and Urdu read tha and dhal as s and z: "thaqb" ~ "Saqib", "ndhir" ~ "Nazir".
    if (p + 1 < abjad.size() && abjad[p + 1] == 'h' && ((abjad[p] == 't' && l == 's') || (abjad[p] == 'd' && l == 'z'))) {
      last_a = l;
      p += 2;
      continue;
    }
    if (p == abjad.size() || VocalClass(abjad[p]) != l) return false;
    last_a = l;
    ++p;
  }
  // A final long vowel is a suffix ("mhmdi" is Mohammadi, not Mohammad): it must be spelt.
  for (; p < abjad.size(); ++p) {
    if (VocalClass(abjad[p]) != last_a || last_a == 0) return false;
  }
  return dropped <= 1;
}

// Similarity of one query token and one candidate token.
float TokenSim(const PreparedName& q, size_t i, const PreparedName& c, size_t j, float min_sim, bool reference,
               MatchHow* how, int8_t* abd_side = nullptr) {
  const std::string_view a = q.text(i), b = c.text(j);
  const PreparedToken& ta = q.tokens[i];
  const PreparedToken& tb = c.tokens[j];
  *how = MatchHow::kExact;
  // Two romanised syllables spelt alike from different characters (石 and 市 both "shi", 정 and
  // 종 both "jong") are different name parts, as two spelt differently are (below).
  if (ta.source != 0 && tb.source != 0 && ta.source != tb.source) {
    *how = MatchHow::kFuzzy;
    return 0.0f;
  }
  if (ta.hash == tb.hash && a == b) return 1.0f;  // different hashes: different texts
  const uint16_t fa = ta.flags, fb = tb.flags;
  if ((fa | fb) & kTokenInitial) {
    *how = MatchHow::kInitial;
    // Arabic-script writing has no initials: a one-letter token romanised from it is a
    // fragment, not an abbreviation ("a" of آلاء is no initial of "Albostani").
    if (((fa & kTokenInitial) && (fa & kTokenAbjad)) || ((fb & kTokenInitial) && (fb & kTokenAbjad))) return 0.0f;
    return (!a.empty() && !b.empty() && a[0] == b[0]) ? 0.9f : 0.0f;
  }
  if ((fa | fb) & kTokenNumeric) return 0.0f;  // numbers match exactly or not at all
  // A legal form ("co") is no spelling of a name part ("ke"); only a typo of it ("akg" ~ "ag").
  if (((fa ^ fb) & kTokenLegalForm) && (a[0] != b[0] || Osa(a, b, reference) > 1)) return 0.0f;
  if ((fa & text::kTokenSyllabic) && (fb & text::kTokenSyllabic)) return 0.0f;  // different characters
  const std::string_view pa = q.phonetic(i), pb = c.phonetic(j);
  const bool syllabic = ((fa | fb) & text::kTokenSyllabic) != 0;
  if (pa == pb && pa.size() >= 2) {
    *how = MatchHow::kPhonetic;
    return syllabic ? kSyllableVariantSim : 0.95f;
  }
  // Two abd-compounds name servants of two divine names ("abdalmalik", "abdalkhaliq": brothers
  // on the UN list): the shared "abdal" is no evidence that they are one name, so they are
  // compared on what follows it (whole, they were 0.90 alike).
  if (const std::string_view ra = AbdCompoundRest(a), rb = AbdCompoundRest(b);
      !ra.empty() && !rb.empty() && !((fa | fb) & kTokenAbjad)) {
    char qa[text::kMaxKeyLength], qb[text::kMaxKeyLength];
    const std::string_view ka(qa, text::PhoneticKeyInto(ra, qa)), kb(qb, text::PhoneticKeyInto(rb, qb));
    float best;
    if (ka == kb) {
      *how = MatchHow::kPhonetic;
      best = 0.95f;
    } else {
      const float lev = 1.0f - static_cast<float>(Osa(ra, rb, reference)) / static_cast<float>(std::max(ra.size(), rb.size()));
      const size_t kmax = std::max(ka.size(), kb.size());
      const float ph = kmax ? std::min(0.94f, 1.0f - static_cast<float>(PhoneticDistance10(ka, kb)) / (10.0f * kmax)) : 0.0f;
      *how = ph > lev ? MatchHow::kPhonetic : MatchHow::kFuzzy;
      best = std::max(lev, ph);
    }
    return best;
  }
  // One romanised Han/Hangul syllable against a Latin token: only another romanisation of the
  // same syllable is evidence -- one edit away ("seong" ~ "song", "jin" ~ "jing", "kwang" ~
  // "gwang") or one edit away on the phonetic keys ("gyeong" ~ "kyong") -- never a prefix of a
  // longer token ("jing" vs "jinghe") nor a syllable with other vowels ("yong" vs "hwang",
  // "kyong" vs "kwang": different syllables of a short word); and a syllable is a small part
  // of a name, so a variant of it is weaker evidence than a variant of a whole given name.
  if (syllabic) {
    const size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (gap > 1 || std::min(a.size(), b.size()) < 2) return 0.0f;
    if (Osa(a, b, reference) > 1 && Osa(pa, pb, reference) > 1) return 0.0f;
  }
  // Given names of one group (Bill ~ William) are worth kNicknameSim whatever their spelling.
  const float floor = SameGivenName(ta, tb) ? kNicknameSim : 0.0f;
  const float need = std::max(min_sim, floor);
  auto result = [&](float best) {
    if (best < floor) {
      *how = MatchHow::kNickname;
      return floor;
    }
    return std::max(0.0f, best);
  };
  const size_t maxlen = std::max(a.size(), b.size());
  const size_t pmax = std::max(pa.size(), pb.size());
  const bool abjad = ((fa | fb) & kTokenAbjad) != 0;
  // Cheap upper bounds before any dynamic programming: an edit changes the letter set by at
  // most two letters, and a consonant edit costs 10 tenths while changing at most two classes.
  float ph_ub = 0.94f;
  bool lev_below_need = false;
  if (!reference && !abjad && pmax > 0) {
    const int letters = Popcount32(ta.letter_mask ^ tb.letter_mask);
    const size_t len_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    const float lev_ub = 1.0f - static_cast<float>(std::max<size_t>(len_gap, (letters + 1) / 2)) / maxlen;
    const int cons = Popcount32(ta.consonant_mask ^ tb.consonant_mask);
    // Every edit costs >= 5 tenths, and the keys' length gap needs that many insertions.
    const size_t pgap = pa.size() > pb.size() ? pa.size() - pb.size() : pb.size() - pa.size();
    ph_ub = std::min(ph_ub, 1.0f - (5.0f * std::max<size_t>(cons, pgap)) / (10.0f * pmax));
    if (std::max(lev_ub, ph_ub) < need) return result(0.0f);
    lev_below_need = lev_ub < need;
  }
  // A text similarity below need changes nothing (the phonetic target below is need either way,
  // and a pair left below need is not aligned, or takes the nickname floor): about half the
  // pairs that get here need no edit distance on the text.
  const float lev =
      lev_below_need ? 0.0f : 1.0f - static_cast<float>(Osa(a, b, reference)) / static_cast<float>(maxlen);
  float ph = 0;
  if (pmax > 0) {
    if (reference) {
      ph = std::min(0.94f, 1.0f - static_cast<float>(PhoneticDistance10(pa, pb)) / (10.0f * pmax));
    } else if (abjad ? ph_ub >= std::max(lev, need) : ph_ub > std::max(lev, need)) {
      // Only the exact value of a phonetic similarity above max(lev, need) matters: one at or
      // below lev changes nothing, and one below need leaves the pair below need whatever the
      // abjad rules below make of it (they only cap it or replace it with their own value).
      // (Abjad pairs have no bound: ph_ub is the cap, which they compute up to and including.)
      const float target = std::max(lev, need);
      const int max_cost = static_cast<int>(std::ceil((1.0f - target) * 10.0f * pmax));
      const int d = PhoneticDistance10Bounded(pa, pb, max_cost);
      if (d <= max_cost) ph = std::min(0.94f, 1.0f - static_cast<float>(d) / (10.0f * pmax));
    }
  }
  float best = lev;
  *how = MatchHow::kFuzzy;
  // "Abdul" is often dropped or added: "abdalhanif" vs "hanif" (the rest equal) is a variant.
  if (best < kAbdVariantSim) {
    const std::string_view rest_a = AbdCompoundRest(a), rest_b = AbdCompoundRest(b);
    const bool qa = !rest_a.empty() && rest_b.empty() && rest_a == b;
    const bool cb = !rest_b.empty() && rest_a.empty() && rest_b == a;
    if (qa || cb) {
      best = kAbdVariantSim;
      if (abd_side) *abd_side = qa ? 1 : 2;
    }
  }
  if (ph > best) {
    best = ph;
    *how = MatchHow::kPhonetic;
  }
  if (abjad) {
    char sa[kMaxKernelLength], sb[kMaxKernelLength];
    const size_t na = AbjadSkeleton(q.skeleton(i), !(fa & kTokenAbjad), sa);
    const size_t nb = AbjadSkeleton(c.skeleton(j), !(fb & kTokenAbjad), sb);
    const size_t smax = std::max(na, nb);
    if (smax >= 2) {
      // Consonants alone are weaker evidence than the spelling, and the fewer they are the more
      // unrelated names share them ("mhmdi" ~ "mahdawi", "hn" ~ "khan").
      const float cap = smax <= 3 ? kShortSkeletonSim : kSkeletonSim;
      // The length gap bounds the distance from below and the similarity falls with it: when
      // that bound cannot beat `best`, the edit distance changes nothing.
      const size_t gap = na > nb ? na - nb : nb - na;
      const bool may_beat =
          reference || std::min(cap, 1.0f - static_cast<float>(gap) / static_cast<float>(smax)) > best;
      const int d = may_beat ? Osa(std::string_view(sa, na), std::string_view(sb, nb), reference) : static_cast<int>(smax);
      const float sk = std::min(cap, 1.0f - static_cast<float>(d) / static_cast<float>(smax));
      if (sk > best) {
        best = sk;
        *how = MatchHow::kTransliterated;
      }
      // Vowel edits are cheap in the phonetic distance, and an unvocalised romanisation has
      // no vowels: its phonetic similarity is consonant evidence too ("mhmdi" ~ "madi"), unless
      // the spellings differ in one vowel only (dictionary forms: "muhammad" ~ "mohammad").
      if (*how == MatchHow::kPhonetic && best < 0.9f) {
        best = std::min(best, cap);
        *how = MatchHow::kTransliterated;
      }
      // A Latin spelling that only adds the unwritten short vowels (and doubles consonants,
      // which the phonetic keys collapse) to an abjad romanisation is the same name written
      // out: "bkht" ~ "bakht", "zahd" ~ "zahid". As strong as a phonetic variant, less for
      // short skeletons, which many unrelated names share.
      if (((fa ^ fb) & kTokenAbjad) && best < kVocalisedSim) {
        const bool a_abjad = (fa & kTokenAbjad) != 0;
        if (IsVocalisation(a_abjad ? a : b, a_abjad ? b : a)) {
          const float v = smax <= 2 ? kShortSkeletonSim : (smax == 3 ? kShortVocalisedSim : kVocalisedSim);
          if (v > best) {
            best = v;
            *how = smax <= 2 ? MatchHow::kTransliterated : MatchHow::kPhonetic;
          }
        }
      }
    }
  }
  if (syllabic) best = std::min(best, kSyllableVariantSim);
  return result(best);
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

// Slot of a key: Fibonacci hashing of the (already mixed) key.
size_t CacheSlot(uint64_t key, size_t slots) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 55) & (slots - 1); }

// Key of the pair (query token i, list token t): its text hash, flags and i.
uint64_t PairKey(size_t i, const PreparedToken& t) {
  // The source character too: syllables spelt alike from different characters differ.
  return (t.hash ^ (uint64_t{t.flags} << 40) ^ (uint64_t{i} << 57) ^ (uint64_t{t.source} * 0x9E3779B97F4A7C15ull)) |
         1;  // never 0
}

// TokenSim of query token i and candidate token j with options' least pair similarity and
// kernels, through options.pair_cache when set (ScoreNames and TokenSimilarity share entries).
// Always inlined: a call per token pair of ScoreNames cost +0.4% instructions at -O2.
[[gnu::always_inline]] inline float CachedTokenSim(const PreparedName& q, size_t i, const PreparedName& c, size_t j,
                            const ScoreOptions& options, MatchHow* how, int8_t* abd_side) {
  const uint64_t key = options.pair_cache ? PairKey(i, c.tokens[j]) : 0;
  float sim;
  uint8_t how_bits;
  if (key && options.pair_cache->Get(key, &sim, &how_bits, abd_side)) {
    *how = static_cast<MatchHow>(how_bits);
    return sim;
  }
  sim = TokenSim(q, i, c, j, static_cast<float>(options.min_pair_similarity), options.reference_kernels, how, abd_side);
  if (key) options.pair_cache->Put(key, sim, static_cast<uint8_t>(*how), *abd_side);
  return sim;
}

}  // namespace

TokenPairCache::TokenPairCache() : entries_(kSlots) {}

bool TokenPairCache::Get(uint64_t key, float* sim, uint8_t* how, int8_t* abd_side) const {
  for (size_t i = CacheSlot(key, kSlots);; i = (i + 1) & (kSlots - 1)) {
    const Entry& e = entries_[i];
    if (e.generation != generation_) return false;
    if (e.key == key) {
      *sim = e.sim, *how = e.how, *abd_side = e.abd_side;
      return true;
    }
  }
}

void TokenPairCache::Put(uint64_t key, float sim, uint8_t how, int8_t abd_side) {
  if (used_ >= kSlots * 3 / 4) return;
  for (size_t i = CacheSlot(key, kSlots);; i = (i + 1) & (kSlots - 1)) {
    Entry& e = entries_[i];
    if (e.generation == generation_ && e.key != key) continue;
    if (e.generation != generation_) ++used_;
    e = Entry{key, generation_, sim, how, abd_side};
    return;
  }
}

std::string_view AbdCompoundRest(std::string_view t) {
  return t.size() > 7 && t.substr(0, 5) == "abdal" ? t.substr(5) : std::string_view();
}


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

bool AbdCompoundVariant(std::string_view a, std::string_view b) {
  const std::string_view rest_a = AbdCompoundRest(a), rest_b = AbdCompoundRest(b);
  return (!rest_a.empty() && rest_b.empty() && rest_a == b) || (!rest_b.empty() && rest_a.empty() && rest_b == a);
}

float TokenSimilarity(const PreparedName& q, size_t i, const PreparedName& c, size_t j, const ScoreOptions& options) {
  if (i >= q.tokens.size() || j >= c.tokens.size()) return 0.0f;
  // Through the pair cache as ScoreNames reads it, so that a pair worked out here is not worked
  // out again when the names are scored.
  MatchHow how;
  int8_t abd_side = 0;
  return CachedTokenSim(q, i, c, j, options, &how, &abd_side);
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

ScoreResult ScoreNames(const PreparedName& q, const PreparedName& c, const TokenStats& stats,
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
