// A price change mid-event (issue 11 §6), end to end: the organizer imports a new products.csv on
// the real server on loopback, the kiosk's sync pulls it while a cart is being rung up, the cart
// keeps its prices, the next cart takes the new one, and the sell screen says what changed.
#include <gtest/gtest.h>

#include "../sync/client/client_fixtures.hpp"
#include "kiosk_fixtures.hpp"

namespace pameran::kiosk {
namespace {

using sync::testing::LoopbackServer;
using testing::Headless;

constexpr const char* kTas = "8991234050010";  // Tas Anyaman Bambu, Rp 135.000 in the demo catalog

class CatalogChange : public testing::KioskTest {
 protected:
  std::string noticeLine(Headless& ui, int i) {
    const auto it = ui.probe().texts.find(std::string("catalog-notice-line-") + std::to_string(i));
    return it == ui.probe().texts.end() || it->second.empty() ? std::string() : it->second.front();
  }
};

TEST_F(CatalogChange, APricePulledMidCartLeavesTheCartAloneTheNextCartTakesItAndTheNoticeSaysSo) {
  sync::testing::TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  {
    auto store = openStore();
    sync::testing::enrollKiosk(*store, server.url(), server.enrollmentCode());
  }
  Headless ui(app());
  ui.type("1234");
  ui.press(keys::kEnter);
  ui.frame();
  ui.type(kTas);
  ui.press(keys::kEnter);
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 135'000);
  EXPECT_FALSE(ui.visible("catalog-notice"));

  // The organizer raises the price and adds a product on the server.
  core::CatalogFiles files = sync::testing::demoCatalog(200);
  for (core::CatalogProductRow& p : files.products)
    if (p.barcode == kTas) p.priceIdr = 150'000;
  files.products.push_back(core::CatalogProductRow{0, "ANY-LM-99", "", "ANY-LM", "Keranjang Baru", 20'000, 5, 1});
  ASSERT_TRUE(server.store().importCatalog(core::kDemoEventCode, files));
  // The sync thread pulls on its own connection while the cart is open.
  {
    auto store = openStore();
    auto http = sync::testing::deviceClient(*store, server.url());
    auto pulled = sync::pullCatalog(*store, *http);
    ASSERT_TRUE(pulled) << pulled.error().message;
    ASSERT_TRUE(*pulled);
  }
  m_clock.advance(5'000);
  ui.frame();
  ui.frame();
  EXPECT_EQ(app().data().sale.totals.total.idr(), 135'000) << "a cart keeps the prices it was rung up at";
  ASSERT_TRUE(ui.visible("catalog-notice"));
  EXPECT_EQ(noticeLine(ui, 0), "Harga berubah: Tas Anyaman Bambu Rp 135.000 → Rp 150.000");
  EXPECT_EQ(noticeLine(ui, 1), "Produk baru: Keranjang Baru (Rp 20.000)");
  EXPECT_EQ(noticeLine(ui, 2), "");

  // One more of it joins the cart at the cart's price, and the cart is paid at that price.
  ui.type(kTas);
  ui.press(keys::kEnter);
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 270'000);
  ui.press(keys::kF9);
  ui.press(keys::kEnter);
  ASSERT_EQ(app().ui().screen, Screen::Receipt) << app().ui().banner.text;
  EXPECT_EQ(app().data().receipt->sale.total.idr(), 270'000);

  // The next cart takes the new price; the new product scans by its SKU.
  ui.press(keys::kEnter);
  ASSERT_EQ(app().ui().screen, Screen::Sell);
  ui.type(kTas);
  ui.press(keys::kEnter);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 150'000);
  ui.type("ANY-LM-99");
  ui.press(keys::kEnter);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 170'000);

  // The notice stays until dismissed, in the language on show.
  app().apply(act::SetLanguage{Language::En});
  ui.frame();
  EXPECT_EQ(noticeLine(ui, 0), "Price changed: Tas Anyaman Bambu Rp 135.000 → Rp 150.000");
  ui.tap("catalog-notice-close");
  EXPECT_FALSE(ui.visible("catalog-notice"));
  EXPECT_TRUE(app().data().catalogChanges.empty());
}

}  // namespace
}  // namespace pameran::kiosk
