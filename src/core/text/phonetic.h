// Phonetic keys for one normalised token ([a-z0-9]+), unifying spelling variation that real
// sanctions lists show between romanisations of the same name.
//
// PhoneticKey keeps vowels (lower case) and maps consonants to classes (upper case):
//   q/k/c(hard)/ck/g/gh -> K     kh/h -> H (h only before a vowel: "Fatimah" = "Fatima")
//   ph/f -> F   v/w(initial) -> V   w(elsewhere) -> u   sh/sch/s/c(soft) -> S   ch/tch -> C
//   j/dj/zh/dzh -> J (but j after a vowel, before a consonant or the end -> i: Sergej = Sergey)
//    th/t -> T   dh/z/ts/tz -> Z   x -> KS (S in word-initial pinyin "xi": Xi = Shi)   ou/oo -> u   ee/ie -> i   y -> i
//   double letters collapse: "Mohammed" -> "MoHaMeD", "Muhammad" -> "MuHaMaD",
//   "Usama"/"Osama" -> "uSaMa"/"oSaMa" (vowel classes are compared cheaply, see names/similarity.h).
// ConsonantSkeleton drops the vowels of the phonetic key, keeping one leading "A" when the token
// starts with a vowel: both Mohammed and Muhammad -> "MHMD"; Usama/Osama -> "ASM". It is the
// key for candidate generation and for tokens romanised from abjad scripts (no short vowels).
// Pure; thread-safe. Output is at most kMaxKeyLength bytes (longer tokens are cut).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tamis::text {

inline constexpr size_t kMaxKeyLength = 32;

std::string PhoneticKey(std::string_view token);
std::string ConsonantSkeleton(std::string_view token);
// The skeleton of an already computed phonetic key.
std::string SkeletonOfPhoneticKey(std::string_view phonetic_key);

// The same without allocating (names::PrepareName runs them for every token): write the key
// into `out` (room for kMaxKeyLength bytes) / the skeleton into `out` (room for
// phonetic_key.size() bytes, which bounds the skeleton) and return its length.
size_t PhoneticKeyInto(std::string_view token, char* out);
size_t SkeletonOfPhoneticKeyInto(std::string_view phonetic_key, char* out);

// Where the key of a token stops depending on the token alone: the key of any text that starts
// with the token starts with the first `out` bytes of the token's key, and the rest of it is
// read from the text from text[in] on. (The joined keys of adjacent tokens then cost only the
// second token's letters: names::PrepareName.)
struct PhoneticResume {
  size_t in;
  size_t out;
};
// PhoneticKeyInto, also writing the token's resume point to `resume`.
size_t PhoneticKeyInto(std::string_view token, char* out, PhoneticResume* resume);
// PhoneticKeyInto(text, out) for a text that starts with a token whose key (written by
// PhoneticKeyInto(token, key, &resume)) has its first resume.out bytes already in out[].
size_t ResumePhoneticKeyInto(std::string_view text, PhoneticResume resume, char* out);

}  // namespace tamis::text
