// The ingest engine (ingest_run.hpp).
#include "ingest_run.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pameran::sync {

using sql::Row;
using sql::Stmt;

namespace {

Stmt hashStatement(RecordType type) {
  switch (type) {
    case RecordType::Sale: return Stmt::SaleHash;
    case RecordType::Refund: return Stmt::RefundHash;
    case RecordType::ShiftClose: return Stmt::ShiftHash;
    case RecordType::Audit: break;  // audit entries are compared field by field (storeAudit)
    case RecordType::StockMovement: return Stmt::MovementHash;
  }
  return Stmt::SaleHash;
}

// The answer for a record whose id is already stored: a duplicate when the bodies' hashes agree,
// else a conflict that keeps the stored one.
RecordResult sameOrConflict(const IngestItem& item, const std::string& storedHash) {
  RecordResult r{item.id, item.type, RecordStatus::Duplicate, {}, false};
  if (storedHash != item.hash) {
    r.status = RecordStatus::Conflict;
    r.reason = fmt::format("a different {} with this id is already stored; the stored one is kept", toString(item.type));
  }
  return r;
}

RecordResult answer(const IngestItem& item, RecordStatus status, std::string reason = {}, bool late = false) {
  return RecordResult{item.id, item.type, status, std::move(reason), late};
}

constexpr const char* kWouldOverflow = "the event's totals would overflow with this record";

}  // namespace

IngestRun::IngestRun(const std::vector<const IngestRequest*>& group, const StoreLimits& limits, bool lockEvents)
    : m_group(group), m_limits(limits), m_lockEvents(lockEvents), m_results(group.size()) {}

void IngestRun::storeAll(GroupTx& tx) {
  begin(tx.session());
  for (std::size_t i = 0; i < m_group.size(); ++i) {
    try {
      tx.inSavepoint([&] { store(tx.session(), i); });
    } catch (const std::exception& e) {
      if (tx.endsGroup(e)) throw;
      drop(i, tx.errorOf(e));  // this request's savepoint is rolled back; the others still commit
    }
  }
  finish(tx.session());
}

IngestResults IngestRun::takeResults() {
  IngestResults out;
  out.reserve(m_results.size());
  for (auto& r : m_results)
    out.push_back(r ? std::move(*r) : core::Result<std::vector<RecordResult>>(core::fail(core::Errc::Storage, "not stored")));
  return out;
}

void IngestRun::begin(sql::Session& s) {
  std::map<std::string, std::int64_t> devices;  // in id order: every process locks in the same order
  for (const IngestRequest* req : m_group) devices.emplace(req->deviceId, 0);
  for (auto& [id, highest] : devices) highest = s.int64(Stmt::LockDevice, {id}).value_or(0);
  m_highest = std::move(devices);
}

IngestRun::EventState& IngestRun::eventState(sql::Session& s, std::int64_t eventId) {
  auto it = m_events.find(eventId);
  if (it != m_events.end()) return it->second;
  EventState ev;
  s.query(m_lockEvents ? Stmt::LockEventState : Stmt::EventState, {eventId}, [&](const Row& r) {
    ev.clock.tzOffsetMinutes = r.int32(0);
    ev.clock.cutoffHour = r.int32(1);
    ev.open = r.flag(2);
    ev.grossIdr = r.int64(3);
  });
  return m_events.emplace(eventId, ev).first->second;
}

void IngestRun::store(sql::Session& s, std::size_t i) {
  settle();
  const IngestRequest& req = *m_group[i];
  m_pending = Pending{i, true, {}, m_highest[req.deviceId]};
  EventState& ev = eventState(s, req.eventId);
  const bool late = !ev.open;
  std::vector<std::int64_t> seqs;
  std::int64_t sales = 0, refunds = 0, shifts = 0, lateCount = 0, movements = 0, highestMovement = 0;
  std::vector<RecordResult> results;
  results.reserve(req.items.size());
  for (const IngestItem& item : req.items) {
    RecordResult r;
    if (!item.rejected.empty()) r = answer(item, RecordStatus::Rejected, item.rejected);
    else if (item.type == RecordType::Sale) r = storeSale(s, req, item, ev, late, seqs);
    else if (item.type == RecordType::Refund) r = storeRefund(s, req, item, ev, late);
    else if (item.type == RecordType::StockMovement) r = storeMovement(s, req, item, late);
    else r = storeShift(s, req, item, late);
    if (r.status == RecordStatus::Stored) {
      sales += item.type == RecordType::Sale ? 1 : 0;
      refunds += item.type == RecordType::Refund ? 1 : 0;
      shifts += item.type == RecordType::ShiftClose ? 1 : 0;
      if (item.type == RecordType::StockMovement) {
        ++movements;
        highestMovement = std::max(highestMovement, item.movement->seq);
      }
      lateCount += late ? 1 : 0;
    }
    results.push_back(std::move(r));
  }
  storeAudit(s, req, results);
  // Sequence ranges and counters are written per request, so a rolled-back request leaves them as they were.
  rules::SeqMerge merge;
  if (!seqs.empty()) {
    const auto [lo, hi] = std::minmax_element(seqs.begin(), seqs.end());
    std::vector<SeqRange> nearby;
    s.query(Stmt::RangesNear, {req.deviceId, *lo - 1, *hi + 1},
            [&](const Row& r) { nearby.push_back({r.int64(0), r.int64(1)}); });
    merge = rules::mergeSeqs(nearby, std::move(seqs));
    for (std::int64_t first : merge.removed) s.exec(Stmt::DeleteRange, {req.deviceId, first});
    for (const SeqRange& r : merge.written) s.exec(Stmt::WriteRange, {req.deviceId, r.first, r.last});
    m_pending.highest = std::max(m_pending.highest, merge.highest);
  }
  s.exec(Stmt::DeviceCounters, {static_cast<std::int64_t>(req.receivedAt), sales, refunds, shifts, lateCount, merge.collisions,
                                merge.highest, req.deviceId});
  if (movements > 0) s.exec(Stmt::MovementCounters, {movements, highestMovement, req.deviceId});
  m_results[i] = std::move(results);
}

RecordResult IngestRun::refuseUnlessStored(sql::Session& s, const IngestItem& item, std::string why) {
  if (const auto stored = s.text(hashStatement(item.type), {item.id})) return sameOrConflict(item, *stored);
  return answer(item, RecordStatus::Rejected, std::move(why));
}

RecordResult IngestRun::storeSale(sql::Session& s, const IngestRequest& req, const IngestItem& item, EventState& ev, bool late,
                                  std::vector<std::int64_t>& seqs) {
  const core::SaleRecord& sale = *item.sale;
  // Checked against the device's highest before this request: a batch cannot climb by windows.
  std::string why = rules::checkSequence(sale.seq, m_highest[req.deviceId], m_limits);
  if (why.empty()) why = rules::checkCeiling(ev.grossIdr + m_pending.sums.grossOf(req.eventId), sale.gross, m_limits);
  std::optional<core::ReportDelta> computed;
  if (!item.delta || item.delta->device.key != req.deviceId) {
    computed = item.delta ? *item.delta : core::deltaForSale(sale, ev.clock);
    computed->device.key = req.deviceId;  // the kiosk that uploaded it, whatever the record says
  }
  const core::ReportDelta& delta = computed ? *computed : *item.delta;
  if (why.empty() && !m_pending.sums.fits(req.eventId, delta)) why = kWouldOverflow;
  if (!why.empty()) return refuseUnlessStored(s, item, std::move(why));
  const std::int64_t inserted =
      s.exec(Stmt::InsertSale, {item.id, req.eventId, req.deviceId, sale.seq, sale.receiptNo, static_cast<std::int64_t>(sale.createdAt),
                                static_cast<std::int64_t>(req.receivedAt), sale.total.idr(), late, item.hash, item.body});
  // Already there (perhaps committed by another process a moment ago): same body or not.
  if (inserted == 0) return sameOrConflict(item, s.text(Stmt::SaleHash, {item.id}).value_or(""));
  m_pending.sums.add(req.eventId, delta);
  m_pending.stock.addSale(req.eventId, sale);
  seqs.push_back(sale.seq);
  return answer(item, RecordStatus::Stored, {}, late);
}

RecordResult IngestRun::storeRefund(sql::Session& s, const IngestRequest& req, const IngestItem& item, EventState& ev, bool late) {
  const core::RefundRecord& refund = *item.refund;
  if (const auto stored = s.text(Stmt::RefundHash, {item.id})) return sameOrConflict(item, *stored);
  struct Sale {
    std::string body;
    rules::SaleOrigin origin;
  };
  std::optional<Sale> row;
  s.query(Stmt::SaleForRefund, {refund.saleUuid}, [&](const Row& r) { row = Sale{r.text(0), {r.int64(1), r.text(2)}}; });
  if (!row)
    return answer(item, RecordStatus::Retry,
                  "the refunded sale " + refund.saleUuid + " has not arrived yet; send the refund again after it");
  // The sale's lock may have waited for another transaction that stored this very refund.
  if (const auto stored = s.text(Stmt::RefundHash, {item.id})) return sameOrConflict(item, *stored);
  auto sale = decodeSale(row->body);
  if (!sale) return answer(item, RecordStatus::Rejected, "the stored sale could not be read: " + sale.error().message);
  std::vector<core::RefundRecord> earlier;
  s.query(Stmt::RefundsOfSale, {refund.saleUuid}, [&](const Row& r) {
    if (auto prior = decodeRefund(r.text(0))) earlier.push_back(std::move(*prior));
  });
  if (std::string why = rules::checkRefund(refund, *sale, row->origin, earlier, req.deviceId, req.eventId); !why.empty())
    return answer(item, RecordStatus::Rejected, std::move(why));
  core::ReportDelta delta = core::deltaForRefund(refund, *sale, ev.clock);
  delta.device.key = req.deviceId;  // the refund's device is the sale's (checkRefund)
  if (!m_pending.sums.fits(req.eventId, delta)) return answer(item, RecordStatus::Rejected, kWouldOverflow);
  const std::int64_t inserted =
      s.exec(Stmt::InsertRefund, {item.id, refund.saleUuid, req.eventId, req.deviceId, refund.isVoid,
                                  static_cast<std::int64_t>(refund.createdAt), static_cast<std::int64_t>(req.receivedAt),
                                  refund.total.idr(), late, item.hash, item.body});
  if (inserted == 0) return sameOrConflict(item, s.text(Stmt::RefundHash, {item.id}).value_or(""));
  m_pending.sums.add(req.eventId, delta);
  m_pending.stock.addRefund(req.eventId, refund, *sale);
  return answer(item, RecordStatus::Stored, {}, late);
}

RecordResult IngestRun::storeShift(sql::Session& s, const IngestRequest& req, const IngestItem& item, bool late) {
  const std::int64_t inserted = s.exec(Stmt::InsertShift, {item.id, req.eventId, req.deviceId,
                                                           static_cast<std::int64_t>(req.receivedAt), late, item.hash, item.body});
  if (inserted == 0) return sameOrConflict(item, s.text(Stmt::ShiftHash, {item.id}).value_or(""));
  return answer(item, RecordStatus::Stored, {}, late);
}

void IngestRun::storeAudit(sql::Session& s, const IngestRequest& req, std::vector<RecordResult>& results) {
  bool stored = false;
  for (const core::AuditEntry* e : req.audit) {
    RecordResult r{std::to_string(e->id), RecordType::Audit, RecordStatus::Stored, {}, false};
    std::optional<core::AuditEntry> held;
    s.query(Stmt::AuditEntry, {req.deviceId, e->id}, [&](const Row& row) { held = sql::readAudit(row); });
    if (held) {
      r.status = rules::sameAuditEntry(*held, *e) ? RecordStatus::Duplicate : RecordStatus::Conflict;
      if (r.status == RecordStatus::Conflict)
        r.reason = fmt::format("a different audit entry {} of this device is already stored; the stored one is kept", e->id);
    } else {
      // Stored whatever its link says: the chain below names a wrong one, and nothing is lost.
      s.exec(Stmt::InsertAudit, {req.deviceId, e->id, static_cast<std::int64_t>(e->at), e->staff, e->action, e->subject, e->reason,
                                 e->details, e->prevHash, e->hash, static_cast<std::int64_t>(req.receivedAt)});
      stored = true;
    }
    results.push_back(std::move(r));
  }
  if (!stored) return;
  rules::AuditChain chain;
  s.query(Stmt::AuditChain, {req.deviceId}, [&](const Row& r) { chain = {r.int64(0), r.text(1), r.int64(2), r.int64(3)}; });
  std::vector<core::AuditEntry> after;
  s.query(Stmt::AuditEntriesAfter, {req.deviceId, chain.held}, [&](const Row& r) { after.push_back(sql::readAudit(r)); });
  chain = rules::advanceAudit(std::move(chain), after);
  s.exec(Stmt::SetAuditChain, {chain.held, chain.heldHash, chain.firstBad, chain.highest, req.deviceId});
}

RecordResult IngestRun::storeMovement(sql::Session& s, const IngestRequest& req, const IngestItem& item, bool late) {
  const core::StockMovementRecord& m = *item.movement;
  const std::int64_t inserted =
      s.exec(Stmt::InsertMovement, {item.id, req.eventId, req.deviceId, m.seq, core::toString(m.kind), m.sku, m.vendorCode,
                                    m.quantity, static_cast<std::int64_t>(m.createdAt), static_cast<std::int64_t>(req.receivedAt),
                                    late, item.hash, item.body});
  if (inserted == 0) return sameOrConflict(item, s.text(Stmt::MovementHash, {item.id}).value_or(""));
  m_pending.stock.addMovement(req.eventId, m);
  return answer(item, RecordStatus::Stored, {}, late);
}

void IngestRun::drop(std::size_t i, core::Error why) {
  if (m_pending.active && m_pending.request == i) m_pending.active = false;
  m_results[i] = core::fail(std::move(why));
}

void IngestRun::settle() {
  if (!m_pending.active) return;
  m_pending.active = false;
  // Every sum was checked record by record against the ceiling, far inside int64.
  if (!m_total.merge(m_pending.sums)) throw std::logic_error("rollup sums of a commit group overflowed");
  m_stockTotal.merge(m_pending.stock);
  for (const auto& [eventId, sums] : m_pending.sums.events()) m_events[eventId].grossIdr += sums.grossIdr;
  std::int64_t& highest = m_highest[m_group[m_pending.request]->deviceId];
  highest = std::max(highest, m_pending.highest);
}

void IngestRun::finish(sql::Session& s) {
  settle();
  // In key order, so two groups of different processes never wait on each other in a circle.
  for (const auto& [key, c] : m_total.cells())
    s.exec(Stmt::UpsertCell, {std::get<0>(key), std::get<1>(key), core::toString(std::get<2>(key)), std::get<3>(key),
                              std::get<4>(key), c.salesCount, c.items, c.gross.idr(), c.discount.idr(), c.refund.idr()});
  for (const auto& [key, amount] : m_total.payments())
    s.exec(Stmt::UpsertPayment, {key.first, core::toString(key.second), amount});
  for (const auto& [key, amount] : m_total.direct()) s.exec(Stmt::UpsertDirect, {key.first, key.second, amount});
  for (const auto& [key, v] : m_total.devices()) s.exec(Stmt::UpsertDeviceSum, {key.first, key.second, v.count, v.netIdr});
  for (const auto& [key, v] : m_total.cashiers()) s.exec(Stmt::UpsertCashierSum, {key.first, key.second, v.count, v.netIdr});
  for (const auto& [key, v] : m_total.products())
    s.exec(Stmt::UpsertProductSum, {std::get<0>(key), std::get<1>(key), std::get<2>(key), v.count, v.netIdr});
  for (const auto& [key, u] : m_stockTotal.units())
    s.exec(Stmt::UpsertStock,
           {std::get<0>(key), std::get<1>(key), std::get<2>(key), u.received, u.sold, u.refunded, u.adjusted, u.returned});
  // Every event of the group changed (its devices' uploads at least): its totals move with its
  // change counter, or the counter alone; one pass in id order, so locks are taken in that order.
  for (const auto& [eventId, state] : m_events) {
    const auto sums = m_total.events().find(eventId);
    if (sums == m_total.events().end() || (sums->second.sales == 0 && sums->second.grossIdr == 0)) {
      s.exec(Stmt::BumpChange, {eventId});
      continue;
    }
    if (s.exec(Stmt::EventTotals, {sums->second.sales, sums->second.grossIdr, eventId, m_limits.eventCeilingIdr}) == 0)
      throw CeilingRace("event " + std::to_string(eventId) + " reached its money ceiling in another process");
  }
}

}  // namespace pameran::sync
