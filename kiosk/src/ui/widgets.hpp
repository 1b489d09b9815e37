#pragma once
// Touch-sized controls drawn with ImGui's draw list. Every control takes a stable id that never
// comes from translated text, and its label separately (STYLE.md).
#include <imgui.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "pameran/core/domain.hpp"
#include "pameran/kiosk/text.hpp"
#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk::ui {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* small = nullptr;
  ImFont* bold = nullptr;
  ImFont* large = nullptr;
  ImFont* title = nullptr;
  ImFont* huge = nullptr;
  ImFont* mono = nullptr;
};

struct Palette {
  ImU32 bg, panel, panelAlt, border, text, muted, inverse;
  ImU32 primary, primaryHover, primarySoft, topBar, topBarText;
  ImU32 good, goodSoft, warn, warnSoft, bad, badSoft, selected, disabled, disabledText, dim, paper;
  ImU32 sector[3];
  ImU32 sectorSoft[3];
};

struct Theme {
  float s = 1.0f;        // layout scale (1 at 1280x800)
  float touch = 56.0f;   // height of a touch control (>= 48 px)
  float gap = 10.0f;
  float pad = 16.0f;
  float rounding = 8.0f;
  Fonts fonts;
  Palette c;
};

Theme& theme();
inline float px(float v) { return v * theme().s; }

enum class Style { Secondary, Primary, Good, Danger, Ghost, Selected, Tab, Nav, NavActive };

/// A button of `size` (0 width: the rest of the row) with a centred label; returns true when tapped.
bool button(const char* id, std::string_view label, ImVec2 size, Style style = Style::Secondary, bool enabled = true,
            ImFont* font = nullptr);
/// A button with a main label and a smaller second line.
bool button2(const char* id, std::string_view label, std::string_view sub, ImVec2 size, Style style = Style::Secondary,
             bool enabled = true);
/// A sector colour swatch + label chip (vendor filter).
bool chip(const char* id, std::string_view label, ImU32 accent, bool active, float height);

void text(std::string_view s, ImFont* font = nullptr, ImU32 color = 0);
void textWrapped(std::string_view s, float width, ImFont* font = nullptr, ImU32 color = 0);
/// Text right-aligned in the space left on the current line up to `right` (window x).
void textRightAt(std::string_view s, float right, ImFont* font = nullptr, ImU32 color = 0);
/// Text drawn at a position without moving the cursor, clipped to `maxWidth` with an ellipsis.
void textAt(ImDrawList* dl, ImVec2 pos, std::string_view s, ImFont* font, ImU32 color, float maxWidth = 0);
/// Two columns: label on the left, value right-aligned at the right edge of the content region.
void row(std::string_view label, std::string_view value, ImFont* font = nullptr, ImU32 valueColor = 0);
void separator();

/// A white rounded panel (child window); end with endPanel().
bool beginPanel(const char* id, ImVec2 size, ImU32 bg = 0, float padding = -1);
void endPanel();

/// A number pad that edits `digits` (at most maxLen characters; allowComma adds a `,` key for
/// percentages; pinLayout shows C instead of 000). Returns true when a key was tapped.
bool numpad(const char* id, std::string& digits, std::size_t maxLen, ImVec2 size, const Translator& tr,
            bool allowComma = false, bool pinLayout = false);
/// Dots for a PIN of `length` digits (max `slots`).
void pinDots(std::size_t length, std::size_t slots, float width);
/// A large display box showing `value` (right-aligned) under a small label.
void displayBox(const char* id, std::string_view label, std::string_view value, ImVec2 size, bool active = true);

/// Characters typed this frame while no text field has focus (a scan, a PIN, cash digits).
const std::string& typedText();
/// Applies typed digits (and Backspace) to `digits`; returns true if it changed.
bool typeDigits(std::string& digits, std::size_t maxLen, bool allowComma = false);
bool keyPressed(int key, bool repeat = false);
/// While blocked (a card such as the supervisor PIN is on top), screens underneath get no keys.
void setKeyboardBlocked(bool blocked);
bool enterPressed();

/// Starts the window a screen is drawn in: the whole display, the theme's background, no title,
/// no moving; pair with ImGui::End().
void beginScreen(const char* id);

/// Starts a modal card over a dimmed screen; always pair with endModal().
void beginModal(const char* id, ImVec2 size);
void endModal();

ImU32 sectorColor(core::Sector s);
ImU32 sectorSoft(core::Sector s);
ImU32 toneColor(Tone tone);

/// `base-i` in a small ring of buffers: a stable id per row of a list.
const char* idx(const char* base, long long i);

/// Records a control's rectangle for the headless tests' WidgetProbe.
void probe(const char* id, ImVec2 min, ImVec2 max, bool enabled);
/// Records the lines of text a control shows, for the headless tests' WidgetProbe.
void probeText(const char* id, std::initializer_list<std::string_view> lines);

}  // namespace pameran::kiosk::ui
