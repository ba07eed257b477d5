#include "formats/travel/paxlst.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <utility>

namespace tamis {
namespace {

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '<')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '<')) s.remove_suffix(1);
  return s;
}

std::string Trimmed(std::string_view s) { return std::string(TrimView(s)); }

// Non-person NAD parties: reporting party, contacts, agents, carriers, owners, operators.
bool IsOrganisationParty(std::string_view q) {
  static constexpr std::string_view kOrgs[] = {"MS", "CP", "BA", "DL", "CA", "CZ", "CN", "OS",
                                               "AG", "CB", "SF", "ST", "VN", "EX", "IM"};
  return std::find(std::begin(kOrgs), std::end(kOrgs), q) != std::end(kOrgs);
}

std::optional<TravellerRole> RoleOf(std::string_view q) {
  if (q == "FL" || q == "DDT") return TravellerRole::kPassenger;
  if (q == "FM" || q == "DDU" || q == "COT" || q == "VW") return TravellerRole::kCrew;
  if (IsOrganisationParty(q)) return std::nullopt;
  return TravellerRole::kOther;
}

// The first non-empty component of element e ("LOC+180+:::Hartford USA" -> "Hartford USA").
std::string_view FirstText(const EdifactSegment& s, size_t e) {
  for (size_t c = 0; c < s.components(e); ++c)
    if (std::string_view t = TrimView(s.Get(e, c)); !t.empty()) return t;
  return {};
}

class MessageParser {
 public:
  MessageParser(std::string_view name, const PaxlstOptions& o, std::vector<std::string>* w)
      : name_(name), opts_(o), warnings_(w) {}

  Result<Manifest> Parse(const EdifactMessage& msg, const EdifactInterchange& ic) {
    Manifest m;
    m.message_ref = msg.reference;
    m.common_access_ref = msg.common_access_ref;
    m.version = msg.version + ":" + msg.release;
    m.sender = ic.sender;
    size_t parties = 0;  // room for every NAD's traveller (a Traveller is large to move)
    for (const auto& s : msg.segments) parties += s.tag == "NAD";
    m.travellers.reserve(parties);
    for (const auto& s : msg.segments) TAMIS_RETURN_IF_ERROR(Segment(s, &m));
    return m;
  }

 private:
  void Warn(const EdifactSegment& s, const std::string& what) {
    warnings_->push_back(SegmentContext(name_, s) + ": " + what);
  }

  Status Date(const EdifactSegment& s, int future_years, PartialDate* out) {
    std::string_view text = s.Get(0, 1);
    auto d = ParseTravelDate(text, opts_.reference_year, future_years);
    if (!d) {
      std::string m =
          "bad date \"" + std::string(text) + "\" (DTM " + std::string(s.Get(0, 0)) + ")";
      if (opts_.strict_dates) return ParseError(SegmentContext(name_, s) + ": " + m);
      Warn(s, m);
      return Status::Ok();
    }
    *out = *d;
    return Status::Ok();
  }

  Status Segment(const EdifactSegment& s, Manifest* m) {
    const std::string& tag = s.tag;
    std::string_view q = s.Get(0);
    if (tag == "BGM") {
      m->document_code = Trimmed(s.Get(0));
    } else if (tag == "TDT") {
      FlightLeg f;
      f.flight_number = Trimmed(s.Get(1));
      f.carrier = Trimmed(s.Get(4));
      f.segment = s.number;
      m->flights.push_back(std::move(f));
      flight_ = &m->flights.back();
      traveller_ = nullptr;
      doc_ = nullptr;
    } else if (tag == "NAD") {
      doc_ = nullptr;
      traveller_ = nullptr;
      const std::string_view qual = TrimView(q);
      auto role = RoleOf(qual);
      if (!role) {
        if (qual == "MS") m->reporting_party = FirstText(s, 3);
        return Status::Ok();
      }
      if (*role == TravellerRole::kOther)
        Warn(s, "unknown party qualifier \"" + std::string(qual) + "\" read as a person");
      Traveller& t = m->travellers.emplace_back();  // (built in place: a Traveller is large to move)
      t.role = *role;
      t.role_code.assign(qual);
      t.segment = s.number;
      if (const size_t nc = s.components(3); nc > 0) {
        t.surname.assign(TrimView(s.Get(3, 0)));
        // C080: up to five name components (3036), then the name format code (3045).
        size_t given = 0;
        for (size_t c = 1; c < nc && c < 5; ++c) given += !TrimView(s.Get(3, c)).empty();
        t.given_names.reserve(given);
        for (size_t c = 1; c < nc && c < 5; ++c)
          if (auto g = TrimView(s.Get(3, c)); !g.empty()) t.given_names.emplace_back(g);
      }
      if (t.surname.empty() && t.given_names.empty()) Warn(s, "traveller without a name");
      std::string addr;
      for (size_t e = 4; e <= 7 && e < s.size(); ++e) {
        std::string_view part = FirstText(s, e);
        if (part.empty()) continue;
        if (!addr.empty()) addr += ", ";
        addr += part;
      }
      t.address = std::move(addr);
      traveller_ = &t;
    } else if (tag == "ATT") {
      if (!traveller_ || TrimView(q) != "2") return Status::Ok();
      std::string_view g = s.Get(2);
      if (!g.empty() && (g[0] == 'M' || g[0] == 'm'))
        traveller_->gender = Gender::kMale;
      else if (!g.empty() && (g[0] == 'F' || g[0] == 'f'))
        traveller_->gender = Gender::kFemale;
    } else if (tag == "DTM") {
      std::string_view dq = s.Get(0, 0);
      if (dq == "329" && traveller_) return Date(s, 0, &traveller_->dob);
      if (dq == "36" && doc_) return Date(s, 50, &doc_->expiry);
      if (dq == "182" && doc_) return Date(s, 0, &doc_->issued);
      if ((dq == "189" || dq == "232") && flight_ && !traveller_) {
        std::string t = EdifactDateTime(s.Get(0, 1));
        if (t.empty()) {
          if (opts_.strict_dates)
            return ParseError(SegmentContext(name_, s) + ": bad date/time \"" +
                              std::string(s.Get(0, 1)) + "\"");
          Warn(s, "bad date/time \"" + std::string(s.Get(0, 1)) + "\"");
        }
        (dq == "189" ? flight_->departure_time : flight_->arrival_time) = t;
      }
    } else if (tag == "LOC") {
      const std::string_view where = FirstText(s, 1);
      const std::string_view lq = TrimView(q);
      if (doc_ && lq == "91") {
        if (s.Get(1, 1) == "163") {
          doc_->issuer_subdivision.assign(TrimView(s.Get(1, 0)));
        } else if (doc_->issuer.empty() || s.Get(1, 1) == "162") {
          doc_->issuer.assign(TrimView(s.Get(1, 0)));
          doc_->issuer_iso = IcaoToIso(doc_->issuer);
        }
      } else if (traveller_) {
        if (lq == "178")
          traveller_->embarkation.assign(where);
        else if (lq == "179")
          traveller_->debarkation.assign(where);
        else if (lq == "174")
          traveller_->residence_country.assign(where);
        else if (lq == "180")
          traveller_->birth_place.assign(where);
        else if (lq == "22")
          traveller_->clearance.assign(where);
      } else if (flight_) {
        if (lq == "125")
          flight_->departure_airport.assign(where);
        else if (lq == "87")
          flight_->arrival_airport.assign(where);
        else if (lq == "92") {
          (flight_->departure_airport.empty() ? flight_->departure_airport
                                              : flight_->arrival_airport).assign(where);
        }
      }
    } else if (tag == "NAT") {
      if (!traveller_) return Status::Ok();
      const std::string_view n = TrimView(s.Get(1, 0));
      if (n.empty()) return Status::Ok();
      traveller_->nationalities.emplace_back(n);
      if (auto iso = IcaoToIso(n); !iso.empty()) traveller_->nationalities_iso.push_back(std::move(iso));
    } else if (tag == "RFF") {
      if (traveller_)
        traveller_->references.emplace_back(Trimmed(s.Get(0, 0)), Trimmed(s.Get(0, 1)));
    } else if (tag == "DOC") {
      if (!traveller_) {
        Warn(s, "DOC before any traveller ignored");
        return Status::Ok();
      }
      doc_ = &traveller_->documents.emplace_back();
      doc_->type.assign(TrimView(s.Get(0, 0)));
      doc_->number.assign(TrimView(s.Get(1, 0)));
    } else if (tag == "EMP") {
      if (traveller_) traveller_->occupation = Trimmed(s.Get(1, 0));
    } else if (tag == "GEI") {
      if (traveller_)
        for (size_t e = 1; e < s.size(); ++e)
          if (auto g = Trimmed(s.Get(e, 0)); !g.empty()) traveller_->indicators.push_back(g);
    } else if (tag == "CNT") {
      // CNT+42:2 (standard); CNT+41+8 seen in the field.
      std::string_view cq = s.Get(0, 0);
      int n = EdifactNumber(s.Get(0, 1).empty() ? s.Get(1, 0) : s.Get(0, 1));
      if (cq == "42")
        m->declared_passengers = n;
      else if (cq == "41")
        m->declared_crew = n;
    }
    // COM, FTX, QTY and unknown segments: tolerated, nothing kept.
    return Status::Ok();
  }

  std::string_view name_;
  const PaxlstOptions& opts_;
  std::vector<std::string>* warnings_;
  // Pointers into the manifest being built (vectors only grow at their back, and a pointer is
  // reset before the vector it points into grows).
  FlightLeg* flight_ = nullptr;
  Traveller* traveller_ = nullptr;
  TravelDocument* doc_ = nullptr;
};

void CheckCounts(const Manifest& m, std::string_view name, std::vector<std::string>* w) {
  auto check = [&](int declared, TravellerRole role, const char* what) {
    if (declared < 0) return;
    size_t have = m.CountRole(role);
    if (static_cast<size_t>(declared) != have)
      w->push_back(std::string(name.empty() ? "<input>" : name) + ": message " + m.message_ref +
                   ": CNT declares " + std::to_string(declared) + " " + what + ", " +
                   std::to_string(have) + " listed");
  };
  check(m.declared_passengers, TravellerRole::kPassenger, "passengers");
  check(m.declared_crew, TravellerRole::kCrew, "crew");
}

int SequenceNumber(const std::string& s) {
  int v = EdifactNumber(s);
  return v < 0 ? 0 : v;
}

}  // namespace

size_t Manifest::CountRole(TravellerRole r) const {
  return static_cast<size_t>(std::count_if(travellers.begin(), travellers.end(),
                                           [r](const Traveller& t) { return t.role == r; }));
}

Result<PaxlstResult> ParsePaxlst(std::string_view data, std::string_view name,
                                 const PaxlstOptions& options) {
  TAMIS_ASSIGN_OR_RETURN(EdifactInterchange ic, ParseEdifact(data, name, options.edifact));
  PaxlstResult out;
  out.warnings = ic.warnings;
  // Parts of one multipart set, by common access reference, in input order of first appearance.
  struct Part {
    int sequence;
    std::string marker;
    Manifest manifest;
  };
  std::vector<std::pair<std::string, std::vector<Part>>> sets;
  std::map<std::string, size_t> set_index;
  for (const auto& msg : ic.messages) {
    if (msg.type != "PAXLST")
      return ParseError(SegmentContext(name, msg.unh) + ": message type " + msg.type +
                        ", not PAXLST");
    MessageParser p(name, options, &out.warnings);
    TAMIS_ASSIGN_OR_RETURN(Manifest m, p.Parse(msg, ic));
    bool multipart = !msg.common_access_ref.empty() && !msg.sequence.empty();
    std::string key = multipart ? msg.common_access_ref : "\x01" + std::to_string(msg.unh.number);
    auto [it, fresh] = set_index.emplace(key, sets.size());
    if (fresh) sets.emplace_back(key, std::vector<Part>{});
    sets[it->second].second.push_back({SequenceNumber(msg.sequence), msg.first_last, std::move(m)});
  }
  for (auto& [key, parts] : sets) {
    std::stable_sort(parts.begin(), parts.end(),
                     [](const Part& a, const Part& b) { return a.sequence < b.sequence; });
    Manifest joined = std::move(parts[0].manifest);
    joined.parts = static_cast<int>(parts.size());
    for (size_t i = 1; i < parts.size(); ++i) {
      Manifest& p = parts[i].manifest;
      for (auto& f : p.flights) {
        bool dup =
            std::any_of(joined.flights.begin(), joined.flights.end(), [&](const FlightLeg& g) {
              return g.flight_number == f.flight_number && g.carrier == f.carrier &&
                     g.departure_airport == f.departure_airport &&
                     g.arrival_airport == f.arrival_airport && g.departure_time == f.departure_time;
            });
        if (!dup) joined.flights.push_back(std::move(f));
      }
      for (auto& t : p.travellers) joined.travellers.push_back(std::move(t));
      if (p.declared_passengers >= 0)
        joined.declared_passengers =
            std::max(joined.declared_passengers, 0) + p.declared_passengers;
      if (p.declared_crew >= 0)
        joined.declared_crew = std::max(joined.declared_crew, 0) + p.declared_crew;
    }
    if (key[0] != '\x01') {
      const std::string where =
          std::string(name.empty() ? "<input>" : name) + ": multipart manifest " + key;
      for (size_t i = 0; i < parts.size(); ++i)
        if (parts[i].sequence != parts[0].sequence + static_cast<int>(i)) {
          out.warnings.push_back(where + ": part " +
                                 std::to_string(parts[0].sequence + static_cast<int>(i)) +
                                 " missing");
          break;
        }
      if (parts.back().marker != "F")
        out.warnings.push_back(where + ": no final part (UNH 0073 'F'); " +
                               std::to_string(parts.size()) + " part(s) seen");
    }
    CheckCounts(joined, name, &out.warnings);
    out.manifests.push_back(std::move(joined));
  }
  return out;
}

}  // namespace tamis
