#include "pameran/kiosk/features/documents.hpp"

namespace pameran::kiosk {

void DocumentsController::handle(const act::PrintReceipt&) {
  std::optional<ReceiptData>& receipt = m_session.data().receipt;
  if (!receipt) return;
  // The first print of a new sale is the original; every other print says COPY.
  const bool copy = receipt->copy || receipt->prints > 0;
  m_session.print(core::renderReceipt(receipt->sale, m_session.paper(copy)));
  ++receipt->prints;
}

void DocumentsController::handle(const act::SaveReceiptPdf&) {
  const std::optional<ReceiptData>& receipt = m_session.data().receipt;
  if (!receipt) return;
  TextDocument doc;
  doc.receiptPaper = true;
  doc.columns = m_session.device().receiptWidth;
  doc.lines = splitLines(core::renderReceipt(receipt->sale, m_session.paper(receipt->copy)));
  m_session.savePdf(std::move(doc), "receipts/" + safeFileName(receipt->sale.receiptNo) + (receipt->copy ? "-copy" : "") + ".pdf");
}

void DocumentsController::handle(const act::NewSale&) {
  m_session.data().receipt.reset();
  m_session.ui().sell = SellState{};
  if (m_session.user()) m_session.ui().screen = Screen::Sell;
}

void DocumentsController::handle(const act::ReprintSale& a) {
  auto sale = m_session.store().sales().byUuid(a.uuid);
  if (!sale) return m_session.error(sale.error());
  m_session.showReceipt(std::move(*sale), true);
}

}  // namespace pameran::kiosk
