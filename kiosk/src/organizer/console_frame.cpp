// One frame of the organizer console: the top bar (event, views, language), the status strip
// (online or how old the figures are), the view on show, the event picker and the cards (a vendor,
// a vendor's goods, a device's actions).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "console_screens.hpp"
#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::organizer {

using namespace ui;

namespace {

T viewLabel(View v) {
  switch (v) {
    case View::Headline: return T::OrgViewHeadline;
    case View::Vendors: return T::OrgViewVendors;
    case View::Charts: return T::OrgViewCharts;
    case View::Health: return T::OrgViewHealth;
    case View::Settlement: return T::OrgViewSettlement;
    case View::Compare: return T::OrgViewCompare;
    case View::Year: return T::OrgViewYear;
    case View::Stock: return T::OrgViewStock;
  }
  return T::OrgViewHeadline;
}

const char* viewId(View v) {
  switch (v) {
    case View::Headline: return "view-headline";
    case View::Vendors: return "view-vendors";
    case View::Charts: return "view-charts";
    case View::Health: return "view-health";
    case View::Settlement: return "view-settlement";
    case View::Compare: return "view-compare";
    case View::Year: return "view-year";
    case View::Stock: return "view-stock";
  }
  return "view-headline";
}

float drawTopBar(ConsoleFrameInput& in, const StatusVm& status) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  const float h = std::floor(px(72));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(io.DisplaySize.x, h), t.c.topBar);
  dl->AddText(t.fonts.small, t.fonts.small->FontSize, ImVec2(t.pad, px(8)), t.c.topBarText, in.tr.c(T::OrgTitle));
  // The event: tap to choose another.
  ImGui::SetCursorPos(ImVec2(t.pad, px(8) + t.fonts.small->FontSize + px(2)));
  const float eventW = std::floor(std::min(px(420), io.DisplaySize.x * 0.27f));
  const std::string eventLabel = status.event.empty() ? in.tr(T::OrgChooseEvent) : status.event;
  // The event's name whole: a smaller font when the button is narrow.
  ImFont* eventFont = t.fonts.bold;
  for (ImFont* f : {t.fonts.body, t.fonts.small})
    if (eventFont->CalcTextSizeA(eventFont->FontSize, FLT_MAX, 0, eventLabel.c_str()).x > eventW - px(24)) eventFont = f;
  if (button("event-picker", eventLabel, ImVec2(eventW, h - px(16) - t.fonts.small->FontSize), Style::Nav, !in.data.events.empty(),
             eventFont))
    in.state.pickingEvent = true;
  // The views, as tabs.
  const float langW = px(56);
  const float tabsX = t.pad + eventW + t.gap * 2;
  constexpr float kTabs = static_cast<float>(std::size(kViews));
  const float tabsW = io.DisplaySize.x - tabsX - 2 * langW - t.pad - t.gap * (kTabs + 2);
  ImGui::SetCursorPos(ImVec2(tabsX, px(10)));
  // Each tab as wide as its name and an equal share of what is left, so a long name (Pelunasan,
  // Settlement) is not cut while a short one has room to spare; too little room for the bold font:
  // all take the smaller one.
  auto widths = [&](ImFont* f, float* out) {
    float sum = 0;
    for (std::size_t i = 0; i < std::size(kViews); ++i) {
      const std::string label = in.tr(viewLabel(kViews[i]));
      out[i] = (f ? f : t.fonts.bold)->CalcTextSizeA((f ? f : t.fonts.bold)->FontSize, FLT_MAX, 0, label.c_str()).x + px(24);
      sum += out[i];
    }
    return sum;
  };
  float tabW[std::size(kViews)];
  ImFont* font = nullptr;
  if (widths(font, tabW) > tabsW) font = t.fonts.small;
  const float spare = std::max(0.0f, (tabsW - widths(font, tabW)) / kTabs);
  for (std::size_t i = 0; i < std::size(kViews); ++i) {
    const View v = kViews[i];
    if (i > 0) ImGui::SameLine(0, t.gap);
    if (button(viewId(v), in.tr(viewLabel(v)), ImVec2(std::floor(tabW[i] + spare), h - px(20)), in.state.view == v ? Style::NavActive : Style::Nav,
               true, font))
      in.state.view = v;
  }
  ImGui::SameLine(0, t.gap * 2);
  if (button("lang-id", "ID", ImVec2(langW, h - px(20)), in.tr.language() == Language::Id ? Style::NavActive : Style::Nav))
    in.actions.emplace_back(act::SetLanguage{Language::Id});
  ImGui::SameLine(0, t.gap);
  if (button("lang-en", "EN", ImVec2(langW, h - px(20)), in.tr.language() == Language::En ? Style::NavActive : Style::Nav))
    in.actions.emplace_back(act::SetLanguage{Language::En});
  return h;
}

float drawStatusStrip(ConsoleFrameInput& in, const StatusVm& status, float top) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  const float h = std::floor(px(40));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 bg = status.tone == Tone::Bad ? t.c.badSoft : status.tone == Tone::Warn ? t.c.warnSoft : t.c.panelAlt;
  dl->AddRectFilled(ImVec2(0, top), ImVec2(io.DisplaySize.x, top + h), bg);
  const float cy = top + h / 2;
  dl->AddCircleFilled(ImVec2(t.pad + px(7), cy), px(7), toneColor(status.tone), 16);
  const std::string& line = status.problem.empty() ? status.line : status.problem;
  const float refreshW = px(150);
  textAt(dl, ImVec2(t.pad + px(24), cy - t.fonts.body->FontSize / 2), line, status.problem.empty() ? t.fonts.body : t.fonts.bold,
         status.problem.empty() ? t.c.text : t.c.bad, io.DisplaySize.x * 0.6f);
  probeText("status", {status.line, status.problem});
  probe("status", ImVec2(0, top), ImVec2(io.DisplaySize.x * 0.6f, top + h), true);
  if (!status.notice.empty()) {
    const ImU32 c = status.noticeKind == NoticeKind::Error ? t.c.bad : status.noticeKind == NoticeKind::Good ? t.c.good : t.c.muted;
    const float x = t.pad + io.DisplaySize.x * 0.6f + px(30);
    textAt(dl, ImVec2(x, cy - t.fonts.small->FontSize / 2), status.notice, t.fonts.small, c, io.DisplaySize.x - x - refreshW - t.pad * 2);
    probeText("notice", {status.notice});
  }
  ImGui::SetCursorPos(ImVec2(io.DisplaySize.x - refreshW - t.pad, top + px(4)));
  if (button("refresh", in.tr(T::OrgRefresh), ImVec2(refreshW, h - px(8)), Style::Ghost)) in.actions.emplace_back(act::RefreshNow{});
  return h;
}

// The server's events as a list to pick from: the event to show (ids `event-N`), or the one to
// compare it with (`compare-event-N`, the shown event left out).
void drawEventPicker(ConsoleFrameInput& in, bool forCompare) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  const char* prefix = forCompare ? "compare-event" : "event";
  bool& open = forCompare ? in.state.pickingCompare : in.state.pickingEvent;
  const std::string& selected = forCompare ? in.data.compareWith : in.data.eventCode;
  beginModal(forCompare ? "compare-picker-card" : "event-picker-card",
             ImVec2(std::min(px(760), io.DisplaySize.x - 2 * t.pad), std::min(px(620), io.DisplaySize.y - 2 * t.pad)));
  text(in.tr(forCompare ? T::OrgCompareChoose : T::OrgChooseEvent), t.fonts.title);
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::BeginChild("events", ImVec2(w, ImGui::GetContentRegionAvail().y - t.touch - t.gap));
  long long i = 0;
  for (const EventInfo& e : in.data.events) {
    if (forCompare && e.code == in.data.eventCode) continue;
    const std::string sub = e.startDate + " – " + e.endDate + (e.venue.empty() ? "" : " · " + e.venue) + " · " +
                            core::formatRupiah(e.net) + (e.open ? "" : " · " + in.tr(T::OrgClosed));
    if (button2(idx(prefix, i++), e.name + " (" + e.code + ")", sub, ImVec2(w - px(12), px(76)),
                e.code == selected ? Style::Selected : Style::Secondary)) {
      if (forCompare) {
        in.actions.emplace_back(act::CompareWith{e.code});
      } else {
        in.actions.emplace_back(act::ChooseEvent{e.code});
        in.state.openVendor.clear();
        in.state.openStockVendor.clear();
        in.state.openAuditDevice.clear();
      }
      open = false;
    }
  }
  ImGui::EndChild();
  if (button(forCompare ? "compare-picker-close" : "event-picker-close", in.tr(T::OrgClose), ImVec2(0, t.touch)) ||
      keyPressed(keys::kEscape))
    open = false;
  endModal();
}

// The comparison and the year are fetched once the organizer looks at them (then kept current
// like the other views): ask when the view is on show and the client has not been asked yet.
void askForWhatIsShown(ConsoleFrameInput& in) {
  if (in.state.view == View::Compare && !in.data.eventCode.empty() && in.state.compareAskedFor != in.data.eventCode) {
    in.state.compareAskedFor = in.data.eventCode;
    std::string with = in.data.compareWith;
    if (with.empty() || with == in.data.eventCode) with = defaultCompareWith(in.data.events, in.data.eventCode);
    if (!with.empty() && (with != in.data.compareWith || !in.data.comparison)) in.actions.emplace_back(act::CompareWith{with});
  }
  if (in.state.view == View::Year && !in.state.yearAsked && !in.data.events.empty()) {
    in.state.yearAsked = true;
    std::string year = in.data.year;
    if (year.empty())
      if (const EventInfo* e = in.data.event()) year = yearOf(*e);
    if (year.empty()) year = yearOf(in.data.events.front());
    if (!year.empty() && (year != in.data.year || !in.data.yearReport)) in.actions.emplace_back(act::ShowYear{year});
  }
}

}  // namespace

void drawConsole(ConsoleFrameInput in) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  // Ctrl+Q quits from anywhere (DESIGN.md).
  if (io.KeyCtrl && keyPressed(keys::kQ)) in.actions.emplace_back(act::Quit{});

  beginScreen("##console");
  askForWhatIsShown(in);
  const bool modal = in.state.pickingEvent || in.state.pickingCompare || !in.state.openVendor.empty() || !in.state.openStockVendor.empty() ||
                     !in.state.openAuditDevice.empty();
  if (modal) ImGui::BeginDisabled();
  setKeyboardBlocked(modal);
  const StatusVm status = buildStatusVm(in.data, in.nowMs, in.tr);
  float top = drawTopBar(in, status);
  top += drawStatusStrip(in, status, top);

  ImGui::SetCursorPos(ImVec2(t.pad, top + t.pad));
  const ImVec2 area(io.DisplaySize.x - 2 * t.pad, io.DisplaySize.y - top - 2 * t.pad);
  ImGui::BeginChild("##view", area, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  if (in.data.link == Link::Unauthorized || in.data.link == Link::Forbidden) {
    // A refused token: the reason, large, in place of any figure.
    ImGui::Dummy(ImVec2(0, px(40)));
    textWrapped(status.problem, std::min(area.x, px(900)), t.fonts.title, t.c.bad);
    probeText("refused", {status.problem});
  } else switch (in.state.view) {
    case View::Headline: drawHeadline(in, buildHeadlineVm(in.data, in.tr)); break;
    case View::Vendors: drawVendors(in, buildVendorsVm(in.state, in.data, in.tr)); break;
    case View::Charts: drawCharts(in, buildChartsVm(in.data, in.tr)); break;
    case View::Health: drawHealth(in, buildHealthVm(in.state, in.data, in.nowMs, in.tr)); break;
    case View::Settlement: drawSettlement(in, buildSettlementVm(in.data, in.tr)); break;
    case View::Compare: drawCompare(in, buildCompareVm(in.data, in.tr)); break;
    case View::Year: drawYear(in, buildYearVm(in.data, in.tr)); break;
    case View::Stock: drawConsignment(in, buildConsignmentVm(in.data, in.tr)); break;
  }
  ImGui::EndChild();
  if (modal) ImGui::EndDisabled();
  setKeyboardBlocked(false);
  ImGui::End();

  if (in.state.pickingEvent) drawEventPicker(in, false);
  else if (in.state.pickingCompare) drawEventPicker(in, true);
  else if (!in.state.openVendor.empty()) drawVendorDetail(in, buildVendorDetailVm(in.state, in.data, in.tr));
  else if (!in.state.openStockVendor.empty()) drawConsignmentVendor(in, buildConsignmentVendorVm(in.state, in.data, in.tr));
  else if (!in.state.openAuditDevice.empty()) drawDeviceAudit(in, buildDeviceAuditVm(in.state, in.data, in.tr));
}

}  // namespace pameran::kiosk::organizer
