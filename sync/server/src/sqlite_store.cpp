// The embedded SQLite backend of the server store: SQL only. One writer connection (behind a
// mutex; the ingest queue's single writer thread does almost all writing) and a pool of reader
// connections: WAL lets readers run beside the writer. Statements come from the one SQL
// description (store_sql.hpp), prepared once per connection; rules live in the front.
//
// Sections: connections and sessions · checkpoints · the store · opening
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <pthread.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "ingest_run.hpp"
#include "pameran/sync/server_store.hpp"
#include "store_sql.hpp"

namespace pameran::sync {
namespace {

using core::Errc;
using core::fail;
using core::Result;

// ---- connections and sessions ----------------------------------------------------------------

core::Error storageError(const std::exception& e) {
  if (const auto* s = dynamic_cast<const SQLite::Exception*>(&e)) {
    const Errc code = (s->getErrorCode() & 0xff) == SQLITE_FULL ? Errc::DiskFull : Errc::Storage;
    return core::Error{code, std::string("database: ") + s->what(), {}};
  }
  return core::Error{Errc::Storage, std::string("database: ") + e.what(), {}};
}

void configure(SQLite::Database& db, int busyTimeoutMs, bool durable) {
  db.setBusyTimeout(busyTimeoutMs);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
}

// A connection and its prepared statements (made on first use, kept until it closes).
class Connection {
 public:
  Connection(const std::string& path, int flags) : m_db(path, flags) {}
  ~Connection() {
    for (sqlite3_stmt* st : m_statements) sqlite3_finalize(st);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  SQLite::Database& db() { return m_db; }
  sqlite3* handle() { return m_db.getHandle(); }

  sqlite3_stmt* statement(sql::Stmt stmt) {
    sqlite3_stmt*& st = m_statements[static_cast<std::size_t>(stmt)];
    if (!st) st = prepare(sql::statement(sql::Dialect::Sqlite, stmt), SQLITE_PREPARE_PERSISTENT);
    return st;
  }

  sqlite3_stmt* prepare(const std::string& text, unsigned flags) {
    sqlite3_stmt* st = nullptr;
    const int rc = sqlite3_prepare_v3(handle(), text.c_str(), static_cast<int>(text.size() + 1), flags, &st, nullptr);
    if (rc != SQLITE_OK) throw SQLite::Exception(handle(), rc);
    // $1, $2... must be numbered in the order they first appear, as PostgreSQL numbers them.
    for (int i = 1, n = sqlite3_bind_parameter_count(st); i <= n; ++i) {
      const char* name = sqlite3_bind_parameter_name(st, i);
      if (!name || name != "$" + std::to_string(i)) {
        sqlite3_finalize(st);
        throw std::logic_error("SQL parameters out of order in: " + text.substr(0, 80));
      }
    }
    return st;
  }

 private:
  SQLite::Database m_db;
  std::array<sqlite3_stmt*, sql::kStatementCount> m_statements{};
};

class SqliteRow final : public sql::Row {
 public:
  explicit SqliteRow(sqlite3_stmt* st) : m_st(st) {}
  bool isNull(int c) const override { return sqlite3_column_type(m_st, c) == SQLITE_NULL; }
  std::int64_t int64(int c) const override { return sqlite3_column_int64(m_st, c); }
  std::string text(int c) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_st, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_st, c))) : std::string();
  }
  bool flag(int c) const override { return sqlite3_column_int64(m_st, c) != 0; }

 private:
  sqlite3_stmt* m_st;
};

class SqliteSession final : public sql::Session {
 public:
  explicit SqliteSession(Connection& c) : m_c(c) {}

  std::int64_t exec(sql::Stmt stmt, sql::Params params) override {
    sqlite3_stmt* st = m_c.statement(stmt);
    step(st, params, nullptr);
    return sqlite3_changes64(m_c.handle());
  }

  std::size_t query(sql::Stmt stmt, sql::Params params, sql::RowFn each) override {
    return step(m_c.statement(stmt), params, &each);
  }

  std::size_t queryText(std::string_view neutral, sql::RowFn each) override {
    sqlite3_stmt* st = m_c.prepare(sql::render(sql::Dialect::Sqlite, neutral), 0);
    struct Finalize {
      sqlite3_stmt* st;
      ~Finalize() { sqlite3_finalize(st); }
    } finalize{st};
    return step(st, {}, &each);
  }

 private:
  // Binds, steps to the end (handing rows to `each`) and resets, also when something throws.
  std::size_t step(sqlite3_stmt* st, sql::Params params, sql::RowFn* each) {
    struct Reset {
      sqlite3_stmt* st;
      ~Reset() { sqlite3_reset(st); }
    } reset{st};
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(st))
      throw std::logic_error(fmt::format("{} parameters for a statement of {}", params.size(), sqlite3_bind_parameter_count(st)));
    int i = 0;
    for (const sql::Value& v : params) {
      ++i;
      int rc = SQLITE_OK;
      switch (v.kind()) {
        case sql::Value::Kind::Null: rc = sqlite3_bind_null(st, i); break;
        case sql::Value::Kind::Int:
        case sql::Value::Kind::Flag: rc = sqlite3_bind_int64(st, i, v.integer()); break;
        case sql::Value::Kind::Text:
          rc = sqlite3_bind_text64(st, i, v.text().data(), v.text().size(), SQLITE_STATIC, SQLITE_UTF8);
          break;
      }
      if (rc != SQLITE_OK) throw SQLite::Exception(m_c.handle(), rc);
    }
    std::size_t rows = 0;
    for (;;) {
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw SQLite::Exception(m_c.handle(), rc);
      ++rows;
      if (each) (*each)(SqliteRow(st));
    }
    return rows;
  }

  Connection& m_c;
};

// BEGIN ... COMMIT, rolled back unless committed.
class Tx {
 public:
  Tx(SQLite::Database& db, const char* begin) : m_db(db) { m_db.exec(begin); }
  ~Tx() {
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
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

 private:
  SQLite::Database& m_db;
  bool m_done = false;
};

// A commit group on the writer: a SAVEPOINT per request.
class SqliteGroupTx final : public GroupTx {
 public:
  explicit SqliteGroupTx(Connection& c) : m_c(c), m_session(c) {}
  sql::Session& session() override { return m_session; }
  void inSavepoint(const std::function<void()>& body) override {
    m_c.db().exec("SAVEPOINT request");
    try {
      body();
    } catch (...) {
      m_c.db().exec("ROLLBACK TO request");
      m_c.db().exec("RELEASE request");
      throw;
    }
    m_c.db().exec("RELEASE request");
  }
  bool endsGroup(const std::exception&) override { return false; }  // one writer: nothing undoes the group but us
  core::Error errorOf(const std::exception& e) override { return storageError(e); }

 private:
  Connection& m_c;
  SqliteSession m_session;
};

// ---- checkpoints -----------------------------------------------------------------------------

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

// ---- the store -------------------------------------------------------------------------------

class SqliteStore final : public ServerStore {
 public:
  SqliteStore(std::string path, SqliteStoreOptions options)
      : ServerStore(options.limits),
        m_path(std::move(path)),
        m_options(options),
        m_writer(m_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX) {}

  ~SqliteStore() override {
    if (m_checkpointer) sqlite3_wal_hook(m_writer.handle(), nullptr, nullptr);
  }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Result<void> init() {
    try {
      SQLite::Database& db = m_writer.db();
      // 16 KiB pages for a new database (an existing one keeps its own): a commit of a group
      // writes a quarter as many WAL frames, each one two system calls.
      db.exec("PRAGMA page_size = 16384");
      const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
      if (mode != "wal") return fail(Errc::Storage, "the database cannot use WAL journaling (got " + mode + ")");
      configure(db, m_options.busyTimeoutMs, m_options.durable);
      // The writer touches random pages of the id index with every sale: keep them in memory.
      db.exec("PRAGMA cache_size = -65536");
      if (m_options.durable && db.execAndGet("PRAGMA synchronous").getInt() != 2)
        return fail(Errc::Storage, "the database refuses synchronous=FULL");
      if (auto migrated = migrate(db); !migrated) return migrated;
      // Checkpoints (copying the WAL back) run beside the writer, once the WAL holds about 32 MiB,
      // rather than inside a commit; a page changed by many commits is copied back once.
      const int pageSize = db.execAndGet("PRAGMA page_size").getInt();
      const int threshold = std::max(256, (32 << 20) / std::max(512, pageSize));
      m_checkpointer = std::make_unique<Checkpointer>(m_path, m_options.busyTimeoutMs, m_options.durable, threshold,
                                                      4 * threshold);
      sqlite3_wal_hook(m_writer.handle(), &Checkpointer::onCommit, m_checkpointer.get());
      return {};
    } catch (const std::exception& e) {
      return fail(storageError(e));
    }
  }

 private:
  // Migrations by user_version, each in its own transaction.
  static Result<void> migrate(SQLite::Database& db) {
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > sql::kSchemaVersion)
      return fail(Errc::Storage, fmt::format("database schema {} is newer than this server ({})", version, sql::kSchemaVersion));
    for (; version < sql::kSchemaVersion; ++version) {
      Tx tx(db, "BEGIN IMMEDIATE");
      if (version == 1 && db.execAndGet("SELECT (SELECT count(*) FROM rollup_cells WHERE typeof(sales_count) || typeof(items) || "
                                        "typeof(gross_idr) || typeof(discount_idr) || typeof(refund_idr) != "
                                        "'integerintegerintegerintegerinteger') + (SELECT count(*) FROM rollup_payments WHERE "
                                        "typeof(amount_idr) != 'integer') + (SELECT count(*) FROM rollup_direct WHERE "
                                        "typeof(paid_direct_idr) != 'integer')")
                                .getInt64() > 0)
        return fail(Errc::Storage,
                    "the rollups hold values that are no longer whole numbers (money summed past its limit by an older "
                    "server); restore a backup from before, or rebuild the database from the kiosks");
      db.exec(sql::render(sql::Dialect::Sqlite, sql::migrations()[static_cast<std::size_t>(version)]));
      db.exec(fmt::format("PRAGMA user_version = {}", version + 1));
      tx.commit();
    }
    return {};
  }

  Result<void> run(Access access, const Work& work) override {
    if (access == Access::Write) {
      std::lock_guard<std::mutex> lock(m_writeMutex);
      try {
        Tx tx(m_writer.db(), "BEGIN IMMEDIATE");
        SqliteSession s(m_writer);
        Result<void> r = work(s);
        if (r) tx.commit();
        return r;
      } catch (const std::exception& e) {
        return fail(storageError(e));
      }
    }
    std::unique_ptr<Connection> c;
    try {
      c = borrowReader();
      SqliteSession s(*c);
      Result<void> r = [&]() -> Result<void> {
        if (access == Access::Read) return work(s);
        Tx snapshot(c->db(), "BEGIN");  // one consistent read of several statements
        Result<void> out = work(s);
        snapshot.commit();
        return out;
      }();
      giveBack(std::move(c));
      return r;
    } catch (const std::exception& e) {
      return fail(storageError(e));  // the connection is dropped, not reused
    }
  }

  IngestResults doIngest(const std::vector<const IngestRequest*>& group) override {
    std::lock_guard<std::mutex> lock(m_writeMutex);
    try {
      Tx tx(m_writer.db(), "BEGIN IMMEDIATE");
      SqliteGroupTx groupTx(m_writer);
      IngestRun run(group, limits());
      run.storeAll(groupTx);
      tx.commit();
      return run.takeResults();
    } catch (const std::exception& e) {
      // The commit (or the rollups) failed: nothing of this group is stored; every request hears so.
      return IngestResults(group.size(), Result<std::vector<RecordResult>>(fail(storageError(e))));
    }
  }

  std::unique_ptr<Connection> borrowReader() {
    {
      std::lock_guard<std::mutex> lock(m_poolMutex);
      if (!m_pool.empty()) {
        auto c = std::move(m_pool.back());
        m_pool.pop_back();
        return c;
      }
    }
    auto c = std::make_unique<Connection>(m_path, SQLite::OPEN_READWRITE);
    configure(c->db(), m_options.busyTimeoutMs, m_options.durable);
    c->db().exec("PRAGMA query_only = ON");
    return c;
  }

  void giveBack(std::unique_ptr<Connection> c) {
    std::lock_guard<std::mutex> lock(m_poolMutex);
    if (m_pool.size() < 32) m_pool.push_back(std::move(c));
  }

  std::string m_path;
  SqliteStoreOptions m_options;
  std::mutex m_writeMutex;
  Connection m_writer;
  std::unique_ptr<Checkpointer> m_checkpointer;  // after m_writer: stops before it closes
  std::mutex m_poolMutex;
  std::vector<std::unique_ptr<Connection>> m_pool;
};

}  // namespace

// ---- opening ---------------------------------------------------------------------------------

Result<std::unique_ptr<ServerStore>> openSqliteStore(const std::string& path, SqliteStoreOptions options) {
  if (auto ok = checkLimits(options.limits); !ok) return ok.failure();
  try {
    auto store = std::make_unique<SqliteStore>(path, options);
    if (auto r = store->init(); !r) return r.failure();
    return std::unique_ptr<ServerStore>(std::move(store));
  } catch (const std::exception& e) {
    return fail(Errc::Storage, "cannot open database " + path + ": " + e.what());
  }
}

}  // namespace pameran::sync
