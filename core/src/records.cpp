#include "pameran/core/records.hpp"

#include <fmt/format.h>

#include <set>

#include "pameran/core/ids.hpp"

namespace pameran::core {

Rupiah refundShare(const SaleLine& line, std::int64_t alreadyRefunded, std::int64_t quantity) {
  if (line.quantity <= 0) return Rupiah{};
  auto cumulative = [&](std::int64_t units) {
    return mulDiv(line.net.idr(), units, line.quantity);
  };
  return Rupiah(cumulative(alreadyRefunded + quantity) - cumulative(alreadyRefunded));
}

const std::string& auditGenesisHash() {
  static const std::string genesis(64, '0');
  return genesis;
}

std::string auditHash(const AuditEntry& e) {
  // Fields apart by the unit separator, which clean text never holds (isCleanUtf8). Changing
  // this text changes every hash already stored on kiosks and servers.
  return sha256Hex(fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", e.prevHash, e.id, e.at, e.staff, e.action, e.subject,
                               e.reason, e.details));
}

std::string formatReceiptNo(const std::string& eventCode, const std::string& deviceCode, std::int64_t seq) {
  return fmt::format("{}-{}-{:06}", eventCode, deviceCode, seq);
}

namespace {

bool inRange(Rupiah r) { return r.idr() >= 0 && r.idr() <= kMaxIdr; }

Result<void> checkText(const std::string& value, const char* field, std::size_t maxLen, bool required) {
  if (required && value.empty()) return fail(Errc::Invalid, fmt::format("{} is empty", field));
  if (value.size() > maxLen) return fail(Errc::Invalid, fmt::format("{} is longer than {} bytes", field, maxLen));
  if (!isCleanUtf8(value)) return fail(Errc::Invalid, fmt::format("{} is not clean UTF-8 text", field));
  return {};
}

Result<void> checkCode(const std::string& value, const char* field, bool required) {
  if (!required && value.empty()) return {};
  if (!isValidCode(value)) return fail(Errc::Invalid, fmt::format("{} '{}' is not a valid code", field, value.substr(0, 40)));
  return {};
}

#define PAMERAN_TRY(expr)              \
  do {                                 \
    if (auto r_ = (expr); !r_) return r_; \
  } while (false)

}  // namespace

Result<void> validateSaleRecord(const SaleRecord& s) {
  if (!isUuid(s.uuid)) return fail(Errc::Invalid, "sale id is not a UUID");
  if (s.seq < 1) return fail(Errc::Invalid, "sale sequence number must be at least 1");
  PAMERAN_TRY(checkCode(s.eventCode, "event code", true));
  PAMERAN_TRY(checkText(s.deviceId, "device id", 64, true));
  PAMERAN_TRY(checkCode(s.deviceCode, "device code", true));
  PAMERAN_TRY(checkCode(s.boothVendorCode, "booth vendor code", false));
  PAMERAN_TRY(checkText(s.receiptNo, "receipt number", 80, true));
  PAMERAN_TRY(checkText(s.cashier, "cashier", kMaxNameLength, false));
  PAMERAN_TRY(checkText(s.approvedBy, "approved by", kMaxNameLength, false));
  if (!s.shiftUuid.empty() && !isUuid(s.shiftUuid)) return fail(Errc::Invalid, "shift id is not a UUID");
  if (s.lines.empty()) return fail(Errc::Invalid, "a sale has at least one line");
  if (s.lines.size() > 500) return fail(Errc::Invalid, "a sale has at most 500 lines");
  Rupiah gross, discount;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const SaleLine& l = s.lines[i];
    if (l.lineNo != static_cast<int>(i + 1)) return fail(Errc::Invalid, "sale lines must be numbered 1, 2, 3...");
    if (l.custom && !l.sku.empty()) return fail(Errc::Invalid, fmt::format("line {}: a custom item has no SKU", l.lineNo));
    PAMERAN_TRY(checkCode(l.sku, "sku", !l.custom));
    PAMERAN_TRY(checkText(l.barcode, "barcode", kMaxCodeLength, false));
    PAMERAN_TRY(checkText(l.name, "product name", kMaxNameLength, true));
    PAMERAN_TRY(checkCode(l.vendorCode, "vendor code", true));
    PAMERAN_TRY(checkText(l.vendorName, "vendor name", kMaxNameLength, false));
    if (l.quantity < 1 || l.quantity > kMaxQuantity) return fail(Errc::Invalid, fmt::format("line {}: quantity out of range", l.lineNo));
    if (!inRange(l.listPrice) || !inRange(l.unitPrice) || l.unitPrice.idr() > kMaxIdr / l.quantity || !inRange(l.lineDiscount) ||
        !inRange(l.cartDiscount) || !inRange(l.net))
      return fail(Errc::Invalid, fmt::format("line {}: money out of range", l.lineNo));
    if (l.gross != l.unitPrice * l.quantity) return fail(Errc::Invalid, fmt::format("line {}: gross is not price x quantity", l.lineNo));
    if (l.net != l.gross - l.lineDiscount - l.cartDiscount)
      return fail(Errc::Invalid, fmt::format("line {}: net is not gross minus discounts", l.lineNo));
    gross += l.gross;
    discount += l.lineDiscount + l.cartDiscount;
    if (gross.idr() > kMaxIdr) return fail(Errc::Invalid, "sale total out of range");
  }
  if (gross != s.gross) return fail(Errc::Invalid, "sale gross is not the sum of its lines");
  if (discount != s.discount) return fail(Errc::Invalid, "sale discount is not the sum of its lines' discounts");
  if (s.total != s.gross - s.discount) return fail(Errc::Invalid, "sale total is not gross minus discount");
  std::vector<Tender> tenders;
  tenders.reserve(s.payments.size());
  for (const SalePayment& p : s.payments) {
    if (!inRange(p.tendered) || !inRange(p.change)) return fail(Errc::Invalid, "payment money out of range");
    // Change is only ever cash handed back: tendered minus amount, none on exact cash or other methods.
    const Rupiah change = p.method == PaymentMethod::Cash && p.tendered.idr() != 0 ? p.tendered - p.amount : Rupiah{};
    if (p.change != change) return fail(Errc::Invalid, "payment change is not cash tendered minus amount");
    PAMERAN_TRY(checkText(p.confirmedBy, "confirmed by", kMaxNameLength, false));
    PAMERAN_TRY(checkCode(p.vendorCode, "payment vendor code", false));
    tenders.push_back(Tender{p.method, p.amount, p.tendered, p.reference, p.account, p.vendorCode, p.confirmedBy});
  }
  auto paid = checkTenders(s.total, tenders);
  if (!paid) return paid.failure();
  if (paid->change != s.change) return fail(Errc::Invalid, "sale change is not the sum of cash change");
  return {};
}

Result<void> validateRefundRecord(const RefundRecord& r) {
  if (!isUuid(r.uuid)) return fail(Errc::Invalid, "refund id is not a UUID");
  if (!isUuid(r.saleUuid)) return fail(Errc::Invalid, "refunded sale id is not a UUID");
  PAMERAN_TRY(checkCode(r.eventCode, "event code", true));
  PAMERAN_TRY(checkText(r.deviceId, "device id", 64, true));
  PAMERAN_TRY(checkText(r.receiptNo, "receipt number", 80, false));
  PAMERAN_TRY(checkText(r.reason, "reason", kMaxTextLength, true));
  PAMERAN_TRY(checkText(r.staff, "staff", kMaxNameLength, false));
  PAMERAN_TRY(checkText(r.approvedBy, "approved by", kMaxNameLength, true));
  if (r.lines.empty() || r.lines.size() > 500) return fail(Errc::Invalid, "a refund has 1 to 500 lines");
  Rupiah total;
  std::set<int> seen;
  for (const RefundLine& l : r.lines) {
    if (l.lineNo < 1 || l.lineNo > 500) return fail(Errc::Invalid, "refund line number out of range");
    if (!seen.insert(l.lineNo).second) return fail(Errc::Invalid, fmt::format("refund line {} is listed twice", l.lineNo));
    if (l.quantity < 1 || l.quantity > kMaxQuantity) return fail(Errc::Invalid, "refund quantity out of range");
    if (!inRange(l.amount)) return fail(Errc::Invalid, "refund amount out of range");
    total += l.amount;
  }
  if (total != r.total) return fail(Errc::Invalid, "refund total is not the sum of its lines");
  return {};
}

Result<void> validateShiftRecord(const ShiftRecord& s) {
  if (!isUuid(s.uuid)) return fail(Errc::Invalid, "shift id is not a UUID");
  PAMERAN_TRY(checkCode(s.eventCode, "event code", true));
  PAMERAN_TRY(checkText(s.deviceId, "device id", 64, true));
  PAMERAN_TRY(checkText(s.openedBy, "opened by", kMaxNameLength, false));
  PAMERAN_TRY(checkText(s.closedBy, "closed by", kMaxNameLength, false));
  for (Rupiah r : {s.openingFloat, s.cashIn, s.cashOut, s.cashSales, s.cashRefunds, s.countedCash})
    if (!inRange(r)) return fail(Errc::Invalid, "shift money out of range");
  if (s.salesCount < 0) return fail(Errc::Invalid, "shift sales count is negative");
  if (s.expectedCash != s.openingFloat + s.cashSales - s.cashRefunds + s.cashIn - s.cashOut)
    return fail(Errc::Invalid, "expected cash does not add up");
  if (s.variance != s.countedCash - s.expectedCash) return fail(Errc::Invalid, "variance is not counted minus expected");
  if (s.counts.size() > 30) return fail(Errc::Invalid, "too many denominations");
  for (const auto& [denomination, pieces] : s.counts)
    if (denomination <= 0 || pieces < 0 || pieces > kMaxQuantity) return fail(Errc::Invalid, "bad cash count");
  for (const auto& [method, amount] : s.totalsByMethod)
    if (!parsePaymentMethod(method) || amount < -kMaxIdr || amount > kMaxIdr) return fail(Errc::Invalid, "bad shift totals");
  return {};
}

}  // namespace pameran::core
