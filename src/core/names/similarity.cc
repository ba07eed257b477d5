#include "core/names/similarity.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace tamis::names {
namespace {

// (No substr: its range check kept the compiler from inlining this into the kernels.)
std::string_view Cut(std::string_view s) { return {s.data(), std::min(s.size(), kMaxKernelLength)}; }

constexpr bool IsVowelSym(char c) { return c >= 'a' && c <= 'z'; }

constexpr int VowelSubCost(char x, char y) {
  if (x == y) return 0;
  auto pair = [&](char p, char q) { return (x == p && y == q) || (x == q && y == p); };
  if (pair('a', 'e') || pair('e', 'i') || pair('o', 'u') || pair('a', 'o') || pair('i', 'u')) return 3;
  return 5;
}

constexpr int SubCost(char x, char y) {
  if (x == y) return 0;
  const bool vx = IsVowelSym(x), vy = IsVowelSym(y);
  if (vx && vy) return VowelSubCost(x, y);
  return 10;
}

constexpr int IndelCost(char c) { return IsVowelSym(c) ? 5 : 10; }

// SubCost/IndelCost as lookup tables for the fast kernel, built at compile time (no guard to
// check on each call).
struct CostTables {
  uint8_t sub[128][128] = {};
  uint8_t indel[128] = {};
  // The bit of each byte in a bag (see Bag below), by its table index (x & 0x7F) as everywhere
  // in the fast kernel: a consonant's in bits 0-15, a vowel's in bits 32-47; one of its own for
  // each consonant class and vowel of a phonetic key, shared (x mod 16) by the other symbols.
  uint64_t bag_bit[256] = {};
  constexpr CostTables() {
    for (int x = 0; x < 128; ++x) {
      indel[x] = static_cast<uint8_t>(IndelCost(static_cast<char>(x)));
      bag_bit[x] = bag_bit[x + 128] = uint64_t{1} << ((x & 15) + (IsVowelSym(static_cast<char>(x)) ? 32 : 0));
      for (int y = 0; y < 128; ++y) sub[x][y] = static_cast<uint8_t>(SubCost(static_cast<char>(x), static_cast<char>(y)));
    }
    constexpr std::string_view kKeyConsonants = "BCDFHJKLMNPRSTVZ", kKeyVowels = "aeiou";
    auto own_bit = [&](char c, int bit) {
      bag_bit[static_cast<unsigned char>(c)] = bag_bit[static_cast<unsigned char>(c) + 128] = uint64_t{1} << bit;
    };
    for (size_t k = 0; k < kKeyConsonants.size(); ++k) own_bit(kKeyConsonants[k], static_cast<int>(k));
    for (size_t k = 0; k < kKeyVowels.size(); ++k) own_bit(kKeyVowels[k], 32 + static_cast<int>(k));
  }
};

constexpr CostTables kTables;

}  // namespace

namespace {

// Hyyro's bit-vector OSA for |a| <= 64: column j of the DP matrix is kept as vertical delta
// bit-vectors VP/VN; a transposition is possible where the previous column matched the current
// character one row up and vice versa (TR).
template <typename PeqFn>
int OsaBits(size_t n, std::string_view b, PeqFn peq) {
  uint64_t vp = ~uint64_t{0}, vn = 0, d0 = 0, pm_old = 0;
  const uint64_t last = uint64_t{1} << (n - 1);
  int dist = static_cast<int>(n);
  for (char ch : b) {
    const uint64_t pm = peq(ch);
    const uint64_t tr = (((~d0) & pm) << 1) & pm_old;
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    dist += (hp & last) != 0;
    dist -= (hn & last) != 0;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pm_old = pm;
  }
  return dist;
}

}  // namespace

int OsaDistance(std::string_view a, std::string_view b) {
  a = Cut(a);
  b = Cut(b);
  // The distance is symmetric: the kernel loops over b, set-up is cheaper per byte, so b is the
  // shorter string.
  if (a.size() < b.size()) std::swap(a, b);
  if (a.empty()) return static_cast<int>(b.size());
  if (b.empty()) return static_cast<int>(a.size());
  // Match masks indexed by byte. Only the entries of bytes that occur in a or b are written,
  // and only those are read: clearing the whole table cost more than the DP of a short pair.
  uint64_t peq[256];
  for (char ch : b) peq[static_cast<unsigned char>(ch)] = 0;
  for (char ch : a) peq[static_cast<unsigned char>(ch)] = 0;
  for (size_t i = 0; i < a.size(); ++i) peq[static_cast<unsigned char>(a[i])] |= uint64_t{1} << i;
  return OsaBits(a.size(), b, [&](char ch) { return peq[static_cast<unsigned char>(ch)]; });
}

int OsaDistanceBitParallel(std::string_view a, std::string_view b) {
  a = Cut(a);
  b = Cut(b);
  if (a.empty()) return static_cast<int>(b.size());
  if (b.empty()) return static_cast<int>(a.size());
  uint64_t peq[256] = {};
  for (size_t i = 0; i < a.size(); ++i) peq[static_cast<unsigned char>(a[i])] |= uint64_t{1} << i;
  return OsaBits(a.size(), b, [&](char ch) { return peq[static_cast<unsigned char>(ch)]; });
}

int OsaDistanceScalar(std::string_view a, std::string_view b) {
  a = Cut(a);
  b = Cut(b);
  const size_t n = a.size(), m = b.size();
  if (n == 0) return static_cast<int>(m);
  if (m == 0) return static_cast<int>(n);
  uint8_t r0[kMaxKernelLength + 1], r1[kMaxKernelLength + 1], r2[kMaxKernelLength + 1];
  uint8_t *prev2 = r0, *prev = r1, *cur = r2;
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<uint8_t>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<uint8_t>(i);
    const char ai = a[i - 1];
    for (size_t j = 1; j <= m; ++j) {
      const int cost = ai == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
      cur[j] = static_cast<uint8_t>(v);
    }
    uint8_t* t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

int OsaDistanceReference(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

namespace {

// PhoneticDp checks for its early exit only on rows of this many cells or more: on a few cells
// the check cost more than the rows it saved.
constexpr size_t kExitCheckLength = 16;

// The symbols of s as one word (its "bag"), by their CostTables::bag_bit: bits 0-15 the
// consonants it has, 16-31 those it has twice or more, 32-47 and 48-63 the same for vowels.
uint64_t Bag(std::string_view s) {
  uint64_t once = 0, twice = 0;
  for (char ch : s) {
    const uint64_t bit = kTables.bag_bit[static_cast<unsigned char>(ch)];
    twice |= once & bit;
    once |= bit;
  }
  return once | (twice << 16);
}

// The bytes of x summed in two halves: bytes 0-3 (returned in bits 24-31) and 4-7 (bits 56-63).
uint64_t HalfSums(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555u);
  x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
  return ((x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu) * 0x01010101u;
}

// A lower bound on the distance from the bags of the two strings alone. Leave out the symbols
// the two strings have in common (matched at no cost, or transposed); the rest of a, xa
// consonants and va vowels, is deleted or substituted, and the rest of b, xb and vb, inserted or
// substituted. An edit that touches a consonant costs 10 and takes at most one of a's and one
// of b's, so there are k >= max(xa, xb) of them and they leave at least va + vb - (2k - xa - xb)
// vowels, each of which costs >= 1.5 (a vowel indel 5, a substitution of two vowels >= 3).
// 10k + 1.5 x that grows with k, so the distance is >= 10 max(xa, xb) + 1.5 max(0, va + vb -
// |xa - xb|), which also grows with each of xa, xb, va, vb: the multiset differences of the
// bags (counts capped at two, symbols sharing a bit merged), which are no larger, keep it a
// lower bound.
int BagBound(uint64_t bag_a, uint64_t bag_b) {
  const uint64_t only_a = bag_a & ~bag_b, only_b = bag_b & ~bag_a;
  const uint64_t cons = HalfSums((only_a & 0xFFFFFFFFu) | (only_b << 32));
  const uint64_t vowels = HalfSums((only_a >> 32) | (only_b & 0xFFFFFFFF00000000u));
  const int xa = static_cast<int>((cons >> 24) & 0xFF), xb = static_cast<int>(cons >> 56);
  const int v = static_cast<int>(((vowels >> 24) & 0xFF) + (vowels >> 56));
  const int rest = std::max(0, v - (xa > xb ? xa - xb : xb - xa));
  return 10 * std::max(xa, xb) + (3 * rest + 1) / 2;
}

// The weighted edit distance DP of PhoneticDistance10Bounded on strings already cut, with its
// early exits above max_cost (BagBound, and long rows). Short keys (a few bytes) make the
// per-call and per-row set-up as costly as the cells, so it is kept to a few stores per byte of
// b and a few values per row.
int PhoneticDp(std::string_view a, std::string_view b, int max_cost) {
  // Every cost is symmetric, so the distance is too: the rows run over the shorter string
  // (fewer rows, each with a longer inner loop).
  if (a.size() > b.size()) std::swap(a, b);
  const size_t n = a.size(), m = b.size();
  const CostTables& t = kTables;
  // Most pairs that reach here are over max_cost, and about half of those are found so by
  // the symbols they have (each string's bag) without the DP.
  if (BagBound(Bag(a), Bag(b)) > max_cost) return max_cost + 1;
  auto ix = [](char c) { return static_cast<unsigned char>(c) & 0x7F; };
  // b's bytes (bc[0] = -1, which no byte equals: no transposition ends in column 1), table
  // indices and insertion costs, looked up once instead of once per row.
  int bc[kMaxKernelLength + 1];
  uint8_t bx[kMaxKernelLength + 1], ins[kMaxKernelLength + 1];
  int r0[kMaxKernelLength + 1], r1[kMaxKernelLength + 1], r2[kMaxKernelLength + 1];
  int *prev2 = r0, *prev = r1, *cur = r2;
  bc[0] = -1;
  prev[0] = 0;
  for (size_t j = 1; j <= m; ++j) {
    bc[j] = static_cast<unsigned char>(b[j - 1]);
    bx[j] = static_cast<uint8_t>(ix(b[j - 1]));
    ins[j] = t.indel[bx[j]];
    prev[j] = prev[j - 1] + ins[j];
  }
  int prev_min = 0;  // the minimum of row i - 1 (row 0 starts with 0 and only grows)
  for (size_t i = 1; i <= n; ++i) {
    const int ai = static_cast<unsigned char>(a[i - 1]);
    // A transposition of a[i-2..i-1] (two different symbols) with b[j-2..j-1] needs
    // b[j - 1] == swap_b and b[j - 2] == a[i - 1]; -1 (no byte) in the first row or for two
    // equal symbols.
    const int swap_b = i > 1 && a[i - 2] != a[i - 1] ? static_cast<unsigned char>(a[i - 2]) : -1;
    const uint8_t* sub_row = t.sub[ix(a[i - 1])];
    const int del = t.indel[ix(a[i - 1])];
    int left = prev[0] + del;  // cur[j - 1], kept in a register along the row
    cur[0] = left;
    size_t j = 1;
    do {
      int v = std::min(prev[j] + del, prev[j - 1] + sub_row[bx[j]]);
      v = std::min(v, left + ins[j]);
      if (bc[j] == swap_b && bc[j - 1] == ai) [[unlikely]]
        v = std::min(v, prev2[j - 2] + 10);
      cur[j] = v;
      left = v;
    } while (++j <= m);
    // Costs are non-negative, so every later cell is >= the minimum of this row or the one
    // before it (a transposition reaches back two rows).
    if (m >= kExitCheckLength) {
      const int row_min = *std::min_element(cur, cur + m + 1);
      if (row_min > max_cost && prev_min > max_cost) return max_cost + 1;
      prev_min = row_min;
    }
    int* tmp = prev2;
    prev2 = prev;
    prev = cur;
    cur = tmp;
  }
  return std::min(prev[m], max_cost + 1);
}

}  // namespace

int PhoneticDistance10Bounded(std::string_view a, std::string_view b, int max_cost) {
  a = Cut(a);
  b = Cut(b);
  // A common prefix or suffix costs nothing and leaves the distance of the rest: each cost is
  // symmetric, an indel never costs more than a substitution and another indel, and no
  // transposition takes two equal symbols (checked exhaustively on short strings of vowels and
  // consonants in similarity_test.cc). Similar keys ("MoHaMeD" / "MuHaMaD") often share both.
  size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p]) ++p;
  a.remove_prefix(p);
  b.remove_prefix(p);
  size_t s = 0;
  while (s < a.size() && s < b.size() && a[a.size() - 1 - s] == b[b.size() - 1 - s]) ++s;
  a.remove_suffix(s);
  b.remove_suffix(s);
  return PhoneticDp(a, b, max_cost);
}

int PhoneticDistance10(std::string_view a, std::string_view b) {
  // The whole DP (no prefix or suffix stripped), with a bound no pair of (cut) strings reaches:
  // the scalar baseline of ScoreOptions::reference_kernels.
  return PhoneticDp(Cut(a), Cut(b), std::numeric_limits<int>::max() - 1);
}

int PhoneticDistance10Reference(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = 1; i <= n; ++i) d[i][0] = d[i - 1][0] + IndelCost(a[i - 1]);
  for (size_t j = 1; j <= m; ++j) d[0][j] = d[0][j - 1] + IndelCost(b[j - 1]);
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      d[i][j] = std::min({d[i - 1][j] + IndelCost(a[i - 1]), d[i][j - 1] + IndelCost(b[j - 1]),
                          d[i - 1][j - 1] + SubCost(a[i - 1], b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && a[i - 1] != a[i - 2])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 10);
    }
  return d[n][m];
}

namespace {

template <typename Flags>
double JaroCore(std::string_view a, std::string_view b, Flags& fa, Flags& fb) {
  const size_t n = a.size(), m = b.size();
  if (n == 0 && m == 0) return 1.0;
  if (n == 0 || m == 0) return 0.0;
  const size_t window = std::max(n, m) / 2 > 0 ? std::max(n, m) / 2 - 1 : 0;
  size_t matches = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(m, i + window + 1);
    for (size_t j = lo; j < hi; ++j)
      if (!fb[j] && a[i] == b[j]) {
        fa[i] = true;
        fb[j] = true;
        ++matches;
        break;
      }
  }
  if (matches == 0) return 0.0;
  size_t k = 0, trans = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!fa[i]) continue;
    while (!fb[k]) ++k;
    if (a[i] != b[k]) ++trans;
    ++k;
  }
  const double mm = static_cast<double>(matches);
  const double jaro = (mm / n + mm / m + (mm - trans / 2.0) / mm) / 3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < n && prefix < m && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

}  // namespace

double JaroWinkler(std::string_view a, std::string_view b) {
  a = Cut(a);
  b = Cut(b);
  bool fa[kMaxKernelLength] = {}, fb[kMaxKernelLength] = {};
  return JaroCore(a, b, fa, fb);
}

double JaroWinklerReference(std::string_view a, std::string_view b) {
  std::vector<bool> fa(a.size(), false), fb(b.size(), false);
  return JaroCore(a, b, fa, fb);
}

}  // namespace tamis::names
