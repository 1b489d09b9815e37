#pragma once
// The kiosk's durable local store: one SQLite file (WAL, synchronous=FULL, foreign keys, CHECK
// constraints, migrations keyed by user_version). Store owns the connection; each area of the
// booth's work is a small repository reached through it (store.sales().commit(...)).
// Not thread-safe: each thread opens its own Store on the same file (the sync thread does).
//
//   StoreOptions, settings keys, DeviceInfo, Settings
//   Catalog (events, vendors, products, import/export)
//   Stock (levels, movements, intake, adjustments, returns)
//   Sales (drafts, approvals, commit, refunds and voids, reads)
//   Shifts
//   Staffs (PINs, lockout)
//   AuditLog, Reports, Outbox, HeldCarts
//   Store
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pameran/core/cart.hpp"
#include "pameran/core/csv.hpp"
#include "pameran/core/movement_record.hpp"
#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/payment.hpp"
#include "pameran/core/records.hpp"
#include "pameran/core/report.hpp"
#include "pameran/core/time.hpp"

namespace pameran::core {

namespace detail {
struct Db;
}

/// The latest schema version this build writes.
inline constexpr int kSchemaVersion = 6;

struct StoreOptions {
  Clock clock = systemClock();
  UptimeClock uptime = systemUptime();  // counts PIN lockouts: the wall clock can be set back
  int busyTimeoutMs = 5000;
  int migrateTo = kSchemaVersion;  // tests stop earlier to build an old database
};

/// Settings keys (text values).
namespace settings {
inline constexpr std::string_view kAllowOversell = "stock.allow_oversell";           // "1" / "0" (default)
inline constexpr std::string_view kDiscountThresholdBp = "sale.discount_threshold_bp";  // default below
inline constexpr std::string_view kCustomPriceLimit = "sale.custom_price_limit_idr";  // default kDefaultCustomPriceLimitIdr
inline constexpr std::int32_t kDefaultDiscountThresholdBp = 1000;                     // 10 %
inline constexpr std::string_view kDefaultFloat = "shift.default_float_idr";         // default "200000"
inline constexpr std::string_view kReceiptWidth = "receipt.width";                   // "32" | "48"
inline constexpr std::string_view kReceiptFooter = "receipt.footer";
inline constexpr std::string_view kPrinter = "printer.target";   // /dev/usb/lp0, tcp://host:9100, a file path
inline constexpr std::string_view kQrisTerminalLabel = "qris.terminal_label";         // "1": add 62.07
inline constexpr std::string_view kLanguage = "ui.language";                         // "id" | "en"
}  // namespace settings

struct DeviceInfo {
  std::string deviceId;         // random UUID made with the database, or the server's id once enrolled
  std::string deviceCode;       // on receipts: EVENT-<code>-000123
  std::string name;
  std::string boothVendorCode;  // the vendor whose own booth this is, or empty (organizer cashier)
  std::string serverUrl;
  std::string token;            // device token from enrollment
  std::string caFile;           // extra CA bundle for the server's TLS certificate
  bool allowInsecureHttp = false;  // enrolled with --allow-insecure-http: plain http to a remote server
  std::int64_t lastSeq = 0;     // highest sequence number used
};

class Settings {
 public:
  explicit Settings(detail::Db& db) : m_db(db) {}
  std::string get(std::string_view key, std::string_view fallback = {}) const;
  std::int64_t getInt(std::string_view key, std::int64_t fallback) const;
  Result<void> set(std::string_view key, std::string_view value);
  DeviceInfo device() const;
  /// Saves everything but deviceId-independent counters (lastSeq is never written from here).
  Result<void> setDevice(const DeviceInfo& info);

 private:
  detail::Db& m_db;
};

struct ImportSummary {
  std::int64_t vendorsAdded = 0, vendorsUpdated = 0, productsAdded = 0, productsUpdated = 0, stockChanges = 0;
  bool eventCreated = false;
};

/// An in-store barcode given on this kiosk to a product (by SKU): on its way to the server, or
/// waiting for the product's tags to be printed again.
struct PendingBarcode {
  std::string sku;
  std::string barcode;
  friend bool operator==(const PendingBarcode&, const PendingBarcode&) = default;
};

class Catalog {
 public:
  explicit Catalog(detail::Db& db) : m_db(db) {}
  /// Creates an event; fails with Conflict when the code exists, Invalid on bad fields.
  Result<Event> createEvent(const Event& event);
  Result<void> updateEvent(const Event& event);
  Result<Event> event(std::string_view code) const;
  Result<Event> eventById(std::int64_t id) const;
  std::vector<Event> events() const;
  /// The kiosk's current event (NotFound before any import or seeding).
  Result<Event> currentEvent() const;
  Result<void> setCurrentEvent(std::string_view code);

  enum class StockMode {
    SetLevels,     // bring each product's stock to the file's level (a CSV import)
    NewProductsOnly,  // only products new to the event get the file's level (a server catalog
                      // refresh: this booth's own sales have moved its stock since)
  };
  /// Imports validated catalog files for an event (created when new, then made current) in one
  /// transaction: vendors and products are added or updated by code/SKU, and stock for the event
  /// is brought to the file's level by an intake or adjustment in the ledger (see StockMode).
  Result<ImportSummary> importFiles(const CatalogFiles& files, std::string_view eventCode, std::string_view eventName,
                                    std::string_view staffName, StockMode stockMode = StockMode::SetLevels);
  /// Vendors and products with the event's stock levels, ready for writeVendorsCsv/writeProductsCsv.
  Result<CatalogFiles> exportFiles(std::string_view eventCode) const;

  /// Vendors taking part in an event (with their commission for it), by name.
  std::vector<Vendor> vendors(std::int64_t eventId) const;
  Result<Vendor> vendor(std::string_view code, std::int64_t eventId = 0) const;
  Result<void> setCommission(std::int64_t eventId, std::string_view vendorCode, std::int32_t bp);
  /// Products of the event's vendors (all products when eventId is 0), by name.
  std::vector<Product> products(std::int64_t eventId = 0, bool activeOnly = false) const;
  Result<Product> product(std::int64_t id) const;
  Result<Product> productBySku(std::string_view sku) const;
  Result<void> setProductActive(std::int64_t id, bool active);
  /// Gives each of these products that has no barcode an in-store EAN-13 (inStoreEan13, the next
  /// attempt while a code is taken), kept in the catalog, in one transaction with the audit log;
  /// returns the products, in the order given, with their barcodes. NotFound for an unknown id.
  Result<std::vector<Product>> assignBarcodes(const std::vector<std::int64_t>& productIds, std::string_view staff);
  /// Bumped by every catalog change, so screens know to rebuild their index.
  std::int64_t version() const;

  /// In-store barcodes this kiosk gave (assignBarcodes) that the server has not taken yet, by SKU.
  std::vector<PendingBarcode> pendingBarcodes() const;
  /// The server has these (or will never take them): they are no longer pending. A row whose
  /// product has had another code given since stays pending.
  Result<void> settleBarcodes(const std::vector<PendingBarcode>& settled);
  /// Another product has this product's in-store barcode on the server: gives it the next free
  /// in-store code (pending again), in one transaction with the audit log. NotFound for an
  /// unknown SKU; Invalid when its barcode is not an in-store code.
  Result<Product> reassignBarcode(std::string_view sku, std::string_view staff);
  /// Products whose printed tags carry an old code (reassignBarcode gave them a new one), with the
  /// new code, by SKU: each stays until its tags are printed (tagsPrinted) or dismissed.
  std::vector<PendingBarcode> tagsToReprint() const;
  /// Tags with these codes were printed: those products leave tagsToReprint (one given yet
  /// another code since stays).
  Result<void> tagsPrinted(const std::vector<PendingBarcode>& printed);
  /// A supervisor says the old tags are dealt with: empties tagsToReprint, in one transaction with
  /// the audit log (who, which products). Nothing waiting: nothing written.
  Result<void> dismissReprints(std::string_view supervisor);

 private:
  detail::Db& m_db;
};

enum class MovementKind { Intake, Sale, Refund, Adjustment, ReturnToVendor, Void };
std::string_view toString(MovementKind k);

struct StockLevel {
  std::int64_t productId = 0;
  std::int64_t onHand = 0;
  std::int64_t lowStock = 0;       // warn at or below
  bool isLow() const { return onHand <= lowStock; }
};

struct StockMovement {
  std::int64_t id = 0;
  std::int64_t productId = 0;
  MovementKind kind = MovementKind::Intake;
  std::int64_t quantity = 0;       // signed: + into the booth, - out
  std::string reason;
  std::string staff;
  EpochMs at = 0;
  std::string reference;           // sale / refund uuid
  std::string uuid;                // intake, adjustment, return: the movement's own id (it syncs alone)
};

/// One product's level as `stock levels` lists it.
struct StockRow {
  std::string sku;
  std::string vendorCode;
  std::string name;
  std::int64_t onHand = 0;
};

class Stock {
 public:
  explicit Stock(detail::Db& db) : m_db(db) {}
  std::int64_t onHand(std::int64_t eventId, std::int64_t productId) const;
  /// Every product of the event with its level, keyed by product id.
  std::map<std::int64_t, StockLevel> levels(std::int64_t eventId) const;
  std::vector<StockLevel> lowStock(std::int64_t eventId) const;
  /// Every product of the event's vendors with its level, by vendor code then SKU.
  std::vector<StockRow> rows(std::int64_t eventId) const;
  /// Goods a vendor brings (quantity > 0); audited.
  Result<void> intake(std::int64_t eventId, std::int64_t productId, std::int64_t quantity, std::string_view staff,
                      std::string_view note = {});
  /// A correction (damaged, lost, found) with a reason; audited; never below zero unless oversell is allowed.
  Result<void> adjust(std::int64_t eventId, std::int64_t productId, std::int64_t delta, std::string_view reason,
                      const Staff& staff);
  /// Goods handed back to the vendor (quantity > 0, at most what is on hand).
  Result<void> returnToVendor(std::int64_t eventId, std::int64_t productId, std::int64_t quantity, const Staff& staff);
  /// Everything of the vendor on hand goes back, in one transaction with the audit log: a return
  /// movement per product with stock. Returns the slip as it stood before (its `remaining` is what
  /// went back). NotFound for a vendor not in the event; Invalid when nothing is on hand.
  Result<std::vector<ReturnSlipLine>> returnAll(std::int64_t eventId, std::string_view vendorCode, const Staff& staff);
  Result<void> setLowStock(std::int64_t eventId, std::int64_t productId, std::int64_t threshold);
  std::vector<StockMovement> movements(std::int64_t eventId, std::int64_t productId, std::size_t limit = 100) const;
  std::vector<ReturnSlipLine> returnSlip(std::int64_t eventId, std::string_view vendorCode) const;
  /// Checks that every cached level equals the sum of its ledger (Storage error naming the product).
  Result<void> verifyLedger(std::int64_t eventId) const;

 private:
  detail::Db& m_db;
};

struct SaleDraft {
  Cart cart;                        // with the supervisor's approval when it needs one (approve)
  std::vector<Tender> tenders;
  Staff cashier;
};

struct RefundRequestLine {
  int lineNo = 0;
  std::int64_t quantity = 0;
  bool restock = true;
};

struct RefundDraft {
  std::string saleUuid;
  std::vector<RefundRequestLine> lines;  // ignored for a void (everything goes back)
  bool isVoid = false;
  std::string reason;
  PaymentMethod method = PaymentMethod::Cash;
  Staff staff;
  std::optional<Approval> approval;      // required: approve(draft, supervisor) once the draft is final
};

/// The snapshot an approval of this refund binds to: the sale, void or not, the lines with their
/// quantities and restock, how the money goes back, who asks and why.
std::string approvalScope(const RefundDraft& draft);
/// Binds `supervisor`'s approval (Refund, or Void for a void) to the draft as it is now.
void approve(RefundDraft& draft, const Staff& supervisor);

enum class SyncState { Pending, Synced, Quarantined };
std::string_view toString(SyncState s);

struct SaleSummary {
  std::string uuid;
  std::string receiptNo;
  EpochMs createdAt = 0;
  std::string cashier;
  std::int64_t items = 0;
  Rupiah total;
  Rupiah refunded;
  bool voided = false;
  std::string methods;             // "cash+qris"
  SyncState sync = SyncState::Pending;
};

class Sales {
 public:
  explicit Sales(detail::Db& db) : m_db(db) {}
  /// What a supervisor must approve before this cart is sold: approvalsNeeded() with the kiosk's
  /// discount limit, and Oversell when a line asks for more than is on hand and overselling is off.
  Result<ApprovalKinds> approvalsNeeded(const Cart& cart) const;
  /// Checks a draft the way commit() will (cart, tenders, stock, approval), without writing.
  Result<void> validate(const SaleDraft& draft) const;
  /// Commits a sale in ONE transaction: sale, lines (snapshots), payments, stock movements, device
  /// sequence number, receipt number, UUID, rollups and outbox row. Opens a shift with the default
  /// float when none is open. Nothing is written on failure (DiskFull/Storage on I/O errors).
  /// A cart that needs a supervisor (approvalsNeeded) must carry an approval whose scope is the
  /// cart exactly and whose kinds cover the need, else NeedsSupervisor (OutOfStock for an
  /// unapproved oversell).
  Result<SaleRecord> commit(const SaleDraft& draft);
  Result<SaleRecord> byUuid(std::string_view uuid) const;
  /// The sales with these ids, read together (for sync batches); ids with no sale are left out.
  Result<std::map<std::string, SaleRecord>> byUuids(const std::vector<std::string>& uuids) const;
  Result<SaleRecord> byReceipt(std::string_view receiptNo) const;
  /// Sales of an event, newest first, created in [from, to).
  std::vector<SaleSummary> list(std::int64_t eventId, EpochMs from, EpochMs to, std::size_t limit) const;
  std::int64_t count(std::int64_t eventId) const;

  /// Refund (part or whole) or void, in one transaction with stock and audit. Needs the approval of
  /// a supervisor bound to this very draft (approve), else NeedsSupervisor.
  Result<RefundRecord> refund(const RefundDraft& draft);
  std::vector<RefundRecord> refundsOf(std::string_view saleUuid) const;
  Result<RefundRecord> refundByUuid(std::string_view uuid) const;
  /// Units already refunded per sale line number.
  std::map<int, std::int64_t> refundedQuantities(std::string_view saleUuid) const;

 private:
  detail::Db& m_db;
};

struct ShiftState {
  std::int64_t id = 0;
  std::string uuid;
  std::int64_t eventId = 0;
  EpochMs openedAt = 0;
  std::string openedBy;
  Rupiah openingFloat, cashIn, cashOut, cashSales, cashRefunds, expectedCash;
  std::map<std::string, std::int64_t> totalsByMethod;
  std::int64_t salesCount = 0;
};

struct CashMovement {
  bool in = true;
  Rupiah amount;
  std::string reason;
  std::string staff;
  EpochMs at = 0;
};

/// Indonesian notes and coins, largest first.
inline constexpr std::int64_t kDenominations[] = {100'000, 50'000, 20'000, 10'000, 5'000, 2'000, 1'000, 500, 200, 100};

class Shifts {
 public:
  explicit Shifts(detail::Db& db) : m_db(db) {}
  /// The open shift of this device for the current event, with running totals.
  std::optional<ShiftState> current() const;
  Result<ShiftState> open(Rupiah openingFloat, const Staff& staff);
  Result<void> moveCash(bool in, Rupiah amount, std::string_view reason, const Staff& staff);
  std::vector<CashMovement> cashMovements(std::int64_t shiftId) const;
  /// Closes the open shift with a blind count (denomination -> pieces); audited; queued for upload.
  Result<ShiftRecord> close(const std::map<std::int64_t, std::int64_t>& counts, const Staff& staff);
  std::vector<ShiftRecord> closed(std::int64_t eventId) const;

 private:
  detail::Db& m_db;
};

struct LockoutStatus {
  bool locked = false;
  std::int64_t secondsLeft = 0;
  int failures = 0;   // wrong PINs not yet forgotten (kPinFailureMemoryMs)
  int lockouts = 0;   // lockouts in a row so far; the next one lasts lockoutMs(lockouts + 1)
};

/// The PIN pad (login and supervisor approvals alike) locks after kMaxPinFailures wrong PINs: for
/// kLockoutMs the first time, twice as long each time after, up to kMaxLockoutMs. Time is counted
/// on the machine's uptime, kept in the database with the wall clock: setting the wall clock
/// back or forward changes nothing, and a restart (or reboot) resumes a lockout where it stood.
/// A right PIN does not wipe earlier wrong ones (on a shared pad it may be someone else's); wrong
/// PINs are forgotten kPinFailureMemoryMs after the last one, the escalation a day after.
inline constexpr int kMaxPinFailures = 5;
inline constexpr std::int64_t kLockoutMs = 5 * 60 * 1000;
inline constexpr std::int64_t kMaxLockoutMs = 60 * 60 * 1000;
inline constexpr std::int64_t kPinFailureMemoryMs = 15 * 60 * 1000;
inline constexpr std::int64_t kLockoutMemoryMs = 24 * 60 * 60 * 1000;
/// How long the `n`th lockout in a row lasts (n from 1): 5, 10, 20, 40, 60, 60... minutes.
std::int64_t lockoutMs(int n);

/// PIN lengths: supervisors and organizers approve money going out, so theirs are longer.
inline constexpr std::size_t kMinPinDigits = 4;            // cashiers
inline constexpr std::size_t kMinSupervisorPinDigits = 6;  // supervisors and organizers
inline constexpr std::size_t kMaxPinDigits = 8;
/// The fewest digits a new PIN for this role may have.
std::size_t minPinDigits(Role role);

enum class PinRule {
  ByRole,  // minPinDigits(role)
  Demo,    // 4 digits for any role: only the demo data, whose supervisor PIN 4321 DESIGN.md fixes
};

class Staffs {
 public:
  explicit Staffs(detail::Db& db) : m_db(db) {}
  /// Adds staff; the PIN is minPinDigits(role) to kMaxPinDigits digits, unique on this kiosk, and
  /// stored as an Argon2id hash. Invalid (saying the lengths) or Conflict.
  Result<Staff> add(std::string_view name, Role role, std::string_view pin, PinRule rule = PinRule::ByRole);
  /// Gives staff a new PIN under the same rules as add (NotFound, Invalid, Conflict).
  Result<void> setPin(std::int64_t id, std::string_view pin);
  std::vector<Staff> list() const;
  Result<Staff> byId(std::int64_t id) const;
  /// The staff whose PIN this is (Staff::shortPin set when it is shorter than their role now
  /// requires). Unauthorized with args[0] = tries left, or LockedOut with args[0] = seconds left.
  Result<Staff> login(std::string_view pin);
  /// Like login, but only a supervisor or organizer passes (Unauthorized otherwise).
  Result<Staff> verifySupervisor(std::string_view pin);
  LockoutStatus lockout() const;
  Result<void> setActive(std::int64_t id, bool active);

 private:
  detail::Db& m_db;
};

/// What checking the audit log's hash chain found.
struct AuditCheck {
  std::int64_t entries = 0;   // entries read
  std::int64_t firstBad = 0;  // the first entry that breaks the chain (altered, missing, cut off or
                              // added past the head); 0 when the chain is intact
  std::string problem;        // English one-liner naming it; empty when intact
  bool intact() const { return firstBad == 0; }
};

class AuditLog {
 public:
  explicit AuditLog(detail::Db& db) : m_db(db) {}
  /// The newest entries first, at most `limit`.
  std::vector<AuditEntry> entries(std::size_t limit = 200) const;
  /// The entries after entry `afterId`, oldest first, at most `limit`: what an upload sends next.
  Result<std::vector<AuditEntry>> after(std::int64_t afterId, std::size_t limit) const;
  /// Recomputes the whole chain and its head (so cutting entries off the end shows too). A broken
  /// chain is a value (AuditCheck::firstBad); Storage only when the log cannot be read.
  Result<AuditCheck> check() const;
  /// The highest entry id the server confirmed (every entry up to it was answered): uploads
  /// send the entries after it. 0 before any upload.
  std::int64_t uploadedThrough() const;
  /// Entries not yet confirmed by the server (counted in OutboxStats::pending).
  std::int64_t pendingUpload() const;
  /// Moves the pointer forward to `id` (never back); Storage when it cannot be saved.
  Result<void> markUploaded(std::int64_t id);
  /// Moves the pointer back to `id` when the server holds less (P24: a restored server); returns
  /// how many entries will travel again.
  Result<std::int64_t> resendAfter(std::int64_t id);

 private:
  detail::Db& m_db;
};

class Reports {
 public:
  explicit Reports(detail::Db& db) : m_db(db) {}
  Result<Report> report(std::string_view eventCode) const;
  Result<Settlement> settlement(std::string_view eventCode) const;

 private:
  detail::Db& m_db;
};

enum class OutboxKind { Sale, Refund, ShiftClose, StockMovement };
std::string_view toString(OutboxKind k);

struct OutboxItem {
  std::int64_t id = 0;
  OutboxKind kind = OutboxKind::Sale;
  std::string uuid;
  int attempts = 0;
};

struct QuarantinedItem {
  std::int64_t id = 0;
  OutboxKind kind = OutboxKind::Sale;
  std::string uuid;
  std::string receiptNo;
  std::string reason;
  EpochMs at = 0;
};

struct OutboxStats {
  std::int64_t pending = 0;        // records and audit entries the server has not confirmed
  std::int64_t quarantined = 0;
  std::int64_t synced = 0;
  EpochMs lastSuccessAt = 0;       // 0: never
  std::string lastError;
};

/// What the server says it holds from this device (P24): sales by sequence number, the others
/// by count. The sequence numbers held are 1..highestSeq except the `missing` ranges.
struct ServerHolding {
  std::int64_t highestSeq = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> missing;  // inclusive [first, last], ascending
  std::int64_t refunds = 0;
  std::int64_t shiftCloses = 0;
  /// Stock movements the server holds from the device and the highest of their sequence
  /// numbers; -1 when the server does not say (it predates them: nothing is re-queued).
  std::int64_t movements = -1;
  std::int64_t highestMovementSeq = 0;
};

struct RequeuedCounts {
  std::int64_t sales = 0, refunds = 0, shiftCloses = 0, movements = 0;
  std::int64_t audit = 0;  // audit entries to send again (AuditLog::resendAfter)
  std::int64_t total() const { return sales + refunds + shiftCloses + movements + audit; }
};

class Outbox {
 public:
  explicit Outbox(detail::Db& db) : m_db(db) {}
  /// Pending items in commit order after `afterId`.
  std::vector<OutboxItem> pending(std::size_t limit, std::int64_t afterId = 0) const;
  /// Marks items synced (the server named them stored or duplicate) and records the success time.
  Result<void> markSynced(const std::vector<std::int64_t>& ids);
  /// Sets an item aside for a person to look at; it is never deleted.
  Result<void> quarantine(std::int64_t id, std::string_view reason);
  Result<void> requeue(std::int64_t id);
  Result<void> recordFailure(std::string_view error);
  std::vector<QuarantinedItem> quarantined() const;
  /// Where a record stands in the queue (NotFound when it was never queued).
  Result<SyncState> state(OutboxKind kind, std::string_view uuid) const;
  OutboxStats stats() const;
  Result<ShiftRecord> shiftRecord(std::string_view uuid) const;
  /// A queued stock movement as it travels (NotFound when there is no such movement).
  Result<StockMovementRecord> movementRecord(std::string_view uuid) const;
  /// Puts back to pending the synced records of device `deviceId` (shift closes: of event
  /// `eventCode`) that the server no longer holds, as after a restore from a backup (P24): each
  /// sale whose sequence number it lacks; every refund, or every shift close, when it holds fewer
  /// than were synced (a resent record it has answers `duplicate`). One transaction.
  Result<RequeuedCounts> requeueLost(std::string_view deviceId, std::string_view eventCode, const ServerHolding& held);

 private:
  detail::Db& m_db;
};

struct HeldCart {
  std::int64_t id = 0;
  std::string label;
  EpochMs at = 0;
  Cart cart;
};

class HeldCarts {
 public:
  explicit HeldCarts(detail::Db& db) : m_db(db) {}
  Result<std::int64_t> hold(const Cart& cart, std::string_view label);
  std::vector<HeldCart> list() const;
  /// Takes a held cart back out (it is removed from the held list).
  Result<Cart> recall(std::int64_t id);

 private:
  detail::Db& m_db;
};

class Store {
 public:
  /// Opens or creates the database, checks durability settings (WAL, synchronous=FULL; a file
  /// that cannot be set so is refused) and runs pending migrations in transactions.
  static Result<std::unique_ptr<Store>> open(const std::string& path, StoreOptions options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Settings& settings() { return m_settings; }
  Catalog& catalog() { return m_catalog; }
  Stock& stock() { return m_stock; }
  Sales& sales() { return m_sales; }
  Shifts& shifts() { return m_shifts; }
  Staffs& staff() { return m_staffs; }
  AuditLog& audit() { return m_audit; }
  Reports& reports() { return m_reports; }
  Outbox& outbox() { return m_outbox; }
  HeldCarts& held() { return m_held; }
  const Settings& settings() const { return m_settings; }
  const Catalog& catalog() const { return m_catalog; }
  const Stock& stock() const { return m_stock; }
  const Sales& sales() const { return m_sales; }
  const Shifts& shifts() const { return m_shifts; }
  const Staffs& staff() const { return m_staffs; }
  const AuditLog& audit() const { return m_audit; }
  const Reports& reports() const { return m_reports; }
  const Outbox& outbox() const { return m_outbox; }

  const std::string& path() const;
  int schemaVersion() const;
  EpochMs now() const;

 private:
  explicit Store(std::unique_ptr<detail::Db> db);
  std::unique_ptr<detail::Db> m_db;
  Settings m_settings;
  Catalog m_catalog;
  Stock m_stock;
  Sales m_sales;
  Shifts m_shifts;
  Staffs m_staffs;
  AuditLog m_audit;
  Reports m_reports;
  Outbox m_outbox;
  HeldCarts m_held;
};

}  // namespace pameran::core
