#include "core/names/similarity.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace tamis::names {
namespace {

std::string_view Cut(std::string_view s) { return s.substr(0, std::min(s.size(), kMaxKernelLength)); }

bool IsVowelSym(char c) { return c >= 'a' && c <= 'z'; }

int VowelSubCost(char x, char y) {
  if (x == y) return 0;
  auto pair = [&](char p, char q) { return (x == p && y == q) || (x == q && y == p); };
  if (pair('a', 'e') || pair('e', 'i') || pair('o', 'u') || pair('a', 'o') || pair('i', 'u')) return 3;
  return 5;
}

int SubCost(char x, char y) {
  if (x == y) return 0;
  const bool vx = IsVowelSym(x), vy = IsVowelSym(y);
  if (vx && vy) return VowelSubCost(x, y);
  return 10;
}

int IndelCost(char c) { return IsVowelSym(c) ? 5 : 10; }

// SubCost/IndelCost as lookup tables for the fast kernel (built once, read-only afterwards).
struct CostTables {
  uint8_t sub[128][128];
  uint8_t indel[128];
  CostTables() {
    for (int x = 0; x < 128; ++x) {
      indel[x] = static_cast<uint8_t>(IndelCost(static_cast<char>(x)));
      for (int y = 0; y < 128; ++y) sub[x][y] = static_cast<uint8_t>(SubCost(static_cast<char>(x), static_cast<char>(y)));
    }
  }
};

const CostTables& Tables() {
  static const CostTables t;
  return t;
}

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

// The weighted edit distance DP of PhoneticDistance10Bounded on strings already cut, with its
// early exit above max_cost.
int PhoneticDp(std::string_view a, std::string_view b, int max_cost) {
  const size_t n = a.size(), m = b.size();
  const CostTables& t = Tables();
  auto ix = [](char c) { return static_cast<unsigned char>(c) & 0x7F; };
  // b's table indices and insertion costs, looked up once instead of once per row.
  uint8_t bx[kMaxKernelLength + 1], ins[kMaxKernelLength + 1];
  uint16_t r0[kMaxKernelLength + 1], r1[kMaxKernelLength + 1], r2[kMaxKernelLength + 1];
  uint16_t *prev2 = r0, *prev = r1, *cur = r2;
  // Positions of each byte in b (bit j - 1: b[j - 1] is that byte), for the transpositions of a
  // row in two word operations. Only the entries of bytes that occur in a or b are written.
  uint64_t pos[256];
  for (char ch : a) pos[static_cast<unsigned char>(ch)] = 0;
  for (size_t j = 0; j < m; ++j) pos[static_cast<unsigned char>(b[j])] = 0;
  for (size_t j = 0; j < m; ++j) pos[static_cast<unsigned char>(b[j])] |= uint64_t{1} << j;
  prev[0] = 0;
  for (size_t j = 1; j <= m; ++j) {
    bx[j] = static_cast<uint8_t>(ix(b[j - 1]));
    ins[j] = t.indel[bx[j]];
    prev[j] = static_cast<uint16_t>(prev[j - 1] + ins[j]);
  }
  for (size_t i = 1; i <= n; ++i) {
    const char ai = a[i - 1];
    const uint8_t* sub_row = t.sub[ix(ai)];
    const int del = t.indel[ix(ai)];
    // A transposition of a[i-2..i-1] (two different symbols) with b[j-2..j-1]: bit j - 1 set
    // where b[j - 2] == a[i - 1] and b[j - 1] == a[i - 2].
    uint64_t swaps = 0;
    if (i > 1 && ai != a[i - 2])
      swaps = (pos[static_cast<unsigned char>(ai)] << 1) & pos[static_cast<unsigned char>(a[i - 2])];
    int left = prev[0] + del;  // cur[j - 1], kept in a register along the row
    cur[0] = static_cast<uint16_t>(left);
    int row_min = left;
    for (size_t j = 1; j <= m; ++j) {
      int v = std::min(prev[j] + del, left + ins[j]);
      v = std::min(v, prev[j - 1] + sub_row[bx[j]]);
      if ((swaps >> (j - 1)) & 1) v = std::min(v, prev2[j - 2] + 10);
      cur[j] = static_cast<uint16_t>(v);
      left = v;
      row_min = std::min(row_min, v);
    }
    // Costs are non-negative, so every later cell is >= the minimum of this row or the one
    // before it (a transposition reaches back two rows).
    if (row_min > max_cost && i > 1) {
      int prev_min = prev[0];
      for (size_t j = 1; j <= m; ++j) prev_min = std::min<int>(prev_min, prev[j]);
      if (prev_min > max_cost) return max_cost + 1;
    }
    uint16_t* tmp = prev2;
    prev2 = prev;
    prev = cur;
    cur = tmp;
  }
  return std::min<int>(prev[m], max_cost + 1);
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
