#include "pameran/kiosk/features/cart.hpp"

#include <algorithm>

#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk {

CartController::CartController(Session& session) : m_session(session) { m_data.held = m_session.store().held().list(); }

bool CartController::refresh() {
  // The grid follows what is typed in search and the tabs; it is filtered only when they change.
  const SellState& sell = m_session.ui().sell;
  const FilterKey key{sell.query, sell.sector, sell.vendorId, m_session.catalog().version};
  if (key == m_data.gridKey) return false;
  m_data.grid = filterGrid(m_session.catalog(), key.query, key.sector, key.vendorId);
  m_data.gridKey = key;
  return true;
}

void CartController::entered(Screen screen) {
  if (screen == Screen::Sell) m_session.ui().sell.focusSearch = false;
}

void CartController::signedOut() { m_session.ui().sell.modal = SellModal::None; }

std::int64_t CartController::unitsLeft(std::int64_t productId) const {
  return m_session.catalog().onHand(productId) - core::quantityInCart(m_session.data().sale.cart, productId);
}

bool CartController::addProduct(const core::Product& product, std::int64_t quantity) {
  if (!m_session.user()) return false;
  const Translator& tr = m_session.tr();
  const core::Vendor* vendor = m_session.catalog().vendor(product.vendorId);
  if (!product.active || !vendor) {
    m_session.banner(BannerKind::Error, tr.format(T::ErrInactive, {product.name}));
    return false;
  }
  if (!m_session.device().allowOversell && unitsLeft(product.id) < quantity) {
    const std::int64_t left = std::max<std::int64_t>(unitsLeft(product.id), 0);
    m_session.banner(BannerKind::Error, tr.format(T::ErrOutOfStock, {product.name, core::formatThousands(left)}));
    return false;
  }
  core::addToCart(m_session.data().sale.cart, product, *vendor, quantity);
  m_session.ui().sell.cartScrollToEnd = 1;
  m_session.saleChanged();
  return true;
}

void CartController::handle(const act::Scan& a) {
  const std::string code = trimmed(a.code);
  if (code.empty()) return;
  const core::Product* p = m_session.catalog().index.findByCode(code);
  if (!p) return m_session.banner(BannerKind::Error, m_session.tr().format(T::ErrUnknownCode, {code}));
  addProduct(*p, 1);
}

void CartController::handle(const act::AddProduct& a) {
  if (const core::Product* p = m_session.catalog().index.findById(a.productId)) addProduct(*p, 1);
}

void CartController::handle(const act::ChangeQuantity& a) {
  const core::Cart& cart = m_session.data().sale.cart;
  if (a.line < 0 || static_cast<std::size_t>(a.line) >= cart.lines.size()) return;
  handle(act::SetQuantity{a.line, cart.lines[static_cast<std::size_t>(a.line)].quantity + a.delta});
}

void CartController::handle(const act::SetQuantity& a) {
  core::Cart& cart = m_session.data().sale.cart;
  if (a.line < 0 || static_cast<std::size_t>(a.line) >= cart.lines.size()) return;
  if (a.quantity <= 0) return handle(act::RemoveLine{a.line});
  core::CartLine& line = cart.lines[static_cast<std::size_t>(a.line)];
  const Translator& tr = m_session.tr();
  if (a.quantity > core::kMaxQuantity)
    return m_session.banner(BannerKind::Error, tr.format(T::ErrQuantity, {core::formatThousands(core::kMaxQuantity)}));
  const std::int64_t more = a.quantity - line.quantity;
  if (more > 0 && !m_session.device().allowOversell && unitsLeft(line.productId) < more) {
    const std::int64_t left = std::max<std::int64_t>(unitsLeft(line.productId), 0);
    return m_session.banner(BannerKind::Error, tr.format(T::ErrOutOfStock, {line.name, core::formatThousands(left)}));
  }
  line.quantity = a.quantity;
  m_session.saleChanged();
}

void CartController::handle(const act::RemoveLine& a) {
  core::Cart& cart = m_session.data().sale.cart;
  if (a.line < 0 || static_cast<std::size_t>(a.line) >= cart.lines.size()) return;
  cart.lines.erase(cart.lines.begin() + a.line);
  m_session.ui().sell.modal = SellModal::None;
  m_session.saleChanged();
}

void CartController::applyDiscount(const act::SetDiscount& a, const std::optional<core::Staff>& supervisor) {
  OpenSale& sale = m_session.data().sale;
  if (a.line < 0) sale.cart.discount = a.discount;
  else if (static_cast<std::size_t>(a.line) < sale.cart.lines.size()) sale.cart.lines[static_cast<std::size_t>(a.line)].discount = a.discount;
  m_session.ui().sell.modal = SellModal::None;
  m_session.saleChanged();  // drops an approval of the cart as it was
  if (supervisor)
    core::approve(sale.cart, *supervisor,
                  core::approvalsNeeded(sale.cart, m_session.device().discountThresholdBp, m_session.device().customPriceLimit));
  sale.supervisor = supervisor;
}

void CartController::handle(const act::SetDiscount& a) {
  const core::Cart& cart = m_session.data().sale.cart;
  if (a.line >= 0 && static_cast<std::size_t>(a.line) >= cart.lines.size()) return;
  core::Cart candidate = cart;
  if (a.line < 0) candidate.discount = a.discount;
  else candidate.lines[static_cast<std::size_t>(a.line)].discount = a.discount;
  if (auto ok = core::validateCart(candidate); !ok) return m_session.error(ok.error());
  // A discount beyond the cashier's limit waits for a supervisor's PIN (FEATURES.md).
  const std::int32_t limit = m_session.device().discountThresholdBp;
  if (core::needsSupervisor(candidate, limit)) {
    const std::string detail = m_session.tr().format(T::SupDiscountDetail, {discountLabel(core::Discount::percent(limit))});
    m_session.askSupervisor(SupervisorPurpose::Discount, detail, [this, a](const core::Staff& supervisor) {
      applyDiscount(a, supervisor);
      m_session.success(m_session.tr().format(T::SupApproved, {supervisor.name}));
    });
    return;
  }
  applyDiscount(a, std::nullopt);
}

void CartController::handle(const act::AddCustomItem& a) {
  if (!m_session.user()) return;
  const core::Vendor* vendor = m_session.catalog().vendor(a.vendorId);
  if (!vendor) return m_session.info(T::CustomNeedVendor);
  core::Cart candidate = m_session.data().sale.cart;
  candidate.lines.push_back(core::customLine(*vendor, trimmed(a.name), a.price));
  if (auto ok = core::validateCart(candidate); !ok) return m_session.error(ok.error());
  const core::Rupiah limit = m_session.device().customPriceLimit;
  auto add = [this, line = candidate.lines.back()](const std::optional<core::Staff>& supervisor) {
    OpenSale& sale = m_session.data().sale;
    sale.cart.lines.push_back(line);
    m_session.ui().sell.modal = SellModal::None;
    m_session.ui().sell.custom = CustomItemState{};
    m_session.ui().sell.cartScrollToEnd = 1;
    m_session.saleChanged();
    // The supervisor approves the cart as it is now, the new item with it (P25).
    if (supervisor) {
      core::approve(sale.cart, *supervisor,
                    core::approvalsNeeded(sale.cart, m_session.device().discountThresholdBp, m_session.device().customPriceLimit));
      sale.supervisor = supervisor;
    }
  };
  if (a.price > limit) {
    m_session.askSupervisor(SupervisorPurpose::CustomPrice, m_session.tr().format(T::SupCustomDetail, {core::formatRupiah(limit)}),
                            [this, add](const core::Staff& supervisor) {
                              add(supervisor);
                              m_session.success(m_session.tr().format(T::SupApproved, {supervisor.name}));
                            });
    return;
  }
  add(std::nullopt);
}

void CartController::handle(const act::ClearCart&) {
  m_session.clearSale();
  m_session.ui().sell.modal = SellModal::None;
}

void CartController::handle(const act::HoldCart&) {
  const OpenSale& sale = m_session.data().sale;
  if (sale.cart.lines.empty() || !m_session.user()) return;
  const std::string label =
      m_session.tr().format(T::SellHeldLabel, {hhmm(m_session.now(), m_session.catalog().event.tzOffsetMinutes), m_session.user()->name});
  auto held = m_session.store().held().hold(sale.cart, label);
  if (!held) return m_session.error(held.error());
  m_session.clearSale();
  m_data.held = m_session.store().held().list();
  m_session.success(m_session.tr()(T::SellHeldDone));
}

void CartController::handle(const act::RecallCart& a) {
  if (!m_session.data().sale.cart.lines.empty()) return m_session.banner(BannerKind::Error, m_session.tr()(T::SellRecallBusy));
  auto cart = m_session.store().held().recall(a.id);
  if (!cart) return m_session.error(cart.error());
  m_session.clearSale();
  m_session.data().sale.cart = std::move(*cart);
  m_session.ui().sell.modal = SellModal::None;
  m_session.saleChanged();
  m_data.held = m_session.store().held().list();
}

}  // namespace pameran::kiosk
