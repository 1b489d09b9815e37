#pragma once
// The consignment ledger of an event (issue 11 §2; DESIGN.md "Consignment ledger JSON"): per
// product and per vendor, the units received, sold, refunded (restocked), adjusted and returned,
// summed over all booths, and what follows from them: on hand.
#include <cstdint>
#include <string>
#include <vector>

#include "pameran/core/error.hpp"
#include "pameran/core/report.hpp"

namespace pameran::core {

struct StockLedgerProduct {
  std::string sku, vendorCode;
  std::int64_t received = 0, sold = 0, refunded = 0, adjusted = 0, returned = 0;
  std::string name;  // the catalog's name; empty for a product the event's catalog no longer lists
  /// received - sold + refunded + adjusted - returned
  std::int64_t onHand() const { return received - sold + refunded + adjusted - returned; }
};

struct StockLedgerVendor {
  std::string vendorCode;
  std::int64_t received = 0, sold = 0, refunded = 0, adjusted = 0, returned = 0, onHand = 0;
  /// Adds a product's units (its vendor's line) or another line's (an all-vendors line).
  void add(const StockLedgerProduct& p);
  void add(const StockLedgerVendor& v);
};

struct StockLedger {
  std::string event;
  std::vector<StockLedgerProduct> products;  // by vendor code, then SKU
  std::vector<StockLedgerVendor> vendors;    // by vendor code; sums of its products
};

/// Orders the products and sums them per vendor.
StockLedger buildStockLedger(std::string event, std::vector<StockLedgerProduct> products);

/// `{"event","products":[{"sku","vendor_code","name","received","sold","refunded","adjusted","returned","on_hand"}],
///   "vendors":[{"vendor_code","received","sold","refunded","adjusted","returned","on_hand"}]}` (one line, no newline).
std::string stockLedgerToJson(const StockLedger& ledger);
/// The products, one CSV row each (header `sku,vendor_code,received,sold,refunded,adjusted,returned,on_hand`).
std::string stockLedgerToCsv(const StockLedger& ledger);
/// Products then vendors, in aligned columns for a terminal.
std::string stockLedgerToTable(const StockLedger& ledger);

/// The settlement JSON (DESIGN.md) with each vendor's goods beside its money, so money and goods
/// are settled from one answer: `"goods":{"received","sold","refunded","adjusted","returned","on_hand"}`
/// (zeros for a vendor the ledger has no line for).
std::string settlementToJson(const Settlement& settlement, const StockLedger& goods);

}  // namespace pameran::core
