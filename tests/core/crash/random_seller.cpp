#include "random_seller.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "pameran/core/ids.hpp"

namespace pameran::test {

using namespace pameran::core;

const char* toString(SellerAction action) {
  switch (action) {
    case SellerAction::Sale: return "sale";
    case SellerAction::Refund: return "refund";
    case SellerAction::Void: return "void";
    case SellerAction::ShiftClose: return "shift close";
    case SellerAction::Intake: return "stock intake";
  }
  return "?";
}

std::string saleDigest(const SaleRecord& s) {
  std::string text = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", s.uuid, s.seq, s.receiptNo, s.eventCode, s.deviceId, s.createdAt,
                                 s.cashier, s.approvedBy, s.gross.idr(), s.discount.idr(), s.total.idr(), s.change.idr());
  for (const SaleLine& l : s.lines)
    text += fmt::format(";{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", l.lineNo, l.sku, l.vendorCode, l.listPrice.idr(), l.unitPrice.idr(),
                        l.quantity, l.gross.idr(), l.lineDiscount.idr(), l.cartDiscount.idr(), l.net.idr());
  for (const SalePayment& p : s.payments)
    text += fmt::format(";{}|{}|{}|{}|{}|{}", toString(p.method), p.amount.idr(), p.tendered.idr(), p.change.idr(), p.reference,
                        p.vendorCode);
  return sha256Hex(text).substr(0, 16);
}

RandomSeller::RandomSeller(Store& store, std::uint64_t seed, Report report, SellerOptions options)
    : m_store(store), m_rng(seed), m_report(std::move(report)), m_options(options) {
  auto event = store.catalog().currentEvent();
  if (!event) throw std::runtime_error("no event: " + event.error().message);
  m_event = *event;
  m_products = store.catalog().products(m_event.id, true);
  for (const Vendor& v : store.catalog().vendors(m_event.id)) m_vendors[v.id] = v;
  for (const Staff& s : store.staff().list()) {
    if (s.role == Role::Cashier && m_cashier.id == 0) m_cashier = s;
    if (s.role == Role::Supervisor && m_supervisor.id == 0) m_supervisor = s;
  }
  if (m_products.empty() || m_cashier.id == 0 || m_supervisor.id == 0) throw std::runtime_error("the database is not seeded");
}

std::vector<Tender> RandomSeller::pay(const CartTotals& totals) {
  const Rupiah total = totals.total;
  if (total.idr() == 0) return {};
  switch (uniform(1, 6)) {
    case 1: return {Tender::cash(total)};
    case 2: return {Tender::cash(total, total + Rupiah(uniform(0, 100) * 1000))};
    case 3: {
      bool allHaveQris = true;
      for (const VendorSubtotal& v : totals.vendors)
        for (const auto& [id, vendor] : m_vendors)
          if (vendor.code == v.vendorCode && vendor.qris.empty()) allHaveQris = false;
      if (!allHaveQris) return {Tender::qris(total, QrisAccount::Organizer, "", m_cashier.name)};
      std::vector<Tender> tenders;
      for (const VendorSubtotal& v : totals.vendors)
        if (v.net.idr() > 0) tenders.push_back(Tender::qris(v.net, QrisAccount::Vendor, v.vendorCode, m_cashier.name));
      return tenders;
    }
    case 4: return {Tender::withReference(PaymentMethod::Card, total, "EDC-" + std::to_string(uniform(1, 999999)))};
    case 5:
      if (total.idr() >= 2) {
        const Rupiah part(uniform(1, total.idr() - 1));
        return {Tender::cash(part, part + Rupiah(uniform(0, 50) * 1000)), Tender::withReference(PaymentMethod::Ewallet, total - part, "OVO")};
      }
      [[fallthrough]];
    default: return {Tender::withReference(PaymentMethod::Transfer, total, "TRF")};
  }
}

Result<void> RandomSeller::step() {
  Cart cart;
  const std::int64_t lines = uniform(1, 3);
  for (std::int64_t i = 0; i < lines; ++i) {
    const Product& p = m_products[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(m_products.size()) - 1))];
    addToCart(cart, p, m_vendors.at(p.vendorId), uniform(1, 3));
    if (chance(10)) cart.lines.back().discount = Discount::percent(static_cast<std::int32_t>(uniform(1, 30) * 100));
  }
  if (chance(10)) cart.discount = Discount::rupiah(Rupiah(uniform(1, 20) * 500));
  // As at the till: the screen asks the store what needs a supervisor, and the supervisor
  // approves the cart as it then is.
  auto needed = m_store.sales().approvalsNeeded(cart);
  if (!needed) return needed.failure();
  if (needed->has(ApprovalKind::Oversell) && !chance(m_options.overSellPercent)) {
    for (const CartLine& l : cart.lines) {
      doing(SellerAction::Intake);
      if (auto ok = m_store.stock().intake(m_event.id, l.productId, 500, m_cashier.name, "restock"); !ok) return ok;
    }
    needed = m_store.sales().approvalsNeeded(cart);
    if (!needed) return needed.failure();
  }
  if (!needed->empty()) approve(cart, m_supervisor, *needed);
  const SaleDraft draft{cart, pay(computeTotals(cart)), m_cashier};
  doing(SellerAction::Sale);
  auto sale = m_store.sales().commit(draft);
  if (!sale) return sale.failure();
  m_report(fmt::format("S {} {} {} {}", sale->uuid, sale->seq, sale->total.idr(), saleDigest(*sale)));
  m_recent.push_back(*sale);
  return afterSale(*sale);
}

Result<void> RandomSeller::afterSale(const SaleRecord& sale) {
  if (chance(m_options.refundPercent)) {
    const SaleRecord& target = m_recent[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(m_recent.size()) - 1))];
    const std::map<int, std::int64_t> done = m_store.sales().refundedQuantities(target.uuid);
    const SaleLine& line = target.lines[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(target.lines.size()) - 1))];
    const auto it = done.find(line.lineNo);
    const std::int64_t left = line.quantity - (it == done.end() ? 0 : it->second);
    if (left <= 0) return {};
    RefundDraft r;
    r.saleUuid = target.uuid;
    r.lines = {{line.lineNo, uniform(1, left), chance(70)}};
    r.reason = "Barang cacat";
    r.method = chance(50) ? PaymentMethod::Cash : PaymentMethod::Transfer;
    r.staff = m_cashier;
    approve(r, m_supervisor);
    doing(SellerAction::Refund);
    auto refund = m_store.sales().refund(r);
    if (refund) {
      m_report(fmt::format("R {} {} {}", refund->uuid, target.uuid, refund->total.idr()));
    } else if (refund.error().code != Errc::Conflict) {  // a voided sale: Conflict, fine
      return refund.failure();
    }
  } else if (chance(m_options.voidPercent)) {
    RefundDraft v;
    v.saleUuid = sale.uuid;
    v.isVoid = true;
    v.reason = "Salah input";
    v.staff = m_cashier;
    approve(v, m_supervisor);
    doing(SellerAction::Void);
    auto voided = m_store.sales().refund(v);
    if (!voided) return voided.failure();
    m_report(fmt::format("V {} {} {}", voided->uuid, sale.uuid, voided->total.idr()));
  } else if (chance(m_options.closePercent)) {
    doing(SellerAction::ShiftClose);
    auto closed = m_store.shifts().close({{100'000, uniform(0, 50)}, {1'000, uniform(0, 99)}}, m_supervisor);
    if (!closed) return closed.failure();
    m_report("C " + closed->uuid);
  }
  return {};
}

}  // namespace pameran::test
