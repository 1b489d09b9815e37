#pragma once
// The console's views (private to the console's library): each draws its view model and only
// emits actions or edits the view state.
#include "pameran/kiosk/organizer/console.hpp"

namespace pameran::kiosk::organizer {

void drawHeadline(ConsoleFrameInput& in, const HeadlineVm& vm);
void drawVendors(ConsoleFrameInput& in, const VendorsVm& vm);
void drawVendorDetail(ConsoleFrameInput& in, const VendorDetailVm& vm);
void drawCharts(ConsoleFrameInput& in, const ChartsVm& vm);
void drawHealth(ConsoleFrameInput& in, const HealthVm& vm);
void drawSettlement(ConsoleFrameInput& in, const SettlementVm& vm);

}  // namespace pameran::kiosk::organizer
