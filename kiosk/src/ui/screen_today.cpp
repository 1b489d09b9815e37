// Today: what a vendor checks at lunch: the day's sales, per payment method and per vendor, the
// list of sales with their sync state, and the sync indicator.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "pameran/kiosk/ui.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

void drawToday(TodayState& state, const TodayVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();

  // Figures of the day, as cards.
  const float cardH = px(96);
  const float refreshW = px(150);
  const float cardW = (area.x - refreshW - t.gap * static_cast<float>(vm.cards.size())) / static_cast<float>(vm.cards.size());
  for (std::size_t i = 0; i < vm.cards.size(); ++i) {
    if (i) ImGui::SameLine(0, t.gap);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(p, ImVec2(p.x + cardW, p.y + cardH), t.c.panel, t.rounding);
    dl->AddRect(p, ImVec2(p.x + cardW, p.y + cardH), t.c.border, t.rounding);
    dl->AddText(t.fonts.small, t.fonts.small->FontSize, ImVec2(p.x + px(16), p.y + px(12)), t.c.muted, vm.cards[i].label.c_str());
    textAt(dl, ImVec2(p.x + px(16), p.y + cardH - px(14) - t.fonts.title->FontSize), vm.cards[i].value, t.fonts.title, t.c.text,
           cardW - px(24));
    ImGui::Dummy(ImVec2(cardW, cardH));
  }
  ImGui::SameLine(0, t.gap);
  if (button2("today-refresh", tr(T::TodayRefresh), vm.date, ImVec2(refreshW, cardH))) out.emit(act::RefreshToday{});

  const float h = ImGui::GetContentRegionAvail().y;
  const float rightW = std::floor(std::max(px(380), area.x * 0.3f));
  const float leftW = area.x - rightW - t.pad;
  if (beginPanel("today-sales", ImVec2(leftW, h), t.c.panel, px(18))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(tr(T::TodaySalesList), t.fonts.large);
    text(tr(T::TodaySalesHint), t.fonts.small, t.c.muted);
    const float cTime = px(70), cNo = std::floor(w * 0.30f), cItems = px(60), cSync = px(120);
    const float cTotal = w - cTime - cNo - cItems - cSync;
    ImGui::BeginChild("today-rows", ImVec2(w, ImGui::GetContentRegionAvail().y));
    if (vm.sales.empty()) text(tr(T::TodayNoSales), t.fonts.body, t.c.muted);
    const float rowH = px(56);
    const float rw = ImGui::GetContentRegionAvail().x;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(vm.sales.size()), rowH);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const TodayVm::SaleRow& r = vm.sales[static_cast<std::size_t>(i)];
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::PushID(i);
        const bool clicked = ImGui::InvisibleButton("##sale", ImVec2(rw, rowH));
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        probe(idx("today-sale", i), p, ImVec2(p.x + rw, p.y + rowH), true);
        if (clicked) {
          state.selectedUuid = r.uuid;
          out.emit(act::ReprintSale{r.uuid});
        }
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (hovered) dl->AddRectFilled(p, ImVec2(p.x + rw, p.y + rowH), t.c.panelAlt, px(4));
        else if (i % 2) dl->AddRectFilled(p, ImVec2(p.x + rw, p.y + rowH), IM_COL32(0, 0, 0, 6), px(4));
        const float y1 = p.y + px(7);
        const float y2 = y1 + t.fonts.bold->FontSize + px(3);
        dl->AddText(t.fonts.bold, t.fonts.bold->FontSize, ImVec2(p.x + px(8), y1), t.c.text, r.time.c_str());
        textAt(dl, ImVec2(p.x + cTime, y1), r.receiptNo, t.fonts.body, t.c.text, cNo - px(10));
        textAt(dl, ImVec2(p.x + cTime, y2), r.cashier, t.fonts.small, t.c.muted, cNo - px(10));
        textAt(dl, ImVec2(p.x + cTime + cNo, y1), r.total, t.fonts.bold, r.flagged ? t.c.warn : t.c.text, cTotal - px(10));
        textAt(dl, ImVec2(p.x + cTime + cNo, y2), r.methods, t.fonts.small, t.c.muted, cTotal - px(10));
        textAt(dl, ImVec2(p.x + cTime + cNo + cTotal, y1), r.items, t.fonts.body, t.c.muted, cItems - px(6));
        const ImVec2 sp(p.x + rw - cSync + px(4), y1);
        dl->AddCircleFilled(ImVec2(sp.x + px(6), sp.y + t.fonts.small->FontSize / 2 + px(2)), px(5), toneColor(r.syncTone), 12);
        dl->AddText(t.fonts.small, t.fonts.small->FontSize, ImVec2(sp.x + px(18), sp.y + px(2)), t.c.text, r.sync.c_str());
      }
    }
    ImGui::EndChild();
  }
  endPanel();
  ImGui::SameLine(0, t.pad);
  if (beginPanel("today-side", ImVec2(rightW, h), t.c.panel, px(18))) {
    const float w = ImGui::GetContentRegionAvail().x;
    // The sync slot: filled from the outbox, and by the sync client when it runs.
    text(tr(T::SyncTitle), t.fonts.bold);
    {
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      dl->AddCircleFilled(ImVec2(p.x + px(7), p.y + t.fonts.large->FontSize / 2 + px(1)), px(7), toneColor(vm.syncTone), 16);
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + px(22));
      textWrapped(vm.syncState, w - px(22), t.fonts.large);
    }
    text(vm.syncPending, t.fonts.small);
    text(vm.syncLast, t.fonts.small, t.c.muted);
    if (!vm.syncError.empty()) textWrapped(vm.syncError, w, t.fonts.small, t.c.bad);
    separator();
    text(tr(T::TodayByMethod), t.fonts.bold);
    if (vm.byMethod.empty()) text(tr(T::TodayNoShift), t.fonts.small, t.c.muted);
    for (const auto& [label, value] : vm.byMethod) row(label, value, t.fonts.small);
    separator();
    text(tr(T::TodayByVendor), t.fonts.bold);
    ImGui::BeginChild("by-vendor", ImVec2(w, ImGui::GetContentRegionAvail().y));
    for (const auto& [label, value] : vm.byVendor) row(label, value, t.fonts.small);
    ImGui::EndChild();
  }
  endPanel();
}

}  // namespace pameran::kiosk::screens
