// Token similarity: how one query token relates to one list token (exact, phonetic, typo,
// nickname group, abjad skeleton, vocalisation, syllable variant, abd-compound), and the
// per-query pair cache the scorer and the candidate bound share.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/bits.h"
#include "core/names/scorer.h"
#include "core/names/scorer_internal.h"
#include "core/names/similarity.h"
#include "core/text/phonetic.h"
#include "core/text/tokenise.h"

namespace tamis::names {
namespace scorer_internal {
namespace {

using text::kTokenAbjad;
using text::kTokenInitial;
using text::kTokenLegalForm;
using text::kTokenNumeric;
using text::kTokenParticle;
using text::kTokenStopword;
using text::kTokenTitle;

bool SameGivenName(const PreparedToken& x, const PreparedToken& y) {
  return (x.name_group[0] != 0 && (x.name_group[0] == y.name_group[0] || x.name_group[0] == y.name_group[1])) ||
         (x.name_group[1] != 0 && (x.name_group[1] == y.name_group[0] || x.name_group[1] == y.name_group[1]));
}


}  // namespace

// Similarity of one query token and one candidate token.
float TokenSim(const PreparedName& q, size_t i, const PreparedName& c, size_t j, float min_sim, bool reference,
               MatchHow* how, int8_t* abd_side) {
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
  const bool syllabic = ((fa | fb) & text::kTokenSyllabic) != 0;
  // Letters only (no phonetic key) for a pair with an acronym-like or unpronounceable Latin token
  // (PreparedToken::unpronounced): a Latin word without a vowel is an acronym or an abbreviation
  // ("HCG", "AKM"), not a spelling of a pronounced name, and the phonetic key's cheap vowel edits
  // and merged consonant classes made unrelated words alike ("hcg" ~ "ggggggggg" 0.94: the key
  // collapses the run to one letter).
  const bool letters_only = ((ta.unpronounced | tb.unpronounced) != 0) && !((fa | fb) & (kTokenAbjad | text::kTokenSyllabic));
  const std::string_view pa = letters_only ? std::string_view() : q.phonetic(i),
                         pb = letters_only ? std::string_view() : c.phonetic(j);
  if (pa == pb && pa.size() >= 2) {
    *how = MatchHow::kPhonetic;
    return syllabic ? kSyllableVariantSim : 0.95f;
  }
  // The short words of an organisation's name (or of a name holding a legal form) are mostly
  // acronyms and codes, written, not pronounced: of two tokens, the shorter of at most three
  // letters, their phonetic keys count only when equal ("nur" ~ "noor"), not when a vowel or a
  // consonant class apart ("ACME CORP" ~ "LLC AKM" was 0.82).
  const bool short_written = !letters_only && !((fa | fb) & (kTokenAbjad | text::kTokenSyllabic)) &&
                             std::min(a.size(), b.size()) <= 3 && (q.organisation_like || c.organisation_like);
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
  const size_t pmax = short_written ? 0 : std::max(pa.size(), pb.size());
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

}  // namespace scorer_internal

using namespace scorer_internal;

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

}  // namespace tamis::names
