// Stock: levels for the event with the low ones marked, intake of goods a vendor brings,
// adjustments with a reason; per vendor the return slip, the intake manifest and price tags; above
// them the tags to print again when the server made this kiosk change a barcode.
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

void drawList(StockState& state, const StockVm& vm, const Translator& tr, ImVec2 size) {
  const Theme& t = theme();
  if (!beginPanel("stock-list", size, t.c.panel, px(18))) {
    endPanel();
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x;
  const float fieldH = px(50);
  const std::string& lowLabel = tr(T::StockLowOnly);
  const float lowW = t.fonts.small->CalcTextSizeA(t.fonts.small->FontSize, FLT_MAX, 0, lowLabel.c_str()).x + px(40);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(14), (fieldH - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(w - lowW - t.gap);
  const ImVec2 smin = ImGui::GetCursorScreenPos();
  ImGui::InputTextWithHint("##stock-search", tr.c(T::StockSearchHint), &state.query);
  probe("stock-search", smin, ImVec2(smin.x + w - lowW - t.gap, smin.y + fieldH), true);
  ImGui::PopStyleVar();
  ImGui::SameLine(0, t.gap);
  if (chip("low-only", lowLabel, t.c.warn, state.lowOnly, fieldH)) state.lowOnly = !state.lowOnly;
  text(vm.countLine, t.fonts.small, t.c.muted);

  // Header and rows; only visible rows are built.
  const float colStock = px(84), colLow = px(84);
  const float colVendor = std::floor((w - colStock - colLow) * 0.36f);
  const float colName = w - colVendor - colStock - colLow;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImFont* f = t.fonts.small;
    dl->AddText(f, f->FontSize, ImVec2(p.x + px(8), p.y), t.c.muted, tr.c(T::StockColProduct));
    dl->AddText(f, f->FontSize, ImVec2(p.x + colName, p.y), t.c.muted, tr.c(T::StockColVendor));
    const float sw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, tr.c(T::StockColOnHand)).x;
    dl->AddText(f, f->FontSize, ImVec2(p.x + colName + colVendor + colStock - sw - px(10), p.y), t.c.muted, tr.c(T::StockColOnHand));
    const float lw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, tr.c(T::StockColLow)).x;
    dl->AddText(f, f->FontSize, ImVec2(p.x + w - lw - px(10), p.y), t.c.muted, tr.c(T::StockColLow));
    ImGui::Dummy(ImVec2(w, f->FontSize + px(4)));
  }
  ImGui::BeginChild("stock-rows", ImVec2(w, ImGui::GetContentRegionAvail().y));
  const float rowH = px(50);
  const float rw = ImGui::GetContentRegionAvail().x;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(vm.rows.size), rowH);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const StockVm::Row r = vm.rows.at(static_cast<std::size_t>(i));
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::PushID(static_cast<int>(r.productId));
      if (ImGui::InvisibleButton("##row", ImVec2(rw, rowH))) {
        state.productId = r.productId;
        state.quantity.clear();
      }
      const bool hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      probe(idx("stock-row", r.productId), p, ImVec2(p.x + rw, p.y + rowH), true);
      ImDrawList* rdl = ImGui::GetWindowDrawList();
      if (r.selected) rdl->AddRectFilled(p, ImVec2(p.x + rw, p.y + rowH), t.c.selected, px(4));
      else if (hovered) rdl->AddRectFilled(p, ImVec2(p.x + rw, p.y + rowH), t.c.panelAlt, px(4));
      else if (i % 2) rdl->AddRectFilled(p, ImVec2(p.x + rw, p.y + rowH), IM_COL32(0, 0, 0, 6));
      const float ty = p.y + (rowH - t.fonts.body->FontSize) / 2;
      textAt(rdl, ImVec2(p.x + px(8), ty), r.name, t.fonts.body, t.c.text, colName - px(16));
      textAt(rdl, ImVec2(p.x + colName, ty + px(2)), r.vendor, t.fonts.small, t.c.muted, colVendor - px(10));
      const float sw = t.fonts.bold->CalcTextSizeA(t.fonts.bold->FontSize, FLT_MAX, 0, r.onHand.c_str()).x;
      const float sx = p.x + colName + colVendor + colStock - sw - px(10);
      if (r.tone != Tone::Neutral)
        rdl->AddRectFilled(ImVec2(sx - px(8), ty - px(3)), ImVec2(sx + sw + px(8), ty + t.fonts.bold->FontSize + px(3)),
                           r.tone == Tone::Bad ? t.c.badSoft : t.c.warnSoft, px(4));
      rdl->AddText(t.fonts.bold, t.fonts.bold->FontSize, ImVec2(sx, ty), toneColor(r.tone) == t.c.muted ? t.c.text : toneColor(r.tone),
                   r.onHand.c_str());
      const float lw = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, r.low.c_str()).x;
      rdl->AddText(t.fonts.body, t.fonts.body->FontSize, ImVec2(p.x + rw - lw - px(10), ty), t.c.muted, r.low.c_str());
    }
  }
  ImGui::EndChild();
  endPanel();
}

void drawDetail(StockState& state, const StockVm& vm, const Translator& tr, Actions& out, ImVec2 size) {
  const Theme& t = theme();
  if (!beginPanel("stock-detail", size, t.c.panel, px(22))) {
    endPanel();
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x;
  if (!vm.hasSelection) {
    text(tr(state.tab == StockTab::Levels ? T::StockLevelsTitle : state.tab == StockTab::Intake ? T::StockIntakeTitle : T::StockAdjustTitle),
         t.fonts.large);
    textWrapped(tr(T::StockPickProduct), w, t.fonts.body, t.c.muted);
    endPanel();
    return;
  }
  textWrapped(vm.selectedName, w, t.fonts.large);
  textWrapped(vm.selectedDetail, w, t.fonts.small, t.c.muted);
  row(tr(T::StockOnHand), vm.selectedOnHand, t.fonts.large);
  separator();
  if (state.tab == StockTab::Levels) {
    text(tr(T::StockMovements), t.fonts.bold);
    ImGui::BeginChild("movements", ImVec2(w, ImGui::GetContentRegionAvail().y));
    if (vm.movements.empty()) text(tr(T::StockNoMovements), t.fonts.small, t.c.muted);
    for (const std::string& m : vm.movements) textWrapped(m, w - px(8), t.fonts.small);
    ImGui::EndChild();
    endPanel();
    return;
  }

  const bool intake = state.tab == StockTab::Intake;
  if (!ImGui::GetIO().WantTextInput) typeDigits(state.quantity, 6);
  if (!intake) {
    const float hw = (w - t.gap) / 2;
    if (button("adj-plus", tr(T::StockAdjustPlus), ImVec2(hw, px(48)), !state.negative ? Style::Selected : Style::Secondary, true,
               t.fonts.small))
      state.negative = false;
    ImGui::SameLine(0, t.gap);
    if (button("adj-minus", tr(T::StockAdjustMinus), ImVec2(hw, px(48)), state.negative ? Style::Selected : Style::Secondary, true,
               t.fonts.small))
      state.negative = true;
  }
  const float padW = std::floor(w * 0.5f);
  ImGui::BeginGroup();
  displayBox("stock-qty", tr(T::StockQuantity), vm.quantity, ImVec2(w - padW - t.gap, px(84)));
  if (!vm.preview.empty()) text(vm.preview, t.fonts.bold, t.c.primary);
  if (intake) {
    text(tr(T::StockNote), t.fonts.small, t.c.muted);
    ImGui::SetNextItemWidth(w - padW - t.gap);
    ImGui::InputTextWithHint("##note", tr.c(T::StockNoteHint), &state.note);
  } else {
    text(tr(T::StockReason), t.fonts.small, t.c.muted);
    for (std::size_t i = 0; i < vm.reasons.size(); ++i) {
      if (button(idx("adj-reason", static_cast<long long>(i)), vm.reasons[i], ImVec2(w - padW - t.gap, px(48)),
                 state.reason == static_cast<int>(i) ? Style::Selected : Style::Secondary, true, t.fonts.small))
        state.reason = static_cast<int>(i);
    }
    if (state.reason == static_cast<int>(vm.reasons.size()) - 1) {
      ImGui::SetNextItemWidth(w - padW - t.gap);
      ImGui::InputTextWithHint("##adj-other", tr.c(T::StockReasonHint), &state.note);
    }
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, t.gap);
  const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
  const float padTop = ImGui::GetCursorPosY();
  numpad("stock-pad", state.quantity, 6, ImVec2(padW, std::min(px(300), bottom - padTop - t.touch - px(16))), tr);
  ImGui::SetCursorPosY(bottom - t.touch - px(6));
  const std::int64_t q = digitsToRupiah(state.quantity).idr();
  if (intake) {
    if (button("intake-save", tr(T::StockIntakeSave), ImVec2(w, t.touch + px(6)), Style::Primary, q > 0) || (enterPressed() && q > 0))
      out.emit(act::StockIntake{state.productId, q, state.note});
  } else {
    const bool other = state.reason == static_cast<int>(vm.reasons.size()) - 1;
    const std::string reason = other ? state.note : vm.reasons[static_cast<std::size_t>(std::clamp(state.reason, 0, static_cast<int>(vm.reasons.size()) - 1))];
    const bool ready = q > 0 && !reason.empty();
    if (button("adjust-save", tr(T::StockAdjustSave), ImVec2(w, t.touch + px(6)), Style::Primary, ready) || (enterPressed() && ready))
      out.emit(act::StockAdjust{state.productId, state.negative ? -q : q, reason});
  }
  endPanel();
}

void drawReturnSlip(const StockVm& vm, const Translator& tr, Actions& out, ImVec2 area) {
  const Theme& t = theme();
  const float leftW = std::floor(std::min(px(360), area.x * 0.3f));
  if (beginPanel("slip-vendors", ImVec2(leftW, area.y), t.c.panel, px(18))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::SlipPickVendor), t.fonts.bold);
    ImGui::BeginChild("slip-vendor-list", ImVec2(w, ImGui::GetContentRegionAvail().y));
    for (const SellVm::VendorChip& v : vm.vendors) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      if (button(idx("slip-vendor", v.id), v.label, ImVec2(w - px(4), px(50)), v.active ? Style::Selected : Style::Secondary, true,
                 t.fonts.small))
        out.emit(act::LoadReturnSlip{v.id});
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x + px(4), p.y + px(10)), ImVec2(p.x + px(9), p.y + px(40)), sectorColor(v.sector),
                                                px(2));
    }
    ImGui::EndChild();
  }
  endPanel();
  ImGui::SameLine(0, t.pad);
  if (beginPanel("slip-main", ImVec2(area.x - leftW - t.pad, area.y), t.c.panel, px(22))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::SlipTitle), t.fonts.large);
    if (vm.slipVendor.empty()) {
      textWrapped(tr(T::SlipHint), w, t.fonts.body, t.c.muted);
    } else {
      text(vm.slipVendor, t.fonts.bold, t.c.primary);
      const float tableH = ImGui::GetContentRegionAvail().y - 2 * t.touch - t.gap - px(50);
      if (ImGui::BeginTable("slip", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                            ImVec2(w, tableH))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr.c(T::SlipProduct), ImGuiTableColumnFlags_WidthStretch);
        const T heads[] = {T::SlipBrought, T::SlipSold, T::SlipRefunded, T::SlipAdjusted, T::SlipColReturned, T::SlipRemaining};
        for (T h : heads) ImGui::TableSetupColumn(tr.c(h), ImGuiTableColumnFlags_WidthFixed, px(74));
        ImGui::PushFont(t.fonts.small);
        ImGui::TableHeadersRow();
        ImGui::PopFont();
        for (const StockVm::SlipRow& r : vm.slip) {
          ImGui::TableNextRow(0, px(34));
          ImGui::TableNextColumn();
          text(r.name, t.fonts.small);
          for (const std::string* v : {&r.brought, &r.sold, &r.refunded, &r.adjusted, &r.returned, &r.remaining}) {
            ImGui::TableNextColumn();
            text(*v, v == &r.remaining ? t.fonts.bold : t.fonts.small);
          }
        }
        ImGui::EndTable();
      }
      text(vm.slipTotals, t.fonts.bold);
      const float bw = (w - 2 * t.gap) / 3;
      if (button("slip-print", tr(T::SlipPrint), ImVec2(bw, t.touch))) out.emit(act::PrintReturnSlip{});
      ImGui::SameLine(0, t.gap);
      if (button("slip-pdf", tr(T::SavePdf), ImVec2(bw, t.touch))) out.emit(act::SaveReturnSlipPdf{});
      ImGui::SameLine(0, t.gap);
      if (button("slip-return", tr(T::SlipRecordReturn), ImVec2(bw, t.touch), Style::Danger, true, t.fonts.small))
        out.emit(act::RequestReturnToVendor{});
      // The start of the event: the manifest the vendor signs, and price tags for the goods.
      ImGui::Dummy(ImVec2(0, t.gap - ImGui::GetStyle().ItemSpacing.y));
      if (button("manifest-pdf", tr(T::ManifestPdf), ImVec2(bw, t.touch), Style::Secondary, true, t.fonts.small))
        out.emit(act::SaveIntakeManifestPdf{});
      ImGui::SameLine(0, t.gap);
      if (button("tags-pdf", tr(T::TagsPdf), ImVec2(bw, t.touch), Style::Secondary, true, t.fonts.small))
        out.emit(act::MakePriceTags{core::LabelLayout::Sheet3x7});
      ImGui::SameLine(0, t.gap);
      if (button("tags-roll", tr(T::TagsRoll), ImVec2(bw, t.touch), Style::Secondary, true, t.fonts.small))
        out.emit(act::MakePriceTags{core::LabelLayout::Roll58});
    }
  }
  endPanel();
}

}  // namespace

void drawStock(StockState& state, const StockVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  drawReprintNotice(vm.reprint, tr, out, ImGui::GetContentRegionAvail().x);
  const ImVec2 area = ImGui::GetContentRegionAvail();
  struct Tab {
    const char* id;
    T label;
    StockTab tab;
  };
  static const Tab kTabs[] = {{"stock-levels", T::StockTabLevels, StockTab::Levels},
                              {"stock-intake", T::StockTabIntake, StockTab::Intake},
                              {"stock-adjust", T::StockTabAdjust, StockTab::Adjust},
                              {"stock-slip", T::StockTabSlip, StockTab::ReturnSlip}};
  const float tabW = std::min(px(220), (area.x - 3 * t.gap) / 4);
  for (std::size_t i = 0; i < std::size(kTabs); ++i) {
    if (i) ImGui::SameLine(0, t.gap);
    if (button(kTabs[i].id, tr(kTabs[i].label), ImVec2(tabW, px(50)), state.tab == kTabs[i].tab ? Style::Selected : Style::Tab, true,
               t.fonts.bold)) {
      state.tab = kTabs[i].tab;
      state.quantity.clear();
      state.note.clear();
    }
  }
  const ImVec2 body(area.x, ImGui::GetContentRegionAvail().y);
  if (state.tab == StockTab::ReturnSlip) return drawReturnSlip(vm, tr, out, body);
  const float rightW = std::floor(std::max(px(440), body.x * 0.38f));
  drawList(state, vm, tr, ImVec2(body.x - rightW - t.pad, body.y));
  ImGui::SameLine(0, t.pad);
  drawDetail(state, vm, tr, out, ImVec2(rightW, body.y));
}

}  // namespace pameran::kiosk::screens
