#include <gtest/gtest.h>

#include <string>

#include "pameran/core/domain.hpp"
#include "pameran/core/time.hpp"

namespace pameran::core {
namespace {

constexpr int kWib = 7 * 60;
constexpr int kWita = 8 * 60;
constexpr EpochMs kHour = 3'600'000;
// 2026-11-27 17:30 UTC: 2026-11-28 00:30 in WIB, 01:30 in WITA.
constexpr EpochMs kJustAfterMidnightWib = 1'795'800'600'000;

TEST(Time, IsoUtcHasMillisecondsAndZ) {
  EXPECT_EQ(isoUtc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(isoUtc(1'795'770'300'123), "2026-11-27T09:05:00.123Z");
  EXPECT_EQ(isoUtc(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Time, LocalDateCrossesMidnightInWib) {
  EXPECT_EQ(localDate(kJustAfterMidnightWib, 0), "2026-11-27");
  EXPECT_EQ(localDate(kJustAfterMidnightWib, kWib), "2026-11-28");
  EXPECT_EQ(localHour(kJustAfterMidnightWib, kWib), 0);
  EXPECT_EQ(localHour(kJustAfterMidnightWib, 0), 17);
}

TEST(Time, WitaIsOneHourAheadOfWib) {
  const EpochMs at = 1'795'797'000'000;  // 16:30 UTC
  EXPECT_EQ(localDateTime(at, kWib), "2026-11-27 23:30");
  EXPECT_EQ(localDateTime(at, kWita), "2026-11-28 00:30");
  EXPECT_EQ(localDate(at, kWita), "2026-11-28");
}

TEST(Time, NewYearArrivesInWibBeforeUtc) {
  const EpochMs at = 1'798'736'400'000;  // 2026-12-31 17:00 UTC
  EXPECT_EQ(localDate(at, 0), "2026-12-31");
  EXPECT_EQ(localDateTime(at, kWib), "2027-01-01 00:00");
}

TEST(Time, NegativeInstantsGiveTheDayBefore1970) {
  EXPECT_EQ(localDate(-1, 0), "1969-12-31");
  EXPECT_EQ(localHour(-1, 0), 23);
}

TEST(Time, BusinessDayWithCutoffKeepsLateSalesOnTheEveningBefore) {
  // 01:30 local with cutoff 4 belongs to the day before.
  EXPECT_EQ(businessDate(kJustAfterMidnightWib + kHour, kWib, 4), "2026-11-27");
  // 03:59:59.999 still the day before, 04:00 the new day.
  const EpochMs fourAmWib = 1'795'813'200'000;  // 2026-11-27 21:00 UTC
  EXPECT_EQ(businessDate(fourAmWib - 1, kWib, 4), "2026-11-27");
  EXPECT_EQ(businessDate(fourAmWib, kWib, 4), "2026-11-28");
}

TEST(Time, BusinessDayWithoutCutoffIsTheLocalDate) {
  EXPECT_EQ(businessDate(kJustAfterMidnightWib, kWib, 0), "2026-11-28");
  EXPECT_EQ(businessDate(kJustAfterMidnightWib - 1, kWib, 0), localDate(kJustAfterMidnightWib - 1, kWib));
}

TEST(Time, BusinessDayDependsOnTheEventZone) {
  // 01:30 WITA is 00:30 WIB: both before a 2 o'clock cutoff, so both the 27th.
  const EpochMs at = kJustAfterMidnightWib;
  EXPECT_EQ(businessDate(at, kWita, 2), "2026-11-27");
  EXPECT_EQ(businessDate(at, kWib, 2), "2026-11-27");
  // At a 1 o'clock cutoff WITA has moved on, WIB has not.
  EXPECT_EQ(businessDate(at, kWita, 1), "2026-11-28");
  EXPECT_EQ(businessDate(at, kWib, 1), "2026-11-27");
}

TEST(Time, BusinessDayStartsAtTheCutoffOfItsDate) {
  // 2026-11-28 01:30 WIB with cutoff 3 belongs to the 27th, which began 2026-11-27 03:00 WIB.
  const EpochMs at = kJustAfterMidnightWib + kHour;
  EXPECT_EQ(localDateTime(businessDayStart(at, kWib, 3), kWib), "2026-11-27 03:00");
  EXPECT_EQ(localDateTime(businessDayStart(at, kWib, 0), kWib), "2026-11-28 00:00");
  EXPECT_EQ(localDateTime(businessDayStart(at, kWita, 0), kWita), "2026-11-28 00:00");
  EXPECT_EQ(businessDayStart(0, 0, 0), 0);
  EXPECT_EQ(businessDayStart(-1, 0, 0), -86'400'000) << "before the epoch the day still starts at midnight";
}

TEST(Time, BusinessDayStartAgreesWithBusinessDate) {
  // Every instant lies in [start, start + 1 day) of its business day, and the start is that day's.
  for (const int tz : {kWib, kWita, 0, -5 * 60 - 30})
    for (const int cutoff : {0, 2, 4})
      for (EpochMs at = kJustAfterMidnightWib - 30 * kHour; at < kJustAfterMidnightWib + 30 * kHour; at += 37 * 60'000) {
        const EpochMs start = businessDayStart(at, tz, cutoff);
        EXPECT_LE(start, at);
        EXPECT_LT(at, start + 24 * kHour);
        EXPECT_EQ(businessDate(start, tz, cutoff), businessDate(at, tz, cutoff)) << at << " " << tz << " " << cutoff;
        EXPECT_NE(businessDate(start - 1, tz, cutoff), businessDate(at, tz, cutoff));
      }
}

TEST(Time, IsIsoDateAcceptsOnlyRealCalendarDates) {
  EXPECT_TRUE(isIsoDate("2026-11-27"));
  EXPECT_TRUE(isIsoDate("2024-02-29"));
  EXPECT_TRUE(isIsoDate("2026-12-31"));
  EXPECT_FALSE(isIsoDate("2026-02-29"));
  EXPECT_FALSE(isIsoDate("1900-02-29"));
  EXPECT_TRUE(isIsoDate("2000-02-29"));
  EXPECT_FALSE(isIsoDate("2026-04-31"));
  EXPECT_FALSE(isIsoDate("2026-13-01"));
  EXPECT_FALSE(isIsoDate("2026-00-10"));
  EXPECT_FALSE(isIsoDate("2026-01-00"));
  EXPECT_FALSE(isIsoDate("2026-1-01"));
  EXPECT_FALSE(isIsoDate("2026/01/01"));
  EXPECT_FALSE(isIsoDate("20260101"));
  EXPECT_FALSE(isIsoDate(" 2026-01-01"));
  EXPECT_FALSE(isIsoDate("2026-01-01 "));
  EXPECT_FALSE(isIsoDate("2026-0a-01"));
  EXPECT_FALSE(isIsoDate(""));
}

TEST(Time, ZoneNamesForIndonesiaAndOthers) {
  EXPECT_EQ(zoneName(kWib), "WIB");
  EXPECT_EQ(zoneName(kWita), "WITA");
  EXPECT_EQ(zoneName(9 * 60), "WIT");
  EXPECT_EQ(zoneName(0), "UTC+0");
  EXPECT_EQ(zoneName(330), "UTC+5:30");
  EXPECT_EQ(zoneName(-300), "UTC-5");
  EXPECT_EQ(zoneName(-570), "UTC-9:30");
  EXPECT_EQ(zoneName(-30), "UTC-0:30");
}

TEST(Time, SystemClockIsNearNow) {
  const EpochMs now = systemClock()();
  EXPECT_GT(now, 1'700'000'000'000);  // after 2023
  EXPECT_LT(now, 4'102'444'800'000);  // before 2100
}

}  // namespace
}  // namespace pameran::core
