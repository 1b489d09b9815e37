// What both server stores (SQLite and PostgreSQL) share beyond their SQL: event validation, the
// rollup sums of an upload group, and the answer for a record already stored.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/report.hpp"
#include "pameran/sync/server_store.hpp"

namespace pameran::sync::detail {

/// The events columns in the order both stores read them.
inline constexpr const char* kEventColumns =
    "id, code, name, venue, start_date, end_date, tz_offset_minutes, cutoff_hour, open, organizer_qris, "
    "qris_via_organizer";

/// A new event's fields, checked the same way whatever the store.
core::Result<void> checkEvent(const core::Event& e);

core::Failure noEvent(std::string_view code);

/// What a group of records adds to the rollups, summed in ordered maps so that rows are written
/// in key order (the same order in every process).
struct RollupSums {
  using CellKey = std::tuple<std::int64_t, std::string, core::Sector, std::string, int>;
  std::map<CellKey, core::RollupCell> cells;
  std::map<std::pair<std::int64_t, core::PaymentMethod>, std::int64_t> payments;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> direct;
  std::map<std::int64_t, std::int64_t> eventSales;

  void add(std::int64_t eventId, const core::ReportDelta& d);
  void merge(const RollupSums& o);

 private:
  void addCell(const CellKey& key, const core::RollupCell& c);
};

/// An open or closed event's business-day clock, as ingest needs it.
struct EventInfo {
  core::EventClock clock;
  bool open = true;
};

/// The answer for a record whose id is already stored: a duplicate when the bodies' hashes agree,
/// else a conflict that keeps the stored one.
RecordResult sameOrConflict(const IngestItem& item, const std::string& storedHash);

}  // namespace pameran::sync::detail
