#pragma once
// The central server's own store (not the kiosk's core::Store). An interface, so a PostgreSQL
// backend can stand beside the embedded SQLite one; every method is safe to call from any thread
// and converts database exceptions into Result errors.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/csv.hpp"
#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/records.hpp"
#include "pameran/core/report.hpp"
#include "pameran/core/time.hpp"
#include "pameran/sync/protocol.hpp"

namespace pameran::sync {

/// Who a bearer token belongs to.
struct Principal {
  enum class Kind { Device, Organizer };
  Kind kind = Kind::Device;
  std::string id;               // device UUID, or organizer token row id
  std::string name;             // device code or organizer name (for logs)
  std::int64_t eventId = 0;     // devices only
  std::string eventCode;        // devices only
  core::EventClock clock;       // devices only: the event's time zone and business-day cutoff
  core::EpochMs sessionExpiresAt = 0;  // a dashboard session's end (organizers signed in by cookie)
};

/// An event's change counter (`change_seq`): bumped in the same transaction as anything that
/// changes its figures or its devices, so an unchanged counter means unchanged answers.
struct EventCounter {
  std::int64_t eventId = 0;
  std::string code;
  std::int64_t changeSeq = 0;
};

/// An event as the organizer's event list shows it.
struct EventOverview {
  core::Event event;
  std::int64_t targetIdr = 0;   // 0: no target set
  std::int64_t changeSeq = 0;
  std::int64_t salesCount = 0;
  core::Rupiah net;
  std::int64_t devices = 0;     // enrolled or waiting, not revoked
};

/// A one-time enrollment code made by `pameran-server device enroll`.
struct EnrollmentTicket {
  std::string eventCode;
  std::string name;
  std::string booth;
  std::string vendorCode;       // a vendor's own booth, or empty
  std::string codeHash;         // sha256 of the normalised code; the code itself is never stored
  core::EpochMs expiresAt = 0;
};

struct CreatedDevice {
  std::string deviceId;
  std::string deviceCode;
};

/// One record ready to store: decoded, validated, its canonical JSON and hash made.
struct IngestItem {
  RecordType type = RecordType::Sale;
  std::string id;
  std::string hash;
  std::string body;             // canonical JSON
  const core::SaleRecord* sale = nullptr;
  const core::RefundRecord* refund = nullptr;
  const core::ShiftRecord* shift = nullptr;
  /// A sale's rollup delta made by the caller (off the writer thread) with the event's clock;
  /// the store computes it when absent.
  std::optional<core::ReportDelta> delta;
};

/// One upload request of one device: stored in one transaction with other requests (group commit).
struct IngestRequest {
  std::string deviceId;
  std::int64_t eventId = 0;
  core::EpochMs receivedAt = 0; // the server's clock, never the device's
  std::vector<IngestItem> items;
};

struct CatalogImportSummary {
  std::int64_t vendors = 0;
  std::int64_t products = 0;
};

class ServerStore {
 public:
  virtual ~ServerStore() = default;

  // Events and catalog.
  virtual core::Result<core::Event> createEvent(const core::Event& event) = 0;
  virtual core::Result<core::Event> event(std::string_view code) = 0;
  virtual core::Result<core::Event> eventById(std::int64_t id) = 0;
  virtual std::vector<core::Event> events() = 0;
  /// Opens or closes an event for sales; closed events still store uploads, flagged late.
  virtual core::Result<void> setEventOpen(std::string_view code, bool open) = 0;
  /// Replaces the event's products with the files' and adds or updates its vendors (commission
  /// rates kept), all or nothing.
  virtual core::Result<CatalogImportSummary> importCatalog(std::string_view eventCode, const core::CatalogFiles& files) = 0;
  virtual core::Result<void> setCommission(std::string_view eventCode, std::string_view vendorCode, std::int32_t bp) = 0;
  virtual core::Result<std::int64_t> catalogVersion(std::int64_t eventId) = 0;
  virtual core::Result<CatalogPayload> catalog(std::int64_t eventId) = 0;

  // Devices and tokens. Only hashes of codes and tokens are ever stored.
  virtual core::Result<CreatedDevice> createEnrollment(const EnrollmentTicket& ticket, core::EpochMs now) = 0;
  /// Trades a code (by hash) for a device token (by hash) once, before it expires. Unauthorized
  /// with a reason for unknown, used, expired or revoked codes.
  virtual core::Result<EnrollResponse> redeemEnrollment(std::string_view codeHash, std::string_view kioskName,
                                                        std::string_view tokenHash, core::EpochMs now) = 0;
  virtual core::Result<void> revokeDevice(std::string_view eventCode, std::string_view deviceCode, core::EpochMs now) = 0;
  virtual core::Result<void> createToken(core::Role role, std::string_view name, std::string_view tokenHash,
                                         core::EpochMs now) = 0;
  /// Revokes every live token with this name; NotFound when there is none.
  virtual core::Result<std::int64_t> revokeToken(std::string_view name, core::EpochMs now) = 0;
  /// The live (not revoked) owner of a token hash; Unauthorized otherwise.
  virtual core::Result<Principal> authenticate(std::string_view tokenHash) = 0;

  // Dashboard sessions (by hash of the session id; each stands for one organizer token).
  /// Opens a session for an organizer until `expiresAt`, and forgets sessions that have expired.
  virtual core::Result<void> createSession(std::string_view sessionHash, const Principal& organizer, core::EpochMs now,
                                           core::EpochMs expiresAt) = 0;
  /// The organizer of a live session (not expired, not signed out, its token not revoked), with
  /// sessionExpiresAt set; Unauthorized otherwise.
  virtual core::Result<Principal> authenticateSession(std::string_view sessionHash, core::EpochMs now) = 0;
  /// Signs a session out (nothing to do when it is already gone).
  virtual core::Result<void> endSession(std::string_view sessionHash) = 0;

  // Uploads.
  /// Stores the requests in ONE durable transaction; each request's records get their results
  /// (stored, duplicate, conflict, rejected, retry). A request whose records fail on the database
  /// gets an error and changes nothing; the others still commit.
  virtual std::vector<core::Result<std::vector<RecordResult>>> ingest(const std::vector<const IngestRequest*>& requests) = 0;

  // Figures.
  virtual core::Result<core::Report> report(std::string_view eventCode) = 0;
  virtual core::Result<core::Settlement> settlement(std::string_view eventCode) = 0;
  virtual core::Result<std::vector<DeviceStatus>> devices(std::string_view eventCode) = 0;
  /// One event's change counter; NotFound for an unknown event.
  virtual core::Result<EventCounter> eventCounter(std::string_view eventCode) = 0;
  /// Every event's change counter (cheap: for the event list's ETag).
  virtual core::Result<std::vector<EventCounter>> eventCounters() = 0;
  /// Every event with its target, counter, sales, net and devices.
  virtual core::Result<std::vector<EventOverview>> eventOverview() = 0;
  /// Sets the event's sales target in rupiah (0 clears it) and bumps its counter.
  virtual core::Result<void> setTarget(std::string_view eventCode, std::int64_t targetIdr) = 0;
  /// Stored counts (for tests and the health endpoint).
  virtual core::Result<std::int64_t> countRows(std::string_view table) = 0;
  /// A cheap round trip to the database.
  virtual core::Result<void> ping() = 0;
};

struct SqliteStoreOptions {
  int busyTimeoutMs = 10'000;
  /// Off only for benchmark seeding: trades durability for speed. Never off in `serve`.
  bool durable = true;
};

/// Opens (creating and migrating as needed) the SQLite store: WAL, synchronous=FULL, foreign keys.
core::Result<std::unique_ptr<ServerStore>> openSqliteStore(const std::string& path, SqliteStoreOptions options = {});

}  // namespace pameran::sync
