#include "pameran/core/cart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <set>

namespace pameran::core {

Rupiah Discount::on(Rupiah base) const {
  if (base.idr() <= 0) return Rupiah{};
  switch (kind) {
    case Kind::None: return Rupiah{};
    case Kind::Percent: return std::min(percentOf(base, std::clamp(bp, 0, kFullBp)), base);
    case Kind::Amount: return std::clamp(amount, Rupiah{}, base);
  }
  return Rupiah{};
}

CartTotals computeTotals(const Cart& cart) {
  CartTotals t;
  t.lines.resize(cart.lines.size());
  std::int64_t afterLineDiscounts = 0;
  for (std::size_t i = 0; i < cart.lines.size(); ++i) {
    const CartLine& line = cart.lines[i];
    LineTotals& lt = t.lines[i];
    lt.gross = line.unitPrice * line.quantity;
    lt.lineDiscount = line.discount.on(lt.gross);
    lt.net = lt.gross - lt.lineDiscount;
    t.items += line.quantity;
    t.gross += lt.gross;
    t.lineDiscount += lt.lineDiscount;
    afterLineDiscounts += lt.net.idr();
  }

  // Spread the cart discount in proportion to each line's net: floor shares first, then the
  // remaining rupiah one each to the largest remainders (ties to the earlier line). Exact and
  // deterministic, so kiosk and server attribute every rupiah the same way.
  const Rupiah cartDiscount = cart.discount.on(Rupiah(afterLineDiscounts));
  t.cartDiscount = cartDiscount;
  if (cartDiscount.idr() > 0 && afterLineDiscounts > 0) {
    std::vector<std::pair<std::int64_t, std::size_t>> remainders;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < t.lines.size(); ++i) {
      std::int64_t remainder = 0;
      const std::int64_t share = mulDiv(cartDiscount.idr(), t.lines[i].net.idr(), afterLineDiscounts, &remainder);
      remainders.emplace_back(remainder, i);
      t.lines[i].cartDiscountShare = Rupiah(share);
      given += share;
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < cartDiscount.idr(); ++k, ++given)
      t.lines[remainders[k % remainders.size()].second].cartDiscountShare += Rupiah(1);
    for (LineTotals& lt : t.lines) lt.net -= lt.cartDiscountShare;
  }

  for (std::size_t i = 0; i < cart.lines.size(); ++i) {
    const CartLine& line = cart.lines[i];
    auto it = std::find_if(t.vendors.begin(), t.vendors.end(),
                           [&](const VendorSubtotal& v) { return v.vendorCode == line.vendorCode; });
    if (it == t.vendors.end()) it = t.vendors.insert(t.vendors.end(), VendorSubtotal{line.vendorCode, line.vendorName, 0, {}});
    it->items += line.quantity;
    it->net += t.lines[i].net;
  }
  t.total = t.gross - t.lineDiscount - t.cartDiscount;
  return t;
}

void addToCart(Cart& cart, const Product& product, const Vendor& vendor, std::int64_t quantity) {
  for (CartLine& line : cart.lines) {
    // More of a product the cart has joins its line at the price it was rung up at (a catalog
    // price change is for new carts), unless that line's price was overridden or discounted.
    if (line.productId == product.id && !line.custom && line.unitPrice == line.listPrice && line.discount.isNone()) {
      line.quantity += quantity;
      return;
    }
  }
  CartLine line;
  line.productId = product.id;
  line.sku = product.sku;
  line.barcode = product.barcode;
  line.name = product.name;
  line.vendorId = vendor.id;
  line.vendorCode = vendor.code;
  line.vendorName = vendor.name;
  line.sector = vendor.sector;
  line.listPrice = product.price;
  line.unitPrice = product.price;
  line.quantity = quantity;
  cart.lines.push_back(std::move(line));
}

CartLine customLine(const Vendor& vendor, std::string name, Rupiah price, std::int64_t quantity) {
  CartLine line;
  line.custom = true;
  line.name = std::move(name);
  line.vendorId = vendor.id;
  line.vendorCode = vendor.code;
  line.vendorName = vendor.name;
  line.sector = vendor.sector;
  line.listPrice = price;
  line.unitPrice = price;
  line.quantity = quantity;
  return line;
}

std::int64_t quantityInCart(const Cart& cart, std::int64_t productId) {
  std::int64_t n = 0;
  for (const CartLine& line : cart.lines)
    if (line.productId == productId) n += line.quantity;
  return n;
}

namespace {

Result<void> checkDiscount(const Discount& d, const std::string& what) {
  if (d.kind == Discount::Kind::Percent && (d.bp < 0 || d.bp > kFullBp))
    return fail(Errc::Invalid, what + ": a percentage discount must be between 0 and 100");
  if (d.kind == Discount::Kind::Amount && (d.amount.idr() < 0 || d.amount.idr() > kMaxIdr))
    return fail(Errc::Invalid, what + ": a discount must be between Rp 0 and the amount");
  return {};
}

}  // namespace

Result<void> validateCart(const Cart& cart) {
  if (cart.lines.empty()) return fail(Errc::Invalid, "the cart is empty");
  if (cart.lines.size() > 500) return fail(Errc::Invalid, "a sale has at most 500 lines");
  std::int64_t gross = 0;
  for (const CartLine& line : cart.lines) {
    if (line.custom) {
      if (line.vendorCode.empty()) return fail(Errc::Invalid, "a custom item needs a vendor: pick whose goods these are");
      if (line.name.empty() || line.name.size() > kMaxNameLength || !isCleanUtf8(line.name))
        return fail(Errc::Invalid, "a custom item needs a name of 1 to 120 characters");
      if (line.productId != 0 || !line.sku.empty()) return fail(Errc::Invalid, "a custom item is not a catalog product");
      if (line.unitPrice.idr() < 1) return fail(Errc::Invalid, "a custom item needs a price", {line.name});
    }
    if (line.quantity < 1 || line.quantity > kMaxQuantity)
      return fail(Errc::Invalid, "quantity of " + line.name + " must be between 1 and " + std::to_string(kMaxQuantity));
    if (line.unitPrice.idr() < 0 || line.unitPrice.idr() > kMaxIdr / kMaxQuantity)
      return fail(Errc::Invalid, "price of " + line.name + " is out of range");
    if (auto ok = checkDiscount(line.discount, line.name); !ok) return ok;
    gross += line.unitPrice.idr() * line.quantity;
    if (gross > kMaxIdr) return fail(Errc::Invalid, "the sale total is out of range");
  }
  if (auto ok = checkDiscount(cart.discount, "cart"); !ok) return ok;
  return {};
}

ApprovalKinds approvalsNeeded(const Cart& cart, std::int32_t thresholdBp, Rupiah customPriceLimit) {
  ApprovalKinds needed;
  for (const CartLine& line : cart.lines) {
    if (line.unitPrice != line.listPrice) needed |= {ApprovalKind::PriceOverride};
    if (line.custom && line.unitPrice > customPriceLimit) needed |= {ApprovalKind::CustomPrice};
  }
  const CartTotals t = computeTotals(cart);
  if (t.gross.idr() > 0 && t.lineDiscount + t.cartDiscount > percentOf(t.gross, thresholdBp))
    needed |= {ApprovalKind::Discount};
  return needed;
}

bool needsSupervisor(const Cart& cart, std::int32_t thresholdBp, Rupiah customPriceLimit) {
  return !approvalsNeeded(cart, thresholdBp, customPriceLimit).empty();
}

namespace {

void appendDiscount(std::string& out, const Discount& d) {
  fmt::format_to(std::back_inserter(out), "{}:{}:{}", static_cast<int>(d.kind), d.bp, d.amount.idr());
}

}  // namespace

std::string approvalScope(const Cart& cart) {
  // Codes (SKU, vendor) never hold '|' or ';', and every other field is a number: the text is a
  // one-to-one image of what an approval covers, so equal text means an equal cart.
  std::string out = "cart;";
  for (const CartLine& l : cart.lines) {
    fmt::format_to(std::back_inserter(out), "{}|{}|{}|{}|{}|{}|", l.productId, l.sku, l.vendorCode, l.listPrice.idr(),
                   l.unitPrice.idr(), l.quantity);
    appendDiscount(out, l.discount);
    // A custom item's name is typed: its length first keeps the text one-to-one.
    if (l.custom) fmt::format_to(std::back_inserter(out), "|custom:{}:{}", l.name.size(), l.name);
    out += ';';
  }
  out += "discount|";
  appendDiscount(out, cart.discount);
  return out;
}

void approve(Cart& cart, const Staff& supervisor, ApprovalKinds kinds) {
  cart.approval = Approval{supervisor, kinds, approvalScope(cart)};
}

const Approval* currentApproval(const Cart& cart) {
  return cart.approval && cart.approval->scope == approvalScope(cart) ? &*cart.approval : nullptr;
}

bool dropStaleApproval(Cart& cart) {
  if (!cart.approval || currentApproval(cart)) return false;
  cart.approval.reset();
  return true;
}

std::size_t vendorCount(const Cart& cart) {
  std::set<std::string> codes;
  for (const CartLine& line : cart.lines) codes.insert(line.vendorCode);
  return codes.size();
}

}  // namespace pameran::core
