#include <fmt/format.h>

#include <algorithm>

#include "db.hpp"
#include "internal.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::core {
namespace detail {

std::optional<OpenShift> findOpenShift(Db& db, std::int64_t eventId) {
  auto s = db.stmt("SELECT id, uuid FROM shift WHERE event_id = ? AND closed_at_ms IS NULL");
  s.bind(1, eventId);
  if (!s.executeStep()) return std::nullopt;
  return OpenShift{s.getColumn(0).getInt64(), s.getColumn(1).getString()};
}

std::int64_t insertShiftForOpen(Db& db, std::int64_t eventId, const std::string& uuid, std::string_view staff, Rupiah openingFloat) {
  auto s = db.stmt("INSERT INTO shift (uuid, event_id, opened_at_ms, opened_by, float_idr) VALUES (?, ?, ?, ?, ?)");
  s.bind(1, uuid);
  s.bind(2, eventId);
  s.bind(3, db.now());
  s.bind(4, std::string(staff));
  s.bind(5, openingFloat.idr());
  s.exec();
  return db.conn.getLastInsertRowid();
}

OpenShift ensureOpenShift(Db& db, std::int64_t eventId, std::string_view staff) {
  if (auto open = findOpenShift(db, eventId)) return *open;
  // An unreadable setting opens the shift with no float rather than stopping every sale.
  const std::int64_t defaultFloat = std::clamp<std::int64_t>(Settings(db).getInt(settings::kDefaultFloat, 0), 0, kMaxIdr);
  OpenShift shift{0, newUuid()};
  shift.id = insertShiftForOpen(db, eventId, shift.uuid, staff, Rupiah(defaultFloat));
  return shift;
}

}  // namespace detail

namespace {

std::string encodeCounts(const std::map<std::int64_t, std::int64_t>& counts) {
  std::string out;
  for (const auto& [d, n] : counts) out += fmt::format("{}{}:{}", out.empty() ? "" : ",", d, n);
  return out;
}

std::map<std::int64_t, std::int64_t> decodeCounts(const std::string& text) {
  std::map<std::int64_t, std::int64_t> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string item = text.substr(pos, comma - pos);
    const std::size_t colon = item.find(':');
    if (colon != std::string::npos) out[std::stoll(item.substr(0, colon))] = std::stoll(item.substr(colon + 1));
    pos = comma + 1;
  }
  return out;
}

// Running totals of a shift from its sales, refunds and cash movements. A closed shift's data no
// longer changes, so the same function rebuilds its record whenever it is needed (no copy kept).
ShiftState computeState(detail::Db& db, std::int64_t shiftId) {
  ShiftState st;
  auto s = db.stmt("SELECT id, uuid, event_id, opened_at_ms, opened_by, float_idr FROM shift WHERE id = ?");
  s.bind(1, shiftId);
  if (!s.executeStep()) return st;
  st.id = s.getColumn(0).getInt64();
  st.uuid = s.getColumn(1).getString();
  st.eventId = s.getColumn(2).getInt64();
  st.openedAt = s.getColumn(3).getInt64();
  st.openedBy = s.getColumn(4).getString();
  st.openingFloat = Rupiah(s.getColumn(5).getInt64());
  s.reset();

  auto cm = db.stmt(
      "SELECT COALESCE(SUM(CASE WHEN direction = 'in' THEN amount_idr END), 0), "
      "COALESCE(SUM(CASE WHEN direction = 'out' THEN amount_idr END), 0) FROM cash_movement WHERE shift_id = ?");
  cm.bind(1, shiftId);
  cm.executeStep();
  st.cashIn = Rupiah(cm.getColumn(0).getInt64());
  st.cashOut = Rupiah(cm.getColumn(1).getInt64());
  cm.reset();

  for (PaymentMethod m : kAllPaymentMethods) st.totalsByMethod[std::string(toString(m))] = 0;
  auto pay = db.stmt(
      "SELECT p.method, SUM(p.amount_idr) FROM sale_payment p JOIN sale s ON s.id = p.sale_id "
      "WHERE s.shift_id = ? AND s.voided = 0 GROUP BY p.method");
  pay.bind(1, shiftId);
  while (pay.executeStep()) st.totalsByMethod[pay.getColumn(0).getString()] += pay.getColumn(1).getInt64();
  auto ref = db.stmt(
      "SELECT method, SUM(total_idr) FROM refund WHERE shift_id = ? AND is_void = 0 GROUP BY method");
  ref.bind(1, shiftId);
  while (ref.executeStep()) {
    const std::string method = ref.getColumn(0).getString();
    st.totalsByMethod[method] -= ref.getColumn(1).getInt64();
    if (method == "cash") st.cashRefunds = Rupiah(ref.getColumn(1).getInt64());
  }
  auto cash = db.stmt(
      "SELECT COALESCE(SUM(p.amount_idr), 0) FROM sale_payment p JOIN sale s ON s.id = p.sale_id "
      "WHERE s.shift_id = ? AND s.voided = 0 AND p.method = 'cash'");
  cash.bind(1, shiftId);
  cash.executeStep();
  st.cashSales = Rupiah(cash.getColumn(0).getInt64());
  cash.reset();
  auto n = db.stmt("SELECT COUNT(*) FROM sale WHERE shift_id = ? AND voided = 0");
  n.bind(1, shiftId);
  n.executeStep();
  st.salesCount = n.getColumn(0).getInt64();
  n.reset();
  st.expectedCash = st.openingFloat + st.cashSales - st.cashRefunds + st.cashIn - st.cashOut;
  return st;
}

Result<ShiftRecord> closedRecord(detail::Db& db, std::int64_t shiftId) {
  const ShiftState st = computeState(db, shiftId);
  auto s = db.stmt(
      "SELECT sh.closed_at_ms, sh.closed_by, sh.counted_idr, sh.counts, e.code FROM shift sh JOIN event e ON e.id = sh.event_id "
      "WHERE sh.id = ? AND sh.closed_at_ms IS NOT NULL");
  s.bind(1, shiftId);
  if (!s.executeStep()) return fail(Errc::NotFound, "shift is not closed");
  ShiftRecord r;
  r.uuid = st.uuid;
  r.eventCode = s.getColumn(4).getString();
  r.deviceId = Settings(db).device().deviceId;
  r.openedAt = st.openedAt;
  r.closedAt = s.getColumn(0).getInt64();
  r.openedBy = st.openedBy;
  r.closedBy = s.getColumn(1).getString();
  r.openingFloat = st.openingFloat;
  r.cashIn = st.cashIn;
  r.cashOut = st.cashOut;
  r.cashSales = st.cashSales;
  r.cashRefunds = st.cashRefunds;
  r.expectedCash = st.expectedCash;
  r.countedCash = Rupiah(s.getColumn(2).getInt64());
  r.variance = r.countedCash - r.expectedCash;
  r.counts = decodeCounts(detail::columnText(s, 3));
  r.totalsByMethod = st.totalsByMethod;
  r.salesCount = st.salesCount;
  return r;
}

}  // namespace

std::optional<ShiftState> Shifts::current() const {
  const std::int64_t eventId = m_db.currentEventId();
  if (eventId == 0) return std::nullopt;
  auto open = detail::findOpenShift(m_db, eventId);
  if (!open) return std::nullopt;
  return computeState(m_db, open->id);
}

Result<ShiftState> Shifts::open(Rupiah openingFloat, const Staff& staff) {
  if (openingFloat.idr() < 0 || openingFloat.idr() > kMaxIdr) return fail(Errc::Invalid, "opening float out of range");
  auto opened = m_db.write([&]() -> Result<std::int64_t> {
    const std::int64_t eventId = m_db.currentEventId();
    if (eventId == 0) return fail(Errc::NotFound, "no current event");
    if (detail::findOpenShift(m_db, eventId)) return fail(Errc::Conflict, "a shift is already open");
    const std::string uuid = newUuid();
    const std::int64_t id = detail::insertShiftForOpen(m_db, eventId, uuid, staff.name, openingFloat);
    return id;
  });
  if (!opened) return opened.failure();
  return computeState(m_db, *opened);
}

Result<void> Shifts::moveCash(bool in, Rupiah amount, std::string_view reason, const Staff& staff) {
  if (amount.idr() < 1 || amount.idr() > kMaxIdr) return fail(Errc::Invalid, "amount must be more than Rp 0");
  if (reason.empty() || reason.size() > kMaxTextLength || !isCleanUtf8(reason)) return fail(Errc::Invalid, "cash in/out needs a reason");
  return m_db.write([&]() -> Result<void> {
    const std::int64_t eventId = m_db.currentEventId();
    if (eventId == 0) return fail(Errc::NotFound, "no current event");
    const detail::OpenShift shift = detail::ensureOpenShift(m_db, eventId, staff.name);
    if (!in) {
      const ShiftState st = computeState(m_db, shift.id);
      if (amount > st.expectedCash)
        return fail(Errc::Invalid, "cannot take out more cash than the drawer should hold (" + formatRupiah(st.expectedCash) + ")",
                    {formatRupiah(st.expectedCash)});
    }
    auto s = m_db.stmt(
        "INSERT INTO cash_movement (shift_id, direction, amount_idr, reason, staff, at_ms) VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, shift.id);
    s.bind(2, std::string(in ? "in" : "out"));
    s.bind(3, amount.idr());
    s.bind(4, std::string(reason));
    s.bind(5, staff.name);
    s.bind(6, m_db.now());
    s.exec();
    m_db.audit(staff.name, in ? "cash_in" : "cash_out", shift.uuid, reason, formatRupiah(amount));
    return {};
  });
}

std::vector<CashMovement> Shifts::cashMovements(std::int64_t shiftId) const {
  std::vector<CashMovement> out;
  auto s = m_db.stmt("SELECT direction, amount_idr, reason, staff, at_ms FROM cash_movement WHERE shift_id = ? ORDER BY id");
  s.bind(1, shiftId);
  while (s.executeStep())
    out.push_back(CashMovement{s.getColumn(0).getString() == "in", Rupiah(s.getColumn(1).getInt64()), s.getColumn(2).getString(),
                               s.getColumn(3).getString(), s.getColumn(4).getInt64()});
  return out;
}

Result<ShiftRecord> Shifts::close(const std::map<std::int64_t, std::int64_t>& counts, const Staff& staff) {
  Rupiah counted;
  for (const auto& [denomination, pieces] : counts) {
    if (denomination <= 0 || denomination > 1'000'000 || pieces < 0 || pieces > kMaxQuantity)
      return fail(Errc::Invalid, "a cash count has positive notes and 0 or more pieces");
    counted += Rupiah(denomination) * pieces;
  }
  return m_db.write([&]() -> Result<ShiftRecord> {
    const std::int64_t eventId = m_db.currentEventId();
    if (eventId == 0) return fail(Errc::NotFound, "no current event");
    auto open = detail::findOpenShift(m_db, eventId);
    if (!open) return fail(Errc::ShiftClosed, "no shift is open");
    auto s = m_db.stmt("UPDATE shift SET closed_at_ms = ?, closed_by = ?, counted_idr = ?, counts = ? WHERE id = ?");
    s.bind(1, m_db.now());
    s.bind(2, staff.name);
    s.bind(3, counted.idr());
    s.bind(4, encodeCounts(counts));
    s.bind(5, open->id);
    s.exec();
    auto record = closedRecord(m_db, open->id);
    if (!record) return record;
    if (auto ok = validateShiftRecord(*record); !ok) return ok.failure();
    m_db.audit(staff.name, "shift_close", record->uuid, "",
               fmt::format("expected {}, counted {}, variance {}", formatRupiah(record->expectedCash),
                           formatRupiah(record->countedCash), formatRupiah(record->variance)));
    m_db.enqueue(OutboxKind::ShiftClose, record->uuid);
    return record;
  });
}

std::vector<ShiftRecord> Shifts::closed(std::int64_t eventId) const {
  std::vector<std::int64_t> ids;
  auto s = m_db.stmt("SELECT id FROM shift WHERE event_id = ? AND closed_at_ms IS NOT NULL ORDER BY id DESC");
  s.bind(1, eventId);
  while (s.executeStep()) ids.push_back(s.getColumn(0).getInt64());
  std::vector<ShiftRecord> out;
  for (std::int64_t id : ids)
    if (auto r = closedRecord(m_db, id)) out.push_back(std::move(*r));
  return out;
}

Result<ShiftRecord> Outbox::shiftRecord(std::string_view uuid) const {
  auto s = m_db.stmt("SELECT id FROM shift WHERE uuid = ?");
  s.bind(1, std::string(uuid));
  if (!s.executeStep()) return fail(Errc::NotFound, "no shift " + std::string(uuid));
  const std::int64_t id = s.getColumn(0).getInt64();
  s.reset();
  return closedRecord(m_db, id);
}

}  // namespace pameran::core
