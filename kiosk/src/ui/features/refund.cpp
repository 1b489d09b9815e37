#include "pameran/kiosk/features/refund.hpp"

namespace pameran::kiosk {
namespace {

constexpr std::size_t kRecentLimit = 100;

}  // namespace

void RefundController::entered(Screen screen) {
  if (screen != Screen::Refund) return;
  loadRecent();
  if (!m_data.sale) {
    m_session.ui().refund.step = RefundStep::Find;
    m_session.ui().refund.focusQuery = true;
  }
}

void RefundController::loadRecent() {
  const CatalogData& c = m_session.catalog();
  if (!c.hasEvent) return;
  const core::EpochMs now = m_session.now();
  const core::EpochMs from = core::businessDayStart(now, c.event.tzOffsetMinutes, c.event.cutoffHour);
  m_data.recent = m_session.store().sales().list(c.event.id, from, now + 86'400'000, kRecentLimit);
}

void RefundController::open(core::SaleRecord sale) {
  core::Sales& sales = m_session.store().sales();
  m_data.refundedQty = sales.refundedQuantities(sale.uuid);
  m_data.voided = false;
  for (const core::RefundRecord& r : sales.refundsOf(sale.uuid))
    if (r.isVoid) m_data.voided = true;
  RefundState& state = m_session.ui().refund;
  state = RefundState{};
  state.quantity.assign(sale.lines.size(), 0);
  state.restock.assign(sale.lines.size(), true);
  state.step = RefundStep::Choose;
  m_data.last.reset();
  m_data.sale = std::move(sale);
}

void RefundController::handle(const act::FindSale& a) {
  const std::string no = trimmed(a.receiptNo);
  if (no.empty()) return;
  auto sale = m_session.store().sales().byReceipt(no);
  if (!sale) return m_session.banner(BannerKind::Error, m_session.tr().format(T::ErrReceiptNotFound, {no}));
  open(std::move(*sale));
}

void RefundController::handle(const act::OpenSale& a) {
  auto sale = m_session.store().sales().byUuid(a.uuid);
  if (!sale) return m_session.error(sale.error());
  open(std::move(*sale));
}

void RefundController::handle(const act::RequestRefund& a) {
  if (!m_data.sale || !m_session.user()) return;
  core::RefundDraft draft;
  draft.saleUuid = m_data.sale->uuid;
  draft.lines = a.lines;
  draft.isVoid = a.isVoid;
  draft.reason = trimmed(a.reason);
  draft.method = a.method;
  draft.staff = *m_session.user();
  if (draft.reason.empty()) return m_session.info(T::RefundNeedReason);
  if (!draft.isVoid && draft.lines.empty()) return m_session.info(T::RefundNeedLines);
  const std::string detail = m_session.tr().format(T::SupRefundDetail, {m_data.sale->receiptNo});
  m_session.askSupervisor(SupervisorPurpose::Refund, detail, [this, draft = std::move(draft)](const core::Staff& supervisor) mutable {
    core::approve(draft, supervisor);
    refund(std::move(draft));
  });
}

void RefundController::refund(core::RefundDraft draft) {
  auto done = m_session.store().sales().refund(draft);
  if (!done) return m_session.error(done.error());
  if (m_data.sale && m_data.sale->uuid == draft.saleUuid) {
    // The cached levels follow what went back on the shelf.
    for (const core::RefundLine& rl : done->lines) {
      if (!rl.restock || rl.lineNo < 1 || static_cast<std::size_t>(rl.lineNo) > m_data.sale->lines.size()) continue;
      const core::SaleLine& sl = m_data.sale->lines[static_cast<std::size_t>(rl.lineNo - 1)];
      if (const core::Product* p = m_session.catalog().index.findByCode(sl.sku)) m_session.moveStock(p->id, rl.quantity);
    }
    m_data.refundedQty = m_session.store().sales().refundedQuantities(m_data.sale->uuid);
    m_data.voided = done->isVoid;
  }
  m_session.queuedForUpload();
  m_session.success(m_session.tr().format(done->isVoid ? T::RefundVoidDone : T::RefundDone, {core::formatRupiah(done->total), done->receiptNo}));
  m_data.last = std::move(*done);
  m_session.ui().refund.step = RefundStep::Done;
  loadRecent();
}

std::string RefundController::slipText() const { return core::renderRefundSlip(*m_data.last, *m_data.sale, m_session.paper()); }

void RefundController::handle(const act::PrintRefundSlip&) {
  if (!m_data.last || !m_data.sale) return;
  m_session.print(slipText());
}

void RefundController::handle(const act::SaveRefundPdf&) {
  if (!m_data.last || !m_data.sale) return;
  TextDocument doc;
  doc.receiptPaper = true;
  doc.columns = m_session.device().receiptWidth;
  doc.lines = splitLines(slipText());
  m_session.savePdf(std::move(doc), "receipts/" + safeFileName(m_data.sale->receiptNo) + "-refund-" + m_data.last->uuid.substr(0, 8) + ".pdf");
}

void RefundController::handle(const act::CloseSale&) {
  m_data.sale.reset();
  m_data.last.reset();
  m_data.refundedQty.clear();
  m_session.ui().refund = RefundState{};
  m_session.ui().refund.focusQuery = true;
  loadRecent();
}

}  // namespace pameran::kiosk
