#include "pameran/core/csv.hpp"
#include "pameran/core/qris.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using CatalogTest = StoreTest;

CatalogFiles parse(const std::string& vendors, const std::string& products) {
  auto files = parseCatalog(vendors, "vendors.csv", products, "products.csv");
  EXPECT_TRUE(files) << files.error().message;
  return files ? *files : CatalogFiles{};
}

TEST_F(CatalogTest, ImportCreatesTheEventAndMakesItCurrent) {
  auto current = s().catalog().currentEvent();
  ASSERT_TRUE(current);
  EXPECT_EQ(current->code, kEvent);
  EXPECT_EQ(current->name, "Pameran Uji");
  EXPECT_EQ(current->tzOffsetMinutes, kWibOffsetMinutes);
  EXPECT_EQ(vendor("KRY").name, "Kriya Bambu, Depok") << "a quoted field with a comma";
  EXPECT_EQ(vendor("KUL").sector, Sector::Kuliner);
  EXPECT_TRUE(vendor("KUL").qris.empty());
  EXPECT_TRUE(inspectQris(vendor("BTK").qris));
  EXPECT_EQ(product("BTK-01").price, Rupiah(650'000));
  EXPECT_EQ(product("BTK-01").vendorCode, "BTK");
  EXPECT_EQ(product("KRY-02").barcode, "") << "an empty barcode stays empty";
  EXPECT_EQ(onHand("BTK-01"), 10);
  EXPECT_EQ(onHand("KUL-02"), 0);
}

TEST_F(CatalogTest, ImportedStockComesFromTheLedger) {
  const auto moves = s().stock().movements(event.id, product("BTK-02").id);
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].kind, MovementKind::Intake);
  EXPECT_EQ(moves[0].quantity, 20);
  EXPECT_TRUE(s().stock().verifyLedger(event.id));
  EXPECT_TRUE(s().stock().movements(event.id, product("KUL-02").id).empty()) << "zero stock needs no movement";
}

TEST_F(CatalogTest, ReimportUpdatesByCodeAndBringsStockToTheFileLevel) {
  sell({{"BTK-01", 3}});  // 10 -> 7
  std::string productsCsv = testProductsCsv();
  const std::string oldRow = "BTK-01," + ean13("899100000001") + ",BTK,Kain Batik Tulis,650000,10,2";
  productsCsv.replace(productsCsv.find(oldRow), oldRow.size(), "BTK-01," + ean13("899100000001") + ",BTK,Kain Batik Tulis Halus,700000,12,4");
  productsCsv += "BTK-03,,BTK,Selendang Batik,99000,7,1\n";
  auto sum = s().catalog().importFiles(parse(testVendorsCsv(), productsCsv), kEvent, "", "test");
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_FALSE(sum->eventCreated);
  EXPECT_EQ(sum->productsAdded, 1);
  EXPECT_EQ(sum->productsUpdated, 6);
  EXPECT_EQ(sum->vendorsAdded, 0);
  auto p = s().catalog().productBySku("BTK-01");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, product("BTK-01").id) << "same product, same id";
  EXPECT_EQ(p->name, "Kain Batik Tulis Halus");
  EXPECT_EQ(p->price, Rupiah(700'000));
  EXPECT_EQ(onHand("BTK-01"), 12);
  const auto moves = s().stock().movements(event.id, p->id);
  ASSERT_GE(moves.size(), 3u);
  EXPECT_EQ(moves[0].kind, MovementKind::Adjustment);
  EXPECT_EQ(moves[0].quantity, 5) << "7 on hand, the file says 12";
  EXPECT_EQ(s().stock().levels(event.id).at(p->id).lowStock, 4);
  EXPECT_TRUE(s().stock().verifyLedger(event.id));
  EXPECT_EQ(s().catalog().event(kEvent)->name, "Pameran Uji") << "no name given: the name stays";
}

TEST_F(CatalogTest, BarcodeOfAnotherSkuRejectsTheWholeImport) {
  const std::int64_t versionBefore = s().catalog().version();
  // parseCatalog catches the duplicate within a file; here the clash is with a product already stored.
  auto files = parseCatalog(testVendorsCsv(), "vendors.csv",
                            std::string(kProductsHeader) + "\nNEW-01," + ean13("899100000001") + ",BTK,Kain Baru,1000,1,0\n",
                            "products.csv");
  ASSERT_TRUE(files) << files.error().message;
  auto sum = s().catalog().importFiles(*files, kEvent, "", "test");
  ASSERT_FALSE(sum);
  EXPECT_EQ(sum.error().code, Errc::Conflict);
  EXPECT_NE(sum.error().message.find("products.csv:2: "), std::string::npos) << sum.error().message;
  EXPECT_NE(sum.error().message.find("BTK-01"), std::string::npos) << sum.error().message;
  EXPECT_FALSE(s().catalog().productBySku("NEW-01")) << "nothing of a rejected import is kept";
  EXPECT_EQ(s().catalog().version(), versionBefore);
}

TEST_F(CatalogTest, ProductOfAVendorNotInTheFilesIsRejected) {
  CatalogFiles files = parse(testVendorsCsv(), testProductsCsv());
  files.vendors.erase(files.vendors.begin());  // BTK's products now name an unknown vendor
  auto sum = s().catalog().importFiles(files, "OTHER-EV", "", "test");
  ASSERT_FALSE(sum);
  EXPECT_EQ(sum.error().code, Errc::Invalid);
  EXPECT_NE(sum.error().message.find("products.csv:2: unknown vendor_code BTK"), std::string::npos) << sum.error().message;
  EXPECT_FALSE(s().catalog().event("OTHER-EV")) << "the event of a failed import is not created";
  EXPECT_EQ(s().catalog().currentEvent()->code, kEvent);
}

TEST_F(CatalogTest, BadEventCodeIsRefused) {
  auto sum = s().catalog().importFiles(parse(testVendorsCsv(), testProductsCsv()), "BAD CODE", "", "test");
  ASSERT_FALSE(sum);
  EXPECT_EQ(sum.error().code, Errc::Invalid);
}

TEST_F(CatalogTest, SecondEventHasItsOwnStockAndBecomesCurrent) {
  auto sum = s().catalog().importFiles(parse(testVendorsCsv(), testProductsCsv()), "PAMERAN-2", "Pameran Dua", "test");
  ASSERT_TRUE(sum);
  EXPECT_TRUE(sum->eventCreated);
  EXPECT_EQ(sum->productsAdded, 0);
  auto second = s().catalog().currentEvent();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->code, "PAMERAN-2");
  sell({{"BTK-01", 1}});
  EXPECT_EQ(s().stock().onHand(second->id, product("BTK-01").id), 9);
  EXPECT_EQ(onHand("BTK-01"), 10) << "the first event's stock is untouched";
  ASSERT_TRUE(s().catalog().setCurrentEvent(kEvent));
  EXPECT_EQ(s().catalog().currentEvent()->code, kEvent);
  EXPECT_FALSE(s().catalog().setCurrentEvent("NOPE"));
  EXPECT_EQ(s().catalog().events().size(), 2u);
}

TEST_F(CatalogTest, ExportThenImportIntoAFreshStoreGivesTheSameFiles) {
  sell({{"KRY-01", 2}});
  auto exported = s().catalog().exportFiles(kEvent);
  ASSERT_TRUE(exported);
  const std::string vendorsCsv = writeVendorsCsv(exported->vendors);
  const std::string productsCsv = writeProductsCsv(exported->products);
  EXPECT_NE(productsCsv.find("KRY-01," + ean13("899100000003") + ",KRY,Tas Anyaman Bambu,185000,3,1"), std::string::npos)
      << productsCsv;
  EXPECT_NE(vendorsCsv.find("\"Kriya Bambu, Depok\""), std::string::npos) << vendorsCsv;

  TempDir other;
  auto fresh = Store::open(other.file("b.db"));
  ASSERT_TRUE(fresh);
  ASSERT_TRUE((*fresh)->catalog().importFiles(parse(vendorsCsv, productsCsv), kEvent, "", "test"));
  auto again = (*fresh)->catalog().exportFiles(kEvent);
  ASSERT_TRUE(again);
  EXPECT_EQ(writeVendorsCsv(again->vendors), vendorsCsv);
  EXPECT_EQ(writeProductsCsv(again->products), productsCsv);
}

TEST_F(CatalogTest, ExportOfAnUnknownEventFails) {
  auto files = s().catalog().exportFiles("NOPE");
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().code, Errc::NotFound);
}

TEST_F(CatalogTest, InactiveProductsAreLeftOutOfSaleAndExport) {
  ASSERT_TRUE(s().catalog().setProductActive(product("KRY-02").id, false));
  EXPECT_EQ(s().catalog().products(event.id, true).size(), 5u);
  EXPECT_EQ(s().catalog().products(event.id, false).size(), 6u);
  auto draft = cashDraft(cart({{"KRY-02", 1}}));
  auto sale = s().sales().commit(draft);
  ASSERT_FALSE(sale);
  EXPECT_EQ(sale.error().code, Errc::Invalid);
  EXPECT_EQ(s().catalog().exportFiles(kEvent)->products.size(), 5u);
  EXPECT_FALSE(s().catalog().setProductActive(99'999, true));
}

TEST_F(CatalogTest, CatalogVersionChangesWithEveryCatalogChange) {
  const std::int64_t v0 = s().catalog().version();
  EXPECT_GT(v0, 0);
  ASSERT_TRUE(s().catalog().setProductActive(product("KRY-02").id, false));
  const std::int64_t v1 = s().catalog().version();
  EXPECT_GT(v1, v0);
  ASSERT_TRUE(s().catalog().importFiles(parse(testVendorsCsv(), testProductsCsv()), kEvent, "", "test"));
  EXPECT_GT(s().catalog().version(), v1);
}

TEST_F(CatalogTest, CommissionIsPerEventAndBounded) {
  ASSERT_TRUE(s().catalog().setCommission(event.id, "KUL", 1500));
  EXPECT_EQ(s().catalog().vendor("KUL", event.id)->commissionBp, 1500);
  EXPECT_EQ(s().catalog().vendor("KUL")->commissionBp, 0) << "no event: no commission";
  EXPECT_FALSE(s().catalog().setCommission(event.id, "KUL", 10'001));
  EXPECT_FALSE(s().catalog().setCommission(event.id, "NOPE", 100));
  EXPECT_EQ(s().catalog().vendor("NOPE").error().code, Errc::NotFound);
}

TEST_F(CatalogTest, EventFieldsAreValidatedAndUpdatable) {
  Event e = event;
  e.venue = "Balai Kota Depok";
  e.startDate = "2026-11-26";
  e.endDate = "2026-11-29";
  e.cutoffHour = 3;
  e.organizerQris = makeDemoStaticQris("DEKRANASDA", "DEPOK", 1);
  ASSERT_TRUE(s().catalog().updateEvent(e));
  auto read = s().catalog().event(kEvent);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->venue, "Balai Kota Depok");
  EXPECT_EQ(read->cutoffHour, 3);
  EXPECT_EQ(read->organizerQris, e.organizerQris);
  Event bad = e;
  bad.endDate = "2026-11-25";
  EXPECT_FALSE(s().catalog().updateEvent(bad)) << "ends before it starts";
  bad = e;
  bad.startDate = "2026-02-30";
  EXPECT_FALSE(s().catalog().updateEvent(bad));
  bad = e;
  bad.cutoffHour = 24;
  EXPECT_FALSE(s().catalog().updateEvent(bad));
  bad = e;
  bad.organizerQris = "000201";
  EXPECT_FALSE(s().catalog().updateEvent(bad));
  Event dup;
  dup.code = kEvent;
  dup.name = "Dup";
  auto created = s().catalog().createEvent(dup);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, Errc::Conflict);
}

}  // namespace
}  // namespace pameran::test
