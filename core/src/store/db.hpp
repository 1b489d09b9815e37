#pragma once
// Private to the store: the connection, its statement cache, and the few helpers every repository
// shares (one transaction wrapper, error mapping, audit append, outbox append, rollup apply).
#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "pameran/core/error.hpp"
#include "pameran/core/report.hpp"
#include "pameran/core/store.hpp"

namespace pameran::core::detail {

// Finds cached statements by their SQL text without building a std::string for every lookup, and
// hashes only the length and the two ends of the text: statements are long, and their beginnings
// and ends tell them apart (a rare clash only costs one more string compare).
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const {
    constexpr std::size_t kEnd = 40;
    const std::hash<std::string_view> h;
    if (sql.size() <= 2 * kEnd) return h(sql);
    return h(sql.substr(0, kEnd)) ^ (h(sql.substr(sql.size() - kEnd)) * 31) ^ sql.size();
  }
};

/// A cached statement lent for one use: reset when the loan ends. A statement left on a row keeps
/// its read transaction open after the call returns: the connection stops seeing other
/// connections' commits (the sync thread's), its next write fails with SQLITE_BUSY_SNAPSHOT
/// ("database is locked"), and the WAL cannot start over. Lending it this way makes every read
/// end its transaction without each caller remembering to.
class Query {
 public:
  explicit Query(SQLite::Statement& statement) : m_s(&statement) {}
  ~Query() {
    if (m_s) m_s->tryReset();
  }
  Query(Query&& other) noexcept : m_s(other.m_s) { other.m_s = nullptr; }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query& operator=(Query&&) = delete;

  operator SQLite::Statement&() { return *m_s; }
  template <class... Args>
  void bind(Args&&... args) { m_s->bind(std::forward<Args>(args)...); }
  bool executeStep() { return m_s->executeStep(); }
  int exec() { return m_s->exec(); }
  SQLite::Column getColumn(int index) { return m_s->getColumn(index); }
  void reset() { m_s->reset(); }

 private:
  SQLite::Statement* m_s;
};

struct Db {
  Db(const std::string& path, StoreOptions opts);

  SQLite::Database conn;
  StoreOptions options;
  std::string path;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>, SqlHash, std::equal_to<>> cache;

  EpochMs now() const { return options.clock(); }
  /// True when the file holds schema `version` or later. Always, but for a store that tests open
  /// at an older schema (StoreOptions::migrateTo) to build an old database: it writes what that
  /// schema has.
  bool hasSchema(int version) const { return options.migrateTo >= version; }

  /// A prepared statement for `sql`, reset and with its bindings cleared, lent until the Query
  /// goes out of scope. Cached per text, so the hot paths (sale commit, reports) never parse SQL twice.
  Query stmt(const char* sql);

  /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT. Any SQLite exception rolls back and comes
  /// back as an Error (DiskFull for SQLITE_FULL, Storage otherwise); nothing is half-written.
  template <class F>
  auto write(F&& body) -> decltype(body());

  /// Appends to the hash-chained audit log (inside the caller's transaction).
  void audit(std::string_view staff, std::string_view action, std::string_view subject, std::string_view reason,
             std::string_view details);
  /// Queues a record for upload (inside the caller's transaction).
  void enqueue(OutboxKind kind, const std::string& uuid);
  /// Adds a report delta to the event's rollups (inside the caller's transaction).
  void applyDelta(std::int64_t eventId, const ReportDelta& delta);
  EventClock clockOf(std::int64_t eventId);
  void bumpCatalogVersion();
  std::int64_t currentEventId();  // 0 when there is none
};

/// Converts an exception thrown while writing into an Error a user can act on.
Error storageError(const std::exception& e, std::string_view what);

template <class F>
auto Db::write(F&& body) -> decltype(body()) {
  try {
    SQLite::Transaction tx(conn, SQLite::TransactionBehavior::IMMEDIATE);
    auto result = body();
    if (result) tx.commit();  // a failed Result rolls back like an exception
    return result;
  } catch (const std::exception& e) {
    return fail(storageError(e, "write"));
  }
}

// Small row readers shared by repositories.
std::string columnText(SQLite::Statement& s, int index);

}  // namespace pameran::core::detail
