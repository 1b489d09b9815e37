#pragma once
// The console's views (private to the console's library): each draws its view model and only
// emits actions or edits the view state.
#include <imgui.h>

#include <string_view>

#include "pameran/kiosk/organizer/console.hpp"

namespace pameran::kiosk::organizer {

void drawHeadline(ConsoleFrameInput& in, const HeadlineVm& vm);
void drawVendors(ConsoleFrameInput& in, const VendorsVm& vm);
void drawVendorDetail(ConsoleFrameInput& in, const VendorDetailVm& vm);
void drawCharts(ConsoleFrameInput& in, const ChartsVm& vm);
void drawHealth(ConsoleFrameInput& in, const HealthVm& vm);
void drawSettlement(ConsoleFrameInput& in, const SettlementVm& vm);
void drawCompare(ConsoleFrameInput& in, const CompareVm& vm);
void drawYear(ConsoleFrameInput& in, const YearVm& vm);

/// A figure on a card: the label above, the value written in full below (a smaller font when the
/// card is narrow); probed as `id` with both lines.
void figureCard(const char* id, std::string_view label, std::string_view value, ImVec2 size, ImFont* valueFont, bool accent);

}  // namespace pameran::kiosk::organizer
