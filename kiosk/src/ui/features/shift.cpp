#include "pameran/kiosk/features/shift.hpp"

#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk {

void ShiftController::load() {
  core::Shifts& shifts = m_session.store().shifts();
  m_data.shift = shifts.current();
  m_data.cashMoves = m_data.shift ? shifts.cashMovements(m_data.shift->id) : std::vector<core::CashMovement>{};
}

void ShiftController::entered(Screen screen) {
  if (screen != Screen::Shift) return;
  load();
  if (m_session.ui().shift.mode == ShiftMode::Closed && m_data.shift) m_session.ui().shift.mode = ShiftMode::Summary;
}

void ShiftController::handle(const act::OpenShift& a) {
  if (!m_session.user()) return;
  auto opened = m_session.store().shifts().open(a.openingFloat, *m_session.user());
  if (!opened) return m_session.error(opened.error());
  m_data.closed.reset();
  m_session.ui().shift = ShiftUiState{};
  load();
  m_session.success(m_session.tr().format(T::ShiftOpened, {core::formatRupiah(a.openingFloat)}));
}

void ShiftController::handle(const act::MoveCash& a) {
  if (!m_session.user()) return;
  if (a.amount.idr() <= 0) return m_session.info(T::ShiftNeedAmount);
  const std::string reason = trimmed(a.reason);
  if (reason.empty()) return m_session.info(T::ShiftNeedReason);
  auto ok = m_session.store().shifts().moveCash(a.in, a.amount, reason, *m_session.user());
  if (!ok) return m_session.error(ok.error());
  m_session.ui().shift.cashDigits.clear();
  m_session.ui().shift.cashReason.clear();
  load();
  m_session.success(m_session.tr().format(a.in ? T::ShiftCashInDone : T::ShiftCashOutDone, {core::formatRupiah(a.amount)}));
}

void ShiftController::handle(const act::CloseShift& a) {
  if (!m_session.user()) return;
  auto closed = m_session.store().shifts().close(a.counts, *m_session.user());
  if (!closed) return m_session.error(closed.error());
  m_data.closed = std::move(*closed);
  m_data.shift.reset();
  m_data.cashMoves.clear();
  m_session.ui().shift = ShiftUiState{};
  m_session.ui().shift.mode = ShiftMode::Closed;
  m_session.queuedForUpload();
  m_session.success(m_session.tr()(T::ShiftClosedDone));
}

std::string ShiftController::reportText(int width, bool heading) const {
  core::ReceiptOptions paper = m_session.paper();
  paper.width = width;
  return core::renderShiftReport(*m_data.closed, paper, shiftReportLabels(m_session.tr()), heading);
}

void ShiftController::handle(const act::PrintShiftReport&) {
  if (!m_data.closed) return;
  m_session.print(reportText(m_session.device().receiptWidth, true));
}

void ShiftController::handle(const act::SaveShiftPdf&) {
  if (!m_data.closed) return;
  const core::Event& event = m_session.catalog().event;
  TextDocument doc;
  doc.title = m_session.tr()(T::ShiftReportTitle);
  doc.subtitle = event.name;
  doc.lines = splitLines(reportText(56, false));
  const std::string day = core::businessDate(m_data.closed->closedAt, event.tzOffsetMinutes, event.cutoffHour);
  m_session.savePdf(std::move(doc), "shifts/shift-" + day + "-" + m_data.closed->uuid.substr(0, 8) + ".pdf");
}

void ShiftController::handle(const act::RefreshShift&) { load(); }

}  // namespace pameran::kiosk
