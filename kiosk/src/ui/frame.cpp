// One frame of the kiosk: chrome, the screen on show, the supervisor PIN card, the banner.
#include <imgui.h>

#include <cmath>

#include "pameran/kiosk/app_controller.hpp"
#include "pameran/kiosk/ui.hpp"
#include "pameran/kiosk/view_models.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk {

void drawFrame(AppController& app) {
  UiState& ui = app.ui();
  const SessionData& data = app.data();
  const Translator& tr = app.tr();
  Actions& out = app.actions();
  const ui::Theme& t = ui::theme();
  const ImGuiIO& io = ImGui::GetIO();

  // Ctrl+Q quits from anywhere (DESIGN.md); committed sales are already on disk.
  if (io.KeyCtrl && ui::keyPressed(keys::kQ)) out.emit(act::Quit{});

  ui::beginScreen("##kiosk");

  const ChromeVm chrome = buildChromeVm(ui, data, tr);
  const float statusH = std::floor(ui::px(50));
  float top = 0;
  const bool modalOpen = ui.supervisor.purpose != SupervisorPurpose::None;
  if (modalOpen) ImGui::BeginDisabled();
  ui::setKeyboardBlocked(modalOpen);
  if (chrome.loggedIn && ui.screen != Screen::Login) top = screens::drawTopBar(ui, chrome, tr, out);

  // The screen fills what the bars leave.
  ImGui::SetCursorPos(ImVec2(t.pad, top + t.pad));
  const ImVec2 area(io.DisplaySize.x - 2 * t.pad, io.DisplaySize.y - top - statusH - 2 * t.pad);
  ImGui::BeginChild("##screen", area, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  // One line per screen: its state, its view model from the session's and its feature's data.
  switch (ui.screen) {
    case Screen::Login: screens::drawLogin(ui.login, buildLoginVm(ui.login, data, app.login().data(), tr), tr, out); break;
    case Screen::Sell: screens::drawSell(ui.sell, buildSellVm(ui.sell, data, app.cart().data(), tr), tr, out); break;
    case Screen::Payment: screens::drawPayment(ui.payment, buildPaymentVm(ui.payment, data, app.payment().data(), tr), tr, out); break;
    case Screen::Receipt: screens::drawReceipt(buildReceiptVm(data, tr), tr, out); break;
    case Screen::Refund: screens::drawRefund(ui.refund, buildRefundVm(ui.refund, data, app.refund().data(), tr), tr, out); break;
    case Screen::Stock: screens::drawStock(ui.stock, buildStockVm(ui.stock, data, app.stock().data(), tr), tr, out); break;
    case Screen::Shift: screens::drawShift(ui.shift, buildShiftVm(ui.shift, data, app.shift().data(), tr), tr, out); break;
    case Screen::Today: screens::drawToday(ui.today, buildTodayVm(data, app.today().data(), tr), tr, out); break;
    case Screen::Settings: screens::drawSettings(ui.settings, buildSettingsVm(ui.settings, data, tr), tr, out); break;
  }
  ImGui::EndChild();
  if (modalOpen) ImGui::EndDisabled();
  ui::setKeyboardBlocked(false);

  screens::drawStatusBar(chrome, tr, out, io.DisplaySize.y - statusH, statusH);
  ImGui::End();

  if (modalOpen) screens::drawSupervisor(ui.supervisor, buildSupervisorVm(ui.supervisor, tr), tr, out);
}

}  // namespace pameran::kiosk
