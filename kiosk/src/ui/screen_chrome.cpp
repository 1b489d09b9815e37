// The frame around every screen: navigation on top, status (event, sync, clock) at the bottom,
// and the banner that carries errors and confirmations.
#include <imgui.h>

#include <cmath>

#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

float drawTopBar(UiState& ui, const ChromeVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  const float h = std::floor(px(68));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(io.DisplaySize.x, h), t.c.topBar);

  // Brand
  ImFont* brand = t.fonts.large;
  const std::string& name = tr(T::AppName);
  dl->AddText(brand, brand->FontSize, ImVec2(t.pad, std::floor((h - brand->FontSize) / 2)), t.c.topBarText, name.c_str());
  const float brandW = brand->CalcTextSizeA(brand->FontSize, FLT_MAX, 0, name.c_str()).x;

  struct Nav {
    const char* id;
    T label;
    Screen screen;
  };
  static const Nav kNav[] = {{"nav-sell", T::NavSell, Screen::Sell},     {"nav-refund", T::NavRefund, Screen::Refund},
                             {"nav-stock", T::NavStock, Screen::Stock},   {"nav-shift", T::NavShift, Screen::Shift},
                             {"nav-today", T::NavToday, Screen::Today},   {"nav-settings", T::NavSettings, Screen::Settings}};
  float x = t.pad + brandW + px(28);
  const float navH = h - px(12);
  for (const Nav& n : kNav) {
    const bool active = ui.screen == n.screen || (n.screen == Screen::Sell && (ui.screen == Screen::Payment || ui.screen == Screen::Receipt));
    const std::string& label = tr(n.label);
    const float w = t.fonts.bold->CalcTextSizeA(t.fonts.bold->FontSize, FLT_MAX, 0, label.c_str()).x + px(34);
    ImGui::SetCursorPos(ImVec2(x, h - navH));
    // The active tab joins the page below it.
    if (button(n.id, label, ImVec2(w, navH + t.rounding), active ? Style::NavActive : Style::Nav, true, t.fonts.bold) &&
        !active)
      out.emit(act::Navigate{n.screen});
    x += w + px(4);
  }
  dl->AddRectFilled(ImVec2(0, h), ImVec2(io.DisplaySize.x, h + t.rounding), t.c.bg);

  // Who is logged in, and switching user (the open cart stays).
  const std::string& switchLabel = tr(T::NavSwitchUser);
  const float switchW = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, switchLabel.c_str()).x + px(32);
  const float right = io.DisplaySize.x - t.pad;
  ImGui::SetCursorPos(ImVec2(right - switchW, px(9)));
  if (button("switch-user", switchLabel, ImVec2(switchW, h - px(18)), Style::Nav)) out.emit(act::SwitchUser{});
  dl->AddRect(ImVec2(right - switchW, px(9)), ImVec2(right, h - px(9)), IM_COL32(255, 255, 255, 90), t.rounding);
  const float staffW = t.fonts.bold->CalcTextSizeA(t.fonts.bold->FontSize, FLT_MAX, 0, vm.staff.c_str()).x;
  const float staffX = std::max(x + px(12), right - switchW - px(14) - staffW);
  textAt(dl, ImVec2(staffX, std::floor((h - t.fonts.bold->FontSize) / 2)), vm.staff, t.fonts.bold, t.c.topBarText,
         right - switchW - px(14) - staffX);
  return h;
}

void drawStatusBar(const ChromeVm& vm, const Translator& tr, Actions& out, float y, float height) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, y), ImVec2(io.DisplaySize.x, y + height), t.c.panel);
  dl->AddLine(ImVec2(0, y), ImVec2(io.DisplaySize.x, y), t.c.border);
  ImFont* f = t.fonts.small;
  const float ty = y + std::floor((height - f->FontSize) / 2);

  // Right: the clock; then the sync indicator; the rest is the event, or the banner.
  const float clockW = t.fonts.bold->CalcTextSizeA(t.fonts.bold->FontSize, FLT_MAX, 0, vm.clock.c_str()).x;
  float right = io.DisplaySize.x - t.pad;
  dl->AddText(t.fonts.bold, t.fonts.bold->FontSize, ImVec2(right - clockW, y + std::floor((height - t.fonts.bold->FontSize) / 2)),
              t.c.text, vm.clock.c_str());
  right -= clockW + px(24);
  const std::string& label = vm.syncLine;
  const float syncW = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str()).x;
  const float syncX = right - syncW;
  dl->AddCircleFilled(ImVec2(syncX - px(12), y + height / 2), px(5), toneColor(vm.syncTone), 16);
  dl->AddText(f, f->FontSize, ImVec2(syncX, ty), t.c.text, label.c_str());
  right = syncX - px(30);
  if (!vm.insecure.empty()) {
    // Plain http to the server (enrolled with --allow-insecure-http): always in sight.
    const float iw = t.fonts.bold->CalcTextSizeA(f->FontSize, FLT_MAX, 0, vm.insecure.c_str()).x;
    dl->AddRectFilled(ImVec2(right - iw - px(16), y + px(4)), ImVec2(right, y + height - px(4)), t.c.warn, t.rounding);
    dl->AddText(t.fonts.bold, f->FontSize, ImVec2(right - iw - px(8), ty), IM_COL32(255, 255, 255, 255), vm.insecure.c_str());
    right -= iw + px(30);
  }
  if (!vm.auditBroken.empty()) {
    const float aw = t.fonts.bold->CalcTextSizeA(f->FontSize, FLT_MAX, 0, vm.auditBroken.c_str()).x;
    dl->AddRectFilled(ImVec2(right - aw - px(16), y + px(4)), ImVec2(right, y + height - px(4)), t.c.bad, t.rounding);
    dl->AddText(t.fonts.bold, f->FontSize, ImVec2(right - aw - px(8), ty), IM_COL32(255, 255, 255, 255), vm.auditBroken.c_str());
    probeText("audit-broken", {vm.auditBroken});
    right -= aw + px(30);
  }
  if (!vm.jobs.empty()) {
    const float jw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, vm.jobs.c_str()).x;
    dl->AddText(f, f->FontSize, ImVec2(right - jw, ty), t.c.warn, vm.jobs.c_str());
    right -= jw + px(24);
  }

  if (vm.showBanner) {
    // Errors and confirmations appear here, in colour, where they cover nothing.
    ImU32 bg = t.c.primarySoft, accent = t.c.primary;
    if (vm.bannerKind == BannerKind::Error) {
      bg = t.c.badSoft;
      accent = t.c.bad;
    } else if (vm.bannerKind == BannerKind::Success) {
      bg = t.c.goodSoft;
      accent = t.c.good;
    }
    const float closeW = px(46);
    const ImVec2 a(0, y + 1), b(right, y + height);
    dl->AddRectFilled(a, b, bg);
    dl->AddRectFilled(a, ImVec2(px(8), b.y), accent);
    const float textW = right - px(24) - closeW - t.pad;
    ImFont* bf = t.fonts.bold;
    ImVec2 ts = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, vm.banner.c_str());
    if (ts.x > textW) {
      bf = t.fonts.small;
      ts = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, textW, vm.banner.c_str());
    }
    const ImVec4 clip(a.x, a.y, a.x + px(24) + textW, b.y);
    dl->AddText(bf, bf->FontSize, ImVec2(px(24), std::floor(y + (height - ts.y) / 2)), vm.bannerKind == BannerKind::Error ? t.c.bad : t.c.text,
                vm.banner.c_str(), nullptr, textW, &clip);
    ImGui::SetCursorScreenPos(ImVec2(right - closeW - px(8), y + 1));
    if (button("banner-close", tr(T::KeyClose), ImVec2(closeW + px(4), height - 1), Style::Ghost, true, t.fonts.large))
      out.emit(act::DismissBanner{});
    return;
  }
  const float titleW = std::min(right - t.pad, t.fonts.bold->CalcTextSizeA(f->FontSize, FLT_MAX, 0, vm.title.c_str()).x);
  textAt(dl, ImVec2(t.pad, ty), vm.title, t.fonts.small, t.c.text, titleW);
  if (!vm.subtitle.empty() && right - t.pad - titleW > px(80))
    textAt(dl, ImVec2(t.pad + titleW + px(18), ty), vm.subtitle, f, t.c.muted, right - t.pad - titleW - px(18));
}

}  // namespace pameran::kiosk::screens
