// Headless screen tests: the real frame on an ImGui context with no window, driven the way a
// person does (keys, typed characters, taps), one state change per frame (ImGui 1.86 input).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "kiosk_fixtures.hpp"

namespace pameran::kiosk {
namespace {

using testing::Headless;
using testing::KioskTest;

class Screens : public KioskTest {
 protected:
  void loginByKeys(Headless& ui, const std::string& pin = "1234") {
    ui.type(pin);
    ui.press(keys::kEnter);
    ui.frame();
  }
};

TEST_F(Screens, LogInByTypingThePinAndEnter) {
  Headless ui(app());
  EXPECT_TRUE(ui.visible("login"));
  ui.type("1234");
  EXPECT_EQ(app().ui().login.pin, "1234");
  ui.press(keys::kEnter);
  EXPECT_EQ(app().ui().screen, Screen::Sell);
  ui.frame();
  EXPECT_TRUE(ui.visible("nav-sell"));
  EXPECT_TRUE(ui.visible("pay"));
}

TEST_F(Screens, LogInByTappingThePad) {
  Headless ui(app());
  for (const char* key : {"4", "3", "2", "1"}) ui.tap(key);
  EXPECT_EQ(app().ui().login.pin, "4321");
  ui.tap("login");
  EXPECT_EQ(app().data().user->name, "Supervisor Demo");
}

TEST_F(Screens, WrongPinStaysOnLoginWithAMessage) {
  Headless ui(app());
  loginByKeys(ui, "9999");
  EXPECT_EQ(app().ui().screen, Screen::Login);
  EXPECT_TRUE(app().ui().login.pin.empty());
  EXPECT_FALSE(app().ui().banner.text.empty());
}

TEST_F(Screens, TypingOutsideATextFieldIsAScanAndEnterAddsIt) {
  Headless ui(app());
  loginByKeys(ui);
  ui.type("8991234050010");
  EXPECT_EQ(app().ui().sell.scan, "8991234050010");
  ui.press(keys::kEnter);
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  EXPECT_EQ(app().data().sale.cart.lines[0].name, "Tas Anyaman Bambu");
  EXPECT_TRUE(app().ui().sell.scan.empty());
  ui.frame();
  EXPECT_TRUE(ui.visible("line-0"));
  // An unknown code: a visible error, nothing added.
  ui.type("0000000000000");
  ui.press(keys::kEnter);
  EXPECT_EQ(app().data().sale.cart.lines.size(), 1u);
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Error);
}

TEST_F(Screens, TappingATileAddsAndPlusRaisesTheQuantity) {
  Headless ui(app());
  loginByKeys(ui);
  const std::int64_t id = productId("8991234050027");
  app().ui().sell.query = "Bakul Nasi";
  ui.frame();
  ui.frame();
  ui.tap("tile-" + std::to_string(id));
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  ui.tap("inc-0");
  EXPECT_EQ(app().data().sale.cart.lines[0].quantity, 2);
  ui.tap("dec-0");
  EXPECT_EQ(app().data().sale.cart.lines[0].quantity, 1);
}

TEST_F(Screens, F2SearchesAndEnterAddsTheFirstMatch) {
  Headless ui(app());
  loginByKeys(ui);
  ui.press(keys::kF2);
  ui.type("tampah");
  EXPECT_EQ(app().ui().sell.query, "tampah");
  EXPECT_TRUE(app().ui().sell.scan.empty()) << "typing in search is not a scan";
  ui.press(keys::kEnter);
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  EXPECT_EQ(app().data().sale.cart.lines[0].name, "Tampah Bambu Besar");
}

TEST_F(Screens, LineDiscountAboveTheLimitAsksForASupervisorPin) {
  Headless ui(app());
  loginByKeys(ui);
  ui.type("8991234010014");
  ui.press(keys::kEnter);
  ui.frame();
  ui.tap("line-0");
  ASSERT_EQ(app().ui().sell.modal, SellModal::LineEditor);
  ui.tap("disc-box");
  ui.type("50");
  ui.press(keys::kEnter);
  ASSERT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Discount);
  ui.frame();
  EXPECT_TRUE(ui.visible("sup-approve"));
  EXPECT_EQ(app().data().sale.totals.total.idr(), 650000);
  ui.type("4321");
  ui.press(keys::kEnter);
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::None);
  EXPECT_EQ(app().ui().sell.modal, SellModal::None);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 325000);
  EXPECT_EQ(app().data().sale.supervisor->name, "Supervisor Demo");
}

TEST_F(Screens, PayCashWithChange) {
  Headless ui(app());
  loginByKeys(ui);
  ui.type("8991234050010");  // Rp 135.000
  ui.press(keys::kEnter);
  ui.press(keys::kF9);
  ASSERT_EQ(app().ui().screen, Screen::Payment);
  ui.type("200000");
  EXPECT_EQ(buildPaymentVm(app().ui().payment, app().data(), app().payment().data(), app().tr()).change, "Rp 65.000");
  ui.press(keys::kEnter);
  ASSERT_EQ(app().ui().screen, Screen::Receipt);
  EXPECT_EQ(app().data().receipt->sale.change.idr(), 65000);
  ui.frame();
  EXPECT_TRUE(ui.visible("next-sale"));
  ui.press(keys::kEnter);
  EXPECT_EQ(app().ui().screen, Screen::Sell);
}

TEST_F(Screens, EnterWithNothingTypedPaysExactCashAndEscGoesBack) {
  Headless ui(app());
  loginByKeys(ui);
  ui.type("8991234050010");
  ui.press(keys::kEnter);
  ui.press(keys::kF9);
  ui.press(keys::kEscape);
  EXPECT_EQ(app().ui().screen, Screen::Sell);
  ui.press(keys::kF9);
  ui.press(keys::kEnter);
  ASSERT_EQ(app().ui().screen, Screen::Receipt);
  EXPECT_EQ(app().data().receipt->sale.payments.at(0).tendered.idr(), 135000);
}

TEST_F(Screens, PayQrisShowsTheQrAndEnterConfirms) {
  Headless ui(app());
  loginByKeys(ui);
  ui.type("8991234050010");
  ui.press(keys::kEnter);
  ui.press(keys::kF9);
  ui.press(keys::kF2);
  EXPECT_EQ(app().ui().payment.tab, core::PaymentMethod::Qris);
  ui.frame();
  EXPECT_TRUE(ui.visible("qris-confirm"));
  EXPECT_GT(app().payment().data().qr.size, 20);
  ui.press(keys::kEnter);
  ASSERT_EQ(app().ui().screen, Screen::Receipt);
  const core::SalePayment& p = app().data().receipt->sale.payments.at(0);
  EXPECT_EQ(p.method, core::PaymentMethod::Qris);
  EXPECT_EQ(p.vendorCode, "ANY-LM");
  EXPECT_EQ(p.confirmedBy, "Kasir Demo");
}

TEST_F(Screens, CardNeedsAReference) {
  Headless ui(app());
  loginByKeys(ui);
  ui.type("8991234050010");
  ui.press(keys::kEnter);
  ui.press(keys::kF9);
  ui.tap("tab-card");
  ui.frame();
  EXPECT_FALSE(ui.rect("ref-confirm").enabled);
  ui.type("EDC123");
  EXPECT_EQ(app().ui().payment.reference, "EDC123");
  ui.frame();
  ui.tap("ref-confirm");
  ASSERT_EQ(app().ui().screen, Screen::Receipt);
  EXPECT_EQ(app().data().receipt->sale.payments.at(0).reference, "EDC123");
}

TEST_F(Screens, RefundALineWithASupervisor) {
  Headless ui(app());
  loginByKeys(ui);
  ui.type("8991234010021");
  ui.press(keys::kEnter);
  ui.type("8991234010021");
  ui.press(keys::kEnter);
  ui.press(keys::kF9);
  ui.press(keys::kEnter);
  ui.press(keys::kEnter);
  ui.tap("nav-refund");
  ASSERT_EQ(app().ui().screen, Screen::Refund);
  ui.tap("sale-0");
  ASSERT_TRUE(app().refund().data().sale);
  ui.tap("rinc-0");
  EXPECT_EQ(app().ui().refund.quantity.at(0), 1);
  ui.tap("reason-1");
  ui.tap("refund-submit");
  ASSERT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Refund);
  ui.type("4321");
  ui.press(keys::kEnter);
  ASSERT_TRUE(app().refund().data().last) << app().ui().banner.text;
  EXPECT_EQ(app().refund().data().last->total.idr(), 275000);
  EXPECT_EQ(app().refund().data().last->reason, "Salah barang / ukuran");
  ui.frame();
  EXPECT_TRUE(ui.visible("refund-finish"));
}

TEST_F(Screens, CloseTheShiftWithABlindCount) {
  Headless ui(app());
  loginByKeys(ui);
  ui.tap("nav-shift");
  ui.tap("shift-close");
  EXPECT_EQ(app().ui().shift.mode, ShiftMode::Count);
  ui.type("2");             // 2 x Rp 100.000
  ui.press(keys::kDown);
  ui.type("1");             // 1 x Rp 50.000
  EXPECT_EQ(buildShiftVm(app().ui().shift, app().data(), app().shift().data(), app().tr()).counted, "Rp 250.000");
  ui.tap("count-close");
  EXPECT_FALSE(app().shift().data().closed) << "the first tap asks to confirm";
  ui.tap("count-close");
  ASSERT_TRUE(app().shift().data().closed);
  EXPECT_EQ(app().shift().data().closed->variance.idr(), 50000);
}

TEST_F(Screens, CtrlQQuits) {
  Headless ui(app());
  ui.press(keys::kQ, true);
  EXPECT_TRUE(app().wantsQuit());
}

// ---- Found by looking (issue 8, section 5) --------------------------------------------------

TEST_F(Screens, TilesOfNamesWithALongSharedPrefixShowTwoWholeLinesAndTheirDistinctEnd) {
  std::string products = "sku,barcode,vendor_code,name,price_idr,stock,low_stock\n";
  for (int i = 1; i <= 24; ++i)
    products += "DDL-" + std::to_string(i) + ",,DDL,Dodol Belimbing Edisi Pameran Dekranasda Kota Depok Rasa Nanas Madu Varian " +
                std::to_string(i) + ",25000,10,2\n";
  addToCatalog("code,name,sector,owner,phone,qris\nDDL,Dodol Belimbing Bu Ani,kuliner,Ani,0812,\n", products);
  for (const auto& [w, h] : {std::make_pair(1280, 800), std::make_pair(1920, 1080)}) {
    Headless ui(app(), static_cast<float>(w), static_cast<float>(h));
    if (!app().data().user) loginByKeys(ui);
    app().ui().sell.query = "Dodol Belimbing Edisi";
    ui.frames(2);
    std::set<std::string> shown;
    int tiles = 0;
    for (const auto& [id, lines] : ui.probe().texts) {
      if (!id.starts_with("tile-")) continue;
      ++tiles;
      ASSERT_EQ(lines.size(), 3u) << id;  // two lines of name, then the vendor
      EXPECT_EQ(lines[0].rfind("Dodol", 0), 0u) << id << ": the name starts on the first line";
      // The second line ends the way the name ends: `... Varian 7`, whatever the tile's width.
      const std::string& second = lines[1];
      ASSERT_FALSE(second.empty()) << id;
      const std::string number = second.substr(second.find_last_of(' ') + 1);
      EXPECT_NE(number.find_first_of("0123456789"), std::string::npos) << id << ": " << second;
      shown.insert(lines[0] + "|" + lines[1]);
    }
    EXPECT_GE(tiles, 8) << w << "x" << h;
    EXPECT_EQ(shown.size(), static_cast<std::size_t>(tiles)) << "every tile reads differently at " << w << "x" << h;
  }
}

TEST_F(Screens, TwoVendorsOfTheSameNameAreToldApartByTheirCodes) {
  addToCatalog("code,name,sector,owner,phone,qris\nBMB-1,Kerajinan Bambu,kriya,Ani,0812,\nBMB-2,Kerajinan Bambu,kriya,Budi,0813,\n",
               "sku,barcode,vendor_code,name,price_idr,stock,low_stock\nBMB-1-A,,BMB-1,Kipas Bambu,15000,10,2\n"
               "BMB-2-A,,BMB-2,Kipas Bambu,17000,10,2\n");
  Headless ui(app());
  loginByKeys(ui);
  ui.frame();
  std::vector<std::string> labels;
  for (const auto& [id, lines] : ui.probe().texts)
    if (id.starts_with("vendor-") && !lines.empty() && lines[0].starts_with("Kerajinan Bambu")) labels.push_back(lines[0]);
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_NE(labels[0], labels[1]);
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(labels[0], "Kerajinan Bambu · BMB-1");
  EXPECT_EQ(labels[1], "Kerajinan Bambu · BMB-2");
  // The same name twice in one vendor's grid: the tiles say their SKU.
  app().ui().sell.query = "Kipas Bambu";
  ui.frames(2);
  auto shown = [&](const std::string& sku) {
    const auto it = ui.probe().texts.find("tile-" + std::to_string(productId(sku)));
    return it == ui.probe().texts.end() ? std::string() : it->second.at(0) + "|" + it->second.at(1) + "|" + it->second.at(2);
  };
  ASSERT_FALSE(shown("BMB-1-A").empty());
  EXPECT_NE(shown("BMB-1-A"), shown("BMB-2-A"));
  const TileVm tile = buildTile(app().data(), app().data().catalog.rowOf.at(productId("BMB-1-A")), app().tr());
  EXPECT_EQ(tile.detail, "BMB-1-A · Kerajinan Bambu · BMB-1");
}

TEST_F(Screens, TheErrorOfAnUnknownScanClearsOnTheNextSuccessfulAction) {
  Headless ui(app());
  loginByKeys(ui);
  ui.type("0000000000000");
  ui.press(keys::kEnter);
  ASSERT_EQ(app().ui().banner.kind, BannerKind::Error);
  ui.frame();
  EXPECT_TRUE(buildChromeVm(app().ui(), app().data(), app().tr()).showBanner);
  ui.type("8991234050010");
  ui.press(keys::kEnter);
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  EXPECT_NE(app().ui().banner.kind, BannerKind::Error) << app().ui().banner.text;
  EXPECT_FALSE(buildChromeVm(app().ui(), app().data(), app().tr()).showBanner);
  // A failed action keeps its own error up; the next success takes it down again.
  ui.type("1111111111111");
  ui.press(keys::kEnter);
  ASSERT_EQ(app().ui().banner.kind, BannerKind::Error);
  ui.press(keys::kF9);
  ASSERT_EQ(app().ui().screen, Screen::Payment);
  EXPECT_TRUE(app().ui().banner.text.empty()) << "opening payment is a success: " << app().ui().banner.text;
}

TEST_F(Screens, SavingANewPrinterAsksForASupervisorsPin) {
  Headless ui(app());
  loginByKeys(ui);
  ui.tap("nav-settings");
  ui.tap("printer");
  const std::string printer = (m_dir / "printer.bin").string();
  ui.type(printer);
  ui.frame();
  ui.tap("settings-save");
  ASSERT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Settings);
  ui.frame();
  EXPECT_TRUE(ui.visible("sup-approve"));
  EXPECT_TRUE(app().data().device.printer.empty());
  ui.type("4321");
  ui.press(keys::kEnter);
  EXPECT_EQ(app().data().device.printer, printer);
}

TEST_F(Screens, ACustomItemIsAddedByTouchAndAboveTheLimitAsksForASupervisor) {
  Headless ui(app());
  loginByKeys(ui);
  const core::Vendor& vendor = app().data().catalog.vendors.front();
  auto fill = [&](const std::string& name, const std::vector<std::string>& keysToTap) {
    ui.tap("custom");
    ASSERT_EQ(app().ui().sell.modal, SellModal::CustomItem);
    ui.frame();
    ui.tap("custom-vendor-" + std::to_string(vendor.id));
    ui.tap("custom-name");
    ui.type(name);
    ui.tap("custom-price");  // leaves the name field: the pad and typed digits go to the price again
    for (const std::string& k : keysToTap) ui.tap(k);
    ui.frame();
  };
  // Rp 150.000: under the limit, added straight away as a custom line of that vendor.
  fill("Selendang Sisa Pameran", {"1", "5", "0", "000"});
  EXPECT_EQ(app().ui().sell.custom.name, "Selendang Sisa Pameran");
  EXPECT_EQ(app().ui().sell.custom.priceDigits, "150000");
  ui.tap("custom-add");
  EXPECT_EQ(app().ui().sell.modal, SellModal::None);
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  const core::CartLine& line = app().data().sale.cart.lines[0];
  EXPECT_TRUE(line.custom);
  EXPECT_EQ(line.vendorId, vendor.id);
  EXPECT_EQ(line.name, "Selendang Sisa Pameran");
  EXPECT_EQ(line.unitPrice.idr(), 150000);
  // Rp 750.000 is above the Rp 500.000 limit: nothing is added until a supervisor approves.
  fill("Kain Tenun Contoh", {"7", "5", "0", "000"});
  ui.tap("custom-add");
  ASSERT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::CustomPrice);
  EXPECT_EQ(app().data().sale.cart.lines.size(), 1u);
  ui.type("4321");
  ui.press(keys::kEnter);
  ASSERT_EQ(app().data().sale.cart.lines.size(), 2u);
  EXPECT_EQ(app().data().sale.cart.lines[1].unitPrice.idr(), 750000);
  EXPECT_EQ(app().data().sale.supervisor->name, "Supervisor Demo");
}

// Every screen at both kiosk sizes: controls on screen and tall enough for a finger.
class Layouts : public KioskTest, public ::testing::WithParamInterface<std::pair<int, int>> {};

TEST_P(Layouts, EveryControlIsOnScreenAndTouchSized) {
  const auto [w, h] = GetParam();
  Headless ui(app(), static_cast<float>(w), static_cast<float>(h));
  const float minH = 48.0f * scaleFor(w, h) - 0.5f;
  auto check = [&](const char* where) {
    ui.frame();
    ASSERT_FALSE(ui.probe().rects.empty()) << where;
    for (const auto& [id, r] : ui.probe().rects) {
      if (r.partial) continue;  // a list row half scrolled out of view
      EXPECT_GE(r.h, minH) << where << ": " << id << " is " << r.h << " px tall";
      EXPECT_GE(r.x, 0) << where << ": " << id;
      EXPECT_LE(r.x + r.w, static_cast<float>(w) + 0.5f) << where << ": " << id;
      EXPECT_LE(r.y + r.h, static_cast<float>(h) + 0.5f) << where << ": " << id;
    }
  };
  check("login");
  ui.type("1234");
  ui.press(keys::kEnter);
  ui.type("8991234010014");
  ui.press(keys::kEnter);
  ui.type("8991234050027");
  ui.press(keys::kEnter);
  check("sell");
  ui.tap("line-0");
  check("line editor");
  ui.press(keys::kEscape);
  ui.tap("custom");
  check("custom item");
  ui.press(keys::kEscape);
  ui.press(keys::kF9);
  check("payment");
  ui.type("100000");
  ui.press(keys::kEnter);
  check("payment with a part paid");
  ui.press(keys::kF2);
  check("qris");
  ui.tap("tab-card");
  check("card");
  ui.press(keys::kEscape);
  ui.press(keys::kEnter);
  check("receipt");
  ui.press(keys::kEnter);
  for (const char* nav : {"nav-refund", "nav-stock", "nav-shift", "nav-today", "nav-settings"}) {
    ui.tap(nav);
    check(nav);
  }
  ui.tap("nav-refund");
  ui.tap("sale-0");
  check("refund lines");
  ui.tap("nav-stock");
  ui.tap("stock-intake");
  app().ui().stock.query = "Tas Anyaman";
  ui.frames(2);
  ui.tap("stock-row-" + std::to_string(productId("8991234050010")));
  check("stock intake");
  ui.tap("stock-slip");
  ui.tap("slip-vendor-" + std::to_string(app().data().catalog.vendors.front().id));
  check("return slip");
  ui.tap("nav-shift");
  ui.tap("shift-close");
  check("blind count");
}

// Issue 8 §1: the kiosk checks its audit log's chain at start-up, off the UI thread; a broken one
// shows a chip to supervisors (not to cashiers), and selling goes on.
TEST_F(Screens, ABrokenAuditLogShowsAChipToSupervisorsButNotToCashiers) {
  const std::int64_t eventId = app().data().catalog.event.id;
  const std::int64_t product = productId("8991234050010");
  {
    auto store = openStore();
    ASSERT_TRUE(store->stock().intake(eventId, product, 3, "Supervisor Demo", "kiriman"));
    ASSERT_GE(store->audit().entries().size(), 1u);
  }
  m_app.reset();
  {
    SQLite::Database db(m_db, SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER audit_log_no_update");  // what someone editing the file by hand does first
    ASSERT_EQ(db.exec("UPDATE audit_log SET reason = 'diubah' WHERE id = 1"), 1);
  }
  Headless ui(app());
  for (int i = 0; i < 500 && !app().data().audit; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ui.frame();
  }
  ASSERT_TRUE(app().data().audit) << "the start-up check never finished";
  EXPECT_EQ(app().data().audit->firstBad, 1);
  login("1234");
  ui.frames(2);
  EXPECT_EQ(ui.probe().texts.count("audit-broken"), 0u) << "a cashier is not told";
  app().apply(act::Scan{"8991234050010"});
  EXPECT_EQ(app().data().sale.cart.lines.size(), 1u) << "selling goes on";
  app().apply(act::SwitchUser{});
  login("4321");
  ui.frames(2);
  ASSERT_EQ(ui.probe().texts.count("audit-broken"), 1u) << "the supervisor is told";
  EXPECT_NE(ui.probe().texts.at("audit-broken").at(0).find("1"), std::string::npos) << "naming the first bad entry";
}

TEST_F(Screens, AnIntactAuditLogShowsNoChip) {
  Headless ui(app());
  for (int i = 0; i < 500 && !app().data().audit; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ui.frame();
  }
  ASSERT_TRUE(app().data().audit);
  EXPECT_TRUE(app().data().audit->intact());
  login("4321");
  ui.frames(2);
  EXPECT_EQ(ui.probe().texts.count("audit-broken"), 0u);
}

INSTANTIATE_TEST_SUITE_P(KioskSizes, Layouts, ::testing::Values(std::make_pair(1280, 800), std::make_pair(1920, 1080)));

}  // namespace
}  // namespace pameran::kiosk
