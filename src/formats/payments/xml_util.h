// Namespace-agnostic pugixml helpers for the ISO 20022 parser (elements matched by local
// name, "pacs:Dbtr" as "Dbtr"). Internal to tamis_formats_payments (exposes pugixml types).
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/strings.h"

namespace tamis::payments::xml {

// "pacs:Dbtr" -> "Dbtr".
inline std::string_view Local(const char* name) {
  const char* c = std::strchr(name, ':');
  return c ? std::string_view(c + 1) : std::string_view(name);
}

// Whether element name `name` ("Dbtr" or "pacs:Dbtr") has local name `local` (which holds no
// ':'). One pass over the name, no library call: the parser asks this of every sibling it
// passes (Local() and a compare cost a strchr and a strlen each).
inline bool HasLocalName(const char* name, std::string_view local) {
  size_t i = 0;
  while (i < local.size() && name[i] == local[i]) ++i;
  if (i == local.size() && name[i] == '\0') return true;
  const char* c = name + i;  // the prefix, if any, ends at the first ':'
  while (*c && *c != ':') ++c;
  if (*c != ':') return false;
  ++c;
  for (i = 0; i < local.size(); ++i)
    if (c[i] != local[i]) return false;
  return c[i] == '\0';
}

// The first child element with local name `local`; a null node when none (or `n` is null).
inline pugi::xml_node Child(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (HasLocalName(c.name(), local) && c.type() == pugi::node_element) return c;
  return {};
}

// The child elements of one element by local name, read once: an element the parser asks for
// many children of (a transaction: some twenty party roles, most absent) is walked once instead
// of once per asked name. Views into the document's names: valid while the document lives.
// The first kInline children sit in the object (no allocation), the rest in a vector. Each
// name is held with its length and first 8 bytes, so a look-up compares one word per child.
class Kids {
 public:
  Kids() = default;
  Kids(const Kids&) = delete;
  Kids& operator=(const Kids&) = delete;
  explicit Kids(pugi::xml_node n) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const char* name = c.name();
      const char* local = name;
      const char* e = name;
      for (; *e; ++e)
        if (*e == ':' && local == name) local = e + 1;  // the local name follows the first ':'
      const Kid k = MakeKid(std::string_view(local, static_cast<size_t>(e - local)), c);
      if (n_ < kInline) {
        inline_[n_++] = k;
      } else {
        more_.push_back(k);
      }
    }
  }
  // The first child with local name `local`; a null node when none.
  pugi::xml_node operator[](std::string_view local) const {
    const Kid q = MakeKid(local, {});
    for (size_t i = 0; i < n_; ++i)
      if (Same(inline_[i], q)) return inline_[i].node;
    for (const auto& k : more_)
      if (Same(k, q)) return k.node;
    return {};
  }
  // Calls f(child) for every child with local name `local`, in order.
  template <typename F>
  void ForEach(std::string_view local, F&& f) const {
    const Kid q = MakeKid(local, {});
    for (size_t i = 0; i < n_; ++i)
      if (Same(inline_[i], q)) f(inline_[i].node);
    for (const auto& k : more_)
      if (Same(k, q)) f(k.node);
  }

 private:
  struct Kid {
    const char* name;
    size_t size;
    uint64_t head;  // the name's first 8 bytes, zero-padded
    pugi::xml_node node;
  };
  static Kid MakeKid(std::string_view name, pugi::xml_node node) {
    uint64_t head = 0;
    std::memcpy(&head, name.data(), name.size() < 8 ? name.size() : 8);
    return {name.data(), name.size(), head, node};
  }
  static bool Same(const Kid& a, const Kid& b) {
    return a.head == b.head && a.size == b.size &&
           (a.size <= 8 || std::memcmp(a.name + 8, b.name + 8, a.size - 8) == 0);
  }
  static constexpr size_t kInline = 24;
  Kid inline_[kInline];
  size_t n_ = 0;
  std::vector<Kid> more_;
};

// Child(Child(n, "A"), "B") for "A/B".
inline pugi::xml_node Path(pugi::xml_node n, std::string_view path) {
  while (n && !path.empty()) {
    size_t slash = path.find('/');
    n = Child(n, path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return n;
}

// Calls f(child) for every child element with local name `local`, in order.
template <typename F>
void ForEachChild(pugi::xml_node n, std::string_view local, F&& f) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (HasLocalName(c.name(), local) && c.type() == pugi::node_element) f(c);
}

// True when every byte of `s` is ASCII (8 bytes at a time): such text needs no UTF-8 check.
inline bool AllAscii(std::string_view s) {
  size_t i = 0;
  uint64_t acc = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    acc |= w;
  }
  for (; i < s.size(); ++i) acc |= static_cast<unsigned char>(s[i]);
  return (acc & 0x8080808080808080ULL) == 0;
}

// CollapseSpaces(s) (core/strings.h: runs of ASCII white space as one ' ', none at the ends),
// copied in one go when `s` has nothing to collapse (most element values: one scan, no per-byte
// append). payments_test.cc checks it against CollapseSpaces.
inline std::string Collapsed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  bool prev_space = true;  // a space at the start must go
  for (char c : s) {
    const bool sp = space(c);
    if (sp && (prev_space || c != ' ')) return CollapseSpaces(s);
    prev_space = sp;
  }
  if (prev_space && !s.empty()) return CollapseSpaces(s);  // a trailing space
  return std::string(s);
}

// The element's text with runs of white space collapsed; "" for a null node.
inline std::string Text(pugi::xml_node n) { return n ? Collapsed(n.child_value()) : std::string(); }

// The first element with local name `local` at most `depth` levels below `doc`.
inline pugi::xml_node FindElement(pugi::xml_node n, std::string_view local, int depth) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (HasLocalName(c.name(), local)) return c;
    if (depth > 0)
      if (pugi::xml_node f = FindElement(c, local, depth - 1)) return f;
  }
  return {};
}

// The namespace URI of element `e` (its prefix resolved through xmlns declarations on it
// and its ancestors); "" when undeclared.
inline std::string Namespace(pugi::xml_node e) {
  std::string_view name = e.name();
  size_t colon = name.find(':');
  std::string attr = colon == std::string_view::npos
                         ? std::string("xmlns")
                         : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node n = e; n && n.type() == pugi::node_element; n = n.parent())
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return std::string(Trim(a.value()));
  return "";
}

// The last element starting at or before byte `offset` (document order); null when none.
inline pugi::xml_node ElementAt(pugi::xml_node doc, size_t offset) {
  struct Walker : pugi::xml_tree_walker {
    size_t offset;
    pugi::xml_node best;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() != pugi::node_element) return true;
      ptrdiff_t o = n.offset_debug();
      if (o < 0 || static_cast<size_t>(o) > offset) return false;
      best = n;
      return true;
    }
  } w;
  w.offset = offset;
  doc.traverse(w);
  return w.best;
}

}  // namespace tamis::payments::xml
