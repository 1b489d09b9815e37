#include "store_fixture.hpp"

#include <stdlib.h>

#include <stdexcept>

#include "pameran/core/csv.hpp"
#include "pameran/core/qris.hpp"

namespace pameran::test {
namespace {

// Argon2id (2 passes, 16 MiB, as Staffs::add makes them) of kCashierPin, kSupervisorPin, kOrganizerPin.
constexpr const char* kCashierHash =
    "$argon2id$v=19$m=16384,t=2,p=1$pQO7BBhF5lnKHqXsHit1gw$Tqu7N2pxiTCyyfmHJ2uwVQw2/xwHzZZ7ZHcRgAifHeY";
constexpr const char* kSupervisorHash =
    "$argon2id$v=19$m=16384,t=2,p=1$FxI6sgqqk/omlC+pdCSpUw$lS+Wa9AYNkui9rvdU5OHU2Z/oBqJJGCcMm+DdlECCg4";
constexpr const char* kOrganizerHash =
    "$argon2id$v=19$m=16384,t=2,p=1$Gi/VyBmiZhzKn370wsiKrw$048vxNJtwk6XEJenpiNjSMfyh0dFjyGKjf53X+ut0wQ";

}  // namespace

const char* const kShortSupervisorHash =
    "$argon2id$v=19$m=16384,t=2,p=1$OdGUpjV2cM8B1cBMk2qcfQ$XnYflHdkMbZ0LcWzt5kQ0SCIMXrVYTU39NjnN+LSHV0";

Staff insertStaff(Store& store, const std::string& name, Role role, const std::string& pinHash) {
  SQLite::Database db(store.path(), SQLite::OPEN_READWRITE);
  db.setBusyTimeout(5000);
  SQLite::Statement ins(db, "INSERT INTO staff (name, role, pin_hash, created_at_ms) VALUES (?, ?, ?, 0)");
  ins.bind(1, name);
  ins.bind(2, std::string(toString(role)));
  ins.bind(3, pinHash);
  ins.exec();
  return Staff{db.getLastInsertRowid(), name, role, true};
}

std::string ean13(const std::string& first12) { return first12 + ean13CheckDigit(first12); }

std::string testVendorsCsv() {
  std::string out(kVendorsHeader);
  out += "\n";
  out += "BTK,Batik Sinar Belimbing,fesyen,Sri Rahayu,0812-8801-2231," +
         makeDemoStaticQris("Batik Sinar Belimbing", "DEPOK", 11) + "\n";
  out += "KRY,\"Kriya Bambu, Depok\",kriya,Hendra,0813-1944-0872," + makeDemoStaticQris("Kriya Bambu Depok", "DEPOK", 12) + "\n";
  out += "KUL,Kue Lapis Ibu Sri,kuliner,Ibu Sri,,\n";
  return out;
}

std::string testProductsCsv() {
  std::string out(kProductsHeader);
  out += "\n";
  out += "BTK-01," + ean13("899100000001") + ",BTK,Kain Batik Tulis,650000,10,2\n";
  out += "BTK-02," + ean13("899100000002") + ",BTK,Kemeja Batik Pria,245000,20,3\n";
  out += "KRY-01," + ean13("899100000003") + ",KRY,Tas Anyaman Bambu,185000,5,1\n";
  out += "KRY-02,,KRY,Gantungan Kunci Bambu,15000,100,10\n";
  out += "KUL-01," + ean13("899100000005") + ",KUL,Kue Lapis Legit,12500,50,5\n";
  out += "KUL-02," + ean13("899100000006") + ",KUL,Keripik Tempe,7000,0,5\n";
  return out;
}

std::vector<Staff> seedTestStore(Store& store) {
  auto files = parseCatalog(testVendorsCsv(), "vendors.csv", testProductsCsv(), "products.csv");
  if (!files) throw std::runtime_error(files.error().message);
  auto imported = store.catalog().importFiles(*files, kEvent, "Pameran Uji", "test");
  if (!imported) throw std::runtime_error(imported.error().message);
  return {insertStaff(store, "Kasir Uji", Role::Cashier, kCashierHash), insertStaff(store, "Supervisor Uji", Role::Supervisor, kSupervisorHash),
          insertStaff(store, "Organizer Uji", Role::Organizer, kOrganizerHash)};
}

std::int64_t scalar(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement s(db, sql);
  if (!s.executeStep() || s.getColumn(0).isNull()) return 0;
  return s.getColumn(0).getInt64();
}

std::vector<std::string> rowsOf(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  std::vector<std::string> out;
  while (q.executeStep()) {
    std::string row;
    for (int c = 0; c < q.getColumnCount(); ++c) row += q.getColumn(c).getString() + "|";
    out.push_back(row);
  }
  return out;
}

void expectSchemaOfItsVersion(SQLite::Database& db) {
  // v2 added held_cart and rebuilt the outbox, v3 rewrote the CHECK lists, v4 added the steady
  // clock and the lockout's escalation, v5 the stock movements' ids.
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  ASSERT_TRUE(version >= 1 && version <= kSchemaVersion) << version;
  const auto has = [&](const std::string& sql) { return scalar(db, sql) > 0; };
  EXPECT_EQ(has("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'held_cart'"), version >= 2) << "version " << version;
  EXPECT_EQ(has("SELECT COUNT(*) FROM pragma_table_info('outbox') WHERE name = 'last_attempt_ms'"), version >= 2) << "version " << version;
  EXPECT_EQ(has("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sale_payment' AND sql LIKE '%method = ''cash'' OR%'"), version >= 3)
      << "version " << version;
  EXPECT_EQ(has("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'steady_clock'"), version >= 4) << "version " << version;
  EXPECT_EQ(has("SELECT COUNT(*) FROM pragma_table_info('pin_lockout') WHERE name = 'lockouts'"), version >= 4) << "version " << version;
  EXPECT_EQ(has("SELECT COUNT(*) FROM pragma_table_info('stock_movement') WHERE name = 'uuid'"), version >= 5) << "version " << version;
}

StoreOptions StoreTest::options() {
  StoreOptions o;
  o.clock = [this] { return now; };
  o.uptime = [this] { return uptime; };
  return o;
}

void StoreTest::SetUp() {
  dbPath = dir.file("kiosk.db");
  auto opened = Store::open(dbPath, options());
  ASSERT_TRUE(opened) << opened.error().message;
  store = std::move(*opened);
  const std::vector<Staff> staff = seedTestStore(*store);
  ASSERT_EQ(staff.size(), 3u);
  cashier = staff[0];
  supervisor = staff[1];
  organizer = staff[2];
  auto ev = store->catalog().event(kEvent);
  ASSERT_TRUE(ev);
  event = *ev;
  for (const Vendor& v : store->catalog().vendors(event.id)) vendors[v.code] = v;
  for (const Product& p : store->catalog().products(event.id)) products[p.sku] = p;
  ASSERT_EQ(vendors.size(), 3u);
  ASSERT_EQ(products.size(), 6u);
}

void StoreTest::TearDown() { store.reset(); }

void StoreTest::reopen() {
  store.reset();
  auto opened = Store::open(dbPath, options());
  ASSERT_TRUE(opened) << opened.error().message;
  store = std::move(*opened);
}

SQLite::Database StoreTest::raw() const {
  SQLite::Database db(dbPath, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(5000);
  return db;
}

std::int64_t StoreTest::count(const std::string& sql) const {
  SQLite::Database db = raw();
  return scalar(db, sql);
}

Cart StoreTest::cart(std::vector<std::pair<std::string, std::int64_t>> items) const {
  Cart c;
  for (const auto& [sku, qty] : items) {
    const Product& p = product(sku);
    const Vendor* v = nullptr;
    for (const auto& [code, vendor] : vendors)
      if (vendor.id == p.vendorId) v = &vendor;
    addToCart(c, p, *v, qty);
  }
  return c;
}

SaleDraft StoreTest::cashDraft(const Cart& c) const {
  SaleDraft d;
  d.cart = c;
  d.cashier = cashier;
  const Rupiah total = computeTotals(c).total;
  if (total.idr() > 0) d.tenders.push_back(Tender::cash(total));
  return d;
}

SaleDraft StoreTest::approvedDraft(Cart c) const {
  approve(c, supervisor, approvalsNeeded(c, settings::kDefaultDiscountThresholdBp));
  return cashDraft(c);
}

SaleRecord StoreTest::sell(std::vector<std::pair<std::string, std::int64_t>> items) {
  auto sale = store->sales().commit(cashDraft(cart(std::move(items))));
  EXPECT_TRUE(sale) << sale.error().message;
  return sale ? *sale : SaleRecord{};
}

RefundDraft StoreTest::refundDraft(const SaleRecord& sale, std::vector<RefundRequestLine> lines, std::string reason) {
  RefundDraft d;
  d.saleUuid = sale.uuid;
  d.lines = std::move(lines);
  d.reason = std::move(reason);
  d.staff = cashier;
  approve(d, supervisor);
  return d;
}

RefundDraft StoreTest::voidDraft(const SaleRecord& sale, std::string reason) {
  RefundDraft d;
  d.saleUuid = sale.uuid;
  d.isVoid = true;
  d.reason = std::move(reason);
  d.staff = cashier;
  approve(d, supervisor);
  return d;
}

}  // namespace pameran::test
