#include "pameran/core/movement_record.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "pameran/core/domain.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::core {

std::string_view toString(TravellingMovement k) {
  switch (k) {
    case TravellingMovement::Intake: return "intake";
    case TravellingMovement::Adjustment: return "adjustment";
    case TravellingMovement::Return: return "return";
  }
  return "adjustment";
}

std::optional<TravellingMovement> parseTravellingMovement(std::string_view text) {
  for (TravellingMovement k : {TravellingMovement::Intake, TravellingMovement::Adjustment, TravellingMovement::Return})
    if (toString(k) == text) return k;
  return std::nullopt;
}

Result<void> validateStockMovementRecord(const StockMovementRecord& m) {
  const bool lower = std::none_of(m.uuid.begin(), m.uuid.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!isUuid(m.uuid) || !lower) return fail(Errc::Invalid, "movement id is not a lowercase UUID");
  if (m.seq < 1) return fail(Errc::Invalid, "seq must be 1 or more");
  if (!isValidCode(m.eventCode)) return fail(Errc::Invalid, "event_code is not a valid code");
  if (m.deviceId.empty() || m.deviceId.size() > 64) return fail(Errc::Invalid, "device_id must be 1 to 64 bytes");
  if (m.createdAt < 0) return fail(Errc::Invalid, "created_at_ms must not be negative");
  if (!isValidCode(m.sku)) return fail(Errc::Invalid, "sku is not a valid code");
  if (!isValidCode(m.vendorCode)) return fail(Errc::Invalid, "vendor_code is not a valid code");
  if (m.quantity == 0 || m.quantity > kMaxMovementUnits || m.quantity < -kMaxMovementUnits)
    return fail(Errc::Invalid, fmt::format("quantity must be -{0} to {0}, not zero", kMaxMovementUnits));
  if (m.kind == TravellingMovement::Intake && m.quantity < 0) return fail(Errc::Invalid, "an intake brings goods in: quantity > 0");
  if (m.kind == TravellingMovement::Return && m.quantity > 0)
    return fail(Errc::Invalid, "a return takes goods out: quantity < 0");
  if (m.reason.size() > kMaxTextLength || !isCleanUtf8(m.reason)) return fail(Errc::Invalid, "reason is too long or not clean text");
  if (m.kind == TravellingMovement::Adjustment && m.reason.empty()) return fail(Errc::Invalid, "an adjustment needs a reason");
  if (m.staff.size() > kMaxNameLength || !isCleanUtf8(m.staff)) return fail(Errc::Invalid, "staff is too long or not clean text");
  return {};
}

}  // namespace pameran::core
