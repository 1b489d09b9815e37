// In-store barcodes reach the server (PROTOCOL.md 3.12, issue 11 §5): kiosk A tags products that
// came without a barcode, sends the codes, and kiosk B pulls the catalog and scans them; a code
// the server has on another product is replaced and sent again; a bad request changes nothing.
#include <httplib.h>

#include "client_fixtures.hpp"
#include "pameran/core/price_tag.hpp"
#include "pameran/core/product_index.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

// The demo catalog with these products' barcodes taken off, as an organizer's file may come.
core::CatalogFiles withoutBarcodes(const std::vector<std::size_t>& rows) {
  core::CatalogFiles files = demoCatalog(200);
  for (std::size_t i : rows) files.products.at(i).barcode.clear();
  return files;
}

std::int64_t eventId(ServerStore& store) { return store.event(kEventCode)->id; }

std::string serverBarcode(ServerStore& store, const std::string& sku) {
  auto c = store.catalog(eventId(store));
  EXPECT_TRUE(c);
  for (const core::CatalogProductRow& p : c->products)
    if (p.sku == sku) return p.barcode;
  ADD_FAILURE() << sku << " is not in the server's catalog";
  return {};
}

// What the kiosk's scanner finds for `code`: the sell screen's lookup (ProductIndex::findByCode).
std::string scannedSku(core::Store& kiosk, const std::string& code) {
  core::ProductIndex index;
  index.rebuild(kiosk.catalog().products(kiosk.catalog().currentEvent()->id, false));
  const core::Product* p = index.findByCode(code);
  return p ? p->sku : std::string();
}

class InStoreBarcodes : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<LoopbackServer>(dir.file("server.db"));
    ASSERT_TRUE(server->store().importCatalog(kEventCode, withoutBarcodes({0, 1, 2})));
    files = withoutBarcodes({0, 1, 2});
    a = openKiosk(dir.file("a.db"));
    b = openKiosk(dir.file("b.db"));
    enrollKiosk(*a, server->url(), server->enrollmentCode(), "Kios A");
    enrollKiosk(*b, server->url(), server->enrollmentCode(), "Kios B");
  }
  std::int64_t productId(core::Store& kiosk, std::size_t row) { return kiosk.catalog().productBySku(files.products.at(row).sku)->id; }
  std::string sku(std::size_t row) const { return files.products.at(row).sku; }

  TempDir dir;
  std::unique_ptr<LoopbackServer> server;
  core::CatalogFiles files;
  std::unique_ptr<core::Store> a, b;
};

TEST_F(InStoreBarcodes, CodesOneKioskGaveAreScannedByEveryOther) {
  auto tagged = a->catalog().assignBarcodes({productId(*a, 0), productId(*a, 1)}, "Kasir A");
  ASSERT_TRUE(tagged) << tagged.error().message;
  const std::string code0 = (*tagged)[0].barcode, code1 = (*tagged)[1].barcode;
  EXPECT_TRUE(core::isInStoreEan13(code0));
  EXPECT_EQ(a->catalog().pendingBarcodes().size(), 2u);
  const std::int64_t versionBefore = *server->store().catalogVersion(eventId(server->store()));

  auto httpA = deviceClient(*a, server->url());
  auto pushed = pushBarcodes(*a, *httpA);
  ASSERT_TRUE(pushed) << pushed.error().message;
  EXPECT_EQ(pushed->accepted, 2u);
  EXPECT_TRUE(pushed->reassigned.empty());
  EXPECT_TRUE(a->catalog().pendingBarcodes().empty());
  EXPECT_EQ(serverBarcode(server->store(), sku(0)), code0);
  EXPECT_EQ(serverBarcode(server->store(), sku(1)), code1);
  EXPECT_GT(*server->store().catalogVersion(eventId(server->store())), versionBefore) << "the ETag must change";

  // Kiosk B has never seen these codes; its next pull brings them and its scanner finds them.
  EXPECT_EQ(scannedSku(*b, code0), "");
  auto httpB = deviceClient(*b, server->url());
  auto pulled = pullCatalog(*b, *httpB);
  ASSERT_TRUE(pulled) << pulled.error().message;
  EXPECT_TRUE(*pulled);
  EXPECT_EQ(scannedSku(*b, code0), sku(0));
  EXPECT_EQ(scannedSku(*b, code1), sku(1));

  // Sending again changes nothing (nothing is pending), and a later products.csv without
  // barcodes keeps them on the server.
  pushed = pushBarcodes(*a, *httpA);
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->sent, 0u);
  ASSERT_TRUE(server->store().importCatalog(kEventCode, withoutBarcodes({0, 1, 2})));
  EXPECT_EQ(serverBarcode(server->store(), sku(0)), code0);
  EXPECT_EQ(serverBarcode(server->store(), sku(1)), code1);
  EXPECT_EQ(serverBarcode(server->store(), sku(2)), "");
}

TEST_F(InStoreBarcodes, ACodeTheServerHasOnAnotherProductIsReplacedAndSentAgain) {
  // Kiosk B tags product 2 with its first in-store code; meanwhile the organizer's new file gives
  // that very code to product 3. B's code is refused (409) for that row; B takes the next code.
  auto tagged = b->catalog().assignBarcodes({productId(*b, 2)}, "Kasir B");
  ASSERT_TRUE(tagged);
  const std::string first = (*tagged)[0].barcode;
  ASSERT_EQ(first, core::inStoreEan13(sku(2), 0));
  core::CatalogFiles clash = withoutBarcodes({0, 1, 2});
  clash.products.at(3).barcode = first;
  ASSERT_TRUE(server->store().importCatalog(kEventCode, clash));

  auto http = deviceClient(*b, server->url());
  auto pushed = pushBarcodes(*b, *http);
  ASSERT_TRUE(pushed) << pushed.error().message;
  ASSERT_EQ(pushed->reassigned.size(), 1u);
  const std::string second = pushed->reassigned[0].barcode;
  EXPECT_EQ(second, core::inStoreEan13(sku(2), 1));
  EXPECT_EQ(pushed->accepted, 1u);
  EXPECT_TRUE(b->catalog().pendingBarcodes().empty());
  EXPECT_EQ(serverBarcode(server->store(), sku(2)), second);
  EXPECT_EQ(serverBarcode(server->store(), sku(3)), first);
  // The pull then agrees with the kiosk: each code scans its own product.
  auto pulled = pullCatalog(*b, *http);
  ASSERT_TRUE(pulled) << pulled.error().message;
  EXPECT_EQ(scannedSku(*b, second), sku(2));
  EXPECT_EQ(scannedSku(*b, first), sku(3));
  // The audit log says why the product's tags changed.
  bool audited = false;
  for (const core::AuditEntry& e : b->audit().entries(1000))
    audited = audited || (e.action == "barcode_reassign" && e.subject == sku(2));
  EXPECT_TRUE(audited);
  // Its printed tags carry the old code, which now scans another product: the kiosk keeps saying
  // so until they are printed again.
  EXPECT_EQ(b->catalog().tagsToReprint(), (std::vector<core::PendingBarcode>{{sku(2), second}}));
  ASSERT_TRUE(core::markTagsPrinted(*b, *core::preparePriceTags(*b, {productId(*b, 2)}, 1, "Kasir B")));
  EXPECT_TRUE(b->catalog().tagsToReprint().empty());
}

TEST_F(InStoreBarcodes, AProductWithABarcodeKeepsItAndTheKioskTakesTheServers) {
  // Both kiosks tag product 0 at once: the same SKU's first code is the same on both, so the
  // second is a duplicate. A product the organizer gave a barcode meanwhile keeps that one.
  auto ta = a->catalog().assignBarcodes({productId(*a, 0), productId(*a, 1)}, "Kasir A");
  auto tb = b->catalog().assignBarcodes({productId(*b, 0), productId(*b, 1)}, "Kasir B");
  ASSERT_TRUE(ta && tb);
  EXPECT_EQ((*ta)[0].barcode, (*tb)[0].barcode);
  core::CatalogFiles given = withoutBarcodes({0, 2});  // product 1 gets its demo barcode back
  ASSERT_TRUE(server->store().importCatalog(kEventCode, given));
  auto httpA = deviceClient(*a, server->url());
  auto httpB = deviceClient(*b, server->url());
  ASSERT_TRUE(pushBarcodes(*a, *httpA));
  auto pushed = pushBarcodes(*b, *httpB);
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->accepted, 1u);  // product 0: the same code, already there
  EXPECT_EQ(pushed->dropped, 1u);   // product 1: the organizer's barcode stays
  EXPECT_TRUE(b->catalog().pendingBarcodes().empty());
  ASSERT_TRUE(pullCatalog(*b, *httpB));
  EXPECT_EQ(b->catalog().productBySku(sku(1))->barcode, given.products.at(1).barcode);
}

TEST_F(InStoreBarcodes, ABadRequestIsRefusedWholeAndChangesNothing) {
  httplib::Client raw("127.0.0.1", server->port());
  raw.set_bearer_token_auth(a->settings().device().token);
  const std::int64_t version = *server->store().catalogVersion(eventId(server->store()));
  const std::string good = core::inStoreEan13(sku(0));
  auto post = [&](const std::string& body) {
    auto r = raw.Post("/api/v1/barcodes", body, "application/json");
    return r ? r->status : 0;
  };
  auto row = [](const std::string& s, const std::string& code) { return R"({"sku":")" + s + R"(","barcode":")" + code + R"("})"; };
  auto body = [](const std::string& rows) { return R"({"protocol_version":1,"barcodes":[)" + rows + "]}"; };
  EXPECT_EQ(post("not json"), 400);
  EXPECT_EQ(post("[]"), 400);
  EXPECT_EQ(post(body(row(sku(0), good) + "," + row(sku(1), "8991234050010"))), 422) << "not an in-store code";
  EXPECT_EQ(post(body(row(sku(0), good) + "," + row(sku(1), good.substr(0, 12) + "0"))), 422) << "a wrong check digit";
  EXPECT_EQ(post(body(row(sku(0), good) + "," + row(sku(0), core::inStoreEan13(sku(0), 1)))), 422) << "one SKU twice";
  EXPECT_EQ(post(body(row(sku(0), good) + "," + row(sku(1), good))), 422) << "one code twice";
  EXPECT_EQ(post(R"({"protocol_version":2,"barcodes":[]})"), 422);
  EXPECT_EQ(post(R"({"protocol_version":1,"barcodes":[],"colour":"red"})"), 422);
  std::string many;
  for (int i = 0; i < 501; ++i) many += (i ? "," : "") + row("S" + std::to_string(i), core::inStoreEan13("S" + std::to_string(i)));
  EXPECT_EQ(post(body(many)), 413);
  EXPECT_EQ(post(body(row(sku(0), good)) + std::string(70'000, ' ')), 413);
  EXPECT_EQ(*server->store().catalogVersion(eventId(server->store())), version);
  EXPECT_EQ(serverBarcode(server->store(), sku(0)), "");
  EXPECT_EQ(serverBarcode(server->store(), sku(1)), "");
  // An organizer token is not a device's; no token is nobody's.
  httplib::Client organizer("127.0.0.1", server->port());
  organizer.set_bearer_token_auth(server->organizerToken());
  auto r = organizer.Post("/api/v1/barcodes", body(row(sku(0), good)), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  httplib::Client nobody("127.0.0.1", server->port());
  r = nobody.Post("/api/v1/barcodes", body(row(sku(0), good)), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  // The good row alone is taken.
  EXPECT_EQ(post(body(row(sku(0), good))), 200);
  EXPECT_EQ(serverBarcode(server->store(), sku(0)), good);
}

}  // namespace
}  // namespace pameran::sync
