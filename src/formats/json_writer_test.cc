#include "formats/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

namespace tamis {
namespace {

// The escaping as the writer did it before runs: one byte at a time.
std::string OracleString(std::string_view s) {
  std::string out = "\"";
  char u[8];
  for (unsigned char c : s) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '\b') out += "\\b";
    else if (c == '\f') out += "\\f";
    else if (c < 0x20 || c == 0x7f) {
      std::snprintf(u, sizeof u, "\\u%04x", c);
      out += u;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

// printf's fixed form, trailing zeros and point dropped, "-0" as "0".
std::string OracleDouble(double v, int precision) {
  if (!std::isfinite(v)) return "null";
  std::string s(400, '\0');
  s.resize(static_cast<size_t>(std::snprintf(s.data(), s.size(), "%.*f", precision, v)));
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string Escaped(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(JsonWriterTest, StringEscapingMatchesBytewiseOracle) {
  EXPECT_EQ(Escaped(""), "\"\"");
  EXPECT_EQ(Escaped("plain"), "\"plain\"");
  EXPECT_EQ(Escaped("a\"b\\c\n\x01\x7f\xc3\xa9"), "\"a\\\"b\\\\c\\n\\u0001\\u007f\xc3\xa9\"");
  // Every byte alone, at the start, middle and end of a run.
  for (int c = 0; c < 256; ++c) {
    const std::string b(1, static_cast<char>(c));
    for (const std::string& s : {b, "ab" + b, b + "cd", "ab" + b + "cd", b + b})
      ASSERT_EQ(Escaped(s), OracleString(s)) << c;
  }
  // Random strings, mostly safe bytes with escapes sprinkled (long and short runs).
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 160, '\0');
    const unsigned every = 1 + rng() % 16;
    for (auto& ch : s) ch = static_cast<char>(rng() % every == 0 ? rng() % 256 : 'a' + rng() % 26);
    ASSERT_EQ(Escaped(s), OracleString(s));
  }
  // Appends to what is there.
  std::string out = "x";
  AppendJsonString(out, "y\t");
  EXPECT_EQ(out, "x\"y\\t\"");
}

// Field / FieldIfNotEmpty (one append for short safe pairs) against Key + String's oracle, for
// keys and values of every length to 160 bytes with and without bytes to escape, at each place
// of the eight-byte tail check.
TEST(JsonWriterTest, FieldsMatchTheOracle) {
  std::mt19937 rng(11);
  auto draw = [&](size_t n, unsigned every) {
    std::string s(n, '\0');
    for (auto& ch : s) ch = static_cast<char>(every && rng() % every == 0 ? rng() % 256 : 'a' + rng() % 26);
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string k = draw(rng() % 24, i % 3 == 0 ? 8 : 0);
    const std::string v = draw(rng() % 160, i % 2 == 0 ? 1 + rng() % 40 : 0);
    JsonWriter w;
    w.BeginObject().Field("a", "b").Field(k, v).FieldIfNotEmpty(k, v).FieldIfNotEmpty("e", "").EndObject();
    const std::string want = "{\"a\":\"b\"," + OracleString(k) + ":" + OracleString(v) +
                             (v.empty() ? "" : "," + OracleString(k) + ":" + OracleString(v)) + "}";
    ASSERT_EQ(w.str(), want) << i;
  }
  // A single bad byte in each place of a string of 8..24 bytes (the overlapping tail read).
  for (size_t n = 8; n <= 24; ++n)
    for (size_t at = 0; at < n; ++at)
      for (char bad : {'"', '\\', '\x01', '\x7f'}) {
        std::string s(n, 'x');
        s[at] = bad;
        ASSERT_EQ(Escaped(s), OracleString(s)) << n << " " << at;
      }
}

TEST(JsonWriterTest, DoublesMatchPrintf) {
  const double fixed[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.125, 0.70, 0.9926, 1e-7, -1e-7, 0.00005, 0.00015, 2.5e-5,
                          123456.789, 1e15, 1e300, -1e300, 5e-324, std::numeric_limits<double>::max(),
                          std::numeric_limits<double>::min(), 0.1 + 0.2, 1.0 / 3.0};
  for (double v : fixed)
    for (int p = 0; p <= 17; ++p) {
      std::string out;
      AppendJsonDouble(out, v, p);
      ASSERT_EQ(out, OracleDouble(v, p)) << v << " " << p;
    }
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> unit(-1.5, 1.5);
  for (int i = 0; i < 200000; ++i) {
    // Scores (where ties of rounding sit: x.xxxx5) and wide magnitudes.
    double v = i % 3 == 0 ? std::round(unit(rng) * 1e5) / 1e5 + 5e-5 : unit(rng) * std::pow(10.0, static_cast<int>(rng() % 30) - 12);
    const int p = static_cast<int>(rng() % 9);
    std::string out;
    AppendJsonDouble(out, v, p);
    ASSERT_EQ(out, OracleDouble(v, p)) << v << " " << p;
  }
  for (double v : {std::nan(""), std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    std::string out;
    AppendJsonDouble(out, v, 4);
    EXPECT_EQ(out, "null");
  }
}

TEST(JsonWriterTest, WritesNestedValues) {
  JsonWriter w;
  w.BeginObject().Field("a", "x\"y").Key("n").Int(-9223372036854775807LL - 1).Key("d").Double(0.70000, 4);
  w.Key("l").BeginArray().Int(0).Bool(true).Null().Double(-0.00001, 4).EndArray();
  w.FieldIfNotEmpty("skip", "").StringArrayIfNotEmpty("s", {"p", "q"}).Key("r").Raw("{}").EndObject();
  EXPECT_EQ(w.str(), R"({"a":"x\"y","n":-9223372036854775808,"d":0.7,"l":[0,true,null,0],"s":["p","q"],"r":{}})");
}

}  // namespace
}  // namespace tamis
