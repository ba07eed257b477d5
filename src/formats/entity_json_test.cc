#include "formats/entity_json.h"

#include <gtest/gtest.h>

namespace tamis {
namespace {

Entity Sample() {
  Entity e;
  e.id = "un:QDi.006";
  e.source = "un";
  e.native_id = "QDi.006";
  e.kind = EntityKind::kPerson;
  Name n;
  n.full = "AYMAN MUHAMMED RABI AL-ZAWAHIRI";
  n.parts = {{NamePartRole::kGiven, "AYMAN"}, {NamePartRole::kFamily, "AL-ZAWAHIRI"}};
  e.names.push_back(n);
  Name a;
  a.full = "\xD8\xA3\xD9\x8A\xD9\x85\xD9\x86";  // Arabic
  a.type = NameType::kOriginalScript;
  a.script = "Arab";
  e.names.push_back(a);
  Name w;
  w.full = "Abu Fatma";
  w.type = NameType::kAka;
  w.quality = NameQuality::kLow;
  e.names.push_back(w);
  DateOfBirth d;
  d.from = {1951, 6, 19};
  e.dates_of_birth.push_back(d);
  DateOfBirth r;
  r.kind = DateOfBirth::Kind::kRange;
  r.from = {1950, 0, 0};
  r.to = {1952, 0, 0};
  r.raw = "1950 to 1952";
  e.dates_of_birth.push_back(r);
  e.places_of_birth.push_back({"Giza, Egypt", "Giza", "", "EG"});
  e.nationalities = {"EG"};
  e.gender = Gender::kMale;
  e.documents.push_back({"passport", "1084010", "EG", "", "", "issued \"1995\"\n"});
  e.addresses.push_back({"Afghanistan/Pakistan border", "", "", "", "", "AF", ""});
  e.programs = {"ISIL (Da'esh) and Al-Qaida"};
  e.listed_on = "2001-01-25";
  e.external_refs = {"eu:EU.1.2"};
  e.remarks = "tab\there";
  e.source_record = "<INDIVIDUAL>...</INDIVIDUAL>";
  return e;
}

TEST(EntityJsonTest, RoundTripsEveryField) {
  Entity e = Sample();
  std::string j = EntityToJson(e);
  auto back = EntityFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, e);
  EXPECT_EQ(EntityToJson(*back), j);  // deterministic
}

TEST(EntityJsonTest, OmitsSourceRecordOnRequest) {
  std::string j = EntityToJson(Sample(), {.include_source_record = false});
  EXPECT_EQ(j.find("source_record"), std::string::npos);
}

TEST(EntityJsonTest, RejectsMalformed) {
  EXPECT_FALSE(EntityFromJson("{").ok());
  EXPECT_FALSE(EntityFromJson("[]").ok());
  EXPECT_EQ(EntityFromJson("{\"kind\":\"person\"}").status().code(), StatusCode::kParseError);
  EXPECT_FALSE(EntityFromJson("{\"id\":\"x\",\"names\":3}").ok());
}

}  // namespace
}  // namespace tamis
