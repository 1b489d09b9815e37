#include <gtest/gtest.h>

#include <vector>

#include "pameran/core/payment.hpp"

namespace pameran::core {
namespace {

Result<TenderSummary> check(std::int64_t total, std::vector<Tender> tenders) {
  return checkTenders(Rupiah(total), tenders);
}

TEST(Payment, ExactCashNeedsNoChange) {
  auto s = check(37'500, {Tender::cash(Rupiah(37'500))});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->paid, Rupiah(37'500));
  EXPECT_EQ(s->change, Rupiah(0));
}

TEST(Payment, CashTenderedAboveTheAmountGivesChange) {
  auto s = check(37'500, {Tender::cash(Rupiah(37'500), Rupiah(100'000))});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->change, Rupiah(62'500));
}

TEST(Payment, CashTenderedBelowTheAmountIsRefused) {
  auto s = check(37'500, {Tender::cash(Rupiah(37'500), Rupiah(20'000))});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::Invalid);
}

TEST(Payment, PaidTotalMustEqualTheCartTotal) {
  auto under = check(50'000, {Tender::cash(Rupiah(49'999))});
  ASSERT_FALSE(under);
  EXPECT_EQ(under.error().code, Errc::Invalid);
  ASSERT_EQ(under.error().args.size(), 2u);
  EXPECT_EQ(under.error().args[0], "Rp 49.999");
  EXPECT_EQ(under.error().args[1], "Rp 50.000");
  EXPECT_FALSE(check(50'000, {Tender::cash(Rupiah(50'001))})) << "over-paying is change, not a bigger amount";
  EXPECT_FALSE(check(50'000, {}));
}

TEST(Payment, SplitTenderAddsUpAndOnlyCashGivesChange) {
  auto s = check(150'000, {Tender::withReference(PaymentMethod::Card, Rupiah(100'000), "EDC-1"),
                           Tender::cash(Rupiah(50'000), Rupiah(100'000))});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->paid, Rupiah(150'000));
  EXPECT_EQ(s->change, Rupiah(50'000));

  Tender card = Tender::withReference(PaymentMethod::Card, Rupiah(150'000), "EDC-2");
  card.tendered = Rupiah(200'000);
  auto refused = check(150'000, {card});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::Invalid);
}

TEST(Payment, EveryMethodIsAccepted) {
  EXPECT_TRUE(check(10'000, {Tender::withReference(PaymentMethod::Card, Rupiah(10'000), "EDC")}));
  EXPECT_TRUE(check(10'000, {Tender::withReference(PaymentMethod::Transfer, Rupiah(10'000), "TRF")}));
  EXPECT_TRUE(check(10'000, {Tender::withReference(PaymentMethod::Ewallet, Rupiah(10'000), "")}));
  EXPECT_TRUE(check(10'000, {Tender::qris(Rupiah(10'000), QrisAccount::Organizer, "", "Kasir")}));
  EXPECT_TRUE(check(10'000, {Tender::qris(Rupiah(10'000), QrisAccount::Vendor, "BTK-SB", "Kasir")}));
}

TEST(Payment, QrisNamesTheAccountItWasPaidTo) {
  EXPECT_FALSE(check(10'000, {Tender::qris(Rupiah(10'000), QrisAccount::None, "", "Kasir")}));
  EXPECT_FALSE(check(10'000, {Tender::qris(Rupiah(10'000), QrisAccount::Vendor, "", "Kasir")}));
  Tender cash = Tender::cash(Rupiah(10'000));
  cash.account = QrisAccount::Organizer;
  EXPECT_FALSE(check(10'000, {cash})) << "only QRIS payments have a QRIS account";
}

TEST(Payment, QrisSplitPerVendorAddsUp) {
  auto s = check(30'000, {Tender::qris(Rupiah(12'000), QrisAccount::Vendor, "A", "Kasir"),
                          Tender::qris(Rupiah(18'000), QrisAccount::Vendor, "B", "Kasir")});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->change, Rupiah(0));
}

TEST(Payment, AmountsArePositiveAndBounded) {
  EXPECT_FALSE(check(0, {Tender::cash(Rupiah(0))}));
  EXPECT_FALSE(check(10'000, {Tender::cash(Rupiah(20'000)), Tender::cash(Rupiah(-10'000))}));
  EXPECT_FALSE(check(kMaxIdr + 1, {Tender::cash(Rupiah(kMaxIdr + 1))}));
  EXPECT_TRUE(check(kMaxIdr, {Tender::cash(Rupiah(kMaxIdr))}));
  EXPECT_FALSE(check(kMaxIdr, {Tender::cash(Rupiah(kMaxIdr), Rupiah(kMaxIdr + 1))}));
}

TEST(Payment, ZeroTotalTakesNoTenders) {
  auto s = check(0, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->paid, Rupiah(0));
  EXPECT_FALSE(check(0, {Tender::cash(Rupiah(1))}));
  EXPECT_FALSE(check(-1, {}));
}

TEST(Payment, AtMostTenTenders) {
  std::vector<Tender> ten(10, Tender::cash(Rupiah(1'000)));
  EXPECT_TRUE(check(10'000, ten));
  ten.push_back(Tender::cash(Rupiah(1'000)));
  EXPECT_FALSE(check(11'000, ten));
}

TEST(Payment, OverlongReferenceIsRefused) {
  EXPECT_FALSE(check(1'000, {Tender::withReference(PaymentMethod::Card, Rupiah(1'000), std::string(65, '9'))}));
  EXPECT_TRUE(check(1'000, {Tender::withReference(PaymentMethod::Card, Rupiah(1'000), std::string(64, '9'))}));
}

TEST(Payment, QuickTendersStartWithExactAndAreSortedAndDistinct) {
  EXPECT_EQ(quickTenders(Rupiah(37'000)), (std::vector<Rupiah>{Rupiah(37'000), Rupiah(50'000), Rupiah(100'000)}));
  EXPECT_EQ(quickTenders(Rupiah(12'500)),
            (std::vector<Rupiah>{Rupiah(12'500), Rupiah(20'000), Rupiah(50'000), Rupiah(100'000)}));
  EXPECT_EQ(quickTenders(Rupiah(100'000)), (std::vector<Rupiah>{Rupiah(100'000), Rupiah(150'000), Rupiah(200'000)}));
  EXPECT_EQ(quickTenders(Rupiah(260'000)), (std::vector<Rupiah>{Rupiah(260'000), Rupiah(300'000)}));
  for (std::int64_t total : {1, 999, 20'000, 49'999, 50'000, 123'456, 999'999}) {
    const auto q = quickTenders(Rupiah(total));
    ASSERT_FALSE(q.empty());
    EXPECT_EQ(q.front(), Rupiah(total));
    for (std::size_t i = 1; i < q.size(); ++i) EXPECT_LT(q[i - 1], q[i]);
    for (Rupiah r : q) EXPECT_TRUE(check(total, {Tender::cash(Rupiah(total), r)})) << "every quick amount covers the total";
  }
}

TEST(Payment, QrisAccountNamesMatchTheWire) {
  EXPECT_EQ(toString(QrisAccount::None), "");
  EXPECT_EQ(toString(QrisAccount::Vendor), "vendor");
  EXPECT_EQ(toString(QrisAccount::Organizer), "organizer");
}

}  // namespace
}  // namespace pameran::core
