#pragma once
// Figures over several events, read from the store and put together by core (report_combine):
// a year's report, one event compared with another, and the work-meeting workbook's content.
// Shared by the commands (main.cpp) and the organizer endpoints.
#include <string_view>

#include "pameran/core/report_combine.hpp"
#include "pameran/sync/server_store.hpp"
#include "pameran/sync/workbook.hpp"

namespace pameran::sync {

/// Every event of `year` (YYYY) together, with each IKM's growth against the year before.
/// Invalid for a malformed year; NotFound when no event belongs to it.
core::Result<core::Report> yearReport(ServerStore& store, std::string_view year);
/// The settlement of a year's events: each vendor's rows added up (the commission as charged).
core::Result<core::Settlement> yearSettlement(ServerStore& store, std::string_view year);
/// Event `a` against event `b`; NotFound names the event that is missing.
core::Result<core::Comparison> compareEvents(ServerStore& store, std::string_view a, std::string_view b);
/// One event's workbook content (report with breakdowns, settlement), made at `now`.
core::Result<WorkbookContent> eventWorkbook(ServerStore& store, std::string_view eventCode, core::EpochMs now);
/// A year's workbook content: the year's report and settlement, under an event named for the year.
core::Result<WorkbookContent> yearWorkbook(ServerStore& store, std::string_view year, core::EpochMs now);

}  // namespace pameran::sync
