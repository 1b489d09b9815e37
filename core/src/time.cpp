#include "pameran/core/time.hpp"

#include <time.h>

#include <chrono>
#include <fmt/format.h>
#include <fstream>

namespace pameran::core {
namespace {

struct Civil {
  int year;
  unsigned month;
  unsigned day;
  int hour;
  int minute;
  int second;
  int millis;
};

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Civil toCivil(EpochMs ms) {
  using namespace std::chrono;
  const std::int64_t days = floorDiv(ms, 86'400'000);
  const std::int64_t rest = ms - days * 86'400'000;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  return Civil{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
               static_cast<int>(rest / 3'600'000), static_cast<int>(rest / 60'000 % 60),
               static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000)};
}

constexpr EpochMs kMinute = 60'000;

}  // namespace

Clock systemClock() {
  return [] {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  };
}

UptimeClock systemUptime() {
  return [] {
    // The boot id never changes while the machine runs: read once.
    static const std::string bootId = [] {
      std::ifstream in("/proc/sys/kernel/random/boot_id");
      std::string id;
      std::getline(in, id);
      return id;
    }();
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return Uptime{bootId, static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000};
  };
}

std::string localDate(EpochMs at, int offsetMinutes) {
  const Civil c = toCivil(at + offsetMinutes * kMinute);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

int localHour(EpochMs at, int offsetMinutes) { return toCivil(at + offsetMinutes * kMinute).hour; }

std::string businessDate(EpochMs at, int offsetMinutes, int cutoffHour) {
  return localDate(at - static_cast<EpochMs>(cutoffHour) * 60 * kMinute, offsetMinutes);
}

EpochMs businessDayStart(EpochMs at, int offsetMinutes, int cutoffHour) {
  constexpr EpochMs kDay = 86'400'000;
  const EpochMs shift = offsetMinutes * kMinute - static_cast<EpochMs>(cutoffHour) * 60 * kMinute;
  return floorDiv(at + shift, kDay) * kDay - shift;
}

std::string localDateTime(EpochMs at, int offsetMinutes) {
  const Civil c = toCivil(at + offsetMinutes * kMinute);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute);
}

std::string isoUtc(EpochMs at) {
  const Civil c = toCivil(at);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", c.year, c.month, c.day, c.hour, c.minute, c.second,
                     c.millis);
}

bool isIsoDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (text[i] < '0' || text[i] > '9') return false;
  using namespace std::chrono;
  const year_month_day ymd{year{std::stoi(text.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                           day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  return ymd.ok();
}

std::string zoneName(int offsetMinutes) {
  switch (offsetMinutes) {
    case 7 * 60: return "WIB";
    case 8 * 60: return "WITA";
    case 9 * 60: return "WIT";
    default: break;
  }
  // Sign apart from the hours: -30 minutes has 0 hours but is still west of UTC.
  const char sign = offsetMinutes < 0 ? '-' : '+';
  const int magnitude = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
  const int h = magnitude / 60;
  const int m = magnitude % 60;
  return m == 0 ? fmt::format("UTC{}{}", sign, h) : fmt::format("UTC{}{}:{:02}", sign, h, m);
}

}  // namespace pameran::core
