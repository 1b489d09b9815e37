#pragma once
// The kiosk's side of sync: enrollment, catalog pull, and the uploader that drains the outbox
// exactly once (P5-P9). Works on its own Store connection; never blocks selling.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "pameran/core/store.hpp"
#include "pameran/sync/http.hpp"
#include "pameran/sync/protocol.hpp"

namespace pameran::sync {

// ---- retry discipline (P9) ------------------------------------------------------------------

/// What to do after an answer to an upload or pull.
enum class Verdict {
  Success,     // 2xx: results are authoritative
  Results,     // 409/422 with per-record results: conflicts and rejections are final, nothing is synced
  RetryLater,  // network, TLS, 408, 429, 5xx, or a 2xx that is not a proper answer
  Refused,     // 400/413/422 for the batch as a whole: do not resend it as it is
  Stop,        // 401/403: the token is not accepted; keep the data and say so
};
Verdict classify(const HttpResponse& response);

/// Capped exponential backoff with full jitter: the n-th wait is uniform in [0, min(cap, base*2^n)],
/// and never shorter than the server's Retry-After.
class Backoff {
 public:
  Backoff(std::int64_t baseMs = 1000, std::int64_t capMs = 300'000, std::uint64_t seed = std::random_device{}());
  std::int64_t nextDelayMs(std::optional<std::int64_t> retryAfterMs = std::nullopt);
  void reset() { m_attempt = 0; }
  int attempts() const { return m_attempt; }
  std::int64_t capMs() const { return m_capMs; }

 private:
  std::int64_t m_baseMs;
  std::int64_t m_capMs;
  int m_attempt = 0;
  std::mt19937_64 m_rng;
};

// ---- upload -----------------------------------------------------------------------------------

struct UploadLimits {
  std::size_t maxRecords = 100;       // per batch
  std::size_t maxBytes = 1u << 20;    // JSON bytes per batch, before gzip
};

struct BatchOutcome {
  Verdict verdict = Verdict::Success;
  std::size_t sent = 0;
  std::size_t synced = 0;
  std::size_t quarantined = 0;
  std::size_t deferred = 0;           // answered "retry" (a refund before its sale) or not named
  std::optional<std::int64_t> retryAfterMs;
  std::string error;                  // for the status line when not Success
  std::size_t auditSent = 0;          // audit entries in the batch (also counted in `sent`)
  std::size_t auditDone = 0;          // audit entries the server answered for good
  bool progressed() const { return synced + quarantined + auditDone > 0; }
};

/// Sends pending outbox records in batches and applies the server's per-record answers:
/// `stored`/`duplicate` mark a record synced, but only from a 2xx that names its id (P7);
/// `conflict`/`rejected` set it aside (quarantined, never deleted); anything else stays pending.
/// The audit log's entries after AuditLog::uploadedThrough ride along (protocol version 2) while
/// there is room; the pointer moves over every entry answered for good, in order.
class Uploader {
 public:
  Uploader(core::Store& store, HttpClient& http, UploadLimits limits = {});
  /// One batch (nothing is sent when nothing is pending: sent == 0).
  BatchOutcome sendBatch();

 private:
  core::Store& m_store;
  HttpClient& m_http;
  UploadLimits m_limits;
  std::size_t m_isolate = 0;  // after a whole-batch refusal, send this many records one at a time
  // After a batch left records waiting (a refund the server cannot take before its sale), the
  // next batch starts past them so they never hold up the rest of the queue; it wraps around.
  std::int64_t m_cursor = 0;
  // A server older than the audit upload refuses version-2 batches as a whole: from then on this
  // uploader sends version 1 (the entries wait for a newer server).
  bool m_withoutAudit = false;
};

struct DrainResult {
  std::int64_t synced = 0;
  std::int64_t quarantined = 0;
  std::int64_t pendingLeft = 0;
  bool stopped = false;       // 401/403
  bool gaveUp = false;        // the time budget ran out while the server could not be reached
  std::string error;
};

/// Sends batches until nothing is pending, the server refuses the token, or `budgetMs` passes
/// while waiting out backoffs (`sleep` waits and returns false to cancel).
DrainResult drain(Uploader& uploader, core::Store& store, Backoff& backoff, std::int64_t budgetMs,
                  const std::function<bool(std::int64_t ms)>& sleep);

// ---- recovering what a restored server lost (P24) ---------------------------------------------

/// Asks the server what it holds from this device (`GET /api/v1/device`) and puts back to pending
/// every synced record it no longer has (Outbox::requeueLost), so the next uploads deliver it
/// again. Fails, changing nothing, when the server cannot be asked or answers something else.
core::Result<core::RequeuedCounts> requeueWhatServerLost(core::Store& store, HttpClient& http);

// ---- enrollment and catalog ---------------------------------------------------------------------

/// Trades a one-time code for a device token, saves the device identity and server in the store,
/// creates (or updates) the event locally, makes it current and pulls the catalog. Plain http to
/// another machine is refused unless `allowInsecureHttp`, which is then stored with the enrollment.
core::Result<EnrollResponse> enroll(core::Store& store, const std::string& serverUrl, const std::string& code,
                                    const std::string& deviceName, const std::string& caFile = {},
                                    bool allowInsecureHttp = false);

/// Pulls the catalog with If-None-Match; returns true when something changed. New products get the
/// server's stock; stock of products the booth already has is left to its own ledger.
core::Result<bool> pullCatalog(core::Store& store, HttpClient& http);

/// An HTTP client configured from the store's saved server, token and CA file.
core::Result<std::unique_ptr<HttpClient>> clientFor(const core::Store& store, const std::string& serverOverride = {});

// ---- in-store barcodes (PROTOCOL.md 3.12) ---------------------------------------------------------

struct BarcodePush {
  std::size_t sent = 0;       // rows sent, over every round
  std::size_t accepted = 0;   // the server has them (stored, or had them already)
  std::size_t dropped = 0;    // the server will never take them (another code won, unknown product)
  /// Products whose code another product has on the server, with the new code each got here:
  /// tags printed with the old code must be printed again.
  std::vector<core::Product> reassigned;
};

/// Sends the in-store barcodes given here that the server lacks (`POST /api/v1/barcodes`) and
/// settles them by its answer; a product whose code the server has on another product gets the
/// next code and goes again (a few rounds). Fails when the server cannot be reached or refuses
/// the request; what is pending then stays pending.
core::Result<BarcodePush> pushBarcodes(core::Store& store, HttpClient& http);

// ---- the window's background sync ------------------------------------------------------------------

struct SyncStatus {
  enum class State { NotEnrolled, Idle, Syncing, Offline, Stopped };
  State state = State::NotEnrolled;
  std::int64_t pending = 0;
  std::int64_t quarantined = 0;
  core::EpochMs lastSuccessAt = 0;
  std::string lastError;
  std::int64_t retryInMs = 0;   // while Offline: until the next attempt
  std::uint64_t generation = 0; // bumps whenever anything above changed
};
std::string_view toString(SyncStatus::State s);

/// A thread with its own connection to the kiosk database that uploads whatever is pending and
/// refreshes the catalog now and then. Selling never waits for it.
class BackgroundSync {
 public:
  struct Options {
    std::int64_t idlePollMs = 15'000;        // look for new records at least this often
    std::int64_t catalogEveryMs = 600'000;   // refresh the catalog, and what the server holds (P24), this often
    std::int64_t backoffCapMs = 300'000;
    std::function<void()> onChange;          // called on the sync thread after the status changed
  };
  explicit BackgroundSync(std::string dbPath);
  BackgroundSync(std::string dbPath, Options options);
  ~BackgroundSync();
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;

  void start();
  void stop();
  /// Something new was committed: send it soon (a backoff in progress is still waited out).
  void wake();
  SyncStatus status() const;

 private:
  void run();
  bool waitFor(std::int64_t ms, bool wakeable);  // false when stopping
  void publish(const SyncStatus& status);

  std::string m_dbPath;
  Options m_options;
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_stop = false;
  bool m_woken = false;
  SyncStatus m_status;
};

}  // namespace pameran::sync
