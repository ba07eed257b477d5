// Names written in Arabic script, by origin: how well a name in Arabic letters finds its listed
// entity (Latin names only in the index), with and without the foreign-name readings of the
// Arabic romaniser (names::PreparedName::readings, text::ArabicReading).
//
//   tamis-eval --foreign-script [--data DIR] [--foreign-max N] [--errors]
//
// Query sets (each query's expected entity is the listed entity it was taken from):
//  * real: the Arabic-script original-script names of the UN, OFAC and EU lists' persons,
//    grouped by the entity's nationality (Arabic-speaking countries; Iran, Afghanistan,
//    Pakistan; elsewhere);
//  * transcribed: Latin names of persons listed with a nationality outside the Arabic-script
//    countries, written in Arabic letters by ArabicPressSpelling below -- a rule-based
//    transcription (Latin -> Arabic) of the conventions the Arabic press uses for foreign names,
//    written from those conventions and independent of the romaniser's code -- grouped by region
//    of nationality; and, as a control, the same transcription of Arabic-speaking countries'
//    listed persons (Arabic names written back from their Latin romanisation).
// Reported: top-1 and top-3 (entity rank among the hits of its list, threshold ~0), and the
// share found at the alert threshold, before (readings off) and after (readings on).
#pragma once

#include <string>

namespace tamis::eval {

struct ForeignScriptOptions {
  size_t max_per_group = 600;  // transcribed queries per region, evenly spread (0 = all)
  bool errors = false;         // list the transcribed queries found after but not before, and the reverse
};

// Arabic-script spelling of a Latin name as the Arabic press writes foreign names. `hard_g_jim`:
// write a hard g as ج (Egyptian usage) instead of غ (Levantine). Rules, per normalised word:
//  consonants b ب, p ب, t ت, th ث, d د, f/ph/v ف, s س (ز when final after a vowel or a voiced
//  consonant: Jones جونز), z ز, sh/sch ش, ch/tch تش, j ج, dj ج, zh ج, k/ck/q/c(hard) ك,
//  c before e/i/y س, g before e/i/y ج, g elsewhere غ or ج, gh غ, kh خ, x كس, l ل, m م, n ن,
//  r ر, h ه (dropped after a vowel at a word's end), w و, y (consonant) ي; doubled letters once;
//  vowels: a ا, e/i/y ي, o/u و (ou/oo و, ee/ea/ie ي, ai/ay/ei/ey اي, au/aw و), a word-initial
//  vowel on an alef (a ا, e/i إي... written ا/إ, o/u أو), a final e after a consonant silent,
//  an e or i between a consonant and a word-final consonant left unwritten ("Robert" روبرت,
//  "Peter" بيتر).
std::string ArabicPressSpelling(const std::string& latin, bool hard_g_jim);

// Runs the report (stdout). False when no list was found.
bool RunForeignScript(const std::string& shared_data_dir, const ForeignScriptOptions& options);

}  // namespace tamis::eval
