#pragma once
// The one SQL description of the server store: the schema (as migrations), every statement, and
// the readers of their rows, written once and rendered for SQLite or PostgreSQL. The neutral
// text uses $1, $2... parameters (each first used in that order; SQLite reads `$1` as a named
// parameter with the same index) and a few {tokens} for what the dialects spell differently:
//   {pk} {int} {bool} {true} {false}  column types and flag literals
//   {lock}  {lock_update}             row locks (PostgreSQL; SQLite has one writer)
//   {bytes}                           byte order for ORDER BY (PostgreSQL's C collation)
//   {greatest}                        max of two values
//   {sqlite:...} {pg:...}             text for one dialect only (tokens may stand inside)
// A backend only runs these statements (sql::Session) and keeps its own transactions.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "pameran/core/domain.hpp"
#include "pameran/core/report.hpp"
#include "pameran/sync/protocol.hpp"
#include "pameran/sync/server_store.hpp"

namespace pameran::sync::sql {

enum class Dialect { Sqlite, Postgres };

/// Renders neutral SQL text for a dialect.
std::string render(Dialect dialect, std::string_view neutral);

/// The schema, as migrations: script N takes a database from schema version N to N + 1.
std::span<const std::string_view> migrations();
inline constexpr int kSchemaVersion = 6;

/// Every statement the store runs.
enum class Stmt : std::uint8_t {
  // events and catalog
  EventByCode, EventById, Events, CreateEvent, SetEventOpen, EventId, LockEvent, UpsertVendor, ClearProducts,
  InsertProduct, RememberProduct, BumpCatalog, SetCommissionAll, SetCommissionOne, CatalogVersion, CatalogEvent,
  CatalogVendors, CatalogProducts, EventVendorCodes, KnownProducts, VendorExists,
  // devices and tokens
  DeviceCount, DeviceCodeTaken, InsertDevice, EnrollmentByCode, RedeemDevice, RevokeDevice, InsertToken, RevokeToken,
  DeviceByToken, OrganizerByToken, DeviceProfile,
  // uploads
  LockDevice, EventState, LockEventState, InsertSale, SaleHash, SaleForRefund, RefundHash, RefundsOfSale, InsertRefund,
  ShiftHash, InsertShift, RangesNear, DeleteRange, WriteRange, DeviceCounters, UpsertCell, UpsertPayment, UpsertDirect,
  UpsertDeviceSum, UpsertCashierSum, UpsertProductSum, EventTotals,
  // figures
  EventSalesCount, RollupCells, RollupPayments, RollupDirect, VendorNames, RollupDevices, RollupCashiers, RollupProducts,
  DevicesOfEvent, RangesOfEvent, Ping,
  // the organizer dashboard: change counters, targets, sessions
  BumpChange, SetTarget, EventCounter, EventCounters, EventOverview, DropExpiredSessions, InsertSession, SessionOrganizer,
  DeleteSession,
  // in-store barcodes from the kiosks (store_barcodes.cpp)
  ProductBarcode, BarcodeOwner, SetProductBarcode, EventBarcodes,
  // the audit log (schema 5)
  AuditEntry, InsertAudit, AuditChain, AuditEntriesAfter, SetAuditChain, AuditOfDevice, DeviceByCode,
  // stock movements and the consignment ledger (issue 11)
  InsertMovement, MovementHash, MovementCounters, UpsertStock, StockLedger,
  Count
};
inline constexpr std::size_t kStatementCount = static_cast<std::size_t>(Stmt::Count);

/// The statement in the dialect (rendered once, kept for the life of the process).
const std::string& statement(Dialect dialect, Stmt stmt);
/// A short name for prepared statements and error messages.
std::string_view nameOf(Stmt stmt);

/// A statement parameter: null, an integer, a flag or text (not copied: it must outlive the call).
class Value {
 public:
  enum class Kind { Null, Int, Flag, Text };
  Value() = default;
  Value(std::nullopt_t) {}
  Value(std::int64_t v) : m_kind(Kind::Int), m_int(v) {}
  Value(int v) : m_kind(Kind::Int), m_int(v) {}
  Value(bool v) : m_kind(Kind::Flag), m_int(v ? 1 : 0) {}
  Value(std::string_view v) : m_kind(Kind::Text), m_text(v) {}
  Value(const std::string& v) : m_kind(Kind::Text), m_text(v) {}
  Value(const char* v) : m_kind(Kind::Text), m_text(v) {}
  Kind kind() const { return m_kind; }
  std::int64_t integer() const { return m_int; }
  std::string_view text() const { return m_text; }

 private:
  Kind m_kind = Kind::Null;
  std::int64_t m_int = 0;
  std::string_view m_text;
};
using Params = std::initializer_list<Value>;

/// One row of a result, whatever the database.
class Row {
 public:
  virtual ~Row() = default;
  virtual bool isNull(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual bool flag(int column) const = 0;
  int int32(int column) const { return static_cast<int>(int64(column)); }
  std::int64_t int64OrZero(int column) const { return isNull(column) ? 0 : int64(column); }
};

/// A callable taking each row, borrowed for one call (no allocation).
class RowFn {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, RowFn>>>
  RowFn(F&& f)  // NOLINT: implicit on purpose, so a lambda can be passed as is
      : m_object(const_cast<void*>(static_cast<const void*>(&f))),
        m_call([](void* o, const Row& r) { (*static_cast<std::remove_reference_t<F>*>(o))(r); }) {}
  void operator()(const Row& r) const { m_call(m_object, r); }

 private:
  void* m_object;
  void (*m_call)(void*, const Row&);
};

/// Statements run on one connection, inside whatever transaction the backend opened. Database
/// errors are thrown (the backend turns them into Result errors at its boundary).
class Session {
 public:
  virtual ~Session() = default;
  /// Runs a statement; the number of rows it changed.
  virtual std::int64_t exec(Stmt stmt, Params params) = 0;
  /// Runs a query, calling `each` for every row; the number of rows.
  virtual std::size_t query(Stmt stmt, Params params, RowFn each) = 0;
  /// Runs neutral SQL text that is not a prepared statement (rare: counts by table name).
  virtual std::size_t queryText(std::string_view neutral, RowFn each) = 0;

  /// The first column of the first row as an integer, if there is a row.
  std::optional<std::int64_t> int64(Stmt stmt, Params params);
  /// The first column of the first row as text, if there is a row.
  std::optional<std::string> text(Stmt stmt, Params params);
};

// ---- row readers (each statement's columns read in one place) --------------------------------

core::Event readEvent(const Row& r);                  // EventByCode, EventById, Events, CatalogEvent, EventOverview
CatalogVendor readCatalogVendor(const Row& r);        // CatalogVendors
core::CatalogProductRow readCatalogProduct(const Row& r);  // CatalogProducts
core::RollupCell readCell(const Row& r);              // RollupCells
DeviceStatus readDevice(const Row& r);                // DevicesOfEvent
EnrollResponse readEnrollment(const Row& r);          // EnrollmentByCode (without the event)
core::AuditEntry readAudit(const Row& r);             // AuditEntry, AuditEntriesAfter, AuditOfDevice

}  // namespace pameran::sync::sql
