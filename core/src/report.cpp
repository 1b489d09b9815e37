#include "pameran/core/report.hpp"

#include "pameran/core/csv.hpp"
#include "pameran/core/report_combine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace pameran::core {
namespace {

void addPayment(std::vector<PaymentCell>& out, PaymentMethod m, Rupiah amount) {
  for (PaymentCell& p : out)
    if (p.method == m) {
      p.amount += amount;
      return;
    }
  out.push_back({m, amount});
}

void addDirect(std::vector<DirectCell>& out, const std::string& vendor, Rupiah amount) {
  for (DirectCell& d : out)
    if (d.vendorCode == vendor) {
      d.paidDirect += amount;
      return;
    }
  out.push_back({vendor, amount});
}

RollupCell& cellFor(std::vector<RollupCell>& cells, const SaleLine& line, const std::string& date, int hour) {
  for (RollupCell& c : cells)
    if (c.vendorCode == line.vendorCode) return c;
  RollupCell c;
  c.vendorCode = line.vendorCode;
  c.sector = line.sector;
  c.date = date;
  c.hour = hour;
  return cells.emplace_back(std::move(c));
}

void addProduct(std::vector<ProductCell>& out, const SaleLine& line, std::int64_t items, Rupiah net) {
  for (ProductCell& p : out)
    if (p.sku == line.sku && p.vendorCode == line.vendorCode) {
      p.items += items;
      p.net += net;
      return;
    }
  out.push_back({line.sku, line.vendorCode, items, net});
}

}  // namespace

// Best first; ties in a fixed order so every store and every run lists the same.
void sortBreakdowns(Report& r) {
  std::stable_sort(r.byDevice.begin(), r.byDevice.end(), [](const DeviceTotals& a, const DeviceTotals& b) {
    return std::tie(b.net, a.deviceCode) < std::tie(a.net, b.deviceCode);
  });
  std::stable_sort(r.byCashier.begin(), r.byCashier.end(), [](const CashierTotals& a, const CashierTotals& b) {
    return std::tie(b.net, a.cashier) < std::tie(a.net, b.cashier);
  });
  std::stable_sort(r.products.begin(), r.products.end(), [](const ProductTotals& a, const ProductTotals& b) {
    return std::tie(b.net, b.items, a.sku, a.vendorCode) < std::tie(a.net, a.items, b.sku, b.vendorCode);
  });
}

namespace {

ReportDelta negate(ReportDelta d) {
  d.salesCount = -d.salesCount;
  for (RollupCell& c : d.cells) {
    c.salesCount = -c.salesCount;
    c.items = -c.items;
    c.gross = -c.gross;
    c.discount = -c.discount;
    c.refund = -c.refund;
  }
  for (PaymentCell& p : d.payments) p.amount = -p.amount;
  for (DirectCell& x : d.direct) x.paidDirect = -x.paidDirect;
  for (TeamCell* t : {&d.device, &d.cashier}) {
    t->salesCount = -t->salesCount;
    t->net = -t->net;
  }
  for (ProductCell& p : d.products) {
    p.items = -p.items;
    p.net = -p.net;
  }
  return d;
}

}  // namespace

ReportDelta deltaForSale(const SaleRecord& sale, const EventClock& clock) {
  ReportDelta d;
  d.salesCount = 1;
  const std::string date = businessDate(sale.createdAt, clock.tzOffsetMinutes, clock.cutoffHour);
  const int hour = localHour(sale.createdAt, clock.tzOffsetMinutes);
  Rupiah net;
  for (const SaleLine& line : sale.lines) {
    RollupCell& c = cellFor(d.cells, line, date, hour);
    c.salesCount = 1;
    c.items += line.quantity;
    c.gross += line.gross;
    c.discount += line.lineDiscount + line.cartDiscount;
    const Rupiah lineNet = line.gross - line.lineDiscount - line.cartDiscount;
    addProduct(d.products, line, line.quantity, lineNet);
    net += lineNet;
  }
  d.device = {sale.deviceCode, 1, net};
  d.cashier = {sale.cashier, 1, net};
  for (const SalePayment& p : sale.payments) {
    addPayment(d.payments, p.method, p.amount);
    // Money straight to a vendor: its own QRIS anywhere, or cash taken at its own booth.
    if (p.method == PaymentMethod::Qris && p.account == QrisAccount::Vendor)
      addDirect(d.direct, p.vendorCode, p.amount);
    else if (p.method == PaymentMethod::Cash && !sale.boothVendorCode.empty())
      addDirect(d.direct, sale.boothVendorCode, p.amount);
  }
  return d;
}

ReportDelta deltaForRefund(const RefundRecord& refund, const SaleRecord& sale, const EventClock& clock) {
  if (refund.isVoid) return negate(deltaForSale(sale, clock));
  ReportDelta d;
  const std::string date = businessDate(refund.createdAt, clock.tzOffsetMinutes, clock.cutoffHour);
  const int hour = localHour(refund.createdAt, clock.tzOffsetMinutes);
  Rupiah refunded;
  for (const RefundLine& rl : refund.lines) {
    if (rl.lineNo < 1 || static_cast<std::size_t>(rl.lineNo) > sale.lines.size()) continue;
    const SaleLine& line = sale.lines[static_cast<std::size_t>(rl.lineNo - 1)];
    RollupCell& c = cellFor(d.cells, line, date, hour);
    c.items -= rl.quantity;
    c.refund += rl.amount;
    addProduct(d.products, line, -rl.quantity, -rl.amount);
    refunded += rl.amount;
  }
  // Taken off the kiosk and cashier that made the sale, as its lines are off their vendors.
  d.device = {sale.deviceCode, 0, -refunded};
  d.cashier = {sale.cashier, 0, -refunded};
  addPayment(d.payments, refund.method, -refund.total);
  if (refund.method == PaymentMethod::Cash && !sale.boothVendorCode.empty())
    addDirect(d.direct, sale.boothVendorCode, -refund.total);
  return d;
}

Report buildReport(const std::string& eventCode, std::int64_t salesCount, const std::vector<RollupCell>& cells,
                   const std::vector<PaymentCell>& payments, const VendorLookup& vendors) {
  Report r;
  r.event = eventCode;
  r.salesCount = salesCount;
  std::map<std::string, VendorTotals> byVendor;
  std::map<Sector, Rupiah> bySector;
  std::map<std::string, Rupiah> byDay;
  std::map<int, Rupiah> byHour;
  for (const RollupCell& c : cells) {
    const Rupiah net = c.gross - c.discount - c.refund;
    r.items += c.items;
    r.gross += c.gross;
    r.discount += c.discount;
    r.refund += c.refund;
    VendorTotals& v = byVendor[c.vendorCode];
    if (v.vendorCode.empty()) {
      v.vendorCode = c.vendorCode;
      v.sector = c.sector;
    }
    v.salesCount += c.salesCount;
    v.items += c.items;
    v.net += net;
    bySector[c.sector] += net;
    byDay[c.date] += net;
    byHour[c.hour] += net;
  }
  r.net = r.gross - r.discount - r.refund;
  for (auto& [code, v] : byVendor) {
    VendorInfo info = vendors ? vendors(code) : VendorInfo{};
    v.name = info.name.empty() ? code : info.name;
    r.byVendor.push_back(std::move(v));
  }
  std::stable_sort(r.byVendor.begin(), r.byVendor.end(),
                   [](const VendorTotals& a, const VendorTotals& b) { return a.net > b.net; });
  for (Sector s : kAllSectors) r.bySector.emplace_back(s, bySector[s]);
  std::map<PaymentMethod, Rupiah> byMethod;
  for (const PaymentCell& p : payments) byMethod[p.method] += p.amount;
  for (PaymentMethod m : kAllPaymentMethods) r.byPayment.emplace_back(m, byMethod[m]);
  r.byDay.assign(byDay.begin(), byDay.end());
  r.byHour.assign(byHour.begin(), byHour.end());
  return r;
}

void addBreakdowns(Report& r, const Breakdowns& b, const DeviceLookup& devices, const ProductLookup& products) {
  r.hasBreakdowns = true;
  std::map<std::string, DeviceTotals> byDevice;
  for (const TeamCell& c : b.devices) {
    DeviceTotals& d = byDevice[c.key];
    d.salesCount += c.salesCount;
    d.net += c.net;
  }
  for (auto& [key, d] : byDevice) {
    const KioskInfo info = devices ? devices(key) : KioskInfo{};
    d.deviceCode = info.code.empty() ? key : info.code;
    d.name = info.name.empty() ? d.deviceCode : info.name;
    d.booth = info.booth;
    r.byDevice.push_back(std::move(d));
  }
  std::map<std::string, CashierTotals> byCashier;
  for (const TeamCell& c : b.cashiers) {
    CashierTotals& t = byCashier[c.key];
    t.cashier = c.key;
    t.salesCount += c.salesCount;
    t.net += c.net;
  }
  for (auto& [key, t] : byCashier) r.byCashier.push_back(std::move(t));
  std::map<std::pair<std::string, std::string>, ProductTotals> byProduct;
  for (const ProductCell& c : b.products) {
    ProductTotals& p = byProduct[{c.sku, c.vendorCode}];
    p.items += c.items;
    p.net += c.net;
  }
  for (auto& [key, p] : byProduct) {
    p.sku = key.first;
    p.vendorCode = key.second;
    const std::string name = products ? products(p.sku, p.vendorCode) : std::string();
    p.name = name.empty() ? p.sku : name;
    r.products.push_back(std::move(p));
  }
  sortBreakdowns(r);
}

void RollupSet::apply(const ReportDelta& d, const std::string& deviceKey) {
  salesCount += d.salesCount;
  cells.insert(cells.end(), d.cells.begin(), d.cells.end());
  payments.insert(payments.end(), d.payments.begin(), d.payments.end());
  direct.insert(direct.end(), d.direct.begin(), d.direct.end());
  breakdowns.devices.push_back(d.device);
  if (!deviceKey.empty()) breakdowns.devices.back().key = deviceKey;
  breakdowns.cashiers.push_back(d.cashier);
  breakdowns.products.insert(breakdowns.products.end(), d.products.begin(), d.products.end());
}

Report RollupSet::report(const std::string& eventCode, const VendorLookup& vendors, const DeviceLookup& devices,
                         const ProductLookup& products) const {
  Report r = buildReport(eventCode, salesCount, cells, payments, vendors);
  addBreakdowns(r, breakdowns, devices, products);
  return r;
}

std::string reportToJson(const Report& r) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["event"] = r.event;
  j["currency"] = "IDR";
  j["sales_count"] = r.salesCount;
  j["items_sold"] = r.items;
  j["gross_idr"] = r.gross.idr();
  j["discount_idr"] = r.discount.idr();
  j["refund_idr"] = r.refund.idr();
  j["net_idr"] = r.net.idr();
  j["by_vendor"] = ordered_json::array();
  for (const VendorTotals& v : r.byVendor)
    j["by_vendor"].push_back({{"vendor_code", v.vendorCode}, {"name", v.name}, {"sector", toString(v.sector)},
                              {"sales_count", v.salesCount}, {"items_sold", v.items}, {"net_idr", v.net.idr()}});
  j["by_sector"] = ordered_json::array();
  for (const auto& [s, net] : r.bySector) j["by_sector"].push_back({{"sector", toString(s)}, {"net_idr", net.idr()}});
  j["by_payment"] = ordered_json::array();
  for (const auto& [m, amount] : r.byPayment) j["by_payment"].push_back({{"method", toString(m)}, {"amount_idr", amount.idr()}});
  j["by_day"] = ordered_json::array();
  for (const auto& [date, net] : r.byDay) j["by_day"].push_back({{"date", date}, {"net_idr", net.idr()}});
  j["by_hour"] = ordered_json::array();
  for (const auto& [hour, net] : r.byHour) j["by_hour"].push_back({{"hour", hour}, {"net_idr", net.idr()}});
  if (r.hasBreakdowns) {
    j["by_device"] = ordered_json::array();
    for (const DeviceTotals& d : r.byDevice)
      j["by_device"].push_back({{"device_code", d.deviceCode}, {"name", d.name}, {"booth", d.booth},
                                {"sales_count", d.salesCount}, {"net_idr", d.net.idr()}});
    j["by_cashier"] = ordered_json::array();
    for (const CashierTotals& c : r.byCashier)
      j["by_cashier"].push_back({{"cashier", c.cashier}, {"sales_count", c.salesCount}, {"net_idr", c.net.idr()}});
    j["top_products"] = ordered_json::array();
    for (std::size_t i = 0; i < r.products.size() && i < kTopProducts; ++i) {
      const ProductTotals& p = r.products[i];
      j["top_products"].push_back({{"sku", p.sku}, {"name", p.name}, {"vendor_code", p.vendorCode},
                                   {"items_sold", p.items}, {"net_idr", p.net.idr()}});
    }
  }
  if (r.isYear) {
    j["by_event"] = ordered_json::array();
    for (const EventTotals& e : r.byEvent)
      j["by_event"].push_back({{"event", e.event}, {"name", e.name}, {"start_date", e.startDate},
                               {"sales_count", e.salesCount}, {"net_idr", e.net.idr()}});
    j["by_ikm"] = ordered_json::array();
    for (const IkmTotals& v : r.byIkm)
      j["by_ikm"].push_back({{"vendor_code", v.vendorCode}, {"name", v.name}, {"sector", toString(v.sector)},
                             {"events", v.events}, {"net_idr", v.net.idr()},
                             {"growth_bp", v.growthBp ? ordered_json(*v.growthBp) : ordered_json(nullptr)}});
  }
  return j.dump();
}


std::string reportToCsv(const Report& r) {
  std::string out = "section,key,name,sector,sales_count,items_sold,amount_idr\r\n";
  auto row = [&](std::string_view section, std::string_view key, std::string_view name, std::string_view sector,
                 std::string salesCount, std::string items, std::int64_t amount) {
    out += fmt::format("{},{},{},{},{},{},{}\r\n", section, csvField(key), csvField(name), csvField(sector), salesCount,
                       items, amount);
  };
  row("total", "gross_idr", "", "", std::to_string(r.salesCount), std::to_string(r.items), r.gross.idr());
  row("total", "discount_idr", "", "", "", "", r.discount.idr());
  row("total", "refund_idr", "", "", "", "", r.refund.idr());
  row("total", "net_idr", "", "", std::to_string(r.salesCount), std::to_string(r.items), r.net.idr());
  for (const VendorTotals& v : r.byVendor)
    row("vendor", v.vendorCode, v.name, toString(v.sector), std::to_string(v.salesCount), std::to_string(v.items), v.net.idr());
  for (const auto& [s, net] : r.bySector) row("sector", toString(s), "", toString(s), "", "", net.idr());
  for (const auto& [m, amount] : r.byPayment) row("payment", toString(m), "", "", "", "", amount.idr());
  for (const auto& [date, net] : r.byDay) row("day", date, "", "", "", "", net.idr());
  for (const auto& [hour, net] : r.byHour) row("hour", fmt::format("{:02}", hour), "", "", "", "", net.idr());
  if (r.hasBreakdowns) {
    for (const DeviceTotals& d : r.byDevice) row("device", d.deviceCode, d.name, "", std::to_string(d.salesCount), "", d.net.idr());
    for (const CashierTotals& c : r.byCashier) row("cashier", c.cashier, "", "", std::to_string(c.salesCount), "", c.net.idr());
    for (std::size_t i = 0; i < r.products.size() && i < kTopProducts; ++i) {
      const ProductTotals& p = r.products[i];
      row("product", p.sku, p.name, "", "", std::to_string(p.items), p.net.idr());
    }
  }
  if (r.isYear) {
    for (const EventTotals& e : r.byEvent) row("event", e.event, e.name, "", std::to_string(e.salesCount), "", e.net.idr());
    for (const IkmTotals& v : r.byIkm)
      row("ikm", v.vendorCode, v.name, toString(v.sector), std::to_string(v.events), "", v.net.idr());
  }
  return out;
}

std::string reportToTable(const Report& r) {
  std::string out;
  auto money = [](Rupiah x) { return formatRupiah(x); };
  out += fmt::format("Event {}\n", r.event);
  out += fmt::format("  {:<16}{:>22}\n", "Sales", r.salesCount);
  out += fmt::format("  {:<16}{:>22}\n", "Items sold", r.items);
  out += fmt::format("  {:<16}{:>22}\n", "Gross", money(r.gross));
  out += fmt::format("  {:<16}{:>22}\n", "Discounts", money(r.discount));
  out += fmt::format("  {:<16}{:>22}\n", "Refunds", money(r.refund));
  out += fmt::format("  {:<16}{:>22}\n\n", "Net", money(r.net));
  out += fmt::format("{:<10} {:<30} {:<8} {:>6} {:>6} {:>20}\n", "Vendor", "Name", "Sector", "Sales", "Items", "Net");
  for (const VendorTotals& v : r.byVendor) {
    std::string name = v.name;
    if (name.size() > 30) name = name.substr(0, 27) + "...";
    out += fmt::format("{:<10} {:<30} {:<8} {:>6} {:>6} {:>20}\n", v.vendorCode, name, toString(v.sector), v.salesCount,
                       v.items, money(v.net));
  }
  out += "\nBy sector\n";
  for (const auto& [s, net] : r.bySector) out += fmt::format("  {:<12}{:>22}\n", toString(s), money(net));
  out += "\nBy payment\n";
  for (const auto& [m, amount] : r.byPayment) out += fmt::format("  {:<12}{:>22}\n", toString(m), money(amount));
  out += "\nBy day\n";
  for (const auto& [date, net] : r.byDay) out += fmt::format("  {:<12}{:>22}\n", date, money(net));
  out += "\nBy hour\n";
  for (const auto& [hour, net] : r.byHour) out += fmt::format("  {:02}:00{:>28}\n", hour, money(net));
  auto clip = [](std::string text, std::size_t width) {
    if (text.size() > width) text = text.substr(0, width - 3) + "...";
    return text;
  };
  if (r.hasBreakdowns) {
    out += fmt::format("\nBy kiosk\n  {:<6} {:<24} {:<10} {:>6} {:>20}\n", "Kiosk", "Name", "Booth", "Sales", "Net");
    for (const DeviceTotals& d : r.byDevice)
      out += fmt::format("  {:<6} {:<24} {:<10} {:>6} {:>20}\n", clip(d.deviceCode, 6), clip(d.name, 24), clip(d.booth, 10),
                         d.salesCount, money(d.net));
    out += fmt::format("\nBy cashier\n  {:<30} {:>6} {:>20}\n", "Cashier", "Sales", "Net");
    for (const CashierTotals& c : r.byCashier)
      out += fmt::format("  {:<30} {:>6} {:>20}\n", clip(c.cashier, 30), c.salesCount, money(c.net));
    out += fmt::format("\nTop products\n  {:<14} {:<30} {:<10} {:>6} {:>20}\n", "SKU", "Name", "Vendor", "Items", "Net");
    for (std::size_t i = 0; i < r.products.size() && i < kTopProducts; ++i) {
      const ProductTotals& p = r.products[i];
      out += fmt::format("  {:<14} {:<30} {:<10} {:>6} {:>20}\n", clip(p.sku, 14), clip(p.name, 30), clip(p.vendorCode, 10),
                         p.items, money(p.net));
    }
  }
  if (r.isYear) {
    out += fmt::format("\nBy event\n  {:<20} {:<30} {:>8} {:>20}\n", "Event", "Name", "Sales", "Net");
    for (const EventTotals& e : r.byEvent)
      out += fmt::format("  {:<20} {:<30} {:>8} {:>20}\n", clip(e.event, 20), clip(e.name, 30), e.salesCount, money(e.net));
    out += fmt::format("\nBy IKM\n  {:<10} {:<30} {:<8} {:>6} {:>20} {:>9}\n", "Vendor", "Name", "Sector", "Events", "Net", "Growth");
    for (const IkmTotals& v : r.byIkm)
      out += fmt::format("  {:<10} {:<30} {:<8} {:>6} {:>20} {:>9}\n", clip(v.vendorCode, 10), clip(v.name, 30), toString(v.sector),
                         v.events, money(v.net), v.growthBp ? formatBp(*v.growthBp) : std::string("-"));
  }
  return out;
}

Settlement buildSettlement(const std::string& eventCode, const std::vector<RollupCell>& cells,
                           const std::vector<DirectCell>& direct, const VendorLookup& vendors) {
  std::map<std::string, SettlementRow> rows;
  for (const RollupCell& c : cells) {
    SettlementRow& row = rows[c.vendorCode];
    row.vendorCode = c.vendorCode;
    row.sector = c.sector;
    row.salesCount += c.salesCount;
    row.items += c.items;
    row.gross += c.gross;
    row.discount += c.discount;
    row.refund += c.refund;
  }
  for (const DirectCell& d : direct) {
    SettlementRow& row = rows[d.vendorCode];
    row.vendorCode = d.vendorCode;
    row.paidDirect += d.paidDirect;
  }
  Settlement s;
  s.event = eventCode;
  for (auto& [code, row] : rows) {
    const VendorInfo info = vendors ? vendors(code) : VendorInfo{};
    row.name = info.name.empty() ? code : info.name;
    row.commissionBp = info.commissionBp;
    row.net = row.gross - row.discount - row.refund;
    row.commission = percentOf(row.net, row.commissionBp);
    row.owedToVendor = row.net - row.commission - row.paidDirect;
    s.vendors.push_back(std::move(row));
  }
  return s;
}

std::string settlementToJson(const Settlement& s) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["event"] = s.event;
  j["vendors"] = ordered_json::array();
  for (const SettlementRow& v : s.vendors)
    j["vendors"].push_back({{"vendor_code", v.vendorCode},
                            {"name", v.name},
                            {"sector", toString(v.sector)},
                            {"sales_count", v.salesCount},
                            {"items_sold", v.items},
                            {"gross_idr", v.gross.idr()},
                            {"discount_idr", v.discount.idr()},
                            {"refund_idr", v.refund.idr()},
                            {"net_idr", v.net.idr()},
                            {"commission_bp", v.commissionBp},
                            {"commission_idr", v.commission.idr()},
                            {"paid_direct_idr", v.paidDirect.idr()},
                            {"owed_to_vendor_idr", v.owedToVendor.idr()}});
  return j.dump();
}

std::string settlementToCsv(const Settlement& s) {
  std::string out =
      "vendor_code,name,sector,sales_count,items_sold,gross_idr,discount_idr,refund_idr,net_idr,commission_bp,"
      "commission_idr,paid_direct_idr,owed_to_vendor_idr\r\n";
  for (const SettlementRow& v : s.vendors)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csvField(v.vendorCode), csvField(v.name), toString(v.sector),
                       v.salesCount, v.items, v.gross.idr(), v.discount.idr(), v.refund.idr(), v.net.idr(), v.commissionBp,
                       v.commission.idr(), v.paidDirect.idr(), v.owedToVendor.idr());
  return out;
}

}  // namespace pameran::core
