#pragma once
// Random valid booth work through the same core calls the screens make: single- and multi-line
// carts with line and cart discounts (approved by a supervisor when they need one), cash, QRIS,
// card, transfer and split payments, refunds, voids, shift closes, and stock taken in (or, with a
// supervisor, oversold) when a product runs out. The kill -9 (P1) and power-cut (P23) tests drive
// it and check afterwards that everything it reported is there and whole.
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "pameran/core/store.hpp"

namespace pameran::test {

struct SellerOptions {
  int refundPercent = 8;    // after a sale, refund part of an earlier one
  int voidPercent = 3;      // else void the sale just made
  int closePercent = 2;     // else close the shift
  int overSellPercent = 0;  // when out of stock: a supervisor approves selling anyway (else intake)
};

enum class SellerAction { Sale, Refund, Void, ShiftClose, Intake };
const char* toString(SellerAction action);

class RandomSeller {
 public:
  /// Each line is reported only after the store's call returned: "S uuid seq total digest",
  /// "R uuid sale total", "V uuid sale total", "C shift-uuid".
  using Report = std::function<void(const std::string& line)>;

  RandomSeller(core::Store& store, std::uint64_t seed, Report report, SellerOptions options = {});
  /// One round: a sale (with stock taken in first when a product ran out), then perhaps a refund,
  /// a void or a shift close. A failure the round did not expect comes back as the error.
  core::Result<void> step();
  /// Told before each write the seller makes (what a power cut interrupts).
  std::function<void(SellerAction)> onAction;

 private:
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(m_rng); }
  bool chance(int percent) { return uniform(1, 100) <= percent; }
  void doing(SellerAction a) {
    if (onAction) onAction(a);
  }
  std::vector<core::Tender> pay(const core::CartTotals& totals);
  core::Result<void> afterSale(const core::SaleRecord& sale);

  core::Store& m_store;
  std::mt19937_64 m_rng;
  Report m_report;
  SellerOptions m_options;
  core::Event m_event;
  std::vector<core::Product> m_products;
  std::map<std::int64_t, core::Vendor> m_vendors;  // by id
  core::Staff m_cashier, m_supervisor;
  std::vector<core::SaleRecord> m_recent;  // this seller's sales, for refunds
};

/// A digest of everything a sale record holds, to tell a whole sale from a damaged one.
std::string saleDigest(const core::SaleRecord& sale);

}  // namespace pameran::test
