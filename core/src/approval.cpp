#include "pameran/core/approval.hpp"

namespace pameran::core {

std::string_view toString(ApprovalKind kind) {
  switch (kind) {
    case ApprovalKind::Discount: return "discount";
    case ApprovalKind::PriceOverride: return "price_override";
    case ApprovalKind::Oversell: return "oversell";
    case ApprovalKind::Refund: return "refund";
    case ApprovalKind::Void: return "void";
    case ApprovalKind::CustomPrice: return "custom_price";
  }
  return "discount";
}

std::string ApprovalKinds::describe() const {
  std::string out;
  for (ApprovalKind k : kAllApprovalKinds) {
    if (!has(k)) continue;
    if (!out.empty()) out += '+';
    out += toString(k);
  }
  return out;
}

}  // namespace pameran::core
