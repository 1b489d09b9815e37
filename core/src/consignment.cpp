#include "pameran/core/consignment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <nlohmann/json.hpp>

#include "pameran/core/csv.hpp"

namespace pameran::core {

void StockLedgerVendor::add(const StockLedgerProduct& p) {
  add(StockLedgerVendor{p.vendorCode, p.received, p.sold, p.refunded, p.adjusted, p.returned, p.onHand()});
}

void StockLedgerVendor::add(const StockLedgerVendor& v) {
  received += v.received;
  sold += v.sold;
  refunded += v.refunded;
  adjusted += v.adjusted;
  returned += v.returned;
  onHand += v.onHand;
}

StockLedger buildStockLedger(std::string event, std::vector<StockLedgerProduct> products) {
  StockLedger out;
  out.event = std::move(event);
  std::sort(products.begin(), products.end(), [](const StockLedgerProduct& a, const StockLedgerProduct& b) {
    return std::tie(a.vendorCode, a.sku) < std::tie(b.vendorCode, b.sku);
  });
  std::map<std::string, StockLedgerVendor> vendors;
  for (const StockLedgerProduct& p : products) {
    StockLedgerVendor& v = vendors[p.vendorCode];
    v.vendorCode = p.vendorCode;
    v.add(p);
  }
  out.products = std::move(products);
  for (auto& [code, v] : vendors) out.vendors.push_back(std::move(v));
  return out;
}

std::string stockLedgerToJson(const StockLedger& l) {
  nlohmann::ordered_json j;
  j["event"] = l.event;
  j["products"] = nlohmann::ordered_json::array();
  for (const StockLedgerProduct& p : l.products)
    j["products"].push_back({{"sku", p.sku}, {"vendor_code", p.vendorCode}, {"name", p.name}, {"received", p.received}, {"sold", p.sold},
                             {"refunded", p.refunded}, {"adjusted", p.adjusted}, {"returned", p.returned},
                             {"on_hand", p.onHand()}});
  j["vendors"] = nlohmann::ordered_json::array();
  for (const StockLedgerVendor& v : l.vendors)
    j["vendors"].push_back({{"vendor_code", v.vendorCode}, {"received", v.received}, {"sold", v.sold}, {"refunded", v.refunded},
                            {"adjusted", v.adjusted}, {"returned", v.returned}, {"on_hand", v.onHand}});
  return j.dump();
}

std::string stockLedgerToCsv(const StockLedger& l) {
  std::string out = "sku,vendor_code,received,sold,refunded,adjusted,returned,on_hand\r\n";
  for (const StockLedgerProduct& p : l.products)
    out += fmt::format("{},{},{},{},{},{},{},{}\r\n", csvField(p.sku), csvField(p.vendorCode), p.received, p.sold, p.refunded,
                       p.adjusted, p.returned, p.onHand());
  return out;
}

std::string stockLedgerToTable(const StockLedger& l) {
  std::string out = fmt::format("Stock of {} (units, all booths)\n", l.event);
  out += fmt::format("{:<20} {:<10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "SKU", "Vendor", "Received", "Sold", "Refunded",
                     "Adjusted", "Returned", "On hand");
  for (const StockLedgerProduct& p : l.products)
    out += fmt::format("{:<20} {:<10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", p.sku, p.vendorCode, p.received, p.sold, p.refunded,
                       p.adjusted, p.returned, p.onHand());
  out += fmt::format("\n{:<10} {:>9} {:>9} {:>9} {:>9}\n", "Vendor", "Received", "Sold", "Returned", "On hand");
  for (const StockLedgerVendor& v : l.vendors)
    out += fmt::format("{:<10} {:>9} {:>9} {:>9} {:>9}\n", v.vendorCode, v.received, v.sold, v.returned, v.onHand);
  return out;
}

std::string settlementToJson(const Settlement& settlement, const StockLedger& goods) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(settlementToJson(settlement));
  for (auto& v : j["vendors"]) {
    StockLedgerVendor g;
    for (const StockLedgerVendor& line : goods.vendors)
      if (line.vendorCode == v["vendor_code"].get<std::string>()) g = line;
    v["goods"] = {{"received", g.received}, {"sold", g.sold},         {"refunded", g.refunded},
                  {"adjusted", g.adjusted}, {"returned", g.returned}, {"on_hand", g.onHand}};
  }
  return j.dump();
}

}  // namespace pameran::core
