#pragma once
// PDF statements with libharu: a one-page event summary for the council's work meeting and one
// settlement statement per vendor. Text is UTF-8 in DejaVu Sans (Indonesian text, `Rp`).
#include <string>

#include "pameran/core/consignment.hpp"
#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/report.hpp"

namespace pameran::sync {

/// The PDF bytes of a one-page summary of the report.
core::Result<std::string> reportPdf(const core::Report& report, const core::Event& event, core::EpochMs generatedAt);
/// The PDF bytes of one vendor's settlement statement: the money side and, with `ledger`, the
/// goods side (brought, sold, adjusted, returned, not returned) beside it on the same page.
core::Result<std::string> settlementPdf(const core::SettlementRow& row, const core::Event& event,
                                        core::EpochMs generatedAt, const core::StockLedger* ledger = nullptr);
/// Every vendor's statement in one PDF, a page each; NotFound when the event has no vendors.
core::Result<std::string> settlementsPdf(const core::Settlement& settlement, const core::Event& event,
                                         core::EpochMs generatedAt, const core::StockLedger* ledger = nullptr);

}  // namespace pameran::sync
