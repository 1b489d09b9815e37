#include "pameran/core/ids.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using RefundTest = StoreTest;

TEST_F(RefundTest, PartRefundReturnsItsShareRestocksAndIsAudited) {
  Cart c = cart({{"KRY-02", 3}, {"KUL-01", 1}});
  c.discount = Discount::rupiah(Rupiah(1'000));
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale) << sale.error().message;
  const SaleLine& line = sale->lines[0];  // 45.000 less its share of 1.000
  now += 10 * kMinuteMs;
  auto refund = s().sales().refund(refundDraft(*sale, {{1, 1, true}}, "Ukuran salah"));
  ASSERT_TRUE(refund) << refund.error().message;
  EXPECT_TRUE(isUuid(refund->uuid));
  EXPECT_EQ(refund->saleUuid, sale->uuid);
  EXPECT_EQ(refund->receiptNo, sale->receiptNo);
  EXPECT_FALSE(refund->isVoid);
  EXPECT_EQ(refund->reason, "Ukuran salah");
  EXPECT_EQ(refund->approvedBy, supervisor.name);
  EXPECT_EQ(refund->staff, cashier.name);
  EXPECT_EQ(refund->total, refundShare(line, 0, 1));
  EXPECT_EQ(refund->createdAt, now);
  EXPECT_TRUE(validateRefundRecord(*refund));
  EXPECT_EQ(onHand("KRY-02"), 98);
  EXPECT_EQ(s().sales().refundedQuantities(sale->uuid), (std::map<int, std::int64_t>{{1, 1}}));
  const auto audit = s().audit().entries(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "refund");
  EXPECT_EQ(audit[0].staff, supervisor.name);
  EXPECT_EQ(audit[0].reason, "Ukuran salah");
  EXPECT_EQ(audit[0].subject, sale->receiptNo);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'refund' AND uuid = '" + refund->uuid + "'"), 1);
  auto read = s().sales().refundByUuid(refund->uuid);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->total, refund->total);
  ASSERT_EQ(read->lines.size(), 1u);
  EXPECT_TRUE(read->lines[0].restock);
}

TEST_F(RefundTest, RefundingEveryUnitInPartsReturnsExactlyTheLineNet) {
  Cart c = cart({{"BTK-02", 7}});
  c.discount = Discount::rupiah(Rupiah(333));
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale);
  Rupiah refunded;
  for (std::int64_t units : {2, 1, 3, 1}) {
    auto r = s().sales().refund(refundDraft(*sale, {{1, units, false}}));
    ASSERT_TRUE(r) << r.error().message;
    refunded += r->total;
  }
  EXPECT_EQ(refunded, sale->lines[0].net);
  EXPECT_EQ(count("SELECT refunded_idr FROM sale"), sale->total.idr());
  auto more = s().sales().refund(refundDraft(*sale, {{1, 1, false}}));
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, Errc::Invalid);
  EXPECT_EQ(more.error().args.at(1), "0");
  EXPECT_EQ(onHand("BTK-02"), 13) << "nothing restocked";
}

TEST_F(RefundTest, RefundWithoutRestockLeavesStockAlone) {
  const SaleRecord sale = sell({{"KUL-01", 2}});
  ASSERT_TRUE(s().sales().refund(refundDraft(sale, {{1, 2, false}}, "Basi")));
  EXPECT_EQ(onHand("KUL-01"), 48);
  EXPECT_TRUE(s().stock().verifyLedger(event.id));
}

TEST_F(RefundTest, RefundNeedsASupervisorAndAReason) {
  const SaleRecord sale = sell({{"KUL-01", 2}});
  RefundDraft d = refundDraft(sale, {{1, 1, true}});
  d.approval.reset();
  EXPECT_EQ(s().sales().refund(d).error().code, Errc::NeedsSupervisor);
  approve(d, cashier);
  EXPECT_EQ(s().sales().refund(d).error().code, Errc::NeedsSupervisor) << "a cashier cannot approve";
  approve(d, supervisor);
  d.reason = "";
  EXPECT_EQ(s().sales().refund(d).error().code, Errc::Invalid);
  d.reason = std::string(kMaxTextLength + 1, 'x');
  EXPECT_EQ(s().sales().refund(d).error().code, Errc::Invalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM refund"), 0);
  EXPECT_EQ(onHand("KUL-01"), 48);
}

TEST_F(RefundTest, BadRefundRequestsChangeNothing) {
  const SaleRecord sale = sell({{"KUL-01", 2}, {"KRY-02", 1}});
  EXPECT_EQ(s().sales().refund(refundDraft(sale, {{3, 1, true}})).error().code, Errc::Invalid) << "no line 3";
  EXPECT_EQ(s().sales().refund(refundDraft(sale, {{0, 1, true}})).error().code, Errc::Invalid);
  EXPECT_EQ(s().sales().refund(refundDraft(sale, {{1, 3, true}})).error().code, Errc::Invalid) << "only 2 sold";
  EXPECT_EQ(s().sales().refund(refundDraft(sale, {{1, 0, true}})).error().code, Errc::Invalid);
  EXPECT_EQ(s().sales().refund(refundDraft(sale, {{1, 1, true}, {1, 1, true}})).error().code, Errc::Invalid) << "line twice";
  EXPECT_EQ(s().sales().refund(refundDraft(sale, {})).error().code, Errc::Invalid);
  RefundDraft unknown = refundDraft(sale, {{1, 1, true}});
  unknown.saleUuid = "00000000-0000-4000-8000-000000000000";
  approve(unknown, supervisor);
  EXPECT_EQ(s().sales().refund(unknown).error().code, Errc::NotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM refund"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'refund'"), 0);
  EXPECT_TRUE(s().sales().refundedQuantities(sale.uuid).empty());
}

TEST_F(RefundTest, VoidCancelsTheWholeSaleAsIfNeverRungUp) {
  const Report before = *s().reports().report(kEvent);
  Cart c = cart({{"BTK-02", 2}, {"KUL-01", 1}});
  SaleDraft draft = cashDraft(c);
  draft.tenders = {Tender::qris(Rupiah(502'500), QrisAccount::Organizer, "", cashier.name)};
  auto sale = s().sales().commit(draft);
  ASSERT_TRUE(sale) << sale.error().message;
  RefundDraft v = voidDraft(*sale);
  now += 5 * kMinuteMs;
  auto voided = s().sales().refund(v);
  ASSERT_TRUE(voided) << voided.error().message;
  EXPECT_TRUE(voided->isVoid);
  EXPECT_EQ(voided->total, sale->total);
  EXPECT_EQ(voided->method, PaymentMethod::Qris) << "money goes back the way it came";
  EXPECT_EQ(voided->lines.size(), 2u);
  EXPECT_EQ(onHand("BTK-02"), 20);
  EXPECT_EQ(onHand("KUL-01"), 50);
  EXPECT_EQ(s().stock().movements(event.id, product("BTK-02").id).at(0).kind, MovementKind::Void);
  const Report after = *s().reports().report(kEvent);
  EXPECT_EQ(after.salesCount, before.salesCount);
  EXPECT_EQ(after.net, before.net);
  EXPECT_EQ(after.gross, before.gross);
  EXPECT_EQ(after.items, before.items);
  for (const auto& [m, amount] : after.byPayment) EXPECT_EQ(amount, Rupiah(0)) << toString(m);
  EXPECT_EQ(s().audit().entries(1).at(0).action, "void");
  const auto list = s().sales().list(event.id, 0, kT0 + kHourMs, 10);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(list[0].voided);
  EXPECT_EQ(s().shifts().current()->salesCount, 0);
}

TEST_F(RefundTest, VoidedSaleCannotBeRefundedOrVoidedAgain) {
  const SaleRecord sale = sell({{"KUL-01", 1}});
  RefundDraft v = voidDraft(sale);
  ASSERT_TRUE(s().sales().refund(v));
  EXPECT_EQ(s().sales().refund(v).error().code, Errc::Conflict);
  EXPECT_EQ(s().sales().refund(refundDraft(sale, {{1, 1, true}})).error().code, Errc::Conflict);
}

TEST_F(RefundTest, PartlyRefundedSaleCannotBeVoided) {
  const SaleRecord sale = sell({{"KUL-01", 2}});
  ASSERT_TRUE(s().sales().refund(refundDraft(sale, {{1, 1, true}})));
  RefundDraft v = voidDraft(sale);
  EXPECT_EQ(s().sales().refund(v).error().code, Errc::Conflict);
}

TEST_F(RefundTest, OnlyASaleOfTheOpenShiftCanBeVoided) {
  const SaleRecord sale = sell({{"KUL-01", 1}});
  ASSERT_TRUE(s().shifts().close({{100'000, 2}}, supervisor));
  RefundDraft v = voidDraft(sale);
  EXPECT_EQ(s().sales().refund(v).error().code, Errc::Conflict);
  auto r = s().sales().refund(refundDraft(sale, {{1, 1, true}}));
  ASSERT_TRUE(r) << "a closed shift's sale is refunded instead: " << r.error().message;
  EXPECT_TRUE(s().shifts().current()) << "the refund opened a new shift to pay from";
}

TEST_F(RefundTest, RefundCountsAgainstReportAndPaymentMethod) {
  const SaleRecord sale = sell({{"BTK-02", 2}});
  RefundDraft d = refundDraft(sale, {{1, 1, true}});
  d.method = PaymentMethod::Transfer;
  approve(d, supervisor);
  auto r = s().sales().refund(d);
  ASSERT_TRUE(r);
  const Report rep = *s().reports().report(kEvent);
  EXPECT_EQ(rep.salesCount, 1);
  EXPECT_EQ(rep.refund, Rupiah(245'000));
  EXPECT_EQ(rep.net, Rupiah(245'000));
  EXPECT_EQ(rep.items, 1);
  std::map<PaymentMethod, Rupiah> byMethod(rep.byPayment.begin(), rep.byPayment.end());
  EXPECT_EQ(byMethod[PaymentMethod::Cash], Rupiah(490'000));
  EXPECT_EQ(byMethod[PaymentMethod::Transfer], Rupiah(-245'000));
  const auto refunds = s().sales().refundsOf(sale.uuid);
  ASSERT_EQ(refunds.size(), 1u);
  EXPECT_EQ(refunds[0].method, PaymentMethod::Transfer);
}

TEST_F(RefundTest, RefundsAreNeverDeleted) {
  const SaleRecord sale = sell({{"KUL-01", 1}});
  ASSERT_TRUE(s().sales().refund(refundDraft(sale, {{1, 1, true}})));
  SQLite::Database db = raw();
  EXPECT_THROW(db.exec("DELETE FROM refund"), SQLite::Exception);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM refund"), 1);
}

}  // namespace
}  // namespace pameran::test
