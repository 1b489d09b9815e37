// Touch-sized controls drawn with ImGui's draw list, and the keyboard as the screens read it.
//
// Index
//   Probe, theme, colours ...... what headless tests see; sector and tone colours
//   Buttons and chips .......... button, button2, chip (one pressable frame for each)
//   Text and panels ............ text, textWrapped, textRightAt, textAt, row, separator, panels
//   Keys ....................... typed text, key presses, typeDigits (blocked under a modal)
//   Number pad, PIN, boxes ..... numpad, pinDots, displayBox
//   Modals ..................... beginModal, endModal
#include "widgets.hpp"

#include <imgui_internal.h>

#include <array>
#include <cstdio>

#include "pameran/kiosk/ui.hpp"

namespace pameran::kiosk {
namespace {
WidgetProbe* g_probe = nullptr;
bool g_keysBlocked = false;
const std::string kNothing;
}

void setWidgetProbe(WidgetProbe* probe) { g_probe = probe; }

namespace ui {

Theme& theme() {
  static Theme t;
  return t;
}

void probe(const char* id, ImVec2 min, ImVec2 max, bool enabled) {
  if (!g_probe) return;
  // Clipped-away controls are not tappable; keep only what is on screen.
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  ImRect r(min, max);
  const ImRect full = r;
  r.ClipWith(w->ClipRect);
  if (r.GetWidth() <= 1 || r.GetHeight() <= 1) return;
  const bool partial = r.GetWidth() < full.GetWidth() - 0.5f || r.GetHeight() < full.GetHeight() - 0.5f;
  g_probe->rects[id] = ProbeRect{r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight(), enabled, partial};
}

void probeText(const char* id, std::initializer_list<std::string_view> lines) {
  if (!g_probe) return;
  std::vector<std::string>& out = g_probe->texts[id];
  out.clear();
  for (std::string_view l : lines) out.emplace_back(l);
}

const char* idx(const char* base, long long i) {
  static std::array<std::array<char, 64>, 16> ring;
  static std::size_t next = 0;
  auto& buf = ring[next++ % ring.size()];
  std::snprintf(buf.data(), buf.size(), "%s-%lld", base, i);
  return buf.data();
}

ImU32 sectorColor(core::Sector s) { return theme().c.sector[static_cast<int>(s)]; }
ImU32 sectorSoft(core::Sector s) { return theme().c.sectorSoft[static_cast<int>(s)]; }

ImU32 toneColor(Tone tone) {
  const Palette& c = theme().c;
  switch (tone) {
    case Tone::Good: return c.good;
    case Tone::Warn: return c.warn;
    case Tone::Bad: return c.bad;
    case Tone::Neutral: break;
  }
  return c.muted;
}

namespace {

struct Colors {
  ImU32 bg, bgHover, bgActive, border, text;
};

Colors colorsFor(Style style, bool enabled) {
  const Palette& c = theme().c;
  if (!enabled) return {c.disabled, c.disabled, c.disabled, c.disabled, c.disabledText};
  switch (style) {
    case Style::Primary: return {c.primary, c.primaryHover, c.topBar, c.primary, c.inverse};
    case Style::Good: return {c.good, c.good, c.topBar, c.good, c.inverse};
    case Style::Danger: return {c.panel, c.badSoft, c.badSoft, c.bad, c.bad};
    case Style::Ghost: return {IM_COL32(0, 0, 0, 0), c.panelAlt, c.selected, IM_COL32(0, 0, 0, 0), c.primary};
    case Style::Selected: return {c.primary, c.primary, c.primary, c.primary, c.inverse};
    case Style::Tab: return {c.panelAlt, c.panel, c.selected, c.border, c.text};
    case Style::Nav: return {IM_COL32(0, 0, 0, 0), IM_COL32(255, 255, 255, 28), IM_COL32(255, 255, 255, 50), IM_COL32(0, 0, 0, 0), c.topBarText};
    case Style::NavActive: return {c.bg, c.bg, c.bg, IM_COL32(0, 0, 0, 0), c.text};
    case Style::Secondary: break;
  }
  return {c.panel, c.panelAlt, c.selected, c.border, c.text};
}

ImVec2 resolveSize(ImVec2 size) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = std::max(avail.x + size.x, 1.0f);
  if (size.y <= 0) size.y = theme().touch;
  return size;
}

// Text drawn centred in a box, cut with an ellipsis if it does not fit.
void centredText(ImDrawList* dl, ImFont* font, ImVec2 min, ImVec2 max, ImU32 color, std::string_view s) {
  if (s.empty()) return;  // a null view must never reach ImGui (it would read a C string)
  const float size = font->FontSize;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, b, e);
  const float avail = max.x - min.x - 2 * px(8);
  if (ts.x > avail) {
    ImGui::RenderTextEllipsis(dl, ImVec2(min.x + px(8), min.y), ImVec2(max.x - px(8), max.y), max.x - px(8), max.x - px(8), b, e, nullptr);
    return;
  }
  dl->AddText(font, size, ImVec2(std::floor((min.x + max.x - ts.x) / 2), std::floor((min.y + max.y - ts.y) / 2)), color, b, e);
}

bool press(const char* id, ImVec2 size, bool enabled, ImVec2& min, ImVec2& max, bool& hovered, bool& held) {
  min = ImGui::GetCursorScreenPos();
  max = ImVec2(min.x + size.x, min.y + size.y);
  ImGui::PushID(id);
  bool clicked = false;
  if (enabled) {
    clicked = ImGui::InvisibleButton("##b", size);
    hovered = ImGui::IsItemHovered();
    held = ImGui::IsItemActive();
  } else {
    ImGui::Dummy(size);
    hovered = held = false;
  }
  ImGui::PopID();
  probe(id, min, max, enabled);
  return clicked;
}

// A pressable box of `size` in the style's colours, hovered and held states included: what a
// button draws before its text.
struct ButtonFrame {
  bool clicked = false;
  ImVec2 min, max;
  Colors c;
  ImDrawList* dl = nullptr;
};

ButtonFrame buttonFrame(const char* id, ImVec2 size, Style style, bool enabled, float borderWidth) {
  ButtonFrame b;
  bool hovered = false, held = false;
  b.clicked = press(id, resolveSize(size), enabled, b.min, b.max, hovered, held);
  b.c = colorsFor(style, enabled);
  b.dl = ImGui::GetWindowDrawList();
  const float r = theme().rounding;
  b.dl->AddRectFilled(b.min, b.max, held ? b.c.bgActive : hovered ? b.c.bgHover : b.c.bg, r);
  if ((b.c.border >> IM_COL32_A_SHIFT) != 0) b.dl->AddRect(b.min, b.max, b.c.border, r, 0, borderWidth);
  return b;
}

}  // namespace

bool button(const char* id, std::string_view label, ImVec2 size, Style style, bool enabled, ImFont* font) {
  const ButtonFrame b = buttonFrame(id, size, style, enabled, style == Style::Danger ? px(1.5f) : 1.0f);
  centredText(b.dl, font ? font : (style == Style::Primary || style == Style::Good ? theme().fonts.bold : theme().fonts.body),
              b.min, b.max, b.c.text, label);
  return b.clicked;
}

bool button2(const char* id, std::string_view label, std::string_view sub, ImVec2 size, Style style, bool enabled) {
  const ButtonFrame b = buttonFrame(id, size, style, enabled, 1.0f);
  const Fonts& f = theme().fonts;
  const float h1 = f.bold->FontSize, h2 = f.small->FontSize;
  const float top = b.min.y + (b.max.y - b.min.y - h1 - h2 - px(2)) / 2;
  centredText(b.dl, f.bold, ImVec2(b.min.x, top), ImVec2(b.max.x, top + h1), b.c.text, label);
  const ImU32 subColor = style == Style::Primary || style == Style::Good || style == Style::Selected ? b.c.text : theme().c.muted;
  centredText(b.dl, f.small, ImVec2(b.min.x, top + h1 + px(2)), ImVec2(b.max.x, top + h1 + px(2) + h2), subColor, sub);
  return b.clicked;
}

bool chip(const char* id, std::string_view label, ImU32 accent, bool active, float height) {
  const Theme& t = theme();
  ImFont* font = t.fonts.small;
  if (label.data() == nullptr) label = std::string_view("", 0);
  const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.data(), label.data() + label.size());
  const ImVec2 size(ts.x + px(36), height);
  ImVec2 min, max;
  bool hovered = false, held = false;
  const bool clicked = press(id, size, true, min, max, hovered, held);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 bg = active ? accent : (held || hovered ? t.c.panelAlt : t.c.panel);
  dl->AddRectFilled(min, max, bg, height / 2);
  dl->AddRect(min, max, active ? accent : t.c.border, height / 2);
  dl->AddCircleFilled(ImVec2(min.x + px(14), (min.y + max.y) / 2), px(5), active ? t.c.inverse : accent);
  dl->AddText(font, font->FontSize, ImVec2(min.x + px(24), std::floor((min.y + max.y - ts.y) / 2)), active ? t.c.inverse : t.c.text,
              label.data(), label.data() + label.size());
  return clicked;
}

void text(std::string_view s, ImFont* font, ImU32 color) {
  if (s.data() == nullptr) s = std::string_view("", 0);
  if (font) ImGui::PushFont(font);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
  if (color) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

void textWrapped(std::string_view s, float width, ImFont* font, ImU32 color) {
  if (s.data() == nullptr) s = std::string_view("", 0);
  if (font) ImGui::PushFont(font);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
  ImGui::PopTextWrapPos();
  if (color) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

void textRightAt(std::string_view s, float right, ImFont* font, ImU32 color) {
  if (s.data() == nullptr) s = std::string_view("", 0);
  ImFont* f = font ? font : ImGui::GetFont();
  const float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
  ImGui::SameLine(std::max(right - w, ImGui::GetCursorPosX()));
  text(s, font, color);
}

void textAt(ImDrawList* dl, ImVec2 pos, std::string_view s, ImFont* font, ImU32 color, float maxWidth) {
  if (s.empty()) return;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (maxWidth > 0 && font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, b, e).x > maxWidth) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::RenderTextEllipsis(dl, pos, ImVec2(pos.x + maxWidth, pos.y + font->FontSize * 1.3f), pos.x + maxWidth,
                              pos.x + maxWidth, b, e, nullptr);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    return;
  }
  dl->AddText(font, font->FontSize, pos, color, b, e);
}

void row(std::string_view label, std::string_view value, ImFont* font, ImU32 valueColor) {
  const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
  text(label, font, theme().c.muted);
  textRightAt(value, right, font, valueColor);
}

void separator() {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  dl->AddLine(ImVec2(p.x, p.y + px(2)), ImVec2(p.x + w, p.y + px(2)), theme().c.border, 1.0f);
  ImGui::Dummy(ImVec2(w, px(5)));
}

bool beginPanel(const char* id, ImVec2 size, ImU32 bg, float padding) {
  const Theme& t = theme();
  const float pad = padding < 0 ? t.pad : padding;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, bg ? bg : t.c.panel);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad, pad));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, 1.0f);
  ImGui::PushStyleColor(ImGuiCol_Border, t.c.border);
  // Panels lay out to their bottom edge; lists scroll in children of their own.
  const bool open = ImGui::BeginChild(id, size, true,
                                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleColor(2);
  ImGui::PopStyleVar(2);
  return open;
}

void endPanel() { ImGui::EndChild(); }

void setKeyboardBlocked(bool blocked) { g_keysBlocked = blocked; }

const std::string& typedText() {
  if (g_keysBlocked) return kNothing;
  static std::string typed;
  static int frame = -1;
  if (frame == ImGui::GetFrameCount()) return typed;
  frame = ImGui::GetFrameCount();
  typed.clear();
  ImGuiIO& io = ImGui::GetIO();
  // A focused text field owns the typing; otherwise it is a scan, a PIN or cash digits.
  if (io.WantTextInput) return typed;
  for (ImWchar ch : io.InputQueueCharacters) {
    if (ch >= 0x20 && ch < 0x7F) typed.push_back(static_cast<char>(ch));
  }
  return typed;
}

bool keyPressed(int key, bool repeat) { return !g_keysBlocked && ImGui::IsKeyPressed(key, repeat); }

bool enterPressed() { return keyPressed(keys::kEnter) || keyPressed(keys::kKeypadEnter); }

bool typeDigits(std::string& digits, std::size_t maxLen, bool allowComma) {
  bool changed = false;
  for (char ch : typedText()) {
    const bool comma = allowComma && (ch == ',' || ch == '.') && digits.find(',') == std::string::npos;
    if ((ch >= '0' && ch <= '9') || comma) {
      if (digits.size() < maxLen) {
        if (ch >= '0' && ch <= '9' && digits == "0") digits.clear();
        digits.push_back(comma ? ',' : ch);
        changed = true;
      }
    }
  }
  if (!ImGui::GetIO().WantTextInput && keyPressed(keys::kBackspace, true) && !digits.empty()) {
    digits.pop_back();
    changed = true;
  }
  return changed;
}

bool numpad(const char* id, std::string& digits, std::size_t maxLen, ImVec2 size, const Translator& tr, bool allowComma,
            bool pinLayout) {
  // A group, so the rows line up under the first one wherever the pad starts.
  ImGui::BeginGroup();
  ImGui::PushID(id);
  const float gap = theme().gap;
  const float w = (size.x - 2 * gap) / 3;
  const float h = (size.y - 3 * gap) / 4;
  bool changed = false;
  static const char* const kDigitIds[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
  for (int r = 0; r < 3; ++r) {
    for (int k = 0; k < 3; ++k) {
      const int d = r * 3 + k;
      if (k) ImGui::SameLine(0, gap);
      char label[2] = {static_cast<char>('1' + d), 0};
      if (button(kDigitIds[d], label, ImVec2(w, h), Style::Secondary, true, theme().fonts.large) && digits.size() < maxLen) {
        if (digits == "0") digits.clear();
        digits.push_back(label[0]);
        changed = true;
      }
    }
  }
  // Bottom row: C (PIN) or 000 / comma (money, percent), 0, backspace.
  if (pinLayout) {
    if (button("clear", tr(T::KeyClear), ImVec2(w, h), Style::Secondary, true, theme().fonts.large)) {
      digits.clear();
      changed = true;
    }
  } else if (allowComma) {
    if (button("comma", tr(T::KeyComma), ImVec2(w, h), Style::Secondary, true, theme().fonts.large) &&
        digits.find(',') == std::string::npos && digits.size() < maxLen) {
      digits += digits.empty() ? "0," : ",";
      changed = true;
    }
  } else {
    if (button("000", tr(T::KeyThousand), ImVec2(w, h), Style::Secondary, true, theme().fonts.large) && !digits.empty() &&
        digits.size() + 3 <= maxLen) {
      digits += "000";
      changed = true;
    }
  }
  ImGui::SameLine(0, gap);
  if (button("0", tr(T::KeyZero), ImVec2(w, h), Style::Secondary, true, theme().fonts.large) && digits.size() < maxLen &&
      digits != "0") {
    digits.push_back('0');
    changed = true;
  }
  ImGui::SameLine(0, gap);
  if (button("back", tr(T::KeyBack), ImVec2(w, h), Style::Secondary, !digits.empty(), theme().fonts.large)) {
    digits.pop_back();
    changed = true;
  }
  ImGui::PopID();
  ImGui::EndGroup();
  return changed;
}

void pinDots(std::size_t length, std::size_t slots, float width) {
  const Theme& t = theme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float r = px(10);
  const float step = px(34);
  const std::size_t shown = std::max(slots, length);
  const float total = step * static_cast<float>(shown - 1);
  const float x0 = p.x + (width - total) / 2;
  for (std::size_t i = 0; i < shown; ++i) {
    const ImVec2 c(x0 + step * static_cast<float>(i), p.y + r + px(4));
    if (i < length) dl->AddCircleFilled(c, r, t.c.text, 24);
    else dl->AddCircle(c, r, t.c.border, 24, px(2));
  }
  ImGui::Dummy(ImVec2(width, 2 * r + px(8)));
}

void displayBox(const char* id, std::string_view label, std::string_view value, ImVec2 size, bool active) {
  const Theme& t = theme();
  size = resolveSize(size);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, active ? t.c.panel : t.c.panelAlt, t.rounding);
  dl->AddRect(min, max, active ? t.c.primary : t.c.border, t.rounding, 0, active ? px(2) : 1.0f);
  if (!label.empty())
    dl->AddText(t.fonts.small, t.fonts.small->FontSize, ImVec2(min.x + px(12), min.y + px(8)), t.c.muted, label.data(),
                label.data() + label.size());
  if (value.data() == nullptr) value = std::string_view("", 0);
  ImFont* big = t.fonts.title;
  const ImVec2 ts = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, value.data(), value.data() + value.size());
  dl->AddText(big, big->FontSize, ImVec2(max.x - px(14) - ts.x, max.y - px(8) - ts.y), t.c.text, value.data(),
              value.data() + value.size());
  ImGui::PushID(id);
  ImGui::Dummy(size);
  ImGui::PopID();
}

void beginScreen(const char* id) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, theme().c.bg);
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleColor();
}

void beginModal(const char* id, ImVec2 size) {
  const ImGuiIO& io = ImGui::GetIO();
  const Theme& t = theme();
  // The dimmed layer takes every tap outside the card, so nothing behind it can be pressed.
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, t.c.dim);
  // Not NoBringToFrontOnFocus: ImGui puts such windows at the back of the display order. Brought
  // to the front without taking the focus: focusing it every frame would clear the card's active
  // button between press and release, and no tap on the card would ever land.
  ImGui::Begin(idx("##dim", static_cast<long long>(ImGui::GetID(id))), nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoNav);
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImGui::End();
  ImGui::PopStyleColor();

  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(size);
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, t.c.panel);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(t.pad * 1.5f, t.pad * 1.5f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, t.rounding * 1.5f);
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
}

void endModal() {
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
}

}  // namespace ui
}  // namespace pameran::kiosk
