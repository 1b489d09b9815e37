// Reports put together (report_combine.hpp): change in basis points, a year's report, a comparison.
//
// Sections: change · the year · comparison
#include "pameran/core/report_combine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace pameran::core {

// ---- change ----------------------------------------------------------------------------------

namespace {
__extension__ using Int128 = __int128;
}

std::optional<std::int64_t> changeBp(std::int64_t now, std::int64_t before) {
  if (before <= 0) return std::nullopt;
  const Int128 scaled = (static_cast<Int128>(now) - before) * kFullBp;
  Int128 q = scaled / before;
  const Int128 r = scaled % before;
  if (2 * (r < 0 ? -r : r) >= before) q += scaled < 0 ? -1 : 1;  // half away from zero
  constexpr auto lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(std::clamp<Int128>(q, lo, hi));
}

std::string formatBp(std::int64_t bp) {
  const std::uint64_t mag = bp < 0 ? 0 - static_cast<std::uint64_t>(bp) : static_cast<std::uint64_t>(bp);
  return fmt::format("{}{},{:02} %", bp < 0 ? "-" : bp > 0 ? "+" : "", formatThousands(static_cast<std::int64_t>(mag / 100)),
                     mag % 100);
}

std::string yearOf(const Event& e) {
  for (const std::string* d : {&e.startDate, &e.endDate})
    if (d->size() >= 4) return d->substr(0, 4);
  return {};
}

// ---- the year --------------------------------------------------------------------------------

namespace {

template <class K>
void sumInto(std::vector<std::pair<K, Rupiah>>& out, const std::map<K, Rupiah>& sums) {
  out.assign(sums.begin(), sums.end());
}

}  // namespace

Report combineYear(const std::string& year, const std::vector<EventReport>& events, const std::vector<EventReport>& previousYear) {
  std::vector<const EventReport*> ordered;
  for (const EventReport& e : events) ordered.push_back(&e);
  std::stable_sort(ordered.begin(), ordered.end(), [](const EventReport* a, const EventReport* b) {
    return std::tie(a->event.startDate, a->event.code) < std::tie(b->event.startDate, b->event.code);
  });
  Report y;
  y.event = year;
  y.isYear = true;
  y.hasBreakdowns = true;
  std::map<std::string, VendorTotals> vendors;
  std::map<std::string, std::int64_t> vendorEvents;
  std::map<Sector, Rupiah> sectors;
  std::map<PaymentMethod, Rupiah> payments;
  std::map<std::string, Rupiah> days;
  std::map<int, Rupiah> hours;
  std::map<std::string, CashierTotals> cashiers;
  std::map<std::pair<std::string, std::string>, ProductTotals> products;
  for (const EventReport* er : ordered) {
    const Report& r = er->report;
    y.salesCount += r.salesCount;
    y.items += r.items;
    y.gross += r.gross;
    y.discount += r.discount;
    y.refund += r.refund;
    y.net += r.net;
    y.byEvent.push_back({er->event.code, er->event.name, er->event.startDate, r.salesCount, r.net});
    for (const VendorTotals& v : r.byVendor) {
      VendorTotals& t = vendors[v.vendorCode];
      t.vendorCode = v.vendorCode;
      t.name = v.name;      // the latest event's name and sector
      t.sector = v.sector;
      t.salesCount += v.salesCount;
      t.items += v.items;
      t.net += v.net;
      ++vendorEvents[v.vendorCode];
    }
    for (const auto& [s, net] : r.bySector) sectors[s] += net;
    for (const auto& [m, amount] : r.byPayment) payments[m] += amount;
    for (const auto& [d, net] : r.byDay) days[d] += net;
    for (const auto& [h, net] : r.byHour) hours[h] += net;
    y.hasBreakdowns = y.hasBreakdowns && r.hasBreakdowns;
    for (const DeviceTotals& d : r.byDevice) {
      DeviceTotals t = d;
      t.deviceCode = er->event.code + "/" + d.deviceCode;
      y.byDevice.push_back(std::move(t));
    }
    for (const CashierTotals& c : r.byCashier) {
      CashierTotals& t = cashiers[c.cashier];
      t.cashier = c.cashier;
      t.salesCount += c.salesCount;
      t.net += c.net;
    }
    for (const ProductTotals& p : r.products) {
      ProductTotals& t = products[{p.sku, p.vendorCode}];
      t.sku = p.sku;
      t.vendorCode = p.vendorCode;
      t.name = p.name;
      t.items += p.items;
      t.net += p.net;
    }
  }
  std::map<std::string, Rupiah> before;
  for (const EventReport& e : previousYear)
    for (const VendorTotals& v : e.report.byVendor) before[v.vendorCode] += v.net;
  for (auto& [code, v] : vendors) {
    const auto base = before.find(code);
    y.byIkm.push_back({code, v.name, v.sector, vendorEvents[code], v.net,
                       base == before.end() ? std::nullopt : changeBp(v.net.idr(), base->second.idr())});
    y.byVendor.push_back(std::move(v));
  }
  std::stable_sort(y.byVendor.begin(), y.byVendor.end(), [](const VendorTotals& a, const VendorTotals& b) { return a.net > b.net; });
  std::stable_sort(y.byIkm.begin(), y.byIkm.end(), [](const IkmTotals& a, const IkmTotals& b) { return a.net > b.net; });
  for (Sector s : kAllSectors) y.bySector.emplace_back(s, sectors[s]);
  for (PaymentMethod m : kAllPaymentMethods) y.byPayment.emplace_back(m, payments[m]);
  sumInto(y.byDay, days);
  sumInto(y.byHour, hours);
  for (auto& [name, c] : cashiers) y.byCashier.push_back(std::move(c));
  for (auto& [key, p] : products) y.products.push_back(std::move(p));
  if (!y.hasBreakdowns) {
    y.byDevice.clear();
    y.byCashier.clear();
    y.products.clear();
  }
  sortBreakdowns(y);
  return y;
}

// ---- comparison ------------------------------------------------------------------------------

namespace {

Change changeOf(std::int64_t a, std::int64_t b) { return Change{a, b, changeBp(a, b)}; }

std::int64_t vendorsThatSold(const Report& r) {
  return std::count_if(r.byVendor.begin(), r.byVendor.end(), [](const VendorTotals& v) { return v.salesCount > 0; });
}

nlohmann::ordered_json bpJson(const std::optional<std::int64_t>& bp) {
  return bp ? nlohmann::ordered_json(*bp) : nlohmann::ordered_json(nullptr);
}

}  // namespace

Comparison compareReports(Report a, Report b) {
  Comparison c;
  c.net = changeOf(a.net.idr(), b.net.idr());
  c.gross = changeOf(a.gross.idr(), b.gross.idr());
  c.sales = changeOf(a.salesCount, b.salesCount);
  c.items = changeOf(a.items, b.items);
  c.vendors = changeOf(vendorsThatSold(a), vendorsThatSold(b));
  for (Sector s : kAllSectors) {
    auto netOf = [s](const Report& r) {
      for (const auto& [sector, net] : r.bySector)
        if (sector == s) return net.idr();
      return std::int64_t{0};
    };
    c.bySector.push_back({std::string(toString(s)), {}, changeOf(netOf(a), netOf(b))});
  }
  for (std::size_t i = 0; i < a.byVendor.size() && i < kTopVendors; ++i) {
    const VendorTotals& v = a.byVendor[i];
    std::int64_t before = 0;
    for (const VendorTotals& w : b.byVendor)
      if (w.vendorCode == v.vendorCode) before = w.net.idr();
    c.topVendors.push_back({v.vendorCode, v.name, changeOf(v.net.idr(), before)});
  }
  c.a = std::move(a);
  c.b = std::move(b);
  return c;
}

std::string comparisonToJson(const Comparison& c) {
  using nlohmann::ordered_json;
  auto keyed = [](const std::vector<KeyedChange>& list, const char* key, bool named) {
    ordered_json out = ordered_json::array();
    for (const KeyedChange& k : list) {
      ordered_json row;
      row[key] = k.key;
      if (named) row["name"] = k.name;
      row["a_net_idr"] = k.change.a;
      row["b_net_idr"] = k.change.b;
      row["change_bp"] = bpJson(k.change.bp);
      out.push_back(std::move(row));
    }
    return out;
  };
  ordered_json change;
  change["net_bp"] = bpJson(c.net.bp);
  change["gross_bp"] = bpJson(c.gross.bp);
  change["sales_count_bp"] = bpJson(c.sales.bp);
  change["items_sold_bp"] = bpJson(c.items.bp);
  change["vendors_a"] = c.vendors.a;
  change["vendors_b"] = c.vendors.b;
  change["vendors_bp"] = bpJson(c.vendors.bp);
  change["by_sector"] = keyed(c.bySector, "sector", false);
  change["top_vendors"] = keyed(c.topVendors, "vendor_code", true);
  // The reports are written by reportToJson, the one writer of report JSON.
  return fmt::format(R"({{"a":{},"b":{},"change":{}}})", reportToJson(c.a), reportToJson(c.b), change.dump());
}

std::string comparisonToTable(const Comparison& c) {
  auto bp = [](const std::optional<std::int64_t>& v) { return v ? formatBp(*v) : std::string("-"); };
  auto money = [](std::int64_t idr) { return formatRupiah(Rupiah(idr)); };
  std::string out = fmt::format("{:<16} {:>22} {:>22} {:>12}\n", "", c.a.event, c.b.event, "Change");
  out += fmt::format("{:<16} {:>22} {:>22} {:>12}\n", "Net", money(c.net.a), money(c.net.b), bp(c.net.bp));
  out += fmt::format("{:<16} {:>22} {:>22} {:>12}\n", "Gross", money(c.gross.a), money(c.gross.b), bp(c.gross.bp));
  out += fmt::format("{:<16} {:>22} {:>22} {:>12}\n", "Sales", c.sales.a, c.sales.b, bp(c.sales.bp));
  out += fmt::format("{:<16} {:>22} {:>22} {:>12}\n", "Items sold", c.items.a, c.items.b, bp(c.items.bp));
  out += fmt::format("{:<16} {:>22} {:>22} {:>12}\n", "Vendors", c.vendors.a, c.vendors.b, bp(c.vendors.bp));
  out += "\nBy sector\n";
  for (const KeyedChange& k : c.bySector)
    out += fmt::format("  {:<14} {:>22} {:>22} {:>12}\n", k.key, money(k.change.a), money(k.change.b), bp(k.change.bp));
  out += "\nTop vendors\n";
  for (const KeyedChange& k : c.topVendors) {
    std::string name = k.name.size() > 24 ? k.name.substr(0, 21) + "..." : k.name;
    out += fmt::format("  {:<10} {:<24} {:>22} {:>22} {:>12}\n", k.key, name, money(k.change.a), money(k.change.b),
                       bp(k.change.bp));
  }
  return out;
}

}  // namespace pameran::core
