#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using StockTest = StoreTest;

TEST_F(StockTest, IntakeAddsToTheLedgerAndTheLevel) {
  ASSERT_TRUE(s().stock().intake(event.id, product("KUL-02").id, 24, cashier.name, "kiriman pagi"));
  EXPECT_EQ(onHand("KUL-02"), 24);
  const auto moves = s().stock().movements(event.id, product("KUL-02").id);
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].kind, MovementKind::Intake);
  EXPECT_EQ(moves[0].quantity, 24);
  EXPECT_EQ(moves[0].reason, "kiriman pagi");
  EXPECT_EQ(moves[0].staff, cashier.name);
  EXPECT_EQ(moves[0].at, now);
  EXPECT_FALSE(s().stock().intake(event.id, product("KUL-02").id, 0, cashier.name));
  EXPECT_FALSE(s().stock().intake(event.id, product("KUL-02").id, -3, cashier.name));
  EXPECT_EQ(s().stock().intake(event.id, 99'999, 1, cashier.name).error().code, Errc::NotFound);
  EXPECT_EQ(s().stock().intake(99'999, product("KUL-02").id, 1, cashier.name).error().code, Errc::NotFound);
}

TEST_F(StockTest, SaleTakesStockOffThroughTheLedger) {
  const SaleRecord sale = sell({{"BTK-02", 3}, {"KUL-01", 2}});
  EXPECT_EQ(onHand("BTK-02"), 17);
  EXPECT_EQ(onHand("KUL-01"), 48);
  const auto moves = s().stock().movements(event.id, product("BTK-02").id);
  ASSERT_EQ(moves.size(), 2u);
  EXPECT_EQ(moves[0].kind, MovementKind::Sale);
  EXPECT_EQ(moves[0].quantity, -3);
  EXPECT_EQ(moves[0].reference, sale.uuid);
  EXPECT_TRUE(s().stock().verifyLedger(event.id));
}

TEST_F(StockTest, AdjustmentNeedsAReasonAndIsAudited) {
  EXPECT_EQ(s().stock().adjust(event.id, product("KRY-01").id, -1, "", supervisor).error().code, Errc::Invalid);
  EXPECT_FALSE(s().stock().adjust(event.id, product("KRY-01").id, 0, "nol", supervisor));
  ASSERT_TRUE(s().stock().adjust(event.id, product("KRY-01").id, -2, "rusak kena hujan", supervisor));
  EXPECT_EQ(onHand("KRY-01"), 3);
  const auto moves = s().stock().movements(event.id, product("KRY-01").id);
  EXPECT_EQ(moves[0].kind, MovementKind::Adjustment);
  EXPECT_EQ(moves[0].reason, "rusak kena hujan");
  const auto audit = s().audit().entries(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "stock_adjust");
  EXPECT_EQ(audit[0].staff, supervisor.name);
  EXPECT_EQ(audit[0].subject, "Tas Anyaman Bambu");
  EXPECT_EQ(audit[0].reason, "rusak kena hujan");
  EXPECT_EQ(audit[0].details, "-2 (from 5 to 3)");
  ASSERT_TRUE(s().stock().adjust(event.id, product("KRY-01").id, 4, "ditemukan di gudang", supervisor));
  EXPECT_EQ(onHand("KRY-01"), 7);
}

TEST_F(StockTest, AdjustmentBelowZeroIsBlockedUnlessOversellIsAllowed) {
  auto r = s().stock().adjust(event.id, product("KRY-01").id, -6, "hilang", supervisor);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::OutOfStock);
  EXPECT_EQ(onHand("KRY-01"), 5);
  ASSERT_TRUE(s().settings().set(settings::kAllowOversell, "1"));
  ASSERT_TRUE(s().stock().adjust(event.id, product("KRY-01").id, -6, "hilang", supervisor));
  EXPECT_EQ(onHand("KRY-01"), -1);
  EXPECT_TRUE(s().stock().verifyLedger(event.id));
}

TEST_F(StockTest, ReturnToVendorIsAtMostWhatIsOnHand) {
  auto tooMany = s().stock().returnToVendor(event.id, product("KRY-01").id, 6, supervisor);
  ASSERT_FALSE(tooMany);
  EXPECT_EQ(tooMany.error().code, Errc::OutOfStock);
  ASSERT_TRUE(s().stock().returnToVendor(event.id, product("KRY-01").id, 5, supervisor));
  EXPECT_EQ(onHand("KRY-01"), 0);
  const auto moves = s().stock().movements(event.id, product("KRY-01").id);
  EXPECT_EQ(moves[0].kind, MovementKind::ReturnToVendor);
  EXPECT_EQ(moves[0].quantity, -5);
  EXPECT_EQ(s().audit().entries(1).at(0).action, "stock_return");
  EXPECT_FALSE(s().stock().returnToVendor(event.id, product("KRY-01").id, 0, supervisor));
}

TEST_F(StockTest, OversellingIsBlockedWithWhatIsLeft) {
  auto draft = cashDraft(cart({{"KRY-01", 6}}));
  auto sale = s().sales().commit(draft);
  ASSERT_FALSE(sale);
  EXPECT_EQ(sale.error().code, Errc::OutOfStock);
  ASSERT_EQ(sale.error().args.size(), 2u);
  EXPECT_EQ(sale.error().args[0], "Tas Anyaman Bambu");
  EXPECT_EQ(sale.error().args[1], "5");
  EXPECT_EQ(onHand("KRY-01"), 5);
  EXPECT_EQ(s().sales().count(event.id), 0);
  EXPECT_EQ(s().sales().validate(draft).error().code, Errc::OutOfStock) << "the screen learns it before paying";
}

TEST_F(StockTest, OversellingCountsEveryLineOfTheSameProduct) {
  Cart c = cart({{"KRY-01", 3}});
  Cart more = cart({{"KRY-01", 3}});
  more.lines[0].discount = Discount::percent(500);  // a separate line of the same product
  c.lines.push_back(more.lines[0]);
  auto draft = cashDraft(c);
  auto sale = s().sales().commit(draft);
  ASSERT_FALSE(sale);
  EXPECT_EQ(sale.error().code, Errc::OutOfStock);
}

TEST_F(StockTest, SoldOutProductCannotBeSold) {
  auto sale = s().sales().commit(cashDraft(cart({{"KUL-02", 1}})));
  ASSERT_FALSE(sale);
  EXPECT_EQ(sale.error().code, Errc::OutOfStock);
  EXPECT_EQ(sale.error().args.at(1), "0");
}

TEST_F(StockTest, OversellSettingLetsTheSaleThroughAndStockGoesNegative) {
  ASSERT_TRUE(s().settings().set(settings::kAllowOversell, "1"));
  const SaleRecord sale = sell({{"KUL-02", 2}});
  EXPECT_FALSE(sale.uuid.empty());
  EXPECT_EQ(onHand("KUL-02"), -2);
  EXPECT_TRUE(s().stock().verifyLedger(event.id));
  ASSERT_TRUE(s().settings().set(settings::kAllowOversell, "0"));
  EXPECT_EQ(s().sales().commit(cashDraft(cart({{"KUL-02", 1}}))).error().code, Errc::OutOfStock);
}

TEST_F(StockTest, LowStockIsAtOrBelowTheThreshold) {
  // KUL-02 has 0 (threshold 5); KRY-01 has 5 (threshold 1).
  auto low = s().stock().lowStock(event.id);
  ASSERT_EQ(low.size(), 1u);
  EXPECT_EQ(low[0].productId, product("KUL-02").id);
  sell({{"KRY-01", 4}});
  low = s().stock().lowStock(event.id);
  ASSERT_EQ(low.size(), 2u);
  EXPECT_EQ(low[0].productId, product("KUL-02").id) << "emptiest first";
  EXPECT_EQ(low[1].productId, product("KRY-01").id);
  EXPECT_TRUE(s().stock().levels(event.id).at(product("KRY-01").id).isLow());
  ASSERT_TRUE(s().stock().setLowStock(event.id, product("KUL-02").id, 0));
  ASSERT_TRUE(s().stock().setLowStock(event.id, product("KRY-01").id, 0));
  low = s().stock().lowStock(event.id);
  ASSERT_EQ(low.size(), 1u) << "0 on hand with threshold 0 is still low";
  EXPECT_FALSE(s().stock().setLowStock(event.id, product("KRY-01").id, -1));
}

TEST_F(StockTest, LevelsEqualTheSumOfTheLedgerAndTamperingIsNoticed) {
  sell({{"BTK-01", 2}});
  ASSERT_TRUE(s().stock().intake(event.id, product("BTK-01").id, 5, cashier.name));
  EXPECT_TRUE(s().stock().verifyLedger(event.id));
  {
    SQLite::Database db = raw();
    db.exec("UPDATE stock_level SET on_hand = on_hand + 1 WHERE product_id = " + std::to_string(product("BTK-01").id));
  }
  auto ok = s().stock().verifyLedger(event.id);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, Errc::Storage);
  EXPECT_NE(ok.error().message.find("product " + std::to_string(product("BTK-01").id)), std::string::npos) << ok.error().message;
  EXPECT_NE(ok.error().message.find("is 14 but its ledger sums to 13"), std::string::npos) << ok.error().message;
}

TEST_F(StockTest, ReturnSlipAccountsForEveryUnit) {
  const SaleRecord sale = sell({{"BTK-02", 5}});
  ASSERT_TRUE(s().sales().refund(refundDraft(sale, {{1, 2, true}})));
  ASSERT_TRUE(s().stock().adjust(event.id, product("BTK-02").id, -1, "noda", supervisor));
  ASSERT_TRUE(s().stock().returnToVendor(event.id, product("BTK-02").id, 4, supervisor));
  const auto slip = s().stock().returnSlip(event.id, "BTK");
  ASSERT_EQ(slip.size(), 2u);
  const ReturnSlipLine& l = slip[1].sku == "BTK-02" ? slip[1] : slip[0];
  EXPECT_EQ(l.sku, "BTK-02");
  EXPECT_EQ(l.brought, 20);
  EXPECT_EQ(l.sold, 5);
  EXPECT_EQ(l.refunded, 2);
  EXPECT_EQ(l.adjusted, -1);
  EXPECT_EQ(l.returned, 4);
  EXPECT_EQ(l.remaining, 12);
  EXPECT_EQ(l.remaining, l.brought - l.sold + l.refunded + l.adjusted - l.returned);
  EXPECT_EQ(l.remaining, onHand("BTK-02"));
}

}  // namespace
}  // namespace pameran::test
