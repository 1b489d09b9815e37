#pragma once
// The demo exhibition and a sales simulator, shared by the kiosk's commands, tests and benchmarks.
#include <cstdint>
#include <string_view>

#include "pameran/core/store.hpp"

namespace pameran::core {

inline constexpr std::string_view kDemoEventCode = "DEPOK-2026";

/// Seeds an empty store with the demo event (catalog from the given CSV text, demo staff
/// `Kasir Demo` 1234 and `Supervisor Demo` 4321, commissions, a default float). Returns false and
/// changes nothing when the store already holds an event.
Result<bool> seedDemo(Store& store, std::string_view vendorsCsv, std::string_view productsCsv);

/// Adds whichever of the demo staff is missing by name: `Kasir Demo` 1234 and `Supervisor Demo`
/// 4321 (DESIGN.md fixes both; the only supervisor PIN allowed shorter than six digits), for a
/// demo kiosk whose catalog came from a server. Returns whether it added anyone; Conflict when a
/// demo PIN is someone else's.
Result<bool> seedDemoStaff(Store& store);

struct SimulationSummary {
  std::int64_t sales = 0;
  std::int64_t refunds = 0;
  std::int64_t voids = 0;
  Rupiah total;
  std::int64_t intakes = 0;         // batches vendors brought when a product sold out
  std::int64_t intakeUnits = 0;
};

/// Rings up `count` random valid sales of the current event through Sales::commit, one
/// transaction each: one- and two-vendor carts, discounts (some supervised), cash with change,
/// QRIS (vendor or organizer account), card, transfer, e-wallet and split payments, and a few
/// refunds and voids. Makes a cashier and a supervisor when the kiosk has none. Deterministic for a
/// seed, apart from ids and times. With `restock`, a product that sells out gets a new batch the
/// size of its stock at the start (at least 5) through Stock::intake, as its vendor would bring;
/// without, the run fails when no product has stock left.
Result<SimulationSummary> simulateSales(Store& store, std::int64_t count, std::uint64_t seed, bool restock = true);

}  // namespace pameran::core
