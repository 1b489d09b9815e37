// The consignment ledger (issue 11 §2): per vendor the units brought, sold, returned and still out,
// every booth together; tapping a vendor lists its products with all six columns.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "console_screens.hpp"
#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::organizer {

using namespace ui;

void drawConsignment(ConsoleFrameInput& in, const ConsignmentVm& vm) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  text(in.tr(T::OrgStockTitle), t.fonts.title);
  if (!vm.has) {
    const bool waiting = in.data.link == Link::Connecting || (in.data.link == Link::Online && !in.data.report);
    text(in.tr(in.data.link == Link::Offline ? T::OrgNoFiguresOffline : waiting ? T::OrgLoading : T::OrgStockNone), t.fonts.large, t.c.muted);
    probeText("stock-none", {in.tr(T::OrgStockNone)});
    return;
  }
  text(in.tr(T::OrgStockHint), t.fonts.small, t.c.muted);
  ImGui::Dummy(ImVec2(0, px(4)));
  if (!beginPanel("stock", ImVec2(area.x, ImGui::GetContentRegionAvail().y), t.c.panel, px(14))) {
    endPanel();
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x - px(14);
  const float shares[] = {0.10f, 0.30f, 0.15f, 0.15f, 0.15f, 0.15f};
  const std::string code = in.tr(T::OrgColCode), name = in.tr(T::OrgColName), received = in.tr(T::OrgStockReceived),
                    sold = in.tr(T::OrgStockSold), returned = in.tr(T::OrgStockReturned), onHand = in.tr(T::OrgStockOnHand);
  const std::string* head[6] = {&code, &name, &received, &sold, &returned, &onHand};
  headLine(shares, 6, w, head, 2);
  const float rowH = std::floor(px(44));
  ImGui::BeginChild("stock-rows", ImVec2(0, ImGui::GetContentRegionAvail().y - rowH - px(6)));
  if (vm.rows.empty()) text(in.tr(T::OrgStockEmpty), t.fonts.body, t.c.muted);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(vm.rows.size()), rowH);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const ConsignmentRowVm& r = vm.rows[static_cast<std::size_t>(i)];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::PushID(i);
      const bool clicked = ImGui::InvisibleButton("##stock-vendor", ImVec2(w, rowH));
      const bool hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      probe(idx("stock-row", i), p, ImVec2(p.x + w, p.y + rowH), true);
      probeText(idx("stock-row", i), {r.code, r.received, r.sold, r.returned, r.onHand});
      if (clicked) in.state.openStockVendor = r.code;
      ImDrawList* dl = ImGui::GetWindowDrawList();
      if (hovered) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), t.c.panelAlt, px(4));
      else if (i % 2) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), IM_COL32(0, 0, 0, 6), px(4));
      ImGui::SetCursorScreenPos(p);
      const std::string* cells[6] = {&r.code, &r.name, &r.received, &r.sold, &r.returned, &r.onHand};
      const ImU32 colours[6] = {0, 0, 0, 0, 0, r.negative ? t.c.bad : 0};
      tableLine(shares, 6, w, cells, 2, t.fonts.body, colours, rowH);
    }
  }
  ImGui::EndChild();
  // Every vendor together, under the table.
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), t.c.panelAlt, px(4));
  const ConsignmentRowVm& all = vm.total;
  const std::string blank;
  const std::string* cells[6] = {&blank, &all.name, &all.received, &all.sold, &all.returned, &all.onHand};
  tableLine(shares, 6, w, cells, 2, t.fonts.bold, nullptr, rowH);
  probe("stock-total", p, ImVec2(p.x + w, p.y + rowH), true);
  probeText("stock-total", {all.received, all.sold, all.returned, all.onHand});
  endPanel();
}

void drawConsignmentVendor(ConsoleFrameInput& in, const ConsignmentVendorVm& vm) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  beginModal("stock-card", ImVec2(std::min(px(1100), io.DisplaySize.x - 2 * t.pad), std::min(px(680), io.DisplaySize.y - 2 * t.pad)));
  text(vm.title, t.fonts.title);
  probeText("stock-title", {vm.title});
  const float w = ImGui::GetContentRegionAvail().x - px(14);
  const float shares[] = {0.12f, 0.24f, 0.11f, 0.11f, 0.10f, 0.10f, 0.11f, 0.11f};
  const std::string sku = in.tr(T::OrgColSku), name = in.tr(T::OrgColName), received = in.tr(T::OrgStockReceived),
                    sold = in.tr(T::OrgStockSold), refunded = in.tr(T::OrgStockRefunded), adjusted = in.tr(T::OrgStockAdjusted),
                    returned = in.tr(T::OrgStockReturned), onHand = in.tr(T::OrgStockOnHand);
  const std::string* head[8] = {&sku, &name, &received, &sold, &refunded, &adjusted, &returned, &onHand};
  headLine(shares, 8, w, head, 2);
  const float rowH = std::floor(px(38));
  ImGui::BeginChild("stock-products", ImVec2(0, ImGui::GetContentRegionAvail().y - rowH - t.touch - 2 * t.gap));
  if (vm.products.empty()) text(in.tr(T::OrgNoProducts), t.fonts.small, t.c.muted);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(vm.products.size()), rowH);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const ConsignmentRowVm& r = vm.products[static_cast<std::size_t>(i)];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      if (i % 2) ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), IM_COL32(0, 0, 0, 6), px(4));
      const std::string* cells[8] = {&r.code, &r.name, &r.received, &r.sold, &r.refunded, &r.adjusted, &r.returned, &r.onHand};
      const ImU32 colours[8] = {0, 0, 0, 0, 0, 0, 0, r.negative ? t.c.bad : 0};
      tableLine(shares, 8, w, cells, 2, t.fonts.small, colours, rowH);
      probe(idx("stock-product", i), p, ImVec2(p.x + w, p.y + rowH), true);
      probeText(idx("stock-product", i), {r.code, r.received, r.sold, r.refunded, r.adjusted, r.returned, r.onHand});
    }
  }
  ImGui::EndChild();
  // The vendor's own line: the sums of its products.
  const ConsignmentRowVm& all = vm.total;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const std::string* cells[8] = {&all.code, &all.name, &all.received, &all.sold, &all.refunded, &all.adjusted, &all.returned, &all.onHand};
  tableLine(shares, 8, w, cells, 2, t.fonts.bold, nullptr, rowH);
  probeText("stock-vendor-total", {all.received, all.sold, all.refunded, all.adjusted, all.returned, all.onHand});
  probe("stock-vendor-total", p, ImVec2(p.x + w, p.y + rowH), true);
  ImGui::Dummy(ImVec2(0, t.gap));
  if (button("stock-close", in.tr(T::OrgClose), ImVec2(ImGui::GetContentRegionAvail().x, t.touch)) || keyPressed(keys::kEscape))
    in.state.openStockVendor.clear();
  endModal();
}

}  // namespace pameran::kiosk::organizer
