// The booth's side of consignment: in-store barcodes for price tags, intake and the end-of-event
// return as audited stock movements with their own ids (so they can sync).
#include <set>

#include "pameran/core/csv.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/core/price_tag.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using ConsignmentTest = StoreTest;

TEST_F(ConsignmentTest, AProductWithoutABarcodeGetsAnInStoreOneAndKeepsIt) {
  const std::int64_t before = s().catalog().version();
  auto tagged = s().catalog().assignBarcodes({product("KRY-02").id, product("BTK-01").id}, cashier.name);
  ASSERT_TRUE(tagged) << tagged.error().message;
  ASSERT_EQ(tagged->size(), 2u);
  EXPECT_EQ((*tagged)[0].sku, "KRY-02");
  EXPECT_EQ((*tagged)[0].barcode, inStoreEan13("KRY-02"));
  EXPECT_TRUE(isInStoreEan13((*tagged)[0].barcode));
  EXPECT_EQ((*tagged)[1].barcode, product("BTK-01").barcode) << "a product's own barcode stays";
  EXPECT_GT(s().catalog().version(), before) << "the screens reload the catalog";
  EXPECT_EQ(s().catalog().productBySku("KRY-02")->barcode, (*tagged)[0].barcode);
  const auto audit = s().audit().entries(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "barcode_assign");
  EXPECT_EQ(audit[0].details, "KRY-02=" + (*tagged)[0].barcode);

  // Asking again changes nothing; the export carries the code, and a file without one keeps it.
  auto again = s().catalog().assignBarcodes({product("KRY-02").id}, cashier.name);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)[0].barcode, (*tagged)[0].barcode);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'barcode_assign'"), 1);
  auto files = s().catalog().exportFiles(kEvent);
  ASSERT_TRUE(files);
  EXPECT_NE(writeProductsCsv(files->products).find("KRY-02," + (*tagged)[0].barcode + ","), std::string::npos);
  auto original = parseCatalog(testVendorsCsv(), "vendors.csv", testProductsCsv(), "products.csv");
  ASSERT_TRUE(original);
  ASSERT_TRUE(s().catalog().importFiles(*original, kEvent, "", "test"));
  EXPECT_EQ(s().catalog().productBySku("KRY-02")->barcode, (*tagged)[0].barcode);
}

TEST_F(ConsignmentTest, AnInStoreCodeAlreadyTakenIsSkipped) {
  const std::string first = inStoreEan13("KRY-02", 0);
  SQLite::Database db = raw();
  db.exec("UPDATE product SET barcode = '" + first + "' WHERE sku = 'KUL-02'");
  auto tagged = s().catalog().assignBarcodes({product("KRY-02").id}, cashier.name);
  ASSERT_TRUE(tagged);
  EXPECT_EQ((*tagged)[0].barcode, inStoreEan13("KRY-02", 1));
  EXPECT_EQ(s().catalog().assignBarcodes({99'999}, cashier.name).error().code, Errc::NotFound);
}

TEST_F(ConsignmentTest, AReassignedCodeWaitsForItsTagsUntilTheyArePrintedOrASupervisorDismissesIt) {
  raw().exec("UPDATE product SET barcode = NULL WHERE sku = 'KUL-02'");  // two products came without one
  auto tagged = s().catalog().assignBarcodes({product("KRY-02").id, product("KUL-02").id}, cashier.name);
  ASSERT_TRUE(tagged);
  EXPECT_TRUE(s().catalog().tagsToReprint().empty()) << "tags printed with the code the product has are right";
  auto moved = s().catalog().reassignBarcode("KRY-02", "sync");
  ASSERT_TRUE(moved);
  EXPECT_EQ(s().catalog().tagsToReprint(), (std::vector<PendingBarcode>{{"KRY-02", moved->barcode}}));
  // The server settling the new code does not print a tag.
  ASSERT_TRUE(s().catalog().settleBarcodes({{"KRY-02", moved->barcode}}));
  EXPECT_EQ(s().catalog().tagsToReprint().size(), 1u);
  // Tags with the old code are no use; tags printed for it now carry the new one.
  ASSERT_TRUE(s().catalog().tagsPrinted({{"KRY-02", (*tagged)[0].barcode}}));
  EXPECT_EQ(s().catalog().tagsToReprint().size(), 1u);
  auto tags = preparePriceTags(s(), {product("KRY-02").id, product("BTK-01").id}, 2, cashier.name);
  ASSERT_TRUE(tags);
  EXPECT_EQ((*tags)[0].barcode, moved->barcode);
  ASSERT_TRUE(markTagsPrinted(s(), *tags));
  EXPECT_TRUE(s().catalog().tagsToReprint().empty());

  // Two more clashes; a supervisor dismisses the list: it empties, and the audit log says who and which.
  ASSERT_TRUE(s().catalog().reassignBarcode("KRY-02", "sync"));
  auto kul = s().catalog().reassignBarcode("KUL-02", "sync");
  ASSERT_TRUE(kul);
  ASSERT_EQ(s().catalog().tagsToReprint().size(), 2u);
  EXPECT_EQ(s().catalog().tagsToReprint()[1], (PendingBarcode{"KUL-02", kul->barcode}));
  ASSERT_TRUE(s().catalog().dismissReprints(supervisor.name));
  EXPECT_TRUE(s().catalog().tagsToReprint().empty());
  const auto audit = s().audit().entries(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "tag_reprint_dismiss");
  EXPECT_EQ(audit[0].staff, supervisor.name);
  EXPECT_NE(audit[0].details.find("KUL-02=" + kul->barcode), std::string::npos) << audit[0].details;
  // Nothing waiting: nothing to record.
  ASSERT_TRUE(s().catalog().dismissReprints(supervisor.name));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'tag_reprint_dismiss'"), 1);
  EXPECT_TRUE(s().audit().check()->intact());
}

TEST_F(ConsignmentTest, AGivenCodeIsPendingForTheServerUntilSettled) {
  EXPECT_TRUE(s().catalog().pendingBarcodes().empty());
  auto tagged = s().catalog().assignBarcodes({product("KRY-02").id, product("BTK-01").id}, cashier.name);
  ASSERT_TRUE(tagged);
  const std::string code = (*tagged)[0].barcode;
  EXPECT_EQ(s().catalog().pendingBarcodes(), (std::vector<PendingBarcode>{{"KRY-02", code}})) << "BTK-01 had its own";
  // The server has another product with that code: the next try, pending in its place.
  auto moved = s().catalog().reassignBarcode("KRY-02", "sync");
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->barcode, inStoreEan13("KRY-02", 1));
  EXPECT_EQ(s().catalog().productBySku("KRY-02")->barcode, moved->barcode);
  EXPECT_EQ(s().catalog().pendingBarcodes(), (std::vector<PendingBarcode>{{"KRY-02", moved->barcode}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'barcode_reassign'"), 1);
  // Settling the old code leaves the new one pending; settling the new one empties the list.
  ASSERT_TRUE(s().catalog().settleBarcodes({{"KRY-02", code}}));
  EXPECT_EQ(s().catalog().pendingBarcodes().size(), 1u);
  ASSERT_TRUE(s().catalog().settleBarcodes({{"KRY-02", moved->barcode}}));
  EXPECT_TRUE(s().catalog().pendingBarcodes().empty());
  // Only an in-store code is replaced.
  EXPECT_EQ(s().catalog().reassignBarcode("BTK-01", "sync").error().code, Errc::Invalid);
  EXPECT_EQ(s().catalog().reassignBarcode("NOPE", "sync").error().code, Errc::NotFound);
}

TEST_F(ConsignmentTest, PriceTagsComeInOrderWithCopies) {
  auto tags = preparePriceTags(s(), {product("KRY-02").id, product("BTK-01").id}, 2, cashier.name);
  ASSERT_TRUE(tags) << tags.error().message;
  ASSERT_EQ(tags->size(), 4u);
  EXPECT_EQ((*tags)[0].sku, "KRY-02");
  EXPECT_EQ((*tags)[1].sku, "KRY-02");
  EXPECT_EQ((*tags)[2].sku, "BTK-01");
  EXPECT_EQ((*tags)[0].vendor, "Kriya Bambu, Depok");
  EXPECT_EQ((*tags)[0].price, "Rp 15.000");
  EXPECT_EQ((*tags)[2].price, "Rp 650.000");
  for (const PriceTag& t : *tags) EXPECT_TRUE(isValidEan13(t.barcode)) << t.barcode;
  EXPECT_EQ(preparePriceTags(s(), {}, 1, cashier.name).error().code, Errc::Invalid);
  EXPECT_EQ(preparePriceTags(s(), {product("BTK-01").id}, 0, cashier.name).error().code, Errc::Invalid);
  SQLite::Database db = raw();
  db.exec("UPDATE product SET barcode = 'TAS-7' WHERE sku = 'KRY-01'");
  auto bad = preparePriceTags(s(), {product("KRY-01").id}, 1, cashier.name);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not an EAN-13"), std::string::npos);
}

TEST_F(ConsignmentTest, IntakeIsAuditedAndHasItsOwnId) {
  ASSERT_TRUE(s().stock().intake(event.id, product("KUL-02").id, 24, cashier.name, "kiriman pagi"));
  const auto moves = s().stock().movements(event.id, product("KUL-02").id);
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_TRUE(isUuid(moves[0].uuid)) << moves[0].uuid;
  const auto audit = s().audit().entries(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "stock_intake");
  EXPECT_EQ(audit[0].staff, cashier.name);
  EXPECT_EQ(audit[0].subject, "Keripik Tempe");
  EXPECT_EQ(audit[0].details, "+24 (from 0 to 24)");
  const SaleRecord sale = sell({{"KUL-02", 2}});
  const auto after = s().stock().movements(event.id, product("KUL-02").id);
  EXPECT_EQ(after[0].reference, sale.uuid);
  EXPECT_EQ(after[0].uuid, "") << "a sale's movement travels inside the sale";
}

TEST_F(ConsignmentTest, ReturnAllHandsBackEverythingOfTheVendorInOneGo) {
  sell({{"KRY-01", 2}, {"BTK-01", 1}});
  auto slip = s().stock().returnAll(event.id, "KRY", supervisor);
  ASSERT_TRUE(slip) << slip.error().message;
  std::int64_t units = 0;
  for (const ReturnSlipLine& l : *slip) units += l.remaining;
  EXPECT_EQ(units, 3 + 100);
  EXPECT_EQ(onHand("KRY-01"), 0);
  EXPECT_EQ(onHand("KRY-02"), 0);
  EXPECT_EQ(onHand("BTK-01"), 9) << "another vendor's goods stay";
  const auto moves = s().stock().movements(event.id, product("KRY-01").id);
  EXPECT_EQ(moves[0].kind, MovementKind::ReturnToVendor);
  EXPECT_EQ(moves[0].quantity, -3);
  EXPECT_EQ(moves[0].staff, supervisor.name);
  EXPECT_TRUE(isUuid(moves[0].uuid));
  const auto audit = s().audit().entries(1);
  EXPECT_EQ(audit[0].action, "stock_return");
  EXPECT_EQ(audit[0].subject, "KRY");
  EXPECT_EQ(audit[0].details, "103 units of 2 products, everything on hand");
  EXPECT_TRUE(s().stock().verifyLedger(event.id));

  // Nothing left: a clear error, nothing written; an unknown vendor likewise.
  const std::int64_t entries = count("SELECT COUNT(*) FROM audit_log");
  EXPECT_EQ(s().stock().returnAll(event.id, "KRY", supervisor).error().code, Errc::Invalid);
  EXPECT_EQ(s().stock().returnAll(event.id, "NOPE", supervisor).error().code, Errc::NotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), entries);
}

TEST_F(ConsignmentTest, LevelRowsListEveryProductByVendor) {
  const auto rows = s().stock().rows(event.id);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].vendorCode, "BTK");
  EXPECT_EQ(rows[0].sku, "BTK-01");
  EXPECT_EQ(rows[0].onHand, 10);
  EXPECT_EQ(rows.back().sku, "KUL-02");
  EXPECT_EQ(rows.back().onHand, 0);
}

TEST_F(ConsignmentTest, ACustomPriceItemSellsLikeAnyLineWithoutStock) {
  Cart c = cart({{"KUL-01", 1}});
  c.lines.push_back(customLine(vendor("KRY"), "Tampah Bambu Besar", Rupiah(85'000), 2));
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale) << sale.error().message;
  ASSERT_EQ(sale->lines.size(), 2u);
  const SaleLine& line = sale->lines[1];
  EXPECT_TRUE(line.custom);
  EXPECT_EQ(line.sku, "");
  EXPECT_EQ(line.vendorCode, "KRY");
  EXPECT_EQ(line.net, Rupiah(170'000));
  EXPECT_FALSE(sale->lines[0].custom);
  auto again = s().sales().byUuid(sale->uuid);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->lines[1].custom) << "read back as custom";
  EXPECT_FALSE(again->lines[0].custom);
  EXPECT_EQ(count("SELECT COUNT(*) FROM stock_movement WHERE reference = '" + sale->uuid + "'"), 1) << "only the catalog product moves stock";
  auto report = s().reports().report(kEvent);
  ASSERT_TRUE(report);
  for (const VendorTotals& v : report->byVendor)
    if (v.vendorCode == "KRY") {
      EXPECT_EQ(v.net, Rupiah(170'000));
    }
  auto settlement = s().reports().settlement(kEvent);
  ASSERT_TRUE(settlement);
  EXPECT_EQ(report->net, Rupiah(170'000 + 12'500));

  // A refund of the custom line gives the money back and restocks nothing.
  RefundDraft r = refundDraft(*again, {{2, 1, true}});
  ASSERT_TRUE(s().sales().refund(r));
  EXPECT_EQ(count("SELECT COUNT(*) FROM stock_movement WHERE kind = 'refund'"), 0);
}

TEST_F(ConsignmentTest, ACustomItemWithoutAVendorIsRefused) {
  Cart c;
  CartLine line = customLine(vendor("KRY"), "Tampah", Rupiah(10'000));
  line.vendorCode.clear();
  c.lines.push_back(line);
  const std::int64_t sales = count("SELECT COUNT(*) FROM sale");
  auto r = s().sales().commit(cashDraft(c));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::Invalid);
  EXPECT_NE(r.error().message.find("vendor"), std::string::npos) << r.error().message;
  Cart other;
  CartLine stranger = customLine(vendor("KRY"), "Tampah", Rupiah(10'000));
  stranger.vendorCode = "NOPE";
  other.lines.push_back(stranger);
  EXPECT_EQ(s().sales().commit(cashDraft(other)).error().code, Errc::NotFound);
  Cart noName;
  noName.lines.push_back(customLine(vendor("KRY"), "", Rupiah(10'000)));
  EXPECT_EQ(s().sales().commit(cashDraft(noName)).error().code, Errc::Invalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sale"), sales);
}

TEST_F(ConsignmentTest, ACustomItemAboveTheLimitNeedsTheSupervisorForThatVeryCart) {
  Cart c;
  c.lines.push_back(customLine(vendor("BTK"), "Kain Songket", Rupiah(750'000)));
  auto needed = s().sales().approvalsNeeded(c);
  ASSERT_TRUE(needed);
  EXPECT_TRUE(needed->has(ApprovalKind::CustomPrice));
  EXPECT_EQ(s().sales().commit(cashDraft(c)).error().code, Errc::NeedsSupervisor);
  approve(c, supervisor, *needed);
  Cart changed = c;
  changed.lines[0].name = "Kain Songket Emas";
  EXPECT_EQ(s().sales().commit(cashDraft(changed)).error().code, Errc::NeedsSupervisor) << "the approval covered another name";
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->approvedBy, supervisor.name);
  EXPECT_EQ(s().audit().entries(1)[0].action, "custom_item");
  // The kiosk's own limit is a setting.
  ASSERT_TRUE(s().settings().set(settings::kCustomPriceLimit, "1000000"));
  Cart below;
  below.lines.push_back(customLine(vendor("BTK"), "Kain Songket", Rupiah(750'000)));
  EXPECT_TRUE(s().sales().approvalsNeeded(below)->empty());
}

TEST(ConsignmentMigration, MovementsRecordedBeforeGetIdsOnUpgrade) {
  TempDir dir;
  const std::string path = dir.file("v4.db");
  StoreOptions o;
  o.migrateTo = 4;
  o.clock = [] { return kT0; };
  {
    auto opened = Store::open(path, o);
    ASSERT_TRUE(opened) << opened.error().message;
    seedTestStore(**opened);
    const Event ev = *(*opened)->catalog().currentEvent();
    ASSERT_TRUE((*opened)->stock().intake(ev.id, (*opened)->catalog().productBySku("KUL-02")->id, 5, "Kasir"));
  }
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().message;
  // The booth's movements get ids; the stock the catalog import set stays on the kiosk without one.
  const auto ids = rowsOf(path, "SELECT uuid FROM stock_movement WHERE kind <> 'sale' AND reason <> 'catalog import' ORDER BY id");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(rowsOf(path, "SELECT uuid FROM stock_movement WHERE reason = 'catalog import' AND uuid IS NOT NULL").size(), 0u);
  EXPECT_GE(rowsOf(path, "SELECT id FROM stock_movement WHERE reason = 'catalog import'").size(), 5u);
  std::set<std::string> distinct;
  for (std::string id : ids) {
    if (!id.empty() && id.back() == '|') id.pop_back();  // rowsOf ends each row's columns with '|'
    EXPECT_TRUE(isUuid(id)) << id;
    EXPECT_EQ(id[14], '4') << id;
    distinct.insert(id);
  }
  EXPECT_EQ(distinct.size(), ids.size());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  expectSchemaOfItsVersion(db);
}

}  // namespace
}  // namespace pameran::test
