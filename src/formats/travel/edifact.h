// UN/EDIFACT syntax (ISO 9735) as travel messages use it: an interchange of segments, each a
// tag and data elements made of components, with the service envelope UNB..UNZ around
// optional functional groups UNG..UNE around messages UNH..UNT.
//
// The tokenizer reads bytes (a file name is used only in messages). It honours a UNA service
// string advice, else the defaults (component ':', element '+', decimal '.', release '?',
// reserved ' ', segment terminator '\''). Carriage returns and line feeds are not data: they
// are dropped wherever they occur (airline systems wrap lines at fixed widths, even inside an
// element), and blanks between a terminator and the next tag are skipped. Anything before UNA
// or UNB (teletype / IATA Type B headers such as "QK ..." lines) is skipped. Every segment
// keeps its number in the interchange (UNB = 1; UNA is not a segment) and the line it starts
// on, so errors name both. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace tamis {

struct EdifactSeparators {
  char component = ':';
  char element = '+';
  char decimal = '.';
  char release = '?';
  char reserved = ' ';
  char segment = '\'';
};

namespace detail {
struct EdifactSegmentBuilder;  // edifact.cc
// The text and offsets of every segment of one tokenized interchange, shared by its segments.
struct EdifactStore {
  std::string text;             // every component's text, segment after segment
  std::vector<uint32_t> index;  // per segment: its element table, then its component ends
};
}  // namespace detail

// One segment: data element i (i = 0 is the first element after the tag) made of components,
// release characters removed. Empty elements and components are kept. Held flat: the text of
// every segment of the interchange one after another in one shared buffer and one array of
// offsets (no allocation a segment; a copy of a segment shares the buffer and keeps it alive).
struct EdifactSegment {
  // Upper case as written, surrounding blanks trimmed ("UNG ", " EQN" -> "UNG", "EQN").
  std::string tag;
  int number = 0;  // 1-based position in the interchange (UNB = 1)
  int line = 0;    // 1-based line of the input where the segment's tag starts

  // Component `c` of element `e`, "" when absent. Never throws. Valid while the segment (or a
  // copy of it) lives.
  std::string_view Get(size_t e, size_t c = 0) const;
  // Number of elements (trailing empty ones included as written).
  size_t size() const { return elements_; }
  // Number of components of element `e` (0 when there is no such element).
  size_t components(size_t e) const {
    return e < elements_ ? store_->index[index_at_ + e + 1] - store_->index[index_at_ + e] : 0;
  }

 private:
  friend struct detail::EdifactSegmentBuilder;
  std::shared_ptr<const detail::EdifactStore> store_;
  // store_->index[index_at_ .. index_at_ + elements_]: element e's components are numbers
  // [index[e], index[e + 1]) of the segment's; then index[index_at_ + elements_ + 1 + k]: the end
  // of component k relative to text_at_ (its start is the end of component k - 1, or 0).
  uint32_t index_at_ = 0;
  uint32_t text_at_ = 0;
  uint32_t elements_ = 0;
};

// One message UNH..UNT. `segments` holds the body: the segments after UNH and before UNT.
struct EdifactMessage {
  EdifactSegment unh;
  EdifactSegment unt;             // tag empty when the interchange was accepted without one
  std::string reference;          // UNH 0062 message reference number
  std::string type;               // "PAXLST", "PNRGOV"
  std::string version;            // "D", "10", "11", "13"
  std::string release;            // "02B", "05B", "1"
  std::string agency;             // "UN", "IA"
  std::string association;        // "IATA" for the IATA PAXLST implementation guide
  std::string common_access_ref;  // UNH 0068 (multipart PAXLST / PNRGOV)
  std::string sequence;           // UNH 0070:0 sequence of transfers ("01"), "" if absent
  std::string first_last;         // UNH 0070:1 'C' (first, more follow) / 'F' (final), "" if absent
  std::vector<EdifactSegment> segments;
};

// A whole interchange. Functional groups are flattened: `messages` holds the messages of every
// group in order (each message's group reference is not kept).
struct EdifactInterchange {
  EdifactSeparators separators;
  bool had_una = false;
  EdifactSegment unb;
  std::string sender;       // UNB 0004
  std::string recipient;    // UNB 0010
  std::string control_ref;  // UNB 0020
  std::vector<EdifactMessage> messages;
  int groups = 0;  // UNG..UNE groups seen
  // Tolerated oddities (in lenient mode: envelope count / reference mismatches, text after UNZ,
  // an unterminated last segment, a short UNA), each naming the segment number.
  std::vector<std::string> warnings;
};

struct EdifactOptions {
  // true (default): a UNT segment count, a UNE / UNZ count or a control reference that does not
  // match is a kParseError naming the segment. false: it is recorded in `warnings` instead (the
  // GTAS sample files carry stale UNT counts).
  bool strict_envelope = true;
  // A missing UNZ (input ends after the last UNT) is tolerated with a warning when false
  // (default: error).
  bool allow_missing_unz = false;
  size_t max_segments = 1 << 20;       // more segments: kResourceExhausted
  size_t max_segment_bytes = 1 << 16;  // a longer segment: kParseError
};

// Splits `data` into segments (UNA consumed, envelope segments included, no envelope checks).
// *separators receives the separators in force; *warnings (may be null) gets tolerated oddities.
// Errors: kParseError naming `name`, segment number and line (no UNB, a dangling release
// character, a tag that is not 1-6 letters/digits); kResourceExhausted past the limits.
Result<std::vector<EdifactSegment>> TokenizeEdifact(std::string_view data, std::string_view name,
                                                    const EdifactOptions& options,
                                                    EdifactSeparators* separators,
                                                    std::vector<std::string>* warnings);

// Tokenizes and checks the envelope: UNB first, each UNH closed by a UNT whose segment count
// (UNH and UNT included) and reference match, UNG closed by UNE with its message count, UNZ with
// the interchange's control count (messages, or groups when groups are used) and UNB reference.
// Segments outside any message (other than the envelope) are errors. See EdifactOptions for
// what strict_envelope turns into warnings. Returns the interchange or a kParseError naming the
// file and segment number.
Result<EdifactInterchange> ParseEdifact(std::string_view data, std::string_view name,
                                        const EdifactOptions& options = {});

// A count or number written as 1-9 ASCII digits, as an int; -1 for anything else (empty, a sign,
// spaces, more digits). Callers that allow surrounding blanks trim first.
int EdifactNumber(std::string_view s);

// "file.edi segment 12 (line 3, NAD)": the prefix every travel parser's messages use.
std::string SegmentContext(std::string_view name, const EdifactSegment& seg);

}  // namespace tamis
