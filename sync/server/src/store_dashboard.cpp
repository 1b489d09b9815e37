// The store front's part for the organizer dashboard (server_store.hpp): sessions kept by the hash
// of their id, each standing for one organizer token; every event's change counter; targets. The
// checks are the rulebook's, the statements the one SQL description's, as in store_front.cpp.
#include "pameran/sync/server_store.hpp"
#include "store_front.hpp"
#include "store_sql.hpp"

namespace pameran::sync {

using core::Errc;
using core::fail;
using core::Result;
using sql::Row;
using sql::Stmt;

namespace {

EventCounter readCounter(const Row& r) { return EventCounter{r.int64(0), r.text(1), r.int64(2)}; }

}  // namespace

// ---- sessions --------------------------------------------------------------------------------

Result<void> ServerStore::createSession(std::string_view sessionHash, const Principal& organizer, core::EpochMs now,
                                        core::EpochMs expiresAt) {
  const auto tokenId = rules::sessionTokenId(organizer, now, expiresAt);
  if (!tokenId) return tokenId.failure();
  return unit<void>(Access::Write, [&](sql::Session& s) -> Result<void> {
    s.exec(Stmt::DropExpiredSessions, {static_cast<std::int64_t>(now)});
    s.exec(Stmt::InsertSession, {sessionHash, *tokenId, static_cast<std::int64_t>(now), static_cast<std::int64_t>(expiresAt)});
    return {};
  });
}

Result<Principal> ServerStore::authenticateSession(std::string_view sessionHash, core::EpochMs now) {
  return unit<Principal>(Access::Read, [&](sql::Session& s) -> Result<Principal> {
    std::optional<Principal> p;
    s.query(Stmt::SessionOrganizer, {sessionHash, static_cast<std::int64_t>(now)}, [&](const Row& r) {
      p = Principal{Principal::Kind::Organizer, std::to_string(r.int64(0)), r.text(1), 0, {}, {}, r.int64(2)};
    });
    if (!p) return fail(Errc::Unauthorized, "no such session");
    return std::move(*p);
  });
}

Result<void> ServerStore::endSession(std::string_view sessionHash) {
  return unit<void>(Access::Write, [&](sql::Session& s) -> Result<void> {
    s.exec(Stmt::DeleteSession, {sessionHash});
    return {};
  });
}

// ---- change counters, the event list, targets -----------------------------------------------

Result<EventCounter> ServerStore::eventCounter(std::string_view eventCode) {
  return unit<EventCounter>(Access::Read, [&](sql::Session& s) -> Result<EventCounter> {
    std::optional<EventCounter> c;
    s.query(Stmt::EventCounter, {eventCode}, [&](const Row& r) { c = readCounter(r); });
    if (!c) return front::noEvent(eventCode);
    return std::move(*c);
  });
}

Result<std::vector<EventCounter>> ServerStore::eventCounters() {
  return unit<std::vector<EventCounter>>(Access::Read, [&](sql::Session& s) -> Result<std::vector<EventCounter>> {
    std::vector<EventCounter> out;
    s.query(Stmt::EventCounters, {}, [&](const Row& r) { out.push_back(readCounter(r)); });
    return out;
  });
}

Result<std::vector<EventOverview>> ServerStore::eventOverview() {
  return unit<std::vector<EventOverview>>(Access::Read, [&](sql::Session& s) -> Result<std::vector<EventOverview>> {
    std::vector<EventOverview> out;
    s.query(Stmt::EventOverview, {}, [&](const Row& r) {
      out.push_back(EventOverview{sql::readEvent(r), r.int64(11), r.int64(12), r.int64(13), core::Rupiah(r.int64(14)), r.int64(15)});
    });
    return out;
  });
}

Result<void> ServerStore::setTarget(std::string_view eventCode, std::int64_t targetIdr) {
  if (auto ok = rules::checkTarget(targetIdr); !ok) return ok.failure();
  return unit<void>(Access::Write, [&](sql::Session& s) -> Result<void> {
    if (s.exec(Stmt::SetTarget, {targetIdr, eventCode}) == 0) return front::noEvent(eventCode);
    return {};
  });
}

}  // namespace pameran::sync
