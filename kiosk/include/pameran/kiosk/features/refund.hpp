#pragma once
// The refund feature: find a sale (receipt number or the day's list), refund lines or void it with
// a reason and a supervisor's PIN, restock or not, and print or save the slip. All local, so it
// works offline.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

struct RefundData {
  std::optional<core::SaleRecord> sale;         // the sale being refunded
  std::map<int, std::int64_t> refundedQty;      // line number -> units refunded before
  bool voided = false;
  std::optional<core::RefundRecord> last;       // the refund just made, for its slip
  std::vector<core::SaleSummary> recent;        // the business day's sales, newest first
};

class RefundController final : public Feature {
 public:
  explicit RefundController(Session& session) : m_session(session) {}
  const RefundData& data() const { return m_data; }

  void handle(const act::FindSale& a);
  void handle(const act::OpenSale& a);
  void handle(const act::RequestRefund& a);
  void handle(const act::PrintRefundSlip& a);
  void handle(const act::SaveRefundPdf& a);
  void handle(const act::CloseSale& a);

  void entered(Screen screen) override;

 private:
  void open(core::SaleRecord sale);
  void loadRecent();
  void refund(core::RefundDraft draft);
  std::string slipText() const;

  Session& m_session;
  RefundData m_data;
};

}  // namespace pameran::kiosk
