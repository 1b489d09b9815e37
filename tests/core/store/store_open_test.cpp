#include <sqlite3.h>

#include "fault_vfs.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

std::string journalMode(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA journal_mode").getString();
}

TEST(StoreOpen, InMemoryDatabaseIsRefusedBecauseItCannotBeDurable) {
  auto store = Store::open(":memory:");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::Storage);
  EXPECT_NE(store.error().message.find("write-ahead"), std::string::npos) << store.error().message;
}

TEST(StoreOpen, EmptyPathIsRefused) {
  auto store = Store::open("");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::Invalid);
}

TEST(StoreOpen, NewDatabaseIsInWalModeAtTheLatestSchema) {
  TempDir dir;
  const std::string path = dir.file("new.db");
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schemaVersion(), kSchemaVersion);
  EXPECT_EQ((*store)->path(), path);
  EXPECT_EQ(journalMode(path), "wal");
}

TEST(StoreOpen, RollbackJournalDatabaseIsSwitchedToWal) {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = DELETE");
    db.exec("CREATE TABLE t (x)");
  }
  EXPECT_EQ(journalMode(path), "delete");
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(journalMode(path), "wal") << "the store corrects the journal mode and it stays so";
}

TEST(StoreOpen, EverySaleCommitSyncsTheWal) {
  // synchronous=FULL in WAL mode means an fsync of the WAL at every commit (NORMAL would not).
  FaultVfs& vfs = FaultVfs::install();
  TempDir dir;
  auto opened = Store::open(dir.file("k.db"));
  ASSERT_TRUE(opened);
  Store& store = **opened;
  const std::vector<Staff> staff = seedTestStore(store);
  const Event ev = *store.catalog().event(kEvent);
  const Product p = *store.catalog().productBySku("KUL-01");
  const Vendor v = *store.catalog().vendor("KUL", ev.id);
  for (int i = 0; i < 3; ++i) {
    Cart cart;
    addToCart(cart, p, v, 1);
    SaleDraft draft{cart, {Tender::cash(p.price)}, staff[0]};
    const int before = vfs.walSyncs();
    auto sale = store.sales().commit(draft);
    ASSERT_TRUE(sale) << sale.error().message;
    EXPECT_GE(vfs.walSyncs(), before + 1) << "commit " << i << " returned before the WAL reached the disk";
  }
}

TEST(StoreOpen, DatabaseFromANewerProgramIsRefusedUnchanged) {
  TempDir dir;
  const std::string path = dir.file("future.db");
  { ASSERT_TRUE(Store::open(path)); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  auto store = Store::open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::Storage);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 99);
}

TEST(StoreOpen, UnknownTargetVersionIsRefused) {
  TempDir dir;
  StoreOptions o;
  o.migrateTo = kSchemaVersion + 1;
  EXPECT_FALSE(Store::open(dir.file("x.db"), o));
  o.migrateTo = 0;
  EXPECT_FALSE(Store::open(dir.file("y.db"), o));
}

TEST(StoreOpen, NotADatabaseIsAStorageError) {
  TempDir dir;
  const std::string path = dir.file("text.db");
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not a database, just some text long enough to have a header............", f);
    std::fclose(f);
  }
  auto store = Store::open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::Storage);
}

TEST(StoreOpen, DeviceIdentityIsMadeOnceAndKept) {
  TempDir dir;
  const std::string path = dir.file("k.db");
  std::string id;
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store);
    const DeviceInfo d = (*store)->settings().device();
    EXPECT_EQ(d.deviceId.size(), 36u);
    EXPECT_EQ(d.deviceCode, "K01");
    EXPECT_EQ(d.lastSeq, 0);
    id = d.deviceId;
  }
  auto again = Store::open(path);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->settings().device().deviceId, id);
}

TEST(StoreOpen, ForeignKeysAndChecksAreEnforced) {
  TempDir dir;
  const std::string path = dir.file("k.db");
  auto store = Store::open(path);
  ASSERT_TRUE(store);
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("PRAGMA foreign_keys = ON");
  EXPECT_THROW(db.exec("INSERT INTO product (sku, vendor_id, name, price_idr) VALUES ('X', 999, 'x', 1)"), SQLite::Exception)
      << "no vendor 999";
  db.exec("INSERT INTO vendor (code, name, sector) VALUES ('V', 'V', 'kriya')");
  EXPECT_THROW(db.exec("INSERT INTO vendor (code, name, sector) VALUES ('W', 'W', 'elektronik')"), SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO product (sku, vendor_id, name, price_idr) VALUES ('X', 1, 'x', 1.5)"), SQLite::Exception)
      << "money is an integer";
  EXPECT_THROW(db.exec("INSERT INTO product (sku, vendor_id, name, price_idr) VALUES ('X', 1, 'x', -1)"), SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO staff (name, role, pin_hash, created_at_ms) VALUES ('a', 'cashier', '1234', 0)"),
               SQLite::Exception)
      << "a PIN is never stored in the clear";
}

// A reader that leaves a row half-read holds an old snapshot; the next write on that connection
// must still succeed after another connection (the sync thread) has written.
TEST_F(StoreTest, WriteByAnotherConnectionDoesNotFailTheNextSale) {
  auto other = Store::open(dbPath, options());
  ASSERT_TRUE(other);
  for (int round = 0; round < 3; ++round) {
    // Single-row reads of every kind on the selling connection.
    (void)s().catalog().currentEvent();
    (void)s().catalog().version();
    (void)s().settings().get(settings::kLanguage);
    (void)s().stock().onHand(event.id, product("KUL-01").id);
    (void)s().staff().lockout();
    (void)s().shifts().current();
    (void)s().outbox().stats();
    ASSERT_TRUE((*other)->settings().set("sync.note", "round " + std::to_string(round)));
    auto pending = (*other)->outbox().pending(10);
    if (!pending.empty()) {
      ASSERT_TRUE((*other)->outbox().markSynced({pending.front().id}));
    }
    auto sale = s().sales().commit(cashDraft(cart({{"KUL-01", 1}})));
    ASSERT_TRUE(sale) << "round " << round << ": " << sale.error().message;
  }
}

TEST_F(StoreTest, ReadsSeeWhatAnotherConnectionCommitted) {
  auto other = Store::open(dbPath, options());
  ASSERT_TRUE(other);
  for (int round = 0; round < 3; ++round) {
    (void)s().catalog().currentEvent();
    (void)s().catalog().version();
    (void)s().settings().device();
    const std::string value = "v" + std::to_string(round);
    ASSERT_TRUE((*other)->settings().set("ui.note", value));
    EXPECT_EQ(s().settings().get("ui.note"), value) << "round " << round;
    sell({{"KUL-01", 1}});
    auto pending = s().outbox().pending(100);
    ASSERT_FALSE(pending.empty());
    ASSERT_TRUE((*other)->outbox().markSynced({pending.back().id}));
    EXPECT_EQ(s().outbox().stats().synced, round + 1) << "round " << round;
  }
}

}  // namespace
}  // namespace pameran::test
