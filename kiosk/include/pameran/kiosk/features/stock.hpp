#pragma once
// The stock feature: levels for the event (low ones marked), intake of goods a vendor brings,
// adjustments with a reason; per vendor the intake manifest signed at the start of the event, price
// tags that scan (again, for products the server made change their barcode), and the end-of-event
// return slip, everything handed back with a supervisor's PIN.
#include <cstdint>
#include <vector>

#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/features/cart.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

struct StockData {
  std::vector<int> list;                        // rows of the catalog, filtered by search and "low only"
  FilterKey listKey;
  std::vector<core::StockMovement> movements;   // of the selected product, newest first
  std::int64_t movementsProductId = 0;
  std::vector<core::ReturnSlipLine> slip;       // what goes back to the vendor picked
  std::int64_t slipVendorId = 0;
};

class StockController final : public Feature {
 public:
  explicit StockController(Session& session) : m_session(session) {}
  const StockData& data() const { return m_data; }

  void handle(const act::StockIntake& a);
  void handle(const act::StockAdjust& a);
  void handle(const act::LoadReturnSlip& a);
  void handle(const act::PrintReturnSlip& a);
  void handle(const act::SaveReturnSlipPdf& a);
  void handle(const act::RequestReturnToVendor& a);
  void handle(const act::SaveIntakeManifestPdf& a);
  void handle(const act::MakePriceTags& a);
  void handle(const act::PrintReprintTags& a);
  void handle(const act::DismissReprints& a);

  bool refresh() override;
  void entered(Screen screen) override;

 private:
  /// After an intake or adjustment: levels again, the form cleared; the product's name for the banner.
  std::string changed(std::int64_t productId);
  void returnToVendor(const core::Staff& supervisor);
  std::string slipText(int width) const;
  /// Tags of these products on the label roll or an A4 PDF (`labels/<event>-<name>-<layout>.pdf`);
  /// once on paper, they leave the reprint list.
  void printTags(const std::vector<std::int64_t>& productIds, core::LabelLayout layout, const std::string& name);

  Session& m_session;
  StockData m_data;
};

}  // namespace pameran::kiosk
