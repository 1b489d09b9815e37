// P3: a full disk or an I/O error is an error, never a receipt and never half a sale.
#include <sqlite3.h>

#include "fault_vfs.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

// Everything a sale touches, counted from a separate connection.
struct Footprint {
  std::int64_t sales, lines, payments, movements, outbox, lastSeq, rollupSales, rollupGross, audit, levelSum;
  bool operator==(const Footprint&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Footprint& f) {
  return os << "{sales " << f.sales << ", lines " << f.lines << ", payments " << f.payments << ", movements " << f.movements
            << ", outbox " << f.outbox << ", seq " << f.lastSeq << ", rollup " << f.rollupSales << "/" << f.rollupGross << ", audit "
            << f.audit << ", stock " << f.levelSum << "}";
}

class FaultTest : public StoreTest {
 protected:
  void SetUp() override {
    vfs = &FaultVfs::install();
    StoreTest::SetUp();
    // Many sales of the same cart: stock is not what these tests are about.
    ASSERT_TRUE(s().settings().set(settings::kAllowOversell, "1"));
  }
  void TearDown() override {
    vfs->disarm();
    StoreTest::TearDown();
  }

  Footprint footprint() const {
    SQLite::Database db = raw();
    return Footprint{scalar(db, "SELECT COUNT(*) FROM sale"),
                     scalar(db, "SELECT COUNT(*) FROM sale_line"),
                     scalar(db, "SELECT COUNT(*) FROM sale_payment"),
                     scalar(db, "SELECT COUNT(*) FROM stock_movement"),
                     scalar(db, "SELECT COUNT(*) FROM outbox"),
                     scalar(db, "SELECT last_seq FROM device_counter"),
                     scalar(db, "SELECT COALESCE(SUM(sales_count), 0) FROM rollup_event"),
                     scalar(db, "SELECT COALESCE(SUM(gross_idr), 0) FROM rollup_cell"),
                     scalar(db, "SELECT COUNT(*) FROM audit_log"),
                     scalar(db, "SELECT SUM(on_hand) FROM stock_level")};
  }

  void expectHealthy() const {
    SQLite::Database db = raw();
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sale s WHERE total_idr <> (SELECT COALESCE(SUM(net_idr), 0) FROM sale_line WHERE sale_id = s.id)"), 0);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sale s WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'sale' AND o.uuid = s.uuid)"), 0);
    EXPECT_EQ(scalar(db, "SELECT MAX(seq) FROM sale"), scalar(db, "SELECT COUNT(*) FROM sale"));
  }

  // A supervised multi-vendor split sale: it touches every table a sale can touch.
  SaleDraft bigDraft() const {
    Cart c = cart({{"BTK-02", 1}, {"KUL-01", 2}, {"KRY-02", 1}});
    c.lines[2].unitPrice = Rupiah(14'000);
    c.discount = Discount::percent(1500);
    SaleDraft d = approvedDraft(c);
    const Rupiah total = computeTotals(c).total;
    d.tenders = {Tender::qris(Rupiah(100'000), QrisAccount::Vendor, "BTK", cashier.name),
                 Tender::cash(total - Rupiah(100'000), Rupiah(300'000))};
    return d;
  }

  FaultVfs* vfs = nullptr;
};

TEST_F(FaultTest, DiskFullAtAnyWriteOfASaleLeavesNoTraceAndTakesNoNumber) {
  ASSERT_TRUE(s().sales().commit(bigDraft()));
  int faults = 0;
  bool passedTheEnd = false;
  for (int n = 1; n <= 300 && !passedTheEnd; ++n) {
    const Footprint before = footprint();
    vfs->failWrite(n, SQLITE_FULL, true);  // the disk stays full from the nth write on
    auto sale = s().sales().commit(bigDraft());
    const bool fired = vfs->fired();
    vfs->disarm();
    if (!fired) {
      ASSERT_TRUE(sale) << sale.error().message;
      passedTheEnd = true;
      break;
    }
    if (sale) {
      // The fault hit after the commit (a checkpoint): the sale is whole and durable.
      EXPECT_EQ(footprint().sales, before.sales + 1) << "write " << n;
      continue;
    }
    ++faults;
    EXPECT_EQ(sale.error().code, Errc::DiskFull) << "write " << n << ": " << sale.error().message;
    EXPECT_NE(sale.error().message.find("nothing was saved"), std::string::npos);
    EXPECT_EQ(footprint(), before) << "write " << n << ": part of a failed sale is in the database";

    // Space is freed: the very next sale goes through with the next number.
    auto next = s().sales().commit(bigDraft());
    ASSERT_TRUE(next) << "write " << n << ": after the disk-full error: " << next.error().message;
    EXPECT_EQ(next->seq, before.lastSeq + 1) << "write " << n;
  }
  EXPECT_TRUE(passedTheEnd);
  EXPECT_GE(faults, 5) << "the fault never landed inside a sale's writes";
  expectHealthy();
  EXPECT_TRUE(s().stock().verifyLedger(event.id));
  EXPECT_TRUE(s().audit().check()->intact());
}

TEST_F(FaultTest, IoErrorAtAnyWriteOfASaleLeavesNoTrace) {
  ASSERT_TRUE(s().sales().commit(bigDraft()));
  bool passedTheEnd = false;
  for (int n = 1; n <= 300 && !passedTheEnd; ++n) {
    const Footprint before = footprint();
    vfs->failWrite(n, SQLITE_IOERR_WRITE, false);  // one failed write, then the disk works again
    auto sale = s().sales().commit(bigDraft());
    const bool fired = vfs->fired();
    vfs->disarm();
    if (!fired) {
      passedTheEnd = true;
      ASSERT_TRUE(sale);
      break;
    }
    if (sale) continue;
    EXPECT_EQ(sale.error().code, Errc::Storage) << "write " << n;
    EXPECT_EQ(footprint(), before) << "write " << n;
    auto next = s().sales().commit(bigDraft());
    ASSERT_TRUE(next) << "write " << n << ": " << next.error().message;
    EXPECT_EQ(next->seq, before.lastSeq + 1);
  }
  EXPECT_TRUE(passedTheEnd);
  expectHealthy();
}

TEST_F(FaultTest, FailedSyncIsAnErrorAndTheSaleIsNotReported) {
  ASSERT_TRUE(s().sales().commit(bigDraft()));
  const Footprint before = footprint();
  vfs->failSync(1, SQLITE_IOERR_FSYNC);
  auto sale = s().sales().commit(bigDraft());
  ASSERT_TRUE(vfs->fired());
  vfs->disarm();
  ASSERT_FALSE(sale) << "a sale whose WAL sync failed was reported as committed";
  EXPECT_EQ(sale.error().code, Errc::Storage);
  EXPECT_EQ(footprint(), before);
  auto next = s().sales().commit(bigDraft());
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->seq, before.lastSeq + 1);
  reopen();
  EXPECT_EQ(footprint().sales, before.sales + 1);
  expectHealthy();
}

TEST_F(FaultTest, DiskFullDuringRefundAndShiftCloseChangesNothing) {
  const SaleRecord sale = sell({{"KUL-01", 3}});
  for (int n = 1; n <= 200; ++n) {
    const Footprint before = footprint();
    const std::int64_t refunds = count("SELECT COUNT(*) FROM refund");
    vfs->failWrite(n, SQLITE_FULL, true);
    auto r = s().sales().refund(refundDraft(sale, {{1, 1, true}}));
    const bool fired = vfs->fired();
    vfs->disarm();
    if (!fired) {
      ASSERT_TRUE(r);
      break;
    }
    if (r) break;
    EXPECT_EQ(r.error().code, Errc::DiskFull);
    EXPECT_EQ(footprint(), before) << "write " << n;
    EXPECT_EQ(count("SELECT COUNT(*) FROM refund"), refunds);
    EXPECT_TRUE(s().sales().refundedQuantities(sale.uuid).empty());
  }
  for (int n = 1; n <= 200; ++n) {
    const Footprint before = footprint();
    vfs->failWrite(n, SQLITE_FULL, true);
    auto closed = s().shifts().close({{10'000, 1}}, supervisor);
    const bool fired = vfs->fired();
    vfs->disarm();
    if (!fired || closed) {
      ASSERT_TRUE(closed);
      break;
    }
    EXPECT_EQ(closed.error().code, Errc::DiskFull);
    EXPECT_EQ(footprint(), before) << "write " << n;
    EXPECT_TRUE(s().shifts().current()) << "the shift is still open";
  }
  expectHealthy();
  EXPECT_TRUE(s().audit().check()->intact());
}

}  // namespace
}  // namespace pameran::test
