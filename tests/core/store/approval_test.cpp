// P25: an approval covers exactly what was approved. The store refuses a sale or refund whose
// supervisor's approval was given to something else, whatever the screen did.
#include <functional>

#include "store_fixture.hpp"

namespace pameran::test {
namespace {

class ApprovalTest : public StoreTest {
 protected:
  std::int64_t sales() const { return count("SELECT COUNT(*) FROM sale"); }
  std::int64_t refunds() const { return count("SELECT COUNT(*) FROM refund"); }

  /// Commits and expects the store to refuse for want of a (new) approval, writing nothing.
  void expectRefused(const Cart& c, const std::string& why) {
    const std::int64_t before = sales();
    const std::int64_t stock = onHand("KUL-01") + onHand("BTK-01") + onHand("BTK-02");
    auto sale = s().sales().commit(cashDraft(c));
    ASSERT_FALSE(sale) << why;
    EXPECT_EQ(sale.error().code, Errc::NeedsSupervisor) << why << ": " << sale.error().message;
    EXPECT_EQ(s().sales().validate(cashDraft(c)).error().code, Errc::NeedsSupervisor) << why;
    EXPECT_EQ(sales(), before) << why;
    EXPECT_EQ(onHand("KUL-01") + onHand("BTK-01") + onHand("BTK-02"), stock) << why;
  }
};

TEST_F(ApprovalTest, ADiscountApprovedOnExpensiveGoodsDoesNotFollowTheSwap) {
  // The supervisor approves Rp 100.000 off Rp 895.000 of batik (above the cashier's 10 %)...
  Cart c = cart({{"BTK-01", 1}, {"BTK-02", 1}});
  c.discount = Discount::rupiah(Rupiah(100'000));
  ASSERT_EQ(approvalsNeeded(c, settings::kDefaultDiscountThresholdBp), (ApprovalKinds{ApprovalKind::Discount}));
  approve(c, supervisor, {ApprovalKind::Discount});
  ASSERT_NE(currentApproval(c), nullptr);
  // ...then the cashier swaps the batik for eight cakes worth Rp 100.000: the sale would be free.
  c.lines.clear();
  addToCart(c, product("KUL-01"), vendor("KUL"), 8);
  ASSERT_EQ(computeTotals(c).total, Rupiah(0));
  EXPECT_EQ(currentApproval(c), nullptr);
  expectRefused(c, "swapped goods");

  // Asked again, the supervisor sees what is really sold and may approve it.
  approve(c, supervisor, {ApprovalKind::Discount});
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->approvedBy, supervisor.name);
  EXPECT_EQ(sale->total, Rupiah(0));
}

TEST_F(ApprovalTest, AnyChangeToTheCartVoidsTheApproval) {
  Cart approved = cart({{"BTK-02", 2}, {"KUL-01", 1}});
  approved.discount = Discount::percent(2000);
  approve(approved, supervisor, approvalsNeeded(approved, settings::kDefaultDiscountThresholdBp));
  const std::vector<std::pair<std::string, std::function<void(Cart&)>>> changes = {
      {"one more unit", [](Cart& c) { c.lines[0].quantity = 3; }},
      {"one unit less", [](Cart& c) { c.lines[0].quantity = 1; }},
      {"a line added", [&](Cart& c) { addToCart(c, product("KRY-02"), vendor("KRY"), 1); }},
      {"a line taken out", [](Cart& c) { c.lines.pop_back(); }},
      {"lines in another order", [](Cart& c) { std::swap(c.lines[0], c.lines[1]); }},
      {"a bigger cart discount", [](Cart& c) { c.discount = Discount::percent(2500); }},
      {"the discount in rupiah", [](Cart& c) { c.discount = Discount::rupiah(Rupiah(100'000)); }},
      {"a line discount", [](Cart& c) { c.lines[1].discount = Discount::percent(500); }},
      {"a price override", [](Cart& c) { c.lines[0].unitPrice = Rupiah(200'000); }},
      {"another product in a line", [&](Cart& c) { c.lines[1] = cart({{"KRY-02", 1}}).lines[0]; }},
  };
  for (const auto& [what, change] : changes) {
    Cart c = approved;
    change(c);
    EXPECT_EQ(currentApproval(c), nullptr) << what;
    expectRefused(c, what);
  }
  // Unchanged, it sells.
  auto sale = s().sales().commit(cashDraft(approved));
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->approvedBy, supervisor.name);
}

TEST_F(ApprovalTest, AChangeThatNeedsNoSupervisorSellsWithoutOne) {
  Cart c = cart({{"BTK-02", 1}});
  c.discount = Discount::percent(2000);
  approve(c, supervisor, {ApprovalKind::Discount});
  c.discount = Discount::percent(500);  // within the cashier's limit: the old approval is moot
  EXPECT_TRUE(dropStaleApproval(c));
  EXPECT_FALSE(c.approval);
  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->approvedBy, "") << "nobody approved this sale";
}

TEST_F(ApprovalTest, AnApprovalCoversOnlyTheKindsItNames) {
  Cart c = cart({{"BTK-01", 1}});
  c.lines[0].unitPrice = Rupiah(500'000);
  c.discount = Discount::rupiah(Rupiah(50'000));
  approve(c, supervisor, {ApprovalKind::Discount});
  auto refused = s().sales().commit(cashDraft(c));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::NeedsSupervisor);
  EXPECT_NE(refused.error().message.find("approved discount, not price_override"), std::string::npos) << refused.error().message;
  approve(c, supervisor, {ApprovalKind::Discount, ApprovalKind::PriceOverride});
  EXPECT_TRUE(s().sales().commit(cashDraft(c)));
}

TEST_F(ApprovalTest, OnlyASupervisorOnFileMayApprove) {
  Cart c = cart({{"BTK-02", 1}});
  c.discount = Discount::percent(2000);
  approve(c, cashier, {ApprovalKind::Discount});
  expectRefused(c, "a cashier's approval");
  approve(c, supervisor, {ApprovalKind::Discount});
  ASSERT_TRUE(s().staff().setActive(supervisor.id, false));
  expectRefused(c, "approved by a supervisor deactivated since");
  approve(c, organizer, {ApprovalKind::Discount});
  EXPECT_TRUE(s().sales().commit(cashDraft(c))) << "an organizer may approve";
}

TEST_F(ApprovalTest, OversellingNeedsASupervisorsApprovalOfThatCart) {
  // Keripik Tempe has no stock; overselling is off.
  Cart c = cart({{"KUL-02", 2}});
  auto needed = s().sales().approvalsNeeded(c);
  ASSERT_TRUE(needed);
  EXPECT_EQ(*needed, (ApprovalKinds{ApprovalKind::Oversell}));
  EXPECT_EQ(s().sales().commit(cashDraft(c)).error().code, Errc::OutOfStock);
  approve(c, supervisor, {ApprovalKind::Discount});
  EXPECT_EQ(s().sales().commit(cashDraft(c)).error().code, Errc::OutOfStock) << "a discount approval is no oversell approval";
  approve(c, cashier, {ApprovalKind::Oversell});
  EXPECT_EQ(s().sales().commit(cashDraft(c)).error().code, Errc::NeedsSupervisor);
  approve(c, supervisor, {ApprovalKind::Oversell});
  Cart more = c;
  more.lines[0].quantity = 5;
  EXPECT_EQ(s().sales().commit(cashDraft(more)).error().code, Errc::NeedsSupervisor) << "approved for 2, not 5";
  EXPECT_EQ(sales(), 0);

  auto sale = s().sales().commit(cashDraft(c));
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->approvedBy, supervisor.name);
  EXPECT_EQ(onHand("KUL-02"), -2);
  const auto audit = s().audit().entries(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "oversell");
  EXPECT_EQ(audit[0].staff, supervisor.name);
  EXPECT_EQ(audit[0].details, "2 sold, 0 on hand");
  EXPECT_TRUE(s().stock().verifyLedger(event.id));

  // With overselling allowed by the setting, nobody needs to approve it.
  ASSERT_TRUE(s().settings().set(settings::kAllowOversell, "1"));
  EXPECT_TRUE(s().sales().approvalsNeeded(cart({{"KUL-02", 1}}))->empty());
}

TEST_F(ApprovalTest, AHeldCartComesBackWithoutItsApproval) {
  Cart c = cart({{"BTK-02", 1}});
  c.discount = Discount::percent(2000);
  approve(c, supervisor, {ApprovalKind::Discount});
  auto held = s().held().hold(c, "parkir");
  ASSERT_TRUE(held);
  auto back = s().held().recall(*held);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->approval) << "whoever recalls it asks the supervisor again";
  expectRefused(*back, "a recalled cart");
}

TEST_F(ApprovalTest, ARefundApprovalCoversThatRefundOnly) {
  const SaleRecord sale = sell({{"KUL-01", 3}, {"KRY-02", 2}});
  const RefundDraft approved = refundDraft(sale, {{1, 1, true}}, "Basi");
  const std::vector<std::pair<std::string, std::function<void(RefundDraft&)>>> changes = {
      {"more units", [](RefundDraft& d) { d.lines[0].quantity = 3; }},
      {"another line", [](RefundDraft& d) { d.lines[0].lineNo = 2; }},
      {"a line added", [](RefundDraft& d) { d.lines.push_back({2, 1, true}); }},
      {"not restocked", [](RefundDraft& d) { d.lines[0].restock = false; }},
      {"paid back another way", [](RefundDraft& d) { d.method = PaymentMethod::Transfer; }},
      {"another reason", [](RefundDraft& d) { d.reason = "Salah ukuran"; }},
      {"asked by someone else", [&](RefundDraft& d) { d.staff = organizer; }},
      {"another sale", [&](RefundDraft& d) { d.saleUuid = sell({{"KUL-01", 3}}).uuid; }},
      {"made a void", [](RefundDraft& d) { d.isVoid = true; }},
  };
  for (const auto& [what, change] : changes) {
    RefundDraft d = approved;
    change(d);
    const std::int64_t before = refunds();
    auto r = s().sales().refund(d);
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.error().code, Errc::NeedsSupervisor) << what << ": " << r.error().message;
    EXPECT_EQ(refunds(), before) << what;
  }
  EXPECT_EQ(onHand("KUL-01"), 44);
  auto r = s().sales().refund(approved);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->approvedBy, supervisor.name);
  EXPECT_EQ(onHand("KUL-01"), 45);
}

TEST_F(ApprovalTest, AVoidNeedsAVoidApprovalAndARefundARefundApproval) {
  const SaleRecord sale = sell({{"KUL-01", 1}});
  RefundDraft v = voidDraft(sale);
  v.approval->kinds = {ApprovalKind::Refund};
  auto refused = s().sales().refund(v);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("approved refund, not void"), std::string::npos) << refused.error().message;
  RefundDraft r = refundDraft(sale, {{1, 1, true}});
  r.approval->kinds = {ApprovalKind::Void};
  EXPECT_EQ(s().sales().refund(r).error().code, Errc::NeedsSupervisor);
  EXPECT_EQ(refunds(), 0);
  EXPECT_TRUE(s().sales().refund(voidDraft(sale)));
}

}  // namespace
}  // namespace pameran::test
