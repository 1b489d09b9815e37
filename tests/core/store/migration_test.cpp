#include <sqlite3.h>

#include <tuple>

#include "fault_vfs.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using OutboxRow = std::tuple<std::int64_t, std::string, std::string, std::string, std::int64_t, std::int64_t, std::int64_t, std::string>;
using SaleRow = std::tuple<std::string, std::int64_t, std::string, std::int64_t>;

std::vector<OutboxRow> outboxRows(SQLite::Database& db) {
  std::vector<OutboxRow> out;
  // Stock movements join the queue at schema 6 (their own test below): the rows compared are the others.
  SQLite::Statement q(db, "SELECT id, kind, uuid, state, created_at_ms, COALESCE(synced_at_ms, -1), attempts, reason FROM outbox "
                          "WHERE kind <> 'stock_movement' ORDER BY id");
  while (q.executeStep())
    out.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                     q.getColumn(4).getInt64(), q.getColumn(5).getInt64(), q.getColumn(6).getInt64(), q.getColumn(7).getString());
  return out;
}

std::vector<SaleRow> saleRows(SQLite::Database& db) {
  std::vector<SaleRow> out;
  SQLite::Statement q(db, "SELECT uuid, seq, receipt_no, total_idr FROM sale ORDER BY seq");
  while (q.executeStep())
    out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getString(), q.getColumn(3).getInt64());
  return out;
}

bool hasTable(SQLite::Database& db, const std::string& name) {
  return scalar(db, "SELECT COUNT(*) FROM sqlite_schema WHERE name = '" + name + "'") > 0;
}

// A kiosk database as the version-1 program left it: unsynced sales, a refund and a shift close
// in its queue, some of them already synced, one quarantined.
class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path = dir.file("v1.db");
    StoreOptions o;
    o.migrateTo = 1;
    o.clock = [] { return kT0; };
    auto opened = Store::open(path, o);
    ASSERT_TRUE(opened) << opened.error().message;
    Store& store = **opened;
    ASSERT_EQ(store.schemaVersion(), 1);
    const std::vector<Staff> staff = seedTestStore(store);
    const Event ev = *store.catalog().event(kEvent);
    const Product p = *store.catalog().productBySku("KUL-01");
    const Vendor v = *store.catalog().vendor("KUL", ev.id);
    std::string firstSale;
    for (int i = 1; i <= 6; ++i) {
      Cart cart;
      addToCart(cart, p, v, i);
      auto sale = store.sales().commit(SaleDraft{cart, {Tender::cash(p.price * i)}, staff[0]});
      ASSERT_TRUE(sale) << sale.error().message;
      if (i == 1) firstSale = sale->uuid;
    }
    RefundDraft r;
    r.saleUuid = firstSale;
    r.lines = {{1, 1, true}};
    r.reason = "Basi";
    r.staff = staff[0];
    approve(r, staff[1]);
    ASSERT_TRUE(store.sales().refund(r));
    ASSERT_TRUE(store.shifts().close({{100'000, 3}}, staff[1]));
    // Goods brought to the booth (travels from schema 6 on), beside the catalog's opening stock (never travels).
    ASSERT_TRUE(store.stock().intake(ev.id, p.id, 5, staff[0].name, "Kiriman kedua"));
    opened->reset();
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE outbox SET state = 'synced', synced_at_ms = 1, attempts = 1 WHERE id IN (1, 2)");
    db.exec("UPDATE outbox SET state = 'quarantined', attempts = 4, reason = 'conflict' WHERE id = 3");
    db.exec("UPDATE outbox SET attempts = 7 WHERE id = 4");
    ASSERT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 1);
    ASSERT_FALSE(hasTable(db, "held_cart"));
    outboxBefore = outboxRows(db);
    salesBefore = saleRows(db);
    ASSERT_EQ(outboxBefore.size(), 8u);
    ASSERT_EQ(salesBefore.size(), 6u);
  }

  void expectSameIds(const std::string& file) {
    SQLite::Database db(file, SQLite::OPEN_READONLY);
    EXPECT_EQ(outboxRows(db), outboxBefore);
    EXPECT_EQ(saleRows(db), salesBefore);
  }

  TempDir dir;
  std::string path;
  std::vector<OutboxRow> outboxBefore;
  std::vector<SaleRow> salesBefore;
};

TEST_F(MigrationTest, UpgradeKeepsEveryQueuedIdAndState) {
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schemaVersion(), kSchemaVersion);
  expectSameIds(path);
  // The stock movements recorded before schema 6 join the queue after everything that was there.
  std::vector<OutboxItem> pending, movements;
  for (const OutboxItem& item : (*store)->outbox().pending(1000))
    (item.kind == OutboxKind::StockMovement ? movements : pending).push_back(item);
  std::vector<std::int64_t> ids;
  for (const OutboxItem& item : pending) ids.push_back(item.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{4, 5, 6, 7, 8}));
  ASSERT_FALSE(movements.empty());
  EXPECT_EQ(movements.front().id, 9);
  EXPECT_EQ(pending[0].attempts, 7);
  EXPECT_EQ(pending.back().kind, OutboxKind::ShiftClose);
  const OutboxStats st = (*store)->outbox().stats();
  EXPECT_EQ(st.synced, 2);
  EXPECT_EQ(st.quarantined, 1);
  EXPECT_EQ(st.pending, static_cast<std::int64_t>(5 + movements.size()) + (*store)->audit().pendingUpload());

  // The upgraded store works as a new one: the queue drains, selling continues the sequence.
  ASSERT_TRUE((*store)->outbox().markSynced({4, 5}));
  EXPECT_EQ((*store)->outbox().pending(1000).size(), 3u + movements.size());
  const Event ev = *(*store)->catalog().currentEvent();
  const Product p = *(*store)->catalog().productBySku("KUL-01");
  Cart cart;
  addToCart(cart, p, *(*store)->catalog().vendor("KUL", ev.id), 1);
  auto sale = (*store)->sales().commit(SaleDraft{cart, {Tender::cash(p.price)}, *(*store)->staff().byId(1)});
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->seq, 7);
  EXPECT_TRUE((*store)->held().hold(cart, "parkir"));
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_EQ(scalar(db, "SELECT MAX(id) FROM outbox"), static_cast<std::int64_t>(9 + movements.size()));
  EXPECT_THROW(db.exec("DELETE FROM outbox WHERE id = 1"), SQLite::Exception) << "the rebuilt outbox is still never emptied";
  EXPECT_THROW(db.exec("UPDATE outbox SET attempts = -1 WHERE id = 1"), SQLite::Exception) << "v2's CHECK is in place";
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_FALSE(SQLite::Statement(db, "PRAGMA foreign_key_check").executeStep());
}

TEST_F(MigrationTest, StockMovementsRecordedBeforeAreNumberedAndQueued) {
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().message;
  std::int64_t travelling = 0;
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    travelling = scalar(db, "SELECT COUNT(*) FROM stock_movement WHERE uuid IS NOT NULL");
    ASSERT_GT(travelling, 0);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM stock_movement WHERE uuid IS NOT NULL AND seq IS NULL"), 0);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM stock_movement WHERE uuid IS NULL AND seq IS NOT NULL"), 0);
    EXPECT_EQ(scalar(db, "SELECT MAX(seq) FROM stock_movement"), travelling);
    EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM stock_movement WHERE reason = 'catalog import'"), 0);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM stock_movement WHERE reason = 'catalog import' AND uuid IS NOT NULL"), 0)
        << "the catalog's stock stays on the kiosk";
    EXPECT_EQ(travelling, 1) << "the booth's intake";
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM outbox o JOIN stock_movement m ON m.uuid = o.uuid "
                         "WHERE o.kind = 'stock_movement' AND o.state = 'pending'"),
              travelling);
  }
  // A new movement continues the numbering, in the queue from its own transaction.
  const Event ev = *(*store)->catalog().currentEvent();
  const Product p = *(*store)->catalog().productBySku("KUL-01");
  ASSERT_TRUE((*store)->stock().intake(ev.id, p.id, 2, "Kasir", "Kiriman kedua"));
  const std::vector<StockMovement> moves = (*store)->stock().movements(ev.id, p.id, 1);
  ASSERT_EQ(moves.size(), 1u);
  auto record = (*store)->outbox().movementRecord(moves[0].uuid);
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->seq, travelling + 1);
  EXPECT_EQ(record->kind, TravellingMovement::Intake);
  EXPECT_EQ(record->quantity, 2);
  EXPECT_EQ(record->sku, "KUL-01");
  EXPECT_EQ(record->vendorCode, "KUL");
  EXPECT_EQ(record->eventCode, kEvent);
  auto state = (*store)->outbox().state(OutboxKind::StockMovement, moves[0].uuid);
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(*state, SyncState::Pending);
}

TEST_F(MigrationTest, RewrittenConstraintsStillRefuseWhatTheyRefused) {
  ASSERT_TRUE(Store::open(path));
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  expectSchemaOfItsVersion(db);
  const std::string sale = std::to_string(scalar(db, "SELECT MIN(id) FROM sale"));
  EXPECT_THROW(db.exec("INSERT INTO vendor (code, name, sector) VALUES ('V9', 'V', 'elektronik')"), SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO staff (name, role, pin_hash, created_at_ms) VALUES ('x', 'boss', '$argon2id$x', 0)"),
               SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO sale_payment (sale_id, idx, method, amount_idr, tendered_idr, change_idr) VALUES (" + sale +
                       ", 9, 'bitcoin', 1, 0, 0)"),
               SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO sale_payment (sale_id, idx, method, amount_idr, tendered_idr, change_idr, account) VALUES (" +
                       sale + ", 9, 'qris', 1, 0, 0, 'bank')"),
               SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO stock_movement (event_id, product_id, kind, quantity, at_ms) VALUES (1, 1, 'gift', 1, 0)"),
               SQLite::Exception);
  EXPECT_THROW(db.exec("UPDATE outbox SET state = 'lost' WHERE id = 1"), SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO outbox (kind, uuid, created_at_ms) VALUES ('order', '00000000-0000-4000-8000-000000000000', 0)"),
               SQLite::Exception);
  // And still accept every value they allowed.
  db.exec("INSERT INTO vendor (code, name, sector) VALUES ('V9', 'V', 'kuliner')");
  db.exec("INSERT INTO sale_payment (sale_id, idx, method, amount_idr, tendered_idr, change_idr, account) VALUES (" + sale +
          ", 9, 'ewallet', 1, 0, 0, '')");
  db.exec("INSERT INTO stock_movement (event_id, product_id, kind, quantity, at_ms) VALUES (1, 1, 'return', -1, 0)");
  db.exec("UPDATE outbox SET state = 'quarantined' WHERE id = 1");
}

TEST_F(MigrationTest, SaleWritesBuildNoTemporaryIndexes) {
  // Performance guard: a CHECK written `x IN ('a', 'b', 'c')` costs a temporary index per row.
  ASSERT_TRUE(Store::open(path));
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  for (const char* sql : {"INSERT INTO sale_line (sale_id, line_no, sku, name, vendor_code, vendor_name, sector, list_price_idr, "
                          "unit_price_idr, quantity, gross_idr, line_discount_idr, cart_discount_idr, net_idr) "
                          "VALUES (1, 1, 's', 'n', 'v', 'v', 'kriya', 1, 1, 1, 1, 0, 0, 1)",
                          "INSERT INTO sale_payment (sale_id, idx, method, amount_idr, tendered_idr, change_idr) VALUES (1, 1, 'cash', 1, 1, 0)",
                          "INSERT INTO stock_movement (event_id, product_id, kind, quantity, at_ms) VALUES (1, 1, 'sale', -1, 0)",
                          "INSERT INTO outbox (kind, uuid, created_at_ms) VALUES ('sale', 'x', 0)",
                          "INSERT INTO refund (uuid, sale_id, is_void, reason, staff, approved_by, method, total_idr, created_at_ms) "
                          "VALUES ('x', 1, 0, 'r', 's', 'a', 'cash', 0, 0)"}) {
    SQLite::Statement explain(db, std::string("EXPLAIN ") + sql);
    while (explain.executeStep()) EXPECT_NE(explain.getColumn(1).getString(), "OpenEphemeral") << sql;
  }
}

TEST_F(MigrationTest, OpeningAgainMigratesNothingTwice) {
  { ASSERT_TRUE(Store::open(path)); }
  auto again = Store::open(path);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->schemaVersion(), kSchemaVersion);
  expectSameIds(path);
}

TEST_F(MigrationTest, MigrationInterruptedByAnIoErrorLeavesTheOldVersionIntact) {
  FaultVfs& vfs = FaultVfs::install();
  bool completed = false;
  int failures = 0;
  for (int n = 1; n <= 400 && !completed; ++n) {
    const std::string work = dir.file("work-" + std::to_string(n) + ".db");
    std::filesystem::copy_file(path, work);
    vfs.failWrite(n, n % 2 ? SQLITE_IOERR_WRITE : SQLITE_FULL, true);
    auto store = Store::open(work);
    const bool fired = vfs.fired();
    vfs.disarm();
    if (store && !fired) {
      completed = true;
    } else if (!store) {
      ++failures;
      EXPECT_EQ(store.error().code, Errc::Storage) << "write " << n;
    }
    store = fail(Errc::Storage, "closed");
    SQLite::Database db(work, SQLite::OPEN_READWRITE);
    SCOPED_TRACE("write " + std::to_string(n));
    expectSchemaOfItsVersion(db);
    ASSERT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok") << "write " << n;
    ASSERT_EQ(outboxRows(db), outboxBefore) << "write " << n;
    ASSERT_EQ(saleRows(db), salesBefore) << "write " << n;
  }
  EXPECT_TRUE(completed) << "the migration never ran to the end";
  EXPECT_GT(failures, 0) << "no write of the migration was ever failed";
}

}  // namespace
}  // namespace pameran::test
