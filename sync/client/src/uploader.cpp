#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "pameran/sync/client.hpp"

namespace pameran::sync {
namespace {

std::string describe(const HttpResponse& r) {
  if (r.status == 0) return r.tlsFailure ? "TLS verification failed: " + r.error : "server unreachable: " + r.error;
  const std::string message = decodeError(r.body);
  return message.empty() ? fmt::format("server answered HTTP {}", r.status) : fmt::format("server answered HTTP {}: {}", r.status, message);
}

// The request body from records encoded once each (their sizes decided the batch): the
// protocol's own envelope (encodeBatch of an empty batch) with each array filled in. Empty when
// the envelope does not have the expected arrays; the caller then encodes the batch as a whole.
std::string assembleBatch(const std::string& deviceId, const std::vector<std::string> (&records)[3]) {
  std::string body = encodeBatch(Batch{deviceId, {}, {}, {}, {}});
  static constexpr const char* kArrays[3] = {"\"sales\":[]", "\"refunds\":[]", "\"shift_closes\":[]"};
  std::size_t total = body.size();
  for (const auto& list : records)
    for (const std::string& r : list) total += r.size() + 1;
  body.reserve(total);
  std::string joined;
  for (int k = 2; k >= 0; --k) {  // back to front: earlier positions stay valid
    const std::size_t at = body.find(kArrays[k]);
    if (at == std::string::npos) return {};
    joined.clear();
    for (const std::string& r : records[k]) {
      if (!joined.empty()) joined += ',';
      joined += r;
    }
    body.insert(at + std::char_traits<char>::length(kArrays[k]) - 1, joined);
  }
  return body;
}

// What a version 2 envelope adds to a version 1 one: `,"stock_movements":[]`.
constexpr std::size_t kVersion2Envelope = 21;

// The kiosk could not read its own queue: try again later, nothing is set aside.
BatchOutcome& localFailure(BatchOutcome& out, const std::string& message) {
  out.verdict = Verdict::RetryLater;
  out.error = "cannot read the local queue: " + message;
  return out;
}

}  // namespace

Uploader::Uploader(core::Store& store, HttpClient& http, UploadLimits limits) : m_store(store), m_http(http), m_limits(limits) {}

BatchOutcome Uploader::sendBatch() {
  BatchOutcome out;
  auto& outbox = m_store.outbox();
  const std::size_t limit = m_isolate > 0 ? 1 : m_limits.maxRecords;
  std::vector<core::OutboxItem> items = outbox.pending(limit, m_cursor);
  if (items.empty() && m_cursor > 0) {
    m_cursor = 0;
    items = outbox.pending(limit, 0);
  }
  // Audit entries fill the room the records leave (never while one record at a time is tried).
  std::vector<core::AuditEntry> audit;
  if (m_isolate == 0 && !m_withoutAudit && items.size() < limit) {
    auto next = m_store.audit().after(m_store.audit().uploadedThrough(), limit - items.size());
    if (!next) return localFailure(out, next.error().message);
    audit = std::move(*next);
  }
  if (items.empty() && audit.empty()) return out;

  Batch batch;
  batch.deviceId = m_store.settings().device().deviceId;
  std::vector<std::string> encoded[3];  // sales, refunds, shift closes as they go on the wire (stock movements: below)
  std::map<std::string, std::int64_t> outboxIds;  // record id -> outbox row, for this batch only
  // The batch's sales in one read.
  std::vector<std::string> saleIds;
  for (const core::OutboxItem& item : items)
    if (item.kind == core::OutboxKind::Sale) saleIds.push_back(item.uuid);
  std::map<std::string, core::SaleRecord> sales;
  if (!saleIds.empty()) {
    auto loaded = m_store.sales().byUuids(saleIds);
    if (!loaded) return localFailure(out, loaded.error().message);
    sales = std::move(*loaded);
  }
  // A record that is not there is set aside (it can never be sent); a failing read (a busy or
  // failing disk) is nobody's fault and only ends this batch early.
  std::string readError;
  auto unreadable = [&](const core::OutboxItem& item, const core::Error& e) {
    if (e.code != core::Errc::NotFound) {
      readError = e.message;
      return;
    }
    if (outbox.quarantine(item.id, "cannot be read locally: " + e.message)) ++out.quarantined;
  };

  // The limit is on the whole body: the envelope, then each record and its comma.
  std::size_t bytes = encodeBatch(Batch{batch.deviceId, {}, {}, {}, {}}).size();
  for (const core::OutboxItem& item : items) {
    std::size_t size = 0;
    if (item.kind == core::OutboxKind::Sale) {
      const auto found = sales.find(item.uuid);
      auto sale = found != sales.end() ? core::Result<core::SaleRecord>(std::move(found->second)) : m_store.sales().byUuid(item.uuid);
      if (!sale) {
        unreadable(item, sale.error());
        if (!readError.empty()) break;
        continue;
      }
      std::string json = encodeSale(*sale);
      size = json.size() + 1;
      if (bytes + size > m_limits.maxBytes && !outboxIds.empty()) break;
      encoded[0].push_back(std::move(json));
      batch.sales.push_back(std::move(*sale));
    } else if (item.kind == core::OutboxKind::Refund) {
      auto refund = m_store.sales().refundByUuid(item.uuid);
      if (!refund) {
        unreadable(item, refund.error());
        if (!readError.empty()) break;
        continue;
      }
      // The server cannot take a refund of a sale it will never get: set both aside together.
      if (auto saleState = outbox.state(core::OutboxKind::Sale, refund->saleUuid);
          saleState && *saleState == core::SyncState::Quarantined) {
        if (outbox.quarantine(item.id, "its sale " + refund->receiptNo + " is set aside")) ++out.quarantined;
        continue;
      }
      std::string json = encodeRefund(*refund);
      size = json.size() + 1;
      if (bytes + size > m_limits.maxBytes && !outboxIds.empty()) break;
      encoded[1].push_back(std::move(json));
      batch.refunds.push_back(std::move(*refund));
    } else if (item.kind == core::OutboxKind::StockMovement) {
      auto movement = outbox.movementRecord(item.uuid);
      if (!movement) {
        unreadable(item, movement.error());
        if (!readError.empty()) break;
        continue;
      }
      // The first movement turns the envelope into version 2 with a stock_movements array.
      size = encodeMovement(*movement).size() + 1 + (batch.stockMovements.empty() ? kVersion2Envelope : 0);
      if (bytes + size > m_limits.maxBytes && !outboxIds.empty()) break;
      batch.stockMovements.push_back(std::move(*movement));
    } else {
      auto shift = outbox.shiftRecord(item.uuid);
      if (!shift) {
        unreadable(item, shift.error());
        if (!readError.empty()) break;
        continue;
      }
      std::string json = encodeShift(*shift);
      size = json.size() + 1;
      if (bytes + size > m_limits.maxBytes && !outboxIds.empty()) break;
      encoded[2].push_back(std::move(json));
      batch.shiftCloses.push_back(std::move(*shift));
    }
    bytes += size;
    outboxIds[item.uuid] = item.id;
  }
  if (readError.empty()) {
    bytes += 12;  // ,"audit":[]
    for (core::AuditEntry& e : audit) {
      const std::size_t size = encodeAudit(e).size() + 1;
      if (bytes + size > m_limits.maxBytes && !(outboxIds.empty() && batch.audit.empty())) break;
      bytes += size;
      batch.audit.push_back(std::move(e));
    }
  }
  out.auditSent = batch.audit.size();
  out.sent = outboxIds.size() + out.auditSent;
  if (out.sent == 0) return readError.empty() ? out : localFailure(out, readError);

  // A batch with audit entries or stock movements is encoded whole (version 2); the others keep
  // the version 1 envelope.
  std::string body =
      batch.audit.empty() && batch.stockMovements.empty() ? assembleBatch(batch.deviceId, encoded) : std::string();
  if (body.empty()) body = encodeBatch(batch);
  const HttpResponse response = m_http.post("/api/v1/sales", body, true);
  out.verdict = classify(response);
  out.retryAfterMs = response.retryAfterMs;
  switch (out.verdict) {
    case Verdict::RetryLater:
    case Verdict::Stop:
      out.error = describe(response);
      if (out.verdict == Verdict::Stop) out.error += " (the device token was refused: enroll this kiosk again)";
      (void)outbox.recordFailure(out.error);
      return out;
    case Verdict::Refused:
      out.error = describe(response);
      if (out.auditSent > 0 && (outboxIds.empty() || (response.status == 422 &&
                                                      decodeError(response.body).find("protocol_version") != std::string::npos))) {
        // A server that speaks only version 1 refuses the version: the same records go again
        // without the log, which waits for a newer server.
        m_withoutAudit = true;
        (void)outbox.recordFailure(out.error);
        return out;
      }
      if (outboxIds.size() > 1) {
        // One record spoils the batch: send the same records one by one to find it.
        m_isolate = outboxIds.size();
      } else if (outbox.quarantine(outboxIds.begin()->second, out.error)) {
        ++out.quarantined;
      }
      (void)outbox.recordFailure(out.error);
      if (m_isolate > 0 && out.sent == 1) --m_isolate;
      return out;
    case Verdict::Success:
    case Verdict::Results:
      break;
  }

  auto decoded = decodeBatchResponse(response.body);
  if (!decoded) {
    // A 2xx without a proper answer (empty, HTML, a proxy page) proves nothing: stay pending (P7).
    out.verdict = Verdict::RetryLater;
    out.error = fmt::format("server answered HTTP {} without sync results", response.status);
    (void)outbox.recordFailure(out.error);
    return out;
  }
  std::vector<std::int64_t> synced;
  std::map<std::int64_t, bool> answered;
  std::map<std::string, RecordStatus> auditAnswers;
  for (const RecordResult& r : decoded->results) {
    if (r.type == RecordType::Audit) {
      auditAnswers.emplace(r.id, r.status);
      continue;
    }
    const auto it = outboxIds.find(r.id);
    if (it == outboxIds.end() || answered.count(it->second)) continue;  // an id we did not send
    answered[it->second] = true;
    switch (r.status) {
      case RecordStatus::Stored:
      case RecordStatus::Duplicate:
        if (out.verdict == Verdict::Success) synced.push_back(it->second);
        else ++out.deferred;  // named in a non-2xx answer: it will come back as duplicate
        break;
      case RecordStatus::Conflict:
      case RecordStatus::Rejected:
        if (outbox.quarantine(it->second, fmt::format("{}: {}", toString(r.status), r.reason))) ++out.quarantined;
        break;
      case RecordStatus::Retry:
        ++out.deferred;
        break;
    }
  }
  out.deferred += outboxIds.size() - answered.size();
  // The pointer moves over the entries answered for good, in order: stored or duplicate in a 2xx
  // (the server holds them), conflict or rejected in any answer (sending again changes nothing).
  std::int64_t auditThrough = 0;
  std::size_t auditNamed = 0;
  for (const core::AuditEntry& e : batch.audit) auditNamed += auditAnswers.count(std::to_string(e.id));
  for (const core::AuditEntry& e : batch.audit) {
    const auto a = auditAnswers.find(std::to_string(e.id));
    if (a == auditAnswers.end()) break;
    const bool held = a->second == RecordStatus::Stored || a->second == RecordStatus::Duplicate;
    if (held ? out.verdict != Verdict::Success : a->second == RecordStatus::Retry) break;
    auditThrough = e.id;
    ++out.auditDone;
  }
  if (auditThrough > 0) {
    if (auto ok = m_store.audit().markUploaded(auditThrough); !ok) {
      out.verdict = Verdict::RetryLater;
      out.error = ok.error().message;
      return out;
    }
  }
  if (out.verdict == Verdict::Success && answered.empty() && auditNamed == 0) {
    // A 2xx naming none of the records sent (an empty list, other ids) answers some other
    // request, not this one: nothing is synced and the batch is tried again later (P7).
    out.verdict = Verdict::RetryLater;
    out.error = fmt::format("server answered HTTP {} without naming any record sent", response.status);
    (void)outbox.recordFailure(out.error);
    return out;
  }
  if (!synced.empty()) {
    if (auto ok = outbox.markSynced(synced); !ok) {
      out.verdict = Verdict::RetryLater;
      out.error = ok.error().message;
      return out;
    }
    out.synced = synced.size();
  }
  if (m_isolate > 0) m_isolate = m_isolate > out.sent ? m_isolate - out.sent : 0;
  std::int64_t lastSent = 0;
  for (const auto& [id, row] : outboxIds) lastSent = std::max(lastSent, row);
  m_cursor = out.deferred > 0 ? lastSent : 0;
  return out;
}

DrainResult drain(Uploader& uploader, core::Store& store, Backoff& backoff, std::int64_t budgetMs,
                  const std::function<bool(std::int64_t ms)>& sleep) {
  DrainResult res;
  std::int64_t waited = 0;
  for (;;) {
    const BatchOutcome out = uploader.sendBatch();
    res.synced += static_cast<std::int64_t>(out.synced);
    res.quarantined += static_cast<std::int64_t>(out.quarantined);
    if (out.sent == 0 && out.quarantined == 0 && out.verdict != Verdict::RetryLater) break;  // nothing pending
    if (out.verdict == Verdict::Stop) {
      res.stopped = true;
      res.error = out.error;
      break;
    }
    if (!out.error.empty()) res.error = out.error;
    if (out.verdict != Verdict::RetryLater && (out.progressed() || out.verdict == Verdict::Refused)) {
      backoff.reset();
      continue;
    }
    const std::int64_t delay = backoff.nextDelayMs(out.retryAfterMs);
    if (waited + delay > budgetMs) {
      res.gaveUp = true;
      break;
    }
    waited += delay;
    if (!sleep(delay)) break;
  }
  const core::OutboxStats stats = store.outbox().stats();
  res.pendingLeft = stats.pending;
  if (res.pendingLeft == 0 && !res.stopped) res.error.clear();
  return res;
}

}  // namespace pameran::sync
