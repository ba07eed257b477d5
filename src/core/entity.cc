#include "core/entity.h"

#include <cstdio>

#include "core/strings.h"

namespace tamis {

std::string_view EntityKindName(EntityKind k) {
  switch (k) {
    case EntityKind::kPerson: return "person";
    case EntityKind::kOrganisation: return "organisation";
    case EntityKind::kVessel: return "vessel";
    case EntityKind::kAircraft: return "aircraft";
    case EntityKind::kUnknown: break;
  }
  return "unknown";
}

EntityKind ParseEntityKind(std::string_view s) {
  std::string l = AsciiLower(Trim(s));
  if (l == "person" || l == "individual") return EntityKind::kPerson;
  if (l == "organisation" || l == "organization" || l == "entity" || l == "company" ||
      l == "enterprise" || l == "legalentity" || l == "legal_entity")
    return EntityKind::kOrganisation;
  if (l == "vessel" || l == "ship") return EntityKind::kVessel;
  if (l == "aircraft") return EntityKind::kAircraft;
  return EntityKind::kUnknown;
}

std::string_view NameTypeName(NameType t) {
  switch (t) {
    case NameType::kPrimary: return "primary";
    case NameType::kAka: return "aka";
    case NameType::kFka: return "fka";
    case NameType::kNka: return "nka";
    case NameType::kOriginalScript: return "original_script";
  }
  return "aka";
}

NameType ParseNameType(std::string_view s) {
  std::string l = AsciiLower(Trim(s));
  if (l == "primary") return NameType::kPrimary;
  if (l == "fka") return NameType::kFka;
  if (l == "nka") return NameType::kNka;
  if (l == "original_script") return NameType::kOriginalScript;
  return NameType::kAka;
}

std::string_view NameQualityName(NameQuality q) {
  switch (q) {
    case NameQuality::kStrong: return "strong";
    case NameQuality::kWeak: return "weak";
    case NameQuality::kLow: return "low";
    case NameQuality::kUnspecified: break;
  }
  return "";
}

NameQuality ParseNameQuality(std::string_view s) {
  std::string l = AsciiLower(Trim(s));
  if (l == "strong" || l == "good" || l == "a" || l == "high") return NameQuality::kStrong;
  if (l == "weak") return NameQuality::kWeak;
  if (l == "low") return NameQuality::kLow;
  return NameQuality::kUnspecified;
}

std::string_view NamePartRoleName(NamePartRole r) {
  switch (r) {
    case NamePartRole::kGiven: return "given";
    case NamePartRole::kMiddle: return "middle";
    case NamePartRole::kFamily: return "family";
    case NamePartRole::kPatronymic: return "patronymic";
    case NamePartRole::kTitle: return "title";
    case NamePartRole::kOther: break;
  }
  return "other";
}

NamePartRole ParseNamePartRole(std::string_view s) {
  std::string l = AsciiLower(Trim(s));
  if (l == "given") return NamePartRole::kGiven;
  if (l == "middle") return NamePartRole::kMiddle;
  if (l == "family") return NamePartRole::kFamily;
  if (l == "patronymic") return NamePartRole::kPatronymic;
  if (l == "title") return NamePartRole::kTitle;
  return NamePartRole::kOther;
}

std::string PartialDate::ToString() const {
  if (year == 0) return "";
  char buf[16];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

std::string_view DobKindName(DateOfBirth::Kind k) {
  switch (k) {
    case DateOfBirth::Kind::kExact: return "exact";
    case DateOfBirth::Kind::kRange: return "range";
    case DateOfBirth::Kind::kCirca: return "circa";
  }
  return "exact";
}

std::string_view GenderName(Gender g) {
  switch (g) {
    case Gender::kMale: return "male";
    case Gender::kFemale: return "female";
    case Gender::kUnknown: break;
  }
  return "";
}

Gender ParseGender(std::string_view s) {
  std::string l = AsciiLower(Trim(s));
  if (l == "male" || l == "m") return Gender::kMale;
  if (l == "female" || l == "f") return Gender::kFemale;
  return Gender::kUnknown;
}

const std::string& Entity::PrimaryName() const {
  static const std::string kEmpty;
  for (const auto& n : names)
    if (n.type == NameType::kPrimary) return n.full;
  return names.empty() ? kEmpty : names.front().full;
}

}  // namespace tamis
