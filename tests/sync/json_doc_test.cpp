// The protocol's JSON parser (detail::JsonDoc): it reads what RFC 8259 allows and nothing else,
// exactly as nlohmann::json reads it, and stops hostile texts early.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "json_agreement.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/sync/protocol.hpp"
#include "record_fixtures.hpp"

namespace pameran::sync {
namespace {

using detail::JsonDoc;
using detail::JsonType;
using testing::jsonDisagreement;

using namespace std::string_literals;

bool accepts(std::string_view text) {
  JsonDoc doc;
  return doc.parse(text).empty();
}

TEST(JsonDoc, AcceptsAndRefusesExactlyWhatNlohmannDoes) {
  const std::vector<std::string> texts = {
      // accepted
      "null", "true", "false", "0", "-0", "1", "-1", "0.5", "-0.5e-3", "1E+2", "1e-400", "\"\"", "[]", "{}",
      " \t\r\n[ 1 , 2 ]\n", "{\"a\":{\"b\":[null,true,{\"c\":\"d\"}]}}", "{\"a\":1,\"a\":2}",
      "9223372036854775807", "-9223372036854775808", "18446744073709551615", "18446744073709551616",
      "-9223372036854775809", "123456789012345678901234567890",
      "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\u20ac \\ud83d\\ude00\"",
      "\"Kopi Gayo \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"", "\xEF\xBB\xBF{\"bom\":1}",
      // refused
      "", " ", "nul", "True", "01", "-", "1.", ".5", "1e", "+1", "0x10", "1e400", "-1e400", "NaN", "Infinity",
      "[1,]", "[,1]", "{\"a\":1,}", "{\"a\"}", "{a:1}", "{'a':1}", "[1 2]", "[1] x", "[1]]", "{\"a\":1}}", "[",
      "\"abc", "\"a\tb\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
      "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xFF\"", "\"\xC3\"", "\xEF\xBB{}",
      "\xEF\xBB\xBF\xEF\xBB\xBF{}", "/* c */ 1", "[1]\0"s, "[1]\0junk"s, "\"a\0b\""s,
  };
  for (const std::string& text : texts) EXPECT_EQ(jsonDisagreement(text), "") << "text: " << text;
}

TEST(JsonDoc, ReadsNumbersAsIntegersOnlyWhenWrittenAsIntegers) {
  JsonDoc doc;
  ASSERT_EQ(doc.parse("[-9223372036854775808, 18446744073709551615, 1.0, 1e2, 18446744073709551616, -0]"), "");
  const auto& a = doc.root();
  ASSERT_EQ(a.count, 6u);
  EXPECT_EQ(a.at(0).type, JsonType::Integer);
  EXPECT_EQ(a.at(0).integer, INT64_MIN);
  EXPECT_EQ(a.at(1).type, JsonType::Unsigned);
  EXPECT_EQ(a.at(1).uinteger, UINT64_MAX);
  EXPECT_EQ(a.at(2).type, JsonType::Float);
  EXPECT_EQ(a.at(3).type, JsonType::Float);
  EXPECT_EQ(a.at(4).type, JsonType::Float);  // beyond 64 bits
  EXPECT_EQ(a.at(5).type, JsonType::Integer);
  EXPECT_EQ(a.at(5).integer, 0);
  EXPECT_FALSE(a.at(2).isInteger());
}

TEST(JsonDoc, FindsMembersAndTheLastOfARepeatedName) {
  JsonDoc doc;
  ASSERT_EQ(doc.parse(R"({"a":[1,{"x":2}],"b":"\u00e9","a":3})"), "");
  const auto& o = doc.root();
  ASSERT_TRUE(o.isObject());
  EXPECT_EQ(o.count, 3u);
  ASSERT_NE(o.find("a"), nullptr);
  EXPECT_EQ(o.find("a")->uinteger, 3u);
  EXPECT_EQ(o.find("b")->str, "\xC3\xA9");
  EXPECT_EQ(o.find("c"), nullptr);
  EXPECT_EQ(o.begin()->next()->key, "b");  // the array's subtree is skipped in one step
}

TEST(JsonDoc, StopsDeepNestingAndHugeValueCountsAtTheLimits) {
  JsonDoc doc;
  EXPECT_EQ(doc.parse("[[[1]]]", 3), "");
  EXPECT_NE(doc.parse("[[[[1]]]]", 3).find("nested deeper than 3"), std::string::npos);
  EXPECT_TRUE(doc.root().isNull());  // a refused text leaves a null root, never a partial tree
  EXPECT_NE(doc.parse(std::string(100'000, '[')).find("nested too deep"), std::string::npos);
  EXPECT_NE(doc.parse("[1,2,3,4,5,6]", JsonDoc::kNoLimit, 4).find("more than 4 values"), std::string::npos);
  EXPECT_EQ(doc.parse("[1,2,3]", JsonDoc::kNoLimit, 4), "");
}

TEST(JsonDoc, SaysWhereTheTextGoesWrong) {
  JsonDoc doc;
  EXPECT_EQ(doc.parse("[1, 2,, 3]"), "not valid JSON: invalid literal at byte 6");
}

TEST(JsonDoc, ReadsEveryEncodedRecordAsNlohmannDoes) {
  for (int seq = 1; seq <= 50; ++seq) {
    const std::string sale = encodeSale(testing::makeSale(
        "dev-9", seq, {{"V01", core::Sector::Fesyen, 25'000 * seq, seq}, {"V02", core::Sector::Kuliner, 18'500, 3}}));
    EXPECT_EQ(jsonDisagreement(sale), "") << sale;
    EXPECT_TRUE(accepts(sale));
  }
}

}  // namespace
}  // namespace pameran::sync
