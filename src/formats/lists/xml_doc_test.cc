#include "formats/lists/xml_doc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tamis::lists {
namespace {

using ::testing::HasSubstr;

// Records: the root's <r> or <p:r> children.
int SelectR(const std::vector<std::string_view>& path) {
  return path.size() == 2 && (path[1] == "r" || path[1] == "p:r") ? 0 : -1;
}

struct Read {
  bool streamed = false;
  std::vector<std::string> texts;  // XmlText of each record
  std::vector<int> lines;          // Line of each record and of its first child element
  int tail_line = 0;               // Line of the root's <tail> (a skeleton node after records)
  std::string root_attr;
};

Result<Read> ReadAll(const std::string& xml, bool whole) {
  ListFile f{"t.xml", xml};
  XmlRecordReader reader;
  XmlRecordReader::SetWholeDocumentForTesting(whole);
  Status st = reader.Open(f, {}, SelectR);
  XmlRecordReader::SetWholeDocumentForTesting(false);
  if (!st.ok()) return st;
  Read out;
  out.streamed = reader.streamed();
  out.root_attr = reader.root().attribute("date").value();
  TAMIS_RETURN_IF_ERROR(reader.ForEach(0, [&](pugi::xml_node r) {
    out.texts.push_back(XmlText(r));
    out.lines.push_back(reader.Line(r));
    out.lines.push_back(reader.Line(r.first_child()));
    return Status();
  }));
  out.tail_line = reader.Line(reader.root().child("tail"));
  return out;
}

constexpr char kDoc[] =
    "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE list [ <!ELEMENT list ANY> <!-- > --> ]>\n"
    "<!-- <r>not a record</r> -->\n"
    "<list date=\"2026-12-08\" note='a > b'>\n"
    "  <head>h</head>\n"
    "  <r id=\"1\" x='<?'>\r\n    <name>One &amp; <![CDATA[</r> kept]]></name>\n  </r>\n"
    "  <r id=\"2\"/>\n"
    "  <p:r xmlns:p=\"urn:x\"><name a=\"/>\">Two</name><!-- </p:r> --></p:r>\n"
    "  <other><r>nested, not a record</r></other>\n"
    "  <tail>t</tail>\n"
    "</list>\n";

TEST(XmlRecordReaderTest, RecordByRecordEqualsTheWholeDocument) {
  // x='<?': '<' in an attribute value is not well-formed XML, but pugixml accepts it, and so
  // does the scan (quoted values are skipped whole).
  for (int pass = 0; pass < 2; ++pass) {
    std::string xml = kDoc;
    if (pass == 1) xml.replace(xml.find(" x='<?'"), 7, "");
    auto s = ReadAll(xml, false);
    auto w = ReadAll(xml, true);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_TRUE(s->streamed);
    EXPECT_FALSE(w->streamed);
    EXPECT_EQ(s->texts, w->texts);
    EXPECT_EQ(s->lines, w->lines);
    EXPECT_EQ(s->tail_line, w->tail_line);
    EXPECT_EQ(s->root_attr, "2026-12-08");
    ASSERT_EQ(w->texts.size(), 3u);
    EXPECT_THAT(w->texts[0], HasSubstr("One &amp; <![CDATA[</r> kept]]>"));
    EXPECT_EQ(w->lines[0], 6);   // <r id="1">
    EXPECT_EQ(w->lines[1], 7);   // its <name>
    EXPECT_EQ(w->lines[4], 10);  // <p:r>
    EXPECT_EQ(w->tail_line, 12);
  }
}

TEST(XmlRecordReaderTest, MalformedGivesTheWholeDocumentError) {
  const std::vector<std::string> bad = {
      "<list><r><a></b></r></list>",         // mismatch inside a record
      "<list><r>x</r><head></list>",         // mismatch in the skeleton
      "<list><r>x</r>",                      // unclosed root
      "<list><r a=\"1></r></list>",          // unterminated attribute
      "<list>\n<r>\n<!-- open\n</r></list>",  // unterminated comment
  };
  for (const std::string& xml : bad) {
    SCOPED_TRACE(xml);
    ListFile f{"t.xml", xml};
    pugi::xml_document doc;
    Status whole = LoadXmlDocument(f, {}, &doc);
    ASSERT_FALSE(whole.ok());
    XmlRecordReader reader;
    Status st = reader.Open(f, {}, SelectR);
    EXPECT_EQ(st.ToString(), whole.ToString());
    EXPECT_THAT(st.message(), HasSubstr("t.xml line "));
  }
}

// What the scan does not take (here a second top-level element, which pugixml accepts) is read
// as the whole document, as before streaming.
TEST(XmlRecordReaderTest, NotUnderstoodIsReadWhole) {
  ListFile f{"t.xml", "<list><r>x</r></list><second/>"};
  pugi::xml_document doc;
  ASSERT_TRUE(LoadXmlDocument(f, {}, &doc).ok());
  XmlRecordReader reader;
  ASSERT_TRUE(reader.Open(f, {}, SelectR).ok());
  EXPECT_FALSE(reader.streamed());
  EXPECT_EQ(std::string(reader.root().name()), "list");
  std::vector<std::string> got;
  ASSERT_TRUE(reader.ForEach(0, [&](pugi::xml_node r) {
    got.push_back(r.child_value());
    return Status();
  }).ok());
  EXPECT_EQ(got, std::vector<std::string>{"x"});
}

TEST(XmlRecordReaderTest, SizeEmptyAndUtf8AsLoadXmlDocument) {
  ImportOptions small;
  small.max_file_bytes = 4;
  XmlRecordReader reader;
  EXPECT_EQ(reader.Open({"t.xml", "<list/>"}, small, SelectR).code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(reader.Open({"t.xml", "  \n"}, {}, SelectR).message(), HasSubstr("empty file"));
  EXPECT_THAT(reader.Open({"t.xml", "<list>\n<r>\xC3</r></list>"}, {}, SelectR).message(),
              HasSubstr("t.xml line 2: invalid UTF-8 at byte offset 10"));
}

TEST(XmlRecordReaderTest, ErrorFromTheCallbackStops) {
  ListFile f{"t.xml", "<list><r>1</r><r>2</r><r>3</r></list>"};
  XmlRecordReader reader;
  ASSERT_TRUE(reader.Open(f, {}, SelectR).ok());
  EXPECT_TRUE(reader.streamed());
  EXPECT_EQ(reader.Count(0), 3);
  int calls = 0;
  Status st = reader.ForEach(0, [&](pugi::xml_node r) {
    ++calls;
    return std::string_view(r.child_value()) == "2" ? ParseError("stop") : Status();
  });
  EXPECT_EQ(st.message(), "stop");
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace tamis::lists
