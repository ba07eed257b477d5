// How a traveller's attributes weigh on a name hit, beyond the name engine: date of birth as a
// window around every listed date (year-only dates, ranges, circa, a tolerance in years and days,
// day and month swapped), nationality, gender, and the travel document: a number equal to a listed
// document's (letters and digits only, the letter O read as the digit 0) is near-certain on its
// own, the issuing country raising or lowering that certainty.
//
// Pure functions and an immutable document index; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/entity.h"
#include "core/names/scorer.h"
#include "formats/travel/travel.h"

namespace tamis {

// The date-of-birth window. A listed date is an interval (a year: the whole year; a month: the
// whole month; a full date: that day; a range: from its first to its last day; circa: the year
// +- circa_years), widened by tolerance_years (365.25 days a year) and tolerance_days on each
// side. A traveller's date (an interval too when partial) inside it is a window match.
struct DobWindowOptions {
  int tolerance_years = 0;     // +- years around every listed date (default 0)
  int tolerance_days = 0;      // +- days around every listed date (default 0)
  int circa_years = 1;         // a "circa" year covers +- this many years (default 1)
  // A listed full date with day and month swapped (03/05 for 05/03: US against EU order) is a
  // window match (default true).
  bool day_month_swap = true;
  // Outside every window by at most this many years: neutral, neither bonus nor penalty
  // (default 1: a listed full date and a traveller born the same or the next year).
  int near_years = 1;
};

// The score changes (added to the name score, clamped to [0, 1]).
struct TravelWeights {
  double dob_exact = 0.05;       // the same full date
  double dob_window = 0.03;      // inside a listed date's window
  // Every listed date is off by more than near_years. A document's date of birth is exact and a
  // list's is rarely wrong by more than a year, so this is strong evidence of another person:
  // a perfect name (1.00) with every listed date off stays an alert (0.80), a 0.90 name is no
  // longer one (0.70), weaker names drop below the threshold (default -0.20; -0.12 before
  // session 12).
  double dob_off = -0.20;
  double nationality_shared = 0.02;
  double nationality_off = -0.05;  // both known, none shared (document issuer counts as one)
  double gender_off = -0.10;       // both known and different
  // The list marks the matched name's family name and no token of the traveller's name is that
  // family name or a spelling of it (see FamilyNameAbsent): the match rests on given names
  // alone, which many unrelated people share (default -0.10).
  double family_off = -0.10;
  // Attributes other than the document weigh only on hits whose name score is at least the
  // threshold less this (they tip a borderline name, never make a match of an unrelated one).
  double attributes_from = 0.15;
  // An identical document number (see TravelDocumentKey), type compatible:
  double document_same_country = 0.99;   // issuing countries known on both sides and equal
  double document_unknown_country = 0.97;  // either side gives no issuing country
  double document_other_country = 0.80;  // both known and different (a coincidence is plausible)
};

enum class DobMatch { kUnknown, kExact, kWindow, kNear, kOff };
std::string_view DobMatchName(DobMatch m);  // "unknown", "exact", "window", "near", "off"

// Compares a traveller's date of birth with an entity's listed ones. *detail (may be null)
// gets a short explanation ("1975-06-14 within listed 1975"). kUnknown when either side has none.
DobMatch CompareTravelDob(const PartialDate& traveller, const std::vector<DateOfBirth>& listed,
                          const DobWindowOptions& options, std::string* detail);

// A document number as travel documents compare: letters upper-cased, every character other than
// A-Z and 0-9 dropped, the letter O read as the digit 0 ("ab-12 O34" -> "AB12034"). Keys shorter
// than names::kMinDocumentKey (5) never compare equal.
std::string TravelDocumentKey(std::string_view number);

// Whether a travel document type ("P", "PM", "I", "ID", "V", "C", as MRZ / PAXLST / SSR DOCS
// write it) may be the same document as a listed one of type `listed_type` ("passport",
// "national_id", "other", ""): passports with passports, identity cards with national ids, any
// type with an untyped or "other" listed document; visas never.
bool DocumentTypesCompatible(std::string_view travel_type, std::string_view listed_type);

// Every listed identity document of an index's entities by TravelDocumentKey. Immutable.
class TravelDocumentIndex {
 public:
  struct Posting {
    uint32_t entity;  // index into the name index's entities
    uint16_t document;  // index into the entity's documents
  };
  // `entity_count` entities, `entity(i)` returning each.
  template <typename EntityAt>
  static TravelDocumentIndex Build(size_t entity_count, const EntityAt& entity) {
    TravelDocumentIndex ix;
    for (size_t e = 0; e < entity_count; ++e) {
      const Entity& en = entity(e);
      for (size_t d = 0; d < en.documents.size() && d < 65535; ++d) {
        std::string k = TravelDocumentKey(en.documents[d].number);
        if (k.size() >= names::kMinDocumentKey)
          ix.map_[std::move(k)].push_back({static_cast<uint32_t>(e), static_cast<uint16_t>(d)});
      }
    }
    return ix;
  }
  // The listed documents whose key equals `key` (empty when none).
  const std::vector<Posting>& Find(const std::string& key) const;
  size_t size() const { return map_.size(); }

 private:
  std::unordered_map<std::string, std::vector<Posting>> map_;
};

// What one listed document equal to a traveller's gives.
struct DocumentMatch {
  double floor = 0;     // the hit's score is at least this
  std::string detail;   // "P A1234567 equal to listed passport A1234567, issuer IQ agrees"
};

// The document match of a traveller document against a listed one with an equal key, or
// floor 0 when their types are not compatible.
DocumentMatch MatchDocument(const TravelDocument& doc, const IdentityDocument& listed, const TravelWeights& w);

// The attribute adjustments for a traveller against an entity whose names scored `name_score`
// (document aside): appended to *out as ("dob" / "nationality" / "gender", delta, detail).
// Nothing when name_score < threshold - w.attributes_from.
void TravelAdjustments(const Traveller& t, const Entity& e, double name_score, double threshold,
                       const DobWindowOptions& dob, const TravelWeights& w, std::vector<names::Adjustment>* out);

// Whether `listed` marks a family name (NamePartRole::kFamily parts) of which the traveller's
// name carries nothing: none of its words (or adjacent words joined: "ALTIKRITI" for
// "AL-TIKRITI") is a family word or the whole family name, and no word pairs with a family
// token (particles aside) at names::TokenSimilarity >= 0.80
// (transliterations, typos). False when the list marks no family name, or one of particles and
// one- or two-letter words alone. *family (may be null) gets the family name as listed.
bool FamilyNameAbsent(std::string_view traveller_name, const Name& listed, std::string* family);

}  // namespace tamis
