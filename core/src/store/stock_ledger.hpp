#pragma once
// Stock ledger writes shared by the stock, sales and refund repositories (inside their transaction).
#include "db.hpp"

namespace pameran::core::detail {

std::int64_t onHand(Db& db, std::int64_t eventId, std::int64_t productId);
/// Appends a movement and updates the cached level by the same quantity.
void moveStock(Db& db, std::int64_t eventId, std::int64_t productId, MovementKind kind, std::int64_t quantity,
               std::string_view reason, std::string_view staff, std::string_view reference);
bool allowOversell(Db& db);

}  // namespace pameran::core::detail
