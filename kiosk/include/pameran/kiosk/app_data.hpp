#pragma once
// What the screens show, kept by the AppController and refreshed when core changes (never per
// frame): the catalog index with stock, the session (who is logged in, the open cart, tenders),
// the last receipt, the sale being refunded, the shift, today's figures and the sync status.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pameran/core/cart.hpp"
#include "pameran/core/payment.hpp"
#include "pameran/core/product_index.hpp"
#include "pameran/core/qris_plan.hpp"
#include "pameran/core/records.hpp"
#include "pameran/core/report.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/text.hpp"

namespace pameran::kiosk {

/// One product as the grid draws it (parallel to ProductIndex::all()).
struct ProductRow {
  const core::Product* product = nullptr;
  int vendor = -1;            // index into AppData::vendors
  core::Sector sector = core::Sector::Kriya;
  std::string price;          // `Rp 35.000`
};

/// The sync indicator's data. The kiosk fills counts from the outbox; a SyncAgent (the sync
/// client, when present) adds its state and last error.
struct SyncStatus {
  enum class State { NotEnrolled, Idle, Syncing, Offline, Error, AuthFailed };
  State state = State::NotEnrolled;
  std::int64_t pending = 0;
  std::int64_t quarantined = 0;
  core::EpochMs lastSuccessAt = 0;   // 0: never
  std::string lastError;
};

/// Cache key of the sell grid's filter.
struct GridKey {
  std::string query;
  int sector = -2;
  std::int64_t vendorId = -1;
  std::int64_t version = -1;
  bool operator==(const GridKey&) const = default;
};

struct AppData {
  core::EpochMs now = 0;

  // Catalog of the current event, with stock levels.
  bool hasEvent = false;
  core::Event event;
  std::vector<core::Vendor> vendors;                     // by name
  std::unordered_map<std::int64_t, int> vendorIndex;     // vendor id -> index
  core::ProductIndex index;
  std::vector<ProductRow> rows;                          // parallel to index.all()
  std::unordered_map<std::int64_t, int> rowOf;           // product id -> row
  std::unordered_map<std::int64_t, core::StockLevel> stock;
  std::int64_t catalogVersion = -1;
  std::int64_t stockVersion = 0;                         // bumped by every change of `stock`
  bool allowOversell = false;
  std::int32_t discountThresholdBp = core::settings::kDefaultDiscountThresholdBp;
  core::Rupiah defaultFloat;

  // The sell grid and the stock list, filtered (rebuilt when their key changes).
  std::vector<int> grid;
  GridKey gridKey;
  std::vector<int> stockList;
  GridKey stockKey;

  // Staff and the PIN pad.
  std::vector<core::Staff> staff;
  core::LockoutStatus lockout;

  // The session: survives switching user.
  std::optional<core::Staff> user;
  core::Cart cart;
  core::CartTotals totals;                                // computeTotals(cart)
  std::optional<core::Staff> supervisor;                  // approved this cart's discounts
  std::vector<core::HeldCart> held;

  // Payment of the open cart.
  std::vector<core::Tender> tenders;
  core::QrisPlan qris;
  void* qrTexture = nullptr;                              // the current step's QR, when a TextureHost exists
  std::string qrPayload;                                  // what qrTexture / qrModules show
  std::vector<std::uint8_t> qrModules;                    // for drawing without a texture
  int qrSize = 0;
  bool committing = false;

  // The last sale, for the receipt screen.
  std::optional<core::SaleRecord> receipt;
  bool receiptIsCopy = false;                             // shown again from the list: prints as COPY
  int receiptPrints = 0;
  core::Rupiah receiptChange;

  // Refund of a sale.
  std::optional<core::SaleRecord> refundSale;
  std::map<int, std::int64_t> refundedQty;
  bool refundSaleVoided = false;
  std::optional<core::RefundRecord> lastRefund;
  std::vector<core::SaleSummary> recentSales;             // newest first, for picking

  // Stock screen.
  std::vector<core::ReturnSlipLine> returnSlip;
  std::int64_t returnSlipVendorId = 0;
  std::vector<core::StockMovement> movements;             // of the selected product
  std::int64_t movementsProductId = 0;

  // Shift.
  std::optional<core::ShiftState> shift;
  std::vector<core::CashMovement> cashMoves;
  std::optional<core::ShiftRecord> closedShift;

  // Today.
  std::optional<core::Report> report;
  std::vector<core::SaleSummary> todaySales;
  core::EpochMs todayFrom = 0;
  std::int64_t todayCount = 0;
  core::Rupiah todayTotal;
  core::Rupiah todayRefunded;
  std::int64_t todayItems = 0;

  // Sync indicator.
  SyncStatus sync;

  // Settings and device.
  std::string printer;
  int receiptWidth = 32;
  std::string receiptFooter;
  std::string deviceCode;
  std::string deviceName;
  std::string dbPath;
  Language language = Language::Id;
  int jobsRunning = 0;
};

}  // namespace pameran::kiosk
