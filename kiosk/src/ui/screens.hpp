#pragma once
// The screens: each draws its view model and edits only its own state; anything for core is an
// action. Draw functions never throw and never touch SQLite, files or the clock.
#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/state.hpp"
#include "pameran/kiosk/text.hpp"
#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk::screens {

/// Top bar (navigation, who is logged in) and the status bar (event, sync, clock).
float drawTopBar(UiState& ui, const ChromeVm& vm, const Translator& tr, Actions& out);
/// The status bar; a banner (error, confirmation) takes its left part, in colour.
void drawStatusBar(const ChromeVm& vm, const Translator& tr, Actions& out, float y, float height);

void drawLogin(LoginState& state, const LoginVm& vm, const Translator& tr, Actions& out);
void drawSell(SellState& state, const SellVm& vm, const Translator& tr, Actions& out);
/// The notice of what a catalog refresh changed, `width` wide, when there is one (sell screen).
void drawCatalogNotice(const SellVm& vm, const Translator& tr, Actions& out, float width);
/// The price tags to print again (sell screen for supervisors, stock screen), `width` wide, when
/// there are any: the products, and buttons that print them or dismiss the list.
void drawReprintNotice(const ReprintVm& vm, const Translator& tr, Actions& out, float width);
void drawPayment(PaymentState& state, const PaymentVm& vm, const Translator& tr, Actions& out);
void drawReceipt(const ReceiptVm& vm, const Translator& tr, Actions& out);
void drawRefund(RefundState& state, const RefundVm& vm, const Translator& tr, Actions& out);
void drawStock(StockState& state, const StockVm& vm, const Translator& tr, Actions& out);
void drawShift(ShiftUiState& state, const ShiftVm& vm, const Translator& tr, Actions& out);
void drawToday(TodayState& state, const TodayVm& vm, const Translator& tr, Actions& out);
void drawSettings(SettingsState& state, const SettingsVm& vm, const Translator& tr, Actions& out);
void drawSupervisor(SupervisorState& state, const SupervisorVm& vm, const Translator& tr, Actions& out);

}  // namespace pameran::kiosk::screens
