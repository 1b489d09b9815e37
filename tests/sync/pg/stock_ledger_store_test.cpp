// Issue 11 on both server stores: stock movements are stored once (duplicate, conflict, the
// rulebook's refusals), and the consignment ledger sums movements, sold units and restocked
// units per product over every device, with on_hand following from them.
#include <SQLiteCpp/SQLiteCpp.h>

#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

class StockLedgerStore : public StoreContract {};
INSTANTIATE_TEST_SUITE_P(Backends, StockLedgerStore, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

core::StockMovementRecord movement(const Device& dev, std::int64_t seq, core::TravellingMovement kind, const std::string& vendor,
                                   std::int64_t quantity, std::string reason = {}) {
  core::StockMovementRecord m;
  m.uuid = core::newUuid();
  m.seq = seq;
  m.eventCode = kEvent;
  m.deviceId = dev.id;
  m.createdAt = kSaleTime;
  m.kind = kind;
  m.sku = demoSku(vendor);
  m.vendorCode = vendor;
  m.quantity = quantity;
  m.reason = std::move(reason);
  m.staff = "Supervisor Uji";
  return m;
}

std::vector<RecordResult> uploadMovements(ServerStore& store, const Device& dev, const std::vector<core::StockMovementRecord>& list) {
  IngestRequest req{dev.id, dev.eventId, 1'795'000'500'000, {}, nullptr};
  for (const auto& m : list) req.items.push_back(ingestItem(m));
  if (auto admitted = store.admit(req); !admitted) {
    ADD_FAILURE() << admitted.error().message;
    return {};
  }
  auto results = store.ingest({&req});
  if (results.size() != 1 || !results[0]) {
    ADD_FAILURE() << "ingest failed";
    return {};
  }
  return std::move(*results[0]);
}

const core::StockLedgerProduct& row(const core::StockLedger& ledger, const std::string& sku) {
  for (const core::StockLedgerProduct& p : ledger.products)
    if (p.sku == sku) return p;
  throw std::runtime_error("no ledger row for " + sku);
}

TEST_P(StockLedgerStore, MovementsSalesAndRefundsAddUpPerProductOverEveryDevice) {
  const Device k1 = enrollDevice(store());
  const Device k2 = enrollDevice(store());
  using K = core::TravellingMovement;
  const std::vector<core::StockMovementRecord> first = {movement(k1, 1, K::Intake, "V01", 10), movement(k1, 2, K::Intake, "V02", 4),
                                                         movement(k1, 3, K::Adjustment, "V01", -1, "hilang")};
  const std::vector<core::StockMovementRecord> second = {movement(k2, 1, K::Intake, "V02", 6), movement(k2, 2, K::Return, "V02", -3)};
  EXPECT_EQ(statusesOf(uploadMovements(store(), k1, first)),
            (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Stored, RecordStatus::Stored}));
  EXPECT_EQ(statusesOf(uploadMovements(store(), k2, second)), (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Stored}));

  // k1 sells 2 x V01 and 1 x V02, takes one V01 back onto the shelf; k2 sells 1 x V02 and takes
  // it back damaged (not restocked), and voids a sale of 3 x V01 (restocked).
  const core::SaleRecord s1 = simpleSale(k1.id, 1);
  const core::RefundRecord r1 = makeRefund(s1, 1, 1);
  const core::SaleRecord s2 = makeSale(k2.id, 1, {{"V02", core::Sector::Kriya, 40'000, 1}});
  core::RefundRecord r2 = makeRefund(s2, 1, 1);
  r2.lines[0].restock = false;
  const core::SaleRecord s3 = makeSale(k2.id, 2, {{"V01", core::Sector::Fesyen, 25'000, 3}});
  const core::RefundRecord v3 = makeVoid(s3);
  upload(store(), k1, {{s1}, {r1}, {}});
  upload(store(), k2, {{s2, s3}, {r2, v3}, {}});

  auto ledger = store().stockLedger(kEvent);
  ASSERT_TRUE(ledger) << ledger.error().message;
  const core::StockLedgerProduct& v01 = row(*ledger, "V01-P1");
  // received: the catalog's stock (10, counted once) and the booths' intakes (10).
  EXPECT_EQ(v01.received, 20);
  EXPECT_EQ(v01.name, "Kain Batik");
  EXPECT_EQ(v01.sold, 5);
  EXPECT_EQ(v01.refunded, 4);
  EXPECT_EQ(v01.adjusted, -1);
  EXPECT_EQ(v01.returned, 0);
  EXPECT_EQ(v01.onHand(), 18);
  const core::StockLedgerProduct& v02 = row(*ledger, "V02-P2");
  EXPECT_EQ(v02.received, 15);  // 5 in the catalog, 4 + 6 brought to two booths
  EXPECT_EQ(v02.sold, 2);
  EXPECT_EQ(v02.refunded, 0);
  EXPECT_EQ(v02.returned, 3);
  EXPECT_EQ(v02.onHand(), 10);
  const core::StockLedgerProduct& v03 = row(*ledger, "V03-P1");  // in the catalog, never moved
  EXPECT_EQ(v03.received, 50);
  EXPECT_EQ(v03.sold + v03.refunded + v03.adjusted + v03.returned, 0);
  ASSERT_EQ(ledger->vendors.size(), 3u);
  EXPECT_EQ(ledger->vendors[0].vendorCode, "V01");
  EXPECT_EQ(ledger->vendors[0].onHand, 18);
  EXPECT_EQ(ledger->vendors[1].returned, 3);

  // A replay counts once, a changed copy is a conflict, and neither moves the ledger.
  core::StockMovementRecord changed = first[0];
  changed.quantity = 100;
  EXPECT_EQ(statusesOf(uploadMovements(store(), k1, {first[0], changed})),
            (std::vector<RecordStatus>{RecordStatus::Duplicate, RecordStatus::Conflict}));
  auto again = store().stockLedger(kEvent);
  ASSERT_TRUE(again);
  EXPECT_EQ(core::stockLedgerToJson(*again), core::stockLedgerToJson(*ledger));
  EXPECT_EQ(*store().countRows("stock_movements"), 5);

  // Each device's movements are counted, with the highest number (P24).
  EXPECT_EQ(status(k1).movementsCount, 3);
  EXPECT_EQ(status(k1).maxMovementSeq, 3);
  EXPECT_EQ(status(k2).movementsCount, 2);
}

TEST_P(StockLedgerStore, AMovementOfAnotherEventOrAnUnknownProductIsRejected) {
  const Device k1 = enrollDevice(store());
  using K = core::TravellingMovement;
  core::StockMovementRecord otherEvent = movement(k1, 1, K::Intake, "V01", 2);
  otherEvent.eventCode = "LAIN-2026";
  core::StockMovementRecord unknownSku = movement(k1, 2, K::Intake, "V01", 2);
  unknownSku.sku = "V01-P9";
  core::StockMovementRecord wrongVendor = movement(k1, 3, K::Intake, "V01", 2);
  wrongVendor.vendorCode = "V02";
  const auto results = uploadMovements(store(), k1, {otherEvent, unknownSku, wrongVendor, movement(k1, 4, K::Intake, "V03", 1)});
  EXPECT_EQ(statusesOf(results), (std::vector<RecordStatus>{RecordStatus::Rejected, RecordStatus::Rejected, RecordStatus::Rejected,
                                                            RecordStatus::Stored}));
  auto ledger = store().stockLedger(kEvent);
  ASSERT_TRUE(ledger);
  EXPECT_EQ(row(*ledger, "V01-P1").received, 10) << "the catalog's stock only";
  EXPECT_EQ(row(*ledger, "V03-P1").received, 51);
  EXPECT_FALSE(store().stockLedger("TIDAK-ADA"));
}

TEST(StockLedgerMigration, Schema6FillsSoldAndRestockedUnitsOfRecordsStoredBefore) {
  TempDir dir;
  std::string path;
  std::string before;
  {
    auto store = openEmptyStore(Backend::Sqlite, dir, &path);
    core::Event e;
    e.code = kEvent;
    e.name = "Pameran";
    ASSERT_TRUE(store->createEvent(e));
    ASSERT_TRUE(store->importCatalog(kEvent, demoCatalog()));
    const Device k1 = enrollDevice(*store);
    const core::SaleRecord s1 = simpleSale(k1.id, 1);
    const core::SaleRecord s2 = makeSale(k1.id, 2, {{"V02", core::Sector::Kriya, 40'000, 2}});
    core::RefundRecord r2 = makeRefund(s2, 1, 1);
    upload(*store, k1, {{s1, s2}, {makeRefund(s1, 1, 2), r2}, {}});
    auto ledger = store->stockLedger(kEvent);
    ASSERT_TRUE(ledger);
    EXPECT_EQ(row(*ledger, "V01-P1").refunded, 2);
    before = core::stockLedgerToJson(*ledger);
  }
  {
    // Back to schema 5 as an older server left it: no movements, no ledger rollup.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE rollup_stock; DROP TABLE stock_movements; ALTER TABLE devices DROP COLUMN movements_count; "
            "ALTER TABLE devices DROP COLUMN max_movement_seq; PRAGMA user_version = 5");
  }
  auto reopened = openSqliteStore(path);
  ASSERT_TRUE(reopened) << reopened.error().message;
  auto ledger = (*reopened)->stockLedger(kEvent);
  ASSERT_TRUE(ledger);
  EXPECT_EQ(core::stockLedgerToJson(*ledger), before);
}

}  // namespace
}  // namespace pameran::sync
