// A device's privileged actions (refunds, voids, overrides, stock corrections, shift closes...),
// opened from its row in the sync-health view: newest first, each entry's time, who, what, for
// what and why; an entry that was altered or breaks the chain, and every one after it, in red.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "console_screens.hpp"
#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::organizer {

using namespace ui;

void drawDeviceAudit(ConsoleFrameInput& in, const DeviceAuditVm& vm) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  beginModal("audit-card", ImVec2(std::min(px(1500), io.DisplaySize.x - 2 * t.pad), std::min(px(900), io.DisplaySize.y - 2 * t.pad)));
  text(vm.title, t.fonts.title);
  probeText("audit-title", {vm.title});
  if (vm.loading) {
    text(in.tr(in.data.link == Link::Offline ? T::OrgNoFiguresOffline : T::OrgLoading), t.fonts.body, t.c.muted);
  } else {
    text(vm.state, t.fonts.bold, toneColor(vm.tone));
    probeText("audit-state", {vm.state});
    if (vm.tone == Tone::Bad) {
      ImGui::SameLine(0, t.gap * 2);
      text(in.tr(T::OrgAuditHint), t.fonts.small, t.c.muted);
    }
  }
  const float w = ImGui::GetContentRegionAvail().x - px(14);
  constexpr std::size_t kCols = 6;
  const float shares[kCols] = {0.10f, 0.12f, 0.14f, 0.12f, 0.19f, 0.33f};
  const std::string no = in.tr(T::OrgColNo), at = in.tr(T::OrgColAt), staff = in.tr(T::OrgColStaff), action = in.tr(T::OrgColAction),
                    subject = in.tr(T::OrgColSubject), detail = in.tr(T::OrgColDetail);
  const std::string* head[kCols] = {&no, &at, &staff, &action, &subject, &detail};
  ImGui::Dummy(ImVec2(0, px(4)));
  headLine(shares, kCols, w, head, kCols);
  const float rowH = std::floor(px(40));
  ImGui::BeginChild("audit-rows", ImVec2(0, ImGui::GetContentRegionAvail().y - t.touch - 2 * t.gap));
  if (!vm.loading && vm.rows.empty()) text(in.tr(T::OrgAuditNone), t.fonts.body, t.c.muted);
  const std::string altered = in.tr(T::OrgAuditAltered);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(vm.rows.size()), rowH);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const AuditRowVm& r = vm.rows[static_cast<std::size_t>(i)];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const ImVec2 q(p.x + w, p.y + rowH);
      ImDrawList* dl = ImGui::GetWindowDrawList();
      if (r.altered) dl->AddRectFilled(p, q, t.c.badSoft, px(4));
      else if (i % 2) dl->AddRectFilled(p, q, IM_COL32(0, 0, 0, 6), px(4));
      const std::string number = r.altered ? r.no + " " + altered : r.no;
      const std::string* cells[kCols] = {&number, &r.time, &r.staff, &r.action, &r.subject, &r.detail};
      const ImU32 c = r.altered ? t.c.bad : 0;
      const ImU32 colours[kCols] = {c, c, c, c, c, c};
      tableLine(shares, kCols, w, cells, kCols, t.fonts.small, colours, rowH);
      // A long reason is cut in its cell: the whole of it on hover.
      if (ImGui::IsMouseHoveringRect(p, q) && !r.detail.empty()) ImGui::SetTooltip("%s", r.detail.c_str());
      probe(idx("audit-entry", i), p, q, true);
      probeText(idx("audit-entry", i), {r.no, r.staff, r.action, r.subject, r.altered ? "altered" : "intact"});
    }
  }
  ImGui::EndChild();
  ImGui::Dummy(ImVec2(0, t.gap));
  if (button("audit-close", in.tr(T::OrgClose), ImVec2(ImGui::GetContentRegionAvail().x, t.touch)) || keyPressed(keys::kEscape)) {
    in.state.openAuditDevice.clear();
    in.actions.emplace_back(act::OpenDeviceAudit{});
  }
  endModal();
}

}  // namespace pameran::kiosk::organizer
