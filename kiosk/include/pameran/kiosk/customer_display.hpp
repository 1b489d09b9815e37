#pragma once
// The window facing the buyer (`pameran-kiosk --customer-display`): it draws a CustomerVm on an
// ImGui context of its own that shares the cashier's font atlas. No input, no actions: it follows
// the cashier's window frame by frame from the same session, and draws only when its view model
// changes. No window system here either; the executable owns the second GLFW window.
#include <string>
#include <vector>

#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk {

/// Adds the display's fonts, sized for a window of `scale` (scaleFor its size), to the current
/// context's font atlas (the atlas both contexts share) after setupFontsAndTheme(). Returns false
/// when the DejaVu files are missing (the display then uses the atlas's first font).
bool addCustomerDisplayFonts(float scale, const std::string& fontDir);

/// Draws the buyer's window between ImGui::NewFrame() and ImGui::Render() of its context.
void drawCustomerDisplay(const CustomerVm& vm);

/// Where the buyer's window goes: on a monitor of its own when there is a second one (placed and
/// sized to its work area), else windowed beside the cashier's window, the same size.
struct ScreenRect {
  int x = 0, y = 0, w = 0, h = 0;
  bool operator==(const ScreenRect&) const = default;
};
struct CustomerPlacement {
  ScreenRect rect;
  int monitor = -1;           // index into the monitors given; -1: windowed beside the cashier's
};
/// `monitors` are the work areas in the system's order; `cashier` is the cashier's window.
CustomerPlacement placeCustomerDisplay(const ScreenRect& cashier, const std::vector<ScreenRect>& monitors);

}  // namespace pameran::kiosk
