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

/// True for staff allowed to approve (supervisor, organizer), active and still on file.
bool isSupervisor(Db& db, const Staff& staff);

}  // namespace pameran::core::detail
