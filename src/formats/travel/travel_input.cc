#include "formats/travel/travel_input.h"

#include <charconv>

#include "formats/travel/paxlst.h"
#include "formats/travel/pnrgov.h"

namespace tamis {
namespace {

bool IsMrzChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }

std::string_view TrimLine(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// "UA0989/2017-01-27": flight number (carrier prepended when the number lacks it) and date.
std::string FlightId(const FlightLeg& leg) {
  std::string id = leg.flight_number;
  if (!leg.carrier.empty() && id.rfind(leg.carrier, 0) != 0) id = leg.carrier + id;
  if (id.empty()) id = "flight";
  if (!leg.departure_time.empty()) id += "/" + leg.departure_time.substr(0, 10);
  return id;
}

void AddTravellers(std::vector<Traveller>&& in, TravelFlight* f) {
  f->travellers.reserve(f->travellers.size() + in.size());
  char num[16];
  for (auto& t : in) {
    TravellerItem& it = f->travellers.emplace_back();  // (in place: a Traveller is large to move)
    it.traveller = std::move(t);
    it.index = static_cast<int>(f->travellers.size());
    const auto r = std::to_chars(num, num + sizeof num, it.index);
    it.id.reserve(f->id.size() + 1 + static_cast<size_t>(r.ptr - num));
    it.id.append(f->id).append(1, '/').append(num, r.ptr);
  }
}

// The EDIFACT parser options (PaxlstOptions, PnrgovOptions) of the input options.
template <typename EdifactParserOptions>
EdifactParserOptions ParserOptions(const TravelInputOptions& o) {
  EdifactParserOptions po;
  po.edifact.strict_envelope = o.strict_envelope;
  po.edifact.allow_missing_unz = !o.strict_envelope;
  po.reference_year = o.reference_year;
  return po;
}

TravelBatch EmptyBatch(TravelFormat format, std::vector<std::string> warnings) {
  TravelBatch b;
  b.format = format;
  b.warnings = std::move(warnings);
  return b;
}

Result<TravelBatch> ReadPaxlst(std::string_view bytes, std::string_view name, const TravelInputOptions& o) {
  TAMIS_ASSIGN_OR_RETURN(auto r, ParsePaxlst(bytes, name, ParserOptions<PaxlstOptions>(o)));
  TravelBatch b = EmptyBatch(TravelFormat::kPaxlst, std::move(r.warnings));
  for (auto& m : r.manifests) {
    TravelFlight f;
    if (!m.flights.empty()) f.leg = m.flights.front();
    f.legs = m.flights;
    f.id = FlightId(f.leg);
    f.message = m.message_ref;
    f.declared_passengers = m.declared_passengers;
    f.declared_crew = m.declared_crew;
    AddTravellers(std::move(m.travellers), &f);
    b.flights.push_back(std::move(f));
  }
  return b;
}

Result<TravelBatch> ReadPnrgov(std::string_view bytes, std::string_view name, const TravelInputOptions& o) {
  TAMIS_ASSIGN_OR_RETURN(auto r, ParsePnrgov(bytes, name, ParserOptions<PnrgovOptions>(o)));
  TravelBatch b = EmptyBatch(TravelFormat::kPnrgov, std::move(r.warnings));
  for (auto& m : r.messages) {
    TravelFlight f;
    f.leg = m.flight;
    f.legs.push_back(m.flight);
    f.id = FlightId(f.leg);
    f.message = m.reference;
    for (auto& rec : m.records) {
      for (auto& p : rec.passengers) {
        TravellerItem it;
        it.traveller = p.traveller;
        it.index = static_cast<int>(f.travellers.size()) + 1;
        it.pnr_locator = rec.locator;
        it.id = (rec.locator.empty() ? f.id : rec.locator) + "/" +
                (p.reference.empty() ? std::to_string(it.index) : p.reference);
        f.travellers.push_back(std::move(it));
      }
    }
    b.flights.push_back(std::move(f));
  }
  return b;
}

Result<TravelBatch> ReadMrzLines(std::string_view bytes, std::string_view name, const TravelInputOptions& o) {
  TravelBatch b;
  b.format = TravelFormat::kMrz;
  TravelFlight f;
  f.id = "mrz";
  MrzOptions mo;
  mo.accept_specimen_state = o.accept_specimen_state;
  mo.reference_year = o.reference_year;
  std::vector<std::pair<int, std::string>> pending;  // (line number, text) of the document being read
  auto parse = [&](int line, const std::string& text) {
    auto r = ParseMrz(text, mo);
    if (!r.ok()) {
      b.errors.push_back(std::string(name) + " line " + std::to_string(line) + ": " + r.status().message());
      return;
    }
    TravellerItem it;
    it.traveller = r->ToTraveller();
    it.index = static_cast<int>(f.travellers.size()) + 1;
    it.id = "mrz/" + std::to_string(it.index);
    it.mrz_format = std::string(MrzFormatName(r->format));
    it.mrz_issues = r->issues;
    f.travellers.push_back(std::move(it));
  };
  auto flush = [&] {
    if (pending.empty()) return;
    std::string text;
    for (const auto& [n, l] : pending) text += (text.empty() ? "" : "\n") + l;
    parse(pending.front().first, text);
    pending.clear();
  };
  int line_no = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    std::string_view line = TrimLine(bytes.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty()) {
      flush();
      continue;
    }
    if (line.find('|') != std::string_view::npos) {  // one document per line
      flush();
      parse(line_no, std::string(line));
      continue;
    }
    pending.emplace_back(line_no, std::string(line));
    const size_t len = pending.front().second.size();
    const size_t want = len == 30 ? 3 : 2;
    if (pending.back().second.size() != len) {  // a line of another length starts a new document
      auto last = pending.back();
      pending.pop_back();
      flush();
      pending.push_back(std::move(last));
    } else if (pending.size() == want) {
      flush();
    }
  }
  flush();
  b.flights.push_back(std::move(f));
  return b;
}

}  // namespace

std::string_view TravelFormatName(TravelFormat f) {
  switch (f) {
    case TravelFormat::kDetect: return "detect";
    case TravelFormat::kPaxlst: return "paxlst";
    case TravelFormat::kPnrgov: return "pnrgov";
    case TravelFormat::kMrz: return "mrz";
  }
  return "detect";
}

Result<TravelFormat> ParseTravelFormat(std::string_view s) {
  if (s.empty() || s == "detect") return TravelFormat::kDetect;
  if (s == "paxlst") return TravelFormat::kPaxlst;
  if (s == "pnrgov") return TravelFormat::kPnrgov;
  if (s == "mrz") return TravelFormat::kMrz;
  return InvalidArgument("unknown travel format '" + std::string(s) + "' (paxlst, pnrgov, mrz or detect)");
}

TravelFormat DetectTravelFormat(std::string_view bytes) {
  const size_t una = bytes.find("UNA");
  const size_t unb = bytes.find("UNB");
  if (una != std::string_view::npos || unb != std::string_view::npos) {
    const size_t paxlst = bytes.find("PAXLST"), pnrgov = bytes.find("PNRGOV");
    if (paxlst != std::string_view::npos && (pnrgov == std::string_view::npos || paxlst < pnrgov))
      return TravelFormat::kPaxlst;
    if (pnrgov != std::string_view::npos) return TravelFormat::kPnrgov;
  }
  // MRZ: every non-blank line of MRZ characters (and '|').
  bool any = false;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    std::string_view line = TrimLine(bytes.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) continue;
    for (char c : line)
      if (!IsMrzChar(c) && c != '|') return TravelFormat::kDetect;
    any |= line.size() >= 30;
  }
  return any ? TravelFormat::kMrz : TravelFormat::kDetect;
}

Result<TravelBatch> ReadTravelInput(std::string_view bytes, std::string_view name, const TravelInputOptions& o) {
  TravelFormat f = o.format == TravelFormat::kDetect ? DetectTravelFormat(bytes) : o.format;
  switch (f) {
    case TravelFormat::kPaxlst: return ReadPaxlst(bytes, name, o);
    case TravelFormat::kPnrgov: return ReadPnrgov(bytes, name, o);
    case TravelFormat::kMrz: return ReadMrzLines(bytes, name, o);
    case TravelFormat::kDetect: break;
  }
  return ParseError(std::string(name) +
                    ": not a travel message (no PAXLST or PNRGOV interchange, and not MRZ lines of A-Z, 0-9 and '<')");
}

}  // namespace tamis
