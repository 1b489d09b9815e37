#pragma once
// The PostgreSQL backend of the server store, for several pameran-server processes over one
// database (behind a load balancer). The same front, rules and statements as the SQLite store, so
// the same results for every operation; exactly once across processes through unique record ids,
// row locks and retried transactions.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "pameran/core/error.hpp"
#include "pameran/sync/server_store.hpp"

namespace pameran::sync {

struct PgStoreOptions {
  /// Connections this process opens for reads and admin commands (uploads have one of their
  /// own); request threads wait for a free one. Keep processes x (this + 1) under the server's
  /// max_connections.
  std::size_t maxConnections = 8;
  /// False: refuse a database that has no Pameran schema yet instead of creating it, so that a
  /// typo in the URI of a read-only command leaves nothing behind.
  bool createSchema = true;
  /// Added to the URI as connect_timeout when it names none, so an unreachable host fails fast.
  int connectTimeoutSeconds = 5;
  StoreLimits limits;
};

/// Connects, checks that commits are durable (fsync on, synchronous_commit not off) and migrates
/// the schema (once, under an advisory lock, whatever the number of processes starting at once).
/// Fails with a one-line Storage error for a bad URI or an unreachable database, NotFound when
/// `createSchema` is false and the database has no Pameran schema.
core::Result<std::unique_ptr<ServerStore>> openPgStore(const std::string& uri, PgStoreOptions options = {});

/// The URI with its password replaced by "***", for logs and messages.
std::string redactPgUri(std::string_view uri);

}  // namespace pameran::sync
