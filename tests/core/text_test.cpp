#include <gtest/gtest.h>

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

}  // namespace
}  // namespace pameran::core
