#pragma once
// Stock ledger writes shared by the stock, sales and refund repositories (inside their transaction).
#include "db.hpp"

namespace pameran::core::detail {

std::int64_t onHand(Db& db, std::int64_t eventId, std::int64_t productId);
/// Where a movement comes from. An intake, adjustment or return made at the booth travels to the
/// server; the stock a catalog import sets is the catalog's own, which the server counts once from
/// its catalog (however many kiosks took it as their opening stock), so it stays on the kiosk.
enum class Origin { Booth, Catalog };
/// Appends a movement and updates the cached level by the same quantity.
void moveStock(Db& db, std::int64_t eventId, std::int64_t productId, MovementKind kind, std::int64_t quantity,
               std::string_view reason, std::string_view staff, std::string_view reference, Origin origin = Origin::Booth);
bool allowOversell(Db& db);

}  // namespace pameran::core::detail
