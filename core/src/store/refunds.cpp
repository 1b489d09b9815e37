// Refunds and voids: a supervisor's approval bound to the very draft, one transaction with the
// refund lines, restocked units, the sale's refunded amounts, the audit entry, rollups and outbox.
#include <fmt/format.h>

#include <map>
#include <set>

#include "db.hpp"
#include "internal.hpp"
#include "pameran/core/ids.hpp"
#include "stock_ledger.hpp"

namespace pameran::core {

std::map<int, std::int64_t> Sales::refundedQuantities(std::string_view saleUuid) const {
  std::map<int, std::int64_t> out;
  auto s = m_db.stmt(
      "SELECT l.line_no, l.refunded_qty FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE s.uuid = ? AND l.refunded_qty > 0");
  s.bind(1, std::string(saleUuid));
  while (s.executeStep()) out[s.getColumn(0).getInt()] = s.getColumn(1).getInt64();
  return out;
}

namespace {

constexpr const char* kRefundColumns =
    "r.id, r.uuid, s.uuid, s.receipt_no, (SELECT code FROM event WHERE id = s.event_id), s.device_id, r.created_at_ms, "
    "r.is_void, r.reason, r.staff, r.approved_by, r.method, r.total_idr";

RefundRecord readRefund(detail::Db& db, SQLite::Statement& s) {
  RefundRecord r;
  const std::int64_t id = s.getColumn(0).getInt64();
  r.uuid = s.getColumn(1).getString();
  r.saleUuid = s.getColumn(2).getString();
  r.receiptNo = s.getColumn(3).getString();
  r.eventCode = s.getColumn(4).getString();
  r.deviceId = s.getColumn(5).getString();
  r.createdAt = s.getColumn(6).getInt64();
  r.isVoid = s.getColumn(7).getInt() != 0;
  r.reason = s.getColumn(8).getString();
  r.staff = s.getColumn(9).getString();
  r.approvedBy = s.getColumn(10).getString();
  r.method = parsePaymentMethod(s.getColumn(11).getString()).value_or(PaymentMethod::Cash);
  r.total = Rupiah(s.getColumn(12).getInt64());
  auto l = db.stmt("SELECT line_no, quantity, amount_idr, restock FROM refund_line WHERE refund_id = ? ORDER BY line_no");
  l.bind(1, id);
  while (l.executeStep())
    r.lines.push_back(RefundLine{l.getColumn(0).getInt(), l.getColumn(1).getInt64(), Rupiah(l.getColumn(2).getInt64()),
                                 l.getColumn(3).getInt() != 0});
  return r;
}

}  // namespace

std::vector<RefundRecord> Sales::refundsOf(std::string_view saleUuid) const {
  std::vector<std::string> uuids;
  auto s = m_db.stmt("SELECT r.uuid FROM refund r JOIN sale s ON s.id = r.sale_id WHERE s.uuid = ? ORDER BY r.id");
  s.bind(1, std::string(saleUuid));
  while (s.executeStep()) uuids.push_back(s.getColumn(0).getString());
  std::vector<RefundRecord> out;
  for (const std::string& u : uuids)
    if (auto r = refundByUuid(u)) out.push_back(std::move(*r));
  return out;
}

Result<RefundRecord> Sales::refundByUuid(std::string_view uuid) const {
  auto s = m_db.stmt(
      fmt::format("SELECT {} FROM refund r JOIN sale s ON s.id = r.sale_id WHERE r.uuid = ?", kRefundColumns).c_str());
  s.bind(1, std::string(uuid));
  if (!s.executeStep()) return fail(Errc::NotFound, "no refund " + std::string(uuid));
  return readRefund(m_db, s);
}

std::string approvalScope(const RefundDraft& d) {
  // Free text (the sale id as given, the reason) goes in with its length, so the text stays a
  // one-to-one image of the draft.
  std::string out = fmt::format("refund;{}:{}|{}|{}|{}|", d.saleUuid.size(), d.saleUuid, d.isVoid ? 1 : 0, toString(d.method),
                                d.staff.id);
  for (const RefundRequestLine& l : d.lines) fmt::format_to(std::back_inserter(out), "{}:{}:{};", l.lineNo, l.quantity, l.restock ? 1 : 0);
  fmt::format_to(std::back_inserter(out), "reason|{}:{}", d.reason.size(), d.reason);
  return out;
}

void approve(RefundDraft& draft, const Staff& supervisor) {
  draft.approval = Approval{supervisor, {draft.isVoid ? ApprovalKind::Void : ApprovalKind::Refund}, approvalScope(draft)};
}

Result<RefundRecord> Sales::refund(const RefundDraft& draft) {
  if (draft.reason.empty() || draft.reason.size() > kMaxTextLength || !isCleanUtf8(draft.reason))
    return fail(Errc::Invalid, "a refund needs a reason");
  if (!draft.isVoid && draft.lines.empty()) return fail(Errc::Invalid, "choose what to refund");
  return m_db.write([&]() -> Result<RefundRecord> {
    const ApprovalKinds needed{draft.isVoid ? ApprovalKind::Void : ApprovalKind::Refund};
    if (auto ok = detail::checkApproval(m_db, draft.approval, approvalScope(draft), needed); !ok) return ok.failure();
    auto sale = detail::loadSale(m_db, "uuid = ?", draft.saleUuid);
    if (!sale) return sale.failure();
    auto st = m_db.stmt("SELECT id, event_id, shift_id, voided, refunded_idr FROM sale WHERE uuid = ?");
    st.bind(1, draft.saleUuid);
    st.executeStep();
    const std::int64_t saleId = st.getColumn(0).getInt64();
    const std::int64_t eventId = st.getColumn(1).getInt64();
    const std::int64_t saleShift = st.getColumn(2).isNull() ? 0 : st.getColumn(2).getInt64();
    const bool voided = st.getColumn(3).getInt() != 0;
    const std::int64_t refundedSoFar = st.getColumn(4).getInt64();
    st.reset();
    if (voided) return fail(Errc::Conflict, "sale " + sale->receiptNo + " was voided", {sale->receiptNo});

    std::map<int, std::int64_t> already;
    auto rq = m_db.stmt("SELECT line_no, refunded_qty FROM sale_line WHERE sale_id = ?");
    rq.bind(1, saleId);
    while (rq.executeStep()) already[rq.getColumn(0).getInt()] = rq.getColumn(1).getInt64();

    RefundRecord r;
    r.uuid = newUuid();
    r.saleUuid = sale->uuid;
    r.receiptNo = sale->receiptNo;
    r.eventCode = sale->eventCode;
    r.deviceId = Settings(m_db).device().deviceId;
    r.createdAt = m_db.now();
    r.isVoid = draft.isVoid;
    r.reason = draft.reason;
    r.staff = draft.staff.name;
    r.approvedBy = draft.approval->supervisor.name;
    r.method = draft.method;

    const auto open = detail::findOpenShift(m_db, eventId);
    if (draft.isVoid) {
      if (refundedSoFar > 0) return fail(Errc::Conflict, "sale " + sale->receiptNo + " already has refunds; refund the rest instead");
      if (!open || open->id != saleShift)
        return fail(Errc::Conflict, "only a sale of the open shift can be voided; refund it instead");
      r.method = sale->payments.empty() ? PaymentMethod::Cash : sale->payments.front().method;
      for (const SaleLine& l : sale->lines) r.lines.push_back(RefundLine{l.lineNo, l.quantity, l.net, true});
      r.total = sale->total;
    } else {
      std::set<int> seen;
      for (const RefundRequestLine& req : draft.lines) {
        if (req.lineNo < 1 || static_cast<std::size_t>(req.lineNo) > sale->lines.size())
          return fail(Errc::Invalid, fmt::format("sale {} has no line {}", sale->receiptNo, req.lineNo));
        if (!seen.insert(req.lineNo).second) return fail(Errc::Invalid, fmt::format("line {} is listed twice", req.lineNo));
        const SaleLine& l = sale->lines[static_cast<std::size_t>(req.lineNo - 1)];
        const std::int64_t left = l.quantity - already[req.lineNo];
        if (req.quantity < 1 || req.quantity > left)
          return fail(Errc::Invalid, fmt::format("{}: {} can still be refunded, not {}", l.name, left, req.quantity),
                      {l.name, std::to_string(left)});
        const Rupiah amount = refundShare(l, already[req.lineNo], req.quantity);
        r.lines.push_back(RefundLine{req.lineNo, req.quantity, amount, req.restock});
        r.total += amount;
      }
    }
    if (auto ok = validateRefundRecord(r); !ok) return ok.failure();

    const detail::OpenShift shift = open ? *open : detail::ensureOpenShift(m_db, eventId, draft.staff.name);
    auto ins = m_db.stmt(
        "INSERT INTO refund (uuid, sale_id, shift_id, is_void, reason, staff, approved_by, method, total_idr, created_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, r.uuid);
    ins.bind(2, saleId);
    ins.bind(3, shift.id);
    ins.bind(4, r.isVoid ? 1 : 0);
    ins.bind(5, r.reason);
    ins.bind(6, r.staff);
    ins.bind(7, r.approvedBy);
    ins.bind(8, std::string(toString(r.method)));
    ins.bind(9, r.total.idr());
    ins.bind(10, r.createdAt);
    ins.exec();
    const std::int64_t refundId = m_db.conn.getLastInsertRowid();
    for (const RefundLine& rl : r.lines) {
      auto li = m_db.stmt("INSERT INTO refund_line (refund_id, line_no, quantity, amount_idr, restock) VALUES (?, ?, ?, ?, ?)");
      li.bind(1, refundId);
      li.bind(2, rl.lineNo);
      li.bind(3, rl.quantity);
      li.bind(4, rl.amount.idr());
      li.bind(5, rl.restock ? 1 : 0);
      li.exec();
      auto up = m_db.stmt("UPDATE sale_line SET refunded_qty = refunded_qty + ? WHERE sale_id = ? AND line_no = ?");
      up.bind(1, rl.quantity);
      up.bind(2, saleId);
      up.bind(3, rl.lineNo);
      up.exec();
      if (rl.restock) {
        auto pid = m_db.stmt("SELECT product_id FROM sale_line WHERE sale_id = ? AND line_no = ?");
        pid.bind(1, saleId);
        pid.bind(2, rl.lineNo);
        if (pid.executeStep() && !pid.getColumn(0).isNull()) {
          const std::int64_t productId = pid.getColumn(0).getInt64();
          pid.reset();
          detail::moveStock(m_db, eventId, productId, r.isVoid ? MovementKind::Void : MovementKind::Refund, rl.quantity,
                            r.reason, r.staff, r.uuid);
        }
      }
    }
    auto us = m_db.stmt(r.isVoid ? "UPDATE sale SET voided = 1 WHERE id = ?"
                                               : "UPDATE sale SET refunded_idr = refunded_idr + ? WHERE id = ?");
    if (r.isVoid) {
      us.bind(1, saleId);
    } else {
      us.bind(1, r.total.idr());
      us.bind(2, saleId);
    }
    us.exec();
    m_db.audit(r.approvedBy, r.isVoid ? "void" : "refund", r.receiptNo, r.reason,
               fmt::format("{} by {}, {} line(s){}", formatRupiah(r.total), r.staff, r.lines.size(),
                           r.isVoid ? "" : std::string(", paid back by ") + std::string(toString(r.method))));
    m_db.applyDelta(eventId, deltaForRefund(r, *sale, m_db.clockOf(eventId)));
    m_db.enqueue(OutboxKind::Refund, r.uuid);
    return r;
  });
}

}  // namespace pameran::core
