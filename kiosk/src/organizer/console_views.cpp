// The headline (figures written in full, progress against the target), the vendors' table
// (sortable, searchable) and a vendor's card.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "console_screens.hpp"
#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::organizer {

using namespace ui;

void figureCard(const char* id, std::string_view label, std::string_view value, ImVec2 size, ImFont* valueFont, bool accent) {
  const Theme& t = theme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 q(p.x + size.x, p.y + size.y);
  dl->AddRectFilled(p, q, accent ? t.c.primarySoft : t.c.panel, t.rounding);
  dl->AddRect(p, q, t.c.border, t.rounding);
  dl->AddText(t.fonts.body, t.fonts.body->FontSize, ImVec2(p.x + px(18), p.y + px(14)), t.c.muted, label.data(), label.data() + label.size());
  // Figures are written in full, never cut: a smaller font when the card is narrow.
  for (ImFont* f : {t.fonts.large, t.fonts.bold})
    if (valueFont->CalcTextSizeA(valueFont->FontSize, FLT_MAX, 0, value.data(), value.data() + value.size()).x > size.x - px(30)) valueFont = f;
  textAt(dl, ImVec2(p.x + px(18), q.y - px(16) - valueFont->FontSize), value, valueFont, t.c.text, size.x - px(30));
  probe(id, p, q, true);
  probeText(id, {label, value});
  ImGui::Dummy(size);
}

namespace {

struct Column {
  VendorColumn column;
  T label;
  float share;      // of the table's width
  bool right;       // figures align right
};
constexpr Column kColumns[] = {
    {VendorColumn::Code, T::OrgColCode, 0.07f, false},      {VendorColumn::Name, T::OrgColName, 0.17f, false},
    {VendorColumn::Sector, T::OrgColSector, 0.08f, false},  {VendorColumn::Sales, T::OrgSales, 0.08f, true},
    {VendorColumn::Items, T::OrgItems, 0.09f, true},        {VendorColumn::Net, T::OrgNet, 0.13f, true},
    {VendorColumn::Commission, T::OrgCommission, 0.12f, true}, {VendorColumn::PaidDirect, T::OrgPaidDirect, 0.13f, true},
    {VendorColumn::Owed, T::OrgOwed, 0.13f, true},
};

const std::string& cell(const VendorRowVm& r, VendorColumn c) {
  switch (c) {
    case VendorColumn::Code: return r.code;
    case VendorColumn::Name: return r.name;
    case VendorColumn::Sector: return r.sector;
    case VendorColumn::Sales: return r.sales;
    case VendorColumn::Items: return r.items;
    case VendorColumn::Net: return r.net;
    case VendorColumn::Commission: return r.commission;
    case VendorColumn::PaidDirect: return r.paidDirect;
    case VendorColumn::Owed: return r.owed;
  }
  return r.code;
}

const char* columnId(VendorColumn c) {
  static const char* ids[] = {"sort-code", "sort-name", "sort-sector", "sort-sales", "sort-items",
                              "sort-net", "sort-commission", "sort-paid-direct", "sort-owed"};
  return ids[static_cast<int>(c)];
}

}  // namespace

void drawHeadline(ConsoleFrameInput& in, const HeadlineVm& vm) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  if (!vm.hasReport) {
    text(in.tr(in.data.link == Link::Offline ? T::OrgNoFiguresOffline : T::OrgNoFigures), t.fonts.large, t.c.muted);
    return;
  }
  // Net, large, then the other five in a row.
  const float bigH = std::floor(px(150));
  figureCard("fig-net_idr", in.tr(vm.figures[0].label), vm.figures[0].value, ImVec2(area.x, bigH), t.fonts.huge, true);
  ImGui::Dummy(ImVec2(0, t.gap));
  const float cardW = std::floor((area.x - 4 * t.gap) / 5);
  const float cardH = std::floor(px(110));
  for (std::size_t i = 1; i < vm.figures.size(); ++i) {
    if (i > 1) ImGui::SameLine(0, t.gap);
    figureCard(idx("fig", static_cast<long long>(i)), in.tr(vm.figures[i].label), vm.figures[i].value, ImVec2(cardW, cardH),
               t.fonts.title, false);
    // The probe also knows each figure by its report field.
    if (auto* f = vm.figures[i].field) {
      const ImVec2 p = ImGui::GetItemRectMin();
      probeText((std::string("fig-") + f).c_str(), {in.tr(vm.figures[i].label), vm.figures[i].value});
      probe((std::string("fig-") + f).c_str(), p, ImGui::GetItemRectMax(), true);
    }
  }
  ImGui::Dummy(ImVec2(0, t.gap));
  // The target.
  if (beginPanel("target", ImVec2(area.x, std::floor(px(170))), t.c.panel, px(18))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(in.tr(T::OrgTarget), t.fonts.bold);
    if (in.state.editingTarget) {
      ImGui::SetNextItemWidth(std::floor(w * 0.4f));
      ImGui::PushFont(t.fonts.large);
      const bool enter = ImGui::InputTextWithHint("##target", in.tr.c(T::OrgTargetHint), &in.state.targetDigits,
                                                  ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
      ImGui::PopFont();
      probe("target-input", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), true);
      ImGui::SameLine(0, t.gap);
      auto parsed = core::parseRupiah(in.state.targetDigits.empty() ? "0" : in.state.targetDigits);
      if (button("target-save", in.tr(T::OrgTargetSave), ImVec2(px(160), t.touch), Style::Primary, parsed.has_value()) ||
          (enter && parsed)) {
        in.actions.emplace_back(act::SetTarget{parsed->idr()});
        in.state.editingTarget = false;
      }
      ImGui::SameLine(0, t.gap);
      if (button("target-cancel", in.tr(T::OrgCancel), ImVec2(px(120), t.touch))) in.state.editingTarget = false;
    } else {
      if (vm.hasTarget) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float barW = w - px(200) - t.gap, barH = px(26);
        dl->AddRectFilled(p, ImVec2(p.x + barW, p.y + barH), t.c.panelAlt, barH / 2);
        dl->AddRectFilled(p, ImVec2(p.x + std::max(barH, barW * vm.progress), p.y + barH), vm.progress >= 1 ? t.c.good : t.c.primary, barH / 2);
        ImGui::Dummy(ImVec2(barW, barH));
        probeText("target-progress", {vm.target, vm.progressText});
        text(in.tr.format(T::OrgTargetOf, {vm.target}) + " · " + vm.progressText, t.fonts.body);
      } else {
        text(in.tr(T::OrgNoTarget), t.fonts.body, t.c.muted);
      }
      ImGui::SetCursorPos(ImVec2(w - px(200) + px(18), px(18)));
      if (button("target-edit", in.tr(T::OrgTargetSet), ImVec2(px(200), t.touch), Style::Secondary,
                 in.data.link == Link::Online && in.data.event())) {
        in.state.editingTarget = true;
        in.state.targetDigits = in.data.event() && in.data.event()->target.idr() > 0 ? std::to_string(in.data.event()->target.idr()) : "";
      }
    }
  }
  endPanel();
  text(in.tr.format(T::OrgHeadlineCounts, {core::formatThousands(vm.vendors), core::formatThousands(vm.devices)}), t.fonts.body, t.c.muted);
}

void drawVendors(ConsoleFrameInput& in, const VendorsVm& vm) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  ImGui::SetNextItemWidth(std::floor(area.x * 0.4f));
  ImGui::PushFont(t.fonts.large);
  ImGui::InputTextWithHint("##vendor-search", in.tr.c(T::OrgSearchHint), &in.state.search);
  ImGui::PopFont();
  probe("vendor-search", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), true);
  ImGui::SameLine(0, t.gap * 2);
  text(in.tr.format(T::OrgVendorsShown, {std::to_string(vm.rows.size()), std::to_string(vm.total), vm.netShown}), t.fonts.body, t.c.muted);
  ImGui::Dummy(ImVec2(0, px(4)));
  if (!beginPanel("vendors", ImVec2(area.x, ImGui::GetContentRegionAvail().y), t.c.panel, px(12))) {
    endPanel();
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x - px(14);
  // Header: each column sorts; a second tap turns the order round.
  {
    float x = ImGui::GetCursorPosX();
    const float y = ImGui::GetCursorPosY();
    for (const Column& c : kColumns) {
      const float cw = std::floor(w * c.share);
      ImGui::SetCursorPos(ImVec2(x, y));
      const bool active = in.state.sortBy == c.column;
      const std::string label = in.tr(c.label) + (active ? (in.state.sortDescending ? " ↓" : " ↑") : "");
      if (button(columnId(c.column), label, ImVec2(cw - px(4), px(44)), active ? Style::Selected : Style::Ghost, true, t.fonts.small)) {
        if (active) in.state.sortDescending = !in.state.sortDescending;
        else {
          in.state.sortBy = c.column;
          in.state.sortDescending = c.right;  // figures: largest first; words: A first
        }
      }
      x += cw;
    }
  }
  ImGui::BeginChild("vendor-rows", ImVec2(0, 0));
  if (vm.rows.empty()) text(in.tr(T::OrgNoVendors), t.fonts.body, t.c.muted);
  const float rowH = std::floor(px(44));
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(vm.rows.size()), rowH);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const VendorRowVm& r = vm.rows[static_cast<std::size_t>(i)];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::PushID(i);
      const bool clicked = ImGui::InvisibleButton("##vendor", ImVec2(w, rowH));
      const bool hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      probe(idx("vendor-row", i), p, ImVec2(p.x + w, p.y + rowH), true);
      probeText(idx("vendor-row", i), {r.code, r.name, r.net, r.owed});
      if (clicked) {
        in.state.openVendor = r.code;
        in.actions.emplace_back(act::OpenVendor{r.code});
      }
      ImDrawList* dl = ImGui::GetWindowDrawList();
      if (hovered) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), t.c.panelAlt, px(4));
      else if (i % 2) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), IM_COL32(0, 0, 0, 6), px(4));
      float x = p.x;
      const float y = p.y + (rowH - t.fonts.body->FontSize) / 2;
      for (const Column& c : kColumns) {
        const float cw = std::floor(w * c.share);
        const std::string& s = cell(r, c.column);
        ImFont* f = c.column == VendorColumn::Net ? t.fonts.bold : t.fonts.body;
        ImU32 colour = c.column == VendorColumn::Owed && r.owesOrganizer ? t.c.bad : t.c.text;
        if (c.column == VendorColumn::Sector) {
          dl->AddCircleFilled(ImVec2(x + px(6), y + f->FontSize / 2), px(5), sectorColor(r.sectorValue), 12);
          textAt(dl, ImVec2(x + px(16), y), s, f, colour, cw - px(20));
        } else if (c.right) {
          const float tw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.c_str()).x;
          textAt(dl, ImVec2(x + cw - px(12) - tw, y), s, f, colour, cw - px(8));
        } else {
          textAt(dl, ImVec2(x + px(6), y), s, f, colour, cw - px(10));
        }
        x += cw;
      }
    }
  }
  ImGui::EndChild();
  endPanel();
}

void drawVendorDetail(ConsoleFrameInput& in, const VendorDetailVm& vm) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  beginModal("vendor-card", ImVec2(std::min(px(1000), io.DisplaySize.x - 2 * t.pad), std::min(px(680), io.DisplaySize.y - 2 * t.pad)));
  text(vm.title, t.fonts.title);
  probeText("vendor-title", {vm.title});
  text(vm.sector + (vm.loading ? " · " + in.tr(T::OrgLoading) : !vm.complete ? " · " + in.tr(T::OrgVendorPartial) : ""), t.fonts.small,
       t.c.muted);
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = ImGui::GetContentRegionAvail().y - t.touch - t.gap;
  const float leftW = std::floor(w * 0.42f);
  ImGui::BeginChild("vendor-left", ImVec2(leftW, h));
  for (const auto& [label, value] : vm.figures) row(in.tr(label), value, t.fonts.body);
  if (!vm.settlement.empty()) {
    separator();
    text(in.tr(T::OrgStatement), t.fonts.bold);
    for (const auto& [label, value] : vm.settlement)
      row(in.tr(label), value, t.fonts.body, label == T::OrgOwesOrganizer ? t.c.bad : 0);
  }
  if (!vm.days.empty()) {
    separator();
    text(in.tr(T::OrgChartDay), t.fonts.bold);
    for (const auto& [date, net] : vm.days) row(date, net, t.fonts.small);
  }
  if (!vm.hours.empty()) {
    separator();
    text(in.tr(T::OrgChartHour), t.fonts.bold);
    for (const auto& [hour, net] : vm.hours) row(hour, net, t.fonts.small);
  }
  ImGui::EndChild();
  ImGui::SameLine(0, t.pad);
  ImGui::BeginChild("vendor-products", ImVec2(0, h));
  text(in.tr(T::OrgProducts), t.fonts.bold);
  if (vm.products.empty()) text(in.tr(T::OrgNoProducts), t.fonts.small, t.c.muted);
  for (const VendorDetailVm::Product& p : vm.products) row(p.name + "  ·  " + p.items, p.net, t.fonts.small);
  ImGui::EndChild();
  const float bw = std::floor((w - t.gap) / 2);
  if (button("vendor-pdf", in.tr(T::OrgDownloadVendorPdf), ImVec2(bw, t.touch), Style::Primary, in.data.link == Link::Online))
    in.actions.emplace_back(act::Fetch{Download::VendorPdf, in.state.openVendor});
  ImGui::SameLine(0, t.gap);
  if (button("vendor-close", in.tr(T::OrgClose), ImVec2(bw, t.touch)) || keyPressed(keys::kEscape)) in.state.openVendor.clear();
  endModal();
}

}  // namespace pameran::kiosk::organizer
