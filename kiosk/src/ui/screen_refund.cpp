// Refund and void: find the sale (receipt number or today's list), choose lines and quantities,
// restock or not, a reason, and a supervisor's PIN. Works offline: it is all local.
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

void drawFind(RefundState& state, const RefundVm& vm, const Translator& tr, Actions& out, ImVec2 area) {
  const Theme& t = theme();
  const float leftW = std::floor(area.x * 0.42f);
  if (beginPanel("refund-find", ImVec2(leftW, area.y), t.c.panel, px(24))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::RefundFindTitle), t.fonts.large);
    textWrapped(tr(T::RefundFindHint), w, t.fonts.body, t.c.muted);
    ImGui::Dummy(ImVec2(1, px(8)));
    const float fieldH = px(54);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(14), (fieldH - ImGui::GetFontSize()) / 2));
    ImGui::SetNextItemWidth(w);
    if (state.focusQuery) {
      ImGui::SetKeyboardFocusHere();
      state.focusQuery = false;
    }
    const ImVec2 qmin = ImGui::GetCursorScreenPos();
    const bool enter = ImGui::InputTextWithHint("##receipt", tr.c(T::RefundReceiptHint), &state.query,
                                                ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsUppercase);
    probe("receipt-query", qmin, ImVec2(qmin.x + w, qmin.y + fieldH), true);
    ImGui::PopStyleVar();
    if (button("find", tr(T::RefundFind), ImVec2(w, t.touch), Style::Primary, !state.query.empty()) || (enter && !state.query.empty()))
      out.emit(act::FindSale{state.query});
  }
  endPanel();
  ImGui::SameLine(0, t.pad);
  if (beginPanel("refund-today", ImVec2(area.x - leftW - t.pad, area.y), t.c.panel, px(24))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::RefundTodayList), t.fonts.large);
    if (vm.recent.empty()) textWrapped(tr(T::RefundNoSales), w, t.fonts.body, t.c.muted);
    ImGui::BeginChild("recent", ImVec2(w, ImGui::GetContentRegionAvail().y));
    const float rowH = px(58);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(vm.recent.size()), rowH + t.gap);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const RefundVm::SaleRow& r = vm.recent[static_cast<std::size_t>(i)];
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float rw = ImGui::GetContentRegionAvail().x - px(4);
        if (button(idx("sale", i), "", ImVec2(rw, rowH))) out.emit(act::OpenSale{r.uuid});
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float ty = p.y + (rowH - t.fonts.bold->FontSize) / 2;
        dl->AddText(t.fonts.body, t.fonts.body->FontSize, ImVec2(p.x + px(14), ty), t.c.muted, r.time.c_str());
        dl->AddText(t.fonts.bold, t.fonts.bold->FontSize, ImVec2(p.x + px(90), ty), t.c.text, r.receiptNo.c_str());
        const float tw = t.fonts.bold->CalcTextSizeA(t.fonts.bold->FontSize, FLT_MAX, 0, r.total.c_str()).x;
        dl->AddText(t.fonts.bold, t.fonts.bold->FontSize, ImVec2(p.x + rw - px(14) - tw, ty), t.c.text, r.total.c_str());
        if (!r.state.empty()) {
          const float sw = t.fonts.small->CalcTextSizeA(t.fonts.small->FontSize, FLT_MAX, 0, r.state.c_str()).x;
          dl->AddText(t.fonts.small, t.fonts.small->FontSize, ImVec2(p.x + rw - px(34) - tw - sw, ty + px(2)), t.c.warn, r.state.c_str());
        }
      }
    }
    ImGui::EndChild();
  }
  endPanel();
}

void drawLines(RefundState& state, const RefundVm& vm, const Translator& tr, Actions& out, ImVec2 size) {
  const Theme& t = theme();
  if (beginPanel("refund-lines", size, t.c.panel, px(24))) {
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 top = ImGui::GetCursorPos();
    text(vm.receiptNo, t.fonts.large);
    textWrapped(vm.saleInfo, w - px(200), t.fonts.body, t.c.muted);
    const ImVec2 back = ImGui::GetCursorPos();
    ImGui::SetCursorPos(ImVec2(top.x + w - px(190), top.y + px(4)));
    if (button("other-sale", tr(T::RefundOtherSale), ImVec2(px(190), px(50)), Style::Secondary, true, t.fonts.small))
      out.emit(act::CloseSale{});
    ImGui::SetCursorPos(back);
    separator();
    ImGui::BeginChild("refund-line-list", ImVec2(w, ImGui::GetContentRegionAvail().y));
    const float lw = ImGui::GetContentRegionAvail().x - px(2);
    for (std::size_t i = 0; i < vm.lines.size(); ++i) {
      const RefundVm::Line& l = vm.lines[i];
      const auto li = static_cast<long long>(i);
      const float y0 = ImGui::GetCursorPosY();
      const float x0 = ImGui::GetCursorPosX();
      const float controls = px(48) * 2 + px(52);
      textAt(ImGui::GetWindowDrawList(), ImGui::GetCursorScreenPos(), l.name, t.fonts.bold, t.c.text, lw - controls - px(20));
      ImGui::Dummy(ImVec2(1, t.fonts.bold->FontSize + px(2)));
      text(l.detail, t.fonts.small, t.c.muted);
      const bool locked = state.isVoid || l.refundable <= 0;
      if (locked) ImGui::BeginDisabled();
      const bool restock = i < state.restock.size() && state.restock[i];
      if (chip(idx("restock", li), restock ? tr(T::RefundRestockYes) : tr(T::RefundRestockNo), restock ? t.c.good : t.c.muted, restock,
               px(48)) &&
          i < state.restock.size())
        state.restock[i] = !state.restock[i];
      if (!l.amount.empty()) {
        ImGui::SameLine(0, px(16));
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + px(8));
        text(l.amount, t.fonts.bold, t.c.bad);
      }
      ImGui::SetCursorPos(ImVec2(x0 + lw - controls, y0 + px(10)));
      if (button(idx("rdec", li), tr(T::KeyMinus), ImVec2(px(48), px(48)), Style::Secondary, !locked, t.fonts.large) &&
          i < state.quantity.size() && state.quantity[i] > 0)
        --state.quantity[i];
      ImGui::SameLine(0, 0);
      const ImVec2 qp = ImGui::GetCursorScreenPos();
      const float qw = t.fonts.large->CalcTextSizeA(t.fonts.large->FontSize, FLT_MAX, 0, l.quantity.c_str()).x;
      ImGui::GetWindowDrawList()->AddText(t.fonts.large, t.fonts.large->FontSize,
                                          ImVec2(qp.x + (px(52) - qw) / 2, qp.y + (px(48) - t.fonts.large->FontSize) / 2), t.c.text,
                                          l.quantity.c_str());
      ImGui::Dummy(ImVec2(px(52), px(48)));
      ImGui::SameLine(0, 0);
      if (button(idx("rinc", li), tr(T::KeyPlus), ImVec2(px(48), px(48)), Style::Secondary, !locked && l.refundable > 0, t.fonts.large) &&
          i < state.quantity.size() && state.quantity[i] < l.refundable)
        ++state.quantity[i];
      if (locked) ImGui::EndDisabled();
      ImGui::SetCursorPos(ImVec2(x0, std::max(ImGui::GetCursorPosY(), y0 + px(124))));
      separator();
    }
    ImGui::EndChild();
  }
  endPanel();
}

void drawDecision(RefundState& state, const RefundVm& vm, const Translator& tr, Actions& out, ImVec2 size) {
  const Theme& t = theme();
  if (beginPanel("refund-decide", size, t.c.panel, px(24))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::RefundReason), t.fonts.bold);
    const float rw = (w - t.gap) / 2;
    for (std::size_t i = 0; i < vm.reasons.size(); ++i) {
      if (i % 2) ImGui::SameLine(0, t.gap);
      if (button(idx("reason", static_cast<long long>(i)), vm.reasons[i], ImVec2(rw, px(50)),
                 state.reason == static_cast<int>(i) ? Style::Selected : Style::Secondary, true, t.fonts.small))
        state.reason = static_cast<int>(i);
    }
    const bool other = state.reason == static_cast<int>(vm.reasons.size()) - 1;
    if (other) {
      ImGui::SetNextItemWidth(w);
      ImGui::InputTextWithHint("##other-reason", tr.c(T::RefundReasonHint), &state.otherReason);
    }
    ImGui::Dummy(ImVec2(1, px(4)));
    text(tr(T::RefundMethod), t.fonts.bold);
    const float mw = (w - t.gap * static_cast<float>(std::max<std::size_t>(vm.methods.size(), 1) - 1)) /
                     static_cast<float>(std::max<std::size_t>(vm.methods.size(), 1));
    for (std::size_t i = 0; i < vm.methods.size(); ++i) {
      if (i) ImGui::SameLine(0, t.gap);
      if (button(idx("rmethod", static_cast<long long>(i)), vm.methods[i], ImVec2(mw, px(50)),
                 state.method == static_cast<int>(i) ? Style::Selected : Style::Secondary, true, t.fonts.small))
        state.method = static_cast<int>(i);
    }
    ImGui::Dummy(ImVec2(1, px(4)));
    if (button("void", tr(T::RefundVoidToggle), ImVec2(w, px(50)), state.isVoid ? Style::Selected : Style::Danger, vm.canVoid,
               t.fonts.small))
      state.isVoid = !state.isVoid;
    textWrapped(tr(T::RefundVoidHint), w, t.fonts.small, t.c.muted);

    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
    ImGui::SetCursorPosY(bottom - t.touch - px(8) - t.gap - t.fonts.huge->FontSize - t.fonts.small->FontSize - px(36));
    if (!vm.problem.empty()) textWrapped(vm.problem, w, t.fonts.small, t.c.bad);
    else ImGui::Dummy(ImVec2(1, t.fonts.small->FontSize));
    text(state.isVoid ? tr(T::RefundVoidTotal) : tr(T::RefundTotal), t.fonts.small, t.c.muted);
    text(vm.total, t.fonts.huge, t.c.bad);
    ImGui::SetCursorPosY(bottom - t.touch - px(8));
    if (button("refund-submit", tr(T::RefundSubmit), ImVec2(w, t.touch + px(8)), Style::Primary, vm.canSubmit)) {
      act::RequestRefund r;
      r.isVoid = state.isVoid;
      r.reason = other ? state.otherReason : vm.reasons[static_cast<std::size_t>(std::clamp(state.reason, 0, static_cast<int>(vm.reasons.size()) - 1))];
      r.method = vm.methodValues.empty() ? core::PaymentMethod::Cash
                                         : vm.methodValues[static_cast<std::size_t>(std::clamp(state.method, 0, static_cast<int>(vm.methodValues.size()) - 1))];
      for (std::size_t i = 0; i < state.quantity.size(); ++i)
        if (state.quantity[i] > 0)
          r.lines.push_back(core::RefundRequestLine{static_cast<int>(i + 1), state.quantity[i], i < state.restock.size() && state.restock[i]});
      out.emit(std::move(r));
    }
  }
  endPanel();
}

void drawDone(const RefundVm& vm, const Translator& tr, Actions& out, ImVec2 area) {
  const Theme& t = theme();
  const float paperW = std::min(area.x * 0.45f, t.fonts.mono->GetCharAdvance('0') * 48 + px(64));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, t.c.paper);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(px(22), px(18)));
  ImGui::BeginChild("slip", ImVec2(paperW, area.y), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PushFont(t.fonts.mono);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, px(3)));
  for (const std::string& l : vm.slip) ImGui::TextUnformatted(l.c_str(), l.c_str() + l.size());
  ImGui::PopStyleVar();
  ImGui::PopFont();
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  ImGui::SameLine(0, t.pad);
  if (beginPanel("refund-done", ImVec2(area.x - paperW - t.pad, area.y), t.c.panel, px(32))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::RefundDoneTitle), t.fonts.title, t.c.good);
    textWrapped(tr(T::RefundDoneHint), w, t.fonts.body, t.c.muted);
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
    const float bh = t.touch + px(8);
    ImGui::SetCursorPosY(bottom - 2 * bh - t.gap);
    const float bw = (w - t.gap) / 2;
    if (button("slip-print", tr(T::RefundPrintSlip), ImVec2(bw, bh))) out.emit(act::PrintRefundSlip{});
    ImGui::SameLine(0, t.gap);
    if (button("slip-pdf", tr(T::SavePdf), ImVec2(bw, bh))) out.emit(act::SaveRefundPdf{});
    if (button("refund-finish", tr(T::Done), ImVec2(w, bh), Style::Primary) || enterPressed()) out.emit(act::CloseSale{});
  }
  endPanel();
}

}  // namespace

void drawRefund(RefundState& state, const RefundVm& vm, const Translator& tr, Actions& out) {
  const ImVec2 area = ImGui::GetContentRegionAvail();
  const Theme& t = theme();
  if (state.step == RefundStep::Find || vm.receiptNo.empty()) return drawFind(state, vm, tr, out, area);
  if (state.step == RefundStep::Done) return drawDone(vm, tr, out, area);
  if (keyPressed(keys::kEscape)) out.emit(act::CloseSale{});
  const float rightW = std::floor(std::max(px(420), area.x * 0.36f));
  drawLines(state, vm, tr, out, ImVec2(area.x - rightW - t.pad, area.y));
  ImGui::SameLine(0, t.pad);
  drawDecision(state, vm, tr, out, ImVec2(rightW, area.y));
}

}  // namespace pameran::kiosk::screens
