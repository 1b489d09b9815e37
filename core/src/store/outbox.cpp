#include <fmt/format.h>

#include "db.hpp"

namespace pameran::core {

std::string_view toString(OutboxKind k) {
  switch (k) {
    case OutboxKind::Sale: return "sale";
    case OutboxKind::Refund: return "refund";
    case OutboxKind::ShiftClose: return "shift_close";
    case OutboxKind::StockMovement: return "stock_movement";
  }
  return "sale";
}

namespace {

OutboxKind parseKind(const std::string& text) {
  if (text == "refund") return OutboxKind::Refund;
  if (text == "shift_close") return OutboxKind::ShiftClose;
  if (text == "stock_movement") return OutboxKind::StockMovement;
  return OutboxKind::Sale;
}

void setSetting(detail::Db& db, const char* key, const std::string& value) {
  auto s = db.stmt("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  s.bind(1, key);
  s.bind(2, value);
  s.exec();
}

}  // namespace

namespace detail {

void Db::enqueue(OutboxKind kind, const std::string& uuid) {
  auto s = stmt("INSERT INTO outbox (kind, uuid, created_at_ms) VALUES (?, ?, ?)");
  s.bind(1, std::string(toString(kind)));
  s.bind(2, uuid);
  s.bind(3, now());
  s.exec();
}

}  // namespace detail

std::vector<OutboxItem> Outbox::pending(std::size_t limit, std::int64_t afterId) const {
  std::vector<OutboxItem> out;
  auto s = m_db.stmt("SELECT id, kind, uuid, attempts FROM outbox WHERE state = 'pending' AND id > ? ORDER BY id LIMIT ?");
  s.bind(1, afterId);
  s.bind(2, static_cast<std::int64_t>(limit));
  while (s.executeStep())
    out.push_back(OutboxItem{s.getColumn(0).getInt64(), parseKind(s.getColumn(1).getString()), s.getColumn(2).getString(),
                             s.getColumn(3).getInt()});
  return out;
}

Result<void> Outbox::markSynced(const std::vector<std::int64_t>& ids) {
  return m_db.write([&]() -> Result<void> {
    const EpochMs now = m_db.now();
    for (std::int64_t id : ids) {
      auto s = m_db.stmt(
          "UPDATE outbox SET state = 'synced', synced_at_ms = ?, attempts = attempts + 1, last_attempt_ms = ?, reason = '' "
          "WHERE id = ? AND state = 'pending'");
      s.bind(1, now);
      s.bind(2, now);
      s.bind(3, id);
      s.exec();
    }
    setSetting(m_db, "sync.last_success_ms", std::to_string(now));
    setSetting(m_db, "sync.last_error", "");
    return {};
  });
}

Result<void> Outbox::quarantine(std::int64_t id, std::string_view reason) {
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt(
        "UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, last_attempt_ms = ?, reason = ? WHERE id = ?");
    s.bind(1, m_db.now());
    s.bind(2, std::string(reason.substr(0, kMaxTextLength)));
    s.bind(3, id);
    if (s.exec() != 1) return fail(Errc::NotFound, "no outbox item " + std::to_string(id));
    return {};
  });
}

Result<void> Outbox::requeue(std::int64_t id) {
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt("UPDATE outbox SET state = 'pending', reason = '' WHERE id = ? AND state = 'quarantined'");
    s.bind(1, id);
    if (s.exec() != 1) return fail(Errc::NotFound, "no quarantined item " + std::to_string(id));
    return {};
  });
}

Result<void> Outbox::recordFailure(std::string_view error) {
  return m_db.write([&]() -> Result<void> {
    setSetting(m_db, "sync.last_error", std::string(error.substr(0, kMaxTextLength)));
    setSetting(m_db, "sync.last_error_ms", std::to_string(m_db.now()));
    return {};
  });
}

std::vector<QuarantinedItem> Outbox::quarantined() const {
  std::vector<QuarantinedItem> out;
  auto s = m_db.stmt(
      "SELECT o.id, o.kind, o.uuid, COALESCE(s.receipt_no, rs.receipt_no, ''), o.reason, COALESCE(o.last_attempt_ms, o.created_at_ms) "
      "FROM outbox o LEFT JOIN sale s ON o.kind = 'sale' AND s.uuid = o.uuid "
      "LEFT JOIN refund r ON o.kind = 'refund' AND r.uuid = o.uuid LEFT JOIN sale rs ON rs.id = r.sale_id "
      "WHERE o.state = 'quarantined' ORDER BY o.id");
  while (s.executeStep())
    out.push_back(QuarantinedItem{s.getColumn(0).getInt64(), parseKind(s.getColumn(1).getString()), s.getColumn(2).getString(),
                                  s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getInt64()});
  return out;
}

Result<SyncState> Outbox::state(OutboxKind kind, std::string_view uuid) const {
  auto s = m_db.stmt("SELECT state FROM outbox WHERE kind = ? AND uuid = ?");
  s.bind(1, std::string(toString(kind)));
  s.bind(2, std::string(uuid));
  if (!s.executeStep()) return fail(Errc::NotFound, "nothing queued for " + std::string(uuid));
  const std::string state = s.getColumn(0).getString();
  return state == "synced" ? SyncState::Synced : state == "quarantined" ? SyncState::Quarantined : SyncState::Pending;
}

OutboxStats Outbox::stats() const {
  OutboxStats st;
  auto s = m_db.stmt(
      "SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending'), "
      "(SELECT COUNT(*) FROM outbox WHERE state = 'quarantined'), (SELECT COUNT(*) FROM outbox WHERE state = 'synced')");
  s.executeStep();
  st.pending = s.getColumn(0).getInt64();
  st.quarantined = s.getColumn(1).getInt64();
  st.synced = s.getColumn(2).getInt64();
  s.reset();
  st.pending += AuditLog(m_db).pendingUpload();
  const Settings settings(m_db);
  st.lastSuccessAt = settings.getInt("sync.last_success_ms", 0);
  st.lastError = settings.get("sync.last_error");
  return st;
}

Result<RequeuedCounts> Outbox::requeueLost(std::string_view deviceId, std::string_view eventCode, const ServerHolding& held) {
  // The comparison only reads, outside any write transaction, so that selling never waits for
  // it; only this sync connection turns synced rows back, so they cannot change meanwhile.
  RequeuedCounts out;
  std::vector<std::int64_t> lost;
  try {
    // Sales: walk the synced ones in sequence order beside the server's missing ranges.
    auto sales = m_db.stmt(
        "SELECT o.id, sa.seq FROM outbox o JOIN sale sa ON sa.uuid = o.uuid "
        "WHERE o.kind = 'sale' AND o.state = 'synced' AND sa.device_id = ? ORDER BY sa.seq");
    sales.bind(1, std::string(deviceId));
    std::size_t gap = 0;
    while (sales.executeStep()) {
      const std::int64_t seq = sales.getColumn(1).getInt64();
      while (gap < held.missing.size() && held.missing[gap].second < seq) ++gap;
      const bool inGap = gap < held.missing.size() && held.missing[gap].first <= seq;
      if (seq > held.highestSeq || inGap) lost.push_back(sales.getColumn(0).getInt64());
    }
    out.sales = static_cast<std::int64_t>(lost.size());
    // Refunds and shift closes carry no sequence number: when the server has fewer than were
    // synced, all of them go again and those it has answer `duplicate`.
    auto sendAllWhenShort = [&](const char* sql, std::string_view key, std::int64_t heldCount) {
      std::vector<std::int64_t> ids;
      auto s = m_db.stmt(sql);
      s.bind(1, std::string(key));
      while (s.executeStep()) ids.push_back(s.getColumn(0).getInt64());
      if (static_cast<std::int64_t>(ids.size()) <= heldCount) return std::int64_t{0};
      lost.insert(lost.end(), ids.begin(), ids.end());
      return static_cast<std::int64_t>(ids.size());
    };
    out.refunds = sendAllWhenShort(
        "SELECT o.id FROM outbox o JOIN refund r ON r.uuid = o.uuid JOIN sale sa ON sa.id = r.sale_id "
        "WHERE o.kind = 'refund' AND o.state = 'synced' AND sa.device_id = ?",
        deviceId, held.refunds);
    out.shiftCloses = sendAllWhenShort(
        "SELECT o.id FROM outbox o JOIN shift sh ON sh.uuid = o.uuid JOIN event e ON e.id = sh.event_id "
        "WHERE o.kind = 'shift_close' AND o.state = 'synced' AND e.code = ?",
        eventCode, held.shiftCloses);
    // Stock movements: those numbered above the server's highest go again; when it still holds
    // fewer than were synced, all of them (those it has answer `duplicate`).
    if (held.movements >= 0 && m_db.hasSchema(6)) {
      std::vector<std::int64_t> above, all;
      auto s = m_db.stmt(
          "SELECT o.id, m.seq FROM outbox o JOIN stock_movement m ON m.uuid = o.uuid "
          "WHERE o.kind = 'stock_movement' AND o.state = 'synced' ORDER BY m.seq");
      while (s.executeStep()) {
        all.push_back(s.getColumn(0).getInt64());
        if (s.getColumn(1).getInt64() > held.highestMovementSeq) above.push_back(all.back());
      }
      const std::vector<std::int64_t>& go =
          static_cast<std::int64_t>(all.size() - above.size()) > held.movements ? all : above;
      lost.insert(lost.end(), go.begin(), go.end());
      out.movements = static_cast<std::int64_t>(go.size());
    }
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "read the sync queue"));
  }
  if (lost.empty()) return out;
  if (auto ok = m_db.write([&]() -> Result<void> {
        for (std::int64_t id : lost) {
          auto s = m_db.stmt("UPDATE outbox SET state = 'pending', reason = '' WHERE id = ? AND state = 'synced'");
          s.bind(1, id);
          s.exec();
        }
        return {};
      });
      !ok)
    return ok.failure();
  return out;
}

}  // namespace pameran::core
