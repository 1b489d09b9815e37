#pragma once
// The documents feature: the receipt screen after a sale (print on the thermal printer, save as
// PDF, next sale) and receipts shown again from the day's list, printed as COPY.
#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

class DocumentsController final : public Feature {
 public:
  explicit DocumentsController(Session& session) : m_session(session) {}

  void handle(const act::PrintReceipt& a);
  void handle(const act::SaveReceiptPdf& a);
  void handle(const act::NewSale& a);
  void handle(const act::ReprintSale& a);

 private:
  Session& m_session;
};

}  // namespace pameran::kiosk
