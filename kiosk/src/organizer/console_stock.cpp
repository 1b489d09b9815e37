// The consignment ledger (issue 11 §2): per vendor the units brought, sold, refunded back on the
// shelf, corrected, returned and still out, every booth together; tapping a vendor lists its
// products with the same columns.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "console_screens.hpp"
#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::organizer {

using namespace ui;

namespace {

// Both tables (vendors, a vendor's products) show every column of the ledger, so each row adds up
// on screen: brought - sold + refunded + adjusted - returned = still out.
constexpr int kColumns = 8;
constexpr float kShares[kColumns] = {0.11f, 0.25f, 0.11f, 0.11f, 0.10f, 0.10f, 0.11f, 0.11f};

struct Heads {
  std::string text[kColumns];
  const std::string* cells[kColumns];
  Heads(const Heads&) = delete;
  Heads& operator=(const Heads&) = delete;
  Heads(const Translator& tr, T first) {
    const T ids[kColumns] = {first, T::OrgColName, T::OrgStockReceived, T::OrgStockSold, T::OrgStockRefunded,
                             T::OrgStockAdjusted, T::OrgStockReturned, T::OrgStockOnHand};
    for (int i = 0; i < kColumns; ++i) {
      text[i] = tr(ids[i]);
      cells[i] = &text[i];
    }
  }
};

void ledgerLine(float w, const ConsignmentRowVm& r, const std::string& code, ImFont* font, bool colour, float rowH) {
  const std::string* cells[kColumns] = {&code, &r.name, &r.received, &r.sold, &r.refunded, &r.adjusted, &r.returned, &r.onHand};
  const ImU32 colours[kColumns] = {0, 0, 0, 0, 0, 0, 0, colour && r.negative ? theme().c.bad : 0};
  tableLine(kShares, kColumns, w, cells, 2, font, colours, rowH);
}

// What a row says to the probes: its code (when it has one), then the six counts.
void probeLedger(const char* id, const ConsignmentRowVm& r, bool withCode) {
  if (withCode) probeText(id, {r.code, r.received, r.sold, r.refunded, r.adjusted, r.returned, r.onHand});
  else probeText(id, {r.received, r.sold, r.refunded, r.adjusted, r.returned, r.onHand});
}

}  // namespace

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
  const Heads head(in.tr, T::OrgColCode);
  headLine(kShares, kColumns, w, head.cells, 2);
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
      probeLedger(idx("stock-row", i), r, true);
      if (clicked) in.state.openStockVendor = r.code;
      ImDrawList* dl = ImGui::GetWindowDrawList();
      if (hovered) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), t.c.panelAlt, px(4));
      else if (i % 2) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), IM_COL32(0, 0, 0, 6), px(4));
      ImGui::SetCursorScreenPos(p);
      ledgerLine(w, r, r.code, t.fonts.body, true, rowH);
    }
  }
  ImGui::EndChild();
  // Every vendor together, under the table.
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), t.c.panelAlt, px(4));
  const ConsignmentRowVm& all = vm.total;
  ledgerLine(w, all, std::string(), t.fonts.bold, false, rowH);
  probe("stock-total", p, ImVec2(p.x + w, p.y + rowH), true);
  probeLedger("stock-total", all, false);
  endPanel();
}

void drawConsignmentVendor(ConsoleFrameInput& in, const ConsignmentVendorVm& vm) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  beginModal("stock-card", ImVec2(std::min(px(1100), io.DisplaySize.x - 2 * t.pad), std::min(px(680), io.DisplaySize.y - 2 * t.pad)));
  text(vm.title, t.fonts.title);
  probeText("stock-title", {vm.title});
  const float w = ImGui::GetContentRegionAvail().x - px(14);
  const Heads head(in.tr, T::OrgColSku);
  headLine(kShares, kColumns, w, head.cells, 2);
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
      ledgerLine(w, r, r.code, t.fonts.small, true, rowH);
      probe(idx("stock-product", i), p, ImVec2(p.x + w, p.y + rowH), true);
      probeLedger(idx("stock-product", i), r, true);
    }
  }
  ImGui::EndChild();
  // The vendor's own line: the sums of its products.
  const ConsignmentRowVm& all = vm.total;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ledgerLine(w, all, all.code, t.fonts.bold, false, rowH);
  probeLedger("stock-vendor-total", all, false);
  probe("stock-vendor-total", p, ImVec2(p.x + w, p.y + rowH), true);
  ImGui::Dummy(ImVec2(0, t.gap));
  if (button("stock-close", in.tr(T::OrgClose), ImVec2(ImGui::GetContentRegionAvail().x, t.touch)) || keyPressed(keys::kEscape))
    in.state.openStockVendor.clear();
  endModal();
}

}  // namespace pameran::kiosk::organizer
