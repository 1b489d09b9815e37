#pragma once
// The sync wire format (protocol_version 1), shared by the kiosk's client and pameran-server.
// sync/PROTOCOL.md is the prose contract; this header is its code. Decoding never throws: every
// failure is a Result error whose message names the field (`sales[3].lines[0].quantity: ...`).
// Builds with g++ 12 (C++23) and clang 14 (C++20, the libFuzzer build): no C++23 library here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/csv.hpp"
#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/movement_record.hpp"
#include "pameran/core/records.hpp"
#include "pameran/core/time.hpp"

namespace pameran::sync {

inline constexpr int kProtocolVersion = 1;
/// The highest batch version the server accepts: 2 lets a batch carry optional extra arrays
/// (`audit`, `stock_movements`). Every other body, and a batch without them, stays version 1.
inline constexpr int kBatchProtocolVersion = 2;

/// Bounds on what one request may carry; the server enforces them, the client stays inside them.
struct Limits {
  std::size_t maxBodyBytes = 4u << 20;      // Content-Length of a request (gzip or plain)
  std::size_t maxDecodedBytes = 4u << 20;   // the JSON text after gzip is undone
  std::size_t maxRecords = 500;             // sales + refunds + shift_closes in one batch
  std::size_t recommendedRecords = 100;     // what a client should send per batch
  std::size_t maxLinesPerSale = 500;        // also the limit of validateSaleRecord
  std::size_t maxPaymentsPerSale = 10;      // also the limit of checkTenders
  std::size_t maxStringBytes = 500;         // any JSON string (core::kMaxTextLength)
  std::size_t maxDepth = 6;                 // nesting of objects and arrays
  std::size_t maxValues = 250'000;          // JSON values (scalars and containers) in one body
};

/// Record kinds that travel in a batch.
enum class RecordType { Sale, Refund, ShiftClose, Audit, StockMovement };
std::string_view toString(RecordType t);  // "sale" | "refund" | "shift_close" | "audit" | "stock_movement"

/// What the server did with one record.
enum class RecordStatus { Stored, Duplicate, Conflict, Rejected, Retry };
std::string_view toString(RecordStatus s);  // "stored" | "duplicate" | "conflict" | "rejected" | "retry"
std::optional<RecordStatus> parseRecordStatus(std::string_view text);

// ---- records ----------------------------------------------------------------------------------

/// One record as JSON text (the canonical form: fixed key order, no spaces). Encoding a valid
/// record never fails.
std::string encodeSale(const core::SaleRecord& sale);
std::string encodeRefund(const core::RefundRecord& refund);
std::string encodeShift(const core::ShiftRecord& shift);

/// Decodes one record from JSON text (types, ranges, lengths, UTF-8 checked; not the sums: call
/// core::validate*Record for those). Fails with Invalid naming the field.
core::Result<core::SaleRecord> decodeSale(std::string_view json, const Limits& limits = {});
core::Result<core::RefundRecord> decodeRefund(std::string_view json, const Limits& limits = {});
core::Result<core::ShiftRecord> decodeShift(std::string_view json, const Limits& limits = {});

/// sha256 (lowercase hex) of the canonical encoding: equal for the same record however its JSON
/// was spelled (key order, spaces, escapes), different as soon as any field differs. The server
/// compares it to tell a replay (duplicate) from a changed copy (conflict).
std::string canonicalHash(const core::SaleRecord& sale);
std::string canonicalHash(const core::RefundRecord& refund);
std::string canonicalHash(const core::ShiftRecord& shift);

/// A stock movement (PROTOCOL.md §4.4), encoded, decoded and hashed like the records above.
std::string encodeMovement(const core::StockMovementRecord& movement);
core::Result<core::StockMovementRecord> decodeMovement(std::string_view json, const Limits& limits = {});
std::string canonicalHash(const core::StockMovementRecord& movement);

// ---- upload batch: POST /api/v1/sales -----------------------------------------------------------

struct Batch {
  std::string deviceId;  // optional on the wire; when present the server checks it is the token's device
  std::vector<core::SaleRecord> sales;
  std::vector<core::RefundRecord> refunds;
  std::vector<core::ShiftRecord> shiftCloses;
  std::vector<core::AuditEntry> audit = {};  // sent as protocol_version 2 when not empty
  /// Sent with protocol_version 2, and only when not empty (a batch without them stays version 1).
  std::vector<core::StockMovementRecord> stockMovements = {};
};

/// A record of a decoded batch: either decoded, or refused with a reason (the batch goes on).
template <class T>
struct Decoded {
  std::string id;        // the record's "id" (always a UUID: a record without one fails the batch)
  std::optional<T> record;
  std::string error;     // set when record is empty
};

struct DecodedBatch {
  int protocolVersion = kProtocolVersion;
  std::string deviceId;
  std::vector<Decoded<core::SaleRecord>> sales;
  std::vector<Decoded<core::RefundRecord>> refunds;
  std::vector<Decoded<core::ShiftRecord>> shiftCloses;
  std::vector<Decoded<core::AuditEntry>> audit = {};  // version 2; each id is the entry's number as text
  std::vector<Decoded<core::StockMovementRecord>> stockMovements = {};  // version 2 only
  std::size_t recordCount() const {
    return sales.size() + refunds.size() + shiftCloses.size() + audit.size() + stockMovements.size();
  }
};

/// Why a whole batch was refused; each maps to one HTTP status.
enum class BatchError {
  Malformed,  // 400: not JSON, not an object, bad UTF-8, nested too deep, too many values
  TooLarge,   // 413: body or record count over the limits
  Invalid,    // 422: wrong protocol_version, missing or mistyped top-level field, a record without a UUID id
};
int httpStatus(BatchError e);

struct BatchFailure {
  BatchError kind = BatchError::Malformed;
  std::string message;
};

/// Decodes a batch. Whole-batch problems come back as BatchFailure; a record that is present with
/// a UUID id but otherwise bad (a float for money, a negative quantity, sums that do not add up)
/// is decoded as refused so the other records still count. Runs core::validate*Record too.
struct DecodeBatchResult {
  std::optional<DecodedBatch> batch;
  BatchFailure failure;  // when batch is empty
};
DecodeBatchResult decodeBatch(std::string_view body, const Limits& limits = {});

/// The request body a client sends (protocol_version 1; 2 when it carries audit entries or stock movements).
std::string encodeBatch(const Batch& batch);

// ---- results ----------------------------------------------------------------------------------

struct RecordResult {
  std::string id;
  RecordType type = RecordType::Sale;
  RecordStatus status = RecordStatus::Stored;
  std::string reason;    // why rejected / conflict / retry; empty otherwise
  bool late = false;     // stored after its event was closed (P11)
};

struct BatchResponse {
  std::int64_t serverTimeMs = 0;
  std::vector<RecordResult> results;
};

/// The HTTP status of a processed batch: 409 when any record conflicts, else 422 when any record
/// was rejected, else 200 (stored, duplicate and retry are all fine).
int httpStatus(const std::vector<RecordResult>& results);

std::string encodeBatchResponse(const BatchResponse& response);
core::Result<BatchResponse> decodeBatchResponse(std::string_view json);

// ---- enrollment: POST /api/v1/enroll ------------------------------------------------------------

struct EnrollRequest {
  std::string code;        // the one-time code the organizer printed
  std::string deviceName;  // what the kiosk calls itself (informational)
};

struct EnrollResponse {
  std::string deviceId;    // UUID; the kiosk puts it in every record's device_id from now on
  std::string deviceCode;  // for receipt numbers: EVENT-<device_code>-000123
  std::string deviceName;
  std::string booth;
  std::string boothVendorCode;  // the vendor whose own booth this is, or empty
  std::string token;       // 64 hex characters; send as `Authorization: Bearer <token>`
  core::Event event;
};

std::string encodeEnrollRequest(const EnrollRequest& request);
core::Result<EnrollRequest> decodeEnrollRequest(std::string_view json);
std::string encodeEnrollResponse(const EnrollResponse& response);
core::Result<EnrollResponse> decodeEnrollResponse(std::string_view json);

// ---- catalog: GET /api/v1/catalog ---------------------------------------------------------------

struct CatalogVendor {
  core::CatalogVendorRow row;
  std::int32_t commissionBp = 0;
};

struct CatalogPayload {
  std::int64_t version = 0;     // bumps with every change to the event or its catalog
  core::Event event;
  std::vector<CatalogVendor> vendors;
  std::vector<core::CatalogProductRow> products;
};

std::string encodeCatalog(const CatalogPayload& catalog);
/// Decodes and checks a catalog (codes, sectors, prices, unknown vendors) like the CSV import does.
core::Result<CatalogPayload> decodeCatalog(std::string_view json);

// ---- organizer views and health ---------------------------------------------------------------

/// Inclusive range of sequence numbers.
struct SeqRange {
  std::int64_t first = 0;
  std::int64_t last = 0;
  friend bool operator==(const SeqRange&, const SeqRange&) = default;
};

/// One device of `GET /api/v1/events/{code}/devices`.
struct DeviceStatus {
  std::string deviceId, code, name, booth, vendorCode, kioskName;
  bool enrolled = false;
  bool revoked = false;
  core::EpochMs enrolledAt = 0;
  core::EpochMs lastUploadAt = 0;  // 0: never
  std::int64_t maxSeq = 0;
  std::int64_t salesCount = 0, refundsCount = 0, shiftsCount = 0, lateCount = 0, seqCollisions = 0;
  std::vector<SeqRange> missing;   // exactly the sequence numbers in 1..maxSeq not received
  std::int64_t missingCount = 0;
  std::string audit = "unknown";   // "ok" | "broken" | "unknown" (rules::auditState)
  std::int64_t auditFirstBad = 0;  // the first entry that breaks the chain; 0: none
  std::int64_t auditHeld = 0;      // entries 1..auditHeld are all held (P24: the kiosk resends after it)
  std::int64_t auditHighest = 0;   // the highest entry id held
  /// Stock movements received from the device and the highest of their sequence numbers
  /// (decodeDeviceSelf: -1 when a server does not send them).
  std::int64_t movementsCount = 0, maxMovementSeq = 0;
};

/// The body of `/devices` (PROTOCOL.md 3.6).
std::string encodeDeviceList(std::string_view eventCode, std::int64_t serverTimeMs, const std::vector<DeviceStatus>& devices);
/// The body of `GET /api/v1/device` (PROTOCOL.md 3.11): the calling device, as in `/devices`.
std::string encodeDeviceSelf(std::int64_t serverTimeMs, const DeviceStatus& device);
/// Reads that body on the kiosk: highest_seq, missing, the counts and audit_held (-1 when the
/// server does not send it) (Invalid when one is absent, mistyped or out of order; fields it
/// does not know are ignored).
core::Result<DeviceStatus> decodeDeviceSelf(std::string_view json);

// ---- audit log (PROTOCOL.md 4.4) ----------------------------------------------------------------

/// One audit entry as JSON text (canonical: fixed key order).
std::string encodeAudit(const core::AuditEntry& entry);
/// Decodes one audit entry. Texts are taken as they are (any well-formed UTF-8 within the string
/// limit): a doctored entry must reach the server, whose link check then names it.
core::Result<core::AuditEntry> decodeAudit(std::string_view json, const Limits& limits = {});

/// The body of `GET /api/v1/events/{code}/devices/{device_code}/audit`: the device's state as in
/// `/devices` and its entries newest first, each with `"intact"` (false from the first bad one on).
std::string encodeAuditList(std::string_view eventCode, const DeviceStatus& device, const std::vector<core::AuditEntry>& entries);

/// The body of `GET /api/v1/health`: `{"status":"ok"|"degraded","protocol_version":1,"server_time_ms":...}`.
std::string encodeHealth(bool databaseOk, std::int64_t serverTimeMs);

// ---- small shared pieces ----------------------------------------------------------------------

/// `{"error":"..."}`: the body of every error response.
std::string encodeError(std::string_view message);
/// The message of an error body, or empty when the text is not one.
std::string decodeError(std::string_view json);

/// The event as sent in enrollment and catalog payloads.
std::string encodeEvent(const core::Event& event);

// ---- in-store barcodes: POST /api/v1/barcodes (PROTOCOL.md 3.12) -------------------------------

/// An in-store EAN-13 (prefix 20-29) a kiosk gave a product that came without a barcode.
struct BarcodeAssignment {
  std::string sku;
  std::string barcode;
  friend bool operator==(const BarcodeAssignment&, const BarcodeAssignment&) = default;
};

/// What the server did with one assignment.
enum class BarcodeStatus {
  Stored,          // the product had no barcode: it has this one now
  Duplicate,       // the product already has this barcode
  Taken,           // another product of the event has this barcode (409): try the next code
  Superseded,      // the product has another barcode already: the kiosk takes it with the catalog
  UnknownProduct,  // the event's catalog has no product with this SKU
};
std::string_view toString(BarcodeStatus s);  // "stored" | "duplicate" | "taken" | "superseded" | "unknown_product"

struct BarcodeResult {
  std::string sku;
  std::string barcode;
  BarcodeStatus status = BarcodeStatus::Stored;
  std::string reason;  // empty but for taken and superseded
};

inline constexpr std::size_t kMaxBarcodeRows = 500;            // rows per request (413 above)
inline constexpr std::size_t kMaxBarcodeBodyBytes = 64 * 1024; // request body (413 above)

/// `{"protocol_version":1,"barcodes":[{"sku","barcode"}]}`.
std::string encodeBarcodeUpload(const std::vector<BarcodeAssignment>& rows);
struct DecodeBarcodesResult {
  std::optional<std::vector<BarcodeAssignment>> rows;
  BatchFailure failure;  // when rows is empty
};
/// Decodes and checks the whole request: every SKU a code, every barcode an in-store EAN-13, no
/// SKU or barcode twice, at most kMaxBarcodeRows rows. Any bad row refuses the request (Invalid,
/// naming the row); nothing is partly accepted.
DecodeBarcodesResult decodeBarcodeUpload(std::string_view json);

/// `{"protocol_version":1,"results":[{"sku","barcode","status","reason"}]}`, one per row in order.
std::string encodeBarcodeResults(const std::vector<BarcodeResult>& results);
core::Result<std::vector<BarcodeResult>> decodeBarcodeResults(std::string_view json);
/// 409 when any row is taken, else 200.
int httpStatus(const std::vector<BarcodeResult>& results);

}  // namespace pameran::sync
