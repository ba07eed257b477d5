#include "core/text/phonetic.h"

#include <cstdint>

namespace tamis::text {
namespace {

constexpr bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// One unit of a key: the 0-2 class letters a token's letters from position i give, and how many
// letters that unit spans.
// Whole bytes, not bit-fields: PhoneticKeyInto reads one per letter, and bit-field reads cost
// several instructions each.
struct Unit {
  char emit[2] = {0, 0};
  uint8_t count = 0;
  uint8_t advance = 1;
  bool special = false;  // in kPairs: the unit depends on more than the letter and the next one
};
static_assert(sizeof(Unit) == 5);

// The rules: the unit that starts at t[i].
constexpr Unit UnitAt(std::string_view t, size_t i) {
  const size_t n = t.size();
  // t[k], or '\0' past the end (the letters tested below are never '\0').
  auto at = [&t, n](size_t k) { return k < n ? t[k] : '\0'; };
  const char c = t[i];
  const char next = at(i + 1);
  auto unit = [](char e, uint8_t advance) {
    Unit u;
    u.emit[0] = e;
    u.count = 1;
    u.advance = advance;
    return u;
  };
  // Multi-letter units first.
  switch (c) {
    case 's':
      if (next == 'c' && at(i + 2) == 'h') return unit('S', 3);
      if (next == 'h') return unit('S', 2);
      return unit('S', 1);
    case 't':
      if ((next == 'c' || next == 's') && at(i + 2) == 'h') return unit('C', 3);
      if (next == 'h') return unit('T', 2);
      if (next == 's' || next == 'z') return unit('Z', 2);
      return unit('T', 1);
    case 'd':
      if (next == 'z' && at(i + 2) == 'h') return unit('J', 3);
      if (next == 'h') return unit('Z', 2);
      if (next == 'j') return unit('J', 2);
      return unit('D', 1);
    case 'c':
      if (next == 'h') return unit('C', 2);
      if (next == 'k') return unit('K', 2);
      return unit((next == 'e' || next == 'i' || next == 'y') ? 'S' : 'K', 1);
    case 'z': return next == 'h' ? unit('J', 2) : unit('Z', 1);
    case 'k': return next == 'h' ? unit('H', 2) : unit('K', 1);
    case 'g': return unit('K', next == 'h' ? 2 : 1);
    case 'p': return next == 'h' ? unit('F', 2) : unit('P', 1);
    case 'o': return (next == 'u' || next == 'o') ? unit('u', 2) : unit('o', 1);
    case 'e': return next == 'e' ? unit('i', 2) : unit('e', 1);
    case 'i': return unit('i', (next == 'e' && i + 2 < n) ? 2 : 1);
    case 'a': case 'u': return unit(c, 1);
    case 'y': return unit('i', 1);
    case 'b': return unit('B', 1);
    case 'f': return unit('F', 1);
    case 'q': return unit('K', 1);
    case 'h':
      if (IsVowel(next)) return unit('H', 1);
      return Unit{};
    case 'j':
      // After a vowel and before a consonant or the end, j is the glide y in German, Slavic,
      // Baltic and Scandinavian spellings: "Sergej(s)" = "Sergey", "Hajdar" = "Haydar".
      if (i > 0 && IsVowel(t[i - 1]) && (next == '\0' || !IsVowel(next))) return unit('i', 1);
      return unit('J', 1);
    case 'l': return unit('L', 1);
    case 'm': return unit('M', 1);
    case 'n': return unit('N', 1);
    case 'r': return unit('R', 1);
    case 'v': return unit('V', 1);
    case 'w': return unit(i == 0 ? 'V' : 'u', 1);
    case 'x': {
      // Word-initial "xi" is pinyin [ɕi] (Xi, Xiao, Xian, Xiong), heard and written Shi / Si /
      // Hsi by others: a sibilant. Elsewhere x is "ks" (Alexander, Maxim). Pinyin xu / xun
      // stay apart from su / sun, which are other Chinese syllables.
      if (i == 0 && next == 'i') return unit('S', 1);
      Unit u = unit('K', 1);
      u.emit[1] = 'S';
      u.count = 2;
      return u;
    }
    default:
      if (c >= '0' && c <= '9') return unit(c, 1);
      return Unit{};
  }
}

// The fast path: letters are read in classes (a-z, 0-9, anything else), and for most pairs of a
// letter and the next one the unit depends on nothing else, so it is looked up. The exceptions
// (marked special) look further ahead (sch, tch, tsh, dzh; ie only before another letter), behind
// (j) or at the position (w, x): UnitAt() reads them from the token.
constexpr int kClasses = 37;  // a-z, 0-9, other (and the end of the token)
constexpr int kOther = 36;

constexpr int ClassOf(unsigned char c) {
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '0' && c <= '9') return 26 + (c - '0');
  return kOther;
}

constexpr char LetterOfClass(int k) { return k < 26 ? static_cast<char>('a' + k) : static_cast<char>('0' + k - 26); }

constexpr bool IsSpecialPair(char c, char next) {
  return (c == 's' && next == 'c') || (c == 't' && (next == 'c' || next == 's')) || (c == 'd' && next == 'z') ||
         (c == 'i' && next == 'e') || c == 'j' || c == 'w' || c == 'x';
}

struct PairTable {
  Unit unit[kClasses][64];  // [class of the letter][class of the next one]; rows padded for the index
  uint8_t cls[256];
};

constexpr PairTable MakePairTable() {
  PairTable t{};
  for (int b = 0; b < 256; ++b) t.cls[b] = static_cast<uint8_t>(ClassOf(static_cast<unsigned char>(b)));
  for (int a = 0; a < kClasses; ++a)
    for (int b = 0; b < kClasses; ++b) {
      // Any byte outside a-z0-9 acts as the end of the token for the letter before it, and as
      // a letter it gives nothing: '\1' stands for them all.
      const char c = a == kOther ? '\1' : LetterOfClass(a);
      const char next = b == kOther ? '\0' : LetterOfClass(b);
      if (IsSpecialPair(c, next)) {
        t.unit[a][b].special = true;
        continue;
      }
      const char pair[2] = {c, next};
      t.unit[a][b] = UnitAt(std::string_view(pair, b == kOther ? 1 : 2), 0);
    }
  return t;
}

constexpr PairTable kPairs = MakePairTable();

// UnitAt() for the special pairs of AppendUnits(), out of line: inlined there, its switch left
// the loop too few registers (it kept the key's pointer on the stack).
[[gnu::noinline]] Unit SpecialUnitAt(std::string_view t, size_t i) { return UnitAt(t, i); }

// The units of `t` from the one that starts at t[*i] up to the first that starts at or after
// t[stop], appended to the key out[0..*len) (every unit reads the whole of `t`, not only the
// part before `stop`); *i and *len are left after them.
inline void AppendUnits(std::string_view t, size_t stop, size_t* i_io, size_t* len_io, char* out) {
  size_t len = *len_io;
  char last = len > 0 ? out[len - 1] : '\0';  // out[len - 1]; no unit emits '\0'
  // Double letters collapse; once kMaxKeyLength bytes are written the key is complete.
  auto emit = [out, &len, &last](char c) {
    out[len] = c;
    len += c != last;
    last = c;
  };
  const size_t n = t.size();
  size_t i = *i_io;
  while (i < stop && len < kMaxKeyLength) {
    const size_t c = kPairs.cls[static_cast<unsigned char>(t[i])];
    const size_t next = i + 1 < n ? kPairs.cls[static_cast<unsigned char>(t[i + 1])] : kOther;
    const Unit& pair = kPairs.unit[c][next];
    const Unit u = pair.special ? SpecialUnitAt(t, i) : pair;
    if (u.count > 0) {
      emit(u.emit[0]);
      if (u.count > 1 && len < kMaxKeyLength) emit(u.emit[1]);
    }
    // A branch, not an add: the next unit's loads need not wait for this one's.
    if (u.advance == 1) ++i;
    else i += u.advance;
  }
  *i_io = i;
  *len_io = len;
}

}  // namespace

size_t PhoneticKeyInto(std::string_view t, char* out) {
  size_t i = 0, len = 0;
  AppendUnits(t, t.size(), &i, &len, out);
  return len;
}

size_t PhoneticKeyInto(std::string_view t, char* out, PhoneticResume* resume) {
  // A unit reads the letter it starts at, the next two and the one before (UnitAt): one that
  // starts before t[n - 2] reads nothing past the token's end.
  size_t i = 0, len = 0;
  AppendUnits(t, t.size() > 2 ? t.size() - 2 : 0, &i, &len, out);
  resume->in = i;
  resume->out = len;
  AppendUnits(t, t.size(), &i, &len, out);
  return len;
}

size_t ResumePhoneticKeyInto(std::string_view text, PhoneticResume resume, char* out) {
  size_t i = resume.in, len = resume.out;
  AppendUnits(text, text.size(), &i, &len, out);
  return len;
}

size_t SkeletonOfPhoneticKeyInto(std::string_view key, char* out) {
  if (key.empty()) return 0;
  // A vowel (lower case) gives "A" as the first letter and nothing elsewhere; any other byte is
  // kept unless it repeats the last one kept.
  size_t len = 0;
  const bool first_vowel = key[0] >= 'a' && key[0] <= 'z';
  if (first_vowel) out[len++] = 'A';
  for (size_t i = first_vowel ? 1 : 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool vowel = c >= 'a' && c <= 'z';
    out[len] = c;  // within the bound: len <= i < key.size()
    len += !vowel && (len == 0 || out[len - 1] != c);
  }
  return len;
}

std::string PhoneticKey(std::string_view t) {
  char buf[kMaxKeyLength];
  return std::string(buf, PhoneticKeyInto(t, buf));
}

std::string SkeletonOfPhoneticKey(std::string_view key) {
  std::string out(key.size(), '\0');
  out.resize(SkeletonOfPhoneticKeyInto(key, out.data()));
  return out;
}

std::string ConsonantSkeleton(std::string_view token) {
  char key[kMaxKeyLength];
  const size_t n = PhoneticKeyInto(token, key);
  char skel[kMaxKeyLength];
  return std::string(skel, SkeletonOfPhoneticKeyInto(std::string_view(key, n), skel));
}

}  // namespace tamis::text
