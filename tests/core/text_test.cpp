#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "pameran/core/text.hpp"

namespace pameran::core {
namespace {

TEST(Text, ColumnsCountCodePointsNotBytes) {
  EXPECT_EQ(columns(""), 0u);
  EXPECT_EQ(columns("Rp 1.250.000"), 12u);
  EXPECT_EQ(columns("Kué · Dodol"), 11u);
  EXPECT_EQ(bytesOfColumns("Kué · Dodol", 3), 4u);
  EXPECT_EQ(bytesOfColumns("abc", 10), 3u);
}

TEST(Text, FitCutsOrPadsToTheWidth) {
  EXPECT_EQ(fitColumns("Kué Lapis", 4), "Kué ");
  EXPECT_EQ(fitColumns("12", 5), "12   ");
  EXPECT_EQ(fitColumns("12", 5, true), "   12");
  EXPECT_EQ(fitColumns("·····", 2, true), "··");
}

TEST(Text, PatternsTakeArgumentsInAnyOrder) {
  EXPECT_EQ(fillPattern("{1} dan {0}", {"a", "b"}), "b dan a");
  EXPECT_EQ(fillPattern("{0} {2}", {"a"}), "a {2}");
  EXPECT_EQ(fillPattern("{0}{0}", {"x"}), "xx");
  EXPECT_EQ(fillPattern("{", {"x"}), "{");
}

TEST(Text, DecodeUtf8GivesEachCodePointAndItsLengthOrNothingWhenMalformed) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a, e-acute, euro, an emoji
  std::vector<std::pair<std::uint32_t, std::size_t>> seen;
  for (std::size_t i = 0; i < s.size();) {
    const auto cp = decodeUtf8(s, i);
    ASSERT_TRUE(cp) << i;
    seen.emplace_back(cp->value, cp->length);
    i += cp->length;
  }
  EXPECT_EQ(seen, (std::vector<std::pair<std::uint32_t, std::size_t>>{{0x61, 1}, {0xE9, 2}, {0x20AC, 3}, {0x1F600, 4}}));
  EXPECT_FALSE(decodeUtf8("\x80", 0));          // a stray continuation byte
  EXPECT_FALSE(decodeUtf8("\xE2\x82", 0));      // cut short
  EXPECT_FALSE(decodeUtf8("\xC0\xAF", 0));      // overlong '/'
  EXPECT_FALSE(decodeUtf8("\xED\xA0\x80", 0));  // a surrogate
  EXPECT_FALSE(decodeUtf8("\xF4\x90\x80\x80", 0));  // beyond U+10FFFF
}

}  // namespace
}  // namespace pameran::core
