#include "core/text/transliterate.h"

#include <unicode/translit.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>

#include "core/text/utf8.h"

namespace tamis::text {
namespace {

// Per-thread ICU transliterators, built on first use (ICU instances are not thread-safe).
struct IcuCache {
  std::unique_ptr<icu::Transliterator> any_latin;
  std::unique_ptr<icu::Transliterator> cyrillic;
  std::unique_ptr<icu::Transliterator> to_ascii;
  bool failed = false;  // ICU data missing: fall back to pass-through
};

std::unique_ptr<icu::Transliterator> Make(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status)) return nullptr;
  return t;
}

IcuCache& Cache() {
  thread_local IcuCache cache;
  return cache;
}

icu::Transliterator* AnyLatin() {
  auto& c = Cache();
  if (!c.any_latin) c.any_latin = Make("Any-Latin");
  return c.any_latin.get();
}
icu::Transliterator* CyrillicLatin() {
  auto& c = Cache();
  if (!c.cyrillic) c.cyrillic = Make("Russian-Latin/BGN");
  return c.cyrillic ? c.cyrillic.get() : AnyLatin();
}
icu::Transliterator* ToAscii() {
  auto& c = Cache();
  if (!c.to_ascii) c.to_ascii = Make("Any-Latin; NFD; [:Nonspacing Mark:] Remove; NFC; Latin-ASCII");
  return c.to_ascii.get();
}

enum class Run { kLatin, kArabic, kCyrillic, kHangul, kOther };

Run Classify(char32_t c, Run current) {
  if (c < 0x80) return current == Run::kLatin ? Run::kLatin : (c == ' ' ? current : Run::kLatin);
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript(static_cast<UChar32>(c), &err);
  if (U_FAILURE(err)) return current;
  switch (sc) {
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
      return current;
    case USCRIPT_LATIN:
      return Run::kLatin;
    case USCRIPT_ARABIC:
      return Run::kArabic;
    case USCRIPT_CYRILLIC:
      return Run::kCyrillic;
    case USCRIPT_HANGUL:
      return Run::kHangul;
    default:
      return Run::kOther;
  }
}

std::string Apply(icu::Transliterator* t, const std::u32string& run) {
  std::string utf8;
  for (char32_t c : run) AppendUtf8(c, &utf8);
  if (t == nullptr) return utf8;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

void FlushRun(Run kind, const std::u32string& run, std::string* out) {
  if (run.empty()) return;
  switch (kind) {
    case Run::kLatin:
      for (char32_t c : run) AppendUtf8(c, out);
      return;
    case Run::kArabic: {
      std::string utf8;
      for (char32_t c : run) AppendUtf8(c, &utf8);
      out->append(" ");
      out->append(RomaniseArabic(utf8));
      out->append(" ");
      return;
    }
    case Run::kCyrillic:
      out->append(Apply(CyrillicLatin(), run));
      return;
    case Run::kHangul:
      // Korean names are romanised syllable by syllable ("Kim Jong Un"): one word per block.
      for (char32_t c : run) {
        if (c >= 0xAC00 && c <= 0xD7A3) {
          out->append(" ");
          out->append(Apply(AnyLatin(), std::u32string(1, c)));
          out->append(" ");
        } else {
          AppendUtf8(c, out);
        }
      }
      return;
    case Run::kOther:
      out->append(" ");
      out->append(Apply(AnyLatin(), run));
      out->append(" ");
      return;
  }
}

}  // namespace

bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string TransliterateToLatin(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);
  std::u32string cps = DecodeUtf8(utf8);
  std::string out;
  std::u32string run;
  Run kind = Run::kLatin;
  for (char32_t c : cps) {
    Run k = Classify(c, kind);
    if (k != kind) {
      FlushRun(kind, run, &out);
      run.clear();
      kind = k;
    }
    run.push_back(c);
  }
  FlushRun(kind, run, &out);
  return out;
}

std::string FoldToAscii(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);
  icu::Transliterator* t = ToAscii();
  std::string out;
  if (t == nullptr) {
    for (char c : utf8)
      if (static_cast<unsigned char>(c) < 0x80) out.push_back(c);
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  t->transliterate(u);
  u.toUTF8String(out);
  return out;
}

}  // namespace tamis::text
