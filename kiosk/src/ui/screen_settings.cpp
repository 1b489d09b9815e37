// Settings: language, printer (device, tcp://host:9100 or a file), receipt width and the central
// server's address. Saving a new printer or server asks for a supervisor's PIN.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "pameran/kiosk/ui.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

namespace {

// A labelled one-line text field of touch height.
void field(const char* id, const char* hint, std::string& value, float width) {
  const float fieldH = px(54);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(14), (fieldH - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(width);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImGui::InputTextWithHint((std::string("##") + id).c_str(), hint, &value);
  probe(id, min, ImVec2(min.x + width, min.y + fieldH), true);
  ImGui::PopStyleVar();
}

}  // namespace

void drawSettings(SettingsState& state, const SettingsVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  if (!state.loaded) {
    state.printer = vm.printer;
    state.width = vm.width;
    state.serverUrl = vm.serverUrl;
    state.loaded = true;
  }
  const float colW = (area.x - t.pad) / 2;
  if (beginPanel("settings-left", ImVec2(colW, area.y), t.c.panel, px(26))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::SettingsLanguage), t.fonts.large);
    const float hw = (w - t.gap) / 2;
    if (button("lang-id", tr(T::SettingsIndonesian), ImVec2(hw, t.touch), vm.language == Language::Id ? Style::Selected : Style::Secondary) &&
        vm.language != Language::Id)
      out.emit(act::SetLanguage{Language::Id});
    ImGui::SameLine(0, t.gap);
    if (button("lang-en", tr(T::SettingsEnglish), ImVec2(hw, t.touch), vm.language == Language::En ? Style::Selected : Style::Secondary) &&
        vm.language != Language::En)
      out.emit(act::SetLanguage{Language::En});
    ImGui::Dummy(ImVec2(1, px(16)));
    text(tr(T::SettingsAbout), t.fonts.large);
    textWrapped(vm.device, w, t.fonts.body);
    textWrapped(vm.threshold, w, t.fonts.body, t.c.muted);
    text(tr(T::SettingsDatabase), t.fonts.small, t.c.muted);
    textWrapped(vm.database, w, t.fonts.small);
  }
  endPanel();
  ImGui::SameLine(0, t.pad);
  if (beginPanel("settings-right", ImVec2(colW, area.y), t.c.panel, px(26))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::SettingsPrinter), t.fonts.large);
    textWrapped(vm.printerHint, w, t.fonts.small, t.c.muted);
    field("printer", tr.c(T::SettingsPrinterPlaceholder), state.printer, w);
    ImGui::Dummy(ImVec2(1, px(4)));
    text(tr(T::SettingsWidth), t.fonts.bold);
    const float hw = (w - t.gap) / 2;
    if (button("width-32", tr(T::SettingsWidth58), ImVec2(hw, t.touch), state.width == 32 ? Style::Selected : Style::Secondary)) state.width = 32;
    ImGui::SameLine(0, t.gap);
    if (button("width-48", tr(T::SettingsWidth80), ImVec2(hw, t.touch), state.width == 48 ? Style::Selected : Style::Secondary)) state.width = 48;
    ImGui::Dummy(ImVec2(1, px(8)));
    text(tr(T::SettingsServer), t.fonts.large);
    textWrapped(vm.serverHint, w, t.fonts.small, t.c.muted);
    field("server-url", tr.c(T::SettingsServerPlaceholder), state.serverUrl, w);
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
    if (vm.needsSupervisor) {
      ImGui::SetCursorPosY(bottom - t.touch - t.gap - t.fonts.small->FontSize);
      text(tr(T::SettingsNeedsSupervisor), t.fonts.small, t.c.warn);
    }
    ImGui::SetCursorPosY(bottom - t.touch);
    if (button("test-print", tr(T::SettingsTestPrint), ImVec2(hw, t.touch))) out.emit(act::TestPrint{});
    ImGui::SameLine(0, t.gap);
    if (button("settings-save", tr(T::SettingsSave), ImVec2(hw, t.touch), Style::Primary))
      out.emit(act::SaveSettings{state.printer, state.width, state.serverUrl});
  }
  endPanel();
}

void drawSupervisor(SupervisorState& state, const SupervisorVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  typeDigits(state.pin, 8);
  beginModal("##supervisor", ImVec2(px(520), px(650)));
  const float w = ImGui::GetContentRegionAvail().x;
  text(vm.title, t.fonts.large);
  textWrapped(vm.detail, w, t.fonts.body, t.c.muted);
  ImGui::Dummy(ImVec2(1, px(6)));
  text(tr(T::SupPinLabel), t.fonts.bold);
  pinDots(vm.pinLength, 4, w);
  numpad("sup-pad", state.pin, 8, ImVec2(w, px(300)), tr, false, true);
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - t.touch);
  const float bw = (w - t.gap) / 2;
  const bool cancel = button("sup-cancel", tr(T::Cancel), ImVec2(bw, t.touch)) || keyPressed(keys::kEscape);
  ImGui::SameLine(0, t.gap);
  const bool ok = button("sup-approve", tr(T::SupApprove), ImVec2(bw, t.touch), Style::Primary, state.pin.size() >= 4) ||
                  (enterPressed() && state.pin.size() >= 4);
  endModal();
  if (cancel) out.emit(act::SupervisorCancel{});
  else if (ok) out.emit(act::SupervisorPin{state.pin});
}

}  // namespace pameran::kiosk::screens
