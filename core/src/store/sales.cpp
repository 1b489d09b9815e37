// Sales: the checks a sale must pass (catalog, stock, tenders, the supervisor's approval), the
// one-transaction commit, and reading sales back. Refunds and voids are in refunds.cpp.
//
//   check / checkLines ........ validation shared by validate(), approvalsNeeded() and commit()
//   buildRecord, row readers .. the SaleRecord a commit writes and every read returns
//   Sales::commit ............. the one transaction of a sale
//   Sales::byUuid ... count ... reads
#include <fmt/format.h>

#include <map>

#include "db.hpp"
#include "internal.hpp"
#include "pameran/core/ids.hpp"
#include "stock_ledger.hpp"

namespace pameran::core {

std::string_view toString(SyncState s) {
  switch (s) {
    case SyncState::Pending: return "pending";
    case SyncState::Synced: return "synced";
    case SyncState::Quarantined: return "quarantined";
  }
  return "pending";
}

namespace {

struct Checked {
  Event event;
  CartTotals totals;
  TenderSummary tenders;
  ApprovalKinds approved;  // what the sale needed a supervisor for (and its approval covers)
  std::string approvedBy;
  struct Oversold {
    std::string name;
    std::int64_t quantity = 0, onHand = 0;
  };
  std::vector<Oversold> oversold;  // products sold beyond stock, with the supervisor's approval
};

std::int32_t discountThresholdBp(detail::Db& db) {
  return static_cast<std::int32_t>(Settings(db).getInt(settings::kDiscountThresholdBp, settings::kDefaultDiscountThresholdBp));
}

Rupiah customPriceLimit(detail::Db& db) { return Rupiah(Settings(db).getInt(settings::kCustomPriceLimit, kDefaultCustomPriceLimitIdr)); }

ApprovalKinds neededFor(detail::Db& db, const Cart& cart) {
  return core::approvalsNeeded(cart, discountThresholdBp(db), customPriceLimit(db));
}

// A custom-price item has no product to check: its vendor must take part in the event, as the
// line names it.
Result<void> checkCustomLine(detail::Db& db, const Event& event, const CartLine& line) {
  if (line.vendorCode.empty()) return fail(Errc::Invalid, "a custom item needs a vendor: pick whose goods these are", {line.name});
  auto v = db.stmt(
      "SELECT v.name, v.sector FROM vendor v JOIN event_vendor ev ON ev.vendor_id = v.id AND ev.event_id = ? WHERE v.code = ?");
  v.bind(1, event.id);
  v.bind(2, line.vendorCode);
  if (!v.executeStep()) return fail(Errc::NotFound, "vendor " + line.vendorCode + " is not in this event", {line.vendorCode});
  if (line.vendorName != v.getColumn(0).getString() || toString(line.sector) != v.getColumn(1).getString())
    return fail(Errc::Conflict, line.name + " changed in the catalog; take it out of the cart and add it again", {line.name});
  return {};
}

// Every line against the catalog as it is now; returns the products the cart wants more of than
// is on hand (none when overselling is allowed).
Result<std::vector<Checked::Oversold>> checkLines(detail::Db& db, const Event& event, const Cart& cart) {
  std::map<std::int64_t, Checked::Oversold> wanted;  // by product
  for (const CartLine& line : cart.lines) {
    if (line.custom) {
      if (auto ok = checkCustomLine(db, event, line); !ok) return ok.failure();
      continue;
    }
    auto p = db.stmt(
        "SELECT p.active, p.sku, p.price_idr, v.code, v.sector, COALESCE(l.on_hand, 0) FROM product p "
        "JOIN vendor v ON v.id = p.vendor_id JOIN event_vendor ev ON ev.vendor_id = p.vendor_id AND ev.event_id = ? "
        "LEFT JOIN stock_level l ON l.event_id = ev.event_id AND l.product_id = p.id WHERE p.id = ?");
    p.bind(1, event.id);
    p.bind(2, line.productId);
    if (!p.executeStep()) return fail(Errc::NotFound, line.name + " is not on sale at this event", {line.name});
    if (p.getColumn(0).getInt() == 0) return fail(Errc::Invalid, line.name + " is no longer on sale", {line.name});
    // The line is the sale's snapshot of the product: it keeps the price it was rung up at when
    // the catalog's price changes later (issue 11 §6: a new price is for new carts, also when a
    // cart is held), but it may never credit another vendor or sector.
    if (line.sku != p.getColumn(1).getString() || line.vendorCode != p.getColumn(3).getString() ||
        toString(line.sector) != p.getColumn(4).getString())
      return fail(Errc::Conflict, line.name + " changed in the catalog; take it out of the cart and add it again", {line.name});
    auto& w = wanted[line.productId];
    w.quantity += line.quantity;
    w.name = line.name;
    w.onHand = p.getColumn(5).getInt64();
  }
  std::vector<Checked::Oversold> shorts;
  if (!detail::allowOversell(db))
    for (const auto& [productId, w] : wanted)
      if (w.quantity > w.onHand) shorts.push_back(w);
  return shorts;
}

// The checks a sale must pass, run for the screen (validate) and again inside the commit
// transaction, where stock cannot change under us.
Result<Checked> check(detail::Db& db, const Catalog& catalog, const SaleDraft& draft) {
  Checked c;
  auto event = catalog.currentEvent();
  if (!event) return event.failure();
  c.event = *event;
  const Cart& cart = draft.cart;
  if (auto ok = validateCart(cart); !ok) return ok.failure();
  if (draft.cashier.id == 0 || draft.cashier.name.empty()) return fail(Errc::Unauthorized, "nobody is logged in");
  c.totals = computeTotals(cart);
  auto tenders = checkTenders(c.totals.total, draft.tenders);
  if (!tenders) return tenders.failure();
  c.tenders = *tenders;

  auto shorts = checkLines(db, c.event, cart);
  if (!shorts) return shorts.failure();
  ApprovalKinds needed = neededFor(db, cart);
  if (!shorts->empty()) {
    needed |= {ApprovalKind::Oversell};
    // Without a supervisor's word for it, selling beyond stock is simply out of stock.
    if (!(cart.approval && cart.approval->kinds.has(ApprovalKind::Oversell))) {
      const Checked::Oversold& s = shorts->front();
      const std::string left = std::to_string(std::max<std::int64_t>(s.onHand, 0));
      return fail(Errc::OutOfStock, fmt::format("Out of stock: {} ({} left)", s.name, left), {s.name, left});
    }
  }
  if (auto ok = detail::checkApproval(db, cart.approval, approvalScope(cart), needed); !ok) return ok.failure();
  c.approved = needed;
  if (!needed.empty()) c.approvedBy = cart.approval->supervisor.name;
  c.oversold = std::move(*shorts);
  return c;
}

// The three device settings a sale needs, in one read (Settings::device() makes eight). A key range,
// not `key IN (...)`, which would build a temporary index on every run.
DeviceInfo saleDevice(detail::Db& db) {
  DeviceInfo d;
  d.deviceCode = "K01";
  auto s = db.stmt("SELECT key, value FROM setting WHERE key >= 'device.' AND key < 'device/'");
  while (s.executeStep()) {
    const std::string key = s.getColumn(0).getString();
    std::string value = s.getColumn(1).getString();
    if (key == "device.id") d.deviceId = std::move(value);
    else if (key == "device.code") d.deviceCode = std::move(value);
    else if (key == "device.booth_vendor") d.boothVendorCode = std::move(value);
  }
  return d;
}

SaleRecord buildRecord(const SaleDraft& draft, const Checked& c, const DeviceInfo& device, std::int64_t seq,
                       const std::string& shiftUuid, EpochMs now) {
  SaleRecord r;
  r.uuid = newUuid();
  r.seq = seq;
  r.eventCode = c.event.code;
  r.deviceId = device.deviceId;
  r.deviceCode = device.deviceCode;
  r.boothVendorCode = device.boothVendorCode;
  r.receiptNo = formatReceiptNo(c.event.code, device.deviceCode, seq);
  r.createdAt = now;
  r.cashier = draft.cashier.name;
  r.approvedBy = c.approvedBy;
  r.shiftUuid = shiftUuid;
  r.gross = c.totals.gross;
  r.discount = c.totals.lineDiscount + c.totals.cartDiscount;
  r.total = c.totals.total;
  r.change = c.tenders.change;
  for (std::size_t i = 0; i < draft.cart.lines.size(); ++i) {
    const CartLine& cl = draft.cart.lines[i];
    const LineTotals& lt = c.totals.lines[i];
    r.lines.push_back(SaleLine{static_cast<int>(i + 1), cl.sku, cl.barcode, cl.name, cl.vendorCode, cl.vendorName, cl.sector,
                               cl.listPrice, cl.unitPrice, cl.quantity, lt.gross, lt.lineDiscount, lt.cartDiscountShare, lt.net,
                               cl.custom});
  }
  for (const Tender& t : draft.tenders) {
    SalePayment p;
    p.method = t.method;
    p.amount = t.amount;
    if (t.method == PaymentMethod::Cash) {
      p.tendered = t.tendered.idr() == 0 ? t.amount : t.tendered;
      p.change = p.tendered - p.amount;
    }
    p.reference = t.reference;
    p.account = t.account;
    p.vendorCode = t.vendorCode;
    p.confirmedBy = t.confirmedBy;
    r.payments.push_back(std::move(p));
  }
  return r;
}

constexpr const char* kSaleColumns =
    "id, uuid, seq, receipt_no, (SELECT code FROM event WHERE id = sale.event_id), device_id, device_code, booth_vendor_code, "
    "created_at_ms, cashier, approved_by, (SELECT uuid FROM shift WHERE id = sale.shift_id), gross_idr, discount_idr, "
    "total_idr, change_idr";

// Row readers shared by the single and the batch loads. A header row is kSaleColumns; line and
// payment rows are the columns of kLineColumns and kPaymentColumns from column `first` on.
SaleRecord readSaleHeader(SQLite::Statement& s) {
  SaleRecord r;
  r.uuid = s.getColumn(1).getString();
  r.seq = s.getColumn(2).getInt64();
  r.receiptNo = s.getColumn(3).getString();
  r.eventCode = s.getColumn(4).getString();
  r.deviceId = s.getColumn(5).getString();
  r.deviceCode = s.getColumn(6).getString();
  r.boothVendorCode = s.getColumn(7).getString();
  r.createdAt = s.getColumn(8).getInt64();
  r.cashier = s.getColumn(9).getString();
  r.approvedBy = s.getColumn(10).getString();
  r.shiftUuid = detail::columnText(s, 11);
  r.gross = Rupiah(s.getColumn(12).getInt64());
  r.discount = Rupiah(s.getColumn(13).getInt64());
  r.total = Rupiah(s.getColumn(14).getInt64());
  r.change = Rupiah(s.getColumn(15).getInt64());
  return r;
}

constexpr const char* kLineColumns =
    "line_no, sku, barcode, name, vendor_code, vendor_name, sector, list_price_idr, unit_price_idr, quantity, "
    "gross_idr, line_discount_idr, cart_discount_idr, net_idr, (product_id IS NULL AND sku = '')";

SaleLine readLine(SQLite::Statement& l, int first) {
  SaleLine line;
  line.lineNo = l.getColumn(first).getInt();
  line.sku = l.getColumn(first + 1).getString();
  line.barcode = l.getColumn(first + 2).getString();
  line.name = l.getColumn(first + 3).getString();
  line.vendorCode = l.getColumn(first + 4).getString();
  line.vendorName = l.getColumn(first + 5).getString();
  line.sector = parseSector(l.getColumn(first + 6).getString()).value_or(Sector::Kriya);
  line.listPrice = Rupiah(l.getColumn(first + 7).getInt64());
  line.unitPrice = Rupiah(l.getColumn(first + 8).getInt64());
  line.quantity = l.getColumn(first + 9).getInt64();
  line.gross = Rupiah(l.getColumn(first + 10).getInt64());
  line.lineDiscount = Rupiah(l.getColumn(first + 11).getInt64());
  line.cartDiscount = Rupiah(l.getColumn(first + 12).getInt64());
  line.net = Rupiah(l.getColumn(first + 13).getInt64());
  line.custom = l.getColumn(first + 14).getInt() != 0;
  return line;
}

constexpr const char* kPaymentColumns = "method, amount_idr, tendered_idr, change_idr, reference, account, vendor_code, confirmed_by";

SalePayment readPayment(SQLite::Statement& p, int first) {
  SalePayment pay;
  pay.method = parsePaymentMethod(p.getColumn(first).getString()).value_or(PaymentMethod::Cash);
  pay.amount = Rupiah(p.getColumn(first + 1).getInt64());
  pay.tendered = Rupiah(p.getColumn(first + 2).getInt64());
  pay.change = Rupiah(p.getColumn(first + 3).getInt64());
  pay.reference = p.getColumn(first + 4).getString();
  const std::string account = p.getColumn(first + 5).getString();
  pay.account = account == "vendor" ? QrisAccount::Vendor : account == "organizer" ? QrisAccount::Organizer : QrisAccount::None;
  pay.vendorCode = p.getColumn(first + 6).getString();
  pay.confirmedBy = p.getColumn(first + 7).getString();
  return pay;
}

}  // namespace

namespace detail {

Result<SaleRecord> loadSale(Db& db, const char* whereClause, const std::string& key) {
  auto s = db.stmt(fmt::format("SELECT {} FROM sale WHERE {}", kSaleColumns, whereClause).c_str());
  s.bind(1, key);
  if (!s.executeStep()) return fail(Errc::NotFound, "no sale " + key, {key});
  const std::int64_t id = s.getColumn(0).getInt64();
  SaleRecord r = readSaleHeader(s);

  auto l = db.stmt(fmt::format("SELECT {} FROM sale_line WHERE sale_id = ? ORDER BY line_no", kLineColumns).c_str());
  l.bind(1, id);
  while (l.executeStep()) r.lines.push_back(readLine(l, 0));
  auto p = db.stmt(fmt::format("SELECT {} FROM sale_payment WHERE sale_id = ? ORDER BY idx", kPaymentColumns).c_str());
  p.bind(1, id);
  while (p.executeStep()) r.payments.push_back(readPayment(p, 0));
  return r;
}

}  // namespace detail

Result<ApprovalKinds> Sales::approvalsNeeded(const Cart& cart) const {
  try {
    auto event = Catalog(m_db).currentEvent();
    if (!event) return event.failure();
    auto shorts = checkLines(m_db, *event, cart);
    if (!shorts) return shorts.failure();
    ApprovalKinds needed = neededFor(m_db, cart);
    if (!shorts->empty()) needed |= {ApprovalKind::Oversell};
    return needed;
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "check cart"));
  }
}

Result<void> Sales::validate(const SaleDraft& draft) const {
  try {
    Catalog catalog(m_db);
    auto c = check(m_db, catalog, draft);
    if (!c) return c.failure();
    return {};
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "check sale"));
  }
}

Result<SaleRecord> Sales::commit(const SaleDraft& draft) {
  return m_db.write([&]() -> Result<SaleRecord> {
    Catalog catalog(m_db);
    auto c = check(m_db, catalog, draft);
    if (!c) return c.failure();
    const detail::OpenShift shift = detail::ensureOpenShift(m_db, c->event.id, draft.cashier.name);
    // UPDATE then SELECT rather than RETURNING, which makes SQLite build a temporary table.
    if (m_db.stmt("UPDATE device_counter SET last_seq = last_seq + 1 WHERE id = 1").exec() != 1)
      return fail(Errc::Storage, "device counter missing");
    auto seqStmt = m_db.stmt("SELECT last_seq FROM device_counter WHERE id = 1");
    if (!seqStmt.executeStep()) return fail(Errc::Storage, "device counter missing");
    const std::int64_t seq = seqStmt.getColumn(0).getInt64();
    const SaleRecord r = buildRecord(draft, *c, saleDevice(m_db), seq, shift.uuid, m_db.now());
    if (auto ok = validateSaleRecord(r); !ok) return ok.failure();

    auto ins = m_db.stmt(
        "INSERT INTO sale (uuid, seq, receipt_no, event_id, shift_id, device_id, device_code, booth_vendor_code, created_at_ms, "
        "cashier, approved_by, items, gross_idr, discount_idr, total_idr, change_idr) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, r.uuid);
    ins.bind(2, r.seq);
    ins.bind(3, r.receiptNo);
    ins.bind(4, c->event.id);
    ins.bind(5, shift.id);
    ins.bind(6, r.deviceId);
    ins.bind(7, r.deviceCode);
    ins.bind(8, r.boothVendorCode);
    ins.bind(9, r.createdAt);
    ins.bind(10, r.cashier);
    ins.bind(11, r.approvedBy);
    ins.bind(12, c->totals.items);
    ins.bind(13, r.gross.idr());
    ins.bind(14, r.discount.idr());
    ins.bind(15, r.total.idr());
    ins.bind(16, r.change.idr());
    ins.exec();
    const std::int64_t saleId = m_db.conn.getLastInsertRowid();

    for (std::size_t i = 0; i < r.lines.size(); ++i) {
      const SaleLine& l = r.lines[i];
      const CartLine& cl = draft.cart.lines[i];
      auto li = m_db.stmt(
          "INSERT INTO sale_line (sale_id, line_no, product_id, sku, barcode, name, vendor_code, vendor_name, sector, "
          "list_price_idr, unit_price_idr, quantity, gross_idr, line_discount_idr, cart_discount_idr, net_idr) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      li.bind(1, saleId);
      li.bind(2, l.lineNo);
      if (l.custom)
        li.bind(3);  // no product: with its empty SKU, what marks a custom-price line
      else
        li.bind(3, cl.productId);
      li.bind(4, l.sku);
      li.bind(5, l.barcode);
      li.bind(6, l.name);
      li.bind(7, l.vendorCode);
      li.bind(8, l.vendorName);
      li.bind(9, std::string(toString(l.sector)));
      li.bind(10, l.listPrice.idr());
      li.bind(11, l.unitPrice.idr());
      li.bind(12, l.quantity);
      li.bind(13, l.gross.idr());
      li.bind(14, l.lineDiscount.idr());
      li.bind(15, l.cartDiscount.idr());
      li.bind(16, l.net.idr());
      li.exec();
      if (l.custom) {
        // Goods not in the catalog have no stock to take off; the line says who sold what for how much.
        m_db.audit(c->approved.has(ApprovalKind::CustomPrice) ? r.approvedBy : r.cashier, "custom_item", r.receiptNo, l.name,
                   fmt::format("{} x {} for {}", l.quantity, formatRupiah(l.unitPrice), l.vendorCode));
        continue;
      }
      detail::moveStock(m_db, c->event.id, cl.productId, MovementKind::Sale, -l.quantity, {}, r.cashier, r.uuid);
      if (l.unitPrice != l.listPrice)
        m_db.audit(r.approvedBy, "price_override", r.receiptNo, l.name,
                   fmt::format("{} -> {}", formatRupiah(l.listPrice), formatRupiah(l.unitPrice)));
    }
    for (std::size_t i = 0; i < r.payments.size(); ++i) {
      const SalePayment& p = r.payments[i];
      auto pi = m_db.stmt(
          "INSERT INTO sale_payment (sale_id, idx, method, amount_idr, tendered_idr, change_idr, reference, account, "
          "vendor_code, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      pi.bind(1, saleId);
      pi.bind(2, static_cast<std::int64_t>(i + 1));
      pi.bind(3, std::string(toString(p.method)));
      pi.bind(4, p.amount.idr());
      pi.bind(5, p.tendered.idr());
      pi.bind(6, p.change.idr());
      pi.bind(7, p.reference);
      pi.bind(8, std::string(toString(p.account)));
      pi.bind(9, p.vendorCode);
      pi.bind(10, p.confirmedBy);
      pi.exec();
    }
    if (c->approved.has(ApprovalKind::Discount))
      m_db.audit(r.approvedBy, "discount_override", r.receiptNo, "",
                 fmt::format("discount {} of {}", formatRupiah(r.discount), formatRupiah(r.gross)));
    for (const Checked::Oversold& o : c->oversold)
      m_db.audit(r.approvedBy, "oversell", r.receiptNo, o.name, fmt::format("{} sold, {} on hand", o.quantity, o.onHand));
    m_db.applyDelta(c->event.id, deltaForSale(r, EventClock{c->event.tzOffsetMinutes, c->event.cutoffHour}));
    m_db.enqueue(OutboxKind::Sale, r.uuid);
    return r;
  });
}

Result<SaleRecord> Sales::byUuid(std::string_view uuid) const {
  try {
    return detail::loadSale(m_db, "uuid = ?", std::string(uuid));
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "read sale"));
  }
}

Result<std::map<std::string, SaleRecord>> Sales::byUuids(const std::vector<std::string>& uuids) const {
  try {
    // Three reads for the whole set (ids go in as one JSON array), not three per sale: the sync
    // uploader loads a hundred sales per batch.
    std::string ids = "[";
    for (const std::string& u : uuids) {
      if (u.find_first_of("\"\\") != std::string::npos) continue;  // not an id; it cannot match
      if (ids.size() > 1) ids += ',';
      ids += '"' + u + '"';
    }
    ids += ']';
    std::map<std::string, SaleRecord> out;
    std::map<std::int64_t, SaleRecord*> byId;
    auto s = m_db.stmt(
        fmt::format("SELECT {} FROM sale WHERE uuid IN (SELECT value FROM json_each(?))", kSaleColumns).c_str());
    s.bind(1, ids);
    while (s.executeStep()) {
      SaleRecord r = readSaleHeader(s);
      const std::string uuid = r.uuid;
      byId[s.getColumn(0).getInt64()] = &(out[uuid] = std::move(r));
    }
    auto l = m_db.stmt(
        fmt::format("SELECT sale_id, {} FROM sale_line WHERE sale_id IN (SELECT id FROM sale WHERE uuid IN "
                    "(SELECT value FROM json_each(?))) ORDER BY sale_id, line_no",
                    kLineColumns)
            .c_str());
    l.bind(1, ids);
    while (l.executeStep())
      if (auto it = byId.find(l.getColumn(0).getInt64()); it != byId.end()) it->second->lines.push_back(readLine(l, 1));
    auto p = m_db.stmt(
        fmt::format("SELECT sale_id, {} FROM sale_payment WHERE sale_id IN (SELECT id FROM sale WHERE uuid IN "
                    "(SELECT value FROM json_each(?))) ORDER BY sale_id, idx",
                    kPaymentColumns)
            .c_str());
    p.bind(1, ids);
    while (p.executeStep())
      if (auto it = byId.find(p.getColumn(0).getInt64()); it != byId.end()) it->second->payments.push_back(readPayment(p, 1));
    return out;
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "read sales"));
  }
}

Result<SaleRecord> Sales::byReceipt(std::string_view receiptNo) const {
  try {
    return detail::loadSale(m_db, "receipt_no = ? COLLATE NOCASE", std::string(receiptNo));
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "read sale"));
  }
}

std::vector<SaleSummary> Sales::list(std::int64_t eventId, EpochMs from, EpochMs to, std::size_t limit) const {
  std::vector<SaleSummary> out;
  auto s = m_db.stmt(
      "SELECT s.uuid, s.receipt_no, s.created_at_ms, s.cashier, s.items, s.total_idr, s.refunded_idr, s.voided, "
      "  (SELECT group_concat(method, '+') FROM (SELECT DISTINCT method FROM sale_payment WHERE sale_id = s.id)), "
      "  COALESCE((SELECT state FROM outbox o WHERE o.kind = 'sale' AND o.uuid = s.uuid), 'pending') "
      "FROM sale s WHERE s.event_id = ? AND s.created_at_ms >= ? AND s.created_at_ms < ? "
      "ORDER BY s.created_at_ms DESC, s.seq DESC LIMIT ?");
  s.bind(1, eventId);
  s.bind(2, from);
  s.bind(3, to);
  s.bind(4, static_cast<std::int64_t>(limit));
  while (s.executeStep()) {
    SaleSummary x;
    x.uuid = s.getColumn(0).getString();
    x.receiptNo = s.getColumn(1).getString();
    x.createdAt = s.getColumn(2).getInt64();
    x.cashier = s.getColumn(3).getString();
    x.items = s.getColumn(4).getInt64();
    x.total = Rupiah(s.getColumn(5).getInt64());
    x.refunded = Rupiah(s.getColumn(6).getInt64());
    x.voided = s.getColumn(7).getInt() != 0;
    x.methods = detail::columnText(s, 8);
    const std::string state = s.getColumn(9).getString();
    x.sync = state == "synced" ? SyncState::Synced : state == "quarantined" ? SyncState::Quarantined : SyncState::Pending;
    out.push_back(std::move(x));
  }
  return out;
}

std::int64_t Sales::count(std::int64_t eventId) const {
  auto s = m_db.stmt("SELECT COUNT(*) FROM sale WHERE event_id = ?");
  s.bind(1, eventId);
  s.executeStep();
  return s.getColumn(0).getInt64();
}

}  // namespace pameran::core
