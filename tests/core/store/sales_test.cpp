#include <set>

#include "pameran/core/ids.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using SalesTest = StoreTest;

TEST_F(SalesTest, CommitWritesTheWholeSaleInOneGo) {
  Cart c = cart({{"BTK-02", 2}, {"KUL-01", 3}});
  SaleDraft draft = cashDraft(c);
  draft.tenders = {Tender::cash(Rupiah(527'500), Rupiah(600'000))};
  auto sale = s().sales().commit(draft);
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_TRUE(isUuid(sale->uuid));
  EXPECT_EQ(sale->seq, 1);
  EXPECT_EQ(sale->receiptNo, "PAMERAN-T-K01-000001");
  EXPECT_EQ(sale->eventCode, kEvent);
  EXPECT_EQ(sale->deviceId, s().settings().device().deviceId);
  EXPECT_EQ(sale->createdAt, now);
  EXPECT_EQ(sale->cashier, cashier.name);
  EXPECT_EQ(sale->gross, Rupiah(527'500));
  EXPECT_EQ(sale->total, Rupiah(527'500));
  EXPECT_EQ(sale->change, Rupiah(72'500));
  ASSERT_EQ(sale->lines.size(), 2u);
  ASSERT_EQ(sale->payments.size(), 1u);
  EXPECT_EQ(sale->payments[0].tendered, Rupiah(600'000));
  EXPECT_EQ(sale->payments[0].change, Rupiah(72'500));
  EXPECT_TRUE(validateSaleRecord(*sale));

  EXPECT_EQ(count("SELECT COUNT(*) FROM sale"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sale_line"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sale_payment"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM stock_movement WHERE kind = 'sale' AND reference = '" + sale->uuid + "'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'sale' AND state = 'pending' AND uuid = '" + sale->uuid + "'"), 1);
  EXPECT_EQ(count("SELECT last_seq FROM device_counter"), 1);
  EXPECT_EQ(s().settings().device().lastSeq, 1);
}

TEST_F(SalesTest, StoredSaleReadsBackExactlyAsCommitted) {
  Cart c = cart({{"BTK-01", 1}, {"KRY-02", 3}});
  c.lines[1].discount = Discount::percent(500);
  c.discount = Discount::rupiah(Rupiah(1'001));
  SaleDraft draft;
  draft.cart = c;
  draft.cashier = cashier;
  const Rupiah total = computeTotals(c).total;
  draft.tenders = {Tender::qris(Rupiah(600'000), QrisAccount::Vendor, "BTK", cashier.name),
                   Tender::withReference(PaymentMethod::Card, total - Rupiah(600'000), "EDC-778899")};
  auto sale = s().sales().commit(draft);
  ASSERT_TRUE(sale) << sale.error().message;
  auto read = s().sales().byUuid(sale->uuid);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->receiptNo, sale->receiptNo);
  EXPECT_EQ(read->shiftUuid, sale->shiftUuid);
  EXPECT_EQ(read->discount, sale->discount);
  ASSERT_EQ(read->lines.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(read->lines[i].lineNo, sale->lines[i].lineNo);
    EXPECT_EQ(read->lines[i].sku, sale->lines[i].sku);
    EXPECT_EQ(read->lines[i].barcode, sale->lines[i].barcode);
    EXPECT_EQ(read->lines[i].vendorName, sale->lines[i].vendorName);
    EXPECT_EQ(read->lines[i].sector, sale->lines[i].sector);
    EXPECT_EQ(read->lines[i].net, sale->lines[i].net);
    EXPECT_EQ(read->lines[i].cartDiscount, sale->lines[i].cartDiscount);
  }
  ASSERT_EQ(read->payments.size(), 2u);
  EXPECT_EQ(read->payments[0].account, QrisAccount::Vendor);
  EXPECT_EQ(read->payments[0].vendorCode, "BTK");
  EXPECT_EQ(read->payments[0].confirmedBy, cashier.name);
  EXPECT_EQ(read->payments[1].reference, "EDC-778899");
  EXPECT_TRUE(validateSaleRecord(*read));
  auto byReceipt = s().sales().byReceipt("pameran-t-k01-000001");
  ASSERT_TRUE(byReceipt) << "receipt lookup ignores case";
  EXPECT_EQ(byReceipt->uuid, sale->uuid);
  EXPECT_EQ(s().sales().byUuid("00000000-0000-4000-8000-000000000000").error().code, Errc::NotFound);
}

TEST_F(SalesTest, LinesKeepTheProductAsItWasWhenSold) {
  const SaleRecord sale = sell({{"KRY-01", 1}});
  std::string productsCsv = testProductsCsv();
  productsCsv.replace(productsCsv.find("Tas Anyaman Bambu,185000"), 24, "Tas Rotan Baru,199000");
  auto files = parseCatalog(testVendorsCsv(), "v.csv", productsCsv, "p.csv");
  ASSERT_TRUE(files) << files.error().message;
  ASSERT_TRUE(s().catalog().importFiles(*files, kEvent, "", "test"));
  ASSERT_EQ(s().catalog().productBySku("KRY-01")->name, "Tas Rotan Baru");
  auto read = s().sales().byUuid(sale.uuid);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->lines[0].name, "Tas Anyaman Bambu");
  EXPECT_EQ(read->lines[0].unitPrice, Rupiah(185'000));
  EXPECT_EQ(read->lines[0].vendorName, "Kriya Bambu, Depok");
}

TEST_F(SalesTest, SequenceNumbersAreGapFreeAndReceiptsFollowThem) {
  for (int i = 1; i <= 25; ++i) {
    const SaleRecord sale = sell({{"KRY-02", 1}});
    EXPECT_EQ(sale.seq, i);
    EXPECT_EQ(sale.receiptNo, formatReceiptNo(kEvent, "K01", i));
  }
  EXPECT_EQ(count("SELECT COUNT(DISTINCT receipt_no) FROM sale"), 25);
  EXPECT_EQ(count("SELECT MAX(seq) FROM sale"), 25);
}

TEST_F(SalesTest, RefusedSaleConsumesNoSequenceNumber) {
  sell({{"KRY-02", 1}});
  SaleDraft bad = cashDraft(cart({{"KRY-02", 1}}));
  bad.tenders = {Tender::cash(Rupiah(1))};
  auto refused = s().sales().commit(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::Invalid);
  EXPECT_EQ(s().sales().commit(cashDraft(cart({{"KUL-02", 1}}))).error().code, Errc::OutOfStock);
  EXPECT_EQ(sell({{"KRY-02", 1}}).seq, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'sale'"), 2);
}

TEST_F(SalesTest, IdsComeFromRandomnessNotTheClock) {
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.insert(sell({{"KRY-02", 1}}).uuid);  // the clock never moves
  EXPECT_EQ(ids.size(), 20u);
  now -= 365 * 24 * kHourMs;  // a clock a year off changes nothing but the informational time
  const SaleRecord late = sell({{"KRY-02", 1}});
  EXPECT_EQ(late.seq, 21);
  EXPECT_EQ(late.createdAt, now);
}

TEST_F(SalesTest, CashWithChangeSplitAndEveryMethodAreStored) {
  const Rupiah price = product("KUL-01").price;  // 12.500
  struct Case {
    std::vector<Tender> tenders;
    Rupiah change;
  };
  const std::vector<Case> cases = {
      {{Tender::cash(price, Rupiah(20'000))}, Rupiah(7'500)},
      {{Tender::qris(price, QrisAccount::Organizer, "", cashier.name)}, Rupiah(0)},
      {{Tender::withReference(PaymentMethod::Card, price, "EDC-1")}, Rupiah(0)},
      {{Tender::withReference(PaymentMethod::Transfer, price, "TRF-1")}, Rupiah(0)},
      {{Tender::withReference(PaymentMethod::Ewallet, price, "OVO-1")}, Rupiah(0)},
      {{Tender::cash(Rupiah(2'500), Rupiah(5'000)), Tender::withReference(PaymentMethod::Ewallet, Rupiah(10'000), "GOPAY")}, Rupiah(2'500)},
  };
  for (const Case& c : cases) {
    SaleDraft draft = cashDraft(cart({{"KUL-01", 1}}));
    draft.tenders = c.tenders;
    auto sale = s().sales().commit(draft);
    ASSERT_TRUE(sale) << sale.error().message;
    EXPECT_EQ(sale->change, c.change);
    EXPECT_EQ(sale->payments.size(), c.tenders.size());
  }
  EXPECT_EQ(count("SELECT COUNT(DISTINCT method) FROM sale_payment"), 5);
}

TEST_F(SalesTest, PaymentsMustEqualTheTotalAndNothingIsWrittenOtherwise) {
  SaleDraft draft = cashDraft(cart({{"BTK-01", 1}}));
  draft.tenders = {Tender::withReference(PaymentMethod::Card, Rupiah(600'000), "EDC")};
  auto sale = s().sales().commit(draft);
  ASSERT_FALSE(sale);
  EXPECT_EQ(sale.error().code, Errc::Invalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sale"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM stock_movement WHERE kind = 'sale'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'sale'"), 0);
  EXPECT_EQ(onHand("BTK-01"), 10);
}

TEST_F(SalesTest, NobodyLoggedInCannotSell) {
  SaleDraft draft = cashDraft(cart({{"KUL-01", 1}}));
  draft.cashier = Staff{};
  EXPECT_EQ(s().sales().commit(draft).error().code, Errc::Unauthorized);
}

TEST_F(SalesTest, BigDiscountNeedsARealSupervisor) {
  Cart c = cart({{"BTK-02", 1}});
  c.discount = Discount::percent(2000);
  SaleDraft draft = cashDraft(c);
  auto refused = s().sales().commit(draft);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::NeedsSupervisor);
  approve(draft.cart, cashier, {ApprovalKind::Discount});
  EXPECT_EQ(s().sales().commit(draft).error().code, Errc::NeedsSupervisor) << "a cashier cannot approve";
  Staff forged = supervisor;
  forged.id = cashier.id;
  approve(draft.cart, forged, {ApprovalKind::Discount});
  EXPECT_EQ(s().sales().commit(draft).error().code, Errc::NeedsSupervisor) << "the role is read from the store";
  approve(draft.cart, supervisor, {ApprovalKind::Discount});
  auto sale = s().sales().commit(draft);
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->approvedBy, supervisor.name);
  EXPECT_EQ(sale->discount, Rupiah(49'000));
  const auto audit = s().audit().entries(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "discount_override");
  EXPECT_EQ(audit[0].staff, supervisor.name);
  EXPECT_EQ(audit[0].subject, sale->receiptNo);
}

TEST_F(SalesTest, SmallDiscountNeedsNoSupervisorAndIsNotAudited) {
  const std::size_t auditBefore = s().audit().entries().size();
  Cart c = cart({{"BTK-02", 1}});
  c.discount = Discount::percent(1000);
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->approvedBy, "");
  EXPECT_EQ(s().audit().entries().size(), auditBefore);
}

TEST_F(SalesTest, DiscountThresholdIsASetting) {
  ASSERT_TRUE(s().settings().set(settings::kDiscountThresholdBp, "500"));
  Cart c = cart({{"BTK-02", 1}});
  c.discount = Discount::percent(1000);
  EXPECT_EQ(s().sales().commit(cashDraft(c)).error().code, Errc::NeedsSupervisor);
}

TEST_F(SalesTest, PriceOverrideIsApprovedAndAudited) {
  Cart c = cart({{"BTK-01", 1}});
  c.lines[0].unitPrice = Rupiah(600'000);
  SaleDraft draft = cashDraft(c);
  EXPECT_EQ(s().sales().commit(draft).error().code, Errc::NeedsSupervisor);
  approve(draft.cart, organizer, {ApprovalKind::PriceOverride});
  auto sale = s().sales().commit(draft);
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->lines[0].listPrice, Rupiah(650'000));
  EXPECT_EQ(sale->lines[0].unitPrice, Rupiah(600'000));
  EXPECT_EQ(sale->approvedBy, organizer.name);
  const auto audit = s().audit().entries(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "price_override");
  EXPECT_EQ(audit[0].staff, organizer.name);
  EXPECT_EQ(audit[0].reason, "Kain Batik Tulis");
  EXPECT_EQ(audit[0].details, "Rp 650.000 -> Rp 600.000");
}

TEST_F(SalesTest, FullyDiscountedSaleTakesNoPayment) {
  Cart c = cart({{"KUL-01", 1}});
  c.discount = Discount::percent(10'000);
  SaleDraft draft = cashDraft(c);
  ASSERT_TRUE(draft.tenders.empty());
  approve(draft.cart, supervisor, {ApprovalKind::Discount});
  auto sale = s().sales().commit(draft);
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->total, Rupiah(0));
  EXPECT_TRUE(sale->payments.empty());
  EXPECT_EQ(onHand("KUL-01"), 49);
}

TEST_F(SalesTest, ProductOutsideTheCurrentEventIsNotOnSale) {
  CatalogFiles files;
  files.vendorsFile = "v.csv";
  files.productsFile = "p.csv";
  files.vendors.push_back(CatalogVendorRow{2, "LAIN", "Vendor Lain", Sector::Kriya, "", "", ""});
  files.products.push_back(CatalogProductRow{2, "LAIN-01", "", "LAIN", "Produk Lain", 5'000, 10, 0});
  ASSERT_TRUE(s().catalog().importFiles(files, "EV-2", "", "test"));
  ASSERT_TRUE(s().catalog().setCurrentEvent(kEvent));
  auto other = s().catalog().productBySku("LAIN-01");
  ASSERT_TRUE(other);
  Cart c;
  addToCart(c, *other, *s().catalog().vendor("LAIN"), 1);
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_FALSE(sale);
  EXPECT_EQ(sale.error().code, Errc::NotFound);
}

TEST_F(SalesTest, CartRungUpBeforeAPriceChangeSellsAtItsPrice) {
  // Issue 11 §6: a price change applies to new carts only, never to a cart being paid (or held).
  Cart rungUp = cart({{"KRY-01", 1}});
  std::string productsCsv = testProductsCsv();
  productsCsv.replace(productsCsv.find("Tas Anyaman Bambu,185000"), 24, "Tas Anyaman Bambu,195000");
  auto files = parseCatalog(testVendorsCsv(), "v.csv", productsCsv, "p.csv");
  ASSERT_TRUE(files);
  ASSERT_TRUE(s().catalog().importFiles(*files, kEvent, "", "test"));
  ASSERT_TRUE(s().sales().validate(cashDraft(rungUp)));
  auto sale = s().sales().commit(cashDraft(rungUp));
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->total, Rupiah(185'000));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'price_override'"), 0);  // nobody overrode it
  Cart fresh;
  addToCart(fresh, *s().catalog().productBySku("KRY-01"), vendor("KRY"), 1);
  auto next = s().sales().commit(cashDraft(fresh));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->total, Rupiah(195'000));
}

TEST_F(SalesTest, CartLineCannotMoveMoneyToAnotherVendor) {
  Cart c = cart({{"BTK-01", 1}});
  c.lines[0].vendorCode = "KUL";  // the settlement would pay KUL for BTK's goods
  c.lines[0].vendorName = vendor("KUL").name;
  EXPECT_EQ(s().sales().commit(cashDraft(c)).error().code, Errc::Conflict);
  c = cart({{"BTK-01", 1}});
  c.lines[0].sector = Sector::Kuliner;
  EXPECT_EQ(s().sales().commit(cashDraft(c)).error().code, Errc::Conflict);
  c = cart({{"BTK-01", 1}});
  c.lines[0].sku = "KUL-01";
  EXPECT_EQ(s().sales().commit(cashDraft(c)).error().code, Errc::Conflict);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sale"), 0);
}

TEST_F(SalesTest, NoEventNoSale) {
  TempDir other;
  auto empty = Store::open(other.file("e.db"));
  ASSERT_TRUE(empty);
  auto sale = (*empty)->sales().commit(cashDraft(cart({{"KUL-01", 1}})));
  ASSERT_FALSE(sale);
  EXPECT_EQ(sale.error().code, Errc::NotFound);
}

TEST_F(SalesTest, EmptyCartIsRefused) {
  EXPECT_EQ(s().sales().commit(cashDraft(Cart{})).error().code, Errc::Invalid);
}

TEST_F(SalesTest, BoothDeviceStampsItsVendorOnEverySale) {
  DeviceInfo d = s().settings().device();
  d.boothVendorCode = "KRY";
  d.deviceCode = "B07";
  ASSERT_TRUE(s().settings().setDevice(d));
  const SaleRecord sale = sell({{"KRY-02", 2}});
  EXPECT_EQ(sale.boothVendorCode, "KRY");
  EXPECT_EQ(sale.receiptNo, "PAMERAN-T-B07-000001");
  EXPECT_EQ(s().sales().byUuid(sale.uuid)->boothVendorCode, "KRY");
}

TEST_F(SalesTest, ListShowsNewestFirstWithMethodsAndSyncState) {
  const SaleRecord a = sell({{"KUL-01", 1}});
  now += kMinuteMs;
  SaleDraft split = cashDraft(cart({{"KUL-01", 2}}));
  split.tenders = {Tender::cash(Rupiah(5'000)), Tender::qris(Rupiah(20'000), QrisAccount::Organizer, "", cashier.name)};
  auto b = s().sales().commit(split);
  ASSERT_TRUE(b);
  std::int64_t first = 0;  // the first sale's row (the seed's stock movements queue before it)
  for (const OutboxItem& item : s().outbox().pending(10'000))
    if (item.kind == OutboxKind::Sale && first == 0) first = item.id;
  ASSERT_TRUE(s().outbox().markSynced({first}));
  const auto list = s().sales().list(event.id, kT0, kT0 + kHourMs, 10);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].uuid, b->uuid);
  EXPECT_EQ(list[0].items, 2);
  EXPECT_EQ(list[0].total, Rupiah(25'000));
  EXPECT_EQ(list[0].sync, SyncState::Pending);
  EXPECT_NE(list[0].methods.find("cash"), std::string::npos);
  EXPECT_NE(list[0].methods.find("qris"), std::string::npos);
  EXPECT_EQ(list[1].uuid, a.uuid);
  EXPECT_EQ(list[1].sync, SyncState::Synced);
  EXPECT_EQ(s().sales().list(event.id, kT0 + kMinuteMs, kT0 + kHourMs, 10).size(), 1u) << "[from, to)";
  EXPECT_EQ(s().sales().list(event.id, kT0, kT0 + kHourMs, 1).size(), 1u);
  EXPECT_EQ(s().sales().count(event.id), 2);
}

TEST_F(SalesTest, ValidateChecksLikeCommitWithoutWriting) {
  SaleDraft draft = cashDraft(cart({{"BTK-01", 1}}));
  EXPECT_TRUE(s().sales().validate(draft));
  draft.tenders.clear();
  EXPECT_EQ(s().sales().validate(draft).error().code, Errc::Invalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sale"), 0);
  EXPECT_EQ(count("SELECT last_seq FROM device_counter"), 0);
}

TEST_F(SalesTest, SalesAreNeverDeletedAndTheirIdentityNeverChanges) {
  const SaleRecord sale = sell({{"KUL-01", 1}});
  SQLite::Database db = raw();
  EXPECT_THROW(db.exec("DELETE FROM sale"), SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM sale_line"), SQLite::Exception);
  EXPECT_THROW(db.exec("UPDATE sale SET uuid = '00000000-0000-4000-8000-000000000000'"), SQLite::Exception);
  EXPECT_THROW(db.exec("UPDATE sale SET seq = 7"), SQLite::Exception);
  EXPECT_THROW(db.exec("UPDATE sale SET total_idr = 1"), SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM outbox"), SQLite::Exception);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sale"), 1);
  EXPECT_TRUE(s().sales().byUuid(sale.uuid));
}

}  // namespace
}  // namespace pameran::test
