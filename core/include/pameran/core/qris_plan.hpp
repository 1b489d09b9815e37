#pragma once
// Payment planning for QRIS (QRIS.md, "Multi-vendor carts"): which QR codes the buyer scans, in
// turn, for what is left to pay: one per vendor subtotal to the vendor's own QRIS, or the
// organizer's QRIS for the whole rest.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/cart.hpp"
#include "pameran/core/domain.hpp"
#include "pameran/core/payment.hpp"

namespace pameran::core {

/// One QR of the walk: a vendor's subtotal to its own QRIS, or the rest to the organizer's.
struct QrisStep {
  QrisAccount account = QrisAccount::Vendor;
  std::string vendorCode;     // empty for the organizer
  std::string label;          // the vendor's name, or the event's for the organizer
  Rupiah amount;
  bool paid = false;          // a QRIS tender to this vendor is already taken
  bool available = false;     // false: no (valid) QRIS to show
  std::string payload;        // the dynamic QRIS for `amount`
  std::string merchantName;   // from the payload (59)
  std::string nmid;           // from the payload (51.02)
};

enum class QrisProblem {
  None,
  SplitNeedsOrganizer,  // part is paid another way and the vendors' subtotals no longer add up to the rest
  NoQris,               // no step has a QRIS to show
};

struct QrisPlan {
  std::vector<QrisStep> steps;
  int current = -1;                     // the step to show; -1: none can be shown
  QrisProblem problem = QrisProblem::None;
  const QrisStep* currentStep() const { return current < 0 ? nullptr : &steps[static_cast<std::size_t>(current)]; }
};

/// The QRIS walk for a cart's totals and the tenders taken so far. One QR per vendor subtotal, each
/// to the vendor's own QRIS, vendors already paid ticked; the organizer's QRIS for the whole rest
/// when the event pays several vendors through it, when no vendor of the cart has a QRIS, or when
/// part was paid another way. `vendors` are the event's (looked up by code); `terminalLabel`
/// non-empty adds 62.07 to each payload. An empty plan when nothing is left to pay.
QrisPlan planQris(const Event& event, std::span<const Vendor> vendors, const CartTotals& totals, std::span<const Tender> tenders,
                  std::string_view terminalLabel = {});

}  // namespace pameran::core
