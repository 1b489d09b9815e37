// Payment planning for QRIS: which QR the buyer scans, in turn, for what is left to pay.
#include <gtest/gtest.h>

#include <vector>

#include "pameran/core/qris.hpp"
#include "pameran/core/qris_plan.hpp"

namespace pameran::core {
namespace {

Vendor vendor(std::int64_t id, std::string code, std::string name, bool hasQris = true) {
  Vendor v;
  v.id = id;
  v.code = std::move(code);
  v.name = std::move(name);
  if (hasQris) v.qris = makeDemoStaticQris(v.name, "Depok", static_cast<std::uint32_t>(id));
  return v;
}

Product product(std::int64_t id, const Vendor& v, std::int64_t price) {
  Product p;
  p.id = id;
  p.sku = "SKU-" + std::to_string(id);
  p.name = "Produk " + std::to_string(id);
  p.vendorId = v.id;
  p.vendorCode = v.code;
  p.price = Rupiah(price);
  return p;
}

class QrisPlanning : public ::testing::Test {
 protected:
  QrisPlanning() {
    event.name = "Pameran Dekranasda Depok";
    event.organizerQris = makeDemoStaticQris("Dekranasda Kota Depok", "Depok", 99);
    vendors = {vendor(1, "BTK", "Batik Sinar Belimbing"), vendor(2, "ANY", "Anyaman Bambu Limo"), vendor(3, "KUE", "Kue Bu Ani", false)};
  }
  CartTotals cartOf(std::initializer_list<std::pair<int, std::int64_t>> items) {
    Cart cart;
    std::int64_t id = 1;
    for (const auto& [v, price] : items) addToCart(cart, product(id++, vendors[static_cast<std::size_t>(v)], price), vendors[static_cast<std::size_t>(v)]);
    return computeTotals(cart);
  }
  QrisPlan plan(const CartTotals& totals, const std::vector<Tender>& tenders = {}, std::string_view label = {}) {
    return planQris(event, vendors, totals, tenders, label);
  }
  Event event;
  std::vector<Vendor> vendors;
};

TEST_F(QrisPlanning, OneVendorPaysItsOwnQrisForTheWholeTotal) {
  const QrisPlan p = plan(cartOf({{0, 150'000}}));
  ASSERT_EQ(p.steps.size(), 1u);
  ASSERT_EQ(p.current, 0);
  const QrisStep& s = *p.currentStep();
  EXPECT_EQ(s.account, QrisAccount::Vendor);
  EXPECT_EQ(s.vendorCode, "BTK");
  EXPECT_EQ(s.merchantName, "Batik Sinar Belimbing");
  auto info = inspectQris(s.payload);
  ASSERT_TRUE(info) << s.payload;
  EXPECT_FALSE(info->isStatic);
  EXPECT_EQ(info->amount, 150'000);
  EXPECT_EQ(info->nmid, s.nmid);
}

TEST_F(QrisPlanning, TwoVendorsAreWalkedInTurnAndAPaidOneIsTicked) {
  const CartTotals totals = cartOf({{0, 650'000}, {1, 45'000}});
  QrisPlan p = plan(totals);
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(p.current, 0);
  EXPECT_EQ(p.steps[0].amount, Rupiah(650'000));
  EXPECT_EQ(p.steps[1].amount, Rupiah(45'000));
  p = plan(totals, {Tender::qris(Rupiah(650'000), QrisAccount::Vendor, "BTK", "Kasir")});
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_TRUE(p.steps[0].paid);
  EXPECT_TRUE(p.steps[0].payload.empty());
  EXPECT_EQ(p.current, 1);
  EXPECT_EQ(inspectQris(p.steps[1].payload)->amount, 45'000);
}

TEST_F(QrisPlanning, TheEventCanSendSeveralVendorsThroughTheOrganizer) {
  event.qrisViaOrganizer = true;
  QrisPlan p = plan(cartOf({{0, 650'000}, {1, 45'000}}));
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].account, QrisAccount::Organizer);
  EXPECT_EQ(p.steps[0].label, event.name);
  EXPECT_EQ(p.steps[0].amount, Rupiah(695'000));
  // One vendor alone still pays its own QRIS.
  p = plan(cartOf({{0, 650'000}}));
  EXPECT_EQ(p.steps.at(0).account, QrisAccount::Vendor);
}

TEST_F(QrisPlanning, AVendorWithoutQrisFallsBackToTheOrganizer) {
  const QrisPlan p = plan(cartOf({{2, 30'000}}));
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].account, QrisAccount::Organizer);
  EXPECT_EQ(p.current, 0);
}

TEST_F(QrisPlanning, NoQrisAnywhereSaysSo) {
  event.organizerQris.clear();
  const QrisPlan p = plan(cartOf({{2, 30'000}}));
  EXPECT_EQ(p.current, -1);
  EXPECT_EQ(p.currentStep(), nullptr);
  EXPECT_EQ(p.problem, QrisProblem::NoQris);
}

TEST_F(QrisPlanning, APartPaidInCashLeavesTheRestToOneQr) {
  const CartTotals one = cartOf({{0, 150'000}});
  QrisPlan p = plan(one, {Tender::cash(Rupiah(50'000), Rupiah(50'000))});
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].account, QrisAccount::Organizer) << "the organizer takes a rest when it has a QRIS";
  EXPECT_EQ(p.steps[0].amount, Rupiah(100'000));
  event.organizerQris.clear();
  p = plan(one, {Tender::cash(Rupiah(50'000), Rupiah(50'000))});
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].vendorCode, "BTK");
  EXPECT_EQ(inspectQris(p.steps[0].payload)->amount, 100'000);
  // Several vendors with a part paid another way cannot be split without the organizer.
  p = plan(cartOf({{0, 650'000}, {1, 45'000}}), {Tender::cash(Rupiah(50'000), Rupiah(50'000))});
  EXPECT_TRUE(p.steps.empty());
  EXPECT_EQ(p.problem, QrisProblem::SplitNeedsOrganizer);
}

TEST_F(QrisPlanning, TheTerminalLabelGoesIntoEachPayload) {
  const QrisPlan p = plan(cartOf({{0, 10'000}}), {}, "K01");
  EXPECT_NE(p.steps.at(0).payload.find("0703K01"), std::string::npos) << p.steps[0].payload;
}

TEST_F(QrisPlanning, NothingLeftToPayPlansNothing) {
  const CartTotals totals = cartOf({{0, 10'000}});
  const QrisPlan p = plan(totals, {Tender::cash(Rupiah(10'000))});
  EXPECT_TRUE(p.steps.empty());
  EXPECT_EQ(p.problem, QrisProblem::None);
  EXPECT_TRUE(plan(CartTotals{}).steps.empty());
}

TEST(Payment, RemainingToPayIsNeverNegative) {
  const std::vector<Tender> tenders = {Tender::cash(Rupiah(30'000)), Tender::withReference(PaymentMethod::Card, Rupiah(5'000), "R")};
  EXPECT_EQ(remainingToPay(Rupiah(50'000), tenders), Rupiah(15'000));
  EXPECT_EQ(remainingToPay(Rupiah(20'000), tenders), Rupiah(0));
  EXPECT_EQ(remainingToPay(Rupiah(20'000), {}), Rupiah(20'000));
}

}  // namespace
}  // namespace pameran::core
