// A name query's context inside the index: its keys and token classes as the bound reads them
// (names::BoundQuery), plus what Search adds (attribute floors). Internal to index/names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/names/prepared_name.h"
#include "core/names/score_bound.h"
#include "index/names/name_index.h"

namespace tamis::index::detail {

inline constexpr uint16_t kKeyless = names::kKeylessTokenFlags;  // tokens without a key of their own
// A joined pair ("foad al", "ali hussain") counts this fraction of its key's rarity: a name
// holding the same pair also holds the pair's names' own keys, so at full rarity the pair
// counted them twice ("Fuad al Tai" ranked above "Foad, AL-HAMSHI" for "Foad al Hamshi", every
// "... Ali Hussain" above "Omar Hussain" for "Omar Ali Hussain"). A pair of two names romanised
// from an abjad keeps its rarity: their word splits vary ("abd al rahman"), so the pair is often
// the only key a list spelling shares (half: Arabic-script persons top-3 0.9786 -> 0.9725).
inline constexpr float kJoinedPairRarity = 0.5f;
// Fallback keys count this fraction of their rarity, and a token uses at most this many.
inline constexpr float kFallbackRarity = 0.5f;
inline constexpr size_t kMaxFallbackKeys = 24;
inline constexpr size_t kMinFallbackLength = 3;  // skeletons shorter than this get no fallback
// A token whose own key is posted to at most this many names also gets fallback keys: a typo
// can make another rare name ("Innocnet" -> ANKNT, as "Inocente").
inline constexpr size_t kFallbackBelow = 8;

// Hash of a fallback deletion variant (apart from the keys' own hashes).
inline uint64_t VariantHash(std::string_view v) { return names::TokenHash(v) ^ 0x9e3779b97f4a7c15ULL; }

// The calling thread's token-pair memo of the bound (reset per query).
names::BoundPairMemo& ThreadPairMemo();

struct QueryContext : names::BoundQuery {
  // The first key whose postings did not all enter the scratch (Gather: read in part, or only
  // for names found before), or keys.size(): other names get the bits of keys[partial..] by
  // looking themselves up in their postings (Search).
  size_t partial = 0;
  // The most the query's attributes can add to a name score (names::MaxAttributeBonus; set
  // by Search): the floor is the threshold less this.
  double attribute_bonus = kMaxAttributeBonus;
  // The query's attributes (set by Search; nullptr: not known), and the entity floors worked
  // out for them (NameIndex::EntityFloor).
  const names::QueryAttributes* attrs = nullptr;
  std::vector<std::pair<uint32_t, double>> entity_floors;
  // The bound (names::CandidateBound), or any value below `cut` - 1e-6 when it is below that
  // (cut <= 0: always exact).
  double Bound(const names::PreparedName& q, const names::BoundCandidate& c, uint32_t hit_keys, double cut,
               bool need_shared = true) const {
    return names::CandidateBound(q, *this, hit_keys, c, cut, need_shared);
  }
};

}  // namespace tamis::index::detail
