// Sale, refund, shift-close and event JSON. The writers fix the canonical key order; the readers
// accept any order and refuse unknown keys.
#include <cstdint>

#include "json_io.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::sync::detail {
namespace {

core::Sector readSector(Reader& rd, const JsonNode& obj, const char* key, const Path& path) {
  const std::string s = rd.text(obj, key, path, true, 16);
  if (!rd.ok()) return core::Sector::Kriya;
  auto sector = core::parseSector(s);
  if (!sector) {
    rd.failAt(Path(path, key), "must be fesyen, kriya or kuliner");
    return core::Sector::Kriya;
  }
  return *sector;
}

core::PaymentMethod readMethod(Reader& rd, const JsonNode& obj, const char* key, const Path& path) {
  const std::string s = rd.text(obj, key, path, true, 16);
  if (!rd.ok()) return core::PaymentMethod::Cash;
  auto m = core::parsePaymentMethod(s);
  if (!m) {
    rd.failAt(Path(path, key), "must be cash, qris, card, transfer or ewallet");
    return core::PaymentMethod::Cash;
  }
  return *m;
}

std::string readUuid(Reader& rd, const JsonNode& obj, const char* key, const Path& path, bool required) {
  std::string s = rd.text(obj, key, path, required, 36);
  if (rd.ok() && !s.empty() && !core::isUuid(s)) rd.failAt(Path(path, key), "is not a UUID");
  return s;
}

std::string readCode(Reader& rd, const JsonNode& obj, const char* key, const Path& path, bool required) {
  std::string s = rd.text(obj, key, path, required, core::kMaxCodeLength);
  if (rd.ok() && !s.empty() && !core::isValidCode(s))
    rd.failAt(Path(path, key), "is not a valid code (1-32 of A-Z a-z 0-9 - _ .)");
  return s;
}

core::EpochMs readTime(Reader& rd, const JsonNode& obj, const char* key, const Path& path) {
  return rd.integer(obj, key, path, 0, kMaxTimestampMs);
}

}  // namespace

void writeSale(JsonWriter& w, const core::SaleRecord& s) {
  w.beginObject();
  w.field("id", s.uuid);
  w.field("seq", s.seq);
  w.field("receipt_no", s.receiptNo);
  w.field("event_code", s.eventCode);
  w.field("device_id", s.deviceId);
  w.field("device_code", s.deviceCode);
  w.field("booth_vendor_code", s.boothVendorCode);
  w.field("created_at_ms", s.createdAt);
  w.field("cashier", s.cashier);
  w.field("approved_by", s.approvedBy);
  w.field("shift_id", s.shiftUuid);
  w.field("gross_idr", s.gross.idr());
  w.field("discount_idr", s.discount.idr());
  w.field("total_idr", s.total.idr());
  w.field("change_idr", s.change.idr());
  w.key("lines");
  w.beginArray();
  for (const core::SaleLine& l : s.lines) {
    w.beginObject();
    w.field("line_no", l.lineNo);
    w.field("sku", l.sku);
    w.field("barcode", l.barcode);
    w.field("name", l.name);
    w.field("vendor_code", l.vendorCode);
    w.field("vendor_name", l.vendorName);
    w.field("sector", core::toString(l.sector));
    w.field("list_price_idr", l.listPrice.idr());
    w.field("unit_price_idr", l.unitPrice.idr());
    w.field("quantity", l.quantity);
    w.field("gross_idr", l.gross.idr());
    w.field("line_discount_idr", l.lineDiscount.idr());
    w.field("cart_discount_idr", l.cartDiscount.idr());
    w.field("net_idr", l.net.idr());
    // Only on a custom-price line, so every other sale's body (and digest) is as before.
    if (l.custom) w.field("custom", true);
    w.endObject();
  }
  w.endArray();
  w.key("payments");
  w.beginArray();
  for (const core::SalePayment& p : s.payments) {
    w.beginObject();
    w.field("method", core::toString(p.method));
    w.field("amount_idr", p.amount.idr());
    w.field("tendered_idr", p.tendered.idr());
    w.field("change_idr", p.change.idr());
    w.field("reference", p.reference);
    w.field("qris_account", core::toString(p.account));
    w.field("vendor_code", p.vendorCode);
    w.field("confirmed_by", p.confirmedBy);
    w.endObject();
  }
  w.endArray();
  w.endObject();
}

core::SaleRecord readSale(Reader& rd, const JsonNode& j, const Path& path) {
  core::SaleRecord s;
  if (!rd.object(j, path,
                 {"id", "seq", "receipt_no", "event_code", "device_id", "device_code", "booth_vendor_code",
                  "created_at_ms", "cashier", "approved_by", "shift_id", "gross_idr", "discount_idr", "total_idr",
                  "change_idr", "lines", "payments"}))
    return s;
  s.uuid = readUuid(rd, j, "id", path, true);
  s.seq = rd.integer(j, "seq", path, 1, kMaxSeq);
  s.receiptNo = rd.text(j, "receipt_no", path, true, 80);
  s.eventCode = readCode(rd, j, "event_code", path, true);
  s.deviceId = rd.text(j, "device_id", path, true, 64);
  s.deviceCode = readCode(rd, j, "device_code", path, true);
  s.boothVendorCode = readCode(rd, j, "booth_vendor_code", path, false);
  s.createdAt = readTime(rd, j, "created_at_ms", path);
  s.cashier = rd.text(j, "cashier", path, false, core::kMaxNameLength);
  s.approvedBy = rd.text(j, "approved_by", path, false, core::kMaxNameLength);
  s.shiftUuid = readUuid(rd, j, "shift_id", path, false);
  s.gross = rd.money(j, "gross_idr", path);
  s.discount = rd.money(j, "discount_idr", path);
  s.total = rd.money(j, "total_idr", path);
  s.change = rd.money(j, "change_idr", path);
  if (!rd.ok()) return s;
  const Path linesPath(path, "lines");
  if (const JsonNode* lines = rd.array(j, "lines", path, rd.limits().maxLinesPerSale)) {
    s.lines.reserve(lines->count);
    std::size_t i = 0;
    for (const JsonNode* it = lines->begin(); it != lines->end() && rd.ok(); it = it->next(), ++i) {
      const JsonNode& x = *it;
      const Path p(linesPath, i);
      if (!rd.object(x, p,
                     {"line_no", "sku", "barcode", "name", "vendor_code", "vendor_name", "sector", "list_price_idr",
                      "unit_price_idr", "quantity", "gross_idr", "line_discount_idr", "cart_discount_idr", "net_idr", "custom"}))
        break;
      core::SaleLine l;
      l.lineNo = static_cast<int>(rd.integer(x, "line_no", p, 1, static_cast<std::int64_t>(rd.limits().maxLinesPerSale)));
      l.custom = rd.boolean(x, "custom", p);
      l.sku = readCode(rd, x, "sku", p, !l.custom);
      l.barcode = rd.text(x, "barcode", p, false, core::kMaxCodeLength);
      l.name = rd.text(x, "name", p, true, core::kMaxNameLength);
      l.vendorCode = readCode(rd, x, "vendor_code", p, true);
      l.vendorName = rd.text(x, "vendor_name", p, false, core::kMaxNameLength);
      l.sector = readSector(rd, x, "sector", p);
      l.listPrice = rd.money(x, "list_price_idr", p);
      l.unitPrice = rd.money(x, "unit_price_idr", p);
      l.quantity = rd.integer(x, "quantity", p, 1, core::kMaxQuantity);
      l.gross = rd.money(x, "gross_idr", p);
      l.lineDiscount = rd.money(x, "line_discount_idr", p);
      l.cartDiscount = rd.money(x, "cart_discount_idr", p);
      l.net = rd.money(x, "net_idr", p);
      s.lines.push_back(std::move(l));
    }
  }
  if (!rd.ok()) return s;
  const Path payPath(path, "payments");
  if (const JsonNode* pays = rd.array(j, "payments", path, rd.limits().maxPaymentsPerSale)) {
    s.payments.reserve(pays->count);
    std::size_t i = 0;
    for (const JsonNode* it = pays->begin(); it != pays->end() && rd.ok(); it = it->next(), ++i) {
      const JsonNode& x = *it;
      const Path p(payPath, i);
      if (!rd.object(x, p,
                     {"method", "amount_idr", "tendered_idr", "change_idr", "reference", "qris_account", "vendor_code",
                      "confirmed_by"}))
        break;
      core::SalePayment pay;
      pay.method = readMethod(rd, x, "method", p);
      pay.amount = rd.money(x, "amount_idr", p);
      pay.tendered = rd.money(x, "tendered_idr", p);
      pay.change = rd.money(x, "change_idr", p);
      pay.reference = rd.text(x, "reference", p, false, core::kMaxCodeLength * 2);
      const std::string account = rd.text(x, "qris_account", p, false, 16);
      if (account == "vendor") pay.account = core::QrisAccount::Vendor;
      else if (account == "organizer") pay.account = core::QrisAccount::Organizer;
      else if (!account.empty()) rd.failAt(Path(p, "qris_account"), "must be \"\", \"vendor\" or \"organizer\"");
      pay.vendorCode = readCode(rd, x, "vendor_code", p, false);
      pay.confirmedBy = rd.text(x, "confirmed_by", p, false, core::kMaxNameLength);
      s.payments.push_back(std::move(pay));
    }
  }
  return s;
}

void writeRefund(JsonWriter& w, const core::RefundRecord& r) {
  w.beginObject();
  w.field("id", r.uuid);
  w.field("sale_id", r.saleUuid);
  w.field("receipt_no", r.receiptNo);
  w.field("event_code", r.eventCode);
  w.field("device_id", r.deviceId);
  w.field("created_at_ms", r.createdAt);
  w.field("is_void", r.isVoid);
  w.field("reason", r.reason);
  w.field("staff", r.staff);
  w.field("approved_by", r.approvedBy);
  w.field("method", core::toString(r.method));
  w.field("total_idr", r.total.idr());
  w.key("lines");
  w.beginArray();
  for (const core::RefundLine& l : r.lines) {
    w.beginObject();
    w.field("line_no", l.lineNo);
    w.field("quantity", l.quantity);
    w.field("amount_idr", l.amount.idr());
    w.field("restock", l.restock);
    w.endObject();
  }
  w.endArray();
  w.endObject();
}

core::RefundRecord readRefund(Reader& rd, const JsonNode& j, const Path& path) {
  core::RefundRecord r;
  if (!rd.object(j, path,
                 {"id", "sale_id", "receipt_no", "event_code", "device_id", "created_at_ms", "is_void", "reason", "staff",
                  "approved_by", "method", "total_idr", "lines"}))
    return r;
  r.uuid = readUuid(rd, j, "id", path, true);
  r.saleUuid = readUuid(rd, j, "sale_id", path, true);
  r.receiptNo = rd.text(j, "receipt_no", path, false, 80);
  r.eventCode = readCode(rd, j, "event_code", path, true);
  r.deviceId = rd.text(j, "device_id", path, true, 64);
  r.createdAt = readTime(rd, j, "created_at_ms", path);
  r.isVoid = rd.boolean(j, "is_void", path);
  r.reason = rd.text(j, "reason", path, true, core::kMaxTextLength);
  r.staff = rd.text(j, "staff", path, false, core::kMaxNameLength);
  r.approvedBy = rd.text(j, "approved_by", path, true, core::kMaxNameLength);
  r.method = readMethod(rd, j, "method", path);
  r.total = rd.money(j, "total_idr", path);
  if (!rd.ok()) return r;
  const Path linesPath(path, "lines");
  if (const JsonNode* lines = rd.array(j, "lines", path, rd.limits().maxLinesPerSale)) {
    std::size_t i = 0;
    for (const JsonNode* it = lines->begin(); it != lines->end() && rd.ok(); it = it->next(), ++i) {
      const JsonNode& x = *it;
      const Path p(linesPath, i);
      if (!rd.object(x, p, {"line_no", "quantity", "amount_idr", "restock"})) break;
      core::RefundLine l;
      l.lineNo = static_cast<int>(rd.integer(x, "line_no", p, 1, static_cast<std::int64_t>(rd.limits().maxLinesPerSale)));
      l.quantity = rd.integer(x, "quantity", p, 1, core::kMaxQuantity);
      l.amount = rd.money(x, "amount_idr", p);
      l.restock = rd.boolean(x, "restock", p);
      r.lines.push_back(l);
    }
  }
  return r;
}

void writeShift(JsonWriter& w, const core::ShiftRecord& s) {
  w.beginObject();
  w.field("id", s.uuid);
  w.field("event_code", s.eventCode);
  w.field("device_id", s.deviceId);
  w.field("opened_at_ms", s.openedAt);
  w.field("closed_at_ms", s.closedAt);
  w.field("opened_by", s.openedBy);
  w.field("closed_by", s.closedBy);
  w.field("opening_float_idr", s.openingFloat.idr());
  w.field("cash_in_idr", s.cashIn.idr());
  w.field("cash_out_idr", s.cashOut.idr());
  w.field("cash_sales_idr", s.cashSales.idr());
  w.field("cash_refunds_idr", s.cashRefunds.idr());
  w.field("expected_cash_idr", s.expectedCash.idr());
  w.field("counted_cash_idr", s.countedCash.idr());
  w.field("variance_idr", s.variance.idr());
  w.key("counts");
  w.beginArray();
  for (const auto& [denomination, pieces] : s.counts) {
    w.beginObject();
    w.field("denomination_idr", denomination);
    w.field("pieces", pieces);
    w.endObject();
  }
  w.endArray();
  w.key("totals_by_method");
  w.beginArray();
  for (const auto& [method, amount] : s.totalsByMethod) {
    w.beginObject();
    w.field("method", method);
    w.field("amount_idr", amount);
    w.endObject();
  }
  w.endArray();
  w.field("sales_count", s.salesCount);
  w.endObject();
}

core::ShiftRecord readShift(Reader& rd, const JsonNode& j, const Path& path) {
  core::ShiftRecord s;
  if (!rd.object(j, path,
                 {"id", "event_code", "device_id", "opened_at_ms", "closed_at_ms", "opened_by", "closed_by",
                  "opening_float_idr", "cash_in_idr", "cash_out_idr", "cash_sales_idr", "cash_refunds_idr",
                  "expected_cash_idr", "counted_cash_idr", "variance_idr", "counts", "totals_by_method", "sales_count"}))
    return s;
  s.uuid = readUuid(rd, j, "id", path, true);
  s.eventCode = readCode(rd, j, "event_code", path, true);
  s.deviceId = rd.text(j, "device_id", path, true, 64);
  s.openedAt = readTime(rd, j, "opened_at_ms", path);
  s.closedAt = readTime(rd, j, "closed_at_ms", path);
  s.openedBy = rd.text(j, "opened_by", path, false, core::kMaxNameLength);
  s.closedBy = rd.text(j, "closed_by", path, false, core::kMaxNameLength);
  s.openingFloat = rd.money(j, "opening_float_idr", path);
  s.cashIn = rd.money(j, "cash_in_idr", path);
  s.cashOut = rd.money(j, "cash_out_idr", path);
  s.cashSales = rd.money(j, "cash_sales_idr", path);
  s.cashRefunds = rd.money(j, "cash_refunds_idr", path);
  s.expectedCash = rd.money(j, "expected_cash_idr", path, true);
  s.countedCash = rd.money(j, "counted_cash_idr", path);
  s.variance = rd.money(j, "variance_idr", path, true);
  s.salesCount = rd.integer(j, "sales_count", path, 0, kMaxSeq);
  if (!rd.ok()) return s;
  const Path countsPath(path, "counts");
  if (const JsonNode* counts = rd.array(j, "counts", path, 30)) {
    std::size_t i = 0;
    for (const JsonNode* it = counts->begin(); it != counts->end() && rd.ok(); it = it->next(), ++i) {
      const Path p(countsPath, i);
      if (!rd.object(*it, p, {"denomination_idr", "pieces"})) break;
      const std::int64_t d = rd.integer(*it, "denomination_idr", p, 1, core::kMaxIdr);
      const std::int64_t n = rd.integer(*it, "pieces", p, 0, core::kMaxQuantity);
      if (rd.ok() && !s.counts.emplace(d, n).second) rd.failAt(p, "denomination listed twice");
    }
  }
  const Path totalsPath(path, "totals_by_method");
  if (const JsonNode* totals = rd.array(j, "totals_by_method", path, 5); totals && rd.ok()) {
    std::size_t i = 0;
    for (const JsonNode* it = totals->begin(); it != totals->end() && rd.ok(); it = it->next(), ++i) {
      const Path p(totalsPath, i);
      if (!rd.object(*it, p, {"method", "amount_idr"})) break;
      const core::PaymentMethod m = readMethod(rd, *it, "method", p);
      const core::Rupiah amount = rd.money(*it, "amount_idr", p, true);
      if (rd.ok() && !s.totalsByMethod.emplace(std::string(core::toString(m)), amount.idr()).second)
        rd.failAt(p, "method listed twice");
    }
  }
  return s;
}

void writeEvent(JsonWriter& w, const core::Event& e) {
  w.beginObject();
  w.text("code", e.code);
  w.text("name", e.name);
  w.text("venue", e.venue);
  w.text("start_date", e.startDate);
  w.text("end_date", e.endDate);
  w.field("tz_offset_minutes", e.tzOffsetMinutes);
  w.field("cutoff_hour", e.cutoffHour);
  w.field("open", e.open);
  w.text("organizer_qris", e.organizerQris);
  w.field("qris_via_organizer", e.qrisViaOrganizer);
  w.endObject();
}

core::Event readEvent(Reader& rd, const JsonNode& j, const Path& path) {
  core::Event e;
  if (!rd.object(j, path,
                 {"code", "name", "venue", "start_date", "end_date", "tz_offset_minutes", "cutoff_hour", "open",
                  "organizer_qris", "qris_via_organizer"}))
    return e;
  e.code = readCode(rd, j, "code", path, true);
  e.name = rd.text(j, "name", path, true, core::kMaxNameLength);
  e.venue = rd.text(j, "venue", path, false, core::kMaxNameLength);
  e.startDate = rd.text(j, "start_date", path, false, 10);
  e.endDate = rd.text(j, "end_date", path, false, 10);
  e.tzOffsetMinutes = static_cast<int>(rd.integer(j, "tz_offset_minutes", path, -12 * 60, 14 * 60));
  e.cutoffHour = static_cast<int>(rd.integer(j, "cutoff_hour", path, 0, 23));
  e.open = rd.boolean(j, "open", path, true);
  e.organizerQris = rd.text(j, "organizer_qris", path, false, 512);
  e.qrisViaOrganizer = rd.boolean(j, "qris_via_organizer", path);
  return e;
}

// ---- stock movement (PROTOCOL.md §4.4) ---------------------------------------------------------

void writeMovement(JsonWriter& w, const core::StockMovementRecord& m) {
  w.beginObject();
  w.field("id", m.uuid);
  w.field("seq", m.seq);
  w.field("event_code", m.eventCode);
  w.field("device_id", m.deviceId);
  w.field("created_at_ms", m.createdAt);
  w.field("kind", core::toString(m.kind));
  w.field("sku", m.sku);
  w.field("vendor_code", m.vendorCode);
  w.field("quantity", m.quantity);
  w.field("reason", m.reason);
  w.field("staff", m.staff);
  w.endObject();
}

core::StockMovementRecord readMovement(Reader& rd, const JsonNode& j, const Path& path) {
  core::StockMovementRecord m;
  if (!rd.object(j, path,
                 {"id", "seq", "event_code", "device_id", "created_at_ms", "kind", "sku", "vendor_code", "quantity", "reason",
                  "staff"}))
    return m;
  m.uuid = readUuid(rd, j, "id", path, true);
  m.seq = rd.integer(j, "seq", path, 1, kMaxSeq);
  m.eventCode = readCode(rd, j, "event_code", path, true);
  m.deviceId = rd.text(j, "device_id", path, true, 64);
  m.createdAt = readTime(rd, j, "created_at_ms", path);
  const std::string kind = rd.text(j, "kind", path, true, 16);
  if (rd.ok()) {
    if (auto k = core::parseTravellingMovement(kind)) m.kind = *k;
    else rd.failAt(Path(path, "kind"), "must be intake, adjustment or return");
  }
  m.sku = readCode(rd, j, "sku", path, true);
  m.vendorCode = readCode(rd, j, "vendor_code", path, true);
  m.quantity = rd.integer(j, "quantity", path, -core::kMaxMovementUnits, core::kMaxMovementUnits);
  m.reason = rd.text(j, "reason", path, false, core::kMaxTextLength);
  m.staff = rd.text(j, "staff", path, false, core::kMaxNameLength);
  return m;
}

}  // namespace pameran::sync::detail
