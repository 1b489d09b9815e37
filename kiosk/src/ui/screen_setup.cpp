// First boot (setup.hpp): the enrollment code, then the first staff, on one card.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "pameran/kiosk/setup.hpp"
#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk {
namespace {

using namespace ui;

constexpr float kCardPadding = 32;
constexpr float kColumnGap = 48;

// A labelled text field of touch height; returns true when Enter was pressed in it.
bool field(const char* id, std::string_view label, const char* hint, std::string& value, float width, bool& focus,
           ImGuiInputTextFlags flags = 0) {
  const Theme& t = theme();
  text(label, t.fonts.bold);
  const float fieldH = px(54);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(14), (fieldH - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(width);
  if (focus) {
    ImGui::SetKeyboardFocusHere();
    focus = false;
  }
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const std::string imguiId = std::string("##") + id;
  const bool enter = ImGui::InputTextWithHint(imguiId.c_str(), hint, &value, flags | ImGuiInputTextFlags_EnterReturnsTrue);
  probe(id, min, ImVec2(min.x + width, min.y + fieldH), true);
  ImGui::PopStyleVar();
  ImGui::Dummy(ImVec2(1, px(6)));
  return enter;
}

void status(const SetupVm& vm, float width) {
  const Theme& t = theme();
  if (vm.status.empty()) return;
  textWrapped(vm.status, width, t.fonts.body, toneColor(vm.statusTone));
}

void drawEnroll(SetupState& state, const SetupVm& vm, const Translator& tr, std::vector<SetupAction>& out, float leftW, float rightW) {
  const Theme& t = theme();
  ImGui::BeginGroup();
  text(tr(T::AppName), t.fonts.small, t.c.primary);
  textWrapped(tr(T::SetupTitle), leftW, t.fonts.title);
  ImGui::Dummy(ImVec2(1, px(8)));
  textWrapped(tr(T::SetupIntro), leftW, t.fonts.body);
  ImGui::Dummy(ImVec2(1, px(14)));
  textWrapped(tr(T::SetupOrganizerHint), leftW, t.fonts.small, t.c.muted);
  ImGui::Dummy(ImVec2(1, px(8)));
  textWrapped(vm.terminalHint, leftW, t.fonts.small, t.c.muted);
  ImGui::Dummy(ImVec2(1, px(8)));
  textWrapped(vm.database, leftW, t.fonts.small, t.c.muted);
  ImGui::EndGroup();

  ImGui::SameLine(px(kCardPadding) + leftW + px(kColumnGap));
  ImGui::BeginGroup();
  bool noFocus = false;
  field("setup-server", tr(T::SetupServer), tr.c(T::SetupServerHint), state.server, rightW, noFocus);
  // A scanner may type the code while no field has the cursor: it still lands in the code.
  if (!ImGui::GetIO().WantTextInput && !vm.busy)
    for (char ch : typedText()) state.code.push_back(ch);
  bool enter = field("setup-code", tr(T::SetupCode), tr.c(T::SetupCodeHint), state.code, rightW, state.focusCode,
                     ImGuiInputTextFlags_CharsUppercase);
  enter = enter || (enterPressed() && !ImGui::GetIO().WantTextInput);
  ImGui::Dummy(ImVec2(1, px(4)));
  const bool tapped = button("setup-enroll", vm.busy ? tr(T::SetupEnrolling) : tr(T::SetupEnroll), ImVec2(rightW, t.touch + px(6)),
                             Style::Primary, vm.canEnroll, t.fonts.large);
  ImGui::Dummy(ImVec2(1, px(8)));
  status(vm, rightW);
  ImGui::EndGroup();
  if ((tapped || enter) && vm.canEnroll) out.emplace_back(setup_act::Enroll{state.server, state.code});
}

void drawStaff(SetupState& state, const SetupVm& vm, const Translator& tr, std::vector<SetupAction>& out, float leftW, float rightW) {
  const Theme& t = theme();
  ImGui::BeginGroup();
  text(tr(T::AppName), t.fonts.small, t.c.primary);
  textWrapped(tr(T::SetupStaffTitle), leftW, t.fonts.title);
  if (!vm.eventName.empty()) textWrapped(vm.eventName, leftW, t.fonts.large, t.c.muted);
  ImGui::Dummy(ImVec2(1, px(8)));
  textWrapped(tr(T::SetupStaffIntro), leftW, t.fonts.body);
  ImGui::Dummy(ImVec2(1, px(12)));
  for (const std::string& s : vm.staff) text(s, t.fonts.bold);
  ImGui::Dummy(ImVec2(1, px(8)));
  textWrapped(vm.database, leftW, t.fonts.small, t.c.muted);
  ImGui::EndGroup();

  ImGui::SameLine(px(kCardPadding) + leftW + px(kColumnGap));
  ImGui::BeginGroup();
  bool enter = field("setup-name", tr(T::SetupStaffName), "", state.staffName, rightW, state.focusName);
  const float hw = (rightW - t.gap) / 2;
  if (button("setup-role-supervisor", tr(T::RoleSupervisor), ImVec2(hw, t.touch),
             state.role == core::Role::Supervisor ? Style::Selected : Style::Secondary))
    state.role = core::Role::Supervisor;
  ImGui::SameLine(0, t.gap);
  if (button("setup-role-cashier", tr(T::RoleCashier), ImVec2(hw, t.touch), state.role == core::Role::Cashier ? Style::Selected : Style::Secondary))
    state.role = core::Role::Cashier;
  ImGui::Dummy(ImVec2(1, px(6)));
  bool noFocus = false;
  const ImGuiInputTextFlags pinFlags = ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal;
  enter = field("setup-pin", tr(T::SetupStaffPin), "", state.pin, hw, noFocus, pinFlags) || enter;
  enter = field("setup-pin-again", tr(T::SetupStaffPinAgain), "", state.pinAgain, hw, noFocus, pinFlags) || enter;
  const bool add = button("setup-add", tr(T::SetupStaffAdd), ImVec2(rightW, t.touch), Style::Primary, vm.canAddStaff);
  ImGui::Dummy(ImVec2(1, px(8)));
  status(vm, rightW);
  ImGui::Dummy(ImVec2(1, px(8)));
  const bool start = button("setup-start", tr(T::SetupStart), ImVec2(rightW, t.touch + px(6)), Style::Good, vm.canFinish, t.fonts.large);
  ImGui::EndGroup();
  if ((add || enter) && vm.canAddStaff) out.emplace_back(setup_act::AddStaff{state.staffName, state.role, state.pin, state.pinAgain});
  else if (start && vm.canFinish) out.emplace_back(setup_act::Finish{});
}

}  // namespace

void drawSetupFrame(SetupController& setup) {
  const ImGuiIO& io = ImGui::GetIO();
  const Theme& t = theme();
  const Translator& tr = setup.tr();
  const SetupVm vm = setup.viewModel();
  std::vector<SetupAction>& out = setup.actions();
  if (io.KeyCtrl && keyPressed(keys::kQ)) out.emplace_back(setup_act::Quit{});

  beginScreen("##setup");
  const float cardW = std::min(px(1120), io.DisplaySize.x - 2 * t.pad);
  const float cardH = std::min(px(680), io.DisplaySize.y - 2 * t.pad);
  ImGui::SetCursorPos(ImVec2(std::floor((io.DisplaySize.x - cardW) / 2), std::floor((io.DisplaySize.y - cardH) / 2)));
  if (beginPanel("setup-card", ImVec2(cardW, cardH), 0, px(kCardPadding))) {
    const float innerW = ImGui::GetContentRegionAvail().x;
    const float rightW = std::min(px(460), innerW * 0.45f);
    const float leftW = innerW - rightW - px(kColumnGap);
    if (vm.step == SetupStep::Enroll) drawEnroll(setup.state(), vm, tr, out, leftW, rightW);
    else drawStaff(setup.state(), vm, tr, out, leftW, rightW);
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - t.fonts.small->FontSize;
    ImGui::SetCursorPosY(bottom);
    text(tr(T::SetupQuitHint), t.fonts.small, t.c.muted);
  }
  endPanel();
  ImGui::End();
}

}  // namespace pameran::kiosk
