// A queued stock movement read back as it travels (issue 11 §1; PROTOCOL.md §4.4).
#include <fmt/format.h>

#include "db.hpp"

namespace pameran::core {

Result<StockMovementRecord> Outbox::movementRecord(std::string_view uuid) const {
  if (!m_db.hasSchema(6)) return fail(Errc::NotFound, "no stock movement " + std::string(uuid));
  auto s = m_db.stmt(
      "SELECT m.uuid, m.seq, e.code, m.at_ms, m.kind, p.sku, v.code, m.quantity, m.reason, m.staff "
      "FROM stock_movement m JOIN event e ON e.id = m.event_id JOIN product p ON p.id = m.product_id "
      "JOIN vendor v ON v.id = p.vendor_id WHERE m.uuid = ? AND m.seq IS NOT NULL");
  s.bind(1, std::string(uuid));
  if (!s.executeStep()) return fail(Errc::NotFound, "no stock movement " + std::string(uuid));
  StockMovementRecord r;
  r.uuid = s.getColumn(0).getString();
  r.seq = s.getColumn(1).getInt64();
  r.eventCode = s.getColumn(2).getString();
  r.createdAt = s.getColumn(3).getInt64();
  const auto kind = parseTravellingMovement(s.getColumn(4).getString());
  if (!kind) return fail(Errc::NotFound, "stock movement " + std::string(uuid) + " does not travel");
  r.kind = *kind;
  r.sku = s.getColumn(5).getString();
  r.vendorCode = s.getColumn(6).getString();
  r.quantity = s.getColumn(7).getInt64();
  r.reason = s.getColumn(8).getString();
  r.staff = s.getColumn(9).getString();
  s.reset();
  r.deviceId = Settings(m_db).device().deviceId;
  if (auto ok = validateStockMovementRecord(r); !ok) return fail(Errc::NotFound, "stock movement cannot travel: " + ok.error().message);
  return r;
}

}  // namespace pameran::core
