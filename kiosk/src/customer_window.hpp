#pragma once
// The buyer's window of `pameran-kiosk --customer-display`: one process, two GLFW windows. The
// buyer's has a GL context that shares objects with the cashier's (the QR and font textures are
// the same), an ImGui context of its own on the cashier's font atlas, and no input: it never takes
// the keyboard focus, so a scanner always types into the cashier's window. It follows the
// cashier's window frame by frame from the same session, and draws only when what it shows
// changes or the system asks (expose, resize).
#include <functional>
#include <memory>
#include <vector>

#include "pameran/kiosk/customer_display.hpp"

struct GLFWwindow;
struct ImGuiContext;
struct ImFontAtlas;

namespace pameran::kiosk {

/// Every monitor's work area, as GLFW reports them (for placeCustomerDisplay).
std::vector<ScreenRect> monitorWorkAreas();

class CustomerWindow {
 public:
  CustomerWindow(GLFWwindow* window, CustomerPlacement placement) : m_window(window), m_placement(placement) {}
  ~CustomerWindow();
  CustomerWindow(const CustomerWindow&) = delete;
  CustomerWindow& operator=(const CustomerWindow&) = delete;

  /// The window, hidden, where placeCustomerDisplay puts it; null when it cannot be made.
  static std::unique_ptr<CustomerWindow> create(GLFWwindow* cashier, CustomerPlacement placement);

  float scale() const;

  /// Shows the window and gives it an ImGui context on `atlas`, after the cashier's is set up.
  void start(GLFWwindow* cashierWindow, ImFontAtlas* atlas, const char* glsl);

  /// True when a picture is owed: the system asked for one, or a change has not settled yet.
  bool due() const;

  /// Draws `vm` when it differs from what is on the window or a picture is owed. A change draws
  /// twice: ImGui settles a window's layout on its second frame. `frameSeconds` is ImGui's delta.
  void follow(const CustomerVm& vm, const std::function<void()>& rebuildFonts, double frameSeconds);

 private:
  GLFWwindow* m_window;
  GLFWwindow* m_cashier = nullptr;
  CustomerPlacement m_placement;
  ImGuiContext* m_ctx = nullptr;
  CustomerVm m_shown;
  int m_pending = 0;
};

}  // namespace pameran::kiosk
