// The consignment ledger's view models (issue 11 §2): per vendor the units brought, sold, returned
// and still out (on hand), and a vendor's products with all six columns, as the server's ledger
// says them (DESIGN.md "Consignment ledger JSON"). Product names come with the ledger (from a
// server older than that, from the report); vendor names from the report and the settlement.
#include "pameran/kiosk/organizer/console.hpp"
#include "vm_text.hpp"

namespace pameran::kiosk::organizer {
namespace {

using vm::num;

std::string vendorName(const ConsoleData& data, const std::string& code) {
  if (data.report)
    for (const core::VendorTotals& v : data.report->report.byVendor)
      if (v.vendorCode == code) return v.name;
  if (data.settlement)
    for (const core::SettlementRow& s : data.settlement->vendors)
      if (s.vendorCode == code) return s.name;
  if (data.vendor && data.vendor->vendorCode == code) return data.vendor->name;
  return {};
}

std::string productName(const ConsoleData& data, const core::StockLedgerProduct& product) {
  if (!product.name.empty()) return product.name;
  const std::string& sku = product.sku;
  if (data.vendor)
    for (const core::ReportProductRow& p : data.vendor->products)
      if (p.sku == sku) return p.name;
  if (data.report && data.report->topProducts)
    for (const core::ReportProductRow& p : *data.report->topProducts)
      if (p.sku == sku) return p.name;
  return {};
}

ConsignmentRowVm line(std::string code, std::string name, std::int64_t received, std::int64_t sold, std::int64_t refunded, std::int64_t adjusted,
                std::int64_t returned, std::int64_t onHand) {
  return {std::move(code), std::move(name), num(received), num(sold), num(refunded), num(adjusted), num(returned), num(onHand), onHand < 0};
}

ConsignmentRowVm vendorLine(const core::StockLedgerVendor& v, std::string name) {
  return line(v.vendorCode, std::move(name), v.received, v.sold, v.refunded, v.adjusted, v.returned, v.onHand);
}

}  // namespace

ConsignmentVm buildConsignmentVm(const ConsoleData& data, const Translator& tr) {
  ConsignmentVm vm;
  if (!data.stock) return vm;
  vm.has = true;
  core::StockLedgerVendor all;
  for (const core::StockLedgerVendor& v : data.stock->vendors) {
    vm.rows.push_back(vendorLine(v, vendorName(data, v.vendorCode)));
    all.add(v);
  }
  vm.total = vendorLine(all, tr(T::OrgStockAll));
  return vm;
}

ConsignmentVendorVm buildConsignmentVendorVm(const ConsoleState& state, const ConsoleData& data, const Translator& tr) {
  (void)tr;
  ConsignmentVendorVm vm;
  if (state.openStockVendor.empty()) return vm;
  vm.open = true;
  const std::string name = vendorName(data, state.openStockVendor);
  vm.title = name.empty() ? state.openStockVendor : name + " (" + state.openStockVendor + ")";
  core::StockLedgerVendor none;
  none.vendorCode = state.openStockVendor;
  vm.total = vendorLine(none, name);
  if (!data.stock) return vm;
  for (const core::StockLedgerVendor& v : data.stock->vendors)
    if (v.vendorCode == state.openStockVendor) vm.total = vendorLine(v, name);
  for (const core::StockLedgerProduct& p : data.stock->products)
    if (p.vendorCode == state.openStockVendor)
      vm.products.push_back(line(p.sku, productName(data, p), p.received, p.sold, p.refunded, p.adjusted, p.returned, p.onHand()));
  return vm;
}

}  // namespace pameran::kiosk::organizer
