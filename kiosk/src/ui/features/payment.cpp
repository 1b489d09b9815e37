#include "pameran/kiosk/features/payment.hpp"

#include "pameran/kiosk/qr.hpp"
#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk {

using core::Rupiah;

PaymentController::PaymentController(Session& session) : m_session(session) {}

PaymentController::~PaymentController() { showQr({}); }

Rupiah PaymentController::rest() const {
  const OpenSale& sale = m_session.data().sale;
  return core::remainingToPay(sale.totals.total, sale.tenders);
}

void PaymentController::replanQris() {
  const SessionData& d = m_session.data();
  const std::string_view label = d.device.qrisTerminalLabel ? std::string_view(d.device.deviceCode) : std::string_view();
  m_data.qris = core::planQris(d.catalog.event, d.catalog.vendors, d.sale.totals, d.sale.tenders, label);
  const core::QrisStep* step = m_data.qris.currentStep();
  showQr(step ? step->payload : std::string());
}

void PaymentController::showQr(const std::string& payload) {
  QrPicture& qr = m_data.qr;
  if (payload == qr.payload) return;
  TextureHost* textures = m_session.options().textures;
  if (textures && qr.texture) textures->destroyTexture(qr.texture);
  qr = QrPicture{payload, nullptr, {}, 0};
  if (payload.empty()) return;
  auto image = encodeQr(payload);
  if (!image) return m_session.error(image.error());
  qr.modules = image->dark;
  qr.size = image->size;
  if (textures) qr.texture = textures->createQrTexture(*image, 4);
}

void PaymentController::open() {
  m_session.ui().payment = PaymentState{};
  m_session.ui().sell.modal = SellModal::None;
  replanQris();
  m_session.ui().screen = Screen::Payment;
}

void PaymentController::handle(const act::OpenPayment&) {
  const OpenSale& sale = m_session.data().sale;
  if (sale.cart.lines.empty() || !m_session.user()) return;
  const std::int32_t limit = m_session.device().discountThresholdBp;
  const Rupiah customLimit = m_session.device().customPriceLimit;
  const core::ApprovalKinds needed = core::approvalsNeeded(sale.cart, limit, customLimit);
  const core::Approval* approval = core::currentApproval(sale.cart);
  if (!needed.empty() && !(approval && approval->kinds.covers(needed))) {
    // A recalled cart with a large discount, or a changed one: approved now, then on to payment.
    const std::string detail = m_session.tr().format(T::SupDiscountDetail, {discountLabel(core::Discount::percent(limit))});
    m_session.askSupervisor(SupervisorPurpose::Discount, detail, [this, limit, customLimit](const core::Staff& supervisor) {
      OpenSale& s = m_session.data().sale;
      s.supervisor = supervisor;
      core::approve(s.cart, supervisor, core::approvalsNeeded(s.cart, limit, customLimit));
      open();
    });
    return;
  }
  open();
}

void PaymentController::handle(const act::PayCash& a) {
  const Rupiah left = rest();
  if (left.idr() <= 0 || m_session.ui().screen != Screen::Payment) return;
  std::vector<core::Tender>& tenders = m_session.data().sale.tenders;
  if (a.tendered.idr() == 0) tenders.push_back(core::Tender::cash(left));
  else if (a.tendered >= left) tenders.push_back(core::Tender::cash(left, a.tendered));
  else tenders.push_back(core::Tender::cash(a.tendered, a.tendered));  // part in cash, the rest another way
  m_session.ui().payment.cashDigits.clear();
  commitIfPaid();
}

void PaymentController::handle(const act::AddReferenceTender& a) {
  const Rupiah left = rest();
  if (left.idr() <= 0 || m_session.ui().screen != Screen::Payment) return;
  const Rupiah amount = a.amount.idr() == 0 ? left : a.amount;
  if (amount > left) return m_session.banner(BannerKind::Error, m_session.tr().format(T::PayAmountTooHigh, {core::formatRupiah(left)}));
  const std::string reference = trimmed(a.reference);
  if (reference.empty()) return m_session.info(T::PayReferenceNeeded);
  if (reference.size() > core::kMaxCodeLength * 2) return m_session.info(T::PayReferenceTooLong);
  m_session.data().sale.tenders.push_back(core::Tender::withReference(a.method, amount, reference));
  m_session.ui().payment.reference.clear();
  m_session.ui().payment.amountDigits.clear();
  commitIfPaid();
}

void PaymentController::handle(const act::ConfirmQris&) {
  if (m_session.ui().screen != Screen::Payment || !m_session.user()) return;
  const core::QrisStep* step = m_data.qris.currentStep();
  if (!step) {
    switch (m_data.qris.problem) {
      case core::QrisProblem::None: break;
      case core::QrisProblem::SplitNeedsOrganizer: m_session.info(T::PayQrisSplitProblem); break;
      case core::QrisProblem::NoQris: m_session.info(T::PayQrisNone); break;
    }
    return;
  }
  // Offline nothing proves a QRIS payment but the merchant's own notification: the cashier
  // confirms it, and the sale records who did (QRIS.md).
  m_session.data().sale.tenders.push_back(core::Tender::qris(step->amount, step->account, step->vendorCode, m_session.user()->name));
  commitIfPaid();
}

void PaymentController::handle(const act::RemoveTender& a) {
  std::vector<core::Tender>& tenders = m_session.data().sale.tenders;
  if (a.index < 0 || static_cast<std::size_t>(a.index) >= tenders.size()) return;
  tenders.erase(tenders.begin() + a.index);
  replanQris();
}

void PaymentController::handle(const act::BackToSell&) {
  if (m_session.ui().screen == Screen::Payment) m_session.ui().screen = Screen::Sell;
}

void PaymentController::commitIfPaid() {
  OpenSale& sale = m_session.data().sale;
  if (rest().idr() > 0 || sale.tenders.empty()) return replanQris();
  const core::SaleDraft draft{sale.cart, sale.tenders, *m_session.user()};
  // P3: nothing says "paid" before this commit returned; on failure the payment screen stays,
  // with the error, and the last tender comes off so it can be taken again.
  auto committed = m_session.store().sales().commit(draft);
  if (!committed) {
    sale.tenders.pop_back();
    replanQris();
    return m_session.error(committed.error());
  }
  for (const core::CartLine& l : sale.cart.lines) m_session.moveStock(l.productId, -l.quantity);
  const Rupiah change = committed->change;
  m_session.clearSale();
  replanQris();
  m_session.queuedForUpload();
  UiState& ui = m_session.ui();
  ui.payment = PaymentState{};
  ui.sell.scan.clear();
  ui.sell.query.clear();
  m_session.showReceipt(std::move(*committed), false, change);
}

}  // namespace pameran::kiosk
