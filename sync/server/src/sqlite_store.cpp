// The embedded SQLite backend of the server store. One writer connection (behind a mutex; the
// ingest queue's single writer thread does almost all writing) and a pool of reader connections:
// WAL lets readers run beside the writer. Totals come from rollups fed in the same transaction
// that stores each record, with the same deltas the kiosk applies (core::deltaForSale).
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <pthread.h>
#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "pameran/core/ids.hpp"
#include "pameran/sync/server_store.hpp"
#include "store_shared.hpp"

namespace pameran::sync {
namespace {

using core::Errc;
using core::fail;
using core::Result;
using detail::checkEvent;
using detail::EventInfo;
using detail::kEventColumns;
using detail::noEvent;
using detail::sameOrConflict;

constexpr int kSchemaVersion = 2;

// Migrations by user_version, each in its own transaction.
const char* const kMigrations[] = {
    R"SQL(
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  venue TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL DEFAULT '',
  end_date TEXT NOT NULL DEFAULT '',
  tz_offset_minutes INTEGER NOT NULL DEFAULT 420 CHECK (tz_offset_minutes BETWEEN -720 AND 840),
  cutoff_hour INTEGER NOT NULL DEFAULT 0 CHECK (cutoff_hour BETWEEN 0 AND 23),
  open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
  organizer_qris TEXT NOT NULL DEFAULT '',
  qris_via_organizer INTEGER NOT NULL DEFAULT 0,
  catalog_version INTEGER NOT NULL DEFAULT 1,
  sales_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  closed_at INTEGER
);
CREATE TABLE vendors(
  event_id INTEGER NOT NULL REFERENCES events(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  sector TEXT NOT NULL CHECK (sector IN ('fesyen', 'kriya', 'kuliner')),
  owner TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  qris TEXT NOT NULL DEFAULT '',
  commission_bp INTEGER NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),
  PRIMARY KEY (event_id, code)
);
CREATE TABLE products(
  event_id INTEGER NOT NULL,
  sku TEXT NOT NULL,
  barcode TEXT NOT NULL DEFAULT '',
  vendor_code TEXT NOT NULL,
  name TEXT NOT NULL,
  price_idr INTEGER NOT NULL CHECK (price_idr >= 0),
  stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  low_stock INTEGER NOT NULL DEFAULT 0 CHECK (low_stock >= 0),
  PRIMARY KEY (event_id, sku),
  FOREIGN KEY (event_id, vendor_code) REFERENCES vendors(event_id, code)
);
CREATE TABLE devices(
  id TEXT PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  booth TEXT NOT NULL DEFAULT '',
  vendor_code TEXT NOT NULL DEFAULT '',
  enroll_code_hash TEXT NOT NULL UNIQUE,
  enroll_expires_at INTEGER NOT NULL,
  enrolled_at INTEGER,
  kiosk_name TEXT NOT NULL DEFAULT '',
  token_hash TEXT UNIQUE,
  revoked_at INTEGER,
  created_at INTEGER NOT NULL,
  last_upload_at INTEGER,
  max_seq INTEGER NOT NULL DEFAULT 0,
  sales_count INTEGER NOT NULL DEFAULT 0,
  refunds_count INTEGER NOT NULL DEFAULT 0,
  shifts_count INTEGER NOT NULL DEFAULT 0,
  late_count INTEGER NOT NULL DEFAULT 0,
  seq_collisions INTEGER NOT NULL DEFAULT 0,
  UNIQUE (event_id, code)
);
CREATE TABLE device_seq_ranges(
  device_id TEXT NOT NULL REFERENCES devices(id),
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL CHECK (last_seq >= first_seq),
  PRIMARY KEY (device_id, first_seq)
) WITHOUT ROWID;
CREATE TABLE tokens(
  id INTEGER PRIMARY KEY,
  role TEXT NOT NULL CHECK (role = 'organizer'),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE sales(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  event_id INTEGER NOT NULL REFERENCES events(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  receipt_no TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  total_idr INTEGER NOT NULL CHECK (total_idr >= 0),
  late INTEGER NOT NULL DEFAULT 0,
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE refunds(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  sale_uuid TEXT NOT NULL REFERENCES sales(uuid),
  event_id INTEGER NOT NULL REFERENCES events(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  is_void INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  total_idr INTEGER NOT NULL CHECK (total_idr >= 0),
  late INTEGER NOT NULL DEFAULT 0,
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX refunds_by_sale ON refunds(sale_uuid);
CREATE TABLE shift_closes(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  event_id INTEGER NOT NULL REFERENCES events(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  received_at INTEGER NOT NULL,
  late INTEGER NOT NULL DEFAULT 0,
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE rollup_cells(
  event_id INTEGER NOT NULL REFERENCES events(id),
  vendor_code TEXT NOT NULL,
  sector TEXT NOT NULL,
  date TEXT NOT NULL,
  hour INTEGER NOT NULL,
  sales_count INTEGER NOT NULL,
  items INTEGER NOT NULL,
  gross_idr INTEGER NOT NULL,
  discount_idr INTEGER NOT NULL,
  refund_idr INTEGER NOT NULL,
  PRIMARY KEY (event_id, vendor_code, sector, date, hour)
) WITHOUT ROWID;
CREATE TABLE rollup_payments(
  event_id INTEGER NOT NULL REFERENCES events(id),
  method TEXT NOT NULL,
  amount_idr INTEGER NOT NULL,
  PRIMARY KEY (event_id, method)
) WITHOUT ROWID;
CREATE TABLE rollup_direct(
  event_id INTEGER NOT NULL REFERENCES events(id),
  vendor_code TEXT NOT NULL,
  paid_direct_idr INTEGER NOT NULL,
  PRIMARY KEY (event_id, vendor_code)
) WITHOUT ROWID;
)SQL",
    // 2: the organizer dashboard (issue 10). Each event's change counter is bumped by triggers in
    // the same transaction as whatever changes its figures or its devices: every upload updates
    // its device's row, and catalog imports, commissions and close/reopen bump catalog_version.
    R"SQL(
CREATE TABLE event_counters(
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  change_seq INTEGER NOT NULL DEFAULT 0,
  target_idr INTEGER NOT NULL DEFAULT 0 CHECK (target_idr >= 0)
);
INSERT INTO event_counters(event_id) SELECT id FROM events;
CREATE TRIGGER event_counters_new_event AFTER INSERT ON events
BEGIN INSERT INTO event_counters(event_id) VALUES (NEW.id); END;
CREATE TRIGGER event_counters_event AFTER UPDATE OF open, catalog_version ON events
BEGIN UPDATE event_counters SET change_seq = change_seq + 1 WHERE event_id = NEW.id; END;
CREATE TRIGGER event_counters_new_device AFTER INSERT ON devices
BEGIN UPDATE event_counters SET change_seq = change_seq + 1 WHERE event_id = NEW.event_id; END;
CREATE TRIGGER event_counters_device AFTER UPDATE ON devices
BEGIN UPDATE event_counters SET change_seq = change_seq + 1 WHERE event_id = NEW.event_id; END;
CREATE TABLE dashboard_sessions(
  session_hash TEXT PRIMARY KEY,
  token_id INTEGER NOT NULL REFERENCES tokens(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions(expires_at);
)SQL",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

Errc errcOf(const SQLite::Exception& e) {
  return (e.getErrorCode() & 0xff) == SQLITE_FULL ? Errc::DiskFull : Errc::Storage;
}

core::Error storageError(const std::exception& e) {
  if (const auto* s = dynamic_cast<const SQLite::Exception*>(&e))
    return core::Error{errcOf(*s), std::string("database: ") + s->what(), {}};
  return core::Error{Errc::Storage, std::string("database: ") + e.what(), {}};
}

// Runs `f` and turns any database exception into a Storage (or DiskFull) error.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return fail(storageError(e));
  }
}

void configure(SQLite::Database& db, int busyTimeoutMs, bool durable) {
  db.setBusyTimeout(busyTimeoutMs);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
}

// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed.
class WriteTx {
 public:
  explicit WriteTx(SQLite::Database& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }
  ~WriteTx() {
    if (!m_done) {
      try {
        m_db.exec("ROLLBACK");
      } catch (...) {  // nothing more can be done in a destructor; the connection rolls back on close
      }
    }
  }
  void commit() {
    m_db.exec("COMMIT");
    m_done = true;
  }
  WriteTx(const WriteTx&) = delete;
  WriteTx& operator=(const WriteTx&) = delete;

 private:
  SQLite::Database& m_db;
  bool m_done = false;
};

core::Event readEventRow(SQLite::Statement& st) {
  core::Event e;
  e.id = st.getColumn(0).getInt64();
  e.code = st.getColumn(1).getString();
  e.name = st.getColumn(2).getString();
  e.venue = st.getColumn(3).getString();
  e.startDate = st.getColumn(4).getString();
  e.endDate = st.getColumn(5).getString();
  e.tzOffsetMinutes = st.getColumn(6).getInt();
  e.cutoffHour = st.getColumn(7).getInt();
  e.open = st.getColumn(8).getInt() != 0;
  e.organizerQris = st.getColumn(9).getString();
  e.qrisViaOrganizer = st.getColumn(10).getInt() != 0;
  return e;
}

// What a group of records adds to the rollups and device counters, summed before it is written.
struct Aggregate : detail::RollupSums {
  struct Device {
    std::int64_t sales = 0, refunds = 0, shifts = 0, late = 0;
    std::vector<std::int64_t> seqs;
    core::EpochMs lastUpload = 0;
  };
  std::map<std::string, Device> devices;

  void merge(Aggregate&& o) {
    RollupSums::merge(o);
    for (auto& [k, d] : o.devices) {
      Device& t = devices[k];
      t.sales += d.sales;
      t.refunds += d.refunds;
      t.shifts += d.shifts;
      t.late += d.late;
      t.seqs.insert(t.seqs.end(), d.seqs.begin(), d.seqs.end());
      t.lastUpload = std::max(t.lastUpload, d.lastUpload);
    }
  }
};

// Copies the WAL back into the database file on its own thread and connection, so that the
// writer, which every upload waits on, does not. After each commit the writer's WAL hook reports
// the WAL's size; past `threshold` pages this thread runs a PASSIVE checkpoint, which never
// blocks the writer or readers and syncs like the writer (synchronous=FULL). A WAL can only
// restart from its beginning once it is wholly copied at the start of a write, which a
// checkpoint running beside a busy writer rarely sees: past `writerLimit` pages the writer
// checkpoints itself after its commit (only the few frames not yet copied are left by then),
// which keeps the WAL bounded.
class Checkpointer {
 public:
  Checkpointer(const std::string& path, int busyTimeoutMs, bool durable, int threshold, int writerLimit)
      : m_db(path, SQLite::OPEN_READWRITE), m_threshold(threshold), m_writerLimit(writerLimit) {
    configure(m_db, busyTimeoutMs, durable);
    m_thread = std::thread([this] { run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // sqlite3_wal_hook callback on the writer's connection, after each commit.
  static int onCommit(void* self, sqlite3* db, const char* schema, int pages) {
    auto* c = static_cast<Checkpointer*>(self);
    if (pages >= c->m_writerLimit) {
      (void)sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (pages >= c->m_threshold) {
      {
        std::lock_guard<std::mutex> lock(c->m_mutex);
        c->m_due = true;
      }
      c->m_wake.notify_one();
    }
    return SQLITE_OK;  // the commit happened whatever a checkpoint did
  }

 private:
  void run() {
    pthread_setname_np(pthread_self(), "pameran-ckpt");
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
      m_wake.wait(lock, [&] { return m_due || m_stop; });
      if (m_stop) return;
      m_due = false;
      lock.unlock();
      (void)sqlite3_wal_checkpoint_v2(m_db.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  }

  SQLite::Database m_db;
  const int m_threshold;
  const int m_writerLimit;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_due = false;
  bool m_stop = false;
  std::thread m_thread;
};

class SqliteStore final : public ServerStore {
 public:
  SqliteStore(std::string path, SqliteStoreOptions options)
      : m_path(std::move(path)),
        m_options(options),
        m_writer(m_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX) {}

  ~SqliteStore() override {
    if (m_checkpointer) sqlite3_wal_hook(m_writer.getHandle(), nullptr, nullptr);
  }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Result<void> init() {
    return guarded([&]() -> Result<void> {
      // 16 KiB pages for a new database (an existing one keeps its own): a commit of a group
      // writes a quarter as many WAL frames, each one two system calls.
      if (!std::getenv("EXP_PAGE4K")) m_writer.exec("PRAGMA page_size = 16384");  // EXPERIMENT
      const std::string mode = m_writer.execAndGet("PRAGMA journal_mode = WAL").getString();
      if (mode != "wal") return fail(Errc::Storage, "the database cannot use WAL journaling (got " + mode + ")");
      configure(m_writer, m_options.busyTimeoutMs, m_options.durable);
      // The writer touches random pages of the id index with every sale: keep them in memory.
      m_writer.exec("PRAGMA cache_size = -65536");
      if (m_options.durable && m_writer.execAndGet("PRAGMA synchronous").getInt() != 2)
        return fail(Errc::Storage, "the database refuses synchronous=FULL");
      int version = m_writer.execAndGet("PRAGMA user_version").getInt();
      if (version > kSchemaVersion)
        return fail(Errc::Storage, fmt::format("database schema {} is newer than this server ({})", version, kSchemaVersion));
      for (; version < kSchemaVersion; ++version) {
        WriteTx tx(m_writer);
        m_writer.exec(kMigrations[version]);
        m_writer.exec(fmt::format("PRAGMA user_version = {}", version + 1));
        tx.commit();
      }
      // Checkpoints (copying the WAL back) run beside the writer, once the WAL holds about 32 MiB,
      // rather than inside a commit; a page changed by many commits is copied back once.
      const int pageSize = m_writer.execAndGet("PRAGMA page_size").getInt();
      const int threshold = std::max(256, (32 << 20) / std::max(512, pageSize));
      if (std::getenv("EXP_NO_BG")) { m_writer.exec("PRAGMA wal_autocheckpoint = " + std::to_string(threshold)); return {}; }  // EXPERIMENT
      m_checkpointer = std::make_unique<Checkpointer>(m_path, m_options.busyTimeoutMs, m_options.durable, threshold,
                                                      4 * threshold);
      sqlite3_wal_hook(m_writer.getHandle(), &Checkpointer::onCommit, m_checkpointer.get());
      return {};
    });
  }

  // ---- events and catalog ----

  Result<core::Event> createEvent(const core::Event& e) override {
    if (auto ok = checkEvent(e); !ok) return ok.failure();
    auto lock = writeLock();
    return guarded([&]() -> Result<core::Event> {
      SQLite::Statement exists(m_writer, "SELECT 1 FROM events WHERE code = ?");
      exists.bind(1, e.code);
      if (exists.executeStep()) return fail(Errc::Conflict, "event " + e.code + " already exists");
      SQLite::Statement st(m_writer,
                           "INSERT INTO events(code, name, venue, start_date, end_date, tz_offset_minutes, cutoff_hour, "
                           "open, organizer_qris, qris_via_organizer, created_at) VALUES(?,?,?,?,?,?,?,1,?,?,?)");
      st.bind(1, e.code);
      st.bind(2, e.name);
      st.bind(3, e.venue);
      st.bind(4, e.startDate);
      st.bind(5, e.endDate);
      st.bind(6, e.tzOffsetMinutes);
      st.bind(7, e.cutoffHour);
      st.bind(8, e.organizerQris);
      st.bind(9, e.qrisViaOrganizer ? 1 : 0);
      st.bind(10, static_cast<std::int64_t>(core::systemClock()()));
      st.exec();
      core::Event out = e;
      out.id = m_writer.getLastInsertRowid();
      out.open = true;
      return out;
    });
  }

  Result<core::Event> event(std::string_view code) override {
    return read([&](SQLite::Database& db) -> Result<core::Event> {
      SQLite::Statement st(db, fmt::format("SELECT {} FROM events WHERE code = ?", kEventColumns));
      st.bind(1, std::string(code));
      if (!st.executeStep()) return noEvent(code);
      return readEventRow(st);
    });
  }

  Result<core::Event> eventById(std::int64_t id) override {
    return read([&](SQLite::Database& db) -> Result<core::Event> {
      SQLite::Statement st(db, fmt::format("SELECT {} FROM events WHERE id = ?", kEventColumns));
      st.bind(1, static_cast<std::int64_t>(id));
      if (!st.executeStep()) return fail(Errc::NotFound, "no such event");
      return readEventRow(st);
    });
  }

  std::vector<core::Event> events() override {
    auto r = read([&](SQLite::Database& db) -> Result<std::vector<core::Event>> {
      SQLite::Statement st(db, fmt::format("SELECT {} FROM events ORDER BY code", kEventColumns));
      std::vector<core::Event> out;
      while (st.executeStep()) out.push_back(readEventRow(st));
      return out;
    });
    return r ? std::move(*r) : std::vector<core::Event>{};
  }

  Result<void> setEventOpen(std::string_view code, bool open) override {
    auto lock = writeLock();
    return guarded([&]() -> Result<void> {
      SQLite::Statement st(m_writer,
                           "UPDATE events SET open = ?, closed_at = ?, catalog_version = catalog_version + 1 WHERE code = ?");
      st.bind(1, open ? 1 : 0);
      if (open) st.bind(2);
      else st.bind(2, static_cast<std::int64_t>(core::systemClock()()));
      st.bind(3, std::string(code));
      if (st.exec() == 0) return noEvent(code);
      return {};
    });
  }

  Result<CatalogImportSummary> importCatalog(std::string_view eventCode, const core::CatalogFiles& files) override {
    auto lock = writeLock();
    return guarded([&]() -> Result<CatalogImportSummary> {
      WriteTx tx(m_writer);
      auto ev = eventIdOn(m_writer, eventCode);
      if (!ev) return ev.failure();
      SQLite::Statement vendor(m_writer,
                               "INSERT INTO vendors(event_id, code, name, sector, owner, phone, qris) VALUES(?,?,?,?,?,?,?) "
                               "ON CONFLICT(event_id, code) DO UPDATE SET name = excluded.name, sector = excluded.sector, "
                               "owner = excluded.owner, phone = excluded.phone, qris = excluded.qris");
      for (const core::CatalogVendorRow& v : files.vendors) {
        vendor.bind(1, *ev);
        vendor.bind(2, v.code);
        vendor.bind(3, v.name);
        vendor.bind(4, std::string(core::toString(v.sector)));
        vendor.bind(5, v.owner);
        vendor.bind(6, v.phone);
        vendor.bind(7, v.qris);
        vendor.exec();
        vendor.reset();
      }
      SQLite::Statement clear(m_writer, "DELETE FROM products WHERE event_id = ?");
      clear.bind(1, *ev);
      clear.exec();
      SQLite::Statement product(m_writer,
                                "INSERT INTO products(event_id, sku, barcode, vendor_code, name, price_idr, stock, low_stock) "
                                "VALUES(?,?,?,?,?,?,?,?)");
      for (const core::CatalogProductRow& p : files.products) {
        product.bind(1, *ev);
        product.bind(2, p.sku);
        product.bind(3, p.barcode);
        product.bind(4, p.vendorCode);
        product.bind(5, p.name);
        product.bind(6, static_cast<std::int64_t>(p.priceIdr));
        product.bind(7, static_cast<std::int64_t>(p.stock));
        product.bind(8, static_cast<std::int64_t>(p.lowStock));
        product.exec();
        product.reset();
      }
      bumpCatalog(*ev);
      tx.commit();
      return CatalogImportSummary{static_cast<std::int64_t>(files.vendors.size()),
                                  static_cast<std::int64_t>(files.products.size())};
    });
  }

  Result<void> setCommission(std::string_view eventCode, std::string_view vendorCode, std::int32_t bp) override {
    if (bp < 0 || bp > core::kFullBp) return fail(Errc::Invalid, "commission must be 0-100 %");
    auto lock = writeLock();
    return guarded([&]() -> Result<void> {
      WriteTx tx(m_writer);
      auto ev = eventIdOn(m_writer, eventCode);
      if (!ev) return ev.failure();
      SQLite::Statement st(m_writer, vendorCode.empty()
                                         ? "UPDATE vendors SET commission_bp = ? WHERE event_id = ?"
                                         : "UPDATE vendors SET commission_bp = ? WHERE event_id = ? AND code = ?");
      st.bind(1, bp);
      st.bind(2, *ev);
      if (!vendorCode.empty()) st.bind(3, std::string(vendorCode));
      if (st.exec() == 0)
        return fail(Errc::NotFound, vendorCode.empty() ? "the event has no vendors"
                                                       : "no vendor " + std::string(vendorCode).substr(0, 40) + " in the event");
      bumpCatalog(*ev);
      tx.commit();
      return {};
    });
  }

  Result<std::int64_t> catalogVersion(std::int64_t eventId) override {
    return read([&](SQLite::Database& db) -> Result<std::int64_t> {
      SQLite::Statement st(db, "SELECT catalog_version FROM events WHERE id = ?");
      st.bind(1, eventId);
      if (!st.executeStep()) return fail(Errc::NotFound, "no such event");
      return st.getColumn(0).getInt64();
    });
  }

  Result<CatalogPayload> catalog(std::int64_t eventId) override {
    return read([&](SQLite::Database& db) -> Result<CatalogPayload> {
      SQLite::Transaction snapshot(db);  // one consistent read of event, vendors and products
      CatalogPayload c;
      {
        SQLite::Statement st(db, fmt::format("SELECT {}, catalog_version FROM events WHERE id = ?", kEventColumns));
        st.bind(1, eventId);
        if (!st.executeStep()) return fail(Errc::NotFound, "no such event");
        c.event = readEventRow(st);
        c.version = st.getColumn(11).getInt64();
      }
      SQLite::Statement v(db,
                          "SELECT code, name, sector, owner, phone, qris, commission_bp FROM vendors WHERE event_id = ? "
                          "ORDER BY code");
      v.bind(1, eventId);
      while (v.executeStep()) {
        CatalogVendor x;
        x.row.code = v.getColumn(0).getString();
        x.row.name = v.getColumn(1).getString();
        x.row.sector = core::parseSector(v.getColumn(2).getString()).value_or(core::Sector::Kriya);
        x.row.owner = v.getColumn(3).getString();
        x.row.phone = v.getColumn(4).getString();
        x.row.qris = v.getColumn(5).getString();
        x.commissionBp = v.getColumn(6).getInt();
        c.vendors.push_back(std::move(x));
      }
      SQLite::Statement p(db,
                          "SELECT sku, barcode, vendor_code, name, price_idr, stock, low_stock FROM products "
                          "WHERE event_id = ? ORDER BY sku");
      p.bind(1, eventId);
      while (p.executeStep()) {
        core::CatalogProductRow row;
        row.sku = p.getColumn(0).getString();
        row.barcode = p.getColumn(1).getString();
        row.vendorCode = p.getColumn(2).getString();
        row.name = p.getColumn(3).getString();
        row.priceIdr = p.getColumn(4).getInt64();
        row.stock = p.getColumn(5).getInt64();
        row.lowStock = p.getColumn(6).getInt64();
        c.products.push_back(std::move(row));
      }
      return c;
    });
  }

  // ---- devices and tokens ----

  Result<CreatedDevice> createEnrollment(const EnrollmentTicket& t, core::EpochMs now) override {
    if (t.name.empty() || t.name.size() > core::kMaxNameLength || !core::isCleanUtf8(t.name))
      return fail(Errc::Invalid, "device name must be 1-120 bytes of clean UTF-8");
    if (t.booth.size() > core::kMaxNameLength || !core::isCleanUtf8(t.booth)) return fail(Errc::Invalid, "bad booth");
    if (!t.vendorCode.empty() && !core::isValidCode(t.vendorCode)) return fail(Errc::Invalid, "bad vendor code");
    auto lock = writeLock();
    return guarded([&]() -> Result<CreatedDevice> {
      WriteTx tx(m_writer);
      auto ev = eventIdOn(m_writer, t.eventCode);
      if (!ev) return ev.failure();
      if (!t.vendorCode.empty()) {
        SQLite::Statement v(m_writer, "SELECT 1 FROM vendors WHERE event_id = ? AND code = ?");
        v.bind(1, *ev);
        v.bind(2, t.vendorCode);
        if (!v.executeStep()) return fail(Errc::NotFound, "no vendor " + t.vendorCode + " in event " + t.eventCode);
      }
      SQLite::Statement n(m_writer, "SELECT COUNT(*) FROM devices WHERE event_id = ?");
      n.bind(1, *ev);
      n.executeStep();
      std::int64_t next = n.getColumn(0).getInt64() + 1;
      CreatedDevice d;
      d.deviceId = core::newUuid();
      // Short codes read aloud from receipts (EVENT-K01-000123); skip any taken by hand-made rows.
      for (;; ++next) {
        d.deviceCode = fmt::format("K{:02}", next);
        SQLite::Statement taken(m_writer, "SELECT 1 FROM devices WHERE event_id = ? AND code = ?");
        taken.bind(1, *ev);
        taken.bind(2, d.deviceCode);
        if (!taken.executeStep()) break;
      }
      SQLite::Statement st(m_writer,
                           "INSERT INTO devices(id, event_id, code, name, booth, vendor_code, enroll_code_hash, "
                           "enroll_expires_at, created_at) VALUES(?,?,?,?,?,?,?,?,?)");
      st.bind(1, d.deviceId);
      st.bind(2, *ev);
      st.bind(3, d.deviceCode);
      st.bind(4, t.name);
      st.bind(5, t.booth);
      st.bind(6, t.vendorCode);
      st.bind(7, t.codeHash);
      st.bind(8, static_cast<std::int64_t>(t.expiresAt));
      st.bind(9, static_cast<std::int64_t>(now));
      st.exec();
      tx.commit();
      return d;
    });
  }

  Result<EnrollResponse> redeemEnrollment(std::string_view codeHash, std::string_view kioskName, std::string_view tokenHash,
                                          core::EpochMs now) override {
    auto lock = writeLock();
    return guarded([&]() -> Result<EnrollResponse> {
      WriteTx tx(m_writer);
      SQLite::Statement st(m_writer,
                           "SELECT d.id, d.code, d.name, d.booth, d.vendor_code, d.enroll_expires_at, d.enrolled_at, "
                           "d.revoked_at, d.event_id FROM devices d WHERE d.enroll_code_hash = ?");
      st.bind(1, std::string(codeHash));
      if (!st.executeStep()) return fail(Errc::Unauthorized, "unknown enrollment code");
      if (!st.getColumn(7).isNull()) return fail(Errc::Unauthorized, "this device was revoked");
      if (!st.getColumn(6).isNull()) return fail(Errc::Unauthorized, "enrollment code already used");
      if (st.getColumn(5).getInt64() <= now) return fail(Errc::Unauthorized, "enrollment code expired");
      EnrollResponse r;
      r.deviceId = st.getColumn(0).getString();
      r.deviceCode = st.getColumn(1).getString();
      r.deviceName = st.getColumn(2).getString();
      r.booth = st.getColumn(3).getString();
      r.boothVendorCode = st.getColumn(4).getString();
      const std::int64_t eventId = st.getColumn(8).getInt64();
      st.reset();
      SQLite::Statement up(m_writer,
                           "UPDATE devices SET enrolled_at = ?, token_hash = ?, kiosk_name = ? "
                           "WHERE id = ? AND enrolled_at IS NULL AND revoked_at IS NULL");
      up.bind(1, static_cast<std::int64_t>(now));
      up.bind(2, std::string(tokenHash));
      up.bind(3, std::string(kioskName));
      up.bind(4, r.deviceId);
      if (up.exec() != 1) return fail(Errc::Unauthorized, "enrollment code already used");
      SQLite::Statement ev(m_writer, fmt::format("SELECT {} FROM events WHERE id = ?", kEventColumns));
      ev.bind(1, eventId);
      if (!ev.executeStep()) return fail(Errc::NotFound, "the device's event is gone");
      r.event = readEventRow(ev);
      tx.commit();
      return r;
    });
  }

  Result<void> revokeDevice(std::string_view eventCode, std::string_view deviceCode, core::EpochMs now) override {
    auto lock = writeLock();
    return guarded([&]() -> Result<void> {
      WriteTx tx(m_writer);
      auto ev = eventIdOn(m_writer, eventCode);
      if (!ev) return ev.failure();
      SQLite::Statement st(m_writer,
                           "UPDATE devices SET revoked_at = ? WHERE event_id = ? AND code = ? AND revoked_at IS NULL");
      st.bind(1, static_cast<std::int64_t>(now));
      st.bind(2, *ev);
      st.bind(3, std::string(deviceCode));
      if (st.exec() == 0) return fail(Errc::NotFound, "no live device " + std::string(deviceCode).substr(0, 40));
      tx.commit();
      return {};
    });
  }

  Result<void> createToken(core::Role role, std::string_view name, std::string_view tokenHash, core::EpochMs now) override {
    if (role != core::Role::Organizer) return fail(Errc::Invalid, "only organizer tokens are made here; devices enroll");
    if (name.empty() || name.size() > core::kMaxNameLength || !core::isCleanUtf8(name))
      return fail(Errc::Invalid, "token name must be 1-120 bytes of clean UTF-8");
    auto lock = writeLock();
    return guarded([&]() -> Result<void> {
      SQLite::Statement st(m_writer, "INSERT INTO tokens(role, name, token_hash, created_at) VALUES('organizer', ?, ?, ?)");
      st.bind(1, std::string(name));
      st.bind(2, std::string(tokenHash));
      st.bind(3, static_cast<std::int64_t>(now));
      st.exec();
      return {};
    });
  }

  Result<std::int64_t> revokeToken(std::string_view name, core::EpochMs now) override {
    auto lock = writeLock();
    return guarded([&]() -> Result<std::int64_t> {
      SQLite::Statement st(m_writer, "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL");
      st.bind(1, static_cast<std::int64_t>(now));
      st.bind(2, std::string(name));
      const int n = st.exec();
      if (n == 0) return fail(Errc::NotFound, "no live token named " + std::string(name).substr(0, 40));
      return std::int64_t{n};
    });
  }

  Result<Principal> authenticate(std::string_view tokenHash) override {
    return read([&](SQLite::Database& db) -> Result<Principal> {
      SQLite::Statement d(db,
                          "SELECT d.id, d.code, d.event_id, e.code, e.tz_offset_minutes, e.cutoff_hour FROM devices d "
                          "JOIN events e ON e.id = d.event_id WHERE d.token_hash = ? AND d.revoked_at IS NULL");
      d.bind(1, std::string(tokenHash));
      if (d.executeStep()) {
        Principal p;
        p.kind = Principal::Kind::Device;
        p.id = d.getColumn(0).getString();
        p.name = d.getColumn(1).getString();
        p.eventId = d.getColumn(2).getInt64();
        p.eventCode = d.getColumn(3).getString();
        p.clock.tzOffsetMinutes = d.getColumn(4).getInt();
        p.clock.cutoffHour = d.getColumn(5).getInt();
        return p;
      }
      SQLite::Statement t(db, "SELECT id, name FROM tokens WHERE token_hash = ? AND revoked_at IS NULL");
      t.bind(1, std::string(tokenHash));
      if (t.executeStep()) {
        Principal p;
        p.kind = Principal::Kind::Organizer;
        p.id = std::to_string(t.getColumn(0).getInt64());
        p.name = t.getColumn(1).getString();
        return p;
      }
      return fail(Errc::Unauthorized, "unknown or revoked token");
    });
  }

  // ---- dashboard sessions, change counters, targets ----

  Result<void> createSession(std::string_view sessionHash, const Principal& organizer, core::EpochMs now,
                             core::EpochMs expiresAt) override {
    auto lock = writeLock();
    return guarded([&]() -> Result<void> {
      WriteTx tx(m_writer);
      SQLite::Statement gone(m_writer, "DELETE FROM dashboard_sessions WHERE expires_at <= ?");
      gone.bind(1, static_cast<std::int64_t>(now));
      gone.exec();
      SQLite::Statement st(m_writer,
                           "INSERT INTO dashboard_sessions(session_hash, token_id, created_at, expires_at) VALUES(?,?,?,?)");
      st.bind(1, std::string(sessionHash));
      st.bind(2, static_cast<std::int64_t>(std::stoll(organizer.id)));
      st.bind(3, static_cast<std::int64_t>(now));
      st.bind(4, static_cast<std::int64_t>(expiresAt));
      st.exec();
      tx.commit();
      return {};
    });
  }

  Result<Principal> authenticateSession(std::string_view sessionHash, core::EpochMs now) override {
    return read([&](SQLite::Database& db) -> Result<Principal> {
      SQLite::Statement st(db,
                           "SELECT t.id, t.name, s.expires_at FROM dashboard_sessions s JOIN tokens t ON t.id = s.token_id "
                           "WHERE s.session_hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL");
      st.bind(1, std::string(sessionHash));
      st.bind(2, static_cast<std::int64_t>(now));
      if (!st.executeStep()) return fail(Errc::Unauthorized, "no such session");
      Principal p;
      p.kind = Principal::Kind::Organizer;
      p.id = std::to_string(st.getColumn(0).getInt64());
      p.name = st.getColumn(1).getString();
      p.sessionExpiresAt = st.getColumn(2).getInt64();
      return p;
    });
  }

  Result<void> endSession(std::string_view sessionHash) override {
    auto lock = writeLock();
    return guarded([&]() -> Result<void> {
      SQLite::Statement st(m_writer, "DELETE FROM dashboard_sessions WHERE session_hash = ?");
      st.bind(1, std::string(sessionHash));
      st.exec();
      return {};
    });
  }

  Result<EventCounter> eventCounter(std::string_view eventCode) override {
    return read([&](SQLite::Database& db) -> Result<EventCounter> {
      SQLite::Statement st(db,
                           "SELECT e.id, e.code, c.change_seq FROM events e JOIN event_counters c ON c.event_id = e.id "
                           "WHERE e.code = ?");
      st.bind(1, std::string(eventCode));
      if (!st.executeStep()) return noEvent(eventCode);
      return EventCounter{st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getInt64()};
    });
  }

  Result<std::vector<EventCounter>> eventCounters() override {
    return read([&](SQLite::Database& db) -> Result<std::vector<EventCounter>> {
      SQLite::Statement st(db,
                           "SELECT e.id, e.code, c.change_seq FROM events e JOIN event_counters c ON c.event_id = e.id "
                           "ORDER BY e.id");
      std::vector<EventCounter> out;
      while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getInt64()});
      return out;
    });
  }

  Result<std::vector<EventOverview>> eventOverview() override {
    return read([&](SQLite::Database& db) -> Result<std::vector<EventOverview>> {
      SQLite::Statement st(
          db, fmt::format("SELECT {}, (SELECT target_idr FROM event_counters WHERE event_id = events.id), "
                          "(SELECT change_seq FROM event_counters WHERE event_id = events.id), sales_count, "
                          "(SELECT coalesce(sum(gross_idr - discount_idr - refund_idr), 0) FROM rollup_cells "
                          "WHERE event_id = events.id), "
                          "(SELECT count(*) FROM devices WHERE event_id = events.id AND revoked_at IS NULL) "
                          "FROM events ORDER BY code",
                          kEventColumns));
      std::vector<EventOverview> out;
      while (st.executeStep()) {
        EventOverview o;
        o.event = readEventRow(st);
        o.targetIdr = st.getColumn(11).getInt64();
        o.changeSeq = st.getColumn(12).getInt64();
        o.salesCount = st.getColumn(13).getInt64();
        o.net = core::Rupiah(st.getColumn(14).getInt64());
        o.devices = st.getColumn(15).getInt64();
        out.push_back(std::move(o));
      }
      return out;
    });
  }

  Result<void> setTarget(std::string_view eventCode, std::int64_t targetIdr) override {
    if (targetIdr < 0 || targetIdr > core::kMaxIdr) return fail(Errc::Invalid, "the target must be 0 to 10^15 rupiah");
    auto lock = writeLock();
    return guarded([&]() -> Result<void> {
      WriteTx tx(m_writer);
      auto ev = eventIdOn(m_writer, eventCode);
      if (!ev) return ev.failure();
      SQLite::Statement st(m_writer,
                           "UPDATE event_counters SET target_idr = ?, change_seq = change_seq + 1 WHERE event_id = ?");
      st.bind(1, static_cast<std::int64_t>(targetIdr));
      st.bind(2, *ev);
      st.exec();
      tx.commit();
      return {};
    });
  }

  // ---- uploads ----

  std::vector<Result<std::vector<RecordResult>>> ingest(const std::vector<const IngestRequest*>& requests) override {
    std::vector<Result<std::vector<RecordResult>>> out;
    out.reserve(requests.size());
    auto lock = writeLock();
    try {
      WriteTx tx(m_writer);
      Aggregate total;
      std::map<std::int64_t, EventInfo> events;
      for (const IngestRequest* req : requests) {
        Aggregate agg;
        m_writer.exec("SAVEPOINT request");
        try {
          std::vector<RecordResult> results = ingestRequest(*req, agg, events);
          m_writer.exec("RELEASE request");
          total.merge(std::move(agg));
          out.emplace_back(std::move(results));
        } catch (const std::exception& e) {
          m_stmts.reset();  // statements may be mid-step; finalize before rolling back
          m_writer.exec("ROLLBACK TO request");
          m_writer.exec("RELEASE request");
          out.emplace_back(fail(storageError(e)));
        }
      }
      applyAggregate(total);
      tx.commit();
    } catch (const std::exception& e) {
      // The commit (or the rollups) failed: nothing of this group is stored; every request hears so.
      m_stmts.reset();
      const core::Error err = storageError(e);
      out.assign(requests.size(), Result<std::vector<RecordResult>>(fail(err)));
    }
    return out;
  }

  // ---- figures ----

  Result<core::Report> report(std::string_view eventCode) override {
    return read([&](SQLite::Database& db) -> Result<core::Report> {
      SQLite::Transaction snapshot(db);
      SQLite::Statement ev(db, "SELECT id, sales_count FROM events WHERE code = ?");
      ev.bind(1, std::string(eventCode));
      if (!ev.executeStep()) return noEvent(eventCode);
      const std::int64_t id = ev.getColumn(0).getInt64();
      const std::int64_t salesCount = ev.getColumn(1).getInt64();
      const auto cells = readCells(db, id);
      std::vector<core::PaymentCell> payments;
      SQLite::Statement p(db, "SELECT method, amount_idr FROM rollup_payments WHERE event_id = ?");
      p.bind(1, id);
      while (p.executeStep())
        if (auto m = core::parsePaymentMethod(p.getColumn(0).getString()))
          payments.push_back({*m, core::Rupiah(p.getColumn(1).getInt64())});
      const auto vendors = readVendors(db, id);
      return core::buildReport(std::string(eventCode), salesCount, cells, payments, lookup(vendors));
    });
  }

  Result<core::Settlement> settlement(std::string_view eventCode) override {
    return read([&](SQLite::Database& db) -> Result<core::Settlement> {
      SQLite::Transaction snapshot(db);
      SQLite::Statement ev(db, "SELECT id FROM events WHERE code = ?");
      ev.bind(1, std::string(eventCode));
      if (!ev.executeStep()) return noEvent(eventCode);
      const std::int64_t id = ev.getColumn(0).getInt64();
      const auto cells = readCells(db, id);
      std::vector<core::DirectCell> direct;
      SQLite::Statement d(db, "SELECT vendor_code, paid_direct_idr FROM rollup_direct WHERE event_id = ?");
      d.bind(1, id);
      while (d.executeStep()) direct.push_back({d.getColumn(0).getString(), core::Rupiah(d.getColumn(1).getInt64())});
      const auto vendors = readVendors(db, id);
      return core::buildSettlement(std::string(eventCode), cells, direct, lookup(vendors));
    });
  }

  Result<std::vector<DeviceStatus>> devices(std::string_view eventCode) override {
    return read([&](SQLite::Database& db) -> Result<std::vector<DeviceStatus>> {
      SQLite::Transaction snapshot(db);
      SQLite::Statement ev(db, "SELECT id FROM events WHERE code = ?");
      ev.bind(1, std::string(eventCode));
      if (!ev.executeStep()) return noEvent(eventCode);
      const std::int64_t id = ev.getColumn(0).getInt64();
      SQLite::Statement st(db,
                           "SELECT id, code, name, booth, vendor_code, kiosk_name, enrolled_at, revoked_at, "
                           "last_upload_at, max_seq, sales_count, refunds_count, shifts_count, late_count, "
                           "seq_collisions FROM devices WHERE event_id = ? ORDER BY code");
      st.bind(1, id);
      std::vector<DeviceStatus> out;
      SQLite::Statement ranges(db,
                               "SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = ? ORDER BY first_seq");
      while (st.executeStep()) {
        DeviceStatus d;
        d.deviceId = st.getColumn(0).getString();
        d.code = st.getColumn(1).getString();
        d.name = st.getColumn(2).getString();
        d.booth = st.getColumn(3).getString();
        d.vendorCode = st.getColumn(4).getString();
        d.kioskName = st.getColumn(5).getString();
        d.enrolled = !st.getColumn(6).isNull();
        d.enrolledAt = st.getColumn(6).isNull() ? 0 : st.getColumn(6).getInt64();
        d.revoked = !st.getColumn(7).isNull();
        d.lastUploadAt = st.getColumn(8).isNull() ? 0 : st.getColumn(8).getInt64();
        d.maxSeq = st.getColumn(9).getInt64();
        d.salesCount = st.getColumn(10).getInt64();
        d.refundsCount = st.getColumn(11).getInt64();
        d.shiftsCount = st.getColumn(12).getInt64();
        d.lateCount = st.getColumn(13).getInt64();
        d.seqCollisions = st.getColumn(14).getInt64();
        ranges.bind(1, d.deviceId);
        std::int64_t next = 1;
        while (ranges.executeStep()) {
          const std::int64_t first = ranges.getColumn(0).getInt64();
          const std::int64_t last = ranges.getColumn(1).getInt64();
          if (first > next) {
            d.missing.push_back({next, first - 1});
            d.missingCount += first - next;
          }
          next = last + 1;
        }
        ranges.reset();
        out.push_back(std::move(d));
      }
      return out;
    });
  }

  Result<std::int64_t> countRows(std::string_view table) override {
    static const std::set<std::string, std::less<>> kTables = {"sales", "refunds", "shift_closes", "devices", "tokens",
                                                               "events", "vendors", "products"};
    if (!kTables.count(table)) return fail(Errc::Invalid, "unknown table");
    return read([&](SQLite::Database& db) -> Result<std::int64_t> {
      return db.execAndGet(fmt::format("SELECT COUNT(*) FROM {}", table)).getInt64();
    });
  }

  Result<void> ping() override {
    return read([&](SQLite::Database& db) -> Result<void> {
      (void)db.execAndGet("SELECT 1");
      return {};
    });
  }

 private:
  std::unique_lock<std::mutex> writeLock() { return std::unique_lock<std::mutex>(m_writeMutex); }

  // Borrows a reader connection from the pool for one call.
  template <class F>
  auto read(F&& f) -> decltype(f(std::declval<SQLite::Database&>())) {
    std::unique_ptr<SQLite::Database> db;
    try {
      {
        std::lock_guard<std::mutex> lock(m_poolMutex);
        if (!m_pool.empty()) {
          db = std::move(m_pool.back());
          m_pool.pop_back();
        }
      }
      if (!db) {
        db = std::make_unique<SQLite::Database>(m_path, SQLite::OPEN_READWRITE);
        configure(*db, m_options.busyTimeoutMs, m_options.durable);
        db->exec("PRAGMA query_only = ON");
      }
      auto result = f(*db);
      std::lock_guard<std::mutex> lock(m_poolMutex);
      if (m_pool.size() < 32) m_pool.push_back(std::move(db));
      return result;
    } catch (const std::exception& e) {
      return fail(storageError(e));
    }
  }

  Result<std::int64_t> eventIdOn(SQLite::Database& db, std::string_view code) {
    SQLite::Statement st(db, "SELECT id FROM events WHERE code = ?");
    st.bind(1, std::string(code));
    if (!st.executeStep()) return noEvent(code);
    return st.getColumn(0).getInt64();
  }

  void bumpCatalog(std::int64_t eventId) {
    SQLite::Statement st(m_writer, "UPDATE events SET catalog_version = catalog_version + 1 WHERE id = ?");
    st.bind(1, eventId);
    st.exec();
  }

  static std::vector<core::RollupCell> readCells(SQLite::Database& db, std::int64_t eventId) {
    std::vector<core::RollupCell> cells;
    SQLite::Statement st(db,
                         "SELECT vendor_code, sector, date, hour, sales_count, items, gross_idr, discount_idr, refund_idr "
                         "FROM rollup_cells WHERE event_id = ?");
    st.bind(1, eventId);
    while (st.executeStep()) {
      core::RollupCell c;
      c.vendorCode = st.getColumn(0).getString();
      c.sector = core::parseSector(st.getColumn(1).getString()).value_or(core::Sector::Kriya);
      c.date = st.getColumn(2).getString();
      c.hour = st.getColumn(3).getInt();
      c.salesCount = st.getColumn(4).getInt64();
      c.items = st.getColumn(5).getInt64();
      c.gross = core::Rupiah(st.getColumn(6).getInt64());
      c.discount = core::Rupiah(st.getColumn(7).getInt64());
      c.refund = core::Rupiah(st.getColumn(8).getInt64());
      cells.push_back(std::move(c));
    }
    return cells;
  }

  static std::unordered_map<std::string, core::VendorInfo> readVendors(SQLite::Database& db, std::int64_t eventId) {
    std::unordered_map<std::string, core::VendorInfo> out;
    SQLite::Statement st(db, "SELECT code, name, commission_bp FROM vendors WHERE event_id = ?");
    st.bind(1, eventId);
    while (st.executeStep())
      out[st.getColumn(0).getString()] = core::VendorInfo{st.getColumn(1).getString(), st.getColumn(2).getInt()};
    return out;
  }

  static core::VendorLookup lookup(const std::unordered_map<std::string, core::VendorInfo>& vendors) {
    return [&vendors](const std::string& code) {
      auto it = vendors.find(code);
      return it == vendors.end() ? core::VendorInfo{} : it->second;
    };
  }

  // ---- ingest internals (writer connection, writer mutex held) ----

  struct IngestStatements {
    explicit IngestStatements(SQLite::Database& db)
        : insertSale(db,
                     "INSERT INTO sales(uuid, event_id, device_id, seq, receipt_no, created_at, received_at, total_idr, "
                     "late, body_hash, body) VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(uuid) DO NOTHING"),
          saleHash(db, "SELECT body_hash FROM sales WHERE uuid = ?"),
          saleBody(db, "SELECT body, event_id FROM sales WHERE uuid = ?"),
          refundHash(db, "SELECT body_hash FROM refunds WHERE uuid = ?"),
          refundsOfSale(db, "SELECT body FROM refunds WHERE sale_uuid = ? ORDER BY id"),
          insertRefund(db,
                       "INSERT INTO refunds(uuid, sale_uuid, event_id, device_id, is_void, created_at, received_at, "
                       "total_idr, late, body_hash, body) VALUES(?,?,?,?,?,?,?,?,?,?,?)"),
          shiftHash(db, "SELECT body_hash FROM shift_closes WHERE uuid = ?"),
          insertShift(db,
                      "INSERT INTO shift_closes(uuid, event_id, device_id, received_at, late, body_hash, body) "
                      "VALUES(?,?,?,?,?,?,?)"),
          rangeBefore(db,
                      "SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = ? AND first_seq <= ? "
                      "ORDER BY first_seq DESC LIMIT 1"),
          rangeAt(db, "SELECT last_seq FROM device_seq_ranges WHERE device_id = ? AND first_seq = ?"),
          rangeInsert(db, "INSERT INTO device_seq_ranges(device_id, first_seq, last_seq) VALUES(?,?,?)"),
          rangeExtend(db, "UPDATE device_seq_ranges SET last_seq = ? WHERE device_id = ? AND first_seq = ?"),
          rangeDelete(db, "DELETE FROM device_seq_ranges WHERE device_id = ? AND first_seq = ?"),
          event(db, "SELECT tz_offset_minutes, cutoff_hour, open FROM events WHERE id = ?"),
          cell(db,
               "INSERT INTO rollup_cells(event_id, vendor_code, sector, date, hour, sales_count, items, gross_idr, "
               "discount_idr, refund_idr) VALUES(?,?,?,?,?,?,?,?,?,?) "
               "ON CONFLICT(event_id, vendor_code, sector, date, hour) DO UPDATE SET "
               "sales_count = sales_count + excluded.sales_count, items = items + excluded.items, "
               "gross_idr = gross_idr + excluded.gross_idr, discount_idr = discount_idr + excluded.discount_idr, "
               "refund_idr = refund_idr + excluded.refund_idr"),
          payment(db,
                  "INSERT INTO rollup_payments(event_id, method, amount_idr) VALUES(?,?,?) "
                  "ON CONFLICT(event_id, method) DO UPDATE SET amount_idr = amount_idr + excluded.amount_idr"),
          direct(db,
                 "INSERT INTO rollup_direct(event_id, vendor_code, paid_direct_idr) VALUES(?,?,?) "
                 "ON CONFLICT(event_id, vendor_code) DO UPDATE SET paid_direct_idr = paid_direct_idr + "
                 "excluded.paid_direct_idr"),
          eventSales(db, "UPDATE events SET sales_count = sales_count + ? WHERE id = ?"),
          device(db,
                 "UPDATE devices SET last_upload_at = max(coalesce(last_upload_at, 0), ?), sales_count = sales_count + ?, "
                 "refunds_count = refunds_count + ?, shifts_count = shifts_count + ?, late_count = late_count + ?, "
                 "seq_collisions = seq_collisions + ?, max_seq = max(max_seq, ?) WHERE id = ?") {}
    SQLite::Statement insertSale, saleHash, saleBody, refundHash, refundsOfSale, insertRefund, shiftHash, insertShift,
        rangeBefore, rangeAt, rangeInsert, rangeExtend, rangeDelete, event, cell, payment, direct, eventSales, device;
  };

  void prepareIngest() {
    if (!m_stmts) m_stmts = std::make_unique<IngestStatements>(m_writer);
  }

  const EventInfo& eventInfo(std::int64_t eventId, std::map<std::int64_t, EventInfo>& cache) {
    auto it = cache.find(eventId);
    if (it != cache.end()) return it->second;
    SQLite::Statement& st = m_stmts->event;
    st.bind(1, eventId);
    EventInfo info;
    if (st.executeStep()) {
      info.clock.tzOffsetMinutes = st.getColumn(0).getInt();
      info.clock.cutoffHour = st.getColumn(1).getInt();
      info.open = st.getColumn(2).getInt() != 0;
    }
    st.reset();
    return cache.emplace(eventId, info).first->second;
  }

  // The stored hash of a record, or empty when there is none.
  static std::string storedHash(SQLite::Statement& st, const std::string& uuid) {
    st.bind(1, uuid);
    std::string hash = st.executeStep() ? st.getColumn(0).getString() : std::string{};
    st.reset();
    return hash;
  }

  std::vector<RecordResult> ingestRequest(const IngestRequest& req, Aggregate& agg,
                                          std::map<std::int64_t, EventInfo>& events) {
    prepareIngest();
    IngestStatements& s = *m_stmts;
    const EventInfo& ev = eventInfo(req.eventId, events);
    const bool late = !ev.open;
    Aggregate::Device& dev = agg.devices[req.deviceId];
    dev.lastUpload = std::max(dev.lastUpload, req.receivedAt);
    std::vector<RecordResult> results;
    results.reserve(req.items.size());
    for (const IngestItem& item : req.items) {
      RecordResult r{item.id, item.type, RecordStatus::Stored, {}, false};
      if (item.type == RecordType::Sale) {
        const core::SaleRecord& sale = *item.sale;
        s.insertSale.bind(1, item.id);
        s.insertSale.bind(2, req.eventId);
        s.insertSale.bind(3, req.deviceId);
        s.insertSale.bind(4, static_cast<std::int64_t>(sale.seq));
        s.insertSale.bind(5, sale.receiptNo);
        s.insertSale.bind(6, static_cast<std::int64_t>(sale.createdAt));
        s.insertSale.bind(7, static_cast<std::int64_t>(req.receivedAt));
        s.insertSale.bind(8, static_cast<std::int64_t>(sale.total.idr()));
        s.insertSale.bind(9, late ? 1 : 0);
        s.insertSale.bindNoCopy(10, item.hash);
        s.insertSale.bindNoCopy(11, item.body);
        const int changed = s.insertSale.exec();
        s.insertSale.reset();
        if (changed == 0) {
          r = sameOrConflict(item, storedHash(s.saleHash, item.id));
        } else {
          r.late = late;
          agg.add(req.eventId, item.delta ? *item.delta : core::deltaForSale(sale, ev.clock));
          ++dev.sales;
          dev.late += late ? 1 : 0;
          dev.seqs.push_back(sale.seq);
        }
      } else if (item.type == RecordType::Refund) {
        r = ingestRefund(req, item, ev, late, agg, dev);
      } else {
        const std::string existing = storedHash(s.shiftHash, item.id);
        if (!existing.empty()) {
          r = sameOrConflict(item, existing);
        } else {
          s.insertShift.bind(1, item.id);
          s.insertShift.bind(2, req.eventId);
          s.insertShift.bind(3, req.deviceId);
          s.insertShift.bind(4, static_cast<std::int64_t>(req.receivedAt));
          s.insertShift.bind(5, late ? 1 : 0);
          s.insertShift.bindNoCopy(6, item.hash);
          s.insertShift.bindNoCopy(7, item.body);
          s.insertShift.exec();
          s.insertShift.reset();
          r.late = late;
          ++dev.shifts;
          dev.late += late ? 1 : 0;
        }
      }
      results.push_back(std::move(r));
    }
    // Sequence ranges are written per request so a rolled-back request leaves them untouched.
    std::int64_t collisions = 0;
    std::int64_t maxSeq = 0;
    mergeSeqs(req.deviceId, dev.seqs, collisions, maxSeq);
    dev.seqs.clear();
    SQLite::Statement& d = s.device;
    d.bind(1, static_cast<std::int64_t>(dev.lastUpload));
    d.bind(2, dev.sales);
    d.bind(3, dev.refunds);
    d.bind(4, dev.shifts);
    d.bind(5, dev.late);
    d.bind(6, collisions);
    d.bind(7, maxSeq);
    d.bind(8, req.deviceId);
    d.exec();
    d.reset();
    agg.devices.erase(req.deviceId);
    return results;
  }

  RecordResult ingestRefund(const IngestRequest& req, const IngestItem& item, const EventInfo& ev, bool late,
                            Aggregate& agg, Aggregate::Device& dev) {
    IngestStatements& s = *m_stmts;
    const core::RefundRecord& refund = *item.refund;
    RecordResult r{item.id, item.type, RecordStatus::Stored, {}, false};
    if (const std::string existing = storedHash(s.refundHash, item.id); !existing.empty()) return sameOrConflict(item, existing);
    s.saleBody.bind(1, refund.saleUuid);
    if (!s.saleBody.executeStep()) {
      s.saleBody.reset();
      r.status = RecordStatus::Retry;
      r.reason = "the refunded sale " + refund.saleUuid + " has not arrived yet; send the refund again after it";
      return r;
    }
    const std::string saleJson = s.saleBody.getColumn(0).getString();
    const std::int64_t saleEvent = s.saleBody.getColumn(1).getInt64();
    s.saleBody.reset();
    auto reject = [&](std::string why) {
      r.status = RecordStatus::Rejected;
      r.reason = std::move(why);
      return r;
    };
    if (saleEvent != req.eventId) return reject("the refunded sale belongs to another event");
    auto sale = decodeSale(saleJson);
    if (!sale) return reject("the stored sale could not be read: " + sale.error().message);
    // What earlier refunds of this sale already took back.
    std::map<int, std::int64_t> units;
    std::map<int, std::int64_t> amounts;
    bool voided = false;
    bool refunded = false;
    s.refundsOfSale.bind(1, refund.saleUuid);
    while (s.refundsOfSale.executeStep()) {
      auto prior = decodeRefund(s.refundsOfSale.getColumn(0).getString());
      if (!prior) continue;
      refunded = true;
      voided = voided || prior->isVoid;
      for (const core::RefundLine& l : prior->lines) {
        units[l.lineNo] += l.quantity;
        amounts[l.lineNo] += l.amount.idr();
      }
    }
    s.refundsOfSale.reset();
    if (voided) return reject("the sale was voided; nothing more can be refunded");
    if (refund.isVoid) {
      if (refunded) return reject("a sale with refunds cannot be voided");
      if (refund.total != sale->total) return reject("a void returns the whole sale total");
    } else {
      for (const core::RefundLine& l : refund.lines) {
        if (static_cast<std::size_t>(l.lineNo) > sale->lines.size())
          return reject(fmt::format("line {} is not a line of the sale", l.lineNo));
        const core::SaleLine& line = sale->lines[static_cast<std::size_t>(l.lineNo - 1)];
        units[l.lineNo] += l.quantity;
        amounts[l.lineNo] += l.amount.idr();
        if (units[l.lineNo] > line.quantity)
          return reject(fmt::format("line {}: more units refunded than were sold", l.lineNo));
        if (amounts[l.lineNo] > line.net.idr())
          return reject(fmt::format("line {}: more money refunded than the line took", l.lineNo));
      }
    }
    s.insertRefund.bind(1, item.id);
    s.insertRefund.bind(2, refund.saleUuid);
    s.insertRefund.bind(3, req.eventId);
    s.insertRefund.bind(4, req.deviceId);
    s.insertRefund.bind(5, refund.isVoid ? 1 : 0);
    s.insertRefund.bind(6, static_cast<std::int64_t>(refund.createdAt));
    s.insertRefund.bind(7, static_cast<std::int64_t>(req.receivedAt));
    s.insertRefund.bind(8, static_cast<std::int64_t>(refund.total.idr()));
    s.insertRefund.bind(9, late ? 1 : 0);
    s.insertRefund.bindNoCopy(10, item.hash);
    s.insertRefund.bindNoCopy(11, item.body);
    s.insertRefund.exec();
    s.insertRefund.reset();
    agg.add(req.eventId, core::deltaForRefund(refund, *sale, ev.clock));
    ++dev.refunds;
    dev.late += late ? 1 : 0;
    r.late = late;
    return r;
  }

  // Adds received sequence numbers to the device's ranges; a number already there is a collision
  // (another sale with the same number: a restored backup or a kiosk bug), counted for attention.
  void mergeSeqs(const std::string& deviceId, std::vector<std::int64_t>& seqs, std::int64_t& collisions,
                 std::int64_t& maxSeq) {
    if (seqs.empty()) return;
    std::sort(seqs.begin(), seqs.end());
    IngestStatements& s = *m_stmts;
    std::size_t i = 0;
    while (i < seqs.size()) {
      if (i > 0 && seqs[i] == seqs[i - 1]) {
        ++collisions;
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j + 1 < seqs.size() && seqs[j + 1] == seqs[j] + 1) ++j;
      const std::int64_t a = seqs[i];
      const std::int64_t b = seqs[j];
      maxSeq = std::max(maxSeq, b);
      // The range starting at or before b: it overlaps [a, b] exactly when it reaches a.
      s.rangeBefore.bind(1, deviceId);
      s.rangeBefore.bind(2, b);
      std::optional<SeqRange> before;
      if (s.rangeBefore.executeStep()) before = SeqRange{s.rangeBefore.getColumn(0).getInt64(), s.rangeBefore.getColumn(1).getInt64()};
      s.rangeBefore.reset();
      if (before && before->last >= a) {
        if (a == b) {
          ++collisions;
        } else {
          // Rare: part of the run is already there. Take it one number at a time.
          std::vector<std::int64_t> one;
          for (std::int64_t x = a; x <= b; ++x) {
            one.assign(1, x);
            mergeSeqs(deviceId, one, collisions, maxSeq);
          }
        }
        i = j + 1;
        continue;
      }
      std::optional<std::int64_t> rightLast;
      s.rangeAt.bind(1, deviceId);
      s.rangeAt.bind(2, b + 1);
      if (s.rangeAt.executeStep()) rightLast = s.rangeAt.getColumn(0).getInt64();
      s.rangeAt.reset();
      if (rightLast) {
        s.rangeDelete.bind(1, deviceId);
        s.rangeDelete.bind(2, b + 1);
        s.rangeDelete.exec();
        s.rangeDelete.reset();
        maxSeq = std::max(maxSeq, *rightLast);
      }
      const std::int64_t last = rightLast.value_or(b);
      if (before && before->last == a - 1) {
        s.rangeExtend.bind(1, last);
        s.rangeExtend.bind(2, deviceId);
        s.rangeExtend.bind(3, before->first);
        s.rangeExtend.exec();
        s.rangeExtend.reset();
      } else {
        s.rangeInsert.bind(1, deviceId);
        s.rangeInsert.bind(2, a);
        s.rangeInsert.bind(3, last);
        s.rangeInsert.exec();
        s.rangeInsert.reset();
      }
      i = j + 1;
    }
  }

  void applyAggregate(const Aggregate& agg) {
    prepareIngest();
    IngestStatements& s = *m_stmts;
    for (const auto& [key, c] : agg.cells) {
      SQLite::Statement& st = s.cell;
      st.bind(1, std::get<0>(key));
      st.bind(2, std::get<1>(key));
      st.bind(3, std::string(core::toString(std::get<2>(key))));
      st.bind(4, std::get<3>(key));
      st.bind(5, std::get<4>(key));
      st.bind(6, c.salesCount);
      st.bind(7, c.items);
      st.bind(8, static_cast<std::int64_t>(c.gross.idr()));
      st.bind(9, static_cast<std::int64_t>(c.discount.idr()));
      st.bind(10, static_cast<std::int64_t>(c.refund.idr()));
      st.exec();
      st.reset();
    }
    for (const auto& [key, amount] : agg.payments) {
      s.payment.bind(1, key.first);
      s.payment.bind(2, std::string(core::toString(key.second)));
      s.payment.bind(3, amount);
      s.payment.exec();
      s.payment.reset();
    }
    for (const auto& [key, amount] : agg.direct) {
      s.direct.bind(1, key.first);
      s.direct.bind(2, key.second);
      s.direct.bind(3, amount);
      s.direct.exec();
      s.direct.reset();
    }
    for (const auto& [eventId, n] : agg.eventSales) {
      if (n == 0) continue;
      s.eventSales.bind(1, n);
      s.eventSales.bind(2, eventId);
      s.eventSales.exec();
      s.eventSales.reset();
    }
  }

  std::string m_path;
  SqliteStoreOptions m_options;
  std::mutex m_writeMutex;
  SQLite::Database m_writer;
  std::unique_ptr<Checkpointer> m_checkpointer;  // after m_writer: stops before it closes
  std::unique_ptr<IngestStatements> m_stmts;
  std::mutex m_poolMutex;
  std::vector<std::unique_ptr<SQLite::Database>> m_pool;
};

}  // namespace

Result<std::unique_ptr<ServerStore>> openSqliteStore(const std::string& path, SqliteStoreOptions options) {
  try {
    auto store = std::make_unique<SqliteStore>(path, options);
    if (auto r = store->init(); !r) return r.failure();
    return std::unique_ptr<ServerStore>(std::move(store));
  } catch (const std::exception& e) {
    return fail(Errc::Storage, "cannot open database " + path + ": " + e.what());
  }
}

}  // namespace pameran::sync
