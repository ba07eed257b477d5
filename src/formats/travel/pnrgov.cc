#include "formats/travel/pnrgov.h"

#include <optional>
#include <utility>

namespace tamis {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

bool Digits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// PNRGOV dates are DDMMYY, times HHMM: "121210", "0915" -> "2010-12-12T09:15".
std::string PnrDateTime(std::string_view date, std::string_view time) {
  if (!Digits(date, 6)) return "";
  std::string s = "20" + std::string(date.substr(4, 2)) + "-" + std::string(date.substr(2, 2)) +
                  "-" + std::string(date.substr(0, 2));
  if (Digits(time, 4))
    s += "T" + std::string(time.substr(0, 2)) + ":" + std::string(time.substr(2, 2));
  return s;
}

// Titles airlines append to the given name, glued ("JOHNMR") or after a blank ("NINA MS").
std::string StripTitle(std::string g) {
  g = Trim(g);
  static constexpr std::string_view kSpaced[] = {" MRS",  " MR", " MS",     " MISS",
                                                 " MSTR", " DR", " MISTER", " PROF"};
  for (auto t : kSpaced)
    if (g.size() > t.size() && g.compare(g.size() - t.size(), t.size(), t) == 0)
      return Trim(g.substr(0, g.size() - t.size()));
  static constexpr std::string_view kGlued[] = {"MSTR", "MISS", "MRS", "MR"};
  for (auto t : kGlued)
    if (g.size() >= t.size() + 2 && g.compare(g.size() - t.size(), t.size(), t) == 0)
      return g.substr(0, g.size() - t.size());
  return g;
}

std::vector<std::string> SplitBlanks(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!s.empty()) s += ", ";
    s += p;
  }
  return s;
}

class PnrParser {
 public:
  PnrParser(std::string_view name, const PnrgovOptions& o, std::vector<std::string>* w)
      : name_(name), opts_(o), warnings_(w) {}

  PnrMessage Parse(const EdifactMessage& msg) {
    PnrMessage m;
    m.reference = msg.reference;
    m.version = msg.version + ":" + msg.release;
    for (const auto& s : msg.segments) Segment(s, &m);
    if (m.declared_records >= 0 && static_cast<size_t>(m.declared_records) != m.records.size())
      warnings_->push_back(std::string(name_.empty() ? "<input>" : name_) + ": message " +
                           m.reference + ": EQN declares " + std::to_string(m.declared_records) +
                           " PNRs, " + std::to_string(m.records.size()) + " found");
    return m;
  }

 private:
  void Warn(const EdifactSegment& s, const std::string& what) {
    warnings_->push_back(SegmentContext(name_, s) + ": " + what);
  }

  static FlightLeg Leg(const EdifactSegment& s) {
    FlightLeg f;
    std::string_view date = s.Get(0, 0), t1 = s.Get(0, 1), c2 = s.Get(0, 2), t3 = s.Get(0, 3);
    f.departure_time = PnrDateTime(date, t1);
    if (Digits(c2, 6))
      f.arrival_time = PnrDateTime(c2, t3);
    else if (Digits(c2, 4))
      f.arrival_time = PnrDateTime(date, c2);
    else if (Digits(t3, 4))
      f.arrival_time = PnrDateTime(date, t3);
    f.departure_airport = Trim(s.Get(1, 0));
    f.arrival_airport = Trim(s.Get(2, 0));
    f.carrier = Trim(s.Get(3, 0));
    f.flight_number = Trim(s.Get(4, 0));
    f.segment = s.number;
    return f;
  }

  void Segment(const EdifactSegment& s, PnrMessage* m) {
    const std::string& tag = s.tag;
    if (tag == "SRC") {
      m->records.emplace_back();
      rec_ = &m->records.back();
      rec_->segment = s.number;
      pax_ = -1;
      itinerary_ = history_ = skip_next_ = false;
      infant_.reset();
      return;
    }
    if (!rec_) {  // message level, before the first PNR
      if (tag == "TVL")
        m->flight = Leg(s);
      else if (tag == "EQN")
        m->declared_records = EdifactNumber(s.Get(0, 0));
      return;
    }
    if (tag == "ABI") {
      history_ = true;
      return;
    }
    if (tag == "SAC") {
      skip_next_ = true;
      return;
    }
    if (history_) return;
    if (skip_next_) {
      skip_next_ = false;
      return;
    }
    if (tag == "RCI") {
      if (rec_->locator.empty()) {
        rec_->locator_airline = Trim(s.Get(0, 0));
        rec_->locator = Trim(s.Get(0, 1));
      }
    } else if (tag == "TIF") {
      std::string surname = Trim(s.Get(0, 0));
      std::string given = Trim(s.Get(1, 0));
      if (itinerary_) {  // a reference back (seat / check-in data): find the passenger
        pax_ = -1;
        for (size_t i = 0; i < rec_->passengers.size(); ++i)
          if (rec_->passengers[i].traveller.surname == surname &&
              rec_->passengers[i].given_raw == given)
            pax_ = static_cast<int>(i);
        return;
      }
      PnrPassenger p;
      p.traveller.role = TravellerRole::kPassenger;
      p.traveller.role_code = "TIF";
      p.traveller.surname = surname;
      p.given_raw = given;
      p.traveller.given_names = SplitBlanks(StripTitle(given));
      p.passenger_type = Trim(s.Get(1, 1));
      if (p.passenger_type == "IN" && infant_.has_value()) {
        // The infant's DOCS came under the adult travelling with it (gender MI / FI).
        Traveller& t = p.traveller;
        t.documents = std::move(infant_->documents);
        t.nationalities = std::move(infant_->nationalities);
        t.nationalities_iso = std::move(infant_->nationalities_iso);
        t.dob = infant_->dob;
        t.gender = infant_->gender;
        infant_.reset();
      }
      p.reference = Trim(s.Get(1, 2));
      p.traveller.segment = s.number;
      if (surname.empty()) Warn(s, "passenger without a surname");
      rec_->passengers.push_back(std::move(p));
      pax_ = static_cast<int>(rec_->passengers.size()) - 1;
    } else if (tag == "TVL") {
      itinerary_ = true;
      pax_ = -1;
      FlightLeg f = Leg(s);
      if (!f.arrival_airport.empty()) rec_->itinerary.push_back(std::move(f));
    } else if (tag == "SSR") {
      Ssr(s);
    } else if (tag == "TKT") {
      if (Passenger()) Passenger()->tickets.push_back(Trim(s.Get(0, 0)));
    } else if (tag == "ADD") {
      for (size_t e = 1; e < s.size(); ++e) {
        std::vector<std::string> parts;
        for (size_t c = 1; c <= 6; ++c) parts.push_back(Trim(s.Get(e, c)));
        std::string addr = Join(parts);
        if (!addr.empty()) rec_->contacts.push_back({"address", addr, ContactOwner(), s.number});
        std::string phone = Trim(s.Get(e, 7));
        if (!phone.empty()) rec_->contacts.push_back({"phone", phone, ContactOwner(), s.number});
      }
    } else if (tag == "IFT") {
      for (size_t e = 1; e < s.size(); ++e) {
        std::string text = Trim(s.Get(e, 0));
        if (text.size() < 5 || text.compare(0, 3, "CTC") != 0) continue;
        std::string value = Trim(std::string_view(text).substr(4));
        if (text[3] == 'E')
          rec_->contacts.push_back({"email", DecodePnrEmail(value), ContactOwner(), s.number});
        else
          rec_->contacts.push_back({"phone", value, ContactOwner(), s.number});
      }
    } else if (tag == "FOP") {
      for (size_t e = 0; e < s.size(); ++e) {
        PnrPayment p;
        p.type = Trim(s.Get(e, 0));
        p.amount = Trim(s.Get(e, 2));
        p.card_vendor = Trim(s.Get(e, 3));
        p.card_number = Trim(s.Get(e, 4));
        p.card_expiry = Trim(s.Get(e, 5));
        p.passenger = ContactOwner();
        p.segment = s.number;
        if (!p.type.empty()) rec_->payments.push_back(std::move(p));
      }
    }
  }

  PnrPassenger* Passenger() { return pax_ >= 0 ? &rec_->passengers[pax_] : nullptr; }
  int ContactOwner() const { return itinerary_ ? -1 : pax_; }

  // The SSR free text: the first component after the fixed ones holding a '/', else the last.
  static std::string_view FreeText(const EdifactSegment& s) {
    const size_t n = s.components(0);
    for (size_t c = 4; c < n; ++c)
      if (s.Get(0, c).find('/') != std::string_view::npos) return s.Get(0, c);
    for (size_t c = n; c > 4; --c)
      if (!s.Get(0, c - 1).empty()) return s.Get(0, c - 1);
    return {};
  }

  void Date(const EdifactSegment& s, std::string_view text, int future, PartialDate* out,
            const char* what) {
    if (Trim(text).empty()) return;
    auto d = ParseTravelDate(text, opts_.reference_year, future);
    if (d)
      *out = *d;
    else
      Warn(s, std::string("bad ") + what + " \"" + std::string(text) + "\"");
  }

  void Ssr(const EdifactSegment& s) {
    std::string code = Trim(s.Get(0, 0));
    if (code.size() == 4 && code.compare(0, 3, "CTC") == 0) {  // SSR CTCE / CTCM / CTCH / CTCB
      std::string value = Trim(FreeText(s));
      if (!value.empty() && value.front() == '/') value = Trim(std::string_view(value).substr(1));
      if (!value.empty() && !itinerary_)
        rec_->contacts.push_back({code[3] == 'E' ? "email" : "phone",
                                  code[3] == 'E' ? DecodePnrEmail(value) : value, pax_, s.number});
      return;
    }
    if (code != "DOCS" && code != "DOCO" && code != "DOCA") return;
    if (itinerary_) return;  // flight-level repeats of the passengers' SSRs
    PnrPassenger* p = Passenger();
    if (!p) {
      Warn(s, "SSR " + code + " outside a passenger ignored");
      return;
    }
    std::vector<std::string> f = SplitSsrText(FreeText(s));
    f.resize(10);
    // DOCS of an infant (gender MI / FI) listed under its adult: kept for the infant's TIF.
    bool infant = code == "DOCS" && f[5].size() == 2 && f[5][1] == 'I' && p->passenger_type != "IN";
    if (infant) infant_.emplace();
    Traveller& t = infant ? *infant_ : p->traveller;
    if (code == "DOCS") {
      // type/issuer/number/nationality/birth date/gender/expiry/surname/given/middle
      if (!f[2].empty() || !f[0].empty()) {
        TravelDocument d;
        d.type = f[0];
        d.issuer = f[1];
        d.issuer_iso = IcaoToIso(f[1]);
        d.number = f[2];
        Date(s, f[6], 50, &d.expiry, "expiry date");
        t.documents.push_back(std::move(d));
      }
      if (!f[3].empty()) {
        t.nationalities.push_back(f[3]);
        if (auto iso = IcaoToIso(f[3]); !iso.empty()) t.nationalities_iso.push_back(iso);
      }
      Date(s, f[4], 0, &t.dob, "birth date");
      if (!f[5].empty() && (f[5][0] == 'M' || f[5][0] == 'F'))
        t.gender = f[5][0] == 'M' ? Gender::kMale : Gender::kFemale;
      if (t.given_names.empty() && !f[8].empty()) t.given_names = SplitBlanks(f[8]);
    } else if (code == "DOCO") {
      // birth place/type/number/place of issue/issue date/country the document is valid for
      if (!f[0].empty()) t.birth_place = f[0];
      if (!f[2].empty()) {
        TravelDocument d;
        d.type = f[1];
        d.number = f[2];
        d.issuer = f[5];
        d.issuer_iso = IcaoToIso(f[5]);
        Date(s, f[4], 0, &d.issued, "issue date");
        t.documents.push_back(std::move(d));
      }
    } else {
      // type (R residence / D destination)/country/street/city/state/postcode
      std::string addr = Join({f[2], f[3], f[4], f[5], f[1]});
      if (!addr.empty()) {
        if (f[0] != "D" || t.address.empty()) t.address = addr;
        rec_->contacts.push_back({"address", addr, pax_, s.number});
      }
      if (f[0] == "R" && !f[1].empty()) t.residence_country = f[1];
    }
  }

  std::string_view name_;
  const PnrgovOptions& opts_;
  std::vector<std::string>* warnings_;
  PnrRecord* rec_ = nullptr;  // into PnrMessage::records; reset before that vector grows
  int pax_ = -1;
  std::optional<Traveller> infant_;  // an infant's DOCS awaiting its TIF
  bool itinerary_ = false, history_ = false, skip_next_ = false;
};

}  // namespace

std::string DecodePnrEmail(std::string_view t) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i + 1 < t.size() && t[i] == '/' && t[i + 1] == '/') {
      out += '@';
      ++i;
    } else if (i + 1 < t.size() && t[i] == '.' && t[i + 1] == '.') {
      out += '_';
      ++i;
    } else if (i + 1 < t.size() && t[i] == '.' && t[i + 1] == '/') {
      out += '-';
      ++i;
    } else
      out += t[i];
  }
  return out;
}

std::vector<std::string> SplitSsrText(std::string_view t) {
  std::vector<std::string> out;
  if (!t.empty() && t.front() == '/') t.remove_prefix(1);
  if (t.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t p = t.find('/', start);
    out.push_back(
        Trim(t.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start)));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

Result<PnrgovResult> ParsePnrgov(std::string_view data, std::string_view name,
                                 const PnrgovOptions& options) {
  TAMIS_ASSIGN_OR_RETURN(EdifactInterchange ic, ParseEdifact(data, name, options.edifact));
  PnrgovResult out;
  out.warnings = ic.warnings;
  for (const auto& msg : ic.messages) {
    if (msg.type != "PNRGOV")
      return ParseError(SegmentContext(name, msg.unh) + ": message type " + msg.type +
                        ", not PNRGOV");
    PnrParser p(name, options, &out.warnings);
    out.messages.push_back(p.Parse(msg));
  }
  return out;
}

}  // namespace tamis
