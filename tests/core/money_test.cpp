#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "pameran/core/money.hpp"

namespace pameran::core {
namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();

std::int64_t parsed(const std::string& text) {
  auto r = parseRupiah(text);
  EXPECT_TRUE(r.has_value()) << "'" << text << "': " << (r ? "" : r.error().message);
  return r ? r->idr() : -1;
}

void expectRejected(const std::string& text) {
  auto r = parseRupiah(text);
  EXPECT_FALSE(r.has_value()) << "'" << text << "' parsed as " << (r ? r->idr() : 0);
  if (!r) {
    EXPECT_EQ(r.error().code, Errc::Invalid);
  }
}

TEST(Money, FormatsWithDotThousandsAndRpPrefix) {
  EXPECT_EQ(formatRupiah(Rupiah(0)), "Rp 0");
  EXPECT_EQ(formatRupiah(Rupiah(7)), "Rp 7");
  EXPECT_EQ(formatRupiah(Rupiah(999)), "Rp 999");
  EXPECT_EQ(formatRupiah(Rupiah(1000)), "Rp 1.000");
  EXPECT_EQ(formatRupiah(Rupiah(20'000)), "Rp 20.000");
  EXPECT_EQ(formatRupiah(Rupiah(100'000)), "Rp 100.000");
  EXPECT_EQ(formatRupiah(Rupiah(1'250'000)), "Rp 1.250.000");
}

TEST(Money, NegativeAmountsPutTheSignBeforeRp) {
  EXPECT_EQ(formatRupiah(Rupiah(-1)), "-Rp 1");
  EXPECT_EQ(formatRupiah(Rupiah(-1'250'000)), "-Rp 1.250.000");
}

TEST(Money, FormatsInt64Extremes) {
  EXPECT_EQ(formatRupiah(Rupiah(kInt64Max)), "Rp 9.223.372.036.854.775.807");
  EXPECT_EQ(formatRupiah(Rupiah(kInt64Min)), "-Rp 9.223.372.036.854.775.808");
  EXPECT_EQ(formatThousands(kInt64Min), "-9.223.372.036.854.775.808");
}

TEST(Money, FormatsThousandsWithoutPrefix) {
  EXPECT_EQ(formatThousands(0), "0");
  EXPECT_EQ(formatThousands(123), "123");
  EXPECT_EQ(formatThousands(1234), "1.234");
  EXPECT_EQ(formatThousands(123'456), "123.456");
  EXPECT_EQ(formatThousands(-1000), "-1.000");
}

TEST(Money, ParsesTheFormsPeopleType) {
  EXPECT_EQ(parsed("Rp 1.250.000"), 1'250'000);
  EXPECT_EQ(parsed("Rp1.250.000"), 1'250'000);
  EXPECT_EQ(parsed("rp 5.000"), 5'000);
  EXPECT_EQ(parsed("1.250.000"), 1'250'000);
  EXPECT_EQ(parsed("1250000"), 1'250'000);
  EXPECT_EQ(parsed("  42 "), 42);
  EXPECT_EQ(parsed("0"), 0);
  EXPECT_EQ(parsed("999"), 999);
}

TEST(Money, ParsesNegativeAmounts) {
  EXPECT_EQ(parsed("-5000"), -5000);
  EXPECT_EQ(parsed("-Rp 5.000"), -5000);
  EXPECT_EQ(parsed("Rp -5.000"), -5000);
}

TEST(Money, FormatThenParseGivesTheSameAmount) {
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{999}, std::int64_t{1000},
                         std::int64_t{-123'456'789}, kMaxIdr, -kMaxIdr}) {
    EXPECT_EQ(parsed(formatRupiah(Rupiah(v))), v) << v;
    EXPECT_EQ(parsed(formatThousands(v)), v) << v;
  }
}

TEST(Money, DecimalsAreRejected) {
  expectRejected("1,50");
  expectRejected("Rp 1.000,00");
  expectRejected("15000,5");
}

TEST(Money, MisplacedDotsAreRejected) {
  expectRejected("1.25");
  expectRejected("1.2345");
  expectRejected("1234.567");
  expectRejected("12.34.567");
  expectRejected(".500");
  expectRejected("500.");
  expectRejected("1..000");
  expectRejected("1.000.00");
}

TEST(Money, OtherTextIsRejected) {
  expectRejected("");
  expectRejected("   ");
  expectRejected("Rp");
  expectRejected("-");
  expectRejected("--5");
  expectRejected("abc");
  expectRejected("1 000");
  expectRejected("12a");
  expectRejected("$100");
  expectRejected("+5");
}

TEST(Money, AmountsBeyondMaxIdrAreRejected) {
  EXPECT_EQ(parsed("1000000000000000"), kMaxIdr);
  EXPECT_EQ(parsed("Rp 1.000.000.000.000.000"), kMaxIdr);
  EXPECT_EQ(parsed("-1000000000000000"), -kMaxIdr);
  expectRejected("1000000000000001");
  expectRejected("1.000.000.000.000.001");
  expectRejected("9223372036854775807");
  expectRejected("99999999999999999999999999");
}

TEST(Money, PercentOfRoundsHalfUp) {
  EXPECT_EQ(percentOf(Rupiah(15'000), 1000).idr(), 1'500);
  EXPECT_EQ(percentOf(Rupiah(999), 1250).idr(), 125);  // 124.875
  EXPECT_EQ(percentOf(Rupiah(1), 5000).idr(), 1);      // 0.5 goes up
  EXPECT_EQ(percentOf(Rupiah(3), 5000).idr(), 2);      // 1.5 goes up
  EXPECT_EQ(percentOf(Rupiah(5000), 1).idr(), 1);      // 0.5 goes up
  EXPECT_EQ(percentOf(Rupiah(4999), 1).idr(), 0);      // 0.4999 goes down
  EXPECT_EQ(percentOf(Rupiah(14'999), 3333).idr(), 4'999);  // 4999.1667
}

TEST(Money, PercentOfNegativeRoundsAwayFromZero) {
  EXPECT_EQ(percentOf(Rupiah(-3), 5000).idr(), -2);
  EXPECT_EQ(percentOf(Rupiah(-1), 5000).idr(), -1);
  EXPECT_EQ(percentOf(Rupiah(-4999), 1).idr(), 0);
}

TEST(Money, PercentOfEdgesAndLargeAmounts) {
  EXPECT_EQ(percentOf(Rupiah(123'456), 0).idr(), 0);
  EXPECT_EQ(percentOf(Rupiah(123'456), kFullBp).idr(), 123'456);
  EXPECT_EQ(percentOf(Rupiah(kMaxIdr), kFullBp).idr(), kMaxIdr);
  EXPECT_EQ(percentOf(Rupiah(kInt64Max), kFullBp).idr(), kInt64Max);  // amount x bp passes int64
  EXPECT_EQ(percentOf(Rupiah(kInt64Max), 5000).idr(), kInt64Max / 2 + 1);
}

TEST(Money, MulDivTruncatesAndReportsRemainder) {
  std::int64_t rem = 99;
  EXPECT_EQ(mulDiv(7, 3, 2, &rem), 10);
  EXPECT_EQ(rem, 1);
  EXPECT_EQ(mulDiv(-7, 3, 2, &rem), -10);
  EXPECT_EQ(rem, -1);
  EXPECT_EQ(mulDiv(kInt64Max, 4, 8), kInt64Max / 2);  // product passes int64
  EXPECT_EQ(mulDiv(0, 5, 3, &rem), 0);
  EXPECT_EQ(rem, 0);
}

TEST(Money, ParsesPercentagesIntoBasisPoints) {
  auto bp = [](const std::string& text) {
    auto r = parsePercentBp(text);
    EXPECT_TRUE(r.has_value()) << "'" << text << "'";
    return r ? *r : -1;
  };
  EXPECT_EQ(bp("10"), 1000);
  EXPECT_EQ(bp("12,5"), 1250);
  EXPECT_EQ(bp("12.5"), 1250);
  EXPECT_EQ(bp("12,55"), 1255);
  EXPECT_EQ(bp("0,05"), 5);
  EXPECT_EQ(bp("0"), 0);
  EXPECT_EQ(bp("100"), kFullBp);
  EXPECT_EQ(bp("100,00"), kFullBp);
  EXPECT_EQ(bp("10%"), 1000);
  EXPECT_EQ(bp("10 %"), 1000);
  EXPECT_EQ(bp(" 7 "), 700);
}

TEST(Money, BadPercentagesAreRejected) {
  for (const char* text : {"", " ", "%", ".", ",", "100,01", "101", "12,555", "1,2,3", "-5", "abc", "5x",
                           "99999999999999999999"})
    EXPECT_FALSE(parsePercentBp(text).has_value()) << "'" << text << "'";
}

TEST(Money, RupiahArithmeticAndComparison) {
  Rupiah a(1000);
  a += Rupiah(500);
  a -= Rupiah(200);
  EXPECT_EQ(a, Rupiah(1300));
  EXPECT_EQ(a * 3, Rupiah(3900));
  EXPECT_EQ(-a, Rupiah(-1300));
  EXPECT_LT(Rupiah(1), Rupiah(2));
  EXPECT_EQ(Rupiah().idr(), 0);
}

}  // namespace
}  // namespace pameran::core
