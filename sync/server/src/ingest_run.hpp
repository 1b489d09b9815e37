#pragma once
// The ingest engine: stores one commit group's requests through a sql::Session and applies the
// rules that need what is stored (rulebook, store_rules.hpp): duplicate or conflict, a refund
// against its sale and earlier refunds, sequence numbers near what the device sent, the event's
// money ceiling, checked rollup sums. Written once for both backends; a backend only opens the
// group's transaction, a savepoint per request (GroupTx), and commits.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pameran/sync/server_store.hpp"
#include "pameran/sync/store_rules.hpp"
#include "store_sql.hpp"

namespace pameran::sync {

/// The group's rollups would pass an event's ceiling: another process stored sales of the event
/// since this group read its gross. The backend runs the group again with the events locked.
struct CeilingRace : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// What a backend lends the engine for one group: its session and its savepoints.
class GroupTx {
 public:
  virtual ~GroupTx() = default;
  virtual sql::Session& session() = 0;
  /// Runs `body` inside a savepoint: released when it returns, rolled back when it throws (and
  /// the exception goes on).
  virtual void inSavepoint(const std::function<void()>& body) = 0;
  /// True when `e` undid the whole group (it must run again from the start), not just a request.
  virtual bool endsGroup(const std::exception& e) = 0;
  /// The error a request failed with, as its uploader hears it.
  virtual core::Error errorOf(const std::exception& e) = 0;
};

class IngestRun {
 public:
  /// `lockEvents`: read each event's state with its row locked (after a CeilingRace).
  IngestRun(const std::vector<const IngestRequest*>& group, const StoreLimits& limits, bool lockEvents = false);

  /// Stores every request, each in its own savepoint, then the group's rollups. Throws what ends
  /// the group (GroupTx::endsGroup, CeilingRace, errors writing the rollups); the backend rolls
  /// the transaction back then.
  void storeAll(GroupTx& tx);
  /// After the backend committed: every request's results, or why it failed.
  IngestResults takeResults();

 private:
  struct EventState {
    core::EventClock clock;
    bool open = true;
    std::int64_t grossIdr = 0;  // stored, plus the requests of this group kept so far
  };
  // What the request being stored changes; kept when the next one starts (its savepoint was
  // released), dropped when it failed.
  struct Pending {
    std::size_t request = 0;
    bool active = false;
    rules::RollupSums sums;
    std::int64_t highest = 0;
    rules::StockSums stock = {};
  };

  void begin(sql::Session& s);
  void store(sql::Session& s, std::size_t i);
  void drop(std::size_t i, core::Error why);
  void settle();
  void finish(sql::Session& s);

  EventState& eventState(sql::Session& s, std::int64_t eventId);
  RecordResult storeSale(sql::Session& s, const IngestRequest& req, const IngestItem& item, EventState& ev, bool late,
                         std::vector<std::int64_t>& seqs);
  RecordResult storeRefund(sql::Session& s, const IngestRequest& req, const IngestItem& item, EventState& ev, bool late);
  RecordResult storeShift(sql::Session& s, const IngestRequest& req, const IngestItem& item, bool late);
  // The request's audit entries (store_rules_audit: the chain is walked again after them).
  void storeAudit(sql::Session& s, const IngestRequest& req, std::vector<RecordResult>& results);
  RecordResult storeMovement(sql::Session& s, const IngestRequest& req, const IngestItem& item, bool late);
  // A record refused by a rule, unless the very same id is stored already (then: its answer).
  RecordResult refuseUnlessStored(sql::Session& s, const IngestItem& item, std::string why);

  const std::vector<const IngestRequest*>& m_group;
  const StoreLimits m_limits;
  const bool m_lockEvents;
  std::map<std::int64_t, EventState> m_events;
  std::map<std::string, std::int64_t> m_highest;  // device -> highest sequence number stored
  rules::RollupSums m_total;                      // kept requests of the group
  rules::StockSums m_stockTotal;                  // their units, for the consignment ledger
  Pending m_pending;
  std::vector<std::optional<core::Result<std::vector<RecordResult>>>> m_results;
};

}  // namespace pameran::sync
