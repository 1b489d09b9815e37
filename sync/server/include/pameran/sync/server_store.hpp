#pragma once
// The central server's own store (not the kiosk's core::Store): one front, two backends.
// ServerStore's public methods are not virtual: they check their input against the rulebook
// (store_rules.hpp) before any database is touched, then hand over to the backend, which only
// knows SQL: sessions, transactions and migrations over the one SQL description that both the
// embedded SQLite backend and the PostgreSQL backend (pg_store.hpp) render in their dialect.
// Every method is safe to call from any thread and turns database exceptions into Result errors.
//
// Sections: types · ServerStore (events and catalog, devices and tokens, dashboard sessions,
// uploads, figures, the organizer's event list) · opening the SQLite store
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/consignment.hpp"
#include "pameran/core/csv.hpp"
#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/records.hpp"
#include "pameran/core/report.hpp"
#include "pameran/core/time.hpp"
#include "pameran/sync/protocol.hpp"
#include "pameran/sync/store_rules.hpp"

namespace pameran::sync {

namespace sql {
class Session;
}

// ---- types -----------------------------------------------------------------------------------

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

/// One record ready to store: decoded, its canonical JSON and hash made.
struct IngestItem {
  RecordType type = RecordType::Sale;
  std::string id;
  std::string hash;
  std::string body;             // canonical JSON
  const core::SaleRecord* sale = nullptr;
  const core::RefundRecord* refund = nullptr;
  const core::ShiftRecord* shift = nullptr;
  /// A sale's rollup delta, made by admit() off the writer thread; computed when absent.
  std::optional<core::ReportDelta> delta;
  /// Why admit() refused the record (empty: admitted); such a record never reaches a database.
  std::string rejected;
  const core::StockMovementRecord* movement = nullptr;
};

/// An item for a record: its canonical body and its sha256 (the record must outlive the item).
IngestItem ingestItem(const core::SaleRecord& sale);
IngestItem ingestItem(const core::RefundRecord& refund);
IngestItem ingestItem(const core::ShiftRecord& shift);
IngestItem ingestItem(const core::StockMovementRecord& movement);

/// One upload request of one device: stored in one transaction with other requests (group commit).
struct IngestRequest {
  std::string deviceId;
  std::int64_t eventId = 0;
  core::EpochMs receivedAt = 0; // the server's clock, never the device's
  std::vector<IngestItem> items;
  /// The store whose admit() checked these items; ingest() checks the others itself.
  const void* admittedBy = nullptr;
  /// Audit entries (protocol version 2), stored after the items; each answers after them in order.
  std::vector<const core::AuditEntry*> audit = {};
};

/// Per request: its records' results in order, or why the whole request failed (nothing of it stored).
using IngestResults = std::vector<core::Result<std::vector<RecordResult>>>;

/// A device's audit log as the server holds it: its state (as in `/devices`) and entries.
struct DeviceAudit {
  DeviceStatus device;
  std::vector<core::AuditEntry> entries;  // newest first
};

struct CatalogImportSummary {
  std::int64_t vendors = 0;
  std::int64_t products = 0;
};

// ---- ServerStore -----------------------------------------------------------------------------

class ServerStore {
 public:
  virtual ~ServerStore();
  ServerStore(const ServerStore&) = delete;
  ServerStore& operator=(const ServerStore&) = delete;

  const StoreLimits& limits() const { return m_limits; }

  // Events and catalog.
  core::Result<core::Event> createEvent(const core::Event& event);
  core::Result<core::Event> event(std::string_view code);
  core::Result<core::Event> eventById(std::int64_t id);
  std::vector<core::Event> events();
  /// Opens or closes an event for sales; closed events still store uploads, flagged late.
  core::Result<void> setEventOpen(std::string_view code, bool open);
  /// Replaces the event's products with the files' and adds or updates its vendors (commission
  /// rates kept), all or nothing. Products it drops stay known, so older kiosks can still sell them.
  core::Result<CatalogImportSummary> importCatalog(std::string_view eventCode, const core::CatalogFiles& files);
  core::Result<void> setCommission(std::string_view eventCode, std::string_view vendorCode, std::int32_t bp);
  core::Result<std::int64_t> catalogVersion(std::int64_t eventId);
  core::Result<CatalogPayload> catalog(std::int64_t eventId);

  // Devices and tokens. Only hashes of codes and tokens are ever stored.
  core::Result<CreatedDevice> createEnrollment(const EnrollmentTicket& ticket, core::EpochMs now);
  /// Trades a code (by hash) for a device token (by hash) once, before it expires. Unauthorized
  /// with a reason for unknown, used, expired or revoked codes.
  core::Result<EnrollResponse> redeemEnrollment(std::string_view codeHash, std::string_view kioskName,
                                                std::string_view tokenHash, core::EpochMs now);
  core::Result<void> revokeDevice(std::string_view eventCode, std::string_view deviceCode, core::EpochMs now);
  core::Result<void> createToken(core::Role role, std::string_view name, std::string_view tokenHash, core::EpochMs now);
  /// Revokes every live token with this name; NotFound when there is none.
  core::Result<std::int64_t> revokeToken(std::string_view name, core::EpochMs now);
  /// The live (not revoked) owner of a token hash; Unauthorized otherwise.
  core::Result<Principal> authenticate(std::string_view tokenHash);

  // Dashboard sessions (by hash of the session id; each stands for one organizer token).
  /// Opens a session for an organizer until `expiresAt`, and forgets sessions that have expired.
  /// Invalid unless `organizer` is an organizer and the session ends after `now`.
  core::Result<void> createSession(std::string_view sessionHash, const Principal& organizer, core::EpochMs now,
                                   core::EpochMs expiresAt);
  /// The organizer of a live session (not expired, not signed out, its token not revoked), with
  /// sessionExpiresAt set; Unauthorized otherwise.
  core::Result<Principal> authenticateSession(std::string_view sessionHash, core::EpochMs now);
  /// Signs a session out (nothing to do when it is already gone).
  core::Result<void> endSession(std::string_view sessionHash);

  // Uploads.
  /// Checks the request's records against the device, its event and the event's catalog
  /// (rules::admit*) and marks refused ones; fails when the device is unknown or the database
  /// cannot be read. Call it on the request's own thread, so the single writer does not have to.
  core::Result<void> admit(IngestRequest& request);
  /// Stores the requests in ONE durable transaction; each request's records get their results
  /// (stored, duplicate, conflict, rejected, retry). A request whose records fail on the database
  /// gets an error and changes nothing; the others still commit.
  IngestResults ingest(const std::vector<const IngestRequest*>& requests);

  // Figures.
  core::Result<core::Report> report(std::string_view eventCode);
  core::Result<core::Settlement> settlement(std::string_view eventCode);
  core::Result<std::vector<DeviceStatus>> devices(std::string_view eventCode);
  /// The device's audit state and its newest `limit` entries; NotFound for an unknown event or device.
  core::Result<DeviceAudit> deviceAudit(std::string_view eventCode, std::string_view deviceCode, std::size_t limit);
  /// The consignment ledger over all booths (store_stock.cpp): every product that moved or is
  /// in the catalog. NotFound for an unknown event.
  core::Result<core::StockLedger> stockLedger(std::string_view eventCode);
  // The organizer's event list, change counters and targets.
  /// One event's change counter; NotFound for an unknown event.
  core::Result<EventCounter> eventCounter(std::string_view eventCode);
  /// Every event's change counter (cheap: for the event list's ETag).
  core::Result<std::vector<EventCounter>> eventCounters();
  /// Every event with its target, counter, sales, net and devices, by code.
  core::Result<std::vector<EventOverview>> eventOverview();
  /// Sets the event's sales target in rupiah (0 clears it; Invalid outside 0..core::kMaxIdr)
  /// and bumps its counter.
  core::Result<void> setTarget(std::string_view eventCode, std::int64_t targetIdr);

  /// Stored counts (for tests and the health endpoint).
  core::Result<std::int64_t> countRows(std::string_view table);
  /// A cheap round trip to the database.
  core::Result<void> ping();

  // In-store barcodes from the kiosks (PROTOCOL.md 3.12).
  /// Gives each product its kiosk's in-store barcode while it has none, in one transaction; a
  /// barcode another product of the event has is Taken, a product with another one Superseded.
  /// The catalog version moves when a product took one, so every kiosk pulls it. Invalid (and
  /// nothing changed) for a row that is not a product code with an in-store EAN-13.
  core::Result<std::vector<BarcodeResult>> assignBarcodes(std::string_view eventCode,
                                                          const std::vector<BarcodeAssignment>& rows);

 protected:
  explicit ServerStore(StoreLimits limits);

  /// What a backend's unit of work needs from its database.
  enum class Access {
    Read,      // autocommitted reads, for one-statement answers
    Snapshot,  // several reads that see one consistent state
    Write,     // one transaction, committed when the work succeeds and rolled back when it fails
  };
  using Work = std::function<core::Result<void>(sql::Session&)>;

 private:
  // The backend: SQL only. It runs the statements of the one SQL description (store_sql.hpp)
  // in its dialect, inside its own transactions; every rule and every statement's use is here.
  /// Runs `work` on a session; database errors become Storage (or DiskFull) failures. Write
  /// work may run again from the start when the database asks for it (deadlock, serialization).
  virtual core::Result<void> run(Access access, const Work& work) = 0;
  /// Stores admitted requests in one transaction, driving an IngestRun (ingest_run.hpp).
  virtual IngestResults doIngest(const std::vector<const IngestRequest*>& admitted) = 0;

  template <class T, class F>
  core::Result<T> unit(Access access, F&& body);
  core::Result<DeviceProfile> deviceProfile(const std::string& deviceId);
  core::Result<std::shared_ptr<const rules::CatalogIndex>> catalogIndex(std::int64_t eventId, bool refresh);

  const StoreLimits m_limits;
  struct Caches;
  std::unique_ptr<Caches> m_caches;
};

// ---- opening the SQLite store ----------------------------------------------------------------

struct SqliteStoreOptions {
  int busyTimeoutMs = 10'000;
  /// Off only for benchmark seeding: trades durability for speed. Never off in `serve`.
  bool durable = true;
  StoreLimits limits;
};

/// Opens (creating and migrating as needed) the SQLite store: WAL, synchronous=FULL, foreign keys.
core::Result<std::unique_ptr<ServerStore>> openSqliteStore(const std::string& path, SqliteStoreOptions options = {});

}  // namespace pameran::sync
