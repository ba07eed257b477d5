#include "formats/travel/edifact.h"

#include <gtest/gtest.h>

#include "testing/shared_data.h"

namespace tamis {
namespace {

constexpr std::string_view kSmall =
    "UNB+UNOA:4+AIR1+DHS+070218:1545+REF1'"
    "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++CLARK:MICHAEL'UNT+4+M1'"
    "UNZ+1+REF1'";

TEST(EdifactTravelTest, DefaultSeparatorsAndEnvelope) {
  auto ic = ParseEdifact(kSmall, "small.edi");
  ASSERT_TRUE(ic.ok()) << ic.status().ToString();
  EXPECT_FALSE(ic->had_una);
  EXPECT_EQ(ic->sender, "AIR1");
  EXPECT_EQ(ic->recipient, "DHS");
  EXPECT_EQ(ic->control_ref, "REF1");
  ASSERT_EQ(ic->messages.size(), 1u);
  const auto& m = ic->messages[0];
  EXPECT_EQ(m.type, "PAXLST");
  EXPECT_EQ(m.version, "D");
  EXPECT_EQ(m.release, "05B");
  EXPECT_EQ(m.association, "IATA");
  ASSERT_EQ(m.segments.size(), 2u);
  EXPECT_EQ(m.segments[1].tag, "NAD");
  EXPECT_EQ(m.segments[1].number, 4);
  EXPECT_EQ(m.segments[1].Get(3, 0), "CLARK");
  EXPECT_EQ(m.segments[1].Get(3, 1), "MICHAEL");
  EXPECT_EQ(m.segments[1].Get(3, 7), "");
  EXPECT_EQ(m.segments[1].Get(9), "");
  EXPECT_TRUE(ic->warnings.empty());
}

// The tokenizer copies runs of ordinary bytes whole: separators, release characters and line
// breaks at every position of a long element must still be honoured byte for byte.
TEST(EdifactTravelTest, RunsOfOrdinaryBytesKeepEverySeparatorAndRelease) {
  const std::string text =
      "UNB+UNOA:4+AIR1+DHS+070218:1545+REF1'"
      "UNH+M1+PAXLST:D:05B:UN:IATA'"
      "NAD+FL+++O?'BRIEN-SMITH\r\nJONES:ANNE?+MARIE?:X:Y??Z+STREET ONE 12'"
      "NAD:Q+FM+++A:B'"
      "UNT+4+M1'UNZ+1+REF1'";
  auto ic = ParseEdifact(text, "runs.edi");
  ASSERT_TRUE(ic.ok()) << ic.status().ToString();
  const auto& segs = ic->messages.at(0).segments;
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_EQ(segs[0].Get(3, 0), "O'BRIEN-SMITHJONES");
  EXPECT_EQ(segs[0].Get(3, 1), "ANNE+MARIE:X");
  EXPECT_EQ(segs[0].Get(3, 2), "Y?Z");
  EXPECT_EQ(segs[0].Get(4, 0), "STREET ONE 12");
  EXPECT_EQ(segs[1].tag, "NAD");  // the tag qualifier ":Q" dropped with its component
  EXPECT_EQ(segs[1].Get(0), "FM");
  EXPECT_EQ(segs[1].Get(3, 1), "B");
  // A segment longer than the limit is still refused when it is one run.
  EdifactOptions small;
  small.max_segment_bytes = 20;
  EXPECT_FALSE(ParseEdifact(text, "runs.edi", small).ok());
}

TEST(EdifactTravelTest, UnaReleaseCharacterNewlinesAndHeader) {
  // A teletype header before UNA, custom separators, released separators, a line wrapped inside
  // an element, and blanks between segments.
  std::string text =
      "QK WASDHXS\n.AIR1XXX 180951\nUNA:*.? $\n UNB*UNOA:4*S*R*1:1*9$\n"
      "UNH*1*PAXLST:D:02B:UN$NAD*FL***O?*BRIEN:AN?:NE:$FTX*AAA*THIS IS\n A TEXT?$$UNT*4*1$UNZ*1*9$";
  auto ic = ParseEdifact(text, "una.edi");
  ASSERT_TRUE(ic.ok()) << ic.status().ToString();
  EXPECT_TRUE(ic->had_una);
  EXPECT_EQ(ic->separators.element, '*');
  EXPECT_EQ(ic->separators.segment, '$');
  ASSERT_EQ(ic->messages.size(), 1u);
  const auto& s = ic->messages[0].segments;
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].Get(3, 0), "O*BRIEN");
  EXPECT_EQ(s[0].Get(3, 1), "AN:NE");
  EXPECT_EQ(s[1].Get(1), "THIS IS A TEXT$");
  EXPECT_EQ(s[0].line, 5);
  EXPECT_EQ(s[1].line, 5);
}

TEST(EdifactTravelTest, WrongUntCountNamesTheSegment) {
  std::string text(kSmall);
  text.replace(text.find("UNT+4"), 5, "UNT+7");
  auto ic = ParseEdifact(text, "bad.edi");
  ASSERT_FALSE(ic.ok());
  EXPECT_EQ(ic.status().code(), StatusCode::kParseError);
  EXPECT_NE(ic.status().message().find("bad.edi segment 5"), std::string::npos)
      << ic.status().message();
  EXPECT_NE(ic.status().message().find("UNT"), std::string::npos);
  EXPECT_NE(ic.status().message().find("segment count 7"), std::string::npos);
  // Lenient: a warning naming the segment, the message kept.
  auto lenient = ParseEdifact(text, "bad.edi", {.strict_envelope = false});
  ASSERT_TRUE(lenient.ok());
  ASSERT_EQ(lenient->warnings.size(), 1u);
  EXPECT_NE(lenient->warnings[0].find("segment 5"), std::string::npos);
}

TEST(EdifactTravelTest, WrongUnzCountAndReference) {
  std::string text(kSmall);
  text.replace(text.find("UNZ+1+REF1"), 10, "UNZ+2+REF2");
  auto ic = ParseEdifact(text, "z.edi");
  ASSERT_FALSE(ic.ok());
  EXPECT_NE(ic.status().message().find("segment 6"), std::string::npos) << ic.status().message();
  EXPECT_NE(ic.status().message().find("control count 2"), std::string::npos);
  auto lenient = ParseEdifact(text, "z.edi", {.strict_envelope = false});
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(lenient->warnings.size(), 2u);  // count and reference
}

TEST(EdifactTravelTest, GroupCountChecked) {
  std::string text =
      "UNB+UNOA:4+A+B+1:1+9'UNG+PAXLST+A+B+1:1+7+UN+D:05B'UNH+1+PAXLST:D:05B:UN'BGM+745'UNT+3+1'"
      "UNE+2+7'UNZ+1+9'";
  auto ic = ParseEdifact(text, "g.edi");
  ASSERT_FALSE(ic.ok());
  EXPECT_NE(ic.status().message().find("segment 6 (line 1) UNE"), std::string::npos)
      << ic.status().message();
  text.replace(text.find("UNE+2"), 5, "UNE+1");
  auto ok = ParseEdifact(text, "g.edi");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->groups, 1);
}

TEST(EdifactTravelTest, TruncatedInterchange) {
  std::string text(kSmall);
  // Cut inside the message: no UNT, no UNZ.
  auto cut = ParseEdifact(std::string_view(text).substr(0, text.find("UNT")), "cut.edi");
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("truncated"), std::string::npos) << cut.status().message();
  EXPECT_NE(cut.status().message().find("UNH at segment 2"), std::string::npos);
  // Cut after UNT: no UNZ.
  auto nounz = ParseEdifact(std::string_view(text).substr(0, text.find("UNZ")), "cut.edi");
  ASSERT_FALSE(nounz.ok());
  EXPECT_NE(nounz.status().message().find("no UNZ"), std::string::npos);
  auto allowed = ParseEdifact(std::string_view(text).substr(0, text.find("UNZ")), "cut.edi",
                              {.allow_missing_unz = true});
  EXPECT_TRUE(allowed.ok());
  // Cut in the middle of a release sequence.
  auto rel = ParseEdifact("UNB+UNOA:4+A+B+1:1+9'UNH+1+PAXLST?", "r.edi");
  ASSERT_FALSE(rel.ok());
  EXPECT_NE(rel.status().message().find("release character"), std::string::npos);
  // Nothing at all.
  EXPECT_FALSE(ParseEdifact("", "e.edi").ok());
  EXPECT_FALSE(ParseEdifact("hello world", "e.edi").ok());
}

TEST(EdifactTravelTest, BadTagAndLimits) {
  auto bad =
      ParseEdifact("UNB+UNOA:4+A+B+1:1+9'UNH+1+PAXLST:D:05B:UN'N@D+FL'UNT+3+1'UNZ+1+9'", "t.edi");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("segment 3"), std::string::npos) << bad.status().message();
  auto many = ParseEdifact(kSmall, "m.edi", {.max_segments = 3});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.status().code(), StatusCode::kResourceExhausted);
}

TEST(EdifactTravelTest, TextAfterUnzAndUnterminatedLastSegmentAreWarnings) {
  std::string text(kSmall);
  auto trailing = ParseEdifact(text + "\n13Nov09", "t.edi");
  ASSERT_TRUE(trailing.ok());
  ASSERT_EQ(trailing->warnings.size(), 1u);
  EXPECT_NE(trailing->warnings[0].find("after UNZ"), std::string::npos);
  text.pop_back();  // the UNZ terminator
  auto unterminated = ParseEdifact(text, "t.edi");
  ASSERT_TRUE(unterminated.ok());
  ASSERT_EQ(unterminated->warnings.size(), 1u);
  EXPECT_NE(unterminated->warnings[0].find("no terminator"), std::string::npos);
}

TEST(EdifactTravelTest, SharedCodeshareFileHasAFiveCharacterUna) {
  TAMIS_REQUIRE_SHARED_DATA();
  auto path = testing::SharedPath("travel/gtas_pnr_codeshare.edi");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  auto ic = ParseEdifact(testing::ReadFileOrDie(path), "codeshare.edi", {.strict_envelope = false});
  ASSERT_TRUE(ic.ok()) << ic.status().ToString();
  EXPECT_EQ(ic->separators.release, '\\');
  EXPECT_EQ(ic->separators.reserved, '*');
  ASSERT_EQ(ic->messages.size(), 1u);
  EXPECT_EQ(ic->messages[0].type, "PNRGOV");
  EXPECT_EQ(ic->messages[0].unt.number, 60);  // 60 terminators before UNT, the first the UNA's
}

// Segments are held flat (one text, one offset array): every element and component, empty ones
// and trailing ones included, must read back as written, against the structure the text was
// made from (with release characters inside components).
TEST(EdifactTravelTest, FlatSegmentsReadBackEveryComponent) {
  uint32_t seed = 99;
  auto next = [&](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  std::vector<std::vector<std::vector<std::string>>> made;
  std::string text = "UNB+UNOA:4+AIR1+DHS+070218:1545+REF1'UNH+M1+PAXLST:D:05B:UN:IATA'";
  for (int s = 0; s < 300; ++s) {
    std::vector<std::vector<std::string>> elements(1 + next(8));
    text += "NAD";
    for (auto& el : elements) {
      el.resize(1 + next(5));
      text += '+';
      for (size_t c = 0; c < el.size(); ++c) {
        if (c) text += ':';
        for (uint32_t k = 0, len = next(3) ? next(24) : 0; k < len; ++k) {
          const char ch = "ABCXYZ 019:+'?"[next(14)];
          el[c] += ch;
          if (ch == ':' || ch == '+' || ch == '\'' || ch == '?') text += '?';
          text += ch;
        }
      }
    }
    text += '\'';
    made.push_back(std::move(elements));
  }
  text += "UNT+302+M1'UNZ+1+REF1'";
  auto ic = ParseEdifact(text, "flat.edi");
  ASSERT_TRUE(ic.ok()) << ic.status().ToString();
  const auto& segs = ic->messages.at(0).segments;
  ASSERT_EQ(segs.size(), made.size());
  for (size_t s = 0; s < segs.size(); ++s) {
    ASSERT_EQ(segs[s].size(), made[s].size()) << s;
    for (size_t e = 0; e < made[s].size(); ++e) {
      ASSERT_EQ(segs[s].components(e), made[s][e].size()) << s << " " << e;
      for (size_t c = 0; c < made[s][e].size(); ++c) EXPECT_EQ(segs[s].Get(e, c), made[s][e][c]) << s << " " << e;
      EXPECT_EQ(segs[s].Get(e, made[s][e].size()), "");
    }
    EXPECT_EQ(segs[s].components(made[s].size()), 0u);
    EXPECT_EQ(segs[s].Get(made[s].size(), 0), "");
  }
  // A copy reads the same (the views point into the copy's own text).
  const EdifactSegment copy = segs[7];
  for (size_t e = 0; e < made[7].size(); ++e)
    for (size_t c = 0; c < made[7][e].size(); ++c) EXPECT_EQ(copy.Get(e, c), made[7][e][c]);
}

}  // namespace
}  // namespace tamis
