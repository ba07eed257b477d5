#include "core/names/prepared_name.h"

#include <algorithm>
#include <array>

#include "core/text/given_names.h"
#include "core/text/phonetic.h"
#include "core/text/transliterate.h"

namespace tamis::names {
namespace {

// PrepareOptions::max_tokens is capped at this (PreparedToken::position is 8 bits).
constexpr size_t kMaxTokensCap = 64;

// Each byte's bit in PreparedToken::letter_mask (c - 'a' for a letter, 26 for anything else) and
// in consonant_mask (C - 'A' for a consonant class, none for anything else).
struct MaskBits {
  uint32_t letter[256];
  uint32_t consonant[256];
};

constexpr MaskBits MakeMaskBits() {
  MaskBits m{};
  for (unsigned b = 0; b < 256; ++b) {
    m.letter[b] = 1u << (b - 'a' < 26 ? b - 'a' : 26);
    m.consonant[b] = b - 'A' < 26 ? 1u << (b - 'A') : 0u;
  }
  return m;
}

constexpr MaskBits kMaskBits = MakeMaskBits();

}  // namespace

uint64_t TokenHash(std::string_view token) {
  uint64_t h = 1469598103934665603ull;
  for (char c : token) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

float RoleWeight(uint16_t f) {
  if (f & (text::kTokenTitle | text::kTokenStopword)) return 0.05f;
  if (f & text::kTokenParticle) return 0.15f;
  if (f & text::kTokenLegalForm) return 0.2f;
  if (f & text::kTokenInitial) return 0.35f;
  return 1.0f;
}

std::string PreparedName::Normalised() const {
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) out.push_back(' ');
    out.append(text(i));
  }
  return out;
}

namespace {

// Letters a e i o u y in PreparedToken::letter_mask.
constexpr uint32_t kVowelLetters = (1u << ('a' - 'a')) | (1u << ('e' - 'a')) | (1u << ('i' - 'a')) |
                                   (1u << ('o' - 'a')) | (1u << ('u' - 'a')) | (1u << ('y' - 'a'));

// PreparedToken::unpronounced. (Abjad romanisations are vowel-less by nature and compared on
// skeletons: not concerned; Roman numerals write "iii": a vowel needs four.)
uint8_t Unpronounced(std::string_view text, uint32_t letter_mask, uint16_t flags) {
  if (flags & (text::kTokenAbjad | text::kTokenSyllabic | text::kTokenNumeric)) return 0;
  if ((letter_mask & ((1u << 26) - 1)) != 0 && (letter_mask & kVowelLetters) == 0) return 1;
  for (size_t k = 2; k < text.size(); ++k)
    if (text[k] >= 'a' && text[k] <= 'z' && text[k] == text[k - 1] && text[k] == text[k - 2] &&
        (!((kVowelLetters >> (text[k] - 'a')) & 1) || (k >= 3 && text[k] == text[k - 3])))
      return 1;
  return 0;
}

}  // namespace

namespace {

PreparedName PrepareReading(std::string_view raw, NameKind kind, const PrepareOptions& options,
                            text::ArabicReading reading) {
  text::TokeniseOptions topts;
  topts.kind = kind;
  topts.arabic_reading = reading;
  topts.max_tokens = std::min<size_t>(options.max_tokens, kMaxTokensCap);
  thread_local text::TokenisedName tn;  // per thread: the memory of its tokens is reused
  text::TokeniseNameInto(raw, topts, &tn);

  PreparedName out;
  out.kind = kind;
  out.family_first = tn.family_first;
  out.truncated = tn.truncated;
  out.tokens.reserve(tn.tokens.size());
  // Every token's phonetic key and skeleton first, so the buffer is allocated once, at its size.
  struct Keys {  // no initialisers: the array is written before it is read
    uint8_t phonetic_len, skeleton_len;
    char phonetic[text::kMaxKeyLength];
    char skeleton[text::kMaxKeyLength];
    text::PhoneticResume resume;  // for the key of this token joined with the next
  };
  std::array<Keys, kMaxTokensCap> keys;
  const size_t count = std::min(tn.tokens.size(), keys.size());  // TokeniseName keeps <= max_tokens
  size_t buffer_bytes = 0;
  for (size_t i = 0; i < count; ++i) {
    const std::string_view text = std::string_view(tn.tokens[i].text).substr(0, text::kMaxTokenLength);
    Keys& k = keys[i];
    k.phonetic_len = static_cast<uint8_t>(text::PhoneticKeyInto(text, k.phonetic, &k.resume));
    k.skeleton_len =
        static_cast<uint8_t>(text::SkeletonOfPhoneticKeyInto(std::string_view(k.phonetic, k.phonetic_len), k.skeleton));
    buffer_bytes += text.size() + k.phonetic_len + k.skeleton_len;
  }
  out.buffer.reserve(buffer_bytes);
  for (size_t i = 0; i < count; ++i) {
    const text::Token& t = tn.tokens[i];
    if (out.buffer.size() > 60000) {  // offsets are 16-bit; unreachable with the caps above
      out.truncated = true;
      break;
    }
    std::string_view text = std::string_view(t.text).substr(0, text::kMaxTokenLength);
    const std::string_view phon(keys[i].phonetic, keys[i].phonetic_len);
    const std::string_view skel(keys[i].skeleton, keys[i].skeleton_len);
    PreparedToken pt;
    pt.hash = TokenHash(text);
    pt.flags = t.flags;
    pt.source = t.source;
    for (char ch : text) pt.letter_mask |= kMaskBits.letter[static_cast<unsigned char>(ch)];
    for (char ch : phon) pt.consonant_mask |= kMaskBits.consonant[static_cast<unsigned char>(ch)];
    pt.weight = RoleWeight(t.flags);
    pt.unpronounced = Unpronounced(text, pt.letter_mask, t.flags);
    char key[text::kMaxKeyLength];
    if (const std::string_view own = TokenOwnKey(skel, phon, key); !own.empty())
      pt.key_hash = static_cast<uint32_t>(TokenHash(own) >> 32);
    if (!(t.flags & (text::kTokenInitial | text::kTokenNumeric | text::kTokenLegalForm | text::kTokenStopword |
                     text::kTokenParticle | text::kTokenTitle)))
      text::GivenNameGroups(text, pt.name_group);
    pt.position = static_cast<uint8_t>(out.tokens.size());
    pt.text_off = static_cast<uint16_t>(out.buffer.size());
    pt.text_len = static_cast<uint8_t>(text.size());
    out.buffer.append(text);
    pt.phonetic_off = static_cast<uint16_t>(out.buffer.size());
    pt.phonetic_len = static_cast<uint8_t>(phon.size());
    out.buffer.append(phon);
    pt.skeleton_off = static_cast<uint16_t>(out.buffer.size());
    pt.skeleton_len = static_cast<uint8_t>(skel.size());
    out.buffer.append(skel);
    out.tokens.push_back(pt);
  }
  // JoinedSkeletonInto(out, i, ...), with the joined key resumed from token i's own.
  char joined[2 * text::kMaxTokenLength];
  char phon[text::kMaxKeyLength];
  char skel[text::kMaxKeyLength];
  for (size_t i = 0; i + 1 < out.tokens.size(); ++i) {
    const std::string_view a = out.text(i), b = out.text(i + 1);  // each at most kMaxTokenLength bytes
    std::copy(a.begin(), a.end(), joined);
    std::copy(b.begin(), b.end(), joined + a.size());
    std::copy(keys[i].phonetic, keys[i].phonetic + keys[i].resume.out, phon);
    const size_t phon_len =
        text::ResumePhoneticKeyInto(std::string_view(joined, a.size() + b.size()), keys[i].resume, phon);
    const size_t skel_len = text::SkeletonOfPhoneticKeyInto(std::string_view(phon, phon_len), skel);
    out.tokens[i].joined_hash = static_cast<uint32_t>(TokenHash(std::string_view(skel, skel_len)) >> 32);
  }
  out.organisation_like = kind == NameKind::kOrganisation || kind == NameKind::kVessel || kind == NameKind::kAircraft ||
                          std::any_of(out.tokens.begin(), out.tokens.end(),
                                      [](const PreparedToken& t) { return (t.flags & text::kTokenLegalForm) != 0; });
  return out;
}

// Same tokens (texts and flags): one reading.
bool SameTokens(const PreparedName& a, const PreparedName& b) {
  if (a.tokens.size() != b.tokens.size()) return false;
  for (size_t i = 0; i < a.tokens.size(); ++i)
    if (a.tokens[i].flags != b.tokens[i].flags || a.text(i) != b.text(i)) return false;
  return true;
}

}  // namespace

PreparedName PrepareName(std::string_view raw, NameKind kind, const PrepareOptions& options) {
  PreparedName out = PrepareReading(raw, kind, options, text::ArabicReading::kArabic);
  // Latin and other-script names stop here (HasArabicLetter is one ASCII scan for them).
  if (!options.readings || out.empty() || !text::HasArabicLetter(raw)) return out;
  for (const text::ArabicReading r : {text::ArabicReading::kForeign, text::ArabicReading::kForeignHardG}) {
    PreparedName alt = PrepareReading(raw, kind, options, r);
    if (alt.empty() || SameTokens(alt, out) ||
        std::any_of(out.readings.begin(), out.readings.end(), [&](const PreparedName& p) { return SameTokens(alt, p); }))
      continue;
    out.readings.push_back(std::move(alt));
  }
  return out;
}

size_t ShortKeyInto(std::string_view phonetic, char* out) {
  // Phonetic keys write consonant classes in upper case and vowels in lower case.
  size_t len = 0;
  bool consonant = false;
  for (char ch : phonetic.substr(0, text::kMaxKeyLength)) {
    if (ch >= 'A' && ch <= 'Z') {
      out[len++] = ch;
      consonant = true;
    } else if (ch >= 'a' && ch <= 'z' && (len == 0 || out[len - 1] != 'a')) {
      out[len++] = 'a';
    }
  }
  return consonant ? len : 0;
}

size_t JoinedSkeletonInto(const PreparedName& name, size_t i, char* out) {
  // Token texts are at most kMaxTokenLength bytes (PrepareName cuts them).
  char joined[2 * text::kMaxTokenLength];
  char phon[text::kMaxKeyLength];
  const std::string_view a = name.text(i).substr(0, text::kMaxTokenLength);
  const std::string_view b = name.text(i + 1).substr(0, text::kMaxTokenLength);
  std::copy(a.begin(), a.end(), joined);
  std::copy(b.begin(), b.end(), joined + a.size());
  const size_t phon_len = text::PhoneticKeyInto(std::string_view(joined, a.size() + b.size()), phon);
  return text::SkeletonOfPhoneticKeyInto(std::string_view(phon, phon_len), out);
}

std::string AcronymKey(const PreparedName& name) {
  // Organisations are often written as their acronym ("PLA" for "People's Liberation Army"):
  // the initials of the content words are a key too (the acronym token's own skeleton).
  if (name.kind == NameKind::kPerson) return {};
  std::string initials;
  for (size_t i = 0; i < name.tokens.size(); ++i) {
    if (name.tokens[i].flags & (text::kTokenStopword | text::kTokenLegalForm)) continue;
    if (name.tokens[i].flags & (text::kTokenNumeric | text::kTokenSyllabic | text::kTokenAbjad)) return {};
    initials.push_back(name.text(i)[0]);
  }
  if (initials.size() < 2 || initials.size() > 6) return {};
  std::string k = text::ConsonantSkeleton(initials);
  return k.size() >= 2 ? k : std::string();
}

std::vector<std::string> CandidateKeys(const PreparedName& name) {
  std::vector<std::string> keys;
  ForEachTokenKey(name, [&](std::string_view key, size_t, bool) { keys.emplace_back(key); });
  if (std::string k = AcronymKey(name); !k.empty()) keys.push_back(std::move(k));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace tamis::names
