// The comparison (this event against an earlier one, side by side, the change in percent with its
// sign and colour) and the year (every event of a year, per IKM with its growth, per sector).
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "console_screens.hpp"
#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::organizer {

using namespace ui;

void tableLine(const float* shares, std::size_t n, float w, const std::string* const* cells, std::size_t leftCells, ImFont* font,
               const ImU32* colours, float h, int dotColour) {
  const Theme& t = theme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float y = p.y + (h - font->FontSize) / 2;
  float x = p.x;
  for (std::size_t c = 0; c < n; ++c) {
    const float cw = std::floor(w * shares[c]);
    const ImU32 colour = colours && colours[c] ? colours[c] : t.c.text;
    if (c < leftCells) {
      float indent = px(6);
      if (c == 0 && dotColour >= 0) {
        dl->AddCircleFilled(ImVec2(x + px(8), y + font->FontSize / 2), px(5), t.c.sector[dotColour], 12);
        indent = px(18);
      }
      textAt(dl, ImVec2(x + indent, y), *cells[c], font, colour, cw - indent - px(4));
    } else {
      const float tw = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, cells[c]->c_str()).x;
      textAt(dl, ImVec2(x + cw - px(10) - std::min(tw, cw - px(12)), y), *cells[c], font, colour, cw - px(12));
    }
    x += cw;
  }
  ImGui::Dummy(ImVec2(w, h));
}

void headLine(const float* shares, std::size_t n, float w, const std::string* const* cells, std::size_t leftCells) {
  const Theme& t = theme();
  const ImU32 muted[8] = {t.c.muted, t.c.muted, t.c.muted, t.c.muted, t.c.muted, t.c.muted, t.c.muted, t.c.muted};
  tableLine(shares, n, w, cells, leftCells, t.fonts.small, muted, t.fonts.small->FontSize + px(10));
}

namespace {

ImU32 toneText(Tone tone) { return tone == Tone::Neutral ? theme().c.muted : toneColor(tone); }

void changeRows(const char* id, const std::vector<ChangeRowVm>& rows, const float* shares, float w, ImFont* font, float h) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ChangeRowVm& r = rows[i];
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (i % 2) ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), IM_COL32(0, 0, 0, 6), px(4));
    const std::string* cells[4] = {&r.label, &r.a, &r.b, &r.change};
    const ImU32 colours[4] = {0, 0, theme().c.muted, toneText(r.tone)};
    tableLine(shares, 4, w, cells, 1, font, colours, h, r.colour);
    probe(idx(id, static_cast<long long>(i)), p, ImVec2(p.x + w, p.y + h), true);
    probeText(idx(id, static_cast<long long>(i)), {r.key, r.a, r.b, r.change});
  }
}

}  // namespace

void drawCompare(ConsoleFrameInput& in, const CompareVm& vm) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  // The other event: tap to choose another.
  const bool others = in.data.events.size() > 1;
  const float rowY = ImGui::GetCursorPosY(), buttonH = px(44);
  ImGui::SetCursorPosY(rowY + (buttonH - t.fonts.body->FontSize) / 2);
  text(in.tr(T::OrgCompareWith), t.fonts.body, t.c.muted);
  ImGui::SameLine(0, t.gap);
  ImGui::SetCursorPosY(rowY);
  std::string withLabel = in.tr(T::OrgCompareChoose);
  for (const EventInfo& e : in.data.events)
    if (e.code == vm.with) withLabel = e.name.empty() ? e.code : e.name + " (" + e.code + ")";
  if (button("compare-with", withLabel, ImVec2(std::floor(std::min(px(560), area.x * 0.5f)), buttonH), Style::Secondary, others, t.fonts.bold))
    in.state.pickingCompare = true;
  probeText("compare-with", {vm.with});
  if (!others) {
    text(in.tr(T::OrgCompareNone), t.fonts.large, t.c.muted);
    return;
  }
  if (!vm.has) {
    text(in.tr(vm.with.empty() ? T::OrgCompareChoose : in.data.link == Link::Offline ? T::OrgNoFiguresOffline : T::OrgLoading), t.fonts.large,
         t.c.muted);
    return;
  }
  ImGui::Dummy(ImVec2(0, px(2)));
  const float h = ImGui::GetContentRegionAvail().y;
  const float leftW = std::floor((area.x - t.gap) * 0.52f);
  const std::string change = in.tr(T::OrgChange);
  // Left: the headline figures, then the sectors.
  if (beginPanel("compare-figures", ImVec2(leftW, h), t.c.panel, px(14))) {
    const float w = ImGui::GetContentRegionAvail().x;
    const float shares[] = {0.30f, 0.26f, 0.26f, 0.18f};
    const std::string blank;
    const std::string* head[4] = {&blank, &in.data.eventCode, &vm.with, &change};
    headLine(shares, 4, w, head, 1);
    changeRows("compare-figure", vm.figures, shares, w, t.fonts.body, std::floor(px(46)));
    ImGui::Dummy(ImVec2(0, px(8)));
    text(in.tr(T::OrgBySector), t.fonts.bold);
    changeRows("compare-sector", vm.sectors, shares, w, t.fonts.body, std::floor(px(40)));
  }
  endPanel();
  ImGui::SameLine(0, t.gap);
  // Right: this event's best vendors, with what they made in the other.
  if (beginPanel("compare-vendors", ImVec2(0, h), t.c.panel, px(14))) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(in.tr(T::OrgTopVendors), t.fonts.bold);
    const float shares[] = {0.34f, 0.24f, 0.24f, 0.18f};
    const std::string vendor = in.tr(T::OrgColName);
    const std::string* head[4] = {&vendor, &in.data.eventCode, &vm.with, &change};
    headLine(shares, 4, w, head, 1);
    const float rowH = std::clamp(std::floor(ImGui::GetContentRegionAvail().y / std::max<float>(1, static_cast<float>(vm.topVendors.size()))),
                                  px(30), px(44));
    changeRows("compare-vendor", vm.topVendors, shares, w, t.fonts.small, rowH);
  }
  endPanel();
}

void drawYear(ConsoleFrameInput& in, const YearVm& vm) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  if (vm.years.empty()) {
    text(in.tr(T::OrgYearNone), t.fonts.large, t.c.muted);
    return;
  }
  // The years of the server's events, newest first.
  for (std::size_t i = 0; i < vm.years.size(); ++i) {
    if (i) ImGui::SameLine(0, t.gap);
    const std::string& y = vm.years[i];
    if (button(("year-" + y).c_str(), y, ImVec2(px(110), px(44)), y == vm.year ? Style::Selected : Style::Secondary, true, t.fonts.bold))
      in.actions.emplace_back(act::ShowYear{y});
  }
  ImGui::SameLine(0, t.gap * 2);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + px(10));
  text(in.tr(T::OrgGrowthNote), t.fonts.small, t.c.muted);
  if (!vm.has) {
    text(in.tr(in.data.link == Link::Offline ? T::OrgNoFiguresOffline : T::OrgLoading), t.fonts.large, t.c.muted);
    return;
  }
  // The year's figures on cards.
  const float cardW = std::floor((area.x - 4 * t.gap) / 5), cardH = std::floor(px(96));
  for (std::size_t i = 0; i < vm.figures.size(); ++i) {
    if (i) ImGui::SameLine(0, t.gap);
    figureCard((std::string("year-fig-") + vm.figures[i].field).c_str(), in.tr(vm.figures[i].label), vm.figures[i].value,
               ImVec2(cardW, cardH), i == 0 ? t.fonts.title : t.fonts.large, i == 0);
  }
  ImGui::Dummy(ImVec2(0, px(2)));
  const float h = ImGui::GetContentRegionAvail().y;
  const float leftW = std::floor((area.x - t.gap) * 0.42f);
  const std::string share = in.tr(T::OrgColShare), net = in.tr(T::OrgNet), blank;
  ImGui::BeginGroup();
  // Left: each event of the year, then the sectors.
  const float sectorsH = std::floor(px(60) + 3 * px(38));
  if (beginPanel("year-events", ImVec2(leftW, h - sectorsH - t.gap), t.c.panel, px(14))) {
    const float w = ImGui::GetContentRegionAvail().x - px(14);
    const float shares[] = {0.46f, 0.34f, 0.20f};
    const std::string title = in.tr(T::OrgYearEvents);
    const std::string* head[3] = {&title, &net, &share};
    headLine(shares, 3, w, head, 1);
    ImGui::BeginChild("year-event-rows", ImVec2(0, 0));
    const float rowH = std::floor(px(52));
    for (std::size_t i = 0; i < vm.events.size(); ++i) {
      const ShareRowVm& r = vm.events[i];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      if (i % 2) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), IM_COL32(0, 0, 0, 6), px(4));
      textAt(dl, ImVec2(p.x + px(6), p.y + px(4)), r.label, t.fonts.body, t.c.text, w * shares[0] - px(10));
      textAt(dl, ImVec2(p.x + px(6), p.y + px(8) + t.fonts.body->FontSize), r.sub, t.fonts.small, t.c.muted, w * shares[0] - px(10));
      const std::string* cells[3] = {&blank, &r.net, &r.share};
      tableLine(shares, 3, w, cells, 1, t.fonts.body, nullptr, rowH);
      probe(idx("year-event", static_cast<long long>(i)), p, ImVec2(p.x + w, p.y + rowH), true);
      probeText(idx("year-event", static_cast<long long>(i)), {r.key, r.net, r.share});
    }
    ImGui::EndChild();
  }
  endPanel();
  if (beginPanel("year-sectors", ImVec2(leftW, sectorsH), t.c.panel, px(14))) {
    const float w = ImGui::GetContentRegionAvail().x;
    const float shares[] = {0.46f, 0.34f, 0.20f};
    text(in.tr(T::OrgBySector), t.fonts.bold);
    for (std::size_t i = 0; i < vm.sectors.size(); ++i) {
      const ShareRowVm& r = vm.sectors[i];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const std::string* cells[3] = {&r.label, &r.net, &r.share};
      tableLine(shares, 3, w, cells, 1, t.fonts.body, nullptr, std::floor(px(38)), r.colour);
      probeText(idx("year-sector", static_cast<long long>(i)), {r.key, r.net, r.share});
      probe(idx("year-sector", static_cast<long long>(i)), p, ImVec2(p.x + w, p.y + px(38)), true);
    }
  }
  endPanel();
  ImGui::EndGroup();
  ImGui::SameLine(0, t.gap);
  // Right: every IKM of the year, with its growth against the year before.
  if (beginPanel("year-ikm", ImVec2(0, h), t.c.panel, px(14))) {
    const float w = ImGui::GetContentRegionAvail().x - px(14);
    const float shares[] = {0.12f, 0.29f, 0.13f, 0.09f, 0.20f, 0.17f};
    const std::string code = in.tr(T::OrgColCode), name = in.tr(T::OrgColName), sector = in.tr(T::OrgColSector),
                      events = in.tr(T::OrgColEvents), growth = in.tr(T::OrgColGrowth);
    const std::string* head[6] = {&code, &name, &sector, &events, &net, &growth};
    headLine(shares, 6, w, head, 3);
    ImGui::BeginChild("year-ikm-rows", ImVec2(0, 0));
    const float rowH = std::floor(px(40));
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(vm.ikm.size()), rowH);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const IkmRowVm& r = vm.ikm[static_cast<std::size_t>(i)];
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (i % 2) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), IM_COL32(0, 0, 0, 6), px(4));
        const std::string* cells[6] = {&r.code, &r.name, &r.sector, &r.events, &r.net, &r.growth};
        const ImU32 colours[6] = {0, 0, 0, 0, 0, toneText(r.tone)};
        tableLine(shares, 6, w, cells, 3, t.fonts.body, colours, rowH);
        probe(idx("year-ikm", i), p, ImVec2(p.x + w, p.y + rowH), true);
        probeText(idx("year-ikm", i), {r.code, r.events, r.net, r.growth});
      }
    }
    ImGui::EndChild();
  }
  endPanel();
}

}  // namespace pameran::kiosk::organizer
