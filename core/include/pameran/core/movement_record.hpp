#pragma once
// A stock movement as it travels from a kiosk to the server (issue 11 §1): the goods a vendor
// brings (intake), a counted correction (adjustment, with who and why) and goods going back to
// the vendor (return). Sales and refunds carry their own units; their movements never travel.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pameran/core/error.hpp"
#include "pameran/core/time.hpp"

namespace pameran::core {

/// The kinds of movement that travel on their own, spelt as the kiosk's ledger spells them.
enum class TravellingMovement { Intake, Adjustment, Return };
std::string_view toString(TravellingMovement k);  // "intake" | "adjustment" | "return"
std::optional<TravellingMovement> parseTravellingMovement(std::string_view text);

/// Units one movement may move: the bound of the kiosk's ledger column.
inline constexpr std::int64_t kMaxMovementUnits = 1'000'000'000;

struct StockMovementRecord {
  std::string uuid;              // made on the kiosk with the movement; its idempotency key
  std::int64_t seq = 0;          // 1, 2, 3... per device, in the order the kiosk recorded them
  std::string eventCode;
  std::string deviceId;
  EpochMs createdAt = 0;         // device clock, informational
  TravellingMovement kind = TravellingMovement::Intake;
  std::string sku;
  std::string vendorCode;
  std::int64_t quantity = 0;     // signed change of the booth's stock: intake > 0, return < 0, adjustment != 0
  std::string reason;            // required for an adjustment
  std::string staff;             // who recorded it
};

/// Structural checks shared by the kiosk and the server: id, sequence, codes, the sign of the
/// quantity for its kind, text lengths. Invalid naming the field.
Result<void> validateStockMovementRecord(const StockMovementRecord& m);

}  // namespace pameran::core
