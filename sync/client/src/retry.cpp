#include <algorithm>

#include "pameran/sync/client.hpp"

namespace pameran::sync {

Verdict classify(const HttpResponse& r) {
  if (r.status == 0) return Verdict::RetryLater;
  if (r.status >= 200 && r.status < 300) return Verdict::Success;
  if (r.status == 408 || r.status == 429 || r.status >= 500) return Verdict::RetryLater;
  if (r.status == 401 || r.status == 403) return Verdict::Stop;
  if (r.status == 409 || r.status == 422) {
    // Per-record answers are final for the records they name; a bare 422 refuses the batch.
    auto results = decodeBatchResponse(r.body);
    if (results && !results->results.empty()) return Verdict::Results;
    return Verdict::Refused;
  }
  if (r.status == 400 || r.status == 413) return Verdict::Refused;
  // 404, 405, 410...: the server is not the one we expect (wrong URL, old version). Keep the data
  // and keep trying slowly rather than setting records aside for a configuration mistake.
  return Verdict::RetryLater;
}

Backoff::Backoff(std::int64_t baseMs, std::int64_t capMs, std::uint64_t seed)
    : m_baseMs(std::max<std::int64_t>(1, baseMs)), m_capMs(std::max(capMs, m_baseMs)), m_rng(seed) {}

std::int64_t Backoff::nextDelayMs(std::optional<std::int64_t> retryAfterMs) {
  const int shift = std::min(m_attempt, 30);
  const std::int64_t ceiling = std::min(m_capMs, m_baseMs << shift);
  ++m_attempt;
  const std::int64_t jittered = std::uniform_int_distribution<std::int64_t>(0, ceiling)(m_rng);
  // Retry-After is the server's word; it is honoured even past our own cap (up to an hour).
  if (retryAfterMs) return std::max(jittered, std::min<std::int64_t>(*retryAfterMs, 3'600'000));
  return jittered;
}

}  // namespace pameran::sync
