// The PostgreSQL backend of the server store (pg_store.hpp): SQL only. Several pameran-server
// processes share one database, so nothing may rely on being the only writer:
// - every record id is UNIQUE and stored with INSERT ... ON CONFLICT DO NOTHING; a record that
//   was already there is told apart as duplicate or conflict by its stored body hash;
// - an upload group locks the rows of its devices first (in id order), so one device's sequence
//   ranges and counters are changed by one transaction at a time, and then upserts the rollups in
//   key order, so two groups never wait on each other in a circle; a deadlock or serialization
//   failure that happens anyway rolls the group back and it is run again from the start, and so
//   is a group that finds another process took its event to the money ceiling (then with the
//   event rows locked);
// - rollups are written in the same transaction as the records they count, and the group commits
//   with synchronous_commit on before any result is returned ("stored" means durable);
// - migrations run in one transaction under an advisory lock, keyed by schema_version.
//
// Sections: connections and sessions · the store · opening
#include "pameran/sync/pg_store.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include <algorithm>
#include <bitset>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "ingest_run.hpp"
#include "store_sql.hpp"

namespace pameran::sync {
namespace {

using core::Errc;
using core::fail;
using core::Result;

// pg_advisory_xact_lock key that serializes migrations of every process on this database.
constexpr std::int64_t kMigrationLockKey = 0x50414d4552414e;  // "PAMERAN"
// A group (or admin transaction) rolled back by a deadlock or serialization failure runs again.
constexpr int kMaxAttempts = 8;
constexpr std::chrono::seconds kPoolWait{30};

// ---- connections and sessions ----------------------------------------------------------------

// libpq's messages run over several lines ("... Connection refused\n\tIs the server running...");
// the command line promises one.
std::string oneLine(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += ' ';
    gap = false;
    out += c;
  }
  return out;
}

core::Error storageError(const std::exception& e) {
  const Errc code = dynamic_cast<const pqxx::disk_full*>(&e) ? Errc::DiskFull : Errc::Storage;
  return core::Error{code, "database: " + oneLine(e.what()), {}};
}

void pause(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const int ceiling = std::min(200, 5 << attempt);
  std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(1, ceiling)(rng)));
}

std::string withConnectTimeout(const std::string& uri, int seconds) {
  if (seconds <= 0 || uri.find("connect_timeout") != std::string::npos) return uri;
  const bool isUri = uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0;
  if (!isUri) return uri + (uri.empty() ? "" : " ") + fmt::format("connect_timeout={}", seconds);
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + fmt::format("connect_timeout={}", seconds);
}

// A connection with the session settings every statement relies on, and its prepared statements.
struct Connection {
  explicit Connection(const std::string& uri) : c(uri) {
    pqxx::nontransaction n(c);
    n.exec0("SET client_encoding TO 'UTF8'");
    // "stored" must mean durable: a site default of synchronous_commit=off is overridden here;
    // stronger settings (remote_write, remote_apply) are kept.
    if (n.exec1("SHOW synchronous_commit")[0].as<std::string>() == "off") n.exec0("SET synchronous_commit TO on");
  }
  pqxx::connection c;
  std::bitset<sql::kStatementCount> prepared;
};

class PgRow final : public sql::Row {
 public:
  explicit PgRow(const pqxx::row& r) : m_r(r) {}
  bool isNull(int c) const override { return m_r[c].is_null(); }
  std::int64_t int64(int c) const override { return m_r[c].as<std::int64_t>(); }
  std::string text(int c) const override { return m_r[c].is_null() ? std::string() : m_r[c].as<std::string>(); }
  bool flag(int c) const override { return m_r[c].as<bool>(); }

 private:
  const pqxx::row& m_r;
};

class PgSession final : public sql::Session {
 public:
  PgSession(Connection& c, pqxx::transaction_base& tx) : m_c(c), m_tx(&tx) {}

  /// Statements go through `tx` from now on (a subtransaction while one is open).
  pqxx::transaction_base* use(pqxx::transaction_base& tx) { return std::exchange(m_tx, &tx); }

  std::int64_t exec(sql::Stmt stmt, sql::Params params) override {
    return static_cast<std::int64_t>(run(stmt, params).affected_rows());
  }

  std::size_t query(sql::Stmt stmt, sql::Params params, sql::RowFn each) override { return rows(run(stmt, params), each); }

  std::size_t queryText(std::string_view neutral, sql::RowFn each) override {
    return rows(m_tx->exec(sql::render(sql::Dialect::Postgres, neutral)), each);
  }

 private:
  pqxx::result run(sql::Stmt stmt, sql::Params params) {
    const std::string name(sql::nameOf(stmt));
    const auto index = static_cast<std::size_t>(stmt);
    if (!m_c.prepared.test(index)) {
      m_c.c.prepare(name, sql::statement(sql::Dialect::Postgres, stmt));
      m_c.prepared.set(index);
    }
    // libpq takes text: numbers and flags are spelled out, a null pointer is NULL.
    std::vector<std::string> texts;
    texts.reserve(params.size());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const sql::Value& v : params) {
      switch (v.kind()) {
        case sql::Value::Kind::Null: values.push_back(nullptr); continue;
        case sql::Value::Kind::Int: texts.push_back(std::to_string(v.integer())); break;
        case sql::Value::Kind::Flag: texts.emplace_back(v.integer() ? "true" : "false"); break;
        case sql::Value::Kind::Text: texts.emplace_back(v.text()); break;
      }
      values.push_back(texts.back().c_str());
    }
    return m_tx->exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
  }

  static std::size_t rows(const pqxx::result& r, sql::RowFn& each) {
    for (const pqxx::row& row : r) each(PgRow(row));
    return r.size();
  }

  Connection& m_c;
  pqxx::transaction_base* m_tx;
};

// A commit group on the writer connection: a subtransaction (savepoint) per request.
class PgGroupTx final : public GroupTx {
 public:
  PgGroupTx(Connection& c, pqxx::work& tx) : m_tx(tx), m_session(c, tx) {}
  sql::Session& session() override { return m_session; }
  void inSavepoint(const std::function<void()>& body) override {
    pqxx::subtransaction sub(m_tx, "request");
    struct Use {
      PgSession& s;
      pqxx::transaction_base* before;
      ~Use() { s.use(*before); }
    } use{m_session, m_session.use(sub)};
    body();
    sub.commit();
  }
  // A deadlock or serialization failure undid the group; so did a lost connection.
  bool endsGroup(const std::exception& e) override {
    return dynamic_cast<const pqxx::transaction_rollback*>(&e) || dynamic_cast<const pqxx::broken_connection*>(&e);
  }
  core::Error errorOf(const std::exception& e) override { return storageError(e); }

 private:
  pqxx::work& m_tx;
  PgSession m_session;
};

// A bounded set of connections shared by request threads; a broken one is dropped, not reused.
class ConnectionPool {
 public:
  ConnectionPool(std::string uri, std::size_t max) : m_uri(std::move(uri)), m_max(std::max<std::size_t>(1, max)) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c, bool fresh) : m_pool(pool), m_conn(std::move(c)), m_fresh(fresh) {}
    ~Lease() { m_pool.giveBack(std::move(m_conn)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *m_conn; }
    /// True when the connection was opened for this lease (not reused from the pool).
    bool isFresh() const { return m_fresh; }
    /// Closes the connection instead of returning it (it broke, or its state is unknown).
    void discard() { m_conn.reset(); }

   private:
    ConnectionPool& m_pool;
    std::unique_ptr<Connection> m_conn;
    bool m_fresh = false;
  };

  Lease acquire() {
    std::unique_lock<std::mutex> lock(m_mutex);
    if (!m_freed.wait_for(lock, kPoolWait, [&] { return !m_idle.empty() || m_open < m_max; }))
      throw std::runtime_error(fmt::format("all {} database connections stayed busy for {} s", m_max, kPoolWait.count()));
    if (!m_idle.empty()) {
      auto c = std::move(m_idle.back());
      m_idle.pop_back();
      return Lease(*this, std::move(c), false);
    }
    ++m_open;
    lock.unlock();
    try {
      return Lease(*this, std::make_unique<Connection>(m_uri), true);
    } catch (...) {
      giveBack(nullptr);
      throw;
    }
  }

 private:
  void giveBack(std::unique_ptr<Connection> c) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      if (c && c->c.is_open()) m_idle.push_back(std::move(c));
      else --m_open;
    }
    m_freed.notify_one();
  }

  const std::string m_uri;
  const std::size_t m_max;
  std::mutex m_mutex;
  std::condition_variable m_freed;
  std::vector<std::unique_ptr<Connection>> m_idle;
  std::size_t m_open = 0;
};

// ---- the store -------------------------------------------------------------------------------

class PgStore final : public ServerStore {
 public:
  PgStore(std::string uri, PgStoreOptions options)
      : ServerStore(options.limits), m_uri(std::move(uri)), m_options(options), m_pool(m_uri, options.maxConnections) {}

  Result<void> init() {
    return withConnection([&](Connection& c) -> Result<void> {
      {
        pqxx::nontransaction n(c.c);
        if (n.exec1("SHOW fsync")[0].as<std::string>() != "on")
          return fail(Errc::Storage, "the PostgreSQL server runs with fsync=off: a stored sale could be lost in a crash");
      }
      return migrate(c.c);
    });
  }

 private:
  using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

  Result<void> run(Access access, const Work& work) override {
    return withConnection([&](Connection& c) -> Result<void> {
      if (access == Access::Read) {
        // Every request authenticates here: plain autocommitted reads, no BEGIN/COMMIT round trips.
        pqxx::nontransaction tx(c.c);
        PgSession s(c, tx);
        return work(s);
      }
      if (access == Access::Snapshot) {
        Snapshot tx(c.c);
        PgSession s(c, tx);
        return work(s);
      }
      pqxx::work tx(c.c);
      PgSession s(c, tx);
      Result<void> r = work(s);
      if (r) tx.commit();
      return r;
    });
  }

  IngestResults doIngest(const std::vector<const IngestRequest*>& group) override {
    std::lock_guard<std::mutex> lock(m_writeMutex);
    bool reconnected = false;
    bool lockEvents = false;
    for (int attempt = 1;; ++attempt) {
      const bool fresh = !m_writer || !m_writer->c.is_open();
      try {
        Connection& c = writer();
        pqxx::work tx(c.c);
        PgGroupTx groupTx(c, tx);
        IngestRun run(group, limits(), lockEvents);
        run.storeAll(groupTx);
        tx.commit();
        return run.takeResults();
      } catch (const pqxx::broken_connection& e) {
        // Broken before COMMIT was sent (a lost commit is in_doubt_error, below): nothing of the
        // group is stored, so it runs once more on a new connection.
        m_writer.reset();
        if (fresh || reconnected) return failAll(group.size(), storageError(e));
        reconnected = true;
      } catch (const pqxx::transaction_rollback& e) {
        // A deadlock or serialization failure undid the whole group: run it again from the start.
        if (attempt >= kMaxAttempts) return failAll(group.size(), storageError(e));
        pause(attempt);
      } catch (const CeilingRace& e) {
        // Another process stored sales of an event since this group read it: again, locking the events.
        if (attempt >= kMaxAttempts) return failAll(group.size(), core::Error{Errc::Storage, e.what(), {}});
        lockEvents = true;
      } catch (const std::exception& e) {
        // Lost connection (or a commit whose outcome is unknown): nothing is claimed stored; the
        // kiosks send again and hear "duplicate" for whatever did commit.
        if (!m_writer || !m_writer->c.is_open() || dynamic_cast<const pqxx::in_doubt_error*>(&e)) m_writer.reset();
        return failAll(group.size(), storageError(e));
      }
    }
  }

  static IngestResults failAll(std::size_t n, const core::Error& e) {
    return IngestResults(n, Result<std::vector<RecordResult>>(fail(e)));
  }

  Connection& writer() {
    if (!m_writer || !m_writer->c.is_open()) {
      m_writer.reset();
      m_writer = std::make_unique<Connection>(m_uri);
    }
    return *m_writer;
  }

  // Runs `f` on a pooled connection; runs it again when the database rolled its transaction back
  // for a deadlock or serialization failure; turns every exception into a Storage error.
  template <class F>
  auto withConnection(F&& f) -> decltype(f(std::declval<Connection&>())) {
    bool reconnected = false;
    for (int attempt = 1;; ++attempt) {
      try {
        auto lease = m_pool.acquire();
        try {
          return f(*lease);
        } catch (const pqxx::broken_connection& e) {
          // A pooled connection the server dropped (a restart, an idle timeout): nothing was
          // committed on it, so the call runs once more on a new one. A new connection that
          // breaks at once is a real outage.
          lease.discard();
          if (lease.isFresh() || reconnected) return fail(storageError(e));
          reconnected = true;
          continue;
        }
      } catch (const pqxx::transaction_rollback& e) {
        if (attempt < kMaxAttempts) {
          pause(attempt);
          continue;
        }
        return fail(storageError(e));
      } catch (const std::exception& e) {
        return fail(storageError(e));
      }
    }
  }

  Result<void> migrate(pqxx::connection& c) {
    pqxx::work tx(c);
    // Processes starting at once queue here; the first migrates, the others find it done.
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
    if (tx.exec1("SELECT to_regclass('schema_version') IS NULL")[0].as<bool>()) {
      if (!m_options.createSchema)
        return fail(Errc::NotFound, "the PostgreSQL database has no Pameran schema (create an event there first)");
      tx.exec0("CREATE TABLE schema_version(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
      tx.exec0("INSERT INTO schema_version(id, version) VALUES(1, 0)");
    }
    const int version = tx.exec1("SELECT version FROM schema_version WHERE id = 1")[0].as<int>();
    if (version > sql::kSchemaVersion)
      return fail(Errc::Storage, fmt::format("database schema {} is newer than this server ({})", version, sql::kSchemaVersion));
    if (version == sql::kSchemaVersion) return {};
    for (int v = version; v < sql::kSchemaVersion; ++v)
      tx.exec0(sql::render(sql::Dialect::Postgres, sql::migrations()[static_cast<std::size_t>(v)]));
    tx.exec_params("UPDATE schema_version SET version = $1 WHERE id = 1", sql::kSchemaVersion);
    tx.commit();
    return {};
  }

  const std::string m_uri;
  const PgStoreOptions m_options;
  ConnectionPool m_pool;
  std::mutex m_writeMutex;
  std::unique_ptr<Connection> m_writer;
};

}  // namespace

std::string redactPgUri(std::string_view uri) {
  std::string out(uri);
  // postgresql://user:secret@host/db
  if (const auto scheme = out.find("://"); scheme != std::string::npos) {
    const auto at = out.find('@', scheme + 3);
    const auto slash = out.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=secret, as a keyword or a URI query parameter
  for (std::size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    const std::size_t start = pos + 9;
    std::size_t end = start;
    while (end < out.size() && out[end] != ' ' && out[end] != '&') ++end;
    out.replace(start, end - start, "***");
  }
  return out;
}

// ---- opening ---------------------------------------------------------------------------------

Result<std::unique_ptr<ServerStore>> openPgStore(const std::string& uri, PgStoreOptions options) {
  if (uri.empty()) return fail(Errc::Invalid, "--pg needs a connection URI, e.g. postgresql://user@host:5432/pameran");
  if (auto ok = checkLimits(options.limits); !ok) return ok.failure();
  const std::string effective = withConnectTimeout(uri, options.connectTimeoutSeconds);
  try {
    auto store = std::make_unique<PgStore>(effective, options);
    if (auto r = store->init(); !r) {
      core::Error e = r.error();
      constexpr std::string_view kPrefix = "database: ";
      if (std::string_view(e.message).substr(0, kPrefix.size()) == kPrefix) e.message.erase(0, kPrefix.size());
      e.message = "PostgreSQL at " + redactPgUri(uri) + ": " + e.message;
      return fail(std::move(e));
    }
    return std::unique_ptr<ServerStore>(std::move(store));
  } catch (const std::exception& e) {
    return fail(Errc::Storage, "cannot open PostgreSQL at " + redactPgUri(uri) + ": " + oneLine(e.what()));
  }
}

}  // namespace pameran::sync
