#include "store_fixture.hpp"

namespace pameran::test {
namespace {

class AuditTest : public StoreTest {
 protected:
  // Every privileged action once: price override, discount override, refund, void, stock
  // adjustment, stock return, cash in/out, shift close (plus the catalog import's own entry).
  void doPrivilegedThings() {
    Cart c = cart({{"BTK-01", 1}});
    c.lines[0].unitPrice = Rupiah(600'000);
    SaleDraft d = cashDraft(c);
    d.supervisor = supervisor;
    ASSERT_TRUE(s().sales().commit(d));
    now += kMinuteMs;
    Cart big = cart({{"BTK-02", 1}});
    big.discount = Discount::percent(2500);
    SaleDraft bd = cashDraft(big);
    bd.supervisor = supervisor;
    auto sale = s().sales().commit(bd);
    ASSERT_TRUE(sale);
    now += kMinuteMs;
    ASSERT_TRUE(s().sales().refund(refundDraft(*sale, {{1, 1, true}}, "Jahitan lepas")));
    const SaleRecord small = sell({{"KUL-01", 1}});
    RefundDraft v = refundDraft(small, {});
    v.isVoid = true;
    v.reason = "Salah input";
    ASSERT_TRUE(s().sales().refund(v));
    ASSERT_TRUE(s().stock().adjust(event.id, product("KRY-01").id, -1, "pecah", supervisor));
    ASSERT_TRUE(s().stock().returnToVendor(event.id, product("KRY-01").id, 1, supervisor));
    ASSERT_TRUE(s().shifts().moveCash(true, Rupiah(100'000), "modal", cashier));
    ASSERT_TRUE(s().shifts().moveCash(false, Rupiah(50'000), "setor", supervisor));
    now += kHourMs;
    ASSERT_TRUE(s().shifts().close({{100'000, 7}}, supervisor));
  }
};

TEST_F(AuditTest, PrivilegedActionsAreLoggedWithWhoWhenAndWhy) {
  doPrivilegedThings();
  const auto entries = s().audit().entries();
  std::vector<std::string> actions;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) actions.push_back(it->action);
  EXPECT_EQ(actions, (std::vector<std::string>{"stock_import", "price_override", "discount_override", "refund", "void", "stock_adjust",
                                               "stock_return", "cash_in", "cash_out", "shift_close"}));
  for (const AuditEntry& e : entries) {
    EXPECT_FALSE(e.staff.empty()) << e.action;
    EXPECT_GE(e.at, kT0) << e.action;
    EXPECT_EQ(e.hash.size(), 64u);
  }
  EXPECT_EQ(entries[0].at, now);
  EXPECT_EQ(entries[0].staff, supervisor.name);
  EXPECT_EQ(entries[6].reason, "Jahitan lepas");
  EXPECT_TRUE(s().audit().verify());
}

TEST_F(AuditTest, TheLogIsAppendOnly) {
  doPrivilegedThings();
  SQLite::Database db = raw();
  EXPECT_THROW(db.exec("UPDATE audit_log SET reason = 'tidak ada' WHERE id = 2"), SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM audit_log WHERE id = 2"), SQLite::Exception);
  EXPECT_TRUE(s().audit().verify());
}

TEST_F(AuditTest, EditedRowIsNamedByVerification) {
  doPrivilegedThings();
  {
    // An attacker with the file drops the triggers and rewrites a refund's reason.
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_update");
    db.exec("UPDATE audit_log SET reason = 'Pelanggan minta' WHERE action = 'refund'");
  }
  const std::int64_t row = count("SELECT id FROM audit_log WHERE action = 'refund'");
  auto ok = s().audit().verify();
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, Errc::Storage);
  EXPECT_EQ(ok.error().args.at(0), std::to_string(row));
  EXPECT_NE(ok.error().message.find("row " + std::to_string(row) + " was altered"), std::string::npos) << ok.error().message;
}

TEST_F(AuditTest, RecomputedHashesDoNotHideAnEdit) {
  doPrivilegedThings();
  {
    // Rewriting the row's own hash is not enough: the next row chains to the old one.
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_update");
    db.exec("UPDATE audit_log SET staff = 'Orang Lain', hash = '" + std::string(64, 'a') + "' WHERE id = 3");
  }
  auto ok = s().audit().verify();
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().args.at(0), "3");
}

TEST_F(AuditTest, DeletedMiddleRowIsNamed) {
  doPrivilegedThings();
  {
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_delete");
    db.exec("DELETE FROM audit_log WHERE id = 4");
  }
  auto ok = s().audit().verify();
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().args.at(0), "4");
  EXPECT_NE(ok.error().message.find("row 4 is missing"), std::string::npos) << ok.error().message;
}

TEST_F(AuditTest, DeletedLastRowIsDetected) {
  doPrivilegedThings();
  const std::int64_t last = count("SELECT MAX(id) FROM audit_log");
  {
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_delete");
    db.exec("DELETE FROM audit_log WHERE id = " + std::to_string(last));
  }
  auto ok = s().audit().verify();
  ASSERT_FALSE(ok);
  EXPECT_NE(ok.error().message.find("head is row " + std::to_string(last)), std::string::npos) << ok.error().message;
}

TEST_F(AuditTest, EmptiedLogIsDetected) {
  doPrivilegedThings();
  {
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_delete");
    db.exec("DELETE FROM audit_log");
  }
  EXPECT_FALSE(s().audit().verify());
}

TEST_F(AuditTest, LogKeepsGrowingIntactAfterARestart) {
  doPrivilegedThings();
  reopen();
  ASSERT_TRUE(s().stock().adjust(event.id, product("KUL-01").id, 5, "kiriman susulan", supervisor));
  EXPECT_TRUE(s().audit().verify());
  EXPECT_EQ(s().audit().entries(1).at(0).id, count("SELECT COUNT(*) FROM audit_log"));
}

}  // namespace
}  // namespace pameran::test
