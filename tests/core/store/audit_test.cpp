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
    ASSERT_TRUE(s().sales().commit(approvedDraft(c)));
    now += kMinuteMs;
    Cart big = cart({{"BTK-02", 1}});
    big.discount = Discount::percent(2500);
    auto sale = s().sales().commit(approvedDraft(big));
    ASSERT_TRUE(sale);
    now += kMinuteMs;
    ASSERT_TRUE(s().sales().refund(refundDraft(*sale, {{1, 1, true}}, "Jahitan lepas")));
    const SaleRecord small = sell({{"KUL-01", 1}});
    ASSERT_TRUE(s().sales().refund(voidDraft(small)));
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
  EXPECT_TRUE(s().audit().check()->intact());
}

TEST_F(AuditTest, TheLogIsAppendOnly) {
  doPrivilegedThings();
  SQLite::Database db = raw();
  EXPECT_THROW(db.exec("UPDATE audit_log SET reason = 'tidak ada' WHERE id = 2"), SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM audit_log WHERE id = 2"), SQLite::Exception);
  EXPECT_TRUE(s().audit().check()->intact());
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
  auto check = s().audit().check();
  ASSERT_TRUE(check) << "a broken chain is a finding, not a failure to read";
  EXPECT_FALSE(check->intact());
  EXPECT_EQ(check->firstBad, row);
  EXPECT_EQ(check->problem, "audit log entry " + std::to_string(row) + " was altered");
}

TEST_F(AuditTest, RecomputedHashesDoNotHideAnEdit) {
  doPrivilegedThings();
  {
    // Rewriting the row's own hash is not enough: the next row chains to the old one.
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_update");
    db.exec("UPDATE audit_log SET staff = 'Orang Lain', hash = '" + std::string(64, 'a') + "' WHERE id = 3");
  }
  EXPECT_EQ(s().audit().check()->firstBad, 3);
}

TEST_F(AuditTest, DeletedMiddleRowIsNamed) {
  doPrivilegedThings();
  {
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_delete");
    db.exec("DELETE FROM audit_log WHERE id = 4");
  }
  auto check = s().audit().check();
  EXPECT_EQ(check->firstBad, 4);
  EXPECT_EQ(check->problem, "audit log entry 4 is missing");
}

TEST_F(AuditTest, DeletedLastRowIsDetected) {
  doPrivilegedThings();
  const std::int64_t last = count("SELECT MAX(id) FROM audit_log");
  {
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_delete");
    db.exec("DELETE FROM audit_log WHERE id = " + std::to_string(last));
  }
  auto check = s().audit().check();
  EXPECT_EQ(check->firstBad, last);
  EXPECT_EQ(check->entries, last - 1);
  EXPECT_NE(check->problem.find("its head is entry " + std::to_string(last)), std::string::npos) << check->problem;
}

TEST_F(AuditTest, EmptiedLogIsDetected) {
  doPrivilegedThings();
  {
    SQLite::Database db = raw();
    db.exec("DROP TRIGGER audit_log_no_delete");
    db.exec("DELETE FROM audit_log");
  }
  EXPECT_EQ(s().audit().check()->firstBad, 1);
}

TEST_F(AuditTest, LogKeepsGrowingIntactAfterARestart) {
  doPrivilegedThings();
  reopen();
  ASSERT_TRUE(s().stock().adjust(event.id, product("KUL-01").id, 5, "kiriman susulan", supervisor));
  EXPECT_TRUE(s().audit().check()->intact());
  EXPECT_EQ(s().audit().entries(1).at(0).id, count("SELECT COUNT(*) FROM audit_log"));
}

TEST_F(AuditTest, AnEntryAddedPastTheHeadIsNamed) {
  doPrivilegedThings();
  const std::int64_t last = count("SELECT MAX(id) FROM audit_log");
  {
    // A forged entry that chains correctly, but the head was not moved.
    AuditEntry forged = s().audit().entries(1).at(0);
    forged.prevHash = forged.hash;
    forged.id = last + 1;
    forged.action = "refund";
    forged.hash = auditHash(forged);
    SQLite::Database db = raw();
    SQLite::Statement ins(db, "INSERT INTO audit_log (id, at_ms, staff, action, subject, reason, details, prev_hash, hash) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, forged.id);
    ins.bind(2, forged.at);
    ins.bind(3, forged.staff);
    ins.bind(4, forged.action);
    ins.bind(5, forged.subject);
    ins.bind(6, forged.reason);
    ins.bind(7, forged.details);
    ins.bind(8, forged.prevHash);
    ins.bind(9, forged.hash);
    ins.exec();
  }
  auto check = s().audit().check();
  EXPECT_EQ(check->firstBad, last + 1);
  EXPECT_EQ(check->entries, last + 1);
}

TEST_F(AuditTest, EntriesGoOutInOrderWithTheHashesTheServerRecomputes) {
  doPrivilegedThings();
  std::vector<AuditEntry> all;
  for (std::int64_t after = 0;;) {
    auto batch = s().audit().after(after, 3);
    ASSERT_TRUE(batch) << batch.error().message;
    if (batch->empty()) break;
    EXPECT_LE(batch->size(), 3u);
    after = batch->back().id;
    all.insert(all.end(), batch->begin(), batch->end());
  }
  ASSERT_EQ(static_cast<std::int64_t>(all.size()), count("SELECT COUNT(*) FROM audit_log"));
  std::string prev = auditGenesisHash();
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].id, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(all[i].prevHash, prev);
    EXPECT_EQ(auditHash(all[i]), all[i].hash) << "entry " << all[i].id;
    prev = all[i].hash;
  }
  AuditEntry changed = all[3];
  changed.reason = "lain";
  EXPECT_NE(auditHash(changed), all[3].hash);
}

}  // namespace
}  // namespace pameran::test
