#pragma once
// The kiosk's frame: theme and fonts, the keys it listens to, and drawFrame() which draws the
// screen on show and collects the actions it emits. No window system here: the executable owns
// GLFW and OpenGL; tests and benchmarks run the same frame on a headless ImGui context.
#include <map>
#include <string>
#include <vector>

namespace pameran::kiosk {

class AppController;

/// Key indices in io.KeysDown. They are GLFW's key codes, which ImGui 1.86's GLFW backend uses
/// (window.cpp checks they agree); headless tests press the same indices.
namespace keys {
inline constexpr int kSpace = 32;
inline constexpr int kA = 65, kC = 67, kQ = 81, kV = 86, kX = 88, kY = 89, kZ = 90;
inline constexpr int kEscape = 256, kEnter = 257, kTab = 258, kBackspace = 259, kInsert = 260, kDelete = 261;
inline constexpr int kRight = 262, kLeft = 263, kDown = 264, kUp = 265, kPageUp = 266, kPageDown = 267;
inline constexpr int kHome = 268, kEnd = 269;
inline constexpr int kF2 = 291, kF9 = 298;
inline constexpr int kKeypadEnter = 335;
inline constexpr int kLeftControl = 341, kRightControl = 345;
}  // namespace keys

/// Fills io.KeyMap with the indices above (the GLFW backend does the same for a real window).
void setupKeyMap();

/// Loads DejaVu Sans (regular, bold, mono) from `fontDir` at sizes for `scale` (1 = 1280x800) into
/// the current context's atlas and applies the theme. Falls back to ImGui's own font when the
/// files are missing. Returns false on that fallback.
bool setupFontsAndTheme(float scale, const std::string& fontDir);
/// The UI scale for a framebuffer: 1 at 1280x800, about 1.35 at 1920x1080.
float scaleFor(int framebufferWidth, int framebufferHeight);

/// Draws one frame of the kiosk between ImGui::NewFrame() and ImGui::Render(). Emits actions into
/// app.actions(); the caller applies them after Render with app.applyFrameActions().
void drawFrame(AppController& app);

/// For headless tests: where each touch control was drawn in the last frame, by its id.
struct ProbeRect {
  float x = 0, y = 0, w = 0, h = 0;
  bool enabled = true;
  bool partial = false;  // partly scrolled out of view
};
struct WidgetProbe {
  std::map<std::string, ProbeRect> rects;
  std::map<std::string, std::vector<std::string>> texts;  // what some controls wrote (tiles, chips), line by line
};
/// Starts (or with nullptr stops) recording control rectangles into `probe`.
void setWidgetProbe(WidgetProbe* probe);

}  // namespace pameran::kiosk
