// P24: a server restored from a backup lacks what this kiosk delivered after the backup. The
// kiosk asks what the server holds from it and sends the rest again; the server's idempotency
// (PROTOCOL.md 8) keeps each record stored once however often it travels.
#include <fmt/format.h>

#include "pameran/sync/client.hpp"

namespace pameran::sync {

core::Result<core::RequeuedCounts> requeueWhatServerLost(core::Store& store, HttpClient& http) {
  const HttpResponse response = http.get("/api/v1/device");
  if (response.status != 200) {
    const std::string message = decodeError(response.body);
    const bool refused = response.status == 401 || response.status == 403;
    return core::fail(refused ? core::Errc::Unauthorized : core::Errc::Storage,
                      response.status == 0 ? "server unreachable: " + response.error
                                           : fmt::format("server answered HTTP {}{}{}", response.status,
                                                         message.empty() ? "" : ": ", message));
  }
  auto held = decodeDeviceSelf(response.body);
  if (!held) return core::fail(core::Errc::Invalid, "the server's device status could not be read: " + held.error().message);
  const core::DeviceInfo device = store.settings().device();
  // An answer about another device (a proxy's mix-up, a stale token) must not move anything.
  if (!held->deviceId.empty() && held->deviceId != device.deviceId)
    return core::fail(core::Errc::Invalid, "the server answered about another device");
  auto event = store.catalog().currentEvent();
  if (!event) return event.failure();
  core::ServerHolding holding;
  holding.highestSeq = held->maxSeq;
  holding.missing.reserve(held->missing.size());
  for (const SeqRange& r : held->missing) holding.missing.emplace_back(r.first, r.last);
  holding.refunds = held->refundsCount;
  holding.shiftCloses = held->shiftsCount;
  holding.movements = held->movementsCount;
  holding.highestMovementSeq = held->maxMovementSeq;
  auto counts = store.outbox().requeueLost(device.deviceId, event->code, holding);
  if (!counts) return counts;
  // The audit log: everything after the last entry the server holds without a gap travels again
  // (a server that does not say, -1, is left alone).
  if (held->auditHeld >= 0) {
    auto again = store.audit().resendAfter(held->auditHeld);
    if (!again) return again.failure();
    counts->audit = *again;
  }
  return counts;
}

}  // namespace pameran::sync
