#pragma once
// A supervisor's approval, bound to exactly what it approved. Approving takes a snapshot (the
// approval's scope) of the cart's lines, quantities, prices and discounts, or of a refund; any
// later change makes the scope differ, and the store refuses a sale or refund whose approval does
// not cover exactly what is committed (RELIABILITY.md P25).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "pameran/core/domain.hpp"

namespace pameran::core {

enum class ApprovalKind : std::uint8_t { Discount, PriceOverride, Oversell, Refund, Void, CustomPrice };
/// "discount" | "price_override" | "oversell" | "refund" | "void" | "custom_price"
std::string_view toString(ApprovalKind kind);
inline constexpr ApprovalKind kAllApprovalKinds[] = {ApprovalKind::Discount, ApprovalKind::PriceOverride,
                                                     ApprovalKind::Oversell, ApprovalKind::Refund, ApprovalKind::Void,
                                                     ApprovalKind::CustomPrice};

/// A set of approval kinds.
class ApprovalKinds {
 public:
  constexpr ApprovalKinds() = default;
  constexpr ApprovalKinds(std::initializer_list<ApprovalKind> kinds) {
    for (ApprovalKind k : kinds) m_bits = static_cast<std::uint8_t>(m_bits | bit(k));
  }
  constexpr bool has(ApprovalKind k) const { return (m_bits & bit(k)) != 0; }
  constexpr bool empty() const { return m_bits == 0; }
  /// True when every kind of `other` is in this set.
  constexpr bool covers(ApprovalKinds other) const { return (other.m_bits & ~m_bits) == 0; }
  /// The kinds of this set that `other` lacks.
  constexpr ApprovalKinds without(ApprovalKinds other) const { return ApprovalKinds(static_cast<std::uint8_t>(m_bits & ~other.m_bits)); }
  constexpr ApprovalKinds& operator|=(ApprovalKinds other) {
    m_bits = static_cast<std::uint8_t>(m_bits | other.m_bits);
    return *this;
  }
  constexpr bool operator==(const ApprovalKinds&) const = default;
  /// "discount+oversell" (empty for no kind).
  std::string describe() const;

 private:
  constexpr explicit ApprovalKinds(std::uint8_t bits) : m_bits(bits) {}
  static constexpr std::uint8_t bit(ApprovalKind k) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(k)); }
  std::uint8_t m_bits = 0;
};

struct Approval {
  Staff supervisor;     // who gave it (Staffs::verifySupervisor); the store checks they may
  ApprovalKinds kinds;  // what they approved
  std::string scope;    // the canonical snapshot of what they approved (approvalScope)
};

}  // namespace pameran::core
