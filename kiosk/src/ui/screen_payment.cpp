// Payment: cash with quick tenders and change, QRIS with the exact amount (one QR per vendor, or
// the organizer's), card / transfer / e-wallet with a reference, and split tender.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "pameran/kiosk/ui.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

namespace {

void drawSummary(const PaymentVm& vm, const Translator& tr, Actions& out, ImVec2 size) {
  const Theme& t = theme();
  if (beginPanel("pay-summary", size, t.c.panel, px(20))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::PayTotal), t.fonts.body, t.c.muted);
    text(vm.total, t.fonts.huge);
    text(vm.items, t.fonts.body, t.c.muted);
    if (!vm.vendorSubtotals.empty()) {
      ImGui::Dummy(ImVec2(1, px(6)));
      text(tr(T::SellPerVendor), t.fonts.small, t.c.muted);
      for (const SellVm::VendorSubtotal& v : vm.vendorSubtotals) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddCircleFilled(ImVec2(p.x + px(5), p.y + t.fonts.body->FontSize / 2 + px(1)), px(5), sectorColor(v.sector));
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + px(16));
        const float right = ImGui::GetCursorPosX() - px(16) + w;
        text(v.name);
        textRightAt(v.amount, right, t.fonts.bold);
      }
    }
    ImGui::Dummy(ImVec2(1, px(6)));
    separator();
    text(tr(T::PayTenders), t.fonts.bold);
    if (!vm.hasTenders) text(tr(T::PayNoTenders), t.fonts.small, t.c.muted);
    for (std::size_t i = 0; i < vm.tenders.size(); ++i) {
      const PaymentVm::TenderLine& l = vm.tenders[i];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float btn = px(48);
      ImFont* af = t.fonts.bold;
      const float aw = af->CalcTextSizeA(af->FontSize, FLT_MAX, 0, l.amount.c_str()).x;
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddText(af, af->FontSize, ImVec2(p.x + w - btn - px(10) - aw, p.y + (btn - af->FontSize) / 2), t.c.text, l.amount.c_str());
      const float labelW = w - btn - aw - px(24);
      const ImVec2 ls = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, labelW, l.label.c_str());
      dl->AddText(t.fonts.body, t.fonts.body->FontSize, ImVec2(p.x, p.y + std::max(0.0f, (btn - ls.y) / 2)), t.c.text, l.label.c_str(),
                  nullptr, labelW);
      ImGui::SetCursorScreenPos(ImVec2(p.x + w - btn, p.y));
      if (button(idx("untender", static_cast<long long>(i)), tr(T::KeyClose), ImVec2(btn, btn), Style::Ghost, true, t.fonts.large))
        out.emit(act::RemoveTender{static_cast<int>(i)});
      ImGui::SetCursorScreenPos(p);
      ImGui::Dummy(ImVec2(w, std::max(btn, ls.y)));
    }
    // What is left to pay, and the way back to the cart.
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
    const float sp = ImGui::GetStyle().ItemSpacing.y;
    ImGui::SetCursorPosY(bottom - t.touch - px(12) - t.fonts.title->FontSize - sp - t.fonts.small->FontSize - sp - px(5) - sp);
    separator();
    text(tr(T::PayRemaining), t.fonts.small, t.c.muted);
    text(vm.remaining, t.fonts.title, t.c.primary);
    ImGui::SetCursorPosY(bottom - t.touch);
    if (button("pay-back", tr(T::PayBack), ImVec2(w, t.touch))) out.emit(act::BackToSell{});
  }
  endPanel();
}

void drawCash(PaymentState& state, const PaymentVm& vm, const Translator& tr, Actions& out, ImVec2 size) {
  const Theme& t = theme();
  const float leftW = std::floor(size.x * 0.47f);
  const float padW = size.x - leftW - px(24);
  ImGui::BeginGroup();
  displayBox("cash-box", tr(T::PayCashReceivedLabel), vm.tendered, ImVec2(leftW, px(92)));
  ImGui::Dummy(ImVec2(1, px(4)));
  // Change, large: the number the cashier counts out.
  {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = px(118);
    dl->AddRectFilled(p, ImVec2(p.x + leftW, p.y + h), vm.changeKnown ? t.c.goodSoft : t.c.panelAlt, t.rounding);
    dl->AddText(t.fonts.body, t.fonts.body->FontSize, ImVec2(p.x + px(16), p.y + px(10)), t.c.muted, tr.c(T::PayChange));
    dl->AddText(t.fonts.huge, t.fonts.huge->FontSize, ImVec2(p.x + px(16), p.y + h - px(12) - t.fonts.huge->FontSize),
                vm.changeKnown ? t.c.good : t.c.muted, vm.change.c_str());
    ImGui::Dummy(ImVec2(leftW, h));
  }
  textWrapped(vm.cashHint, leftW, t.fonts.small, vm.shortOfTotal ? t.c.warn : t.c.muted);
  ImGui::Dummy(ImVec2(1, px(2)));
  text(tr(T::PayQuick), t.fonts.small, t.c.muted);
  const float qh = px(56);
  const float qw = (leftW - t.gap) / 2;
  for (std::size_t i = 0; i < vm.quick.size(); ++i) {
    if (i % 2) ImGui::SameLine(0, t.gap);
    if (button(idx("quick", static_cast<long long>(i)), vm.quick[i].label, ImVec2(i == 0 ? qw : qw, qh),
               i == 0 ? Style::Tab : Style::Secondary, true, t.fonts.bold))
      out.emit(act::PayCash{i == 0 ? core::Rupiah{} : vm.quick[i].amount});
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, px(24));
  ImGui::BeginGroup();
  numpad("cash-pad", state.cashDigits, 13, ImVec2(padW, size.y - t.touch - px(22) - t.gap), tr);
  ImGui::Dummy(ImVec2(1, px(4)));
  if (button("cash-confirm", state.cashDigits.empty() ? tr(T::PayCashExact) : tr(T::PayCashConfirm), ImVec2(padW, t.touch + px(12)),
             Style::Primary))
    out.emit(act::PayCash{digitsToRupiah(state.cashDigits)});
  ImGui::EndGroup();
}

void drawQr(const PaymentVm& vm, float side) {
  const Theme& t = theme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  dl->AddRectFilled(p, ImVec2(p.x + side, p.y + side), IM_COL32_WHITE, t.rounding);
  dl->AddRect(p, ImVec2(p.x + side, p.y + side), t.c.border, t.rounding);
  if (vm.hasQr && vm.qrSize > 0) {
    // Whole pixels per module and a quiet zone of four: crisp edges a phone reads at arm's length.
    const int modules = vm.qrSize + 8;
    const float ppm = std::max(1.0f, std::floor((side - px(8)) / static_cast<float>(modules)));
    const float qr = ppm * static_cast<float>(modules);
    const ImVec2 q(std::floor(p.x + (side - qr) / 2), std::floor(p.y + (side - qr) / 2));
    if (vm.qrTexture) {
      dl->AddImage(reinterpret_cast<ImTextureID>(vm.qrTexture), q, ImVec2(q.x + qr, q.y + qr));
    } else if (!vm.qrModules.empty()) {
      for (int y = 0; y < vm.qrSize; ++y)
        for (int x = 0; x < vm.qrSize; ++x)
          if (vm.qrModules[static_cast<std::size_t>(y * vm.qrSize + x)]) {
            const ImVec2 a(q.x + ppm * static_cast<float>(x + 4), q.y + ppm * static_cast<float>(y + 4));
            dl->AddRectFilled(a, ImVec2(a.x + ppm, a.y + ppm), IM_COL32_BLACK);
          }
    }
  }
  ImGui::Dummy(ImVec2(side, side));
}

void drawQris(const PaymentVm& vm, const Translator& tr, Actions& out, ImVec2 size) {
  const Theme& t = theme();
  const float side = std::floor(std::min(size.y, size.x * 0.56f));
  drawQr(vm, side);
  ImGui::SameLine(0, px(24));
  ImGui::BeginGroup();
  const float w = size.x - side - px(24);
  text(tr(T::MethodQris), t.fonts.title, t.c.primary);
  if (!vm.qrStep.empty()) text(vm.qrStep, t.fonts.bold, t.c.warn);
  if (vm.hasQr) {
    text(tr(T::PayQrisPayTo), t.fonts.small, t.c.muted);
    textWrapped(vm.qrFor, w, t.fonts.large);
    ImGui::Dummy(ImVec2(1, px(4)));
    text(tr(T::PayQrisMerchant), t.fonts.small, t.c.muted);
    textWrapped(vm.qrMerchant, w, t.fonts.bold);
    text(tr(T::PayQrisNmid), t.fonts.small, t.c.muted);
    text(vm.qrNmid, t.fonts.bold);
    ImGui::Dummy(ImVec2(1, px(4)));
    text(tr(T::PayQrisAmount), t.fonts.small, t.c.muted);
    text(vm.qrAmount, t.fonts.huge);
    textWrapped(tr(T::PayQrisInstruction), w, t.fonts.small, t.c.muted);
  } else {
    ImGui::Dummy(ImVec2(1, px(8)));
    textWrapped(vm.qrProblem, w, t.fonts.bold, t.c.bad);
  }
  if (vm.qrSteps.size() > 1) {
    ImGui::Dummy(ImVec2(1, px(4)));
    for (const std::string& s : vm.qrSteps) textWrapped(s, w, t.fonts.small);
  }
  const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY() + px(6), bottom - t.touch - px(12)));
  if (button("qris-confirm", tr(T::PayQrisReceived), ImVec2(w, t.touch + px(12)), Style::Good, vm.hasQr)) out.emit(act::ConfirmQris{});
  ImGui::EndGroup();
}

void drawReference(PaymentState& state, const PaymentVm& vm, core::PaymentMethod method, const Translator& tr, Actions& out,
                   ImVec2 size) {
  const Theme& t = theme();
  const float leftW = std::floor(size.x * 0.5f);
  const float padW = size.x - leftW - px(24);
  ImGui::BeginGroup();
  displayBox("ref-amount", tr(T::PayAmount), vm.referenceAmount, ImVec2(leftW, px(92)));
  text(tr(T::PayAmountHint), t.fonts.small, t.c.muted);
  ImGui::Dummy(ImVec2(1, px(8)));
  text(tr(method == core::PaymentMethod::Card ? T::PayReferenceCard : T::PayReference), t.fonts.bold);
  const float fieldH = px(54);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(14), (fieldH - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(leftW);
  if (state.focusReference) {
    ImGui::SetKeyboardFocusHere();
    state.focusReference = false;
  }
  const ImVec2 rmin = ImGui::GetCursorScreenPos();
  const bool enter = ImGui::InputTextWithHint("##reference", tr.c(T::PayReferenceHint), &state.reference,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  probe("reference", rmin, ImVec2(rmin.x + leftW, rmin.y + fieldH), true);
  ImGui::PopStyleVar();
  textWrapped(vm.referenceHint, leftW, t.fonts.small, vm.referenceReady ? t.c.muted : t.c.warn);
  ImGui::EndGroup();
  ImGui::SameLine(0, px(24));
  ImGui::BeginGroup();
  numpad("ref-pad", state.amountDigits, 13, ImVec2(padW, size.y - t.touch - px(22) - t.gap), tr);
  ImGui::Dummy(ImVec2(1, px(4)));
  const bool add = button("ref-confirm", tr(T::PayAddTender), ImVec2(padW, t.touch + px(12)), Style::Primary, vm.referenceReady);
  ImGui::EndGroup();
  if ((add || enter || (enterPressed() && !ImGui::GetIO().WantTextInput)) && vm.referenceReady)
    out.emit(act::AddReferenceTender{method, digitsToRupiah(state.amountDigits), state.reference});
}

}  // namespace

void drawPayment(PaymentState& state, const PaymentVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 area = ImGui::GetContentRegionAvail();

  // DESIGN.md keys: digits are cash, Enter with nothing typed pays exact cash, F2 is QRIS, Enter
  // confirms, Esc goes back.
  using core::PaymentMethod;
  if (keyPressed(keys::kF2)) state.tab = PaymentMethod::Qris;
  if (keyPressed(keys::kEscape)) {
    if (state.tab != PaymentMethod::Cash) state.tab = PaymentMethod::Cash;
    else out.emit(act::BackToSell{});
  }
  if (state.tab == PaymentMethod::Cash) {
    typeDigits(state.cashDigits, 13);
    if (enterPressed()) out.emit(act::PayCash{digitsToRupiah(state.cashDigits)});
  } else if (state.tab == PaymentMethod::Qris) {
    if (enterPressed() && vm.hasQr) out.emit(act::ConfirmQris{});
  } else if (!io.WantTextInput) {
    typeDigits(state.amountDigits, 13);
  }

  const float leftW = std::floor(std::max(px(380), area.x * 0.33f));
  drawSummary(vm, tr, out, ImVec2(leftW, area.y));
  ImGui::SameLine(0, t.pad);
  const float rightW = area.x - leftW - t.pad;
  if (beginPanel("pay-main", ImVec2(rightW, area.y), t.c.panel, px(20))) {
    const float w = ImGui::GetContentRegionAvail().x;
    const auto tabs = static_cast<float>(vm.tabs.size());
    const float tabW = (w - (tabs - 1) * t.gap) / tabs;
    for (std::size_t i = 0; i < vm.tabs.size(); ++i) {
      if (i) ImGui::SameLine(0, t.gap);
      const PaymentVm::Tab& tab = vm.tabs[i];
      const std::string id = "tab-" + std::string(core::toString(tab.tab));
      const std::string label = tab.tab == PaymentMethod::Qris ? tr.format(T::PayQrisKey, {tab.label}) : tab.label;
      if (button(id.c_str(), label, ImVec2(tabW, px(54)), tab.active ? Style::Selected : Style::Tab, tab.enabled, t.fonts.bold) &&
          state.tab != tab.tab) {
        state.tab = tab.tab;
        state.amountDigits.clear();
        state.focusReference = tab.tab != PaymentMethod::Cash && tab.tab != PaymentMethod::Qris;
      }
    }
    ImGui::Dummy(ImVec2(1, px(8)));
    const ImVec2 body(w, ImGui::GetContentRegionAvail().y);
    // Every method has its panel: a new one does not compile until it is drawn here.
    switch (state.tab) {
      case PaymentMethod::Cash: drawCash(state, vm, tr, out, body); break;
      case PaymentMethod::Qris: drawQris(vm, tr, out, body); break;
      case PaymentMethod::Card:
      case PaymentMethod::Transfer:
      case PaymentMethod::Ewallet: drawReference(state, vm, state.tab, tr, out, body); break;
    }
  }
  endPanel();
}

}  // namespace pameran::kiosk::screens
