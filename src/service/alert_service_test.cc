#include "service/alert_service.h"

#include <gtest/gtest.h>

#include "testing/shared_data.h"

namespace tamis {
namespace {

const std::string kNow = "2026-12-07T10:00:00Z";

ParsedList UnList(std::vector<std::pair<std::string, std::vector<std::string>>> es) {
  ParsedList l;
  l.source = "un";
  l.format = "un_xml";
  for (auto& [id, names] : es) {
    Entity e;
    e.source = "un";
    e.native_id = id;
    e.id = "un:" + id;
    e.kind = EntityKind::kPerson;
    for (auto& n : names) e.names.push_back(Name{n});
    l.entities.push_back(e);
  }
  return l;
}

void ImportInto(const std::filesystem::path& data, const ParsedList& l, const std::string& h) {
  StoreOptions so;
  so.data_dir = data;
  auto store = std::move(Store::Open(so)).value();
  ImportMeta m;
  m.imported_at = kNow;
  m.files.push_back({"un.xml", h, 1});
  ASSERT_TRUE(store->Import(l, m).ok());
}

ScreenRecord Party(const std::string& id, const std::string& name) {
  ScreenRecord r;
  r.id = id;
  r.name = name;
  return r;
}

TEST(AlertService, EmptyStoreIsNotReady) {
  testing::TempDir dir;
  Config cfg;
  cfg.data_dir = dir.path() / "data";
  auto svc = AlertService::Open(cfg, {}, [] { return kNow; });
  ASSERT_TRUE(svc.ok()) << svc.status().ToString();
  EXPECT_FALSE((*svc)->ready());
  EXPECT_EQ((*svc)->ScreenParty(Party("c1", "X"), {}).status().code(), StatusCode::kFailedPrecondition);
}

// Screening opens an alert once; a confirmed false positive suppresses it; a list version that
// changes the entity (a new alias) brings it back for review; the audit chain holds throughout.
TEST(AlertService, HitsFlowThroughFourEyesToTheGoodGuyListAndBack) {
  testing::TempDir dir;
  Config cfg;
  cfg.data_dir = dir.path() / "data";
  ImportInto(cfg.data_dir, UnList({{"QDi.299", {"Ibrahim Awad Ibrahim al-Badri"}}, {"QDi.006", {"Aiman al-Zawahiri"}}}), "h1");
  auto svc = std::move(AlertService::Open(cfg, {}, [] { return kNow; })).value();
  ASSERT_TRUE(svc->ready());
  auto r = svc->ScreenParty(Party("c1", "Ibrahim Awad Ibrahim al-Badri"), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->hits.empty());
  ASSERT_EQ(r->alerts.size(), r->hits.size());
  const int64_t id = r->alerts[0].alert_id;
  EXPECT_GT(id, 0);
  EXPECT_TRUE(r->alerts[0].created);
  auto again = svc->ScreenParty(Party("c1", "Ibrahim Awad Ibrahim al-Badri"), {});
  EXPECT_EQ(again->alerts[0].alert_id, id);
  EXPECT_FALSE(again->alerts[0].created);
  // An innocent name opens nothing.
  auto none = svc->ScreenParty(Party("c2", "Maria Gonzalez Fernandez"), {});
  for (const auto& a : none->alerts) EXPECT_EQ(a.alert_id, 0);

  auto alert = svc->review().GetAlert(id);
  EXPECT_EQ(alert->entity_id, "un:QDi.299");
  EXPECT_EQ(alert->matcher_version, kMatcherVersion);
  EXPECT_NE(alert->params_json.find("alert_threshold"), std::string::npos);
  EXPECT_NE(alert->hit_json.find("explanation"), std::string::npos);

  ASSERT_TRUE(svc->review().Propose(id, "ann", "false_positive", "customer born 1990, other person", kNow).ok());
  ASSERT_TRUE(svc->review().Review(id, "sue", "confirm", "", kNow).ok());
  auto suppressed = svc->ScreenParty(Party("c1", "Ibrahim Awad Ibrahim al-Badri"), {});
  ASSERT_FALSE(suppressed->hits.empty());
  EXPECT_TRUE(suppressed->alerts[0].suppressed);

  // The entity gains an alias in the next list version: the good-guy entry lapses.
  ImportInto(cfg.data_dir,
             UnList({{"QDi.299", {"Ibrahim Awad Ibrahim al-Badri", "Abu Bakr al-Baghdadi"}}, {"QDi.006", {"Aiman al-Zawahiri"}}}),
             "h2");
  ASSERT_TRUE(svc->Reload().ok());
  auto back = svc->ScreenParty(Party("c1", "Ibrahim Awad Ibrahim al-Badri"), {});
  ASSERT_FALSE(back->hits.empty());
  EXPECT_FALSE(back->alerts[0].suppressed);
  EXPECT_TRUE(back->alerts[0].created);
  EXPECT_NE(back->alerts[0].alert_id, id);
  auto v = svc->review().VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_GE(v->records, 5);
}

TEST(AlertService, PartyKeyFollowsIdNameAndDob) {
  ScreenRecord a = Party("c1", "Omar  ALI");
  ScreenRecord b = Party("c1", "omar ali");
  EXPECT_EQ(PartyKeyOf(a), PartyKeyOf(b));
  b.dob.year = 1970;
  EXPECT_NE(PartyKeyOf(a), PartyKeyOf(b));
  EXPECT_NE(PartyKeyOf(a), PartyKeyOf(Party("c2", "Omar Ali")));
}

}  // namespace
}  // namespace tamis
