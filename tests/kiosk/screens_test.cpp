// Headless screen tests: the real frame on an ImGui context with no window, driven the way a
// person does (keys, typed characters, taps), one state change per frame (ImGui 1.86 input).
#include <gtest/gtest.h>

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

INSTANTIATE_TEST_SUITE_P(KioskSizes, Layouts, ::testing::Values(std::make_pair(1280, 800), std::make_pair(1920, 1080)));

}  // namespace
}  // namespace pameran::kiosk
