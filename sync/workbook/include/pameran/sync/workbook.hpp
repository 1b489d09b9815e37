#pragma once
// The work-meeting workbook (.xlsx): one event's report and settlement on sheets an organizer can
// sort and filter. Written with libxlsxwriter; depends on core's figures only (no store, no
// network), so the server and the organizer console make the same workbook.
#include <string>

#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/report.hpp"
#include "pameran/core/time.hpp"

namespace pameran::sync {

struct WorkbookContent {
  core::Event event;            // code, name, venue, dates
  core::Report report;          // with its breakdowns (kiosks, cashiers, products) when it has them
  core::Settlement settlement;
  core::EpochMs madeAt = 0;     // shown on the summary sheet, in the event's time zone
};

/// Sheets, in order: Summary, Vendors, Products, Days, Hours, Kiosks, Cashiers, Settlement. Every
/// figure is a number (rupiah in the `"Rp "#,##0` format), every table has a frozen header row,
/// an autofilter and columns as wide as their widest cell. Writes `path` whole or fails with
/// Storage (nothing left behind).
core::Result<void> writeWorkbook(const std::string& path, const WorkbookContent& content);
/// The same workbook as bytes (for a download).
core::Result<std::string> workbookBytes(const WorkbookContent& content);

}  // namespace pameran::sync
