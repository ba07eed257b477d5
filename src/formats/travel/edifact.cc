#include "formats/travel/edifact.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace tamis {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t'; }
bool IsAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// Position of the first "UNB" (or "UNA") followed by a non-alphanumeric byte, or npos.
size_t FindServiceTag(std::string_view data, std::string_view tag) {
  for (size_t p = data.find(tag); p != std::string_view::npos; p = data.find(tag, p + 1)) {
    if (p + 3 < data.size() && !IsAlnum(data[p + 3]) && (p == 0 || !IsAlnum(data[p - 1]))) return p;
  }
  return std::string_view::npos;
}

std::string Where(std::string_view name, int number, int line) {
  std::string s(name.empty() ? "<input>" : name);
  s += " segment " + std::to_string(number) + " (line " + std::to_string(line) + ")";
  return s;
}

// A problem that strict mode reports and lenient mode records as a warning.
Status Problem(const EdifactOptions& o, std::vector<std::string>* warnings, std::string msg) {
  if (o.strict_envelope) return ParseError(std::move(msg));
  warnings->push_back(std::move(msg));
  return Status::Ok();
}

int ToInt(std::string_view s) { return EdifactNumber(Trim(s)); }

}  // namespace

int EdifactNumber(std::string_view s) {
  if (s.empty() || s.size() > 9) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string_view EdifactSegment::Get(size_t e, size_t c) const {
  if (e >= elements_) return {};
  const uint32_t* index = store_->index.data() + index_at_;
  const size_t k = index[e] + c;
  if (k >= index[e + 1]) return {};
  const uint32_t* ends = index + elements_ + 1;
  const uint32_t begin = k ? ends[k - 1] : 0;
  return std::string_view(store_->text.data() + text_at_ + begin, ends[k] - begin);
}

namespace detail {

// Collects one segment's components (the tokenizer's scratch, reused across segments; their
// text goes straight to the interchange's store), then lays out the segment's index in the store.
struct EdifactSegmentBuilder {
  std::vector<uint32_t> element_first;  // per element: number of its first component
  std::vector<uint32_t> ends;           // per component: its end offset in the text
  std::string* text = nullptr;          // the store's text
  size_t text_at = 0;                   // where the segment's text starts in it

  void Clear() {
    element_first.clear();
    ends.clear();
    text_at = text->size();
  }
  // Ends the component being written (its text appended to `text` meanwhile).
  void EndComponent() { ends.push_back(static_cast<uint32_t>(text->size() - text_at)); }
  void BeginElement() { element_first.push_back(static_cast<uint32_t>(ends.size())); }
  void Into(EdifactSegment* seg, const std::shared_ptr<EdifactStore>& store) const {
    std::vector<uint32_t>& index = store->index;
    seg->store_ = store;
    seg->index_at_ = static_cast<uint32_t>(index.size());
    seg->text_at_ = static_cast<uint32_t>(text_at);
    seg->elements_ = static_cast<uint32_t>(element_first.size());
    index.insert(index.end(), element_first.begin(), element_first.end());
    index.push_back(static_cast<uint32_t>(ends.size()));
    index.insert(index.end(), ends.begin(), ends.end());
  }
};

}  // namespace detail

std::string SegmentContext(std::string_view name, const EdifactSegment& seg) {
  return Where(name, seg.number, seg.line) + " " + seg.tag;
}

Result<std::vector<EdifactSegment>> TokenizeEdifact(std::string_view data, std::string_view name,
                                                    const EdifactOptions& options,
                                                    EdifactSeparators* separators,
                                                    std::vector<std::string>* warnings) {
  std::vector<std::string> local_warnings;
  if (!warnings) warnings = &local_warnings;
  EdifactSeparators sep;
  const std::string fname(name.empty() ? "<input>" : name);
  size_t unb = FindServiceTag(data, "UNB");
  size_t una = FindServiceTag(data, "UNA");
  if (unb == std::string_view::npos) return ParseError(fname + ": no UNB interchange header");
  size_t pos = unb;
  if (una != std::string_view::npos && una < unb) {
    // The advice is the six characters after "UNA". A five-character advice (seen in the
    // field, the decimal mark left out) is read as component, element, release, reserved,
    // terminator.
    std::string_view adv = Trim(data.substr(una + 3, unb - una - 3));
    if (adv.size() == 6) {
      sep = {adv[0], adv[1], adv[2], adv[3], adv[4], adv[5]};
    } else if (adv.size() == 5) {
      sep = {adv[0], adv[1], '.', adv[2], adv[3], adv[4]};
      warnings->push_back(
          fname +
          ": UNA service string advice has 5 characters, not 6 (decimal mark taken as '.')");
    } else {
      return ParseError(fname + ": UNA service string advice must have 6 characters, has " +
                        std::to_string(adv.size()));
    }
    if (sep.component == sep.element || sep.element == sep.segment ||
        sep.component == sep.segment || sep.release == sep.segment || sep.release == sep.element ||
        sep.release == sep.component)
      return ParseError(fname + ": UNA service string advice repeats a separator");
    if (sep.release == ' ') sep.release = '\0';  // a blank release position means "none"
  }
  if (separators) *separators = sep;

  int line = 1;
  for (size_t i = 0; i < pos; ++i)
    if (data[i] == '\n') ++line;

  // The bytes the segment loop must look at one by one; runs of any other byte are copied whole.
  bool special[256] = {};
  for (char c : {'\n', '\r', sep.segment, sep.element, sep.component}) special[static_cast<unsigned char>(c)] = true;
  if (sep.release) special[static_cast<unsigned char>(sep.release)] = true;

  std::vector<EdifactSegment> out;
  // About one segment a terminator: room for them all up front (growing the vector moved every
  // segment again each time).
  out.reserve(std::min<size_t>(options.max_segments,
                               static_cast<size_t>(std::count(data.begin() + static_cast<std::ptrdiff_t>(pos), data.end(), sep.segment)) + 1));
  // Every segment's text and offsets (the text is at most the input's bytes; offsets are 32 bits).
  if (data.size() >= (size_t{1} << 31))
    return ResourceExhausted(fname + ": input of " + std::to_string(data.size()) + " bytes (at most 2 GiB)");
  auto store = std::make_shared<detail::EdifactStore>();
  store->text.reserve(data.size() - pos);
  store->index.reserve((data.size() - pos) / 3 + 16);
  detail::EdifactSegmentBuilder b;  // the segment's components (reused)
  b.text = &store->text;
  std::string cur;                  // the tag being read
  while (pos < data.size()) {
    while (pos < data.size() && IsBlank(data[pos])) {
      if (data[pos] == '\n') ++line;
      ++pos;
    }
    if (pos >= data.size()) break;
    if (out.size() >= options.max_segments)
      return ResourceExhausted(fname + ": more than " + std::to_string(options.max_segments) +
                               " segments");
    EdifactSegment seg;
    seg.number = static_cast<int>(out.size()) + 1;
    seg.line = line;
    b.Clear();
    cur.clear();
    std::string tag_text;
    bool in_tag = true;  // collecting the tag (element 0)
    bool terminated = false;
    size_t bytes = 0;
    for (; pos < data.size(); ++pos) {
      size_t run = pos;
      while (run < data.size() && !special[static_cast<unsigned char>(data[run])]) ++run;
      if (run != pos) {
        bytes += run - pos;
        if (bytes > options.max_segment_bytes)
          return ParseError(Where(fname, seg.number, seg.line) + ": segment longer than " +
                            std::to_string(options.max_segment_bytes) + " bytes");
        if (!in_tag) b.text->append(data.data() + pos, run - pos);
        else if (tag_text.empty()) cur.append(data.data() + pos, run - pos);  // (skipped after a tag qualifier separator)
        pos = run;
        if (pos >= data.size()) break;
      }
      char c = data[pos];
      if (++bytes > options.max_segment_bytes)
        return ParseError(Where(fname, seg.number, seg.line) + ": segment longer than " +
                          std::to_string(options.max_segment_bytes) + " bytes");
      if (c == '\n') {
        ++line;
        continue;
      }
      if (c == '\r') continue;
      if (sep.release && c == sep.release) {
        size_t q = pos + 1;
        while (q < data.size() && (data[q] == '\r' || data[q] == '\n')) {
          if (data[q] == '\n') ++line;
          ++q;
        }
        if (q >= data.size())
          return ParseError(Where(fname, seg.number, seg.line) +
                            ": release character at end of input");
        (in_tag ? cur : *b.text) += data[q];
        pos = q;
        continue;
      }
      if (c == sep.segment) {
        terminated = true;
        ++pos;
        break;
      }
      if (c == sep.element || c == sep.component) {
        if (in_tag) {
          if (tag_text.empty()) tag_text = std::move(cur);
          cur.clear();
          if (c == sep.element) {
            in_tag = false;
            b.BeginElement();
          }
          // A component separator in the tag (segment tag qualifiers, never used in travel
          // messages) is dropped with its component.
          continue;
        }
        b.EndComponent();
        if (c == sep.element) b.BeginElement();
        continue;
      }
    }
    if (in_tag) {
      if (tag_text.empty()) tag_text = std::move(cur);
    } else {
      b.EndComponent();
    }
    b.Into(&seg, store);
    std::string_view tag = Trim(tag_text);
    bool tag_ok = !tag.empty() && tag.size() <= 6;
    for (char t : tag) tag_ok = tag_ok && IsAlnum(t);
    if (!tag_ok) {
      if (!terminated && !out.empty() && out.back().tag == "UNZ") break;
      return ParseError(Where(fname, seg.number, seg.line) + ": bad segment tag \"" +
                        std::string(tag.substr(0, 20)) + "\"");
    }
    seg.tag.assign(tag);
    for (auto& ch : seg.tag)
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (!terminated)
      warnings->push_back(Where(fname, seg.number, seg.line) + ": last segment " + seg.tag +
                          " has no terminator");
    bool is_unz = seg.tag == "UNZ";
    out.push_back(std::move(seg));
    if (is_unz) {
      std::string_view rest = Trim(data.substr(std::min(pos, data.size())));
      if (!rest.empty())
        warnings->push_back(fname + ": " + std::to_string(rest.size()) +
                            " bytes after UNZ ignored");
      break;
    }
  }
  return out;
}

Result<EdifactInterchange> ParseEdifact(std::string_view data, std::string_view name,
                                        const EdifactOptions& options) {
  EdifactInterchange ic;
  const std::string fname(name.empty() ? "<input>" : name);
  TAMIS_ASSIGN_OR_RETURN(auto segs,
                         TokenizeEdifact(data, name, options, &ic.separators, &ic.warnings));
  ic.had_una = FindServiceTag(data, "UNA") < FindServiceTag(data, "UNB");
  if (segs.empty() || segs[0].tag != "UNB")
    return ParseError(fname + ": interchange does not start with UNB");
  ic.unb = segs[0];
  ic.sender = ic.unb.Get(1);
  ic.recipient = ic.unb.Get(2);
  ic.control_ref = Trim(ic.unb.Get(4));

  EdifactMessage* msg = nullptr;  // open message
  const EdifactSegment* ung = nullptr;
  int group_messages = 0;
  bool saw_unz = false;
  auto ctx = [&](const EdifactSegment& s) { return SegmentContext(name, s); };
  for (size_t i = 1; i < segs.size(); ++i) {
    EdifactSegment& s = segs[i];
    if (s.tag == "UNH") {
      if (msg)
        return ParseError(ctx(s) + ": message " + msg->reference + " (UNH at segment " +
                          std::to_string(msg->unh.number) + ") not closed by UNT");
      ic.messages.emplace_back();
      msg = &ic.messages.back();
      msg->unh = s;
      // Its body: at most the segments left (an interchange is mostly one message).
      if (ic.messages.size() == 1) msg->segments.reserve(segs.size() - i);
      msg->reference = Trim(s.Get(0));
      msg->type = Trim(s.Get(1, 0));
      msg->version = Trim(s.Get(1, 1));
      msg->release = Trim(s.Get(1, 2));
      msg->agency = Trim(s.Get(1, 3));
      msg->association = Trim(s.Get(1, 4));
      msg->common_access_ref = Trim(s.Get(2));
      msg->sequence = Trim(s.Get(3, 0));
      msg->first_last = Trim(s.Get(3, 1));
      if (msg->type.empty()) return ParseError(ctx(s) + ": UNH without a message type");
      if (ung) ++group_messages;
    } else if (s.tag == "UNT") {
      if (!msg) return ParseError(ctx(s) + ": UNT outside a message");
      msg->unt = s;
      int expected = s.number - msg->unh.number + 1;
      int count = ToInt(s.Get(0));
      if (count != expected)
        TAMIS_RETURN_IF_ERROR(Problem(options, &ic.warnings,
                                      ctx(s) + ": segment count " + std::string(s.Get(0)) +
                                          " but the message has " + std::to_string(expected) +
                                          " segments (UNH at segment " +
                                          std::to_string(msg->unh.number) + ")"));
      std::string_view ref = Trim(s.Get(1));
      if (!ref.empty() && ref != msg->reference)
        TAMIS_RETURN_IF_ERROR(Problem(options, &ic.warnings,
                                      ctx(s) + ": reference \"" + std::string(ref) +
                                          "\" does not match UNH reference \"" + msg->reference +
                                          "\""));
      msg = nullptr;
    } else if (s.tag == "UNG") {
      if (msg) return ParseError(ctx(s) + ": UNG inside message " + msg->reference);
      if (ung)
        return ParseError(ctx(s) + ": UNG inside the group opened at segment " +
                          std::to_string(ung->number));
      ung = &s;
      group_messages = 0;
      ++ic.groups;
    } else if (s.tag == "UNE") {
      if (msg) return ParseError(ctx(s) + ": UNE inside message " + msg->reference + " (no UNT)");
      if (!ung) return ParseError(ctx(s) + ": UNE without UNG");
      int count = ToInt(s.Get(0));
      if (count != group_messages)
        TAMIS_RETURN_IF_ERROR(Problem(options, &ic.warnings,
                                      ctx(s) + ": message count " + std::string(s.Get(0)) +
                                          " but the group has " + std::to_string(group_messages)));
      std::string_view ref = Trim(s.Get(1));
      std::string_view gref = Trim(ung->Get(4));
      if (!ref.empty() && ref != gref)
        TAMIS_RETURN_IF_ERROR(Problem(options, &ic.warnings,
                                      ctx(s) + ": reference \"" + std::string(ref) +
                                          "\" does not match UNG reference \"" + std::string(gref) +
                                          "\""));
      ung = nullptr;
    } else if (s.tag == "UNZ") {
      if (msg)
        return ParseError(ctx(s) + ": message " + msg->reference + " (UNH at segment " +
                          std::to_string(msg->unh.number) + ") not closed by UNT");
      if (ung)
        return ParseError(ctx(s) + ": group opened at segment " + std::to_string(ung->number) +
                          " not closed by UNE");
      int expected = ic.groups > 0 ? ic.groups : static_cast<int>(ic.messages.size());
      int count = ToInt(s.Get(0));
      if (count != expected)
        TAMIS_RETURN_IF_ERROR(Problem(options, &ic.warnings,
                                      ctx(s) + ": control count " + std::string(s.Get(0)) +
                                          " but the interchange has " + std::to_string(expected) +
                                          (ic.groups > 0 ? " groups" : " messages")));
      std::string_view ref = Trim(s.Get(1));
      if (ref != ic.control_ref)
        TAMIS_RETURN_IF_ERROR(Problem(options, &ic.warnings,
                                      ctx(s) + ": reference \"" + std::string(ref) +
                                          "\" does not match UNB reference \"" + ic.control_ref +
                                          "\""));
      saw_unz = true;
      break;
    } else if (s.tag == "UNB") {
      return ParseError(ctx(s) + ": second UNB inside the interchange");
    } else if (msg) {
      msg->segments.push_back(std::move(s));
    } else {
      TAMIS_RETURN_IF_ERROR(Problem(options, &ic.warnings, ctx(s) + ": segment outside a message"));
    }
  }
  if (msg)
    return ParseError(fname + ": truncated interchange: message " + msg->reference +
                      " (UNH at segment " + std::to_string(msg->unh.number) + ") has no UNT");
  if (ung)
    return ParseError(fname + ": truncated interchange: group opened at segment " +
                      std::to_string(ung->number) + " has no UNE");
  if (!saw_unz) {
    std::string m = fname + ": truncated interchange: no UNZ after segment " +
                    std::to_string(segs.back().number);
    if (!options.allow_missing_unz) return ParseError(m);
    ic.warnings.push_back(m);
  }
  return ic;
}

}  // namespace tamis
