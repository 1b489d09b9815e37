#include <fmt/format.h>

#include "db.hpp"
#include "pameran/core/ids.hpp"
#include "stock_ledger.hpp"

namespace pameran::core {

std::string_view toString(MovementKind k) {
  switch (k) {
    case MovementKind::Intake: return "intake";
    case MovementKind::Sale: return "sale";
    case MovementKind::Refund: return "refund";
    case MovementKind::Adjustment: return "adjustment";
    case MovementKind::ReturnToVendor: return "return";
    case MovementKind::Void: return "void";
  }
  return "adjustment";
}

namespace detail {

std::int64_t onHand(Db& db, std::int64_t eventId, std::int64_t productId) {
  auto s = db.stmt("SELECT on_hand FROM stock_level WHERE event_id = ? AND product_id = ?");
  s.bind(1, eventId);
  s.bind(2, productId);
  return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

void moveStock(Db& db, std::int64_t eventId, std::int64_t productId, MovementKind kind, std::int64_t quantity,
               std::string_view reason, std::string_view staff, std::string_view reference, Origin origin) {
  // A sale's or refund's movements travel inside it; the booth's others travel alone and need an
  // id (schema 5) and, from schema 6, a sequence number and a place in the outbox, all in this
  // transaction: the movement and its upload are one. A catalog's stock does not travel.
  const bool travels = db.hasSchema(5) && origin == Origin::Booth &&
                       (kind == MovementKind::Intake || kind == MovementKind::Adjustment || kind == MovementKind::ReturnToVendor);
  const bool queued = travels && db.hasSchema(6);
  auto mv = db.stmt(!db.hasSchema(5) ? "INSERT INTO stock_movement (event_id, product_id, kind, quantity, reason, staff, at_ms, reference) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    : !db.hasSchema(6)
                        ? "INSERT INTO stock_movement (event_id, product_id, kind, quantity, reason, staff, at_ms, reference, "
                          "uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : "INSERT INTO stock_movement (event_id, product_id, kind, quantity, reason, staff, at_ms, reference, "
                          "uuid, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?10 THEN (SELECT COALESCE(MAX(seq), 0) + 1 "
                          "FROM stock_movement) END)");
  mv.bind(1, eventId);
  mv.bind(2, productId);
  mv.bind(3, std::string(toString(kind)));
  mv.bind(4, quantity);
  mv.bind(5, std::string(reason));
  mv.bind(6, std::string(staff));
  mv.bind(7, db.now());
  mv.bind(8, std::string(reference));
  const std::string uuid = travels ? newUuid() : std::string();
  if (db.hasSchema(5)) {
    if (travels) mv.bind(9, uuid);
    else mv.bind(9);
  }
  if (db.hasSchema(6)) mv.bind(10, queued ? 1 : 0);
  mv.exec();
  if (queued) db.enqueue(OutboxKind::StockMovement, uuid);
  // The level is a cache of the ledger's sum, kept in the same transaction (verifyLedger checks it).
  auto lv = db.stmt(
      "INSERT INTO stock_level (event_id, product_id, on_hand) VALUES (?, ?, ?) "
      "ON CONFLICT (event_id, product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand");
  lv.bind(1, eventId);
  lv.bind(2, productId);
  lv.bind(3, quantity);
  lv.exec();
}

bool allowOversell(Db& db) {
  auto s = db.stmt("SELECT value FROM setting WHERE key = 'stock.allow_oversell'");
  return s.executeStep() && s.getColumn(0).getString() == "1";
}

}  // namespace detail

namespace {

Result<std::string> productName(detail::Db& db, std::int64_t productId) {
  auto s = db.stmt("SELECT name FROM product WHERE id = ?");
  s.bind(1, productId);
  if (!s.executeStep()) return fail(Errc::NotFound, "no product with id " + std::to_string(productId));
  return s.getColumn(0).getString();
}

Result<void> checkEvent(detail::Db& db, std::int64_t eventId) {
  auto s = db.stmt("SELECT 1 FROM event WHERE id = ?");
  s.bind(1, eventId);
  if (!s.executeStep()) return fail(Errc::NotFound, "no event with id " + std::to_string(eventId));
  return {};
}

}  // namespace

std::int64_t Stock::onHand(std::int64_t eventId, std::int64_t productId) const { return detail::onHand(m_db, eventId, productId); }

std::map<std::int64_t, StockLevel> Stock::levels(std::int64_t eventId) const {
  std::map<std::int64_t, StockLevel> out;
  auto s = m_db.stmt("SELECT product_id, on_hand, low_stock FROM stock_level WHERE event_id = ?");
  s.bind(1, eventId);
  while (s.executeStep()) {
    const std::int64_t id = s.getColumn(0).getInt64();
    out[id] = StockLevel{id, s.getColumn(1).getInt64(), s.getColumn(2).getInt64()};
  }
  return out;
}

std::vector<StockLevel> Stock::lowStock(std::int64_t eventId) const {
  std::vector<StockLevel> out;
  auto s = m_db.stmt(
      "SELECT l.product_id, l.on_hand, l.low_stock FROM stock_level l JOIN product p ON p.id = l.product_id "
      "WHERE l.event_id = ? AND p.active = 1 AND l.on_hand <= l.low_stock ORDER BY l.on_hand, p.name");
  s.bind(1, eventId);
  while (s.executeStep()) out.push_back(StockLevel{s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64()});
  return out;
}

Result<void> Stock::intake(std::int64_t eventId, std::int64_t productId, std::int64_t quantity, std::string_view staff,
                           std::string_view note) {
  if (quantity < 1 || quantity > kMaxQuantity) return fail(Errc::Invalid, fmt::format("intake quantity must be 1 to {}", kMaxQuantity));
  if (note.size() > kMaxTextLength || !isCleanUtf8(note)) return fail(Errc::Invalid, "note too long or not text");
  return m_db.write([&]() -> Result<void> {
    if (auto ok = checkEvent(m_db, eventId); !ok) return ok;
    auto name = productName(m_db, productId);
    if (!name) return name.failure();
    const std::int64_t before = detail::onHand(m_db, eventId, productId);
    detail::moveStock(m_db, eventId, productId, MovementKind::Intake, quantity, note, staff, {});
    m_db.audit(staff, "stock_intake", *name, note, fmt::format("+{} (from {} to {})", quantity, before, before + quantity));
    return {};
  });
}

Result<void> Stock::adjust(std::int64_t eventId, std::int64_t productId, std::int64_t delta, std::string_view reason,
                           const Staff& staff) {
  if (delta == 0 || delta > kMaxQuantity || delta < -kMaxQuantity)
    return fail(Errc::Invalid, fmt::format("an adjustment is -{0} to {0}, not zero", kMaxQuantity));
  if (reason.empty() || reason.size() > kMaxTextLength || !isCleanUtf8(reason))
    return fail(Errc::Invalid, "an adjustment needs a reason");
  return m_db.write([&]() -> Result<void> {
    if (auto ok = checkEvent(m_db, eventId); !ok) return ok;
    auto name = productName(m_db, productId);
    if (!name) return name.failure();
    const std::int64_t before = detail::onHand(m_db, eventId, productId);
    if (before + delta < 0 && !detail::allowOversell(m_db))
      return fail(Errc::OutOfStock, fmt::format("Stock of {} would go below zero ({} on hand)", *name, before),
                  {*name, std::to_string(before)});
    detail::moveStock(m_db, eventId, productId, MovementKind::Adjustment, delta, reason, staff.name, {});
    m_db.audit(staff.name, "stock_adjust", *name, reason, fmt::format("{:+} (from {} to {})", delta, before, before + delta));
    return {};
  });
}

Result<void> Stock::returnToVendor(std::int64_t eventId, std::int64_t productId, std::int64_t quantity, const Staff& staff) {
  if (quantity < 1 || quantity > kMaxQuantity) return fail(Errc::Invalid, "return quantity must be at least 1");
  return m_db.write([&]() -> Result<void> {
    if (auto ok = checkEvent(m_db, eventId); !ok) return ok;
    auto name = productName(m_db, productId);
    if (!name) return name.failure();
    const std::int64_t before = detail::onHand(m_db, eventId, productId);
    if (quantity > before)
      return fail(Errc::OutOfStock, fmt::format("Only {} of {} on hand to return", before, *name), {*name, std::to_string(before)});
    detail::moveStock(m_db, eventId, productId, MovementKind::ReturnToVendor, -quantity, "return to vendor", staff.name, {});
    m_db.audit(staff.name, "stock_return", *name, "return to vendor", fmt::format("-{} (from {} to {})", quantity, before, before - quantity));
    return {};
  });
}

Result<std::vector<ReturnSlipLine>> Stock::returnAll(std::int64_t eventId, std::string_view vendorCode, const Staff& staff) {
  return m_db.write([&]() -> Result<std::vector<ReturnSlipLine>> {
    if (auto ok = checkEvent(m_db, eventId); !ok) return ok.failure();
    auto member = m_db.stmt("SELECT 1 FROM event_vendor ev JOIN vendor v ON v.id = ev.vendor_id WHERE ev.event_id = ? AND v.code = ?");
    member.bind(1, eventId);
    member.bind(2, std::string(vendorCode));
    if (!member.executeStep()) return fail(Errc::NotFound, "vendor " + std::string(vendorCode) + " is not in this event", {std::string(vendorCode)});
    member.reset();
    std::vector<ReturnSlipLine> slip = returnSlip(eventId, vendorCode);
    std::int64_t units = 0, products = 0;
    for (const ReturnSlipLine& l : slip) {
      if (l.remaining <= 0) continue;
      detail::moveStock(m_db, eventId, l.productId, MovementKind::ReturnToVendor, -l.remaining, "return to vendor", staff.name, {});
      units += l.remaining;
      ++products;
    }
    if (units == 0) return fail(Errc::Invalid, "nothing of vendor " + std::string(vendorCode) + " is on hand to return");
    m_db.audit(staff.name, "stock_return", std::string(vendorCode), "return to vendor",
               fmt::format("{} units of {} products, everything on hand", units, products));
    return slip;
  });
}

std::vector<StockRow> Stock::rows(std::int64_t eventId) const {
  std::vector<StockRow> out;
  auto s = m_db.stmt(
      "SELECT p.sku, v.code, p.name, COALESCE(l.on_hand, 0) FROM product p JOIN vendor v ON v.id = p.vendor_id "
      "JOIN event_vendor ev ON ev.vendor_id = v.id AND ev.event_id = ? "
      "LEFT JOIN stock_level l ON l.event_id = ev.event_id AND l.product_id = p.id ORDER BY v.code, p.sku");
  s.bind(1, eventId);
  while (s.executeStep())
    out.push_back(StockRow{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(), s.getColumn(3).getInt64()});
  return out;
}

Result<void> Stock::setLowStock(std::int64_t eventId, std::int64_t productId, std::int64_t threshold) {
  if (threshold < 0 || threshold > 1'000'000'000) return fail(Errc::Invalid, "low-stock threshold must be 0 or more");
  return m_db.write([&]() -> Result<void> {
    if (auto ok = checkEvent(m_db, eventId); !ok) return ok;
    if (auto name = productName(m_db, productId); !name) return name.failure();
    auto s = m_db.stmt(
        "INSERT INTO stock_level (event_id, product_id, on_hand, low_stock) VALUES (?, ?, 0, ?) "
        "ON CONFLICT (event_id, product_id) DO UPDATE SET low_stock = excluded.low_stock");
    s.bind(1, eventId);
    s.bind(2, productId);
    s.bind(3, threshold);
    s.exec();
    return {};
  });
}

std::vector<StockMovement> Stock::movements(std::int64_t eventId, std::int64_t productId, std::size_t limit) const {
  std::vector<StockMovement> out;
  auto s = m_db.stmt(
      "SELECT id, product_id, kind, quantity, reason, staff, at_ms, reference, COALESCE(uuid, '') FROM stock_movement "
      "WHERE event_id = ? AND product_id = ? ORDER BY id DESC LIMIT ?");
  s.bind(1, eventId);
  s.bind(2, productId);
  s.bind(3, static_cast<std::int64_t>(limit));
  while (s.executeStep()) {
    StockMovement m;
    m.id = s.getColumn(0).getInt64();
    m.productId = s.getColumn(1).getInt64();
    const std::string kind = s.getColumn(2).getString();
    for (MovementKind k : {MovementKind::Intake, MovementKind::Sale, MovementKind::Refund, MovementKind::Adjustment,
                           MovementKind::ReturnToVendor, MovementKind::Void})
      if (toString(k) == kind) m.kind = k;
    m.quantity = s.getColumn(3).getInt64();
    m.reason = s.getColumn(4).getString();
    m.staff = s.getColumn(5).getString();
    m.at = s.getColumn(6).getInt64();
    m.reference = s.getColumn(7).getString();
    m.uuid = s.getColumn(8).getString();
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<ReturnSlipLine> Stock::returnSlip(std::int64_t eventId, std::string_view vendorCode) const {
  std::vector<ReturnSlipLine> out;
  auto s = m_db.stmt(
      "SELECT p.id, p.sku, p.name, "
      "  COALESCE(SUM(CASE WHEN m.kind = 'intake' THEN m.quantity END), 0), "
      "  COALESCE(-SUM(CASE WHEN m.kind = 'sale' THEN m.quantity END), 0), "
      "  COALESCE(SUM(CASE WHEN m.kind IN ('refund', 'void') THEN m.quantity END), 0), "
      "  COALESCE(SUM(CASE WHEN m.kind = 'adjustment' THEN m.quantity END), 0), "
      "  COALESCE(-SUM(CASE WHEN m.kind = 'return' THEN m.quantity END), 0), "
      "  COALESCE(SUM(m.quantity), 0) "
      "FROM product p JOIN vendor v ON v.id = p.vendor_id "
      "LEFT JOIN stock_movement m ON m.product_id = p.id AND m.event_id = ? "
      "WHERE v.code = ? GROUP BY p.id ORDER BY p.name");
  s.bind(1, eventId);
  s.bind(2, std::string(vendorCode));
  while (s.executeStep()) {
    ReturnSlipLine l;
    l.productId = s.getColumn(0).getInt64();
    l.sku = s.getColumn(1).getString();
    l.name = s.getColumn(2).getString();
    l.brought = s.getColumn(3).getInt64();
    l.sold = s.getColumn(4).getInt64();
    l.refunded = s.getColumn(5).getInt64();
    l.adjusted = s.getColumn(6).getInt64();
    l.returned = s.getColumn(7).getInt64();
    l.remaining = s.getColumn(8).getInt64();
    out.push_back(std::move(l));
  }
  return out;
}

Result<void> Stock::verifyLedger(std::int64_t eventId) const {
  auto s = m_db.stmt(
      "SELECT l.product_id, l.on_hand, COALESCE((SELECT SUM(quantity) FROM stock_movement m "
      "  WHERE m.event_id = l.event_id AND m.product_id = l.product_id), 0) AS ledger "
      "FROM stock_level l WHERE l.event_id = ? AND l.on_hand <> ledger LIMIT 1");
  s.bind(1, eventId);
  if (s.executeStep())
    return fail(Errc::Storage, fmt::format("stock of product {} is {} but its ledger sums to {}", s.getColumn(0).getInt64(),
                                           s.getColumn(1).getInt64(), s.getColumn(2).getInt64()));
  return {};
}

}  // namespace pameran::core
