// A price tag to print again, end to end: the kiosk tags a product that came without a barcode,
// the organizer's new file on the real server on loopback gives that very code to another product,
// the kiosk's sync is answered `taken` and gives the product a new code. The window then says so
// (the stock screen to anyone, the sell screen to supervisors) until the tags are printed again or
// a supervisor dismisses it; a restart does not forget it.
#include <gtest/gtest.h>

#include "../sync/client/client_fixtures.hpp"
#include "kiosk_fixtures.hpp"
#include "pameran/core/price_tag.hpp"
#include "pameran/sync/client.hpp"
#include "stock_commands.hpp"

namespace pameran::kiosk {
namespace {

using sync::testing::LoopbackServer;
using testing::Headless;

class TagReprint : public testing::KioskTest {
 protected:
  // The kiosk enrolled to a real server on loopback.
  void SetUp() override {
    testing::KioskTest::SetUp();
    m_server = std::make_unique<LoopbackServer>(m_serverDir.file("server.db"));
    auto store = openStore();
    sync::testing::enrollKiosk(*store, m_server->url(), m_server->enrollmentCode());
    m_products = store->catalog().products();
    ASSERT_GT(m_products.size(), 3u);
    m_files = sync::testing::demoCatalog(200);
  }

  // The organizer adds a product without a barcode; the kiosk pulls it and tags it with an
  // in-store code (what the tag buttons do first); the organizer's next file gives that very code
  // to `other`; the kiosk's sync hears `taken` and gives the new product the next code. Returns
  // the product as the kiosk now has it.
  core::Product clash(const std::string& sku, const std::string& name, const std::string& other) {
    m_files.products.push_back(core::CatalogProductRow{0, sku, "", "ANY-LM", name, 20'000, 5, 1});
    EXPECT_TRUE(m_server->store().importCatalog(core::kDemoEventCode, m_files));
    auto store = openStore();
    auto http = sync::testing::deviceClient(*store, m_server->url());
    EXPECT_TRUE(sync::pullCatalog(*store, *http));
    auto tagged = store->catalog().assignBarcodes({store->catalog().productBySku(sku)->id}, "Kasir Demo");
    EXPECT_TRUE(tagged && core::isInStoreEan13(tagged->front().barcode));
    for (core::CatalogProductRow& p : m_files.products)
      if (p.sku == other) p.barcode = tagged->front().barcode;
    EXPECT_TRUE(m_server->store().importCatalog(core::kDemoEventCode, m_files));
    auto pushed = sync::pushBarcodes(*store, *http);
    EXPECT_TRUE(pushed) << (pushed ? "" : pushed.error().message);
    EXPECT_EQ(pushed->reassigned.size(), 1u);
    return *store->catalog().productBySku(sku);
  }
  std::string line(Headless& ui, int i) {
    const auto it = ui.probe().texts.find(std::string("reprint-notice-line-") + std::to_string(i));
    return it == ui.probe().texts.end() || it->second.empty() ? std::string() : it->second.front();
  }
  sync::testing::TempDir m_serverDir;
  std::unique_ptr<LoopbackServer> m_server;
  std::vector<core::Product> m_products;
  core::CatalogFiles m_files;  // the organizer's catalog on the server
  void logIn(Headless& ui, const char* pin) {
    ui.type(pin);
    ui.press(keys::kEnter);
    ASSERT_TRUE(app().data().user.has_value()) << app().ui().banner.text;
  }
};

TEST_F(TagReprint, ATakenCodeIsSaidOnTheStockScreenAndToSupervisorsUntilTheTagsArePrinted) {
  Headless ui(app());
  logIn(ui, "1234");
  EXPECT_FALSE(ui.visible("reprint-notice"));

  // The sync thread, on its own connection, hears `taken` while the cashier sells.
  const core::Product tagged = clash("ANY-LM-91", "Keranjang Rotan", m_products[1].sku);
  const std::string code = tagged.barcode;
  ASSERT_EQ(code, core::inStoreEan13(tagged.sku, 1));
  m_clock.advance(5'000);
  ui.frames(2);
  ASSERT_EQ(app().data().catalog.reprints, (std::vector<core::PendingBarcode>{{tagged.sku, code}}));
  EXPECT_FALSE(ui.visible("reprint-notice")) << "a cashier sells on: the tags are a supervisor's errand";
  app().apply(act::Navigate{Screen::Stock});
  ui.frame();
  ASSERT_TRUE(ui.visible("reprint-notice"));
  EXPECT_EQ(line(ui, 0), tagged.name + " (" + tagged.sku + "): barcode baru " + code);
  for (const char* id : {"reprint-pdf", "reprint-roll", "reprint-dismiss"}) EXPECT_TRUE(ui.visible(id)) << id;

  // A supervisor sees it on the sell screen too, in the language on show.
  app().apply(act::SwitchUser{});
  ui.frame();
  logIn(ui, "4321");
  ASSERT_EQ(app().ui().screen, Screen::Sell);
  ASSERT_TRUE(ui.visible("reprint-notice"));
  app().apply(act::SetLanguage{Language::En});
  ui.frame();
  EXPECT_EQ(line(ui, 0), tagged.name + " (" + tagged.sku + "): new barcode " + code);

  // A restart remembers it.
  m_app.reset();
  Headless again(app());
  logIn(again, "4321");
  ASSERT_TRUE(again.visible("reprint-notice"));

  // Printing its tags (an A4 sheet) takes it off, once the PDF is written.
  again.tap("reprint-pdf");
  waitForJobs();
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Success) << app().ui().banner.text;
  EXPECT_TRUE(std::filesystem::exists(m_dir / "docs" / "labels" / (std::string(core::kDemoEventCode) + "-reprint-3x7.pdf")));
  again.frame();
  EXPECT_FALSE(again.visible("reprint-notice"));
  EXPECT_TRUE(openStore()->catalog().tagsToReprint().empty());
}

TEST_F(TagReprint, TheLabelsCommandOrASupervisorsDismissalEndsIt) {
  const core::Product tagged = clash("ANY-LM-92", "Tampah Bambu", m_products[1].sku);

  // `pameran-kiosk labels` for another product leaves it; for this one, it is done.
  StockCommandOptions labels;
  labels.db = m_db;
  labels.out = (m_dir / "tags.pdf").string();
  labels.skus = {m_products[2].sku};
  ASSERT_EQ(labelsCommand(labels), 0);
  EXPECT_EQ(openStore()->catalog().tagsToReprint().size(), 1u);
  labels.skus = {tagged.sku};
  ASSERT_EQ(labelsCommand(labels), 0);
  EXPECT_TRUE(openStore()->catalog().tagsToReprint().empty());

  // Another clash: a supervisor dismisses it from the stock screen with a PIN.
  const core::Product again = clash("ANY-LM-93", "Bakul Nasi", m_products[3].sku);
  Headless ui(app());
  logIn(ui, "1234");
  app().apply(act::Navigate{Screen::Stock});
  ui.frame();
  ASSERT_TRUE(ui.visible("reprint-notice"));
  EXPECT_EQ(line(ui, 0), "Bakul Nasi (ANY-LM-93): barcode baru " + again.barcode);
  ui.tap("reprint-dismiss");
  ASSERT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::DismissReprints);
  app().apply(act::SupervisorPin{"1234"});  // a cashier's PIN does not approve
  EXPECT_FALSE(app().data().catalog.reprints.empty());
  app().apply(act::SupervisorPin{"4321"});
  EXPECT_TRUE(app().data().catalog.reprints.empty());
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Success) << app().ui().banner.text;
  ui.frame();
  EXPECT_FALSE(ui.visible("reprint-notice"));
  EXPECT_TRUE(openStore()->catalog().tagsToReprint().empty());
  bool audited = false;
  for (const core::AuditEntry& e : openStore()->audit().entries(5))
    audited = audited || (e.action == "tag_reprint_dismiss" && e.staff == "Supervisor Demo");
  EXPECT_TRUE(audited) << "the audit log says which supervisor";
}

}  // namespace
}  // namespace pameran::kiosk
