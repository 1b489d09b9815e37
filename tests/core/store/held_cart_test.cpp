#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using HeldCartTest = StoreTest;

TEST_F(HeldCartTest, HeldCartComesBackExactlyAndLeavesTheList) {
  Cart c = cart({{"BTK-02", 2}, {"KUL-01", 1}});
  c.lines[0].discount = Discount::percent(750);
  c.lines[1].unitPrice = Rupiah(12'000);
  c.discount = Discount::rupiah(Rupiah(2'500));
  auto id = s().held().hold(c, "Ibu berkerudung biru");
  ASSERT_TRUE(id) << id.error().message;
  const auto list = s().held().list();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].id, *id);
  EXPECT_EQ(list[0].label, "Ibu berkerudung biru");
  EXPECT_EQ(list[0].at, now);
  auto back = s().held().recall(*id);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->lines.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back->lines[i].productId, c.lines[i].productId);
    EXPECT_EQ(back->lines[i].sku, c.lines[i].sku);
    EXPECT_EQ(back->lines[i].vendorCode, c.lines[i].vendorCode);
    EXPECT_EQ(back->lines[i].sector, c.lines[i].sector);
    EXPECT_EQ(back->lines[i].listPrice, c.lines[i].listPrice);
    EXPECT_EQ(back->lines[i].unitPrice, c.lines[i].unitPrice);
    EXPECT_EQ(back->lines[i].quantity, c.lines[i].quantity);
    EXPECT_EQ(back->lines[i].discount.kind, c.lines[i].discount.kind);
    EXPECT_EQ(back->lines[i].discount.bp, c.lines[i].discount.bp);
  }
  EXPECT_EQ(back->discount.kind, Discount::Kind::Amount);
  EXPECT_EQ(back->discount.amount, Rupiah(2'500));
  EXPECT_EQ(computeTotals(*back).total, computeTotals(c).total);
  EXPECT_TRUE(s().held().list().empty());
  EXPECT_EQ(s().held().recall(*id).error().code, Errc::NotFound);
}

TEST_F(HeldCartTest, AHeldCartKeepsItsPricesThroughAPriceChange) {
  // Issue 11 §6: a price change is for new carts; a held cart comes back and sells at its prices.
  Cart c = cart({{"KRY-01", 1}});
  auto id = s().held().hold(c, "");
  ASSERT_TRUE(id);
  std::string productsCsv = testProductsCsv();
  productsCsv.replace(productsCsv.find("Tas Anyaman Bambu,185000"), 24, "Tas Anyaman Bambu,195000");
  auto files = parseCatalog(testVendorsCsv(), "v.csv", productsCsv, "p.csv");
  ASSERT_TRUE(files);
  ASSERT_TRUE(s().catalog().importFiles(*files, kEvent, "", "test"));
  auto back = s().held().recall(*id);
  ASSERT_TRUE(back);
  auto sale = s().sales().commit(cashDraft(*back));
  ASSERT_TRUE(sale) << sale.error().message;
  EXPECT_EQ(sale->total, Rupiah(185'000));
}

TEST_F(HeldCartTest, HeldCartsSurviveARestartInOrder) {
  ASSERT_TRUE(s().held().hold(cart({{"KUL-01", 1}}), "satu"));
  ASSERT_TRUE(s().held().hold(cart({{"KUL-01", 2}}), "dua"));
  reopen();
  const auto list = s().held().list();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].label, "satu");
  EXPECT_EQ(list[1].label, "dua");
  EXPECT_EQ(list[1].cart.lines.at(0).quantity, 2);
}

TEST_F(HeldCartTest, EmptyCartOrBadLabelIsRefused) {
  EXPECT_EQ(s().held().hold(Cart{}, "kosong").error().code, Errc::Invalid);
  EXPECT_FALSE(s().held().hold(cart({{"KUL-01", 1}}), std::string(kMaxNameLength + 1, 'x')));
  EXPECT_TRUE(s().held().list().empty());
}

TEST_F(HeldCartTest, HoldingTouchesNoStockAndNoSequence) {
  ASSERT_TRUE(s().held().hold(cart({{"KRY-01", 5}}), "besar"));
  EXPECT_EQ(onHand("KRY-01"), 5);
  EXPECT_EQ(s().settings().device().lastSeq, 0);
}

}  // namespace
}  // namespace pameran::test
