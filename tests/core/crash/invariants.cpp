#include "invariants.hpp"

#include <algorithm>
#include <sstream>

#include "random_seller.hpp"

namespace pameran::test {

void Reported::take(const std::string& line) {
  std::istringstream in(line);
  std::string kind, uuid, sale, digest;
  std::int64_t a = 0, b = 0;
  in >> kind;
  if (kind == "S" && in >> uuid >> a >> b >> digest) {
    sales[uuid] = Sale{a, b, digest};
    salesInOrder.push_back(uuid);
  }
  if ((kind == "R" || kind == "V") && in >> uuid >> sale >> a) {
    refunds[uuid] = a;
    if (kind == "V") voids.insert(sale);
  }
  if (kind == "C" && in >> uuid) shifts.insert(uuid);
}

void makeVersionOneKiosk(const std::string& path, int sales) {
  StoreOptions o;
  o.migrateTo = 1;
  auto store = Store::open(path, o);
  ASSERT_TRUE(store) << store.error().message;
  const std::vector<Staff> staff = seedTestStore(**store);
  ASSERT_TRUE((*store)->settings().set(settings::kAllowOversell, "1"));
  const Event ev = *(*store)->catalog().currentEvent();
  for (int i = 0; i < sales; ++i) {
    const Product p = *(*store)->catalog().productBySku(i % 2 ? "KUL-01" : "KRY-02");
    Cart cart;
    addToCart(cart, p, *(*store)->catalog().vendor(p.vendorCode, ev.id), 1 + i % 3);
    auto sale = (*store)->sales().commit(SaleDraft{cart, {Tender::cash(computeTotals(cart).total)}, staff[0]});
    ASSERT_TRUE(sale) << sale.error().message;
  }
}

namespace {

void checkIntact(Store& store, Reported& reported) {
  SQLite::Database db(store.path(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);
  ASSERT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  ASSERT_FALSE(SQLite::Statement(db, "PRAGMA foreign_key_check").executeStep()) << "a row points at nothing";

  // Every reported sale is there with its number and total (so no number was given twice); the
  // ones reported since the last check are read back whole. Every reported refund is there too.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> stored;
  SQLite::Statement sales(db, "SELECT uuid, seq, total_idr FROM sale");
  while (sales.executeStep()) stored[sales.getColumn(0).getString()] = {sales.getColumn(1).getInt64(), sales.getColumn(2).getInt64()};
  for (const auto& [uuid, sale] : reported.sales) {
    const auto it = stored.find(uuid);
    ASSERT_TRUE(it != stored.end()) << "reported sale " << uuid << " (seq " << sale.seq << ") is missing";
    ASSERT_EQ(it->second, std::make_pair(sale.seq, sale.total)) << "sale " << uuid;
  }
  const std::vector<std::string> fresh(reported.salesInOrder.begin() + static_cast<std::ptrdiff_t>(reported.digestsChecked),
                                       reported.salesInOrder.end());
  auto records = store.sales().byUuids(fresh);
  ASSERT_TRUE(records) << records.error().message;
  for (const std::string& uuid : fresh) {
    ASSERT_EQ(records->count(uuid), 1u) << uuid;
    ASSERT_EQ(saleDigest(records->at(uuid)), reported.sales.at(uuid).digest) << "sale " << uuid << " came back changed";
  }
  reported.digestsChecked = reported.salesInOrder.size();
  std::map<std::string, std::int64_t> refunds;
  SQLite::Statement rq(db, "SELECT uuid, total_idr FROM refund");
  while (rq.executeStep()) refunds[rq.getColumn(0).getString()] = rq.getColumn(1).getInt64();
  for (const auto& [uuid, total] : reported.refunds) {
    ASSERT_EQ(refunds.count(uuid), 1u) << "reported refund " << uuid << " is missing";
    ASSERT_EQ(refunds[uuid], total);
  }
  for (const std::string& sale : reported.voids) ASSERT_EQ(scalar(db, "SELECT voided FROM sale WHERE uuid = '" + sale + "'"), 1);
  for (const std::string& shift : reported.shifts)
    ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM shift WHERE closed_at_ms IS NOT NULL AND uuid = '" + shift + "'"), 1);

  // P4: sequence numbers 1..N without a gap, the counter at N, receipts distinct.
  const std::int64_t n = scalar(db, "SELECT COUNT(*) FROM sale");
  if (n > 0) {
    ASSERT_EQ(scalar(db, "SELECT MIN(seq) FROM sale"), 1);
    ASSERT_EQ(scalar(db, "SELECT MAX(seq) FROM sale"), n) << "a gap in the sequence";
  }
  ASSERT_EQ(scalar(db, "SELECT last_seq FROM device_counter"), n) << "the counter moved without a sale, or a sale without it";
  ASSERT_EQ(scalar(db, "SELECT COUNT(DISTINCT receipt_no) FROM sale"), n);
  ASSERT_EQ(scalar(db, "SELECT COUNT(DISTINCT uuid) FROM sale"), n);

  // Whole sales only: totals add up to their lines and payments, every line moved stock once.
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale s WHERE NOT EXISTS (SELECT 1 FROM sale_line WHERE sale_id = s.id)"), 0)
      << "a sale without lines";
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale s WHERE total_idr <> (SELECT SUM(net_idr) FROM sale_line WHERE sale_id = s.id) "
                       "OR gross_idr <> (SELECT SUM(gross_idr) FROM sale_line WHERE sale_id = s.id) "
                       "OR items <> (SELECT SUM(quantity) FROM sale_line WHERE sale_id = s.id)"),
            0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale s WHERE total_idr <> "
                       "(SELECT COALESCE(SUM(amount_idr), 0) FROM sale_payment WHERE sale_id = s.id)"),
            0)
      << "a sale whose payments do not add up to its total";
  // Movements grouped once (stock_movement has no index on reference; a lookup per sale would
  // make this check quadratic).
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale s LEFT JOIN (SELECT reference, COUNT(*) AS n FROM stock_movement "
                       "WHERE kind = 'sale' GROUP BY reference) m ON m.reference = s.uuid "
                       "WHERE (SELECT COUNT(*) FROM sale_line WHERE sale_id = s.id) <> COALESCE(m.n, 0)"),
            0)
      << "a sale whose stock movements are missing or doubled";
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM stock_movement m WHERE m.kind = 'sale' AND NOT EXISTS "
                       "(SELECT 1 FROM sale WHERE uuid = m.reference)"),
            0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM stock_movement m WHERE m.kind IN ('refund', 'void') AND NOT EXISTS "
                       "(SELECT 1 FROM refund WHERE uuid = m.reference)"),
            0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale_line l WHERE NOT EXISTS (SELECT 1 FROM sale WHERE id = l.sale_id)"), 0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale_payment p WHERE NOT EXISTS (SELECT 1 FROM sale WHERE id = p.sale_id)"), 0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM refund_line l WHERE NOT EXISTS (SELECT 1 FROM refund WHERE id = l.refund_id)"), 0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM refund r WHERE NOT EXISTS (SELECT 1 FROM refund_line WHERE refund_id = r.id)"), 0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM refund r WHERE total_idr <> (SELECT SUM(amount_idr) FROM refund_line WHERE refund_id = r.id)"), 0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale s WHERE refunded_idr <> "
                       "(SELECT COALESCE(SUM(total_idr), 0) FROM refund WHERE sale_id = s.id AND is_void = 0)"),
            0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale_line l WHERE refunded_qty <> (SELECT COALESCE(SUM(rl.quantity), 0) FROM refund_line rl "
                       "JOIN refund r ON r.id = rl.refund_id WHERE r.sale_id = l.sale_id AND rl.line_no = l.line_no)"),
            0);

  // The outbox holds exactly one row per sale, refund and closed shift.
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM sale s WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'sale' AND o.uuid = s.uuid)"), 0)
      << "a sale that will never be uploaded";
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM outbox o WHERE o.kind = 'sale' AND NOT EXISTS (SELECT 1 FROM sale WHERE uuid = o.uuid)"), 0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM refund r WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'refund' AND o.uuid = r.uuid)"), 0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM outbox o WHERE o.kind = 'refund' AND NOT EXISTS (SELECT 1 FROM refund WHERE uuid = o.uuid)"), 0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM shift s WHERE closed_at_ms IS NOT NULL AND NOT EXISTS "
                       "(SELECT 1 FROM outbox o WHERE o.kind = 'shift_close' AND o.uuid = s.uuid)"),
            0);
  ASSERT_EQ(scalar(db, "SELECT COUNT(*) FROM outbox o WHERE o.kind = 'shift_close' AND NOT EXISTS "
                       "(SELECT 1 FROM shift WHERE uuid = o.uuid AND closed_at_ms IS NOT NULL)"),
            0);
  ASSERT_LE(scalar(db, "SELECT COUNT(*) FROM shift WHERE closed_at_ms IS NULL"), 1);

  // Stock is the sum of its ledger; the rollups add up to the sales.
  auto event = store.catalog().currentEvent();
  ASSERT_TRUE(event);
  auto ledger = store.stock().verifyLedger(event->id);
  ASSERT_TRUE(ledger) << ledger.error().message;
  auto report = store.reports().report(event->code);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->salesCount, scalar(db, "SELECT COUNT(*) FROM sale WHERE voided = 0"));
  ASSERT_EQ(report->net.idr(), scalar(db, "SELECT COALESCE(SUM(total_idr - refunded_idr), 0) FROM sale WHERE voided = 0"));
  ASSERT_EQ(report->refund.idr(), scalar(db, "SELECT COALESCE(SUM(r.total_idr), 0) FROM refund r JOIN sale s ON s.id = r.sale_id "
                                             "WHERE r.is_void = 0 AND s.voided = 0"));
  Rupiah byPayment, byVendor;
  for (const auto& [m, amount] : report->byPayment) byPayment += amount;
  for (const VendorTotals& v : report->byVendor) byVendor += v.net;
  ASSERT_EQ(byPayment, report->net);
  ASSERT_EQ(byVendor, report->net);
  auto audit = store.audit().check();
  ASSERT_TRUE(audit) << audit.error().message;
  ASSERT_TRUE(audit->intact()) << audit->problem;
}

}  // namespace

namespace {

int checkWholeVersion(const std::string& path, const std::vector<std::string>& outboxBefore, const std::vector<std::string>& salesBefore) {
  int version = 0;
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);  // read-write: a hot WAL is recovered
    if (const std::string integrity = db.execAndGet("PRAGMA integrity_check").getString(); integrity != "ok") {
      ADD_FAILURE() << "integrity_check: " << integrity;
      return 0;
    }
    expectSchemaOfItsVersion(db);
    if (testing::Test::HasFailure()) {
      ADD_FAILURE() << "schema and version disagree: half a migration";
      return 0;
    }
    version = db.execAndGet("PRAGMA user_version").getInt();
  }
  EXPECT_EQ(rowsOf(path, kOutboxRows), outboxBefore);
  EXPECT_EQ(rowsOf(path, kSaleRows), salesBefore);
  {
    auto store = Store::open(path);
    if (!store) {
      ADD_FAILURE() << "the next open does not finish the migration: " << store.error().message;
      return 0;
    }
    EXPECT_EQ((*store)->schemaVersion(), kSchemaVersion);
    const auto pending = (*store)->outbox().pending(100'000);
    EXPECT_EQ(std::count_if(pending.begin(), pending.end(), [](const auto& item) { return item.kind != core::OutboxKind::StockMovement; }),
              static_cast<std::ptrdiff_t>(outboxBefore.size()));
  }
  EXPECT_EQ(rowsOf(path, kOutboxRows), outboxBefore) << "finishing the migration changed an id";
  return testing::Test::HasFailure() ? 0 : version;
}

}  // namespace

int expectWholeVersionAfterCrash(const std::string& path, const std::vector<std::string>& outboxBefore,
                                 const std::vector<std::string>& salesBefore) {
  try {
    return checkWholeVersion(path, outboxBefore, salesBefore);
  } catch (const std::exception& e) {  // a damaged database: SQLiteCpp throws
    ADD_FAILURE() << "reading the database after the crash failed: " << e.what();
    return 0;
  }
}

void expectIntactAfterCrash(Store& store, Reported& reported) {
  try {
    checkIntact(store, reported);
  } catch (const std::exception& e) {  // a damaged database: SQLiteCpp throws
    FAIL() << "reading the database after the crash failed: " << e.what();
  }
}

}  // namespace pameran::test
