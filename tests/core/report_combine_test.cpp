#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pameran/core/report_combine.hpp"

namespace pameran::core {
namespace {

using nlohmann::json;

Report eventReport(const std::string& code, std::vector<std::tuple<std::string, Sector, std::int64_t>> vendors,
                   std::string day, std::string kiosk) {
  Report r;
  r.event = code;
  r.hasBreakdowns = true;
  for (const auto& [vendor, sector, net] : vendors) {
    r.byVendor.push_back({vendor, "IKM " + vendor, sector, 2, 3, Rupiah(net)});
    r.salesCount += 2;
    r.items += 3;
    r.gross += Rupiah(net);
    r.net += Rupiah(net);
    r.products.push_back({vendor + "-1", "Produk " + vendor, vendor, 3, Rupiah(net)});
  }
  for (Sector s : kAllSectors) {
    Rupiah sum;
    for (const auto& [vendor, sector, net] : vendors)
      if (sector == s) sum += Rupiah(net);
    r.bySector.emplace_back(s, sum);
  }
  for (PaymentMethod m : kAllPaymentMethods) r.byPayment.emplace_back(m, m == PaymentMethod::Cash ? r.net : Rupiah());
  r.byDay = {{day, r.net}};
  r.byHour = {{10, r.net}};
  r.byDevice = {{kiosk, "Kios", "B1", r.salesCount, r.net}};
  r.byCashier = {{"Kasir Ani", r.salesCount, r.net}};
  return r;
}

EventReport ev(const std::string& code, const std::string& start, Report r) {
  Event e;
  e.code = code;
  e.name = "Pameran " + code;
  e.startDate = start;
  return {e, std::move(r)};
}

TEST(ReportCombine, ChangeIsInBasisPointsRoundedHalfAwayFromZero) {
  EXPECT_EQ(changeBp(110, 100), 1'000);
  EXPECT_EQ(changeBp(90, 100), -1'000);
  EXPECT_EQ(changeBp(100, 100), 0);
  EXPECT_EQ(changeBp(2, 3), -3'333);      // -3333.33
  EXPECT_EQ(changeBp(1, 3), -6'667);      // -6666.67
  EXPECT_EQ(changeBp(20'001, 20'000), 1);  // 0.5 bp rounds away from zero
  EXPECT_EQ(changeBp(19'999, 20'000), -1);
  EXPECT_EQ(changeBp(40'001, 40'000), 0);  // 0.25 bp
  EXPECT_EQ(changeBp(5, 0), std::nullopt) << "no base, no percentage";
  EXPECT_EQ(changeBp(5, -10), std::nullopt);
  EXPECT_EQ(changeBp(kMaxIdr, 1), std::numeric_limits<std::int64_t>::max()) << "clamped, never wrapped";
  EXPECT_EQ(formatBp(1'234), "+12,34 %");
  EXPECT_EQ(formatBp(-500), "-5,00 %");
  EXPECT_EQ(formatBp(0), "0,00 %");
  EXPECT_EQ(formatBp(1'234'567), "+12.345,67 %");
}

TEST(ReportCombine, AnEventBelongsToTheYearOfItsStart) {
  Event e;
  EXPECT_EQ(yearOf(e), "");
  e.endDate = "2025-01-02";
  EXPECT_EQ(yearOf(e), "2025");
  e.startDate = "2024-12-30";
  EXPECT_EQ(yearOf(e), "2024");
}

TEST(ReportCombine, AYearAddsItsEventsUpAndMeasuresEachIkmAgainstTheYearBefore) {
  const std::vector<EventReport> year = {
      ev("JULI", "2026-07-01", eventReport("JULI", {{"V01", Sector::Fesyen, 300'000}, {"V02", Sector::Kriya, 100'000}}, "2026-07-01", "K01")),
      ev("MEI", "2026-05-01", eventReport("MEI", {{"V01", Sector::Fesyen, 200'000}, {"V03", Sector::Kuliner, 50'000}}, "2026-05-01", "K01")),
  };
  const std::vector<EventReport> before = {
      ev("LALU", "2025-06-01", eventReport("LALU", {{"V01", Sector::Fesyen, 400'000}, {"V02", Sector::Kriya, 0}}, "2025-06-01", "K01"))};
  const Report y = combineYear("2026", year, before);
  EXPECT_EQ(y.event, "2026");
  EXPECT_EQ(y.net, Rupiah(650'000));
  EXPECT_EQ(y.salesCount, 8);
  ASSERT_EQ(y.byEvent.size(), 2u);
  EXPECT_EQ(y.byEvent[0].event, "MEI") << "in start-date order";
  EXPECT_EQ(y.byEvent[0].net + y.byEvent[1].net, y.net);
  ASSERT_EQ(y.byIkm.size(), 3u);
  EXPECT_EQ(y.byIkm[0].vendorCode, "V01");
  EXPECT_EQ(y.byIkm[0].events, 2);
  EXPECT_EQ(y.byIkm[0].net, Rupiah(500'000));
  EXPECT_EQ(y.byIkm[0].growthBp, 2'500) << "500.000 against 400.000";
  EXPECT_EQ(y.byIkm[1].vendorCode, "V02");
  EXPECT_EQ(y.byIkm[1].growthBp, std::nullopt) << "nothing sold the year before: no base";
  EXPECT_EQ(y.byIkm[2].growthBp, std::nullopt) << "new this year";
  ASSERT_EQ(y.byDevice.size(), 2u);
  EXPECT_TRUE(y.byDevice[0].deviceCode == "JULI/K01" || y.byDevice[0].deviceCode == "MEI/K01");
  ASSERT_EQ(y.byCashier.size(), 1u);
  EXPECT_EQ(y.byCashier[0].net, y.net);
  const json j = json::parse(reportToJson(y));
  EXPECT_EQ(j["event"], "2026");
  for (const char* key : {"by_vendor", "by_sector", "by_day", "by_hour", "by_device", "by_cashier", "by_event", "by_ikm"}) {
    std::int64_t sum = 0;
    for (const auto& x : j[key]) sum += x["net_idr"].get<std::int64_t>();
    EXPECT_EQ(sum, 650'000) << key;
  }
  EXPECT_TRUE(j["by_ikm"][1]["growth_bp"].is_null());
  EXPECT_EQ(j["by_ikm"][0]["growth_bp"], 2'500);
}

TEST(ReportCombine, AComparisonGivesTheChangeOfAAgainstB) {
  const Report a = eventReport("BARU", {{"V01", Sector::Fesyen, 300'000}, {"V02", Sector::Kriya, 150'000}}, "2026-07-01", "K01");
  const Report b = eventReport("LAMA", {{"V01", Sector::Fesyen, 200'000}, {"V03", Sector::Kuliner, 100'000}}, "2025-07-01", "K01");
  const Comparison c = compareReports(a, b);
  EXPECT_EQ(c.net.bp, 5'000);
  EXPECT_EQ(c.vendors.a, 2);
  EXPECT_EQ(c.vendors.b, 2);
  EXPECT_EQ(c.vendors.bp, 0);
  ASSERT_EQ(c.topVendors.size(), 2u);
  EXPECT_EQ(c.topVendors[0].key, "V01");
  EXPECT_EQ(c.topVendors[0].change.bp, 5'000);
  EXPECT_EQ(c.topVendors[1].change.bp, std::nullopt) << "V02 sold nothing in b";
  const json j = json::parse(comparisonToJson(c));
  EXPECT_EQ(j["a"]["event"], "BARU");
  EXPECT_EQ(j["b"]["event"], "LAMA");
  EXPECT_EQ(j["change"]["net_bp"], 5'000);
  ASSERT_EQ(j["change"]["by_sector"].size(), 3u);
  EXPECT_EQ(j["change"]["by_sector"][2]["sector"], "kuliner");
  EXPECT_EQ(j["change"]["by_sector"][2]["change_bp"], -10'000);
  EXPECT_NE(comparisonToTable(c).find("+50,00 %"), std::string::npos);
}

}  // namespace
}  // namespace pameran::core
