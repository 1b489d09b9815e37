#pragma once
// A cart and its totals. computeTotals() is the only place totals are computed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pameran/core/approval.hpp"
#include "pameran/core/domain.hpp"
#include "pameran/core/money.hpp"

namespace pameran::core {

struct Discount {
  enum class Kind { None, Percent, Amount };
  Kind kind = Kind::None;
  std::int32_t bp = 0;  // Percent: basis points
  Rupiah amount;        // Amount: rupiah

  static Discount none() { return {}; }
  static Discount percent(std::int32_t basisPoints) { return {Kind::Percent, basisPoints, Rupiah{}}; }
  static Discount rupiah(Rupiah value) { return {Kind::Amount, 0, value}; }
  bool isNone() const { return kind == Kind::None || (kind == Kind::Percent && bp == 0) || (kind == Kind::Amount && amount.idr() == 0); }
  bool operator==(const Discount&) const = default;
  /// The discount on `base`, never more than `base`.
  Rupiah on(Rupiah base) const;
};

struct CartLine {
  std::int64_t productId = 0;
  std::string sku;
  std::string barcode;
  std::string name;
  std::int64_t vendorId = 0;
  std::string vendorCode;
  std::string vendorName;
  Sector sector = Sector::Kriya;
  Rupiah listPrice;        // catalogue price
  Rupiah unitPrice;        // price charged (differs when overridden)
  std::int64_t quantity = 1;
  Discount discount;
  bool custom = false;     // a custom-price item: no catalog product (productId 0, no SKU), a vendor, a typed name and price
};

struct Cart {
  std::vector<CartLine> lines;
  Discount discount;                  // cart discount, spread over the lines
  std::optional<Approval> approval;   // a supervisor's approval of the cart as it was then (approve)
};

struct LineTotals {
  Rupiah gross;             // unit price x quantity
  Rupiah lineDiscount;
  Rupiah cartDiscountShare;
  Rupiah net;               // gross - lineDiscount - cartDiscountShare
};

struct VendorSubtotal {
  std::string vendorCode;
  std::string vendorName;
  std::int64_t items = 0;
  Rupiah net;
};

struct CartTotals {
  std::int64_t items = 0;
  Rupiah gross;
  Rupiah lineDiscount;
  Rupiah cartDiscount;      // what the cart discount really took (capped at what lines leave)
  Rupiah total;             // what the customer pays
  std::vector<LineTotals> lines;        // same order as Cart::lines
  std::vector<VendorSubtotal> vendors;  // in order of first appearance
};

/// Totals of a cart. The cart discount is spread over lines in proportion to their net after line
/// discounts, largest remainder first, so the shares add up to it exactly.
CartTotals computeTotals(const Cart& cart);

/// Adds `quantity` of a product: the same product again raises its line's quantity at the price that
/// line was rung up at (a later catalog price is for new carts), unless its price was overridden or
/// it has a discount.
void addToCart(Cart& cart, const Product& product, const Vendor& vendor, std::int64_t quantity = 1);
/// Above this unit price a custom-price item needs a supervisor, unless the kiosk sets its own limit
/// (settings::kCustomPriceLimit).
inline constexpr std::int64_t kDefaultCustomPriceLimitIdr = 500'000;
/// The line of a custom-price item: goods not in the catalog, sold for `vendor` under a typed name
/// and price (validateCart checks them; a line without a vendor is refused).
CartLine customLine(const Vendor& vendor, std::string name, Rupiah price, std::int64_t quantity = 1);
/// Quantity of all lines of a product in the cart.
std::int64_t quantityInCart(const Cart& cart, std::int64_t productId);

/// Checks quantities, prices and discounts of a cart (not stock). Empty carts fail.
Result<void> validateCart(const Cart& cart);

/// What in the cart a cashier may not give alone: any price override, a total discount above
/// `thresholdBp` of the gross, and a custom-price item priced above `customPriceLimit` a unit.
/// (Selling more than is on hand depends on stock: Sales::approvalsNeeded adds Oversell.)
ApprovalKinds approvalsNeeded(const Cart& cart, std::int32_t thresholdBp, Rupiah customPriceLimit = Rupiah(kDefaultCustomPriceLimitIdr));
/// True when approvalsNeeded() is not empty.
bool needsSupervisor(const Cart& cart, std::int32_t thresholdBp, Rupiah customPriceLimit = Rupiah(kDefaultCustomPriceLimitIdr));

/// The snapshot an approval of this cart binds to: every line's product, SKU, vendor, list and
/// unit price, quantity and discount, in order, and the cart discount.
std::string approvalScope(const Cart& cart);
/// Binds `supervisor`'s approval of `kinds` to the cart as it is now, replacing any earlier one.
void approve(Cart& cart, const Staff& supervisor, ApprovalKinds kinds);
/// The cart's approval while it still covers the cart exactly; nullptr when there is none or the
/// cart changed since (a line, quantity, price or discount).
const Approval* currentApproval(const Cart& cart);
/// Drops an approval the cart no longer matches; true when there was one to drop.
bool dropStaleApproval(Cart& cart);

/// Number of distinct vendors in a cart.
std::size_t vendorCount(const Cart& cart);

}  // namespace pameran::core
