// Fuzzes the whole name pipeline on arbitrary bytes: Normalise, TransliterateToLatin,
// TokeniseName, PrepareName and ScoreNames (the input split in two names at the first 0x00 or
// at the middle). Invalid UTF-8, control characters, emoji, mixed scripts and very long names
// must give a defined answer (an empty or short result) -- never a crash, sanitizer report or hang.
// ScoreNames with ScoreOptions::reference_kernels must give exactly the fast path's score.
// Documented bounds exercised here: NormaliseOptions::max_input_bytes (1 KiB),
// TokeniseOptions::max_tokens (24), kMaxTokenLength (48), kMaxKernelLength (64).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/names/scorer.h"
#include "core/text/normalise.h"
#include "core/text/transliterate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tamis;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string norm = text::Normalise(in);
  if (norm.size() > 8 * text::NormaliseOptions().max_input_bytes) std::abort();  // bounded output
  (void)text::TransliterateToLatin(in.substr(0, 4096));
  size_t cut = in.find('\0');
  if (cut == std::string_view::npos) cut = size / 2;
  const auto kind = size > 0 ? static_cast<names::NameKind>(data[0] % 5) : names::NameKind::kUnknown;
  const names::PreparedName a = names::PrepareName(in.substr(0, cut), kind);
  const names::PreparedName b = names::PrepareName(in.substr(cut < size ? cut + 1 : size), kind);
  if (a.tokens.size() > 24 || b.tokens.size() > 24) std::abort();
  const names::ScoreResult r = names::ScoreNames(a, b, names::TokenStats());
  if (!(r.score >= 0.0 && r.score <= 1.0)) std::abort();
  // The fast path (bit-parallel kernels, bounds) equals the reference path exactly.
  names::ScoreOptions ref;
  ref.reference_kernels = true;
  if (names::ScoreNames(a, b, names::TokenStats(), ref).score != r.score) std::abort();
  const names::ScoreResult self = names::ScoreNames(a, a, names::TokenStats());
  if (!a.empty() && self.score < 0.99) std::abort();  // a name always matches itself
  (void)names::CandidateKeys(a);
  return 0;
}
