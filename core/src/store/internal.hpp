#pragma once
// Pieces one repository needs from another, inside the caller's transaction.
#include "db.hpp"

namespace pameran::core::detail {

struct OpenShift {
  std::int64_t id = 0;
  std::string uuid;
};

/// The event's open shift on this device, opened now with the default float when there is none.
OpenShift ensureOpenShift(Db& db, std::int64_t eventId, std::string_view staff);
std::int64_t insertShiftForOpen(Db& db, std::int64_t eventId, const std::string& uuid, std::string_view staff,
                                Rupiah openingFloat);
/// The open shift, if any.
std::optional<OpenShift> findOpenShift(Db& db, std::int64_t eventId);

/// Counted milliseconds (lockout.cpp): the machine's uptime anchored in the database; never the
/// wall clock, and standing still from the last anchor before a reboot to the first open after.
EpochMs steadyNow(Db& db);
/// Moves the anchor to now (inside the caller's transaction).
void anchorSteadyClock(Db& db);
/// True when the anchor is missing or belongs to another boot (Store::open re-anchors then).
bool steadyClockNeedsAnchor(Db& db);
/// The PIN pad's lockout as of now, with wrong PINs and lockouts forgotten as their time runs out.
LockoutStatus pinLockout(Db& db);
/// Remembers a wrong PIN in its own transaction (locking the pad at kMaxPinFailures); the status after.
Result<LockoutStatus> recordPinFailure(Db& db);

/// A whole sale, read by `whereClause` (one `?` bound to `key`): NotFound when there is none.
Result<SaleRecord> loadSale(Db& db, const char* whereClause, const std::string& key);

/// True for staff allowed to approve (supervisor, organizer), active and still on file.
bool isSupervisor(Db& db, const Staff& staff);

/// The one rule for approvals (P25): nothing to check when `needed` is empty; otherwise the
/// approval must exist, cover exactly `scope` (what is being committed), include every kind
/// needed, and come from a supervisor still on file. NeedsSupervisor saying which failed.
Result<void> checkApproval(Db& db, const std::optional<Approval>& approval, const std::string& scope, ApprovalKinds needed);

}  // namespace pameran::core::detail
