#pragma once
// The console's views (private to the console's library): each draws its view model and only
// emits actions or edits the view state.
#include <imgui.h>

#include <string>
#include <string_view>

#include "pameran/kiosk/organizer/console.hpp"

namespace pameran::kiosk::organizer {

void drawHeadline(ConsoleFrameInput& in, const HeadlineVm& vm);
void drawVendors(ConsoleFrameInput& in, const VendorsVm& vm);
void drawVendorDetail(ConsoleFrameInput& in, const VendorDetailVm& vm);
void drawCharts(ConsoleFrameInput& in, const ChartsVm& vm);
void drawHealth(ConsoleFrameInput& in, const HealthVm& vm);
void drawDeviceAudit(ConsoleFrameInput& in, const DeviceAuditVm& vm);
void drawSettlement(ConsoleFrameInput& in, const SettlementVm& vm);
void drawCompare(ConsoleFrameInput& in, const CompareVm& vm);
void drawYear(ConsoleFrameInput& in, const YearVm& vm);
void drawConsignment(ConsoleFrameInput& in, const ConsignmentVm& vm);
void drawConsignmentVendor(ConsoleFrameInput& in, const ConsignmentVendorVm& vm);

/// One line of a table: cells at the columns' shares of `w`; the first `leftCells` align left,
/// the rest right. `colours[i]` 0 is the text colour; `dotColour` >= 0 puts a sector's dot first.
void tableLine(const float* shares, std::size_t n, float w, const std::string* const* cells, std::size_t leftCells, ImFont* font,
               const ImU32* colours, float h, int dotColour = -1);
/// A table's header line: the cells small and muted.
void headLine(const float* shares, std::size_t n, float w, const std::string* const* cells, std::size_t leftCells);

/// A figure on a card: the label above, the value written in full below (a smaller font when the
/// card is narrow); probed as `id` with both lines.
void figureCard(const char* id, std::string_view label, std::string_view value, ImVec2 size, ImFont* valueFont, bool accent);

}  // namespace pameran::kiosk::organizer
