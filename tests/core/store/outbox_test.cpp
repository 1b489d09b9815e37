#include <set>

#include "store_fixture.hpp"

namespace pameran::test {
namespace {

// The seed's catalog import queues nothing: the catalog's opening stock stays on the kiosk.
class OutboxTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(s().outbox().pending(100'000).empty()) << "the catalog's opening stock does not travel";
  }
};

TEST_F(OutboxTest, SalesRefundsAndShiftClosesQueueInCommitOrder) {
  const SaleRecord a = sell({{"KUL-01", 1}});
  const SaleRecord b = sell({{"KUL-01", 2}});
  auto refund = s().sales().refund(refundDraft(a, {{1, 1, true}}));
  ASSERT_TRUE(refund);
  auto shift = s().shifts().close({{10'000, 3}}, supervisor);
  ASSERT_TRUE(shift);
  const auto items = s().outbox().pending(10);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].kind, OutboxKind::Sale);
  EXPECT_EQ(items[0].uuid, a.uuid);
  EXPECT_EQ(items[1].uuid, b.uuid);
  EXPECT_EQ(items[2].kind, OutboxKind::Refund);
  EXPECT_EQ(items[2].uuid, refund->uuid);
  EXPECT_EQ(items[3].kind, OutboxKind::ShiftClose);
  EXPECT_EQ(items[3].uuid, shift->uuid);
  for (std::size_t i = 1; i < items.size(); ++i) EXPECT_LT(items[i - 1].id, items[i].id);
  EXPECT_EQ(s().outbox().pending(2).size(), 2u);
  const auto after = s().outbox().pending(10, items[1].id);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].id, items[2].id);
  // The records and the audit entries not uploaded yet (the refund and the shift close are audited).
  EXPECT_GE(s().audit().pendingUpload(), 2);
  EXPECT_EQ(s().outbox().stats().pending, 4 + s().audit().pendingUpload());
}

TEST_F(OutboxTest, AuditEntriesCountAsPendingUntilTheServerConfirmedThem) {
  const SaleRecord a = sell({{"KUL-01", 1}});
  ASSERT_TRUE(s().sales().refund(refundDraft(a, {{1, 1, true}})));  // audited
  const std::int64_t records = static_cast<std::int64_t>(s().outbox().pending(10).size());
  const std::vector<AuditEntry> entries = s().audit().entries(1000);
  ASSERT_FALSE(entries.empty());
  const std::int64_t newest = entries.front().id;
  EXPECT_EQ(s().audit().uploadedThrough(), 0);
  EXPECT_EQ(s().outbox().stats().pending, records + newest);
  ASSERT_TRUE(s().audit().markUploaded(newest));
  EXPECT_EQ(s().audit().pendingUpload(), 0);
  EXPECT_EQ(s().outbox().stats().pending, records);
  ASSERT_TRUE(s().audit().markUploaded(1));
  EXPECT_EQ(s().audit().uploadedThrough(), newest) << "the pointer never moves back by itself";
  // A restored server holds less (P24): the rest travels again.
  auto again = s().audit().resendAfter(0);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, newest);
  EXPECT_EQ(s().outbox().stats().pending, records + newest);
  EXPECT_EQ(*s().audit().resendAfter(newest), 0) << "holding more than was sent moves nothing";
}

TEST_F(OutboxTest, SyncedItemsLeavePendingButAreNeverDeleted) {
  sell({{"KUL-01", 1}});
  sell({{"KUL-01", 1}});
  auto items = s().outbox().pending(10);
  ASSERT_EQ(items.size(), 2u);
  now += kMinuteMs;
  ASSERT_TRUE(s().outbox().markSynced({items[0].id}));
  ASSERT_TRUE(s().outbox().markSynced({items[0].id})) << "marking twice is harmless";
  const auto left = s().outbox().pending(10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, items[1].id);
  const OutboxStats st = s().outbox().stats();
  EXPECT_EQ(st.pending, 1 + s().audit().pendingUpload());
  EXPECT_EQ(st.synced, 1);
  EXPECT_EQ(st.lastSuccessAt, now);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sale"), 2) << "sync never deletes local sales";
}

TEST_F(OutboxTest, QuarantinedItemsWaitForAPersonAndCanBeRequeued) {
  const SaleRecord sale = sell({{"KUL-01", 1}});
  const auto items = s().outbox().pending(10);
  ASSERT_TRUE(s().outbox().quarantine(items[0].id, "409 conflict: same id, different body"));
  EXPECT_TRUE(s().outbox().pending(10).empty());
  const auto q = s().outbox().quarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].uuid, sale.uuid);
  EXPECT_EQ(q[0].receiptNo, sale.receiptNo);
  EXPECT_EQ(q[0].reason, "409 conflict: same id, different body");
  EXPECT_EQ(s().outbox().stats().quarantined, 1);
  const auto list = s().sales().list(event.id, 0, kT0 + 1, 10);
  EXPECT_EQ(list.at(0).sync, SyncState::Quarantined);
  ASSERT_TRUE(s().outbox().requeue(items[0].id));
  EXPECT_EQ(s().outbox().pending(10).size(), 1u);
  EXPECT_EQ(s().outbox().requeue(items[0].id).error().code, Errc::NotFound) << "only quarantined items are requeued";
  EXPECT_EQ(s().outbox().quarantine(99'999, "x").error().code, Errc::NotFound);
}

TEST_F(OutboxTest, FailuresAreRecordedForTheStatusLine) {
  ASSERT_TRUE(s().outbox().recordFailure("server unreachable"));
  EXPECT_EQ(s().outbox().stats().lastError, "server unreachable");
  sell({{"KUL-01", 1}});
  ASSERT_TRUE(s().outbox().markSynced({s().outbox().pending(1).at(0).id}));
  EXPECT_EQ(s().outbox().stats().lastError, "") << "a success clears the error";
}

TEST_F(OutboxTest, RefundOfAQuarantinedSaleShowsTheSaleReceipt) {
  const SaleRecord sale = sell({{"KUL-01", 2}});
  auto refund = s().sales().refund(refundDraft(sale, {{1, 1, true}}));
  ASSERT_TRUE(refund);
  const auto items = s().outbox().pending(10);
  ASSERT_EQ(items.size(), 2u);
  ASSERT_TRUE(s().outbox().quarantine(items[1].id, "rejected"));
  const auto q = s().outbox().quarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].kind, OutboxKind::Refund);
  EXPECT_EQ(q[0].receiptNo, sale.receiptNo);
}

TEST_F(OutboxTest, DuplicateQueueEntriesAreImpossible) {
  const SaleRecord sale = sell({{"KUL-01", 1}});
  SQLite::Database db = raw();
  EXPECT_THROW(db.exec("INSERT INTO outbox (kind, uuid, created_at_ms) VALUES ('sale', '" + sale.uuid + "', 0)"), SQLite::Exception);
}

TEST_F(OutboxTest, WhatARestoredServerLacksGoesBackToPendingAndNothingElse) {
  std::vector<SaleRecord> sales;
  for (int i = 0; i < 8; ++i) sales.push_back(sell({{"KUL-01", 1}}));
  auto refund = s().sales().refund(refundDraft(sales[1], {{1, 1, true}}));
  ASSERT_TRUE(refund);
  auto shift = s().shifts().close({{10'000, 3}}, supervisor);
  ASSERT_TRUE(shift);
  std::vector<std::int64_t> all;
  for (const OutboxItem& item : s().outbox().pending(100)) all.push_back(item.id);
  ASSERT_EQ(all.size(), 10u);
  // The last sale is still pending (never answered) and stays as it is.
  ASSERT_TRUE(s().outbox().markSynced({all.begin(), all.end() - 3}));
  ASSERT_TRUE(s().outbox().markSynced({all.end() - 2, all.end()}));
  const std::string device = s().settings().device().deviceId;

  // The server holds 1..6 but 3 and 5, one refund and no shift close.
  ServerHolding held;
  held.highestSeq = 6;
  held.missing = {{3, 3}, {5, 5}};
  held.refunds = 1;
  held.shiftCloses = 0;
  auto lost = s().outbox().requeueLost(device, event.code, held);
  ASSERT_TRUE(lost) << lost.error().message;
  EXPECT_EQ(lost->sales, 3) << "seq 3, 5 and 7: the 8th was never synced";
  EXPECT_EQ(lost->refunds, 0);
  EXPECT_EQ(lost->shiftCloses, 1);
  std::set<std::string> pending;
  for (const OutboxItem& item : s().outbox().pending(100)) pending.insert(item.uuid);
  EXPECT_EQ(pending, (std::set<std::string>{sales[2].uuid, sales[4].uuid, sales[6].uuid, sales[7].uuid, shift->uuid}));

  // Asked again with the same answer, nothing more moves; a server short of the refund gets it.
  held.refunds = 0;
  lost = s().outbox().requeueLost(device, event.code, held);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->sales, 0);
  EXPECT_EQ(lost->refunds, 1);
  // Another device's holdings say nothing about these records.
  ASSERT_TRUE(s().outbox().markSynced(all));
  lost = s().outbox().requeueLost("00000000-0000-4000-8000-000000000000", "OTHER-EVENT", ServerHolding{});
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->total(), 0);
  EXPECT_EQ(s().outbox().stats().pending, s().audit().pendingUpload()) << "no record; the audit entries wait for their own upload";
}

}  // namespace
}  // namespace pameran::test
