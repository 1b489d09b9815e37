#include "db.hpp"

namespace pameran::core {
namespace detail {

void Db::applyDelta(std::int64_t eventId, const ReportDelta& d) {
  auto ev = stmt(
      "INSERT INTO rollup_event (event_id, sales_count) VALUES (?, ?) "
      "ON CONFLICT (event_id) DO UPDATE SET sales_count = sales_count + excluded.sales_count");
  ev.bind(1, eventId);
  ev.bind(2, d.salesCount);
  ev.exec();
  for (const RollupCell& c : d.cells) {
    auto s = stmt(
        "INSERT INTO rollup_cell (event_id, vendor_code, date, hour, sector, sales_count, items, gross_idr, discount_idr, refund_idr) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, vendor_code, date, hour) DO UPDATE SET "
        "sales_count = sales_count + excluded.sales_count, items = items + excluded.items, "
        "gross_idr = gross_idr + excluded.gross_idr, discount_idr = discount_idr + excluded.discount_idr, "
        "refund_idr = refund_idr + excluded.refund_idr");
    s.bind(1, eventId);
    s.bind(2, c.vendorCode);
    s.bind(3, c.date);
    s.bind(4, c.hour);
    s.bind(5, std::string(toString(c.sector)));
    s.bind(6, c.salesCount);
    s.bind(7, c.items);
    s.bind(8, c.gross.idr());
    s.bind(9, c.discount.idr());
    s.bind(10, c.refund.idr());
    s.exec();
  }
  for (const PaymentCell& p : d.payments) {
    auto s = stmt(
        "INSERT INTO rollup_payment (event_id, method, amount_idr) VALUES (?, ?, ?) "
        "ON CONFLICT (event_id, method) DO UPDATE SET amount_idr = amount_idr + excluded.amount_idr");
    s.bind(1, eventId);
    s.bind(2, std::string(toString(p.method)));
    s.bind(3, p.amount.idr());
    s.exec();
  }
  for (const DirectCell& x : d.direct) {
    auto s = stmt(
        "INSERT INTO rollup_direct (event_id, vendor_code, paid_direct_idr) VALUES (?, ?, ?) "
        "ON CONFLICT (event_id, vendor_code) DO UPDATE SET paid_direct_idr = paid_direct_idr + excluded.paid_direct_idr");
    s.bind(1, eventId);
    s.bind(2, x.vendorCode);
    s.bind(3, x.paidDirect.idr());
    s.exec();
  }
}

}  // namespace detail

namespace {

std::vector<RollupCell> readCells(detail::Db& db, std::int64_t eventId) {
  std::vector<RollupCell> cells;
  auto s = db.stmt(
      "SELECT vendor_code, sector, date, hour, sales_count, items, gross_idr, discount_idr, refund_idr "
      "FROM rollup_cell WHERE event_id = ?");
  s.bind(1, eventId);
  while (s.executeStep()) {
    RollupCell c;
    c.vendorCode = s.getColumn(0).getString();
    c.sector = parseSector(s.getColumn(1).getString()).value_or(Sector::Kriya);
    c.date = s.getColumn(2).getString();
    c.hour = s.getColumn(3).getInt();
    c.salesCount = s.getColumn(4).getInt64();
    c.items = s.getColumn(5).getInt64();
    c.gross = Rupiah(s.getColumn(6).getInt64());
    c.discount = Rupiah(s.getColumn(7).getInt64());
    c.refund = Rupiah(s.getColumn(8).getInt64());
    cells.push_back(std::move(c));
  }
  return cells;
}

VendorLookup vendorLookup(detail::Db& db, std::int64_t eventId) {
  auto names = std::make_shared<std::map<std::string, VendorInfo>>();
  auto s = db.stmt(
      "SELECT v.code, v.name, COALESCE(ev.commission_bp, 0) FROM vendor v "
      "LEFT JOIN event_vendor ev ON ev.vendor_id = v.id AND ev.event_id = ?");
  s.bind(1, eventId);
  while (s.executeStep()) (*names)[s.getColumn(0).getString()] = VendorInfo{s.getColumn(1).getString(), s.getColumn(2).getInt()};
  return [names](const std::string& code) {
    auto it = names->find(code);
    return it == names->end() ? VendorInfo{} : it->second;
  };
}

}  // namespace

Result<Report> Reports::report(std::string_view eventCode) const {
  try {
    auto ev = Catalog(m_db).event(eventCode);
    if (!ev) return ev.failure();
    std::int64_t salesCount = 0;
    auto n = m_db.stmt("SELECT sales_count FROM rollup_event WHERE event_id = ?");
    n.bind(1, ev->id);
    if (n.executeStep()) salesCount = n.getColumn(0).getInt64();
    std::vector<PaymentCell> payments;
    auto p = m_db.stmt("SELECT method, amount_idr FROM rollup_payment WHERE event_id = ?");
    p.bind(1, ev->id);
    while (p.executeStep())
      payments.push_back(PaymentCell{parsePaymentMethod(p.getColumn(0).getString()).value_or(PaymentMethod::Cash),
                                     Rupiah(p.getColumn(1).getInt64())});
    return buildReport(ev->code, salesCount, readCells(m_db, ev->id), payments, vendorLookup(m_db, ev->id));
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "report"));
  }
}

Result<Settlement> Reports::settlement(std::string_view eventCode) const {
  try {
    auto ev = Catalog(m_db).event(eventCode);
    if (!ev) return ev.failure();
    std::vector<DirectCell> direct;
    auto d = m_db.stmt("SELECT vendor_code, paid_direct_idr FROM rollup_direct WHERE event_id = ?");
    d.bind(1, ev->id);
    while (d.executeStep()) direct.push_back(DirectCell{d.getColumn(0).getString(), Rupiah(d.getColumn(1).getInt64())});
    return buildSettlement(ev->code, readCells(m_db, ev->id), direct, vendorLookup(m_db, ev->id));
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "settlement"));
  }
}

}  // namespace pameran::core
