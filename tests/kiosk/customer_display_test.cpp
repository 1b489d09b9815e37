// The buyer's window: its view model through a sale (headless), the tile names' two lines, and
// where the window goes on one or two monitors. The real window is tested under Xvfb by
// customer_display_smoke.sh.
#include <gtest/gtest.h>

#include "kiosk_fixtures.hpp"
#include "pameran/kiosk/customer_display.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;
using testing::Headless;
using testing::KioskTest;

class CustomerDisplay : public KioskTest {
 protected:
  CustomerVm vm() {
    return buildCustomerVm(app().ui(), app().data(), app().payment().data(), Translator::builtIn(Language::Id),
                           Translator::builtIn(Language::En));
  }
};

TEST_F(CustomerDisplay, FollowsASaleFromWelcomeToThanks) {
  login();
  CustomerVm v = vm();
  EXPECT_EQ(v.stage, CustomerVm::Stage::Welcome);
  EXPECT_EQ(v.welcome.id, "Selamat datang");
  EXPECT_EQ(v.welcome.en, "Welcome");
  EXPECT_FALSE(v.booth.empty());

  app().apply(act::Scan{"8991234050010"});  // Tas Anyaman Bambu, Rp 135.000
  app().apply(act::Scan{"8991234050010"});
  v = vm();
  ASSERT_EQ(v.stage, CustomerVm::Stage::Cart);
  ASSERT_EQ(v.lines.size(), 1u);
  EXPECT_EQ(v.lines[0].name, "Tas Anyaman Bambu");
  EXPECT_EQ(v.lines[0].detail, "2 × Rp 135.000");
  EXPECT_EQ(v.total, "Rp 270.000");
  EXPECT_EQ(v.items.id, "2 barang");
  EXPECT_EQ(v.items.en, "2 items");
  EXPECT_TRUE(v.rest.empty());

  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah(300000)});
  v = vm();
  ASSERT_EQ(v.stage, CustomerVm::Stage::Paid);
  EXPECT_EQ(v.change, "Rp 30.000");
  EXPECT_EQ(v.changeLabel.en, "Your change");
  EXPECT_EQ(v.thanks.id, "Terima kasih!");
  EXPECT_EQ(v.receiptNo, app().data().receipt->sale.receiptNo);

  app().apply(act::NewSale{});
  EXPECT_EQ(vm().stage, CustomerVm::Stage::Welcome);
}

TEST_F(CustomerDisplay, ShowsTheSameQrisAsTheCashiersScreenWithPayeeAndAmount) {
  login();
  app().apply(act::Scan{"8991234010014"});  // Batik Sinar Belimbing, Rp 650.000
  app().apply(act::Scan{"8991234050027"});  // Anyaman Bambu Limo, Rp 45.000
  app().apply(act::OpenPayment{});
  EXPECT_EQ(vm().stage, CustomerVm::Stage::Cart) << "the QR shows when the cashier shows it";
  app().ui().payment.tab = core::PaymentMethod::Qris;
  CustomerVm v = vm();
  ASSERT_EQ(v.stage, CustomerVm::Stage::Qris);
  const PaymentVm cashier = buildPaymentVm(app().ui().payment, app().data(), app().payment().data(), app().tr());
  EXPECT_EQ(v.qrPayload, cashier.qrPayload);
  EXPECT_EQ(v.qrModules, cashier.qrModules);
  EXPECT_EQ(v.payee, "Batik Sinar Belimbing");
  EXPECT_EQ(v.qrAmount, "Rp 650.000");
  EXPECT_EQ(v.qrStep, "1 / 2");
  EXPECT_EQ(v.scanQris.en, "Scan the QRIS to pay");
  app().apply(act::ConfirmQris{});
  v = vm();
  EXPECT_EQ(v.payee, "Anyaman Bambu Limo");
  EXPECT_EQ(v.qrAmount, "Rp 45.000");
  EXPECT_EQ(v.qrStep, "2 / 2");
  app().apply(act::ConfirmQris{});
  v = vm();
  EXPECT_EQ(v.stage, CustomerVm::Stage::Paid);
  EXPECT_TRUE(v.change.empty()) << "nothing to give back after QRIS";
}

TEST_F(CustomerDisplay, APartPaidShowsWhatIsStillToPay) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah(100000)});
  const CustomerVm v = vm();
  EXPECT_EQ(v.stage, CustomerVm::Stage::Cart);
  EXPECT_EQ(v.rest, "Rp 35.000");
  EXPECT_EQ(v.restLabel.en, "Still to pay");
}

TEST_F(CustomerDisplay, AReprintIsNotThankedAgain) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  const std::string uuid = app().data().receipt->sale.uuid;
  app().apply(act::NewSale{});
  app().apply(act::ReprintSale{uuid});
  EXPECT_EQ(vm().stage, CustomerVm::Stage::Welcome);
}

TEST_F(CustomerDisplay, EqualViewModelsMeanNothingToRedraw) {
  login();
  app().apply(act::Scan{"8991234050010"});
  EXPECT_EQ(vm(), vm());
  const CustomerVm before = vm();
  app().apply(act::Scan{"8991234050027"});
  EXPECT_FALSE(before == vm());
}

TEST_F(CustomerDisplay, DrawsEveryStageHeadless) {
  login();
  Headless ui(app(), 1280, 800);
  ImGuiContext* cashier = ImGui::GetCurrentContext();
  ImGuiContext* buyer = ImGui::CreateContext(ImGui::GetIO().Fonts);
  addCustomerDisplayFonts(scaleFor(1920, 1080), fontDirectory());
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  auto draw = [&] {
    ImGui::SetCurrentContext(buyer);
    ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
    ImGui::GetIO().DeltaTime = 1.0f / 60;
    ImGui::NewFrame();
    drawCustomerDisplay(vm());
    ImGui::Render();
    const int vertices = ImGui::GetDrawData()->TotalVtxCount;
    ImGui::SetCurrentContext(cashier);
    return vertices;
  };
  const int welcome = draw();
  app().apply(act::Scan{"8991234050010"});
  const int cart = draw();
  app().apply(act::OpenPayment{});
  app().ui().payment.tab = core::PaymentMethod::Qris;
  const int qris = draw();
  EXPECT_GT(cart, welcome);
  EXPECT_GT(qris, cart) << "the QR's modules are drawn";
  ImGui::DestroyContext(buyer);
  ImGui::SetCurrentContext(cashier);
}

// ---- Placement ---------------------------------------------------------------------------------

TEST(Placement, OneMonitorPutsTheBuyersWindowBesideTheCashiers) {
  const CustomerPlacement p = placeCustomerDisplay({0, 0, 1280, 800}, {{0, 0, 1920, 1080}});
  EXPECT_EQ(p.monitor, -1);
  EXPECT_EQ(p.rect, (ScreenRect{1280, 0, 1280, 800}));
  EXPECT_EQ(placeCustomerDisplay({10, 20, 1280, 800}, {}).rect, (ScreenRect{1290, 20, 1280, 800}));
}

TEST(Placement, ASecondMonitorTakesTheBuyersWindowWhole) {
  const std::vector<ScreenRect> monitors = {{0, 0, 1920, 1050}, {1920, 0, 1024, 600}};
  CustomerPlacement p = placeCustomerDisplay({0, 0, 1280, 800}, monitors);
  EXPECT_EQ(p.monitor, 1);
  EXPECT_EQ(p.rect, (ScreenRect{1920, 0, 1024, 600}));
  // The cashier on the second monitor: the buyer gets the first.
  p = placeCustomerDisplay({1920, 0, 1024, 600}, monitors);
  EXPECT_EQ(p.monitor, 0);
  EXPECT_EQ(p.rect, monitors[0]);
}

}  // namespace
}  // namespace pameran::kiosk
