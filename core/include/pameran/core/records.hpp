#pragma once
// What a kiosk commits and uploads: sales, refunds (and voids), shift closes and audit entries.
// Immutable once committed; the sync protocol encodes exactly these.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pameran/core/domain.hpp"
#include "pameran/core/money.hpp"
#include "pameran/core/payment.hpp"

namespace pameran::core {

struct SaleLine {
  int lineNo = 0;           // 1-based
  std::string sku;          // snapshot at sale time
  std::string barcode;
  std::string name;
  std::string vendorCode;
  std::string vendorName;
  Sector sector = Sector::Kriya;
  Rupiah listPrice;
  Rupiah unitPrice;
  std::int64_t quantity = 0;
  Rupiah gross;
  Rupiah lineDiscount;
  Rupiah cartDiscount;      // this line's share of the cart discount
  Rupiah net;
  bool custom = false;      // a custom-price item (no catalog product; sku empty)
};

struct SalePayment {
  PaymentMethod method = PaymentMethod::Cash;
  Rupiah amount;
  Rupiah tendered;
  Rupiah change;
  std::string reference;
  QrisAccount account = QrisAccount::None;
  std::string vendorCode;
  std::string confirmedBy;
};

struct SaleRecord {
  std::string uuid;
  std::int64_t seq = 0;          // gap-free per device
  std::string receiptNo;         // EVENTCODE-DEVICE-000123
  std::string eventCode;
  std::string deviceId;
  std::string deviceCode;
  std::string boothVendorCode;   // the vendor whose own booth this kiosk is, or empty
  EpochMs createdAt = 0;         // device clock, informational
  std::string cashier;
  std::string approvedBy;        // supervisor of a discount or override
  std::string shiftUuid;
  Rupiah gross;
  Rupiah discount;               // line + cart discounts
  Rupiah total;                  // gross - discount = sum of payments
  Rupiah change;
  std::vector<SaleLine> lines;
  std::vector<SalePayment> payments;
};

struct RefundLine {
  int lineNo = 0;                // the sale line
  std::int64_t quantity = 0;
  Rupiah amount;                 // net refunded for these units
  bool restock = false;
};

struct RefundRecord {
  std::string uuid;
  std::string saleUuid;
  std::string receiptNo;         // of the sale
  std::string eventCode;
  std::string deviceId;
  EpochMs createdAt = 0;
  bool isVoid = false;           // a void cancels the whole sale as if never rung up
  std::string reason;
  std::string staff;             // who did it
  std::string approvedBy;        // supervisor
  PaymentMethod method = PaymentMethod::Cash;  // how the money went back
  Rupiah total;
  std::vector<RefundLine> lines;
};

struct ShiftRecord {
  std::string uuid;
  std::string eventCode;
  std::string deviceId;
  EpochMs openedAt = 0;
  EpochMs closedAt = 0;
  std::string openedBy;
  std::string closedBy;
  Rupiah openingFloat;
  Rupiah cashIn;
  Rupiah cashOut;
  Rupiah cashSales;              // cash kept from sales (change already given back)
  Rupiah cashRefunds;
  Rupiah expectedCash;           // float + cash sales - cash refunds + in - out
  Rupiah countedCash;
  Rupiah variance;               // counted - expected
  std::map<std::int64_t, std::int64_t> counts;  // denomination (rupiah) -> pieces
  std::map<std::string, std::int64_t> totalsByMethod;  // method -> rupiah kept
  std::int64_t salesCount = 0;
};

/// One entry of a kiosk's hash-chained audit log (P20), as it is kept and as it travels: the
/// server recomputes every link with auditHash.
struct AuditEntry {
  std::int64_t id = 0;           // 1, 2, 3... without a gap on a device
  EpochMs at = 0;                // device clock, informational
  std::string staff;             // who did or approved it
  std::string action;            // refund, void, discount_override, price_override, oversell, stock_adjust, shift_close...
  std::string subject;           // receipt number, product...
  std::string reason;
  std::string details;
  std::string prevHash;          // the entry before's hash; auditGenesisHash() for entry 1
  std::string hash;              // auditHash(*this) when the entry is intact
};

/// The prevHash of entry 1: 64 zeros.
const std::string& auditGenesisHash();
/// SHA-256 (lowercase hex) over the entry's prevHash, id and every field: what chains an entry
/// to the one before it.
std::string auditHash(const AuditEntry& entry);

/// Refund amount for `quantity` more units of a line of which `alreadyRefunded` units went back
/// before: cumulative shares are floor(net x units / qty), so refunding every unit returns exactly
/// the line's net.
Rupiah refundShare(const SaleLine& line, std::int64_t alreadyRefunded, std::int64_t quantity);

/// What goes back to a vendor at the end of an event, per product (Stock::returnSlip).
struct ReturnSlipLine {
  std::int64_t productId = 0;
  std::string sku, name;
  std::int64_t brought = 0, sold = 0, refunded = 0, adjusted = 0, returned = 0, remaining = 0;
};

/// Receipt number `EVENT-DEVICE-000123`.
std::string formatReceiptNo(const std::string& eventCode, const std::string& deviceCode, std::int64_t seq);

/// Structural checks shared by the store and the server: ids, lines adding up (net = gross -
/// discounts, totals = sums), payments = total, quantities and money in range, text lengths.
Result<void> validateSaleRecord(const SaleRecord& sale);
Result<void> validateRefundRecord(const RefundRecord& refund);
Result<void> validateShiftRecord(const ShiftRecord& shift);

}  // namespace pameran::core
