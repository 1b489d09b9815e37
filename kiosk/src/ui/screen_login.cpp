// Login: pick yourself (optional) and type the PIN on the pad or the keyboard, then Enter.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "pameran/kiosk/ui.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

void drawLogin(LoginState& state, const LoginVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();

  // The keyboard works as the pad does: digits, Backspace, Esc clears, Enter logs in.
  if (!vm.locked) typeDigits(state.pin, 8);
  if (keyPressed(keys::kEscape)) state.pin.clear();
  if (enterPressed() && vm.canSubmit) out.emit(act::Login{state.pin, state.pickedStaffId});

  const float cardW = std::min(px(1040), area.x);
  const float cardH = std::min(px(620), area.y);
  ImGui::SetCursorPos(ImVec2(std::floor((area.x - cardW) / 2), std::floor((area.y - cardH) / 2)));
  if (beginPanel("login-card", ImVec2(cardW, cardH), 0, px(32))) {
    const float innerW = ImGui::GetContentRegionAvail().x;
    const float padW = std::min(px(360), innerW * 0.42f);
    const float leftW = innerW - padW - px(48);

    // Left: the event and who works here.
    ImGui::BeginGroup();
    text(tr(T::AppName), t.fonts.small, t.c.primary);
    textWrapped(vm.eventName, leftW, t.fonts.title);
    if (!vm.venue.empty()) textWrapped(vm.venue, leftW, t.fonts.body, t.c.muted);
    ImGui::Dummy(ImVec2(1, px(14)));
    if (vm.hasStaff) {
      text(tr(T::LoginPickStaff), t.fonts.bold);
      text(tr(T::LoginPickHint), t.fonts.small, t.c.muted);
      ImGui::Dummy(ImVec2(1, px(4)));
      const float chipW = (leftW - t.gap) / 2;
      int col = 0;
      for (const LoginVm::StaffChip& s : vm.staff) {
        if (col++ % 2) ImGui::SameLine(0, t.gap);
        if (button2(idx("staff", s.id), s.name, s.role, ImVec2(chipW, px(68)), s.picked ? Style::Selected : Style::Secondary))
          state.pickedStaffId = s.picked ? 0 : s.id;
      }
    } else {
      textWrapped(vm.hasEvent ? tr(T::LoginNoStaff) : tr(T::LoginNoEventHelp), leftW, t.fonts.body, t.c.bad);
    }
    if (!vm.keptCart.empty()) {
      ImGui::Dummy(ImVec2(1, px(12)));
      textWrapped(vm.keptCart, leftW, t.fonts.body, t.c.warn);
    }
    ImGui::EndGroup();

    // Right: the PIN pad.
    ImGui::SameLine(innerW - padW + px(32));
    ImGui::BeginGroup();
    text(vm.prompt, t.fonts.large);
    ImGui::Dummy(ImVec2(1, px(6)));
    pinDots(vm.pinLength, 4, padW);
    if (vm.locked) textWrapped(vm.lockText, padW, t.fonts.bold, t.c.bad);
    else ImGui::Dummy(ImVec2(1, t.fonts.bold->FontSize));
    ImGui::Dummy(ImVec2(1, px(4)));
    const float padH = std::min(px(300), ImGui::GetContentRegionAvail().y - t.touch - px(28));
    if (vm.locked) ImGui::BeginDisabled();
    numpad("pin", state.pin, 8, ImVec2(padW, padH), tr, false, true);
    if (vm.locked) ImGui::EndDisabled();
    ImGui::Dummy(ImVec2(1, px(2)));
    if (button("login", tr(T::LoginButton), ImVec2(padW, t.touch + px(6)), Style::Primary, vm.canSubmit, t.fonts.large))
      out.emit(act::Login{state.pin, state.pickedStaffId});
    ImGui::EndGroup();
  }
  endPanel();
}

}  // namespace pameran::kiosk::screens
