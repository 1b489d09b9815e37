// Shift: open with a float, cash in and out with a reason, close with a blind count by
// denomination; then expected against counted, the variance and totals per payment method.
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

void rows(const std::vector<std::pair<std::string, std::string>>& list, ImFont* font = nullptr) {
  for (const auto& [label, value] : list) row(label, value, font);
}

void drawOpenForm(ShiftUiState& state, const ShiftVm& vm, const Translator& tr, Actions& out, ImVec2 area) {
  const Theme& t = theme();
  const float w = std::min(px(760), area.x);
  ImGui::SetCursorPosX((area.x - w) / 2);
  if (beginPanel("shift-open", ImVec2(w, std::min(px(600), area.y)), t.c.panel, px(28))) {
    const float iw = ImGui::GetContentRegionAvail().x;
    text(tr(T::ShiftNoneOpen), t.fonts.title);
    textWrapped(tr(T::ShiftOpenHint), iw, t.fonts.body, t.c.muted);
    ImGui::Dummy(ImVec2(1, px(8)));
    typeDigits(state.floatDigits, 12);
    const float leftW = std::floor(iw * 0.46f);
    ImGui::BeginGroup();
    displayBox("float-box", tr(T::ShiftFloat), vm.floatValue, ImVec2(leftW, px(96)));
    ImGui::EndGroup();
    ImGui::SameLine(0, px(24));
    numpad("float-pad", state.floatDigits, 12, ImVec2(iw - leftW - px(24), px(300)), tr);
    ImGui::Dummy(ImVec2(1, px(6)));
    if (button("shift-open-btn", tr(T::ShiftOpenButton), ImVec2(iw, t.touch + px(6)), Style::Primary) || enterPressed()) {
      out.emit(act::OpenShift{state.floatDigits.empty() ? vm.defaultFloat : digitsToRupiah(state.floatDigits)});
    }
  }
  endPanel();
}

void drawSummary(ShiftUiState& state, const ShiftVm& vm, const Translator& tr, Actions& out, ImVec2 area) {
  const Theme& t = theme();
  const float leftW = std::floor(area.x * 0.5f);
  if (beginPanel("shift-summary", ImVec2(leftW, area.y), t.c.panel, px(24))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(vm.title, t.fonts.large);
    text(vm.openedBy, t.fonts.body, t.c.muted);
    separator();
    rows(vm.summary);
    separator();
    text(tr(T::ShiftByMethod), t.fonts.bold);
    rows(vm.byMethod);
    separator();
    text(tr(T::ShiftMoves), t.fonts.bold);
    ImGui::BeginChild("moves", ImVec2(w, ImGui::GetContentRegionAvail().y - t.touch - t.gap));
    if (vm.moves.empty()) text(tr(T::ShiftNoMoves), t.fonts.small, t.c.muted);
    for (const std::string& m : vm.moves) textWrapped(m, w - px(8), t.fonts.small);
    ImGui::EndChild();
    if (button("shift-close", tr(T::ShiftCloseButton), ImVec2(w, t.touch), Style::Danger)) {
      state.mode = ShiftMode::Count;
      state.counts.clear();
      state.denomination = core::kDenominations[0];
      state.confirmClose = false;
    }
  }
  endPanel();
  ImGui::SameLine(0, t.pad);
  if (beginPanel("shift-cash", ImVec2(area.x - leftW - t.pad, area.y), t.c.panel, px(24))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::ShiftCashTitle), t.fonts.large);
    const float hw = (w - t.gap) / 2;
    if (button("cash-in", tr(T::ShiftCashInButton), ImVec2(hw, px(50)), state.cashIn ? Style::Selected : Style::Secondary)) state.cashIn = true;
    ImGui::SameLine(0, t.gap);
    if (button("cash-out", tr(T::ShiftCashOutButton), ImVec2(hw, px(50)), !state.cashIn ? Style::Selected : Style::Secondary))
      state.cashIn = false;
    if (!ImGui::GetIO().WantTextInput) typeDigits(state.cashDigits, 12);
    const float leftCol = std::floor(w * 0.48f);
    ImGui::BeginGroup();
    displayBox("cash-amount", tr(T::ShiftAmount), vm.cashValue, ImVec2(leftCol, px(88)));
    text(tr(T::ShiftReason), t.fonts.small, t.c.muted);
    ImGui::SetNextItemWidth(leftCol);
    ImGui::InputTextWithHint("##cash-reason", tr.c(T::ShiftReasonHint), &state.cashReason);
    ImGui::EndGroup();
    ImGui::SameLine(0, t.gap);
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
    numpad("cash-pad", state.cashDigits, 12, ImVec2(w - leftCol - t.gap, std::min(px(300), bottom - ImGui::GetCursorPosY() - t.touch - px(16))), tr);
    ImGui::SetCursorPosY(bottom - t.touch - px(6));
    const bool ready = !state.cashDigits.empty() && !state.cashReason.empty();
    if (button("cash-save", state.cashIn ? tr(T::ShiftCashInSave) : tr(T::ShiftCashOutSave), ImVec2(w, t.touch + px(6)), Style::Primary,
               ready))
      out.emit(act::MoveCash{state.cashIn, digitsToRupiah(state.cashDigits), state.cashReason});
  }
  endPanel();
}

void drawCount(ShiftUiState& state, const ShiftVm& vm, const Translator& tr, Actions& out, ImVec2 area) {
  const Theme& t = theme();
  const float leftW = std::floor(area.x * 0.56f);
  std::string digits = std::to_string(state.counts[state.denomination]);
  if (digits == "0") digits.clear();
  if (typeDigits(digits, 6)) state.counts[state.denomination] = digitsToRupiah(digits).idr();
  if (keyPressed(keys::kDown) || keyPressed(keys::kTab))
    for (std::size_t i = 0; i + 1 < std::size(core::kDenominations); ++i)
      if (core::kDenominations[i] == state.denomination) {
        state.denomination = core::kDenominations[i + 1];
        break;
      }
  if (keyPressed(keys::kUp))
    for (std::size_t i = 1; i < std::size(core::kDenominations); ++i)
      if (core::kDenominations[i] == state.denomination) {
        state.denomination = core::kDenominations[i - 1];
        break;
      }
  if (beginPanel("count", ImVec2(leftW, area.y), t.c.panel, px(20))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::ShiftCountTitle), t.fonts.large);
    textWrapped(tr(T::ShiftCountHint), w, t.fonts.small, t.c.muted);
    const float rowH = std::min(px(52), (ImGui::GetContentRegionAvail().y - px(10)) / static_cast<float>(vm.counts.size()));
    for (const ShiftVm::CountRow& r : vm.counts) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::PushID(static_cast<int>(r.denomination));
      if (ImGui::InvisibleButton("##den", ImVec2(w, rowH - px(4)))) state.denomination = r.denomination;
      ImGui::PopID();
      probe(idx("den", r.denomination), p, ImVec2(p.x + w, p.y + rowH - px(4)), true);
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH - px(4)), r.selected ? t.c.selected : t.c.panelAlt, px(6));
      if (r.selected) dl->AddRect(p, ImVec2(p.x + w, p.y + rowH - px(4)), t.c.primary, px(6), 0, px(2));
      const float ty = p.y + (rowH - px(4) - t.fonts.bold->FontSize) / 2;
      dl->AddText(t.fonts.bold, t.fonts.bold->FontSize, ImVec2(p.x + px(14), ty), t.c.text, r.label.c_str());
      const float pw = t.fonts.large->CalcTextSizeA(t.fonts.large->FontSize, FLT_MAX, 0, r.pieces.c_str()).x;
      dl->AddText(t.fonts.large, t.fonts.large->FontSize, ImVec2(p.x + w * 0.5f - pw, p.y + (rowH - px(4) - t.fonts.large->FontSize) / 2),
                  t.c.text, r.pieces.c_str());
      const float aw = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, r.amount.c_str()).x;
      dl->AddText(t.fonts.body, t.fonts.body->FontSize, ImVec2(p.x + w - px(14) - aw, ty), t.c.muted, r.amount.c_str());
    }
  }
  endPanel();
  ImGui::SameLine(0, t.pad);
  if (beginPanel("count-pad", ImVec2(area.x - leftW - t.pad, area.y), t.c.panel, px(20))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::ShiftCounted), t.fonts.small, t.c.muted);
    text(vm.counted, t.fonts.huge);
    if (numpad("count-numpad", digits, 6, ImVec2(w, px(290)), tr)) state.counts[state.denomination] = digitsToRupiah(digits).idr();
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
    ImGui::SetCursorPosY(bottom - 2 * t.touch - t.gap - (state.confirmClose ? t.fonts.small->FontSize * 2 + t.gap : 0));
    if (state.confirmClose) textWrapped(tr(T::ShiftConfirmHint), w, t.fonts.small, t.c.warn);
    if (button("count-cancel", tr(T::Cancel), ImVec2(w, t.touch)) || keyPressed(keys::kEscape)) {
      state.mode = ShiftMode::Summary;
      state.confirmClose = false;
    }
    if (button("count-close", state.confirmClose ? tr(T::ShiftConfirmClose) : tr(T::ShiftFinishCount), ImVec2(w, t.touch),
               state.confirmClose ? Style::Danger : Style::Primary)) {
      if (!state.confirmClose) {
        state.confirmClose = true;
      } else {
        std::map<std::int64_t, std::int64_t> counts;
        for (const auto& [d, n] : state.counts)
          if (n > 0) counts[d] = n;
        out.emit(act::CloseShift{counts});
      }
    }
  }
  endPanel();
}

void drawClosed(ShiftUiState& state, const ShiftVm& vm, const Translator& tr, Actions& out, ImVec2 area) {
  const Theme& t = theme();
  const float leftW = std::floor(area.x * 0.56f);
  if (beginPanel("closed", ImVec2(leftW, area.y), t.c.panel, px(24))) {
    text(tr(T::ShiftClosedTitle), t.fonts.large);
    separator();
    rows(vm.closedSummary);
    separator();
    text(tr(T::ShiftByMethod), t.fonts.bold);
    rows(vm.byMethod);
  }
  endPanel();
  ImGui::SameLine(0, t.pad);
  if (beginPanel("variance", ImVec2(area.x - leftW - t.pad, area.y), t.c.panel, px(24))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::ShiftVariance), t.fonts.body, t.c.muted);
    text(vm.variance, t.fonts.huge, toneColor(vm.varianceTone));
    textWrapped(tr(T::ShiftVarianceHint), w, t.fonts.small, t.c.muted);
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
    ImGui::SetCursorPosY(bottom - 2 * t.touch - t.gap);
    const float bw = (w - t.gap) / 2;
    if (button("shift-print", tr(T::ShiftPrint), ImVec2(bw, t.touch))) out.emit(act::PrintShiftReport{});
    ImGui::SameLine(0, t.gap);
    if (button("shift-pdf", tr(T::SavePdf), ImVec2(bw, t.touch))) out.emit(act::SaveShiftPdf{});
    if (button("shift-new", tr(T::ShiftOpenNew), ImVec2(w, t.touch), Style::Primary)) {
      state.mode = ShiftMode::Summary;
      out.emit(act::RefreshShift{});
    }
  }
  endPanel();
}

}  // namespace

void drawShift(ShiftUiState& state, const ShiftVm& vm, const Translator& tr, Actions& out) {
  const ImVec2 area = ImGui::GetContentRegionAvail();
  if (state.mode == ShiftMode::Closed && vm.closed) {
    drawClosed(state, vm, tr, out, area);
    return;
  }
  if (state.mode == ShiftMode::Closed) state.mode = ShiftMode::Summary;
  if (!vm.open) return drawOpenForm(state, vm, tr, out, area);
  if (state.mode == ShiftMode::Count) return drawCount(state, vm, tr, out, area);
  drawSummary(state, vm, tr, out, area);
}

}  // namespace pameran::kiosk::screens
