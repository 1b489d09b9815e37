#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "pameran/core/cart.hpp"

namespace pameran::core {
namespace {

CartLine line(std::string vendor, std::int64_t price, std::int64_t qty, Discount d = {}, std::int64_t productId = 0) {
  static std::int64_t nextId = 1;
  CartLine l;
  l.productId = productId != 0 ? productId : nextId++;
  l.sku = "SKU-" + std::to_string(l.productId);
  l.name = "Produk " + std::to_string(l.productId);
  l.vendorCode = vendor;
  l.vendorName = "Vendor " + vendor;
  l.listPrice = Rupiah(price);
  l.unitPrice = Rupiah(price);
  l.quantity = qty;
  l.discount = d;
  return l;
}

Rupiah sumShares(const CartTotals& t) {
  Rupiah s;
  for (const LineTotals& lt : t.lines) s += lt.cartDiscountShare;
  return s;
}

TEST(Cart, TotalsOfPlainLinesArePriceTimesQuantity) {
  Cart cart;
  cart.lines = {line("A", 25'000, 3), line("B", 7'500, 2)};
  const CartTotals t = computeTotals(cart);
  EXPECT_EQ(t.items, 5);
  EXPECT_EQ(t.gross, Rupiah(90'000));
  EXPECT_EQ(t.lineDiscount, Rupiah(0));
  EXPECT_EQ(t.cartDiscount, Rupiah(0));
  EXPECT_EQ(t.total, Rupiah(90'000));
  ASSERT_EQ(t.lines.size(), 2u);
  EXPECT_EQ(t.lines[0].net, Rupiah(75'000));
  EXPECT_EQ(t.lines[1].net, Rupiah(15'000));
}

TEST(Cart, PercentLineDiscountRoundsHalfUp) {
  Cart cart;
  cart.lines = {line("A", 12'345, 1, Discount::percent(1000))};  // 1234.5 -> 1235
  EXPECT_EQ(computeTotals(cart).lineDiscount, Rupiah(1'235));
  cart.lines = {line("A", 12'344, 1, Discount::percent(1000))};  // 1234.4 -> 1234
  EXPECT_EQ(computeTotals(cart).lineDiscount, Rupiah(1'234));
  cart.lines = {line("A", 5, 1, Discount::percent(1000))};  // 0.5 -> 1
  EXPECT_EQ(computeTotals(cart).lineDiscount, Rupiah(1));
  cart.lines = {line("A", 4, 1, Discount::percent(1000))};  // 0.4 -> 0
  EXPECT_EQ(computeTotals(cart).lineDiscount, Rupiah(0));
}

TEST(Cart, LineDiscountAppliesToTheWholeLineNotPerUnit) {
  Cart cart;
  cart.lines = {line("A", 15, 3, Discount::percent(1000))};  // 10 % of 45 = 4.5 -> 5 (not 3 x 2)
  EXPECT_EQ(computeTotals(cart).lineDiscount, Rupiah(5));
}

TEST(Cart, AmountDiscountNeverExceedsWhatItAppliesTo) {
  Cart cart;
  cart.lines = {line("A", 10'000, 1, Discount::rupiah(Rupiah(25'000)))};
  cart.discount = Discount::rupiah(Rupiah(5'000));
  const CartTotals t = computeTotals(cart);
  EXPECT_EQ(t.lineDiscount, Rupiah(10'000));
  EXPECT_EQ(t.cartDiscount, Rupiah(0)) << "nothing is left for the cart discount to take";
  EXPECT_EQ(t.total, Rupiah(0));
  EXPECT_EQ(t.lines[0].net, Rupiah(0));
}

TEST(Cart, CartDiscountIsCappedAtWhatLinesLeave) {
  Cart cart;
  cart.lines = {line("A", 10'000, 1, Discount::rupiah(Rupiah(4'000))), line("B", 5'000, 1)};
  cart.discount = Discount::rupiah(Rupiah(50'000));
  const CartTotals t = computeTotals(cart);
  EXPECT_EQ(t.cartDiscount, Rupiah(11'000));
  EXPECT_EQ(t.total, Rupiah(0));
  EXPECT_EQ(t.lines[0].net, Rupiah(0));
  EXPECT_EQ(t.lines[1].net, Rupiah(0));
}

TEST(Cart, CartDiscountSplitsEvenlyWithTheOddRupiahToTheEarliestLine) {
  Cart cart;
  cart.lines = {line("A", 10'000, 1), line("B", 10'000, 1), line("C", 10'000, 1)};
  cart.discount = Discount::rupiah(Rupiah(10'000));
  const CartTotals t = computeTotals(cart);
  EXPECT_EQ(t.lines[0].cartDiscountShare, Rupiah(3'334));
  EXPECT_EQ(t.lines[1].cartDiscountShare, Rupiah(3'333));
  EXPECT_EQ(t.lines[2].cartDiscountShare, Rupiah(3'333));
  EXPECT_EQ(sumShares(t), Rupiah(10'000));
  EXPECT_EQ(t.total, Rupiah(20'000));
}

TEST(Cart, CartDiscountGoesToTheLargestRemaindersFirst) {
  // Nets 1, 2, 4 (sum 7), discount 3: exact shares 3/7, 6/7, 12/7 -> floors 0, 0, 1, remainders
  // 3, 6, 5 (of 7): the two spare rupiah go to line 2 then line 3.
  Cart cart;
  cart.lines = {line("A", 1, 1), line("A", 2, 1), line("A", 4, 1)};
  cart.discount = Discount::rupiah(Rupiah(3));
  const CartTotals t = computeTotals(cart);
  EXPECT_EQ(t.lines[0].cartDiscountShare, Rupiah(0));
  EXPECT_EQ(t.lines[1].cartDiscountShare, Rupiah(1));
  EXPECT_EQ(t.lines[2].cartDiscountShare, Rupiah(2));
}

TEST(Cart, PercentCartDiscountIsTakenFromTheNetAfterLineDiscounts) {
  Cart cart;
  cart.lines = {line("A", 100'000, 1, Discount::percent(1000)), line("B", 50'000, 1)};
  cart.discount = Discount::percent(1000);  // 10 % of (90.000 + 50.000)
  const CartTotals t = computeTotals(cart);
  EXPECT_EQ(t.lineDiscount, Rupiah(10'000));
  EXPECT_EQ(t.cartDiscount, Rupiah(14'000));
  EXPECT_EQ(t.lines[0].cartDiscountShare, Rupiah(9'000));
  EXPECT_EQ(t.lines[1].cartDiscountShare, Rupiah(5'000));
  EXPECT_EQ(t.total, Rupiah(126'000));
}

TEST(Cart, LinesWithNothingLeftGetNoShareOfTheCartDiscount) {
  Cart cart;
  cart.lines = {line("A", 10'000, 1, Discount::percent(10'000)), line("B", 3, 1)};
  cart.discount = Discount::rupiah(Rupiah(2));
  const CartTotals t = computeTotals(cart);
  EXPECT_EQ(t.lines[0].cartDiscountShare, Rupiah(0));
  EXPECT_EQ(t.lines[1].cartDiscountShare, Rupiah(2));
  EXPECT_EQ(t.total, Rupiah(1));
}

TEST(Cart, RandomCartsAttributeEveryRupiahExactly) {
  std::mt19937_64 rng(20261127);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  for (int round = 0; round < 5000; ++round) {
    Cart cart;
    const std::int64_t lines = uniform(1, 8);
    for (std::int64_t i = 0; i < lines; ++i) {
      Discount d;
      switch (uniform(0, 3)) {
        case 1: d = Discount::percent(static_cast<std::int32_t>(uniform(0, 10'000))); break;
        case 2: d = Discount::rupiah(Rupiah(uniform(0, 200'000))); break;
        default: break;
      }
      cart.lines.push_back(line(std::string(1, static_cast<char>('A' + uniform(0, 3))), uniform(0, 2'000'000), uniform(1, 50), d));
    }
    switch (uniform(0, 2)) {
      case 1: cart.discount = Discount::percent(static_cast<std::int32_t>(uniform(0, 10'000))); break;
      case 2: cart.discount = Discount::rupiah(Rupiah(uniform(0, 5'000'000))); break;
      default: break;
    }
    const CartTotals t = computeTotals(cart);
    ASSERT_EQ(sumShares(t), t.cartDiscount) << "round " << round;
    Rupiah gross, lineDiscount, net, vendorNet;
    std::int64_t items = 0, vendorItems = 0;
    for (std::size_t i = 0; i < cart.lines.size(); ++i) {
      const LineTotals& lt = t.lines[i];
      ASSERT_EQ(lt.gross, cart.lines[i].unitPrice * cart.lines[i].quantity);
      ASSERT_GE(lt.lineDiscount, Rupiah(0));
      ASSERT_LE(lt.lineDiscount, lt.gross);
      ASSERT_GE(lt.cartDiscountShare, Rupiah(0));
      ASSERT_GE(lt.net, Rupiah(0)) << "round " << round << " line " << i;
      ASSERT_EQ(lt.net, lt.gross - lt.lineDiscount - lt.cartDiscountShare);
      gross += lt.gross;
      lineDiscount += lt.lineDiscount;
      net += lt.net;
      items += cart.lines[i].quantity;
    }
    for (const VendorSubtotal& v : t.vendors) {
      vendorNet += v.net;
      vendorItems += v.items;
    }
    ASSERT_EQ(t.gross, gross);
    ASSERT_EQ(t.lineDiscount, lineDiscount);
    ASSERT_EQ(t.total, net);
    ASSERT_EQ(t.total, t.gross - t.lineDiscount - t.cartDiscount);
    ASSERT_EQ(vendorNet, t.total);
    ASSERT_EQ(vendorItems, items);
    ASSERT_EQ(t.items, items);
  }
}

TEST(Cart, TotalsAreTheSameEveryTime) {
  Cart cart;
  cart.lines = {line("A", 33'333, 1), line("B", 66'667, 1), line("A", 1, 7)};
  cart.discount = Discount::percent(3333);
  const CartTotals a = computeTotals(cart);
  const CartTotals b = computeTotals(cart);
  for (std::size_t i = 0; i < a.lines.size(); ++i) EXPECT_EQ(a.lines[i].cartDiscountShare, b.lines[i].cartDiscountShare);
}

TEST(Cart, VendorSubtotalsFollowFirstAppearance) {
  Cart cart;
  cart.lines = {line("B", 1'000, 1), line("A", 2'000, 2), line("B", 500, 4)};
  const CartTotals t = computeTotals(cart);
  ASSERT_EQ(t.vendors.size(), 2u);
  EXPECT_EQ(t.vendors[0].vendorCode, "B");
  EXPECT_EQ(t.vendors[0].items, 5);
  EXPECT_EQ(t.vendors[0].net, Rupiah(3'000));
  EXPECT_EQ(t.vendors[1].vendorCode, "A");
  EXPECT_EQ(t.vendors[1].net, Rupiah(4'000));
  EXPECT_EQ(vendorCount(cart), 2u);
}

Product product(std::int64_t id, std::int64_t price) {
  Product p;
  p.id = id;
  p.sku = "P" + std::to_string(id);
  p.name = "Produk";
  p.price = Rupiah(price);
  p.vendorId = 1;
  return p;
}

TEST(Cart, SameProductTwiceRaisesTheQuantity) {
  Vendor v;
  v.id = 1;
  v.code = "V1";
  v.sector = Sector::Kuliner;
  Cart cart;
  addToCart(cart, product(7, 12'000), v);
  addToCart(cart, product(7, 12'000), v, 2);
  ASSERT_EQ(cart.lines.size(), 1u);
  EXPECT_EQ(cart.lines[0].quantity, 3);
  EXPECT_EQ(cart.lines[0].vendorCode, "V1");
  EXPECT_EQ(cart.lines[0].sector, Sector::Kuliner);
  EXPECT_EQ(quantityInCart(cart, 7), 3);
}

TEST(Cart, DiscountedOrRepricedLinesAreNotMergedWith) {
  Vendor v;
  v.id = 1;
  v.code = "V1";
  Cart cart;
  addToCart(cart, product(7, 12'000), v);
  cart.lines[0].discount = Discount::percent(500);
  addToCart(cart, product(7, 12'000), v);
  ASSERT_EQ(cart.lines.size(), 2u);
  cart.lines[1].unitPrice = Rupiah(10'000);
  addToCart(cart, product(7, 12'000), v);
  EXPECT_EQ(cart.lines.size(), 3u);
  EXPECT_EQ(quantityInCart(cart, 7), 3);
}

TEST(Cart, MoreOfAProductAfterAPriceChangeKeepsTheCartsPrice) {
  // Issue 11 §6: a catalog price change is for new carts; the cart being rung up keeps its price.
  Vendor v;
  v.id = 1;
  v.code = "V1";
  Cart cart;
  addToCart(cart, product(7, 12'000), v);
  addToCart(cart, product(7, 15'000), v, 2);  // the catalog says 15.000 now
  ASSERT_EQ(cart.lines.size(), 1u);
  EXPECT_EQ(cart.lines[0].quantity, 3);
  EXPECT_EQ(cart.lines[0].unitPrice, Rupiah(12'000));
  EXPECT_EQ(computeTotals(cart).total, Rupiah(36'000));
  Cart next;
  addToCart(next, product(7, 15'000), v);
  EXPECT_EQ(computeTotals(next).total, Rupiah(15'000));
}

TEST(Cart, ValidationRefusesEmptyCartsAndOutOfRangeLines) {
  Cart cart;
  EXPECT_EQ(validateCart(cart).error().code, Errc::Invalid);
  cart.lines = {line("A", 1'000, 0)};
  EXPECT_FALSE(validateCart(cart));
  cart.lines = {line("A", 1'000, kMaxQuantity + 1)};
  EXPECT_FALSE(validateCart(cart));
  cart.lines = {line("A", -1, 1)};
  EXPECT_FALSE(validateCart(cart));
  cart.lines = {line("A", 1'000, 1, Discount::percent(10'001))};
  EXPECT_FALSE(validateCart(cart));
  cart.lines = {line("A", 1'000, 1, Discount::rupiah(Rupiah(-1)))};
  EXPECT_FALSE(validateCart(cart));
  cart.lines = {line("A", 1'000, 1)};
  cart.discount = Discount::percent(-5);
  EXPECT_FALSE(validateCart(cart));
  cart.discount = {};
  EXPECT_TRUE(validateCart(cart));
}

TEST(Cart, ValidationRefusesTotalsBeyondTheMoneyLimit) {
  Cart cart;
  const std::int64_t maxPrice = kMaxIdr / kMaxQuantity;
  cart.lines = {line("A", maxPrice, kMaxQuantity)};
  EXPECT_TRUE(validateCart(cart));
  cart.lines.push_back(line("A", 1, 1));
  EXPECT_FALSE(validateCart(cart));
  cart.lines = {line("A", maxPrice + 1, 1)};
  EXPECT_FALSE(validateCart(cart));
}

TEST(Cart, SupervisorIsNeededAboveTheThresholdNotAtIt) {
  Cart cart;
  cart.lines = {line("A", 100'000, 1)};
  cart.discount = Discount::percent(1000);
  EXPECT_FALSE(needsSupervisor(cart, 1000)) << "exactly 10 % is the cashier's own limit";
  cart.discount = Discount::rupiah(Rupiah(10'001));
  EXPECT_TRUE(needsSupervisor(cart, 1000));
  cart.discount = {};
  cart.lines[0].discount = Discount::percent(1001);
  EXPECT_TRUE(needsSupervisor(cart, 1000));
}

TEST(Cart, AnyPriceOverrideNeedsASupervisor) {
  Cart cart;
  cart.lines = {line("A", 100'000, 1)};
  cart.lines[0].unitPrice = Rupiah(99'999);
  EXPECT_TRUE(needsSupervisor(cart, 10'000));
  cart.lines[0].unitPrice = Rupiah(150'000);
  EXPECT_TRUE(needsSupervisor(cart, 10'000)) << "raising a price is an override too";
}

TEST(Cart, ApprovalsNeededNameWhatNeedsThem) {
  Cart cart;
  cart.lines = {line("A", 100'000, 1), line("B", 50'000, 2)};
  EXPECT_TRUE(approvalsNeeded(cart, 1000).empty());
  cart.discount = Discount::percent(2000);
  EXPECT_EQ(approvalsNeeded(cart, 1000), (ApprovalKinds{ApprovalKind::Discount}));
  cart.lines[1].unitPrice = Rupiah(40'000);
  EXPECT_EQ(approvalsNeeded(cart, 1000), (ApprovalKinds{ApprovalKind::Discount, ApprovalKind::PriceOverride}));
  EXPECT_EQ(approvalsNeeded(cart, 1000).describe(), "discount+price_override");
  EXPECT_TRUE((ApprovalKinds{ApprovalKind::Discount, ApprovalKind::Oversell}).covers({ApprovalKind::Oversell}));
  EXPECT_FALSE((ApprovalKinds{ApprovalKind::Discount}).covers({ApprovalKind::Discount, ApprovalKind::Oversell}));
}

TEST(Cart, AnApprovalIsBoundToTheCartAsItWas) {
  Cart cart;
  cart.lines = {line("A", 100'000, 2), line("B", 50'000, 1)};
  cart.discount = Discount::rupiah(Rupiah(40'000));
  EXPECT_EQ(currentApproval(cart), nullptr);
  const Staff boss{7, "Bu Sri", Role::Supervisor, true};
  approve(cart, boss, {ApprovalKind::Discount});
  ASSERT_NE(currentApproval(cart), nullptr);
  EXPECT_EQ(currentApproval(cart)->supervisor.name, "Bu Sri");
  const Cart copy = cart;
  EXPECT_NE(currentApproval(copy), nullptr) << "an equal cart is still covered";

  // Anything an approval is about changes its scope; names and barcodes (display) do not.
  const std::vector<std::function<void(Cart&)>> changes = {
      [](Cart& c) { c.lines[0].quantity = 1; },
      [](Cart& c) { c.lines[0].unitPrice = Rupiah(90'000); },
      [](Cart& c) { c.lines[0].listPrice = Rupiah(90'000); },
      [](Cart& c) { c.lines[0].productId += 100; },
      [](Cart& c) { c.lines[0].sku = "LAIN"; },
      [](Cart& c) { c.lines[0].vendorCode = "C"; },
      [](Cart& c) { c.lines[1].discount = Discount::rupiah(Rupiah(1)); },
      [](Cart& c) { c.lines[1].discount = Discount::percent(1); },
      [](Cart& c) { c.discount = Discount::rupiah(Rupiah(40'001)); },
      [](Cart& c) { c.discount = Discount::percent(4000); },
      [](Cart& c) { c.lines.pop_back(); },
      [](Cart& c) { c.lines.push_back(line("A", 1, 1)); },
      [](Cart& c) { std::swap(c.lines[0], c.lines[1]); },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    Cart c = cart;
    changes[i](c);
    EXPECT_EQ(currentApproval(c), nullptr) << "change " << i;
    EXPECT_TRUE(dropStaleApproval(c)) << "change " << i;
    EXPECT_FALSE(c.approval) << "change " << i;
  }
  Cart renamed = cart;
  renamed.lines[0].name = "Nama Lain";
  EXPECT_NE(currentApproval(renamed), nullptr);
  EXPECT_FALSE(dropStaleApproval(renamed));
  EXPECT_TRUE(renamed.approval);
}

TEST(Cart, DiscountOnNothingIsNothing) {
  EXPECT_EQ(Discount::percent(5000).on(Rupiah(0)), Rupiah(0));
  EXPECT_EQ(Discount::rupiah(Rupiah(100)).on(Rupiah(-5)), Rupiah(0));
  EXPECT_TRUE(Discount::percent(0).isNone());
  EXPECT_TRUE(Discount::rupiah(Rupiah(0)).isNone());
  EXPECT_FALSE(Discount::rupiah(Rupiah(1)).isNone());
  EXPECT_EQ(Discount::percent(10'000).on(Rupiah(12'345)), Rupiah(12'345));
}

}  // namespace
}  // namespace pameran::core
