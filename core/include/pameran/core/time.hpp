#pragma once
// Instants are UTC milliseconds; an event's offset and business-day cutoff give day and hour.
#include <cstdint>
#include <functional>
#include <string>

namespace pameran::core {

/// Milliseconds since the Unix epoch, UTC.
using EpochMs = std::int64_t;

/// The wall clock, replaceable in tests. Correctness never depends on it (DESIGN.md).
using Clock = std::function<EpochMs()>;
Clock systemClock();

/// Time since the machine started, which no user can set (Linux CLOCK_BOOTTIME, which also counts
/// suspend), with the boot it belongs to: after a reboot it starts from zero under a new boot id.
struct Uptime {
  std::string bootId;
  std::int64_t ms = 0;
};
/// Replaceable in tests, like Clock.
using UptimeClock = std::function<Uptime()>;
/// /proc/sys/kernel/random/boot_id (empty where there is none) and CLOCK_BOOTTIME.
UptimeClock systemUptime();

/// Local calendar date `YYYY-MM-DD` of an instant in a zone `offsetMinutes` east of UTC.
std::string localDate(EpochMs at, int offsetMinutes);
/// Local hour 0..23.
int localHour(EpochMs at, int offsetMinutes);
/// The business day an instant belongs to: sales before `cutoffHour` local time count for the day
/// before (an evening bazaar selling past midnight with cutoff 4 keeps 01:30 on the previous day).
std::string businessDate(EpochMs at, int offsetMinutes, int cutoffHour);
/// The instant (UTC) the business day holding `at` began: `cutoffHour` local time on its date.
EpochMs businessDayStart(EpochMs at, int offsetMinutes, int cutoffHour);
/// `YYYY-MM-DD HH:MM` local time, for receipts and lists.
std::string localDateTime(EpochMs at, int offsetMinutes);
/// `2026-11-27T16:05:00.123Z`.
std::string isoUtc(EpochMs at);
/// True for a real calendar date written `YYYY-MM-DD`.
bool isIsoDate(const std::string& text);
/// Zone label for an offset: WIB (+7), WITA (+8), WIT (+9), else `UTC+H`.
std::string zoneName(int offsetMinutes);

}  // namespace pameran::core
