// The rulebook's part for stock (issue 11): admitting a stock movement, and the units each
// record adds to the consignment ledger. Both stores run it through the ingest engine.
#include <fmt/format.h>

#include "pameran/sync/store_rules.hpp"

namespace pameran::sync::rules {

Verdict admitMovement(const core::StockMovementRecord& m, const DeviceProfile& device, const CatalogIndex& catalog) {
  if (!isCanonicalId(m.uuid)) return Verdict{fmt::format("stock movement id \"{}\" is not a lowercase UUID", m.uuid), false};
  if (m.eventCode != device.eventCode)
    return Verdict{fmt::format("event_code \"{}\" is not this device's event (\"{}\")", m.eventCode, device.eventCode), false};
  if (!catalog.hasVendor(m.vendorCode))
    return Verdict{fmt::format("vendor {} is not a vendor of the event", m.vendorCode), true};
  if (!catalog.hasProduct(m.sku, m.vendorCode))
    return Verdict{fmt::format("{} is not a product of vendor {} in the event's catalog", m.sku, m.vendorCode), true};
  return {};
}

void StockSums::addSale(std::int64_t eventId, const core::SaleRecord& sale) {
  for (const core::SaleLine& l : sale.lines)
    if (!l.custom && !l.sku.empty()) m_units[{eventId, l.sku, l.vendorCode}].sold += l.quantity;
}

void StockSums::addRefund(std::int64_t eventId, const core::RefundRecord& refund, const core::SaleRecord& sale) {
  for (const core::RefundLine& r : refund.lines) {
    if (!r.restock) continue;
    for (const core::SaleLine& l : sale.lines)
      if (l.lineNo == r.lineNo && !l.custom && !l.sku.empty()) m_units[{eventId, l.sku, l.vendorCode}].refunded += r.quantity;
  }
}

void StockSums::addMovement(std::int64_t eventId, const core::StockMovementRecord& m) {
  Units& u = m_units[{eventId, m.sku, m.vendorCode}];
  switch (m.kind) {
    case core::TravellingMovement::Intake: u.received += m.quantity; break;
    case core::TravellingMovement::Adjustment: u.adjusted += m.quantity; break;
    case core::TravellingMovement::Return: u.returned -= m.quantity; break;  // travels negative, counts as units returned
  }
}

void StockSums::merge(const StockSums& other) {
  for (const auto& [key, u] : other.m_units) {
    Units& t = m_units[key];
    t.received += u.received;
    t.sold += u.sold;
    t.refunded += u.refunded;
    t.adjusted += u.adjusted;
    t.returned += u.returned;
  }
}

}  // namespace pameran::sync::rules
