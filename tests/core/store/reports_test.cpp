#include <nlohmann/json.hpp>

#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using ReportsTest = StoreTest;

std::map<std::string, VendorTotals> byVendor(const Report& r) {
  std::map<std::string, VendorTotals> out;
  for (const VendorTotals& v : r.byVendor) out[v.vendorCode] = v;
  return out;
}

void expectEveryBreakdownAddsUpToNet(const Report& r) {
  Rupiah v, s, p, d, h;
  for (const VendorTotals& x : r.byVendor) v += x.net;
  for (const auto& [k, x] : r.bySector) s += x;
  for (const auto& [k, x] : r.byPayment) p += x;
  for (const auto& [k, x] : r.byDay) d += x;
  for (const auto& [k, x] : r.byHour) h += x;
  EXPECT_EQ(v, r.net);
  EXPECT_EQ(s, r.net);
  EXPECT_EQ(p, r.net);
  EXPECT_EQ(d, r.net);
  EXPECT_EQ(h, r.net);
}

TEST_F(ReportsTest, EmptyEventReportsZeros) {
  auto r = s().reports().report(kEvent);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->salesCount, 0);
  EXPECT_EQ(r->net, Rupiah(0));
  EXPECT_EQ(s().reports().report("NOPE").error().code, Errc::NotFound);
}

TEST_F(ReportsTest, MultiVendorSaleCountsOnceInTotalAndOncePerVendor) {
  Cart c = cart({{"BTK-02", 1}, {"KUL-01", 2}, {"BTK-01", 1}});
  c.discount = Discount::rupiah(Rupiah(9'001));
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale);
  sell({{"KUL-01", 1}});
  auto r = s().reports().report(kEvent);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->salesCount, 2);
  EXPECT_EQ(r->items, 5);
  EXPECT_EQ(r->gross, Rupiah(245'000 + 25'000 + 650'000 + 12'500));
  EXPECT_EQ(r->discount, Rupiah(9'001));
  EXPECT_EQ(r->net, sale->total + Rupiah(12'500));
  auto v = byVendor(*r);
  EXPECT_EQ(v["BTK"].salesCount, 1);
  EXPECT_EQ(v["KUL"].salesCount, 2);
  EXPECT_EQ(v["BTK"].items, 2);
  EXPECT_EQ(v["BTK"].name, "Batik Sinar Belimbing");
  EXPECT_EQ(v["BTK"].net, sale->lines[0].net + sale->lines[2].net);
  EXPECT_EQ(v.count("KRY"), 0u) << "a vendor without sales is not listed";
  expectEveryBreakdownAddsUpToNet(*r);
}

TEST_F(ReportsTest, BusinessDayFollowsTheEventCutoffAndHoursAreLocal) {
  Event e = event;
  e.cutoffHour = 3;
  ASSERT_TRUE(s().catalog().updateEvent(e));
  now = kT0 + 13 * kHourMs;  // 23:00 WIB on the 27th
  sell({{"KUL-01", 1}});
  now = kT0 + 15 * kHourMs + 30 * kMinuteMs;  // 01:30 on the 28th: still the 27th's business day
  sell({{"KUL-01", 2}});
  now = kT0 + 17 * kHourMs + 5 * kMinuteMs;  // 03:05 on the 28th: a new business day
  sell({{"KUL-01", 4}});
  auto r = s().reports().report(kEvent);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->byDay.size(), 2u);
  EXPECT_EQ(r->byDay[0], (std::pair<std::string, Rupiah>{"2026-11-27", Rupiah(37'500)}));
  EXPECT_EQ(r->byDay[1], (std::pair<std::string, Rupiah>{"2026-11-28", Rupiah(50'000)}));
  ASSERT_EQ(r->byHour.size(), 3u);
  EXPECT_EQ(r->byHour[0].first, 1);
  EXPECT_EQ(r->byHour[1].first, 3);
  EXPECT_EQ(r->byHour[2].first, 23);
  expectEveryBreakdownAddsUpToNet(*r);
}

TEST_F(ReportsTest, PaymentsAreWhatWasKept) {
  SaleDraft d = cashDraft(cart({{"KUL-01", 1}}));
  d.tenders = {Tender::cash(Rupiah(12'500), Rupiah(100'000))};
  ASSERT_TRUE(s().sales().commit(d));
  d.tenders = {Tender::cash(Rupiah(2'500), Rupiah(5'000)), Tender::qris(Rupiah(10'000), QrisAccount::Organizer, "", cashier.name)};
  ASSERT_TRUE(s().sales().commit(d));
  auto r = s().reports().report(kEvent);
  ASSERT_TRUE(r);
  std::map<PaymentMethod, Rupiah> m(r->byPayment.begin(), r->byPayment.end());
  EXPECT_EQ(m[PaymentMethod::Cash], Rupiah(15'000)) << "change is not income";
  EXPECT_EQ(m[PaymentMethod::Qris], Rupiah(10'000));
  expectEveryBreakdownAddsUpToNet(*r);
}

TEST_F(ReportsTest, JsonUsesTheDesignFieldNames) {
  sell({{"KRY-01", 1}});
  auto r = s().reports().report(kEvent);
  ASSERT_TRUE(r);
  const nlohmann::json j = nlohmann::json::parse(reportToJson(*r));
  EXPECT_EQ(j["event"], kEvent);
  EXPECT_EQ(j["net_idr"], 185'000);
  EXPECT_EQ(j["by_vendor"][0]["vendor_code"], "KRY");
  EXPECT_EQ(j["by_vendor"][0]["name"], "Kriya Bambu, Depok");
  EXPECT_EQ(j["by_vendor"][0]["sector"], "kriya");
  EXPECT_EQ(j["by_hour"][0]["hour"], 10);
  EXPECT_EQ(j["by_day"][0]["date"], "2026-11-27");
}

TEST_F(ReportsTest, SettlementSplitsCommissionAndMoneyPaidDirect) {
  ASSERT_TRUE(s().catalog().setCommission(event.id, "BTK", 1000));
  ASSERT_TRUE(s().catalog().setCommission(event.id, "KUL", 1500));
  // BTK is paid on its own QRIS; KUL in cash at the organizer's till.
  SaleDraft d = cashDraft(cart({{"BTK-02", 1}, {"KUL-01", 1}}));
  d.tenders = {Tender::qris(Rupiah(245'000), QrisAccount::Vendor, "BTK", cashier.name), Tender::cash(Rupiah(12'500))};
  ASSERT_TRUE(s().sales().commit(d));
  auto st = s().reports().settlement(kEvent);
  ASSERT_TRUE(st);
  std::map<std::string, SettlementRow> rows;
  for (const SettlementRow& r : st->vendors) rows[r.vendorCode] = r;
  EXPECT_EQ(rows["BTK"].net, Rupiah(245'000));
  EXPECT_EQ(rows["BTK"].commission, Rupiah(24'500));
  EXPECT_EQ(rows["BTK"].paidDirect, Rupiah(245'000));
  EXPECT_EQ(rows["BTK"].owedToVendor, Rupiah(-24'500)) << "BTK holds the organizer's commission";
  EXPECT_EQ(rows["KUL"].commission, Rupiah(1'875));
  EXPECT_EQ(rows["KUL"].paidDirect, Rupiah(0));
  EXPECT_EQ(rows["KUL"].owedToVendor, Rupiah(10'625));
  EXPECT_EQ(rows["KUL"].name, "Kue Lapis Ibu Sri");
}

TEST_F(ReportsTest, BoothCashIsPaidDirectToTheBoothVendor) {
  DeviceInfo dev = s().settings().device();
  dev.boothVendorCode = "KRY";
  ASSERT_TRUE(s().settings().setDevice(dev));
  const SaleRecord sale = sell({{"KRY-02", 2}});
  ASSERT_TRUE(s().sales().refund(refundDraft(sale, {{1, 1, true}})));
  auto st = s().reports().settlement(kEvent);
  ASSERT_TRUE(st);
  ASSERT_EQ(st->vendors.size(), 1u);
  EXPECT_EQ(st->vendors[0].net, Rupiah(15'000));
  EXPECT_EQ(st->vendors[0].paidDirect, Rupiah(15'000)) << "30.000 taken, 15.000 paid back";
  EXPECT_EQ(st->vendors[0].owedToVendor, Rupiah(0));
}

TEST_F(ReportsTest, ManySalesRefundsAndVoidsKeepTheRollupsExact) {
  ASSERT_TRUE(s().settings().set(settings::kAllowOversell, "1"));
  Rupiah expected;
  std::int64_t completed = 0;
  const std::vector<std::string> skus = {"BTK-01", "BTK-02", "KRY-01", "KRY-02", "KUL-01"};
  for (int i = 0; i < 60; ++i) {
    now += 37 * kMinuteMs;
    Cart c = cart({{skus[static_cast<std::size_t>(i) % 5], 1 + i % 3}, {skus[static_cast<std::size_t>(i * 7 + 1) % 5], 1}});
    if (i % 4 == 0) c.discount = Discount::percent(700);
    SaleDraft d = cashDraft(c);
    if (i % 3 == 1) d.tenders = {Tender::withReference(PaymentMethod::Card, computeTotals(c).total, "EDC")};
    auto sale = s().sales().commit(d);
    ASSERT_TRUE(sale) << sale.error().message;
    expected += sale->total;
    ++completed;
    if (i % 10 == 3) {
      ASSERT_TRUE(s().sales().refund(voidDraft(*sale)));
      expected -= sale->total;
      --completed;
    } else if (i % 7 == 2) {
      auto r = s().sales().refund(refundDraft(*sale, {{1, 1, i % 2 == 0}}));
      ASSERT_TRUE(r);
      expected -= r->total;
    }
  }
  auto r = s().reports().report(kEvent);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->salesCount, completed);
  EXPECT_EQ(r->net, expected);
  EXPECT_EQ(r->net, Rupiah(count("SELECT SUM(total_idr - refunded_idr) FROM sale WHERE voided = 0")));
  expectEveryBreakdownAddsUpToNet(*r);
  auto st = s().reports().settlement(kEvent);
  ASSERT_TRUE(st);
  Rupiah settled;
  for (const SettlementRow& row : st->vendors) settled += row.net;
  EXPECT_EQ(settled, r->net);
}

}  // namespace
}  // namespace pameran::test
