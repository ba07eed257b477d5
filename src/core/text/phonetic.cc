#include "core/text/phonetic.h"

namespace tamis::text {
namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }
bool StartsAt(std::string_view s, size_t i, std::string_view p) { return s.substr(i, p.size()) == p; }

}  // namespace

std::string PhoneticKey(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  auto emit = [&out](char c) {
    if (out.size() >= kMaxKeyLength) return;
    if (!out.empty() && out.back() == c) return;  // double letters collapse
    out.push_back(c);
  };
  size_t i = 0;
  const size_t n = t.size();
  while (i < n) {
    const char c = t[i];
    const char next = i + 1 < n ? t[i + 1] : '\0';
    // Multi-letter units first.
    // (first letter tested before the string compare: this runs for every letter of every name)
    if (c == 's' && StartsAt(t, i, "sch")) { emit('S'); i += 3; continue; }
    if (c == 't' && (StartsAt(t, i, "tch") || StartsAt(t, i, "tsh"))) { emit('C'); i += 3; continue; }
    if (c == 'd' && StartsAt(t, i, "dzh")) { emit('J'); i += 3; continue; }
    if (c == 's' && next == 'h') { emit('S'); i += 2; continue; }
    if (c == 'c' && next == 'h') { emit('C'); i += 2; continue; }
    if (c == 'z' && next == 'h') { emit('J'); i += 2; continue; }
    if (c == 'k' && next == 'h') { emit('H'); i += 2; continue; }
    if (c == 'g' && next == 'h') { emit('K'); i += 2; continue; }
    if (c == 'p' && next == 'h') { emit('F'); i += 2; continue; }
    if (c == 't' && next == 'h') { emit('T'); i += 2; continue; }
    if (c == 'd' && next == 'h') { emit('Z'); i += 2; continue; }
    if (c == 'd' && next == 'j') { emit('J'); i += 2; continue; }
    if (c == 't' && (next == 's' || next == 'z')) { emit('Z'); i += 2; continue; }
    if (c == 'c' && next == 'k') { emit('K'); i += 2; continue; }
    if ((c == 'o' && (next == 'u' || next == 'o'))) { emit('u'); i += 2; continue; }
    if ((c == 'e' && next == 'e') || (c == 'i' && next == 'e' && i + 2 < n)) { emit('i'); i += 2; continue; }
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': emit(c); break;
      case 'y': emit('i'); break;
      case 'b': emit('B'); break;
      case 'c': emit((next == 'e' || next == 'i' || next == 'y') ? 'S' : 'K'); break;
      case 'd': emit('D'); break;
      case 'f': emit('F'); break;
      case 'g': case 'k': case 'q': emit('K'); break;
      case 'h':
        if (IsVowel(next)) emit('H');
        break;
      case 'j':
        // After a vowel and before a consonant or the end, j is the glide y in German, Slavic,
        // Baltic and Scandinavian spellings: "Sergej(s)" = "Sergey", "Hajdar" = "Haydar".
        if (i > 0 && IsVowel(t[i - 1]) && (next == '\0' || !IsVowel(next))) emit('i');
        else emit('J');
        break;
      case 'l': emit('L'); break;
      case 'm': emit('M'); break;
      case 'n': emit('N'); break;
      case 'p': emit('P'); break;
      case 'r': emit('R'); break;
      case 's': emit('S'); break;
      case 't': emit('T'); break;
      case 'v': emit('V'); break;
      case 'w': emit(i == 0 ? 'V' : 'u'); break;
      case 'x':
        // Word-initial "xi" is pinyin [ɕi] (Xi, Xiao, Xian, Xiong), heard and written Shi / Si /
        // Hsi by others: a sibilant. Elsewhere x is "ks" (Alexander, Maxim). Pinyin xu / xun
        // stay apart from su / sun, which are other Chinese syllables.
        if (i == 0 && next == 'i') {
          emit('S');
        } else {
          emit('K');
          emit('S');
        }
        break;
      case 'z': emit('Z'); break;
      default:
        if (c >= '0' && c <= '9') emit(c);
        break;
    }
    ++i;
  }
  return out;
}

std::string SkeletonOfPhoneticKey(std::string_view key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool vowel = c >= 'a' && c <= 'z';
    if (vowel) {
      if (i == 0) out.push_back('A');
      continue;
    }
    if (!out.empty() && out.back() == c) continue;
    out.push_back(c);
  }
  return out;
}

std::string ConsonantSkeleton(std::string_view token) { return SkeletonOfPhoneticKey(PhoneticKey(token)); }

}  // namespace tamis::text
