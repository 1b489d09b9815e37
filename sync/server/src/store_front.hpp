#pragma once
// What the store front's files share (store_front.cpp, store_dashboard.cpp): the unit of work
// that runs a body on the backend's session, and the event lookups its operations start with.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pameran/sync/server_store.hpp"
#include "store_sql.hpp"

namespace pameran::sync {

// Runs `body` (Session& -> Result<T>) as one unit of work; its failure rolls a write back.
template <class T, class F>
core::Result<T> ServerStore::unit(Access access, F&& body) {
  std::optional<core::Result<T>> out;
  const core::Result<void> ran = run(access, [&](sql::Session& s) -> core::Result<void> {
    out.emplace(body(s));
    if (*out) return {};
    return out->failure();
  });
  if (!ran) return ran.failure();
  return std::move(*out);
}

namespace front {

inline core::Failure noEvent(std::string_view code) {
  return core::fail(core::Errc::NotFound, "no event " + std::string(code).substr(0, 40));
}

/// The id of the event with this code, found by `stmt` (EventId, or LockEvent to lock its row).
inline core::Result<std::int64_t> eventIdOf(sql::Session& s, sql::Stmt stmt, std::string_view code) {
  if (const auto id = s.int64(stmt, {code})) return *id;
  return noEvent(code);
}

}  // namespace front
}  // namespace pameran::sync
