#include "formats/lists/packed_names.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "formats/lists/list_text.h"

namespace tamis::lists {
namespace {

using Kind = PackedName::Kind;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Trims spaces and the separators a split leaves at either end (",", ";", ":").
std::string_view TrimName(std::string_view s) {
  for (;;) {
    s = Trim(s);
    if (!s.empty() && (s.front() == ',' || s.front() == ';' || s.front() == ':')) s.remove_prefix(1);
    else if (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ':')) s.remove_suffix(1);
    else return s;
  }
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithWord(std::string_view s, std::string_view word) {  // ASCII case-insensitive
  if (s.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (Lower(s[i]) != word[i]) return false;
  return s.size() == word.size() || !std::isalnum(static_cast<unsigned char>(s[word.size()]));
}

// Collapses runs of spaces and trims.
std::string Collapse(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Top-level separators: where one name ends and the next begins, with the kind of the next.
struct Separator {
  size_t at = 0, len = 0;
  Kind next = Kind::kAlias;
};

// A numbered-list marker at s[i]: "a) ", "b) ", "1) ", "ii) " at the start or after a space or
// ";". Returns its length (0 = none).
size_t ListMarker(std::string_view s, size_t i) {
  if (i > 0 && !IsSpace(s[i - 1]) && s[i - 1] != ';') return 0;
  size_t j = i;
  while (j < s.size() && j - i < 3 && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9'))) ++j;
  if (j == i || j >= s.size() || s[j] != ')') return 0;
  const std::string_view label = s.substr(i, j - i);
  const bool letter = label.size() == 1 && label[0] >= 'a' && label[0] <= 'h';
  const bool number = std::all_of(label.begin(), label.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool roman = std::all_of(label.begin(), label.end(), [](char c) { return c == 'i' || c == 'v' || c == 'x'; });
  if (!letter && !number && !roman) return 0;
  if (j + 1 < s.size() && !IsSpace(s[j + 1])) return 0;
  return j + 1 - i;
}

// Phrases that introduce another name inside a field, and the kind of that name.
struct Phrase {
  std::string_view text;
  Kind kind;
};
constexpr Phrase kPhrases[] = {
    {"also known as", Kind::kAlias},    {"a.k.a.", Kind::kAlias}, {"a.k.a", Kind::kAlias},
    {"formerly known as", Kind::kFormer}, {"f.k.a.", Kind::kFormer}, {"f.k.a", Kind::kFormer},
    {"n.k.a.", Kind::kAlias},           {"now known as", Kind::kAlias},
};

std::vector<Separator> TopLevelSeparators(std::string_view s) {
  std::vector<Separator> out;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '(' || c == '[') ++depth;
    else if ((c == ')' || c == ']') && depth > 0) --depth;
    if (depth > 0 || c == '(' ) continue;
    if (c == ';') {
      out.push_back({i, 1, Kind::kAlias});
      continue;
    }
    if (c == '/' && i > 0 && i + 1 < s.size() && IsSpace(s[i - 1]) && IsSpace(s[i + 1])) {
      out.push_back({i, 1, Kind::kAlias});
      continue;
    }
    if (const size_t m = ListMarker(s, i)) {
      out.push_back({i, m, Kind::kAlias});
      i += m - 1;
      continue;
    }
    if (i == 0 || IsSpace(s[i - 1]) || s[i - 1] == ',') {
      for (const Phrase& p : kPhrases) {
        if (StartsWithWord(s.substr(i), p.text)) {
          out.push_back({i, p.text.size(), p.kind});
          i += p.text.size() - 1;
          break;
        }
      }
    }
  }
  return out;
}

// The script of a text as lists::DetectScript reads it ("" = Latin).
std::string ScriptOf(std::string_view s) { return DetectScript(s); }

bool HasLower(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Words of a name as acronyms spell them: split on spaces, hyphens, slashes and dots, letters
// only, upper-cased (ASCII; other bytes are kept, so a non-ASCII letter never matches).
std::vector<std::string> AcronymWords(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : s) {
    if (IsSpace(c) || c == '-' || c == '/' || c == '.' || c == ',' || c == '&' || c == '\'' || c == '(' || c == ')') {
      if (!cur.empty()) words.push_back(cur), cur.clear();
    } else {
      cur += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    }
  }
  if (!cur.empty()) words.push_back(cur);
  return words;
}

// Whether `acronym` (letters, upper case) is spelt by prefixes (possibly empty) of `words` in
// order, with at least two words giving a letter and the first letter the start of a word.
bool SpeltByPrefixes(const std::string& acronym, const std::vector<std::string>& words) {
  // reach[w][k]: acronym[0, k) spelt by words[0, w) with `used` words giving letters (capped 2).
  const size_t n = acronym.size(), m = words.size();
  if (n < 2 || m < 2 || n > 12) return false;
  // state: (k, used) reachable after w words
  std::vector<std::array<bool, 3>> cur(n + 1, {false, false, false}), next;
  cur[0][0] = true;
  for (size_t w = 0; w < m; ++w) {
    next = cur;  // the word gives no letter
    for (size_t k = 0; k < n; ++k)
      for (int used = 0; used < 3; ++used) {
        if (!cur[k][used]) continue;
        const std::string& word = words[w];
        for (size_t len = 1; len <= word.size() && k + len <= n && acronym[k + len - 1] == word[len - 1]; ++len)
          next[k + len][std::min(used + 1, 2)] = true;
      }
    cur.swap(next);
  }
  return cur[n][2];
}

// Y is an acronym of X: no lower-case letter, no digit, two or more letters, spelt by prefixes
// of two or more of X's words.
bool IsAcronymOf(std::string_view y, std::string_view x) {
  if (HasLower(y) || HasDigit(y)) return false;
  std::string letters;
  for (const std::string& w : AcronymWords(y)) letters += w;
  if (letters.size() < 2 || !std::all_of(letters.begin(), letters.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return false;
  return SpeltByPrefixes(letters, AcronymWords(x));
}

// Words that make a parenthesised part a note about the name rather than a name.
constexpr std::string_view kNoteWords[] = {
    "name",     "names",     "born",     "listed",  "passport", "identity", "identification",
    "script",   "third",     "second",   "junior",  "senior",   "combat",   "nom",            "guerre",
    "alias",    "pseudonym", "spelling", "variant", "transliteration", "deceased", "reportedly",
    "date",     "issued",    "number",   "no",      "card",     "false",    "fraudulent",     "maiden",
    "first",    "family",    "last",     "surname", "given",    "nickname", "kunya",          "honorific",
};

bool IsNote(std::string_view y) {
  if (HasDigit(y)) return true;
  std::string word;
  auto note_word = [&](const std::string& w) {
    for (std::string_view n : kNoteWords)
      if (w == n) return true;
    return false;
  };
  for (char c : y) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += Lower(c);
    } else {
      if (note_word(word)) return true;
      word.clear();
    }
  }
  return note_word(word);
}

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool sp = IsSpace(c);
    n += !sp && !in;
    in = !sp;
  }
  return n;
}

// The last word of s (after the last space), or s.
std::string_view LastWord(std::string_view s) {
  s = TrimName(s);
  const size_t sp = s.find_last_of(' ');
  return sp == std::string_view::npos ? s : s.substr(sp + 1);
}

class Splitter {
 public:
  std::vector<PackedName> Take() { return std::move(out_); }

  void Add(std::string_view text, Kind kind) {
    std::string t = Collapse(TrimName(text));
    if (t.empty() || out_.size() >= kMaxPackedNames) return;
    bool letters = false;
    for (char c : t) letters |= std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    if (!letters) return;
    std::string key;
    for (char c : t) key += Lower(c);
    for (const std::string& k : keys_)
      if (k == key) return;
    keys_.push_back(std::move(key));
    out_.push_back({std::move(t), kind});
  }

  // One top-level piece (no top-level separator): its parenthesised parts and notes.
  void Piece(std::string_view s, Kind kind, int depth = 0) {
    s = TrimName(s);
    if (s.empty()) return;
    // A trailing ", born ..." clause is a note.
    for (size_t i = s.find(','); i != std::string_view::npos; i = s.find(',', i + 1)) {
      const std::string_view rest = Trim(s.substr(i + 1));
      if (StartsWithWord(rest, "born")) {
        s = TrimName(s.substr(0, i));
        break;
      }
    }
    const size_t open = s.find('(');
    const size_t close = open == std::string_view::npos ? open : MatchingClose(s, open);
    if (open == std::string_view::npos || close == std::string_view::npos || depth > 4) {
      Add(s, kind);
      return;
    }
    const std::string_view x = TrimName(s.substr(0, open));
    const std::string_view y = Trim(s.substr(open + 1, close - open - 1));
    const std::string_view z = Trim(s.substr(close + 1));
    const std::string xz = Collapse(std::string(x) + " " + std::string(z));
    const std::string xyz = Collapse(std::string(x) + " " + std::string(y) + " " + std::string(z));
    if (y.empty()) {
      Piece(xz, kind, depth + 1);
      return;
    }
    if (x.empty() && z.empty()) {  // the whole piece in parentheses
      Field(y, kind, depth + 1);
      return;
    }
    // Original script: "original script: Y", or Y in another script than X.
    std::string_view yy = y;
    bool original = false;
    if (StartsWithWord(yy, "original script")) {
      yy = TrimName(yy.substr(std::string_view("original script").size()));
      original = true;
    }
    const std::string sx = ScriptOf(xz), sy = ScriptOf(yy);
    if (original || sx != sy) {
      Piece(xz, kind, depth + 1);
      const Kind yk = !sy.empty() ? Kind::kOriginalScript : Kind::kAlias;
      Field(yy, yk, depth + 1);
      return;
    }
    for (const Phrase& p : kPhrases)
      if (StartsWithWord(y, p.text)) {
        Piece(xz, kind, depth + 1);
        Field(y.substr(p.text.size()), p.kind, depth + 1);
        return;
      }
    for (std::string_view former : {std::string_view("formerly"), std::string_view("previously"), std::string_view("former name")})
      if (StartsWithWord(y, former) && WordCount(y) > WordCount(former) && !IsNote(y.substr(former.size()))) {
        Piece(xz, kind, depth + 1);
        Field(y.substr(former.size()), Kind::kFormer, depth + 1);
        return;
      }
    if (IsAcronymOf(y, x)) {
      Piece(xz, kind, depth + 1);
      Piece(Collapse(std::string(y) + (z.empty() || z[0] == '-' ? "" : " ") + std::string(z)), Kind::kAlias, depth + 1);
      return;
    }
    if (IsNote(y)) {
      Piece(xz, kind, depth + 1);
      return;
    }
    const std::string_view before = LastWord(x);
    if (WordCount(y) == 1 && y.size() >= 3 && before.size() > 1 && Lower(before[0]) == Lower(y[0])) {
      Piece(xz, kind, depth + 1);
      const std::string_view head = x.substr(0, x.size() - before.size());
      Piece(Collapse(std::string(head) + std::string(y) + " " + std::string(z)), Kind::kAlias, depth + 1);
      return;
    }
    if (z.empty() && WordCount(y) >= 2) {
      Piece(x, kind, depth + 1);
      Field(y, Kind::kAlias, depth + 1);
      return;
    }
    Piece(xyz, kind, depth + 1);
    Piece(xz, Kind::kAlias, depth + 1);
  }

  // A field: split on the top-level separators, each piece read by Piece.
  void Field(std::string_view s, Kind kind, int depth = 0) {
    const std::vector<Separator> seps = TopLevelSeparators(s);
    size_t from = 0;
    Kind k = kind;
    for (const Separator& sep : seps) {
      Piece(s.substr(from, sep.at - from), k, depth);
      from = sep.at + sep.len;
      // After the field's first name, the rest are aliases (or former names).
      k = sep.next == Kind::kFormer ? Kind::kFormer : (kind == Kind::kOriginalScript ? kind : Kind::kAlias);
    }
    Piece(s.substr(from), k, depth);
  }

 private:
  static size_t MatchingClose(std::string_view s, size_t open) {
    int depth = 0;
    for (size_t i = open; i < s.size(); ++i) {
      if (s[i] == '(') ++depth;
      else if (s[i] == ')' && --depth == 0) return i;
    }
    return std::string_view::npos;
  }
  std::vector<PackedName> out_;
  std::vector<std::string> keys_;
};

}  // namespace

std::vector<PackedName> SplitPackedNames(std::string_view field) {
  // A field with nothing to split is returned as the list writes it (trimmed).
  const std::string_view t = Trim(field);
  if (t.find('(') == std::string_view::npos && TopLevelSeparators(t).empty() && t.find("born") == std::string_view::npos) {
    if (t.empty()) return {};
    return {PackedName{std::string(t), Kind::kSame}};
  }
  Splitter sp;
  sp.Field(field, Kind::kSame);
  std::vector<PackedName> out = sp.Take();
  // The first name keeps the field's own kind.
  if (!out.empty() && out[0].kind == Kind::kAlias) out[0].kind = Kind::kSame;
  return out;
}

size_t AppendPackedNames(Name name, std::vector<Name>* names) {
  const std::vector<PackedName> pieces = SplitPackedNames(name.full);
  if (pieces.size() == 1 && pieces[0].text == name.full) {  // nothing packed: as it was
    names->push_back(std::move(name));
    return 1;
  }
  const NameType own = name.type;
  const bool keep_type = own == NameType::kOriginalScript || own == NameType::kFka;
  for (size_t i = 0; i < pieces.size(); ++i) {
    Name n;
    n.full = pieces[i].text;
    n.quality = name.quality;
    n.language = name.language;
    switch (pieces[i].kind) {
      case PackedName::Kind::kSame: n.type = own; break;
      case PackedName::Kind::kAlias: n.type = keep_type ? own : NameType::kAka; break;
      case PackedName::Kind::kFormer: n.type = own == NameType::kOriginalScript ? own : NameType::kFka; break;
      case PackedName::Kind::kOriginalScript: n.type = NameType::kOriginalScript; break;
    }
    if (i == 0 && n.full == name.full) n.parts = name.parts;
    n.script = DetectScript(n.full);
    // A Latin name given beside an original-script one ("أبو شيماء (Abu-Shaima)") is an alias.
    if (n.type == NameType::kOriginalScript && n.script.empty() && !DetectScript(name.full).empty()) n.type = NameType::kAka;
    names->push_back(std::move(n));
  }
  return pieces.size();
}

}  // namespace tamis::lists
