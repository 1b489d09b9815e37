#pragma once
// One fixture event for the organizer console's tests: two days (one sale after midnight), three
// vendors of three sectors, three kiosks, two cashiers, split payments, discounts and refunds,
// written as the server's report, settlement, events and devices answers. The figures are chosen
// so the test can add them up on its own: the net is Rp 2.601.985.649.
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "pameran/kiosk/organizer/console.hpp"

namespace pameran::kiosk::testing {

inline constexpr std::int64_t kFixtureNet = 2'601'985'649;
inline constexpr core::EpochMs kFixtureNow = 1'795'748'400'000;  // 2026-11-27 10:00 WIB

inline std::string fixtureReportJson(bool withBreakdowns = true) {
  nlohmann::ordered_json j = {
      {"event", "DEPOK-2026"}, {"currency", "IDR"}, {"sales_count", 2300}, {"items_sold", 6400},
      {"gross_idr", 2'700'000'000}, {"discount_idr", 60'000'000}, {"refund_idr", 38'014'351}, {"net_idr", kFixtureNet},
      {"by_vendor", {{{"vendor_code", "V01"}, {"name", "Batik Depok"}, {"sector", "fesyen"}, {"sales_count", 1200}, {"items_sold", 3400}, {"net_idr", 1'500'000'000}},
                     {{"vendor_code", "V02"}, {"name", "Anyaman Bambu"}, {"sector", "kriya"}, {"sales_count", 800}, {"items_sold", 2100}, {"net_idr", 901'985'649}},
                     {{"vendor_code", "V03"}, {"name", "Kue Kering Bu Sari"}, {"sector", "kuliner"}, {"sales_count", 500}, {"items_sold", 900}, {"net_idr", 200'000'000}}}},
      {"by_sector", {{{"sector", "fesyen"}, {"net_idr", 1'500'000'000}}, {{"sector", "kriya"}, {"net_idr", 901'985'649}}, {{"sector", "kuliner"}, {"net_idr", 200'000'000}}}},
      {"by_payment", {{{"method", "cash"}, {"amount_idr", 1'000'000'000}}, {{"method", "qris"}, {"amount_idr", 1'201'985'649}},
                      {{"method", "card"}, {"amount_idr", 400'000'000}}, {{"method", "transfer"}, {"amount_idr", 0}}, {{"method", "ewallet"}, {"amount_idr", 0}}}},
      {"by_day", {{{"date", "2026-11-26"}, {"net_idr", 1'100'000'000}}, {{"date", "2026-11-27"}, {"net_idr", 1'501'985'649}}}},
      {"by_hour", {{{"hour", 1}, {"net_idr", 300'000'000}}, {{"hour", 10}, {"net_idr", 600'000'000}}, {{"hour", 14}, {"net_idr", 1'201'985'649}},
                   {{"hour", 23}, {"net_idr", 500'000'000}}}}};
  if (withBreakdowns) {
    j["by_device"] = {{{"device_code", "K01"}, {"name", "Kios Pintu Utara"}, {"booth", "A1"}, {"sales_count", 1500}, {"net_idr", 1'700'000'000}},
                      {{"device_code", "K02"}, {"name", "Kios Selatan"}, {"booth", "B2"}, {"sales_count", 800}, {"net_idr", 901'985'649}},
                      {{"device_code", "K03"}, {"name", "Kios Cadangan"}, {"booth", "C3"}, {"sales_count", 0}, {"net_idr", 0}}};
    j["by_cashier"] = {{{"cashier", "Ani"}, {"sales_count", 1100}, {"net_idr", 1'300'000'000}},
                       {{"cashier", "Budi"}, {"sales_count", 1200}, {"net_idr", 1'301'985'649}}};
    j["top_products"] = {{{"sku", "V01-P1"}, {"name", "Kain Batik Tulis"}, {"vendor_code", "V01"}, {"items_sold", 500}, {"net_idr", 400'000'000}},
                         {{"sku", "V02-P1"}, {"name", "Tas Anyaman"}, {"vendor_code", "V02"}, {"items_sold", 700}, {"net_idr", 210'000'000}}};
  }
  return j.dump();
}

/// A smaller report made from its vendors alone (every sale one item, paid in cash, on one day at
/// ten): the other events of the comparison and the year.
struct FixtureVendor {
  const char* code;
  const char* name;
  const char* sector;
  std::int64_t sales;
  std::int64_t net;
};
inline std::string smallReportJson(const char* event, const char* date, std::initializer_list<FixtureVendor> vendors) {
  std::int64_t net = 0, sales = 0;
  std::map<std::string, std::int64_t> sectors = {{"fesyen", 0}, {"kriya", 0}, {"kuliner", 0}};
  nlohmann::ordered_json byVendor = nlohmann::ordered_json::array();
  for (const FixtureVendor& v : vendors) {
    net += v.net;
    sales += v.sales;
    sectors[v.sector] += v.net;
    byVendor.push_back({{"vendor_code", v.code}, {"name", v.name}, {"sector", v.sector}, {"sales_count", v.sales},
                        {"items_sold", v.sales}, {"net_idr", v.net}});
  }
  nlohmann::ordered_json bySector = nlohmann::ordered_json::array();
  for (const auto& [sector, amount] : sectors) bySector.push_back({{"sector", sector}, {"net_idr", amount}});
  nlohmann::ordered_json byPayment = nlohmann::ordered_json::array();
  for (const char* m : {"cash", "qris", "card", "transfer", "ewallet"})
    byPayment.push_back({{"method", m}, {"amount_idr", std::string(m) == "cash" ? net : 0}});
  return nlohmann::ordered_json{{"event", event}, {"currency", "IDR"}, {"sales_count", sales}, {"items_sold", sales},
                                {"gross_idr", net}, {"discount_idr", 0}, {"refund_idr", 0}, {"net_idr", net},
                                {"by_vendor", byVendor}, {"by_sector", bySector}, {"by_payment", byPayment},
                                {"by_day", {{{"date", date}, {"net_idr", net}}}}, {"by_hour", {{{"hour", 10}, {"net_idr", net}}}}}
      .dump();
}

/// DEPOK-2025, the event DEPOK-2026 is compared with: V03 did not take part; kriya sold more then.
inline std::string fixture2025ReportJson() {
  return smallReportJson("DEPOK-2025", "2025-11-20",
                         {{"V01", "Batik Depok", "fesyen", 1500, 1'050'000'000}, {"V02", "Anyaman Bambu", "kriya", 500, 950'000'000}});
}

/// BOGOR-2026, the year's other event: V01 again and a new IKM, V04.
inline std::string fixtureBogorReportJson() {
  return smallReportJson("BOGOR-2026", "2026-06-01",
                         {{"V01", "Batik Depok", "fesyen", 90, 100'000'000}, {"V04", "Gerabah Pak Min", "kriya", 40, 50'000'000}});
}

/// Commission 10 % / 5 % / 0 %; V01 took most by its own QRIS and owes the organizer.
inline std::string fixtureSettlementJson() {
  nlohmann::ordered_json j = {{"event", "DEPOK-2026"}, {"vendors", nlohmann::ordered_json::array()}};
  auto row = [&](const char* code, const char* name, const char* sector, std::int64_t net, int bp, std::int64_t commission, std::int64_t direct) {
    j["vendors"].push_back({{"vendor_code", code}, {"name", name}, {"sector", sector}, {"sales_count", 0}, {"items_sold", 0},
                            {"gross_idr", net}, {"discount_idr", 0}, {"refund_idr", 0}, {"net_idr", net}, {"commission_bp", bp},
                            {"commission_idr", commission}, {"paid_direct_idr", direct}, {"owed_to_vendor_idr", net - commission - direct}});
  };
  row("V01", "Batik Depok", "fesyen", 1'500'000'000, 1000, 150'000'000, 1'400'000'000);
  row("V02", "Anyaman Bambu", "kriya", 901'985'649, 500, 45'099'282, 0);
  row("V03", "Kue Kering Bu Sari", "kuliner", 200'000'000, 0, 0, 50'000'000);
  return j.dump();
}

/// The consignment ledger: V01 brought 60 units of two products (one refunded back on the shelf,
/// two counted missing, three taken back), V02 sold all it brought, and V03's booths disagree
/// (sold more than brought: on hand -2). Every vendor together: 100 brought, 59 sold, 3 returned,
/// 37 on hand. No names, as an older server's ledger: the console takes them from the report.
inline core::StockLedger fixtureStock() {
  return core::buildStockLedger("DEPOK-2026", {{"V02-P1", "V02", 30, 30, 0, 0, 0, ""},
                                               {"V01-P2", "V01", 20, 5, 0, 0, 0, ""},
                                               {"V01-P1", "V01", 40, 12, 1, -2, 3, ""},
                                               {"V03-K1", "V03", 10, 12, 0, 0, 0, ""}});
}

/// K02's privileged actions as the server lists them, newest first: its chain breaks at entry 12
/// (someone changed a refund on the kiosk), so 12 and 13 are no longer intact.
inline organizer::DeviceAudit fixtureDeviceAudit() {
  organizer::DeviceAudit a{"K02", "Kios Selatan", "broken", 12, {}};
  a.entries.push_back({13, kFixtureNow - 5 * 60'000, "Supervisor Demo", "stock_adjust", "V02-P1", "Hitung ulang", "-1", false});
  a.entries.push_back({12, kFixtureNow - 30 * 60'000, "Supervisor Demo", "refund", "DEPOK-K02-000812", "barang rusak", "Rp 5.000", false});
  a.entries.push_back({11, kFixtureNow - 3'600'000, "Supervisor Demo", "void", "DEPOK-K02-000700", "salah input", "", true});
  return a;
}

/// The console's data as the client would hand it over, online, with a target of Rp 3 miliar.
inline organizer::ConsoleData fixtureData(bool withBreakdowns = true) {
  using namespace organizer;
  ConsoleData d;
  d.server = "https://pameran.example";
  d.link = Link::Online;
  d.confirmedAtMs = kFixtureNow;
  d.downloadDir = "/tmp/Pameran";
  EventInfo e;
  e.code = "DEPOK-2026";
  e.name = "Pameran Kriya Depok";
  e.venue = "Balai Kota";
  e.startDate = "2026-11-26";
  e.endDate = "2026-11-29";
  e.cutoffHour = 4;
  e.target = core::Rupiah(3'000'000'000);
  e.devices = 3;
  e.net = core::Rupiah(kFixtureNet);
  d.events.push_back(e);
  EventInfo older = e;
  older.code = "DEPOK-2025";
  older.name = "Pameran Kriya Depok 2025";
  older.startDate = "2025-11-20";
  older.endDate = "2025-11-23";
  older.open = false;
  d.events.push_back(older);
  d.eventCode = "DEPOK-2026";
  d.report = *core::reportFromJson(fixtureReportJson(withBreakdowns));
  d.settlement = *core::settlementFromJson(fixtureSettlementJson());
  std::vector<DeviceHealth> devices(3);
  devices[0] = {"K01", "Kios Pintu Utara", "A1", "", false, kFixtureNow - 2 * 60'000, 1500, 1500, 0, 0, 0, {}, "ok", 0};
  devices[1] = {"K02", "Kios Selatan", "B2", "", false, kFixtureNow - 40 * 60'000, 812, 800, 3, 4, 0, {{3, 3}, {7, 9}}, "broken", 12};
  devices[2] = {"K03", "Kios Cadangan", "C3", "", false, 0, 0, 0, 0, 0, 0, {}, "unknown", 0};
  d.devices = devices;
  d.stock = fixtureStock();
  d.revision = 1;
  return d;
}

}  // namespace pameran::kiosk::testing
