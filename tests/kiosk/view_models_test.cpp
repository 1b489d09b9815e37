// Pure helpers and view models, without ImGui.
#include <gtest/gtest.h>

#include "kiosk_fixtures.hpp"
#include "pameran/core/qris.hpp"
#include "pameran/core/text.hpp"
#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;
using testing::KioskTest;

TEST(NumberPad, DigitsBecomeRupiah) {
  EXPECT_EQ(digitsToRupiah("").idr(), 0);
  EXPECT_EQ(digitsToRupiah("150000").idr(), 150000);
  EXPECT_EQ(digitsToRupiah("99999999999999999").idr(), 9999999999999);  // 13 digits at most
}

TEST(DiscountEntry, PercentAndRupiahRoundTrip) {
  auto pct = discountFromEntry(DiscountEntry{true, "12,5"});
  ASSERT_TRUE(pct);
  EXPECT_EQ(pct->kind, core::Discount::Kind::Percent);
  EXPECT_EQ(pct->bp, 1250);
  EXPECT_EQ(discountLabel(*pct), "12,5%");
  EXPECT_EQ(entryFromDiscount(*pct).digits, "12,5");
  auto idr = discountFromEntry(DiscountEntry{false, "5000"});
  ASSERT_TRUE(idr);
  EXPECT_EQ(idr->amount.idr(), 5000);
  EXPECT_EQ(discountLabel(*idr), "Rp 5.000");
  EXPECT_FALSE(entryFromDiscount(*idr).percent);
  EXPECT_FALSE(discountFromEntry(DiscountEntry{true, "150"}));
  EXPECT_TRUE(discountFromEntry(DiscountEntry{true, ""})->isNone());
}

// ---- Tile names --------------------------------------------------------------------------------

float monospace(std::string_view s) { return static_cast<float>(core::columns(s)); }

TEST(TileName, ShortNamesStayWhole) {
  EXPECT_EQ(twoLineName("Tas Anyaman Bambu", 20, monospace), (std::array<std::string, 2>{"Tas Anyaman Bambu", ""}));
  EXPECT_EQ(twoLineName("Tas Anyaman Bambu", 12, monospace), (std::array<std::string, 2>{"Tas Anyaman", "Bambu"}));
}

TEST(TileName, ALongNameKeepsItsEndOnTheSecondLine) {
  const auto lines = twoLineName("Dodol Belimbing Edisi Pameran Dekranasda Kota Depok Rasa Nanas 17", 16, monospace);
  EXPECT_EQ(lines[0], "Dodol Belimbing");
  EXPECT_EQ(lines[1], "\u2026Rasa Nanas 17");
  for (const std::string& l : lines) EXPECT_LE(monospace(l), 16.0f) << l;
}

TEST(TileName, AWordWiderThanTheTileIsCut) {
  const auto lines = twoLineName("Supercalifragilistik Bambu", 10, monospace);
  EXPECT_EQ(lines[0], "Supercalif");
  EXPECT_EQ(lines[1], "\u2026Bambu");
  EXPECT_EQ(twoLineName("Supercalifragilistik", 12, monospace), (std::array<std::string, 2>{"Supercalifra", "gilistik"}));
  const auto one = twoLineName("Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx7", 10, monospace);
  EXPECT_EQ(one[0], "Xxxxxxxxxx");
  EXPECT_EQ(one[1], "\u2026xxxxxxxx7");
}

TEST(TileName, EmptyNamesHaveNoLines) {
  EXPECT_EQ(twoLineName("", 10, monospace), (std::array<std::string, 2>{}));
  EXPECT_EQ(twoLineName("   ", 10, monospace), (std::array<std::string, 2>{}));
}

class ViewModels : public KioskTest {};

TEST_F(ViewModels, GridFiltersBySectorVendorAndSearch) {
  const CatalogData& d = app().data().catalog;
  const std::size_t all = filterGrid(d, "", -1, 0).size();
  EXPECT_EQ(all, 171u);
  const auto kuliner = filterGrid(d, "", static_cast<int>(core::Sector::Kuliner), 0);
  ASSERT_FALSE(kuliner.empty());
  for (int row : kuliner) EXPECT_EQ(d.rows[static_cast<std::size_t>(row)].sector, core::Sector::Kuliner);
  const auto bamboo = filterGrid(d, "bambu", -1, 0);
  ASSERT_FALSE(bamboo.empty());
  for (int row : bamboo) EXPECT_NE(core::asciiLower(d.rows[static_cast<std::size_t>(row)].product->name).find("bambu"), std::string::npos);
  const auto byCode = filterGrid(d, "8991234050010", -1, 0);
  ASSERT_FALSE(byCode.empty());
  EXPECT_EQ(d.rows[static_cast<std::size_t>(byCode.front())].product->name, "Tas Anyaman Bambu");
  const std::int64_t vendor = d.rows[static_cast<std::size_t>(byCode.front())].product->vendorId;
  for (int row : filterGrid(d, "", -1, vendor)) EXPECT_EQ(d.rows[static_cast<std::size_t>(row)].product->vendorId, vendor);
}

TEST_F(ViewModels, TileStockShowsLeftLowAndSoldOut) {
  login();
  const Translator tr;
  const int tampah = app().data().catalog.rowOf.at(productId("8991234050034"));  // 4 in stock, low at 2
  auto tile = [&] { return buildTile(app().data(), tampah, tr); };
  EXPECT_EQ(tile().stock, "Stok 4");
  EXPECT_EQ(tile().stockTone, Tone::Neutral);
  app().apply(act::Scan{"8991234050034"});
  app().apply(act::Scan{"8991234050034"});
  EXPECT_EQ(tile().stock, "Sisa 2");
  EXPECT_EQ(tile().stockTone, Tone::Warn);
  app().apply(act::Scan{"8991234050034"});
  app().apply(act::Scan{"8991234050034"});
  EXPECT_EQ(tile().stock, "Habis");
  EXPECT_EQ(tile().stockTone, Tone::Bad);
  EXPECT_TRUE(tile().soldOut);
}

TEST_F(ViewModels, SellShowsVendorSubtotalsOnlyWhenTheCartSpansVendors) {
  login();
  app().apply(act::Scan{"8991234010014"});
  SellVm vm = buildSellVm(app().ui().sell, app().data(), app().cart().data(), app().tr());
  EXPECT_TRUE(vm.vendorSubtotals.empty());
  EXPECT_EQ(vm.total, "Rp 650.000");
  app().apply(act::Scan{"8991234050027"});
  vm = buildSellVm(app().ui().sell, app().data(), app().cart().data(), app().tr());
  ASSERT_EQ(vm.vendorSubtotals.size(), 2u);
  EXPECT_EQ(vm.vendorSubtotals[1].amount, "Rp 45.000");
  EXPECT_EQ(vm.items, "2 item");
  EXPECT_TRUE(vm.canPay);
}

TEST_F(ViewModels, PaymentShowsChangeForTypedCashAndQuickTenders) {
  login();
  app().apply(act::Scan{"8991234050010"});  // Rp 135.000
  app().apply(act::OpenPayment{});
  app().ui().payment.cashDigits = "200000";
  PaymentVm vm = buildPaymentVm(app().ui().payment, app().data(), app().payment().data(), app().tr());
  EXPECT_EQ(vm.total, "Rp 135.000");
  EXPECT_TRUE(vm.changeKnown);
  EXPECT_EQ(vm.change, "Rp 65.000");
  ASSERT_GE(vm.quick.size(), 2u);
  EXPECT_EQ(vm.quick[0].amount.idr(), 135000);
  EXPECT_EQ(vm.quick[1].amount.idr(), 150000);
  app().ui().payment.cashDigits = "100000";
  vm = buildPaymentVm(app().ui().payment, app().data(), app().payment().data(), app().tr());
  EXPECT_TRUE(vm.shortOfTotal);
  EXPECT_NE(vm.cashHint.find("Rp 35.000"), std::string::npos);
}

TEST_F(ViewModels, QrisPlanHasOneValidDynamicQrPerVendorSubtotal) {
  login();
  app().apply(act::Scan{"8991234010014"});  // Batik Sinar Belimbing 650.000
  app().apply(act::Scan{"8991234050027"});  // Anyaman Bambu Limo 45.000
  app().apply(act::OpenPayment{});
  const core::QrisPlan& plan = app().payment().data().qris;
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.current, 0);
  for (const core::QrisStep& s : plan.steps) {
    auto info = core::inspectQris(s.payload);
    ASSERT_TRUE(info) << s.payload;
    EXPECT_FALSE(info->isStatic);
    EXPECT_EQ(info->amount, s.amount.idr());
    EXPECT_EQ(s.account, core::QrisAccount::Vendor);
    EXPECT_FALSE(s.nmid.empty());
  }
  EXPECT_EQ(plan.steps[0].amount.idr(), 650000);
  EXPECT_EQ(plan.steps[1].amount.idr(), 45000);
  const PaymentVm vm = buildPaymentVm(app().ui().payment, app().data(), app().payment().data(), app().tr());
  EXPECT_EQ(vm.qrStep, "QR 1 dari 2");
  EXPECT_EQ(vm.qrMerchant, "Batik Sinar Belimbing");
  EXPECT_EQ(vm.qrAmount, "Rp 650.000");
}

TEST_F(ViewModels, LoginShowsLockoutWithTimeLeft) {
  for (int i = 0; i < core::kMaxPinFailures; ++i) app().apply(act::Login{"0000", 0});
  const LoginVm vm = buildLoginVm(app().ui().login, app().data(), app().login().data(), app().tr());
  EXPECT_TRUE(vm.locked);
  EXPECT_NE(vm.lockText.find("5:00"), std::string::npos) << vm.lockText;
  EXPECT_FALSE(vm.canSubmit);
  m_clock.advance(61'000);
  app().ui().screen = Screen::Login;
  app().refresh();
  EXPECT_NE(buildLoginVm(app().ui().login, app().data(), app().login().data(), app().tr()).lockText.find("3:59"), std::string::npos);
}

TEST_F(ViewModels, ChromeShowsClockStaffAndSyncState) {
  login();
  const ChromeVm vm = buildChromeVm(app().ui(), app().data(), app().tr());
  EXPECT_EQ(vm.clock, "10:00 WIB");
  EXPECT_EQ(vm.staff, "Kasir Demo");
  EXPECT_EQ(vm.syncLabel, "Belum terdaftar ke server");
  EXPECT_TRUE(vm.loggedIn);
  EXPECT_EQ(vm.insecure, "");
}

TEST_F(ViewModels, ChromeWarnsWhileTheServerIsReachedOverPlainHttp) {
  login();
  core::DeviceInfo device = app().store().settings().device();
  device.serverUrl = "http://192.0.2.10:8080";
  device.token = std::string(64, 'a');
  device.allowInsecureHttp = true;  // what `enroll --allow-insecure-http` stores
  ASSERT_TRUE(app().store().settings().setDevice(device));
  app().session().refreshSyncStatus();
  EXPECT_EQ(buildChromeVm(app().ui(), app().data(), app().tr()).insecure, "HTTP tanpa enkripsi");
  device.allowInsecureHttp = false;
  device.serverUrl = "https://192.0.2.10";
  ASSERT_TRUE(app().store().settings().setDevice(device));
  app().session().refreshSyncStatus();
  EXPECT_EQ(buildChromeVm(app().ui(), app().data(), app().tr()).insecure, "");
}

}  // namespace
}  // namespace pameran::kiosk
