#pragma once
// Per-event totals and vendor settlement, shared by the kiosk's local report and the server.
// Both stores keep small rollups fed by the deltas below, so a report over a million sales reads a
// few thousand rows; buildReport() turns the rollups into the report JSON of DESIGN.md.
#include <cstdint>
#include <functional>
#include <map>
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

/// What one record adds to (or, for refunds and voids, takes off) the rollups.
struct ReportDelta {
  std::int64_t salesCount = 0;
  std::vector<RollupCell> cells;
  std::vector<PaymentCell> payments;
  std::vector<DirectCell> direct;
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

struct VendorTotals {
  std::string vendorCode;
  std::string name;
  Sector sector = Sector::Kriya;
  std::int64_t salesCount = 0;
  std::int64_t items = 0;
  Rupiah net;
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
};

/// Builds the report from rollup rows (cells may repeat a key: they are summed).
Report buildReport(const std::string& eventCode, std::int64_t salesCount, const std::vector<RollupCell>& cells,
                   const std::vector<PaymentCell>& payments, const VendorLookup& vendors);

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
