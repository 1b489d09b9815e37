#include <fmt/format.h>

#include "db.hpp"
#include "stock_ledger.hpp"
#include "pameran/core/qris.hpp"

namespace pameran::core {
namespace {

constexpr const char* kEventColumns =
    "id, code, name, venue, start_date, end_date, tz_offset_min, cutoff_hour, is_open, organizer_qris, qris_via_organizer";

Event readEvent(SQLite::Statement& s) {
  Event e;
  e.id = s.getColumn(0).getInt64();
  e.code = s.getColumn(1).getString();
  e.name = s.getColumn(2).getString();
  e.venue = s.getColumn(3).getString();
  e.startDate = s.getColumn(4).getString();
  e.endDate = s.getColumn(5).getString();
  e.tzOffsetMinutes = s.getColumn(6).getInt();
  e.cutoffHour = s.getColumn(7).getInt();
  e.open = s.getColumn(8).getInt() != 0;
  e.organizerQris = s.getColumn(9).getString();
  e.qrisViaOrganizer = s.getColumn(10).getInt() != 0;
  return e;
}

constexpr const char* kVendorColumns = "v.id, v.code, v.name, v.sector, v.owner, v.phone, v.qris";

Vendor readVendor(SQLite::Statement& s) {
  Vendor v;
  v.id = s.getColumn(0).getInt64();
  v.code = s.getColumn(1).getString();
  v.name = s.getColumn(2).getString();
  v.sector = parseSector(s.getColumn(3).getString()).value_or(Sector::Kriya);
  v.owner = s.getColumn(4).getString();
  v.phone = s.getColumn(5).getString();
  v.qris = s.getColumn(6).getString();
  return v;
}

constexpr const char* kProductColumns = "p.id, p.sku, p.barcode, p.vendor_id, v.code, p.name, p.price_idr, p.unit, p.active";

Product readProduct(SQLite::Statement& s) {
  Product p;
  p.id = s.getColumn(0).getInt64();
  p.sku = s.getColumn(1).getString();
  p.barcode = detail::columnText(s, 2);
  p.vendorId = s.getColumn(3).getInt64();
  p.vendorCode = s.getColumn(4).getString();
  p.name = s.getColumn(5).getString();
  p.price = Rupiah(s.getColumn(6).getInt64());
  p.unit = s.getColumn(7).getString();
  p.active = s.getColumn(8).getInt() != 0;
  return p;
}

Result<void> validateEvent(const Event& e) {
  if (!isValidCode(e.code)) return fail(Errc::Invalid, "event code '" + e.code + "' must be 1-32 letters, digits, '-', '_' or '.'");
  if (e.name.empty() || e.name.size() > kMaxNameLength || !isCleanUtf8(e.name))
    return fail(Errc::Invalid, "event name must be 1-120 characters of text");
  if (e.venue.size() > kMaxNameLength || !isCleanUtf8(e.venue)) return fail(Errc::Invalid, "venue must be at most 120 characters of text");
  if (!e.startDate.empty() && !isIsoDate(e.startDate)) return fail(Errc::Invalid, "start date must be YYYY-MM-DD");
  if (!e.endDate.empty() && !isIsoDate(e.endDate)) return fail(Errc::Invalid, "end date must be YYYY-MM-DD");
  if (!e.startDate.empty() && !e.endDate.empty() && e.endDate < e.startDate)
    return fail(Errc::Invalid, "the event ends before it starts");
  if (e.tzOffsetMinutes < -720 || e.tzOffsetMinutes > 840) return fail(Errc::Invalid, "time zone offset out of range");
  if (e.cutoffHour < 0 || e.cutoffHour > 23) return fail(Errc::Invalid, "business-day cutoff hour must be 0-23");
  if (!e.organizerQris.empty()) {
    auto info = inspectQris(e.organizerQris);
    if (!info) return fail(Errc::Invalid, "organizer QRIS: " + info.error().message);
    if (!info->isStatic) return fail(Errc::Invalid, "organizer QRIS must be a static QRIS");
  }
  return {};
}

void bindEvent(SQLite::Statement& s, const Event& e) {
  s.bind(1, e.code);
  s.bind(2, e.name);
  s.bind(3, e.venue);
  s.bind(4, e.startDate);
  s.bind(5, e.endDate);
  s.bind(6, e.tzOffsetMinutes);
  s.bind(7, e.cutoffHour);
  s.bind(8, e.open ? 1 : 0);
  s.bind(9, e.organizerQris);
  s.bind(10, e.qrisViaOrganizer ? 1 : 0);
}

std::int64_t insertEvent(detail::Db& db, const Event& e) {
  auto s = db.stmt(
      "INSERT INTO event (code, name, venue, start_date, end_date, tz_offset_min, cutoff_hour, is_open, organizer_qris, "
      "qris_via_organizer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bindEvent(s, e);
  s.exec();
  return db.conn.getLastInsertRowid();
}

std::string where(const std::string& file, int line) {
  return line > 0 && !file.empty() ? fmt::format("{}:{}: ", file, line) : std::string();
}

}  // namespace

Result<Event> Catalog::createEvent(const Event& event) {
  if (auto ok = validateEvent(event); !ok) return ok.failure();
  return m_db.write([&]() -> Result<Event> {
    if (this->event(event.code)) return fail(Errc::Conflict, "event " + event.code + " already exists");
    Event e = event;
    e.id = insertEvent(m_db, e);
    return e;
  });
}

Result<void> Catalog::updateEvent(const Event& event) {
  if (auto ok = validateEvent(event); !ok) return ok.failure();
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt(
        "UPDATE event SET code = ?, name = ?, venue = ?, start_date = ?, end_date = ?, tz_offset_min = ?, cutoff_hour = ?, "
        "is_open = ?, organizer_qris = ?, qris_via_organizer = ? WHERE id = ?");
    bindEvent(s, event);
    s.bind(11, event.id);
    if (s.exec() != 1) return fail(Errc::NotFound, "no event with id " + std::to_string(event.id));
    return {};
  });
}

Result<Event> Catalog::event(std::string_view code) const {
  auto s = m_db.stmt(fmt::format("SELECT {} FROM event WHERE code = ?", kEventColumns).c_str());
  s.bind(1, std::string(code));
  if (!s.executeStep()) return fail(Errc::NotFound, "no event " + std::string(code), {std::string(code)});
  return readEvent(s);
}

Result<Event> Catalog::eventById(std::int64_t id) const {
  auto s = m_db.stmt(fmt::format("SELECT {} FROM event WHERE id = ?", kEventColumns).c_str());
  s.bind(1, id);
  if (!s.executeStep()) return fail(Errc::NotFound, "no event with id " + std::to_string(id));
  return readEvent(s);
}

std::vector<Event> Catalog::events() const {
  std::vector<Event> out;
  auto s = m_db.stmt(fmt::format("SELECT {} FROM event ORDER BY start_date DESC, code", kEventColumns).c_str());
  while (s.executeStep()) out.push_back(readEvent(s));
  return out;
}

Result<Event> Catalog::currentEvent() const {
  const std::int64_t id = m_db.currentEventId();
  if (id == 0) return fail(Errc::NotFound, "no current event: import a catalog or seed the demo first");
  return eventById(id);
}

Result<void> Catalog::setCurrentEvent(std::string_view code) {
  if (!event(code)) return fail(Errc::NotFound, "no event " + std::string(code), {std::string(code)});
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt("INSERT INTO setting (key, value) VALUES ('event.current', ?) "
                                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, std::string(code));
    s.exec();
    m_db.bumpCatalogVersion();
    return {};
  });
}

Result<ImportSummary> Catalog::importFiles(const CatalogFiles& files, std::string_view eventCode, std::string_view eventName,
                                           std::string_view staffName, StockMode stockMode) {
  Event draft;
  draft.code = std::string(eventCode);
  draft.name = eventName.empty() ? std::string(eventCode) : std::string(eventName);
  if (auto ok = validateEvent(draft); !ok) return ok.failure();
  return m_db.write([&]() -> Result<ImportSummary> {
    ImportSummary sum;
    std::int64_t eventId = 0;
    if (auto existing = event(eventCode)) {
      eventId = existing->id;
      if (!eventName.empty() && existing->name != eventName) {
        auto s = m_db.stmt("UPDATE event SET name = ? WHERE id = ?");
        s.bind(1, std::string(eventName));
        s.bind(2, eventId);
        s.exec();
      }
    } else {
      eventId = insertEvent(m_db, draft);
      sum.eventCreated = true;
    }

    std::map<std::string, std::int64_t> vendorIds;
    for (const CatalogVendorRow& v : files.vendors) {
      auto find = m_db.stmt("SELECT id FROM vendor WHERE code = ?");
      find.bind(1, v.code);
      std::int64_t id = 0;
      if (find.executeStep()) {
        id = find.getColumn(0).getInt64();
        auto up = m_db.stmt("UPDATE vendor SET name = ?, sector = ?, owner = ?, phone = ?, qris = ? WHERE id = ?");
        up.bind(1, v.name);
        up.bind(2, std::string(toString(v.sector)));
        up.bind(3, v.owner);
        up.bind(4, v.phone);
        up.bind(5, v.qris);
        up.bind(6, id);
        if (up.exec() > 0) ++sum.vendorsUpdated;
      } else {
        auto ins = m_db.stmt("INSERT INTO vendor (code, name, sector, owner, phone, qris) VALUES (?, ?, ?, ?, ?, ?)");
        ins.bind(1, v.code);
        ins.bind(2, v.name);
        ins.bind(3, std::string(toString(v.sector)));
        ins.bind(4, v.owner);
        ins.bind(5, v.phone);
        ins.bind(6, v.qris);
        ins.exec();
        id = m_db.conn.getLastInsertRowid();
        ++sum.vendorsAdded;
      }
      vendorIds[v.code] = id;
      auto ev = m_db.stmt("INSERT OR IGNORE INTO event_vendor (event_id, vendor_id) VALUES (?, ?)");
      ev.bind(1, eventId);
      ev.bind(2, id);
      ev.exec();
    }

    for (const CatalogProductRow& p : files.products) {
      const auto vendorIt = vendorIds.find(p.vendorCode);
      if (vendorIt == vendorIds.end())
        return fail(Errc::Invalid, where(files.productsFile, p.line) + "unknown vendor_code " + p.vendorCode);
      if (!p.barcode.empty()) {
        auto clash = m_db.stmt("SELECT sku FROM product WHERE barcode = ? AND sku <> ?");
        clash.bind(1, p.barcode);
        clash.bind(2, p.sku);
        if (clash.executeStep())
          return fail(Errc::Conflict, where(files.productsFile, p.line) + "barcode " + p.barcode +
                                          " already belongs to SKU " + clash.getColumn(0).getString());
      }
      auto find = m_db.stmt("SELECT id FROM product WHERE sku = ?");
      find.bind(1, p.sku);
      std::int64_t productId = 0;
      if (find.executeStep()) {
        productId = find.getColumn(0).getInt64();
        // A file without a barcode keeps the one the product has (an in-store code given for its
        // price tags, which the file's author may not know yet).
        auto up = m_db.stmt("UPDATE product SET barcode = COALESCE(NULLIF(?, ''), barcode), vendor_id = ?, name = ?, price_idr = ?, active = 1 WHERE id = ?");
        up.bind(1, p.barcode);
        up.bind(2, vendorIt->second);
        up.bind(3, p.name);
        up.bind(4, p.priceIdr);
        up.bind(5, productId);
        up.exec();
        ++sum.productsUpdated;
      } else {
        auto ins = m_db.stmt("INSERT INTO product (sku, barcode, vendor_id, name, price_idr) VALUES (?, NULLIF(?, ''), ?, ?, ?)");
        ins.bind(1, p.sku);
        ins.bind(2, p.barcode);
        ins.bind(3, vendorIt->second);
        ins.bind(4, p.name);
        ins.bind(5, p.priceIdr);
        ins.exec();
        productId = m_db.conn.getLastInsertRowid();
        ++sum.productsAdded;
      }
      // Bring the event's stock to the file's level through the ledger, never by overwriting.
      auto known = m_db.stmt("SELECT 1 FROM stock_level WHERE event_id = ? AND product_id = ?");
      known.bind(1, eventId);
      known.bind(2, productId);
      const bool isNew = !known.executeStep();
      known.reset();
      const std::int64_t current = detail::onHand(m_db, eventId, productId);
      const std::int64_t delta = stockMode == StockMode::SetLevels || isNew ? p.stock - current : 0;
      if (delta != 0) {
        detail::moveStock(m_db, eventId, productId, delta > 0 && current == 0 ? MovementKind::Intake : MovementKind::Adjustment,
                          delta, "catalog import", staffName, {}, detail::Origin::Catalog);
        ++sum.stockChanges;
      }
      auto low = m_db.stmt(
          "INSERT INTO stock_level (event_id, product_id, on_hand, low_stock) VALUES (?, ?, 0, ?) "
          "ON CONFLICT (event_id, product_id) DO UPDATE SET low_stock = excluded.low_stock");
      low.bind(1, eventId);
      low.bind(2, productId);
      low.bind(3, p.lowStock);
      low.exec();
    }
    if (sum.stockChanges > 0)
      m_db.audit(staffName, "stock_import", std::string(eventCode),
                 "catalog import", fmt::format("{} stock levels set from {}", sum.stockChanges, files.productsFile));
    auto cur = m_db.stmt("INSERT INTO setting (key, value) VALUES ('event.current', ?) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    cur.bind(1, std::string(eventCode));
    cur.exec();
    m_db.bumpCatalogVersion();
    return sum;
  });
}

Result<CatalogFiles> Catalog::exportFiles(std::string_view eventCode) const {
  auto ev = event(eventCode);
  if (!ev) return ev.failure();
  CatalogFiles files;
  for (const Vendor& v : vendors(ev->id))
    files.vendors.push_back(CatalogVendorRow{0, v.code, v.name, v.sector, v.owner, v.phone, v.qris});
  std::sort(files.vendors.begin(), files.vendors.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  auto s = m_db.stmt(
      "SELECT p.sku, COALESCE(p.barcode, ''), v.code, p.name, p.price_idr, COALESCE(l.on_hand, 0), COALESCE(l.low_stock, 0) "
      "FROM product p JOIN vendor v ON v.id = p.vendor_id JOIN event_vendor ev ON ev.vendor_id = v.id AND ev.event_id = ? "
      "LEFT JOIN stock_level l ON l.event_id = ev.event_id AND l.product_id = p.id WHERE p.active = 1 ORDER BY p.sku");
  s.bind(1, ev->id);
  while (s.executeStep()) {
    CatalogProductRow p;
    p.sku = s.getColumn(0).getString();
    p.barcode = s.getColumn(1).getString();
    p.vendorCode = s.getColumn(2).getString();
    p.name = s.getColumn(3).getString();
    p.priceIdr = s.getColumn(4).getInt64();
    p.stock = std::max<std::int64_t>(0, s.getColumn(5).getInt64());
    p.lowStock = s.getColumn(6).getInt64();
    files.products.push_back(std::move(p));
  }
  return files;
}

std::vector<Vendor> Catalog::vendors(std::int64_t eventId) const {
  std::vector<Vendor> out;
  auto s = m_db.stmt(
      fmt::format("SELECT {}, ev.commission_bp FROM vendor v JOIN event_vendor ev ON ev.vendor_id = v.id AND ev.event_id = ? "
                  "ORDER BY v.name",
                  kVendorColumns)
          .c_str());
  s.bind(1, eventId);
  while (s.executeStep()) {
    Vendor v = readVendor(s);
    v.commissionBp = s.getColumn(7).getInt();
    out.push_back(std::move(v));
  }
  return out;
}

Result<Vendor> Catalog::vendor(std::string_view code, std::int64_t eventId) const {
  auto s = m_db.stmt(
      fmt::format("SELECT {}, COALESCE(ev.commission_bp, 0) FROM vendor v "
                  "LEFT JOIN event_vendor ev ON ev.vendor_id = v.id AND ev.event_id = ? WHERE v.code = ?",
                  kVendorColumns)
          .c_str());
  s.bind(1, eventId);
  s.bind(2, std::string(code));
  if (!s.executeStep()) return fail(Errc::NotFound, "no vendor " + std::string(code), {std::string(code)});
  Vendor v = readVendor(s);
  v.commissionBp = s.getColumn(7).getInt();
  return v;
}

Result<void> Catalog::setCommission(std::int64_t eventId, std::string_view vendorCode, std::int32_t bp) {
  if (bp < 0 || bp > kFullBp) return fail(Errc::Invalid, "commission must be between 0 and 100 %");
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt(
        "UPDATE event_vendor SET commission_bp = ? WHERE event_id = ? AND vendor_id = (SELECT id FROM vendor WHERE code = ?)");
    s.bind(1, bp);
    s.bind(2, eventId);
    s.bind(3, std::string(vendorCode));
    if (s.exec() != 1) return fail(Errc::NotFound, "vendor " + std::string(vendorCode) + " is not in this event");
    return {};
  });
}

std::vector<Product> Catalog::products(std::int64_t eventId, bool activeOnly) const {
  std::vector<Product> out;
  const std::string sql =
      eventId == 0
          ? fmt::format("SELECT {} FROM product p JOIN vendor v ON v.id = p.vendor_id WHERE (? = 0 OR p.active = 1) ORDER BY p.name",
                        kProductColumns)
          : fmt::format("SELECT {} FROM product p JOIN vendor v ON v.id = p.vendor_id "
                        "JOIN event_vendor ev ON ev.vendor_id = v.id AND ev.event_id = ? "
                        "WHERE (? = 0 OR p.active = 1) ORDER BY p.name",
                        kProductColumns);
  auto s = m_db.stmt(sql.c_str());
  int i = 1;
  if (eventId != 0) s.bind(i++, eventId);
  s.bind(i, activeOnly ? 1 : 0);
  while (s.executeStep()) out.push_back(readProduct(s));
  return out;
}

Result<Product> Catalog::product(std::int64_t id) const {
  auto s = m_db.stmt(
      fmt::format("SELECT {} FROM product p JOIN vendor v ON v.id = p.vendor_id WHERE p.id = ?", kProductColumns).c_str());
  s.bind(1, id);
  if (!s.executeStep()) return fail(Errc::NotFound, "no product with id " + std::to_string(id));
  return readProduct(s);
}

Result<Product> Catalog::productBySku(std::string_view sku) const {
  auto s = m_db.stmt(
      fmt::format("SELECT {} FROM product p JOIN vendor v ON v.id = p.vendor_id WHERE p.sku = ?", kProductColumns).c_str());
  s.bind(1, std::string(sku));
  if (!s.executeStep()) return fail(Errc::NotFound, "no product " + std::string(sku), {std::string(sku)});
  return readProduct(s);
}

Result<void> Catalog::setProductActive(std::int64_t id, bool active) {
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt("UPDATE product SET active = ? WHERE id = ?");
    s.bind(1, active ? 1 : 0);
    s.bind(2, id);
    if (s.exec() != 1) return fail(Errc::NotFound, "no product with id " + std::to_string(id));
    m_db.bumpCatalogVersion();
    return {};
  });
}

std::int64_t Catalog::version() const {
  auto s = m_db.stmt("SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'catalog.version'");
  return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

}  // namespace pameran::core
