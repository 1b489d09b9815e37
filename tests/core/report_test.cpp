#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "pameran/core/report.hpp"
#include "pameran/core/time.hpp"

namespace pameran::core {
namespace {

using nlohmann::json;

// 2026-11-27 10:00 WIB (03:00 UTC).
constexpr EpochMs kMorning = 1'795'748'400'000;
constexpr EpochMs kHour = 3'600'000;

SaleLine saleLine(int no, std::string vendor, Sector sector, std::int64_t price, std::int64_t qty, std::int64_t lineDiscount = 0,
                  std::int64_t cartDiscount = 0) {
  SaleLine l;
  l.lineNo = no;
  l.sku = vendor + "-" + std::to_string(no);
  l.name = "Produk " + std::to_string(no);
  l.vendorCode = vendor;
  l.vendorName = "Vendor " + vendor;
  l.sector = sector;
  l.listPrice = l.unitPrice = Rupiah(price);
  l.quantity = qty;
  l.gross = Rupiah(price * qty);
  l.lineDiscount = Rupiah(lineDiscount);
  l.cartDiscount = Rupiah(cartDiscount);
  l.net = l.gross - l.lineDiscount - l.cartDiscount;
  return l;
}

SaleRecord sale(EpochMs at, std::vector<SaleLine> lines, std::vector<SalePayment> payments, std::string booth = {}) {
  SaleRecord s;
  s.uuid = "00000000-0000-4000-8000-000000000001";
  s.seq = 1;
  s.createdAt = at;
  s.boothVendorCode = std::move(booth);
  s.lines = std::move(lines);
  for (const SaleLine& l : s.lines) {
    s.gross += l.gross;
    s.discount += l.lineDiscount + l.cartDiscount;
  }
  s.total = s.gross - s.discount;
  s.payments = std::move(payments);
  return s;
}

SalePayment pay(PaymentMethod m, std::int64_t amount, QrisAccount account = QrisAccount::None, std::string vendor = {}) {
  SalePayment p;
  p.method = m;
  p.amount = Rupiah(amount);
  p.account = account;
  p.vendorCode = std::move(vendor);
  return p;
}

// An in-memory rollup fed by deltas, the way both stores keep theirs.
struct Rollup {
  std::int64_t salesCount = 0;
  std::vector<RollupCell> cells;
  std::vector<PaymentCell> payments;
  std::vector<DirectCell> direct;
  void apply(const ReportDelta& d) {
    salesCount += d.salesCount;
    cells.insert(cells.end(), d.cells.begin(), d.cells.end());
    payments.insert(payments.end(), d.payments.begin(), d.payments.end());
    direct.insert(direct.end(), d.direct.begin(), d.direct.end());
  }
};

VendorInfo lookup(const std::string& code) {
  static const std::map<std::string, VendorInfo> vendors = {
      {"BTK", {"Batik Sinar", 1000}}, {"KRY", {"Kriya Bambu", 1000}}, {"KUL", {"Kue Lapis Depok", 1500}}};
  auto it = vendors.find(code);
  return it == vendors.end() ? VendorInfo{} : it->second;
}

void expectEveryBreakdownAddsUpToNet(const Report& r) {
  Rupiah vendors, sectors, payments, days, hours;
  for (const VendorTotals& v : r.byVendor) vendors += v.net;
  for (const auto& [s, net] : r.bySector) sectors += net;
  for (const auto& [m, amount] : r.byPayment) payments += amount;
  for (const auto& [d, net] : r.byDay) days += net;
  for (const auto& [h, net] : r.byHour) hours += net;
  EXPECT_EQ(r.net, r.gross - r.discount - r.refund);
  EXPECT_EQ(vendors, r.net);
  EXPECT_EQ(sectors, r.net);
  EXPECT_EQ(payments, r.net);
  EXPECT_EQ(days, r.net);
  EXPECT_EQ(hours, r.net);
}

TEST(Report, ARefundIsTakenOffTheKioskCashierAndProductsOfItsSale) {
  SaleRecord s = sale(kMorning, {saleLine(1, "BTK", Sector::Fesyen, 100'000, 2, 0, 10'000), saleLine(2, "KRY", Sector::Kriya, 50'000, 1)},
                      {pay(PaymentMethod::Cash, 240'000)});
  s.deviceCode = "K02";
  s.cashier = "Kasir Ani";
  const ReportDelta d = deltaForSale(s, EventClock{});
  EXPECT_EQ(d.device.key, "K02");
  EXPECT_EQ(d.device.salesCount, 1);
  EXPECT_EQ(d.device.net, Rupiah(240'000));
  EXPECT_EQ(d.cashier.key, "Kasir Ani");
  ASSERT_EQ(d.products.size(), 2u);
  EXPECT_EQ(d.products[0].sku, "BTK-1");
  EXPECT_EQ(d.products[0].items, 2);
  EXPECT_EQ(d.products[0].net, Rupiah(190'000));
  RefundRecord r;
  r.createdAt = kMorning + 30 * kHour;  // the next day, by another cashier: still the sale's
  r.staff = "Kasir Budi";
  r.lines = {RefundLine{1, 1, Rupiah(95'000), true}};
  r.total = Rupiah(95'000);
  const ReportDelta back = deltaForRefund(r, s, EventClock{});
  EXPECT_EQ(back.device.key, "K02");
  EXPECT_EQ(back.device.salesCount, 0);
  EXPECT_EQ(back.device.net, Rupiah(-95'000));
  EXPECT_EQ(back.cashier.key, "Kasir Ani");
  ASSERT_EQ(back.products.size(), 1u);
  EXPECT_EQ(back.products[0].items, -1);
  EXPECT_EQ(back.products[0].net, Rupiah(-95'000));
  RefundRecord v;
  v.isVoid = true;
  const ReportDelta gone = deltaForRefund(v, s, EventClock{});
  EXPECT_EQ(gone.device.salesCount, -1);
  EXPECT_EQ(gone.cashier.net, Rupiah(-240'000));
  EXPECT_EQ(gone.products[1].items, -1);
}

TEST(Report, BreakdownsAreWrittenOnlyWhenTheRollupsHadThem) {
  RollupSet roll;
  roll.apply(deltaForSale(sale(kMorning, {saleLine(1, "BTK", Sector::Fesyen, 10'000, 1)}, {pay(PaymentMethod::Cash, 10'000)}),
                          EventClock{}),
             "device-uuid");
  const Report plain = buildReport("E", roll.salesCount, roll.cells, roll.payments, lookup);
  EXPECT_FALSE(json::parse(reportToJson(plain)).contains("by_device")) << "a kiosk's local report without them";
  const Report full = roll.report("E", lookup, [](const std::string& key) { return KioskInfo{key == "device-uuid" ? "K07" : "", "Kios 7", "B07"}; },
                                  [](const std::string& sku, const std::string&) { return sku == "BTK-1" ? "Kain Batik" : ""; });
  const json j = json::parse(reportToJson(full));
  ASSERT_EQ(j["by_device"].size(), 1u);
  EXPECT_EQ(j["by_device"][0]["device_code"], "K07");
  EXPECT_EQ(j["by_device"][0]["booth"], "B07");
  EXPECT_EQ(j["top_products"][0]["name"], "Kain Batik");
  EXPECT_EQ(j["top_products"][0]["vendor_code"], "BTK");
  EXPECT_EQ(j["by_cashier"][0]["net_idr"], 10'000);
}

TEST(Report, SaleDeltaHasOneCellPerVendorCountingTheSaleOnceEach) {
  const SaleRecord s = sale(kMorning,
                            {saleLine(1, "BTK", Sector::Fesyen, 100'000, 1, 0, 5'000), saleLine(2, "KRY", Sector::Kriya, 50'000, 2),
                             saleLine(3, "BTK", Sector::Fesyen, 20'000, 3, 2'000)},
                            {pay(PaymentMethod::Cash, 253'000)});
  const ReportDelta d = deltaForSale(s, EventClock{});
  EXPECT_EQ(d.salesCount, 1);
  ASSERT_EQ(d.cells.size(), 2u);
  EXPECT_EQ(d.cells[0].vendorCode, "BTK");
  EXPECT_EQ(d.cells[0].salesCount, 1);
  EXPECT_EQ(d.cells[0].items, 4);
  EXPECT_EQ(d.cells[0].gross, Rupiah(160'000));
  EXPECT_EQ(d.cells[0].discount, Rupiah(7'000));
  EXPECT_EQ(d.cells[0].date, "2026-11-27");
  EXPECT_EQ(d.cells[0].hour, 10);
  EXPECT_EQ(d.cells[1].vendorCode, "KRY");
  EXPECT_EQ(d.cells[1].sector, Sector::Kriya);
  EXPECT_EQ(d.cells[1].items, 2);
  ASSERT_EQ(d.payments.size(), 1u);
  EXPECT_EQ(d.payments[0].amount, Rupiah(253'000));
  EXPECT_TRUE(d.direct.empty()) << "cash at the organizer's till is not paid direct";
}

TEST(Report, SaleAfterMidnightBeforeTheCutoffBelongsToThePreviousDay) {
  // 2026-11-28 01:30 WIB = 2026-11-27 18:30 UTC.
  const EpochMs lateNight = kMorning + 15 * kHour + 30 * 60'000;
  const SaleRecord s = sale(lateNight, {saleLine(1, "KUL", Sector::Kuliner, 15'000, 1)}, {pay(PaymentMethod::Cash, 15'000)});
  const ReportDelta withCutoff = deltaForSale(s, EventClock{kWibOffsetMinutes, 3});
  EXPECT_EQ(withCutoff.cells[0].date, "2026-11-27");
  EXPECT_EQ(withCutoff.cells[0].hour, 1);
  const ReportDelta midnight = deltaForSale(s, EventClock{kWibOffsetMinutes, 0});
  EXPECT_EQ(midnight.cells[0].date, "2026-11-28");
  const ReportDelta afterCutoff = deltaForSale(sale(lateNight + 2 * kHour, s.lines, s.payments), EventClock{kWibOffsetMinutes, 3});
  EXPECT_EQ(afterCutoff.cells[0].date, "2026-11-28") << "03:30 is past a 03:00 cutoff";
}

TEST(Report, VendorQrisAndBoothCashArePaidDirect) {
  const SaleRecord s = sale(kMorning, {saleLine(1, "BTK", Sector::Fesyen, 60'000, 1), saleLine(2, "KRY", Sector::Kriya, 40'000, 1)},
                            {pay(PaymentMethod::Qris, 60'000, QrisAccount::Vendor, "BTK"), pay(PaymentMethod::Cash, 30'000),
                             pay(PaymentMethod::Qris, 10'000, QrisAccount::Organizer)},
                            "KRY");
  const ReportDelta d = deltaForSale(s, EventClock{});
  std::map<std::string, Rupiah> direct;
  for (const DirectCell& x : d.direct) direct[x.vendorCode] += x.paidDirect;
  EXPECT_EQ(direct["BTK"], Rupiah(60'000));
  EXPECT_EQ(direct["KRY"], Rupiah(30'000)) << "cash taken at a vendor's own booth is that vendor's";
  EXPECT_EQ(direct.size(), 2u) << "organizer QRIS is not direct";
}

TEST(Report, VoidTakesOffExactlyWhatTheSaleAdded) {
  const SaleRecord s = sale(kMorning, {saleLine(1, "BTK", Sector::Fesyen, 99'999, 3, 1, 2), saleLine(2, "KUL", Sector::Kuliner, 7, 1)},
                            {pay(PaymentMethod::Qris, 300'003, QrisAccount::Vendor, "BTK"), pay(PaymentMethod::Cash, 1)}, "KUL");
  RefundRecord v;
  v.isVoid = true;
  v.createdAt = kMorning + 5 * kHour;  // a later hour: a void still lands where the sale was counted
  Rollup roll;
  roll.apply(deltaForSale(s, EventClock{}));
  roll.apply(deltaForRefund(v, s, EventClock{}));
  EXPECT_EQ(roll.salesCount, 0);
  const Report r = buildReport("E", roll.salesCount, roll.cells, roll.payments, lookup);
  EXPECT_EQ(r.net, Rupiah(0));
  EXPECT_EQ(r.gross, Rupiah(0));
  EXPECT_EQ(r.items, 0);
  for (const VendorTotals& vt : r.byVendor) {
    EXPECT_EQ(vt.net, Rupiah(0));
    EXPECT_EQ(vt.salesCount, 0);
  }
  for (const auto& [h, net] : r.byHour) EXPECT_EQ(net, Rupiah(0)) << "hour " << h;
  for (const auto& [m, amount] : r.byPayment) EXPECT_EQ(amount, Rupiah(0));
  const Settlement st = buildSettlement("E", roll.cells, roll.direct, lookup);
  for (const SettlementRow& row : st.vendors) {
    EXPECT_EQ(row.paidDirect, Rupiah(0)) << row.vendorCode;
    EXPECT_EQ(row.owedToVendor, Rupiah(0)) << row.vendorCode;
  }
}

TEST(Report, PartialRefundCountsOnItsOwnDayAndHour) {
  const SaleRecord s = sale(kMorning, {saleLine(1, "KRY", Sector::Kriya, 30'000, 3)}, {pay(PaymentMethod::Card, 90'000)});
  RefundRecord r;
  r.createdAt = kMorning + 26 * kHour;  // next day, 12:00
  r.method = PaymentMethod::Cash;
  r.lines = {RefundLine{1, 1, Rupiah(30'000), true}};
  r.total = Rupiah(30'000);
  const ReportDelta d = deltaForRefund(r, s, EventClock{});
  EXPECT_EQ(d.salesCount, 0) << "a part refund leaves the sale counted";
  ASSERT_EQ(d.cells.size(), 1u);
  EXPECT_EQ(d.cells[0].date, "2026-11-28");
  EXPECT_EQ(d.cells[0].hour, 12);
  EXPECT_EQ(d.cells[0].items, -1);
  EXPECT_EQ(d.cells[0].refund, Rupiah(30'000));
  EXPECT_EQ(d.cells[0].salesCount, 0);
  ASSERT_EQ(d.payments.size(), 1u);
  EXPECT_EQ(d.payments[0].method, PaymentMethod::Cash);
  EXPECT_EQ(d.payments[0].amount, Rupiah(-30'000));
}

TEST(Report, RefundLinesOutsideTheSaleAreIgnored) {
  const SaleRecord s = sale(kMorning, {saleLine(1, "KRY", Sector::Kriya, 30'000, 1)}, {pay(PaymentMethod::Cash, 30'000)});
  RefundRecord r;
  r.createdAt = kMorning;
  r.lines = {RefundLine{0, 1, Rupiah(1), true}, RefundLine{2, 1, Rupiah(1), true}};
  EXPECT_TRUE(deltaForRefund(r, s, EventClock{}).cells.empty());
}

TEST(Report, RandomSalesRefundsAndVoidsAttributeEveryRupiah) {
  std::mt19937_64 rng(99);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  const std::vector<std::pair<std::string, Sector>> vendors = {
      {"BTK", Sector::Fesyen}, {"KRY", Sector::Kriya}, {"KUL", Sector::Kuliner}, {"NEW", Sector::Kriya}};
  RollupSet roll;
  Rupiah expectedNet;
  std::int64_t expectedSales = 0;
  for (int i = 0; i < 2000; ++i) {
    std::vector<SaleLine> lines;
    const std::int64_t n = uniform(1, 4);
    for (std::int64_t k = 0; k < n; ++k) {
      const auto& [code, sector] = vendors[static_cast<std::size_t>(uniform(0, 3))];
      const std::int64_t price = uniform(0, 500'000), qty = uniform(1, 5);
      const std::int64_t lineDiscount = uniform(0, price * qty / 4);
      lines.push_back(saleLine(static_cast<int>(k + 1), code, sector, price, qty, lineDiscount, uniform(0, price * qty / 4)));
    }
    const EpochMs at = kMorning + uniform(-20, 60) * kHour + uniform(0, 3'599'999);
    SaleRecord s = sale(at, lines, {});
    s.deviceCode = "K0" + std::to_string(uniform(1, 3));
    s.cashier = uniform(0, 1) ? "Kasir Ani" : "Kasir Budi";
    // Split the total over one or two methods.
    const PaymentMethod m1 = kAllPaymentMethods[static_cast<std::size_t>(uniform(0, 4))];
    const std::int64_t first = s.total.idr() > 1 ? uniform(1, s.total.idr()) : s.total.idr();
    if (first > 0) s.payments.push_back(pay(m1, first, m1 == PaymentMethod::Qris ? QrisAccount::Organizer : QrisAccount::None));
    if (s.total.idr() - first > 0) s.payments.push_back(pay(PaymentMethod::Cash, s.total.idr() - first));
    roll.apply(deltaForSale(s, EventClock{kWibOffsetMinutes, 4}));
    expectedNet += s.total;
    ++expectedSales;
    const std::int64_t roll100 = uniform(1, 100);
    if (roll100 <= 5) {
      RefundRecord v;
      v.isVoid = true;
      v.createdAt = at + uniform(0, kHour);
      roll.apply(deltaForRefund(v, s, EventClock{kWibOffsetMinutes, 4}));
      expectedNet -= s.total;
      --expectedSales;
    } else if (roll100 <= 15) {
      RefundRecord r;
      r.createdAt = at + uniform(0, 48 * kHour);
      r.method = kAllPaymentMethods[static_cast<std::size_t>(uniform(0, 4))];
      const SaleLine& l = s.lines[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(s.lines.size()) - 1))];
      const std::int64_t units = uniform(1, l.quantity);
      r.lines = {RefundLine{l.lineNo, units, refundShare(l, 0, units), true}};
      r.total = r.lines[0].amount;
      roll.apply(deltaForRefund(r, s, EventClock{kWibOffsetMinutes, 4}));
      expectedNet -= r.total;
    }
  }
  const Report r = roll.report("DEPOK-2026", lookup, nullptr, nullptr);
  EXPECT_EQ(r.salesCount, expectedSales);
  ASSERT_TRUE(r.hasBreakdowns);
  EXPECT_EQ(r.byDevice.size(), 3u);
  EXPECT_EQ(r.byCashier.size(), 2u);
  Rupiah devices, cashiers, products;
  std::int64_t deviceSales = 0, cashierSales = 0, productItems = 0;
  for (const DeviceTotals& d : r.byDevice) {
    devices += d.net;
    deviceSales += d.salesCount;
  }
  for (const CashierTotals& c : r.byCashier) {
    cashiers += c.net;
    cashierSales += c.salesCount;
  }
  for (const ProductTotals& p : r.products) {
    products += p.net;
    productItems += p.items;
  }
  EXPECT_EQ(devices, r.net);
  EXPECT_EQ(cashiers, r.net);
  EXPECT_EQ(products, r.net) << "every product listed in the report adds up to the net";
  EXPECT_EQ(deviceSales, r.salesCount);
  EXPECT_EQ(cashierSales, r.salesCount);
  EXPECT_EQ(productItems, r.items);
  for (std::size_t i = 1; i < r.products.size(); ++i) EXPECT_GE(r.products[i - 1].net, r.products[i].net);
  const json j = json::parse(reportToJson(r));
  EXPECT_EQ(j["top_products"].size(), std::min<std::size_t>(kTopProducts, r.products.size()));
  std::int64_t jsonDevices = 0;
  for (const auto& d : j["by_device"]) jsonDevices += d["net_idr"].get<std::int64_t>();
  EXPECT_EQ(jsonDevices, r.net.idr());
  EXPECT_EQ(r.net, expectedNet);
  expectEveryBreakdownAddsUpToNet(r);
  for (std::size_t i = 1; i < r.byVendor.size(); ++i) EXPECT_GE(r.byVendor[i - 1].net, r.byVendor[i].net);
  for (std::size_t i = 1; i < r.byDay.size(); ++i) EXPECT_LT(r.byDay[i - 1].first, r.byDay[i].first);
  for (std::size_t i = 1; i < r.byHour.size(); ++i) EXPECT_LT(r.byHour[i - 1].first, r.byHour[i].first);

  const Settlement st = buildSettlement("DEPOK-2026", roll.cells, roll.direct, lookup);
  Rupiah settled;
  for (const SettlementRow& row : st.vendors) {
    settled += row.net;
    EXPECT_EQ(row.owedToVendor, row.net - row.commission - row.paidDirect);
    EXPECT_EQ(row.commission, percentOf(row.net, row.commissionBp));
  }
  EXPECT_EQ(settled, r.net) << "the vendors' net add up to the event's net";
}

TEST(Report, ReportListsEverySectorAndPaymentMethodEvenWhenZero) {
  const Report r = buildReport("E", 0, {}, {}, lookup);
  EXPECT_EQ(r.bySector.size(), 3u);
  EXPECT_EQ(r.byPayment.size(), 5u);
  EXPECT_TRUE(r.byVendor.empty());
  EXPECT_TRUE(r.byDay.empty());
  EXPECT_TRUE(r.byHour.empty());
  const json j = json::parse(reportToJson(r));
  EXPECT_EQ(j["net_idr"], 0);
  EXPECT_EQ(j["by_payment"].size(), 5u);
  EXPECT_EQ(j["by_payment"][0]["method"], "cash");
  EXPECT_EQ(j["by_payment"][4]["method"], "ewallet");
  EXPECT_EQ(j["by_sector"][0]["sector"], "fesyen");
}

TEST(Report, UnknownVendorsAreNamedByTheirCode) {
  RollupCell c;
  c.vendorCode = "GONE";
  c.gross = Rupiah(10'000);
  c.salesCount = 1;
  c.items = 1;
  const Report r = buildReport("E", 1, {c}, {}, lookup);
  ASSERT_EQ(r.byVendor.size(), 1u);
  EXPECT_EQ(r.byVendor[0].name, "GONE");
  const Report noLookup = buildReport("E", 1, {c}, {}, nullptr);
  EXPECT_EQ(noLookup.byVendor[0].name, "GONE");
}

TEST(Report, RepeatedCellKeysAreSummed) {
  RollupCell a;
  a.vendorCode = "BTK";
  a.sector = Sector::Fesyen;
  a.date = "2026-11-27";
  a.hour = 10;
  a.salesCount = 1;
  a.items = 2;
  a.gross = Rupiah(100);
  RollupCell b = a;
  b.discount = Rupiah(10);
  b.refund = Rupiah(5);
  const Report r = buildReport("E", 2, {a, b}, {}, lookup);
  ASSERT_EQ(r.byVendor.size(), 1u);
  EXPECT_EQ(r.byVendor[0].salesCount, 2);
  EXPECT_EQ(r.byVendor[0].items, 4);
  EXPECT_EQ(r.byVendor[0].net, Rupiah(185));
  EXPECT_EQ(r.byVendor[0].name, "Batik Sinar");
  ASSERT_EQ(r.byDay.size(), 1u);
  ASSERT_EQ(r.byHour.size(), 1u);
  EXPECT_EQ(r.net, Rupiah(185));
}

void expectKeys(const nlohmann::ordered_json& object, const std::vector<std::string>& keys) {
  ASSERT_TRUE(object.is_object());
  std::vector<std::string> actual;
  for (auto it = object.begin(); it != object.end(); ++it) actual.push_back(it.key());
  EXPECT_EQ(actual, keys);
}

void expectNoFloats(const nlohmann::ordered_json& j) {
  if (j.is_structured()) {
    for (const nlohmann::ordered_json& child : j) expectNoFloats(child);
    return;
  }
  EXPECT_FALSE(j.is_number_float()) << j.dump();
}

Report sampleReport() {
  Rollup roll;
  const SaleRecord s1 = sale(kMorning, {saleLine(1, "BTK", Sector::Fesyen, 125'000, 2, 0, 10'000), saleLine(2, "KUL", Sector::Kuliner, 12'500, 4)},
                             {pay(PaymentMethod::Qris, 240'000, QrisAccount::Vendor, "BTK"), pay(PaymentMethod::Cash, 50'000)});
  const SaleRecord s2 = sale(kMorning + 3 * kHour, {saleLine(1, "KRY", Sector::Kriya, 75'000, 1)}, {pay(PaymentMethod::Card, 75'000)});
  roll.apply(deltaForSale(s1, EventClock{}));
  roll.apply(deltaForSale(s2, EventClock{}));
  RefundRecord r;
  r.createdAt = kMorning + 4 * kHour;
  r.lines = {RefundLine{2, 1, Rupiah(12'500), true}};
  r.total = Rupiah(12'500);
  roll.apply(deltaForRefund(r, s1, EventClock{}));
  return buildReport("DEPOK-2026", roll.salesCount, roll.cells, roll.payments, lookup);
}

TEST(Report, JsonHasTheFieldsOfDesignInOrderAndOnlyIntegers) {
  const Report r = sampleReport();
  const std::string text = reportToJson(r);
  EXPECT_EQ(text.find('\n'), std::string::npos) << "one line";
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
  expectKeys(j, {"event", "currency", "sales_count", "items_sold", "gross_idr", "discount_idr", "refund_idr", "net_idr", "by_vendor",
                 "by_sector", "by_payment", "by_day", "by_hour"});
  EXPECT_EQ(j["event"], "DEPOK-2026");
  EXPECT_EQ(j["currency"], "IDR");
  EXPECT_EQ(j["sales_count"], 2);
  EXPECT_EQ(j["items_sold"], 6);
  EXPECT_EQ(j["gross_idr"], 375'000);
  EXPECT_EQ(j["discount_idr"], 10'000);
  EXPECT_EQ(j["refund_idr"], 12'500);
  EXPECT_EQ(j["net_idr"], 352'500);
  for (const auto& v : j["by_vendor"]) expectKeys(v, {"vendor_code", "name", "sector", "sales_count", "items_sold", "net_idr"});
  for (const auto& v : j["by_sector"]) expectKeys(v, {"sector", "net_idr"});
  for (const auto& v : j["by_payment"]) expectKeys(v, {"method", "amount_idr"});
  for (const auto& v : j["by_day"]) expectKeys(v, {"date", "net_idr"});
  for (const auto& v : j["by_hour"]) expectKeys(v, {"hour", "net_idr"});
  EXPECT_EQ(j["by_vendor"][0]["vendor_code"], "BTK");
  EXPECT_EQ(j["by_vendor"][0]["name"], "Batik Sinar");
  EXPECT_EQ(j["by_vendor"][0]["sector"], "fesyen");
  EXPECT_EQ(j["by_vendor"][0]["net_idr"], 240'000);
  EXPECT_EQ(j["by_hour"][0]["hour"], 10);
  EXPECT_EQ(j["by_day"][0]["date"], "2026-11-27");
  expectNoFloats(j);
  std::int64_t byPayment = 0;
  for (const auto& p : j["by_payment"]) byPayment += p["amount_idr"].get<std::int64_t>();
  EXPECT_EQ(byPayment, 352'500);
  expectEveryBreakdownAddsUpToNet(r);
}

TEST(Report, CsvAndTableCarryTheSameTotals) {
  const Report r = sampleReport();
  const std::string csv = reportToCsv(r);
  EXPECT_EQ(csv.rfind("section,key,name,sector,sales_count,items_sold,amount_idr\r\n", 0), 0u);
  EXPECT_NE(csv.find("total,net_idr,,,2,6,352500\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("payment,qris,,,,,240000\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("hour,10,"), std::string::npos);
  const std::string table = reportToTable(r);
  EXPECT_NE(table.find("Rp 352.500"), std::string::npos) << table;
}

TEST(Settlement, OwedIsNetMinusCommissionMinusPaidDirect) {
  RollupCell kul;
  kul.vendorCode = "KUL";
  kul.sector = Sector::Kuliner;
  kul.gross = Rupiah(112'345);
  kul.discount = Rupiah(0);
  kul.refund = Rupiah(0);
  RollupCell btk;
  btk.vendorCode = "BTK";
  btk.sector = Sector::Fesyen;
  btk.gross = Rupiah(100'000);
  btk.discount = Rupiah(10'000);
  btk.refund = Rupiah(5'000);
  const Settlement s = buildSettlement("E", {kul, btk}, {DirectCell{"BTK", Rupiah(100'000)}, DirectCell{"KUL", Rupiah(2'345)}}, lookup);
  ASSERT_EQ(s.vendors.size(), 2u);
  const SettlementRow& b = s.vendors[0];
  EXPECT_EQ(b.vendorCode, "BTK");
  EXPECT_EQ(b.net, Rupiah(85'000));
  EXPECT_EQ(b.commission, Rupiah(8'500));
  EXPECT_EQ(b.paidDirect, Rupiah(100'000));
  EXPECT_EQ(b.owedToVendor, Rupiah(-23'500)) << "negative: the vendor owes the organizer";
  const SettlementRow& k = s.vendors[1];
  EXPECT_EQ(k.net, Rupiah(112'345));
  EXPECT_EQ(k.commission, Rupiah(16'852)) << "15 % of 112.345 = 16.851,75 rounds half up";
  EXPECT_EQ(k.owedToVendor, Rupiah(112'345 - 16'852 - 2'345));
}

TEST(Settlement, VendorPaidDirectWithoutSalesStillAppears) {
  const Settlement s = buildSettlement("E", {}, {DirectCell{"KRY", Rupiah(5'000)}}, lookup);
  ASSERT_EQ(s.vendors.size(), 1u);
  EXPECT_EQ(s.vendors[0].name, "Kriya Bambu");
  EXPECT_EQ(s.vendors[0].owedToVendor, Rupiah(-5'000));
}

TEST(Settlement, JsonHasTheFieldsOfDesignAndOnlyIntegers) {
  RollupCell c;
  c.vendorCode = "BTK";
  c.sector = Sector::Fesyen;
  c.gross = Rupiah(50'005);
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(settlementToJson(buildSettlement("DEPOK-2026", {c}, {}, lookup)));
  EXPECT_EQ(j["event"], "DEPOK-2026");
  ASSERT_EQ(j["vendors"].size(), 1u);
  const auto& v = j["vendors"][0];
  for (const char* key : {"vendor_code", "name", "net_idr", "commission_idr", "paid_direct_idr", "owed_to_vendor_idr"})
    EXPECT_TRUE(v.contains(key)) << key;
  EXPECT_EQ(v["net_idr"], 50'005);
  EXPECT_EQ(v["commission_idr"], 5'001) << "10 % of 50.005 = 5.000,5 rounds half up";
  EXPECT_EQ(v["owed_to_vendor_idr"], 45'004);
  expectNoFloats(j);
  const std::string csv = settlementToCsv(buildSettlement("DEPOK-2026", {c}, {}, lookup));
  EXPECT_NE(csv.find("BTK,Batik Sinar,fesyen,0,0,50005,0,0,50005,1000,5001,0,45004\r\n"), std::string::npos) << csv;
}

}  // namespace
}  // namespace pameran::core
