#pragma once
// Per-event totals and vendor settlement, shared by the kiosk's local report and the server.
// Both stores keep small rollups fed by the deltas below, so a report over a million sales reads a
// few thousand rows; buildReport() turns the rollups into the report JSON of DESIGN.md.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pameran/core/domain.hpp"
#include "pameran/core/money.hpp"
#include "pameran/core/records.hpp"

namespace pameran::core {

/// One rollup cell: a vendor's activity in one local hour of one business day.
struct RollupCell {
  std::string vendorCode;
  Sector sector = Sector::Kriya;  // as recorded on the sale lines
  std::string date;              // business day YYYY-MM-DD
  int hour = 0;                  // local clock hour 0..23
  std::int64_t salesCount = 0;   // sales touching this vendor
  std::int64_t items = 0;        // units sold minus units refunded
  Rupiah gross;
  Rupiah discount;
  Rupiah refund;
};

struct PaymentCell {
  PaymentMethod method = PaymentMethod::Cash;
  Rupiah amount;                 // kept: change and refunds taken off
};

struct DirectCell {
  std::string vendorCode;
  Rupiah paidDirect;             // money that went straight to the vendor
};

/// A whole record's share of one kiosk or one cashier: a sale counts once and its net; a refund
/// takes its money off (and a void the sale too) where the sale was counted.
struct TeamCell {
  std::string key;               // the kiosk (server: device id; kiosk: device code) or cashier name
  std::int64_t salesCount = 0;
  Rupiah net;
};

/// One product's units and net (gross - discounts - refunds) in a record.
struct ProductCell {
  std::string sku;
  std::string vendorCode;
  std::int64_t items = 0;
  Rupiah net;
};

/// What one record adds to (or, for refunds and voids, takes off) the rollups.
struct ReportDelta {
  std::int64_t salesCount = 0;
  std::vector<RollupCell> cells;
  std::vector<PaymentCell> payments;
  std::vector<DirectCell> direct;
  TeamCell device;               // key: the sale's device code (the server keys by the uploader)
  TeamCell cashier;              // key: the sale's cashier, also for its refunds
  std::vector<ProductCell> products;  // one per (sku, vendor)
};

struct EventClock {
  int tzOffsetMinutes = kWibOffsetMinutes;
  int cutoffHour = 0;
};

ReportDelta deltaForSale(const SaleRecord& sale, const EventClock& clock);
/// A refund counts on its own day and hour; a void takes the whole sale off where it was counted.
ReportDelta deltaForRefund(const RefundRecord& refund, const SaleRecord& sale, const EventClock& clock);

struct VendorInfo {
  std::string name;              // empty: unknown here, the code stands in
  std::int32_t commissionBp = 0;
};
using VendorLookup = std::function<VendorInfo(const std::string& vendorCode)>;

/// Names of a kiosk, for by_device.
struct KioskInfo {
  std::string code;              // K01; empty: unknown here, the key stands in
  std::string name;
  std::string booth;
};
using DeviceLookup = std::function<KioskInfo(const std::string& key)>;
/// A product's name by (sku, vendor code); empty: unknown, the sku stands in.
using ProductLookup = std::function<std::string(const std::string& sku, const std::string& vendorCode)>;

/// The rollups beyond cells and payments: per kiosk, per cashier, per product.
struct Breakdowns {
  std::vector<TeamCell> devices;
  std::vector<TeamCell> cashiers;
  std::vector<ProductCell> products;
};

struct VendorTotals {
  std::string vendorCode;
  std::string name;
  Sector sector = Sector::Kriya;
  std::int64_t salesCount = 0;
  std::int64_t items = 0;
  Rupiah net;
};

struct DeviceTotals {
  std::string deviceCode;
  std::string name;
  std::string booth;
  std::int64_t salesCount = 0;
  Rupiah net;
};

struct CashierTotals {
  std::string cashier;
  std::int64_t salesCount = 0;
  Rupiah net;
};

struct ProductTotals {
  std::string sku;
  std::string name;
  std::string vendorCode;
  std::int64_t items = 0;
  Rupiah net;
};

/// How many products the report JSON lists under top_products.
inline constexpr std::size_t kTopProducts = 20;

/// One event's line in a year's report (by_event).
struct EventTotals {
  std::string event;
  std::string name;
  std::string startDate;
  std::int64_t salesCount = 0;
  Rupiah net;
};

/// One IKM over a year's events (by_ikm).
struct IkmTotals {
  std::string vendorCode;
  std::string name;
  Sector sector = Sector::Kriya;
  std::int64_t events = 0;                   // events in which it sold
  Rupiah net;
  std::optional<std::int64_t> growthBp;      // against the year before; none without a base
};

struct Report {
  std::string event;
  std::int64_t salesCount = 0;
  std::int64_t items = 0;
  Rupiah gross;
  Rupiah discount;
  Rupiah refund;
  Rupiah net;
  std::vector<VendorTotals> byVendor;                    // by net, largest first
  std::vector<std::pair<Sector, Rupiah>> bySector;       // all three sectors
  std::vector<std::pair<PaymentMethod, Rupiah>> byPayment;  // all five methods
  std::vector<std::pair<std::string, Rupiah>> byDay;     // ascending dates with activity
  std::vector<std::pair<int, Rupiah>> byHour;            // ascending hours with activity
  /// by_device, by_cashier and top_products are written only when the rollups had them.
  bool hasBreakdowns = false;
  std::vector<DeviceTotals> byDevice;                    // by net, largest first
  std::vector<CashierTotals> byCashier;                  // by net, largest first
  std::vector<ProductTotals> products;                   // every product, by net, largest first
  /// A year's report (written only when isYear): its events and its IKM.
  bool isYear = false;
  std::vector<EventTotals> byEvent;                      // by start date, then code
  std::vector<IkmTotals> byIkm;                          // by net, largest first
};

/// Builds the report from rollup rows (cells may repeat a key: they are summed).
Report buildReport(const std::string& eventCode, std::int64_t salesCount, const std::vector<RollupCell>& cells,
                   const std::vector<PaymentCell>& payments, const VendorLookup& vendors);

/// Adds by_device, by_cashier and the products to a report from their rollups (keys may repeat).
void addBreakdowns(Report& report, const Breakdowns& rollups, const DeviceLookup& devices, const ProductLookup& products);

/// Orders by_device, by_cashier and the products best first (ties by code), as addBreakdowns does.
void sortBreakdowns(Report& report);

/// Deltas summed in memory, the way both stores keep their rollups: for checking a store's
/// figures against the records it was given, and for small reports.
struct RollupSet {
  std::int64_t salesCount = 0;
  std::vector<RollupCell> cells;
  std::vector<PaymentCell> payments;
  std::vector<DirectCell> direct;
  Breakdowns breakdowns;
  /// Adds a record's delta; a non-empty `deviceKey` stands for its device (the server keys
  /// kiosks by the device that uploaded).
  void apply(const ReportDelta& delta, const std::string& deviceKey = {});
  Report report(const std::string& eventCode, const VendorLookup& vendors, const DeviceLookup& devices,
                const ProductLookup& products) const;
};

std::string reportToJson(const Report& report);  // DESIGN.md's report JSON, one line
std::string reportToCsv(const Report& report);   // section,key,name,sector,sales_count,items_sold,amount_idr
std::string reportToTable(const Report& report); // aligned text for a terminal

struct SettlementRow {
  std::string vendorCode;
  std::string name;
  Sector sector = Sector::Kriya;
  std::int64_t salesCount = 0;
  std::int64_t items = 0;
  Rupiah gross;
  Rupiah discount;
  Rupiah refund;
  Rupiah net;
  std::int32_t commissionBp = 0;
  Rupiah commission;             // net x rate, rounded half up
  Rupiah paidDirect;
  Rupiah owedToVendor;           // net - commission - paidDirect
};

struct Settlement {
  std::string event;
  std::vector<SettlementRow> vendors;  // by vendor code
};

Settlement buildSettlement(const std::string& eventCode, const std::vector<RollupCell>& cells,
                           const std::vector<DirectCell>& direct, const VendorLookup& vendors);
std::string settlementToJson(const Settlement& settlement);
std::string settlementToCsv(const Settlement& settlement);

}  // namespace pameran::core
