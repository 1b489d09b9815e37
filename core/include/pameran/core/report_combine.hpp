#pragma once
// Reports put together: every event of a year in one report (by_event, by_ikm with growth
// against the year before), and one event compared with another. Pure functions over reports
// (no store, no network), shared by the server's commands and its HTTP answers.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pameran/core/domain.hpp"
#include "pameran/core/report.hpp"

namespace pameran::core {

/// Change from `before` to `now` in basis points ((now - before) x 10000 / before, rounded half
/// away from zero, clamped to int64); none when `before` is not above zero.
std::optional<std::int64_t> changeBp(std::int64_t now, std::int64_t before);
/// Basis points as a signed percentage with two decimals: `+12,34 %`, `-5,00 %`, `0,00 %`.
std::string formatBp(std::int64_t bp);

/// The year an event belongs to (`YYYY` of its start date, else of its end date); empty when it
/// has neither.
std::string yearOf(const Event& event);

struct EventReport {
  Event event;
  Report report;
};

/// Every event of `year` together: the sums of their reports, report.event = `year`, by_event in
/// start-date order, by_ikm per vendor code with its growth against `previousYear`'s events. A
/// kiosk of an event shows as `EVENT/K01`. Each event is within the store's money ceiling, so
/// the sums of thousands of events stay far inside int64.
Report combineYear(const std::string& year, const std::vector<EventReport>& events,
                   const std::vector<EventReport>& previousYear);

/// One figure of `a` against the same of `b`.
struct Change {
  std::int64_t a = 0;
  std::int64_t b = 0;
  std::optional<std::int64_t> bp;  // changeBp(a, b)
};

struct KeyedChange {
  std::string key;                 // sector or vendor code
  std::string name;
  Change change;
};

/// How many vendors the top_vendors list of a comparison holds.
inline constexpr std::size_t kTopVendors = 10;

/// Event `a` against event `b` (the earlier one, usually): change of a relative to b.
struct Comparison {
  Report a;
  Report b;
  Change net, gross, sales, items, vendors;  // vendors: how many sold something
  std::vector<KeyedChange> bySector;         // all three sectors
  std::vector<KeyedChange> topVendors;       // a's best kTopVendors, with what they made in b
};

Comparison compareReports(Report a, Report b);
/// `{"a":REPORT,"b":REPORT,"change":{...}}` (sync/PROTOCOL.md, "Organizer endpoints").
std::string comparisonToJson(const Comparison& comparison);
std::string comparisonToTable(const Comparison& comparison);

}  // namespace pameran::core
