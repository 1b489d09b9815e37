// Fonts, colours and sizes: a calm, high-contrast light theme with touch-sized controls.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk {
namespace {

constexpr ImU32 rgb(unsigned hex, unsigned alpha = 255) {
  return IM_COL32((hex >> 16) & 0xFF, (hex >> 8) & 0xFF, hex & 0xFF, alpha);
}

ImVec4 vec(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// What the screens write: Indonesian and English letters, the rupiah sign, dashes, bullets, arrows,
// the check mark and the dots of a PIN.
const ImWchar kGlyphs[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1
    0x0100, 0x017F,  // Latin Extended-A (names)
    0x2013, 0x2026,  // dashes, quotes, bullet, ellipsis
    0x2190, 0x2193,  // arrows
    0x2212, 0x2212,  // minus
    0x2713, 0x2713,  // check mark
    0x25CF, 0x25CF,  // black circle (PIN dots)
    0x25CB, 0x25CB,  // white circle
    0,
};

// The huge font shows amounts only: `-Rp 1.250.000`, `Rp 0`.
const ImWchar kAmountGlyphs[] = {0x0020, 0x0020, 0x002C, 0x002E, 0x0030, 0x0039, 0x0052, 0x0052, 0x0070, 0x0070, 0};

}  // namespace

void setupKeyMap() {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Tab] = keys::kTab;
  io.KeyMap[ImGuiKey_LeftArrow] = keys::kLeft;
  io.KeyMap[ImGuiKey_RightArrow] = keys::kRight;
  io.KeyMap[ImGuiKey_UpArrow] = keys::kUp;
  io.KeyMap[ImGuiKey_DownArrow] = keys::kDown;
  io.KeyMap[ImGuiKey_PageUp] = keys::kPageUp;
  io.KeyMap[ImGuiKey_PageDown] = keys::kPageDown;
  io.KeyMap[ImGuiKey_Home] = keys::kHome;
  io.KeyMap[ImGuiKey_End] = keys::kEnd;
  io.KeyMap[ImGuiKey_Insert] = keys::kInsert;
  io.KeyMap[ImGuiKey_Delete] = keys::kDelete;
  io.KeyMap[ImGuiKey_Backspace] = keys::kBackspace;
  io.KeyMap[ImGuiKey_Space] = keys::kSpace;
  io.KeyMap[ImGuiKey_Enter] = keys::kEnter;
  io.KeyMap[ImGuiKey_Escape] = keys::kEscape;
  io.KeyMap[ImGuiKey_KeyPadEnter] = keys::kKeypadEnter;
  io.KeyMap[ImGuiKey_A] = keys::kA;
  io.KeyMap[ImGuiKey_C] = keys::kC;
  io.KeyMap[ImGuiKey_V] = keys::kV;
  io.KeyMap[ImGuiKey_X] = keys::kX;
  io.KeyMap[ImGuiKey_Y] = keys::kY;
  io.KeyMap[ImGuiKey_Z] = keys::kZ;
}

float scaleFor(int framebufferWidth, int framebufferHeight) {
  if (framebufferWidth <= 0 || framebufferHeight <= 0) return 1.0f;
  const float s = std::min(static_cast<float>(framebufferWidth) / 1280.0f, static_cast<float>(framebufferHeight) / 800.0f);
  return std::clamp(s, 0.75f, 2.5f);
}

bool setupFontsAndTheme(float scale, const std::string& fontDir) {
  ui::Theme& t = ui::theme();
  t.s = scale;
  t.touch = 56.0f * scale;
  t.gap = 10.0f * scale;
  t.pad = 16.0f * scale;
  t.rounding = 8.0f * scale;

  ui::Palette& c = t.c;
  c.bg = rgb(0xEEF0EC);
  c.panel = rgb(0xFFFFFF);
  c.panelAlt = rgb(0xF6F7F4);
  c.border = rgb(0xD5D9D2);
  c.text = rgb(0x1B1F1D);
  c.muted = rgb(0x5B635E);
  c.inverse = rgb(0xFFFFFF);
  c.primary = rgb(0x0E6B5C);
  c.primaryHover = rgb(0x12806E);
  c.primarySoft = rgb(0xDDEFEA);
  c.topBar = rgb(0x163A35);
  c.topBarText = rgb(0xF1F5F2);
  c.good = rgb(0x1E7B34);
  c.goodSoft = rgb(0xDFF1E3);
  c.warn = rgb(0xA35A00);
  c.warnSoft = rgb(0xFCEFD9);
  c.bad = rgb(0xB3261E);
  c.badSoft = rgb(0xF9E0DE);
  c.selected = rgb(0xD3EBE5);
  c.disabled = rgb(0xE3E5E1);
  c.disabledText = rgb(0x9AA19C);
  c.dim = rgb(0x0B1512, 130);
  c.paper = rgb(0xFFFEF8);
  c.sector[0] = rgb(0xA8326E);  // fesyen: batik rose
  c.sector[1] = rgb(0x9A6212);  // kriya: bamboo and clay
  c.sector[2] = rgb(0x2F7D4F);  // kuliner: leaf green
  c.sectorSoft[0] = rgb(0xF6E3EC);
  c.sectorSoft[1] = rgb(0xF5EBDB);
  c.sectorSoft[2] = rgb(0xE1F0E6);

  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.IniFilename = nullptr;   // a kiosk keeps no layout file
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;  // a blinking cursor would keep an idle kiosk drawing
  io.ConfigWindowsMoveFromTitleBarOnly = true;

  const std::string regular = fontDir + "/DejaVuSans.ttf";
  const std::string bold = fontDir + "/DejaVuSans-Bold.ttf";
  const std::string mono = fontDir + "/DejaVuSansMono.ttf";
  std::error_code ec;
  const bool haveFonts = std::filesystem::exists(regular, ec) && std::filesystem::exists(bold, ec) &&
                         std::filesystem::exists(mono, ec);
  ui::Fonts& f = t.fonts;
  if (haveFonts) {
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    auto add = [&](const std::string& file, float size, const ImWchar* glyphs = kGlyphs) {
      return io.Fonts->AddFontFromFileTTF(file.c_str(), std::round(size * scale), &cfg, glyphs);
    };
    f.body = add(regular, 19.0f);
    f.small = add(regular, 15.5f);
    f.bold = add(bold, 19.0f);
    f.mono = add(mono, 16.0f);
    // Large sizes need no horizontal oversampling; the huge one only shows amounts. A smaller
    // atlas builds and uploads faster at start-up.
    cfg.OversampleH = 1;
    f.large = add(bold, 25.0f);
    f.title = add(bold, 32.0f);
    f.huge = add(bold, 50.0f, kAmountGlyphs);
  }
  if (!haveFonts || !f.body || !f.small || !f.bold || !f.large || !f.title || !f.huge || !f.mono) {
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.SizePixels = std::round(13.0f * scale);
    ImFont* fallback = io.Fonts->AddFontDefault(&cfg);
    f = ui::Fonts{fallback, fallback, fallback, fallback, fallback, fallback, fallback};
  }
  io.FontDefault = f.body;

  ImGuiStyle& st = ImGui::GetStyle();
  st = ImGuiStyle();
  st.WindowPadding = ImVec2(0, 0);
  st.WindowRounding = 0;
  st.WindowBorderSize = 0;
  st.ChildRounding = t.rounding;
  st.ChildBorderSize = 0;
  st.FramePadding = ImVec2(12 * scale, 10 * scale);
  st.FrameRounding = 6 * scale;
  st.FrameBorderSize = 1;
  st.ItemSpacing = ImVec2(t.gap, t.gap);
  st.ItemInnerSpacing = ImVec2(8 * scale, 6 * scale);
  st.ScrollbarSize = 18 * scale;
  st.ScrollbarRounding = 9 * scale;
  st.GrabMinSize = 40 * scale;
  st.PopupRounding = t.rounding;
  st.CellPadding = ImVec2(8 * scale, 6 * scale);
  st.TouchExtraPadding = ImVec2(2 * scale, 2 * scale);
  st.AntiAliasedLinesUseTex = true;

  ImVec4* col = st.Colors;
  col[ImGuiCol_Text] = vec(c.text);
  col[ImGuiCol_TextDisabled] = vec(c.disabledText);
  col[ImGuiCol_WindowBg] = vec(c.bg);
  col[ImGuiCol_ChildBg] = vec(rgb(0, 0));
  col[ImGuiCol_PopupBg] = vec(c.panel);
  col[ImGuiCol_Border] = vec(c.border);
  col[ImGuiCol_FrameBg] = vec(c.panel);
  col[ImGuiCol_FrameBgHovered] = vec(c.panel);
  col[ImGuiCol_FrameBgActive] = vec(c.panel);
  col[ImGuiCol_ScrollbarBg] = vec(rgb(0, 0));
  col[ImGuiCol_ScrollbarGrab] = vec(rgb(0xB9BFB9));
  col[ImGuiCol_ScrollbarGrabHovered] = vec(rgb(0x9DA59E));
  col[ImGuiCol_ScrollbarGrabActive] = vec(rgb(0x848D86));
  col[ImGuiCol_CheckMark] = vec(c.primary);
  col[ImGuiCol_Button] = vec(c.panel);
  col[ImGuiCol_ButtonHovered] = vec(c.panelAlt);
  col[ImGuiCol_ButtonActive] = vec(c.selected);
  col[ImGuiCol_Header] = vec(c.selected);
  col[ImGuiCol_HeaderHovered] = vec(c.primarySoft);
  col[ImGuiCol_HeaderActive] = vec(c.selected);
  col[ImGuiCol_Separator] = vec(c.border);
  col[ImGuiCol_TableHeaderBg] = vec(c.panelAlt);
  col[ImGuiCol_TableBorderStrong] = vec(c.border);
  col[ImGuiCol_TableBorderLight] = vec(rgb(0xE6E9E4));
  col[ImGuiCol_TableRowBg] = vec(rgb(0, 0));
  col[ImGuiCol_TableRowBgAlt] = vec(rgb(0xF7F8F5));
  col[ImGuiCol_TextSelectedBg] = vec(rgb(0x9BD3C6));
  col[ImGuiCol_NavHighlight] = vec(c.primary);
  col[ImGuiCol_ModalWindowDimBg] = vec(c.dim);
  return haveFonts;
}

}  // namespace pameran::kiosk
