// The PIN pad's lockout, counted on a steady clock kept in the database.
//
// The steady clock is the machine's uptime (CLOCK_BOOTTIME) anchored in the steady_clock row:
// within one boot it advances with uptime; the wall clock plays no part, so setting it back (or
// forward) neither shortens nor lengthens a lockout. Uptime starts again from zero after a reboot
// (a new boot id), so time cannot be measured across one: the clock stands still from its last
// anchor until the first open after the reboot re-anchors it. A reboot therefore never shortens a
// lockout; it can only add the time between the last anchor and the restart, which is why the
// anchor moves at every wrong PIN and when a store closes during a lockout.
#include <fmt/format.h>

#include <algorithm>

#include "db.hpp"
#include "internal.hpp"

namespace pameran::core {

std::int64_t lockoutMs(int n) {
  if (n <= 1) return kLockoutMs;
  if (n > 6) return kMaxLockoutMs;  // 5 << 5 minutes is already past the cap
  return std::min(kLockoutMs << (n - 1), kMaxLockoutMs);
}

std::size_t minPinDigits(Role role) { return role == Role::Cashier ? kMinPinDigits : kMinSupervisorPinDigits; }

namespace detail {
namespace {

constexpr const char* kPinScope = "pin-pad";

struct Anchor {
  bool present = false;
  std::string bootId;
  std::int64_t uptimeMs = 0;
  EpochMs steadyMs = 0;
};

Anchor readAnchor(Db& db) {
  Anchor a;
  auto s = db.stmt("SELECT boot_id, uptime_ms, steady_ms FROM steady_clock WHERE id = 1");
  if (s.executeStep()) a = Anchor{true, s.getColumn(0).getString(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64()};
  return a;
}

bool sameBoot(const Anchor& a, const Uptime& now) {
  // An unreadable boot id (empty) still tells a reboot by uptime going backwards.
  return a.present && a.bootId == now.bootId && now.ms >= a.uptimeMs;
}

struct PadRow {
  int failures = 0;
  int lockouts = 0;
  EpochMs lastFailure = 0;  // steady
  EpochMs lockEnds = 0;     // steady
};

PadRow readPad(Db& db) {
  PadRow r;
  auto s = db.stmt("SELECT failures, lockouts, last_failure_steady_ms, lock_ends_steady_ms FROM pin_lockout WHERE scope = ?");
  s.bind(1, kPinScope);
  if (s.executeStep())
    r = PadRow{s.getColumn(0).getInt(), s.getColumn(1).getInt(), s.getColumn(2).getInt64(), s.getColumn(3).getInt64()};
  return r;
}

LockoutStatus statusAt(const PadRow& row, EpochMs steady) {
  LockoutStatus st;
  st.failures = row.failures;
  st.lockouts = row.lockouts;
  if (row.lockEnds > steady) {
    st.locked = true;
    st.secondsLeft = (row.lockEnds - steady + 999) / 1000;
    return st;
  }
  const EpochMs quiet = steady - row.lastFailure;
  if (quiet >= kPinFailureMemoryMs) st.failures = 0;
  if (quiet >= kLockoutMemoryMs) st.lockouts = 0;
  return st;
}

}  // namespace

EpochMs steadyNow(Db& db) {
  const Anchor a = readAnchor(db);
  const Uptime now = db.options.uptime();
  return sameBoot(a, now) ? a.steadyMs + (now.ms - a.uptimeMs) : a.steadyMs;
}

void anchorSteadyClock(Db& db) {
  const EpochMs steady = steadyNow(db);
  const Uptime now = db.options.uptime();
  auto s = db.stmt(
      "INSERT INTO steady_clock (id, boot_id, uptime_ms, steady_ms, wall_ms) VALUES (1, ?, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET boot_id = excluded.boot_id, uptime_ms = excluded.uptime_ms, "
      "steady_ms = excluded.steady_ms, wall_ms = excluded.wall_ms");
  s.bind(1, now.bootId);
  s.bind(2, std::max<std::int64_t>(now.ms, 0));
  s.bind(3, steady);
  s.bind(4, db.now());
  s.exec();
}

bool steadyClockNeedsAnchor(Db& db) { return !sameBoot(readAnchor(db), db.options.uptime()); }

LockoutStatus pinLockout(Db& db) { return statusAt(readPad(db), steadyNow(db)); }

Result<LockoutStatus> recordPinFailure(Db& db) {
  LockoutStatus after;
  auto saved = db.write([&]() -> Result<void> {
    const EpochMs steady = steadyNow(db);
    after = statusAt(readPad(db), steady);
    ++after.failures;
    EpochMs lockEnds = 0;
    EpochMs wallEnds = 0;
    if (after.failures >= kMaxPinFailures) {
      ++after.lockouts;
      const std::int64_t span = lockoutMs(after.lockouts);
      lockEnds = steady + span;
      wallEnds = db.now() + span;  // for people reading the table; never read back
      after.failures = 0;
      after.locked = true;
      after.secondsLeft = span / 1000;
    }
    auto up = db.stmt(
        "INSERT INTO pin_lockout (scope, failures, locked_until_ms, lockouts, last_failure_steady_ms, lock_ends_steady_ms) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, "
        "locked_until_ms = excluded.locked_until_ms, lockouts = excluded.lockouts, "
        "last_failure_steady_ms = excluded.last_failure_steady_ms, lock_ends_steady_ms = excluded.lock_ends_steady_ms");
    up.bind(1, kPinScope);
    up.bind(2, after.failures);
    up.bind(3, wallEnds);
    up.bind(4, after.lockouts);
    up.bind(5, steady);
    up.bind(6, lockEnds);
    up.exec();
    anchorSteadyClock(db);  // a reboot from here on resumes counting from this very moment
    return {};
  });
  if (!saved) return saved.failure();
  return after;
}

}  // namespace detail

LockoutStatus Staffs::lockout() const { return detail::pinLockout(m_db); }

}  // namespace pameran::core
