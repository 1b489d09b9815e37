#include "pameran/core/store.hpp"

#include <sqlite3.h>

#include "db.hpp"
#include "internal.hpp"
#include "pameran/core/ids.hpp"
#include "schema.hpp"

namespace pameran::core {
namespace detail {

Db::Db(const std::string& p, StoreOptions opts)
    : conn(p, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE), options(std::move(opts)), path(p) {
  conn.setBusyTimeout(options.busyTimeoutMs);
}

Query Db::stmt(const char* sql) {
  auto it = cache.find(std::string_view(sql));
  if (it == cache.end()) it = cache.emplace(sql, std::make_unique<SQLite::Statement>(conn, sql)).first;
  SQLite::Statement& s = *it->second;
  s.tryReset();  // a step that failed is reported once, by that step, never again here
  s.clearBindings();
  return Query(s);
}

Error storageError(const std::exception& e, std::string_view what) {
  if (const auto* se = dynamic_cast<const SQLite::Exception*>(&e)) {
    const int code = se->getErrorCode();
    if (code == SQLITE_FULL)
      return Error{Errc::DiskFull, "the disk is full; nothing was saved (" + std::string(what) + ")", {}};
    if (code == SQLITE_IOERR || code == SQLITE_CORRUPT || code == SQLITE_CANTOPEN || code == SQLITE_READONLY)
      return Error{Errc::Storage, "storage error, nothing was saved: " + std::string(se->what()), {}};
    if (code == SQLITE_CONSTRAINT)
      return Error{Errc::Invalid, "refused by a database rule, nothing was saved: " + std::string(se->what()), {}};
  }
  return Error{Errc::Storage, std::string(what) + " failed, nothing was saved: " + e.what(), {}};
}

std::string columnText(SQLite::Statement& s, int index) {
  const SQLite::Column c = s.getColumn(index);
  return c.isNull() ? std::string() : c.getString();
}

void Db::bumpCatalogVersion() {
  stmt("INSERT INTO setting (key, value) VALUES ('catalog.version', '1') "
       "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
      .exec();
}

std::int64_t Db::currentEventId() {
  auto s = stmt("SELECT e.id FROM event e JOIN setting st ON st.key = 'event.current' AND st.value = e.code");
  return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

EventClock Db::clockOf(std::int64_t eventId) {
  auto s = stmt("SELECT tz_offset_min, cutoff_hour FROM event WHERE id = ?");
  s.bind(1, eventId);
  if (!s.executeStep()) return {};
  return EventClock{s.getColumn(0).getInt(), s.getColumn(1).getInt()};
}

}  // namespace detail

namespace {

Result<void> checkDurability(SQLite::Database& db) {
  // P2: WAL with synchronous=FULL and foreign keys on, read back after setting: a database that
  // cannot be put so (in memory, a file system without shared memory) is refused, not used.
  const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
  if (mode != "wal")
    return fail(Errc::Storage, "the database cannot use write-ahead logging (journal_mode is '" + mode +
                                   "'); use a file on a local disk");
  db.exec("PRAGMA synchronous = FULL");
  if (db.execAndGet("PRAGMA synchronous").getInt() != 2)
    return fail(Errc::Storage, "the database refused synchronous=FULL");
  db.exec("PRAGMA foreign_keys = ON");
  if (db.execAndGet("PRAGMA foreign_keys").getInt() != 1)
    return fail(Errc::Storage, "the database refused foreign keys");
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path, StoreOptions options) {
  if (path.empty()) return fail(Errc::Invalid, "no database path given");
  std::unique_ptr<detail::Db> db;
  try {
    const int target = options.migrateTo;
    db = std::make_unique<detail::Db>(path, std::move(options));
    if (auto ok = checkDurability(db->conn); !ok) return ok.failure();
    if (target < 1 || target > detail::latestSchemaVersion()) return fail(Errc::Invalid, "unknown schema version");
    if (auto ok = detail::migrate(db->conn, target); !ok) return ok.failure();
    // A fresh database gets its device identity once; it never changes after.
    db->conn.exec("INSERT OR IGNORE INTO setting (key, value) VALUES ('device.id', '" + newUuid() + "')");
    db->conn.exec("INSERT OR IGNORE INTO setting (key, value) VALUES ('device.code', 'K01')");
    // The first open after a reboot starts the steady clock (PIN lockouts) counting again. Best
    // effort: a full disk must not keep the kiosk from opening; the clock then stands still (a
    // running lockout lasts longer, never shorter) until a write succeeds.
    if (target >= 4 && detail::steadyClockNeedsAnchor(*db))
      (void)db->write([&]() -> Result<void> {
        detail::anchorSteadyClock(*db);
        return {};
      });
  } catch (const std::exception& e) {
    return fail(Errc::Storage, "cannot open database " + path + ": " + e.what());
  }
  return std::unique_ptr<Store>(new Store(std::move(db)));
}

Store::Store(std::unique_ptr<detail::Db> db)
    : m_db(std::move(db)),
      m_settings(*m_db),
      m_catalog(*m_db),
      m_stock(*m_db),
      m_sales(*m_db),
      m_shifts(*m_db),
      m_staffs(*m_db),
      m_audit(*m_db),
      m_reports(*m_db),
      m_outbox(*m_db),
      m_held(*m_db) {}

Store::~Store() {
  // A lockout running when the kiosk stops resumes from here after a reboot, not from the last
  // wrong PIN. Best effort: without it a reboot only makes the lockout longer.
  try {
    if (schemaVersion() >= 4 && detail::pinLockout(*m_db).locked)
      (void)m_db->write([&]() -> Result<void> {
        detail::anchorSteadyClock(*m_db);
        return {};
      });
  } catch (const std::exception&) {
  }
}

const std::string& Store::path() const { return m_db->path; }

int Store::schemaVersion() const { return m_db->conn.execAndGet("PRAGMA user_version").getInt(); }

EpochMs Store::now() const { return m_db->now(); }

}  // namespace pameran::core
