#include "core/text/normalise.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "core/text/transliterate.h"
#include "core/text/utf8.h"

namespace tamis::text {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsApostrophe(char c) { return c == '\'' || c == '`'; }

bool IsApostropheLike(char32_t c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x02BB: case 0x02BD:
    case 0x02BE: case 0x02BF: case 0x0060: case 0x00B4: case 0x02B9: case 0x02BA:
    case 0x2032: case 0x0027: case 0x02C8:
      return true;
    default:
      return false;
  }
}

// Reads a digit between two letters as the letter it imitates ("Ig0r" -> "igor").
char LeetLetter(char d) {
  switch (d) {
    case '0': return 'o';
    case '1': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    case '8': return 'b';
    case '9': return 'g';
    default: return d;
  }
}

// "a.b.c." / "j.p" / "s.a.r.l." : single letters or digits each followed by a dot, once the
// chunk's apostrophes are dropped ("a.'b." is one too).
bool IsDottedInitialism(std::string_view chunk) {
  int letters = 0;
  bool dot = false;
  size_t i = 0;
  auto skip_apostrophes = [&] {
    while (i < chunk.size() && IsApostrophe(chunk[i])) ++i;
  };
  skip_apostrophes();
  while (i < chunk.size()) {
    if (!IsAlnum(chunk[i])) return false;
    ++letters;
    ++i;
    skip_apostrophes();
    if (i == chunk.size()) break;
    if (chunk[i] != '.') return false;
    dot = true;
    ++i;
    skip_apostrophes();
  }
  return letters >= 2 && dot;
}

// A digit between two letters is an obfuscated letter: rewrites such digits of `word` in place.
void UnLeet(char* word, size_t size) {
  for (size_t i = 1; i + 1 < size; ++i)
    if (IsDigit(word[i]) && IsAlpha(word[i - 1]) && (IsAlpha(word[i + 1]) || IsDigit(word[i + 1]))) {
      size_t j = i;
      while (j < size && IsDigit(word[j])) ++j;
      if (j < size && IsAlpha(word[j]))
        for (size_t k = i; k < j; ++k) word[k] = LeetLetter(word[k]);
    }
}

void AppendWord(std::string_view w, std::string* out) {
  if (w.empty()) return;
  if (!out->empty()) out->push_back(' ');
  out->append(w);
}

// Appends the words of one whitespace-free chunk to `out`. Words are written in place: a word
// opens (after a separating space when `out` is not empty) at its first letter or digit and is
// closed (its digits un-leeted) at the next other character.
void NormaliseChunk(std::string_view chunk, std::string* out) {
  // Apostrophes inside a chunk are dropped (they mark ayn/hamza/elision: Qa'ida, 'Abd, Int'l).
  if (IsDottedInitialism(chunk)) {
    if (!out->empty()) out->push_back(' ');
    for (char ch : chunk)
      if (IsAlnum(ch)) out->push_back(Lower(ch));
    return;
  }
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t word = kNone;  // where the open word starts in `out`
  auto close = [&] {
    if (word == kNone) return;
    UnLeet(out->data() + word, out->size() - word);
    word = kNone;
  };
  for (char ch : chunk) {
    if (IsApostrophe(ch)) continue;
    ch = Lower(ch);
    if (IsAlnum(ch)) {
      if (word == kNone) {
        if (!out->empty()) out->push_back(' ');
        word = out->size();
      }
      out->push_back(ch);
    } else if (ch == '&' || ch == '+') {
      close();
      AppendWord("and", out);
    } else if (ch == '%') {
      close();
      AppendWord("percent", out);
    } else {
      close();
    }
  }
  close();
}

size_t CutAtUtf8Boundary(std::string_view s, size_t max) {
  if (s.size() <= max) return s.size();
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

// NormaliseAscii into `*out` (replacing its contents).
void NormaliseAsciiInto(std::string_view ascii, std::string* out) {
  out->clear();
  out->reserve(ascii.size() + 8);
  // Chunks are separated by spaces, control characters and non-ASCII bytes.
  auto separator = [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F;
  };
  size_t i = 0;
  while (i < ascii.size()) {
    while (i < ascii.size() && separator(ascii[i])) ++i;
    size_t b = i;
    while (i < ascii.size() && !separator(ascii[i])) ++i;
    if (i > b) NormaliseChunk(ascii.substr(b, i - b), out);
  }
}

}  // namespace

std::string NormaliseAscii(std::string_view ascii) {
  std::string out;
  NormaliseAsciiInto(ascii, &out);
  return out;
}

std::string Normalise(std::string_view utf8, const NormaliseOptions& options) {
  std::string out;
  NormaliseInto(utf8, options, &out);
  return out;
}

void NormaliseInto(std::string_view utf8, const NormaliseOptions& options, std::string* out) {
  utf8 = utf8.substr(0, CutAtUtf8Boundary(utf8, options.max_input_bytes));
  if (IsAscii(utf8)) {
    NormaliseAsciiInto(utf8, out);
    return;
  }

  // Decode, drop controls and apostrophe-like marks, NFKC + case fold.
  std::u32string cps = DecodeUtf8(utf8);
  std::string cleaned;
  cleaned.reserve(utf8.size());
  for (char32_t c : cps) {
    if (c == 0xFFFD || IsApostropheLike(c)) continue;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x200B || c == 0xFEFF) {
      cleaned.push_back(' ');
      continue;
    }
    AppendUtf8(c, &cleaned);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string folded;
  if (U_SUCCESS(status)) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(cleaned.data(), static_cast<int32_t>(cleaned.size())));
    icu::UnicodeString n = nfkc_cf->normalize(u, status);
    if (U_SUCCESS(status)) n.toUTF8String(folded);
  }
  if (folded.empty()) folded = cleaned;

  // One pass: romanise non-Latin runs by script, fold to ASCII (marks ICU may have produced,
  // e.g. the BGN soft sign ʹ, are dropped like apostrophes).
  NormaliseAsciiInto(options.transliterate ? FoldToAscii(folded, options.arabic_reading) : LatinToAscii(folded), out);
}

}  // namespace tamis::text
